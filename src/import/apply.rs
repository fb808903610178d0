//! An [`Import`] turned into session figures (issue 12): the import
//! replaces what it has data for (counts, days, deal size, the causes of
//! the steps it saw, the segments) and leaves the rest (ideas, people,
//! plan) alone. Pure: the caller shows the [`Change`] list as a preview and
//! saves the new session only when the person confirms.

use chrono::NaiveDate;

use super::{
    BLANK_SEGMENT, Import, LossCount, Mode, NO_REASON, Options, ReasonMatch, match_reason,
};
use crate::format;
use crate::model::cause_from_count;
use crate::session::{
    self, Cause, ImportInfo, ImportMode, ReasonCount, ReasonMap, Segment, Session, StageMap, limits,
};

/// Why the figures of an import cannot go into the session.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApplyError {
    #[error(
        "counting the flow of the period, {later} ({later_count}) is larger than {earlier} ({earlier_count}): records reached {later} in the period after reaching {earlier} before it. Count the records created in the period instead (--cohort, or \"cohort\" in the dialog), or take a longer period"
    )]
    Grows {
        earlier: String,
        earlier_count: u64,
        later: String,
        later_count: u64,
    },

    #[error(
        "the segment columns make {0} segments; the app keeps at most {max}: pick a column with fewer values (region rather than company)",
        max = limits::SEGMENTS_MAX
    )]
    TooManySegments(usize),

    #[error("the imported figures do not make a valid session: {0}")]
    Invalid(String),

    #[error(
        "the export was read for {read} stages but the session now has {now}: the funnel changed meanwhile; import again"
    )]
    StagesChanged { read: usize, now: usize },
}

/// One figure the import changes, for the before/after preview.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// "MQL count", "Deal size", "MQL → SAL causes".
    pub what: String,
    pub before: String,
    pub after: String,
}

/// The session after the import, and what changed.
#[derive(Debug, Clone)]
pub struct Applied {
    pub session: Session,
    pub changes: Vec<Change>,
    /// CRM reasons that matched no reason code and became new codes.
    pub new_reasons: Vec<String>,
    /// Days in each stage the dates tell (step label, mean, median,
    /// records): the model uses the mean, the preview shows both.
    pub days: Vec<(String, super::Days)>,
}

/// The period an import counts by default: the session's period, ending on
/// the workshop date (a quarter of 91.25 days is 91 days here).
pub fn default_period(s: &Session) -> (NaiveDate, NaiveDate) {
    let days = s.period.days().floor() as u64;
    let from = s
        .date
        .checked_sub_days(chrono::Days::new(days.saturating_sub(1)))
        .unwrap_or(s.date);
    (from, s.date)
}

/// The options an import of `s` starts from: its stages, and the stage
/// mapping and segment columns its last import saved.
pub fn options_for(s: &Session) -> Options {
    let (from, to) = default_period(s);
    let mut o = Options {
        stages: s.stages.iter().map(|st| st.name.clone()).collect(),
        from: Some(from),
        to: Some(to),
        ..Options::default()
    };
    if let Some(info) = &s.import {
        o.map = info
            .map
            .iter()
            .filter(|m| m.stage == super::SKIP_TARGET || s.stage_index(&m.stage).is_some())
            .map(|m| (m.crm.clone(), m.stage.clone()))
            .collect();
        o.segments = info.segment_columns.clone();
        o.mode = match info.mode {
            ImportMode::Flow => Mode::Flow,
            ImportMode::Cohort => Mode::Cohort,
        };
    }
    o
}

/// Maps CRM reasons to reason codes: a mapping saved by the last import
/// first, then the session's own reasons and the default codes (exact,
/// then ignoring case, spaces and punctuation), else a new code.
struct Reasons {
    codes: Vec<String>,
    saved: Vec<ReasonMap>,
    used: Vec<ReasonMap>,
    new: Vec<String>,
}

impl Reasons {
    fn new(s: &Session) -> Reasons {
        let mut codes: Vec<String> = s
            .stages
            .iter()
            .flat_map(|st| st.causes.iter().map(|c| c.reason.clone()))
            .collect();
        codes.extend(crate::assets::reason_codes().iter().map(|r| r.code.clone()));
        codes.dedup();
        Reasons {
            codes,
            saved: s
                .import
                .as_ref()
                .map(|i| i.reasons.clone())
                .unwrap_or_default(),
            used: Vec::new(),
            new: Vec::new(),
        }
    }

