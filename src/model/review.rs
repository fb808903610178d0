//! The next check-in (MODEL.md §8, docs/MODEL-additions.md §8a): the funnel
//! now against last time's, every plan idea's predicted change against the
//! change seen, the room's calibration, KPIs met or missed, and the actions
//! carried over. How the follow-up itself is made is in `followup.rs`.

use serde::Serialize;

use super::commit::{KpiUnit, kpi_figures};
use super::funnel::{Funnel, step_figures};
use super::lever::{Lever, apply};
use super::plan::plan_ideas;
use crate::session::{Effect, EffectKind, Id, Idea, KpiKind, Measure, Point, Session, Status};

/// A change equal to a bound in exact arithmetic is inside, whatever the
/// last bit of the float says.
const EPS: f64 = 1e-9;

/// Where the change seen fell against the room's range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Inside,
    Below,
    Above,
}

impl Verdict {
    /// The word of the CLI and JSON: `inside`, `below`, `above`.
    pub fn key(self) -> &'static str {
        match self {
            Verdict::Inside => "inside",
            Verdict::Below => "below",
            Verdict::Above => "above",
        }
    }

    /// The verdict for the room, in plain words.
    pub fn words(self) -> &'static str {
        match self {
            Verdict::Inside => "inside the room's range",
            Verdict::Below => "below low",
            Verdict::Above => "above high",
        }
    }

    fn of(observed: f64, range: &Range) -> Verdict {
        if observed < range.low - EPS {
            Verdict::Below
        } else if observed > range.high + EPS {
            Verdict::Above
        } else {
            Verdict::Inside
        }
    }
}

/// What a change is measured in: conversion points (a step) or a relative
/// change in percent (volume, deal size). Values are fractions either way:
/// 0.03 is 3 points or 3 %.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeUnit {
    Points,
    Percent,
}

/// A predicted change at low, likely and high, as fractions.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Range {
    pub low: f64,
    pub likely: f64,
    pub high: f64,
}

/// What can be said of one idea.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Judgement {
    /// The idea alone acted on what it changed.
    Judged { verdict: Verdict },
    /// Other plan ideas acted on the same step (or volume, or deal size):
    /// only their combined range can be judged.
    Shared {
        with: Vec<Id>,
        combined: Range,
        verdict: Verdict,
    },
    /// No verdict is possible, and why.
    Unjudged { why: String },
}

impl Judgement {
    /// The verdict this idea counts with in the calibration: its own only.
    pub fn own_verdict(&self) -> Option<Verdict> {
        match self {
            Judgement::Judged { verdict } => Some(*verdict),
            _ => None,
        }
    }
}

/// One idea of the plan under review.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IdeaCheck {
    pub id: Id,
    pub title: String,
    pub kind: EffectKind,
    /// "MQL → SAL", "volume", "deal size".
    pub acts_on: String,
    pub unit: ChangeUnit,
    pub predicted: Range,
    /// The change seen, when the counts allow one.
    pub observed: Option<f64>,
    pub judgement: Judgement,
}

/// How often the room's ranges held (MODEL.md §8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Calibration {
    pub judged: usize,
    pub inside: usize,
}

impl Calibration {
    /// Inside / judged, or `None` when no idea could be judged.
    pub fn share(&self) -> Option<f64> {
        (self.judged > 0).then(|| self.inside as f64 / self.judged as f64)
    }
}

/// One step's figures on one side of the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct StepSide {
    pub conversion: f64,
    pub lost: f64,
    /// Per period of the session now (then's is scaled, §8a).
    pub value_lost: f64,
}

/// A step of the funnel now, beside the same step last time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepChange {
    pub label: String,
    pub then: Option<StepSide>,
    /// `None` until this period's counts are in.
    pub now: Option<StepSide>,
}

impl StepChange {
    /// `100 · (c_now − c_then)`, in points.
    pub fn points(&self) -> Option<f64> {
        Some((self.now?.conversion - self.then?.conversion) * 100.0)
    }

    pub fn value_lost_change(&self) -> Option<f64> {
        Some(self.now?.value_lost - self.then?.value_lost)
    }
}

