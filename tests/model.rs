//! Hand-computed cases beyond MODEL.md's worked example. Each test writes
//! its arithmetic out, so a failure shows which step of MODEL.md broke.
//!
//! Base funnel used unless a test says otherwise (per MONTH):
//!   counts 1000 → 500 → 200 → 50, deal size 1,000
//!   c = 0.5, 0.4, 0.25;  W = 1000 · 0.5 · 0.4 · 0.25 = 50;  R = 50,000
//!   days 10, 20, 30, 0 (time spent in each stage)
//!   step 1 has causes "a" (50 %) and "b" (25 %).

use chrono::NaiveDate;
use funnelcheck::model::{self, Funnel, Lever, RankBy};
use funnelcheck::session::{
    Cause, Effect, Estimate, Idea, Origin, Period, Plan, Session, Stage, Team,
};

fn stage(name: &str, count: u64, days: f64) -> Stage {
    Stage {
        name: name.into(),
        team: Team::Shared,
        count,
        days,
        causes: vec![],
        definition: String::new(),
        handoff: Default::default(),
    }
}

fn cause(reason: &str, share: f64) -> Cause {
    Cause {
        reason: reason.into(),
        share,
        origin: Origin::Internal,
        team: Team::Sales,
        note: String::new(),
        category: None,
    }
}

