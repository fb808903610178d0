//! Properties that must hold for any session, not just the ones we thought of.

use chrono::NaiveDate;
use funnelcheck::model::{self, Funnel, Lever};
use funnelcheck::session::{
    self, AgendaClock, AgendaItem, Cause, Commitment, Effect, Estimate, Goal, Idea, Kpi, KpiKind,
    Measure, Origin, Pair, Participant, Period, Plan, Role, Session, Stage, Team, Vote,
};
use funnelcheck::store;
use proptest::prelude::*;

// ---------------------------------------------------------------------------
// Generators. Raw numbers are drawn first and then folded into a session that
// is valid by construction (steps modulo the step count, causes picked from
// the stage, shares that add up to at most 100 %, …).

fn text() -> impl Strategy<Value = String> {
    // Any characters, quotes, backslashes and newlines included: the file
    // formats must escape them all.
    "(.|\n|\"|\\\\){0,12}"
}

fn team() -> impl Strategy<Value = Team> {
    prop_oneof![Just(Team::Marketing), Just(Team::Sales), Just(Team::Shared)]
}

fn period() -> impl Strategy<Value = Period> {
    prop_oneof![
        Just(Period::Month),
        Just(Period::Quarter),
        Just(Period::Year)
    ]
}

fn estimate(max: f64) -> impl Strategy<Value = Estimate> {
    (0.0..=max, 0.0..=max, 0.0..=max).prop_map(|(a, b, c)| {
        let mut v = [a, b, c];
        v.sort_by(f64::total_cmp);
        Estimate::new(v[0], v[1], v[2])
    })
}

#[derive(Debug, Clone)]
struct RawStage {
    name: String,
    team: Team,
    keep: f64,
    days: f64,
    causes: Vec<(String, f64, bool, Team, String)>,
}

fn raw_stage() -> impl Strategy<Value = RawStage> {
    (
        text(),
        team(),
        0.0..=1.0f64,
        0.0..365.0f64,
        prop::collection::vec((text(), 0.0..=33.3f64, any::<bool>(), team(), text()), 0..4),
    )
        .prop_map(|(name, team, keep, days, causes)| RawStage {
            name,
            team,
            keep,
            days,
            causes,
        })
}

#[derive(Debug, Clone)]
struct RawIdea {
    title: String,
    kind: u8,
    step: usize,
    cause: Option<usize>,
    estimate: Estimate,
    effort: f64,
    lead: f64,
    pair: Option<usize>,
    notes: String,
}

fn raw_idea() -> impl Strategy<Value = RawIdea> {
    (
        text(),
        0u8..4,
        0usize..100,
        prop::option::of(0usize..100),
        estimate(100.0),
        0.0..200.0f64,
        0.0..400.0f64,
        prop::option::of(0usize..100),
        text(),
    )
        .prop_map(
            |(title, kind, step, cause, estimate, effort, lead, pair, notes)| RawIdea {
                title,
                kind,
                step,
                cause,
                estimate,
                effort,
                lead,
                pair,
                notes,
            },
        )
}

prop_compose! {
    fn valid_session()(
        title in text(),
        company in text(),
        day in 0i32..40_000,
        currency in prop_oneof![Just("EUR"), Just("$"), Just("€"), Just("USD")],
        period in period(),
        deal_size in 0.0..1e6f64,
        top in 0u64..10_000_000,
        stages in prop::collection::vec(raw_stage(), 2..7),
        people in prop::collection::vec((text(), prop_oneof![Just(Role::Sales), Just(Role::Marketing), Just(Role::Other)]), 0..9),
        ideas in prop::collection::vec(raw_idea(), 0..10),
        votes in prop::collection::vec(prop::option::of((0usize..100, 1u32..=3)), 0..9),
        plan in prop::collection::vec(0usize..100, 0..4),
        seed in any::<u64>(),
        samples in 1u32..100_000,
        notes in text(),
        extras in prop::collection::vec((text(), 0u32..120, any::<bool>()), 0..3),
    ) -> Session {
        build(Build { title, company, day, currency, period, deal_size, top, stages, people, ideas, votes, plan, seed, samples, notes, extras })
    }
}

