//! CRM exports → funnel figures: counts per stage, days per stage, deal
//! size and loss reasons per step, for the whole funnel and per segment.
//!
//! Pure and streaming: [`import`] reads any [`std::io::Read`] once, row by
//! row (`csv::ByteRecord`), keeps repeated strings as small ids and never
//! holds the rows; the reading knows nothing of the session or the
//! terminal. The caller passes the session's stage names in [`Options`]
//! ([`options_for`] starts from the session's saved mapping) and [`apply`]
//! turns the [`Import`] into session figures with a before/after list.
//!
//! # The API
//! - [`import`]`(reader, &`[`Options`]`) -> Result<`[`Import`]`, `[`ImportError`]`>`
//! - [`Options`]: `stages` (session stage names, top to bottom), `map`
//!   (CRM stage → session stage, target `"-"` drops those rows), `segments`
//!   (column names), `from`/`to` (inclusive period), [`Mode`] (flow or
//!   cohort), [`Columns`] (header overrides), [`DateOrder`], `shape`
//!   (force a [`Shape`]).
//! - [`Import`]: the [`Preview`] (rows read/used/skipped with first line
//!   numbers, encoding, delimiter, shape and why, date order, notes), the
//!   whole funnel's [`Figures`] and each segment's [`SegmentFigures`].
//! - [`ImportError`]: every refusal, with a sentence for a person;
//!   [`ImportError::Unmatched`] lists CRM stages to map,
//!   [`ImportError::NeedsDateOrder`] asks for the day/month order.
//! - [`match_reason`]`(raw, codes) -> `[`ReasonMatch`]: a raw loss reason
//!   against the session's reason codes (exact, normalised, new).
//!
//! # The three shapes (detected from the header; [`Preview::shape_reason`])
//! 1. [`Shape::PerRecord`]: one row per lead or deal with its furthest or
//!    current stage and an outcome (a "Status"/"Outcome" column, or stage
//!    names such as "Closed Won"/"Closed Lost"). No per-stage dates: flow
//!    places every stage a record reached on its created date, and days per
//!    stage are not computed. A lost record whose only stage is "Closed
//!    Lost" cannot be placed at a step and is skipped (reported).
//! 2. [`Shape::DateEntered`]: one row per deal with a "Date entered <stage>"
//!    column per stage; reaching a stage = a date in its column or in any
//!    later stage's column.
//! 3. [`Shape::History`]: one row per stage change (record id, stage, date);
//!    each record's rows are taken in date order whatever the file order.
//!
//! # What is computed
//! - Counts: flow = records that reached the stage inside the period, on
//!   the date they reached it (a stage passed without a date of its own
//!   takes the earliest date of a later stage); cohort = records created in
//!   the period (created column, else their earliest date), at every stage
//!   up to the furthest they got. Without a period every record counts.
//! - Days for step k: from entering stage k to entering k+1, over records
//!   counted at stage k+1 that have both dates of their own; mean and median.
//! - Deal size: mean amount of the won records counted at the last stage.
//! - Losses: a lost record counted at its last stage reached falls out at
//!   the step leaving it; per raw reason, empty reasons as [`NO_REASON`].
//!   Won = reached the last session stage; open records are not losses.

mod apply;
mod date;
mod engine;
mod error;
mod header;
mod intern;
mod report;
mod text;

pub use apply::{Applied, ApplyError, Change, apply, default_period, options_for};
pub use date::DateOrder;
pub use engine::import;
pub use error::{ImportError, UnmatchedStage};
pub use report::{changes_lines, preview_lines};
pub use text::{Encoding, ReasonMatch, match_reason, normalise_reason};

use chrono::NaiveDate;

/// The label of lost records that carry no reason: they are counted, never
/// dropped or spread over the other reasons.
pub const NO_REASON: &str = "no reason given";

/// The label of an empty segment value.
pub const BLANK_SEGMENT: &str = "(blank)";

/// A `map` target that leaves the CRM stage's rows out (reported as skipped).
pub const SKIP_TARGET: &str = "-";

/// How a period is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Records that reached each stage inside the period.
    #[default]
    Flow,
    /// Records created in the period, and how far they got.
    Cohort,
}

impl std::fmt::Display for Mode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Mode::Flow => "flow (records that reached each stage in the period)",
            Mode::Cohort => "cohort (records created in the period, and how far they got)",
        })
    }
}

/// The layout of the export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Shape 1: one row per lead or deal, with its stage and outcome.
    PerRecord,
    /// Shape 2: one row per deal with a "Date entered <stage>" column each.
    DateEntered,
    /// Shape 3: stage history, one row per change.
    History,
}

impl std::fmt::Display for Shape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Shape::PerRecord => "one row per record with its stage and outcome",
            Shape::DateEntered => "one row per deal with a date-entered column per stage",
            Shape::History => "a stage history, one row per change",
        })
    }
}

/// Header names to use instead of the recognised ones (matched ignoring
/// case, spaces and punctuation).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    pub id: Option<String>,
    pub stage: Option<String>,
    pub outcome: Option<String>,
    pub reason: Option<String>,
    pub amount: Option<String>,
    pub created: Option<String>,
    pub closed: Option<String>,
    /// The change date of a stage history (shape 3).
    pub date: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The session's stage names, top to bottom (at least two).
    pub stages: Vec<String>,
    /// CRM stage name → session stage name (or [`SKIP_TARGET`]).
    pub map: Vec<(String, String)>,
    /// Columns whose values split the funnel into segments.
    pub segments: Vec<String>,
    /// First day of the period (inclusive); `None` = no lower bound.
    pub from: Option<NaiveDate>,
    /// Last day of the period (inclusive); `None` = no upper bound.
    pub to: Option<NaiveDate>,
    pub mode: Mode,
    pub columns: Columns,
    pub dates: DateOrder,
    /// Read the file as this shape instead of the detected one.
    pub shape: Option<Shape>,
}

