//! The segments part of a [`super::Report`] (MODEL.md §9,
//! docs/MODEL-additions.md §9a): where the counts came from, each segment
//! as a funnel of its own, the segment that leaks most value, the kinds of
//! loss (no decision and competitor side by side, never added together)
//! and per step the reason × segment table. Figures come from
//! `model::segments` once; this file lays them out for Markdown, HTML and
//! CSV.

use std::fmt::Write;

use chrono::NaiveDate;
use serde::Serialize;

use super::html::{clip, line};
use super::report::{Report, step_label};
use super::review::CsvCell;
use super::text::{Align, MdTable, fold, md_inline};
use crate::format::{Figure, count, percent};
use crate::model::{self, KindShares, Leakiest, ReasonGrid};
use crate::session::{LossCategory, Session};

/// Where the counts came from: the session's last CRM import.
#[derive(Debug, Clone, Serialize)]
pub struct SourceRow {
    /// The export's file name.
    pub file: String,
    /// `flow` or `cohort`.
    pub mode: &'static str,
    /// What the mode counts, in words.
    pub mode_words: &'static str,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub rows_used: u64,
    /// Figures that differ from what the import wrote: "MQL count", "SAL
    /// days", "deal size".
    pub edited_by_hand: Vec<String>,
}

/// One segment's headline figures, in the money vocabulary.
#[derive(Debug, Clone, Serialize)]
pub struct SegmentFigures {
    pub name: String,
    /// Prospects at the top of the segment's funnel.
    pub top_count: u64,
    pub won: f64,
    pub deal_size: f64,
    pub revenue_per_period: f64,
    /// `Σ_k V_{s,k}`, valued at the segment's own rates.
    pub value_lost_ceiling: f64,
    /// Its fraction of all segments' value lost (0 when none is lost).
    pub value_lost_share: f64,
}

/// The kinds of loss as fractions of the prospects lost. No decision and
/// competitor are separate fields: they are never added together.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LossKinds {
    /// Prospects lost that the shares are of.
    pub lost: f64,
    pub no_decision: f64,
    pub competitor: f64,
    pub price_or_value: f64,
    pub timing: f64,
    pub bad_fit: f64,
    pub unknown: f64,
}

impl LossKinds {
    fn from_model(k: &KindShares) -> LossKinds {
        LossKinds {
            lost: k.lost,
            no_decision: k.of(LossCategory::NoDecision),
            competitor: k.of(LossCategory::Competitor),
            price_or_value: k.of(LossCategory::PriceValue),
            timing: k.of(LossCategory::Timing),
            bad_fit: k.of(LossCategory::BadFit),
            unknown: k.of(LossCategory::Unknown),
        }
    }

    /// The shares in [`LossCategory::ALL`] order.
    pub fn shares(&self) -> [(LossCategory, f64); 6] {
        [
            (LossCategory::NoDecision, self.no_decision),
            (LossCategory::Competitor, self.competitor),
            (LossCategory::PriceValue, self.price_or_value),
            (LossCategory::Timing, self.timing),
            (LossCategory::BadFit, self.bad_fit),
            (LossCategory::Unknown, self.unknown),
        ]
    }
}

/// One step: its kinds of loss and why each segment lost prospects there.
#[derive(Debug, Clone, Serialize)]
pub struct StepSegments {
    pub step: usize,
    pub label: String,
    pub loss_kinds: LossKinds,
    /// `None` when no segment has lost records at the step.
    pub reasons: Option<ReasonGrid>,
}

/// Everything the segments part shows.
#[derive(Debug, Clone, Serialize)]
pub struct SegmentsPart {
    /// `None` when the segments were not imported (typed or converted).
    pub source: Option<SourceRow>,
    pub segments: Vec<SegmentFigures>,
    pub leakiest: Option<Leakiest>,
    /// The whole funnel, weighted by the prospects each step loses.
    pub loss_kinds: LossKinds,
    pub steps: Vec<StepSegments>,
}

