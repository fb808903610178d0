//! The store on a real file system: atomic saves with backups, clear errors,
//! the version guard and where sessions live.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use funnelcheck::assets;
use funnelcheck::session::Session;
use funnelcheck::store::{self, StoreError};

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temp dir")
}

fn example() -> Session {
    assets::example_session()
}

#[test]
fn save_keeps_the_previous_version_as_bak() {
    let dir = tempdir();
    let path = dir.path().join("q4.ron");
    let bak = store::backup_path(&path);
    assert_eq!(bak, dir.path().join("q4.ron.bak"));

    let first = example();
    store::save(&path, &first).expect("first save");
    assert!(!bak.exists(), "nothing to back up on the first save");
    let first_text = fs::read_to_string(&path).expect("read");

    let mut second = first.clone();
    second.title = "After the break".into();
    store::save(&path, &second).expect("second save");
    assert_eq!(fs::read_to_string(&bak).expect("bak"), first_text);
    assert_eq!(store::load(&path).expect("load").title, "After the break");

    // Saving the same session again leaves the backup alone.
    store::save(&path, &second).expect("same save");
    assert_eq!(fs::read_to_string(&bak).expect("bak"), first_text);

    let mut third = second.clone();
    third.notes = "third".into();
    store::save(&path, &third).expect("third save");
    let bak_session: Session = ron::from_str(&fs::read_to_string(&bak).expect("bak")).expect("ron");
    assert_eq!(bak_session, second);
    // No temporary files are left behind.
    let names: Vec<String> = fs::read_dir(dir.path())
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(sorted, ["q4.ron", "q4.ron.bak"]);
}

#[test]
fn saved_files_are_pretty_ron_with_a_version() {
    let dir = tempdir();
    let path = dir.path().join("pretty.ron");
    store::save(&path, &example()).expect("save");
    let text = fs::read_to_string(&path).expect("read");
    assert!(text.starts_with("(\n    version: 1,\n"), "{}", &text[..40]);
    assert!(text.contains("    title: \"Q4 Funnel Reality Check\",\n"));
    assert!(
        text.lines().count() > 100,
        "one field per line, hand-editable"
    );
}

