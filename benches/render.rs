//! Frame time of each TUI screen at 200×60 for a session with 1,000 ideas
//! (issue 3 aims for under 1 ms a frame).

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use funnelcheck::assets;
use funnelcheck::tui::{App, Options, ThemeName, chrome};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[path = "support.rs"]
mod support;
use support::thousand_ideas;

fn render(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.ron");
    funnelcheck::store::save(&path, &thousand_ideas()).expect("save");
    let now = NaiveDate::from_ymd_opt(2026, 11, 23)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("valid date");
    let opts = Options {
        file: Some(path.clone()),
        sessions_dir: Some(dir.path().to_path_buf()),
        theme: ThemeName::Projector,
        present: false,
    };
    let mut app = App::new(&opts, now);
    assert!(
        app.doc.is_some(),
        "the bench session opens: {:?}",
        app.status
    );
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
    for i in 0..app.screens.len() {
        app.current = i;
        let name = format!("render 200x60 1000 ideas: {}", app.screens[i].title());
        c.bench_function(&name, |b| {
            b.iter(|| {
                terminal
                    .draw(|f| chrome::draw(f, black_box(&mut app)))
                    .expect("draw");
            })
        });
    }
    // The same walk on the 15-idea example: what the 1,000 ideas cost.
    let small = dir.path().join("small.ron");
    funnelcheck::store::save(&small, &assets::example_session()).expect("save");
    let mut example = App::new(
        &Options {
            file: Some(small),
            ..opts.clone()
        },
        now,
    );
    example.current = 2;
    c.bench_function("render 200x60 example session: Stage walk", |b| {
        b.iter(|| {
            terminal
                .draw(|f| chrome::draw(f, black_box(&mut example)))
                .expect("draw");
        })
    });
    // Presentation mode: every view, the same 1,000 ideas.
    app.presenting = true;
    for view in funnelcheck::tui::present::View::ALL {
        app.present.show(view);
        let name = format!("render 200x60 1000 ideas: presentation {}", view.label());
        c.bench_function(&name, |b| {
            b.iter(|| {
                terminal
                    .draw(|f| chrome::draw(f, black_box(&mut app)))
                    .expect("draw");
            })
        });
    }
    app.presenting = false;
    app.help = Some(0);
    c.bench_function("render 200x60 1000 ideas: help overlay", |b| {
        b.iter(|| {
            terminal
                .draw(|f| chrome::draw(f, black_box(&mut app)))
                .expect("draw");
        })
    });
}

criterion_group!(benches, render);
criterion_main!(benches);
