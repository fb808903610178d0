//! Keys → actions, as plain rule tables a unit test can read without a
//! terminal. A screen adds its own table on top of the global one; a focused
//! text field sees every key before either table.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use crate::config::{ActionDefault, Config, KeyBase, KeySpec, KnownActions, NamedKey, Problem};

/// A key as written in a table: code plus modifiers (Shift is ignored for
/// characters, since the character already says it: `?` is Shift-/).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            mods: KeyModifiers::NONE,
        }
    }

    pub const fn ch(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            mods: KeyModifiers::CONTROL,
        }
    }

    pub fn matches(&self, ev: &KeyEvent) -> bool {
        let mods = match ev.code {
            KeyCode::Char(_) | KeyCode::BackTab => ev.mods_without_shift(),
            _ => ev.modifiers,
        };
        self.code == ev.code && self.mods == mods
    }

    /// How the key reads in help and the footer: `Ctrl-Z`, `Enter`, `q`.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Delete => "Del".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Insert => "Ins".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        let mut label = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            label.push_str("Ctrl-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            label.push_str("Alt-");
        }
        match self.code {
            KeyCode::Char(c) if self.mods.contains(KeyModifiers::CONTROL) => {
                label.extend(c.to_uppercase())
            }
            _ => label.push_str(&base),
        }
        label
    }

    /// The key as the config file writes it; `None` for keys the file has
    /// no name for (none of the tables use one).
    pub fn spec(&self) -> Option<KeySpec> {
        let named = match self.code {
            KeyCode::Char(c) => {
                return self.with_mods(KeyBase::Char(c));
            }
            KeyCode::Enter => NamedKey::Enter,
            KeyCode::Esc => NamedKey::Esc,
            KeyCode::Tab => NamedKey::Tab,
            KeyCode::BackTab => NamedKey::BackTab,
            KeyCode::Backspace => NamedKey::Backspace,
            KeyCode::Up => NamedKey::Up,
            KeyCode::Down => NamedKey::Down,
            KeyCode::Left => NamedKey::Left,
            KeyCode::Right => NamedKey::Right,
            KeyCode::PageUp => NamedKey::PageUp,
            KeyCode::PageDown => NamedKey::PageDown,
            KeyCode::Home => NamedKey::Home,
            KeyCode::End => NamedKey::End,
            KeyCode::Delete => NamedKey::Delete,
            KeyCode::Insert => NamedKey::Insert,
            KeyCode::F(n) => NamedKey::F(n),
            _ => return None,
        };
        self.with_mods(KeyBase::Named(named))
    }

    fn with_mods(&self, base: KeyBase) -> Option<KeySpec> {
        if !(KeyModifiers::CONTROL | KeyModifiers::ALT).contains(self.mods) {
            return None;
        }
        Some(KeySpec {
            ctrl: self.mods.contains(KeyModifiers::CONTROL),
            alt: self.mods.contains(KeyModifiers::ALT),
            base,
        })
    }
}

impl From<KeySpec> for Key {
    fn from(spec: KeySpec) -> Key {
        let code = match spec.base {
            KeyBase::Char(c) => KeyCode::Char(c),
            KeyBase::Named(named) => match named {
                NamedKey::Enter => KeyCode::Enter,
                NamedKey::Esc => KeyCode::Esc,
                NamedKey::Tab => KeyCode::Tab,
                NamedKey::BackTab => KeyCode::BackTab,
                NamedKey::Backspace => KeyCode::Backspace,
                NamedKey::Up => KeyCode::Up,
                NamedKey::Down => KeyCode::Down,
                NamedKey::Left => KeyCode::Left,
                NamedKey::Right => KeyCode::Right,
                NamedKey::PageUp => KeyCode::PageUp,
                NamedKey::PageDown => KeyCode::PageDown,
                NamedKey::Home => KeyCode::Home,
                NamedKey::End => KeyCode::End,
                NamedKey::Delete => KeyCode::Delete,
                NamedKey::Insert => KeyCode::Insert,
                NamedKey::F(n) => KeyCode::F(n),
            },
        };
        let mut mods = KeyModifiers::NONE;
        if spec.ctrl {
            mods |= KeyModifiers::CONTROL;
        }
        if spec.alt {
            mods |= KeyModifiers::ALT;
        }
        Key { code, mods }
    }
}

