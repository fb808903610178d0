//! The `funnelcheck` binary: parse the command line, then either run a
//! headless subcommand or open the app.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use funnelcheck::cli::{self, Cli, Command};
use funnelcheck::store;

fn main() -> ExitCode {
    let args = Cli::parse();
    let dir = store::sessions_dir(args.dir.as_deref());
    match args.command {
        None => open_tui(args.file, dir, args.theme),
        Some(Command::Open { file }) => open_tui(file, dir, args.theme),
        Some(command) => cli::finish(cli::run(command, &dir)),
    }
}

/// The one entry into the interactive app (`funnelcheck`, `funnelcheck FILE`,
/// `funnelcheck open [FILE]`). The app is not part of this build yet, so this
/// says so and points to the headless commands; it becomes a call to
/// `funnelcheck::tui::run(file, dir, theme)` when the TUI lands.
fn open_tui(file: Option<PathBuf>, dir: PathBuf, theme: Option<String>) -> ExitCode {
    let _ = (dir, theme);
    let target = file.map_or_else(|| "FILE".to_string(), |f| f.display().to_string());
    eprintln!(
        "funnelcheck: the interactive app is not in this build yet; \
         use a subcommand instead, e.g. `funnelcheck show {target}` (see `funnelcheck --help`)"
    );
    ExitCode::from(2)
}
