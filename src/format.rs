//! How numbers read to people: money in the session's currency with
//! thousands separators, counts, percentages. One place, so the CLI, the TUI
//! and every export agree to the digit.

use num_format::{Locale, ToFormattedString};

use crate::model::{Calibration, ChangeUnit, IdeaCheck, Judgement, KpiCheck, KpiUnit, RankBy};
use crate::session::Period;

/// A whole number with thousands separators: `1234567.4` → `1,234,567`.
pub fn count(v: f64) -> String {
    if !v.is_finite() {
        return "—".to_string();
    }
    let rounded = v.round();
    let digits = (rounded.abs() as u64).to_formatted_string(&Locale::en);
    if rounded < 0.0 {
        format!("-{digits}")
    } else {
        digits
    }
}

/// An amount in `currency`: a symbol sticks to the number (`$1,200`), a code
/// gets a space (`EUR 1,200`). Whole units: workshop figures are estimates.
pub fn money(v: f64, currency: &str) -> String {
    let sign = if v.round() < 0.0 { "-" } else { "" };
    let digits = count(v.abs());
    let is_symbol = currency.chars().count() == 1 && !currency.chars().all(char::is_alphanumeric);
    if currency.is_empty() {
        format!("{sign}{digits}")
    } else if is_symbol {
        format!("{sign}{currency}{digits}")
    } else {
        format!("{sign}{currency} {digits}")
    }
}

/// A short amount for narrow columns: `1.8M`, `540k`, `950`.
///
/// One rounding rule for every screen and export: to the shown digit, half
/// away from zero, on the decimal value (so 2.25M → 2.3M and 6.75M → 6.8M;
/// `format!("{:.1}")` would round the binary value half to even and give
/// 2.2M beside 6.8M). The unit is picked after rounding, so 999,960 reads
/// 1.0M, never 1000k.
pub fn money_short(v: f64, currency: &str) -> String {
    let a = v.abs();
    let body = short_body(a);
    let sign = if v < 0.0 && body != "0" { "-" } else { "" };
    let is_symbol = currency.chars().count() == 1 && !currency.chars().all(char::is_alphanumeric);
    if is_symbol {
        format!("{sign}{currency}{body}")
    } else {
        format!("{sign}{body}")
    }
}

/// `a` (≥ 0) in the unit its rounded value belongs to.
fn short_body(a: f64) -> String {
    if !a.is_finite() {
        return "—".to_string();
    }
    // One division by the size of the last shown digit, then `round` (half
    // away from zero): for whole amounts the quotient is exact whenever the
    // decimal value is representable, so 2,250,000 / 100,000 is exactly 22.5.
    let steps = |digit: f64| (a / digit).round();
    let units = steps(1.0);
    if units < 1_000.0 {
        return format!("{units:.0}");
    }
    let hundreds = steps(100.0);
    if hundreds < 100.0 {
        return format!("{:.1}k", hundreds / 10.0);
    }
    let thousands = steps(1e3);
    if thousands < 1_000.0 {
        return format!("{thousands:.0}k");
    }
    let tenths_m = steps(1e5);
    if tenths_m < 10_000.0 {
        return format!("{:.1}M", tenths_m / 10.0);
    }
    format!("{:.1}B", steps(1e8) / 10.0)
}

/// The money figures a workshop talks about. Each has one name, used by
/// every screen, CLI table and export, so a director never has to ask
/// which of two numbers to book. All are amounts in the session's currency,
/// formatted by [`money`] (whole units) or [`money_short`] (one decimal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Figure {
    /// Revenue per period at today's funnel: `R`.
    Revenue,
    /// What a fix (or the plan) adds every period once it is working: `G`
    /// at the likely estimate.
    RunRate,
    /// The run-rate over a year: `G · periods per year`.
    RunRateYear,
    /// The PERT mean of the run-rate, `(low + 4·likely + high) / 6`.
    Expected,
    /// Of the run-rate at the low and high estimates.
    Low,
    High,
    /// The Monte Carlo percentiles and mean of the plan's run-rate.
    P10,
    P50,
    P90,
    Mean,
    /// Likely gain that actually arrives in the next 91 days, after lead
    /// time and the funnel's lag.
    Next91Days,
    /// The same for the next 12 months (365 days).
    Next12Months,
    /// `V_k`: what a step's lost prospects would have brought had they gone
    /// on like the rest. A ceiling, never a forecast.
    ValueLostCeiling,
    /// What recovering 10 % of a step's losses would add per period: the
    /// realistic figure beside the ceiling.
    Recover10,
    /// The part of the ceiling that internal causes explain (MODEL.md §6).
    Controllable,
    /// The revenue per period the room aims for, which the reverse funnel
    /// works back from (MODEL.md §7).
    RevenueTarget,
}