trait WithoutShift {
    fn mods_without_shift(&self) -> KeyModifiers;
}

impl WithoutShift for KeyEvent {
    fn mods_without_shift(&self) -> KeyModifiers {
        self.modifiers - KeyModifiers::SHIFT
    }
}

/// One rule: any of `keys` means `action`.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
}

const fn bind(keys: &'static [Key], action: Action) -> Binding {
    Binding { keys, action }
}

/// Bindings valid on every screen of an open session.
pub const GLOBAL: &[Binding] = &[
    bind(&[Key::ch('q'), Key::ctrl('c')], Action::Quit),
    bind(
        &[Key::ch('?'), Key::plain(KeyCode::F(1))],
        Action::ToggleHelp,
    ),
    bind(&[Key::ch('u'), Key::ctrl('z')], Action::Undo),
    bind(&[Key::ctrl('y'), Key::ctrl('r')], Action::Redo),
    bind(&[Key::ch(']'), Key::ch('>')], Action::NextScreen),
    bind(&[Key::ch('['), Key::ch('<')], Action::PrevScreen),
    bind(&[Key::ch('1')], Action::GoToScreen(1)),
    bind(&[Key::ch('2')], Action::GoToScreen(2)),
    bind(&[Key::ch('3')], Action::GoToScreen(3)),
    bind(&[Key::ch('4')], Action::GoToScreen(4)),
    bind(&[Key::ch('5')], Action::GoToScreen(5)),
    bind(&[Key::ch('6')], Action::GoToScreen(6)),
    bind(&[Key::ch('7')], Action::GoToScreen(7)),
    bind(&[Key::ch('8')], Action::GoToScreen(8)),
    bind(&[Key::ch('9')], Action::GoToScreen(9)),
    bind(&[Key::ctrl('t')], Action::CycleTheme),
    bind(&[Key::ch('t')], Action::TimerStartPause),
    bind(&[Key::ch('+')], Action::TimerAddFive),
    bind(&[Key::ch('T')], Action::TimerNextSection),
    bind(&[Key::plain(KeyCode::Up), Key::ch('k')], Action::Up),
    bind(&[Key::plain(KeyCode::Down), Key::ch('j')], Action::Down),
    bind(&[Key::plain(KeyCode::Left), Key::ch('h')], Action::Left),
    bind(&[Key::plain(KeyCode::Right), Key::ch('l')], Action::Right),
    bind(&[Key::plain(KeyCode::PageUp)], Action::PageUp),
    bind(&[Key::plain(KeyCode::PageDown)], Action::PageDown),
    bind(&[Key::plain(KeyCode::Home), Key::ch('g')], Action::First),
    bind(&[Key::plain(KeyCode::End), Key::ch('G')], Action::Last),
    bind(&[Key::plain(KeyCode::Tab)], Action::NextPane),
    bind(&[Key::plain(KeyCode::BackTab)], Action::PrevPane),
    bind(&[Key::plain(KeyCode::Enter)], Action::Edit),
    bind(&[Key::plain(KeyCode::Esc)], Action::Cancel),
    bind(
        &[Key::plain(KeyCode::F(5)), Key::ch('P')],
        Action::TogglePresent,
    ),
    bind(&[Key::ch('!')], Action::TakeOver),
];

