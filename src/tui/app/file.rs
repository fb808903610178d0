//! The open file: its lock, the background writer, what the footer says
//! about saving, and every way out when saving goes wrong — the changed-on-
//! disk choice, retry, save as, quit with unsaved changes, and the draft
//! kept when the app is stopped.
//!
//! Saves never wait for the disk on a keypress: an edit hands a copy of the
//! session to the writer thread (`store::writer`), which writes the newest
//! one and reports back; the footer says *saving…* until the file is
//! durable. Tests run the same writer and wait for it after each edit
//! (`Saving::Inline`), so what they read from disk is what the app wrote.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use chrono::NaiveDateTime;

use super::App;
use crate::session::{self, Session};
use crate::store::lock::{self, Acquired, Lock};
use crate::store::writer::{WriteResult, Writer};
use crate::store::{self, FileFormat};
use crate::tui::action::Action;
use crate::tui::history::History;
use crate::tui::widgets::text_field::TextField;

pub use crate::store::writer::{FileStore, Storage};

/// Seconds between tries of a failed save.
const RETRY_SECS: i64 = 5;

/// How long quitting, a signal or a crash waits for the writer.
const FLUSH_ON_EXIT: Duration = Duration::from_secs(5);

/// How long a test (or an inline save) waits for one write.
const FLUSH_INLINE: Duration = Duration::from_secs(60);

pub(super) fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().to_string(),
    )
}

/// Whether a save waits for the disk (tests) or runs behind the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saving {
    /// Each edit waits until the writer has written it: what tests read
    /// from disk right after a key is what the app wrote.
    Inline,
    /// The app: a keypress never waits for the disk.
    Background,
}

/// What the footer says about the file.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveState {
    /// Opened or created, nothing changed yet.
    Clean,
    /// Handed to the writer, not yet durable.
    Saving,
    Saved(NaiveDateTime),
    Failed(String),
    /// The file changed on disk; saving is held back until the user chooses.
    Held,
    /// Another window holds the file's lock: this one does not write.
    ReadOnly(String),
}

/// What we last knew the file on disk to be, to tell our writes from others'.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct DiskStamp {
    modified: Option<SystemTime>,
    bytes: Option<Vec<u8>>,
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
    lock: Option<Lock>,
    /// Writes the file; `None` while read-only.
    writer: Option<Writer>,
    /// The last edit handed to the writer.
    generation: u64,
}

