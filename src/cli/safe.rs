//! Text from a session file made safe for a terminal, visibly.
//!
//! A title such as `"\x1b]0;pwned\x07Q3"` would otherwise rename the
//! terminal window, clear the screen or move the cursor when `show` prints
//! it. Dropping the characters would hide that the file holds them, so every
//! one is written out instead, one rule for every command:
//!
//! | character                                     | shown as          |
//! |-----------------------------------------------|-------------------|
//! | newline, carriage return, tab                 | `\n`, `\r`, `\t`  |
//! | escape (ESC, U+001B)                          | `\e`              |
//! | any other C0 control, DEL, C1 control (U+0080–U+009F) | `\xNN`, the code point in hex (`\x07`, `\x7f`, `\x9b`) |
//! | bidirectional overrides and isolates, line and paragraph separators | `\u{NNNN}` (`\u{202e}`) |
//!
//! Everything else, backslashes included, is printed as typed: the escaped
//! form is for reading, not for pasting back into a file.
//!
//! Table cells are escaped before their width is measured, so columns line
//! up with the escaped text; [`lines`] is the last pass over everything a
//! command prints (it keeps the output's own newlines).

use std::borrow::Cow;

/// One line of file text with every control character written out,
/// newlines included: a table cell, a title in a heading.
pub fn escape(text: &str) -> Cow<'_, str> {
    escape_with(text, false)
}

/// Like [`escape`], but `\n` stays a line break: for a whole block of
/// output whose lines are the command's own.
pub fn lines(text: &str) -> Cow<'_, str> {
    escape_with(text, true)
}

fn escape_with(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| needs_escape(c) && !(keep_newlines && c == '\n');
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Characters a terminal acts on instead of printing: C0, DEL and C1
/// controls, and the invisible marks that reorder or break the text shown
/// around them.
fn needs_escape(c: char) -> bool {
    c.is_control() || is_layout_mark(c)
}

fn is_layout_mark(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn push_escaped(out: &mut String, c: char) {
    use std::fmt::Write;
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{1b}' => out.push_str("\\e"),
        c if c.is_control() => {
            let _ = write!(out, "\\x{:02x}", u32::from(c));
        }
        c => {
            let _ = write!(out, "\\u{{{:04x}}}", u32::from(c));
        }
    }
}

/// Pretty JSON whose strings hold no raw character a terminal acts on.
/// serde_json already writes C0 controls as `\u001b`; DEL, C1 controls and
/// the layout marks it leaves raw are written as `\u007f`, `\u009b`, … —
/// the same string to any JSON reader, inert on a screen.
pub fn json<T: serde::Serialize>(value: &T) -> Result<String, serde_json::Error> {
    let text = serde_json::to_string_pretty(value)?;
    if !text.chars().any(needs_escape_in_json) {
        return Ok(text + "\n");
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if needs_escape_in_json(c) {
            use std::fmt::Write;
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out.push('\n');
    Ok(out)
}

/// Outside strings JSON only holds ASCII whitespace (`\n`, spaces), which
/// this leaves alone; inside strings serde_json has already escaped C0.
fn needs_escape_in_json(c: char) -> bool {
    needs_escape(c) && !c.is_ascii_whitespace()
}

/// A parse error's excerpt (the line, then a caret line under the column)
/// escaped with its caret still under the same character: the caret line's
/// padding is recounted over the escaped text. An excerpt of another shape
/// is escaped line by line.
pub fn excerpt(text: &str) -> String {
    let mut parts = text.split('\n');
    let (Some(line), Some(caret), None) = (parts.next(), parts.next(), parts.next()) else {
        return lines(text).into_owned();
    };
    let trimmed = caret.trim_end();
    let Some(before) = trimmed.strip_suffix('^') else {
        return lines(text).into_owned();
    };
    if !before.chars().all(|c| c == ' ' || c == '\t') {
        return lines(text).into_owned();
    }
    // The caret line mirrors the source line character by character (a
    // tab under a tab, a space under anything else).
    let under = before.chars().count();
    let head: String = line.chars().take(under).collect();
    let pad = escape(&head).chars().count();
    format!("{}\n{}^", escape(line), " ".repeat(pad))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_control_character_is_written_out() {
        assert_eq!(escape("\u{1b}]0;pwned\u{7}Q3"), "\\e]0;pwned\\x07Q3");
        assert_eq!(escape("a\u{1b}[2Jb"), "a\\e[2Jb");
        assert_eq!(escape("a\r\nb\tc"), "a\\r\\nb\\tc");
        assert_eq!(escape("x\u{9b}31my"), "x\\x9b31my");
        assert_eq!(escape("del\u{7f}"), "del\\x7f");
        assert_eq!(escape("\u{0}\u{1f}\u{80}\u{9f}"), "\\x00\\x1f\\x80\\x9f");
        assert_eq!(escape("abc\u{202e}fed"), "abc\\u{202e}fed");
    }

    #[test]
    fn plain_text_is_untouched_and_borrowed() {
        for text in [
            "",
            "MQL → SAL",
            "Sales & Marketing",
            "a\\b",
            "ünïcødé 🚀",
            "€ 5",
        ] {
            assert!(
                matches!(escape(text), Cow::Borrowed(t) if t == text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn lines_keep_the_outputs_own_breaks() {
        assert_eq!(lines("one\ntwo\u{1b}[2J\r\n"), "one\ntwo\\e[2J\\r\n");
    }

    #[test]
    fn escaped_text_holds_no_control_character_and_escaping_twice_changes_nothing() {
        let all: String = (0u32..0x2070).filter_map(char::from_u32).collect();
        let once = escape(&all).into_owned();
        assert!(!once.chars().any(needs_escape));
        assert_eq!(escape(&once), once);
        assert_eq!(lines(&once), once);
    }

    #[test]
    fn json_keeps_the_string_and_escapes_what_serde_leaves_raw() {
        let value = serde_json::json!({ "title": "a\u{1b}[2J\u{7f}\u{9b}\u{202e}\nb" });
        let text = json(&value).unwrap_or_default();
        assert!(
            !text.chars().any(|c| needs_escape(c) && c != '\n'),
            "{text}"
        );
        assert!(text.contains(r"a\u001b[2J\u007f\u009b\u202e\nb"), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(back, value);
    }

    #[test]
    fn the_caret_stays_under_its_character() {
        // Column 9 is the `x`, after an escape sequence and a tab.
        let excerpt_text = "    3 | \u{1b}[2J\tx,\n            \t^";
        let shown = excerpt(excerpt_text);
        let (line, caret) = shown.split_once('\n').unwrap_or_default();
        assert_eq!(line, "    3 | \\e[2J\\tx,");
        let at = caret.chars().count() - 1;
        assert_eq!(line.chars().nth(at), Some('x'), "{shown}");
        assert_eq!(excerpt("odd\u{7}"), "odd\\x07");
    }
}