struct Build {
    title: String,
    company: String,
    day: i32,
    currency: &'static str,
    period: Period,
    deal_size: f64,
    top: u64,
    stages: Vec<RawStage>,
    people: Vec<(String, Role)>,
    ideas: Vec<RawIdea>,
    votes: Vec<Option<(usize, u32)>>,
    plan: Vec<usize>,
    seed: u64,
    samples: u32,
    notes: String,
    extras: Vec<(String, u32, bool)>,
}

fn build(b: Build) -> Session {
    let n = b.stages.len();
    let mut count = b.top;
    let mut stages = Vec::new();
    for (k, raw) in b.stages.iter().enumerate() {
        if k > 0 {
            count = (count as f64 * raw.keep).floor() as u64;
        }
        let last = k + 1 == n;
        stages.push(Stage {
            // A leading index keeps names distinct and non-blank.
            name: format!("S{k} {}", raw.name),
            team: raw.team,
            count,
            days: raw.days,
            definition: raw.name.clone(),
            handoff: session::Handoff {
                service_level: if last {
                    String::new()
                } else {
                    raw.name.clone()
                },
                on_reject: String::new(),
            },
            causes: if last {
                vec![]
            } else {
                raw.causes
                    .iter()
                    .enumerate()
                    .map(|(c, (reason, share, internal, team, note))| Cause {
                        reason: format!("r{c} {reason}"),
                        share: *share,
                        origin: if *internal {
                            Origin::Internal
                        } else {
                            Origin::External
                        },
                        team: *team,
                        note: note.clone(),
                        // Every kind, and none, must survive a round trip.
                        category: (c % 7 > 0).then(|| session::LossCategory::ALL[c % 6]),
                    })
                    .collect()
            },
        });
    }
    let participants: Vec<Participant> = b
        .people
        .iter()
        .enumerate()
        .map(|(i, (name, role))| Participant {
            id: i as u32 + 1,
            name: format!("P{i} {name}"),
            role: *role,
        })
        .collect();
    let steps = n - 1;
    let pairs: Vec<Pair> = participants
        .chunks(2)
        .enumerate()
        .map(|(i, chunk)| Pair {
            id: i as u32 + 1,
            members: chunk.iter().map(|p| p.id).collect(),
            steps: vec![i % steps],
        })
        .collect();
    let ideas: Vec<Idea> = b
        .ideas
        .iter()
        .enumerate()
        .map(|(i, raw)| {
            let step = raw.step % steps;
            let effect = match raw.kind {
                0 => Effect::LiftConversion {
                    step,
                    points: raw.estimate,
                },
                1 => Effect::RecoverLosses {
                    step,
                    cause: raw.cause.and_then(|c| {
                        let causes = &stages[step].causes;
                        causes
                            .get(c % causes.len().max(1))
                            .map(|x| x.reason.clone())
                    }),
                    percent: raw.estimate,
                },
                2 => Effect::GrowVolume {
                    percent: raw.estimate,
                },
                _ => Effect::GrowDealSize {
                    percent: raw.estimate,
                },
            };
            Idea {
                id: i as u32 + 1,
                title: format!("I{i} {}", raw.title),
                pair: raw
                    .pair
                    .filter(|_| !pairs.is_empty())
                    .map(|p| pairs[p % pairs.len()].id),
                effect,
                effort_days: raw.effort,
                lead_time_days: raw.lead,
                notes: raw.notes.clone(),
            }
        })
        .collect();
    let votes: Vec<Vote> = if ideas.is_empty() {
        vec![]
    } else {
        participants
            .iter()
            .zip(&b.votes)
            .filter_map(|(p, v)| {
                v.map(|(idea, dots)| Vote {
                    participant: p.id,
                    idea: ideas[idea % ideas.len()].id,
                    dots,
                })
            })
            .collect()
    };
    let mut plan_ideas: Vec<u32> = Vec::new();
    if !ideas.is_empty() {
        for p in &b.plan {
            let id = ideas[p % ideas.len()].id;
            if !plan_ideas.contains(&id) {
                plan_ideas.push(id);
            }
        }
    }
    let date = NaiveDate::from_num_days_from_ce_opt(720_000 + b.day).unwrap_or_default();
    // KPIs are bound to stages that exist and named uniquely, as validation
    // requires; actions and goals name them the same way.
    let stage_names: Vec<String> = stages.iter().map(|st| st.name.clone()).collect();
    let kpi_name = |i: usize, t: &str| format!("K{i} {t}");
    Session {
        version: session::CURRENT_VERSION,
        title: format!("T {}", b.title),
        company: b.company,
        date,
        facilitator: "F".into(),
        currency: b.currency.into(),
        period: b.period,
        deal_size: b.deal_size,
        participants,
        pairs,
        stages,
        ideas,
        votes,
        vote_budget: 3,
        plan: Plan {
            ideas: plan_ideas,
            seed: b.seed,
            samples: b.samples,
        },
        agenda: b
            .extras
            .iter()
            .map(|(t, m, _)| AgendaItem {
                title: t.clone(),
                minutes: *m,
            })
            .collect(),
        notes: b.notes,
        actions: b
            .extras
            .iter()
            .enumerate()
            .map(|(i, (t, m, has_due))| Commitment {
                idea: None,
                title: t.clone(),
                owner: format!("owner {m}"),
                team: has_due.then_some(Team::Sales),
                due: has_due.then_some(date),
                kpi: has_due.then(|| kpi_name(i, t)),
                status: session::Status::ALL[*m as usize % 5],
                carried: *m % 2 == 0,
                note: t.clone(),
            })
            .collect(),
        kpis: b
            .extras
            .iter()
            .enumerate()
            .map(|(i, (t, m, managed))| Kpi {
                name: kpi_name(i, t),
                kind: if *managed {
                    KpiKind::Managed
                } else {
                    KpiKind::Monitored
                },
                team: Team::Shared,
                definition: t.clone(),
                measure: match m % 4 {
                    0 => Measure::Typed,
                    1 => Measure::Count {
                        stage: stage_names[*m as usize % stage_names.len()].clone(),
                    },
                    2 => {
                        let k = *m as usize % (stage_names.len() - 1);
                        Measure::Conversion {
                            from: stage_names[k].clone(),
                            to: stage_names[k + 1].clone(),
                        }
                    }
                    _ => Measure::Revenue,
                },
                unit: if *managed { "%".into() } else { String::new() },
                cadence: session::Cadence::ALL[*m as usize % 3],
                baseline: managed.then_some(f64::from(*m) / 7.0),
                target: Some(f64::from(*m) * 1.5),
                actual: None,
            })
            .collect(),
        goals: b
            .extras
            .iter()
            .enumerate()
            .map(|(i, (t, _, managed))| Goal {
                team: if *managed {
                    Team::Marketing
                } else {
                    Team::Sales
                },
                kpi: managed.then(|| kpi_name(i, t)),
                text: t.clone(),
            })
            .collect(),
        check_in: (b.seed % 2 == 0).then_some(date),
        revenue_target: (b.seed % 3 == 0).then_some(b.deal_size * 3.0),
        // Idle or mid-section, running or paused: every shape must round-trip.
        clock: AgendaClock {
            section: (b.seed % 4) as usize,
            banked_secs: i64::from(b.samples % 5_000),
            running_since: (b.seed % 3 == 1)
                .then(|| date.and_hms_opt(9, 30, (b.seed % 60) as u32))
                .flatten(),
            extra_secs: i64::from((b.samples % 3) * 300),
        },
        previous: None,
        under_review: None,
        segments: Vec::new(),
        import: None,
    }
}