impl Figure {
    /// Every figure, in the order a legend explains them.
    pub const ALL: [Figure; 16] = [
        Figure::Revenue,
        Figure::RunRate,
        Figure::Low,
        Figure::High,
        Figure::Expected,
        Figure::RunRateYear,
        Figure::P10,
        Figure::P50,
        Figure::P90,
        Figure::Mean,
        Figure::Next91Days,
        Figure::Next12Months,
        Figure::ValueLostCeiling,
        Figure::Recover10,
        Figure::Controllable,
        Figure::RevenueTarget,
    ];

    /// The full name, for headings and first mentions:
    /// "Run-rate per quarter", "Landing in the next 91 days".
    pub fn name(self, period: Period) -> String {
        let p = period.label();
        match self {
            Figure::Revenue => format!("Revenue per {p}"),
            Figure::RunRate => format!("Run-rate per {p}"),
            Figure::RunRateYear => "Run-rate per year".to_string(),
            Figure::Expected => format!("Expected run-rate per {p} (PERT)"),
            Figure::Low => format!("Run-rate per {p}, low estimate"),
            Figure::High => format!("Run-rate per {p}, high estimate"),
            Figure::P10 => format!("Run-rate per {p}, P10"),
            Figure::P50 => format!("Run-rate per {p}, P50"),
            Figure::P90 => format!("Run-rate per {p}, P90"),
            Figure::Mean => format!("Run-rate per {p}, mean"),
            Figure::Next91Days => "Landing in the next 91 days".to_string(),
            Figure::Next12Months => "Landing in the next 12 months".to_string(),
            Figure::ValueLostCeiling => format!("Value lost per {p} (ceiling)"),
            Figure::Recover10 => format!("Recover 10 % per {p}"),
            Figure::Controllable => format!("Controllable per {p}"),
            Figure::RevenueTarget => format!("Revenue target per {p}"),
        }
    }

    /// The column heading: short enough for a table at 80 columns, and the
    /// same words as [`Figure::name`].
    pub fn short(self, period: Period) -> String {
        let p = period_short(period);
        match self {
            Figure::Revenue => format!("Revenue/{p}"),
            Figure::RunRate => format!("Run-rate/{p}"),
            Figure::RunRateYear => "Run-rate/yr".to_string(),
            Figure::Expected => "Expected".to_string(),
            Figure::Low => "Low".to_string(),
            Figure::High => "High".to_string(),
            Figure::P10 => "P10".to_string(),
            Figure::P50 => "P50".to_string(),
            Figure::P90 => "P90".to_string(),
            Figure::Mean => "Mean".to_string(),
            Figure::Next91Days => "Next 91 days".to_string(),
            Figure::Next12Months => "Next 12 months".to_string(),
            Figure::ValueLostCeiling => format!("Value lost/{p}"),
            Figure::Recover10 => "Recover 10 %".to_string(),
            Figure::Controllable => "Controllable".to_string(),
            Figure::RevenueTarget => format!("Target/{p}"),
        }
    }

    /// One line that says what the figure is, for the legend where it first
    /// appears (screens' help lines, the CLI's footnotes, the exports).
    pub fn legend(self, period: Period) -> String {
        let p = period.label();
        match self {
            Figure::Revenue => format!("what the funnel brings in a {p} today: won × deal size"),
            Figure::RunRate => format!("what a fix adds every {p} once it is working (likely estimate)"),
            Figure::RunRateYear => format!("the run-rate per {p} over a whole year"),
            Figure::Expected => "the run-rate weighted over low, likely and high: (low + 4 × likely + high) / 6".to_string(),
            Figure::Low | Figure::High => format!("the run-rate per {p} at the low or high estimate of the effect"),
            Figure::P10 | Figure::P50 | Figure::P90 | Figure::Mean => format!(
                "the plan's run-rate per {p} in a seeded simulation: 9 in 10 runs beat P10, half beat P50, 1 in 10 beats P90"
            ),
            Figure::Next91Days => "the likely gain that actually arrives in the next 91 days, after lead time and the funnel's lag".to_string(),
            Figure::Next12Months => "the likely gain that actually arrives in the next 12 months, after lead time and the funnel's lag".to_string(),
            Figure::ValueLostCeiling => format!(
                "what a step's lost prospects would have brought a {p} had they gone on like the rest: a ceiling, not a forecast"
            ),
            Figure::Recover10 => format!("what winning back 10 % of a step's losses would add a {p}: the realistic figure"),
            Figure::Controllable => "the part of the value lost that internal causes explain: what the teams can act on".to_string(),
            Figure::RevenueTarget => format!("the revenue per {p} the room aims for; the reverse funnel works back from it"),
        }
    }
}

