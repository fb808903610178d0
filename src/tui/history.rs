//! Undo and redo by differences: each step keeps only what an edit changed,
//! so a long workshop on a big session costs memory in proportion to its
//! edits, not to the session times the edits (a whole copy per edit took
//! 489 MiB after 200 edits at 10,000 ideas).
//!
//! A step holds, for every top-level field of [`Session`] the edit changed,
//! the value the session does *not* have now: a field's other value, or for
//! a list the differing middle (common start and end left out). Undo and
//! redo are the same move, a swap of the session's side with the stored
//! side, so a step flips between "undo" and "redo" without copying.
//!
//! The agenda timer (`clock`) is no edit: undo and redo leave it alone, so
//! undoing a typo does not send the room back in time.

use std::io;
use std::mem;

use chrono::NaiveDate;
use serde::Serialize;

use crate::session::{
    AgendaItem, Commitment, Goal, Idea, ImportInfo, Kpi, Pair, Participant, Period, Plan, Previous,
    Segment, Session, Stage, UnderReview, Vote,
};

/// One field's change: holds the value the session does not have now.
struct Swap<T>(T);

impl<T: Clone + PartialEq + Serialize> Swap<T> {
    fn between(before: &T, after: &T) -> Option<Swap<T>> {
        (before != after).then(|| Swap(before.clone()))
    }

    fn fits(&self, _now: &T) -> bool {
        true
    }

    fn toggle(&mut self, now: &mut T) {
        mem::swap(&mut self.0, now);
    }

    fn bytes(&self) -> usize {
        heap_estimate(&self.0)
    }
}

/// A list's change: the session's items `at .. at + len` differ from the
/// other side, which had `other` there. The items before and after are the
/// same on both sides and are not kept.
struct Splice<T> {
    at: usize,
    len: usize,
    other: Vec<T>,
}

impl<T: Clone + PartialEq + Serialize> Splice<T> {
    fn between(before: &[T], after: &[T]) -> Option<Splice<T>> {
        let start = before.iter().zip(after).take_while(|(b, a)| b == a).count();
        if start == before.len() && start == after.len() {
            return None;
        }
        // The common end may not reach into the common start (an inserted
        // copy of a neighbour matches from both sides).
        let room = before.len().min(after.len()) - start;
        let end = before
            .iter()
            .rev()
            .zip(after.iter().rev())
            .take(room)
            .take_while(|(b, a)| b == a)
            .count();
        Some(Splice {
            at: start,
            len: after.len() - start - end,
            other: before[start..before.len() - end].to_vec(),
        })
    }

    fn fits(&self, now: &[T]) -> bool {
        self.at
            .checked_add(self.len)
            .is_some_and(|end| end <= now.len())
    }

    fn toggle(&mut self, now: &mut Vec<T>) {
        let other = mem::take(&mut self.other);
        let len = other.len();
        self.other = now.splice(self.at..self.at + self.len, other).collect();
        self.len = len;
    }

    fn bytes(&self) -> usize {
        self.other.capacity() * mem::size_of::<T>() + heap_estimate(&self.other)
    }
}

/// Counts the bytes written to it, to size a value by its serialised text.
struct Count(usize);

