//! GitHub-flavoured Markdown: pastes into Confluence, Notion, GitHub and
//! Slack. User text is escaped with `md_inline`, so a pipe, a newline or
//! `<script>` in a name cannot break a table or inject HTML.

use std::fmt::Write;

use super::report::{Report, StepRow, legend_groups};
use super::text::{Align, MdTable, date_or_dash, fold, md_inline, md_line, share, team_name};
use crate::format::{Figure, count, percent};

pub fn render(r: &Report) -> String {
    let mut out = String::with_capacity(4096 + r.ideas.len() * 400);
    header(r, &mut out);
    how_to_read(r, &mut out);
    at_a_glance(r, &mut out);
    super::review::markdown(r, &mut out);
    super::trend_md::markdown(r, &mut out);
    people(r, &mut out);
    funnel(r, &mut out);
    causes(r, &mut out);
    super::segments::markdown(r, &mut out);
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

/// One line per figure (figures that share a legend share the line): what
/// each amount in the report means, before the first amount.
fn how_to_read(r: &Report, out: &mut String) {
    let _ = writeln!(
        out,
        "## How to read the amounts\n\nAmounts in {}; figures per {} are for one {} of the funnel.\n",
        md_inline(if r.currency.is_empty() {
            "the session's currency"
        } else {
            &r.currency
        }),
        r.period_label(),
        r.period_label()
    );
    for (figures, legend) in legend_groups(r.period) {
        let names: Vec<String> = figures
            .iter()
            .map(|f| format!("**{}**", r.name(*f)))
            .collect();
        let _ = writeln!(out, "- {}: {legend}", names.join(" · "));
    }
    out.push('\n');
}

/// "Value lost per quarter (ceiling) EUR 11,650,909 · Recover 10 % per
/// quarter EUR 1,165,091 · Controllable per quarter EUR 6,408,000": the
/// ceiling never stands alone.
fn value_lost_trio(r: &Report, st: &StepRow) -> String {
    [
        (Figure::ValueLostCeiling, st.value_lost_ceiling),
        (Figure::Recover10, st.recover_10pct),
        (Figure::Controllable, st.controllable),
    ]
    .iter()
    .map(|(f, v)| format!("{} {}", r.name(*f), md_inline(&r.money(*v))))
    .collect::<Vec<_>>()
    .join(" · ")
}

fn at_a_glance(r: &Report, out: &mut String) {
    out.push_str("## At a glance\n\n");
    let _ = writeln!(
        out,
        "- **{} (today):** {} ({} won at {} each)",
        r.name(Figure::Revenue),
        md_inline(&r.money(r.revenue_per_period)),
        count(r.won),
        md_inline(&r.money(r.deal_size))
    );
    match r.leak() {
        Some(l) => {
            let _ = writeln!(
                out,
                "- **Biggest leak:** {}, losing {} of its prospects: {}",
                md_inline(&l.label),
                percent(l.lost_share),
                value_lost_trio(r, l)
            );
        }
        None => out.push_str("- **Biggest leak:** none, no step loses anything\n"),
    }
    if r.plan.ideas.is_empty() {
        out.push_str("- **Plan:** no ideas chosen yet\n");
    } else {
        let o = &r.plan.outcome;
        let plan = match r.plan.ideas.len() {
            1 => "1 idea".to_string(),
            n => format!("{n} ideas"),
        };
        let _ = writeln!(
            out,
            "- **Plan · {}:** {} ({plan}; {} {} – {} {})",
            r.name(Figure::RunRate),
            md_inline(&r.money(r.plan.run_rate_per_period)),
            r.short(Figure::P10),
            md_inline(&r.money(o.p10)),
            r.short(Figure::P90),
            md_inline(&r.money(o.p90))
        );
        for (f, v) in [
            (Figure::Next91Days, r.plan.landing_next_91_days),
            (Figure::Next12Months, r.plan.landing_next_12_months),
        ] {
            let _ = writeln!(
                out,
                "- **Plan · {}:** {}",
                r.name(f),
                md_inline(&r.money(v))
            );
        }
    }
    if !r.acting_teams().is_empty() {
        let _ = writeln!(out, "- **Who can act:** {}", r.team_sentence());
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
    let ceiling = r.name(Figure::ValueLostCeiling);
    let recover = r.short(Figure::Recover10);
    let control = r.short(Figure::Controllable);
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
        (ceiling.as_str(), Align::Right),
        (recover.as_str(), Align::Right),
        (control.as_str(), Align::Right),
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
            md_inline(&r.money(st.value_lost_ceiling)),
            md_inline(&r.money(st.recover_10pct)),
            md_inline(&r.money(st.controllable)),
        ]);
    }
    t.write(out);
    let _ = writeln!(
        out,
        "\nValue lost is a ceiling: it counts every lost prospect as if it had gone on like the rest. {} is what a realistic fix is worth; {} is the part the teams can act on.\n\n{} (today): {}.\n",
        r.name(Figure::Recover10),
        r.name(Figure::Controllable).to_lowercase(),
        r.name(Figure::Revenue),
        md_inline(&r.money(r.revenue_per_period)),
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
    const COLUMNS: [Figure; 7] = [
        Figure::Low,
        Figure::RunRate,
        Figure::High,
        Figure::Expected,
        Figure::RunRateYear,
        Figure::Next91Days,
        Figure::Next12Months,
    ];
    let heads: Vec<String> = COLUMNS.iter().map(|f| r.short(*f)).collect();
    let mut columns = vec![
        ("#", Align::Right),
        ("Idea", Align::Left),
        ("Effect (low / likely / high)", Align::Left),
    ];
    columns.extend(heads.iter().map(|h| (h.as_str(), Align::Right)));
    columns.extend([("Votes", Align::Right), ("Pair", Align::Left)]);
    let mut t = MdTable::new(&columns);
    for i in &r.ideas {
        let mut title = or_dash(&i.title);
        if i.in_plan {
            title.push_str(" **(plan)**");
        }
        let g = &i.figures;
        let mut row = vec![i.rank.to_string(), title, md_inline(&i.effect_summary)];
        row.extend(
            [
                g.run_rate_low,
                g.run_rate_per_period,
                g.run_rate_high,
                g.run_rate_expected,
                g.run_rate_per_year,
                g.landing_next_91_days,
                g.landing_next_12_months,
            ]
            .iter()
            .map(|v| md_inline(&r.money(*v))),
        );
        row.extend([
            i.votes.to_string(),
            i.pair_label
                .as_deref()
                .map_or_else(|| "—".to_string(), md_inline),
        ]);
        t.row(row);
    }
    t.write(out);
    out.push('\n');
}

