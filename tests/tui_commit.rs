//! Screen 6, Commit: every section drawn at 80×24 and 160×48 for the example
//! session, its forms and refusals, and the "done when" scenario
//! driven from the keyboard alone (actions, KPIs, goals, the hand-off
//! agreement) through undo/redo, reopening the file and the export.

mod support;

use std::path::{Path, PathBuf};

use crossterm::event::{Event, KeyCode, KeyModifiers};
use funnelcheck::session::{Cadence, Effect, KpiKind, Measure, Session, Status, Team};
use funnelcheck::store;
use funnelcheck::tui::App;
use funnelcheck::tui::keymap::Mode;
use insta::assert_snapshot;
use support::{ctrl, example_app, key_mod, keys, press, screen, type_text};

fn saved(path: &Path) -> Session {
    store::load(path).expect("the saved file loads")
}

fn session(app: &App) -> &Session {
    &app.doc.as_ref().expect("a session is open").session
}

fn reopen(path: &Path) -> App {
    App::new(
        &support::options(Some(path.to_path_buf()), path.parent().expect("dir")),
        support::at(0),
    )
}

/// The status line's text, or "" when there is none.
fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map_or(String::new(), |s| s.text.clone())
}

fn error(app: &App) -> String {
    match &app.status {
        Some(s) if s.error => s.text.clone(),
        other => panic!("expected an error, got {other:?}"),
    }
}

/// The example opened on the Commit screen, `tabs` sections along.
fn commit_app(tabs: usize) -> (tempfile::TempDir, PathBuf, App) {
    let (dir, path, mut app) = example_app();
    keys(&mut app, "6");
    for _ in 0..tabs {
        press(&mut app, KeyCode::Tab);
    }
    (dir, path, app)
}

#[test]
fn actions_section() {
    let (_dir, _path, mut app) = commit_app(0);
    assert_snapshot!("commit_actions_80x24", screen(&mut app, 80, 24));
    assert_snapshot!("commit_actions_160x48", screen(&mut app, 160, 48));
}

#[test]
fn kpis_section() {
    let (_dir, _path, mut app) = commit_app(1);
    assert_snapshot!("commit_kpis_80x24", screen(&mut app, 80, 24));
    let wide = screen(&mut app, 160, 48);
    // Wide, money shows in full, both ends of "baseline → target" uncut.
    let revenue = wide
        .lines()
        .find(|l| l.contains("monitored Revenue"))
        .unwrap_or_default();
    assert_eq!(revenue.matches(" per quarter").count(), 2, "{revenue}");
    assert!(
        revenue.contains("EUR 1,440,000 per quarter → EUR "),
        "60 won × EUR 24,000: {revenue}"
    );
    assert_snapshot!("commit_kpis_160x48", wide);
}

#[test]
fn goals_section() {
    let (_dir, _path, mut app) = commit_app(2);
    assert_snapshot!("commit_goals_80x24", screen(&mut app, 80, 24));
    assert_snapshot!("commit_goals_160x48", screen(&mut app, 160, 48));
}

#[test]
fn handoff_section() {
    let (_dir, _path, mut app) = commit_app(3);
    assert_snapshot!("commit_handoff_80x24", screen(&mut app, 80, 24));
    assert_snapshot!("commit_handoff_160x48", screen(&mut app, 160, 48));
}

#[test]
fn targets_section() {
    let (_dir, _path, mut app) = commit_app(4);
    assert_snapshot!("commit_targets_80x24", screen(&mut app, 80, 24));
    assert_snapshot!("commit_targets_160x48", screen(&mut app, 160, 48));
}

/// Shift-Tab and ← walk the sections backwards, → forwards, wrapping.
#[test]
fn sections_wrap_both_ways() {
    let (_dir, _path, mut app) = commit_app(0);
    app.handle_event(&key_mod(KeyCode::BackTab, KeyModifiers::SHIFT));
    assert!(screen(&mut app, 80, 24).contains("[Targets]"));
    press(&mut app, KeyCode::Left);
    assert!(screen(&mut app, 80, 24).contains("[Hand-off]"));
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right);
    assert!(screen(&mut app, 80, 24).contains("[Actions]"));
}

