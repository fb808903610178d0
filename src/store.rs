//! Keeps sessions on disk without ever losing one.
//!
//! - Saves are atomic and durable: the whole file goes to a temporary file in
//!   the same folder, is fsynced, renamed over the target, and the folder is
//!   fsynced (`atomic-write-file` does exactly that; `tempfile::persist` does
//!   not fsync). The version before is kept as `NAME.ron.bak`.
//! - Loads say which file, line and column is wrong and show the line.
//! - A file written by a newer app is refused and never written to.

mod draft;
mod theirs;
pub use draft::{draft_path, take_draft, write_draft};
pub use theirs::keep_theirs;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use atomic_write_file::AtomicWriteFile;
use serde::Deserialize;

use crate::session::{self, CURRENT_VERSION, Problem, Session};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error(
        "{path} is not a valid session file: {message} at line {line}, column {column}\n{excerpt}"
    )]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
        excerpt: String,
    },

    #[error(
        "{path} was written by a newer funnelcheck (file version {found}, this app knows version {known}); \
         it was not opened and will not be written to: update funnelcheck to open it"
    )]
    TooNew {
        path: PathBuf,
        found: u32,
        known: u32,
    },

    #[error("{path} has {} problem(s):\n{}", problems.len(), list(problems))]
    Invalid {
        path: PathBuf,
        problems: Vec<Problem>,
    },

    #[error("cannot save {path}: {source}; the file on disk was left as it was")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("cannot turn the session into {format}: {message}")]
    Encode {
        format: &'static str,
        message: String,
    },

    #[error("{path}: unknown file type; session files end in .ron or .json")]
    Extension { path: PathBuf },
}

fn list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  - {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The two formats a session file can be in, told apart by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Ron,
    Json,
}

impl FileFormat {
    pub fn of(path: &Path) -> Result<FileFormat, StoreError> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("ron") => Ok(FileFormat::Ron),
            Some("json") => Ok(FileFormat::Json),
            _ => Err(StoreError::Extension {
                path: path.to_path_buf(),
            }),
        }
    }
}

/// Only the version, read before anything else so a newer file is refused
/// with a clear message instead of a confusing parse error.
#[derive(Deserialize)]
struct VersionProbe {
    version: u32,
}

/// Reads and parses a session without validating it (for `check`, which
/// wants to list problems rather than refuse).
pub fn parse(path: &Path) -> Result<Session, StoreError> {
    let format = FileFormat::of(path)?;
    let text = fs::read_to_string(path).map_err(|source| StoreError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse_str(path, &text, format)
}

/// Parses `text` as the contents of `path`.
pub fn parse_str(path: &Path, text: &str, format: FileFormat) -> Result<Session, StoreError> {
    let too_new = |found: u32| StoreError::TooNew {
        path: path.to_path_buf(),
        found,
        known: CURRENT_VERSION,
    };
    let parsed: Result<Session, StoreError> = parse_session(path, text, format);
    match parsed {
        // One full parse in the common case; big files load twice as fast.
        Ok(s) if s.version > CURRENT_VERSION => Err(too_new(s.version)),
        Ok(s) => Ok(s),
        // A newer file that does not parse (new fields, new shapes) is
        // refused for its version, not for the parse error it causes.
        Err(e) => {
            let probe: Option<VersionProbe> = match format {
                FileFormat::Ron => ron::from_str(text).ok(),
                FileFormat::Json => serde_json::from_str(text).ok(),
            };
            match probe {
                Some(p) if p.version > CURRENT_VERSION => Err(too_new(p.version)),
                _ => Err(e),
            }
        }
    }
}

fn parse_session(path: &Path, text: &str, format: FileFormat) -> Result<Session, StoreError> {
    match format {
        FileFormat::Ron => ron::from_str(text).map_err(|e| {
            parse_error(
                path,
                text,
                e.span.start.line,
                e.span.start.col,
                e.code.to_string(),
            )
        }),
        FileFormat::Json => serde_json::from_str(text)
            .map_err(|e| parse_error(path, text, e.line(), e.column(), json_message(&e))),
    }
}

/// serde_json appends " at line L column C" to its messages; we say where
/// ourselves, so drop it.
fn json_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    }
}

fn parse_error(path: &Path, text: &str, line: usize, column: usize, message: String) -> StoreError {
    let line = line.max(1);
    let shown = text.lines().nth(line - 1).unwrap_or("");
    // RON reports where it began reading a value, which is often the blank
    // before it; point at the value itself, so the caret sits under it.
    let column = column.max(1);
    let rest = shown.chars().skip(column - 1);
    let column = match rest.clone().position(|c| !c.is_whitespace()) {
        Some(blanks) => column + blanks,
        None => column,
    };
    let gutter = format!("{line:>5} | ");
    let caret_pad: String = shown
        .chars()
        .take(column.saturating_sub(1))
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let excerpt = format!("{gutter}{shown}\n{}{caret_pad}^", " ".repeat(gutter.len()));
    StoreError::Parse {
        path: path.to_path_buf(),
        line,
        column,
        message,
        excerpt,
    }
}

