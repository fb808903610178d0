//! Actions, typing and clicks → view changes and votes. Nothing here draws.

use crossterm::event::KeyEvent;
use ratatui::layout::Position;

use super::VoteScreen;
use crate::session::Session;
use crate::session::edit::cast_vote;
use crate::tui::action::Action;
use crate::tui::screens::{Edit, Outcome};
use crate::tui::widgets::filter::step_among;

impl VoteScreen {
    /// Moves the cursor `by` places within the listed ideas (clamped), or
    /// onto the nearest listed idea when it sits on a hidden one.
    fn move_in_list(&mut self, s: &Session, by: isize) {
        if let Some(to) = step_among(&self.visible(s), self.row, by) {
            self.row = to;
        }
    }

    fn vote(&self, s: &Session, up: bool) -> Outcome {
        if self.filter.active() && !self.filter.matches(s.ideas.get(self.row).map_or("", |i| i.title.as_str())) {
            return Outcome::Error("no idea matches the filter: Esc clears it".into());
        }
        let Some(person) = s.participants.get(self.person) else {
            return Outcome::Error("nobody to vote: add participants on Setup (1) first".into());
        };
        let Some(idea) = s.ideas.get(self.row) else {
            return Outcome::Error("no idea to vote on: add ideas on the Stage walk (3) first".into());
        };
        let (pid, iid) = (person.id, idea.id);
        // Try it first so a refusal is said at once and nothing is recorded.
        let mut probe = s.clone();
        if let Err(e) = cast_vote(&mut probe, pid, iid, up) {
            return Outcome::Error(e.to_string());
        }
        let label = if up {
            format!("{}: a dot on \"{}\"", person.name, idea.title)
        } else {
            format!("{}: a dot back from \"{}\"", person.name, idea.title)
        };
        Outcome::Commit(Edit::new(label, move |s| {
            cast_vote(s, pid, iid, up).map_err(|e| e.to_string())
        }))
    }

    pub(super) fn action(&mut self, action: Action, s: &Session) -> Outcome {
        let people = s.participants.len().max(1);
        let page = self.idea_rows.borrow().count().max(1);
        if self.filter.typing() {
            self.filter.typing_action(action);
            self.move_in_list(s, 0);
            return Outcome::Consumed;
        }
        match action {
            Action::Filter => self.filter.open(),
            Action::Cancel if self.filter.active() => self.filter.clear(),
            Action::Up => self.move_in_list(s, -1),
            Action::Down => self.move_in_list(s, 1),
            Action::PageUp => self.move_in_list(s, -(page as isize)),
            Action::PageDown => self.move_in_list(s, page as isize),
            Action::First => self.move_in_list(s, isize::MIN / 2),
            Action::Last => self.move_in_list(s, isize::MAX / 2),
            Action::NextParticipant => self.person = (self.person + 1) % people,
            Action::PrevParticipant => self.person = (self.person + people - 1) % people,
            Action::VoteUp => return self.vote(s, true),
            Action::VoteDown => return self.vote(s, false),
            _ => return Outcome::Ignored,
        }
        Outcome::Consumed
    }

    pub(super) fn text(&mut self, key: &KeyEvent, s: &Session) -> Outcome {
        self.filter.key(key);
        self.move_in_list(s, 0);
        Outcome::Consumed
    }

    pub(super) fn paste(&mut self, text: &str, s: &Session) -> Outcome {
        self.filter.paste(text);
        self.move_in_list(s, 0);
        Outcome::Consumed
    }

    pub(super) fn click(&mut self, at: Position, s: &Session) -> Outcome {
        if let Some(i) = self.people_rows.get().hit(at).filter(|i| *i < s.participants.len()) {
            self.person = i;
            return Outcome::Consumed;
        }
        let hit = self.idea_rows.borrow().hit(at);
        if let Some(i) = hit.filter(|i| *i < s.ideas.len()) {
            self.row = i;
            return Outcome::Consumed;
        }
        Outcome::Ignored
    }
}
