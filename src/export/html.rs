//! One self-contained HTML file that reads like a consultant's report:
//! inline CSS (`assets/export.css`), inline SVG charts, no script and no
//! request of any kind (a Content-Security-Policy forbids them even if a
//! browser were tempted). Every piece of user text goes through
//! `html_escape::encode_safe`, inside elements and attributes alike.

use std::borrow::Cow;
use std::fmt::Write;

use super::report::{IdeaRow, Report, StepRow};
use super::text::{fold, share};
use crate::format::{count, percent};

/// The report stylesheet, embedded so the file stands alone.
pub const CSS: &str = include_str!("../../assets/export.css");

/// Forbids every load (scripts, fonts, images, frames, prefetch…) except the
/// inline stylesheet.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

fn e(text: &str) -> Cow<'_, str> {
    html_escape::encode_safe(text)
}

/// User text that must stay on one line (labels, cells), escaped.
fn line(text: &str) -> String {
    e(&fold(text)).into_owned()
}

/// Shortens a label for a chart axis; the full text goes into the `<title>`.
fn clip(text: &str, max: usize) -> String {
    let folded = fold(text);
    if folded.chars().count() <= max {
        return e(&folded).into_owned();
    }
    let cut: String = folded.chars().take(max.saturating_sub(1)).collect();
    e(&format!("{}…", cut.trim_end())).into_owned()
}

pub fn render(r: &Report) -> String {
    let mut out = String::with_capacity(32_768 + r.ideas.len() * 1_600);
    let s = r.session;
    let title = if fold(&s.title).is_empty() {
        "Funnel Reality Check".to_string()
    } else {
        line(&s.title)
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"funnelcheck\">\n<title>{title}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<main>\n"
    );
    cover(r, &title, &mut out);
    headline(r, &mut out);
    funnel(r, &mut out);
    sensitivity(r, &mut out);
    ideas(r, &mut out);
    plan(r, &mut out);
    causes(r, &mut out);
    people(r, &mut out);
    commitments(r, &mut out);
    notes(r, &mut out);
    let _ = write!(
        out,
        "<footer>Figures per {} in {}, computed by funnelcheck from the session of {}. \
         Gains follow the funnel model: an idea's gain is the revenue it adds when applied to today's funnel.</footer>\n\
         </main>\n</body>\n</html>\n",
        r.period_label(),
        if r.currency.is_empty() {
            "the session's currency".to_string()
        } else {
            line(&r.currency)
        },
        s.date.format("%Y-%m-%d")
    );
    out
}

fn cover(r: &Report, title: &str, out: &mut String) {
    let s = r.session;
    out.push_str("<header class=\"cover\">\n<p class=\"eyebrow\">Funnel Reality Check");
    if !fold(&s.company).is_empty() {
        let _ = write!(out, " · {}", line(&s.company));
    }
    let _ = write!(
        out,
        "</p>\n<h1>{title}</h1>\n<p class=\"meta\"><span>{}</span>",
        s.date.format("%-d %B %Y")
    );
    if !fold(&s.facilitator).is_empty() {
        let _ = write!(out, "<span>Facilitated by {}</span>", line(&s.facilitator));
    }
    let _ = write!(
        out,
        "<span>{} participants</span><span>Counts per {}</span></p>\n</header>\n",
        s.participants.len(),
        r.period_label()
    );
}