/// What the ideas are ranked by, in the vocabulary: "run-rate per quarter",
/// "landing in the next 91 days"…, for the CLI and the exports.
pub fn ranked_by(by: RankBy, period: Period) -> String {
    Figure::for_rank(by).map_or_else(
        || "run-rate per year per effort day".to_string(),
        |f| f.name(period).to_lowercase(),
    )
}

impl Figure {
    /// The figure a ranking key sorts by: the one mapping from keys to
    /// names, for the Rank screen, the CLI and the exports. Per effort day
    /// is a ratio, not a figure.
    pub fn for_rank(by: RankBy) -> Option<Figure> {
        match by {
            RankBy::Likely => Some(Figure::RunRate),
            RankBy::Expected => Some(Figure::Expected),
            RankBy::Annual => Some(Figure::RunRateYear),
            RankBy::Quarter => Some(Figure::Next91Days),
            RankBy::Conservative => Some(Figure::Low),
            RankBy::PerEffort => None,
        }
    }
}

/// "qtr", "mo", "yr": periods in column headings.
fn period_short(period: Period) -> &'static str {
    match period {
        Period::Month => "mo",
        Period::Quarter => "qtr",
        Period::Year => "yr",
    }
}

/// A figure with thousands separators and at most `decimals` decimals,
/// trailing zeros dropped: `1452`, `67.2`, `1,066.67`. Half away from zero.
pub fn decimal(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return "—".to_string();
    }
    let scale = 10f64.powi(decimals as i32);
    let r = (v * scale).round() / scale;
    let whole = count(r.trunc());
    let sign = if r < 0.0 && r.trunc() == 0.0 { "-" } else { "" };
    let frac = format!("{:.*}", decimals, r.abs().fract());
    let frac = frac
        .trim_start_matches('0')
        .trim_end_matches('0')
        .trim_end_matches('.');
    format!("{sign}{whole}{frac}")
}

/// A KPI's value in its unit, one rule for every screen and export:
/// prospects with at most one decimal (67.2 won), conversions in percent
/// with one decimal, days with at most one, money in whole units.
pub fn kpi_value(v: f64, unit: &KpiUnit, currency: &str, period: Period) -> String {
    match unit {
        KpiUnit::Prospects => decimal(v, 1),
        KpiUnit::Percent => format!("{:.1} %", v),
        KpiUnit::Days => format!("{} days", decimal(v, 1)),
        KpiUnit::Money => money(v, currency),
        KpiUnit::MoneyPerPeriod => format!("{} per {}", money(v, currency), period.label()),
        KpiUnit::Typed(u) if u.trim().is_empty() => decimal(v, 2),
        KpiUnit::Typed(u) if u.trim() == "%" => format!("{} %", decimal(v, 2)),
        KpiUnit::Typed(u) => format!("{} {}", decimal(v, 2), u.trim()),
    }
}

/// The same value for a narrow column: money in the short form of
/// [`money_short`] (`EUR 1.4M`), without "per period"; the rest as
/// [`kpi_value`].
pub fn kpi_value_short(v: f64, unit: &KpiUnit, currency: &str) -> String {
    match unit {
        KpiUnit::Money | KpiUnit::MoneyPerPeriod => money_short(v, currency),
        KpiUnit::Days => format!("{} d", decimal(v, 1)),
        _ => kpi_value(v, unit, currency, Period::Quarter),
    }
}

/// Prospects a stage must see (MODEL.md §7): rounded *up* to whole
/// prospects, after dropping a relative error of 1e-9 so float noise on an
/// exact 320 does not show as 321.
pub fn prospects_needed(v: f64) -> String {
    if !v.is_finite() {
        return "—".to_string();
    }
    count((v - v.abs() * 1e-9).ceil())
}

/// A fraction (0.25) as a percentage with one decimal: `25.0 %`.
pub fn percent(fraction: f64) -> String {
    if !fraction.is_finite() {
        return "—".to_string();
    }
    format!("{:.1} %", fraction * 100.0)
}

/// A signed figure with one decimal; a value that rounds to zero has no
/// sign, so no "+0.0" or "-0.0" reaches the wall.
fn signed(v: f64, unit: &str) -> String {
    if !v.is_finite() {
        return "—".to_string();
    }
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 {
        format!("0.0 {unit}")
    } else {
        format!("{r:+.1} {unit}")
    }
}

