//! Where the funnel leaks: the gain of the same improvement at every step
//! (MODEL.md §4).

use serde::{Deserialize, Serialize};

use super::Funnel;
use super::lever::{Lever, gain, revenue_with};
use super::order;
use crate::session::Session;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepSensitivity {
    pub step: usize,
    /// Gain per period of recovering 10 % of the step's losses.
    pub recover_10pct: f64,
    /// Gain per period of one more point of conversion.
    pub plus_1pt: f64,
}

/// Both figures per step, largest `recover_10pct` first. Figures closer than
/// `1e-9 ·` the annual revenue are a tie and go by step, top first (MODEL.md
/// §3, "Ties"), so float noise never swaps two equal stages.
pub fn sensitivity(session: &Session) -> Vec<StepSensitivity> {
    let base = Funnel::of(session);
    let revenue = base.revenue();
    let rows: Vec<StepSensitivity> = (0..base.conversions.len())
        .map(|step| StepSensitivity {
            step,
            recover_10pct: gain(
                revenue_with(
                    &base,
                    &[Lever::Recover {
                        step,
                        share: 1.0,
                        percent: 10.0,
                    }],
                ),
                revenue,
            ),
            plus_1pt: gain(
                revenue_with(&base, &[Lever::Lift { step, points: 1.0 }]),
                revenue,
            ),
        })
        .collect();
    let keys: Vec<f64> = rows.iter().map(|r| r.recover_10pct).collect();
    let tolerance = order::tie_tolerance(revenue * session.period.per_year());
    order::descending(&keys, tolerance, |a, b| rows[a].step.cmp(&rows[b].step))
        .into_iter()
        .map(|i| rows[i].clone())
        .collect()
}
