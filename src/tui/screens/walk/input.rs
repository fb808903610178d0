//! Actions and keys → view changes and edits. Nothing here draws.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Position;

use super::forms::{C_ORIGIN, C_REASON, C_TEAM, build_cause, build_idea, cause_form, follow_kind, idea_form, team_index, whole_funnel};
use super::{Pane, StageWalk, Target, ideas_at};
use crate::assets;
use crate::session::{Origin, Session};
use crate::tui::action::Action;
use crate::tui::screens::{Edit, Outcome};
use crate::tui::widgets::form::FieldError;

impl StageWalk {
    pub(super) fn open(&mut self, target: Target, s: &Session) {
        let form = match target {
            Target::NewCause => cause_form(None),
            Target::Cause(i) => cause_form(s.stages.get(self.step).and_then(|st| st.causes.get(i))),
            Target::NewIdea => idea_form(s, self.step, None),
            Target::Idea(i) => idea_form(s, self.step, s.ideas.get(i)),
        };
        self.pane = if target.is_cause() { Pane::Causes } else { Pane::Ideas };
        self.form = Some((target, form));
    }

    /// The edit the form describes, or the row that is wrong.
    fn build(&self, s: &Session) -> Option<Result<Edit, FieldError>> {
        let (target, form) = self.form.as_ref()?;
        let k = self.step;
        Some(match *target {
            Target::NewCause | Target::Cause(_) => {
                let at = if let Target::Cause(i) = *target { Some(i) } else { None };
                build_cause(form, s, k, at).map(|cause| {
                    let label = format!("cause {}", cause.reason);
                    Edit::new(label, move |s| {
                        let stage = s.stages.get_mut(k).ok_or("that step no longer exists")?;
                        match at {
                            Some(i) => *stage.causes.get_mut(i).ok_or("that cause no longer exists")? = cause,
                            None => stage.causes.push(cause),
                        }
                        Ok(())
                    })
                })
            }
            Target::NewIdea | Target::Idea(_) => {
                let at = if let Target::Idea(i) = *target { Some(i) } else { None };
                let id = at.and_then(|i| s.ideas.get(i)).map_or_else(|| s.next_idea_id(), |i| i.id);
                build_idea(form, s, k, id).map(|idea| {
                    let kind = idea.effect.kind();
                    let note = whole_funnel(kind).then(|| {
                        format!(
                            "Saved \"{}\": {} acts on the whole funnel, so it is listed under every step, marked \"whole funnel\"",
                            idea.title,
                            kind.label()
                        )
                    });
                    let label = format!("idea {}", idea.title);
                    let edit = Edit::new(label, move |s| {
                        match at {
                            Some(i) => *s.ideas.get_mut(i).ok_or("that idea no longer exists")? = idea,
                            None => s.ideas.push(idea),
                        }
                        Ok(())
                    });
                    match note {
                        Some(note) => edit.saying(note),
                        None => edit,
                    }
                })
            }
        })
    }

    /// Where the idea in the form will be listed at this step once saved:
    /// step ideas come before the whole-funnel ones, so a new idea is not
    /// always last, and an edited one may change place.
    fn idea_row_after(&self, s: &Session) -> Option<usize> {
        let (target, form) = self.form.as_ref()?;
        let at = match *target {
            Target::Idea(i) => Some(i),
            Target::NewIdea => None,
            Target::NewCause | Target::Cause(_) => return None,
        };
        let id = at.and_then(|i| s.ideas.get(i)).map_or_else(|| s.next_idea_id(), |i| i.id);
        let idea = build_idea(form, s, self.step, id).ok()?;
        let mut after = s.clone();
        match at.and_then(|i| after.ideas.get_mut(i)) {
            Some(slot) => *slot = idea,
            None => after.ideas.push(idea),
        }
        ideas_at(&after, self.step).iter().position(|&i| after.ideas.get(i).is_some_and(|x| x.id == id))
    }

