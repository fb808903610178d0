//! What surrounds every screen: header (title, tabs, timer), status line,
//! footer (keys that matter here, save state), the help overlay and the
//! "window too small" message.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::action::Action;
use super::app::{App, SaveState};
use super::keymap::{self, Mode};
use super::present;
use super::screens::View;
use super::widgets::pane::{self, Panel};
use super::widgets::timer;

/// Below this the screens cannot be laid out readably.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub fn draw(f: &mut Frame, app: &mut App) {
    let area = f.area();
    let theme = app.theme;
    pane::fill(f.buffer_mut(), area, theme.base);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return too_small(f, app, area);
    }
    if app.presenting && app.doc.is_some() {
        return draw_presenting(f, app, area);
    }
    // A long error (a parse error with its caret, a list of problems) gets
    // the lines it needs, up to a third of the window, instead of being cut.
    let status_lines = status_height(app, area.width, area.height / 3);
    let [header, body, status, footer] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(0),
        Constraint::Length(status_lines),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_header(f, app, header);
    match &app.doc {
        None => {
            let area = Rect {
                height: header.height + body.height,
                ..header
            };
            // Reads the folder and the titles in view, once; the render
            // below reads nothing.
            app.start.prepare(area);
            app.start.render(f, area, &theme);
        }
        Some(doc) => {
            let view = View {
                session: &doc.session,
                theme: &theme,
            };
            if let Some(screen) = app.screens.get(app.current) {
                screen.render(f, body, &view);
            }
        }
    }
    draw_status(f, app, status);
    draw_footer(f, app, footer);
    super::import::draw(f, area, app);
    draw_save_as(f, app, area);
    if let Some(scroll) = app.help {
        draw_help(f, app, area, scroll);
    }
}

/// "Save as": one field in a box across the middle of the window.
fn draw_save_as(f: &mut Frame, app: &App, area: Rect) {
    let Some(field) = &app.save_as else { return };
    let theme = &app.theme;
    let width = area.width.saturating_sub(8).min(100);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + area.height / 2 - 2,
        width,
        height: 4,
    };
    pane::clear(f.buffer_mut(), rect, theme.base);
    let panel = Panel::new(
        Span::styled(
            " Save to (a folder or a .ron / .json file) — Enter saves, Esc goes back ",
            theme.title,
        ),
        theme.border_focus,
    );
    let inner = panel.inner(rect);
    f.render_widget(panel, rect);
    field.render(f, Rect { height: 1, ..inner }, theme, None);
}

/// Presentation mode takes the whole window; only a message (a failed save,
/// the file changed on disk) and the help overlay are drawn over it.
fn draw_presenting(f: &mut Frame, app: &mut App, area: Rect) {
    app.tab_hits.clear();
    let held = app.doc.as_ref().is_some_and(|d| d.save == SaveState::Held);
    let status_lines = if app.status.is_some() || held {
        status_height(app, area.width, area.height / 3)
    } else {
        0
    };
    let [body, status] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(status_lines)]).areas(area);
    if let Some(doc) = &app.doc {
        present::draw(f, body, &doc.session, &app.present, &app.theme, app.now);
    }
    draw_status(f, app, status);
    if let Some(scroll) = app.help {
        draw_help(f, app, area, scroll);
    }
}

fn too_small(f: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let text = vec![
        Line::from(Span::styled("Make the window larger", theme.title)),
        Line::from(""),
        Line::from(format!(
            "funnelcheck needs at least {MIN_WIDTH}×{MIN_HEIGHT};"
        )),
        Line::from(format!("this window is {}×{}.", area.width, area.height)),
        Line::from(""),
        Line::from(Span::styled(
            format!(
                "Your work is saved. {} quits.",
                app.keymap
                    .key_for(&[], Action::Quit)
                    .unwrap_or_else(|| "Ctrl-C".into())
            ),
            theme.dim,
        )),
    ];
    let top = area.height.saturating_sub(text.len() as u16) / 2;
    let inner = Rect {
        y: area.y + top,
        height: area.height.saturating_sub(top),
        ..area
    };
    f.render_widget(
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        inner,
    );
}

