//! The workshop screens, one file each, in tab order.
//!
//! # Adding a screen
//! 1. Write `screens/NAME.rs` with a `#[derive(Default)] pub struct X` that
//!    implements [`Screen`]: view state only (cursor, focus, open field); the
//!    session arrives as `&Session` and changes leave as [`Outcome::Commit`].
//! 2. Add `NAME::X` to the `screens!` list at the bottom of this file. Its
//!    position is its tab number (1–9): the header, number keys, `]`/`[`,
//!    the help overlay and the footer all follow from that one line.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};

use super::action::Action;
use super::keymap::Binding;
use super::theme::Theme;
use crate::session::Session;

/// What a render may read. Rendering never changes the session and does no I/O.
pub struct View<'a> {
    pub session: &'a Session,
    pub theme: &'a Theme,
}

/// A change to the session, applied by `App::commit`, the one place that
/// records undo and saves. `apply` may refuse with a sentence for the user;
/// then nothing changes.
/// Changes a session in place, or says why it cannot.
pub type Apply = Box<dyn FnOnce(&mut Session) -> Result<(), String>>;

pub struct Edit {
    pub label: String,
    pub apply: Apply,
    /// Said in the status line once the edit is saved: what the room should
    /// know about a change it cannot see where it made it.
    pub note: Option<String>,
}

impl Edit {
    pub fn new(
        label: impl Into<String>,
        apply: impl FnOnce(&mut Session) -> Result<(), String> + 'static,
    ) -> Edit {
        Edit {
            label: label.into(),
            apply: Box::new(apply),
            note: None,
        }
    }

    /// The same edit, with a sentence for the status line once it is saved.
    pub fn saying(mut self, note: impl Into<String>) -> Edit {
        self.note = Some(note.into());
        self
    }
}

impl std::fmt::Debug for Edit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Edit({})", self.label)
    }
}

/// What a screen did with an action or key.
#[derive(Debug)]
pub enum Outcome {
    /// Not for this screen: the app applies its global meaning (if any).
    Ignored,
    /// Handled; only view state changed.
    Consumed,
    /// Handled, and the session must change.
    Commit(Edit),
    /// Handled; tell the user something (shown in the status line).
    Info(String),
    /// Handled, but refused; say why.
    Error(String),
    /// Write every export format into the folder next to the session file.
    /// Screens do not know the file's path and never do I/O, so the app does.
    ExportAll,
    /// Open the import dialog: it reads a file the screen does not know
    /// the folder of, on a thread the app owns.
    Import,
}

/// One workshop screen.
pub trait Screen {
    /// Tab title ("Setup").
    fn title(&self) -> &'static str;

    /// Keys specific to this screen; they win over the global table and feed
    /// the help overlay.
    fn bindings(&self) -> &'static [Binding] {
        &[]
    }

    /// The actions worth showing in the footer, with a 1–2 word label.
    fn footer(&self) -> Vec<(Action, &'static str)> {
        Vec::new()
    }

    /// Whether a text field has focus: it then gets every key first.
    fn editing(&self) -> bool {
        false
    }

    /// An action from the keymap. Return `Ignored` to let the app handle it.
    fn on_action(&mut self, action: Action, session: &Session) -> Outcome;

    /// A key for the focused text field (only called while `editing()`).
    fn on_text(&mut self, _key: &KeyEvent, _session: &Session) -> Outcome {
        Outcome::Ignored
    }

    fn on_paste(&mut self, _text: &str, _session: &Session) -> Outcome {
        Outcome::Ignored
    }

    /// A left click at an absolute terminal position.
    fn on_click(&mut self, _at: Position, _session: &Session) -> Outcome {
        Outcome::Ignored
    }

    /// The text typed into the open field or form, for a draft kept when
    /// the app is stopped by a signal or a crash before it was saved.
    fn draft(&self) -> Option<String> {
        None
    }

    /// The session changed under the screen (undo, redo, reload, another
    /// screen's edit): clamp cursors, drop edits that no longer apply.
    fn sync(&mut self, _session: &Session) {}

    fn render(&self, f: &mut Frame, area: Rect, view: &View);
}

pub(crate) mod list;
pub(crate) mod segment;

macro_rules! screens {
    ($($module:ident :: $ty:ident),* $(,)?) => {
        $(pub mod $module;)*

        /// Every screen, in tab order.
        pub fn all() -> Vec<Box<dyn Screen>> {
            vec![$(Box::new($module::$ty::default())),*]
        }
    };
}

screens! {
    setup::Setup,
    funnel::FunnelScreen,
    walk::StageWalk,
    vote::VoteScreen,
    rank::RankScreen,
    commit::CommitScreen,
    summary::SummaryScreen,
    review::ReviewScreen,
}
