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

/// Step `k`'s conversion after the levers that act on it: lifts added and
/// capped at 1, then every recovery keeps only `1 − percent·share` of what is
/// still lost (`c ← c + p·s·(1 − c)` is `1 − c ← (1 − c)·(1 − p·s)`), so their
/// order does not matter. [`Tally`] does the same arithmetic in the same order.
fn converted(c: f64, k: usize, levers: &[Lever]) -> f64 {
    let mut lifted = c;
    let mut keep = 1.0;
    for lever in levers {
        match *lever {
            Lever::Lift { step, points } if step == k => lifted += points / 100.0,
            Lever::Recover {
                step,
                share,
                percent,
            } if step == k => keep *= 1.0 - percent / 100.0 * share,
            _ => {}
        }
    }
    finish_conversion(lifted, keep)
}

/// `1 − (1 − lifted)·keep`, capped at 1. When nothing is recovered
/// (`keep` = 1) the lifted conversion is returned as it is: `1 − (1 − c)` can
/// be `c` plus or minus the last bit, and a step nobody touched must keep
/// exactly its conversion (MODEL.md §3, "Ties").
fn finish_conversion(lifted: f64, keep: f64) -> f64 {
    if keep == 1.0 {
        return lifted.min(1.0);
    }
    (1.0 - (1.0 - lifted.min(1.0)) * keep).min(1.0)
}

/// `R' − R`, with `R` computed along the same path as `R'` (so an effect
/// that changes nothing gives exactly 0) and −0 turned into 0, so a figure
/// never prints as "−0".
pub(crate) fn gain(after: f64, before: f64) -> f64 {
    (after - before) + 0.0
}

/// Revenue after the levers, without building a new funnel: the hot path of
/// ranking (one lever at a time).
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

/// [`revenue_with`] for one lever, the same arithmetic in the same order
/// (so the same bits), without a pass over the levers for every step:
/// ranking calls this three times per idea.
pub(crate) fn revenue_with_one(base: &Funnel, lever: Lever) -> f64 {
    let mut won = base.top;
    let mut deal = base.deal_size;
    // What the lever does to its step: (step, lifted by, keep); a step
    // no lever touches goes through `finish_conversion(c, 1.0)` as well.
    let mut touched = None;
    match lever {
        Lever::Volume { percent } => won *= 1.0 + percent / 100.0,
        Lever::DealSize { percent } => deal *= 1.0 + percent / 100.0,
        Lever::Lift { step, points } => touched = Some((step, points / 100.0, 1.0)),
        Lever::Recover {
            step,
            share,
            percent,
        } => touched = Some((step, 0.0, 1.0 - percent / 100.0 * share)),
    }
    for (k, c) in base.conversions.iter().enumerate() {
        won *= match touched {
            // `c + 0.0` is `c` for every conversion (never −0).
            Some((step, lift, keep)) if step == k => finish_conversion(*c + lift, keep),
            _ => finish_conversion(*c, 1.0),
        };
    }
    won * deal
}

/// Scratch space for the revenue of many levers at once (a plan's Monte
/// Carlo draws): one pass over the levers, one over the steps, instead of a
/// pass over the levers per step. Gives exactly what [`revenue_with`] gives.
pub(crate) struct Tally {
    lifted: Vec<f64>,
    keep: Vec<f64>,
}

impl Tally {
    pub(crate) fn new(base: &Funnel) -> Tally {
        let n = base.conversions.len();
        Tally {
            lifted: vec![0.0; n],
            keep: vec![1.0; n],
        }
    }

    pub(crate) fn revenue(&mut self, base: &Funnel, levers: &[Lever]) -> f64 {
        self.lifted.copy_from_slice(&base.conversions);
        self.keep.fill(1.0);
        let mut won = base.top;
        let mut deal = base.deal_size;
        for lever in levers {
            match *lever {
                Lever::Volume { percent } => won *= 1.0 + percent / 100.0,
                Lever::DealSize { percent } => deal *= 1.0 + percent / 100.0,
                Lever::Lift { step, points } => {
                    if let Some(l) = self.lifted.get_mut(step) {
                        *l += points / 100.0;
                    }
                }
                Lever::Recover {
                    step,
                    share,
                    percent,
                } => {
                    if let Some(k) = self.keep.get_mut(step) {
                        *k *= 1.0 - percent / 100.0 * share;
                    }
                }
            }
        }
        for (lifted, keep) in self.lifted.iter().zip(&self.keep) {
            won *= finish_conversion(*lifted, *keep);
        }
        won * deal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_lever_gives_exactly_what_revenue_with_gives() {
        let funnels = [
            Funnel::from_counts(&[4000.0, 1600.0, 800.0, 480.0, 240.0, 60.0], 30_000.0),
            Funnel::from_counts(&[7.0, 7.0, 0.0, 0.0], 0.1),
            Funnel::from_counts(&[1e9, 3.0, 1.0], 1e9),
        ];
        let values = [0.0, 1e-9, 0.5, 3.0, 33.3, 99.9, 100.0, 250.0];
        let mut levers = Vec::new();
        for v in values {
            levers.push(Lever::Volume { percent: v });
            levers.push(Lever::DealSize { percent: v });
            for step in 0..7 {
                levers.push(Lever::Lift { step, points: v });
                for share in [0.0, 0.3, 1.0] {
                    levers.push(Lever::Recover {
                        step,
                        share,
                        percent: v,
                    });
                }
            }
        }
        for base in &funnels {
            for lever in &levers {
                assert_eq!(
                    revenue_with_one(base, *lever).to_bits(),
                    revenue_with(base, std::slice::from_ref(lever)).to_bits(),
                    "{lever:?} on {base:?}"
                );
            }
        }
    }

    #[test]
    fn tally_gives_exactly_what_revenue_with_gives() {
        let base = Funnel::from_counts(&[4000.0, 1600.0, 800.0, 480.0, 240.0, 60.0], 30_000.0);
        let levers = [
            Lever::Lift {
                step: 4,
                points: 3.0,
            },
            Lever::Recover {
                step: 1,
                share: 0.5,
                percent: 20.0,
            },
            Lever::Recover {
                step: 1,
                share: 1.0,
                percent: 10.0,
            },
            Lever::Lift {
                step: 1,
                points: 2.5,
            },
            Lever::Volume { percent: 5.0 },
            Lever::DealSize { percent: 2.0 },
            Lever::Lift {
                step: 0,
                points: 90.0,
            },
        ];
        let mut tally = Tally::new(&base);
        for n in 0..=levers.len() {
            assert_eq!(
                tally.revenue(&base, &levers[..n]).to_bits(),
                revenue_with(&base, &levers[..n]).to_bits()
            );
        }
        // Worked example of MODEL.md: recover 20 % of the half of step 1's
        // losses: 0.5 → 0.55, revenue 1.8 M → 1.98 M.
        let r = revenue_with(
            &base,
            &[Lever::Recover {
                step: 1,
                share: 0.5,
                percent: 20.0,
            }],
        );
        assert!((r - 1_980_000.0).abs() < 1e-6);
    }
}
