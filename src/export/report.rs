//! Every figure an export shows, computed once from `crate::model`.
//!
//! The renderers never call the model themselves: they read a [`Report`], so
//! Markdown, HTML, CSV and JSON cannot disagree. The serialized form of a
//! `Report` is the `derived` part of the JSON export (see `json.rs` for the
//! field reference).

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{self, IdeaGains, PlanOutcome, RankBy};
use crate::session::{Cause, Effect, Estimate, Id, Idea, Origin, Period, Session, Team};

/// The figures of one session, ready to lay out.
#[derive(Debug, Clone, Serialize)]
pub struct Report<'a> {
    /// The session the figures come from (for names, notes, people).
    #[serde(skip)]
    pub session: &'a Session,
    pub currency: String,
    pub period: Period,
    pub periods_per_year: f64,
    pub period_days: f64,
    pub deal_size: f64,
    /// Won deals per period, `W`.
    pub won: f64,
    /// Revenue per period, `R`.
    pub revenue: f64,
    /// One row per step, top of the funnel first.
    pub steps: Vec<StepRow>,
    /// The step whose losses are worth most, if any step loses anything.
    pub biggest_leak: Option<usize>,
    /// Stage sensitivity, largest `recover_10pct` first.
    pub sensitivity: Vec<SensitivityRow>,
    /// The key of what the ideas are ranked by (`likely`).
    pub ranked_by: &'static str,
    /// Ideas, best first.
    pub ideas: Vec<IdeaRow>,
    pub plan: PlanRow,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepRow {
    pub step: usize,
    /// "MQL → SAL".
    pub label: String,
    pub from_stage: String,
    pub to_stage: String,
    /// The team that owns the stage the step leaves.
    pub team: Team,
    pub count_from: f64,
    pub count_to: f64,
    pub conversion: f64,
    pub lost: f64,
    pub lost_share: f64,
    pub downstream: f64,
    /// Value of what the step loses, per period.
    pub value_lost: f64,
    pub causes: Vec<CauseRow>,
    /// Percent (0–100) of the losses no cause explains.
    pub unexplained_share: f64,
    /// Gain per period of recovering 10 % of this step's losses.
    pub recover_10pct: f64,
    /// Gain per period of one more point of conversion.
    pub plus_1pt: f64,
    /// 1 for the step where recovering 10 % is worth most.
    pub sensitivity_rank: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct CauseRow {
    pub reason: String,
    /// Percent (0–100) of the step's losses.
    pub share: f64,
    pub origin: Origin,
    pub team: Team,
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SensitivityRow {
    pub step: usize,
    pub label: String,
    pub recover_10pct: f64,
    pub plus_1pt: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct IdeaRow {
    pub rank: usize,
    pub id: Id,
    pub title: String,
    pub pair: Option<Id>,
    /// "Anna Berg & Lena Vogt", when a pair proposed it.
    pub pair_label: Option<String>,
    /// `lift_conversion`, `recover_losses`, `grow_volume` or `grow_deal_size`.
    pub effect: &'static str,
    pub step: Option<usize>,
    pub step_label: Option<String>,
    pub cause: Option<String>,
    /// `pts` (conversion points) or `%`.
    pub unit: &'static str,
    pub estimate: Estimate,
    /// One line a person reads: "recover 30 / 50 / 70 % of the "no follow-up" losses, MQL → SAL".
    pub effect_summary: String,
    pub gains: IdeaGains,
    pub effort_days: f64,
    pub lead_time_days: f64,
    pub votes: u32,
    pub in_plan: bool,
    pub notes: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanIdea {
    pub id: Id,
    pub title: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanRow {
    /// The plan's distinct ideas that exist in the session, in plan order
    /// (`model::plan_ideas`: an idea listed twice is one idea).
    pub ideas: Vec<PlanIdea>,
    /// The Monte Carlo run (gains per period).
    pub outcome: PlanOutcome,
    /// The plan's likely gain landing in the next 91 days, each idea from its
    /// own start (`model::plan_within_horizon`).
    pub gain_this_quarter: f64,
    /// The plan's likely gain landing in the next 365 days.
    pub gain_this_year: f64,
}

impl<'a> Report<'a> {
    /// Computes every figure of `session` once.
    pub fn build(session: &'a Session) -> Report<'a> {
        let funnel = model::Funnel::of(session);
        let figures = model::step_figures(session);
        let sensitivity = model::sensitivity(session);
        let label = |k: usize| step_label(session, k);

        let steps: Vec<StepRow> = figures
            .iter()
            .map(|f| {
                let stage = &session.stages[f.step];
                let sens = sensitivity.iter().position(|x| x.step == f.step);
                let s = sens.map(|i| &sensitivity[i]);
                StepRow {
                    step: f.step,
                    label: label(f.step),
                    from_stage: stage.name.clone(),
                    to_stage: session
                        .stages
                        .get(f.step + 1)
                        .map_or_else(String::new, |s| s.name.clone()),
                    team: stage.team,
                    count_from: f.from,
                    count_to: f.to,
                    conversion: f.conversion,
                    lost: f.lost,
                    lost_share: f.lost_share,
                    downstream: f.downstream,
                    value_lost: f.value_lost,
                    causes: stage.causes.iter().map(cause_row).collect(),
                    unexplained_share: session.unexplained_share(f.step),
                    recover_10pct: s.map_or(0.0, |s| s.recover_10pct),
                    plus_1pt: s.map_or(0.0, |s| s.plus_1pt),
                    sensitivity_rank: sens.map_or(0, |i| i + 1),
                }
            })
            .collect();

        let by = RankBy::default();
        let plan_ids = &session.plan.ideas;
        let ideas: Vec<IdeaRow> = model::rank(session, by)
            .iter()
            .map(|r| {
                idea_row(
                    session,
                    &session.ideas[r.index],
                    r.rank,
                    r.gains,
                    plan_ids.contains(&session.ideas[r.index].id),
                )
            })
            .collect();

        let outcome = model::simulate_plan(
            session,
            &session.plan.ideas,
            session.plan.samples,
            session.plan.seed,
        );
        let plan = PlanRow {
            ideas: model::plan_ideas(session)
                .into_iter()
                .map(|i| PlanIdea {
                    id: i.id,
                    title: i.title.clone(),
                })
                .collect(),
            gain_this_quarter: model::plan_within_horizon(
                session,
                &session.plan.ideas,
                model::QUARTER_DAYS,
            ),
            gain_this_year: model::plan_within_horizon(
                session,
                &session.plan.ideas,
                model::YEAR_DAYS,
            ),
            outcome,
        };

        Report {
            session,
            currency: session.currency.clone(),
            period: session.period,
            periods_per_year: session.period.per_year(),
            period_days: session.period.days(),
            deal_size: session.deal_size,
            won: funnel.won(),
            revenue: funnel.revenue(),
            biggest_leak: model::biggest_leak(&figures).map(|f| f.step),
            sensitivity: sensitivity
                .iter()
                .map(|s| SensitivityRow {
                    step: s.step,
                    label: label(s.step),
                    recover_10pct: s.recover_10pct,
                    plus_1pt: s.plus_1pt,
                })
                .collect(),
            ranked_by: by.key(),
            steps,
            ideas,
            plan,
        }
    }

    pub fn title(&self) -> &str {
        &self.session.title
    }

    pub fn date(&self) -> NaiveDate {
        self.session.date
    }

    /// What the ideas are ranked by, for people ("likely gain").
    pub fn ranked_by_label(&self) -> &'static str {
        RankBy::ALL
            .iter()
            .find(|r| r.key() == self.ranked_by)
            .map_or("likely gain", |r| r.label())
    }

    pub fn leak(&self) -> Option<&StepRow> {
        self.biggest_leak.and_then(|k| self.steps.get(k))
    }

    pub fn money(&self, v: f64) -> String {
        crate::format::money(v, &self.currency)
    }

    /// `EUR 1.2M` / `$1.2M`: `format::money_short` keeps symbols only, but
    /// a chart label without its currency code reads as a count.
    pub fn money_short(&self, v: f64) -> String {
        let short = crate::format::money_short(v, &self.currency);
        let is_code = !self.currency.is_empty() && self.currency.chars().all(char::is_alphanumeric);
        if is_code {
            format!("{} {short}", self.currency)
        } else {
            short
        }
    }

    pub fn period_label(&self) -> &'static str {
        self.period.label()
    }
}

/// "MQL → SAL", or a plain description when the step is not in the funnel.
pub(crate) fn step_label(session: &Session, k: usize) -> String {
    session
        .step_label(k)
        .unwrap_or_else(|| format!("step {} (not in the funnel)", k + 1))
}

fn cause_row(c: &Cause) -> CauseRow {
    CauseRow {
        reason: c.reason.clone(),
        share: c.share,
        origin: c.origin,
        team: c.team,
        note: c.note.clone(),
    }
}

fn idea_row(
    session: &Session,
    idea: &Idea,
    rank: usize,
    gains: IdeaGains,
    in_plan: bool,
) -> IdeaRow {
    let kind = idea.effect.kind();
    let cause = match &idea.effect {
        Effect::RecoverLosses { cause, .. } => cause.clone(),
        _ => None,
    };
    let step = idea.effect.step();
    IdeaRow {
        rank,
        id: idea.id,
        title: idea.title.clone(),
        pair: idea.pair,
        pair_label: idea.pair.map(|p| session.pair_label(p)),
        effect: kind.key(),
        step,
        step_label: step.map(|k| step_label(session, k)),
        cause,
        unit: kind.unit(),
        estimate: idea.effect.estimate(),
        effect_summary: effect_summary(session, &idea.effect),
        gains,
        effort_days: idea.effort_days,
        lead_time_days: idea.lead_time_days,
        votes: session.votes_for(idea.id),
        in_plan,
        notes: idea.notes.clone(),
    }
}

/// "30 / 50 / 70" (low / likely / high); whole numbers without decimals.
pub(crate) fn three_points(e: &Estimate) -> String {
    format!("{} / {} / {}", e.low, e.likely, e.high)
}

fn effect_summary(session: &Session, effect: &Effect) -> String {
    let e = three_points(&effect.estimate());
    match effect {
        Effect::LiftConversion { step, .. } => {
            format!("+{e} pts conversion, {}", step_label(session, *step))
        }
        Effect::RecoverLosses { step, cause, .. } => match cause {
            Some(c) => format!(
                "recover {e} % of the \u{201c}{c}\u{201d} losses, {}",
                step_label(session, *step)
            ),
            None => format!(
                "recover {e} % of the losses, {}",
                step_label(session, *step)
            ),
        },
        Effect::GrowVolume { .. } => format!("grow volume {e} %"),
        Effect::GrowDealSize { .. } => format!("grow deal size {e} %"),
    }
}
