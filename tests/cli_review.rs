//! The next check-in from the command line, with the real binary: the
//! example → `follow-up` → actions marked, this quarter's counts typed, a
//! KPI's actual typed → `review` (text and JSON) checked against numbers
//! worked out by hand → exports compared with golden files.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use funnelcheck::session::Status;
use funnelcheck::store;
use serde_json::Value;
use support::golden;

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/sessions/example.ron");

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

/// The example copied into a fresh folder, and its follow-up made there.
fn follow_up(dir: &Path) -> PathBuf {
    let prev = dir.join("q4.ron");
    fs::copy(EXAMPLE, &prev).expect("copy the example");
    let out = ok(&[
        "follow-up",
        prev.to_str().expect("utf-8 path"),
        "--date",
        "2027-02-26",
    ]);
    let path = PathBuf::from(out.lines().next().expect("prints the new path"));
    assert_eq!(
        path,
        dir.join("northwind-analytics-check-in-2027-02-26.ron"),
        "written next to the session it follows"
    );
    path
}

/// What the room says at the check-in (what the Review and Funnel screens
/// type in): this quarter's counts and deal size, the actions marked, the
/// typed KPI's actual.
fn check_in(path: &Path) {
    let mut s = store::load(path).expect("the follow-up loads");
    for (stage, count) in s.stages.iter_mut().zip([12_600, 1_400, 798, 480, 290, 100]) {
        stage.count = count;
    }
    s.deal_size = 25_000.0;
    let marks = [
        Status::Done,
        Status::Partly,
        Status::Done,
        Status::NotDone,
        Status::Dropped,
        Status::Open,
    ];
    assert_eq!(s.actions.len(), 6, "the six open actions carry over");
    for (a, m) in s.actions.iter_mut().zip(marks) {
        a.status = m;
    }
    s.actions[1].note = "=shown twice, then the meeting moved".into();
    let called = s
        .kpis
        .iter_mut()
        .find(|k| k.name == "MQLs called within 24 h")
        .expect("typed KPI");
    called.actual = Some(82.0);
    store::save(path, &s).expect("saved");
}

fn close(v: &Value, want: f64) -> bool {
    v.as_f64().is_some_and(|x| (x - want).abs() < 1e-6)
}

