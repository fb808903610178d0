//! `show FILE [--segment NAME] [--json]`: the funnel table of the whole
//! funnel or one segment, revenue, the biggest leak, the kinds of loss, and
//! for an imported funnel its segments, the one that leaks most and where
//! the counts came from. Figures from `crate::model`; laid out here.

use std::path::Path;

use serde::Serialize;

use super::reports::{header, legend, step_name};
use super::safe::{self, escape};
use super::table::cell;
use super::{Align, CliError, Report, Table};
use crate::format::{Figure, count, money, percent};
use crate::model::{self, Funnel};
use crate::session::{LossCategory, Period, Segment, Session};
use crate::store;

/// The segment `name` names: an exact name (ignoring case), else the one
/// name that contains it.
fn find_segment<'a>(s: &'a Session, name: &str) -> Result<&'a Segment, CliError> {
    let want = name.trim().to_lowercase();
    let names = || {
        s.segments
            .iter()
            .map(|g| format!("\n  {}", escape(&g.name)))
            .collect::<String>()
    };
    if s.segments.is_empty() {
        return Err(CliError::Lookup(
            "this session has no segments: import a CRM export with --segment COLUMN to split the funnel".to_string(),
        ));
    }
    if let Some(g) = s.segments.iter().find(|g| g.name.to_lowercase() == want) {
        return Ok(g);
    }
    let hits: Vec<&Segment> = s
        .segments
        .iter()
        .filter(|g| g.name.to_lowercase().contains(&want))
        .collect();
    match hits.as_slice() {
        [one] => Ok(one),
        [] => Err(CliError::Lookup(format!(
            "no segment is called \"{}\"; the segments are:{}",
            escape(name),
            names()
        ))),
        _ => Err(CliError::Lookup(format!(
            "\"{}\" matches {} segments; name one exactly:{}",
            escape(name),
            hits.len(),
            names()
        ))),
    }
}

#[derive(Serialize)]
struct StageJson<'a> {
    name: &'a str,
    team: &'static str,
    count: u64,
    days: f64,
    /// Differs from what the last import wrote.
    edited_by_hand: bool,
}

#[derive(Serialize)]
struct StepJson {
    step: usize,
    label: String,
    conversion: f64,
    lost: f64,
    lost_share: f64,
    value_lost_ceiling: f64,
    recover_10pct: f64,
    controllable: f64,
}

#[derive(Serialize)]
struct SegmentJson<'a> {
    name: &'a str,
    won: f64,
    deal_size: f64,
    revenue_per_period: f64,
    value_lost_ceiling: f64,
}

#[derive(Serialize)]
struct ShowJson<'a> {
    title: &'a str,
    segment: Option<&'a str>,
    period: &'static str,
    currency: &'a str,
    deal_size: f64,
    won: f64,
    revenue_per_period: f64,
    stages: Vec<StageJson<'a>>,
    steps: Vec<StepJson>,
    biggest_leak: Option<usize>,
    /// Share of the prospects lost, per kind of loss (no_decision, competitor…).
    loss_kinds: std::collections::BTreeMap<&'static str, f64>,
    segments: Vec<SegmentJson<'a>>,
    leakiest_segment: Option<model::Leakiest>,
    import: Option<ImportJson<'a>>,
}

#[derive(Serialize)]
struct ImportJson<'a> {
    file: &'a str,
    mode: &'static str,
    from: Option<String>,
    to: Option<String>,
}