    fn form_action(&mut self, action: Action, s: &Session) -> Outcome {
        match action {
            Action::Edit => match self.build(s) {
                Some(Ok(edit)) => {
                    if matches!(self.form, Some((Target::NewCause, _))) {
                        self.cause_row = s.stages.get(self.step).map_or(0, |st| st.causes.len());
                    }
                    if let Some(row) = self.idea_row_after(s) {
                        self.idea_row = row;
                    }
                    self.form = None;
                    Outcome::Commit(edit)
                }
                Some(Err((row, e))) => {
                    if let Some((_, form)) = &mut self.form {
                        form.focus = row;
                    }
                    Outcome::Error(e)
                }
                None => Outcome::Consumed,
            },
            // Not consumed: the app's own Esc then clears the status line, so
            // an error about the form does not outlive it.
            Action::Cancel => {
                self.form = None;
                Outcome::Ignored
            }
            Action::NextField | Action::PrevField => {
                if let Some((_, form)) = &mut self.form {
                    form.step_focus(action == Action::NextField);
                }
                Outcome::Consumed
            }
            _ => Outcome::Consumed,
        }
    }

    fn delete(&mut self, s: &Session) -> Outcome {
        let k = self.step;
        match self.pane {
            Pane::Causes => {
                let i = self.cause_row;
                let Some(cause) = s.stages.get(k).and_then(|st| st.causes.get(i)) else { return Outcome::Consumed };
                Outcome::Commit(Edit::new(format!("delete cause {}", cause.reason), move |s| {
                    let stage = s.stages.get_mut(k).ok_or("that step no longer exists")?;
                    if i < stage.causes.len() {
                        stage.causes.remove(i);
                    }
                    Ok(())
                }))
            }
            Pane::Ideas => {
                let Some(&i) = ideas_at(s, k).get(self.idea_row) else { return Outcome::Consumed };
                let Some(idea) = s.ideas.get(i) else { return Outcome::Consumed };
                let id = idea.id;
                Outcome::Commit(Edit::new(format!("delete idea {}", idea.title), move |s| {
                    s.ideas.retain(|x| x.id != id);
                    s.votes.retain(|v| v.idea != id);
                    s.plan.ideas.retain(|x| *x != id);
                    Ok(())
                }))
            }
        }
    }

    pub(super) fn action(&mut self, action: Action, s: &Session) -> Outcome {
        if self.form.is_some() {
            return self.form_action(action, s);
        }
        let steps = s.step_count();
        if let Some(pair) = self.report {
            let n = s.pairs.len().max(1);
            match action {
                Action::NextStep | Action::Down | Action::NextPane => self.report = Some((pair + 1) % n),
                Action::PrevStep | Action::Up | Action::PrevPane => self.report = Some((pair + n - 1) % n),
                Action::ReportBack => self.report = None,
                // Also the app's Esc: it clears the status line.
                Action::Cancel => {
                    self.report = None;
                    return Outcome::Ignored;
                }
                _ => return Outcome::Ignored,
            }
            return Outcome::Consumed;
        }
        if steps == 0 {
            return Outcome::Ignored;
        }
        if let Some(why) = self.segment.refusal(s).filter(|_| {
            matches!(action, Action::AddCause | Action::AddIdea | Action::Add | Action::Edit | Action::Delete)
        }) {
            return Outcome::Error(why);
        }
        match action {
            Action::NextSegment | Action::PrevSegment => {
                let outcome = self.segment.cycle(s, action == Action::NextSegment);
                self.cause_row = 0;
                self.pane = Pane::Causes;
                return outcome;
            }
            Action::NextStep => {
                self.step = (self.step + 1).min(steps - 1);
                self.cause_row = 0;
                self.idea_row = 0;
            }
            Action::PrevStep => {
                self.step = self.step.saturating_sub(1);
                self.cause_row = 0;
                self.idea_row = 0;
            }
            Action::NextPane | Action::PrevPane => {
                self.pane = if self.pane == Pane::Causes { Pane::Ideas } else { Pane::Causes };
            }
            Action::Up => match self.pane {
                Pane::Causes => self.cause_row = self.cause_row.saturating_sub(1),
                Pane::Ideas => self.idea_row = self.idea_row.saturating_sub(1),
            },
            Action::Down => match self.pane {
                Pane::Causes => {
                    let n = self.cause_count(s);
                    self.cause_row = (self.cause_row + 1).min(n.saturating_sub(1));
                }
                Pane::Ideas => self.idea_row = (self.idea_row + 1).min(ideas_at(s, self.step).len().saturating_sub(1)),
            },
            Action::PageUp | Action::PageDown | Action::First | Action::Last => {
                let n = match self.pane {
                    Pane::Causes => self.cause_count(s),
                    Pane::Ideas => ideas_at(s, self.step).len(),
                };
                // A page is as many items as the pane last showed: wrapped
                // titles make that fewer on a small screen.
                let page = self.hits.borrow()[usize::from(self.pane == Pane::Ideas)].1.count().max(1);
                let row = match self.pane {
                    Pane::Causes => &mut self.cause_row,
                    Pane::Ideas => &mut self.idea_row,
                };
                *row = match action {
                    Action::PageUp => row.saturating_sub(page),
                    Action::PageDown => (*row + page).min(n.saturating_sub(1)),
                    Action::First => 0,
                    _ => n.saturating_sub(1),
                };
            }
            Action::AddCause => self.open(Target::NewCause, s),
            Action::AddIdea => self.open(Target::NewIdea, s),
            Action::Add => {
                let target = if self.pane == Pane::Causes { Target::NewCause } else { Target::NewIdea };
                self.open(target, s);
            }
            Action::Edit => match self.pane {
                Pane::Causes => {
                    let has = s.stages.get(self.step).is_some_and(|st| self.cause_row < st.causes.len());
                    self.open(if has { Target::Cause(self.cause_row) } else { Target::NewCause }, s);
                }
                Pane::Ideas => match ideas_at(s, self.step).get(self.idea_row) {
                    Some(&i) => self.open(Target::Idea(i), s),
                    None => self.open(Target::NewIdea, s),
                },
            },
            Action::Delete => return self.delete(s),
            Action::ReportBack => {
                if s.pairs.is_empty() {
                    return Outcome::Error("no pairs yet: form them on Setup (1, then r)".into());
                }
                self.report = Some(0);
            }
            _ => return Outcome::Ignored,
        }
        Outcome::Consumed
    }