/// A change the check-in compares (docs/MODEL-additions.md §8a): a
/// conversion in points (`+2.9 pts`) or a relative change (`+5.0 %`).
/// `fraction` is 0.029 for 2.9 points and 0.05 for 5 %.
pub fn change(fraction: f64, unit: ChangeUnit) -> String {
    match unit {
        ChangeUnit::Points => signed(fraction * 100.0, "pts"),
        ChangeUnit::Percent => signed(fraction * 100.0, "%"),
    }
}

/// A range of changes: `+2.0 / +3.0 / +5.0 pts` (low / likely / high).
pub fn change_range(r: &crate::model::Range, unit: ChangeUnit) -> String {
    let body = |v: f64| {
        let full = change(v, unit);
        full.rsplit_once(' ')
            .map_or(full.clone(), |(n, _)| n.to_string())
    };
    let unit = match unit {
        ChangeUnit::Points => "pts",
        ChangeUnit::Percent => "%",
    };
    format!(
        "{} / {} / {} {unit}",
        body(r.low),
        body(r.likely),
        body(r.high)
    )
}

/// How far a KPI's actual lies from its target, signed, in the KPI's unit;
/// a conversion's gap is in points, never in percent of itself.
pub fn kpi_gap(gap: f64, unit: &KpiUnit, currency: &str, period: Period) -> String {
    match unit {
        KpiUnit::Percent => signed(gap, "pts"),
        KpiUnit::Typed(u) if u.trim() == "%" => signed(gap, "pts"),
        _ => {
            let body = kpi_value(gap.abs(), unit, currency, period);
            if gap < 0.0 && body.chars().any(|c| c.is_ascii_digit() && c != '0') {
                format!("-{body}")
            } else if gap > 0.0 && body.chars().any(|c| c.is_ascii_digit() && c != '0') {
                format!("+{body}")
            } else {
                body
            }
        }
    }
}

/// A KPI at the check-in in words: "met (+0.4 pts)", "missed (-0.1 pts)",
/// or why there is no verdict yet.
pub fn kpi_verdict(k: &KpiCheck, currency: &str, period: Period) -> String {
    match (k.met, k.gap) {
        (Some(met), Some(gap)) => format!(
            "{} ({})",
            if met { "met" } else { "missed" },
            kpi_gap(gap, &k.unit, currency, period)
        ),
        _ => k.why.clone().unwrap_or_else(|| "no verdict".to_string()),
    }
}

/// An idea's verdict in words, naming the ideas it shares a step with.
pub fn judgement(check: &IdeaCheck, all: &[IdeaCheck]) -> String {
    match &check.judgement {
        Judgement::Judged { verdict } => verdict.words().to_string(),
        Judgement::Shared {
            with,
            combined,
            verdict,
        } => {
            let names: Vec<&str> = with
                .iter()
                .map(|id| {
                    all.iter()
                        .find(|i| i.id == *id)
                        .map_or("another idea", |i| i.title.as_str())
                })
                .collect();
            format!(
                "shared with {}: together {} ({}); one idea alone cannot be judged",
                names.join(", "),
                verdict.words(),
                change_range(combined, check.unit)
            )
        }
        Judgement::Unjudged { why } => format!("no verdict: {why}"),
    }
}

/// `body` (a figure as shown) with a "+" before it when `v` is above zero
/// and the shown figure is not all zeros: "+EUR 180,000", "+1.5M", "0".
/// A change of money reads the same on every screen and in every export.
pub fn with_sign(v: f64, body: String) -> String {
    if v > 0.0 && body.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("+{body}")
    } else {
        body
    }
}

/// A change of money per period, signed: "+EUR 180,000", "-EUR 40,000".
pub fn money_change(v: f64, currency: &str) -> String {
    with_sign(v, money(v, currency))
}

/// An idea's verdict for a table cell: "inside the room's range", "shared:
/// below low", "no verdict" (`long`), or the keys "inside", "shared: below"
/// for a narrow column. [`judgement`] says the rest in a sentence.
pub fn verdict_cell(j: &Judgement, long: bool) -> String {
    let word = |v: &crate::model::Verdict| {
        if long {
            v.words().to_string()
        } else {
            v.key().to_string()
        }
    };
    match j {
        Judgement::Judged { verdict } => word(verdict),
        Judgement::Shared { verdict, .. } => format!("shared: {}", word(verdict)),
        Judgement::Unjudged { .. } => "no verdict".to_string(),
    }
}

