//! Reading numbers people type. Every number field accepts what the app
//! itself prints (`format::count`, `money`, `money_short`, `percent`, points)
//! and refuses everything else with a reason; it never reads a prefix and
//! drops the rest, so `30,000` is thirty thousand or an error, never 30.
//!
//! Accepted, around the digits:
//! - a sign (`-`, `+`, `−`), before or after a currency prefix (`-€90,000`);
//! - on amounts, a currency before or after (`EUR 30,000`, `30 000 €`,
//!   `$1,200`): the session's own and the common codes and symbols, any case;
//! - `k`, `M`, `B` for thousand, million, billion (`1.8M`, `$540k`);
//! - on percentages and points, `%` and `pts` (`25.0 %`, `4 pts`).
//!
//! In the digits: thousands separators (`,`, spaces, non-breaking spaces,
//! `'`, `_`) only in well-formed groups of three, one decimal point, or one
//! decimal comma where it cannot be a thousands separator (`2,5`, not `1,000`).
//!
//! Values are built from the digits as text and converted once, so a shift
//! by `k`/`M`/`B` is exact (`1.8M` is 1,800,000, not 1,800,000.0000000002).

use std::fmt;

use crate::session::limits;

/// Why a typed number was refused; `Display` is a sentence for a facilitator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberError {
    /// Nothing but blanks (or only a sign or currency).
    Empty,
    /// Text that is neither digits nor an accepted prefix or suffix.
    Unexpected {
        found: String,
        whole: bool,
    },
    /// Thousands separators not every three digits; `example` shows the
    /// number written properly.
    Grouping {
        example: String,
    },
    /// Two kinds of thousands separator in one number.
    MixedSeparators {
        example: String,
    },
    /// More than one decimal point, or a decimal comma after a point.
    Decimals {
        example: String,
    },
    /// Text that reads as two different numbers.
    Ambiguous {
        text: String,
        a: String,
        b: String,
    },
    /// A currency on a figure that is not an amount of money.
    Currency {
        found: String,
    },
    /// `%` or `pts` on a figure that is neither.
    Unit {
        found: String,
    },
    NotWhole {
        value: String,
    },
    Negative,
    TooLarge {
        max: String,
        scope: &'static str,
    },
    OutOfRange {
        min: String,
        max: String,
    },
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NumberError::Empty => write!(f, "type a number"),
            NumberError::Unexpected { found, whole } => {
                let whole = if *whole { "whole " } else { "" };
                write!(f, "not a {whole}number: unexpected '{found}'")
            }
            NumberError::Grouping { example } => {
                write!(f, "thousands separators go every three digits: {example}")
            }
            NumberError::MixedSeparators { example } => {
                write!(f, "use one kind of thousands separator: {example}")
            }
            NumberError::Decimals { example } => write!(
                f,
                "use one decimal point, and commas only for thousands: {example}"
            ),
            NumberError::Ambiguous { text, a, b } => {
                write!(f, "\"{text}\" could be {a} or {b}: type one of those")
            }
            NumberError::Currency { found } => {
                write!(f, "this is not an amount of money: leave out '{found}'")
            }
            NumberError::Unit { found } => {
                write!(f, "'{found}' does not belong here: type the number alone")
            }
            NumberError::NotWhole { value } => write!(f, "needs a whole number, not {value}"),
            NumberError::Negative => write!(f, "must be 0 or more"),
            NumberError::TooLarge { max, scope } => write!(f, "too large: at most {max}{scope}"),
            NumberError::OutOfRange { min, max } => write!(f, "must be between {min} and {max}"),
        }
    }
}

impl std::error::Error for NumberError {}

/// Common currencies, accepted on any amount next to the session's own.
const CURRENCIES: &[&str] = &[
    "US$", "A$", "C$", "NZ$", "HK$", "S$", "R$", "$", "€", "£", "¥", "₹", "₩", "₽", "₺", "₪", "₫",
    "฿", "CHF", "EUR", "USD", "GBP", "JPY", "CNY", "INR", "CAD", "AUD", "NZD", "SEK", "NOK", "DKK",
    "ISK", "PLN", "CZK", "HUF", "RON", "BGN", "BRL", "MXN", "ZAR", "SGD", "HKD", "KRW", "TRY",
    "ILS", "AED", "SAR", "kr", "zł", "Kč",
];

/// Suffixes of percentages and of conversion points.
const PERCENT: &[&str] = &["%"];
const POINTS: &[&str] = &["pts", "pt", "pp"];

