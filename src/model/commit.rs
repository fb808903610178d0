//! Commitments (MODEL.md §7): a KPI's baseline from the session and its
//! target from the plan, what an action's idea can move its KPI by (the R of
//! SMART), the five SMART letters of an action, team goals as sentences, and
//! the reverse funnel from a revenue target.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Funnel;
use super::lever::{Lever, apply};
use super::plan::plan_ideas;
use crate::format;
use crate::session::{Commitment, Id, Kpi, KpiKind, Measure, Point, Session, Team};

/// The unit a KPI is read and typed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum KpiUnit {
    /// Prospects per period.
    Prospects,
    /// A conversion in percent (55.2 means 55.2 %).
    Percent,
    Days,
    /// An amount in the session's currency (deal size).
    Money,
    /// An amount per period (revenue).
    MoneyPerPeriod,
    /// Whatever the room typed ("%", "hours", "calls").
    Typed(String),
}

impl KpiUnit {
    /// The unit in words ("prospects per quarter", "%", "EUR per quarter");
    /// a typed KPI's own unit, or "" when it has none.
    pub fn words(&self, currency: &str, period: crate::session::Period) -> String {
        let p = period.label();
        let currency = if currency.trim().is_empty() {
            "money"
        } else {
            currency.trim()
        };
        match self {
            KpiUnit::Prospects => format!("prospects per {p}"),
            KpiUnit::Percent => "%".to_string(),
            KpiUnit::Days => "days".to_string(),
            KpiUnit::Money => currency.to_string(),
            KpiUnit::MoneyPerPeriod => format!("{currency} per {p}"),
            KpiUnit::Typed(t) => t.trim().to_string(),
        }
    }
}

/// A KPI's measure resolved against today's stages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tied {
    Count(usize),
    Conversion(usize),
    Days(usize),
    DealSize,
    Revenue,
}

/// Why a tied KPI cannot be computed any more, in words.
pub fn resolve(s: &Session, m: &Measure) -> Result<Option<Tied>, String> {
    let stage = |name: &str| {
        s.stage_index(name)
            .ok_or_else(|| format!("the stage \"{name}\" is no longer in the funnel"))
    };
    Ok(Some(match m {
        Measure::Typed => return Ok(None),
        Measure::Count { stage: n } => Tied::Count(stage(n)?),
        Measure::Days { stage: n } => Tied::Days(stage(n)?),
        Measure::Conversion { from, to } => {
            let k = stage(from)?;
            let j = stage(to)?;
            if j != k + 1 {
                return Err(format!(
                    "\"{from}\" and \"{to}\" are no longer next to each other in the funnel"
                ));
            }
            Tied::Conversion(k)
        }
        Measure::DealSize => Tied::DealSize,
        Measure::Revenue => Tied::Revenue,
    }))
}

impl Tied {
    pub fn unit(self) -> KpiUnit {
        match self {
            Tied::Count(_) => KpiUnit::Prospects,
            Tied::Conversion(_) => KpiUnit::Percent,
            Tied::Days(_) => KpiUnit::Days,
            Tied::DealSize => KpiUnit::Money,
            Tied::Revenue => KpiUnit::MoneyPerPeriod,
        }
    }

    /// The figure on funnel `f`, in the KPI's unit. Days are no figure of
    /// the funnel: no effect moves them, so they are read from the session.
    fn value(self, s: &Session, f: &Funnel) -> f64 {
        match self {
            // N_k = N_0 · Π_{j<k} c_j, multiplied in the same order as `won`.
            Tied::Count(k) => f.conversions.iter().take(k).fold(f.top, |n, c| n * c),
            Tied::Conversion(k) => f.conversions.get(k).copied().unwrap_or(0.0) * 100.0,
            Tied::Days(k) => s.stages.get(k).map_or(0.0, |st| st.days),
            Tied::DealSize => f.deal_size,
            Tied::Revenue => f.revenue(),
        }
    }