/// How often something happened, with the first (up to 5) physical line
/// numbers (1-based; the header is line 1) and the first example's message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub count: u64,
    pub first_lines: Vec<u64>,
    pub example: Option<String>,
}

impl Tally {
    pub(crate) fn add(&mut self, line: u64, n: u64) {
        self.count += n;
        if self.first_lines.len() < 5 {
            self.first_lines.push(line);
        }
    }

    pub(crate) fn add_with(&mut self, line: u64, n: u64, example: impl FnOnce() -> String) {
        if self.example.is_none() {
            self.example = Some(example());
        }
        self.add(line, n);
    }
}

/// Why rows were left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SkipReason {
    /// Every field empty (Excel's trailing ",,,," rows).
    EmptyRow,
    /// A record id seen on an earlier row (shapes 1 and 2: the first is kept).
    DuplicateId,
    /// No record id (shape 3 needs one to join the changes).
    NoRecordId,
    NoStage,
    /// The stage is mapped to "-".
    MappedToSkip,
    UnparseableDate,
    /// The outcome column holds something other than open, won or lost.
    UnknownOutcome,
    /// Lost, but the file never says at which stage.
    LostWithoutStage,
    /// A period was asked for and the record has no date to place it.
    NoDate,
    OutsidePeriod,
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SkipReason::EmptyRow => "empty row",
            SkipReason::DuplicateId => {
                "record id already seen on an earlier row (the first is kept)"
            }
            SkipReason::NoRecordId => "no record id",
            SkipReason::NoStage => "no stage",
            SkipReason::MappedToSkip => "stage mapped to skip",
            SkipReason::UnparseableDate => "a date that is not a date",
            SkipReason::UnknownOutcome => "outcome is not open, won or lost",
            SkipReason::LostWithoutStage => "lost, but the file does not say at which stage",
            SkipReason::NoDate => "no date to place it in the period",
            SkipReason::OutsidePeriod => "outside the period",
        })
    }
}

/// What was read, what was used, and everything worth a second look.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    pub encoding: Encoding,
    /// ',', ';' or '\t'.
    pub delimiter: char,
    pub shape: Shape,
    /// The header columns that decided the shape.
    pub shape_reason: String,
    pub mode: Mode,
    /// The day/month order used; `Auto` when no date needed one.
    pub date_order: DateOrder,
    /// (role, header) of every column used.
    pub columns: Vec<(String, String)>,
    /// Data rows read (the header and blank lines not included).
    pub rows_read: u64,
    /// Rows that went into the figures. `rows_read = rows_used + Σ skipped`.
    pub rows_used: u64,
    /// Rows left out, by reason (only reasons that occurred, in this order).
    pub skipped: Vec<(SkipReason, Tally)>,
    /// History rows whose date is earlier than an earlier row of the same
    /// record (sorted per record, then used).
    pub out_of_order: Tally,
    /// Records that reached a stage without a sign of its predecessors
    /// (counted as having passed them).
    pub skipped_predecessors: Tally,
    /// Amounts that are not numbers (the row is used, its amount is not).
    pub bad_amounts: Tally,
    /// Records whose next stage is dated before the previous one (that
    /// step's days are not used).
    pub negative_days: Tally,
    /// Fields that were not UTF-8 in a file that started as UTF-8 (read as
    /// Windows-1252).
    pub not_utf8: Tally,
    /// Plain sentences on how the figures were derived.
    pub notes: Vec<String>,
}

impl Preview {
    /// "comma", "semicolon" or "tab".
    pub fn delimiter_name(&self) -> &'static str {
        text::delimiter_name(self.delimiter as u8)
    }

    pub fn skipped_total(&self) -> u64 {
        self.skipped.iter().map(|(_, t)| t.count).sum()
    }

    pub fn skipped_for(&self, reason: SkipReason) -> Option<&Tally> {
        self.skipped
            .iter()
            .find(|(r, _)| *r == reason)
            .map(|(_, t)| t)
    }
}

/// Days spent in a stage before reaching the next one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Days {
    pub mean: f64,
    pub median: f64,
    /// Records measured.
    pub records: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LossCount {
    /// The reason as the CRM wrote it, or [`NO_REASON`].
    pub reason: String,
    pub count: u64,
}

/// The figures of one funnel (the whole, or a segment).
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// Per session stage, top to bottom.
    pub counts: Vec<u64>,
    /// Per step k (stage k → k+1); `None` where no record has both dates.
    pub days: Vec<Option<Days>>,
    /// Mean amount of the won records; `None` when none has an amount.
    pub deal_size: Option<f64>,
    /// Won records with an amount (what `deal_size` averages).
    pub won_with_amount: u64,
    /// Per step k: lost records that fell out leaving stage k, by reason,
    /// most frequent first.
    pub losses: Vec<Vec<LossCount>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SegmentFigures {
    /// One value per segment column, in the order of `Options::segments`
    /// ([`BLANK_SEGMENT`] for an empty cell).
    pub key: Vec<String>,
    pub figures: Figures,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Import {
    pub preview: Preview,
    /// The whole funnel: counts are the segments' sums.
    pub whole: Figures,
    /// Sorted by key; empty when no segment column was named.
    pub segments: Vec<SegmentFigures>,
}