impl SegmentsPart {
    /// `None` for a session with neither segments nor an import.
    pub fn build(s: &Session) -> Option<SegmentsPart> {
        if s.segments.is_empty() && s.import.is_none() {
            return None;
        }
        let rows = model::segment_rows(s);
        let total: f64 = rows.iter().map(|r| r.value_lost).sum();
        let segments = s
            .segments
            .iter()
            .zip(&rows)
            .map(|(g, r)| SegmentFigures {
                name: g.name.clone(),
                top_count: g.counts.first().copied().unwrap_or(0),
                won: r.won,
                deal_size: r.deal_size,
                revenue_per_period: r.revenue,
                value_lost_ceiling: r.value_lost,
                value_lost_share: if total > 0.0 {
                    r.value_lost / total
                } else {
                    0.0
                },
            })
            .collect();
        let source = s.import.as_ref().map(|i| SourceRow {
            file: i.file.clone(),
            mode: i.mode.label(),
            mode_words: i.mode.words(),
            from: i.from,
            to: i.to,
            rows_used: i.rows_used,
            edited_by_hand: i.edited_by_hand(&s.stages, s.deal_size),
        });
        let steps = (0..s.step_count())
            .map(|k| StepSegments {
                step: k,
                label: step_label(s, k),
                loss_kinds: LossKinds::from_model(&model::kind_shares(s, Some(k))),
                reasons: model::reason_grid(s, k),
            })
            .collect();
        Some(SegmentsPart {
            source,
            segments,
            leakiest: model::leakiest(&rows),
            loss_kinds: LossKinds::from_model(&model::kind_shares(s, None)),
            steps,
        })
    }
}

/// "Counts imported from crm.csv, flow: …, 2026-08-25 to 2026-11-23,
/// 3,812 rows used." and the hand edits since: plain text, escaped by
/// the caller.
fn source_lines(src: &SourceRow) -> Vec<String> {
    let period = match (src.from, src.to) {
        (Some(f), Some(t)) => format!("{f} to {t}"),
        (Some(f), None) => format!("from {f}"),
        (None, Some(t)) => format!("up to {t}"),
        (None, None) => "all dates".to_string(),
    };
    let mut lines = vec![format!(
        "Counts imported from “{}” ({}), {period}, {} rows used.",
        fold(&src.file),
        src.mode_words,
        count(src.rows_used as f64)
    )];
    lines.push(if src.edited_by_hand.is_empty() {
        "No figure was edited by hand since the import.".to_string()
    } else {
        format!(
            "Edited by hand since the import: {}.",
            src.edited_by_hand
                .iter()
                .map(|n| fold(n))
                .collect::<Vec<_>>()
                .join(", ")
        )
    });
    lines
}

fn leak_line(r: &Report, top: &Leakiest) -> String {
    format!(
        "Leaks most value: {}, {} of the segments' value lost ({} a {}).",
        fold(&top.name),
        percent(top.share),
        r.money(top.value_lost),
        r.period_label()
    )
}

const SEPARATE: &str = "No decision (the buyer stayed with the status quo) and lost to a competitor are different losses with different fixes: they are shown side by side, never added together.";

const NOT_ADDED: &str = "Each segment is a funnel of its own, valued at its own rates: value lost does not add up across segments to the whole funnel's.";

/// The cell of a reason × segment table: "12 (40.0 %)".
fn grid_cell(c: &model::GridCell) -> String {
    format!("{} ({})", count(c.count as f64), percent(c.share))
}

fn kind_headers() -> Vec<(&'static str, Align)> {
    LossCategory::ALL
        .iter()
        .map(|k| (kind_heading(*k), Align::Right))
        .collect()
}

fn kind_heading(k: LossCategory) -> &'static str {
    match k {
        LossCategory::NoDecision => "No decision",
        LossCategory::Competitor => "Competitor",
        LossCategory::PriceValue => "Price or value",
        LossCategory::Timing => "Timing",
        LossCategory::BadFit => "Bad fit",
        LossCategory::Unknown => "Unknown",
    }
}

