//! A small form: labelled rows of text fields and choices, one focused.
//! The owner turns the values into a session change and reports which row
//! is wrong and why; the form shows that beside the row as it is typed.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text_field::TextField;
use crate::tui::theme::Theme;

#[derive(Debug, Clone)]
pub enum Input {
    Text(TextField),
    /// Picked with Space or ←/→; never typed.
    Choice {
        options: Vec<String>,
        index: usize,
    },
}

#[derive(Debug, Clone)]
pub struct Row {
    pub label: &'static str,
    pub input: Input,
    /// Hidden rows (e.g. "cause" unless the effect recovers losses) are skipped.
    pub hidden: bool,
    /// Shown right after the value ("pts", "%"); empty for none.
    pub unit: &'static str,
}

#[derive(Debug, Clone)]
pub struct Form {
    pub rows: Vec<Row>,
    pub focus: usize,
}

/// Columns a field with a unit gets: numbers, not sentences, go there.
const UNIT_FIELD_WIDTH: u16 = 10;

/// A row that is wrong, and why.
pub type FieldError = (usize, String);

impl Form {
    pub fn new(rows: Vec<Row>) -> Form {
        Form { rows, focus: 0 }
    }

    pub fn text(label: &'static str, value: &str) -> Row {
        Row {
            label,
            input: Input::Text(TextField::new(value)),
            hidden: false,
            unit: "",
        }
    }

    pub fn choice(label: &'static str, options: Vec<String>, index: usize) -> Row {
        Row {
            label,
            input: Input::Choice {
                index: index.min(options.len().saturating_sub(1)),
                options,
            },
            hidden: false,
            unit: "",
        }
    }

    /// The typed text, or the chosen option's label.
    pub fn value(&self, row: usize) -> &str {
        match self.rows.get(row).map(|r| &r.input) {
            Some(Input::Text(t)) => t.value(),
            Some(Input::Choice { options, index }) => {
                options.get(*index).map_or("", String::as_str)
            }
            None => "",
        }
    }

    pub fn index(&self, row: usize) -> usize {
        match self.rows.get(row).map(|r| &r.input) {
            Some(Input::Choice { index, .. }) => *index,
            _ => 0,
        }
    }

    pub fn set_text(&mut self, row: usize, value: &str) {
        if let Some(Row {
            input: Input::Text(t),
            ..
        }) = self.rows.get_mut(row)
        {
            *t = TextField::new(value);
        }
    }

    pub fn set_index(&mut self, row: usize, to: usize) {
        if let Some(Row {
            input: Input::Choice { index, options },
            ..
        }) = self.rows.get_mut(row)
        {
            *index = to.min(options.len().saturating_sub(1));
        }
    }

    pub fn set_hidden(&mut self, row: usize, hidden: bool) {
        if let Some(r) = self.rows.get_mut(row) {
            r.hidden = hidden;
        }
    }

    pub fn set_unit(&mut self, row: usize, unit: &'static str) {
        if let Some(r) = self.rows.get_mut(row) {
            r.unit = unit;
        }
    }

    /// Moves focus to the next (or previous) visible row, wrapping.
    pub fn step_focus(&mut self, forward: bool) {
        let n = self.rows.len();
        for i in 1..=n {
            let at = if forward {
                (self.focus + i) % n
            } else {
                (self.focus + n * 2 - i) % n
            };
            if !self.rows[at].hidden {
                self.focus = at;
                return;
            }
        }
    }

    /// A key for the focused row: ↑/↓ move between rows whatever the row,
    /// then typing for text, Space/←/→ for a choice.
    pub fn key(&mut self, key: &KeyEvent) {
        if matches!(key.code, KeyCode::Up | KeyCode::Down) {
            return self.step_focus(key.code == KeyCode::Down);
        }
        match self.rows.get_mut(self.focus).map(|r| &mut r.input) {
            Some(Input::Text(t)) => {
                t.key(key);
            }
            Some(Input::Choice { options, index }) => {
                let n = options.len().max(1);
                match key.code {
                    KeyCode::Char(' ') | KeyCode::Right | KeyCode::Char('l') => {
                        *index = (*index + 1) % n
                    }
                    KeyCode::Left | KeyCode::Char('h') => *index = (*index + n - 1) % n,
                    _ => {}
                }
            }
            None => {}
        }
    }

    pub fn paste(&mut self, text: &str) {
        if let Some(Row {
            input: Input::Text(t),
            ..
        }) = self.rows.get_mut(self.focus)
        {
            t.paste(text);
        }
    }

    pub fn focused_text(&self) -> bool {
        matches!(
            self.rows.get(self.focus).map(|r| &r.input),
            Some(Input::Text(_))
        )
    }