impl Doc {
    /// A document over `path` as just read. `lock`: ours, or `None` with
    /// the reason in `read_only` when another window has it.
    fn open(
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
    fn busy(&self) -> bool {
        self.writer.as_ref().is_some_and(|w| !w.idle())
    }
}

/// Takes the file's lock. Returns the lock, the reason the file is
/// read-only here (another window has it), and a sentence for the user.
fn take_lock(path: &Path) -> (Option<Lock>, Option<String>, Option<String>) {
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

    /// Hands the session to the writer, unless the file changed behind our
    /// back or another window holds it.
    pub(super) fn save(&mut self) {
        let Some(doc) = &mut self.doc else { return };
        if matches!(doc.save, SaveState::Held | SaveState::ReadOnly(_)) {
            return;
        }
        let Some(writer) = &doc.writer else { return };
        doc.generation += 1;
        writer.submit(doc.generation, Arc::clone(&doc.session));
        doc.save = SaveState::Saving;
        if self.saving == Saving::Inline {
            let results = writer.flush(FLUSH_INLINE);
            self.apply_writes(results);
        }
    }

    /// What the writer reported: the footer, the disk stamp, messages.
    fn apply_writes(&mut self, results: Vec<WriteResult>) {
        for result in results {
            let now = self.now;
            let Some(doc) = &mut self.doc else { return };
            match result {
                WriteResult::Saved {
                    generation,
                    bytes,
                    orig,
                    ..
                } => {
                    doc.disk = DiskStamp {
                        modified: store::modified(&doc.path),
                        bytes: Some(bytes),
                    };
                    if generation >= doc.generation {
                        doc.save = SaveState::Saved(now);
                    }
                    if let Some(orig) = orig {
                        let text = format!(
                            "the file had hand-written comments, which saving does not keep: the file as it was is kept in {}",
                            file_name(&orig)
                        );
                        self.info(text);
                    }
                }
                WriteResult::Failed { error, .. } => {
                    doc.save = SaveState::Failed(error.clone());
                    self.error(format!("not saved: {error}"));
                }
                WriteResult::Conflict { .. } => doc.save = SaveState::Held,
            }
        }
    }

    /// Changes that are in memory but not on disk, and why.
    pub fn unsaved(&self) -> Option<String> {
        match self.doc.as_ref().map(|d| &d.save) {
            Some(SaveState::Failed(e)) => Some(format!("the last save failed: {e}")),
            Some(SaveState::Held) => {
                Some("the file changed on disk, so your changes were not written over it".into())
            }
            Some(SaveState::Saving) => Some("the last change is still being written".into()),
            _ => None,
        }
    }

    /// Waits for the writer (at most a few seconds) and takes its results.
    fn settle_writes(&mut self) {
        let results = match self.doc.as_ref().and_then(|d| d.writer.as_ref()) {
            Some(w) => w.flush(FLUSH_ON_EXIT),
            None => return,
        };
        self.apply_writes(results);
    }

    /// Quits, unless changes would be lost: then asks first.
    pub fn request_quit(&mut self) {
        self.settle_writes();
        match self.unsaved() {
            None => self.quit = true,
            Some(why) => {
                self.unsaved_prompt = true;
                self.error(format!(
                    "Not quitting yet: {why}. r tries again · s saves to another file or folder · Q quits and loses these changes · Esc goes back"
                ));
            }
        }
    }

    /// The app is being stopped (a signal, a closed terminal, a panic): the
    /// writer finishes what it has, a failed save is tried once more, and
    /// whatever was typed but not saved goes into `NAME.ron.draft`. Returns
    /// what it wrote, for the message printed after the terminal is back.
    pub fn emergency_save(&mut self) -> Vec<PathBuf> {
        let mut written = Vec::new();
        self.settle_writes();
        if matches!(
            self.doc.as_ref().map(|d| &d.save),
            Some(SaveState::Failed(_))
        ) {
            self.retry_save();
            self.settle_writes();
        }
        let Some(doc) = &self.doc else { return written };
        // A draft offered at this open and never pasted is kept for the next.
        let text = self.typed_text().or_else(|| self.draft.clone());
        if let Some(text) = text
            && let Ok(p) = store::write_draft(&doc.path, &text)
        {
            written.push(p);
        }
        written
    }

    pub(super) fn conflict_action(&mut self, action: Action) {
        match action {
            Action::ReloadFromDisk => self.reload(),
            Action::KeepMine => self.keep_mine(),
            Action::Quit => self.request_quit(),
            Action::ToggleHelp => self.help = Some(0),
            _ => {}
        }
    }

    pub(super) fn unsaved_action(&mut self, action: Action) {
        match action {
            Action::RetrySave => {
                if matches!(self.doc.as_ref().map(|d| &d.save), Some(SaveState::Held)) {
                    self.unsaved_prompt = false;
                    return self.error("the file changed on disk: choose k keep mine (their version is kept beside it) or r reload, or s to save elsewhere");
                }
                self.retry_save();
                self.settle_writes();
                if self.unsaved().is_none() {
                    self.unsaved_prompt = false;
                    self.info("saved; q quits");
                }
            }
            Action::SaveAs => {
                let suggestion = self.save_as_suggestion();
                self.save_as = Some(TextField::new(&suggestion));
                self.info("Save to: type a folder or a file name (.ron or .json), Enter saves, Esc goes back");
            }
            Action::QuitAnyway => self.quit = true,
            Action::Cancel => {
                self.unsaved_prompt = false;
                self.status = None;
            }
            Action::ToggleHelp => self.help = Some(0),
            _ => {}
        }
    }

    /// Where "save as" starts: the home folder, same file name, so a USB
    /// stick or another disk is a short edit away.
    fn save_as_suggestion(&self) -> String {
        let Some(doc) = &self.doc else {
            return String::new();
        };
        let name = doc
            .path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "session.ron".into());
        match directories::UserDirs::new().map(|u| u.home_dir().to_path_buf()) {
            Some(h) => h.join(name).display().to_string(),
            None => name,
        }
    }

