//! The real binary, run the way a facilitator runs it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use funnelcheck::assets;
use funnelcheck::store;
use serde_json::Value;

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/sessions/example.ron");

fn run(args: &[&str]) -> Output {
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

fn run_in(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_funnelcheck"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the funnelcheck binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temp dir")
}

/// The example with `edit` applied to its text, written into `dir`.
fn edited_example(dir: &Path, name: &str, edit: impl Fn(&str) -> String) -> PathBuf {
    let text = fs::read_to_string(EXAMPLE).expect("example readable");
    let changed = edit(&text);
    assert_ne!(changed, text, "the edit must change the file");
    let path = dir.join(name);
    fs::write(&path, changed).expect("write test file");
    path
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

#[test]
fn every_command_has_help() {
    for cmd in [
        vec!["--help"],
        vec!["new", "--help"],
        vec!["check", "--help"],
        vec!["show", "--help"],
        vec!["rank", "--help"],
        vec!["sensitivity", "--help"],
        vec!["plan", "--help"],
        vec!["convert", "--help"],
        vec!["open", "--help"],
    ] {
        let o = run(&cmd);
        assert!(o.status.success(), "{cmd:?}: {}", stderr(&o));
        assert!(stdout(&o).contains("Usage: funnelcheck"), "{cmd:?}");
    }
    let top = stdout(&run(&["--help"]));
    for word in ["--dir", "--theme", "rank", "sensitivity", "convert"] {
        assert!(top.contains(word), "top-level help lacks {word}");
    }
}

#[test]
fn show_prints_the_funnel_table_and_revenue() {
    let o = run(&["show", EXAMPLE]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    // Opportunity 238 → Won 60 loses 178, worth 178 × 1 × 24,000.
    assert!(out.contains("EUR 4,272,000"), "{out}");
    // 60 won × 24,000 a quarter.
    assert!(out.contains("Revenue per quarter: EUR 1,440,000"), "{out}");
    assert!(out.contains("Revenue per year: EUR 5,760,000"), "{out}");
    assert!(out.contains("Biggest leak: Inquiry → MQL"), "{out}");
    let inquiry = out
        .lines()
        .find(|l| l.starts_with("Inquiry"))
        .expect("a row for Inquiry");
    assert!(inquiry.contains("12,000") && inquiry.contains("11.0 %") && inquiry.contains("10,680"));
}

#[test]
fn rank_text_lists_every_idea_in_order() {
    let o = run(&["rank", EXAMPLE]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let session = assets::example_session();
    for idea in &session.ideas {
        let shown: String = idea.title.chars().take(30).collect();
        assert!(out.contains(&shown), "missing {}", idea.title);
    }
    assert!(out.contains("ranked by run-rate per quarter"), "{out}");
}

fn rank_json(extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["rank", EXAMPLE, "--json"];
    args.extend_from_slice(extra);
    let o = run(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).expect("rank --json is JSON");
    v.as_array().expect("an array").clone()
}

#[test]
fn rank_json_has_the_promised_fields() {
    let rows = rank_json(&[]);
    assert_eq!(rows.len(), assets::example_session().ideas.len());
    for (i, row) in rows.iter().enumerate() {
        for field in [
            "title",
            "gain_low",
            "gain_likely",
            "gain_high",
            "gain_expected",
            "gain_annual",
            "gain_quarter",
            "per_effort",
        ] {
            assert!(row.get(field).is_some(), "row {i} lacks {field}");
        }
        assert_eq!(row["rank"].as_u64(), Some(i as u64 + 1));
        assert!(row["id"].is_u64() && row["votes"].is_u64());
        let effect = row["effect"].as_str().expect("effect is a string");
        assert!(
            [
                "lift_conversion",
                "recover_losses",
                "grow_volume",
                "grow_deal_size"
            ]
            .contains(&effect)
        );
        match effect {
            "grow_volume" | "grow_deal_size" => assert!(row["step"].is_null()),
            _ => assert!(row["step"].as_str().is_some_and(|s| s.contains(" → "))),
        }
    }
    let likely: Vec<f64> = rows
        .iter()
        .filter_map(|r| r["gain_likely"].as_f64())
        .collect();
    assert!(likely.windows(2).all(|w| w[0] >= w[1]), "{likely:?}");
    // "Call every MQL within 24 hours": 50 % of the 40 % "no follow-up" share
    // of MQL → SAL losses: c 0.5 → 0.6, revenue × 1.2, 0.2 × 1,440,000.
    let call = rows
        .iter()
        .find(|r| r["id"] == 1)
        .expect("idea 1 is ranked");
    assert_eq!(call["step"], "MQL → SAL");
    assert!((call["gain_likely"].as_f64().unwrap_or(0.0) - 288_000.0).abs() < 1e-6);
}

#[test]
fn rank_by_each_key_orders_by_that_figure() {
    for (by, field) in [
        ("expected", "gain_expected"),
        ("annual", "gain_annual"),
        ("quarter", "gain_quarter"),
        ("conservative", "gain_low"),
        ("per-effort", "per_effort"),
    ] {
        let rows = rank_json(&["--by", by]);
        let v: Vec<f64> = rows.iter().filter_map(|r| r[field].as_f64()).collect();
        assert_eq!(v.len(), rows.len());
        assert!(v.windows(2).all(|w| w[0] >= w[1]), "--by {by}: {v:?}");
    }
    let o = run(&["rank", EXAMPLE, "--by", "loudest"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("possible values"));
}

#[test]
fn sensitivity_lists_steps_largest_first() {
    let o = run(&["sensitivity", EXAMPLE, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let rows = v.as_array().expect("array");
    assert_eq!(rows.len(), 5);
    let rec: Vec<f64> = rows
        .iter()
        .filter_map(|r| r["recover_10pct"].as_f64())
        .collect();
    assert!(rec.windows(2).all(|w| w[0] >= w[1]), "{rec:?}");
    assert!(rows.iter().all(|r| r["plus_1pt"].as_f64().is_some()));
    // Opportunity → Won, c = 60/238: recovering 10 % of 178 lost gives
    // 60 + 17.8 won, 17.8 × 24,000 = 427,200.
    let opp = rows
        .iter()
        .find(|r| r["step"] == "Opportunity → Won")
        .expect("the last step");
    assert!((opp["recover_10pct"].as_f64().unwrap_or(0.0) - 427_200.0).abs() < 1e-6);

    let text = stdout(&run(&["sensitivity", EXAMPLE]));
    assert!(text.contains("EUR 427,200"), "{text}");
}

#[test]
fn plan_is_deterministic_for_a_seed() {
    let args = [
        "plan",
        EXAMPLE,
        "1",
        "battle cards",
        "--samples",
        "2000",
        "--seed",
        "7",
        "--json",
    ];
    let a = run(&args);
    let b = run(&args);
    assert!(a.status.success(), "{}", stderr(&a));
    assert_eq!(a.stdout, b.stdout);
    let v: Value = serde_json::from_slice(&a.stdout).expect("JSON");
    assert_eq!(v["samples"], 2000);
    assert_eq!(v["seed"], 7);
    let ids: Vec<u64> = v["ideas"]
        .as_array()
        .expect("ideas")
        .iter()
        .filter_map(|i| i["id"].as_u64())
        .collect();
    assert_eq!(ids, [1, 11]);
    let (p10, p50, p90) = (
        v["p10"].as_f64().unwrap_or(f64::NAN),
        v["p50"].as_f64().unwrap_or(f64::NAN),
        v["p90"].as_f64().unwrap_or(f64::NAN),
    );
    assert!(p10 <= p50 && p50 <= p90, "{p10} {p50} {p90}");

    let other = run(&[
        "plan",
        EXAMPLE,
        "1",
        "battle cards",
        "--samples",
        "2000",
        "--seed",
        "8",
        "--json",
    ]);
    assert_ne!(a.stdout, other.stdout, "another seed gives other draws");
}

#[test]
fn plan_defaults_to_the_sessions_plan() {
    let o = run(&["plan", EXAMPLE, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let session = assets::example_session();
    assert_eq!(v["samples"], session.plan.samples);
    assert_eq!(v["seed"], session.plan.seed);
    let ids: Vec<u32> = v["ideas"]
        .as_array()
        .expect("ideas")
        .iter()
        .filter_map(|i| i["id"].as_u64().map(|x| x as u32))
        .collect();
    assert_eq!(ids, session.plan.ideas);
    let text = stdout(&run(&["plan", EXAMPLE]));
    assert!(
        text.contains("P50 (median)") && text.contains("EUR "),
        "{text}"
    );
}

#[test]
fn plan_explains_ambiguous_and_unknown_ideas() {
    let o = run(&["plan", EXAMPLE, "call"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("matches 2 ideas"), "{err}");
    assert!(err.contains("Call every MQL within 24 hours"));
    assert!(err.contains("Hand-off call with campaign context"));

    let o = run(&["plan", EXAMPLE, "teleportation"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no idea's title contains \"teleportation\""));

    let o = run(&["plan", EXAMPLE, "99"]);
    assert!(stderr(&o).contains("no idea has id 99"));

    // Case-insensitive full title.
    let o = run(&["plan", EXAMPLE, "CALL EVERY MQL WITHIN 24 HOURS", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn check_accepts_the_example() {
    let o = run(&["check", EXAMPLE]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("is valid"));
}

#[test]
fn check_lists_every_problem_and_exits_1() {
    let dir = tempdir();
    let bad = edited_example(dir.path(), "bad.ron", |t| {
        t.replace("count: 660,", "count: 6600,")
            .replace(
                "low: 30.0, likely: 50.0, high: 70.0",
                "low: 80.0, likely: 50.0, high: 70.0",
            )
            .replace("members: [4, 8]", "members: [4, 42]")
    });
    let o = run(&["check", path_str(&bad)]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("3 problem(s)"), "{out}");
    assert!(out.contains("stages[2].count") && out.contains("SAL has 6600"));
    assert!(out.contains("ideas[0].effect.percent") && out.contains("out of order"));
    assert!(out.contains("pairs[3].members") && out.contains("participant 42"));
    assert_eq!(out.matches("fix:").count(), 3);

    // The report commands refuse it, naming the problems too.
    let o = run(&["show", path_str(&bad)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("stages[2].count"));
}

#[test]
fn syntax_error_names_line_and_column() {
    let dir = tempdir();
    let bad = edited_example(dir.path(), "syntax.ron", |t| {
        t.replacen("title: \"Q4", "title \"Q4", 1)
    });
    for cmd in ["check", "show", "rank"] {
        let o = run(&[cmd, path_str(&bad)]);
        assert_eq!(o.status.code(), Some(1), "{cmd}");
        let err = stderr(&o);
        assert!(err.starts_with("error: "), "{err}");
        assert!(err.contains("syntax.ron"), "{err}");
        assert!(err.contains("line 6, column"), "{err}");
        assert!(err.contains("title \"Q4 Funnel Reality Check\""), "{err}");
    }
}

#[test]
fn newer_version_is_refused_and_left_untouched() {
    let dir = tempdir();
    let newer = edited_example(dir.path(), "newer.ron", |t| {
        t.replacen("version: 1,", "version: 99,", 1)
    });
    let before = fs::read(&newer).expect("read");
    for args in [
        vec!["check", path_str(&newer)],
        vec!["show", path_str(&newer)],
        vec!["plan", path_str(&newer)],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(1));
        let err = stderr(&o);
        assert!(
            err.contains("version 99") && err.contains("version 1"),
            "{err}"
        );
    }
    let out = dir.path().join("newer.json");
    let o = run(&["convert", path_str(&newer), path_str(&out)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!out.exists());
    assert_eq!(fs::read(&newer).expect("read"), before);
    assert!(!store::backup_path(&newer).exists());
}

#[test]
fn convert_round_trips_ron_json_ron() {
    let dir = tempdir();
    let json = dir.path().join("example.json");
    let ron = dir.path().join("again.ron");
    let o = run(&["convert", EXAMPLE, path_str(&json)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&fs::read(&json).expect("json written")).expect("JSON");
    assert_eq!(v["title"], "Q4 Funnel Reality Check");
    let o = run(&["convert", path_str(&json), path_str(&ron)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let original = store::load(Path::new(EXAMPLE)).expect("example loads");
    assert_eq!(store::load(&ron).expect("converted loads"), original);
    assert_eq!(store::load(&json).expect("json loads"), original);
}

#[test]
fn convert_refuses_to_overwrite_its_source() {
    let dir = tempdir();
    let src = dir.path().join("s.ron");
    fs::copy(EXAMPLE, &src).expect("copy");
    let before = fs::read(&src).expect("read");
    let o = run_in(dir.path(), &["convert", "s.ron", "./s.ron"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("same file"), "{}", stderr(&o));
    assert_eq!(fs::read(&src).expect("read"), before);

    let o = run_in(dir.path(), &["convert", "s.ron", "s.yaml"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains(".ron or .json"));
}

#[test]
fn convert_onto_an_existing_session_needs_force() {
    let dir = tempdir();
    let other = dir.path().join("other.json");
    fs::write(&other, "{\"someone\": \"else's session\"}").expect("write");
    let before = fs::read(&other).expect("read");

    let o = run(&["convert", EXAMPLE, path_str(&other)]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("already exists") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(fs::read(&other).expect("read"), before);

    let o = run(&["convert", EXAMPLE, path_str(&other), "--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let original = store::load(Path::new(EXAMPLE)).expect("example loads");
    assert_eq!(store::load(&other).expect("converted"), original);
    assert_eq!(
        fs::read(store::backup_path(&other)).expect("the replaced file is kept"),
        before
    );
}

#[cfg(unix)]
#[test]
fn convert_never_writes_onto_its_own_input_even_forced() {
    let dir = tempdir();
    let src = dir.path().join("s.ron");
    fs::copy(EXAMPLE, &src).expect("copy");
    let before = fs::read(&src).expect("read");
    let link = dir.path().join("link.ron");
    std::os::unix::fs::symlink(&src, &link).expect("symlink");
    let hard = dir.path().join("hard.ron");
    fs::hard_link(&src, &hard).expect("hard link");
    for out in [&link, &hard] {
        let o = run(&["convert", path_str(&src), path_str(out), "--force"]);
        assert_eq!(o.status.code(), Some(1), "{out:?}");
        assert!(stderr(&o).contains("same file"), "{}", stderr(&o));
    }
    assert_eq!(fs::read(&src).expect("read"), before);
}

#[test]
fn new_from_each_template() {
    let dir = tempdir();
    for t in assets::templates() {
        let name = format!("Workshop {}", t.name);
        let o = run(&[
            "new",
            &name,
            "--template",
            &t.name,
            "--dir",
            path_str(dir.path()),
        ]);
        assert!(o.status.success(), "{}: {}", t.name, stderr(&o));
        let path = PathBuf::from(stdout(&o).trim());
        assert_eq!(path.parent(), Some(dir.path()));
        let s = store::load(&path).expect("the new session loads");
        assert_eq!(s.title, name);
        let names: Vec<&str> = s.stages.iter().map(|st| st.name.as_str()).collect();
        let expected: Vec<&str> = t.stages.iter().map(|st| st.name.as_str()).collect();
        assert_eq!(names, expected);
        assert!(run(&["check", path_str(&path)]).status.success());
    }
}

#[test]
fn new_refuses_to_overwrite() {
    let dir = tempdir();
    let d = path_str(dir.path());
    let first = run(&["new", "Q1 review", "--dir", d]);
    assert!(first.status.success(), "{}", stderr(&first));
    let path = PathBuf::from(stdout(&first).trim());
    assert!(path.ends_with("q1-review.ron"));
    fs::write(&path, "kept").expect("write");
    let again = run(&["new", "Q1 review", "--dir", d]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("already exists"));
    assert_eq!(fs::read_to_string(&path).expect("read"), "kept");
}

#[test]
fn files_are_also_found_in_the_sessions_dir() {
    let dir = tempdir();
    fs::copy(EXAMPLE, dir.path().join("ex.ron")).expect("copy");
    let o = run_in(
        Path::new(env!("CARGO_TARGET_TMPDIR")),
        &["show", "ex.ron", "--dir", path_str(dir.path())],
    );
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn missing_file_is_a_clear_error() {
    let o = run(&["show", "/nonexistent/nowhere.ron"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("cannot read /nonexistent/nowhere.ron"),
        "{err}"
    );
}

#[test]
fn without_a_terminal_the_app_points_to_the_headless_commands() {
    for args in [
        vec![],
        vec![EXAMPLE],
        vec!["open", EXAMPLE],
        vec!["--theme", "light"],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert!(
            err.contains("needs a terminal") && err.contains("funnelcheck show"),
            "{args:?}: {err}"
        );
    }
    let o = run(&["--theme", "neon"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("projector"));
}

#[test]
fn export_writes_each_format_next_to_the_session_and_never_over_it() {
    let dir = tempdir();
    let session = dir.path().join("ws.ron");
    std::fs::copy(EXAMPLE, &session).expect("copy the example");
    let s = session.to_str().expect("utf-8 path");
    for (format, written) in [
        ("md", vec!["ws-report.md"]),
        ("html", vec!["ws-report.html"]),
        ("json", vec!["ws-report.json"]),
        (
            "csv",
            vec![
                "ws-csv/ideas.csv",
                "ws-csv/steps.csv",
                "ws-csv/actions.csv",
                "ws-csv/kpis.csv",
            ],
        ),
        ("ics", vec!["ws.ics"]),
    ] {
        let o = run(&["export", s, "--format", format]);
        assert_eq!(o.status.code(), Some(0), "{format}: {}", stderr(&o));
        for name in written {
            let path = dir.path().join(name);
            assert!(path.is_file(), "{format}: {name} missing");
            assert!(stdout(&o).contains(name), "{format}: {}", stdout(&o));
        }
    }
    let md = std::fs::read_to_string(dir.path().join("ws-report.md")).expect("markdown");
    assert!(
        md.contains("Q4 Funnel Reality Check") && md.contains("EUR 1,440,000"),
        "{md}"
    );

    // A second export refuses to replace without --force; --force replaces.
    let again = run(&["export", s, "-f", "md"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("--force"), "{}", stderr(&again));
    assert_eq!(
        run(&["export", s, "-f", "md", "--force"]).status.code(),
        Some(0)
    );

    // Never over the session file, even with --force.
    let before = std::fs::read(&session).expect("session bytes");
    let over = run(&["export", s, "-f", "json", "-o", s, "--force"]);
    assert_eq!(over.status.code(), Some(1));
    assert!(stderr(&over).contains("session file"), "{}", stderr(&over));
    assert_eq!(std::fs::read(&session).expect("session bytes"), before);

    // An unknown format is clap's usage error.
    assert_eq!(run(&["export", s, "-f", "pdf"]).status.code(), Some(2));
}

#[test]
fn show_on_a_yearly_session_prints_the_revenue_once() {
    let dir = tempdir();
    let path = edited_example(dir.path(), "yearly.ron", |t| {
        t.replace("period: Quarter", "period: Year")
    });
    let o = run(&["show", path_str(&path)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert_eq!(text.matches("Revenue per year").count(), 1, "{text}");
    assert!(text.contains("Revenue per year: EUR 1,440,000"), "{text}");
    // A quarterly session says both.
    let text = stdout(&run(&["show", EXAMPLE]));
    assert!(
        text.contains("Revenue per quarter: EUR 1,440,000"),
        "{text}"
    );
    assert!(text.contains("Revenue per year: EUR 5,760,000"), "{text}");
}

#[test]
fn show_says_a_stage_nobody_reaches_loses_nobody() {
    let dir = tempdir();
    let path = edited_example(dir.path(), "empty-end.ron", |t| {
        t.replace("count: 238", "count: 0")
            .replace("count: 60", "count: 0")
    });
    let o = run(&["show", path_str(&path)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let row = text
        .lines()
        .find(|l| l.starts_with("Opportunity"))
        .unwrap_or_else(|| panic!("{text}"));
    let cells: Vec<&str> = row.split_whitespace().collect();
    // Opportunity  sales  0  0.0 %  0  EUR 0 (ceiling)  EUR 0 (recover 10 %)  EUR 0 (controllable)
    assert_eq!(
        cells,
        [
            "Opportunity",
            "sales",
            "0",
            "0.0",
            "%",
            "0",
            "EUR",
            "0",
            "EUR",
            "0",
            "EUR",
            "0"
        ],
        "{row}"
    );
}

#[test]
fn a_plan_listing_an_idea_twice_counts_it_once() {
    let dir = tempdir();
    let path = edited_example(dir.path(), "twice.ron", |t| {
        t.replace("plan: (ideas: [1, 9, 11]", "plan: (ideas: [1, 9, 1, 11, 9]")
    });
    let twice: Value =
        serde_json::from_slice(&run(&["plan", path_str(&path), "--json"]).stdout).expect("JSON");
    let once: Value =
        serde_json::from_slice(&run(&["plan", EXAMPLE, "--json"]).stdout).expect("JSON");
    assert_eq!(twice, once);
    let ids: Vec<u64> = twice["ideas"]
        .as_array()
        .expect("ideas")
        .iter()
        .filter_map(|i| i["id"].as_u64())
        .collect();
    assert_eq!(ids, [1, 9, 11]);
    let text = stdout(&run(&["plan", path_str(&path)]));
    assert!(text.contains("Plan of 3 idea(s)"), "{text}");

    // Named twice on the command line, by id and by title: one idea.
    let o = run(&["plan", EXAMPLE, "1", "call every mql", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["ideas"].as_array().map(Vec::len), Some(1));

    // The exports count it once too.
    let out = dir.path().join("twice.json");
    let o = run(&[
        "export",
        path_str(&path),
        "-f",
        "json",
        "-o",
        path_str(&out),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc: Value = serde_json::from_str(&fs::read_to_string(&out).expect("read")).expect("JSON");
    let plan_ideas = doc["derived"]["plan"]["ideas"].as_array().map(Vec::len);
    assert_eq!(plan_ideas, Some(3), "{}", doc["derived"]["plan"]);
}

#[test]
fn opening_the_app_finds_the_file_where_show_does() {
    let dir = tempdir();
    fs::copy(EXAMPLE, dir.path().join("ex.ron")).expect("copy");
    let elsewhere = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let resolved = funnelcheck::cli::resolve_file(Path::new("ex.ron"), dir.path());
    assert_eq!(resolved, dir.path().join("ex.ron"));
    // A path with a folder, or a file that is not there, stays as given.
    let given = Path::new("sub/ex.ron");
    assert_eq!(funnelcheck::cli::resolve_file(given, dir.path()), given);
    assert_eq!(
        funnelcheck::cli::resolve_file(Path::new("nope.ron"), dir.path()),
        Path::new("nope.ron")
    );

    for args in [
        vec!["ex.ron", "--dir", path_str(dir.path())],
        vec!["open", "ex.ron", "--dir", path_str(dir.path())],
    ] {
        let o = run_in(elsewhere, &args);
        let err = stderr(&o);
        // Found: it only fails for want of a terminal.
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("needs a terminal"), "{args:?}: {err}");
    }
    let o = run_in(elsewhere, &["nope.ron", "--dir", path_str(dir.path())]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("cannot find nope.ron") && err.contains(path_str(dir.path())),
        "{err}"
    );
}

/// What a hostile hand-edited file carries in its text: a window-title
/// change (OSC … BEL), a clear-screen, a carriage return, a C1 CSI and DEL.
const SNEAKY: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J\r\u{9b}31m\u{7f}";
/// The same, as every command must show it (`safe.rs`'s rule).
const SNEAKY_SHOWN: &str = "\\e]0;pwned\\x07\\e[2J\\r\\x9b31m\\x7f";

/// The example with SNEAKY in its title, company, stage names, idea
/// titles, cause reasons and notes, action titles and owners, KPI names and
/// definitions, and the currency: still a valid session.
fn sneaky_session() -> funnelcheck::session::Session {
    use funnelcheck::session::{Effect, edit};
    let mut s = assets::example_session();
    let taint = |t: &mut String| t.push_str(SNEAKY);
    taint(&mut s.title);
    taint(&mut s.company);
    taint(&mut s.notes);
    taint(&mut s.currency);
    for k in 0..s.stages.len() {
        let name = format!("{}{SNEAKY}", s.stages[k].name);
        assert!(edit::rename_stage(&mut s, k, &name));
    }
    for stage in &mut s.stages {
        for c in &mut stage.causes {
            taint(&mut c.reason);
            taint(&mut c.note);
        }
    }
    for idea in &mut s.ideas {
        taint(&mut idea.title);
        taint(&mut idea.notes);
        if let Effect::RecoverLosses { cause: Some(c), .. } = &mut idea.effect {
            taint(c);
        }
    }
    for kpi in &mut s.kpis {
        let old = kpi.name.clone();
        taint(&mut kpi.name);
        taint(&mut kpi.definition);
        for a in &mut s.actions {
            if a.kpi.as_deref() == Some(old.as_str()) {
                a.kpi = Some(kpi.name.clone());
            }
        }
        for g in &mut s.goals {
            if g.kpi.as_deref() == Some(old.as_str()) {
                g.kpi = Some(kpi.name.clone());
            }
        }
    }
    for a in &mut s.actions {
        taint(&mut a.title);
    }
    let problems = funnelcheck::session::validate(&s);
    assert!(problems.is_empty(), "{problems:?}");
    s
}

/// Every byte a terminal acts on, other than the newline: C0 controls,
/// DEL and C1 controls (as UTF-8 characters), and the raw bytes 0x80–0x9f
/// some terminals read as C1 on their own.
fn raw_controls(bytes: &[u8]) -> Vec<String> {
    let mut found: Vec<String> = bytes
        .iter()
        .filter(|b| (**b < 0x20 && **b != b'\n') || **b == 0x7f)
        .map(|b| format!("{b:#04x}"))
        .collect();
    let text = String::from_utf8_lossy(bytes);
    found.extend(
        text.chars()
            .filter(|c| ('\u{80}'..='\u{9f}').contains(c))
            .map(|c| format!("U+{:04X}", u32::from(c))),
    );
    found
}

fn assert_inert(what: &str, o: &Output) {
    for (stream, bytes) in [("stdout", &o.stdout), ("stderr", &o.stderr)] {
        let raw = raw_controls(bytes);
        assert!(
            raw.is_empty(),
            "{what}: {stream} carries {raw:?}:\n{}",
            String::from_utf8_lossy(bytes).escape_debug()
        );
    }
}

#[test]
fn control_characters_from_a_file_are_shown_escaped_by_every_command() {
    let dir = tempdir();
    let path = dir.path().join("sneaky.ron");
    store::save(&path, &sneaky_session()).expect("saved");
    let file = path_str(&path);
    // `check` on a valid file names no file text; its problems are below.
    let text_commands: [&[&str]; 7] = [
        &["show", file],
        &["rank", file],
        &["sensitivity", file],
        &["plan", file, "--samples", "200"],
        &["actions", file],
        &["kpis", file],
        &["target", file],
    ];
    for args in text_commands {
        let o = run(args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        assert_inert(args[0], &o);
        let out = stdout(&o);
        assert!(out.contains(SNEAKY_SHOWN), "{args:?}:\n{out}");
    }

    // Columns still line up: every full row of a right-aligned last column
    // ends where the rule under the headers ends.
    for args in [["rank", file], ["show", file]] {
        let out = stdout(&run(&args));
        let lines: Vec<&str> = out.lines().collect();
        let rule = lines
            .iter()
            .position(|l| l.starts_with('─'))
            .expect("a table rule");
        let width = lines[rule].chars().count();
        let rows: Vec<&str> = lines[rule + 1..]
            .iter()
            .take_while(|l| l.contains(SNEAKY_SHOWN))
            .copied()
            .collect();
        assert!(rows.len() >= 5, "{out}");
        // `show`'s last stage has no step below it, so its row is shorter.
        let full = if args[0] == "show" {
            &rows[..rows.len() - 1]
        } else {
            &rows[..]
        };
        for row in full {
            assert_eq!(row.chars().count(), width, "{}: {row}\n{out}", args[0]);
        }
    }

    // JSON: inert on screen, the exact text to a reader.
    for cmd in ["rank", "sensitivity", "plan", "actions", "kpis", "target"] {
        let o = run(&[cmd, file, "--json"]);
        assert!(o.status.success(), "{cmd}: {}", stderr(&o));
        assert_inert(cmd, &o);
        let v: Value = serde_json::from_str(&stdout(&o)).expect("valid JSON");
        let all = v.to_string();
        assert!(
            all.contains("\\u001b]0;pwned\\u0007\\u001b[2J\\r\u{9b}31m\u{7f}"),
            "{cmd}: {all}"
        );
    }

    // Error messages: an idea the plan cannot find lists the titles.
    let o = run(&["plan", file, "no such idea"]);
    assert_eq!(o.status.code(), Some(1));
    assert_inert("plan's lookup error", &o);
    assert!(stderr(&o).contains(SNEAKY_SHOWN), "{}", stderr(&o));
}

#[test]
fn check_and_its_errors_escape_the_file_text() {
    let dir = tempdir();
    // A problem whose message quotes a KPI's name.
    let mut s = sneaky_session();
    s.kpis[4].actual = Some(-1.0);
    let path = dir.path().join("invalid.json");
    fs::write(&path, serde_json::to_string(&s).expect("json")).expect("written");
    let o = run(&["check", path_str(&path)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_inert("check", &o);
    assert!(stdout(&o).contains(SNEAKY_SHOWN), "{}", stdout(&o));
    let o = run(&["show", path_str(&path)]);
    assert_eq!(o.status.code(), Some(1));
    assert_inert("show on an invalid file", &o);
    assert!(stderr(&o).contains(SNEAKY_SHOWN), "{}", stderr(&o));

    // A syntax error on a line holding raw control characters: the excerpt
    // is escaped and the caret still points at the offending word.
    let bad = edited_example(dir.path(), "syntax.ron", |t| {
        t.replacen(
            "title: \"Q4 Funnel Reality Check\",",
            &format!("title: \"Q4{SNEAKY}\tx\" oops,"),
            1,
        )
    });
    for cmd in ["check", "show"] {
        let o = run(&[cmd, path_str(&bad)]);
        assert_eq!(o.status.code(), Some(1), "{cmd}");
        assert_inert(cmd, &o);
        let err = stderr(&o);
        let lines: Vec<&str> = err.lines().collect();
        let at = lines
            .iter()
            .position(|l| l.contains(SNEAKY_SHOWN))
            .unwrap_or_else(|| panic!("{cmd}: the excerpt is escaped:\n{err}"));
        assert!(
            lines[at].contains(&format!("Q4{SNEAKY_SHOWN}\\tx\" oops")),
            "{err}"
        );
        let caret = lines
            .get(at + 1)
            .and_then(|l| l.find('^'))
            .unwrap_or_else(|| panic!("{cmd}: a caret line:\n{err}"));
        assert_eq!(
            lines[at].chars().nth(caret),
            Some('o'),
            "{cmd}: the caret points at oops:\n{err}"
        );
    }
}
