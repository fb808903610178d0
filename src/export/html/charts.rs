//! The report's inline SVG charts: the funnel's bars, the sensitivity
//! tornado, an idea's low–high range, the plan's P10–P90 band and a team's
//! share bar. Drawing lives apart from the sections that place the charts so
//! the geometry (scales, label widths, the viewBox edge) reads in one place.
//! Every chart carries a `<title>` (and where it helps a `<desc>`) with the
//! numbers it shows, and all user text in it is escaped.

use std::fmt::Write;

use super::{clip, e, line};
use crate::export::report::{IdeaRow, Report};
use crate::export::text::{fold, team_share};
use crate::format::{Figure, count, percent};

/// Bars per stage, as wide as the stage's count; the part that does not
/// reach the next stage is drawn as lost.
pub(super) fn funnel_chart(r: &Report, out: &mut String) {
    let stages = &r.session.stages;
    let (w, row, top) = (900.0, 60.0, 10.0);
    let (bar_x, bar_w) = (170.0, 340.0);
    let x = bar_x + bar_w + 20.0;
    let height = top + row * stages.len() as f64 + 6.0;
    let max = stages.iter().map(|s| s.count).max().unwrap_or(0).max(1) as f64;
    let scale = |c: f64| (c / max * bar_w).max(2.0);
    let mid = bar_x + bar_w / 2.0;
    let desc = match r.leak() {
        Some(l) => format!(
            "{} stages from {} down to {}; the biggest loss in value is at {}.",
            stages.len(),
            count(r.steps.first().map_or(0.0, |s| s.count_from)),
            count(r.steps.last().map_or(0.0, |s| s.count_to)),
            fold(&l.label)
        ),
        None => format!("{} stages; no step loses anything.", stages.len()),
    };
    let _ = write!(
        out,
        "<figure>\n<svg viewBox=\"0 0 {w} {height}\" role=\"img\" aria-labelledby=\"funnel-title funnel-desc\" xmlns=\"http://www.w3.org/2000/svg\">\n\
         <title id=\"funnel-title\">Funnel: prospects per stage and what each step loses</title>\n<desc id=\"funnel-desc\">{}</desc>\n",
        e(&desc)
    );
    for (k, stage) in stages.iter().enumerate() {
        let y = top + row * k as f64;
        let c = stage.count as f64;
        let bw = scale(c);
        let step = r.steps.get(k);
        let tip = match step {
            Some(st) => format!(
                "{}: {} · {} reach {} ({}) · {} lost",
                fold(&stage.name),
                count(c),
                count(st.count_to),
                fold(&st.to_stage),
                percent(st.conversion),
                count(st.lost)
            ),
            None => format!("{}: {}", fold(&stage.name), count(c)),
        };
        let _ = writeln!(out, "<g><title>{}</title>", e(&tip));
        let _ = writeln!(
            out,
            "<text class=\"lbl\" x=\"0\" y=\"{:.1}\">{}</text><text class=\"small\" x=\"0\" y=\"{:.1}\">{}</text>",
            y + 17.0,
            clip(&stage.name, 20),
            y + 33.0,
            count(c)
        );
        match step {
            Some(st) => {
                let reach = if st.count_to > 0.0 {
                    scale(st.count_to).min(bw)
                } else {
                    0.0
                };
                // A stage nobody reached loses nobody (MODEL.md §1): no
                // sliver of "lost" for it.
                if c > 0.0 {
                    let _ = writeln!(
                        out,
                        "<rect class=\"bar-loss\" x=\"{:.1}\" y=\"{:.1}\" width=\"{bw:.1}\" height=\"30\"/>",
                        mid - bw / 2.0,
                        y + 6.0
                    );
                }
                if reach > 0.0 {
                    let _ = writeln!(
                        out,
                        "<rect class=\"bar\" x=\"{:.1}\" y=\"{:.1}\" width=\"{reach:.1}\" height=\"30\"/>",
                        mid - reach / 2.0,
                        y + 6.0
                    );
                }
                let leak = r.biggest_leak == Some(k);
                // The ceiling never stands alone: beside it what a realistic
                // fix is worth and the part the teams control.
                let _ = writeln!(
                    out,
                    "<text class=\"num\" x=\"{x:.1}\" y=\"{:.1}\">{} reach {} · −{} lost</text>\
                     <text class=\"small{}\" x=\"{x:.1}\" y=\"{:.1}\">{} {}{}</text>\
                     <text class=\"small\" x=\"{x:.1}\" y=\"{:.1}\">{} {} · {} {}</text>",
                    y + 17.0,
                    percent(st.conversion),
                    clip(&st.to_stage, 18),
                    count(st.lost),
                    if leak { " loss-text" } else { "" },
                    y + 33.0,
                    r.short(Figure::ValueLostCeiling),
                    line(&r.money_short(st.value_lost_ceiling)),
                    if leak { " · biggest leak" } else { "" },
                    y + 49.0,
                    r.short(Figure::Recover10),
                    line(&r.money_short(st.recover_10pct)),
                    r.short(Figure::Controllable),
                    line(&r.money_short(st.controllable)),
                );
            }
            None => {
                let _ = write!(
                    out,
                    "<rect class=\"bar-won\" x=\"{:.1}\" y=\"{:.1}\" width=\"{bw:.1}\" height=\"30\"/>\n\
                     <text class=\"num\" x=\"{x:.1}\" y=\"{:.1}\">{}: {} × {} = {}</text>\n",
                    mid - bw / 2.0,
                    y + 6.0,
                    y + 26.0,
                    r.short(Figure::Revenue),
                    count(c),
                    line(&r.money_short(r.deal_size)),
                    line(&r.money_short(r.revenue_per_period))
                );
            }
        }
        out.push_str("</g>\n");
    }
    out.push_str(
        "</svg>\n<figcaption><ul class=\"legend\"><li><span class=\"swatch reach\"></span>reaches the next stage</li>\
         <li><span class=\"swatch lost\"></span>lost at this step</li><li><span class=\"swatch won\"></span>won</li></ul></figcaption>\n</figure>\n",
    );
}

