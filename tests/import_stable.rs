//! Import → save (RON and JSON) → import again of the same export changes
//! nothing: the figures, the causes, the segments and the mapping an
//! import writes are exactly what the next import of that data computes.

use chrono::NaiveDate;
use funnelcheck::import::{self, Mode};
use funnelcheck::session::Session;
use funnelcheck::{assets, store};
use proptest::prelude::*;

const STAGES: [&str; 4] = ["Lead", "Qualified", "Proposal", "Customer"];
const REASONS: [&str; 6] = [
    "",
    "Price",
    "price!",
    "Lost to Competitor",
    "No decision",
    "Went dark",
];
const REGIONS: [&str; 3] = ["North", "South", "Café"];

/// One deal: how far it got, lost or open (a deal at the last stage is won),
/// its reason, region, amount and creation day in Q1 2026.
#[derive(Debug, Clone)]
struct Deal {
    stage: usize,
    lost: bool,
    reason: usize,
    region: usize,
    amount: u32,
    day: u32,
}

fn deal() -> impl Strategy<Value = Deal> {
    (
        0usize..4,
        any::<bool>(),
        0usize..6,
        0usize..3,
        1u32..50_000,
        0u32..90,
    )
        .prop_map(|(stage, lost, reason, region, amount, day)| Deal {
            stage,
            lost,
            reason,
            region,
            amount,
            day,
        })
}

/// The deals as a CRM's one-row-per-deal export.
fn csv(deals: &[Deal]) -> String {
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
    let mut out = String::from("Deal ID,Deal Stage,Status,Lost Reason,Amount,Create Date,Region\n");
    for (i, d) in deals.iter().enumerate() {
        let won = d.stage == 3;
        let status = if won {
            "won"
        } else if d.lost {
            "lost"
        } else {
            "open"
        };
        let created = start + chrono::Days::new(u64::from(d.day));
        out.push_str(&format!(
            "D{i},{},{status},{},{},{created},{}\n",
            STAGES[d.stage],
            if d.lost && !won {
                REASONS[d.reason]
            } else {
                ""
            },
            d.amount,
            REGIONS[d.region]
        ));
    }
    out
}

fn session() -> Session {
    let t = assets::template("demand-waterfall").expect("template");
    let mut s = assets::new_session(
        "Stable",
        t,
        NaiveDate::from_ymd_opt(2026, 3, 31).expect("date"),
    );
    s.stages.truncate(4);
    for (st, name) in s.stages.iter_mut().zip(STAGES) {
        st.name = name.into();
        st.handoff = Default::default();
    }
    s.kpis.clear();
    s.goals.clear();
    s
}

fn options(s: &Session) -> import::Options {
    let mut o = import::options_for(s);
    o.mode = Mode::Cohort;
    o.segments = vec!["Region".into()];
    o.from = NaiveDate::from_ymd_opt(2026, 1, 1);
    o.to = NaiveDate::from_ymd_opt(2026, 3, 31);
    o
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn importing_the_same_export_again_changes_nothing(deals in prop::collection::vec(deal(), 1..120)) {
        let data = csv(&deals);
        let s = session();
        let o = options(&s);
        let first = import::import(data.as_bytes(), &o).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let applied = import::apply(&s, &first, &o, "deals.csv").map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(applied.session.stages[0].count, deals.len() as u64);
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        for name in ["s.ron", "s.json"] {
            let path = dir.path().join(name);
            store::save(&path, &applied.session).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let back = store::load(&path).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(&back, &applied.session);
            let o2 = options(&back);
            let second = import::import(data.as_bytes(), &o2).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let again = import::apply(&back, &second, &o2, "deals.csv").map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert!(again.changes.is_empty(), "{:?}", again.changes);
            prop_assert!(again.new_reasons.is_empty(), "codes learnt the first time: {:?}", again.new_reasons);
            prop_assert_eq!(&again.session, &back);
        }
        // The whole funnel is the segments' sum (MODEL.md §9).
        for (k, st) in applied.session.stages.iter().enumerate() {
            let sum: u64 = applied.session.segments.iter().map(|g| g.counts[k]).sum();
            prop_assert_eq!(sum, st.count);
        }
    }
}