/// A KPI at the check-in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiCheck {
    pub name: String,
    pub kind: KpiKind,
    pub unit: KpiUnit,
    pub baseline_then: Option<f64>,
    pub target: Option<f64>,
    pub actual: Option<f64>,
    /// Higher is better (`false`: lower is better).
    pub up: bool,
    pub met: Option<bool>,
    /// `actual − target`, in the KPI's unit.
    pub gap: Option<f64>,
    /// Why there is no verdict yet.
    pub why: Option<String>,
}

/// The actions carried over from last time, by what the check-in said.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ActionTally {
    pub open: usize,
    pub done: usize,
    pub partly: usize,
    pub not_done: usize,
    pub dropped: usize,
}

impl ActionTally {
    pub fn total(&self) -> usize {
        self.open + self.done + self.partly + self.not_done + self.dropped
    }

    /// Done or partly done.
    pub fn kept(&self) -> usize {
        self.done + self.partly
    }
}

/// Everything the check-in compares.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Review {
    /// Whether this period's counts are in (the top count is above 0).
    pub counts_in: bool,
    /// Revenue per period then (scaled to the period now) and now.
    pub revenue_then: f64,
    pub revenue_now: f64,
    pub steps: Vec<StepChange>,
    /// Last time's steps the funnel now does not have, by label.
    pub gone: Vec<String>,
    pub ideas: Vec<IdeaCheck>,
    pub calibration: Calibration,
    pub kpis: Vec<KpiCheck>,
    pub actions: ActionTally,
}

/// What a plan idea acts on, for grouping ideas that share it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Step(usize),
    Volume,
    DealSize,
}

fn target_of(effect: &Effect) -> Target {
    match effect {
        Effect::LiftConversion { step, .. } | Effect::RecoverLosses { step, .. } => {
            Target::Step(*step)
        }
        Effect::GrowVolume { .. } => Target::Volume,
        Effect::GrowDealSize { .. } => Target::DealSize,
    }
}

/// The two funnels under comparison.
struct Sides<'a> {
    then_s: Session,
    then_f: Funnel,
    now: &'a Session,
    now_f: Funnel,
    counts_in: bool,
}

impl Sides<'_> {
    /// The change of `target` with the given ideas at `point`, on the funnel
    /// then (§8a "Predicted change"; a group is applied as a plan).
    fn predicted(&self, target: Target, ideas: &[&Idea], point: Point) -> f64 {
        let levers: Vec<Lever> = ideas
            .iter()
            .map(|i| Lever::at(&self.then_s, &i.effect, point))
            .collect();
        let after = apply(&self.then_f, &levers);
        match target {
            Target::Step(k) => {
                after.conversions.get(k).copied().unwrap_or(0.0)
                    - self.then_f.conversions.get(k).copied().unwrap_or(0.0)
            }
            Target::Volume => relative(after.top, self.then_f.top),
            Target::DealSize => relative(after.deal_size, self.then_f.deal_size),
        }
    }

    fn range(&self, target: Target, ideas: &[&Idea]) -> Range {
        Range {
            low: self.predicted(target, ideas, Point::Low),
            likely: self.predicted(target, ideas, Point::Likely),
            high: self.predicted(target, ideas, Point::High),
        }
    }

    /// The change seen, or why there is none.
    fn observed(&self, target: Target) -> Result<f64, String> {
        let then = &self.then_s;
        match target {
            Target::Step(k) => {
                let (Some(a), Some(b)) = (then.stages.get(k), then.stages.get(k + 1)) else {
                    return Err("its step is not in last time's funnel".to_string());
                };
                let (Some(i), Some(j)) =
                    (self.now.stage_index(&a.name), self.now.stage_index(&b.name))
                else {
                    return Err(format!(
                        "the step {} → {} is not in this funnel (stages are matched by name)",
                        a.name, b.name
                    ));
                };
                if j != i + 1 {
                    return Err(format!(
                        "{} and {} are no longer next to each other in this funnel",
                        a.name, b.name
                    ));
                }
                if a.count == 0 {
                    return Err(format!(
                        "nobody reached {} last time, so there was no conversion to change",
                        a.name
                    ));
                }
                if !self.counts_in || self.now.stages[i].count == 0 {
                    return Err(format!(
                        "no counts for {} this period yet: type or import them",
                        a.name
                    ));
                }
                Ok(self.now_f.conversions[i] - self.then_f.conversions[k])
            }
            Target::Volume => {
                let (Some(a), Some(b)) = (then.stages.first(), self.now.stages.first()) else {
                    return Err("a funnel has no stages".to_string());
                };
                if a.name != b.name {
                    return Err(format!(
                        "the top of the funnel was {} and is {} now, so volume cannot be compared",
                        a.name, b.name
                    ));
                }
                if a.count == 0 {
                    return Err(format!("nobody reached {} last time", a.name));
                }
                if b.count == 0 {
                    return Err(format!(
                        "no count for {} this period yet: type or import it",
                        b.name
                    ));
                }
                Ok(relative(b.count as f64, a.count as f64))
            }
            Target::DealSize => {
                if then.deal_size.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
                    return Err("last time's deal size was 0".to_string());
                }
                if self.now.deal_size.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
                    return Err("no deal size for this period yet: type it".to_string());
                }
                Ok(relative(self.now.deal_size, then.deal_size))
            }
        }
    }
}

