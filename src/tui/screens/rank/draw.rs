//! Drawing the Rank screen: the key, the ranked list and the sentences on
//! where the room and the numbers disagree. A pure function of the view
//! state and the session (the click map aside, kept in a `RefCell`).

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{RankScreen, key_name, key_short};

/// The ideas the table keeps in view when sentences under it wrap.
const MIN_IDEAS: usize = 4;
use crate::format::{self, Figure};
use crate::model::{self, RankBy, VoteRank};
use crate::session::Session;
use crate::tui::screens::View;
use crate::tui::screens::list::{Stack, at_row, put, scroll_to_fit, window_note, wrap};
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
        if wide {
            let [left, right] =
                Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(area);
            let disagree = self.disagreement_lines(s, theme, usize::from(left.width));
            let (table_h, disagree) = self.share_rows(s, left.width, left.height.saturating_sub(3), disagree);
            let [key, table, _, words] = Layout::vertical([
                Constraint::Length(2),
                Constraint::Min(table_h),
                Constraint::Length(1),
                Constraint::Length(disagree.len() as u16),
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
            let disagree = self.disagreement_lines(s, theme, usize::from(area.width));
            let (table_h, disagree) =
                self.share_rows(s, area.width, area.height.saturating_sub(1 + bottom_h), disagree);
            let [key, table, words, bottom] = Layout::vertical([
                Constraint::Length(1),
                Constraint::Min(table_h.min(3)),
                Constraint::Length(disagree.len() as u16),
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

    /// Splits `rows` between the table (`width` wide) and the sentences
    /// under it: the sentences take the rows they need, except that the
    /// table keeps its heading and room for `MIN_IDEAS` whole ideas around
    /// the cursor; a sentence left without rows ends in "…".
    fn share_rows(&self, s: &Session, width: u16, rows: u16, mut lines: Vec<Line<'static>>) -> (u16, Vec<Line<'static>>) {
        let want = u16::try_from(lines.len()).unwrap_or(u16::MAX);
        let heights: Vec<u16> = self
            .wrapped_titles(s, self.table_columns(s, Rect { width, height: 1, ..Rect::default() }).cells[3].width)
            .iter()
            .map(|w| u16::try_from(w.len()).unwrap_or(u16::MAX).max(1))
            .collect();
        let n = MIN_IDEAS.min(heights.len());
        let first = scroll_to_fit(self.scroll.get(), self.row, &heights, rows.saturating_sub(want + 1));
        let start = first.min(heights.len() - n);
        let keep = 1 + heights[start..start + n].iter().fold(0u16, |a, h| a.saturating_add(*h));
        let table_h = rows.saturating_sub(want).max(keep.min(rows));
        let room = usize::from(rows - table_h);
        if lines.len() > room {
            lines.truncate(room);
            if let Some(last) = lines.last_mut() {
                last.spans.push(Span::raw("…"));
            }
        }
        (table_h, lines)
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

    /// The table's columns on the row `head`; the Idea column gets what
    /// the others leave.
    fn table_columns(&self, s: &Session, head: Rect) -> TableColumns {
        let wide = head.width >= 90;
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
        let cells = Layout::horizontal(cols).spacing(1).split(head).to_vec();
        TableColumns { cells, wide, range_w, value_head }
    }

    /// Each ranked idea's title wrapped in the Idea column, never cut: the
    /// room compares what it reads.
    fn wrapped_titles(&self, s: &Session, width: u16) -> Vec<Vec<String>> {
        let width = usize::from(width);
        self.ranked.iter().map(|r| wrap(s.ideas.get(r.index).map_or("", |i| i.title.as_str()), width)).collect()
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
        let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
        let TableColumns { cells: columns, wide, range_w, value_head } = self.table_columns(s, head);
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
        for (cell, (text, align)) in columns.iter().zip(headers) {
            put(f, *cell, text, theme.dim, align);
        }
        let wrapped = self.wrapped_titles(s, columns[3].width);
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

    /// The sentences on what `model::disagreements` found, each wrapped
    /// to `width` so the idea's whole title is said.
    fn disagreement_lines(&self, s: &Session, theme: &Theme, width: usize) -> Vec<Line<'static>> {
        if self.disagree.voted == 0 {
            let words = "No dots yet: vote on screen 4, then compare the room with the numbers here.";
            return sentence((" ", " "), &[(words.to_string(), theme.dim)], width);
        }
        let title = |i: usize| s.ideas.get(i).map_or_else(String::new, |x| x.title.clone());
        // The full vote words unless the short ones save a row.
        let said = |lead: &'static str, start: &str, title: String, tail: &dyn Fn(String) -> String, vote: Option<VoteRank>| {
            let with = |words: String| {
                let parts = [(start.to_string(), theme.warn), (format!("\"{title}"), theme.title), (tail(words), theme.base)];
                sentence((lead, "   "), &parts, width)
            };
            let long = with(model::vote_words(vote));
            let short = with(model::vote_words_short(vote));
            if long.len() <= short.len() { long } else { short }
        };
        let mut lines = Vec::new();
        if let Some(gap) = self.disagree.room_loves {
            let tail = |vote| format!("\", the numbers don't ({vote}, model #{})", gap.model_rank);
            lines.extend(said(" ♥ ", "The room loves ", title(gap.index), &tail, gap.vote));
        }
        if let Some(gap) = self.disagree.numbers_love {
            let tail = |vote| format!("\", the room doesn't (model #{}, {vote})", gap.model_rank);
            lines.extend(said(" ∑ ", "The numbers love ", title(gap.index), &tail, gap.vote));
        }
        if lines.is_empty() {
            let words = format!(
                "The room and the numbers agree: no idea the room picked out is {} or more places apart.",
                self.disagree.threshold
            );
            lines = sentence((" ", " "), &[(words, theme.good)], width);
        }
        lines
    }
}

/// The table's columns and what decided them.
struct TableColumns {
    cells: Vec<Rect>,
    wide: bool,
    range_w: u16,
    value_head: String,
}

/// `parts` said as one sentence wrapped to `width`, each part in its own
/// style, after `lead.0` on the first line and `lead.1` on the others (both
/// as wide, and styled as the first part).
fn sentence(lead: (&str, &str), parts: &[(String, Style)], width: usize) -> Vec<Line<'static>> {
    let text: String = parts.iter().map(|(t, _)| t.as_str()).collect();
    let styles: Vec<Style> = parts.iter().flat_map(|(t, st)| t.chars().map(move |_| *st)).collect();
    let chars: Vec<char> = text.chars().collect();
    let lead_style = parts.first().map_or_else(Style::default, |p| p.1);
    let mut at = 0;
    let mut out = Vec::new();
    for (n, line) in wrap(&text, width.saturating_sub(lead.0.chars().count())).into_iter().enumerate() {
        let mut spans = vec![Span::styled(if n == 0 { lead.0 } else { lead.1 }.to_string(), lead_style)];
        let want: Vec<char> = line.chars().collect();
        // Wrapping drops only the spaces where it breaks: find the line there.
        while at < chars.len() && chars[at].is_whitespace() && !chars[at..].starts_with(&want) {
            at += 1;
        }
        if chars[at..].starts_with(&want) {
            let mut run = String::new();
            let mut style = styles.get(at).copied().unwrap_or_default();
            for (k, c) in want.iter().enumerate() {
                let st = styles.get(at + k).copied().unwrap_or_default();
                if st != style && !run.is_empty() {
                    spans.push(Span::styled(std::mem::take(&mut run), style));
                }
                style = st;
                run.push(*c);
            }
            spans.push(Span::styled(run, style));
            at += want.len();
        } else {
            spans.push(Span::styled(line, lead_style));
        }
        out.push(Line::from(spans));
    }
    out
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

    #[test]
    fn a_sentence_wraps_and_each_part_keeps_its_style() {
        let (warn, title) = (Style::new().bold(), Style::new().italic());
        let parts = [("The room loves ".to_string(), warn), ("\"Call every MQL\"".to_string(), title), (", fine".to_string(), Style::new())];
        let lines = sentence((" ♥ ", "   "), &parts, 24);
        let text: Vec<String> = lines.iter().map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect()).collect();
        assert_eq!(text, [" ♥ The room loves \"Call", "   every MQL\", fine"]);
        assert_eq!(lines[1].spans[1].content, "every MQL\"");
        assert_eq!(lines[1].spans[1].style, title, "the title keeps its style on its second line");
        assert_eq!(lines[0].spans[1].content, "The room loves ");
        assert_eq!(lines[0].spans[1].style, warn);
    }
}
