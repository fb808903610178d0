//! History across sessions (docs/MODEL-additions.md §8b): per session of a
//! chain, revenue, conversion and value lost per step, and per check-in the
//! KPIs against their targets and the actions kept. Pure: the sessions are
//! loaded by `store::chain`.

use chrono::NaiveDate;
use serde::Serialize;

use super::funnel::{Funnel, step_figures};
use super::review::{ActionTally, KpiCheck, review};
use crate::session::{KpiKind, Period, Session};

/// One session of the history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendSession {
    pub date: NaiveDate,
    pub title: String,
    /// The period its counts describe.
    pub period: Period,
    /// Its top count is above 0.
    pub counts_in: bool,
    /// Its deal size is above 0.
    pub deal_size_in: bool,
    /// Revenue per period, scaled to the newest session's period; `None`
    /// until its counts and deal size are in.
    pub revenue: Option<f64>,
    /// It reviews a session before it (it was made as a follow-up).
    pub check_in: bool,
}

/// A step's figures in one session.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct StepPoint {
    pub conversion: f64,
    /// Per period of the newest session; `None` until the deal size is in.
    pub value_lost: Option<f64>,
}

/// A step, matched by its stage names across the sessions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepTrend {
    /// "MQL → SAL".
    pub label: String,
    pub from: String,
    pub to: String,
    /// One per session, oldest first; `None` is a gap.
    pub points: Vec<Option<StepPoint>>,
    /// The sessions (by index) whose funnel has no such step: a stage
    /// renamed, added or removed.
    pub missing: Vec<usize>,
}

/// A KPI at every check-in of the history, matched by name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiTrend {
    pub name: String,
    /// As the newest session that has the KPI says.
    pub kind: KpiKind,
    /// One per session, oldest first: the check-in's figures, `None` for a
    /// session that reviews nothing or does not have the KPI.
    pub checks: Vec<Option<KpiCheck>>,
}

/// The history of a company, oldest session first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    /// The newest session's period: revenue and value lost are per this
    /// period (a quarter when there are no sessions).
    pub period: Period,
    pub sessions: Vec<TrendSession>,
    pub steps: Vec<StepTrend>,
    pub kpis: Vec<KpiTrend>,
    /// The carried actions by status, per session; `None` for a session
    /// that reviews nothing.
    pub actions: Vec<Option<ActionTally>>,
}

impl Trend {
    /// The KPIs the teams steer directly: the ones with a chart.
    pub fn managed_kpis(&self) -> impl Iterator<Item = &KpiTrend> {
        self.kpis.iter().filter(|k| k.kind == KpiKind::Managed)
    }
}

/// The stage names of every step of `s`, top first.
fn step_names(s: &Session) -> impl Iterator<Item = (&str, &str)> {
    s.stages
        .windows(2)
        .map(|w| (w[0].name.as_str(), w[1].name.as_str()))
}

/// The trend of `sessions`, given oldest first (§8b).
pub fn trend(sessions: &[Session]) -> Trend {
    trend_of(&sessions.iter().collect::<Vec<_>>())
}

/// [`trend`] of sessions held apart: an export's predecessors from disk and
/// the session open in the app, without copying either.
pub fn trend_of(sessions: &[&Session]) -> Trend {
    let period = sessions.last().map_or(Period::Quarter, |s| s.period);
    let scale = |s: &Session| s.period.per_year() / period.per_year();

    let heads: Vec<TrendSession> = sessions
        .iter()
        .map(|s| {
            let counts_in = s.stages.first().is_some_and(|st| st.count > 0);
            let deal_size_in = s.deal_size > 0.0;
            TrendSession {
                date: s.date,
                title: s.title.clone(),
                period: s.period,
                counts_in,
                deal_size_in,
                revenue: (counts_in && deal_size_in).then(|| Funnel::of(s).revenue() * scale(s)),
                check_in: s.under_review.is_some(),
            }
        })
        .collect();

    // The newest funnel's steps in its order, then the steps only older
    // sessions have, newest session first.
    let mut names: Vec<(String, String)> = Vec::new();
    for s in sessions.iter().rev() {
        for (a, b) in step_names(s) {
            if !names.iter().any(|(x, y)| x == a && y == b) {
                names.push((a.to_string(), b.to_string()));
            }
        }
    }
    let figures: Vec<_> = sessions.iter().map(|s| step_figures(s)).collect();
    let steps = names
        .into_iter()
        .map(|(from, to)| {
            let mut missing = Vec::new();
            let points = sessions
                .iter()
                .zip(&figures)
                .zip(&heads)
                .enumerate()
                .map(|(n, ((s, figs), head))| {
                    let Some(k) = step_names(s).position(|(a, b)| a == from && b == to) else {
                        missing.push(n);
                        return None;
                    };
                    let f = figs.get(k)?;
                    (head.counts_in && f.from > 0.0).then(|| StepPoint {
                        conversion: f.conversion,
                        value_lost: head.deal_size_in.then(|| f.value_lost * scale(s)),
                    })
                })
                .collect();
            StepTrend {
                label: format!("{from} → {to}"),
                from,
                to,
                points,
                missing,
            }
        })
        .collect();

    let reviews: Vec<_> = sessions.iter().map(|s| review(s)).collect();
    let mut kpis: Vec<KpiTrend> = Vec::new();
    for s in sessions.iter().rev() {
        for k in &s.kpis {
            if !kpis.iter().any(|t| t.name == k.name) {
                kpis.push(KpiTrend {
                    name: k.name.clone(),
                    kind: k.kind,
                    checks: Vec::new(),
                });
            }
        }
    }
    for t in &mut kpis {
        t.checks = reviews
            .iter()
            .map(|r| r.as_ref()?.kpis.iter().find(|k| k.name == t.name).cloned())
            .collect();
    }

    Trend {
        period,
        actions: reviews
            .iter()
            .map(|r| r.as_ref().map(|r| r.actions))
            .collect(),
        sessions: heads,
        steps,
        kpis,
    }
}

