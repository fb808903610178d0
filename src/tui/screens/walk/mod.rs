//! Screen 3, Stage walk: one step at a time, its loss causes and the pairs'
//! ideas with their projected gains (from `model::idea_gains`, live while a
//! form is typed), and a "report back" mode that shows one pair's ideas big.

use std::cell::Cell;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::list::{self, Rows};
use super::{Edit, Outcome, Screen, View};
use crate::assets;
use crate::format;
use crate::model;
use crate::session::{Cause, Effect, EffectKind, Estimate, Id, Idea, Origin, Session, Team};
use crate::tui::action::Action;
use crate::tui::keymap::{Binding, Key};
use crate::tui::theme::Theme;
use crate::tui::widgets::big;
use crate::tui::widgets::form::{FieldError, Form};
use crate::tui::widgets::pane::Panel;
use crate::tui::widgets::text_field::{parse_number, parse_text};

const BINDINGS: &[Binding] = &[
    Binding { keys: &[Key::ch('n'), Key::plain(KeyCode::Right), Key::ch('l')], action: Action::NextStep },
    Binding { keys: &[Key::ch('p'), Key::plain(KeyCode::Left), Key::ch('h')], action: Action::PrevStep },
    Binding { keys: &[Key::ch('c')], action: Action::AddCause },
    Binding { keys: &[Key::ch('i')], action: Action::AddIdea },
    Binding { keys: &[Key::ch('a'), Key::plain(KeyCode::Insert)], action: Action::Add },
    Binding { keys: &[Key::ch('d'), Key::plain(KeyCode::Delete)], action: Action::Delete },
    Binding { keys: &[Key::ch('b')], action: Action::ReportBack },
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Pane {
    #[default]
    Causes,
    Ideas,
}

/// What the open form edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    NewCause,
    Cause(usize),
    NewIdea,
    /// Index into `session.ideas`.
    Idea(usize),
}

// Rows of the cause form.
const C_REASON: usize = 0;
const C_SHARE: usize = 1;
const C_ORIGIN: usize = 2;
const C_TEAM: usize = 3;
const C_NOTE: usize = 4;

// Rows of the idea form.
const I_TITLE: usize = 0;
const I_PAIR: usize = 1;
const I_KIND: usize = 2;
const I_CAUSE: usize = 3;
const I_LOW: usize = 4;
const I_LIKELY: usize = 5;
const I_HIGH: usize = 6;
const I_EFFORT: usize = 7;
const I_LEAD: usize = 8;

#[derive(Default)]
pub struct StageWalk {
    step: usize,
    pane: Pane,
    cause_row: usize,
    idea_row: usize,
    form: Option<(Target, Form)>,
    /// Report back: the index of the pair being shown.
    report: Option<usize>,
    /// The cause and idea panes as last drawn (pane, its rows), for clicks.
    hits: Cell<[(Rect, Rows); 2]>,
}

/// The ideas shown at step `k`: those working on it, plus volume ideas at the
/// top step and deal-size ideas at the last, so every idea has a home.
pub fn ideas_at(s: &Session, k: usize) -> Vec<usize> {
    let last = s.step_count().saturating_sub(1);
    s.ideas
        .iter()
        .enumerate()
        .filter(|(_, i)| match &i.effect {
            Effect::LiftConversion { step, .. } | Effect::RecoverLosses { step, .. } => *step == k,
            Effect::GrowVolume { .. } => k == 0,
            Effect::GrowDealSize { .. } => k == last,
        })
        .map(|(n, _)| n)
        .collect()
}

fn team_index(t: Team) -> usize {
    Team::ALL.iter().position(|x| *x == t).unwrap_or(0)
}

fn cause_form(c: Option<&Cause>) -> Form {
    let origins = vec![Origin::Internal.label().to_string(), Origin::External.label().to_string()];
    let teams = Team::ALL.iter().map(|t| t.label().to_string()).collect();
    Form::new(vec![
        Form::text("Reason", c.map_or("", |c| &c.reason)),
        Form::text("Share of losses %", &c.map_or(String::new(), |c| format!("{}", c.share))),
        Form::choice("Internal/external", origins, usize::from(c.is_some_and(|c| c.origin == Origin::External))),
        Form::choice("Team", teams, c.map_or(2, |c| team_index(c.team))),
        Form::text("Note", c.map_or("", |c| &c.note)),
    ])
}

