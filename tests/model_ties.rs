//! MODEL.md §3 "Ties" and §5: figures equal in exact arithmetic are equal in
//! the app, ties go by title (case-folded), then title, then id, and a plan
//! counts each idea once.

use chrono::NaiveDate;
use funnelcheck::model::{self, RankBy};
use funnelcheck::session::{Effect, Estimate, Idea, Period, Plan, Session, Stage, Team};

fn stage(name: &str, count: u64) -> Stage {
    Stage {
        name: name.into(),
        team: Team::Shared,
        count,
        days: 0.0,
        causes: vec![],
        definition: String::new(),
        handoff: Default::default(),
    }
}

/// A quarterly funnel of the given counts, deal size 1,000.
fn session_with(counts: &[u64]) -> Session {
    Session {
        version: 1,
        title: "Ties".into(),
        company: String::new(),
        date: NaiveDate::from_ymd_opt(2026, 1, 15).expect("valid date"),
        facilitator: String::new(),
        currency: "EUR".into(),
        period: Period::Quarter,
        deal_size: 1_000.0,
        participants: vec![],
        pairs: vec![],
        stages: counts
            .iter()
            .enumerate()
            .map(|(i, c)| stage(&format!("S{i}"), *c))
            .collect(),
        ideas: vec![],
        votes: vec![],
        vote_budget: 3,
        plan: Plan::default(),
        agenda: vec![],
        notes: String::new(),
        actions: vec![],
        kpis: vec![],
        goals: vec![],
        check_in: None,
        revenue_target: None,
        clock: Default::default(),
        previous: None,
        under_review: None,
        segments: Vec::new(),
        import: None,
    }
}

fn idea(id: u32, title: &str, effect: Effect) -> Idea {
    Idea {
        id,
        title: title.into(),
        pair: None,
        effect,
        effort_days: 1.0,
        lead_time_days: 0.0,
        notes: String::new(),
    }
}

fn recover(step: usize, percent: f64) -> Effect {
    Effect::RecoverLosses {
        step,
        cause: None,
        percent: Estimate::point(percent),
    }
}

/// Funnels whose steps all convert at the same rate `r`: N_k = N_0 · r^k,
/// so every c_k is the same number and recovering 10 % of any step's
/// losses is worth exactly `R · 0.1 · (1 − r) / r` in exact arithmetic.
fn equal_rate_funnels() -> Vec<Session> {
    [3, 7, 9, 11, 35, 6]
        .iter()
        .map(|&tenths| {
            let (num, den): (u64, u64) = if tenths < 10 {
                (tenths, 10)
            } else {
                (tenths, 100)
            };
            // 100,000,000 at the top, within the 999,999,999 a stage allows.
            let mut counts = vec![100_000_000];
            for _ in 0..4 {
                let last = *counts.last().expect("a count");
                counts.push(last / den * num);
            }
            session_with(&counts)
        })
        .collect()
}

#[test]
fn the_example_ranks_equal_expected_gains_by_title_ignoring_case() {
    // Onboarding (deal size +2/5/10 %), Outbound (volume +2/5/10 %) and
    // Shared SLA (recover 20/40/60 % at SAL → SQL) are all worth exactly
    // 76,800 a quarter in expected gain: (28,800 + 4·72,000 + 144,000) / 6
    // and (38,400 + 4·76,800 + 115,200) / 6. Tied, they go o-n, o-u, s.
    let s = funnelcheck::assets::example_session();
    let titles: Vec<&str> = model::rank(&s, RankBy::Expected)
        .iter()
        .map(|r| s.ideas[r.index].title.as_str())
        .filter(|t| {
            t.starts_with("Onboarding") || t.starts_with("Outbound") || t.starts_with("Shared SLA")
        })
        .collect();
    assert_eq!(titles.len(), 3);
    assert!(titles[0].starts_with("Onboarding"), "{titles:?}");
    assert!(titles[1].starts_with("Outbound"), "{titles:?}");
    assert!(titles[2].starts_with("Shared SLA"), "{titles:?}");
    let ranked = model::rank(&s, RankBy::Expected);
    let pos = |t: &str| {
        ranked
            .iter()
            .position(|r| s.ideas[r.index].title.starts_with(t))
            .expect("the idea is ranked")
    };
    assert_eq!(pos("Outbound"), pos("Onboarding") + 1);
    assert_eq!(pos("Shared SLA"), pos("Outbound") + 1);
}