#[cfg(test)]
mod tests {
    //! The worked example of docs/MODEL-additions.md §8b.

    use super::*;
    use crate::model::follow_up;
    use crate::session::{Commitment, Kpi, KpiKind, Measure, Stage, Status, Team};

    fn date(m: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, 10).expect("a valid date")
    }

    fn stages(names: &[&str], counts: &[u64]) -> Vec<Stage> {
        names
            .iter()
            .zip(counts)
            .map(|(n, c)| Stage {
                name: (*n).into(),
                team: Team::Shared,
                count: *c,
                days: 10.0,
                causes: Vec::new(),
                definition: String::new(),
                handoff: Default::default(),
            })
            .collect()
    }

    fn kpi(name: &str, kind: KpiKind, measure: Measure, target: f64) -> Kpi {
        Kpi {
            name: name.into(),
            definition: String::new(),
            kind,
            team: Team::Shared,
            measure,
            unit: "%".into(),
            cadence: Default::default(),
            baseline: Some(35.0),
            target: Some(target),
            actual: None,
        }
    }

    fn action(title: &str) -> Commitment {
        Commitment {
            idea: None,
            title: title.into(),
            owner: "Ana".into(),
            team: None,
            due: None,
            kpi: None,
            status: Status::Open,
            carried: false,
            note: String::new(),
        }
    }

    const NAMES: [&str; 4] = ["Lead", "MQL", "SQL", "Won"];

    /// A (month), its follow-up B (quarter), and B's follow-up C whose SQL
    /// stage was renamed Opportunity and whose counts are not in yet.
    fn history() -> Vec<Session> {
        let mut a = crate::assets::example_session();
        a.title = "A".into();
        a.date = date(1);
        a.period = Period::Month;
        a.deal_size = 10_000.0;
        a.stages = stages(&NAMES, &[1000, 400, 100, 20]);
        a.ideas.clear();
        a.votes.clear();
        a.plan.ideas.clear();
        a.goals.clear();
        a.kpis = vec![
            kpi(
                "Win rate",
                KpiKind::Managed,
                Measure::Conversion {
                    from: "SQL".into(),
                    to: "Won".into(),
                },
                22.0,
            ),
            kpi("Calls", KpiKind::Monitored, Measure::Typed, 90.0),
        ];
        a.actions = vec![action("Routing"), action("Dashboard"), action("Old idea")];

        let mut b = follow_up(&a, "a.ron", "B", date(4));
        b.period = Period::Quarter;
        b.deal_size = 10_000.0;
        b.stages = stages(&NAMES, &[3300, 1320, 396, 99]);
        b.kpis[1].actual = Some(80.0);
        b.actions[0].status = Status::Done;
        b.actions[1].status = Status::Partly;
        b.actions[2].status = Status::Dropped;

        let mut c = follow_up(&b, "b.ron", "C", date(7));
        c.stages[2].name = "Opportunity".into();
        vec![a, b, c]
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6 * b.abs().max(1.0)
    }

    #[test]
    fn revenue_is_scaled_to_the_newest_period_and_missing_counts_are_gaps() {
        let t = trend(&history());
        assert_eq!(t.period, Period::Quarter);
        let revenue: Vec<Option<f64>> = t.sessions.iter().map(|s| s.revenue).collect();
        // A: 20 won a month · 10,000 · 3 months; B: 99 · 10,000; C: no counts.
        assert_eq!(revenue.len(), 3);
        assert!(close(revenue[0].unwrap_or(f64::NAN), 600_000.0));
        assert!(close(revenue[1].unwrap_or(f64::NAN), 990_000.0));
        assert_eq!(revenue[2], None);
        assert!(!t.sessions[0].check_in && t.sessions[1].check_in && t.sessions[2].check_in);
        assert!(!t.sessions[2].counts_in);
    }

    #[test]
    fn steps_are_matched_by_name_newest_funnel_first() {
        let t = trend(&history());
        let labels: Vec<&str> = t.steps.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Lead → MQL",
                "MQL → Opportunity",
                "Opportunity → Won",
                "MQL → SQL",
                "SQL → Won"
            ]
        );
        let conv = |k: usize, n: usize| t.steps[k].points[n].map(|p| p.conversion);
        let lost = |k: usize, n: usize| t.steps[k].points[n].and_then(|p| p.value_lost);
        // Lead → MQL: 400/1000 and 1320/3300; C has no counts.
        assert_eq!(conv(0, 0), Some(0.4));
        assert_eq!(conv(0, 1), Some(0.4));
        assert_eq!(conv(0, 2), None);
        // A: 600 lost · (0.25 · 0.2) · 10,000 = 300,000 a month, 900,000 a quarter.
        assert!(close(lost(0, 0).unwrap_or(f64::NAN), 900_000.0));
        // B: 1,980 lost · (0.3 · 0.25) · 10,000.
        assert!(close(lost(0, 1).unwrap_or(f64::NAN), 1_485_000.0));
        // MQL → SQL: 0.25 then 0.3; 300 · 0.2 · 10,000 · 3 and 924 · 0.25 · 10,000.
        assert_eq!(conv(3, 0), Some(0.25));
        assert!(close(conv(3, 1).unwrap_or(f64::NAN), 0.3));
        assert!(close(lost(3, 0).unwrap_or(f64::NAN), 1_800_000.0));
        assert!(close(lost(3, 1).unwrap_or(f64::NAN), 2_310_000.0));
        // SQL → Won: 80 · 10,000 · 3 and 297 · 10,000.
        assert!(close(lost(4, 0).unwrap_or(f64::NAN), 2_400_000.0));
        assert!(close(lost(4, 1).unwrap_or(f64::NAN), 2_970_000.0));
        // The renamed stage: its steps are missing where the name is not.
        assert_eq!(t.steps[1].missing, [0, 1]);
        assert_eq!(t.steps[2].missing, [0, 1]);
        assert_eq!(t.steps[3].missing, [2]);
        assert_eq!(t.steps[4].missing, [2]);
        assert!(t.steps[0].missing.is_empty());
        assert_eq!(t.steps[3].points[2], None);
    }

    #[test]
    fn kpis_and_actions_per_check_in() {
        let t = trend(&history());
        let names: Vec<&str> = t.kpis.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(names, ["Win rate", "Calls"]);
        let managed: Vec<&str> = t.managed_kpis().map(|k| k.name.as_str()).collect();
        assert_eq!(managed, ["Win rate"]);
        let win = &t.kpis[0].checks;
        // A reviews nothing; B: 99/396 = 25.0 % against the frozen 22.0 %.
        assert_eq!(win[0], None);
        let b = win[1].as_ref().expect("B checks the win rate");
        assert_eq!(b.target, Some(22.0));
        assert!(close(b.actual.unwrap_or(f64::NAN), 25.0));
        assert_eq!(b.met, Some(true));
        assert!(close(b.gap.unwrap_or(f64::NAN), 3.0));
        // C: the counts are not in (and SQL is gone): no actual.
        assert_eq!(win[2].as_ref().and_then(|c| c.actual), None);
        // Calls: typed 80 against 90, baseline 35, so up: missed by 10.
        let calls = t.kpis[1].checks[1].as_ref().expect("B checks the calls");
        assert_eq!((calls.met, calls.gap), (Some(false), Some(-10.0)));

        assert_eq!(t.actions[0], None);
        let b = t.actions[1].expect("B reviewed its actions");
        assert_eq!((b.kept(), b.dropped, b.not_done, b.open), (2, 1, 0, 0));
        // Only the partly done action is carried on to C, open again.
        let c = t.actions[2].expect("C carries one");
        assert_eq!((c.total(), c.open), (1, 1));
    }

    #[test]
    fn a_deal_size_not_typed_or_an_empty_stage_leaves_gaps_not_zeros() {
        let mut s = history().swap_remove(1);
        s.deal_size = 0.0;
        s.stages = stages(&NAMES, &[500, 0, 0, 0]);
        let t = trend(std::slice::from_ref(&s));
        assert_eq!(t.sessions[0].revenue, None);
        // Lead → MQL: counts in, no deal size: a conversion, no value lost.
        assert_eq!(
            t.steps[0].points[0],
            Some(StepPoint {
                conversion: 0.0,
                value_lost: None
            })
        );
        // Nobody reached MQL: no conversion to show.
        assert_eq!(t.steps[1].points[0], None);
        assert_eq!(t.steps[2].points[0], None);
    }

    #[test]
    fn no_sessions_no_trend() {
        let t = trend(&[]);
        assert!(t.sessions.is_empty() && t.steps.is_empty() && t.kpis.is_empty());
    }
}
