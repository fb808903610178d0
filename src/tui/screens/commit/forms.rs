//! The action and KPI forms: what they show for an existing row, and the
//! action or KPI their values describe (or the row that is wrong and why).

use chrono::NaiveDate;

use crate::model::{self, KpiUnit};
use crate::number;
use crate::session::limits::TextKind;
use crate::session::{Cadence, Commitment, Effect, Id, Kpi, KpiKind, Measure, Role, Session, Status, Team};
use crate::tui::widgets::form::{FieldError, Form};
use crate::tui::widgets::text_field::{parse_optional_text, parse_text};

// Rows of the action form.
pub(super) const A_IDEA: usize = 0;
pub(super) const A_TITLE: usize = 1;
pub(super) const A_OWNER: usize = 2;
pub(super) const A_OTHER: usize = 3;
pub(super) const A_TEAM: usize = 4;
pub(super) const A_DUE: usize = 5;
pub(super) const A_KPI: usize = 6;
pub(super) const A_STATUS: usize = 7;

// Rows of the KPI form.
pub(super) const K_NAME: usize = 0;
pub(super) const K_DEFINITION: usize = 1;
pub(super) const K_KIND: usize = 2;
pub(super) const K_TEAM: usize = 3;
pub(super) const K_MEASURE: usize = 4;
pub(super) const K_STAGE: usize = 5;
pub(super) const K_STEP: usize = 6;
pub(super) const K_UNIT: usize = 7;
pub(super) const K_CADENCE: usize = 8;
pub(super) const K_BASELINE: usize = 9;
pub(super) const K_TARGET: usize = 10;
pub(super) const K_ACTUAL: usize = 11;

/// "someone else" in the owner choice: the name is typed in the next row.
const SOMEONE_ELSE: &str = "someone else (type the name)";

pub(super) fn team_index(t: Team) -> usize {
    Team::ALL.iter().position(|x| *x == t).unwrap_or(2)
}

/// The ideas an action can carry out, plan ideas first (they are what the
/// room committed to), then the rest; "none" for a free-standing action.
pub(super) fn idea_choices(s: &Session) -> Vec<Option<Id>> {
    let plan: Vec<Id> = model::plan_ideas(s).iter().map(|i| i.id).collect();
    let rest = s.ideas.iter().map(|i| i.id).filter(|id| !plan.contains(id));
    std::iter::once(None).chain(plan.iter().copied().map(Some)).chain(rest.map(Some)).collect()
}

fn idea_label(s: &Session, id: Option<Id>) -> String {
    match id.and_then(|id| s.idea(id)) {
        None => "none (a free-standing action)".to_string(),
        Some(i) if s.plan.ideas.contains(&i.id) => format!("★ {}", i.title),
        Some(i) => i.title.clone(),
    }
}

pub(super) fn action_form(s: &Session, a: Option<&Commitment>) -> Form {
    let ideas = idea_choices(s);
    let idea_index = a.and_then(|a| ideas.iter().position(|i| *i == a.idea)).unwrap_or(0);
    let mut owners: Vec<String> = vec!["—".to_string()];
    owners.extend(s.participants.iter().map(|p| p.name.clone()));
    owners.push(SOMEONE_ELSE.to_string());
    let (owner_index, other) = match a.map(|a| a.owner.trim()).filter(|o| !o.is_empty()) {
        None => (0, String::new()),
        Some(o) => match s.participant_named(o).and_then(|p| s.participants.iter().position(|x| x.id == p.id)) {
            Some(i) => (i + 1, String::new()),
            None => (owners.len() - 1, o.to_string()),
        },
    };
    let teams = Team::ALL.iter().map(|t| t.label().to_string()).collect();
    let mut kpis = vec!["none".to_string()];
    kpis.extend(s.kpis.iter().map(|k| k.name.clone()));
    let kpi_index = a.and_then(|a| a.kpi.as_deref()).and_then(|n| s.kpis.iter().position(|k| k.name == n)).map_or(0, |i| i + 1);
    let statuses = Status::ALL.iter().map(|x| x.label().to_string()).collect();
    let mut form = Form::new(vec![
        Form::choice("Idea", ideas.iter().map(|i| idea_label(s, *i)).collect(), idea_index),
        Form::text("What will be done", a.map_or("", |a| &a.title)),
        Form::choice("Owner", owners, owner_index),
        Form::text("Owner's name", &other),
        Form::choice("Team", teams, a.and_then(|a| a.team).map_or(2, team_index)),
        Form::text("Due (YYYY-MM-DD)", &a.and_then(|a| a.due).map_or(String::new(), |d| d.to_string())),
        Form::choice("KPI it moves", kpis, kpi_index),
        Form::choice("Status", statuses, a.map_or(0, |a| Status::ALL.iter().position(|x| *x == a.status).unwrap_or(0))),
    ]);
    follow_owner(&mut form);
    form
}

