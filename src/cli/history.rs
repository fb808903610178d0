//! `history FILE|DIR [--company NAME] [--json]`: the trend of a company
//! across its check-ins (docs/MODEL-additions.md §8b). The sessions come
//! from `store::chain`, every figure from `model::trend`, every wording
//! from `crate::format`.

use std::path::Path;

use serde::Serialize;

use super::safe::{self, escape};
use super::table::cell;
use super::{Align, CliError, Report, Table};
use crate::format::{self, money};
use crate::model::{self, ActionTally, KpiCheck, Trend};
use crate::session::Session;
use crate::store::chain::{self, Chain};

const DASH: &str = "—";

/// `history FILE|DIR [--company NAME] [--json]`.
pub fn history(path: &Path, company: Option<&str>, json: bool) -> Result<Report, CliError> {
    let chain = if path.is_dir() {
        chain::company_sessions(path, company).map_err(|e| CliError::Lookup(e.to_string()))?
    } else {
        if let Some(c) = company {
            return Err(CliError::Lookup(format!(
                "--company {} picks one company's sessions in a folder, but {} is a session file: its links already name the history; drop --company or give the folder",
                escape(c),
                path.display()
            )));
        }
        chain::chain(path)?
    };
    let trend = model::trend(&chain.sessions);
    if json {
        return Ok(Report::ok(safe::json(&history_json(&chain, &trend))?));
    }
    Ok(Report::ok(history_text(&chain, &trend)))
}

/// The file name of a session, for output that does not depend on where
/// the folder is.
fn file_name(p: &Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |f| f.to_string_lossy().into_owned(),
    )
}

fn currency(chain: &Chain) -> &str {
    chain.sessions.last().map_or("", |s| s.currency.as_str())
}

// ------------------------------------------------------------------- json

#[derive(Serialize)]
struct BrokenJson {
    /// The link as written in the later session, or null for a file of a
    /// folder that is not a session.
    link: Option<String>,
    looked_for: String,
    /// `not_found`, `unusable`, `different` or `loop`.
    problem: &'static str,
    words: String,
}

#[derive(Serialize)]
struct SessionJson<'a> {
    file: String,
    date: String,
    title: &'a str,
    period: &'static str,
    check_in: bool,
    counts_in: bool,
    /// Per period of the newest session.
    revenue: Option<f64>,
}

#[derive(Serialize)]
struct StepJson<'a> {
    step: &'a str,
    /// Percent, one per session, oldest first; null is a gap.
    conversion: Vec<Option<f64>>,
    /// Per period of the newest session, one per session; null is a gap.
    value_lost: Vec<Option<f64>>,
    /// Dates of the sessions whose funnel has no such step.
    missing_in: Vec<String>,
}

#[derive(Serialize)]
struct KpiCheckJson {
    date: String,
    unit: String,
    target: Option<f64>,
    actual: Option<f64>,
    direction: &'static str,
    met: Option<bool>,
    gap: Option<f64>,
    verdict: String,
}

#[derive(Serialize)]
struct KpiJson<'a> {
    name: &'a str,
    kind: &'static str,
    /// One per check-in that has the KPI.
    checks: Vec<KpiCheckJson>,
}

#[derive(Serialize)]
struct ActionsJson {
    date: String,
    carried: usize,
    kept: usize,
    done: usize,
    partly: usize,
    not_done: usize,
    dropped: usize,
    open: usize,
}

#[derive(Serialize)]
struct HistoryJson<'a> {
    company: &'a str,
    currency: &'a str,
    /// Revenue and value lost are per this period.
    period: &'static str,
    broken: Vec<BrokenJson>,
    sessions: Vec<SessionJson<'a>>,
    steps: Vec<StepJson<'a>>,
    kpis: Vec<KpiJson<'a>>,
    actions: Vec<ActionsJson>,
}

