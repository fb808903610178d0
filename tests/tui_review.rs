//! Screen 8, Review: the next check-in. Every section drawn at 80×24 and
//! 160×48 on a follow-up of the example with this period's counts typed,
//! the screen of a session that is no follow-up, and of one whose counts
//! are not in yet; then the keys: marking actions (with undo and redo),
//! notes, a typed KPI's actual, and `f` on the start screen.

mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use chrono::NaiveDate;
use crossterm::event::KeyCode;
use funnelcheck::session::{Session, Status};
use funnelcheck::tui::App;
use funnelcheck::tui::keymap::Mode;
use funnelcheck::{assets, model, store};
use insta::assert_snapshot;
use support::{ctrl, keys, press, screen, type_text};

/// This period's counts: MQL → SAL 800 / 1,400 = 57.1 % (+7.1 pts against
/// 50.0 %, inside the call idea's +6 … +14), SQL → Opportunity 300 / 470 =
/// 63.8 % (+3.7 pts, inside +2.4 … +6.4), Opportunity → Won 70 / 300 =
/// 23.3 % (-1.9 pts, below the battle cards' +1.5): 2 of 3 inside.
const COUNTS: [u64; 6] = [12_500, 1_400, 800, 470, 300, 70];

fn check_in_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 2, 20).expect("a date")
}

/// The example's follow-up, as `follow-up` makes it, with or without this
/// period's counts and deal size.
fn follow_up(counts: bool) -> Session {
    let prev = assets::example_session();
    let mut s = model::follow_up(&prev, "example.ron", "Check-in 2027-02-20", check_in_date());
    if counts {
        for (st, c) in s.stages.iter_mut().zip(COUNTS) {
            st.count = c;
        }
        s.deal_size = 25_000.0;
    }
    s
}

/// The follow-up with some of the check-in already said: statuses, a
/// note, the typed KPI's actual.
fn reviewed() -> Session {
    let mut s = follow_up(true);
    s.actions[0].status = Status::Done;
    s.actions[1].status = Status::Partly;
    s.actions[1].note = "Dashboard live for two of three regions".to_string();
    s.actions[2].status = Status::NotDone;
    s.actions[3].status = Status::Dropped;
    if let Some(k) = s.kpis.iter_mut().find(|k| !k.measure.is_tied()) {
        k.actual = Some(72.0);
    }
    s
}

/// `s` saved as the check-in beside the example, and the app opened on it.
fn open(s: &Session) -> (tempfile::TempDir, PathBuf, App) {
    let dir = tempfile::tempdir().expect("temp dir");
    store::save(&dir.path().join("example.ron"), &assets::example_session()).expect("save");
    let path = dir.path().join("check-in.ron");
    store::save(&path, s).expect("save the follow-up");
    let app = App::new(
        &support::options(Some(path.clone()), dir.path()),
        support::at(0),
    );
    (dir, path, app)
}

fn saved(path: &Path) -> Session {
    store::load(path).expect("the saved file loads")
}

fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map_or(String::new(), |s| s.text.clone())
}

fn current_title(app: &App) -> &'static str {
    app.screens[app.current].title()
}

/// Every line of a drawn screen holds no figure cut by "…" (a cut title is
/// allowed: it is shown whole in the panel below).
fn no_cut_figures(shown: &str) {
    for line in shown.lines() {
        for (i, _) in line.match_indices('…') {
            let before = line[..i].chars().last();
            assert!(
                !before.is_some_and(|c| c.is_ascii_digit() || c == ',' || c == '.'),
                "a figure is cut: {line}"
            );
        }
    }
}

fn both_sizes(app: &mut App, name: &str) {
    let narrow = screen(app, 80, 24);
    no_cut_figures(&narrow);
    assert_snapshot!(format!("{name}_80x24"), narrow);
    let wide = screen(app, 160, 48);
    no_cut_figures(&wide);
    assert_snapshot!(format!("{name}_160x48"), wide);
}

#[test]
fn a_follow_up_opens_on_the_review_and_a_first_session_on_setup() {
    let (_dir, _path, app) = open(&follow_up(true));
    assert_eq!(current_title(&app), "Review");
    assert_eq!(app.current, 7, "the eighth tab: 1–7 keep their numbers");
    let (_dir, _path, app) = support::example_app();
    assert_eq!(current_title(&app), "Setup");
}

#[test]
fn actions_section() {
    let (_dir, _path, mut app) = open(&reviewed());
    press(&mut app, KeyCode::Down);
    both_sizes(&mut app, "review_actions");
}

