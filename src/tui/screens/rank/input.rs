//! Actions and clicks → view changes and plan edits. Nothing here draws.

use ratatui::layout::Position;

use super::{RankScreen, key_name};
use crate::model::RankBy;
use crate::session::Session;
use crate::tui::action::Action;
use crate::tui::screens::{Edit, Outcome};

impl RankScreen {
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


    pub(super) fn action(&mut self, action: Action, s: &Session) -> Outcome {
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

    pub(super) fn click(&mut self, at: Position) -> Outcome {
        let hit = self.rows.borrow().hit(at);
        match hit.filter(|i| *i < self.ranked.len()) {
            Some(i) => {
                self.row = i;
                Outcome::Consumed
            }
            None => Outcome::Ignored,
        }
    }
}
