//! `funnelcheck history` on the three-session fixture in sessions/history
//! (golden text and JSON), and every way a chain can break: a missing,
//! renamed, unusable or looping predecessor is reported with the path looked
//! at, and the later sessions still show.
//!
//! Golden files live in `tests/golden/history*`. After an intended change,
//! regenerate them with `UPDATE_GOLDEN=1 cargo test --test history`, then
//! read the diff (`git diff tests/golden`) before committing.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use support::golden;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/sessions/history");

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

fn fixture(name: &str) -> PathBuf {
    Path::new(FIXTURE).join(name)
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// The fixture's files named in `names` copied into a fresh folder.
fn copy(names: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temp dir");
    for n in names {
        fs::copy(fixture(n), dir.path().join(n)).expect("copy a fixture file");
    }
    dir
}

/// `text` of a fixture file with `from` replaced by `to` (which must occur).
fn edited(name: &str, from: &str, to: &str) -> String {
    let text = fs::read_to_string(fixture(name)).expect("read a fixture file");
    assert!(text.contains(from), "{name} holds {from:?}");
    text.replacen(from, to, 1)
}

#[test]
fn history_text_matches_golden() {
    let out = run(&["history", "sessions/history/q4.ron"]);
    assert!(out.status.success(), "{}", stderr(&out));
    golden::check("history.txt", &stdout(&out));
}

#[test]
fn history_json_matches_golden() {
    let out = run(&["history", "sessions/history/q4.ron", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let v: Value = serde_json::from_str(&text).expect("JSON");
    // Hand-checked: Q2 48 won · EUR 23,000; Q4 71 · 24,000.
    let close = |v: &Value, want: f64| {
        let got = v.as_f64().unwrap_or(f64::NAN);
        assert!(
            (got - want).abs() < 1e-6 * want.abs().max(1.0),
            "{got} is not {want}"
        );
    };
    close(&v["sessions"][0]["revenue"], 1_104_000.0);
    close(&v["sessions"][2]["revenue"], 1_704_000.0);
    assert_eq!(v["sessions"][1]["file"], "q3.ron");
    // MQL → SAL at Q3: 650 / 1,250 = 52 %.
    assert_eq!(v["steps"][1]["step"], "MQL → SAL");
    close(&v["steps"][1]["conversion"][1], 52.0);
    // Q2's six actions reviewed at Q3: done 2, partly 2, not done 1, dropped 1.
    let q3 = &v["actions"][0];
    assert_eq!(
        (&q3["date"], &q3["kept"], &q3["not_done"], &q3["dropped"]),
        (
            &Value::from("2026-08-19"),
            &Value::from(4),
            &Value::from(1),
            &Value::from(1)
        )
    );
    // MQLs: 1,460 against 1,452 at Q4, met by 8.
    let mqls = v["kpis"]
        .as_array()
        .and_then(|ks| ks.iter().find(|k| k["name"] == "MQLs"))
        .expect("the MQLs KPI");
    close(&mqls["checks"][1]["actual"], 1460.0);
    assert_eq!(mqls["checks"][1]["met"], true);
    close(&mqls["checks"][1]["gap"], 8.0);
    golden::check("history.json", &text);
}

#[test]
fn a_folder_of_one_company_gives_the_same_history_as_its_newest_file() {
    let by_file = run(&["history", "sessions/history/q4.ron"]);
    let by_dir = run(&["history", "sessions/history"]);
    assert!(by_dir.status.success(), "{}", stderr(&by_dir));
    assert_eq!(stdout(&by_dir), stdout(&by_file));
}

#[test]
fn a_missing_predecessor_is_reported_with_its_path_and_the_rest_still_shows() {
    let dir = copy(&["q3.ron", "q4.ron"]);
    let out = run(&["history", path_str(&dir.path().join("q4.ron"))]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let looked = dir.path().join("q2.ron");
    let first = text.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        format!(
            "warning: the link to q2.ron: {} not found; the history starts after \"Q2 Funnel Reality Check\" of 2026-05-20",
            looked.display()
        )
    );
    assert!(
        text.contains("2 session(s), 2026-08-19 to 2026-11-18"),
        "{text}"
    );
    assert!(!text.contains("2026-05-20  Q2"), "{text}");

    let json: Value = serde_json::from_str(&stdout(&run(&[
        "history",
        path_str(&dir.path().join("q4.ron")),
        "--json",
    ])))
    .expect("JSON");
    assert_eq!(json["broken"][0]["problem"], "not_found");
    assert_eq!(json["broken"][0]["looked_for"], path_str(&looked));
    assert_eq!(json["sessions"].as_array().map(Vec::len), Some(2));
}

#[test]
fn a_renamed_or_replaced_predecessor_is_not_taken_for_the_one_the_link_names() {
    let dir = copy(&["q3.ron", "q4.ron"]);
    fs::write(
        dir.path().join("q2.ron"),
        edited(
            "q2.ron",
            "title: \"Q2 Funnel Reality Check\"",
            "title: \"Budget planning\"",
        ),
    )
    .expect("write");
    let out = run(&["history", path_str(&dir.path().join("q4.ron"))]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with(&format!(
            "warning: the link to q2.ron: {} is \"Budget planning\" of 2026-05-20, not \"Q2 Funnel Reality Check\" of 2026-05-20; was the session renamed or replaced?",
            dir.path().join("q2.ron").display()
        )),
        "{text}"
    );
    assert!(text.contains("2 session(s)"), "{text}");
}

#[test]
fn an_unusable_predecessor_says_why_and_the_later_sessions_still_show() {
    let dir = copy(&["q3.ron", "q4.ron"]);
    fs::write(dir.path().join("q2.ron"), "(version: 1, title: ").expect("write");
    let out = run(&["history", path_str(&dir.path().join("q4.ron"))]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with(&format!(
            "warning: the link to q2.ron: {} cannot be used: {} is not a valid session file",
            dir.path().join("q2.ron").display(),
            dir.path().join("q2.ron").display()
        )),
        "{text}"
    );
    assert!(text.contains("2 session(s)"), "{text}");
}

#[test]
fn a_predecessor_with_a_bad_idea_still_counts_its_ideas_are_not_read() {
    // The history never reads a predecessor's ideas, so a problem in one
    // does not cut the chain; the newest session is checked in full.
    let dir = copy(&["q2.ron", "q4.ron"]);
    fs::write(
        dir.path().join("q3.ron"),
        edited("q3.ron", "effort_days: 3.0", "effort_days: 99999.0"),
    )
    .expect("write");
    let out = run(&["check", path_str(&dir.path().join("q3.ron"))]);
    assert_eq!(out.status.code(), Some(1), "the edit makes q3 invalid");
    let out = run(&["history", path_str(&dir.path().join("q4.ron"))]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("3 session(s)"), "{}", stdout(&out));
    // The same file named itself is refused.
    let out = run(&["history", path_str(&dir.path().join("q3.ron"))]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("problem"), "{}", stderr(&out));
}

#[test]
fn links_that_go_round_in_a_loop_stop_once_every_session_is_in() {
    let dir = copy(&["q3.ron", "q4.ron"]);
    fs::write(
        dir.path().join("q2.ron"),
        edited(
            "q2.ron",
            "    revenue_target:",
            "    previous: Some((path: \"q4.ron\", title: \"Q4 check-in\", date: \"2026-11-18\")),\n    revenue_target:",
        ),
    )
    .expect("write");
    let out = run(&["history", path_str(&dir.path().join("q4.ron"))]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with(&format!(
            "warning: the link to q4.ron: {} is already in this history (the links go round in a loop)",
            dir.path().join("q4.ron").display()
        )),
        "{text}"
    );
    assert!(
        text.contains("3 session(s), 2026-05-20 to 2026-11-18"),
        "{text}"
    );
}

#[test]
fn a_folder_of_several_companies_needs_one_named() {
    let dir = copy(&["q2.ron", "q3.ron", "q4.ron"]);
    fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/sessions/example.ron"),
        dir.path().join("other.ron"),
    )
    .expect("copy");
    fs::write(
        dir.path().join("other.ron"),
        fs::read_to_string(dir.path().join("other.ron"))
            .expect("read")
            .replacen("Northwind Analytics", "Contoso", 1),
    )
    .expect("write");
    fs::write(dir.path().join("notes.json"), "{\"not\": \"a session\"}").expect("write");
    // A copy kept aside after a save conflict is the same session, not a fourth.
    fs::copy(
        fixture("q3.ron"),
        dir.path().join("q3.theirs-20260820-101500.ron"),
    )
    .expect("copy");
    let d = path_str(dir.path());

    let out = run(&["history", d]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!(
            "{d} holds sessions of 2 companies: \"Contoso\", \"Northwind Analytics\"; name one with --company"
        )),
        "{}",
        stderr(&out)
    );

    let out = run(&["history", d, "--company", "northwind analytics"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("3 session(s), 2026-05-20 to 2026-11-18"),
        "{text}"
    );
    // The file that is not a session is named, and left out.
    assert!(
        text.starts_with(&format!(
            "warning: {} was left out: {} is not a valid session file",
            dir.path().join("notes.json").display(),
            dir.path().join("notes.json").display()
        )),
        "{text}"
    );

    let out = run(&["history", d, "--company", "Fabrikam"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("holds no session of \"Fabrikam\""),
        "{}",
        stderr(&out)
    );

    let out = run(&["history", "sessions/history/q4.ron", "--company", "Contoso"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("drop --company or give the folder"),
        "{}",
        stderr(&out)
    );
}

/// The HTML report of the fixture's newest session, with its history.
fn q4_html() -> String {
    let chain = funnelcheck::store::chain::chain(&fixture("q4.ron")).expect("q4 loads");
    assert!(chain.broken.is_empty());
    let (newest, previous) = chain.sessions.split_last().expect("three sessions");
    let report = funnelcheck::export::Report::build_with_history(newest, previous);
    match report
        .render(funnelcheck::export::Format::Html)
        .expect("render")
    {
        funnelcheck::export::Rendered::One(text) => text,
        funnelcheck::export::Rendered::Csv { .. } => panic!("HTML is one document"),
    }
}

/// The trend section of a report, from its opening tag to its end.
fn trend_section(page: &str) -> Option<&str> {
    let start = page.find("<section class=\"chapter keep\" aria-labelledby=\"h-trend\">")?;
    let len = page[start..].find("</section>\n")? + "</section>\n".len();
    Some(&page[start..start + len])
}

#[test]
fn html_trend_section_matches_golden() {
    let page = q4_html();
    let section = trend_section(&page).expect("a follow-up's report has a trend section");
    // Revenue, five steps' conversions, three managed KPIs.
    assert_eq!(section.matches("<svg ").count(), 9);
    assert!(section.contains("<desc id=\"trend-1-desc\">EUR 1.1M on 2026-05-20; EUR 1.3M on 2026-08-19; EUR 1.7M on 2026-11-18.</desc>"), "{section}");
    // MQLs: 1,250 against 1,452 missed at Q3, 1,460 met at Q4.
    assert!(
        section.contains("<title>2026-08-19: 1,250, target missed</title>"),
        "{section}"
    );
    assert!(
        section.contains("<title>2026-11-18: 1,460, target met</title>"),
        "{section}"
    );
    golden::check("history-trend.html", section);
    // The whole page too, for the browser check:
    // tests/browser.sh tests/golden/history-q4.html
    golden::check("history-q4.html", &page);
}

#[test]
fn html_trend_charts_are_labelled_valid_and_self_contained() {
    let page = q4_html();
    let doc = scraper::Html::parse_document(&page);
    let sel = |s: &str| scraper::Selector::parse(s).expect("a selector");
    let mut ids = std::collections::HashSet::new();
    for el in doc.select(&sel("[id]")) {
        let id = el.attr("id").unwrap_or_default();
        assert!(ids.insert(id.to_string()), "the id {id} is used twice");
    }
    let charts: Vec<_> = doc
        .select(&sel("section[aria-labelledby=h-trend] svg"))
        .collect();
    assert_eq!(charts.len(), 9);
    for svg in charts {
        assert_eq!(svg.attr("role"), Some("img"));
        let labels = svg.attr("aria-labelledby").expect("aria-labelledby");
        for id in labels.split_whitespace() {
            assert!(ids.contains(id), "aria-labelledby names a missing id {id}");
        }
        let title = svg.select(&sel("title")).next().expect("a title");
        assert!(!title.text().collect::<String>().trim().is_empty());
    }
    let section = trend_section(&page).expect("a trend section");
    for forbidden in ["<script", "http://", "https://", "url(", "<img", "<link"] {
        let hits = section.matches(forbidden).count()
            - section
                .matches("xmlns=\"http://www.w3.org/2000/svg\"")
                .count()
                * usize::from(forbidden == "http://");
        assert_eq!(hits, 0, "the trend section holds {forbidden}");
    }
}

#[test]
fn the_export_command_draws_the_trend_of_a_follow_up_only() {
    let dir = copy(&["q2.ron", "q3.ron", "q4.ron"]);
    let out = run(&["export", path_str(&dir.path().join("q4.ron")), "-f", "html"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = fs::read_to_string(dir.path().join("q4-report.html")).expect("the report");
    assert_eq!(trend_section(&page), trend_section(&q4_html()));
    assert!(trend_section(&page).is_some());

    let out = run(&["export", path_str(&dir.path().join("q2.ron")), "-f", "html"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = fs::read_to_string(dir.path().join("q2-report.html")).expect("the report");
    assert_eq!(
        trend_section(&page),
        None,
        "the first session has no history"
    );

    // A broken link is said, and the report still comes, with what loaded.
    fs::remove_file(dir.path().join("q2.ron")).expect("remove q2");
    let out = run(&[
        "export",
        path_str(&dir.path().join("q4.ron")),
        "-f",
        "html",
        "--force",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("warning: the link to q2.ron:"),
        "{}",
        stdout(&out)
    );
    let page = fs::read_to_string(dir.path().join("q4-report.html")).expect("the report");
    assert!(
        trend_section(&page).is_some_and(|s| s.contains("The 2 sessions of this history")),
        "the trend of q3 and q4"
    );
}

#[test]
fn the_app_export_gets_the_trend_from_the_session_in_memory_and_its_predecessors() {
    // What the app's "export everything" does: the session open in memory
    // (ahead of its file) and the predecessors its link leads to.
    let dir = copy(&["q2.ron", "q3.ron", "q4.ron"]);
    let path = dir.path().join("q4.ron");
    let mut session = funnelcheck::store::load(&path).expect("q4 loads");
    let previous = funnelcheck::store::chain::predecessors(&path, &session);
    assert!(previous.broken.is_empty());
    assert_eq!(
        previous.paths,
        [dir.path().join("q2.ron"), dir.path().join("q3.ron")]
    );
    let out = dir.path().join("q4-export");
    funnelcheck::export::export_all_with(&session, &previous.sessions, Some(&path), &out)
        .expect("export");
    let page = fs::read_to_string(out.join("report.html")).expect("report.html");
    assert_eq!(trend_section(&page), trend_section(&q4_html()));

    // An edit not saved yet shows: this period's won deals typed in the app.
    if let Some(won) = session.stages.last_mut() {
        won.count = 80;
    }
    funnelcheck::export::export_all_with(&session, &previous.sessions, Some(&path), &out)
        .expect("export");
    let page = fs::read_to_string(out.join("report.html")).expect("report.html");
    // 80 won · EUR 24,000 = EUR 1.92M.
    assert!(
        trend_section(&page).is_some_and(|s| s.contains("EUR 1.9M on 2026-11-18")),
        "{page}"
    );
    // A session that follows nothing has no predecessors to load.
    let first = funnelcheck::store::load(&dir.path().join("q2.ron")).expect("q2 loads");
    let none = funnelcheck::store::chain::predecessors(&dir.path().join("q2.ron"), &first);
    assert!(none.sessions.is_empty() && none.broken.is_empty());
}

/// The JSON export of a follow-up carries the trend as `derived.trend`:
/// the same sessions and revenue `history --json` prints; a first session
/// has none.
#[test]
fn the_json_export_of_a_follow_up_carries_its_trend() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("q4.json");
    let o = run(&[
        "export",
        &format!("{FIXTURE}/q4.ron"),
        "--format",
        "json",
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let exported: Value =
        serde_json::from_str(&fs::read_to_string(&out).expect("written")).expect("JSON");
    let trend = &exported["derived"]["trend"];
    let history = run(&["history", &format!("{FIXTURE}/q4.ron"), "--json"]);
    let history: Value = serde_json::from_slice(&history.stdout).expect("history JSON");
    let sessions = trend["sessions"].as_array().expect("sessions");
    assert_eq!(sessions.len(), 3);
    for (e, h) in sessions
        .iter()
        .zip(history["sessions"].as_array().expect("sessions"))
    {
        for key in ["date", "title", "revenue", "check_in", "counts_in"] {
            assert_eq!(e[key], h[key], "{key}");
        }
    }
    let first = dir.path().join("q2.json");
    let o = run(&[
        "export",
        &format!("{FIXTURE}/q2.ron"),
        "--format",
        "json",
        "-o",
        first.to_str().expect("utf-8"),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let q2: Value =
        serde_json::from_str(&fs::read_to_string(&first).expect("written")).expect("JSON");
    assert!(
        q2["derived"].get("trend").is_none(),
        "a first session has no trend"
    );
}

/// The Markdown report of a follow-up has the trend as a table: revenue
/// and every step's conversion per session, oldest first.
#[test]
fn the_markdown_export_of_a_follow_up_has_a_trend_table() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("q4.md");
    let o = run(&[
        "export",
        &format!("{FIXTURE}/q4.ron"),
        "--format",
        "md",
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let md = fs::read_to_string(&out).expect("written");
    for want in [
        "## Trend",
        "| Step                    |    2026-05-20 |    2026-08-19 |    2026-11-18 |",
        "| **Revenue per quarter** | EUR 1,104,000 | EUR 1,292,500 | EUR 1,704,000 |",
        "| MQL → SAL               |        48.7 % |        52.0 % |        54.1 % |",
    ] {
        assert!(md.contains(want), "missing {want:?} in:\n{md}");
    }
}
