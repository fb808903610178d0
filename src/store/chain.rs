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
use crate::session::limits::FILE_BYTES_MAX;
use crate::session::{self, Previous, Session};

/// Why a predecessor (or, in a folder, a file) is not part of the history.
#[derive(Debug, Clone, PartialEq)]
pub enum Why {
    NotFound,
    /// Unreadable, not a session file, or invalid: the store's sentence.
    Unusable(String),
    /// A session is there, but not the one the link names: the predecessor
    /// was renamed or replaced.
    Different {
        title: String,
        date: NaiveDate,
    },
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
///
/// A link is only known once its file is parsed, which would leave one of
/// the two cores idle. So the links are first *guessed* from the files'
/// text (cheap: the `previous` field sits near the end), the guessed files
/// are parsed on two threads, and then the real links are followed: a
/// parsed file is used only where the real link leads to it, and from the
/// first wrong guess on the files are loaded one by one. A wrong guess
/// costs time, never a wrong history.
pub fn chain(path: &Path) -> Result<Chain, StoreError> {
    let guessed = guess_files(path);
    let mut parsed = parse_guessed(&guessed, true).into_iter();
    let newest = match parsed.next() {
        Some(first) => first?,
        None => super::load(path)?,
    };
    let guesses = guessed.into_iter().skip(1).map(|(p, _)| p);
    let mut out = follow(path, &newest, guesses, parsed);
    out.push(path.to_path_buf(), newest);
    Ok(out)
}

/// The sessions before `session` (which lives, or will be saved, at
/// `path`), oldest first, without `session` itself: for the app, whose
/// session in memory may be ahead of its file. Broken links as in [`chain`].
pub fn predecessors(path: &Path, session: &Session) -> Chain {
    let Some(link) = &session.previous else {
        return Chain::default();
    };
    let guessed = guess_files(&link_path(path, link));
    let parsed = parse_guessed(&guessed, false).into_iter();
    follow(path, session, guessed.into_iter().map(|(p, _)| p), parsed)
}

/// Follows the links from `newest` (at `path`) back, using the files
/// parsed ahead where the real link leads to the guessed file; returns the
/// predecessors oldest first.
fn follow(
    path: &Path,
    newest: &Session,
    mut guesses: impl Iterator<Item = PathBuf>,
    mut parsed: impl Iterator<Item = Result<Session, StoreError>>,
) -> Chain {
    let mut seen = HashSet::from([identity(path)]);
    let mut out = Chain::default();
    let mut next = newest
        .previous
        .clone()
        .map(|link| (link_path(path, &link), link));
    let mut guessing = true;
    while let Some((at, link)) = next.take() {
        let why = if !seen.insert(identity(&at)) {
            Some(Why::Loop)
        } else if !at.is_file() && std::fs::symlink_metadata(&at).is_err() {
            Some(Why::NotFound)
        } else {
            let loaded = match (guessing, guesses.next(), parsed.next()) {
                (true, Some(g), Some(p)) if g == at => p,
                _ => {
                    guessing = false;
                    load_predecessor(&at)
                }
            };
            match loaded {
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
    out
}

/// The file at `path` and the predecessors its text seems to link to,
/// newest first, each with its bytes (`None` when they could not be read). Stops
/// at a file that cannot be read, a file without a link, or a path seen
/// before.
fn guess_files(path: &Path) -> Vec<(PathBuf, Option<Vec<u8>>)> {
    let mut out: Vec<(PathBuf, Option<Vec<u8>>)> = Vec::new();
    let mut seen = HashSet::new();
    let mut at = path.to_path_buf();
    while seen.insert(identity(&at)) {
        let bytes = super::read::read_capped(&at, FILE_BYTES_MAX).ok();
        let next = bytes.as_deref().and_then(guess_link).map(|link| {
            let dir = at.parent().unwrap_or_else(|| Path::new(""));
            dir.join(link)
        });
        let failed = bytes.is_none();
        out.push((at, bytes));
        match next {
            Some(p) if !failed && out.len() < GUESS_MAX => at = p,
            _ => break,
        }
    }
    out
}

/// Files guessed ahead at most: a bound on the memory a long chain takes
/// before the real links are followed.
const GUESS_MAX: usize = 1_000;

/// The `path` of the last `previous` link in a session file's text, as
/// funnelcheck writes it in RON (`previous: Some((path: "q3.ron", …`) or
/// JSON (`"previous": {"path": "q3.ron", …`). A guess: `None` when the
/// text does not look like that (an escaped quote in the path included).
fn guess_link(bytes: &[u8]) -> Option<String> {
    const KEY: &[u8] = b"previous";
    let at = bytes.windows(KEY.len()).rposition(|w| w == KEY)?;
    let rest = &bytes[at + KEY.len()..bytes.len().min(at + KEY.len() + 600)];
    let key = rest.windows(4).position(|w| w == b"path")?;
    let rest = &rest[key + 4..];
    // The key's closing quote (JSON), a colon, blanks, the value's quote.
    let mut i = usize::from(rest.first() == Some(&b'"'));
    let blanks = |i: usize| {
        i + rest[i..]
            .iter()
            .take_while(|b| b.is_ascii_whitespace())
            .count()
    };
    i = blanks(i);
    i = (rest.get(i) == Some(&b':')).then_some(i + 1)?;
    i = blanks(i);
    i = (rest.get(i) == Some(&b'"')).then_some(i + 1)?;
    let rest = &rest[i..];
    let close = rest.iter().position(|&b| b == b'"' || b == b'\\')?;
    if rest[close] != b'"' {
        return None;
    }
    String::from_utf8(rest[..close].to_vec()).ok()
}

/// Parses the guessed files on two threads, each checked but for its
/// ideas; with `named_first`, the first is the session named and is checked
/// in full.
fn parse_guessed(
    files: &[(PathBuf, Option<Vec<u8>>)],
    named_first: bool,
) -> Vec<Result<Session, StoreError>> {
    let one = |i: usize| -> Result<Session, StoreError> {
        let full = named_first && i == 0;
        let (path, bytes) = &files[i];
        // Unreadable: the loader says why, as it would have.
        let Some(bytes) = bytes else {
            return if full {
                super::load(path)
            } else {
                load_predecessor(path)
            };
        };
        let text = super::read::decode(path, bytes)?;
        let s = super::parse_str(path, text, FileFormat::of(path)?)?;
        let problems = if full {
            session::validate(&s)
        } else {
            session::validate_split(&s, Some(&[])).all()
        };
        if problems.is_empty() {
            Ok(s)
        } else {
            Err(StoreError::Invalid {
                path: path.clone(),
                problems,
            })
        }
    };
    // Every other file on the second thread, so both get old and new ones.
    let (mut even, odd) = std::thread::scope(|scope| {
        let other = scope.spawn(|| (1..files.len()).step_by(2).map(one).collect::<Vec<_>>());
        let even: Vec<_> = (0..files.len()).step_by(2).map(one).collect();
        let odd = other
            .join()
            .unwrap_or_else(|_| (1..files.len()).step_by(2).map(one).collect());
        (even, odd)
    });
    let mut out = Vec::with_capacity(files.len());
    let mut odd = odd.into_iter();
    for e in even.drain(..) {
        out.push(e);
        out.extend(odd.next());
    }
    out
}

/// Why a folder has no history to show.
#[derive(Debug, thiserror::Error)]
pub enum FolderError {
    #[error("cannot read the folder {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error(
        "{path} holds no session file that could be read{}",
        skipped_words(skipped)
    )]
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

/// A copy kept aside after a save conflict (`NAME.theirs-…`, see
/// `store::keep_theirs`): the same session again, not a later one.
fn is_theirs(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().contains(".theirs-"))
}

/// A company's name as people type it: case and surrounding blanks aside.
fn company_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Every session of one company in `dir`, oldest first (by date, then file
/// name). Files that are not readable sessions are listed in
/// [`Chain::broken`]; copies kept aside after a save conflict are left out. With sessions of several companies in the folder,
/// `company` must name one (case does not matter).
pub fn company_sessions(dir: &Path, company: Option<&str>) -> Result<Chain, FolderError> {
    let entries = std::fs::read_dir(dir).map_err(|source| FolderError::Read {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && FileFormat::of(p).is_ok() && !is_theirs(p))
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
        if !companies
            .iter()
            .any(|c| company_key(c) == company_key(name))
        {
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
        None => companies
            .first()
            .map(|c| company_key(c))
            .unwrap_or_default(),
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

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/sessions/history");

    #[test]
    fn the_link_is_guessed_from_ron_and_json_text() {
        let ron = b"(\n    actions: [],\n    previous: Some((\n        path: \"q3.ron\",\n        title: \"Q3\",\n";
        assert_eq!(guess_link(ron).as_deref(), Some("q3.ron"));
        let json = br#"{"title": "x", "previous": {"path": "old/q3.json", "title": "Q3"}}"#;
        assert_eq!(guess_link(json).as_deref(), Some("old/q3.json"));
        // No link, an escaped quote, a link too far from its key: no guess.
        assert_eq!(guess_link(b"(title: \"x\")"), None);
        assert_eq!(guess_link(br#"(previous: Some((path: "a\"b.ron")))"#), None);
        let far = format!("(previous: Some(({} path: \"q.ron\")))", " ".repeat(700));
        assert_eq!(guess_link(far.as_bytes()), None);
    }

    #[test]
    fn a_wrong_guess_costs_time_never_a_wrong_history() {
        let dir = tempfile::tempdir().expect("a temp dir");
        for f in ["q2.ron", "q3.ron"] {
            std::fs::copy(Path::new(FIXTURE).join(f), dir.path().join(f)).expect("copy");
        }
        // A comment after the real link that looks like one (a hand edit):
        // the guess follows it to an existing, wrong file.
        let q4 = std::fs::read_to_string(Path::new(FIXTURE).join("q4.ron")).expect("read");
        let q4 = format!("{q4}// before the move: previous: Some((path: \"q2.ron\"))\n");
        let newest = dir.path().join("q4.ron");
        std::fs::write(&newest, &q4).expect("write");
        assert_eq!(guess_link(q4.as_bytes()).as_deref(), Some("q2.ron"));

        let chain = chain(&newest).expect("q4 loads");
        assert!(chain.broken.is_empty(), "{:?}", chain.broken);
        let titles: Vec<&str> = chain.sessions.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(
            titles,
            ["Q2 Funnel Reality Check", "Q3 check-in", "Q4 check-in"]
        );
        assert_eq!(
            chain.paths,
            [
                dir.path().join("q2.ron"),
                dir.path().join("q3.ron"),
                newest.clone()
            ]
        );
    }

    #[test]
    fn guessed_files_are_parsed_and_kept_in_chain_order() {
        let chain = chain(&Path::new(FIXTURE).join("q4.ron")).expect("q4 loads");
        assert!(chain.broken.is_empty());
        let dates: Vec<String> = chain.sessions.iter().map(|s| s.date.to_string()).collect();
        assert_eq!(dates, ["2026-05-20", "2026-08-19", "2026-11-18"]);
    }
}
