//! Drawing the Stage walk: a pure function of the view state and the
//! session (the click map aside, kept in a `Cell`).

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::forms::{C_REASON, build_cause, build_idea, form_kind, whole_funnel};
use super::{Pane, StageWalk, Target, grid, ideas_at};
use crate::assets;
use crate::format::{self, Figure};
use crate::model;
use crate::model::IdeaGains;
use crate::session::{Cause, Idea, LossCategory, Origin, Session};
use crate::tui::screens::View;
use crate::tui::screens::list::{self, Stack};
use crate::tui::theme::Theme;
use crate::tui::widgets::big;
use crate::tui::widgets::form::Form;
use crate::tui::widgets::pane::Panel;

impl StageWalk {
    pub(super) fn draw(&self, f: &mut Frame, area: Rect, v: &View) {
        let whole = v.session;
        let theme = v.theme;
        if let Some(pair) = self.report {
            return render_report(f, area, whole, theme, pair);
        }
        // A segment's own funnel and causes; the ideas stay the session's.
        let shown = self.segment.view(whole);
        let s: &Session = &shown;
        let segment = self.segment.segment(whole).map(|g| g.name.as_str());
        let k = self.step;
        let (Some(from), Some(to)) = (s.stages.get(k), s.stages.get(k + 1)) else {
            f.render_widget(
                Paragraph::new("The funnel needs at least two stages: add them on the Funnel screen (2).").style(theme.bad),
                area,
            );
            return;
        };
        let figures = model::step_figures(s);
        let fig = figures.get(k);
        let leak = model::biggest_leak(&figures).map(|l| l.step);
        let has_segments = !whole.segments.is_empty();
        let mut line1 = Vec::new();
        if let Some(name) = segment {
            line1.push(Span::styled(format!(" SEGMENT {name} (read-only) ·"), theme.key));
        }
        line1.push(Span::styled(format!(" Step {} of {}  ", k + 1, s.step_count()), theme.key));
        line1.push(Span::styled(format!("{} ▸ {} ", from.name, to.name), theme.title));
        if leak == Some(k) {
            line1.push(Span::styled(" ⚠ BIGGEST LEAK", theme.bad));
        }
        // No decision and competitor side by side, never added together.
        let kinds = model::kind_shares(s, Some(k));
        let kinds_text = format!(
            " {} {} · {} {} ",
            LossCategory::NoDecision.label(),
            format::percent(kinds.of(LossCategory::NoDecision)),
            LossCategory::Competitor.label(),
            format::percent(kinds.of(LossCategory::Competitor))
        );
        let kinds_w = kinds_text.chars().count();
        let own_line = Line::from(line1.clone()).width() + kinds_w + 2 > usize::from(area.width);
        // With segments a short window gives the big title's rows to the table.
        let title_h = if area.height >= 40 { 8 } else if has_segments { 0 } else { 4 };
        let [title, info, panes] =
            Layout::vertical([Constraint::Length(title_h), Constraint::Length(2 + u16::from(own_line)), Constraint::Min(0)]).areas(area);
        if title_h > 0 {
            let names = format!("{} > {}", from.name, to.name);
            if big::fits(&names, title.width) {
                big::render(f, title, &names, theme.title);
            } else {
                big::render(f, title, &format!("{} > {}", initials(&from.name), initials(&to.name)), theme.title);
            }
        }
        let line2 = match fig {
            Some(x) => Line::from(vec![
                Span::raw(format!(
                    " {} → {}   lost {} ({})   value lost ",
                    format::count(x.from),
                    format::count(x.to),
                    format::count(x.lost),
                    format::percent(x.lost_share)
                )),
                Span::styled(
                    if info.width >= 100 { format::money(x.value_lost, &s.currency) } else { format::money_short(x.value_lost, &s.currency) },
                    if leak == Some(k) { theme.bad } else { theme.title },
                ),
                Span::raw(if info.width >= 100 { format!(" per {} (ceiling)", s.period.label()) } else { " (ceiling)".to_string() }),
            ]),
            None => Line::from(""),
        };
        f.render_widget(Paragraph::new(vec![Line::from(line1), line2]), info);
        if fig.is_some_and(|x| x.lost > 0.0) {
            let y = if own_line { info.y + 2 } else { info.y };
            list::put(f, Rect { y, height: 1, ..info }, &kinds_text, theme.warn, if own_line { Alignment::Left } else { Alignment::Right });
        }

        if let Some((target, form)) = &self.form {
            return render_form(f, panes, s, theme, k, *target, form);
        }
        // The reason × segment table under the causes and ideas: as tall as
        // it needs, up to half the room.
        let grid_h = if has_segments { grid::wanted_height(whole, k).min(panes.height / 2) } else { 0 };
        let [panes, table] = Layout::vertical([Constraint::Min(0), Constraint::Length(grid_h)]).areas(panes);
        let [left, right] = Layout::horizontal([Constraint::Percentage(42), Constraint::Percentage(58)]).areas(panes);
        let causes = self.render_causes(f, left, s, theme);
        let ideas = self.render_ideas(f, right, whole, theme);
        self.hits.replace([(left, causes), (right, ideas)]);
        if grid_h > 0 {
            grid::render(f, table, whole, k, self.segment.index(whole), theme);
        }
    }
}

