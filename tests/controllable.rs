//! MODEL.md §6 on the worked example: controllable value and who has to
//! change more, with the page's own numbers.

use chrono::NaiveDate;
use funnelcheck::model::{step_control, team_control};
use funnelcheck::session::{Cause, Origin, Period, Plan, Session, Stage, Team};

fn cause(reason: &str, share: f64, origin: Origin, team: Team) -> Cause {
    Cause {
        reason: reason.into(),
        share,
        origin,
        team,
        note: String::new(),
    }
}

fn worked_example() -> Session {
    let mut stages: Vec<Stage> = [4000, 1600, 800, 480, 240, 60]
        .into_iter()
        .enumerate()
        .map(|(i, count)| Stage {
            name: format!("S{i}"),
            team: Team::Shared,
            count,
            days: 0.0,
            causes: vec![],
        })
        .collect();
    stages[4].causes = vec![
        cause("no decision", 30.0, Origin::External, Team::Shared),
        cause("slow response", 20.0, Origin::Internal, Team::Sales),
        cause("price", 20.0, Origin::External, Team::Shared),
    ];
    stages[1].causes = vec![
        cause("no follow-up", 50.0, Origin::Internal, Team::Sales),
        cause("wrong persona", 30.0, Origin::Internal, Team::Marketing),
    ];
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

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6 * b.abs().max(1.0)
}

#[test]
fn controllable_value_per_step_matches_the_worked_example() {
    let s = worked_example();
    let steps = step_control(&s);
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
    let teams = team_control(&worked_example());
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
    let mut s = worked_example();
    s.stages[4]
        .causes
        .push(cause("more", 90.0, Origin::Internal, Team::Sales));
    let s4 = &step_control(&s)[4];
    assert!(s4.controllable <= s4.value_lost + 1e-6);
    assert!(s4.controllable + s4.external + s4.unexplained <= s4.value_lost * (1.0 + 1e-12));
}
