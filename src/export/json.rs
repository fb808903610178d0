//! The JSON export: the session exactly as saved, plus every derived figure,
//! for other tools.
//!
//! # Fields
//!
//! ```text
//! {
//!   "format": "funnelcheck-export",   constant; tells this file from a session file
//!   "format_version": 1,              bumped when a field changes meaning or goes away
//!   "session": { … },                 the session, same fields as a .json session file
//!   "derived": {
//!     "currency": "EUR",              as in the session
//!     "period": "Quarter",            Month | Quarter | Year: every money figure is per period
//!     "periods_per_year": 4.0,
//!     "period_days": 91.25,
//!     "deal_size": 24000.0,
//!     "won": 60.0,                    won deals per period, W = N_0 · Π c_k
//!     "revenue": 1440000.0,           revenue per period, R = W · D
//!     "steps": [ {                    one per step, top of the funnel first
//!       "step": 0,                    index k: the move from stages[k] to stages[k+1]
//!       "label", "from_stage", "to_stage", "team",
//!       "count_from", "count_to",     N_k and N_{k+1}
//!       "conversion",                 c_k, a fraction (0 when N_k = 0)
//!       "lost", "lost_share",         L_k prospects and 1 − c_k
//!       "downstream",                 d_k = Π_{j>k} c_j
//!       "value_lost",                 V_k = L_k · d_k · D per period
//!       "causes": [ { "reason", "share" (percent 0–100), "origin", "team", "note" } ],
//!       "unexplained_share",          percent (0–100) of the losses no cause explains
//!       "recover_10pct", "plus_1pt",  stage sensitivity: gain per period of recovering
//!                                     10 % of the losses / one more conversion point
//!       "sensitivity_rank"            1 = where recovering 10 % is worth most
//!     } ],
//!     "biggest_leak": 1,              step index with the largest value_lost, or null
//!     "sensitivity": [ { "step", "label", "recover_10pct", "plus_1pt" } ],  largest first
//!     "ranked_by": "likely",          what "ideas" is sorted by (highest first, ties by title)
//!     "ideas": [ {
//!       "rank", "id", "title", "pair" (id or null), "pair_label" (names or null),
//!       "effect",                     lift_conversion | recover_losses | grow_volume | grow_deal_size
//!       "step", "step_label",         null for volume and deal size
//!       "cause",                      recover_losses only: the reason code, or null for all losses
//!       "unit",                       "pts" (conversion points) or "%"
//!       "estimate": { "low", "likely", "high" },
//!       "effect_summary",             the effect in one readable line
//!       "gains": {
//!         "low", "likely", "high",    gain per period at each point of the estimate
//!         "expected",                 PERT mean (low + 4·likely + high) / 6
//!         "annual",                   likely · periods_per_year
//!         "quarter", "year",          likely gain landing within 91 / 365 days
//!         "per_effort",               annual gain per effort day (effort below 1 counts as 1)
//!         "delay_days"                lead time plus the funnel's lag
//!       },
//!       "effort_days", "lead_time_days", "votes" (dots), "in_plan", "notes"
//!     } ],
//!     "plan": {
//!       "ideas": [ { "id", "title" } ],   plan ideas found in the session, in plan order
//!       "outcome": { "ideas", "samples", "seed",
//!                    "p10", "p50", "p90", "mean",   Monte Carlo gain per period
//!                    "together",                    all plan ideas at likely, applied together
//!                    "sum_alone" },                 sum of each idea's likely gain alone
//!       "gain_this_quarter", "gain_this_year"       the plan's likely gain landing within 91 / 365 days
//!     }
//!   }
//! }
//! ```
//!
//! Numbers are plain JSON numbers at full precision; a figure that is not a
//! finite number (only possible from a broken session) is `null`.

use serde::Serialize;

use super::ExportError;
use super::report::Report;
use crate::session::Session;

pub const FORMAT_NAME: &str = "funnelcheck-export";
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    format: &'static str,
    format_version: u32,
    session: &'a Session,
    derived: &'a Report<'a>,
}

pub fn render(r: &Report) -> Result<String, ExportError> {
    let doc = Document {
        format: FORMAT_NAME,
        format_version: FORMAT_VERSION,
        session: r.session,
        derived: r,
    };
    let mut text = serde_json::to_string_pretty(&doc).map_err(|e| ExportError::Encode {
        format: "JSON",
        message: e.to_string(),
    })?;
    text.push('\n');
    Ok(text)
}