/// What a field accepts around its digits.
#[derive(Debug, Clone, Copy, Default)]
struct Grammar<'a> {
    /// `Some(session currency)` on amounts.
    currency: Option<&'a str>,
    percent: bool,
    points: bool,
    /// Only for the wording of errors.
    whole: bool,
}

/// A number as typed, before conversion: sign, integer and fraction digits.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Decimal {
    negative: bool,
    int: String,
    frac: String,
}

impl Decimal {
    /// Multiplies by 10^`places` by moving the decimal point.
    fn shift(mut self, places: usize) -> Decimal {
        let mut frac = std::mem::take(&mut self.frac);
        while frac.len() < places {
            frac.push('0');
        }
        let rest = frac.split_off(places);
        self.int.push_str(&frac);
        self.frac = rest;
        self
    }

    fn int_digits(&self) -> &str {
        let t = self.int.trim_start_matches('0');
        if t.is_empty() { "0" } else { t }
    }

    fn is_zero(&self) -> bool {
        self.int.chars().chain(self.frac.chars()).all(|c| c == '0')
    }

    fn is_whole(&self) -> bool {
        self.frac.chars().all(|c| c == '0')
    }

    /// `2.5`, `-1,000.25`: as a person would write it back.
    fn show(&self) -> String {
        let frac = self.frac.trim_end_matches('0');
        let sign = if self.negative && !self.is_zero() {
            "-"
        } else {
            ""
        };
        let int = group(self.int_digits());
        if frac.is_empty() {
            format!("{sign}{int}")
        } else {
            format!("{sign}{int}.{frac}")
        }
    }

    /// The nearest f64 (the standard library rounds decimal text correctly).
    fn value(&self) -> f64 {
        let frac = if self.frac.is_empty() {
            "0"
        } else {
            &self.frac
        };
        let v: f64 = format!("{}.{frac}", self.int_digits())
            .parse()
            .unwrap_or(f64::INFINITY);
        if self.negative { -v } else { v }
    }
}

/// Digits with a comma every three: `1234567` → `1,234,567`.
fn group(digits: &str) -> String {
    let n = digits.len();
    let mut out = String::with_capacity(n + n / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (n - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

fn is_group_separator(c: char) -> bool {
    matches!(c, ',' | '\'' | '_') || is_space(c)
}

/// Separators of one kind: every kind of space counts as one.
fn separator_kind(c: char) -> char {
    if is_space(c) { ' ' } else { c }
}

/// `token` at the start of `text`, any ASCII case; a letter code must not
/// run on into a word ("EURO" is not EUR).
fn strip_token<'t>(text: &'t str, token: &str) -> Option<&'t str> {
    let n = token.len();
    if n == 0 || !text.is_char_boundary(n) || !text.get(..n)?.eq_ignore_ascii_case(token) {
        return None;
    }
    let rest = &text[n..];
    let letter_code = token
        .chars()
        .last()
        .is_some_and(|c| c.is_ascii_alphabetic());
    if letter_code && rest.chars().next().is_some_and(char::is_alphabetic) {
        return None;
    }
    Some(rest)
}

/// The currency a text starts with: the session's own first, then the
/// common ones, longest first so "US$" wins over "$".
fn strip_currency<'t>(text: &'t str, session: Option<&str>) -> Option<(&'t str, &'t str)> {
    let mut best: Option<(&str, &str)> = None;
    let own = session.map(str::trim).filter(|c| !c.is_empty());
    for token in own.into_iter().chain(CURRENCIES.iter().copied()) {
        if let Some(rest) = strip_token(text, token)
            && best.is_none_or(|(_, r)| rest.len() < r.len())
        {
            best = Some((&text[..text.len() - rest.len()], rest));
        }
    }
    best
}

fn is_currency(text: &str, session: Option<&str>) -> bool {
    strip_currency(text, session).is_some_and(|(_, rest)| rest.is_empty())
}

fn is_one_of(text: &str, tokens: &[&str]) -> bool {
    tokens.iter().any(|t| text.eq_ignore_ascii_case(t))
}

fn strip_sign(text: &str) -> Option<(bool, &str)> {
    let c = text.chars().next()?;
    match c {
        '-' | '−' => Some((true, &text[c.len_utf8()..])),
        '+' => Some((false, &text[1..])),
        _ => None,
    }
}

