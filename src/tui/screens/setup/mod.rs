//! Screen 1, Setup: workshop details, participants with their team, pairs
//! (formed automatically, reshuffled with a key, edited by hand) and the
//! steps each pair works on.
//!
//! `edit` turns typed details into session changes, `input` turns actions
//! and keys into view changes and edits, `draw` only draws.

mod draw;
mod edit;
mod input;

use std::cell::{Cell, RefCell};

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};

use super::list::Rows;
use super::{Outcome, Screen, View};
use crate::session::Session;
use crate::tui::action::Action;
use crate::tui::keymap::{Binding, Key};
use crate::tui::widgets::filter::Filter;
use crate::tui::widgets::text_field::TextField;

const BINDINGS: &[Binding] = &[
    Binding { keys: &[Key::ch('a'), Key::plain(KeyCode::Insert)], action: Action::Add },
    Binding { keys: &[Key::ch('d'), Key::plain(KeyCode::Delete)], action: Action::Delete },
    Binding { keys: &[Key::ch(' ')], action: Action::Toggle },
    Binding { keys: &[Key::ch('r')], action: Action::Reshuffle },
    Binding { keys: &[Key::ch('p')], action: Action::CyclePair },
    Binding { keys: &[Key::ch('/')], action: Action::Filter },
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Pane {
    #[default]
    Details,
    People,
    Pairs,
}

#[derive(Default)]
pub struct Setup {
    pane: Pane,
    detail: usize,
    person: usize,
    pair: usize,
    /// The step under the cursor in the pairs pane.
    step: usize,
    field: Option<TextField>,
    /// Adding a participant (the field then holds the new name).
    adding: bool,
    shuffles: u64,
    /// Details, people and pairs as last drawn (pane, its rows), for clicks.
    hits: Cell<[(Rect, Rows); 3]>,
    /// `/`: only the people whose name matches are listed.
    filter: Filter,
    /// The people pane's drawn rows as indexes into `session.participants`.
    people_shown: RefCell<Vec<usize>>,
}

impl Screen for Setup {
    fn title(&self) -> &'static str {
        "Setup"
    }

    fn bindings(&self) -> &'static [Binding] {
        BINDINGS
    }

    fn footer(&self) -> Vec<(Action, &'static str)> {
        match self.pane {
            Pane::Details => vec![(Action::Edit, "edit"), (Action::Toggle, "pick"), (Action::NextPane, "pane")],
            Pane::People => vec![
                (Action::Add, "add"),
                (Action::Edit, "rename"),
                (Action::Toggle, "team"),
                (Action::Filter, "find"),
                (Action::Delete, "delete"),
            ],
            Pane::Pairs => vec![(Action::Reshuffle, "reshuffle"), (Action::Toggle, "assign step"), (Action::NextPane, "pane")],
        }
    }

    fn editing(&self) -> bool {
        self.field.is_some() || self.filter.typing()
    }

    fn on_action(&mut self, action: Action, s: &Session) -> Outcome {
        self.action(action, s)
    }

    fn on_text(&mut self, key: &KeyEvent, s: &Session) -> Outcome {
        self.text(key, s)
    }

    fn on_paste(&mut self, text: &str, s: &Session) -> Outcome {
        self.paste(text, s)
    }

    fn on_click(&mut self, at: Position, s: &Session) -> Outcome {
        self.click(at, s)
    }

    fn draft(&self) -> Option<String> {
        self.field.as_ref().map(|f| f.value().to_string()).filter(|t| !t.trim().is_empty())
    }

    fn sync(&mut self, s: &Session) {
        self.clamp(s);
    }

    fn render(&self, f: &mut Frame, area: Rect, v: &View) {
        self.draw(f, area, v);
    }
}
