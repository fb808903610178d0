//! Small pieces the Vote, Rank and Summary screens share: scrolling a list
//! so the cursor stays visible, mapping a click to the row under it, and
//! fitting text into a column with an ellipsis instead of a silent cut.

use ratatui::Frame;
use ratatui::layout::{Alignment, Position, Rect};
use ratatui::style::Style;
use ratatui::text::Span;

/// The first row to show so that `cursor` is visible in `shown` rows,
/// moving as little as possible from `prev`.
pub fn scroll_to(prev: usize, cursor: usize, shown: usize) -> usize {
    let shown = shown.max(1);
    let first = prev.min(cursor);
    if cursor >= first + shown {
        cursor + 1 - shown
    } else {
        first
    }
}

/// Where a list was last drawn: `per` rows per item from the top of `area`,
/// item `first` at the top, `count` items shown. Kept by screens (in a
/// `Cell`) for clicks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rows {
    pub area: Rect,
    pub first: usize,
    pub count: usize,
    /// Rows each item takes: 1 for a plain list.
    pub per: u16,
}

impl Rows {
    /// The item under a click, if the click landed on a drawn row.
    pub fn hit(&self, at: Position) -> Option<usize> {
        if !self.area.contains(at) {
            return None;
        }
        let item = usize::from((at.y - self.area.y) / self.per.max(1));
        (item < self.count).then_some(self.first + item)
    }
}

/// " 5–8 of 9" for a pane title when only part of a list fits; empty when
/// all of it shows, so the room knows when there is more below.
pub fn window_note(first: usize, count: usize, total: usize) -> String {
    if count >= total {
        String::new()
    } else {
        format!(" {}–{} of {total}", first + 1, first + count)
    }
}

/// `text` wrapped into lines of at most `width` columns (words kept whole
/// where they fit, longer words broken). Where the room reads a title it is
/// wrapped, never cut: a cut title is a different idea on the wall.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    if width == 0 {
        return vec![String::new()];
    }
    let lines: Vec<String> = textwrap::wrap(text, width)
        .into_iter()
        .map(|l| l.into_owned())
        .collect();
    if lines.is_empty() {
        vec![String::new()]
    } else {
        lines
    }
}

/// Items of different heights (wrapped titles) laid out top-down from
/// `first`: which were drawn, at which row and how tall. Kept by screens
/// for clicks and for paging.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stack {
    /// (item index, top row, height) of every item drawn, in order.
    pub items: Vec<(usize, u16, u16)>,
    pub first: usize,
    pub area: Rect,
}

impl Stack {
    /// Lays out `heights` from `first` into `area`: an item that does not
    /// fit whole is left for the next page, except the first (a title taller
    /// than the window is shown as far as it goes).
    pub fn layout(heights: &[u16], first: usize, area: Rect) -> Stack {
        let mut items = Vec::new();
        let mut y = area.y;
        for (i, h) in heights.iter().enumerate().skip(first) {
            let h = (*h).max(1);
            if y + h > area.bottom() && !items.is_empty() {
                break;
            }
            if y >= area.bottom() {
                break;
            }
            items.push((i, y, h.min(area.bottom() - y)));
            y += h;
        }
        Stack { items, first, area }
    }

    /// The item under a click, if the click landed on a drawn row.
    pub fn hit(&self, at: Position) -> Option<usize> {
        if !self.area.contains(at) {
            return None;
        }
        self.items
            .iter()
            .find(|(_, y, h)| at.y >= *y && at.y < y + h)
            .map(|(i, _, _)| *i)
    }

    pub fn count(&self) -> usize {
        self.items.len()
    }
}

/// The first item to show so that item `cursor` is drawn whole in `rows`
/// rows, moving as little as possible from `prev`.
pub fn scroll_to_fit(prev: usize, cursor: usize, heights: &[u16], rows: u16) -> usize {
    let mut first = prev.min(cursor);
    let used = |from: usize| -> u32 {
        heights
            .get(from..=cursor)
            .map_or(0, |hs| hs.iter().map(|h| u32::from((*h).max(1))).sum())
    };
    while first < cursor && used(first) > u32::from(rows) {
        first += 1;
    }
    first
}

/// `text` cut to `width` characters, ending in `…` when cut.
pub fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out: String = text.chars().take(width - 1).collect();
    out.push('…');
    out
}

