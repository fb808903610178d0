//! Screen 2, Funnel: a stage per row with count, conversion, losses and the
//! value of what each step loses as bars; counts edited in place with every
//! figure recomputed from the typed value before it is committed.

use std::cell::Cell;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Edit, Outcome, Screen, View};
use crate::format;
use crate::model::{self, Funnel, StepFigures};
use crate::session::{Session, Stage, Team, edit};
use crate::tui::action::Action;
use crate::tui::keymap::{Binding, Key};
use crate::tui::widgets::bar::bar;
use crate::tui::widgets::big;
use crate::tui::widgets::pane::Panel;
use crate::tui::widgets::text_field::{TextField, parse_count, parse_number, parse_text};
use crossterm::event::KeyCode;

const BINDINGS: &[Binding] = &[
    Binding { keys: &[Key::ch('a'), Key::plain(KeyCode::Insert)], action: Action::InsertStage },
    Binding { keys: &[Key::ch('d'), Key::plain(KeyCode::Delete)], action: Action::Delete },
    Binding { keys: &[Key::ch(' '), Key::ch('m')], action: Action::Toggle },
];

/// The editable columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Col {
    Name,
    #[default]
    Count,
    Days,
}

impl Col {
    fn next(self) -> Col {
        match self {
            Col::Name => Col::Count,
            Col::Count => Col::Days,
            Col::Days => Col::Name,
        }
    }

    fn prev(self) -> Col {
        self.next().next()
    }
}

#[derive(Default)]
pub struct FunnelScreen {
    row: usize,
    col: Col,
    field: Option<TextField>,
    /// First visible stage row.
    scroll: Cell<usize>,
    /// Table rows as last drawn, for clicks: (top y, row height, rows shown).
    rows_at: Cell<(u16, u16, usize)>,
}

/// Checks a typed value for stage `k` in column `col`; `Ok` holds the
/// session as it would be.
fn apply_value(s: &Session, k: usize, col: Col, text: &str) -> Result<Session, String> {
    let mut next = s.clone();
    let stage = next.stages.get_mut(k).ok_or("that stage no longer exists")?;
    match col {
        Col::Name => {
            let name = parse_text(text, "a stage name")?;
            if s.stages.iter().enumerate().any(|(i, st)| i != k && st.name.eq_ignore_ascii_case(&name)) {
                return Err(format!("\"{name}\" is already a stage"));
            }
            stage.name = name;
        }
        Col::Days => stage.days = parse_number(text, 0.0, 3650.0)?,
        Col::Count => {
            let count = parse_count(text)?;
            if let Some(above) = k.checked_sub(1).and_then(|a| s.stages.get(a)) {
                if count > above.count {
                    return Err(format!("more than {} above ({})", above.name, format::count(above.count as f64)));
                }
            }
            if let Some(below) = s.stages.get(k + 1) {
                if count < below.count {
                    return Err(format!("fewer than {} below ({})", below.name, format::count(below.count as f64)));
                }
            }
            stage.count = count;
        }
    }
    Ok(next)
}

/// Inserts a stage after `k`, splitting step k in two. Its count equals the
/// stage below, so no figure changes until the room enters a real count;
/// `session::edit::insert_stage` moves the later steps' ideas and pairs.
fn insert_after(s: &mut Session, k: usize) -> Result<(), String> {
    let Some(here) = s.stages.get(k) else { return Err("no stage selected".into()) };
    let count = s.stages.get(k + 1).map_or(here.count, |b| b.count);
    let team = here.team;
    let name = (1..)
        .map(|n| if n == 1 { "New stage".to_string() } else { format!("New stage {n}") })
        .find(|c| !s.stages.iter().any(|st| &st.name == c))
        .unwrap_or_default();
    edit::insert_stage(s, k + 1, Stage { name, team, count, days: 0.0, causes: Vec::new() });
    Ok(())
}

fn remove(s: &mut Session, k: usize) -> Result<(), String> {
    if edit::remove_stage(s, k) { Ok(()) } else { Err("a funnel needs at least two stages".into()) }
}

impl FunnelScreen {
    fn current_text(&self, s: &Session) -> String {
        let Some(stage) = s.stages.get(self.row) else { return String::new() };
        match self.col {
            Col::Name => stage.name.clone(),
            Col::Count => stage.count.to_string(),
            Col::Days => format!("{}", stage.days),
        }
    }

