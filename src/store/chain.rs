//! The history of a company on disk (issue 11, docs/MODEL-additions.md §8b):
//! a session and its predecessors, followed through their `previous` links,
//! or every session of one company in a folder.
//!
//! A broken link (a predecessor moved, renamed, replaced, unreadable, or a
//! loop of links) is reported with the exact path looked for and why; it
//! ends the chain there and never stops the sessions after it from loading.
//! Only the session named itself must open.
//!
//! Predecessors are checked like any session except for their ideas: the
//! history reads their funnel, KPIs and actions, never their idea list, and
//! checking 1,000 ideas per file was most of the time of a long chain.
//! Files are parsed on two threads.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{FileFormat, StoreError, parse};
use crate::session::{self, Previous, Session};

/// Why a predecessor (or, in a folder, a file) is not part of the history.
#[derive(Debug, Clone, PartialEq)]
pub enum Why {
    NotFound,
    /// Unreadable, not a session file, or invalid: the store's sentence.
    Unusable(String),
    /// A session is there, but not the one the link names: the predecessor
    /// was renamed or replaced.
    Different { title: String, date: NaiveDate },
    /// The link leads back to a session already in the chain.
    Loop,
}

/// A link (or a file of a folder) the history could not use.
#[derive(Debug, Clone, PartialEq)]
pub struct Broken {
    /// What the link says, or `None` for a file found in a folder.
    pub link: Option<Previous>,
    /// The exact path looked at.
    pub path: PathBuf,
    pub why: Why,
}

impl fmt::Display for Broken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        let Some(link) = &self.link else {
            return match &self.why {
                Why::Unusable(e) => write!(f, "{path} was left out: {e}"),
                Why::NotFound => write!(f, "{path} was left out: not found"),
                Why::Different { .. } | Why::Loop => write!(f, "{path} was left out"),
            };
        };
        write!(f, "the link to {}: ", link.path)?;
        match &self.why {
            Why::NotFound => write!(
                f,
                "{path} not found; the history starts after \"{}\" of {}",
                link.title, link.date
            ),
            Why::Unusable(e) => write!(f, "{path} cannot be used: {e}"),
            Why::Different { title, date } => write!(
                f,
                "{path} is \"{title}\" of {date}, not \"{}\" of {}; was the session renamed or replaced? \
                 Put it back at that path, or fix the link's path in the later session",
                link.title, link.date
            ),
            Why::Loop => write!(
                f,
                "{path} is already in this history (the links go round in a loop); the history stops there"
            ),
        }
    }
}

/// A history, oldest session first, and what could not be part of it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Chain {
    pub sessions: Vec<Session>,
    /// The file of each session, in the same order.
    pub paths: Vec<PathBuf>,
    pub broken: Vec<Broken>,
}

impl Chain {
    fn push(&mut self, path: PathBuf, session: Session) {
        self.paths.push(path);
        self.sessions.push(session);
    }
}

/// Where the predecessor of the session at `file` should be: its link is
/// relative to `file`'s folder.
fn link_path(file: &Path, link: &Previous) -> PathBuf {
    let dir = file.parent().unwrap_or_else(|| Path::new(""));
    dir.join(&link.path)
}

/// Parses and checks a predecessor: everything but its ideas.
fn load_predecessor(path: &Path) -> Result<Session, StoreError> {
    let s = parse(path)?;
    let problems = session::validate_split(&s, Some(&[])).all();
    if problems.is_empty() {
        Ok(s)
    } else {
        Err(StoreError::Invalid {
            path: path.to_path_buf(),
            problems,
        })
    }
}

