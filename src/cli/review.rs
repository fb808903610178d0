//! The next check-in, headless: `follow-up` makes the next session, and
//! `review` prints what it compares (docs/MODEL-additions.md §8a). Every
//! figure comes from `model::review` and reads through `crate::format`.

use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use super::reports::header;
use super::safe::{self, escape};
use super::table::cell;
use super::{Align, CliError, Report, Table};
use crate::followup;
use crate::format::{self, money};
use crate::model::{self, ChangeUnit, IdeaCheck, Judgement, Review};
use crate::session::Session;
use crate::store;

const DASH: &str = "—";

/// `follow-up PREV [NAME] [--date D]`: prints the new file's path.
pub fn follow_up(prev: &Path, name: Option<&str>, date: Option<&str>) -> Result<Report, CliError> {
    let date = match date {
        Some(text) => parse_date(text)?,
        None => chrono::Local::now().date_naive(),
    };
    let path = followup::create(prev, name, date).map_err(|e| match e {
        followup::FollowUpError::Store(s) => CliError::Store(s),
        other => CliError::Lookup(other.to_string()),
    })?;
    Ok(Report::ok(format!(
        "{}\nType or import this period's counts and deal size, then review last time's plan: funnelcheck review {}\n",
        path.display(),
        path.display()
    )))
}

fn parse_date(text: &str) -> Result<NaiveDate, CliError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        CliError::Lookup(format!(
            "--date {} is not a date; write it as YYYY-MM-DD, e.g. 2027-02-20",
            escape(text)
        ))
    })
}

// ------------------------------------------------------------------- json

#[derive(Serialize)]
struct ActionJson<'a> {
    title: &'a str,
    owner: &'a str,
    due: Option<String>,
    status: &'static str,
    note: &'a str,
}

#[derive(Serialize)]
struct KpiJson<'a> {
    name: &'a str,
    kind: &'static str,
    unit: String,
    baseline_then: Option<f64>,
    target: Option<f64>,
    actual: Option<f64>,
    direction: &'static str,
    met: Option<bool>,
    gap: Option<f64>,
    verdict: String,
}

#[derive(Serialize)]
struct StepJson<'a> {
    step: &'a str,
    conversion_then: Option<f64>,
    conversion_now: Option<f64>,
    change_points: Option<f64>,
    value_lost_then: Option<f64>,
    value_lost_now: Option<f64>,
    value_lost_change: Option<f64>,
}

#[derive(Serialize)]
struct IdeaJson<'a> {
    id: u32,
    title: &'a str,
    effect: &'static str,
    acts_on: &'a str,
    /// "points" (conversion) or "percent" (volume, deal size).
    unit: &'static str,
    predicted_low: f64,
    predicted_likely: f64,
    predicted_high: f64,
    observed: Option<f64>,
    /// `inside`, `below`, `above`, `shared` or `none`.
    verdict: &'static str,
    /// For a shared step: the ideas it shares with and their combined range.
    shared_with: Vec<u32>,
    combined_low: Option<f64>,
    combined_high: Option<f64>,
    combined_verdict: Option<&'static str>,
    /// Why there is no verdict.
    why: Option<&'a str>,
    words: String,
}

#[derive(Serialize)]
struct ReviewJson<'a> {
    title: &'a str,
    date: String,
    previous: Option<PreviousJson<'a>>,
    period: &'static str,
    counts_in: bool,
    revenue_then: f64,
    revenue_now: f64,
    actions: Vec<ActionJson<'a>>,
    actions_kept: usize,
    actions_dropped: usize,
    actions_not_done: usize,
    actions_open: usize,
    kpis: Vec<KpiJson<'a>>,
    steps: Vec<StepJson<'a>>,
    steps_gone: &'a [String],
    ideas: Vec<IdeaJson<'a>>,
    calibration_judged: usize,
    calibration_inside: usize,
    calibration_share: Option<f64>,
}

#[derive(Serialize)]
struct PreviousJson<'a> {
    path: &'a str,
    title: &'a str,
    date: String,
    found: bool,
}

/// A fraction in the unit the JSON names: points or percent.
fn in_unit(v: f64) -> f64 {
    v * 100.0
}

