//! The import dialog drawn over the app: one box, one step at a time.
//! Pure: reads the dialog and the session, changes nothing but the largest
//! useful scroll (a `Cell` the keys clamp against). Every piece of file
//! text (stage names, reasons, segment values, the file's own name) is
//! escaped on its way to the terminal: a control character shows as `\e`
//! or `\x07`, never acts.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::state::{ImportDialog, Step, mode_label};
use crate::cli::safe::escape;
use crate::import;
use crate::session::Session;
use crate::tui::theme::Theme;
use crate::tui::widgets::pane::{self, Panel};

/// The box: across the window, leaving the tabs above and the status line
/// and footer below in view.
pub fn area(window: Rect) -> Rect {
    let width = window.width.saturating_sub(4).min(120);
    let height = window.height.saturating_sub(4).min(40);
    Rect {
        x: window.x + (window.width - width) / 2,
        y: window.y + 2,
        width,
        height,
    }
}

fn esc(text: &str) -> String {
    escape(text).into_owned()
}

/// A hint line of keys and what they do: `[("Enter", "reads the file"), …]`.
fn keys_line(items: &[(&str, &str)], theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, (k, what)) in items.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme.dim));
        }
        spans.push(Span::styled(k.to_string(), theme.key));
        spans.push(Span::raw(format!(" {what}")));
    }
    Line::from(spans)
}

/// A wrapped paragraph scrolled by the dialog's scroll, clamped to what
/// fits; when it does not fit, the last row says where the view is.
fn scrolled(f: &mut Frame, d: &ImportDialog, lines: Vec<Line<'static>>, area: Rect, theme: &Theme) {
    let para = Paragraph::new(lines).wrap(Wrap { trim: false });
    let total = u16::try_from(para.line_count(area.width)).unwrap_or(u16::MAX);
    if total <= area.height || area.height < 2 {
        d.max_scroll.set(0);
        f.render_widget(para, area);
        return;
    }
    let shown = area.height - 1;
    let max = total - shown;
    d.max_scroll.set(max);
    let at = d.scroll.min(max);
    f.render_widget(
        para.scroll((at, 0)),
        Rect {
            height: shown,
            ..area
        },
    );
    let more = if at < max {
        format!(
            "↓ more: lines {}–{} of {total} · PgUp/PgDn scroll",
            at + 1,
            at + shown
        )
    } else {
        format!(
            "end: lines {}–{total} of {total} · PgUp/PgDn scroll",
            at + 1
        )
    };
    f.render_widget(
        Paragraph::new(Span::styled(more, theme.dim)),
        Rect {
            y: area.y + shown,
            height: 1,
            ..area
        },
    );
}

pub fn draw(f: &mut Frame, window: Rect, d: &ImportDialog, s: &Session, theme: &Theme) {
    let rect = area(window);
    let title = match &d.step {
        Step::Form => " Import a CRM export (CSV): file and options ".to_string(),
        Step::Reading { .. } => format!(" Import {}: reading ", esc(&d.file)),
        Step::Mapping { .. } => format!(" Import {}: map the CRM stages ", esc(&d.file)),
        Step::DateOrder { .. } => format!(" Import {}: day or month first? ", esc(&d.file)),
        Step::Preview { .. } => format!(" Import {}: preview ", esc(&d.file)),
    };
    pane::clear(f.buffer_mut(), rect, theme.base);
    let panel = Panel::new(
        Span::styled(title, theme.title.add_modifier(Modifier::BOLD)),
        theme.border_focus,
    );
    let inner = panel.inner(rect);
    f.render_widget(panel, rect);
    let inner = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    };
    let [body, keys] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(inner);
    match &d.step {
        Step::Form => form(f, d, body, keys, theme),
        Step::Reading { .. } => reading(f, d, body, keys, theme),
        Step::Mapping { list, cursor } => mapping(f, d, list, *cursor, body, keys, theme),
        Step::DateOrder {
            line,
            column,
            value,
            day_first,
        } => date_order(f, (*line, column, value, *day_first), body, keys, theme),
        Step::Preview { import, applied } => preview(f, d, s, (import, applied), body, keys, theme),
    }
}

