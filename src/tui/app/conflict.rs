//! When the file is not only ours: noticing that it changed on disk or that
//! another window took it over, and the ways out — reload, keep mine (their
//! version kept beside it) and `!` to take a read-only file over.

use std::sync::Arc;

use super::App;
use super::doc::{DiskStamp, Doc, file_name};
use super::save::SaveState;
use crate::store::{self, lock};
use crate::tui::action::Action;

impl App {
    pub(super) fn conflict_action(&mut self, action: Action) {
        match action {
            Action::ReloadFromDisk => self.reload(),
            Action::KeepMine => self.keep_mine(),
            Action::Quit => self.request_quit(),
            Action::ToggleHelp => self.help = Some(0),
            _ => {}
        }
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
        if self.save_failed() {
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

    /// Called by `tick` once the writer's results are in: notices when
    /// another window took the file over or someone changed it on disk.
    pub(super) fn watch_disk(&mut self) {
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
