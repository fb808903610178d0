//! Subcommands that print what the model says about a session. Every figure
//! comes from `crate::model`; this file only lays it out. Text from the file
//! is escaped ([`safe`]) where it is printed: by the table for cells, here
//! for titles and names in running text, and by `safe::json` for `--json`.

use std::path::Path;

use serde::Serialize;

use super::safe::{self, escape};
use super::table::cell;
use super::{Align, CliError, Report, Table, find_idea};
use crate::format::{Figure, count, money};
use crate::model::{self, RankBy};
use crate::session::{Effect, EffectKind, Id, Idea, Period, Session};
use crate::store;

/// "Name: what it is" for each figure, one line each, under a table.
pub(super) fn legend(period: Period, figures: &[Figure]) -> String {
    figures
        .iter()
        .map(|f| format!("  {}: {}.\n", f.short(period), f.legend(period)))
        .collect()
}

/// The session's title, company and date on one line, escaped.
pub(super) fn header(s: &Session) -> String {
    let mut line = escape(&s.title).into_owned();
    if !s.company.trim().is_empty() {
        line.push_str(&format!(" — {}", escape(&s.company)));
    }
    line.push_str(&format!(", {}", s.date));
    format!("{line}\n")
}

/// "MQL → SAL", escaped.
pub(super) fn step_name(s: &Session, step: usize) -> String {
    s.step_label(step)
        .map_or_else(|| format!("step {step}"), |l| escape(&l).into_owned())
}

/// The effect in a few characters: "lift 1/2/3 pts", "recover 30/50/70 %".
fn effect_short(effect: &Effect) -> String {
    let e = effect.estimate();
    let verb = match effect.kind() {
        EffectKind::LiftConversion => "lift",
        EffectKind::RecoverLosses => "recover",
        EffectKind::GrowVolume => "volume +",
        EffectKind::GrowDealSize => "deal size +",
    };
    let sep = if verb.ends_with('+') { "" } else { " " };
    format!(
        "{verb}{sep}{}/{}/{} {}",
        number(e.low),
        number(e.likely),
        number(e.high),
        effect.kind().unit()
    )
}

/// An estimate figure without needless decimals: 5, 2.5.
fn number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// One idea of `rank --json`.
#[derive(Debug, Serialize)]
struct RankedJson<'a> {
    rank: usize,
    id: Id,
    title: &'a str,
    pair: Option<Id>,
    pair_members: Option<String>,
    /// Stage names of the step ("MQL → SAL"), or null for volume / deal size.
    step: Option<String>,
    step_index: Option<usize>,
    effect: &'static str,
    cause: Option<&'a str>,
    low: f64,
    likely: f64,
    high: f64,
    gain_low: f64,
    gain_likely: f64,
    gain_high: f64,
    gain_expected: f64,
    gain_annual: f64,
    gain_quarter: f64,
    gain_year: f64,
    per_effort: f64,
    delay_days: f64,
    effort_days: f64,
    lead_time_days: f64,
    votes: u32,
}

fn ranked_json<'a>(s: &'a Session, idea: &'a Idea, r: &model::RankedIdea) -> RankedJson<'a> {
    let e = idea.effect.estimate();
    let g = &r.gains;
    RankedJson {
        rank: r.rank,
        id: idea.id,
        title: &idea.title,
        pair: idea.pair,
        pair_members: idea.pair.map(|p| s.pair_label(p)),
        step: idea.effect.step().and_then(|k| s.step_label(k)),
        step_index: idea.effect.step(),
        effect: idea.effect.kind().key(),
        cause: match &idea.effect {
            Effect::RecoverLosses { cause, .. } => cause.as_deref(),
            _ => None,
        },
        low: e.low,
        likely: e.likely,
        high: e.high,
        gain_low: g.low,
        gain_likely: g.likely,
        gain_high: g.high,
        gain_expected: g.expected,
        gain_annual: g.annual,
        gain_quarter: g.quarter,
        gain_year: g.year,
        per_effort: g.per_effort,
        delay_days: g.delay_days,
        effort_days: idea.effort_days,
        lead_time_days: idea.lead_time_days,
        votes: s.votes_for(idea.id),
    }
}

