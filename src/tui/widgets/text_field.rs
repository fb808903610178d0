//! A one-line text field with a real terminal cursor, Home/End, word moves
//! (Ctrl-←/→, Alt-b/f), delete word (Ctrl-W) and paste, on top of tui-input.
//! Validation lives with the field's owner: the field only shows the verdict.

use crossterm::event::{Event, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use tui_input::backend::crossterm::to_input_request;
use tui_input::{Input, InputRequest};

use crate::tui::theme::Theme;

#[derive(Debug, Clone, Default)]
pub struct TextField {
    input: Input,
    /// The value shown is the old one: the first typed character replaces
    /// it (as a selected cell in a spreadsheet); a cursor move keeps it.
    fresh: bool,
}

impl TextField {
    pub fn new(value: &str) -> TextField {
        TextField {
            input: Input::new(value.to_string()),
            fresh: false,
        }
    }

    /// A field over an existing value that typing replaces.
    pub fn replacing(value: &str) -> TextField {
        TextField {
            input: Input::new(value.to_string()),
            fresh: !value.is_empty(),
        }
    }

    pub fn value(&self) -> &str {
        self.input.value()
    }

    /// Applies an editing key; returns whether the key meant something to a field.
    pub fn key(&mut self, key: &KeyEvent) -> bool {
        match to_input_request(&Event::Key(*key)) {
            Some(req) => {
                if std::mem::take(&mut self.fresh) && matches!(req, InputRequest::InsertChar(_)) {
                    self.input.reset();
                }
                self.input.handle(req);
                true
            }
            None => false,
        }
    }

    /// Inserts pasted text at the cursor; line breaks become spaces since
    /// every field is one line.
    pub fn paste(&mut self, text: &str) {
        if std::mem::take(&mut self.fresh) {
            self.input.reset();
        }
        for c in text.chars() {
            let c = if c == '\n' || c == '\r' || c == '\t' {
                ' '
            } else {
                c
            };
            self.input.handle(InputRequest::InsertChar(c));
        }
    }

    /// Draws the field in `area` (one row) and puts the terminal cursor in it.
    /// With an `error`, the field turns red and the reason follows it.
    pub fn render(&self, f: &mut Frame, area: Rect, theme: &Theme, error: Option<&str>) {
        let msg = error.map(|e| format!(" ✗ {e}")).unwrap_or_default();
        self.draw(f, area, theme, error.is_some(), msg);
    }

    /// Like `render`, for a narrow cell: red when invalid, the reason shown
    /// elsewhere by the owner.
    pub fn render_marked(&self, f: &mut Frame, area: Rect, theme: &Theme, invalid: bool) {
        self.draw(f, area, theme, invalid, String::new());
    }

    fn draw(&self, f: &mut Frame, area: Rect, theme: &Theme, invalid: bool, msg: String) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        let style = if invalid {
            theme.field_error
        } else {
            theme.field
        };
        let msg_width = (msg.chars().count() as u16).min(area.width / 2);
        let field_width = area.width.saturating_sub(msg_width).max(1);
        let scroll = self
            .input
            .visual_scroll(field_width.saturating_sub(1) as usize);
        let visible: String = self.input.value().chars().skip(scroll).collect();
        let pad = (field_width as usize).saturating_sub(visible.chars().count());
        let line = Line::from(vec![
            Span::styled(format!("{visible}{}", " ".repeat(pad)), style),
            Span::styled(msg, theme.bad),
        ]);
        f.render_widget(Paragraph::new(line), Rect { height: 1, ..area });
        let x = area.x
            + (self.input.visual_cursor().saturating_sub(scroll) as u16)
                .min(field_width.saturating_sub(1));
        f.set_cursor_position(Position::new(x, area.y));
    }
}

/// A whole count of prospects: digits, separators allowed.
pub fn parse_count(text: &str) -> Result<u64, String> {
    let clean: String = text
        .chars()
        .filter(|c| !matches!(c, ',' | '_' | ' ' | '\''))
        .collect();
    if clean.is_empty() {
        return Err("type a whole number".into());
    }
    clean
        .parse::<u64>()
        .map_err(|_| format!("\"{}\" is not a whole number ≥ 0", text.trim()))
}

/// A decimal number within `min..=max` (a decimal comma is accepted).
pub fn parse_number(text: &str, min: f64, max: f64) -> Result<f64, String> {
    let clean: String = text
        .trim()
        .replace(',', ".")
        .chars()
        .filter(|c| *c != '_' && *c != ' ')
        .collect();
    if clean.is_empty() {
        return Err("type a number".into());
    }
    let v: f64 = clean
        .parse()
        .map_err(|_| format!("\"{}\" is not a number", text.trim()))?;
    if !v.is_finite() || v < min || v > max {
        let bound = |x: f64| {
            if x == f64::MAX {
                "∞".to_string()
            } else {
                crate::format::count(x)
            }
        };
        return Err(format!("must be between {} and {}", bound(min), bound(max)));
    }
    Ok(v)
}

/// Non-empty after trimming.
pub fn parse_text(text: &str, what: &str) -> Result<String, String> {
    let t = text.trim();
    if t.is_empty() {
        Err(format!("{what} cannot be empty"))
    } else {
        Ok(t.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEventKind, KeyEventState, KeyModifiers};

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent {
            code,
            modifiers,
            kind: KeyEventKind::Press,
            state: KeyEventState::NONE,
        }
    }

    #[test]
    fn typing_home_end_word_moves_and_paste() {
        let mut f = TextField::new("ana");
        f.key(&key(KeyCode::Home, KeyModifiers::NONE));
        f.key(&key(KeyCode::Char('x'), KeyModifiers::NONE));
        assert_eq!(f.value(), "xana");
        f.key(&key(KeyCode::End, KeyModifiers::NONE));
        f.paste(" berg\nsales");
        assert_eq!(f.value(), "xana berg sales");
        f.key(&key(KeyCode::Char('w'), KeyModifiers::CONTROL));
        assert_eq!(f.value(), "xana berg ");
        f.key(&key(KeyCode::Left, KeyModifiers::CONTROL));
        f.key(&key(KeyCode::Char('Q'), KeyModifiers::SHIFT));
        assert_eq!(f.value(), "xana Qberg ");
    }

    #[test]
    fn a_replacing_field_is_overwritten_by_typing_but_kept_by_moves() {
        let mut f = TextField::replacing("1320");
        f.key(&key(KeyCode::Char('9'), KeyModifiers::NONE));
        assert_eq!(f.value(), "9");
        let mut f = TextField::replacing("1320");
        f.key(&key(KeyCode::End, KeyModifiers::NONE));
        f.key(&key(KeyCode::Char('0'), KeyModifiers::NONE));
        assert_eq!(f.value(), "13200");
        let mut f = TextField::replacing("old");
        f.paste("new");
        assert_eq!(f.value(), "new");
    }

    #[test]
    fn numbers_are_checked_with_a_reason() {
        assert_eq!(parse_count("12,000"), Ok(12_000));
        assert!(
            parse_count("-5")
                .unwrap_err()
                .contains("not a whole number")
        );
        assert!(parse_count("").is_err());
        assert_eq!(parse_number("2,5", 0.0, 100.0), Ok(2.5));
        assert!(
            parse_number("120", 0.0, 100.0)
                .unwrap_err()
                .contains("between 0 and 100")
        );
        assert!(
            parse_number("abc", 0.0, 100.0)
                .unwrap_err()
                .contains("not a number")
        );
        assert!(
            parse_text("  ", "a name")
                .unwrap_err()
                .contains("cannot be empty")
        );
    }
}
