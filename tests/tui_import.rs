//! The import dialog (issue 12) on the Funnel screen: every step drawn at
//! 80×24 and 160×48, and the fixtures of `tests/fixtures/import` imported
//! from the keyboard alone, through undo and redo. The dialog reads on a
//! thread; tests run it inline (`Saving::Inline`) or wait for it with
//! `App::wait_import`, never with a sleep.

mod support;

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use crossterm::event::KeyCode;
use funnelcheck::session::Session;
use funnelcheck::tui::App;
use funnelcheck::tui::app::Saving;
use funnelcheck::tui::import::Step;
use funnelcheck::tui::keymap::Mode;
use funnelcheck::{assets, store};
use insta::assert_snapshot;
use support::{keys, press, screen, type_text};

/// A session with the fixtures' four stages, dated after their quarter,
/// in a temp folder that also holds copies of the fixtures.
fn setup() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let t = assets::template("demand-waterfall").expect("template");
    let mut s: Session = assets::new_session(
        "Imported",
        t,
        NaiveDate::from_ymd_opt(2026, 3, 31).expect("date"),
    );
    s.stages.truncate(4);
    for (st, name) in s
        .stages
        .iter_mut()
        .zip(["Lead", "Qualified", "Proposal", "Customer"])
    {
        st.name = name.into();
    }
    s.kpis.clear();
    s.goals.clear();
    for st in &mut s.stages {
        st.handoff = Default::default();
    }
    let path = dir.path().join("imported.ron");
    store::save(&path, &s).expect("save");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    for entry in fs::read_dir(&fixtures).expect("fixtures") {
        let entry = entry.expect("entry");
        fs::copy(entry.path(), dir.path().join(entry.file_name())).expect("copy");
    }
    (dir, path)
}

fn open(path: &Path) -> App {
    App::new(
        &support::options(Some(path.to_path_buf()), path.parent().expect("dir")),
        support::at(0),
    )
}

fn session(app: &App) -> &Session {
    &app.doc.as_ref().expect("a session is open").session
}

fn counts(s: &Session) -> Vec<u64> {
    s.stages.iter().map(|st| st.count).collect()
}

fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map_or(String::new(), |s| s.text.clone())
}

fn step(app: &App) -> &'static str {
    match app.import.as_ref().map(|d| &d.step) {
        None => "closed",
        Some(Step::Form) => "form",
        Some(Step::Reading { .. }) => "reading",
        Some(Step::Mapping { .. }) => "mapping",
        Some(Step::DateOrder { .. }) => "date order",
        Some(Step::Preview { .. }) => "preview",
    }
}

/// Funnel screen, `i`, the path typed; the form's other rows as they came.
fn dialog_with(path: &Path, file: &str) -> App {
    let mut app = open(path);
    keys(&mut app, "2i");
    assert_eq!(step(&app), "form");
    type_text(&mut app, file);
    app
}

/// shape1 as cohort, segment Region, read: the preview is open.
fn shape1_preview(path: &Path) -> App {
    let mut app = dialog_with(path, "shape1_deals.csv");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Region");
    press(&mut app, KeyCode::Tab);
    keys(&mut app, " ");
    press(&mut app, KeyCode::Enter);
    assert_eq!(step(&app), "preview", "{}", status(&app));
    app
}

#[test]
fn path_entry() {
    let (_dir, path) = setup();
    let mut app = dialog_with(&path, "shape1_deals.csv");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Region");
    assert_eq!(app.mode(), Mode::Editing, "the path field has the keys");
    assert_snapshot!("import_form_80x24", screen(&mut app, 80, 24));
    assert_snapshot!("import_form_160x48", screen(&mut app, 160, 48));
}

#[test]
fn reading() {
    let (_dir, path) = setup();
    let mut app = dialog_with(&path, "shape1_deals.csv");
    app.saving = Saving::Background;
    press(&mut app, KeyCode::Enter);
    // The result is taken on a tick or a wait, never in a keypress.
    assert_eq!(step(&app), "reading");
    assert_snapshot!("import_reading_80x24", screen(&mut app, 80, 24));
    assert_snapshot!("import_reading_160x48", screen(&mut app, 160, 48));
    app.wait_import();
    assert_eq!(step(&app), "preview");
}

#[test]
fn preview() {
    let (_dir, path) = setup();
    let mut app = shape1_preview(&path);
    let small = screen(&mut app, 80, 24);
    assert!(
        small.contains("Read 11 row(s): 7 used, 4 left out."),
        "{small}"
    );
    assert_snapshot!("import_preview_80x24", small);
    let wide = screen(&mut app, 160, 48);
    for want in [
        "left out, empty row: 2 (first on line 11, 12)",
        "Lead count: 0 → 7",
        "Customer count: 0 → 2",
        "Segments (Region, 2): North, South",
    ] {
        assert!(wide.contains(want), "missing {want:?} in\n{wide}");
    }
    assert_snapshot!("import_preview_160x48", wide);
}

