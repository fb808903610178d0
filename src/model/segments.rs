//! Segments and kinds of loss (MODEL.md §9, docs/MODEL-additions.md §9a):
//! each segment as a funnel of its own, the segment that leaks most value,
//! the share of each kind of loss (no decision apart from competitor), and
//! the reason × segment table of one step.

use serde::Serialize;

use super::funnel::{Funnel, StepFigures, step_figures};
use super::order::tie_tolerance;
use crate::assets;
use crate::session::{Cause, LossCategory, Origin, Segment, Session, Team};

/// The kind of loss a cause is: its own, else its reason code's, else
/// unknown (a reason the app does not know, "no reason given").
pub fn cause_kind(c: &Cause) -> LossCategory {
    c.category
        .or_else(|| assets::reason_code(&c.reason).map(|r| r.category))
        .unwrap_or(LossCategory::Unknown)
}

/// A cause made from lost records: its share of the step's lost records,
/// with origin, team and kind as its reason code says (external, the
/// stage's team, unknown for a code the app does not know).
pub fn cause_from_count(reason: &str, count: u64, total: u64, stage_team: Team) -> Cause {
    let code = assets::reason_code(reason);
    Cause {
        reason: reason.to_string(),
        share: if total > 0 {
            100.0 * count as f64 / total as f64
        } else {
            0.0
        },
        origin: code.map_or(Origin::External, |c| c.origin),
        team: code.map_or(stage_team, |c| c.team),
        note: String::new(),
        category: None,
    }
}

/// Segment `seg` as a session of its own: the session's stage names, teams
/// and definitions with the segment's counts, days and causes.
pub fn segment_session(s: &Session, seg: &Segment) -> Session {
    let mut out = s.light();
    out.deal_size = seg.deal_size;
    for (k, stage) in out.stages.iter_mut().enumerate() {
        stage.count = seg.counts.get(k).copied().unwrap_or(0);
        stage.days = seg.days.get(k).copied().unwrap_or(stage.days);
        let lost = seg.losses.get(k).map_or(&[][..], Vec::as_slice);
        let total: u64 = lost.iter().map(|r| r.count).sum();
        stage.causes = lost
            .iter()
            .map(|r| cause_from_count(&r.reason, r.count, total, stage.team))
            .collect();
    }
    out
}

/// One segment's headline figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SegmentRow {
    pub name: String,
    pub won: f64,
    pub deal_size: f64,
    pub revenue: f64,
    /// `Σ_k V_{s,k}` per period.
    pub value_lost: f64,
    pub steps: Vec<StepFigures>,
}

pub fn segment_rows(s: &Session) -> Vec<SegmentRow> {
    s.segments
        .iter()
        .map(|seg| {
            let alone = segment_session(s, seg);
            let funnel = Funnel::of(&alone);
            let steps = step_figures(&alone);
            SegmentRow {
                name: seg.name.clone(),
                won: funnel.won(),
                deal_size: funnel.deal_size,
                revenue: funnel.revenue(),
                value_lost: steps.iter().map(|f| f.value_lost).sum(),
                steps,
            }
        })
        .collect()
}

/// The segment that leaks most value, and its share of all segments'.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Leakiest {
    pub name: String,
    pub value_lost: f64,
    pub share: f64,
}

pub fn leakiest(rows: &[SegmentRow]) -> Option<Leakiest> {
    let total: f64 = rows.iter().map(|r| r.value_lost).sum();
    let top = rows.iter().map(|r| r.value_lost).fold(0.0, f64::max);
    if top.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
        return None;
    }
    let tol = tie_tolerance(top);
    let best = rows
        .iter()
        .filter(|r| r.value_lost >= top - tol)
        .min_by(|a, b| {
            a.name
                .to_lowercase()
                .cmp(&b.name.to_lowercase())
                .then(a.name.cmp(&b.name))
        })?;
    Some(Leakiest {
        name: best.name.clone(),
        value_lost: best.value_lost,
        share: best.value_lost / total,
    })
}

/// The share (a fraction of the prospects lost) of each kind of loss, in
/// [`LossCategory::ALL`] order; the part no cause explains is unknown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KindShares {
    pub shares: Vec<(LossCategory, f64)>,
    /// Prospects lost that the shares are of.
    pub lost: f64,
}