    pub(super) fn save_as_action(&mut self, action: Action) {
        match action {
            Action::Edit => {
                let typed = self
                    .save_as
                    .as_ref()
                    .map(|f| f.value().trim().to_string())
                    .unwrap_or_default();
                match self.save_to(&typed) {
                    Ok(path) => {
                        self.save_as = None;
                        self.unsaved_prompt = false;
                        self.info(format!(
                            "saved to {}; this window now works on that file. q quits",
                            path.display()
                        ));
                    }
                    Err(e) => self.error(format!("not saved there: {e}")),
                }
            }
            Action::Cancel => {
                self.save_as = None;
                self.status = None;
            }
            _ => {}
        }
    }

    /// Writes the session to `typed` (a folder takes the session's file
    /// name); never replaces an existing file. On success the window works
    /// on the new file from now on, with its own lock and writer.
    fn save_to(&mut self, typed: &str) -> Result<PathBuf, String> {
        let Some(doc) = &self.doc else {
            return Err("no session is open".into());
        };
        if typed.is_empty() {
            return Err("type a folder or a file name".into());
        }
        let expanded = match typed.strip_prefix("~/") {
            Some(rest) => directories::UserDirs::new()
                .map_or_else(|| PathBuf::from(typed), |u| u.home_dir().join(rest)),
            None => PathBuf::from(typed),
        };
        let path = if expanded.is_dir() {
            expanded.join(
                doc.path
                    .file_name()
                    .unwrap_or_else(|| std::ffi::OsStr::new("session.ron")),
            )
        } else {
            expanded
        };
        if path.exists() {
            return Err(format!(
                "{} exists already: pick another name",
                path.display()
            ));
        }
        let bytes = FileFormat::of(&path)
            .and_then(|f| store::to_bytes(&doc.session, f))
            .map_err(|e| e.to_string())?;
        self.storage
            .save_checked(&path, &bytes, None)
            .map_err(|e| e.to_string())?;
        let (lock, read_only, _) = take_lock(&path);
        let now = self.now;
        let storage = Arc::clone(&self.storage);
        if let Some(doc) = &mut self.doc {
            let session = Session::clone(&doc.session);
            let history = std::mem::take(&mut doc.history);
            *doc = Doc::open(session, path.clone(), lock, read_only, &storage);
            doc.history = history;
            if !doc.read_only() {
                doc.save = SaveState::Saved(now);
            }
        }
        Ok(path)
    }

    /// Tries a failed save again.
    pub(super) fn retry_save(&mut self) {
        self.last_try = Some(self.now);
        if let Some(doc) = &mut self.doc
            && doc.writer.is_some()
            && matches!(doc.save, SaveState::Failed(_))
        {
            doc.save = SaveState::Clean;
        }
        self.save();
    }

    /// "Keep mine": the other version is first copied to
    /// `NAME.theirs-YYYYMMDD-HHMMSS.ron` beside the session, so nothing
    /// anyone typed is lost, and the message says where it is.
    fn keep_mine(&mut self) {
        let Some(doc) = &mut self.doc else { return };
        let theirs = DiskStamp::read(&doc.path);
        let kept = match &theirs.bytes {
            Some(bytes) => match store::keep_theirs(&doc.path, bytes, self.now) {
                Ok(p) => Some(p),
                Err(e) => {
                    return self.error(format!(
                        "could not keep the other version ({e}); nothing was overwritten: r reloads it"
                    ));
                }
            },
            None => None,
        };
        // Their version is now the one we knowingly replace.
        if let Some(w) = &doc.writer {
            w.rebase(theirs.bytes.clone());
        }
        doc.disk = theirs;
        doc.save = SaveState::Clean;
        self.save();
        if matches!(
            self.doc.as_ref().map(|d| &d.save),
            Some(SaveState::Failed(_))
        ) {
            return;
        }
        match kept {
            Some(p) => self.info(format!(
                "kept this version; the other one is in {} (open it to compare)",
                file_name(&p)
            )),
            None => {
                self.info("kept this version; the file had been deleted, so it was written anew")
            }
        }
    }

