//! Drawing pieces the presentation views share: a headline in big glyphs
//! (or bold, wrapped text when they do not fit) and a list of ideas whose
//! titles wrap and are never cut, paged by item, in one or more columns.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use tui_big_text::{BigText, PixelSize};

use crate::tui::theme::Theme;
use crate::tui::widgets::big;

pub(super) fn width_of(text: &str) -> u16 {
    u16::try_from(text.chars().count()).unwrap_or(u16::MAX)
}

// ---------------------------------------------------------------- text pieces

/// `text` in big glyphs when it fits on one line, else bold and wrapped:
/// a figure or a name is never cut.
pub(super) fn headline(f: &mut Frame, area: Rect, text: &str, style: Style) {
    if area.height >= 4 && big::fits(text, area.width) {
        big::render(f, area, text, style);
        return;
    }
    let para = Paragraph::new(Span::styled(
        text.to_string(),
        style.add_modifier(Modifier::BOLD),
    ))
    .alignment(Alignment::Center)
    .wrap(Wrap { trim: true });
    let lines = u16::try_from(para.line_count(area.width)).unwrap_or(u16::MAX);
    let top = area.height.saturating_sub(lines) / 2;
    f.render_widget(
        para,
        Rect {
            y: area.y + top,
            height: area.height - top,
            ..area
        },
    );
}

/// One centred line of plain text.
pub(super) fn centred(f: &mut Frame, area: Rect, line: Line<'static>) {
    f.render_widget(
        Paragraph::new(line)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        area,
    );
}

/// Greedy word wrap to lines of at most `width` characters; a word longer
/// than a line is split rather than cut.
pub(super) fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        loop {
            let used = line.chars().count();
            let gap = usize::from(used > 0);
            if used + gap + word.len() <= width {
                if gap == 1 {
                    line.push(' ');
                }
                line.extend(word.iter());
                break;
            }
            if used > 0 {
                lines.push(std::mem::take(&mut line));
                continue;
            }
            let rest = word.split_off(width);
            lines.push(word.iter().collect());
            word = rest;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

// ---------------------------------------------------------------- lists

/// One entry of a list: a short badge (a number, a dot count), the title,
/// one line of detail (which wraps).
pub(super) struct Item {
    pub badge: String,
    pub title: String,
    pub detail: Line<'static>,
}

/// How large a list draws its entries.
#[derive(Clone, Copy)]
pub(super) struct Size {
    /// Titles in big (quadrant) glyphs, wrapped.
    pub big_title: bool,
    /// Badges in big glyphs (vote totals after the reveal).
    pub big_badge: bool,
    pub columns: u16,
}

impl Size {
    pub const PLAIN: Size = Size {
        big_title: false,
        big_badge: false,
        columns: 1,
    };

    /// Big titles when a line holds at least `chars` big letters and the
    /// list is tall enough to show a few of them.
    pub fn for_area(area: Rect, chars: u16) -> Size {
        Size {
            big_title: area.width / 4 >= chars && area.height >= 24,
            ..Size::PLAIN
        }
    }
}

/// Rows each big letter takes (and columns, at quadrant size).
pub(super) const BIG: u16 = 4;

struct Laid {
    badge_w: u16,
    title_lines: Vec<String>,
    height: u16,
    big_title: bool,
}

fn lay_out(item: &Item, width: u16, badge_w: u16, size: Size) -> Laid {
    let text_w = width.saturating_sub(badge_w).max(1);
    let detail_h = line_count(
        Paragraph::new(item.detail.clone()).wrap(Wrap { trim: true }),
        text_w,
    );
    let badge_h = if size.big_badge { BIG } else { 1 };
    let big_title = size.big_title && text_w / BIG >= 12;
    let (title_lines, title_h) = if big_title {
        let lines = wrap_words(&item.title.to_uppercase(), usize::from(text_w / BIG));
        let h = u16::try_from(lines.len())
            .unwrap_or(u16::MAX)
            .saturating_mul(BIG);
        (lines, h)
    } else {
        let h = line_count(title_paragraph(&item.title, Style::default()), text_w);
        (Vec::new(), h)
    };
    Laid {
        badge_w,
        title_lines,
        height: badge_h.max(title_h.saturating_add(detail_h)),
        big_title,
    }
}

pub(super) fn line_count(p: Paragraph, width: u16) -> u16 {
    u16::try_from(p.line_count(width)).unwrap_or(u16::MAX)
}

fn title_paragraph(title: &str, style: Style) -> Paragraph<'static> {
    Paragraph::new(Span::styled(title.to_string(), style)).wrap(Wrap { trim: true })
}

