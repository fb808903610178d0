//! Screen 4, Vote: dot voting. One participant at a time places their dots
//! (`session.vote_budget` each) on the ideas; the budget rules live in
//! `session::edit::cast_vote`, whose refusal is the message the room sees.
//! Ideas stay in session order while voting so the cursor never jumps.
//!
//! `input` turns actions, typing and clicks into view changes and votes;
//! `draw` only draws.

mod draw;
mod input;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};

use super::list::{Rows, Stack};
use super::{Outcome, Screen, View};
use crate::session::{Id, Session};
use crate::tui::action::Action;
use crate::tui::keymap::{Binding, Key};
use crate::tui::widgets::filter::Filter;

const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[Key::ch('+'), Key::ch('='), Key::ch(' ')],
        action: Action::VoteUp,
    },
    Binding {
        keys: &[
            Key::ch('-'),
            Key::plain(KeyCode::Backspace),
            Key::plain(KeyCode::Delete),
        ],
        action: Action::VoteDown,
    },
    Binding {
        keys: &[
            Key::plain(KeyCode::Tab),
            Key::plain(KeyCode::Right),
            Key::ch('l'),
        ],
        action: Action::NextParticipant,
    },
    Binding {
        keys: &[
            Key::plain(KeyCode::BackTab),
            Key::plain(KeyCode::Left),
            Key::ch('h'),
        ],
        action: Action::PrevParticipant,
    },
    Binding {
        keys: &[Key::ch('/')],
        action: Action::Filter,
    },
];

/// Above this budget dots are written as "2/10" rather than drawn one by one.
const MAX_DRAWN_DOTS: u32 = 6;

#[derive(Default)]
pub struct VoteScreen {
    /// Index into `session.participants`: whose dots are being placed.
    person: usize,
    /// Index into `session.ideas`.
    row: usize,
    /// Dots per idea (same order as `session.ideas`) and the most any idea
    /// has, refreshed in `sync` so a frame never scans every vote per idea.
    totals: Vec<u32>,
    most: u32,
    idea_scroll: Cell<usize>,
    people_scroll: Cell<usize>,
    idea_rows: RefCell<Stack>,
    people_rows: Cell<Rows>,
    /// `/`: only the ideas whose title matches are listed.
    filter: Filter,
}

/// Dots on each idea, in `session.ideas` order.
fn totals(s: &Session) -> Vec<u32> {
    let mut by_id: HashMap<Id, u32> = HashMap::new();
    for v in &s.votes {
        *by_id.entry(v.idea).or_default() += v.dots;
    }
    s.ideas
        .iter()
        .map(|i| by_id.get(&i.id).copied().unwrap_or(0))
        .collect()
}

impl VoteScreen {
    /// Indexes into `session.ideas` of the ideas listed (all, or those the
    /// filter matches), in session order.
    fn visible(&self, s: &Session) -> Vec<usize> {
        s.ideas
            .iter()
            .enumerate()
            .filter(|(_, i)| self.filter.matches(&i.title))
            .map(|(k, _)| k)
            .collect()
    }

    fn total(&self, s: &Session, index: usize) -> u32 {
        match (self.totals.get(index), s.ideas.get(index)) {
            (Some(n), _) if self.totals.len() == s.ideas.len() => *n,
            (_, Some(idea)) => s.votes_for(idea.id),
            _ => 0,
        }
    }
}

impl Screen for VoteScreen {
    fn title(&self) -> &'static str {
        "Vote"
    }

    fn bindings(&self) -> &'static [Binding] {
        BINDINGS
    }

    fn footer(&self) -> Vec<(Action, &'static str)> {
        vec![
            (Action::VoteUp, "dot"),
            (Action::VoteDown, "take back"),
            (Action::NextParticipant, "next person"),
        ]
    }

    fn on_action(&mut self, action: Action, s: &Session) -> Outcome {
        self.action(action, s)
    }

    fn editing(&self) -> bool {
        self.filter.typing()
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

    fn sync(&mut self, s: &Session) {
        self.row = self.row.min(s.ideas.len().saturating_sub(1));
        self.person = self.person.min(s.participants.len().saturating_sub(1));
        self.totals = totals(s);
        self.most = self.totals.iter().copied().max().unwrap_or(0);
    }

    fn render(&self, f: &mut Frame, area: Rect, v: &View) {
        self.draw(f, area, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_follow_the_idea_order() {
        let s = crate::assets::example_session();
        let t = totals(&s);
        assert_eq!(t.len(), s.ideas.len());
        for (idea, n) in s.ideas.iter().zip(&t) {
            assert_eq!(*n, s.votes_for(idea.id), "{}", idea.title);
        }
    }
}
