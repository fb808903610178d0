//! Every figure an export shows, computed once from `crate::model`.
//!
//! The renderers never call the model themselves: they read a [`Report`], so
//! Markdown, HTML, CSV and JSON cannot disagree. The serialized form of a
//! `Report` is the `derived` part of the JSON export (see `json.rs` for the
//! field reference).

use chrono::NaiveDate;
use serde::Serialize;

use super::commit::{Commitments, KpiRow};
use super::review::ReviewPart;
use super::segments::SegmentsPart;
use crate::format::Figure;
use crate::model::{self, IdeaGains, PlanOutcome, RankBy, TeamControl};
use crate::session::{Cause, Effect, Estimate, Id, Idea, Origin, Period, Point, Session, Team};

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
    /// Revenue per period, `R` ([`Figure::Revenue`]).
    pub revenue_per_period: f64,
    /// One row per step, top of the funnel first.
    pub steps: Vec<StepRow>,
    /// The step whose losses are worth most, if any step loses anything.
    pub biggest_leak: Option<usize>,
    /// Stage sensitivity, largest `recover_10pct` first.
    pub sensitivity: Vec<SensitivityRow>,
    /// Per team (marketing, sales, shared) the controllable value lost its
    /// own internal causes explain, and its share (MODEL.md §6).
    pub team_control: Vec<TeamControl>,
    /// The key of what the ideas are ranked by (`likely`).
    pub ranked_by: &'static str,
    /// Ideas, best first.
    pub ideas: Vec<IdeaRow>,
    pub plan: PlanRow,
    /// The money vocabulary: each figure's field name in the exports, its
    /// name and its one-line legend, in reading order.
    pub vocabulary: Vec<FigureDoc>,
    /// What the room committed to: actions, KPIs, team goals, the hand-off
    /// agreement, who has to change more, the reverse funnel.
    pub commitments: Commitments,
    /// The check-in of a follow-up session: last time's plan predicted
    /// against observed, KPIs met or missed, actions carried over.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<ReviewPart>,
    /// Where an imported funnel's counts came from, each segment's figures
    /// and the kinds of loss: only with segments or an import.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segments: Option<SegmentsPart>,
    /// Across this session and its predecessors, for a follow-up whose
    /// history the caller loaded ([`Report::build_with_history`]): the
    /// HTML draws it, the JSON carries it as `derived.trend` (the same
    /// figures as `history --json`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trend: Option<model::Trend>,
}

/// One figure of the money vocabulary as the exports name it.
#[derive(Debug, Clone, Serialize)]
pub struct FigureDoc {
    /// The field (JSON) and column (CSV) name: `run_rate_per_period`.
    pub key: &'static str,
    /// "Run-rate per quarter".
    pub name: String,
    pub legend: String,
}

/// Every money figure, in the order a reader meets them in the reports.
pub const FIGURES: [Figure; 16] = Figure::ALL;

/// The name a figure's field or column has in the JSON and CSV exports.
pub fn figure_key(f: Figure) -> &'static str {
    match f {
        Figure::Revenue => "revenue_per_period",
        Figure::RunRate => "run_rate_per_period",
        Figure::RunRateYear => "run_rate_per_year",
        Figure::Expected => "run_rate_expected",
        Figure::Low => "run_rate_low",
        Figure::High => "run_rate_high",
        Figure::P10 => "p10",
        Figure::P50 => "p50",
        Figure::P90 => "p90",
        Figure::Mean => "mean",
        Figure::Next91Days => "landing_next_91_days",
        Figure::Next12Months => "landing_next_12_months",
        Figure::ValueLostCeiling => "value_lost_ceiling",
        Figure::Recover10 => "recover_10pct",
        Figure::Controllable => "controllable",
        Figure::RevenueTarget => "revenue_target_per_period",
    }
}

