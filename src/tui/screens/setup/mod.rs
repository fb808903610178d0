//! Screen 1, Setup: workshop details, participants with their team, pairs
//! (formed automatically, reshuffled with a key, edited by hand) and the
//! steps each pair works on.

use std::cell::Cell;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::list::Rows;
use super::{Edit, Outcome, Screen, View};
use crate::assets;
use crate::format;
use crate::number;
use crate::session::limits::{DEAL_SIZE_MAX, TextKind};
use crate::session::{Id, Pair, Participant, Period, Role, Session, edit};
use crate::tui::action::Action;
use crate::tui::keymap::{Binding, Key};
use crate::tui::theme::Theme;
use crate::tui::widgets::pane::Panel;
use crate::tui::widgets::text_field::{TextField, parse_money, parse_optional_text, parse_text};

const BINDINGS: &[Binding] = &[
    Binding { keys: &[Key::ch('a'), Key::plain(KeyCode::Insert)], action: Action::Add },
    Binding { keys: &[Key::ch('d'), Key::plain(KeyCode::Delete)], action: Action::Delete },
    Binding { keys: &[Key::ch(' ')], action: Action::Toggle },
    Binding { keys: &[Key::ch('r')], action: Action::Reshuffle },
    Binding { keys: &[Key::ch('p')], action: Action::CyclePair },
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Pane {
    #[default]
    Details,
    People,
    Pairs,
}

/// The workshop detail rows, top to bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Detail {
    Title,
    Company,
    Date,
    Facilitator,
    Currency,
    Period,
    DealSize,
    VoteBudget,
    Template,
}

const DETAILS: [Detail; 9] = [
    Detail::Title,
    Detail::Company,
    Detail::Date,
    Detail::Facilitator,
    Detail::Currency,
    Detail::Period,
    Detail::DealSize,
    Detail::VoteBudget,
    Detail::Template,
];

impl Detail {
    fn label(self) -> &'static str {
        match self {
            Detail::Title => "Title",
            Detail::Company => "Company",
            Detail::Date => "Date",
            Detail::Facilitator => "Facilitator",
            Detail::Currency => "Currency",
            Detail::Period => "Period",
            Detail::DealSize => "Deal size",
            Detail::VoteBudget => "Votes each",
            Detail::Template => "Funnel",
        }
    }

    /// Values chosen from a list rather than typed.
    fn cycles(self) -> bool {
        matches!(self, Detail::Period | Detail::Template)
    }

    fn value(self, s: &Session) -> String {
        match self {
            Detail::Title => s.title.clone(),
            Detail::Company => s.company.clone(),
            Detail::Date => s.date.format("%Y-%m-%d").to_string(),
            Detail::Facilitator => s.facilitator.clone(),
            Detail::Currency => s.currency.clone(),
            Detail::Period => s.period.label().to_string(),
            Detail::DealSize => format::money(s.deal_size, &s.currency),
            Detail::VoteBudget => s.vote_budget.to_string(),
            Detail::Template => format!("{} stages", s.stages.len()),
        }
    }

    /// The text an edit starts from (raw numbers, no currency).
    fn raw(self, s: &Session) -> String {
        match self {
            Detail::DealSize => format!("{}", s.deal_size),
            other => other.value(s),
        }
    }

    /// Checks `text` (amounts in `s`'s currency) and returns the change, or why not.
    fn parse(self, text: &str, s: &Session) -> Result<Edit, String> {
        let label = format!("setup: {}", self.label().to_lowercase());
        let edit = |f: Box<dyn FnOnce(&mut Session)>| {
            Ok(Edit::new(label.clone(), move |s| {
                f(s);
                Ok(())
            }))
        };
        match self {
            Detail::Title => {
                let v = parse_text(text, "the title")?;
                edit(Box::new(move |s| s.title = v))
            }
            Detail::Company => {
                let v = parse_optional_text(text, TextKind::Name)?;
                edit(Box::new(move |s| s.company = v))
            }
            Detail::Facilitator => {
                let v = parse_optional_text(text, TextKind::Name)?;
                edit(Box::new(move |s| s.facilitator = v))
            }
            Detail::Currency => {
                let v = parse_text(text, "the currency")?;
                if v.chars().count() > 4 {
                    return Err("use a code like EUR or a symbol like €".into());
                }
                edit(Box::new(move |s| s.currency = v))
            }
            Detail::Date => {
                let v = chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
                    .map_err(|_| format!("\"{}\" is not a date: write it as 2026-11-23", text.trim()))?;
                edit(Box::new(move |s| s.date = v))
            }
            Detail::DealSize => {
                let v = parse_money(text, &s.currency, 0.0, DEAL_SIZE_MAX)?;
                edit(Box::new(move |s| s.deal_size = v))
            }
            Detail::VoteBudget => {
                let v = number::parse_whole(text, 20, " votes each").map_err(|e| e.to_string())?;
                if v == 0 {
                    return Err("give each person between 1 and 20 votes".into());
                }
                edit(Box::new(move |s| s.vote_budget = v as u32))
            }
            Detail::Period | Detail::Template => Err("press Space to pick a value".into()),
        }
    }
}