/// "Opportunity" → "Opp." for a title that would not fit big.
fn initials(name: &str) -> String {
    if name.chars().count() <= 6 { name.to_string() } else { format!("{}.", name.chars().take(4).collect::<String>()) }
}

fn pane_block<'a>(title: String, focused: bool, theme: &Theme) -> Panel<'a> {
    Panel::new(Span::styled(title, theme.title), if focused { theme.border_focus } else { theme.border })
}

/// "internal · sales · no decision": a cause's origin, team and kind of
/// loss, wrapped between the parts to `width`. The kind never takes a row
/// of its own: in a narrow pane that would cost every cause a row (the
/// step's no-decision and competitor shares stay on the info line).
fn tail_lines(c: &Cause, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let origin = match c.origin {
        Origin::Internal => ("internal", theme.good),
        Origin::External => ("EXTERNAL", theme.warn),
    };
    let parts = [origin, (c.team.label(), theme.dim), (model::cause_kind(c).label(), theme.key)];
    let mut lines: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    let mut used = 0;
    for (n, (text, style)) in parts.into_iter().enumerate() {
        let w = text.chars().count();
        let last = lines.len() - 1;
        if n == 2 && used > 0 && used + 3 + w > width {
            break;
        }
        if used > 0 && used + 3 + w > width {
            lines.push(vec![Span::styled(text, style)]);
            used = w;
        } else {
            if used > 0 {
                lines[last].push(Span::styled(" · ", theme.dim));
                used += 3;
            }
            let last = lines.len() - 1;
            lines[last].push(Span::styled(text, style));
            used += w;
        }
    }
    lines.into_iter().map(Line::from).collect()
}

/// Rows an item of `lines` wrapped lines takes, for `Stack`.
fn height(lines: usize) -> u16 {
    u16::try_from(lines).unwrap_or(u16::MAX)
}

