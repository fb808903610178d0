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
    fn save_checked(
        &self,
        path: &Path,
        bytes: &[u8],
        expected: Option<&[u8]>,
    ) -> Result<store::Saved, store::StoreError> {
        if self.full.load(Ordering::SeqCst) {
            return Err(store::StoreError::Write {
                path: path.to_path_buf(),
                source: std::io::Error::other("No space left on device (os error 28)"),
            });
        }
        store::save_checked(path, bytes, expected)
    }

    fn load(&self, path: &Path) -> Result<Session, store::StoreError> {
        store::load(path)
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
        Arc::new(FlakyDisk { full: full.clone() }),
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

/// A second window on the same file opens read-only, refuses edits with the
/// reason, and `!` takes the file over; the first window notices at its
/// next tick and stops writing, so neither overwrites the other.
#[test]
fn a_second_window_is_read_only_until_it_takes_over() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("example.ron");
    store::save(&path, &funnelcheck::assets::example_session()).expect("save");
    let mut first = App::new(&options(Some(path.clone()), dir.path()), at(0));
    assert!(!first.doc.as_ref().expect("open").read_only());
    let mut second = App::new(&options(Some(path.clone()), dir.path()), at(0));
    let doc = second.doc.as_ref().expect("opens all the same");
    assert!(doc.read_only(), "{:?}", doc.save);
    assert!(
        status(&second).contains("open in another window"),
        "{}",
        status(&second)
    );
    // An edit in the second window is refused, and the file is untouched.
    rename(&mut second, " from B");
    assert!(status(&second).contains("read-only"), "{}", status(&second));
    assert_eq!(
        store::load(&path).expect("load").title,
        "Q4 Funnel Reality Check"
    );
    // The first window saves as usual.
    rename(&mut first, " from A");
    assert_eq!(
        store::load(&path).expect("load").title,
        "Q4 Funnel Reality Check from A"
    );
    // The second insists: it takes over and starts from the file as it is.
    press(&mut second, KeyCode::Esc);
    keys(&mut second, "!");
    let doc = second.doc.as_ref().expect("open");
    assert!(!doc.read_only());
    assert_eq!(
        doc.session.title,
        "Q4 Funnel Reality Check from A",
        "{}",
        status(&second)
    );
    rename(&mut second, " and B");
    assert_eq!(
        store::load(&path).expect("load").title,
        "Q4 Funnel Reality Check from A and B"
    );
    // The first notices, and writes nothing more.
    first.tick(at(1));
    assert!(
        first.doc.as_ref().expect("open").read_only(),
        "{}",
        status(&first)
    );
    rename(&mut first, " late");
    assert_eq!(
        store::load(&path).expect("load").title,
        "Q4 Funnel Reality Check from A and B"
    );
    // Only the owner's lock file remains, and it goes when the owner closes.
    drop(first);
    assert!(store::lock::lock_path(&path).exists());
    drop(second);
    assert!(!store::lock::lock_path(&path).exists());
}

/// Saving in the background: edits return at once, the footer says
/// "saving…" until the writer reports, and quitting waits for the write.
#[test]
fn background_saves_are_acknowledged_and_flushed_on_quit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("example.ron");
    store::save(&path, &funnelcheck::assets::example_session()).expect("save");
    let mut app = App::new(&options(Some(path.clone()), dir.path()), at(0));
    app.saving = funnelcheck::tui::app::Saving::Background;
    for n in 0..20 {
        rename(&mut app, &format!(" {n}"));
    }
    // Twenty edits later the writer may still hold some; quit waits for it.
    keys(&mut app, "q");
    assert!(app.quit, "{}", status(&app));
    let title = store::load(&path).expect("load").title;
    assert!(
        title.ends_with(" 17 18 19"),
        "the last edit is on disk: {title}"
    );
    assert!(matches!(
        app.doc.as_ref().map(|d| &d.save),
        Some(SaveState::Saved(_))
    ));
}

/// A hand-commented file: the first save keeps the file as it was in
/// `NAME.ron.orig` and says so; a symlinked session stays a link and its
/// target gets the change.
#[test]
fn comments_are_kept_once_and_a_link_is_written_through() {
    let dir = tempfile::tempdir().expect("temp dir");
    let real = dir.path().join("synced");
    std::fs::create_dir(&real).expect("dir");
    let target = real.join("q4.ron");
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/example.ron"))
            .expect("example");
    assert!(
        text.contains("// An example"),
        "the example carries comments"
    );
    std::fs::write(&target, &text).expect("write");
    let link = dir.path().join("q4.ron");
    std::os::unix::fs::symlink(&target, &link).expect("symlink");
    let mut app = App::new(&options(Some(link.clone()), dir.path()), at(0));
    rename(&mut app, " edited");
    assert!(status(&app).contains("q4.ron.orig"), "{}", status(&app));
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("meta")
            .file_type()
            .is_symlink(),
        "still a link"
    );
    assert_eq!(
        store::load(&target).expect("target").title,
        "Q4 Funnel Reality Check edited"
    );
    assert_eq!(
        std::fs::read_to_string(real.join("q4.ron.orig")).expect("orig"),
        text
    );
    // Only once: a second save does not touch it.
    rename(&mut app, " again");
    assert_eq!(
        std::fs::read_to_string(real.join("q4.ron.orig")).expect("orig"),
        text
    );
}