// --------------------------------------------------------------- markdown

pub fn markdown(r: &Report, out: &mut String) {
    let Some(part) = &r.segments else {
        return;
    };
    out.push_str("## Segments: where each one leaks\n\n");
    if let Some(src) = &part.source {
        for l in source_lines(src) {
            let _ = writeln!(out, "{}  ", md_inline(&l));
        }
        out.push('\n');
    }
    if part.segments.is_empty() {
        out.push_str("The import named no segment column, so the funnel is not split.\n\n");
    } else {
        let revenue = r.name(Figure::Revenue);
        let lost = r.name(Figure::ValueLostCeiling);
        let mut t = MdTable::new(&[
            ("Segment", Align::Left),
            ("Top count", Align::Right),
            ("Won", Align::Right),
            ("Deal size", Align::Right),
            (revenue.as_str(), Align::Right),
            (lost.as_str(), Align::Right),
            ("Share of value lost", Align::Right),
        ]);
        for g in &part.segments {
            let mut name = md_inline(&g.name);
            if part.leakiest.as_ref().is_some_and(|l| l.name == g.name) {
                name.push_str(" **(leaks most)**");
            }
            t.row(vec![
                name,
                count(g.top_count as f64),
                count(g.won),
                md_inline(&r.money(g.deal_size)),
                md_inline(&r.money(g.revenue_per_period)),
                md_inline(&r.money(g.value_lost_ceiling)),
                percent(g.value_lost_share),
            ]);
        }
        t.write(out);
        out.push('\n');
        if let Some(top) = &part.leakiest {
            let _ = writeln!(out, "**{}**\n", md_inline(&leak_line(r, top)));
        }
        let _ = writeln!(out, "{NOT_ADDED}\n");
    }

    out.push_str("### Kinds of loss\n\n");
    let mut cols = vec![("Where", Align::Left), ("Lost", Align::Right)];
    cols.extend(kind_headers());
    let mut t = MdTable::new(&cols);
    let kinds_row = |label: String, k: &LossKinds| {
        let mut row = vec![label, count(k.lost)];
        row.extend(k.shares().iter().map(|(_, v)| percent(*v)));
        row
    };
    for st in &part.steps {
        t.row(kinds_row(md_inline(&st.label), &st.loss_kinds));
    }
    t.row(kinds_row("**Whole funnel**".to_string(), &part.loss_kinds));
    t.write(out);
    let _ = writeln!(
        out,
        "\nShares of the prospects lost; the part no cause explains counts as unknown. {SEPARATE}\n"
    );

    let grids: Vec<(&StepSegments, &ReasonGrid)> = part
        .steps
        .iter()
        .filter_map(|st| st.reasons.as_ref().map(|g| (st, g)))
        .collect();
    if grids.is_empty() {
        return;
    }
    out.push_str("### Why each step loses, by segment\n\n");
    out.push_str("Lost records per reason and segment, with their share of the segment's losses at the step; the largest cells are in bold.\n\n");
    for (st, g) in grids {
        let _ = writeln!(out, "#### {}\n", md_inline(&st.label));
        let names: Vec<String> = g.segments.iter().map(|n| md_inline(n)).collect();
        let mut cols: Vec<(&str, Align)> = vec![("Reason", Align::Left)];
        cols.extend(names.iter().map(|n| (n.as_str(), Align::Right)));
        let mut t = MdTable::new(&cols);
        for (reason, cells) in g.reasons.iter().zip(&g.cells) {
            let mut row = vec![md_inline(reason)];
            row.extend(cells.iter().map(|c| {
                if c.largest {
                    format!("**{}**", grid_cell(c))
                } else {
                    grid_cell(c)
                }
            }));
            t.row(row);
        }
        let mut total = vec!["*Lost records*".to_string()];
        total.extend(g.totals.iter().map(|n| count(*n as f64)));
        t.row(total);
        t.write(out);
        out.push('\n');
    }
}

