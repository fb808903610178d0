//! Segments and kinds of loss on the Funnel (2), the Stage walk (3) and the
//! Summary (7): sessions built by importing the CRM fixtures.

mod support;

use std::path::PathBuf;

use chrono::NaiveDate;
use crossterm::event::KeyCode;
use funnelcheck::import::{self, Mode};
use funnelcheck::session::{ReasonCount, Segment, Session};
use funnelcheck::tui::App;
use funnelcheck::{assets, store};
use insta::assert_snapshot;
use support::{keys, press, screen};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/import/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A session with the fixtures' four stages, dated after their quarter.
fn blank() -> Session {
    let t = assets::template("demand-waterfall").expect("template");
    let mut s = assets::new_session(
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
    s
}

/// `blank()` with `file` imported as a cohort from 1 Jan 2026, split by `column`.
fn imported(file: &str, column: &str) -> Session {
    let s = blank();
    let mut opts = import::options_for(&s);
    opts.segments = vec![column.to_string()];
    opts.from = NaiveDate::from_ymd_opt(2026, 1, 1);
    opts.mode = Mode::Cohort;
    let imp = import::import(fixture(file).as_slice(), &opts).expect("import");
    import::apply(&s, &imp, &opts, file).expect("apply").session
}

fn open(s: &Session) -> (tempfile::TempDir, PathBuf, App) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("imported.ron");
    store::save(&path, s).expect("save");
    let app = App::new(
        &support::options(Some(path.clone()), dir.path()),
        support::at(0),
    );
    (dir, path, app)
}

fn session(app: &App) -> &Session {
    &app.doc.as_ref().expect("a session is open").session
}

fn status(app: &App) -> (String, bool) {
    app.status
        .as_ref()
        .map_or((String::new(), false), |s| (s.text.clone(), s.error))
}

/// shape1 by Region: North 4 → 3 → 1 → 1 at 12,000, South 3 → 3 → 3 → 1 at
/// 8,000 (the whole funnel 7 → 6 → 4 → 2).
fn regions() -> Session {
    imported("shape1_deals.csv", "Region")
}

#[test]
fn funnel_with_segments_all_and_one() {
    let (_d, _p, mut app) = open(&regions());
    keys(&mut app, "2");
    let all = screen(&mut app, 80, 24);
    assert!(all.contains("segments: 2 (s)"), "{all}");
    assert!(
        all.contains("Counts from shape1_deals.csv · cohort: records created in the period"),
        "{all}"
    );
    assert!(!all.contains('✎'), "nothing was edited by hand: {all}");
    assert_snapshot!("funnel_segments_all_80x24", all);
    assert_snapshot!("funnel_segments_all_160x48", screen(&mut app, 160, 48));
    keys(&mut app, "s");
    let north = screen(&mut app, 80, 24);
    // North alone: 1 won × EUR 12,000.
    assert!(north.contains("Segment North (read-only)"), "{north}");
    assert!(
        north.contains("North: Revenue per quarter (EUR)") && north.contains("= EUR 12,000"),
        "{north}"
    );
    assert!(north.contains("segment 1 of 2 (s/S)"), "{north}");
    assert_snapshot!("funnel_segment_north_80x24", north);
    assert_snapshot!("funnel_segment_north_160x48", screen(&mut app, 160, 48));
}

#[test]
fn funnel_marks_a_count_edited_since_the_import() {
    let mut s = regions();
    s.stages[0].count = 8;
    let (_d, _p, mut app) = open(&s);
    keys(&mut app, "2");
    let shown = screen(&mut app, 80, 24);
    let lead = shown
        .lines()
        .find(|l| l.contains("Lead"))
        .unwrap_or_default();
    assert!(lead.contains("8 ✎"), "{lead}");
    let qualified = shown
        .lines()
        .find(|l| l.contains("Qualified"))
        .unwrap_or_default();
    assert!(!qualified.contains('✎'), "{qualified}");
    assert!(
        shown.contains("✎ edited by hand since the import of shape1_deals.csv"),
        "{shown}"
    );
    assert_snapshot!("funnel_hand_edited_80x24", shown);
    assert_snapshot!("funnel_hand_edited_160x48", screen(&mut app, 160, 48));
}

#[test]
fn g_cycles_through_the_segments_and_wraps_both_ways() {
    let (_d, _p, mut app) = open(&regions());
    let title = |app: &mut App| {
        let shown = screen(app, 80, 24);
        shown
            .lines()
            .find(|l| l.starts_with('┌'))
            .unwrap_or_default()
            .to_string()
    };
    keys(&mut app, "2");
    assert!(title(&mut app).contains("Stages"));
    keys(&mut app, "s");
    assert!(title(&mut app).contains("Segment North"));
    keys(&mut app, "s");
    assert!(title(&mut app).contains("Segment South"));
    keys(&mut app, "s");
    assert!(
        title(&mut app).contains("Stages"),
        "after the last segment, all again"
    );
    keys(&mut app, "S");
    assert!(
        title(&mut app).contains("Segment South"),
        "G goes backwards from all to the last"
    );
    keys(&mut app, "S");
    assert!(title(&mut app).contains("Segment North"));
    // The Stage walk has its own selector, with the same keys.
    keys(&mut app, "3");
    assert!(!screen(&mut app, 80, 24).contains("SEGMENT"));
    keys(&mut app, "S");
    assert!(screen(&mut app, 80, 24).contains("SEGMENT South (read-only)"));
}

