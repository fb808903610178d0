//! The one pass over the file: each row is parsed into ids and raw dates,
//! then folded into per-segment totals (shapes 1 and 2) or into a small
//! fixed-size state per record (shape 3, folded at the end).
//!
//! This file holds what every part shares (the engine's state, a row as
//! parsed, where a stage name points) and drives the pass: [`import`]
//! checks the options, reads the header and feeds each row through
//! [`row`] (bytes → [`Row`]) and [`record`] (rows → records → totals),
//! holding rows back while the day/month order is undecided; [`output`]
//! turns the totals into the [`Import`].

mod amount;
mod output;
mod record;
mod row;

use std::io::Read;

use csv::{ByteRecord, ReaderBuilder};

use super::date::{self, DateOrder, Parsed};
use super::error::{ImportError, UnmatchedStage};
use super::header::{Layout, layout};
use super::intern::{FxMap, IdTable, Interner};
use super::text::{self, Encoding, stage_key};
use super::{Import, Mode, NO_REASON, Options, SKIP_TARGET, Shape, SkipReason, Tally};
use record::{Agg, Hist};
use row::DateSeen;

/// No date.
const NONE: i32 = i32::MIN;
const MAX_STAGES: usize = 64;
/// Reason id 0: no reason given.
const NO_REASON_ID: u32 = 0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Stage(u8),
    Won,
    Lost,
    Skip,
    Unmatched(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Open,
    Won,
    Lost,
}

/// One data row, reduced to ids and raw dates; kept only while the file's
/// day/month order is still unknown.
#[derive(Clone)]
struct Row {
    line: u64,
    seg: u32,
    stage: Option<Target>,
    outcome: Option<Outcome>,
    reason: u32,
    amount: f64,
    created: Parsed,
    closed: Parsed,
    date: Parsed,
    entered: Vec<Parsed>,
    rec: u32,
}

impl Row {
    fn new() -> Self {
        Row {
            line: 0,
            seg: 0,
            stage: None,
            outcome: None,
            reason: NO_REASON_ID,
            amount: f64::NAN,
            created: Parsed::Empty,
            closed: Parsed::Empty,
            date: Parsed::Empty,
            entered: Vec::new(),
            rec: 0,
        }
    }
}

struct Engine {
    n: usize,
    shape: Shape,
    mode: Mode,
    enc: Encoding,
    delimiter: u8,
    headers: Vec<String>,
    l: Layout,
    from: Option<i32>,
    to: Option<i32>,
    asked_order: DateOrder,
    order: DateOrder,
    stage_keys: Vec<String>,
    map: Vec<(String, Target)>,
    stage_names: Interner,
    stage_targets: Vec<Target>,
    entered_targets: Vec<Target>,
    unmatched: Vec<UnmatchedStage>,
    unmatched_keys: FxMap<String, u32>,
    outcomes: Interner,
    outcome_values: Vec<Option<Outcome>>,
    reasons: Interner,
    reason_names: Vec<String>,
    seg_values: Vec<Interner>,
    seg_labels: Vec<Vec<String>>,
    seg_keys: FxMap<Box<[u32]>, u32>,
    seg_list: Vec<Box<[u32]>>,
    seg_buf: Vec<u32>,
    aggs: Vec<Agg>,
    ids: IdTable,
    hists: Vec<Hist>,
    hist_dates: Vec<i32>,
    pending: Vec<Row>,
    row: Row,
    day_first: Option<DateSeen>,
    month_first: Option<DateSeen>,
    ambiguous: Option<DateSeen>,
    rows_read: u64,
    rows_used: u64,
    skipped: Vec<Tally>,
    out_of_order: Tally,
    skipped_predecessors: Tally,
    bad_amounts: Tally,
    negative_days: Tally,
    not_utf8: Tally,
}

const SKIP_REASONS: [SkipReason; 10] = [
    SkipReason::EmptyRow,
    SkipReason::DuplicateId,
    SkipReason::NoRecordId,
    SkipReason::NoStage,
    SkipReason::MappedToSkip,
    SkipReason::UnparseableDate,
    SkipReason::UnknownOutcome,
    SkipReason::LostWithoutStage,
    SkipReason::NoDate,
    SkipReason::OutsidePeriod,
];