/// Reads `text` under `g`: the sign, the digits and the power of ten of a
/// `k`/`M`/`B` suffix already applied.
fn read(text: &str, g: Grammar) -> Result<Decimal, NumberError> {
    let unexpected = |found: &str| NumberError::Unexpected {
        found: found.trim().to_string(),
        whole: g.whole,
    };
    let mut rest = text.trim();
    if rest.is_empty() {
        return Err(NumberError::Empty);
    }
    // Prefixes: a sign and a currency, in either order.
    let mut negative = None;
    let mut prefix_currency = false;
    loop {
        rest = rest.trim_start();
        if negative.is_none()
            && let Some((neg, r)) = strip_sign(rest)
        {
            negative = Some(neg);
            rest = r;
            continue;
        }
        if !prefix_currency && let Some((found, r)) = strip_currency(rest, g.currency) {
            if g.currency.is_none() {
                return Err(NumberError::Currency {
                    found: found.to_string(),
                });
            }
            prefix_currency = true;
            rest = r;
            continue;
        }
        break;
    }
    let end = rest
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.' || is_group_separator(*c)))
        .map_or(rest.len(), |(i, _)| i);
    let (body, suffix) = rest.split_at(end);
    let body = body.trim_end_matches(is_space);
    let suffix = suffix.trim();
    if !body.chars().any(|c| c.is_ascii_digit()) {
        return Err(if body.is_empty() && suffix.is_empty() {
            NumberError::Empty
        } else {
            unexpected(rest)
        });
    }
    let mut number = digits(body, g.whole, g.whole || g.currency.is_some())?;
    number.negative = negative.unwrap_or(false);
    // Suffixes: a power of ten, then a currency or a unit.
    let tail_ok = |tail: &str| -> Result<bool, NumberError> {
        let tail = tail.trim();
        if tail.is_empty() {
            return Ok(true);
        }
        if is_currency(tail, g.currency) {
            return if g.currency.is_none() {
                Err(NumberError::Currency {
                    found: tail.to_string(),
                })
            } else {
                Ok(!prefix_currency)
            };
        }
        for (allowed, tokens) in [(g.percent, PERCENT), (g.points, POINTS)] {
            if is_one_of(tail, tokens) {
                return if allowed {
                    Ok(true)
                } else {
                    Err(NumberError::Unit {
                        found: tail.to_string(),
                    })
                };
            }
        }
        Ok(false)
    };
    if tail_ok(suffix)? {
        return Ok(number);
    }
    let mut chars = suffix.chars();
    let places = match chars.next() {
        Some('k' | 'K') => 3,
        Some('m' | 'M') => 6,
        Some('b' | 'B') => 9,
        _ => return Err(unexpected(suffix)),
    };
    if tail_ok(chars.as_str())? {
        Ok(number.shift(places))
    } else {
        Err(unexpected(suffix))
    }
}

/// The digits between prefix and suffix: only digits, separators and
/// points remain (`read` stopped at anything else). On figures counted in
/// whole units (`whole_units`: counts, money) a lone point before three
/// digits is refused: "30.000" is thirty thousand to half of Europe.
fn digits(body: &str, whole: bool, whole_units: bool) -> Result<Decimal, NumberError> {
    let points = body.matches('.').count();
    let commas = body.matches(',').count();
    let all_digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let (int, frac) = if points > 1 {
        // 1.000.000 is a European million; say how to write it here.
        return Err(NumberError::Decimals {
            example: group(
                Decimal {
                    negative: false,
                    int: all_digits(body),
                    frac: String::new(),
                }
                .int_digits(),
            ),
        });
    } else if let Some((int, frac)) = body.split_once('.') {
        if frac.contains(',') {
            // 1.234,5: decimal comma with points for thousands.
            let (i, f) = body.split_once(',').unwrap_or((body, ""));
            let d = Decimal {
                negative: false,
                int: all_digits(i),
                frac: all_digits(f),
            };
            return Err(NumberError::Decimals { example: d.show() });
        }
        let plain_int = !int.is_empty() && int.chars().all(|c| c.is_ascii_digit());
        if whole_units && plain_int && frac.len() == 3 && !int.trim_start_matches('0').is_empty() {
            let as_decimal = Decimal {
                negative: false,
                int: int.to_string(),
                frac: frac.to_string(),
            };
            return Err(NumberError::Ambiguous {
                text: body.to_string(),
                a: as_decimal.show(),
                b: group(&format!("{}{frac}", as_decimal.int_digits())),
            });
        }
        (int, frac)
    } else if commas == 1 {
        let (int, after) = body.split_once(',').unwrap_or((body, ""));
        let after_digits = !after.is_empty() && after.chars().all(|c| c.is_ascii_digit());
        if after.is_empty() {
            return Err(NumberError::Unexpected {
                found: ",".into(),
                whole,
            });
        }
        if !after_digits {
            // "1,000 000": other separators follow, so the comma groups too.
            (body, "")
        } else if after.len() == 3 {
            let int_digits = all_digits(int);
            if !int_digits.is_empty() && int_digits.chars().all(|c| c == '0') {
                // 0,125: an eighth, or a hundred and twenty-five?
                return Err(NumberError::Ambiguous {
                    text: body.to_string(),
                    a: format!("0.{after}"),
                    b: after.trim_start_matches('0').to_string(),
                });
            }
            (body, "")
        } else {
            (int, after)
        }
    } else {
        (body, "")
    };
    if let Some(bad) = frac.chars().find(|c| !c.is_ascii_digit()) {
        let at = frac.find(bad).unwrap_or(0);
        return Err(NumberError::Unexpected {
            found: frac[at..].to_string(),
            whole,
        });
    }
    let int = grouped(int, body)?;
    Ok(Decimal {
        negative: false,
        int,
        frac: frac.to_string(),
    })
}

