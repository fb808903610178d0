//! Screen 8, Review: the next check-in (issue 11, docs/MODEL-additions.md
//! §8a). Four sections, switched with Tab: the actions carried over from
//! last time (done, partly, not done, dropped, with a note), the KPIs
//! (actual against target; a typed KPI's actual is typed here, a tied one's
//! comes from the counts), the funnel now against last time, and every idea
//! of the plan under review with its predicted change against the change
//! seen, above the room's calibration.
//!
//! Every figure is `model::review` of the session, computed in the draw; the
//! screen keeps only the cursor, the section and the open field. `input`
//! turns actions and keys into view changes and edits, `draw` only draws.

mod draw;
mod compare;
mod input;
mod parts;
mod table;

use std::cell::{Cell, RefCell};

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};

use super::list::Stack;
use super::{Outcome, Screen, View};
use crate::session::Session;
use crate::tui::action::Action;
use crate::tui::keymap::{Binding, Key};
use crate::tui::widgets::text_field::TextField;

const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[Key::ch('d')],
        action: Action::MarkDone,
    },
    Binding {
        keys: &[Key::ch('p')],
        action: Action::MarkPartly,
    },
    Binding {
        keys: &[Key::ch('n')],
        action: Action::MarkNotDone,
    },
    Binding {
        keys: &[Key::ch('x')],
        action: Action::MarkDropped,
    },
    Binding {
        keys: &[Key::ch('o')],
        action: Action::MarkOpen,
    },
    Binding {
        keys: &[Key::ch(' ')],
        action: Action::Toggle,
    },
    Binding {
        keys: &[Key::plain(KeyCode::Enter), Key::ch('e')],
        action: Action::Edit,
    },
];

/// The parts of the screen, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Section {
    #[default]
    Actions,
    Kpis,
    Funnel,
    Ideas,
}

impl Section {
    const ALL: [Section; 4] = [
        Section::Actions,
        Section::Kpis,
        Section::Funnel,
        Section::Ideas,
    ];

    fn title(self) -> &'static str {
        match self {
            Section::Actions => "Actions",
            Section::Kpis => "KPIs",
            Section::Funnel => "Funnel",
            Section::Ideas => "Ideas",
        }
    }

    fn index(self) -> usize {
        Section::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    fn step(self, forward: bool) -> Section {
        let n = Section::ALL.len();
        let i = self.index();
        Section::ALL[if forward { (i + 1) % n } else { (i + n - 1) % n }]
    }
}

/// What the open field edits, by index into the session's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Target {
    /// The note of `s.actions[i]` (a carried-over action).
    Note(usize),
    /// The actual of `s.kpis[i]` (a typed KPI).
    Actual(usize),
}

#[derive(Default)]
pub struct ReviewScreen {
    section: Section,
    /// The cursor in each section, by `Section::ALL` index.
    rows: [usize; 4],
    editor: Option<(Target, TextField)>,
    /// The list as last drawn, for clicks and paging.
    hits: RefCell<Stack>,
    /// The section bar as last drawn: each title's area.
    tabs: Cell<[Rect; 4]>,
    scroll: Cell<usize>,
}

impl ReviewScreen {
    pub(super) fn row(&self) -> usize {
        self.rows[self.section.index()]
    }

    pub(super) fn set_row(&mut self, row: usize) {
        self.rows[self.section.index()] = row;
    }
}

/// Where the carried-over actions sit in `s.actions`, in order: the rows
/// of the Actions section.
pub(super) fn carried(s: &Session) -> Vec<usize> {
    s.actions
        .iter()
        .enumerate()
        .filter(|(_, a)| a.carried)
        .map(|(i, _)| i)
        .collect()
}

/// How many rows the cursor walks in a section: the rows the draw shows.
pub(super) fn row_count(section: Section, s: &Session) -> usize {
    match section {
        Section::Actions => carried(s).len(),
        Section::Kpis => s.kpis.len(),
        Section::Funnel => crate::model::review(s).map_or(0, |r| r.steps.len()),
        Section::Ideas => crate::model::review(s).map_or(0, |r| r.ideas.len()),
    }
}

impl Screen for ReviewScreen {
    fn title(&self) -> &'static str {
        "Review"
    }

    fn bindings(&self) -> &'static [Binding] {
        BINDINGS
    }

    fn footer(&self) -> Vec<(Action, &'static str)> {
        match self.section {
            Section::Actions => vec![
                (Action::MarkDone, "done"),
                (Action::MarkPartly, "partly"),
                (Action::MarkNotDone, "not done"),
                (Action::MarkDropped, "dropped"),
                (Action::Edit, "note"),
                (Action::MarkOpen, "open"),
                (Action::NextPane, "section"),
            ],
            Section::Kpis => vec![(Action::Edit, "type actual"), (Action::NextPane, "section")],
            Section::Funnel | Section::Ideas => vec![(Action::NextPane, "section")],
        }
    }

    fn editing(&self) -> bool {
        self.editor.is_some()
    }

    fn on_action(&mut self, action: Action, s: &Session) -> Outcome {
        self.action(action, s)
    }

    fn on_text(&mut self, key: &KeyEvent, _s: &Session) -> Outcome {
        if let Some((_, field)) = &mut self.editor {
            field.key(key);
        }
        Outcome::Consumed
    }

    fn on_paste(&mut self, text: &str, _s: &Session) -> Outcome {
        if let Some((_, field)) = &mut self.editor {
            field.paste(text);
        }
        Outcome::Consumed
    }

    fn on_click(&mut self, at: Position, _s: &Session) -> Outcome {
        self.click(at)
    }

    fn draft(&self) -> Option<String> {
        self.editor
            .as_ref()
            .map(|(_, f)| f.value().to_string())
            .filter(|t| !t.trim().is_empty())
    }

    fn sync(&mut self, s: &Session) {
        for section in Section::ALL {
            let i = section.index();
            self.rows[i] = self.rows[i].min(row_count(section, s).saturating_sub(1));
        }
        // A field whose row went away under it (undo, reload) is dropped
        // rather than saved over another row.
        let gone = match self.editor.as_ref().map(|(t, _)| *t) {
            Some(Target::Note(i)) => s.actions.get(i).is_none_or(|a| !a.carried),
            Some(Target::Actual(i)) => s.kpis.get(i).is_none_or(|k| k.measure.is_tied()),
            None => false,
        };
        if gone {
            self.editor = None;
        }
    }

    fn render(&self, f: &mut Frame, area: Rect, v: &View) {
        self.draw(f, area, v);
    }
}