/// `after / before − 1`, 0 when there was nothing before.
fn relative(after: f64, before: f64) -> f64 {
    if before > 0.0 {
        after / before - 1.0
    } else {
        0.0
    }
}

/// The review of a follow-up session; `None` when the session reviews
/// nothing (it was not made as a follow-up).
pub fn review(s: &Session) -> Option<Review> {
    let under = s.under_review.as_ref()?;
    let then_s = under.as_session(s);
    let sides = Sides {
        then_f: Funnel::of(&then_s),
        now_f: Funnel::of(s),
        counts_in: s.stages.first().is_some_and(|st| st.count > 0),
        then_s,
        now: s,
    };
    let scale = sides.then_s.period.per_year() / s.period.per_year();
    let (steps, gone) = step_changes(&sides, scale);
    let ideas = idea_checks(&sides);
    let judged: Vec<Verdict> = ideas
        .iter()
        .filter_map(|i| i.judgement.own_verdict())
        .collect();
    let calibration = Calibration {
        judged: judged.len(),
        inside: judged.iter().filter(|v| **v == Verdict::Inside).count(),
    };
    Some(Review {
        counts_in: sides.counts_in,
        revenue_then: sides.then_f.revenue() * scale,
        revenue_now: sides.now_f.revenue(),
        steps,
        gone,
        ideas,
        calibration,
        kpis: kpi_checks(&sides),
        actions: action_tally(s),
    })
}

fn step_changes(sides: &Sides, scale: f64) -> (Vec<StepChange>, Vec<String>) {
    let then_figs = step_figures(&sides.then_s);
    let now_figs = step_figures(sides.now);
    let side = |f: &super::StepFigures, scale: f64| StepSide {
        conversion: f.conversion,
        lost: f.lost,
        value_lost: f.value_lost * scale,
    };
    let then_step = |a: &str, b: &str| {
        let i = sides.then_s.stage_index(a)?;
        (sides.then_s.stage_index(b)? == i + 1).then_some(i)
    };
    let steps = now_figs
        .iter()
        .map(|f| {
            let (a, b) = (
                &sides.now.stages[f.step].name,
                &sides.now.stages[f.step + 1].name,
            );
            StepChange {
                label: format!("{a} → {b}"),
                then: then_step(a, b)
                    .and_then(|i| then_figs.get(i))
                    .map(|t| side(t, scale)),
                now: (sides.counts_in && f.from > 0.0).then(|| side(f, 1.0)),
            }
        })
        .collect();
    let gone = (0..sides.then_s.step_count())
        .filter(|&k| {
            let (a, b) = (
                &sides.then_s.stages[k].name,
                &sides.then_s.stages[k + 1].name,
            );
            match (sides.now.stage_index(a), sides.now.stage_index(b)) {
                (Some(i), Some(j)) => j != i + 1,
                _ => true,
            }
        })
        .filter_map(|k| sides.then_s.step_label(k))
        .collect();
    (steps, gone)
}

