//! The config file and NO_COLOR, as a user meets them: the binary refusing a
//! broken file, `config --default` as a starting point, re-keyed actions in
//! the running app and its help, and a colourless screen.

mod support;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use crossterm::event::KeyCode;
use funnelcheck::config::Config;
use funnelcheck::tui::{Keymap, chrome, keymap};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use support::{example_app, keys, press, screen};

fn run(args: &[&str], config_home: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_funnelcheck"))
        .args(args)
        .env("XDG_CONFIG_HOME", config_home)
        .env("HOME", config_home)
        .current_dir(config_home)
        .output()
        .expect("the funnelcheck binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs the app on a config file holding `text`; returns (path, output).
fn app_with_config(text: &str) -> (tempfile::TempDir, String, Output) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("mine.toml");
    fs::write(&path, text).expect("write config");
    let path = path.display().to_string();
    let out = run(&["--config", &path], dir.path());
    (dir, path, out)
}

#[test]
fn a_broken_config_stops_the_app_with_file_line_and_reason() {
    let cases = [
        (
            "theme = \"dark\"\n[keys]\nqiut = [\"q\"]\n",
            "line 3: unknown action \"qiut\" (known actions: quit, toggle_help, undo,",
        ),
        (
            "[keys]\nundo = [\"u\", \"ctrl-\"]\n",
            "line 2: unknown key \"ctrl-\": use a single character",
        ),
        (
            "\ntheme = \"neon\"\n",
            "line 2: theme must be projector, dark or light (not \"neon\")",
        ),
        (
            "[keys]\nundo = [\"q\", \"ctrl-c\"]\n",
            "line 2: undo takes every key of quit (\"q\", \"ctrl-c\")",
        ),
    ];
    for (text, reason) in cases {
        let (_dir, path, out) = app_with_config(text);
        assert_eq!(out.status.code(), Some(1), "{text}: {}", stderr(&out));
        let want = format!("error: config file {path} {reason}");
        assert!(
            stderr(&out).starts_with(&want),
            "{text}\nwant: {want}\ngot:  {}",
            stderr(&out)
        );
        assert!(stdout(&out).is_empty());
    }
}

#[test]
fn a_config_named_on_the_command_line_must_exist() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run(&["--config", "nope.toml"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("error: cannot read the config file nope.toml:"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn no_config_file_at_the_usual_place_is_fine() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Without a terminal the app stops at the terminal check: so it got past the config.
    let out = run(&[], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("needs a terminal"));
    let out = run(&["config"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("does not exist: the app uses its defaults"));
}

#[cfg(target_os = "linux")]
#[test]
fn config_path_follows_xdg_config_home_and_the_option() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run(&["config", "--path"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let want = dir.path().join("funnelcheck").join("config.toml");
    assert_eq!(stdout(&out), format!("{}\n", want.display()));
    let out = run(&["config", "--path", "--config", "/x/y.toml"], dir.path());
    assert_eq!(stdout(&out), "/x/y.toml\n");
}

#[test]
fn the_default_config_parses_back_as_the_defaults() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run(&["config", "--default"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    // Every global action is there with its keys, commented.
    assert!(text.contains("# undo the last change\nundo = [\"u\", \"ctrl-z\"]\n"));
    assert!(text.contains("\nnext_screen = [\"]\", \">\"]\n"));
    assert!(text.contains("REPLACE"));
    let config =
        Config::parse(&text, &keymap::known_actions()).expect("the default config is valid");
    assert_eq!(config.theme.as_deref(), Some("projector"));
    assert_eq!(
        Keymap::from_config(&config).expect("no clash"),
        Keymap::default()
    );
    // And the binary itself accepts it.
    let path = dir.path().join("config.toml");
    fs::write(&path, &text).expect("write");
    let out = run(
        &["config", "--config", &path.display().to_string()],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), format!("{}: fine\n", path.display()));
}

fn keymap_of(text: &str) -> Keymap {
    let config = Config::parse(text, &keymap::known_actions()).expect("valid config");
    Keymap::from_config(&config).expect("valid keymap")
}

#[test]
fn a_re_keyed_action_works_in_the_app_and_its_help_and_footer_say_so() {
    let (_dir, _path, mut app) = example_app();
    app.keymap = keymap_of("[keys]\nquit = [\"x\", \"ctrl-c\"]\nnext_screen = [\"]\", \"tab\"]\n");
    let footer = screen(&mut app, 120, 30);
    let last = footer.lines().last().unwrap_or_default();
    assert!(last.contains("x quit"), "{last}");
    keys(&mut app, "?");
    let help = screen(&mut app, 120, 60);
    let quit_row = help
        .lines()
        .find(|l| l.contains("quit (every change"))
        .unwrap_or_default();
    assert!(quit_row.contains("x Ctrl-C"), "{quit_row}");
    let next_row = help
        .lines()
        .find(|l| l.contains("next screen"))
        .unwrap_or_default();
    assert!(next_row.contains("] Tab"), "{next_row}");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.current, 0);
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.current, 1, "Tab now goes to the next screen");
    keys(&mut app, "q");
    assert!(!app.quit, "q no longer quits");
    keys(&mut app, "x");
    assert!(app.quit);
}

#[test]
fn without_colour_no_cell_of_any_screen_has_a_colour() {
    let (_dir, _path, mut app) = example_app();
    let coloured_cells = |app: &mut funnelcheck::tui::App| {
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
        terminal.draw(|f| chrome::draw(f, app)).expect("draw");
        terminal
            .backend()
            .buffer()
            .content()
            .iter()
            .filter(|c| c.fg != Color::Reset || c.bg != Color::Reset)
            .count()
    };
    assert!(
        coloured_cells(&mut app) > 0,
        "the projector theme has colour"
    );
    app.theme = app.theme.without_colour();
    for i in 0..app.screens.len() {
        app.current = i;
        assert_eq!(coloured_cells(&mut app), 0, "screen {}", i + 1);
    }
    // Switching theme keeps the colour off.
    support::ctrl(&mut app, 't');
    assert_eq!(coloured_cells(&mut app), 0, "after Ctrl-T");
    keys(&mut app, "?");
    assert_eq!(coloured_cells(&mut app), 0, "help overlay");
}