/// The digits of an integer part, checking its thousands separators.
fn grouped(int: &str, body: &str) -> Result<String, NumberError> {
    let mut kinds = int
        .chars()
        .filter(|c| is_group_separator(*c))
        .map(separator_kind);
    let Some(kind) = kinds.next() else {
        return Ok(int.to_string());
    };
    if kinds.any(|k| k != kind) {
        return Err(NumberError::MixedSeparators {
            example: group_example(body),
        });
    }
    let groups: Vec<&str> = int.split(is_group_separator).collect();
    let first_ok = groups
        .first()
        .is_some_and(|g| (1..=3).contains(&g.len()) && !g.starts_with('0'));
    if !first_ok || groups.iter().skip(1).any(|g| g.len() != 3) {
        return Err(NumberError::Grouping {
            example: group_example(body),
        });
    }
    Ok(groups.concat())
}

/// The number in `body` written with proper groups, for an error message:
/// the digits before a decimal point grouped, those after kept.
fn group_example(body: &str) -> String {
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let d = Decimal {
        negative: false,
        int: int.chars().filter(char::is_ascii_digit).collect(),
        frac: frac.chars().filter(char::is_ascii_digit).collect(),
    };
    d.show()
}

/// A whole number ≥ 0 and ≤ `max`; `scope` ends the too-large message
/// (" per stage").
pub fn parse_whole(text: &str, max: u64, scope: &'static str) -> Result<u64, NumberError> {
    let d = read(
        text,
        Grammar {
            whole: true,
            ..Grammar::default()
        },
    )?;
    if d.negative && !d.is_zero() {
        return Err(NumberError::Negative);
    }
    let digits = d.int_digits();
    let too_large = NumberError::TooLarge {
        max: group(&max.to_string()),
        scope,
    };
    let v: u64 = if digits.len() > 19 {
        return Err(too_large);
    } else {
        digits.parse().map_err(|_| too_large.clone())?
    };
    if v > max {
        return Err(too_large);
    }
    if !d.is_whole() {
        return Err(NumberError::NotWhole { value: d.show() });
    }
    Ok(v)
}

/// Prospects in a stage: a whole number up to [`limits::COUNT_MAX`].
pub fn parse_count(text: &str) -> Result<u64, NumberError> {
    parse_whole(text, limits::COUNT_MAX, " per stage")
}

/// Beyond this an f64 no longer holds every whole number, so a typed figure
/// could come back changed; no workshop figure comes near it.
pub const DECIMAL_MAX: f64 = 1e15;

fn finite(d: &Decimal) -> Result<f64, NumberError> {
    let v = d.value();
    if v.abs() <= DECIMAL_MAX {
        Ok(v)
    } else {
        Err(NumberError::TooLarge {
            max: show_bound(DECIMAL_MAX),
            scope: "",
        })
    }
}

/// A plain decimal number, `k`/`M`/`B` allowed; no currency, no unit.
pub fn parse_decimal(text: &str) -> Result<f64, NumberError> {
    finite(&read(text, Grammar::default())?)
}

/// An amount of money in `currency` (the session's code or symbol; the
/// common ones are accepted too).
pub fn parse_amount(text: &str, currency: &str) -> Result<f64, NumberError> {
    finite(&read(
        text,
        Grammar {
            currency: Some(currency),
            ..Grammar::default()
        },
    )?)
}

