//! The presentation, drawn from the session and the view state alone: it
//! never changes either. Figures come from `crate::model` and read as
//! `crate::format` writes them, so the room sees the numbers the exports print.
//!
//! Space is used as the window allows: headline figures in big glyphs (as
//! large as fit), idea titles wrapped and never cut (in big glyphs too when a
//! list has room for them), more columns on wide windows, and lists that do
//! not fit say how many more there are below.
//!
//! Here the chrome and the step and report-back views; the vote, plan and
//! timer views each have their own file beside this one.

use chrono::NaiveDateTime;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::pieces::{Item, Size, centred, draw_items, figure_rows, headline, line_count, width_of};
use super::plan::draw_plan;
use super::state::{Present, View};
pub use super::timer::mmss;
use super::timer::{draw_timer, overtime_style};
use super::vote::draw_vote;
use super::{groups, ideas_at};
use crate::format::{self, Figure};
use crate::model;
use crate::session::{Effect, Idea, Session};
use crate::tui::theme::Theme;
use crate::tui::widgets::big;

/// The whole presentation inside `area`.
pub fn draw(
    f: &mut Frame,
    area: Rect,
    s: &Session,
    p: &Present,
    theme: &Theme,
    now: NaiveDateTime,
) {
    let [top, _, body, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    let body = Rect {
        x: body.x + 1,
        width: body.width.saturating_sub(2),
        ..body
    };
    draw_top(f, top, s, p, theme, now);
    match p.view {
        View::Step => draw_step(f, body, s, p, theme),
        View::ReportBack => draw_report(f, body, s, p, theme),
        View::Vote => draw_vote(f, body, s, p, theme),
        View::Plan => draw_plan(f, body, s, p, theme),
        View::Timer => draw_timer(f, body, s, theme, now),
    }
    draw_keys(f, keys, p, theme);
}

// ---------------------------------------------------------------- chrome

fn heading(s: &Session, p: &Present) -> String {
    match p.view {
        View::Step => {
            let n = s.step_count();
            let k = p.step.min(n.saturating_sub(1));
            match s.step_label(k) {
                Some(label) => format!("STEP {} OF {n} · {label}", k + 1),
                None => "STEP".to_string(),
            }
        }
        View::ReportBack => {
            let g = groups(s);
            let i = p.group.min(g.len().saturating_sub(1));
            match g.get(i) {
                Some(group) => format!(
                    "REPORT BACK {} OF {} · {}",
                    i + 1,
                    g.len(),
                    group_name(s, group.pair)
                ),
                None => "REPORT BACK".to_string(),
            }
        }
        View::Vote if p.revealed => "VOTE · THE TOTALS".to_string(),
        View::Vote => "VOTE · TOTALS HIDDEN".to_string(),
        View::Plan => "THE PLAN".to_string(),
        View::Timer => "AGENDA".to_string(),
    }
}

fn draw_top(
    f: &mut Frame,
    area: Rect,
    s: &Session,
    p: &Present,
    theme: &Theme,
    now: NaiveDateTime,
) {
    let heading = format!(" {}", heading(s, p));
    let room = area.width.saturating_sub(width_of(&heading) + 2);
    let timer = timer_spans(s, theme, now, room);
    let timer_width: u16 = timer.iter().map(|sp| width_of(&sp.content)).sum();
    let [left, right] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(timer_width)]).areas(area);
    f.render_widget(Paragraph::new(Span::styled(heading, theme.title)), left);
    f.render_widget(Paragraph::new(Line::from(timer)), right);
}

