//! The check-in of docs/MODEL-additions.md §8a, figure by figure: the
//! worked example's predicted vs observed changes, verdicts, calibration,
//! a shared step, KPIs met or missed, and how a follow-up is made.

use chrono::NaiveDate;
use funnelcheck::model::{self, ChangeUnit, Judgement, Verdict};
use funnelcheck::session::{
    self, Cause, Commitment, Effect, Estimate, Idea, Kpi, KpiKind, Measure, Origin, Period, Plan,
    Session, Stage, Status, Team,
};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn stage(name: &str, count: u64) -> Stage {
    Stage {
        name: name.into(),
        team: Team::Shared,
        count,
        days: 10.0,
        causes: vec![],
        definition: String::new(),
        handoff: Default::default(),
    }
}

fn idea(id: u32, title: &str, effect: Effect) -> Idea {
    Idea {
        id,
        title: title.into(),
        pair: None,
        effect,
        effort_days: 0.0,
        lead_time_days: 0.0,
        notes: String::new(),
    }
}

fn action(title: &str, status: Status) -> Commitment {
    Commitment {
        idea: Some(1),
        title: title.into(),
        owner: "Ana".into(),
        team: Some(Team::Sales),
        due: Some(date(2027, 1, 15)),
        kpi: None,
        status,
        carried: false,
        note: String::new(),
    }
}

const NAMES: [&str; 6] = ["Inquiry", "MQL", "SAL", "SQL", "Opp", "Won"];

/// MODEL.md's worked example with the plan A, B, C of §8a.
fn last_time() -> Session {
    let mut stages: Vec<Stage> = NAMES
        .iter()
        .zip([4000, 1600, 800, 480, 240, 60])
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
    let mut s = funnelcheck::assets::example_session();
    s.title = "Q4 check".into();
    s.date = date(2026, 11, 23);
    s.period = Period::Quarter;
    s.deal_size = 30_000.0;
    s.stages = stages;
    s.pairs.iter_mut().for_each(|p| p.steps.clear());
    s.votes.clear();
    s.goals.clear();
    s.ideas = vec![
        idea(
            1,
            "A: faster proposals",
            Effect::LiftConversion {
                step: 4,
                points: Estimate::new(2.0, 3.0, 5.0),
            },
        ),
        idea(
            2,
            "B: call back every MQL",
            Effect::RecoverLosses {
                step: 1,
                cause: Some("no follow-up".into()),
                percent: Estimate::new(10.0, 20.0, 30.0),
            },
        ),
        idea(
            3,
            "C: more webinars",
            Effect::GrowVolume {
                percent: Estimate::new(3.0, 5.0, 8.0),
            },
        ),
        idea(
            4,
            "D: references",
            Effect::LiftConversion {
                step: 4,
                points: Estimate::new(1.0, 1.0, 2.0),
            },
        ),
    ];
    s.plan = Plan {
        ideas: vec![1, 2, 3, 2],
        ..Plan::default()
    };
    s.kpis = vec![Kpi {
        name: "Win rate".into(),
        definition: String::new(),
        kind: KpiKind::Managed,
        team: Team::Sales,
        measure: Measure::Conversion {
            from: "Opp".into(),
            to: "Won".into(),
        },
        unit: String::new(),
        cadence: Default::default(),
        baseline: None,
        target: None,
        actual: Some(1.0),
    }];
    s.actions = vec![
        action("Proposal template", Status::Open),
        action("Shared inbox", Status::Done),
        action("Old idea", Status::Dropped),
        action("Call list", Status::Partly),
    ];
    s
}

