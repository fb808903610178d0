//! Palettes. `projector` is the default: a washed-out beamer loses subtle
//! colours, so it uses pure black/white/yellow and bold, and every state that
//! a colour marks is also marked with a symbol or a word.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeName {
    Projector,
    Dark,
    Light,
}

impl ThemeName {
    pub const ALL: [ThemeName; 3] = [ThemeName::Projector, ThemeName::Dark, ThemeName::Light];

    pub fn label(self) -> &'static str {
        match self {
            ThemeName::Projector => "projector",
            ThemeName::Dark => "dark",
            ThemeName::Light => "light",
        }
    }

    pub fn parse(text: &str) -> Result<ThemeName, String> {
        ThemeName::ALL
            .into_iter()
            .find(|t| t.label().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| format!("unknown theme \"{text}\": use projector, dark or light"))
    }

    pub fn next(self) -> ThemeName {
        match self {
            ThemeName::Projector => ThemeName::Dark,
            ThemeName::Dark => ThemeName::Light,
            ThemeName::Light => ThemeName::Projector,
        }
    }
}

/// Styles by meaning, so screens never pick colours themselves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    pub name: ThemeName,
    /// False under NO_COLOR: only bold, reverse and underline are used.
    pub coloured: bool,
    pub base: Style,
    pub title: Style,
    pub tab: Style,
    pub tab_active: Style,
    pub border: Style,
    pub border_focus: Style,
    pub selected: Style,
    pub dim: Style,
    pub key: Style,
    pub good: Style,
    pub bad: Style,
    pub warn: Style,
    pub bar: Style,
    pub bar_leak: Style,
    pub field: Style,
    pub field_error: Style,
}

impl Theme {
    pub fn new(name: ThemeName) -> Theme {
        let bold = Modifier::BOLD;
        match name {
            ThemeName::Projector => {
                let base = Style::new().fg(Color::White).bg(Color::Black);
                Theme {
                    name,
                    coloured: true,
                    base,
                    title: base.fg(Color::Yellow).add_modifier(bold),
                    tab: base,
                    tab_active: Style::new()
                        .fg(Color::Black)
                        .bg(Color::Yellow)
                        .add_modifier(bold),
                    border: base.fg(Color::Gray),
                    border_focus: base.fg(Color::Yellow).add_modifier(bold),
                    selected: Style::new()
                        .fg(Color::Black)
                        .bg(Color::White)
                        .add_modifier(bold),
                    dim: base.fg(Color::Gray),
                    key: base.fg(Color::Yellow).add_modifier(bold),
                    good: base.fg(Color::LightGreen).add_modifier(bold),
                    bad: base.fg(Color::LightRed).add_modifier(bold),
                    warn: base.fg(Color::Yellow).add_modifier(bold),
                    bar: base.fg(Color::White),
                    bar_leak: base.fg(Color::LightRed).add_modifier(bold),
                    field: Style::new().fg(Color::Black).bg(Color::Gray),
                    field_error: Style::new()
                        .fg(Color::White)
                        .bg(Color::Red)
                        .add_modifier(bold),
                }
            }
            ThemeName::Dark => {
                let base = Style::new().fg(Color::Gray).bg(Color::Reset);
                Theme {
                    name,
                    coloured: true,
                    base,
                    title: base.fg(Color::Cyan).add_modifier(bold),
                    tab: base.fg(Color::DarkGray),
                    tab_active: base
                        .fg(Color::Cyan)
                        .add_modifier(bold | Modifier::UNDERLINED),
                    border: base.fg(Color::DarkGray),
                    border_focus: base.fg(Color::Cyan),
                    selected: base.bg(Color::DarkGray).fg(Color::White).add_modifier(bold),
                    dim: base.fg(Color::DarkGray),
                    key: base.fg(Color::Cyan),
                    good: base.fg(Color::Green),
                    bad: base.fg(Color::Red).add_modifier(bold),
                    warn: base.fg(Color::Yellow),
                    bar: base.fg(Color::Blue),
                    bar_leak: base.fg(Color::Red).add_modifier(bold),
                    field: base.bg(Color::DarkGray).fg(Color::White),
                    field_error: base.bg(Color::Red).fg(Color::White),
                }
            }
            ThemeName::Light => {
                let base = Style::new().fg(Color::Black).bg(Color::White);
                Theme {
                    name,
                    coloured: true,
                    base,
                    title: base.fg(Color::Blue).add_modifier(bold),
                    tab: base.fg(Color::DarkGray),
                    tab_active: Style::new()
                        .fg(Color::White)
                        .bg(Color::Blue)
                        .add_modifier(bold),
                    border: base.fg(Color::DarkGray),
                    border_focus: base.fg(Color::Blue).add_modifier(bold),
                    selected: Style::new()
                        .fg(Color::White)
                        .bg(Color::Black)
                        .add_modifier(bold),
                    dim: base.fg(Color::DarkGray),
                    key: base.fg(Color::Blue).add_modifier(bold),
                    good: base.fg(Color::Green).add_modifier(bold),
                    bad: base.fg(Color::Red).add_modifier(bold),
                    warn: base.fg(Color::Magenta).add_modifier(bold),
                    bar: base.fg(Color::Blue),
                    bar_leak: base.fg(Color::Red).add_modifier(bold),
                    field: Style::new().fg(Color::Black).bg(Color::Gray),
                    field_error: Style::new()
                        .fg(Color::White)
                        .bg(Color::Red)
                        .add_modifier(bold),
                }
            }
        }
    }
}

