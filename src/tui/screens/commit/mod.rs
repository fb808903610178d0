//! Screen 7, Commit: what the room leaves with. Five sections, switched with
//! Tab: actions (owner, date, KPI, status, with a live SMART check), shared
//! KPIs (managed or monitored; tied ones take their baseline from the
//! session and offer the plan's target), team goals, the hand-off agreement,
//! and the numbers behind the goals (who has to change more, the reverse
//! funnel from a revenue target, the next check-in).
//!
//! `forms` turns form values into actions and KPIs, `input` turns actions
//! and keys into view changes and edits, `draw` and `panes` only draw.

mod draw;
mod forms;
mod input;
mod panes;

use std::cell::{Cell, RefCell};

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};

use super::list::Stack;
use super::{Outcome, Screen, View};
use crate::session::Session;
use crate::tui::action::Action;
use crate::tui::keymap::{Binding, Key};
use crate::tui::widgets::form::Form;
use crate::tui::widgets::text_field::TextField;

const BINDINGS: &[Binding] = &[
    Binding { keys: &[Key::ch('a'), Key::plain(KeyCode::Insert)], action: Action::Add },
    Binding { keys: &[Key::ch('d'), Key::plain(KeyCode::Delete)], action: Action::Delete },
    Binding { keys: &[Key::ch(' ')], action: Action::Toggle },
    Binding { keys: &[Key::ch('F')], action: Action::FillAgreement },
];

/// The parts of the screen, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Section {
    #[default]
    Actions,
    Kpis,
    Goals,
    Handoff,
    Numbers,
}

impl Section {
    const ALL: [Section; 5] = [Section::Actions, Section::Kpis, Section::Goals, Section::Handoff, Section::Numbers];

    fn title(self) -> &'static str {
        match self {
            Section::Actions => "Actions",
            Section::Kpis => "KPIs",
            Section::Goals => "Goals",
            Section::Handoff => "Hand-off",
            Section::Numbers => "Targets",
        }
    }

    fn step(self, forward: bool) -> Section {
        let n = Section::ALL.len();
        let i = Section::ALL.iter().position(|s| *s == self).unwrap_or(0);
        Section::ALL[if forward { (i + 1) % n } else { (i + n - 1) % n }]
    }
}

/// What the open form or field edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Target {
    NewAction,
    Action(usize),
    NewKpi,
    Kpi(usize),
    /// A goal's sentence: the row of `model::team_goals`.
    Goal(usize),
    /// A new goal without a KPI.
    NewGoal,
    /// A row of the hand-off agreement.
    Agreement(AgreementRow),
    CheckIn,
    Revenue,
}

/// One editable text of the hand-off agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum AgreementRow {
    Definition(usize),
    ServiceLevel(usize),
    OnReject(usize),
}

/// The rows of the agreement: each stage's definition, and after a stage
/// whose next stage belongs to another team, its two hand-off texts.
pub(super) fn agreement_rows(s: &Session) -> Vec<AgreementRow> {
    let mut rows = Vec::new();
    for (k, st) in s.stages.iter().enumerate() {
        rows.push(AgreementRow::Definition(k));
        if s.stages.get(k + 1).is_some_and(|next| next.team != st.team) {
            rows.push(AgreementRow::ServiceLevel(k));
            rows.push(AgreementRow::OnReject(k));
        }
    }
    rows
}

/// The editable rows of the Targets section.
pub(super) const NUMBER_ROWS: [Target; 2] = [Target::Revenue, Target::CheckIn];

/// An open editor: a form (actions, KPIs, a new goal) or one text field.
pub(super) enum Editor {
    Form(Form),
    Field(TextField),
}

#[derive(Default)]
pub struct CommitScreen {
    section: Section,
    /// The cursor in each section, by `Section::ALL` index.
    rows: [usize; 5],
    editor: Option<(Target, Editor)>,
    /// The idea the action form showed last, so picking another idea
    /// replaces a title that was only the old idea's.
    form_idea: Option<crate::session::Id>,
    /// The list as last drawn, for clicks.
    hits: RefCell<Stack>,
    /// The section bar as last drawn: each title's area.
    tabs: Cell<[Rect; 5]>,
    scroll: Cell<usize>,
}

