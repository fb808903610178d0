//! The sample CRM export and the session built from it, as shipped in
//! `sessions/`: the export is what `examples/crm_sample.rs` writes, byte for
//! byte, and importing it again with the mapping the session saved gives
//! the session's figures exactly, in the library and with the one CLI
//! command the README shows.

use std::path::{Path, PathBuf};
use std::process::Command;

use funnelcheck::session::Session;
use funnelcheck::{import, store};

#[path = "../examples/crm_sample.rs"]
#[allow(dead_code)]
mod crm_sample;

fn sessions() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sessions")
}

fn committed() -> Session {
    store::load(&sessions().join("crm-q4.ron")).expect("sessions/crm-q4.ron loads")
}

#[test]
fn the_committed_export_is_what_the_generator_writes() {
    let committed = std::fs::read_to_string(sessions().join("crm-export.csv"))
        .expect("sessions/crm-export.csv reads");
    let fresh = crm_sample::generate();
    assert!(
        committed == fresh,
        "sessions/crm-export.csv differs from a fresh run of examples/crm_sample.rs (first differing line: {:?}); regenerate it with `cargo run --example crm_sample` and rebuild the session",
        committed
            .lines()
            .zip(fresh.lines())
            .position(|(a, b)| a != b)
            .map(|i| i + 1)
    );
    // A few thousand deals, with segments and reasons spelt as a CRM does.
    assert_eq!(fresh.lines().count(), 4_001);
    let header = fresh.lines().next().unwrap_or_default();
    for column in ["Industry", "Region", "Lead source", "Closed Lost Reason"] {
        assert!(header.contains(column), "{column} in {header}");
    }
    for spelling in [",no follow-up\n", ",Lost to Competitor\n", ",Went dark\n"] {
        assert!(fresh.contains(spelling), "{spelling:?}");
    }
    assert!(
        fresh.contains(",Closed Lost,") && fresh.lines().any(|l| l.ends_with(',')),
        "some lost deals carry no reason"
    );
}

/// The stage and segment figures an import writes.
fn figures(s: &Session) -> (Vec<u64>, Vec<f64>, f64, String) {
    (
        s.stages.iter().map(|st| st.count).collect(),
        s.stages.iter().map(|st| st.days).collect(),
        s.deal_size,
        format!(
            "{:?}",
            s.stages.iter().map(|st| &st.causes).collect::<Vec<_>>()
        ),
    )
}

#[test]
fn importing_the_export_again_with_the_saved_mapping_gives_the_same_session() {
    let s = committed();
    let info = s.import.as_ref().expect("the session was imported");
    assert_eq!(info.file, "crm-export.csv");
    assert_eq!(info.segment_columns, ["Industry"]);
    assert_eq!(info.map.len(), 5, "New … Proposal are mapped");
    assert!(!s.segments.is_empty());

    let opts = import::options_for(&s);
    let file = std::fs::File::open(sessions().join("crm-export.csv")).expect("the export opens");
    let imp = import::import(std::io::BufReader::new(file), &opts)
        .expect("the saved mapping answers every stage");
    let again = import::apply(&s, &imp, &opts, "crm-export.csv").expect("the figures go in");
    assert!(
        again.changes.is_empty(),
        "nothing changes: {:?}",
        again.changes
    );
    assert_eq!(figures(&again.session), figures(&s));
    assert_eq!(again.session.segments, s.segments);
    assert_eq!(again.session, s);
    assert!(funnelcheck::session::validate(&s).is_empty());
}

fn run(dir: &Path, args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_funnelcheck"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the funnelcheck binary runs");
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn the_readme_command_rebuilds_the_session_from_the_example() {
    // The first import starts from the example's workshop, titled for the
    // CRM numbers, and needs the stage mapping; the session then keeps it.
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    std::fs::create_dir(d.join("sessions")).expect("sessions folder");
    std::fs::copy(
        sessions().join("crm-export.csv"),
        d.join("sessions/crm-export.csv"),
    )
    .expect("copy the export");
    let mut seed = store::load(&sessions().join("example.ron")).expect("example loads");
    seed.title = committed().title;
    store::save(&d.join("sessions/crm-q4.ron"), &seed).expect("seed saves");

    let out = run(
        d,
        &[
            "import",
            "sessions/crm-export.csv",
            "--into",
            "sessions/crm-q4.ron",
            "--segment",
            "Industry",
            "--map",
            "New=Inquiry",
            "--map",
            "Marketing Qualified=MQL",
            "--map",
            "Sales Accepted=SAL",
            "--map",
            "Sales Qualified=SQL",
            "--map",
            "Proposal=Opportunity",
        ],
    );
    assert!(out.contains("Saved sessions/crm-q4.ron."), "{out}");
    let built = store::load(&d.join("sessions/crm-q4.ron")).expect("built session loads");
    assert_eq!(built, committed());

    // Next time the saved mapping is enough.
    let out = run(
        d,
        &[
            "import",
            "sessions/crm-export.csv",
            "--into",
            "sessions/crm-q4.ron",
        ],
    );
    assert!(out.contains("nothing changes"), "{out}");
    run(d, &["check", "sessions/crm-q4.ron"]);
}
