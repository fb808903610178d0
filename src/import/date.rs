//! Dates as CRM exports write them, parsed by hand (this runs for every date
//! of millions of rows) into days since 1970-01-01.

use chrono::{Datelike, NaiveDate};

/// Which of `dd/mm/yyyy` and `mm/dd/yyyy` the file uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// Decide from the data: a first part above 12 proves day-first, a second
    /// part above 12 proves month-first. A file that never decides while it
    /// has ambiguous dates is refused with `NeedsDateOrder`.
    #[default]
    Auto,
    DayFirst,
    MonthFirst,
}

/// One date field, before the file's day/month order is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parsed {
    Empty,
    /// A date that means the same in either order (ISO, Excel serial, or a
    /// slash date whose day equals its month).
    Day(i32),
    /// A slash date whose first part is above 12: only day-first reads it.
    DayFirstProof(i32),
    /// A slash date whose second part is above 12: only month-first reads it.
    MonthFirstProof(i32),
    /// Both parts 12 or below and different: the order decides.
    Ambiguous {
        a: u8,
        b: u8,
        year: i32,
    },
    Bad,
}

impl Parsed {
    /// The day once the order is known; `None` for empty, bad, or still
    /// ambiguous (order `Auto`).
    pub fn resolve(self, order: DateOrder) -> Option<i32> {
        match self {
            Parsed::Day(d) => Some(d),
            Parsed::DayFirstProof(d) if order != DateOrder::MonthFirst => Some(d),
            Parsed::MonthFirstProof(d) if order != DateOrder::DayFirst => Some(d),
            Parsed::Ambiguous { a, b, year } => match order {
                DateOrder::DayFirst => civil(year, u32::from(b), u32::from(a)),
                DateOrder::MonthFirst => civil(year, u32::from(a), u32::from(b)),
                DateOrder::Auto => None,
            },
            _ => None,
        }
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date, `None` when the day
/// does not exist (31 February).
pub fn civil(y: i32, m: u32, d: u32) -> Option<i32> {
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

pub fn from_naive(d: NaiveDate) -> i32 {
    civil(d.year(), d.month(), d.day()).unwrap_or(0)
}

#[cfg(test)]
pub fn to_naive(days: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(1970, 1, 1)?.checked_add_signed(chrono::Duration::days(days.into()))
}

/// Excel's day 1 is 1900-01-01 and it counts a 29 February 1900 that never
/// was (serial 60), so serials from 61 on are days after 1899-12-30.
const EXCEL_EPOCH_AFTER_LEAP_BUG: i32 = -25_569;
const EXCEL_SERIAL_MAX: u64 = 2_958_465; // 9999-12-31

fn digits(s: &[u8], at: usize) -> (u64, usize) {
    let mut v: u64 = 0;
    let mut i = at;
    while i < s.len() && s[i].is_ascii_digit() && i - at < 10 {
        v = v * 10 + u64::from(s[i] - b'0');
        i += 1;
    }
    (v, i - at)
}

pub fn parse(raw: &[u8], order: DateOrder) -> Parsed {
    let s = raw.trim_ascii();
    if s.is_empty() {
        return Parsed::Empty;
    }
    let (first, n1) = digits(s, 0);
    if n1 == 0 {
        return Parsed::Bad;
    }
    // An Excel serial: a whole number, perhaps with a time as a fraction.
    if n1 == s.len() || (s[n1] == b'.' && s[n1 + 1..].iter().all(u8::is_ascii_digit)) {
        if n1 > 7 || first == 0 || first == 60 || first > EXCEL_SERIAL_MAX {
            return Parsed::Bad;
        }
        let serial = first as i32;
        let day = if serial > 60 {
            EXCEL_EPOCH_AFTER_LEAP_BUG + serial
        } else {
            EXCEL_EPOCH_AFTER_LEAP_BUG + 1 + serial
        };
        return Parsed::Day(day);
    }
    let sep = s[n1];
    if !matches!(sep, b'-' | b'/' | b'.') {
        return Parsed::Bad;
    }
    let (second, n2) = digits(s, n1 + 1);
    let at3 = n1 + 1 + n2;
    if n2 == 0 || n2 > 2 || at3 >= s.len() || s[at3] != sep {
        return Parsed::Bad;
    }
    let (third, n3) = digits(s, at3 + 1);
    let end = at3 + 1 + n3;
    // Anything after the date must be a time: "2026-03-01T09:30:00Z",
    // "01/03/2026 09:30".
    if end < s.len() && !matches!(s[end], b' ' | b'T') {
        return Parsed::Bad;
    }
    if n1 == 4 {
        if n3 == 0 || n3 > 2 {
            return Parsed::Bad;
        }
        return civil(first as i32, second as u32, third as u32).map_or(Parsed::Bad, Parsed::Day);
    }
    if n1 > 2 {
        return Parsed::Bad;
    }
    let year = match n3 {
        4 => third as i32,
        // Two-digit years are this century's: CRMs have no deals from 1926.
        2 => 2000 + third as i32,
        _ => return Parsed::Bad,
    };
    let (a, b) = (first as u32, second as u32);
    match order {
        DateOrder::DayFirst => civil(year, b, a).map_or(Parsed::Bad, Parsed::Day),
        DateOrder::MonthFirst => civil(year, a, b).map_or(Parsed::Bad, Parsed::Day),
        DateOrder::Auto => {
            if a > 12 {
                civil(year, b, a).map_or(Parsed::Bad, Parsed::DayFirstProof)
            } else if b > 12 {
                civil(year, a, b).map_or(Parsed::Bad, Parsed::MonthFirstProof)
            } else if a == b {
                civil(year, a, b).map_or(Parsed::Bad, Parsed::Day)
            } else if a == 0 || b == 0 {
                Parsed::Bad
            } else {
                Parsed::Ambiguous {
                    a: a as u8,
                    b: b as u8,
                    year,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> i32 {
        from_naive(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    #[test]
    fn civil_matches_chrono() {
        for (y, m, d) in [
            (1970, 1, 1),
            (2000, 2, 29),
            (1899, 12, 30),
            (2026, 12, 31),
            (1600, 3, 1),
        ] {
            let ours = civil(y, m, d).unwrap();
            let theirs = NaiveDate::from_ymd_opt(y, m, d).unwrap()
                - NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
            assert_eq!(i64::from(ours), theirs.num_days());
            assert_eq!(to_naive(ours), NaiveDate::from_ymd_opt(y, m, d));
        }
        assert_eq!(civil(2026, 2, 29), None);
        assert_eq!(civil(2024, 2, 30), None);
    }

    #[test]
    fn formats() {
        let a = DateOrder::Auto;
        assert_eq!(parse(b"2026-03-15", a), Parsed::Day(day(2026, 3, 15)));
        assert_eq!(
            parse(b"2026-03-15T10:22:01Z", a),
            Parsed::Day(day(2026, 3, 15))
        );
        assert_eq!(parse(b" 2026/3/5 08:00 ", a), Parsed::Day(day(2026, 3, 5)));
        assert_eq!(
            parse(b"15/03/2026", a),
            Parsed::DayFirstProof(day(2026, 3, 15))
        );
        assert_eq!(
            parse(b"03/15/2026", a),
            Parsed::MonthFirstProof(day(2026, 3, 15))
        );
        assert_eq!(
            parse(b"15.03.2026", a),
            Parsed::DayFirstProof(day(2026, 3, 15))
        );
        assert_eq!(
            parse(b"03-15-26", a),
            Parsed::MonthFirstProof(day(2026, 3, 15))
        );
        assert_eq!(parse(b"04/04/2026", a), Parsed::Day(day(2026, 4, 4)));
        let amb = parse(b"03/04/2026 10:00", a);
        assert_eq!(amb.resolve(DateOrder::DayFirst), Some(day(2026, 4, 3)));
        assert_eq!(amb.resolve(DateOrder::MonthFirst), Some(day(2026, 3, 4)));
        assert_eq!(amb.resolve(DateOrder::Auto), None);
        // Excel: 45000 is 2023-03-15; 1 is 1900-01-01; 61 is 1900-03-01.
        assert_eq!(parse(b"45000", a), Parsed::Day(day(2023, 3, 15)));
        assert_eq!(parse(b"45000.75", a), Parsed::Day(day(2023, 3, 15)));
        assert_eq!(parse(b"1", a), Parsed::Day(day(1900, 1, 1)));
        assert_eq!(parse(b"61", a), Parsed::Day(day(1900, 3, 1)));
        assert_eq!(parse(b"", a), Parsed::Empty);
        for bad in [
            "31/02/2026",
            "2026-13-01",
            "13/13/2026",
            "soon",
            "2026-03",
            "1/2/3",
            "60",
        ] {
            assert_eq!(parse(bad.as_bytes(), a), Parsed::Bad, "{bad}");
        }
        assert_eq!(parse(b"03/15/2026", DateOrder::DayFirst), Parsed::Bad);
        assert_eq!(
            parse(b"03/04/2026", DateOrder::DayFirst),
            Parsed::Day(day(2026, 4, 3))
        );
    }
}
