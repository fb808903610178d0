//! The app driven by key sequences, as a facilitator would, checking what
//! lands in the saved file.

mod support;

use std::path::Path;

use crossterm::event::KeyModifiers;
use crossterm::event::{Event, KeyCode, MouseButton, MouseEvent, MouseEventKind};
use funnelcheck::session::{Effect, Role, Session};
use funnelcheck::store;
use funnelcheck::tui::App;
use funnelcheck::tui::app::{SaveState, Storage};
use support::{at, ctrl, example_app, keys, options, press, screen, type_text};

fn saved(path: &Path) -> Session {
    store::load(path).expect("the saved file loads")
}

/// Start screen → new session from the first template → counts → causes and
/// ideas on two steps → undo/redo, checking the file after each stage.
#[test]
fn a_whole_workshop_from_a_template() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = App::new(&options(None, dir.path()), at(0));
    assert!(app.doc.is_none(), "no FILE: the start screen");
    keys(&mut app, "n");
    type_text(&mut app, "Acme Q1");
    press(&mut app, KeyCode::Enter);
    let path = dir.path().join("acme-q1.ron");
    assert!(path.exists(), "created {path:?}: {:?}", app.status);
    assert_eq!(saved(&path).title, "Acme Q1");

    // Counts, top down, Tab moving to the next row.
    keys(&mut app, "2");
    let counts = ["4000", "1600", "800", "480", "60"];
    press(&mut app, KeyCode::Enter);
    for (i, c) in counts.iter().enumerate() {
        type_text(&mut app, c);
        press(
            &mut app,
            if i + 1 < counts.len() {
                KeyCode::Tab
            } else {
                KeyCode::Enter
            },
        );
    }
    let s = saved(&path);
    assert_eq!(
        s.stages.iter().map(|st| st.count).collect::<Vec<_>>(),
        vec![4000, 1600, 800, 480, 60]
    );

    // Step 1: a cause and an idea that recovers part of that cause.
    keys(&mut app, "3c");
    type_text(&mut app, "slow follow-up");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "40");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "i");
    type_text(&mut app, "Call within a day");
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab);
    }
    press(&mut app, KeyCode::Right); // the cause just entered
    for v in ["10", "20", "30", "2", "5"] {
        press(&mut app, KeyCode::Tab);
        type_text(&mut app, v);
    }
    press(&mut app, KeyCode::Enter);

    // Step 2: a cause picked from the reason codes, and a conversion lift.
    keys(&mut app, "nc");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "25");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "i");
    type_text(&mut app, "Qualify budget early");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Left); // recover losses → lift conversion
    for v in ["1", "2", "4"] {
        press(&mut app, KeyCode::Tab);
        type_text(&mut app, v);
    }
    press(&mut app, KeyCode::Enter);
    assert!(!app.quit, "typing q in titles never quits");

    let s = saved(&path);
    assert_eq!(s.stages[0].causes.len(), 1);
    assert_eq!(
        (
            s.stages[0].causes[0].reason.as_str(),
            s.stages[0].causes[0].share
        ),
        ("slow follow-up", 40.0)
    );
    assert_eq!(
        s.stages[1].causes[0].reason,
        funnelcheck::assets::reason_codes()[0].code
    );
    assert_eq!(s.ideas.len(), 2, "{:?}", app.status);
    match &s.ideas[0].effect {
        Effect::RecoverLosses {
            step: 0,
            cause: Some(c),
            percent,
        } => {
            assert_eq!(c, "slow follow-up");
            assert_eq!(
                (percent.low, percent.likely, percent.high),
                (10.0, 20.0, 30.0)
            );
        }
        other => panic!("unexpected effect {other:?}"),
    }
    assert_eq!(
        (s.ideas[0].effort_days, s.ideas[0].lead_time_days),
        (2.0, 5.0)
    );
    assert!(
        matches!(s.ideas[1].effect, Effect::LiftConversion { step: 1, .. }),
        "{:?}",
        s.ideas[1].effect
    );
    assert!(screen(&mut app, 80, 24).contains("Qualify budget early"));

    // Undo twice (u, Ctrl-Z), redo twice (Ctrl-Y, Ctrl-R): the file follows.
    keys(&mut app, "u");
    assert_eq!(saved(&path).ideas.len(), 1);
    ctrl(&mut app, 'z');
    assert!(saved(&path).stages[1].causes.is_empty());
    ctrl(&mut app, 'y');
    ctrl(&mut app, 'r');
    assert_eq!(saved(&path), s);
    ctrl(&mut app, 'r');
    assert_eq!(
        app.status.as_ref().map(|st| st.text.as_str()),
        Some("nothing to redo")
    );

    keys(&mut app, "q");
    assert!(app.quit);
}