/// `show FILE [--segment NAME] [--json]`: the funnel table, revenue and
/// the biggest leak, of the whole funnel or one segment.
pub fn show(path: &Path, segment: Option<&str>, json: bool) -> Result<Report, CliError> {
    let whole = store::load(path)?;
    let seg = segment.map(|n| find_segment(&whole, n)).transpose()?;
    let s = match seg {
        Some(g) => model::segment_session(&whole, g),
        None => whole.clone(),
    };
    if json {
        return show_json(&whole, &s, seg);
    }
    let cur: &str = &escape(&s.currency);
    let period = s.period.label();
    let figures = model::step_figures(&s);
    let funnel = Funnel::of(&s);
    let revenue = funnel.revenue();

    let mut out = header(&s);
    out.push_str(&format!(
        "Counts per {period}, average deal size {}\n\n",
        money(s.deal_size, cur)
    ));
    let mut t = Table::new(&[
        ("Stage", Align::Left),
        ("Team", Align::Left),
        ("Count", Align::Right),
        ("Conversion", Align::Right),
        ("Lost", Align::Right),
        (&Figure::ValueLostCeiling.name(s.period), Align::Right),
        (&Figure::Recover10.short(s.period), Align::Right),
        (&Figure::Controllable.short(s.period), Align::Right),
    ]);
    let recover: Vec<f64> = {
        let mut by_step = vec![0.0; figures.len()];
        for x in model::sensitivity(&s) {
            if let Some(v) = by_step.get_mut(x.step) {
                *v = x.recover_10pct;
            }
        }
        by_step
    };
    let control = model::step_control(&s);
    for (k, stage) in s.stages.iter().enumerate() {
        let mut row = vec![
            stage.name.clone(),
            stage.team.label().to_string(),
            count(stage.count as f64),
        ];
        if let Some(f) = figures.get(k) {
            row.extend([
                percent(f.conversion),
                count(f.lost),
                money(f.value_lost, cur),
                money(recover.get(k).copied().unwrap_or(0.0), cur),
                money(control.get(k).map_or(0.0, |c| c.controllable), cur),
            ]);
        }
        t.row(row);
    }
    out.push_str(&t.render());
    out.push_str("Conversion, lost and the amounts are for the step down to the next stage.\n");
    out.push_str(&legend(
        s.period,
        &[
            Figure::ValueLostCeiling,
            Figure::Recover10,
            Figure::Controllable,
        ],
    ));
    out.push('\n');
    out.push_str(&format!(
        "Revenue per {period}: {} ({} won × {})\n",
        money(revenue, cur),
        count(funnel.won()),
        money(s.deal_size, cur)
    ));
    if s.period != Period::Year {
        out.push_str(&format!(
            "Revenue per year: {}\n",
            money(revenue * s.period.per_year(), cur)
        ));
    }
    match model::biggest_leak(&figures) {
        Some(f) => out.push_str(&format!(
            "Biggest leak: {} loses {} prospects a {period}: ceiling {}, recover 10 % {}, controllable {}\n",
            step_name(&s, f.step),
            count(f.lost),
            money(f.value_lost, cur),
            money(recover.get(f.step).copied().unwrap_or(0.0), cur),
            money(control.get(f.step).map_or(0.0, |c| c.controllable), cur),
        )),
        None => out.push_str("Biggest leak: none, no step loses anything\n"),
    }
    out.push_str(&kinds_line(&s));
    if let Some(g) = seg {
        out.insert_str(0, &format!("Segment: {}\n", escape(&g.name)));
    } else {
        out.push_str(&segments_text(&whole));
    }
    if let Some(info) = &whole.import {
        let edited = info.edited_by_hand(&whole.stages, whole.deal_size);
        out.push_str(&format!(
            "Counts imported from {} ({}{}){}\n",
            escape(&info.file),
            info.mode.words(),
            match (info.from, info.to) {
                (Some(f), Some(t)) => format!(", {f} to {t}"),
                _ => String::new(),
            },
            if edited.is_empty() {
                String::new()
            } else {
                format!("; edited by hand since: {}", escape(&edited.join(", ")))
            }
        ));
    }
    Ok(Report::ok(out))
}

/// "Lost by kind: no decision 37.1 %, competitor 34.3 %, …": no decision
/// and competitor always named, side by side.
fn kinds_line(s: &Session) -> String {
    let kinds = model::kind_shares(s, None);
    if kinds.lost <= 0.0 {
        return String::new();
    }
    let parts: Vec<String> = kinds
        .shares
        .iter()
        .filter(|(k, v)| {
            *v > 0.0 || matches!(k, LossCategory::NoDecision | LossCategory::Competitor)
        })
        .map(|(k, v)| format!("{} {}", k.label(), percent(*v)))
        .collect();
    format!("Lost by kind: {}\n", parts.join(", "))
}