    fn code(&mut self, raw: &str) -> String {
        if raw == NO_REASON {
            return NO_REASON.to_string();
        }
        if let Some(m) = self.used.iter().find(|m| m.crm == raw) {
            return m.code.clone();
        }
        let code = match self.saved.iter().find(|m| m.crm == raw) {
            Some(m) => m.code.clone(),
            None => {
                let codes: Vec<&str> = self.codes.iter().map(String::as_str).collect();
                match match_reason(raw, &codes) {
                    ReasonMatch::Exact(c) | ReasonMatch::Normalised(c) => c,
                    ReasonMatch::New(c) => {
                        if !self.new.contains(&c) {
                            self.new.push(c.clone());
                        }
                        self.codes.push(c.clone());
                        c
                    }
                }
            }
        };
        // A reason code is a name on the wall: keep it to a name's length.
        let code: String = code.chars().take(limits::NAME_MAX_CHARS).collect();
        self.used.push(ReasonMap {
            crm: raw.to_string(),
            code: code.clone(),
        });
        code
    }

    /// Lost records by code, two CRM spellings of one code added up, most
    /// frequent first.
    fn counts(&mut self, losses: &[LossCount]) -> Vec<ReasonCount> {
        let mut out: Vec<ReasonCount> = Vec::new();
        for l in losses {
            let code = self.code(&l.reason);
            match out.iter_mut().find(|r| r.reason == code) {
                Some(r) => r.count += l.count,
                None => out.push(ReasonCount {
                    reason: code,
                    count: l.count,
                }),
            }
        }
        out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.reason.cmp(&b.reason)));
        out
    }
}

/// The causes of a step from its lost records. A code the step already
/// had keeps what the room set by hand (origin, team, kind, note); only
/// its share follows the data.
fn causes_from(old: &[Cause], lost: &[ReasonCount], stage_team: session::Team) -> Vec<Cause> {
    let total: u64 = lost.iter().map(|r| r.count).sum();
    lost.iter()
        .map(|r| {
            let fresh = cause_from_count(&r.reason, r.count, total, stage_team);
            match old.iter().find(|c| c.reason == r.reason) {
                Some(c) => Cause {
                    share: fresh.share,
                    ..c.clone()
                },
                None => fresh,
            }
        })
        .collect()
}