/// Draws `items` from `first` on, in as many columns as `size` asks, and
/// says on the last row how many are above and below. Returns nothing to
/// keep: scrolling is by item, so the keys need no layout.
pub(super) fn draw_items(
    f: &mut Frame,
    area: Rect,
    items: &[Item],
    first: usize,
    size: Size,
    theme: &Theme,
    empty: &str,
) {
    if items.is_empty() {
        f.render_widget(
            Paragraph::new(Span::styled(empty.to_string(), theme.dim)).wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    let first = first.min(items.len() - 1);
    let [list, note] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(area);
    let badge_chars = items.iter().map(|i| width_of(&i.badge)).max().unwrap_or(0);
    let badge_w = match badge_chars {
        0 => 0,
        n if size.big_badge => n * BIG + 2,
        n => n + 2,
    };
    let columns = Layout::horizontal(vec![Constraint::Fill(1); usize::from(size.columns.max(1))])
        .spacing(2)
        .split(list);
    let mut next = first;
    for col in columns.iter() {
        let mut y = 0;
        while let Some(item) = items.get(next) {
            let laid = lay_out(item, col.width, badge_w, size);
            // The first entry of a column is drawn even if taller than the
            // column, so a giant title can never stall the list.
            if y > 0 && y + laid.height > col.height {
                break;
            }
            let rect = Rect {
                x: col.x,
                y: col.y + y,
                width: col.width,
                height: laid.height.min(col.height - y),
            };
            draw_item(f, rect, item, &laid, size, theme);
            next += 1;
            y += laid.height + 1;
            if y >= col.height {
                break;
            }
        }
    }
    let below = items.len() - next;
    let mut parts = Vec::new();
    if first > 0 {
        parts.push(format!("↑ {first} above"));
    }
    if below > 0 {
        parts.push(format!("{below} more ↓"));
    }
    if !parts.is_empty() {
        f.render_widget(
            Paragraph::new(Span::styled(parts.join(" · "), theme.key)).alignment(Alignment::Right),
            note,
        );
    }
}

fn draw_item(f: &mut Frame, area: Rect, item: &Item, laid: &Laid, size: Size, theme: &Theme) {
    let [badge, text] =
        Layout::horizontal([Constraint::Length(laid.badge_w), Constraint::Min(0)]).areas(area);
    if size.big_badge {
        let big = BigText::builder()
            .pixel_size(PixelSize::Quadrant)
            .style(theme.title)
            .lines(vec![Line::from(item.badge.clone())])
            .build();
        f.render_widget(big, badge);
    } else {
        f.render_widget(
            Paragraph::new(Span::styled(item.badge.clone(), theme.key)).alignment(Alignment::Right),
            Rect {
                width: badge.width.saturating_sub(2),
                ..badge
            },
        );
    }
    let title_h = if laid.big_title {
        u16::try_from(laid.title_lines.len())
            .unwrap_or(u16::MAX)
            .saturating_mul(BIG)
    } else {
        line_count(
            title_paragraph(&item.title, Style::default()),
            text.width.max(1),
        )
    };
    let [title, detail] =
        Layout::vertical([Constraint::Length(title_h), Constraint::Min(0)]).areas(text);
    if laid.big_title {
        let big = BigText::builder()
            .pixel_size(PixelSize::Quadrant)
            .style(theme.title)
            .lines(
                laid.title_lines
                    .iter()
                    .map(|l| Line::from(l.clone()))
                    .collect::<Vec<_>>(),
            )
            .build();
        f.render_widget(big, title);
    } else {
        f.render_widget(title_paragraph(&item.title, theme.title), title);
    }
    f.render_widget(
        Paragraph::new(item.detail.clone()).wrap(Wrap { trim: true }),
        detail,
    );
}

/// Rows for a headline figure: full-size glyphs on tall windows.
pub(super) fn figure_rows(height: u16) -> u16 {
    if height >= 34 {
        8
    } else if height >= 18 {
        4
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_never_drops_a_letter() {
        let text =
            "Shared SLA: accept or reject a SAL in 2 days, supercalifragilisticexpialidocious";
        for width in [5, 12, 30] {
            let lines = wrap_words(text, width);
            assert!(
                lines.iter().all(|l| l.chars().count() <= width),
                "{lines:?}"
            );
            let joined: String = lines
                .concat()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let original: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            assert_eq!(joined, original);
        }
    }
}
