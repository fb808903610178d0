//! Small drawing pieces the sections share: panels, wrapped lines, and
//! how a status or a verdict looks.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::session::Status;
use crate::tui::screens::list::{fit, wrap};
use crate::tui::theme::Theme;
use crate::tui::widgets::pane::Panel;

/// The first `h` rows of `area` (all of it when shorter).
pub(super) fn top(area: Rect, h: u16) -> Rect {
    Rect {
        height: area.height.min(h),
        ..area
    }
}

/// A bordered detail panel titled with `title` (cut to fit: the list above
/// shows what it is), and the area inside it.
pub(super) fn detail_panel<'a>(title: &str, area: Rect, theme: &Theme) -> (Panel<'a>, Rect) {
    let panel = Panel::new(
        Span::styled(
            format!(" {} ", fit(title, usize::from(area.width).saturating_sub(4))),
            theme.title,
        ),
        theme.border,
    );
    let inner = panel.inner(area);
    (panel, inner)
}

pub(super) fn met_style(met: Option<bool>, theme: &Theme) -> Style {
    match met {
        Some(true) => theme.good,
        Some(false) => theme.bad,
        None => theme.dim,
    }
}

/// Wrapped lines of one style.
pub(super) fn lines_of(text: &str, width: usize, style: Style) -> Vec<Line<'static>> {
    wrap(text, width.max(1))
        .into_iter()
        .map(|l| Line::from(Span::styled(l, style)))
        .collect()
}

/// A status with its mark: the mark carries the meaning, colour repeats it.
pub(super) fn status_words(s: Status) -> &'static str {
    match s {
        Status::Open => "· open",
        Status::Done => "✓ done",
        Status::Partly => "◐ partly",
        Status::NotDone => "✗ not done",
        Status::Dropped => "– dropped",
    }
}

pub(super) fn status_style(s: Status, theme: &Theme) -> Style {
    match s {
        Status::Open => theme.base,
        Status::Done => theme.good,
        Status::Partly => theme.warn,
        Status::NotDone => theme.bad,
        Status::Dropped => theme.dim,
    }
}