/// The agenda timer in a few words, for the top line of every view.
fn timer_spans(s: &Session, theme: &Theme, now: NaiveDateTime, room: u16) -> Vec<Span<'static>> {
    let Some(item) = s.agenda.get(s.clock.section) else {
        return Vec::new();
    };
    let left = s.clock.remaining(now, &s.agenda).unwrap_or(0);
    if left < 0 {
        return vec![Span::styled(
            format!(" ⚠ OVERTIME +{} ", mmss(left)),
            overtime_style(theme),
        )];
    }
    let (icon, style) = if s.clock.running() {
        ("▶ ", theme.good)
    } else {
        ("⏸ ", theme.dim)
    };
    let time = format!("{} left ", mmss(left));
    let mut spans = vec![Span::styled(icon, style)];
    // The section's name only when it fits whole; the time always shows.
    if width_of(&item.title) + width_of(&time) + 3 <= room {
        spans.push(Span::styled(format!("{} ", item.title), theme.base));
    }
    spans.push(Span::styled(time, theme.title));
    spans
}

fn draw_keys(f: &mut Frame, area: Rect, p: &Present, theme: &Theme) {
    let mut items: Vec<(&str, &str)> = match p.view {
        View::Step => vec![("←→", "step"), ("↑↓", "ideas")],
        View::ReportBack => vec![("←→", "pair"), ("↑↓", "ideas")],
        View::Vote if p.revealed => vec![("v", "hide totals"), ("↑↓", "ideas")],
        View::Vote => vec![("v", "reveal totals"), ("↑↓", "ideas")],
        View::Plan => vec![("↑↓", "ideas")],
        View::Timer => vec![("t", "start/pause"), ("+", "5 min"), ("T", "next section")],
    };
    items.extend([("Tab", "view"), ("?", "keys"), ("Esc", "leave")]);
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for (key, label) in items {
        let width = key.chars().count() + label.chars().count() + 3;
        if used + width > usize::from(area.width) {
            break;
        }
        used += width;
        spans.push(Span::styled(key, theme.key));
        spans.push(Span::styled(format!(" {label}  "), theme.dim));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// What an idea does, in the words of the idea form: "recover losses 30/50/70 %".
fn effect_text(idea: &Idea) -> String {
    let e = idea.effect.estimate();
    let kind = idea.effect.kind();
    let cause = match &idea.effect {
        Effect::RecoverLosses { cause: Some(c), .. } => format!(" of “{c}”"),
        _ => String::new(),
    };
    format!(
        "{} {}/{}/{} {}{cause}",
        kind.label(),
        e.low,
        e.likely,
        e.high,
        kind.unit()
    )
}

pub(super) fn where_text(s: &Session, idea: &Idea) -> String {
    idea.effect
        .step()
        .and_then(|k| s.step_label(k))
        .unwrap_or_else(|| "whole funnel".to_string())
}

/// "Pair 2" for a pair's position, "No pair" for ideas nobody claimed.
fn group_name(s: &Session, pair: Option<usize>) -> String {
    match pair.and_then(|i| s.pairs.get(i).map(|p| (i, p))) {
        Some((i, p)) => format!("Pair {} · {}", i + 1, s.pair_label(p.id)),
        None => "No pair".to_string(),
    }
}

pub(super) fn pair_of(s: &Session, idea: &Idea) -> String {
    match idea
        .pair
        .and_then(|id| s.pairs.iter().position(|p| p.id == id))
    {
        Some(i) => format!("Pair {}", i + 1),
        None => "No pair".to_string(),
    }
}

/// "Run-rate per quarter +EUR 288,000" (the likely estimate).
pub(super) fn gain_span(s: &Session, likely: f64, theme: &Theme) -> Span<'static> {
    Span::styled(
        format!(
            "{} +{}",
            Figure::RunRate.name(s.period),
            format::money(likely, &s.currency)
        ),
        theme.good,
    )
}

// ---------------------------------------------------------------- step

fn draw_step(f: &mut Frame, area: Rect, s: &Session, p: &Present, theme: &Theme) {
    let n = s.step_count();
    if n == 0 {
        return centred(
            f,
            area,
            Line::from(Span::styled(
                "This funnel has no steps yet: add stages on the Funnel screen (2).",
                theme.warn,
            )),
        );
    }
    let k = p.step.min(n - 1);
    let steps = model::step_figures(s);
    let Some(fig) = steps.get(k) else { return };
    let (from, to) = (&s.stages[k].name, &s.stages[k + 1].name);
    let rows = figure_rows(area.height);
    let [title, figures, labels, labels2, details] = Layout::vertical([
        Constraint::Length(rows),
        Constraint::Length(rows),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    // The 8×8 font has no arrow; "->" reads as one in big letters.
    headline(f, title, &format!("{from} -> {to}"), theme.title);

    let [lost, value] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)])
        .spacing(2)
        .areas(figures);
    let [lost_label, value_label] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)])
        .spacing(2)
        .areas(labels);
    headline(f, lost, &format::percent(fig.lost_share), theme.bad);
    centred(
        f,
        lost_label,
        Line::from(format!(
            "lost: {} of {} {from}",
            format::count(fig.lost),
            format::count(fig.from)
        )),
    );
    let exact = format::money(fig.value_lost, &s.currency);
    let short = if big::fits(&exact, value.width) {
        exact.clone()
    } else {
        format::money_short(fig.value_lost, &s.currency)
    };
    headline(f, value, &short, theme.bad);
    // The ceiling never stands alone: beside it the realistic figure
    // (recover 10 %) and the part the teams control.
    let recover = model::sensitivity(s)
        .into_iter()
        .find(|x| x.step == k)
        .map_or(0.0, |x| x.recover_10pct);
    let control = model::step_control(s)
        .get(k)
        .map_or(0.0, |c| c.controllable);
    let per = s.period;
    let long = format!(
        "{} {exact} · {} +{} · {} {}",
        Figure::ValueLostCeiling.name(per),
        Figure::Recover10.short(per),
        format::money(recover, &s.currency),
        Figure::Controllable.short(per),
        format::money(control, &s.currency),
    );
    let brief = format!(
        "ceiling {} · recover 10 % +{} · controllable {}",
        format::money_short(fig.value_lost, &s.currency),
        format::money_short(recover, &s.currency),
        format::money_short(control, &s.currency),
    );
    if long.chars().count() <= usize::from(value_label.width) {
        centred(f, value_label, Line::from(long));
    } else if brief.chars().count() <= usize::from(value_label.width) {
        centred(f, value_label, Line::from(brief));
    } else {
        // Narrow: the ceiling on one line, the two realistic figures below.
        let [_, value_label2] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)])
            .spacing(2)
            .areas(labels2);
        centred(
            f,
            value_label,
            Line::from(format!(
                "ceiling {}",
                format::money(fig.value_lost, &s.currency)
            )),
        );
        centred(
            f,
            value_label2,
            Line::from(format!(
                "recover 10 % +{} · controllable {}",
                format::money_short(recover, &s.currency),
                format::money_short(control, &s.currency)
            )),
        );
    }

    let causes = causes_paragraph(s, k, theme);
    let ideas = step_items(s, k, theme);
    let empty = "No ideas for this step yet: the pairs add them on the Stage walk.";
    if details.width >= 110 {
        let [left, right] = Layout::horizontal([Constraint::Percentage(38), Constraint::Fill(1)])
            .spacing(3)
            .areas(details);
        f.render_widget(causes, left);
        let [head, list] =
            Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(right);
        f.render_widget(
            Paragraph::new(Span::styled("Ideas for this step", theme.title)),
            head,
        );
        draw_items(
            f,
            list,
            &ideas,
            p.scroll,
            Size::for_area(list, 24),
            theme,
            empty,
        );
    } else {
        let h = line_count(causes.clone(), details.width).min(details.height / 2);
        let [top, _, list] = Layout::vertical([
            Constraint::Length(h),
            Constraint::Length(1),
            Constraint::Min(0),
        ])
        .areas(details);
        f.render_widget(causes, top);
        draw_items(f, list, &ideas, p.scroll, Size::PLAIN, theme, empty);
    }
}

