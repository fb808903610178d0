//! Gains of ideas, their timing and the ranking (MODEL.md §3).

use serde::{Deserialize, Serialize};

use super::lever::{Lever, gain, revenue_with, revenue_with_one};
use super::order;
use super::plan::distinct_ideas;
use super::{Funnel, QUARTER_DAYS, YEAR_DAYS};
use crate::session::{Effect, Id, Idea, Point, Session};

/// Every figure the model derives for one idea. Gains are per period unless
/// the name says otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct IdeaGains {
    pub low: f64,
    pub likely: f64,
    pub high: f64,
    /// PERT mean `(low + 4·likely + high) / 6`.
    pub expected: f64,
    /// `likely · periods per year`.
    pub annual: f64,
    /// Likely gain that lands within the next 91 days, after lag and lead time.
    pub quarter: f64,
    /// Likely gain that lands within the next 365 days.
    pub year: f64,
    /// Annual gain per person-day of effort (effort under one day counts as one).
    pub per_effort: f64,
    /// Days before the idea pays: lead time plus the funnel's lag.
    pub delay_days: f64,
}

/// `lag = Σ_{j≥k} days_j` for a fix at step k; the whole cycle for volume;
/// the last step's days for deal size.
pub fn lag_days(session: &Session, effect: &Effect) -> f64 {
    let steps = session.step_count();
    let days = |range: std::ops::Range<usize>| -> f64 {
        session
            .stages
            .get(range)
            .map_or(0.0, |s| s.iter().map(|st| st.days).sum())
    };
    match effect {
        Effect::LiftConversion { step, .. } | Effect::RecoverLosses { step, .. } => {
            days((*step).min(steps)..steps)
        }
        Effect::GrowVolume { .. } => days(0..steps),
        Effect::GrowDealSize { .. } => days(steps.saturating_sub(1)..steps),
    }
}

/// The part of a per-period gain that lands within `horizon` days:
/// `G / period_days · max(0, H − delay)`.
pub fn within_horizon(gain: f64, period_days: f64, horizon: f64, delay: f64) -> f64 {
    gain / period_days * (horizon - delay).max(0.0)
}

/// The gain of `lever` at one point of the idea's estimate.
/// Likely gain of a plan that lands within `horizon` days. Each idea starts
/// paying after its own delay (lead time plus lag); between two start dates
/// the set of working ideas is fixed and earns its combined gain (effects on
/// one funnel multiply, so this is more than adding the ideas' own figures).
/// For a single idea it is exactly [`IdeaGains::quarter`] / [`IdeaGains::year`].
pub fn plan_within_horizon(session: &Session, ideas: &[Id], horizon: f64) -> f64 {
    let base = Funnel::of(session);
    let revenue = base.revenue();
    let mut timed: Vec<(f64, Lever)> = Vec::new();
    for idea in distinct_ideas(session, ideas) {
        let delay = idea.lead_time_days + lag_days(session, &idea.effect);
        timed.push((delay, Lever::at(session, &idea.effect, Point::Likely)));
    }
    timed.sort_by(|a, b| a.0.total_cmp(&b.0));
    let levers: Vec<Lever> = timed.iter().map(|t| t.1).collect();
    let mut total = 0.0;
    for (j, (start, _)) in timed.iter().enumerate() {
        let end = timed.get(j + 1).map_or(horizon, |next| next.0).min(horizon);
        let start = start.max(0.0);
        if end > start {
            let g = gain(revenue_with(&base, &levers[..=j]), revenue);
            total += g / session.period.days() * (end - start);
        }
    }
    total
}

fn gain_at(base: &Funnel, revenue: f64, lever: Lever, idea: &Idea, point: Point) -> f64 {
    gain(
        revenue_with_one(base, lever.with_value(idea.effect.estimate().at(point))),
        revenue,
    )
}

/// All figures of one idea against the session's funnel.
pub fn idea_gains(session: &Session, idea: &Idea) -> IdeaGains {
    let base = Funnel::of(session);
    gains_against(session, &base, base.revenue(), idea)
}

fn gains_against(session: &Session, base: &Funnel, revenue: f64, idea: &Idea) -> IdeaGains {
    // Resolve the idea's cause once; only the value differs between points.
    let lever = Lever::at(session, &idea.effect, Point::Likely);
    let low = gain_at(base, revenue, lever, idea, Point::Low);
    let likely = gain_at(base, revenue, lever, idea, Point::Likely);
    let high = gain_at(base, revenue, lever, idea, Point::High);
    let period_days = session.period.days();
    let delay = idea.lead_time_days + lag_days(session, &idea.effect);
    let annual = likely * session.period.per_year();
    IdeaGains {
        low,
        likely,
        high,
        expected: (low + 4.0 * likely + high) / 6.0,
        annual,
        quarter: within_horizon(likely, period_days, QUARTER_DAYS, delay),
        year: within_horizon(likely, period_days, YEAR_DAYS, delay),
        per_effort: annual / idea.effort_days.max(1.0),
        delay_days: delay,
    }
}

