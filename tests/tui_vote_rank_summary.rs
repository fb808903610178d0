//! Screens 4–6 (Vote, Rank, Summary) drawn at 80×24 and 160×48 for the
//! example session, their error states, and key-driven scenarios that check
//! what lands in the saved file.

mod support;

use crossterm::event::KeyCode;
use insta::assert_snapshot;
use support::{example_app, keys, press, screen};

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
    keys(&mut app, "6");
    assert_snapshot!("summary_80x24", screen(&mut app, 80, 24));
    assert_snapshot!("summary_160x48", screen(&mut app, 160, 48));
}