impl CommitScreen {
    fn index(&self) -> usize {
        Section::ALL.iter().position(|s| *s == self.section).unwrap_or(0)
    }

    pub(super) fn row(&self) -> usize {
        self.rows[self.index()]
    }

    pub(super) fn set_row(&mut self, row: usize) {
        let i = self.index();
        self.rows[i] = row;
    }
}

/// How many rows the cursor walks in a section.
pub(super) fn row_count(section: Section, s: &Session) -> usize {
    match section {
        Section::Actions => s.actions.len(),
        Section::Kpis => s.kpis.len(),
        Section::Goals => crate::model::team_goals(s).len(),
        Section::Handoff => agreement_rows(s).len(),
        Section::Numbers => NUMBER_ROWS.len(),
    }
}

impl Screen for CommitScreen {
    fn title(&self) -> &'static str {
        "Commit"
    }

    fn bindings(&self) -> &'static [Binding] {
        BINDINGS
    }

    fn footer(&self) -> Vec<(Action, &'static str)> {
        match self.section {
            Section::Actions => vec![(Action::Add, "add"), (Action::Edit, "edit"), (Action::Toggle, "status"), (Action::Delete, "delete"), (Action::NextPane, "section")],
            Section::Kpis => vec![(Action::Add, "add"), (Action::Edit, "edit"), (Action::Toggle, "managed"), (Action::Delete, "delete"), (Action::NextPane, "section")],
            Section::Goals => vec![(Action::Edit, "edit"), (Action::Add, "add"), (Action::Delete, "reset"), (Action::NextPane, "section")],
            Section::Handoff => vec![(Action::Edit, "edit"), (Action::FillAgreement, "fill blanks"), (Action::NextPane, "section")],
            Section::Numbers => vec![(Action::Edit, "edit"), (Action::NextPane, "section")],
        }
    }

    fn editing(&self) -> bool {
        self.editor.is_some()
    }

    fn on_action(&mut self, action: Action, s: &Session) -> Outcome {
        self.action(action, s)
    }

    fn on_text(&mut self, key: &KeyEvent, s: &Session) -> Outcome {
        self.text(key, s)
    }

    fn on_paste(&mut self, text: &str, _s: &Session) -> Outcome {
        match &mut self.editor {
            Some((_, Editor::Form(form))) => form.paste(text),
            Some((_, Editor::Field(field))) => field.paste(text),
            None => {}
        }
        Outcome::Consumed
    }

    fn on_click(&mut self, at: Position, _s: &Session) -> Outcome {
        self.click(at)
    }

    fn draft(&self) -> Option<String> {
        match &self.editor {
            Some((_, Editor::Form(f))) => f.draft(),
            Some((_, Editor::Field(f))) => Some(f.value().to_string()).filter(|t| !t.trim().is_empty()),
            None => None,
        }
    }

    fn sync(&mut self, s: &Session) {
        for (i, section) in Section::ALL.iter().enumerate() {
            self.rows[i] = self.rows[i].min(row_count(*section, s).saturating_sub(1));
        }
        // An edit whose row disappeared under it (undo, reload) is dropped
        // rather than saved over another row.
        let gone = match self.editor.as_ref().map(|(t, _)| *t) {
            Some(Target::Action(i)) => i >= s.actions.len(),
            Some(Target::Kpi(i)) => i >= s.kpis.len(),
            Some(Target::Goal(i)) => i >= crate::model::team_goals(s).len(),
            Some(Target::Agreement(r)) => !agreement_rows(s).contains(&r),
            _ => false,
        };
        if gone {
            self.editor = None;
        }
    }

    fn render(&self, f: &mut Frame, area: Rect, v: &View) {
        self.draw(f, area, v);
    }
}