/// Writes `text` on the first row of `area`, aligned and clipped, straight
/// into the frame's buffer. Lists draw a cell this way rather than with a
/// widget each, which keeps a 200×60 frame of a long list cheap.
pub fn put(f: &mut Frame, area: Rect, text: &str, style: Style, align: Alignment) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let width = u16::try_from(Span::raw(text).width()).unwrap_or(u16::MAX);
    let x = match align {
        Alignment::Left => area.x,
        Alignment::Right => area.x + area.width.saturating_sub(width),
        Alignment::Center => area.x + area.width.saturating_sub(width) / 2,
    };
    let room = usize::from(area.right().saturating_sub(x));
    f.buffer_mut().set_stringn(x, area.y, text, room, style);
}

/// `columns` (laid out once, on a header row) moved down to row `y`.
pub fn at_row(columns: &[Rect], y: u16) -> impl Iterator<Item = Rect> + '_ {
    columns.iter().map(move |c| Rect { y, height: 1, ..*c })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrolling_keeps_the_cursor_in_view() {
        assert_eq!(scroll_to(0, 3, 5), 0);
        assert_eq!(
            scroll_to(0, 7, 5),
            3,
            "cursor below the window pulls it down"
        );
        assert_eq!(scroll_to(6, 2, 5), 2, "cursor above the window pulls it up");
        assert_eq!(scroll_to(2, 4, 5), 2, "no move while the cursor is visible");
        assert_eq!(scroll_to(0, 4, 0), 4, "zero rows still shows the cursor");
    }

    #[test]
    fn clicks_map_to_drawn_rows_only() {
        let rows = Rows {
            area: Rect::new(2, 5, 20, 4),
            first: 10,
            count: 3,
            per: 1,
        };
        assert_eq!(rows.hit(Position::new(3, 5)), Some(10));
        assert_eq!(rows.hit(Position::new(3, 7)), Some(12));
        assert_eq!(rows.hit(Position::new(3, 8)), None, "below the last item");
        assert_eq!(rows.hit(Position::new(30, 6)), None, "beside the list");
    }

    #[test]
    fn every_row_of_a_taller_item_hits_it() {
        let rows = Rows {
            area: Rect::new(0, 10, 40, 12),
            first: 4,
            count: 3,
            per: 3,
        };
        assert_eq!(rows.hit(Position::new(1, 10)), Some(4));
        assert_eq!(rows.hit(Position::new(1, 12)), Some(4), "its last row");
        assert_eq!(rows.hit(Position::new(1, 13)), Some(5));
        assert_eq!(rows.hit(Position::new(1, 18)), Some(6));
        assert_eq!(rows.hit(Position::new(1, 19)), None, "below the last item");
    }

    #[test]
    fn window_notes_only_when_part_is_hidden() {
        assert_eq!(window_note(0, 4, 4), "");
        assert_eq!(window_note(0, 0, 0), "");
        assert_eq!(window_note(4, 4, 9), " 5–8 of 9");
    }

    #[test]
    fn wrapped_items_scroll_and_hit_by_their_own_heights() {
        assert_eq!(
            wrap("Call every MQL within 24 hours", 12),
            vec!["Call every", "MQL within", "24 hours"]
        );
        assert_eq!(wrap("", 10), vec![""]);
        let heights = [1, 3, 2, 1];
        // Rows 10..14: items 0 (1 row) and 1 (3 rows) fit; 2 would not.
        let stack = Stack::layout(&heights, 0, Rect::new(0, 10, 30, 4));
        assert_eq!(stack.items, vec![(0, 10, 1), (1, 11, 3)]);
        assert_eq!(stack.hit(Position::new(2, 13)), Some(1));
        assert_eq!(stack.hit(Position::new(2, 14)), None);
        // To show item 2 (2 rows) whole in 4 rows, start at item 2: 1 + 2 = 3
        // rows from item 1 would be 5.
        assert_eq!(scroll_to_fit(0, 2, &heights, 4), 2);
        assert_eq!(scroll_to_fit(0, 1, &heights, 4), 0);
        assert_eq!(scroll_to_fit(3, 1, &heights, 4), 1, "cursor above pulls up");
    }

    #[test]
    fn fitting_text() {
        assert_eq!(fit("Anna Berg", 20), "Anna Berg");
        assert_eq!(fit("Anna Berg", 5), "Anna…");
        assert_eq!(fit("Anna", 0), "");
    }
}