    /// Today's figure. A stage's count is read as it was typed rather than
    /// rebuilt from conversions, so 1,320 shows as 1,320, not 1,319.9999.
    fn baseline(self, s: &Session, f: &Funnel) -> f64 {
        match self {
            Tied::Count(k) => s.stages.get(k).map_or(0.0, |st| st.count as f64),
            _ => self.value(s, f),
        }
    }

    fn moved_by_effects(self) -> bool {
        !matches!(self, Tied::Days(_))
    }
}

/// Everything shown about one KPI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiFigures {
    pub unit: KpiUnit,
    /// From the session (tied) or typed.
    pub baseline: Option<f64>,
    /// The figure after the plan at likely (tied KPIs other than days).
    pub plan_target: Option<f64>,
    /// The typed target, else the plan's.
    pub target: Option<f64>,
    pub target_typed: bool,
    pub actual: Option<f64>,
    /// Why a tied KPI has no figures: its stage is gone.
    pub unbound: Option<String>,
}

/// The plan's levers at likely, leaving out idea `skip`.
fn plan_levers(s: &Session, skip: Option<Id>) -> Vec<Lever> {
    plan_ideas(s)
        .into_iter()
        .filter(|i| Some(i.id) != skip)
        .map(|i| Lever::at(s, &i.effect, Point::Likely))
        .collect()
}

pub fn kpi_figures(s: &Session, kpi: &Kpi) -> KpiFigures {
    let typed_target = kpi.target.filter(|t| t.is_finite());
    let (unit, baseline, plan_target, unbound) = match resolve(s, &kpi.measure) {
        Ok(None) => (KpiUnit::Typed(kpi.unit.clone()), kpi.baseline, None, None),
        Ok(Some(t)) => {
            let base = Funnel::of(s);
            let plan = t
                .moved_by_effects()
                .then(|| t.value(s, &apply(&base, &plan_levers(s, None))));
            (t.unit(), Some(t.baseline(s, &base)), plan, None)
        }
        Err(why) => (KpiUnit::Typed(kpi.unit.clone()), None, None, Some(why)),
    };
    KpiFigures {
        unit,
        baseline,
        plan_target,
        target: typed_target.or(plan_target),
        target_typed: typed_target.is_some(),
        actual: kpi.actual,
        unbound,
    }
}

/// What an action's idea can move its KPI to: the KPI with the rest of the
/// plan at likely and the idea at low, and at high (MODEL.md §7). `None`
/// when the model cannot say (no idea, a typed or days KPI, a KPI whose
/// stage is gone).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Reach {
    pub low: f64,
    pub high: f64,
    /// The KPI with the rest of the plan only.
    pub without: f64,
}

pub fn reach(s: &Session, idea: Id, kpi: &Kpi) -> Option<Reach> {
    let idea = s.idea(idea)?;
    let tied = resolve(s, &kpi.measure).ok()??;
    if !tied.moved_by_effects() {
        return None;
    }
    let base = Funnel::of(s);
    let rest = plan_levers(s, Some(idea.id));
    let at = |p: Option<Point>| {
        let mut levers = rest.clone();
        if let Some(p) = p {
            levers.push(Lever::at(s, &idea.effect, p));
        }
        tied.value(s, &apply(&base, &levers))
    };
    Some(Reach {
        low: at(Some(Point::Low)),
        high: at(Some(Point::High)),
        without: at(None),
    })
}

/// `a` and `b` are the same figure: within `1e-9` relative, or within the
/// §3 tie tolerance for money.
fn same(a: f64, b: f64, unit: &KpiUnit, s: &Session) -> bool {
    let tol = match unit {
        KpiUnit::Money | KpiUnit::MoneyPerPeriod => {
            super::tie_tolerance(Funnel::of(s).revenue() * s.period.per_year())
        }
        _ => 0.0,
    }
    .max(1e-9 * a.abs().max(b.abs()));
    (a - b).abs() <= tol
}

/// Whether one SMART letter holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Check {
    Pass,
    Fail,
    /// The model cannot judge it (R for a typed KPI).
    Unknown,
}