// ------------------------------------------------------------------- html

/// Value lost per segment, one horizontal bar each, on one money scale;
/// the segment that leaks most in the loss colour.
fn chart(r: &Report, part: &SegmentsPart, out: &mut String) {
    let rows = &part.segments;
    let (w, row, top) = (900.0, 30.0, 10.0);
    let height = top + row * rows.len() as f64 + 6.0;
    let max = rows
        .iter()
        .map(|g| g.value_lost_ceiling.max(0.0))
        .fold(0.0_f64, f64::max);
    let px = if max > 0.0 { 560.0 / max } else { 0.0 };
    let desc = match &part.leakiest {
        Some(top) => leak_line(r, top),
        None => "No segment loses anything.".to_string(),
    };
    let _ = write!(
        out,
        "<figure>\n<svg viewBox=\"0 0 {w} {height}\" role=\"img\" aria-labelledby=\"segments-title segments-desc\" xmlns=\"http://www.w3.org/2000/svg\">\n\
         <title id=\"segments-title\">{} per segment</title>\n<desc id=\"segments-desc\">{}</desc>\n",
        line(&r.name(Figure::ValueLostCeiling)),
        line(&desc)
    );
    for (i, g) in rows.iter().enumerate() {
        let y = top + row * i as f64;
        let bw = if g.value_lost_ceiling > 0.0 {
            (g.value_lost_ceiling * px).max(1.0)
        } else {
            0.0
        };
        let leaks = part.leakiest.as_ref().is_some_and(|l| l.name == g.name);
        let _ = write!(
            out,
            "<g><title>{}: {} a {}, {} of the segments' value lost</title>\n\
             <text class=\"lbl\" x=\"0\" y=\"{:.1}\">{}</text>\n\
             <rect class=\"{}\" x=\"230\" y=\"{y:.1}\" width=\"{bw:.1}\" height=\"20\"/>\n\
             <text class=\"num{}\" x=\"{:.1}\" y=\"{:.1}\">{}</text>\n</g>\n",
            line(&g.name),
            line(&r.money(g.value_lost_ceiling)),
            r.period_label(),
            percent(g.value_lost_share),
            y + 15.0,
            clip(&g.name, 24),
            if leaks { "bar-loss" } else { "bar-soft" },
            if leaks { " loss-text" } else { "" },
            230.0 + bw + 6.0,
            y + 15.0,
            line(&r.money_short(g.value_lost_ceiling)),
        );
    }
    let _ = write!(
        out,
        "<line class=\"axis\" x1=\"230\" y1=\"{:.1}\" x2=\"230\" y2=\"{:.1}\"/>\n</svg>\n\
         <figcaption>{} per segment, each valued at its own rates; the segment that leaks most in red.</figcaption>\n</figure>\n",
        top - 4.0,
        height - 2.0,
        line(&r.name(Figure::ValueLostCeiling))
    );
}

fn kinds_html_row(label: &str, k: &LossKinds, class: &str, out: &mut String) {
    let _ = write!(
        out,
        "<tr{class}><th scope=\"row\">{label}</th><td class=\"n\">{}</td>",
        count(k.lost)
    );
    for (_, v) in k.shares() {
        let _ = write!(out, "<td class=\"n\">{}</td>", percent(v));
    }
    out.push_str("</tr>\n");
}