#[test]
fn an_idea_that_changes_nothing_gains_exactly_zero() {
    // c_0 = 1320 / 12000 = 0.11 (not a binary fraction): lifting it by 0
    // points, recovering 0 %, growing volume or deal size by 0 %, or
    // recovering the part of a cause the step does not list changes
    // nothing, so every gain is +0 exactly (not −0, not one last bit).
    let mut s = session_with(&[12_000, 1_320, 660, 396, 238, 60]);
    s.deal_size = 24_000.0;
    s.ideas = vec![
        idea(
            1,
            "lift 0",
            Effect::LiftConversion {
                step: 0,
                points: Estimate::point(0.0),
            },
        ),
        idea(2, "recover 0", recover(3, 0.0)),
        idea(
            3,
            "volume 0",
            Effect::GrowVolume {
                percent: Estimate::point(0.0),
            },
        ),
        idea(
            4,
            "deal 0",
            Effect::GrowDealSize {
                percent: Estimate::point(0.0),
            },
        ),
        idea(
            5,
            "unknown cause",
            Effect::RecoverLosses {
                step: 4,
                cause: Some("not listed".into()),
                percent: Estimate::new(10.0, 20.0, 30.0),
            },
        ),
    ];
    for i in &s.ideas {
        let g = model::idea_gains(&s, i);
        for (what, v) in [
            ("low", g.low),
            ("likely", g.likely),
            ("high", g.high),
            ("expected", g.expected),
            ("annual", g.annual),
            ("quarter", g.quarter),
            ("per effort", g.per_effort),
        ] {
            assert_eq!(v.to_bits(), 0.0f64.to_bits(), "{} {what} = {v:e}", i.title);
        }
    }
    let all: Vec<u32> = s.ideas.iter().map(|i| i.id).collect();
    let plan = model::simulate_plan(&s, &all, 100, 7);
    for v in [
        plan.p10,
        plan.p50,
        plan.p90,
        plan.mean,
        plan.together,
        plan.sum_alone,
    ] {
        assert_eq!(v.to_bits(), 0.0f64.to_bits(), "{plan:?}");
    }
    assert_eq!(
        model::plan_within_horizon(&s, &all, model::YEAR_DAYS).to_bits(),
        0.0f64.to_bits()
    );
}

#[test]
fn revenue_of_no_effect_is_the_funnels_revenue_to_the_last_bit() {
    for s in equal_rate_funnels() {
        let f = model::Funnel::of(&s);
        let unchanged = model::apply(&f, &[]);
        assert_eq!(unchanged, f, "{:?}", f.conversions);
        assert_eq!(unchanged.revenue().to_bits(), f.revenue().to_bits());
    }
}

#[test]
fn equal_stage_sensitivities_go_by_step() {
    for s in equal_rate_funnels() {
        let steps: Vec<usize> = model::sensitivity(&s).iter().map(|x| x.step).collect();
        assert_eq!(
            steps,
            [0, 1, 2, 3],
            "counts {:?}",
            s.stages.iter().map(|x| x.count).collect::<Vec<_>>()
        );
    }
}

