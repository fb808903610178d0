//! The check-in part of a [`super::Report`] (docs/MODEL-additions.md §8a):
//! last time's plan, predicted against observed, the room's calibration,
//! KPIs met or missed, the actions carried over, and the funnel now against
//! last time. Figures come from `model::review` once; every wording from
//! `crate::format`; this file lays them out for Markdown, HTML and CSV.

use std::fmt::Write;

use chrono::NaiveDate;
use serde::Serialize;

use super::html::{line, or_dash};
use super::report::Report;
use super::text::{Align, MdTable, date_or_dash, fold, md_inline};
use crate::format;
use crate::model::{self, ChangeUnit, IdeaCheck, Judgement, Review};
use crate::session::{Previous, Session, Status};

/// An action carried over from last time, as the check-in left it.
#[derive(Debug, Clone, Serialize)]
pub struct CarriedRow {
    pub title: String,
    pub owner: String,
    pub due: Option<NaiveDate>,
    pub status: Status,
    pub note: String,
}

/// Everything the check-in shows.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewPart {
    pub previous: Option<Previous>,
    #[serde(flatten)]
    pub figures: Review,
    pub carried: Vec<CarriedRow>,
}

impl ReviewPart {
    /// `None` for a session that follows nothing up.
    pub fn build(s: &Session) -> Option<ReviewPart> {
        Some(ReviewPart {
            previous: s.previous.clone(),
            figures: model::review(s)?,
            carried: s
                .actions
                .iter()
                .filter(|a| a.carried)
                .map(|a| CarriedRow {
                    title: a.title.clone(),
                    owner: a.owner.clone(),
                    due: a.due,
                    status: a.status,
                    note: a.note.clone(),
                })
                .collect(),
        })
    }
}

fn actions_sentence(r: &Review) -> String {
    let t = r.actions;
    format!(
        "Kept {} of {} (done {}, partly {}); not done {}; dropped {}; not reviewed yet {}.",
        t.kept(),
        t.total(),
        t.done,
        t.partly,
        t.not_done,
        t.dropped,
        t.open
    )
}

fn opening(r: &Report, part: &ReviewPart) -> Vec<String> {
    let f = &part.figures;
    let mut lines = Vec::new();
    if let Some(p) = &part.previous {
        lines.push(format!(
            "Follows up “{}” of {}.",
            fold(&p.title),
            p.date.format("%Y-%m-%d")
        ));
    }
    if f.counts_in {
        lines.push(format!(
            "{}: {} last time, {} now.",
            r.name(format::Figure::Revenue),
            r.money(f.revenue_then),
            r.money(f.revenue_now)
        ));
    } else {
        lines
            .push("This period's counts are not in yet, so nothing could be compared.".to_string());
    }
    lines.push(format!(
        "Calibration: {}.",
        format::calibration(&f.calibration)
    ));
    lines
}

// --------------------------------------------------------------- markdown