#[test]
fn the_check_in_reads_what_the_hand_says() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = follow_up(dir.path());
    let p = path.to_str().expect("utf-8 path");

    // Before the counts are in, nothing is judged.
    let before: Value = serde_json::from_str(&ok(&["review", p, "--json"])).expect("JSON");
    assert_eq!(before["counts_in"], false);
    assert!(
        before["ideas"]
            .as_array()
            .expect("ideas")
            .iter()
            .all(|i| i["verdict"] == "none")
    );

    check_in(&path);
    let j: Value = serde_json::from_str(&ok(&["review", p, "--json"])).expect("JSON");
    assert_eq!(j["previous"]["path"], "q4.ron");
    assert_eq!(j["previous"]["found"], true);
    assert!(close(&j["revenue_then"], 1_440_000.0));
    assert!(close(&j["revenue_now"], 2_500_000.0), "100 won × 25,000");

    // Call every MQL: c_1 0.5 → 798/1,400 = 0.57, +7.0 pts; predicted
    // 30/50/70 % of the 40 % "no follow-up" share of 0.5 lost: 6/10/14 pts.
    let ideas = j["ideas"].as_array().expect("ideas");
    let call = &ideas[0];
    assert_eq!(call["acts_on"], "MQL → SAL");
    assert!(close(&call["predicted_low"], 6.0) && close(&call["predicted_high"], 14.0));
    assert!(close(&call["observed"], 7.0));
    assert_eq!(call["verdict"], "inside");
    // Hand-off call: c_3 238/396 = 0.601010 → 290/480 = 0.604167, +0.32 pts;
    // low = 0.3 · 0.2 · 0.398990 = 2.39 pts: below.
    let handoff = &ideas[1];
    assert!(close(
        &handoff["observed"],
        (290.0 / 480.0 - 238.0 / 396.0) * 100.0
    ));
    assert!(close(
        &handoff["predicted_low"],
        0.3 * 0.2 * (1.0 - 238.0 / 396.0) * 100.0
    ));
    assert_eq!(handoff["verdict"], "below");
    // Battle cards: c_4 60/238 = 0.252101 → 100/290 = 0.344828, +9.27 pts;
    // high = 0.25 · 0.4 · 0.747899 = 7.48 pts: above.
    let cards = &ideas[2];
    assert!(close(
        &cards["observed"],
        (100.0 / 290.0 - 60.0 / 238.0) * 100.0
    ));
    assert!(close(
        &cards["predicted_high"],
        0.25 * 0.4 * (1.0 - 60.0 / 238.0) * 100.0
    ));
    assert_eq!(cards["verdict"], "above");
    assert_eq!(
        (
            j["calibration_judged"].as_u64(),
            j["calibration_inside"].as_u64()
        ),
        (Some(3), Some(1))
    );
    assert!(close(&j["calibration_share"], 1.0 / 3.0));

    // KPIs: the plan's likely targets were frozen at the follow-up.
    let kpi = |name: &str| {
        j["kpis"]
            .as_array()
            .expect("kpis")
            .iter()
            .find(|k| k["name"] == name)
            .cloned()
            .expect("KPI")
    };
    let mql_sal = kpi("MQL → SAL conversion");
    assert!(close(&mql_sal["target"], 60.0) && close(&mql_sal["actual"], 57.0));
    assert_eq!(mql_sal["met"], false);
    assert_eq!(mql_sal["verdict"], "missed (-3.0 pts)");
    let revenue = kpi("Revenue");
    assert_eq!(revenue["met"], true);
    assert!(close(
        &revenue["gap"],
        2_500_000.0 - revenue["target"].as_f64().expect("target")
    ));
    let called = kpi("MQLs called within 24 h");
    assert!(close(&called["baseline_then"], 35.0) && close(&called["actual"], 82.0));
    assert_eq!(called["verdict"], "missed (-8.0 pts)");
    let mqls = kpi("MQLs");
    assert_eq!(mqls["verdict"], "missed (-52)");

    assert_eq!(j["actions_kept"], 3, "done 2 + partly 1");
    assert_eq!(
        (
            j["actions_not_done"].as_u64(),
            j["actions_dropped"].as_u64()
        ),
        (Some(1), Some(1))
    );
    assert_eq!(j["actions_open"], 1);

    let steps = j["steps"].as_array().expect("steps");
    assert!(close(&steps[1]["change_points"], 7.0));
    // Value lost at MQL → SAL: then 660 · 0.5 · 0.6 … = 1,440,000 (the
    // example's figure); now 602 · (480/798) · (290/480) · (100/290) · 25,000.
    assert!(close(&steps[1]["value_lost_then"], 1_440_000.0));
    assert!(close(
        &steps[1]["value_lost_now"],
        602.0 * 100.0 / 798.0 * 25_000.0
    ));

    // The text says the same in words.
    let text = ok(&["review", p]);
    for want in [
        "Follows up \"Q4 Funnel Reality Check\" of 2026-11-23 (q4.ron)",
        "Revenue per quarter: EUR 1,440,000 last time, EUR 2,500,000 now",
        "+6.0 / +10.0 / +14.0 pts",
        "+7.0 pts",
        "Actions carried over: 6 (kept 3: done 2, partly 1; not done 1; dropped 1; not reviewed yet 1)",
        "missed (-3.0 pts)",
        "Calibration: 1 of 3 judged idea(s) inside the room's range (33.3 %)",
    ] {
        assert!(text.contains(want), "missing {want:?} in:\n{text}");
    }
}

