//! All four export formats of a session with 1,000 ideas (issue 4 aims for
//! under 100 ms together). `all_four` is what the TUI's export key and
//! `export_all` do: build the figures once (ranking, sensitivity, the plan's
//! Monte Carlo run) and render Markdown, HTML, CSV and JSON from them.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use funnelcheck::export::{Format, Report};

#[path = "support.rs"]
mod support;
use support::thousand_ideas;

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
