//! Screen 5, Rank: the ideas ranked by the model under a key the
//! facilitator switches, each idea's low–likely–high range as a bar, the
//! room's vote rank beside the model's with the biggest disagreements said
//! in words, the stage sensitivity chart, and the plan: ideas picked with
//! Space, its Monte Carlo P10–P50–P90 and together-vs-sum.
//!
//! Every figure comes from `model`; the ranking, sensitivity and the plan's
//! simulation are computed in `sync` (when the session changed) and when the
//! key changes, never while drawing.

use std::cell::{Cell, RefCell};

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::list::{Stack, at_row, fit, put, scroll_to_fit, window_note, wrap};
use super::{Edit, Outcome, Screen, View};
use crate::format::{self, Figure};
use crate::model::{self, Disagreement, PlanOutcome, RankBy, RankedIdea, StepSensitivity, VoteRank};
use crate::session::{Id, Idea, Period, Session, Stage};
use crate::tui::action::Action;
use crate::tui::keymap::{Binding, Key};
use crate::tui::theme::Theme;
use crate::tui::widgets::bar::bar;
use crate::tui::widgets::big;
use crate::tui::widgets::pane::Panel;

const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[Key::ch('r'), Key::plain(KeyCode::Right), Key::ch('l')],
        action: Action::NextRankKey,
    },
    Binding {
        keys: &[Key::ch('R'), Key::plain(KeyCode::Left), Key::ch('h')],
        action: Action::PrevRankKey,
    },
    Binding {
        keys: &[Key::ch(' '), Key::ch('p'), Key::plain(KeyCode::Enter)],
        action: Action::TogglePlan,
    },
];

/// Everything `model::simulate_plan` reads, so a session change that cannot
/// move the plan's figures (a vote, a renamed participant) does not rerun it.
#[derive(Debug, Clone, PartialEq)]
struct PlanInputs {
    stages: Vec<Stage>,
    deal_size: f64,
    period: Period,
    ideas: Vec<Idea>,
    seed: u64,
    samples: u32,
}

impl PlanInputs {
    fn of(s: &Session) -> PlanInputs {
        PlanInputs {
            stages: s.stages.clone(),
            deal_size: s.deal_size,
            period: s.period,
            ideas: model::plan_ideas(s).into_iter().cloned().collect(),
            seed: s.plan.seed,
            samples: s.plan.samples,
        }
    }
}

/// The plan's simulation, kept until its inputs change. Shared with Summary.
#[derive(Debug, Clone, Default)]
pub(super) struct PlanRun {
    inputs: Option<PlanInputs>,
    pub outcome: Option<PlanOutcome>,
}

impl PlanRun {
    /// Reruns the simulation only when something it reads changed.
    pub fn refresh(&mut self, s: &Session) {
        let inputs = PlanInputs::of(s);
        if self.inputs.as_ref() == Some(&inputs) {
            return;
        }
        self.outcome = (!inputs.ideas.is_empty()).then(|| {
            let ids: Vec<Id> = inputs.ideas.iter().map(|i| i.id).collect();
            model::simulate_plan(s, &ids, s.plan.samples, s.plan.seed)
        });
        self.inputs = Some(inputs);
    }
}

/// The money figure a ranking key sorts by, so the Rank screen names it as
/// the CLI and the Summary do. Per effort day is a ratio, not a figure.
fn figure(by: RankBy) -> Option<Figure> {
    match by {
        RankBy::Likely => Some(Figure::RunRate),
        RankBy::Expected => Some(Figure::Expected),
        RankBy::Annual => Some(Figure::RunRateYear),
        RankBy::Quarter => Some(Figure::Next91Days),
        RankBy::Conservative => Some(Figure::Low),
        RankBy::PerEffort => None,
    }
}

/// The ranking key in words: "Run-rate per quarter", "Landing in the next 91 days".
fn key_name(by: RankBy, period: Period) -> String {
    figure(by).map_or_else(|| "Run-rate per year per effort day".to_string(), |f| f.name(period))
}

/// The ranking key as a column heading.
fn key_short(by: RankBy, period: Period) -> String {
    figure(by).map_or_else(|| "Per effort day".to_string(), |f| f.short(period))
}

