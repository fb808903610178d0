//! The background writer: coalescing, flush, conflicts, failures, and a
//! property test over a storage that fails or stops at random points.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use funnelcheck::assets;
use funnelcheck::session::Session;
use funnelcheck::store::writer::{FileStore, Storage, WriteResult, Writer};
use funnelcheck::store::{self, FileFormat, Saved, StoreError};
use proptest::prelude::*;

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temp dir")
}

fn session(generation: u64) -> Session {
    let mut s = assets::example_session();
    s.title = format!("Edit {generation}");
    s
}

fn bytes_of(generation: u64) -> Vec<u8> {
    store::to_bytes(&session(generation), FileFormat::Ron).expect("serialise")
}

const WAIT: Duration = Duration::from_secs(20);

/// The real disk, slowed down and counted.
struct Slow {
    saves: AtomicUsize,
    delay: Duration,
}

impl Storage for Slow {
    fn save_checked(
        &self,
        path: &Path,
        bytes: &[u8],
        expected: Option<&[u8]>,
    ) -> Result<Saved, StoreError> {
        self.saves.fetch_add(1, Ordering::SeqCst);
        std::thread::sleep(self.delay);
        store::save_checked(path, bytes, expected)
    }

    fn load(&self, path: &Path) -> Result<Session, StoreError> {
        store::load(path)
    }
}

#[test]
fn quick_edits_coalesce_and_the_last_one_wins() {
    let dir = tempdir();
    let path = dir.path().join("s.ron");
    let slow = Arc::new(Slow {
        saves: AtomicUsize::new(0),
        delay: Duration::from_millis(30),
    });
    let writer = Writer::spawn(path.clone(), FileFormat::Ron, None, slow.clone());
    for generation in 1..=100 {
        writer.submit(generation, session(generation));
    }
    let results = writer.flush(WAIT);
    assert!(writer.idle());
    let saves = slow.saves.load(Ordering::SeqCst);
    assert!(saves <= 10, "{saves} writes for 100 quick edits");
    let last = results.last().expect("a result");
    assert!(
        matches!(last, WriteResult::Saved { generation: 100, bytes, .. } if *bytes == bytes_of(100)),
        "{last:?}"
    );
    assert!(
        results
            .iter()
            .all(|r| matches!(r, WriteResult::Saved { .. }))
    );
    assert_eq!(results.len(), saves);
    assert_eq!(fs::read(&path).expect("read"), bytes_of(100));
    assert!(writer.poll().is_empty(), "flush handed every result over");
}

#[test]
fn submit_returns_at_once_and_poll_does_not_wait() {
    let dir = tempdir();
    let slow = Arc::new(Slow {
        saves: AtomicUsize::new(0),
        delay: Duration::from_millis(500),
    });
    let writer = Writer::spawn(dir.path().join("s.ron"), FileFormat::Ron, None, slow);
    let start = std::time::Instant::now();
    writer.submit(1, session(1));
    let polled = writer.poll();
    assert!(
        start.elapsed() < Duration::from_millis(300),
        "{:?}",
        start.elapsed()
    );
    assert!(polled.is_empty());
    assert!(!writer.idle());
    // A flush too short for the save returns what there is.
    assert!(writer.flush(Duration::from_millis(10)).is_empty());
    let results = writer.flush(WAIT);
    assert!(
        matches!(results[..], [WriteResult::Saved { generation: 1, .. }]),
        "{results:?}"
    );
}

#[test]
fn dropping_the_writer_writes_what_is_queued() {
    let dir = tempdir();
    let path = dir.path().join("s.ron");
    let writer = Writer::spawn(path.clone(), FileFormat::Ron, None, Arc::new(FileStore));
    writer.submit(1, session(1));
    writer.submit(2, session(2));
    drop(writer);
    assert_eq!(fs::read(&path).expect("read"), bytes_of(2));
}

#[test]
fn a_change_by_someone_else_is_a_conflict_until_rebase() {
    let dir = tempdir();
    let path = dir.path().join("s.ron");
    fs::write(&path, bytes_of(0)).expect("write");
    let writer = Writer::spawn(
        path.clone(),
        FileFormat::Ron,
        Some(bytes_of(0)),
        Arc::new(FileStore),
    );
    writer.submit(1, session(1));
    assert!(matches!(
        writer.flush(WAIT)[..],
        [WriteResult::Saved { generation: 1, .. }]
    ));

    // Another instance saves its own edit.
    let theirs = bytes_of(77);
    fs::write(&path, &theirs).expect("their save");
    writer.submit(2, session(2));
    assert_eq!(
        writer.flush(WAIT),
        [WriteResult::Conflict { generation: 2 }]
    );
    assert_eq!(fs::read(&path).expect("read"), theirs);
    // Nothing is written until the app has decided.
    writer.submit(3, session(3));
    assert_eq!(
        writer.flush(WAIT),
        [WriteResult::Conflict { generation: 3 }]
    );
    assert_eq!(fs::read(&path).expect("read"), theirs);

    // "Keep mine": the app set theirs aside and tells the writer what the
    // file holds; then its next submission goes through.
    writer.rebase(Some(theirs.clone()));
    writer.submit(4, session(4));
    assert!(matches!(
        writer.flush(WAIT)[..],
        [WriteResult::Saved { generation: 4, .. }]
    ));
    assert_eq!(fs::read(&path).expect("read"), bytes_of(4));
    assert_eq!(
        fs::read(store::backup_path(&path)).expect("bak"),
        theirs,
        "their version is the backup"
    );
}

