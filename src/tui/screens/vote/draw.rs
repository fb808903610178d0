//! Drawing the Vote screen: who votes, the people and their dots, the
//! ideas and theirs. A pure function of the view state and the session
//! (the click maps aside, kept in cells).

use std::collections::HashMap;

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{MAX_DRAWN_DOTS, VoteScreen};
use crate::session::{Id, Idea, Session};
use crate::tui::screens::View;
use crate::tui::screens::list::{Rows, Stack, at_row, fit, put, scroll_to, scroll_to_fit, window_note, wrap};
use crate::tui::theme::Theme;
use crate::tui::widgets::bar::bar;
use crate::tui::widgets::big;
use crate::tui::widgets::pane::Panel;

/// "●●○" for 2 of 3 dots, or "2/10" when the budget is too big to draw.
fn dots(used: u32, budget: u32) -> String {
    if budget > MAX_DRAWN_DOTS || used > budget {
        return format!("{used}/{budget}");
    }
    format!(
        "{}{}",
        "●".repeat(used as usize),
        "○".repeat((budget - used) as usize)
    )
}

/// This participant's dots on one idea: "●●", or "×7" when too many to draw.
fn own_dots(n: u32) -> String {
    match n {
        0 => String::new(),
        n if n <= MAX_DRAWN_DOTS => "●".repeat(n as usize),
        n => format!("×{n}"),
    }
}

/// Where an idea acts, for the wide layout: the step, or the lever.
fn acts_on(s: &Session, idea: &Idea) -> String {
    match idea.effect.step() {
        Some(k) => s.step_label(k).unwrap_or_else(|| format!("step {}", k + 1)),
        None => idea.effect.kind().label().to_string(),
    }
}

impl VoteScreen {
    pub(super) fn draw(&self, f: &mut Frame, area: Rect, v: &View) {
        let s = v.session;
        let theme = v.theme;
        let budget = s.vote_budget;
        let placed: u32 = s.votes.iter().map(|v| v.dots).sum();
        let total_budget = budget.saturating_mul(s.participants.len() as u32);
        let voter = s.participants.get(self.person);
        let left = voter.map_or(0, |p| budget.saturating_sub(s.dots_used(p.id)));
        // Tall windows name the voter in big letters for the back of the room.
        let head_h = if area.height >= 30 { 6 } else { 2 };
        let [head, panes] = Layout::vertical([Constraint::Length(head_h), Constraint::Min(0)]).areas(area);
        let who = match voter {
            Some(p) => vec![
                Span::styled(format!(" {} is voting: ", p.name), theme.title),
                Span::styled(format!("{} ", dots(s.dots_used(p.id).min(budget), budget)), theme.title),
                Span::styled(
                    format!("{left} of {budget} dots left"),
                    if left == 0 { theme.warn } else { theme.title },
                ),
            ],
            None => vec![Span::styled(" Dot voting: add participants on Setup (1)", theme.warn)],
        };
        let summary = Line::from(Span::styled(
            format!(
                " {budget} dots each · {placed} of {total_budget} placed · ←→ who votes · + gives a dot · - takes it back"
            ),
            theme.dim,
        ));
        if head_h > 2 {
            let [big_area, rest] = Layout::vertical([Constraint::Length(4), Constraint::Length(2)]).areas(head);
            if let Some(p) = voter {
                let first = p.name.split_whitespace().next().unwrap_or(&p.name);
                big::render(f, big_area, &format!("{first}: {left} left"), theme.title);
            }
            f.render_widget(Paragraph::new(vec![Line::from(who), summary]), rest);
        } else {
            f.render_widget(Paragraph::new(vec![Line::from(who), summary]), head);
        }
        let people_w = (area.width * 3 / 10).clamp(26, 44);
        let [people, ideas] =
            Layout::horizontal([Constraint::Length(people_w), Constraint::Min(0)]).areas(panes);
        self.render_people(f, people, s, theme);
        self.render_ideas(f, ideas, s, theme);
    }

