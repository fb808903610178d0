//! Drawing the Funnel screen: a pure function of the view state and the
//! session (the scroll and click map aside, kept in `Cell`s). What is being
//! edited is always drawn: a narrow window shows Days or Team in place of
//! "Lost %" while the cursor is on them.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::edit::{apply_value, conflicts, first_conflict, with_counts};
use super::{Col, FunnelScreen};
use crate::format::{self, Figure};
use crate::model::{self, Funnel};
use crate::session::Session;
use crate::tui::screens::{View, list, segment};
use crate::tui::theme::Theme;
use crate::tui::widgets::bar::bar;
use crate::tui::widgets::big;
use crate::tui::widgets::pane::Panel;

/// "999,999,999": the largest count a stage may hold, never cut.
const COUNT_WIDTH: u16 = 11;

/// A column of the stage table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Marker,
    Name,
    Team,
    Count,
    Days,
    Convert,
    Lost,
    LostShare,
    Bar,
    Value,
}

impl Column {
    fn header(self) -> &'static str {
        match self {
            Column::Marker => "",
            Column::Name => "Stage",
            Column::Team => "Team",
            Column::Count => "Count",
            Column::Days => "Days",
            Column::Convert => "Convert",
            Column::Lost => "Lost",
            Column::LostShare => "Lost %",
            Column::Bar => "Value of losses",
            Column::Value => "Value",
        }
    }

    fn left(self) -> bool {
        matches!(self, Column::Name | Column::Team | Column::Bar)
    }

    /// The cursor column this table column shows, if any.
    fn col(self) -> Option<Col> {
        match self {
            Column::Name => Some(Col::Name),
            Column::Team => Some(Col::Team),
            Column::Count => Some(Col::Count),
            Column::Days => Some(Col::Days),
            _ => None,
        }
    }
}

/// What the typing does: the session the figures are drawn from, and what
/// is wrong (the field's own error, or the first inconsistency of the
/// typed counts) with whether the open field itself is at fault.
struct Preview {
    session: Option<Session>,
    /// Counts typed and not saved (those equal to the saved ones aside).
    typed: usize,
    error: Option<String>,
    field_invalid: bool,
}

/// Rows of the headline above the table: big letters on tall windows.
fn head_height(area: Rect) -> u16 {
    if area.height >= 40 { 10 } else { 5 }
}

impl FunnelScreen {
    fn preview(&self, s: &Session) -> Preview {
        let Some(field) = &self.field else { return Preview { session: None, typed: 0, error: None, field_invalid: false } };
        if self.col != Col::Count {
            return match apply_value(s, self.row, self.col, field.value()) {
                Ok(next) => Preview { session: Some(next), typed: 0, error: None, field_invalid: false },
                Err(e) => Preview { session: None, typed: 0, error: Some(e), field_invalid: true },
            };
        }
        match self.typed_counts(s) {
            Ok(typed) => {
                let next = with_counts(s, &typed);
                let error = first_conflict(&next, &typed);
                let field_invalid = error.is_some() && conflicts(&next).iter().any(|k| *k == self.row || *k == self.row + 1);
                Preview { session: Some(next), typed: typed.len(), error, field_invalid }
            }
            Err(e) => {
                let others = with_counts(s, &self.pending);
                Preview { session: Some(others), typed: self.pending.len(), error: Some(e), field_invalid: true }
            }
        }
    }

