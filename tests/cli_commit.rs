//! `actions`, `kpis` and `target`: the real binary on the example and on
//! sessions whose figures are checked by hand.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use funnelcheck::assets;
use funnelcheck::session::{Effect, Estimate, Idea, Session};
use funnelcheck::store;
use serde_json::Value;

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/sessions/example.ron");

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_funnelcheck"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the funnelcheck binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(args: &[&str]) -> String {
    let o = run(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&ok(args)).expect("valid JSON")
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

fn save(dir: &Path, name: &str, s: &Session) -> PathBuf {
    let path = dir.join(name);
    store::save(&path, s).expect("saved");
    path
}

/// MODEL.md's worked example on the example's stages: 4000 → 1600 → 800 →
/// 480 → 240 → 60 a quarter, deal size 30,000, no plan, no actions.
fn worked_example(counts: [u64; 6]) -> Session {
    let mut s = assets::example_session();
    for (st, c) in s.stages.iter_mut().zip(counts) {
        st.count = c;
    }
    s.deal_size = 30_000.0;
    s.actions.clear();
    s.votes.clear();
    s.ideas.clear();
    s.plan.ideas.clear();
    s
}

/// The row of `stage` in a table, split into cells of two or more spaces.
fn row(text: &str, stage: &str) -> Vec<String> {
    let line = text
        .lines()
        .find(|l| l.starts_with(&format!("{stage}  ")))
        .unwrap_or_else(|| panic!("no row {stage}: {text}"));
    line.split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn the_new_commands_have_help() {
    for cmd in ["actions", "kpis", "target"] {
        let out = ok(&[cmd, "--help"]);
        assert!(out.contains("Usage: funnelcheck"), "{cmd}: {out}");
    }
    let top = ok(&["--help"]);
    for cmd in ["actions", "kpis", "target"] {
        assert!(top.contains(cmd), "top-level help lacks {cmd}");
    }
}

#[test]
fn actions_list_owners_dates_and_smart_letters() {
    let out = ok(&["actions", EXAMPLE]);
    assert!(
        out.contains("6 action(s); next check-in 2027-02-26"),
        "{out}"
    );
    let first = row(&out, "1");
    assert!(first.contains(&"Anna Berg".to_string()), "{first:?}");
    assert!(first.contains(&"2027-01-15".to_string()), "{first:?}");
    assert!(
        first.contains(&"MQL → SAL conversion".to_string()),
        "{first:?}"
    );
    assert_eq!(first.last().map(String::as_str), Some("S✓ M✓ A✓ R✓ T✓"));
    let last = row(&out, "6");
    assert_eq!(last.last().map(String::as_str), Some("S✗ M✗ A✓ R? T✓"));
    // Unmet letters are listed with their reason, never as a mark alone.
    assert!(
        out.contains("6  M✗ no KPI linked: pick the KPI this action moves"),
        "{out}"
    );
}

#[test]
fn actions_json_gives_every_letter_with_check_and_reason() {
    let v = json(&["actions", EXAMPLE, "--json"]);
    let actions = v.as_array().expect("an array");
    assert_eq!(actions.len(), 6);
    let last = &actions[5];
    assert_eq!(last["index"], 5);
    assert_eq!(last["owner"], "Tom Keller");
    assert_eq!(last["owner_in_room"], true);
    assert_eq!(last["due"], "2026-12-04");
    assert_eq!(last["status"], "open");
    assert_eq!(last["kpi"], Value::Null);
    assert_eq!(last["smart_marks"], "S✗ M✗ A✓ R? T✓");
    let letters: Vec<(&str, &str)> = last["smart"]
        .as_array()
        .expect("letters")
        .iter()
        .map(|l| {
            assert!(!l["reason"].as_str().unwrap_or_default().is_empty(), "{l}");
            (
                l["letter"].as_str().unwrap_or_default(),
                l["check"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        letters,
        [
            ("S", "fail"),
            ("M", "fail"),
            ("A", "pass"),
            ("R", "unknown"),
            ("T", "pass")
        ]
    );
    assert_eq!(actions[0]["idea"], 1);
    assert_eq!(actions[0]["idea_title"], "Call every MQL within 24 hours");
    assert_eq!(actions[0]["team"], "sales");
}

#[test]
fn kpis_show_kind_measure_baseline_and_where_the_target_comes_from() {
    let out = ok(&["kpis", EXAMPLE]);
    let conv = row(&out, "MQL → SAL conversion");
    // SAL 660 / MQL 1,320 = 50.0 %.
    for want in ["managed", "sales", "conversion MQL → SAL", "50.0 %", "plan"] {
        assert!(conv.contains(&want.to_string()), "{want}: {conv:?}");
    }
    let mqls = row(&out, "MQLs");
    for want in ["prospects at MQL", "1,320", "1,452", "typed"] {
        assert!(mqls.contains(&want.to_string()), "{want}: {mqls:?}");
    }
    // Won 60 × deal size 24,000.
    assert!(
        row(&out, "Revenue").contains(&"EUR 1,440,000 per quarter".to_string()),
        "{out}"
    );
    let v = json(&["kpis", EXAMPLE, "--json"]);
    assert_eq!(v[0]["kind"], "managed");
    assert_eq!(v[0]["measure"], "conversion MQL → SAL");
    assert_eq!(v[0]["baseline"], 50.0);
    assert_eq!(v[0]["baseline_display"], "50.0 %");
    assert_eq!(v[0]["target_from"], "plan");
    assert_eq!(v[0]["unbound"], Value::Null);
    assert_eq!(v[1]["baseline"], 1320.0);
    assert_eq!(v[1]["target"], 1452.0);
    assert_eq!(v[1]["target_from"], "typed");
    assert_eq!(v[4]["measure"], "typed");
    assert_eq!(v[4]["tied"], false);
    assert_eq!(v[4]["unit"], "%");
    assert_eq!(v[4]["baseline"], 35.0);
    assert_eq!(v[4]["kind"], "monitored");
}

#[test]
fn target_works_back_from_revenue_as_model_md_does() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = save(
        dir.path(),
        "worked.ron",
        &worked_example([4000, 1600, 800, 480, 240, 60]),
    );
    // W* = 2,400,000 / 30,000 = 80; 80 / 0.25 = 320; / 0.5 = 640; / 0.6 =
    // 1,066.67; / 0.5 = 2,133.33; / 0.4 = 5,333.33, each rounded up.
    let want = [
        ("Inquiry", "4,000", "5,334"),
        ("MQL", "1,600", "2,134"),
        ("SAL", "800", "1,067"),
        ("SQL", "480", "640"),
        ("Opportunity", "240", "320"),
        ("Won", "60", "80"),
    ];
    for revenue in ["2,400,000", "EUR 2.4M", "2400k"] {
        let out = ok(&["target", path_str(&path), "--revenue", revenue]);
        assert!(
            out.contains("Revenue target per quarter: EUR 2,400,000 (from --revenue)"),
            "{out}"
        );
        for (stage, now, need) in want {
            // No plan: both columns use today's conversions.
            assert_eq!(row(&out, stage), [stage, now, need, need], "{out}");
        }
        assert!(out.contains("No committed plan"), "{out}");
    }
    let v = json(&[
        "target",
        path_str(&path),
        "--revenue",
        "2,400,000",
        "--json",
    ]);
    assert_eq!(v["revenue_target"], 2_400_000.0);
    assert_eq!(v["revenue_target_display"], "EUR 2,400,000");
    assert_eq!(v["source"], "--revenue");
    let sal = &v["stages"][2];
    assert_eq!(sal["stage"], "SAL");
    let exact = sal["today"]["prospects"].as_f64().unwrap_or_default();
    assert!((exact - 3200.0 / 3.0).abs() < 1e-6, "{exact}");
    assert_eq!(sal["today"]["display"], "1,067");
    assert_eq!(sal["today"]["unreachable"], Value::Null);
}

#[test]
fn target_with_the_plan_uses_the_plans_conversions() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = worked_example([4000, 1600, 800, 480, 240, 60]);
    s.ideas.push(Idea {
        id: 1,
        title: "Win more proposals".into(),
        pair: None,
        effect: Effect::LiftConversion {
            step: 4,
            points: Estimate::new(2.0, 3.0, 5.0),
        },
        effort_days: 5.0,
        lead_time_days: 0.0,
        notes: String::new(),
    });
    s.plan.ideas = vec![1];
    let path = save(dir.path(), "plan.ron", &s);
    let out = ok(&["target", path_str(&path), "--revenue", "2,400,000"]);
    // c_4 0.25 → 0.28 at likely: 80 / 0.28 = 285.71; / 0.5 = 571.43; / 0.6 =
    // 952.38; / 0.5 = 1,904.76; / 0.4 = 4,761.9, each rounded up.
    for (stage, plan) in [
        ("Inquiry", "4,762"),
        ("MQL", "1,905"),
        ("SAL", "953"),
        ("SQL", "572"),
        ("Opportunity", "286"),
        ("Won", "80"),
    ] {
        assert_eq!(
            row(&out, stage).last().map(String::as_str),
            Some(plan),
            "{out}"
        );
    }
    assert!(out.contains("the 1 committed idea(s)"), "{out}");
}

#[test]
fn a_step_that_converts_nobody_makes_the_stages_above_unreachable() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = save(
        dir.path(),
        "zero.ron",
        &worked_example([4000, 1600, 800, 480, 240, 0]),
    );
    let out = ok(&["target", path_str(&path), "--revenue", "2,400,000"]);
    let words = "unreachable: Opportunity → Won converts nobody";
    assert_eq!(row(&out, "Inquiry")[2], words, "{out}");
    assert_eq!(row(&out, "Opportunity")[2], words, "{out}");
    assert_eq!(row(&out, "Won")[2], "80", "{out}");
    let v = json(&[
        "target",
        path_str(&path),
        "--revenue",
        "2,400,000",
        "--json",
    ]);
    assert_eq!(v["stages"][0]["today"]["prospects"], Value::Null);
    assert_eq!(v["stages"][0]["today"]["unreachable"], words);
}

#[test]
fn target_reads_the_sessions_revenue_target_by_default() {
    // The example aims for EUR 1,800,000 a quarter at a deal size of
    // 24,000: 75 won.
    let out = ok(&["target", EXAMPLE]);
    assert!(
        out.contains("Revenue target per quarter: EUR 1,800,000 (the session's target)"),
        "{out}"
    );
    assert_eq!(row(&out, "Won")[2], "75", "{out}");
    assert!(
        out.contains("Target/qtr: the revenue per quarter the room aims for"),
        "{out}"
    );
    assert_eq!(json(&["target", EXAMPLE, "--json"])["source"], "session");
}

#[test]
fn a_bad_revenue_is_refused_with_a_reason() {
    for (bad, why) in [
        ("30abc", "not a number: unexpected 'abc'"),
        ("-5", "a revenue target must be 0 or more"),
        ("", "type a number"),
    ] {
        let o = run(&["target", EXAMPLE, "--revenue", bad]);
        assert!(!o.status.success(), "{bad} accepted: {}", stdout(&o));
        let err = stderr(&o);
        assert!(err.contains(&format!("--revenue \"{bad}\"")), "{err}");
        assert!(err.contains(why), "{bad}: {err}");
        assert!(err.contains("e.g. 1,800,000"), "{err}");
        assert!(stdout(&o).is_empty());
    }
}

/// A file written before commitments existed: none of the new fields.
const OLD_FILE: &str = r#"(
    version: 1,
    title: "Before commitments",
    date: "2025-03-01",
    currency: "EUR",
    period: Quarter,
    deal_size: 30000.0,
    stages: [
        (name: "Lead", team: Marketing, count: 100),
        (name: "Won", team: Sales, count: 10),
    ],
)
"#;

