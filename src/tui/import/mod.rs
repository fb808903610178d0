//! The import dialog (issue 12): a CRM export into the open session from
//! the Funnel screen's `i`. An app-level modal, like save-as: the Funnel
//! screen only returns `Outcome::Import`, the app opens the dialog, and
//! while it is open every key goes to it.
//!
//! Steps: the file and the options (`state`, a form) → reading on a
//! thread (`job`; Esc stops it) → the questions the file raises (CRM
//! stages to map, the day/month order) → the preview (rows read, used,
//! left out by reason; before → after) → Enter puts the figures in as one
//! undoable edit. Any refusal goes back to the options with the reason in
//! full. `input` turns keys into [`Next`], `draw` only draws.

mod draw;
mod input;
mod job;
mod state;

use std::sync::Arc;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

pub use draw::area;
pub use input::Next;
pub use job::{Done, Job};
pub use state::{ImportDialog, Step};

use super::action::Action;
use super::app::{App, SaveState, Saving};
use super::screens::Edit;
use crate::cli::safe::escape;
use crate::format;
use crate::session::Session;

/// Draws the dialog over the window, if it is open.
pub fn draw(f: &mut Frame, window: Rect, app: &App) {
    if let (Some(d), Some(doc)) = (&app.import, &app.doc) {
        draw::draw(f, window, d, &doc.session, &app.theme);
    }
}

/// The footer's keys while the dialog is open.
pub fn footer(d: &ImportDialog) -> Vec<(Action, &'static str)> {
    match &d.step {
        Step::Form => vec![
            (Action::Edit, "read the file"),
            (Action::NextField, "next option"),
            (Action::Cancel, "close"),
        ],
        Step::Reading { .. } => vec![(Action::Cancel, "stop reading")],
        Step::Mapping { .. } => vec![
            (Action::Toggle, "pick a stage"),
            (Action::Edit, "read again"),
            (Action::Cancel, "back"),
            (Action::ToggleHelp, "help"),
        ],
        Step::DateOrder { .. } => vec![
            (Action::Toggle, "day / month first"),
            (Action::Edit, "read again"),
            (Action::Cancel, "back"),
            (Action::ToggleHelp, "help"),
        ],
        Step::Preview { .. } => vec![
            (Action::Edit, "import"),
            (Action::PageDown, "scroll"),
            (Action::Cancel, "back"),
            (Action::ToggleHelp, "help"),
        ],
    }
}

/// The session's fields an import writes (`import::apply` changes these
/// and nothing else), moved from `from` into `to`.
fn put_imported(to: &mut Session, from: Session) {
    to.stages = from.stages;
    to.deal_size = from.deal_size;
    to.segments = from.segments;
    to.import = from.import;
}

fn same_imported(a: &Session, b: &Session) -> bool {
    a.stages == b.stages
        && a.deal_size == b.deal_size
        && a.segments == b.segments
        && a.import == b.import
}

impl App {
    /// `i` on the Funnel screen.
    pub(super) fn open_import(&mut self) {
        let Some(doc) = &self.doc else { return };
        if let SaveState::ReadOnly(why) = &doc.save {
            return self.error(format!(
                "nothing can be imported: this window is read-only ({why}). ! takes the file over"
            ));
        }
        self.import = Some(ImportDialog::new(&doc.session, &doc.path));
        self.status = None;
    }

    /// An action while the dialog is open (help and quit keep their meaning).
    pub(super) fn import_action(&mut self, action: Action) {
        match action {
            Action::Quit => return self.request_quit(),
            Action::ToggleHelp => {
                self.help = Some(0);
                return;
            }
            _ => {}
        }
        let Some(d) = &mut self.import else { return };
        let next = d.action(action);
        self.import_next(next);
    }

    /// A key for the dialog's focused text field.
    pub(super) fn import_key(&mut self, key: &KeyEvent) {
        let Some(d) = &mut self.import else { return };
        let next = d.key(key);
        self.import_next(next);
    }

    pub(super) fn import_paste(&mut self, text: &str) {
        if let Some(d) = &mut self.import {
            d.paste(text);
        }
    }

    fn import_next(&mut self, next: Next) {
        match next {
            Next::Stay => {}
            Next::Say(text) => self.info(escape(&text).into_owned()),
            Next::Close => {
                self.import = None;
                self.info("import closed: nothing was changed");
            }
            Next::Read => self.start_import(),
            Next::Apply => self.apply_import(),
        }
    }

    /// Hands the file to a reading thread; in inline mode (tests) waits for it.
    fn start_import(&mut self) {
        let (Some(doc), Some(d)) = (&self.doc, &mut self.import) else {
            return;
        };
        let opts = match d.options() {
            Ok(o) => o,
            Err(e) => {
                d.field_error = Some(e);
                return;
            }
        };
        let path = match d.path() {
            Ok(p) => p,
            Err(e) => {
                d.form.focus = state::FILE;
                d.field_error = Some((state::FILE, e));
                d.step = Step::Form;
                return;
            }
        };
        d.file = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        d.error = None;
        d.scroll = 0;
        let job = Job::spawn(path, d.file.clone(), opts, Arc::clone(&doc.session));
        d.step = Step::Reading { job };
        self.status = None;
        if self.saving == Saving::Inline {
            self.wait_import();
        }
    }

    /// Waits for the reading thread, if one runs, and takes its result:
    /// what tests (and inline mode) use instead of sleeping.
    pub fn wait_import(&mut self) {
        if let Some(d) = &mut self.import
            && let Step::Reading { job } = &d.step
        {
            let done = job.wait();
            d.finish(done);
        }
    }

    /// Takes the reading thread's result if it has one (on every tick).
    pub(super) fn poll_import(&mut self) {
        if let Some(d) = &mut self.import
            && let Step::Reading { job } = &d.step
            && let Some(done) = job.poll()
        {
            d.finish(done);
        }
    }

    /// Enter on the preview: the whole import as one edit (one undo step).
    fn apply_import(&mut self) {
        let Some(d) = self.import.take() else { return };
        let Step::Preview { import, applied } = d.step else {
            self.import = Some(d);
            return;
        };
        let Some(doc) = &self.doc else { return };
        let file = escape(&d.file).into_owned();
        if same_imported(&doc.session, &applied.session) {
            return self.info(format!(
                "{file}: the session already has these figures, nothing changed"
            ));
        }
        let stages: Vec<String> = doc.session.stages.iter().map(|s| s.name.clone()).collect();
        let next = applied.session;
        let note = format!(
            "imported {} rows from {file} (u undoes the whole import)",
            format::count(import.preview.rows_used as f64)
        );
        let edit = Edit::new(format!("import {file}"), move |s| {
            // The figures were worked out for these stages; the dialog is
            // modal, so only a change from outside could differ.
            if s.stages.len() != stages.len()
                || s.stages.iter().zip(&stages).any(|(a, b)| a.name != *b)
            {
                return Err(
                    "not imported: the stages changed since the file was read; import it again"
                        .to_string(),
                );
            }
            put_imported(s, next);
            Ok(())
        })
        .saying(note);
        self.commit(edit);
    }
}
