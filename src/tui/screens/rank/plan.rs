//! The plan's Monte Carlo run, kept between frames and rerun only when
//! something it reads changed. Summary shows the same run.

use crate::model::{self, PlanOutcome};
use crate::session::{Id, Idea, Period, Session, Stage};

/// Everything `model::simulate_plan` reads, so a session change that cannot
/// move the plan's figures (a vote, a renamed participant) does not rerun it.
#[derive(Debug, Clone, PartialEq)]
struct PlanInputs {
    stages: Vec<Stage>,
    deal_size: f64,
    period: Period,
    ideas: Vec<Idea>,
    seed: u64,
    samples: u32,
}

impl PlanInputs {
    fn of(s: &Session) -> PlanInputs {
        PlanInputs {
            stages: s.stages.clone(),
            deal_size: s.deal_size,
            period: s.period,
            ideas: model::plan_ideas(s).into_iter().cloned().collect(),
            seed: s.plan.seed,
            samples: s.plan.samples,
        }
    }
}

/// The plan's simulation, kept until its inputs change. Shared with Summary.
#[derive(Debug, Clone, Default)]
pub(in crate::tui::screens) struct PlanRun {
    inputs: Option<PlanInputs>,
    pub outcome: Option<PlanOutcome>,
}

impl PlanRun {
    /// Reruns the simulation only when something it reads changed.
    pub fn refresh(&mut self, s: &Session) {
        let inputs = PlanInputs::of(s);
        if self.inputs.as_ref() == Some(&inputs) {
            return;
        }
        self.outcome = (!inputs.ideas.is_empty()).then(|| {
            let ids: Vec<Id> = inputs.ideas.iter().map(|i| i.id).collect();
            model::simulate_plan(s, &ids, s.plan.samples, s.plan.seed)
        });
        self.inputs = Some(inputs);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_is_simulated_again_only_when_its_inputs_change() {
        let mut s = crate::assets::example_session();
        let mut run = PlanRun::default();
        run.refresh(&s);
        let first = run.outcome.clone().expect("the example has a plan");
        assert_eq!(first, model::simulate_plan(&s, &s.plan.ideas, s.plan.samples, s.plan.seed));
        s.votes.clear();
        run.refresh(&s);
        assert_eq!(run.outcome.as_ref(), Some(&first), "votes do not touch the plan");
        s.plan.ideas.pop();
        run.refresh(&s);
        assert_ne!(run.outcome.as_ref(), Some(&first));
        s.plan.ideas.clear();
        run.refresh(&s);
        assert_eq!(run.outcome, None);
    }
}
