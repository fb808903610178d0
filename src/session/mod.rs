//! The data one workshop produces: the funnel, its loss causes, the people,
//! their ideas and votes. Pure data plus validation; no I/O, no UI.
//!
//! Every field that arrived after version 1 carries `#[serde(default)]`, so an
//! older file still loads; the `version` field lets the store refuse files
//! written by a newer app instead of silently dropping what it cannot read.

mod commit;
pub mod edit;
pub mod limits;
mod review;
mod segment;
mod validate;

pub use commit::{Cadence, Commitment, Goal, Handoff, Kpi, KpiKind, Measure, Status};
pub use review::{KpiThen, Previous, UnderReview};
pub use segment::{
    ImportInfo, ImportMode, LossCategory, ReasonCount, ReasonMap, Segment, StageMap,
};
pub use validate::{Checked, Problem, same_ideas, validate, validate_split};

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// The schema version this build writes. Files with a larger number are refused.
pub const CURRENT_VERSION: u32 = 1;

/// Stable identifier of a participant, pair or idea inside one session.
pub type Id = u32;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub version: u32,
    pub title: String,
    #[serde(default)]
    pub company: String,
    pub date: NaiveDate,
    #[serde(default)]
    pub facilitator: String,
    /// Shown before amounts: an ISO code ("EUR") or a symbol ("$").
    pub currency: String,
    /// The period the stage counts describe.
    pub period: Period,
    /// Average revenue of one won deal, in `currency`.
    pub deal_size: f64,
    #[serde(default)]
    pub participants: Vec<Participant>,
    #[serde(default)]
    pub pairs: Vec<Pair>,
    /// Ordered top to bottom; step `k` is the move from `stages[k]` to `stages[k + 1]`.
    pub stages: Vec<Stage>,
    #[serde(default)]
    pub ideas: Vec<Idea>,
    #[serde(default)]
    pub votes: Vec<Vote>,
    /// Dots each participant may place when voting.
    #[serde(default = "default_vote_budget")]
    pub vote_budget: u32,
    #[serde(default)]
    pub plan: Plan,
    #[serde(default)]
    pub agenda: Vec<AgendaItem>,
    #[serde(default)]
    pub notes: String,
    /// Commitments made at the end of the workshop (owner, date, KPI).
    #[serde(default)]
    pub actions: Vec<Commitment>,
    #[serde(default)]
    pub kpis: Vec<Kpi>,
    /// Team goals whose sentence was typed or that stand without a KPI;
    /// goals of managed KPIs are generated until someone edits them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<Goal>,
    /// The date of the next check-in: actions are due by then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_in: Option<NaiveDate>,
    /// Revenue per period the reverse funnel works back from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revenue_target: Option<f64>,
    /// Where the room is in the agenda, so a crash or a closed lid does not
    /// send the timer back to the first section. Left out of the file until
    /// the timer is first used.
    #[serde(default, skip_serializing_if = "AgendaClock::is_idle")]
    pub clock: AgendaClock,
    /// The session this one follows up on (a chain of these is the history).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<Previous>,
    /// Last time's funnel and plan, reviewed at this check-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub under_review: Option<UnderReview>,
    /// The funnel split by segment, from a CRM export (MODEL.md §9).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub segments: Vec<Segment>,
    /// How the last CRM import read its file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub import: Option<ImportInfo>,
}

fn default_vote_budget() -> u32 {
    3
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Period {
    Month,
    Quarter,
    Year,
}

impl Period {
    pub const ALL: [Period; 3] = [Period::Month, Period::Quarter, Period::Year];

    /// Length in days, as MODEL.md defines it (a month is 365/12 days).
    pub fn days(self) -> f64 {
        365.0 / self.per_year()
    }

    pub fn per_year(self) -> f64 {
        match self {
            Period::Month => 12.0,
            Period::Quarter => 4.0,
            Period::Year => 1.0,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Year => "year",
        }
    }
}

/// Which team a participant sits on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    Sales,
    Marketing,
    Other,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Sales => "sales",
            Role::Marketing => "marketing",
            Role::Other => "other",
        }
    }
}

/// Which team owns a stage or a loss cause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Team {
    Marketing,
    Sales,
    Shared,
}

impl Team {
    pub const ALL: [Team; 3] = [Team::Marketing, Team::Sales, Team::Shared];

