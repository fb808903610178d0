//! The session lock across threads and processes: one owner at a time,
//! stale locks of dead processes taken over, others' locks respected.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Barrier};
use std::time::{Duration, SystemTime};

use funnelcheck::store::lock::{self, Acquired, LockInfo};

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temp dir")
}

/// The pid of a process that has exited (reaped), so no process has it.
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().expect("spawn true");
    let pid = child.id();
    child.wait().expect("wait");
    pid
}

fn write_lock(session: &Path, info: &LockInfo) {
    fs::write(
        lock::lock_path(session),
        serde_json::to_vec(info).expect("json"),
    )
    .expect("write lock");
}

#[test]
fn a_fresh_lock_names_us_and_goes_away_when_dropped() {
    let dir = tempdir();
    let session = dir.path().join("q4.ron");
    let path = lock::lock_path(&session);
    assert_eq!(path, dir.path().join("q4.ron.lock"));
    let Acquired::Fresh(held) = lock::acquire(&session).expect("acquire") else {
        panic!("nobody held it");
    };
    let on_disk: LockInfo =
        serde_json::from_slice(&fs::read(&path).expect("lock file")).expect("lock content");
    assert_eq!(&on_disk, held.info());
    assert_eq!(on_disk.pid, std::process::id());
    assert!(held.still_ours());

    // A second open (another window of this process) sees it held.
    match lock::acquire(&session).expect("acquire") {
        Acquired::HeldBy(info) => assert_eq!(&info, held.info()),
        other => panic!("{other:?}"),
    }
    drop(held);
    assert!(!path.exists(), "released");
    assert!(matches!(
        lock::acquire(&session).expect("acquire"),
        Acquired::Fresh(_)
    ));
}

#[test]
fn a_lock_of_a_dead_process_on_this_host_is_taken_over() {
    let dir = tempdir();
    let session = dir.path().join("q4.ron");
    let stale = LockInfo {
        pid: dead_pid(),
        host: lock::hostname(),
        started: "2026-11-23T09:12:00+01:00".into(),
    };
    write_lock(&session, &stale);
    match lock::acquire(&session).expect("acquire") {
        Acquired::TookOver { lock, stale: found } => {
            assert_eq!(found, stale);
            assert!(lock.still_ours());
        }
        other => panic!("{other:?}"),
    }
    assert!(!lock::lock_path(&session).exists());
}

#[test]
fn a_live_process_or_another_host_holds_the_lock() {
    let dir = tempdir();
    let session = dir.path().join("q4.ron");
    let mut sleeper = Command::new("sleep").arg("30").spawn().expect("sleep");
    let live = LockInfo {
        pid: sleeper.id(),
        host: lock::hostname(),
        started: "2026-11-23T09:12:00+01:00".into(),
    };
    write_lock(&session, &live);
    match lock::acquire(&session).expect("acquire") {
        Acquired::HeldBy(info) => {
            assert_eq!(info, live);
            assert!(info.to_string().ends_with("since 2026-11-23 09:12"));
        }
        other => panic!("{other:?}"),
    }
    // Once that process is gone, the same lock is stale.
    sleeper.kill().expect("kill");
    sleeper.wait().expect("wait");
    assert!(matches!(
        lock::acquire(&session).expect("acquire"),
        Acquired::TookOver { .. }
    ));

    // A dead pid on another host: we cannot tell, so it holds.
    let remote = LockInfo {
        pid: dead_pid(),
        host: format!("not-{}", lock::hostname()),
        started: "2026-11-23T09:12:00+01:00".into(),
    };
    let other = dir.path().join("remote.ron");
    write_lock(&other, &remote);
    assert!(matches!(
        lock::acquire(&other).expect("acquire"),
        Acquired::HeldBy(info) if info == remote
    ));
}

#[test]
fn force_replaces_any_lock_and_the_old_owner_notices() {
    let dir = tempdir();
    let session = dir.path().join("q4.ron");
    let Acquired::Fresh(first) = lock::acquire(&session).expect("acquire") else {
        panic!("fresh");
    };
    let forced = lock::force(&session).expect("force");
    assert!(forced.still_ours());
    assert!(!first.still_ours(), "the first owner sees it lost the lock");
    // Dropping the old lock must not remove the forced one.
    drop(first);
    assert!(lock::lock_path(&session).exists());
    assert!(forced.still_ours());
    drop(forced);
    assert!(!lock::lock_path(&session).exists());
}

fn age(path: &Path, secs: u64) {
    let file = fs::File::options().write(true).open(path).expect("open");
    file.set_modified(SystemTime::now() - Duration::from_secs(secs))
        .expect("mtime");
}

