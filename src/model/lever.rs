//! Effects with concrete numbers, and how a set of them changes the funnel
//! (MODEL.md §3, "Several effects applied together").

use super::Funnel;
use crate::session::{Effect, Point, Session};

/// One effect at one value: what the model actually applies.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Lever {
    /// Add `points` percentage points to step `step`'s conversion.
    Lift {
        step: usize,
        points: f64,
    },
    /// Recover `percent` of the fraction `share` (0–1) of step `step`'s losses.
    Recover {
        step: usize,
        share: f64,
        percent: f64,
    },
    Volume {
        percent: f64,
    },
    DealSize {
        percent: f64,
    },
}

/// The lever an effect stands for at `value`. A named cause contributes its
/// share; a cause the step does not list explains nothing, so it recovers 0.
pub fn lever_of(session: &Session, effect: &Effect, value: f64) -> Lever {
    match effect {
        Effect::LiftConversion { step, .. } => Lever::Lift {
            step: *step,
            points: value,
        },
        Effect::RecoverLosses { step, cause, .. } => {
            let share = match cause {
                None => 1.0,
                Some(reason) => session
                    .stages
                    .get(*step)
                    .and_then(|s| s.causes.iter().find(|c| &c.reason == reason))
                    .map_or(0.0, |c| c.share / 100.0),
            };
            Lever::Recover {
                step: *step,
                share,
                percent: value,
            }
        }
        Effect::GrowVolume { .. } => Lever::Volume { percent: value },
        Effect::GrowDealSize { .. } => Lever::DealSize { percent: value },
    }
}

impl Lever {
    /// The same lever with another value (points or percent).
    pub fn with_value(self, v: f64) -> Lever {
        match self {
            Lever::Lift { step, .. } => Lever::Lift { step, points: v },
            Lever::Recover { step, share, .. } => Lever::Recover {
                step,
                share,
                percent: v,
            },
            Lever::Volume { .. } => Lever::Volume { percent: v },
            Lever::DealSize { .. } => Lever::DealSize { percent: v },
        }
    }

    pub fn at(session: &Session, effect: &Effect, point: Point) -> Lever {
        lever_of(session, effect, effect.estimate().at(point))
    }
}

/// The funnel after all `levers`: lifts first (added, capped at 1), then
/// recoveries (each on what is still lost, so order does not matter), then
/// volume and deal size (multiplied).
pub fn apply(base: &Funnel, levers: &[Lever]) -> Funnel {
    let mut out = base.clone();
    for (k, c) in out.conversions.iter_mut().enumerate() {
        *c = converted(*c, k, levers);
    }
    for lever in levers {
        match *lever {
            Lever::Volume { percent } => out.top *= 1.0 + percent / 100.0,
            Lever::DealSize { percent } => out.deal_size *= 1.0 + percent / 100.0,
            _ => {}
        }
    }
    out
}

/// Step `k`'s conversion after the levers that act on it.
fn converted(c: f64, k: usize, levers: &[Lever]) -> f64 {
    let mut lifted = c;
    for lever in levers {
        if let Lever::Lift { step, points } = *lever
            && step == k
        {
            lifted += points / 100.0;
        }
    }
    let mut c = lifted.min(1.0);
    for lever in levers {
        if let Lever::Recover {
            step,
            share,
            percent,
        } = *lever
            && step == k
        {
            c += percent / 100.0 * share * (1.0 - c);
        }
    }
    c.min(1.0)
}

/// Revenue after the levers, without building a new funnel: the hot path of
/// ranking and Monte Carlo.
pub(crate) fn revenue_with(base: &Funnel, levers: &[Lever]) -> f64 {
    let mut won = base.top;
    let mut deal = base.deal_size;
    for lever in levers {
        match *lever {
            Lever::Volume { percent } => won *= 1.0 + percent / 100.0,
            Lever::DealSize { percent } => deal *= 1.0 + percent / 100.0,
            _ => {}
        }
    }
    for (k, c) in base.conversions.iter().enumerate() {
        won *= converted(*c, k, levers);
    }
    won * deal
}
