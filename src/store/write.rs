//! Writing a session: atomic, durable, through symlinks, never over a file
//! someone else changed, and keeping what we replace (`.bak`, and `.orig`
//! once for a hand-commented file).

use std::ffi::OsString;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use atomic_write_file::AtomicWriteFile;

use super::read::read_capped;
use super::scan::{has_ron_comments, leading_version};
use super::{FileFormat, StoreError, to_bytes};
use crate::session::limits::FILE_BYTES_MAX;
use crate::session::{CURRENT_VERSION, Session};

/// What a save did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// 0 when the file already held exactly these bytes.
    pub bytes_written: usize,
    /// The one-time copy of a hand-commented file, when this save made it.
    pub orig: Option<PathBuf>,
    /// The file actually written (the target of a symlinked session).
    pub target: PathBuf,
}

/// A temp file of ours younger than this may belong to a save in progress
/// (a big session on a slow disk), so it is left alone.
pub const STRAY_TEMP_MIN_AGE: Duration = Duration::from_secs(10);

/// The backup path: `NAME.ron` → `NAME.ron.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    with_suffix(path, ".bak")
}

/// The one-time copy of a hand-written file: `NAME.ron` → `NAME.ron.orig`.
pub fn orig_path(path: &Path) -> PathBuf {
    with_suffix(path, ".orig")
}

pub(super) fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(suffix);
    path.with_file_name(name)
}

/// The file `path` finally names, following symlinks (also a dangling one,
/// whose target a save creates). Saving to the link itself would replace
/// the link with a regular file and leave its target (often in a synced
/// folder) behind.
pub fn resolve_target(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    // The limit Linux itself applies to a chain of links.
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let next = fs::read_link(&current)?;
                current = if next.is_absolute() {
                    next
                } else {
                    current.parent().unwrap_or(Path::new("")).join(next)
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// Writes `text` (an already serialised session) to `path`, durably, unless
/// the file no longer holds `expected`.
///
/// `expected`: what we believe the file holds now; `None` skips the check
/// (a new file, or the command line writing where the user told it to). A
/// missing file never counts as changed: writing it loses nobody's work.
/// The check runs after the new contents are on disk and right before the
/// rename, so the window in which another writer can slip in is the rename
/// itself, not the time the fsync takes.
///
/// Does not parse anything: the caller knows the version it read.
pub fn save_checked(
    path: &Path,
    text: &[u8],
    expected: Option<&[u8]>,
) -> Result<Saved, StoreError> {
    let target = resolve_target(path).map_err(|source| StoreError::Write {
        path: path.to_path_buf(),
        source,
    })?;
    let err = |source| StoreError::Write {
        path: target.clone(),
        source,
    };
    let mut file = AtomicWriteFile::options().open(&target).map_err(err)?;
    file.write_all(text).map_err(err)?;
    file.as_file().sync_all().map_err(err)?;

    let current = current_contents(&target)?;
    if current.as_deref() == Some(text) {
        // Nothing to do; dropping `file` removes the temp file.
        file.discard().map_err(err)?;
        return Ok(Saved {
            bytes_written: 0,
            orig: None,
            target,
        });
    }
    if let (Some(expected), Some(current)) = (expected, current.as_deref())
        && current != expected
    {
        file.discard().map_err(err)?;
        return Err(StoreError::ChangedOnDisk {
            path: path.to_path_buf(),
        });
    }

    let mut orig = None;
    if let Some(current) = &current {
        let wants_orig = matches!(FileFormat::of(path), Ok(FileFormat::Ron))
            && has_ron_comments(current)
            && !orig_path(&target).exists();
        if wants_orig {
            keep_copy(&target, &orig_path(&target), current, false).map_err(err)?;
            orig = Some(orig_path(&target));
        }
        keep_copy(&target, &backup_path(&target), current, true).map_err(err)?;
    }
    // commit(): fsync (a no-op now), rename over the target, fsync the
    // folder, which also makes the `.bak` and `.orig` entries durable.
    if let Err(source) = file.commit() {
        // The rename may have happened and only the folder fsync failed:
        // then the file holds our bytes, and the caller must know it to
        // tell its next save from someone else's change.
        return Err(match current_contents(&target) {
            Ok(Some(now)) if now == text => StoreError::NotDurable {
                path: target.clone(),
                source,
            },
            _ => err(source),
        });
    }
    Ok(Saved {
        bytes_written: text.len(),
        orig,
        target,
    })
}

/// What the file holds now; `None` when there is none. Refuses to replace
/// what we could not have read (a FIFO, a device, a huge file).
fn current_contents(target: &Path) -> Result<Option<Vec<u8>>, StoreError> {
    match read_capped(target, FILE_BYTES_MAX) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(StoreError::Read { source, .. }) if source.kind() == io::ErrorKind::NotFound => {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// Keeps `contents` (what `file` holds now) at `keep`. A hard link costs no
/// copy and no extra fsync (the folder fsync of the save covers it); where
/// links are not supported (FAT, some network shares) the bytes are
/// written. `replace`: whether an existing `keep` is overwritten.
fn keep_copy(file: &Path, keep: &Path, contents: &[u8], replace: bool) -> io::Result<()> {
    if !replace {
        return match fs::hard_link(file, keep) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
            Err(_) => {
                let mut out = fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(keep)?;
                out.write_all(contents)?;
                out.sync_all()
            }
        };
    }
    let temp = temp_name(keep);
    match fs::hard_link(file, &temp) {
        Ok(()) => fs::rename(&temp, keep).inspect_err(|_| {
            let _ = fs::remove_file(&temp);
        }),
        Err(_) => {
            let mut out = AtomicWriteFile::options().open(keep)?;
            out.write_all(contents)?;
            out.commit()
        }
    }
}

/// A hidden name beside `path` in the pattern `atomic-write-file` uses
/// (`.NAME.` and six letters or digits), so `clean_stray_temps` finds it.
pub(super) fn temp_name(path: &Path) -> PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let mut seed = nanos
        ^ (u64::from(std::process::id()) << 32)
        ^ COUNTER
            .fetch_add(1, Ordering::Relaxed)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut name = OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(".");
    let suffix: String = (0..6)
        .map(|_| {
            // splitmix64: enough to make two names in one folder differ.
            seed = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = seed;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            char::from(ALNUM[(z % ALNUM.len() as u64) as usize])
        })
        .collect();
    name.push(suffix);
    path.with_file_name(name)
}

/// Saves the session for the command line. Returns only once the new file
/// is durably on disk; the previous contents (if any, and if different)
/// are kept as `.bak`. A file written by a newer app is never replaced.
pub fn save(path: &Path, session: &Session) -> Result<(), StoreError> {
    let format = FileFormat::of(path)?;
    let text = to_bytes(session, format)?;
    let target = resolve_target(path).map_err(|source| StoreError::Write {
        path: path.to_path_buf(),
        source,
    })?;
    if let Ok(head) = read_head(&target)
        && let Some(found) = leading_version(&head)
        && found > CURRENT_VERSION
    {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found,
            known: CURRENT_VERSION,
        });
    }
    save_checked(path, &text, None).map(|_| ())
}