/// With the action for idea 9 deleted, `a` opens on idea 9 (the first plan
/// idea without an action): its title, the team of the cause it recovers
/// ("weak hand-off" is shared) and the first member of its pair.
#[test]
fn new_action_is_prefilled_from_the_first_plan_idea_without_one() {
    let (_dir, path, mut app) = commit_app(0);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    keys(&mut app, "d");
    assert!(saved(&path).actions.iter().all(|a| a.idea != Some(9)));
    keys(&mut app, "a");
    assert_eq!(app.mode(), Mode::Editing);
    let shown = screen(&mut app, 80, 24);
    assert_snapshot!("commit_action_form_prefilled_80x24", shown);
    // Saved as it stands, the pre-fill is what lands.
    press(&mut app, KeyCode::Enter);
    let a = saved(&path).actions.last().cloned().expect("an action");
    assert_eq!(a.idea, Some(9));
    assert_eq!(a.title, "Hand-off call with campaign context");
    assert_eq!(a.owner, "Priya Shah");
    assert_eq!(a.team, Some(Team::Shared));
}

/// Enter on a tied KPI shows what the session and the plan make of it:
/// MQL → SAL is 660 / 1,320 = 50.0 % today; "Call every MQL within 24 h"
/// recovers half of the 40 % of the 660 lost to "no follow-up" (132), so
/// the plan implies 792 / 1,320 = 60.0 %.
#[test]
fn kpi_form_for_a_tied_kpi_shows_baseline_and_plan_target() {
    let (_dir, _path, mut app) = commit_app(1);
    press(&mut app, KeyCode::Enter);
    let shown = screen(&mut app, 80, 24);
    assert!(
        shown.contains("Baseline 50.0 % from the session; the plan implies 60.0 %"),
        "{shown}"
    );
    assert_snapshot!("commit_kpi_form_tied_80x24", shown);
}

/// Removing the SAL stage leaves "MQL → SAL conversion" bound to a stage
/// that is gone: the list says so (never silently lost), and Enter, Enter
/// rebinds it to the step out of MQL as the funnel now stands.
#[test]
fn a_stage_a_kpi_measures_stays_until_the_kpi_is_rebound() {
    let (_dir, path, _) = example_app();
    // The example's idea 5 recovers SAL's own cause "slow response", which
    // would block removing SAL: it recovers from all the step's losses here.
    let mut s = saved(&path);
    for idea in s.ideas.iter_mut().filter(|i| i.id == 5) {
        if let Effect::RecoverLosses { cause, .. } = &mut idea.effect {
            *cause = None;
        }
    }
    store::save(&path, &s).expect("save");
    let mut app = reopen(&path);
    keys(&mut app, "2");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    keys(&mut app, "d");
    // Refused, naming the KPI and where to rebind it: never silently lost.
    assert!(saved(&path).stages.iter().any(|st| st.name == "SAL"));
    assert!(
        status(&app).contains("SAL is what the KPI \"MQL → SAL conversion\" measures")
            && status(&app).contains("Commit (6)"),
        "{}",
        status(&app)
    );
    press(&mut app, KeyCode::Esc);
    // Rebind it on Commit: KPIs, Enter, down to the Step row, ← to
    // Inquiry → MQL, Enter.
    keys(&mut app, "6");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Enter);
    for _ in 0..5 {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Normal, "{}", status(&app));
    let k = saved(&path).kpis[0].clone();
    assert_eq!(k.name, "MQL → SAL conversion");
    assert_eq!(
        k.measure,
        Measure::Conversion {
            from: "Inquiry".into(),
            to: "MQL".into()
        }
    );
    // Now SAL can go, and every KPI stays.
    keys(&mut app, "2");
    keys(&mut app, "d");
    let s = saved(&path);
    assert!(
        s.stages.iter().all(|st| st.name != "SAL"),
        "{}",
        status(&app)
    );
    assert_eq!(s.kpis.len(), 5, "every KPI is kept");
}

