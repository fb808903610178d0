//! The end of the pass: refuse what cannot be counted (unmapped stages, an
//! undecided day/month order), then turn the totals into the [`Import`]:
//! the whole funnel's and each segment's [`Figures`] and the [`Preview`]
//! of what was read.

use super::record::Agg;
use super::{Engine, SKIP_REASONS};
use crate::import::error::ImportError;
use crate::import::intern::FxMap;
use crate::import::text::Encoding;
use crate::import::{Days, Figures, Import, LossCount, Mode, Preview, SegmentFigures, Shape};

impl Engine {
    pub(super) fn finish(mut self, shape_reason: String) -> Result<Import, ImportError> {
        if !self.unmatched.is_empty() {
            return Err(ImportError::Unmatched(std::mem::take(&mut self.unmatched)));
        }
        if !self.pending.is_empty() {
            // Only an undecided order leaves rows waiting.
            let a = self.ambiguous.take();
            let (line, column, value) = a.map_or((0, String::new(), String::new()), |a| {
                (a.line, a.column, a.value)
            });
            return Err(ImportError::NeedsDateOrder {
                line,
                column,
                value,
            });
        }
        self.fold_histories();
        let n = self.n;

        let mut notes = Vec::new();
        if self.enc == Encoding::Windows1252 {
            notes.push("the file is not UTF-8: its text was read as Windows-1252, as Excel saves it on Western European Windows".to_string());
        }
        if self.shape == Shape::PerRecord {
            if self.mode == Mode::Flow && (self.from.is_some() || self.to.is_some()) {
                notes.push("the file has no date per stage: flow counts every stage a record reached on its created date".to_string());
            }
            notes.push(
                "the file has no date per stage: days per stage are not computed".to_string(),
            );
        }
        if self.shape != Shape::History && self.l.id.is_none() {
            notes.push("no record id column: repeated records cannot be found".to_string());
        }
        if self.l.amount.is_none() {
            notes.push("no amount column: the deal size is not computed".to_string());
        }

        let figures = |a: &Agg| figures(a, n, &self.reason_names);
        let mut whole = Agg::new(n);
        for a in &self.aggs {
            whole.merge(a);
        }
        let mut segments = Vec::new();
        if !self.l.segments.is_empty() {
            for (s, key) in self.seg_list.iter().enumerate() {
                segments.push(SegmentFigures {
                    key: key
                        .iter()
                        .enumerate()
                        .map(|(c, &v)| self.seg_labels[c][v as usize].clone())
                        .collect(),
                    figures: figures(&self.aggs[s]),
                });
            }
            segments.sort_by(|a, b| a.key.cmp(&b.key));
        }
        let preview = Preview {
            encoding: self.enc,
            delimiter: char::from(self.delimiter),
            shape: self.shape,
            shape_reason,
            mode: self.mode,
            date_order: self.order,
            columns: self.l.described(&self.headers),
            rows_read: self.rows_read,
            rows_used: self.rows_used,
            skipped: SKIP_REASONS
                .iter()
                .zip(self.skipped.iter())
                .filter(|(_, t)| t.count > 0)
                .map(|(r, t)| (*r, t.clone()))
                .collect(),
            out_of_order: self.out_of_order.clone(),
            skipped_predecessors: self.skipped_predecessors.clone(),
            bad_amounts: self.bad_amounts.clone(),
            negative_days: self.negative_days.clone(),
            not_utf8: self.not_utf8.clone(),
            notes,
        };
        Ok(Import {
            preview,
            whole: figures(&whole),
            segments,
        })
    }
}

fn figures(a: &Agg, n: usize, reasons: &[String]) -> Figures {
    Figures {
        counts: a.counts.clone(),
        days: a.days.iter().map(days_of).collect(),
        deal_size: (a.won_n > 0).then(|| a.won_sum / a.won_n as f64),
        won_with_amount: a.won_n,
        losses: (0..n - 1)
            .map(|k| {
                let mut l: Vec<LossCount> = a.losses[k]
                    .iter()
                    .map(|(r, c)| LossCount {
                        reason: reasons[*r as usize].clone(),
                        count: *c,
                    })
                    .collect();
                l.sort_by(|x, y| y.count.cmp(&x.count).then_with(|| x.reason.cmp(&y.reason)));
                l
            })
            .collect(),
    }
}

/// Mean and median from a histogram of whole days.
fn days_of(h: &FxMap<i32, u64>) -> Option<Days> {
    let records: u64 = h.values().sum();
    if records == 0 {
        return None;
    }
    let mut v: Vec<(i32, u64)> = h.iter().map(|(d, c)| (*d, *c)).collect();
    v.sort_unstable();
    let sum: f64 = v.iter().map(|(d, c)| f64::from(*d) * *c as f64).sum();
    let nth = |i: u64| {
        let mut seen = 0;
        for (d, c) in &v {
            seen += c;
            if i < seen {
                return f64::from(*d);
            }
        }
        0.0
    };
    let median = if records % 2 == 1 {
        nth(records / 2)
    } else {
        (nth(records / 2 - 1) + nth(records / 2)) / 2.0
    };
    Some(Days {
        mean: sum / records as f64,
        median,
        records,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_even_and_odd_histograms() {
        let mut h = FxMap::default();
        h.insert(2, 1);
        h.insert(5, 2);
        h.insert(11, 1);
        // 2, 5, 5, 11: mean 23/4, median (5+5)/2
        assert_eq!(
            days_of(&h),
            Some(Days {
                mean: 5.75,
                median: 5.0,
                records: 4
            })
        );
        h.insert(3, 1);
        // 2, 3, 5, 5, 11: mean 26/5, median 5
        assert_eq!(
            days_of(&h),
            Some(Days {
                mean: 5.2,
                median: 5.0,
                records: 5
            })
        );
        h.clear();
        h.insert(1, 1);
        h.insert(4, 1);
        assert_eq!(days_of(&h).map(|d| d.median), Some(2.5));
    }
}
