//! The next session of a chain (issue 11): made from the one before and
//! written beside it, so the link between them is a plain file name that
//! survives moving the whole folder. Core code: store plus model, no
//! terminal; the CLI and the start screen both call [`create`].

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::model;
use crate::session::Session;
use crate::session::limits::TextKind;
use crate::store::{self, FileFormat, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum FollowUpError {
    #[error(transparent)]
    Store(#[from] StoreError),

    #[error("{path} already exists; give the follow-up another name")]
    Exists { path: PathBuf },

    #[error(
        "the check-in date {date} is before the session it follows ({previous}); give a date on or after it"
    )]
    Early {
        date: NaiveDate,
        previous: NaiveDate,
    },

    #[error("{0}")]
    Title(String),
}

/// The title a follow-up gets when none is given: "Check-in 2027-02-20"
/// (the company is shown beside every title already).
pub fn default_title(date: NaiveDate) -> String {
    format!("Check-in {date}")
}

/// Writes the follow-up of the session at `prev_path` next to it and
/// returns its path. `name` is a title or a file name (`q1.ron`); without
/// one the title is [`default_title`]. Never replaces a file.
pub fn create(
    prev_path: &Path,
    name: Option<&str>,
    date: NaiveDate,
) -> Result<PathBuf, FollowUpError> {
    let prev = store::load(prev_path)?;
    if date < prev.date {
        return Err(FollowUpError::Early {
            date,
            previous: prev.date,
        });
    }
    let name = name.map(str::trim).filter(|n| !n.is_empty());
    if let Some(n) = name
        && n.contains(['/', '\\'])
    {
        return Err(FollowUpError::Title(format!(
            "\"{n}\" names a folder; give a title or a file name: the follow-up is written next to the session it follows, so the link between them stays a file name"
        )));
    }
    let title = match name {
        Some(n) => Path::new(n)
            .file_stem()
            .filter(|_| FileFormat::of(Path::new(n)).is_ok())
            .map_or_else(|| n.to_string(), |s| s.to_string_lossy().into_owned()),
        None => default_title(date),
    };
    TextKind::Title
        .check_as(&title, "a title")
        .map_err(FollowUpError::Title)?;
    let dir = prev_path.parent().unwrap_or_else(|| Path::new(""));
    // Without a name the file is named after the company too, so the
    // follow-ups of several companies can share a folder.
    let file_name = name.map_or_else(
        || format!("{} {title}", prev.company.trim()),
        str::to_string,
    );
    let path = store::path_for_name(dir, &file_name);
    if path.exists() {
        return Err(FollowUpError::Exists { path });
    }
    let file = prev_path
        .file_name()
        .map_or_else(String::new, |f| f.to_string_lossy().into_owned());
    let next = model::follow_up(&prev, &file, &title, date);
    store::save(&path, &next)?;
    Ok(path)
}

/// Where the predecessor of the session at `file` should be: its link is
/// relative to `file`'s folder.
pub fn previous_path(file: &Path, s: &Session) -> Option<PathBuf> {
    let link = s.previous.as_ref()?;
    let dir = file.parent().unwrap_or_else(|| Path::new(""));
    Some(dir.join(&link.path))
}
