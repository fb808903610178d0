//! The cause and idea forms: what they show for an existing row, and the
//! cause or idea their values describe (or the row that is wrong and why).

use crate::session::{Cause, Effect, EffectKind, Estimate, Id, Idea, LossCategory, Origin, Session, Team};
use crate::tui::widgets::form::{FieldError, Form};
use crate::tui::widgets::text_field::{parse_number, parse_text};

// Rows of the cause form.
pub(super) const C_REASON: usize = 0;
pub(super) const C_SHARE: usize = 1;
pub(super) const C_ORIGIN: usize = 2;
pub(super) const C_TEAM: usize = 3;
pub(super) const C_NOTE: usize = 4;
pub(super) const C_KIND: usize = 5;

// Rows of the idea form.
pub(super) const I_TITLE: usize = 0;
pub(super) const I_PAIR: usize = 1;
pub(super) const I_KIND: usize = 2;
pub(super) const I_CAUSE: usize = 3;
pub(super) const I_LOW: usize = 4;
pub(super) const I_LIKELY: usize = 5;
pub(super) const I_HIGH: usize = 6;
pub(super) const I_EFFORT: usize = 7;
pub(super) const I_LEAD: usize = 8;

pub(super) fn team_index(t: Team) -> usize {
    Team::ALL.iter().position(|x| *x == t).unwrap_or(0)
}

pub(super) fn cause_form(c: Option<&Cause>) -> Form {
    let origins = vec![Origin::Internal.label().to_string(), Origin::External.label().to_string()];
    let teams = Team::ALL.iter().map(|t| t.label().to_string()).collect();
    Form::new(vec![
        Form::text("Reason", c.map_or("", |c| &c.reason)),
        Form::text("Share of losses %", &c.map_or(String::new(), |c| format!("{}", c.share))),
        Form::choice("Internal/external", origins, usize::from(c.is_some_and(|c| c.origin == Origin::External))),
        Form::choice("Team", teams, c.map_or(2, |c| team_index(c.team))),
        Form::text("Note", c.map_or("", |c| &c.note)),
        Form::choice("Kind of loss", kind_choices(), c.and_then(|c| c.category).map_or(0, |k| 1 + LossCategory::ALL.iter().position(|x| *x == k).unwrap_or(5))),
    ])
}

/// "as its reason code says" (the default codes carry a kind), then the six kinds.
fn kind_choices() -> Vec<String> {
    std::iter::once("as its reason code says".to_string()).chain(LossCategory::ALL.iter().map(|k| k.label().to_string())).collect()
}

pub(super) fn build_cause(form: &Form, s: &Session, step: usize, editing: Option<usize>) -> Result<Cause, FieldError> {
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
    let category = form.index(C_KIND).checked_sub(1).and_then(|i| LossCategory::ALL.get(i)).copied();
    Ok(Cause { reason, share, origin, team, note: form.value(C_NOTE).trim().to_string(), category })
}

pub(super) fn idea_form(s: &Session, step: usize, idea: Option<&Idea>) -> Form {
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
    follow_kind(&mut form);
    form
}

pub(super) fn form_kind(form: &Form) -> EffectKind {
    EffectKind::ALL.get(form.index(I_KIND)).copied().unwrap_or(EffectKind::RecoverLosses)
}

/// The rows that depend on the chosen effect: the cause only for recovered
/// losses, and the unit beside the three estimates (points or percent).
pub(super) fn follow_kind(form: &mut Form) {
    let kind = form_kind(form);
    form.set_hidden(I_CAUSE, kind != EffectKind::RecoverLosses);
    for row in [I_LOW, I_LIKELY, I_HIGH] {
        form.set_unit(row, kind.unit());
    }
}

/// Whether ideas of this kind act on the whole funnel rather than one step.
pub(super) fn whole_funnel(kind: EffectKind) -> bool {
    matches!(kind, EffectKind::GrowVolume | EffectKind::GrowDealSize)
}

pub(super) fn build_idea(form: &Form, s: &Session, step: usize, id: Id) -> Result<Idea, FieldError> {
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
        parse_number(form.value(I_EFFORT), 0.0, crate::session::limits::EFFORT_DAYS_MAX).map_err(|e| (I_EFFORT, e))?
    };
    let lead_time_days = if form.value(I_LEAD).trim().is_empty() {
        0.0
    } else {
        parse_number(form.value(I_LEAD), 0.0, crate::session::limits::LEAD_TIME_DAYS_MAX).map_err(|e| (I_LEAD, e))?
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
