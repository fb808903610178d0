//! Actions and keys → view changes and edits. Nothing here draws.

use crossterm::event::KeyEvent;
use ratatui::layout::Position;

use super::forms::{
    A_IDEA, A_OWNER, K_MEASURE, action_form, build_action, build_kpi, follow_measure, follow_owner, idea_choices, kpi_form, parse_date, prefill_from_idea,
};
use super::{AgreementRow, CommitScreen, Editor, NUMBER_ROWS, Section, Target, agreement_rows, row_count};
use crate::assets;
use crate::model;
use crate::number;
use crate::session::limits::TextKind;
use crate::session::{Goal, Session, Status, Team};
use crate::tui::action::Action;
use crate::tui::screens::{Edit, Outcome};
use crate::tui::widgets::form::{FieldError, Form};
use crate::tui::widgets::text_field::{TextField, parse_optional_text, parse_text};

impl CommitScreen {
    fn open_form(&mut self, target: Target, form: Form) {
        self.editor = Some((target, Editor::Form(form)));
    }

    fn open_field(&mut self, target: Target, value: &str) {
        // A figure or a date is retyped whole, as in Setup and Funnel; a
        // sentence is more often amended, so typing adds to it.
        let field = match target {
            Target::Revenue | Target::CheckIn => TextField::replacing(value),
            _ => TextField::new(value),
        };
        self.editor = Some((target, Editor::Field(field)));
    }

    /// A new action starts on the first plan idea nobody has an action for
    /// yet, pre-filled from it: turning the plan into actions is the point
    /// of the screen.
    fn new_action(&mut self, s: &Session) {
        let mut form = action_form(s, None);
        let open = idea_choices(s).iter().position(|id| id.is_some_and(|id| s.plan.ideas.contains(&id) && !s.actions.iter().any(|a| a.idea == Some(id))));
        if let Some(i) = open {
            form.set_index(A_IDEA, i);
            prefill_from_idea(&mut form, s, None);
        }
        self.form_idea = idea_choices(s).get(form.index(A_IDEA)).copied().flatten();
        self.open_form(Target::NewAction, form);
    }

    fn edit_row(&mut self, s: &Session) -> Outcome {
        let row = self.row();
        match self.section {
            Section::Actions => match s.actions.get(row) {
                Some(a) => {
                    self.form_idea = a.idea;
                    self.open_form(Target::Action(row), action_form(s, Some(a)));
                }
                None => self.new_action(s),
            },
            Section::Kpis => match s.kpis.get(row) {
                Some(k) => self.open_form(Target::Kpi(row), kpi_form(s, Some(k))),
                None => self.open_form(Target::NewKpi, kpi_form(s, None)),
            },
            Section::Goals => match model::team_goals(s).get(row) {
                Some(g) => self.open_field(Target::Goal(row), &g.text),
                None => return Outcome::Error("no goals yet: mark a KPI managed (KPIs section) or press a to add one".into()),
            },
            Section::Handoff => match agreement_rows(s).get(row) {
                Some(r) => self.open_field(Target::Agreement(*r), &agreement_text(s, *r)),
                None => return Outcome::Consumed,
            },
            Section::Numbers => match NUMBER_ROWS.get(row) {
                Some(Target::Revenue) => {
                    let v = s.revenue_target.map_or(String::new(), |v| crate::format::money(v, &s.currency));
                    self.open_field(Target::Revenue, &v);
                }
                Some(t) => self.open_field(*t, &s.check_in.map_or(String::new(), |d| d.to_string())),
                None => return Outcome::Consumed,
            },
        }
        Outcome::Consumed
    }

