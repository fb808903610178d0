//! Everything a user can do, as one enum. The keymap turns keys into these,
//! screens turn them into session edits, and `?` help lists them with their
//! descriptions, so the help can never drift from what the keys really do.

/// One thing the user asked for. Carries no session data: what it changes
/// depends on where the cursor is, which the current screen knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    ToggleHelp,
    Undo,
    Redo,
    NextScreen,
    PrevScreen,
    GoToScreen(u8),
    CycleTheme,
    TimerStartPause,
    TimerAddFive,
    TimerNextSection,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    First,
    Last,
    NextPane,
    PrevPane,
    /// Enter: edit the field under the cursor, or confirm an edit.
    Edit,
    /// Esc: leave an edit without changing the session, or close a prompt.
    Cancel,
    NextField,
    PrevField,
    Add,
    Delete,
    /// Cycle the value under the cursor (team, role, origin, period, kind…).
    Toggle,
    ReloadFromDisk,
    KeepMine,
    Reshuffle,
    CyclePair,
    AssignStep,
    NextStep,
    PrevStep,
    AddCause,
    AddIdea,
    ReportBack,
    InsertStage,
    NewSession,
    OpenSelected,
    /// Vote: the selected participant puts one more dot on the idea.
    VoteUp,
    /// Vote: the selected participant takes a dot back from the idea.
    VoteDown,
    NextParticipant,
    PrevParticipant,
    NextRankKey,
    PrevRankKey,
    /// Rank: put the idea into the plan, or take it out.
    TogglePlan,
    /// Summary: write every export format next to the session.
    ExportAll,
    /// Presentation mode on or off (from any screen of an open session).
    TogglePresent,
    /// Presentation: the next step, pair or page of the view shown.
    PresentNext,
    /// Presentation: the previous step, pair or page.
    PresentPrev,
    /// Presentation: the next view (step, report back, vote, plan, timer).
    PresentNextView,
    /// Presentation: the previous view.
    PresentPrevView,
    /// Presentation: show the vote totals (hidden while people vote), or hide them again.
    RevealVotes,
}

impl Action {
    /// One line for the help overlay.
    pub fn description(self) -> String {
        let text = match self {
            Action::Quit => "quit (every change is already saved)",
            Action::ToggleHelp => "show or hide this help",
            Action::Undo => "undo the last change",
            Action::Redo => "redo what was undone",
            Action::NextScreen => "next screen",
            Action::PrevScreen => "previous screen",
            Action::GoToScreen(n) => return format!("go to screen {n}"),
            Action::CycleTheme => "switch theme (projector, dark, light)",
            Action::TimerStartPause => "start or pause the section timer",
            Action::TimerAddFive => "add 5 minutes to this section",
            Action::TimerNextSection => "timer: go to the next agenda section",
            Action::Up => "move up",
            Action::Down => "move down",
            Action::Left => "move left",
            Action::Right => "move right",
            Action::PageUp => "page up",
            Action::PageDown => "page down",
            Action::First => "go to the first row",
            Action::Last => "go to the last row",
            Action::NextPane => "next pane",
            Action::PrevPane => "previous pane",
            Action::Edit => "edit the field under the cursor / confirm",
            Action::Cancel => "cancel the edit or close the prompt",
            Action::NextField => "next field",
            Action::PrevField => "previous field",
            Action::Add => "add a row here",
            Action::Delete => "delete the row under the cursor",
            Action::Toggle => "cycle the value under the cursor",
            Action::ReloadFromDisk => "reload the session from disk (drops unsaved view)",
            Action::KeepMine => "keep this version and overwrite the file",
            Action::Reshuffle => "reshuffle the pairs (salesperson + marketer)",
            Action::CyclePair => "move the participant to the next pair",
            Action::AssignStep => "assign the selected step to the selected pair",
            Action::NextStep => "next funnel step",
            Action::PrevStep => "previous funnel step",
            Action::AddCause => "add a loss cause to this step",
            Action::AddIdea => "add an idea to this step",
            Action::ReportBack => "report back: one pair's ideas, large",
            Action::InsertStage => "insert a stage below the cursor",
            Action::NewSession => "new session from the selected template",
            Action::OpenSelected => "open the selected session",
            Action::VoteUp => "give this idea one of the participant's dots",
            Action::VoteDown => "take one of the participant's dots back from this idea",
            Action::NextParticipant => "next participant (whose dots are placed)",
            Action::PrevParticipant => "previous participant",
            Action::NextRankKey => "rank by the next key (likely, expected, annual, …)",
            Action::PrevRankKey => "rank by the previous key",
            Action::TogglePlan => "put the idea into the plan, or take it out",
            Action::TogglePresent => "presentation mode: big text for the room (Esc leaves)",
            Action::PresentNext => "next step / next pair",
            Action::PresentPrev => "previous step / previous pair",
            Action::PresentNextView => "next view: step, report back, vote, plan, timer",
            Action::PresentPrevView => "previous view",
            Action::RevealVotes => {
                "reveal the vote totals (hidden while people vote), or hide them"
            }
            Action::ExportAll => {
                "export Markdown, HTML, CSV and JSON into a folder next to the session"
            }
        };
        text.to_string()
    }
}
