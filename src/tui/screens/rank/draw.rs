//! Drawing the Rank screen: the key, the ranked list and the sentences on
//! where the room and the numbers disagree. A pure function of the view
//! state and the session (the click map aside, kept in a `RefCell`).

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{RankScreen, key_name, key_short};
use crate::format::{self, Figure};
use crate::model::{self, RankBy, VoteRank};
use crate::session::Session;
use crate::tui::screens::View;
use crate::tui::screens::list::{Stack, at_row, fit, put, scroll_to_fit, window_note, wrap};
use crate::tui::theme::Theme;

/// `low ━━●━━ high` on a scale from 0 to `max`, `width` cells wide.
pub(super) fn range_bar(low: f64, likely: f64, high: f64, max: f64, width: usize) -> String {
    if width == 0 || max.is_nan() || max <= 0.0 {
        return " ".repeat(width);
    }
    let at = |v: f64| -> usize {
        let x = (v.max(0.0) / max).min(1.0) * (width - 1) as f64;
        x.round() as usize
    };
    let (lo, mid, hi) = (at(low), at(likely), at(high));
    (0..width)
        .map(|i| {
            if i == mid {
                '●'
            } else if i >= lo && i <= hi {
                '━'
            } else {
                '·'
            }
        })
        .collect()
}

impl RankScreen {
    pub(super) fn draw(&self, f: &mut Frame, area: Rect, v: &View) {
        let s = v.session;
        let theme = v.theme;
        let wide = area.width >= 120;
        let disagree = self.disagreement_lines(s, theme, usize::from(if wide { area.width * 6 / 10 } else { area.width }));
        let disagree_h = disagree.len() as u16;
        if wide {
            let [left, right] =
                Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(area);
            let [key, table, _, words] = Layout::vertical([
                Constraint::Length(2),
                Constraint::Min(0),
                Constraint::Length(1),
                Constraint::Length(disagree_h),
            ])
            .areas(left);
            f.render_widget(Paragraph::new(self.key_lines(s, true, theme)), key);
            self.render_table(f, table, s, theme);
            f.render_widget(Paragraph::new(disagree), words);
            let sens_h = (self.sensitivity.len() as u16 + 3).min(right.height / 2).max(5);
            let [sens, plan] = Layout::vertical([Constraint::Length(sens_h), Constraint::Min(0)]).areas(right);
            self.render_sensitivity(f, sens, s, theme);
            self.render_plan(f, plan, s, theme);
        } else {
            let bottom_h = (self.sensitivity.len() as u16 + 3).clamp(7, 9);
            let [key, table, words, bottom] = Layout::vertical([
                Constraint::Length(1),
                Constraint::Min(3),
                Constraint::Length(disagree_h),
                Constraint::Length(bottom_h),
            ])
            .areas(area);
            f.render_widget(Paragraph::new(self.key_lines(s, false, theme)), key);
            self.render_table(f, table, s, theme);
            f.render_widget(Paragraph::new(disagree), words);
            let [plan, sens] =
                Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(bottom);
            self.render_plan(f, plan, s, theme);
            self.render_sensitivity(f, sens, s, theme);
        }
    }

