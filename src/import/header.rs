//! Which column means what, and which of the three shapes the file has,
//! from the header alone (so the caller can show the guess before reading on).

use super::error::ImportError;
use super::text::loose_key;
use super::{Columns, Shape};

const ID: &[&str] = &[
    "record id",
    "deal id",
    "lead id",
    "opportunity id",
    "id",
    "deal record id",
    "opportunity record id",
];
const STAGE: &[&str] = &[
    "stage",
    "deal stage",
    "lead status",
    "stage name",
    "opportunity stage",
    "pipeline stage",
    "current stage",
    "to stage",
    "new stage",
];
const OUTCOME: &[&str] = &["status", "outcome", "result", "deal status", "deal outcome"];
const REASON: &[&str] = &[
    "lost reason",
    "closed lost reason",
    "loss reason",
    "reason lost",
    "lost reason code",
    "reason",
];
const AMOUNT: &[&str] = &[
    "amount",
    "deal amount",
    "value",
    "deal value",
    "opportunity amount",
    "amount in company currency",
];
const CREATED: &[&str] = &[
    "create date",
    "created",
    "created date",
    "created on",
    "date created",
    "creation date",
    "created at",
];
const CLOSED: &[&str] = &[
    "close date",
    "closed date",
    "closed on",
    "date closed",
    "closed at",
];
const CHANGED: &[&str] = &[
    "date",
    "changed",
    "modified",
    "changed date",
    "change date",
    "date changed",
    "modified date",
    "last modified",
    "last modified date",
    "changed on",
    "changed at",
    "modified at",
    "edit date",
    "stage date",
    "stage change date",
];

/// Column indexes by role.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub id: Option<usize>,
    pub stage: Option<usize>,
    pub outcome: Option<usize>,
    pub reason: Option<usize>,
    pub amount: Option<usize>,
    pub created: Option<usize>,
    pub closed: Option<usize>,
    pub date: Option<usize>,
    /// "Date entered X" columns: index and the stage name X.
    pub entered: Vec<(usize, String)>,
    pub segments: Vec<usize>,
}

impl Layout {
    /// (role, header) of every column in use, for the preview.
    pub fn described(&self, headers: &[String]) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut add = |role: &str, i: Option<usize>| {
            if let Some(i) = i {
                out.push((role.to_string(), headers[i].clone()));
            }
        };
        add("record id", self.id);
        add("stage", self.stage);
        add("outcome", self.outcome);
        add("lost reason", self.reason);
        add("amount", self.amount);
        add("created date", self.created);
        add("close date", self.closed);
        add("change date", self.date);
        for (i, stage) in &self.entered {
            out.push((format!("date entered {stage}"), headers[*i].clone()));
        }
        for i in &self.segments {
            out.push(("segment".to_string(), headers[*i].clone()));
        }
        out
    }
}

