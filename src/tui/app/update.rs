//! Input → change: terminal events become keys, pastes and clicks, keys
//! become an `Action` through the keymap, and `update` routes each action to
//! whatever has the say in the current mode (help, a prompt, the import
//! dialog, the start screen, the presentation, the screen on view, and last
//! the global keys). What a screen answers is handled in `outcome`.

use crossterm::event::{Event, KeyEvent, MouseButton, MouseEventKind};
use ratatui::layout::Position;

use super::App;
use crate::session::Session;
use crate::tui::action::Action;
use crate::tui::keymap::{Mode, Resolved};
use crate::tui::present;
use crate::tui::screens::{Outcome, Screen};
use crate::tui::start::StartScreen;

impl App {
    /// A terminal event. Key releases are ignored (Windows reports both).
    pub fn handle_event(&mut self, event: &Event) {
        if let Some(key) = event.as_key_press_event() {
            self.key(&key);
        } else if let Event::Paste(text) = event {
            self.paste(text);
        } else if let Event::Mouse(m) = event {
            match m.kind {
                MouseEventKind::ScrollDown => self.update(Action::Down),
                MouseEventKind::ScrollUp => self.update(Action::Up),
                MouseEventKind::Down(MouseButton::Left) => {
                    self.click(Position::new(m.column, m.row))
                }
                _ => {}
            }
        }
    }

    pub fn key(&mut self, key: &KeyEvent) {
        let mode = self.mode();
        match self.keymap.resolve(mode, self.screen_bindings(), key) {
            Resolved::Action(action) => self.update(action),
            Resolved::ToField if self.save_as.is_some() => {
                if let Some(field) = &mut self.save_as {
                    field.key(key);
                }
            }
            Resolved::ToField if self.import.is_some() => self.import_key(key),
            Resolved::ToField => self.text_to_field(
                |start| start.on_text(key),
                |s, session| s.on_text(key, session),
            ),
            Resolved::Unbound => {}
        }
    }

    pub fn paste(&mut self, text: &str) {
        if !self.editing() {
            return;
        }
        if let Some(field) = &mut self.save_as {
            return field.paste(text);
        }
        if self.import.is_some() {
            return self.import_paste(text);
        }
        self.text_to_field(
            |start| start.on_paste(text),
            |s, session| s.on_paste(text, session),
        );
    }

    /// Typed and pasted text take one road: to the start screen's field
    /// before a session is open, else to the screen on view.
    fn text_to_field(
        &mut self,
        start: impl FnOnce(&mut StartScreen) -> Outcome,
        screen: impl FnOnce(&mut dyn Screen, &Session) -> Outcome,
    ) {
        let outcome = match &self.doc {
            None => start(&mut self.start),
            Some(doc) => match self.screens.get_mut(self.current) {
                Some(s) => screen(s.as_mut(), &doc.session),
                None => Outcome::Ignored,
            },
        };
        self.outcome(outcome);
    }

    fn click(&mut self, at: Position) {
        if self.help.is_some() {
            self.help = None;
            return;
        }
        if self.presenting {
            // Nothing on the presentation is clickable, and the tab strip is hidden.
            return;
        }
        if self.doc.is_none() {
            let outcome = self.start.on_click(at);
            self.start_outcome(outcome);
            return;
        }
        if let Some((_, i)) = self.tab_hits.iter().find(|(r, _)| r.contains(at)) {
            let i = *i;
            self.go_to(i);
            return;
        }
        let outcome = match (&self.doc, self.screens.get_mut(self.current)) {
            (Some(doc), Some(screen)) => screen.on_click(at, &doc.session),
            _ => Outcome::Ignored,
        };
        self.outcome(outcome);
    }

