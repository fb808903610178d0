//! What the room commits to, headless: `actions`, `kpis` and `target`.
//! Every figure comes from `crate::model` (MODEL.md §7) and is printed only
//! through the money vocabulary in `crate::format`; this file lays it out.

use std::path::Path;

use serde::Serialize;

use super::reports::{header, legend};
use super::safe::{self, escape};
use super::table::cell;
use super::{Align, CliError, Report, Table};
use crate::format::{Figure, kpi_value, money, prospects_needed};
use crate::model::{self, KpiFigures, KpiUnit, Need};
use crate::session::{Commitment, Kpi, Measure, Session};
use crate::store;

/// Text from the file as one harmless line, its control characters
/// written out (`\e`, `\n`, `\x07`: the one rule of [`safe`]), so a
/// hand-edited title can neither break a table row nor steer the terminal.
fn plain(text: &str) -> String {
    escape(text).into_owned()
}

const DASH: &str = "—";

// ---------------------------------------------------------------- actions

#[derive(Debug, Serialize)]
struct LetterJson {
    letter: String,
    check: &'static str,
    reason: String,
}

#[derive(Debug, Serialize)]
struct ActionJson<'a> {
    /// Position in the file's `actions` list, as `check` reports it.
    index: usize,
    title: &'a str,
    idea: Option<u32>,
    idea_title: Option<&'a str>,
    owner: &'a str,
    owner_in_room: bool,
    team: Option<&'static str>,
    due: Option<String>,
    status: &'static str,
    kpi: Option<&'a str>,
    smart_marks: String,
    smart: Vec<LetterJson>,
}

fn action_json<'a>(s: &'a Session, index: usize, a: &'a Commitment) -> ActionJson<'a> {
    let smart = model::smart(s, a);
    ActionJson {
        index,
        title: &a.title,
        idea: a.idea,
        idea_title: a.idea.and_then(|id| s.idea(id)).map(|i| i.title.as_str()),
        owner: &a.owner,
        owner_in_room: s.participant_named(&a.owner).is_some(),
        team: a.team.map(|t| t.label()),
        due: a.due.map(|d| d.to_string()),
        status: a.status.label(),
        kpi: a.kpi.as_deref(),
        smart_marks: model::smart_marks(&smart),
        smart: smart
            .iter()
            .map(|l| LetterJson {
                letter: l.letter.to_string(),
                check: l.check.key(),
                reason: l.reason.clone(),
            })
            .collect(),
    }
}

/// `actions FILE [--json]`.
pub fn actions(path: &Path, json: bool) -> Result<Report, CliError> {
    let s = store::load(path)?;
    actions_report(&s, json)
}

fn actions_report(s: &Session, json: bool) -> Result<Report, CliError> {
    if json {
        let rows: Vec<ActionJson> = s
            .actions
            .iter()
            .enumerate()
            .map(|(i, a)| action_json(s, i, a))
            .collect();
        return Ok(Report::ok(safe::json(&rows)?));
    }
    let mut out = header(s);
    if s.actions.is_empty() {
        out.push_str(
            "No actions yet: add them on the Commit screen, or under actions in the file.\n",
        );
        return Ok(Report::ok(out));
    }
    let check_in = s.check_in.map_or_else(
        || "no check-in date set".to_string(),
        |d| format!("next check-in {d}"),
    );
    out.push_str(&format!("{} action(s); {check_in}\n\n", s.actions.len()));
    let mut t = Table::new(&[
        ("#", Align::Right),
        ("Action", Align::Left),
        ("Idea", Align::Left),
        ("Owner", Align::Left),
        ("Team", Align::Left),
        ("Due", Align::Left),
        ("Status", Align::Left),
        ("KPI", Align::Left),
        ("SMART", Align::Left),
    ]);
    let mut unmet = String::new();
    for (i, a) in s.actions.iter().enumerate() {
        let smart = model::smart(s, a);
        let idea = a
            .idea
            .and_then(|id| s.idea(id))
            .map_or_else(|| DASH.to_string(), |idea| cell(&idea.title, 24));
        let owner = if a.owner.trim().is_empty() {
            DASH.to_string()
        } else {
            cell(a.owner.trim(), 20)
        };
        t.row(vec![
            (i + 1).to_string(),
            cell(&a.title, 36),
            idea,
            owner,
            a.team.map_or(DASH, |t| t.label()).to_string(),
            a.due.map_or_else(|| DASH.to_string(), |d| d.to_string()),
            a.status.label().to_string(),
            a.kpi
                .as_deref()
                .map_or_else(|| DASH.to_string(), |k| cell(k, 24)),
            model::smart_marks(&smart),
        ]);
        for l in smart.iter().filter(|l| l.check != model::Check::Pass) {
            unmet.push_str(&format!(
                "  {:>2}  {}{} {}\n",
                i + 1,
                l.letter,
                l.check.mark(),
                plain(&l.reason)
            ));
        }
    }
    out.push_str(&t.render());
    if !unmet.is_empty() {
        out.push_str("\nLetters not met (a nudge, not a block):\n");
        out.push_str(&unmet);
    }
    out.push_str(
        "\nSMART: Specific (names what changes), Measurable (a KPI with a baseline and a target), \
         Assigned (an owner in the room), Realistic (the target lies within what the idea can move), \
         Time-bound (due by the next check-in); ✓ met, ✗ not met, ? the model cannot judge.\n",
    );
    Ok(Report::ok(out))
}

