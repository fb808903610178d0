//! The report's chapters on what the room found: the funnel and its
//! conversions, where it leaks, the ideas ranked, the plan, why prospects
//! are lost, who took part, and the facilitator's notes. Each lays out
//! figures the [`Report`] already holds; the charts come from `charts`.

use std::fmt::Write;

use super::charts::{funnel_chart, plan_chart, range_svg, tornado};
use super::{e, line, or_dash};
use crate::export::report::{Report, StepRow, step_label};
use crate::export::text::{fold, share};
use crate::format::{Figure, count, percent};

pub(super) fn funnel(r: &Report, out: &mut String) {
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

pub(super) fn sensitivity(r: &Report, out: &mut String) {
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

pub(super) fn ideas(r: &Report, out: &mut String) {
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
            or_dash(&i.title),
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

pub(super) fn plan(r: &Report, out: &mut String) {
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
        let _ = writeln!(out, "<li>{}</li>", or_dash(&i.title));
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
            or_dash(&c.reason),
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

pub(super) fn causes(r: &Report, out: &mut String) {
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

pub(super) fn people(r: &Report, out: &mut String) {
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
            let steps: Vec<String> = pair.steps.iter().map(|k| step_label(s, *k)).collect();
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

pub(super) fn notes(r: &Report, out: &mut String) {
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
