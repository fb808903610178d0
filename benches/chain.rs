//! `history` over a long chain (issue 11): 100 follow-up sessions of 1,000
//! ideas each, every one linked to the one before, written to a temporary
//! folder. Times loading the chain (`store::chain`) and the trend of it
//! (`model::trend`). Aim: the whole `history` command under 1 s in release.
//!
//! `CHAIN_DIR=/some/folder cargo bench --bench chain` writes the files there
//! and keeps them, to time the whole process:
//! `/usr/bin/time -v target/release/funnelcheck history /some/folder/s100.ron`.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use chrono::{Days, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};
use funnelcheck::model;
use funnelcheck::session::{Session, Status};
use funnelcheck::store;

#[path = "big.rs"]
mod big;
use big::session_with_ideas;

const SESSIONS: usize = 100;
const IDEAS: usize = 1_000;

/// Writes `s1.ron` … `s100.ron`, each a follow-up of the one before with
/// its own counts, 1,000 fresh ideas and a plan of three; returns the
/// newest file.
fn write_chain(dir: &Path) -> PathBuf {
    let mut prev = session_with_ideas(IDEAS);
    prev.plan.ideas = vec![1, 2, 3];
    let start = NaiveDate::from_ymd_opt(2020, 1, 15).expect("a valid date");
    prev.date = start;
    let mut path = dir.join("s1.ron");
    store::save(&path, &prev).expect("write s1.ron");
    for n in 2..=SESSIONS {
        let date = start + Days::new(91 * (n as u64 - 1));
        let prev_file = format!("s{}.ron", n - 1);
        let mut next: Session = model::follow_up(&prev, &prev_file, &format!("Check-in {n}"), date);
        // This period's counts, a little better each time.
        for (k, stage) in next.stages.iter_mut().enumerate() {
            let base = prev.stages[k].count as f64;
            stage.count = (base * (1.0 + 0.002 * (n % 7) as f64)).round() as u64;
        }
        // Counts must narrow down the funnel.
        for k in 1..next.stages.len() {
            next.stages[k].count = next.stages[k].count.min(next.stages[k - 1].count);
        }
        next.deal_size = prev.deal_size + 100.0;
        for (i, a) in next.actions.iter_mut().enumerate() {
            a.status = [
                Status::Done,
                Status::Partly,
                Status::NotDone,
                Status::Dropped,
            ][i % 4];
        }
        for k in &mut next.kpis {
            if !k.measure.is_tied() {
                k.actual = Some(40.0 + n as f64 / 10.0);
            }
        }
        let fresh = session_with_ideas(IDEAS);
        next.ideas = fresh.ideas;
        next.plan.ideas = vec![1, 2, 3];
        // New actions are due after this check-in (carried ones may be late).
        next.actions.extend(fresh.actions.into_iter().map(|mut a| {
            a.due = Some(date + Days::new(60));
            a
        }));
        path = dir.join(format!("s{n}.ron"));
        store::save(&path, &next).expect("write a session of the chain");
        prev = next;
    }
    path
}

fn bench(c: &mut Criterion) {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let dir =
        std::env::var_os("CHAIN_DIR").map_or_else(|| temp.path().to_path_buf(), PathBuf::from);
    std::fs::create_dir_all(&dir).expect("the chain folder");
    let newest = write_chain(&dir);
    let chain = store::chain::chain(&newest).expect("the newest session loads");
    assert!(
        chain.broken.is_empty(),
        "the bench chain has broken links: {:?}",
        chain
            .broken
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
    );
    assert_eq!(
        chain.sessions.len(),
        SESSIONS,
        "every session of the chain loads"
    );
    let bytes: u64 = chain
        .paths
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    println!(
        "chain: {SESSIONS} sessions of {IDEAS} ideas, {:.1} MB on disk in {}",
        bytes as f64 / 1e6,
        dir.display()
    );

    let mut group = c.benchmark_group("chain");
    group.sample_size(10);
    group.bench_function("store::chain 100 x 1,000 ideas", |b| {
        b.iter(|| store::chain::chain(black_box(&newest)).expect("load"))
    });
    let sessions = chain.sessions;
    group.bench_function("model::trend 100 sessions", |b| {
        b.iter(|| model::trend(black_box(&sessions)))
    });
    group.bench_function("store::chain + model::trend", |b| {
        b.iter(|| {
            let chain = store::chain::chain(black_box(&newest)).expect("load");
            model::trend(&chain.sessions)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
