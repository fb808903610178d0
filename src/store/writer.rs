//! Saves off the input path: the app hands every committed session to a
//! background thread and goes back to the keyboard. The thread keeps only
//! the newest session it was given (edits made while a save runs coalesce
//! into the next one), serialises it and saves it with `save_checked`, so a
//! file that someone else changed is never overwritten.
//!
//! Generations are the app's edit counter: every result names the
//! generation it is about, and a generation that was superseded before it
//! could be written is covered by the newer one's result.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use super::{FileFormat, Saved, StoreError, save_checked, to_bytes};
use crate::session::Session;

/// Where saves go; behind a trait so tests can make the disk fail, stop
/// or change under us. `save_checked` behaves as [`super::save_checked`]:
/// an error leaves the file as it was, except `StoreError::NotDurable`,
/// which says the file holds the new bytes but may lose them in a crash.
pub trait Storage: Send + Sync {
    fn save_checked(
        &self,
        path: &Path,
        bytes: &[u8],
        expected: Option<&[u8]>,
    ) -> Result<Saved, StoreError>;
    fn load(&self, path: &Path) -> Result<Session, StoreError>;
}

/// The real disk.
pub struct FileStore;

impl Storage for FileStore {
    fn save_checked(
        &self,
        path: &Path,
        bytes: &[u8],
        expected: Option<&[u8]>,
    ) -> Result<Saved, StoreError> {
        save_checked(path, bytes, expected)
    }

    fn load(&self, path: &Path) -> Result<Session, StoreError> {
        super::load(path)
    }
}

/// What became of a submitted generation.
#[derive(Debug, Clone, PartialEq)]
pub enum WriteResult {
    /// Durably on disk. `bytes` is what the file now holds; `orig` the
    /// one-time copy of a hand-commented file when this save made it.
    Saved {
        generation: u64,
        at: SystemTime,
        bytes: Vec<u8>,
        orig: Option<PathBuf>,
    },
    /// Not durably written: the file holds what it held before, or (the
    /// folder fsync failed after the rename) these contents, not yet safe
    /// from a crash. Submit again to retry.
    Failed { generation: u64, error: String },
    /// The file changed on disk since we last wrote or read it; nothing was
    /// written, and nothing will be until `rebase`.
    Conflict { generation: u64 },
}

impl WriteResult {
    pub fn generation(&self) -> u64 {
        match self {
            WriteResult::Saved { generation, .. }
            | WriteResult::Failed { generation, .. }
            | WriteResult::Conflict { generation } => *generation,
        }
    }
}

enum Msg {
    Submit(u64, Arc<Session>),
    Rebase(Option<Vec<u8>>),
    Stop,
}

#[derive(Default)]
struct Shared {
    results: Vec<WriteResult>,
    /// The highest generation submitted, and the highest one settled
    /// (written, failed, in conflict, superseded or dropped by `rebase`).
    submitted: u64,
    settled: u64,
    /// Whether the thread stopped (it panicked, or the writer is dropped).
    gone: bool,
}

type SharedState = Arc<(Mutex<Shared>, Condvar)>;

/// The background writer of one session file.
pub struct Writer {
    tx: Sender<Msg>,
    shared: SharedState,
    thread: Option<JoinHandle<()>>,
}

impl Writer {
    /// Starts the thread for `path`. `disk`: what the file holds now, as
    /// the app read it (`None` for a new file), so the first save already
    /// refuses to replace someone else's change.
    pub fn spawn(
        path: PathBuf,
        format: FileFormat,
        disk: Option<Vec<u8>>,
        storage: Arc<dyn Storage>,
    ) -> Writer {
        let (tx, rx) = mpsc::channel();
        let shared: SharedState = Arc::default();
        let thread_shared = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("funnelcheck-writer".into())
            .spawn(move || {
                let mut worker = Worker {
                    path,
                    format,
                    expected: disk,
                    conflict: false,
                    storage,
                    shared: Arc::clone(&thread_shared),
                };
                worker.run(&rx);
                let (lock, cvar) = &*thread_shared;
                lock_shared(lock).gone = true;
                cvar.notify_all();
            })
            .ok();
        if thread.is_none() {
            lock_shared(&shared.0).gone = true;
        }
        Writer { tx, shared, thread }
    }

    /// Hands `session` (the state after edit number `generation`) to the
    /// thread. Never blocks on the disk.
    pub fn submit(&self, generation: u64, session: impl Into<Arc<Session>>) {
        let session = session.into();
        {
            let mut state = lock_shared(&self.shared.0);
            state.submitted = state.submitted.max(generation);
        }
        if self.tx.send(Msg::Submit(generation, session)).is_err() {
            self.report_gone(generation);
        }
    }

