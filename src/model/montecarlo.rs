//! The seeded Monte Carlo run of a plan (MODEL.md §5).

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::Funnel;
use super::lever::{Lever, Tally, gain, revenue_with};
use super::pert::PertTable;
use super::plan::distinct_ideas;
use crate::session::{Id, Point, Session};

/// The fewest and most draws a run makes (MODEL.md §5). Validation refuses
/// a file with another count; [`simulate_plan`] clamps to this range itself,
/// so no caller can make it allocate for a count nobody checked.
pub const MIN_SAMPLES: u32 = crate::session::limits::SAMPLES_MIN;
pub const MAX_SAMPLES: u32 = crate::session::limits::SAMPLES_MAX;

/// What a plan is worth, per period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanOutcome {
    /// The plan's distinct ideas found in the session, in plan order.
    pub ideas: Vec<Id>,
    /// The draws actually made (the requested count clamped to 1…1,000,000).
    pub samples: u32,
    pub seed: u64,
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
    pub mean: f64,
    /// Gain of all ideas together at their likely values.
    pub together: f64,
    /// Sum of each idea's likely gain alone.
    pub sum_alone: f64,
}

/// A draw of one effect value: a PERT on [low, high] with mode likely
/// (λ = 4), or a fixed point when the estimate has no spread.
enum Draw {
    Fixed(f64),
    Pert(PertTable),
}

impl Draw {
    fn new(low: f64, likely: f64, high: f64) -> Draw {
        // A session being edited may hold NaN or infinities (validation
        // reports them); `clamp` would panic on NaN, so draw nothing then.
        if ![low, likely, high].iter().all(|v| v.is_finite()) {
            return Draw::Fixed(if likely.is_finite() { likely } else { 0.0 });
        }
        if high - low <= f64::EPSILON * high.abs().max(1.0) {
            return Draw::Fixed(likely);
        }
        Draw::Pert(PertTable::new(low, likely.clamp(low, high), high))
    }

    fn sample(&self, rng: &mut ChaCha8Rng) -> f64 {
        match self {
            Draw::Fixed(v) => *v,
            Draw::Pert(p) => p.quantile(rng.random::<f64>()),
        }
    }
}

/// Nearest-rank percentile of sorted values.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (p * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Runs `samples` draws of the plan made of `ideas`: ids not in the session
/// are skipped and an idea listed twice counts once ([`distinct_ideas`]).
/// `samples` is clamped to [`MIN_SAMPLES`]…[`MAX_SAMPLES`] (0 makes one draw,
/// more than a million make a million); [`PlanOutcome::samples`] says how
/// many were made. The same session, ideas, samples and seed give the same
/// figures on every machine: ChaCha8 is a portable generator.
pub fn simulate_plan(session: &Session, ideas: &[Id], samples: u32, seed: u64) -> PlanOutcome {
    let samples = samples.clamp(MIN_SAMPLES, MAX_SAMPLES);
    let base = Funnel::of(session);
    let revenue = base.revenue();
    let chosen = distinct_ideas(session, ideas);

    let likely: Vec<Lever> = chosen
        .iter()
        .map(|i| Lever::at(session, &i.effect, Point::Likely))
        .collect();
    let together = gain(revenue_with(&base, &likely), revenue);
    let sum_alone = likely
        .iter()
        .map(|l| gain(revenue_with(&base, std::slice::from_ref(l)), revenue))
        .sum();

    let draws: Vec<Draw> = chosen
        .iter()
        .map(|i| {
            let e = i.effect.estimate();
            Draw::new(e.low, e.likely, e.high)
        })
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut levers = likely.clone();
    let mut tally = Tally::new(&base);
    let mut gains = Vec::with_capacity(samples as usize);
    for _ in 0..samples {
        for (lever, draw) in levers.iter_mut().zip(&draws) {
            *lever = lever.with_value(draw.sample(&mut rng));
        }
        gains.push(gain(tally.revenue(&base, &levers), revenue));
    }
    let mean = if gains.is_empty() {
        0.0
    } else {
        gains.iter().sum::<f64>() / gains.len() as f64
    };
    gains.sort_unstable_by(f64::total_cmp);
    PlanOutcome {
        ideas: chosen.iter().map(|i| i.id).collect(),
        samples,
        seed,
        p10: percentile(&gains, 0.10),
        p50: percentile(&gains, 0.50),
        p90: percentile(&gains, 0.90),
        mean,
        together,
        sum_alone,
    }
}
