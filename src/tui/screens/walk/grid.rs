//! The reason × segment table of the Stage walk (issue 12): for the step
//! shown, why each segment's prospects were lost, as a share of that
//! segment's losses at the step and a count. The largest cells are marked
//! with `◆` and drawn bold and reversed, so they stand out without colour.
//! Numbers are never cut: when the segments do not fit, fewer columns are
//! shown, the window follows the segment chosen with `g`, and the header
//! says how many more there are.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Modifier;
use ratatui::text::Span;

use crate::format;
use crate::model::{self, GridCell, ReasonGrid};
use crate::session::Session;
use crate::tui::screens::list::{fit, put};
use crate::tui::screens::segment;
use crate::tui::theme::Theme;
use crate::tui::widgets::pane::Panel;

/// The mark of the largest cells.
const LARGEST: &str = "◆";

/// Rows the table wants for step `k` of `s` (border included), so the walk
/// gives it no more than it uses.
pub(super) fn wanted_height(s: &Session, k: usize) -> u16 {
    let rows = model::reason_grid(s, k).map_or(1, |g| g.reasons.len() + 2);
    u16::try_from(rows + 2).unwrap_or(u16::MAX)
}

fn cell_text(c: &GridCell) -> String {
    if c.count == 0 {
        return "·".to_string();
    }
    let mark = if c.largest { LARGEST } else { " " };
    format!("{mark}{} ({})", format::percent(c.share), format::count(c.count as f64))
}

/// Which segment columns fit: the first shown and how many, keeping the
/// chosen segment in view.
fn window(total: usize, fit: usize, chosen: Option<usize>) -> (usize, usize) {
    let fit = fit.clamp(1, total.max(1));
    let first = match chosen {
        Some(i) if i >= fit => (i + 1 - fit).min(total.saturating_sub(fit)),
        _ => 0,
    };
    (first, fit.min(total))
}

/// Widths: the reason column, and one width for every segment column so
/// the table does not jump as the window moves.
fn widths(g: &ReasonGrid) -> (usize, usize) {
    let reason_w = g.reasons.iter().map(|r| r.chars().count()).max().unwrap_or(0).clamp(10, 24);
    let cell_w = g
        .cells
        .iter()
        .flatten()
        .map(|c| cell_text(c).chars().count())
        .chain(g.totals.iter().map(|t| format::count(*t as f64).chars().count()))
        .max()
        .unwrap_or(1);
    let name_w = g.segments.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    (reason_w, cell_w.max(name_w.min(cell_w + 6)).max(6))
}