    /// Tells the thread what the file holds now (after a reload, or after
    /// "keep mine" set the other version aside), and lifts a conflict.
    /// Submissions not yet written are dropped: they were made against the
    /// old file; submit again to write over the new one.
    pub fn rebase(&self, disk: Option<Vec<u8>>) {
        // A gone thread reports itself at the next submit.
        let _ = self.tx.send(Msg::Rebase(disk));
    }

    /// The results so far, without waiting.
    pub fn poll(&self) -> Vec<WriteResult> {
        std::mem::take(&mut lock_shared(&self.shared.0).results)
    }

    /// Waits (at most `timeout`) until every submitted generation is
    /// settled, for quit, signals and panics; returns the results. Also
    /// returns early in a conflict, which only the user can settle.
    pub fn flush(&self, timeout: Duration) -> Vec<WriteResult> {
        let deadline = Instant::now() + timeout;
        let (lock, cvar) = &*self.shared;
        let mut state = lock_shared(lock);
        while state.settled < state.submitted && !state.gone {
            let now = Instant::now();
            if now >= deadline {
                break;
            }
            state = match cvar.wait_timeout(state, deadline - now) {
                Ok((guard, _)) => guard,
                Err(poisoned) => poisoned.into_inner().0,
            };
        }
        std::mem::take(&mut state.results)
    }

    /// Whether every submitted generation is settled.
    pub fn idle(&self) -> bool {
        let state = lock_shared(&self.shared.0);
        state.settled >= state.submitted
    }

    fn report_gone(&self, generation: u64) {
        let mut state = lock_shared(&self.shared.0);
        state.results.push(WriteResult::Failed {
            generation,
            error: "the saving thread stopped; save to another file to keep this session"
                .to_string(),
        });
        state.settled = state.settled.max(generation);
    }
}

impl Drop for Writer {
    /// Writes what is still queued, then stops the thread.
    fn drop(&mut self) {
        let _ = self.tx.send(Msg::Stop);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn lock_shared(lock: &Mutex<Shared>) -> MutexGuard<'_, Shared> {
    // A panic while holding the lock leaves plain data behind; keep going.
    lock.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

struct Worker {
    path: PathBuf,
    format: FileFormat,
    /// What the file holds, as far as we know; `None`: unknown or absent.
    expected: Option<Vec<u8>>,
    conflict: bool,
    storage: Arc<dyn Storage>,
    shared: SharedState,
}

impl Worker {
    fn run(&mut self, rx: &Receiver<Msg>) {
        while let Ok(first) = rx.recv() {
            // Take everything queued so far; only the newest session counts.
            let mut pending: Option<(u64, Arc<Session>)> = None;
            let mut stop = false;
            for msg in std::iter::once(first).chain(rx.try_iter()) {
                match msg {
                    Msg::Submit(generation, session) => pending = Some((generation, session)),
                    Msg::Rebase(disk) => {
                        if let Some((generation, _)) = pending.take() {
                            self.settle(generation, None);
                        }
                        self.expected = disk;
                        self.conflict = false;
                    }
                    Msg::Stop => stop = true,
                }
            }
            if let Some((generation, session)) = pending {
                let result = self.write(generation, &session);
                self.settle(generation, Some(result));
            }
            if stop {
                return;
            }
        }
    }

    fn settle(&self, generation: u64, result: Option<WriteResult>) {
        let (lock, cvar) = &*self.shared;
        let mut state = lock_shared(lock);
        state.results.extend(result);
        state.settled = state.settled.max(generation);
        cvar.notify_all();
    }

    fn write(&mut self, generation: u64, session: &Session) -> WriteResult {
        if self.conflict {
            return WriteResult::Conflict { generation };
        }
        let bytes = match to_bytes(session, self.format) {
            Ok(bytes) => bytes,
            Err(e) => {
                return WriteResult::Failed {
                    generation,
                    error: e.to_string(),
                };
            }
        };
        let outcome = self
            .storage
            .save_checked(&self.path, &bytes, self.expected.as_deref());
        match outcome {
            Ok(saved) => {
                let result = WriteResult::Saved {
                    generation,
                    at: SystemTime::now(),
                    bytes: bytes.clone(),
                    orig: saved.orig,
                };
                self.expected = Some(bytes);
                result
            }
            Err(StoreError::ChangedOnDisk { .. }) => {
                self.conflict = true;
                WriteResult::Conflict { generation }
            }
            Err(e) => {
                if matches!(e, StoreError::NotDurable { .. }) {
                    // The file holds these bytes; only their durability is
                    // in doubt, which the next save settles.
                    self.expected = Some(bytes);
                }
                WriteResult::Failed {
                    generation,
                    error: e.to_string(),
                }
            }
        }
    }
}
