//! Screens 4, 5 and 7 (Vote, Rank, Summary) drawn at 80×24 and 160×48 for the
//! example session, their error states, and key-driven scenarios that check
//! what lands in the saved file.

mod support;

use std::path::Path;

use crossterm::event::{Event, KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use funnelcheck::model::{self, RankBy};
use funnelcheck::session::Session;
use funnelcheck::store;
use funnelcheck::tui::App;
use insta::assert_snapshot;
use support::{example_app, keys, press, screen};

fn saved(path: &Path) -> Session {
    store::load(path).expect("the saved file loads")
}

fn click(app: &mut App, column: u16, row: u16) {
    app.handle_event(&Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    }));
}

fn dots(s: &Session, participant: u32, idea: u32) -> u32 {
    s.votes
        .iter()
        .filter(|v| v.participant == participant && v.idea == idea)
        .map(|v| v.dots)
        .sum()
}

/// The row of the screen whose text holds `needle`.
fn row_of(shown: &str, needle: &str) -> u16 {
    shown
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} on screen:\n{shown}")) as u16
}

#[test]
fn vote_screen() {
    let (_dir, _path, mut app) = example_app();
    keys(&mut app, "4");
    assert_snapshot!("vote_80x24", screen(&mut app, 80, 24));
    assert_snapshot!("vote_160x48", screen(&mut app, 160, 48));
}

#[test]
fn vote_over_budget_says_why() {
    let (_dir, _path, mut app) = example_app();
    keys(&mut app, "4");
    press(&mut app, KeyCode::Down);
    keys(&mut app, "+");
    assert_snapshot!("vote_over_budget_80x24", screen(&mut app, 80, 24));
}

#[test]
fn rank_screen() {
    let (_dir, _path, mut app) = example_app();
    keys(&mut app, "5");
    assert_snapshot!("rank_80x24", screen(&mut app, 80, 24));
    assert_snapshot!("rank_160x48", screen(&mut app, 160, 48));
}

#[test]
fn summary_screen() {
    let (_dir, _path, mut app) = example_app();
    keys(&mut app, "7");
    assert_snapshot!("summary_80x24", screen(&mut app, 80, 24));
    assert_snapshot!("summary_160x48", screen(&mut app, 160, 48));
}

#[test]
fn rank_screen_without_votes_or_plan() {
    let (_dir, path, _) = example_app();
    let mut s = saved(&path);
    s.votes.clear();
    s.plan.ideas.clear();
    store::save(&path, &s).expect("save");
    let mut app = App::new(
        &support::options(Some(path.clone()), path.parent().expect("dir")),
        support::at(0),
    );
    keys(&mut app, "5");
    assert_snapshot!("rank_empty_80x24", screen(&mut app, 80, 24));
    keys(&mut app, "7");
    assert_snapshot!("summary_no_plan_80x24", screen(&mut app, 80, 24));
}

/// Anna takes a dot back, places it elsewhere (picked with the mouse), is
/// refused a fourth dot, and Tom votes; the file follows every step.
#[test]
fn voting_within_the_budget_lands_in_the_file() {
    let (_dir, path, mut app) = example_app();
    keys(&mut app, "4");
    let before = saved(&path);
    assert_eq!(
        (dots(&before, 1, 1), before.dots_used(1)),
        (2, 3),
        "Anna: 2 dots on idea 1, 3 in all"
    );

    keys(&mut app, "-");
    let s = saved(&path);
    assert_eq!((dots(&s, 1, 1), s.dots_used(1)), (1, 2));
    assert!(screen(&mut app, 80, 24).contains("1 of 3 dots left"));

    // Click "Budget qualification script" (idea 6) and give it the dot.
    let shown = screen(&mut app, 80, 24);
    click(&mut app, 40, row_of(&shown, "Budget qualification"));
    keys(&mut app, " ");
    let s = saved(&path);
    assert_eq!((dots(&s, 1, 6), s.dots_used(1)), (1, 3));

    // A fourth dot is refused with cast_vote's own words; nothing is saved.
    keys(&mut app, "+");
    let status = app.status.clone().expect("a message");
    assert!(status.error, "{status:?}");
    assert_eq!(
        status.text,
        "Anna Berg has placed all 3 dots; take one back first"
    );
    assert_eq!(saved(&path), s, "the refused dot changed nothing");

    // Taking back a dot that is not there is refused too.
    press(&mut app, KeyCode::Down);
    keys(&mut app, "-");
    assert!(
        app.status
            .as_ref()
            .is_some_and(|m| m.error && m.text.contains("has no dot on this idea"))
    );

    // Next participant (Tom, all dots placed) takes one back from idea 1.
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Home);
    keys(&mut app, "-");
    let s = saved(&path);
    assert_eq!((dots(&s, 2, 1), s.dots_used(2)), (0, 2));
    assert!(screen(&mut app, 80, 24).contains("Tom Keller is voting"));

    // Undo puts Tom's dot back in the file.
    keys(&mut app, "u");
    assert_eq!(dots(&saved(&path), 2, 1), 1);
}