impl StageWalk {
    fn render_causes(&self, f: &mut Frame, area: Rect, s: &Session, theme: &Theme) -> Stack {
        let k = self.step;
        let focused = self.pane == Pane::Causes;
        let inner = pane_block(String::new(), focused, theme).inner(area);
        let causes = s.stages.get(k).map_or(&[][..], |st| &st.causes[..]);
        // Wide panes: origin, team and kind of loss beside the reason;
        // narrow: on lines of their own. Reasons wrap, never cut: the room
        // reads them.
        let wide = inner.width >= 70;
        let reason_w = usize::from(inner.width).saturating_sub(if wide { 44 } else { 8 }).max(6);
        let tail_w = if wide { 43 } else { usize::from(inner.width).saturating_sub(7) };
        let wrapped: Vec<Vec<String>> = causes.iter().map(|c| list::wrap(&c.reason, reason_w)).collect();
        let tails: Vec<Vec<Line>> = causes.iter().map(|c| tail_lines(c, tail_w, theme)).collect();
        let heights: Vec<u16> = wrapped
            .iter()
            .zip(&tails)
            .map(|(w, t)| height(if wide { w.len().max(t.len()) } else { w.len() + t.len() }))
            .collect();
        // The last row is kept for the unexplained share.
        let body = Rect { height: inner.height.saturating_sub(1), ..inner };
        let first = list::scroll_to_fit(self.cause_scroll.get(), self.cause_row, &heights, body.height);
        self.cause_scroll.set(first);
        let stack = if causes.is_empty() { Stack::default() } else { Stack::layout(&heights, first, body) };
        let from_import = self.segment.chosen();
        let source = if from_import { "import" } else { "c adds" };
        let note = list::window_note(first, stack.count(), causes.len());
        let mut title = format!(" Why we lose them{note} ({source}) ");
        if title.chars().count() + 2 > usize::from(area.width) {
            title = format!(" Why we lose them{note} ");
        }
        f.render_widget(pane_block(title, focused, theme), area);
        let mut next_y = inner.y;
        if causes.is_empty() && inner.height > 1 {
            let line = if from_import { "No lost records here in this segment." } else { "No causes yet. Press c, ↑↓ picks a reason code." };
            list::put(f, Rect { height: 1, ..inner }, line, theme.dim, Alignment::Left);
            next_y += 1;
        }
        for &(i, y, h) in &stack.items {
            let (Some(c), Some(lines), Some(tail)) = (causes.get(i), wrapped.get(i), tails.get(i)) else { continue };
            let selected = focused && i == self.cause_row;
            let style = if selected { theme.selected } else { theme.base };
            let row = |n: u16| Rect { y: y + n, height: 1, ..inner };
            list::put(f, row(0), if selected { "▶" } else { " " }, style, Alignment::Left);
            let share = format!("{:>5} ", format!("{:.0} %", c.share));
            list::put(f, Rect { x: inner.x + 1, width: inner.width.saturating_sub(1), ..row(0) }, &share, theme.title, Alignment::Left);
            let reason_x = inner.x + 7;
            let reason_rows = u16::try_from(lines.len()).unwrap_or(u16::MAX).min(h);
            for (n, line) in lines.iter().take(usize::from(reason_rows)).enumerate() {
                let cell = Rect { x: reason_x, width: inner.right().saturating_sub(reason_x), ..row(n as u16) };
                list::put(f, cell, line, style, Alignment::Left);
            }
            let (tail_x, tail_row) = if wide { (reason_x + u16::try_from(reason_w).unwrap_or(u16::MAX) + 1, 0) } else { (reason_x, reason_rows) };
            for (n, line) in tail.iter().enumerate() {
                let at = tail_row + u16::try_from(n).unwrap_or(u16::MAX);
                if at >= h {
                    break;
                }
                let cell = Rect { x: tail_x, width: inner.right().saturating_sub(tail_x), ..row(at) };
                f.render_widget(Paragraph::new(line.clone()), cell);
            }
            next_y = y + h;
        }
        if let Some(&(_, y, h)) = stack.items.last() {
            next_y = y + h;
        }
        if next_y < inner.bottom() {
            let unexplained = s.unexplained_share(k);
            let line = Line::from(vec![
                Span::styled(if unexplained > 0.0 { "?" } else { "✓" }, theme.dim),
                Span::styled(format!("{:>5} ", format!("{unexplained:.0} %")), if unexplained > 0.0 { theme.warn } else { theme.good }),
                Span::styled("unexplained", theme.dim),
            ]);
            f.render_widget(Paragraph::new(line), Rect { y: next_y, height: 1, ..inner });
        }
        stack
    }

