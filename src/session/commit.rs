//! What the room commits to at the end of a workshop: actions with owners
//! and dates, shared KPIs (managed or monitored), team goals, and the
//! hand-off agreement between the teams. Pure data; the figures derived from
//! it (baselines, targets from the plan, SMART letters) live in `model`.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};

use super::{Id, Team};

/// Where an action stands. `Partly` and `NotDone` are what a check-in says
/// of an action that was due: open means nobody has looked yet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    #[default]
    Open,
    Done,
    Partly,
    NotDone,
    Dropped,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Open,
        Status::Done,
        Status::Partly,
        Status::NotDone,
        Status::Dropped,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Done => "done",
            Status::Partly => "partly",
            Status::NotDone => "not done",
            Status::Dropped => "dropped",
        }
    }

    /// Done or partly done: what a check-in counts as kept.
    pub fn kept(self) -> bool {
        matches!(self, Status::Done | Status::Partly)
    }
}

/// An owner's commitment to carry out an idea (or a free-standing task) by
/// a date, moving a KPI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Commitment {
    /// The idea this action carries out; `None` for a free-standing action.
    #[serde(default)]
    pub idea: Option<Id>,
    /// What will be done.
    pub title: String,
    /// A participant's name, or a name typed for someone not in the room.
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub team: Option<Team>,
    #[serde(default)]
    pub due: Option<NaiveDate>,
    /// The name of the KPI this action moves.
    #[serde(default)]
    pub kpi: Option<String>,
    #[serde(default)]
    pub status: Status,
    /// Carried over from the session this one follows up on: reviewed at
    /// this check-in.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub carried: bool,
    /// What the check-in said about it ("half the regions done").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// Whether the teams steer a KPI directly or only watch it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum KpiKind {
    Managed,
    Monitored,
}

impl KpiKind {
    pub fn label(self) -> &'static str {
        match self {
            KpiKind::Managed => "managed",
            KpiKind::Monitored => "monitored",
        }
    }
}

/// What a KPI measures: a figure of the funnel (its baseline then comes from
/// the session and its target from the plan), or something typed.
/// Stages are named, not numbered, so inserting or removing a stage can never
/// silently re-point a KPI at another stage: a KPI whose stage is gone says so.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub enum Measure {
    /// Not tied to the funnel ("% of MQLs called within 24 h"): baseline and
    /// target are typed, in `unit`.
    #[default]
    Typed,
    /// Prospects reaching a stage per period.
    Count {
        stage: String,
    },
    /// Conversion from one stage to the next, in percent.
    Conversion {
        from: String,
        to: String,
    },
    /// Average days in a stage.
    Days {
        stage: String,
    },
    DealSize,
    /// Revenue per period.
    Revenue,
}

impl Measure {
    pub fn is_tied(&self) -> bool {
        !matches!(self, Measure::Typed)
    }

    /// What it measures in words: "conversion MQL → SAL", "prospects at
    /// MQL", "typed". One wording for screens, CLI and exports.
    pub fn words(&self, period: super::Period) -> String {
        match self {
            Measure::Typed => "typed".to_string(),
            Measure::Count { stage } => format!("prospects at {stage}"),
            Measure::Conversion { from, to } => format!("conversion {from} → {to}"),
            Measure::Days { stage } => format!("days in {stage}"),
            Measure::DealSize => "deal size".to_string(),
            Measure::Revenue => format!("revenue per {}", period.label()),
        }
    }
}

/// How often a KPI is looked at.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Cadence {
    Weekly,
    #[default]
    Monthly,
    Quarterly,
}

impl Cadence {
    pub const ALL: [Cadence; 3] = [Cadence::Weekly, Cadence::Monthly, Cadence::Quarterly];

    pub fn label(self) -> &'static str {
        match self {
            Cadence::Weekly => "weekly",
            Cadence::Monthly => "monthly",
            Cadence::Quarterly => "quarterly",
        }
    }
}

/// A KPI both teams are graded on. Only what people type is stored: a tied
/// KPI's baseline and its target from the plan are computed by `model`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kpi {
    pub name: String,
    #[serde(default)]
    pub definition: String,
    pub kind: KpiKind,
    pub team: Team,
    #[serde(default)]
    pub measure: Measure,
    /// The unit of a typed KPI ("%", "hours"); tied KPIs have their own.
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub cadence: Cadence,
    /// Typed baseline (typed KPIs only; a tied KPI's comes from the session).
    #[serde(default)]
    pub baseline: Option<f64>,
    /// Typed target; for a tied KPI it replaces the plan's target.
    /// Files from before targets were numbers held text here: a number in
    /// it is read, anything else refuses the file with a message.
    #[serde(default, deserialize_with = "number_or_text")]
    pub target: Option<f64>,
    /// What the KPI measured at the next check-in.
    #[serde(default)]
    pub actual: Option<f64>,
}

/// Reads `Some(55.2)`, `55.2`, `None`, or (from older files) text such as
/// `"55.2 %"` read by [`crate::number`]; refuses text that is not a number,
/// rather than dropping it.
fn number_or_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Number(f64),
        Text(String),
        Maybe(Option<f64>),
    }
    match Raw::deserialize(d)? {
        Raw::Number(v) => Ok(Some(v)),
        Raw::Maybe(v) => Ok(v),
        Raw::Text(t) if t.trim().is_empty() => Ok(None),
        Raw::Text(t) => crate::number::parse_measure(&t).map(Some).map_err(|e| {
            serde::de::Error::custom(format!(
                "the KPI target \"{t}\" is not a number ({e}); write the number alone, e.g. 55.2"
            ))
        }),
    }
}

/// A team's goal. With `kpi` set and no text, the sentence is generated from
/// that KPI and the plan (MODEL.md §7); typed text replaces it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    pub team: Team,
    #[serde(default)]
    pub kpi: Option<String>,
    #[serde(default)]
    pub text: String,
}

/// What each side owes the other on the step out of a stage, where the
/// owning team changes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handoff {
    /// "Sales accepts or rejects a SAL within 2 working days".
    #[serde(default)]
    pub service_level: String,
    /// What happens to rejected or not-ready leads.
    #[serde(default)]
    pub on_reject: String,
}

impl Handoff {
    pub fn is_empty(&self) -> bool {
        self.service_level.is_empty() && self.on_reject.is_empty()
    }
}
