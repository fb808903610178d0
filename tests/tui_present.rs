//! Presentation mode: every view drawn into a `TestBackend` at 80×24,
//! 120×40 and 200×60 for the example session (fixed clock), and key-driven
//! scenarios: F5 in and Esc out, votes hidden until the reveal, overtime in
//! words, ideas without a pair in report back, timer keys while presenting.

mod support;

use crossterm::event::{KeyCode, KeyModifiers};
use insta::assert_snapshot;
use support::{at, example_app, key_mod, keys, options, press, screen};

use funnelcheck::tui::App;
use funnelcheck::tui::present::View;

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

/// Snapshots of the app as it is now at every size, named `NAME_WxH`.
fn snapshot_sizes(app: &mut App, name: &str) {
    for (w, h) in SIZES {
        assert_snapshot!(format!("{name}_{w}x{h}"), screen(app, w, h));
    }
}

/// The screen's text with runs of whitespace made single: a title wrapped
/// over two rows reads as it was written.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn f5(app: &mut App) {
    press(app, KeyCode::F(5));
}

#[test]
fn step_view() {
    let (_dir, _path, mut app) = example_app();
    keys(&mut app, "3");
    f5(&mut app);
    // MQL → SAL: the step the example's first pairs work on.
    press(&mut app, KeyCode::Right);
    assert_eq!(app.present.view, View::Step);
    snapshot_sizes(&mut app, "step");
}

#[test]
fn report_back_view() {
    let (_dir, _path, mut app) = example_app();
    keys(&mut app, "3");
    f5(&mut app);
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.present.view, View::ReportBack);
    snapshot_sizes(&mut app, "report_back");
}

#[test]
fn vote_view_hidden_then_revealed() {
    let (_dir, _path, mut app) = example_app();
    keys(&mut app, "4");
    f5(&mut app);
    assert_eq!(app.present.view, View::Vote);
    snapshot_sizes(&mut app, "vote_hidden");
    keys(&mut app, "v");
    snapshot_sizes(&mut app, "vote_revealed");
}

#[test]
fn plan_view() {
    let (_dir, _path, mut app) = example_app();
    keys(&mut app, "7");
    f5(&mut app);
    assert_eq!(app.present.view, View::Plan);
    snapshot_sizes(&mut app, "plan");
}

#[test]
fn timer_view_running_and_in_overtime() {
    let (_dir, _path, mut app) = example_app();
    f5(&mut app);
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab);
    }
    assert_eq!(app.present.view, View::Timer);
    keys(&mut app, "t");
    app.tick(at(150));
    snapshot_sizes(&mut app, "timer_running");
    // The first section has 10 minutes: 13:12 in, it is 3:12 over.
    app.tick(at(792));
    snapshot_sizes(&mut app, "timer_overtime");
}

#[test]
fn f5_enters_from_any_screen_and_esc_leaves() {
    let (_dir, _path, mut app) = example_app();
    for n in 1..=app.screens.len() {
        keys(&mut app, &n.to_string());
        f5(&mut app);
        assert!(app.presenting, "F5 on screen {n}");
        let shown = screen(&mut app, 80, 24);
        assert!(
            !shown.contains("1 Setup"),
            "the tab strip is hidden:\n{shown}"
        );
        press(&mut app, KeyCode::Esc);
        assert!(!app.presenting, "Esc leaves on screen {n}");
        assert_eq!(app.current, n - 1, "back on the screen it came from");
        let shown = screen(&mut app, 80, 24);
        assert!(shown.contains("1 Setup"), "the tabs are back:\n{shown}");
    }
}