/// Anything at all, valid or not: NaN, negatives, steps and ids that point
/// nowhere, counts that grow down the funnel.
fn wild_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(0.0),
        -1e3..1e3f64,
        any::<f64>(),
    ]
}

prop_compose! {
    fn wild_session()(
        base in valid_session(),
        counts in prop::collection::vec(any::<u64>(), 0..8),
        days in prop::collection::vec(wild_f64(), 8),
        shares in prop::collection::vec(wild_f64(), 0..6),
        steps in prop::collection::vec(any::<usize>(), 0..6),
        values in prop::collection::vec(wild_f64(), 0..12),
        ids in prop::collection::vec(0u32..20, 0..10),
        version in 0u32..4,
        deal in wild_f64(),
        names in prop::collection::vec(prop_oneof![Just(String::new()), Just("  ".to_string()), text()], 0..4),
    ) -> Session {
        let mut s = base;
        s.version = version;
        s.deal_size = deal;
        s.stages.truncate(counts.len().max(1).min(s.stages.len()));
        if counts.is_empty() { s.stages.clear(); }
        for (i, st) in s.stages.iter_mut().enumerate() {
            st.count = counts.get(i).copied().unwrap_or(0);
            st.days = days[i % days.len()];
            if let Some(name) = names.get(i) { st.name = name.clone(); }
            for (c, cause) in st.causes.iter_mut().enumerate() {
                if let Some(v) = shares.get(c) { cause.share = *v; }
            }
        }
        if !s.stages.is_empty() && !shares.is_empty() {
            let last = s.stages.len() - 1;
            s.stages[last].causes.push(Cause { reason: String::new(), share: shares[0], origin: Origin::External, team: Team::Sales, note: String::new(), category: None });
        }
        for (i, idea) in s.ideas.iter_mut().enumerate() {
            if let Some(step) = steps.get(i) {
                match &mut idea.effect {
                    Effect::LiftConversion { step: st, .. } | Effect::RecoverLosses { step: st, .. } => *st = *step,
                    _ => {}
                }
            }
            if let Some(v) = values.get(i) { idea.effect.estimate_mut().low = *v; }
            if let Some(v) = values.get(i + 1) { idea.effect.estimate_mut().high = *v; }
            if let Some(v) = values.get(i + 2) { idea.effort_days = *v; }
            if let Some(id) = ids.get(i) { idea.id = *id; idea.pair = Some(*id); }
        }
        for (i, pair) in s.pairs.iter_mut().enumerate() {
            if let Some(id) = ids.get(i) { pair.members.push(*id); pair.steps.push(*id as usize); }
        }
        for (i, id) in ids.iter().enumerate() {
            s.votes.push(Vote { participant: *id, idea: ids[(i + 1) % ids.len()], dots: *id });
        }
        s.plan.ideas.extend(ids.iter().take(2));
        s
    }
}