#[test]
fn a_change_while_the_file_is_being_written_is_caught_before_the_rename() {
    // Someone writes between our temp file and our rename: the storage
    // below plays them, right inside the save.
    struct Sneaky {
        theirs: Vec<u8>,
    }
    impl Storage for Sneaky {
        fn save_checked(
            &self,
            path: &Path,
            bytes: &[u8],
            expected: Option<&[u8]>,
        ) -> Result<Saved, StoreError> {
            fs::write(path, &self.theirs).expect("their write");
            store::save_checked(path, bytes, expected)
        }
        fn load(&self, path: &Path) -> Result<Session, StoreError> {
            store::load(path)
        }
    }
    let dir = tempdir();
    let path = dir.path().join("s.ron");
    fs::write(&path, bytes_of(0)).expect("write");
    let writer = Writer::spawn(
        path.clone(),
        FileFormat::Ron,
        Some(bytes_of(0)),
        Arc::new(Sneaky {
            theirs: bytes_of(9),
        }),
    );
    writer.submit(1, session(1));
    assert_eq!(
        writer.flush(WAIT),
        [WriteResult::Conflict { generation: 1 }]
    );
    assert_eq!(fs::read(&path).expect("read"), bytes_of(9));
}

/// Fails every save while `failing` is set.
struct Flaky {
    failing: Mutex<bool>,
}

impl Storage for Flaky {
    fn save_checked(
        &self,
        path: &Path,
        bytes: &[u8],
        expected: Option<&[u8]>,
    ) -> Result<Saved, StoreError> {
        if *self.failing.lock().expect("lock") {
            return Err(StoreError::Write {
                path: path.to_path_buf(),
                source: std::io::Error::other("No space left on device"),
            });
        }
        store::save_checked(path, bytes, expected)
    }
    fn load(&self, path: &Path) -> Result<Session, StoreError> {
        store::load(path)
    }
}

#[test]
fn a_failed_save_is_reported_and_the_next_one_retries() {
    let dir = tempdir();
    let path = dir.path().join("s.ron");
    let flaky = Arc::new(Flaky {
        failing: Mutex::new(true),
    });
    let writer = Writer::spawn(path.clone(), FileFormat::Ron, None, flaky.clone());
    writer.submit(1, session(1));
    let results = writer.flush(WAIT);
    let [
        WriteResult::Failed {
            generation: 1,
            error,
        },
    ] = &results[..]
    else {
        panic!("{results:?}");
    };
    assert!(error.contains("No space left"), "{error}");
    assert!(!path.exists());

    *flaky.failing.lock().expect("lock") = false;
    writer.submit(2, session(2));
    assert!(matches!(
        writer.flush(WAIT)[..],
        [WriteResult::Saved { generation: 2, .. }]
    ));
    assert_eq!(fs::read(&path).expect("read"), bytes_of(2));
}

/// What the in-memory disk does on one save call.
#[derive(Debug, Clone, Copy)]
enum Fault {
    Works,
    /// Fails before anything is written.
    FailsBefore,
    /// The new bytes land, but their durability is not confirmed.
    FailsAfterRename,
    /// The process dies here, with or without the rename done.
    Stops {
        renamed: bool,
    },
}

fn fault() -> impl Strategy<Value = Fault> {
    prop_oneof![
        6 => Just(Fault::Works),
        2 => Just(Fault::FailsBefore),
        2 => Just(Fault::FailsAfterRename),
        1 => any::<bool>().prop_map(|renamed| Fault::Stops { renamed }),
    ]
}

#[derive(Default)]
struct Disk {
    files: HashMap<PathBuf, Vec<u8>>,
    call: usize,
    /// After a stop nothing changes any more: the process is gone.
    stopped: bool,
}

struct Faulty {
    disk: Mutex<Disk>,
    plan: Vec<Fault>,
}

