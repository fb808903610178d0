//! The one door through which the session changes: `commit` (checked,
//! recorded for undo, saved), undo and redo, and the agenda timer, which is
//! saved but is no edit. Each change then tells the screen on view.

use std::sync::Arc;

use chrono::{NaiveDateTime, Timelike};

use super::{App, SaveState, Status};
use crate::session::{self, AgendaClock, Session};
use crate::tui::history::History;
use crate::tui::screens::Edit;

impl App {
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
    pub(super) fn move_clock(&mut self, f: impl FnOnce(&mut AgendaClock, NaiveDateTime, usize)) {
        let Some(doc) = &mut self.doc else { return };
        let sections = doc.session.agenda.len();
        // Whole seconds: the file stays readable, and the timer shows no finer.
        let now = self.now.with_nanosecond(0).unwrap_or(self.now);
        f(&mut Arc::make_mut(&mut doc.session).clock, now, sections);
        self.save();
    }

    pub(super) fn undo(&mut self) {
        self.step(History::undo, "nothing to undo", "undone");
    }

    pub(super) fn redo(&mut self) {
        self.step(History::redo, "nothing to redo", "redone");
    }

    /// Undo and redo are one move in two directions: the history takes the
    /// session a step (leaving the agenda timer alone: undo never moves
    /// it), the kept problems no longer hold, and the file is saved.
    fn step(
        &mut self,
        step: fn(&mut History, &mut Session) -> Option<String>,
        nothing: &str,
        done: &str,
    ) {
        let Some(doc) = &mut self.doc else { return };
        let Some(label) = step(&mut doc.history, Arc::make_mut(&mut doc.session)) else {
            return self.info(nothing);
        };
        doc.problems = None;
        self.sync_screens();
        self.save();
        self.info(format!("{done}: {label}"));
    }

    /// Tells the screen on view that the session changed. The others are
    /// told when they are shown (`go_to`): a summary that recomputes every
    /// figure need not do so for each keystroke on another screen.
    pub(super) fn sync_screens(&mut self) {
        if let Some(doc) = &self.doc {
            if let Some(screen) = self.screens.get_mut(self.current) {
                screen.sync(&doc.session);
            }
            self.stale = (0..self.screens.len()).map(|i| i != self.current).collect();
        }
    }
}
