//! The start screen (`funnelcheck` without a FILE): recent sessions in the
//! sessions folder, and new sessions from the funnel templates.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::action::Action;
use super::keymap::{Binding, Key};
use super::screens::Outcome;
use super::screens::list::{self, Rows};
use super::theme::Theme;
use super::widgets::text_field::{TextField, parse_text};
use crate::assets;
use crate::session::Session;
use crate::store::{self, SessionEntry};

pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[Key::ch('n')],
        action: Action::NewSession,
    },
    Binding {
        keys: &[Key::ch('o')],
        action: Action::OpenSelected,
    },
];

pub enum StartOutcome {
    None,
    Error(String),
    Open(PathBuf),
    Create(Box<Session>, PathBuf),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pane {
    Sessions,
    Templates,
}

pub struct StartScreen {
    dir: PathBuf,
    date: NaiveDate,
    entries: Vec<SessionEntry>,
    pane: Pane,
    session_row: usize,
    template_row: usize,
    /// The title of the new session being typed.
    naming: Option<TextField>,
    /// Sessions and templates as last drawn (pane, its rows), for clicks.
    hits: std::cell::Cell<[(Rect, Rows); 2]>,
}

impl StartScreen {
    pub fn new(dir: &Path, date: NaiveDate) -> StartScreen {
        let entries = store::list_sessions(dir);
        let pane = if entries.is_empty() {
            Pane::Templates
        } else {
            Pane::Sessions
        };
        StartScreen {
            dir: dir.to_path_buf(),
            date,
            entries,
            pane,
            session_row: 0,
            template_row: 0,
            naming: None,
            hits: std::cell::Cell::default(),
        }
    }

    pub fn editing(&self) -> bool {
        self.naming.is_some()
    }

    pub fn on_text(&mut self, key: &KeyEvent) -> Outcome {
        if let Some(field) = &mut self.naming {
            field.key(key);
        }
        Outcome::Consumed
    }

    pub fn on_paste(&mut self, text: &str) -> Outcome {
        if let Some(field) = &mut self.naming {
            field.paste(text);
        }
        Outcome::Consumed
    }

    pub fn on_click(&mut self, at: Position) -> StartOutcome {
        let [(sessions, session_rows), (templates, template_rows)] = self.hits.get();
        if sessions.contains(at) {
            self.pane = Pane::Sessions;
            if let Some(i) = session_rows.hit(at) {
                self.session_row = i;
            }
        } else if templates.contains(at) {
            self.pane = Pane::Templates;
            if let Some(i) = template_rows.hit(at) {
                self.template_row = i;
            }
        }
        StartOutcome::None
    }

    pub fn on_action(&mut self, action: Action) -> StartOutcome {
        if let Some(field) = &self.naming {
            return match action {
                Action::Edit => self.create(field.value().to_string()),
                Action::Cancel => {
                    self.naming = None;
                    StartOutcome::None
                }
                _ => StartOutcome::None,
            };
        }
        let templates = assets::templates().len();
        match action {
            Action::NextPane | Action::PrevPane | Action::Left | Action::Right => {
                self.pane = if self.pane == Pane::Sessions {
                    Pane::Templates
                } else {
                    Pane::Sessions
                };
            }
            Action::Up => match self.pane {
                Pane::Sessions => self.session_row = self.session_row.saturating_sub(1),
                Pane::Templates => self.template_row = self.template_row.saturating_sub(1),
            },
            Action::Down => match self.pane {
                Pane::Sessions => {
                    self.session_row =
                        (self.session_row + 1).min(self.entries.len().saturating_sub(1))
                }
                Pane::Templates => {
                    self.template_row = (self.template_row + 1).min(templates.saturating_sub(1))
                }
            },
            Action::NewSession => {
                self.pane = Pane::Templates;
                self.naming = Some(TextField::default());
            }
            Action::Edit | Action::OpenSelected => match self.pane {
                Pane::Sessions => match self.entries.get(self.session_row) {
                    Some(entry) => return StartOutcome::Open(entry.path.clone()),
                    None => {
                        return StartOutcome::Error(
                            "no session to open: press n to start one".into(),
                        );
                    }
                },
                Pane::Templates => self.naming = Some(TextField::default()),
            },
            _ => {}
        }
        StartOutcome::None
    }

    fn create(&mut self, title: String) -> StartOutcome {
        let title = match parse_text(&title, "the workshop title") {
            Ok(t) => t,
            Err(e) => return StartOutcome::Error(e),
        };
        let Some(template) = assets::templates().get(self.template_row) else {
            return StartOutcome::Error("no template selected".into());
        };
        if let Err(e) = std::fs::create_dir_all(&self.dir) {
            return StartOutcome::Error(format!(
                "cannot create the sessions folder {}: {e}",
                self.dir.display()
            ));
        }
        let path = store::path_for_name(&self.dir, &title);
        if path.exists() {
            return StartOutcome::Error(format!(
                "{} already exists: open it from the list, or choose another title",
                path.display()
            ));
        }
        self.naming = None;
        StartOutcome::Create(
            Box::new(assets::new_session(&title, template, self.date)),
            path,
        )
    }