    /// The edit the open editor describes, or the row (0 for a lone field)
    /// that is wrong and why.
    fn build(&self, s: &Session) -> Option<Result<Edit, FieldError>> {
        let (target, editor) = self.editor.as_ref()?;
        Some(match (*target, editor) {
            (Target::NewAction | Target::Action(_), Editor::Form(form)) => {
                let at = if let Target::Action(i) = *target { Some(i) } else { None };
                build_action(form, s, at.and_then(|i| s.actions.get(i))).map(|a| {
                    let label = format!("action {}", a.title);
                    Edit::new(label, move |s| {
                        match at {
                            Some(i) => *s.actions.get_mut(i).ok_or("that action no longer exists")? = a,
                            None => s.actions.push(a),
                        }
                        Ok(())
                    })
                })
            }
            (Target::NewKpi | Target::Kpi(_), Editor::Form(form)) => {
                let at = if let Target::Kpi(i) = *target { Some(i) } else { None };
                build_kpi(form, s, at).map(|k| {
                    let old = at.and_then(|i| s.kpis.get(i)).map(|k| k.name.clone());
                    let label = format!("KPI {}", k.name);
                    Edit::new(label, move |s| {
                        // A renamed KPI keeps its actions and goal.
                        if let Some(old) = old.filter(|o| *o != k.name) {
                            for a in s.actions.iter_mut().filter(|a| a.kpi.as_deref() == Some(old.as_str())) {
                                a.kpi = Some(k.name.clone());
                            }
                            for g in s.goals.iter_mut().filter(|g| g.kpi.as_deref() == Some(old.as_str())) {
                                g.kpi = Some(k.name.clone());
                            }
                        }
                        match at {
                            Some(i) => *s.kpis.get_mut(i).ok_or("that KPI no longer exists")? = k,
                            None => s.kpis.push(k),
                        }
                        Ok(())
                    })
                })
            }
            (Target::NewGoal, Editor::Form(form)) => {
                let team = Team::ALL.get(form.index(0)).copied().unwrap_or(Team::Shared);
                parse_text(form.value(1), "the goal").map_err(|e| (1, e)).map(|text| {
                    Edit::new("add a goal", move |s| {
                        s.goals.push(Goal { team, kpi: None, text });
                        Ok(())
                    })
                })
            }
            (Target::Goal(row), Editor::Field(field)) => goal_edit(s, row, field.value()).map_err(|e| (0, e)),
            (Target::Agreement(r), Editor::Field(field)) => parse_optional_text(field.value(), TextKind::Notes).map_err(|e| (0, e)).map(|text| {
                Edit::new("hand-off agreement", move |s| {
                    *agreement_slot(s, r).ok_or("that stage no longer exists")? = text;
                    Ok(())
                })
            }),
            (Target::Revenue, Editor::Field(field)) => parse_revenue(field.value(), s).map_err(|e| (0, e)).map(|v| {
                Edit::new("revenue target", move |s| {
                    s.revenue_target = v;
                    Ok(())
                })
            }),
            (Target::CheckIn, Editor::Field(field)) => match parse_date(field.value()) {
                Ok(Some(d)) if d < s.date => Err((0, format!("{d} is before the workshop ({}): pick a later date", s.date))),
                Ok(d) => Ok(Edit::new("next check-in", move |s| {
                    s.check_in = d;
                    Ok(())
                })),
                Err(e) => Err((0, e)),
            },
            _ => return None,
        })
    }

    /// Why the open editor's values are refused, for the live hint.
    pub(super) fn problem(&self, s: &Session) -> Option<FieldError> {
        self.build(s).and_then(Result::err)
    }

    fn editor_action(&mut self, action: Action, s: &Session) -> Outcome {
        match action {
            Action::Edit => match self.build(s) {
                Some(Ok(edit)) => {
                    match self.editor.take().map(|(t, _)| t) {
                        Some(Target::NewAction) => self.rows[0] = s.actions.len(),
                        Some(Target::NewKpi) => self.rows[1] = s.kpis.len(),
                        _ => {}
                    }
                    Outcome::Commit(edit)
                }
                Some(Err((row, e))) => {
                    if let Some((_, Editor::Form(form))) = &mut self.editor {
                        form.focus = row;
                    }
                    Outcome::Error(e)
                }
                None => Outcome::Consumed,
            },
            Action::Cancel => {
                self.editor = None;
                // Not consumed: the app's Esc then clears a stale error.
                Outcome::Ignored
            }
            Action::NextField | Action::PrevField => {
                if let Some((_, Editor::Form(form))) = &mut self.editor {
                    form.step_focus(action == Action::NextField);
                }
                Outcome::Consumed
            }
            _ => Outcome::Consumed,
        }
    }