    /// The active key in words, and (when `all`) every key with the active one bracketed.
    fn key_lines(&self, s: &Session, all: bool, theme: &Theme) -> Vec<Line<'static>> {
        let i = RankBy::ALL.iter().position(|r| *r == self.by).unwrap_or(0);
        let mut lines = vec![Line::from(vec![
            Span::styled(" Ranked by ", theme.base),
            Span::styled(key_name(self.by, s.period).to_uppercase(), theme.title),
            Span::styled(format!(" ({})", s.currency), theme.base),
            Span::styled(format!("  {} of {} · r or ←→ changes", i + 1, RankBy::ALL.len()), theme.dim),
        ])];
        if all {
            let mut spans = vec![Span::raw(" ")];
            for r in RankBy::ALL {
                if r == self.by {
                    spans.push(Span::styled(format!("[{}]", r.key()), theme.key));
                } else {
                    spans.push(Span::styled(format!(" {} ", r.key()), theme.dim));
                }
            }
            lines.push(Line::from(spans));
        }
        lines
    }

    fn render_table(&self, f: &mut Frame, area: Rect, s: &Session, theme: &Theme) {
        if s.ideas.is_empty() {
            f.render_widget(
                Paragraph::new(vec![
                    Line::from(Span::styled("No ideas to rank yet.", theme.warn)),
                    Line::from("The pairs add them on the Stage walk (3)."),
                ]),
                area,
            );
            self.rows.replace(Stack::default());
            return;
        }
        let wide = area.width >= 90;
        let range_w: u16 = if wide { 24 } else { 13 };
        let value_head = key_short(self.by, s.period);
        // As wide as the money and the heading ("Run-rate/qtr"), never cut.
        let value_w: u16 = (if wide { 14 } else { 7 }).max(u16::try_from(value_head.chars().count()).unwrap_or(u16::MAX));
        let cols = [
            Constraint::Length(5),
            Constraint::Length(4),
            Constraint::Length(if wide { 10 } else { 6 }),
            Constraint::Min(8),
            Constraint::Length(range_w),
            Constraint::Length(value_w),
        ];
        let layout = Layout::horizontal(cols).spacing(1);
        let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
        let range_head = format!("{} ━●━ {}", Figure::Low.short(s.period), Figure::High.short(s.period));
        let range_head = if wide { format!("{range_head} per {}", s.period.label()) } else { range_head };
        let headers = [
            (" Plan", Alignment::Left),
            ("Rank", Alignment::Right),
            (if wide { "Room(dots)" } else { "Room" }, Alignment::Right),
            ("Idea", Alignment::Left),
            (range_head.as_str(), Alignment::Left),
            (value_head.as_str(), Alignment::Right),
        ];
        let columns = layout.split(head);
        for (cell, (text, align)) in columns.iter().zip(headers) {
            put(f, *cell, text, theme.dim, align);
        }
        // Titles wrap in their column, never cut: the room compares what it reads.
        let title_w = usize::from(columns[3].width);
        let wrapped: Vec<Vec<String>> =
            self.ranked.iter().map(|r| wrap(s.ideas.get(r.index).map_or("", |i| i.title.as_str()), title_w)).collect();
        let heights: Vec<u16> = wrapped.iter().map(|w| u16::try_from(w.len()).unwrap_or(u16::MAX)).collect();
        let first = scroll_to_fit(self.scroll.get(), self.row, &heights, body.height);
        self.scroll.set(first);
        let stack = Stack::layout(&heights, first, body);
        // The heading says when part of the list is below the fold.
        let note = window_note(first, stack.count(), self.ranked.len());
        if !note.is_empty() {
            put(f, columns[3], &format!("Idea ·{note}"), theme.dim, Alignment::Left);
        }
        let max_high = self.ranked.iter().map(|r| r.gains.high).fold(0.0, f64::max);
        for &(pos, y, h) in &stack.items {
            let (Some(r), Some(lines)) = (self.ranked.get(pos), wrapped.get(pos)) else { continue };
            let Some(idea) = s.ideas.get(r.index) else { continue };
            let selected = pos == self.row;
            let style = if selected { theme.selected } else { theme.base };
            if selected {
                f.buffer_mut().set_style(Rect { y, height: h, ..body }, theme.selected);
            }
            let in_plan = s.plan.ideas.contains(&idea.id);
            let room = match (self.vote_rank.get(r.index).copied().flatten().map(|v| v.rank), self.dots.get(r.index)) {
                (Some(v), Some(d)) if wide => format!("#{v} ({d})"),
                (Some(v), _) => format!("#{v}"),
                _ => "–".to_string(),
            };
            let value = self.by.value(&r.gains);
            let value_text = if wide {
                format::money(value, &s.currency)
            } else {
                format::money_short(value, &s.currency)
            };
            let texts: [(String, Style, Alignment); 6] = [
                (
                    // The cursor is marked by a symbol as well as colour.
                    format!("{}{}", if selected { "▶" } else { " " }, if in_plan { "[x]" } else { "[ ]" }),
                    if selected { style } else if in_plan { theme.good } else { theme.dim },
                    Alignment::Left,
                ),
                (format!("#{}", r.rank), if selected { style } else { theme.title }, Alignment::Right),
                (room, style, Alignment::Right),
                (String::new(), style, Alignment::Left),
                (
                    range_bar(r.gains.low, r.gains.likely, r.gains.high, max_high, usize::from(range_w)),
                    if selected { style } else { theme.bar },
                    Alignment::Left,
                ),
                (value_text, style, Alignment::Right),
            ];
            for (cell, (text, st, align)) in at_row(&columns, y).zip(texts) {
                put(f, cell, &text, st, align);
            }
            for (n, line) in lines.iter().take(usize::from(h)).enumerate() {
                let cell = Rect { y: y + n as u16, height: 1, ..columns[3] };
                put(f, cell, line, style, Alignment::Left);
            }
        }
        self.rows.replace(stack);
    }

    /// One line per disagreement `model::disagreements` found, never
    /// wrapped: the idea's title is cut to what the width leaves.
    fn disagreement_lines(&self, s: &Session, theme: &Theme, width: usize) -> Vec<Line<'static>> {
        let title = |i: usize| s.ideas.get(i).map_or_else(String::new, |x| x.title.clone());
        if self.disagree.voted == 0 {
            return vec![Line::from(Span::styled(
                fit(" No dots yet: vote on screen 4, then compare the room with the numbers here.", width),
                theme.dim,
            ))];
        }
        let mut lines = Vec::new();
        // The full words when they leave room for 8 characters of the title.
        let fitted = |prefix: usize, tail: &dyn Fn(String) -> String, vote: Option<VoteRank>| {
            let long = tail(model::vote_words(vote));
            if prefix + long.chars().count() + 8 <= width {
                long
            } else {
                tail(model::vote_words_short(vote))
            }
        };
        if let Some(gap) = self.disagree.room_loves {
            let tail = fitted(
                20,
                &|vote| format!("\", the numbers don't ({vote}, model #{})", gap.model_rank),
                gap.vote,
            );
            let name_w = width.saturating_sub(20 + tail.chars().count()).max(8);
            lines.push(Line::from(vec![
                Span::styled(" ♥ The room loves ", theme.warn),
                Span::styled(format!("\"{}", fit(&title(gap.index), name_w)), theme.title),
                Span::raw(tail),
            ]));
        }
        if let Some(gap) = self.disagree.numbers_love {
            let tail = fitted(
                22,
                &|vote| format!("\", the room doesn't (model #{}, {vote})", gap.model_rank),
                gap.vote,
            );
            let name_w = width.saturating_sub(22 + tail.chars().count()).max(8);
            lines.push(Line::from(vec![
                Span::styled(" ∑ The numbers love ", theme.warn),
                Span::styled(format!("\"{}", fit(&title(gap.index), name_w)), theme.title),
                Span::raw(tail),
            ]));
        }
        if lines.is_empty() {
            lines.push(Line::from(Span::styled(
                fit(
                    &format!(
                        " The room and the numbers agree: no idea the room picked out is {} or more places apart.",
                        self.disagree.threshold
                    ),
                    width,
                ),
                theme.good,
            )));
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_bar_marks_the_likely_inside_the_range() {
        assert_eq!(range_bar(2.0, 5.0, 8.0, 10.0, 11), "··━━━●━━━··");
        assert_eq!(range_bar(0.0, 0.0, 0.0, 0.0, 3), "   ", "nothing to scale");
        assert_eq!(range_bar(1.0, 1.0, 1.0, 1.0, 3), "··●");
    }
}