/// `rank FILE --by B [--json]`.
pub fn rank(path: &Path, by: RankBy, json: bool) -> Result<Report, CliError> {
    let s = store::load(path)?;
    let ranked = model::rank(&s, by);
    if json {
        let rows: Vec<RankedJson> = ranked
            .iter()
            .map(|r| ranked_json(&s, &s.ideas[r.index], r))
            .collect();
        return Ok(Report::ok(safe::json(&rows)?));
    }
    let cur: &str = &escape(&s.currency);
    let mut out = header(&s);
    if ranked.is_empty() {
        out.push_str("No ideas yet: pairs add them in the app, or under ideas in the file.\n");
        return Ok(Report::ok(out));
    }
    out.push_str(&format!(
        "Ideas ranked by {}; amounts in {cur}\n\n",
        crate::format::ranked_by(by, s.period)
    ));
    let mut columns = vec![
        ("#", Align::Right),
        ("Idea", Align::Left),
        ("Step", Align::Left),
        ("Effect (low/likely/high)", Align::Left),
    ];
    let heads: Vec<String> = RANK_FIGURES.iter().map(|f| f.short(s.period)).collect();
    columns.extend(heads.iter().map(|h| (h.as_str(), Align::Right)));
    if by == RankBy::PerEffort {
        columns.push(("Run-rate/yr per effort day", Align::Right));
    }
    columns.push(("Votes", Align::Right));
    let mut t = Table::new(&columns);
    let m = |v: f64| money(v, "");
    for r in &ranked {
        let idea = &s.ideas[r.index];
        let g = &r.gains;
        let mut row = vec![
            r.rank.to_string(),
            cell(&idea.title, 40),
            idea.effect
                .step()
                .and_then(|k| s.step_label(k))
                .unwrap_or_else(|| "whole funnel".to_string()),
            effect_short(&idea.effect),
            m(g.low),
            m(g.likely),
            m(g.high),
            m(g.expected),
            m(g.annual),
            m(g.quarter),
            m(g.year),
        ];
        if by == RankBy::PerEffort {
            row.push(m(g.per_effort));
        }
        row.push(s.votes_for(idea.id).to_string());
        t.row(row);
    }
    out.push_str(&t.render());
    out.push_str(&legend(
        s.period,
        &[
            Figure::RunRate,
            Figure::Expected,
            Figure::RunRateYear,
            Figure::Next91Days,
            Figure::Next12Months,
        ],
    ));
    Ok(Report::ok(out))
}

#[derive(Debug, Serialize)]
struct SensitivityJson {
    step_index: usize,
    step: String,
    recover_10pct: f64,
    plus_1pt: f64,
}

/// The amounts of the rank table, in column order.
const RANK_FIGURES: [Figure; 7] = [
    Figure::Low,
    Figure::RunRate,
    Figure::High,
    Figure::Expected,
    Figure::RunRateYear,
    Figure::Next91Days,
    Figure::Next12Months,
];

/// `sensitivity FILE [--json]`: per step, largest first.
pub fn sensitivity(path: &Path, json: bool) -> Result<Report, CliError> {
    let s = store::load(path)?;
    let rows = model::sensitivity(&s);
    if json {
        let rows: Vec<SensitivityJson> = rows
            .iter()
            .map(|r| SensitivityJson {
                step_index: r.step,
                step: s
                    .step_label(r.step)
                    .unwrap_or_else(|| format!("step {}", r.step)),
                recover_10pct: r.recover_10pct,
                plus_1pt: r.plus_1pt,
            })
            .collect();
        return Ok(Report::ok(safe::json(&rows)?));
    }
    let cur: &str = &escape(&s.currency);
    let period = s.period.label();
    let mut out = header(&s);
    out.push_str(&format!(
        "Where the funnel leaks: gain per {period} of the same fix at each step, largest first\n\n"
    ));
    let mut t = Table::new(&[
        ("Step", Align::Left),
        (&Figure::Recover10.name(s.period), Align::Right),
        ("+1 point of conversion", Align::Right),
    ]);
    for r in &rows {
        t.row(vec![
            step_name(&s, r.step),
            money(r.recover_10pct, cur),
            money(r.plus_1pt, cur),
        ]);
    }
    out.push_str(&t.render());
    Ok(Report::ok(out))
}

#[derive(Debug, Serialize)]
struct PlanJson<'a> {
    ideas: Vec<PlanIdeaJson<'a>>,
    samples: u32,
    seed: u64,
    period: &'static str,
    p10: f64,
    p50: f64,
    p90: f64,
    mean: f64,
    together: f64,
    sum_alone: f64,
    annual_p50: f64,
}

