//! Saving: an edit hands the session to the writer, what the writer reports
//! becomes the footer's state, and a failed save is tried again.
//!
//! Saves never wait for the disk on a keypress: an edit hands a copy of the
//! session to the writer thread (`store::writer`), which writes the newest
//! one and reports back; the footer says *saving…* until the file is
//! durable. Tests run the same writer and wait for it after each edit
//! (`Saving::Inline`), so what they read from disk is what the app wrote.
//!
//! `tick`, the app's heartbeat, lives here: most of it is the writer's
//! news; what it learns about the file on disk is `conflict`'s part.

use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDateTime;

use super::App;
use super::doc::{DiskStamp, file_name};
use crate::store;
use crate::store::writer::WriteResult;

/// Seconds between tries of a failed save.
const RETRY_SECS: i64 = 5;

/// How long quitting, a signal or a crash waits for the writer.
const FLUSH_ON_EXIT: Duration = Duration::from_secs(5);

/// How long a test (or an inline save) waits for one write.
const FLUSH_INLINE: Duration = Duration::from_secs(60);

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

impl App {
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
    pub(super) fn settle_writes(&mut self) {
        let results = match self.doc.as_ref().and_then(|d| d.writer.as_ref()) {
            Some(w) => w.flush(FLUSH_ON_EXIT),
            None => return,
        };
        self.apply_writes(results);
    }

    /// The last save failed (not held back, not read-only): worth trying again.
    pub(super) fn save_failed(&self) -> bool {
        matches!(
            self.doc.as_ref().map(|d| &d.save),
            Some(SaveState::Failed(_))
        )
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
        if self.save_failed()
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
        self.watch_disk();
    }
}