fn build_cause(form: &Form, s: &Session, step: usize, editing: Option<usize>) -> Result<Cause, FieldError> {
    let reason = parse_text(form.value(C_REASON), "the reason").map_err(|e| (C_REASON, e))?;
    let share = parse_number(form.value(C_SHARE), 0.0, 100.0).map_err(|e| (C_SHARE, e))?;
    let others: f64 = s
        .stages
        .get(step)
        .map_or(0.0, |st| st.causes.iter().enumerate().filter(|(i, _)| Some(*i) != editing).map(|(_, c)| c.share).sum());
    if others + share > 100.0 + 1e-9 {
        return Err((C_SHARE, format!("the other causes already explain {others} %; at most {} % is left", 100.0 - others)));
    }
    let origin = if form.index(C_ORIGIN) == 1 { Origin::External } else { Origin::Internal };
    let team = Team::ALL.get(form.index(C_TEAM)).copied().unwrap_or(Team::Shared);
    Ok(Cause { reason, share, origin, team, note: form.value(C_NOTE).trim().to_string() })
}

fn idea_form(s: &Session, step: usize, idea: Option<&Idea>) -> Form {
    let mut pairs = vec!["none".to_string()];
    pairs.extend(s.pairs.iter().enumerate().map(|(i, p)| format!("{} {}", i + 1, s.pair_label(p.id))));
    let pair_index = idea.and_then(|i| i.pair).and_then(|id| s.pairs.iter().position(|p| p.id == id)).map_or_else(
        // A new idea defaults to the pair that owns this step.
        || s.pairs.iter().position(|p| p.steps.contains(&step)).map_or(0, |i| i + 1),
        |i| i + 1,
    );
    let kinds = EffectKind::ALL.iter().map(|k| k.label().to_string()).collect();
    let kind = idea.map_or(EffectKind::RecoverLosses, |i| i.effect.kind());
    let mut causes = vec!["the whole step".to_string()];
    causes.extend(s.stages.get(step).map_or(Vec::new(), |st| st.causes.iter().map(|c| c.reason.clone()).collect()));
    let cause_index = match idea.map(|i| &i.effect) {
        Some(Effect::RecoverLosses { cause: Some(c), .. }) => causes.iter().position(|x| x == c).unwrap_or(0),
        _ => 0,
    };
    let e = idea.map(|i| i.effect.estimate());
    let num = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v}"));
    let mut form = Form::new(vec![
        Form::text("Title", idea.map_or("", |i| &i.title)),
        Form::choice("Pair", pairs, pair_index),
        Form::choice("Effect", kinds, EffectKind::ALL.iter().position(|k| *k == kind).unwrap_or(0)),
        Form::choice("Of the losses from", causes, cause_index),
        Form::text("Low", &num(e.map(|e| e.low))),
        Form::text("Likely", &num(e.map(|e| e.likely))),
        Form::text("High", &num(e.map(|e| e.high))),
        Form::text("Effort (person-days)", &num(idea.map(|i| i.effort_days))),
        Form::text("Lead time (days)", &num(idea.map(|i| i.lead_time_days))),
    ]);
    form.set_hidden(I_CAUSE, kind != EffectKind::RecoverLosses);
    form
}

fn form_kind(form: &Form) -> EffectKind {
    EffectKind::ALL.get(form.index(I_KIND)).copied().unwrap_or(EffectKind::RecoverLosses)
}

