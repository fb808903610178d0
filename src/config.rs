//! The user's config file (`config.toml`): a theme and key overrides.
//!
//! This module reads and validates the file into plain data and knows
//! nothing of the terminal: keys are checked into [`KeySpec`], which
//! `tui::keymap` turns into terminal keys. Which action names exist is passed
//! in, so the core does not reach up into the TUI for them.
//!
//! Every mistake is an error naming the file and the line: a config that is
//! silently half-applied leaves a facilitator wondering why `q` still quits.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

/// The theme names the file accepts, in the order the help lists them.
pub const THEMES: [&str; 3] = ["projector", "dark", "light"];

/// Where the config file lives when `--config` does not say: the user's
/// config folder (`$XDG_CONFIG_HOME/funnelcheck/config.toml` on Linux).
/// `None` when the system names no home folder at all.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "funnelcheck")
        .map(|d| d.config_dir().join("config.toml"))
}

/// A key other than a plain character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NamedKey {
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    Delete,
    Insert,
    /// F1 … F12.
    F(u8),
}

/// The names the file accepts for [`NamedKey`]s; the first of each is the
/// one `config --default` writes. Arrows and `shift-tab` are also accepted
/// because that is how the help shows them.
const NAMES: &[(&str, NamedKey)] = &[
    ("enter", NamedKey::Enter),
    ("return", NamedKey::Enter),
    ("esc", NamedKey::Esc),
    ("escape", NamedKey::Esc),
    ("tab", NamedKey::Tab),
    ("backtab", NamedKey::BackTab),
    ("shift-tab", NamedKey::BackTab),
    ("backspace", NamedKey::Backspace),
    ("up", NamedKey::Up),
    ("↑", NamedKey::Up),
    ("down", NamedKey::Down),
    ("↓", NamedKey::Down),
    ("left", NamedKey::Left),
    ("←", NamedKey::Left),
    ("right", NamedKey::Right),
    ("→", NamedKey::Right),
    ("pgup", NamedKey::PageUp),
    ("pageup", NamedKey::PageUp),
    ("pgdn", NamedKey::PageDown),
    ("pagedown", NamedKey::PageDown),
    ("home", NamedKey::Home),
    ("end", NamedKey::End),
    ("del", NamedKey::Delete),
    ("delete", NamedKey::Delete),
    ("ins", NamedKey::Insert),
    ("insert", NamedKey::Insert),
];

/// What a key in the file is: a character or a named key, with Ctrl/Alt.
/// Shift is not a modifier here: `T` already says Shift-t.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyBase {
    Char(char),
    Named(NamedKey),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeySpec {
    pub ctrl: bool,
    pub alt: bool,
    pub base: KeyBase,
}

const KEY_HELP: &str = "use a single character (\"q\", \"?\", \"]\"), ctrl-x, alt-x, enter, esc, \
                        tab, backtab, space, backspace, up, down, left, right, pgup, pgdn, home, \
                        end, del, ins or f1 to f12";

impl KeySpec {
    pub const fn char(c: char) -> KeySpec {
        KeySpec {
            ctrl: false,
            alt: false,
            base: KeyBase::Char(c),
        }
    }

