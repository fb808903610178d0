//! Checks of what the room commits to: actions, KPIs, goals, the check-in,
//! the revenue target and the hand-off agreement. Every field here arrived
//! after version 1 and defaults to empty, so an older file has nothing to
//! report.

use std::collections::HashSet;

use super::{Problems, check_length, finite_non_negative};
use crate::format;
use crate::model;
use crate::session::limits::TextKind;
use crate::session::{Measure, Session};

pub(super) fn check_commitments(s: &Session, p: &mut Problems) {
    check_actions(s, p);
    check_kpis(s, p);
    check_goals(s, p);
    check_agreement(s, p);
    if let Some(c) = s.check_in
        && c < s.date
    {
        p.add(
            "check_in",
            format!(
                "the next check-in ({c}) is before the workshop ({})",
                s.date
            ),
            format!("set a check-in date on or after {}", s.date),
        );
    }
    if let Some(r) = s.revenue_target
        && !finite_non_negative(r)
    {
        p.add(
            "revenue_target",
            format!("the revenue target {r} is not an amount ≥ 0"),
            format!(
                "enter the revenue per {} the room aims for, e.g. {}",
                s.period.label(),
                format::money(1_800_000.0, &s.currency)
            ),
        );
    }
}

fn check_actions(s: &Session, p: &mut Problems) {
    for (i, a) in s.actions.iter().enumerate() {
        let at = format!("actions[{i}]");
        check_length(
            &a.title,
            TextKind::Title,
            "an action's title",
            || format!("{at}.title"),
            p,
        );
        check_length(
            &a.owner,
            TextKind::Name,
            "a name",
            || format!("{at}.owner"),
            p,
        );
        check_length(
            &a.note,
            TextKind::Notes,
            "a note",
            || format!("{at}.note"),
            p,
        );
        if let Some(id) = a.idea
            && s.idea(id).is_none()
        {
            p.add(
                format!("{at}.idea"),
                format!("the action \"{}\" carries out idea {id}, which does not exist", a.title),
                "link it to one of the ideas listed under ideas, or leave the idea out for a free-standing action",
            );
        }
        // A blank owner, or a typed name of someone not in the room, is
        // allowed: the A of SMART nudges, and an action noted before its
        // owner is found must not be refused.
        if let Some(name) = &a.kpi
            && s.kpi(name).is_none()
        {
            p.add(
                format!("{at}.kpi"),
                format!(
                    "the action \"{}\" moves the KPI \"{name}\", which does not exist",
                    a.title
                ),
                "name one of the KPIs listed under kpis, or leave the KPI out",
            );
        }
        // A carried-over action was due by this check-in, so naturally
        // before it; only a new action's date must lie ahead.
        if let Some(d) = a.due
            && d < s.date
            && !a.carried
        {
            p.add(
                format!("{at}.due"),
                format!(
                    "the action \"{}\" is due {d}, before the workshop ({})",
                    a.title, s.date
                ),
                format!("set a due date on or after {}", s.date),
            );
        }
    }
}

/// The stages a measure names, in the order they appear in it.
fn named_stages(m: &Measure) -> Vec<&str> {
    match m {
        Measure::Count { stage } | Measure::Days { stage } => vec![stage.as_str()],
        Measure::Conversion { from, to } => vec![from.as_str(), to.as_str()],
        Measure::Typed | Measure::DealSize | Measure::Revenue => vec![],
    }
}

