//! Counting: a parsed [`Row`] becomes a finished record ([`View`]) at once
//! (shapes 1 and 2) or through a small state per record ([`Hist`], shape
//! 3, finished after the last row), and each record is counted into its
//! segment's totals ([`Agg`]) by flow or cohort: counts, days per step,
//! won amounts and losses.

use super::{Engine, MAX_STAGES, NO_REASON_ID, NONE, Outcome, Row, Target};
use crate::import::intern::FxMap;
use crate::import::{Mode, Shape, SkipReason};

#[derive(Clone)]
pub(super) struct Agg {
    pub(super) counts: Vec<u64>,
    pub(super) days: Vec<FxMap<i32, u64>>,
    pub(super) won_sum: f64,
    pub(super) won_n: u64,
    pub(super) losses: Vec<FxMap<u32, u64>>,
}

impl Agg {
    pub(super) fn new(n: usize) -> Self {
        Agg {
            counts: vec![0; n],
            days: vec![FxMap::default(); n - 1],
            won_sum: 0.0,
            won_n: 0,
            losses: vec![FxMap::default(); n - 1],
        }
    }

    pub(super) fn merge(&mut self, o: &Agg) {
        for (a, b) in self.counts.iter_mut().zip(&o.counts) {
            *a += b;
        }
        for (a, b) in self.days.iter_mut().zip(&o.days) {
            for (d, c) in b {
                *a.entry(*d).or_insert(0) += c;
            }
        }
        self.won_sum += o.won_sum;
        self.won_n += o.won_n;
        for (a, b) in self.losses.iter_mut().zip(&o.losses) {
            for (r, c) in b {
                *a.entry(*r).or_insert(0) += c;
            }
        }
    }
}

/// A stage history's record while the file is read.
pub(super) struct Hist {
    seg: u32,
    first_line: u64,
    rows: u32,
    evidence: u64,
    won: i32,
    latest: i32,
    latest_kind: Target,
    reason: u32,
    amount: f64,
    created: i32,
}

/// A finished record, ready to be counted.
struct View {
    line: u64,
    rows: u64,
    seg: u32,
    furthest: usize,
    outcome: Outcome,
    reason: u32,
    amount: f64,
    created: i32,
    evidence: u64,
    won_date: i32,
}

impl View {
    /// A record that is one row (shapes 1 and 2).
    fn of_row(
        row: &Row,
        furthest: usize,
        outcome: Outcome,
        created: i32,
        evidence: u64,
        won_date: i32,
    ) -> Self {
        View {
            line: row.line,
            rows: 1,
            seg: row.seg,
            furthest,
            outcome,
            reason: row.reason,
            amount: row.amount,
            created,
            evidence,
            won_date,
        }
    }
}

/// The earlier of two dates where `a` may be [`NONE`] (which a plain `min`
/// would pick).
fn earliest(a: i32, b: i32) -> i32 {
    if a == NONE { b } else { a.min(b) }
}

/// How far a record with per-stage evidence (a bit per stage it showed)
/// got, and its outcome: reaching the last stage is winning. `Err` says why
/// a record that shows no stage is left out.
fn furthest(outcome: Outcome, evidence: u64, n: usize) -> Result<(usize, Outcome), SkipReason> {
    if outcome == Outcome::Won || evidence >> (n - 1) & 1 == 1 {
        Ok((n - 1, Outcome::Won))
    } else if evidence == 0 {
        Err(if outcome == Outcome::Lost {
            SkipReason::LostWithoutStage
        } else {
            SkipReason::NoStage
        })
    } else {
        Ok((63 - evidence.leading_zeros() as usize, outcome))
    }
}

