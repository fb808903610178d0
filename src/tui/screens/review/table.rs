//! A table that fits its width the honest way: a figure is never cut. Text
//! columns (titles, names) shorten with "…" down to their minimum; when even
//! that does not fit, whole columns are dropped, least needed first.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::tui::screens::list::fit;

/// Columns are this far apart.
const GAP: usize = 2;

/// One column: a heading and one cell per row.
pub(super) struct Col {
    pub head: String,
    pub cells: Vec<(String, Style)>,
    pub right: bool,
    /// Text that may shorten to this many characters; `None` for figures,
    /// which are shown whole or not at all.
    pub min: Option<usize>,
    /// When the table is too wide, the column with the lowest `drop` goes
    /// first; 0 never goes.
    pub drop: u8,
    /// A heading over neighbouring columns ("conversion"), drawn on a line
    /// of its own above theirs.
    pub group: &'static str,
}

impl Col {
    pub fn text(head: &str, min: usize, drop: u8) -> Col {
        Col {
            head: head.to_string(),
            cells: Vec::new(),
            right: false,
            min: Some(min),
            drop,
            group: "",
        }
    }

    pub fn figure(head: &str, drop: u8) -> Col {
        Col {
            head: head.to_string(),
            cells: Vec::new(),
            right: true,
            min: None,
            drop,
            group: "",
        }
    }

    /// A figure-like cell that reads left to right (a status, a date).
    pub fn word(head: &str, drop: u8) -> Col {
        Col {
            right: false,
            ..Col::figure(head, drop)
        }
    }

    pub fn under(mut self, group: &'static str) -> Col {
        self.group = group;
        self
    }

    pub fn push(&mut self, text: impl Into<String>, style: Style) {
        self.cells.push((text.into(), style));
    }

    fn natural(&self) -> usize {
        self.cells
            .iter()
            .map(|(t, _)| t.chars().count())
            .chain(std::iter::once(self.head.chars().count()))
            .max()
            .unwrap_or(0)
    }

    /// The least this column can be drawn in.
    fn least(&self) -> usize {
        match self.min {
            Some(m) => m.min(self.natural()),
            None => self.natural(),
        }
    }
}

/// The width each column gets in `width`, `None` for a dropped column.
pub(super) fn widths(cols: &[Col], width: usize) -> Vec<Option<usize>> {
    let mut shown: Vec<bool> = vec![true; cols.len()];
    loop {
        let need: usize = cols
            .iter()
            .zip(&shown)
            .filter(|(_, s)| **s)
            .map(|(c, _)| c.least() + GAP)
            .sum::<usize>()
            .saturating_sub(GAP);
        if need <= width {
            break;
        }
        let victim = cols
            .iter()
            .enumerate()
            .filter(|(i, c)| shown[*i] && c.drop > 0)
            .min_by_key(|(i, c)| (c.drop, usize::MAX - i))
            .map(|(i, _)| i);
        match victim {
            Some(i) => shown[i] = false,
            None => break,
        }
    }
    let mut out: Vec<Option<usize>> = cols
        .iter()
        .zip(&shown)
        .map(|(c, s)| s.then(|| c.least()))
        .collect();
    let used: usize = out.iter().flatten().map(|w| w + GAP).sum::<usize>();
    let mut spare = (width + GAP).saturating_sub(used);
    // What is left widens the text columns, leftmost first, up to their
    // whole text.
    for (i, c) in cols.iter().enumerate() {
        if let Some(w) = &mut out[i] {
            let more = c.natural().saturating_sub(*w).min(spare);
            *w += more;
            spare -= more;
        }
    }
    out
}

/// Whether every column shows whole (no text shortened) in `width`.
pub(super) fn fits_whole(cols: &[Col], width: usize) -> bool {
    cols.iter().map(|c| c.natural() + GAP).sum::<usize>() <= width + GAP
}