fn form(f: &mut Frame, d: &ImportDialog, body: Rect, keys: Rect, theme: &Theme) {
    let rows = d.form.height();
    let [fields, _, hints, rest] = Layout::vertical([
        Constraint::Length(rows),
        Constraint::Length(1),
        Constraint::Length(3),
        Constraint::Min(0),
    ])
    .areas(body);
    d.form.render(f, fields, theme, d.field_error.as_ref());
    let hint = "File: a path from the session's folder, or ~/… from your home folder. Segment columns: header names, comma-separated (Region, Source); empty for none. Period: YYYY-MM-DD, empty for no bound.";
    f.render_widget(
        Paragraph::new(Span::styled(hint, theme.dim)).wrap(Wrap { trim: true }),
        hints,
    );
    if let Some(e) = &d.error {
        let [_, msg] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(rest);
        let lines = vec![Line::from(Span::styled(format!("✗ {}", esc(e)), theme.bad))];
        scrolled(f, d, lines, msg, theme);
    } else {
        d.max_scroll.set(0);
    }
    f.render_widget(
        Paragraph::new(keys_line(
            &[
                ("Enter", "read the file"),
                ("Tab ↑↓", "next option"),
                ("Esc", "close"),
            ],
            theme,
        )),
        keys,
    );
}

fn reading(f: &mut Frame, d: &ImportDialog, body: Rect, keys: Rect, theme: &Theme) {
    let lines = vec![
        Line::from(""),
        Line::from(Span::styled(
            format!("Reading {}…", esc(&d.file)),
            theme.title,
        )),
        Line::from(""),
        Line::from(Span::styled(
            format!("Counted as {}.", mode_label(d.mode())),
            theme.dim,
        )),
        Line::from(Span::styled(
            "Nothing changes until you have seen the preview and pressed Enter.",
            theme.dim,
        )),
    ];
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), body);
    f.render_widget(
        Paragraph::new(keys_line(&[("Esc", "stop reading")], theme)),
        keys,
    );
}

fn mapping(
    f: &mut Frame,
    d: &ImportDialog,
    list: &[super::state::Unmapped],
    cursor: usize,
    body: Rect,
    keys: Rect,
    theme: &Theme,
) {
    let intro = format!(
        "{} CRM stage{} in {} match{} no stage of the session. Pick a session stage for each, or \"leave out\" to leave its rows out; the answers are kept for the next import.",
        list.len(),
        if list.len() == 1 { "" } else { "s" },
        esc(&d.file),
        if list.len() == 1 { "es" } else { "" },
    );
    let intro = Paragraph::new(intro).wrap(Wrap { trim: true });
    let intro_h = u16::try_from(intro.line_count(body.width))
        .unwrap_or(u16::MAX)
        .min(body.height / 2);
    let [top, _, head, rows] = Layout::vertical([
        Constraint::Length(intro_h),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(body);
    f.render_widget(intro, top);
    let names: Vec<String> = list.iter().map(|u| esc(&u.stage.name)).collect();
    let name_w = names
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(9, usize::from(body.width / 3).max(9));
    let cut = |t: &str, w: usize| -> String {
        if t.chars().count() <= w {
            t.to_string()
        } else {
            let mut s: String = t.chars().take(w.saturating_sub(1)).collect();
            s.push('…');
            s
        }
    };
    f.render_widget(
        Paragraph::new(Span::styled(
            format!(
                "  {:<name_w$} {:>9} {:>11}   → session stage",
                "CRM stage", "rows", "first line"
            ),
            theme.dim,
        )),
        head,
    );
    let shown = usize::from(rows.height).max(1);
    let top_row = cursor.saturating_sub(shown - 1);
    let mut lines = Vec::new();
    for (i, (u, name)) in list
        .iter()
        .zip(&names)
        .enumerate()
        .skip(top_row)
        .take(shown)
    {
        let here = i == cursor;
        let pick = d.pick_label(u.pick);
        let pick_style = match (here, u.pick) {
            (true, _) => theme.selected,
            (false, None) => theme.warn,
            (false, Some(_)) => theme.base,
        };
        lines.push(Line::from(vec![
            Span::styled(if here { "▶ " } else { "  " }, theme.key),
            Span::styled(
                format!(
                    "{:<name_w$} {:>9} {:>11}   ",
                    cut(name, name_w),
                    crate::format::count(u.stage.rows as f64),
                    u.stage.first_line
                ),
                if here { theme.key } else { theme.base },
            ),
            Span::styled(format!("‹ {} ›", esc(&pick)), pick_style),
        ]));
    }
    f.render_widget(Paragraph::new(lines), rows);
    let more = list.len() > shown;
    let mut items = vec![
        ("↑↓", "stage"),
        ("←→ Space", "pick"),
        ("Enter", "read again"),
        ("Esc", "back"),
    ];
    if more {
        items.insert(1, ("PgUp/PgDn", "page"));
    }
    f.render_widget(Paragraph::new(keys_line(&items, theme)), keys);
}

/// The example date read both ways: ("3 April 2026", "4 March 2026").
fn readings(value: &str) -> Option<(String, String)> {
    let parts: Vec<u32> = value
        .trim()
        .split(['/', '.', '-'])
        .map(|p| p.trim().parse::<u32>())
        .collect::<Result<_, _>>()
        .ok()?;
    let [a, b, y] = parts.as_slice() else {
        return None;
    };
    let y = i32::try_from(if *y < 100 { y + 2000 } else { *y }).ok()?;
    let show = |m: u32, day: u32| {
        NaiveDate::from_ymd_opt(y, m, day).map(|d| d.format("%-d %B %Y").to_string())
    };
    Some((show(*b, *a)?, show(*a, *b)?))
}

fn date_order(
    f: &mut Frame,
    (line, column, value, day_first): (u64, &str, &str, bool),
    body: Rect,
    keys: Rect,
    theme: &Theme,
) {
    let mut lines = vec![
        Line::from(format!(
            "Line {line}, column \"{}\": \"{}\" can be read day first or month first, and no date in the file settles it.",
            esc(column),
            esc(value)
        )),
        Line::from(""),
        Line::from(Span::styled("Which order does the file use?", theme.title)),
    ];
    let (day, month) = readings(value).unwrap_or_default();
    for (on, label, reads) in [
        (day_first, "day first (dd/mm/yyyy)", day),
        (!day_first, "month first (mm/dd/yyyy)", month),
    ] {
        let mark = if on { "(•) " } else { "( ) " };
        let mut spans = vec![Span::styled(
            format!("{mark}{label}"),
            if on { theme.selected } else { theme.base },
        )];
        if !reads.is_empty() {
            spans.push(Span::styled(
                format!("  \"{}\" is {reads}", esc(value)),
                theme.dim,
            ));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        "The answer is used for every date in the file; it is asked again only for another file.",
        theme.dim,
    )));
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), body);
    f.render_widget(
        Paragraph::new(keys_line(
            &[
                ("↑↓ Space", "choose"),
                ("Enter", "read again"),
                ("Esc", "back"),
            ],
            theme,
        )),
        keys,
    );
}

