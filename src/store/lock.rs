//! A lock naming who has a session open, as Vim's swap file does: a file
//! `NAME.ron.lock` beside the session holding the pid, host and start time
//! of the instance that opened it.
//!
//! - Created atomically: the content goes to a temp file that is then
//!   hard-linked to the lock's name, which fails if the name exists; so two
//!   instances racing for the lock cannot both win, and a lock never exists
//!   half-written. Where hard links are not supported (FAT, some network
//!   shares) it falls back to `O_EXCL` creation and then writing.
//! - A lock is stale when it names this host and its process no longer
//!   runs. A lock from another host is never stale: we cannot see its
//!   processes, so the user decides (`force`).
//! - An unreadable lock (garbage, or empty) is stale once it is older than
//!   `UNREADABLE_GRACE`: younger, it may be another instance writing it on
//!   a file system without hard links, so it holds.
//! - Taking a stale lock over first renames it away and checks that what
//!   was moved is what was judged stale, so two instances taking over one
//!   stale lock still end with one owner.

use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use super::StoreError;
use super::read::read_capped;
use super::write::{resolve_target, temp_name, with_suffix};

/// How long an unreadable lock file counts as another instance still
/// writing it.
pub const UNREADABLE_GRACE: Duration = Duration::from_secs(10);

/// A lock file is a few dozen bytes; anything much bigger is not ours.
const LOCK_BYTES_MAX: u64 = 4096;

/// The lock of `session`: `NAME.ron.lock` beside the file it finally
/// names, so a session opened through a symlink and through its target
/// shares one lock.
pub fn lock_path(session: &Path) -> PathBuf {
    let target = resolve_target(session).unwrap_or_else(|_| session.to_path_buf());
    with_suffix(&target, ".lock")
}

/// Who holds a lock: the content of the lock file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockInfo {
    pub pid: u32,
    pub host: String,
    /// When the lock was taken, RFC 3339 in the holder's local time.
    pub started: String,
}

impl LockInfo {
    /// This process, now.
    pub fn ours() -> LockInfo {
        LockInfo {
            pid: std::process::id(),
            host: hostname(),
            started: chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, false),
        }
    }

    /// Stands for a lock file that could not be read, written at `modified`.
    fn unreadable(modified: Option<SystemTime>) -> LockInfo {
        LockInfo {
            pid: 0,
            host: String::new(),
            started: modified.map_or_else(String::new, |m| {
                chrono::DateTime::<chrono::Local>::from(m)
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
            }),
        }
    }
}

impl fmt::Display for LockInfo {
    /// "pid 1234 on laptop-ana since 2026-11-23 09:12". Text from the file
    /// is shown with control characters escaped: a lock file is input too.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let since = chrono::DateTime::parse_from_rfc3339(&self.started).map_or_else(
            |_| visible(&self.started),
            |t| t.format("%Y-%m-%d %H:%M").to_string(),
        );
        if self.pid == 0 && self.host.is_empty() {
            return if since.is_empty() {
                write!(f, "an unreadable lock file")
            } else {
                write!(f, "an unreadable lock file written {since}")
            };
        }
        write!(
            f,
            "pid {} on {} since {since}",
            self.pid,
            visible(&self.host)
        )
    }
}

fn visible(text: &str) -> String {
    text.chars()
        .take(80)
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

/// What `acquire` found.
#[derive(Debug)]
pub enum Acquired {
    /// Nobody had the session open; it is ours.
    Fresh(Lock),
    /// A lock was left by a process of this host that no longer runs (a
    /// crash, a kill); it is ours now. Tell the user.
    TookOver { lock: Lock, stale: LockInfo },
    /// Someone else has it open (or may have: another host). Open it
    /// read-only, or `force` when the user insists.
    HeldBy(LockInfo),
}

/// A held lock. Dropping it removes the lock file, unless someone forced
/// it away from us in the meantime.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    info: LockInfo,
}

impl Lock {
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn info(&self) -> &LockInfo {
        &self.info
    }