/// What the ideas are ranked by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum RankBy {
    #[default]
    Likely,
    Expected,
    Annual,
    Quarter,
    Conservative,
    PerEffort,
}

impl RankBy {
    pub const ALL: [RankBy; 6] = [
        RankBy::Likely,
        RankBy::Expected,
        RankBy::Annual,
        RankBy::Quarter,
        RankBy::Conservative,
        RankBy::PerEffort,
    ];

    pub fn key(self) -> &'static str {
        match self {
            RankBy::Likely => "likely",
            RankBy::Expected => "expected",
            RankBy::Annual => "annual",
            RankBy::Quarter => "quarter",
            RankBy::Conservative => "conservative",
            RankBy::PerEffort => "per-effort",
        }
    }

    pub fn value(self, g: &IdeaGains) -> f64 {
        match self {
            RankBy::Likely => g.likely,
            RankBy::Expected => g.expected,
            RankBy::Annual => g.annual,
            RankBy::Quarter => g.quarter,
            RankBy::Conservative => g.low,
            RankBy::PerEffort => g.per_effort,
        }
    }

    pub fn next(self) -> RankBy {
        let i = RankBy::ALL.iter().position(|r| *r == self).unwrap_or(0);
        RankBy::ALL[(i + 1) % RankBy::ALL.len()]
    }
}

/// One idea in the ranking: its index in `session.ideas`, its 1-based rank
/// and its figures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankedIdea {
    pub index: usize,
    pub rank: usize,
    pub gains: IdeaGains,
}

/// The ideas, highest first by `by`. Keys closer than `1e-9 ·` the annual
/// revenue are a tie (MODEL.md §3): tied ideas go by title ignoring case,
/// then by title as written, then by id, so every view and export of one
/// session shows the same order.
pub fn rank(session: &Session, by: RankBy) -> Vec<RankedIdea> {
    let base = Funnel::of(session);
    let revenue = base.revenue();
    let gains: Vec<IdeaGains> = session
        .ideas
        .iter()
        .map(|idea| gains_against(session, &base, revenue, idea))
        .collect();
    let keys: Vec<f64> = gains.iter().map(|g| by.value(g)).collect();
    let folded = Folded::of(session.ideas.iter().map(|i| i.title.as_str()));
    // Sliced once here, not in each of the ~100,000 comparisons of a big tie.
    let folded: Vec<&str> = (0..session.ideas.len()).map(|i| folded.get(i)).collect();
    let tolerance = order::tie_tolerance(revenue * session.period.per_year());
    let order = order::descending(&keys, tolerance, |a, b| {
        let (ia, ib) = (&session.ideas[a], &session.ideas[b]);
        folded[a]
            .cmp(folded[b])
            .then_with(|| ia.title.cmp(&ib.title))
            .then_with(|| ia.id.cmp(&ib.id))
    });
    order
        .into_iter()
        .enumerate()
        .map(|(i, index)| RankedIdea {
            index,
            rank: i + 1,
            gains: gains[index],
        })
        .collect()
}

/// Titles in lower case as `str::to_lowercase` gives them, in one buffer:
/// ranking 10,000 ideas made 10,000 small strings just to break ties.
struct Folded {
    text: String,
    ends: Vec<usize>,
}

impl Folded {
    fn of<'a>(titles: impl Iterator<Item = &'a str>) -> Folded {
        let mut folded = Folded {
            text: String::new(),
            ends: Vec::new(),
        };
        for title in titles {
            let start = folded.text.len();
            if title.is_ascii() {
                // ASCII has no context rules (the Greek final sigma is not
                // ASCII): lowering each byte is what `to_lowercase` does.
                folded.text.push_str(title);
                folded.text[start..].make_ascii_lowercase();
            } else {
                folded.text.push_str(&title.to_lowercase());
            }
            folded.ends.push(folded.text.len());
        }
        folded
    }

    fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_titles_are_what_to_lowercase_gives() {
        let titles = [
            "Call Back FAST",
            "",
            "ΟΔΟΣ Σ",
            "Straße İstanbul",
            "ÉTÉ 🎉 x",
            "plain",
        ];
        let folded = Folded::of(titles.iter().copied());
        for (i, t) in titles.iter().enumerate() {
            assert_eq!(folded.get(i), t.to_lowercase(), "{t}");
        }
    }
}