// ------------------------------------------------------------------- kpis

/// What a KPI measures, in words (the one wording). Raw text: the table
/// and `safe::json` escape it where it is printed.
fn measure_words(s: &Session, m: &Measure) -> String {
    m.words(s.period)
}

/// The unit a KPI is read in, in words; a dash when a typed KPI has none.
fn unit_words(s: &Session, unit: &KpiUnit) -> String {
    let words = unit.words(&s.currency, s.period);
    if words.is_empty() {
        DASH.to_string()
    } else {
        words
    }
}

fn shown(s: &Session, unit: &KpiUnit, v: Option<f64>) -> Option<String> {
    v.map(|v| kpi_value(v, unit, &s.currency, s.period))
}

#[derive(Debug, Serialize)]
struct KpiJson<'a> {
    name: &'a str,
    definition: &'a str,
    kind: &'static str,
    team: &'static str,
    measure: String,
    tied: bool,
    unit: String,
    cadence: &'static str,
    baseline: Option<f64>,
    baseline_display: Option<String>,
    plan_target: Option<f64>,
    target: Option<f64>,
    target_display: Option<String>,
    /// "typed" or "plan" (the committed plan at likely); null without a target.
    target_from: Option<&'static str>,
    actual: Option<f64>,
    actual_display: Option<String>,
    /// Why a KPI tied to the funnel has no figures: its stage is gone.
    unbound: Option<String>,
}

fn target_from(f: &KpiFigures) -> Option<&'static str> {
    match (f.target, f.target_typed) {
        (None, _) => None,
        (Some(_), true) => Some("typed"),
        (Some(_), false) => Some("plan"),
    }
}

fn kpi_json<'a>(s: &Session, k: &'a Kpi) -> KpiJson<'a> {
    let f = model::kpi_figures(s, k);
    KpiJson {
        name: &k.name,
        definition: &k.definition,
        kind: k.kind.label(),
        team: k.team.label(),
        measure: measure_words(s, &k.measure),
        tied: k.measure.is_tied(),
        unit: unit_words(s, &f.unit),
        cadence: k.cadence.label(),
        baseline: f.baseline,
        baseline_display: shown(s, &f.unit, f.baseline),
        plan_target: f.plan_target,
        target: f.target,
        target_display: shown(s, &f.unit, f.target),
        target_from: target_from(&f),
        actual: f.actual,
        actual_display: shown(s, &f.unit, f.actual),
        unbound: f.unbound.clone(),
    }
}

/// `kpis FILE [--json]`.
pub fn kpis(path: &Path, json: bool) -> Result<Report, CliError> {
    let s = store::load(path)?;
    kpis_report(&s, json)
}

