//! The workshop TUI: the only module that imports ratatui or crossterm.
//!
//! `run` owns the terminal; [`app::App`] owns the state and every change;
//! [`chrome::draw`] draws one frame from the state without changing it.

pub mod action;
pub mod app;
pub mod chrome;
pub mod history;
pub mod keymap;
pub mod present;
pub mod screens;
pub mod start;
pub mod theme;
pub mod widgets;

use std::io;
use std::time::Duration;

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
pub fn run(opts: Options, keys: Keymap, no_colour: bool) -> Result<(), TuiError> {
    let mut app = App::new(&opts, local_now());
    app.keymap = keys;
    if no_colour {
        app.theme = app.theme.without_colour();
    }
    let mut terminal = ratatui::try_init()?;
    let _guard = TerminalGuard;
    execute!(io::stdout(), EnableMouseCapture, EnableBracketedPaste)?;
    while !app.quit {
        terminal.draw(|f| chrome::draw(f, &mut app))?;
        if event::poll(Duration::from_millis(500))? {
            let ev = event::read()?;
            app.handle_event(&ev);
            // Drain what is queued (fast typing, paste) before the next draw.
            while !app.quit && event::poll(Duration::ZERO)? {
                app.handle_event(&event::read()?);
            }
        }
        app.tick(local_now());
    }
    Ok(())
}
