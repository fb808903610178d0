//! Speed of the model and the store on workshop sizes far beyond a real
//! room: ranking 10,000 ideas, a 100,000-draw plan of 20 ideas, loading a
//! 10,000-idea file. Aims: < 5 ms, < 100 ms, < 100 ms.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use funnelcheck::model::{self, RankBy};
use funnelcheck::store;

#[path = "big.rs"]
mod big;
use big::session_with_ideas;

fn bench(c: &mut Criterion) {
    let big = session_with_ideas(10_000);
    c.bench_function("rank 10,000 ideas", |b| {
        b.iter(|| model::rank(black_box(&big), RankBy::Likely))
    });

    let twenty = session_with_ideas(20);
    let ids: Vec<u32> = twenty.ideas.iter().map(|i| i.id).collect();
    c.bench_function("plan of 20 ideas, 100,000 samples", |b| {
        b.iter(|| model::simulate_plan(black_box(&twenty), &ids, 100_000, 7))
    });

    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("bench needs a temp dir: {e}"),
    };
    let path = dir.path().join("big.ron");
    if let Err(e) = store::save(&path, &big) {
        panic!("bench could not write {}: {e}", path.display());
    }
    // Time a load that succeeds: a file that validation refuses would
    // measure an early exit, not the work of opening a session.
    if let Err(e) = store::load(&path) {
        panic!("the bench file must load: {e}");
    }
    c.bench_function("load a 10,000-idea RON file", |b| {
        b.iter(|| store::load(black_box(&path)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