    fn render_ideas(&self, f: &mut Frame, area: Rect, s: &Session, theme: &Theme) -> Stack {
        let k = self.step;
        let focused = self.pane == Pane::Ideas;
        let inner = pane_block(String::new(), focused, theme).inner(area);
        let ideas = ideas_at(s, k);
        let wide = inner.width >= 70;
        let money = |v: f64| if wide { format::money(v, &s.currency) } else { format::money_short(v, &s.currency) };
        // Gains are computed only for the ideas that can be drawn or scrolled
        // past on the way to the cursor: a step may hold hundreds.
        let prev = self.idea_scroll.get();
        let lo = prev.min(self.idea_row);
        let hi = (prev.max(self.idea_row) + usize::from(inner.height) + 1).min(ideas.len());
        let gains: Vec<Option<IdeaGains>> = (0..ideas.len())
            .map(|row| (lo..hi).contains(&row).then(|| ideas.get(row).and_then(|&i| s.ideas.get(i))).flatten().map(|x| model::idea_gains(s, x)))
            .collect();
        // One gain column for these ideas, so their titles wrap alike.
        let gain_w = gains.iter().flatten().map(|g| money(g.likely).chars().count() + 1).max().unwrap_or(0);
        let title_w = usize::from(inner.width).saturating_sub(gain_w + 3).max(8);
        // Narrow panes give the details two lines rather than cut them.
        let details: usize = if wide { 1 } else { 2 };
        let wrapped: Vec<Vec<String>> = gains
            .iter()
            .zip(&ideas)
            .map(|(g, &i)| match (g, s.ideas.get(i)) {
                (Some(_), Some(idea)) => list::wrap(&idea.title, title_w),
                _ => Vec::new(),
            })
            .collect();
        let heights: Vec<u16> = wrapped.iter().map(|w| height(w.len().max(1) + details)).collect();
        let first = list::scroll_to_fit(prev, self.idea_row, &heights, inner.height);
        self.idea_scroll.set(first);
        let stack = if ideas.is_empty() { Stack::default() } else { Stack::layout(&heights, first, inner) };
        let note = list::window_note(first, stack.count(), ideas.len());
        let title = format!(" Ideas{note} · {} · i adds ", Figure::RunRate.short(s.period).to_lowercase());
        f.render_widget(pane_block(title, focused, theme), area);
        if ideas.is_empty() {
            let line = if self.segment.chosen() { "No ideas yet (g to \"all\", then i)." } else { "No ideas yet for this step. Press i." };
            list::put(f, Rect { height: 1, ..inner }, line, theme.dim, Alignment::Left);
        }
        for &(row, y, h) in &stack.items {
            let idea = ideas.get(row).and_then(|&i| s.ideas.get(i));
            let (Some(idea), Some(title), Some(Some(g))) = (idea, wrapped.get(row), gains.get(row)) else { continue };
            let selected = focused && row == self.idea_row;
            let style = if selected { theme.selected } else { theme.base };
            let line_at = |n: usize| Rect { y: y + u16::try_from(n).unwrap_or(u16::MAX), height: 1, ..inner };
            if selected {
                f.buffer_mut().set_style(Rect { height: u16::try_from(title.len()).unwrap_or(u16::MAX).min(h), ..line_at(0) }, style);
            }
            list::put(f, line_at(0), if selected { "▶" } else { " " }, style, Alignment::Left);
            for (n, line) in title.iter().take(usize::from(h)).enumerate() {
                let cell = Rect { x: inner.x + 2, width: u16::try_from(title_w).unwrap_or(u16::MAX), ..line_at(n) };
                list::put(f, cell, line, style, Alignment::Left);
            }
            list::put(f, line_at(0), &format!("+{}", money(g.likely)), theme.good, Alignment::Right);
            let e = idea.effect.estimate();
            let kind = idea.effect.kind();
            let pair = match idea.pair.and_then(|p| s.pairs.iter().position(|x| x.id == p)) {
                Some(i) if wide => format!("pair {} {}", i + 1, s.pair_label(s.pairs[i].id)),
                Some(i) => format!("pair {}", i + 1),
                None => "no pair".to_string(),
            };
            let effect = format!(
                "{}{} {}/{}/{} {}",
                if whole_funnel(kind) { "whole funnel · " } else { "" },
                kind.label(),
                e.low,
                e.likely,
                e.high,
                kind.unit(),
            );
            let range = format!("{}–{}", format::money_short(g.low, &s.currency), format::money_short(g.high, &s.currency));
            let who = format!("{pair} · {}d effort, {}d lead", idea.effort_days, idea.lead_time_days);
            let detail_lines = if wide { vec![format!("    {effect} · {range} · {who}")] } else { vec![format!("    {effect}"), format!("    {range} · {who}")] };
            for (n, line) in detail_lines.iter().enumerate() {
                let at = title.len() + n;
                if at < usize::from(h) {
                    list::put(f, line_at(at), line, theme.dim, Alignment::Left);
                }
            }
        }
        stack
    }
}