/// The revenue target reads the money forms the app prints: `EUR 2.4M` and
/// `2,400,000` are the same 2,400,000, and draw the same screen.
#[test]
fn revenue_target_reads_money_as_typed() {
    let (_dir, path, mut app) = commit_app(4);
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "EUR 2.4M");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        saved(&path).revenue_target,
        Some(2_400_000.0),
        "{}",
        status(&app)
    );
    let short = screen(&mut app, 80, 24);
    assert_snapshot!("commit_targets_revenue_2_4m_80x24", short);

    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "1");
    press(&mut app, KeyCode::Enter);
    assert_eq!(saved(&path).revenue_target, Some(1.0));
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "2,400,000");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        saved(&path).revenue_target,
        Some(2_400_000.0),
        "{}",
        status(&app)
    );
    let long = screen(&mut app, 80, 24);
    assert_eq!(short, long);
}

/// 30 February is no date: refused with the reason, the field stays open,
/// and neither the session nor the file changes.
#[test]
fn an_invalid_check_in_date_is_refused() {
    let (_dir, path, mut app) = commit_app(4);
    let before = session(&app).clone();
    let file = std::fs::read(&path).expect("file");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "2027-02-30");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        error(&app),
        "\"2027-02-30\" is not a date: write it as year-month-day, e.g. 2027-01-15"
    );
    assert_eq!(app.mode(), Mode::Editing, "the field stays open to fix");
    assert_snapshot!("commit_check_in_invalid_80x24", screen(&mut app, 80, 24));
    assert_eq!(session(&app), &before);
    assert_eq!(std::fs::read(&path).expect("file"), file);
}

/// A check-in before the workshop is refused too, and a good one lands.
#[test]
fn check_in_before_the_workshop_is_refused() {
    let (_dir, path, mut app) = commit_app(4);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "2026-11-01");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        error(&app),
        "2026-11-01 is before the workshop (2026-11-23): pick a later date"
    );
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "2027-03-31");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        saved(&path).check_in.map(|d| d.to_string()).as_deref(),
        Some("2027-03-31")
    );
}

/// Space cycles an action open → done → partly → not done → dropped →
/// open, and turns a KPI managed ↔ monitored (its team goal comes and goes
/// with it).
#[test]
fn space_cycles_status_and_managed() {
    let (_dir, path, mut app) = commit_app(0);
    let status_of = |p: &Path| saved(p).actions[0].status;
    for want in [
        Status::Done,
        Status::Partly,
        Status::NotDone,
        Status::Dropped,
    ] {
        keys(&mut app, " ");
        assert_eq!(status_of(&path), want);
    }
    assert!(screen(&mut app, 80, 24).contains("5 open"));
    keys(&mut app, " ");
    assert_eq!(status_of(&path), Status::Open);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Down);
    keys(&mut app, " ");
    let s = saved(&path);
    assert_eq!(s.kpis[1].kind, KpiKind::Monitored);
    let goals = funnelcheck::model::team_goals(&s);
    assert!(
        goals.iter().all(|g| g.team != Team::Marketing),
        "MQLs was marketing's only managed KPI: {goals:?}"
    );
}

/// Renaming a KPI carries its actions and its typed goal along; deleting
/// one says how many actions lost their KPI.
#[test]
fn renaming_a_kpi_keeps_its_actions_and_deleting_says_what_it_unlinks() {
    let (_dir, path, mut app) = commit_app(2);
    // The marketing goal (from "MQLs") typed over first.
    press(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'u');
    type_text(&mut app, "Marketing will send 1,452 MQLs a quarter");
    press(&mut app, KeyCode::Enter);
    assert_eq!(saved(&path).goals.len(), 1, "{}", status(&app));
    press(&mut app, KeyCode::BackTab);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'u');
    type_text(&mut app, "Fit MQLs");
    press(&mut app, KeyCode::Enter);
    let s = saved(&path);
    assert_eq!(s.kpis[1].name, "Fit MQLs", "{}", status(&app));
    assert_eq!(
        s.actions[4].kpi.as_deref(),
        Some("Fit MQLs"),
        "Rescore MQLs follows the rename"
    );
    assert_eq!(
        s.goals[0].kpi.as_deref(),
        Some("Fit MQLs"),
        "and so does the typed goal"
    );
    keys(&mut app, "d");
    assert_eq!(
        status(&app),
        "Deleted the KPI; 1 action(s) no longer name a KPI (u undoes)"
    );
    let s = saved(&path);
    assert_eq!(
        (s.kpis.len(), s.actions[4].kpi.clone(), s.goals.len()),
        (4, None, 0)
    );
    keys(&mut app, "u");
    assert_eq!(saved(&path).kpis[1].name, "Fit MQLs");
}

