//! Everything that stops an import, each with a sentence for a person: where
//! in the file, what is wrong, how to fix it.

use super::Shape;

/// A CRM stage name that matches no stage of the session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnmatchedStage {
    pub name: String,
    /// Rows that carry it (shape 2: rows with a date in its column).
    pub rows: u64,
    /// The first physical line it occurs on (1 is the header).
    pub first_line: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("could not read the file: {0}")]
    Io(#[from] std::io::Error),

    #[error(
        "line {line}: the file is not readable as CSV ({message}); save it again from the CRM or Excel as CSV"
    )]
    Csv { line: u64, message: String },

    #[error("the file is empty: it needs a header line naming its columns and one row per record")]
    Empty,

    #[error("the session needs at least two stages to import a funnel into; it has {0}")]
    TooFewStages(usize),

    #[error("the session has {0} stages; an import handles at most 64")]
    TooManyStages(usize),

    #[error("the period starts on {from} but ends on {to}, before it starts; swap the two dates")]
    PeriodBackwards { from: String, to: String },

    #[error("no column named \"{name}\" for {role}; the header has: {available}")]
    UnknownColumn {
        name: String,
        role: String,
        available: String,
    },

    #[error(
        "this does not look like a CRM export: {why}. The header has: {available}. Name the columns with the import's column options"
    )]
    UnknownShape { why: String, available: String },

    #[error("the file is read as {shape} but {missing}; the header has: {available}")]
    ShapeColumnsMissing {
        shape: Shape,
        missing: String,
        available: String,
    },

    #[error(
        "--map \"{crm}={target}\": the session has no stage \"{target}\"; its stages are {stages}, or use \"-\" to leave those rows out"
    )]
    MapTarget {
        crm: String,
        target: String,
        stages: String,
    },

    #[error("a period needs dates, and {why}; drop --from/--to or name the date column")]
    NoDateColumn { why: String },

    #[error("{}", unmatched_message(.0))]
    Unmatched(Vec<UnmatchedStage>),

    #[error(
        "line {line}, column \"{column}\": \"{value}\" could be day/month or month/day, and no date in the file settles it; say which order the file uses (day first or month first)"
    )]
    NeedsDateOrder {
        line: u64,
        column: String,
        value: String,
    },

    #[error(
        "the dates contradict each other: line {day_first_line}, column \"{day_first_column}\" has \"{day_first_value}\", which is only a date day-first, but line {month_first_line}, column \"{month_first_column}\" has \"{month_first_value}\", which is only a date month-first; correct one of them or say which order the file uses"
    )]
    DateOrderConflict {
        day_first_line: u64,
        day_first_column: String,
        day_first_value: String,
        month_first_line: u64,
        month_first_column: String,
        month_first_value: String,
    },
}

fn unmatched_message(list: &[UnmatchedStage]) -> String {
    let names: Vec<String> = list
        .iter()
        .map(|u| {
            format!(
                "\"{}\" ({} row{}, first on line {})",
                u.name,
                u.rows,
                if u.rows == 1 { "" } else { "s" },
                u.first_line
            )
        })
        .collect();
    format!(
        "{} CRM stage{} match{} no stage of the session: {}. Map each one, e.g. --map \"{}=<session stage>\", or --map \"{}=-\" to leave its rows out",
        list.len(),
        if list.len() == 1 { "" } else { "s" },
        if list.len() == 1 { "es" } else { "" },
        names.join(", "),
        list.first().map_or("", |u| u.name.as_str()),
        list.first().map_or("", |u| u.name.as_str()),
    )
}

/// Why one row was left out or read with a caveat: the sentence for the
/// first example of each reason in the preview.
pub fn bad_date(line: u64, column: &str, value: &str) -> String {
    format!(
        "line {line}, column \"{column}\": \"{value}\" is not a date; write it as yyyy-mm-dd (e.g. 2026-02-28) or dd/mm/yyyy"
    )
}