/// Why prospects are lost at step `k`, largest cause first, each with its
/// share and whether the teams can act on it (in words, not colour).
fn causes_paragraph(s: &Session, k: usize, theme: &Theme) -> Paragraph<'static> {
    let mut causes: Vec<_> = s.stages[k].causes.iter().collect();
    causes.sort_by(|a, b| b.share.total_cmp(&a.share));
    let mut lines = vec![Line::from(Span::styled("Why they are lost", theme.title))];
    if causes.is_empty() {
        lines.push(Line::from(Span::styled(
            "No causes recorded yet.",
            theme.dim,
        )));
    }
    for c in causes {
        lines.push(Line::from(vec![
            Span::styled(format!("{:>3.0} % ", c.share), theme.title),
            Span::styled(c.reason.clone(), theme.base.add_modifier(Modifier::BOLD)),
            Span::styled(
                format!(" · {}, {}", c.origin.label(), c.team.label()),
                theme.dim,
            ),
        ]));
    }
    let unexplained = s.unexplained_share(k);
    if unexplained > 0.0 {
        lines.push(Line::from(Span::styled(
            format!("{unexplained:>3.0} % unexplained"),
            theme.dim,
        )));
    }
    Paragraph::new(lines).wrap(Wrap { trim: false })
}

fn step_items(s: &Session, k: usize, theme: &Theme) -> Vec<Item> {
    ideas_at(s, k)
        .into_iter()
        .filter_map(|n| s.ideas.get(n))
        .map(|idea| {
            let g = model::idea_gains(s, idea);
            Item {
                badge: "●".to_string(),
                title: idea.title.clone(),
                detail: Line::from(vec![
                    gain_span(s, g.likely, theme),
                    Span::styled(
                        format!(" · {} · {}", effect_text(idea), pair_of(s, idea)),
                        theme.dim,
                    ),
                ]),
            }
        })
        .collect()
}

