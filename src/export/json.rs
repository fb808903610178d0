//! The JSON export: the session exactly as saved, plus every derived figure,
//! for other tools.
//!
//! # Fields
//!
//! Money fields are named in the app's one money vocabulary
//! (`format::Figure`), as the CSV columns are; `derived.vocabulary` carries
//! each name's heading and one-line legend for the session's period.
//!
//! ```text
//! {
//!   "format": "funnelcheck-export",   constant; tells this file from a session file
//!   "format_version": 4,              bumped when a field changes meaning or goes away
//!                                     (2: money fields renamed to the vocabulary;
//!                                     3: derived.commitments; 4: action statuses Partly and
//!                                     NotDone, derived.review)
//!   "session": { … },                 the session, same fields as a .json session file
//!   "derived": {
//!     "currency": "EUR",              as in the session
//!     "period": "Quarter",            Month | Quarter | Year: every money figure is per period
//!     "periods_per_year": 4.0,
//!     "period_days": 91.25,
//!     "deal_size": 24000.0,
//!     "won": 60.0,                    won deals per period, W = N_0 · Π c_k
//!     "revenue_per_period": 1440000.0,  R = W · D ("Revenue per quarter")
//!     "steps": [ {                    one per step, top of the funnel first
//!       "step": 0,                    index k: the move from stages[k] to stages[k+1]
//!       "label", "from_stage", "to_stage", "team",
//!       "count_from", "count_to",     N_k and N_{k+1}
//!       "conversion",                 c_k, a fraction (0 when N_k = 0)
//!       "lost", "lost_share",         L_k prospects and 1 − c_k
//!       "downstream",                 d_k = Π_{j>k} c_j
//!       "value_lost_ceiling",         V_k = L_k · d_k · D per period: a ceiling, not a forecast
//!       "controllable",               the part of V_k internal causes explain (MODEL.md §6)
//!       "value_lost_external",        the part external causes explain
//!       "value_lost_unexplained",     the part no cause explains
//!       "causes": [ { "reason", "share" (percent 0–100), "origin", "team", "note" } ],
//!       "unexplained_share",          percent (0–100) of the losses no cause explains
//!       "recover_10pct",              gain per period of recovering 10 % of the losses:
//!                                     the realistic figure beside the ceiling
//!       "plus_1pt",                   gain per period of one more conversion point
//!       "sensitivity_rank"            1 = where recovering 10 % is worth most
//!     } ],
//!     "biggest_leak": 1,              step index with the largest value_lost_ceiling, or null
//!     "sensitivity": [ { "step", "label", "recover_10pct", "plus_1pt" } ],  largest first
//!     "team_control": [ {             who can act: per team (Marketing, Sales, Shared)
//!       "team", "controllable",       the controllable value lost its own causes explain
//!       "share"                       its fraction of all teams' controllable value (0 when none)
//!     } ],
//!     "ranked_by": "likely",          what "ideas" is sorted by (highest first, ties by
//!                                     title); "likely" is run_rate_per_period
//!     "ideas": [ {
//!       "rank", "id", "title", "pair" (id or null), "pair_label" (names or null),
//!       "effect",                     lift_conversion | recover_losses | grow_volume | grow_deal_size
//!       "step", "step_label",         null for volume and deal size
//!       "cause",                      recover_losses only: the reason code, or null for all losses
//!       "unit",                       "pts" (conversion points) or "%"
//!       "estimate": { "low", "likely", "high" },
//!       "effect_summary",             the effect in one readable line
//!       "run_rate_low", "run_rate_per_period", "run_rate_high",
//!                                     gain per period once working, at each point of the estimate
//!       "run_rate_expected",          (low + 4·likely + high) / 6
//!       "run_rate_per_year",          run_rate_per_period · periods_per_year
//!       "landing_next_91_days", "landing_next_12_months",
//!                                     likely gain that arrives within 91 / 365 days
//!       "run_rate_per_year_per_effort_day",  effort below 1 day counts as 1
//!       "delay_days",                 lead time plus the funnel's lag
//!       "effort_days", "lead_time_days", "votes" (dots), "in_plan", "notes"
//!     } ],
//!     "plan": {
//!       "ideas": [ { "id", "title" } ],   plan ideas found in the session, in plan order
//!       "outcome": { "ideas", "samples", "seed",
//!                    "p10", "p50", "p90", "mean",   the plan's run-rate per period, simulated
//!                    "together",                    = run_rate_per_period
//!                    "sum_alone" },                 each idea's run-rate alone, added up
//!       "run_rate_per_period",                      all plan ideas at likely, applied together
//!       "run_rate_per_year",
//!       "landing_next_91_days", "landing_next_12_months"
//!     },
//!     "vocabulary": [ { "key", "name", "legend" } ]  every money figure: its field name
//!                                     here and in the CSV, its heading ("Run-rate per
//!                                     quarter") and what it means, in reading order
//!     "commitments": {                what the room committed to (MODEL.md §6–§7)
//!       "check_in": "2027-02-26",     the next check-in date, or null
//!       "actions": [ {                in the session's order
//!         "number",                   from 1
//!         "title", "owner", "team" (or null), "idea" (id or null), "idea_title",
//!         "due" ("YYYY-MM-DD" or null),
//!         "status" (Open | Done | Partly | NotDone | Dropped), "kpi" (name or null),
//!         "smart_marks",              "S✓ M✓ A✗ R? T✓"
//!         "smart": [ { "letter", "check" (pass | fail | unknown), "reason" } ],  S M A R T
//!         "carried", "note"           carried over from the session followed up; the
//!                                     check-in's note
//!       } ],
//!       "kpis": [ {                   in the session's order
//!         "name", "definition", "kind" (Managed | Monitored), "team",
//!         "measure",                  what it measures in words ("MQL → SAL conversion", "typed")
//!         "tied",                     true: baseline from the session, plan_target from the plan
//!         "unit",                     "%", "days", "prospects per quarter", "EUR per quarter" …
//!         "cadence",                  Weekly | Monthly | Quarterly
//!         "baseline", "plan_target", "target", "actual",  numbers in the unit, or null
//!                                     (a conversion in percent: 55.2 means 55.2 %)
//!         "target_source",            "typed" | "plan" | null (no target)
//!         "unbound"                   why a tied KPI has no figures (its stage is gone), or null
//!       } ],
//!       "team_goals": [ { "team", "kpi" (or null), "text", "typed" } ],
//!                                     one per managed KPI (generated unless typed), then
//!                                     the goals typed without a KPI
//!       "agreement": [ {              the hand-off agreement, one per stage, top first
//!         "stage", "name", "team", "definition" (entry criteria, "" when none),
//!         "handoff": { "step_label", "from_team", "to_team", "direction" ("Marketing → Sales"),
//!                      "service_level", "on_reject" }  where the owning team changes, else null
//!       } ],
//!       "who_changes_more": {
//!         "teams": [ { "team", "controllable", "share", "sentence" } ],  marketing, sales, shared:
//!                                     controllable value lost per period its own internal
//!                                     causes explain, its fraction of all teams', in words
//!         "controllable_total",       all teams' controllable value lost per period
//!         "external", "external_sentence"  the value lost per period to external causes
//!       },
//!       "reverse_funnel": {           null when the session has no revenue target
//!         "revenue_target_per_period",
//!         "stages": [ { "stage", "name", "count_today",
//!                       "needed_today", "needed_plan",   prospects the stage must see at today's /
//!                                     the plan's likely conversions (not rounded; reports round
//!                                     up), null when unreachable
//!                       "today_unreachable", "plan_unreachable" } ]  why, in words, or null
//!       }
//!     },
//!     "review": {                     only for a follow-up (docs/MODEL-additions.md §8a)
//!       "previous": { "path", "title", "date" },  the session followed up
//!       "counts_in",                  false until this period's top count is above 0
//!       "revenue_then", "revenue_now",  per period now (then scaled to this period)
//!       "steps": [ { "label",         every step now, matched by stage names
//!                    "then", "now": { "conversion", "lost", "value_lost" } or null } ],
//!       "gone": [ "SQL → Opp" ],      last time's steps this funnel does not have
//!       "ideas": [ { "id", "title", "kind", "acts_on", "unit" (points | percent),
//!                    "predicted": { "low", "likely", "high" },  changes as fractions
//!                    "observed",      the change seen, a fraction, or null
//!                    "judgement": { "kind": "judged", "verdict" (inside | below | above) }
//!                               | { "kind": "shared", "with" [ids], "combined", "verdict" }
//!                               | { "kind": "unjudged", "why" } } ],
//!       "calibration": { "judged", "inside" },
//!       "kpis": [ { "name", "kind", "unit", "baseline_then", "target", "actual",
//!                   "up" (higher is better), "met", "gap" (actual − target), "why" } ],
//!       "actions": { "open", "done", "partly", "not_done", "dropped" },  carried over only
//!       "carried": [ { "title", "owner", "due", "status", "note" } ]
//!     },
//!     "trend": { "period", "sessions", "steps", "kpis", "actions" }
//!                                     only for a follow-up exported with its history (the
//!                                     CLI and the app's export-all load it): per session of
//!                                     the chain, oldest first, the figures `funnelcheck
//!                                     history --json` prints,
//!     "segments": {                   only with segments or a CRM import (docs/MODEL-additions.md §9a)
//!       "source": {                   the last import, or null when the segments were not imported
//!         "file",                     the export's file name
//!         "mode", "mode_words",       "flow" | "cohort", and what it counts in words
//!         "from", "to",               the period counted ("YYYY-MM-DD" or null)
//!         "rows_used",
//!         "edited_by_hand": [ "MQL" ] stages whose count differs from what the import wrote
//!       },
//!       "segments": [ { "name",       each segment a funnel of its own, in the session's order
//!                       "top_count", "won", "deal_size", "revenue_per_period",
//!                       "value_lost_ceiling",   Σ_k V_{s,k} at the segment's own rates: does
//!                                     not add up to the whole funnel's
//!                       "value_lost_share" } ],  its fraction of all segments' value lost
//!       "leakiest": { "name", "value_lost", "share" },  the segment that leaks most value, or null
//!       "loss_kinds": {               the whole funnel, weighted by the prospects each step loses:
//!         "lost",                     prospects lost that the shares are of
//!         "no_decision", "competitor",  fractions, side by side and never added together
//!         "price_or_value", "timing", "bad_fit",
//!         "unknown"                   unknown reasons, "no reason given", and the unexplained part
//!       },
//!       "steps": [ { "step", "label",
//!                    "loss_kinds": { … },   as above, for the step
//!                    "reasons": {     the reason × segment table, or null when no segment lost
//!                                     records at the step
//!                      "reasons": [ "no decision" ],  most lost records first
//!                      "segments": [ "Retail" ],
//!                      "cells": [ [ { "count", "share" (of the segment's lost records at the step),
//!                                     "largest" (among the largest cells) } ] ],  [reason][segment]
//!                      "totals": [ 30 ]   lost records per segment at the step
//!                    } } ]
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
pub const FORMAT_VERSION: u32 = 4;

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