#[test]
fn typing_q_into_a_name_adds_it_instead_of_quitting() {
    let (_dir, path, mut app) = example_app();
    press(&mut app, KeyCode::Tab); // People pane
    keys(&mut app, "a");
    type_text(&mut app, "quinn");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    assert!(!app.quit);
    let s = saved(&path);
    let quinn = s
        .participants
        .iter()
        .find(|p| p.name == "quinn")
        .expect("added");
    assert_eq!(
        quinn.role,
        Role::Sales,
        "teams alternate: 4 sales, 4 marketing → sales"
    );
}

#[test]
fn an_invalid_count_never_reaches_the_session() {
    let (_dir, path, mut app) = example_app();
    let before = std::fs::read(&path).expect("read");
    keys(&mut app, "2j");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "12x");
    press(&mut app, KeyCode::Enter);
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.error && s.text.contains("not a whole number")),
        "{:?}",
        app.status
    );
    assert_eq!(std::fs::read(&path).expect("read"), before);
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        app.doc.as_ref().map(|d| d.save.clone()),
        Some(SaveState::Clean)
    );
}

#[test]
fn inserting_and_removing_a_stage_remaps_idea_steps() {
    let (_dir, path, mut app) = example_app();
    let steps = |s: &Session| s.ideas.iter().map(|i| i.effect.step()).collect::<Vec<_>>();
    // The example's KPI "MQL → SAL conversion" measures step 1: a stage
    // inside it is refused, naming the KPI, until the KPI goes (Commit, 6).
    let untouched = saved(&path);
    keys(&mut app, "2ja");
    assert_eq!(saved(&path), untouched);
    let status = app
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(status.contains("\"MQL → SAL conversion\""), "{status}");
    press(&mut app, KeyCode::Esc);
    keys(&mut app, "6");
    press(&mut app, KeyCode::Tab);
    keys(&mut app, "d");
    let before = saved(&path);
    assert!(before.kpi("MQL → SAL conversion").is_none());
    keys(&mut app, "2gja"); // a stage after MQL splits step 1 (MQL → SAL)
    let after = saved(&path);
    assert_eq!(after.stages[2].name, "New stage");
    assert_eq!(after.stages[2].count, after.stages[3].count);
    for (b, a) in steps(&before).iter().zip(steps(&after)) {
        assert_eq!(a, b.map(|k| if k > 1 { k + 1 } else { k }));
    }
    assert_eq!(
        model_revenue(&before),
        model_revenue(&after),
        "a copy of the stage below changes no figure"
    );
    keys(&mut app, "d");
    assert_eq!(steps(&saved(&path)), steps(&before));
    assert_eq!(saved(&path).stages, before.stages);
}

fn model_revenue(s: &Session) -> f64 {
    funnelcheck::model::Funnel::of(s).revenue()
}

