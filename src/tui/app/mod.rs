//! App state: the one place where the session changes, undo is recorded
//! and the file is saved. The event loop in `tui::run` only turns terminal
//! events into calls here, so tests drive exactly what users drive.
//!
//! This file holds the state itself (`App`, how it is built, which mode it
//! is in); the rest is split by idea, as gitui and television keep state,
//! input and drawing apart:
//! - `update`: input → `Action` → whoever has the say in the current mode;
//! - `outcome`: what the app does with a screen's answer (export, import,
//!   open, create, follow-up);
//! - `commit`: the session changes (commit, undo, redo, the timer);
//! - `doc`: the open file, its lock and writer; `save`: the writer's
//!   results and retries; `conflict`: the file changed elsewhere;
//!   `unsaved`: quit, save as and the draft when changes are not on disk.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDateTime;
use ratatui::layout::Rect;

use super::keymap::{self, Mode};
use super::present::{self, Present};
use super::screens::{self, Screen};
use super::start::StartScreen;
use super::theme::{Theme, ThemeName};
use super::widgets::text_field::TextField;
use crate::session::AgendaClock;
use crate::store;

mod commit;
mod conflict;
mod doc;
mod outcome;
mod save;
mod unsaved;
mod update;

pub use crate::store::writer::{FileStore, Storage};
pub use doc::Doc;
pub use save::{SaveState, Saving};

/// A line for the status bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

/// How `run` was asked to start.
#[derive(Debug, Clone)]
pub struct Options {
    pub file: Option<PathBuf>,
    /// `None`: the store's default (`./sessions` or the data folder).
    pub sessions_dir: Option<PathBuf>,
    pub theme: ThemeName,
    /// Open the session straight into presentation mode (`--present`).
    pub present: bool,
}

pub struct App {
    pub doc: Option<Doc>,
    pub start: StartScreen,
    pub screens: Vec<Box<dyn Screen>>,
    pub current: usize,
    /// Scroll offset of the open help overlay.
    pub help: Option<u16>,
    pub theme: Theme,
    /// The global keys in effect (defaults plus the config file's overrides).
    pub keymap: keymap::Keymap,
    pub status: Option<Status>,
    /// The time everything on screen is computed at; set by `tick`.
    pub now: NaiveDateTime,
    pub quit: bool,
    pub sessions_dir: PathBuf,
    /// The tab strip as last drawn, for mouse clicks: (area, screen index).
    pub tab_hits: Vec<(Rect, usize)>,
    /// Presentation mode is on: keys and drawing go to `present`.
    pub presenting: bool,
    pub present: Present,
    storage: Arc<dyn Storage>,
    /// Inline in tests (each edit waits for its write), in the background
    /// in the app.
    pub saving: Saving,
    /// `e` found an earlier export in the folder and said so: the next `e`
    /// replaces it. Any other key disarms it.
    export_armed: bool,
    /// Quit was asked while changes are not on disk: the prompt is open.
    pub unsaved_prompt: bool,
    /// The path typed for "save as", while that field is open.
    pub save_as: Option<TextField>,
    /// When a failed save was last tried, so a full disk is retried every
    /// few seconds rather than on every tick.
    last_try: Option<NaiveDateTime>,
    /// Text kept from the last run (typed, not saved), offered with F2.
    pub draft: Option<String>,
    /// Screens not yet told about the last change (synced when shown).
    stale: Vec<bool>,
    /// The import dialog, while it is open: it gets every key.
    pub import: Option<super::import::ImportDialog>,
}

impl App {
    /// The app over the real disk, each save waiting for its write (what
    /// tests need); `tui::run` switches to background saves.
    pub fn new(opts: &Options, now: NaiveDateTime) -> App {
        App::with_storage(opts, now, Arc::new(FileStore))
    }

