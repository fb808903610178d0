//! Drawing the Setup screen: a pure function of the view state and the
//! session (the click map aside, kept in a `Cell`).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::edit::{DETAILS, Detail};
use super::{Pane, Setup};
use crate::session::{Role, Session};
use crate::tui::screens::View;
use crate::tui::screens::list::{Rows, wrap};
use crate::tui::theme::Theme;
use crate::tui::widgets::pane::Panel;
use crate::tui::widgets::text_field::parse_text;

impl Setup {
    pub(super) fn draw(&self, f: &mut Frame, area: Rect, v: &View) {
        let theme = v.theme;
        let s = v.session;
        let [left, right] = Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(area);
        let [people, pairs] = Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(right);
        let block = |title: String, pane: Pane| {
            Panel::new(Span::styled(title, theme.title), if self.pane == pane { theme.border_focus } else { theme.border })
        };

        // Details.
        let b = block(" Workshop ".into(), Pane::Details);
        let inner = b.inner(left);
        f.render_widget(b, left);
        let detail_rows = Rows { area: inner, first: 0, count: DETAILS.len().min(usize::from(inner.height)), per: 1 };
        let label_w = 13u16;
        for (i, d) in DETAILS.iter().enumerate() {
            let y = inner.y + i as u16;
            if y >= inner.bottom() {
                break;
            }
            let selected = self.pane == Pane::Details && i == self.detail;
            let row = Rect { y, height: 1, ..inner };
            let [l, val] = Layout::horizontal([Constraint::Length(label_w), Constraint::Min(0)]).areas(row);
            let marker = if selected { "▶" } else { " " };
            f.render_widget(Paragraph::new(Span::styled(format!("{marker}{}", d.label()), theme.dim)), l);
            if selected && let Some(field) = &self.field {
                // The reason, if any, is spelled out whole below the rows.
                field.render_marked(f, val, theme, d.parse(field.value(), s).is_err());
                continue;
            }
            let mut text = d.value(s);
            if d.cycles() {
                text = format!("‹ {text} ›");
            }
            f.render_widget(Paragraph::new(Span::styled(text, if selected { theme.selected } else { theme.base })), val);
        }
        // At the bottom: the keys for where the cursor is, and why a typed
        // value is refused; above it, as room allows, the funnel's stages.
        let width = usize::from(inner.width);
        let (error, hint) = self.hint(s);
        let mut lines: Vec<Line> = Vec::new();
        if let Some(e) = error {
            lines.extend(wrap(&format!("✗ {e}"), width).into_iter().map(|l| Line::from(Span::styled(l, theme.bad))));
        }
        lines.extend(wrap(&hint, width).into_iter().map(|l| Line::from(Span::styled(l, theme.key))));
        let top = inner.y + DETAILS.len() as u16 + 1;
        let room = inner.bottom().saturating_sub(top);
        let hint_h = (lines.len() as u16).min(room);
        if hint_h > 0 {
            let area = Rect { y: inner.bottom() - hint_h, height: hint_h, ..inner };
            f.render_widget(Paragraph::new(lines), area);
        }
        let names: Vec<&str> = s.stages.iter().map(|st| st.name.as_str()).collect();
        let tip: Vec<Line> = wrap(&names.join(" › "), width).into_iter().map(|l| Line::from(Span::styled(l, theme.dim))).collect();
        // The stages only where they fit whole, a blank line from the keys.
        let tip_room = room.saturating_sub(hint_h + 1);
        if !tip.is_empty() && tip.len() as u16 <= tip_room {
            f.render_widget(Paragraph::new(tip), Rect { y: top, height: tip_room, ..inner });
        }

        let people_rows = self.render_people(f, people, s, theme, block(format!(" People ({}) ", s.participants.len()), Pane::People));
        let step_title = match s.step_label(self.step) {
            Some(l) if self.pane == Pane::Pairs => format!(" Pairs — {l} "),
            _ => format!(" Pairs ({}) ", s.pairs.len()),
        };
        let pair_rows = self.render_pairs(f, pairs, s, theme, block(step_title, Pane::Pairs));
        self.hits.set([(left, detail_rows), (people, people_rows), (pairs, pair_rows)]);
    }