fn render_form(f: &mut Frame, area: Rect, s: &Session, theme: &Theme, k: usize, target: Target, form: &Form) {
    let is_cause = matches!(target, Target::NewCause | Target::Cause(_));
    let title = match target {
        Target::NewCause => " New loss cause — Enter saves, Esc cancels, Tab next field ",
        Target::Cause(_) => " Edit loss cause — Enter saves, Esc cancels ",
        Target::NewIdea => " New idea — Enter saves, Esc cancels, Tab/↑↓ fields ",
        Target::Idea(_) => " Edit idea — Enter saves, Esc cancels ",
    };
    let b = pane_block(title.into(), true, theme);
    let inner = b.inner(area);
    f.render_widget(b, area);
    let [fields, extra] = Layout::vertical([Constraint::Length(form.height()), Constraint::Min(0)]).areas(inner);
    let editing_cause = if let Target::Cause(i) = target { Some(i) } else { None };
    if is_cause {
        let error = build_cause(form, s, k, editing_cause).err().filter(|(row, _)| *row < form.focus || !form.value(*row).is_empty());
        form.render(f, fields, theme, error.as_ref());
        let typed = form.value(C_REASON).to_lowercase();
        let hint = assets::reason_codes()
            .iter()
            .find(|c| c.code == form.value(C_REASON))
            .or_else(|| assets::reason_codes().iter().find(|c| !typed.is_empty() && c.code.to_lowercase().contains(&typed)))
            .map_or("↑↓ in Reason walks the reason codes; or type your own".to_string(), |c| {
                format!("{}: {} ({}, {})  ↑↓ other codes", c.code, c.description, c.origin.label(), c.team.label())
            });
        f.render_widget(
            Paragraph::new(vec![
                Line::from(Span::styled(format!("unexplained now: {:.0} %", s.unexplained_share(k)), theme.dim)),
                Line::from(Span::styled(hint, theme.dim)),
            ])
            .wrap(Wrap { trim: true }),
            extra,
        );
        return;
    }
    let id = match target {
        Target::Idea(i) => s.ideas.get(i).map_or(0, |x| x.id),
        _ => s.next_idea_id(),
    };
    let built = build_idea(form, s, k, id);
    // Rows not reached yet stay quiet until something is typed in them.
    let error = built.as_ref().err().filter(|(row, _)| *row < form.focus || !form.value(*row).is_empty());
    form.render(f, fields, theme, error);
    let mut lines = Vec::new();
    if whole_funnel(form_kind(form)) {
        lines.push(Line::from(Span::styled(
            "Applies to the whole funnel: listed under every step, marked \"whole funnel\"",
            theme.key,
        )));
    }
    lines.extend(match &built {
        Ok(idea) => {
            let g = model::idea_gains(s, idea);
            let m = |v: f64| format::money(v, &s.currency);
            let short = |v: f64| format::money_short(v, &s.currency);
            vec![
                Line::from(vec![
                    Span::styled(format!("{} ", Figure::RunRate.name(s.period)), theme.dim),
                    Span::styled(format!("+{}", m(g.likely)), theme.good),
                    Span::styled(format!("  (low {} – high {})", short(g.low), short(g.high)), theme.dim),
                ]),
                Line::from(Span::styled(
                    format!(
                        "{} {} · {} {} · {} {}",
                        Figure::Expected.short(s.period).to_lowercase(),
                        short(g.expected),
                        Figure::Next91Days.short(s.period).to_lowercase(),
                        short(g.quarter),
                        Figure::Next12Months.short(s.period).to_lowercase(),
                        short(g.year)
                    ),
                    theme.dim,
                )),
            ]
        }
        Err(_) => vec![Line::from(Span::styled("The projected gain appears once the figures are valid.", theme.dim))],
    });
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), extra);
}

fn render_report(f: &mut Frame, area: Rect, s: &Session, theme: &Theme, index: usize) {
    let Some(pair) = s.pairs.get(index) else { return };
    let [title, names, list] = Layout::vertical([Constraint::Length(if area.height >= 40 { 8 } else { 4 }), Constraint::Length(2), Constraint::Min(0)]).areas(area);
    big::render(f, title, &format!("Pair {}", index + 1), theme.title);
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(format!(" REPORT BACK {}/{}  ", index + 1, s.pairs.len()), theme.key),
            Span::styled(s.pair_label(pair.id), theme.title),
        ])),
        names,
    );
    // Each idea takes at least three rows, so the ones past this never show:
    // a pair may hold hundreds, and their gains are not worth computing.
    let fit = usize::from(list.height).div_ceil(3);
    let ideas: Vec<&Idea> = s.ideas.iter().filter(|i| i.pair == Some(pair.id)).take(fit).collect();
    let mut lines = Vec::new();
    if ideas.is_empty() {
        lines.push(Line::from(Span::styled("This pair has no ideas yet.", theme.dim)));
    }
    for idea in ideas {
        let g = model::idea_gains(s, idea);
        let where_ = idea.effect.step().and_then(|k| s.step_label(k)).unwrap_or_else(|| "whole funnel".into());
        lines.push(Line::from(vec![
            Span::styled("● ", theme.key),
            Span::styled(idea.title.clone(), theme.title),
        ]));
        lines.push(Line::from(vec![
            Span::raw(format!("  {where_} · {} · ", idea.effect.kind().label())),
            Span::styled(format!("+{} per {}", format::money(g.likely, &s.currency), s.period.label()), theme.good),
            Span::styled(
                format!("  ({}–{})", format::money_short(g.low, &s.currency), format::money_short(g.high, &s.currency)),
                theme.dim,
            ),
        ]));
        lines.push(Line::from(""));
    }
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), list);
}