    /// One line per visible row: label, then the field (focused: with cursor).
    pub fn render(&self, f: &mut Frame, area: Rect, theme: &Theme, error: Option<&FieldError>) {
        let label_w = self
            .rows
            .iter()
            .map(|r| r.label.chars().count())
            .max()
            .unwrap_or(0) as u16
            + 3;
        let mut y = area.y;
        for (i, row) in self.rows.iter().enumerate() {
            if row.hidden {
                continue;
            }
            if y >= area.bottom() {
                break;
            }
            let line = Rect {
                y,
                height: 1,
                ..area
            };
            y += 1;
            let [l, v] =
                Layout::horizontal([Constraint::Length(label_w), Constraint::Min(0)]).areas(line);
            let focused = i == self.focus;
            let marker = if focused { "▶ " } else { "  " };
            f.render_widget(
                Paragraph::new(Span::styled(
                    format!("{marker}{}", row.label),
                    if focused { theme.key } else { theme.dim },
                )),
                l,
            );
            let err = error.filter(|(at, _)| *at == i).map(|(_, e)| e.as_str());
            let v = if row.unit.is_empty() {
                v
            } else {
                // The unit sits right after a short field, before any error.
                let field_w = v
                    .width
                    .saturating_sub(row.unit.chars().count() as u16 + 1)
                    .min(UNIT_FIELD_WIDTH);
                let [field, unit, rest] = Layout::horizontal([
                    Constraint::Length(field_w),
                    Constraint::Length(row.unit.chars().count() as u16 + 1),
                    Constraint::Min(0),
                ])
                .areas(v);
                f.render_widget(
                    Paragraph::new(Span::styled(format!(" {}", row.unit), theme.dim)),
                    unit,
                );
                if let Some(e) = err {
                    f.render_widget(
                        Paragraph::new(Span::styled(format!("  ✗ {e}"), theme.bad)),
                        rest,
                    );
                }
                match &row.input {
                    Input::Text(t) if focused => t.render_marked(f, field, theme, err.is_some()),
                    _ => f.render_widget(
                        Paragraph::new(Span::styled(self.value(i).to_string(), theme.base)),
                        field,
                    ),
                }
                continue;
            };
            match &row.input {
                Input::Text(t) if focused => t.render(f, v, theme, err),
                Input::Text(t) => {
                    let mut spans = vec![Span::styled(t.value().to_string(), theme.base)];
                    if let Some(e) = err {
                        spans.push(Span::styled(format!("  ✗ {e}"), theme.bad));
                    }
                    f.render_widget(Paragraph::new(Line::from(spans)), v);
                }
                Input::Choice { options, index } => {
                    let text = options.get(*index).cloned().unwrap_or_default();
                    let style = if focused { theme.selected } else { theme.base };
                    let mut spans = vec![Span::styled(format!("‹ {text} ›"), style)];
                    if focused {
                        spans.push(Span::styled(
                            "  Space/←→ to change · ↑↓ other rows",
                            theme.dim,
                        ));
                    }
                    if let Some(e) = err {
                        spans.push(Span::styled(format!("  ✗ {e}"), theme.bad));
                    }
                    f.render_widget(Paragraph::new(Line::from(spans)), v);
                }
            }
        }
    }

    /// Every typed text row that is not empty, as "Label: text" lines: what
    /// a draft keeps when the app is stopped mid-form.
    pub fn draft(&self) -> Option<String> {
        let lines: Vec<String> = self
            .rows
            .iter()
            .filter(|r| !r.hidden)
            .filter_map(|r| match &r.input {
                Input::Text(t) if !t.value().trim().is_empty() => {
                    Some(format!("{}: {}", r.label, t.value().trim()))
                }
                _ => None,
            })
            .collect();
        (!lines.is_empty()).then(|| lines.join("\n"))
    }

    /// Rows drawn (visible ones).
    pub fn height(&self) -> u16 {
        self.rows.iter().filter(|r| !r.hidden).count() as u16
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyEventKind, KeyEventState, KeyModifiers};

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent {
            code,
            modifiers: KeyModifiers::NONE,
            kind: KeyEventKind::Press,
            state: KeyEventState::NONE,
        }
    }

    #[test]
    fn focus_skips_hidden_rows_and_choices_cycle() {
        let mut form = Form::new(vec![
            Form::text("a", "x"),
            Form::choice("b", vec!["one".into(), "two".into()], 0),
            Form::text("c", ""),
        ]);
        form.set_hidden(1, true);
        form.step_focus(true);
        assert_eq!(form.focus, 2);
        form.step_focus(true);
        assert_eq!(form.focus, 0);
        form.set_hidden(1, false);
        form.step_focus(true);
        form.key(&key(KeyCode::Char(' ')));
        assert_eq!(form.value(1), "two");
        form.key(&key(KeyCode::Left));
        assert_eq!(form.value(1), "one");
        form.step_focus(true);
        form.key(&key(KeyCode::Char('q')));
        assert_eq!(form.value(2), "q", "typing q into a field never quits");
    }

    #[test]
    fn up_and_down_leave_a_choice_row_and_left_right_change_it() {
        let mut form = Form::new(vec![
            Form::text("a", ""),
            Form::choice("b", vec!["one".into(), "two".into(), "three".into()], 0),
            Form::text("c", ""),
        ]);
        form.focus = 1;
        form.key(&key(KeyCode::Right));
        assert_eq!(form.value(1), "two");
        form.key(&key(KeyCode::Down));
        assert_eq!(form.focus, 2, "↓ on a choice moves to the next row");
        assert_eq!(form.value(1), "two", "and leaves the choice alone");
        form.key(&key(KeyCode::Up));
        form.key(&key(KeyCode::Up));
        assert_eq!(form.focus, 0, "↑ on a choice moves to the row above");
        form.key(&key(KeyCode::Down));
        form.key(&key(KeyCode::Left));
        assert_eq!(form.value(1), "one");
    }
}
