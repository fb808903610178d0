//! Reading the export off the keyboard's path: a thread reads and counts
//! (a million rows take about a second) and works out the session after
//! the import; the app takes the result on a tick. Esc sets a flag the
//! reader checks between reads, so a cancelled read stops early and its
//! result is dropped unseen.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::thread;

use crate::import::{self, Applied, ApplyError, Import, ImportError, Options};
use crate::session::Session;

/// What a finished read found.
#[derive(Debug)]
pub enum Done {
    /// Read and applied to a copy of the session: ready to preview.
    Ready {
        import: Box<Import>,
        applied: Box<Applied>,
    },
    /// The file says something the options do not settle, or is not an export.
    Refused(ImportError),
    /// Read, but the figures cannot go into the session.
    NotApplied(ApplyError),
    /// The file could not be opened.
    Unreadable(String),
}

/// A reader that gives up once the dialog no longer wants the result.
struct Cancellable<R> {
    inner: R,
    cancel: Arc<AtomicBool>,
}

impl<R: Read> Read for Cancellable<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.cancel.load(Ordering::Relaxed) {
            return Err(io::Error::new(io::ErrorKind::Interrupted, "cancelled"));
        }
        self.inner.read(buf)
    }
}

/// One read of one file, running.
pub struct Job {
    rx: Receiver<Done>,
    cancel: Arc<AtomicBool>,
}

impl Job {
    /// Starts reading `path` as an export for `session`; `file` is the name
    /// the session keeps.
    pub fn spawn(path: PathBuf, file: String, opts: Options, session: Arc<Session>) -> Job {
        let (tx, rx) = mpsc::channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&cancel);
        thread::spawn(move || {
            let done = run(&path, &file, &opts, &session, flag);
            // The dialog may have gone (Esc, quit): nobody to tell.
            let _ = tx.send(done);
        });
        Job { rx, cancel }
    }

    /// The result, when the thread has one.
    pub fn poll(&self) -> Option<Done> {
        match self.rx.try_recv() {
            Ok(done) => Some(done),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Done::Unreadable(
                "the reading stopped unexpectedly; try again".to_string(),
            )),
        }
    }

    /// Blocks until the thread is done: for tests and inline mode.
    pub fn wait(&self) -> Done {
        self.rx.recv().unwrap_or_else(|_| {
            Done::Unreadable("the reading stopped unexpectedly; try again".to_string())
        })
    }

    /// Stops the read at its next block and drops whatever it finds.
    pub fn cancel(self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

fn run(
    path: &std::path::Path,
    file: &str,
    opts: &Options,
    session: &Session,
    cancel: Arc<AtomicBool>,
) -> Done {
    let f = match File::open(path) {
        Ok(f) => f,
        Err(e) => {
            return Done::Unreadable(match e.kind() {
                io::ErrorKind::NotFound => format!(
                    "there is no file {}: check the name and the folder (a path is read from the session's folder; ~ is your home folder)",
                    path.display()
                ),
                _ => format!("cannot read {}: {e}", path.display()),
            });
        }
    };
    if path.is_dir() {
        return Done::Unreadable(format!(
            "{} is a folder: type the name of the CSV file in it",
            path.display()
        ));
    }
    let reader = Cancellable {
        inner: BufReader::with_capacity(1 << 16, f),
        cancel,
    };
    let imp = match import::import(reader, opts) {
        Ok(imp) => imp,
        Err(e) => return Done::Refused(e),
    };
    match import::apply(session, &imp, opts, file) {
        Ok(applied) => Done::Ready {
            import: Box::new(imp),
            applied: Box::new(applied),
        },
        Err(e) => Done::NotApplied(e),
    }
}