#[test]
fn switching_the_rank_key_reorders_by_the_model() {
    let (_dir, path, mut app) = example_app();
    keys(&mut app, "5");
    let s = saved(&path);
    // Titles are cut to the column; their first 20 characters always show.
    let top = |by: RankBy| {
        s.ideas[model::rank(&s, by)[0].index]
            .title
            .chars()
            .take(20)
            .collect::<String>()
    };
    let first_row = |shown: &str| {
        shown
            .lines()
            .find(|l| l.contains("#1 "))
            .map(str::to_string)
            .unwrap_or_default()
    };
    let shown = screen(&mut app, 160, 48);
    assert!(shown.contains("Ranked by RUN-RATE PER QUARTER"));
    assert!(first_row(&shown).contains(&top(RankBy::Likely)), "{shown}");
    keys(&mut app, "r");
    let shown = screen(&mut app, 160, 48);
    assert!(
        shown.contains("Ranked by EXPECTED RUN-RATE PER QUARTER (PERT)"),
        "{shown}"
    );
    assert!(first_row(&shown).contains(&top(RankBy::Expected)));
    // Around the whole cycle and back, with ← going the other way.
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Left);
    let shown = screen(&mut app, 160, 48);
    assert!(
        shown.contains("Ranked by RUN-RATE PER YEAR PER EFFORT DAY"),
        "{shown}"
    );
    assert!(
        first_row(&shown).contains(&top(RankBy::PerEffort)),
        "{shown}"
    );
    assert_snapshot!("rank_per_effort_80x24", screen(&mut app, 80, 24));
    assert_eq!(saved(&path), s, "the rank key is a view, not a change");
}

#[test]
fn picking_the_plan_is_saved_and_simulated() {
    let (_dir, path, mut app) = example_app();
    keys(&mut app, "5");
    let s = saved(&path);
    assert_eq!(s.plan.ideas, vec![1, 9, 11]);
    // The top idea (by likely gain) is "Nurture track…" (id 3), not in the plan.
    let top = s.ideas[model::rank(&s, RankBy::Likely)[0].index].id;
    assert_eq!(top, 3);
    keys(&mut app, " ");
    let s = saved(&path);
    assert_eq!(s.plan.ideas, vec![1, 9, 11, 3]);
    let out = model::simulate_plan(&s, &s.plan.ideas, s.plan.samples, s.plan.seed);
    let shown = screen(&mut app, 160, 48);
    assert!(
        shown.contains("The plan: 4 ideas · run-rate per quarter"),
        "{shown}"
    );
    assert!(
        shown.contains(&format!(
            "P50 {}",
            funnelcheck::format::money(out.p50, "EUR")
        )),
        "{shown}"
    );
    assert!(shown.contains(&format!(
        "together {}",
        funnelcheck::format::money(out.together, "EUR")
    )));

    // Idea 1 is second: take it out with a click and p.
    let row = row_of(&shown, "Call every MQL");
    click(&mut app, 30, row);
    keys(&mut app, "p");
    assert_eq!(saved(&path).plan.ideas, vec![9, 11, 3]);

    // The Summary shows the same plan.
    keys(&mut app, "7");
    let s = saved(&path);
    let out = model::simulate_plan(&s, &s.plan.ideas, s.plan.samples, s.plan.seed);
    let shown = screen(&mut app, 160, 48);
    assert!(shown.contains("THE PLAN: 3 ideas"), "{shown}");
    assert!(
        shown.contains(&format!(
            "P50 {}",
            funnelcheck::format::money(out.p50, "EUR")
        )),
        "{shown}"
    );

    // Undo twice: the plan is as it was.
    keys(&mut app, "uu");
    assert_eq!(saved(&path).plan.ideas, vec![1, 9, 11]);
}

