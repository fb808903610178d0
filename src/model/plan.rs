//! Which ideas a plan is made of.

use super::Funnel;
use super::lever::{Lever, gain, revenue_with};
use crate::session::{Id, Idea, Point, Session};

/// The distinct ideas of `ids` that exist in the session, in the order they
/// are first named. A plan that lists an idea twice (a hand-edited file, an
/// idea named twice on the command line) counts it once: applying one fix
/// twice would double its gain. Ids without an idea are left out.
pub fn distinct_ideas<'a>(session: &'a Session, ids: &[Id]) -> Vec<&'a Idea> {
    let mut out: Vec<&Idea> = Vec::with_capacity(ids.len().min(session.ideas.len()));
    for idea in ids.iter().filter_map(|id| session.idea(*id)) {
        if !out.iter().any(|seen| seen.id == idea.id) {
            out.push(idea);
        }
    }
    out
}

/// The committed plan's distinct existing ideas, in plan order.
pub fn plan_ideas(session: &Session) -> Vec<&Idea> {
    distinct_ideas(session, &session.plan.ideas)
}

/// The run-rate of a plan: its gain per period once every idea works, all
/// applied together at `point` (MODEL.md §3). Cheap (no simulation), so a
/// screen can draw it every frame; it equals [`PlanOutcome::together`] at
/// the likely point.
///
/// [`PlanOutcome::together`]: super::PlanOutcome::together
pub fn plan_run_rate(session: &Session, ids: &[Id], point: Point) -> f64 {
    let base = Funnel::of(session);
    let levers: Vec<Lever> = distinct_ideas(session, ids)
        .iter()
        .map(|i| Lever::at(session, &i.effect, point))
        .collect();
    gain(revenue_with(&base, &levers), base.revenue())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_rate_at_likely_is_the_simulations_together() {
        let s = crate::assets::example_session();
        let out = super::super::simulate_plan(&s, &s.plan.ideas, 10, 1);
        assert_eq!(
            plan_run_rate(&s, &s.plan.ideas, Point::Likely),
            out.together
        );
        let twice: Vec<Id> = s.plan.ideas.iter().chain(&s.plan.ideas).copied().collect();
        assert_eq!(
            plan_run_rate(&s, &twice, Point::Likely),
            out.together,
            "an idea listed twice counts once"
        );
        assert!(plan_run_rate(&s, &s.plan.ideas, Point::Low) < out.together);
        assert_eq!(plan_run_rate(&s, &[], Point::Likely), 0.0);
    }
}