/// Reads, parses and validates a session; any problem refuses the file.
pub fn load(path: &Path) -> Result<Session, StoreError> {
    let session = parse(path)?;
    let problems = session::validate(&session);
    if problems.is_empty() {
        Ok(session)
    } else {
        Err(StoreError::Invalid {
            path: path.to_path_buf(),
            problems,
        })
    }
}

/// The session as file text, pretty and hand-editable.
pub fn to_text(session: &Session, format: FileFormat) -> Result<String, StoreError> {
    match format {
        FileFormat::Ron => {
            let config = ron::ser::PrettyConfig::new()
                .struct_names(false)
                .depth_limit(4)
                .indentor("    ".to_string());
            ron::ser::to_string_pretty(session, config)
                .map(|mut s| {
                    s.push('\n');
                    s
                })
                .map_err(|e| StoreError::Encode {
                    format: "RON",
                    message: e.to_string(),
                })
        }
        FileFormat::Json => serde_json::to_string_pretty(session)
            .map(|mut s| {
                s.push('\n');
                s
            })
            .map_err(|e| StoreError::Encode {
                format: "JSON",
                message: e.to_string(),
            }),
    }
}

/// The backup path: `NAME.ron` → `NAME.ron.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".bak");
    path.with_file_name(name)
}

/// Writes `bytes` to `path` atomically and durably.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let err = |source| StoreError::Write {
        path: path.to_path_buf(),
        source,
    };
    let mut file = AtomicWriteFile::options().open(path).map_err(err)?;
    file.write_all(bytes).map_err(err)?;
    // commit(): fsync the temp file, rename it over `path`, fsync the folder.
    file.commit().map_err(err)
}

/// Saves the session. Returns only once the new file is durably on disk;
/// the previous contents (if any, and if different) are kept as `.bak`.
pub fn save(path: &Path, session: &Session) -> Result<(), StoreError> {
    let format = FileFormat::of(path)?;
    let text = to_text(session, format)?;
    if let Ok(previous) = fs::read(path) {
        if previous == text.as_bytes() {
            return Ok(());
        }
        refuse_newer(path, &previous, format)?;
        write_atomic(&backup_path(path), &previous)?;
    }
    write_atomic(path, text.as_bytes())
}

/// A file written by a newer app is never replaced, not even by a save
/// aimed at it by mistake (e.g. `convert` onto it).
fn refuse_newer(path: &Path, previous: &[u8], format: FileFormat) -> Result<(), StoreError> {
    let Ok(text) = std::str::from_utf8(previous) else {
        return Ok(());
    };
    let probe: Option<VersionProbe> = match format {
        FileFormat::Ron => ron::from_str(text).ok(),
        FileFormat::Json => serde_json::from_str(text).ok(),
    };
    match probe {
        Some(p) if p.version > CURRENT_VERSION => Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: p.version,
            known: CURRENT_VERSION,
        }),
        _ => Ok(()),
    }
}

/// When the file was last changed, to notice edits made by someone else.
pub fn modified(path: &Path) -> Option<SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Where sessions live: `--dir` when given, else `./sessions` when it exists,
/// else the user's data folder (e.g. `~/.local/share/funnelcheck/sessions`).
pub fn sessions_dir(override_dir: Option<&Path>) -> PathBuf {
    if let Some(dir) = override_dir {
        return dir.to_path_buf();
    }
    let local = PathBuf::from("sessions");
    if local.is_dir() {
        return local;
    }
    directories::ProjectDirs::from("", "", "funnelcheck")
        .map(|d| d.data_dir().join("sessions"))
        .unwrap_or(local)
}

/// A session file found in a folder.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionEntry {
    pub path: PathBuf,
    /// The workshop title, or why the file could not be read.
    pub title: Result<String, String>,
    pub modified: Option<SystemTime>,
}

/// The session files of `dir`, most recently changed first. Backups are
/// skipped; unreadable files are listed with the reason.
pub fn list_sessions(dir: &Path) -> Vec<SessionEntry> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<SessionEntry> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && FileFormat::of(p).is_ok())
        .map(|path| SessionEntry {
            title: parse(&path).map(|s| s.title).map_err(|e| e.to_string()),
            modified: modified(&path),
            path,
        })
        .collect();
    out.sort_by(|a, b| {
        b.modified
            .cmp(&a.modified)
            .then_with(|| a.path.cmp(&b.path))
    });
    out
}

/// A path in `dir` for a new session called `name`: `name.ron`, made safe
/// for file systems.
pub fn path_for_name(dir: &Path, name: &str) -> PathBuf {
    let name = name.trim();
    if FileFormat::of(Path::new(name)).is_ok() && !name.contains(['/', '\\']) {
        return dir.join(name);
    }
    let mut stem: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    while stem.contains("--") {
        stem = stem.replace("--", "-");
    }
    let stem = stem.trim_matches('-');
    let stem = if stem.is_empty() { "session" } else { stem };
    dir.join(format!("{stem}.ron"))
}
