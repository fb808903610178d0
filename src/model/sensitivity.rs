//! Where the funnel leaks: the gain of the same improvement at every step
//! (MODEL.md §4).

use serde::{Deserialize, Serialize};

use super::Funnel;
use super::lever::{Lever, revenue_with};
use crate::session::Session;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepSensitivity {
    pub step: usize,
    /// Gain per period of recovering 10 % of the step's losses.
    pub recover_10pct: f64,
    /// Gain per period of one more point of conversion.
    pub plus_1pt: f64,
}

/// Both figures per step, largest `recover_10pct` first (ties by step).
pub fn sensitivity(session: &Session) -> Vec<StepSensitivity> {
    let base = Funnel::of(session);
    let revenue = base.revenue();
    let mut out: Vec<StepSensitivity> = (0..base.conversions.len())
        .map(|step| StepSensitivity {
            step,
            recover_10pct: revenue_with(
                &base,
                &[Lever::Recover {
                    step,
                    share: 1.0,
                    percent: 10.0,
                }],
            ) - revenue,
            plus_1pt: revenue_with(&base, &[Lever::Lift { step, points: 1.0 }]) - revenue,
        })
        .collect();
    out.sort_by(|a, b| {
        b.recover_10pct
            .total_cmp(&a.recover_10pct)
            .then(a.step.cmp(&b.step))
    });
    out
}