/// Whether column `i` is still shown in `width`.
pub(super) fn shows(cols: &[Col], width: usize, i: usize) -> bool {
    widths(cols, width).get(i).is_some_and(Option::is_some)
}

fn cell(text: &str, w: usize, right: bool) -> String {
    let t = fit(text, w);
    if right {
        format!("{t:>w$}")
    } else {
        format!("{t:<w$}")
    }
}

/// The heading lines (group headings first, when there are any) and one
/// line per row, laid out in `width`.
pub(super) fn lines(
    cols: &[Col],
    width: usize,
    head_style: Style,
) -> (Vec<Line<'static>>, Vec<Line<'static>>) {
    let ws = widths(cols, width);
    let rows = cols.iter().map(|c| c.cells.len()).max().unwrap_or(0);
    let mut head = Vec::new();
    let mut body: Vec<Vec<Span<'static>>> = vec![Vec::new(); rows];
    // Runs of shown columns under one group heading: (group, width).
    let mut groups: Vec<(&str, usize)> = Vec::new();
    let mut first = true;
    for (c, w) in cols.iter().zip(&ws) {
        let Some(w) = *w else { continue };
        let gap = if first { "" } else { "  " };
        first = false;
        match groups.last_mut() {
            Some((g, span)) if *g == c.group => *span += gap.len() + w,
            _ => groups.push((c.group, gap.len() + w)),
        }
        head.push(Span::styled(
            format!("{gap}{}", cell(&c.head, w, c.right)),
            head_style,
        ));
        for (r, spans) in body.iter_mut().enumerate() {
            let (text, style) = c
                .cells
                .get(r)
                .map_or((String::new(), Style::default()), |(t, s)| (t.clone(), *s));
            spans.push(Span::raw(gap));
            spans.push(Span::styled(cell(&text, w, c.right), style));
        }
    }
    let mut heads = Vec::new();
    if groups.iter().any(|(g, _)| !g.is_empty()) {
        let spans = groups
            .iter()
            .enumerate()
            .map(|(i, (g, span))| {
                // The gap before a group stays blank; its columns get a rule.
                let lead = if i > 0 && !g.is_empty() {
                    GAP.min(*span)
                } else {
                    0
                };
                let w = span.saturating_sub(lead);
                let text = if g.is_empty() {
                    " ".repeat(*span)
                } else {
                    format!("{}{:─^w$}", " ".repeat(lead), fit(&format!(" {g} "), w))
                };
                Span::styled(text, head_style)
            })
            .collect::<Vec<_>>();
        heads.push(Line::from(spans));
    }
    heads.push(Line::from(head));
    (heads, body.into_iter().map(Line::from).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Vec<Col> {
        let mut name = Col::text("Idea", 6, 0);
        let mut on = Col::text("Acts on", 5, 1);
        let mut seen = Col::figure("seen", 2);
        name.push("Call every MQL within 24 hours", Style::default());
        on.push("MQL → SAL", Style::default());
        seen.push("+7.1 pts", Style::default());
        vec![name, on, seen]
    }

    #[test]
    fn text_shortens_before_a_column_goes_and_figures_never_cut() {
        let cols = table();
        // Whole: 30 + 2 + 9 + 2 + 8.
        assert_eq!(widths(&cols, 51), vec![Some(30), Some(9), Some(8)]);
        // Narrower: the idea title gives way first (leftmost gets the spare).
        assert_eq!(widths(&cols, 40), vec![Some(23), Some(5), Some(8)]);
        // Below 6 + 2 + 5 + 2 + 8 = 23 the "acts on" column goes.
        assert_eq!(widths(&cols, 22), vec![Some(12), None, Some(8)]);
        // Then the figure, whole or not at all.
        assert_eq!(widths(&cols, 10), vec![Some(10), None, None]);
        let (_, rows) = lines(&cols, 22, Style::default());
        let text: String = rows[0].spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, "Call every …  +7.1 pts");
    }
}