/// The follow-up with this quarter's counts typed in.
fn now() -> Session {
    let mut s = model::follow_up(&last_time(), "q4.ron", "Q1 check", date(2027, 2, 20));
    for (st, c) in s.stages.iter_mut().zip([4200, 1720, 860, 516, 258, 72]) {
        st.count = c;
    }
    s.deal_size = 30_000.0;
    s
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn a_follow_up_keeps_the_room_and_empties_the_period() {
    let prev = last_time();
    let s = model::follow_up(&prev, "q4.ron", "Q1 check", date(2027, 2, 20));
    assert_eq!(s.title, "Q1 check");
    assert_eq!(s.date, date(2027, 2, 20));
    assert_eq!(s.company, prev.company);
    assert_eq!(s.participants, prev.participants);
    assert_eq!(s.pairs, prev.pairs);
    assert!(s.stages.iter().all(|st| st.count == 0), "counts empty");
    assert_eq!(s.stages[1].causes, prev.stages[1].causes, "causes kept");
    assert_eq!(s.deal_size, 0.0, "deal size to be typed");
    assert!(s.ideas.is_empty() && s.votes.is_empty() && s.plan.ideas.is_empty());
    let link = s.previous.as_ref().expect("names its predecessor");
    assert_eq!(
        (link.path.as_str(), link.title.as_str(), link.date),
        ("q4.ron", "Q4 check", date(2026, 11, 23))
    );
    let under = s.under_review.as_ref().expect("plan under review");
    let ids: Vec<u32> = under.ideas.iter().map(|i| i.id).collect();
    assert_eq!(
        ids,
        [1, 2, 3],
        "the plan's ideas once each, D was not in it"
    );
    assert_eq!(under.stages, prev.stages);
    // Open and partly-done actions carry over, open, without last time's idea.
    let carried: Vec<(&str, Status, bool, Option<u32>)> = s
        .actions
        .iter()
        .map(|a| (a.title.as_str(), a.status, a.carried, a.idea))
        .collect();
    assert_eq!(
        carried,
        [
            ("Proposal template", Status::Open, true, None),
            ("Call list", Status::Open, true, None)
        ]
    );
    // The plan's likely target (25 % + 3 pts) is frozen; the actual is empty.
    assert!(close(s.kpis[0].target.expect("frozen"), 28.0));
    assert_eq!(s.kpis[0].actual, None);
    assert_eq!(session::validate(&s), vec![], "a follow-up is valid");
}

#[test]
fn worked_example_predicted_vs_observed() {
    let r = model::review(&now()).expect("a follow-up has a review");
    assert!(r.counts_in);
    assert!(close(r.revenue_then, 1_800_000.0));
    assert!(close(r.revenue_now, 2_160_000.0));

    let a = &r.ideas[0];
    assert_eq!(
        (a.acts_on.as_str(), a.unit),
        ("Opp → Won", ChangeUnit::Points)
    );
    assert!(close(a.predicted.low, 0.02) && close(a.predicted.likely, 0.03));
    assert!(close(a.predicted.high, 0.05));
    assert!(close(a.observed.expect("seen"), 72.0 / 258.0 - 0.25));
    assert_eq!(
        a.judgement,
        Judgement::Judged {
            verdict: Verdict::Inside
        }
    );

    let b = &r.ideas[1];
    assert!(close(b.predicted.low, 0.025), "0.1 · 0.5 · 0.5");
    assert!(close(b.predicted.likely, 0.05) && close(b.predicted.high, 0.075));
    assert!(close(b.observed.expect("seen"), 0.0));
    assert_eq!(
        b.judgement,
        Judgement::Judged {
            verdict: Verdict::Below
        }
    );

    let c = &r.ideas[2];
    assert_eq!(
        (c.acts_on.as_str(), c.unit),
        ("volume", ChangeUnit::Percent)
    );
    assert!(close(c.predicted.low, 0.03) && close(c.predicted.high, 0.08));
    assert!(close(c.observed.expect("seen"), 0.05));
    assert_eq!(
        c.judgement,
        Judgement::Judged {
            verdict: Verdict::Inside
        }
    );

    assert_eq!((r.calibration.judged, r.calibration.inside), (3, 2));
    assert!(close(r.calibration.share().expect("judged"), 2.0 / 3.0));

    let step4 = &r.steps[4];
    assert_eq!(step4.label, "Opp → Won");
    assert!(close(step4.then.expect("then").value_lost, 5_400_000.0));
    assert!(close(step4.now.expect("now").value_lost, 5_580_000.0));
    assert!(close(step4.value_lost_change().expect("both"), 180_000.0));
    assert!(close(
        step4.points().expect("both"),
        (72.0 / 258.0 - 0.25) * 100.0
    ));
    assert!(r.gone.is_empty());
}

#[test]
fn two_ideas_on_one_step_are_judged_together_and_leave_the_calibration() {
    let mut prev = last_time();
    prev.plan.ideas = vec![1, 2, 3, 4];
    let mut s = model::follow_up(&prev, "q4.ron", "Q1", date(2027, 2, 20));
    for (st, c) in s.stages.iter_mut().zip([4200, 1720, 860, 516, 258, 72]) {
        st.count = c;
    }
    s.deal_size = 30_000.0;
    let r = model::review(&s).expect("review");
    let a = &r.ideas[0];
    let d = &r.ideas[3];
    for (check, other) in [(a, 4), (d, 1)] {
        let Judgement::Shared {
            with,
            combined,
            verdict,
        } = &check.judgement
        else {
            panic!("shared step: {:?}", check.judgement);
        };
        assert_eq!(with, &vec![other]);
        assert!(close(combined.low, 0.03) && close(combined.high, 0.07));
        assert_eq!(*verdict, Verdict::Below);
    }
    // D alone still has its own predicted range.
    assert!(close(d.predicted.low, 0.01) && close(d.predicted.high, 0.02));
    assert_eq!((r.calibration.judged, r.calibration.inside), (2, 1));
}

#[test]
fn kpi_missed_by_a_tenth_of_a_point() {
    let r = model::review(&now()).expect("review");
    let k = &r.kpis[0];
    assert!(close(k.baseline_then.expect("then"), 25.0));
    assert!(close(k.target.expect("target"), 28.0));
    assert!(close(k.actual.expect("from the counts"), 7200.0 / 258.0));
    assert!(k.up);
    assert_eq!(k.met, Some(false));
    assert!(close(k.gap.expect("gap"), 7200.0 / 258.0 - 28.0));
    assert!((k.gap.expect("gap") + 0.093).abs() < 0.001);
}

#[test]
fn a_days_kpi_going_down_is_met_at_or_below_its_target() {
    let mut s = now();
    s.kpis.push(Kpi {
        name: "Days to accept".into(),
        definition: String::new(),
        kind: KpiKind::Monitored,
        team: Team::Shared,
        measure: Measure::Days {
            stage: "SAL".into(),
        },
        unit: String::new(),
        cadence: Default::default(),
        baseline: None,
        target: Some(8.0),
        actual: None,
    });
    s.stages[2].days = 8.0;
    let r = model::review(&s).expect("review");
    let k = &r.kpis[1];
    assert!(close(k.baseline_then.expect("then"), 10.0));
    assert!(!k.up, "10 days → 8 days is down");
    assert_eq!(k.met, Some(true), "8 days meets 8 days exactly");
    s.stages[2].days = 8.5;
    assert_eq!(model::review(&s).expect("review").kpis[1].met, Some(false));
}

#[test]
fn nothing_is_judged_before_the_counts_are_in() {
    let s = model::follow_up(&last_time(), "q4.ron", "Q1", date(2027, 2, 20));
    let r = model::review(&s).expect("review");
    assert!(!r.counts_in);
    assert_eq!(r.calibration.share(), None);
    for i in &r.ideas {
        let Judgement::Unjudged { why } = &i.judgement else {
            panic!("judged without counts: {i:?}");
        };
        assert!(why.contains("this period yet"), "{why}");
    }
    assert!(r.steps.iter().all(|st| st.now.is_none()));
    assert_eq!(r.kpis[0].actual, None);
    assert_eq!(
        r.kpis[0].why.as_deref(),
        Some("this period's counts are not in yet")
    );
}

#[test]
fn a_renamed_stage_is_reported_not_guessed() {
    let mut s = now();
    s.stages[4].name = "Opportunity".into();
    let r = model::review(&s).expect("review");
    let Judgement::Unjudged { why } = &r.ideas[0].judgement else {
        panic!("{:?}", r.ideas[0].judgement);
    };
    assert_eq!(
        why,
        "the step Opp → Won is not in this funnel (stages are matched by name)"
    );
    assert_eq!(
        r.gone,
        vec!["SQL → Opp".to_string(), "Opp → Won".to_string()]
    );
    assert!(r.steps[3].then.is_none() && r.steps[4].then.is_none());
    assert!(r.steps[2].then.is_some(), "unchanged steps still match");
    assert_eq!((r.calibration.judged, r.calibration.inside), (2, 1));
}

#[test]
fn carried_actions_are_tallied_by_what_the_check_in_said() {
    let mut s = now();
    s.actions[0].status = Status::Done;
    s.actions[1].status = Status::NotDone;
    s.actions.push(action("new this time", Status::Dropped));
    let t = model::review(&s).expect("review").actions;
    assert_eq!((t.done, t.not_done, t.dropped, t.total()), (1, 1, 0, 2));
    assert_eq!(t.kept(), 1);
}

#[test]
fn a_monthly_check_in_compares_per_month() {
    let mut s = now();
    s.period = Period::Month;
    let r = model::review(&s).expect("review");
    // Last quarter's 1,800,000 is 600,000 a month.
    assert!(close(r.revenue_then, 600_000.0));
    assert!(close(
        r.steps[4].then.expect("then").value_lost,
        1_800_000.0
    ));
}

#[test]
fn a_session_that_follows_up_nothing_has_no_review() {
    assert_eq!(model::review(&last_time()), None);
}

#[test]
fn a_follow_up_round_trips_through_ron_and_json() {
    let s = now();
    let dir = tempfile::tempdir().expect("temp dir");
    for name in ["f.ron", "f.json"] {
        let path = dir.path().join(name);
        funnelcheck::store::save(&path, &s).expect("saved");
        assert_eq!(funnelcheck::store::load(&path).expect("loaded"), s);
    }
}

#[test]
fn a_new_target_for_next_time_leaves_this_check_in_alone() {
    let mut s = now();
    let under = s.under_review.as_ref().expect("under review");
    assert_eq!(under.kpis[0].name, "Win rate");
    assert!(close(under.kpis[0].baseline.expect("then"), 25.0));
    assert!(close(under.kpis[0].target.expect("then"), 28.0));
    // The room sets next quarter's target and baseline.
    s.kpis[0].target = Some(31.0);
    s.kpis[0].baseline = Some(27.9);
    let k = &model::review(&s).expect("review").kpis[0];
    assert!(
        close(k.target.expect("target"), 28.0),
        "judged on last time's 28 %"
    );
    assert!(close(k.baseline_then.expect("then"), 25.0));
    assert_eq!(k.met, Some(false));
    // A file from before the copy was kept judges on the KPI's own target.
    s.under_review.as_mut().expect("under review").kpis.clear();
    assert!(close(
        model::review(&s).expect("review").kpis[0]
            .target
            .expect("t"),
        31.0
    ));
}
