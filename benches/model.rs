//! Speed of the model and the store on workshop sizes far beyond a real
//! room: ranking 10,000 ideas, a 100,000-draw plan of 20 ideas, loading a
//! 10,000-idea file. Aims: < 5 ms, < 100 ms, < 100 ms.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use funnelcheck::assets;
use funnelcheck::model::{self, RankBy};
use funnelcheck::session::{Estimate, Idea, Session};
use funnelcheck::store;

/// The example session with its ideas repeated (and their estimates varied)
/// until there are `n`.
fn session_with_ideas(n: usize) -> Session {
    let mut s = assets::example_session();
    let templates = s.ideas.clone();
    s.votes.clear();
    s.plan.ideas.clear();
    s.ideas = (0..n)
        .map(|i| {
            let mut idea: Idea = templates[i % templates.len()].clone();
            idea.id = i as u32 + 1;
            idea.title = format!("{} #{i}", idea.title);
            let e = idea.effect.estimate();
            let f = 1.0 + (i % 17) as f64 / 10.0;
            *idea.effect.estimate_mut() = Estimate::new(e.low * f, e.likely * f, e.high * f);
            idea.effort_days = 1.0 + (i % 23) as f64;
            idea
        })
        .collect();
    s
}

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
    c.bench_function("load a 10,000-idea RON file", |b| {
        b.iter(|| store::load(black_box(&path)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