    /// Whether the lock file still names us (another instance may have
    /// forced it, or someone deleted it).
    pub fn still_ours(&self) -> bool {
        matches!(read_lock(&self.path), Ok(Found::Info(info, _)) if info == self.info)
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // A check then a remove: a force landing in between loses its lock
        // file, which the forcing instance notices through `still_ours`.
        if self.still_ours() {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Takes the lock of `session`, or says who holds it.
pub fn acquire(session: &Path) -> Result<Acquired, StoreError> {
    let path = lock_path(session);
    let ours = LockInfo::ours();
    let bytes = encode(&ours);
    let lock_err = |source| StoreError::Lock {
        path: path.clone(),
        source,
    };
    // Each round either ends or loses a race to another instance that has
    // now moved the lock on; a few rounds settle any realistic contention.
    for _ in 0..8 {
        match create_exclusive(&path, &bytes) {
            Ok(()) => {
                return Ok(Acquired::Fresh(Lock { path, info: ours }));
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(lock_err(e)),
        }
        let (seen, info, stale) = match read_lock(&path) {
            Ok(Found::Info(info, seen)) => {
                let stale = is_stale(&info);
                (seen, info, stale)
            }
            Ok(Found::Unreadable(seen, modified)) => {
                let old = modified
                    .and_then(|m| SystemTime::now().duration_since(m).ok())
                    .is_some_and(|age| age >= UNREADABLE_GRACE);
                (seen, LockInfo::unreadable(modified), old)
            }
            // Released between our create and our read: try again.
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(lock_err(e)),
        };
        if !stale {
            return Ok(Acquired::HeldBy(info));
        }
        if !move_away_if_unchanged(&path, &seen).map_err(lock_err)? {
            continue;
        }
        match create_exclusive(&path, &bytes) {
            Ok(()) => {
                return Ok(Acquired::TookOver {
                    lock: Lock { path, info: ours },
                    stale: info,
                });
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(lock_err(e)),
        }
    }
    match read_lock(&path) {
        Ok(Found::Info(info, _)) => Ok(Acquired::HeldBy(info)),
        Ok(Found::Unreadable(_, modified)) => Ok(Acquired::HeldBy(LockInfo::unreadable(modified))),
        Err(e) => Err(lock_err(e)),
    }
}

/// Replaces whatever lock `session` has with ours: the user insists (the
/// other instance is gone on another host, or they accept the risk).
pub fn force(session: &Path) -> Result<Lock, StoreError> {
    let path = lock_path(session);
    let info = LockInfo::ours();
    let lock_err = |source| StoreError::Lock {
        path: path.clone(),
        source,
    };
    let temp = temp_name(&path);
    write_new(&temp, &encode(&info)).map_err(lock_err)?;
    fs::rename(&temp, &path).map_err(|e| {
        let _ = fs::remove_file(&temp);
        lock_err(e)
    })?;
    Ok(Lock { path, info })
}

fn encode(info: &LockInfo) -> Vec<u8> {
    let mut bytes = serde_json::to_vec(info).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

enum Found {
    Info(LockInfo, Vec<u8>),
    Unreadable(Vec<u8>, Option<SystemTime>),
}

fn read_lock(path: &Path) -> io::Result<Found> {
    let modified = fs::metadata(path)?.modified().ok();
    let bytes = match read_capped(path, LOCK_BYTES_MAX) {
        Ok(bytes) => bytes,
        Err(StoreError::Read { source, .. }) => return Err(source),
        // Not a regular file, or far too big: not a lock we wrote.
        Err(_) => return Ok(Found::Unreadable(Vec::new(), modified)),
    };
    Ok(match serde_json::from_slice::<LockInfo>(&bytes) {
        Ok(info) => Found::Info(info, bytes),
        Err(_) => Found::Unreadable(bytes, modified),
    })
}

fn is_stale(info: &LockInfo) -> bool {
    info.host == hostname() && !process_alive(info.pid)
}

/// Moves the lock file away when it still holds `seen`; `false` when it
/// changed or vanished in the meantime (another instance got there first).
fn move_away_if_unchanged(path: &Path, seen: &[u8]) -> io::Result<bool> {
    let moved = temp_name(path);
    match fs::rename(path, &moved) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e),
    }
    let same = fs::read(&moved).is_ok_and(|bytes| bytes == seen);
    if !same {
        // We moved someone's fresh lock: put it back unless yet another
        // instance has taken the name meanwhile.
        let _ = fs::hard_link(&moved, path);
    }
    let _ = fs::remove_file(&moved);
    Ok(same)
}

/// Creates `path` holding `bytes`, failing with `AlreadyExists` if it
/// exists, and never leaving it visible half-written (where links work).
fn create_exclusive(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temp = temp_name(path);
    write_new(&temp, bytes)?;
    let linked = fs::hard_link(&temp, path);
    let _ = fs::remove_file(&temp);
    match linked {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
        Err(_) => write_new(path, bytes),
    }
}

fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// This computer's name, as the lock records it.
pub fn hostname() -> String {
    #[cfg(unix)]
    {
        let mut buf = [0u8; 256];
        // SAFETY: the pointer and length describe `buf`, which outlives the
        // call; gethostname writes at most `len` bytes.
        let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
        if rc == 0 {
            let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
            let name = String::from_utf8_lossy(&buf[..end]).into_owned();
            if !name.is_empty() {
                return name;
            }
        }
    }
    std::env::var("HOSTNAME")
        .or_else(|_| std::env::var("COMPUTERNAME"))
        .unwrap_or_else(|_| "this computer".to_string())
}

/// Whether a process with this pid runs on this host. Errs towards "alive":
/// a lock wrongly judged stale loses work, one wrongly judged held only
/// asks the user.
pub fn process_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        // 0 and negative pids address process groups, not one process.
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        if pid <= 0 {
            return false;
        }
        // SAFETY: signal 0 delivers nothing; kill only checks the pid.
        let rc = unsafe { libc::kill(pid, 0) };
        rc == 0 || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        pid != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_says_who_and_since_when() {
        let info = LockInfo {
            pid: 1234,
            host: "laptop-ana".into(),
            started: "2026-11-23T09:12:30.123456+01:00".into(),
        };
        assert_eq!(
            info.to_string(),
            "pid 1234 on laptop-ana since 2026-11-23 09:12"
        );
        let odd = LockInfo {
            pid: 7,
            host: "evil\u{1b}]0;pwned\u{7}".into(),
            started: "yesterday".into(),
        };
        assert_eq!(
            odd.to_string(),
            "pid 7 on evil\\u{1b}]0;pwned\\u{7} since yesterday"
        );
        assert_eq!(
            LockInfo::unreadable(None).to_string(),
            "an unreadable lock file"
        );
    }

    #[test]
    fn our_lock_info_is_rfc3339_and_names_this_process() {
        let ours = LockInfo::ours();
        assert_eq!(ours.pid, std::process::id());
        assert!(!ours.host.is_empty());
        assert!(chrono::DateTime::parse_from_rfc3339(&ours.started).is_ok());
    }

    #[test]
    fn process_groups_are_never_alive_pids() {
        assert!(process_alive(std::process::id()));
        assert!(!process_alive(0));
        assert!(!process_alive(u32::MAX));
    }
}