#[test]
fn kpis_section() {
    let (_dir, _path, mut app) = open(&reviewed());
    press(&mut app, KeyCode::Tab);
    let wide = screen(&mut app, 160, 48);
    // MQL → SAL: 57.1 % now against the target 60.0 %.
    let line = wide
        .lines()
        .find(|l| l.contains("MQL → SAL conversion"))
        .unwrap_or_default();
    assert!(line.contains("missed (-2.9 pts)"), "{line}");
    assert!(line.contains("counts"), "{line}");
    both_sizes(&mut app, "review_kpis");
}

#[test]
fn funnel_section() {
    let (_dir, _path, mut app) = open(&reviewed());
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    let narrow = screen(&mut app, 80, 24);
    let line = narrow
        .lines()
        .find(|l| l.contains("MQL → SAL"))
        .unwrap_or_default();
    // 50.0 % then, 800 / 1,400 = 57.1 % now.
    assert!(line.contains("50.0 %") && line.contains("57.1 %"), "{line}");
    assert!(line.contains("+7.1 pts"), "{line}");
    both_sizes(&mut app, "review_funnel");
}

#[test]
fn ideas_section_ends_with_the_calibration() {
    let (_dir, _path, mut app) = open(&reviewed());
    app.handle_event(&support::key_mod(
        KeyCode::BackTab,
        crossterm::event::KeyModifiers::SHIFT,
    ));
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    for (w, h) in [(80, 24), (160, 48)] {
        let shown = screen(&mut app, w, h);
        let text = shown.replace('\n', " ");
        assert!(
            text.contains("2 of 3 judged idea(s) inside the room's range (66.7 %)"),
            "{shown}"
        );
    }
    both_sizes(&mut app, "review_ideas");
}

#[test]
fn a_session_that_is_no_follow_up_says_how_to_make_one() {
    let (_dir, _path, mut app) = support::example_app();
    keys(&mut app, "8");
    assert_eq!(current_title(&app), "Review");
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("not a follow-up"), "{shown}");
    assert!(shown.contains("funnelcheck follow-up FILE"), "{shown}");
    assert_snapshot!("review_not_a_follow_up_80x24", shown);
    // Keys that would mark or edit say the same, and change nothing.
    keys(&mut app, "e");
    assert!(status(&app).contains("not a follow-up"), "{}", status(&app));
}

#[test]
fn counts_not_in_yet() {
    let (_dir, _path, mut app) = open(&follow_up(false));
    let shown = screen(&mut app, 80, 24);
    assert!(
        shown.contains("This period's counts are not in yet: type them on the Funnel screen (2)"),
        "{shown}"
    );
    assert_snapshot!("review_counts_not_in_actions_80x24", shown);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    both_sizes(&mut app, "review_counts_not_in_funnel");
}

#[test]
fn marking_actions_round_trips_and_undo_redo_restore() {
    let (_dir, path, mut app) = open(&follow_up(true));
    let first = |p: &Path| saved(p).actions[0].status;
    for (key, want) in [
        ('d', Status::Done),
        ('p', Status::Partly),
        ('n', Status::NotDone),
        ('x', Status::Dropped),
        ('o', Status::Open),
    ] {
        keys(&mut app, &key.to_string());
        assert_eq!(first(&path), want, "after {key}");
    }
    // Space walks the five in order.
    keys(&mut app, " ");
    assert_eq!(first(&path), Status::Done);
    keys(&mut app, " ");
    assert_eq!(first(&path), Status::Partly);
    // Each mark was one step: undo goes back through them, redo forward.
    keys(&mut app, "u");
    assert_eq!(first(&path), Status::Done);
    keys(&mut app, "u");
    assert_eq!(first(&path), Status::Open);
    keys(&mut app, "u");
    assert_eq!(first(&path), Status::Dropped);
    ctrl(&mut app, 'y');
    assert_eq!(first(&path), Status::Open);
    // The second action is marked on its own row; the first keeps its status.
    press(&mut app, KeyCode::Down);
    keys(&mut app, "x");
    let s = saved(&path);
    assert_eq!(
        (s.actions[0].status, s.actions[1].status),
        (Status::Open, Status::Dropped)
    );
    let r = model::review(&s).expect("a follow-up");
    assert_eq!((r.actions.dropped, r.actions.open), (1, 5));
}

