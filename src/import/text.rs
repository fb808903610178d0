//! Bytes to text: the encodings CRM exports come in, the delimiter, and the
//! normalisations used to match names typed by different people.

use std::borrow::Cow;
use std::io::Read;

/// How the file's text was decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// UTF-8 starting with the byte-order mark Excel writes.
    Utf8Bom,
    /// Not valid UTF-8: read as Windows-1252, the code page Excel uses on
    /// Western European Windows machines.
    Windows1252,
}

impl std::fmt::Display for Encoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with byte-order mark",
            Encoding::Windows1252 => "Windows-1252 (the file is not valid UTF-8)",
        })
    }
}

/// Characters 0x80..=0x9F of Windows-1252; the five holes map to the C1
/// control of the same number, as browsers do.
const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

pub fn decode_1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

/// Decodes one field. A field that is not UTF-8 in a file that started as
/// UTF-8 is read as Windows-1252 too (`fell_back` says so), so no byte is
/// ever lost or replaced.
pub fn decode(bytes: &[u8], enc: Encoding) -> (Cow<'_, str>, bool) {
    match enc {
        Encoding::Windows1252 => match std::str::from_utf8(bytes) {
            // ASCII is the same in both; only the high bytes differ.
            Ok(s) if s.is_ascii() => (Cow::Borrowed(s), false),
            _ => (Cow::Owned(decode_1252(bytes)), false),
        },
        _ => match std::str::from_utf8(bytes) {
            Ok(s) => (Cow::Borrowed(s), false),
            Err(_) => (Cow::Owned(decode_1252(bytes)), true),
        },
    }
}

/// What the first bytes of the file tell: encoding and delimiter. The bytes
/// read to find out are handed back in front of the rest of the input.
pub struct Sniffed<R> {
    pub encoding: Encoding,
    pub delimiter: u8,
    /// The byte that ends a line: '\n' (also for CRLF: csv's own CRLF mode
    /// numbers the lines after the first one short by one), or '\r' for
    /// old Mac files that have no '\n' at all.
    pub terminator: u8,
    pub input: std::io::Chain<std::io::Cursor<Vec<u8>>, R>,
}

const SNIFF_BYTES: usize = 256 * 1024;

pub fn sniff<R: Read>(mut input: R) -> std::io::Result<Sniffed<R>> {
    let mut head = vec![0u8; SNIFF_BYTES];
    let mut filled = 0;
    while filled < head.len() {
        let n = match input.read(&mut head[filled..]) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if n == 0 {
            break;
        }
        filled += n;
    }
    let full = filled == head.len();
    head.truncate(filled);
    let bom = head.starts_with(b"\xEF\xBB\xBF");
    if bom {
        head.drain(..3);
    }
    let encoding = match std::str::from_utf8(&head) {
        Ok(_) => utf8_kind(bom),
        // A character cut in half by the end of the sniffed block is fine.
        Err(e) if e.error_len().is_none() && full => utf8_kind(bom),
        Err(_) => Encoding::Windows1252,
    };
    let delimiter = delimiter_of(&head);
    let terminator = if !head.contains(&b'\n') && head.contains(&b'\r') {
        b'\r'
    } else {
        b'\n'
    };
    Ok(Sniffed {
        encoding,
        delimiter,
        terminator,
        input: std::io::Cursor::new(head).chain(input),
    })
}

fn utf8_kind(bom: bool) -> Encoding {
    if bom {
        Encoding::Utf8Bom
    } else {
        Encoding::Utf8
    }
}

/// The delimiter that occurs most often in the header line (outside quotes);
/// comma when there is none (a one-column file).
fn delimiter_of(head: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in head {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        [b',', b';', b'\t'][best]
    }
}

pub fn delimiter_name(d: u8) -> &'static str {
    match d {
        b';' => "semicolon",
        b'\t' => "tab",
        _ => "comma",
    }
}

/// Case- and whitespace-insensitive key: lowercase, runs of white space
/// become one space, trimmed. Used for stage names.
pub fn stage_key(s: &str) -> String {
    s.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Looser key for header names and outcome words: punctuation counts as a
/// space too, so "Close_Date", "close-date" and "Close Date" are one name.
pub fn loose_key(s: &str) -> String {
    let spaced: String = s
        .chars()
        .filter(|c| *c != '\'' && *c != '\u{2019}')
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    stage_key(&spaced)
}

/// How a raw loss reason from the CRM relates to the session's reason codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReasonMatch {
    /// The reason is one of the codes as written (surrounding spaces aside).
    Exact(String),
    /// The reason matches a code once case, spacing and punctuation are
    /// ignored.
    Normalised(String),
    /// No code fits: the normalised text, proposed as a new code.
    New(String),
}

/// Lowercase, trimmed, spaces collapsed, punctuation stripped:
/// "Lost to Competitor!" becomes "lost to competitor".
pub fn normalise_reason(raw: &str) -> String {
    loose_key(raw)
}

/// Matches a raw reason against the codes: exact, then normalised, then a
/// proposed new code.
pub fn match_reason(raw: &str, codes: &[&str]) -> ReasonMatch {
    let trimmed = raw.trim();
    if let Some(code) = codes.iter().find(|c| c.trim() == trimmed) {
        return ReasonMatch::Exact((*code).to_string());
    }
    let key = normalise_reason(raw);
    if let Some(code) = codes.iter().find(|c| normalise_reason(c) == key) {
        return ReasonMatch::Normalised((*code).to_string());
    }
    ReasonMatch::New(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cp1252_high_and_latin1() {
        assert_eq!(
            decode_1252(b"Caf\xE9 M\xFCller \x80 \x93x\x94"),
            "Café Müller € “x”"
        );
    }

    #[test]
    fn delimiter_from_the_header_line_only() {
        assert_eq!(delimiter_of(b"a;b;c\n1,5;2,5;3"), b';');
        assert_eq!(delimiter_of(b"a\tb\n1,2,3,4"), b'\t');
        assert_eq!(delimiter_of(b"\"a;b\",c\n"), b',');
        assert_eq!(delimiter_of(b"only\n"), b',');
    }

    #[test]
    fn reasons_exact_normalised_new() {
        let codes = ["Price", "lost to competitor", "No decision"];
        assert_eq!(
            match_reason(" Price ", &codes),
            ReasonMatch::Exact("Price".into())
        );
        assert_eq!(
            match_reason("Lost to  Competitor!", &codes),
            ReasonMatch::Normalised("lost to competitor".into())
        );
        assert_eq!(
            match_reason("NO-decision", &codes),
            ReasonMatch::Normalised("No decision".into())
        );
        assert_eq!(
            match_reason("  Budget   cut!! ", &codes),
            ReasonMatch::New("budget cut".into())
        );
    }

    #[test]
    fn keys() {
        assert_eq!(stage_key("  Sales   Qualified "), "sales qualified");
        assert_eq!(loose_key("Close_Date"), "close date");
        assert_eq!(loose_key("Date entered \"Won\""), "date entered won");
    }
}