impl Theme {
    /// The same theme with every colour taken out (https://no-color.org).
    /// What a background colour set apart from the page (the selection, the
    /// active tab, a field being typed in) is shown reversed instead, so it
    /// stays visible; bold and underline stay as they were.
    pub fn without_colour(self) -> Theme {
        let page = self.base.bg;
        let plain = |s: Style| {
            let stood_out = s.bg.is_some() && s.bg != page;
            let s = Style {
                fg: None,
                bg: None,
                ..s
            };
            if stood_out {
                s.add_modifier(Modifier::REVERSED)
            } else {
                s
            }
        };
        Theme {
            name: self.name,
            coloured: false,
            base: plain(self.base),
            title: plain(self.title),
            tab: plain(self.tab),
            tab_active: plain(self.tab_active),
            border: plain(self.border),
            border_focus: plain(self.border_focus),
            selected: plain(self.selected),
            dim: plain(self.dim),
            key: plain(self.key),
            good: plain(self.good),
            bad: plain(self.bad),
            warn: plain(self.warn),
            bar: plain(self.bar),
            bar_leak: plain(self.bar_leak),
            field: plain(self.field),
            field_error: plain(self.field_error),
        }
    }

    /// The next theme (Ctrl-T), still without colour if this one is.
    pub fn next(self) -> Theme {
        let next = Theme::new(self.name.next());
        if self.coloured {
            next
        } else {
            next.without_colour()
        }
    }

    /// Every style, for tests that check them all.
    pub fn styles(&self) -> [Style; 16] {
        [
            self.base,
            self.title,
            self.tab,
            self.tab_active,
            self.border,
            self.border_focus,
            self.selected,
            self.dim,
            self.key,
            self.good,
            self.bad,
            self.warn,
            self.bar,
            self.bar_leak,
            self.field,
            self.field_error,
        ]
    }
}

impl Default for Theme {
    fn default() -> Theme {
        Theme::new(ThemeName::Projector)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn themes_cycle_through_all_three_and_parse_by_name() {
        let mut t = ThemeName::Projector;
        for _ in 0..3 {
            t = t.next();
        }
        assert_eq!(t, ThemeName::Projector);
        assert_eq!(ThemeName::parse("Dark"), Ok(ThemeName::Dark));
        assert!(
            ThemeName::parse("neon")
                .unwrap_err()
                .contains("projector, dark or light")
        );
    }

    #[test]
    fn no_colour_themes_have_no_colour_but_keep_states_visible() {
        for name in ThemeName::ALL {
            let theme = Theme::new(name).without_colour();
            for style in theme.styles() {
                assert_eq!((style.fg, style.bg), (None, None), "{name:?}: {style:?}");
            }
            // The selection and the active tab were colour blocks: now reversed.
            for style in [theme.selected, theme.field, theme.field_error] {
                assert!(style.add_modifier.contains(Modifier::REVERSED), "{name:?}");
            }
            assert!(theme.title.add_modifier.contains(Modifier::BOLD));
            assert!(!theme.base.add_modifier.contains(Modifier::REVERSED));
            // Ctrl-T cycles themes but never brings colour back.
            assert_eq!(theme.next(), Theme::new(name.next()).without_colour());
        }
        assert!(
            Theme::new(ThemeName::Projector)
                .styles()
                .iter()
                .any(|s| s.fg.is_some())
        );
    }
}
