//! Conversions, losses and the value of what each step loses (MODEL.md §1).

use crate::session::Session;

/// The funnel reduced to what revenue depends on: top count, step
/// conversions and deal size. Effects change these three things only.
#[derive(Debug, Clone, PartialEq)]
pub struct Funnel {
    pub top: f64,
    pub conversions: Vec<f64>,
    pub deal_size: f64,
}

/// `N_{k+1} / N_k`, or 0 when nothing reached stage k.
fn conversion(from: f64, to: f64) -> f64 {
    if from > 0.0 {
        (to / from).clamp(0.0, 1.0)
    } else {
        0.0
    }
}

impl Funnel {
    pub fn from_counts(counts: &[f64], deal_size: f64) -> Self {
        let top = counts.first().copied().unwrap_or(0.0);
        let conversions = counts.windows(2).map(|w| conversion(w[0], w[1])).collect();
        Self {
            top,
            conversions,
            deal_size,
        }
    }

    pub fn of(session: &Session) -> Self {
        let counts: Vec<f64> = session.stages.iter().map(|s| s.count as f64).collect();
        Self::from_counts(&counts, session.deal_size)
    }

    /// Won per period: `W = N_0 · Π c_k`, multiplied from the top down in
    /// the same order as the revenue after an effect, so that an effect that
    /// changes nothing gains exactly 0 (MODEL.md §3, "Ties").
    pub fn won(&self) -> f64 {
        self.conversions.iter().fold(self.top, |won, c| won * c)
    }

    /// Revenue per period: `R = W · D`.
    pub fn revenue(&self) -> f64 {
        self.won() * self.deal_size
    }

    /// `d_k = Π_{j>k} c_j`, 1 for the last step.
    pub fn downstream(&self, k: usize) -> f64 {
        self.conversions.iter().skip(k + 1).product()
    }
}

/// Everything the funnel table shows for one step.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StepFigures {
    pub step: usize,
    pub from: f64,
    pub to: f64,
    pub conversion: f64,
    /// `L_k = N_k − N_{k+1}` prospects.
    pub lost: f64,
    /// `1 − c_k` (0 when nothing reached the stage).
    pub lost_share: f64,
    pub downstream: f64,
    /// `V_k = L_k · d_k · D`.
    pub value_lost: f64,
}

pub fn step_figures(session: &Session) -> Vec<StepFigures> {
    let funnel = Funnel::of(session);
    session
        .stages
        .windows(2)
        .enumerate()
        .map(|(k, w)| {
            let (from, to) = (w[0].count as f64, w[1].count as f64);
            let conversion = funnel.conversions[k];
            let lost = (from - to).max(0.0);
            let downstream = funnel.downstream(k);
            StepFigures {
                step: k,
                from,
                to,
                conversion,
                lost,
                lost_share: if from > 0.0 { 1.0 - conversion } else { 0.0 },
                downstream,
                value_lost: lost * downstream * funnel.deal_size,
            }
        })
        .collect()
}

/// The step whose losses are worth most, if any step loses anything.
pub fn biggest_leak(figures: &[StepFigures]) -> Option<&StepFigures> {
    figures
        .iter()
        .filter(|f| f.value_lost > 0.0)
        .max_by(|a, b| a.value_lost.total_cmp(&b.value_lost))
}