/// `F` on the example's full agreement has nothing to fill and says so.
#[test]
fn fill_with_no_blanks_says_so() {
    let (_dir, path, mut app) = commit_app(3);
    let before = saved(&path);
    keys(&mut app, "F");
    assert_eq!(status(&app), "no blank definition or hand-off text to fill");
    assert_eq!(saved(&path), before);
}

// ---- unhappy paths -------------------------------------------------------

#[test]
fn a_5000_character_paste_into_an_action_title_is_refused() {
    let (_dir, path, mut app) = commit_app(0);
    let before = session(&app).clone();
    keys(&mut app, "a");
    press(&mut app, KeyCode::Tab);
    app.handle_event(&Event::Paste("x".repeat(5000)));
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        error(&app),
        "a title has at most 120 characters; this one has 5,000 — shorten it"
    );
    assert_eq!(app.mode(), Mode::Editing);
    assert_eq!(session(&app), &before);
    assert_eq!(saved(&path), before);
}

#[test]
fn a_due_date_before_the_workshop_is_refused() {
    let (_dir, path, mut app) = commit_app(0);
    let before = session(&app).clone();
    keys(&mut app, "a");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Clean the CRM");
    // Title → Owner → Team → Due.
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "2026-11-22");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        error(&app),
        "2026-11-22 is before the workshop (2026-11-23): pick a later date"
    );
    assert_eq!(saved(&path), before);
    // The day of the workshop itself is fine.
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "3");
    press(&mut app, KeyCode::Enter);
    let s = saved(&path);
    assert_eq!(
        s.actions.len(),
        before.actions.len() + 1,
        "{}",
        status(&app)
    );
    assert_eq!(
        s.actions
            .last()
            .and_then(|a| a.due)
            .map(|d| d.to_string())
            .as_deref(),
        Some("2026-11-23")
    );
}

#[test]
fn a_kpi_name_used_twice_is_refused() {
    let (_dir, path, mut app) = commit_app(1);
    let before = session(&app).clone();
    keys(&mut app, "a");
    type_text(&mut app, "MQLs");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        error(&app),
        "a KPI called \"MQLs\" exists already: give this one its own name"
    );
    assert_eq!(saved(&path), before);
    // Renaming an existing KPI onto another's name is refused as well.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'u');
    type_text(&mut app, "Revenue");
    press(&mut app, KeyCode::Enter);
    assert!(error(&app).starts_with("a KPI called \"Revenue\" exists already"));
    assert_eq!(saved(&path), before);
}

/// `q` is a letter in every editor of the screen: typed into a text row,
/// pressed on a choice row, typed into a one-line field.
#[test]
fn q_inside_a_form_never_quits() {
    let (_dir, path, mut app) = commit_app(0);
    keys(&mut app, "a");
    keys(&mut app, "q");
    assert!(!app.quit, "q on the idea choice");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "quarterly quota review");
    assert!(!app.quit, "q typed into the title");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        saved(&path)
            .actions
            .last()
            .map(|a| a.title.clone())
            .as_deref(),
        Some("quarterly quota review")
    );
    // No idea, KPI, owner or date: only R is open, the rest fail.
    let shown = screen(&mut app, 80, 24);
    assert!(
        shown.contains("S✗ M✗ A✗ R? T✗ quarterly quota review"),
        "{shown}"
    );
    press(&mut app, KeyCode::Tab);
    keys(&mut app, "a");
    type_text(&mut app, "q");
    assert!(!app.quit, "q in the KPI form");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "q");
    assert!(!app.quit, "q in the revenue field");
    press(&mut app, KeyCode::Esc);
    keys(&mut app, "q");
    assert!(app.quit, "outside a form q still quits");
}

