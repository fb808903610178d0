//! Text helpers shared by the human-readable formats: Markdown escaping and
//! aligned GitHub-flavoured tables, and the few number renderings that are
//! not plain money or percent.

use crate::session::Team;

/// Newlines (any kind) and tabs folded into single spaces, ends trimmed: a
/// table cell or heading is one line.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() || c.is_control() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// Inline Markdown for one line of user text: folds newlines and
/// backslash-escapes everything that could start markup, a table cell
/// border, raw HTML or an entity, so the text renders as typed. For table
/// cells and headings; a line that starts a paragraph or list item needs
/// [`md_line`].
pub fn md_inline(text: &str) -> String {
    let folded = fold(text);
    let mut out = String::with_capacity(folded.len() + 8);
    let mut chars = folded.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '~' | '#' => {
                out.push('\\');
                out.push(c);
            }
            // `&amp;` would render as `&`; a lone `&` ("Sales & Marketing") is safe.
            '&' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') =>
            {
                out.push_str("\\&")
            }
            _ => out.push(c),
        }
    }
    out
}

/// [`md_inline`] for text that starts a paragraph or list item: a leading
/// list, quote or heading marker ("- ", "+ ", "1. ", "=") is escaped too, so
/// it stays text.
pub fn md_line(text: &str) -> String {
    let inline = md_inline(text);
    let digits = inline.chars().take_while(char::is_ascii_digit).count();
    let mut rest = inline.chars().skip(digits);
    match rest.next() {
        Some('.' | ')') if digits > 0 => {
            let (num, tail) = inline.split_at(digits);
            format!("{num}\\{tail}")
        }
        Some('-' | '+' | '=' | '!') if digits == 0 => format!("\\{inline}"),
        _ => inline,
    }
}

/// Column alignment in a Markdown table.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A GitHub-flavoured table whose columns line up in the plain text too.
/// Cells must already be escaped with [`md_inline`] (numbers need nothing).
pub struct MdTable {
    headers: Vec<String>,
    aligns: Vec<Align>,
    rows: Vec<Vec<String>>,
}

impl MdTable {
    pub fn new(columns: &[(&str, Align)]) -> Self {
        Self {
            headers: columns.iter().map(|(h, _)| h.to_string()).collect(),
            aligns: columns.iter().map(|(_, a)| *a).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn write(&self, out: &mut String) {
        let n = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| width(h).max(3)).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().take(n).enumerate() {
                widths[i] = widths[i].max(width(cell));
            }
        }
        let line = |out: &mut String, cells: &mut dyn Iterator<Item = &str>| {
            out.push('|');
            for (w, align) in widths.iter().zip(&self.aligns) {
                let cell = cells.next().unwrap_or("");
                let pad = w.saturating_sub(width(cell));
                out.push(' ');
                if *align == Align::Right {
                    push_spaces(out, pad);
                    out.push_str(cell);
                } else {
                    out.push_str(cell);
                    push_spaces(out, pad);
                }
                out.push_str(" |");
            }
            out.push('\n');
        };
        line(out, &mut self.headers.iter().map(String::as_str));
        out.push('|');
        for (dashes, align) in widths.iter().zip(&self.aligns) {
            out.push(' ');
            match align {
                Align::Left => out.push_str(&"-".repeat(*dashes)),
                Align::Right => {
                    out.push_str(&"-".repeat(dashes.saturating_sub(1)));
                    out.push(':');
                }
            }
            out.push_str(" |");
        }
        out.push('\n');
        for row in &self.rows {
            line(out, &mut row.iter().map(String::as_str));
        }
    }
}

/// A date as the reports print it, "—" when there is none.
pub fn date_or_dash(d: Option<chrono::NaiveDate>) -> String {
    d.map_or_else(|| "—".to_string(), |d| d.format("%Y-%m-%d").to_string())
}

