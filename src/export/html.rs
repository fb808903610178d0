//! One self-contained HTML file that reads like a consultant's report:
//! inline CSS (`assets/export.css`), inline SVG charts, no script and no
//! request of any kind (a Content-Security-Policy forbids them even if a
//! browser were tempted). Every piece of user text goes through
//! `html_escape::encode_safe`, inside elements and attributes alike.

use std::borrow::Cow;
use std::fmt::Write;

use super::report::{IdeaRow, Report, StepRow, legend_groups};
use super::text::{fold, share, team_name, team_share};
use crate::format::{Figure, count, percent};

/// The report stylesheet, embedded so the file stands alone.
pub const CSS: &str = include_str!("../../assets/export.css");

/// Forbids every load (scripts, fonts, images, frames, prefetch…) except the
/// inline stylesheet.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

pub(super) fn e(text: &str) -> Cow<'_, str> {
    html_escape::encode_safe(text)
}

/// User text that must stay on one line (labels, cells), escaped.
pub(super) fn line(text: &str) -> String {
    e(&fold(text)).into_owned()
}

/// Shortens a label for a chart axis; the full text goes into the `<title>`.
pub(super) fn clip(text: &str, max: usize) -> String {
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
    legend(r, &mut out);
    super::review::html(r, &mut out);
    funnel(r, &mut out);
    super::trend::section(r, &mut out);
    sensitivity(r, &mut out);
    ideas(r, &mut out);
    plan(r, &mut out);
    causes(r, &mut out);
    super::segments::html(r, &mut out);
    people(r, &mut out);
    commitments(r, &mut out);
    notes(r, &mut out);
    let _ = write!(
        out,
        "<footer>Figures per {} in {}, computed by funnelcheck from the session of {}. \
         An idea's run-rate is the revenue it adds every period once it works, applied to today's funnel (the funnel model).</footer>\n\
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

/// One headline card.
fn card(out: &mut String, class: &str, title: &str, big: &str, sub: &str) {
    let _ = writeln!(
        out,
        "<div class=\"card{class}\"><dt>{title}</dt><dd><span class=\"big\">{big}</span><span class=\"sub\">{sub}</span></dd></div>"
    );
}

fn headline(r: &Report, out: &mut String) {
    out.push_str("<section aria-labelledby=\"h-headline\">\n<h2 id=\"h-headline\" class=\"sr-only\">Headline figures</h2>\n<dl class=\"headline\">\n");
    card(
        out,
        "",
        &format!("{} (today)", r.name(Figure::Revenue)),
        &line(&r.money(r.revenue_per_period)),
        &format!("{} won × {}", count(r.won), line(&r.money(r.deal_size))),
    );
    let plan_cards = [
        (Figure::RunRate, r.plan.run_rate_per_period),
        (Figure::Next91Days, r.plan.landing_next_91_days),
        (Figure::Next12Months, r.plan.landing_next_12_months),
    ];
    if r.plan.ideas.is_empty() {
        for (f, _) in plan_cards {
            card(
                out,
                " plan",
                &format!("The plan: {}", r.name(f)),
                "—",
                "no ideas in the plan yet",
            );
        }
    } else {
        let o = &r.plan.outcome;
        let ideas = match r.plan.ideas.len() {
            1 => "1 idea".to_string(),
            n => format!("{n} ideas"),
        };
        for (f, v) in plan_cards {
            let sub = match f {
                Figure::RunRate => format!(
                    "{ideas} once working · {} {} – {} {}",
                    r.short(Figure::P10),
                    line(&r.money(o.p10)),
                    r.short(Figure::P90),
                    line(&r.money(o.p90))
                ),
                _ => format!("{ideas}, after lead time and the funnel's lag"),
            };
            card(
                out,
                " plan",
                &format!("The plan: {}", r.name(f)),
                &line(&r.money(v)),
                &sub,
            );
        }
    }
    match r.leak() {
        Some(l) => {
            let _ = write!(
                out,
                "<div class=\"card leak\"><dt>Biggest leak</dt><dd><span class=\"big\">{}</span><span class=\"sub\">{} of its prospects lost</span>\n<dl class=\"trio\">",
                line(&l.label),
                percent(l.lost_share),
            );
            for (f, v) in [
                (Figure::ValueLostCeiling, l.value_lost_ceiling),
                (Figure::Recover10, l.recover_10pct),
                (Figure::Controllable, l.controllable),
            ] {
                let _ = write!(
                    out,
                    "<div><dt>{}</dt><dd>{}</dd></div>",
                    r.name(f),
                    line(&r.money(v))
                );
            }
            out.push_str("</dl></dd></div>\n");
        }
        None => card(
            out,
            " leak",
            "Biggest leak",
            "none",
            "no step loses anything",
        ),
    }
    out.push_str("</dl>\n</section>\n");
}

/// What each amount means, once, before the first table: figures that share
/// a legend share one description.
fn legend(r: &Report, out: &mut String) {
    out.push_str(
        "<section class=\"keep\" aria-labelledby=\"h-legend\">\n<h2 id=\"h-legend\">How to read the amounts</h2>\n<dl class=\"legend\">\n",
    );
    for (figures, legend) in legend_groups(r.period) {
        out.push_str("<div>");
        for f in figures {
            let _ = write!(out, "<dt>{}</dt>", e(&r.name(f)));
        }
        let _ = writeln!(out, "<dd>{}</dd></div>", e(&legend));
    }
    out.push_str("</dl>\n</section>\n");
}

/// Bars per stage, as wide as the stage's count; the part that does not
/// reach the next stage is drawn as lost.
fn funnel_chart(r: &Report, out: &mut String) {
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
         <th scope=\"col\" class=\"n\">Lost</th><th scope=\"col\" class=\"n\">Lost share</th>\
         <th scope=\"col\" class=\"n\">{}</th><th scope=\"col\" class=\"n\">{}</th><th scope=\"col\" class=\"n\">{}</th></tr></thead>\n<tbody>\n",
        r.name(Figure::ValueLostCeiling),
        r.short(Figure::Recover10),
        r.short(Figure::Controllable),
    );
    for st in &r.steps {
        let leak = r.biggest_leak == Some(st.step);
        let _ = writeln!(
            out,
            "<tr{}><th scope=\"row\">{}{}</th><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
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
            line(&r.money(st.value_lost_ceiling)),
            line(&r.money(st.recover_10pct)),
            line(&r.money(st.controllable)),
        );
    }
    let _ = write!(
        out,
        "</tbody>\n<tfoot><tr class=\"total\"><th scope=\"row\">{} (today)</th><td class=\"n\" colspan=\"8\">{}</td></tr></tfoot>\n</table>\n\
         <p class=\"lede\">Value lost is a ceiling: it counts every lost prospect as if it had gone on like the rest. {} is what a realistic fix is worth; {} is the part the teams can act on.</p>\n</section>\n",
        r.name(Figure::Revenue),
        line(&r.money(r.revenue_per_period)),
        r.name(Figure::Recover10),
        r.name(Figure::Controllable).to_lowercase(),
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

fn sensitivity(r: &Report, out: &mut String) {
    if r.sensitivity.is_empty() {
        return;
    }
    let p = r.period_label();
    let _ = write!(
        out,
        "<section class=\"chapter\" aria-labelledby=\"h-sens\">\n<h2 id=\"h-sens\">Where the funnel leaks</h2>\n\
         <p class=\"lede\">The same improvement at each step, in revenue per {p}. Recovering a tenth of a step's losses is the fair comparison between stages; largest first.</p>\n"
    );
    tornado(r, out);
    let _ = write!(
        out,
        "<table>\n<thead><tr><th scope=\"col\">Step</th><th scope=\"col\" class=\"n\">{}</th><th scope=\"col\" class=\"n\">+1 point conversion per {p}</th></tr></thead>\n<tbody>\n",
        r.name(Figure::Recover10)
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

fn ideas(r: &Report, out: &mut String) {
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
        "<p class=\"lede\">{} of each idea applied to today's funnel. The bar spans the low to the high estimate on one scale for all ideas; the mark is the likely run-rate. \
         Votes are dots from the room.</p>\n\
         <table class=\"ideas\">\n<thead><tr><th scope=\"col\" class=\"n\">#</th><th scope=\"col\" class=\"idea\">Idea</th><th scope=\"col\">Effect (low / likely / high)</th>\
         <th scope=\"col\">{} – {}{cur}</th><th scope=\"col\" class=\"n\">{}{cur}</th>\
         <th scope=\"col\" class=\"n\">{}</th><th scope=\"col\" class=\"n\">{}</th><th scope=\"col\" class=\"n\">{}</th><th scope=\"col\" class=\"n\">{}</th>\
         <th scope=\"col\" class=\"n\">Votes</th></tr></thead>\n<tbody>\n",
        r.name(Figure::RunRate),
        r.short(Figure::Low),
        r.short(Figure::High),
        r.short(Figure::RunRate),
        r.short(Figure::Expected),
        r.short(Figure::RunRateYear),
        r.short(Figure::Next91Days),
        r.short(Figure::Next12Months),
    );
    let max = r
        .ideas
        .iter()
        .map(|i| i.figures.run_rate_high.max(i.figures.run_rate_per_period))
        .fold(0.0_f64, f64::max);
    for i in &r.ideas {
        let g = &i.figures;
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
            "<span class=\"note\">{} – {}</span></td><td class=\"n\"><strong>{}</strong></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            count(g.run_rate_low),
            count(g.run_rate_high),
            count(g.run_rate_per_period),
            count(g.run_rate_expected),
            count(g.run_rate_per_year),
            count(g.landing_next_91_days),
            count(g.landing_next_12_months),
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
pub(super) fn keep_inside(x: f64, text: &str, size: f64, anchor: &str, width: f64) -> f64 {
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

fn plan(r: &Report, out: &mut String) {
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
    let alone = format!("{}, ideas alone added up", r.short(Figure::RunRate));
    let columns = [
        (r.short(Figure::RunRate), r.plan.run_rate_per_period),
        (r.short(Figure::P10), o.p10),
        (r.short(Figure::P50), o.p50),
        (r.short(Figure::P90), o.p90),
        (r.short(Figure::Mean), o.mean),
        (alone, o.sum_alone),
        (r.short(Figure::RunRateYear), r.plan.run_rate_per_year),
        (r.short(Figure::Next91Days), r.plan.landing_next_91_days),
        (r.short(Figure::Next12Months), r.plan.landing_next_12_months),
    ];
    let _ = write!(
        out,
        "<table>\n<caption>{} of the plan, and what lands</caption>\n<thead><tr>",
        r.name(Figure::RunRate)
    );
    for (head, _) in &columns {
        let _ = write!(out, "<th scope=\"col\" class=\"n\">{}</th>", e(head));
    }
    out.push_str("</tr></thead>\n<tbody><tr>");
    for (_, v) in &columns {
        let _ = write!(out, "<td class=\"n\">{}</td>", line(&r.money(*v)));
    }
    let _ = write!(
        out,
        "</tr></tbody>\n</table>\n<p class=\"lede\">Effects on one funnel multiply, so the ideas together are usually worth more than each alone added up. \
         {} and {} count the plan's likely gain that arrives in time, each idea from the day it starts to pay.</p>\n</section>\n",
        r.name(Figure::Next91Days),
        r.name(Figure::Next12Months).to_lowercase(),
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
            "<h3>{}</h3>\n<p>{} lost ({}): {} {} · {} {} · {} {}.</p>\n",
            line(&st.label),
            count(st.lost),
            percent(st.lost_share),
            r.name(Figure::ValueLostCeiling),
            line(&r.money(st.value_lost_ceiling)),
            r.name(Figure::Recover10),
            line(&r.money(st.recover_10pct)),
            r.name(Figure::Controllable),
            line(&r.money(st.controllable)),
        );
        cause_table(st, out);
    }
    out.push_str("</section>\n");
}

/// A bar as long as a team's share of the controllable value lost.
fn share_svg(team: &str, share: f64, out: &mut String) {
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

fn date_or_dash(d: Option<chrono::NaiveDate>) -> String {
    d.map_or_else(|| "—".to_string(), |d| d.format("%Y-%m-%d").to_string())
}

/// User text for a cell, "—" when there is none.
fn or_dash(text: &str) -> String {
    if fold(text).is_empty() {
        "—".to_string()
    } else {
        line(text)
    }
}

/// Actions, KPIs, team goals, the hand-off agreement, who has to change
/// more and the reverse funnel: what the room leaves with.
fn commitments(r: &Report, out: &mut String) {
    actions(r, out);
    kpis(r, out);
    team_goals(r, out);
    agreement(r, out);
    who_changes_more(r, out);
    reverse_funnel(r, out);
}

fn actions(r: &Report, out: &mut String) {
    let c = &r.commitments;
    if c.actions.is_empty() {
        return;
    }
    out.push_str("<section class=\"chapter\" aria-labelledby=\"h-actions\">\n<h2 id=\"h-actions\">Actions</h2>\n");
    let _ = writeln!(
        out,
        "<p class=\"lede\">Who does what by when, and the KPI it moves. The SMART letters (specific, measurable, assigned, realistic, time-bound) are a nudge, not a block: ✓ met, ✗ not met, ? the model cannot judge.{}</p>",
        c.check_in.map_or_else(String::new, |d| format!(
            " Next check-in: {}.",
            d.format("%Y-%m-%d")
        ))
    );
    out.push_str(
        "<table class=\"actions\">\n<thead><tr><th scope=\"col\" class=\"n\">#</th><th scope=\"col\">Action</th><th scope=\"col\">Owner</th>\
         <th scope=\"col\">Team</th><th scope=\"col\">Due</th><th scope=\"col\">Status</th><th scope=\"col\">KPI</th><th scope=\"col\">SMART</th></tr></thead>\n<tbody>\n",
    );
    for a in &c.actions {
        let _ = write!(
            out,
            "<tr><td class=\"n\">{}</td><th scope=\"row\">{}",
            a.number,
            or_dash(&a.title)
        );
        for u in a.unmet() {
            let _ = write!(out, "<span class=\"note\">{}</span>", line(&u));
        }
        let _ = writeln!(
            out,
            "</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            or_dash(&a.owner),
            a.team.map_or("—", team_name),
            date_or_dash(a.due),
            a.status.label(),
            a.kpi.as_deref().map_or_else(|| "—".to_string(), or_dash),
            e(&a.smart_marks)
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn kpis(r: &Report, out: &mut String) {
    let c = &r.commitments;
    if c.kpis.is_empty() {
        return;
    }
    out.push_str(
        "<section class=\"chapter\" aria-labelledby=\"h-kpis\">\n<h2 id=\"h-kpis\">Shared KPIs</h2>\n\
         <p class=\"lede\">Managed KPIs are the ones the teams steer; monitored ones they watch. A KPI tied to the funnel takes its baseline from the session and, unless one was typed, its target from the plan at likely.</p>\n\
         <table class=\"kpis\">\n<thead><tr><th scope=\"col\">KPI</th><th scope=\"col\">Kind</th><th scope=\"col\">Team</th><th scope=\"col\">Measure</th>\
         <th scope=\"col\">Baseline → target</th><th scope=\"col\">Target from</th><th scope=\"col\">Actual</th><th scope=\"col\">Cadence</th></tr></thead>\n<tbody>\n",
    );
    for k in &c.kpis {
        let _ = write!(out, "<tr><th scope=\"row\">{}", or_dash(&k.name));
        if !fold(&k.definition).is_empty() {
            let _ = write!(out, "<span class=\"note\">{}</span>", line(&k.definition));
        }
        let _ = write!(
            out,
            "</th><td><span class=\"tag\">{}</span></td><td>{}</td><td>{}",
            k.kind.label(),
            team_name(k.team),
            line(&k.measure)
        );
        if let Some(why) = &k.unbound {
            let _ = write!(out, "<span class=\"note\">{}</span>", line(why));
        }
        let _ = writeln!(
            out,
            "</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            line(&r.kpi_baseline_target(k)),
            match k.target_source {
                Some("typed") => "typed",
                Some(_) => "the plan",
                None => "—",
            },
            k.actual
                .map_or_else(|| "—".to_string(), |v| line(&r.kpi_value(k, v))),
            k.cadence.label()
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn team_goals(r: &Report, out: &mut String) {
    let goals = &r.commitments.team_goals;
    if goals.is_empty() {
        return;
    }
    out.push_str("<section class=\"chapter keep\" aria-labelledby=\"h-goals\">\n<h2 id=\"h-goals\">Team goals</h2>\n<dl class=\"legend\">\n");
    for g in goals {
        let _ = writeln!(
            out,
            "<div><dt>{}</dt><dd>{}</dd></div>",
            team_name(g.team),
            or_dash(&g.text)
        );
    }
    out.push_str("</dl>\n</section>\n");
}

fn agreement(r: &Report, out: &mut String) {
    let c = &r.commitments;
    if !c.has_agreement() {
        return;
    }
    out.push_str(
        "<section class=\"chapter\" aria-labelledby=\"h-agreement\">\n<h2 id=\"h-agreement\">Hand-off agreement</h2>\n\
         <p class=\"lede\">What makes a prospect count at each stage, and what each side owes the other where a prospect changes hands.</p>\n\
         <table>\n<thead><tr><th scope=\"col\">Stage</th><th scope=\"col\">Team</th><th scope=\"col\">Definition (entry criteria)</th></tr></thead>\n<tbody>\n",
    );
    for a in &c.agreement {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>",
            or_dash(&a.name),
            team_name(a.team),
            or_dash(&a.definition)
        );
    }
    out.push_str("</tbody>\n</table>\n");
    for a in &c.agreement {
        let Some(h) = &a.handoff else { continue };
        let _ = writeln!(
            out,
            "<h3>{}: {}</h3>\n<dl class=\"legend\"><div><dt>Service level</dt><dd>{}</dd></div><div><dt>Rejected or not ready</dt><dd>{}</dd></div></dl>",
            line(&h.step_label),
            e(&h.direction),
            or_dash(&h.service_level),
            or_dash(&h.on_reject)
        );
    }
    out.push_str("</section>\n");
}

/// Per team, the value lost to causes it controls, against what external
/// causes explain (MODEL.md §6): numbers and a bar each, not a verdict.
fn who_changes_more(r: &Report, out: &mut String) {
    if r.steps.is_empty() {
        return;
    }
    let w = &r.commitments.who_changes_more;
    out.push_str(
        "<section class=\"chapter keep\" aria-labelledby=\"h-change\">\n<h2 id=\"h-change\">Who has to change more</h2>\n",
    );
    if w.controllable_total <= 0.0 {
        // Nobody owns a share of nothing: no "owns 0.0 %" sentences.
        out.push_str("<p>No internal causes recorded, so no value lost is controllable yet.");
        if w.external > 0.0 {
            let _ = write!(out, " {}", line(&w.external_sentence));
        }
        out.push_str("</p>\n</section>\n");
        return;
    }
    let control = r.name(Figure::Controllable);
    let _ = write!(
        out,
        "<p class=\"lede\">{}: the value lost to causes the teams control, by the team that owns the cause. A number, not a verdict.</p>\n\
         <table class=\"teams\">\n<thead><tr><th scope=\"col\">Team</th><th scope=\"col\" class=\"n\">{}</th><th scope=\"col\" class=\"n\">Share</th>\
         <th scope=\"col\">Share of the controllable value lost</th></tr></thead>\n<tbody>\n",
        e(&control),
        e(&control),
    );
    for t in &w.teams {
        let name = team_name(t.team);
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"range\">",
            e(name),
            line(&r.money(t.controllable)),
            team_share(t.share)
        );
        share_svg(name, t.share, out);
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody>\n</table>\n<ul>\n");
    for t in &w.teams {
        let _ = writeln!(out, "<li>{}.</li>", line(&t.sentence));
    }
    let _ = write!(
        out,
        "</ul>\n<p>{}</p>\n</section>\n",
        line(&w.external_sentence)
    );
}

fn reverse_funnel(r: &Report, out: &mut String) {
    let Some(rf) = &r.commitments.reverse_funnel else {
        return;
    };
    let _ = write!(
        out,
        "<section class=\"chapter keep\" aria-labelledby=\"h-reverse\">\n<h2 id=\"h-reverse\">Reverse funnel</h2>\n\
         <p class=\"lede\">For a {} of {}: the prospects each stage must see, rounded up, at today's conversions and at the plan's likely conversions.</p>\n\
         <table>\n<thead><tr><th scope=\"col\">Stage</th><th scope=\"col\" class=\"n\">Today</th>\
         <th scope=\"col\" class=\"n\">Needed at today's conversions</th><th scope=\"col\" class=\"n\">Needed with the plan</th></tr></thead>\n<tbody>\n",
        e(&r.name(Figure::RevenueTarget).to_lowercase()),
        line(&r.money(rf.revenue_target_per_period))
    );
    for st in &rf.stages {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            or_dash(&st.name),
            count(st.count_today as f64),
            line(&st.today_text()),
            line(&st.plan_text())
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
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