/// `low ━━●━━ high` on a scale from 0 to `max`, `width` cells wide.
fn range_bar(low: f64, likely: f64, high: f64, max: f64, width: usize) -> String {
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

#[derive(Default)]
pub struct RankScreen {
    by: RankBy,
    /// Position in the ranking (not an index into `session.ideas`).
    row: usize,
    ranked: Vec<RankedIdea>,
    dots: Vec<u32>,
    vote_rank: Vec<Option<VoteRank>>,
    disagree: Disagreement,
    sensitivity: Vec<StepSensitivity>,
    plan: PlanRun,
    scroll: Cell<usize>,
    /// The ideas as last drawn, for clicks and paging.
    rows: RefCell<Stack>,
}

impl RankScreen {
    fn rerank(&mut self, s: &Session) {
        let keep = self.ranked.get(self.row).map(|r| r.index);
        self.ranked = model::rank(s, self.by);
        self.disagree = model::disagreements(&self.ranked, &self.vote_rank);
        self.row = keep
            .and_then(|i| self.ranked.iter().position(|r| r.index == i))
            .unwrap_or(self.row)
            .min(self.ranked.len().saturating_sub(1));
    }

    fn toggle_plan(&self, s: &Session) -> Outcome {
        let Some(idea) = self.ranked.get(self.row).and_then(|r| s.ideas.get(r.index)) else {
            return Outcome::Error("no idea here: add ideas on the Stage walk (3) first".into());
        };
        let id = idea.id;
        let title = idea.title.clone();
        if s.plan.ideas.contains(&id) {
            Outcome::Commit(Edit::new(format!("take \"{title}\" out of the plan"), move |s| {
                s.plan.ideas.retain(|i| *i != id);
                Ok(())
            }))
        } else {
            Outcome::Commit(Edit::new(format!("put \"{title}\" into the plan"), move |s| {
                if s.idea(id).is_none() {
                    return Err(format!("\"{title}\" no longer exists"));
                }
                s.plan.ideas.push(id);
                Ok(())
            }))
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

    fn render_sensitivity(&self, f: &mut Frame, area: Rect, s: &Session, theme: &Theme) {
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

    fn render_plan(&self, f: &mut Frame, area: Rect, s: &Session, theme: &Theme) {
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

impl Screen for RankScreen {
    fn title(&self) -> &'static str {
        "Rank"
    }

    fn bindings(&self) -> &'static [Binding] {
        BINDINGS
    }

    fn footer(&self) -> Vec<(Action, &'static str)> {
        vec![(Action::TogglePlan, "plan in/out"), (Action::NextRankKey, "rank key")]
    }

    fn on_action(&mut self, action: Action, s: &Session) -> Outcome {
        let last = self.ranked.len().saturating_sub(1);
        let page = self.rows.borrow().count().max(1);
        match action {
            Action::Up => self.row = self.row.saturating_sub(1),
            Action::Down => self.row = (self.row + 1).min(last),
            Action::PageUp => self.row = self.row.saturating_sub(page),
            Action::PageDown => self.row = (self.row + page).min(last),
            Action::First => self.row = 0,
            Action::Last => self.row = last,
            Action::NextRankKey | Action::PrevRankKey => {
                self.by = if action == Action::NextRankKey {
                    self.by.next()
                } else {
                    let i = RankBy::ALL.iter().position(|r| *r == self.by).unwrap_or(0);
                    RankBy::ALL[(i + RankBy::ALL.len() - 1) % RankBy::ALL.len()]
                };
                self.rerank(s);
                return Outcome::Info(format!("ranked by {}", key_name(self.by, s.period).to_lowercase()));
            }
            Action::TogglePlan => return self.toggle_plan(s),
            _ => return Outcome::Ignored,
        }
        Outcome::Consumed
    }

    fn on_click(&mut self, at: Position, _s: &Session) -> Outcome {
        let hit = self.rows.borrow().hit(at);
        match hit.filter(|i| *i < self.ranked.len()) {
            Some(i) => {
                self.row = i;
                Outcome::Consumed
            }
            None => Outcome::Ignored,
        }
    }

    fn sync(&mut self, s: &Session) {
        self.dots = model::dots_per_idea(s);
        self.vote_rank = model::vote_ranks(&self.dots);
        self.rerank(s);
        self.sensitivity = model::sensitivity(s);
        self.plan.refresh(s);
    }

    fn render(&self, f: &mut Frame, area: Rect, v: &View) {
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
    fn the_plan_is_simulated_again_only_when_its_inputs_change() {
        let mut s = crate::assets::example_session();
        let mut run = PlanRun::default();
        run.refresh(&s);
        let first = run.outcome.clone().expect("the example has a plan");
        assert_eq!(first, model::simulate_plan(&s, &s.plan.ideas, s.plan.samples, s.plan.seed));
        s.votes.clear();
        run.refresh(&s);
        assert_eq!(run.outcome.as_ref(), Some(&first), "votes do not touch the plan");
        s.plan.ideas.pop();
        run.refresh(&s);
        assert_ne!(run.outcome.as_ref(), Some(&first));
        s.plan.ideas.clear();
        run.refresh(&s);
        assert_eq!(run.outcome, None);
    }
}
