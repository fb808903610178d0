//! The two panes beside the ranked list: where a fix pays most (the stage
//! sensitivity) and the plan's P10–P50–P90. Pure drawing.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::RankScreen;
use super::draw::range_bar;
use crate::format::{self, Figure};
use crate::model;
use crate::session::{Id, Idea, Session};
use crate::tui::screens::list::{at_row, fit, put, wrap};
use crate::tui::theme::Theme;
use crate::tui::widgets::bar::bar;
use crate::tui::widgets::big;
use crate::tui::widgets::pane::Panel;

impl RankScreen {
    pub(super) fn render_sensitivity(&self, f: &mut Frame, area: Rect, s: &Session, theme: &Theme) {
        // The period in the title where it fits; the columns name the figures.
        let long = format!(" Where a fix pays most ({}/{}) ", s.currency, s.period.label());
        let title = if long.chars().count() + 2 <= usize::from(area.width) {
            long
        } else {
            format!(" Where a fix pays most ({}) ", s.currency)
        };
        let block = Panel::new(Span::styled(title, theme.title), theme.border);
        let inner = block.inner(area);
        f.render_widget(block, area);
        if self.sensitivity.is_empty() {
            f.render_widget(
                Paragraph::new(Span::styled("Enter the counts on the Funnel (2).", theme.dim)),
                inner,
            );
            return;
        }
        let w = inner.width;
        let val_w: u16 = if w >= 60 { 10 } else { 6 };
        let label_w: u16 = (w * 35 / 100).clamp(8, 26);
        let bar_w = w.saturating_sub(label_w + 2 * val_w + 4) / 2;
        let layout = Layout::horizontal([
            Constraint::Length(label_w),
            Constraint::Length(bar_w),
            Constraint::Length(val_w),
            Constraint::Length(bar_w),
            Constraint::Length(val_w),
        ])
        .spacing(1);
        let max_recover = self.sensitivity.iter().map(|x| x.recover_10pct).fold(0.0, f64::max);
        let max_point = self.sensitivity.iter().map(|x| x.plus_1pt).fold(0.0, f64::max);
        let money = |v: f64| {
            if val_w >= 10 {
                format::money(v, "")
            } else {
                format::money_short(v, "")
            }
        };
        let head = Rect { height: 1, ..inner };
        let cells = layout.split(head);
        // Headings right-aligned over their amounts; "Recover 10 %" may
        // reach left over the step column's heading room.
        let recover_x = cells[0].x + 5;
        let recover_head = Rect { x: recover_x, width: cells[2].right().saturating_sub(recover_x), ..cells[2] };
        let point_head = Rect { x: cells[3].x, width: cells[4].right().saturating_sub(cells[3].x), ..cells[4] };
        put(f, cells[0], "Step", theme.dim, Alignment::Left);
        put(f, recover_head, &Figure::Recover10.short(s.period), theme.dim, Alignment::Right);
        put(f, point_head, "+1 point", theme.dim, Alignment::Right);
        for (i, x) in self.sensitivity.iter().enumerate().take(usize::from(inner.height.saturating_sub(1))) {
            let y = inner.y + 1 + i as u16;
            let label = s.step_label(x.step).unwrap_or_else(|| format!("step {}", x.step + 1));
            let label_style = if i == 0 { theme.title } else { theme.base };
            let texts = [
                (fit(&label, usize::from(label_w)), label_style, Alignment::Left),
                (bar(x.recover_10pct, max_recover, usize::from(bar_w)), theme.bar, Alignment::Left),
                (money(x.recover_10pct), theme.base, Alignment::Right),
                (bar(x.plus_1pt, max_point, usize::from(bar_w)), theme.bar, Alignment::Left),
                (money(x.plus_1pt), theme.base, Alignment::Right),
            ];
            for (cell, (text, st, align)) in at_row(&cells, y).zip(texts) {
                put(f, cell, &text, st, align);
            }
        }
    }