    pub(super) fn text(&mut self, key: &KeyEvent) -> Outcome {
        let Some((target, form)) = &mut self.form else { return Outcome::Consumed };
        let is_cause = target.is_cause();
        // ↑/↓ in the reason field walk the reason codes; picking one also sets
        // its usual origin and team. Everywhere else they move between rows.
        if is_cause && form.focus == C_REASON && matches!(key.code, KeyCode::Up | KeyCode::Down) {
            let codes = assets::reason_codes();
            if codes.is_empty() {
                return Outcome::Consumed;
            }
            let current = codes.iter().position(|c| c.code == form.value(C_REASON));
            let typed = form.value(C_REASON).to_lowercase();
            let next = match (current, key.code) {
                (Some(i), KeyCode::Down) => (i + 1) % codes.len(),
                (Some(i), _) => (i + codes.len() - 1) % codes.len(),
                (None, _) => codes.iter().position(|c| c.code.to_lowercase().contains(&typed)).unwrap_or(0),
            };
            let code = &codes[next];
            form.set_text(C_REASON, &code.code);
            form.set_index(C_ORIGIN, usize::from(code.origin == Origin::External));
            form.set_index(C_TEAM, team_index(code.team));
            return Outcome::Consumed;
        }
        form.key(key);
        if !is_cause {
            follow_kind(form);
        }
        Outcome::Consumed
    }

    pub(super) fn click(&mut self, at: Position) -> Outcome {
        if self.form.is_some() || self.report.is_some() {
            return Outcome::Consumed;
        }
        let [(causes, cause_hit), (ideas, idea_hit)] = {
            let hits = self.hits.borrow();
            [(hits[0].0, hits[0].1.hit(at)), (hits[1].0, hits[1].1.hit(at))]
        };
        if causes.contains(at) {
            self.pane = Pane::Causes;
            if let Some(i) = cause_hit {
                self.cause_row = i;
            }
        } else if ideas.contains(at) {
            self.pane = Pane::Ideas;
            if let Some(i) = idea_hit {
                self.idea_row = i;
            }
        }
        Outcome::Consumed
    }
}
