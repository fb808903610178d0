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
//! Money columns are named in the app's one money vocabulary
//! (`format::Figure`; the JSON export and its `derived.vocabulary` use the
//! same names), so a column means what the screen, the CLI and the reports
//! call it:
//!   run_rate_per_period       what a fix adds every period once it is
//!                             working, likely estimate ("Run-rate per quarter")
//!   run_rate_low/_high        the same run-rate at the low / high estimate
//!   run_rate_expected         (low + 4 × likely + high) / 6
//!   run_rate_per_year         run_rate_per_period × periods per year
//!   landing_next_91_days      likely gain that actually arrives in the next 91
//!                             days, after lead time and the funnel's lag
//!   landing_next_12_months    the same for the next 365 days
//!   value_lost_ceiling        V_k: what a step's lost prospects would have
//!                             brought had they gone on like the rest; a
//!                             ceiling, not a forecast
//!   recover_10pct             what winning back 10 % of a step's losses would
//!                             add per period: the realistic figure
//!   controllable              the part of value_lost_ceiling that internal
//!                             causes explain (MODEL.md §6)
//!
//! `ideas.csv`, one row per idea, best first by run_rate_per_period:
//!   rank                      1 = the highest run-rate (ties by title)
//!   id, title                 as in the session
//!   pair_id, pair             the pair that proposed it (empty: none)
//!   effect                    lift_conversion | recover_losses | grow_volume | grow_deal_size
//!   step, step_label          the step it works on, from 1, and "MQL → SAL"
//!                             (empty for volume and deal size)
//!   cause                     the loss cause it recovers (empty: all losses)
//!   unit                      pts (conversion points) or %
//!   estimate_low/_likely/_high  the three-point estimate, in `unit`
//!   run_rate_low, run_rate_per_period, run_rate_high, run_rate_expected,
//!   run_rate_per_year, landing_next_91_days, landing_next_12_months
//!                             as above
//!   run_rate_per_year_per_effort_day  run_rate_per_year / max(1, effort_days)
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
//!   value_lost_ceiling, recover_10pct, controllable   as above
//!   value_lost_external       the part of the ceiling external causes explain
//!   value_lost_unexplained    the part no cause explains
//!   unexplained_share_percent the share of the losses no cause explains
//!   plus_1pt                  what one more point of conversion adds per period
//!   sensitivity_rank          1 = where recovering 10 % is worth most
//!
//! `actions.csv`, one row per action, in the session's order:
//!   number                    from 1, the action's place in the list
//!   title, owner, team        as in the session (team empty: none)
//!   idea_id, idea             the idea it carries out (empty: free-standing)
//!   due                       YYYY-MM-DD (empty: no date)
//!   status                    open | done | dropped
//!   kpi                       the KPI it moves, by name
//!   smart                     the SMART marks, "S✓ M✓ A✗ R? T✓"
//!   specific, measurable, assigned, realistic, time_bound
//!                             pass | fail | unknown, one column per letter
//!   smart_unmet               the letters that did not pass, each with its
//!                             reason, separated by " · "
//!
//! `kpis.csv`, one row per KPI, in the session's order:
//!   name, definition          as in the session
//!   kind                      managed | monitored
//!   team                      marketing | sales | shared
//!   measure                   what it measures ("MQL → SAL conversion", "typed")
//!   unit                      "%", "days", "prospects per quarter", "EUR" …
//!   cadence                   weekly | monthly | quarterly
//!   baseline, plan_target, target, actual   numbers in `unit` (money to
//!                             cents; a conversion in percent, 55.2 = 55.2 %)
//!   target_source             typed | plan (empty: no target)
//!   unbound                   why a KPI tied to the funnel has no figures
//!                             (its stage is gone); empty otherwise
//!   tied                      true when tied to the funnel: the baseline comes
//!                             from the session and plan_target from the plan
//!
//! `segments.csv`, only for an imported or segmented funnel, one row per
//! segment in the session's order:
//!   segment                   its name ("Retail", "Retail · EMEA")
//!   top_count, won            prospects at the top; won deals per period
//!   deal_size, revenue_per_period, value_lost_ceiling   the segment as a
//!                             funnel of its own (value lost does not add up
//!                             across segments to the whole funnel's)
//!   value_lost_share          its fraction of all segments' value lost
//!   leaks_most                true for the segment that leaks most value
//!
//! `loss-kinds.csv`, with `segments.csv`: one row per step (from 1), then
//! the whole funnel (empty step, label "whole funnel"):
//!   step, label, lost         prospects lost the shares are of
//!   no_decision, competitor, price_or_value, timing, bad_fit, unknown
//!                             fractions of the prospects lost; no decision
//!                             and competitor side by side, never added
//!
//! Formula injection (OWASP's "CSV injection"): in every file, a text
//! cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets
//! a leading `'`, so a spreadsheet shows it as text instead of running it as
//! a formula. That holds for text the app writes itself too (an effect
//! summary "+0.5 / 1 / 2 pts conversion" is written `'+0.5 / 1 / 2 pts
//! conversion`). Number columns are never prefixed: every cell is typed
//! ([`Cell`]) as text or number, so a negative number stays a number.