    /// Reads a key as written in the file: `q`, `ctrl-z`, `alt-x`, `pgup`, `f5`.
    pub fn parse(text: &str) -> Result<KeySpec, String> {
        let unknown = || format!("unknown key \"{text}\": {KEY_HELP}");
        let mut spec = KeySpec::char(' ');
        let mut rest = text;
        // A lone "-" is the minus key, not an empty modifier.
        while rest.chars().count() > 1 {
            let lower = rest.to_ascii_lowercase();
            if lower.starts_with("ctrl-") {
                spec.ctrl = true;
                rest = &rest[5..];
            } else if lower.starts_with("alt-") {
                spec.alt = true;
                rest = &rest[4..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let lower = rest.to_lowercase();
        // Names first: the arrows are single characters too.
        if let Some((_, named)) = NAMES.iter().find(|(n, _)| *n == lower) {
            spec.base = KeyBase::Named(*named);
            return Ok(spec);
        }
        spec.base = match (chars.next(), chars.next()) {
            (None, _) => return Err(unknown()),
            (Some(c), None) if c.is_control() => return Err(unknown()),
            // Terminals send Ctrl with the small letter whatever Shift says.
            (Some(c), None) if spec.ctrl => KeyBase::Char(c.to_ascii_lowercase()),
            (Some(c), None) => KeyBase::Char(c),
            _ if lower == "space" => KeyBase::Char(' '),
            _ => match lower.strip_prefix('f').map(str::parse::<u8>) {
                Some(Ok(n)) if (1..=12).contains(&n) => KeyBase::Named(NamedKey::F(n)),
                _ => return Err(unknown()),
            },
        };
        Ok(spec)
    }
}

/// The way `parse` reads it back: `ctrl-z`, `space`, `pgup`, `f1`.
impl fmt::Display for KeySpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        match self.base {
            KeyBase::Char(' ') => f.write_str("space"),
            KeyBase::Char(c) => write!(f, "{c}"),
            KeyBase::Named(NamedKey::F(n)) => write!(f, "f{n}"),
            KeyBase::Named(named) => {
                let name = NAMES
                    .iter()
                    .find(|(_, k)| *k == named)
                    .map_or("?", |(n, _)| n);
                f.write_str(name)
            }
        }
    }
}

/// The keys the file gives one action, replacing that action's defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyOverride {
    pub action: String,
    pub keys: Vec<KeySpec>,
    /// Where it was written, for errors found later (a key taken from an
    /// action that then has none left).
    pub line: usize,
}

/// A valid config file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// One of [`THEMES`]; `None` when the file does not say.
    pub theme: Option<String>,
    pub keys: Vec<KeyOverride>,
}

/// The action names the caller knows: those the file may re-key, and those
/// that exist but belong to one screen (so the error can say so instead of
/// calling a real action unknown).
#[derive(Debug, Clone, Default)]
pub struct KnownActions {
    pub rebindable: Vec<String>,
    pub screen_only: Vec<String>,
}

/// A mistake in the file, with the line it is on when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: Option<usize>,
    pub message: String,
}

/// Why the config could not be used, as a sentence for a person.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config file {path}{}: {}", .problem.line.map(|l| format!(" line {l}")).unwrap_or_default(), .problem.message)]
    Invalid { path: PathBuf, problem: Problem },
}

/// The file's shape before checking: every value still raw, with where it was.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    theme: Option<Spanned<toml::Value>>,
    keys: Option<BTreeMap<Spanned<String>, Spanned<toml::Value>>>,
}

fn line_at(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(1, |t| t.matches('\n').count() + 1)
}

impl Config {
    /// Reads the file at `path`. A missing file is no config (`Ok(None)`)
    /// unless the user named it with `--config` (`required`): then it is
    /// surely a typo, and saying so beats quietly using the defaults.
    pub fn load(
        path: &Path,
        required: bool,
        known: &KnownActions,
    ) -> Result<Option<Config>, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => return Ok(None),
            Err(source) => {
                return Err(ConfigError::Read {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        Config::parse(&text, known)
            .map(Some)
            .map_err(|problem| ConfigError::Invalid {
                path: path.to_path_buf(),
                problem,
            })
    }

    /// Checks the text of a config file.
    pub fn parse(text: &str, known: &KnownActions) -> Result<Config, Problem> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| Problem {
            line: e.span().map(|s| line_at(text, s.start)),
            message: e.message().trim().to_string(),
        })?;
        let mut config = Config::default();
        if let Some(theme) = raw.theme {
            let line = Some(line_at(text, theme.span().start));
            let given = theme.get_ref();
            let name = given
                .as_str()
                .and_then(|t| THEMES.iter().find(|n| n.eq_ignore_ascii_case(t.trim())));
            match name {
                Some(name) => config.theme = Some((*name).to_string()),
                None => {
                    return Err(Problem {
                        line,
                        message: format!("theme must be projector, dark or light (not {given})"),
                    });
                }
            }
        }
        // The same key given to two actions: which one wins would be a guess.
        let mut owner: Vec<(KeySpec, String, usize)> = Vec::new();
        // Written order, so an error names the first of two clashing lines first.
        let mut entries: Vec<_> = raw.keys.unwrap_or_default().into_iter().collect();
        entries.sort_by_key(|(name, _)| name.span().start);
        for (name, value) in entries {
            let action = name.get_ref().as_str();
            let line = line_at(text, name.span().start);
            if !known.rebindable.iter().any(|k| k == action) {
                let message = if known.screen_only.iter().any(|k| k == action) {
                    format!(
                        "\"{action}\" is a key of one screen, which the config file cannot change yet; \
                         it can change: {}",
                        known.rebindable.join(", ")
                    )
                } else {
                    format!(
                        "unknown action \"{action}\" (known actions: {})",
                        known.rebindable.join(", ")
                    )
                };
                return Err(Problem {
                    line: Some(line),
                    message,
                });
            }
            let keys = parse_keys(action, &value, text)?;
            for key in &keys {
                if let Some((_, other, other_line)) = owner.iter().find(|(k, _, _)| k == key) {
                    return Err(Problem {
                        line: Some(line),
                        message: format!(
                            "key \"{key}\" is given to both {other} (line {other_line}) and {action}; \
                             give it to one of them"
                        ),
                    });
                }
                owner.push((*key, action.to_string(), line));
            }
            config.keys.push(KeyOverride {
                action: action.to_string(),
                keys,
                line,
            });
        }
        Ok(config)
    }
}