#[test]
fn an_old_file_without_commitments_still_loads() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("old.ron");
    fs::write(&path, OLD_FILE).expect("written");
    let p = path_str(&path);
    ok(&["check", p]);
    assert!(ok(&["actions", p]).contains("No actions yet"));
    assert!(ok(&["kpis", p]).contains("No KPIs yet"));
    assert_eq!(json(&["actions", p, "--json"]), Value::Array(vec![]));
    let o = run(&["target", p]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("has no revenue target"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("--revenue 1,800,000"), "{}", stderr(&o));
    // 1,800,000 / 30,000 = 60 won; 60 / 0.1 = 600 leads.
    let out = ok(&["target", p, "--revenue", "1.8M"]);
    assert_eq!(row(&out, "Lead"), ["Lead", "100", "600", "600"], "{out}");
}

#[test]
fn check_reports_commitment_problems_with_a_fix() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = fs::read_to_string(EXAMPLE).expect("example readable");
    let bad = text
        .replace(
            "measure: Conversion(from: \"MQL\", to: \"SAL\")",
            "measure: Conversion(from: \"MQL\", to: \"Accepted\")",
        )
        .replace("due: Some(\"2026-12-04\")", "due: Some(\"2026-11-01\")");
    assert_ne!(bad, text);
    let path = dir.path().join("bad.ron");
    fs::write(&path, bad).expect("written");
    let o = run(&["check", path_str(&path)]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o) + &stderr(&o);
    assert!(
        out.contains("kpis[0].measure: the KPI \"MQL → SAL conversion\" cannot be computed: the stage \"Accepted\" is no longer in the funnel"),
        "{out}"
    );
    assert!(
        out.contains("rebind it to another stage or drop it on the Commit screen"),
        "{out}"
    );
    assert!(out.contains("actions[5].due"), "{out}");
    assert!(
        out.contains("set a due date on or after 2026-11-23"),
        "{out}"
    );
    // The reports refuse the file with the same list rather than guess.
    let o = run(&["kpis", path_str(&path)]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("kpis[0].measure"), "{}", stderr(&o));
}
