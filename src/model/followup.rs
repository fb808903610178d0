//! How a follow-up session is made from the one before (issue 11): what
//! carries over, what starts empty, and the copy of last time's funnel, plan
//! and KPI figures the check-in judges against (docs/MODEL-additions.md §8a).
//! Model code because a target the plan implied is computed to be frozen.

use chrono::NaiveDate;

use super::commit::kpi_figures;
use super::plan::plan_ideas;
use crate::session::{KpiThen, Plan, Previous, Session, Status, UnderReview};

/// The next session after `prev` (issue 11, "A follow-up session"): the same
/// company, people, pairs, stages, causes, agreement and KPIs; this
/// period's counts and deal size empty, to be typed or imported; ideas and
/// votes fresh; last time's plan kept as the plan under review; unfinished
/// actions carried over, open. `file` is the predecessor's path relative to
/// the folder the new file will live in.
pub fn follow_up(prev: &Session, file: &str, title: &str, date: NaiveDate) -> Session {
    let under_review = UnderReview {
        period: prev.period,
        deal_size: prev.deal_size,
        stages: prev.stages.clone(),
        ideas: plan_ideas(prev).into_iter().cloned().collect(),
        kpis: prev
            .kpis
            .iter()
            .map(|k| {
                let f = kpi_figures(prev, k);
                KpiThen {
                    name: k.name.clone(),
                    baseline: f.baseline,
                    target: f.target,
                }
            })
            .collect(),
    };
    // A target the plan implied stays what it was: the new plan starts
    // empty and would otherwise move every target to today's figure.
    let kpis = prev
        .kpis
        .iter()
        .map(|k| {
            let mut k = k.clone();
            k.target = kpi_figures(prev, &k).target;
            k.actual = None;
            k
        })
        .collect();
    let actions = prev
        .actions
        .iter()
        .filter(|a| !matches!(a.status, Status::Done | Status::Dropped))
        .map(|a| {
            let mut a = a.clone();
            // The idea belongs to last time's session; the title carries it.
            a.idea = None;
            a.status = Status::Open;
            a.carried = true;
            a.note.clear();
            a
        })
        .collect();
    let mut next = Session {
        title: title.to_string(),
        date,
        deal_size: 0.0,
        ideas: Vec::new(),
        votes: Vec::new(),
        plan: Plan {
            ideas: Vec::new(),
            ..prev.plan.clone()
        },
        notes: String::new(),
        actions,
        kpis,
        check_in: None,
        clock: Default::default(),
        previous: Some(Previous {
            path: file.to_string(),
            title: prev.title.clone(),
            date: prev.date,
        }),
        under_review: Some(under_review),
        ..prev.clone()
    };
    for stage in &mut next.stages {
        stage.count = 0;
    }
    next
}