#[test]
fn a_moved_predecessor_still_reviews_from_the_copy() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = follow_up(dir.path());
    check_in(&path);
    fs::rename(dir.path().join("q4.ron"), dir.path().join("old.ron")).expect("move");
    let p = path.to_str().expect("utf-8 path");
    let text = ok(&["review", p]);
    assert!(
        text.contains("not found: the review uses the copy kept in this file"),
        "{text}"
    );
    assert!(text.contains("Calibration: 1 of 3"), "{text}");
    // `check` names the path it looked for, and the file stays valid.
    let checked = ok(&["check", p]);
    assert!(checked.contains("is valid"), "{checked}");
    assert!(
        checked.contains("note: ")
            && checked.contains("q4.ron")
            && checked.contains("the review uses the copy"),
        "{checked}"
    );
}

#[test]
fn follow_up_refuses_what_it_cannot_do_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = follow_up(dir.path());
    let prev = dir.path().join("q4.ron");
    let prev = prev.to_str().expect("utf-8 path");
    let e = err(&["follow-up", prev, "--date", "2027-02-26"]);
    assert!(e.contains("already exists"), "{e}");
    let e = err(&["follow-up", prev, "--date", "2026-01-01"]);
    assert!(
        e.contains("before the session it follows (2026-11-23)"),
        "{e}"
    );
    let e = err(&["follow-up", prev, "--date", "26/02/2027"]);
    assert!(e.contains("write it as YYYY-MM-DD"), "{e}");
    let e = err(&["follow-up", prev, "sub/q1.ron", "--date", "2027-03-01"]);
    assert!(e.contains("names a folder"), "{e}");
    let long = "x".repeat(5_000);
    let e = err(&["follow-up", prev, &long, "--date", "2027-03-01"]);
    assert!(e.contains("at most 120 characters"), "{e}");
    let e = err(&["review", EXAMPLE]);
    assert!(e.contains("is not a follow-up"), "{e}");
    let names: Vec<String> = fs::read_dir(dir.path())
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ron"))
        .collect();
    assert_eq!(names.len(), 2, "only q4 and its one follow-up: {names:?}");
    assert!(path.exists());
}

#[test]
fn a_named_follow_up_takes_the_name_as_title_and_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let prev = dir.path().join("q4.ron");
    fs::copy(EXAMPLE, &prev).expect("copy");
    let out = ok(&[
        "follow-up",
        prev.to_str().expect("utf-8"),
        "Q1 2027 check-in",
        "--date",
        "2027-03-01",
    ]);
    let path = PathBuf::from(out.lines().next().expect("path"));
    assert_eq!(path, dir.path().join("q1-2027-check-in.ron"));
    let s = store::load(&path).expect("loads");
    assert_eq!(s.title, "Q1 2027 check-in");
}

/// The exports of the checked-in follow-up, against golden files
/// (`UPDATE_GOLDEN=1` rewrites them; read the diff before committing).
#[test]
fn the_check_in_exports_match_their_golden_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = follow_up(dir.path());
    check_in(&path);
    let s = store::load(&path).expect("loads");
    let check = golden::check;
    use funnelcheck::export::{self, Format, Rendered};
    for (format, name) in [
        (Format::Markdown, "followup.md"),
        (Format::Html, "followup.html"),
        (Format::Json, "followup.json"),
    ] {
        match export::render(&s, format).expect("render") {
            Rendered::One(text) => check(name, &text),
            Rendered::Csv { .. } => panic!("one document"),
        }
    }
    let Rendered::Csv {
        review, actions, ..
    } = export::render(&s, Format::Csv).expect("render")
    else {
        panic!("CSV renders tables");
    };
    let (ideas, steps) = review.expect("a follow-up has review tables");
    check("followup-review.csv", &ideas);
    check("followup-review-steps.csv", &steps);
    check("followup-actions.csv", &actions);
    assert!(
        actions.contains("'=shown twice"),
        "a note starting with = is neutralised"
    );
}