/// The top stage's causes go with it, so an idea aimed at one of them would
/// point at nothing: the edit is refused with the idea and cause named.
#[test]
fn removing_a_stage_that_would_orphan_an_idea_is_refused_with_the_reason() {
    let (_dir, path, mut app) = example_app();
    let before = std::fs::read(&path).expect("read");
    keys(&mut app, "2d");
    let status = app.status.clone().expect("a message");
    assert!(status.error, "{status:?}");
    assert!(
        status
            .text
            .contains("Nurture track for not-ready inquiries")
            && status.text.contains("not ready to buy"),
        "{}",
        status.text
    );
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

#[test]
fn reshuffle_pairs_sales_with_marketing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = App::new(&options(None, dir.path()), at(0));
    keys(&mut app, "n");
    type_text(&mut app, "Pairs");
    press(&mut app, KeyCode::Enter);
    let path = dir.path().join("pairs.ron");
    press(&mut app, KeyCode::Tab);
    keys(&mut app, "a");
    for name in ["Ana", "Ben", "Cleo", "Dan", "Eve"] {
        type_text(&mut app, name);
        press(&mut app, KeyCode::Enter);
    }
    press(&mut app, KeyCode::Esc);
    keys(&mut app, "r");
    let s = saved(&path);
    assert_eq!(s.participants.len(), 5);
    assert_eq!(s.pairs.len(), 2, "two pairs, the odd one out joins one");
    for pair in &s.pairs {
        let roles: Vec<Role> = pair
            .members
            .iter()
            .filter_map(|m| s.participant(*m))
            .map(|p| p.role)
            .collect();
        assert!(roles.contains(&Role::Sales) && roles.contains(&Role::Marketing));
    }
    let mut steps: Vec<usize> = s.pairs.iter().flat_map(|p| p.steps.clone()).collect();
    steps.sort_unstable();
    assert_eq!(steps, (0..s.step_count()).collect::<Vec<_>>());
    keys(&mut app, "r");
    assert_eq!(
        saved(&path).participants,
        s.participants,
        "reshuffling moves no one out of the room"
    );
}

#[test]
fn an_external_change_is_not_overwritten() {
    let (_dir, path, mut app) = example_app();
    let mut theirs = funnelcheck::assets::example_session();
    theirs.title = "Edited in another window".into();
    std::thread::sleep(std::time::Duration::from_millis(20));
    store::save(&path, &theirs).expect("save");
    app.tick(at(1));
    assert_eq!(
        app.doc.as_ref().map(|d| d.save.clone()),
        Some(SaveState::Held)
    );
    keys(&mut app, "u2"); // ignored while the choice is open
    assert_eq!(saved(&path).title, "Edited in another window");
    keys(&mut app, "r");
    assert_eq!(
        app.doc.as_ref().map(|d| d.session.title.clone()).as_deref(),
        Some("Edited in another window")
    );

    // Their change again, and this time keep ours.
    let mut again = theirs.clone();
    again.title = "Third version".into();
    std::thread::sleep(std::time::Duration::from_millis(20));
    store::save(&path, &again).expect("save");
    app.tick(at(2));
    keys(&mut app, "k");
    assert_eq!(saved(&path).title, "Edited in another window");
}

/// The "changed on disk" choice never takes keys meant for an open field:
/// `k` and `q` typed into a title are text, and after "keep mine" the other
/// version is still on disk under its own name.
#[test]
fn the_changed_on_disk_choice_waits_for_the_open_field() {
    let (dir, path, mut app) = example_app();
    keys(&mut app, "1");
    press(&mut app, KeyCode::Enter); // the workshop title field
    assert_eq!(app.mode(), funnelcheck::tui::keymap::Mode::Editing);
    let mut theirs = funnelcheck::assets::example_session();
    theirs.notes = "Typed by the co-facilitator".into();
    std::thread::sleep(std::time::Duration::from_millis(20));
    store::save(&path, &theirs).expect("save");
    app.tick(at(1));
    assert_eq!(
        app.doc.as_ref().map(|d| d.save.clone()),
        Some(SaveState::Held)
    );
    type_text(&mut app, " kq");
    assert!(!app.quit, "q typed into a field never quits");
    assert_eq!(app.mode(), funnelcheck::tui::keymap::Mode::Editing);
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.doc.as_ref().map(|d| d.session.title.clone()).as_deref(),
        Some("Q4 Funnel Reality Check kq"),
        "the field got every key"
    );
    assert_eq!(
        saved(&path).notes,
        "Typed by the co-facilitator",
        "nothing overwritten yet"
    );
    // Now the choice: keep mine.
    assert_eq!(app.mode(), funnelcheck::tui::keymap::Mode::Conflict);
    keys(&mut app, "k");
    assert_eq!(saved(&path).title, "Q4 Funnel Reality Check kq");
    let copies: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.contains(".theirs-"))
        .collect();
    assert_eq!(copies.len(), 1, "{copies:?}");
    let kept = store::load(&dir.path().join(&copies[0])).expect("their version loads");
    assert_eq!(kept.notes, "Typed by the co-facilitator");
    let status = app
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(
        status.contains(&copies[0]),
        "the message names the copy: {status}"
    );
}

struct BrokenDisk;

