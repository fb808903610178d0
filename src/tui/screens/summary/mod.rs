//! Screen 6, Summary: the headline numbers big enough for the back of the
//! room (revenue today, the plan's run-rate, what lands in the next 12
//! months), the top ideas, the biggest leak as ceiling / realistic /
//! controllable, who can act on the losses, and the plan; `e` exports every
//! format next to the session (through the app, which knows the file).
//! Figures are gathered from `model` in `sync`, so a frame only draws; every
//! amount is named by `format::Figure`, as in the CLI and the exports.

use std::cell::RefCell;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};

mod draw;

use super::list::Stack;
use super::rank::PlanRun;
use super::{Outcome, Screen, View};
use crate::model::{self, Funnel, KindShares, Leakiest, RankBy, RankedIdea, StepControl, StepFigures, StepSensitivity, TeamControl};
use crate::session::Session;
use crate::tui::action::Action;
use crate::tui::keymap::{Binding, Key};

const BINDINGS: &[Binding] = &[Binding {
    keys: &[Key::ch('e'), Key::ch('x')],
    action: Action::ExportAll,
}];

/// What the summary shows, gathered once per session change.
#[derive(Debug, Clone, Default)]
struct Figures {
    revenue: f64,
    leak: Option<StepFigures>,
    /// The sensitivity of the leaking step (what recovering 10 % there is worth).
    leak_sensitivity: Option<StepSensitivity>,
    /// The leaking step's value lost split by what explains it.
    leak_control: Option<StepControl>,
    /// Controllable value lost per team (MODEL.md §6).
    teams: Vec<TeamControl>,
    /// Every idea by likely gain, best first.
    ranked: Vec<RankedIdea>,
    plan_ideas: usize,
    plan_next_91: f64,
    plan_next_12m: f64,
    /// Actions, those passing all five SMART letters, those done.
    actions: (usize, usize, usize),
    /// KPIs and how many are managed.
    kpis: (usize, usize),
    /// The segment that leaks most value (only with segments).
    leakiest: Option<Leakiest>,
    /// The kinds of loss over the whole funnel (only when it loses any).
    kinds: Option<KindShares>,
    /// A follow-up's check-in, once this period's counts are in.
    review: Option<model::Review>,
}

impl Figures {
    fn of(s: &Session) -> Figures {
        let steps = model::step_figures(s);
        let leak = model::biggest_leak(&steps).cloned();
        let leak_sensitivity = leak.as_ref().and_then(|l| {
            model::sensitivity(s)
                .into_iter()
                .find(|x| x.step == l.step)
        });
        let leak_control = leak
            .as_ref()
            .and_then(|l| model::step_control(s).into_iter().find(|c| c.step == l.step));
        let ranked = model::rank(s, RankBy::default());
        // What lands in the next 91 days / 12 months comes from
        // `model::plan_within_horizon`: each idea starts paying after its own
        // lead time and funnel lag, and while several work at once they earn
        // their combined gain. The exports use the same function, so the room
        // sees the figures the report will print.
        let plan_ideas = model::plan_ideas(s).len();
        Figures {
            revenue: Funnel::of(s).revenue(),
            leak,
            leak_sensitivity,
            leak_control,
            teams: model::team_control(s),
            plan_ideas,
            plan_next_91: model::plan_within_horizon(s, &s.plan.ideas, model::QUARTER_DAYS),
            plan_next_12m: model::plan_within_horizon(s, &s.plan.ideas, model::YEAR_DAYS),
            ranked,
            actions: (
                s.actions.len(),
                s.actions.iter().filter(|a| model::smart(s, a).iter().all(|l| l.check == model::Check::Pass)).count(),
                s.actions.iter().filter(|a| a.status == crate::session::Status::Done).count(),
            ),
            kpis: (s.kpis.len(), s.kpis.iter().filter(|k| k.kind == crate::session::KpiKind::Managed).count()),
            leakiest: if s.segments.is_empty() { None } else { model::leakiest(&model::segment_rows(s)) },
            kinds: Some(model::kind_shares(s, None)).filter(|k| k.lost > 0.0),
            review: model::review(s).filter(|r| r.counts_in),
        }
    }
}

#[derive(Default)]
pub struct SummaryScreen {
    figures: Figures,
    plan: PlanRun,
    /// Position in the top-ideas list.
    row: usize,
    scroll: std::cell::Cell<usize>,
    rows: RefCell<Stack>,
}

impl Screen for SummaryScreen {
    fn title(&self) -> &'static str {
        "Summary"
    }

    fn bindings(&self) -> &'static [Binding] {
        BINDINGS
    }

    fn footer(&self) -> Vec<(Action, &'static str)> {
        vec![(Action::ExportAll, "export all formats")]
    }

    fn on_action(&mut self, action: Action, _s: &Session) -> Outcome {
        let last = self.figures.ranked.len().saturating_sub(1);
        let page = self.rows.borrow().count().max(1);
        match action {
            Action::Up => self.row = self.row.saturating_sub(1),
            Action::Down => self.row = (self.row + 1).min(last),
            Action::PageUp => self.row = self.row.saturating_sub(page),
            Action::PageDown => self.row = (self.row + page).min(last),
            Action::First => self.row = 0,
            Action::Last => self.row = last,
            Action::ExportAll => return Outcome::ExportAll,
            _ => return Outcome::Ignored,
        }
        Outcome::Consumed
    }

    fn on_click(&mut self, at: Position, _s: &Session) -> Outcome {
        let hit = self.rows.borrow().hit(at);
        match hit.filter(|i| *i < self.figures.ranked.len()) {
            Some(i) => {
                self.row = i;
                Outcome::Consumed
            }
            None => Outcome::Ignored,
        }
    }

    fn sync(&mut self, s: &Session) {
        self.figures = Figures::of(s);
        self.plan.refresh(s);
        self.row = self.row.min(self.figures.ranked.len().saturating_sub(1));
    }

    fn render(&self, f: &mut Frame, area: Rect, v: &View) {
        self.draw(f, area, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_headlines_come_from_the_model() {
        let s = crate::assets::example_session();
        let x = Figures::of(&s);
        assert_eq!(x.plan_ideas, s.plan.ideas.len());
        assert_eq!(x.plan_next_91, model::plan_within_horizon(&s, &s.plan.ideas, model::QUARTER_DAYS));
        assert_eq!(x.plan_next_12m, model::plan_within_horizon(&s, &s.plan.ideas, model::YEAR_DAYS));
        assert!(x.plan_next_91 < x.plan_next_12m, "91 days hold less than 12 months");
        assert_eq!(x.leak.map(|l| l.step), model::biggest_leak(&model::step_figures(&s)).map(|l| l.step));
    }
}