impl io::Write for Count {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// What a value keeps on the heap, roughly: the length of its JSON text.
/// Text dominates a session's heap, and JSON spells text out once (plus
/// quotes), numbers in a few bytes; it is an estimate for a budget, not an
/// account.
fn heap_estimate<T: Serialize>(value: &T) -> usize {
    let mut count = Count(0);
    // Writing to a counter cannot fail, and a session has no map with
    // non-text keys; a failure would only make the estimate smaller.
    let _ = serde_json::to_writer(&mut count, value);
    count.0
}

/// Lists every field of [`Session`] once: `swapped` fields are kept whole
/// when they change, `spliced` lists as their changed middle, `kept` fields
/// are not part of undo. The patterns below name every field and end without
/// `..`, so a field added to `Session` and not listed here stops the build
/// instead of being silently left out of undo.
macro_rules! patch {
    (
        swapped { $($s:ident: $st:ty),* $(,)? }
        spliced { $($l:ident: $lt:ty),* $(,)? }
        kept { $($k:ident),* $(,)? }
    ) => {
        /// Everything one edit changed, field by field.
        struct Patch {
            $($s: Option<Swap<$st>>,)*
            $($l: Option<Splice<$lt>>,)*
        }

        impl Patch {
            fn between(before: &Session, after: &Session) -> Patch {
                let Session { $($s,)* $($l,)* $($k: _,)* } = before;
                Patch {
                    $($s: Swap::between($s, &after.$s),)*
                    $($l: Splice::between($l, &after.$l),)*
                }
            }

            fn is_empty(&self) -> bool {
                $(self.$s.is_none() &&)* $(self.$l.is_none() &&)* true
            }

            fn fits(&self, session: &Session) -> bool {
                let Session { $($s,)* $($l,)* $($k: _,)* } = session;
                $(self.$s.as_ref().is_none_or(|p| p.fits($s)) &&)*
                $(self.$l.as_ref().is_none_or(|p| p.fits($l)) &&)*
                true
            }

            fn toggle(&mut self, session: &mut Session) {
                let Session { $($s,)* $($l,)* $($k: _,)* } = session;
                $(if let Some(p) = &mut self.$s { p.toggle($s); })*
                $(if let Some(p) = &mut self.$l { p.toggle($l); })*
            }

            fn bytes(&self) -> usize {
                let mut n = 0;
                $(n += self.$s.as_ref().map_or(0, Swap::bytes);)*
                $(n += self.$l.as_ref().map_or(0, Splice::bytes);)*
                n
            }
        }
    };
}

patch! {
    swapped {
        version: u32,
        title: String,
        company: String,
        date: NaiveDate,
        facilitator: String,
        currency: String,
        period: Period,
        deal_size: f64,
        vote_budget: u32,
        plan: Plan,
        notes: String,
        check_in: Option<NaiveDate>,
        revenue_target: Option<f64>,
        previous: Option<Previous>,
        under_review: Option<UnderReview>,
        import: Option<ImportInfo>,
    }
    spliced {
        participants: Participant,
        pairs: Pair,
        stages: Stage,
        ideas: Idea,
        votes: Vote,
        agenda: AgendaItem,
        actions: Commitment,
        kpis: Kpi,
        goals: Goal,
        segments: Segment,
    }
    kept {
        clock,
    }
}

/// One undoable edit: what it was called and what it changed.
struct Step {
    label: String,
    patch: Patch,
    /// [`Step::weigh`] as of the last change, so the total stays current
    /// without walking the whole history.
    bytes: usize,
}

impl Step {
    /// Heap bytes; the step itself is counted with its stack's capacity.
    fn weigh(&self) -> usize {
        self.label.capacity() + self.patch.bytes()
    }
}

/// The undo and redo stacks of one open session.
#[derive(Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    bytes: usize,
}

impl History {
    pub fn new() -> History {
        History::default()
    }

    /// Records the edit `label` that turned `before` into `after` (the
    /// session as it is now) and forgets what could be redone: those steps
    /// start from a state the session has left. An edit that changes
    /// nothing but the timer is no step.
    pub fn record(&mut self, label: String, before: &Session, after: &Session) {
        let patch = Patch::between(before, after);
        if patch.is_empty() {
            return;
        }
        self.clear_redo();
        self.push_undo(Step {
            label,
            patch,
            bytes: 0,
        });
    }

    /// Turns `session` back to before the last edit and returns its label,
    /// or `None` when there is nothing to undo.
    pub fn undo(&mut self, session: &mut Session) -> Option<String> {
        let step = self.undo.pop()?;
        let step = self.apply(step, session)?;
        let label = step.label.clone();
        self.redo.push(step);
        Some(label)
    }

    /// Makes the last undone edit again and returns its label, or `None`
    /// when there is nothing to redo.
    pub fn redo(&mut self, session: &mut Session) -> Option<String> {
        let step = self.redo.pop()?;
        let step = self.apply(step, session)?;
        let label = step.label.clone();
        self.undo.push(step);
        Some(label)
    }

    pub fn clear_redo(&mut self) {
        self.bytes -= self.redo.iter().map(|s| s.bytes).sum::<usize>();
        self.redo.clear();
    }

    /// Steps that can be undone.
    pub fn len(&self) -> usize {
        self.undo.len()
    }

    pub fn is_empty(&self) -> bool {
        self.undo.is_empty()
    }

    /// Steps that can be redone.
    pub fn redo_len(&self) -> usize {
        self.redo.len()
    }

    /// About how much memory both stacks hold, in bytes.
    pub fn approx_bytes(&self) -> usize {
        self.bytes + (self.undo.capacity() + self.redo.capacity()) * mem::size_of::<Step>()
    }

    fn push_undo(&mut self, mut step: Step) {
        step.bytes = step.weigh();
        self.bytes += step.bytes;
        self.undo.push(step);
    }