/// The typed-name row shows only when "someone else" is picked.
pub(super) fn follow_owner(form: &mut Form) {
    let other = form.value(A_OWNER) == SOMEONE_ELSE;
    form.set_hidden(A_OTHER, !other);
}

/// What picking an idea fills in: its title (when the title is empty or
/// still another idea's title), the team of the stage or cause it works on,
/// and as owner the member of its pair on that team.
pub(super) fn prefill_from_idea(form: &mut Form, s: &Session, previous: Option<Id>) {
    let Some(id) = idea_choices(s).get(form.index(A_IDEA)).copied().flatten() else { return };
    let Some(idea) = s.idea(id) else { return };
    let title = form.value(A_TITLE).trim().to_string();
    let was_idea_title = previous.and_then(|p| s.idea(p)).is_some_and(|p| p.title == title);
    if title.is_empty() || was_idea_title {
        form.set_text(A_TITLE, &idea.title);
    }
    let team = idea_team(s, &idea.effect);
    form.set_index(A_TEAM, team_index(team));
    let role = match team {
        Team::Sales => Some(Role::Sales),
        Team::Marketing => Some(Role::Marketing),
        Team::Shared => None,
    };
    let members: Vec<Id> = idea.pair.and_then(|p| s.pair(p)).map(|p| p.members.clone()).unwrap_or_default();
    let owner = members
        .iter()
        .filter_map(|m| s.participant(*m))
        .find(|p| role.is_none_or(|r| p.role == r))
        .and_then(|p| s.participants.iter().position(|x| x.id == p.id));
    if let Some(i) = owner
        && form.index(A_OWNER) == 0
    {
        form.set_index(A_OWNER, i + 1);
    }
    follow_owner(form);
}

/// The team an idea's fix belongs to: the team of the cause it recovers,
/// else of the stage its step leaves; volume is marketing's, deal size sales'.
pub(super) fn idea_team(s: &Session, e: &Effect) -> Team {
    match e {
        Effect::RecoverLosses { step, cause: Some(c), .. } => s
            .stages
            .get(*step)
            .and_then(|st| st.causes.iter().find(|x| &x.reason == c))
            .map_or(Team::Shared, |c| c.team),
        Effect::RecoverLosses { step, .. } | Effect::LiftConversion { step, .. } => s.stages.get(*step).map_or(Team::Shared, |st| st.team),
        Effect::GrowVolume { .. } => Team::Marketing,
        Effect::GrowDealSize { .. } => Team::Sales,
    }
}

/// A date as the app prints it (`2027-01-15`).
pub(super) fn parse_date(text: &str) -> Result<Option<NaiveDate>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| format!("\"{t}\" is not a date: write it as year-month-day, e.g. 2027-01-15"))
}