fn check_kpis(s: &Session, p: &mut Problems) {
    let mut names = HashSet::new();
    for (i, k) in s.kpis.iter().enumerate() {
        let at = format!("kpis[{i}]");
        if k.name.trim().is_empty() {
            p.add(
                format!("{at}.name"),
                "the KPI has no name",
                "name it, e.g. \"MQL → SAL conversion\"",
            );
        } else if !names.insert(k.name.trim().to_lowercase()) {
            p.add(
                format!("{at}.name"),
                format!("the KPI name \"{}\" is used twice", k.name),
                "give each KPI its own name",
            );
        }
        check_length(
            &k.name,
            TextKind::Name,
            "a name",
            || format!("{at}.name"),
            p,
        );
        check_length(
            &k.definition,
            TextKind::Notes,
            "a definition",
            || format!("{at}.definition"),
            p,
        );
        if let Err(why) = model::resolve(s, &k.measure) {
            // Every stage it names exists, so they are no longer adjacent.
            let moved = named_stages(&k.measure)
                .iter()
                .all(|n| s.stage_index(n).is_some());
            p.add(
                format!("{at}.measure"),
                format!("the KPI \"{}\" cannot be computed: {why}", k.name),
                if moved {
                    "rebind it to a step of today's funnel or drop it on the Commit screen"
                } else {
                    "rebind it to another stage or drop it on the Commit screen"
                },
            );
        }
        for (field, value) in [
            ("baseline", k.baseline),
            ("target", k.target),
            ("actual", k.actual),
        ] {
            if let Some(v) = value
                && !finite_non_negative(v)
            {
                p.add(
                    format!("{at}.{field}"),
                    format!("the {field} of \"{}\" is {v}, not a number ≥ 0", k.name),
                    format!("enter the {field} as a number, 0 or more, or leave it empty"),
                );
            }
        }
    }
}

fn check_goals(s: &Session, p: &mut Problems) {
    for (i, g) in s.goals.iter().enumerate() {
        let at = format!("goals[{i}]");
        if let Some(name) = &g.kpi
            && s.kpi(name).is_none()
        {
            p.add(
                format!("{at}.kpi"),
                format!(
                    "the {} goal names the KPI \"{name}\", which does not exist",
                    g.team.label()
                ),
                "name one of the KPIs listed under kpis, or leave the KPI out and keep the typed sentence",
            );
        }
        // A goal is one sentence, but a generated one with a long KPI name
        // and two amounts already passes a title's length.
        check_length(
            &g.text,
            TextKind::Notes,
            "a goal",
            || format!("{at}.text"),
            p,
        );
    }
}