#[derive(Debug, Serialize)]
struct PlanIdeaJson<'a> {
    id: Id,
    title: &'a str,
}

/// `plan FILE IDEA... [--samples N] [--seed S] [--json]`.
pub fn plan(
    path: &Path,
    names: &[String],
    samples: Option<u32>,
    seed: Option<u64>,
    json: bool,
) -> Result<Report, CliError> {
    let s = store::load(path)?;
    let named = names
        .iter()
        .map(|name| find_idea(&s, name))
        .collect::<Result<Vec<Id>, CliError>>()?;
    // An idea named twice (by id and by title, say), or listed twice in the
    // file's plan, is one idea of the plan.
    let chosen: Vec<&Idea> = if named.is_empty() {
        model::plan_ideas(&s)
    } else {
        model::distinct_ideas(&s, &named)
    };
    if chosen.is_empty() {
        return Err(CliError::Lookup(format!(
            "{} has no committed plan; name the ideas to simulate, e.g. `funnelcheck plan {} 1 3`",
            path.display(),
            path.display()
        )));
    }
    let ids: Vec<Id> = chosen.iter().map(|i| i.id).collect();
    // `simulate_plan` keeps the count within 1…1,000,000 and reports the
    // draws it made.
    let samples = samples.unwrap_or(s.plan.samples);
    let seed = seed.unwrap_or(s.plan.seed);
    let outcome = model::simulate_plan(&s, &ids, samples, seed);
    if json {
        let doc = PlanJson {
            ideas: chosen
                .iter()
                .map(|i| PlanIdeaJson {
                    id: i.id,
                    title: &i.title,
                })
                .collect(),
            samples: outcome.samples,
            seed: outcome.seed,
            period: s.period.label(),
            p10: outcome.p10,
            p50: outcome.p50,
            p90: outcome.p90,
            mean: outcome.mean,
            together: outcome.together,
            sum_alone: outcome.sum_alone,
            annual_p50: outcome.p50 * s.period.per_year(),
        };
        return Ok(Report::ok(safe::json(&doc)?));
    }
    let cur: &str = &escape(&s.currency);
    let period = s.period.label();
    let mut out = header(&s);
    out.push_str(&format!(
        "Plan of {} idea(s), {} draws, seed {}\n",
        chosen.len(),
        count(f64::from(outcome.samples)),
        outcome.seed
    ));
    for idea in &chosen {
        out.push_str(&format!("  {:>3}  {}\n", idea.id, escape(&idea.title)));
    }
    out.push('\n');
    let mut t = Table::new(&[
        ("", Align::Left),
        (&Figure::RunRate.name(s.period), Align::Right),
        (&Figure::RunRateYear.name(s.period), Align::Right),
    ]);
    let per_year = s.period.per_year();
    for (label, v) in [
        ("P10 (9 in 10 runs do better)", outcome.p10),
        ("P50 (median)", outcome.p50),
        ("P90 (1 in 10 runs does better)", outcome.p90),
        ("Mean", outcome.mean),
    ] {
        t.row(vec![
            label.to_string(),
            money(v, cur),
            money(v * per_year, cur),
        ]);
    }
    out.push_str(&t.render());
    let extra = outcome.together - outcome.sum_alone;
    let why = if extra >= 0.0 {
        format!(
            "{} more together: effects on one funnel multiply",
            money(extra, cur)
        )
    } else {
        format!(
            "{} less together: some ideas work on the same losses",
            money(-extra, cur)
        )
    };
    out.push_str(&format!(
        "\nTogether at their likely values: {} per {period}; each alone, added up: {} ({why})\n",
        money(outcome.together, cur),
        money(outcome.sum_alone, cur),
    ));
    let ids: Vec<Id> = chosen.iter().map(|i| i.id).collect();
    for (figure, days) in [
        (Figure::Next91Days, model::QUARTER_DAYS),
        (Figure::Next12Months, model::YEAR_DAYS),
    ] {
        out.push_str(&format!(
            "{}: {}\n",
            figure.name(s.period),
            money(model::plan_within_horizon(&s, &ids, days), cur)
        ));
    }
    out.push_str(&legend(
        s.period,
        &[Figure::RunRate, Figure::P50, Figure::Next91Days],
    ));
    Ok(Report::ok(out))
}