#[test]
fn unmatched_stage_mapping() {
    let (_dir, path) = setup();
    let mut app = dialog_with(&path, "unmatched_stages.csv");
    press(&mut app, KeyCode::Enter);
    assert_eq!(step(&app), "mapping");
    assert_eq!(app.mode(), Mode::Import);
    keys(&mut app, "  ");
    assert_snapshot!("import_mapping_80x24", screen(&mut app, 80, 24));
    assert_snapshot!("import_mapping_160x48", screen(&mut app, 160, 48));
}

#[test]
fn date_order_question() {
    let (_dir, path) = setup();
    let mut app = dialog_with(&path, "ambiguous_dates.csv");
    press(&mut app, KeyCode::Enter);
    assert_eq!(step(&app), "date order");
    assert_snapshot!("import_dates_80x24", screen(&mut app, 80, 24));
    assert_snapshot!("import_dates_160x48", screen(&mut app, 160, 48));
}

#[test]
fn an_error_is_shown_in_full_and_the_dialog_stays() {
    let (_dir, path) = setup();
    let mut app = dialog_with(&path, "conflicting_dates.csv");
    press(&mut app, KeyCode::Enter);
    assert_eq!(step(&app), "form");
    let e = app
        .import
        .as_ref()
        .and_then(|d| d.error.clone())
        .unwrap_or_default();
    assert!(e.contains("the dates contradict each other"), "{e}");
    assert!(e.ends_with("Nothing was changed."), "{e}");
    let small = screen(&mut app, 80, 24);
    assert!(
        small.contains("one of them or say which order the file uses"),
        "wrapped, not cut:\n{small}"
    );
    assert_snapshot!("import_error_80x24", small);
    assert_snapshot!("import_error_160x48", screen(&mut app, 160, 48));
}

/// The session as saved on disk.
fn saved(path: &Path) -> Session {
    store::load(path).expect("the saved file loads")
}

#[test]
fn shape1_as_cohort_by_region_then_undo_and_redo() {
    let (_dir, path) = setup();
    let before = saved(&path);
    let mut app = shape1_preview(&path);
    assert_eq!(*session(&app), before, "a preview changes nothing");
    press(&mut app, KeyCode::Enter);
    assert_eq!(step(&app), "closed");
    assert_eq!(
        status(&app),
        "imported 7 rows from shape1_deals.csv (u undoes the whole import)"
    );
    let s = session(&app).clone();
    assert_eq!(counts(&s), [7, 6, 4, 2]);
    assert_eq!(s.deal_size, 10_000.0);
    let names: Vec<&str> = s.segments.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["North", "South"]);
    assert_eq!(s.segments[0].counts, [4, 3, 1, 1]);
    assert_eq!(s.segments[1].counts, [3, 3, 3, 1]);
    assert_eq!(s.stages[1].causes[0].reason, "price");
    let info = s.import.as_ref().expect("import info");
    assert_eq!(info.file, "shape1_deals.csv");
    assert_eq!(info.segment_columns, ["Region"]);
    assert_eq!(saved(&path), s, "saved as every edit is");

    // One step: undo restores every figure, redo puts the import back.
    keys(&mut app, "u");
    assert_eq!(status(&app), "undone: import shape1_deals.csv");
    assert_eq!(*session(&app), before);
    assert_eq!(saved(&path), before);
    app.update(funnelcheck::tui::action::Action::Redo);
    assert_eq!(*session(&app), s);
    assert_eq!(saved(&path), s);
}

#[test]
fn unmatched_stages_are_mapped_then_imported() {
    let (_dir, path) = setup();
    let mut app = dialog_with(&path, "unmatched_stages.csv");
    press(&mut app, KeyCode::Enter);
    assert_eq!(step(&app), "mapping");
    // Nothing picked yet: Enter names the stage and reads nothing.
    press(&mut app, KeyCode::Enter);
    assert_eq!(step(&app), "mapping");
    assert!(status(&app).contains("\"Engaging\""), "{}", status(&app));
    // Engaging → Qualified (Lead, then Qualified), Demo → leave out (←).
    keys(&mut app, "  ");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Enter);
    assert_eq!(step(&app), "preview", "{}", status(&app));
    let small = screen(&mut app, 80, 24);
    assert!(
        small.contains("left out, stage mapped to skip: 1 (first on line 4)"),
        "{small}"
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(step(&app), "closed");
    let s = saved(&path);
    // U1 Lead, U2 and U4 engaging → Qualified, U5 Qualified; Demo left out.
    assert_eq!(counts(&s), [4, 3, 0, 0]);
    let map: Vec<(&str, &str)> = s
        .import
        .as_ref()
        .expect("import info")
        .map
        .iter()
        .map(|m| (m.crm.as_str(), m.stage.as_str()))
        .collect();
    assert!(map.contains(&("Engaging", "Qualified")), "{map:?}");
    assert!(map.contains(&("Demo", "-")), "{map:?}");

    // The next import of the same export asks nothing.
    keys(&mut app, "i");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        step(&app),
        "preview",
        "the file name and the mapping were kept"
    );
}