#[test]
fn save_to_an_impossible_path_says_why() {
    let dir = tempdir();
    let missing = dir.path().join("no/such/folder/s.ron");
    let err = store::save(&missing, &example()).expect_err("no folder");
    assert!(matches!(err, StoreError::Write { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.starts_with("cannot save "), "{msg}");
    assert!(msg.contains("no/such/folder/s.ron"), "{msg}");
    assert!(msg.contains("left as it was"), "{msg}");

    let err = store::save(&dir.path().join("notes.txt"), &example()).expect_err("bad extension");
    assert!(err.to_string().contains(".ron or .json"), "{err}");

    // A folder in the way of the file.
    let blocked = dir.path().join("taken.ron");
    fs::create_dir(&blocked).expect("mkdir");
    let err = store::save(&blocked, &example()).expect_err("a folder, not a file");
    assert!(err.to_string().contains("taken.ron"), "{err}");
}

#[test]
fn a_newer_file_is_refused_and_never_written() {
    let dir = tempdir();
    let path = dir.path().join("future.ron");
    let text = assets::EXAMPLE_SESSION.replacen("version: 1,", "version: 7,", 1);
    fs::write(&path, &text).expect("write");

    let err = store::load(&path).expect_err("newer file");
    let msg = err.to_string();
    assert!(
        matches!(
            err,
            StoreError::TooNew {
                found: 7,
                known: 1,
                ..
            }
        ),
        "{msg}"
    );
    assert!(
        msg.contains("version 7") && msg.contains("version 1"),
        "{msg}"
    );
    assert!(store::parse(&path).is_err());

    // Even a save aimed at it leaves it alone.
    let err = store::save(&path, &example()).expect_err("must not overwrite");
    assert!(matches!(err, StoreError::TooNew { .. }), "{err:?}");
    assert_eq!(fs::read_to_string(&path).expect("read"), text);
    assert!(!store::backup_path(&path).exists());

    // The same for JSON.
    let json = dir.path().join("future.json");
    fs::write(&json, r#"{"version": 3, "title": "x"}"#).expect("write");
    assert!(matches!(
        store::load(&json),
        Err(StoreError::TooNew { found: 3, .. })
    ));
    assert!(store::save(&json, &example()).is_err());
    assert_eq!(
        fs::read_to_string(&json).expect("read"),
        r#"{"version": 3, "title": "x"}"#
    );
}

#[test]
fn parse_errors_point_at_the_line_in_json_too() {
    let dir = tempdir();
    let path = dir.path().join("broken.json");
    let mut text = store::to_text(&example(), store::FileFormat::Json).expect("json");
    text = text.replacen("\"deal_size\": 24000.0", "\"deal_size\": \"lots\"", 1);
    fs::write(&path, &text).expect("write");
    let err = store::load(&path).expect_err("a string for a number");
    let StoreError::Parse {
        line,
        column,
        excerpt,
        ..
    } = &err
    else {
        panic!("expected a parse error, got {err:?}");
    };
    let expected_line = text
        .lines()
        .position(|l| l.contains("\"lots\""))
        .expect("line present")
        + 1;
    assert_eq!(*line, expected_line);
    assert!(*column > 1);
    assert!(excerpt.contains("\"deal_size\": \"lots\""));
    let msg = err.to_string();
    assert!(msg.contains("broken.json") && msg.contains(&format!("line {expected_line}")));
    assert!(
        !msg.contains(" at line ") || msg.matches(" at line ").count() == 1,
        "{msg}"
    );
}

#[test]
fn invalid_sessions_are_refused_with_every_problem() {
    let dir = tempdir();
    let path = dir.path().join("bad.ron");
    let text = assets::EXAMPLE_SESSION
        .replacen("count: 660,", "count: 6600,", 1)
        .replacen("title: \"Q4 Funnel Reality Check\"", "title: \"  \"", 1);
    fs::write(&path, text).expect("write");
    let err = store::load(&path).expect_err("invalid");
    let StoreError::Invalid { problems, .. } = &err else {
        panic!("expected Invalid, got {err:?}");
    };
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["title", "stages[2].count"]);
    // `parse` still reads it, for `check` and for repairs.
    assert!(store::parse(&path).is_ok());
}

fn touch(path: &Path, text: &str, age_secs: u64) {
    fs::write(path, text).expect("write");
    let when = SystemTime::now() - Duration::from_secs(age_secs);
    fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(when))
        .expect("set mtime");
}

#[test]
fn list_sessions_newest_first_without_backups() {
    let dir = tempdir();
    let d = dir.path();
    let session = |title: &str| {
        let mut s = example();
        s.title = title.into();
        store::to_text(&s, store::FileFormat::Ron).expect("ron")
    };
    touch(&d.join("old.ron"), &session("Old"), 3000);
    touch(&d.join("new.ron"), &session("New"), 10);
    touch(
        &d.join("middle.json"),
        &store::to_text(&example(), store::FileFormat::Json).expect("json"),
        600,
    );
    touch(&d.join("new.ron.bak"), &session("Backup"), 0);
    touch(&d.join("notes.txt"), "not a session", 0);
    touch(&d.join("broken.ron"), "(version: 1, title: ", 5000);
    fs::create_dir(d.join("folder.ron")).expect("mkdir");

    let list = store::list_sessions(d);
    let names: Vec<String> = list
        .iter()
        .map(|e| {
            e.path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(names, ["new.ron", "middle.json", "old.ron", "broken.ron"]);
    assert_eq!(list[0].title.as_deref(), Ok("New"));
    assert_eq!(list[1].title.as_deref(), Ok("Q4 Funnel Reality Check"));
    let broken = list[3].title.as_ref().expect_err("unreadable");
    assert!(
        broken.contains("broken.ron") && broken.contains("line 1"),
        "{broken}"
    );
    assert!(list.windows(2).all(|w| w[0].modified >= w[1].modified));

    assert!(store::list_sessions(&d.join("missing")).is_empty());
}

#[test]
fn path_for_name_makes_safe_file_names() {
    let d = Path::new("/s");
    assert_eq!(
        store::path_for_name(d, "Q4 Review!"),
        PathBuf::from("/s/q4-review.ron")
    );
    assert_eq!(
        store::path_for_name(d, "kickoff.json"),
        PathBuf::from("/s/kickoff.json")
    );
    assert_eq!(
        store::path_for_name(d, "../../etc/passwd"),
        PathBuf::from("/s/etc-passwd.ron")
    );
    assert_eq!(
        store::path_for_name(d, "  "),
        PathBuf::from("/s/session.ron")
    );
}

/// The only test here that changes the working folder: `sessions_dir` reads
/// it, and tests in one binary share it.
#[test]
fn sessions_dir_precedence() {
    let dir = tempdir();
    let over = dir.path().join("elsewhere");
    std::env::set_current_dir(dir.path()).expect("cd");

    // No ./sessions here: the user data folder.
    let data = store::sessions_dir(None);
    assert!(data.is_absolute(), "{data:?}");
    assert!(data.ends_with("sessions"), "{data:?}");
    assert!(data.to_string_lossy().contains("funnelcheck"), "{data:?}");

    // ./sessions wins once it exists.
    fs::create_dir(dir.path().join("sessions")).expect("mkdir");
    assert_eq!(store::sessions_dir(None), PathBuf::from("sessions"));

    // --dir beats both, even when it does not exist yet.
    assert_eq!(store::sessions_dir(Some(&over)), over);
}

#[test]
fn the_caret_sits_under_the_value_not_the_blank_before_it() {
    let dir = tempdir();
    let path = dir.path().join("broken.ron");
    fs::write(&path, "(version: 1, title: \"x\",\n  company:   12,\n").expect("write");
    let err = store::load(&path).expect_err("a number for a string");
    let StoreError::Parse {
        line,
        column,
        excerpt,
        ..
    } = &err
    else {
        panic!("expected a parse error, got {err:?}");
    };
    assert_eq!((*line, *column), (2, 14), "{err}");
    let mut rows = excerpt.lines();
    let (shown, caret) = (rows.next().expect("line"), rows.next().expect("caret"));
    let at = caret.find('^').expect("a caret");
    assert_eq!(&shown[at..at + 2], "12", "{excerpt}");
}
