//! The `funnelcheck` binary: parse the command line, then either run a
//! headless subcommand or open the app.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use funnelcheck::cli::{self, Cli, Command};
use funnelcheck::store;
use funnelcheck::tui::{self, Options, ThemeName};

fn main() -> ExitCode {
    let args = Cli::parse();
    let dir = store::sessions_dir(args.dir.as_deref());
    match args.command {
        None => open_tui(args.file, dir, args.theme, args.present),
        Some(Command::Open { file, present }) => open_tui(file, dir, args.theme, present),
        Some(command) => cli::finish(cli::run(command, &dir)),
    }
}

/// The one entry into the interactive app (`funnelcheck`, `funnelcheck FILE`,
/// `funnelcheck open [FILE]`).
fn open_tui(file: Option<PathBuf>, dir: PathBuf, theme: Option<String>, present: bool) -> ExitCode {
    // Raw mode on a pipe fails with an obscure ioctl error; say what to do instead.
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        let target = file.map_or_else(|| "FILE".to_string(), |f| f.display().to_string());
        eprintln!(
            "error: the workshop app needs a terminal, and this output is not one\n\
             For scripts, use a headless command instead, e.g. `funnelcheck show {target}` (see `funnelcheck --help`)."
        );
        return ExitCode::from(2);
    }
    // clap has already limited --theme to the known names.
    let theme = theme
        .and_then(|t| ThemeName::parse(&t).ok())
        .unwrap_or(ThemeName::Projector);
    match tui::run(Options {
        file,
        sessions_dir: Some(dir),
        theme,
        present,
    }) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