/// The legend in groups: figures that share one legend line (low and high;
/// P10, P50, P90 and the mean) are explained once, together.
pub fn legend_groups(period: Period) -> Vec<(Vec<Figure>, String)> {
    let mut groups: Vec<(Vec<Figure>, String)> = Vec::new();
    for f in FIGURES {
        let legend = f.legend(period);
        match groups.last_mut() {
            Some((figs, l)) if *l == legend => figs.push(f),
            _ => groups.push((vec![f], legend)),
        }
    }
    groups
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
    /// `V_k`, what the step's lost prospects would have brought per period
    /// ([`Figure::ValueLostCeiling`]): a ceiling, never a forecast.
    pub value_lost_ceiling: f64,
    /// The part of the ceiling internal causes explain ([`Figure::Controllable`]).
    pub controllable: f64,
    /// The part external causes explain.
    pub value_lost_external: f64,
    /// The part no cause explains.
    pub value_lost_unexplained: f64,
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
    /// The idea's money figures, named as everywhere else.
    #[serde(flatten)]
    pub figures: IdeaFigures,
    pub effort_days: f64,
    pub lead_time_days: f64,
    pub votes: u32,
    pub in_plan: bool,
    pub notes: String,
}

/// An idea's figures in the money vocabulary (`model::IdeaGains` renamed),
/// all per period unless the name says otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct IdeaFigures {
    pub run_rate_low: f64,
    pub run_rate_per_period: f64,
    pub run_rate_high: f64,
    pub run_rate_expected: f64,
    pub run_rate_per_year: f64,
    pub landing_next_91_days: f64,
    pub landing_next_12_months: f64,
    /// `run_rate_per_year / max(1, effort days)`.
    pub run_rate_per_year_per_effort_day: f64,
    /// Days before the idea pays: lead time plus the funnel's lag.
    pub delay_days: f64,
}

impl From<IdeaGains> for IdeaFigures {
    fn from(g: IdeaGains) -> Self {
        IdeaFigures {
            run_rate_low: g.low,
            run_rate_per_period: g.likely,
            run_rate_high: g.high,
            run_rate_expected: g.expected,
            run_rate_per_year: g.annual,
            landing_next_91_days: g.quarter,
            landing_next_12_months: g.year,
            run_rate_per_year_per_effort_day: g.per_effort,
            delay_days: g.delay_days,
        }
    }
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
    /// The Monte Carlo run of the plan's run-rate per period: P10, P50, P90,
    /// mean; `together` is the run-rate at likely.
    pub outcome: PlanOutcome,
    /// The plan's run-rate per period: every idea working, applied together
    /// at likely (`model::plan_run_rate`, equal to `outcome.together`).
    pub run_rate_per_period: f64,
    /// The run-rate over a year.
    pub run_rate_per_year: f64,
    /// The plan's likely gain landing in the next 91 days, each idea from its
    /// own start (`model::plan_within_horizon`).
    pub landing_next_91_days: f64,
    /// The same for the next 12 months (365 days).
    pub landing_next_12_months: f64,
}

