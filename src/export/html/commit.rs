//! What the room leaves with, in the report: actions with their SMART
//! marks, the shared KPIs, team goals, the hand-off agreement, who has to
//! change more and the reverse funnel. Apart from the findings in
//! `sections` because these are the commitments people are held to, each
//! section shown only when the session has some.

use std::fmt::Write;

use super::charts::share_svg;
use super::{e, line, or_dash};
use crate::export::report::Report;
use crate::export::text::{date_or_dash, fold, team_name, team_share};
use crate::format::{Figure, count};

/// Actions, KPIs, team goals, the hand-off agreement, who has to change
/// more and the reverse funnel: what the room leaves with.
pub(super) fn commitments(r: &Report, out: &mut String) {
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