#[test]
fn a_note_is_typed_saved_and_undone() {
    let (_dir, path, mut app) = open(&follow_up(true));
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Editing);
    type_text(&mut app, "Half the regions done");
    assert_snapshot!("review_note_field_80x24", screen(&mut app, 80, 24));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(saved(&path).actions[1].note, "Half the regions done");
    // `e` opens it too, with the note to amend; Esc leaves it as it was.
    keys(&mut app, "e");
    type_text(&mut app, ", rest in March");
    press(&mut app, KeyCode::Esc);
    assert_eq!(saved(&path).actions[1].note, "Half the regions done");
    keys(&mut app, "e");
    type_text(&mut app, ", rest in March");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        saved(&path).actions[1].note,
        "Half the regions done, rest in March"
    );
    keys(&mut app, "u");
    assert_eq!(saved(&path).actions[1].note, "Half the regions done");
    keys(&mut app, "u");
    assert_eq!(saved(&path).actions[1].note, "");
}

#[test]
fn a_typed_kpi_actual_reads_what_the_app_prints() {
    let (_dir, path, mut app) = open(&follow_up(true));
    press(&mut app, KeyCode::Tab);
    let typed = saved(&path)
        .kpis
        .iter()
        .position(|k| !k.measure.is_tied())
        .expect("the example has a typed KPI");
    // A tied KPI's actual is the counts': Enter says so and opens nothing.
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Normal);
    assert!(
        status(&app)
            .contains("comes from this period's counts: type them on the Funnel screen (2)"),
        "{}",
        status(&app)
    );
    for _ in 0..typed {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Editing);
    type_text(&mut app, "1,234.5");
    press(&mut app, KeyCode::Enter);
    assert_eq!(saved(&path).kpis[typed].actual, Some(1234.5));
    // The field opens on the value as shown ("1,234.5 %") and typing replaces it.
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "55.2 %");
    press(&mut app, KeyCode::Enter);
    let s = saved(&path);
    assert_eq!(s.kpis[typed].actual, Some(55.2));
    // 55.2 % against the target 90 %: missed.
    let r = model::review(&s).expect("a follow-up");
    assert_eq!(r.kpis[typed].met, Some(false));
    // Words are refused in words, and the field stays open to fix them.
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "lots");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Editing);
    assert!(
        app.status.as_ref().is_some_and(|s| s.error),
        "{:?}",
        app.status
    );
    assert_snapshot!("review_kpi_refused_80x24", screen(&mut app, 80, 24));
    press(&mut app, KeyCode::Esc);
    assert_eq!(saved(&path).kpis[typed].actual, Some(55.2));
    // Emptied, it clears.
    press(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'u');
    press(&mut app, KeyCode::Enter);
    assert_eq!(saved(&path).kpis[typed].actual, None);
}

/// `f` on the start screen writes the next check-in beside the session
/// and opens it on the Review screen; a second `f` on the same session
/// finds the file there and says so.
#[test]
fn f_on_the_start_screen_makes_and_opens_the_follow_up() {
    let dir = tempfile::tempdir().expect("temp dir");
    let prev = dir.path().join("example.ron");
    store::save(&prev, &assets::example_session()).expect("save");
    let mut app = App::new(&support::options(None, dir.path()), support::at(0));
    let start = screen(&mut app, 80, 24);
    assert!(start.contains("f follow up"), "{start}");
    keys(&mut app, "f");
    let doc = app.doc.as_ref().expect("the follow-up is open");
    let made = doc.path.clone();
    assert_ne!(made, prev);
    assert_eq!(made.parent(), Some(dir.path()));
    assert!(made.is_file());
    assert_eq!(current_title(&app), "Review");
    let s = saved(&made);
    assert_eq!(
        s.previous.as_ref().map(|p| p.path.as_str()),
        Some("example.ron")
    );
    assert!(s.under_review.is_some());
    assert!(status(&app).starts_with("made "), "{}", status(&app));

    // Again, from a fresh start screen, on the same session.
    drop(app);
    let future = SystemTime::now() + Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&prev)
        .and_then(|f| f.set_modified(future))
        .expect("set mtime");
    let mut app = App::new(&support::options(None, dir.path()), support::at(0));
    screen(&mut app, 80, 24);
    keys(&mut app, "f");
    assert!(app.doc.is_none());
    let e = app.status.clone().expect("a message");
    assert!(e.error, "{e:?}");
    assert!(
        e.text.starts_with("no follow-up made: ") && e.text.contains("already exists"),
        "{}",
        e.text
    );
}

