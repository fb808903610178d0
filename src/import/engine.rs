//! The one pass over the file: each row is parsed into ids and raw dates,
//! then folded into per-segment totals (shapes 1 and 2) or into a small
//! fixed-size state per record (shape 3, folded at the end).

use std::io::Read;

use csv::{ByteRecord, ReaderBuilder};

use super::date::{self, DateOrder, Parsed};
use super::error::{ImportError, UnmatchedStage, bad_date};
use super::header::{Layout, layout};
use super::intern::{FxMap, IdTable, Interner};
use super::text::{self, Encoding, loose_key, stage_key};
use super::{
    BLANK_SEGMENT, Days, Figures, Import, LossCount, Mode, NO_REASON, Options, Preview,
    SKIP_TARGET, SegmentFigures, Shape, SkipReason, Tally,
};

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

const WON_WORDS: &[&str] = &[
    "won",
    "closed won",
    "closedwon",
    "win",
    "deal won",
    "converted",
];
const LOST_WORDS: &[&str] = &[
    "lost",
    "closed lost",
    "closedlost",
    "loss",
    "deal lost",
    "disqualified",
    "unqualified",
];
const OPEN_WORDS: &[&str] = &[
    "",
    "open",
    "in progress",
    "active",
    "ongoing",
    "pending",
    "new",
];