fn check_agreement(s: &Session, p: &mut Problems) {
    for (k, stage) in s.stages.iter().enumerate() {
        let at = format!("stages[{k}]");
        check_length(
            &stage.definition,
            TextKind::Notes,
            "a definition",
            || format!("{at}.definition"),
            p,
        );
        check_length(
            &stage.handoff.service_level,
            TextKind::Notes,
            "a service level",
            || format!("{at}.handoff.service_level"),
            p,
        );
        check_length(
            &stage.handoff.on_reject,
            TextKind::Notes,
            "what happens to rejected leads",
            || format!("{at}.handoff.on_reject"),
            p,
        );
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::session::{
        Cadence, Commitment, Goal, Kpi, KpiKind, Measure, Problem, Session, Status, Team, edit,
        validate,
    };

    fn example() -> Session {
        let s = crate::assets::example_session();
        assert_eq!(validate(&s), vec![], "the example is valid");
        s
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn action(title: &str) -> Commitment {
        Commitment {
            idea: None,
            title: title.into(),
            owner: "Anna Berg".into(),
            team: Some(Team::Sales),
            due: Some(date(2027, 1, 15)),
            kpi: None,
            status: Status::Open,
            carried: false,
            note: String::new(),
        }
    }

    fn kpi(name: &str, measure: Measure) -> Kpi {
        Kpi {
            name: name.into(),
            definition: String::new(),
            kind: KpiKind::Managed,
            team: Team::Shared,
            measure,
            unit: String::new(),
            cadence: Cadence::Monthly,
            baseline: None,
            target: None,
            actual: None,
        }
    }

    /// The problems of `s` at `path`.
    fn at(s: &Session, path: &str) -> Vec<Problem> {
        validate(s).into_iter().filter(|p| p.path == path).collect()
    }

    fn only(s: &Session, path: &str) -> Problem {
        let all = validate(s);
        assert_eq!(all.len(), 1, "one problem expected: {all:#?}");
        assert_eq!(all[0].path, path, "{all:#?}");
        all[0].clone()
    }

    #[test]
    fn an_action_on_an_unknown_idea_or_kpi_says_which() {
        let mut s = example();
        let mut a = action("Call back");
        a.idea = Some(99);
        a.kpi = Some("Leads".into());
        s.actions = vec![action("fine"), a];
        let idea = at(&s, "actions[1].idea");
        assert_eq!(idea.len(), 1);
        assert_eq!(
            idea[0].message,
            "the action \"Call back\" carries out idea 99, which does not exist"
        );
        let kpi = at(&s, "actions[1].kpi");
        assert_eq!(
            kpi[0].message,
            "the action \"Call back\" moves the KPI \"Leads\", which does not exist"
        );
        assert_eq!(validate(&s).len(), 2);
    }

    #[test]
    fn blank_and_outside_owners_are_nudges_not_problems() {
        let mut s = example();
        s.actions = vec![action("x"), action("y")];
        s.actions[0].owner = "  ".into();
        s.actions[1].owner = "Someone from Finance".into();
        assert_eq!(validate(&s), vec![]);
        let smart = crate::model::smart(&s, &s.actions[0]);
        assert_eq!(
            smart[2].check,
            crate::model::Check::Fail,
            "the A letter says it"
        );
    }

    #[test]
    fn due_dates_and_the_check_in_may_not_precede_the_workshop() {
        let mut s = example(); // workshop on 2026-11-23
        s.actions = vec![action("on the day"), action("too early")];
        s.actions[0].due = Some(date(2026, 11, 23));
        s.actions[1].due = Some(date(2026, 11, 22));
        let p = only(&s, "actions[1].due");
        assert_eq!(
            p.message,
            "the action \"too early\" is due 2026-11-22, before the workshop (2026-11-23)"
        );
        assert_eq!(p.fix, "set a due date on or after 2026-11-23");
        s.actions.pop();
        s.check_in = Some(date(2026, 11, 1));
        let p = only(&s, "check_in");
        assert_eq!(
            p.message,
            "the next check-in (2026-11-01) is before the workshop (2026-11-23)"
        );
    }

    #[test]
    fn kpi_names_are_needed_and_unique_ignoring_case() {
        let mut s = example();
        s.kpis.push(kpi(" ", Measure::Revenue));
        s.kpis.push(kpi("revenue ", Measure::Revenue));
        let n = s.kpis.len();
        assert_eq!(
            at(&s, &format!("kpis[{}].name", n - 2))[0].message,
            "the KPI has no name"
        );
        assert_eq!(
            at(&s, &format!("kpis[{}].name", n - 1))[0].message,
            "the KPI name \"revenue \" is used twice"
        );
        assert_eq!(validate(&s).len(), 2);
    }

    #[test]
    fn removing_a_stage_keeps_its_kpis_unbound_and_validation_says_how_to_fix() {
        let mut s = example();
        let before = s.kpis.clone();
        let sal = s.stage_index("SAL").unwrap_or(usize::MAX);
        assert!(edit::remove_stage(&mut s, sal));
        assert_eq!(s.kpis, before, "no KPI is dropped or re-pointed");
        // "MQL → SAL conversion" is kpis[0]; no other KPI names SAL. (The
        // idea on SAL's cause is reported too: the merged step lacks it.)
        let kpi_problems: Vec<Problem> = validate(&s)
            .into_iter()
            .filter(|p| p.path.starts_with("kpis") || p.path.starts_with("actions"))
            .collect();
        assert_eq!(kpi_problems.len(), 1, "{kpi_problems:#?}");
        let p = &kpi_problems[0];
        assert_eq!(p.path, "kpis[0].measure");
        assert_eq!(
            p.message,
            "the KPI \"MQL → SAL conversion\" cannot be computed: the stage \"SAL\" is no longer in the funnel"
        );
        assert_eq!(
            p.fix,
            "rebind it to another stage or drop it on the Commit screen"
        );
    }

    #[test]
    fn a_conversion_whose_stages_drifted_apart_is_reported() {
        let mut s = example();
        s.kpis = vec![kpi(
            "MQL to SQL",
            Measure::Conversion {
                from: "MQL".into(),
                to: "SQL".into(),
            },
        )];
        s.actions.clear();
        s.goals.clear();
        let p = only(&s, "kpis[0].measure");
        assert_eq!(
            p.message,
            "the KPI \"MQL to SQL\" cannot be computed: \"MQL\" and \"SQL\" are no longer next to each other in the funnel"
        );
        assert!(p.fix.starts_with("rebind it to a step"), "{}", p.fix);
        s.kpis[0].measure = Measure::Days {
            stage: "Nurture".into(),
        };
        assert!(only(&s, "kpis[0].measure").message.contains("\"Nurture\""));
    }

    #[test]
    fn typed_figures_must_be_finite_and_not_negative() {
        let mut s = example();
        let mut k = kpi("Calls", Measure::Typed);
        k.baseline = Some(f64::NAN);
        k.target = Some(-1.0);
        k.actual = Some(f64::INFINITY);
        s.kpis.push(k);
        let i = s.kpis.len() - 1;
        let paths: Vec<String> = validate(&s).into_iter().map(|p| p.path).collect();
        assert_eq!(
            paths,
            ["baseline", "target", "actual"].map(|f| format!("kpis[{i}].{f}"))
        );
        assert_eq!(
            at(&s, &format!("kpis[{i}].target"))[0].message,
            "the target of \"Calls\" is -1, not a number ≥ 0"
        );
        s.kpis.pop();
        s.revenue_target = Some(-5.0);
        assert_eq!(
            only(&s, "revenue_target").message,
            "the revenue target -5 is not an amount ≥ 0"
        );
        s.revenue_target = Some(f64::NAN);
        assert!(only(&s, "revenue_target").fix.contains("EUR 1,800,000"));
    }

    #[test]
    fn a_goal_on_a_missing_kpi_is_reported() {
        let mut s = example();
        s.goals = vec![Goal {
            team: Team::Marketing,
            kpi: Some("Leads".into()),
            text: String::new(),
        }];
        assert_eq!(
            only(&s, "goals[0].kpi").message,
            "the marketing goal names the KPI \"Leads\", which does not exist"
        );
    }

    #[test]
    fn commitment_texts_have_limits() {
        let mut s = example();
        s.actions[0].title = "x".repeat(121);
        s.kpis[0].name = "MQL → SAL conversion".to_string() + &"!".repeat(41);
        // The renamed KPI leaves the action and goal that named it dangling;
        // only the length problems matter here.
        s.kpis[1].definition = "d".repeat(2_001);
        s.stages[1].handoff.service_level = "s".repeat(2_001);
        s.stages[1].handoff.on_reject = "r".repeat(2_001);
        s.stages[2].definition = "e".repeat(2_001);
        s.goals = vec![Goal {
            team: Team::Sales,
            kpi: None,
            text: "g".repeat(2_001),
        }];
        let got = |path: &str| {
            at(&s, path)
                .into_iter()
                .map(|p| p.message)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            got("actions[0].title"),
            ["an action's title has at most 120 characters; this one has 121 — shorten it"]
        );
        assert_eq!(
            got("kpis[0].name"),
            ["a name has at most 60 characters; this one has 61 — shorten it"]
        );
        assert_eq!(
            got("kpis[1].definition"),
            ["a definition has at most 2,000 characters; this one has 2,001 — shorten it"]
        );
        assert_eq!(got("stages[1].handoff.service_level").len(), 1);
        assert_eq!(got("stages[1].handoff.on_reject").len(), 1);
        assert_eq!(got("stages[2].definition").len(), 1);
        assert_eq!(
            got("goals[0].text"),
            ["a goal has at most 2,000 characters; this one has 2,001 — shorten it"]
        );
    }

    #[test]
    fn a_file_from_before_commitments_loads() {
        let text = r#"(
            version: 1,
            title: "Old",
            date: "2025-03-01",
            currency: "EUR",
            period: Quarter,
            deal_size: 30000.0,
            stages: [
                (name: "Lead", team: Marketing, count: 100),
                (name: "Won", team: Sales, count: 10),
            ],
        )"#;
        let s = crate::store::parse_str(
            std::path::Path::new("old.ron"),
            text,
            crate::store::FileFormat::Ron,
        );
        let s = match s {
            Ok(s) => s,
            Err(e) => panic!("an old file parses: {e}"),
        };
        assert!(s.actions.is_empty() && s.kpis.is_empty() && s.goals.is_empty());
        assert_eq!((s.check_in, s.revenue_target), (None, None));
        assert_eq!(validate(&s), vec![]);
    }
}
