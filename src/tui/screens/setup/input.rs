//! Actions → view changes and edits. Nothing here draws.

use crossterm::event::KeyEvent;
use ratatui::layout::Position;

use super::edit::{DETAILS, Detail, drop_empty_pairs};
use super::{Pane, Setup};
use crate::assets;
use crate::session::{Pair, Participant, Period, Role, Session, edit};
use crate::tui::action::Action;
use crate::tui::screens::{Edit, Outcome};
use crate::tui::widgets::text_field::{TextField, parse_text};
use crate::tui::widgets::filter::step_among;

impl Setup {
    fn open_field(&mut self, s: &Session) -> Outcome {
        match self.pane {
            Pane::Details => {
                let d = DETAILS[self.detail];
                if d.cycles() {
                    return self.cycle(s, true);
                }
                // Figures are usually replaced whole; names are usually corrected.
                let numeric = matches!(d, Detail::DealSize | Detail::VoteBudget | Detail::Date | Detail::Currency);
                self.field = Some(if numeric { TextField::replacing(&d.raw(s)) } else { TextField::new(&d.raw(s)) });
            }
            Pane::People => match s.participants.get(self.person) {
                Some(_) if !self.on_shown(s) => return self.nobody_shown(),
                Some(p) => self.field = Some(TextField::new(&p.name)),
                None => return self.start_adding(),
            },
            Pane::Pairs => {
                return Outcome::Info("pairs: Space adds or removes the step under the cursor; p in People moves a person".into());
            }
        }
        Outcome::Consumed
    }

    fn start_adding(&mut self) -> Outcome {
        // The new name must show as it is typed, whatever the filter hid.
        self.filter.clear();
        self.pane = Pane::People;
        self.adding = true;
        self.field = Some(TextField::default());
        Outcome::Consumed
    }

    fn commit_field(&mut self, s: &Session) -> Outcome {
        let Some(field) = &self.field else { return Outcome::Consumed };
        let text = field.value().to_string();
        let result = match self.pane {
            Pane::Details => DETAILS[self.detail].parse(&text, s),
            Pane::People if self.adding => parse_text(&text, "a name").map(|name| {
                let id = s.next_participant_id();
                let sales = s.participants.iter().filter(|p| p.role == Role::Sales).count();
                let marketing = s.participants.iter().filter(|p| p.role == Role::Marketing).count();
                // Alternate teams so a room typed in one go is already balanced.
                let role = if sales > marketing { Role::Marketing } else { Role::Sales };
                self.person = s.participants.len();
                Edit::new(format!("add {name}"), move |s| {
                    s.participants.push(Participant { id, name, role });
                    Ok(())
                })
            }),
            Pane::People => parse_text(&text, "a name").map(|name| {
                let i = self.person;
                Edit::new(format!("rename to {name}"), move |s| {
                    s.participants.get_mut(i).ok_or("that participant no longer exists")?.name = name;
                    Ok(())
                })
            }),
            Pane::Pairs => return Outcome::Consumed,
        };
        match result {
            Ok(edit) => {
                // Typing names one after another: stay in "add" mode.
                self.field = if self.adding { Some(TextField::default()) } else { None };
                Outcome::Commit(edit)
            }
            Err(e) => Outcome::Error(e),
        }
    }

    /// Indexes into `session.participants` of the people listed (all, or
    /// those the filter matches), in session order.
    pub(super) fn visible(&self, s: &Session) -> Vec<usize> {
        s.participants.iter().enumerate().filter(|(_, p)| self.filter.matches(&p.name)).map(|(i, _)| i).collect()
    }

    /// Whether the person under the cursor is one the list shows.
    fn on_shown(&self, s: &Session) -> bool {
        s.participants.get(self.person).is_some_and(|p| self.filter.matches(&p.name))
    }

    fn nobody_shown(&self) -> Outcome {
        Outcome::Error(format!("no one's name matches \"{}\": Esc shows everyone again", self.filter.query().trim()))
    }

