//! Keys in presentation mode. Its own table is the whole story (help lists
//! exactly these): moving between steps, pairs and views, revealing the
//! votes, the timer, and leaving. Editing keys (undo, screen numbers, `a`,
//! `d`…) mean nothing here, so nobody changes the session by accident while
//! the room watches.

use crossterm::event::KeyCode;

use super::state::{Present, View};
use super::{groups, list_len};
use crate::session::Session;
use crate::tui::action::Action;
use crate::tui::keymap::{Binding, Key};

pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[
            Key::plain(KeyCode::F(5)),
            Key::ch('P'),
            Key::plain(KeyCode::Esc),
        ],
        action: Action::TogglePresent,
    },
    Binding {
        keys: &[Key::plain(KeyCode::Right), Key::ch('n'), Key::ch('l')],
        action: Action::PresentNext,
    },
    Binding {
        keys: &[Key::plain(KeyCode::Left), Key::ch('p'), Key::ch('h')],
        action: Action::PresentPrev,
    },
    Binding {
        keys: &[Key::plain(KeyCode::Tab)],
        action: Action::PresentNextView,
    },
    Binding {
        keys: &[Key::plain(KeyCode::BackTab)],
        action: Action::PresentPrevView,
    },
    Binding {
        keys: &[Key::ch('v')],
        action: Action::RevealVotes,
    },
    Binding {
        keys: &[Key::plain(KeyCode::Up), Key::ch('k')],
        action: Action::Up,
    },
    Binding {
        keys: &[Key::plain(KeyCode::Down), Key::ch('j')],
        action: Action::Down,
    },
    Binding {
        keys: &[Key::ch('t')],
        action: Action::TimerStartPause,
    },
    Binding {
        keys: &[Key::ch('+')],
        action: Action::TimerAddFive,
    },
    Binding {
        keys: &[Key::ch('T')],
        action: Action::TimerNextSection,
    },
    Binding {
        keys: &[Key::ctrl('t')],
        action: Action::CycleTheme,
    },
    Binding {
        keys: &[Key::ch('?'), Key::plain(KeyCode::F(1))],
        action: Action::ToggleHelp,
    },
    Binding {
        keys: &[Key::ch('q'), Key::ctrl('c')],
        action: Action::Quit,
    },
];

/// The help overlay's rows while presenting: keys, then what they do.
pub fn help_rows() -> Vec<(String, String)> {
    BINDINGS
        .iter()
        .map(|b| {
            let keys: Vec<String> = b.keys.iter().map(Key::label).collect();
            (keys.join(" "), b.action.description())
        })
        .collect()
}

/// What the app should do after presentation mode saw an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Only the presentation's view state changed.
    Consumed,
    /// Back to the workshop screen.
    Leave,
    /// The app's own meaning applies (timer, theme, help, quit).
    Global(Action),
    /// Means nothing while presenting.
    Ignored,
}

pub fn on_action(p: &mut Present, action: Action, s: &Session) -> Outcome {
    match action {
        Action::TogglePresent | Action::Cancel => return Outcome::Leave,
        Action::PresentNext | Action::PresentPrev => {
            let forward = action == Action::PresentNext;
            match p.view {
                View::Step => p.step = moved(p.step, forward, s.step_count()),
                View::ReportBack => p.group = moved(p.group, forward, groups(s).len()),
                // Nothing to page between on the other views.
                View::Vote | View::Plan | View::Timer => return Outcome::Consumed,
            }
            p.scroll = 0;
        }
        Action::PresentNextView | Action::NextPane => p.show(p.view.next()),
        Action::PresentPrevView | Action::PrevPane => p.show(p.view.prev()),
        Action::RevealVotes => {
            if p.view == View::Vote {
                p.revealed = !p.revealed;
            } else {
                // `v` elsewhere means "show me the votes".
                p.show(View::Vote);
                p.revealed = true;
            }
            p.scroll = 0;
        }
        Action::Down => {
            let last = list_len(p, s).saturating_sub(1);
            p.scroll = (p.scroll + 1).min(last);
        }
        Action::Up => p.scroll = p.scroll.saturating_sub(1),
        Action::TimerStartPause
        | Action::TimerAddFive
        | Action::TimerNextSection
        | Action::CycleTheme
        | Action::ToggleHelp
        | Action::Quit => return Outcome::Global(action),
        _ => return Outcome::Ignored,
    }
    Outcome::Consumed
}

/// One step along `0..len`, stopping at either end.
fn moved(at: usize, forward: bool, len: usize) -> usize {
    let last = len.saturating_sub(1);
    if forward {
        (at + 1).min(last)
    } else {
        at.min(last).saturating_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assets;

    #[test]
    fn arrows_stop_at_the_first_and_last_step() {
        let s = assets::example_session();
        let mut p = Present::default();
        on_action(&mut p, Action::PresentPrev, &s);
        assert_eq!(p.step, 0);
        for _ in 0..20 {
            on_action(&mut p, Action::PresentNext, &s);
        }
        assert_eq!(p.step, s.step_count() - 1);
    }

    #[test]
    fn edits_are_ignored_and_the_timer_passes_through() {
        let s = assets::example_session();
        let mut p = Present::default();
        assert_eq!(on_action(&mut p, Action::Undo, &s), Outcome::Ignored);
        assert_eq!(on_action(&mut p, Action::Delete, &s), Outcome::Ignored);
        assert_eq!(
            on_action(&mut p, Action::TimerAddFive, &s),
            Outcome::Global(Action::TimerAddFive)
        );
        assert_eq!(on_action(&mut p, Action::Cancel, &s), Outcome::Leave);
    }

    #[test]
    fn v_reveals_and_hides_the_votes() {
        let s = assets::example_session();
        let mut p = Present::default();
        on_action(&mut p, Action::RevealVotes, &s);
        assert_eq!((p.view, p.revealed), (View::Vote, true));
        on_action(&mut p, Action::RevealVotes, &s);
        assert!(!p.revealed);
    }

    #[test]
    fn scrolling_stops_at_the_last_idea() {
        let s = assets::example_session();
        let mut p = Present {
            view: View::Vote,
            ..Present::default()
        };
        for _ in 0..100 {
            on_action(&mut p, Action::Down, &s);
        }
        assert_eq!(p.scroll, s.ideas.len() - 1);
    }

    #[test]
    fn help_lists_the_presentation_keys() {
        let rows = help_rows();
        assert!(rows.iter().any(|(k, _)| k == "F5 P Esc"));
        assert!(
            rows.iter()
                .any(|(k, d)| k == "v" && d.contains("vote totals"))
        );
    }
}
