//! Who loses what (MODEL.md §6): how much of each step's value lost the
//! causes explain, split into what the teams control (internal causes) and
//! what they do not (external), and per team the controllable value its own
//! causes explain. A number, not a verdict.

use serde::{Deserialize, Serialize};

use super::funnel::step_figures;
use crate::session::{Origin, Session, Team};

/// The value lost at one step, split by what explains it. All per period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepControl {
    pub step: usize,
    /// `V_k`, the ceiling.
    pub value_lost: f64,
    /// `V_k · Σ share/100` over internal causes.
    pub controllable: f64,
    /// `V_k · Σ share/100` over external causes.
    pub external: f64,
    /// What no cause explains.
    pub unexplained: f64,
}

/// One team's controllable value lost: `C_T`, and its share of all teams'.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamControl {
    pub team: Team,
    pub controllable: f64,
    /// `C_T / Σ_T C_T`, 0 when no team controls anything.
    pub share: f64,
}

/// Shares of one step's causes with a given origin (and team, if given),
/// as a fraction. Capped at 1 so a file whose shares overrun (validation
/// reports it) never explains more than the whole loss.
fn explained(session: &Session, step: usize, origin: Origin, team: Option<Team>) -> f64 {
    let sum: f64 = session.stages.get(step).map_or(0.0, |s| {
        s.causes
            .iter()
            .filter(|c| c.origin == origin && team.is_none_or(|t| c.team == t))
            .map(|c| c.share / 100.0)
            // From +0: `Sum` for floats starts at −0, so a step without
            // such causes would explain "−0" (MODEL.md §3: never −0).
            .fold(0.0, |a, b| a + b)
    });
    sum.clamp(0.0, 1.0)
}

/// Per step, the value lost split into controllable, external and unexplained.
pub fn step_control(session: &Session) -> Vec<StepControl> {
    step_figures(session)
        .into_iter()
        .map(|f| {
            let internal = explained(session, f.step, Origin::Internal, None);
            let external = explained(session, f.step, Origin::External, None).min(1.0 - internal);
            let v = f.value_lost;
            StepControl {
                step: f.step,
                value_lost: v,
                controllable: v * internal,
                external: v * external,
                unexplained: v * (1.0 - internal - external).max(0.0),
            }
        })
        .collect()
}

/// `C_T` for marketing, sales and shared, in that order.
pub fn team_control(session: &Session) -> Vec<TeamControl> {
    let figures = step_figures(session);
    let per_team: Vec<(Team, f64)> = Team::ALL
        .iter()
        .map(|&team| {
            let c = figures
                .iter()
                .map(|f| f.value_lost * explained(session, f.step, Origin::Internal, Some(team)))
                .fold(0.0, |a, b| a + b);
            (team, c)
        })
        .collect();
    let total: f64 = per_team.iter().map(|t| t.1).fold(0.0, |a, b| a + b);
    per_team
        .into_iter()
        .map(|(team, controllable)| TeamControl {
            team,
            controllable,
            share: if total > 0.0 {
                controllable / total
            } else {
                0.0
            },
        })
        .collect()
}