    fn render_people(&self, f: &mut Frame, area: Rect, s: &Session, theme: &Theme, b: Panel) -> Rows {
        let inner = b.inner(area);
        f.render_widget(b, area);
        let shown = self.visible(s);
        let inner = if self.filter.active() || self.filter.typing() {
            let [list, line] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(inner);
            self.filter.render(f, line, theme, shown.len(), s.participants.len());
            list
        } else {
            inner
        };
        let rows = usize::from(inner.height);
        let adding_row = self.adding && self.field.is_some();
        // The adding row sits below the last person and must stay in view.
        let cursor = if adding_row { shown.len() } else { shown.iter().position(|i| *i == self.person).unwrap_or(0) };
        let offset = (cursor + 1).saturating_sub(rows);
        if s.participants.is_empty() && !adding_row {
            f.render_widget(
                Paragraph::new(Span::styled("No one yet: press a and type names, Enter after each.", theme.dim))
                    .wrap(ratatui::widgets::Wrap { trim: true }),
                inner,
            );
        }
        for (pos, &i) in shown.iter().enumerate().skip(offset).take(rows) {
            let Some(p) = s.participants.get(i) else { continue };
            let y = inner.y + (pos - offset) as u16;
            let row = Rect { y, height: 1, ..inner };
            let selected = self.pane == Pane::People && i == self.person;
            if selected && !self.adding && let Some(field) = &self.field {
                // The reason, if any, is spelled out whole in the Workshop pane.
                field.render_marked(f, row, theme, parse_text(field.value(), "a name").is_err());
                continue;
            }
            let pair = s.pairs.iter().position(|pair| pair.members.contains(&p.id)).map_or("no pair".to_string(), |i| format!("pair {}", i + 1));
            let style = if selected { theme.selected } else { theme.base };
            let name_w = usize::from(inner.width).saturating_sub(22).clamp(8, 32);
            let line = Line::from(vec![
                Span::styled(if selected { "▶ " } else { "  " }, style),
                Span::styled(format!("{:<name_w$.name_w$}", p.name), style),
                Span::styled(format!(" {:<9}", p.role.label()), theme.key),
                Span::styled(format!(" {pair}"), theme.dim),
            ]);
            f.render_widget(Paragraph::new(line), row);
        }
        if adding_row && let Some(field) = &self.field {
            let y = (inner.y + (shown.len() - offset.min(shown.len())) as u16).min(inner.bottom().saturating_sub(1));
            let row = Rect { y, height: 1, ..inner };
            let invalid = !field.value().is_empty() && parse_text(field.value(), "a name").is_err();
            let [l, r] = Layout::horizontal([Constraint::Length(6), Constraint::Min(0)]).areas(row);
            f.render_widget(Paragraph::new(Span::styled("new: ", theme.key)), l);
            field.render_marked(f, r, theme, invalid);
        }
        let drawn: Vec<usize> = shown.iter().skip(offset).take(rows).copied().collect();
        let count = drawn.len();
        self.people_shown.replace(drawn);
        Rows { area: inner, first: 0, count, per: 1 }
    }

