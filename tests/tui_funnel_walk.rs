//! The Funnel and Stage walk screens driven by keys: no edit may land where
//! the room cannot see it, and what a key did is said on screen.

mod support;

use std::path::Path;

use crossterm::event::{KeyCode, KeyModifiers};
use funnelcheck::session::{Effect, Session, Team};
use funnelcheck::store;
use funnelcheck::tui::App;
use insta::assert_snapshot;
use support::{example_app, key_mod, keys, press, screen, type_text};

fn saved(path: &Path) -> Session {
    store::load(path).expect("the saved file loads")
}

fn counts(s: &Session) -> Vec<u64> {
    s.stages.iter().map(|st| st.count).collect()
}

fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

/// The first row of a pane (the table, the form) that starts with `label`,
/// past its border and markers.
fn line_with(shown: &str, label: &str) -> String {
    shown
        .lines()
        .find(|l| {
            l.starts_with('│')
                && l.trim_start_matches(['│', '▶', '✗', '⚠', ' '])
                    .starts_with(label)
        })
        .unwrap_or_default()
        .to_string()
}

/// The first row in a pane with the cursor marker.
fn cursor_line(shown: &str) -> String {
    shown
        .lines()
        .find(|l| l.starts_with('│') && l.contains('▶'))
        .unwrap_or_default()
        .to_string()
}

const EXAMPLE_COUNTS: [u64; 6] = [12_000, 1_320, 660, 396, 238, 60];

#[test]
fn days_edited_in_a_narrow_window_are_on_screen() {
    let (_dir, path, mut app) = example_app();
    keys(&mut app, "2");
    press(&mut app, KeyCode::Right); // Count → Days
    let shown = screen(&mut app, 80, 24);
    assert!(
        line_with(&shown, "Stage ").contains("Days"),
        "the Days column is drawn: {shown}"
    );
    assert!(shown.contains("Days shown in place of Lost %"), "{shown}");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "30");
    let typing = screen(&mut app, 80, 24);
    assert!(
        line_with(&typing, "Inquiry").contains("30"),
        "the field is drawn where the room looks: {typing}"
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(saved(&path).stages[0].days, 30.0);
    let shown = screen(&mut app, 80, 24);
    assert!(line_with(&shown, "Inquiry").contains(" 30 "), "{shown}");
    assert_snapshot!("funnel_days_80x24", shown);
}

#[test]
fn space_shows_the_team_it_changed_in_a_narrow_window() {
    let (_dir, path, mut app) = example_app();
    keys(&mut app, "2 ");
    assert_eq!(
        saved(&path).stages[0].team,
        Team::Sales,
        "marketing → sales"
    );
    let shown = screen(&mut app, 80, 24);
    assert!(line_with(&shown, "Stage ").contains("Team"), "{shown}");
    assert!(line_with(&shown, "Inquiry").contains("sales"), "{shown}");
    assert_snapshot!("funnel_team_80x24", shown);
}

#[test]
fn the_largest_count_shows_whole_at_every_width() {
    let (_dir, path, mut app) = example_app();
    keys(&mut app, "2");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "999999999");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        saved(&path).stages[0].count,
        999_999_999,
        "{:?}",
        app.status
    );
    let narrow = screen(&mut app, 80, 24);
    assert!(
        line_with(&narrow, "Inquiry").contains("999,999,999"),
        "{narrow}"
    );
    assert!(
        line_with(&narrow, "Inquiry").contains("999,998,679"),
        "the loss too: {narrow}"
    );
    let wide = screen(&mut app, 160, 48);
    assert!(
        line_with(&wide, "Inquiry").contains("999,999,999"),
        "{wide}"
    );
    assert_snapshot!("funnel_largest_count_80x24", narrow);
    assert_snapshot!("funnel_largest_count_160x48", wide);
}

