//! Keeps sessions on disk without ever losing one.
//!
//! - Saves are atomic and durable: the whole file goes to a temporary file in
//!   the same folder, is fsynced, renamed over the target, and the folder is
//!   fsynced (`atomic-write-file` does exactly that; `tempfile::persist` does
//!   not fsync). The version before is kept as `NAME.ron.bak`; a file with
//!   hand-written comments is kept once as `NAME.ron.orig`. A save never
//!   replaces a file that changed since we last read it, and writes through
//!   a symlink to its target ([`write`]).
//! - A lock file names the instance that has a session open ([`lock`]).
//! - Saves run on a background thread that keeps only the newest edit
//!   ([`writer`]), so the keyboard never waits for the disk.
//! - Loads refuse what is not a session file (pipes, devices, huge files)
//!   without blocking, and say which file, line and column is wrong ([`read`]).
//! - A file written by a newer app is refused and never written to.

mod draft;
mod theirs;
pub use draft::{draft_path, take_draft, write_draft};
pub use theirs::keep_theirs;
pub mod chain;
pub mod lock;
pub mod read;
pub mod scan;
pub mod write;
pub mod writer;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

pub use read::{parse, parse_str};
pub use write::{
    Saved, backup_path, clean_stray_temps, orig_path, resolve_target, save, save_checked,
};

use crate::session::{self, Problem, Session};

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

    #[error("{path} is {kind}, not a session file; give the path of a .ron or .json file")]
    NotAFile { path: PathBuf, kind: &'static str },

    #[error(
        "{path} is {}, more than the {} a session file may have; is it the right file?",
        size_words(*size),
        size_words(*limit)
    )]
    TooBig {
        path: PathBuf,
        size: u64,
        limit: u64,
    },

    #[error(
        "{path} is not UTF-8 text: the character at line {line}, column {column} is in another \
         encoding; save the file as UTF-8 in your editor and open it again"
    )]
    Encoding {
        path: PathBuf,
        line: usize,
        column: usize,
    },

    #[error(
        "{path} was changed by someone else since it was last read; nothing was written, \
         so their changes are still in the file"
    )]
    ChangedOnDisk { path: PathBuf },

    #[error(
        "{path} was written but the disk did not confirm it is safe ({source}); \
         the next save writes it again"
    )]
    NotDurable {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("cannot lock {path}: {source}")]
    Lock {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// A file size as people say it: 812 bytes, 3.4 MB, 64 MB.
fn size_words(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes < 1024 {
        format!("{bytes} bytes")
    } else if bytes < MIB {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    } else if bytes % MIB == 0 {
        format!("{} MB", crate::format::count((bytes / MIB) as f64))
    } else {
        format!("{:.1} MB", bytes as f64 / MIB as f64)
    }
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

/// The session as file bytes (what the background writer hands to the disk).
pub fn to_bytes(session: &Session, format: FileFormat) -> Result<Vec<u8>, StoreError> {
    to_text(session, format).map(String::into_bytes)
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
