//! What ships inside the binary: funnel templates, reason codes, the default
//! agenda and the example session. Embedded with `include_str!` so the app is
//! one file that works offline; parsed once on first use.

use std::sync::LazyLock;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::session::{
    AgendaClock, AgendaItem, CURRENT_VERSION, Handoff, LossCategory, Origin, Period, Plan, Session,
    Stage, Team,
};

/// A funnel to start a session from.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Template {
    pub name: String,
    pub title: String,
    pub description: String,
    pub stages: Vec<TemplateStage>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct TemplateStage {
    pub name: String,
    pub team: Team,
    pub days: f64,
}

/// A reason code offered when recording why prospects are lost.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ReasonCode {
    pub code: String,
    pub origin: Origin,
    pub team: Team,
    /// The kind of loss, for no-decision vs competitor shares.
    pub category: LossCategory,
    pub description: String,
}

const TEMPLATE_SOURCES: [&str; 3] = [
    include_str!("../assets/templates/demand-waterfall.ron"),
    include_str!("../assets/templates/b2b-pipeline.ron"),
    include_str!("../assets/templates/rearchitected-waterfall.ron"),
];

/// The embedded files are part of the build and covered by tests, so a
/// failure to parse them is a bug in this repository, not bad user input.
fn embedded<T: for<'de> Deserialize<'de>>(what: &str, text: &str) -> T {
    match ron::from_str(text) {
        Ok(v) => v,
        Err(e) => panic!("embedded asset {what} is broken: {e}"),
    }
}

static TEMPLATES: LazyLock<Vec<Template>> = LazyLock::new(|| {
    TEMPLATE_SOURCES
        .iter()
        .map(|t| embedded("template", t))
        .collect()
});

static REASON_CODES: LazyLock<Vec<ReasonCode>> = LazyLock::new(|| {
    embedded(
        "reason_codes.ron",
        include_str!("../assets/reason_codes.ron"),
    )
});

/// The default wording of the hand-off agreement.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct HandoffWording {
    pub definitions: Vec<StageDefinition>,
    pub to_sales: Handoff,
    pub to_marketing: Handoff,
    pub to_shared: Handoff,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct StageDefinition {
    pub stage: String,
    pub text: String,
}

static HANDOFF: LazyLock<HandoffWording> =
    LazyLock::new(|| embedded("handoff.ron", include_str!("../assets/handoff.ron")));

/// The default wording of the hand-off agreement.
pub fn handoff_wording() -> &'static HandoffWording {
    &HANDOFF
}

/// Fills the blank definitions and hand-offs of `session` from the default
/// wording, never touching text the room wrote. A hand-off is filled only on
/// steps where the owning team changes. Returns how many texts it filled.
pub fn fill_agreement(session: &mut Session) -> usize {
    let wording = handoff_wording();
    let mut filled = 0;
    let teams: Vec<Team> = session.stages.iter().map(|s| s.team).collect();
    for (k, stage) in session.stages.iter_mut().enumerate() {
        if stage.definition.trim().is_empty()
            && let Some(d) = wording
                .definitions
                .iter()
                .find(|d| d.stage.eq_ignore_ascii_case(stage.name.trim()))
        {
            stage.definition = d.text.clone();
            filled += 1;
        }
        let Some(&next) = teams.get(k + 1) else {
            continue;
        };
        if next == stage.team {
            continue;
        }
        let default = match next {
            Team::Sales => &wording.to_sales,
            Team::Marketing => &wording.to_marketing,
            Team::Shared => &wording.to_shared,
        };
        if stage.handoff.service_level.trim().is_empty() {
            stage.handoff.service_level = default.service_level.clone();
            filled += 1;
        }
        if stage.handoff.on_reject.trim().is_empty() {
            stage.handoff.on_reject = default.on_reject.clone();
            filled += 1;
        }
    }
    filled
}

static AGENDA: LazyLock<Vec<AgendaItem>> =
    LazyLock::new(|| embedded("agenda.ron", include_str!("../assets/agenda.ron")));

/// The example workshop shipped in `sessions/example.ron`.
pub const EXAMPLE_SESSION: &str = include_str!("../sessions/example.ron");