/// Butterfly / tornado chart: per step, "+1 point" to the left of the axis
/// and "recover 10 %" to the right, on one money scale, largest first.
pub(super) fn tornado(r: &Report, out: &mut String) {
    let rows = &r.sensitivity;
    let (w, row, top) = (900.0, 34.0, 44.0);
    let height = top + row * rows.len() as f64 + 10.0;
    // One money scale for both sides; the axis sits where the widest left bar
    // ends, so the bars fill the 560 px between the labels and the values.
    let left = rows
        .iter()
        .map(|s| s.plus_1pt.max(0.0))
        .fold(0.0_f64, f64::max);
    let right = rows
        .iter()
        .map(|s| s.recover_10pct.max(0.0))
        .fold(0.0_f64, f64::max);
    let px = if left + right > 0.0 {
        560.0 / (left + right)
    } else {
        0.0
    };
    let center = 250.0 + left * px;
    let scale = |v: f64| if v > 0.0 { (v * px).max(1.0) } else { 0.0 };
    let desc = match rows.first() {
        Some(first) => format!(
            "Recovering 10 % of the losses is worth most at {} ({} a {}).",
            fold(&first.label),
            r.money(first.recover_10pct),
            r.period_label()
        ),
        None => "No steps.".to_string(),
    };
    let _ = write!(
        out,
        "<figure>\n<svg viewBox=\"0 0 {w} {height}\" role=\"img\" aria-labelledby=\"tornado-title tornado-desc\" xmlns=\"http://www.w3.org/2000/svg\">\n\
         <title id=\"tornado-title\">Stage sensitivity: what the same improvement at each step adds per {p}</title>\n<desc id=\"tornado-desc\">{}</desc>\n\
         <text class=\"small\" x=\"{:.1}\" y=\"18\" text-anchor=\"end\">◀ one more point of conversion</text>\
         <text class=\"small\" x=\"{:.1}\" y=\"18\">recover 10 % of the losses ▶</text>\n",
        e(&desc),
        center - 8.0,
        center + 8.0,
        p = r.period_label()
    );
    for (i, s) in rows.iter().enumerate() {
        let y = top + row * i as f64;
        let (l, rr) = (scale(s.plus_1pt), scale(s.recover_10pct));
        let _ = write!(
            out,
            "<g><title>{}: recover 10 % = {}, +1 point = {}</title>\n\
             <text class=\"lbl\" x=\"0\" y=\"{:.1}\">{}</text>\n\
             <rect class=\"bar-soft\" x=\"{:.1}\" y=\"{:.1}\" width=\"{l:.1}\" height=\"22\"/>\
             <rect class=\"bar\" x=\"{center:.1}\" y=\"{:.1}\" width=\"{rr:.1}\" height=\"22\"/>\n\
             <text class=\"num\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\
             <text class=\"num\" x=\"{:.1}\" y=\"{:.1}\">{}</text>\n</g>\n",
            e(&fold(&s.label)),
            e(&r.money(s.recover_10pct)),
            e(&r.money(s.plus_1pt)),
            y + 16.0,
            clip(&s.label, 22),
            center - l,
            y,
            y,
            center - l - 6.0,
            y + 16.0,
            line(&r.money_short(s.plus_1pt)),
            center + rr + 6.0,
            y + 16.0,
            line(&r.money_short(s.recover_10pct)),
        );
    }
    let _ = write!(
        out,
        "<line class=\"axis\" x1=\"{center}\" y1=\"{:.1}\" x2=\"{center}\" y2=\"{:.1}\"/>\n</svg>\n\
         <figcaption><ul class=\"legend\"><li><span class=\"swatch soft\"></span>+1 point of conversion</li>\
         <li><span class=\"swatch reach\"></span>recover 10 % of the step's losses</li></ul></figcaption>\n</figure>\n",
        top - 8.0,
        height - 6.0
    );
}

