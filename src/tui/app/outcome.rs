//! What the app does with a screen's answer: an `Outcome` from a screen
//! (a message, an edit to commit, export everything, open the import
//! dialog) and a `StartOutcome` from the start screen (open, create, make
//! the follow-up check-in). The work that reaches beyond one screen — the
//! files of an export, a new session beside the old one — is done here.

use super::App;
use crate::tui::screens::Outcome;
use crate::tui::start::StartOutcome;

impl App {
    pub(super) fn start_outcome(&mut self, outcome: StartOutcome) {
        match outcome {
            StartOutcome::None => {}
            StartOutcome::Error(e) => self.error(e),
            StartOutcome::Open(path) => self.open(&path),
            StartOutcome::Create(session, path) => self.create(*session, path),
            StartOutcome::FollowUp(path) => self.follow_up(&path),
        }
    }

    /// The next check-in of the session at `path`, written beside it and
    /// opened on its Review screen.
    fn follow_up(&mut self, path: &std::path::Path) {
        match crate::followup::create(path, None, self.now.date()) {
            Ok(next) => {
                self.open(&next);
                if self.doc.as_ref().is_some_and(|d| d.path == next) {
                    self.info(format!(
                        "made {}, the check-in after {}: type this period's counts on the Funnel screen (2), then review here",
                        next.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
                        path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
                    ));
                }
            }
            Err(e) => self.error(format!("no follow-up made: {e}")),
        }
    }

    pub(super) fn outcome(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Ignored | Outcome::Consumed => {}
            Outcome::Info(text) => self.info(text),
            Outcome::Error(text) => self.error(text),
            Outcome::Commit(edit) => self.commit(edit),
            Outcome::ExportAll => self.export_all(),
            Outcome::Import => self.open_import(),
        }
    }

    /// Every export format, into `NAME-export/` next to `NAME.ron`; the
    /// status line says where (or why not).
    fn export_all(&mut self) {
        let Some(doc) = &self.doc else { return };
        let dir = crate::export::export_dir(&doc.path);
        // Never replace last time's export without a word: the first `e`
        // says what is there, the second replaces it.
        let earlier = std::fs::read_dir(&dir).is_ok_and(|mut d| d.next().is_some());
        if earlier && !std::mem::replace(&mut self.export_armed, true) {
            let when = std::fs::metadata(&dir)
                .and_then(|m| m.modified())
                .map(|t| {
                    chrono::DateTime::<chrono::Local>::from(t)
                        .format(" of %Y-%m-%d %H:%M")
                        .to_string()
                })
                .unwrap_or_default();
            return self.info(format!(
                "{} already holds an export{when}: press e again to replace it, any other key keeps it",
                dir.display()
            ));
        }
        self.export_armed = false;
        // A follow-up's HTML draws the trend across its predecessors; a
        // broken link only leaves the trend shorter (the CLI names it).
        let previous = crate::store::chain::predecessors(&doc.path, &doc.session).sessions;
        match crate::export::export_all_with(&doc.session, &previous, Some(&doc.path), &dir) {
            // The whole path: the session may sit in the user data folder,
            // where "example-export" alone would not tell anyone where to look.
            Ok(files) => self.info(format!(
                "exported {} files to {}",
                files.len(),
                std::fs::canonicalize(&dir).unwrap_or(dir).display()
            )),
            Err(e) => self.error(format!("export failed: {e}")),
        }
    }
}