pub(super) fn render(f: &mut Frame, area: Rect, s: &Session, k: usize, chosen: Option<usize>, theme: &Theme) {
    let grid = model::reason_grid(s, k);
    let n = s.segments.len();
    let inner = Panel::new("", theme.border).inner(area);
    let Some(g) = grid else {
        let title = " Lost here, by reason and segment ";
        f.render_widget(Panel::new(Span::styled(title, theme.title), theme.border), area);
        segment::border_note(f, area, title.chars().count(), &note(n, chosen), theme);
        put(f, inner, "The import has no lost records at this step in any segment.", theme.dim, Alignment::Left);
        return;
    };
    let (reason_w, col_w) = widths(&g);
    let width = usize::from(inner.width);
    let all_fit = reason_w + n * (col_w + 1) <= width;
    // "→ 12 more (s)" at the end of the header when columns are left out.
    let more_w = if all_fit { 0 } else { 14 };
    let fit_n = width.saturating_sub(reason_w + more_w) / (col_w + 1);
    let (first, shown) = window(n, fit_n, chosen);
    let range = if shown < n { format!(" · segments {}–{} of {n}", first + 1, first + shown) } else { String::new() };
    let title = format!(" Lost here, by reason and segment{range} ({LARGEST} largest) ");
    f.render_widget(Panel::new(Span::styled(title.clone(), theme.title), theme.border), area);
    segment::border_note(f, area, title.chars().count(), &note(n, chosen), theme);
    let col_x = |i: usize| inner.x + u16::try_from(reason_w + 1 + i * (col_w + 1)).unwrap_or(u16::MAX);
    let cell = |i: usize, y: u16| Rect { x: col_x(i), y, width: u16::try_from(col_w).unwrap_or(u16::MAX), height: 1 };
    let row = |y: u16| Rect { y, height: 1, ..inner };
    // Header: the segment names, the chosen one marked.
    put(f, row(inner.y), "Reason", theme.dim, Alignment::Left);
    for i in 0..shown {
        let j = first + i;
        let name = g.segments.get(j).map_or("", String::as_str);
        let (text, style) = if chosen == Some(j) { (format!("▶{}", fit(name, col_w - 1)), theme.key) } else { (fit(name, col_w), theme.dim) };
        put(f, cell(i, inner.y), &text, style, Alignment::Right);
    }
    let right_of = |i: usize| col_x(i).saturating_sub(inner.x);
    if first + shown < n {
        let x = inner.x + right_of(shown);
        let more = format!("→ {} more (s)", n - first - shown);
        put(f, Rect { x, width: inner.right().saturating_sub(x), ..row(inner.y) }, &more, theme.key, Alignment::Right);
    }
    if first > 0 {
        let long = format!("← {first} more");
        let text = if long.chars().count() <= reason_w { long } else { format!("←{first}") };
        put(f, row(inner.y), &text, theme.key, Alignment::Left);
    }
    // Body: as many reasons as fit above the totals row, most lost first.
    let body = usize::from(inner.height).saturating_sub(2);
    let cut = g.reasons.len() > body;
    let listed = if cut { body.saturating_sub(1) } else { g.reasons.len() };
    let largest = theme.title.add_modifier(Modifier::BOLD | Modifier::REVERSED);
    for (r, reason) in g.reasons.iter().take(listed).enumerate() {
        let y = inner.y + 1 + u16::try_from(r).unwrap_or(u16::MAX);
        put(f, Rect { width: u16::try_from(reason_w).unwrap_or(u16::MAX), ..row(y) }, &fit(reason, reason_w), theme.base, Alignment::Left);
        for i in 0..shown {
            let Some(c) = g.cells.get(r).and_then(|cs| cs.get(first + i)) else { continue };
            let style = if c.largest { largest } else if c.count == 0 { theme.dim } else { theme.base };
            let text = cell_text(c);
            // Only the text is reversed, not the padding before it.
            let w = u16::try_from(text.chars().count()).unwrap_or(0);
            let at = cell(i, y);
            put(f, Rect { x: at.right().saturating_sub(w), width: w, ..at }, &text, style, Alignment::Right);
        }
    }
    let mut y = inner.y + 1 + u16::try_from(listed).unwrap_or(u16::MAX);
    if cut && y < inner.bottom() {
        let text = format!("+ {} more reasons, fewer lost", g.reasons.len() - listed);
        put(f, row(y), &text, theme.dim, Alignment::Left);
        y += 1;
    }
    if y < inner.bottom() {
        put(f, row(y), if reason_w >= 18 { "lost (all reasons)" } else { "lost" }, theme.dim, Alignment::Left);
        for i in 0..shown {
            let total = g.totals.get(first + i).copied().unwrap_or(0);
            put(f, cell(i, y), &format::count(total as f64), theme.title, Alignment::Right);
        }
    }
}

/// "segments: 3 (s)", or the chosen one's place.
fn note(n: usize, chosen: Option<usize>) -> String {
    match chosen {
        Some(i) => format!("segment {} of {n} (s/S)", i + 1),
        None => format!("segments: {n} (s)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_keeps_the_chosen_segment_in_view() {
        assert_eq!(window(12, 4, None), (0, 4));
        assert_eq!(window(12, 4, Some(3)), (0, 4));
        assert_eq!(window(12, 4, Some(4)), (1, 4));
        assert_eq!(window(12, 4, Some(11)), (8, 4));
        assert_eq!(window(3, 10, Some(2)), (0, 3));
        assert_eq!(window(5, 0, Some(4)), (4, 1));
    }
}
