//! The command line: argument definitions (clap derive) and the headless
//! subcommands. Each subcommand returns its output as text plus an exit code;
//! `main` prints it, so the commands stay testable and `main.rs` stays thin.
//!
//! No subcommand (or a bare FILE, or `open`) means "open the app"; that path
//! is resolved in `main.rs` through a single `open_tui` call.

mod commit;
mod files;
mod history;
mod import;
mod reports;
mod review;
pub mod safe;
mod show;
mod table;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::builder::PossibleValuesParser;
use clap::{Parser, Subcommand, ValueEnum};

use crate::model::RankBy;
use crate::session::{Id, Problem};
use crate::store::StoreError;

pub use files::resolve_file;
pub use table::{Align, Table, truncate};

/// Run a joint sales & marketing Funnel Reality Check from the terminal.
///
/// Without a subcommand, opens the app (on FILE when given).
#[derive(Debug, Parser)]
#[command(name = "funnelcheck", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// Folder that holds the sessions (default: ./sessions when it exists,
    /// else the user data folder)
    #[arg(long, global = true, value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// Colour theme of the app
    #[arg(long, global = true, value_name = "THEME",
          value_parser = PossibleValuesParser::new(["projector", "dark", "light"]))]
    pub theme: Option<String>,

    /// Config file with the app's theme and keys (default: config.toml in the
    /// user config folder; `funnelcheck config --path` shows it)
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// A session file (.ron or .json) to open in the app
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,

    /// Open FILE straight into presentation mode (big text for the room; F5 or Esc leaves it)
    #[arg(long, requires = "file")]
    pub present: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the app, on FILE when given (the same as running without a subcommand)
    Open {
        /// A session file (.ron or .json)
        file: Option<PathBuf>,
        /// Open FILE straight into presentation mode (big text for the room; F5 or Esc leaves it)
        #[arg(long, requires = "file")]
        present: bool,
    },
    /// Create a session from a funnel template and print its path
    New {
        /// Title of the workshop; the file name is made from it (or give NAME.ron)
        name: String,
        /// Funnel template to start from
        #[arg(long, short, default_value = "demand-waterfall", value_parser = template_names())]
        template: String,
    },
    /// Validate a session file and list every problem (exit 1 when there are any)
    Check {
        /// A session file (.ron or .json)
        file: PathBuf,
    },
    /// Print the funnel: counts, conversion, lost and the value lost per step
    /// (of the whole funnel, or of one segment of an imported one)
    Show {
        /// A session file (.ron or .json)
        file: PathBuf,
        /// One segment of an imported funnel, by name (part of a name is enough)
        #[arg(long, value_name = "NAME")]
        segment: Option<String>,
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Import a CRM export (CSV) into a session's funnel: counts, days, deal
    /// size, loss reasons per step, and segments. Prints a preview first;
    /// nothing is written with --dry-run or when anything is wrong
    Import {
        /// The CRM export: one row per lead or deal, a date-entered column per
        /// stage, or a stage history (comma, semicolon or tab separated)
        csv: PathBuf,
        /// The session to import into
        #[arg(long, value_name = "SESSION")]
        into: PathBuf,
        /// A column that splits the funnel into segments (industry, region…); repeat for more
        #[arg(long = "segment", value_name = "COLUMN")]
        segments: Vec<String>,
        /// Map a CRM stage to a session stage: "Engaging=SQL" ("Junk=-" leaves its rows out); repeat
        #[arg(long, value_name = "CRM=STAGE")]
        map: Vec<String>,
        /// First day of the period, YYYY-MM-DD (default: one period before the workshop date)
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last day of the period, YYYY-MM-DD (default: the workshop date)
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// Count records that reached each stage inside the period (the default)
        #[arg(long, conflicts_with = "cohort")]
        flow: bool,
        /// Count records created in the period, and how far they got
        #[arg(long)]
        cohort: bool,
        /// Read dates like 03/04/2026 as 3 April
        #[arg(long, conflicts_with = "month_first")]
        day_first: bool,
        /// Read dates like 03/04/2026 as March 4
        #[arg(long)]
        month_first: bool,
        /// Name a column the header does not make clear: role=Header, roles id, stage,
        /// outcome, reason, amount, created, closed, date; repeat
        #[arg(long = "column", value_name = "ROLE=HEADER")]
        columns: Vec<String>,
        /// Print the preview and change nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Rank the ideas by their gain
    Rank {
        /// A session file (.ron or .json)
        file: PathBuf,
        /// What to rank by
        #[arg(long, value_enum, default_value_t = RankArg::Likely)]
        by: RankArg,
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Where the funnel leaks: the gain of recovering 10 % and of +1 point per step
    Sensitivity {
        /// A session file (.ron or .json)
        file: PathBuf,
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Monte Carlo run of a plan: P10, P50, P90 and mean gain of ideas together
    Plan {
        /// A session file (.ron or .json)
        file: PathBuf,
        /// Ideas by id or title (case-insensitive, part of a title is enough);
        /// default: the session's committed plan
        #[arg(value_name = "IDEA")]
        ideas: Vec<String>,
        /// Number of draws (default: the session's plan.samples)
        #[arg(long, value_name = "N", value_parser = parse_samples)]
        samples: Option<u32>,
        /// Random seed (default: the session's plan.seed)
        #[arg(long)]
        seed: Option<u64>,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// The actions the room committed to: owner, team, due date, status, KPI and SMART letters
    Actions {
        /// A session file (.ron or .json)
        file: PathBuf,
        /// Print JSON instead of a table (every SMART letter with its reason)
        #[arg(long)]
        json: bool,
    },
    /// The shared KPIs: managed or monitored, team, what they measure, baseline, target, actual
    Kpis {
        /// A session file (.ron or .json)
        file: PathBuf,
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// The reverse funnel: prospects each stage must see for a revenue target,
    /// at today's conversions and with the plan
    Target {
        /// A session file (.ron or .json)
        file: PathBuf,
        /// Revenue per period to aim for, as the app prints money
        /// (1,800,000 or EUR 1.8M); default: the session's revenue target
        #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
        revenue: Option<String>,
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Make the next session after PREV for the next check-in: same company,
    /// people, stages, causes, agreement and KPIs; this period's counts empty;
    /// last time's plan kept for review; open actions carried over
    #[command(name = "follow-up")]
    FollowUp {
        /// The session to follow up (.ron or .json)
        prev: PathBuf,
        /// Title or file name of the new session (default: "Check-in DATE");
        /// it is written next to PREV
        name: Option<String>,
        /// Date of the check-in, YYYY-MM-DD (default: today)
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
    /// The check-in of a follow-up session: actions carried over, KPIs against
    /// their targets, the funnel now against last time, and each plan idea's
    /// predicted change against the change observed, with the room's calibration
    Review {
        /// A follow-up session file (.ron or .json)
        file: PathBuf,
        /// Print JSON instead of tables
        #[arg(long)]
        json: bool,
    },
    /// The trend across check-ins: revenue, conversion and value lost per
    /// step per session, KPIs against their targets and actions kept per
    /// check-in; FILE's chain of previous sessions, or one company's sessions in DIR
    History {
        /// A session file (its previous sessions are followed) or a folder
        #[arg(value_name = "FILE|DIR")]
        path: PathBuf,
        /// The company whose sessions to take from a folder that holds several
        #[arg(long, value_name = "NAME")]
        company: Option<String>,
        /// Print JSON instead of tables
        #[arg(long)]
        json: bool,
    },
    /// Rewrite a session between RON and JSON (chosen by OUT's extension)
    Convert {
        /// The session file to read (.ron or .json)
        file: PathBuf,
        /// The file to write (.ron or .json); never the source itself
        out: PathBuf,
        /// Replace OUT when it already exists (its old contents are kept as OUT.bak)
        #[arg(long)]
        force: bool,
    },
    /// Check the config file (theme, keys); or print its path, or a default one to start from
    Config {
        /// Print the path of the config file in use
        #[arg(long, conflicts_with = "default")]
        path: bool,
        /// Print a config file that sets every default, with comments
        #[arg(long)]
        default: bool,
    },
    /// Write the workshop summary as Markdown, a self-contained HTML report,
    /// CSV (ideas, steps, actions, kpis) or JSON, or the actions as an
    /// iCalendar file (ics) of to-dos with their due dates
    Export {
        /// The session file (.ron or .json)
        file: PathBuf,
        /// Output format
        #[arg(long, short, value_name = "FORMAT",
              value_parser = PossibleValuesParser::new(["md", "html", "csv", "json", "ics"]))]
        format: String,
        /// Where to write: a file, or a folder (for csv always a folder);
        /// default: next to the session (NAME-report.md, NAME-csv/, …)
        #[arg(long, short, value_name = "PATH")]
        out: Option<PathBuf>,
        /// Replace files that already exist (never the session file itself)
        #[arg(long)]
        force: bool,
    },
}

/// `--samples`: what the app prints (`10,000`, `50k`) within the limits of
/// a session's `plan.samples`, so a run never asks for gigabytes.
fn parse_samples(text: &str) -> Result<u32, String> {
    use crate::session::limits::{SAMPLES_MAX, SAMPLES_MIN};
    let range = || {
        format!(
            "the number of draws goes from {} to {} (10,000 is plenty)",
            crate::format::count(f64::from(SAMPLES_MIN)),
            crate::format::count(f64::from(SAMPLES_MAX))
        )
    };
    match crate::number::parse_whole(text, u64::from(SAMPLES_MAX), " draws") {
        Ok(n) if n >= u64::from(SAMPLES_MIN) => u32::try_from(n).map_err(|_| range()),
        Ok(_) | Err(crate::number::NumberError::TooLarge { .. }) => Err(range()),
        Err(e) => Err(format!("{e}; {}", range())),
    }
}

fn template_names() -> PossibleValuesParser {
    PossibleValuesParser::new(
        crate::assets::templates()
            .iter()
            .map(|t| clap::builder::PossibleValue::new(t.name.as_str()).help(t.title.as_str())),
    )
}

/// `--by` values, spelled as in MODEL.md and the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RankArg {
    Likely,
    Expected,
    Annual,
    Quarter,
    Conservative,
    PerEffort,
}

impl From<RankArg> for RankBy {
    fn from(r: RankArg) -> RankBy {
        match r {
            RankArg::Likely => RankBy::Likely,
            RankArg::Expected => RankBy::Expected,
            RankArg::Annual => RankBy::Annual,
            RankArg::Quarter => RankBy::Quarter,
            RankArg::Conservative => RankBy::Conservative,
            RankArg::PerEffort => RankBy::PerEffort,
        }
    }
}

/// Why a command failed, as a sentence for a person.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Store(#[from] StoreError),

    #[error("{path} already exists; pick another name or remove the file first")]
    Exists { path: PathBuf },

    #[error(
        "{path} already exists; give another name, or add --force to replace it (its old contents are kept as {path}.bak)"
    )]
    ExistsForce { path: PathBuf },

    #[error("cannot create the sessions folder {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error(
        "{source_path} and {out} are the same file; convert writes a new file, give OUT another name"
    )]
    SameFile { source_path: PathBuf, out: PathBuf },

    #[error("{0}")]
    Lookup(String),

    #[error("cannot turn the result into JSON: {0}")]
    Json(#[from] serde_json::Error),

    #[error(transparent)]
    Export(#[from] crate::export::ExportError),
}

/// What a successful command prints, and its exit code (`check` finishing
/// with problems is a success that exits 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub text: String,
    pub code: u8,
}