/// A low–high bar with the likely value marked, on the scale of the best idea.
pub(super) fn range_svg(r: &Report, i: &IdeaRow, max: f64, out: &mut String) {
    let x = |v: f64| {
        if max > 0.0 {
            (v.max(0.0) / max * 146.0).clamp(0.0, 146.0) + 2.0
        } else {
            2.0
        }
    };
    let g = &i.figures;
    let (lo, li, hi) = (
        x(g.run_rate_low),
        x(g.run_rate_per_period),
        x(g.run_rate_high),
    );
    let _ = write!(
        out,
        "<svg viewBox=\"0 0 150 16\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\"><title>{} {}, likely {}, high {}</title>\
         <line class=\"grid\" x1=\"2\" y1=\"8\" x2=\"148\" y2=\"8\"/>\
         <rect class=\"bar-soft\" x=\"{lo:.1}\" y=\"4\" width=\"{:.1}\" height=\"8\"/>\
         <rect class=\"bar\" x=\"{:.1}\" y=\"1\" width=\"3\" height=\"14\"/></svg>",
        r.name(Figure::RunRate),
        line(&r.money(g.run_rate_low)),
        line(&r.money(g.run_rate_per_period)),
        line(&r.money(g.run_rate_high)),
        (hi - lo).max(1.0),
        li - 1.5
    );
}

/// Average glyph width as a share of the font size: generous for digits and
/// capitals, so an estimate of a label's width errs on the wide side.
const GLYPH_EM: f64 = 0.6;
/// Space kept free at the edges of a chart.
const EDGE: f64 = 4.0;