/// An action's value: a list of keys (or one key on its own).
fn parse_keys(
    action: &str,
    value: &Spanned<toml::Value>,
    text: &str,
) -> Result<Vec<KeySpec>, Problem> {
    let start = value.span().start;
    let shape = || Problem {
        line: Some(line_at(text, start)),
        message: format!(
            "the keys of {action} must be a list of keys in quotes, e.g. {action} = [\"x\", \"ctrl-x\"]"
        ),
    };
    let strings: Vec<&str> = match value.get_ref() {
        toml::Value::String(s) => vec![s.as_str()],
        toml::Value::Array(items) => items
            .iter()
            .map(|v| v.as_str().ok_or_else(shape))
            .collect::<Result<_, _>>()?,
        _ => return Err(shape()),
    };
    if strings.is_empty() {
        return Err(Problem {
            line: Some(line_at(text, start)),
            message: format!(
                "{action} has no keys; give it at least one, or delete the line to keep its default keys"
            ),
        });
    }
    let mut keys: Vec<KeySpec> = Vec::new();
    for s in strings {
        let key = KeySpec::parse(s).map_err(|message| {
            // A list may span lines: point at the line of the bad key itself.
            let within = text
                .get(start..value.span().end)
                .and_then(|v| v.find(&format!("\"{s}\"")).or_else(|| v.find(s)))
                .map_or(start, |at| start + at);
            Problem {
                line: Some(line_at(text, within)),
                message,
            }
        })?;
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    Ok(keys)
}

/// One action as `config --default` writes it.
#[derive(Debug, Clone)]
pub struct ActionDefault {
    pub name: String,
    pub description: String,
    pub keys: Vec<KeySpec>,
}

/// A config file that sets every default, with comments on how to change
/// it; parsing it back gives exactly the defaults.
pub fn default_file(actions: &[ActionDefault]) -> String {
    let mut out = String::from(
        "# funnelcheck config file.\n\
         # Save it as the path `funnelcheck config --path` prints, or pass it with --config PATH.\n\
         # A line you delete keeps its default; a mistake stops the app with the line it is on.\n\
         \n\
         # Colour theme: projector (high contrast for a beamer), dark or light.\n\
         # --theme on the command line wins over this. NO_COLOR=1 in the environment turns\n\
         # colour off (bold and reverse still mark the selection).\n\
         theme = \"projector\"\n\
         \n\
         # Keys of the actions that work on every screen. The keys you give an action REPLACE\n\
         # its default keys (list all you want), and a key you give one action is taken from\n\
         # any other action that had it by default (quit and toggle_help must keep a key).\n\
         # Keys: a single character (\"q\", \"?\", \"]\", \"T\"), \"ctrl-x\", \"alt-x\", \"enter\",\n\
         # \"esc\", \"tab\", \"backtab\", \"space\", \"backspace\", \"up\", \"down\", \"left\", \"right\",\n\
         # \"pgup\", \"pgdn\", \"home\", \"end\", \"del\", \"ins\", \"f1\" … \"f12\".\n\
         # Only these actions can be re-keyed: a screen's own keys (shown first in its ? help)\n\
         # stay as they are and win over these on that screen. While you type in a field,\n\
         # Enter, Esc, Tab and Ctrl-C keep their meaning; the help and the \"file changed on\n\
         # disk\" prompt keep their own keys (Ctrl-C always quits).\n\
         [keys]\n",
    );
    for action in actions {
        let keys: Vec<String> = action
            .keys
            .iter()
            .map(|k| format!("\"{}\"", escape(&k.to_string())))
            .collect();
        out.push_str(&format!(
            "# {}\n{} = [{}]\n",
            action.description,
            action.name,
            keys.join(", ")
        ));
    }
    out
}

/// A key inside a TOML basic string: `"` and `\` need a backslash.
fn escape(key: &str) -> String {
    key.replace('\\', "\\\\").replace('"', "\\\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> KnownActions {
        KnownActions {
            rebindable: ["quit", "undo", "next_screen", "toggle_help"]
                .map(String::from)
                .to_vec(),
            screen_only: vec!["reshuffle".to_string()],
        }
    }

    fn problem(text: &str) -> Problem {
        match Config::parse(text, &known()) {
            Ok(c) => panic!("expected an error, got {c:?}"),
            Err(p) => p,
        }
    }

    fn key(text: &str) -> KeySpec {
        match KeySpec::parse(text) {
            Ok(k) => k,
            Err(e) => panic!("{text}: {e}"),
        }
    }

    #[test]
    fn a_valid_file_gives_theme_and_overrides_in_written_order() {
        let text =
            "theme = \"Dark\"\n\n[keys]\nundo = [\"u\", \"ctrl-z\"]\nquit = [\"x\", \"ctrl-c\"]\n";
        let config = Config::parse(text, &known()).expect("valid");
        assert_eq!(config.theme.as_deref(), Some("dark"));
        let quit = KeyOverride {
            action: "quit".into(),
            keys: vec![
                KeySpec::char('x'),
                KeySpec {
                    ctrl: true,
                    ..KeySpec::char('c')
                },
            ],
            line: 5,
        };
        assert_eq!(config.keys[0].action, "undo");
        assert_eq!(config.keys[0].line, 4);
        assert_eq!(config.keys[1], quit);
    }

    #[test]
    fn an_empty_file_is_the_defaults() {
        assert_eq!(Config::parse("", &known()), Ok(Config::default()));
    }

    #[test]
    fn an_unknown_action_names_its_line_and_the_known_ones() {
        let p = problem("theme = \"dark\"\n[keys]\nqiut = [\"q\"]\n");
        assert_eq!(p.line, Some(3));
        assert_eq!(
            p.message,
            "unknown action \"qiut\" (known actions: quit, undo, next_screen, toggle_help)"
        );
    }

    #[test]
    fn a_screen_action_is_not_called_unknown() {
        let p = problem("[keys]\nreshuffle = [\"x\"]\n");
        assert_eq!(p.line, Some(2));
        assert!(p.message.contains("key of one screen"), "{}", p.message);
    }

    #[test]
    fn a_bad_key_names_its_own_line_in_a_long_list() {
        let p = problem("[keys]\nquit = [\n  \"q\",\n  \"ctrl-\",\n]\n");
        assert_eq!(p.line, Some(4));
        assert!(
            p.message.starts_with("unknown key \"ctrl-\": "),
            "{}",
            p.message
        );
        assert!(
            problem("[keys]\nundo = [\"f13\"]")
                .message
                .contains("\"f13\"")
        );
        assert!(
            problem("[keys]\nundo = [\"ctrl\"]")
                .message
                .contains("unknown key")
        );
        assert!(
            problem("[keys]\nundo = [\"\"]")
                .message
                .contains("unknown key")
        );
    }

    #[test]
    fn a_bad_theme_says_which_ones_exist() {
        let p = problem("# mine\ntheme = \"neon\"\n");
        assert_eq!(p.line, Some(2));
        assert_eq!(
            p.message,
            "theme must be projector, dark or light (not \"neon\")"
        );
        assert!(problem("theme = 3").message.starts_with("theme must be"));
    }

    #[test]
    fn wrong_shapes_and_syntax_are_errors_with_lines() {
        let p = problem("[keys]\nquit = 5\n");
        assert_eq!(p.line, Some(2));
        assert!(
            p.message.contains("list of keys in quotes"),
            "{}",
            p.message
        );
        let p = problem("[keys]\nquit = []\n");
        assert!(p.message.contains("at least one"), "{}", p.message);
        let p = problem("\n\nthem = \"dark\"\n");
        assert_eq!(p.line, Some(3));
        assert!(p.message.contains("them"), "{}", p.message);
        let p = problem("[keys]\nquit = [\"q\"\n");
        assert!(p.line.is_some());
    }

    #[test]
    fn one_key_for_two_actions_is_refused() {
        let p = problem("[keys]\nquit = [\"x\"]\nundo = [\"X\", \"x\"]\n");
        assert_eq!(p.line, Some(3));
        assert!(
            p.message
                .contains("\"x\" is given to both quit (line 2) and undo"),
            "{}",
            p.message
        );
    }

    #[test]
    fn keys_read_as_the_help_writes_them() {
        assert_eq!(key("q"), KeySpec::char('q'));
        assert_eq!(key("-"), KeySpec::char('-'));
        assert_eq!(key("space"), KeySpec::char(' '));
        assert_eq!(
            key("Ctrl-Z"),
            KeySpec {
                ctrl: true,
                ..KeySpec::char('z')
            }
        );
        assert_eq!(
            key("alt-ctrl-pgup"),
            KeySpec {
                ctrl: true,
                alt: true,
                base: KeyBase::Named(NamedKey::PageUp)
            }
        );
        assert_eq!(key("F12").base, KeyBase::Named(NamedKey::F(12)));
        assert_eq!(key("shift-tab").base, KeyBase::Named(NamedKey::BackTab));
        assert_eq!(key("↑").base, KeyBase::Named(NamedKey::Up));
        assert!(KeySpec::parse("f0").is_err());
        assert!(KeySpec::parse("ctrl-").is_err());
        assert!(KeySpec::parse("\t").is_err());
    }

    #[test]
    fn keys_print_back_to_what_they_read() {
        for text in [
            "q",
            "?",
            "T",
            "\"",
            "\\",
            "space",
            "ctrl-z",
            "alt-x",
            "ctrl-alt-left",
            "enter",
            "esc",
            "tab",
            "backtab",
            "backspace",
            "up",
            "down",
            "left",
            "right",
            "pgup",
            "pgdn",
            "home",
            "end",
            "del",
            "ins",
            "f1",
            "f12",
        ] {
            assert_eq!(key(text).to_string(), text);
            assert_eq!(key(&key(text).to_string()), key(text));
        }
    }

    #[test]
    fn the_default_file_parses_back_to_its_own_keys() {
        let defaults = vec![
            ActionDefault {
                name: "quit".into(),
                description: "quit".into(),
                keys: vec![key("q"), key("ctrl-c")],
            },
            ActionDefault {
                name: "toggle_help".into(),
                description: "help".into(),
                keys: vec![key("\""), key("\\"), key("f1")],
            },
        ];
        let config = Config::parse(&default_file(&defaults), &known()).expect("valid");
        assert_eq!(config.theme.as_deref(), Some("projector"));
        let got: Vec<_> = config.keys.iter().map(|k| (&k.action, &k.keys)).collect();
        let want: Vec<_> = defaults.iter().map(|a| (&a.name, &a.keys)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn errors_read_as_one_sentence_with_path_and_line() {
        let e = ConfigError::Invalid {
            path: PathBuf::from("/home/x/config.toml"),
            problem: Problem {
                line: Some(3),
                message: "unknown key \"ctrl-\"".into(),
            },
        };
        assert_eq!(
            e.to_string(),
            "config file /home/x/config.toml line 3: unknown key \"ctrl-\""
        );
    }
}