fn draw_header(f: &mut Frame, app: &mut App, area: Rect) {
    let theme = app.theme;
    let Some(doc) = &app.doc else { return };
    let [top, tabs] = Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    let timer_width = (area.width / 2).min(60);
    let [title_area, timer_area] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(timer_width)]).areas(top);
    let mut title = format!(" {}", doc.session.title);
    if !doc.session.company.is_empty() {
        title.push_str(&format!(" · {}", doc.session.company));
    }
    f.render_widget(Paragraph::new(Span::styled(title, theme.title)), title_area);
    let max_title = usize::from(timer_width).saturating_sub(22);
    f.render_widget(
        Paragraph::new(timer::line(
            &doc.session.clock,
            app.now,
            &doc.session.agenda,
            &theme,
            max_title,
        ))
        .alignment(Alignment::Right),
        timer_area,
    );

    let mut spans = Vec::new();
    let mut hits = Vec::new();
    let mut x = tabs.x;
    // Every tab whole: when the spaces between tabs would push the last one
    // off the edge (eight tabs at 80 columns), the tabs' own padding alone
    // keeps them apart.
    let widths: usize = app
        .screens
        .iter()
        .map(|s| s.title().chars().count() + 5)
        .sum();
    let sep = u16::from(widths.saturating_sub(1) <= usize::from(tabs.width));
    for (i, screen) in app.screens.iter().enumerate() {
        let active = i == app.current;
        // The active tab is marked by brackets as well as colour.
        let label = if active {
            format!("[{} {}]", i + 1, screen.title())
        } else {
            format!(" {} {} ", i + 1, screen.title())
        };
        let width = label.chars().count() as u16;
        hits.push((
            Rect {
                x,
                y: tabs.y,
                width,
                height: 1,
            },
            i,
        ));
        x = x.saturating_add(width + sep);
        spans.push(Span::styled(
            label,
            if active { theme.tab_active } else { theme.tab },
        ));
        if sep > 0 {
            spans.push(Span::raw(" "));
        }
    }
    app.tab_hits = hits;
    f.render_widget(Paragraph::new(Line::from(spans)), tabs);
}

/// The status message as drawn: it keeps its own line breaks (the caret
/// under a parse error must stay under the right column) and wraps.
fn status_paragraph(app: &App) -> Paragraph<'static> {
    let theme = &app.theme;
    let held = app.doc.as_ref().is_some_and(|d| d.save == SaveState::Held);
    if held {
        return Paragraph::new(Line::from(vec![
            Span::styled(" ⚠ The file changed on disk. ", theme.bad),
            Span::styled("r", theme.key),
            Span::raw(" reload it  "),
            Span::styled("k", theme.key),
            Span::raw(" keep mine (overwrite)"),
        ]));
    }
    let Some(status) = &app.status else {
        return Paragraph::new("");
    };
    let (first, rest, style) = if status.error {
        (" ✗ ", "   ", theme.bad)
    } else {
        (" ", " ", theme.base)
    };
    let lines: Vec<Line> = status
        .text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            let mark = if i == 0 { first } else { rest };
            Line::from(Span::styled(format!("{mark}{l}"), style))
        })
        .collect();
    Paragraph::new(lines).wrap(Wrap { trim: false })
}

/// Lines the status message needs at this width, at least one, at most `max`.
fn status_height(app: &App, width: u16, max: u16) -> u16 {
    let needed = status_paragraph(app).line_count(width);
    u16::try_from(needed)
        .unwrap_or(u16::MAX)
        .clamp(1, max.max(1))
}

fn draw_status(f: &mut Frame, app: &App, area: Rect) {
    f.render_widget(status_paragraph(app), area);
}