    /// What the keys do here and now, and what is wrong with the value
    /// being typed: sentences for the room, wrapped, never cut.
    fn hint(&self, s: &Session) -> (Option<String>, String) {
        if let Some(field) = &self.field {
            let value = field.value();
            return match self.pane {
                Pane::Details => (
                    DETAILS[self.detail].parse(value, s).err(),
                    "Enter saves · Esc cancels · Tab saves and goes to the next row".into(),
                ),
                Pane::People if self.adding => (
                    if value.is_empty() { None } else { parse_text(value, "a name").err() },
                    "Type a name, Enter adds it; Esc when done.".into(),
                ),
                _ => (parse_text(value, "a name").err(), "Enter saves · Esc cancels".into()),
            };
        }
        if self.filter.typing() {
            return (None, "Type part of a name · Enter keeps the list · Esc shows everyone".into());
        }
        let hint = match self.pane {
            Pane::Details => {
                let d = DETAILS[self.detail];
                let first = match d {
                    Detail::Template => "← → or Space: pick another funnel template.".to_string(),
                    d if d.cycles() => format!("← → or Space: pick the {}.", d.label().to_lowercase()),
                    _ => "Enter: edit this row.".to_string(),
                };
                format!("{first} Tab: to People, then Pairs.")
            }
            Pane::People if s.participants.is_empty() => "a adds people · Tab: to Pairs".into(),
            Pane::People => {
                let esc = if self.filter.active() { " · Esc shows everyone" } else { "" };
                format!("← → or Space: team · a adds · Enter renames · p moves to the next pair · d deletes · / finds a name{esc}")
            }
            Pane::Pairs if s.pairs.is_empty() => "r forms pairs · Tab: to Workshop".into(),
            Pane::Pairs => "← → picks a step; Space: this pair works on it or not · r reshuffles all pairs".into(),
        };
        (None, hint)
    }

    fn render_pairs(&self, f: &mut Frame, area: Rect, s: &Session, theme: &Theme, b: Panel) -> Rows {
        let inner = b.inner(area);
        f.render_widget(b, area);
        if s.pairs.is_empty() {
            f.render_widget(
                Paragraph::new(Span::styled("No pairs yet: press r to pair each salesperson with a marketer.", theme.dim))
                    .wrap(ratatui::widgets::Wrap { trim: true }),
                inner,
            );
            return Rows::default();
        }
        let rows = usize::from(inner.height / 2).max(1);
        let offset = (self.pair + 1).saturating_sub(rows);
        for (i, pair) in s.pairs.iter().enumerate().skip(offset).take(rows) {
            let y = inner.y + 2 * (i - offset) as u16;
            let selected = self.pane == Pane::Pairs && i == self.pair;
            let style = if selected { theme.selected } else { theme.base };
            let mixed = {
                let roles: Vec<Role> = pair.members.iter().filter_map(|m| s.participant(*m)).map(|p| p.role).collect();
                roles.contains(&Role::Sales) && roles.contains(&Role::Marketing)
            };
            let mut head = vec![
                Span::styled(if selected { "▶ " } else { "  " }, style),
                Span::styled(format!("{} {}", i + 1, s.pair_label(pair.id)), style),
            ];
            if !mixed {
                head.push(Span::styled("  ⚠ not sales+marketing", theme.warn));
            }
            f.render_widget(Paragraph::new(Line::from(head)), Rect { y, height: 1, ..inner });
            let names: Vec<&str> = s.stages.iter().map(|st| st.name.as_str()).collect();
            let on: Vec<bool> = (0..s.step_count()).map(|k| pair.steps.contains(&k)).collect();
            // The selected pair keeps the cursor in view; another keeps its first step.
            let focus = if selected { self.step } else { on.iter().position(|x| *x).unwrap_or(0) };
            let width = usize::from(inner.width).saturating_sub(CHIP_INDENT.len());
            let mut chips = vec![Span::raw(CHIP_INDENT)];
            for (n, chip) in fit_chips(&names, &on, focus, width).into_iter().enumerate() {
                if n > 0 {
                    chips.push(Span::raw("  "));
                }
                match chip {
                    Chip::Step(k, text) => {
                        let st = if selected && k == self.step {
                            theme.selected
                        } else if on[k] {
                            theme.key
                        } else {
                            theme.dim
                        };
                        chips.push(Span::styled(text, st));
                    }
                    Chip::More => chips.push(Span::styled("…", theme.dim)),
                }
            }
            if y + 1 < inner.bottom() {
                f.render_widget(Paragraph::new(Line::from(chips)), Rect { y: y + 1, height: 1, ..inner });
            }
        }
        Rows { area: inner, first: offset, count: s.pairs.len().saturating_sub(offset).min(rows), per: 2 }
    }
}