/// Builds an effect of one kind from (step, cause, value).
type MakeEffect = fn(usize, Option<String>, f64) -> Effect;

fn gain_of(s: &Session, effect: Effect) -> f64 {
    let idea = Idea {
        id: 1,
        title: "probe".into(),
        pair: None,
        effect,
        effort_days: 1.0,
        lead_time_days: 0.0,
        notes: String::new(),
    };
    model::idea_gains(s, &idea).likely
}

/// Gains are sums of products of large numbers; allow rounding noise only.
fn at_least(bigger: f64, smaller: f64) -> bool {
    bigger >= smaller - 1e-9 * smaller.abs().max(1.0)
}

proptest! {
    #[test]
    fn generated_sessions_are_valid(s in valid_session()) {
        prop_assert_eq!(session::validate(&s), vec![]);
    }

    /// A follow-up of any valid session is valid, survives both file
    /// formats, and reviewed against the same counts typed again sees no
    /// change: every judged idea's observed change is 0.
    #[test]
    fn a_follow_up_is_valid_and_sees_no_change_on_the_same_counts(s in valid_session()) {
        let date = s.date + chrono::Days::new(90);
        let mut next = model::follow_up(&s, "prev.ron", "Next", date);
        prop_assert_eq!(session::validate(&next), vec![]);
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        for name in ["f.ron", "f.json"] {
            let path = dir.path().join(name);
            store::save(&path, &next).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(&store::load(&path).map_err(|e| TestCaseError::fail(e.to_string()))?, &next);
        }
        for (now, then) in next.stages.iter_mut().zip(&s.stages) {
            now.count = then.count;
        }
        next.deal_size = s.deal_size;
        let review = model::review(&next).expect("a follow-up has a review");
        prop_assert_eq!(review.ideas.len(), model::plan_ideas(&s).len());
        for idea in &review.ideas {
            if let Some(seen) = idea.observed {
                prop_assert!(seen.abs() < 1e-12, "{} moved by {}", idea.title, seen);
            }
        }
        for step in &review.steps {
            if let Some(p) = step.points() {
                prop_assert!(p.abs() < 1e-9);
            }
        }
    }

    #[test]
    fn a_larger_effect_never_gives_a_smaller_gain(
        s in valid_session(),
        step in 0usize..10,
        cause in 0usize..4,
        a in 0.0..150.0f64,
        b in 0.0..150.0f64,
    ) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let step = step % s.step_count();
        let reason = s.stages[step].causes.get(cause).map(|c| c.reason.clone());
        let kinds: [MakeEffect; 4] = [
            |step, _, v| Effect::LiftConversion { step, points: Estimate::point(v) },
            |step, cause, v| Effect::RecoverLosses { step, cause, percent: Estimate::point(v) },
            |_, _, v| Effect::GrowVolume { percent: Estimate::point(v) },
            |_, _, v| Effect::GrowDealSize { percent: Estimate::point(v) },
        ];
        for make in kinds {
            let small = gain_of(&s, make(step, reason.clone(), lo));
            let large = gain_of(&s, make(step, reason.clone(), hi));
            let kind = make(step, None, 0.0).kind();
            prop_assert!(small >= -1e-9, "{:?}: negative gain {}", kind, small);
            prop_assert!(at_least(large, small), "{:?}: {} at {} < {} at {}", kind, large, hi, small, lo);
        }
    }

    #[test]
    fn conversions_stay_between_0_and_1(
        s in valid_session(),
        raw in prop::collection::vec((0u8..4, 0usize..10, 0.0..=1.0f64, 0.0..500.0f64), 0..12),
    ) {
        let levers: Vec<Lever> = raw
            .iter()
            .map(|(kind, step, share, v)| match kind {
                0 => Lever::Lift { step: *step, points: *v },
                1 => Lever::Recover { step: *step, share: *share, percent: v.min(100.0) },
                2 => Lever::Volume { percent: *v },
                _ => Lever::DealSize { percent: *v },
            })
            .collect();
        let out = model::apply(&Funnel::of(&s), &levers);
        for c in &out.conversions {
            prop_assert!((0.0..=1.0).contains(c), "conversion {}", c);
        }
        for f in model::step_figures(&s) {
            prop_assert!((0.0..=1.0).contains(&f.conversion));
            prop_assert!(f.value_lost >= 0.0);
        }
    }

    #[test]
    fn validate_never_panics(s in wild_session()) {
        let problems = session::validate(&s);
        for p in &problems {
            prop_assert!(!p.path.is_empty() && !p.message.is_empty() && !p.fix.is_empty());
        }
        // Counts that grow, NaN days, steps that do not exist … are all reported.
        if s.stages.len() < 2 {
            prop_assert!(problems.iter().any(|p| p.path == "stages"));
        }
        if s.version > session::CURRENT_VERSION {
            prop_assert!(problems.iter().any(|p| p.path == "version"));
        }
        if s.stages.windows(2).any(|w| w[1].count > w[0].count) {
            prop_assert!(problems.iter().any(|p| p.message.contains("counts grow down the funnel")));
        }
    }

    #[test]
    fn the_model_never_panics_on_odd_sessions(s in wild_session()) {
        let _ = model::step_figures(&s);
        let _ = model::rank(&s, model::RankBy::Quarter);
        let _ = model::sensitivity(&s);
        let _ = model::simulate_plan(&s, &s.plan.ideas, 50, 1);
        // Commitments on odd sessions: KPIs whose stages are gone, actions
        // naming missing ideas, a revenue target on a funnel that converts
        // nobody.
        for k in &s.kpis {
            let _ = model::kpi_figures(&s, k);
            let _ = model::goal_sentence(&s, k);
        }
        for a in &s.actions {
            let _ = model::smart(&s, a);
        }
        let _ = model::team_goals(&s);
        let _ = model::reverse_funnel(&s, 1_000_000.0);
    }

    /// The app re-checks the ideas only when the edit touched them or what
    /// they are checked against: for any odd session and an edit elsewhere
    /// (title, people, votes, budget, commitments), the ideas' problems of
    /// the session before are exactly those of the session after.
    #[test]
    fn ideas_problems_hold_while_the_ideas_and_their_context_stay(
        s in wild_session(),
        title in "\\PC{0,20}",
        budget in 0u32..5,
    ) {
        let before = session::validate_split(&s, None);
        let mut after = s.clone();
        after.title = title;
        after.vote_budget = budget;
        after.participants.reverse();
        after.votes.truncate(1);
        after.actions.clear();
        // NaN figures (a broken file) compare unequal even to themselves:
        // then the app simply checks everything again.
        prop_assume!(session::same_ideas(&s, &after));
        let reused = session::validate_split(&after, Some(&before.ideas));
        prop_assert_eq!(reused, session::validate_split(&after, None));
        prop_assert_eq!(session::validate_split(&s, None).all().len(), session::validate(&s).len());
    }

    /// The reverse funnel is the funnel run backwards: each stage's need
    /// times the conversions below it gives the wins the target asks for,
    /// and the displayed need is the exact one rounded up, never down.
    #[test]
    fn the_reverse_funnel_runs_the_funnel_backwards(
        s in valid_session(),
        target in 1.0..1e9f64,
    ) {
        let r = model::reverse_funnel(&s, target);
        let f = Funnel::of(&s);
        let n = s.stages.len();
        prop_assert_eq!(r.stages.len(), n);
        for need in &r.stages {
            let Ok(v) = need.today else {
                prop_assert!(s.deal_size <= 0.0 || f.conversions[need.stage..].iter().any(|c| *c <= 0.0));
                continue;
            };
            let won: f64 = f.conversions[need.stage..].iter().fold(v, |w, c| w * c);
            prop_assert!((won * s.deal_size - target).abs() <= 1e-6 * target, "{won} × {} vs {target}", s.deal_size);
            let shown: f64 = funnelcheck::format::prospects_needed(v).replace(',', "").parse().expect("a whole number");
            prop_assert!(shown >= v - 1e-9 * v.abs() - 1e-12 && shown < v + 1.0, "{shown} for {v}");
        }
    }

    #[test]
    fn monte_carlo_percentiles_are_ordered_and_seeded(
        s in valid_session(),
        seed in any::<u64>(),
        samples in 1u32..400,
    ) {
        let ids: Vec<u32> = s.ideas.iter().map(|i| i.id).collect();
        let a = model::simulate_plan(&s, &ids, samples, seed);
        prop_assert!(a.p10 <= a.p50 && a.p50 <= a.p90, "{} {} {}", a.p10, a.p50, a.p90);
        // No effect is negative, so no draw loses revenue (up to rounding).
        let revenue = Funnel::of(&s).revenue();
        prop_assert!(a.p10 >= -1e-9 * revenue.max(1.0), "p10 {}", a.p10);
        let b = model::simulate_plan(&s, &ids, samples, seed);
        prop_assert_eq!(a, b);
    }
}