    fn delete(&mut self, s: &Session) -> Outcome {
        let row = self.row();
        match self.section {
            Section::Actions => {
                let Some(a) = s.actions.get(row) else { return Outcome::Consumed };
                Outcome::Commit(Edit::new(format!("delete action {}", a.title), move |s| {
                    if row < s.actions.len() {
                        s.actions.remove(row);
                    }
                    Ok(())
                }))
            }
            Section::Kpis => {
                let Some(k) = s.kpis.get(row) else { return Outcome::Consumed };
                let name = k.name.clone();
                let linked = s.actions.iter().filter(|a| a.kpi.as_deref() == Some(name.as_str())).count();
                let edit = Edit::new(format!("delete KPI {name}"), move |s| {
                    s.kpis.retain(|k| k.name != name);
                    for a in s.actions.iter_mut().filter(|a| a.kpi.as_deref() == Some(name.as_str())) {
                        a.kpi = None;
                    }
                    s.goals.retain(|g| g.kpi.as_deref() != Some(name.as_str()));
                    Ok(())
                });
                if linked > 0 {
                    Outcome::Commit(edit.saying(format!("Deleted the KPI; {linked} action(s) no longer name a KPI (u undoes)")))
                } else {
                    Outcome::Commit(edit)
                }
            }
            Section::Goals => {
                let goals = model::team_goals(s);
                let Some(g) = goals.get(row) else { return Outcome::Consumed };
                if !g.typed {
                    return Outcome::Info("this goal is generated from its managed KPI: mark the KPI monitored to drop it".into());
                }
                match goal_edit(s, row, "") {
                    Ok(edit) => Outcome::Commit(edit),
                    Err(e) => Outcome::Error(e),
                }
            }
            Section::Handoff => {
                let Some(&r) = agreement_rows(s).get(row) else { return Outcome::Consumed };
                Outcome::Commit(Edit::new("clear a hand-off text", move |s| {
                    *agreement_slot(s, r).ok_or("that stage no longer exists")? = String::new();
                    Ok(())
                }))
            }
            Section::Numbers => {
                let target = NUMBER_ROWS.get(row).copied();
                Outcome::Commit(Edit::new("clear a target", move |s| {
                    match target {
                        Some(Target::Revenue) => s.revenue_target = None,
                        _ => s.check_in = None,
                    }
                    Ok(())
                }))
            }
        }
    }

    fn toggle(&mut self, s: &Session) -> Outcome {
        let row = self.row();
        match self.section {
            Section::Actions if row < s.actions.len() => Outcome::Commit(Edit::new("action status", move |s| {
                let a = s.actions.get_mut(row).ok_or("that action no longer exists")?;
                let i = Status::ALL.iter().position(|x| *x == a.status).unwrap_or(0);
                a.status = Status::ALL[(i + 1) % Status::ALL.len()];
                Ok(())
            })),
            Section::Kpis if row < s.kpis.len() => Outcome::Commit(Edit::new("managed or monitored", move |s| {
                let k = s.kpis.get_mut(row).ok_or("that KPI no longer exists")?;
                k.kind = match k.kind {
                    crate::session::KpiKind::Managed => crate::session::KpiKind::Monitored,
                    crate::session::KpiKind::Monitored => crate::session::KpiKind::Managed,
                };
                Ok(())
            })),
            _ => self.edit_row(s),
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
                self.section = self.section.step(matches!(action, Action::NextPane | Action::Right));
                self.scroll.set(0);
            }
            Action::Up => self.set_row(row.saturating_sub(1)),
            Action::Down => self.set_row((row + 1).min(n.saturating_sub(1))),
            Action::First => self.set_row(0),
            Action::Last => self.set_row(n.saturating_sub(1)),
            Action::PageUp | Action::PageDown => {
                let page = self.hits.borrow().count().max(1);
                self.set_row(if action == Action::PageUp { row.saturating_sub(page) } else { (row + page).min(n.saturating_sub(1)) });
            }
            Action::Add => match self.section {
                Section::Actions => self.new_action(s),
                Section::Kpis => self.open_form(Target::NewKpi, kpi_form(s, None)),
                Section::Goals => {
                    let teams = Team::ALL.iter().map(|t| t.label().to_string()).collect();
                    self.open_form(Target::NewGoal, Form::new(vec![Form::choice("Team", teams, 0), Form::text("Goal", "")]));
                }
                Section::Handoff | Section::Numbers => return Outcome::Info("nothing to add here: Enter edits the row under the cursor".into()),
            },
            Action::Edit => return self.edit_row(s),
            Action::Delete => return self.delete(s),
            Action::Toggle => return self.toggle(s),
            Action::FillAgreement => {
                let mut probe = s.clone();
                let filled = assets::fill_agreement(&mut probe);
                if filled == 0 {
                    return Outcome::Info("no blank definition or hand-off text to fill".into());
                }
                self.section = Section::Handoff;
                return Outcome::Commit(
                    Edit::new("fill the hand-off agreement", |s| {
                        assets::fill_agreement(s);
                        Ok(())
                    })
                    .saying(format!("Filled {filled} blank text(s) of the hand-off agreement from the template; Enter edits, u undoes")),
                );
            }
            _ => return Outcome::Ignored,
        }
        Outcome::Consumed
    }

    pub(super) fn text(&mut self, key: &KeyEvent, s: &Session) -> Outcome {
        match &mut self.editor {
            Some((Target::NewAction | Target::Action(_), Editor::Form(form))) => {
                let (focus, idea_before) = (form.focus, form.index(A_IDEA));
                form.key(key);
                if focus == A_IDEA && form.index(A_IDEA) != idea_before {
                    prefill_from_idea(form, s, self.form_idea);
                    self.form_idea = idea_choices(s).get(form.index(A_IDEA)).copied().flatten();
                }
                if focus == A_OWNER {
                    follow_owner(form);
                }
            }
            Some((_, Editor::Form(form))) => {
                let focus = form.focus;
                form.key(key);
                if focus == K_MEASURE {
                    follow_measure(form);
                }
            }
            Some((_, Editor::Field(field))) => {
                field.key(key);
            }
            None => {}
        }
        Outcome::Consumed
    }

    pub(super) fn click(&mut self, at: Position) -> Outcome {
        if self.editor.is_some() {
            return Outcome::Consumed;
        }
        if let Some(i) = self.tabs.get().iter().position(|r| r.contains(at)) {
            self.section = super::Section::ALL[i];
            return Outcome::Consumed;
        }
        let hit = self.hits.borrow().hit(at);
        if let Some(row) = hit {
            self.set_row(row);
        }
        Outcome::Consumed
    }
}

