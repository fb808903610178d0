//! Edits that keep a session consistent: voting within the budget, forming
//! pairs, inserting and removing stages without leaving ideas pointing at
//! the wrong step. The TUI and the CLI call these; none of them does I/O.

use std::fmt;

use super::{Id, Pair, Participant, Role, Session, Stage};

/// Why a vote could not be placed or taken back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VoteError {
    UnknownParticipant(Id),
    UnknownIdea(Id),
    /// The participant has no dots left.
    BudgetSpent {
        name: String,
        budget: u32,
    },
    /// There is no dot of this participant on this idea to take back.
    NothingToTakeBack {
        name: String,
    },
}

impl fmt::Display for VoteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VoteError::UnknownParticipant(id) => write!(f, "participant {id} does not exist"),
            VoteError::UnknownIdea(id) => write!(f, "idea {id} does not exist"),
            VoteError::BudgetSpent { name, budget } => {
                write!(
                    f,
                    "{name} has placed all {budget} dots; take one back first"
                )
            }
            VoteError::NothingToTakeBack { name } => write!(f, "{name} has no dot on this idea"),
        }
    }
}

impl std::error::Error for VoteError {}

/// Places one dot (`up`) or takes one back (`!up`) for `participant` on `idea`.
pub fn cast_vote(s: &mut Session, participant: Id, idea: Id, up: bool) -> Result<(), VoteError> {
    let name = s
        .participant(participant)
        .ok_or(VoteError::UnknownParticipant(participant))?
        .name
        .clone();
    if s.idea(idea).is_none() {
        return Err(VoteError::UnknownIdea(idea));
    }
    let at = s
        .votes
        .iter()
        .position(|v| v.participant == participant && v.idea == idea);
    if up {
        if s.dots_used(participant) >= s.vote_budget {
            return Err(VoteError::BudgetSpent {
                name,
                budget: s.vote_budget,
            });
        }
        match at {
            Some(i) => s.votes[i].dots += 1,
            None => s.votes.push(super::Vote {
                participant,
                idea,
                dots: 1,
            }),
        }
        return Ok(());
    }
    match at {
        Some(i) if s.votes[i].dots > 1 => s.votes[i].dots -= 1,
        Some(i) => {
            s.votes.remove(i);
        }
        None => return Err(VoteError::NothingToTakeBack { name }),
    }
    Ok(())
}

/// A small deterministic shuffle (SplitMix64-driven Fisher–Yates), so the
/// same `seed` always gives the same pairs and tests can check them.
fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut state = seed;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    for i in (1..items.len()).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

/// Pairs a salesperson with a marketer wherever it can. Whoever is left over
/// (more of one team than the other, or people on neither team) is paired
/// among themselves, and a single odd one out joins an existing pair, making a
/// pair of three. `seed` 0 keeps the listed order; other seeds reshuffle.
pub fn form_pairs(participants: &[Participant], seed: u64) -> Vec<Pair> {
    let mut sales: Vec<Id> = participants
        .iter()
        .filter(|p| p.role == Role::Sales)
        .map(|p| p.id)
        .collect();
    let mut marketing: Vec<Id> = participants
        .iter()
        .filter(|p| p.role == Role::Marketing)
        .map(|p| p.id)
        .collect();
    if seed != 0 {
        shuffle(&mut sales, seed);
        shuffle(&mut marketing, seed.rotate_left(17) ^ 0x5555);
    }
    let mixed = sales.len().min(marketing.len());
    let mut groups: Vec<Vec<Id>> = (0..mixed).map(|i| vec![sales[i], marketing[i]]).collect();
    let mut rest: Vec<Id> = sales[mixed..]
        .iter()
        .chain(&marketing[mixed..])
        .copied()
        .collect();
    rest.extend(
        participants
            .iter()
            .filter(|p| p.role == Role::Other)
            .map(|p| p.id),
    );
    for chunk in rest.chunks(2) {
        match (chunk, groups.is_empty()) {
            ([one], false) => {
                // The odd one out joins the pair with the fewest members.
                if let Some(g) = groups.iter_mut().min_by_key(|g| g.len()) {
                    g.push(*one);
                }
            }
            _ => groups.push(chunk.to_vec()),
        }
    }
    groups
        .into_iter()
        .zip(1..)
        .map(|(members, id)| Pair {
            id,
            members,
            steps: Vec::new(),
        })
        .collect()
}

/// Spreads the steps over the pairs in turn, so every step has a pair.
pub fn assign_steps(pairs: &mut [Pair], step_count: usize) {
    for p in pairs.iter_mut() {
        p.steps.clear();
    }
    if pairs.is_empty() {
        return;
    }
    let n = pairs.len();
    for step in 0..step_count {
        pairs[step % n].steps.push(step);
    }
}

