//! How the agenda timer reads in the header. The timer itself
//! (`session::AgendaClock`) lives in the session, so it survives a restart.
//! Overtime keeps counting, with no cap: the room should see how far over it is.

use chrono::NaiveDateTime;
use ratatui::text::{Line, Span};

use crate::session::{AgendaClock, AgendaItem};
use crate::tui::theme::Theme;

/// "▶ 1/8 Agree the funnel 12:30 left", "⏸ … 12:30 left", "▶ … ⚠ 3:10 OVER".
pub fn line(
    timer: &AgendaClock,
    now: NaiveDateTime,
    agenda: &[AgendaItem],
    theme: &Theme,
    max_title: usize,
) -> Line<'static> {
    let Some(item) = agenda.get(timer.section) else {
        return Line::from(Span::styled("no agenda", theme.dim));
    };
    let left = timer.remaining(now, agenda).unwrap_or(0);
    let (icon, icon_style) = if timer.running() {
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
            format!("{}/{} {title} ", timer.section + 1, agenda.len()),
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

    #[test]
    fn clock_format() {
        assert_eq!(clock(0), "0:00");
        assert_eq!(clock(754), "12:34");
        assert_eq!(clock(3_725), "1:02:05");
    }
}
