//! Keys → actions, as plain rule tables a unit test can read without a
//! terminal. A screen adds its own table on top of the global one; a focused
//! text field sees every key before either table.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

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
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{}", base.to_uppercase())
        } else {
            base
        }
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
];

/// While a text field has focus only these keys mean something beyond
/// typing; everything else goes to the field.
pub const EDITING: &[Binding] = &[
    bind(&[Key::ctrl('c')], Action::Quit),
    bind(&[Key::plain(KeyCode::Enter)], Action::Edit),
    bind(&[Key::plain(KeyCode::Esc)], Action::Cancel),
    bind(&[Key::plain(KeyCode::Tab)], Action::NextField),
    bind(&[Key::plain(KeyCode::BackTab)], Action::PrevField),
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
}

/// What a key turned into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    Action(Action),
    /// Give the key to the focused text field.
    ToField,
    Unbound,
}

fn lookup(table: &[Binding], key: &KeyEvent) -> Option<Action> {
    table
        .iter()
        .find(|b| b.keys.iter().any(|k| k.matches(key)))
        .map(|b| b.action)
}

/// The rule: help and conflict prompts are modal; an edit sees every key
/// except its own few; otherwise the screen's table wins over the global one.
pub fn resolve(mode: Mode, screen: &[Binding], key: &KeyEvent) -> Resolved {
    let found = match mode {
        Mode::Help => lookup(HELP, key),
        Mode::Conflict => lookup(CONFLICT, key),
        Mode::Editing => return lookup(EDITING, key).map_or(Resolved::ToField, Resolved::Action),
        Mode::Normal => lookup(screen, key).or_else(|| lookup(GLOBAL, key)),
    };
    found.map_or(Resolved::Unbound, Resolved::Action)
}

/// Every binding that applies in `mode` on this screen, screen rules first,
/// each action once with all its keys: what `?` shows.
pub fn help_rows(mode: Mode, screen: &[Binding]) -> Vec<(String, String)> {
    let tables: Vec<&[Binding]> = match mode {
        Mode::Normal => vec![screen, GLOBAL],
        Mode::Editing => vec![EDITING],
        Mode::Help => vec![screen, GLOBAL],
        Mode::Conflict => vec![CONFLICT],
    };
    let mut rows: Vec<(Action, Vec<String>)> = Vec::new();
    for table in tables {
        for b in table.iter() {
            // A key the screen already claims is not the global action's any more.
            let keys: Vec<String> = b
                .keys
                .iter()
                .filter(|k| {
                    table.as_ptr() == screen.as_ptr() || !screen.iter().any(|s| s.keys.contains(k))
                })
                .map(Key::label)
                .collect();
            if keys.is_empty() {
                continue;
            }
            match rows.iter_mut().find(|(a, _)| *a == b.action) {
                Some((_, ks)) => ks.extend(keys),
                None => rows.push((b.action, keys)),
            }
        }
    }
    rows.into_iter()
        .map(|(a, ks)| (ks.join(" "), a.description()))
        .collect()
}

/// The first key label bound to `action` (screen table first), for footers.
pub fn key_for(screen: &[Binding], action: Action) -> Option<String> {
    screen
        .iter()
        .chain(GLOBAL.iter())
        .find(|b| b.action == action)
        .and_then(|b| b.keys.first())
        .map(Key::label)
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
}
