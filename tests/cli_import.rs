//! `import` and `show --segment` with the real binary, on the fixtures of
//! `tests/fixtures/import` (their figures are worked out by hand in
//! `tests/import.rs`): the preview, the refusal of unmapped stages that
//! leaves the session untouched, the saved mapping, segments and the
//! kinds of loss.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::NaiveDate;
use funnelcheck::session::Session;
use funnelcheck::{assets, store};
use serde_json::Value;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_funnelcheck"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the funnelcheck binary runs")
}

fn ok(args: &[&str]) -> String {
    let o = run(args);
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(args: &[&str]) -> String {
    let o = run(args);
    assert!(!o.status.success(), "{args:?} should fail");
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/import/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// A session with the fixtures' four stages, dated after their quarter.
fn session(dir: &Path) -> PathBuf {
    let t = assets::template("demand-waterfall").expect("template");
    let mut s: Session = assets::new_session(
        "Imported",
        t,
        NaiveDate::from_ymd_opt(2026, 3, 31).expect("date"),
    );
    s.stages.truncate(4);
    for (st, name) in s
        .stages
        .iter_mut()
        .zip(["Lead", "Qualified", "Proposal", "Customer"])
    {
        st.name = name.into();
    }
    s.kpis.clear();
    s.goals.clear();
    for st in &mut s.stages {
        st.handoff = Default::default();
    }
    let path = dir.join("imported.ron");
    store::save(&path, &s).expect("save");
    path
}

#[test]
fn a_dry_run_previews_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let path = session(dir.path());
    let before = fs::read(&path).expect("read");
    let p = path.to_str().expect("utf-8");
    let out = ok(&[
        "import",
        &fixture("shape1_deals.csv"),
        "--into",
        p,
        "--cohort",
        "--from",
        "2026-01-01",
        "--segment",
        "Region",
        "--dry-run",
    ]);
    for want in [
        "Read 11 row(s): 7 used, 4 left out.",
        "left out, empty row: 2 (first on line 11, 12)",
        "left out, record id already seen on an earlier row (the first is kept): 1 (first on line 9)",
        "left out, outside the period: 1 (first on line 10)",
        "Lead count: 0 → 7",
        "Customer count: 0 → 2",
        "Segments (Region): North, South",
        "Dry run: nothing was written.",
    ] {
        assert!(out.contains(want), "missing {want:?} in:\n{out}");
    }
    assert_eq!(fs::read(&path).expect("read"), before, "untouched");
}

#[test]
fn unmapped_stages_are_named_and_the_session_is_untouched() {
    let dir = tempfile::tempdir().expect("dir");
    let path = session(dir.path());
    let before = fs::read(&path).expect("read");
    let p = path.to_str().expect("utf-8");
    let e = err(&["import", &fixture("unmatched_stages.csv"), "--into", p]);
    assert!(e.contains("map each with --map"), "{e}");
    assert!(e.contains("Nothing was changed"), "{e}");
    assert_eq!(fs::read(&path).expect("read"), before);
}

#[test]
fn an_import_saves_figures_segments_and_its_mapping() {
    let dir = tempfile::tempdir().expect("dir");
    let path = session(dir.path());
    let p = path.to_str().expect("utf-8");
    ok(&[
        "import",
        &fixture("shape1_deals.csv"),
        "--into",
        p,
        "--cohort",
        "--from",
        "2026-01-01",
        "--segment",
        "Region",
    ]);
    let s = store::load(&path).expect("valid after the import");
    let counts: Vec<u64> = s.stages.iter().map(|st| st.count).collect();
    assert_eq!(counts, [7, 6, 4, 2]);
    assert_eq!(s.deal_size, 10_000.0);
    // Step 1 lost one record, to "Price" → the default code "price"; step 2
    // lost "Lost to Competitor!" → "lost to competitor", and one without a
    // reason: 50 % each.
    assert_eq!(s.stages[1].causes[0].reason, "price");
    assert_eq!(s.stages[1].causes[0].share, 100.0);
    let reasons: Vec<(&str, f64)> = s.stages[2]
        .causes
        .iter()
        .map(|c| (c.reason.as_str(), c.share))
        .collect();
    assert_eq!(
        reasons,
        [("lost to competitor", 50.0), ("no reason given", 50.0)]
    );
    let names: Vec<&str> = s.segments.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["North", "South"]);
    assert_eq!(s.segments[0].counts, [4, 3, 1, 1]);
    let info = s.import.as_ref().expect("import info");
    assert_eq!(info.segment_columns, ["Region"]);
    assert_eq!(info.rows_used, 7);

    // show --json: the whole funnel, and South alone.
    let j: Value = serde_json::from_str(&ok(&["show", p, "--json"])).expect("JSON");
    assert_eq!(j["stages"][0]["name"], "Lead");
    assert_eq!(j["stages"][0]["count"], 7);
    assert_eq!(j["steps"][2]["lost"], 2.0);
    // North 4 → 3 → 1 → 1 at 12,000; South 3 → 3 → 3 → 1 at 8,000.
    // South: V_2 = 2 · 8,000 = 16,000; North: V_0 = 1 · (1/3) · 12,000 = 4,000,
    // V_1 = 2 · 1 · 12,000 = 24,000: North leaks most, 28,000 of 44,000.
    assert_eq!(j["leakiest_segment"]["name"], "North");
    let share = j["leakiest_segment"]["share"].as_f64().expect("share");
    assert!((share - 28.0 / 44.0).abs() < 1e-9, "{share}");
    // 7 → 6 → 4 → 2 loses 1, 2 and 2 prospects (5). Step 1's causes say
    // price 100 %, step 2's competitor 50 % and no reason 50 %; step 0 has
    // none. Competitor: 2 · 0.5 = 1 of 5; price 2 of 5; unknown 2 of 5.
    let kind = |k: &str| j["loss_kinds"][k].as_f64().expect("kind");
    assert!((kind("competitor") - 0.2).abs() < 1e-9);
    assert!((kind("price_or_value") - 0.4).abs() < 1e-9);
    assert!((kind("unknown") - 0.4).abs() < 1e-9);
    assert_eq!(kind("no_decision"), 0.0);
    let south: Value =
        serde_json::from_str(&ok(&["show", p, "--segment", "south", "--json"])).expect("JSON");
    assert_eq!(south["segment"], "South");
    assert_eq!(south["stages"][2]["count"], 3);
    assert!((south["revenue_per_period"].as_f64().expect("r") - 8_000.0).abs() < 1e-6);
    let e = err(&["show", p, "--segment", "West"]);
    assert!(
        e.contains("the segments are:") && e.contains("North"),
        "{e}"
    );

    // A hand edit afterwards is marked as such.
    let mut edited = store::load(&path).expect("load");
    edited.stages[0].count = 8;
    store::save(&path, &edited).expect("save");
    let text = ok(&["show", p]);
    assert!(text.contains("edited by hand since: Lead count"), "{text}");
    assert!(text.contains("Leaks most: North"), "{text}");
}

