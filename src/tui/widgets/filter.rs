//! `/` to filter a list on screen, as in less, vim and most list-heavy
//! terminal apps: typing narrows the list at once, Enter keeps the filter
//! and returns to the list, Esc clears it. The owner decides what an item's
//! text is; the filter only says whether it matches.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text_field::TextField;
use crate::tui::action::Action;
use crate::tui::theme::Theme;

#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// The field while the query is being typed.
    field: Option<TextField>,
    /// The query in force (kept after Enter).
    query: String,
}

impl Filter {
    /// Starts typing, over the query in force.
    pub fn open(&mut self) {
        self.field = Some(TextField::new(&self.query));
    }

    pub fn typing(&self) -> bool {
        self.field.is_some()
    }

    /// Whether a query narrows the list.
    pub fn active(&self) -> bool {
        !self.query.trim().is_empty()
    }

    pub fn query(&self) -> &str {
        &self.query
    }

    pub fn key(&mut self, key: &KeyEvent) {
        if let Some(field) = &mut self.field {
            field.key(key);
            self.query = field.value().to_string();
        }
    }

    pub fn paste(&mut self, text: &str) {
        if let Some(field) = &mut self.field {
            field.paste(text);
            self.query = field.value().to_string();
        }
    }

    /// Enter: stop typing, keep the filter.
    pub fn confirm(&mut self) {
        self.field = None;
    }

    /// Esc: no filter.
    pub fn clear(&mut self) {
        self.field = None;
        self.query.clear();
    }

    /// An action while the query is typed: Enter keeps the filter, Esc
    /// clears it, anything else waits until typing ends.
    pub fn typing_action(&mut self, action: Action) {
        match action {
            Action::Edit => self.confirm(),
            Action::Cancel => self.clear(),
            _ => {}
        }
    }

    /// Every word of the query appears in `text`, ignoring case (Unicode).
    pub fn matches(&self, text: &str) -> bool {
        let text = text.to_lowercase();
        self.query
            .to_lowercase()
            .split_whitespace()
            .all(|word| text.contains(word))
    }

    /// One line: the query (with a cursor while typing), how many items
    /// match, and the keys.
    pub fn render(&self, f: &mut Frame, area: Rect, theme: &Theme, shown: usize, total: usize) {
        if area.height == 0 {
            return;
        }
        let count = format!("  {shown} of {total}");
        let keys = if self.typing() {
            " · Enter keeps · Esc clears"
        } else {
            " · / changes · Esc clears"
        };
        match &self.field {
            Some(field) => {
                let label_w = 2u16;
                f.render_widget(
                    Paragraph::new(Span::styled("/ ", theme.key)),
                    Rect {
                        width: label_w,
                        height: 1,
                        ..area
                    },
                );
                let tail = format!("{count}{keys}");
                let tail_w =
                    (tail.chars().count() as u16).min(area.width.saturating_sub(label_w + 8));
                let field_w = area.width.saturating_sub(label_w + tail_w);
                field.render_marked(
                    f,
                    Rect {
                        x: area.x + label_w,
                        width: field_w,
                        height: 1,
                        ..area
                    },
                    theme,
                    shown == 0,
                );
                f.render_widget(
                    Paragraph::new(Span::styled(tail, theme.dim)),
                    Rect {
                        x: area.x + label_w + field_w,
                        width: tail_w,
                        height: 1,
                        ..area
                    },
                );
            }
            None => {
                let line = Line::from(vec![
                    Span::styled(format!("/ {}", self.query), theme.key),
                    Span::styled(format!("{count}{keys}"), theme.dim),
                ]);
                f.render_widget(Paragraph::new(line), Rect { height: 1, ..area });
            }
        }
    }
}

/// The item `by` places from `at` among the `shown` ones (indexes in list
/// order), clamped to the ends; from an item the filter hides, the nearest
/// shown one after it counts as the first step. `None` when nothing shows.
pub fn step_among(shown: &[usize], at: usize, by: isize) -> Option<usize> {
    let last = shown.len().checked_sub(1)?;
    let here = shown.iter().position(|k| *k >= at).unwrap_or(last);
    let on_it = shown.get(here) == Some(&at);
    let step = if on_it || by <= 0 { by } else { by - 1 };
    shown
        .get(here.saturating_add_signed(step).min(last))
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEventKind, KeyEventState, KeyModifiers};

    fn key(c: char) -> KeyEvent {
        KeyEvent {
            code: KeyCode::Char(c),
            modifiers: KeyModifiers::NONE,
            kind: KeyEventKind::Press,
            state: KeyEventState::NONE,
        }
    }

    #[test]
    fn words_match_in_any_order_and_case_and_esc_clears() {
        let mut f = Filter::default();
        assert!(f.matches("anything"), "no query matches everything");
        f.open();
        for c in "mql CALL".chars() {
            f.key(&key(c));
        }
        assert!(f.matches("Call every MQL within 24 hours"));
        assert!(!f.matches("Competitive battle cards"));
        f.confirm();
        assert!(!f.typing() && f.active());
        f.open();
        assert!(
            f.typing() && f.query() == "mql CALL",
            "reopening keeps the query"
        );
        f.clear();
        assert!(!f.active() && f.matches("Competitive battle cards"));
        f.open();
        f.key(&key('Ü'));
        assert!(f.matches("über"), "Unicode case");
    }

    #[test]
    fn stepping_among_shown_items() {
        let shown = [1, 4, 7];
        assert_eq!(step_among(&shown, 4, 1), Some(7));
        assert_eq!(step_among(&shown, 4, -1), Some(1));
        assert_eq!(step_among(&shown, 7, 5), Some(7), "clamped at the end");
        assert_eq!(
            step_among(&shown, 2, 0),
            Some(4),
            "a hidden item snaps to the next shown"
        );
        assert_eq!(
            step_among(&shown, 2, 1),
            Some(4),
            "one step down from a hidden item"
        );
        assert_eq!(step_among(&shown, 2, -1), Some(1));
        assert_eq!(
            step_among(&shown, 9, 0),
            Some(7),
            "past the end: the last shown"
        );
        assert_eq!(step_among(&[], 3, 1), None);
    }
}
