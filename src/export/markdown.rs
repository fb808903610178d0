//! GitHub-flavoured Markdown: pastes into Confluence, Notion, GitHub and
//! Slack. User text is escaped with `md_inline`, so a pipe, a newline or
//! `<script>` in a name cannot break a table or inject HTML.

use std::fmt::Write;

use super::report::{Report, StepRow};
use super::text::{Align, MdTable, fold, md_inline, md_line, share};
use crate::format::{count, percent};

pub fn render(r: &Report) -> String {
    let mut out = String::with_capacity(4096 + r.ideas.len() * 400);
    header(r, &mut out);
    at_a_glance(r, &mut out);
    people(r, &mut out);
    funnel(r, &mut out);
    causes(r, &mut out);
    ideas(r, &mut out);
    sensitivity(r, &mut out);
    plan(r, &mut out);
    commitments(r, &mut out);
    notes(r, &mut out);
    out
}

fn or_dash(text: &str) -> String {
    if fold(text).is_empty() {
        "—".to_string()
    } else {
        md_inline(text)
    }
}

fn header(r: &Report, out: &mut String) {
    let s = r.session;
    let title = if fold(&s.title).is_empty() {
        "Funnel Reality Check".to_string()
    } else {
        md_inline(&s.title)
    };
    let _ = writeln!(out, "# {title}\n");
    let mut facts = Vec::new();
    if !fold(&s.company).is_empty() {
        facts.push(format!("**Company:** {}", md_inline(&s.company)));
    }
    facts.push(format!("**Date:** {}", s.date.format("%Y-%m-%d")));
    if !fold(&s.facilitator).is_empty() {
        facts.push(format!("**Facilitator:** {}", md_inline(&s.facilitator)));
    }
    facts.push(format!("**Counts per:** {}", r.period_label()));
    facts.push(format!(
        "**Average deal:** {}",
        md_inline(&r.money(r.deal_size))
    ));
    let _ = writeln!(out, "{}\n", facts.join(" · "));
}

fn at_a_glance(r: &Report, out: &mut String) {
    let p = r.period_label();
    out.push_str("## At a glance\n\n");
    let _ = writeln!(
        out,
        "- **Revenue today:** {} a {p} ({} won at {} each)",
        md_inline(&r.money(r.revenue)),
        count(r.won),
        md_inline(&r.money(r.deal_size))
    );
    match r.leak() {
        Some(l) => {
            let _ = writeln!(
                out,
                "- **Biggest leak:** {}, losing {} of its prospects, worth {} a {p}",
                md_inline(&l.label),
                percent(l.lost_share),
                md_inline(&r.money(l.value_lost))
            );
        }
        None => out.push_str("- **Biggest leak:** none, no step loses anything\n"),
    }
    if r.plan.ideas.is_empty() {
        out.push_str("- **Plan:** no ideas chosen yet\n");
    } else {
        let o = &r.plan.outcome;
        let _ = writeln!(
            out,
            "- **Plan ({} ideas):** {} a {p} likely (P50); P10 {}, P90 {}",
            r.plan.ideas.len(),
            md_inline(&r.money(o.p50)),
            md_inline(&r.money(o.p10)),
            md_inline(&r.money(o.p90))
        );
        let _ = writeln!(
            out,
            "- **Plan gain landing this quarter:** {}; **this year:** {}",
            md_inline(&r.money(r.plan.gain_this_quarter)),
            md_inline(&r.money(r.plan.gain_this_year))
        );
    }
    out.push('\n');
}

fn people(r: &Report, out: &mut String) {
    let s = r.session;
    out.push_str("## Participants and pairs\n\n");
    if s.participants.is_empty() {
        out.push_str("No participants recorded.\n\n");
    } else {
        let mut t = MdTable::new(&[("Name", Align::Left), ("Team", Align::Left)]);
        for p in &s.participants {
            t.row(vec![or_dash(&p.name), p.role.label().to_string()]);
        }
        t.write(out);
        out.push('\n');
    }
    if !s.pairs.is_empty() {
        let mut t = MdTable::new(&[("Pair", Align::Left), ("Works on", Align::Left)]);
        for pair in &s.pairs {
            let steps: Vec<String> = pair
                .steps
                .iter()
                .map(|k| super::report::step_label(s, *k))
                .collect();
            let steps = if steps.is_empty() {
                "—".to_string()
            } else {
                md_inline(&steps.join(", "))
            };
            t.row(vec![md_inline(&s.pair_label(pair.id)), steps]);
        }
        t.write(out);
        out.push('\n');
    }
}