fn agreement_slot(s: &mut Session, r: AgreementRow) -> Option<&mut String> {
    Some(match r {
        AgreementRow::Definition(k) => &mut s.stages.get_mut(k)?.definition,
        AgreementRow::ServiceLevel(k) => &mut s.stages.get_mut(k)?.handoff.service_level,
        AgreementRow::OnReject(k) => &mut s.stages.get_mut(k)?.handoff.on_reject,
    })
}

pub(super) fn agreement_text(s: &Session, r: AgreementRow) -> String {
    let st = |k: usize| s.stages.get(k);
    match r {
        AgreementRow::Definition(k) => st(k).map(|x| x.definition.clone()),
        AgreementRow::ServiceLevel(k) => st(k).map(|x| x.handoff.service_level.clone()),
        AgreementRow::OnReject(k) => st(k).map(|x| x.handoff.on_reject.clone()),
    }
    .unwrap_or_default()
}

/// A revenue target as the app prints money (`EUR 1,800,000`, `1.8M`,
/// optionally "per quarter"); empty clears it.
fn parse_revenue(text: &str, s: &Session) -> Result<Option<f64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let per = format!("per {}", s.period.label());
    let t = t.strip_suffix(per.as_str()).unwrap_or(t).trim_end();
    let v = number::parse_amount(t, &s.currency).map_err(|e| e.to_string())?;
    if v <= 0.0 {
        return Err("a revenue target must be more than 0".into());
    }
    if v > crate::session::limits::DEAL_SIZE_MAX * crate::session::limits::COUNT_MAX as f64 {
        return Err("too large for any funnel this app can hold".into());
    }
    Ok(Some(v))
}

/// Saving goal row `row` with `text`: a KPI's goal stores typed text (or,
/// empty or equal to the generated sentence, goes back to generated); a
/// goal without a KPI is replaced, or removed when emptied.
fn goal_edit(s: &Session, row: usize, text: &str) -> Result<Edit, String> {
    let goals = model::team_goals(s);
    let line = goals.get(row).ok_or("that goal no longer exists")?.clone();
    let text = text.trim().to_string();
    if !text.is_empty() {
        TextKind::Title.check_as(&text, "a goal")?;
    }
    match line.kpi {
        Some(kpi) => {
            let generated = s.kpi(&kpi).map(|k| model::goal_sentence(s, k)).unwrap_or_default();
            let keep = !text.is_empty() && text != generated;
            let team = line.team;
            Ok(Edit::new("team goal", move |s| {
                s.goals.retain(|g| g.kpi.as_deref() != Some(kpi.as_str()));
                if keep {
                    s.goals.push(Goal { team, kpi: Some(kpi), text });
                }
                Ok(())
            }))
        }
        None => {
            let at = s.goals.iter().position(|g| g.kpi.is_none() && g.team == line.team && g.text == line.text).ok_or("that goal no longer exists")?;
            Ok(Edit::new("team goal", move |s| {
                if text.is_empty() {
                    s.goals.remove(at);
                } else {
                    s.goals.get_mut(at).ok_or("that goal no longer exists")?.text = text;
                }
                Ok(())
            }))
        }
    }
}