impl Storage for Faulty {
    fn save_checked(
        &self,
        path: &Path,
        bytes: &[u8],
        expected: Option<&[u8]>,
    ) -> Result<Saved, StoreError> {
        let mut disk = self.disk.lock().expect("lock");
        let write_err = || StoreError::Write {
            path: path.to_path_buf(),
            source: std::io::Error::other("injected"),
        };
        if disk.stopped {
            return Err(write_err());
        }
        let fault = self.plan.get(disk.call).copied().unwrap_or(Fault::Works);
        disk.call += 1;
        let current = disk.files.get(path).cloned();
        let saved = || Saved {
            bytes_written: bytes.len(),
            orig: None,
            target: path.to_path_buf(),
        };
        if current.as_deref() == Some(bytes) {
            return Ok(Saved {
                bytes_written: 0,
                ..saved()
            });
        }
        if let (Some(expected), Some(current)) = (expected, current.as_deref())
            && expected != current
        {
            return Err(StoreError::ChangedOnDisk {
                path: path.to_path_buf(),
            });
        }
        match fault {
            Fault::Works => {
                disk.files.insert(path.to_path_buf(), bytes.to_vec());
                Ok(saved())
            }
            Fault::FailsBefore => Err(write_err()),
            Fault::FailsAfterRename => {
                disk.files.insert(path.to_path_buf(), bytes.to_vec());
                Err(StoreError::NotDurable {
                    path: path.to_path_buf(),
                    source: std::io::Error::other("injected fsync failure"),
                })
            }
            Fault::Stops { renamed } => {
                if renamed {
                    disk.files.insert(path.to_path_buf(), bytes.to_vec());
                }
                disk.stopped = true;
                Err(write_err())
            }
        }
    }

    fn load(&self, _path: &Path) -> Result<Session, StoreError> {
        Err(StoreError::Extension {
            path: PathBuf::from("not used"),
        })
    }
}

#[derive(Debug, Clone)]
enum Step {
    Submit,
    Pause,
    Flush,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => Just(Step::Submit),
        1 => Just(Step::Pause),
        1 => Just(Step::Flush),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever fails or stops when, the file holds the last acknowledged
    /// state or a newer submitted one (never older, never a state nobody
    /// submitted), every acknowledgement is true, there are no false
    /// conflicts, and without a stop the newest submission ends up saved
    /// once the disk works again.
    #[test]
    fn the_file_is_always_the_last_acknowledged_state_or_newer(
        plan in proptest::collection::vec(fault(), 0..30),
        steps in proptest::collection::vec(step(), 1..40),
        initial in any::<bool>(),
    ) {
        let path = PathBuf::from("mem/s.ron");
        let mut disk = Disk::default();
        if initial {
            disk.files.insert(path.clone(), bytes_of(0));
        }
        let storage = Arc::new(Faulty { disk: Mutex::new(disk), plan });
        let writer = Writer::spawn(
            path.clone(),
            FileFormat::Ron,
            initial.then(|| bytes_of(0)),
            storage.clone(),
        );
        let mut results = Vec::new();
        let mut generation = 0;
        for step in &steps {
            match step {
                Step::Submit => {
                    generation += 1;
                    writer.submit(generation, session(generation));
                }
                Step::Pause => std::thread::sleep(Duration::from_millis(2)),
                Step::Flush => results.extend(writer.flush(WAIT)),
            }
            results.extend(writer.poll());
        }
        // Submit the newest state again (the app's retry) until it sticks or
        // the process is gone; a retry of a failed generation reuses it.
        results.extend(writer.flush(WAIT));
        for _ in 0..40 {
            let done = results.iter().rev().find(|r| r.generation() == generation)
                .is_none_or(|r| matches!(r, WriteResult::Saved { .. }));
            if done || storage.disk.lock().expect("lock").stopped {
                break;
            }
            writer.submit(generation, session(generation));
            results.extend(writer.flush(WAIT));
        }
        prop_assert!(writer.idle());

        let mut last_ack = initial.then_some(0);
        let mut previous = 0;
        for r in &results {
            prop_assert!(r.generation() >= previous, "results in order: {:?}", results);
            previous = r.generation();
            prop_assert!(!matches!(r, WriteResult::Conflict { .. }), "false conflict: {:?}", results);
            if let WriteResult::Saved { generation, bytes, .. } = r {
                prop_assert_eq!(bytes, &bytes_of(*generation));
                last_ack = Some(*generation);
            }
        }
        let disk = storage.disk.lock().expect("lock");
        let content = disk.files.get(&path);
        match (last_ack, content) {
            (None, None) => {}
            (None, Some(c)) => {
                prop_assert!((1..=generation).any(|g| *c == bytes_of(g)), "unknown content");
            }
            (Some(_), None) => prop_assert!(false, "an acknowledged file vanished"),
            (Some(ack), Some(c)) => {
                prop_assert!(
                    (ack..=generation).any(|g| *c == bytes_of(g)),
                    "the file is older than the last acknowledged state {}", ack
                );
            }
        }
        if !disk.stopped && generation > 0 {
            prop_assert_eq!(last_ack, Some(generation));
            prop_assert_eq!(content, Some(&bytes_of(generation)));
        }
    }
}