/// Removes pairs left without members; ideas they proposed keep no pair.
fn drop_empty_pairs(s: &mut Session) {
    let empty: Vec<Id> = s.pairs.iter().filter(|p| p.members.is_empty()).map(|p| p.id).collect();
    s.pairs.retain(|p| !p.members.is_empty());
    for idea in &mut s.ideas {
        if idea.pair.is_some_and(|p| empty.contains(&p)) {
            idea.pair = None;
        }
    }
}

#[derive(Default)]
pub struct Setup {
    pane: Pane,
    detail: usize,
    person: usize,
    pair: usize,
    /// The step under the cursor in the pairs pane.
    step: usize,
    field: Option<TextField>,
    /// Adding a participant (the field then holds the new name).
    adding: bool,
    shuffles: u64,
    /// Details, people and pairs as last drawn (pane, its rows), for clicks.
    hits: Cell<[(Rect, Rows); 3]>,
}

impl Setup {
    fn open_field(&mut self, s: &Session) -> Outcome {
        match self.pane {
            Pane::Details => {
                let d = DETAILS[self.detail];
                if d.cycles() {
                    return self.cycle(s);
                }
                // Figures are usually replaced whole; names are usually corrected.
                let numeric = matches!(d, Detail::DealSize | Detail::VoteBudget | Detail::Date | Detail::Currency);
                self.field = Some(if numeric { TextField::replacing(&d.raw(s)) } else { TextField::new(&d.raw(s)) });
            }
            Pane::People => match s.participants.get(self.person) {
                Some(p) => self.field = Some(TextField::new(&p.name)),
                None => return self.start_adding(),
            },
            Pane::Pairs => return Outcome::Info("pairs: Space assigns the step under the cursor, p on a person moves them".into()),
        }
        Outcome::Consumed
    }

