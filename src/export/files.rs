//! Writing exports to disk: never over the session file or its backup, never
//! over an existing file unless forced, each file written atomically so a
//! reader never sees half a report.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use atomic_write_file::AtomicWriteFile;

use super::{ExportError, Format, Rendered, Report};
use crate::session::Session;

/// File name of a one-document format inside an export folder.
pub(super) fn report_name(format: Format) -> &'static str {
    match format {
        Format::Markdown => "report.md",
        Format::Html => "report.html",
        Format::Json => "report.json",
        Format::Csv => "ideas.csv",
        Format::Ics => "actions.ics",
    }
}

/// The file a one-document format gets inside a folder: the calendar is
/// named after the session (`NAME.ics`), so owners importing several
/// workshops' dates can tell them apart; the others are `report.*`.
fn name_in_folder(format: Format, session_path: Option<&Path>) -> String {
    match (format, session_path) {
        (Format::Ics, Some(p)) => format!("{}.ics", stem(p)),
        _ => report_name(format).to_string(),
    }
}

fn stem(session_path: &Path) -> String {
    session_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "session".to_string())
}

/// The folder [`export_all`] writes to: `NAME-export` next to `NAME.ron`.
pub fn export_dir(session_path: &Path) -> PathBuf {
    session_path.with_file_name(format!("{}-export", stem(session_path)))
}

/// Where `funnelcheck export FILE --format F` writes without `-o`:
/// `NAME-report.md` / `.html` / `.json` next to the session, `NAME.ics` for
/// the calendar, and for CSV the folder `NAME-csv` (holding `ideas.csv`,
/// `steps.csv`, `actions.csv` and `kpis.csv`). The `-report` suffix keeps a
/// JSON export from ever meaning the session's own `NAME.json`.
pub fn default_output(session_path: &Path, format: Format) -> PathBuf {
    let stem = stem(session_path);
    let name = match format {
        Format::Markdown => format!("{stem}-report.md"),
        Format::Html => format!("{stem}-report.html"),
        Format::Json => format!("{stem}-report.json"),
        Format::Csv => format!("{stem}-csv"),
        Format::Ics => format!("{stem}.ics"),
    };
    session_path.with_file_name(name)
}

/// The same file, even when spelled differently (relative, `..`, links).
fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

fn guard(target: &Path, session_path: Option<&Path>, force: bool) -> Result<(), ExportError> {
    if let Some(session) = session_path
        && (same_file(target, session) || same_file(target, &crate::store::backup_path(session)))
    {
        return Err(ExportError::WouldOverwriteSession {
            path: target.to_path_buf(),
        });
    }
    if !force && fs::symlink_metadata(target).is_ok() {
        return Err(ExportError::Exists {
            path: target.to_path_buf(),
        });
    }
    Ok(())
}

fn write_file(path: &Path, text: &str) -> Result<(), ExportError> {
    let err = |source| ExportError::Write {
        path: path.to_path_buf(),
        source,
    };
    let mut file = AtomicWriteFile::options().open(path).map_err(err)?;
    file.write_all(text.as_bytes()).map_err(err)?;
    file.commit().map_err(err)
}

fn create_dir(dir: &Path) -> Result<(), ExportError> {
    if dir.as_os_str().is_empty() {
        return Ok(());
    }
    fs::create_dir_all(dir).map_err(|source| ExportError::CreateDir {
        path: dir.to_path_buf(),
        source,
    })
}

/// Checks every target first, then writes: a refused export writes nothing.
fn write_all(
    targets: &[(PathBuf, &str)],
    session_path: Option<&Path>,
    force: bool,
) -> Result<Vec<PathBuf>, ExportError> {
    for (path, _) in targets {
        guard(path, session_path, force)?;
    }
    let mut written = Vec::with_capacity(targets.len());
    for (path, text) in targets {
        if let Some(parent) = path.parent() {
            create_dir(parent)?;
        }
        write_file(path, text)?;
        written.push(path.clone());
    }
    Ok(written)
}

