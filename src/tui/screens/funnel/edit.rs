//! What a typed value or a key does to the session, checked before it is
//! committed. No drawing and no view state here.

use std::collections::BTreeMap;

use super::Col;
use crate::format;
use crate::session::{Session, Stage, edit};
use crate::tui::widgets::text_field::{parse_number, parse_text};

/// Checks a typed name or days for stage `k`; `Ok` holds the session as it
/// would be. Counts go through [`with_counts`] and [`first_conflict`].
pub(super) fn apply_value(s: &Session, k: usize, col: Col, text: &str) -> Result<Session, String> {
    let mut next = s.clone();
    let stage = next.stages.get_mut(k).ok_or("that stage no longer exists")?;
    match col {
        Col::Name => {
            let name = parse_text(text, "a stage name")?;
            if s.stages.iter().enumerate().any(|(i, st)| i != k && st.name.eq_ignore_ascii_case(&name)) {
                return Err(format!("\"{name}\" is already a stage"));
            }
            // KPIs bound to the stage follow its new name.
            edit::rename_stage(&mut next, k, &name);
        }
        Col::Days => stage.days = parse_number(text, 0.0, crate::session::limits::STAGE_DAYS_MAX)?,
        Col::Count | Col::Team => return Err("that column is not typed".into()),
    }
    Ok(next)
}

/// The session with the typed counts (stage index → count) in place of the
/// saved ones.
pub(super) fn with_counts(s: &Session, typed: &BTreeMap<usize, u64>) -> Session {
    let mut next = s.clone();
    for (&k, &count) in typed {
        if let Some(stage) = next.stages.get_mut(k) {
            stage.count = count;
        }
    }
    next
}

/// Counts that grow down the funnel: the index of each stage that holds more
/// than the stage above it.
pub(super) fn conflicts(s: &Session) -> Vec<usize> {
    s.stages.windows(2).enumerate().filter(|(_, w)| w[1].count > w[0].count).map(|(k, _)| k + 1).collect()
}

/// What is wrong with stage `k` (the one the room typed, when known), naming
/// both stages: "MQL 99,999: more than Inquiry above (12,000)".
pub(super) fn conflict_at(s: &Session, k: usize) -> Option<String> {
    let stage = s.stages.get(k)?;
    let n = |st: &Stage| format::count(st.count as f64);
    if let Some(above) = k.checked_sub(1).and_then(|a| s.stages.get(a)).filter(|a| stage.count > a.count) {
        return Some(format!("{} {}: more than {} above ({})", stage.name, n(stage), above.name, n(above)));
    }
    let below = s.stages.get(k + 1).filter(|b| b.count > stage.count)?;
    Some(format!("{} {}: fewer than {} below ({})", stage.name, n(stage), below.name, n(below)))
}

/// The first inconsistency of a set of typed counts, said from the side of a
/// stage the room typed.
pub(super) fn first_conflict(s: &Session, typed: &BTreeMap<usize, u64>) -> Option<String> {
    let below = *conflicts(s).first()?;
    let k = if typed.contains_key(&below) || !typed.contains_key(&(below - 1)) { below } else { below - 1 };
    conflict_at(s, k)
}

/// The days a stage inserted after `k` starts with: the median of its
/// neighbours' days, in whole days. The outcome stage's days never count, so
/// it is no neighbour; with no neighbour left, every stage with a step is.
pub(super) fn typical_days(s: &Session, k: usize) -> f64 {
    let last = s.stages.len().saturating_sub(1);
    let mut days: Vec<f64> = [k, k + 1].into_iter().filter(|i| *i < last).filter_map(|i| s.stages.get(i)).map(|st| st.days).collect();
    if days.is_empty() {
        days = s.stages.iter().take(last).map(|st| st.days).collect();
    }
    days.sort_by(f64::total_cmp);
    let mid = days.len() / 2;
    let median = match days.len() {
        0 => 0.0,
        n if n % 2 == 1 => days[mid],
        _ => (days[mid - 1] + days[mid]) / 2.0,
    };
    median.round()
}