    pub fn render(&self, f: &mut Frame, area: Rect, theme: &Theme) {
        let [head, body] =
            Layout::vertical([Constraint::Length(3), Constraint::Min(0)]).areas(area);
        f.render_widget(
            Paragraph::new(vec![
                Line::from(Span::styled(
                    "funnelcheck — Funnel Reality Check",
                    theme.title,
                )),
                Line::from(Span::styled(
                    format!("sessions folder: {}", self.dir.display()),
                    theme.dim,
                )),
            ]),
            head,
        );
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(body);
        let block = |title: &str, focused: bool| {
            Block::default()
                .borders(Borders::ALL)
                .title(Span::styled(format!(" {title} "), theme.title))
                .border_style(if focused {
                    theme.border_focus
                } else {
                    theme.border
                })
        };

        let mut lines = Vec::new();
        if self.entries.is_empty() {
            lines.push(Line::from(Span::styled("No sessions here yet.", theme.dim)));
            lines.push(Line::from(Span::styled(
                "Pick a template on the right →",
                theme.dim,
            )));
        }
        // Two rows a session; a long list scrolls to keep the cursor in view.
        let fits = usize::from(left.height.saturating_sub(2) / 2).max(1);
        let first = (self.session_row + 1).saturating_sub(fits);
        let shown = self.entries.len().saturating_sub(first).min(fits);
        for (i, e) in self.entries.iter().enumerate().skip(first).take(fits) {
            let selected = self.pane == Pane::Sessions && i == self.session_row;
            let marker = if selected { "▶ " } else { "  " };
            let style = if selected { theme.selected } else { theme.base };
            let (title, title_style) = match &e.title {
                Ok(t) => (t.clone(), style),
                Err(_) => ("✗ cannot be read".to_string(), theme.bad),
            };
            lines.push(Line::from(vec![
                Span::styled(marker, style),
                Span::styled(title, title_style),
            ]));
            let name = e
                .path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            let when = e
                .modified
                .map(|m| {
                    chrono::DateTime::<chrono::Local>::from(m)
                        .format("%Y-%m-%d %H:%M")
                        .to_string()
                })
                .unwrap_or_default();
            lines.push(Line::from(Span::styled(
                format!("    {name}  {when}"),
                theme.dim,
            )));
        }
        let title = format!(
            "Open a session{}",
            list::window_note(first, shown, self.entries.len())
        );
        let sessions = block(&title, self.pane == Pane::Sessions);
        let session_rows = Rows {
            area: sessions.inner(left),
            first,
            count: shown,
            per: 2,
        };
        f.render_widget(Paragraph::new(lines).block(sessions), left);

        let mut lines = Vec::new();
        for (i, t) in assets::templates().iter().enumerate() {
            let selected = self.pane == Pane::Templates && i == self.template_row;
            let marker = if selected { "▶ " } else { "  " };
            let style = if selected { theme.selected } else { theme.base };
            lines.push(Line::from(vec![
                Span::styled(marker, style),
                Span::styled(t.title.clone(), style),
            ]));
            let stages: Vec<&str> = t.stages.iter().map(|s| s.name.as_str()).collect();
            lines.push(Line::from(Span::styled(
                format!("    {}", stages.join(" › ")),
                theme.dim,
            )));
            lines.push(Line::from(""));
        }
        let inner = block("New from a template", self.pane == Pane::Templates);
        let inner_area = inner.inner(right);
        f.render_widget(inner, right);
        let [list, prompt] =
            Layout::vertical([Constraint::Min(0), Constraint::Length(4)]).areas(inner_area);
        // Clipped, not wrapped: each template keeps its three rows, so clicks land.
        f.render_widget(Paragraph::new(lines), list);
        let template_rows = Rows {
            area: list,
            first: 0,
            count: assets::templates().len().min(usize::from(list.height / 3)),
            per: 3,
        };
        self.hits
            .set([(left, session_rows), (right, template_rows)]);
        match &self.naming {
            Some(field) => {
                let [label, input, hint] =
                    Layout::vertical([Constraint::Length(1); 3]).areas(prompt);
                f.render_widget(
                    Paragraph::new(Span::styled("Title of the new workshop:", theme.title)),
                    label,
                );
                field.render(f, input, theme, None);
                f.render_widget(
                    Paragraph::new(Span::styled("Enter create · Esc cancel", theme.dim)),
                    hint,
                );
            }
            None => {
                let desc = assets::templates()
                    .get(self.template_row)
                    .map(|t| t.description.clone())
                    .unwrap_or_default();
                f.render_widget(
                    Paragraph::new(Span::styled(desc, theme.dim)).wrap(Wrap { trim: true }),
                    prompt,
                );
            }
        }
    }
}