    pub(super) fn render_plan(&self, f: &mut Frame, area: Rect, s: &Session, theme: &Theme) {
        let chosen: Vec<&Idea> = model::plan_ideas(s);
        let p = s.period;
        let ideas = match chosen.len() {
            1 => "1 idea".to_string(),
            n => format!("{n} ideas"),
        };
        // "Run-rate per quarter" where it fits, else its column heading.
        let long = format!(" The plan: {ideas} · {} ", Figure::RunRate.name(p).to_lowercase());
        let title = if long.chars().count() + 2 <= usize::from(area.width) {
            long
        } else {
            format!(" The plan: {ideas} · {} ", Figure::RunRate.short(p).to_lowercase())
        };
        let block = Panel::new(Span::styled(title, theme.title), theme.border_focus);
        let inner = block.inner(area);
        f.render_widget(block, area);
        let Some(out) = self.plan.outcome.as_ref().filter(|_| !chosen.is_empty()) else {
            f.render_widget(
                Paragraph::new(vec![
                    Line::from(Span::styled("No ideas in the plan yet.", theme.warn)),
                    Line::from("Space (or p) puts the idea under the cursor in; again takes it out."),
                ])
                .wrap(Wrap { trim: true }),
                inner,
            );
            return;
        };
        let wide = inner.width >= 56;
        let money = |v: f64| {
            if wide {
                format::money(v, &s.currency)
            } else {
                format::money_short(v, &s.currency)
            }
        };
        let ids: Vec<Id> = chosen.iter().map(|i| i.id).collect();
        let next_91 = model::plan_within_horizon(s, &ids, model::QUARTER_DAYS);
        let next_12m = model::plan_within_horizon(s, &ids, model::YEAR_DAYS);
        let figure = |fig: Figure, v: f64, st: Style| {
            vec![Span::styled(format!("{} ", fig.short(p)), theme.dim), Span::styled(money(v), st)]
        };
        let mut percentiles = figure(Figure::P10, out.p10, theme.base);
        percentiles.push(Span::raw("  "));
        percentiles.extend(figure(Figure::P50, out.p50, theme.title));
        percentiles.push(Span::raw("  "));
        percentiles.extend(figure(Figure::P90, out.p90, theme.base));
        let mut lines = vec![
            Line::from(percentiles),
            Line::from(Span::styled(
                range_bar(out.p10, out.p50, out.p90, out.p90, usize::from(inner.width.min(40))),
                theme.bar,
            )),
        ];
        let landing = [figure(Figure::Next91Days, next_91, theme.title), figure(Figure::Next12Months, next_12m, theme.title)];
        let one_line: usize = landing.iter().flatten().map(|x| x.width()).sum::<usize>() + 3;
        if one_line <= usize::from(inner.width) {
            let [a, b] = landing;
            let mut spans = a;
            spans.push(Span::styled(" · ", theme.dim));
            spans.extend(b);
            lines.push(Line::from(spans));
        } else {
            lines.extend(landing.into_iter().map(Line::from));
        }
        let mut mean = figure(Figure::Mean, out.mean, theme.title);
        mean.push(Span::styled(format!("  ({} runs)", format::count(f64::from(out.samples))), theme.dim));
        lines.push(Line::from(mean));
        lines.push(Line::from(vec![
            Span::styled("together ", theme.dim),
            Span::styled(money(out.together), theme.title),
            Span::styled(" vs alone, summed ", theme.dim),
            Span::styled(money(out.sum_alone), theme.base),
        ]));
        // Tall panes show the P50 in big letters at the bottom.
        let big_h: u16 = if inner.height >= lines.len() as u16 + chosen.len() as u16 + 10 { 9 } else { 0 };
        let room = usize::from(inner.height.saturating_sub(big_h)).saturating_sub(lines.len());
        // Each idea's title wraps; the last row says how many did not fit.
        let title_w = usize::from(inner.width).saturating_sub(2);
        let mut idea_lines: Vec<Line<'static>> = Vec::new();
        for (n, idea) in chosen.iter().enumerate() {
            let wrapped = wrap(&idea.title, title_w);
            let more = chosen.len() - n;
            let after = if more > 1 { 1 } else { 0 };
            if idea_lines.len() + wrapped.len() + after > room {
                if room > idea_lines.len() {
                    idea_lines.push(Line::from(Span::styled(format!("… and {more} more"), theme.dim)));
                }
                break;
            }
            for (k, l) in wrapped.into_iter().enumerate() {
                idea_lines.push(Line::from(vec![Span::styled(if k == 0 { "• " } else { "  " }, theme.dim), Span::raw(l)]));
            }
        }
        lines.extend(idea_lines);
        f.render_widget(Paragraph::new(lines), inner);
        if big_h > 0 {
            let [label, number] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(Rect {
                y: inner.bottom() - big_h,
                height: big_h,
                ..inner
            });
            f.render_widget(
                Paragraph::new(Span::styled(format!("{} ({}):", Figure::P50.name(p), s.currency), theme.dim))
                    .alignment(Alignment::Center),
                label,
            );
            big::render(f, number, &format::money_short(out.p50, &s.currency), theme.title);
        }
    }
}
