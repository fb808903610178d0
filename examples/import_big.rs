//! Generates a big CRM export in a temp file and imports it, to measure the
//! import's time and peak memory from outside:
//!
//! ```sh
//! cargo build --release --example import_big
//! /usr/bin/time -v target/release/examples/import_big 1 1000000
//! /usr/bin/time -v target/release/examples/import_big 3 5000000
//! ```
//! (shape 1 with N rows, or shape 3 with N history rows). The file is
//! written row by row, so the peak memory is the import's.

use std::io::{BufWriter, Write};
use std::time::Instant;

use funnelcheck::import::{Mode, Options, import};

const STAGES: [&str; 4] = ["Lead", "Qualified", "Proposal", "Customer"];
const REASONS: [&str; 5] = ["", "Price", "No decision", "Lost to competitor", "Timing"];
const INDUSTRIES: [&str; 6] = ["Retail", "Tech", "Health", "Finance", "Café", "Logistics"];
const REGIONS: [&str; 4] = ["North", "South", "East", "West"];

struct Rng(u64);

impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn date(offset: u64) -> String {
    let d = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default()
        + chrono::Duration::days(offset as i64);
    d.format("%Y-%m-%d").to_string()
}

fn write_shape1(out: &mut impl Write, rows: u64) -> std::io::Result<()> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    writeln!(
        out,
        "Deal ID,Deal Stage,Status,Lost Reason,Amount,Create Date,Close Date,Industry,Region"
    )?;
    for i in 0..rows {
        let f = rng.next(4) as usize;
        let lost = f < 3 && rng.next(2) == 0;
        let (stage, status) = if f == 3 {
            ("Closed Won", "won")
        } else {
            (STAGES[f], if lost { "lost" } else { "open" })
        };
        let reason = if lost {
            REASONS[rng.next(5) as usize]
        } else {
            ""
        };
        let created = rng.next(500);
        writeln!(
            out,
            "D{i},{stage},{status},{reason},{},{},{},{},{}",
            1000 + rng.next(50_000),
            date(created),
            if f == 3 || lost {
                date(created + rng.next(90))
            } else {
                String::new()
            },
            INDUSTRIES[rng.next(6) as usize],
            REGIONS[rng.next(4) as usize],
        )?;
    }
    Ok(())
}

fn write_shape3(out: &mut impl Write, rows: u64) -> std::io::Result<()> {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    writeln!(
        out,
        "Opportunity ID,Stage,Changed,Loss Reason,Amount,Industry"
    )?;
    let (mut written, mut rec) = (0, 0);
    while written < rows {
        let f = rng.next(4) as usize;
        let lost = f < 3 && rng.next(2) == 0;
        let industry = INDUSTRIES[rng.next(6) as usize];
        let mut day = rng.next(500);
        for stage in STAGES.iter().take(f + 1) {
            if written == rows {
                break;
            }
            writeln!(out, "O{rec},{stage},{},,,{industry}", date(day))?;
            day += rng.next(20);
            written += 1;
        }
        if lost && written < rows {
            writeln!(
                out,
                "O{rec},Closed Lost,{},{},,{industry}",
                date(day),
                REASONS[rng.next(5) as usize]
            )?;
            written += 1;
        }
        rec += 1;
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let shape: u32 = args.get(1).map_or(Ok(1), |s| s.parse())?;
    let rows: u64 = args.get(2).map_or(Ok(1_000_000), |s| s.parse())?;
    let mut file = tempfile::NamedTempFile::new()?;
    {
        let mut out = BufWriter::new(file.as_file_mut());
        match shape {
            1 => write_shape1(&mut out, rows)?,
            3 => write_shape3(&mut out, rows)?,
            _ => return Err("shape must be 1 or 3".into()),
        }
        out.flush()?;
    }
    let bytes = file.as_file().metadata()?.len();
    let opts = Options {
        stages: STAGES.iter().map(|s| s.to_string()).collect(),
        segments: vec!["Industry".into()],
        mode: Mode::Cohort,
        ..Options::default()
    };
    let start = Instant::now();
    let imp = import(std::fs::File::open(file.path())?, &opts)?;
    let took = start.elapsed();
    println!(
        "shape {shape}: {rows} rows ({:.1} MB) imported in {:.3} s; rows used {}, counts {:?}, segments {}",
        bytes as f64 / 1e6,
        took.as_secs_f64(),
        imp.preview.rows_used,
        imp.whole.counts,
        imp.segments.len()
    );
    if shape == 1 && imp.whole.counts[0] != rows {
        return Err(format!("expected {rows} at the top, got {}", imp.whole.counts[0]).into());
    }
    Ok(())
}