impl Report {
    fn ok(text: String) -> Self {
        Self { text, code: 0 }
    }
}

/// Runs one headless subcommand. `dir` is the sessions folder (`--dir`
/// already applied); `Open` is not headless and `Config` is answered in
/// `main`: both yield an empty report.
pub fn run(command: Command, dir: &Path) -> Result<Report, CliError> {
    match command {
        Command::Open { .. } => Ok(Report::ok(String::new())),
        // Needs the TUI's key tables, so `main` answers it.
        Command::Config { .. } => Ok(Report::ok(String::new())),
        Command::New { name, template } => files::new(dir, &name, &template),
        Command::Check { file } => files::check(&resolve_file(&file, dir)),
        Command::Convert { file, out, force } => {
            files::convert(&resolve_file(&file, dir), &out, force)
        }
        Command::Show {
            file,
            segment,
            json,
        } => show::show(&resolve_file(&file, dir), segment.as_deref(), json),
        Command::Import {
            csv,
            into,
            segments,
            map,
            from,
            to,
            flow,
            cohort,
            day_first,
            month_first,
            columns,
            dry_run,
        } => import::import(
            &csv,
            &resolve_file(&into, dir),
            &import::ImportArgs {
                segments,
                map,
                from,
                to,
                cohort,
                flow,
                day_first,
                month_first,
                columns,
                dry_run,
            },
        ),
        Command::Rank { file, by, json } => {
            reports::rank(&resolve_file(&file, dir), by.into(), json)
        }
        Command::Sensitivity { file, json } => {
            reports::sensitivity(&resolve_file(&file, dir), json)
        }
        Command::Actions { file, json } => commit::actions(&resolve_file(&file, dir), json),
        Command::Kpis { file, json } => commit::kpis(&resolve_file(&file, dir), json),
        Command::Target {
            file,
            revenue,
            json,
        } => commit::target(&resolve_file(&file, dir), revenue.as_deref(), json),
        Command::FollowUp { prev, name, date } => {
            review::follow_up(&resolve_file(&prev, dir), name.as_deref(), date.as_deref())
        }
        Command::Review { file, json } => review::review(&resolve_file(&file, dir), json),
        Command::History {
            path,
            company,
            json,
        } => history::history(&resolve_file(&path, dir), company.as_deref(), json),
        Command::Plan {
            file,
            ideas,
            samples,
            seed,
            json,
        } => reports::plan(&resolve_file(&file, dir), &ideas, samples, seed, json),
        Command::Export {
            file,
            format,
            out,
            force,
        } => files::export(&resolve_file(&file, dir), &format, out.as_deref(), force),
    }
}

