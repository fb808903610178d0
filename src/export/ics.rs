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
//! Long lines are folded at 75 octets, never right after a space: some
//! parsers trim the end of every physical line and would lose it.

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

/// Content lines folded at 75 octets (RFC 5545 §3.1) on character
/// boundaries, with no physical line ending in whitespace. The crate folds
/// too, but may cut right after a space; its folds are undone first.
fn refold(text: &str) -> String {
    const LIMIT: usize = 75;
    let unfolded = text.replace("\r\n ", "").replace("\r\n\t", "");
    let mut out = String::with_capacity(unfolded.len() + unfolded.len() / 70 * 3);
    for line in unfolded.split_terminator("\r\n") {
        let mut rest = line;
        // A continuation line starts with the folding space.
        let mut room = LIMIT;
        while rest.len() > room {
            let mut cut = room;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            let mut at = cut;
            while let Some(c) = rest[..at].chars().next_back().filter(|c| c.is_whitespace()) {
                at -= c.len_utf8();
            }
            // A run of spaces as long as the line: cut inside it after all.
            if at > 0 {
                cut = at;
            }
            out.push_str(&rest[..cut]);
            out.push_str("\r\n ");
            rest = &rest[cut..];
            room = LIMIT - 1;
        }
        out.push_str(rest);
        out.push_str("\r\n");
    }
    out
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
            Status::Partly => TodoStatus::InProcess,
            Status::NotDone => TodoStatus::NeedsAction,
            Status::Dropped => TodoStatus::Cancelled,
        };
        let title = clean(a.title.trim());
        let todo = Todo::new()
            .uid(&uid(&s.title, s.date, a.number))
            .timestamp(stamp)
            .summary(if title.trim().is_empty() {
                "(untitled action)"
            } else {
                &title
            })
            .description(clean(&facts.join("\n")).trim())
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
    Ok(refold(&text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_loses_control_characters_but_keeps_line_breaks_and_tabs() {
        assert_eq!(
            clean("a\r\nb\rc\nd\te\u{0}f\u{1b}g\u{7f}"),
            "a\nb\nc\nd\tefg"
        );
    }

    #[test]
    fn folds_keep_lines_short_and_never_end_in_a_space() {
        let long = format!("SUMMARY:{}", "Ünïcødé 🚀 ".repeat(20).trim_end());
        let folded = refold(&format!("{long}\r\nEND:VTODO\r\n"));
        for l in folded.split_terminator("\r\n") {
            assert!(l.len() <= 75, "{l:?}");
            assert!(!l.ends_with(' '), "{l:?}");
        }
        assert_eq!(
            folded.replace("\r\n ", ""),
            format!("{long}\r\nEND:VTODO\r\n")
        );
        // Spaces only: nowhere to cut but inside them.
        let blank = format!("X:{}", " ".repeat(100));
        assert_eq!(refold(&blank).replace("\r\n ", ""), format!("{blank}\r\n"));
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
