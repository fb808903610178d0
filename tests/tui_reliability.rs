//! Never lose an edit: quitting with changes that are not on disk asks
//! first, a failed save is retried by itself when the disk recovers, and
//! "save as" gets the work out to another folder.

mod support;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::event::KeyCode;
use funnelcheck::session::Session;
use funnelcheck::store;
use funnelcheck::tui::App;
use funnelcheck::tui::app::{SaveState, Storage};
use funnelcheck::tui::keymap::Mode;
use support::{at, keys, options, press, type_text};

/// A disk that is full while `full` is set, and the real store otherwise.
struct FlakyDisk {
    full: Arc<AtomicBool>,
}

impl Storage for FlakyDisk {
    fn save(&self, path: &Path, s: &Session) -> Result<(), String> {
        if self.full.load(Ordering::SeqCst) {
            return Err("No space left on device (os error 28)".into());
        }
        store::save(path, s).map_err(|e| e.to_string())
    }

    fn load(&self, path: &Path) -> Result<Session, String> {
        store::load(path).map_err(|e| e.to_string())
    }
}

fn flaky_app() -> (tempfile::TempDir, std::path::PathBuf, Arc<AtomicBool>, App) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("example.ron");
    store::save(&path, &funnelcheck::assets::example_session()).expect("save");
    let full = Arc::new(AtomicBool::new(false));
    let app = App::with_storage(
        &options(Some(path.clone()), dir.path()),
        at(0),
        Box::new(FlakyDisk { full: full.clone() }),
    );
    (dir, path, full, app)
}

fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

fn rename(app: &mut App, suffix: &str) {
    keys(app, "1");
    press(app, KeyCode::Enter);
    type_text(app, suffix);
    press(app, KeyCode::Enter);
}

#[test]
fn quit_with_a_failed_save_asks_and_retries_when_space_returns() {
    let (_dir, path, full, mut app) = flaky_app();
    full.store(true, Ordering::SeqCst);
    rename(&mut app, " A");
    assert!(matches!(
        app.doc.as_ref().map(|d| &d.save),
        Some(SaveState::Failed(_))
    ));
    keys(&mut app, "q");
    assert!(!app.quit, "quitting would lose the edit");
    assert_eq!(app.mode(), Mode::Unsaved);
    assert!(status(&app).contains("No space left"), "{}", status(&app));
    // Retry while the disk is still full: still asking.
    keys(&mut app, "r");
    assert!(!app.quit);
    assert_eq!(app.mode(), Mode::Unsaved);
    // Esc goes back to work; the edit is still in memory.
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Normal);
    // Space returns: the next tick after a few seconds saves by itself.
    full.store(false, Ordering::SeqCst);
    app.tick(at(2));
    assert_ne!(
        store::load(&path).expect("load").title,
        "Q4 Funnel Reality Check A",
        "not yet: retried every 5 s"
    );
    app.tick(at(10));
    assert_eq!(
        store::load(&path).expect("load").title,
        "Q4 Funnel Reality Check A"
    );
    assert!(status(&app).contains("saved after all"), "{}", status(&app));
    keys(&mut app, "q");
    assert!(app.quit, "nothing unsaved: quits at once");
}

#[test]
fn save_as_gets_the_work_out_and_q_capital_quits_anyway() {
    let (_dir, path, full, mut app) = flaky_app();
    full.store(true, Ordering::SeqCst);
    rename(&mut app, " B");
    keys(&mut app, "q");
    // Save as: into another folder (here the disk is "full" for every
    // path, so let it recover for the other folder only by clearing it).
    let other = tempfile::tempdir().expect("other dir");
    keys(&mut app, "s");
    assert_eq!(app.mode(), Mode::Editing, "the path field is open");
    // Select all and replace with the other folder.
    for _ in 0..200 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, &other.path().display().to_string());
    press(&mut app, KeyCode::Enter);
    assert!(
        status(&app).contains("not saved there"),
        "the disk is still full: {}",
        status(&app)
    );
    full.store(false, Ordering::SeqCst);
    press(&mut app, KeyCode::Enter);
    let moved = other.path().join("example.ron");
    assert_eq!(
        store::load(&moved).expect("saved there").title,
        "Q4 Funnel Reality Check B"
    );
    assert_eq!(
        app.doc.as_ref().map(|d| d.path.clone()),
        Some(moved.clone())
    );
    assert_ne!(
        store::load(&path).expect("old").title,
        "Q4 Funnel Reality Check B"
    );
    keys(&mut app, "q");
    assert!(app.quit);

    // And the last resort: Q quits and loses the change, knowingly.
    let (_dir, _path, full, mut app) = flaky_app();
    full.store(true, Ordering::SeqCst);
    rename(&mut app, " C");
    keys(&mut app, "q");
    assert!(!app.quit);
    type_text(&mut app, "Q");
    assert!(app.quit);
}
