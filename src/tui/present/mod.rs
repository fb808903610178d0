//! Presentation mode: what the current workshop screen is about, full-screen
//! and in big text for the back of the room. Three parts, as gitui and
//! television split a component: [`state`] (view state only), [`input`]
//! (actions → what to do) and [`draw`] (a pure draw over the session).
//! The lists each view shows are gathered here, so the keys and the draw
//! agree on what is in them.

pub mod draw;
pub mod input;
mod pieces;
mod plan;
pub mod state;
mod timer;
mod vote;

pub use draw::draw;
pub use input::{BINDINGS, Outcome, help_rows, on_action};
pub use state::{Present, View};

use crate::model::{self, RankBy, RankedIdea};
use crate::session::{Effect, Session};

/// The ideas that belong to step `k`, as on the Stage walk: those working on
/// it, plus volume ideas at the top step and deal-size ideas at the last.
pub fn ideas_at(s: &Session, k: usize) -> Vec<usize> {
    let last = s.step_count().saturating_sub(1);
    s.ideas
        .iter()
        .enumerate()
        .filter(|(_, i)| match &i.effect {
            Effect::LiftConversion { step, .. } | Effect::RecoverLosses { step, .. } => *step == k,
            Effect::GrowVolume { .. } => k == 0,
            Effect::GrowDealSize { .. } => k == last,
        })
        .map(|(n, _)| n)
        .collect()
}

/// One report-back turn: a pair (its position in `session.pairs`) or, for
/// ideas nobody claimed, `None`; and the ideas (indices into `session.ideas`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub pair: Option<usize>,
    pub ideas: Vec<usize>,
}

/// Every pair in order, then one "No pair" turn when some idea has no pair
/// (or names a pair that no longer exists): no idea is left out of report back.
pub fn groups(s: &Session) -> Vec<Group> {
    let mut groups: Vec<Group> = s
        .pairs
        .iter()
        .enumerate()
        .map(|(i, pair)| Group {
            pair: Some(i),
            ideas: (0..s.ideas.len())
                .filter(|n| s.ideas[*n].pair == Some(pair.id))
                .collect(),
        })
        .collect();
    let orphans: Vec<usize> = (0..s.ideas.len())
        .filter(|n| s.ideas[*n].pair.and_then(|id| s.pair(id)).is_none())
        .collect();
    if !orphans.is_empty() {
        groups.push(Group {
            pair: None,
            ideas: orphans,
        });
    }
    groups
}

/// The ideas on the vote view: in the session's order while the totals are
/// hidden (an order by votes would give them away), most dots first after
/// the reveal; ties by title ignoring case, then as written, then by id.
pub fn vote_order(s: &Session, revealed: bool) -> Vec<(usize, u32)> {
    let mut ideas: Vec<(usize, u32)> = s
        .ideas
        .iter()
        .enumerate()
        .map(|(n, i)| (n, s.votes_for(i.id)))
        .collect();
    if revealed {
        ideas.sort_by(|a, b| {
            let (ia, ib) = (&s.ideas[a.0], &s.ideas[b.0]);
            b.1.cmp(&a.1)
                .then_with(|| ia.title.to_lowercase().cmp(&ib.title.to_lowercase()))
                .then_with(|| ia.title.cmp(&ib.title))
                .then_with(|| ia.id.cmp(&ib.id))
        });
    }
    ideas
}

/// The ideas of the plan by likely gain, or every idea when the plan is empty
/// (then the view says they are the best, not the plan).
pub fn plan_ideas(s: &Session) -> (bool, Vec<RankedIdea>) {
    let ranked = model::rank(s, RankBy::Likely);
    let in_plan: Vec<RankedIdea> = ranked
        .iter()
        .filter(|r| s.plan.ideas.contains(&s.ideas[r.index].id))
        .copied()
        .collect();
    if in_plan.is_empty() {
        (false, ranked)
    } else {
        (true, in_plan)
    }
}

/// How many items the list of `view` holds, for scrolling.
pub fn list_len(p: &Present, s: &Session) -> usize {
    match p.view {
        View::Step => ideas_at(s, p.step.min(s.step_count().saturating_sub(1))).len(),
        View::ReportBack => groups(s).get(p.group).map_or(0, |g| g.ideas.len()),
        View::Vote => s.ideas.len(),
        View::Plan => plan_ideas(s).1.len(),
        View::Timer => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assets;

    #[test]
    fn report_back_gives_ideas_without_a_pair_a_turn_of_their_own() {
        let s = assets::example_session();
        let g = groups(&s);
        assert_eq!(g.len(), s.pairs.len() + 1);
        let last = g.last().expect("a no-pair group");
        assert_eq!(last.pair, None);
        assert!(last.ideas.iter().all(|n| s.ideas[*n].pair.is_none()));
        let listed: usize = g.iter().map(|g| g.ideas.len()).sum();
        assert_eq!(listed, s.ideas.len(), "every idea appears exactly once");
    }

    #[test]
    fn a_pair_that_no_longer_exists_counts_as_no_pair() {
        let mut s = assets::example_session();
        s.ideas[0].pair = Some(999);
        let g = groups(&s);
        assert!(
            g.last()
                .is_some_and(|g| g.pair.is_none() && g.ideas.contains(&0))
        );
    }

    #[test]
    fn votes_sort_only_after_the_reveal() {
        let s = assets::example_session();
        let hidden: Vec<usize> = vote_order(&s, false).iter().map(|x| x.0).collect();
        assert_eq!(hidden, (0..s.ideas.len()).collect::<Vec<_>>());
        let shown = vote_order(&s, true);
        assert!(shown.windows(2).all(|w| w[0].1 >= w[1].1));
        assert_eq!(shown.len(), s.ideas.len());
    }
}