    /// Moves the person cursor `by` places within the people listed
    /// (clamped), or onto the nearest listed person when it sits on a
    /// hidden one.
    fn move_in_list(&mut self, s: &Session, by: isize) {
        if let Some(to) = step_among(&self.visible(s), self.person, by) {
            self.person = to;
        }
    }

    /// Space and → pick the next value of a choice, ← the previous one.
    fn cycle(&mut self, s: &Session, forward: bool) -> Outcome {
        let turn = |i: usize, n: usize| if forward { (i + 1) % n } else { (i + n - 1) % n };
        match self.pane {
            Pane::Details => match DETAILS[self.detail] {
                Detail::Period => {
                    let i = Period::ALL.iter().position(|p| *p == s.period).unwrap_or(0);
                    let next = Period::ALL[turn(i, Period::ALL.len())];
                    Outcome::Commit(Edit::new(format!("period: {}", next.label()), move |s| {
                        s.period = next;
                        Ok(())
                    }))
                }
                Detail::Template => {
                    if !s.ideas.is_empty() || s.stages.iter().any(|st| !st.causes.is_empty() || st.count > 0) {
                        return Outcome::Error(
                            "the funnel already holds counts, causes or ideas: change stages on the Funnel screen instead".into(),
                        );
                    }
                    let templates = assets::templates();
                    let names: Vec<String> = s.stages.iter().map(|st| st.name.clone()).collect();
                    let current = templates
                        .iter()
                        .position(|t| t.stages.iter().map(|st| &st.name).eq(names.iter()));
                    let at = match current {
                        Some(i) => turn(i, templates.len().max(1)),
                        None if forward => 0,
                        None => templates.len().saturating_sub(1),
                    };
                    let Some(next) = templates.get(at) else {
                        return Outcome::Error("no templates are built in".into());
                    };
                    let fresh = assets::new_session(&s.title, next, s.date).stages;
                    Outcome::Commit(Edit::new(format!("funnel: {}", next.title), move |s| {
                        s.stages = fresh;
                        let steps = s.step_count();
                        for pair in &mut s.pairs {
                            pair.steps.retain(|k| *k < steps);
                        }
                        Ok(())
                    }))
                }
                _ if forward => self.open_field(s),
                _ => Outcome::Consumed,
            },
            Pane::People => {
                let Some(p) = s.participants.get(self.person) else { return Outcome::Consumed };
                if !self.on_shown(s) {
                    return self.nobody_shown();
                }
                const ROLES: [Role; 3] = [Role::Sales, Role::Marketing, Role::Other];
                let i = ROLES.iter().position(|r| *r == p.role).unwrap_or(0);
                let next = ROLES[turn(i, ROLES.len())];
                let i = self.person;
                Outcome::Commit(Edit::new(format!("{}: {}", p.name, next.label()), move |s| {
                    s.participants.get_mut(i).ok_or("that participant no longer exists")?.role = next;
                    Ok(())
                }))
            }
            Pane::Pairs => {
                let (i, k) = (self.pair, self.step);
                if s.pairs.get(i).is_none() || k >= s.step_count() {
                    return Outcome::Error("no pair or step here: press r to form pairs first".into());
                }
                let label = format!("pair {}: {}", i + 1, s.step_label(k).unwrap_or_default());
                Outcome::Commit(Edit::new(label, move |s| {
                    let pair = s.pairs.get_mut(i).ok_or("that pair no longer exists")?;
                    match pair.steps.iter().position(|x| *x == k) {
                        Some(at) => {
                            pair.steps.remove(at);
                        }
                        None => {
                            pair.steps.push(k);
                            pair.steps.sort_unstable();
                        }
                    }
                    Ok(())
                }))
            }
        }
    }

    fn rows(&self, s: &Session) -> usize {
        match self.pane {
            Pane::Details => DETAILS.len(),
            Pane::People => s.participants.len(),
            Pane::Pairs => s.pairs.len(),
        }
    }