impl Check {
    /// A mark that reads without colour: ✓, ✗ or ?.
    pub fn mark(self) -> char {
        match self {
            Check::Pass => '✓',
            Check::Fail => '✗',
            Check::Unknown => '?',
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Check::Pass => "pass",
            Check::Fail => "fail",
            Check::Unknown => "unknown",
        }
    }
}

/// One letter of SMART with the reason in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letter {
    pub letter: char,
    pub check: Check,
    pub reason: String,
}

/// The five letters of an action, S M A R T in order.
pub type Smart = [Letter; 5];

/// "S✓ M✓ A✗ R? T✓": the letters with their marks, for tables.
pub fn smart_marks(smart: &Smart) -> String {
    smart
        .iter()
        .map(|l| format!("{}{}", l.letter, l.check.mark()))
        .collect::<Vec<_>>()
        .join(" ")
}

fn letter(letter: char, check: Check, reason: impl Into<String>) -> Letter {
    Letter {
        letter,
        check,
        reason: reason.into(),
    }
}

/// A KPI value with its unit, as every screen and export prints it.
pub fn show(s: &Session, unit: &KpiUnit, v: f64) -> String {
    format::kpi_value(v, unit, &s.currency, s.period)
}

/// The SMART check of an action (a nudge: nothing is blocked by it).
pub fn smart(s: &Session, a: &Commitment) -> Smart {
    let kpi = a.kpi.as_deref().and_then(|n| s.kpi(n));
    let idea = a.idea.and_then(|id| s.idea(id));
    let figures = kpi.map(|k| kpi_figures(s, k));

    let specific = if let Some(k) = kpi {
        letter('S', Check::Pass, format!("moves the KPI \"{}\"", k.name))
    } else if let Some(label) = idea
        .and_then(|i| i.effect.step())
        .and_then(|k| s.step_label(k))
    {
        letter('S', Check::Pass, format!("changes the step {label}"))
    } else if idea.is_some() {
        letter(
            'S',
            Check::Pass,
            "changes the whole funnel (volume or deal size)",
        )
    } else if let Some(st) = s.stages.iter().find(|st| mentions(&a.title, &st.name)) {
        letter('S', Check::Pass, format!("names the stage {}", st.name))
    } else {
        letter(
            'S',
            Check::Fail,
            "does not say what changes: link a KPI or an idea, or name a stage",
        )
    };

    let measurable = match (a.kpi.as_deref(), kpi, &figures) {
        (None, _, _) => letter(
            'M',
            Check::Fail,
            "no KPI linked: pick the KPI this action moves",
        ),
        (Some(n), None, _) => letter('M', Check::Fail, format!("the KPI \"{n}\" does not exist")),
        (_, Some(k), Some(f)) => match (f.baseline, f.target, &f.unbound) {
            (_, _, Some(why)) => letter('M', Check::Fail, format!("\"{}\": {why}", k.name)),
            (None, _, _) => letter('M', Check::Fail, format!("\"{}\" has no baseline", k.name)),
            (_, None, _) => letter('M', Check::Fail, format!("\"{}\" has no target", k.name)),
            (Some(b), Some(t), _) => letter(
                'M',
                Check::Pass,
                format!(
                    "{} from {} to {}",
                    k.name,
                    show(s, &f.unit, b),
                    show(s, &f.unit, t)
                ),
            ),
        },
        _ => letter('M', Check::Fail, "no KPI linked"),
    };

    let assigned = if a.owner.trim().is_empty() {
        letter('A', Check::Fail, "no owner: name the person who does it")
    } else if let Some(p) = s.participant_named(&a.owner) {
        letter('A', Check::Pass, format!("{} is in the room", p.name))
    } else {
        letter(
            'A',
            Check::Fail,
            format!(
                "{} is not a participant: pick someone in the room",
                a.owner.trim()
            ),
        )
    };

    let realistic = realistic(s, a, kpi, figures.as_ref());

    let time_bound = match a.due {
        None => letter('T', Check::Fail, "no due date"),
        // Carried over from last time: it was due by this check-in, so an
        // earlier date is what it should have, not a fault.
        Some(d) if d < s.date && a.carried => letter(
            'T',
            Check::Pass,
            format!("due {d}, by this check-in (carried over)"),
        ),
        Some(d) if d < s.date => letter(
            'T',
            Check::Fail,
            format!("due {d}, before the workshop ({})", s.date),
        ),
        Some(d) => match s.check_in {
            Some(c) if d > c => letter(
                'T',
                Check::Fail,
                format!("due {d}, after the next check-in ({c})"),
            ),
            Some(c) => letter('T', Check::Pass, format!("due {d}, by the check-in ({c})")),
            None => letter('T', Check::Pass, format!("due {d}")),
        },
    };
    [specific, measurable, assigned, realistic, time_bound]
}