const CHIP_INDENT: &str = "    ";

/// One item of a pair's step row.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Chip {
    /// Step `k` and its text: "■ MQL → SAL" (■ when the pair works on it).
    Step(usize, String),
    /// Steps left out for want of room.
    More,
}

/// A stage name cut to `max` characters, "…" marking the cut.
fn cut(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        name.to_string()
    } else {
        let mut s: String = name.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// The step chips of a pair, named by their stages ("■ MQL → SAL"), fitted
/// into `width` columns: whole names when they fit, else names cut to the
/// longest length that fits (at least three characters), else a run of
/// steps around `focus` with "…" for those left out.
fn fit_chips(names: &[&str], on: &[bool], focus: usize, width: usize) -> Vec<Chip> {
    let chip = |k: usize, max: usize| {
        let mark = if on.get(k).copied().unwrap_or(false) { "■" } else { "□" };
        let from = names.get(k).copied().unwrap_or("?");
        let to = names.get(k + 1).copied().unwrap_or("?");
        Chip::Step(k, format!("{mark} {} → {}", cut(from, max), cut(to, max)))
    };
    let len = |c: &Chip| match c {
        Chip::Step(_, t) => t.chars().count(),
        Chip::More => 1,
    };
    let row_len = |row: &[Chip]| row.iter().map(len).sum::<usize>() + 2 * row.len().saturating_sub(1);
    let steps = on.len();
    let longest = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    for max in (3..=longest.max(3)).rev() {
        let row: Vec<Chip> = (0..steps).map(|k| chip(k, max)).collect();
        if row_len(&row) <= width {
            return row;
        }
    }
    // Grow a window around the focus, one step at a time, while it fits.
    let focus = focus.min(steps.saturating_sub(1));
    let (mut lo, mut hi) = (focus, focus + 1);
    let window = |lo: usize, hi: usize| {
        let mut row = Vec::new();
        if lo > 0 {
            row.push(Chip::More);
        }
        row.extend((lo..hi.min(steps)).map(|k| chip(k, 3)));
        if hi < steps {
            row.push(Chip::More);
        }
        row
    };
    loop {
        let grown = if hi < steps { (lo, hi + 1) } else if lo > 0 { (lo - 1, hi) } else { break };
        if row_len(&window(grown.0, grown.1)) > width {
            break;
        }
        (lo, hi) = grown;
    }
    window(lo, hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(chips: &[Chip]) -> Vec<String> {
        chips
            .iter()
            .map(|c| match c {
                Chip::Step(_, t) => t.clone(),
                Chip::More => "…".into(),
            })
            .collect()
    }

    const NAMES: [&str; 6] = ["Inquiry", "MQL", "SAL", "SQL", "Opportunity", "Won"];
    const ON: [bool; 5] = [true, true, false, false, false];

    #[test]
    fn steps_are_named_by_their_stages_when_they_fit() {
        assert_eq!(
            texts(&fit_chips(&NAMES, &ON, 0, 200)),
            ["■ Inquiry → MQL", "■ MQL → SAL", "□ SAL → SQL", "□ SQL → Opportunity", "□ Opportunity → Won"]
        );
    }

    #[test]
    fn narrow_rows_cut_long_names_then_show_a_window_around_the_cursor() {
        let cut_row = texts(&fit_chips(&NAMES, &ON, 0, 70));
        assert_eq!(cut_row, ["■ Inqu… → MQL", "■ MQL → SAL", "□ SAL → SQL", "□ SQL → Oppo…", "□ Oppo… → Won"]);
        let window = fit_chips(&NAMES, &ON, 3, 30);
        assert_eq!(texts(&window), ["…", "□ SQL → Op…", "□ Op… → Won"]);
        assert!(window.contains(&Chip::Step(3, "□ SQL → Op…".into())), "the cursor's step stays in view");
    }
}