fn sensitivity(r: &Report, out: &mut String) {
    if r.sensitivity.is_empty() {
        return;
    }
    out.push_str("## Stage sensitivity: where the funnel leaks\n\n");
    out.push_str("The same improvement at each step, largest first.\n\n");
    let recover = r.name(Figure::Recover10);
    let plus = format!("+1 point conversion per {}", r.period_label());
    let mut t = MdTable::new(&[
        ("Step", Align::Left),
        (recover.as_str(), Align::Right),
        (plus.as_str(), Align::Right),
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
        "\n{} of the plan: all its ideas working, applied together, from {} simulated outcomes (seed {}):\n",
        r.name(Figure::RunRate),
        count(f64::from(o.samples)),
        o.seed
    );
    let alone = format!("{}, ideas alone added up", r.short(Figure::RunRate));
    let heads = [
        r.short(Figure::RunRate),
        r.short(Figure::P10),
        r.short(Figure::P50),
        r.short(Figure::P90),
        r.short(Figure::Mean),
        alone,
        r.short(Figure::RunRateYear),
    ];
    let mut t = MdTable::new(
        &heads
            .iter()
            .map(|h| (h.as_str(), Align::Right))
            .collect::<Vec<_>>(),
    );
    t.row(
        [
            r.plan.run_rate_per_period,
            o.p10,
            o.p50,
            o.p90,
            o.mean,
            o.sum_alone,
            r.plan.run_rate_per_year,
        ]
        .iter()
        .map(|v| md_inline(&r.money(*v)))
        .collect(),
    );
    t.write(out);
    let _ = writeln!(
        out,
        "\n{}: {}. {}: {}.\n",
        r.name(Figure::Next91Days),
        md_inline(&r.money(r.plan.landing_next_91_days)),
        r.name(Figure::Next12Months),
        md_inline(&r.money(r.plan.landing_next_12_months))
    );
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
    out.push_str("## Actions\n\n");
    if let Some(d) = c.check_in {
        let _ = writeln!(out, "Next check-in: {}.\n", d.format("%Y-%m-%d"));
    }
    let mut t = MdTable::new(&[
        ("#", Align::Right),
        ("Action", Align::Left),
        ("Owner", Align::Left),
        ("Team", Align::Left),
        ("Due", Align::Left),
        ("Status", Align::Left),
        ("KPI", Align::Left),
        ("SMART", Align::Left),
    ]);
    for a in &c.actions {
        t.row(vec![
            a.number.to_string(),
            or_dash(&a.title),
            or_dash(&a.owner),
            a.team.map_or("—", team_name).to_string(),
            date_or_dash(a.due),
            a.status.label().to_string(),
            a.kpi.as_deref().map_or_else(|| "—".to_string(), or_dash),
            a.smart_marks.clone(),
        ]);
    }
    t.write(out);
    let unmet: Vec<String> = c
        .actions
        .iter()
        .filter(|a| !a.unmet().is_empty())
        .map(|a| {
            let reasons: Vec<String> = a.unmet().iter().map(|u| md_inline(u)).collect();
            format!("- **{}.** {}", a.number, reasons.join("; "))
        })
        .collect();
    if !unmet.is_empty() {
        out.push_str("\nSMART letters not met (a nudge, not a block):\n\n");
        out.push_str(&unmet.join("\n"));
        out.push('\n');
    }
    out.push('\n');
}

fn kpis(r: &Report, out: &mut String) {
    let c = &r.commitments;
    if c.kpis.is_empty() {
        return;
    }
    out.push_str("## Shared KPIs\n\n");
    out.push_str(
        "Managed KPIs are the ones the teams steer; monitored ones they watch. A KPI tied to the funnel takes its baseline from the session and, unless one was typed, its target from the plan at likely.\n\n",
    );
    let mut t = MdTable::new(&[
        ("KPI", Align::Left),
        ("Kind", Align::Left),
        ("Team", Align::Left),
        ("Measure", Align::Left),
        ("Baseline → target", Align::Left),
        ("Target from", Align::Left),
        ("Actual", Align::Left),
        ("Cadence", Align::Left),
    ]);
    for k in &c.kpis {
        let measure = match &k.unbound {
            Some(why) => format!("{} ({})", k.measure, why),
            None => k.measure.clone(),
        };
        t.row(vec![
            or_dash(&k.name),
            k.kind.label().to_string(),
            team_name(k.team).to_string(),
            md_inline(&measure),
            md_inline(&r.kpi_baseline_target(k)),
            match k.target_source {
                Some("typed") => "typed".to_string(),
                Some(_) => "the plan".to_string(),
                None => "—".to_string(),
            },
            k.actual
                .map_or_else(|| "—".to_string(), |v| md_inline(&r.kpi_value(k, v))),
            k.cadence.label().to_string(),
        ]);
    }
    t.write(out);
    let defined: Vec<String> = c
        .kpis
        .iter()
        .filter(|k| !fold(&k.definition).is_empty())
        .map(|k| format!("- **{}:** {}", or_dash(&k.name), md_inline(&k.definition)))
        .collect();
    if !defined.is_empty() {
        out.push_str("\nDefinitions:\n\n");
        out.push_str(&defined.join("\n"));
        out.push('\n');
    }
    out.push('\n');
}

fn team_goals(r: &Report, out: &mut String) {
    let goals = &r.commitments.team_goals;
    if goals.is_empty() {
        return;
    }
    out.push_str("## Team goals\n\n");
    for g in goals {
        let _ = writeln!(
            out,
            "- **{}:** {}",
            team_name(g.team),
            if fold(&g.text).is_empty() {
                "—".to_string()
            } else {
                md_inline(&g.text)
            }
        );
    }
    out.push('\n');
}

fn agreement(r: &Report, out: &mut String) {
    let c = &r.commitments;
    if !c.has_agreement() {
        return;
    }
    out.push_str("## Hand-off agreement\n\n");
    out.push_str("What makes a prospect count at each stage:\n\n");
    let mut t = MdTable::new(&[
        ("Stage", Align::Left),
        ("Team", Align::Left),
        ("Definition (entry criteria)", Align::Left),
    ]);
    for a in &c.agreement {
        t.row(vec![
            or_dash(&a.name),
            team_name(a.team).to_string(),
            or_dash(&a.definition),
        ]);
    }
    t.write(out);
    out.push('\n');
    for a in &c.agreement {
        let Some(h) = &a.handoff else { continue };
        let _ = writeln!(
            out,
            "### {}: {}\n",
            md_inline(&h.step_label),
            md_inline(&h.direction)
        );
        let _ = writeln!(out, "- **Service level:** {}", or_dash(&h.service_level));
        let _ = writeln!(
            out,
            "- **Rejected or not ready:** {}\n",
            or_dash(&h.on_reject)
        );
    }
}

/// Per team, the value lost to causes it controls, against what external
/// causes explain (MODEL.md §6): numbers, not a verdict.
fn who_changes_more(r: &Report, out: &mut String) {
    if r.steps.is_empty() {
        return;
    }
    let w = &r.commitments.who_changes_more;
    out.push_str("## Who has to change more\n\n");
    if w.controllable_total <= 0.0 {
        // Nobody owns a share of nothing: no "owns 0.0 %" sentences.
        out.push_str("No internal causes recorded, so no value lost is controllable yet.");
        if w.external > 0.0 {
            let _ = write!(out, " {}", md_inline(&w.external_sentence));
        }
        out.push_str("\n\n");
        return;
    }
    for t in &w.teams {
        let _ = writeln!(out, "- {}.", md_inline(&t.sentence));
    }
    let _ = writeln!(out, "\n{}\n", md_inline(&w.external_sentence));
}

fn reverse_funnel(r: &Report, out: &mut String) {
    let Some(rf) = &r.commitments.reverse_funnel else {
        return;
    };
    out.push_str("## Reverse funnel\n\n");
    let _ = writeln!(
        out,
        "For a {} of {}: the prospects each stage must see, rounded up, at today's conversions and at the plan's likely conversions.\n",
        r.name(Figure::RevenueTarget).to_lowercase(),
        md_inline(&r.money(rf.revenue_target_per_period))
    );
    let mut t = MdTable::new(&[
        ("Stage", Align::Left),
        ("Today", Align::Right),
        ("Needed at today's conversions", Align::Right),
        ("Needed with the plan", Align::Right),
    ]);
    for st in &rf.stages {
        t.row(vec![
            or_dash(&st.name),
            count(st.count_today as f64),
            md_inline(&st.today_text()),
            md_inline(&st.plan_text()),
        ]);
    }
    t.write(out);
    out.push('\n');
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
