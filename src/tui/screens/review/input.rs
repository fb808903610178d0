//! Actions and keys → view changes and edits. Nothing here draws.

use ratatui::layout::Position;

use super::{ReviewScreen, Section, Target, carried, row_count};
use crate::model::{self, KpiUnit};
use crate::number;
use crate::session::limits::TextKind;
use crate::session::{Session, Status};
use crate::tui::action::Action;
use crate::tui::screens::{Edit, Outcome};
use crate::tui::widgets::text_field::{TextField, parse_optional_text};

/// What the review says when there is nothing to review.
const NOT_A_FOLLOW_UP: &str = "this session is not a follow-up, so there is nothing to review: press f on it in the start screen to make the next check-in";

impl ReviewScreen {
    /// The carried-over action under the cursor, by its index in `s.actions`.
    fn action_at_cursor(&self, s: &Session) -> Option<usize> {
        carried(s).get(self.row()).copied()
    }

    fn mark(&mut self, status: Status, s: &Session) -> Outcome {
        if self.section != Section::Actions {
            self.section = Section::Actions;
            self.scroll.set(0);
            return Outcome::Info(
                "actions are marked here, in the Actions section: pick one and press the key again"
                    .into(),
            );
        }
        let Some(i) = self.action_at_cursor(s) else {
            return Outcome::Info(if s.under_review.is_none() {
                NOT_A_FOLLOW_UP.into()
            } else {
                "no actions were carried over from last time".into()
            });
        };
        let title = s.actions[i].title.clone();
        Outcome::Commit(set_status(i, &title, status))
    }

    /// Space: the next status, round the five.
    fn cycle(&mut self, s: &Session) -> Outcome {
        match (self.section, self.action_at_cursor(s)) {
            (Section::Actions, Some(i)) => {
                let a = &s.actions[i];
                let k = Status::ALL.iter().position(|x| *x == a.status).unwrap_or(0);
                let next = Status::ALL[(k + 1) % Status::ALL.len()];
                Outcome::Commit(set_status(i, &a.title, next))
            }
            _ => Outcome::Consumed,
        }
    }

    fn open_field(&mut self, s: &Session) -> Outcome {
        if s.under_review.is_none() {
            return Outcome::Info(NOT_A_FOLLOW_UP.into());
        }
        match self.section {
            Section::Actions => match self.action_at_cursor(s) {
                // A note is more often amended than retyped: typing adds.
                Some(i) => {
                    self.editor = Some((Target::Note(i), TextField::new(&s.actions[i].note)));
                    Outcome::Consumed
                }
                None => Outcome::Info("no actions were carried over from last time".into()),
            },
            Section::Kpis => {
                let row = self.row();
                let Some(k) = s.kpis.get(row) else {
                    return Outcome::Info("no KPIs were agreed last time".into());
                };
                if k.measure.is_tied() {
                    return Outcome::Info(format!(
                        "{}'s actual comes from this period's counts: type them on the Funnel screen (2)",
                        k.name
                    ));
                }
                let unit = model::kpi_figures(s, k).unit;
                let shown = k.actual.map_or(String::new(), |v| {
                    crate::format::kpi_value(v, &unit, &s.currency, s.period)
                });
                // A figure is retyped whole, as everywhere else.
                self.editor = Some((Target::Actual(row), TextField::replacing(&shown)));
                Outcome::Consumed
            }
            Section::Funnel => Outcome::Info(
                "the funnel is computed from the counts: type them on the Funnel screen (2)".into(),
            ),
            Section::Ideas => Outcome::Info(
                "predicted and observed are computed from last time's plan and this period's counts; nothing to type here".into(),
            ),
        }
    }

    /// The edit the open field describes, or why its text is refused.
    pub(super) fn build(&self, s: &Session) -> Option<Result<Edit, String>> {
        let (target, field) = self.editor.as_ref()?;
        Some(match *target {
            Target::Note(i) => {
                parse_optional_text(field.value(), TextKind::Notes).and_then(|note| {
                    let a = s.actions.get(i).ok_or("that action no longer exists")?;
                    Ok(Edit::new(format!("note on {}", a.title), move |s| {
                        s.actions
                            .get_mut(i)
                            .ok_or("that action no longer exists")?
                            .note = note;
                        Ok(())
                    }))
                })
            }
            Target::Actual(i) => {
                let k = match s.kpis.get(i) {
                    Some(k) => k,
                    None => return Some(Err("that KPI no longer exists".into())),
                };
                let unit = model::kpi_figures(s, k).unit;
                parse_actual(field.value(), &unit).map(|v| {
                    Edit::new(format!("actual of {}", k.name), move |s| {
                        s.kpis.get_mut(i).ok_or("that KPI no longer exists")?.actual = v;
                        Ok(())
                    })
                })
            }
        })
    }

