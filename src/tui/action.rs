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
    /// `/`: narrow the list on screen to the items whose text matches.
    Filter,
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
    /// Commit: fill the blank texts of the hand-off agreement from the template.
    FillAgreement,
    /// Unsaved edits: try writing the file again.
    RetrySave,
    /// Unsaved edits: write the session to another file or folder.
    SaveAs,
    /// Unsaved edits: quit anyway, losing what is not on disk.
    QuitAnyway,
    /// In a field: paste the text kept from the last run (F2).
    PasteDraft,
    /// A read-only window (the file is open elsewhere): take it over.
    TakeOver,
    /// Review: the carried-over action was done.
    MarkDone,
    /// Review: the carried-over action was done in part.
    MarkPartly,
    /// Review: the carried-over action was not done.
    MarkNotDone,
    /// Review: the carried-over action was dropped on purpose.
    MarkDropped,
    /// Review: back to open (not reviewed yet).
    MarkOpen,
    /// Start screen: make the next check-in of the selected session.
    FollowUp,
    /// Funnel: open the import dialog for a CRM export.
    Import,
    /// Funnel and Stage walk: show the next segment's funnel (all → each → all).
    NextSegment,
    /// Funnel and Stage walk: show the previous segment's funnel.
    PrevSegment,
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
            Action::NextRankKey => {
                "rank by the next figure (run-rate, expected, run-rate per year, …)"
            }
            Action::PrevRankKey => "rank by the previous key",
            Action::TogglePlan => "put the idea into the plan, or take it out",
            Action::Filter => "filter the list (Enter keeps, Esc clears)",
            Action::TogglePresent => "presentation mode: big text for the room (Esc leaves)",
            Action::PresentNext => "next step / next pair",
            Action::PresentPrev => "previous step / previous pair",
            Action::PresentNextView => "next view: step, report back, vote, plan, timer",
            Action::PresentPrevView => "previous view",
            Action::RevealVotes => {
                "reveal the vote totals (hidden while people vote), or hide them"
            }
            Action::FillAgreement => "fill blank hand-off texts from the template",
            Action::RetrySave => "try saving again",
            Action::SaveAs => "save to another file or folder (a USB stick, your home folder)",
            Action::QuitAnyway => "quit anyway: the changes not on disk are lost",
            Action::PasteDraft => "paste the text kept from the last run (typed but not saved)",
            Action::TakeOver => {
                "read-only because the file is open in another window: take it over here"
            }
            Action::ExportAll => {
                "export Markdown, HTML, CSV and JSON into a folder next to the session"
            }
            Action::MarkDone => "mark the carried-over action done",
            Action::MarkPartly => "mark the carried-over action partly done",
            Action::MarkNotDone => "mark the carried-over action not done",
            Action::MarkDropped => "mark the carried-over action dropped",
            Action::MarkOpen => "mark the carried-over action open again (not reviewed)",
            Action::FollowUp => {
                "follow up: make the next check-in of the selected session, beside it, and open it"
            }
            Action::Import => {
                "import a CRM export (CSV): counts, days, deal size, loss causes and segments, previewed before anything changes"
            }
            Action::NextSegment => {
                "segment: show the next segment's funnel (all, each segment, all again; read-only)"
            }
            Action::PrevSegment => "segment: show the previous segment's funnel",
        };
        text.to_string()
    }
}

/// Writes `name()` and the list of payload-free actions from one table, so
/// a new variant without a name does not compile and every named action is
/// in the list the round-trip test walks.
macro_rules! names {
    ($($variant:ident = $name:literal,)*) => {
        impl Action {
            /// Every action that carries nothing (screen numbers come on top).
            pub const SIMPLE: &[Action] = &[$(Action::$variant),*];

            /// The stable snake_case name the config file uses for the action.
            pub fn name(self) -> String {
                match self {
                    $(Action::$variant => $name.to_string(),)*
                    Action::GoToScreen(n) => format!("go_to_screen_{n}"),
                }
            }
        }
    };
}

