//! The workshop details: what each row shows, and how a typed value
//! becomes a session change (or a sentence saying why not).

use super::super::Edit;
use crate::format;
use crate::number;
use crate::session::limits::{DEAL_SIZE_MAX, TextKind};
use crate::session::{Id, Session};
use crate::tui::widgets::text_field::{parse_money, parse_optional_text, parse_text};

/// The workshop detail rows, top to bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Detail {
    Title,
    Company,
    Date,
    Facilitator,
    Currency,
    Period,
    DealSize,
    VoteBudget,
    Template,
}

pub(super) const DETAILS: [Detail; 9] = [
    Detail::Title,
    Detail::Company,
    Detail::Date,
    Detail::Facilitator,
    Detail::Currency,
    Detail::Period,
    Detail::DealSize,
    Detail::VoteBudget,
    Detail::Template,
];

impl Detail {
    pub(super) fn label(self) -> &'static str {
        match self {
            Detail::Title => "Title",
            Detail::Company => "Company",
            Detail::Date => "Date",
            Detail::Facilitator => "Facilitator",
            Detail::Currency => "Currency",
            Detail::Period => "Period",
            Detail::DealSize => "Deal size",
            Detail::VoteBudget => "Votes each",
            Detail::Template => "Funnel",
        }
    }

    /// Values chosen from a list rather than typed.
    pub(super) fn cycles(self) -> bool {
        matches!(self, Detail::Period | Detail::Template)
    }

    pub(super) fn value(self, s: &Session) -> String {
        match self {
            Detail::Title => s.title.clone(),
            Detail::Company => s.company.clone(),
            Detail::Date => s.date.format("%Y-%m-%d").to_string(),
            Detail::Facilitator => s.facilitator.clone(),
            Detail::Currency => s.currency.clone(),
            Detail::Period => s.period.label().to_string(),
            Detail::DealSize => format::money(s.deal_size, &s.currency),
            Detail::VoteBudget => s.vote_budget.to_string(),
            Detail::Template => format!("{} stages", s.stages.len()),
        }
    }

    /// The text an edit starts from (raw numbers, no currency).
    pub(super) fn raw(self, s: &Session) -> String {
        match self {
            Detail::DealSize => format!("{}", s.deal_size),
            other => other.value(s),
        }
    }

    /// Checks `text` (amounts in `s`'s currency) and returns the change, or why not.
    pub(super) fn parse(self, text: &str, s: &Session) -> Result<Edit, String> {
        let label = format!("setup: {}", self.label().to_lowercase());
        let edit = |f: Box<dyn FnOnce(&mut Session)>| {
            Ok(Edit::new(label.clone(), move |s| {
                f(s);
                Ok(())
            }))
        };
        match self {
            Detail::Title => {
                let v = parse_text(text, "the title")?;
                edit(Box::new(move |s| s.title = v))
            }
            Detail::Company => {
                let v = parse_optional_text(text, TextKind::Name)?;
                edit(Box::new(move |s| s.company = v))
            }
            Detail::Facilitator => {
                let v = parse_optional_text(text, TextKind::Name)?;
                edit(Box::new(move |s| s.facilitator = v))
            }
            Detail::Currency => {
                let v = parse_text(text, "the currency")?;
                if v.chars().count() > 4 {
                    return Err("use a code like EUR or a symbol like €".into());
                }
                edit(Box::new(move |s| s.currency = v))
            }
            Detail::Date => {
                let v = chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
                    .map_err(|_| format!("\"{}\" is not a date: write it as 2026-11-23", text.trim()))?;
                edit(Box::new(move |s| s.date = v))
            }
            Detail::DealSize => {
                let v = parse_money(text, &s.currency, 0.0, DEAL_SIZE_MAX)?;
                edit(Box::new(move |s| s.deal_size = v))
            }
            Detail::VoteBudget => {
                let v = number::parse_whole(text, 20, " votes each").map_err(|e| e.to_string())?;
                if v == 0 {
                    return Err("give each person between 1 and 20 votes".into());
                }
                edit(Box::new(move |s| s.vote_budget = v as u32))
            }
            Detail::Period | Detail::Template => Err("press Space to pick a value".into()),
        }
    }
}

/// Removes pairs left without members; ideas they proposed keep no pair.
pub(super) fn drop_empty_pairs(s: &mut Session) {
    let empty: Vec<Id> = s.pairs.iter().filter(|p| p.members.is_empty()).map(|p| p.id).collect();
    s.pairs.retain(|p| !p.members.is_empty());
    for idea in &mut s.ideas {
        if idea.pair.is_some_and(|p| empty.contains(&p)) {
            idea.pair = None;
        }
    }
}