    /// Revenue in big letters; beside it the biggest leak as the ceiling it
    /// is, with the realistic figure (recover 10 %) and the part the teams
    /// control, so a seven-figure "value lost" never stands alone.
    fn draw_headline(&self, f: &mut Frame, area: Rect, s: &Session, segment: Option<&str>, theme: &Theme) {
        let [head, _] = Layout::vertical([Constraint::Length(head_height(area)), Constraint::Min(0)]).areas(area);
        let [big_area, leak_area] = Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(head);
        let [label, number] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(big_area);
        let per = s.period;
        let revenue = Funnel::of(s).revenue();
        let label_text = match segment {
            Some(name) => format!(" {name}: {} ({})", Figure::Revenue.name(per), s.currency),
            None => format!(" {} ({})", Figure::Revenue.name(per), s.currency),
        };
        f.render_widget(Paragraph::new(Span::styled(label_text, if segment.is_some() { theme.key } else { theme.dim })), label);
        big::render(f, number, &format::money_short(revenue, &s.currency), theme.title);
        let figures = model::step_figures(s);
        let mut leak_lines = vec![Line::from(Span::styled(format!("= {}", format::money(revenue, &s.currency)), theme.title))];
        match model::biggest_leak(&figures) {
            Some(l) => {
                let recover = model::sensitivity(s).into_iter().find(|x| x.step == l.step).map_or(0.0, |x| x.recover_10pct);
                let control = model::step_control(s).get(l.step).map_or(0.0, |c| c.controllable);
                let m = |v: f64| format::money_short(v, &s.currency);
                leak_lines.push(Line::from(vec![
                    Span::styled("⚠ BIGGEST LEAK ", theme.bad),
                    Span::styled(s.step_label(l.step).unwrap_or_default(), theme.title),
                    Span::styled(format!(" · {} lost", format::percent(l.lost_share)), theme.dim),
                ]));
                leak_lines.push(Line::from(format!(
                    "{} {} · {} +{} · {} {}",
                    Figure::ValueLostCeiling.name(per).to_lowercase(),
                    m(l.value_lost),
                    Figure::Recover10.short(per).to_lowercase(),
                    m(recover),
                    Figure::Controllable.short(per).to_lowercase(),
                    m(control),
                )));
            }
            None => leak_lines.push(Line::from(Span::styled("Enter the counts to see where the funnel leaks.", theme.dim))),
        }
        f.render_widget(Paragraph::new(leak_lines).wrap(ratatui::widgets::Wrap { trim: true }), leak_area);
    }