    fn commit_field(&mut self, s: &Session) -> Result<Edit, String> {
        let Some(field) = &self.field else { return Err("nothing is being edited".into()) };
        let next = apply_value(s, self.row, self.col, field.value())?;
        let stage = s.stages.get(self.row).map(|st| st.name.clone()).unwrap_or_default();
        let what = match self.col {
            Col::Name => "name",
            Col::Count => "count",
            Col::Days => "days",
        };
        self.field = None;
        Ok(Edit::new(format!("{stage}: {what}"), move |session| {
            *session = next;
            Ok(())
        }))
    }

    /// The session the figures are drawn from: the typed value when valid.
    fn preview(&self, s: &Session) -> (Option<Session>, Option<String>) {
        match &self.field {
            None => (None, None),
            Some(field) => match apply_value(s, self.row, self.col, field.value()) {
                Ok(next) => (Some(next), None),
                Err(e) => (None, Some(e)),
            },
        }
    }
}

impl Screen for FunnelScreen {
    fn title(&self) -> &'static str {
        "Funnel"
    }

    fn bindings(&self) -> &'static [Binding] {
        BINDINGS
    }

    fn footer(&self) -> Vec<(Action, &'static str)> {
        vec![(Action::Edit, "edit"), (Action::InsertStage, "add stage"), (Action::Delete, "remove"), (Action::Toggle, "team")]
    }

    fn editing(&self) -> bool {
        self.field.is_some()
    }

    fn on_action(&mut self, action: Action, s: &Session) -> Outcome {
        let last = s.stages.len().saturating_sub(1);
        if self.field.is_some() {
            return match action {
                Action::Edit => match self.commit_field(s) {
                    Ok(edit) => Outcome::Commit(edit),
                    Err(e) => Outcome::Error(e),
                },
                Action::Cancel => {
                    self.field = None;
                    Outcome::Consumed
                }
                // Tab commits and opens the same column one row down: fast entry of all counts.
                Action::NextField | Action::PrevField => match self.commit_field(s) {
                    Ok(edit) => {
                        self.row = if action == Action::NextField { (self.row + 1).min(last) } else { self.row.saturating_sub(1) };
                        let mut after = s.clone();
                        let label = edit.label.clone();
                        let outcome = (edit.apply)(&mut after);
                        self.field = Some(TextField::replacing(&self.current_text(&after)));
                        match outcome {
                            Ok(()) => Outcome::Commit(Edit::new(label, move |session| {
                                *session = after;
                                Ok(())
                            })),
                            Err(e) => Outcome::Error(e),
                        }
                    }
                    Err(e) => Outcome::Error(e),
                },
                _ => Outcome::Consumed,
            };
        }
        match action {
            Action::Up => self.row = self.row.saturating_sub(1),
            Action::Down => self.row = (self.row + 1).min(last),
            Action::PageUp => self.row = self.row.saturating_sub(5),
            Action::PageDown => self.row = (self.row + 5).min(last),
            Action::First => self.row = 0,
            Action::Last => self.row = last,
            Action::Left | Action::PrevPane => self.col = self.col.prev(),
            Action::Right | Action::NextPane => self.col = self.col.next(),
            Action::Edit => self.field = Some(TextField::replacing(&self.current_text(s))),
            Action::Toggle => {
                let k = self.row;
                let Some(stage) = s.stages.get(k) else { return Outcome::Consumed };
                let next = match stage.team {
                    Team::Marketing => Team::Sales,
                    Team::Sales => Team::Shared,
                    Team::Shared => Team::Marketing,
                };
                let label = format!("{}: team {}", stage.name, next.label());
                return Outcome::Commit(Edit::new(label, move |s| {
                    s.stages.get_mut(k).ok_or("that stage no longer exists")?.team = next;
                    Ok(())
                }));
            }
            Action::InsertStage => {
                let k = self.row;
                self.row = (k + 1).min(s.stages.len());
                self.col = Col::Name;
                return Outcome::Commit(Edit::new("insert a stage", move |s| insert_after(s, k)));
            }
            Action::Delete => {
                let k = self.row;
                let name = s.stages.get(k).map(|st| st.name.clone()).unwrap_or_default();
                let mut probe = s.clone();
                if let Err(e) = remove(&mut probe, k) {
                    return Outcome::Error(e);
                }
                return Outcome::Commit(Edit::new(format!("remove stage {name}"), move |s| remove(s, k)));
            }
            _ => return Outcome::Ignored,
        }
        Outcome::Consumed
    }

    fn on_text(&mut self, key: &KeyEvent, _s: &Session) -> Outcome {
        if let Some(field) = &mut self.field {
            field.key(key);
        }
        Outcome::Consumed
    }

    fn on_paste(&mut self, text: &str, _s: &Session) -> Outcome {
        if let Some(field) = &mut self.field {
            field.paste(text);
        }
        Outcome::Consumed
    }

    fn on_click(&mut self, at: Position, s: &Session) -> Outcome {
        let (top, height, shown) = self.rows_at.get();
        if at.y < top || height == 0 || self.field.is_some() {
            return Outcome::Ignored;
        }
        let row = self.scroll.get() + usize::from((at.y - top) / height);
        if row < s.stages.len() && usize::from((at.y - top) / height) < shown {
            self.row = row;
        }
        Outcome::Consumed
    }

    fn sync(&mut self, s: &Session) {
        self.row = self.row.min(s.stages.len().saturating_sub(1));
    }

    fn render(&self, f: &mut Frame, area: Rect, v: &View) {
        let theme = v.theme;
        let (preview, error) = self.preview(v.session);
        let s = preview.as_ref().unwrap_or(v.session);
        let figures = model::step_figures(s);
        let leak = model::biggest_leak(&figures).map(|l| l.step);
        let revenue = Funnel::of(s).revenue();
        let max_value = figures.iter().map(|x| x.value_lost).fold(0.0, f64::max);

        let [head, table] = Layout::vertical([Constraint::Length(if area.height >= 40 { 10 } else { 5 }), Constraint::Min(0)]).areas(area);
        let [big_area, leak_area] = Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(head);
        let [label, number] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(big_area);
        f.render_widget(
            Paragraph::new(Span::styled(format!(" Revenue per {} ({})", s.period.label(), s.currency), theme.dim)),
            label,
        );
        big::render(f, number, &format::money_short(revenue, &s.currency), theme.title);
        let mut leak_lines = vec![Line::from(Span::styled(
            format!("= {} a {}", format::money(revenue, &s.currency), s.period.label()),
            theme.title,
        ))];
        match leak.and_then(|k| figures.get(k)) {
            Some(l) => {
                leak_lines.push(Line::from(vec![
                    Span::styled("⚠ BIGGEST LEAK ", theme.bad),
                    Span::styled(s.step_label(l.step).unwrap_or_default(), theme.title),
                ]));
                leak_lines.push(Line::from(format!("loses {} a {}", format::money(l.value_lost, &s.currency), s.period.label())));
                leak_lines.push(Line::from(Span::styled(format!("{} of its prospects drop out", format::percent(l.lost_share)), theme.dim)));
            }
            None => leak_lines.push(Line::from(Span::styled("Enter the counts to see where the funnel leaks.", theme.dim))),
        }
        f.render_widget(Paragraph::new(leak_lines).wrap(ratatui::widgets::Wrap { trim: true }), leak_area);

        let block = Panel::new(Span::styled(" Stages — conversion and losses on the step to the next stage ", theme.title), theme.border_focus);
        let inner = block.inner(table);
        f.render_widget(block, table);
        let wide = inner.width >= 110;
        let mut cols = vec![Constraint::Length(2), Constraint::Min(12)];
        if wide {
            cols.push(Constraint::Length(9));
        }
        cols.push(Constraint::Length(9));
        if wide {
            cols.push(Constraint::Length(6));
        }
        cols.extend([
            Constraint::Length(8),
            Constraint::Length(8),
            Constraint::Length(8),
            Constraint::Fill(2),
            Constraint::Length(if wide { 16 } else { 8 }),
        ]);
        let layout = Layout::horizontal(cols).spacing(1);
        let mut headers = vec!["", "Stage"];
        if wide {
            headers.push("Team");
        }
        headers.push("Count");
        if wide {
            headers.push("Days");
        }
        headers.extend(["Convert", "Lost", "Lost %", "Value of losses", "Value"]);
        let [head_row, rows_area, hint] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0), Constraint::Length(1)]).areas(inner);
        for (cell, text) in layout.split(head_row).iter().zip(headers) {
            let align = if text == "Stage" || text == "Team" || text.starts_with("Value of") { Alignment::Left } else { Alignment::Right };
            f.render_widget(Paragraph::new(Span::styled(text, theme.dim)).alignment(align), *cell);
        }

        // Spread rows out when there is room: easier to follow on a wall.
        let n = s.stages.len().max(1);
        let row_h: u16 = (1..=3u16).rev().find(|h| usize::from(rows_area.height) >= n * usize::from(*h) - usize::from(*h - 1)).unwrap_or(1);
        // The last row needs no spacer below it.
        let shown = usize::from(rows_area.height.div_ceil(row_h)).max(1);
        let mut scroll = self.scroll.get().min(self.row);
        if self.row >= scroll + shown {
            scroll = self.row + 1 - shown;
        }
        self.scroll.set(scroll);
        self.rows_at.set((rows_area.y, row_h, shown));
        for (i, k) in (scroll..s.stages.len()).take(shown).enumerate() {
            let stage = &s.stages[k];
            let y = rows_area.y + i as u16 * row_h;
            let row_rect = Rect { y, height: 1, ..rows_area };
            let cells = layout.split(row_rect);
            let selected = k == self.row;
            let fig: Option<&StepFigures> = figures.get(k);
            let is_leak = leak == Some(k);
            let marker = match (selected, is_leak) {
                (true, _) => Span::styled("▶", theme.title),
                (false, true) => Span::styled("⚠", theme.bad),
                _ => Span::raw(" "),
            };
            let cell_style = |col: Col| if selected && self.col == col && self.field.is_none() { theme.selected } else { theme.base };
            let mut texts: Vec<(String, Style, Alignment, Option<Col>)> = vec![
                (String::new(), theme.base, Alignment::Left, None),
                (stage.name.clone(), cell_style(Col::Name), Alignment::Left, Some(Col::Name)),
            ];
            if wide {
                texts.push((stage.team.label().to_string(), theme.dim, Alignment::Left, None));
            }
            texts.push((format::count(stage.count as f64), cell_style(Col::Count), Alignment::Right, Some(Col::Count)));
            if wide {
                texts.push((format!("{}", stage.days), cell_style(Col::Days), Alignment::Right, Some(Col::Days)));
            }
            let value_style = if is_leak { theme.bar_leak } else { theme.base };
            match fig {
                Some(x) => {
                    let bar_width = usize::from(cells[cells.len() - 2].width);
                    let mut bar_text = bar(x.value_lost, max_value, bar_width.saturating_sub(if is_leak { 2 } else { 0 }));
                    if is_leak {
                        bar_text.push_str(" ⚠");
                    }
                    let value = if wide { format::money(x.value_lost, &s.currency) } else { format::money_short(x.value_lost, &s.currency) };
                    texts.extend([
                        (format::percent(x.conversion), theme.base, Alignment::Right, None),
                        (format::count(x.lost), theme.base, Alignment::Right, None),
                        (format::percent(x.lost_share), theme.base, Alignment::Right, None),
                        (bar_text, if is_leak { theme.bar_leak } else { theme.bar }, Alignment::Left, None),
                        (value, value_style, Alignment::Right, None),
                    ]);
                }
                None => {
                    texts.extend([
                        (String::new(), theme.base, Alignment::Right, None),
                        (String::new(), theme.base, Alignment::Right, None),
                        (String::new(), theme.base, Alignment::Right, None),
                        ("won: the outcome".to_string(), theme.dim, Alignment::Left, None),
                        (String::new(), theme.base, Alignment::Right, None),
                    ]);
                }
            }
            f.render_widget(Paragraph::new(marker), cells[0]);
            for (cell, (text, style, align, col)) in cells.iter().zip(texts).skip(1) {
                if selected && col == Some(self.col) {
                    if let Some(field) = &self.field {
                        field.render_marked(f, *cell, theme, error.is_some());
                        continue;
                    }
                }
                f.render_widget(Paragraph::new(Span::styled(text, style)).alignment(align), *cell);
            }
        }
        if let Some(e) = &error {
            f.render_widget(Paragraph::new(Span::styled(format!("✗ {e} — not saved; fix it or Esc"), theme.bad)), hint);
            return;
        }
        let hint_text = if self.field.is_some() {
            "Enter saves · Tab saves + next row · Esc cancels · figures follow your typing"
        } else if !wide && matches!(self.col, Col::Days) {
            "Days in stage: widen the window to see the column; Enter edits it"
        } else {
            "←→ pick name / count / days · Enter edit · Space team · a add · d remove"
        };
        f.render_widget(Paragraph::new(Span::styled(hint_text, theme.dim)), hint);
    }
}