/// Esc closes the form without saving and takes the refusal it left on
/// the status line with it.
#[test]
fn esc_clears_the_form_and_a_stale_error() {
    let (_dir, path, mut app) = commit_app(1);
    let before = session(&app).clone();
    keys(&mut app, "a");
    press(&mut app, KeyCode::Enter);
    assert_eq!(error(&app), "the KPI name cannot be empty");
    type_text(&mut app, "Half-typed KPI");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(app.status, None);
    let shown = screen(&mut app, 80, 24);
    assert!(
        !shown.contains("cannot be empty") && !shown.contains("Half-typed"),
        "{shown}"
    );
    assert_eq!(saved(&path), before);
    // The next form starts empty.
    keys(&mut app, "a");
    assert!(!screen(&mut app, 80, 24).contains("Half-typed"));
}

// ---- the "done when" ------------------------------------------------

/// The example with no commitments yet and a blank hand-off agreement,
/// saved to a temp file, and the app opened on it at the Commit screen.
fn blank_commit_app() -> (tempfile::TempDir, PathBuf, App, Session) {
    let (dir, path, _) = example_app();
    let mut s = saved(&path);
    s.actions.clear();
    s.kpis.clear();
    s.goals.clear();
    for st in &mut s.stages {
        st.definition.clear();
        st.handoff = Default::default();
    }
    store::save(&path, &s).expect("save");
    let mut app = reopen(&path);
    let start = session(&app).clone();
    keys(&mut app, "6");
    (dir, path, app, start)
}

/// Fills the open KPI form: name, definition, managed (0) or monitored (1),
/// team (index into marketing, sales, shared), measure (index into typed,
/// count, conversion, days, deal size, revenue), then `rest` for the rows
/// after the measure, and saves.
fn kpi(app: &mut App, name: &str, definition: &str, kind: usize, team: usize, measure: usize) {
    keys(app, "a");
    type_text(app, name);
    press(app, KeyCode::Tab);
    type_text(app, definition);
    press(app, KeyCode::Tab);
    for _ in 0..kind {
        press(app, KeyCode::Right);
    }
    press(app, KeyCode::Tab);
    // Team starts on "shared" (2).
    for _ in team..2 {
        press(app, KeyCode::Left);
    }
    press(app, KeyCode::Tab);
    for _ in 0..measure {
        press(app, KeyCode::Right);
    }
}

/// Moves a choice row `n` options to the right.
fn right(app: &mut App, n: usize) {
    for _ in 0..n {
        press(app, KeyCode::Right);
    }
}

fn tab(app: &mut App, n: usize) {
    for _ in 0..n {
        press(app, KeyCode::Tab);
    }
}

/// An action as the scenario checks it: title, owner, team, due, KPI, idea.
type ActionRow<'a> = (
    &'a str,
    &'a str,
    Option<Team>,
    String,
    Option<&'a str>,
    Option<u32>,
);