fn history_json<'a>(chain: &'a Chain, t: &'a Trend) -> HistoryJson<'a> {
    let sessions = &chain.sessions;
    let date = |n: usize| sessions[n].date.to_string();
    HistoryJson {
        company: sessions.last().map_or("", |s| s.company.as_str()),
        currency: currency(chain),
        period: t.period.label(),
        broken: chain
            .broken
            .iter()
            .map(|b| BrokenJson {
                link: b.link.as_ref().map(|l| l.path.clone()),
                looked_for: b.path.display().to_string(),
                problem: match b.why {
                    chain::Why::NotFound => "not_found",
                    chain::Why::Unusable(_) => "unusable",
                    chain::Why::Different { .. } => "different",
                    chain::Why::Loop => "loop",
                },
                words: b.to_string(),
            })
            .collect(),
        sessions: t
            .sessions
            .iter()
            .zip(&chain.paths)
            .map(|(s, p)| SessionJson {
                file: file_name(p),
                date: s.date.to_string(),
                title: &s.title,
                period: s.period.label(),
                check_in: s.check_in,
                counts_in: s.counts_in,
                revenue: s.revenue,
            })
            .collect(),
        steps: t
            .steps
            .iter()
            .map(|st| StepJson {
                step: &st.label,
                conversion: st
                    .points
                    .iter()
                    .map(|p| p.map(|p| p.conversion * 100.0))
                    .collect(),
                value_lost: st
                    .points
                    .iter()
                    .map(|p| p.and_then(|p| p.value_lost))
                    .collect(),
                missing_in: st.missing.iter().map(|&n| date(n)).collect(),
            })
            .collect(),
        kpis: t
            .kpis
            .iter()
            .map(|k| KpiJson {
                name: &k.name,
                kind: k.kind.label(),
                checks: k
                    .checks
                    .iter()
                    .enumerate()
                    .filter_map(|(n, c)| Some((n, c.as_ref()?)))
                    .map(|(n, c)| {
                        let s = &sessions[n];
                        KpiCheckJson {
                            date: date(n),
                            unit: c.unit.words(&s.currency, s.period),
                            target: c.target,
                            actual: c.actual,
                            direction: if c.up { "up" } else { "down" },
                            met: c.met,
                            gap: c.gap,
                            verdict: format::kpi_verdict(c, &s.currency, s.period),
                        }
                    })
                    .collect(),
            })
            .collect(),
        actions: t
            .actions
            .iter()
            .enumerate()
            .filter_map(|(n, a)| Some((n, (*a)?)))
            .map(|(n, a)| ActionsJson {
                date: date(n),
                carried: a.total(),
                kept: a.kept(),
                done: a.done,
                partly: a.partly,
                not_done: a.not_done,
                dropped: a.dropped,
                open: a.open,
            })
            .collect(),
    }
}

// ------------------------------------------------------------------- text

