//! The sessions folder, read lazily: listing it reads file names and times
//! only, and a session's title is read when its row is first shown. A
//! folder of big sessions then costs nothing to the app opened on a FILE,
//! and only the shown rows to the start screen.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::Deserialize;
use serde::de::{self, IgnoredAny, MapAccess, Visitor};

use crate::store::{self, FileFormat};

/// One session file of the folder.
pub(super) struct Row {
    pub path: PathBuf,
    pub modified: Option<SystemTime>,
    /// The workshop title, or why the file cannot be read; `None` until
    /// the row is first shown.
    pub title: Option<Result<String, String>>,
}

/// The session files of `dir`, most recently changed first, none of them
/// opened. Backups and other files are skipped.
pub(super) fn list(dir: &Path) -> Vec<Row> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut rows: Vec<Row> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && FileFormat::of(p).is_ok())
        .map(|path| Row {
            modified: store::modified(&path),
            path,
            title: None,
        })
        .collect();
    rows.sort_by(|a, b| {
        b.modified
            .cmp(&a.modified)
            .then_with(|| a.path.cmp(&b.path))
    });
    rows
}

/// Files up to this size are parsed whole, so a broken one is marked in
/// the list; a workshop-sized session is a few dozen KiB.
const PARSE_WHOLE: u64 = 256 << 10;

/// How much of a bigger file is read for its title, which our own files
/// write second, after the version.
const HEAD: u64 = 64 << 10;

/// The title of the session in `path`, or why it cannot be read. A big
/// file is read only up to its title: a fault further down shows when it is
/// opened, with its line and column.
pub(super) fn title(path: &Path) -> Result<String, String> {
    let whole = |path: &Path| {
        store::parse(path)
            .map(|s| s.title)
            .map_err(|e| e.to_string())
    };
    let size = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    if size <= PARSE_WHOLE {
        return whole(path);
    }
    let format = FileFormat::of(path).map_err(|e| e.to_string())?;
    let mut head = Vec::new();
    File::open(path)
        .and_then(|f| f.take(HEAD).read_to_end(&mut head))
        .map_err(|e| e.to_string())?;
    // A hand-written file may name its title late: read all of it then.
    title_in_head(&head, format).map_or_else(|| whole(path), Ok)
}

/// The title, if `head` (the start of a session file) names it; `None`
/// when it is cut off before the title or is not a session.
pub(super) fn title_in_head(head: &[u8], format: FileFormat) -> Option<String> {
    // The cut may fall inside a character.
    let text = match std::str::from_utf8(head) {
        Ok(t) => t,
        Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).ok()?,
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut found = None;
    // The visitor stops at the title, so the parser reports the rest as
    // missing; what it found before that is what we asked for.
    match format {
        FileFormat::Ron => {
            let mut de = ron::Deserializer::from_str(text).ok()?;
            let _ = de::Deserializer::deserialize_struct(
                &mut de,
                "Session",
                &["title"],
                TitleFirst(&mut found),
            );
        }
        FileFormat::Json => {
            let mut de = serde_json::Deserializer::from_str(text);
            let _ = de::Deserializer::deserialize_struct(
                &mut de,
                "Session",
                &["title"],
                TitleFirst(&mut found),
            );
        }
    }
    found
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum Key {
    Title,
    #[serde(other)]
    Other,
}

/// Reads a session's fields up to its title, skipping the others unread.
struct TitleFirst<'a>(&'a mut Option<String>);

impl<'de> Visitor<'de> for TitleFirst<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a session")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Title => {
                    *self.0 = Some(map.next_value()?);
                    return Ok(());
                }
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assets;
    use crate::session::Session;

    /// The example with `n` ideas carrying long notes: well past
    /// [`PARSE_WHOLE`] at a few hundred.
    fn big(n: usize) -> Session {
        let mut s = assets::example_session();
        let base = s.ideas.clone();
        s.ideas = (0..n)
            .map(|i| {
                let mut idea = base[i % base.len()].clone();
                idea.id = i as u32 + 1;
                idea.notes = "n".repeat(1_000);
                idea
            })
            .collect();
        s.votes.clear();
        s.plan.ideas.clear();
        s
    }

    #[test]
    fn a_big_file_is_read_only_up_to_its_title() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("big.ron");
        store::save(&path, &big(400)).expect("save");
        // Broken past the head: a whole parse would fail.
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.len() as u64 > PARSE_WHOLE);
        std::fs::write(&path, &text[..text.len() / 2]).expect("cut");
        assert!(store::parse(&path).is_err());
        assert_eq!(title(&path), Ok(assets::example_session().title));
    }

    #[test]
    fn a_small_broken_file_is_marked_as_before() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("broken.ron");
        std::fs::write(&path, "(version: 1, title: \"x\",\n  company: 12,\n").expect("write");
        assert!(title(&path).is_err());
    }

    #[test]
    fn a_title_written_after_the_ideas_is_found_by_reading_the_whole_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("late.json");
        let mut value = serde_json::to_value(big(400)).expect("to value");
        if let Some(fields) = value.as_object_mut() {
            fields.remove("title");
        }
        let rest = serde_json::to_string(&value).expect("to text");
        let text = format!("{}, \"title\": \"Named last\"}}", &rest[..rest.len() - 1]);
        std::fs::write(&path, &text).expect("write");
        assert_eq!(
            title_in_head(&text.as_bytes()[..HEAD as usize], FileFormat::Json),
            None
        );
        assert_eq!(title(&path), Ok("Named last".to_string()));
    }

    #[test]
    fn a_head_cut_inside_a_character_or_with_a_byte_order_mark_still_gives_the_title() {
        let head = "\u{feff}(version: 1, title: \"Été à Zürich\", ideas: [(id: 1, title: \"É";
        let cut = &head.as_bytes()[..head.len() - 1];
        assert_eq!(
            title_in_head(cut, FileFormat::Ron).as_deref(),
            Some("Été à Zürich")
        );
        let json = br#"{"version": 1, "title": "Q4", "ideas": [{"id": 1, "tit"#;
        assert_eq!(title_in_head(json, FileFormat::Json).as_deref(), Some("Q4"));
        assert_eq!(title_in_head(b"(version: 1, compa", FileFormat::Ron), None);
        assert_eq!(title_in_head(b"[1, 2]", FileFormat::Json), None);
    }
}