fn kpis_report(s: &Session, json: bool) -> Result<Report, CliError> {
    if json {
        let rows: Vec<KpiJson> = s.kpis.iter().map(|k| kpi_json(s, k)).collect();
        return Ok(Report::ok(safe::json(&rows)?));
    }
    let mut out = header(s);
    if s.kpis.is_empty() {
        out.push_str("No KPIs yet: add them on the Commit screen, or under kpis in the file.\n");
        return Ok(Report::ok(out));
    }
    out.push_str(&format!(
        "{} shared KPI(s); baselines and plan targets computed from the session\n\n",
        s.kpis.len()
    ));
    let mut t = Table::new(&[
        ("KPI", Align::Left),
        ("Kind", Align::Left),
        ("Team", Align::Left),
        ("Measures", Align::Left),
        ("Unit", Align::Left),
        ("Cadence", Align::Left),
        ("Baseline", Align::Right),
        ("Target", Align::Right),
        ("From", Align::Left),
        ("Actual", Align::Right),
    ]);
    let mut unbound = String::new();
    for k in &s.kpis {
        let f = model::kpi_figures(s, k);
        let or_dash = |v: Option<String>| v.unwrap_or_else(|| DASH.to_string());
        let mut measure = measure_words(s, &k.measure);
        if let Some(why) = &f.unbound {
            measure.push_str(" (unbound)");
            unbound.push_str(&format!(
                "  {} is unbound: {}; rebind it to another stage or drop it on the Commit screen\n",
                plain(&k.name),
                plain(why)
            ));
        }
        t.row(vec![
            cell(&k.name, 30),
            k.kind.label().to_string(),
            k.team.label().to_string(),
            measure,
            unit_words(s, &f.unit),
            k.cadence.label().to_string(),
            or_dash(shown(s, &f.unit, f.baseline)),
            or_dash(shown(s, &f.unit, f.target)),
            target_from(&f).unwrap_or(DASH).to_string(),
            or_dash(shown(s, &f.unit, f.actual)),
        ]);
    }
    out.push_str(&t.render());
    if !unbound.is_empty() {
        out.push('\n');
        out.push_str(&unbound);
    }
    out.push_str(
        "\nManaged: the teams steer it and set their goals on it; monitored: watched, not steered.\n\
         A KPI tied to the funnel takes its baseline from the session; \"plan\" targets are the figure \
         after the committed plan at its likely values, \"typed\" ones were set by the room.\n",
    );
    Ok(Report::ok(out))
}

// ----------------------------------------------------------------- target

/// Reads `--revenue` the way the app prints money: `1,800,000`,
/// `EUR 1.8M`, `540k`.
fn parse_revenue(s: &Session, text: &str) -> Result<f64, CliError> {
    let example = format!(
        "type the revenue per {}, e.g. 1,800,000 or 1.8M",
        s.period.label()
    );
    let bad =
        |why: String| CliError::Lookup(format!("--revenue \"{}\": {why}; {example}", plain(text)));
    match crate::number::parse_amount(text, &s.currency) {
        Ok(v) if v < 0.0 => Err(bad("a revenue target must be 0 or more".to_string())),
        Ok(v) => Ok(v),
        Err(e) => Err(bad(e.to_string())),
    }
}

#[derive(Debug, Serialize)]
struct NeedJson {
    /// Exact prospects needed; null when no number is enough.
    prospects: Option<f64>,
    /// Rounded up to whole prospects, or why the stage is unreachable.
    display: String,
    unreachable: Option<String>,
}

#[derive(Debug, Serialize)]
struct StageNeedJson<'a> {
    index: usize,
    stage: &'a str,
    count: u64,
    today: NeedJson,
    plan: NeedJson,
}

#[derive(Debug, Serialize)]
struct TargetJson<'a> {
    revenue_target: f64,
    revenue_target_display: String,
    /// "--revenue" or "session".
    source: &'static str,
    period: &'static str,
    plan_ideas: usize,
    stages: Vec<StageNeedJson<'a>>,
}

fn need_json(s: &Session, n: &Need) -> NeedJson {
    match n {
        Ok(v) => NeedJson {
            prospects: Some(*v),
            display: prospects_needed(*v),
            unreachable: None,
        },
        Err(u) => {
            let words = model::unreachable_words(s, *u);
            NeedJson {
                prospects: None,
                display: words.clone(),
                unreachable: Some(words),
            }
        }
    }
}