#[test]
fn a_new_stage_gets_its_neighbours_typical_days_and_says_so() {
    let (_dir, path, mut app) = example_app();
    keys(&mut app, "2a");
    let s = saved(&path);
    assert_eq!(s.stages[1].name, "New stage");
    // Between Inquiry (14 days) and MQL (7 days): (14 + 7) / 2 = 10.5 → 11.
    assert_eq!(s.stages[1].days, 11.0);
    let said = status(&app);
    assert!(
        said.contains("New stage: 11 days in stage, the typical value of its neighbours"),
        "{said}"
    );
    let shown = screen(&mut app, 80, 24);
    assert!(
        cursor_line(&shown).contains("New stage"),
        "the cursor is on the new stage: {shown}"
    );
    assert!(shown.contains("11 days in stage"), "{shown}");
    assert_snapshot!("funnel_new_stage_80x24", shown);
    // The cursor is on its name: Enter renames it.
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "Engaged");
    press(&mut app, KeyCode::Enter);
    assert_eq!(saved(&path).stages[1].name, "Engaged");
}

#[test]
fn a_funnel_lowered_top_down_is_saved_as_one_edit() {
    let (_dir, path, mut app) = example_app();
    keys(&mut app, "2");
    press(&mut app, KeyCode::Enter);
    for c in ["6000", "600", "300", "250", "100"] {
        type_text(&mut app, c);
        press(&mut app, KeyCode::Tab);
        assert_eq!(
            counts(&saved(&path)),
            EXAMPLE_COUNTS,
            "nothing is saved while Tab moves on: {:?}",
            app.status
        );
    }
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("5 counts typed, none saved"), "{shown}");
    assert!(
        line_with(&shown, "Inquiry").contains("6,000"),
        "the typed set is previewed: {shown}"
    );
    type_text(&mut app, "50");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        counts(&saved(&path)),
        vec![6000, 600, 300, 250, 100, 50],
        "{:?}",
        app.status
    );
    keys(&mut app, "u");
    assert_eq!(
        counts(&saved(&path)),
        EXAMPLE_COUNTS,
        "one undo step takes back the whole set"
    );
}

#[test]
fn typed_counts_that_disagree_are_marked_refused_and_dropped_with_esc() {
    let (_dir, path, mut app) = example_app();
    keys(&mut app, "2");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "1000");
    press(&mut app, KeyCode::Tab);
    let shown = screen(&mut app, 80, 24);
    let inquiry = line_with(&shown, "Inquiry");
    let mql = line_with(&shown, "MQL");
    assert!(
        inquiry.contains('✗') && inquiry.contains("fewer than MQL below (1,320)"),
        "{shown}"
    );
    assert!(
        mql.contains('✗') && mql.contains("more than Inquiry above (1,000)"),
        "{shown}"
    );
    assert_snapshot!("funnel_counts_disagree_80x24", shown);

    press(&mut app, KeyCode::Enter);
    let said = status(&app);
    assert!(
        said.contains("Inquiry 1,000: fewer than MQL below (1,320)"),
        "names both stages: {said}"
    );
    assert_eq!(
        counts(&saved(&path)),
        EXAMPLE_COUNTS,
        "nothing half-changed is saved"
    );

    press(&mut app, KeyCode::Esc);
    assert!(
        app.status.is_none(),
        "Esc clears the refusal: {:?}",
        app.status
    );
    let shown = screen(&mut app, 80, 24);
    assert!(!shown.contains('✗'), "{shown}");
    assert!(line_with(&shown, "Inquiry").contains("12,000"), "{shown}");
    assert_eq!(counts(&saved(&path)), EXAMPLE_COUNTS);
}

#[test]
fn a_single_count_still_saves_with_enter_and_is_checked_the_same_way() {
    let (_dir, path, mut app) = example_app();
    keys(&mut app, "2j");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "600");
    press(&mut app, KeyCode::Enter);
    assert!(
        status(&app).contains("MQL 600: fewer than SAL below (660)"),
        "{:?}",
        app.status
    );
    assert_eq!(counts(&saved(&path)), EXAMPLE_COUNTS);
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "700");
    press(&mut app, KeyCode::Enter);
    assert_eq!(saved(&path).stages[1].count, 700);
}

#[test]
fn esc_clears_a_stale_error_on_the_funnel() {
    let (_dir, _path, mut app) = example_app();
    keys(&mut app, "2j");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "99999");
    press(&mut app, KeyCode::Enter);
    assert!(
        app.status.as_ref().is_some_and(|s| s.error),
        "refused: {:?}",
        app.status
    );
    press(&mut app, KeyCode::Esc);
    assert!(app.status.is_none(), "{:?}", app.status);
    assert!(!screen(&mut app, 80, 24).contains("99,999"));
}