fn outcome_word(key: &str) -> Option<Outcome> {
    if WON_WORDS.contains(&key) {
        Some(Outcome::Won)
    } else if LOST_WORDS.contains(&key) {
        Some(Outcome::Lost)
    } else if OPEN_WORDS.contains(&key) {
        Some(Outcome::Open)
    } else {
        None
    }
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

#[derive(Clone)]
struct Agg {
    counts: Vec<u64>,
    days: Vec<FxMap<i32, u64>>,
    won_sum: f64,
    won_n: u64,
    losses: Vec<FxMap<u32, u64>>,
}

impl Agg {
    fn new(n: usize) -> Self {
        Agg {
            counts: vec![0; n],
            days: vec![FxMap::default(); n - 1],
            won_sum: 0.0,
            won_n: 0,
            losses: vec![FxMap::default(); n - 1],
        }
    }

    fn merge(&mut self, o: &Agg) {
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
struct Hist {
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

struct DateSeen {
    line: u64,
    column: String,
    value: String,
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

fn field(rec: &ByteRecord, i: Option<usize>) -> &[u8] {
    i.and_then(|i| rec.get(i)).unwrap_or(b"").trim_ascii()
}

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

    fn decode(&mut self, b: &[u8], line: u64) -> String {
        let (s, fell_back) = text::decode(b, self.enc);
        // A quoted value spanning lines of a CRLF file keeps one newline.
        let s = if s.contains('\r') {
            s.replace("\r\n", "\n")
        } else {
            s.into_owned()
        };
        if fell_back {
            self.not_utf8.add(line, 1);
        }
        s
    }

    /// A CRM stage name: a session stage (ignoring case and spacing), then
    /// the map, then the words for won and lost.
    fn resolve_name(&mut self, name: &str, line: u64) -> Target {
        let key = stage_key(name);
        if let Some(k) = self.stage_keys.iter().position(|s| *s == key) {
            return Target::Stage(k as u8);
        }
        if let Some((_, t)) = self.map.iter().find(|(m, _)| *m == key) {
            return *t;
        }
        match outcome_word(&loose_key(name)) {
            Some(Outcome::Won) => return Target::Won,
            Some(Outcome::Lost) => return Target::Lost,
            _ => {}
        }
        if let Some(&u) = self.unmatched_keys.get(&key) {
            return Target::Unmatched(u);
        }
        let u = self.unmatched.len() as u32;
        self.unmatched.push(UnmatchedStage {
            name: name.to_string(),
            rows: 0,
            first_line: line,
        });
        self.unmatched_keys.insert(key, u);
        Target::Unmatched(u)
    }

    fn stage_of(&mut self, raw: &[u8], line: u64) -> Target {
        let (id, new) = self.stage_names.intern(raw);
        if new {
            let name = self.decode(raw, line);
            let t = self.resolve_name(&name, line);
            self.stage_targets.push(t);
        }
        self.stage_targets[id as usize]
    }

    /// Parses one date field and keeps the evidence of the day/month order.
    /// Returns `Err(Some(..))` to stop the import, `Err(None)` when the row
    /// is skipped as not-a-date.
    fn date(
        &mut self,
        raw: &[u8],
        col: usize,
        line: u64,
        ambiguous: &mut bool,
    ) -> Result<Parsed, Option<ImportError>> {
        let p = date::parse(raw, self.asked_order);
        let seen = |s: &Self| DateSeen {
            line,
            column: s.headers[col].clone(),
            value: text::decode(raw, s.enc).0.into_owned(),
        };
        match p {
            Parsed::Bad => {
                let value = text::decode(raw, self.enc).0.into_owned();
                let column = self.headers[col].clone();
                self.skipped[SkipReason::UnparseableDate as usize]
                    .add_with(line, 1, || bad_date(line, &column, &value));
                return Err(None);
            }
            Parsed::DayFirstProof(_) if self.day_first.is_none() => {
                self.day_first = Some(seen(self));
            }
            Parsed::MonthFirstProof(_) if self.month_first.is_none() => {
                self.month_first = Some(seen(self));
            }
            Parsed::Ambiguous { .. } => {
                if self.ambiguous.is_none() {
                    self.ambiguous = Some(seen(self));
                }
                if self.order == DateOrder::Auto {
                    *ambiguous = true;
                }
            }
            _ => {}
        }
        if let (Some(d), Some(m)) = (&self.day_first, &self.month_first) {
            return Err(Some(ImportError::DateOrderConflict {
                day_first_line: d.line,
                day_first_column: d.column.clone(),
                day_first_value: d.value.clone(),
                month_first_line: m.line,
                month_first_column: m.column.clone(),
                month_first_value: m.value.clone(),
            }));
        }
        if self.order == DateOrder::Auto {
            if self.day_first.is_some() {
                self.order = DateOrder::DayFirst;
            } else if self.month_first.is_some() {
                self.order = DateOrder::MonthFirst;
            }
        }
        Ok(p)
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

    /// Fills `row`; `Ok(None)` when the row is skipped, `Ok(Some(true))`
    /// when it must wait for the day/month order.
    fn parse_row(
        &mut self,
        rec: &ByteRecord,
        line: u64,
        row: &mut Row,
    ) -> Result<Option<bool>, ImportError> {
        row.line = line;
        let mut ambiguous = false;
        macro_rules! date_or_skip {
            ($col:expr) => {
                match $col {
                    None => Parsed::Empty,
                    Some(c) => match self.date(field(rec, Some(c)), c, line, &mut ambiguous) {
                        Ok(p) => p,
                        Err(Some(e)) => return Err(e),
                        Err(None) => return Ok(None),
                    },
                }
            };
        }

        // Stage (shapes 1 and 3 need one; shape 2's is the current stage).
        let raw = field(rec, self.l.stage);
        row.stage = if raw.is_empty() {
            None
        } else {
            Some(self.stage_of(raw, line))
        };
        match row.stage {
            Some(Target::Unmatched(u)) => {
                self.unmatched[u as usize].rows += 1;
                return Ok(None);
            }
            Some(Target::Skip) => {
                self.skip(SkipReason::MappedToSkip, line, 1);
                return Ok(None);
            }
            _ => {}
        }
        for (j, (col, _)) in self.l.entered.iter().enumerate() {
            if let Target::Unmatched(u) = self.entered_targets[j]
                && !field(rec, Some(*col)).is_empty()
            {
                let u = &mut self.unmatched[u as usize];
                u.rows += 1;
                if u.first_line == 1 {
                    u.first_line = line;
                }
            }
        }
        if self
            .entered_targets
            .iter()
            .any(|t| matches!(t, Target::Unmatched(_)))
        {
            return Ok(None);
        }

        let raw = field(rec, self.l.outcome);
        row.outcome = if self.l.outcome.is_none() {
            None
        } else {
            let (id, new) = self.outcomes.intern(raw);
            if new {
                let word = self.decode(raw, line);
                self.outcome_values.push(outcome_word(&loose_key(&word)));
            }
            match self.outcome_values[id as usize] {
                Some(o) => Some(o),
                None => {
                    let value = text::decode(raw, self.enc).0.into_owned();
                    let column = self
                        .l
                        .outcome
                        .map(|c| self.headers[c].clone())
                        .unwrap_or_default();
                    self.skipped[SkipReason::UnknownOutcome as usize].add_with(line, 1, || {
                        format!("line {line}, column \"{column}\": \"{value}\" is not an outcome; write open, won or lost")
                    });
                    return Ok(None);
                }
            }
        };

        if row.stage.is_none()
            && self.shape != Shape::DateEntered
            && row.outcome != Some(Outcome::Won)
        {
            self.skip(SkipReason::NoStage, line, 1);
            return Ok(None);
        }

        row.created = date_or_skip!(self.l.created);
        row.closed = date_or_skip!(self.l.closed);
        row.date = date_or_skip!(self.l.date);
        for j in 0..self.l.entered.len() {
            if self.entered_targets[j] == Target::Skip {
                row.entered[j] = Parsed::Empty;
                continue;
            }
            let col = self.l.entered[j].0;
            row.entered[j] = date_or_skip!(Some(col));
        }
        if self.shape == Shape::History && row.date == Parsed::Empty {
            self.skip(SkipReason::NoDate, line, 1);
            return Ok(None);
        }

        row.amount = f64::NAN;
        if self.l.amount.is_some() {
            match parse_amount(field(rec, self.l.amount)) {
                Ok(Some(a)) => row.amount = a,
                Ok(None) => {}
                Err(()) => {
                    let value = text::decode(field(rec, self.l.amount), self.enc)
                        .0
                        .into_owned();
                    let column = self
                        .l
                        .amount
                        .map(|c| self.headers[c].clone())
                        .unwrap_or_default();
                    self.bad_amounts.add_with(line, 1, || {
                        format!("line {line}, column \"{column}\": \"{value}\" is not an amount; write a number such as 12500 or 12,500.00")
                    });
                }
            }
        }

        let raw = field(rec, self.l.reason);
        row.reason = if raw.is_empty() {
            NO_REASON_ID
        } else {
            let (id, new) = self.reasons.intern(raw);
            if new {
                let name = self.decode(raw, line);
                self.reason_names.push(name);
            }
            id + 1
        };

        self.seg_buf.clear();
        for s in 0..self.l.segments.len() {
            let raw = field(rec, Some(self.l.segments[s]));
            let (id, new) = self.seg_values[s].intern(raw);
            if new {
                let label = if raw.is_empty() {
                    BLANK_SEGMENT.to_string()
                } else {
                    self.decode(raw, line)
                };
                self.seg_labels[s].push(label);
            }
            self.seg_buf.push(id);
        }
        row.seg = match self.seg_keys.get(self.seg_buf.as_slice()) {
            Some(&s) => s,
            None => {
                let s = self.seg_list.len() as u32;
                let key: Box<[u32]> = self.seg_buf.as_slice().into();
                self.seg_keys.insert(key.clone(), s);
                self.seg_list.push(key);
                self.aggs.push(Agg::new(self.n));
                s
            }
        };

        // Record ids last: a row skipped above never claims its id.
        let raw = field(rec, self.l.id);
        if self.shape == Shape::History {
            if raw.is_empty() {
                self.skip(SkipReason::NoRecordId, line, 1);
                return Ok(None);
            }
            row.rec = self.ids.intern(raw).0;
        } else if !raw.is_empty() && !self.ids.intern(raw).1 {
            self.skip(SkipReason::DuplicateId, line, 1);
            return Ok(None);
        }
        Ok(Some(ambiguous))
    }

    fn apply(&mut self, row: &Row) {
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
                let v = View {
                    line: row.line,
                    rows: 1,
                    seg: row.seg,
                    furthest,
                    outcome,
                    reason: row.reason,
                    amount: row.amount,
                    created: row.created.resolve(order).unwrap_or(NONE),
                    evidence: 0,
                    won_date: row.closed.resolve(order).unwrap_or(NONE),
                };
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
                            if dates[k] == NONE || d < dates[k] {
                                dates[k] = d;
                            }
                            evidence |= 1 << k;
                        }
                        Target::Won => won = if won == NONE { d } else { won.min(d) },
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
                let furthest = if outcome == Outcome::Won || evidence >> (n - 1) & 1 == 1 {
                    n - 1
                } else if evidence == 0 {
                    let why = if outcome == Outcome::Lost {
                        SkipReason::LostWithoutStage
                    } else {
                        SkipReason::NoStage
                    };
                    self.skip(why, row.line, 1);
                    return;
                } else {
                    63 - evidence.leading_zeros() as usize
                };
                let outcome = if furthest == n - 1 {
                    Outcome::Won
                } else {
                    outcome
                };
                let created = row
                    .created
                    .resolve(order)
                    .or_else(|| dates[..n].iter().copied().filter(|&d| d != NONE).min())
                    .unwrap_or(NONE);
                let v = View {
                    line: row.line,
                    rows: 1,
                    seg: row.seg,
                    furthest,
                    outcome,
                    reason: row.reason,
                    amount: row.amount,
                    created,
                    evidence,
                    won_date: if won != NONE {
                        won
                    } else {
                        row.closed.resolve(order).unwrap_or(NONE)
                    },
                };
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
                        if *slot == NONE || d < *slot {
                            *slot = d;
                        }
                        h.evidence |= 1 << k;
                    }
                    Some(Target::Won) => h.won = if h.won == NONE { d } else { h.won.min(d) },
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
                    later = if later == NONE {
                        dates[k]
                    } else {
                        later.min(dates[k])
                    };
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

    fn finish(mut self, shape_reason: String) -> Result<Import, ImportError> {
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
        let n = self.n;
        if self.shape == Shape::History {
            let hists = std::mem::take(&mut self.hists);
            let all_dates = std::mem::take(&mut self.hist_dates);
            for (r, h) in hists.iter().enumerate() {
                let mut dates = [NONE; MAX_STAGES];
                dates[..n].copy_from_slice(&all_dates[r * n..(r + 1) * n]);
                let mut outcome = match h.latest_kind {
                    Target::Lost => Outcome::Lost,
                    Target::Won => Outcome::Won,
                    _ => Outcome::Open,
                };
                if h.evidence >> (n - 1) & 1 == 1 {
                    outcome = Outcome::Won;
                }
                let furthest = if outcome == Outcome::Won {
                    n - 1
                } else if h.evidence == 0 {
                    let why = if outcome == Outcome::Lost {
                        SkipReason::LostWithoutStage
                    } else {
                        SkipReason::NoStage
                    };
                    self.skip(why, h.first_line, u64::from(h.rows));
                    continue;
                } else {
                    63 - h.evidence.leading_zeros() as usize
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

/// An amount as CRMs and spreadsheets write it: "12500", "12,500.00",
/// "12.500,00", "€ 1 200", "$3,000". `Ok(None)` when empty. Of a lone
/// separator, a comma followed by exactly three digits groups thousands;
/// otherwise it is the decimal point.
fn parse_amount(raw: &[u8]) -> Result<Option<f64>, ()> {
    if raw.is_empty() {
        return Ok(None);
    }
    let mut kept = [0u8; 48];
    let mut len = 0;
    let mut negative = false;
    for &b in raw {
        match b {
            b'0'..=b'9' | b',' | b'.' => {
                if len == kept.len() {
                    return Err(());
                }
                kept[len] = b;
                len += 1;
            }
            b'-' if len == 0 => negative = true,
            b' ' | b'\'' | b'$' | b'+' | b'\t' => {}
            b if b.is_ascii_alphabetic() || b >= 0x80 => {}
            _ => return Err(()),
        }
    }
    let kept = &kept[..len];
    if negative || !kept.iter().any(u8::is_ascii_digit) {
        return Err(());
    }
    let last_comma = kept.iter().rposition(|&b| b == b',');
    let last_dot = kept.iter().rposition(|&b| b == b'.');
    let commas = kept.iter().filter(|&&b| b == b',').count();
    let dots = kept.iter().filter(|&&b| b == b'.').count();
    let decimal = match (last_comma, last_dot) {
        (Some(c), Some(d)) => Some(if c > d { b',' } else { b'.' }),
        (Some(c), None) => (commas == 1 && kept.len() - c - 1 != 3).then_some(b','),
        (None, Some(_)) => (dots == 1).then_some(b'.'),
        (None, None) => None,
    };
    let mut s = String::with_capacity(len);
    for &b in kept {
        if b.is_ascii_digit() {
            s.push(char::from(b));
        } else if Some(b) == decimal {
            s.push('.');
        }
    }
    if Some(b',') == decimal && dots > 0 && commas > 1 {
        return Err(());
    }
    s.parse::<f64>().map(Some).map_err(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts() {
        let ok = |s: &str| parse_amount(s.as_bytes()).unwrap().unwrap();
        assert_eq!(ok("12500"), 12500.0);
        assert_eq!(ok("12,500.50"), 12500.5);
        assert_eq!(ok("12.500,50"), 12500.5);
        assert_eq!(ok("€ 1 200"), 1200.0);
        assert_eq!(ok("$3,000"), 3000.0);
        assert_eq!(ok("1,5"), 1.5);
        assert_eq!(ok("1.234.567"), 1_234_567.0);
        assert_eq!(ok("2500 EUR"), 2500.0);
        assert_eq!(parse_amount(b""), Ok(None));
        assert!(parse_amount(b"n/a").is_err());
        assert!(parse_amount(b"-5").is_err());
    }

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