/// Applies `map` to every step index the session holds (ideas, pairs);
/// `None` from `map` means the step is gone.
fn remap_steps(s: &mut Session, map: impl Fn(usize) -> Option<usize>) {
    for idea in &mut s.ideas {
        use super::Effect::*;
        if let LiftConversion { step, .. } | RecoverLosses { step, .. } = &mut idea.effect
            && let Some(k) = map(*step)
        {
            *step = k;
        }
    }
    for pair in &mut s.pairs {
        pair.steps = pair.steps.iter().filter_map(|k| map(*k)).collect();
        pair.steps.dedup();
    }
}

/// Inserts `stage` so that it becomes `stages[at]`. The step that crossed the
/// gap (from `at - 1` to `at`) keeps its ideas; every later step moves down one.
///
/// Segments count per stage, and nobody knows how a new stage splits them:
/// they are dropped (the caller says so; importing again splits the new
/// funnel).
pub fn insert_stage(s: &mut Session, at: usize, stage: Stage) {
    let at = at.min(s.stages.len());
    s.stages.insert(at, stage);
    s.segments.clear();
    remap_steps(s, |k| Some(if k >= at { k + 1 } else { k }));
}

/// Removes `stages[at]` (a funnel keeps at least two stages; returns false
/// otherwise). The step out of the removed stage merges into the step before
/// it, whose ideas stay; when the top stage goes, its step's ideas move to the
/// new first step. The removed stage's causes go with it.
pub fn remove_stage(s: &mut Session, at: usize) -> bool {
    if s.stages.len() <= 2 || at >= s.stages.len() {
        return false;
    }
    let last_step = s.stages.len() - 2;
    s.stages.remove(at);
    // Segments count per stage: see `insert_stage`.
    s.segments.clear();
    if at == s.stages.len() {
        // The outcome stage went: the stage before it is the new outcome and
        // has no step out of it any more.
        if let Some(stage) = s.stages.last_mut() {
            stage.causes.clear();
        }
    }
    // Removing the outcome stage removes the last step, so its ideas shift
    // down just like those of a merged middle step.
    let merged = at.min(last_step);
    remap_steps(s, |k| Some(if k >= merged && k > 0 { k - 1 } else { k }));
    true
}

/// Renames `stages[k]` (false when there is no such stage). KPIs name
/// their stages rather than number them, so every measure that named the
/// old name follows the stage; otherwise a rename would unbind them.
pub fn rename_stage(s: &mut Session, k: usize, new_name: &str) -> bool {
    let Some(stage) = s.stages.get_mut(k) else {
        return false;
    };
    let old = std::mem::replace(&mut stage.name, new_name.to_string());
    let follow = |name: &mut String| {
        if *name == old {
            *name = new_name.to_string();
        }
    };
    if let Some(info) = &mut s.import {
        for m in &mut info.map {
            follow(&mut m.stage);
        }
    }
    for kpi in &mut s.kpis {
        use super::Measure::*;
        match &mut kpi.measure {
            Count { stage } | Days { stage } => follow(stage),
            Conversion { from, to } => {
                follow(from);
                follow(to);
            }
            Typed | DealSize | Revenue => {}
        }
    }
    true
}

/// The KPIs that would lose their stage if `stages[k]` went: those that
/// count it or its days, and conversions from or to it.
pub fn kpis_on_stage(s: &Session, k: usize) -> Vec<&str> {
    use super::Measure::*;
    let Some(name) = s.stages.get(k).map(|st| st.name.as_str()) else {
        return Vec::new();
    };
    s.kpis
        .iter()
        .filter(|kpi| match &kpi.measure {
            Count { stage } | Days { stage } => stage == name,
            Conversion { from, to } => from == name || to == name,
            Typed | DealSize | Revenue => false,
        })
        .map(|kpi| kpi.name.as_str())
        .collect()
}

/// The conversion KPIs of step `k` (from `stages[k]` to `stages[k + 1]`),
/// which a stage inserted inside that step would break.
pub fn kpis_on_step(s: &Session, k: usize) -> Vec<&str> {
    let (Some(a), Some(b)) = (s.stages.get(k), s.stages.get(k + 1)) else {
        return Vec::new();
    };
    s.kpis
        .iter()
        .filter(|kpi| matches!(&kpi.measure, super::Measure::Conversion { from, to } if *from == a.name && *to == b.name))
        .map(|kpi| kpi.name.as_str())
        .collect()
}

