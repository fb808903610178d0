//! Segments and kinds of loss: the worked example of
//! docs/MODEL-additions.md §9a, figure by figure.

use funnelcheck::model;
use funnelcheck::session::{LossCategory, ReasonCount, Segment, Session};

fn rc(reason: &str, count: u64) -> ReasonCount {
    ReasonCount {
        reason: reason.into(),
        count,
    }
}

/// A three-stage funnel split into segments A and B.
fn split() -> Session {
    let mut s = funnelcheck::assets::example_session();
    s.stages.truncate(3);
    s.stages[2].causes.clear();
    s.kpis.clear();
    s.goals.clear();
    s.actions.clear();
    s.ideas.clear();
    s.votes.clear();
    s.plan.ideas.clear();
    s.pairs.iter_mut().for_each(|p| p.steps.retain(|k| *k < 2));
    s.segments = vec![
        Segment {
            name: "A".into(),
            counts: vec![1_000, 400, 100],
            days: vec![10.0, 20.0, 0.0],
            deal_size: 20_000.0,
            losses: vec![
                vec![],
                vec![
                    rc("no decision", 120),
                    rc("lost to competitor", 90),
                    rc("no reason given", 90),
                ],
            ],
        },
        Segment {
            name: "B".into(),
            counts: vec![500, 100, 50],
            days: vec![12.0, 30.0, 0.0],
            deal_size: 40_000.0,
            losses: vec![
                vec![],
                vec![
                    rc("lost to competitor", 30),
                    rc("no decision", 10),
                    rc("price", 10),
                ],
            ],
        },
    ];
    // The whole funnel as an import writes it: the segments' sums, the
    // won-weighted deal size, causes from the summed lost records.
    for (k, c) in [1_500, 500, 150].into_iter().enumerate() {
        s.stages[k].count = c;
    }
    s.deal_size = 4_000_000.0 / 150.0;
    let team = s.stages[1].team;
    s.stages[1].causes = [
        ("no decision", 130),
        ("lost to competitor", 120),
        ("no reason given", 90),
        ("price", 10),
    ]
    .iter()
    .map(|(r, n)| model::cause_from_count(r, *n, 350, team))
    .collect();
    s.stages[0].causes.clear();
    s
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6 * b.abs().max(1.0)
}

#[test]
fn each_segment_is_a_funnel_of_its_own() {
    let s = split();
    let rows = model::segment_rows(&s);
    assert!(close(rows[0].revenue, 2_000_000.0) && close(rows[1].revenue, 2_000_000.0));
    assert!(
        close(rows[0].value_lost, 9_000_000.0),
        "3,000,000 + 6,000,000"
    );
    assert!(
        close(rows[1].value_lost, 10_000_000.0),
        "8,000,000 + 2,000,000"
    );
    assert!(close(rows[0].steps[0].value_lost, 3_000_000.0));
    // The whole funnel's revenue is the segments' sum; its value lost is not.
    let whole = model::Funnel::of(&s);
    assert!(close(whole.revenue(), rows[0].revenue + rows[1].revenue));
    let figures = model::step_figures(&s);
    assert!(close(figures[0].value_lost, 8_000_000.0));
    assert!(close(figures[1].value_lost, 9_333_333.333_333));
}

#[test]
fn the_segment_that_leaks_most_is_named_with_its_share() {
    let s = split();
    let top = model::leakiest(&model::segment_rows(&s)).expect("a segment leaks");
    assert_eq!(top.name, "B");
    assert!(close(top.share, 10.0 / 19.0), "52.6 %");
    // Equal value lost goes by name.
    let mut even = s.clone();
    even.segments[0].counts = even.segments[1].counts.clone();
    even.segments[0].deal_size = 40_000.0;
    even.segments[0].name = "Z".into();
    assert_eq!(
        model::leakiest(&model::segment_rows(&even))
            .expect("leaks")
            .name,
        "B"
    );
}

#[test]
fn no_decision_and_competitor_are_kept_apart() {
    let s = split();
    let at1 = model::kind_shares(&s, Some(1));
    assert!(
        close(at1.of(LossCategory::NoDecision), 130.0 / 350.0),
        "37.1 %"
    );
    assert!(
        close(at1.of(LossCategory::Competitor), 120.0 / 350.0),
        "34.3 %"
    );
    assert!(close(at1.of(LossCategory::PriceValue), 10.0 / 350.0));
    assert!(
        close(at1.of(LossCategory::Unknown), 90.0 / 350.0),
        "no reason given"
    );
    // The whole funnel weighs each step by the prospects it loses: step 0
    // loses 1,000 with no cause (unknown), step 1 loses 350.
    let all = model::kind_shares(&s, None);
    assert!(close(all.lost, 1_350.0));
    assert!(close(all.of(LossCategory::NoDecision), 130.0 / 1_350.0));
    assert!(close(
        all.of(LossCategory::Unknown),
        (1_000.0 + 90.0) / 1_350.0
    ));
    let total: f64 = all.shares.iter().map(|(_, v)| v).sum();
    assert!(close(total, 1.0));
}

#[test]
fn a_cause_may_override_its_codes_kind() {
    let mut s = split();
    s.stages[1].causes[0].category = Some(LossCategory::Timing);
    let at1 = model::kind_shares(&s, Some(1));
    assert!(close(at1.of(LossCategory::NoDecision), 0.0));
    assert!(close(at1.of(LossCategory::Timing), 130.0 / 350.0));
}

#[test]
fn the_reason_grid_marks_the_largest_cells() {
    let s = split();
    assert_eq!(model::reason_grid(&s, 0), None, "no lost records at step 0");
    let g = model::reason_grid(&s, 1).expect("losses at step 1");
    assert_eq!(g.segments, ["A", "B"]);
    assert_eq!(
        g.reasons,
        [
            "no decision",
            "lost to competitor",
            "no reason given",
            "price"
        ]
    );
    assert_eq!(g.totals, [300, 50]);
    let nd_a = g.cells[0][0];
    assert_eq!(nd_a.count, 120);
    assert!(close(nd_a.share, 0.4));
    let comp_b = g.cells[1][1];
    assert!(close(comp_b.share, 0.6));
    // The three largest counts: 120, 90, 90 (both 90s tie for third).
    let marked: Vec<(usize, usize)> = g
        .cells
        .iter()
        .enumerate()
        .flat_map(|(r, row)| {
            row.iter()
                .enumerate()
                .filter(|(_, c)| c.largest)
                .map(move |(c, _)| (r, c))
        })
        .collect();
    assert_eq!(marked, [(0, 0), (1, 0), (2, 0)]);
}

#[test]
fn a_segment_session_carries_its_counts_days_and_causes() {
    let s = split();
    let b = model::segment_session(&s, &s.segments[1]);
    let counts: Vec<u64> = b.stages.iter().map(|st| st.count).collect();
    assert_eq!(counts, [500, 100, 50]);
    assert_eq!(b.stages[1].days, 30.0);
    assert!(close(b.stages[1].causes[0].share, 60.0));
    assert_eq!(b.stages[1].causes[0].reason, "lost to competitor");
    assert!(b.ideas.is_empty());
}