#[test]
fn equal_gains_at_different_steps_go_by_title() {
    // The same fix (recover 10 %) at each step of an equal-rate funnel is
    // worth the same; the ideas are titled against step order, with mixed
    // case: "alpha" < "Bravo" < "charlie" < "Delta" ignoring case.
    for mut s in equal_rate_funnels() {
        s.ideas = vec![
            idea(1, "Delta", recover(0, 10.0)),
            idea(2, "charlie", recover(1, 10.0)),
            idea(3, "Bravo", recover(2, 10.0)),
            idea(4, "alpha", recover(3, 10.0)),
        ];
        for by in RankBy::ALL {
            let titles: Vec<&str> = model::rank(&s, by)
                .iter()
                .map(|r| s.ideas[r.index].title.as_str())
                .collect();
            assert_eq!(titles, ["alpha", "Bravo", "charlie", "Delta"], "{by:?}");
        }
    }
}

#[test]
fn ties_go_by_lowercase_title_then_title_then_id() {
    // All gain 0: "b" and "B" fold to the same title, so "B" < "b" as
    // written; two "a" go by id; "É" folds to "é", after "z".
    let mut s = session_with(&[100, 50]);
    s.ideas = vec![
        idea(9, "b", recover(0, 0.0)),
        idea(4, "É", recover(0, 0.0)),
        idea(3, "z", recover(0, 0.0)),
        idea(7, "a", recover(0, 0.0)),
        idea(8, "B", recover(0, 0.0)),
        idea(2, "a", recover(0, 0.0)),
    ];
    let order: Vec<(u32, &str)> = model::rank(&s, RankBy::Likely)
        .iter()
        .map(|r| (s.ideas[r.index].id, s.ideas[r.index].title.as_str()))
        .collect();
    assert_eq!(
        order,
        [(2, "a"), (7, "a"), (8, "B"), (9, "b"), (3, "z"), (4, "É")]
    );
}

#[test]
fn keys_further_apart_than_the_tolerance_are_not_a_tie() {
    // R = 100 · 0.5 · 1,000 = 50,000 a quarter, 200,000 a year: the
    // tolerance is 0.0002. Recovering 10 % vs 10.000001 % of step 0's
    // losses differs by 50,000 · 0.5 · 1e-8 = 0.00025: "zulu" still first.
    let mut s = session_with(&[100, 50]);
    s.ideas = vec![
        idea(1, "alpha", recover(0, 10.0)),
        idea(2, "zulu", recover(0, 10.000_001)),
    ];
    let first = model::rank(&s, RankBy::Likely)[0].index;
    assert_eq!(s.ideas[first].title, "zulu");
    // 10.0000001 % differs by 0.000025, inside the tolerance: a tie.
    s.ideas[1] = idea(2, "zulu", recover(0, 10.000_000_1));
    let first = model::rank(&s, RankBy::Likely)[0].index;
    assert_eq!(s.ideas[first].title, "alpha");
}

#[test]
fn a_plan_naming_an_idea_twice_counts_it_once() {
    let s = funnelcheck::assets::example_session();
    let (a, b) = (s.ideas[0].id, s.ideas[1].id);
    let once = model::simulate_plan(&s, &[a, b], 2_000, 11);
    let twice = model::simulate_plan(&s, &[a, b, a, 999_999, b], 2_000, 11);
    assert_eq!(twice, once);
    assert_eq!(twice.ideas, [a, b]);
    for h in [model::QUARTER_DAYS, model::YEAR_DAYS] {
        assert_eq!(
            model::plan_within_horizon(&s, &[a, b, a, b], h).to_bits(),
            model::plan_within_horizon(&s, &[a, b], h).to_bits()
        );
    }
}

#[test]
fn the_monte_carlo_clamps_its_sample_count() {
    let s = funnelcheck::assets::example_session();
    let ids = s.plan.ideas.clone();
    let none = model::simulate_plan(&s, &ids, 0, 3);
    assert_eq!(none.samples, 1, "0 draws would report no figures at all");
    assert_eq!(none, model::simulate_plan(&s, &ids, 1, 3));
    // u32::MAX draws would ask for 32 GB before the first draw.
    let huge = model::simulate_plan(&s, &ids, u32::MAX, 3);
    assert_eq!(huge.samples, 1_000_000);
    assert_eq!(model::MAX_SAMPLES, 1_000_000);
}