    fn render_people(&self, f: &mut Frame, area: Rect, s: &Session, theme: &Theme) {
        let block = Panel::new(Span::styled(" Who votes (← →) ", theme.title), theme.border);
        let inner = block.inner(area);
        f.render_widget(block, area);
        if s.participants.is_empty() {
            f.render_widget(
                Paragraph::new(vec![
                    Line::from(Span::styled("No participants yet.", theme.warn)),
                    Line::from("Add them on Setup (1)."),
                ]),
                inner,
            );
            self.people_rows.set(Rows::default());
            return;
        }
        let shown = usize::from(inner.height);
        let first = scroll_to(self.people_scroll.get(), self.person, shown);
        self.people_scroll.set(first);
        let budget = s.vote_budget;
        let width = usize::from(inner.width);
        let dots_w = dots(0, budget).chars().count().max(3);
        // "▶ " + name + " " + dots + " " + "3 left"
        let left_w = 6;
        let name_w = width.saturating_sub(2 + 1 + dots_w + 1 + left_w).max(4);
        let mut lines = Vec::new();
        for (i, p) in s.participants.iter().enumerate().skip(first).take(shown) {
            let used = s.dots_used(p.id);
            let left = budget.saturating_sub(used);
            let selected = i == self.person;
            let base = if selected { theme.selected } else { theme.base };
            let left_text = if used > budget {
                "⚠ over".to_string()
            } else {
                format!("{left} left")
            };
            let left_style = if selected {
                theme.selected
            } else if left == 0 {
                theme.dim
            } else {
                theme.title
            };
            lines.push(Line::from(vec![
                Span::styled(if selected { "▶ " } else { "  " }, base),
                Span::styled(format!("{:<name_w$} ", fit(&p.name, name_w)), base),
                Span::styled(format!("{:<dots_w$} ", dots(used.min(budget), budget)), base),
                Span::styled(format!("{left_text:>left_w$}"), left_style),
            ]));
        }
        let count = lines.len();
        f.render_widget(Paragraph::new(lines), inner);
        self.people_rows.set(Rows {
            area: inner,
            first,
            count,
            per: 1,
        });
    }