/// One preview line, styled: headlines bold, rows left out in warning
/// colour, details plain.
fn styled(text: &str, theme: &Theme) -> Line<'static> {
    let style = if !text.starts_with("  ") {
        theme.title
    } else if text.starts_with("  left out") {
        theme.warn
    } else {
        theme.base
    };
    Line::from(Span::styled(esc(text), style))
}

fn preview(
    f: &mut Frame,
    d: &ImportDialog,
    s: &Session,
    (imp, applied): (&import::Import, &import::Applied),
    body: Rect,
    keys: Rect,
    theme: &Theme,
) {
    let period = match (
        applied.session.import.as_ref().and_then(|i| i.from),
        applied.session.import.as_ref().and_then(|i| i.to),
    ) {
        (Some(a), Some(b)) => format!("{a} to {b}"),
        (Some(a), None) => format!("from {a}"),
        (None, Some(b)) => format!("up to {b}"),
        (None, None) => "all dates".to_string(),
    };
    let mut lines = vec![Line::from(vec![
        Span::styled("Into ", theme.dim),
        Span::styled(esc(&s.title), theme.base),
        Span::styled(format!(", for {period}"), theme.dim),
    ])];
    lines.extend(
        import::preview_lines(&imp.preview)
            .iter()
            .map(|l| styled(l, theme)),
    );
    lines.push(Line::from(""));
    lines.extend(
        import::changes_lines(applied)
            .iter()
            .map(|l| styled(l, theme)),
    );
    if !applied.session.segments.is_empty() {
        let columns: Vec<String> = imp_columns(d);
        let names: Vec<String> = applied
            .session
            .segments
            .iter()
            .map(|g| esc(&g.name))
            .collect();
        lines.push(Line::from(vec![
            Span::styled(
                format!(
                    "Segments ({}, {}): ",
                    columns.join(" · "),
                    applied.session.segments.len()
                ),
                theme.title,
            ),
            Span::raw(names.join(", ")),
        ]));
    }
    scrolled(f, d, lines, body, theme);
    f.render_widget(
        Paragraph::new(keys_line(
            &[
                ("Enter", "import (one step: u undoes it)"),
                ("↑↓ PgUp/PgDn", "scroll"),
                ("Esc", "back"),
            ],
            theme,
        )),
        keys,
    );
}

fn imp_columns(d: &ImportDialog) -> Vec<String> {
    d.options()
        .map(|o| o.segments.iter().map(|c| esc(c)).collect())
        .unwrap_or_default()
}