proptest! {
    // Saves fsync; fewer cases keep the suite quick.
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn save_then_load_is_the_identity(s in valid_session()) {
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        for name in ["s.ron", "s.json"] {
            let path = dir.path().join(name);
            store::save(&path, &s).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let back = store::load(&path).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(&back, &s, "{}", name);
            // Saving what was loaded changes nothing on disk.
            let bytes = std::fs::read(&path).map_err(|e| TestCaseError::fail(e.to_string()))?;
            store::save(&path, &back).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let again = std::fs::read(&path).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(bytes, again);
        }
    }
}

/// The tabulated PERT sampler of the Monte Carlo against rand_distr's Beta
/// based one: the same distribution, so the same quantiles within sampling
/// noise (200,000 draws each, tolerance 1 % of the range).
#[test]
fn plan_draws_follow_rand_distr_pert() {
    use funnelcheck::model::simulate_plan;
    use rand::SeedableRng;
    use rand_distr::{Distribution, Pert};

    let mut s = funnelcheck::assets::example_session();
    // One idea whose gain is linear in its draw: grow_deal_size, 4 / 10 / 30 %.
    let idea = s
        .ideas
        .iter_mut()
        .find(|i| i.effect.kind() == funnelcheck::session::EffectKind::GrowDealSize)
        .expect("a deal-size idea");
    *idea.effect.estimate_mut() = funnelcheck::session::Estimate::new(4.0, 10.0, 30.0);
    let id = idea.id;
    let revenue = funnelcheck::model::Funnel::of(&s).revenue();
    let out = simulate_plan(&s, &[id], 200_000, 7);
    let pert = Pert::new(4.0, 30.0).with_mode(10.0).expect("valid PERT");
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
    let mut draws: Vec<f64> = (0..200_000).map(|_| pert.sample(&mut rng)).collect();
    draws.sort_unstable_by(f64::total_cmp);
    let at = |p: f64| revenue * draws[(p * draws.len() as f64) as usize] / 100.0;
    let tolerance = revenue * 0.26 / 100.0; // 1 % of the 26-point range, in money
    for (ours, theirs) in [
        (out.p10, at(0.10)),
        (out.p50, at(0.50)),
        (out.p90, at(0.90)),
    ] {
        assert!((ours - theirs).abs() < tolerance, "{ours} vs {theirs}");
    }
    let pert_mean = revenue * (4.0 + 40.0 + 30.0) / 6.0 / 100.0;
    assert!(
        (out.mean - pert_mean).abs() < tolerance,
        "{} vs {pert_mean}",
        out.mean
    );
}