impl<'a> Report<'a> {
    /// Computes every figure of `session` once.
    pub fn build(session: &'a Session) -> Report<'a> {
        let funnel = model::Funnel::of(session);
        let figures = model::step_figures(session);
        let sensitivity = model::sensitivity(session);
        let control = model::step_control(session);
        let label = |k: usize| step_label(session, k);

        let steps: Vec<StepRow> = figures
            .iter()
            .map(|f| {
                let stage = &session.stages[f.step];
                let sens = sensitivity.iter().position(|x| x.step == f.step);
                let s = sens.map(|i| &sensitivity[i]);
                let c = control.iter().find(|c| c.step == f.step);
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
                    value_lost_ceiling: f.value_lost,
                    controllable: c.map_or(0.0, |c| no_negative_zero(c.controllable)),
                    value_lost_external: c.map_or(0.0, |c| no_negative_zero(c.external)),
                    value_lost_unexplained: c.map_or(0.0, |c| no_negative_zero(c.unexplained)),
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
        let run_rate_per_period = model::plan_run_rate(session, &session.plan.ideas, Point::Likely);
        let plan = PlanRow {
            ideas: model::plan_ideas(session)
                .into_iter()
                .map(|i| PlanIdea {
                    id: i.id,
                    title: i.title.clone(),
                })
                .collect(),
            run_rate_per_period,
            run_rate_per_year: run_rate_per_period * session.period.per_year(),
            landing_next_91_days: model::plan_within_horizon(
                session,
                &session.plan.ideas,
                model::QUARTER_DAYS,
            ),
            landing_next_12_months: model::plan_within_horizon(
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
            revenue_per_period: funnel.revenue(),
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
            team_control: model::team_control(session)
                .into_iter()
                .map(|t| TeamControl {
                    controllable: no_negative_zero(t.controllable),
                    share: no_negative_zero(t.share),
                    ..t
                })
                .collect(),
            ranked_by: by.key(),
            steps,
            ideas,
            plan,
            vocabulary: FIGURES
                .iter()
                .map(|&f| FigureDoc {
                    key: figure_key(f),
                    name: f.name(session.period),
                    legend: f.legend(session.period),
                })
                .collect(),
            commitments: Commitments::build(session),
            review: ReviewPart::build(session),
            segments: SegmentsPart::build(session),
            trend: None,
        }
    }

    /// [`Report::build`] plus the trend across `previous` (the sessions
    /// before this one, oldest first, as `store::chain` loads them) and this
    /// session. Without a predecessor there is no trend to draw.
    pub fn build_with_history(session: &'a Session, previous: &[Session]) -> Report<'a> {
        let mut report = Report::build(session);
        if !previous.is_empty() {
            let all: Vec<&Session> = previous.iter().chain([session]).collect();
            report.trend = Some(model::trend_of(&all));
        }
        report
    }

    pub fn title(&self) -> &str {
        &self.session.title
    }

    pub fn date(&self) -> NaiveDate {
        self.session.date
    }

    /// What the ideas are ranked by, for people, in the money vocabulary:
    /// "run-rate per quarter".
    pub fn ranked_by_label(&self) -> String {
        let by = RankBy::ALL
            .iter()
            .copied()
            .find(|r| r.key() == self.ranked_by)
            .unwrap_or_default();
        crate::format::ranked_by(by, self.period)
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

    /// A KPI figure in the KPI's unit, by the one KPI rule
    /// (`format::kpi_value`): "55.2 %", "1,452", "EUR 1,800,000 per quarter".
    pub fn kpi_value(&self, k: &KpiRow, v: f64) -> String {
        crate::format::kpi_value(v, &k.kpi_unit, &self.currency, self.period)
    }

    /// "50.0 % → 55.2 %": a KPI's baseline and target, "—" for a missing one.
    pub fn kpi_baseline_target(&self, k: &KpiRow) -> String {
        let show = |v: Option<f64>| v.map_or_else(|| "—".to_string(), |v| self.kpi_value(k, v));
        format!("{} → {}", show(k.baseline), show(k.target))
    }

    pub fn period_label(&self) -> &'static str {
        self.period.label()
    }

    /// The figure's full name for this report's period: "Run-rate per quarter".
    pub fn name(&self, f: Figure) -> String {
        f.name(self.period)
    }

    /// The figure's column heading: "Run-rate/qtr".
    pub fn short(&self, f: Figure) -> String {
        f.short(self.period)
    }

    /// The teams that control some of the value lost, largest share first
    /// (ties in marketing, sales, shared order).
    /// [`Report::acting_teams`] in one sentence (`text::team_sentence`).
    pub fn team_sentence(&self) -> String {
        let teams: Vec<(Team, f64)> = self
            .acting_teams()
            .iter()
            .map(|t| (t.team, t.share))
            .collect();
        super::text::team_sentence(&teams)
    }

    pub fn acting_teams(&self) -> Vec<&TeamControl> {
        let mut teams: Vec<&TeamControl> = self
            .team_control
            .iter()
            .filter(|t| t.controllable > 0.0)
            .collect();
        teams.sort_by(|a, b| b.share.total_cmp(&a.share));
        teams
    }
}

/// `-0.0` as `0.0`: a step without internal causes controls nothing, and
/// "-0" in a CSV cell or `-0.0` in JSON would read as a loss. (The sum of
/// no shares is `-0.0` in Rust's float `Sum`.)
fn no_negative_zero(v: f64) -> f64 {
    v + 0.0
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
        figures: gains.into(),
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
