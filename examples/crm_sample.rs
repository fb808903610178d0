//! Generates `sessions/crm-export.csv`, the sample CRM export the app ships:
//! 4,000 deals of Northwind Analytics (the company of `sessions/example.ron`)
//! created between May and the workshop day, in the shape of a HubSpot deal
//! export (one row per deal, a "Date entered" column per stage), with
//! Industry, Region and Lead source columns and lost reasons as a CRM
//! spells them: some exactly as the default reason codes, some only after
//! normalising ("Lost to Competitor"), some new, some blank.
//!
//! ```sh
//! cargo run --example crm_sample            # writes sessions/crm-export.csv
//! cargo run --example crm_sample -- OUT.csv # writes OUT.csv
//! ```
//!
//! Seeded (`rand_chacha`), and only `+ − × ÷` on the random numbers, so
//! every run on every machine writes the same bytes (`tests/sample_data.rs`
//! checks the committed file against a fresh run).

use chrono::{Days, NaiveDate};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

const SEED: u64 = 20_261_123;
const DEALS: usize = 4_000;

/// The CRM's stage names, top to bottom (mapped to Inquiry … Opportunity on
/// the first import), then the two closed stages.
const STAGES: [&str; 5] = [
    "New",
    "Marketing Qualified",
    "Sales Accepted",
    "Sales Qualified",
    "Proposal",
];
const WON: &str = "Closed Won";
const LOST: &str = "Closed Lost";

/// Mean days from entering a stage to the next (or to the close).
const DAYS: [f64; 5] = [9.0, 4.0, 11.0, 16.0, 35.0];

struct Industry {
    name: &'static str,
    /// Relative number of deals.
    weight: f64,
    /// Mean won amount, EUR.
    deal: f64,
    /// Conversion of each step (New → MQL … Proposal → Won).
    conversion: [f64; 5],
    /// Extra weight on losses to a competitor late in the funnel.
    competitor: f64,
    /// Extra weight on deals that stall without a decision.
    stall: f64,
}

const INDUSTRIES: [Industry; 5] = [
    Industry {
        name: "Software",
        weight: 34.0,
        deal: 26_000.0,
        conversion: [0.42, 0.64, 0.62, 0.64, 0.34],
        competitor: 1.4,
        stall: 0.8,
    },
    Industry {
        name: "Manufacturing",
        weight: 24.0,
        deal: 31_000.0,
        conversion: [0.36, 0.58, 0.60, 0.58, 0.26],
        competitor: 0.7,
        stall: 2.2,
    },
    Industry {
        name: "Financial Services",
        weight: 18.0,
        deal: 44_000.0,
        conversion: [0.40, 0.62, 0.55, 0.62, 0.28],
        competitor: 2.0,
        stall: 1.0,
    },
    Industry {
        name: "Healthcare",
        weight: 15.0,
        deal: 22_000.0,
        conversion: [0.34, 0.55, 0.58, 0.60, 0.32],
        competitor: 0.8,
        stall: 1.4,
    },
    Industry {
        name: "Retail",
        weight: 9.0,
        deal: 18_000.0,
        conversion: [0.38, 0.60, 0.64, 0.62, 0.36],
        competitor: 1.0,
        stall: 1.0,
    },
];

const REGIONS: [(&str, f64); 3] = [("EMEA", 55.0), ("North America", 30.0), ("APAC", 15.0)];

const SOURCES: [(&str, f64); 6] = [
    ("Website", 30.0),
    ("Webinar", 18.0),
    ("Paid search", 20.0),
    ("Partner referral", 10.0),
    ("Event", 12.0),
    ("Outbound", 10.0),
];

/// A lost reason as the CRM spells it, its weight, and whether it is a
/// competitor loss or a stall (scaled per industry).
#[derive(Clone, Copy)]
enum Kind {
    Plain,
    Competitor,
    Stall,
}

/// Per step, the reasons lost deals carry. "" is a deal closed lost with
/// the reason left blank.
const REASONS: [&[(&str, f64, Kind)]; 5] = [
    &[
        ("Not ready to buy", 30.0, Kind::Plain),
        ("Invalid/duplicate", 24.0, Kind::Plain),
        ("Wrong persona", 20.0, Kind::Plain),
        ("", 15.0, Kind::Plain),
        ("Student or job seeker", 8.0, Kind::Plain),
    ],
    &[
        ("no follow-up", 34.0, Kind::Stall),
        ("Bad data - out of business", 18.0, Kind::Plain),
        ("Wrong Persona", 20.0, Kind::Plain),
        ("", 14.0, Kind::Plain),
        ("Duplicate lead", 8.0, Kind::Plain),
    ],
    &[
        ("No Budget", 28.0, Kind::Plain),
        ("Timing", 22.0, Kind::Plain),
        ("slow response", 18.0, Kind::Stall),
        ("", 14.0, Kind::Plain),
        ("Went dark", 10.0, Kind::Stall),
    ],
    &[
        ("No decision", 26.0, Kind::Stall),
        ("Weak hand-off", 18.0, Kind::Plain),
        ("Price", 18.0, Kind::Plain),
        ("", 12.0, Kind::Plain),
        ("Lost to Competitor", 16.0, Kind::Competitor),
    ],
    &[
        ("Lost to Competitor", 34.0, Kind::Competitor),
        ("no decision", 20.0, Kind::Stall),
        ("No decision - status quo", 8.0, Kind::Stall),
        ("Price", 20.0, Kind::Plain),
        ("", 10.0, Kind::Plain),
        ("Chose to build in-house", 5.0, Kind::Competitor),
    ],
];

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T], weight: impl Fn(&T) -> f64) -> &'a T {
    let total: f64 = items.iter().map(&weight).sum();
    let mut x = rng.random::<f64>() * total;
    for item in items {
        let w = weight(item);
        if x < w {
            return item;
        }
        x -= w;
    }
    &items[items.len() - 1]
}

