//! Every screen drawn into a `TestBackend` at 80×24 and 160×48 for the
//! example session, plus help, timer, conflict, error and too-small states.
//! The clock is fixed, so the timer and "saved at" are the same every run.

mod support;

use crossterm::event::KeyCode;
use insta::assert_snapshot;
use support::{at, example_app, keys, options, press, screen, type_text};

use funnelcheck::tui::App;

#[test]
fn setup_screen() {
    let (_dir, _path, mut app) = example_app();
    assert_snapshot!("setup_80x24", screen(&mut app, 80, 24));
    assert_snapshot!("setup_160x48", screen(&mut app, 160, 48));
}

#[test]
fn funnel_screen() {
    let (_dir, _path, mut app) = example_app();
    keys(&mut app, "2");
    assert_snapshot!("funnel_80x24", screen(&mut app, 80, 24));
    assert_snapshot!("funnel_160x48", screen(&mut app, 160, 48));
}

#[test]
fn stage_walk_screen() {
    let (_dir, _path, mut app) = example_app();
    keys(&mut app, "3n");
    assert_snapshot!("walk_80x24", screen(&mut app, 80, 24));
    assert_snapshot!("walk_160x48", screen(&mut app, 160, 48));
}

#[test]
fn stage_walk_idea_form_shows_the_gain_live() {
    let (_dir, _path, mut app) = example_app();
    keys(&mut app, "3i");
    type_text(&mut app, "Call back within a day");
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "5");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "10");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "20");
    assert_snapshot!("walk_idea_form_80x24", screen(&mut app, 80, 24));
}

#[test]
fn report_back_mode() {
    let (_dir, _path, mut app) = example_app();
    keys(&mut app, "3b");
    assert_snapshot!("report_back_80x24", screen(&mut app, 80, 24));
    assert_snapshot!("report_back_160x48", screen(&mut app, 160, 48));
}

#[test]
fn start_screen_lists_sessions_and_templates() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("example.ron");
    funnelcheck::store::save(&path, &funnelcheck::assets::example_session()).expect("save");
    let fixed = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_795_000_000);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .and_then(|f| f.set_modified(fixed))
        .expect("set mtime");
    let mut app = App::new(&options(None, dir.path()), at(0));
    // The folder and the local rendering of the file time differ per machine.
    let when = chrono::DateTime::<chrono::Local>::from(fixed)
        .format("%Y-%m-%d %H:%M")
        .to_string();
    let clean = |s: String| {
        s.replace(&dir.path().display().to_string(), "<DIR>")
            .replace(&when, "<MTIME>")
    };
    assert_snapshot!("start_80x24", clean(screen(&mut app, 80, 24)));
    assert_snapshot!("start_160x48", clean(screen(&mut app, 160, 48)));
}

#[test]
fn help_overlay_lists_the_screens_keys() {
    let (_dir, _path, mut app) = example_app();
    keys(&mut app, "3?");
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("add a loss cause to this step"), "{shown}");
    assert_snapshot!("help_walk_80x24", shown);
    assert_snapshot!("help_walk_160x48", screen(&mut app, 160, 48));
}

#[test]
fn timer_running_and_in_overtime() {
    let (_dir, _path, mut app) = example_app();
    keys(&mut app, "t");
    app.tick(at(4 * 60 + 5));
    let running = screen(&mut app, 80, 24);
    assert!(
        running.contains("▶ 1/8") && running.contains("5:55 left"),
        "{running}"
    );
    assert_snapshot!("timer_running_80x24", running);
    app.tick(at(13 * 60 + 30));
    let over = screen(&mut app, 80, 24);
    assert!(over.contains("⚠ 3:30 OVER"), "{over}");
    assert_snapshot!("timer_overtime_80x24", over);
    keys(&mut app, "+");
    assert!(
        screen(&mut app, 80, 24).contains("1:30 left"),
        "+5 min brings it back under"
    );
}

#[test]
fn too_small_window_asks_for_more_room() {
    let (_dir, _path, mut app) = example_app();
    let shown = screen(&mut app, 60, 20);
    assert!(
        shown.contains("Make the window larger") && shown.contains("60×20"),
        "{shown}"
    );
    assert_snapshot!("too_small_60x20", shown);
    // Degenerate sizes never panic.
    for (w, h) in [(0, 0), (1, 1), (79, 24), (80, 23), (200, 5)] {
        screen(&mut app, w, h);
    }
}

#[test]
fn invalid_count_is_shown_red_with_why() {
    let (_dir, _path, mut app) = example_app();
    keys(&mut app, "2j");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "99999");
    let shown = screen(&mut app, 80, 24);
    assert!(
        shown.contains("more than Inquiry above (12,000)"),
        "{shown}"
    );
    assert_snapshot!("funnel_invalid_count_80x24", shown);
    press(&mut app, KeyCode::Enter);
    assert_snapshot!(
        "funnel_invalid_count_refused_80x24",
        screen(&mut app, 80, 24)
    );
}

#[test]
fn external_change_is_offered_for_reload() {
    let (_dir, path, mut app) = example_app();
    let mut changed = funnelcheck::assets::example_session();
    changed.title = "Changed elsewhere".into();
    std::thread::sleep(std::time::Duration::from_millis(20));
    funnelcheck::store::save(&path, &changed).expect("save");
    app.tick(at(1));
    assert_snapshot!("conflict_80x24", screen(&mut app, 80, 24));
}

#[test]
fn dark_and_light_themes_draw_the_same_text() {
    let (_dir, _path, mut app) = example_app();
    keys(&mut app, "2");
    let projector = screen(&mut app, 80, 24);
    support::ctrl(&mut app, 't');
    let dark = screen(&mut app, 80, 24);
    support::ctrl(&mut app, 't');
    let light = screen(&mut app, 80, 24);
    // Only the status line ("theme: …") may differ: colour is never the only signal.
    let strip = |s: &str| {
        s.lines()
            .enumerate()
            .filter(|(i, _)| *i != 22)
            .map(|(_, l)| l)
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip(&projector), strip(&dark));
    assert_eq!(strip(&projector), strip(&light));
}
