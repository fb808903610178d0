//! Actions → view changes and edits. Nothing here draws.

use std::collections::BTreeMap;

use super::edit::{apply_value, first_conflict, insert_after, remove, typical_days, with_counts};
use super::{Col, FunnelScreen};
use crate::session::{Session, Team};
use crate::tui::action::Action;
use crate::tui::screens::{Edit, Outcome};
use crate::tui::widgets::text_field::{TextField, parse_count};

impl FunnelScreen {
    fn current_text(&self, s: &Session) -> String {
        let Some(stage) = s.stages.get(self.row) else { return String::new() };
        match self.col {
            Col::Name => stage.name.clone(),
            Col::Count => self.pending.get(&self.row).copied().unwrap_or(stage.count).to_string(),
            Col::Days => format!("{}", stage.days),
            Col::Team => stage.team.label().to_string(),
        }
    }

    /// The counts typed so far, the open field's included: stage index →
    /// count, leaving out those equal to what is saved.
    pub(super) fn typed_counts(&self, s: &Session) -> Result<BTreeMap<usize, u64>, String> {
        let mut typed = self.pending.clone();
        if let (Col::Count, Some(field)) = (self.col, &self.field) {
            typed.insert(self.row, parse_count(field.value())?);
        }
        typed.retain(|k, n| s.stages.get(*k).is_some_and(|st| st.count != *n));
        Ok(typed)
    }

    /// Enter on counts: every typed count as one edit, only when the whole
    /// funnel is consistent; otherwise nothing is saved and the reason names
    /// both stages. One count typed is the same path with a set of one.
    fn commit_counts(&mut self, s: &Session) -> Outcome {
        let typed = match self.typed_counts(s) {
            Ok(typed) => typed,
            Err(e) => return Outcome::Error(e),
        };
        let next = with_counts(s, &typed);
        if let Some(why) = first_conflict(&next, &typed) {
            return Outcome::Error(format!("{why} — nothing saved; fix the counts, or Esc to drop them"));
        }
        self.field = None;
        self.pending.clear();
        let label = match typed.len() {
            0 => return Outcome::Consumed,
            1 => typed.keys().next().and_then(|k| s.stages.get(*k)).map_or("count".to_string(), |st| format!("{}: count", st.name)),
            n => format!("counts of {n} stages"),
        };
        Outcome::Commit(Edit::new(label, move |session| {
            *session = next;
            Ok(())
        }))
    }

    fn commit_field(&mut self, s: &Session) -> Result<Edit, String> {
        let Some(field) = &self.field else { return Err("nothing is being edited".into()) };
        let next = apply_value(s, self.row, self.col, field.value())?;
        let stage = s.stages.get(self.row).map(|st| st.name.clone()).unwrap_or_default();
        let what = if self.col == Col::Name { "name" } else { "days" };
        self.field = None;
        Ok(Edit::new(format!("{stage}: {what}"), move |session| {
            *session = next;
            Ok(())
        }))
    }

    fn step_row(&mut self, forward: bool, s: &Session) {
        let last = s.stages.len().saturating_sub(1);
        self.row = if forward { (self.row + 1).min(last) } else { self.row.saturating_sub(1) };
    }

    fn editing_action(&mut self, action: Action, s: &Session) -> Outcome {
        match (action, self.col) {
            (Action::Edit, Col::Count) => self.commit_counts(s),
            (Action::Edit, _) => match self.commit_field(s) {
                Ok(edit) => Outcome::Commit(edit),
                Err(e) => Outcome::Error(e),
            },
            // Not consumed: the app's Esc then clears the status line, so an
            // error about the dropped values does not stay behind.
            (Action::Cancel, _) => {
                self.field = None;
                self.pending.clear();
                Outcome::Ignored
            }
            // Counts: Tab keeps the typed count in view and moves on; nothing
            // is saved until Enter, so a funnel may pass through states that
            // are inconsistent on the way to one that is not.
            (Action::NextField | Action::PrevField, Col::Count) => {
                let count = match self.field.as_ref().map(|f| parse_count(f.value())) {
                    Some(Ok(count)) => count,
                    Some(Err(e)) => return Outcome::Error(e),
                    None => return Outcome::Consumed,
                };
                match s.stages.get(self.row) {
                    Some(st) if st.count == count => self.pending.remove(&self.row),
                    _ => self.pending.insert(self.row, count),
                };
                self.step_row(action == Action::NextField, s);
                self.field = Some(TextField::replacing(&self.current_text(s)));
                Outcome::Consumed
            }
            // Names and days: Tab saves and opens the same column one row down.
            (Action::NextField | Action::PrevField, _) => match self.commit_field(s) {
                Ok(edit) => {
                    self.step_row(action == Action::NextField, s);
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
        }
    }

    /// The team of the selected stage, one step round; the cursor goes to
    /// the Team column so the change is on screen at any width.
    fn cycle_team(&mut self, s: &Session) -> Outcome {
        let k = self.row;
        let Some(stage) = s.stages.get(k) else { return Outcome::Consumed };
        self.col = Col::Team;
        let next = match stage.team {
            Team::Marketing => Team::Sales,
            Team::Sales => Team::Shared,
            Team::Shared => Team::Marketing,
        };
        let label = format!("{}: team {}", stage.name, next.label());
        Outcome::Commit(Edit::new(label, move |s| {
            s.stages.get_mut(k).ok_or("that stage no longer exists")?.team = next;
            Ok(())
        }))
    }

    pub(super) fn action(&mut self, action: Action, s: &Session) -> Outcome {
        if self.field.is_some() {
            return self.editing_action(action, s);
        }
        let last = s.stages.len().saturating_sub(1);
        match action {
            Action::NextSegment | Action::PrevSegment => return self.segment.cycle(s, action == Action::NextSegment),
            // A segment's funnel is read from the import: its counts are
            // not the session's, so nothing typed over them could be saved.
            Action::Edit | Action::Toggle | Action::InsertStage | Action::Delete if self.segment.refusal(s).is_some() => {
                return Outcome::Error(self.segment.refusal(s).unwrap_or_default());
            }
            Action::Up => self.row = self.row.saturating_sub(1),
            Action::Down => self.row = (self.row + 1).min(last),
            Action::PageUp => self.row = self.row.saturating_sub(5),
            Action::PageDown => self.row = (self.row + 5).min(last),
            Action::First => self.row = 0,
            Action::Last => self.row = last,
            Action::Left | Action::PrevPane => self.col = self.col.prev(),
            Action::Right | Action::NextPane => self.col = self.col.next(),
            Action::Edit if self.col == Col::Team => return self.cycle_team(s),
            Action::Edit => {
                self.pending.clear();
                self.field = Some(TextField::replacing(&self.current_text(s)));
            }
            Action::Toggle => return self.cycle_team(s),
            Action::Import => return Outcome::Import,
            Action::InsertStage => {
                let k = self.row;
                if k >= s.stages.len() {
                    return Outcome::Consumed;
                }
                self.row = k + 1;
                self.col = Col::Name;
                let days = typical_days(s, k);
                let note = format!(
                    "New stage: {days} days in stage, the typical value of its neighbours; Enter renames it, ← goes to Days and Enter changes them"
                );
                return Outcome::Commit(Edit::new("insert a stage", move |s| insert_after(s, k, days)).saying(note));
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
}