    pub fn with_storage(opts: &Options, now: NaiveDateTime, storage: Arc<dyn Storage>) -> App {
        let sessions_dir = store::sessions_dir(opts.sessions_dir.as_deref());
        let mut app = App {
            doc: None,
            start: StartScreen::new(&sessions_dir, now.date()),
            screens: screens::all(),
            current: 0,
            help: None,
            theme: Theme::new(opts.theme),
            keymap: keymap::Keymap::default(),
            status: None,
            now,
            quit: false,
            sessions_dir,
            tab_hits: Vec::new(),
            presenting: false,
            present: Present::default(),
            storage,
            saving: Saving::Inline,
            export_armed: false,
            unsaved_prompt: false,
            save_as: None,
            last_try: None,
            draft: None,
            stale: Vec::new(),
            import: None,
        };
        if let Some(path) = &opts.file {
            app.open(path);
        }
        if opts.present && app.doc.is_some() {
            app.start_presenting();
        }
        app
    }

    fn set_doc(&mut self, mut doc: Doc, message: String) {
        // A hand-shortened agenda: start again rather than point nowhere.
        if doc.session.clock.section >= doc.session.agenda.len() {
            Arc::make_mut(&mut doc.session).clock = AgendaClock::default();
        }
        self.draft = store::take_draft(&doc.path);
        // A follow-up opens where its check-in starts: the review of last time.
        self.current = match doc.session.under_review {
            Some(_) => self
                .screens
                .iter()
                .position(|s| s.title() == "Review")
                .unwrap_or(0),
            None => 0,
        };
        self.doc = Some(doc);
        // A newly opened session: every screen learns it now.
        if let Some(doc) = &self.doc {
            for screen in &mut self.screens {
                screen.sync(&doc.session);
            }
        }
        self.stale = vec![false; self.screens.len()];
        match &self.draft {
            Some(text) => {
                let shown: String = text
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .chars()
                    .take(60)
                    .collect();
                self.info(format!(
                    "{message}. Kept from the last run, typed but never saved: “{shown}{}” — open a field and press F2 to paste it",
                    if text.chars().count() > shown.chars().count() { "…" } else { "" }
                ));
            }
            None => self.info(message),
        }
    }

    /// The text typed into whatever field is open, if any.
    pub fn typed_text(&self) -> Option<String> {
        if let Some(f) = &self.save_as {
            return Some(f.value().to_string()).filter(|t| !t.trim().is_empty());
        }
        if self.doc.is_none() || self.presenting {
            return None;
        }
        self.screens.get(self.current).and_then(|s| s.draft())
    }

    pub fn mode(&self) -> Mode {
        if self.help.is_some() {
            Mode::Help
        } else if self.save_as.is_some() {
            Mode::Editing
        } else if self.unsaved_prompt {
            Mode::Unsaved
        } else if let Some(d) = &self.import {
            if d.typing() {
                Mode::Editing
            } else {
                Mode::Import
            }
        } else if self.editing() {
            // An open field keeps every key, even when the file changed on
            // disk meanwhile: a typed `k` or `q` is text, never "keep mine"
            // or "quit". The choice is offered once the field is closed.
            Mode::Editing
        } else if self.doc.as_ref().is_some_and(|d| d.save == SaveState::Held) {
            Mode::Conflict
        } else {
            Mode::Normal
        }
    }

    fn editing(&self) -> bool {
        if self.save_as.is_some() {
            return true;
        }
        if let Some(d) = &self.import {
            return d.typing();
        }
        match &self.doc {
            None => self.start.editing(),
            Some(_) => {
                !self.presenting && self.screens.get(self.current).is_some_and(|s| s.editing())
            }
        }
    }

    /// The current screen's own key table (empty on the start screen's global level).
    pub fn screen_bindings(&self) -> &'static [keymap::Binding] {
        match &self.doc {
            None => super::start::BINDINGS,
            Some(_) if self.presenting => present::BINDINGS,
            Some(_) => self.screens.get(self.current).map_or(&[], |s| s.bindings()),
        }
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: false,
        });
    }

    /// An error of several lines is on screen (a parse error with its
    /// caret, a list of problems): it stays until Esc.
    pub fn long_error(&self) -> bool {
        self.status
            .as_ref()
            .is_some_and(|s| s.error && s.text.contains('\n'))
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: true,
        });
    }
}
