//! Screen 5, Rank: the ideas ranked by the model under a key the
//! facilitator switches, each idea's low–likely–high range as a bar, the
//! room's vote rank beside the model's with the biggest disagreements said
//! in words, the stage sensitivity chart, and the plan: ideas picked with
//! Space, its Monte Carlo P10–P50–P90 and together-vs-sum.
//!
//! Every figure comes from `model`; the ranking, sensitivity and the plan's
//! simulation are computed in `sync` (when the session changed) and when the
//! key changes, never while drawing.
//!
//! `plan` keeps the plan's simulation until its inputs change, `input`
//! turns actions and clicks into view changes and edits, `draw` (the list,
//! its key and the disagreements) and `panes` (sensitivity and the plan)
//! only draw.

mod draw;
mod input;
mod panes;
mod plan;

pub(super) use plan::PlanRun;

use std::cell::{Cell, RefCell};

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};

use super::list::Stack;
use super::{Outcome, Screen, View};
use crate::format::Figure;
use crate::model::{self, Disagreement, RankBy, RankedIdea, StepSensitivity, VoteRank};
use crate::session::{Period, Session};
use crate::tui::action::Action;
use crate::tui::keymap::{Binding, Key};

const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[Key::ch('r'), Key::plain(KeyCode::Right), Key::ch('l')],
        action: Action::NextRankKey,
    },
    Binding {
        keys: &[Key::ch('R'), Key::plain(KeyCode::Left), Key::ch('h')],
        action: Action::PrevRankKey,
    },
    Binding {
        keys: &[Key::ch(' '), Key::ch('p'), Key::plain(KeyCode::Enter)],
        action: Action::TogglePlan,
    },
];

/// The ranking key in words: "Run-rate per quarter", "Landing in the next 91 days".
fn key_name(by: RankBy, period: Period) -> String {
    Figure::for_rank(by).map_or_else(|| "Run-rate per year per effort day".to_string(), |f| f.name(period))
}

/// The ranking key as a column heading.
fn key_short(by: RankBy, period: Period) -> String {
    Figure::for_rank(by).map_or_else(|| "Per effort day".to_string(), |f| f.short(period))
}

#[derive(Default)]
pub struct RankScreen {
    by: RankBy,
    /// Position in the ranking (not an index into `session.ideas`).
    row: usize,
    ranked: Vec<RankedIdea>,
    dots: Vec<u32>,
    vote_rank: Vec<Option<VoteRank>>,
    disagree: Disagreement,
    sensitivity: Vec<StepSensitivity>,
    plan: PlanRun,
    scroll: Cell<usize>,
    /// The ideas as last drawn, for clicks and paging.
    rows: RefCell<Stack>,
}

impl RankScreen {
    fn rerank(&mut self, s: &Session) {
        let keep = self.ranked.get(self.row).map(|r| r.index);
        self.ranked = model::rank(s, self.by);
        self.disagree = model::disagreements(&self.ranked, &self.vote_rank);
        self.row = keep
            .and_then(|i| self.ranked.iter().position(|r| r.index == i))
            .unwrap_or(self.row)
            .min(self.ranked.len().saturating_sub(1));
    }

}

impl Screen for RankScreen {
    fn title(&self) -> &'static str {
        "Rank"
    }

    fn bindings(&self) -> &'static [Binding] {
        BINDINGS
    }

    fn footer(&self) -> Vec<(Action, &'static str)> {
        vec![(Action::TogglePlan, "plan in/out"), (Action::NextRankKey, "rank key")]
    }

    fn on_action(&mut self, action: Action, s: &Session) -> Outcome {
        self.action(action, s)
    }

    fn on_click(&mut self, at: Position, _s: &Session) -> Outcome {
        self.click(at)
    }

    fn sync(&mut self, s: &Session) {
        self.dots = model::dots_per_idea(s);
        self.vote_rank = model::vote_ranks(&self.dots);
        self.rerank(s);
        self.sensitivity = model::sensitivity(s);
        self.plan.refresh(s);
    }

    fn render(&self, f: &mut Frame, area: Rect, v: &View) {
        self.draw(f, area, v);
    }
}