/// The segments of an imported funnel, and the one that leaks most.
fn segments_text(s: &Session) -> String {
    if s.segments.is_empty() {
        return String::new();
    }
    let cur: &str = &escape(&s.currency);
    let rows = model::segment_rows(s);
    let mut t = Table::new(&[
        ("Segment", Align::Left),
        ("Top", Align::Right),
        ("Won", Align::Right),
        ("Deal size", Align::Right),
        (&Figure::Revenue.name(s.period), Align::Right),
        (&Figure::ValueLostCeiling.name(s.period), Align::Right),
    ]);
    for (g, r) in s.segments.iter().zip(&rows) {
        t.row(vec![
            cell(&g.name, 32),
            count(g.counts.first().copied().unwrap_or(0) as f64),
            count(r.won),
            money(r.deal_size, cur),
            money(r.revenue, cur),
            money(r.value_lost, cur),
        ]);
    }
    let mut out = format!("\nSegments ({})\n", s.segments.len());
    out.push_str(&t.render());
    if let Some(top) = model::leakiest(&rows) {
        out.push_str(&format!(
            "Leaks most: {} ({} of the segments' value lost, {} a {})\n",
            escape(&top.name),
            percent(top.share),
            money(top.value_lost, cur),
            s.period.label()
        ));
    }
    out.push_str(
        "Each segment is a funnel of its own; value lost does not add up across segments (each is valued at its own rates).\n",
    );
    out
}

fn show_json(whole: &Session, s: &Session, seg: Option<&Segment>) -> Result<Report, CliError> {
    let figures = model::step_figures(s);
    let funnel = Funnel::of(s);
    let sens = model::sensitivity(s);
    let control = model::step_control(s);
    let rows = model::segment_rows(whole);
    let kinds = model::kind_shares(s, None);
    let j = ShowJson {
        title: &whole.title,
        segment: seg.map(|g| g.name.as_str()),
        period: s.period.label(),
        currency: &s.currency,
        deal_size: s.deal_size,
        won: funnel.won(),
        revenue_per_period: funnel.revenue(),
        stages: s
            .stages
            .iter()
            .enumerate()
            .map(|(k, st)| StageJson {
                name: &st.name,
                team: st.team.label(),
                count: st.count,
                days: st.days,
                edited_by_hand: seg.is_none()
                    && whole
                        .import
                        .as_ref()
                        .is_some_and(|i| i.count_edited(k, st.count)),
            })
            .collect(),
        steps: figures
            .iter()
            .map(|f| StepJson {
                step: f.step,
                label: s.step_label(f.step).unwrap_or_default(),
                conversion: f.conversion,
                lost: f.lost,
                lost_share: f.lost_share,
                value_lost_ceiling: f.value_lost,
                recover_10pct: sens
                    .iter()
                    .find(|x| x.step == f.step)
                    .map_or(0.0, |x| x.recover_10pct),
                controllable: control.get(f.step).map_or(0.0, |c| c.controllable),
            })
            .collect(),
        biggest_leak: model::biggest_leak(&figures).map(|f| f.step),
        loss_kinds: kinds.shares.iter().map(|(k, v)| (k.key(), *v)).collect(),
        segments: whole
            .segments
            .iter()
            .zip(&rows)
            .map(|(g, r)| SegmentJson {
                name: &g.name,
                won: r.won,
                deal_size: r.deal_size,
                revenue_per_period: r.revenue,
                value_lost_ceiling: r.value_lost,
            })
            .collect(),
        leakiest_segment: model::leakiest(&rows),
        import: whole.import.as_ref().map(|i| ImportJson {
            file: &i.file,
            mode: i.mode.label(),
            from: i.from.map(|d| d.to_string()),
            to: i.to.map(|d| d.to_string()),
        }),
    };
    Ok(Report::ok(safe::json(&j)?))
}
