//! Checks a session against the rules of MODEL.md and its own references.
//! Every problem is collected (never stop at the first) so a person fixing a
//! hand-edited file sees the whole list at once.

use std::collections::HashSet;
use std::fmt;

use super::limits::{self, TextKind};
use super::{Effect, Estimate, Session};
use crate::format;
use crate::number::show_bound;

mod commitments;

/// One thing wrong with a session: where, what, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Field path in the file, e.g. `stages[2].count` or `ideas[id=4].effect.points`.
    pub path: String,
    pub message: String,
    pub fix: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} (fix: {})", self.path, self.message, self.fix)
    }
}

struct Problems(Vec<Problem>);

impl Problems {
    fn add(&mut self, path: impl Into<String>, message: impl Into<String>, fix: impl Into<String>) {
        self.0.push(Problem {
            path: path.into(),
            message: message.into(),
            fix: fix.into(),
        });
    }
}

/// Every problem in the session; empty when it is valid.
pub fn validate(s: &Session) -> Vec<Problem> {
    validate_split(s, None).all()
}

/// The problems of a session, with those of its ideas kept apart: the
/// ideas are most of a big session, and an edit that leaves them (and the
/// stages, pairs and plan they are checked against) alone cannot change
/// their problems, so the app checks them again only when it must.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Checked {
    pub ideas: Vec<Problem>,
    pub rest: Vec<Problem>,
}