fn funnel(r: &Report, out: &mut String) {
    let money_col = format!("Value lost a {}", r.period_label());
    let _ = writeln!(out, "## The funnel\n\nCounts per {}.\n", r.period_label());
    if r.steps.is_empty() {
        out.push_str("The funnel has fewer than two stages, so there are no steps.\n\n");
        return;
    }
    let mut t = MdTable::new(&[
        ("Step", Align::Left),
        ("Count", Align::Right),
        ("Reached next", Align::Right),
        ("Conversion", Align::Right),
        ("Lost", Align::Right),
        ("Lost share", Align::Right),
        (money_col.as_str(), Align::Right),
    ]);
    for st in &r.steps {
        let mut label = md_inline(&st.label);
        if r.biggest_leak == Some(st.step) {
            label.push_str(" **(biggest leak)**");
        }
        t.row(vec![
            label,
            count(st.count_from),
            count(st.count_to),
            percent(st.conversion),
            count(st.lost),
            percent(st.lost_share),
            md_inline(&r.money(st.value_lost)),
        ]);
    }
    t.write(out);
    let _ = writeln!(
        out,
        "\nRevenue today: {} a {}.\n",
        md_inline(&r.money(r.revenue)),
        r.period_label()
    );
}

fn cause_table(st: &StepRow, out: &mut String) {
    let mut t = MdTable::new(&[
        ("Cause", Align::Left),
        ("Share of losses", Align::Right),
        ("Origin", Align::Left),
        ("Team", Align::Left),
        ("Note", Align::Left),
    ]);
    for c in &st.causes {
        t.row(vec![
            or_dash(&c.reason),
            share(c.share),
            c.origin.label().into(),
            c.team.label().into(),
            md_inline(&c.note),
        ]);
    }
    t.row(vec![
        "*unexplained*".into(),
        share(st.unexplained_share),
        String::new(),
        String::new(),
        String::new(),
    ]);
    t.write(out);
}

fn causes(r: &Report, out: &mut String) {
    if r.steps.is_empty() {
        return;
    }
    out.push_str("## Why prospects are lost\n\n");
    for st in &r.steps {
        let _ = writeln!(out, "### {}\n", md_inline(&st.label));
        let _ = writeln!(
            out,
            "{} lost ({}).\n",
            count(st.lost),
            percent(st.lost_share)
        );
        cause_table(st, out);
        out.push('\n');
    }
}

fn ideas(r: &Report, out: &mut String) {
    let _ = writeln!(out, "## Ideas, ranked by {}\n", r.ranked_by_label());
    if r.ideas.is_empty() {
        out.push_str("No ideas recorded.\n\n");
        return;
    }
    let _ = writeln!(
        out,
        "Gains in {} a {}, except annual; \u{201c}this quarter\u{201d} is the likely gain that lands in the next 91 days after lead time and the funnel's lag.\n",
        md_inline(if r.currency.is_empty() {
            "the session's currency"
        } else {
            &r.currency
        }),
        r.period_label()
    );
    let mut t = MdTable::new(&[
        ("#", Align::Right),
        ("Idea", Align::Left),
        ("Effect (low / likely / high)", Align::Left),
        ("Low", Align::Right),
        ("Likely", Align::Right),
        ("High", Align::Right),
        ("Expected", Align::Right),
        ("Annual", Align::Right),
        ("This quarter", Align::Right),
        ("Votes", Align::Right),
        ("Pair", Align::Left),
    ]);
    for i in &r.ideas {
        let mut title = or_dash(&i.title);
        if i.in_plan {
            title.push_str(" **(plan)**");
        }
        let g = &i.gains;
        t.row(vec![
            i.rank.to_string(),
            title,
            md_inline(&i.effect_summary),
            md_inline(&r.money(g.low)),
            md_inline(&r.money(g.likely)),
            md_inline(&r.money(g.high)),
            md_inline(&r.money(g.expected)),
            md_inline(&r.money(g.annual)),
            md_inline(&r.money(g.quarter)),
            i.votes.to_string(),
            i.pair_label
                .as_deref()
                .map_or_else(|| "—".to_string(), md_inline),
        ]);
    }
    t.write(out);
    out.push('\n');
}