/// The check-in of `tests/cli_review.rs`, said from the keyboard alone:
/// this quarter's counts on the Funnel, the deal size on Setup, the actions
/// marked, a note and the typed KPI's actual on the Review. The session
/// then reads exactly what the command line wrote, so every export equals
/// the golden files `cli_review` checks against hand-worked numbers.
#[test]
fn the_check_in_from_the_keyboard_exports_what_the_hand_worked_goldens_say() {
    let dir = tempfile::tempdir().expect("temp dir");
    let prev = dir.path().join("q4.ron");
    store::save(&prev, &assets::example_session()).expect("save");
    let date = NaiveDate::from_ymd_opt(2027, 2, 26).expect("date");
    let path = funnelcheck::followup::create(&prev, None, date).expect("follow-up");
    let mut app = App::new(
        &support::options(Some(path.clone()), dir.path()),
        support::at(0),
    );
    assert_eq!(
        current_title(&app),
        "Review",
        "a follow-up opens on its review"
    );

    // Funnel (2): the six counts as one set, top down.
    keys(&mut app, "2");
    press(&mut app, KeyCode::Home);
    press(&mut app, KeyCode::Enter);
    for c in ["12,600", "1,400", "798", "480", "290"] {
        type_text(&mut app, c);
        press(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "100");
    press(&mut app, KeyCode::Enter);
    let counts: Vec<u64> = saved(&path).stages.iter().map(|s| s.count).collect();
    assert_eq!(
        counts,
        [12_600, 1_400, 798, 480, 290, 100],
        "{}",
        status(&app)
    );

    // Setup (1): the deal size, typed the way the app prints it.
    keys(&mut app, "1");
    for _ in 0..6 {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'u');
    type_text(&mut app, "EUR 25,000");
    press(&mut app, KeyCode::Enter);
    assert_eq!(saved(&path).deal_size, 25_000.0, "{}", status(&app));

    // Review (8): done, partly (with a note), done, not done, dropped; the
    // sixth stays open.
    keys(&mut app, "8");
    keys(&mut app, "d");
    press(&mut app, KeyCode::Down);
    keys(&mut app, "p");
    keys(&mut app, "e");
    type_text(&mut app, "=shown twice, then the meeting moved");
    press(&mut app, KeyCode::Enter);
    for k in ["d", "n", "x"] {
        press(&mut app, KeyCode::Down);
        keys(&mut app, k);
    }
    press(&mut app, KeyCode::Tab);
    let typed = saved(&path)
        .kpis
        .iter()
        .position(|k| !k.measure.is_tied())
        .expect("the example has a typed KPI");
    for _ in 0..typed {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'u');
    type_text(&mut app, "82 %");
    press(&mut app, KeyCode::Enter);

    let s = saved(&path);
    let statuses: Vec<Status> = s.actions.iter().map(|a| a.status).collect();
    assert_eq!(
        statuses,
        [
            Status::Done,
            Status::Partly,
            Status::Done,
            Status::NotDone,
            Status::Dropped,
            Status::Open
        ]
    );
    assert_eq!(s.kpis[typed].actual, Some(82.0));
    let r = model::review(&s).expect("review");
    assert_eq!((r.calibration.judged, r.calibration.inside), (3, 1));

    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let same = |name: &str, got: &str| {
        let want =
            std::fs::read_to_string(golden.join(name)).expect("golden written by cli_review");
        assert!(
            want == got,
            "{name}: the keyboard's check-in differs from the command line's"
        );
    };
    use funnelcheck::export::{self, Format, Rendered};
    for (format, name) in [
        (Format::Markdown, "followup.md"),
        (Format::Html, "followup.html"),
        (Format::Json, "followup.json"),
    ] {
        let Rendered::One(text) = export::render(&s, format).expect("render") else {
            panic!("one document");
        };
        same(name, &text);
    }
}

/// The closing slide of a check-in says what last time's plan delivered
/// before this period's plan: calibration, KPIs met, actions kept.
#[test]
fn the_summary_of_a_check_in_says_what_last_times_plan_delivered() {
    let (_dir, _path, mut app) = open(&reviewed());
    keys(&mut app, "7");
    let wide = screen(&mut app, 160, 48);
    for want in [
        "LAST TIME'S PLAN (Review, 8)",
        "2 of 3 ideas inside the room's range",
        "KPIs met",
        "actions kept 2 of 6",
    ] {
        assert!(wide.contains(want), "missing {want:?}:\n{wide}");
    }
    assert_snapshot!("summary_check_in_160x48", wide);
    let narrow = screen(&mut app, 80, 24);
    no_cut_figures(&narrow);
    assert_snapshot!("summary_check_in_80x24", narrow);
    // Before the counts are in there is nothing to say yet.
    let (_d, _p, mut app) = open(&follow_up(false));
    keys(&mut app, "7");
    assert!(!screen(&mut app, 160, 48).contains("LAST TIME'S PLAN"));
}
