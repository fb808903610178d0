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

use crate::format;
use crate::number;
use crate::session::limits::TextKind;
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

/// A whole count of prospects: what `format::count` prints (`30,000`, `1.8M`),
/// at most `limits::COUNT_MAX`.
pub fn parse_count(text: &str) -> Result<u64, String> {
    number::parse_count(text).map_err(|e| e.to_string())
}

/// A decimal number within `min..=max`: separators, `k`/`M`/`B`, a decimal
/// comma where unambiguous, and a `%` or `pts` suffix (the fields that use
/// this hold days, percentages and points).
pub fn parse_number(text: &str, min: f64, max: f64) -> Result<f64, String> {
    number::parse_measure(text)
        .and_then(|v| number::within(v, min, max))
        .map_err(|e| e.to_string())
}

/// An amount of money within `min..=max`: also what `format::money` and
/// `format::money_short` print (`EUR 30,000`, `$540k`).
pub fn parse_money(text: &str, currency: &str, min: f64, max: f64) -> Result<f64, String> {
    let v = number::parse_amount(text, currency).map_err(|e| e.to_string())?;
    if v < min {
        return Err(format!("must be at least {}", format::money(min, currency)));
    }
    if v > max {
        return Err(format!(
            "too large: at most {}",
            format::money(max, currency)
        ));
    }
    Ok(v)
}

/// Non-empty after trimming, and no longer than its kind allows. `what`
/// (e.g. "the title", "a stage name") decides which: titles, notes and
/// names by their word; any other one-line label ("the reason") is held to
/// a title's length under its own name.
pub fn parse_text(text: &str, what: &str) -> Result<String, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(format!("{what} cannot be empty"));
    }
    let lower = what.to_lowercase();
    if lower.contains("note") {
        TextKind::Notes.check(t)?;
    } else if lower.contains("name") {
        TextKind::Name.check(t)?;
    } else if lower.contains("title") {
        TextKind::Title.check(t)?;
    } else {
        TextKind::Title.check_as(t, what)?;
    }
    Ok(t.to_string())
}

/// Text that may be left empty, no longer than `kind` allows.
pub fn parse_optional_text(text: &str, kind: TextKind) -> Result<String, String> {
    let t = text.trim();
    kind.check(t)?;
    Ok(t.to_string())
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
        assert_eq!(parse_count("-5"), Err("must be 0 or more".into()));
        assert_eq!(
            parse_count("99999999999999999999"),
            Err("too large: at most 999,999,999 per stage".into())
        );
        assert!(parse_count("").is_err());
        assert_eq!(parse_number("2,5", 0.0, 100.0), Ok(2.5));
        assert_eq!(parse_number("25.0 %", 0.0, 100.0), Ok(25.0));
        assert_eq!(parse_number("3,650", 0.0, 3_650.0), Ok(3_650.0));
        assert_eq!(
            parse_number("120", 0.0, 100.0),
            Err("must be between 0 and 100".into())
        );
        assert_eq!(
            parse_number("abc", 0.0, 100.0),
            Err("not a number: unexpected 'abc'".into())
        );
        assert!(
            parse_text("  ", "a name")
                .unwrap_err()
                .contains("cannot be empty")
        );
    }

    #[test]
    fn money_reads_what_the_app_prints() {
        // Before: "30,000" became 30 (the comma was read as a decimal point).
        assert_eq!(parse_money("30,000", "EUR", 0.0, 1e9), Ok(30_000.0));
        assert_eq!(parse_money("EUR 24,000", "EUR", 0.0, 1e9), Ok(24_000.0));
        assert_eq!(parse_money("1.8M", "EUR", 0.0, 1e9), Ok(1_800_000.0));
        assert_eq!(
            parse_money("2B", "EUR", 0.0, 1e9),
            Err("too large: at most EUR 1,000,000,000".into())
        );
        assert_eq!(
            parse_money("-€5", "€", 0.0, 1e9),
            Err("must be at least €0".into())
        );
    }

    #[test]
    fn texts_are_held_to_the_length_of_their_kind() {
        let long = "x".repeat(5_000);
        assert_eq!(
            parse_text(&long, "the title"),
            Err("a title has at most 120 characters; this one has 5,000 — shorten it".into())
        );
        assert_eq!(
            parse_text(&"y".repeat(61), "a stage name"),
            Err("a name has at most 60 characters; this one has 61 — shorten it".into())
        );
        assert_eq!(parse_text(&"y".repeat(60), "a name"), Ok("y".repeat(60)));
        assert_eq!(
            parse_text(&"z".repeat(121), "the reason"),
            Err("the reason has at most 120 characters; this one has 121 — shorten it".into())
        );
        assert_eq!(parse_optional_text("  ", TextKind::Name), Ok(String::new()));
        assert!(parse_optional_text(&"n".repeat(2_001), TextKind::Notes).is_err());
    }
}