/// Display width, counting characters: close enough for alignment of the
/// plain text; the rendered table does not depend on it.
fn width(s: &str) -> usize {
    s.chars().count()
}

fn push_spaces(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

/// A share given in percent (0–100): `40.0 %`.
pub fn share(percent: f64) -> String {
    crate::format::percent(percent / 100.0)
}

/// A team's share of the controllable value lost: `78.6 %`, the one
/// percentage rule (`format::percent`) the screens use too.
pub fn team_share(fraction: f64) -> String {
    crate::format::percent(fraction)
}

/// A team as a reader names it: "Sales", "Shared (both teams)".
pub fn team_name(team: Team) -> &'static str {
    match team {
        Team::Marketing => "Marketing",
        Team::Sales => "Sales",
        Team::Shared => "Shared (both teams)",
    }
}

/// "Sales owns 62.0 % of the value lost to causes the teams control;
/// marketing 30.0 %; both teams together 8.0 %.": who can act, as numbers and
/// not a verdict (MODEL.md §6). `teams` in the order to name them (largest
/// share first); empty gives an empty string.
pub fn team_sentence(teams: &[(Team, f64)]) -> String {
    let Some(((first, share), rest)) = teams.split_first() else {
        return String::new();
    };
    let pct = team_share(*share);
    let mut out = match first {
        Team::Shared => format!("Both teams together own {pct}"),
        _ => format!("{} owns {pct}", team_name(*first)),
    };
    out.push_str(" of the value lost to causes the teams control");
    for (team, share) in rest {
        let who = match team {
            Team::Shared => "both teams together".to_string(),
            _ => team_name(*team).to_lowercase(),
        };
        out.push_str(&format!("; {who} {}", team_share(*share)));
    }
    out.push('.');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_joins_lines_and_trims() {
        assert_eq!(fold("  a\r\nb\n\n c\t"), "a b c");
        assert_eq!(fold(""), "");
    }

    #[test]
    fn inline_escapes_markup_but_keeps_plain_text() {
        assert_eq!(md_inline("Sales & Marketing"), "Sales & Marketing");
        assert_eq!(md_inline("a|b"), "a\\|b");
        assert_eq!(md_inline("<script>"), "\\<script\\>");
        assert_eq!(md_inline("&amp;"), "\\&amp;");
        assert_eq!(md_inline("- item"), "- item");
        assert_eq!(md_line("- item"), "\\- item");
        assert_eq!(md_line("12. x"), "12\\. x");
        assert_eq!(md_line("2024 was good"), "2024 was good");
        assert_eq!(md_inline("a\\|b"), "a\\\\\\|b");
        assert_eq!(md_inline("x - y"), "x - y");
    }

    #[test]
    fn team_sentences_state_a_number() {
        // MODEL.md's worked example: sales 1,980,000 of 2,520,000.
        assert_eq!(
            team_sentence(&[
                (Team::Sales, 1_980_000.0 / 2_520_000.0),
                (Team::Marketing, 540_000.0 / 2_520_000.0)
            ]),
            "Sales owns 78.6 % of the value lost to causes the teams control; marketing 21.4 %."
        );
        assert_eq!(
            team_sentence(&[(Team::Shared, 0.9), (Team::Sales, 0.1)]),
            "Both teams together own 90.0 % of the value lost to causes the teams control; sales 10.0 %."
        );
        assert_eq!(team_sentence(&[]), "");
        assert_eq!(team_share(f64::NAN), "—");
    }

    #[test]
    fn table_columns_line_up() {
        let mut t = MdTable::new(&[("Name", Align::Left), ("Count", Align::Right)]);
        t.row(vec!["Inquiry".into(), "12,000".into()]);
        t.row(vec!["Won".into(), "60".into()]);
        let mut out = String::new();
        t.write(&mut out);
        assert_eq!(
            out,
            "| Name    |  Count |\n| ------- | -----: |\n| Inquiry | 12,000 |\n| Won     |     60 |\n"
        );
    }
}
