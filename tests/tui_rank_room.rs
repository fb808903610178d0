//! The Rank screen's words about the room and the numbers come from
//! `model::disagreements`: it names the room's clear favourite, never an
//! idea whose few dots it shares with others.

mod support;

use funnelcheck::session::Vote;
use funnelcheck::tui::App;
use insta::assert_snapshot;
use support::{at, keys, options, screen};

/// The example with 16 dots: "Hand-off call" (model #10) gets 6, the
/// room's clear favourite; "Shared SLA" 4 and "Budget qualification" 2;
/// four ideas 1 each, tied 4th: "Nurture" (model #1), "Call every MQL"
/// (#2), "Battle cards" (#3) and the idea `fourth`.
fn app_with_votes(fourth: u32) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("room.ron");
    let mut s = funnelcheck::assets::example_session();
    let vote = |participant, idea, dots| Vote {
        participant,
        idea,
        dots,
    };
    s.votes = vec![
        vote(1, 9, 3),
        vote(2, 9, 3),
        vote(3, 5, 3),
        vote(4, 5, 1),
        vote(4, 6, 2),
        vote(5, 3, 1),
        vote(6, 1, 1),
        vote(7, 11, 1),
        vote(8, fourth, 1),
    ];
    s.vote_budget = 6;
    funnelcheck::store::save(&path, &s).expect("save");
    let app = App::new(&options(Some(path), dir.path()), at(0));
    (dir, app)
}

#[test]
fn the_room_loves_its_clear_favourite_not_a_shared_dot() {
    // The fourth 1-dot idea is "Multi-year terms", model #15: 11 places
    // from its vote rank, but the room did not tell it from three others.
    let (_dir, mut app) = app_with_votes(10);
    keys(&mut app, "5");
    let shown = screen(&mut app, 160, 48);
    let loves = shown
        .lines()
        .find(|l| l.contains("The room loves"))
        .unwrap_or_else(|| panic!("no room line:\n{shown}"));
    assert!(
        loves.contains(
            "\"Hand-off call with campaign context\", the numbers don't (vote #1, model #10)"
        ),
        "{loves}"
    );
    assert!(!shown.contains("The room loves \"Multi-year"), "{shown}");
    let numbers = shown
        .lines()
        .find(|l| l.contains("The numbers love"))
        .unwrap_or_else(|| panic!("no numbers line:\n{shown}"));
    assert!(
        numbers
            .contains("\"ROI calculator for stalled deals\", the room doesn't (model #4, no dots)"),
        "{numbers}"
    );
    assert_snapshot!("rank_room_160x48", shown);
}

#[test]
fn the_numbers_say_when_the_rooms_vote_is_tied() {
    // The fourth 1-dot idea is "ROI calculator" (model #4). Model #1,
    // "Nurture", shares its dot with three others: 3 places apart.
    let (_dir, mut app) = app_with_votes(12);
    keys(&mut app, "5");
    let shown = screen(&mut app, 160, 48);
    // The sentence wraps in the left column (96 wide): read both its rows.
    let numbers = shown
        .lines()
        .skip_while(|l| !l.contains("The numbers love"))
        .take(2)
        .map(|l| l.chars().take(96).collect::<String>())
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        numbers.contains("\"Nurture track")
            && numbers.contains("the room doesn't (model #1, vote tied 4th with 3 others)"),
        "{numbers}"
    );
    assert_snapshot!("rank_room_tied_80x24", screen(&mut app, 80, 24));
}