#[test]
fn the_day_month_answer_reads_the_file_again() {
    let (_dir, path) = setup();
    let mut app = dialog_with(&path, "ambiguous_dates.csv");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    // No period: the fixture's dates lie outside the session's quarter.
    funnelcheck_clear_field(&mut app);
    press(&mut app, KeyCode::Tab);
    funnelcheck_clear_field(&mut app);
    press(&mut app, KeyCode::Enter);
    assert_eq!(step(&app), "date order");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    assert_eq!(step(&app), "preview", "{}", status(&app));
    press(&mut app, KeyCode::Enter);
    assert_eq!(counts(&saved(&path)), [3, 1, 0, 0]);
}

/// Ctrl-U empties the focused text field.
fn funnelcheck_clear_field(app: &mut App) {
    support::ctrl(app, 'u');
}

#[test]
fn esc_at_every_step_changes_nothing() {
    let (_dir, path) = setup();
    let bytes = fs::read(&path).expect("read");
    let before = saved(&path);
    let untouched = |app: &App| {
        assert_eq!(*session(app), before);
        assert_eq!(fs::read(&path).expect("read"), bytes);
        assert_eq!(app.doc.as_ref().map(|d| d.can_undo()), Some(0));
    };
    // The form: Esc closes.
    let mut app = dialog_with(&path, "shape1_deals.csv");
    press(&mut app, KeyCode::Esc);
    assert_eq!(step(&app), "closed");
    untouched(&app);
    // Each app holds the file's lock; the next one opens after it is gone.
    drop(app);
    // Reading: Esc stops it, and its result never arrives.
    let mut app = dialog_with(&path, "shape1_deals.csv");
    app.saving = Saving::Background;
    press(&mut app, KeyCode::Enter);
    assert_eq!(step(&app), "reading");
    press(&mut app, KeyCode::Esc);
    assert_eq!(step(&app), "form");
    app.wait_import();
    app.tick(support::at(1));
    assert_eq!(step(&app), "form");
    untouched(&app);
    drop(app);
    // Mapping, day/month order, preview: Esc goes back to the form, a
    // second Esc closes.
    for file in [
        "unmatched_stages.csv",
        "ambiguous_dates.csv",
        "shape1_deals.csv",
    ] {
        let mut app = dialog_with(&path, file);
        press(&mut app, KeyCode::Enter);
        assert_ne!(step(&app), "form", "{file}");
        press(&mut app, KeyCode::Esc);
        assert_eq!(step(&app), "form", "{file}");
        assert_eq!(
            app.import.as_ref().map(|d| d.form.value(0)),
            Some(file),
            "options kept"
        );
        press(&mut app, KeyCode::Esc);
        assert_eq!(step(&app), "closed", "{file}");
        untouched(&app);
    }
}

#[test]
fn the_dialog_is_modal_and_i_is_in_the_footer_and_help() {
    let (_dir, path) = setup();
    let mut app = open(&path);
    keys(&mut app, "2");
    let funnel = screen(&mut app, 160, 48);
    assert!(funnel.contains("i import"), "{funnel}");
    keys(&mut app, "?");
    let help = screen(&mut app, 160, 48);
    assert!(help.contains("import a CRM export (CSV)"), "{help}");
    drop(app);
    let mut app = dialog_with(&path, "unmatched_stages.csv");
    press(&mut app, KeyCode::Enter);
    // u, 3 and q mean nothing while the dialog is open.
    keys(&mut app, "u3q");
    assert!(!app.quit);
    assert_eq!(step(&app), "mapping");
    assert_eq!(app.current, 1);
    keys(&mut app, "?");
    let help = screen(&mut app, 80, 24);
    assert!(help.contains("Keys in the import dialog"), "{help}");
}

#[test]
fn text_from_the_file_is_escaped_on_screen() {
    let (dir, path) = setup();
    fs::write(
        dir.path().join("hostile.csv"),
        "Record ID,Stage,Status,Created\nH1,Lead,open,2026-01-02\nH2,\u{1b}[2JEvil\u{202e},open,2026-01-03\n",
    )
    .expect("write");
    let mut app = dialog_with(&path, "hostile.csv");
    press(&mut app, KeyCode::Enter);
    assert_eq!(step(&app), "mapping");
    let shown = screen(&mut app, 160, 48);
    assert!(shown.contains("\\e[2JEvil\\u{202e}"), "{shown}");
}

#[test]
fn a_path_that_is_not_there_is_named_and_the_dialog_stays() {
    let (_dir, path) = setup();
    let mut app = dialog_with(&path, "missing.csv");
    press(&mut app, KeyCode::Enter);
    assert_eq!(step(&app), "form");
    let e = app
        .import
        .as_ref()
        .and_then(|d| d.error.clone())
        .unwrap_or_default();
    assert!(e.starts_with("there is no file "), "{e}");
    assert!(e.contains("missing.csv"), "{e}");
    // An empty path is refused at the field, before any reading.
    funnelcheck_clear_field(&mut app);
    press(&mut app, KeyCode::Enter);
    let field = app.import.as_ref().and_then(|d| d.field_error.clone());
    assert_eq!(field.map(|(row, _)| row), Some(0));
}