pub fn html(r: &Report, out: &mut String) {
    let Some(part) = &r.segments else {
        return;
    };
    out.push_str(
        "<section class=\"chapter\" aria-labelledby=\"h-segments\">\n<h2 id=\"h-segments\">Segments: where each one leaks</h2>\n",
    );
    if let Some(src) = &part.source {
        for l in source_lines(src) {
            let _ = writeln!(out, "<p class=\"lede\">{}</p>", line(&l));
        }
    }
    if part.segments.is_empty() {
        out.push_str("<p>The import named no segment column, so the funnel is not split.</p>\n");
    } else {
        if let Some(top) = &part.leakiest {
            let _ = writeln!(out, "<p><strong>{}</strong></p>", line(&leak_line(r, top)));
        }
        chart(r, part, out);
        let _ = write!(
            out,
            "<table class=\"segments\">\n<thead><tr><th scope=\"col\">Segment</th><th scope=\"col\">Top count</th>\
             <th scope=\"col\">Won</th><th scope=\"col\">Deal size</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th>\
             <th scope=\"col\">Share of value lost</th></tr></thead>\n<tbody>\n",
            line(&r.name(Figure::Revenue)),
            line(&r.name(Figure::ValueLostCeiling))
        );
        for g in &part.segments {
            let leaks = part.leakiest.as_ref().is_some_and(|l| l.name == g.name);
            let _ = writeln!(
                out,
                "<tr{}><th scope=\"row\">{}{}</th><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
                 <td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                if leaks { " class=\"leak\"" } else { "" },
                line(&g.name),
                if leaks {
                    " <span class=\"tag leak\">leaks most</span>"
                } else {
                    ""
                },
                count(g.top_count as f64),
                count(g.won),
                line(&r.money(g.deal_size)),
                line(&r.money(g.revenue_per_period)),
                line(&r.money(g.value_lost_ceiling)),
                percent(g.value_lost_share)
            );
        }
        let _ = writeln!(
            out,
            "</tbody>\n</table>\n<p class=\"note\">{}</p>",
            line(NOT_ADDED)
        );
    }

    out.push_str("<h3>Kinds of loss</h3>\n<table class=\"kinds\">\n<thead><tr><th scope=\"col\">Where</th><th scope=\"col\">Lost</th>");
    for k in LossCategory::ALL {
        let _ = write!(out, "<th scope=\"col\">{}</th>", kind_heading(k));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for st in &part.steps {
        kinds_html_row(&line(&st.label), &st.loss_kinds, "", out);
    }
    kinds_html_row("Whole funnel", &part.loss_kinds, " class=\"total\"", out);
    let _ = writeln!(
        out,
        "</tbody>\n</table>\n<p class=\"note\">Shares of the prospects lost; the part no cause explains counts as unknown. {}</p>",
        line(SEPARATE)
    );

    let grids: Vec<(&StepSegments, &ReasonGrid)> = part
        .steps
        .iter()
        .filter_map(|st| st.reasons.as_ref().map(|g| (st, g)))
        .collect();
    if !grids.is_empty() {
        out.push_str("<h3>Why each step loses, by segment</h3>\n<p class=\"note\">Lost records per reason and segment, with their share of the segment's losses at the step; the largest cells are in bold.</p>\n");
        for (st, g) in grids {
            let _ = write!(
                out,
                "<table class=\"reasons\">\n<caption>{}</caption>\n<thead><tr><th scope=\"col\">Reason</th>",
                line(&st.label)
            );
            for n in &g.segments {
                let _ = write!(out, "<th scope=\"col\" class=\"n\">{}</th>", line(n));
            }
            out.push_str("</tr></thead>\n<tbody>\n");
            for (reason, cells) in g.reasons.iter().zip(&g.cells) {
                let _ = write!(out, "<tr><th scope=\"row\">{}</th>", line(reason));
                for c in cells {
                    if c.largest {
                        let _ = write!(
                            out,
                            "<td class=\"n\"><strong>{}</strong></td>",
                            grid_cell(c)
                        );
                    } else {
                        let _ = write!(out, "<td class=\"n\">{}</td>", grid_cell(c));
                    }
                }
                out.push_str("</tr>\n");
            }
            out.push_str("<tr class=\"total\"><th scope=\"row\">Lost records</th>");
            for n in &g.totals {
                let _ = write!(out, "<td class=\"n\">{}</td>", count(*n as f64));
            }
            out.push_str("</tr>\n</tbody>\n</table>\n");
        }
    }
    out.push_str("</section>\n");
}

// -------------------------------------------------------------------- csv

pub const SEGMENTS_HEADER: [&str; 8] = [
    "segment",
    "top_count",
    "won",
    "deal_size",
    "revenue_per_period",
    "value_lost_ceiling",
    "value_lost_share",
    "leaks_most",
];

pub const LOSS_KINDS_HEADER: [&str; 9] = [
    "step",
    "label",
    "lost",
    "no_decision",
    "competitor",
    "price_or_value",
    "timing",
    "bad_fit",
    "unknown",
];

/// One row per segment.
pub(super) fn csv_rows(part: &SegmentsPart) -> Vec<Vec<CsvCell>> {
    part.segments
        .iter()
        .map(|g| {
            vec![
                CsvCell::Text(g.name.clone()),
                CsvCell::Num(Some(g.top_count as f64)),
                CsvCell::Num(Some(g.won)),
                CsvCell::Money(Some(g.deal_size)),
                CsvCell::Money(Some(g.revenue_per_period)),
                CsvCell::Money(Some(g.value_lost_ceiling)),
                CsvCell::Num(Some(g.value_lost_share)),
                CsvCell::Text(
                    part.leakiest
                        .as_ref()
                        .is_some_and(|l| l.name == g.name)
                        .to_string(),
                ),
            ]
        })
        .collect()
}

/// One row per step (numbered from 1), then the whole funnel (no step).
pub(super) fn csv_kind_rows(part: &SegmentsPart) -> Vec<Vec<CsvCell>> {
    let row = |step: Option<usize>, label: &str, k: &LossKinds| {
        let mut cells = vec![
            CsvCell::Num(step.map(|s| (s + 1) as f64)),
            CsvCell::Text(label.to_string()),
            CsvCell::Num(Some(k.lost)),
        ];
        cells.extend(k.shares().iter().map(|(_, v)| CsvCell::Num(Some(*v))));
        cells
    };
    let mut rows: Vec<Vec<CsvCell>> = part
        .steps
        .iter()
        .map(|st| row(Some(st.step), &st.label, &st.loss_kinds))
        .collect();
    rows.push(row(None, "whole funnel", &part.loss_kinds));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_keep_no_decision_and_competitor_apart() {
        let k = KindShares {
            shares: vec![
                (LossCategory::NoDecision, 0.371),
                (LossCategory::Competitor, 0.343),
                (LossCategory::PriceValue, 0.029),
                (LossCategory::Unknown, 0.257),
            ],
            lost: 350.0,
        };
        let l = LossKinds::from_model(&k);
        assert_eq!(l.no_decision, 0.371);
        assert_eq!(l.competitor, 0.343);
        assert_eq!(l.timing, 0.0);
        assert_eq!(l.lost, 350.0);
        assert_eq!(l.shares()[0], (LossCategory::NoDecision, 0.371));
        assert_eq!(l.shares()[1], (LossCategory::Competitor, 0.343));
    }

    #[test]
    fn source_names_the_period_and_the_hand_edits() {
        let src = SourceRow {
            file: "crm\nexport.csv".to_string(),
            mode: "flow",
            mode_words: "flow: records that reached each stage in the period",
            from: NaiveDate::from_ymd_opt(2026, 8, 25),
            to: NaiveDate::from_ymd_opt(2026, 11, 23),
            rows_used: 3812,
            edited_by_hand: vec!["MQL count".to_string(), "deal size".to_string()],
        };
        assert_eq!(
            source_lines(&src),
            vec![
                "Counts imported from “crm export.csv” (flow: records that reached each stage in the period), 2026-08-25 to 2026-11-23, 3,812 rows used.".to_string(),
                "Edited by hand since the import: MQL count, deal size.".to_string(),
            ]
        );
    }
}