    fn cursor(&mut self) -> &mut usize {
        match self.pane {
            Pane::Details => &mut self.detail,
            Pane::People => &mut self.person,
            Pane::Pairs => &mut self.pair,
        }
    }

    pub(super) fn action(&mut self, action: Action, s: &Session) -> Outcome {
        if self.field.is_some() {
            return match action {
                Action::Edit => self.commit_field(s),
                Action::Cancel => {
                    self.field = None;
                    self.adding = false;
                    Outcome::Consumed
                }
                Action::NextField | Action::PrevField => {
                    let outcome = self.commit_field(s);
                    if matches!(outcome, Outcome::Commit(_)) && !self.adding && self.pane == Pane::People {
                        self.move_in_list(s, if action == Action::NextField { 1 } else { -1 });
                    } else if matches!(outcome, Outcome::Commit(_)) && !self.adding {
                        let rows = self.rows(s);
                        let c = self.cursor();
                        *c = if action == Action::NextField { (*c + 1) % rows.max(1) } else { (*c + rows.max(1) - 1) % rows.max(1) };
                    }
                    outcome
                }
                _ => Outcome::Consumed,
            };
        }
        if self.filter.typing() {
            self.filter.typing_action(action);
            self.move_in_list(s, 0);
            return Outcome::Consumed;
        }
        let rows = self.rows(s);
        let people = self.pane == Pane::People;
        match action {
            Action::Filter => {
                self.pane = Pane::People;
                self.filter.open();
                self.move_in_list(s, 0);
            }
            Action::Cancel if self.filter.active() => {
                self.filter.clear();
            }
            Action::Up if people => self.move_in_list(s, -1),
            Action::Down if people => self.move_in_list(s, 1),
            Action::PageUp if people => self.move_in_list(s, -5),
            Action::PageDown if people => self.move_in_list(s, 5),
            Action::First if people => self.move_in_list(s, isize::MIN / 2),
            Action::Last if people => self.move_in_list(s, isize::MAX / 2),
            Action::Left | Action::Right if people => return self.cycle(s, action == Action::Right),
            Action::Left | Action::Right if self.pane == Pane::Details && DETAILS[self.detail].cycles() => {
                return self.cycle(s, action == Action::Right);
            }
            Action::NextPane | Action::PrevPane => {
                self.pane = match (self.pane, action == Action::NextPane) {
                    (Pane::Details, true) | (Pane::Pairs, false) => Pane::People,
                    (Pane::People, true) | (Pane::Details, false) => Pane::Pairs,
                    (Pane::Pairs, true) | (Pane::People, false) => Pane::Details,
                };
            }
            Action::Up => *self.cursor() = self.cursor().saturating_sub(1),
            Action::Down => {
                let c = self.cursor();
                *c = (*c + 1).min(rows.saturating_sub(1));
            }
            Action::PageUp => *self.cursor() = self.cursor().saturating_sub(5),
            Action::PageDown => {
                let c = self.cursor();
                *c = (*c + 5).min(rows.saturating_sub(1));
            }
            Action::First => *self.cursor() = 0,
            Action::Last => *self.cursor() = rows.saturating_sub(1),
            Action::Left if self.pane == Pane::Pairs => self.step = self.step.saturating_sub(1),
            Action::Right if self.pane == Pane::Pairs => {
                self.step = (self.step + 1).min(s.step_count().saturating_sub(1));
            }
            Action::Edit => return self.open_field(s),
            Action::Toggle => return self.cycle(s, true),
            Action::Add => return self.start_adding(),
            Action::Delete if self.pane == Pane::People => {
                let Some(p) = s.participants.get(self.person) else { return Outcome::Consumed };
                if !self.on_shown(s) {
                    return self.nobody_shown();
                }
                let (id, name) = (p.id, p.name.clone());
                return Outcome::Commit(Edit::new(format!("delete {name}"), move |s| {
                    s.participants.retain(|p| p.id != id);
                    s.votes.retain(|v| v.participant != id);
                    for pair in &mut s.pairs {
                        pair.members.retain(|m| *m != id);
                    }
                    drop_empty_pairs(s);
                    Ok(())
                }));
            }
            Action::Delete => return Outcome::Info("select a participant to delete (Tab to the People pane)".into()),
            Action::Reshuffle => {
                if s.ideas.iter().any(|i| i.pair.is_some()) {
                    return Outcome::Error(
                        "ideas already belong to pairs; move people by hand with p instead of reshuffling".into(),
                    );
                }
                if s.participants.len() < 2 {
                    return Outcome::Error("add at least two participants first (a to add)".into());
                }
                self.shuffles += 1;
                // A new seed each press; never 0, which keeps the listed order.
                let seed = s.plan.seed.wrapping_add(self.shuffles).max(1);
                let mut pairs = edit::form_pairs(&s.participants, seed);
                edit::assign_steps(&mut pairs, s.step_count());
                self.pane = Pane::Pairs;
                return Outcome::Commit(Edit::new("reshuffle pairs", move |s| {
                    s.pairs = pairs;
                    Ok(())
                }));
            }
            Action::CyclePair => {
                let Some(p) = s.participants.get(self.person) else {
                    return Outcome::Info("select a participant in the People pane to move".into());
                };
                if !self.on_shown(s) {
                    return self.nobody_shown();
                }
                let id = p.id;
                let name = p.name.clone();
                let at = s.pairs.iter().position(|pair| pair.members.contains(&id));
                // Next pair in order; after the last, a new pair of its own.
                let target = at.map_or(0, |i| i + 1);
                return Outcome::Commit(Edit::new(format!("move {name}"), move |s| {
                    for pair in &mut s.pairs {
                        pair.members.retain(|m| *m != id);
                    }
                    match s.pairs.get_mut(target) {
                        Some(pair) => pair.members.push(id),
                        None => {
                            let new_id = s.next_pair_id();
                            s.pairs.push(Pair { id: new_id, members: vec![id], steps: Vec::new() });
                        }
                    }
                    drop_empty_pairs(s);
                    Ok(())
                }));
            }
            _ => return Outcome::Ignored,
        }
        Outcome::Consumed
    }