fn build_idea(form: &Form, s: &Session, step: usize, id: Id) -> Result<Idea, FieldError> {
    let title = parse_text(form.value(I_TITLE), "the title").map_err(|e| (I_TITLE, e))?;
    let kind = form_kind(form);
    let max = match kind {
        EffectKind::LiftConversion | EffectKind::RecoverLosses => 100.0,
        EffectKind::GrowVolume | EffectKind::GrowDealSize => 1000.0,
    };
    let low = parse_number(form.value(I_LOW), 0.0, max).map_err(|e| (I_LOW, e))?;
    let likely = parse_number(form.value(I_LIKELY), 0.0, max).map_err(|e| (I_LIKELY, e))?;
    let high = parse_number(form.value(I_HIGH), 0.0, max).map_err(|e| (I_HIGH, e))?;
    if likely < low {
        return Err((I_LIKELY, format!("likely must be at least low ({low})")));
    }
    if high < likely {
        return Err((I_HIGH, format!("high must be at least likely ({likely})")));
    }
    let effort_days = if form.value(I_EFFORT).trim().is_empty() {
        0.0
    } else {
        parse_number(form.value(I_EFFORT), 0.0, 10_000.0).map_err(|e| (I_EFFORT, e))?
    };
    let lead_time_days = if form.value(I_LEAD).trim().is_empty() {
        0.0
    } else {
        parse_number(form.value(I_LEAD), 0.0, 3650.0).map_err(|e| (I_LEAD, e))?
    };
    let estimate = Estimate::new(low, likely, high);
    let effect = match kind {
        EffectKind::LiftConversion => Effect::LiftConversion { step, points: estimate },
        EffectKind::RecoverLosses => {
            let cause = match form.index(I_CAUSE) {
                0 => None,
                _ => Some(form.value(I_CAUSE).to_string()),
            };
            Effect::RecoverLosses { step, cause, percent: estimate }
        }
        EffectKind::GrowVolume => Effect::GrowVolume { percent: estimate },
        EffectKind::GrowDealSize => Effect::GrowDealSize { percent: estimate },
    };
    let pair = form.index(I_PAIR).checked_sub(1).and_then(|i| s.pairs.get(i)).map(|p| p.id);
    let notes = s.ideas.iter().find(|i| i.id == id).map(|i| i.notes.clone()).unwrap_or_default();
    Ok(Idea { id, title, pair, effect, effort_days, lead_time_days, notes })
}