    pub(super) fn reload(&mut self) {
        let Some(doc) = &self.doc else { return };
        let path = doc.path.clone();
        match self.storage.load(&path) {
            Ok(session) => {
                if let Some(doc) = &mut self.doc {
                    doc.history
                        .record("reload from disk".into(), &doc.session, &session);
                    doc.session = Arc::new(session);
                    doc.problems = None;
                    doc.disk = DiskStamp::read(&path);
                    if let Some(w) = &doc.writer {
                        w.rebase(doc.disk.bytes.clone());
                    }
                    if !doc.read_only() {
                        doc.save = SaveState::Clean;
                    }
                }
                self.sync_screens();
                self.info(format!(
                    "reloaded {} (u undoes the reload)",
                    file_name(&path)
                ));
            }
            Err(e) => self.error(format!(
                "{e} — fix the file and press r again, or k to keep this version"
            )),
        }
    }

    /// `!` on a read-only window: take the file over from the other window
    /// (it notices and stops saving), starting from what is on disk now.
    pub(super) fn take_over(&mut self) {
        let Some(doc) = &self.doc else { return };
        if !doc.read_only() {
            return self.info("this window already saves the file");
        }
        let path = doc.path.clone();
        let lock = match lock::force(&path) {
            Ok(l) => l,
            Err(e) => return self.error(format!("could not take the file over: {e}")),
        };
        match self.storage.load(&path) {
            Ok(session) => {
                let storage = Arc::clone(&self.storage);
                if let Some(doc) = &mut self.doc {
                    let mut history = std::mem::take(&mut doc.history);
                    history.record(
                        "take over (reload from disk)".into(),
                        &doc.session,
                        &session,
                    );
                    *doc = Doc::open(session, path.clone(), Some(lock), None, &storage);
                    doc.history = history;
                }
                self.sync_screens();
                self.info(format!(
                    "this window now saves {}; the other window turns read-only",
                    file_name(&path)
                ));
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    /// Called about four times a second: moves the clock, takes the
    /// writer's results, retries a failed save now and then, notices when
    /// another window took the file over or someone changed it on disk.
    pub fn tick(&mut self, now: NaiveDateTime) {
        self.now = now;
        self.poll_import();
        let results = self
            .doc
            .as_ref()
            .and_then(|d| d.writer.as_ref())
            .map(|w| w.poll())
            .unwrap_or_default();
        self.apply_writes(results);
        // A failed save (a full disk, a pulled USB stick) is tried again every
        // few seconds, so the work reaches the disk as soon as it can.
        let failed = matches!(
            self.doc.as_ref().map(|d| &d.save),
            Some(SaveState::Failed(_))
        );
        if failed
            && self
                .last_try
                .is_none_or(|t| (now - t).num_seconds() >= RETRY_SECS)
        {
            self.retry_save();
            if self.saving == Saving::Inline && self.unsaved().is_none() {
                self.info("saved after all: the disk took the changes");
            }
            return;
        }
        let Some(doc) = &mut self.doc else { return };
        // Someone insisted in another window: stop writing, say so.
        if doc.lock.as_ref().is_some_and(|l| !l.still_ours()) {
            doc.lock = None;
            doc.writer = None;
            let lost = !matches!(doc.save, SaveState::Saved(_) | SaveState::Clean);
            // Changes that never reached the file stay "not saved", so quit
            // asks and save-as can get them out; otherwise just read-only.
            doc.save = if lost {
                SaveState::Failed("another window took this file over".into())
            } else {
                SaveState::ReadOnly("taken over by another window".into())
            };
            let text = if lost {
                "another window took this file over: this one is read-only now, and its last change did not reach the file (s on quit saves it elsewhere)"
            } else {
                "another window took this file over: this one is read-only now"
            };
            self.error(text);
            return;
        }
        if matches!(doc.save, SaveState::Held | SaveState::ReadOnly(_)) || doc.busy() {
            return;
        }
        let modified = store::modified(&doc.path);
        if modified == doc.disk.modified {
            return;
        }
        let stamp = DiskStamp::read(&doc.path);
        if stamp.bytes == doc.disk.bytes {
            doc.disk = stamp;
        } else {
            doc.save = SaveState::Held;
        }
    }
}
