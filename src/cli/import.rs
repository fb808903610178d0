//! `import FILE.csv --into SESSION`: a CRM export into the session's
//! funnel. The preview (rows read, used, skipped with their first lines;
//! the figures before and after) always comes first; `--dry-run` stops
//! there, otherwise the session is saved atomically. Nothing is written
//! when anything is wrong, and every refusal names what to do.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use chrono::NaiveDate;

use super::safe::escape;
use super::{CliError, Report};
use crate::format;
use crate::import::{self, Applied, Columns, DateOrder, ImportError, Mode, Options, Preview};
use crate::store::{self, lock};

/// What the command line asked for.
#[derive(Debug, Clone, Default)]
pub struct ImportArgs {
    pub segments: Vec<String>,
    pub map: Vec<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub cohort: bool,
    pub flow: bool,
    pub day_first: bool,
    pub month_first: bool,
    pub columns: Vec<String>,
    pub dry_run: bool,
}

fn lookup(message: String) -> CliError {
    CliError::Lookup(message)
}

fn date(flag: &str, text: &str) -> Result<NaiveDate, CliError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        lookup(format!(
            "{flag} {} is not a date; write it as YYYY-MM-DD, e.g. 2026-10-01",
            escape(text)
        ))
    })
}

/// `--map "CRM stage=Session stage"`.
fn map_entry(text: &str) -> Result<(String, String), CliError> {
    match text.split_once('=') {
        Some((crm, stage)) if !crm.trim().is_empty() && !stage.trim().is_empty() => {
            Ok((crm.trim().to_string(), stage.trim().to_string()))
        }
        _ => Err(lookup(format!(
            "--map \"{}\" is not CRM stage=session stage; write e.g. --map \"Engaging=SQL\" (or \"Junk=-\" to leave those rows out)",
            escape(text)
        ))),
    }
}

/// `--column role=Header`.
fn column(cols: &mut Columns, text: &str) -> Result<(), CliError> {
    let bad = || {
        lookup(format!(
            "--column \"{}\" is not role=header; roles are id, stage, outcome, reason, amount, created, closed and date, e.g. --column \"reason=Why we lost\"",
            escape(text)
        ))
    };
    let (role, header) = text.split_once('=').ok_or_else(bad)?;
    let header = Some(header.trim().to_string()).filter(|h| !h.is_empty());
    let slot = match role.trim().to_lowercase().as_str() {
        "id" => &mut cols.id,
        "stage" => &mut cols.stage,
        "outcome" | "status" => &mut cols.outcome,
        "reason" => &mut cols.reason,
        "amount" => &mut cols.amount,
        "created" => &mut cols.created,
        "closed" => &mut cols.closed,
        "date" => &mut cols.date,
        _ => return Err(bad()),
    };
    *slot = Some(header.ok_or_else(bad)?);
    Ok(())
}

/// Lines of plain words, each escaped for the terminal (a line holds file
/// text: stage names, reasons, examples).
fn escaped(lines: Vec<String>) -> String {
    lines.iter().map(|l| format!("{}\n", escape(l))).collect()
}

/// The preview as text: what was read and how, and every row left out.
pub fn preview_text(p: &Preview) -> String {
    escaped(import::preview_lines(p))
}

fn changes_text(a: &Applied) -> String {
    escaped(import::changes_lines(a))
}

/// An import refusal in words, with the flag that answers it.
fn refusal(e: ImportError) -> CliError {
    match e {
        ImportError::Unmatched(list) => {
            let mut msg = String::from(
                "the export has stages the session does not have; map each with --map \"CRM stage=session stage\" (or \"=-\" to leave its rows out). Nothing was changed:",
            );
            for u in &list {
                msg.push_str(&format!(
                    "\n  \"{}\": {} row(s), first on line {}",
                    escape(&u.name),
                    format::count(u.rows as f64),
                    u.first_line
                ));
            }
            lookup(msg)
        }
        ImportError::NeedsDateOrder {
            line,
            column,
            value,
        } => lookup(format!(
            "line {line}, column \"{}\": \"{}\" can be read day first or month first, and no date in the file tells which; add --day-first or --month-first. Nothing was changed",
            escape(&column),
            escape(&value)
        )),
        other => lookup(format!("{other}. Nothing was changed")),
    }
}

/// `import CSV --into SESSION …`.
pub fn import(csv: &Path, session_path: &Path, args: &ImportArgs) -> Result<Report, CliError> {
    let s = store::load(session_path)?;
    let mut opts: Options = import::options_for(&s);
    for m in &args.map {
        let (crm, stage) = map_entry(m)?;
        opts.map.retain(|(c, _)| *c != crm);
        opts.map.push((crm, stage));
    }
    if !args.segments.is_empty() {
        opts.segments = args.segments.clone();
    }
    if let Some(f) = &args.from {
        opts.from = Some(date("--from", f)?);
    }
    if let Some(t) = &args.to {
        opts.to = Some(date("--to", t)?);
    }
    if args.cohort {
        opts.mode = Mode::Cohort;
    } else if args.flow {
        opts.mode = Mode::Flow;
    }
    opts.dates = match (args.day_first, args.month_first) {
        (true, _) => DateOrder::DayFirst,
        (_, true) => DateOrder::MonthFirst,
        _ => DateOrder::Auto,
    };
    for c in &args.columns {
        column(&mut opts.columns, c)?;
    }
    let file =
        File::open(csv).map_err(|e| lookup(format!("cannot read {}: {e}", csv.display())))?;
    let imp = import::import(BufReader::with_capacity(1 << 16, file), &opts).map_err(refusal)?;
    let name = csv
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let period = match (opts.from, opts.to) {
        (Some(f), Some(t)) => format!("{f} to {t}"),
        (Some(f), None) => format!("from {f}"),
        (None, Some(t)) => format!("up to {t}"),
        (None, None) => "all dates".to_string(),
    };
    let mut out = format!(
        "Importing {} into {} for {period}\n",
        escape(&name),
        session_path.display()
    );
    out.push_str(&preview_text(&imp.preview));
    let applied = import::apply(&s, &imp, &opts, &name)
        .map_err(|e| lookup(format!("{e}. Nothing was changed")))?;
    out.push_str(&changes_text(&applied));
    if !applied.session.segments.is_empty() {
        out.push_str(&format!(
            "Segments ({}): {}\n",
            opts.segments
                .iter()
                .map(|c| escape(c).into_owned())
                .collect::<Vec<_>>()
                .join(" · "),
            applied
                .session
                .segments
                .iter()
                .map(|g| escape(&g.name).into_owned())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if args.dry_run {
        out.push_str("Dry run: nothing was written.\n");
        return Ok(Report { text: out, code: 0 });
    }
    // The app saves what it shows: writing under it would be lost or
    // refused there. Take the lock for the length of the save.
    let _lock = match lock::acquire(session_path)? {
        lock::Acquired::Fresh(l) | lock::Acquired::TookOver { lock: l, .. } => l,
        lock::Acquired::HeldBy(info) => {
            return Err(lookup(format!(
                "{} is open in the app ({info}); import from its Funnel screen, or close it first. Nothing was changed",
                session_path.display()
            )));
        }
    };
    store::save(session_path, &applied.session)?;
    out.push_str(&format!("Saved {}.\n", session_path.display()));
    Ok(Report { text: out, code: 0 })
}
