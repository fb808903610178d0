//! The actions as an iCalendar file (RFC 5545), so every owner can import
//! their dates into any calendar: one VTODO per action with a due date.
//!
//! - `DUE;VALUE=DATE` is the action's due date (a whole day, no time zone).
//! - `SUMMARY` is the action's title; `DESCRIPTION` names the owner, the
//!   team, the KPI it moves and its SMART marks.
//! - `STATUS` is `NEEDS-ACTION`, `COMPLETED` or `CANCELLED` for an open,
//!   done or dropped action.
//! - `UID` is built from the session's title, its date and the action's
//!   place in the list, and `DTSTAMP` is the workshop date at 00:00 UTC:
//!   exporting the same session twice gives the same file, and a calendar
//!   that imports it again updates the to-dos instead of doubling them.
//!
//! Text is escaped by the `icalendar` crate (backslash, comma, semicolon,
//! newline); line breaks of any kind are made newlines first and other
//! control characters, which RFC 5545 does not allow in text, are dropped.

use std::fmt::Write;

use chrono::{NaiveDate, TimeZone, Utc};
use icalendar::{Calendar, Component, Property, Todo, TodoStatus};

use super::ExportError;
use super::report::Report;
use super::text::team_name;
use crate::session::Status;

const PRODID: &str = "-//funnelcheck//Funnel Reality Check//EN";

/// Text as RFC 5545 allows it: `\r\n` and a lone `\r` become `\n` (which the
/// crate escapes), other control characters except the tab go.
fn clean(text: &str) -> String {
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    unified
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect()
}

/// FNV-1a, 64 bits: a hash that stays the same across Rust releases and
/// machines (the standard library's does not promise that).
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// A UID that names the session (its title and date) and the action's place.
fn uid(title: &str, date: NaiveDate, number: usize) -> String {
    format!(
        "{}-{:016x}-action-{number}@funnelcheck",
        date.format("%Y%m%d"),
        fnv1a(title)
    )
}

pub fn render(r: &Report) -> Result<String, ExportError> {
    let s = r.session;
    let stamp = Utc.from_utc_datetime(&s.date.and_time(chrono::NaiveTime::MIN));
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"));
    cal.append_property(Property::new("PRODID", PRODID));
    cal.append_property(Property::new("CALSCALE", "GREGORIAN"));
    for a in &r.commitments.actions {
        let Some(due) = a.due else {
            continue;
        };
        let mut facts = vec![format!(
            "Owner: {}",
            if a.owner.trim().is_empty() {
                "nobody yet"
            } else {
                a.owner.trim()
            }
        )];
        if let Some(team) = a.team {
            facts.push(format!("Team: {}", team_name(team)));
        }
        if let Some(kpi) = &a.kpi {
            facts.push(format!("KPI: {kpi}"));
        }
        facts.push(format!("SMART: {}", a.smart_marks));
        facts.extend(a.unmet());
        let status = match a.status {
            Status::Open => TodoStatus::NeedsAction,
            Status::Done => TodoStatus::Completed,
            Status::Dropped => TodoStatus::Cancelled,
        };
        let title = clean(&a.title);
        let todo = Todo::new()
            .uid(&uid(&s.title, s.date, a.number))
            .timestamp(stamp)
            .summary(if title.trim().is_empty() {
                "(untitled action)"
            } else {
                &title
            })
            .description(&clean(&facts.join("\n")))
            .due(due)
            .status(status)
            .done();
        cal.push(todo);
    }
    let mut text = String::with_capacity(256 + r.commitments.actions.len() * 400);
    write!(text, "{cal}").map_err(|e| ExportError::Encode {
        format: "iCalendar",
        message: e.to_string(),
    })?;
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_loses_control_characters_but_keeps_line_breaks_and_tabs() {
        assert_eq!(clean("a\r\nb\rc\nd\te\u{0}f\u{1b}g\u{7f}"), "a\nb\nc\nd\tefg");
    }

    #[test]
    fn uids_are_stable_and_tell_sessions_and_actions_apart() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        // FNV-1a's published test vector: the empty string.
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(uid("Q4", d, 1), uid("Q4", d, 1));
        assert_ne!(uid("Q4", d, 1), uid("Q4", d, 2));
        assert_ne!(uid("Q4", d, 1), uid("Q1", d, 1));
        assert!(uid("Q4", d, 3).starts_with("20261123-"));
    }
}
