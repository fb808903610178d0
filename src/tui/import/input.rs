//! Actions and keys → what the dialog does next. Nothing here draws or
//! reads a file: reading and applying are the app's, on [`Next`].

use crossterm::event::{KeyCode, KeyEvent};

use super::state::{ImportDialog, Step};
use crate::import::DateOrder;
use crate::tui::action::Action;

/// What the app should do after a key in the dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    Stay,
    /// Read the file with the options as they stand now.
    Read,
    /// Put the previewed figures into the session.
    Apply,
    /// Close the dialog; nothing changed.
    Close,
    /// Stay, and say this in the status line.
    Say(String),
}

/// Lines PgUp/PgDn move.
const PAGE: u16 = 5;

impl ImportDialog {
    fn scroll_by(&mut self, action: Action) {
        let max = self.max_scroll.get();
        self.scroll = match action {
            Action::Up => self.scroll.saturating_sub(1),
            Action::Down => self.scroll.saturating_add(1),
            Action::PageUp => self.scroll.saturating_sub(PAGE),
            Action::PageDown => self.scroll.saturating_add(PAGE),
            Action::First => 0,
            Action::Last => max,
            _ => self.scroll,
        }
        .min(max);
    }

    /// Back to the options, keeping them; nothing was changed.
    fn back_to_form(&mut self) -> Next {
        if let Step::Reading { job } = std::mem::replace(&mut self.step, Step::Form) {
            job.cancel();
        }
        self.scroll = 0;
        Next::Say(
            "nothing was imported: change the options and press Enter, or Esc to close".into(),
        )
    }

    fn read(&mut self) -> Next {
        match self.options() {
            Ok(_) => {
                self.field_error = None;
                Next::Read
            }
            Err(e) => {
                self.form.focus = e.0;
                self.field_error = Some(e);
                Next::Stay
            }
        }
    }

    pub fn action(&mut self, action: Action) -> Next {
        match &mut self.step {
            Step::Form => match action {
                Action::Edit => return self.read(),
                Action::Cancel => return Next::Close,
                Action::NextField | Action::Down => self.form.step_focus(true),
                Action::PrevField | Action::Up => self.form.step_focus(false),
                Action::Left => self.form.key(&KeyEvent::from(KeyCode::Left)),
                Action::Right | Action::Toggle => self.form.key(&KeyEvent::from(KeyCode::Right)),
                Action::PageUp | Action::PageDown | Action::First | Action::Last => {
                    self.scroll_by(action)
                }
                _ => {}
            },
            Step::Reading { .. } => {
                if action == Action::Cancel {
                    return self.back_to_form();
                }
            }
            Step::Mapping { list, cursor } => {
                let last = list.len().saturating_sub(1);
                // Session stages, then "leave out".
                let n = self.stages.len() + 1;
                match action {
                    Action::Up | Action::PrevField => *cursor = cursor.saturating_sub(1),
                    Action::Down | Action::NextField => *cursor = (*cursor + 1).min(last),
                    Action::PageUp => *cursor = cursor.saturating_sub(usize::from(PAGE)),
                    Action::PageDown => *cursor = (*cursor + usize::from(PAGE)).min(last),
                    Action::First => *cursor = 0,
                    Action::Last => *cursor = last,
                    Action::Right | Action::Toggle | Action::Left => {
                        if let Some(u) = list.get_mut(*cursor) {
                            u.pick = Some(match (u.pick, action) {
                                (None, Action::Left) => n - 1,
                                (None, _) => 0,
                                (Some(k), Action::Left) => (k + n - 1) % n,
                                (Some(k), _) => (k + 1) % n,
                            });
                        }
                    }
                    Action::Edit => {
                        return match self.take_mapping() {
                            Ok(()) => self.read(),
                            Err(e) => Next::Say(e),
                        };
                    }
                    Action::Cancel => return self.back_to_form(),
                    _ => {}
                }
            }
            Step::DateOrder { day_first, .. } => match action {
                Action::Up
                | Action::Down
                | Action::Left
                | Action::Right
                | Action::Toggle
                | Action::NextField
                | Action::PrevField => *day_first = !*day_first,
                Action::Edit => {
                    let order = if *day_first {
                        DateOrder::DayFirst
                    } else {
                        DateOrder::MonthFirst
                    };
                    self.set_dates(order);
                    return self.read();
                }
                Action::Cancel => return self.back_to_form(),
                _ => {}
            },
            Step::Preview { .. } => match action {
                Action::Edit => return Next::Apply,
                Action::Cancel => return self.back_to_form(),
                _ => self.scroll_by(action),
            },
        }
        Next::Stay
    }

    /// A key for the form's focused text field; ↑/↓ change rows and
    /// PgUp/PgDn scroll a long message, as on the choice rows.
    pub fn key(&mut self, key: &KeyEvent) -> Next {
        if !matches!(self.step, Step::Form) {
            return Next::Stay;
        }
        match key.code {
            KeyCode::PageUp => self.scroll_by(Action::PageUp),
            KeyCode::PageDown => self.scroll_by(Action::PageDown),
            _ => {
                let before = self.form.focus;
                self.form.key(key);
                // What was wrong with the row may be fixed now.
                if self.form.focus == before {
                    self.field_error = None;
                }
            }
        }
        Next::Stay
    }

    pub fn paste(&mut self, text: &str) {
        if self.typing() {
            self.form.paste(text);
            self.field_error = None;
        }
    }
}
