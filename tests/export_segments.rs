//! The segments part of the exports for a session imported from a CRM
//! export: golden files in every format, figures checked against hand-worked
//! numbers, and hostile segment names, reasons and file names kept inert in
//! every format.
//!
//! After an intended change, regenerate the golden files with
//! `UPDATE_GOLDEN=1 cargo test --test export_segments`, then read the diff
//! (`git diff tests/golden`) before committing.

mod support;

use funnelcheck::assets;
use funnelcheck::export::{self, Format, Rendered};
use funnelcheck::import::{self, Options};
use funnelcheck::session::{Effect, Session};
use serde_json::Value;
use support::golden;

/// `n` rows of one kind: (industry, stage, status, reason, amount).
fn rows(out: &mut String, n: usize, industry: &str, stage: &str, status: &str, reason: &str) {
    for _ in 0..n {
        let id = out.lines().count();
        let amount = match (status, industry) {
            ("Won", "Retail") => "20000",
            ("Won", _) => "40000",
            _ => "",
        };
        out.push_str(&format!(
            "R{id},{stage},{status},{reason},{amount},2026-10-01,\"{}\"\n",
            industry.replace('"', "\"\"")
        ));
    }
}

/// One row per record (shape 1) with the example's stage names; two
/// industries, or the three hostile ones. Losses per industry (a = first,
/// b = second, c = third):
/// - Inquiry: a 20 "No decision", 10 "Lost to Competitor", 6 blank;
///   b 10 "not ready to buy", 5 blank; c 1 "Went with status quo"
/// - MQL: a 5 "no follow-up", 3 "Price"; b 4 "wrong persona"
/// - SAL: a 3 "no decision", 2 open; b 2 "timing"
/// - SQL: a 2 "lost to competitor"; b 3 "No Decision"
/// - Opportunity: a 2 "Price", 1 "Went with status quo" (a new code);
///   b 3 "lost to competitor"
/// - Won: a 4 at 20,000, b 5 at 40,000
fn crm_csv(names: [&str; 3]) -> String {
    let [a, b, c] = names;
    let mut out = String::from("Record ID,Stage,Status,Lost Reason,Amount,Create Date,Industry\n");
    rows(&mut out, 20, a, "Inquiry", "Lost", "No decision");
    rows(&mut out, 10, a, "Inquiry", "Lost", "Lost to Competitor");
    rows(&mut out, 6, a, "Inquiry", "Lost", "");
    rows(&mut out, 5, a, "MQL", "Lost", "no follow-up");
    rows(&mut out, 3, a, "MQL", "Lost", "Price");
    rows(&mut out, 3, a, "SAL", "Lost", "no decision");
    rows(&mut out, 2, a, "SAL", "Open", "");
    rows(&mut out, 2, a, "SQL", "Lost", "lost to competitor");
    rows(&mut out, 2, a, "Opportunity", "Lost", "Price");
    rows(
        &mut out,
        1,
        a,
        "Opportunity",
        "Lost",
        "Went with status quo",
    );
    rows(&mut out, 4, a, "Won", "Won", "");
    rows(&mut out, 10, b, "Inquiry", "Lost", "not ready to buy");
    rows(&mut out, 5, b, "Inquiry", "Lost", "");
    rows(&mut out, 4, b, "MQL", "Lost", "wrong persona");
    rows(&mut out, 2, b, "SAL", "Lost", "timing");
    rows(&mut out, 3, b, "SQL", "Lost", "No Decision");
    rows(&mut out, 3, b, "Opportunity", "Lost", "lost to competitor");
    rows(&mut out, 5, b, "Won", "Won", "");
    rows(&mut out, 1, c, "Inquiry", "Lost", "Went with status quo");
    out
}

/// The example session with the counts of [`crm_csv`] imported, split by
/// industry (every record counted: no period).
fn imported(names: [&str; 3], file: &str) -> Session {
    let mut s = assets::example_session();
    // The example's ideas aim at causes this small export does not have:
    // aimed at all of their step's losses, they stay valid after it.
    for idea in &mut s.ideas {
        if let Effect::RecoverLosses { cause, .. } = &mut idea.effect {
            *cause = None;
        }
    }
    let opts = Options {
        stages: s.stages.iter().map(|st| st.name.clone()).collect(),
        segments: vec!["Industry".to_string()],
        ..Options::default()
    };
    let csv = crm_csv(names);
    let imp = import::import(csv.as_bytes(), &opts).expect("the export reads");
    import::apply(&s, &imp, &opts, file)
        .expect("the figures go in")
        .session
}

fn clean() -> Session {
    imported(["Retail", "Tech", "Public sector"], "crm-export.csv")
}