impl Checked {
    pub fn len(&self) -> usize {
        self.ideas.len() + self.rest.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn contains(&self, p: &Problem) -> bool {
        self.ideas.contains(p) || self.rest.contains(p)
    }

    pub fn all(self) -> Vec<Problem> {
        let mut out = self.rest;
        out.extend(self.ideas);
        out
    }
}

/// Whether the ideas' problems of `a` hold for `b`: the ideas and what they
/// are checked against (stages, pairs, plan) are the same.
pub fn same_ideas(a: &Session, b: &Session) -> bool {
    a.ideas == b.ideas && a.stages == b.stages && a.pairs == b.pairs && a.plan == b.plan
}

/// Every problem of `s`; the ideas' problems are taken from `ideas` when
/// given (the caller knows, by [`same_ideas`], that they still hold).
pub fn validate_split(s: &Session, ideas: Option<&[Problem]>) -> Checked {
    let mut p = Problems(Vec::new());
    check_header(s, &mut p);
    check_stages(s, &mut p);
    check_people(s, &mut p);
    check_votes(s, &mut p);
    check_plan(s, &mut p);
    commitments::check_commitments(s, &mut p);
    check_review(s, &mut p);
    check_segments(s, &mut p);
    let ideas = match ideas {
        Some(known) => known.to_vec(),
        None => {
            let mut q = Problems(Vec::new());
            check_ideas(s, &mut q);
            q.0
        }
    };
    Checked { ideas, rest: p.0 }
}

/// Where a problem is, built only when there is one: validation runs on
/// every edit, and formatting a path for each field of 10,000 ideas that
/// are all fine cost more than the checks themselves.
pub(crate) trait PathArg {
    fn into_path(self) -> String;
}

impl PathArg for String {
    fn into_path(self) -> String {
        self
    }
}

impl PathArg for &str {
    fn into_path(self) -> String {
        self.to_string()
    }
}

impl<F: FnOnce() -> String> PathArg for F {
    fn into_path(self) -> String {
        self()
    }
}

/// Reports `text` at `path` when it is longer than `kind` allows.
fn check_length(text: &str, kind: TextKind, noun: &str, path: impl PathArg, p: &mut Problems) {
    if let Err(message) = kind.check_as(text, noun) {
        p.add(
            path.into_path(),
            message,
            format!(
                "cut it to at most {} characters",
                format::count(kind.max_chars() as f64)
            ),
        );
    }
}

/// Reports a figure above `max` at `path`; `what` names it, `unit` follows
/// the numbers ("days").
fn check_at_most(v: f64, max: f64, what: &str, unit: &str, path: impl PathArg, p: &mut Problems) {
    if v.is_finite() && v > max {
        p.add(
            path.into_path(),
            format!(
                "{what} of {} {unit} is too large: at most {} {unit}",
                show_bound(v),
                format::count(max)
            ),
            format!("enter at most {} {unit}", format::count(max)),
        );
    }
}

fn check_plan(s: &Session, p: &mut Problems) {
    let range = limits::SAMPLES_MIN..=limits::SAMPLES_MAX;
    if !range.contains(&s.plan.samples) {
        p.add(
            "plan.samples",
            format!(
                "{} draws is outside {}…{}",
                format::count(f64::from(s.plan.samples)),
                format::count(f64::from(*range.start())),
                format::count(f64::from(*range.end()))
            ),
            "use 10,000 draws (enough for stable P10 and P90), or any number from 1 to 1,000,000",
        );
    }
}

/// The link to the previous session and the copy of its funnel and plan:
/// the copy is checked by the same rules as a funnel and its ideas, its
/// problems placed under `under_review`, so a hand-edited copy with a
/// growing count or a step past the end is refused like any other.
fn check_review(s: &Session, p: &mut Problems) {
    if let Some(prev) = &s.previous {
        if prev.path.trim().is_empty() {
            p.add(
                "previous.path",
                "the link to the previous session has no file name",
                "write the predecessor's file name, relative to this file's folder",
            );
        }
        check_length(&prev.path, TextKind::Notes, "a path", "previous.path", p);
        check_length(&prev.title, TextKind::Title, "a title", "previous.title", p);
    }
    let Some(review) = &s.under_review else {
        return;
    };
    let then = review.as_session(s);
    let mut q = Problems(Vec::new());
    check_stages(&then, &mut q);
    check_ideas(&then, &mut q);
    if !finite_non_negative(review.deal_size) {
        q.add(
            "deal_size",
            format!("deal size {} is not an amount ≥ 0", review.deal_size),
            "write last time's average deal size",
        );
    }
    for problem in q.0 {
        p.add(
            format!("under_review.{}", problem.path),
            format!("last time's funnel: {}", problem.message),
            problem.fix,
        );
    }
}

/// Segments from a CRM import: each a funnel of the session's stages, so
/// the same rules hold (a count per stage, never growing down the funnel).
fn check_segments(s: &Session, p: &mut Problems) {
    if s.segments.len() > limits::SEGMENTS_MAX {
        p.add(
            "segments",
            format!(
                "{} segments is too many to show: at most {}",
                format::count(s.segments.len() as f64),
                limits::SEGMENTS_MAX
            ),
            "import with a segment column that has fewer values (region rather than company)",
        );
    }
    for (i, seg) in s.segments.iter().enumerate() {
        let at = format!("segments[{i}]");
        check_length(
            &seg.name,
            TextKind::Name,
            "a name",
            || format!("{at}.name"),
            p,
        );
        if seg.counts.len() != s.stages.len() {
            p.add(
                format!("{at}.counts"),
                format!(
                    "the segment \"{}\" has {} counts for {} stages",
                    seg.name,
                    seg.counts.len(),
                    s.stages.len()
                ),
                "import the CRM export again, so every segment has a count per stage",
            );
        }
        for (k, w) in seg.counts.windows(2).enumerate() {
            if w[1] > w[0] {
                p.add(
                    format!("{at}.counts[{}]", k + 1),
                    format!(
                        "in the segment \"{}\", {} prospects reached stage {} but only {} the stage before",
                        seg.name,
                        format::count(w[1] as f64),
                        k + 2,
                        format::count(w[0] as f64)
                    ),
                    "counts must not grow down the funnel: import again or fix the counts",
                );
            }
        }
        if let Some(c) = seg.counts.iter().find(|c| **c > limits::COUNT_MAX) {
            p.add(
                format!("{at}.counts"),
                format!(
                    "{} prospects is too large: at most {} per stage",
                    format::count(*c as f64),
                    format::count(limits::COUNT_MAX as f64)
                ),
                "import a shorter period",
            );
        }
        if !finite_non_negative(seg.deal_size) || seg.deal_size > limits::DEAL_SIZE_MAX {
            p.add(
                format!("{at}.deal_size"),
                format!(
                    "the deal size {} is not an amount from 0 to {}",
                    seg.deal_size,
                    format::count(limits::DEAL_SIZE_MAX)
                ),
                "import again, or fix the amount",
            );
        }
        if seg
            .days
            .iter()
            .any(|d| !finite_non_negative(*d) || *d > limits::STAGE_DAYS_MAX)
        {
            p.add(
                format!("{at}.days"),
                "a stage's days are not a number from 0 to 3,650",
                "import again, or fix the days",
            );
        }
        for (k, step) in seg.losses.iter().enumerate() {
            for (j, r) in step.iter().enumerate() {
                check_length(
                    &r.reason,
                    TextKind::Name,
                    "a reason",
                    || format!("{at}.losses[{k}][{j}].reason"),
                    p,
                );
            }
        }
    }
}

fn finite_non_negative(v: f64) -> bool {
    v.is_finite() && v >= 0.0
}

fn check_header(s: &Session, p: &mut Problems) {
    if s.version > super::CURRENT_VERSION {
        p.add(
            "version",
            format!(
                "version {} is newer than this app knows ({})",
                s.version,
                super::CURRENT_VERSION
            ),
            "open the file with a newer funnelcheck",
        );
    }
    if s.title.trim().is_empty() {
        p.add("title", "the title is empty", "give the workshop a title");
    }
    if s.currency.trim().is_empty() {
        p.add(
            "currency",
            "the currency is empty",
            "set it to a code such as \"EUR\" or a symbol such as \"$\"",
        );
    }
    if !finite_non_negative(s.deal_size) {
        p.add(
            "deal_size",
            format!("the deal size {} is not a number ≥ 0", s.deal_size),
            "enter the average revenue of one won deal",
        );
    } else if s.deal_size > limits::DEAL_SIZE_MAX {
        p.add(
            "deal_size",
            format!(
                "the deal size {} is too large: at most {}",
                if s.deal_size > crate::number::DECIMAL_MAX {
                    show_bound(s.deal_size)
                } else {
                    format::money(s.deal_size, &s.currency)
                },
                format::money(limits::DEAL_SIZE_MAX, &s.currency)
            ),
            "enter the average revenue of one won deal, at most 1,000,000,000",
        );
    }
    check_length(&s.title, TextKind::Title, "a title", "title", p);
    check_length(&s.company, TextKind::Name, "a name", "company", p);
    check_length(&s.facilitator, TextKind::Name, "a name", "facilitator", p);
    check_length(&s.notes, TextKind::Notes, "notes", "notes", p);
}

fn check_stages(s: &Session, p: &mut Problems) {
    if s.stages.len() < 2 {
        p.add(
            "stages",
            format!(
                "the funnel has {} stage(s); it needs at least 2",
                s.stages.len()
            ),
            "add stages from the top (e.g. Inquiry) to the outcome (Won)",
        );
    }
    let mut names = HashSet::new();
    for (k, stage) in s.stages.iter().enumerate() {
        let at = format!("stages[{k}]");
        if stage.name.trim().is_empty() {
            p.add(
                format!("{at}.name"),
                "the stage has no name",
                "name the stage, e.g. \"MQL\"",
            );
        } else if !names.insert(stage.name.trim().to_lowercase()) {
            p.add(
                format!("{at}.name"),
                format!("the stage name \"{}\" is used twice", stage.name),
                "give each stage its own name",
            );
        }
        check_length(
            &stage.name,
            TextKind::Name,
            "a name",
            || format!("{at}.name"),
            p,
        );
        if stage.count > limits::COUNT_MAX {
            p.add(
                format!("{at}.count"),
                format!(
                    "{} prospects is too large: at most {} per stage",
                    format::count(stage.count as f64),
                    format::count(limits::COUNT_MAX as f64)
                ),
                format!(
                    "enter at most {} prospects",
                    format::count(limits::COUNT_MAX as f64)
                ),
            );
        }
        if !finite_non_negative(stage.days) {
            p.add(
                format!("{at}.days"),
                format!("days {} is not a number ≥ 0", stage.days),
                "enter the average days a prospect spends in this stage",
            );
        }
        check_at_most(
            stage.days,
            limits::STAGE_DAYS_MAX,
            "the time in this stage",
            "days",
            || format!("{at}.days"),
            p,
        );
        if let Some(next) = s.stages.get(k + 1)
            && next.count > stage.count
        {
            p.add(
                format!("stages[{}].count", k + 1),
                format!(
                    "counts grow down the funnel: {} has {} but {} before it has only {}",
                    next.name,
                    next.count,
                    stage.name,
                    stage.count
                ),
                format!("a stage can hold at most as many prospects as the one above it: lower {} or raise {}", next.name, stage.name),
            );
        }
        let last = k + 1 == s.stages.len();
        if last && !stage.causes.is_empty() {
            p.add(
                format!("{at}.causes"),
                format!(
                    "{} is the last stage, so nothing is lost after it, yet it lists {} cause(s)",
                    stage.name,
                    stage.causes.len()
                ),
                "move the causes to the stage whose losses they explain",
            );
        }
        let mut total = 0.0;
        for (c, cause) in stage.causes.iter().enumerate() {
            let cat = format!("{at}.causes[{c}]");
            if cause.reason.trim().is_empty() {
                p.add(
                    format!("{cat}.reason"),
                    "the cause has no reason code",
                    "pick a reason code such as \"no follow-up\"",
                );
            }
            check_length(
                &cause.reason,
                TextKind::Title,
                "a reason",
                || format!("{cat}.reason"),
                p,
            );
            check_length(
                &cause.note,
                TextKind::Notes,
                "notes",
                || format!("{cat}.note"),
                p,
            );
            if !(cause.share.is_finite() && (0.0..=100.0).contains(&cause.share)) {
                p.add(
                    format!("{cat}.share"),
                    format!("share {} is outside 0–100 %", cause.share),
                    "enter the percent of this step's losses the cause explains",
                );
            } else {
                total += cause.share;
            }
        }
        if total > 100.0 + 1e-9 {
            p.add(
                format!("{at}.causes"),
                format!(
                    "the causes of {} explain {total:.1} % of its losses, over 100 %",
                    stage.name
                ),
                "lower the shares so they add up to at most 100 %",
            );
        }
    }
}

fn check_people(s: &Session, p: &mut Problems) {
    let mut ids = HashSet::new();
    for (i, person) in s.participants.iter().enumerate() {
        if !ids.insert(person.id) {
            p.add(
                format!("participants[{i}].id"),
                format!("participant id {} is used twice", person.id),
                "give each participant its own id",
            );
        }
        if person.name.trim().is_empty() {
            p.add(
                format!("participants[{i}].name"),
                "the participant has no name",
                "enter a name",
            );
        }
        check_length(
            &person.name,
            TextKind::Name,
            "a name",
            || format!("participants[{i}].name"),
            p,
        );
    }
    let mut pair_ids = HashSet::new();
    let mut seated = HashSet::new();
    for (i, pair) in s.pairs.iter().enumerate() {
        let at = format!("pairs[{i}]");
        if !pair_ids.insert(pair.id) {
            p.add(
                format!("{at}.id"),
                format!("pair id {} is used twice", pair.id),
                "give each pair its own id",
            );
        }
        if pair.members.is_empty() {
            p.add(
                format!("{at}.members"),
                "the pair has no members",
                "add a salesperson and a marketer, or remove the pair",
            );
        }
        for m in &pair.members {
            if s.participant(*m).is_none() {
                p.add(
                    format!("{at}.members"),
                    format!("the pair names participant {m}, who does not exist"),
                    "use the id of a participant listed under participants",
                );
            } else if !seated.insert(*m) {
                p.add(
                    format!("{at}.members"),
                    format!("participant {m} sits in more than one pair"),
                    "keep each participant in one pair",
                );
            }
        }
        for step in &pair.steps {
            if *step >= s.step_count() {
                p.add(
                    format!("{at}.steps"),
                    format!(
                        "the pair works on step {step}, but the funnel has steps 0–{}",
                        s.step_count().saturating_sub(1)
                    ),
                    "use a step index of the funnel (0 is the first step)",
                );
            }
        }
    }
}

fn check_estimate(e: &Estimate, at: impl PathArg, unit: &str, p: &mut Problems) {
    if ![e.low, e.likely, e.high]
        .into_iter()
        .all(finite_non_negative)
    {
        p.add(
            at.into_path(),
            format!(
                "low/likely/high ({}, {}, {}) must all be numbers ≥ 0",
                e.low, e.likely, e.high
            ),
            format!("enter three {unit} figures ≥ 0"),
        );
    } else if !(e.low <= e.likely && e.likely <= e.high) {
        p.add(
            at.into_path(),
            format!(
                "low, likely and high are out of order ({}, {}, {})",
                e.low, e.likely, e.high
            ),
            "make low ≤ likely ≤ high",
        );
    }
}

fn check_ideas(s: &Session, p: &mut Problems) {
    let mut ids = HashSet::new();
    for (i, idea) in s.ideas.iter().enumerate() {
        let at = format!("ideas[{i}]");
        if !ids.insert(idea.id) {
            p.add(
                format!("{at}.id"),
                format!("idea id {} is used twice", idea.id),
                "give each idea its own id",
            );
        }
        if idea.title.trim().is_empty() {
            p.add(
                format!("{at}.title"),
                "the idea has no title",
                "give the idea a short title",
            );
        }
        check_length(
            &idea.title,
            TextKind::Title,
            "a title",
            || format!("{at}.title"),
            p,
        );
        check_length(
            &idea.notes,
            TextKind::Notes,
            "notes",
            || format!("{at}.notes"),
            p,
        );
        if let Some(pair) = idea.pair
            && s.pair(pair).is_none()
        {
            p.add(
                format!("{at}.pair"),
                format!("the idea names pair {pair}, which does not exist"),
                "use the id of a pair listed under pairs, or leave the idea without a pair",
            );
        }
        if !finite_non_negative(idea.effort_days) {
            p.add(
                format!("{at}.effort_days"),
                format!("effort {} is not a number ≥ 0", idea.effort_days),
                "enter person-days ≥ 0",
            );
        }
        check_at_most(
            idea.effort_days,
            limits::EFFORT_DAYS_MAX,
            "the effort",
            "person-days",
            || format!("{at}.effort_days"),
            p,
        );
        if !finite_non_negative(idea.lead_time_days) {
            p.add(
                format!("{at}.lead_time_days"),
                format!("lead time {} is not a number ≥ 0", idea.lead_time_days),
                "enter days ≥ 0",
            );
        }
        check_at_most(
            idea.lead_time_days,
            limits::LEAD_TIME_DAYS_MAX,
            "the lead time",
            "days",
            || format!("{at}.lead_time_days"),
            p,
        );
        let kind = idea.effect.kind();
        if let Some(step) = idea.effect.step()
            && step >= s.step_count()
        {
            p.add(
                format!("{at}.effect.step"),
                format!(
                    "\"{}\" works on step {step}, which does not exist (the funnel has {} steps)",
                    idea.title,
                    s.step_count()
                ),
                "use a step index of the funnel (0 is the first step)",
            );
        }
        if let Effect::RecoverLosses {
            step,
            cause: Some(reason),
            ..
        } = &idea.effect
        {
            let known = s
                .stages
                .get(*step)
                .is_some_and(|st| st.causes.iter().any(|c| &c.reason == reason));
            if *step < s.step_count() && !known {
                p.add(
                    format!("{at}.effect.cause"),
                    format!(
                        "\"{}\" targets the cause \"{reason}\", which {} does not list",
                        idea.title,
                        s.step_label(*step).unwrap_or_default()
                    ),
                    "name a reason listed under that stage's causes, or leave the cause out to recover from all the step's losses",
                );
            }
        }
        let field = if kind == super::EffectKind::LiftConversion {
            "points"
        } else {
            "percent"
        };
        check_estimate(
            &idea.effect.estimate(),
            || format!("{at}.effect.{field}"),
            kind.unit(),
            p,
        );
        // Conversion cannot pass 100 %, and no fix recovers more than all
        // that is lost; volume and deal size may grow past 100 %.
        let high = idea.effect.estimate().high;
        let capped = matches!(
            kind,
            super::EffectKind::LiftConversion | super::EffectKind::RecoverLosses
        );
        if capped && high > 100.0 {
            p.add(
                format!("{at}.effect.{field}"),
                format!(
                    "\"{}\" has a high estimate of {high} {}, over 100",
                    idea.title,
                    kind.unit()
                ),
                format!("enter at most 100 {} (all of the step)", kind.unit()),
            );
        }
    }
    for (i, id) in s.plan.ideas.iter().enumerate() {
        if s.idea(*id).is_none() {
            p.add(
                format!("plan.ideas[{i}]"),
                format!("the plan names idea {id}, which does not exist"),
                "remove it from the plan",
            );
        }
    }
}

fn check_votes(s: &Session, p: &mut Problems) {
    for (i, vote) in s.votes.iter().enumerate() {
        if s.participant(vote.participant).is_none() {
            p.add(
                format!("votes[{i}].participant"),
                format!(
                    "vote by participant {}, who does not exist",
                    vote.participant
                ),
                "remove the vote or add the participant",
            );
        }
        if s.idea(vote.idea).is_none() {
            p.add(
                format!("votes[{i}].idea"),
                format!("vote for idea {}, which does not exist", vote.idea),
                "remove the vote",
            );
        }
    }
    for person in &s.participants {
        let used = s.dots_used(person.id);
        if used > s.vote_budget {
            p.add(
                "votes",
                format!(
                    "{} placed {used} dots, over the budget of {}",
                    person.name, s.vote_budget
                ),
                "take dots back, or give each person more votes on the Setup screen",
            );
        }
    }
}
