//! Segments and kinds of loss on the Funnel (2), the Stage walk (3) and the
//! Summary (7): sessions built by importing the CRM fixtures.

mod support;

use std::path::PathBuf;

use chrono::NaiveDate;
use funnelcheck::import::{self, Mode};
use funnelcheck::session::Session;
use funnelcheck::tui::App;
use funnelcheck::{assets, store};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/import/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A session with the fixtures' four stages, dated after their quarter.
fn blank() -> Session {
    let t = assets::template("demand-waterfall").expect("template");
    let mut s = assets::new_session("Imported", t, NaiveDate::from_ymd_opt(2026, 3, 31).expect("date"));
    s.stages.truncate(4);
    for (st, name) in s.stages.iter_mut().zip(["Lead", "Qualified", "Proposal", "Customer"]) {
        st.name = name.into();
    }
    s.kpis.clear();
    s.goals.clear();
    for st in &mut s.stages {
        st.handoff = Default::default();
    }
    s
}

/// `blank()` with `file` imported as a cohort from 1 Jan 2026, split by `column`.
fn imported(file: &str, column: &str) -> Session {
    let s = blank();
    let mut opts = import::options_for(&s);
    opts.segments = vec![column.to_string()];
    opts.from = NaiveDate::from_ymd_opt(2026, 1, 1);
    opts.mode = Mode::Cohort;
    let imp = import::import(fixture(file).as_slice(), &opts).expect("import");
    import::apply(&s, &imp, &opts, file).expect("apply").session
}

fn open(s: &Session) -> (tempfile::TempDir, PathBuf, App) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("imported.ron");
    store::save(&path, s).expect("save");
    let app = App::new(&support::options(Some(path.clone()), dir.path()), support::at(0));
    (dir, path, app)
}

#[test]
fn scratch() {
    let s = imported("shape1_deals.csv", "Region");
    println!("{:#?}", s.segments);
    println!("{:#?}", s.import);
    let (_d, _p, mut app) = open(&s);
    support::keys(&mut app, "2");
    println!("{}", support::screen(&mut app, 80, 24));
    support::keys(&mut app, "3");
    println!("{}", support::screen(&mut app, 80, 24));
    support::keys(&mut app, "7");
    println!("{}", support::screen(&mut app, 80, 24));
}

#[test]
fn scratch2() {
    let mut s = imported("shape1_deals.csv", "Region");
    s.stages[0].count = 8;
    let (_d, _p, mut app) = open(&s);
    support::keys(&mut app, "2");
    println!("{}", support::screen(&mut app, 80, 24));
    support::keys(&mut app, "g");
    println!("{}", support::screen(&mut app, 80, 24));
    support::keys(&mut app, "G");
    support::keys(&mut app, "G");
    println!("{}", support::screen(&mut app, 160, 48));
}

#[test]
fn scratch3() {
    let s = imported("shape1_deals.csv", "Region");
    let (_d, _p, mut app) = open(&s);
    support::keys(&mut app, "3nn");
    println!("{}", support::screen(&mut app, 80, 24));
    support::keys(&mut app, "g");
    println!("{}", support::screen(&mut app, 80, 24));
    support::keys(&mut app, "g");
    println!("{}", support::screen(&mut app, 160, 48));
}

#[test]
fn scratch4() {
    let s = imported("shape1_deals.csv", "Region");
    let (_d, _p, mut app) = open(&s);
    support::keys(&mut app, "7");
    println!("{}", support::screen(&mut app, 80, 24));
}