/// While a text field has focus only these keys mean something beyond
/// typing; everything else goes to the field.
pub const EDITING: &[Binding] = &[
    bind(&[Key::ctrl('c')], Action::Quit),
    bind(&[Key::plain(KeyCode::Enter)], Action::Edit),
    bind(&[Key::plain(KeyCode::Esc)], Action::Cancel),
    bind(&[Key::plain(KeyCode::Tab)], Action::NextField),
    bind(&[Key::plain(KeyCode::BackTab)], Action::PrevField),
    bind(&[Key::plain(KeyCode::F(2))], Action::PasteDraft),
];

/// While the help overlay is open.
pub const HELP: &[Binding] = &[
    bind(
        &[
            Key::ch('?'),
            Key::plain(KeyCode::Esc),
            Key::ch('q'),
            Key::plain(KeyCode::F(1)),
        ],
        Action::ToggleHelp,
    ),
    bind(&[Key::ctrl('c')], Action::Quit),
    bind(&[Key::plain(KeyCode::Up), Key::ch('k')], Action::Up),
    bind(&[Key::plain(KeyCode::Down), Key::ch('j')], Action::Down),
    bind(&[Key::plain(KeyCode::PageUp)], Action::PageUp),
    bind(&[Key::plain(KeyCode::PageDown)], Action::PageDown),
];

/// While the file changed on disk and the user has not yet chosen.
pub const CONFLICT: &[Binding] = &[
    bind(&[Key::ch('r')], Action::ReloadFromDisk),
    bind(&[Key::ch('k')], Action::KeepMine),
    bind(&[Key::ctrl('c'), Key::ch('q')], Action::Quit),
    bind(&[Key::ch('?')], Action::ToggleHelp),
];

/// Quit was asked while changes are not on disk.
pub const UNSAVED: &[Binding] = &[
    bind(&[Key::ch('r')], Action::RetrySave),
    bind(&[Key::ch('s')], Action::SaveAs),
    bind(&[Key::ch('Q')], Action::QuitAnyway),
    bind(&[Key::plain(KeyCode::Esc)], Action::Cancel),
    bind(&[Key::ch('?')], Action::ToggleHelp),
];

/// The import dialog, on its steps without a text field (reading, stage
/// mapping, day/month order, preview): modal, so nothing behind it moves.
pub const IMPORT: &[Binding] = &[
    bind(&[Key::plain(KeyCode::Enter)], Action::Edit),
    bind(&[Key::plain(KeyCode::Esc)], Action::Cancel),
    bind(&[Key::plain(KeyCode::Up), Key::ch('k')], Action::Up),
    bind(&[Key::plain(KeyCode::Down), Key::ch('j')], Action::Down),
    bind(&[Key::plain(KeyCode::Left), Key::ch('h')], Action::Left),
    bind(&[Key::plain(KeyCode::Right), Key::ch('l')], Action::Right),
    bind(&[Key::ch(' ')], Action::Toggle),
    bind(&[Key::plain(KeyCode::PageUp)], Action::PageUp),
    bind(&[Key::plain(KeyCode::PageDown)], Action::PageDown),
    bind(&[Key::plain(KeyCode::Home)], Action::First),
    bind(&[Key::plain(KeyCode::End)], Action::Last),
    bind(&[Key::plain(KeyCode::Tab)], Action::NextField),
    bind(&[Key::plain(KeyCode::BackTab)], Action::PrevField),
    bind(
        &[Key::ch('?'), Key::plain(KeyCode::F(1))],
        Action::ToggleHelp,
    ),
    bind(&[Key::ctrl('c')], Action::Quit),
];

/// Who gets the key first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Screen table, then global table.
    Normal,
    /// A text field has focus.
    Editing,
    Help,
    /// The file changed on disk; only reload/keep/quit apply.
    Conflict,
    /// Quit was asked with changes not on disk: retry, save as, or quit anyway.
    Unsaved,
    /// The import dialog is open on a step without a text field.
    Import,
}

/// What a key turned into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    Action(Action),
    /// Give the key to the focused text field.
    ToField,
    Unbound,
}

