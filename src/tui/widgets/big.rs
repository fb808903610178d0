//! Headline text in 8×8 pixel letters (tui-big-text), falling back to plain
//! bold text when the area is too small for even the smallest size.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use tui_big_text::{BigText, PixelSize};

/// Columns and rows one character takes at a pixel size.
fn cell(size: PixelSize) -> (u16, u16) {
    match size {
        PixelSize::Full => (8, 8),
        PixelSize::HalfHeight => (8, 4),
        PixelSize::Quadrant => (4, 4),
        _ => (4, 4),
    }
}

/// Draws `text` as large as fits in `area`, centred.
pub fn render(f: &mut Frame, area: Rect, text: &str, style: Style) {
    let chars = text.chars().count().max(1) as u16;
    let size = [PixelSize::Full, PixelSize::HalfHeight, PixelSize::Quadrant]
        .into_iter()
        .find(|s| {
            let (w, h) = cell(*s);
            chars.saturating_mul(w) <= area.width && h <= area.height
        });
    match size {
        Some(size) => {
            let (_, h) = cell(size);
            // Quarter-cell lowercase letters blur on a projector; capitals stay legible.
            let text = if matches!(size, PixelSize::Quadrant) {
                text.to_uppercase()
            } else {
                text.to_string()
            };
            let top = area.y + (area.height - h) / 2;
            let area = Rect {
                y: top,
                height: h,
                ..area
            };
            let big = BigText::builder()
                .pixel_size(size)
                .style(style)
                .alignment(Alignment::Center)
                .lines(vec![Line::from(text)])
                .build();
            f.render_widget(big, area);
        }
        None => {
            let top = area.y + area.height.saturating_sub(1) / 2;
            let line = Rect {
                y: top,
                height: area.height.min(1),
                ..area
            };
            f.render_widget(
                Paragraph::new(text.to_string())
                    .style(style.add_modifier(Modifier::BOLD))
                    .alignment(Alignment::Center),
                line,
            );
        }
    }
}

/// Whether `text` fits in `width` columns with the smallest big size.
pub fn fits(text: &str, width: u16) -> bool {
    (text.chars().count() as u16).saturating_mul(4) <= width
}