impl Engine {
    pub(super) fn apply(&mut self, row: &Row) {
        let order = self.order;
        let n = self.n;
        match self.shape {
            Shape::PerRecord => {
                let outcome = match (row.outcome, row.stage) {
                    (Some(o), _) => o,
                    (None, Some(Target::Won)) => Outcome::Won,
                    (None, Some(Target::Lost)) => Outcome::Lost,
                    _ => Outcome::Open,
                };
                let furthest = match (row.stage, outcome) {
                    (_, Outcome::Won) => n - 1,
                    (Some(Target::Stage(k)), _) => usize::from(k),
                    (_, Outcome::Lost) => {
                        self.skip(SkipReason::LostWithoutStage, row.line, 1);
                        return;
                    }
                    _ => {
                        self.skip(SkipReason::NoStage, row.line, 1);
                        return;
                    }
                };
                let v = View::of_row(
                    row,
                    furthest,
                    outcome,
                    row.created.resolve(order).unwrap_or(NONE),
                    0,
                    row.closed.resolve(order).unwrap_or(NONE),
                );
                let mut dates = [NONE; MAX_STAGES];
                self.fold(&v, &mut dates[..n], false);
            }
            Shape::DateEntered => {
                let mut dates = [NONE; MAX_STAGES];
                let (mut won, mut lost) = (NONE, NONE);
                let mut evidence = 0u64;
                for (j, p) in row.entered.iter().enumerate() {
                    let Some(d) = p.resolve(order) else { continue };
                    match self.entered_targets[j] {
                        Target::Stage(k) => {
                            let k = usize::from(k);
                            dates[k] = earliest(dates[k], d);
                            evidence |= 1 << k;
                        }
                        Target::Won => won = earliest(won, d),
                        Target::Lost => lost = lost.max(d),
                        _ => {}
                    }
                }
                if let Some(Target::Stage(k)) = row.stage {
                    evidence |= 1 << k;
                }
                let outcome = match (row.outcome, row.stage) {
                    (Some(o), _) => o,
                    (None, Some(Target::Won)) => Outcome::Won,
                    (None, Some(Target::Lost)) => Outcome::Lost,
                    (None, Some(Target::Stage(_))) => Outcome::Open,
                    _ if won != NONE && won >= lost => Outcome::Won,
                    _ if lost != NONE => Outcome::Lost,
                    _ => Outcome::Open,
                };
                let (furthest, outcome) = match furthest(outcome, evidence, n) {
                    Ok(reached) => reached,
                    Err(why) => {
                        self.skip(why, row.line, 1);
                        return;
                    }
                };
                let created = row
                    .created
                    .resolve(order)
                    .or_else(|| dates[..n].iter().copied().filter(|&d| d != NONE).min())
                    .unwrap_or(NONE);
                let won_date = if won != NONE {
                    won
                } else {
                    row.closed.resolve(order).unwrap_or(NONE)
                };
                let v = View::of_row(row, furthest, outcome, created, evidence, won_date);
                self.fold(&v, &mut dates[..n], true);
            }
            Shape::History => {
                let Some(d) = row.date.resolve(order) else {
                    return;
                };
                let r = row.rec as usize;
                if r == self.hists.len() {
                    self.hists.push(Hist {
                        seg: row.seg,
                        first_line: row.line,
                        rows: 0,
                        evidence: 0,
                        won: NONE,
                        latest: NONE,
                        latest_kind: Target::Skip,
                        reason: NO_REASON_ID,
                        amount: f64::NAN,
                        created: NONE,
                    });
                    self.hist_dates.extend(std::iter::repeat_n(NONE, n));
                }
                let h = &mut self.hists[r];
                h.rows += 1;
                if d < h.latest {
                    self.out_of_order.add(row.line, 1);
                } else {
                    // Ties go to the later row: the file's order within a day.
                    h.latest = d;
                    h.latest_kind = row.stage.unwrap_or(Target::Skip);
                }
                match row.stage {
                    Some(Target::Stage(k)) => {
                        let k = usize::from(k);
                        let slot = &mut self.hist_dates[r * n + k];
                        *slot = earliest(*slot, d);
                        h.evidence |= 1 << k;
                    }
                    Some(Target::Won) => h.won = earliest(h.won, d),
                    _ => {}
                }
                if row.reason != NO_REASON_ID {
                    h.reason = row.reason;
                }
                if !row.amount.is_nan() {
                    h.amount = row.amount;
                }
                if h.created == NONE
                    && let Some(c) = row.created.resolve(order)
                {
                    h.created = c;
                }
            }
        }
    }

