//! The preview of an import as lines of plain words, shared by the CLI and
//! the app's import dialog so both say the same thing. The lines hold file
//! text (stage names, reasons, examples) as it came: each edge escapes it
//! for where it goes (`cli::safe::escape` for a terminal).

use super::{Applied, Preview, Tally};
use crate::format;

/// "3 (first on line 4, 9)" and the first example, if any.
fn lines_of(t: &Tally) -> String {
    let shown: Vec<String> = t.first_lines.iter().map(u64::to_string).collect();
    let mut out = format!(
        "{} (first on line {})",
        format::count(t.count as f64),
        shown.join(", ")
    );
    if let Some(example) = &t.example {
        out.push_str(&format!(": {example}"));
    }
    out
}

/// What was read and how, and every row left out with its first lines.
/// Details start with two spaces.
pub fn preview_lines(p: &Preview) -> Vec<String> {
    let mut out = vec![
        format!(
            "Read {} row(s): {} used, {} left out.",
            format::count(p.rows_read as f64),
            format::count(p.rows_used as f64),
            format::count(p.skipped_total() as f64)
        ),
        format!(
            "File: {:?} text, {} separated; read as {} ({}); counted as {}.",
            p.encoding,
            p.delimiter_name(),
            p.shape,
            p.shape_reason,
            p.mode
        ),
    ];
    for (reason, t) in &p.skipped {
        out.push(format!("  left out, {reason}: {}", lines_of(t)));
    }
    for (what, t) in [
        (
            "history rows out of date order (sorted, then used)",
            &p.out_of_order,
        ),
        (
            "stages reached without their predecessors (counted as passed)",
            &p.skipped_predecessors,
        ),
        (
            "amounts that are not numbers (row used, amount not)",
            &p.bad_amounts,
        ),
        (
            "a next stage dated before the one before (those days not used)",
            &p.negative_days,
        ),
        (
            "fields that are not UTF-8 (read as Windows-1252)",
            &p.not_utf8,
        ),
    ] {
        if t.count > 0 {
            out.push(format!("  {what}: {}", lines_of(t)));
        }
    }
    for note in &p.notes {
        out.push(format!("  note: {note}"));
    }
    out
}

/// The figures before and after, and the reason codes the import adds.
/// Details start with two spaces.
pub fn changes_lines(a: &Applied) -> Vec<String> {
    let mut out = Vec::new();
    if a.changes.is_empty() {
        out.push("The session already has these figures: nothing changes.".to_string());
    } else {
        out.push("Before → after:".to_string());
        for c in &a.changes {
            out.push(format!("  {}: {} → {}", c.what, c.before, c.after));
        }
    }
    if !a.new_reasons.is_empty() {
        out.push(format!(
            "New reason codes (no match among the session's or the default codes): {}",
            a.new_reasons.join(", ")
        ));
    }
    if !a.days.is_empty() {
        out.push("Days in a stage before the next (the funnel uses the mean):".to_string());
        for (step, d) in &a.days {
            out.push(format!(
                "  {step}: mean {}, median {} ({} records)",
                format::decimal(d.mean, 1),
                format::decimal(d.median, 1),
                format::count(d.records as f64)
            ));
        }
    }
    out
}