impl Storage for BrokenDisk {
    fn save_checked(
        &self,
        path: &Path,
        _bytes: &[u8],
        _expected: Option<&[u8]>,
    ) -> Result<store::Saved, store::StoreError> {
        // The file name only: the temp folder's length must not change how
        // the message wraps in the snapshot.
        Err(store::StoreError::Write {
            path: path.file_name().unwrap_or_default().into(),
            source: std::io::Error::other("disk full"),
        })
    }

    fn load(&self, _path: &Path) -> Result<Session, store::StoreError> {
        Ok(funnelcheck::assets::example_session())
    }
}

#[test]
fn a_failed_save_is_shown_not_hidden() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("x.ron");
    let mut app = App::with_storage(
        &options(Some(path), dir.path()),
        at(0),
        std::sync::Arc::new(BrokenDisk),
    );
    keys(&mut app, "2 ");
    let shown = screen(&mut app, 80, 24);
    assert!(
        shown.contains("✗ not saved: cannot save") && shown.contains("disk full"),
        "{shown}"
    );
    assert!(shown.contains("NOT SAVED"), "{shown}");
    insta::assert_snapshot!(
        "save_failed_80x24",
        shown.replace(&dir.path().display().to_string(), "<DIR>")
    );
}

#[test]
fn a_broken_file_opens_the_start_screen_with_the_reason() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("broken.ron");
    std::fs::write(&path, "(version: 1, title: ").expect("write");
    let app = App::new(&options(Some(path), dir.path()), at(0));
    assert!(app.doc.is_none());
    let status = app.status.clone().expect("a message");
    assert!(
        status.error && status.text.contains("broken.ron"),
        "{}",
        status.text
    );
}

#[test]
fn a_parse_error_is_shown_whole_with_its_caret_until_esc() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("broken.ron");
    std::fs::write(&path, "(version: 1, title: \"x\",\n  company: 12,\n").expect("write");
    // The real store, with the temp folder's name shortened, so the message
    // wraps the same way on every machine.
    struct RealStoreShortPaths(String);
    impl Storage for RealStoreShortPaths {
        fn save_checked(
            &self,
            path: &Path,
            bytes: &[u8],
            expected: Option<&[u8]>,
        ) -> Result<store::Saved, store::StoreError> {
            store::save_checked(path, bytes, expected)
        }
        fn load(&self, path: &Path) -> Result<Session, store::StoreError> {
            store::load(path).map_err(|e| match e {
                store::StoreError::Parse {
                    path,
                    line,
                    column,
                    message,
                    excerpt,
                } => store::StoreError::Parse {
                    path: path.display().to_string().replace(&self.0, "<DIR>").into(),
                    line,
                    column,
                    message,
                    excerpt,
                },
                other => other,
            })
        }
    }
    let shortened = std::sync::Arc::new(RealStoreShortPaths(dir.path().display().to_string()));
    let mut app = App::with_storage(&options(Some(path), dir.path()), at(0), shortened);
    let shown = screen(&mut app, 80, 24);
    let lines: Vec<&str> = shown.lines().collect();
    let at_line = lines
        .iter()
        .position(|l| l.contains("2 |   company: 12,"))
        .unwrap_or_else(|| panic!("the offending line is shown:\n{shown}"));
    // The caret sits on the next line, under the 12 the parser choked on.
    let caret = lines[at_line + 1].find('^').expect("a caret");
    assert_eq!(&lines[at_line][caret..caret + 2], "12", "{shown}");
    assert!(shown.contains("Esc dismiss message"), "{shown}");
    // The start screen behind names the temp folder and the file's time.
    let stable: Vec<String> = shown
        .replace(&dir.path().display().to_string(), "<DIR>")
        .lines()
        .map(|l| match l.find("broken.ron  ") {
            Some(i) if l.starts_with('│') => format!("{}broken.ron  <MTIME>", &l[..i]),
            _ => l.to_string(),
        })
        .collect();
    insta::assert_snapshot!("parse_error_80x24", stable.join("\n"));
    press(&mut app, KeyCode::Esc);
    assert!(app.status.is_none());
    assert!(!screen(&mut app, 80, 24).contains("company: 12"));
}

