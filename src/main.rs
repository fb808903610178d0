//! Temporary dispatch from the tui branch for manual testing: the CLI helper
//! owns this file and replaces it with clap (`funnelcheck [FILE] [--theme T]
//! [--dir D]` → `funnelcheck::tui::run`).

use std::path::PathBuf;
use std::process::ExitCode;

use funnelcheck::tui::{self, Options, ThemeName};

fn main() -> ExitCode {
    let mut opts = Options {
        file: None,
        sessions_dir: None,
        theme: ThemeName::Projector,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--theme" => match args.next().map(|t| ThemeName::parse(&t)) {
                Some(Ok(t)) => opts.theme = t,
                Some(Err(e)) => return fail(&e),
                None => return fail("--theme needs a value: projector, dark or light"),
            },
            "--dir" => match args.next() {
                Some(d) => opts.sessions_dir = Some(PathBuf::from(d)),
                None => return fail("--dir needs a folder"),
            },
            file => opts.file = Some(PathBuf::from(file)),
        }
    }
    match tui::run(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e.to_string()),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("funnelcheck: {message}");
    ExitCode::FAILURE
}