// ---------------------------------------------------------------- report back

fn draw_report(f: &mut Frame, area: Rect, s: &Session, p: &Present, theme: &Theme) {
    let all = groups(s);
    let Some(group) = all.get(p.group.min(all.len().saturating_sub(1))) else {
        return centred(
            f,
            area,
            Line::from(Span::styled(
                "No pairs and no ideas yet: form pairs on Setup (1), add ideas on the Stage walk (3).",
                theme.warn,
            )),
        );
    };
    let rows = if area.height >= 44 { 8 } else { 4 };
    let [title, names, _, list] = Layout::vertical([
        Constraint::Length(rows),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    let (big_name, who) = match group.pair.and_then(|i| s.pairs.get(i).map(|p| (i, p))) {
        Some((i, pair)) => (format!("Pair {}", i + 1), s.pair_label(pair.id)),
        None => (
            "No pair".to_string(),
            "ideas nobody has claimed yet".to_string(),
        ),
    };
    headline(f, title, &big_name, theme.title);
    centred(
        f,
        names,
        Line::from(Span::styled(who, theme.base.add_modifier(Modifier::BOLD))),
    );
    let items: Vec<Item> = group
        .ideas
        .iter()
        .filter_map(|n| s.ideas.get(*n))
        .enumerate()
        .map(|(i, idea)| {
            let g = model::idea_gains(s, idea);
            Item {
                badge: format!("{}", i + 1),
                title: idea.title.clone(),
                detail: Line::from(vec![
                    Span::styled(
                        format!("{} · {} · ", where_text(s, idea), effect_text(idea)),
                        theme.base,
                    ),
                    gain_span(s, g.likely, theme),
                    Span::styled(
                        format!(
                            " · range {} – {}",
                            format::money_short(g.low, &s.currency),
                            format::money_short(g.high, &s.currency)
                        ),
                        theme.dim,
                    ),
                ]),
            }
        })
        .collect();
    draw_items(
        f,
        list,
        &items,
        p.scroll,
        Size::for_area(list, 24),
        theme,
        "This pair has no ideas yet.",
    );
}