/// Whole days around `mean`: the sum of two uniform draws (a triangle from
/// 0 to 2 × mean), at least 1.
fn days(rng: &mut ChaCha8Rng, mean: f64) -> u64 {
    let v = mean * (rng.random::<f64>() + rng.random::<f64>());
    (v.round() as u64).max(1)
}

fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The export, header first; rows end in `\n`.
pub fn generate() -> String {
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let first = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap_or_default();
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
    let span = (today - first).num_days() as f64;

    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::with_capacity(DEALS * 200));
    let mut header = vec![
        "Deal ID".to_string(),
        "Deal Name".to_string(),
        "Deal Stage".to_string(),
        "Amount".to_string(),
        "Create Date".to_string(),
        "Close Date".to_string(),
        "Industry".to_string(),
        "Region".to_string(),
        "Lead source".to_string(),
    ];
    for s in STAGES.iter().chain([WON, LOST].iter()) {
        header.push(format!("Date entered \"{s} (Sales Pipeline)\""));
    }
    header.push("Closed Lost Reason".to_string());
    let _ = w.write_record(&header);

    for n in 0..DEALS {
        let ind = pick(&mut rng, &INDUSTRIES, |i| i.weight);
        let industry = ind.name;
        let region = pick(&mut rng, &REGIONS, |r| r.1).0;
        let source = pick(&mut rng, &SOURCES, |s| s.1).0;
        let created = first + Days::new((rng.random::<f64>() * span) as u64);

        let mut entered: Vec<NaiveDate> = vec![created];
        let mut stage = STAGES[0];
        let mut won: Option<NaiveDate> = None;
        let mut lost: Option<(NaiveDate, &str)> = None;
        for (k, conv) in ind.conversion.iter().enumerate() {
            let at = entered[k];
            let next = at + Days::new(days(&mut rng, DAYS[k]));
            if rng.random::<f64>() < *conv {
                if next > today {
                    break;
                }
                if k + 1 == STAGES.len() {
                    won = Some(next);
                } else {
                    entered.push(next);
                    stage = STAGES[k + 1];
                }
                continue;
            }
            // One loss in six stays open: nobody closed it yet.
            let close = at + Days::new(days(&mut rng, DAYS[k] * 1.5));
            if rng.random::<f64>() < 1.0 / 6.0 || close > today {
                break;
            }
            let reason = pick(&mut rng, REASONS[k], |r| match r.2 {
                Kind::Plain => r.1,
                Kind::Competitor => r.1 * ind.competitor,
                Kind::Stall => r.1 * ind.stall,
            })
            .0;
            lost = Some((close, reason));
            break;
        }

        let late = entered.len() == STAGES.len();
        let amount = if won.is_some() || late {
            // Rounded to 100: 0.6 to 1.4 times the industry's mean.
            let a = ind.deal * (0.6 + 0.4 * (rng.random::<f64>() + rng.random::<f64>()));
            format!("{}", (a / 100.0).round() as u64 * 100)
        } else {
            String::new()
        };
        let (deal_stage, close) = match (won, lost) {
            (Some(d), _) => (WON, Some(d)),
            (None, Some((d, _))) => (LOST, Some(d)),
            (None, None) => (stage, None),
        };
        let mut row = vec![
            format!("D-{:05}", 10_001 + n),
            format!("{} deal {}", ind.name, n + 1),
            deal_stage.to_string(),
            amount,
            date(created),
            close.map(date).unwrap_or_default(),
            industry.to_string(),
            region.to_string(),
            source.to_string(),
        ];
        for k in 0..STAGES.len() {
            row.push(entered.get(k).copied().map(date).unwrap_or_default());
        }
        row.push(won.map(date).unwrap_or_default());
        row.push(lost.map(|(d, _)| date(d)).unwrap_or_default());
        row.push(lost.map(|(_, r)| r.to_string()).unwrap_or_default());
        let _ = w.write_record(&row);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

fn main() -> std::io::Result<()> {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "sessions/crm-export.csv".to_string());
    let text = generate();
    std::fs::write(&out, &text)?;
    println!("wrote {} deals to {out}", text.lines().count() - 1);
    Ok(())
}