#[test]
fn the_room_commits_from_the_keyboard_and_it_all_survives() {
    let (dir, path, mut app, start) = blank_commit_app();
    let w = 80;
    let h = 24;
    let mut commits = 0;

    // ---- KPIs -----------------------------------------------------------
    press(&mut app, KeyCode::Tab);
    // 1. MQL → SAL conversion: managed, sales, the step MQL → SAL.
    kpi(
        &mut app,
        "MQL → SAL conversion",
        "Share of MQLs sales accepts",
        0,
        1,
        2,
    );
    tab(&mut app, 1);
    right(&mut app, 1);
    let shown = screen(&mut app, w, h);
    assert!(
        shown.contains("Baseline 50.0 % from the session; the plan implies 60.0 %"),
        "{shown}"
    );
    press(&mut app, KeyCode::Enter);
    commits += 1;
    // 2. SALs: managed, marketing, the count at SAL. 660 today; the plan
    // recovers 132 of the MQLs lost to "no follow-up": 792.
    kpi(
        &mut app,
        "SALs",
        "MQLs sales accepted in the quarter",
        0,
        0,
        1,
    );
    tab(&mut app, 1);
    right(&mut app, 2);
    let shown = screen(&mut app, w, h);
    assert!(
        shown.contains("Baseline 660 from the session; the plan implies 792"),
        "{shown}"
    );
    press(&mut app, KeyCode::Enter);
    commits += 1;
    // 3. Revenue: monitored, shared. 60 won × EUR 24,000 = EUR 1,440,000.
    kpi(&mut app, "Revenue", "Bookings of won deals", 1, 2, 5);
    let shown = screen(&mut app, w, h);
    assert!(
        shown.contains("Baseline EUR 1,440,000 per quarter from the session"),
        "{shown}"
    );
    press(&mut app, KeyCode::Enter);
    commits += 1;
    // 4. Typed: monitored, sales, weekly, 35 % → 90 %.
    kpi(
        &mut app,
        "MQLs called within 24 h",
        "Share of new MQLs called within 24 hours",
        1,
        1,
        0,
    );
    tab(&mut app, 1);
    type_text(&mut app, "%");
    tab(&mut app, 1);
    press(&mut app, KeyCode::Left);
    tab(&mut app, 1);
    type_text(&mut app, "35");
    tab(&mut app, 1);
    type_text(&mut app, "90");
    press(&mut app, KeyCode::Enter);
    commits += 1;
    assert_eq!(app.mode(), Mode::Normal, "{}", status(&app));
    let shown = screen(&mut app, w, h);
    assert!(shown.contains("Shared KPIs (4)"), "{shown}");
    assert!(
        shown.contains("50.0 % → 60.0 %") && shown.contains("660 → 792"),
        "{shown}"
    );

    // ---- actions ----------------------------------------------------------
    press(&mut app, KeyCode::BackTab);
    // 1. Plan idea 1, pre-filled: Anna Berg (the sales member of pair 1),
    // sales (the team of "no follow-up"); due and KPI added.
    keys(&mut app, "a");
    let shown = screen(&mut app, w, h);
    assert!(
        shown.contains("★ Call every MQL within 24 hours") && shown.contains("Anna Berg"),
        "{shown}"
    );
    tab(&mut app, 4);
    type_text(&mut app, "2027-01-15");
    tab(&mut app, 1);
    right(&mut app, 1);
    press(&mut app, KeyCode::Enter);
    commits += 1;
    // 2. Plan idea 9, its title rewritten: Priya Shah, shared.
    keys(&mut app, "a");
    tab(&mut app, 1);
    ctrl(&mut app, 'u');
    type_text(&mut app, "15-minute hand-off call for every new SQL");
    tab(&mut app, 3);
    type_text(&mut app, "2027-01-31");
    press(&mut app, KeyCode::Enter);
    commits += 1;
    // 3. Plan idea 11: Marco Rossi, sales; moves Revenue.
    keys(&mut app, "a");
    tab(&mut app, 4);
    type_text(&mut app, "2027-02-12");
    tab(&mut app, 1);
    right(&mut app, 3);
    press(&mut app, KeyCode::Enter);
    commits += 1;
    // 4. Free-standing: Jonas Weber picked, marketing; moves SALs.
    keys(&mut app, "a");
    let shown = screen(&mut app, w, h);
    assert!(shown.contains("none (a free-standing action)"), "{shown}");
    tab(&mut app, 1);
    type_text(&mut app, "Rescore MQLs on fit, not downloads");
    tab(&mut app, 1);
    right(&mut app, 6);
    tab(&mut app, 1);
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Left);
    tab(&mut app, 1);
    type_text(&mut app, "2027-01-29");
    tab(&mut app, 1);
    right(&mut app, 2);
    press(&mut app, KeyCode::Enter);
    commits += 1;
    // 5. Free-standing, owner typed: someone from outside the room.
    keys(&mut app, "a");
    tab(&mut app, 1);
    type_text(&mut app, "Weekly reject-reason report");
    tab(&mut app, 1);
    press(&mut app, KeyCode::Left);
    tab(&mut app, 1);
    type_text(&mut app, "Kim Fischer");
    tab(&mut app, 2);
    type_text(&mut app, "2027-02-20");
    press(&mut app, KeyCode::Enter);
    commits += 1;
    assert_eq!(app.mode(), Mode::Normal, "{}", status(&app));
    let shown = screen(&mut app, w, h);
    assert!(shown.contains("Actions (5)"), "{shown}");
    // Anna's action: specific, measured, assigned, realistic (60.0 % lies
    // within 56.0 % … 64.0 %), due before the check-in.
    press(&mut app, KeyCode::Home);
    let shown = screen(&mut app, w, h);
    assert!(
        shown.contains("S✓ M✓ A✓ R✓ T✓ Call every MQL within 24 hou… Anna Berg"),
        "{shown}"
    );

    // ---- goals ----------------------------------------------------------------
    tab(&mut app, 2);
    let shown = screen(&mut app, w, h);
    assert!(
        shown.contains("Marketing will raise SALs from 660 to 792"),
        "{shown}"
    );
    assert!(
        shown.contains("Sales will raise MQL → SAL conversion from 50.0 % to"),
        "{shown}"
    );
    press(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'u');
    type_text(
        &mut app,
        "Marketing will deliver 792 SALs a quarter by 2027-02-26",
    );
    press(&mut app, KeyCode::Enter);
    commits += 1;

    // ---- hand-off agreement ---------------------------------------------------
    tab(&mut app, 1);
    keys(&mut app, "F");
    commits += 1;
    assert!(
        status(&app).starts_with("Filled 8 blank text(s)"),
        "{}",
        status(&app)
    );
    // Inquiry, MQL, then the MQL → SAL service level.
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'u');
    type_text(
        &mut app,
        "Sales accepts or rejects every MQL within 1 working day.",
    );
    press(&mut app, KeyCode::Enter);
    commits += 1;
    assert_eq!(app.mode(), Mode::Normal, "{}", status(&app));

    // ---- what landed -----------------------------------------------------------
    let done = session(&app).clone();
    assert_eq!(saved(&path), done, "every edit is saved");
    let names: Vec<&str> = done.kpis.iter().map(|k| k.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "MQL → SAL conversion",
            "SALs",
            "Revenue",
            "MQLs called within 24 h"
        ]
    );
    let kinds: Vec<KpiKind> = done.kpis.iter().map(|k| k.kind).collect();
    assert_eq!(
        kinds,
        [
            KpiKind::Managed,
            KpiKind::Managed,
            KpiKind::Monitored,
            KpiKind::Monitored
        ]
    );
    let teams: Vec<Team> = done.kpis.iter().map(|k| k.team).collect();
    assert_eq!(
        teams,
        [Team::Sales, Team::Marketing, Team::Shared, Team::Sales]
    );
    assert_eq!(
        done.kpis[0].measure,
        Measure::Conversion {
            from: "MQL".into(),
            to: "SAL".into()
        }
    );
    assert_eq!(
        done.kpis[1].measure,
        Measure::Count {
            stage: "SAL".into()
        }
    );
    assert_eq!(done.kpis[2].measure, Measure::Revenue);
    assert_eq!(done.kpis[3].measure, Measure::Typed);
    // Tied KPIs store no numbers: the session and the plan supply them.
    assert!(
        done.kpis[..3]
            .iter()
            .all(|k| k.baseline.is_none() && k.target.is_none())
    );
    let typed = &done.kpis[3];
    assert_eq!(
        (
            typed.unit.as_str(),
            typed.cadence,
            typed.baseline,
            typed.target
        ),
        ("%", Cadence::Weekly, Some(35.0), Some(90.0))
    );
    let f0 = funnelcheck::model::kpi_figures(&done, &done.kpis[0]);
    assert_eq!(f0.baseline.map(|v| (v * 10.0).round()), Some(500.0));
    assert_eq!(f0.target.map(|v| (v * 10.0).round()), Some(600.0));

    let actions: Vec<ActionRow> = done
        .actions
        .iter()
        .map(|a| {
            (
                a.title.as_str(),
                a.owner.as_str(),
                a.team,
                a.due.map_or(String::new(), |d| d.to_string()),
                a.kpi.as_deref(),
                a.idea,
            )
        })
        .collect();
    assert_eq!(
        actions,
        [
            (
                "Call every MQL within 24 hours",
                "Anna Berg",
                Some(Team::Sales),
                "2027-01-15".into(),
                Some("MQL → SAL conversion"),
                Some(1)
            ),
            (
                "15-minute hand-off call for every new SQL",
                "Priya Shah",
                Some(Team::Shared),
                "2027-01-31".into(),
                None,
                Some(9)
            ),
            (
                "Competitive battle cards",
                "Marco Rossi",
                Some(Team::Sales),
                "2027-02-12".into(),
                Some("Revenue"),
                Some(11)
            ),
            (
                "Rescore MQLs on fit, not downloads",
                "Jonas Weber",
                Some(Team::Marketing),
                "2027-01-29".into(),
                Some("SALs"),
                None
            ),
            (
                "Weekly reject-reason report",
                "Kim Fischer",
                Some(Team::Shared),
                "2027-02-20".into(),
                None,
                None
            ),
        ]
    );
    assert!(done.actions.iter().all(|a| a.status == Status::Open));

    let goals = funnelcheck::model::team_goals(&done);
    let by_team = |t: Team| goals.iter().filter(|g| g.team == t).count();
    assert_eq!(
        (by_team(Team::Marketing), by_team(Team::Sales)),
        (1, 1),
        "{goals:?}"
    );
    assert_eq!(done.goals.len(), 1);
    assert_eq!(
        done.goals[0].text,
        "Marketing will deliver 792 SALs a quarter by 2027-02-26"
    );
    assert_eq!(done.goals[0].kpi.as_deref(), Some("SALs"));

    let mql = &done.stages[1];
    assert_eq!(
        mql.handoff.service_level,
        "Sales accepts or rejects every MQL within 1 working day."
    );
    assert_eq!(
        mql.handoff.on_reject,
        "Rejected or not-ready leads go back to marketing nurture with the reason; bad-fit leads are closed."
    );
    assert!(done.stages.iter().all(|st| !st.definition.is_empty()));
    assert_eq!(
        done.stages[5].definition,
        "A signed contract or a paid first order."
    );

    // ---- undo all the way, then redo ------------------------------------------
    for i in 0..commits {
        keys(&mut app, "u");
        assert_ne!(session(&app), &done, "undo {i} changed the session");
    }
    assert_eq!(
        session(&app),
        &start,
        "undone back to the blank commitments"
    );
    assert_eq!(saved(&path), start, "and the file with it");
    keys(&mut app, "u");
    assert_eq!(session(&app), &start, "nothing more to undo");
    for _ in 0..commits {
        ctrl(&mut app, 'y');
    }
    assert_eq!(session(&app), &done, "redone to the end");
    assert_eq!(saved(&path), done);

    // ---- quit and reopen -------------------------------------------------------
    keys(&mut app, "q");
    assert!(app.quit);
    drop(app);
    let mut app = reopen(&path);
    assert_eq!(session(&app), &done, "every piece survives reopening");
    keys(&mut app, "6");
    let shown = screen(&mut app, w, h);
    assert!(
        shown.contains("Actions (5)") && shown.contains("5 open"),
        "{shown}"
    );

    // ---- export ----------------------------------------------------------------
    keys(&mut app, "7e");
    assert!(status(&app).starts_with("exported"), "{}", status(&app));
    let md = std::fs::read_to_string(dir.path().join("example-export").join("report.md"))
        .expect("report.md");
    for a in &done.actions {
        assert!(md.contains(&a.title), "{:?} in the report", a.title);
        assert!(md.contains(&a.owner), "{:?} in the report", a.owner);
    }
}