/// The `x` of a label drawn with `anchor` ("start", "middle" or "end"),
/// moved just enough that its estimated width stays inside `0…width`: a
/// label at the edge of a chart (P90 at the right end of the scale) would
/// otherwise be cut off by the SVG's viewBox.
pub(in crate::export) fn keep_inside(
    x: f64,
    text: &str,
    size: f64,
    anchor: &str,
    width: f64,
) -> f64 {
    let w = text.chars().count() as f64 * size * GLYPH_EM;
    let (before, after) = match anchor {
        "end" => (w, 0.0),
        "middle" => (w / 2.0, w / 2.0),
        _ => (0.0, w),
    };
    let lowest = EDGE + before;
    let highest = width - EDGE - after;
    if highest < lowest {
        // Wider than the chart: start at the left edge.
        lowest
    } else {
        x.clamp(lowest, highest)
    }
}

pub(super) fn plan_chart(r: &Report, out: &mut String) {
    let o = &r.plan.outcome;
    let max = o.p90.max(o.together).max(o.sum_alone).max(0.0);
    let x = |v: f64| {
        if max > 0.0 {
            40.0 + v.max(0.0) / max * 760.0
        } else {
            40.0
        }
    };
    let width = 900.0;
    let (p10, p50, p90) = (
        format!("P10 {}", r.money(o.p10)),
        format!("P50 {}", r.money(o.p50)),
        format!("P90 {}", r.money(o.p90)),
    );
    // .num labels are 13 px, .lbl 14 px (assets/export.css).
    let p10_x = keep_inside(x(o.p10) + 2.0, &p10, 13.0, "end", width);
    let p50_x = keep_inside(x(o.p50), &p50, 14.0, "middle", width);
    let p90_x = keep_inside(x(o.p90) - 2.0, &p90, 13.0, "start", width);
    let _ = write!(
        out,
        "<figure>\n<svg viewBox=\"0 0 {width} 92\" role=\"img\" aria-labelledby=\"plan-title\" xmlns=\"http://www.w3.org/2000/svg\">\n\
         <title id=\"plan-title\">The plan's {}: P10 {}, P50 {}, P90 {}</title>\n\
         <line class=\"grid\" x1=\"40\" y1=\"40\" x2=\"800\" y2=\"40\"/>\n\
         <rect class=\"bar-soft\" x=\"{:.1}\" y=\"28\" width=\"{:.1}\" height=\"24\"/>\n\
         <rect class=\"bar\" x=\"{:.1}\" y=\"22\" width=\"4\" height=\"36\"/>\n\
         <text class=\"num\" x=\"{p10_x:.1}\" y=\"78\" text-anchor=\"end\">{}</text>\
         <text class=\"lbl\" x=\"{p50_x:.1}\" y=\"16\" text-anchor=\"middle\">{}</text>\
         <text class=\"num\" x=\"{p90_x:.1}\" y=\"78\">{}</text>\n</svg>\n\
         <figcaption>Eight in ten simulated outcomes fall inside the shaded band; the mark is the median.</figcaption>\n</figure>\n",
        r.name(Figure::RunRate).to_lowercase(),
        line(&r.money(o.p10)),
        line(&r.money(o.p50)),
        line(&r.money(o.p90)),
        x(o.p10),
        (x(o.p90) - x(o.p10)).max(1.0),
        x(o.p50) - 2.0,
        line(&p10),
        line(&p50),
        line(&p90),
    );
}

/// A bar as long as a team's share of the controllable value lost.
pub(super) fn share_svg(team: &str, share: f64, out: &mut String) {
    let w = if share.is_finite() {
        (share.clamp(0.0, 1.0) * 146.0).max(1.0)
    } else {
        1.0
    };
    let _ = write!(
        out,
        "<svg viewBox=\"0 0 150 16\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\"><title>{}: {}</title>\
         <line class=\"grid\" x1=\"2\" y1=\"8\" x2=\"148\" y2=\"8\"/>\
         <rect class=\"bar\" x=\"2\" y=\"3\" width=\"{w:.1}\" height=\"10\"/></svg>",
        e(team),
        team_share(share)
    );
}