    pub(super) fn text(&mut self, key: &KeyEvent, s: &Session) -> Outcome {
        if let Some(field) = &mut self.field {
            field.key(key);
        } else if self.filter.typing() {
            self.filter.key(key);
            self.move_in_list(s, 0);
        }
        Outcome::Consumed
    }

    pub(super) fn paste(&mut self, text: &str, s: &Session) -> Outcome {
        if let Some(field) = &mut self.field {
            field.paste(text);
        } else if self.filter.typing() {
            self.filter.paste(text);
            self.move_in_list(s, 0);
        }
        Outcome::Consumed
    }

    pub(super) fn click(&mut self, at: Position, _s: &Session) -> Outcome {
        if self.field.is_some() || self.filter.typing() {
            return Outcome::Consumed;
        }
        let [details, people, pairs] = self.hits.get();
        if details.0.contains(at) {
            self.pane = Pane::Details;
            if let Some(i) = details.1.hit(at) {
                self.detail = i;
            }
        } else if people.0.contains(at) {
            self.pane = Pane::People;
            // The drawn rows are the people listed; the map says whose each is.
            if let Some(i) = people.1.hit(at).and_then(|row| self.people_shown.borrow().get(row).copied()) {
                self.person = i;
            }
        } else if pairs.0.contains(at) {
            self.pane = Pane::Pairs;
            if let Some(i) = pairs.1.hit(at) {
                self.pair = i;
            }
        }
        Outcome::Consumed
    }

    pub(super) fn clamp(&mut self, s: &Session) {
        self.person = self.person.min(s.participants.len().saturating_sub(1));
        self.move_in_list(s, 0);
        self.pair = self.pair.min(s.pairs.len().saturating_sub(1));
        self.step = self.step.min(s.step_count().saturating_sub(1));
    }
}