// ---------------------------------------------------------------------------
// Typed numbers: whatever the app prints reads back as the printed value, and
// nothing is read as its prefix.

const CURRENCIES: [&str; 8] = ["EUR", "$", "€", "£", "USD", "CHF", "kr", ""];

proptest! {
    #[test]
    fn printed_counts_read_back_exactly(n in 0u64..=session::limits::COUNT_MAX) {
        let printed = funnelcheck::format::count(n as f64);
        prop_assert_eq!(funnelcheck::number::parse_count(&printed), Ok(n), "{}", printed);
    }

    #[test]
    fn printed_money_reads_back_as_the_rounded_amount(
        v in -1e12..1e12f64,
        cur in 0usize..CURRENCIES.len(),
    ) {
        let cur = CURRENCIES[cur];
        let printed = funnelcheck::format::money(v, cur);
        prop_assert_eq!(funnelcheck::number::parse_amount(&printed, cur), Ok(v.round()), "{}", printed);
        // Another session's currency is read the same; the amount is what counts.
        prop_assert_eq!(funnelcheck::number::parse_amount(&printed, "EUR"), Ok(v.round()), "{}", printed);
    }

    #[test]
    fn short_money_reads_back_within_its_rounding(
        v in -1e11..1e11f64,
        cur in 0usize..CURRENCIES.len(),
    ) {
        let cur = CURRENCIES[cur];
        let printed = funnelcheck::format::money_short(v, cur);
        let read = funnelcheck::number::parse_amount(&printed, cur);
        prop_assert!(
            read.as_ref().is_ok_and(|r| (r - v).abs() <= 0.05 * v.abs() + 0.5),
            "{} read as {:?}", printed, read
        );
    }

    #[test]
    fn printed_percentages_read_back_as_printed(f in -10.0..10.0f64) {
        let printed = funnelcheck::format::percent(f);
        let shown: f64 = format!("{:.1}", f * 100.0).parse().expect("a number");
        prop_assert_eq!(funnelcheck::number::parse_percent(&printed), Ok(shown), "{}", printed);
        prop_assert_eq!(funnelcheck::number::parse_measure(&printed), Ok(shown), "{}", printed);
    }

    #[test]
    fn a_count_followed_by_other_text_is_refused_whole(
        n in 0u64..=session::limits::COUNT_MAX,
        tail in "[a-zA-Z,.x/#-]{1,4}",
    ) {
        // k/M/B alone are powers of ten; anything else after the digits is refused.
        prop_assume!(!["k", "K", "m", "M", "b", "B"].contains(&tail.as_str()));
        let text = format!("{}{tail}", funnelcheck::format::count(n as f64));
        let read = funnelcheck::number::parse_count(&text);
        prop_assert!(read.is_err() || tail.chars().all(|c| c == '.'), "{} read as {:?}", text, read);
    }

    #[test]
    fn parsing_any_text_never_panics(text in "\\PC{0,24}") {
        let _ = funnelcheck::number::parse_count(&text);
        let _ = funnelcheck::number::parse_amount(&text, "EUR");
        let _ = funnelcheck::number::parse_measure(&text);
        let _ = funnelcheck::number::parse_decimal(&text);
    }
}