fn realistic(s: &Session, a: &Commitment, kpi: Option<&Kpi>, f: Option<&KpiFigures>) -> Letter {
    let (Some(k), Some(f)) = (kpi, f) else {
        return letter('R', Check::Unknown, "no KPI to judge against");
    };
    let Some(id) = a.idea else {
        return letter(
            'R',
            Check::Unknown,
            "no idea linked: the model cannot say what it moves",
        );
    };
    if s.idea(id).is_none() {
        return letter('R', Check::Unknown, format!("idea {id} does not exist"));
    }
    let Some(r) = reach(s, id, k) else {
        return letter(
            'R',
            Check::Unknown,
            format!("the model cannot move \"{}\": judge it in the room", k.name),
        );
    };
    let Some(t) = f.target else {
        return letter('R', Check::Unknown, "no target to judge");
    };
    let u = &f.unit;
    if same(r.low, r.without, u, s) && same(r.high, r.without, u, s) {
        return letter(
            'R',
            Check::Fail,
            format!(
                "the idea does not move \"{}\": link the KPI it moves",
                k.name
            ),
        );
    }
    let (lo, hi) = (r.low.min(r.high), r.low.max(r.high));
    let range = format!("{} … {}", show(s, u, lo), show(s, u, hi));
    if (t >= lo || same(t, lo, u, s)) && (t <= hi || same(t, hi, u, s)) {
        letter(
            'R',
            Check::Pass,
            format!("the target lies within what the idea can move: {range}"),
        )
    } else if t > hi {
        letter(
            'R',
            Check::Fail,
            format!("the target is above what the idea can move: {range}"),
        )
    } else {
        letter(
            'R',
            Check::Fail,
            format!("the target is below what the idea can move: {range}"),
        )
    }
}

/// `text` names `word` as a whole word, ignoring case ("SAL" in "Call every
/// SAL", not in "salary").
fn mentions(text: &str, word: &str) -> bool {
    let (text, word) = (text.to_lowercase(), word.trim().to_lowercase());
    if word.is_empty() {
        return false;
    }
    text.match_indices(&word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// One team goal, as shown and exported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoalLine {
    pub team: Team,
    pub kpi: Option<String>,
    pub text: String,
    /// Typed by the room rather than generated.
    pub typed: bool,
}

/// Team goals (MODEL.md §7): one per managed KPI, generated unless the room
/// typed its sentence, then the goals typed without a KPI. Marketing first,
/// then sales, then shared, each in KPI order.
pub fn team_goals(s: &Session) -> Vec<GoalLine> {
    let mut out = Vec::new();
    for team in Team::ALL {
        for k in s
            .kpis
            .iter()
            .filter(|k| k.kind == KpiKind::Managed && k.team == team)
        {
            let typed = s
                .goals
                .iter()
                .find(|g| g.kpi.as_deref() == Some(k.name.as_str()) && !g.text.trim().is_empty());
            out.push(GoalLine {
                team,
                kpi: Some(k.name.clone()),
                text: typed.map_or_else(|| goal_sentence(s, k), |g| g.text.clone()),
                typed: typed.is_some(),
            });
        }
        for g in s.goals.iter().filter(|g| g.team == team && g.kpi.is_none()) {
            out.push(GoalLine {
                team,
                kpi: None,
                text: g.text.clone(),
                typed: true,
            });
        }
    }
    out
}

fn team_subject(team: Team) -> &'static str {
    match team {
        Team::Marketing => "Marketing",
        Team::Sales => "Sales",
        Team::Shared => "Both teams",
    }
}

