//! Helpers shared by the TUI tests: a fixed clock, key events, and rendering
//! the whole app into a `TestBackend` as plain text.

#![allow(dead_code)]

pub mod golden;

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers};
use funnelcheck::tui::{App, Options, ThemeName, chrome};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// 23 Nov 2026, 09:00:00 plus `secs`: every test runs at the same time.
pub fn at(secs: i64) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("valid date")
        + chrono::Duration::seconds(secs)
}

pub fn options(file: Option<PathBuf>, dir: &Path) -> Options {
    Options {
        file,
        sessions_dir: Some(dir.to_path_buf()),
        theme: ThemeName::Projector,
        present: false,
    }
}

/// A temp folder holding the example session as `example.ron`, and the app opened on it.
pub fn example_app() -> (tempfile::TempDir, PathBuf, App) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("example.ron");
    funnelcheck::store::save(&path, &funnelcheck::assets::example_session()).expect("save example");
    let app = App::new(&options(Some(path.clone()), dir.path()), at(0));
    (dir, path, app)
}

pub fn key_mod(code: KeyCode, modifiers: KeyModifiers) -> Event {
    Event::Key(KeyEvent {
        code,
        modifiers,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    })
}

pub fn press(app: &mut App, code: KeyCode) {
    app.handle_event(&key_mod(code, KeyModifiers::NONE));
}

pub fn ctrl(app: &mut App, c: char) {
    app.handle_event(&key_mod(KeyCode::Char(c), KeyModifiers::CONTROL));
}

/// Types text one key at a time, as a person would.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        let mods = if c.is_uppercase() {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        app.handle_event(&key_mod(KeyCode::Char(c), mods));
    }
}

/// Presses each character as its own key (for command keys like "3", "n").
pub fn keys(app: &mut App, keys: &str) {
    type_text(app, keys);
}

/// The app drawn at `w`×`h`, one line per row, trailing spaces trimmed.
pub fn screen(app: &mut App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    terminal.draw(|f| chrome::draw(f, app)).expect("draw");
    let buf = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        for x in 0..w {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