    fn render_ideas(&self, f: &mut Frame, area: Rect, s: &Session, theme: &Theme) {
        let voter = s.participants.get(self.person);
        let panel_title = |note: String| {
            let title = match voter {
                Some(p) => {
                    let first = p.name.split_whitespace().next().unwrap_or(&p.name);
                    if area.width >= 70 {
                        format!(" Ideas{note} · + gives {first}'s dot, - takes it back ")
                    } else {
                        format!(" Ideas{note} · + dot for {first} ")
                    }
                }
                None => format!(" Ideas{note} "),
            };
            Panel::new(Span::styled(fit(&title, usize::from(area.width.saturating_sub(2))), theme.title), theme.border_focus)
        };
        let inner = panel_title(String::new()).inner(area);
        if s.ideas.is_empty() {
            f.render_widget(panel_title(String::new()), area);
            f.render_widget(
                Paragraph::new(vec![
                    Line::from(Span::styled("No ideas to vote on yet.", theme.warn)),
                    Line::from("The pairs add them on the Stage walk (3)."),
                ]),
                inner,
            );
            self.idea_rows.replace(Stack::default());
            return;
        }
        let wide = inner.width >= 100;
        // Narrow: the title column gets the bar's room (the total is a number beside it).
        let bar_w: u16 = if inner.width >= 70 { 20 } else { 0 };
        let own_w: u16 = (MAX_DRAWN_DOTS as u16).min(s.vote_budget.max(3) as u16).max(5);
        let mut cols = vec![Constraint::Length(2), Constraint::Min(10)];
        if wide {
            cols.push(Constraint::Length(24));
        }
        cols.extend([
            Constraint::Length(own_w),
            Constraint::Length(5),
            Constraint::Length(bar_w),
        ]);
        let layout = Layout::horizontal(cols).spacing(1);
        let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
        let columns = layout.split(head);
        let first_name = voter
            .and_then(|p| p.name.split_whitespace().next())
            .unwrap_or("Dots");
        let mut headers: Vec<(String, Alignment)> = vec![
            (String::new(), Alignment::Left),
            ("Idea".into(), Alignment::Left),
        ];
        if wide {
            headers.push(("Acts on".into(), Alignment::Left));
        }
        headers.extend([
            (fit(first_name, usize::from(own_w)), Alignment::Left),
            ("Total".into(), Alignment::Right),
            ((if bar_w > 0 { "all dots" } else { "" }).into(), Alignment::Left),
        ]);
        for (cell, (text, align)) in columns.iter().zip(headers) {
            put(f, *cell, &text, theme.dim, align);
        }
        // Titles wrap in their column, never cut: the room votes on what it reads.
        let title_w = usize::from(columns[1].width);
        let shown = self.visible(s);
        let (body, filter_row) = if self.filter.active() || self.filter.typing() {
            let [list, line] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(body);
            (list, Some(line))
        } else {
            (body, None)
        };
        if let Some(line) = filter_row {
            self.filter.render(f, line, theme, shown.len(), s.ideas.len());
        }
        let wrapped: Vec<Vec<String>> = shown.iter().map(|k| wrap(&s.ideas[*k].title, title_w)).collect();
        let heights: Vec<u16> = wrapped.iter().map(|w| u16::try_from(w.len()).unwrap_or(u16::MAX)).collect();
        let cursor = shown.iter().position(|k| *k == self.row).unwrap_or(0);
        let first = scroll_to_fit(self.idea_scroll.get(), cursor, &heights, body.height);
        self.idea_scroll.set(first);
        // Positions in the listed ideas, turned back into session indexes.
        let mut stack = Stack::layout(&heights, first, body);
        // The title says when part of the list is below the fold.
        f.render_widget(panel_title(window_note(first, stack.count(), shown.len())), area);
        let positions = std::mem::take(&mut stack.items);
        stack.items = positions.iter().map(|&(pos, y, h)| (shown[pos], y, h)).collect();
        let mine: HashMap<Id, u32> = voter.map_or_else(HashMap::new, |p| {
            s.votes
                .iter()
                .filter(|v| v.participant == p.id)
                .map(|v| (v.idea, v.dots))
                .collect()
        });
        let most = if self.totals.len() == s.ideas.len() {
            self.most
        } else {
            s.ideas.iter().map(|i| s.votes_for(i.id)).max().unwrap_or(0)
        };
        for &(i, y, h) in &stack.items {
            let Some(idea) = s.ideas.get(i) else { continue };
            let selected = i == self.row;
            let style = if selected { theme.selected } else { theme.base };
            if selected {
                f.buffer_mut().set_style(Rect { y, height: h, ..body }, theme.selected);
            }
            let total = self.total(s, i);
            let mut texts: Vec<(String, ratatui::style::Style, Alignment)> = vec![
                ((if selected { "▶" } else { " " }).into(), style, Alignment::Left),
                (String::new(), style, Alignment::Left),
            ];
            if wide {
                texts.push((fit(&acts_on(s, idea), 24), if selected { style } else { theme.dim }, Alignment::Left));
            }
            let own = own_dots(mine.get(&idea.id).copied().unwrap_or(0));
            texts.extend([
                (own, if selected { style } else { theme.title }, Alignment::Left),
                (total.to_string(), if selected || total > 0 { style } else { theme.dim }, Alignment::Right),
                (
                    bar(f64::from(total), f64::from(most), usize::from(bar_w)),
                    if selected { style } else { theme.bar },
                    Alignment::Left,
                ),
            ]);
            for (cell, (text, st, align)) in at_row(&columns, y).zip(texts) {
                put(f, cell, &text, st, align);
            }
            let pos = shown.iter().position(|k| *k == i).unwrap_or(0);
            let lines = wrapped.get(pos).map_or(&[][..], Vec::as_slice);
            for (line_no, line) in lines.iter().take(usize::from(h)).enumerate() {
                let cell = Rect { y: y + line_no as u16, height: 1, ..columns[1] };
                put(f, cell, line, style, Alignment::Left);
            }
        }
        self.idea_rows.replace(stack);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dots_are_drawn_or_counted() {
        assert_eq!(dots(2, 3), "●●○");
        assert_eq!(dots(0, 3), "○○○");
        assert_eq!(dots(2, 10), "2/10", "too many to draw");
        assert_eq!(own_dots(0), "");
        assert_eq!(own_dots(2), "●●");
        assert_eq!(own_dots(9), "×9");
    }
}