fn save_label(app: &App) -> Span<'static> {
    let theme = &app.theme;
    match app.doc.as_ref().map(|d| &d.save) {
        None => Span::raw(""),
        Some(SaveState::Clean) => Span::styled("✓ no changes", theme.dim),
        Some(SaveState::Saved(at)) => {
            Span::styled(format!("✓ saved {}", at.format("%H:%M:%S")), theme.good)
        }
        Some(SaveState::Failed(_)) => Span::styled("✗ NOT SAVED (see message)", theme.bad),
        Some(SaveState::Held) => Span::styled("⚠ not saved: file changed", theme.bad),
        Some(SaveState::Saving) => Span::styled("… saving", theme.dim),
        Some(SaveState::ReadOnly(_)) => Span::styled("🔒 read-only: open elsewhere", theme.warn),
    }
}

fn draw_footer(f: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let bindings = app.screen_bindings();
    let mut items: Vec<(Action, &str)> = match (app.mode(), &app.import) {
        (Mode::Editing | Mode::Import, Some(d)) => super::import::footer(d),
        (mode, _) => match mode {
            Mode::Editing => vec![
                (Action::Edit, "done"),
                (Action::Cancel, "cancel"),
                (Action::NextField, "next field"),
            ],
            Mode::Help => vec![(Action::ToggleHelp, "close help")],
            Mode::Conflict => vec![],
            Mode::Unsaved => vec![
                (Action::RetrySave, "retry"),
                (Action::SaveAs, "save as"),
                (Action::QuitAnyway, "quit and lose changes"),
                (Action::Cancel, "back"),
            ],
            Mode::Normal => {
                let mut v = match (&app.doc, app.screens.get(app.current)) {
                    (Some(_), Some(s)) => s.footer(),
                    (None, _) => vec![
                        (Action::OpenSelected, "open"),
                        (Action::NewSession, "new"),
                        (Action::FollowUp, "follow up"),
                        (Action::NextPane, "pane"),
                    ],
                    _ => vec![],
                };
                if app.long_error() {
                    v.insert(0, (Action::Cancel, "dismiss message"));
                }
                v.extend([(Action::ToggleHelp, "help"), (Action::Quit, "quit")]);
                if app.doc.is_some() {
                    v.insert(v.len().saturating_sub(2), (Action::Undo, "undo"));
                }
                v
            }
            Mode::Import => vec![],
        },
    };
    items.dedup();
    let save = save_label(app);
    let save_width = save.content.chars().count() as u16 + 1;
    // Drop hints from the right rather than cut one in half; help stays.
    let room = usize::from(area.width.saturating_sub(save_width + 1));
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    let help = items.iter().position(|(a, _)| *a == Action::ToggleHelp);
    let help_width = help.map_or(0, |i| items[i].1.chars().count() + 4);
    for (i, (action, label)) in items.iter().enumerate() {
        let key = match app.mode() {
            Mode::Editing => keymap::EDITING
                .iter()
                .find(|b| b.action == *action)
                .and_then(|b| b.keys.first())
                .map(|k| k.label()),
            Mode::Help => Some("?".to_string()),
            Mode::Unsaved => keymap::UNSAVED
                .iter()
                .find(|b| b.action == *action)
                .and_then(|b| b.keys.first())
                .map(|k| k.label()),
            Mode::Import => keymap::IMPORT
                .iter()
                .find(|b| b.action == *action)
                .and_then(|b| b.keys.first())
                .map(|k| k.label()),
            _ => app.keymap.key_for(bindings, *action),
        };
        let Some(key) = key else { continue };
        let width = key.chars().count() + label.chars().count() + 3;
        let reserve = if help.is_some_and(|h| h > i) {
            help_width
        } else {
            0
        };
        if used + width + reserve > room && Some(i) != help {
            continue;
        }
        used += width;
        spans.push(Span::styled(key, theme.key));
        spans.push(Span::styled(format!(" {label}  "), theme.base));
    }
    let [keys, saved] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(save_width)]).areas(area);
    f.render_widget(Paragraph::new(Line::from(spans)), keys);
    f.render_widget(
        Paragraph::new(Line::from(save)).alignment(Alignment::Right),
        saved,
    );
}

