//! Screen 2, Funnel: a stage per row with count, conversion, losses and the
//! value of what each step loses as bars; counts edited in place with every
//! figure recomputed from the typed value before it is committed.
//!
//! `edit` checks typed values against the session, `input` turns actions
//! and keys into view changes and edits, `draw` only draws.

mod draw;
mod edit;
mod input;

use std::cell::Cell;
use std::collections::BTreeMap;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};

use super::segment::SegmentPick;
use super::{Outcome, Screen, View};
use crate::session::Session;
use crate::tui::action::Action;
use crate::tui::keymap::{Binding, Key};
use crate::tui::widgets::text_field::TextField;

const BINDINGS: &[Binding] = &[
    Binding { keys: &[Key::ch('a'), Key::plain(KeyCode::Insert)], action: Action::InsertStage },
    Binding { keys: &[Key::ch('d'), Key::plain(KeyCode::Delete)], action: Action::Delete },
    Binding { keys: &[Key::ch(' '), Key::ch('m')], action: Action::Toggle },
    Binding { keys: &[Key::ch('i')], action: Action::Import },
    Binding { keys: &[Key::ch('s')], action: Action::NextSegment },
    Binding { keys: &[Key::ch('S')], action: Action::PrevSegment },
];

/// The columns the cursor can stand on, in screen order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Col {
    Name,
    Team,
    #[default]
    Count,
    Days,
}

impl Col {
    fn next(self) -> Col {
        match self {
            Col::Name => Col::Team,
            Col::Team => Col::Count,
            Col::Count => Col::Days,
            Col::Days => Col::Name,
        }
    }

    fn prev(self) -> Col {
        self.next().next().next()
    }
}

#[derive(Default)]
pub struct FunnelScreen {
    row: usize,
    col: Col,
    field: Option<TextField>,
    /// Counts typed on other rows (stage index → count) while the counts are
    /// edited with Tab: kept here, not saved, so a room can lower a whole
    /// funnel top-down and save it as one edit once it is consistent.
    pending: BTreeMap<usize, u64>,
    /// First visible stage row.
    scroll: Cell<usize>,
    /// Table rows as last drawn, for clicks: (top y, row height, rows shown).
    rows_at: Cell<(u16, u16, usize)>,
    /// The whole funnel, or one segment's (read-only).
    segment: SegmentPick,
}

impl Screen for FunnelScreen {
    fn title(&self) -> &'static str {
        "Funnel"
    }

    fn bindings(&self) -> &'static [Binding] {
        BINDINGS
    }

    fn footer(&self) -> Vec<(Action, &'static str)> {
        if self.segment.chosen() {
            return vec![(Action::NextSegment, "next segment"), (Action::PrevSegment, "back")];
        }
        vec![(Action::Edit, "edit"), (Action::InsertStage, "add stage"), (Action::Delete, "remove"), (Action::Toggle, "team")]
    }

    fn editing(&self) -> bool {
        self.field.is_some()
    }

    fn on_action(&mut self, action: Action, s: &Session) -> Outcome {
        self.action(action, s)
    }

    fn on_text(&mut self, key: &KeyEvent, _s: &Session) -> Outcome {
        if let Some(field) = &mut self.field {
            field.key(key);
        }
        Outcome::Consumed
    }

    fn on_paste(&mut self, text: &str, _s: &Session) -> Outcome {
        if let Some(field) = &mut self.field {
            field.paste(text);
        }
        Outcome::Consumed
    }

    fn on_click(&mut self, at: Position, s: &Session) -> Outcome {
        let (top, height, shown) = self.rows_at.get();
        if at.y < top || height == 0 || self.field.is_some() {
            return Outcome::Ignored;
        }
        let row = self.scroll.get() + usize::from((at.y - top) / height);
        if row < s.stages.len() && usize::from((at.y - top) / height) < shown {
            self.row = row;
        }
        Outcome::Consumed
    }

    fn draft(&self) -> Option<String> {
        self.field.as_ref().map(|f| f.value().to_string()).filter(|t| !t.trim().is_empty())
    }

    fn sync(&mut self, s: &Session) {
        self.row = self.row.min(s.stages.len().saturating_sub(1));
        // Typed counts belong to the funnel they were typed over.
        self.pending.retain(|k, _| *k < s.stages.len());
        self.segment.sync(s);
    }

    fn render(&self, f: &mut Frame, area: Rect, v: &View) {
        self.draw(f, area, v);
    }
}
