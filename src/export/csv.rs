//! `ideas.csv` (one row per idea, ranked) and `steps.csv` (one row per step)
//! for spreadsheets. RFC 4180 quoting by the `csv` crate, so commas, quotes
//! and newlines in titles and notes stay inside their cell.
//!
//! Numbers are machine-readable: a dot for decimals, no thousands
//! separators, no currency. Money is per session period (see the JSON's
//! `derived.period`), rounded to cents; shares and conversions are fractions
//! (0.25 = 25 %) except cause shares, which stay in percent like the session;
//! an empty cell means "none" (no pair, no step).
//!
//! Steps are numbered from 1, top of the funnel first, as on every screen:
//! step 1 is the move from the first stage to the second.
//!
//! `ideas.csv`, one row per idea, best first by likely gain:
//!   rank                      1 = the highest likely gain (ties by title)
//!   id, title                 as in the session
//!   pair_id, pair             the pair that proposed it (empty: none)
//!   effect                    lift_conversion | recover_losses | grow_volume | grow_deal_size
//!   step, step_label          the step it works on, from 1, and "MQL → SAL"
//!                             (empty for volume and deal size)
//!   cause                     the loss cause it recovers (empty: all losses)
//!   unit                      pts (conversion points) or %
//!   estimate_low/_likely/_high  the three-point estimate, in `unit`
//!   gain_low/_likely/_high    revenue gain per period at each point
//!   gain_expected             PERT mean (low + 4·likely + high) / 6
//!   gain_annual               likely gain · periods per year
//!   gain_this_quarter/_year   likely gain landing within 91 / 365 days
//!   annual_gain_per_effort_day  gain_annual / max(1, effort_days)
//!   delay_days                lead time plus the funnel's lag
//!   effort_days, lead_time_days  as in the session
//!   votes                     dots the room gave it
//!   in_plan                   true when the committed plan holds it
//!   summary, notes            the effect in words; the pair's notes
//!
//! `steps.csv`, one row per step, top first:
//!   step                      from 1
//!   label, from_stage, to_stage, team   "MQL → SAL", both stages, the team
//!                             owning the stage the step leaves
//!   count_from, count_to      N_k and N_{k+1}
//!   conversion                c_k (0 when nobody reached the stage)
//!   lost, lost_share          L_k prospects and 1 − c_k (0 when nobody
//!                             reached the stage: nobody was lost)
//!   downstream                d_k, the conversion after this step
//!   value_lost                V_k = L_k · d_k · deal size
//!   unexplained_share_percent the part of the losses no cause explains
//!   recover_10pct_gain, plus_1pt_gain  stage sensitivity (MODEL.md §4)
//!   sensitivity_rank          1 = where recovering 10 % is worth most

use super::ExportError;
use super::report::Report;

pub const IDEAS_HEADER: [&str; 28] = [
    "rank",
    "id",
    "title",
    "pair_id",
    "pair",
    "effect",
    "step",
    "step_label",
    "cause",
    "unit",
    "estimate_low",
    "estimate_likely",
    "estimate_high",
    "gain_low",
    "gain_likely",
    "gain_high",
    "gain_expected",
    "gain_annual",
    "gain_this_quarter",
    "gain_this_year",
    "annual_gain_per_effort_day",
    "delay_days",
    "effort_days",
    "lead_time_days",
    "votes",
    "in_plan",
    "summary",
    "notes",
];

pub const STEPS_HEADER: [&str; 16] = [
    "step",
    "label",
    "from_stage",
    "to_stage",
    "team",
    "count_from",
    "count_to",
    "conversion",
    "lost",
    "lost_share",
    "downstream",
    "value_lost",
    "unexplained_share_percent",
    "recover_10pct_gain",
    "plus_1pt_gain",
    "sensitivity_rank",
];

/// Money to cents.
fn money(v: f64) -> String {
    if v.is_finite() {
        format!("{v:.2}")
    } else {
        String::new()
    }
}

/// Any other number, shortest form that reads back exactly.
fn num(v: f64) -> String {
    if v.is_finite() {
        format!("{v}")
    } else {
        String::new()
    }
}

fn encode_err(e: impl std::fmt::Display) -> ExportError {
    ExportError::Encode {
        format: "CSV",
        message: e.to_string(),
    }
}

fn finish(w: ::csv::Writer<Vec<u8>>) -> Result<String, ExportError> {
    let bytes = w.into_inner().map_err(encode_err)?;
    String::from_utf8(bytes).map_err(encode_err)
}

pub fn render(r: &Report) -> Result<(String, String), ExportError> {
    Ok((ideas(r)?, steps(r)?))
}

fn ideas(r: &Report) -> Result<String, ExportError> {
    let mut w = ::csv::Writer::from_writer(Vec::with_capacity(512 + r.ideas.len() * 400));
    w.write_record(IDEAS_HEADER).map_err(encode_err)?;
    for i in &r.ideas {
        let g = &i.gains;
        w.write_record([
            i.rank.to_string(),
            i.id.to_string(),
            i.title.clone(),
            i.pair.map_or_else(String::new, |p| p.to_string()),
            i.pair_label.clone().unwrap_or_default(),
            i.effect.to_string(),
            i.step.map_or_else(String::new, |k| (k + 1).to_string()),
            i.step_label.clone().unwrap_or_default(),
            i.cause.clone().unwrap_or_default(),
            i.unit.to_string(),
            num(i.estimate.low),
            num(i.estimate.likely),
            num(i.estimate.high),
            money(g.low),
            money(g.likely),
            money(g.high),
            money(g.expected),
            money(g.annual),
            money(g.quarter),
            money(g.year),
            money(g.per_effort),
            num(g.delay_days),
            num(i.effort_days),
            num(i.lead_time_days),
            i.votes.to_string(),
            i.in_plan.to_string(),
            i.effect_summary.clone(),
            i.notes.clone(),
        ])
        .map_err(encode_err)?;
    }
    finish(w)
}

fn steps(r: &Report) -> Result<String, ExportError> {
    let mut w = ::csv::Writer::from_writer(Vec::with_capacity(256 + r.steps.len() * 200));
    w.write_record(STEPS_HEADER).map_err(encode_err)?;
    for s in &r.steps {
        w.write_record([
            (s.step + 1).to_string(),
            s.label.clone(),
            s.from_stage.clone(),
            s.to_stage.clone(),
            s.team.label().to_string(),
            num(s.count_from),
            num(s.count_to),
            num(s.conversion),
            num(s.lost),
            num(s.lost_share),
            num(s.downstream),
            money(s.value_lost),
            num(s.unexplained_share),
            money(s.recover_10pct),
            money(s.plus_1pt),
            s.sensitivity_rank.to_string(),
        ])
        .map_err(encode_err)?;
    }
    finish(w)
}