fn idea_json<'a>(i: &'a IdeaCheck, all: &[IdeaCheck]) -> IdeaJson<'a> {
    let (verdict, shared_with, combined, combined_verdict, why) = match &i.judgement {
        Judgement::Judged { verdict } => (verdict.key(), Vec::new(), None, None, None),
        Judgement::Shared {
            with,
            combined,
            verdict,
        } => (
            "shared",
            with.clone(),
            Some(combined),
            Some(verdict.key()),
            None,
        ),
        Judgement::Unjudged { why } => ("none", Vec::new(), None, None, Some(why.as_str())),
    };
    IdeaJson {
        id: i.id,
        title: &i.title,
        effect: i.kind.key(),
        acts_on: &i.acts_on,
        unit: match i.unit {
            ChangeUnit::Points => "points",
            ChangeUnit::Percent => "percent",
        },
        predicted_low: in_unit(i.predicted.low),
        predicted_likely: in_unit(i.predicted.likely),
        predicted_high: in_unit(i.predicted.high),
        observed: i.observed.map(in_unit),
        verdict,
        shared_with,
        combined_low: combined.map(|c| in_unit(c.low)),
        combined_high: combined.map(|c| in_unit(c.high)),
        combined_verdict,
        why,
        words: format::judgement(i, all),
    }
}

fn review_json<'a>(path: &Path, s: &'a Session, r: &'a Review) -> ReviewJson<'a> {
    ReviewJson {
        title: &s.title,
        date: s.date.to_string(),
        previous: s.previous.as_ref().map(|p| PreviousJson {
            path: &p.path,
            title: &p.title,
            date: p.date.to_string(),
            found: followup::previous_path(path, s).is_some_and(|p| p.is_file()),
        }),
        period: s.period.label(),
        counts_in: r.counts_in,
        revenue_then: r.revenue_then,
        revenue_now: r.revenue_now,
        actions: s
            .actions
            .iter()
            .filter(|a| a.carried)
            .map(|a| ActionJson {
                title: &a.title,
                owner: &a.owner,
                due: a.due.map(|d| d.to_string()),
                status: a.status.label(),
                note: &a.note,
            })
            .collect(),
        actions_kept: r.actions.kept(),
        actions_dropped: r.actions.dropped,
        actions_not_done: r.actions.not_done,
        actions_open: r.actions.open,
        kpis: r
            .kpis
            .iter()
            .map(|k| KpiJson {
                name: &k.name,
                kind: k.kind.label(),
                unit: k.unit.words(&s.currency, s.period),
                baseline_then: k.baseline_then,
                target: k.target,
                actual: k.actual,
                direction: if k.up { "up" } else { "down" },
                met: k.met,
                gap: k.gap,
                verdict: format::kpi_verdict(k, &s.currency, s.period),
            })
            .collect(),
        steps: r
            .steps
            .iter()
            .map(|st| StepJson {
                step: &st.label,
                conversion_then: st.then.map(|t| in_unit(t.conversion)),
                conversion_now: st.now.map(|n| in_unit(n.conversion)),
                change_points: st.points(),
                value_lost_then: st.then.map(|t| t.value_lost),
                value_lost_now: st.now.map(|n| n.value_lost),
                value_lost_change: st.value_lost_change(),
            })
            .collect(),
        steps_gone: &r.gone,
        ideas: r.ideas.iter().map(|i| idea_json(i, &r.ideas)).collect(),
        calibration_judged: r.calibration.judged,
        calibration_inside: r.calibration.inside,
        calibration_share: r.calibration.share(),
    }
}

// ------------------------------------------------------------------- text

/// `review FILE [--json]`.
pub fn review(path: &Path, json: bool) -> Result<Report, CliError> {
    let s = store::load(path)?;
    let Some(r) = model::review(&s) else {
        return Err(CliError::Lookup(format!(
            "{} is not a follow-up, so it has nothing to review; make one with: funnelcheck follow-up {} [NAME]",
            path.display(),
            path.display()
        )));
    };
    if json {
        return Ok(Report::ok(safe::json(&review_json(path, &s, &r))?));
    }
    Ok(Report::ok(review_text(path, &s, &r)))
}