/// Text-field keys come from tui-input, not from our tables, so they are
/// listed here for help.
const FIELD_KEYS: &[(&str, &str)] = &[
    ("Home End / Ctrl-A Ctrl-E", "start / end of the field"),
    ("Ctrl-← Ctrl-→ / Alt-B Alt-F", "word left / right"),
    ("Ctrl-W / Ctrl-Del", "delete word before / after the cursor"),
    ("Ctrl-U / Ctrl-K", "delete the whole field / to the end"),
    ("paste", "inserts at the cursor"),
];

fn help_line(keys: &str, what: String, width: usize, theme: &super::theme::Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("  {keys:<width$}  "), theme.key),
        Span::raw(what),
    ])
}

fn draw_help(f: &mut Frame, app: &App, area: Rect, scroll: u16) {
    let theme = &app.theme;
    let width = area.width.saturating_sub(4).min(100);
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + 1,
        width,
        height: area.height.saturating_sub(2),
    };
    let screen_name = match &app.doc {
        None => "the start screen",
        Some(_) if app.presenting => "presentation mode",
        Some(_) => app.screens.get(app.current).map_or("", |s| s.title()),
    };
    // One row for the number keys, naming only screens that exist.
    let mut rows: Vec<(String, String)> = app
        .keymap
        .help_rows(Mode::Normal, app.screen_bindings())
        .into_iter()
        .filter(|(_, what)| !what.starts_with("go to screen"))
        .collect();
    if app.doc.is_none() {
        // Before a session is open only these mean anything.
        let start = [
            Action::OpenSelected,
            Action::NewSession,
            Action::FollowUp,
            Action::Up,
            Action::Down,
            Action::NextPane,
            Action::PrevPane,
            Action::Edit,
            Action::Cancel,
            Action::CycleTheme,
            Action::ToggleHelp,
            Action::Quit,
        ];
        rows.retain(|(_, what)| start.iter().any(|a| a.description() == *what));
    }
    if app.presenting {
        // Only the presentation's own keys work here, so only they are listed.
        rows = present::help_rows();
    }
    let dialog = app.import.is_some();
    if dialog {
        // The dialog is modal: only its own keys work while it is open.
        rows = app.keymap.help_rows(Mode::Import, &[]);
    }
    if app.doc.is_some() && !app.presenting && !dialog && !app.screens.is_empty() {
        let names: Vec<String> = app
            .screens
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{} {}", i + 1, s.title()))
            .collect();
        rows.push((
            format!("1–{}", app.screens.len()),
            format!("go to a screen: {}", names.join(", ")),
        ));
    }
    let key_width = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let heading = if dialog {
        "Keys in the import dialog (Space and ←→ pick, ↑↓ move, Enter goes on, Esc goes back)"
            .to_string()
    } else {
        format!("Keys on {screen_name}")
    };
    let mut lines = vec![Line::from(Span::styled(heading, theme.title))];
    for (keys, what) in rows {
        lines.push(help_line(&keys, what, key_width, theme));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        "While typing in a field (it gets every key first)",
        theme.title,
    )));
    let field_width = FIELD_KEYS
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    for (keys, what) in app.keymap.help_rows(Mode::Editing, &[]) {
        lines.push(help_line(&keys, what, field_width, theme));
    }
    for (keys, what) in FIELD_KEYS {
        lines.push(help_line(keys, what.to_string(), field_width, theme));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        "Mouse: click a tab or a row to select it; the wheel scrolls.",
        theme.dim,
    )));
    let pane = Panel::new(
        Span::styled(
            " Help — ? or Esc closes, ↑↓ scroll ",
            theme.title.add_modifier(Modifier::BOLD),
        ),
        theme.border_focus,
    );
    let inner = pane.inner(popup);
    pane::clear(f.buffer_mut(), popup, theme.base);
    f.render_widget(pane, popup);
    // Only the rows that hold text: the rest is already blank.
    let shown = lines.len().saturating_sub(usize::from(scroll));
    let text_area = Rect {
        height: inner.height.min(u16::try_from(shown).unwrap_or(u16::MAX)),
        ..inner
    };
    f.render_widget(Paragraph::new(lines).scroll((scroll, 0)), text_area);
}