/// One step now against last time: conversion then, now, change in
/// points; value lost then, now, change (money per period); "—" where a
/// side is missing.
pub fn step_change_cells(st: &crate::model::StepChange, currency: &str) -> [String; 6] {
    let dash = || "—".to_string();
    [
        st.then.map_or_else(dash, |t| percent(t.conversion)),
        st.now.map_or_else(dash, |n| percent(n.conversion)),
        st.points()
            .map_or_else(dash, |p| change(p / 100.0, ChangeUnit::Points)),
        st.then.map_or_else(dash, |t| money(t.value_lost, currency)),
        st.now.map_or_else(dash, |n| money(n.value_lost, currency)),
        st.value_lost_change()
            .map_or_else(dash, |v| money_change(v, currency)),
    ]
}

/// The room's calibration in one sentence.
pub fn calibration(c: &Calibration) -> String {
    match c.share() {
        Some(share) => format!(
            "{} of {} judged idea(s) inside the room's range ({}); a well-calibrated room lands about 2 in 3",
            c.inside,
            c.judged,
            percent(share)
        ),
        None => "no idea could be judged yet".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_uses_separators_and_currency() {
        assert_eq!(money(1_800_000.0, "EUR"), "EUR 1,800,000");
        assert_eq!(money(1234.6, "$"), "$1,235");
        assert_eq!(money(-90_000.0, "€"), "-€90,000");
        assert_eq!(money(0.4, ""), "0");
    }

    #[test]
    fn short_money_and_percent() {
        assert_eq!(money_short(1_800_000.0, "EUR"), "1.8M");
        assert_eq!(money_short(540_000.0, "$"), "$540k");
        assert_eq!(money_short(1_500.0, "EUR"), "1.5k");
        assert_eq!(percent(0.25), "25.0 %");
        assert_eq!(count(4000.0), "4,000");
    }

    #[test]
    fn short_money_rounds_half_away_from_zero_on_the_decimal_value() {
        // The pair: both halves round up, as people expect.
        assert_eq!(money_short(2_250_000.0, "EUR"), "2.3M");
        assert_eq!(money_short(6_750_000.0, "EUR"), "6.8M");
        assert_eq!(money_short(-2_250_000.0, "EUR"), "-2.3M");
        // The unit is chosen after rounding.
        assert_eq!(money_short(999_960.0, "EUR"), "1.0M");
        assert_eq!(money_short(9_950.0, "EUR"), "10k");
        assert_eq!(money_short(999.6, "EUR"), "1.0k");
        assert_eq!(money_short(999_950_000.0, "EUR"), "1.0B");
        assert_eq!(money_short(12_500.0, "EUR"), "13k");
        assert_eq!(money_short(1_250.0, "EUR"), "1.3k");
        assert_eq!(money_short(0.4, "EUR"), "0");
        assert_eq!(money_short(-0.4, "EUR"), "0");
    }

    #[test]
    fn every_figure_has_a_distinct_name_and_legend() {
        use std::collections::HashSet;
        let all = Figure::ALL;
        let names: HashSet<String> = all.iter().map(|f| f.name(Period::Quarter)).collect();
        assert_eq!(names.len(), all.len());
        assert_eq!(
            Figure::RunRate.name(Period::Quarter),
            "Run-rate per quarter"
        );
        assert_eq!(Figure::Next91Days.short(Period::Month), "Next 91 days");
        assert!(all.iter().all(|f| !f.legend(Period::Year).is_empty()));
    }

    #[test]
    fn changes_carry_a_sign_and_their_unit() {
        assert_eq!(change(0.02907, ChangeUnit::Points), "+2.9 pts");
        assert_eq!(change(-0.025, ChangeUnit::Points), "-2.5 pts");
        assert_eq!(change(0.0004, ChangeUnit::Points), "0.0 pts");
        assert_eq!(change(0.05, ChangeUnit::Percent), "+5.0 %");
        let r = crate::model::Range {
            low: 0.02,
            likely: 0.03,
            high: 0.05,
        };
        assert_eq!(
            change_range(&r, ChangeUnit::Points),
            "+2.0 / +3.0 / +5.0 pts"
        );
        assert_eq!(
            kpi_gap(-0.093, &KpiUnit::Percent, "EUR", Period::Quarter),
            "-0.1 pts"
        );
        assert_eq!(
            kpi_gap(-1200.0, &KpiUnit::Money, "EUR", Period::Quarter),
            "-EUR 1,200"
        );
        assert_eq!(
            kpi_gap(2.0, &KpiUnit::Days, "EUR", Period::Quarter),
            "+2 days"
        );
        assert_eq!(
            kpi_gap(0.0, &KpiUnit::Days, "EUR", Period::Quarter),
            "0 days"
        );
    }
}
