//! Screen 3, Stage walk: one step at a time, its loss causes and the pairs'
//! ideas with their projected gains (from `model::idea_gains`, live while a
//! form is typed), and a "report back" mode that shows one pair's ideas big.
//!
//! `forms` turns form values into causes and ideas, `input` turns actions
//! and keys into view changes and edits, `draw` only draws.

mod draw;
mod forms;
mod grid;
mod input;

use std::cell::{Cell, RefCell};

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};

use super::list::Stack;
use super::segment::SegmentPick;
use super::{Outcome, Screen, View};
use crate::session::{Effect, Session};
use crate::tui::action::Action;
use crate::tui::keymap::{Binding, Key};
use crate::tui::widgets::form::Form;

const BINDINGS: &[Binding] = &[
    Binding { keys: &[Key::ch('n'), Key::plain(KeyCode::Right), Key::ch('l')], action: Action::NextStep },
    Binding { keys: &[Key::ch('p'), Key::plain(KeyCode::Left), Key::ch('h')], action: Action::PrevStep },
    Binding { keys: &[Key::ch('c')], action: Action::AddCause },
    Binding { keys: &[Key::ch('i')], action: Action::AddIdea },
    Binding { keys: &[Key::ch('a'), Key::plain(KeyCode::Insert)], action: Action::Add },
    Binding { keys: &[Key::ch('d'), Key::plain(KeyCode::Delete)], action: Action::Delete },
    Binding { keys: &[Key::ch('b')], action: Action::ReportBack },
    Binding { keys: &[Key::ch('s')], action: Action::NextSegment },
    Binding { keys: &[Key::ch('S')], action: Action::PrevSegment },
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Pane {
    #[default]
    Causes,
    Ideas,
}

/// What the open form edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    NewCause,
    Cause(usize),
    NewIdea,
    /// Index into `session.ideas`.
    Idea(usize),
}

impl Target {
    fn is_cause(self) -> bool {
        matches!(self, Target::NewCause | Target::Cause(_))
    }
}

#[derive(Default)]
pub struct StageWalk {
    step: usize,
    pane: Pane,
    cause_row: usize,
    idea_row: usize,
    form: Option<(Target, Form)>,
    /// Report back: the index of the pair being shown.
    report: Option<usize>,
    /// The cause and idea panes as last drawn (pane, its items), for clicks
    /// and paging.
    hits: RefCell<[(Rect, Stack); 2]>,
    /// The first cause and idea shown, kept so the lists move only as far
    /// as the cursor needs.
    cause_scroll: Cell<usize>,
    idea_scroll: Cell<usize>,
    /// The whole funnel, or one segment's causes and figures (read-only).
    segment: SegmentPick,
}

/// The ideas shown at step `k`: those working on it, then the volume and
/// deal-size ideas, which act on the whole funnel and so are listed under
/// every step (marked "whole funnel"): an idea never leaves the step it was
/// typed on for another one.
pub fn ideas_at(s: &Session, k: usize) -> Vec<usize> {
    let on_step = s.ideas.iter().enumerate().filter(|(_, i)| i.effect.step() == Some(k));
    let whole = s.ideas.iter().enumerate().filter(|(_, i)| matches!(i.effect, Effect::GrowVolume { .. } | Effect::GrowDealSize { .. }));
    on_step.chain(whole).map(|(n, _)| n).collect()
}

impl StageWalk {
    /// The causes listed at the current step: the session's, or the
    /// chosen segment's.
    fn cause_count(&self, s: &Session) -> usize {
        match self.segment.segment(s) {
            Some(g) => g.losses.get(self.step).map_or(0, Vec::len),
            None => s.stages.get(self.step).map_or(0, |st| st.causes.len()),
        }
    }
}

impl Screen for StageWalk {
    fn title(&self) -> &'static str {
        "Stage walk"
    }

    fn bindings(&self) -> &'static [Binding] {
        BINDINGS
    }

    fn footer(&self) -> Vec<(Action, &'static str)> {
        if self.report.is_some() {
            return vec![(Action::NextStep, "next pair"), (Action::PrevStep, "previous"), (Action::ReportBack, "leave")];
        }
        if self.segment.chosen() {
            return vec![(Action::NextStep, "next step"), (Action::PrevStep, "prev"), (Action::NextSegment, "next segment"), (Action::PrevSegment, "back")];
        }
        vec![
            (Action::NextStep, "next step"),
            (Action::PrevStep, "prev"),
            (Action::AddCause, "cause"),
            (Action::AddIdea, "idea"),
            (Action::Edit, "edit"),
            (Action::ReportBack, "report back"),
        ]
    }

    fn editing(&self) -> bool {
        self.form.is_some()
    }

    fn on_action(&mut self, action: Action, s: &Session) -> Outcome {
        self.action(action, s)
    }

    fn on_text(&mut self, key: &KeyEvent, _s: &Session) -> Outcome {
        self.text(key)
    }

    fn on_paste(&mut self, text: &str, _s: &Session) -> Outcome {
        if let Some((_, form)) = &mut self.form {
            form.paste(text);
        }
        Outcome::Consumed
    }

    fn on_click(&mut self, at: Position, _s: &Session) -> Outcome {
        self.click(at)
    }

    fn draft(&self) -> Option<String> {
        self.form.as_ref().and_then(|(_, f)| f.draft())
    }

    fn sync(&mut self, s: &Session) {
        self.segment.sync(s);
        self.step = self.step.min(s.step_count().saturating_sub(1));
        let causes = self.cause_count(s);
        self.cause_row = self.cause_row.min(causes.saturating_sub(1));
        self.idea_row = self.idea_row.min(ideas_at(s, self.step).len().saturating_sub(1));
        if let Some(p) = self.report {
            self.report = if s.pairs.is_empty() { None } else { Some(p.min(s.pairs.len() - 1)) };
        }
    }

    fn render(&self, f: &mut Frame, area: Rect, v: &View) {
        self.draw(f, area, v);
    }
}