/// One table's rules, whether static or from the config file.
type Rules<'a> = Vec<(Action, &'a [Key])>;

fn rules(table: &[Binding]) -> Rules<'_> {
    table.iter().map(|b| (b.action, b.keys)).collect()
}

fn lookup(table: &Rules<'_>, key: &KeyEvent) -> Option<Action> {
    table
        .iter()
        .find(|(_, keys)| keys.iter().any(|k| k.matches(key)))
        .map(|(action, _)| *action)
}

/// The global table in effect: [`GLOBAL`] with the config file's overrides.
/// Screen, editing, help and conflict tables stay as written; an override
/// only changes the keys that work on every screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    global: Vec<(Action, Vec<Key>)>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap {
            global: GLOBAL.iter().map(|b| (b.action, b.keys.to_vec())).collect(),
        }
    }
}

/// Actions an override may not leave without a key.
const MUST_KEEP_A_KEY: &[Action] = &[Action::Quit, Action::ToggleHelp];

/// An override left quit or help without any key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stranded {
    pub action: Action,
    /// The override that took its last key.
    pub by: Action,
}

impl Keymap {
    /// The defaults with `overrides` applied: an override replaces its
    /// action's keys, and its keys leave whichever action had them by
    /// default, since one key cannot do two things. Fails only when that
    /// leaves quit or help with no key.
    pub fn with_overrides(overrides: &[(Action, Vec<Key>)]) -> Result<Keymap, Stranded> {
        let mut map = Keymap::default();
        for (action, keys) in &mut map.global {
            if let Some((_, mine)) = overrides.iter().find(|(a, _)| a == action) {
                *keys = mine.clone();
                continue;
            }
            let before = keys.clone();
            keys.retain(|k| !overrides.iter().any(|(_, ks)| ks.contains(k)));
            // Any other action may end up keyless (`next_screen = ["tab"]`
            // takes Tab from the panes: asked for); these two must stay
            // reachable or the room cannot leave or find the keys.
            if keys.is_empty() && MUST_KEEP_A_KEY.contains(action) {
                let by = overrides
                    .iter()
                    .find(|(_, ks)| before.iter().any(|k| ks.contains(k)))
                    .map_or(*action, |(a, _)| *a);
                return Err(Stranded {
                    action: *action,
                    by,
                });
            }
        }
        Ok(map)
    }

    /// The keymap a checked config file asks for.
    pub fn from_config(config: &Config) -> Result<Keymap, Problem> {
        let mut overrides = Vec::new();
        for o in &config.keys {
            let action = Action::from_name(&o.action)
                .filter(|a| GLOBAL.iter().any(|b| b.action == *a))
                .ok_or_else(|| Problem {
                    line: Some(o.line),
                    message: format!("unknown action \"{}\"", o.action),
                })?;
            overrides.push((action, o.keys.iter().map(|k| Key::from(*k)).collect()));
        }
        Keymap::with_overrides(&overrides).map_err(|s| {
            let line = config
                .keys
                .iter()
                .find(|o| o.action == s.by.name())
                .map(|o| o.line);
            let defaults = GLOBAL
                .iter()
                .find(|b| b.action == s.action)
                .map(|b| {
                    b.keys
                        .iter()
                        .filter_map(Key::spec)
                        .map(|k| format!("\"{k}\""))
                })
                .map(|ks| ks.collect::<Vec<_>>().join(", "))
                .unwrap_or_default();
            Problem {
                line,
                message: format!(
                    "{} takes every key of {} ({defaults}), which would leave it no key; \
                     give {} a key of its own too, e.g. {} = [\"…\"]",
                    s.by.name(),
                    s.action.name(),
                    s.action.name(),
                    s.action.name()
                ),
            }
        })
    }

