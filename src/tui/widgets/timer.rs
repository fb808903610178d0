//! The agenda-section timer: start/pause, +5 minutes, next section. Time is
//! passed in (never read from the clock here) so tests and snapshots are exact.
//! Overtime keeps counting, with no cap: the room should see how far over it is.

use chrono::NaiveDateTime;
use ratatui::text::{Line, Span};

use crate::session::AgendaItem;
use crate::tui::theme::Theme;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Timer {
    pub section: usize,
    /// Seconds run before the current start.
    banked: i64,
    started: Option<NaiveDateTime>,
    /// Extra seconds granted with +5 min.
    extra: i64,
}

impl Timer {
    pub fn running(&self) -> bool {
        self.started.is_some()
    }

    pub fn elapsed(&self, now: NaiveDateTime) -> i64 {
        self.banked + self.started.map_or(0, |s| (now - s).num_seconds().max(0))
    }

    pub fn toggle(&mut self, now: NaiveDateTime) {
        match self.started.take() {
            Some(s) => self.banked += (now - s).num_seconds().max(0),
            None => self.started = Some(now),
        }
    }

    pub fn add_five(&mut self) {
        self.extra += 5 * 60;
    }

    /// Moves to the next section (wrapping to the first), keeping it running
    /// if it was.
    pub fn next_section(&mut self, now: NaiveDateTime, sections: usize) {
        let was_running = self.running();
        *self = Timer {
            section: if sections == 0 {
                0
            } else {
                (self.section + 1) % sections
            },
            ..Timer::default()
        };
        if was_running {
            self.started = Some(now);
        }
    }

    /// Seconds left in the section; negative in overtime.
    pub fn remaining(&self, now: NaiveDateTime, agenda: &[AgendaItem]) -> Option<i64> {
        let item = agenda.get(self.section)?;
        Some(i64::from(item.minutes) * 60 + self.extra - self.elapsed(now))
    }

    /// "▶ Agree the funnel 12:30 left", "⏸ … 12:30 left", "▶ … ⚠ 3:10 OVER".
    pub fn line(
        &self,
        now: NaiveDateTime,
        agenda: &[AgendaItem],
        theme: &Theme,
        max_title: usize,
    ) -> Line<'static> {
        let Some(item) = agenda.get(self.section) else {
            return Line::from(Span::styled("no agenda", theme.dim));
        };
        let left = self.remaining(now, agenda).unwrap_or(0);
        let (icon, icon_style) = if self.running() {
            ("▶", theme.good)
        } else {
            ("⏸", theme.dim)
        };
        let title: String = if item.title.chars().count() > max_title {
            let mut t: String = item
                .title
                .chars()
                .take(max_title.saturating_sub(1))
                .collect();
            t.push('…');
            t
        } else {
            item.title.clone()
        };
        let mut spans = vec![
            Span::styled(format!("{icon} "), icon_style),
            Span::styled(
                format!("{}/{} {title} ", self.section + 1, agenda.len()),
                theme.base,
            ),
        ];
        if left >= 0 {
            spans.push(Span::styled(format!("{} left", clock(left)), theme.title));
        } else {
            spans.push(Span::styled(format!("⚠ {} OVER", clock(-left)), theme.bad));
        }
        Line::from(spans)
    }
}

/// Seconds as m:ss, or h:mm:ss past an hour.
pub fn clock(secs: i64) -> String {
    let secs = secs.max(0);
    let (h, m, s) = (secs / 3600, (secs % 3600) / 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(min: u32, sec: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 23)
            .and_then(|d| d.and_hms_opt(9, min, sec))
            .expect("valid time")
    }

    fn agenda() -> Vec<AgendaItem> {
        vec![
            AgendaItem {
                title: "Intro".into(),
                minutes: 10,
            },
            AgendaItem {
                title: "Funnel".into(),
                minutes: 20,
            },
        ]
    }

    #[test]
    fn counts_only_while_running_and_goes_into_overtime() {
        let mut t = Timer::default();
        t.toggle(at(0, 0));
        t.toggle(at(4, 0));
        assert_eq!(
            t.remaining(at(30, 0), &agenda()),
            Some(6 * 60),
            "paused time does not count"
        );
        t.toggle(at(30, 0));
        assert_eq!(t.remaining(at(40, 30), &agenda()), Some(-(4 * 60 + 30)));
        t.add_five();
        assert_eq!(t.remaining(at(40, 30), &agenda()), Some(30));
        t.next_section(at(41, 0), 2);
        assert_eq!((t.section, t.running()), (1, true));
        assert_eq!(t.remaining(at(42, 0), &agenda()), Some(19 * 60));
        t.next_section(at(42, 0), 2);
        assert_eq!(t.section, 0, "wraps to the first section");
    }

    #[test]
    fn clock_format() {
        assert_eq!(clock(0), "0:00");
        assert_eq!(clock(754), "12:34");
        assert_eq!(clock(3_725), "1:02:05");
    }
}