/// A percentage as the number before `%`: `25.0 %` → 25.0.
pub fn parse_percent(text: &str) -> Result<f64, NumberError> {
    finite(&read(
        text,
        Grammar {
            percent: true,
            ..Grammar::default()
        },
    )?)
}

/// Percentage points: `4 pts` → 4.0.
pub fn parse_points(text: &str) -> Result<f64, NumberError> {
    finite(&read(
        text,
        Grammar {
            points: true,
            ..Grammar::default()
        },
    )?)
}

/// A figure that may be a percentage or points (the estimates of an idea
/// switch between the two with its kind of effect).
pub fn parse_measure(text: &str) -> Result<f64, NumberError> {
    finite(&read(
        text,
        Grammar {
            percent: true,
            points: true,
            ..Grammar::default()
        },
    )?)
}

/// A bound or a figure from a file as a person reads it: `3,650`, `0.5`,
/// `∞`, and `1e308` rather than a whole number cut at the largest integer.
pub fn show_bound(x: f64) -> String {
    if x == f64::MAX || x == f64::INFINITY {
        "∞".to_string()
    } else if x.abs() > DECIMAL_MAX {
        format!("{x:e}")
    } else if x.fract() == 0.0 {
        crate::format::count(x)
    } else {
        format!("{x}")
    }
}