#[test]
fn an_unreadable_lock_holds_briefly_then_counts_as_stale() {
    let dir = tempdir();
    let session = dir.path().join("q4.ron");
    let path = lock::lock_path(&session);
    fs::write(&path, "garbage").expect("write");
    match lock::acquire(&session).expect("acquire") {
        Acquired::HeldBy(info) => {
            assert!(
                info.to_string().starts_with("an unreadable lock file"),
                "{info}"
            );
        }
        other => panic!("{other:?}"),
    }
    age(&path, 60);
    assert!(matches!(
        lock::acquire(&session).expect("acquire"),
        Acquired::TookOver { .. }
    ));
}

#[cfg(unix)]
#[test]
fn a_symlinked_session_is_locked_beside_its_target() {
    let dir = tempdir();
    let target = dir.path().join("real.ron");
    fs::write(&target, "x").expect("write");
    let sub = dir.path().join("links");
    fs::create_dir(&sub).expect("mkdir");
    let link = sub.join("s.ron");
    std::os::unix::fs::symlink(&target, &link).expect("symlink");
    assert_eq!(lock::lock_path(&link), dir.path().join("real.ron.lock"));
    let Acquired::Fresh(_held) = lock::acquire(&link).expect("acquire") else {
        panic!("fresh");
    };
    assert!(matches!(
        lock::acquire(&target).expect("acquire"),
        Acquired::HeldBy(_)
    ));
}

#[test]
fn threads_racing_for_one_lock_get_one_owner() {
    for _ in 0..20 {
        let dir = tempdir();
        let session = Arc::new(dir.path().join("q4.ron"));
        let barrier = Arc::new(Barrier::new(8));
        let handles: Vec<_> = (0..8)
            .map(|_| {
                let (session, barrier) = (Arc::clone(&session), Arc::clone(&barrier));
                std::thread::spawn(move || {
                    barrier.wait();
                    lock::acquire(&session).expect("acquire")
                })
            })
            .collect();
        let results: Vec<Acquired> = handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect();
        let owners = results
            .iter()
            .filter(|a| !matches!(a, Acquired::HeldBy(_)))
            .count();
        assert_eq!(owners, 1, "{results:?}");
    }
}

/// Set in a child process: take the lock of this session, say what
/// happened, hold it until the parent closes our stdin (so every racer has
/// tried while the winner still holds it, however slow the machine), exit.
const CHILD_ENV: &str = "FUNNELCHECK_LOCK_CHILD";

#[test]
fn lock_child() {
    let Ok(session) = std::env::var(CHILD_ENV) else {
        return;
    };
    let outcome = lock::acquire(Path::new(&session)).expect("acquire");
    let word = match &outcome {
        Acquired::Fresh(_) => "fresh",
        Acquired::TookOver { .. } => "took-over",
        Acquired::HeldBy(_) => "held",
    };
    println!("LOCK-RESULT {word}");
    let _ = std::io::Write::flush(&mut std::io::stdout());
    let mut rest = String::new();
    let _ = std::io::Read::read_to_string(&mut std::io::stdin(), &mut rest);
}

fn spawn_child(session: &Path) -> std::process::Child {
    Command::new(std::env::current_exe().expect("test binary"))
        .args(["--exact", "lock_child", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, session)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn child")
}

/// The child's "LOCK-RESULT" word, read as soon as it is printed (the
/// child still holds what it got).
fn child_result(child: &mut std::process::Child) -> String {
    let out = child.stdout.as_mut().expect("piped stdout");
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(out));
    lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|l| l.split("LOCK-RESULT ").nth(1).map(str::to_string))
        .and_then(|rest| rest.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| panic!("no result from child"))
}

#[test]
fn processes_racing_over_a_stale_lock_end_with_one_owner() {
    for round in 0..3 {
        let dir = tempdir();
        let session: PathBuf = dir.path().join("q4.ron");
        if round > 0 {
            // A lock left by a crash: every racer judges it stale.
            write_lock(
                &session,
                &LockInfo {
                    pid: dead_pid(),
                    host: lock::hostname(),
                    started: "2026-11-23T09:12:00+01:00".into(),
                },
            );
        }
        let mut children: Vec<_> = (0..4).map(|_| spawn_child(&session)).collect();
        let results: Vec<String> = children.iter_mut().map(child_result).collect();
        // Every racer has answered: let them go (closing stdin), and wait.
        for mut child in children {
            drop(child.stdin.take());
            let _ = child.wait();
        }
        let owners = results.iter().filter(|r| *r != "held").count();
        assert_eq!(owners, 1, "round {round}: {results:?}");
        // The owner released it on exit.
        assert!(!lock::lock_path(&session).exists(), "{results:?}");
    }
}