    fn global_rules(&self) -> Rules<'_> {
        self.global
            .iter()
            .map(|(a, ks)| (*a, ks.as_slice()))
            .collect()
    }

    /// The rule: help and conflict prompts are modal; an edit sees every key
    /// except its own few; otherwise the screen's table wins over the global one.
    pub fn resolve(&self, mode: Mode, screen: &[Binding], key: &KeyEvent) -> Resolved {
        let found = match mode {
            // The help key as re-keyed closes the help too.
            Mode::Help => lookup(&rules(HELP), key)
                .or_else(|| lookup(&self.global_rules(), key).filter(|a| *a == Action::ToggleHelp)),
            Mode::Conflict => lookup(&rules(CONFLICT), key),
            Mode::Unsaved => lookup(&rules(UNSAVED), key),
            Mode::Import => lookup(&rules(IMPORT), key),
            Mode::Editing => {
                return lookup(&rules(EDITING), key).map_or(Resolved::ToField, Resolved::Action);
            }
            Mode::Normal => {
                lookup(&rules(screen), key).or_else(|| lookup(&self.global_rules(), key))
            }
        };
        found.map_or(Resolved::Unbound, Resolved::Action)
    }

    /// Every binding that applies in `mode` on this screen, screen rules first,
    /// each action once with all its keys: what `?` shows.
    pub fn help_rows(&self, mode: Mode, screen: &[Binding]) -> Vec<(String, String)> {
        let tables: Vec<(bool, Rules<'_>)> = match mode {
            Mode::Normal | Mode::Help => vec![(true, rules(screen)), (false, self.global_rules())],
            Mode::Editing => vec![(false, rules(EDITING))],
            Mode::Conflict => vec![(false, rules(CONFLICT))],
            Mode::Unsaved => vec![(false, rules(UNSAVED))],
            Mode::Import => vec![(false, rules(IMPORT))],
        };
        let mut rows: Vec<(Action, Vec<String>)> = Vec::new();
        for (is_screen, table) in tables {
            for (action, keys) in table {
                // A key the screen already claims is not the global action's any more.
                let keys: Vec<String> = keys
                    .iter()
                    .filter(|k| is_screen || !screen.iter().any(|s| s.keys.contains(k)))
                    .map(Key::label)
                    .collect();
                if keys.is_empty() {
                    continue;
                }
                match rows.iter_mut().find(|(a, _)| *a == action) {
                    Some((_, ks)) => ks.extend(keys),
                    None => rows.push((action, keys)),
                }
            }
        }
        rows.into_iter()
            .map(|(a, ks)| (ks.join(" "), a.description()))
            .collect()
    }

    /// The first key label bound to `action` (screen table first), for footers.
    pub fn key_for(&self, screen: &[Binding], action: Action) -> Option<String> {
        rules(screen)
            .into_iter()
            .chain(self.global_rules())
            .find(|(a, _)| *a == action)
            .and_then(|(_, keys)| keys.first())
            .map(Key::label)
    }
}

/// [`Keymap::resolve`] with the default keys (the app uses its own `Keymap`).
pub fn resolve(mode: Mode, screen: &[Binding], key: &KeyEvent) -> Resolved {
    Keymap::default().resolve(mode, screen, key)
}

/// [`Keymap::help_rows`] with the default keys.
pub fn help_rows(mode: Mode, screen: &[Binding]) -> Vec<(String, String)> {
    Keymap::default().help_rows(mode, screen)
}

/// [`Keymap::key_for`] with the default keys.
pub fn key_for(screen: &[Binding], action: Action) -> Option<String> {
    Keymap::default().key_for(screen, action)
}

/// The names a config file may use: the global table's actions can be
/// re-keyed; the rest exist but belong to one screen.
pub fn known_actions() -> KnownActions {
    let rebindable: Vec<String> = GLOBAL.iter().map(|b| b.action.name()).collect();
    let screen_only = Action::SIMPLE
        .iter()
        .map(|a| a.name())
        .filter(|n| !rebindable.contains(n))
        .collect();
    KnownActions {
        rebindable,
        screen_only,
    }
}