impl StageWalk {
    fn open(&mut self, target: Target, s: &Session) {
        let form = match target {
            Target::NewCause => cause_form(None),
            Target::Cause(i) => cause_form(s.stages.get(self.step).and_then(|st| st.causes.get(i))),
            Target::NewIdea => idea_form(s, self.step, None),
            Target::Idea(i) => idea_form(s, self.step, s.ideas.get(i)),
        };
        self.pane = if matches!(target, Target::NewCause | Target::Cause(_)) { Pane::Causes } else { Pane::Ideas };
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
                    let label = format!("idea {}", idea.title);
                    Edit::new(label, move |s| {
                        match at {
                            Some(i) => *s.ideas.get_mut(i).ok_or("that idea no longer exists")? = idea,
                            None => s.ideas.push(idea),
                        }
                        Ok(())
                    })
                })
            }
        })
    }

    fn form_action(&mut self, action: Action, s: &Session) -> Outcome {
        match action {
            Action::Edit => match self.build(s) {
                Some(Ok(edit)) => {
                    let was_new = matches!(self.form, Some((Target::NewCause | Target::NewIdea, _)));
                    self.form = None;
                    if was_new {
                        match self.pane {
                            Pane::Causes => self.cause_row = s.stages.get(self.step).map_or(0, |st| st.causes.len()),
                            Pane::Ideas => self.idea_row = ideas_at(s, self.step).len(),
                        }
                    }
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
            Action::Cancel => {
                self.form = None;
                Outcome::Consumed
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
}

impl Screen for StageWalk {
    fn title(&self) -> &'static str {
        "Stage walk"
    }

    fn bindings(&self) -> &'static [Binding] {
        BINDINGS
    }

    fn footer(&self) -> Vec<(Action, &'static str)> {
        if self.report.is_some() {
            return vec![(Action::NextStep, "next pair"), (Action::PrevStep, "previous"), (Action::ReportBack, "leave")];
        }
        vec![
            (Action::NextStep, "next step"),
            (Action::PrevStep, "prev"),
            (Action::AddCause, "cause"),
            (Action::AddIdea, "idea"),
            (Action::Edit, "edit"),
            (Action::ReportBack, "report back"),
        ]
    }

    fn editing(&self) -> bool {
        self.form.is_some()
    }

    fn on_action(&mut self, action: Action, s: &Session) -> Outcome {
        if self.form.is_some() {
            return self.form_action(action, s);
        }
        let steps = s.step_count();
        if let Some(pair) = self.report {
            let n = s.pairs.len().max(1);
            match action {
                Action::NextStep | Action::Down | Action::NextPane => self.report = Some((pair + 1) % n),
                Action::PrevStep | Action::Up | Action::PrevPane => self.report = Some((pair + n - 1) % n),
                Action::ReportBack | Action::Cancel => self.report = None,
                _ => return Outcome::Ignored,
            }
            return Outcome::Consumed;
        }
        if steps == 0 {
            return Outcome::Ignored;
        }
        match action {
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
                    let n = s.stages.get(self.step).map_or(0, |st| st.causes.len());
                    self.cause_row = (self.cause_row + 1).min(n.saturating_sub(1));
                }
                Pane::Ideas => self.idea_row = (self.idea_row + 1).min(ideas_at(s, self.step).len().saturating_sub(1)),
            },
            Action::PageUp | Action::PageDown | Action::First | Action::Last => {
                let n = match self.pane {
                    Pane::Causes => s.stages.get(self.step).map_or(0, |st| st.causes.len()),
                    Pane::Ideas => ideas_at(s, self.step).len(),
                };
                let row = match self.pane {
                    Pane::Causes => &mut self.cause_row,
                    Pane::Ideas => &mut self.idea_row,
                };
                *row = match action {
                    Action::PageUp => row.saturating_sub(5),
                    Action::PageDown => (*row + 5).min(n.saturating_sub(1)),
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

    fn on_text(&mut self, key: &KeyEvent, _s: &Session) -> Outcome {
        let Some((target, form)) = &mut self.form else { return Outcome::Consumed };
        let is_cause = matches!(target, Target::NewCause | Target::Cause(_));
        // ↑/↓ in the reason field walk the reason codes; picking one also sets
        // its usual origin and team.
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
        if !is_cause && form.focus != I_KIND && matches!(key.code, KeyCode::Up | KeyCode::Down) {
            form.step_focus(key.code == KeyCode::Down);
            return Outcome::Consumed;
        }
        form.key(key);
        if !is_cause {
            let kind = form_kind(form);
            form.set_hidden(I_CAUSE, kind != EffectKind::RecoverLosses);
        }
        Outcome::Consumed
    }

    fn on_paste(&mut self, text: &str, _s: &Session) -> Outcome {
        if let Some((_, form)) = &mut self.form {
            form.paste(text);
        }
        Outcome::Consumed
    }

    fn on_click(&mut self, at: Position, _s: &Session) -> Outcome {
        if self.form.is_some() || self.report.is_some() {
            return Outcome::Consumed;
        }
        let [(causes, cause_rows), (ideas, idea_rows)] = self.hits.get();
        if causes.contains(at) {
            self.pane = Pane::Causes;
            if let Some(i) = cause_rows.hit(at) {
                self.cause_row = i;
            }
        } else if ideas.contains(at) {
            self.pane = Pane::Ideas;
            if let Some(i) = idea_rows.hit(at) {
                self.idea_row = i;
            }
        }
        Outcome::Consumed
    }

    fn sync(&mut self, s: &Session) {
        self.step = self.step.min(s.step_count().saturating_sub(1));
        let causes = s.stages.get(self.step).map_or(0, |st| st.causes.len());
        self.cause_row = self.cause_row.min(causes.saturating_sub(1));
        self.idea_row = self.idea_row.min(ideas_at(s, self.step).len().saturating_sub(1));
        if let Some(p) = self.report {
            self.report = if s.pairs.is_empty() { None } else { Some(p.min(s.pairs.len() - 1)) };
        }
    }

    fn render(&self, f: &mut Frame, area: Rect, v: &View) {
        let s = v.session;
        let theme = v.theme;
        if let Some(pair) = self.report {
            return render_report(f, area, s, theme, pair);
        }
        let k = self.step;
        let (Some(from), Some(to)) = (s.stages.get(k), s.stages.get(k + 1)) else {
            f.render_widget(
                Paragraph::new("The funnel needs at least two stages: add them on the Funnel screen (2).").style(theme.bad),
                area,
            );
            return;
        };
        let figures = model::step_figures(s);
        let fig = figures.get(k);
        let leak = model::biggest_leak(&figures).map(|l| l.step);
        let [title, info, panes] = Layout::vertical([Constraint::Length(if area.height >= 40 { 8 } else { 4 }), Constraint::Length(2), Constraint::Min(0)]).areas(area);
        let names = format!("{} > {}", from.name, to.name);
        if big::fits(&names, title.width) {
            big::render(f, title, &names, theme.title);
        } else {
            big::render(f, title, &format!("{} > {}", initials(&from.name), initials(&to.name)), theme.title);
        }
        let mut line1 = vec![Span::styled(format!(" Step {} of {}  ", k + 1, s.step_count()), theme.key)];
        line1.push(Span::styled(format!("{} ▸ {} ", from.name, to.name), theme.title));
        if leak == Some(k) {
            line1.push(Span::styled(" ⚠ BIGGEST LEAK", theme.bad));
        }
        let line2 = match fig {
            Some(x) => Line::from(vec![
                Span::raw(format!(
                    " {} → {}   lost {} ({})   worth ",
                    format::count(x.from),
                    format::count(x.to),
                    format::count(x.lost),
                    format::percent(x.lost_share)
                )),
                Span::styled(format::money(x.value_lost, &s.currency), if leak == Some(k) { theme.bad } else { theme.title }),
                Span::raw(format!(" a {}", s.period.label())),
            ]),
            None => Line::from(""),
        };
        f.render_widget(Paragraph::new(vec![Line::from(line1), line2]), info);

        if let Some((target, form)) = &self.form {
            return render_form(f, panes, s, theme, k, *target, form);
        }
        let [left, right] = Layout::horizontal([Constraint::Percentage(42), Constraint::Percentage(58)]).areas(panes);
        let causes = self.render_causes(f, left, s, theme);
        let ideas = self.render_ideas(f, right, s, theme);
        self.hits.set([(left, causes), (right, ideas)]);
    }
}

/// "Opportunity" → "Opp." for a title that would not fit big.
fn initials(name: &str) -> String {
    if name.chars().count() <= 6 { name.to_string() } else { format!("{}.", name.chars().take(4).collect::<String>()) }
}

fn pane_block<'a>(title: String, focused: bool, theme: &Theme) -> Panel<'a> {
    Panel::new(Span::styled(title, theme.title), if focused { theme.border_focus } else { theme.border })
}

/// Only the rows that hold text (after `scroll`): the rest is already blank,
/// and a `Paragraph` restyles every cell of its area.
fn text_rows(area: Rect, lines: usize, scroll: usize) -> Rect {
    Rect { height: area.height.min(u16::try_from(lines.saturating_sub(scroll)).unwrap_or(u16::MAX)), ..area }
}

impl StageWalk {
    fn render_causes(&self, f: &mut Frame, area: Rect, s: &Session, theme: &Theme) -> Rows {
        let k = self.step;
        let focused = self.pane == Pane::Causes;
        let inner = pane_block(String::new(), focused, theme).inner(area);
        let causes = s.stages.get(k).map_or(&[][..], |st| &st.causes[..]);
        let mut lines = Vec::new();
        if causes.is_empty() {
            lines.push(Line::from(Span::styled("No causes yet. Press c, ↑↓ picks a reason code.", theme.dim)));
        }
        // Wide panes: one line per cause; narrow: the reason gets its own line.
        let wide = inner.width >= 56;
        let reason_w = usize::from(inner.width).saturating_sub(if wide { 30 } else { 10 }).max(6);
        for (i, c) in causes.iter().enumerate() {
            let selected = focused && i == self.cause_row;
            let style = if selected { theme.selected } else { theme.base };
            let origin = match c.origin {
                Origin::Internal => Span::styled("internal", theme.good),
                Origin::External => Span::styled("EXTERNAL", theme.warn),
            };
            let head = vec![
                Span::styled(if selected { "▶" } else { " " }, style),
                Span::styled(format!("{:>5} ", format!("{:.0} %", c.share)), theme.title),
                Span::styled(format!("{:<reason_w$.reason_w$}", c.reason), style),
            ];
            let tail = vec![origin, Span::styled(format!(" · {}", c.team.label()), theme.dim)];
            if wide {
                let mut line = head;
                line.push(Span::raw(" "));
                line.extend(tail);
                lines.push(Line::from(line));
            } else {
                lines.push(Line::from(head));
                let mut line = vec![Span::raw("       ")];
                line.extend(tail);
                lines.push(Line::from(line));
            }
        }
        let unexplained = s.unexplained_share(k);
        lines.push(Line::from(vec![
            Span::styled(if unexplained > 0.0 { "?" } else { "✓" }, theme.dim),
            Span::styled(format!("{:>5} ", format!("{unexplained:.0} %")), if unexplained > 0.0 { theme.warn } else { theme.good }),
            Span::styled("unexplained", theme.dim),
        ]));
        let per: u16 = if wide { 1 } else { 2 };
        // Whole causes scroll, keeping the cursor and the unexplained line in view.
        let fits = usize::from(inner.height.saturating_sub(1) / per).max(1);
        let first = (self.cause_row + 1).saturating_sub(fits);
        let offset = first * usize::from(per);
        let rows_drawn = text_rows(inner, lines.len(), offset);
        f.render_widget(Paragraph::new(lines).scroll((offset as u16, 0)), rows_drawn);
        let count = causes.len().saturating_sub(first).min(fits);
        let title = format!(" Why we lose them{} (c adds) ", list::window_note(first, count, causes.len()));
        f.render_widget(pane_block(title, focused, theme), area);
        Rows { area: inner, first, count, per }
    }

    fn render_ideas(&self, f: &mut Frame, area: Rect, s: &Session, theme: &Theme) -> Rows {
        let k = self.step;
        let focused = self.pane == Pane::Ideas;
        let inner = pane_block(String::new(), focused, theme).inner(area);
        let ideas = ideas_at(s, k);
        let mut lines = Vec::new();
        if ideas.is_empty() {
            lines.push(Line::from(Span::styled("No ideas yet for this step. Press i.", theme.dim)));
        }
        let wide = inner.width >= 70;
        // Narrow panes give the details two lines rather than cut them.
        let per: u16 = if wide { 2 } else { 3 };
        // Only the visible ideas are laid out: a step may hold hundreds.
        let rows = usize::from(inner.height / per).max(1);
        let first = (self.idea_row + 1).saturating_sub(rows);
        for (row, &i) in ideas.iter().enumerate().skip(first).take(rows) {
            let Some(idea) = s.ideas.get(i) else { continue };
            let selected = focused && row == self.idea_row;
            let style = if selected { theme.selected } else { theme.base };
            let g = model::idea_gains(s, idea);
            let money = |v: f64| if wide { format::money(v, &s.currency) } else { format::money_short(v, &s.currency) };
            let gain = format!("+{}", money(g.likely));
            let title_w = usize::from(inner.width).saturating_sub(gain.chars().count() + 3).max(8);
            lines.push(Line::from(vec![
                Span::styled(if selected { "▶ " } else { "  " }, style),
                Span::styled(format!("{:<title_w$.title_w$}", idea.title), style),
                Span::styled(format!(" {gain}"), theme.good),
            ]));
            let e = idea.effect.estimate();
            let kind = idea.effect.kind();
            let pair = match idea.pair.and_then(|p| s.pairs.iter().position(|x| x.id == p)) {
                Some(i) if wide => format!("pair {} {}", i + 1, s.pair_label(s.pairs[i].id)),
                Some(i) => format!("pair {}", i + 1),
                None => "no pair".to_string(),
            };
            let effect = format!(
                "{} {}/{}/{} {} · {}–{}",
                kind.label(),
                e.low,
                e.likely,
                e.high,
                kind.unit(),
                format::money_short(g.low, &s.currency),
                format::money_short(g.high, &s.currency),
            );
            let who = format!("{pair} · {}d effort, {}d lead", idea.effort_days, idea.lead_time_days);
            if wide {
                lines.push(Line::from(Span::styled(format!("    {effect} · {who}"), theme.dim)));
            } else {
                lines.push(Line::from(Span::styled(format!("    {effect}"), theme.dim)));
                lines.push(Line::from(Span::styled(format!("    {who}"), theme.dim)));
            }
        }
        let rows_drawn = text_rows(inner, lines.len(), 0);
        f.render_widget(Paragraph::new(lines), rows_drawn);
        let count = ideas.len().saturating_sub(first).min(rows);
        let note = list::window_note(first, count, ideas.len());
        let title = format!(" Ideas{note} — gain a {} (i adds) ", s.period.label());
        f.render_widget(pane_block(title, focused, theme), area);
        Rows { area: inner, first, count, per }
    }
}

fn render_form(f: &mut Frame, area: Rect, s: &Session, theme: &Theme, k: usize, target: Target, form: &Form) {
    let is_cause = matches!(target, Target::NewCause | Target::Cause(_));
    let title = match target {
        Target::NewCause => " New loss cause — Enter saves, Esc cancels, Tab next field ",
        Target::Cause(_) => " Edit loss cause — Enter saves, Esc cancels ",
        Target::NewIdea => " New idea — Enter saves, Esc cancels, Tab/↑↓ fields ",
        Target::Idea(_) => " Edit idea — Enter saves, Esc cancels ",
    };
    let b = pane_block(title.into(), true, theme);
    let inner = b.inner(area);
    f.render_widget(b, area);
    let [fields, extra] = Layout::vertical([Constraint::Length(form.height()), Constraint::Min(0)]).areas(inner);
    let editing_cause = if let Target::Cause(i) = target { Some(i) } else { None };
    if is_cause {
        let error = build_cause(form, s, k, editing_cause).err().filter(|(row, _)| *row < form.focus || !form.value(*row).is_empty());
        form.render(f, fields, theme, error.as_ref());
        let typed = form.value(C_REASON).to_lowercase();
        let hint = assets::reason_codes()
            .iter()
            .find(|c| c.code == form.value(C_REASON))
            .or_else(|| assets::reason_codes().iter().find(|c| !typed.is_empty() && c.code.to_lowercase().contains(&typed)))
            .map_or("↑↓ in Reason walks the reason codes; or type your own".to_string(), |c| {
                format!("{}: {} ({}, {})  ↑↓ other codes", c.code, c.description, c.origin.label(), c.team.label())
            });
        f.render_widget(
            Paragraph::new(vec![
                Line::from(Span::styled(format!("unexplained now: {:.0} %", s.unexplained_share(k)), theme.dim)),
                Line::from(Span::styled(hint, theme.dim)),
            ])
            .wrap(Wrap { trim: true }),
            extra,
        );
        return;
    }
    let id = match target {
        Target::Idea(i) => s.ideas.get(i).map_or(0, |x| x.id),
        _ => s.next_idea_id(),
    };
    let built = build_idea(form, s, k, id);
    // Rows not reached yet stay quiet until something is typed in them.
    let error = built.as_ref().err().filter(|(row, _)| *row < form.focus || !form.value(*row).is_empty());
    form.render(f, fields, theme, error);
    let lines = match &built {
        Ok(idea) => {
            let g = model::idea_gains(s, idea);
            let m = |v: f64| format::money(v, &s.currency);
            let short = |v: f64| format::money_short(v, &s.currency);
            vec![
                Line::from(vec![
                    Span::styled("Projected gain ", theme.dim),
                    Span::styled(format!("+{} a {}", m(g.likely), s.period.label()), theme.good),
                    Span::styled(format!("  (low {} – high {})", short(g.low), short(g.high)), theme.dim),
                ]),
                Line::from(Span::styled(
                    format!(
                        "expected {} · in this quarter {} · in this year {}",
                        short(g.expected),
                        short(g.quarter),
                        short(g.year)
                    ),
                    theme.dim,
                )),
            ]
        }
        Err(_) => vec![Line::from(Span::styled("The projected gain appears once the figures are valid.", theme.dim))],
    };
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), extra);
}

fn render_report(f: &mut Frame, area: Rect, s: &Session, theme: &Theme, index: usize) {
    let Some(pair) = s.pairs.get(index) else { return };
    let [title, names, list] = Layout::vertical([Constraint::Length(if area.height >= 40 { 8 } else { 4 }), Constraint::Length(2), Constraint::Min(0)]).areas(area);
    big::render(f, title, &format!("Pair {}", index + 1), theme.title);
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(format!(" REPORT BACK {}/{}  ", index + 1, s.pairs.len()), theme.key),
            Span::styled(s.pair_label(pair.id), theme.title),
        ])),
        names,
    );
    // Each idea takes at least three rows, so the ones past this never show:
    // a pair may hold hundreds, and their gains are not worth computing.
    let fit = usize::from(list.height).div_ceil(3);
    let ideas: Vec<&Idea> = s.ideas.iter().filter(|i| i.pair == Some(pair.id)).take(fit).collect();
    let mut lines = Vec::new();
    if ideas.is_empty() {
        lines.push(Line::from(Span::styled("This pair has no ideas yet.", theme.dim)));
    }
    for idea in ideas {
        let g = model::idea_gains(s, idea);
        let where_ = idea.effect.step().and_then(|k| s.step_label(k)).unwrap_or_else(|| "whole funnel".into());
        lines.push(Line::from(vec![
            Span::styled("● ", theme.key),
            Span::styled(idea.title.clone(), theme.title),
        ]));
        lines.push(Line::from(vec![
            Span::raw(format!("  {where_} · {} · ", idea.effect.kind().label())),
            Span::styled(format!("+{} a {}", format::money(g.likely, &s.currency), s.period.label()), theme.good),
            Span::styled(
                format!("  ({}–{})", format::money_short(g.low, &s.currency), format::money_short(g.high, &s.currency)),
                theme.dim,
            ),
        ]));
        lines.push(Line::from(""));
    }
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), list);
}