/// The date a KPI's goal is due: the next check-in, else the latest due
/// date of the actions on it.
fn goal_date(s: &Session, kpi: &str) -> Option<NaiveDate> {
    s.check_in.or_else(|| {
        s.actions
            .iter()
            .filter(|a| a.kpi.as_deref() == Some(kpi))
            .filter_map(|a| a.due)
            .max()
    })
}

/// "Marketing will raise MQLs from 1,320 to 1,452 a quarter by 2027-03-31".
pub fn goal_sentence(s: &Session, k: &Kpi) -> String {
    let f = kpi_figures(s, k);
    let who = team_subject(k.team);
    let per = match f.unit {
        KpiUnit::Prospects | KpiUnit::MoneyPerPeriod => format!(" a {}", s.period.label()),
        _ => String::new(),
    };
    let by = goal_date(s, &k.name).map_or_else(String::new, |d| format!(" by {d}"));
    let name = &k.name;
    match (f.baseline, f.target) {
        (Some(b), Some(t)) => {
            let verb = if same(t, b, &f.unit, s) {
                return format!("{who} will hold {name} at {}{per}{by}", show(s, &f.unit, b));
            } else if t > b {
                "raise"
            } else {
                "lower"
            };
            format!(
                "{who} will {verb} {name} from {} to {}{per}{by}",
                show(s, &f.unit, b),
                show(s, &f.unit, t)
            )
        }
        (None, Some(t)) => format!(
            "{who} will bring {name} to {}{per}{by}",
            show(s, &f.unit, t)
        ),
        _ => format!("{who} will set a target for {name}{by}"),
    }
}

/// Why a stage cannot be reached at a revenue target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unreachable {
    /// The deal size is 0: no number of wins makes revenue.
    NoDealSize,
    /// Step `k` converts nobody, so no count above it is enough.
    ZeroStep(usize),
}

/// Prospects a stage must see, or why no number is enough.
pub type Need = Result<f64, Unreachable>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageNeed {
    pub stage: usize,
    /// At today's conversions and deal size.
    pub today: Need,
    /// At the plan's likely conversions and deal size.
    pub plan: Need,
}

/// The reverse funnel for a revenue target per period (MODEL.md §7).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReverseFunnel {
    pub revenue: f64,
    /// Per stage, top first; the last stage is the won count `W*`.
    pub stages: Vec<StageNeed>,
}

fn needs(f: &Funnel, revenue: f64) -> Vec<Need> {
    let n = f.conversions.len() + 1;
    let won = if f.deal_size > 0.0 {
        Ok(revenue / f.deal_size)
    } else {
        Err(Unreachable::NoDealSize)
    };
    // Walk up from the outcome: N*_k = N*_{k+1} / c_k, so a zero step
    // blocks every stage above it and nothing is divided by zero.
    let mut out = vec![won; n];
    for k in (0..n - 1).rev() {
        out[k] = match out[k + 1] {
            Err(e) => Err(e),
            Ok(_) if f.conversions[k] <= 0.0 => Err(Unreachable::ZeroStep(k)),
            Ok(v) => Ok(v / f.conversions[k]),
        };
    }
    out
}

pub fn reverse_funnel(s: &Session, revenue: f64) -> ReverseFunnel {
    let base = Funnel::of(s);
    let plan = apply(&base, &plan_levers(s, None));
    let today = needs(&base, revenue);
    let planned = needs(&plan, revenue);
    ReverseFunnel {
        revenue,
        stages: today
            .into_iter()
            .zip(planned)
            .enumerate()
            .map(|(stage, (today, plan))| StageNeed { stage, today, plan })
            .collect(),
    }
}

/// Why a stage is unreachable, in words.
pub fn unreachable_words(s: &Session, u: Unreachable) -> String {
    match u {
        Unreachable::NoDealSize => "unreachable: the deal size is 0".to_string(),
        Unreachable::ZeroStep(k) => format!(
            "unreachable: {} converts nobody",
            s.step_label(k).unwrap_or_else(|| format!("step {}", k + 1))
        ),
    }
}