fn headline(r: &Report, out: &mut String) {
    let p = r.period_label();
    out.push_str("<section aria-labelledby=\"h-headline\">\n<h2 id=\"h-headline\" class=\"sr-only\">Headline figures</h2>\n<dl class=\"headline\">\n");
    let _ = writeln!(
        out,
        "<div class=\"card\"><dt>Revenue today</dt><dd><span class=\"big\">{}</span><span class=\"sub\">a {p}: {} won × {}</span></dd></div>",
        line(&r.money(r.revenue)),
        count(r.won),
        line(&r.money(r.deal_size))
    );
    if r.plan.ideas.is_empty() {
        out.push_str(
            "<div class=\"card plan\"><dt>Plan gain this quarter</dt><dd><span class=\"big\">—</span><span class=\"sub\">no ideas in the plan yet</span></dd></div>\n\
             <div class=\"card plan\"><dt>Plan gain this year</dt><dd><span class=\"big\">—</span><span class=\"sub\">no ideas in the plan yet</span></dd></div>\n",
        );
    } else {
        let n = r.plan.ideas.len();
        let _ = write!(
            out,
            "<div class=\"card plan\"><dt>Plan gain this quarter</dt><dd><span class=\"big\">{}</span><span class=\"sub\">{n} ideas, likely, after lead time and lag</span></dd></div>\n\
             <div class=\"card plan\"><dt>Plan gain this year</dt><dd><span class=\"big\">{}</span><span class=\"sub\">P50 {} a {p} once running</span></dd></div>\n",
            line(&r.money(r.plan.gain_this_quarter)),
            line(&r.money(r.plan.gain_this_year)),
            line(&r.money(r.plan.outcome.p50)),
        );
    }
    match r.leak() {
        Some(l) => {
            let _ = writeln!(
                out,
                "<div class=\"card leak\"><dt>Biggest leak</dt><dd><span class=\"big\">{}</span><span class=\"sub\">{} lost, worth {} a {p}</span></dd></div>",
                line(&l.label),
                percent(l.lost_share),
                line(&r.money(l.value_lost))
            );
        }
        None => out.push_str(
            "<div class=\"card leak\"><dt>Biggest leak</dt><dd><span class=\"big\">none</span><span class=\"sub\">no step loses anything</span></dd></div>\n",
        ),
    }
    out.push_str("</dl>\n</section>\n");
}