/// The identity of a file for loop detection: its canonical path, or the
/// path as given when it cannot be resolved.
fn identity(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// The session at `path` and its predecessors, oldest first. Only the
/// session at `path` must load (fully checked, ideas too); a broken link is
/// reported in [`Chain::broken`] and the history starts after it.
pub fn chain(path: &Path) -> Result<Chain, StoreError> {
    let newest = super::load(path)?;
    let mut seen = HashSet::from([identity(path)]);
    let mut out = Chain::default();
    let mut next = newest
        .previous
        .clone()
        .map(|link| (link_path(path, &link), link));
    out.push(path.to_path_buf(), newest);
    while let Some((at, link)) = next.take() {
        let why = if !seen.insert(identity(&at)) {
            Some(Why::Loop)
        } else if !at.is_file() && std::fs::symlink_metadata(&at).is_err() {
            Some(Why::NotFound)
        } else {
            match load_predecessor(&at) {
                Err(e) => Some(Why::Unusable(e.to_string())),
                Ok(s) if s.title != link.title || s.date != link.date => Some(Why::Different {
                    title: s.title,
                    date: s.date,
                }),
                Ok(s) => {
                    next = s.previous.clone().map(|l| (link_path(&at, &l), l));
                    out.push(at.clone(), s);
                    None
                }
            }
        };
        if let Some(why) = why {
            out.broken.push(Broken {
                link: Some(link),
                path: at,
                why,
            });
        }
    }
    out.sessions.reverse();
    out.paths.reverse();
    Ok(out)
}

/// Why a folder has no history to show.
#[derive(Debug, thiserror::Error)]
pub enum FolderError {
    #[error("cannot read the folder {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{path} holds no session file that could be read{}", skipped_words(skipped))]
    Empty { path: PathBuf, skipped: Vec<String> },

    #[error(
        "{path} holds sessions of {} companies: {}; name one with --company",
        companies.len(),
        companies.join(", ")
    )]
    Several {
        path: PathBuf,
        companies: Vec<String>,
    },

    #[error(
        "{path} holds no session of \"{company}\"; its companies are: {}",
        companies.join(", ")
    )]
    NoSuchCompany {
        path: PathBuf,
        company: String,
        companies: Vec<String>,
    },
}

fn skipped_words(skipped: &[String]) -> String {
    if skipped.is_empty() {
        String::new()
    } else {
        format!(":\n  {}", skipped.join("\n  "))
    }
}

/// A company's name as people type it: case and surrounding blanks aside.
fn company_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Every session of one company in `dir`, oldest first (by date, then file
/// name). Files that are not readable sessions are listed in
/// [`Chain::broken`]. With sessions of several companies in the folder,
/// `company` must name one (case does not matter).
pub fn company_sessions(dir: &Path, company: Option<&str>) -> Result<Chain, FolderError> {
    let entries = std::fs::read_dir(dir).map_err(|source| FolderError::Read {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && FileFormat::of(p).is_ok())
        .collect();
    paths.sort();
    let loaded = parse_all(&paths);
    let mut out = Chain::default();
    for (path, result) in paths.into_iter().zip(loaded) {
        match result {
            Ok(session) => out.push(path, session),
            Err(e) => out.broken.push(Broken {
                link: None,
                path,
                why: Why::Unusable(e.to_string()),
            }),
        }
    }
    if out.sessions.is_empty() {
        return Err(FolderError::Empty {
            path: dir.to_path_buf(),
            skipped: out.broken.iter().map(ToString::to_string).collect(),
        });
    }
    let mut companies: Vec<String> = Vec::new();
    for s in &out.sessions {
        let name = s.company.trim();
        if !companies.iter().any(|c| company_key(c) == company_key(name)) {
            companies.push(name.to_string());
        }
    }
    companies.sort_by_key(|c| company_key(c));
    let shown = |cs: &[String]| -> Vec<String> {
        cs.iter()
            .map(|c| {
                if c.is_empty() {
                    "(no company)".to_string()
                } else {
                    format!("\"{c}\"")
                }
            })
            .collect()
    };
    let wanted = match company {
        Some(c) => {
            let key = company_key(c);
            if !companies.iter().any(|x| company_key(x) == key) {
                return Err(FolderError::NoSuchCompany {
                    path: dir.to_path_buf(),
                    company: c.trim().to_string(),
                    companies: shown(&companies),
                });
            }
            key
        }
        None if companies.len() > 1 => {
            return Err(FolderError::Several {
                path: dir.to_path_buf(),
                companies: shown(&companies),
            });
        }
        None => companies.first().map(|c| company_key(c)).unwrap_or_default(),
    };
    // Stable: a date shared by two sessions keeps the file-name order.
    let mut kept: Vec<(PathBuf, Session)> = out
        .paths
        .drain(..)
        .zip(out.sessions.drain(..))
        .filter(|(_, s)| company_key(&s.company) == wanted)
        .collect();
    kept.sort_by_key(|(_, s)| s.date);
    for (path, s) in kept {
        out.push(path, s);
    }
    Ok(out)
}

/// Loads every file (checked but for the ideas), on two threads.
fn parse_all(paths: &[PathBuf]) -> Vec<Result<Session, StoreError>> {
    let half = paths.len().div_ceil(2);
    let (a, b) = paths.split_at(half);
    std::thread::scope(|scope| {
        let other = scope.spawn(|| b.iter().map(|p| load_predecessor(p)).collect::<Vec<_>>());
        let mut out: Vec<_> = a.iter().map(|p| load_predecessor(p)).collect();
        match other.join() {
            Ok(rest) => out.extend(rest),
            // A panic on the other thread is a bug; load its half here
            // rather than lose the files.
            Err(_) => out.extend(b.iter().map(|p| load_predecessor(p))),
        }
        out
    })
}