#[test]
fn mouse_clicks_pick_tabs_and_rows_and_the_wheel_scrolls() {
    let (_dir, _path, mut app) = example_app();
    screen(&mut app, 80, 24);
    let click = |col, row| {
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: col,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    app.handle_event(&click(12, 1)); // "2 Funnel"
    assert_eq!(app.current, 1);
    let shown = screen(&mut app, 80, 24);
    let row = shown
        .lines()
        .position(|l| l.contains("SAL  "))
        .expect("SAL row") as u16;
    app.handle_event(&click(10, row));
    let wheel = Event::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 10,
        row,
        modifiers: KeyModifiers::NONE,
    });
    app.handle_event(&wheel);
    let shown = screen(&mut app, 80, 24);
    assert!(
        shown.lines().any(|l| l.contains("▶") && l.contains("SQL")),
        "SAL clicked, wheel moved one down:\n{shown}"
    );
}

#[test]
fn key_releases_are_ignored() {
    let (_dir, _path, mut app) = example_app();
    let release = Event::Key(crossterm::event::KeyEvent {
        code: KeyCode::Char('q'),
        modifiers: KeyModifiers::NONE,
        kind: crossterm::event::KeyEventKind::Release,
        state: crossterm::event::KeyEventState::NONE,
    });
    app.handle_event(&release);
    assert!(!app.quit);
}

#[test]
fn the_timer_survives_a_restart_and_undo_leaves_it_alone() {
    let (dir, path, mut app) = example_app();
    keys(&mut app, "2 "); // an edit made before the timer moves
    keys(&mut app, "TT"); // to section 3, "Walk the stages" (60 min), paused
    app.tick(at(60));
    keys(&mut app, "t+"); // runs from 9:01, with 5 minutes more
    let clock = saved(&path).clock;
    assert_eq!(
        (clock.section, clock.running_since, clock.extra_secs),
        (2, Some(at(60)), 300),
        "every timer move is saved at once"
    );
    keys(&mut app, "u");
    assert_eq!(saved(&path).clock, clock, "undo does not move the timer");
    ctrl(&mut app, 'r');
    assert_eq!(saved(&path).clock, clock, "nor does redo");
    drop(app);

    // The lid closes; the app opens again at 9:20: 19 of 65 minutes gone.
    let mut app = App::new(&options(Some(path.clone()), dir.path()), at(20 * 60));
    let shown = screen(&mut app, 80, 24);
    assert!(
        shown.contains("▶ 3/8") && shown.contains("46:00 left"),
        "{shown}"
    );
}

#[test]
fn a_timer_pointing_past_a_shortened_agenda_starts_again() {
    let (dir, path, _app) = example_app();
    let mut s = saved(&path);
    s.agenda.truncate(2);
    s.clock.section = 5;
    store::save(&path, &s).expect("save");
    let mut app = App::new(&options(Some(path), dir.path()), at(0));
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("⏸ 1/2"), "{shown}");
}

