//! Amounts as CRMs and spreadsheets write them: currency signs, spaces and
//! either convention of thousands and decimal separators. Kept apart from
//! the row reading because it is a small language of its own, with its
//! own tests.

/// An amount as CRMs and spreadsheets write it: "12500", "12,500.00",
/// "12.500,00", "€ 1 200", "$3,000". `Ok(None)` when empty. Of a lone
/// separator, a comma followed by exactly three digits groups thousands;
/// otherwise it is the decimal point.
pub(super) fn parse_amount(raw: &[u8]) -> Result<Option<f64>, ()> {
    if raw.is_empty() {
        return Ok(None);
    }
    let mut kept = [0u8; 48];
    let mut len = 0;
    let mut negative = false;
    for &b in raw {
        match b {
            b'0'..=b'9' | b',' | b'.' => {
                if len == kept.len() {
                    return Err(());
                }
                kept[len] = b;
                len += 1;
            }
            b'-' if len == 0 => negative = true,
            b' ' | b'\'' | b'$' | b'+' | b'\t' => {}
            b if b.is_ascii_alphabetic() || b >= 0x80 => {}
            _ => return Err(()),
        }
    }
    let kept = &kept[..len];
    if negative || !kept.iter().any(u8::is_ascii_digit) {
        return Err(());
    }
    let last_comma = kept.iter().rposition(|&b| b == b',');
    let last_dot = kept.iter().rposition(|&b| b == b'.');
    let commas = kept.iter().filter(|&&b| b == b',').count();
    let dots = kept.iter().filter(|&&b| b == b'.').count();
    let decimal = match (last_comma, last_dot) {
        (Some(c), Some(d)) => Some(if c > d { b',' } else { b'.' }),
        (Some(c), None) => (commas == 1 && kept.len() - c - 1 != 3).then_some(b','),
        (None, Some(_)) => (dots == 1).then_some(b'.'),
        (None, None) => None,
    };
    let mut s = String::with_capacity(len);
    for &b in kept {
        if b.is_ascii_digit() {
            s.push(char::from(b));
        } else if Some(b) == decimal {
            s.push('.');
        }
    }
    if Some(b',') == decimal && dots > 0 && commas > 1 {
        return Err(());
    }
    s.parse::<f64>().map(Some).map_err(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts() {
        let ok = |s: &str| parse_amount(s.as_bytes()).unwrap().unwrap();
        assert_eq!(ok("12500"), 12500.0);
        assert_eq!(ok("12,500.50"), 12500.5);
        assert_eq!(ok("12.500,50"), 12500.5);
        assert_eq!(ok("€ 1 200"), 1200.0);
        assert_eq!(ok("$3,000"), 3000.0);
        assert_eq!(ok("1,5"), 1.5);
        assert_eq!(ok("1.234.567"), 1_234_567.0);
        assert_eq!(ok("2500 EUR"), 2500.0);
        assert_eq!(parse_amount(b""), Ok(None));
        assert!(parse_amount(b"n/a").is_err());
        assert!(parse_amount(b"-5").is_err());
    }
}
