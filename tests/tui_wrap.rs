//! At 80×24 the titles and reasons the room reads wrap in their column
//! instead of ending in "…", on the Rank screen and the Stage walk, and a
//! click on any line of a wrapped item picks that item.

mod support;

use crossterm::event::{Event, KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use support::{example_app, keys, press, screen};

/// The longest idea title of the example session.
const LONGEST: &str = "Multi-year terms instead of prepay discounts";
/// A cause reason of step 2 (MQL → SAL) that does not fit its column.
const REASON: &str = "bad data / out of business";

fn click(col: u16, row: u16) -> Event {
    Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: col,
        row,
        modifiers: KeyModifiers::NONE,
    })
}

fn row_of(shown: &str, text: &str) -> u16 {
    let row = shown
        .lines()
        .position(|l| l.contains(text))
        .unwrap_or_else(|| panic!("\"{text}\" on screen:\n{shown}"));
    u16::try_from(row).expect("a screen row")
}

/// Every word of `text` is on screen, and no row that holds its first word
/// ends the title in "…".
fn assert_whole(shown: &str, text: &str) {
    for word in text.split_whitespace() {
        assert!(
            shown.contains(word),
            "\"{word}\" of \"{text}\" missing:\n{shown}"
        );
    }
    let first = text.split_whitespace().next().unwrap_or_default();
    let line = &shown.lines().collect::<Vec<_>>()[usize::from(row_of(shown, first))];
    assert!(!line.contains('…'), "\"{text}\" cut:\n{shown}");
}

#[test]
fn the_longest_title_wraps_whole_on_the_rank_screen() {
    let (_dir, _path, mut app) = example_app();
    keys(&mut app, "5");
    press(&mut app, KeyCode::End); // the last-ranked idea is the longest title
    let shown = screen(&mut app, 80, 24);
    assert_whole(&shown, LONGEST);
    let row = row_of(&shown, "Multi-year terms");
    assert!(
        shown
            .lines()
            .nth(usize::from(row))
            .is_some_and(|l| l.starts_with('▶')),
        "{shown}"
    );
}

#[test]
fn titles_and_reasons_wrap_whole_on_the_stage_walk() {
    let (_dir, _path, mut app) = example_app();
    keys(&mut app, "3n"); // step 2, MQL → SAL: the idea is listed under every step
    let shown = screen(&mut app, 80, 24);
    assert_whole(&shown, REASON);
    // The reason's second line sits under its first, in the reason column.
    let first = row_of(&shown, "bad data");
    let next = shown
        .lines()
        .nth(usize::from(first) + 1)
        .unwrap_or_default();
    assert!(next.contains("business"), "{shown}");
    press(&mut app, KeyCode::Tab);
    for _ in 0..3 {
        press(&mut app, KeyCode::Down); // the 4th idea listed at this step
    }
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("▶ Multi-year terms"), "{shown}");
    assert_whole(&shown, LONGEST);
}

#[test]
fn a_click_on_the_second_line_of_a_wrapped_item_picks_it() {
    let (_dir, _path, mut app) = example_app();
    keys(&mut app, "5");
    let shown = screen(&mut app, 80, 24);
    // "Progressive profiling on the demo form" wraps: "form" on its own line.
    let first = row_of(&shown, "Progressive profiling");
    let second = shown
        .lines()
        .nth(usize::from(first) + 1)
        .unwrap_or_default();
    assert!(
        second.trim() == "form",
        "the title wraps at 80 columns:\n{shown}"
    );
    app.handle_event(&click(25, first + 1));
    let shown = screen(&mut app, 80, 24);
    let line = shown.lines().nth(usize::from(first)).unwrap_or_default();
    assert!(
        line.starts_with('▶') && line.contains("Progressive profiling"),
        "{shown}"
    );

    // The same on the Stage walk's ideas: the longest title in view, the
    // cursor one above it, then a click on the title's second line.
    keys(&mut app, "3n");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Up);
    let shown = screen(&mut app, 80, 24);
    let first = row_of(&shown, "Multi-year terms");
    assert!(
        !shown
            .lines()
            .nth(usize::from(first))
            .unwrap_or_default()
            .contains("▶ Multi-year"),
        "{shown}"
    );
    let second = shown
        .lines()
        .nth(usize::from(first) + 1)
        .unwrap_or_default();
    assert!(
        second.contains("discounts"),
        "the title wraps in the ideas pane:\n{shown}"
    );
    app.handle_event(&click(50, first + 1));
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("▶ Multi-year terms"), "{shown}");
}

#[test]
fn page_down_on_the_stage_walk_moves_by_the_ideas_shown() {
    let (_dir, _path, mut app) = example_app();
    keys(&mut app, "3n");
    press(&mut app, KeyCode::Tab);
    let shown = screen(&mut app, 80, 24);
    // Three ideas fit at 80×24 (each three rows); the fourth is the longest
    // title, four rows with its wrapped line.
    assert!(shown.contains("Ideas 1–3 of 6"), "{shown}");
    press(&mut app, KeyCode::PageDown);
    let shown = screen(&mut app, 80, 24);
    assert!(
        shown.contains("▶ Multi-year terms"),
        "one page is the three shown:\n{shown}"
    );
    assert_whole(&shown, LONGEST);
    press(&mut app, KeyCode::PageUp);
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("▶ Call every MQL"), "{shown}");
}

/// The rows from the one holding `start` down to the plan pane, joined.
fn sentence_from(shown: &str, start: &str) -> Vec<String> {
    shown
        .lines()
        .skip_while(|l| !l.contains(start))
        .take_while(|l| !l.starts_with('┌'))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_disagreement_sentence_names_the_whole_title_at_80x24() {
    let (_dir, _path, mut app) = example_app();
    keys(&mut app, "5");
    let shown = screen(&mut app, 80, 24);
    let rows = sentence_from(&shown, "The numbers love");
    assert!(!rows.is_empty(), "no sentence:\n{shown}");
    assert!(rows.iter().all(|l| !l.contains('…')), "cut:\n{shown}");
    // A title may wrap at a hyphen or a space: compare without whitespace.
    let squeezed: String = rows.concat().split_whitespace().collect();
    let title: String =
        "The numbers love \"Nurture track for not-ready inquiries\", the room doesn't (model #1,"
            .split_whitespace()
            .collect();
    assert!(squeezed.contains(&title), "{shown}");
    // The table still shows at least four ideas ("Idea · 1–N of 15").
    let heading = shown
        .lines()
        .find(|l| l.contains("Idea · 1–"))
        .unwrap_or_else(|| panic!("no window note:\n{shown}"));
    let shown_ideas: usize = heading
        .split("1–")
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(shown_ideas >= 4, "{heading}\n{shown}");
}