#[test]
fn the_mapping_is_saved_so_the_next_import_asks_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let path = session(dir.path());
    let p = path.to_str().expect("utf-8");
    let csv = fixture("unmatched_stages.csv");
    let first = err(&["import", &csv, "--into", p]);
    // Map every stage the refusal named, then import again without --map.
    let names: Vec<String> = first
        .lines()
        .filter_map(|l| l.trim().strip_prefix('"'))
        .filter_map(|l| l.split_once('"').map(|(n, _)| n.to_string()))
        .collect();
    assert!(!names.is_empty(), "{first}");
    let mut args: Vec<String> = vec!["import".into(), csv.clone(), "--into".into(), p.into()];
    for n in &names {
        args.push("--map".into());
        args.push(format!("{n}=Qualified"));
    }
    args.push("--from".into());
    args.push("2000-01-01".into());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = run(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let again = run(&[
        "import",
        &csv,
        "--into",
        p,
        "--from",
        "2000-01-01",
        "--dry-run",
    ]);
    assert!(
        again.status.success(),
        "the saved mapping answers: {}",
        String::from_utf8_lossy(&again.stderr)
    );
}

#[test]
fn the_preview_shows_days_as_mean_and_median() {
    let dir = tempfile::tempdir().expect("dir");
    let session = dir.path().join("crm-q4.ron");
    let root = env!("CARGO_MANIFEST_DIR");
    fs::copy(format!("{root}/sessions/crm-q4.ron"), &session).expect("copy");
    let out = ok(&[
        "import",
        &format!("{root}/sessions/crm-export.csv"),
        "--into",
        session.to_str().expect("utf-8"),
        "--dry-run",
    ]);
    assert!(
        out.contains("Days in a stage before the next (the funnel uses the mean):"),
        "{out}"
    );
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with("Inquiry → MQL: mean"))
        .expect("a days line per step");
    assert!(
        line.contains("median") && line.contains("records)"),
        "{line}"
    );
    // The mean is what the session holds, to the shown decimal.
    let s = store::load(&session).expect("load");
    assert!(
        line.contains(&format!(
            "mean {}",
            funnelcheck::format::decimal(s.stages[0].days, 1)
        )),
        "{line}"
    );
}
