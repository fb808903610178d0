//! The segment selector of the Funnel (2) and the Stage walk (3): which
//! funnel the screen shows, the whole one or one segment's (MODEL.md §9).
//! View state only: choosing a segment never changes the session.

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};

use super::Outcome;
use crate::model;
use crate::session::{Segment, Session};
use crate::tui::theme::Theme;

/// The segment shown, by position and name: after an import or an undo
/// the same name is looked up again, and a segment that is gone falls
/// back to the whole funnel.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SegmentPick {
    chosen: Option<(usize, String)>,
}

/// What `g` says on a session without segments: how to get them.
pub const NO_SEGMENTS: &str = "This session has no segments: import a CRM export with a segment column (region, industry, source…) from the Funnel screen (2) with i";

impl SegmentPick {
    /// `g` (forward) or `G`: all → each segment → all.
    pub fn cycle(&mut self, s: &Session, forward: bool) -> Outcome {
        let n = s.segments.len();
        if n == 0 {
            self.chosen = None;
            return Outcome::Info(NO_SEGMENTS.to_string());
        }
        let next = match (self.index(s), forward) {
            (None, true) => Some(0),
            (None, false) => Some(n - 1),
            (Some(i), true) => (i + 1 < n).then_some(i + 1),
            (Some(i), false) => i.checked_sub(1),
        };
        self.chosen = next.and_then(|i| s.segments.get(i).map(|g| (i, g.name.clone())));
        Outcome::Consumed
    }

    /// Whether a segment was chosen (it may have gone since: see `sync`).
    pub fn chosen(&self) -> bool {
        self.chosen.is_some()
    }

    /// The position of the segment shown, if it is still in the session.
    pub fn index(&self, s: &Session) -> Option<usize> {
        let (i, name) = self.chosen.as_ref()?;
        match s.segments.get(*i) {
            Some(g) if g.name == *name => Some(*i),
            _ => s.segments.iter().position(|g| g.name == *name),
        }
    }

    pub fn segment<'a>(&self, s: &'a Session) -> Option<&'a Segment> {
        self.index(s).and_then(|i| s.segments.get(i))
    }

    /// The session changed: follow the segment by name, or show all.
    pub fn sync(&mut self, s: &Session) {
        self.chosen = self
            .index(s)
            .and_then(|i| s.segments.get(i).map(|g| (i, g.name.clone())));
    }

    /// The funnel the screen shows: the session, or the segment as one.
    pub fn view<'a>(&self, s: &'a Session) -> Cow<'a, Session> {
        match self.segment(s) {
            Some(g) => Cow::Owned(model::segment_session(s, g)),
            None => Cow::Borrowed(s),
        }
    }

    /// Why an edit is refused while a segment is shown (`None`: showing all).
    pub fn refusal(&self, s: &Session) -> Option<String> {
        self.segment(s).map(|g| {
            format!(
                "Showing the segment {}, which cannot be edited here: press s until \"all\" to edit the whole funnel",
                g.name
            )
        })
    }

    /// "segments: 3 (s)" on the whole funnel, "segment 2 of 3 (s/S)" on one.
    pub fn note(&self, s: &Session) -> Option<String> {
        let n = s.segments.len();
        if n == 0 {
            return None;
        }
        Some(match self.index(s) {
            Some(i) => format!("segment {} of {n} (s/S)", i + 1),
            None => format!("segments: {n} (s)"),
        })
    }
}

/// `text` on the right of a panel's top border, where it does not cover
/// the title.
pub fn border_note(f: &mut Frame, panel: Rect, title_w: usize, text: &str, theme: &Theme) {
    let text = format!(" {text} ");
    if title_w + text.chars().count() + 3 > usize::from(panel.width) {
        return;
    }
    let row = Rect {
        x: panel.x + 1,
        y: panel.y,
        width: panel.width.saturating_sub(2),
        height: 1,
    };
    super::list::put(f, row, &text, theme.dim, Alignment::Right);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(names: &[&str]) -> Session {
        let mut s = crate::assets::example_session();
        s.segments = names
            .iter()
            .map(|n| Segment {
                name: n.to_string(),
                counts: s.stages.iter().map(|st| st.count).collect(),
                days: Vec::new(),
                deal_size: s.deal_size,
                losses: Vec::new(),
            })
            .collect();
        s
    }

    #[test]
    fn cycles_all_each_segment_all_both_ways() {
        let s = with(&["North", "South"]);
        let mut p = SegmentPick::default();
        let mut seen = Vec::new();
        for _ in 0..3 {
            p.cycle(&s, true);
            seen.push(p.segment(&s).map(|g| g.name.clone()));
        }
        assert_eq!(seen, [Some("North".into()), Some("South".into()), None]);
        p.cycle(&s, false);
        assert_eq!(p.segment(&s).map(|g| g.name.as_str()), Some("South"));
    }

    #[test]
    fn follows_a_segment_by_name_and_falls_back_to_all() {
        let mut p = SegmentPick::default();
        p.cycle(&with(&["North", "South"]), true);
        p.cycle(&with(&["North", "South"]), true);
        let moved = with(&["South", "West"]);
        p.sync(&moved);
        assert_eq!(p.index(&moved), Some(0));
        let gone = with(&["East"]);
        p.sync(&gone);
        assert_eq!(p.index(&gone), None);
        assert!(p.refusal(&gone).is_none());
    }

    #[test]
    fn no_segments_says_how_to_get_them() {
        let mut p = SegmentPick::default();
        match p.cycle(&with(&[]), true) {
            Outcome::Info(t) => assert!(t.contains("import") && t.contains(" i"), "{t}"),
            other => panic!("{other:?}"),
        }
    }
}
