//! App state and `update`: the one place where the session changes, undo is
//! recorded and the file is saved. The event loop in `tui::run` only turns
//! terminal events into calls here, so tests drive exactly what users drive.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{NaiveDateTime, Timelike};
use crossterm::event::{Event, KeyEvent, MouseButton, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::action::Action;
use super::keymap::{self, Mode, Resolved};
use super::present::{self, Present};
use super::screens::{self, Edit, Outcome, Screen};
use super::start::{StartOutcome, StartScreen};
use super::theme::{Theme, ThemeName};
use super::widgets::text_field::TextField;
use crate::session::{self, AgendaClock, Session};
use crate::store;

mod file;

pub use file::{Doc, FileStore, SaveState, Saving, Storage};

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

    /// A terminal event. Key releases are ignored (Windows reports both).
    pub fn handle_event(&mut self, event: &Event) {
        if let Some(key) = event.as_key_press_event() {
            self.key(&key);
        } else if let Event::Paste(text) = event {
            self.paste(text);
        } else if let Event::Mouse(m) = event {
            match m.kind {
                MouseEventKind::ScrollDown => self.update(Action::Down),
                MouseEventKind::ScrollUp => self.update(Action::Up),
                MouseEventKind::Down(MouseButton::Left) => {
                    self.click(Position::new(m.column, m.row))
                }
                _ => {}
            }
        }
    }

    pub fn key(&mut self, key: &KeyEvent) {
        let mode = self.mode();
        match self.keymap.resolve(mode, self.screen_bindings(), key) {
            Resolved::Action(action) => self.update(action),
            Resolved::ToField if self.save_as.is_some() => {
                if let Some(field) = &mut self.save_as {
                    field.key(key);
                }
            }
            Resolved::ToField if self.import.is_some() => self.import_key(key),
            Resolved::ToField => {
                let outcome = match &mut self.doc {
                    None => self.start.on_text(key),
                    Some(doc) => match self.screens.get_mut(self.current) {
                        Some(screen) => screen.on_text(key, &doc.session),
                        None => Outcome::Ignored,
                    },
                };
                self.outcome(outcome);
            }
            Resolved::Unbound => {}
        }
    }

    pub fn paste(&mut self, text: &str) {
        if !self.editing() {
            return;
        }
        if let Some(field) = &mut self.save_as {
            return field.paste(text);
        }
        if self.import.is_some() {
            return self.import_paste(text);
        }
        let outcome = match &mut self.doc {
            None => self.start.on_paste(text),
            Some(doc) => match self.screens.get_mut(self.current) {
                Some(screen) => screen.on_paste(text, &doc.session),
                None => Outcome::Ignored,
            },
        };
        self.outcome(outcome);
    }

    fn click(&mut self, at: Position) {
        if self.help.is_some() {
            self.help = None;
            return;
        }
        if self.presenting {
            // Nothing on the presentation is clickable, and the tab strip is hidden.
            return;
        }
        if self.doc.is_none() {
            let outcome = self.start.on_click(at);
            self.start_outcome(outcome);
            return;
        }
        if let Some((_, i)) = self.tab_hits.iter().find(|(r, _)| r.contains(at)) {
            let i = *i;
            self.go_to(i);
            return;
        }
        let outcome = match (&self.doc, self.screens.get_mut(self.current)) {
            (Some(doc), Some(screen)) => screen.on_click(at, &doc.session),
            _ => Outcome::Ignored,
        };
        self.outcome(outcome);
    }

    /// Everything a user can do goes through here.
    pub fn update(&mut self, action: Action) {
        if action != Action::ExportAll {
            self.export_armed = false;
        }
        if action == Action::PasteDraft {
            match self.draft.take() {
                Some(text) if self.editing() => {
                    let text = text.replace('\n', " · ");
                    self.paste(&text);
                    self.info("pasted the text kept from the last run");
                }
                Some(text) => {
                    self.draft = Some(text);
                    self.info("open a field first (Enter), then F2 pastes the kept text");
                }
                None => self.info("no text kept from the last run"),
            }
            return;
        }
        if self.save_as.is_some() {
            return self.save_as_action(action);
        }
        match self.mode() {
            Mode::Help => return self.help_action(action),
            Mode::Conflict => return self.conflict_action(action),
            Mode::Unsaved => return self.unsaved_action(action),
            Mode::Import => return self.import_action(action),
            Mode::Editing if self.import.is_some() => return self.import_action(action),
            Mode::Editing => {}
            Mode::Normal => {
                // A message of several lines covers part of the screen, so
                // Esc puts it away before it means anything else.
                if action == Action::Cancel && self.long_error() {
                    self.status = None;
                    return;
                }
            }
        }
        if self.doc.is_none() {
            return self.start_action(action);
        }
        if self.presenting {
            return self.present_action(action);
        }
        // The screen gets first say, so it can give a global key a local meaning.
        let outcome = match (&self.doc, self.screens.get_mut(self.current)) {
            (Some(doc), Some(screen)) => screen.on_action(action, &doc.session),
            _ => Outcome::Ignored,
        };
        if matches!(outcome, Outcome::Ignored) {
            self.global(action);
        } else {
            self.outcome(outcome);
        }
    }

    fn global(&mut self, action: Action) {
        match action {
            Action::Quit => self.request_quit(),
            Action::ToggleHelp => self.help = Some(0),
            Action::Undo => self.undo(),
            Action::Redo => self.redo(),
            Action::NextScreen => self.go_to((self.current + 1) % self.screens.len().max(1)),
            Action::PrevScreen => {
                let n = self.screens.len().max(1);
                self.go_to((self.current + n - 1) % n)
            }
            Action::GoToScreen(n) => {
                let i = usize::from(n).saturating_sub(1);
                if i < self.screens.len() {
                    self.go_to(i)
                } else {
                    self.error(format!(
                        "there is no screen {n}; screens are 1–{}",
                        self.screens.len()
                    ))
                }
            }
            Action::CycleTheme => {
                self.theme = self.theme.next();
                self.info(format!("theme: {}", self.theme.name.label()));
            }
            Action::TimerStartPause => self.move_clock(|c, now, _| c.toggle(now)),
            Action::TimerAddFive => self.move_clock(|c, _, _| c.add_five()),
            Action::TimerNextSection => self.move_clock(|c, now, n| c.next_section(now, n)),
            Action::Cancel => self.status = None,
            Action::TogglePresent => self.start_presenting(),
            Action::TakeOver => self.take_over(),
            _ => {}
        }
    }

    /// Presentation mode, on the view that fits the screen the room was on.
    fn start_presenting(&mut self) {
        let screen = self.screens.get(self.current).map_or("", |s| s.title());
        self.present.enter(present::View::for_screen(screen));
        self.presenting = true;
        self.status = None;
    }

    fn present_action(&mut self, action: Action) {
        let Some(doc) = &self.doc else { return };
        match present::on_action(&mut self.present, action, &doc.session) {
            present::Outcome::Leave => self.presenting = false,
            present::Outcome::Global(action) => self.global(action),
            present::Outcome::Consumed | present::Outcome::Ignored => {}
        }
    }

    fn go_to(&mut self, i: usize) {
        if i < self.screens.len() {
            self.current = i;
            self.status = None;
            if self.stale.get(i).copied().unwrap_or(true)
                && let (Some(doc), Some(screen)) = (&self.doc, self.screens.get_mut(i))
            {
                screen.sync(&doc.session);
                if let Some(flag) = self.stale.get_mut(i) {
                    *flag = false;
                }
            }
        }
    }

    fn help_action(&mut self, action: Action) {
        let scroll = self.help.unwrap_or(0);
        self.help = match action {
            Action::ToggleHelp | Action::Cancel => None,
            Action::Quit => {
                self.request_quit();
                None
            }
            Action::Down => Some(scroll.saturating_add(1)),
            Action::Up => Some(scroll.saturating_sub(1)),
            Action::PageDown => Some(scroll.saturating_add(10)),
            Action::PageUp => Some(scroll.saturating_sub(10)),
            _ => Some(scroll),
        };
    }

    fn start_action(&mut self, action: Action) {
        match action {
            Action::Quit if !self.start.editing() => self.quit = true,
            Action::ToggleHelp if !self.start.editing() => self.help = Some(0),
            Action::CycleTheme => self.global(action),
            _ => {
                let outcome = self.start.on_action(action);
                self.start_outcome(outcome);
            }
        }
    }

    fn start_outcome(&mut self, outcome: StartOutcome) {
        match outcome {
            StartOutcome::None => {}
            StartOutcome::Error(e) => self.error(e),
            StartOutcome::Open(path) => self.open(&path),
            StartOutcome::Create(session, path) => self.create(*session, path),
            StartOutcome::FollowUp(path) => self.follow_up(&path),
        }
    }

    /// The next check-in of the session at `path`, written beside it and
    /// opened on its Review screen.
    fn follow_up(&mut self, path: &std::path::Path) {
        match crate::followup::create(path, None, self.now.date()) {
            Ok(next) => {
                self.open(&next);
                if self.doc.as_ref().is_some_and(|d| d.path == next) {
                    self.info(format!(
                        "made {}, the check-in after {}: type this period's counts on the Funnel screen (2), then review here",
                        next.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
                        path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
                    ));
                }
            }
            Err(e) => self.error(format!("no follow-up made: {e}")),
        }
    }

    fn outcome(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Ignored | Outcome::Consumed => {}
            Outcome::Info(text) => self.info(text),
            Outcome::Error(text) => self.error(text),
            Outcome::Commit(edit) => self.commit(edit),
            Outcome::ExportAll => self.export_all(),
            Outcome::Import => self.open_import(),
        }
    }

    /// Every export format, into `NAME-export/` next to `NAME.ron`; the
    /// status line says where (or why not).
    fn export_all(&mut self) {
        let Some(doc) = &self.doc else { return };
        let dir = crate::export::export_dir(&doc.path);
        // Never replace last time's export without a word: the first `e`
        // says what is there, the second replaces it.
        let earlier = std::fs::read_dir(&dir).is_ok_and(|mut d| d.next().is_some());
        if earlier && !std::mem::replace(&mut self.export_armed, true) {
            let when = std::fs::metadata(&dir)
                .and_then(|m| m.modified())
                .map(|t| {
                    chrono::DateTime::<chrono::Local>::from(t)
                        .format(" of %Y-%m-%d %H:%M")
                        .to_string()
                })
                .unwrap_or_default();
            return self.info(format!(
                "{} already holds an export{when}: press e again to replace it, any other key keeps it",
                dir.display()
            ));
        }
        self.export_armed = false;
        // A follow-up's HTML draws the trend across its predecessors; a
        // broken link only leaves the trend shorter (the CLI names it).
        let previous = crate::store::chain::predecessors(&doc.path, &doc.session).sessions;
        match crate::export::export_all_with(&doc.session, &previous, Some(&doc.path), &dir) {
            // The whole path: the session may sit in the user data folder,
            // where "example-export" alone would not tell anyone where to look.
            Ok(files) => self.info(format!(
                "exported {} files to {}",
                files.len(),
                std::fs::canonicalize(&dir).unwrap_or(dir).display()
            )),
            Err(e) => self.error(format!("export failed: {e}")),
        }
    }

    /// The one place the session changes: records undo, clears redo, saves.
    pub fn commit(&mut self, edit: Edit) {
        let Some(doc) = &mut self.doc else { return };
        if let SaveState::ReadOnly(why) = &doc.save {
            let why = why.clone();
            return self.error(format!(
                "not changed: this window is read-only ({why}). ! takes the file over"
            ));
        }
        let mut next = Session::clone(&doc.session);
        let Edit { label, apply, note } = edit;
        if let Err(why) = apply(&mut next) {
            return self.error(why);
        }
        if next == *doc.session {
            return;
        }
        // A safety net under every screen's own checks: an edit may not make
        // the session invalid (the file would then refuse to load). The
        // problems of the session as it is are kept from the last edit, and
        // the ideas (most of a big session) are checked again only when the
        // edit touched them or what they are checked against.
        let before = doc
            .problems
            .take()
            .unwrap_or_else(|| session::validate_split(&doc.session, None));
        let reuse = session::same_ideas(&doc.session, &next).then_some(before.ideas.as_slice());
        let after = session::validate_split(&next, reuse);
        if after.len() > before.len() {
            let new = after
                .clone()
                .all()
                .into_iter()
                .find(|p| !before.contains(p));
            doc.problems = Some(before);
            if let Some(p) = new {
                return self.error(format!("not changed: {} ({})", p.message, p.fix));
            }
        }
        doc.problems = Some(after);
        // Undo keeps only what the edit changed (tui::history), not a copy
        // of the whole session per step.
        doc.history.record(label, &doc.session, &next);
        doc.session = Arc::new(next);
        self.status = note.map(|text| Status { text, error: false });
        self.sync_screens();
        self.save();
    }

    /// The timer is saved with the session (a restart finds the room where
    /// it was) but is not an edit: no undo step, and undo leaves it alone.
    fn move_clock(&mut self, f: impl FnOnce(&mut AgendaClock, NaiveDateTime, usize)) {
        let Some(doc) = &mut self.doc else { return };
        let sections = doc.session.agenda.len();
        // Whole seconds: the file stays readable, and the timer shows no finer.
        let now = self.now.with_nanosecond(0).unwrap_or(self.now);
        f(&mut Arc::make_mut(&mut doc.session).clock, now, sections);
        self.save();
    }

    fn undo(&mut self) {
        let Some(doc) = &mut self.doc else { return };
        // The history leaves the agenda timer alone: undo never moves it.
        let Some(label) = doc.history.undo(Arc::make_mut(&mut doc.session)) else {
            return self.info("nothing to undo");
        };
        doc.problems = None;
        self.sync_screens();
        self.save();
        self.info(format!("undone: {label}"));
    }

    fn redo(&mut self) {
        let Some(doc) = &mut self.doc else { return };
        let Some(label) = doc.history.redo(Arc::make_mut(&mut doc.session)) else {
            return self.info("nothing to redo");
        };
        doc.problems = None;
        self.sync_screens();
        self.save();
        self.info(format!("redone: {label}"));
    }

    /// Tells the screen on view that the session changed. The others are
    /// told when they are shown (`go_to`): a summary that recomputes every
    /// figure need not do so for each keystroke on another screen.
    fn sync_screens(&mut self) {
        if let Some(doc) = &self.doc {
            if let Some(screen) = self.screens.get_mut(self.current) {
                screen.sync(&doc.session);
            }
            self.stale = (0..self.screens.len()).map(|i| i != self.current).collect();
        }
    }
}