names! {
    Quit = "quit",
    ToggleHelp = "toggle_help",
    Undo = "undo",
    Redo = "redo",
    NextScreen = "next_screen",
    PrevScreen = "prev_screen",
    CycleTheme = "cycle_theme",
    TimerStartPause = "timer_start_pause",
    TimerAddFive = "timer_add_five",
    TimerNextSection = "timer_next_section",
    Up = "up",
    Down = "down",
    Left = "left",
    Right = "right",
    PageUp = "page_up",
    PageDown = "page_down",
    First = "first",
    Last = "last",
    NextPane = "next_pane",
    PrevPane = "prev_pane",
    Edit = "edit",
    Cancel = "cancel",
    NextField = "next_field",
    PrevField = "prev_field",
    Add = "add",
    Delete = "delete",
    Toggle = "toggle",
    ReloadFromDisk = "reload_from_disk",
    KeepMine = "keep_mine",
    Reshuffle = "reshuffle",
    CyclePair = "cycle_pair",
    AssignStep = "assign_step",
    NextStep = "next_step",
    PrevStep = "prev_step",
    AddCause = "add_cause",
    AddIdea = "add_idea",
    ReportBack = "report_back",
    InsertStage = "insert_stage",
    NewSession = "new_session",
    OpenSelected = "open_selected",
    VoteUp = "vote_up",
    VoteDown = "vote_down",
    NextParticipant = "next_participant",
    PrevParticipant = "prev_participant",
    NextRankKey = "next_rank_key",
    PrevRankKey = "prev_rank_key",
    TogglePlan = "toggle_plan",
    ExportAll = "export_all",
    Filter = "filter",
    TogglePresent = "toggle_present",
    PresentNext = "present_next",
    PresentPrev = "present_prev",
    PresentNextView = "present_next_view",
    PresentPrevView = "present_prev_view",
    RevealVotes = "reveal_votes",
    FillAgreement = "fill_agreement",
    RetrySave = "retry_save",
    SaveAs = "save_as",
    QuitAnyway = "quit_anyway",
    PasteDraft = "paste_draft",
    TakeOver = "take_over",
    MarkDone = "mark_done",
    MarkPartly = "mark_partly",
    MarkNotDone = "mark_not_done",
    MarkDropped = "mark_dropped",
    MarkOpen = "mark_open",
    FollowUp = "follow_up",
    Import = "import",
    NextSegment = "next_segment",
    PrevSegment = "prev_segment",
}

impl Action {
    /// The action a config file's name stands for.
    pub fn from_name(name: &str) -> Option<Action> {
        if let Some(n) = name.strip_prefix("go_to_screen_") {
            // Only the spelling `name()` writes: "go_to_screen_01" is not a name.
            return n
                .parse::<u8>()
                .ok()
                .map(Action::GoToScreen)
                .filter(|a| a.name() == name);
        }
        Action::SIMPLE.iter().copied().find(|a| a.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_snake_case_and_read_back() {
        let all: Vec<Action> = Action::SIMPLE
            .iter()
            .copied()
            .chain((0..=u8::MAX).map(Action::GoToScreen))
            .collect();
        let mut seen = std::collections::HashSet::new();
        for action in all {
            let name = action.name();
            assert!(seen.insert(name.clone()), "{name} is used twice");
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{name} is not snake_case"
            );
            assert_eq!(Action::from_name(&name), Some(action), "{name}");
        }
        assert_eq!(Action::Quit.name(), "quit");
        assert_eq!(Action::NextScreen.name(), "next_screen");
        assert_eq!(Action::GoToScreen(3).name(), "go_to_screen_3");
        assert_eq!(Action::from_name("qiut"), None);
        assert_eq!(Action::from_name("go_to_screen_03"), None);
        assert_eq!(Action::from_name("go_to_screen_"), None);
    }
}