    pub(super) fn draw(&self, f: &mut Frame, area: Rect, v: &View) {
        let theme = v.theme;
        let segment = self.segment.segment(v.session).map(|g| g.name.as_str());
        // A segment is drawn from the import's figures, never typed over:
        // edits are refused while one is shown.
        let shown = self.segment.view(v.session);
        let preview = if segment.is_some() { Preview { session: None, typed: 0, error: None, field_invalid: false } } else { self.preview(v.session) };
        let s = preview.session.as_ref().unwrap_or(&shown);
        let figures = model::step_figures(s);
        let leak = model::biggest_leak(&figures).map(|l| l.step);
        let max_value = figures.iter().map(|x| x.value_lost).fold(0.0, f64::max);
        // The headline stays on the saved funnel while the typed counts
        // disagree: a set with a conversion above 100 % must never reach the
        // wall as revenue.
        let headline_session = if preview.error.is_some() { v.session } else { s };
        self.draw_headline(f, area, headline_session, segment, theme);

        let [_, table] = Layout::vertical([Constraint::Length(head_height(area)), Constraint::Min(0)]).areas(area);
        let title = match (segment, v.session.segments.is_empty()) {
            (Some(name), _) => Span::styled(format!(" Segment {name} (read-only) — conversion and losses "), theme.key),
            // Shorter than the plain title, so the segment note fits at 80 columns.
            (None, false) => Span::styled(" Stages — conversion and losses to the next stage ", theme.title),
            (None, true) => Span::styled(" Stages — conversion and losses on the step to the next stage ", theme.title),
        };
        let title_w = title.width();
        let block = Panel::new(title, theme.border_focus);
        let inner = block.inner(table);
        f.render_widget(block, table);
        if let Some(note) = self.segment.note(v.session) {
            segment::border_note(f, table, title_w, &note, theme);
        }
        // Where the counts came from, and which were typed over since.
        let info = v.session.import.as_ref();
        let edited = |k: usize, count: u64| segment.is_none() && info.is_some_and(|i| i.count_edited(k, count));
        let any_edited = s.stages.iter().enumerate().any(|(k, st)| edited(k, st.count));
        let count_w = if info.is_some() && segment.is_none() { COUNT_WIDTH + 2 } else { COUNT_WIDTH };
        let mut source: Vec<String> = Vec::new();
        if let Some(i) = info {
            let period = match (i.from, i.to) {
                (Some(from), Some(to)) => format!(" · {from} to {to}"),
                (Some(from), None) => format!(" · from {from}"),
                (None, Some(to)) => format!(" · up to {to}"),
                (None, None) => String::new(),
            };
            source.extend(list::wrap(&format!("Counts from {} · {}{period}", i.file, i.mode.words()), usize::from(inner.width)));
            if any_edited {
                source.extend(list::wrap(&format!("✎ edited by hand since the import of {}", i.file), usize::from(inner.width)));
            }
        }
        // The table keeps a row per stage; the source gives way first.
        let room = usize::from(inner.height).saturating_sub(2 + s.stages.len());
        source.truncate(room);
        let wide = inner.width >= 110;
        // Lost counts are as wide as they need, up to a whole count.
        let lost_w = figures.iter().map(|x| format::count(x.lost).chars().count()).max().unwrap_or(0).clamp(8, usize::from(COUNT_WIDTH)) as u16;
        // Narrow: Days or Team stand in for "Lost %" (which 1 − Convert also
        // tells) while the cursor is on them, so an edit is never off screen.
        let swapped = match self.col {
            Col::Days if !wide => Some(Column::Days),
            Col::Team if !wide => Some(Column::Team),
            _ => None,
        };
        let mut columns = vec![(Column::Marker, Constraint::Length(2)), (Column::Name, Constraint::Min(12))];
        if wide {
            columns.push((Column::Team, Constraint::Length(9)));
        }
        columns.push((Column::Count, Constraint::Length(count_w)));
        if wide {
            columns.push((Column::Days, Constraint::Length(6)));
        } else if let Some(c) = swapped {
            columns.push((c, Constraint::Length(9)));
        }
        columns.extend([(Column::Convert, Constraint::Length(8)), (Column::Lost, Constraint::Length(lost_w))]);
        if swapped.is_none() {
            columns.push((Column::LostShare, Constraint::Length(8)));
        }
        // Whole money when wide, as wide as the largest value needs.
        let value_w = if wide {
            figures.iter().map(|x| format::money(x.value_lost, &s.currency).chars().count()).max().unwrap_or(0).max(16) as u16
        } else {
            8
        };
        columns.extend([(Column::Bar, Constraint::Fill(2)), (Column::Value, Constraint::Length(value_w))]);
        let layout = Layout::horizontal(columns.iter().map(|(_, c)| *c)).spacing(1);
        let source_h = u16::try_from(source.len()).unwrap_or(0);
        let [head_row, rows_area, source_area, hint] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0), Constraint::Length(source_h), Constraint::Length(1)]).areas(inner);
        for (n, line) in source.iter().enumerate() {
            let row = Rect { y: source_area.y + n as u16, height: 1, ..source_area };
            list::put(f, row, line, theme.dim, Alignment::Left);
        }
        for (cell, (column, _)) in layout.split(head_row).iter().zip(&columns) {
            let style = if swapped == Some(*column) { theme.key } else { theme.dim };
            let align = if column.left() { Alignment::Left } else { Alignment::Right };
            let text = if *column == Column::Bar && cell.width < 15 { "Value lost" } else { column.header() };
            f.render_widget(Paragraph::new(Span::styled(text, style)).alignment(align), *cell);
        }

        let bad_rows = conflicts(s);
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
            let cells = layout.split(Rect { y, height: 1, ..rows_area });
            let selected = k == self.row;
            let is_leak = leak == Some(k);
            // Counts that grow down the funnel: both stages say so, in words.
            let above = k.checked_sub(1).and_then(|a| s.stages.get(a));
            let below = s.stages.get(k + 1);
            let conflict = if bad_rows.contains(&k) {
                above.map(|a| format!("✗ more than {} above ({})", a.name, format::count(a.count as f64)))
            } else if bad_rows.contains(&(k + 1)) {
                below.map(|b| format!("✗ fewer than {} below ({})", b.name, format::count(b.count as f64)))
            } else {
                None
            };
            let marker = match (conflict.is_some(), selected, is_leak) {
                (true, _, _) => Span::styled("✗", theme.bad),
                (false, true, _) => Span::styled("▶", theme.title),
                (false, false, true) => Span::styled("⚠", theme.bad),
                _ => Span::raw(" "),
            };
            f.render_widget(Paragraph::new(marker), cells[0]);
            let cell_style = |col: Col| if selected && self.col == col && self.field.is_none() { theme.selected } else { theme.base };
            let fig = figures.get(k);
            let value_style = if is_leak { theme.bar_leak } else { theme.base };
            for (cell, (column, _)) in cells.iter().zip(&columns).skip(1) {
                if selected && column.col() == Some(self.col) {
                    if let Some(field) = &self.field {
                        field.render_marked(f, *cell, theme, preview.field_invalid);
                        continue;
                    }
                }
                // The reason takes the place of the figures it makes meaningless;
                // the outcome stage has no figures, so its note has their room.
                let note = match (&conflict, column, fig) {
                    (Some(why), Column::Convert, _) => Some((why.clone(), theme.bad)),
                    (None, Column::Bar, None) => Some(("won: the outcome".to_string(), theme.dim)),
                    _ => None,
                };
                if let Some((text, style)) = note {
                    let end = cells.last().map_or(cell.right(), |c| c.right());
                    let merged = Rect { width: end.saturating_sub(cell.x), ..*cell };
                    f.render_widget(Paragraph::new(Span::styled(text, style)), merged);
                    break;
                }
                let (text, style): (String, Style) = match (column, fig) {
                    (Column::Name, _) => (stage.name.clone(), cell_style(Col::Name)),
                    (Column::Team, _) => (stage.team.label().to_string(), if selected && self.col == Col::Team && self.field.is_none() { theme.selected } else { theme.dim }),
                    // The mark sits right of the digits, so counts stay aligned.
                    (Column::Count, _) if count_w > COUNT_WIDTH => {
                        let mark = if edited(k, stage.count) { " ✎" } else { "  " };
                        (format!("{}{mark}", format::count(stage.count as f64)), cell_style(Col::Count))
                    }
                    (Column::Count, _) => (format::count(stage.count as f64), cell_style(Col::Count)),
                    (Column::Days, _) => (format!("{}", stage.days), cell_style(Col::Days)),
                    (Column::Convert, Some(x)) => (format::percent(x.conversion), theme.base),
                    (Column::Lost, Some(x)) => (format::count(x.lost), theme.base),
                    (Column::LostShare, Some(x)) => (format::percent(x.lost_share), theme.base),
                    (Column::Bar, Some(x)) => {
                        let width = usize::from(cell.width);
                        let mut text = bar(x.value_lost, max_value, width.saturating_sub(if is_leak { 2 } else { 0 }));
                        if is_leak {
                            text.push_str(" ⚠");
                        }
                        (text, if is_leak { theme.bar_leak } else { theme.bar })
                    }
                    (Column::Value, Some(x)) => {
                        let value = if wide { format::money(x.value_lost, &s.currency) } else { format::money_short(x.value_lost, &s.currency) };
                        (value, value_style)
                    }
                    _ => (String::new(), theme.base),
                };
                let align = if column.left() { Alignment::Left } else { Alignment::Right };
                f.render_widget(Paragraph::new(Span::styled(text, style)).alignment(align), *cell);
            }
        }
        match segment {
            Some(name) => {
                let text = format!("{name} only, read-only · s next segment, S back, \"all\" after the last to edit");
                list::put(f, hint, &text, theme.dim, Alignment::Left);
            }
            None => self.draw_hint(f, hint, swapped, &preview, theme),
        }
    }

    fn draw_hint(&self, f: &mut Frame, hint: Rect, swapped: Option<Column>, preview: &Preview, theme: &Theme) {
        let editing_counts = self.field.is_some() && self.col == Col::Count;
        if let Some(e) = &preview.error {
            let what = if editing_counts && !self.pending.is_empty() { "not saved; Esc drops all" } else { "not saved; fix it or Esc" };
            f.render_widget(Paragraph::new(Span::styled(format!("✗ {e} — {what}"), theme.bad)), hint);
            return;
        }
        let text = if editing_counts && preview.typed > 1 {
            format!("{} counts typed, none saved · Enter saves all as one change · Esc drops them", preview.typed)
        } else if editing_counts {
            "Enter saves · Tab keeps it and moves on (Enter saves all) · Esc cancels · figures follow your typing".to_string()
        } else if self.field.is_some() {
            "Enter saves · Tab saves + next row · Esc cancels · figures follow your typing".to_string()
        } else if let Some(c) = swapped {
            let (what, how) = if c == Column::Days { ("Days", "Enter edits them") } else { ("Team", "Enter or Space changes it") };
            format!("{what} shown in place of Lost % (narrow window) · {how}")
        } else {
            // The footer keeps undo and help at 80 columns; the import key is
            // named here, where the counts are.
            "←→ column · Enter edit · Space team · a add · d remove · i import CRM".to_string()
        };
        f.render_widget(Paragraph::new(Span::styled(text, theme.dim)), hint);
    }
}
