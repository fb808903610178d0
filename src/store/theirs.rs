//! "Keep mine" after the file changed on disk: the other version is kept
//! beside the session, never silently overwritten.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

/// `NAME.theirs-YYYYMMDD-HHMMSS.EXT` beside `session` (a number is added
/// when two conflicts fall in one second), holding `bytes`. Written with
/// `create_new`, so an earlier copy is never replaced.
pub fn keep_theirs(session: &Path, bytes: &[u8], now: NaiveDateTime) -> std::io::Result<PathBuf> {
    let stem = session
        .file_stem()
        .map_or_else(|| "session".into(), |s| s.to_string_lossy().to_string());
    let ext = session
        .extension()
        .map_or_else(|| "ron".into(), |e| e.to_string_lossy().to_string());
    let stamp = now.format("%Y%m%d-%H%M%S");
    for n in 1..100 {
        let name = if n == 1 {
            format!("{stem}.theirs-{stamp}.{ext}")
        } else {
            format!("{stem}.theirs-{stamp}-{n}.{ext}")
        };
        let path = session.with_file_name(name);
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                f.write_all(bytes)?;
                f.sync_all()?;
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other(
        "too many copies of the other version this second",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_every_copy_under_its_own_name() {
        let dir = tempfile::tempdir().expect("dir");
        let session = dir.path().join("q4.ron");
        let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
            .and_then(|d| d.and_hms_opt(10, 5, 9))
            .expect("time");
        let a = keep_theirs(&session, b"one", now).expect("first");
        let b = keep_theirs(&session, b"two", now).expect("second");
        assert_eq!(
            a.file_name().and_then(|n| n.to_str()),
            Some("q4.theirs-20261123-100509.ron")
        );
        assert_eq!(
            b.file_name().and_then(|n| n.to_str()),
            Some("q4.theirs-20261123-100509-2.ron")
        );
        assert_eq!(fs::read(&a).expect("read"), b"one");
        assert_eq!(fs::read(&b).expect("read"), b"two");
    }
}