/// The first few KiB of a regular file (never blocking on a FIFO).
fn read_head(path: &Path) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let meta = fs::metadata(path)?;
    if !meta.is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let mut head = Vec::new();
    options.open(path)?.take(4096).read_to_end(&mut head)?;
    Ok(head)
}

/// Removes the hidden temp files a killed or failed save of `session` left
/// behind (each a full copy of the session), and says which. Only names in
/// the pattern of our own temp files for this session (and its `.bak`,
/// `.orig` and lock) that were not touched for `STRAY_TEMP_MIN_AGE` are
/// removed. Call it once the lock is ours, so no live save is racing it.
pub fn clean_stray_temps(session: &Path) -> Vec<PathBuf> {
    let mut files = vec![session.to_path_buf()];
    if let Ok(target) = resolve_target(session)
        && target != session
    {
        files.push(target);
    }
    let now = SystemTime::now();
    let mut removed = Vec::new();
    for file in files {
        let Some(name) = file.file_name() else {
            continue;
        };
        let dir = match file.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let bases: Vec<OsString> = ["", ".bak", ".orig", ".lock"]
            .iter()
            .map(|suffix| {
                let mut base = name.to_os_string();
                base.push(suffix);
                base
            })
            .collect();
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let entry_name = entry.file_name();
            if !bases.iter().any(|b| is_temp_of(&entry_name, b)) {
                continue;
            }
            let Ok(meta) = fs::symlink_metadata(entry.path()) else {
                continue;
            };
            let old_enough = meta
                .modified()
                .ok()
                .and_then(|m| now.duration_since(m).ok())
                .is_some_and(|age| age >= STRAY_TEMP_MIN_AGE);
            if meta.is_file() && old_enough && fs::remove_file(entry.path()).is_ok() {
                removed.push(entry.path());
            }
        }
    }
    removed.sort();
    removed.dedup();
    removed
}

/// `.BASE.XXXXXX` with six ASCII letters or digits, as `atomic-write-file`
/// and `temp_name` make them.
fn is_temp_of(name: &std::ffi::OsStr, base: &std::ffi::OsStr) -> bool {
    let (name, base) = (name.as_encoded_bytes(), base.as_encoded_bytes());
    let Some(rest) = name
        .strip_prefix(b".")
        .and_then(|r| r.strip_prefix(base))
        .and_then(|r| r.strip_prefix(b"."))
    else {
        return false;
    };
    rest.len() == 6 && rest.iter().all(u8::is_ascii_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_follow_the_atomic_write_file_pattern() {
        let name = temp_name(Path::new("/x/q4.ron.bak"));
        let file = name.file_name().unwrap_or_default();
        assert!(
            is_temp_of(file, std::ffi::OsStr::new("q4.ron.bak")),
            "{name:?}"
        );
        assert!(
            !is_temp_of(file, std::ffi::OsStr::new("q4.ron")),
            "{name:?}"
        );
        assert_ne!(name, temp_name(Path::new("/x/q4.ron.bak")));
        let os = std::ffi::OsStr::new;
        assert!(is_temp_of(os(".q4.ron.aB3xY9"), os("q4.ron")));
        assert!(!is_temp_of(os(".q4.ron.aB3xY"), os("q4.ron")));
        assert!(!is_temp_of(os(".q4.ron.aB3-Y9"), os("q4.ron")));
        assert!(!is_temp_of(os("q4.ron.aB3xY9"), os("q4.ron")));
        assert!(!is_temp_of(os(".q5.ron.aB3xY9"), os("q4.ron")));
    }
}