/// Prints a command's result and turns it into the process exit code:
/// output on stdout, errors on stderr as "error: sentence" plus detail.
/// Both pass through [`safe::lines`] last, so no control character from a
/// file reaches the terminal raw, whichever command or message carried it.
pub fn finish(result: Result<Report, CliError>) -> ExitCode {
    match result {
        Ok(report) => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (`funnelcheck rank x | head`) is not an error.
            let _ = out
                .write_all(safe::lines(&report.text).as_bytes())
                .and_then(|_| out.flush());
            ExitCode::from(report.code)
        }
        Err(e) => {
            eprintln!("error: {}", error_text(&e));
            ExitCode::from(1)
        }
    }
}

/// An error as printed: escaped, with a parse error's caret kept under the
/// character it points at.
fn error_text(e: &CliError) -> String {
    let full = e.to_string();
    if let CliError::Store(StoreError::Parse { excerpt, .. }) = e
        && let Some(head) = full.strip_suffix(excerpt.as_str())
    {
        return format!("{}{}", safe::lines(head), safe::excerpt(excerpt));
    }
    safe::lines(&full).into_owned()
}

/// The problems of a session, one per block: where, what, how to fix.
fn problem_lines(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| {
            format!(
                "  {}: {}\n      fix: {}\n",
                safe::escape(&p.path),
                safe::escape(&p.message),
                safe::escape(&p.fix)
            )
        })
        .collect()
}

