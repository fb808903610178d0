//! Checked saves on a real file system: nothing written over someone
//! else's change, symlinks kept, hand comments kept once, stray temp files
//! cleaned; and reading whatever a user names as FILE without hanging.

use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

use funnelcheck::assets;
use funnelcheck::session::limits::FILE_BYTES_MAX;
use funnelcheck::store::{self, FileFormat, StoreError};

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temp dir")
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn example_bytes() -> Vec<u8> {
    store::to_bytes(&assets::example_session(), FileFormat::Ron).expect("serialise")
}

#[test]
fn a_save_never_replaces_a_file_changed_since_we_read_it() {
    let dir = tempdir();
    let path = dir.path().join("s.ron");
    let ours_before = example_bytes();
    fs::write(&path, &ours_before).expect("write");

    // Someone else saves in between.
    let theirs = String::from_utf8(ours_before.clone())
        .expect("utf8")
        .replacen("Q4 Funnel Reality Check", "Their title", 1);
    fs::write(&path, &theirs).expect("their save");

    let mut mine = assets::example_session();
    mine.title = "My title".into();
    let mine = store::to_bytes(&mine, FileFormat::Ron).expect("ser");
    let err = store::save_checked(&path, &mine, Some(&ours_before)).expect_err("changed on disk");
    assert!(matches!(err, StoreError::ChangedOnDisk { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.contains("s.ron") && msg.contains("nothing was written"),
        "{msg}"
    );
    assert_eq!(fs::read_to_string(&path).expect("read"), theirs);
    assert_eq!(names(dir.path()), ["s.ron"], "no temp file, no backup");

    // Against what the file really holds, the save goes through.
    let saved = store::save_checked(&path, &mine, Some(theirs.as_bytes())).expect("save");
    assert_eq!(saved.bytes_written, mine.len());
    assert_eq!(saved.orig, None);
    assert_eq!(fs::read(&path).expect("read"), mine);
    assert_eq!(
        fs::read_to_string(store::backup_path(&path)).expect("bak"),
        theirs
    );
}

#[test]
fn a_missing_file_or_the_same_bytes_are_no_conflict() {
    let dir = tempdir();
    let path = dir.path().join("s.ron");
    let bytes = example_bytes();
    // Deleted under us: writing it again loses nobody's work.
    let saved = store::save_checked(&path, &bytes, Some(b"what we read")).expect("save");
    assert_eq!(saved.bytes_written, bytes.len());
    // Already holding exactly these bytes: nothing to write.
    let saved = store::save_checked(&path, &bytes, Some(b"stale")).expect("same");
    assert_eq!(saved.bytes_written, 0);
    assert_eq!(names(dir.path()), ["s.ron"]);
}

#[cfg(unix)]
#[test]
fn a_symlinked_session_stays_a_link_and_its_target_is_written() {
    let dir = tempdir();
    let synced = dir.path().join("synced");
    fs::create_dir(&synced).expect("mkdir");
    let target = synced.join("real.ron");
    let first = example_bytes();
    fs::write(&target, &first).expect("write");
    let link = dir.path().join("s.ron");
    std::os::unix::fs::symlink("synced/real.ron", &link).expect("symlink");

    let mut changed = assets::example_session();
    changed.title = "Through the link".into();
    let bytes = store::to_bytes(&changed, FileFormat::Ron).expect("ser");
    let saved = store::save_checked(&link, &bytes, Some(&first)).expect("save");
    assert_eq!(saved.target, target);
    assert!(
        fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink(),
        "the link stays a link"
    );
    assert_eq!(fs::read(&target).expect("target"), bytes);
    assert_eq!(
        fs::read(store::backup_path(&target)).expect("bak beside the target"),
        first
    );
    assert_eq!(names(dir.path()), ["s.ron", "synced"]);

    // The command line's save goes through the link as well.
    store::save(&link, &assets::example_session()).expect("cli save");
    assert!(
        fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        store::load(&target).expect("load"),
        assets::example_session()
    );
}

#[test]
fn hand_written_comments_are_kept_once_as_orig() {
    let dir = tempdir();
    let path = dir.path().join("example.ron");
    fs::write(&path, assets::EXAMPLE_SESSION).expect("write");
    assert!(assets::EXAMPLE_SESSION.starts_with("//"));

    let mut s = assets::example_session();
    s.title = "First rewrite".into();
    let first = store::to_bytes(&s, FileFormat::Ron).expect("ser");
    let saved =
        store::save_checked(&path, &first, Some(assets::EXAMPLE_SESSION.as_bytes())).expect("save");
    let orig = store::orig_path(&path);
    assert_eq!(orig, dir.path().join("example.ron.orig"));
    assert_eq!(saved.orig.as_deref(), Some(orig.as_path()));
    assert_eq!(
        fs::read_to_string(&orig).expect("orig"),
        assets::EXAMPLE_SESSION
    );

    // The second save has no comments to keep; .orig stays as it was, while
    // .bak moves on.
    s.title = "Second rewrite".into();
    let second = store::to_bytes(&s, FileFormat::Ron).expect("ser");
    let saved = store::save_checked(&path, &second, Some(&first)).expect("save");
    assert_eq!(saved.orig, None);
    assert_eq!(
        fs::read_to_string(&orig).expect("orig"),
        assets::EXAMPLE_SESSION
    );
    assert_eq!(fs::read(store::backup_path(&path)).expect("bak"), first);

    // Comments written again later never replace the first .orig.
    let commented = format!(
        "// again\n{}",
        String::from_utf8(second.clone()).expect("utf8")
    );
    fs::write(&path, &commented).expect("write");
    let saved = store::save_checked(&path, &first, Some(commented.as_bytes())).expect("save");
    assert_eq!(saved.orig, None);
    assert_eq!(
        fs::read_to_string(&orig).expect("orig"),
        assets::EXAMPLE_SESSION
    );
}

#[test]
fn a_file_without_comments_gets_no_orig() {
    let dir = tempdir();
    let path = dir.path().join("s.ron");
    let mut s = assets::example_session();
    s.notes = "see https://example.com // not a comment".into();
    let first = store::to_bytes(&s, FileFormat::Ron).expect("ser");
    fs::write(&path, &first).expect("write");
    s.title = "x".into();
    let second = store::to_bytes(&s, FileFormat::Ron).expect("ser");
    let saved = store::save_checked(&path, &second, Some(&first)).expect("save");
    assert_eq!(saved.orig, None);
    assert_eq!(names(dir.path()), ["s.ron", "s.ron.bak"]);
}

fn age(path: &Path, secs: u64) {
    let file = fs::File::options().write(true).open(path).expect("open");
    file.set_modified(SystemTime::now() - Duration::from_secs(secs))
        .expect("set mtime");
}

#[test]
fn stray_temp_files_of_that_session_are_cleaned() {
    let dir = tempdir();
    let path = dir.path().join("q4.ron");
    fs::write(&path, example_bytes()).expect("write");
    let stray = [
        ".q4.ron.a1B2c3",
        ".q4.ron.bak.ZZ9yy8",
        ".q4.ron.lock.000000",
    ];
    let fresh = ".q4.ron.Fresh1";
    let others = [
        ".q5.ron.a1B2c3",      // another session's temp
        ".q4.ron.toolong1",    // not the pattern
        "q4.ron.a1B2c3",       // not hidden
        ".q4.ron.notes",       // a user's file
        ".q4.ron.bak.a1B2c3x", // not six characters
    ];
    for name in stray.iter().chain(others.iter()).chain([&fresh]) {
        fs::write(dir.path().join(name), "copy").expect("write");
        if *name != fresh {
            age(&dir.path().join(name), 60);
        }
    }
    let removed = store::clean_stray_temps(&path);
    let mut expected: Vec<_> = stray.iter().map(|n| dir.path().join(n)).collect();
    expected.sort();
    assert_eq!(removed, expected);
    for name in others.iter().chain([&fresh]) {
        assert!(dir.path().join(name).exists(), "{name} must stay");
    }
    assert!(path.exists());
    assert!(store::clean_stray_temps(&path).is_empty());
}

#[test]
fn the_temp_files_of_a_save_match_what_cleaning_looks_for() {
    // A save that fails after writing its temp file (the folder is made
    // read-only under it would be racy; a folder in place of the file makes
    // the rename fail) leaves no temp file behind.
    let dir = tempdir();
    let path = dir.path().join("taken.ron");
    fs::create_dir(&path).expect("mkdir");
    let err = store::save_checked(&path, b"(version: 1)", None).expect_err("a folder");
    assert!(err.to_string().contains("taken.ron"), "{err}");
    assert_eq!(names(dir.path()), ["taken.ron"]);
}

#[cfg(unix)]
#[test]
fn a_fifo_a_device_and_a_folder_are_refused_without_blocking() {
    let dir = tempdir();
    let fifo = dir.path().join("pipe.ron");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
    let (tx, rx) = std::sync::mpsc::channel();
    let fifo_for_thread = fifo.clone();
    std::thread::spawn(move || {
        let _ = tx.send(store::load(&fifo_for_thread).map(|_| ()));
    });
    let result = rx
        .recv_timeout(Duration::from_secs(5))
        .expect("loading a FIFO must not block");
    let err = result.expect_err("a FIFO is no session");
    assert!(matches!(err, StoreError::NotAFile { .. }), "{err:?}");
    assert!(err.to_string().contains("named pipe"), "{err}");

    let folder = dir.path().join("folder.ron");
    fs::create_dir(&folder).expect("mkdir");
    let err = store::load(&folder).expect_err("a folder");
    assert!(
        err.to_string().contains("is a folder, not a session file"),
        "{err}"
    );

    // /dev/zero through a link with a session's name.
    let zero = dir.path().join("zero.ron");
    std::os::unix::fs::symlink("/dev/zero", &zero).expect("symlink");
    let err = store::load(&zero).expect_err("a device");
    assert!(err.to_string().contains("is a device"), "{err}");

    // Nor does a save replace them.
    let err = store::save(&fifo, &assets::example_session()).expect_err("no save over a FIFO");
    assert!(matches!(err, StoreError::NotAFile { .. }), "{err:?}");
}

#[test]
fn a_file_over_the_size_limit_is_refused_with_both_sizes() {
    let dir = tempdir();
    let path = dir.path().join("huge.ron");
    let file = fs::File::create(&path).expect("create");
    // Sparse: no 64 MB actually written.
    file.set_len(FILE_BYTES_MAX + 1).expect("set_len");
    let err = store::load(&path).expect_err("too big");
    assert!(matches!(err, StoreError::TooBig { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("64.0 MB") && msg.contains("64 MB"), "{msg}");
    // Exactly at the limit is read (and then fails as text, not for size).
    file.set_len(FILE_BYTES_MAX).expect("set_len");
    let err = store::parse(&path).expect_err("zeros are no session");
    assert!(!matches!(err, StoreError::TooBig { .. }), "{err:?}");
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let dir = tempdir();
    let path = dir.path().join("bom.ron");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(assets::EXAMPLE_SESSION.as_bytes());
    fs::write(&path, &bytes).expect("write");
    assert_eq!(
        store::load(&path).expect("loads"),
        assets::example_session()
    );
    let json = dir.path().join("bom.json");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(store::to_bytes(&assets::example_session(), FileFormat::Json).expect("json"));
    fs::write(&json, &bytes).expect("write");
    assert_eq!(
        store::load(&json).expect("loads"),
        assets::example_session()
    );
}

#[test]
fn invalid_utf8_says_where() {
    let dir = tempdir();
    let path = dir.path().join("latin1.ron");
    let text = assets::EXAMPLE_SESSION.replacen("title: \"Q4", "title: \"Q\u{e9}4", 1);
    let line = text
        .lines()
        .position(|l| l.contains("title: \"Q\u{e9}4"))
        .expect("title line")
        + 1;
    // é in Latin-1 is the single byte E9.
    let bytes: Vec<u8> = text
        .replacen('\u{e9}', "\u{1}", 1)
        .bytes()
        .map(|b| if b == 1 { 0xE9 } else { b })
        .collect();
    fs::write(&path, &bytes).expect("write");
    let err = store::load(&path).expect_err("not UTF-8");
    let StoreError::Encoding {
        line: l, column, ..
    } = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!(*l, line);
    assert_eq!(*column, "    title: \"Q".chars().count() + 1);
    assert!(err.to_string().contains("save the file as UTF-8"), "{err}");
}

#[test]
fn a_syntax_error_on_a_huge_line_prints_an_excerpt() {
    let dir = tempdir();
    let path = dir.path().join("one-line.ron");
    // The whole session on one line, then a stray character 5 MB in.
    let mut text: String = assets::EXAMPLE_SESSION
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join(" ");
    let pad = " ".repeat(5_000_000);
    text = text.replacen("title:", &format!("title:{pad}"), 1);
    text = text.replacen("\"Q4 Funnel", "#\"Q4 Funnel", 1);
    fs::write(&path, &text).expect("write");
    let err = store::parse(&path).expect_err("syntax error");
    let msg = err.to_string();
    assert!(msg.len() < 1_000, "{} bytes", msg.len());
    let StoreError::Parse { excerpt, .. } = &err else {
        panic!("{err:?}");
    };
    let first = excerpt.lines().next().unwrap_or_default();
    assert!(
        first.contains('…') && first.contains("#\"Q4 Funnel"),
        "{excerpt}"
    );
    // The caret sits under the stray character.
    let caret = excerpt.lines().nth(1).unwrap_or_default();
    let at = caret.chars().count() - 1;
    assert_eq!(first.chars().nth(at), Some('#'), "{excerpt}");
}
