//! The Setup screen driven by keys, as a facilitator would: choices change
//! with ←/→ as well as Space, `/` finds people, and every hint reads whole
//! in an 80×24 window.

mod support;

use std::path::Path;

use crossterm::event::KeyCode;
use funnelcheck::session::{Period, Role, Session};
use funnelcheck::store;
use funnelcheck::tui::App;
use support::{at, example_app, keys, options, press, screen, type_text};

fn saved(path: &Path) -> Session {
    store::load(path).expect("the saved file loads")
}

fn role_of(s: &Session, name: &str) -> Role {
    s.participants
        .iter()
        .find(|p| p.name == name)
        .map(|p| p.role)
        .expect("participant")
}

/// The People pane of an 80×24 frame: the right column, from its title
/// down to the Pairs pane.
fn people_pane(shown: &str) -> String {
    shown
        .lines()
        .map(|l| l.chars().skip(31).collect::<String>())
        .skip_while(|l| !l.contains("People ("))
        .take_while(|l| !l.contains("Pairs ("))
        .collect::<Vec<_>>()
        .join("\n")
}

const PERIOD_ROW: usize = 5;

#[test]
fn arrows_and_h_l_change_the_period_and_a_persons_team() {
    let (_dir, path, mut app) = example_app();
    assert_eq!(saved(&path).period, Period::Quarter);
    for _ in 0..PERIOD_ROW {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Right);
    assert_eq!(saved(&path).period, Period::Year, "{:?}", app.status);
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Left);
    assert_eq!(saved(&path).period, Period::Month, "← goes back");
    keys(&mut app, "l");
    assert_eq!(saved(&path).period, Period::Quarter, "l as →");
    keys(&mut app, "h");
    assert_eq!(saved(&path).period, Period::Month, "h as ←");
    let shown = screen(&mut app, 80, 24);
    assert!(
        shown.contains("← → or Space"),
        "the hint names the arrows:\n{shown}"
    );

    // People: the first person's team, forward and back.
    press(&mut app, KeyCode::Tab);
    assert_eq!(role_of(&saved(&path), "Anna Berg"), Role::Sales);
    press(&mut app, KeyCode::Right);
    assert_eq!(role_of(&saved(&path), "Anna Berg"), Role::Marketing);
    keys(&mut app, "h");
    assert_eq!(role_of(&saved(&path), "Anna Berg"), Role::Sales);
    press(&mut app, KeyCode::Left);
    assert_eq!(
        role_of(&saved(&path), "Anna Berg"),
        Role::Other,
        "← wraps round"
    );
}

#[test]
fn h_and_l_type_into_an_open_name_field() {
    let (_dir, path, mut app) = example_app();
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::End);
    type_text(&mut app, " hl");
    press(&mut app, KeyCode::Enter);
    let s = saved(&path);
    assert_eq!(s.participants[0].name, "Anna Berg hl");
    assert_eq!(
        s.participants[0].role,
        Role::Sales,
        "no team change while typing"
    );
}

#[test]
fn slash_narrows_the_people_and_edits_land_on_the_person_shown() {
    let (_dir, path, mut app) = example_app();
    press(&mut app, KeyCode::Tab);
    keys(&mut app, "/");
    type_text(&mut app, "sof");
    let shown = people_pane(&screen(&mut app, 80, 24));
    assert!(shown.contains("Sofia Lind"), "{shown}");
    assert!(
        !shown.contains("Anna Berg") && !shown.contains("David Chen"),
        "only matches listed:\n{shown}"
    );
    assert!(shown.contains("1 of 8"), "{shown}");
    press(&mut app, KeyCode::Enter);
    // The filter stays; Space now acts on Sofia, the only one listed.
    keys(&mut app, " ");
    let s = saved(&path);
    assert_eq!(role_of(&s, "Sofia Lind"), Role::Other, "{:?}", app.status);
    assert_eq!(
        role_of(&s, "Anna Berg"),
        Role::Sales,
        "the first person is untouched"
    );
    // The cursor stays among the matches.
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::End);
    type_text(&mut app, "qvist");
    press(&mut app, KeyCode::Enter);
    assert!(
        saved(&path)
            .participants
            .iter()
            .any(|p| p.name == "Sofia Lindqvist"),
        "{:?}",
        app.status
    );

    // Two words in any order narrow further; Esc brings everyone back.
    keys(&mut app, "/");
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "o");
    let shown = people_pane(&screen(&mut app, 80, 24));
    assert!(
        shown.contains("Tom Keller")
            && shown.contains("Marco Rossi")
            && !shown.contains("Anna Berg"),
        "{shown}"
    );
    press(&mut app, KeyCode::Esc);
    let shown = people_pane(&screen(&mut app, 80, 24));
    for name in ["Anna Berg", "Tom Keller", "David Chen", "Sofia Lindqvist"] {
        assert!(shown.contains(name), "{name} back after Esc:\n{shown}");
    }
}

/// The text of one column of an 80×24 frame (`from..to`), its lines
/// trimmed and joined with spaces, so a sentence wrapped over several rows
/// reads as one.
fn column(shown: &str, from: usize, to: usize) -> String {
    shown
        .lines()
        .map(|l| {
            l.chars()
                .skip(from)
                .take(to - from)
                .collect::<String>()
                .trim()
                .to_string()
        })
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Each hint appears whole in the Workshop pane (left) or the People and
/// Pairs panes (right), wrapped but never cut; no internal names on screen.
fn no_cut_hints(shown: &str, hints: &[&str]) {
    let text = format!("{} {}", column(shown, 1, 31), column(shown, 33, 79));
    for hint in hints {
        assert!(
            text.contains(hint),
            "hint {hint:?} readable whole:\n{shown}"
        );
    }
    for internal in ["step 0", "None", "vote_budget"] {
        assert!(!shown.contains(internal), "{internal} on screen:\n{shown}");
    }
}

#[test]
fn every_state_reads_whole_at_80x24() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = App::new(&options(None, dir.path()), at(0));
    keys(&mut app, "n");
    type_text(&mut app, "Acme Q1");
    press(&mut app, KeyCode::Enter);
    // Empty participant list.
    press(&mut app, KeyCode::Tab);
    let shown = screen(&mut app, 80, 24);
    no_cut_hints(
        &shown,
        &[
            "No one yet: press a and type names, Enter after each.",
            "a adds people · Tab: to Pairs",
        ],
    );
    // Adding.
    keys(&mut app, "a");
    let shown = screen(&mut app, 80, 24);
    no_cut_hints(&shown, &["Type a name, Enter adds it; Esc when done."]);
    type_text(&mut app, "Ann");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "Bo");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    // Pairs pane.
    keys(&mut app, "r");
    let shown = screen(&mut app, 80, 24);
    no_cut_hints(
        &shown,
        &["← → picks a step; Space: this pair works on it or not · r reshuffles all pairs"],
    );
    // Editing a detail with a wrong value: the reason is shown whole.
    press(&mut app, KeyCode::Tab);
    for _ in 0..7 {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "0");
    let shown = screen(&mut app, 80, 24);
    no_cut_hints(
        &shown,
        &[
            "✗ give each person between 1 and 20 votes",
            "Enter saves · Esc cancels · Tab saves and goes to the next row",
        ],
    );
}
