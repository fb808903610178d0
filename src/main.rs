//! The `funnelcheck` binary: parse the command line, then either run a
//! headless subcommand or open the app.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use funnelcheck::cli::{self, Cli, Command};
use funnelcheck::config::{self, Config, ConfigError};
use funnelcheck::store;
use funnelcheck::tui::{self, Keymap, Options, ThemeName, keymap};

fn main() -> ExitCode {
    let args = Cli::parse();
    let dir = store::sessions_dir(args.dir.as_deref());
    let conf = args.config;
    match args.command {
        None => open_tui(args.file, dir, args.theme, conf, args.present),
        Some(Command::Open { file, present }) => open_tui(file, dir, args.theme, conf, present),
        Some(Command::Config { path, default }) => config_command(conf, path, default),
        Some(command) => cli::finish(cli::run(command, &dir)),
    }
}

/// The config file in use, and whether the user named it (then it must exist).
fn config_path(given: Option<PathBuf>) -> Option<(PathBuf, bool)> {
    given
        .map(|p| (p, true))
        .or_else(|| config::default_path().map(|p| (p, false)))
}

/// The config file's theme and keys; no file means the defaults.
fn load_config(given: Option<PathBuf>) -> Result<(Option<ThemeName>, Keymap), ConfigError> {
    let Some((path, required)) = config_path(given) else {
        return Ok((None, Keymap::default()));
    };
    let Some(conf) = Config::load(&path, required, &keymap::known_actions())? else {
        return Ok((None, Keymap::default()));
    };
    let keys =
        Keymap::from_config(&conf).map_err(|problem| ConfigError::Invalid { path, problem })?;
    let theme = conf.theme.and_then(|t| ThemeName::parse(&t).ok());
    Ok((theme, keys))
}

/// `funnelcheck config [--path | --default]`.
fn config_command(given: Option<PathBuf>, path: bool, default: bool) -> ExitCode {
    if default {
        print!("{}", config::default_file(&keymap::defaults()));
        return ExitCode::SUCCESS;
    }
    let Some((file, _)) = config_path(given.clone()) else {
        eprintln!("error: this system names no config folder (no home folder); use --config PATH");
        return ExitCode::FAILURE;
    };
    if path {
        println!("{}", file.display());
        return ExitCode::SUCCESS;
    }
    match load_config(given) {
        Ok(_) if !file.exists() => println!(
            "{} does not exist: the app uses its defaults \
             (`funnelcheck config --default` prints a file to start from)",
            file.display()
        ),
        Ok(_) => println!("{}: fine", file.display()),
        Err(e) => {
            eprintln!("error: {}", cli::safe::lines(&e.to_string()));
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

/// The one entry into the interactive app (`funnelcheck`, `funnelcheck FILE`,
/// `funnelcheck open [FILE]`).
fn open_tui(
    file: Option<PathBuf>,
    dir: PathBuf,
    theme: Option<String>,
    conf: Option<PathBuf>,
    present: bool,
) -> ExitCode {
    // A broken config stops the app before anything else, loudly.
    let (conf_theme, keys) = match load_config(conf) {
        Ok(loaded) => loaded,
        Err(e) => {
            eprintln!("error: {}", cli::safe::lines(&e.to_string()));
            return ExitCode::FAILURE;
        }
    };
    // The same lookup as `show FILE`: as given, else inside the sessions folder.
    let file = file.map(|f| (cli::resolve_file(&f, &dir), f));
    if let Some((resolved, given)) = &file
        && !resolved.exists()
    {
        eprintln!(
            "error: cannot find {}: it is neither in the current folder nor in the sessions folder {}\n\
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
    // clap has already limited --theme to the known names; it beats the file's.
    let theme = theme
        .and_then(|t| ThemeName::parse(&t).ok())
        .or(conf_theme)
        .unwrap_or(ThemeName::Projector);
    // https://no-color.org: set and not empty means no colour at all.
    let no_colour = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    match tui::run(
        Options {
            file: file.map(|(resolved, _)| resolved),
            sessions_dir: Some(dir),
            theme,
            present,
        },
        keys,
        no_colour,
    ) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("funnelcheck: {}", cli::safe::lines(&e.to_string()));
            ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(1))
        }
    }
}
