//! Reading a session file defensively: whatever a user names as FILE (a
//! pipe, a device, a folder, a 10 GB log, a Latin-1 export, one 10 MB line)
//! gets a short, specific refusal instead of a hang, a crash or a screenful.

use std::fs;
use std::io::Read;
use std::path::Path;

use serde::Deserialize;

use super::{FileFormat, StoreError};
use crate::session::limits::FILE_BYTES_MAX;
use crate::session::{CURRENT_VERSION, Session};

/// Characters shown on either side of the column of a syntax error, so an
/// error on a minified or corrupted 10 MB line prints one line, not 20 MB.
pub const EXCERPT_SIDE_CHARS: usize = 60;

/// Only the version, read before anything else so a newer file is refused
/// with a clear message instead of a confusing parse error.
#[derive(Deserialize)]
struct VersionProbe {
    version: u32,
}

/// Reads and parses a session without validating it (for `check`, which
/// wants to list problems rather than refuse).
pub fn parse(path: &Path) -> Result<Session, StoreError> {
    let format = FileFormat::of(path)?;
    let bytes = read_capped(path, FILE_BYTES_MAX)?;
    let text = decode(path, &bytes)?;
    parse_str(path, text, format)
}

/// The bytes of `path`, refusing anything but a regular file of at most
/// `limit` bytes. Never blocks: the type is checked before opening, and the
/// open itself does not wait for a writer (a FIFO swapped in between the
/// check and the open is caught by the second check on the open file).
pub fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>, StoreError> {
    let read_err = |source| StoreError::Read {
        path: path.to_path_buf(),
        source,
    };
    let meta = fs::metadata(path).map_err(read_err)?;
    check_regular(path, &meta, limit)?;
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(read_err)?;
    let meta = file.metadata().map_err(read_err)?;
    check_regular(path, &meta, limit)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // The file may grow while we read; never take more than the limit.
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(read_err)?;
    let size = bytes.len() as u64;
    if size > limit {
        return Err(StoreError::TooBig {
            path: path.to_path_buf(),
            size,
            limit,
        });
    }
    Ok(bytes)
}

fn check_regular(path: &Path, meta: &fs::Metadata, limit: u64) -> Result<(), StoreError> {
    let kind = file_kind(&meta.file_type());
    if let Some(kind) = kind {
        return Err(StoreError::NotAFile {
            path: path.to_path_buf(),
            kind,
        });
    }
    if meta.len() > limit {
        return Err(StoreError::TooBig {
            path: path.to_path_buf(),
            size: meta.len(),
            limit,
        });
    }
    Ok(())
}

/// What a non-regular file is, in words; `None` for a regular file.
fn file_kind(t: &fs::FileType) -> Option<&'static str> {
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("a device");
        }
        if t.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// The text of a file: UTF-8, with a leading byte-order mark (Windows
/// editors add one) skipped. Bad bytes are reported at their line and
/// column, as an editor counts them.
pub fn decode<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str, StoreError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        // The prefix is valid UTF-8 by construction; count characters.
        let column = std::str::from_utf8(&good[line_start..]).map_or(0, |s| s.chars().count()) + 1;
        StoreError::Encoding {
            path: path.to_path_buf(),
            line,
            column,
        }
    })
}

/// Parses `text` as the contents of `path`.
pub fn parse_str(path: &Path, text: &str, format: FileFormat) -> Result<Session, StoreError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let too_new = |found: u32| StoreError::TooNew {
        path: path.to_path_buf(),
        found,
        known: CURRENT_VERSION,
    };
    let parsed: Result<Session, StoreError> = parse_session(path, text, format);
    match parsed {
        // One full parse in the common case; big files load twice as fast.
        Ok(s) if s.version > CURRENT_VERSION => Err(too_new(s.version)),
        Ok(s) => Ok(s),
        // A newer file that does not parse (new fields, new shapes) is
        // refused for its version, not for the parse error it causes.
        Err(e) => {
            let probe: Option<VersionProbe> = match format {
                FileFormat::Ron => ron::from_str(text).ok(),
                FileFormat::Json => serde_json::from_str(text).ok(),
            };
            match probe {
                Some(p) if p.version > CURRENT_VERSION => Err(too_new(p.version)),
                _ => Err(e),
            }
        }
    }
}