#[test]
fn p_and_f5_toggle_and_help_lists_the_presentation_keys() {
    let (_dir, _path, mut app) = example_app();
    app.handle_event(&key_mod(KeyCode::Char('P'), KeyModifiers::SHIFT));
    assert!(app.presenting);
    keys(&mut app, "?");
    let help = screen(&mut app, 80, 24);
    assert!(help.contains("Keys on presentation mode"), "{help}");
    assert!(help.contains("F5 P Esc"), "{help}");
    assert!(help.contains("reveal the vote totals"), "{help}");
    assert!(
        !help.contains("undo the last change"),
        "undo does nothing here:\n{help}"
    );
    press(&mut app, KeyCode::Esc);
    assert!(app.presenting, "Esc closed the help only");
    f5(&mut app);
    assert!(!app.presenting);
    // On a workshop screen, help offers the way in.
    keys(&mut app, "?");
    let help = screen(&mut app, 80, 40);
    assert!(help.contains("F5 P"), "{help}");
    assert!(help.contains("presentation mode"), "{help}");
}

#[test]
fn vote_totals_stay_hidden_until_the_reveal_key() {
    let (_dir, _path, mut app) = example_app();
    let s = app.doc.as_ref().expect("open").session.clone();
    let most = s.ideas.iter().map(|i| s.votes_for(i.id)).max().unwrap_or(0);
    assert!(most > 1, "the example has votes");
    keys(&mut app, "4");
    f5(&mut app);
    for (w, h) in SIZES {
        let hidden = screen(&mut app, w, h);
        assert!(
            hidden.contains("Totals hidden while people vote"),
            "{hidden}"
        );
        assert!(
            !hidden.contains("dots ●"),
            "no totals before the reveal:\n{hidden}"
        );
        assert!(!hidden.contains("dot ●"), "{hidden}");
        assert!(!hidden.contains("most dots"), "{hidden}");
    }
    keys(&mut app, "v");
    for (w, h) in SIZES {
        let shown = screen(&mut app, w, h);
        assert!(shown.contains(&format!("{most} dots")), "{shown}");
        assert!(shown.contains("most dots"), "{shown}");
    }
    // Leaving and coming back hides them again: people may vote on.
    press(&mut app, KeyCode::Esc);
    f5(&mut app);
    assert!(!screen(&mut app, 80, 24).contains("most dots"));
}

#[test]
fn overtime_is_said_in_words_on_every_view() {
    let (_dir, _path, mut app) = example_app();
    keys(&mut app, "3");
    f5(&mut app);
    keys(&mut app, "t");
    app.tick(at(300));
    assert!(!screen(&mut app, 80, 24).contains("OVERTIME"));
    app.tick(at(792));
    for _ in 0..5 {
        let shown = screen(&mut app, 80, 24);
        assert!(shown.contains("OVERTIME +03:12"), "{shown}");
        press(&mut app, KeyCode::Tab);
    }
}

#[test]
fn report_back_lists_an_idea_without_a_pair() {
    let (_dir, _path, mut app) = example_app();
    let s = app.doc.as_ref().expect("open").session.clone();
    let orphan = s
        .ideas
        .iter()
        .find(|i| i.pair.is_none())
        .expect("the example has an idea without a pair");
    keys(&mut app, "3");
    f5(&mut app);
    press(&mut app, KeyCode::Tab);
    for _ in 0..s.pairs.len() {
        press(&mut app, KeyCode::Right);
    }
    let shown = screen(&mut app, 80, 24);
    assert!(
        shown.contains(&format!(
            "REPORT BACK {n} OF {n} · No pair",
            n = s.pairs.len() + 1
        )),
        "{shown}"
    );
    assert!(words(&shown).contains(&orphan.title), "{shown}");
    assert_snapshot!("report_back_no_pair_80x24", shown);
}

#[test]
fn long_lists_page_with_the_arrows_and_say_how_many_are_left() {
    let (_dir, _path, mut app) = example_app();
    keys(&mut app, "4");
    f5(&mut app);
    let first = screen(&mut app, 80, 24);
    assert!(first.contains("more ↓"), "{first}");
    assert!(!first.contains("above"), "{first}");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    let later = screen(&mut app, 80, 24);
    assert!(later.contains("↑ 2 above"), "{later}");
}

