//! The start screen (`funnelcheck` without a FILE): recent sessions in the
//! sessions folder, and new sessions from the funnel templates.
//!
//! Building it reads nothing: the app builds one even when it opens a FILE
//! and never shows it. The folder is listed when the screen is first
//! prepared for drawing or gets a key, and a session's title is read when
//! its row is first shown ([`rows`]).

mod rows;

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
use crate::store;
use rows::Row;

pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[Key::ch('n')],
        action: Action::NewSession,
    },
    Binding {
        keys: &[Key::ch('o')],
        action: Action::OpenSelected,
    },
    Binding {
        keys: &[Key::ch('f')],
        action: Action::FollowUp,
    },
];

pub enum StartOutcome {
    None,
    Error(String),
    Open(PathBuf),
    Create(Box<Session>, PathBuf),
    /// Make the next check-in of this session and open it.
    FollowUp(PathBuf),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pane {
    Sessions,
    Templates,
}

pub struct StartScreen {
    dir: PathBuf,
    date: NaiveDate,
    /// `None` until first needed.
    entries: Option<Vec<Row>>,
    pane: Pane,
    session_row: usize,
    template_row: usize,
    /// The title of the new session being typed.
    naming: Option<TextField>,
    /// Sessions and templates as last drawn (pane, its rows), for clicks.
    hits: std::cell::Cell<[(Rect, Rows); 2]>,
}

impl StartScreen {
    /// The start screen on `dir`, for new sessions dated `date`. Reads
    /// nothing yet.
    pub fn new(dir: &Path, date: NaiveDate) -> StartScreen {
        StartScreen {
            dir: dir.to_path_buf(),
            date,
            entries: None,
            pane: Pane::Sessions,
            session_row: 0,
            template_row: 0,
            naming: None,
            hits: std::cell::Cell::default(),
        }
    }

    /// The folder's sessions, listed on first use; an empty folder starts
    /// on the templates.
    fn listed(&mut self) -> &mut Vec<Row> {
        let dir = &self.dir;
        let pane = &mut self.pane;
        self.entries.get_or_insert_with(|| {
            let rows = rows::list(dir);
            if rows.is_empty() {
                *pane = Pane::Templates;
            }
            rows
        })
    }

    /// Reads what the next frame in `area` shows and was not read yet:
    /// the folder's list, and the titles of the rows in view. Called before
    /// [`StartScreen::render`], which reads nothing.
    pub fn prepare(&mut self, area: Rect) {
        let (_, left, _) = areas(area);
        let (first, fits) = self.window(left);
        for row in self.listed().iter_mut().skip(first).take(fits) {
            if row.title.is_none() {
                row.title = Some(rows::title(&row.path));
            }
        }
    }

