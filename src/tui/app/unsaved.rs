//! Every way out when changes have not reached the disk: quitting asks
//! first, the prompt retries or saves to another file or folder ("save
//! as"), and an app being stopped keeps what was typed in a draft.

use std::path::PathBuf;
use std::sync::Arc;

use super::App;
use super::doc::{Doc, take_lock};
use super::save::SaveState;
use crate::session::Session;
use crate::store::{self, FileFormat};
use crate::tui::action::Action;
use crate::tui::widgets::text_field::TextField;

impl App {
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
        if self.save_failed() {
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
}