    fn editor_action(&mut self, action: Action, s: &Session) -> Outcome {
        match action {
            Action::Edit => match self.build(s) {
                Some(Ok(edit)) => {
                    self.editor = None;
                    Outcome::Commit(edit)
                }
                Some(Err(e)) => Outcome::Error(e),
                None => Outcome::Consumed,
            },
            Action::Cancel => {
                self.editor = None;
                // Not consumed: the app's Esc then clears a stale error.
                Outcome::Ignored
            }
            _ => Outcome::Consumed,
        }
    }

    pub(super) fn action(&mut self, action: Action, s: &Session) -> Outcome {
        if self.editor.is_some() {
            return self.editor_action(action, s);
        }
        let n = row_count(self.section, s);
        let row = self.row();
        match action {
            Action::NextPane | Action::PrevPane | Action::Right | Action::Left => {
                self.section = self
                    .section
                    .step(matches!(action, Action::NextPane | Action::Right));
                self.scroll.set(0);
            }
            Action::Up => self.set_row(row.saturating_sub(1)),
            Action::Down => self.set_row((row + 1).min(n.saturating_sub(1))),
            Action::First => self.set_row(0),
            Action::Last => self.set_row(n.saturating_sub(1)),
            Action::PageUp | Action::PageDown => {
                let page = self.hits.borrow().count().max(1);
                self.set_row(if action == Action::PageUp {
                    row.saturating_sub(page)
                } else {
                    (row + page).min(n.saturating_sub(1))
                });
            }
            Action::MarkDone => return self.mark(Status::Done, s),
            Action::MarkPartly => return self.mark(Status::Partly, s),
            Action::MarkNotDone => return self.mark(Status::NotDone, s),
            Action::MarkDropped => return self.mark(Status::Dropped, s),
            Action::MarkOpen => return self.mark(Status::Open, s),
            Action::Toggle => return self.cycle(s),
            Action::Edit => return self.open_field(s),
            _ => return Outcome::Ignored,
        }
        Outcome::Consumed
    }

    pub(super) fn click(&mut self, at: Position) -> Outcome {
        if self.editor.is_some() {
            return Outcome::Consumed;
        }
        if let Some(i) = self.tabs.get().iter().position(|r| r.contains(at)) {
            self.section = Section::ALL[i];
            self.scroll.set(0);
            return Outcome::Consumed;
        }
        let hit = self.hits.borrow().hit(at);
        if let Some(row) = hit {
            self.set_row(row);
        }
        Outcome::Consumed
    }
}

fn set_status(i: usize, title: &str, status: Status) -> Edit {
    Edit::new(format!("{title}: {}", status.label()), move |s| {
        s.actions
            .get_mut(i)
            .ok_or("that action no longer exists")?
            .status = status;
        Ok(())
    })
}

/// A typed KPI's actual as the app prints it (`1,234.5`, `55.2 %`,
/// `12 hours`); empty clears it.
pub(super) fn parse_actual(text: &str, unit: &KpiUnit) -> Result<Option<f64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    // The KPI's own unit may follow the number, as the screen shows it.
    let t = match unit {
        KpiUnit::Typed(u) if !u.trim().is_empty() && u.trim() != "%" => t
            .strip_suffix(u.trim())
            .map_or(t, str::trim_end),
        _ => t,
    };
    let v = number::parse_measure(t).map_err(|e| format!("the actual: {e}"))?;
    if v < 0.0 {
        return Err("the actual must be 0 or more".into());
    }
    Ok(Some(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_actual_reads_what_the_screen_prints() {
        let pct = KpiUnit::Typed("%".into());
        assert_eq!(parse_actual("55.2 %", &pct), Ok(Some(55.2)));
        assert_eq!(parse_actual("1,234.5", &pct), Ok(Some(1234.5)));
        let hours = KpiUnit::Typed("hours".into());
        assert_eq!(parse_actual("12.5 hours", &hours), Ok(Some(12.5)));
        assert_eq!(parse_actual("  ", &hours), Ok(None));
        assert!(parse_actual("-3", &hours).is_err());
        let e = parse_actual("lots", &hours).unwrap_err();
        assert!(e.starts_with("the actual: "), "{e}");
    }
}
