//! The open document: a session file as read, with its undo history, what
//! we last knew of it on disk, its lock and its writer — and how a file
//! becomes one (open, create), taking the lock or opening read-only when
//! another window has it.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use super::{App, SaveState, Storage};
use crate::session::{self, Session};
use crate::store::lock::{self, Acquired, Lock};
use crate::store::writer::Writer;
use crate::store::{self, FileFormat};
use crate::tui::history::History;

pub(super) fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().to_string(),
    )
}

/// What we last knew the file on disk to be, to tell our writes from others'.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct DiskStamp {
    pub(super) modified: Option<SystemTime>,
    pub(super) bytes: Option<Vec<u8>>,
}

impl DiskStamp {
    pub(super) fn read(path: &Path) -> DiskStamp {
        DiskStamp {
            modified: store::modified(path),
            bytes: std::fs::read(path).ok(),
        }
    }
}

/// An open session file with its history.
pub struct Doc {
    /// Shared with the writer thread: handing an edit to it costs a
    /// pointer, not a copy of the session.
    pub session: Arc<Session>,
    pub path: PathBuf,
    /// Undo and redo, as diffs.
    pub(super) history: History,
    pub(super) disk: DiskStamp,
    pub save: SaveState,
    /// The validation problems of `session` as it is, when known: each edit
    /// then validates only its result. `None` after undo, redo or reload.
    pub(super) problems: Option<session::Checked>,
    /// Our lock on the file; `None` when another window holds it (read-only)
    /// or the folder would not take a lock file.
    pub(super) lock: Option<Lock>,
    /// Writes the file; `None` while read-only.
    pub(super) writer: Option<Writer>,
    /// The last edit handed to the writer.
    pub(super) generation: u64,
}

impl Doc {
    /// A document over `path` as just read. `lock`: ours, or `None` with
    /// the reason in `read_only` when another window has it.
    pub(super) fn open(
        session: Session,
        path: PathBuf,
        lock: Option<Lock>,
        read_only: Option<String>,
        storage: &Arc<dyn Storage>,
    ) -> Doc {
        let disk = DiskStamp::read(&path);
        let writer = read_only.is_none().then(|| {
            Writer::spawn(
                path.clone(),
                FileFormat::of(&path).unwrap_or(FileFormat::Ron),
                disk.bytes.clone(),
                Arc::clone(storage),
            )
        });
        Doc {
            session: Arc::new(session),
            path,
            history: History::new(),
            disk,
            save: read_only.map_or(SaveState::Clean, SaveState::ReadOnly),
            problems: None,
            lock,
            writer,
            generation: 0,
        }
    }

    pub fn can_undo(&self) -> usize {
        self.history.len()
    }

    /// About how much memory undo and redo hold, in bytes.
    pub fn history_bytes(&self) -> usize {
        self.history.approx_bytes()
    }

    pub fn read_only(&self) -> bool {
        matches!(self.save, SaveState::ReadOnly(_))
    }

    /// Whether the writer still has an edit in hand.
    pub(super) fn busy(&self) -> bool {
        self.writer.as_ref().is_some_and(|w| !w.idle())
    }
}

/// Takes the file's lock. Returns the lock, the reason the file is
/// read-only here (another window has it), and a sentence for the user.
pub(super) fn take_lock(path: &Path) -> (Option<Lock>, Option<String>, Option<String>) {
    let name = file_name(path);
    match lock::acquire(path) {
        Ok(Acquired::Fresh(l)) => (Some(l), None, None),
        Ok(Acquired::TookOver { lock, stale }) => (
            Some(lock),
            None,
            Some(format!(
                "took over the lock left by {stale}, which no longer runs"
            )),
        ),
        Ok(Acquired::HeldBy(info)) => (
            None,
            Some(format!("open in another window: {info}")),
            Some(format!(
                "⚠ {name} is open in another window ({info}), so it is read-only here and the two cannot overwrite each other. ! takes it over (the other window then stops saving)"
            )),
        ),
        Err(e) => (
            None,
            None,
            Some(format!(
                "could not lock {name} ({e}); a second window on it would not be warned"
            )),
        ),
    }
}

impl App {
    /// Opens a session file; on failure stays where it is and says why.
    pub fn open(&mut self, path: &Path) {
        match self.storage.load(path) {
            Ok(session) => {
                let (lock, read_only, note) = take_lock(path);
                // Leftovers of a save that was killed halfway: only ours to
                // remove once the lock says nobody else is saving.
                let cleaned = if lock.is_some() {
                    store::clean_stray_temps(path)
                } else {
                    Vec::new()
                };
                let doc = Doc::open(session, path.to_path_buf(), lock, read_only, &self.storage);
                let mut message = format!("opened {}", file_name(path));
                if !cleaned.is_empty() {
                    message.push_str(&format!(
                        "; removed {} temporary file(s) left by an interrupted save",
                        cleaned.len()
                    ));
                }
                if let Some(note) = note {
                    message = format!("{message}. {note}");
                }
                self.set_doc(doc, message);
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    /// A new session from the start screen: written once, then opened.
    pub(super) fn create(&mut self, session: Session, path: PathBuf) {
        let bytes = match FileFormat::of(&path).and_then(|f| store::to_bytes(&session, f)) {
            Ok(b) => b,
            Err(e) => return self.error(e.to_string()),
        };
        if let Err(e) = self.storage.save_checked(&path, &bytes, None) {
            return self.error(e.to_string());
        }
        let (lock, read_only, note) = take_lock(&path);
        let doc = Doc::open(session, path.clone(), lock, read_only, &self.storage);
        let mut message = format!(
            "created {} in {}",
            file_name(&path),
            self.sessions_dir.display()
        );
        if let Some(note) = note {
            message = format!("{message}. {note}");
        }
        self.set_doc(doc, message);
    }
}
