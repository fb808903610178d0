//! What presentation mode remembers between key presses: which view, which
//! step or pair, how far a list is scrolled and whether the votes are
//! revealed. View state only; every figure is read from the session at draw.

/// The views presentation mode can show; Tab walks them in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    /// One funnel step: what it loses, why, and the ideas for it.
    #[default]
    Step,
    /// One pair's ideas at a time (and the ideas without a pair).
    ReportBack,
    /// The ideas being voted on; totals only after the reveal.
    Vote,
    /// The plan's headline numbers and its (or the best) ideas.
    Plan,
    /// The agenda timer, as large as the window allows.
    Timer,
}

impl View {
    pub const ALL: [View; 5] = [
        View::Step,
        View::ReportBack,
        View::Vote,
        View::Plan,
        View::Timer,
    ];

    pub fn label(self) -> &'static str {
        match self {
            View::Step => "step",
            View::ReportBack => "report back",
            View::Vote => "vote",
            View::Plan => "plan",
            View::Timer => "timer",
        }
    }

    pub fn next(self) -> View {
        let i = View::ALL.iter().position(|v| *v == self).unwrap_or(0);
        View::ALL[(i + 1) % View::ALL.len()]
    }

    pub fn prev(self) -> View {
        let i = View::ALL.iter().position(|v| *v == self).unwrap_or(0);
        View::ALL[(i + View::ALL.len() - 1) % View::ALL.len()]
    }

    /// What the room was looking at on the workshop screen titled `screen`.
    pub fn for_screen(screen: &str) -> View {
        match screen {
            "Vote" => View::Vote,
            "Rank" | "Summary" => View::Plan,
            _ => View::Step,
        }
    }
}

/// Presentation mode's view state. It outlives one presentation, so leaving
/// to fix a number and coming back finds the same step and pair.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Present {
    pub view: View,
    /// The funnel step shown by the step view.
    pub step: usize,
    /// The report-back group shown: a pair's position, or the "No pair" group after them.
    pub group: usize,
    /// Whether the vote totals are shown. Off on every entry: people may
    /// still be voting, and seeing the totals anchors them.
    pub revealed: bool,
    /// The first item of the view's list on screen.
    pub scroll: usize,
}

impl Present {
    /// Starts a presentation on `view`, with the totals hidden again.
    pub fn enter(&mut self, view: View) {
        self.view = view;
        self.revealed = false;
        self.scroll = 0;
    }

    pub fn show(&mut self, view: View) {
        self.view = view;
        self.scroll = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_walks_every_view_and_comes_back() {
        let mut v = View::Step;
        for _ in 0..View::ALL.len() {
            v = v.next();
        }
        assert_eq!(v, View::Step);
        assert_eq!(View::Step.prev(), View::Timer);
    }

    #[test]
    fn the_screen_picks_the_view() {
        assert_eq!(View::for_screen("Stage walk"), View::Step);
        assert_eq!(View::for_screen("Setup"), View::Step);
        assert_eq!(View::for_screen("Vote"), View::Vote);
        assert_eq!(View::for_screen("Summary"), View::Plan);
    }

    #[test]
    fn entering_hides_the_votes_but_keeps_the_step() {
        let mut p = Present {
            step: 3,
            revealed: true,
            scroll: 4,
            ..Present::default()
        };
        p.enter(View::Vote);
        assert_eq!(
            (p.view, p.step, p.revealed, p.scroll),
            (View::Vote, 3, false, 0)
        );
    }
}