fn parse_session(path: &Path, text: &str, format: FileFormat) -> Result<Session, StoreError> {
    match format {
        FileFormat::Ron => ron::from_str(text).map_err(|e| {
            parse_error(
                path,
                text,
                e.span.start.line,
                e.span.start.col,
                e.code.to_string(),
            )
        }),
        FileFormat::Json => serde_json::from_str(text)
            .map_err(|e| parse_error(path, text, e.line(), e.column(), json_message(&e))),
    }
}

/// serde_json appends " at line L column C" to its messages; we say where
/// ourselves, so drop it.
fn json_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    }
}

fn parse_error(path: &Path, text: &str, line: usize, column: usize, message: String) -> StoreError {
    let line = line.max(1);
    let shown = text.lines().nth(line - 1).unwrap_or("");
    // RON reports where it began reading a value, which is often the blank
    // before it; point at the value itself, so the caret sits under it.
    let column = column.max(1);
    let rest = shown.chars().skip(column - 1);
    let column = match rest.clone().position(|c| !c.is_whitespace()) {
        Some(blanks) => column + blanks,
        None => column,
    };
    let (cut, caret_at) = cut_around(shown, column);
    let gutter = format!("{line:>5} | ");
    let caret_pad: String = cut
        .chars()
        .take(caret_at)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let excerpt = format!("{gutter}{cut}\n{}{caret_pad}^", " ".repeat(gutter.len()));
    StoreError::Parse {
        path: path.to_path_buf(),
        line,
        column,
        message,
        excerpt,
    }
}

/// At most `EXCERPT_SIDE_CHARS` characters either side of `column`
/// (1-based), with `…` where the line was cut; and how many characters of
/// the cut precede the column.
fn cut_around(line: &str, column: usize) -> (String, usize) {
    let at = column.saturating_sub(1);
    let start = at.saturating_sub(EXCERPT_SIDE_CHARS);
    let end = at.saturating_add(EXCERPT_SIDE_CHARS + 1);
    let mut cut = String::new();
    if start > 0 {
        cut.push('…');
    }
    let mut chars = line.chars().skip(start);
    cut.extend(chars.by_ref().take(end - start));
    if chars.next().is_some() {
        cut.push('…');
    }
    (cut, at - start + usize::from(start > 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_are_shown_whole() {
        assert_eq!(cut_around("abc", 2), ("abc".to_string(), 1));
        let line = "x".repeat(121);
        assert_eq!(cut_around(&line, 61), (line.clone(), 60));
    }

    #[test]
    fn long_lines_are_cut_around_the_column_with_marks() {
        let line: String = (0..10_000)
            .map(|i| char::from(b'a' + (i % 26) as u8))
            .collect();
        let (cut, caret) = cut_around(&line, 5_000);
        assert_eq!(cut.chars().count(), 1 + 121 + 1);
        assert!(cut.starts_with('…') && cut.ends_with('…'));
        // The caret points at the 5,000th character of the line.
        assert_eq!(cut.chars().nth(caret), line.chars().nth(4_999));
        assert_eq!(caret, 61);

        // Near the start only the end is cut.
        let (cut, caret) = cut_around(&line, 3);
        assert!(!cut.starts_with('…') && cut.ends_with('…'));
        assert_eq!(caret, 2);
        assert_eq!(cut.chars().count(), 63 + 1);
        // Near the end only the start is.
        let (cut, caret) = cut_around(&line, 10_000);
        assert!(cut.starts_with('…') && !cut.ends_with('…'));
        assert_eq!(
            cut.chars().nth(caret),
            Some(line.chars().last().unwrap_or('?'))
        );
    }

    #[test]
    fn bad_utf8_is_reported_at_line_and_column() {
        let path = Path::new("latin1.ron");
        let err = decode(path, b"(\n  title: \"Caf\xE9\",\n)").unwrap_err();
        let StoreError::Encoding { line, column, .. } = err else {
            panic!("{err:?}");
        };
        assert_eq!((line, column), (2, 14));
        // Characters, not bytes, count towards the column.
        let mut bytes = "é\u{2192}x".as_bytes().to_vec();
        bytes.push(0xFF);
        let err = decode(path, &bytes).unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::Encoding {
                    line: 1,
                    column: 4,
                    ..
                }
            ),
            "{err:?}"
        );
        let err = decode(path, b"\xFF").unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::Encoding {
                    line: 1,
                    column: 1,
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let path = Path::new("bom.ron");
        assert_eq!(decode(path, b"\xEF\xBB\xBF(x)").ok(), Some("(x)"));
        assert_eq!(decode(path, b"(x)").ok(), Some("(x)"));
    }
}