    /// Counts one finished record into its segment.
    fn fold(&mut self, v: &View, dates: &mut [i32], per_stage: bool) {
        let n = self.n;
        let f = v.furthest;
        if v.outcome == Outcome::Won && dates[n - 1] == NONE {
            dates[n - 1] = v.won_date;
        }
        if per_stage {
            let mut evidence = v.evidence;
            if v.outcome == Outcome::Won {
                evidence |= 1 << (n - 1);
            }
            let below = (1u64 << f) - 1;
            if evidence & below != below {
                self.skipped_predecessors.add(v.line, 1);
            }
        }
        // The day each stage was reached: its own date, else the earliest
        // later one (it was passed by then), else the latest earlier one.
        let mut reach = [NONE; MAX_STAGES];
        if per_stage {
            let mut later = NONE;
            for k in (0..=f).rev() {
                if dates[k] != NONE {
                    later = earliest(later, dates[k]);
                }
                reach[k] = later;
            }
            let mut earlier = v.created;
            for k in 0..=f {
                if dates[k] != NONE {
                    earlier = earlier.max(dates[k]);
                }
                if reach[k] == NONE {
                    reach[k] = earlier;
                }
            }
        } else {
            reach[..=f].fill(v.created);
        }
        let period = self.from.is_some() || self.to.is_some();
        let inside = |d: i32| {
            d != NONE && self.from.is_none_or(|from| d >= from) && self.to.is_none_or(|to| d <= to)
        };
        let mut counted = [false; MAX_STAGES];
        match self.mode {
            Mode::Flow => {
                for k in 0..=f {
                    counted[k] = !period || inside(reach[k]);
                }
                if !counted[..=f].iter().any(|&c| c) {
                    let why = if reach[..=f].iter().all(|&d| d == NONE) {
                        SkipReason::NoDate
                    } else {
                        SkipReason::OutsidePeriod
                    };
                    self.skip(why, v.line, v.rows);
                    return;
                }
            }
            Mode::Cohort => {
                let created = if v.created != NONE {
                    v.created
                } else {
                    dates
                        .iter()
                        .copied()
                        .filter(|&d| d != NONE)
                        .min()
                        .unwrap_or(NONE)
                };
                if period && !inside(created) {
                    let why = if created == NONE {
                        SkipReason::NoDate
                    } else {
                        SkipReason::OutsidePeriod
                    };
                    self.skip(why, v.line, v.rows);
                    return;
                }
                counted[..=f].fill(true);
            }
        }
        self.rows_used += v.rows;
        let agg = &mut self.aggs[v.seg as usize];
        for (n, c) in agg.counts.iter_mut().zip(&counted[..=f]) {
            *n += u64::from(*c);
        }
        let mut negative = false;
        for k in 0..f {
            if counted[k + 1] && dates[k] != NONE && dates[k + 1] != NONE {
                let d = dates[k + 1] - dates[k];
                if d < 0 {
                    negative = true;
                } else {
                    *agg.days[k].entry(d).or_insert(0) += 1;
                }
            }
        }
        if v.outcome == Outcome::Won && counted[n - 1] && !v.amount.is_nan() {
            agg.won_sum += v.amount;
            agg.won_n += 1;
        }
        if v.outcome == Outcome::Lost && f < n - 1 && counted[f] {
            *agg.losses[f].entry(v.reason).or_insert(0) += 1;
        }
        if negative {
            self.negative_days.add(v.line, 1);
        }
    }

    /// Counts each stage history's record, once the whole file is read
    /// (its rows can come in any order).
    pub(super) fn fold_histories(&mut self) {
        let n = self.n;
        if self.shape == Shape::History {
            let hists = std::mem::take(&mut self.hists);
            let all_dates = std::mem::take(&mut self.hist_dates);
            for (r, h) in hists.iter().enumerate() {
                let mut dates = [NONE; MAX_STAGES];
                dates[..n].copy_from_slice(&all_dates[r * n..(r + 1) * n]);
                let outcome = match h.latest_kind {
                    Target::Lost => Outcome::Lost,
                    Target::Won => Outcome::Won,
                    _ => Outcome::Open,
                };
                let (furthest, outcome) = match furthest(outcome, h.evidence, n) {
                    Ok(reached) => reached,
                    Err(why) => {
                        self.skip(why, h.first_line, u64::from(h.rows));
                        continue;
                    }
                };
                let v = View {
                    line: h.first_line,
                    rows: u64::from(h.rows),
                    seg: h.seg,
                    furthest,
                    outcome,
                    reason: h.reason,
                    amount: h.amount,
                    created: h.created,
                    evidence: h.evidence,
                    won_date: h.won,
                };
                self.fold(&v, &mut dates[..n], true);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furthest_stage_from_evidence_and_outcome() {
        let n = 4;
        // Won without a stage of its own, or reached the last stage: won.
        assert_eq!(furthest(Outcome::Won, 0, n), Ok((3, Outcome::Won)));
        assert_eq!(furthest(Outcome::Open, 0b1001, n), Ok((3, Outcome::Won)));
        assert_eq!(furthest(Outcome::Lost, 0b1000, n), Ok((3, Outcome::Won)));
        // Otherwise the highest stage shown, outcome kept.
        assert_eq!(furthest(Outcome::Lost, 0b0101, n), Ok((2, Outcome::Lost)));
        assert_eq!(furthest(Outcome::Open, 0b0010, n), Ok((1, Outcome::Open)));
        // No stage at all.
        assert_eq!(
            furthest(Outcome::Lost, 0, n),
            Err(SkipReason::LostWithoutStage)
        );
        assert_eq!(furthest(Outcome::Open, 0, n), Err(SkipReason::NoStage));
    }

    #[test]
    fn earliest_ignores_no_date() {
        assert_eq!(earliest(NONE, 5), 5);
        assert_eq!(earliest(7, 5), 5);
        assert_eq!(earliest(3, 5), 3);
    }
}