    /// Swaps the step's side into the session. A step that does not fit
    /// the session means the session changed without being recorded: the
    /// history no longer describes it, and applying it would mix two
    /// versions, so all of it is dropped.
    fn apply(&mut self, mut step: Step, session: &mut Session) -> Option<Step> {
        if !step.patch.fits(session) {
            self.undo.clear();
            self.redo.clear();
            self.bytes = 0;
            return None;
        }
        self.bytes -= step.bytes;
        step.patch.toggle(session);
        step.bytes = step.weigh();
        self.bytes += step.bytes;
        Some(step)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assets;
    use crate::session::{Effect, Estimate, Team};
    use proptest::prelude::*;

    /// One edit a screen could make, with indexes folded onto what exists.
    #[derive(Debug, Clone)]
    enum Edit {
        RetitleIdea(usize, String),
        Estimate(usize, f64),
        /// An exact copy next to the original: the common start and end of
        /// the two lists overlap.
        DuplicateIdea(usize),
        AddIdea(usize, String),
        RemoveIdea(usize),
        MoveIdea(usize, usize),
        AddStage(usize, String),
        RemoveStage(usize),
        Vote(usize, usize, u32),
        RemoveVote(usize),
        Title(String),
        DealSize(f64),
        PlanIdea(usize),
        Notes(String),
    }

    fn text() -> impl Strategy<Value = String> {
        "[a-c ]{0,4}"
    }

    fn edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            (any::<usize>(), text()).prop_map(|(i, t)| Edit::RetitleIdea(i, t)),
            (any::<usize>(), 0.0..5.0f64).prop_map(|(i, v)| Edit::Estimate(i, v)),
            any::<usize>().prop_map(Edit::DuplicateIdea),
            (any::<usize>(), text()).prop_map(|(i, t)| Edit::AddIdea(i, t)),
            any::<usize>().prop_map(Edit::RemoveIdea),
            (any::<usize>(), any::<usize>()).prop_map(|(i, j)| Edit::MoveIdea(i, j)),
            (any::<usize>(), text()).prop_map(|(i, t)| Edit::AddStage(i, t)),
            any::<usize>().prop_map(Edit::RemoveStage),
            (any::<usize>(), any::<usize>(), 0u32..3).prop_map(|(p, i, d)| Edit::Vote(p, i, d)),
            any::<usize>().prop_map(Edit::RemoveVote),
            text().prop_map(Edit::Title),
            prop_oneof![Just(30_000.0), 1.0..1e6f64].prop_map(Edit::DealSize),
            any::<usize>().prop_map(Edit::PlanIdea),
            text().prop_map(Edit::Notes),
        ]
    }

    fn apply(edit: &Edit, s: &mut Session) {
        let ideas = s.ideas.len();
        match edit {
            Edit::RetitleIdea(i, t) if ideas > 0 => s.ideas[i % ideas].title = t.clone(),
            Edit::Estimate(i, v) if ideas > 0 => {
                *s.ideas[i % ideas].effect.estimate_mut() = Estimate::point(*v)
            }
            Edit::DuplicateIdea(i) if ideas > 0 => {
                let copy = s.ideas[i % ideas].clone();
                s.ideas.insert(i % ideas, copy);
            }
            Edit::AddIdea(i, t) => {
                let mut idea = s.ideas.first().cloned().unwrap_or_else(|| Idea {
                    id: 0,
                    title: String::new(),
                    pair: None,
                    effect: Effect::GrowVolume {
                        percent: Estimate::point(1.0),
                    },
                    effort_days: 1.0,
                    lead_time_days: 0.0,
                    notes: String::new(),
                });
                idea.id = s.next_idea_id();
                idea.title = t.clone();
                s.ideas.insert(i % (ideas + 1), idea);
            }
            Edit::RemoveIdea(i) if ideas > 0 => {
                s.ideas.remove(i % ideas);
            }
            Edit::MoveIdea(i, j) if ideas > 0 => {
                let idea = s.ideas.remove(i % ideas);
                s.ideas.insert(j % ideas, idea);
            }
            Edit::AddStage(i, name) => {
                let stage = Stage {
                    name: name.clone(),
                    team: Team::Shared,
                    count: 10,
                    days: 1.0,
                    causes: Vec::new(),
                    definition: String::new(),
                    handoff: Default::default(),
                };
                let at = i % (s.stages.len() + 1);
                s.stages.insert(at, stage);
            }
            Edit::RemoveStage(i) if !s.stages.is_empty() => {
                let at = i % s.stages.len();
                s.stages.remove(at);
            }
            Edit::Vote(p, i, dots) if ideas > 0 && !s.participants.is_empty() => {
                let participant = s.participants[p % s.participants.len()].id;
                let idea = s.ideas[i % ideas].id;
                match s
                    .votes
                    .iter_mut()
                    .find(|v| v.participant == participant && v.idea == idea)
                {
                    Some(v) => v.dots = *dots,
                    None => s.votes.push(Vote {
                        participant,
                        idea,
                        dots: *dots,
                    }),
                }
            }
            Edit::RemoveVote(i) if !s.votes.is_empty() => {
                let at = i % s.votes.len();
                s.votes.remove(at);
            }
            Edit::Title(t) => s.title = t.clone(),
            Edit::DealSize(d) => s.deal_size = *d,
            Edit::PlanIdea(i) if ideas > 0 => {
                let id = s.ideas[i % ideas].id;
                match s.plan.ideas.iter().position(|p| *p == id) {
                    Some(at) => {
                        s.plan.ideas.remove(at);
                    }
                    None => s.plan.ideas.push(id),
                }
            }
            Edit::Notes(t) => s.notes = t.clone(),
            _ => {}
        }
    }

    /// Something that is not an edit: the agenda timer moves on its own.
    fn tick(s: &mut Session, secs: i64) {
        s.clock.banked_secs += secs;
    }

    #[derive(Debug, Clone)]
    enum Op {
        Edit(Edit),
        Undo,
        Redo,
        Tick(i64),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => edit().prop_map(Op::Edit),
            2 => Just(Op::Undo),
            2 => Just(Op::Redo),
            1 => (1i64..600).prop_map(Op::Tick),
        ]
    }

    /// The history the app kept before: a whole session per step, the
    /// clock carried over on undo and redo.
    #[derive(Default)]
    struct Whole {
        undo: Vec<(String, Session)>,
        redo: Vec<(String, Session)>,
    }

    impl Whole {
        fn record(&mut self, label: String, before: Session, after: &Session) {
            if before != *after {
                self.undo.push((label, before));
                self.redo.clear();
            }
        }

        fn undo(&mut self, s: &mut Session) -> Option<String> {
            let (label, mut before) = self.undo.pop()?;
            before.clock = s.clock.clone();
            self.redo.push((label.clone(), mem::replace(s, before)));
            Some(label)
        }

        fn redo(&mut self, s: &mut Session) -> Option<String> {
            let (label, mut after) = self.redo.pop()?;
            after.clock = s.clock.clone();
            self.undo.push((label.clone(), mem::replace(s, after)));
            Some(label)
        }
    }

    proptest! {
        #[test]
        fn undoing_everything_gives_the_original_and_redoing_it_the_final(
            edits in prop::collection::vec(edit(), 0..40)
        ) {
            let original = assets::example_session();
            let mut s = original.clone();
            let mut history = History::new();
            let mut labels = Vec::new();
            for (n, e) in edits.iter().enumerate() {
                let before = s.clone();
                apply(e, &mut s);
                let label = format!("edit {n}");
                if before != s {
                    labels.push(label.clone());
                }
                history.record(label, &before, &s);
            }
            let last = s.clone();
            prop_assert_eq!(history.len(), labels.len());
            for label in labels.iter().rev() {
                prop_assert_eq!(history.undo(&mut s), Some(label.clone()));
            }
            prop_assert_eq!(history.undo(&mut s), None);
            prop_assert_eq!(&s, &original);
            for label in &labels {
                prop_assert_eq!(history.redo(&mut s), Some(label.clone()));
            }
            prop_assert_eq!(history.redo(&mut s), None);
            prop_assert_eq!(&s, &last);
        }

        #[test]
        fn any_interleaving_matches_keeping_whole_sessions(
            ops in prop::collection::vec(op(), 0..60)
        ) {
            let mut s = assets::example_session();
            let mut model_s = s.clone();
            let mut history = History::new();
            let mut model = Whole::default();
            for (n, op) in ops.iter().enumerate() {
                match op {
                    Op::Edit(e) => {
                        let before = s.clone();
                        apply(e, &mut s);
                        history.record(format!("edit {n}"), &before, &s);
                        let before = model_s.clone();
                        apply(e, &mut model_s);
                        model.record(format!("edit {n}"), before, &model_s);
                    }
                    Op::Undo => prop_assert_eq!(history.undo(&mut s), model.undo(&mut model_s)),
                    Op::Redo => prop_assert_eq!(history.redo(&mut s), model.redo(&mut model_s)),
                    Op::Tick(secs) => {
                        tick(&mut s, *secs);
                        tick(&mut model_s, *secs);
                    }
                }
                prop_assert_eq!(&s, &model_s, "after {:?}", op);
                prop_assert_eq!(history.len(), model.undo.len());
                prop_assert_eq!(history.redo_len(), model.redo.len());
            }
        }
    }

    #[test]
    fn undo_and_redo_leave_the_timer_alone() {
        let mut s = assets::example_session();
        let mut history = History::new();
        let before = s.clone();
        s.title = "Renamed".into();
        history.record("rename".into(), &before, &s);
        tick(&mut s, 90);
        assert_eq!(history.undo(&mut s).as_deref(), Some("rename"));
        assert_eq!(s.title, before.title);
        assert_eq!(s.clock.banked_secs, 90, "the timer keeps running");
        assert_eq!(history.redo(&mut s).as_deref(), Some("rename"));
        assert_eq!((s.title.as_str(), s.clock.banked_secs), ("Renamed", 90));
    }

    #[test]
    fn a_change_of_the_timer_alone_is_no_step_and_keeps_redo() {
        let mut s = assets::example_session();
        let mut history = History::new();
        let before = s.clone();
        s.notes = "x".into();
        history.record("note".into(), &before, &s);
        history.undo(&mut s);
        let before = s.clone();
        tick(&mut s, 5);
        history.record("timer".into(), &before, &s);
        assert_eq!((history.len(), history.redo_len()), (0, 1));
    }

    #[test]
    fn a_step_keeps_only_the_changed_middle_of_a_list() {
        let s = assets::example_session();
        let mut after = s.clone();
        after.ideas[3].title = "Call back within a day".into();
        let patch = Patch::between(&s, &after);
        let ideas = patch.ideas.as_ref().expect("the ideas changed");
        assert_eq!((ideas.at, ideas.len), (3, 1));
        assert_eq!(ideas.other, vec![s.ideas[3].clone()]);
        assert!(patch.stages.is_none() && patch.title.is_none() && patch.plan.is_none());
        // An inserted copy of its neighbour: one new item, nothing old.
        let mut after = s.clone();
        after.ideas.insert(2, s.ideas[2].clone());
        let ideas = Patch::between(&s, &after).ideas.expect("one more idea");
        assert_eq!((ideas.len, ideas.other.len()), (1, 0));
    }

    #[test]
    fn a_session_changed_behind_the_history_drops_it_instead_of_mixing() {
        let mut s = assets::example_session();
        let mut history = History::new();
        let before = s.clone();
        s.ideas.push(s.ideas[0].clone());
        history.record("copy".into(), &before, &s);
        // Changed without a record: the step's range is no longer there.
        s.ideas.clear();
        assert_eq!(history.undo(&mut s), None);
        assert_eq!((history.len(), history.redo_len()), (0, 0));
        assert!(s.ideas.is_empty(), "nothing half-applied");
    }

    /// The example's ideas repeated to `n`, ids kept unique.
    fn with_ideas(n: usize) -> Session {
        let mut s = assets::example_session();
        let base = s.ideas.clone();
        s.ideas = (0..n)
            .map(|i| {
                let mut idea = base[i % base.len()].clone();
                idea.id = i as u32 + 1;
                idea.title = format!("{} #{i}", idea.title);
                idea
            })
            .collect();
        s
    }

    #[test]
    fn a_thousand_edits_of_one_idea_in_ten_thousand_stay_under_50_mib() {
        // Two copies edited in step, so the test does not clone 10,000
        // ideas per edit to have a "before".
        let mut before = with_ideas(10_000);
        let mut after = before.clone();
        let whole = heap_estimate(&after);
        let mut history = History::new();
        for n in 0..1_000usize {
            let i = n * 7919 % 10_000;
            let title = format!("edited {n}");
            after.ideas[i].title.clone_from(&title);
            history.record(format!("rename idea {i}"), &before, &after);
            before.ideas[i].title = title;
        }
        assert_eq!(history.len(), 1_000);
        let bytes = history.approx_bytes();
        assert!(bytes < 50 << 20, "{bytes} bytes after 1,000 edits");
        // A whole session a step would take a thousand sessions; one step
        // holds about one idea.
        assert!(
            bytes < whole,
            "{bytes} bytes for 1,000 steps, one session is {whole}"
        );
        for _ in 0..1_000 {
            history.undo(&mut after);
        }
        assert_eq!(after, with_ideas(10_000));
    }
}