pub(super) fn build_action(form: &Form, s: &Session, old: Option<&Commitment>) -> Result<Commitment, FieldError> {
    let title = parse_text(form.value(A_TITLE), "the title").map_err(|e| (A_TITLE, e))?;
    let owner = match form.value(A_OWNER) {
        SOMEONE_ELSE => parse_text(form.value(A_OTHER), "the owner's name").map_err(|e| (A_OTHER, e))?,
        "—" => String::new(),
        name => name.to_string(),
    };
    let due = parse_date(form.value(A_DUE)).map_err(|e| (A_DUE, e))?;
    if let Some(d) = due
        && d < s.date
        && !old.is_some_and(|o| o.carried)
    {
        return Err((A_DUE, format!("{d} is before the workshop ({}): pick a later date", s.date)));
    }
    let kpi = form.index(A_KPI).checked_sub(1).and_then(|i| s.kpis.get(i)).map(|k| k.name.clone());
    Ok(Commitment {
        idea: idea_choices(s).get(form.index(A_IDEA)).copied().flatten(),
        title,
        owner,
        team: Team::ALL.get(form.index(A_TEAM)).copied(),
        due,
        kpi,
        status: Status::ALL.get(form.index(A_STATUS)).copied().unwrap_or_default(),
        // The form does not show these; editing an action keeps them.
        carried: old.is_some_and(|o| o.carried),
        note: old.map(|o| o.note.clone()).unwrap_or_default(),
    })
}

/// What a KPI can measure, in the order of the form's choice.
pub(super) const MEASURES: [&str; 6] = ["typed (not from the funnel)", "prospects at a stage", "conversion of a step", "days in a stage", "deal size", "revenue per period"];

fn measure_index(m: &Measure) -> usize {
    match m {
        Measure::Typed => 0,
        Measure::Count { .. } => 1,
        Measure::Conversion { .. } => 2,
        Measure::Days { .. } => 3,
        Measure::DealSize => 4,
        Measure::Revenue => 5,
    }
}

pub(super) fn kpi_form(s: &Session, k: Option<&Kpi>) -> Form {
    let kinds = vec![KpiKind::Managed.label().to_string(), KpiKind::Monitored.label().to_string()];
    let teams = Team::ALL.iter().map(|t| t.label().to_string()).collect();
    let stages: Vec<String> = s.stages.iter().map(|st| st.name.clone()).collect();
    let steps: Vec<String> = (0..s.step_count()).filter_map(|k| s.step_label(k)).collect();
    let measure = k.map_or(Measure::Typed, |k| k.measure.clone());
    // A KPI whose stage is gone opens on the first stage: saving rebinds it.
    let stage_index = match &measure {
        Measure::Count { stage } | Measure::Days { stage } => s.stage_index(stage).unwrap_or(0),
        _ => 0,
    };
    let step_index = match &measure {
        Measure::Conversion { from, .. } => s.stage_index(from).unwrap_or(0).min(steps.len().saturating_sub(1)),
        _ => 0,
    };
    let cadences = Cadence::ALL.iter().map(|c| c.label().to_string()).collect();
    let num = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v}"));
    let mut form = Form::new(vec![
        Form::text("Name", k.map_or("", |k| &k.name)),
        Form::text("Definition", k.map_or("", |k| &k.definition)),
        Form::choice("Managed/monitored", kinds, usize::from(k.is_some_and(|k| k.kind == KpiKind::Monitored))),
        Form::choice("Team", teams, k.map_or(2, |k| team_index(k.team))),
        Form::choice("Measures", MEASURES.iter().map(|m| m.to_string()).collect(), measure_index(&measure)),
        Form::choice("Stage", stages, stage_index),
        Form::choice("Step", steps, step_index),
        Form::text("Unit", k.map_or("", |k| &k.unit)),
        Form::choice("Cadence", cadences, k.map_or(1, |k| Cadence::ALL.iter().position(|c| *c == k.cadence).unwrap_or(1))),
        Form::text("Baseline", &num(k.and_then(|k| k.baseline))),
        Form::text("Target", &num(k.and_then(|k| k.target))),
        Form::text("Actual", &num(k.and_then(|k| k.actual))),
    ]);
    follow_measure(&mut form);
    form
}

/// Rows that depend on the measure: a stage or a step for tied KPIs, unit
/// and baseline only for typed ones (a tied KPI's come from the session).
pub(super) fn follow_measure(form: &mut Form) {
    let m = form.index(K_MEASURE);
    form.set_hidden(K_STAGE, !matches!(m, 1 | 3));
    form.set_hidden(K_STEP, m != 2);
    form.set_hidden(K_UNIT, m != 0);
    form.set_hidden(K_BASELINE, m != 0);
}