/// `target FILE [--revenue N] [--json]`.
pub fn target(path: &Path, revenue: Option<&str>, json: bool) -> Result<Report, CliError> {
    let s = store::load(path)?;
    let (revenue, source) = match revenue {
        Some(text) => (parse_revenue(&s, text)?, "--revenue"),
        None => match s.revenue_target {
            Some(v) => (v, "session"),
            None => {
                return Err(CliError::Lookup(format!(
                    "{} has no revenue target; give one, e.g. `funnelcheck target {} --revenue 1,800,000` (revenue per {})",
                    path.display(),
                    path.display(),
                    s.period.label()
                )));
            }
        },
    };
    target_report(&s, revenue, source, json)
}

fn target_report(
    s: &Session,
    revenue: f64,
    source: &'static str,
    json: bool,
) -> Result<Report, CliError> {
    let rf = model::reverse_funnel(s, revenue);
    let plan_ideas = model::plan_ideas(s).len();
    let target_money = money(revenue, &s.currency);
    if json {
        let doc = TargetJson {
            revenue_target: revenue,
            revenue_target_display: target_money.clone(),
            source,
            period: s.period.label(),
            plan_ideas,
            stages: rf
                .stages
                .iter()
                .filter_map(|n| {
                    let st = s.stages.get(n.stage)?;
                    Some(StageNeedJson {
                        index: n.stage,
                        stage: &st.name,
                        count: st.count,
                        today: need_json(s, &n.today),
                        plan: need_json(s, &n.plan),
                    })
                })
                .collect(),
        };
        return Ok(Report::ok(safe::json(&doc)?));
    }
    let from = if source == "session" {
        "the session's target"
    } else {
        "from --revenue"
    };
    let mut out = header(s);
    out.push_str(&format!(
        "{}: {} ({from})\n",
        Figure::RevenueTarget.name(s.period),
        plain(&target_money)
    ));
    out.push_str(&format!(
        "Prospects each stage must see per {}, rounded up to whole prospects\n\n",
        s.period.label()
    ));
    let mut t = Table::new(&[
        ("Stage", Align::Left),
        ("Now", Align::Right),
        ("At today's conversions", Align::Right),
        ("With the plan (likely)", Align::Right),
    ]);
    let need = |n: &Need| need_json(s, n).display;
    for n in &rf.stages {
        let Some(st) = s.stages.get(n.stage) else {
            continue;
        };
        t.row(vec![
            cell(&st.name, 24),
            kpi_value(st.count as f64, &KpiUnit::Prospects, &s.currency, s.period),
            need(&n.today),
            need(&n.plan),
        ]);
    }
    out.push_str(&t.render());
    out.push('\n');
    if plan_ideas == 0 {
        out.push_str("No committed plan: both columns use today's conversions and deal size.\n");
    } else {
        out.push_str(&format!(
            "With the plan: the {plan_ideas} committed idea(s) at their likely values, on conversions and deal size.\n"
        ));
    }
    out.push_str(&legend(s.period, &[Figure::RevenueTarget]));
    Ok(Report::ok(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assets::example_session;

    #[test]
    fn a_kpi_whose_stage_is_gone_says_unbound_and_how_to_fix() {
        let mut s = example_session();
        let sal = s.stage_index("SAL").unwrap_or(usize::MAX);
        assert!(crate::session::edit::remove_stage(&mut s, sal));
        let text = kpis_report(&s, false).map(|r| r.text).unwrap_or_default();
        let row = text
            .lines()
            .find(|l| l.starts_with("MQL → SAL conversion"))
            .unwrap_or_default();
        assert!(row.contains("conversion MQL → SAL (unbound)"), "{text}");
        assert!(
            text.contains(
                "MQL → SAL conversion is unbound: the stage \"SAL\" is no longer in the funnel; \
                 rebind it to another stage or drop it on the Commit screen"
            ),
            "{text}"
        );
        let json = kpis_report(&s, true).map(|r| r.text).unwrap_or_default();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(
            v[0]["unbound"],
            "the stage \"SAL\" is no longer in the funnel"
        );
        assert_eq!(v[0]["baseline"], serde_json::Value::Null);
    }

    #[test]
    fn control_characters_from_the_file_never_reach_the_terminal() {
        let mut s = example_session();
        s.actions[0].title = "Call\u{1b}[2J back\nnow".into();
        let text = actions_report(&s, false)
            .map(|r| r.text)
            .unwrap_or_default();
        assert!(!text.contains('\u{1b}'), "{text}");
        assert!(text.contains("Call\\e[2J back\\nnow"), "{text}");
    }
}