/// An idea named on the command line: an id, or (part of) a title.
fn find_idea(session: &crate::session::Session, name: &str) -> Result<Id, CliError> {
    let wanted = name.trim();
    let shown = safe::escape(wanted);
    let listing = |ideas: &mut dyn Iterator<Item = &crate::session::Idea>| -> String {
        ideas
            .map(|i| format!("\n  {:>3}  {}", i.id, safe::escape(&i.title)))
            .collect()
    };
    if let Ok(id) = wanted.parse::<Id>() {
        return match session.idea(id) {
            Some(idea) => Ok(idea.id),
            None => Err(CliError::Lookup(format!(
                "no idea has id {id}; the ideas are:{}",
                listing(&mut session.ideas.iter())
            ))),
        };
    }
    let lower = wanted.to_lowercase();
    let exact: Vec<_> = session
        .ideas
        .iter()
        .filter(|i| i.title.trim().to_lowercase() == lower)
        .collect();
    if let [one] = exact.as_slice() {
        return Ok(one.id);
    }
    let partial: Vec<_> = session
        .ideas
        .iter()
        .filter(|i| i.title.to_lowercase().contains(&lower))
        .collect();
    match partial.as_slice() {
        [one] => Ok(one.id),
        [] => Err(CliError::Lookup(format!(
            "no idea's title contains \"{shown}\"; name one by id or title:{}",
            listing(&mut session.ideas.iter())
        ))),
        many => Err(CliError::Lookup(format!(
            "\"{shown}\" matches {} ideas; name one by id or a longer part of its title:{}",
            many.len(),
            listing(&mut many.iter().copied())
        ))),
    }
}