fn review_text(path: &Path, s: &Session, r: &Review) -> String {
    let mut out = header(s);
    if let Some(p) = &s.previous {
        let found = followup::previous_path(path, s).is_some_and(|p| p.is_file());
        out.push_str(&format!(
            "Follows up \"{}\" of {} ({}{})\n",
            escape(&p.title),
            p.date,
            escape(&p.path),
            if found {
                ""
            } else {
                ", not found: the review uses the copy kept in this file"
            }
        ));
    }
    if !r.counts_in {
        out.push_str(
            "This period's counts are not in yet: type or import them to see what changed.\n",
        );
    }
    let period = s.period.label();
    out.push_str(&format!(
        "Revenue per {period}: {} last time, {} now\n",
        money(r.revenue_then, &s.currency),
        if r.counts_in {
            money(r.revenue_now, &s.currency)
        } else {
            DASH.to_string()
        }
    ));

    let t = r.actions;
    out.push_str(&format!(
        "\nActions carried over: {} (kept {}: done {}, partly {}; not done {}; dropped {}; not reviewed yet {})\n",
        t.total(),
        t.kept(),
        t.done,
        t.partly,
        t.not_done,
        t.dropped,
        t.open
    ));
    let carried: Vec<_> = s.actions.iter().filter(|a| a.carried).collect();
    if !carried.is_empty() {
        let mut tab = Table::new(&[
            ("Action", Align::Left),
            ("Owner", Align::Left),
            ("Due", Align::Left),
            ("Status", Align::Left),
            ("Note", Align::Left),
        ]);
        for a in carried {
            tab.row(vec![
                cell(&a.title, 36),
                cell(a.owner.trim(), 20),
                a.due.map_or_else(|| DASH.to_string(), |d| d.to_string()),
                a.status.label().to_string(),
                cell(&a.note, 40),
            ]);
        }
        out.push_str(&tab.render());
    }

    if !r.kpis.is_empty() {
        out.push_str("\nKPIs: actual against target\n");
        let mut tab = Table::new(&[
            ("KPI", Align::Left),
            ("Kind", Align::Left),
            ("Then", Align::Right),
            ("Target", Align::Right),
            ("Actual", Align::Right),
            ("Verdict", Align::Left),
        ]);
        let show = |k: &model::KpiCheck, v: Option<f64>| {
            v.map_or_else(
                || DASH.to_string(),
                |v| format::kpi_value_short(v, &k.unit, &s.currency),
            )
        };
        for k in &r.kpis {
            tab.row(vec![
                cell(&k.name, 28),
                k.kind.label().to_string(),
                show(k, k.baseline_then),
                show(k, k.target),
                show(k, k.actual),
                cell(&format::kpi_verdict(k, &s.currency, s.period), 48),
            ]);
        }
        out.push_str(&tab.render());
    }

    out.push_str(&format!(
        "\nThe funnel now against last time (per {period})\n"
    ));
    let mut tab = Table::new(&[
        ("Step", Align::Left),
        ("Conv. then", Align::Right),
        ("Conv. now", Align::Right),
        ("Change", Align::Right),
        ("Value lost then", Align::Right),
        ("Value lost now", Align::Right),
        ("Change", Align::Right),
    ]);
    let or_dash = |v: Option<String>| v.unwrap_or_else(|| DASH.to_string());
    for st in &r.steps {
        let mut row = vec![cell(&st.label, 28)];
        row.extend(format::step_change_cells(st, &s.currency));
        tab.row(row);
    }
    out.push_str(&tab.render());
    if !r.gone.is_empty() {
        out.push_str(&format!(
            "Last time's steps not in this funnel (stages are matched by name): {}\n",
            r.gone
                .iter()
                .map(|g| escape(g).into_owned())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }

    out.push_str("\nThe plan under review: predicted against observed\n");
    if r.ideas.is_empty() {
        out.push_str("Last time's plan had no ideas.\n");
    } else {
        let mut tab = Table::new(&[
            ("Idea", Align::Left),
            ("Acts on", Align::Left),
            ("Predicted low / likely / high", Align::Right),
            ("Observed", Align::Right),
            ("Verdict", Align::Left),
        ]);
        for i in &r.ideas {
            tab.row(vec![
                cell(&i.title, 32),
                cell(&i.acts_on, 24),
                format::change_range(&i.predicted, i.unit),
                or_dash(i.observed.map(|o| format::change(o, i.unit))),
                format::verdict_cell(&i.judgement, true),
            ]);
        }
        out.push_str(&tab.render());
        for i in r
            .ideas
            .iter()
            .filter(|i| !matches!(i.judgement, Judgement::Judged { .. }))
        {
            out.push_str(&format!(
                "  {}: {}\n",
                escape(&i.title),
                escape(&format::judgement(i, &r.ideas))
            ));
        }
    }
    out.push_str(&format!(
        "\nCalibration: {}.\n",
        format::calibration(&r.calibration)
    ));
    out
}