fn session_with(counts: &[u64]) -> Session {
    let names = ["Lead", "MQL", "SQL", "Won", "Extra"];
    let days = [10.0, 20.0, 30.0, 0.0, 0.0];
    Session {
        version: 1,
        title: "Hand-computed".into(),
        company: String::new(),
        date: NaiveDate::from_ymd_opt(2026, 1, 15).expect("valid date"),
        facilitator: String::new(),
        currency: "EUR".into(),
        period: Period::Month,
        deal_size: 1_000.0,
        participants: vec![],
        pairs: vec![],
        stages: counts
            .iter()
            .enumerate()
            .map(|(i, c)| stage(names[i], *c, days[i]))
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

fn base() -> Session {
    let mut s = session_with(&[1000, 500, 200, 50]);
    s.stages[1].causes = vec![cause("a", 50.0), cause("b", 25.0)];
    s
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

fn lift(step: usize, points: f64) -> Effect {
    Effect::LiftConversion {
        step,
        points: Estimate::point(points),
    }
}

fn recover(step: usize, cause: Option<&str>, percent: f64) -> Effect {
    Effect::RecoverLosses {
        step,
        cause: cause.map(String::from),
        percent: Estimate::point(percent),
    }
}

fn volume(percent: f64) -> Effect {
    Effect::GrowVolume {
        percent: Estimate::point(percent),
    }
}

fn deal(percent: f64) -> Effect {
    Effect::GrowDealSize {
        percent: Estimate::point(percent),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6 * b.abs().max(1.0)
}

macro_rules! assert_close {
    ($a:expr, $b:expr) => {{
        let (a, b) = ($a, $b);
        assert!(close(a, b), "{} = {a}, expected {b}", stringify!($a));
    }};
}

#[test]
fn base_funnel_figures() {
    let s = base();
    let f = Funnel::of(&s);
    assert_close!(f.revenue(), 50_000.0);
    let steps = model::step_figures(&s);
    // Step 0: lost 500, d_0 = 0.4 · 0.25 = 0.1, V = 500 · 0.1 · 1000 = 50,000.
    // Step 1: lost 300, d_1 = 0.25, V = 300 · 0.25 · 1000 = 75,000.
    // Step 2: lost 150, d_2 = 1, V = 150 · 1000 = 150,000.
    assert_close!(steps[0].value_lost, 50_000.0);
    assert_close!(steps[1].value_lost, 75_000.0);
    assert_close!(steps[2].value_lost, 150_000.0);
    assert_close!(steps[1].lost_share, 0.6);
    assert_eq!(model::biggest_leak(&steps).map(|f| f.step), Some(2));
}

#[test]
fn zero_counts_give_zero_everywhere() {
    // All zero: every c = 0 (N_k = 0), R = 0, nothing lost, no leak.
    let s = session_with(&[0, 0, 0]);
    assert_close!(Funnel::of(&s).revenue(), 0.0);
    let steps = model::step_figures(&s);
    assert!(steps.iter().all(|f| f.conversion == 0.0 && f.lost == 0.0));
    assert!(
        steps
            .iter()
            .all(|f| f.lost_share == 0.0 && f.value_lost == 0.0)
    );
    assert!(model::biggest_leak(&steps).is_none());
    // A 10-point lift on step 0 makes c_0 = 0.1, but N_0 = 0: G = 0.
    assert_close!(
        model::idea_gains(&s, &idea(1, "x", lift(0, 10.0))).likely,
        0.0
    );

    // 100 → 0 → 0: step 0 loses all 100, but d_0 = c_1 = 0 (N_1 = 0),
    // so V_0 = 100 · 0 · 1000 = 0 and there is no leak worth naming.
    let s = session_with(&[100, 0, 0]);
    let steps = model::step_figures(&s);
    assert_close!(steps[0].lost, 100.0);
    assert_close!(steps[0].lost_share, 1.0);
    assert_close!(steps[0].value_lost, 0.0);
    assert!(model::biggest_leak(&steps).is_none());
    // W = 100 · 0 · 0 = 0 and stays 0 whatever one step recovers.
    let sens = model::sensitivity(&s);
    assert_eq!(sens.len(), 2);
    assert!(
        sens.iter()
            .all(|x| x.recover_10pct == 0.0 && x.plus_1pt == 0.0)
    );
}

#[test]
fn conversion_is_capped_at_one() {
    let s = base();
    // c_2 = 0.25 + 0.90 = 1.15 → capped to 1: R' = 1000 · 0.5 · 0.4 · 1 · 1000
    // = 200,000, G = 150,000. A 75-point lift reaches exactly 1: same gain.
    for points in [75.0, 90.0, 100.0] {
        let g = model::idea_gains(&s, &idea(1, "x", lift(2, points)));
        assert_close!(g.likely, 150_000.0);
    }
    let out = model::apply(
        &Funnel::of(&s),
        &[Lever::Lift {
            step: 2,
            points: 90.0,
        }],
    );
    assert_close!(out.conversions[2], 1.0);
    // Recovering 100 % of all losses: c = 0.25 + 1 · 1 · 0.75 = 1, same gain.
    let g = model::idea_gains(&s, &idea(1, "x", recover(2, None, 100.0)));
    assert_close!(g.likely, 150_000.0);
    // Lift 80 then recover 50 %: 0.25 + 0.8 → 1 (cap), recovery on 0 lost: 1.
    let out = model::apply(
        &Funnel::of(&s),
        &[
            Lever::Recover {
                step: 2,
                share: 1.0,
                percent: 50.0,
            },
            Lever::Lift {
                step: 2,
                points: 80.0,
            },
        ],
    );
    assert_close!(out.conversions[2], 1.0);
}

#[test]
fn two_recoveries_on_one_step_do_not_depend_on_order() {
    let s = base();
    let a = Lever::Recover {
        step: 1,
        share: 0.5,
        percent: 20.0,
    }; // factor 0.10
    let b = Lever::Recover {
        step: 1,
        share: 0.25,
        percent: 60.0,
    }; // factor 0.15
    // a then b: 0.4 + 0.10 · 0.6 = 0.46;  0.46 + 0.15 · 0.54 = 0.541
    // b then a: 0.4 + 0.15 · 0.6 = 0.49;  0.49 + 0.10 · 0.51 = 0.541
    // (1 − c' = 0.6 · 0.9 · 0.85 = 0.459.)
    let f = Funnel::of(&s);
    assert_close!(model::apply(&f, &[a, b]).conversions[1], 0.541);
    assert_close!(model::apply(&f, &[b, a]).conversions[1], 0.541);
    // The same through ideas naming the causes, as a plan:
    // R' = 1000 · 0.5 · 0.541 · 0.25 · 1000 = 67,625, G = 17,625.
    let mut s = s;
    s.ideas = vec![
        idea(1, "a", recover(1, Some("a"), 20.0)),
        idea(2, "b", recover(1, Some("b"), 60.0)),
    ];
    let ab = model::simulate_plan(&s, &[1, 2], 10, 1);
    let ba = model::simulate_plan(&s, &[2, 1], 10, 1);
    assert_close!(ab.together, 17_625.0);
    assert_close!(ba.together, 17_625.0);
    // Alone: a gives c 0.46 (G = 50,000 · 0.06/0.4 = 7,500), b gives 0.49
    // (G = 11,250); sum 18,750 > 17,625: they share the same losses.
    assert_close!(ab.sum_alone, 18_750.0);
    // A lift is applied before any recovery, whatever the list order:
    // 0.4 + 0.10 = 0.5, then 0.5 + 0.10 · 0.5 = 0.55.
    let l = Lever::Lift {
        step: 1,
        points: 10.0,
    };
    assert_close!(model::apply(&f, &[a, l]).conversions[1], 0.55);
    assert_close!(model::apply(&f, &[l, a]).conversions[1], 0.55);
}

#[test]
fn grow_deal_size_gain_and_lag() {
    let s = base();
    // D 1000 → 1100: R' = 50 · 1100 = 55,000, G = 5,000 a month, 60,000 a year.
    let mut i = idea(1, "x", deal(10.0));
    i.effort_days = 4.0;
    let g = model::idea_gains(&s, &i);
    assert_close!(g.likely, 5_000.0);
    assert_close!(g.annual, 60_000.0);
    // Lag: only the last step's days (SQL → Won: 30).
    assert_close!(model::lag_days(&s, &i.effect), 30.0);
    assert_close!(g.delay_days, 30.0);
    // Per effort: 60,000 / 4 days = 15,000.
    assert_close!(g.per_effort, 15_000.0);
}

#[test]
fn pert_expected_gain() {
    let s = base();
    // Recover on step 2 (c = 0.25): Δc = p · 0.75, G = 200,000 · Δc = 150,000 · p.
    // low 10 % → 15,000; likely 20 % → 30,000; high 60 % → 90,000.
    // Expected = (15,000 + 4 · 30,000 + 90,000) / 6 = 225,000 / 6 = 37,500.
    let i = idea(
        1,
        "x",
        Effect::RecoverLosses {
            step: 2,
            cause: None,
            percent: Estimate::new(10.0, 20.0, 60.0),
        },
    );
    let g = model::idea_gains(&s, &i);
    assert_close!(g.low, 15_000.0);
    assert_close!(g.likely, 30_000.0);
    assert_close!(g.high, 90_000.0);
    assert_close!(g.expected, 37_500.0);
}

#[test]
fn quarter_and_year_horizons_with_lag_and_lead_time() {
    let s = base();
    let month = 365.0 / 12.0;
    // Lift step 1 by 10 points: c_1 0.4 → 0.5, R' = 1000 · 0.5 · 0.5 · 0.25 · 1000
    // = 62,500, G = 12,500 a month. Lag = days of MQL + SQL = 20 + 30 = 50,
    // lead time 20: delay 70.
    // Quarter: 12,500 / (365/12) · (91 − 70) = 8,630.137 …
    // Year:    12,500 / (365/12) · (365 − 70) = 121,232.876 …
    let mut i = idea(1, "x", lift(1, 10.0));
    i.lead_time_days = 20.0;
    let g = model::idea_gains(&s, &i);
    assert_close!(g.likely, 12_500.0);
    assert_close!(g.delay_days, 70.0);
    assert_close!(g.quarter, 12_500.0 / month * 21.0);
    assert_close!(g.quarter, 8_630.136_986_301_37);
    assert_close!(g.year, 12_500.0 / month * 295.0);
    assert_close!(g.annual, 150_000.0);
    // Volume +10 %: G = 5,000; lag = the whole cycle 10 + 20 + 30 = 60, lead
    // time 40: delay 100 > 91, nothing this quarter;
    // year 5,000 / (365/12) · 265 = 43,561.64 …
    let mut v = idea(2, "v", volume(10.0));
    v.lead_time_days = 40.0;
    let g = model::idea_gains(&s, &v);
    assert_close!(g.likely, 5_000.0);
    assert_close!(g.delay_days, 100.0);
    assert_close!(g.quarter, 0.0);
    assert_close!(g.year, 5_000.0 / month * 265.0);
}

#[test]
fn per_effort_counts_less_than_a_day_as_one() {
    let s = base();
    // Volume +10 %: G = 5,000 a month, 60,000 a year.
    let mut i = idea(1, "x", volume(10.0));
    for (effort, per) in [
        (0.0, 60_000.0),
        (0.5, 60_000.0),
        (1.0, 60_000.0),
        (8.0, 7_500.0),
    ] {
        i.effort_days = effort;
        assert_close!(model::idea_gains(&s, &i).per_effort, per);
    }
}

#[test]
fn a_plan_together_beats_the_sum_alone() {
    let mut s = base();
    // Lift step 0 by 10 points: c_0 0.5 → 0.6, G = 50,000 · 0.6/0.5 − 50,000 = 10,000.
    // Volume +10 %: G = 5,000. Sum alone: 15,000.
    // Together: 1100 · 0.6 · 0.4 · 0.25 · 1000 = 66,000, G = 16,000.
    s.ideas = vec![idea(1, "lift", lift(0, 10.0)), idea(2, "vol", volume(10.0))];
    let out = model::simulate_plan(&s, &[1, 2], 500, 42);
    assert_close!(out.together, 16_000.0);
    assert_close!(out.sum_alone, 15_000.0);
    // Point estimates: every draw is the likely value.
    for v in [out.p10, out.p50, out.p90, out.mean] {
        assert_close!(v, 16_000.0);
    }
    // Ids not in the session are skipped.
    let out = model::simulate_plan(&s, &[1, 99], 10, 42);
    assert_eq!(out.ideas, vec![1]);
    assert_close!(out.together, 10_000.0);
}

#[test]
fn stage_sensitivity_by_hand() {
    let s = base();
    // Recover 10 % at step k: G = R · 0.1 · (1 − c_k) / c_k
    //   step 0: 50,000 · 0.1 · 1 = 5,000; step 1: · 1.5 = 7,500; step 2: · 3 = 15,000
    // +1 point: G = R · 0.01 / c_k: 1,000; 1,250; 2,000.
    let sens = model::sensitivity(&s);
    let steps: Vec<usize> = sens.iter().map(|x| x.step).collect();
    assert_eq!(steps, [2, 1, 0]);
    for (x, (rec, pt)) in
        sens.iter()
            .zip([(15_000.0, 2_000.0), (7_500.0, 1_250.0), (5_000.0, 1_000.0)])
    {
        assert_close!(x.recover_10pct, rec);
        assert_close!(x.plus_1pt, pt);
    }
}

#[test]
fn ranking_ties_go_by_title_then_id() {
    let mut s = base();
    // Three ideas with the same +10 % volume (G = 5,000 each) and one with
    // +20 % (10,000): the bigger first, then the tie in title order.
    s.ideas = vec![
        idea(1, "Charlie", volume(10.0)),
        idea(2, "Alpha", volume(10.0)),
        idea(3, "Zulu", volume(20.0)),
        idea(4, "Bravo", volume(10.0)),
        idea(5, "Alpha", volume(10.0)),
    ];
    let ranked = model::rank(&s, RankBy::Likely);
    let order: Vec<(usize, u32, &str)> = ranked
        .iter()
        .map(|r| (r.rank, s.ideas[r.index].id, s.ideas[r.index].title.as_str()))
        .collect();
    assert_eq!(
        order,
        [
            (1, 3, "Zulu"),
            (2, 2, "Alpha"),
            (3, 5, "Alpha"),
            (4, 4, "Bravo"),
            (5, 1, "Charlie")
        ]
    );
    assert_close!(ranked[0].gains.likely, 10_000.0);
    assert_close!(ranked[1].gains.likely, 5_000.0);
}

#[test]
fn ranking_by_conservative_uses_low() {
    let mut s = base();
    // Deal size 0/10/10 %: low 0, likely 5,000. Volume 4/4/4 %: low = likely = 2,000.
    s.ideas = vec![
        idea(
            1,
            "risky",
            Effect::GrowDealSize {
                percent: Estimate::new(0.0, 10.0, 10.0),
            },
        ),
        idea(2, "safe", volume(4.0)),
    ];
    let by = |r: RankBy| -> Vec<u32> {
        model::rank(&s, r)
            .iter()
            .map(|x| s.ideas[x.index].id)
            .collect()
    };
    assert_eq!(by(RankBy::Likely), [1, 2]);
    assert_eq!(by(RankBy::Conservative), [2, 1]);
}

#[test]
fn recovering_more_than_all_losses_is_refused() {
    let mut s = funnelcheck::assets::example_session();
    let idea = s
        .ideas
        .iter_mut()
        .find(|i| i.effect.kind() == funnelcheck::session::EffectKind::RecoverLosses)
        .expect("a recovery idea");
    *idea.effect.estimate_mut() = funnelcheck::session::Estimate::new(50.0, 80.0, 120.0);
    let problems = funnelcheck::session::validate(&s);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].path.ends_with("effect.percent") && problems[0].message.contains("over 100"),
        "{problems:?}"
    );
}

/// A plan over time: each idea switches on after its own delay, and once both
/// work they earn their combined gain.
/// Month period (365/12 days), counts 1000 → 500 → 200 → 50, deal 1,000:
/// R = 50,000 a month; step days 10, 20, 30.
/// - A: lift step 2 by 5 points: c 0.25 → 0.30, G = 10,000; lag 30, lead 0.
/// - B: grow volume 10 %: G = 5,000; lag 10+20+30 = 60, lead 10 → delay 70.
/// - Together: 50,000 · (1.1 · 1.2 − 1) = 16,000.
///
/// Within 91 days: A alone from day 30 to 70, both from 70 to 91:
/// (10,000 · 40 + 16,000 · 21) · 12/365 = 736,000 · 12/365 = 24,197.26.
#[test]
fn plan_gain_within_a_horizon_by_hand() {
    let mut s = session_with(&[1000, 500, 200, 50]);
    let mut a = idea(
        1,
        "A",
        Effect::LiftConversion {
            step: 2,
            points: Estimate::point(5.0),
        },
    );
    a.lead_time_days = 0.0;
    let mut b = idea(
        2,
        "B",
        Effect::GrowVolume {
            percent: Estimate::point(10.0),
        },
    );
    b.lead_time_days = 10.0;
    s.ideas = vec![a.clone(), b];
    let both = model::plan_within_horizon(&s, &[1, 2], 91.0);
    assert!((both - 736_000.0 * 12.0 / 365.0).abs() < 1e-6, "{both}");
    // One idea alone is exactly its own in-quarter figure: 10,000 · 61 · 12/365.
    let alone = model::plan_within_horizon(&s, &[1], 91.0);
    assert!((alone - model::idea_gains(&s, &a).quarter).abs() < 1e-9);
    assert!((alone - 10_000.0 * 61.0 * 12.0 / 365.0).abs() < 1e-6);
    // Naming an idea twice counts it once; a horizon before any delay gives 0.
    assert_eq!(model::plan_within_horizon(&s, &[1, 1, 2], 91.0), both);
    assert_eq!(model::plan_within_horizon(&s, &[1, 2], 20.0), 0.0);
}
