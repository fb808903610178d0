//! All four export formats of a session with 1,000 ideas (issue 4 aims for
//! under 100 ms together). `all_four` is what the TUI's export key and
//! `export_all` do: build the figures once (ranking, sensitivity, the plan's
//! Monte Carlo run) and render Markdown, HTML, CSV and JSON from them.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use funnelcheck::assets;
use funnelcheck::export::{Format, Report};
use funnelcheck::session::Session;

fn thousand_ideas() -> Session {
    let mut s = assets::example_session();
    let base = s.ideas.clone();
    s.ideas = (0..1000)
        .map(|n| {
            let mut idea = base[n % base.len()].clone();
            idea.id = n as u32 + 1;
            idea.title = format!("{} #{n}", idea.title);
            idea
        })
        .collect();
    // The example's votes and plan name ids 1..15, which exist here too:
    // the plan keeps its three ideas and the default 10,000 samples.
    s
}

fn bench(c: &mut Criterion) {
    let s = thousand_ideas();
    c.bench_function("export all four formats, 1,000 ideas", |b| {
        b.iter(|| {
            let report = Report::build(black_box(&s));
            for f in Format::ALL {
                black_box(report.render(f).expect("render"));
            }
        })
    });
    let report = Report::build(&s);
    c.bench_function("export figures only (Report::build), 1,000 ideas", |b| {
        b.iter(|| black_box(Report::build(black_box(&s))))
    });
    for f in Format::ALL {
        c.bench_function(&format!("export render {}, 1,000 ideas", f.label()), |b| {
            b.iter(|| black_box(report.render(f).expect("render")))
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