/// At 80 columns a cause takes two lines and an idea three: a click on any
/// of an item's lines picks that item.
#[test]
fn clicks_on_the_stage_walk_pick_the_item_under_the_pointer() {
    let (_dir, _path, mut app) = example_app();
    keys(&mut app, "3n"); // step 2, MQL → SAL
    let click = |col, row| {
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: col,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    let row_of = |shown: &str, text: &str| {
        shown
            .lines()
            .position(|l| l.contains(text))
            .unwrap_or_else(|| panic!("{text} on screen:\n{shown}")) as u16
    };
    let shown = screen(&mut app, 80, 24);
    // The second line of the "bad data" cause.
    app.handle_event(&click(10, row_of(&shown, "bad data") + 1));
    let shown = screen(&mut app, 80, 24);
    assert!(
        shown
            .lines()
            .any(|l| l.contains("▶") && l.contains("bad data")),
        "{shown}"
    );
    // The third line (pair and effort) of the first idea.
    app.handle_event(&click(50, row_of(&shown, "Call every MQL") + 2));
    let shown = screen(&mut app, 80, 24);
    assert!(
        shown.lines().any(|l| l.contains("▶ Call every MQL")),
        "{shown}"
    );
}

/// Many causes at 80×24: the list scrolls by whole causes, the cursor and
/// the unexplained line stay in view, and a click still picks the cause
/// under the pointer.
#[test]
fn a_long_cause_list_scrolls_by_whole_causes() {
    let (dir, path, _app) = example_app();
    let mut s = saved(&path);
    // An idea targets "not ready to buy": it stays, last, after 8 new ones.
    let kept = s.stages[0]
        .causes
        .iter()
        .find(|c| c.reason == "not ready to buy")
        .cloned()
        .expect("the example's cause");
    let mut causes: Vec<_> = (1..=8)
        .map(|i| funnelcheck::session::Cause {
            reason: format!("reason number {i}"),
            share: 10.0,
            ..kept.clone()
        })
        .collect();
    causes.push(funnelcheck::session::Cause {
        share: 15.0,
        ..kept
    });
    s.stages[0].causes = causes;
    store::save(&path, &s).expect("save");
    let mut app = App::new(&options(Some(path), dir.path()), at(0));
    keys(&mut app, "3G");
    let shown = screen(&mut app, 80, 24);
    assert!(
        shown.contains("▶ 15 % not ready to buy") && shown.contains("5 % unexplained"),
        "{shown}"
    );
    assert!(
        !shown.contains("reason number 1 "),
        "scrolled past the first:\n{shown}"
    );
    assert!(shown.contains("Why we lose them 5–9 of 9"), "{shown}");
    let row = shown
        .lines()
        .position(|l| l.contains("reason number 7"))
        .expect("cause 7 shown") as u16;
    app.handle_event(&Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 8,
        row: row + 1,
        modifiers: KeyModifiers::NONE,
    }));
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("▶ 10 % reason number 7"), "{shown}");
}

/// Twelve people at 80×24 do not fit: the list scrolls, and a click still
/// picks the person under the pointer, not the one that used to be there.
#[test]
fn a_click_on_a_scrolled_people_list_picks_the_person_shown() {
    let (dir, path, _app) = example_app();
    let mut s = saved(&path);
    for i in 1..=4 {
        s.participants.push(funnelcheck::session::Participant {
            id: 100 + i,
            name: format!("Guest number {i}"),
            role: Role::Other,
        });
    }
    store::save(&path, &s).expect("save");
    let mut app = App::new(&options(Some(path), dir.path()), at(0));
    press(&mut app, KeyCode::Tab); // to People
    keys(&mut app, "G");
    let shown = screen(&mut app, 80, 24);
    assert!(!shown.contains("Anna Berg   "), "scrolled:\n{shown}");
    let row = shown
        .lines()
        .position(|l| l.contains("Guest number 2"))
        .expect("guest 2 shown") as u16;
    app.handle_event(&Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 40,
        row,
        modifiers: KeyModifiers::NONE,
    }));
    let shown = screen(&mut app, 80, 24);
    assert!(
        shown
            .lines()
            .any(|l| l.contains("▶") && l.contains("Guest number 2")),
        "{shown}"
    );
}

/// A folder of many workshops: the start list scrolls with the cursor, says
/// how much is hidden, and a click opens the session it lands on.
#[test]
fn the_start_list_scrolls_and_clicks_land_on_the_shown_session() {
    let dir = tempfile::tempdir().expect("temp dir");
    for i in 1..=12 {
        let mut s = funnelcheck::assets::example_session();
        s.title = format!("Workshop number {i:02}");
        store::save(&dir.path().join(format!("w{i:02}.ron")), &s).expect("save");
    }
    let mut app = App::new(&options(None, dir.path()), at(0));
    keys(&mut app, "G");
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("of 12"), "{shown}");
    let selected: Vec<&str> = shown.lines().filter(|l| l.contains("▶ Workshop")).collect();
    assert_eq!(selected.len(), 1, "the cursor is in view:\n{shown}");
    // Click the second line (file name) of the topmost session shown.
    let (row, line) = shown
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("  Workshop number"))
        .expect("a session shown");
    let title = line
        .split("Workshop number ")
        .nth(1)
        .map(|rest| format!("Workshop number {}", &rest[..2]))
        .expect("a title");
    let click = Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 10,
        row: row as u16 + 1,
        modifiers: KeyModifiers::NONE,
    });
    app.handle_event(&click);
    press(&mut app, KeyCode::Enter);
    let opened = app.doc.as_ref().map(|d| d.session.title.clone());
    assert_eq!(opened.as_deref(), Some(title.as_str()), "{shown}");
}