#[test]
fn idea_titles_are_wrapped_never_cut() {
    let (_dir, path, _) = example_app();
    let mut s = funnelcheck::store::load(&path).expect("load");
    let long = "Shared service level agreement between marketing and sales: accept or reject every SAL within two working days";
    s.ideas[0].title = long.to_string();
    s.ideas[0].pair = None;
    funnelcheck::store::save(&path, &s).expect("save");
    let dir = path.parent().expect("folder");
    let mut app = App::new(&options(Some(path.clone()), dir), at(0));
    keys(&mut app, "4");
    f5(&mut app);
    // The vote view uses more columns on wide windows: read the first one.
    for ((w, h), first_column) in SIZES.into_iter().zip([80, 60, 66]) {
        let shown = screen(&mut app, w, h);
        let column: String = shown
            .lines()
            .map(|l| l.chars().take(first_column).collect::<String>() + "\n")
            .collect();
        assert!(words(&column).contains(long), "vote at {w}×{h}:\n{shown}");
    }
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.present.view, View::Step);
    // The idea works on MQL → SAL, the second step.
    press(&mut app, KeyCode::Right);
    let shown = screen(&mut app, 80, 24);
    assert!(words(&shown).contains(long), "step at 80×24:\n{shown}");
}

#[test]
fn timer_keys_work_and_edits_do_not_while_presenting() {
    let (_dir, _path, mut app) = example_app();
    keys(&mut app, "3");
    f5(&mut app);
    let before = app.doc.as_ref().expect("open").session.clone();
    keys(&mut app, "t+");
    let clock = &app.doc.as_ref().expect("open").session.clock;
    assert!(clock.running());
    assert_eq!(clock.extra_secs, 300);
    keys(&mut app, "T");
    assert_eq!(app.doc.as_ref().expect("open").session.clock.section, 1);
    // Undo, screen numbers, add and delete mean nothing here.
    keys(&mut app, "u1ad");
    assert!(app.presenting);
    assert_eq!(app.current, 2);
    let after = &app.doc.as_ref().expect("open").session;
    assert_eq!(after.ideas, before.ideas);
    assert_eq!(after.stages, before.stages);
}

#[test]
fn drawing_never_changes_the_session() {
    let (_dir, _path, mut app) = example_app();
    f5(&mut app);
    let before = app.doc.as_ref().expect("open").session.clone();
    for _ in 0..5 {
        for (w, h) in SIZES {
            screen(&mut app, w, h);
        }
        press(&mut app, KeyCode::Tab);
    }
    assert_eq!(app.doc.as_ref().expect("open").session, before);
}

#[test]
fn present_flag_opens_straight_into_presentation() {
    let (dir, path, _) = example_app();
    let mut opts = options(Some(path), dir.path());
    opts.present = true;
    let mut app = App::new(&opts, at(0));
    assert!(app.presenting);
    assert_eq!(app.present.view, View::Step);
    assert!(screen(&mut app, 80, 24).contains("STEP 1 OF 5 · Inquiry → MQL"));
    // Without a session there is nothing to present: the start screen shows.
    let mut opts = options(None, dir.path());
    opts.present = true;
    assert!(!App::new(&opts, at(0)).presenting);
}

#[test]
fn the_present_flag_belongs_to_opening_a_file() {
    use clap::Parser;
    use funnelcheck::cli::{Cli, Command};
    let args = Cli::try_parse_from(["funnelcheck", "--present", "example.ron"]).expect("parses");
    assert!(args.present);
    let args =
        Cli::try_parse_from(["funnelcheck", "open", "example.ron", "--present"]).expect("parses");
    assert!(matches!(
        args.command,
        Some(Command::Open { present: true, .. })
    ));
    // Nothing to present without a session, and headless commands draw nothing.
    assert!(Cli::try_parse_from(["funnelcheck", "--present"]).is_err());
    assert!(Cli::try_parse_from(["funnelcheck", "open", "--present"]).is_err());
    assert!(Cli::try_parse_from(["funnelcheck", "show", "example.ron", "--present"]).is_err());
}
