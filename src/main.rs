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
        None => open_tui(args.file, dir, args.theme),
        Some(Command::Open { file }) => open_tui(file, dir, args.theme),
        Some(command) => cli::finish(cli::run(command, &dir)),
    }
}

/// The one entry into the interactive app (`funnelcheck`, `funnelcheck FILE`,
/// `funnelcheck open [FILE]`).
fn open_tui(file: Option<PathBuf>, dir: PathBuf, theme: Option<String>) -> ExitCode {
    // The same lookup as `show FILE`: as given, else inside the sessions folder.
    let file = file.map(|f| (cli::resolve_file(&f, &dir), f));
    if let Some((resolved, given)) = &file
        && !resolved.exists()
    {
        eprintln!(
            "error: cannot find {}: it is neither in the current folder nor in the sessions folder {}
             Check the name, or run `funnelcheck` without a file to pick a session from the list.",
            given.display(),
            dir.display()
        );
        return ExitCode::from(1);
    }
    // Raw mode on a pipe fails with an obscure ioctl error; say what to do instead.
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        let target = file.as_ref().map_or_else(
            || "FILE".to_string(),
            |(_, given)| given.display().to_string(),
        );
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
        file: file.map(|(resolved, _)| resolved),
        sessions_dir: Some(dir),
        theme,
    }) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