/// Reads a CRM export and computes the funnel figures; see the module docs.
pub fn import<R: Read>(input: R, opts: &Options) -> Result<Import, ImportError> {
    let n = opts.stages.len();
    if n < 2 {
        return Err(ImportError::TooFewStages(n));
    }
    if n > MAX_STAGES {
        return Err(ImportError::TooManyStages(n));
    }
    if let (Some(f), Some(t)) = (opts.from, opts.to)
        && f > t
    {
        return Err(ImportError::PeriodBackwards {
            from: f.to_string(),
            to: t.to_string(),
        });
    }
    let stage_keys: Vec<String> = opts.stages.iter().map(|s| stage_key(s)).collect();
    let mut map = Vec::new();
    for (crm, target) in &opts.map {
        let t = if target.trim() == SKIP_TARGET {
            Target::Skip
        } else {
            match stage_keys.iter().position(|k| *k == stage_key(target)) {
                Some(k) => Target::Stage(k as u8),
                None => {
                    return Err(ImportError::MapTarget {
                        crm: crm.clone(),
                        target: target.clone(),
                        stages: opts
                            .stages
                            .iter()
                            .map(|s| format!("\"{s}\""))
                            .collect::<Vec<_>>()
                            .join(", "),
                    });
                }
            }
        };
        map.push((stage_key(crm), t));
    }

    let sniffed = text::sniff(input)?;
    let enc = sniffed.encoding;
    let sniffed_delimiter = sniffed.delimiter;
    let mut rdr = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniffed.delimiter)
        .terminator(csv::Terminator::Any(sniffed.terminator))
        .buffer_capacity(1 << 16)
        .from_reader(sniffed.input);
    let mut rec = ByteRecord::new();
    let csv_err = |e: csv::Error| ImportError::Csv {
        line: e.position().map_or(0, |p| p.line()),
        message: e.to_string(),
    };
    if !rdr.read_byte_record(&mut rec).map_err(csv_err)? {
        return Err(ImportError::Empty);
    }
    let headers: Vec<String> = rec
        .iter()
        .map(|h| text::decode(h, enc).0.trim().to_string())
        .collect();
    if headers.iter().all(String::is_empty) {
        return Err(ImportError::Empty);
    }
    let (l, shape, shape_reason) = layout(&headers, &opts.columns, &opts.segments, opts.shape)?;
    let period = opts.from.is_some() || opts.to.is_some();
    if period {
        let why = match shape {
            Shape::PerRecord if l.created.is_none() => {
                Some("the file has no created-date column (such as \"Create Date\")")
            }
            _ => None,
        };
        if let Some(why) = why {
            return Err(ImportError::NoDateColumn {
                why: why.to_string(),
            });
        }
    }

    let mut e = Engine {
        n,
        shape,
        mode: opts.mode,
        enc,
        delimiter: sniffed_delimiter,
        headers,
        from: opts.from.map(date::from_naive),
        to: opts.to.map(date::from_naive),
        asked_order: opts.dates,
        order: opts.dates,
        stage_keys,
        map,
        stage_names: Interner::default(),
        stage_targets: Vec::new(),
        entered_targets: Vec::new(),
        unmatched: Vec::new(),
        unmatched_keys: FxMap::default(),
        outcomes: Interner::default(),
        outcome_values: Vec::new(),
        reasons: Interner::default(),
        reason_names: vec![NO_REASON.to_string()],
        seg_values: (0..l.segments.len()).map(|_| Interner::default()).collect(),
        seg_labels: vec![Vec::new(); l.segments.len()],
        seg_keys: FxMap::default(),
        seg_list: Vec::new(),
        seg_buf: Vec::new(),
        aggs: Vec::new(),
        ids: IdTable::default(),
        hists: Vec::new(),
        hist_dates: Vec::new(),
        pending: Vec::new(),
        row: Row::new(),
        day_first: None,
        month_first: None,
        ambiguous: None,
        rows_read: 0,
        rows_used: 0,
        skipped: vec![Tally::default(); SKIP_REASONS.len()],
        out_of_order: Tally::default(),
        skipped_predecessors: Tally::default(),
        bad_amounts: Tally::default(),
        negative_days: Tally::default(),
        not_utf8: Tally::default(),
        l,
    };
    e.entered_targets =
        e.l.entered
            .clone()
            .iter()
            .map(|(_, name)| e.resolve_name(name, 1))
            .collect();
    e.row.entered = vec![Parsed::Empty; e.l.entered.len()];

    while rdr.read_byte_record(&mut rec).map_err(csv_err)? {
        let line = rec.position().map_or(0, |p| p.line());
        e.rows_read += 1;
        if rec.iter().all(|f| f.trim_ascii().is_empty()) {
            e.skip(SkipReason::EmptyRow, line, 1);
            continue;
        }
        e.read_row(&rec, line)?;
    }
    e.finish(shape_reason)
}

impl Engine {
    fn skip(&mut self, why: SkipReason, line: u64, rows: u64) {
        self.skipped[why as usize].add(line, rows);
    }

    fn read_row(&mut self, rec: &ByteRecord, line: u64) -> Result<(), ImportError> {
        let mut row = std::mem::replace(&mut self.row, Row::new());
        let used = self.parse_row(rec, line, &mut row);
        let result = match used {
            Ok(Some(needs_order)) => {
                if self.order != DateOrder::Auto && !self.pending.is_empty() {
                    for p in std::mem::take(&mut self.pending) {
                        self.apply(&p);
                    }
                }
                if needs_order || !self.pending.is_empty() {
                    self.pending.push(row.clone());
                } else {
                    self.apply(&row);
                }
                Ok(())
            }
            Ok(None) => Ok(()),
            Err(e) => Err(e),
        };
        self.row = row;
        result
    }
}