fn causes_words(causes: &[Cause]) -> String {
    if causes.is_empty() {
        return "none".to_string();
    }
    causes
        .iter()
        .map(|c| format!("{} {}", c.reason, format::percent(c.share / 100.0)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The session with the import's figures, or why they cannot go in.
pub fn apply(s: &Session, imp: &Import, opts: &Options, file: &str) -> Result<Applied, ApplyError> {
    let whole = &imp.whole;
    let stale = |n: usize| n != s.stages.len();
    if stale(whole.counts.len()) || imp.segments.iter().any(|g| stale(g.figures.counts.len())) {
        return Err(ApplyError::StagesChanged {
            read: whole.counts.len(),
            now: s.stages.len(),
        });
    }
    for (k, w) in whole.counts.windows(2).enumerate() {
        if w[1] > w[0] {
            return Err(ApplyError::Grows {
                earlier: s.stages[k].name.clone(),
                earlier_count: w[0],
                later: s.stages[k + 1].name.clone(),
                later_count: w[1],
            });
        }
    }
    // A segment counted by flow can grow down the funnel just like the
    // whole (a record reached a later stage inside the period, an earlier
    // one before it); say which, rather than fail validation later.
    for seg in &imp.segments {
        for (k, w) in seg.figures.counts.windows(2).enumerate() {
            if w[1] > w[0] {
                return Err(ApplyError::Grows {
                    earlier: format!(
                        "{} in the segment {}",
                        s.stages[k].name,
                        seg.key.join(" · ")
                    ),
                    earlier_count: w[0],
                    later: s.stages[k + 1].name.clone(),
                    later_count: w[1],
                });
            }
        }
    }
    if imp.segments.len() > limits::SEGMENTS_MAX {
        return Err(ApplyError::TooManySegments(imp.segments.len()));
    }
    let mut reasons = Reasons::new(s);
    let mut next = s.clone();
    let mut changes = Vec::new();
    let steps = s.step_count();
    let mut whole_losses = Vec::with_capacity(steps);
    for (k, stage) in next.stages.iter_mut().enumerate() {
        let count = whole.counts.get(k).copied().unwrap_or(0);
        if count != stage.count {
            changes.push(Change {
                what: format!("{} count", stage.name),
                before: format::count(stage.count as f64),
                after: format::count(count as f64),
            });
        }
        stage.count = count;
        if let Some(Some(d)) = whole.days.get(k)
            && k < steps
        {
            let mean = (d.mean * 10.0).round() / 10.0;
            if mean != stage.days {
                changes.push(Change {
                    what: format!("{} days", stage.name),
                    before: format::decimal(stage.days, 1),
                    after: format::decimal(mean, 1),
                });
            }
            stage.days = mean.min(limits::STAGE_DAYS_MAX);
        }
        let lost = whole
            .losses
            .get(k)
            .filter(|_| k < steps)
            .map(|l| reasons.counts(l))
            .unwrap_or_default();
        if !lost.is_empty() {
            let causes = causes_from(&stage.causes, &lost, stage.team);
            let (before, after) = (causes_words(&stage.causes), causes_words(&causes));
            if before != after {
                changes.push(Change {
                    what: format!("causes leaving {}", stage.name),
                    before,
                    after,
                });
            }
            stage.causes = causes;
        }
        whole_losses.push(lost);
    }
    whole_losses.truncate(steps);
    if let Some(d) = whole.deal_size
        && d != s.deal_size
    {
        changes.push(Change {
            what: "Deal size".to_string(),
            before: format::money(s.deal_size, &s.currency),
            after: format::money(d, &s.currency),
        });
        next.deal_size = d;
    }
    next.segments = imp
        .segments
        .iter()
        .map(|seg| {
            let name = seg
                .key
                .iter()
                .map(|v| {
                    if v.trim().is_empty() {
                        BLANK_SEGMENT
                    } else {
                        v.as_str()
                    }
                })
                .collect::<Vec<_>>()
                .join(" · ");
            Segment {
                name: name.chars().take(limits::NAME_MAX_CHARS).collect(),
                counts: seg.figures.counts.clone(),
                days: seg
                    .figures
                    .days
                    .iter()
                    .map(|d| {
                        d.map_or(0.0, |d| {
                            ((d.mean * 10.0).round() / 10.0).min(limits::STAGE_DAYS_MAX)
                        })
                    })
                    .collect(),
                deal_size: seg.figures.deal_size.unwrap_or(0.0),
                losses: seg
                    .figures
                    .losses
                    .iter()
                    .take(steps)
                    .map(|l| reasons.counts(l))
                    .collect(),
            }
        })
        .collect();
    if s.segments.len() != next.segments.len() {
        changes.push(Change {
            what: "Segments".to_string(),
            before: s.segments.len().to_string(),
            after: next.segments.len().to_string(),
        });
    }
    let mut map: Vec<StageMap> = opts
        .map
        .iter()
        .map(|(crm, stage)| StageMap {
            crm: crm.clone(),
            stage: stage.clone(),
        })
        .collect();
    map.dedup_by(|a, b| a.crm == b.crm);
    next.import = Some(ImportInfo {
        file: file.to_string(),
        mode: match opts.mode {
            Mode::Flow => ImportMode::Flow,
            Mode::Cohort => ImportMode::Cohort,
        },
        from: opts.from,
        to: opts.to,
        map,
        segment_columns: opts.segments.clone(),
        reasons: {
            // What this file used, then what earlier imports learnt and this
            // one did not meet, so no answer is forgotten.
            let mut all = reasons.used.clone();
            all.extend(
                reasons
                    .saved
                    .iter()
                    .filter(|m| !reasons.used.iter().any(|u| u.crm == m.crm))
                    .cloned(),
            );
            all
        },
        rows_used: imp.preview.rows_used,
        counts: next.stages.iter().map(|st| st.count).collect(),
        deal_size: whole.deal_size,
        days: next
            .stages
            .iter()
            .enumerate()
            .map(|(k, st)| whole.days.get(k).copied().flatten().map(|_| st.days))
            .collect(),
        losses: whole_losses,
    });
    let problems = session::validate(&next);
    if let Some(first) = problems.first() {
        return Err(ApplyError::Invalid(format!(
            "{} problem(s), the first: {first}",
            problems.len()
        )));
    }
    let days = whole
        .days
        .iter()
        .enumerate()
        .filter_map(|(k, d)| Some((s.step_label(k)?, (*d)?)))
        .collect();
    Ok(Applied {
        session: next,
        changes,
        new_reasons: reasons.new,
        days,
    })
}