    pub fn label(self) -> &'static str {
        match self {
            Team::Marketing => "marketing",
            Team::Sales => "sales",
            Team::Shared => "shared",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Participant {
    pub id: Id,
    pub name: String,
    pub role: Role,
}

/// A salesperson and a marketer (plus an odd one out) who brainstorm together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pair {
    pub id: Id,
    /// Participant ids.
    pub members: Vec<Id>,
    /// Step indexes this pair works on.
    #[serde(default)]
    pub steps: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stage {
    pub name: String,
    pub team: Team,
    /// Prospects that reached this stage in the period.
    pub count: u64,
    /// Average days a prospect spends here before it reaches the next stage.
    #[serde(default)]
    pub days: f64,
    /// Why prospects are lost on the step that leaves this stage. The last
    /// stage has no step out of it, so it must have none.
    #[serde(default)]
    pub causes: Vec<Cause>,
    /// Entry criteria: what makes a prospect count at this stage, in one
    /// sentence both teams agreed (the hand-off agreement).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub definition: String,
    /// What each side owes the other on the step out of this stage, where
    /// the owning team changes.
    #[serde(default, skip_serializing_if = "Handoff::is_empty")]
    pub handoff: Handoff,
}

/// Whether the teams can act on a cause themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Origin {
    Internal,
    External,
}

impl Origin {
    pub fn label(self) -> &'static str {
        match self {
            Origin::Internal => "internal",
            Origin::External => "external",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cause {
    /// A reason code, usually one of `assets/reason_codes.ron`, free text allowed.
    pub reason: String,
    /// Percent (0–100) of the step's losses this cause explains.
    pub share: f64,
    pub origin: Origin,
    pub team: Team,
    #[serde(default)]
    pub note: String,
    /// The kind of loss; `None`: the reason code's own category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<LossCategory>,
}

/// A three-point estimate, `low <= likely <= high`, all `>= 0`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    pub low: f64,
    pub likely: f64,
    pub high: f64,
}

impl Estimate {
    pub fn new(low: f64, likely: f64, high: f64) -> Self {
        Self { low, likely, high }
    }

    pub fn point(v: f64) -> Self {
        Self::new(v, v, v)
    }
}

/// One of the three points of an [`Estimate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Point {
    Low,
    Likely,
    High,
}

impl Estimate {
    pub fn at(&self, p: Point) -> f64 {
        match p {
            Point::Low => self.low,
            Point::Likely => self.likely,
            Point::High => self.high,
        }
    }
}

/// What an idea does to the funnel (MODEL.md §3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Effect {
    /// Adds `points` percentage points to the conversion of `step`.
    LiftConversion { step: usize, points: Estimate },
    /// Recovers `percent` of the step's losses, or of the part `cause` explains.
    RecoverLosses {
        step: usize,
        #[serde(default)]
        cause: Option<String>,
        percent: Estimate,
    },
    /// Grows the top-of-funnel count by `percent`.
    GrowVolume { percent: Estimate },
    /// Grows the average deal size by `percent`.
    GrowDealSize { percent: Estimate },
}

/// The four kinds of effect, without their figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EffectKind {
    LiftConversion,
    RecoverLosses,
    GrowVolume,
    GrowDealSize,
}

impl EffectKind {
    pub const ALL: [EffectKind; 4] = [
        EffectKind::LiftConversion,
        EffectKind::RecoverLosses,
        EffectKind::GrowVolume,
        EffectKind::GrowDealSize,
    ];

    /// The snake_case name used in MODEL.md, the CLI and exports.
    pub fn key(self) -> &'static str {
        match self {
            EffectKind::LiftConversion => "lift_conversion",
            EffectKind::RecoverLosses => "recover_losses",
            EffectKind::GrowVolume => "grow_volume",
            EffectKind::GrowDealSize => "grow_deal_size",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            EffectKind::LiftConversion => "lift conversion",
            EffectKind::RecoverLosses => "recover losses",
            EffectKind::GrowVolume => "grow volume",
            EffectKind::GrowDealSize => "grow deal size",
        }
    }

    /// The unit of the estimate: "pts" for conversion points, "%" otherwise.
    pub fn unit(self) -> &'static str {
        match self {
            EffectKind::LiftConversion => "pts",
            _ => "%",
        }
    }
}

impl Effect {
    pub fn kind(&self) -> EffectKind {
        match self {
            Effect::LiftConversion { .. } => EffectKind::LiftConversion,
            Effect::RecoverLosses { .. } => EffectKind::RecoverLosses,
            Effect::GrowVolume { .. } => EffectKind::GrowVolume,
            Effect::GrowDealSize { .. } => EffectKind::GrowDealSize,
        }
    }

    /// The step the effect works on; `None` for volume and deal size.
    pub fn step(&self) -> Option<usize> {
        match self {
            Effect::LiftConversion { step, .. } | Effect::RecoverLosses { step, .. } => Some(*step),
            Effect::GrowVolume { .. } | Effect::GrowDealSize { .. } => None,
        }
    }

    pub fn estimate(&self) -> Estimate {
        match self {
            Effect::LiftConversion { points, .. } => *points,
            Effect::RecoverLosses { percent, .. }
            | Effect::GrowVolume { percent }
            | Effect::GrowDealSize { percent } => *percent,
        }
    }

