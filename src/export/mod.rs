//! Session summaries people read after the workshop: Markdown for wikis and
//! chat, a self-contained HTML report for mail and print, CSV for
//! spreadsheets, JSON for other tools, and the actions as an iCalendar file
//! every owner can import into their calendar.
//!
//! Every figure is computed once, by [`Report::build`], from
//! `crate::model`; the four renderers only lay those figures out, so all
//! formats show the same numbers. Rendering is pure; only [`export_to`] and
//! [`export_all`] touch the disk.

mod commit;
mod csv;
mod files;
mod html;
mod ics;
mod json;
mod markdown;
mod report;
pub mod review;
pub mod segments;
mod text;
mod trend;
mod trend_md;

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

pub use commit::{
    ActionRow, AgreementRow, Commitments, HandoffRow, KpiRow, ReverseFunnelRow, ReverseStage,
    SmartLetter, TeamChange, WhoChangesMore,
};
pub use files::{
    default_output, export_all, export_all_with, export_dir, export_to, export_to_with,
};
pub use json::FORMAT_VERSION;
pub use report::{
    CauseRow, FIGURES, FigureDoc, IdeaFigures, IdeaRow, PlanIdea, PlanRow, Report, SensitivityRow,
    StepRow, figure_key,
};

use crate::session::Session;

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Markdown,
    Html,
    Csv,
    Json,
    /// The actions with a due date as an RFC 5545 calendar of to-dos.
    Ics,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Markdown,
        Format::Html,
        Format::Csv,
        Format::Json,
        Format::Ics,
    ];

    /// The name used on the command line: `md`, `html`, `csv`, `json`, `ics`.
    pub fn key(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Ics => "ics",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Format::Markdown => "Markdown",
            Format::Html => "HTML",
            Format::Csv => "CSV",
            Format::Json => "JSON",
            Format::Ics => "iCalendar",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl FromStr for Format {
    type Err = ExportError;

    /// Accepts `md`/`markdown`, `html`/`htm`, `csv`, `json`,
    /// `ics`/`ical`/`icalendar` in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "md" | "markdown" => Ok(Format::Markdown),
            "html" | "htm" => Ok(Format::Html),
            "csv" => Ok(Format::Csv),
            "json" => Ok(Format::Json),
            "ics" | "ical" | "icalendar" => Ok(Format::Ics),
            _ => Err(ExportError::UnknownFormat {
                given: s.to_string(),
            }),
        }
    }
}

/// What a format renders to: one document, or for CSV several tables.
#[derive(Debug, Clone, PartialEq)]
pub enum Rendered {
    One(String),
    Csv {
        ideas: String,
        steps: String,
        actions: String,
        kpis: String,
        /// A follow-up's check-in: plan ideas predicted vs observed, and
        /// the steps now vs last time.
        review: Option<(String, String)>,
        /// An imported or segmented funnel: segments.csv and loss-kinds.csv.
        segments: Option<(String, String)>,
    },
}

impl Rendered {
    /// The documents with the file names [`export_all`] and a CSV folder use
    /// (the calendar's name there follows the session's: see `export_all`).
    pub fn files(&self, format: Format) -> Vec<(&'static str, &str)> {
        match self {
            Rendered::One(text) => vec![(files::report_name(format), text.as_str())],
            Rendered::Csv {
                ideas,
                steps,
                actions,
                kpis,
                review,
                segments,
            } => {
                let mut files = vec![
                    ("ideas.csv", ideas.as_str()),
                    ("steps.csv", steps.as_str()),
                    ("actions.csv", actions.as_str()),
                    ("kpis.csv", kpis.as_str()),
                ];
                if let Some((ideas, steps)) = review {
                    files.push(("review.csv", ideas.as_str()));
                    files.push(("review-steps.csv", steps.as_str()));
                }
                if let Some((segments, kinds)) = segments {
                    files.push(("segments.csv", segments.as_str()));
                    files.push(("loss-kinds.csv", kinds.as_str()));
                }
                files
            }
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("unknown export format \"{given}\": use md, html, csv, json or ics")]
    UnknownFormat { given: String },

    #[error(
        "{path} is the session file (or its backup); an export is written beside the session, never over it: choose another path with -o"
    )]
    WouldOverwriteSession { path: PathBuf },

    #[error("{path} already exists; pass --force to replace it, or choose another path with -o")]
    Exists { path: PathBuf },

    #[error("{path} is a file, but {what} go into a folder: give a folder instead")]
    NotAFolder { path: PathBuf, what: &'static str },

    #[error("cannot create the folder {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("cannot write {path}: {source}; nothing was written to it")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("cannot produce the {format} export: {message}")]
    Encode {
        format: &'static str,
        message: String,
    },
}

/// Renders `session` in `format`. Builds the figures once; to render several
/// formats from one set of figures use [`Report::build`] and [`Report::render`].
pub fn render(session: &Session, format: Format) -> Result<Rendered, ExportError> {
    Report::build(session).render(format)
}

impl Report<'_> {
    pub fn render(&self, format: Format) -> Result<Rendered, ExportError> {
        Ok(match format {
            Format::Markdown => Rendered::One(markdown::render(self)),
            Format::Html => Rendered::One(html::render(self)),
            Format::Csv => {
                let csv::Tables {
                    ideas,
                    steps,
                    actions,
                    kpis,
                    review,
                    segments,
                } = csv::render(self)?;
                Rendered::Csv {
                    ideas,
                    steps,
                    actions,
                    kpis,
                    review,
                    segments,
                }
            }
            Format::Json => Rendered::One(json::render(self)?),
            Format::Ics => Rendered::One(ics::render(self)?),
        })
    }
}