/// Every global action with its default keys, for `config --default`.
pub fn defaults() -> Vec<ActionDefault> {
    GLOBAL
        .iter()
        .map(|b| ActionDefault {
            name: b.action.name(),
            description: b.action.description(),
            keys: b.keys.iter().filter_map(Key::spec).collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyEventKind, KeyEventState};

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent {
            code,
            modifiers: mods,
            kind: KeyEventKind::Press,
            state: KeyEventState::NONE,
        }
    }

    fn ch(c: char) -> KeyEvent {
        key(KeyCode::Char(c), KeyModifiers::NONE)
    }

    const SCREEN: &[Binding] = &[
        bind(&[Key::ch('r')], Action::Reshuffle),
        bind(&[Key::ch('k')], Action::AddCause),
    ];

    #[test]
    fn q_quits_normally_but_types_into_a_field() {
        assert_eq!(
            resolve(Mode::Normal, &[], &ch('q')),
            Resolved::Action(Action::Quit)
        );
        assert_eq!(resolve(Mode::Editing, &[], &ch('q')), Resolved::ToField);
        assert_eq!(resolve(Mode::Editing, &[], &ch('u')), Resolved::ToField);
        assert_eq!(resolve(Mode::Editing, &[], &ch('1')), Resolved::ToField);
    }

    #[test]
    fn editing_keeps_enter_esc_tab_and_ctrl_c() {
        let r = |c, m| resolve(Mode::Editing, &[], &key(c, m));
        assert_eq!(
            r(KeyCode::Enter, KeyModifiers::NONE),
            Resolved::Action(Action::Edit)
        );
        assert_eq!(
            r(KeyCode::Esc, KeyModifiers::NONE),
            Resolved::Action(Action::Cancel)
        );
        assert_eq!(
            r(KeyCode::Tab, KeyModifiers::NONE),
            Resolved::Action(Action::NextField)
        );
        assert_eq!(
            r(KeyCode::Char('c'), KeyModifiers::CONTROL),
            Resolved::Action(Action::Quit)
        );
        assert_eq!(r(KeyCode::Home, KeyModifiers::NONE), Resolved::ToField);
    }

    #[test]
    fn screen_rules_win_over_global_ones() {
        assert_eq!(
            resolve(Mode::Normal, SCREEN, &ch('k')),
            Resolved::Action(Action::AddCause)
        );
        assert_eq!(
            resolve(Mode::Normal, &[], &ch('k')),
            Resolved::Action(Action::Up)
        );
        assert_eq!(
            resolve(Mode::Normal, SCREEN, &ch('r')),
            Resolved::Action(Action::Reshuffle)
        );
    }

    #[test]
    fn undo_redo_and_screen_numbers() {
        assert_eq!(
            resolve(Mode::Normal, &[], &ch('u')),
            Resolved::Action(Action::Undo)
        );
        let ctrl = |c| key(KeyCode::Char(c), KeyModifiers::CONTROL);
        assert_eq!(
            resolve(Mode::Normal, &[], &ctrl('z')),
            Resolved::Action(Action::Undo)
        );
        assert_eq!(
            resolve(Mode::Normal, &[], &ctrl('y')),
            Resolved::Action(Action::Redo)
        );
        assert_eq!(
            resolve(Mode::Normal, &[], &ctrl('r')),
            Resolved::Action(Action::Redo)
        );
        assert_eq!(
            resolve(Mode::Normal, &[], &ch('3')),
            Resolved::Action(Action::GoToScreen(3))
        );
        assert_eq!(resolve(Mode::Normal, &[], &ch('x')), Resolved::Unbound);
    }

    #[test]
    fn shifted_characters_match_their_character() {
        let shifted = key(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert_eq!(
            resolve(Mode::Normal, &[], &shifted),
            Resolved::Action(Action::ToggleHelp)
        );
        let big_t = key(KeyCode::Char('T'), KeyModifiers::SHIFT);
        assert_eq!(
            resolve(Mode::Normal, &[], &big_t),
            Resolved::Action(Action::TimerNextSection)
        );
        let backtab = key(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(
            resolve(Mode::Normal, &[], &backtab),
            Resolved::Action(Action::PrevPane)
        );
    }

    #[test]
    fn help_and_conflict_are_modal() {
        assert_eq!(
            resolve(Mode::Help, &[], &ch('q')),
            Resolved::Action(Action::ToggleHelp)
        );
        assert_eq!(resolve(Mode::Help, &[], &ch('u')), Resolved::Unbound);
        assert_eq!(
            resolve(Mode::Conflict, &[], &ch('r')),
            Resolved::Action(Action::ReloadFromDisk)
        );
        assert_eq!(resolve(Mode::Conflict, &[], &ch('u')), Resolved::Unbound);
    }

    #[test]
    fn the_import_dialog_is_modal() {
        // Nothing behind the dialog may change while it is open: no undo,
        // no screen switch, no plain-q quit.
        for c in ['u', 'q', '3', ']', 't'] {
            assert_eq!(resolve(Mode::Import, &[], &ch(c)), Resolved::Unbound, "{c}");
        }
        assert_eq!(
            resolve(Mode::Import, &[], &ch(' ')),
            Resolved::Action(Action::Toggle)
        );
        assert_eq!(
            resolve(Mode::Import, &[], &key(KeyCode::Esc, KeyModifiers::NONE)),
            Resolved::Action(Action::Cancel)
        );
        assert_eq!(
            resolve(
                Mode::Import,
                &[],
                &key(KeyCode::Char('c'), KeyModifiers::CONTROL)
            ),
            Resolved::Action(Action::Quit)
        );
    }

    #[test]
    fn help_lists_each_action_once_and_hides_keys_the_screen_took() {
        let rows = help_rows(Mode::Normal, SCREEN);
        let up: Vec<_> = rows.iter().filter(|(_, d)| d == "move up").collect();
        assert_eq!(up.len(), 1);
        assert_eq!(up[0].0, "↑", "k belongs to the screen here");
        assert!(
            rows.iter()
                .any(|(k, d)| k == "q Ctrl-C" && d.starts_with("quit"))
        );
        assert_eq!(key_for(SCREEN, Action::Reshuffle).as_deref(), Some("r"));
    }

    fn config(text: &str) -> Config {
        match Config::parse(text, &known_actions()) {
            Ok(c) => c,
            Err(p) => panic!("{p:?}"),
        }
    }

    fn keymap(text: &str) -> Keymap {
        match Keymap::from_config(&config(text)) {
            Ok(k) => k,
            Err(p) => panic!("{p:?}"),
        }
    }

    #[test]
    fn an_override_replaces_the_default_keys_of_its_action() {
        let map = keymap("[keys]\nquit = [\"x\", \"ctrl-q\"]\nnext_screen = [\"tab\"]\n");
        let r = |k: &KeyEvent| map.resolve(Mode::Normal, &[], k);
        assert_eq!(r(&ch('x')), Resolved::Action(Action::Quit));
        assert_eq!(
            r(&key(KeyCode::Char('q'), KeyModifiers::CONTROL)),
            Resolved::Action(Action::Quit)
        );
        assert_eq!(r(&ch('q')), Resolved::Unbound, "q was quit's default");
        assert_eq!(
            r(&key(KeyCode::Tab, KeyModifiers::NONE)),
            Resolved::Action(Action::NextScreen)
        );
        assert_eq!(r(&ch(']')), Resolved::Unbound);
        // Tab was the next pane's only key: the override took it.
        assert!(map.key_for(&[], Action::NextPane).is_none());
        assert_eq!(r(&ch('u')), Resolved::Action(Action::Undo), "the rest stay");
        // The screen's own table is untouched and still wins.
        assert_eq!(
            map.resolve(Mode::Normal, SCREEN, &ch('k')),
            Resolved::Action(Action::AddCause)
        );
    }

    #[test]
    fn help_and_footer_show_the_keys_in_effect() {
        let map = keymap("[keys]\nundo = [\"z\", \"alt-u\"]\n");
        let rows = map.help_rows(Mode::Normal, &[]);
        let undo: Vec<_> = rows
            .iter()
            .filter(|(_, d)| *d == Action::Undo.description())
            .collect();
        assert_eq!(undo.len(), 1);
        assert_eq!(undo[0].0, "z Alt-u");
        assert_eq!(map.key_for(&[], Action::Undo).as_deref(), Some("z"));
        assert_eq!(key_for(&[], Action::Undo).as_deref(), Some("u"));
    }

    #[test]
    fn a_key_moved_to_another_action_leaves_its_default_owner() {
        let map = keymap("[keys]\nundo = [\"q\"]\n");
        assert_eq!(
            map.resolve(Mode::Normal, &[], &ch('q')),
            Resolved::Action(Action::Undo)
        );
        assert_eq!(map.key_for(&[], Action::Quit).as_deref(), Some("Ctrl-C"));
        let rows = map.help_rows(Mode::Normal, &[]);
        assert!(
            rows.iter()
                .any(|(k, d)| k == "Ctrl-C" && d.starts_with("quit"))
        );
    }

    #[test]
    fn taking_every_key_of_an_action_is_an_error_naming_the_line() {
        let c = config("theme = \"dark\"\n[keys]\nundo = [\"q\", \"ctrl-c\"]\n");
        let p = Keymap::from_config(&c).expect_err("quit has no key left");
        assert_eq!(p.line, Some(3));
        assert!(
            p.message
                .starts_with("undo takes every key of quit (\"q\", \"ctrl-c\")"),
            "{}",
            p.message
        );
    }

    #[test]
    fn a_re_keyed_help_key_also_closes_the_help() {
        let map = keymap("[keys]\ntoggle_help = [\"f2\"]\n");
        let f2 = key(KeyCode::F(2), KeyModifiers::NONE);
        assert_eq!(
            map.resolve(Mode::Normal, &[], &f2),
            Resolved::Action(Action::ToggleHelp)
        );
        assert_eq!(
            map.resolve(Mode::Help, &[], &f2),
            Resolved::Action(Action::ToggleHelp)
        );
        assert_eq!(map.resolve(Mode::Help, &[], &ch('u')), Resolved::Unbound);
    }

    #[test]
    fn the_default_config_is_the_default_keymap() {
        for b in GLOBAL {
            for k in b.keys {
                assert_eq!(k.spec().map(Key::from), Some(*k), "{:?}", b.action);
            }
        }
        let text = crate::config::default_file(&defaults());
        assert_eq!(keymap(&text), Keymap::default());
        assert!(text.contains("\nquit = [\"q\", \"ctrl-c\"]\n"), "{text}");
    }

    #[test]
    fn only_global_actions_can_be_re_keyed() {
        let known = known_actions();
        assert!(known.rebindable.contains(&"quit".to_string()));
        assert!(known.rebindable.contains(&"go_to_screen_9".to_string()));
        assert!(known.screen_only.contains(&"reshuffle".to_string()));
        assert!(!known.screen_only.contains(&"quit".to_string()));
    }

    #[test]
    fn labels_name_ctrl_and_alt() {
        assert_eq!(Key::ctrl('z').label(), "Ctrl-Z");
        let alt = Key {
            code: KeyCode::Left,
            mods: KeyModifiers::ALT | KeyModifiers::CONTROL,
        };
        assert_eq!(alt.label(), "Ctrl-Alt-←");
    }
}
