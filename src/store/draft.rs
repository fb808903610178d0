//! Text that was typed but not yet saved when the app was stopped (a
//! signal, a closed terminal, a crash) is kept beside the session as
//! `NAME.ron.draft` and offered at the next open.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// `NAME.ron` → `NAME.ron.draft`.
pub fn draft_path(session: &Path) -> PathBuf {
    let mut name = session
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".draft");
    session.with_file_name(name)
}

/// Writes the draft durably (it is written at the worst moments: a signal,
/// a panic), replacing an older one.
pub fn write_draft(session: &Path, text: &str) -> std::io::Result<PathBuf> {
    let path = draft_path(session);
    let mut f = fs::File::create(&path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()?;
    Ok(path)
}

/// Takes the draft: its text, once; the file is removed so it is offered
/// only at this open. Drafts larger than a few pages are not ours.
pub fn take_draft(session: &Path) -> Option<String> {
    let path = draft_path(session);
    let meta = fs::symlink_metadata(&path).ok()?;
    if !meta.is_file() || meta.len() > 64 * 1024 {
        return None;
    }
    let text = fs::read_to_string(&path).ok()?;
    let _ = fs::remove_file(&path);
    Some(text).filter(|t| !t.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_is_offered_once() {
        let dir = tempfile::tempdir().expect("dir");
        let session = dir.path().join("q4.ron");
        assert_eq!(take_draft(&session), None);
        write_draft(&session, "Call every MQL within a day").expect("write");
        assert_eq!(draft_path(&session), dir.path().join("q4.ron.draft"));
        assert_eq!(
            take_draft(&session).as_deref(),
            Some("Call every MQL within a day")
        );
        assert_eq!(take_draft(&session), None, "taken");
    }
}