fn measure_of(form: &Form, s: &Session) -> Result<Measure, FieldError> {
    let stage = || {
        s.stages.get(form.index(K_STAGE)).map(|st| st.name.clone()).ok_or((K_STAGE, "the funnel has no stages: add them on the Funnel screen (2)".to_string()))
    };
    Ok(match form.index(K_MEASURE) {
        0 => Measure::Typed,
        1 => Measure::Count { stage: stage()? },
        2 => {
            let k = form.index(K_STEP);
            match (s.stages.get(k), s.stages.get(k + 1)) {
                (Some(a), Some(b)) => Measure::Conversion { from: a.name.clone(), to: b.name.clone() },
                _ => return Err((K_STEP, "the funnel has no steps: add stages on the Funnel screen (2)".to_string())),
            }
        }
        3 => Measure::Days { stage: stage()? },
        4 => Measure::DealSize,
        _ => Measure::Revenue,
    })
}

/// A KPI value typed in its unit: what `format::kpi_value` prints reads
/// back (`55.2 %`, `1,452`, `EUR 1,800,000 per quarter`, `14 days`).
pub(super) fn parse_kpi_value(text: &str, unit: &KpiUnit, s: &Session) -> Result<Option<f64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let per = format!(" per {}", s.period.label());
    let v = match unit {
        KpiUnit::Money | KpiUnit::MoneyPerPeriod => number::parse_amount(t.strip_suffix(per.as_str()).unwrap_or(t), &s.currency),
        KpiUnit::Days => number::parse_decimal(t.strip_suffix("days").unwrap_or(t).trim_end()),
        KpiUnit::Prospects => number::parse_decimal(t),
        KpiUnit::Percent => number::parse_measure(t),
        KpiUnit::Typed(u) => number::parse_measure(t.strip_suffix(u.trim()).filter(|_| !u.trim().is_empty()).unwrap_or(t).trim_end()),
    }
    .map_err(|e| e.to_string())?;
    if v < 0.0 {
        return Err("must be 0 or more".to_string());
    }
    Ok(Some(v))
}

pub(super) fn build_kpi(form: &Form, s: &Session, editing: Option<usize>) -> Result<Kpi, FieldError> {
    let name = parse_text(form.value(K_NAME), "the KPI name").map_err(|e| (K_NAME, e))?;
    if s.kpis.iter().enumerate().any(|(i, k)| Some(i) != editing && k.name == name) {
        return Err((K_NAME, format!("a KPI called \"{name}\" exists already: give this one its own name")));
    }
    let definition = parse_optional_text(form.value(K_DEFINITION), TextKind::Notes).map_err(|e| (K_DEFINITION, e))?;
    let measure = measure_of(form, s)?;
    let unit_text = if measure.is_tied() { String::new() } else { parse_optional_text(form.value(K_UNIT), TextKind::Name).map_err(|e| (K_UNIT, e))? };
    let probe = Kpi {
        name,
        definition,
        kind: if form.index(K_KIND) == 1 { KpiKind::Monitored } else { KpiKind::Managed },
        team: Team::ALL.get(form.index(K_TEAM)).copied().unwrap_or(Team::Shared),
        measure,
        unit: unit_text,
        cadence: Cadence::ALL.get(form.index(K_CADENCE)).copied().unwrap_or_default(),
        baseline: None,
        target: None,
        actual: None,
    };
    let unit = model::kpi_figures(s, &probe).unit;
    let baseline = if probe.measure.is_tied() { None } else { parse_kpi_value(form.value(K_BASELINE), &unit, s).map_err(|e| (K_BASELINE, e))? };
    let target = parse_kpi_value(form.value(K_TARGET), &unit, s).map_err(|e| (K_TARGET, e))?;
    let actual = parse_kpi_value(form.value(K_ACTUAL), &unit, s).map_err(|e| (K_ACTUAL, e))?;
    Ok(Kpi { baseline, target, actual, ..probe })
}
