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
