//! The link from a follow-up session to the one it reviews: where the
//! predecessor lives, and a copy of its funnel and plan taken when the
//! follow-up was made, so a review never depends on another file still
//! being where it was (docs/MODEL-additions.md §8a).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Idea, Period, Stage};

/// The session this one follows up on. The path is relative to this file's
/// folder; the title and date explain the link when the path no longer
/// leads anywhere (a moved folder, a renamed file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Previous {
    pub path: String,
    pub title: String,
    pub date: NaiveDate,
}

/// Last time's funnel and the plan the room committed to, as they were when
/// the follow-up was made: "then" in every comparison of the review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnderReview {
    pub period: Period,
    pub deal_size: f64,
    /// Last time's stages with their counts, days and causes. Plan ideas
    /// name their step by its index in this list.
    pub stages: Vec<Stage>,
    /// The plan's ideas, each once, with their estimates.
    #[serde(default)]
    pub ideas: Vec<Idea>,
    /// Each KPI's baseline and target as last time had them: what this
    /// check-in judges. The KPIs' own targets are the next period's, free
    /// to change without rewriting the review.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kpis: Vec<KpiThen>,
}

/// A KPI's baseline and target last time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiThen {
    pub name: String,
    #[serde(default)]
    pub baseline: Option<f64>,
    #[serde(default)]
    pub target: Option<f64>,
}

impl UnderReview {
    /// "MQL → SAL" for step `k` of the funnel then.
    pub fn step_label(&self, k: usize) -> Option<String> {
        let from = self.stages.get(k)?;
        let to = self.stages.get(k + 1)?;
        Some(format!("{} → {}", from.name, to.name))
    }
}

impl UnderReview {
    /// Last time's funnel and plan as a session of their own, so every
    /// figure of MODEL.md (and every check of validation) applies to "then"
    /// exactly as to "now". Votes and commitments are left out: the review
    /// compares funnels and estimates only; people stay so an idea still
    /// names its pair.
    pub fn as_session(&self, now: &super::Session) -> super::Session {
        let mut then = now.light();
        then.period = self.period;
        then.deal_size = self.deal_size;
        then.stages = self.stages.clone();
        then.ideas = self.ideas.clone();
        then.plan.ideas = self.ideas.iter().map(|i| i.id).collect();
        then
    }
}