impl KindShares {
    pub fn of(&self, kind: LossCategory) -> f64 {
        self.shares
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0.0, |(_, v)| *v)
    }
}

/// Kind shares at step `k` (fractions of the step's losses).
fn step_kinds(s: &Session, k: usize) -> [f64; 6] {
    let mut out = [0.0; 6];
    let Some(stage) = s.stages.get(k) else {
        return out;
    };
    let mut explained = 0.0;
    for c in &stage.causes {
        let i = LossCategory::ALL
            .iter()
            .position(|x| *x == cause_kind(c))
            .unwrap_or(5);
        out[i] += c.share / 100.0;
        explained += c.share / 100.0;
    }
    out[5] += (1.0 - explained).max(0.0);
    out
}

/// The kinds of loss at step `k`, or over the whole funnel (weighted by
/// the prospects each step loses) when `step` is `None`.
pub fn kind_shares(s: &Session, step: Option<usize>) -> KindShares {
    let figures = step_figures(s);
    let mut sums = [0.0; 6];
    let mut lost = 0.0;
    for f in figures.iter().filter(|f| step.is_none_or(|k| k == f.step)) {
        let kinds = step_kinds(s, f.step);
        for (sum, v) in sums.iter_mut().zip(kinds) {
            *sum += f.lost * v;
        }
        lost += f.lost;
    }
    KindShares {
        shares: LossCategory::ALL
            .iter()
            .zip(sums)
            .map(|(k, v)| (*k, if lost > 0.0 { v / lost } else { 0.0 }))
            .collect(),
        lost,
    }
}

/// One cell of the reason × segment table.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GridCell {
    pub count: u64,
    /// Of the segment's lost records at the step.
    pub share: f64,
    /// Among the largest cells of the table (by count).
    pub largest: bool,
}

/// Why prospects were lost at one step, per segment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReasonGrid {
    /// Reasons, most lost records overall first.
    pub reasons: Vec<String>,
    pub segments: Vec<String>,
    /// `cells[reason][segment]`.
    pub cells: Vec<Vec<GridCell>>,
    /// Lost records per segment at the step.
    pub totals: Vec<u64>,
}

/// How many of the largest cells are marked.
const MARKED: usize = 3;

/// The reason × segment table of step `k`; `None` when no segment has lost
/// records there.
pub fn reason_grid(s: &Session, k: usize) -> Option<ReasonGrid> {
    let mut reasons: Vec<(String, u64)> = Vec::new();
    for seg in &s.segments {
        for r in seg.losses.get(k).map_or(&[][..], Vec::as_slice) {
            match reasons.iter_mut().find(|(name, _)| *name == r.reason) {
                Some((_, n)) => *n += r.count,
                None => reasons.push((r.reason.clone(), r.count)),
            }
        }
    }
    if reasons.is_empty() {
        return None;
    }
    reasons.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let totals: Vec<u64> = s
        .segments
        .iter()
        .map(|seg| {
            seg.losses
                .get(k)
                .map_or(0, |l| l.iter().map(|r| r.count).sum())
        })
        .collect();
    let mut cells: Vec<Vec<GridCell>> = reasons
        .iter()
        .map(|(reason, _)| {
            s.segments
                .iter()
                .zip(&totals)
                .map(|(seg, total)| {
                    let count = seg
                        .losses
                        .get(k)
                        .and_then(|l| l.iter().find(|r| r.reason == *reason))
                        .map_or(0, |r| r.count);
                    GridCell {
                        count,
                        share: if *total > 0 {
                            count as f64 / *total as f64
                        } else {
                            0.0
                        },
                        largest: false,
                    }
                })
                .collect()
        })
        .collect();
    let mut counts: Vec<u64> = cells
        .iter()
        .flatten()
        .map(|c| c.count)
        .filter(|c| *c > 0)
        .collect();
    counts.sort_unstable_by(|a, b| b.cmp(a));
    if let Some(&floor) = counts.get(MARKED.min(counts.len()).saturating_sub(1)) {
        for c in cells.iter_mut().flatten() {
            c.largest = c.count >= floor && c.count > 0;
        }
    }
    Some(ReasonGrid {
        reasons: reasons.into_iter().map(|(r, _)| r).collect(),
        segments: s.segments.iter().map(|seg| seg.name.clone()).collect(),
        cells,
        totals,
    })
}