    fn start_adding(&mut self) -> Outcome {
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

    fn cycle(&mut self, s: &Session) -> Outcome {
        match self.pane {
            Pane::Details => match DETAILS[self.detail] {
                Detail::Period => {
                    let i = Period::ALL.iter().position(|p| *p == s.period).unwrap_or(0);
                    let next = Period::ALL[(i + 1) % Period::ALL.len()];
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
                    let Some(next) = templates.get(current.map_or(0, |i| (i + 1) % templates.len())) else {
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
                _ => self.open_field(s),
            },
            Pane::People => {
                let Some(p) = s.participants.get(self.person) else { return Outcome::Consumed };
                let next = match p.role {
                    Role::Sales => Role::Marketing,
                    Role::Marketing => Role::Other,
                    Role::Other => Role::Sales,
                };
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
}

impl Screen for Setup {
    fn title(&self) -> &'static str {
        "Setup"
    }

    fn bindings(&self) -> &'static [Binding] {
        BINDINGS
    }

    fn footer(&self) -> Vec<(Action, &'static str)> {
        match self.pane {
            Pane::Details => vec![(Action::Edit, "edit"), (Action::Toggle, "pick"), (Action::NextPane, "pane")],
            Pane::People => vec![
                (Action::Add, "add"),
                (Action::Edit, "rename"),
                (Action::Toggle, "team"),
                (Action::CyclePair, "move"),
                (Action::Delete, "delete"),
            ],
            Pane::Pairs => vec![(Action::Reshuffle, "reshuffle"), (Action::Toggle, "assign step"), (Action::NextPane, "pane")],
        }
    }

    fn editing(&self) -> bool {
        self.field.is_some()
    }

    fn on_action(&mut self, action: Action, s: &Session) -> Outcome {
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
                    if matches!(outcome, Outcome::Commit(_)) && !self.adding {
                        let rows = self.rows(s);
                        let c = self.cursor();
                        *c = if action == Action::NextField { (*c + 1) % rows.max(1) } else { (*c + rows.max(1) - 1) % rows.max(1) };
                    }
                    outcome
                }
                _ => Outcome::Consumed,
            };
        }
        let rows = self.rows(s);
        match action {
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
            Action::Toggle => return self.cycle(s),
            Action::Add => return self.start_adding(),
            Action::Delete if self.pane == Pane::People => {
                let Some(p) = s.participants.get(self.person) else { return Outcome::Consumed };
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

    fn on_text(&mut self, key: &KeyEvent, _s: &Session) -> Outcome {
        if let Some(field) = &mut self.field {
            field.key(key);
        }
        Outcome::Consumed
    }

    fn on_paste(&mut self, text: &str, _s: &Session) -> Outcome {
        if let Some(field) = &mut self.field {
            field.paste(text);
        }
        Outcome::Consumed
    }

    fn on_click(&mut self, at: Position, _s: &Session) -> Outcome {
        if self.field.is_some() {
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
            if let Some(i) = people.1.hit(at) {
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

    fn sync(&mut self, s: &Session) {
        self.person = self.person.min(s.participants.len().saturating_sub(1));
        self.pair = self.pair.min(s.pairs.len().saturating_sub(1));
        self.step = self.step.min(s.step_count().saturating_sub(1));
    }

    fn render(&self, f: &mut Frame, area: Rect, v: &View) {
        let theme = v.theme;
        let s = v.session;
        let [left, right] = Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(area);
        let [people, pairs] = Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(right);
        let block = |title: String, pane: Pane| {
            Panel::new(Span::styled(title, theme.title), if self.pane == pane { theme.border_focus } else { theme.border })
        };

        // Details.
        let b = block(" Workshop ".into(), Pane::Details);
        let inner = b.inner(left);
        f.render_widget(b, left);
        let detail_rows = Rows { area: inner, first: 0, count: DETAILS.len().min(usize::from(inner.height)), per: 1 };
        let label_w = 13u16;
        for (i, d) in DETAILS.iter().enumerate() {
            let y = inner.y + i as u16;
            if y >= inner.bottom() {
                break;
            }
            let selected = self.pane == Pane::Details && i == self.detail;
            let row = Rect { y, height: 1, ..inner };
            let [l, val] = Layout::horizontal([Constraint::Length(label_w), Constraint::Min(0)]).areas(row);
            let marker = if selected { "▶" } else { " " };
            f.render_widget(Paragraph::new(Span::styled(format!("{marker}{}", d.label()), theme.dim)), l);
            if selected && let Some(field) = &self.field {
                let error = d.parse(field.value(), s).err();
                field.render(f, val, theme, error.as_deref());
                continue;
            }
            let mut text = d.value(s);
            if d.cycles() {
                text = format!("‹ {text} ›");
            }
            f.render_widget(Paragraph::new(Span::styled(text, if selected { theme.selected } else { theme.base })), val);
        }
        let tip_y = inner.y + DETAILS.len() as u16 + 1;
        if tip_y + 1 < inner.bottom() {
            let names: Vec<&str> = s.stages.iter().map(|st| st.name.as_str()).collect();
            let tip = Paragraph::new(vec![Line::from(Span::styled(names.join(" › "), theme.dim))])
                .wrap(ratatui::widgets::Wrap { trim: true });
            f.render_widget(tip, Rect { y: tip_y, height: inner.bottom() - tip_y, ..inner });
        }

        let people_rows = self.render_people(f, people, s, theme, block(format!(" People ({}) ", s.participants.len()), Pane::People));
        let step_title = match s.step_label(self.step) {
            Some(l) if self.pane == Pane::Pairs => format!(" Pairs — {l} "),
            _ => format!(" Pairs ({}) ", s.pairs.len()),
        };
        let pair_rows = self.render_pairs(f, pairs, s, theme, block(step_title, Pane::Pairs));
        self.hits.set([(left, detail_rows), (people, people_rows), (pairs, pair_rows)]);
    }
}

impl Setup {
    fn render_people(&self, f: &mut Frame, area: Rect, s: &Session, theme: &Theme, b: Panel) -> Rows {
        let inner = b.inner(area);
        f.render_widget(b, area);
        let rows = usize::from(inner.height);
        let offset = (self.person + 1).saturating_sub(rows);
        let adding_row = self.adding && self.field.is_some();
        if s.participants.is_empty() && !adding_row {
            f.render_widget(
                Paragraph::new(Span::styled("No one yet: press a and type names, Enter after each.", theme.dim)),
                inner,
            );
        }
        for (i, p) in s.participants.iter().enumerate().skip(offset).take(rows) {
            let y = inner.y + (i - offset) as u16;
            let row = Rect { y, height: 1, ..inner };
            let selected = self.pane == Pane::People && i == self.person;
            if selected && !self.adding && let Some(field) = &self.field {
                let error = parse_text(field.value(), "a name").err();
                field.render(f, row, theme, error.as_deref());
                continue;
            }
            let pair = s.pairs.iter().position(|pair| pair.members.contains(&p.id)).map_or("no pair".to_string(), |i| format!("pair {}", i + 1));
            let style = if selected { theme.selected } else { theme.base };
            let name_w = usize::from(inner.width).saturating_sub(22).clamp(8, 32);
            let line = Line::from(vec![
                Span::styled(if selected { "▶ " } else { "  " }, style),
                Span::styled(format!("{:<name_w$.name_w$}", p.name), style),
                Span::styled(format!(" {:<9}", p.role.label()), theme.key),
                Span::styled(format!(" {pair}"), theme.dim),
            ]);
            f.render_widget(Paragraph::new(line), row);
        }
        if adding_row && let Some(field) = &self.field {
            let y = (inner.y + (s.participants.len() - offset.min(s.participants.len())) as u16).min(inner.bottom().saturating_sub(1));
            let row = Rect { y, height: 1, ..inner };
            let error = if field.value().is_empty() { None } else { parse_text(field.value(), "a name").err() };
            let [l, r] = Layout::horizontal([Constraint::Length(6), Constraint::Min(0)]).areas(row);
            f.render_widget(Paragraph::new(Span::styled("new: ", theme.key)), l);
            field.render(f, r, theme, error.as_deref());
        }
        Rows { area: inner, first: offset, count: s.participants.len().saturating_sub(offset).min(rows), per: 1 }
    }

    fn render_pairs(&self, f: &mut Frame, area: Rect, s: &Session, theme: &Theme, b: Panel) -> Rows {
        let inner = b.inner(area);
        f.render_widget(b, area);
        if s.pairs.is_empty() {
            f.render_widget(
                Paragraph::new(Span::styled("No pairs yet: press r to pair each salesperson with a marketer.", theme.dim))
                    .wrap(ratatui::widgets::Wrap { trim: true }),
                inner,
            );
            return Rows::default();
        }
        let rows = usize::from(inner.height / 2).max(1);
        let offset = (self.pair + 1).saturating_sub(rows);
        for (i, pair) in s.pairs.iter().enumerate().skip(offset).take(rows) {
            let y = inner.y + 2 * (i - offset) as u16;
            let selected = self.pane == Pane::Pairs && i == self.pair;
            let style = if selected { theme.selected } else { theme.base };
            let mixed = {
                let roles: Vec<Role> = pair.members.iter().filter_map(|m| s.participant(*m)).map(|p| p.role).collect();
                roles.contains(&Role::Sales) && roles.contains(&Role::Marketing)
            };
            let mut head = vec![
                Span::styled(if selected { "▶ " } else { "  " }, style),
                Span::styled(format!("{} {}", i + 1, s.pair_label(pair.id)), style),
            ];
            if !mixed {
                head.push(Span::styled("  ⚠ not sales+marketing", theme.warn));
            }
            f.render_widget(Paragraph::new(Line::from(head)), Rect { y, height: 1, ..inner });
            let names: Vec<&str> = s.stages.iter().map(|st| st.name.as_str()).collect();
            let on: Vec<bool> = (0..s.step_count()).map(|k| pair.steps.contains(&k)).collect();
            // The selected pair keeps the cursor in view; another keeps its first step.
            let focus = if selected { self.step } else { on.iter().position(|x| *x).unwrap_or(0) };
            let width = usize::from(inner.width).saturating_sub(CHIP_INDENT.len());
            let mut chips = vec![Span::raw(CHIP_INDENT)];
            for (n, chip) in fit_chips(&names, &on, focus, width).into_iter().enumerate() {
                if n > 0 {
                    chips.push(Span::raw("  "));
                }
                match chip {
                    Chip::Step(k, text) => {
                        let st = if selected && k == self.step {
                            theme.selected
                        } else if on[k] {
                            theme.key
                        } else {
                            theme.dim
                        };
                        chips.push(Span::styled(text, st));
                    }
                    Chip::More => chips.push(Span::styled("…", theme.dim)),
                }
            }
            if y + 1 < inner.bottom() {
                f.render_widget(Paragraph::new(Line::from(chips)), Rect { y: y + 1, height: 1, ..inner });
            }
        }
        Rows { area: inner, first: offset, count: s.pairs.len().saturating_sub(offset).min(rows), per: 2 }
    }
}

const CHIP_INDENT: &str = "    ";

/// One item of a pair's step row.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Chip {
    /// Step `k` and its text: "■ MQL → SAL" (■ when the pair works on it).
    Step(usize, String),
    /// Steps left out for want of room.
    More,
}

/// A stage name cut to `max` characters, "…" marking the cut.
fn cut(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        name.to_string()
    } else {
        let mut s: String = name.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// The step chips of a pair, named by their stages ("■ MQL → SAL"), fitted
/// into `width` columns: whole names when they fit, else names cut to the
/// longest length that fits (at least three characters), else a run of
/// steps around `focus` with "…" for those left out.
fn fit_chips(names: &[&str], on: &[bool], focus: usize, width: usize) -> Vec<Chip> {
    let chip = |k: usize, max: usize| {
        let mark = if on.get(k).copied().unwrap_or(false) { "■" } else { "□" };
        let from = names.get(k).copied().unwrap_or("?");
        let to = names.get(k + 1).copied().unwrap_or("?");
        Chip::Step(k, format!("{mark} {} → {}", cut(from, max), cut(to, max)))
    };
    let len = |c: &Chip| match c {
        Chip::Step(_, t) => t.chars().count(),
        Chip::More => 1,
    };
    let row_len = |row: &[Chip]| row.iter().map(len).sum::<usize>() + 2 * row.len().saturating_sub(1);
    let steps = on.len();
    let longest = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    for max in (3..=longest.max(3)).rev() {
        let row: Vec<Chip> = (0..steps).map(|k| chip(k, max)).collect();
        if row_len(&row) <= width {
            return row;
        }
    }
    // Grow a window around the focus, one step at a time, while it fits.
    let focus = focus.min(steps.saturating_sub(1));
    let (mut lo, mut hi) = (focus, focus + 1);
    let window = |lo: usize, hi: usize| {
        let mut row = Vec::new();
        if lo > 0 {
            row.push(Chip::More);
        }
        row.extend((lo..hi.min(steps)).map(|k| chip(k, 3)));
        if hi < steps {
            row.push(Chip::More);
        }
        row
    };
    loop {
        let grown = if hi < steps { (lo, hi + 1) } else if lo > 0 { (lo - 1, hi) } else { break };
        if row_len(&window(grown.0, grown.1)) > width {
            break;
        }
        (lo, hi) = grown;
    }
    window(lo, hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(chips: &[Chip]) -> Vec<String> {
        chips
            .iter()
            .map(|c| match c {
                Chip::Step(_, t) => t.clone(),
                Chip::More => "…".into(),
            })
            .collect()
    }

    const NAMES: [&str; 6] = ["Inquiry", "MQL", "SAL", "SQL", "Opportunity", "Won"];
    const ON: [bool; 5] = [true, true, false, false, false];

    #[test]
    fn steps_are_named_by_their_stages_when_they_fit() {
        assert_eq!(
            texts(&fit_chips(&NAMES, &ON, 0, 200)),
            ["■ Inquiry → MQL", "■ MQL → SAL", "□ SAL → SQL", "□ SQL → Opportunity", "□ Opportunity → Won"]
        );
    }

    #[test]
    fn narrow_rows_cut_long_names_then_show_a_window_around_the_cursor() {
        let cut_row = texts(&fit_chips(&NAMES, &ON, 0, 70));
        assert_eq!(cut_row, ["■ Inqu… → MQL", "■ MQL → SAL", "□ SAL → SQL", "□ SQL → Oppo…", "□ Oppo… → Won"]);
        let window = fit_chips(&NAMES, &ON, 3, 30);
        assert_eq!(texts(&window), ["…", "□ SQL → Op…", "□ Op… → Won"]);
        assert!(window.contains(&Chip::Step(3, "□ SQL → Op…".into())), "the cursor's step stays in view");
    }
}
