//! How numbers read to people: money in the session's currency with
//! thousands separators, counts, percentages. One place, so the CLI, the TUI
//! and every export agree to the digit.

use num_format::{Locale, ToFormattedString};

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
pub fn money_short(v: f64, currency: &str) -> String {
    let a = v.abs();
    let sign = if v < 0.0 { "-" } else { "" };
    let body = if a >= 1e9 {
        format!("{:.1}B", a / 1e9)
    } else if a >= 1e6 {
        format!("{:.1}M", a / 1e6)
    } else if a >= 1e4 {
        format!("{:.0}k", a / 1e3)
    } else if a >= 1e3 {
        format!("{:.1}k", a / 1e3)
    } else {
        format!("{a:.0}")
    };
    let is_symbol = currency.chars().count() == 1 && !currency.chars().all(char::is_alphanumeric);
    if is_symbol {
        format!("{sign}{currency}{body}")
    } else {
        format!("{sign}{body}")
    }
}

/// A fraction (0.25) as a percentage with one decimal: `25.0 %`.
pub fn percent(fraction: f64) -> String {
    if !fraction.is_finite() {
        return "—".to_string();
    }
    format!("{:.1} %", fraction * 100.0)
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
}
