//! A bordered panel with a title, and a fast background fill.
//!
//! Why not `Block`: `Block::render` first restyles every cell of its area
//! (`Buffer::set_style`, an indexed, bounds-checked write per cell) even when
//! its style is the default and changes nothing. For the large panes of a
//! 200×60 frame that was a sixth of the frame time. `Panel` draws exactly what
//! `Block::bordered().border_style(s).title(t)` draws, touching only the
//! border cells.

use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::border;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Widget};

pub struct Panel<'a> {
    title: Line<'a>,
    border_style: Style,
}

impl<'a> Panel<'a> {
    pub fn new(title: impl Into<Line<'a>>, border_style: Style) -> Panel<'a> {
        Panel {
            title: title.into(),
            border_style,
        }
    }

    /// The area inside the border.
    pub fn inner(&self, area: Rect) -> Rect {
        Rect {
            x: area.x.saturating_add(1).min(area.right()),
            y: area.y.saturating_add(1).min(area.bottom()),
            width: area.width.saturating_sub(2),
            height: area.height.saturating_sub(2),
        }
    }
}

impl Widget for Panel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.width < 2 || area.height < 2 {
            // Sides overlap here; let Block settle the overlaps as it always has.
            Block::default()
                .borders(Borders::ALL)
                .border_style(self.border_style)
                .title(self.title)
                .render(area, buf);
            return;
        }
        let set = border::PLAIN;
        let style = self.border_style;
        let (left, top) = (area.left(), area.top());
        let (right, bottom) = (area.right() - 1, area.bottom() - 1);
        let mut put = |x: u16, y: u16, symbol: &str| {
            if let Some(cell) = buf.cell_mut((x, y)) {
                cell.set_symbol(symbol).set_style(style);
            }
        };
        for y in top + 1..bottom {
            put(left, y, set.vertical_left);
            put(right, y, set.vertical_right);
        }
        for x in left + 1..right {
            put(x, top, set.horizontal_top);
            put(x, bottom, set.horizontal_bottom);
        }
        put(left, top, set.top_left);
        put(right, top, set.top_right);
        put(left, bottom, set.bottom_left);
        put(right, bottom, set.bottom_right);
        let width = u16::try_from(self.title.width()).unwrap_or(u16::MAX);
        let title_area = Rect {
            x: left + 1,
            y: top,
            width: width.min(area.width - 2),
            height: 1,
        };
        if !title_area.is_empty() {
            self.title.render(title_area, buf);
        }
    }
}

/// Patches `style` onto every cell of `area`, row slice by row slice (what
/// `Buffer::set_style` does, without indexing each cell through its
/// position).
pub fn fill(buf: &mut Buffer, area: Rect, style: Style) {
    fill_with(buf, area, |cell| {
        cell.set_style(style);
    });
}

/// Resets every cell of `area` (like `Clear`), then patches `style` onto it.
pub fn clear(buf: &mut Buffer, area: Rect, style: Style) {
    fill_with(buf, area, |cell| {
        cell.reset();
        cell.set_style(style);
    });
}

fn fill_with(buf: &mut Buffer, area: Rect, mut f: impl FnMut(&mut Cell)) {
    let area = area.intersection(buf.area);
    let width = usize::from(buf.area.width);
    let (x0, y0) = (
        usize::from(area.x - buf.area.x),
        usize::from(area.y - buf.area.y),
    );
    for y in y0..y0 + usize::from(area.height) {
        let start = y * width + x0;
        if let Some(row) = buf.content.get_mut(start..start + usize::from(area.width)) {
            row.iter_mut().for_each(&mut f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Color, Modifier};
    use ratatui::text::Span;

    fn styled_buffer(area: Rect) -> Buffer {
        let mut buf = Buffer::empty(area);
        buf.set_style(area, Style::default().fg(Color::White).bg(Color::Black));
        buf
    }

    #[test]
    fn panel_draws_what_block_draws() {
        let border = Style::default()
            .fg(Color::Yellow)
            .add_modifier(Modifier::BOLD);
        let title = || Span::styled(" Ideas — gain a quarter ", Style::default().fg(Color::Cyan));
        let outer = Rect::new(0, 0, 40, 12);
        for (w, h) in [
            (40, 12),
            (10, 4),
            (3, 3),
            (2, 2),
            (1, 5),
            (5, 1),
            (30, 2),
            (0, 0),
        ] {
            let area = Rect::new(3.min(40 - w), 2.min(12 - h), w, h);
            let mut by_block = styled_buffer(outer);
            let block = Block::default()
                .borders(Borders::ALL)
                .border_style(border)
                .title(title());
            let inner = block.inner(area);
            block.render(area, &mut by_block);
            let mut by_panel = styled_buffer(outer);
            let panel = Panel::new(title(), border);
            assert_eq!(panel.inner(area), inner, "{w}x{h}");
            panel.render(area, &mut by_panel);
            assert_eq!(by_panel, by_block, "{w}x{h}");
        }
    }

    #[test]
    fn fill_and_clear_match_set_style_and_clear() {
        let outer = Rect::new(2, 1, 30, 10);
        let area = Rect::new(5, 3, 40, 4);
        let style = Style::default()
            .fg(Color::Red)
            .add_modifier(Modifier::ITALIC);
        let mut expected = styled_buffer(outer);
        expected.set_string(6, 4, "text", Style::default().bg(Color::Blue));
        let mut actual = expected.clone();
        expected.set_style(area, style);
        fill(&mut actual, area, style);
        assert_eq!(actual, expected);

        ratatui::widgets::Clear.render(area, &mut expected);
        expected.set_style(area, style);
        clear(&mut actual, area, style);
        assert_eq!(actual, expected);
    }
}
