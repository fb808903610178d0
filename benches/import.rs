//! The CSV import on big exports generated in memory: shape 1 with
//! 1,000,000 rows (target under 2 s) and a shape-3 history of 5,000,000
//! rows (target under 10 s). Each input is imported and checked once
//! before timing. Peak memory: see examples/import_big.rs.

use std::hint::black_box;
use std::io::Write;

use criterion::{Criterion, criterion_group, criterion_main};
use funnelcheck::import::{Mode, Options, import};

const STAGES: [&str; 4] = ["Lead", "Qualified", "Proposal", "Customer"];
const REASONS: [&str; 4] = ["", "Price", "No decision", "Lost to competitor"];
const INDUSTRIES: [&str; 5] = ["Retail", "Tech", "Health", "Finance", "Café"];

fn options() -> Options {
    Options {
        stages: STAGES.iter().map(|s| s.to_string()).collect(),
        segments: vec!["Industry".into()],
        mode: Mode::Cohort,
        ..Options::default()
    }
}

fn date(offset: u64) -> String {
    let y = 2025 + offset / 336;
    let m = offset / 28 % 12 + 1;
    let d = offset % 28 + 1;
    format!("{y}-{m:02}-{d:02}")
}

fn shape1(rows: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(rows as usize * 70);
    let _ = writeln!(
        out,
        "Deal ID,Deal Stage,Status,Lost Reason,Amount,Create Date,Industry"
    );
    for i in 0..rows {
        let f = (i * 7 % 4) as usize;
        let lost = f < 3 && i % 3 == 0;
        let (stage, status) = if f == 3 {
            ("Closed Won", "won")
        } else {
            (STAGES[f], if lost { "lost" } else { "open" })
        };
        let reason = if lost { REASONS[(i % 4) as usize] } else { "" };
        let _ = writeln!(
            out,
            "D{i},{stage},{status},{reason},{},{},{}",
            1000 + i % 9000,
            date(i % 600),
            INDUSTRIES[(i % 5) as usize]
        );
    }
    out
}

fn shape3(rows: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(rows as usize * 40);
    let _ = writeln!(out, "Opportunity ID,Stage,Changed,Loss Reason,Industry");
    let (mut written, mut rec) = (0, 0u64);
    while written < rows {
        let f = (rec * 7 % 4) as usize;
        let industry = INDUSTRIES[(rec % 5) as usize];
        for (k, stage) in STAGES.iter().enumerate().take(f + 1) {
            if written < rows {
                let _ = writeln!(
                    out,
                    "O{rec},{stage},{},,{industry}",
                    date(rec % 500 + k as u64 * 9)
                );
                written += 1;
            }
        }
        if f < 3 && rec % 2 == 0 && written < rows {
            let _ = writeln!(
                out,
                "O{rec},Closed Lost,{},{},{industry}",
                date(rec % 500 + 40),
                REASONS[(rec % 4) as usize]
            );
            written += 1;
        }
        rec += 1;
    }
    out
}

fn bench(c: &mut Criterion) {
    let opts = options();
    let mut g = c.benchmark_group("import");
    g.sample_size(10);

    let one = shape1(1_000_000);
    let imp = import(one.as_slice(), &opts).expect("the generated shape-1 export imports");
    assert_eq!(
        imp.whole.counts[0], 1_000_000,
        "every record reached the top stage"
    );
    assert_eq!(imp.preview.rows_used, 1_000_000);
    g.bench_function("shape1_1m_rows", |b| {
        b.iter(|| import(black_box(one.as_slice()), &opts))
    });
    drop(one);

    let three = shape3(5_000_000);
    let imp = import(three.as_slice(), &opts).expect("the generated history imports");
    assert_eq!(imp.preview.rows_used, 5_000_000);
    assert!(imp.whole.counts[0] > 1_000_000, "{:?}", imp.whole.counts);
    g.bench_function("shape3_5m_history_rows", |b| {
        b.iter(|| import(black_box(three.as_slice()), &opts))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