fn one(s: &Session, format: Format) -> String {
    match export::render(s, format).expect("render") {
        Rendered::One(text) => text,
        Rendered::Csv { .. } => panic!("{format} renders one document"),
    }
}

fn csv_tables(s: &Session) -> (String, String) {
    match export::render(s, Format::Csv).expect("render") {
        Rendered::Csv { segments, .. } => segments.expect("an imported session has segment tables"),
        Rendered::One(_) => panic!("CSV renders tables"),
    }
}

#[test]
fn imported_session_matches_golden_files() {
    let s = clean();
    golden::check("segments.md", &one(&s, Format::Markdown));
    golden::check("segments.html", &one(&s, Format::Html));
    golden::check("segments.json", &one(&s, Format::Json));
    let (segments, kinds) = csv_tables(&s);
    golden::check("segments-segments.csv", &segments);
    golden::check("segments-loss-kinds.csv", &kinds);
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn json_carries_the_figures_worked_by_hand() {
    let s = clean();
    let doc: Value = serde_json::from_str(&one(&s, Format::Json)).expect("JSON parses");
    let part = &doc["derived"]["segments"];
    assert_eq!(part["source"]["file"], "crm-export.csv");
    assert_eq!(part["source"]["mode"], "flow");
    assert_eq!(part["source"]["rows_used"], 91);
    assert_eq!(part["source"]["edited_by_hand"], serde_json::json!([]));

    // Sorted by name: Public sector, Retail, Tech.
    let segs = part["segments"].as_array().expect("segments");
    let names: Vec<&str> = segs.iter().filter_map(|g| g["name"].as_str()).collect();
    assert_eq!(names, ["Public sector", "Retail", "Tech"]);
    assert_eq!(segs[1]["top_count"], 58);
    assert_eq!(segs[2]["top_count"], 32);
    assert_eq!(segs[1]["won"], 4.0);
    assert_eq!(segs[1]["deal_size"], 20000.0);
    assert_eq!(segs[1]["revenue_per_period"], 80000.0);
    assert_eq!(segs[2]["revenue_per_period"], 200000.0);
    // Retail: 58 → 22 → 14 → 9 → 7 → 4 (2 open at SAL leave the funnel
    // there too), D 20,000. V_k = L_k · d_k · D with d_k = won / N_{k+1}.
    let retail =
        20000.0 * (36.0 * 4.0 / 22.0 + 8.0 * 4.0 / 14.0 + 5.0 * 4.0 / 9.0 + 2.0 * 4.0 / 7.0 + 3.0);
    let v = segs[1]["value_lost_ceiling"].as_f64().expect("number");
    assert!(close(v, retail), "{v} vs {retail}");

    // Inquiry → MQL over all segments: 36 + 15 + 1 = 52 lost; no decision
    // 20, competitor 10, timing 10 ("not ready to buy"), unknown 6 + 5
    // blank and 1 new reason.
    let k0 = &part["steps"][0]["loss_kinds"];
    assert_eq!(k0["lost"], 52.0);
    assert!(close(
        k0["no_decision"].as_f64().unwrap_or(-1.0),
        20.0 / 52.0
    ));
    assert!(close(
        k0["competitor"].as_f64().unwrap_or(-1.0),
        10.0 / 52.0
    ));
    assert!(close(k0["timing"].as_f64().unwrap_or(-1.0), 10.0 / 52.0));
    assert!(close(k0["unknown"].as_f64().unwrap_or(-1.0), 12.0 / 52.0));

    // The reason × segment table of step 1: Retail's 20 "no decision" of 36
    // is the largest cell.
    let grid = &part["steps"][0]["reasons"];
    assert_eq!(grid["reasons"][0], "no decision");
    assert_eq!(grid["cells"][0][1]["count"], 20);
    assert!(close(
        grid["cells"][0][1]["share"].as_f64().unwrap_or(-1.0),
        20.0 / 36.0
    ));
    assert_eq!(grid["cells"][0][1]["largest"], true);
    assert_eq!(grid["totals"], serde_json::json!([1, 36, 15]));
}

#[test]
fn the_kinds_table_never_adds_no_decision_and_competitor() {
    let s = clean();
    let md = one(&s, Format::Markdown);
    assert!(md.contains("| No decision | Competitor |"), "{md}");
    assert!(
        !md.to_lowercase().contains("no decision + competitor")
            && !md.to_lowercase().contains("no decision or competitor")
    );
    let (_, kinds) = csv_tables(&s);
    let header = kinds.lines().next().unwrap_or_default();
    assert_eq!(
        header,
        "step,label,lost,no_decision,competitor,price_or_value,timing,bad_fit,unknown"
    );
    assert_eq!(kinds.lines().count(), 1 + s.step_count() + 1);
    assert!(
        kinds
            .lines()
            .last()
            .unwrap_or_default()
            .starts_with(",whole funnel,")
    );
}

#[test]
fn a_hand_edit_since_the_import_is_named() {
    let mut s = clean();
    s.stages[1].count += 1;
    s.deal_size += 1.0;
    let md = one(&s, Format::Markdown);
    assert!(
        md.contains("Edited by hand since the import: MQL count, deal size."),
        "{md}"
    );
    let html = one(&s, Format::Html);
    assert!(html.contains("Edited by hand since the import: MQL count, deal size."));
}

#[test]
fn a_session_without_segments_or_import_has_no_segments_part() {
    let s = assets::example_session();
    assert!(!one(&s, Format::Markdown).contains("## Segments"));
    assert!(!one(&s, Format::Json).contains("\"segments\""));
    match export::render(&s, Format::Csv).expect("render") {
        Rendered::Csv { segments, .. } => assert_eq!(segments, None),
        Rendered::One(_) => panic!("CSV renders tables"),
    }
}

const FORMULA: &str = "=cmd|' /C calc'!A0";
const SCRIPT: &str = "<script>alert(1)</script>";
const ESCAPE: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J";

fn hostile() -> Session {
    let mut s = imported(
        [FORMULA, SCRIPT, &format!("red{ESCAPE}")],
        &format!("{SCRIPT}{ESCAPE}.csv"),
    );
    // A reason the CRM spelt as markup, in the reason × segment table.
    for seg in &mut s.segments {
        for step in &mut seg.losses {
            for r in step
                .iter_mut()
                .filter(|r| r.reason == "went with status quo")
            {
                r.reason = format!("{SCRIPT} {FORMULA}");
            }
        }
    }
    s
}

#[test]
fn hostile_names_reach_the_session_unchanged() {
    let s = hostile();
    let names: Vec<&str> = s.segments.iter().map(|g| g.name.as_str()).collect();
    assert!(names.contains(&SCRIPT), "{names:?}");
    assert!(names.contains(&FORMULA), "{names:?}");
    assert!(names.iter().any(|n| n.contains('\u{1b}')), "{names:?}");
}

#[test]
fn hostile_text_is_inert_in_markdown() {
    let md = one(&hostile(), Format::Markdown);
    let part = &md[md.find("## Segments").expect("segments part")..];
    assert!(!part.contains("<script>"), "raw markup in {part}");
    assert!(part.contains("\\<script\\>alert(1)\\</script\\>"));
    assert!(part.contains("=cmd\\|' /C calc'!A0"), "the pipe is escaped");
    assert!(!md.contains('\u{1b}') && !md.contains('\u{7}'));
}

#[test]
fn hostile_text_is_inert_in_html() {
    let html = one(&hostile(), Format::Html);
    let part = &html[html.find("id=\"h-segments\"").expect("segments part")..];
    assert!(!part.contains("<script>"), "raw markup");
    assert!(part.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;"));
    assert!(!html.contains('\u{1b}') && !html.contains('\u{7}'));
    assert!(!html.to_lowercase().contains("<script"));
    // Every bar of the chart names its segment in a title.
    let chart = &part[part.find("<svg").expect("chart")..part.find("</svg>").expect("chart end")];
    assert_eq!(chart.matches("<g><title>").count(), 3);
}

#[test]
fn hostile_text_is_inert_in_json() {
    let json = one(&hostile(), Format::Json);
    assert!(!json.contains('\u{1b}'), "control characters are escaped");
    let doc: Value = serde_json::from_str(&json).expect("JSON parses");
    let names: Vec<&str> = doc["derived"]["segments"]["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .filter_map(|g| g["name"].as_str())
        .collect();
    assert!(names.contains(&SCRIPT) && names.contains(&FORMULA));
    assert_eq!(
        doc["derived"]["segments"]["source"]["file"],
        format!("{SCRIPT}{ESCAPE}.csv")
    );
}

#[test]
fn hostile_text_is_neutralised_in_csv() {
    let (segments, _) = csv_tables(&hostile());
    let mut r = csv::Reader::from_reader(segments.as_bytes());
    let names: Vec<String> = r
        .records()
        .map(|rec| rec.expect("a CSV record")[0].to_string())
        .collect();
    assert!(names.contains(&format!("'{FORMULA}")), "{names:?}");
    assert!(names.contains(&SCRIPT.to_string()), "{names:?}");
    assert!(
        names.iter().any(|n| n.ends_with(ESCAPE)),
        "the CSV keeps the text as data: {names:?}"
    );
    assert!(!names.contains(&FORMULA.to_string()));
}
