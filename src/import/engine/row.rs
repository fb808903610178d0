//! Reading one row: the bytes of a CSV record become a [`Row`] of small
//! ids and raw dates (stage, outcome, reason, amount, segment, record id),
//! or a reason to skip it. New strings are decoded once, when first seen;
//! the day/month order is learnt from the dates as they come.

use csv::ByteRecord;

use super::amount::parse_amount;
use super::record::Agg;
use super::{Engine, NO_REASON_ID, Outcome, Row, Target};
use crate::import::date::{self, DateOrder, Parsed};
use crate::import::error::{ImportError, UnmatchedStage, bad_date};
use crate::import::text::{self, loose_key, stage_key};
use crate::import::{BLANK_SEGMENT, Shape, SkipReason};

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

pub(super) struct DateSeen {
    pub(super) line: u64,
    pub(super) column: String,
    pub(super) value: String,
}

fn field(rec: &ByteRecord, i: Option<usize>) -> &[u8] {
    i.and_then(|i| rec.get(i)).unwrap_or(b"").trim_ascii()
}

impl Engine {
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
    pub(super) fn resolve_name(&mut self, name: &str, line: u64) -> Target {
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

    /// Fills `row`; `Ok(None)` when the row is skipped, `Ok(Some(true))`
    /// when it must wait for the day/month order.
    pub(super) fn parse_row(
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
}