pub fn markdown(r: &Report, out: &mut String) {
    let Some(part) = &r.review else {
        return;
    };
    let f = &part.figures;
    out.push_str("## Check-in: did last time's plan deliver?\n\n");
    for l in opening(r, part) {
        let _ = writeln!(out, "{}  ", md_inline(&l));
    }
    out.push('\n');

    out.push_str("### Predicted against observed\n\n");
    if f.ideas.is_empty() {
        out.push_str("Last time's plan had no ideas.\n\n");
    } else {
        let mut t = MdTable::new(&[
            ("Idea", Align::Left),
            ("Acts on", Align::Left),
            ("Predicted low / likely / high", Align::Right),
            ("Observed", Align::Right),
            ("Verdict", Align::Left),
        ]);
        for i in &f.ideas {
            t.row(vec![
                md_inline(&i.title),
                md_inline(&i.acts_on),
                format::change_range(&i.predicted, i.unit),
                i.observed
                    .map_or_else(|| "—".to_string(), |o| format::change(o, i.unit)),
                format::verdict_cell(&i.judgement, true),
            ]);
        }
        t.write(out);
        for i in f
            .ideas
            .iter()
            .filter(|i| !matches!(i.judgement, Judgement::Judged { .. }))
        {
            let _ = writeln!(
                out,
                "\n- **{}:** {}",
                md_inline(&i.title),
                md_inline(&format::judgement(i, &f.ideas))
            );
        }
        out.push('\n');
    }

    if !f.kpis.is_empty() {
        out.push_str("### KPIs at the check-in\n\n");
        let mut t = MdTable::new(&[
            ("KPI", Align::Left),
            ("Kind", Align::Left),
            ("Then", Align::Right),
            ("Target", Align::Right),
            ("Actual", Align::Right),
            ("Verdict", Align::Left),
        ]);
        let s = r.session;
        let show = |k: &model::KpiCheck, v: Option<f64>| {
            v.map_or_else(
                || "—".to_string(),
                |v| md_inline(&format::kpi_value(v, &k.unit, &s.currency, s.period)),
            )
        };
        for k in &f.kpis {
            t.row(vec![
                md_inline(&k.name),
                k.kind.label().to_string(),
                show(k, k.baseline_then),
                show(k, k.target),
                show(k, k.actual),
                md_inline(&format::kpi_verdict(k, &s.currency, s.period)),
            ]);
        }
        t.write(out);
        out.push('\n');
    }

    if !part.carried.is_empty() {
        out.push_str("### Actions carried over\n\n");
        let _ = writeln!(out, "{}\n", actions_sentence(f));
        let mut t = MdTable::new(&[
            ("Action", Align::Left),
            ("Owner", Align::Left),
            ("Due", Align::Left),
            ("Status", Align::Left),
            ("Note", Align::Left),
        ]);
        for a in &part.carried {
            t.row(vec![
                md_inline(&a.title),
                dash_md(&a.owner),
                date_or_dash(a.due),
                a.status.label().to_string(),
                dash_md(&a.note),
            ]);
        }
        t.write(out);
        out.push('\n');
    }

    let _ = writeln!(
        out,
        "### The funnel now against last time (per {})\n",
        r.period_label()
    );
    let mut t = MdTable::new(&[
        ("Step", Align::Left),
        ("Conversion then", Align::Right),
        ("Conversion now", Align::Right),
        ("Change", Align::Right),
        ("Value lost then", Align::Right),
        ("Value lost now", Align::Right),
        ("Change", Align::Right),
    ]);
    for st in &f.steps {
        let cells = format::step_change_cells(st, &r.currency);
        let mut row = vec![md_inline(&st.label)];
        row.extend(cells);
        t.row(row);
    }
    t.write(out);
    if !f.gone.is_empty() {
        let _ = writeln!(
            out,
            "\nLast time's steps not in this funnel (stages are matched by name): {}.",
            f.gone
                .iter()
                .map(|g| md_inline(g))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    out.push('\n');
}

fn dash_md(text: &str) -> String {
    if fold(text).is_empty() {
        "—".to_string()
    } else {
        md_inline(text)
    }
}

// ------------------------------------------------------------------- html

/// The room's range (low…high, likely marked) and the change seen, on one
/// small axis per idea that always shows 0.
fn verdict_svg(i: &IdeaCheck, out: &mut String) {
    let (range, verdict) = match &i.judgement {
        Judgement::Shared {
            combined, verdict, ..
        } => (*combined, Some(*verdict)),
        Judgement::Judged { verdict } => (i.predicted, Some(*verdict)),
        Judgement::Unjudged { .. } => (i.predicted, None),
    };
    let seen = i.observed.unwrap_or(0.0);
    let lo = range.low.min(seen).min(0.0);
    let hi = range.high.max(seen).max(0.0);
    let span = if hi - lo > 0.0 { hi - lo } else { 1.0 };
    let x = |v: f64| 4.0 + (v - lo) / span * 152.0;
    let class = match verdict {
        Some(model::Verdict::Inside) => "dot-in",
        Some(_) => "dot-out",
        None => "dot-none",
    };
    let title = format!(
        "{}: predicted {}, observed {}",
        i.title,
        format::change_range(&range, i.unit),
        i.observed
            .map_or_else(|| "not yet".to_string(), |o| format::change(o, i.unit))
    );
    let _ = write!(
        out,
        "<svg viewBox=\"0 0 160 18\" role=\"img\" aria-label=\"{t}\" xmlns=\"http://www.w3.org/2000/svg\"><title>{t}</title>\
         <line class=\"grid\" x1=\"4\" y1=\"9\" x2=\"156\" y2=\"9\"/>\
         <line class=\"axis\" x1=\"{z:.1}\" y1=\"2\" x2=\"{z:.1}\" y2=\"16\"/>\
         <rect class=\"bar-soft\" x=\"{l:.1}\" y=\"5\" width=\"{w:.1}\" height=\"8\"/>\
         <rect class=\"bar\" x=\"{m:.1}\" y=\"3\" width=\"2\" height=\"12\"/>",
        t = line(&title),
        z = x(0.0),
        l = x(range.low),
        w = (x(range.high) - x(range.low)).max(1.0),
        m = x(range.likely) - 1.0,
    );
    if i.observed.is_some() {
        let _ = write!(
            out,
            "<circle class=\"{class}\" cx=\"{:.1}\" cy=\"9\" r=\"4\"/>",
            x(seen)
        );
    }
    out.push_str("</svg>");
}

pub fn html(r: &Report, out: &mut String) {
    let Some(part) = &r.review else {
        return;
    };
    let f = &part.figures;
    out.push_str(
        "<section class=\"chapter\" aria-labelledby=\"h-review\">\n<h2 id=\"h-review\">Check-in: did last time's plan deliver?</h2>\n",
    );
    for l in opening(r, part) {
        let _ = writeln!(out, "<p class=\"lede\">{}</p>", line(&l));
    }
    if !f.ideas.is_empty() {
        out.push_str(
            "<h3>Predicted against observed</h3>\n\
             <p class=\"note\">The bar is the room's range (low to high, likely marked); the dot is the change seen; the vertical line is no change.</p>\n\
             <table class=\"review\">\n<thead><tr><th scope=\"col\">Idea</th><th scope=\"col\">Acts on</th>\
             <th scope=\"col\">Predicted low / likely / high</th><th scope=\"col\">Observed</th><th scope=\"col\">Range and change</th><th scope=\"col\">Verdict</th></tr></thead>\n<tbody>\n",
        );
        for i in &f.ideas {
            let _ = write!(
                out,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>",
                line(&i.title),
                line(&i.acts_on),
                line(&format::change_range(&i.predicted, i.unit)),
                i.observed
                    .map_or_else(|| "—".to_string(), |o| line(&format::change(o, i.unit)))
            );
            verdict_svg(i, out);
            let _ = write!(
                out,
                "</td><td>{}",
                line(&format::verdict_cell(&i.judgement, true))
            );
            if !matches!(i.judgement, Judgement::Judged { .. }) {
                let _ = write!(
                    out,
                    "<span class=\"note\">{}</span>",
                    line(&format::judgement(i, &f.ideas))
                );
            }
            out.push_str("</td></tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
    }
    if !f.kpis.is_empty() {
        let s = r.session;
        out.push_str(
            "<h3>KPIs at the check-in</h3>\n<table class=\"kpis\">\n<thead><tr><th scope=\"col\">KPI</th><th scope=\"col\">Kind</th>\
             <th scope=\"col\">Then</th><th scope=\"col\">Target</th><th scope=\"col\">Actual</th><th scope=\"col\">Verdict</th></tr></thead>\n<tbody>\n",
        );
        let show = |k: &model::KpiCheck, v: Option<f64>| {
            v.map_or_else(
                || "—".to_string(),
                |v| line(&format::kpi_value(v, &k.unit, &s.currency, s.period)),
            )
        };
        for k in &f.kpis {
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\">{}</th><td><span class=\"tag\">{}</span></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                line(&k.name),
                k.kind.label(),
                show(k, k.baseline_then),
                show(k, k.target),
                show(k, k.actual),
                line(&format::kpi_verdict(k, &s.currency, s.period))
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    if !part.carried.is_empty() {
        let _ = writeln!(
            out,
            "<h3>Actions carried over</h3>\n<p>{}</p>\n<table class=\"actions\">\n<thead><tr><th scope=\"col\">Action</th><th scope=\"col\">Owner</th>\
             <th scope=\"col\">Due</th><th scope=\"col\">Status</th><th scope=\"col\">Note</th></tr></thead>\n<tbody>",
            line(&actions_sentence(f))
        );
        for a in &part.carried {
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                line(&a.title),
                or_dash(&a.owner),
                date_or_dash(a.due),
                a.status.label(),
                or_dash(&a.note)
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    let _ = writeln!(
        out,
        "<h3>The funnel now against last time (per {})</h3>\n<table class=\"steps\">\n<thead><tr><th scope=\"col\">Step</th>\
         <th scope=\"col\">Conversion then</th><th scope=\"col\">Conversion now</th><th scope=\"col\">Change</th>\
         <th scope=\"col\">Value lost then</th><th scope=\"col\">Value lost now</th><th scope=\"col\">Change</th></tr></thead>\n<tbody>",
        r.period_label()
    );
    for st in &f.steps {
        let _ = write!(out, "<tr><th scope=\"row\">{}</th>", line(&st.label));
        for c in format::step_change_cells(st, &r.currency) {
            let _ = write!(out, "<td class=\"n\">{}</td>", line(&c));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    if !f.gone.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"note\">Last time's steps not in this funnel (stages are matched by name): {}.</p>",
            f.gone
                .iter()
                .map(|g| line(g))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    out.push_str("</section>\n");
}

// -------------------------------------------------------------------- csv

pub const REVIEW_HEADER: [&str; 14] = [
    "idea_id",
    "idea",
    "effect",
    "acts_on",
    "unit",
    "predicted_low",
    "predicted_likely",
    "predicted_high",
    "observed",
    "verdict",
    "shared_with",
    "combined_low",
    "combined_high",
    "why",
];

pub const REVIEW_STEPS_HEADER: [&str; 9] = [
    "step",
    "conversion_then",
    "conversion_now",
    "change_points",
    "value_lost_then",
    "value_lost_now",
    "value_lost_change",
    "then_found",
    "counts_in",
];

/// One row per plan idea: the figures in the unit the `unit` column names
/// (points or percent), verdict as a key.
pub(super) fn csv_rows(part: &ReviewPart) -> Vec<Vec<CsvCell>> {
    let pct = |v: f64| v * 100.0;
    part.figures
        .ideas
        .iter()
        .map(|i| {
            let (verdict, with, combined, why) = match &i.judgement {
                Judgement::Judged { verdict } => {
                    (verdict.key().to_string(), Vec::new(), None, None)
                }
                Judgement::Shared {
                    with,
                    combined,
                    verdict,
                } => (
                    format!("shared: {}", verdict.key()),
                    with.clone(),
                    Some(*combined),
                    None,
                ),
                Judgement::Unjudged { why } => {
                    ("none".to_string(), Vec::new(), None, Some(why.clone()))
                }
            };
            vec![
                CsvCell::Num(Some(f64::from(i.id))),
                CsvCell::Text(i.title.clone()),
                CsvCell::Text(i.kind.key().to_string()),
                CsvCell::Text(i.acts_on.clone()),
                CsvCell::Text(
                    match i.unit {
                        ChangeUnit::Points => "points",
                        ChangeUnit::Percent => "percent",
                    }
                    .to_string(),
                ),
                CsvCell::Num(Some(pct(i.predicted.low))),
                CsvCell::Num(Some(pct(i.predicted.likely))),
                CsvCell::Num(Some(pct(i.predicted.high))),
                CsvCell::Num(i.observed.map(pct)),
                CsvCell::Text(verdict),
                CsvCell::Text(
                    with.iter()
                        .map(|id| id.to_string())
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
                CsvCell::Num(combined.map(|c| pct(c.low))),
                CsvCell::Num(combined.map(|c| pct(c.high))),
                CsvCell::Text(why.unwrap_or_default()),
            ]
        })
        .collect()
}

pub(super) fn csv_step_rows(part: &ReviewPart) -> Vec<Vec<CsvCell>> {
    let f = &part.figures;
    f.steps
        .iter()
        .map(|st| {
            vec![
                CsvCell::Text(st.label.clone()),
                CsvCell::Num(st.then.map(|t| t.conversion * 100.0)),
                CsvCell::Num(st.now.map(|n| n.conversion * 100.0)),
                CsvCell::Num(st.points()),
                CsvCell::Money(st.then.map(|t| t.value_lost)),
                CsvCell::Money(st.now.map(|n| n.value_lost)),
                CsvCell::Money(st.value_lost_change()),
                CsvCell::Text(st.then.is_some().to_string()),
                CsvCell::Text(f.counts_in.to_string()),
            ]
        })
        .collect()
}

/// A cell for the CSV writer, which applies its own number and
/// neutralising rules.
pub(super) enum CsvCell {
    Text(String),
    Num(Option<f64>),
    Money(Option<f64>),
}