/// "the KPI "X"" or "the KPIs "X", "Y"".
pub fn kpi_names(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    match quoted.len() {
        1 => format!("the KPI {}", quoted[0]),
        _ => format!("the KPIs {}", quoted.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{Effect, Estimate, Idea, Team};

    fn person(id: Id, role: Role) -> Participant {
        Participant {
            id,
            name: format!("P{id}"),
            role,
        }
    }

    #[test]
    fn pairs_mix_teams_and_odd_one_joins() {
        let people = vec![
            person(1, Role::Sales),
            person(2, Role::Sales),
            person(3, Role::Marketing),
            person(4, Role::Marketing),
            person(5, Role::Sales),
        ];
        let pairs = form_pairs(&people, 0);
        assert_eq!(pairs.len(), 2);
        assert_eq!(pairs[0].members, vec![1, 3, 5]);
        assert_eq!(pairs[1].members, vec![2, 4]);
        let reshuffled = form_pairs(&people, 42);
        assert_eq!(reshuffled, form_pairs(&people, 42), "same seed, same pairs");
        for p in &reshuffled {
            let roles: Vec<Role> = p
                .members
                .iter()
                .map(|m| people[*m as usize - 1].role)
                .collect();
            assert!(roles.contains(&Role::Sales) && roles.contains(&Role::Marketing));
        }
    }

    #[test]
    fn steps_spread_round_robin() {
        let mut pairs = form_pairs(&[person(1, Role::Sales), person(2, Role::Marketing)], 0);
        assign_steps(&mut pairs, 3);
        assert_eq!(pairs[0].steps, vec![0, 1, 2]);
    }

    fn session() -> Session {
        let mut s = crate::assets::new_session(
            "t",
            &crate::assets::templates()[0],
            chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default(),
        );
        for (i, step) in [0usize, 2, 3].into_iter().enumerate() {
            s.ideas.push(Idea {
                id: i as Id + 1,
                title: format!("on step {step}"),
                pair: None,
                effect: Effect::LiftConversion {
                    step,
                    points: Estimate::point(1.0),
                },
                effort_days: 1.0,
                lead_time_days: 0.0,
                notes: String::new(),
            });
        }
        s
    }

    fn steps(s: &Session) -> Vec<Option<usize>> {
        s.ideas.iter().map(|i| i.effect.step()).collect()
    }

    #[test]
    fn inserting_a_stage_moves_later_steps() {
        let mut s = session(); // Inquiry, MQL, SAL, SQL, Won
        let stage = Stage {
            name: "New".into(),
            team: Team::Shared,
            count: 0,
            days: 0.0,
            causes: vec![],
            definition: String::new(),
            handoff: Default::default(),
        };
        insert_stage(&mut s, 2, stage);
        assert_eq!(steps(&s), vec![Some(0), Some(3), Some(4)]);
        assert!(crate::session::validate(&s).is_empty());
    }

    #[test]
    fn removing_a_stage_merges_steps() {
        let mut s = session();
        assert!(remove_stage(&mut s, 2)); // SAL goes: MQL→SAL and SAL→SQL become MQL→SQL
        assert_eq!(steps(&s), vec![Some(0), Some(1), Some(2)]);
        let mut s = session();
        assert!(remove_stage(&mut s, 4)); // Won goes: SQL is the outcome, step 3 is gone
        assert_eq!(steps(&s), vec![Some(0), Some(2), Some(2)]);
        assert!(crate::session::validate(&s).is_empty());
        let mut s = session();
        assert!(remove_stage(&mut s, 0));
        assert_eq!(steps(&s), vec![Some(0), Some(1), Some(2)]);
    }

    #[test]
    fn renaming_a_stage_carries_the_kpis_that_name_it() {
        use crate::session::Measure;
        let mut s = crate::assets::example_session();
        let sal = s.stage_index("SAL").unwrap_or(usize::MAX);
        s.kpis.push(s.kpis[0].clone());
        let last = s.kpis.len() - 1;
        s.kpis[last].name = "Days as SAL".into();
        s.kpis[last].measure = Measure::Days {
            stage: "SAL".into(),
        };
        assert!(rename_stage(&mut s, sal, "Accepted"));
        assert_eq!(s.stages[sal].name, "Accepted");
        assert_eq!(
            s.kpis[0].measure,
            Measure::Conversion {
                from: "MQL".into(),
                to: "Accepted".into()
            }
        );
        assert_eq!(
            s.kpis[last].measure,
            Measure::Days {
                stage: "Accepted".into()
            }
        );
        // "MQLs" counts MQL, which kept its name.
        assert_eq!(
            s.kpis[1].measure,
            Measure::Count {
                stage: "MQL".into()
            }
        );
        assert!(crate::session::validate(&s).is_empty());
        assert!(!rename_stage(&mut s, 99, "x"));
    }

    #[test]
    fn votes_respect_the_budget() {
        let mut s = crate::assets::example_session();
        s.votes.clear();
        s.vote_budget = 2;
        assert!(cast_vote(&mut s, 1, 1, true).is_ok());
        assert!(cast_vote(&mut s, 1, 2, true).is_ok());
        assert!(matches!(
            cast_vote(&mut s, 1, 3, true),
            Err(VoteError::BudgetSpent { .. })
        ));
        assert!(cast_vote(&mut s, 1, 2, false).is_ok());
        assert_eq!(s.dots_used(1), 1);
        assert!(matches!(
            cast_vote(&mut s, 1, 2, false),
            Err(VoteError::NothingToTakeBack { .. })
        ));
        assert!(matches!(
            cast_vote(&mut s, 99, 1, true),
            Err(VoteError::UnknownParticipant(99))
        ));
    }
}
