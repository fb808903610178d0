//! MODEL.md's worked example, figure by figure.

use chrono::NaiveDate;
use funnelcheck::model::{self, Funnel};
use funnelcheck::session::{
    Cause, Effect, Estimate, Idea, Origin, Period, Plan, Session, Stage, Team,
};

fn stage(name: &str, count: u64) -> Stage {
    Stage {
        name: name.into(),
        team: Team::Shared,
        count,
        days: 0.0,
        causes: vec![],
    }
}

fn example() -> Session {
    let mut stages: Vec<Stage> = [
        ("Inquiry", 4000),
        ("MQL", 1600),
        ("SAL", 800),
        ("SQL", 480),
        ("Opp", 240),
        ("Won", 60),
    ]
    .into_iter()
    .map(|(n, c)| stage(n, c))
    .collect();
    stages[1].causes.push(Cause {
        reason: "no follow-up".into(),
        share: 50.0,
        origin: Origin::Internal,
        team: Team::Sales,
        note: String::new(),
    });
    Session {
        version: 1,
        title: "Worked example".into(),
        company: String::new(),
        date: NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date"),
        facilitator: String::new(),
        currency: "EUR".into(),
        period: Period::Quarter,
        deal_size: 30_000.0,
        participants: vec![],
        pairs: vec![],
        stages,
        ideas: vec![],
        votes: vec![],
        vote_budget: 3,
        plan: Plan::default(),
        agenda: vec![],
        notes: String::new(),
        actions: vec![],
        kpis: vec![],
        clock: Default::default(),
    }
}

fn cause(reason: &str, share: f64, origin: Origin, team: Team) -> Cause {
    Cause {
        reason: reason.into(),
        share,
        origin,
        team,
        note: String::new(),
    }
}

/// The example with the causes of MODEL.md §6's worked numbers.
fn with_worked_causes() -> Session {
    let mut s = example();
    s.stages[4].causes = vec![
        cause("no decision", 30.0, Origin::External, Team::Shared),
        cause("slow response", 20.0, Origin::Internal, Team::Sales),
        cause("price", 20.0, Origin::External, Team::Shared),
    ];
    s.stages[1].causes = vec![
        cause("no follow-up", 50.0, Origin::Internal, Team::Sales),
        cause("wrong persona", 30.0, Origin::Internal, Team::Marketing),
    ];
    s
}

fn idea(id: u32, effect: Effect) -> Idea {
    Idea {
        id,
        title: format!("idea {id}"),
        pair: None,
        effect,
        effort_days: 1.0,
        lead_time_days: 0.0,
        notes: String::new(),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6 * b.abs().max(1.0)
}

#[test]
fn revenue_is_1_8_million_a_quarter() {
    assert!(close(Funnel::of(&example()).revenue(), 1_800_000.0));
}

#[test]
fn worked_example_gains() {
    let s = example();
    let lift = idea(
        1,
        Effect::LiftConversion {
            step: 4,
            points: Estimate::point(3.0),
        },
    );
    let g = model::idea_gains(&s, &lift);
    assert!(close(g.likely, 216_000.0), "{}", g.likely);
    assert!(close(g.annual, 864_000.0), "{}", g.annual);

    let recover = idea(
        2,
        Effect::RecoverLosses {
            step: 1,
            cause: Some("no follow-up".into()),
            percent: Estimate::point(20.0),
        },
    );
    assert!(close(model::idea_gains(&s, &recover).likely, 180_000.0));

    let volume = idea(
        3,
        Effect::GrowVolume {
            percent: Estimate::point(5.0),
        },
    );
    assert!(close(model::idea_gains(&s, &volume).likely, 90_000.0));

    let sens = model::sensitivity(&s);
    let at = |k: usize| {
        sens.iter()
            .find(|x| x.step == k)
            .expect("step present")
            .recover_10pct
    };
    assert!(close(at(4), 540_000.0), "{}", at(4));
    assert!(close(at(2), 120_000.0), "{}", at(2));
}

#[test]
fn controllable_value_per_step_matches_the_worked_example() {
    let s = with_worked_causes();
    let steps = model::step_control(&s);
    // V_4 = 180 lost × d_4 (1) × 30,000 = 5,400,000; internal 20 % → 1,080,000;
    // external 30 + 20 = 50 % → 2,700,000; the rest 30 % → 1,620,000.
    let s4 = &steps[4];
    assert!(close(s4.value_lost, 5_400_000.0), "{}", s4.value_lost);
    assert!(close(s4.controllable, 1_080_000.0), "{}", s4.controllable);
    assert!(close(s4.external, 2_700_000.0), "{}", s4.external);
    assert!(close(s4.unexplained, 1_620_000.0), "{}", s4.unexplained);
    // V_1 = 800 lost × (0.6 · 0.5 · 0.25 = 0.075) × 30,000 = 1,800,000;
    // internal 50 + 30 = 80 % → 1,440,000.
    let s1 = &steps[1];
    assert!(close(s1.value_lost, 1_800_000.0), "{}", s1.value_lost);
    assert!(close(s1.controllable, 1_440_000.0), "{}", s1.controllable);
    assert_eq!(s1.external, 0.0);
    // A step without causes: everything unexplained.
    assert!(close(steps[0].unexplained, steps[0].value_lost));
}

#[test]
fn sales_owns_most_of_the_controllable_value_in_the_worked_example() {
    let teams = model::team_control(&with_worked_causes());
    let sales = teams.iter().find(|t| t.team == Team::Sales).expect("sales");
    let marketing = teams
        .iter()
        .find(|t| t.team == Team::Marketing)
        .expect("marketing");
    // Sales: 1,080,000 (step 4) + 900,000 (50 % of step 1's 1,800,000).
    assert!(
        close(sales.controllable, 1_980_000.0),
        "{}",
        sales.controllable
    );
    // Marketing: 30 % of 1,800,000.
    assert!(
        close(marketing.controllable, 540_000.0),
        "{}",
        marketing.controllable
    );
    // 1,980,000 / 2,520,000 = 78.57 %.
    assert!((sales.share - 0.785_714).abs() < 1e-6, "{}", sales.share);
    assert!((teams.iter().map(|t| t.share).sum::<f64>() - 1.0).abs() < 1e-12);
}

#[test]
fn overrunning_shares_never_explain_more_than_the_loss() {
    let mut s = with_worked_causes();
    s.stages[4]
        .causes
        .push(cause("more", 90.0, Origin::Internal, Team::Sales));
    let s4 = &model::step_control(&s)[4];
    assert!(s4.controllable <= s4.value_lost + 1e-6);
    assert!(s4.controllable + s4.external + s4.unexplained <= s4.value_lost * (1.0 + 1e-12));
}

#[test]
fn nothing_controllable_is_plus_zero_never_minus_zero() {
    // The example without causes: every part is exactly +0.
    let s = example();
    for c in model::step_control(&s) {
        assert!(
            c.controllable.is_sign_positive(),
            "step {} controllable {}",
            c.step,
            c.controllable
        );
        assert!(
            c.external.is_sign_positive(),
            "step {} external {}",
            c.step,
            c.external
        );
    }
    for t in model::team_control(&s) {
        assert!(
            t.controllable.is_sign_positive(),
            "{:?} {}",
            t.team,
            t.controllable
        );
    }
}