fn available(headers: &[String]) -> String {
    headers
        .iter()
        .map(|h| format!("\"{h}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The stage a "Date entered …" header names, if it is one. HubSpot writes
/// `Date entered "Closed Won (Sales Pipeline)"`: the pipeline in brackets is
/// not part of the stage's name.
pub fn entered_stage(header: &str) -> Option<String> {
    let key = loose_key(header);
    let lower = header.trim().to_lowercase();
    let rest = if key.starts_with("date entered ") {
        let cut = lower.find("entered")? + "entered".len();
        header.trim().get(cut..)?
    } else if key.starts_with("entered ") && key.ends_with(" date") {
        let start = lower.find("entered")? + "entered".len();
        let end = lower.rfind("date")?;
        header.trim().get(start..end)?
    } else {
        return None;
    };
    let quotes: &[char] = &['_', '"', '\'', '“', '”', '‘', '’', ':', ' '];
    let mut name = rest.trim().trim_matches(quotes).trim();
    if name.ends_with(')')
        && let Some(open) = name.rfind('(')
        && open > 0
    {
        name = name[..open].trim();
    }
    let name = name.trim_matches(quotes).trim();
    (!name.is_empty()).then(|| name.to_string())
}

fn find(keys: &[String], names: &[&str]) -> Option<usize> {
    // The list is in order of preference: "Deal Stage" before a stray "Stage".
    names.iter().find_map(|n| keys.iter().position(|k| k == n))
}

fn named(
    headers: &[String],
    keys: &[String],
    name: &Option<String>,
    role: &str,
    fallback: &[&str],
) -> Result<Option<usize>, ImportError> {
    match name {
        Some(n) => keys
            .iter()
            .position(|k| *k == loose_key(n))
            .map(Some)
            .ok_or_else(|| ImportError::UnknownColumn {
                name: n.clone(),
                role: role.to_string(),
                available: available(headers),
            }),
        None => Ok(find(keys, fallback)),
    }
}

/// Reads the header: the role of each column, and the shape with the reason
/// it was chosen.
pub fn layout(
    headers: &[String],
    columns: &Columns,
    segments: &[String],
    forced: Option<Shape>,
) -> Result<(Layout, Shape, String), ImportError> {
    let keys: Vec<String> = headers.iter().map(|h| loose_key(h)).collect();
    let mut l = Layout {
        id: named(headers, &keys, &columns.id, "the record id", ID)?,
        stage: named(headers, &keys, &columns.stage, "the stage", STAGE)?,
        outcome: named(headers, &keys, &columns.outcome, "the outcome", OUTCOME)?,
        reason: named(headers, &keys, &columns.reason, "the lost reason", REASON)?,
        amount: named(headers, &keys, &columns.amount, "the amount", AMOUNT)?,
        created: named(
            headers,
            &keys,
            &columns.created,
            "the created date",
            CREATED,
        )?,
        closed: named(headers, &keys, &columns.closed, "the close date", CLOSED)?,
        date: named(headers, &keys, &columns.date, "the change date", CHANGED)?,
        entered: headers
            .iter()
            .enumerate()
            .filter_map(|(i, h)| entered_stage(h).map(|s| (i, s)))
            .collect(),
        segments: Vec::new(),
    };
    for s in segments {
        let i = keys
            .iter()
            .position(|k| *k == loose_key(s))
            .ok_or_else(|| ImportError::UnknownColumn {
                name: s.clone(),
                role: "a segment".to_string(),
                available: available(headers),
            })?;
        l.segments.push(i);
    }
    let h = |i: Option<usize>| i.map(|i| headers[i].clone()).unwrap_or_default();
    let shape = match forced {
        Some(s) => s,
        None if !l.entered.is_empty() => Shape::DateEntered,
        None if l.id.is_some() && l.stage.is_some() && l.date.is_some() => Shape::History,
        None if l.stage.is_some() => Shape::PerRecord,
        None => {
            return Err(ImportError::UnknownShape {
                why: "it has no stage column (such as \"Stage\", \"Deal Stage\" or \"Lead Status\") and no \"Date entered …\" columns".to_string(),
                available: available(headers),
            });
        }
    };
    let missing = |what: &str| ImportError::ShapeColumnsMissing {
        shape,
        missing: what.to_string(),
        available: available(headers),
    };
    let why = match shape {
        Shape::DateEntered => {
            if l.entered.is_empty() {
                return Err(missing("it has no \"Date entered <stage>\" columns"));
            }
            let names: Vec<String> = l
                .entered
                .iter()
                .map(|(i, _)| format!("\"{}\"", headers[*i]))
                .collect();
            format!(
                "{} column{} of the form \"Date entered <stage>\": {}",
                names.len(),
                if names.len() == 1 { "" } else { "s" },
                names.join(", ")
            )
        }
        Shape::History => {
            if l.id.is_none() {
                return Err(missing(
                    "it has no record id column (such as \"Record ID\" or \"Opportunity ID\")",
                ));
            }
            if l.stage.is_none() {
                return Err(missing("it has no stage column (such as \"Stage\")"));
            }
            if l.date.is_none() {
                return Err(missing(
                    "it has no change date column (such as \"Date\", \"Changed\" or \"Modified\")",
                ));
            }
            format!(
                "a record id (\"{}\"), a stage (\"{}\") and a change date (\"{}\"): one row per stage change",
                h(l.id),
                h(l.stage),
                h(l.date)
            )
        }
        Shape::PerRecord => {
            if l.stage.is_none() {
                return Err(missing(
                    "it has no stage column (such as \"Stage\", \"Deal Stage\" or \"Lead Status\")",
                ));
            }
            let mut why = format!("a stage column (\"{}\")", h(l.stage));
            if l.outcome.is_some() {
                why.push_str(&format!(" and an outcome column (\"{}\")", h(l.outcome)));
            }
            why.push_str(" and no per-stage dates: one row per record");
            why
        }
    };
    // A shape-1 file's change-date column is not a history: leave it unused.
    if shape != Shape::History {
        l.date = None;
    }
    Ok((l, shape, why))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entered_names() {
        assert_eq!(
            entered_stage("Date entered \"Closed Won (Sales Pipeline)\"").as_deref(),
            Some("Closed Won")
        );
        assert_eq!(entered_stage("Date Entered SQL").as_deref(), Some("SQL"));
        assert_eq!(entered_stage("Entered Demo date").as_deref(), Some("Demo"));
        assert_eq!(entered_stage("date_entered_MQL").as_deref(), Some("MQL"));
        assert_eq!(entered_stage("Date exited SQL"), None);
        assert_eq!(entered_stage("Created"), None);
    }

    fn hs(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn shapes_from_headers() {
        let c = Columns::default();
        let (_, s, _) = layout(
            &hs(&["Deal ID", "Deal Stage", "Amount", "Close Date"]),
            &c,
            &[],
            None,
        )
        .unwrap();
        assert_eq!(s, Shape::PerRecord);
        let (_, s, _) = layout(
            &hs(&["Deal ID", "Date entered \"MQL\"", "Date entered SQL"]),
            &c,
            &[],
            None,
        )
        .unwrap();
        assert_eq!(s, Shape::DateEntered);
        let (l, s, why) =
            layout(&hs(&["Opportunity ID", "Stage", "Changed"]), &c, &[], None).unwrap();
        assert_eq!(s, Shape::History);
        assert_eq!((l.id, l.stage, l.date), (Some(0), Some(1), Some(2)));
        assert!(why.contains("\"Changed\""), "{why}");
        let e = layout(&hs(&["Name", "Email"]), &c, &[], None).unwrap_err();
        assert!(e.to_string().contains("\"Name\", \"Email\""), "{e}");
        let e = layout(&hs(&["Stage"]), &c, &["Region".into()], None).unwrap_err();
        assert!(e.to_string().contains("no column named \"Region\""), "{e}");
    }
}
