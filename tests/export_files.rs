//! Writing exports to disk through the public API the CLI and the TUI call:
//! never over the session, never over an existing file without force, CSV
//! into a folder, everything at once into `NAME-export/`.

use std::fs;
use std::path::Path;

use funnelcheck::assets;
use funnelcheck::export::{self, ExportError, Format};
use funnelcheck::store;

fn saved_example(dir: &Path, name: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    store::save(&path, &assets::example_session()).expect("save the example");
    path
}

#[test]
fn format_names_parse_and_unknown_ones_say_what_is_accepted() {
    for (text, f) in [
        ("md", Format::Markdown),
        ("Markdown", Format::Markdown),
        ("HTML", Format::Html),
        ("csv", Format::Csv),
        ("json", Format::Json),
        ("ics", Format::Ics),
        ("iCalendar", Format::Ics),
    ] {
        assert_eq!(text.parse::<Format>().expect("known format"), f);
    }
    let err = "pdf".parse::<Format>().expect_err("pdf is not a format");
    assert_eq!(
        err.to_string(),
        "unknown export format \"pdf\": use md, html, csv, json or ics"
    );
}

#[test]
fn default_outputs_sit_next_to_the_session_and_never_name_it() {
    let session = Path::new("/tmp/ws/q4.json");
    assert_eq!(
        export::default_output(session, Format::Json),
        Path::new("/tmp/ws/q4-report.json")
    );
    assert_eq!(
        export::default_output(session, Format::Markdown),
        Path::new("/tmp/ws/q4-report.md")
    );
    assert_eq!(
        export::default_output(session, Format::Html),
        Path::new("/tmp/ws/q4-report.html")
    );
    assert_eq!(
        export::default_output(session, Format::Csv),
        Path::new("/tmp/ws/q4-csv")
    );
    assert_eq!(
        export::default_output(session, Format::Ics),
        Path::new("/tmp/ws/q4.ics")
    );
    assert_eq!(export::export_dir(session), Path::new("/tmp/ws/q4-export"));
}

#[test]
fn writes_a_file_and_refuses_to_overwrite_it_without_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    let session_path = saved_example(dir.path(), "q4.ron");
    let s = assets::example_session();
    let out = dir.path().join("q4.md");
    let written =
        export::export_to(&s, Some(&session_path), Format::Markdown, &out, false).expect("export");
    assert_eq!(written, vec![out.clone()]);
    let text = fs::read_to_string(&out).expect("read");
    assert!(text.starts_with("# Q4 Funnel Reality Check\n"));

    fs::write(&out, "edited by hand").expect("write");
    let err = export::export_to(&s, Some(&session_path), Format::Markdown, &out, false)
        .expect_err("refused");
    assert!(matches!(err, ExportError::Exists { .. }));
    assert!(
        err.to_string().contains("already exists; pass --force"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&out).expect("read"), "edited by hand");

    export::export_to(&s, Some(&session_path), Format::Markdown, &out, true).expect("forced");
    assert_eq!(fs::read_to_string(&out).expect("read"), text);
}

#[test]
fn never_writes_over_the_session_or_its_backup_even_when_forced() {
    let dir = tempfile::tempdir().expect("tempdir");
    let session_path = saved_example(dir.path(), "q4.json");
    store::save(&session_path, &{
        let mut s = assets::example_session();
        s.notes.push_str(" (edited)");
        s
    })
    .expect("second save makes a backup");
    let before = fs::read(&session_path).expect("read");
    let s = assets::example_session();
    for target in [session_path.clone(), store::backup_path(&session_path)] {
        let err = export::export_to(&s, Some(&session_path), Format::Json, &target, true)
            .expect_err("refused");
        assert!(
            matches!(err, ExportError::WouldOverwriteSession { .. }),
            "{err}"
        );
    }
    // The same file spelled another way is still the session.
    let sneaky = dir.path().join(".").join("q4.json");
    assert!(export::export_to(&s, Some(&session_path), Format::Json, &sneaky, true).is_err());
    assert_eq!(fs::read(&session_path).expect("read"), before);
}

#[test]
fn a_folder_target_gets_the_report_name_and_csv_goes_into_a_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = assets::example_session();
    let written = export::export_to(&s, None, Format::Html, dir.path(), false).expect("export");
    assert_eq!(written, vec![dir.path().join("report.html")]);

    let csv_dir = dir.path().join("csv-out");
    let written = export::export_to(&s, None, Format::Csv, &csv_dir, false).expect("export");
    assert_eq!(
        written,
        vec![
            csv_dir.join("ideas.csv"),
            csv_dir.join("steps.csv"),
            csv_dir.join("actions.csv"),
            csv_dir.join("kpis.csv")
        ]
    );
    let actions = fs::read_to_string(csv_dir.join("actions.csv")).expect("read");
    assert_eq!(actions.lines().count(), 1 + s.actions.len());
    let kpis = fs::read_to_string(csv_dir.join("kpis.csv")).expect("read");
    assert_eq!(kpis.lines().count(), 1 + s.kpis.len());
    let ideas = fs::read_to_string(csv_dir.join("ideas.csv")).expect("read");
    assert_eq!(ideas.lines().count(), 1 + s.ideas.len());

    // A second CSV export refuses before writing either file.
    fs::remove_file(csv_dir.join("ideas.csv")).expect("remove");
    let err =
        export::export_to(&s, None, Format::Csv, &csv_dir, false).expect_err("steps.csv exists");
    assert!(matches!(err, ExportError::Exists { .. }));
    assert!(
        !csv_dir.join("ideas.csv").exists(),
        "nothing is written when one target is refused"
    );

    let file = dir.path().join("report.html");
    let err =
        export::export_to(&s, None, Format::Csv, &file, false).expect_err("a file is not a folder");
    assert!(err.to_string().contains("give a folder"), "{err}");
}

#[test]
fn export_all_writes_every_format_next_to_the_session_and_refreshes_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let session_path = saved_example(dir.path(), "q4.ron");
    let mut s = assets::example_session();
    let out = export::export_dir(&session_path);
    let written = export::export_all(&s, Some(&session_path), &out).expect("export all");
    let names: Vec<_> = written
        .iter()
        .filter_map(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "report.md",
            "report.html",
            "ideas.csv",
            "steps.csv",
            "actions.csv",
            "kpis.csv",
            "report.json",
            "q4.ics"
        ]
    );
    for p in &written {
        assert!(
            p.starts_with(dir.path().join("q4-export")),
            "{}",
            p.display()
        );
    }
    let md = export::render(&s, Format::Markdown).expect("render");
    assert_eq!(
        fs::read_to_string(out.join("report.md")).expect("read"),
        md.files(Format::Markdown)[0].1
    );

    let ics = export::render(&s, Format::Ics).expect("render");
    assert_eq!(
        fs::read_to_string(out.join("q4.ics")).expect("read"),
        ics.files(Format::Ics)[0].1
    );

    s.title = "Renamed".into();
    export::export_all(&s, Some(&session_path), &out)
        .expect("pressing the key again refreshes the folder");
    assert!(
        fs::read_to_string(out.join("report.md"))
            .expect("read")
            .starts_with("# Renamed\n")
    );
}
