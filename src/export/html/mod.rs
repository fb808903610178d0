//! One self-contained HTML file that reads like a consultant's report:
//! inline CSS (`assets/export.css`), inline SVG charts, no script and no
//! request of any kind (a Content-Security-Policy forbids them even if a
//! browser were tempted). Every piece of user text goes through
//! `html_escape::encode_safe`, inside elements and attributes alike.
//!
//! This file is the page shell (head, cover, headline cards, the legend of
//! amounts, the footer) and the escaping helpers the parts share (the trend
//! section in `super::trend` uses them too); the charts, the sections and
//! the commitments live beside it so each reads as one idea.

mod charts;
mod commit;
mod sections;

use std::borrow::Cow;
use std::fmt::Write;

use super::report::{Report, legend_groups};
use super::text::fold;
use crate::format::{Figure, count, percent};

pub(super) use charts::keep_inside;

/// The report stylesheet, embedded so the file stands alone.
pub const CSS: &str = include_str!("../../../assets/export.css");

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

/// User text for a cell, "—" when there is none.
pub(super) fn or_dash(text: &str) -> String {
    if fold(text).is_empty() {
        "—".to_string()
    } else {
        line(text)
    }
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
    sections::funnel(r, &mut out);
    super::trend::section(r, &mut out);
    sections::sensitivity(r, &mut out);
    sections::ideas(r, &mut out);
    sections::plan(r, &mut out);
    sections::causes(r, &mut out);
    super::segments::html(r, &mut out);
    sections::people(r, &mut out);
    commit::commitments(r, &mut out);
    sections::notes(r, &mut out);
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