fn sensitivity(r: &Report, out: &mut String) {
    if r.sensitivity.is_empty() {
        return;
    }
    out.push_str("## Stage sensitivity: where the funnel leaks\n\n");
    let _ = writeln!(
        out,
        "Gain a {} from the same improvement at each step, largest first.\n",
        r.period_label()
    );
    let mut t = MdTable::new(&[
        ("Step", Align::Left),
        ("Recover 10 % of losses", Align::Right),
        ("+1 point conversion", Align::Right),
    ]);
    for s in &r.sensitivity {
        t.row(vec![
            md_inline(&s.label),
            md_inline(&r.money(s.recover_10pct)),
            md_inline(&r.money(s.plus_1pt)),
        ]);
    }
    t.write(out);
    out.push('\n');
}

fn plan(r: &Report, out: &mut String) {
    out.push_str("## The plan\n\n");
    if r.plan.ideas.is_empty() {
        out.push_str("No ideas chosen for the plan.\n\n");
        return;
    }
    for p in &r.plan.ideas {
        let _ = writeln!(
            out,
            "- {}",
            if fold(&p.title).is_empty() {
                "—".to_string()
            } else {
                md_line(&p.title)
            }
        );
    }
    let o = &r.plan.outcome;
    let _ = writeln!(
        out,
        "\nGain a {} from {} simulated outcomes (seed {}):\n",
        r.period_label(),
        count(f64::from(o.samples)),
        o.seed
    );
    let mut t = MdTable::new(&[
        ("P10", Align::Right),
        ("P50", Align::Right),
        ("P90", Align::Right),
        ("Mean", Align::Right),
        ("Together (likely)", Align::Right),
        ("Sum of ideas alone", Align::Right),
    ]);
    t.row(
        [o.p10, o.p50, o.p90, o.mean, o.together, o.sum_alone]
            .iter()
            .map(|v| md_inline(&r.money(*v)))
            .collect(),
    );
    t.write(out);
    let _ = writeln!(
        out,
        "\nLanding this quarter: {}; this year: {} (likely, after lead time and lag).\n",
        md_inline(&r.money(r.plan.gain_this_quarter)),
        md_inline(&r.money(r.plan.gain_this_year))
    );
}

fn commitments(r: &Report, out: &mut String) {
    let s = r.session;
    if !s.actions.is_empty() {
        out.push_str("## Commitments\n\n");
        let mut t = MdTable::new(&[
            ("Action", Align::Left),
            ("Owner", Align::Left),
            ("Due", Align::Left),
            ("KPI", Align::Left),
        ]);
        for a in &s.actions {
            t.row(vec![
                or_dash(&a.title),
                or_dash(&a.owner),
                a.due
                    .map_or_else(|| "—".to_string(), |d| d.format("%Y-%m-%d").to_string()),
                a.kpi.as_deref().map_or_else(|| "—".to_string(), or_dash),
            ]);
        }
        t.write(out);
        out.push('\n');
    }
    if !s.kpis.is_empty() {
        out.push_str("## KPIs\n\n");
        let mut t = MdTable::new(&[
            ("KPI", Align::Left),
            ("Kind", Align::Left),
            ("Team", Align::Left),
            ("Target", Align::Left),
        ]);
        for k in &s.kpis {
            let kind = match k.kind {
                crate::session::KpiKind::Managed => "managed",
                crate::session::KpiKind::Monitored => "monitored",
            };
            t.row(vec![
                or_dash(&k.name),
                kind.into(),
                k.team.label().into(),
                or_dash(&k.target),
            ]);
        }
        t.write(out);
        out.push('\n');
    }
}

fn notes(r: &Report, out: &mut String) {
    out.push_str("## Facilitator notes\n\n");
    let paragraphs: Vec<String> = r
        .session
        .notes
        .lines()
        .map(md_line)
        .filter(|l| !l.is_empty())
        .collect();
    if paragraphs.is_empty() {
        out.push_str("No notes.\n");
    } else {
        out.push_str(&paragraphs.join("\n\n"));
        out.push('\n');
    }
}