/// Inserts a stage after `k`, splitting step k in two. Its count equals the
/// stage below, so no conversion changes until the room enters a real count,
/// and its days are the typical value of its neighbours, so no lag shrinks;
/// `session::edit::insert_stage` moves the later steps' ideas and pairs.
pub(super) fn insert_after(s: &mut Session, k: usize, days: f64) -> Result<(), String> {
    let Some(here) = s.stages.get(k) else { return Err("no stage selected".into()) };
    // A KPI's stages are named, never renumbered: a stage inside its step
    // would change what it measures, so the room decides first.
    let bound = edit::kpis_on_step(s, k);
    if !bound.is_empty() && k + 1 < s.stages.len() {
        return Err(format!(
            "a stage here would split the step {} that {} measures: rebind or drop it on Commit (6) first",
            s.step_label(k).unwrap_or_default(),
            edit::kpi_names(&bound)
        ));
    }
    let count = s.stages.get(k + 1).map_or(here.count, |b| b.count);
    let team = here.team;
    let name = (1..)
        .map(|n| if n == 1 { "New stage".to_string() } else { format!("New stage {n}") })
        .find(|c| !s.stages.iter().any(|st| &st.name == c))
        .unwrap_or_default();
    edit::insert_stage(s, k + 1, Stage { name, team, count, days, causes: Vec::new(), definition: String::new(), handoff: Default::default() });
    Ok(())
}

pub(super) fn remove(s: &mut Session, k: usize) -> Result<(), String> {
    let bound = edit::kpis_on_stage(s, k);
    if !bound.is_empty() {
        return Err(format!(
            "{} is what {} measures: rebind or drop it on Commit (6) first, so no KPI is lost",
            s.stages.get(k).map_or("this stage", |st| st.name.as_str()),
            edit::kpi_names(&bound)
        ));
    }
    if edit::remove_stage(s, k) { Ok(()) } else { Err("a funnel needs at least two stages".into()) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assets::example_session;

    #[test]
    fn a_stage_a_kpi_measures_is_kept_until_the_kpi_is_rebound() {
        let mut s = example_session();
        let before = s.clone();
        let sal = s.stage_index("SAL").expect("SAL");
        let e = remove(&mut s, sal).expect_err("the MQL → SAL KPI needs SAL");
        assert!(e.contains("SAL is what the KPI \"MQL → SAL conversion\" measures"), "{e}");
        let e = insert_after(&mut s, sal - 1, 7.0).expect_err("inside MQL → SAL");
        assert!(e.contains("split the step MQL → SAL"), "{e}");
        assert_eq!(s, before, "nothing changed");
        s.kpis.retain(|k| k.name != "MQL → SAL conversion");
        assert!(remove(&mut s, sal).is_ok(), "once the KPI is gone the stage can go");
    }

    fn days(s: &mut Session, d: &[f64]) {
        for (st, d) in s.stages.iter_mut().zip(d) {
            st.days = *d;
        }
    }

    #[test]
    fn a_new_stage_takes_the_median_of_its_neighbours_days() {
        let mut s = example_session();
        // Inquiry 14, MQL 7, SAL 14, SQL 21, Opportunity 60, Won (outcome).
        days(&mut s, &[14.0, 7.0, 14.0, 21.0, 60.0, 0.0]);
        assert_eq!(typical_days(&s, 0), 11.0, "(14 + 7) / 2 = 10.5, rounded");
        assert_eq!(typical_days(&s, 2), 18.0, "(14 + 21) / 2 = 17.5, rounded");
        // Before the outcome: only Opportunity counts.
        assert_eq!(typical_days(&s, 4), 60.0);
        // After the outcome: no neighbour with a step; the median of all five.
        assert_eq!(typical_days(&s, 5), 14.0);
        insert_after(&mut s, 0, 11.0).expect("inserted");
        assert_eq!((s.stages[1].name.as_str(), s.stages[1].days, s.stages[1].count), ("New stage", 11.0, 1320));
    }

    #[test]
    fn a_renamed_stage_keeps_its_kpis_bound() {
        let s = example_session();
        let next = apply_value(&s, 1, Col::Name, "Qualified").expect("renamed");
        assert_eq!(next.stages[1].name, "Qualified");
        let mqls = next.kpi("MQLs").map(|k| k.measure.clone());
        assert_eq!(mqls, Some(crate::session::Measure::Count { stage: "Qualified".into() }));
        assert_eq!(crate::session::validate(&next), vec![]);
    }

    #[test]
    fn a_typed_set_is_judged_as_a_whole() {
        let s = example_session();
        // 12,000 1,320 660 396 238 60: lowering MQL alone below SAL is wrong…
        let one = BTreeMap::from([(1, 600)]);
        assert_eq!(
            first_conflict(&with_counts(&s, &one), &one).as_deref(),
            Some("MQL 600: fewer than SAL below (660)")
        );
        // …but fine with SAL and SQL lowered too.
        let set = BTreeMap::from([(1, 600), (2, 300), (3, 250)]);
        assert_eq!(first_conflict(&with_counts(&s, &set), &set), None);
        let up = BTreeMap::from([(1, 99_999)]);
        assert_eq!(
            first_conflict(&with_counts(&s, &up), &up).as_deref(),
            Some("MQL 99,999: more than Inquiry above (12,000)")
        );
        assert_eq!(conflicts(&with_counts(&s, &up)), vec![1]);
    }
}