/// A session fresh from a template (no people, no ideas, no counts): each
/// screen says what to do first instead of drawing empty tables, and keys
/// that need an idea are refused with a reason.
#[test]
fn empty_session_screens_say_what_comes_first() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("new.ron");
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let s = funnelcheck::assets::new_session("New", &funnelcheck::assets::templates()[0], date);
    store::save(&path, &s).expect("save");
    let mut app = App::new(
        &support::options(Some(path.clone()), dir.path()),
        support::at(0),
    );
    keys(&mut app, "4");
    let shown = screen(&mut app, 80, 24);
    assert!(
        shown.contains("No participants yet.") && shown.contains("No ideas to vote on yet."),
        "{shown}"
    );
    keys(&mut app, "+");
    assert!(
        app.status
            .as_ref()
            .is_some_and(|m| m.error && m.text.contains("add participants"))
    );
    keys(&mut app, "5");
    let shown = screen(&mut app, 80, 24);
    assert!(
        shown.contains("No ideas to rank yet.") && shown.contains("No ideas in the plan yet."),
        "{shown}"
    );
    keys(&mut app, " ");
    assert!(
        app.status
            .as_ref()
            .is_some_and(|m| m.error && m.text.contains("no idea here"))
    );
    keys(&mut app, "7");
    let shown = screen(&mut app, 160, 48);
    assert!(
        shown.contains("No ideas yet") && shown.contains("no plan yet"),
        "{shown}"
    );
    assert_eq!(saved(&path), s, "nothing was changed");
}

#[test]
fn help_on_the_vote_screen_lists_its_keys() {
    let (_dir, _path, mut app) = example_app();
    keys(&mut app, "4?");
    assert_snapshot!("help_vote_80x24", screen(&mut app, 80, 24));
}

/// `e` on the Summary writes every format into `example-export/` next to
/// the session, says where, and can be pressed again after more edits.
#[test]
fn summary_exports_every_format_next_to_the_session() {
    let (dir, path, mut app) = example_app();
    let before = std::fs::read(&path).expect("session file");
    keys(&mut app, "7e");
    let out = dir.path().join("example-export");
    let status = app.status.clone().expect("a message");
    assert!(!status.error, "{status:?}");
    let full = std::fs::canonicalize(&out).expect("the folder exists");
    assert_eq!(
        status.text,
        format!("exported 8 files to {}", full.display())
    );
    // However long the path, the message wraps rather than losing its end.
    let shown = screen(&mut app, 80, 24);
    assert!(
        shown.contains("exported 8 files to") && shown.contains("example-export"),
        "{shown}"
    );
    for name in [
        "report.md",
        "report.html",
        "ideas.csv",
        "steps.csv",
        "report.json",
    ] {
        let file = out.join(name);
        assert!(
            std::fs::metadata(&file).is_ok_and(|m| m.len() > 0),
            "{file:?} written"
        );
    }
    let md = std::fs::read_to_string(out.join("report.md")).expect("markdown");
    assert!(
        md.contains("Q4 Funnel Reality Check"),
        "the report is about this session"
    );
    assert_eq!(
        std::fs::read(&path).expect("session file"),
        before,
        "the session file is untouched"
    );

    // Change the plan, export again: the first `x` says an export is
    // there and changes nothing, the second replaces it.
    keys(&mut app, "5");
    keys(&mut app, " ");
    let first = std::fs::read_to_string(out.join("report.json")).expect("json");
    keys(&mut app, "7x");
    let said = app
        .status
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(
        said.contains("already holds an export") && said.contains("press e again"),
        "{said}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("report.json")).expect("json"),
        first,
        "nothing replaced before the second key"
    );
    // Another key in between disarms it.
    press(&mut app, KeyCode::Down);
    keys(&mut app, "x");
    assert!(
        app.status
            .as_ref()
            .is_some_and(|m| m.text.contains("already holds"))
    );
    keys(&mut app, "x");
    assert!(
        app.status
            .as_ref()
            .is_some_and(|m| !m.error && m.text.starts_with("exported 8 files"))
    );
    let json = std::fs::read_to_string(out.join("report.json")).expect("json");
    assert!(
        json.contains("Nurture track"),
        "the new plan idea is in the second export"
    );
}

