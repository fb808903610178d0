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
        definition: String::new(),
        handoff: Default::default(),
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
        category: None,
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

fn cause(reason: &str, share: f64, origin: Origin, team: Team) -> Cause {
    Cause {
        reason: reason.into(),
        share,
        origin,
        team,
        note: String::new(),
        category: None,
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

// ---- §7: commitments -------------------------------------------------------

use funnelcheck::format;
use funnelcheck::model::{Check, KpiUnit, Unreachable};
use funnelcheck::session::{Commitment, Kpi, KpiKind, Measure, Participant, Role, Status};

fn kpi(name: &str, measure: Measure, kind: KpiKind, team: Team) -> Kpi {
    Kpi {
        name: name.into(),
        definition: String::new(),
        kind,
        team,
        measure,
        unit: String::new(),
        cadence: Default::default(),
        baseline: None,
        target: None,
        actual: None,
    }
}

fn action(idea: Option<u32>, kpi: Option<&str>) -> Commitment {
    Commitment {
        idea,
        title: "Call every SAL within a day".into(),
        owner: "Ana".into(),
        team: Some(Team::Sales),
        due: NaiveDate::from_ymd_opt(2027, 1, 15),
        kpi: kpi.map(Into::into),
        status: Status::Open,
        carried: false,
        note: String::new(),
    }
}

/// The plan of §7's reach example: lift step 4 by 2 / 3 / 5 points (id 1)
/// and grow volume 5 / 10 / 20 % (id 2).
fn with_reach_plan() -> Session {
    let mut s = example();
    s.ideas = vec![
        idea(
            1,
            Effect::LiftConversion {
                step: 4,
                points: Estimate::new(2.0, 3.0, 5.0),
            },
        ),
        idea(
            2,
            Effect::GrowVolume {
                percent: Estimate::new(5.0, 10.0, 20.0),
            },
        ),
    ];
    s.plan.ideas = vec![1, 2];
    s.participants = vec![Participant {
        id: 1,
        name: "Ana".into(),
        role: Role::Sales,
    }];
    s
}

#[test]
fn reverse_funnel_matches_the_worked_example() {
    let s = example();
    let r = model::reverse_funnel(&s, 2_400_000.0);
    let today: Vec<f64> = r
        .stages
        .iter()
        .map(|n| n.today.expect("reachable"))
        .collect();
    let want = [
        5_333.333_333,
        2_133.333_333,
        1_066.666_667,
        640.0,
        320.0,
        80.0,
    ];
    for (got, want) in today.iter().zip(want) {
        assert!((got - want).abs() < 1e-5, "{got} vs {want}");
    }
    // Displays round up to whole prospects, and exact values stay exact.
    let shown: Vec<String> = today.iter().map(|v| format::prospects_needed(*v)).collect();
    assert_eq!(shown, ["5,334", "2,134", "1,067", "640", "320", "80"]);
    // No plan: the plan column equals today's.
    assert_eq!(r.stages[0].plan, r.stages[0].today);
}

#[test]
fn a_zero_step_makes_every_stage_above_it_unreachable() {
    let mut s = example();
    s.stages[3].count = 0; // SQL 0: step 2 (SAL → SQL) converts nobody
    s.stages[4].count = 0;
    s.stages[5].count = 0;
    let r = model::reverse_funnel(&s, 2_400_000.0);
    // Steps 3 and 4 (0 → 0) convert nobody as well (0 when nothing reached):
    // the blocking step named is the one nearest the outcome.
    for k in 0..5 {
        assert_eq!(
            r.stages[k].today,
            Err(Unreachable::ZeroStep(4)),
            "stage {k}"
        );
    }
    assert_eq!(r.stages[5].today, Ok(80.0));
    let mut s = example();
    s.stages[1].causes.clear();
    s.stages[1].count = 0; // MQL 0 and all below: still the lowest step blocks
    for st in &mut s.stages[2..] {
        st.count = 0;
    }
    s.stages[0].count = 4000;
    assert!(
        model::reverse_funnel(&s, 1.0).stages[..5]
            .iter()
            .all(|n| n.today.is_err())
    );
    s.deal_size = 0.0;
    let r = model::reverse_funnel(&s, 2_400_000.0);
    assert_eq!(r.stages[5].today, Err(Unreachable::NoDealSize));
}

#[test]
fn float_noise_on_an_exact_count_does_not_round_up() {
    assert_eq!(format::prospects_needed(320.000_000_000_1), "320");
    assert_eq!(format::prospects_needed(320.01), "321");
    assert_eq!(format::prospects_needed(0.0), "0");
}

#[test]
fn kpi_baseline_and_target_from_the_plan() {
    let mut s = example();
    s.ideas = vec![idea(
        1,
        Effect::LiftConversion {
            step: 4,
            points: Estimate::point(3.0),
        },
    )];
    s.plan.ideas = vec![1];
    let conv = kpi(
        "Opp to won",
        Measure::Conversion {
            from: "Opp".into(),
            to: "Won".into(),
        },
        KpiKind::Managed,
        Team::Sales,
    );
    let f = model::kpi_figures(&s, &conv);
    assert_eq!(f.unit, KpiUnit::Percent);
    assert_eq!(f.baseline, Some(25.0));
    assert!(close(f.plan_target.expect("tied"), 28.0));
    assert_eq!(
        format::kpi_value(f.target.expect("target"), &f.unit, "EUR", s.period),
        "28.0 %"
    );
    let won = kpi(
        "Won",
        Measure::Count {
            stage: "Won".into(),
        },
        KpiKind::Managed,
        Team::Sales,
    );
    let f = model::kpi_figures(&s, &won);
    assert_eq!(f.baseline, Some(60.0));
    assert!(close(f.target.expect("target"), 67.2));
    assert_eq!(format::kpi_value(67.2, &f.unit, "EUR", s.period), "67.2");
    let revenue = kpi(
        "Revenue",
        Measure::Revenue,
        KpiKind::Monitored,
        Team::Shared,
    );
    let f = model::kpi_figures(&s, &revenue);
    assert!(close(f.baseline.expect("tied"), 1_800_000.0));
    assert!(close(f.target.expect("tied"), 2_016_000.0));
    // A typed target replaces the plan's.
    let mut typed = won.clone();
    typed.target = Some(70.0);
    let f = model::kpi_figures(&s, &typed);
    assert_eq!((f.target, f.target_typed), (Some(70.0), true));
    // Days are moved by no effect: no target from the plan.
    let days = kpi(
        "Days in SQL",
        Measure::Days {
            stage: "SQL".into(),
        },
        KpiKind::Monitored,
        Team::Sales,
    );
    assert_eq!(model::kpi_figures(&s, &days).plan_target, None);
    // A KPI whose stage is gone says so and keeps its typed figures.
    let gone = kpi(
        "Gone",
        Measure::Count {
            stage: "Nurture".into(),
        },
        KpiKind::Managed,
        Team::Sales,
    );
    let f = model::kpi_figures(&s, &gone);
    assert!(f.unbound.expect("unbound").contains("Nurture"));
}

#[test]
fn reach_matches_the_worked_example() {
    let s = with_reach_plan();
    let won = kpi(
        "Won",
        Measure::Count {
            stage: "Won".into(),
        },
        KpiKind::Managed,
        Team::Sales,
    );
    let r = model::reach(&s, 1, &won).expect("the lift moves won");
    assert!(close(r.low, 71.28) && close(r.high, 79.2), "{r:?}");
    assert!(close(
        model::kpi_figures(&s, &won).target.expect("plan"),
        73.92
    ));
    let r = model::reach(&s, 2, &won).expect("volume moves won");
    assert!(close(r.low, 70.56) && close(r.high, 80.64), "{r:?}");
}

#[test]
fn smart_letters_follow_the_worked_example() {
    let mut s = with_reach_plan();
    s.kpis = vec![
        kpi(
            "Won",
            Measure::Count {
                stage: "Won".into(),
            },
            KpiKind::Managed,
            Team::Sales,
        ),
        kpi(
            "Opp to won",
            Measure::Conversion {
                from: "Opp".into(),
                to: "Won".into(),
            },
            KpiKind::Managed,
            Team::Sales,
        ),
    ];
    let checks = |s: &Session, a: &Commitment| -> Vec<Check> {
        model::smart(s, a).iter().map(|l| l.check).collect()
    };
    let a = action(Some(1), Some("Won"));
    assert_eq!(
        checks(&s, &a),
        [Check::Pass; 5],
        "plan target 73.92 lies in 71.28 … 79.2"
    );
    s.kpis[0].target = Some(80.0);
    let smart = model::smart(&s, &a);
    assert_eq!(smart[3].check, Check::Fail, "80 is above 79.2");
    assert!(smart[3].reason.contains("above"), "{}", smart[3].reason);
    assert_eq!(
        model::smart(&s, &action(Some(2), Some("Won")))[3].check,
        Check::Pass,
        "80 ≤ 80.64"
    );
    // The volume idea does not move step-4 conversion.
    let smart = model::smart(&s, &action(Some(2), Some("Opp to won")));
    assert_eq!(smart[3].check, Check::Fail);
    assert!(smart[3].reason.contains("does not move"));
    // A, T, M and S failing, each with a reason in words.
    let mut bad = action(None, None);
    bad.title = "Be better".into();
    bad.owner = "Zoe".into();
    bad.due = None;
    let smart = model::smart(&s, &bad);
    assert_eq!(
        smart.iter().map(|l| l.check).collect::<Vec<_>>(),
        [
            Check::Fail,
            Check::Fail,
            Check::Fail,
            Check::Unknown,
            Check::Fail
        ]
    );
    assert!(smart[2].reason.contains("Zoe is not a participant"));
    assert_eq!(model::smart_marks(&smart), "S✗ M✗ A✗ R? T✗");
    s.check_in = NaiveDate::from_ymd_opt(2027, 1, 10);
    let late = model::smart(&s, &action(Some(1), Some("Won")));
    assert_eq!(
        late[4].check,
        Check::Fail,
        "due 2027-01-15 after the check-in"
    );
}

#[test]
fn team_goals_are_sentences_from_managed_kpis() {
    let mut s = with_reach_plan();
    s.kpis = vec![
        kpi(
            "won deals",
            Measure::Count {
                stage: "Won".into(),
            },
            KpiKind::Managed,
            Team::Sales,
        ),
        kpi(
            "revenue",
            Measure::Revenue,
            KpiKind::Monitored,
            Team::Shared,
        ),
    ];
    s.check_in = NaiveDate::from_ymd_opt(2027, 3, 31);
    let goals = model::team_goals(&s);
    assert_eq!(goals.len(), 1, "monitored KPIs set no goal");
    assert_eq!(
        goals[0].text,
        "Sales will raise won deals from 60 to 73.9 a quarter by 2027-03-31"
    );
    s.goals.push(funnelcheck::session::Goal {
        team: Team::Sales,
        kpi: Some("won deals".into()),
        text: "Sales will close 74 deals".into(),
    });
    let goals = model::team_goals(&s);
    assert_eq!(
        (goals[0].text.as_str(), goals[0].typed),
        ("Sales will close 74 deals", true)
    );
}