    pub fn estimate_mut(&mut self) -> &mut Estimate {
        match self {
            Effect::LiftConversion { points, .. } => points,
            Effect::RecoverLosses { percent, .. }
            | Effect::GrowVolume { percent }
            | Effect::GrowDealSize { percent } => percent,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Idea {
    pub id: Id,
    pub title: String,
    /// The pair that proposed it, if any.
    #[serde(default)]
    pub pair: Option<Id>,
    pub effect: Effect,
    /// Person-days to put in place.
    #[serde(default)]
    pub effort_days: f64,
    /// Days before the fix is in place and starts working.
    #[serde(default)]
    pub lead_time_days: f64,
    #[serde(default)]
    pub notes: String,
}

/// Dots one participant placed on one idea.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Vote {
    pub participant: Id,
    pub idea: Id,
    pub dots: u32,
}

/// The ideas the room commits to, and the seed of their Monte Carlo run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    #[serde(default)]
    pub ideas: Vec<Id>,
    #[serde(default = "default_seed")]
    pub seed: u64,
    #[serde(default = "default_samples")]
    pub samples: u32,
}

fn default_seed() -> u64 {
    20_261_123
}

fn default_samples() -> u32 {
    10_000
}

impl Default for Plan {
    fn default() -> Self {
        Self {
            ideas: Vec::new(),
            seed: default_seed(),
            samples: default_samples(),
        }
    }
}

/// A timeboxed section of the workshop.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgendaItem {
    pub title: String,
    pub minutes: u32,
}

/// The agenda timer: which section, how long it has run, and since when it
/// runs now. Times are passed in, never read from the clock, so the
/// arithmetic is exact in tests. Overtime keeps counting, with no cap.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AgendaClock {
    /// Index into `Session::agenda`.
    #[serde(default)]
    pub section: usize,
    /// Seconds run before the current start.
    #[serde(default)]
    pub banked_secs: i64,
    /// When the timer was last started; `None` while paused. Wall-clock
    /// time, so a section keeps counting while the laptop is shut.
    #[serde(default)]
    pub running_since: Option<NaiveDateTime>,
    /// Seconds granted on top of the section's minutes (+5 min).
    #[serde(default)]
    pub extra_secs: i64,
}

impl AgendaClock {
    /// Never started: nothing worth writing to the file.
    pub fn is_idle(&self) -> bool {
        *self == AgendaClock::default()
    }

    pub fn running(&self) -> bool {
        self.running_since.is_some()
    }

    pub fn elapsed(&self, now: NaiveDateTime) -> i64 {
        self.banked_secs
            + self
                .running_since
                .map_or(0, |s| (now - s).num_seconds().max(0))
    }

    pub fn toggle(&mut self, now: NaiveDateTime) {
        match self.running_since.take() {
            Some(s) => self.banked_secs += (now - s).num_seconds().max(0),
            None => self.running_since = Some(now),
        }
    }

    pub fn add_five(&mut self) {
        self.extra_secs += 5 * 60;
    }

    /// Moves to the next section (wrapping to the first), keeping it running
    /// if it was.
    pub fn next_section(&mut self, now: NaiveDateTime, sections: usize) {
        let was_running = self.running();
        *self = AgendaClock {
            section: if sections == 0 {
                0
            } else {
                (self.section + 1) % sections
            },
            ..AgendaClock::default()
        };
        if was_running {
            self.running_since = Some(now);
        }
    }

    /// Seconds left in the section; negative in overtime. `None` when the
    /// agenda has no such section (it was shortened by hand).
    pub fn remaining(&self, now: NaiveDateTime, agenda: &[AgendaItem]) -> Option<i64> {
        let item = agenda.get(self.section)?;
        Some(i64::from(item.minutes) * 60 + self.extra_secs - self.elapsed(now))
    }
}

impl Session {
    /// The session without its ideas, votes, commitments and history: the
    /// header, people, stages and KPIs. Another funnel (last time's, one
    /// segment's) is this with its own stages, so every figure of the model
    /// applies to it, without copying a big session's ideas.
    pub fn light(&self) -> Session {
        Session {
            version: self.version,
            title: self.title.clone(),
            company: self.company.clone(),
            date: self.date,
            facilitator: self.facilitator.clone(),
            currency: self.currency.clone(),
            period: self.period,
            deal_size: self.deal_size,
            participants: self.participants.clone(),
            pairs: self.pairs.clone(),
            stages: self.stages.clone(),
            ideas: Vec::new(),
            votes: Vec::new(),
            vote_budget: self.vote_budget,
            plan: Plan {
                ideas: Vec::new(),
                ..self.plan.clone()
            },
            agenda: Vec::new(),
            notes: String::new(),
            actions: Vec::new(),
            kpis: self.kpis.clone(),
            goals: Vec::new(),
            check_in: None,
            revenue_target: None,
            clock: AgendaClock::default(),
            previous: None,
            under_review: None,
            segments: Vec::new(),
            import: None,
        }
    }