#[test]
fn a_failed_export_says_why() {
    let (dir, _path, mut app) = example_app();
    // A file where the export folder should go.
    std::fs::write(dir.path().join("example-export"), "in the way").expect("write");
    keys(&mut app, "7e");
    let status = app.status.clone().expect("a message");
    assert!(
        status.error && status.text.starts_with("export failed: "),
        "{status:?}"
    );
    // The message wraps, so shorten the temp folder's name before drawing:
    // the snapshot must not depend on how long it is on this machine.
    let folder = dir.path().display().to_string();
    if let Some(s) = app.status.as_mut() {
        s.text = s.text.replace(&folder, "<DIR>");
    }
    assert_snapshot!("summary_export_failed_80x24", screen(&mut app, 80, 24));
}

/// Every word of a long idea title reaches the wall at 80×24: wrapped onto a
/// second row, never cut with an ellipsis (it was "Multi-year terms instead …").
#[test]
fn vote_titles_wrap_instead_of_being_cut_at_80x24() {
    let (_dir, _path, mut app) = example_app();
    keys(&mut app, "4");
    for _ in 0..10 {
        press(&mut app, KeyCode::Down);
    }
    let shown = screen(&mut app, 80, 24);
    let title = "Multi-year terms instead of prepay discounts";
    let at = row_of(&shown, "Multi-year terms") as usize;
    let two_rows: String = shown
        .lines()
        .skip(at)
        .take(2)
        .map(|l| l.split('│').nth(3).unwrap_or("").trim().to_string())
        .collect::<Vec<_>>()
        .join(" ");
    for word in title.split(' ') {
        assert!(
            two_rows.contains(word),
            "{word:?} missing from {two_rows:?}\n{shown}"
        );
    }
}

/// `/` narrows the Vote list as it is typed; a dot lands on the idea shown;
/// Esc brings every idea back.
#[test]
fn slash_filters_the_ideas_being_voted_on() {
    let (_dir, path, mut app) = example_app();
    keys(&mut app, "4");
    // Anna has spent her dots: take one back so she can place it again.
    keys(&mut app, "-");
    keys(&mut app, "/");
    support::type_text(&mut app, "BATTLE");
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("Competitive battle cards"), "{shown}");
    assert!(!shown.contains("Call every MQL"), "{shown}");
    assert!(shown.contains("1 of 15"), "{shown}");
    press(&mut app, KeyCode::Enter);
    let before = saved(&path);
    keys(&mut app, "+");
    let after = saved(&path);
    assert_eq!(
        dots(&after, 1, 11),
        dots(&before, 1, 11) + 1,
        "the dot went to the idea shown"
    );
    press(&mut app, KeyCode::Esc);
    let shown = screen(&mut app, 80, 24);
    assert!(
        shown.contains("Progressive profiling"),
        "every idea is back: {shown}"
    );
    assert!(
        !shown.contains("Esc clears"),
        "the filter line is gone: {shown}"
    );
}