    /// The first session row shown and how many fit, two lines each,
    /// scrolled to keep the cursor in view.
    fn window(&self, left: Rect) -> (usize, usize) {
        let fits = usize::from(left.height.saturating_sub(2) / 2).max(1);
        ((self.session_row + 1).saturating_sub(fits), fits)
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
        let sessions = self.listed().len();
        let row = self.session_row;
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
                    self.session_row = (self.session_row + 1).min(sessions.saturating_sub(1))
                }
                Pane::Templates => {
                    self.template_row = (self.template_row + 1).min(templates.saturating_sub(1))
                }
            },
            Action::NewSession => {
                self.pane = Pane::Templates;
                self.naming = Some(TextField::default());
            }
            Action::FollowUp => match (self.pane, self.listed().get(row)) {
                (Pane::Sessions, Some(entry)) => return StartOutcome::FollowUp(entry.path.clone()),
                (Pane::Sessions, None) => {
                    return StartOutcome::Error(
                        "no session to follow up: open or start one first".into(),
                    );
                }
                (Pane::Templates, _) => {
                    return StartOutcome::Error(
                        "f follows up a session: pick one in the list on the left first (Tab)"
                            .into(),
                    );
                }
            },
            Action::Edit | Action::OpenSelected => match self.pane {
                Pane::Sessions => match self.listed().get(row) {
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
        let (head, left, right) = areas(area);
        let entries = self.entries.as_deref().unwrap_or_default();
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
        if entries.is_empty() {
            lines.push(Line::from(Span::styled("No sessions here yet.", theme.dim)));
            lines.push(Line::from(Span::styled(
                "Pick a template on the right →",
                theme.dim,
            )));
        }
        let (first, fits) = self.window(left);
        let shown = entries.len().saturating_sub(first).min(fits);
        for (i, e) in entries.iter().enumerate().skip(first).take(fits) {
            let selected = self.pane == Pane::Sessions && i == self.session_row;
            let marker = if selected { "▶ " } else { "  " };
            let style = if selected { theme.selected } else { theme.base };
            let (title, title_style) = match &e.title {
                Some(Ok(t)) => (t.clone(), style),
                Some(Err(_)) => ("✗ cannot be read".to_string(), theme.bad),
                // Not prepared: drawn without reading the file.
                None => ("…".to_string(), theme.dim),
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
            list::window_note(first, shown, entries.len())
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

/// The heading, the sessions pane and the templates pane of `area`.
fn areas(area: Rect) -> (Rect, Rect, Rect) {
    let [head, body] = Layout::vertical([Constraint::Length(3), Constraint::Min(0)]).areas(area);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(body);
    (head, left, right)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
    }

    /// `n` small sessions, the newest named "Workshop 0".
    fn folder(dir: &Path, n: usize) {
        let epoch = SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_000_000);
        for i in 0..n {
            let mut s = assets::example_session();
            s.title = format!("Workshop {i}");
            let path = dir.join(format!("w{i:02}.ron"));
            store::save(&path, &s).expect("save");
            let when = epoch - Duration::from_secs(60 * i as u64);
            std::fs::File::options()
                .write(true)
                .open(&path)
                .and_then(|f| f.set_modified(when))
                .expect("set mtime");
        }
    }

    fn read(screen: &StartScreen) -> Vec<Option<String>> {
        screen
            .entries
            .iter()
            .flatten()
            .map(|r| r.title.clone().and_then(Result::ok))
            .collect()
    }

    #[test]
    fn building_the_screen_reads_nothing_and_its_first_frame_lists_the_folder() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut screen = StartScreen::new(dir.path(), day());
        // Written after the screen was built: found only if building did
        // not list the folder.
        folder(dir.path(), 1);
        assert!(screen.entries.is_none());
        screen.prepare(Rect::new(0, 0, 80, 22));
        assert_eq!(read(&screen), vec![Some("Workshop 0".to_string())]);
        assert_eq!(screen.pane, Pane::Sessions);
    }

    #[test]
    fn only_the_rows_in_view_are_read_and_scrolling_reads_the_next() {
        let dir = tempfile::tempdir().expect("temp dir");
        folder(dir.path(), 14);
        let mut screen = StartScreen::new(dir.path(), day());
        // 22 rows: 3 of heading, 2 of border, 2 lines a session: 8 rows.
        let area = Rect::new(0, 0, 80, 22);
        screen.prepare(area);
        let shown = |s: &StartScreen| read(s).iter().filter(|t| t.is_some()).count();
        assert_eq!(shown(&screen), 8);
        assert_eq!(read(&screen)[7].as_deref(), Some("Workshop 7"));
        assert_eq!(read(&screen)[8], None);
        for _ in 0..10 {
            screen.on_action(Action::Down);
        }
        screen.prepare(area);
        // The cursor on row 10 shows rows 3..=10.
        assert_eq!(shown(&screen), 11);
        assert_eq!(read(&screen)[10].as_deref(), Some("Workshop 10"));
    }

    #[test]
    fn an_empty_folder_starts_on_the_templates() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut screen = StartScreen::new(dir.path(), day());
        screen.on_action(Action::Down);
        assert_eq!((screen.pane, screen.template_row), (Pane::Templates, 1));
    }
}