use super::ExportError;
use super::commit::KpiRow;
use super::report::Report;
use super::review::{CsvCell, REVIEW_HEADER, REVIEW_STEPS_HEADER};
use super::segments::{LOSS_KINDS_HEADER, SEGMENTS_HEADER};
use crate::model::KpiUnit;

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
    "run_rate_low",
    "run_rate_per_period",
    "run_rate_high",
    "run_rate_expected",
    "run_rate_per_year",
    "landing_next_91_days",
    "landing_next_12_months",
    "run_rate_per_year_per_effort_day",
    "delay_days",
    "effort_days",
    "lead_time_days",
    "votes",
    "in_plan",
    "summary",
    "notes",
];

pub const STEPS_HEADER: [&str; 19] = [
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
    "value_lost_ceiling",
    "recover_10pct",
    "controllable",
    "value_lost_external",
    "value_lost_unexplained",
    "unexplained_share_percent",
    "plus_1pt",
    "sensitivity_rank",
];

/// Money to cents; an amount that rounds to zero cents is `0.00`, never
/// `-0.00`.
fn money(v: f64) -> String {
    if v.is_finite() {
        let v = if v.abs() < 0.005 { 0.0 } else { v };
        format!("{v:.2}")
    } else {
        String::new()
    }
}

/// Any other number, shortest form that reads back exactly (`-0` as `0`).
fn num(v: f64) -> String {
    if v.is_finite() {
        format!("{}", v + 0.0)
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

pub const ACTIONS_HEADER: [&str; 18] = [
    "number",
    "title",
    "owner",
    "team",
    "idea_id",
    "idea",
    "due",
    "status",
    "kpi",
    "smart",
    "specific",
    "measurable",
    "assigned",
    "realistic",
    "time_bound",
    "smart_unmet",
    "carried",
    "note",
];

pub const KPIS_HEADER: [&str; 14] = [
    "name",
    "definition",
    "kind",
    "team",
    "measure",
    "unit",
    "cadence",
    "baseline",
    "plan_target",
    "target",
    "actual",
    "target_source",
    "unbound",
    "tied",
];

/// The tables of the CSV export.
pub struct Tables {
    pub ideas: String,
    pub steps: String,
    pub actions: String,
    pub kpis: String,
    /// review.csv and review-steps.csv, for a follow-up.
    pub review: Option<(String, String)>,
    /// segments.csv and loss-kinds.csv, for an imported or segmented funnel.
    pub segments: Option<(String, String)>,
}

pub fn render(r: &Report) -> Result<Tables, ExportError> {
    Ok(Tables {
        ideas: ideas(r)?,
        steps: steps(r)?,
        actions: actions(r)?,
        kpis: kpis(r)?,
        review: match &r.review {
            Some(part) => Some((
                review_table(&REVIEW_HEADER, super::review::csv_rows(part))?,
                review_table(&REVIEW_STEPS_HEADER, super::review::csv_step_rows(part))?,
            )),
            None => None,
        },
        segments: match &r.segments {
            Some(part) => Some((
                review_table(&SEGMENTS_HEADER, super::segments::csv_rows(part))?,
                review_table(&LOSS_KINDS_HEADER, super::segments::csv_kind_rows(part))?,
            )),
            None => None,
        },
    })
}

/// One cell of a row, typed, so the one neutralising rule ([`text`])
/// reaches every text cell and never a number.
enum Cell {
    /// Anything a person or the app wrote in words: neutralised.
    Text(String),
    /// A number rendered by [`money`] or [`num`] (or an integer, or empty
    /// for none): written as is, a minus sign included.
    Num(String),
}

/// A text cell; `None` is an empty cell.
fn t(cell: impl Into<Option<String>>) -> Cell {
    Cell::Text(cell.into().unwrap_or_default())
}

fn t_str(cell: &str) -> Cell {
    Cell::Text(cell.to_string())
}

/// A number cell.
fn n(cell: impl ToString) -> Cell {
    Cell::Num(cell.to_string())
}

/// An optional number cell; `None` is an empty cell.
fn opt_n(cell: Option<impl ToString>) -> Cell {
    Cell::Num(cell.map_or_else(String::new, |c| c.to_string()))
}

/// Writes one row, every text cell through [`text`].
fn write_row(
    w: &mut ::csv::Writer<Vec<u8>>,
    cells: impl IntoIterator<Item = Cell>,
) -> Result<(), ExportError> {
    let record: Vec<String> = cells
        .into_iter()
        .map(|c| match c {
            Cell::Text(s) => text(&s),
            Cell::Num(s) => s,
        })
        .collect();
    w.write_record(&record).map_err(encode_err)
}

/// A text cell a spreadsheet will not run: text starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return (what Excel, LibreOffice and Google
/// Sheets read as a formula, OWASP's list) gets a leading `'`.
fn text(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// A check-in table: every cell through the same number, money and
/// neutralising rules as the other tables.
fn review_table(header: &[&str], rows: Vec<Vec<CsvCell>>) -> Result<String, ExportError> {
    let mut w = ::csv::Writer::from_writer(Vec::with_capacity(256 + rows.len() * 200));
    w.write_record(header).map_err(encode_err)?;
    for row in rows {
        let cells = row.into_iter().map(|c| match c {
            CsvCell::Text(s) => t(s),
            CsvCell::Num(v) => Cell::Num(v.map_or_else(String::new, num)),
            CsvCell::Money(v) => Cell::Num(v.map_or_else(String::new, money)),
        });
        write_row(&mut w, cells)?;
    }
    finish(w)
}

fn actions(r: &Report) -> Result<String, ExportError> {
    let rows = &r.commitments.actions;
    let mut w = ::csv::Writer::from_writer(Vec::with_capacity(256 + rows.len() * 300));
    w.write_record(ACTIONS_HEADER).map_err(encode_err)?;
    for a in rows {
        let mut record = vec![
            n(a.number),
            t_str(&a.title),
            t_str(&a.owner),
            t(a.team.map(|t| t.label().to_string())),
            opt_n(a.idea),
            t(a.idea_title.clone()),
            t(a.due.map(|d| d.format("%Y-%m-%d").to_string())),
            t_str(a.status.label()),
            t(a.kpi.clone()),
            t_str(&a.smart_marks),
        ];
        record.extend(a.smart.iter().map(|l| t(l.check.to_string())));
        record.push(t(a.unmet().join(" · ")));
        record.push(t_str(if a.carried { "yes" } else { "no" }));
        record.push(t_str(&a.note));
        write_row(&mut w, record)?;
    }
    finish(w)
}

/// A KPI figure in its unit: money to cents like every money cell, anything
/// else at full precision.
fn kpi_num(k: &KpiRow, v: Option<f64>) -> Cell {
    Cell::Num(match (v, &k.kpi_unit) {
        (None, _) => String::new(),
        (Some(v), KpiUnit::Money | KpiUnit::MoneyPerPeriod) => money(v),
        (Some(v), _) => num(v),
    })
}

fn kpis(r: &Report) -> Result<String, ExportError> {
    let rows = &r.commitments.kpis;
    let mut w = ::csv::Writer::from_writer(Vec::with_capacity(256 + rows.len() * 300));
    w.write_record(KPIS_HEADER).map_err(encode_err)?;
    for k in rows {
        write_row(
            &mut w,
            [
                t_str(&k.name),
                t_str(&k.definition),
                t_str(k.kind.label()),
                t_str(k.team.label()),
                t_str(&k.measure),
                t_str(&k.unit),
                t_str(k.cadence.label()),
                kpi_num(k, k.baseline),
                kpi_num(k, k.plan_target),
                kpi_num(k, k.target),
                kpi_num(k, k.actual),
                t_str(k.target_source.unwrap_or_default()),
                t(k.unbound.clone()),
                t(k.tied.to_string()),
            ],
        )?;
    }
    finish(w)
}

fn ideas(r: &Report) -> Result<String, ExportError> {
    let mut w = ::csv::Writer::from_writer(Vec::with_capacity(512 + r.ideas.len() * 400));
    w.write_record(IDEAS_HEADER).map_err(encode_err)?;
    for i in &r.ideas {
        let g = &i.figures;
        write_row(
            &mut w,
            [
                n(i.rank),
                n(i.id),
                t_str(&i.title),
                opt_n(i.pair),
                t(i.pair_label.clone()),
                t(i.effect.to_string()),
                opt_n(i.step.map(|k| k + 1)),
                t(i.step_label.clone()),
                t(i.cause.clone()),
                t(i.unit.to_string()),
                n(num(i.estimate.low)),
                n(num(i.estimate.likely)),
                n(num(i.estimate.high)),
                n(money(g.run_rate_low)),
                n(money(g.run_rate_per_period)),
                n(money(g.run_rate_high)),
                n(money(g.run_rate_expected)),
                n(money(g.run_rate_per_year)),
                n(money(g.landing_next_91_days)),
                n(money(g.landing_next_12_months)),
                n(money(g.run_rate_per_year_per_effort_day)),
                n(num(g.delay_days)),
                n(num(i.effort_days)),
                n(num(i.lead_time_days)),
                n(i.votes),
                t(i.in_plan.to_string()),
                t_str(&i.effect_summary),
                t_str(&i.notes),
            ],
        )?;
    }
    finish(w)
}

fn steps(r: &Report) -> Result<String, ExportError> {
    let mut w = ::csv::Writer::from_writer(Vec::with_capacity(256 + r.steps.len() * 200));
    w.write_record(STEPS_HEADER).map_err(encode_err)?;
    for s in &r.steps {
        write_row(
            &mut w,
            [
                n(s.step + 1),
                t_str(&s.label),
                t_str(&s.from_stage),
                t_str(&s.to_stage),
                t_str(s.team.label()),
                n(num(s.count_from)),
                n(num(s.count_to)),
                n(num(s.conversion)),
                n(num(s.lost)),
                n(num(s.lost_share)),
                n(num(s.downstream)),
                n(money(s.value_lost_ceiling)),
                n(money(s.recover_10pct)),
                n(money(s.controllable)),
                n(money(s.value_lost_external)),
                n(money(s.value_lost_unexplained)),
                n(num(s.unexplained_share)),
                n(money(s.plus_1pt)),
                n(s.sensitivity_rank),
            ],
        )?;
    }
    finish(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cells_that_a_spreadsheet_would_run_get_a_quote() {
        for cell in ["=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(text(cell), format!("'{cell}"), "{cell:?}");
        }
        for cell in ["Rescore MQLs", "", "x=1", "'quoted", "1 - 2", "€5"] {
            assert_eq!(text(cell), cell, "{cell:?}");
        }
    }

    fn row(cells: Vec<Cell>) -> String {
        let mut w = ::csv::Writer::from_writer(Vec::new());
        let written = write_row(&mut w, cells);
        assert!(written.is_ok());
        finish(w).unwrap_or_default()
    }

    #[test]
    fn numbers_stay_numbers_and_text_is_neutralised_in_one_row() {
        assert_eq!(
            row(vec![
                n(money(-12.5)),
                n(num(-0.25)),
                n(-3),
                opt_n(None::<u32>),
                t_str("-12.5"),
                t_str("=HYPERLINK(\"http://x\",\"y\")"),
                t(None),
                t(Some("+0.5 / 1 / 2 pts conversion".to_string())),
            ]),
            "-12.50,-0.25,-3,,'-12.5,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",,'+0.5 / 1 / 2 pts conversion\n"
        );
    }
}