/// Bars per stage, as wide as the stage's count; the part that does not
/// reach the next stage is drawn as lost.
fn funnel_chart(r: &Report, out: &mut String) {
    let stages = &r.session.stages;
    let (w, row, top) = (900.0, 46.0, 10.0);
    let (bar_x, bar_w) = (170.0, 380.0);
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
                let _ = writeln!(
                    out,
                    "<text class=\"num\" x=\"{:.1}\" y=\"{:.1}\">{} reach {}</text>\
                     <text class=\"small{}\" x=\"{:.1}\" y=\"{:.1}\">−{} lost · {} value lost{}</text>",
                    bar_x + bar_w + 20.0,
                    y + 17.0,
                    percent(st.conversion),
                    clip(&st.to_stage, 18),
                    if leak { " loss-text" } else { "" },
                    bar_x + bar_w + 20.0,
                    y + 33.0,
                    count(st.lost),
                    line(&r.money_short(st.value_lost)),
                    if leak { " · biggest leak" } else { "" }
                );
            }
            None => {
                let _ = write!(
                    out,
                    "<rect class=\"bar-won\" x=\"{:.1}\" y=\"{:.1}\" width=\"{bw:.1}\" height=\"30\"/>\n\
                     <text class=\"num\" x=\"{:.1}\" y=\"{:.1}\">{} × {} = {} a {}</text>\n",
                    mid - bw / 2.0,
                    y + 6.0,
                    bar_x + bar_w + 20.0,
                    y + 26.0,
                    count(c),
                    line(&r.money_short(r.deal_size)),
                    line(&r.money_short(r.revenue)),
                    r.period_label()
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

fn funnel(r: &Report, out: &mut String) {
    let p = r.period_label();
    let _ = write!(
        out,
        "<section class=\"chapter keep\" aria-labelledby=\"h-funnel\">\n<h2 id=\"h-funnel\">The funnel</h2>\n\
         <p class=\"lede\">How many prospects reached each stage in one {p}, and what the ones lost on the way would have been worth.</p>\n"
    );
    if r.session.stages.is_empty() {
        out.push_str("<p>The funnel has no stages.</p>\n</section>\n");
        return;
    }
    funnel_chart(r, out);
    if r.steps.is_empty() {
        out.push_str(
            "<p>The funnel has fewer than two stages, so there are no steps.</p>\n</section>\n",
        );
        return;
    }
    let _ = write!(
        out,
        "<table>\n<caption>Conversion and losses per step (counts per {p})</caption>\n<thead><tr><th scope=\"col\">Step</th>\
         <th scope=\"col\" class=\"n\">Count</th><th scope=\"col\" class=\"n\">Reached next</th><th scope=\"col\" class=\"n\">Conversion</th>\
         <th scope=\"col\" class=\"n\">Lost</th><th scope=\"col\" class=\"n\">Lost share</th><th scope=\"col\" class=\"n\">Value lost a {p}</th></tr></thead>\n<tbody>\n"
    );
    for st in &r.steps {
        let leak = r.biggest_leak == Some(st.step);
        let _ = writeln!(
            out,
            "<tr{}><th scope=\"row\">{}{}</th><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            if leak { " class=\"leak\"" } else { "" },
            line(&st.label),
            if leak {
                " <span class=\"tag leak\">biggest leak</span>"
            } else {
                ""
            },
            count(st.count_from),
            count(st.count_to),
            percent(st.conversion),
            count(st.lost),
            percent(st.lost_share),
            line(&r.money(st.value_lost))
        );
    }
    let _ = write!(
        out,
        "</tbody>\n<tfoot><tr class=\"total\"><th scope=\"row\">Revenue today</th><td class=\"n\" colspan=\"6\">{} a {p}</td></tr></tfoot>\n</table>\n</section>\n",
        line(&r.money(r.revenue))
    );
}

/// Butterfly / tornado chart: per step, "+1 point" to the left of the axis
/// and "recover 10 %" to the right, on one money scale, largest first.
fn tornado(r: &Report, out: &mut String) {
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
         <title id=\"tornado-title\">Stage sensitivity: gain a {p} of the same improvement at each step</title>\n<desc id=\"tornado-desc\">{}</desc>\n\
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

fn sensitivity(r: &Report, out: &mut String) {
    if r.sensitivity.is_empty() {
        return;
    }
    let p = r.period_label();
    let _ = write!(
        out,
        "<section class=\"chapter\" aria-labelledby=\"h-sens\">\n<h2 id=\"h-sens\">Where the funnel leaks</h2>\n\
         <p class=\"lede\">The same improvement at each step, in revenue a {p}. Recovering a tenth of a step's losses is the fair comparison between stages; largest first.</p>\n"
    );
    tornado(r, out);
    let _ = write!(
        out,
        "<table>\n<thead><tr><th scope=\"col\">Step</th><th scope=\"col\" class=\"n\">Recover 10 % of losses</th><th scope=\"col\" class=\"n\">+1 point conversion</th></tr></thead>\n<tbody>\n"
    );
    for s in &r.sensitivity {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            line(&s.label),
            line(&r.money(s.recover_10pct)),
            line(&r.money(s.plus_1pt))
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// A low–high bar with the likely value marked, on the scale of the best idea.
fn range_svg(r: &Report, i: &IdeaRow, max: f64, out: &mut String) {
    let x = |v: f64| {
        if max > 0.0 {
            (v.max(0.0) / max * 146.0).clamp(0.0, 146.0) + 2.0
        } else {
            2.0
        }
    };
    let (lo, li, hi) = (x(i.gains.low), x(i.gains.likely), x(i.gains.high));
    let _ = write!(
        out,
        "<svg viewBox=\"0 0 150 16\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\"><title>Gain low {}, likely {}, high {}</title>\
         <line class=\"grid\" x1=\"2\" y1=\"8\" x2=\"148\" y2=\"8\"/>\
         <rect class=\"bar-soft\" x=\"{lo:.1}\" y=\"4\" width=\"{:.1}\" height=\"8\"/>\
         <rect class=\"bar\" x=\"{:.1}\" y=\"1\" width=\"3\" height=\"14\"/></svg>",
        line(&r.money(i.gains.low)),
        line(&r.money(i.gains.likely)),
        line(&r.money(i.gains.high)),
        (hi - lo).max(1.0),
        li - 1.5
    );
}

fn ideas(r: &Report, out: &mut String) {
    let p = r.period_label();
    let _ = write!(
        out,
        "<section class=\"chapter\" aria-labelledby=\"h-ideas\">\n<h2 id=\"h-ideas\">Ideas, ranked by {}</h2>\n",
        r.ranked_by_label()
    );
    if r.ideas.is_empty() {
        out.push_str("<p>No ideas recorded.</p>\n</section>\n");
        return;
    }
    let cur = if r.currency.is_empty() {
        String::new()
    } else {
        format!(" ({})", line(&r.currency))
    };
    let _ = write!(
        out,
        "<p class=\"lede\">Gain a {p} when the idea is applied to today's funnel. The bar spans the low to the high estimate on one scale for all ideas; the mark is the likely gain. \
         “This quarter” is the likely gain that lands in the next 91 days after lead time and the funnel's lag; votes are dots from the room.</p>\n\
         <table class=\"ideas\">\n<thead><tr><th scope=\"col\" class=\"n\">#</th><th scope=\"col\" class=\"idea\">Idea</th><th scope=\"col\">Effect (low / likely / high)</th>\
         <th scope=\"col\">Low – high{cur}</th><th scope=\"col\" class=\"n\">Likely{cur}</th>\
         <th scope=\"col\" class=\"n\">Expected</th><th scope=\"col\" class=\"n\">Annual</th><th scope=\"col\" class=\"n\">This quarter</th>\
         <th scope=\"col\" class=\"n\">Votes</th></tr></thead>\n<tbody>\n"
    );
    let max = r
        .ideas
        .iter()
        .map(|i| i.gains.high.max(i.gains.likely))
        .fold(0.0_f64, f64::max);
    for i in &r.ideas {
        let g = &i.gains;
        let _ = write!(
            out,
            "<tr><td class=\"n\">{}</td><th scope=\"row\">{}{}",
            i.rank,
            if fold(&i.title).is_empty() {
                "—".to_string()
            } else {
                line(&i.title)
            },
            if i.in_plan {
                " <span class=\"tag plan\">plan</span>"
            } else {
                ""
            }
        );
        if let Some(pair) = &i.pair_label {
            let _ = write!(out, "<span class=\"note by\">by {}</span>", line(pair));
        }
        if !fold(&i.notes).is_empty() {
            let _ = write!(out, "<span class=\"note\">{}</span>", line(&i.notes));
        }
        let _ = write!(
            out,
            "</th><td>{}</td><td class=\"range\">",
            line(&i.effect_summary)
        );
        range_svg(r, i, max, out);
        let _ = writeln!(
            out,
            "<span class=\"note\">{} – {}</span></td><td class=\"n\"><strong>{}</strong></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            count(g.low),
            count(g.high),
            count(g.likely),
            count(g.expected),
            count(g.annual),
            count(g.quarter),
            i.votes,
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
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
fn keep_inside(x: f64, text: &str, size: f64, anchor: &str, width: f64) -> f64 {
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

fn plan_chart(r: &Report, out: &mut String) {
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
         <title id=\"plan-title\">Plan gain a {p}: P10 {}, P50 {}, P90 {}</title>\n\
         <line class=\"grid\" x1=\"40\" y1=\"40\" x2=\"800\" y2=\"40\"/>\n\
         <rect class=\"bar-soft\" x=\"{:.1}\" y=\"28\" width=\"{:.1}\" height=\"24\"/>\n\
         <rect class=\"bar\" x=\"{:.1}\" y=\"22\" width=\"4\" height=\"36\"/>\n\
         <text class=\"num\" x=\"{p10_x:.1}\" y=\"78\" text-anchor=\"end\">{}</text>\
         <text class=\"lbl\" x=\"{p50_x:.1}\" y=\"16\" text-anchor=\"middle\">{}</text>\
         <text class=\"num\" x=\"{p90_x:.1}\" y=\"78\">{}</text>\n</svg>\n\
         <figcaption>Eight in ten simulated outcomes fall inside the shaded band; the mark is the median.</figcaption>\n</figure>\n",
        line(&r.money(o.p10)),
        line(&r.money(o.p50)),
        line(&r.money(o.p90)),
        x(o.p10),
        (x(o.p90) - x(o.p10)).max(1.0),
        x(o.p50) - 2.0,
        line(&p10),
        line(&p50),
        line(&p90),
        p = r.period_label()
    );
}

fn plan(r: &Report, out: &mut String) {
    let p = r.period_label();
    out.push_str(
        "<section class=\"chapter\" aria-labelledby=\"h-plan\">\n<h2 id=\"h-plan\">The plan</h2>\n",
    );
    if r.plan.ideas.is_empty() {
        out.push_str("<p>No ideas chosen for the plan.</p>\n</section>\n");
        return;
    }
    let o = &r.plan.outcome;
    let _ = write!(
        out,
        "<p class=\"lede\">The ideas the room committed to, simulated together {} times (seed {}) with each estimate drawn from its low–likely–high range.</p>\n<ul class=\"plan-ideas\">\n",
        count(f64::from(o.samples)),
        o.seed
    );
    for i in &r.plan.ideas {
        let _ = writeln!(
            out,
            "<li>{}</li>",
            if fold(&i.title).is_empty() {
                "—".to_string()
            } else {
                line(&i.title)
            }
        );
    }
    out.push_str("</ul>\n");
    plan_chart(r, out);
    let _ = write!(
        out,
        "<table>\n<caption>Gain a {p}</caption>\n<thead><tr><th scope=\"col\" class=\"n\">P10</th><th scope=\"col\" class=\"n\">P50</th><th scope=\"col\" class=\"n\">P90</th>\
         <th scope=\"col\" class=\"n\">Mean</th><th scope=\"col\" class=\"n\">Together (likely)</th><th scope=\"col\" class=\"n\">Sum of ideas alone</th>\
         <th scope=\"col\" class=\"n\">Landing this quarter</th><th scope=\"col\" class=\"n\">Landing this year</th></tr></thead>\n<tbody><tr>"
    );
    for v in [
        o.p10,
        o.p50,
        o.p90,
        o.mean,
        o.together,
        o.sum_alone,
        r.plan.gain_this_quarter,
        r.plan.gain_this_year,
    ] {
        let _ = write!(out, "<td class=\"n\">{}</td>", line(&r.money(v)));
    }
    out.push_str(
        "</tr></tbody>\n</table>\n<p class=\"lede\">Effects on one funnel multiply, so the ideas together are worth more than the sum of each alone. \
         The landing figures count the plan's likely gain that arrives within 91 and 365 days, each idea from the day it starts to pay.</p>\n</section>\n",
    );
}

fn cause_table(st: &StepRow, out: &mut String) {
    out.push_str(
        "<table>\n<thead><tr><th scope=\"col\">Cause</th><th scope=\"col\" class=\"n\">Share of losses</th><th scope=\"col\">Origin</th>\
         <th scope=\"col\">Team</th><th scope=\"col\">Note</th></tr></thead>\n<tbody>\n",
    );
    for c in &st.causes {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            if fold(&c.reason).is_empty() {
                "—".to_string()
            } else {
                line(&c.reason)
            },
            share(c.share),
            c.origin.label(),
            c.team.label(),
            line(&c.note)
        );
    }
    let _ = write!(
        out,
        "<tr class=\"unexplained\"><th scope=\"row\">unexplained</th><td class=\"n\">{}</td><td></td><td></td><td></td></tr>\n</tbody>\n</table>\n",
        share(st.unexplained_share)
    );
}

fn causes(r: &Report, out: &mut String) {
    if r.steps.is_empty() {
        return;
    }
    out.push_str(
        "<section class=\"chapter\" aria-labelledby=\"h-causes\">\n<h2 id=\"h-causes\">Why prospects are lost</h2>\n\
         <p class=\"lede\">Per step, the share of its losses each cause explains; internal causes are the ones the teams can act on.</p>\n",
    );
    for st in &r.steps {
        let _ = write!(
            out,
            "<h3>{}</h3>\n<p>{} lost ({}), worth {} a {}.</p>\n",
            line(&st.label),
            count(st.lost),
            percent(st.lost_share),
            line(&r.money(st.value_lost)),
            r.period_label()
        );
        cause_table(st, out);
    }
    out.push_str("</section>\n");
}

fn people(r: &Report, out: &mut String) {
    let s = r.session;
    out.push_str("<section class=\"chapter\" aria-labelledby=\"h-people\">\n<h2 id=\"h-people\">Participants and pairs</h2>\n");
    if s.participants.is_empty() {
        out.push_str("<p>No participants recorded.</p>\n");
    } else {
        out.push_str("<table>\n<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Team</th></tr></thead>\n<tbody>\n");
        for p in &s.participants {
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
                line(&p.name),
                p.role.label()
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    if !s.pairs.is_empty() {
        out.push_str("<table>\n<thead><tr><th scope=\"col\">Pair</th><th scope=\"col\">Works on</th></tr></thead>\n<tbody>\n");
        for pair in &s.pairs {
            let steps: Vec<String> = pair
                .steps
                .iter()
                .map(|k| super::report::step_label(s, *k))
                .collect();
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
                line(&s.pair_label(pair.id)),
                if steps.is_empty() {
                    "—".to_string()
                } else {
                    line(&steps.join(", "))
                }
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</section>\n");
}

fn commitments(r: &Report, out: &mut String) {
    let s = r.session;
    if s.actions.is_empty() && s.kpis.is_empty() {
        return;
    }
    out.push_str("<section class=\"chapter\" aria-labelledby=\"h-commit\">\n<h2 id=\"h-commit\">Commitments</h2>\n");
    if !s.actions.is_empty() {
        out.push_str(
            "<table>\n<thead><tr><th scope=\"col\">Action</th><th scope=\"col\">Owner</th><th scope=\"col\">Due</th><th scope=\"col\">KPI</th></tr></thead>\n<tbody>\n",
        );
        for a in &s.actions {
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
                line(&a.title),
                line(&a.owner),
                a.due
                    .map_or_else(|| "—".to_string(), |d| d.format("%Y-%m-%d").to_string()),
                a.kpi.as_deref().map_or_else(|| "—".to_string(), line)
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    if !s.kpis.is_empty() {
        out.push_str(
            "<h3>KPIs</h3>\n<table>\n<thead><tr><th scope=\"col\">KPI</th><th scope=\"col\">Kind</th><th scope=\"col\">Team</th><th scope=\"col\">Target</th></tr></thead>\n<tbody>\n",
        );
        for k in &s.kpis {
            let kind = match k.kind {
                crate::session::KpiKind::Managed => "managed",
                crate::session::KpiKind::Monitored => "monitored",
            };
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\">{}</th><td>{kind}</td><td>{}</td><td>{}</td></tr>",
                line(&k.name),
                k.team.label(),
                line(&k.target)
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</section>\n");
}

fn notes(r: &Report, out: &mut String) {
    out.push_str("<section class=\"chapter notes\" aria-labelledby=\"h-notes\">\n<h2 id=\"h-notes\">Facilitator notes</h2>\n");
    let paragraphs: Vec<String> = r
        .session
        .notes
        .lines()
        .map(line)
        .filter(|l| !l.is_empty())
        .collect();
    if paragraphs.is_empty() {
        out.push_str("<p>No notes.</p>\n");
    }
    for p in paragraphs {
        let _ = writeln!(out, "<p>{p}</p>");
    }
    out.push_str("</section>\n");
}
