//! The presentation's timer view: the agenda section and the time left in
//! big glyphs, overtime as a red banner in words. Pure drawing.

use chrono::NaiveDateTime;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::pieces::{centred, headline};
use crate::session::Session;
use crate::tui::theme::Theme;

pub(super) fn draw_timer(
    f: &mut Frame,
    area: Rect,
    s: &Session,
    theme: &Theme,
    now: NaiveDateTime,
) {
    let clock = &s.clock;
    let Some(item) = s.agenda.get(clock.section) else {
        return centred(
            f,
            area,
            Line::from(Span::styled("This session has no agenda.", theme.warn)),
        );
    };
    let left = clock.remaining(now, &s.agenda).unwrap_or(0);
    let title_rows = if area.height >= 44 { 8 } else { 4 };
    let [state, title, _, time, words, next] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(title_rows),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let running = if clock.running() {
        Span::styled("▶ running", theme.good)
    } else {
        Span::styled("⏸ paused (t starts it)", theme.dim)
    };
    centred(
        f,
        state,
        Line::from(vec![
            Span::styled(
                format!("Section {} of {} · ", clock.section + 1, s.agenda.len()),
                theme.base,
            ),
            running,
        ]),
    );
    headline(f, title, &item.title, theme.title);
    let planned = format!(
        "{} minutes planned",
        i64::from(item.minutes) + clock.extra_secs / 60
    );
    if left < 0 {
        // A red banner with the word in it: visible from the back, and
        // readable without colour.
        let style = overtime_style(theme);
        crate::tui::widgets::pane::fill(f.buffer_mut(), time, style);
        let [word, over] = Layout::vertical([Constraint::Fill(1), Constraint::Fill(1)]).areas(time);
        headline(f, word, "OVERTIME", style);
        headline(f, over, &format!("+{}", mmss(left)), style);
        centred(
            f,
            words,
            Line::from(Span::styled(
                format!("OVERTIME: {} over the {planned}", mmss(left)),
                style,
            )),
        );
    } else {
        headline(f, time, &mmss(left), theme.title);
        centred(f, words, Line::from(format!("left of the {planned}")));
    }
    if let Some(following) = s.agenda.get(clock.section + 1) {
        centred(
            f,
            next,
            Line::from(Span::styled(
                format!(
                    "Next: {} ({} min) · T moves on",
                    following.title, following.minutes
                ),
                theme.dim,
            )),
        );
    }
}

/// Minutes and seconds as MM:SS; minutes keep counting past an hour.
pub fn mmss(secs: i64) -> String {
    let secs = secs.abs();
    format!("{:02}:{:02}", secs / 60, secs % 60)
}

/// Overtime is shown inverted in the "bad" style and always in words.
pub(super) fn overtime_style(theme: &Theme) -> Style {
    theme.bad.add_modifier(Modifier::REVERSED | Modifier::BOLD)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_and_seconds_pad_and_keep_counting() {
        assert_eq!(mmss(0), "00:00");
        assert_eq!(mmss(192), "03:12");
        assert_eq!(mmss(-192), "03:12");
        assert_eq!(mmss(4_500), "75:00");
    }
}
