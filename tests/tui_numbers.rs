//! Numbers and texts typed into the app, as a facilitator types them: what
//! the app prints is read back whole, and what is refused leaves the saved
//! session as it was.

mod support;

use std::path::Path;

use crossterm::event::{Event, KeyCode};
use funnelcheck::session::Session;
use funnelcheck::store;
use funnelcheck::tui::App;
use support::{example_app, press, screen, type_text};

fn saved(path: &Path) -> Session {
    store::load(path).expect("the saved file loads")
}

fn status(app: &App) -> (bool, String) {
    app.status
        .as_ref()
        .map_or((false, String::new()), |s| (s.error, s.text.clone()))
}

/// Moves the Setup cursor to the workshop detail at `row` and opens it.
fn edit_detail(app: &mut App, row: usize) {
    for _ in 0..row {
        press(app, KeyCode::Down);
    }
    press(app, KeyCode::Enter);
}

const DEAL_SIZE_ROW: usize = 6;

#[test]
fn a_deal_size_typed_with_thousands_separators_is_saved_whole() {
    let (_dir, path, mut app) = example_app();
    assert_eq!(saved(&path).deal_size, 24_000.0);
    edit_detail(&mut app, DEAL_SIZE_ROW);
    type_text(&mut app, "30,000");
    press(&mut app, KeyCode::Enter);
    assert_eq!(saved(&path).deal_size, 30_000.0, "{:?}", app.status);

    // What the screen shows is accepted back as it is.
    edit_detail(&mut app, 0);
    type_text(&mut app, "EUR 1.8M");
    press(&mut app, KeyCode::Enter);
    assert_eq!(saved(&path).deal_size, 1_800_000.0, "{:?}", app.status);
    assert!(screen(&mut app, 120, 30).contains("EUR 1,800,000"));
}

#[test]
fn a_deal_size_with_trailing_garbage_is_refused_not_cut() {
    let (_dir, path, mut app) = example_app();
    let before = std::fs::read(&path).expect("read");
    edit_detail(&mut app, DEAL_SIZE_ROW);
    type_text(&mut app, "30abc");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        status(&app),
        (true, "not a number: unexpected 'abc'".to_string())
    );
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

#[test]
fn a_pasted_5000_character_title_is_refused_and_nothing_changes() {
    let (_dir, path, mut app) = example_app();
    let before = std::fs::read(&path).expect("read");
    edit_detail(&mut app, 0);
    // A name field opens holding the old text, cursor at its end.
    let old = "Q4 Funnel Reality Check".chars().count();
    app.handle_event(&Event::Paste("T".repeat(5_000 - old)));
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        status(&app),
        (
            true,
            "a title has at most 120 characters; this one has 5,000 — shorten it".to_string()
        )
    );
    assert_eq!(std::fs::read(&path).expect("read"), before);
    assert_eq!(saved(&path).title, "Q4 Funnel Reality Check");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

#[test]
fn a_pasted_over_long_name_is_refused_for_people_and_the_company() {
    let (_dir, path, mut app) = example_app();
    let before = std::fs::read(&path).expect("read");
    // The company, the second detail.
    edit_detail(&mut app, 1);
    let old = "Northwind Analytics".chars().count();
    app.handle_event(&Event::Paste("C".repeat(61 - old)));
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        status(&app),
        (
            true,
            "a name has at most 60 characters; this one has 61 — shorten it".to_string()
        )
    );
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    // A participant, renamed in the People pane.
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Enter);
    app.handle_event(&Event::Paste("P".repeat(5_000)));
    press(&mut app, KeyCode::Enter);
    assert!(
        status(&app).1.contains("this one has 5,009"),
        "the pasted text follows \"Anna Berg\": {:?}",
        app.status
    );
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

#[test]
fn a_count_past_999_999_999_says_too_large() {
    let (_dir, path, mut app) = example_app();
    let before = std::fs::read(&path).expect("read");
    type_text(&mut app, "2");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "99999999999999999999");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        status(&app),
        (true, "too large: at most 999,999,999 per stage".to_string())
    );
    assert_eq!(std::fs::read(&path).expect("read"), before);
}
