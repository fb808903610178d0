//! Figures that came from a CRM export (issue 12): the funnel split by
//! segment, the loss category of a reason, and what the import did (its
//! stage and reason mapping, so next quarter's import asks nothing, and the
//! figures it wrote, so a later hand edit shows as one). Pure data; the
//! figures derived from it live in `model::segments`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What kind of loss a reason is. Win/loss practice keeps *no decision*
/// (the buyer stayed with the status quo) apart from *lost to a
/// competitor*: the fixes differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum LossCategory {
    NoDecision,
    Competitor,
    PriceValue,
    Timing,
    BadFit,
    Unknown,
}

impl LossCategory {
    pub const ALL: [LossCategory; 6] = [
        LossCategory::NoDecision,
        LossCategory::Competitor,
        LossCategory::PriceValue,
        LossCategory::Timing,
        LossCategory::BadFit,
        LossCategory::Unknown,
    ];

    pub fn label(self) -> &'static str {
        match self {
            LossCategory::NoDecision => "no decision",
            LossCategory::Competitor => "competitor",
            LossCategory::PriceValue => "price or value",
            LossCategory::Timing => "timing",
            LossCategory::BadFit => "bad fit",
            LossCategory::Unknown => "unknown",
        }
    }

    /// The snake_case key of the CSV and JSON exports.
    pub fn key(self) -> &'static str {
        match self {
            LossCategory::NoDecision => "no_decision",
            LossCategory::Competitor => "competitor",
            LossCategory::PriceValue => "price_or_value",
            LossCategory::Timing => "timing",
            LossCategory::BadFit => "bad_fit",
            LossCategory::Unknown => "unknown",
        }
    }
}

/// Lost records of one step with one reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReasonCount {
    /// The reason code the CRM's reason was mapped to.
    pub reason: String,
    pub count: u64,
}

/// One segment of the funnel (an industry, a region, a lead source…): a
/// funnel of its own (MODEL.md §9), positional like the session's stages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    /// "Retail", or "Retail · EMEA" for two segment columns.
    pub name: String,
    /// Prospects per stage, top to bottom.
    pub counts: Vec<u64>,
    /// Mean days in each stage before the next (0 where the export had
    /// no dates for it).
    #[serde(default)]
    pub days: Vec<f64>,
    /// Mean amount of the segment's won deals (0 when none had one).
    #[serde(default)]
    pub deal_size: f64,
    /// Per step: lost records by reason code, most frequent first.
    #[serde(default)]
    pub losses: Vec<Vec<ReasonCount>>,
}

/// How an import counted a period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ImportMode {
    /// Records that reached each stage inside the period.
    #[default]
    Flow,
    /// Records created in the period, and how far they got.
    Cohort,
}

impl ImportMode {
    pub fn label(self) -> &'static str {
        match self {
            ImportMode::Flow => "flow",
            ImportMode::Cohort => "cohort",
        }
    }

    /// What the mode counts, in words for the screen and the exports.
    pub fn words(self) -> &'static str {
        match self {
            ImportMode::Flow => "flow: records that reached each stage in the period",
            ImportMode::Cohort => "cohort: records created in the period, and how far they got",
        }
    }
}

/// A CRM stage name and the session stage it counts as ("-": left out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageMap {
    pub crm: String,
    pub stage: String,
}

/// A CRM loss reason and the reason code it was mapped to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReasonMap {
    pub crm: String,
    pub code: String,
}

/// The last import: where the figures came from and how they were read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportInfo {
    /// The export's file name (no folder: the session may travel).
    pub file: String,
    pub mode: ImportMode,
    #[serde(default)]
    pub from: Option<NaiveDate>,
    #[serde(default)]
    pub to: Option<NaiveDate>,
    /// Remembered for the next import of the same CRM.
    #[serde(default)]
    pub map: Vec<StageMap>,
    #[serde(default)]
    pub segment_columns: Vec<String>,
    #[serde(default)]
    pub reasons: Vec<ReasonMap>,
    pub rows_used: u64,
    /// The counts, deal size and days the import wrote: a figure that
    /// differs now was edited by hand.
    pub counts: Vec<u64>,
    #[serde(default)]
    pub deal_size: Option<f64>,
    #[serde(default)]
    pub days: Vec<Option<f64>>,
    /// The whole funnel's lost records per step by reason code.
    #[serde(default)]
    pub losses: Vec<Vec<ReasonCount>>,
}

impl ImportInfo {
    /// Whether stage `k`'s count differs from what the import wrote.
    pub fn count_edited(&self, k: usize, now: u64) -> bool {
        self.counts.get(k).is_some_and(|c| *c != now)
    }

    /// Every figure the import wrote that differs now, in words: "MQL
    /// count", "MQL days", "deal size" (one list for the CLI and the
    /// exports, so a hand edit is named the same everywhere).
    pub fn edited_by_hand(&self, stages: &[super::Stage], deal_size: f64) -> Vec<String> {
        let mut out = Vec::new();
        for (k, st) in stages.iter().enumerate() {
            if self.count_edited(k, st.count) {
                out.push(format!("{} count", st.name));
            }
            if let Some(Some(d)) = self.days.get(k)
                && *d != st.days
            {
                out.push(format!("{} days", st.name));
            }
        }
        if self.deal_size.is_some_and(|d| d != deal_size) {
            out.push("deal size".to_string());
        }
        out
    }

    /// The session stage a CRM stage was mapped to, if it was.
    pub fn mapped(&self, crm: &str) -> Option<&str> {
        self.map
            .iter()
            .find(|m| m.crm == crm)
            .map(|m| m.stage.as_str())
    }
}