    /// Everything a user can do goes through here.
    pub fn update(&mut self, action: Action) {
        if action != Action::ExportAll {
            self.export_armed = false;
        }
        if action == Action::PasteDraft {
            match self.draft.take() {
                Some(text) if self.editing() => {
                    let text = text.replace('\n', " · ");
                    self.paste(&text);
                    self.info("pasted the text kept from the last run");
                }
                Some(text) => {
                    self.draft = Some(text);
                    self.info("open a field first (Enter), then F2 pastes the kept text");
                }
                None => self.info("no text kept from the last run"),
            }
            return;
        }
        if self.save_as.is_some() {
            return self.save_as_action(action);
        }
        match self.mode() {
            Mode::Help => return self.help_action(action),
            Mode::Conflict => return self.conflict_action(action),
            Mode::Unsaved => return self.unsaved_action(action),
            Mode::Import => return self.import_action(action),
            Mode::Editing if self.import.is_some() => return self.import_action(action),
            Mode::Editing => {}
            Mode::Normal => {
                // A message of several lines covers part of the screen, so
                // Esc puts it away before it means anything else.
                if action == Action::Cancel && self.long_error() {
                    self.status = None;
                    return;
                }
            }
        }
        if self.doc.is_none() {
            return self.start_action(action);
        }
        if self.presenting {
            return self.present_action(action);
        }
        // The screen gets first say, so it can give a global key a local meaning.
        let outcome = match (&self.doc, self.screens.get_mut(self.current)) {
            (Some(doc), Some(screen)) => screen.on_action(action, &doc.session),
            _ => Outcome::Ignored,
        };
        if matches!(outcome, Outcome::Ignored) {
            self.global(action);
        } else {
            self.outcome(outcome);
        }
    }

    fn global(&mut self, action: Action) {
        match action {
            Action::Quit => self.request_quit(),
            Action::ToggleHelp => self.help = Some(0),
            Action::Undo => self.undo(),
            Action::Redo => self.redo(),
            Action::NextScreen => self.go_to((self.current + 1) % self.screens.len().max(1)),
            Action::PrevScreen => {
                let n = self.screens.len().max(1);
                self.go_to((self.current + n - 1) % n)
            }
            Action::GoToScreen(n) => {
                let i = usize::from(n).saturating_sub(1);
                if i < self.screens.len() {
                    self.go_to(i)
                } else {
                    self.error(format!(
                        "there is no screen {n}; screens are 1–{}",
                        self.screens.len()
                    ))
                }
            }
            Action::CycleTheme => {
                self.theme = self.theme.next();
                self.info(format!("theme: {}", self.theme.name.label()));
            }
            Action::TimerStartPause => self.move_clock(|c, now, _| c.toggle(now)),
            Action::TimerAddFive => self.move_clock(|c, _, _| c.add_five()),
            Action::TimerNextSection => self.move_clock(|c, now, n| c.next_section(now, n)),
            Action::Cancel => self.status = None,
            Action::TogglePresent => self.start_presenting(),
            Action::TakeOver => self.take_over(),
            _ => {}
        }
    }

    /// Presentation mode, on the view that fits the screen the room was on.
    pub(super) fn start_presenting(&mut self) {
        let screen = self.screens.get(self.current).map_or("", |s| s.title());
        self.present.enter(present::View::for_screen(screen));
        self.presenting = true;
        self.status = None;
    }

    fn present_action(&mut self, action: Action) {
        let Some(doc) = &self.doc else { return };
        match present::on_action(&mut self.present, action, &doc.session) {
            present::Outcome::Leave => self.presenting = false,
            present::Outcome::Global(action) => self.global(action),
            present::Outcome::Consumed | present::Outcome::Ignored => {}
        }
    }

    fn go_to(&mut self, i: usize) {
        if i < self.screens.len() {
            self.current = i;
            self.status = None;
            if self.stale.get(i).copied().unwrap_or(true)
                && let (Some(doc), Some(screen)) = (&self.doc, self.screens.get_mut(i))
            {
                screen.sync(&doc.session);
                if let Some(flag) = self.stale.get_mut(i) {
                    *flag = false;
                }
            }
        }
    }

    fn help_action(&mut self, action: Action) {
        let scroll = self.help.unwrap_or(0);
        self.help = match action {
            Action::ToggleHelp | Action::Cancel => None,
            Action::Quit => {
                self.request_quit();
                None
            }
            Action::Down => Some(scroll.saturating_add(1)),
            Action::Up => Some(scroll.saturating_sub(1)),
            Action::PageDown => Some(scroll.saturating_add(10)),
            Action::PageUp => Some(scroll.saturating_sub(10)),
            _ => Some(scroll),
        };
    }

    fn start_action(&mut self, action: Action) {
        match action {
            Action::Quit if !self.start.editing() => self.quit = true,
            Action::ToggleHelp if !self.start.editing() => self.help = Some(0),
            Action::CycleTheme => self.global(action),
            _ => {
                let outcome = self.start.on_action(action);
                self.start_outcome(outcome);
            }
        }
    }
}