    /// Number of steps (moves between consecutive stages).
    pub fn step_count(&self) -> usize {
        self.stages.len().saturating_sub(1)
    }

    /// "MQL → SAL" for step `k`, or `None` when the step does not exist.
    pub fn step_label(&self, k: usize) -> Option<String> {
        let from = self.stages.get(k)?;
        let to = self.stages.get(k + 1)?;
        Some(format!("{} → {}", from.name, to.name))
    }

    pub fn participant(&self, id: Id) -> Option<&Participant> {
        self.participants.iter().find(|p| p.id == id)
    }

    pub fn pair(&self, id: Id) -> Option<&Pair> {
        self.pairs.iter().find(|p| p.id == id)
    }

    pub fn idea(&self, id: Id) -> Option<&Idea> {
        self.ideas.iter().find(|i| i.id == id)
    }

    /// The KPI called `name` (names are unique; validation says so).
    pub fn kpi(&self, name: &str) -> Option<&Kpi> {
        self.kpis.iter().find(|k| k.name == name)
    }

    /// The index of the stage called `name`.
    pub fn stage_index(&self, name: &str) -> Option<usize> {
        self.stages.iter().position(|s| s.name == name)
    }

    /// The participant whose name is `name`, ignoring case and surrounding
    /// spaces, so "ana " typed as an owner finds Ana.
    pub fn participant_named(&self, name: &str) -> Option<&Participant> {
        let want = name.trim().to_lowercase();
        if want.is_empty() {
            return None;
        }
        self.participants
            .iter()
            .find(|p| p.name.trim().to_lowercase() == want)
    }

    /// "Ana & Ben" for a pair, from its members' names.
    pub fn pair_label(&self, id: Id) -> String {
        match self.pair(id) {
            Some(pair) => {
                let names: Vec<&str> = pair
                    .members
                    .iter()
                    .map(|m| self.participant(*m).map_or("?", |p| p.name.as_str()))
                    .collect();
                names.join(" & ")
            }
            None => format!("pair {id}"),
        }
    }

    /// Total dots placed on an idea.
    pub fn votes_for(&self, idea: Id) -> u32 {
        self.votes
            .iter()
            .filter(|v| v.idea == idea)
            .map(|v| v.dots)
            .sum()
    }

    /// Dots a participant has placed in all.
    pub fn dots_used(&self, participant: Id) -> u32 {
        self.votes
            .iter()
            .filter(|v| v.participant == participant)
            .map(|v| v.dots)
            .sum()
    }

    /// The smallest id not used by any idea.
    pub fn next_idea_id(&self) -> Id {
        self.ideas.iter().map(|i| i.id).max().map_or(1, |m| m + 1)
    }

    pub fn next_participant_id(&self) -> Id {
        self.participants
            .iter()
            .map(|p| p.id)
            .max()
            .map_or(1, |m| m + 1)
    }

    pub fn next_pair_id(&self) -> Id {
        self.pairs.iter().map(|p| p.id).max().map_or(1, |m| m + 1)
    }

    /// Percent of step `k`'s losses no cause explains (never below 0).
    pub fn unexplained_share(&self, k: usize) -> f64 {
        let explained: f64 = self
            .stages
            .get(k)
            .map_or(0.0, |s| s.causes.iter().map(|c| c.share).sum());
        (100.0 - explained).max(0.0)
    }
}

#[cfg(test)]
mod clock_tests {
    use super::*;

    fn at(min: u32, sec: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 23)
            .and_then(|d| d.and_hms_opt(9, min, sec))
            .expect("valid time")
    }

    fn agenda() -> Vec<AgendaItem> {
        vec![
            AgendaItem {
                title: "Intro".into(),
                minutes: 10,
            },
            AgendaItem {
                title: "Funnel".into(),
                minutes: 20,
            },
        ]
    }

    #[test]
    fn counts_only_while_running_and_goes_into_overtime() {
        let mut t = AgendaClock::default();
        t.toggle(at(0, 0));
        t.toggle(at(4, 0));
        assert_eq!(
            t.remaining(at(30, 0), &agenda()),
            Some(6 * 60),
            "paused time does not count"
        );
        t.toggle(at(30, 0));
        assert_eq!(t.remaining(at(40, 30), &agenda()), Some(-(4 * 60 + 30)));
        t.add_five();
        assert_eq!(t.remaining(at(40, 30), &agenda()), Some(30));
        t.next_section(at(41, 0), 2);
        assert_eq!((t.section, t.running()), (1, true));
        assert_eq!(t.remaining(at(42, 0), &agenda()), Some(19 * 60));
        t.next_section(at(42, 0), 2);
        assert_eq!(t.section, 0, "wraps to the first section");
    }
}