#[test]
fn esc_clears_a_stale_error_on_the_stage_walk() {
    let (_dir, _path, mut app) = example_app();
    keys(&mut app, "3i");
    press(&mut app, KeyCode::Enter);
    assert!(
        app.status.as_ref().is_some_and(|s| s.error),
        "an idea needs a title: {:?}",
        app.status
    );
    press(&mut app, KeyCode::Esc);
    assert!(app.status.is_none(), "{:?}", app.status);
    assert!(!app.screens[app.current].editing());
}

#[test]
fn a_whole_funnel_idea_says_where_it_goes_and_stays_on_its_step() {
    let (_dir, path, mut app) = example_app();
    keys(&mut app, "3n"); // step 2, MQL → SAL
    keys(&mut app, "i");
    type_text(&mut app, "Webinar series");
    press(&mut app, KeyCode::Down); // Pair
    press(&mut app, KeyCode::Down); // Effect
    press(&mut app, KeyCode::Right); // recover losses → grow volume
    let form = screen(&mut app, 80, 24);
    assert!(form.contains("Applies to the whole funnel"), "{form}");
    assert!(form.contains("listed under every step"), "{form}");
    assert_snapshot!("walk_whole_funnel_form_80x24", form);
    // ↓ leaves the Effect row (the cause row is hidden for volume).
    for v in ["5", "10", "20"] {
        press(&mut app, KeyCode::Down);
        type_text(&mut app, v);
    }
    press(&mut app, KeyCode::Enter);
    let s = saved(&path);
    let idea = s
        .ideas
        .iter()
        .find(|i| i.title == "Webinar series")
        .expect("saved");
    match idea.effect {
        Effect::GrowVolume { percent } => assert_eq!(
            (percent.low, percent.likely, percent.high),
            (5.0, 10.0, 20.0)
        ),
        ref other => panic!("unexpected effect {other:?}"),
    }
    let said = status(&app);
    assert!(
        said.contains("whole funnel") && said.contains("every step"),
        "{said}"
    );
    let shown = screen(&mut app, 80, 24);
    assert!(
        shown.contains("Webinar series"),
        "still on the step it was typed on: {shown}"
    );
    assert!(
        cursor_line(&shown).contains("Webinar series"),
        "the cursor is on it: {shown}"
    );
    assert_snapshot!("walk_whole_funnel_saved_80x24", shown);
    keys(&mut app, "p");
    assert!(
        screen(&mut app, 160, 48).contains("Webinar series"),
        "and on every other step"
    );
}

#[test]
fn choices_answer_left_right_and_arrows_move_between_every_row() {
    let (_dir, path, mut app) = example_app();
    keys(&mut app, "3i");
    type_text(&mut app, "Faster demo booking");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down); // Effect
    press(&mut app, KeyCode::Left); // recover losses → lift conversion
    let shown = screen(&mut app, 80, 24);
    assert!(
        line_with(&shown, "Effect").contains("lift conversion"),
        "{shown}"
    );
    assert!(
        line_with(&shown, "Low").contains("pts"),
        "points for a conversion lift: {shown}"
    );
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down); // back past Effect to Low
    type_text(&mut app, "1");
    press(&mut app, KeyCode::Down);
    type_text(&mut app, "2");
    press(&mut app, KeyCode::Down);
    type_text(&mut app, "3");
    press(&mut app, KeyCode::Enter);
    let s = saved(&path);
    let idea = s
        .ideas
        .iter()
        .find(|i| i.title == "Faster demo booking")
        .expect("saved");
    assert!(
        matches!(idea.effect, Effect::LiftConversion { step: 0, .. }),
        "{:?}",
        idea.effect
    );
    // Shift-Tab is not a way out of a choice either.
    keys(&mut app, "i");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    app.handle_event(&key_mod(KeyCode::BackTab, KeyModifiers::SHIFT));
    let shown = screen(&mut app, 80, 24);
    assert!(cursor_line(&shown).contains("Pair"), "{shown}");
    let recover = line_with(&shown, "Low");
    assert!(recover.contains('%') && !recover.contains("pts"), "{shown}");
}