#[test]
fn edits_are_refused_while_a_segment_is_shown() {
    let (_d, path, mut app) = open(&regions());
    let before = store::load(&path).expect("load");
    keys(&mut app, "2s");
    for key in ["\n", "d", "a", " "] {
        match key {
            "\n" => press(&mut app, KeyCode::Enter),
            k => keys(&mut app, k),
        }
        let (text, error) = status(&app);
        assert!(error, "{key:?}: {text}");
        assert!(
            text.contains("North") && text.contains("\"all\"") && text.contains("whole funnel"),
            "{text}"
        );
        assert!(
            app.mode() != funnelcheck::tui::keymap::Mode::Editing,
            "no field opens"
        );
    }
    assert_eq!(session(&app), &before);
    assert_eq!(store::load(&path).expect("load"), before);
    // On the Stage walk too: no cause or idea form opens.
    keys(&mut app, "3s");
    keys(&mut app, "c");
    assert!(status(&app).1);
    keys(&mut app, "i");
    assert!(status(&app).1);
    assert_eq!(store::load(&path).expect("load"), before);
    // Back on "all" (North, G, all), editing works again.
    keys(&mut app, "2S");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), funnelcheck::tui::keymap::Mode::Editing);
}

#[test]
fn g_without_segments_says_how_to_get_them() {
    let (_dir, _path, mut app) = support::example_app();
    for screen_key in ["2", "3"] {
        keys(&mut app, screen_key);
        let before = screen(&mut app, 80, 24);
        assert!(!before.contains("segments:"), "{before}");
        keys(&mut app, "s");
        let (text, error) = status(&app);
        assert!(!error, "{text}");
        assert!(
            text.contains("no segments") && text.contains("import") && text.ends_with("with i"),
            "{text}"
        );
    }
}

#[test]
fn walk_reason_by_segment_table() {
    let (_d, _p, mut app) = open(&regions());
    // Proposal → Customer: North lost none, South lost 2 (competitor 1, no reason 1).
    keys(&mut app, "3nn");
    let shown = screen(&mut app, 80, 24);
    assert!(
        shown.contains("no decision 0.0 % · competitor 50.0 %"),
        "{shown}"
    );
    let row = shown
        .lines()
        .find(|l| l.contains("│lost to competitor"))
        .unwrap_or_default();
    assert!(row.contains("◆50.0 % (1)"), "{row}");
    assert!(
        shown.contains("EXTERNAL · sales") && shown.contains("competitor"),
        "{shown}"
    );
    assert_snapshot!("walk_segments_few_80x24", shown);
    assert_snapshot!("walk_segments_few_160x48", screen(&mut app, 160, 48));
}

/// Twelve segments, each losing at Qualified → Proposal: "price" 20 + i,
/// "no decision" 10, "lost to competitor" i (none for the first).
fn many() -> Session {
    let mut s = regions();
    s.segments = (0..12u64)
        .map(|i| Segment {
            name: format!("Region {:02}", i + 1),
            counts: vec![200 + i, 150, 100 - 30 - i, 20],
            days: Vec::new(),
            deal_size: 10_000.0,
            losses: vec![
                Vec::new(),
                vec![
                    ReasonCount {
                        reason: "price".into(),
                        count: 20 + i,
                    },
                    ReasonCount {
                        reason: "no decision".into(),
                        count: 10,
                    },
                    ReasonCount {
                        reason: "lost to competitor".into(),
                        count: i,
                    },
                ]
                .into_iter()
                .filter(|r| r.count > 0)
                .collect(),
                Vec::new(),
            ],
        })
        .collect();
    s
}

#[test]
fn walk_many_segments_show_fewer_columns_and_follow_g() {
    let (_d, _p, mut app) = open(&many());
    keys(&mut app, "3n");
    let small = screen(&mut app, 80, 24);
    assert!(
        small.contains("more"),
        "a hint says columns are left out: {small}"
    );
    assert!(
        small.contains("Region 01") && !small.contains("Region 12"),
        "{small}"
    );
    // Region 12 lost 31 + 10 + 11 = 52: price 31 is 59.6 %, and among the largest.
    assert_snapshot!("walk_segments_many_80x24", small);
    for _ in 0..12 {
        keys(&mut app, "s");
    }
    let last = screen(&mut app, 80, 24);
    assert!(
        last.contains("▶Region 12") && last.contains("◆59.6 % (31)"),
        "{last}"
    );
    assert!(!last.contains("Region 01"), "{last}");
    assert_snapshot!("walk_segments_many_last_80x24", last);
    keys(&mut app, "s");
    let wide = screen(&mut app, 160, 48);
    assert_snapshot!("walk_segments_many_160x48", wide);
}

#[test]
fn summary_names_the_leakiest_segment_and_the_kinds() {
    let (_d, _p, mut app) = open(&regions());
    keys(&mut app, "7");
    let small = screen(&mut app, 80, 24);
    // North: V_0 = 1 · (1/3) · 12,000 = 4,000, V_1 = 2 · 1 · 12,000 = 24,000;
    // South: V_2 = 2 · 8,000 = 16,000 → North, 28,000 of 44,000 = 63.6 %.
    assert!(
        small.contains("Leaks most: North · 63.6 % · 28k"),
        "{small}"
    );
    // 7 → 6 → 4 → 2 loses 1, 2, 2: competitor 2 · 0.5 = 1 of 5.
    assert!(
        small.contains("Lost to no decision 0.0 %") && small.contains("vs competitor 20.0 %"),
        "{small}"
    );
    assert_snapshot!("summary_segments_80x24", small);
    let wide = screen(&mut app, 160, 48);
    assert!(
        wide.contains("Leaks most: North, 63.6 % of the segments' value lost (EUR 28,000 per"),
        "{wide}"
    );
    assert!(
        wide.contains("Lost to no decision 0.0 % · competitor 20.0 %"),
        "{wide}"
    );
    assert_snapshot!("summary_segments_160x48", wide);
}