fn history_text(chain: &Chain, t: &Trend) -> String {
    let mut out = String::new();
    for b in &chain.broken {
        out.push_str(&format!("warning: {}\n", escape(&b.to_string())));
    }
    if !chain.broken.is_empty() {
        out.push('\n');
    }
    let sessions = &chain.sessions;
    let (Some(first), Some(last)) = (sessions.first(), sessions.last()) else {
        return out;
    };
    let cur = currency(chain);
    let period = t.period.label();
    let company = last.company.trim();
    out.push_str(&format!(
        "History{}: {} session(s), {} to {}; money per {period}\n",
        if company.is_empty() {
            String::new()
        } else {
            format!(" of {}", escape(company))
        },
        sessions.len(),
        first.date,
        last.date
    ));

    out.push_str(&format!("\nRevenue per {period}\n"));
    let mut tab = Table::new(&[
        ("Date", Align::Left),
        ("Session", Align::Left),
        ("Counts per", Align::Left),
        ("Revenue", Align::Right),
        ("Change", Align::Right),
    ]);
    let mut before: Option<f64> = None;
    for (s, p) in t.sessions.iter().zip(&chain.paths) {
        let change = match (before, s.revenue) {
            (Some(b), Some(r)) => crate::format::money_change(r - b, cur),
            _ => DASH.to_string(),
        };
        tab.row(vec![
            s.date.to_string(),
            cell(&format!("{} ({})", s.title, file_name(p)), 44),
            s.period.label().to_string(),
            s.revenue
                .map_or_else(|| why_no_figures(s), |r| money(r, cur)),
            change,
        ]);
        before = s.revenue.or(before);
    }
    out.push_str(&tab.render());
    if t.sessions.iter().any(|s| s.period != t.period) {
        out.push_str(&format!(
            "Sessions counted per another period are scaled to a {period}.\n"
        ));
    }

    if !t.steps.is_empty() {
        out.push_str("\nConversion per step\n");
        out.push_str(&step_table(t, sessions, |p| {
            p.map(|p| format::percent(p.conversion))
        }));
        out.push_str(&format!("\nValue lost per step (per {period})\n"));
        out.push_str(&step_table(t, sessions, |p| {
            p.and_then(|p| p.value_lost).map(|v| money(v, cur))
        }));
        for st in t.steps.iter().filter(|st| !st.missing.is_empty()) {
            let dates: Vec<String> = st
                .missing
                .iter()
                .map(|&n| sessions[n].date.to_string())
                .collect();
            out.push_str(&format!(
                "{} is not in the funnel of {} (stages are matched by name: renamed, added or removed)\n",
                escape(&st.label),
                dates.join(", ")
            ));
        }
    }

    if t.kpis.iter().any(|k| k.checks.iter().any(Option::is_some)) {
        out.push_str("\nKPIs: actual against target per check-in\n");
        let mut tab = Table::new(&[
            ("KPI", Align::Left),
            ("Kind", Align::Left),
            ("Check-in", Align::Left),
            ("Target", Align::Right),
            ("Actual", Align::Right),
            ("Verdict", Align::Left),
        ]);
        for k in &t.kpis {
            for (n, c) in k.checks.iter().enumerate() {
                let Some(c) = c else { continue };
                let s = &sessions[n];
                let show = |v: Option<f64>, c: &KpiCheck| {
                    v.map_or_else(
                        || DASH.to_string(),
                        |v| format::kpi_value_short(v, &c.unit, &s.currency),
                    )
                };
                tab.row(vec![
                    cell(&k.name, 28),
                    k.kind.label().to_string(),
                    s.date.to_string(),
                    show(c.target, c),
                    show(c.actual, c),
                    cell(&format::kpi_verdict(c, &s.currency, s.period), 48),
                ]);
            }
        }
        out.push_str(&tab.render());
    }

    let tallies: Vec<(usize, ActionTally)> = t
        .actions
        .iter()
        .enumerate()
        .filter_map(|(n, a)| Some((n, (*a)?)))
        .collect();
    if !tallies.is_empty() {
        out.push_str("\nActions carried over, per check-in\n");
        let mut tab = Table::new(&[
            ("Check-in", Align::Left),
            ("Carried", Align::Right),
            ("Kept", Align::Right),
            ("Done", Align::Right),
            ("Partly", Align::Right),
            ("Not done", Align::Right),
            ("Dropped", Align::Right),
            ("Not reviewed", Align::Right),
        ]);
        for (n, a) in tallies {
            tab.row(vec![
                sessions[n].date.to_string(),
                a.total().to_string(),
                a.kept().to_string(),
                a.done.to_string(),
                a.partly.to_string(),
                a.not_done.to_string(),
                a.dropped.to_string(),
                a.open.to_string(),
            ]);
        }
        out.push_str(&tab.render());
        out.push_str("Kept = done + partly done.\n");
    }
    out
}

/// Why a session shows no revenue.
fn why_no_figures(s: &model::TrendSession) -> String {
    if !s.counts_in {
        "counts not in".to_string()
    } else {
        "no deal size".to_string()
    }
}

/// One row per session, one column per step.
fn step_table(
    t: &Trend,
    sessions: &[Session],
    show: impl Fn(Option<model::StepPoint>) -> Option<String>,
) -> String {
    let labels: Vec<String> = t.steps.iter().map(|s| cell(&s.label, 28)).collect();
    let mut columns: Vec<(&str, Align)> = vec![("Date", Align::Left)];
    columns.extend(labels.iter().map(|l| (l.as_str(), Align::Right)));
    let mut tab = Table::new(&columns);
    for (n, s) in sessions.iter().enumerate() {
        let mut row = vec![s.date.to_string()];
        row.extend(
            t.steps
                .iter()
                .map(|st| show(st.points[n]).unwrap_or_else(|| DASH.to_string())),
        );
        tab.row(row);
    }
    tab.render()
}
