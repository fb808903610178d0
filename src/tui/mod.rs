//! The workshop TUI: the only module that imports ratatui or crossterm.
//!
//! `run` owns the terminal; [`app::App`] owns the state and every change;
//! [`chrome::draw`] draws one frame from the state without changing it.

pub mod action;
pub mod app;
pub mod chrome;
pub mod history;
pub mod import;
pub mod keymap;
pub mod present;
pub mod screens;
pub mod start;
pub mod theme;
pub mod widgets;

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;

pub use app::{App, Options};
pub use keymap::Keymap;
pub use theme::ThemeName;

/// Why the TUI could not run.
#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    #[error("cannot use the terminal: {0}")]
    Terminal(#[from] io::Error),
    /// Stopped by a signal; the terminal was restored first.
    #[error("stopped by signal {0}")]
    Signal(i32),
}

impl TuiError {
    /// The exit code a shell expects: 128 + the signal's number.
    pub fn exit_code(&self) -> i32 {
        match self {
            TuiError::Signal(n) => 128 + n,
            TuiError::Terminal(_) => 1,
        }
    }
}

/// Puts the terminal back however `run` ends: return, `?` or panic (the
/// panic hook `ratatui::try_init` installs restores too; this adds mouse
/// and paste modes, which ratatui does not know we turned on).
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
        ratatui::restore();
    }
}

fn local_now() -> chrono::NaiveDateTime {
    chrono::Local::now().naive_local()
}

/// Opens the TUI: on `opts.file`, or on the start screen without one, with
/// the config file's keys and without colour when `no_colour` (NO_COLOR).
///
/// However it ends — `q`, a signal (SIGTERM, SIGHUP, SIGINT, SIGQUIT), a
/// closed terminal or a panic — the terminal is restored and whatever was
/// typed but not saved is kept as a draft beside the session first.
pub fn run(opts: Options, keys: Keymap, no_colour: bool) -> Result<(), TuiError> {
    let mut app = App::new(&opts, local_now());
    // The app proper: a keypress never waits for the disk.
    app.saving = app::Saving::Background;
    app.keymap = keys;
    if no_colour {
        app.theme = app.theme.without_colour();
    }
    let stop = Arc::new(AtomicUsize::new(0));
    for sig in [SIGTERM, SIGHUP, SIGINT, SIGQUIT] {
        // The handler only records the signal; the loop below notices it
        // within one poll and leaves through the same door as `q`.
        signal_hook::flag::register_usize(sig, stop.clone(), sig as usize)?;
    }
    // A stopped app must end even if the terminal is gone and the loop is
    // stuck in it (a closed window can make a tty report input endlessly):
    // every edit is already on disk through the writer, so three seconds
    // after a signal the process ends by itself.
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    {
        let (stop, done) = (Arc::clone(&stop), Arc::clone(&done));
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(Duration::from_millis(200));
                let signal = stop.load(Ordering::SeqCst);
                if signal != 0 {
                    std::thread::sleep(Duration::from_secs(3));
                    if !done.load(Ordering::SeqCst) {
                        std::process::exit(128 + signal as i32);
                    }
                    return;
                }
            }
        });
    }
    let mut terminal = ratatui::try_init()?;
    let guard = TerminalGuard;
    execute!(io::stdout(), EnableMouseCapture, EnableBracketedPaste)?;
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        event_loop(&mut app, &mut terminal, &stop)
    }));
    let signal = stop.load(Ordering::SeqCst);
    // Save first, then give the terminal back.
    let kept = match &result {
        Ok(Ok(())) if signal == 0 => Vec::new(),
        _ => app.emergency_save(),
    };
    drop(guard);
    done.store(true, Ordering::SeqCst);
    for path in &kept {
        eprintln!(
            "funnelcheck: kept what was typed but not saved in {}",
            path.display()
        );
    }
    match result {
        Err(panic) => std::panic::resume_unwind(panic),
        Ok(Err(e)) => Err(e),
        Ok(Ok(())) if signal != 0 => Err(TuiError::Signal(signal as i32)),
        Ok(Ok(())) => Ok(()),
    }
}

fn event_loop(
    app: &mut App,
    terminal: &mut ratatui::DefaultTerminal,
    stop: &AtomicUsize,
) -> Result<(), TuiError> {
    while !app.quit && stop.load(Ordering::SeqCst) == 0 {
        terminal.draw(|f| chrome::draw(f, app))?;
        if event::poll(Duration::from_millis(250))? {
            let ev = event::read()?;
            app.handle_event(&ev);
            // Drain what is queued (fast typing, paste) before the next draw,
            // but never endlessly: a signal must still be noticed, and a
            // hung-up terminal can report input without end.
            let mut drained = 0;
            while !app.quit
                && stop.load(Ordering::SeqCst) == 0
                && drained < 1024
                && event::poll(Duration::ZERO)?
            {
                app.handle_event(&event::read()?);
                drained += 1;
            }
        }
        app.tick(local_now());
    }
    Ok(())
}
