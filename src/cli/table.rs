//! Plain-text tables with aligned columns, for terminal output.

use std::borrow::Cow;

use super::safe::escape;

/// How a column lines up its cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A table built row by row and rendered with every column as wide as its
/// widest cell. Widths count characters, so "→" and "—" take one column.
/// Every cell is escaped ([`super::safe::escape`]) as it is added, so a
/// control character in file text neither reaches the terminal nor throws
/// the columns off: the width counts what is printed.
#[derive(Debug, Clone)]
pub struct Table {
    headers: Vec<String>,
    aligns: Vec<Align>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(columns: &[(&str, Align)]) -> Self {
        Self {
            headers: columns.iter().map(|(h, _)| (*h).to_string()).collect(),
            aligns: columns.iter().map(|(_, a)| *a).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row; missing cells are blank, extra cells are dropped.
    pub fn row(&mut self, cells: Vec<String>) {
        let mut cells: Vec<String> = cells
            .into_iter()
            .map(|c| match escape(&c) {
                Cow::Borrowed(_) => c,
                Cow::Owned(escaped) => escaped,
            })
            .collect();
        cells.resize(self.headers.len(), String::new());
        self.rows.push(cells);
    }

    pub fn render(&self) -> String {
        let width = |s: &str| s.chars().count();
        let widths: Vec<usize> = (0..self.headers.len())
            .map(|c| {
                self.rows
                    .iter()
                    .map(|r| width(&r[c]))
                    .chain([width(&self.headers[c])])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |cells: &[String]| -> String {
            let parts: Vec<String> = cells
                .iter()
                .zip(&widths)
                .zip(&self.aligns)
                .map(|((cell, w), align)| {
                    let pad = " ".repeat(w.saturating_sub(width(cell)));
                    match align {
                        Align::Left => format!("{cell}{pad}"),
                        Align::Right => format!("{pad}{cell}"),
                    }
                })
                .collect();
            parts.join("  ").trim_end().to_string()
        };
        let mut out = line(&self.headers);
        out.push('\n');
        let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
        out.push_str(&rule.join("  "));
        out.push('\n');
        for row in &self.rows {
            out.push_str(&line(row));
            out.push('\n');
        }
        out
    }
}

/// File text for a table cell: escaped first, so the cut counts the
/// characters printed, then cut to `max` characters.
pub fn cell(text: &str, max: usize) -> String {
    truncate(&escape(text), max)
}

/// `text` cut to `max` characters, with "…" when something was cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let kept: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_by_widest_cell() {
        let mut t = Table::new(&[("Stage", Align::Left), ("Count", Align::Right)]);
        t.row(vec!["Inquiry".into(), "12,000".into()]);
        t.row(vec!["Won → x".into(), "60".into()]);
        assert_eq!(
            t.render(),
            "Stage     Count\n───────  ──────\nInquiry  12,000\nWon → x      60\n"
        );
    }

    #[test]
    fn escaped_cells_keep_the_columns_in_line() {
        let mut t = Table::new(&[("Stage", Align::Left), ("Count", Align::Right)]);
        t.row(vec!["A\u{1b}[2J".into(), "1".into()]);
        t.row(vec!["Won\r\u{7f}".into(), "60".into()]);
        assert_eq!(
            t.render(),
            "Stage      Count\n─────────  ─────\nA\\e[2J         1\nWon\\r\\x7f     60\n"
        );
        assert_eq!(cell("ab\u{1b}[2Jcdef", 6), "ab\\e[…");
    }

    #[test]
    fn truncate_marks_the_cut() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
    }
}