/// `v` if it lies within `min..=max`.
pub fn within(v: f64, min: f64, max: f64) -> Result<f64, NumberError> {
    if v.is_finite() && v >= min && v <= max {
        Ok(v)
    } else {
        Err(NumberError::OutOfRange {
            min: show_bound(min),
            max: show_bound(max),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(r: Result<impl fmt::Debug, NumberError>) -> String {
        match r {
            Ok(v) => panic!("accepted as {v:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn amounts_read_what_the_app_prints() {
        let cases: &[(&str, &str, f64)] = &[
            ("30,000", "EUR", 30_000.0),
            ("EUR 30,000", "EUR", 30_000.0),
            ("eur 30,000", "EUR", 30_000.0),
            ("30,000 EUR", "EUR", 30_000.0),
            ("$1,200", "EUR", 1_200.0),
            ("-€90,000", "EUR", -90_000.0),
            ("€-90,000", "EUR", -90_000.0),
            ("1.8M", "EUR", 1_800_000.0),
            ("$540k", "$", 540_000.0),
            ("1.5k", "EUR", 1_500.0),
            ("2B", "EUR", 2_000_000_000.0),
            ("30 000 €", "EUR", 30_000.0),
            ("30\u{a0}000", "EUR", 30_000.0),
            ("30\u{202f}000", "EUR", 30_000.0),
            ("30_000", "EUR", 30_000.0),
            ("1'234'567", "CHF", 1_234_567.0),
            ("CHF 1'200.50", "CHF", 1_200.5),
            ("2,5", "EUR", 2.5),
            ("2,50", "EUR", 2.5),
            ("1,000", "EUR", 1_000.0),
            ("1,234,567.89", "EUR", 1_234_567.89),
            ("24000", "EUR", 24_000.0),
            ("kr 5,000", "kr", 5_000.0),
            ("5kr", "kr", 5.0),
            ("5k kr", "kr", 5_000.0),
            ("US$ 10", "EUR", 10.0),
            (".5", "EUR", 0.5),
            ("  +7  ", "EUR", 7.0),
        ];
        for (text, cur, want) in cases {
            assert_eq!(parse_amount(text, cur), Ok(*want), "{text:?} in {cur}");
        }
    }

    #[test]
    fn anything_else_is_refused_with_a_reason() {
        let cases: &[(&str, &str)] = &[
            ("30abc", "not a number: unexpected 'abc'"),
            (
                "1,00,0",
                "thousands separators go every three digits: 1,000",
            ),
            (
                "12,34,567",
                "thousands separators go every three digits: 1,234,567",
            ),
            ("1 2", "thousands separators go every three digits: 12"),
            (
                "1,000 000",
                "use one kind of thousands separator: 1,000,000",
            ),
            (
                "1.000.000",
                "use one decimal point, and commas only for thousands: 1,000,000",
            ),
            (
                "1.234,5",
                "use one decimal point, and commas only for thousands: 1,234.5",
            ),
            (
                "0,125",
                "\"0,125\" could be 0.125 or 125: type one of those",
            ),
            (
                "30.000",
                "\"30.000\" could be 30 or 30,000: type one of those",
            ),
            (
                "1.500",
                "\"1.500\" could be 1.5 or 1,500: type one of those",
            ),
            ("5,", "not a number: unexpected ','"),
            ("", "type a number"),
            ("   ", "type a number"),
            ("$", "type a number"),
            ("abc", "not a number: unexpected 'abc'"),
            ("1e5", "not a number: unexpected 'e5'"),
            ("5 bananas", "not a number: unexpected 'bananas'"),
            ("1.8Mx", "not a number: unexpected 'Mx'"),
            ("5%", "'%' does not belong here: type the number alone"),
            ("5-", "not a number: unexpected '-'"),
            ("$5 USD", "not a number: unexpected 'USD'"),
            ("EURO 5", "not a number: unexpected 'EURO 5'"),
        ];
        for (text, want) in cases {
            assert_eq!(err(parse_amount(text, "EUR")), *want, "{text:?}");
        }
    }

    #[test]
    fn counts_are_whole_and_at_most_a_billion_minus_one() {
        assert_eq!(parse_count("30,000"), Ok(30_000));
        assert_eq!(parse_count("1.8M"), Ok(1_800_000));
        assert_eq!(parse_count("999,999,999"), Ok(999_999_999));
        assert_eq!(parse_count("0"), Ok(0));
        assert_eq!(parse_count("-0"), Ok(0));
        assert_eq!(
            err(parse_count("30.000")),
            "\"30.000\" could be 30 or 30,000: type one of those"
        );
        assert_eq!(
            parse_count("2,0"),
            Ok(2),
            "a decimal comma with a zero fraction is whole"
        );
        let cases: &[(&str, &str)] = &[
            (
                "99999999999999999999",
                "too large: at most 999,999,999 per stage",
            ),
            ("1,000,000,000", "too large: at most 999,999,999 per stage"),
            ("1B", "too large: at most 999,999,999 per stage"),
            ("2.5", "needs a whole number, not 2.5"),
            ("1.2345k", "needs a whole number, not 1,234.5"),
            ("-5", "must be 0 or more"),
            ("12x", "not a whole number: unexpected 'x'"),
            ("$5", "this is not an amount of money: leave out '$'"),
            ("5 EUR", "this is not an amount of money: leave out 'EUR'"),
        ];
        for (text, want) in cases {
            assert_eq!(err(parse_count(text)), *want, "{text:?}");
        }
    }

    #[test]
    fn percentages_and_points_take_their_units() {
        assert_eq!(parse_percent("25.0 %"), Ok(25.0));
        assert_eq!(parse_percent("25%"), Ok(25.0));
        assert_eq!(parse_percent("-0.5 %"), Ok(-0.5));
        assert_eq!(parse_points("4 pts"), Ok(4.0));
        assert_eq!(parse_points("4PTS"), Ok(4.0));
        assert_eq!(parse_points("1,5 pt"), Ok(1.5));
        assert_eq!(parse_measure("12.5 %"), Ok(12.5));
        assert_eq!(parse_measure("3 pts"), Ok(3.0));
        assert_eq!(
            err(parse_points("4 %")),
            "'%' does not belong here: type the number alone"
        );
        assert_eq!(
            err(parse_percent("4 pts")),
            "'pts' does not belong here: type the number alone"
        );
        assert_eq!(
            err(parse_decimal("4 %")),
            "'%' does not belong here: type the number alone"
        );
        assert_eq!(parse_decimal("3,650"), Ok(3_650.0));
        assert_eq!(parse_decimal("0.25"), Ok(0.25));
        assert_eq!(
            parse_decimal("2.500"),
            Ok(2.5),
            "days and percentages keep decimals"
        );
    }

    #[test]
    fn huge_digit_strings_are_refused_not_infinite() {
        let long = "9".repeat(400);
        assert_eq!(
            err(parse_decimal(&long)),
            "too large: at most 1,000,000,000,000,000"
        );
        assert_eq!(
            err(parse_whole(&long, 20, " votes")),
            "too large: at most 20 votes"
        );
    }

    #[test]
    fn ranges_name_both_ends() {
        assert_eq!(within(5.0, 0.0, 100.0), Ok(5.0));
        assert_eq!(err(within(120.0, 0.0, 100.0)), "must be between 0 and 100");
        assert_eq!(
            err(within(-1.0, 0.5, 3_650.0)),
            "must be between 0.5 and 3,650"
        );
        assert_eq!(
            err(within(f64::NAN, 0.0, f64::MAX)),
            "must be between 0 and ∞"
        );
    }
}
