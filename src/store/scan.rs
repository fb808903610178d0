//! Cheap looks into a session file's bytes without parsing it: whether a
//! person wrote comments in it, and the version it declares first.

/// The `version` of a session file when it is the first field, as every
/// funnelcheck writes it: a cheap look instead of parsing a 10 MB file just
/// for the number. Comments and a byte-order mark before it are skipped.
pub fn leading_version(head: &[u8]) -> Option<u32> {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let mut i = skip_blanks(head, 0);
    if !matches!(head.get(i), Some(b'(' | b'{')) {
        return None;
    }
    i = skip_blanks(head, i + 1);
    let quoted = head.get(i) == Some(&b'"');
    i += usize::from(quoted);
    i = head[i..].starts_with(b"version").then_some(i + 7)?;
    if quoted {
        i = (head.get(i) == Some(&b'"')).then_some(i + 1)?;
    }
    i = skip_blanks(head, i);
    i = (head.get(i) == Some(&b':')).then_some(i + 1)?;
    i = skip_blanks(head, i);
    let digits = head[i..].iter().take_while(|b| b.is_ascii_digit()).count();
    std::str::from_utf8(&head[i..i + digits]).ok()?.parse().ok()
}

/// The index of the first byte from `i` on that is neither white space nor
/// inside a comment.
fn skip_blanks(text: &[u8], mut i: usize) -> usize {
    loop {
        match (text.get(i), text.get(i + 1)) {
            (Some(b), _) if b.is_ascii_whitespace() => i += 1,
            (Some(b'/'), Some(b'/')) => {
                i = text[i..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(text.len(), |n| i + n + 1);
            }
            (Some(b'/'), Some(b'*')) => {
                i = text[i + 2..]
                    .windows(2)
                    .position(|w| w == b"*/")
                    .map_or(text.len(), |n| i + 2 + n + 2);
            }
            _ => return i,
        }
    }
}

/// Whether RON text holds a comment (`//` or `/* */`) outside strings:
/// something a person wrote that the next save cannot keep.
pub fn has_ron_comments(text: &[u8]) -> bool {
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b'/' if matches!(text.get(i + 1), Some(b'/' | b'*')) => return true,
            b'"' => i = skip_string(text, i + 1),
            b'\'' => i = skip_char(text, i + 1),
            b'r' if (i == 0 || !is_ident(text[i - 1])) && raw_string_start(text, i + 1) => {
                let hashes = text[i + 1..].iter().take_while(|&&b| b == b'#').count();
                i = skip_raw_string(text, i + 1 + hashes + 1, hashes);
            }
            _ => i += 1,
        }
    }
    false
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether `r` at `i - 1` starts a raw string: `r"…"` or `r#"…"#`.
fn raw_string_start(text: &[u8], i: usize) -> bool {
    let hashes = text[i.min(text.len())..]
        .iter()
        .take_while(|&&b| b == b'#')
        .count();
    text.get(i + hashes) == Some(&b'"')
}

/// The index after the closing quote of a string whose body starts at `i`.
fn skip_string(text: &[u8], mut i: usize) -> usize {
    while i < text.len() {
        match text[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    text.len()
}

fn skip_char(text: &[u8], mut i: usize) -> usize {
    while i < text.len() {
        match text[i] {
            b'\\' => i += 2,
            b'\'' => return i + 1,
            b'\n' => return i,
            _ => i += 1,
        }
    }
    text.len()
}

fn skip_raw_string(text: &[u8], mut i: usize, hashes: usize) -> usize {
    while i < text.len() {
        if text[i] == b'"'
            && text[i + 1..].len() >= hashes
            && text[i + 1..i + 1 + hashes].iter().all(|&b| b == b'#')
        {
            return i + 1 + hashes;
        }
        i += 1;
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_outside_strings_are_found() {
        assert!(has_ron_comments(b"// top\n(version: 1)"));
        assert!(has_ron_comments(b"(version: 1, /* why */ title: \"x\")"));
        assert!(has_ron_comments(b"(title: \"a\", // the boss's idea\n)"));
        assert!(has_ron_comments(b"(a: 'x', b: 1) // after a char"));
        assert!(has_ron_comments(b"(a: r#\"x\"#) // after a raw string"));
    }

    #[test]
    fn slashes_inside_strings_are_not_comments() {
        assert!(!has_ron_comments(b"(version: 1, title: \"x\")"));
        assert!(!has_ron_comments(b"(url: \"https://example.com\")"));
        assert!(!has_ron_comments(b"(a: \"/* not */\", b: \"//\")"));
        assert!(!has_ron_comments(b"(a: \"say \\\"//hi\\\"\")"));
        assert!(!has_ron_comments(b"(a: '/', b: '\\'', c: 2)"));
        assert!(!has_ron_comments(b"(a: r#\"quote \" // inside\"#)"));
        assert!(!has_ron_comments(b"(a: r\"//\")"));
        // A division sign alone is not a comment; RON has none, but a
        // fraction in text must not trip the scanner.
        assert!(!has_ron_comments(b"(a: \"1/2\", b: 1)"));
        // An identifier ending in r before a string is not a raw string.
        assert!(!has_ron_comments(b"(ur: \"x\")"));
    }

    #[test]
    fn the_leading_version_is_read_without_parsing() {
        assert_eq!(leading_version(b"(\n    version: 7,\n"), Some(7));
        assert_eq!(
            leading_version(b"{\n  \"version\": 3, \"title\": 1}"),
            Some(3)
        );
        assert_eq!(
            leading_version(b"\xEF\xBB\xBF// notes\n/* more */ (version:12)"),
            Some(12)
        );
        assert_eq!(leading_version(b"(title: \"x\", version: 7)"), None);
        assert_eq!(leading_version(b"(versions: 7)"), None);
        assert_eq!(leading_version(b""), None);
    }
}
