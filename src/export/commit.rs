//! The commitments part of a [`super::Report`]: actions with their SMART
//! letters, KPIs with baseline and target, team goals, the hand-off
//! agreement, who has to change more and the reverse funnel. Computed once
//! from `crate::model` (MODEL.md §6–§7); the renderers only lay it out.

use chrono::NaiveDate;
use serde::Serialize;

use crate::format;
use crate::model::{self, GoalLine, KpiUnit, Need};
use crate::session::{Cadence, Id, KpiKind, Session, Status, Team};

/// One letter of an action's SMART check.
#[derive(Debug, Clone, Serialize)]
pub struct SmartLetter {
    /// `S`, `M`, `A`, `R` or `T`.
    pub letter: char,
    /// `pass`, `fail` or `unknown` (the model cannot judge it).
    pub check: &'static str,
    /// Why, in words.
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionRow {
    /// Position in the session's list, from 1.
    pub number: usize,
    pub title: String,
    pub owner: String,
    pub team: Option<Team>,
    /// The idea the action carries out, if any, and its title.
    pub idea: Option<Id>,
    pub idea_title: Option<String>,
    pub due: Option<NaiveDate>,
    pub status: Status,
    /// The KPI it moves, by name.
    pub kpi: Option<String>,
    /// "S✓ M✓ A✗ R? T✓".
    pub smart_marks: String,
    pub smart: Vec<SmartLetter>,
    /// Carried over from the session this one follows up.
    pub carried: bool,
    /// What the check-in said about it.
    pub note: String,
}

impl ActionRow {
    /// The letters that did not pass (failed or not judged), with their
    /// reasons: "A✗ Tom is not a participant…".
    pub fn unmet(&self) -> Vec<String> {
        self.smart
            .iter()
            .filter(|l| l.check != "pass")
            .map(|l| {
                let mark = if l.check == "fail" { '✗' } else { '?' };
                format!("{}{mark} {}", l.letter, l.reason)
            })
            .collect()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct KpiRow {
    pub name: String,
    pub definition: String,
    pub kind: KpiKind,
    pub team: Team,
    /// What it measures, in words: "MQL → SAL conversion", "prospects
    /// reaching MQL", "typed".
    pub measure: String,
    /// Tied to the funnel: baseline from the session, target from the plan.
    pub tied: bool,
    /// The unit in words: "%", "prospects per quarter", "EUR per quarter".
    pub unit: String,
    /// The unit as the model reads it (for formatting).
    #[serde(skip)]
    pub kpi_unit: KpiUnit,
    pub cadence: Cadence,
    pub baseline: Option<f64>,
    /// The figure the plan at likely implies (tied KPIs other than days).
    pub plan_target: Option<f64>,
    /// The typed target, else the plan's.
    pub target: Option<f64>,
    /// `typed`, `plan`, or null when there is no target.
    pub target_source: Option<&'static str>,
    pub actual: Option<f64>,
    /// Why a tied KPI has no figures any more (its stage is gone).
    pub unbound: Option<String>,
}

/// A stage's definition, and on the step out of it where the owning team
/// changes, what each side owes the other.
#[derive(Debug, Clone, Serialize)]
pub struct AgreementRow {
    pub stage: usize,
    pub name: String,
    pub team: Team,
    /// Entry criteria in a sentence (empty when none was agreed).
    pub definition: String,
    pub handoff: Option<HandoffRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HandoffRow {
    /// "MQL → SAL".
    pub step_label: String,
    pub from_team: Team,
    pub to_team: Team,
    /// "Marketing → Sales".
    pub direction: String,
    pub service_level: String,
    pub on_reject: String,
}

/// One team's share of the value lost to causes the teams control.
#[derive(Debug, Clone, Serialize)]
pub struct TeamChange {
    pub team: Team,
    /// Per period (`format::Figure::Controllable`).
    pub controllable: f64,
    /// Fraction of all teams' controllable value (0 when none).
    pub share: f64,
    /// "Sales owns 62.0 % of the value lost to causes the teams control
    /// (EUR 1,234,567 per quarter)".
    pub sentence: String,
}

/// Who has to change more (MODEL.md §6): a number per team, not a verdict.
#[derive(Debug, Clone, Serialize)]
pub struct WhoChangesMore {
    /// Marketing, sales, shared.
    pub teams: Vec<TeamChange>,
    /// All teams' controllable value lost per period.
    pub controllable_total: f64,
    /// The value lost per period to external causes, which no team controls.
    pub external: f64,
    /// The external total in a sentence.
    pub external_sentence: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReverseStage {
    pub stage: usize,
    pub name: String,
    /// Prospects the stage sees today.
    pub count_today: u64,
    /// Prospects it must see at today's conversions (null: unreachable).
    pub needed_today: Option<f64>,
    /// At the plan's likely conversions.
    pub needed_plan: Option<f64>,
    /// Why no number is enough, in words (null when reachable).
    pub today_unreachable: Option<String>,
    pub plan_unreachable: Option<String>,
}

impl ReverseStage {
    /// "1,452" (rounded up) or the reason no number is enough.
    pub fn today_text(&self) -> String {
        need_text(self.needed_today, self.today_unreachable.as_deref())
    }

    pub fn plan_text(&self) -> String {
        need_text(self.needed_plan, self.plan_unreachable.as_deref())
    }
}

fn need_text(v: Option<f64>, why: Option<&str>) -> String {
    match (v, why) {
        (Some(v), _) => format::prospects_needed(v),
        (None, Some(why)) => why.to_string(),
        (None, None) => "—".to_string(),
    }
}

/// The reverse funnel for the session's revenue target per period.
#[derive(Debug, Clone, Serialize)]
pub struct ReverseFunnelRow {
    /// `format::Figure::RevenueTarget`.
    pub revenue_target_per_period: f64,
    /// Top of the funnel first; the last stage is the won deals needed.
    pub stages: Vec<ReverseStage>,
}

/// Everything the room committed to, ready to lay out.
#[derive(Debug, Clone, Serialize)]
pub struct Commitments {
    pub check_in: Option<NaiveDate>,
    pub actions: Vec<ActionRow>,
    pub kpis: Vec<KpiRow>,
    pub team_goals: Vec<GoalLine>,
    /// Per stage, top first.
    pub agreement: Vec<AgreementRow>,
    pub who_changes_more: WhoChangesMore,
    /// Null when the session has no revenue target.
    pub reverse_funnel: Option<ReverseFunnelRow>,
}

impl Commitments {
    pub fn build(s: &Session) -> Commitments {
        Commitments {
            check_in: s.check_in,
            actions: actions(s),
            kpis: s.kpis.iter().map(|k| kpi_row(s, k)).collect(),
            team_goals: model::team_goals(s),
            agreement: agreement(s),
            who_changes_more: who_changes_more(s),
            reverse_funnel: s.revenue_target.map(|t| reverse(s, t)),
        }
    }

    /// Whether the room recorded any commitment at all.
    pub fn is_empty(&self) -> bool {
        self.actions.is_empty() && self.kpis.is_empty() && self.team_goals.is_empty()
    }

    /// Whether any stage has a definition or a hand-off.
    pub fn has_agreement(&self) -> bool {
        self.agreement
            .iter()
            .any(|a| !a.definition.trim().is_empty() || a.handoff.is_some())
    }
}

fn actions(s: &Session) -> Vec<ActionRow> {
    s.actions
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let smart = model::smart(s, a);
            ActionRow {
                number: i + 1,
                title: a.title.clone(),
                owner: a.owner.clone(),
                team: a.team,
                idea: a.idea,
                idea_title: a.idea.and_then(|id| s.idea(id)).map(|i| i.title.clone()),
                due: a.due,
                status: a.status,
                kpi: a.kpi.clone(),
                smart_marks: model::smart_marks(&smart),
                smart: smart
                    .iter()
                    .map(|l| SmartLetter {
                        letter: l.letter,
                        check: l.check.key(),
                        reason: l.reason.clone(),
                    })
                    .collect(),
                carried: a.carried,
                note: a.note.clone(),
            }
        })
        .collect()
}

fn kpi_row(s: &Session, k: &crate::session::Kpi) -> KpiRow {
    let f = model::kpi_figures(s, k);
    KpiRow {
        name: k.name.clone(),
        definition: k.definition.clone(),
        kind: k.kind,
        team: k.team,
        measure: k.measure.words(s.period),
        tied: k.measure.is_tied(),
        unit: f.unit.words(&s.currency, s.period),
        kpi_unit: f.unit.clone(),
        cadence: k.cadence,
        baseline: f.baseline,
        plan_target: f.plan_target,
        target: f.target,
        target_source: match (f.target, f.target_typed) {
            (None, _) => None,
            (Some(_), true) => Some("typed"),
            (Some(_), false) => Some("plan"),
        },
        actual: f.actual,
        unbound: f.unbound,
    }
}

/// "Marketing", "Sales", "Both teams": who hands off, in a direction.
fn side(team: Team) -> &'static str {
    match team {
        Team::Marketing => "Marketing",
        Team::Sales => "Sales",
        Team::Shared => "Both teams",
    }
}

fn agreement(s: &Session) -> Vec<AgreementRow> {
    s.stages
        .iter()
        .enumerate()
        .map(|(k, st)| {
            let next = s.stages.get(k + 1);
            // A hand-off belongs where the owning team changes; one typed on
            // another step is still shown rather than silently dropped.
            let handoff = next
                .filter(|n| n.team != st.team || !st.handoff.is_empty())
                .map(|n| HandoffRow {
                    step_label: super::report::step_label(s, k),
                    from_team: st.team,
                    to_team: n.team,
                    direction: format!("{} → {}", side(st.team), side(n.team)),
                    service_level: st.handoff.service_level.clone(),
                    on_reject: st.handoff.on_reject.clone(),
                });
            AgreementRow {
                stage: k,
                name: st.name.clone(),
                team: st.team,
                definition: st.definition.clone(),
                handoff,
            }
        })
        .collect()
}

fn who_changes_more(s: &Session) -> WhoChangesMore {
    let per = s.period.label();
    let money = |v: f64| format::money(v, &s.currency);
    let teams: Vec<TeamChange> = model::team_control(s)
        .into_iter()
        .map(|t| {
            let (controllable, share) = (t.controllable + 0.0, t.share + 0.0);
            let who = match t.team {
                Team::Shared => "Both teams together own".to_string(),
                team => format!("{} owns", side(team)),
            };
            TeamChange {
                team: t.team,
                controllable,
                share,
                sentence: format!(
                    "{who} {} of the value lost to causes the teams control ({} per {per})",
                    format::percent(share),
                    money(controllable)
                ),
            }
        })
        .collect();
    let external = model::step_control(s)
        .iter()
        .map(|c| c.external)
        .fold(0.0, |a, b| a + b);
    WhoChangesMore {
        controllable_total: teams.iter().map(|t| t.controllable).fold(0.0, |a, b| a + b),
        external_sentence: format!(
            "External causes, which no team controls, explain {} per {per} of the value lost.",
            money(external)
        ),
        external,
        teams,
    }
}

fn reverse(s: &Session, target: f64) -> ReverseFunnelRow {
    let rf = model::reverse_funnel(s, target);
    let split = |n: Need| match n {
        Ok(v) => (Some(v), None),
        Err(u) => (None, Some(model::unreachable_words(s, u))),
    };
    ReverseFunnelRow {
        revenue_target_per_period: rf.revenue,
        stages: rf
            .stages
            .into_iter()
            .map(|n| {
                let (needed_today, today_unreachable) = split(n.today);
                let (needed_plan, plan_unreachable) = split(n.plan);
                let st = s.stages.get(n.stage);
                ReverseStage {
                    stage: n.stage,
                    name: st.map_or_else(String::new, |st| st.name.clone()),
                    count_today: st.map_or(0, |st| st.count),
                    needed_today,
                    needed_plan,
                    today_unreachable,
                    plan_unreachable,
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assets;

    #[test]
    fn who_changes_more_states_each_team_in_the_money_vocabulary() {
        let s = assets::example_session();
        let w = who_changes_more(&s);
        let control = model::team_control(&s);
        assert_eq!(w.teams.len(), 3);
        for (t, c) in w.teams.iter().zip(&control) {
            assert_eq!(t.controllable, c.controllable);
            assert!(
                t.sentence.contains(&format::percent(c.share))
                    && t.sentence.contains(&format::money(c.controllable, "EUR")),
                "{}",
                t.sentence
            );
        }
        let sales = w.teams.iter().find(|t| t.team == Team::Sales).unwrap();
        assert!(
            sales.sentence.starts_with("Sales owns ") && sales.sentence.ends_with(" per quarter)"),
            "{}",
            sales.sentence
        );
        let external: f64 = model::step_control(&s).iter().map(|c| c.external).sum();
        assert!((w.external - external).abs() < 1e-6);
    }

    #[test]
    fn a_handoff_shows_where_the_owning_team_changes() {
        let s = assets::example_session();
        let rows = agreement(&s);
        let changes: Vec<usize> = (0..s.stages.len().saturating_sub(1))
            .filter(|&k| s.stages[k].team != s.stages[k + 1].team)
            .collect();
        for row in &rows {
            assert_eq!(
                row.handoff.is_some(),
                changes.contains(&row.stage) || !s.stages[row.stage].handoff.is_empty(),
                "{}",
                row.name
            );
        }
        let mql = rows.iter().find(|r| r.name == "MQL").unwrap();
        let h = mql.handoff.as_ref().unwrap();
        assert_eq!(h.direction, "Marketing → Sales");
        assert_eq!(h.step_label, "MQL → SAL");
        assert!(h.service_level.contains("2 working days"));
    }

    #[test]
    fn unmet_letters_carry_their_reasons() {
        let mut s = assets::example_session();
        s.actions[0].owner = "Somebody Else".into();
        s.actions[0].due = None;
        let rows = actions(&s);
        let unmet = rows[0].unmet();
        assert!(
            unmet
                .iter()
                .any(|u| u.starts_with("A✗ ") && u.contains("Somebody Else")),
            "{unmet:?}"
        );
        assert!(unmet.iter().any(|u| u == "T✗ no due date"), "{unmet:?}");
        assert!(rows[0].smart_marks.contains("A✗") && rows[0].smart_marks.contains("T✗"));
    }

    #[test]
    fn reverse_funnel_rounds_up_and_says_why_a_stage_is_unreachable() {
        let mut s = assets::example_session();
        let rows = reverse(&s, 1_800_000.0);
        let won = rows.stages.last().unwrap();
        // EUR 1,800,000 at EUR 24,000 a deal: exactly 75 wins.
        assert_eq!(won.today_text(), "75");
        s.deal_size = 0.0;
        let rows = reverse(&s, 1_800_000.0);
        assert_eq!(
            rows.stages[0].today_text(),
            "unreachable: the deal size is 0"
        );
    }
}