/// Renders `session` as `format` and writes it to `out`; returns the files
/// written.
///
/// - Markdown, HTML, JSON, iCalendar: `out` is the file; an existing folder
///   gets `report.md` / `report.html` / `report.json` / `NAME.ics` inside it.
/// - CSV: `out` is a folder (created when missing) that receives
///   `ideas.csv`, `steps.csv`, `actions.csv` and `kpis.csv`.
///
/// Refuses to write over `session_path` or its `.bak` (even with `force`),
/// and over any existing file unless `force`. Checks all targets before
/// writing any.
pub fn export_to(
    session: &Session,
    session_path: Option<&Path>,
    format: Format,
    out: &Path,
    force: bool,
) -> Result<Vec<PathBuf>, ExportError> {
    export_to_with(session, &[], session_path, format, out, force)
}

/// [`export_to`] with the sessions before this one (oldest first, loaded by
/// the caller with `store::chain`): the HTML report gains its trend section.
pub fn export_to_with(
    session: &Session,
    previous: &[Session],
    session_path: Option<&Path>,
    format: Format,
    out: &Path,
    force: bool,
) -> Result<Vec<PathBuf>, ExportError> {
    let rendered = Report::build_with_history(session, previous).render(format)?;
    let targets: Vec<(PathBuf, &str)> = match &rendered {
        Rendered::One(text) => {
            let path = if out.is_dir() {
                out.join(name_in_folder(format, session_path))
            } else {
                out.to_path_buf()
            };
            vec![(path, text.as_str())]
        }
        Rendered::Csv { .. } => {
            if out.exists() && !out.is_dir() {
                return Err(ExportError::NotAFolder {
                    path: out.to_path_buf(),
                    what: "the CSV export's files (ideas.csv, steps.csv, actions.csv, kpis.csv, and for a follow-up or an import the check-in and segment tables)",
                });
            }
            rendered
                .files(format)
                .into_iter()
                .map(|(name, text)| (out.join(name), text))
                .collect()
        }
    };
    write_all(&targets, session_path, force)
}

/// Writes every format into `dir` (created when missing): `report.md`,
/// `report.html`, `ideas.csv`, `steps.csv`, `actions.csv`, `kpis.csv`,
/// `report.json` and `NAME.ics` (`session.ics` without a session path);
/// returns the files written. The figures are computed once for all formats.
///
/// This is the TUI's "export everything" key, pressed again after more edits,
/// so it replaces these eight files in `dir` (and only these); it still never
/// writes over the session file or its backup. Pass `export_dir(path)` for
/// the usual folder next to the session.
pub fn export_all(
    session: &Session,
    session_path: Option<&Path>,
    dir: &Path,
) -> Result<Vec<PathBuf>, ExportError> {
    export_all_with(session, &[], session_path, dir)
}

/// [`export_all`] with the sessions before this one (oldest first, loaded
/// by the caller with `store::chain`): the HTML report gains its trend
/// section.
pub fn export_all_with(
    session: &Session,
    previous: &[Session],
    session_path: Option<&Path>,
    dir: &Path,
) -> Result<Vec<PathBuf>, ExportError> {
    if dir.exists() && !dir.is_dir() {
        return Err(ExportError::NotAFolder {
            path: dir.to_path_buf(),
            what: "the eight export files",
        });
    }
    let report = Report::build_with_history(session, previous);
    let rendered: Vec<(Format, Rendered)> = Format::ALL
        .iter()
        .map(|f| report.render(*f).map(|r| (*f, r)))
        .collect::<Result<_, _>>()?;
    let targets: Vec<(PathBuf, &str)> = rendered
        .iter()
        .flat_map(|(f, r)| {
            r.files(*f).into_iter().map(|(name, text)| {
                let name = match r {
                    Rendered::One(_) => {
                        name_in_folder(*f, Some(session_path.unwrap_or(Path::new("session"))))
                    }
                    Rendered::Csv { .. } => name.to_string(),
                };
                (dir.join(name), text)
            })
        })
        .collect();
    write_all(&targets, session_path, true)
}