/// Funnel templates, the classic demand waterfall first.
pub fn templates() -> &'static [Template] {
    &TEMPLATES
}

/// The template called `name` (its `name` field, e.g. `b2b-pipeline`).
pub fn template(name: &str) -> Option<&'static Template> {
    templates()
        .iter()
        .find(|t| t.name.eq_ignore_ascii_case(name))
}

pub fn reason_codes() -> &'static [ReasonCode] {
    &REASON_CODES
}

/// The default code called `reason` (ignoring case and surrounding spaces).
pub fn reason_code(reason: &str) -> Option<&'static ReasonCode> {
    let want = reason.trim().to_lowercase();
    REASON_CODES.iter().find(|r| r.code == want)
}

pub fn default_agenda() -> &'static [AgendaItem] {
    &AGENDA
}

/// The example session, parsed from the embedded copy.
pub fn example_session() -> Session {
    embedded("sessions/example.ron", EXAMPLE_SESSION)
}

/// A fresh session from a template: its stages with zero counts, the default
/// agenda, a quarter as the period.
pub fn new_session(title: &str, template: &Template, date: NaiveDate) -> Session {
    let mut session = Session {
        version: CURRENT_VERSION,
        title: title.to_string(),
        company: String::new(),
        date,
        facilitator: String::new(),
        currency: "EUR".to_string(),
        period: Period::Quarter,
        deal_size: 10_000.0,
        participants: Vec::new(),
        pairs: Vec::new(),
        stages: template
            .stages
            .iter()
            .map(|s| Stage {
                name: s.name.clone(),
                team: s.team,
                count: 0,
                days: s.days,
                causes: Vec::new(),
                definition: String::new(),
                handoff: Handoff::default(),
            })
            .collect(),
        ideas: Vec::new(),
        votes: Vec::new(),
        vote_budget: 3,
        plan: Plan::default(),
        agenda: default_agenda().to_vec(),
        notes: String::new(),
        actions: Vec::new(),
        kpis: Vec::new(),
        goals: Vec::new(),
        check_in: None,
        revenue_target: None,
        clock: AgendaClock::default(),
        previous: None,
        under_review: None,
        segments: Vec::new(),
        import: None,
    };
    fill_agreement(&mut session);
    session
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::validate;

    #[test]
    fn three_templates_parse_and_make_valid_sessions() {
        assert_eq!(templates().len(), 3);
        let date = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
        for t in templates() {
            let s = new_session("Test", t, date);
            assert!(s.stages.len() >= 5, "{}", t.name);
            assert_eq!(validate(&s), vec![], "{}", t.name);
        }
        let names: Vec<&str> = template("demand-waterfall")
            .map(|t| t.stages.iter().map(|s| s.name.as_str()).collect())
            .unwrap_or_default();
        assert_eq!(names, ["Inquiry", "MQL", "SAL", "SQL", "Won"]);
    }

    #[test]
    fn reason_codes_include_the_required_ones() {
        let codes: Vec<&str> = reason_codes().iter().map(|r| r.code.as_str()).collect();
        for needed in [
            "not ready to buy",
            "no budget",
            "wrong persona",
            "no follow-up",
            "bad data / out of business",
            "lost to competitor",
            "no decision",
            "price",
            "timing",
            "invalid / duplicate",
        ] {
            assert!(codes.contains(&needed), "missing {needed}");
        }
    }

    #[test]
    fn example_session_is_valid_and_believable() {
        let s = example_session();
        assert_eq!(validate(&s), vec![]);
        assert_eq!(s.stages.len(), 6);
        assert_eq!(s.participants.len(), 8);
        assert_eq!(s.pairs.len(), 4);
        assert!(s.ideas.len() >= 12);
        for k in 0..s.step_count() {
            assert!(!s.stages[k].causes.is_empty(), "step {k} has no causes");
        }
        for kind in crate::session::EffectKind::ALL {
            assert!(
                s.ideas.iter().any(|i| i.effect.kind() == kind),
                "no idea of kind {kind:?}"
            );
        }
    }
}
