//! Opening a FILE must not depend on what else lies in the sessions folder
//! (issue 10): the same small session opened next to an empty folder and
//! next to twenty 10,000-idea sessions. Also the first frame of the start
//! screen on that big folder, which reads only the rows it shows.

use std::hint::black_box;
use std::path::Path;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use funnelcheck::assets;
use funnelcheck::store;
use funnelcheck::tui::{App, Options, ThemeName, chrome};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[path = "big.rs"]
mod big;
use big::session_with_ideas;

fn options(file: Option<&Path>, dir: &Path) -> Options {
    Options {
        file: file.map(Path::to_path_buf),
        sessions_dir: Some(dir.to_path_buf()),
        theme: ThemeName::Projector,
        present: false,
    }
}

fn bench(c: &mut Criterion) {
    let now = NaiveDate::from_ymd_opt(2026, 11, 23)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("valid date");
    let work = tempfile::tempdir().expect("temp dir");
    let file = work.path().join("workshop.ron");
    store::save(&file, &assets::example_session()).expect("save the opened file");
    let empty = tempfile::tempdir().expect("temp dir");
    let full = tempfile::tempdir().expect("temp dir");
    let big = session_with_ideas(10_000);
    for i in 0..20 {
        let path = full.path().join(format!("big-{i:02}.ron"));
        store::save(&path, &big).expect("save a big session");
    }

    for (name, dir) in [
        ("open a FILE, empty sessions folder", empty.path()),
        ("open a FILE, 20 sessions of 10,000 ideas", full.path()),
    ] {
        let opts = options(Some(&file), dir);
        assert!(App::new(&opts, now).doc.is_some(), "the file opens");
        c.bench_function(name, |b| b.iter(|| App::new(black_box(&opts), now)));
    }

    let opts = options(None, full.path());
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    c.bench_function(
        "start screen, first frame, 20 sessions of 10,000 ideas",
        |b| {
            b.iter(|| {
                let mut app = App::new(black_box(&opts), now);
                terminal.draw(|f| chrome::draw(f, &mut app)).expect("draw");
            })
        },
    );
}

criterion_group! {
    name = benches;
    // Each iteration of the slow cases reads megabytes: fewer samples.
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