fn idea_checks(sides: &Sides) -> Vec<IdeaCheck> {
    let ideas = plan_ideas(&sides.then_s);
    ideas
        .iter()
        .map(|idea| {
            let target = target_of(&idea.effect);
            let group: Vec<&Idea> = ideas
                .iter()
                .copied()
                .filter(|i| target_of(&i.effect) == target)
                .collect();
            let observed = sides.observed(target);
            let judgement = match (&observed, group.len()) {
                (Err(why), _) => Judgement::Unjudged { why: why.clone() },
                (Ok(seen), 1) => Judgement::Judged {
                    verdict: Verdict::of(*seen, &sides.range(target, &group)),
                },
                (Ok(seen), _) => {
                    let combined = sides.range(target, &group);
                    Judgement::Shared {
                        with: group
                            .iter()
                            .map(|i| i.id)
                            .filter(|id| *id != idea.id)
                            .collect(),
                        verdict: Verdict::of(*seen, &combined),
                        combined,
                    }
                }
            };
            IdeaCheck {
                id: idea.id,
                title: idea.title.clone(),
                kind: idea.effect.kind(),
                acts_on: match target {
                    Target::Step(k) => sides.then_s.step_label(k).unwrap_or_default(),
                    Target::Volume => "volume".to_string(),
                    Target::DealSize => "deal size".to_string(),
                },
                unit: match target {
                    Target::Step(_) => ChangeUnit::Points,
                    _ => ChangeUnit::Percent,
                },
                predicted: sides.range(target, &[idea]),
                observed: observed.ok(),
                judgement,
            }
        })
        .collect()
}

fn kpi_checks(sides: &Sides) -> Vec<KpiCheck> {
    let s = sides.now;
    s.kpis
        .iter()
        .map(|kpi| {
            let now = kpi_figures(s, kpi);
            // Last time's own figures when the file kept them; files made
            // before it did fall back on the KPI's (frozen) target.
            let kept = sides
                .now
                .under_review
                .as_ref()
                .and_then(|u| u.kpis.iter().find(|k| k.name == kpi.name));
            let target = kept
                .map_or(kpi.target, |k| k.target)
                .filter(|t| t.is_finite());
            let tied = kpi.measure.is_tied();
            let baseline_then = match kept {
                Some(k) => k.baseline,
                None if tied => kpi_figures(&sides.then_s, kpi).baseline,
                None => kpi.baseline,
            };
            let needs_deal = matches!(kpi.measure, Measure::DealSize | Measure::Revenue);
            let (actual, mut why) = if let Some(gone) = &now.unbound {
                (None, Some(gone.clone()))
            } else if !tied {
                let why = kpi
                    .actual
                    .is_none()
                    .then(|| "no actual typed yet".to_string());
                (kpi.actual, why)
            } else if !sides.counts_in {
                (
                    None,
                    Some("this period's counts are not in yet".to_string()),
                )
            } else if needs_deal
                && s.deal_size.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater)
            {
                (
                    None,
                    Some("this period's deal size is not typed yet".to_string()),
                )
            } else {
                (now.baseline, None)
            };
            if target.is_none() && why.is_none() {
                why = Some("no target was set".to_string());
            }
            let up = match (baseline_then, target) {
                (Some(b), Some(t)) => t >= b,
                _ => !matches!(kpi.measure, Measure::Days { .. }),
            };
            let (met, gap) = match (actual, target) {
                (Some(a), Some(t)) => {
                    let slack = EPS * t.abs();
                    let met = if up { a >= t - slack } else { a <= t + slack };
                    (Some(met), Some(a - t))
                }
                _ => (None, None),
            };
            KpiCheck {
                name: kpi.name.clone(),
                kind: kpi.kind,
                unit: now.unit,
                baseline_then,
                target,
                actual,
                up,
                met,
                gap,
                why,
            }
        })
        .collect()
}

fn action_tally(s: &Session) -> ActionTally {
    let mut t = ActionTally::default();
    for a in s.actions.iter().filter(|a| a.carried) {
        match a.status {
            Status::Open => t.open += 1,
            Status::Done => t.done += 1,
            Status::Partly => t.partly += 1,
            Status::NotDone => t.not_done += 1,
            Status::Dropped => t.dropped += 1,
        }
    }
    t
}
