//! Drawing the Review screen: a pure function of the view state and the
//! session (the click map aside, kept in cells). Every figure is
//! `model::review` of the session, worded by `crate::format`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::table::{self, Col};
use super::{ReviewScreen, Section, Target, carried};
use crate::format;
use crate::model::{self, Review};
use crate::session::{Session, Status};
use crate::tui::screens::View;
use crate::tui::screens::list::{Stack, fit, scroll_to_fit, window_note};
use crate::tui::theme::Theme;
use crate::tui::widgets::pane::Panel;

use super::parts::{detail_panel, lines_of, met_style, top};
use super::parts::{status_style, status_words};

pub(super) const DASH: &str = "—";

/// From this inner width on, the note of an action gets a column.
const WIDE: usize = 110;

/// The cursor's mark before each row: "▶ ".
pub(super) const MARK: usize = 2;

impl ReviewScreen {
    pub(super) fn draw(&self, f: &mut Frame, area: Rect, v: &View) {
        let Some(r) = model::review(v.session) else {
            return self.draw_nothing(f, area, v);
        };
        let head = header(v.session, &r, usize::from(area.width), v.theme);
        let h = u16::try_from(head.len()).unwrap_or(u16::MAX);
        let [top, bar, body] = Layout::vertical([
            Constraint::Length(h),
            Constraint::Length(1),
            Constraint::Min(0),
        ])
        .areas(area);
        f.render_widget(Paragraph::new(head), top);
        self.draw_bar(f, bar, v, &r);
        match self.section {
            Section::Actions => self.draw_actions(f, body, v),
            Section::Kpis => self.draw_kpis(f, body, v, &r),
            Section::Funnel => self.draw_funnel(f, body, v, &r),
            Section::Ideas => self.draw_ideas(f, body, v, &r),
        }
    }

    fn draw_nothing(&self, f: &mut Frame, area: Rect, v: &View) {
        let theme = v.theme;
        let panel = Panel::new(Span::styled(" Review ", theme.title), theme.border_focus);
        let inner = panel.inner(area);
        f.render_widget(panel, area);
        let w = usize::from(inner.width);
        let mut lines = lines_of(
            "Nothing to review: this session is not a follow-up of an earlier one.",
            w,
            theme.base,
        );
        lines.extend(lines_of(
            "To make the next check-in, select this session on the start screen and press f, or run: funnelcheck follow-up FILE",
            w,
            theme.dim,
        ));
        f.render_widget(Paragraph::new(lines), inner);
        self.hits.replace(Stack::default());
    }

    fn draw_bar(&self, f: &mut Frame, area: Rect, v: &View, r: &Review) {
        let theme = v.theme;
        let mut spans = Vec::new();
        let mut tabs = [Rect::default(); 4];
        let mut x = area.x;
        for (i, section) in Section::ALL.iter().enumerate() {
            let active = *section == self.section;
            // Brackets as well as colour mark where the cursor is.
            let label = if active {
                format!("[{}]", section.title())
            } else {
                format!(" {} ", section.title())
            };
            let w = label.chars().count() as u16;
            tabs[i] = Rect {
                x,
                y: area.y,
                width: w.min(area.right().saturating_sub(x)),
                height: 1,
            };
            x = x.saturating_add(w);
            spans.push(Span::styled(
                label,
                if active { theme.tab_active } else { theme.tab },
            ));
        }
        self.tabs.set(tabs);
        let t = r.actions;
        let notes = [
            format!(
                "  actions: {} kept of {} · {} not done · {} dropped · {} to review",
                t.kept(),
                t.total(),
                t.not_done,
                t.dropped,
                t.open
            ),
            format!(
                "  {} of {} actions kept · {} to review",
                t.kept(),
                t.total(),
                t.open
            ),
        ];
        let room = usize::from(area.right().saturating_sub(x));
        if let Some(note) = notes.into_iter().find(|n| n.chars().count() <= room) {
            spans.push(Span::styled(note, theme.dim));
        }
        f.render_widget(Paragraph::new(Line::from(spans)), area);
    }

    /// `cols` laid out in `inner`: the headings, then one line per row
    /// behind a cursor mark, the cursor's row kept on screen; recorded for
    /// clicks and paging.
    pub(super) fn draw_table(&self, f: &mut Frame, inner: Rect, theme: &Theme, cols: &[Col]) {
        let w = usize::from(inner.width).saturating_sub(MARK);
        let (heads, rows) = table::lines(cols, w, theme.dim);
        let pad = |l: Line<'static>| {
            let mut spans = vec![Span::raw(" ".repeat(MARK))];
            spans.extend(l.spans);
            Line::from(spans)
        };
        let h = u16::try_from(heads.len()).unwrap_or(u16::MAX);
        let [top, list] =
            Layout::vertical([Constraint::Length(h), Constraint::Min(0)]).areas(inner);
        f.render_widget(
            Paragraph::new(heads.into_iter().map(pad).collect::<Vec<_>>()),
            top,
        );
        let heights = vec![1; rows.len()];
        let first = scroll_to_fit(self.scroll.get(), self.row(), &heights, list.height);
        self.scroll.set(first);
        let stack = Stack::layout(&heights, first, list);
        for &(i, y, h) in &stack.items {
            let selected = i == self.row();
            let mut spans = vec![Span::styled(
                if selected { "▶ " } else { "  " },
                theme.key,
            )];
            spans.extend(rows[i].spans.iter().cloned());
            let line = Line::from(spans);
            let line = if selected {
                line.patch_style(theme.selected)
            } else {
                line
            };
            f.render_widget(Paragraph::new(line), Rect { y, height: h, ..list });
        }
        self.hits.replace(stack);
    }

    /// The list's border, drawn last: its title says which part shows.
    pub(super) fn frame(&self, f: &mut Frame, area: Rect, theme: &Theme, title: &str, total: usize) {
        let note = window_note(self.scroll.get(), self.hits.borrow().count(), total);
        let w = usize::from(area.width).saturating_sub(4 + note.chars().count());
        let title = format!(" {}{note} ", fit(title, w));
        f.render_widget(
            Panel::new(Span::styled(title, theme.title), theme.border_focus),
            area,
        );
    }

    /// A list panel of `rows` table rows (plus `heads` heading lines) at
    /// the top of `area`, as tall as it needs and no taller than `area`
    /// leaves `below` rows: (list, rest).
    pub(super) fn split(area: Rect, rows: usize, heads: usize, below: u16) -> (Rect, Rect) {
        let want = u16::try_from(rows + heads + 2).unwrap_or(u16::MAX).max(4);
        let h = want.min(area.height.saturating_sub(below)).max(area.height.min(4));
        let [list, rest] =
            Layout::vertical([Constraint::Length(h), Constraint::Min(0)]).areas(area);
        (list, rest)
    }

    fn draw_actions(&self, f: &mut Frame, area: Rect, v: &View) {
        let (s, theme) = (v.session, v.theme);
        let rows = carried(s);
        let title = format!("Actions carried over from last time ({})", rows.len());
        let (list, rest) = Self::split(area, rows.len().max(1), 1, 5);
        let inner = Panel::new("", theme.border).inner(list);
        let w = usize::from(inner.width);
        if rows.is_empty() {
            let text = "No actions were carried over: last time's were all done or dropped, or none were agreed.";
            f.render_widget(Paragraph::new(lines_of(text, w, theme.dim)), inner);
            self.hits.replace(Stack::default());
            self.frame(f, list, theme, &title, 0);
            return;
        }
        let mut cols = vec![
            Col::word("status", 0),
            Col::text("action", 16, 0),
            Col::text("owner", 12, 3),
            Col::word("due", 2),
        ];
        if w >= WIDE {
            cols.push(Col::text("note", 16, 1));
        }
        for &i in &rows {
            let a = &s.actions[i];
            let base = if a.status == Status::Dropped {
                theme.dim
            } else {
                theme.base
            };
            cols[0].push(status_words(a.status), status_style(a.status, theme));
            cols[1].push(a.title.clone(), base);
            let owner = a.owner.trim();
            cols[2].push(if owner.is_empty() { "no owner" } else { owner }, base);
            cols[3].push(a.due.map_or("no date".to_string(), |d| d.to_string()), base);
            if let Some(c) = cols.get_mut(4) {
                c.push(a.note.clone(), theme.dim);
            }
        }
        self.draw_table(f, inner, theme, &cols);
        self.frame(f, list, theme, &title, rows.len());
        let Some(&i) = rows.get(self.row()) else {
            return;
        };
        let a = &s.actions[i];
        let detail = top(rest, 5);
        if let Some((Target::Note(_), field)) = &self.editor {
            return self.draw_field(f, detail, v, &format!("Note on {}", a.title), field);
        }
        let (panel, inner) = detail_panel(&a.title, detail, theme);
        f.render_widget(panel, detail);
        let w = usize::from(inner.width);
        let mut facts = vec![format!("status {}", a.status.label())];
        if let Some(t) = a.team {
            facts.push(format!("team {}", t.label()));
        }
        if let Some(k) = &a.kpi {
            facts.push(format!("moves {k}"));
        }
        let mut lines = lines_of(&facts.join(" · "), w, theme.dim);
        if a.note.trim().is_empty() {
            lines.extend(lines_of(
                "No note yet: Enter writes what the check-in said about it.",
                w,
                theme.dim,
            ));
        } else {
            lines.extend(lines_of(&format!("Note: {}", a.note), w, theme.base));
        }
        f.render_widget(Paragraph::new(lines), inner);
    }

    fn draw_kpis(&self, f: &mut Frame, area: Rect, v: &View, r: &Review) {
        let (s, theme) = (v.session, v.theme);
        let title = "KPIs: actual against target";
        let (list, rest) = Self::split(area, r.kpis.len().max(1), 1, 6);
        let inner = Panel::new("", theme.border).inner(list);
        let w = usize::from(inner.width).saturating_sub(MARK);
        if r.kpis.is_empty() {
            let text = "No KPIs were agreed last time: add them on the Commit screen (6) to check them at the next check-in.";
            f.render_widget(Paragraph::new(lines_of(text, w, theme.dim)), inner);
            self.hits.replace(Stack::default());
            self.frame(f, list, theme, title, 0);
            return;
        }
        const VERDICT: usize = 6;
        let build = |full_values: bool, full_verdict: bool| {
            let mut cols = vec![
                Col::text("KPI", 12, 0),
                Col::word("kind", 1),
                Col::figure("then", 4),
                Col::figure("target", 5),
                Col::figure("actual", 0),
                Col::word("from", 2),
                Col::word("verdict", 3),
            ];
            for (k, kpi) in r.kpis.iter().zip(&s.kpis) {
                let show = |x: Option<f64>| {
                    x.map_or(DASH.to_string(), |x| {
                        if full_values {
                            format::kpi_value(x, &k.unit, &s.currency, s.period)
                        } else {
                            format::kpi_value_short(x, &k.unit, &s.currency)
                        }
                    })
                };
                cols[0].push(k.name.clone(), theme.base);
                cols[1].push(k.kind.label(), theme.dim);
                cols[2].push(show(k.baseline_then), theme.base);
                cols[3].push(show(k.target), theme.base);
                cols[4].push(show(k.actual), theme.base);
                let from = if kpi.measure.is_tied() {
                    "counts"
                } else {
                    "typed"
                };
                cols[5].push(from, theme.dim);
                let verdict = if full_verdict {
                    format::kpi_verdict(k, &s.currency, s.period)
                } else {
                    match k.met {
                        Some(true) => "met".to_string(),
                        Some(false) => "missed".to_string(),
                        None => "no verdict".to_string(),
                    }
                };
                cols[VERDICT].push(verdict, met_style(k.met, theme));
            }
            cols
        };
        // Figures in full when everything fits whole; else short figures,
        // and the verdict with its gap as long as it keeps a column (the
        // kind and the source go first); else the verdict's word alone.
        let cols = [(true, true), (false, true)]
            .into_iter()
            .map(|(a, b)| build(a, b))
            .find(|c| table::fits_whole(c, w))
            .or_else(|| Some(build(false, true)).filter(|c| table::shows(c, w, VERDICT)))
            .unwrap_or_else(|| build(false, false));
        self.draw_table(f, inner, theme, &cols);
        self.frame(f, list, theme, title, r.kpis.len());

        let (Some(k), Some(kpi)) = (r.kpis.get(self.row()), s.kpis.get(self.row())) else {
            return;
        };
        let detail = top(rest, 6);
        if let Some((Target::Actual(_), field)) = &self.editor {
            let unit = k.unit.words(&s.currency, s.period);
            let label = if unit.is_empty() {
                format!("Actual of {} at this check-in", k.name)
            } else {
                format!("Actual of {} at this check-in, in {unit}", k.name)
            };
            return self.draw_field(f, detail, v, &label, field);
        }
        let (panel, inner) = detail_panel(&k.name, detail, theme);
        f.render_widget(panel, detail);
        let w = usize::from(inner.width);
        let full = |x: Option<f64>| {
            x.map_or(DASH.to_string(), |x| {
                format::kpi_value(x, &k.unit, &s.currency, s.period)
            })
        };
        let way = if k.up {
            "higher is better"
        } else {
            "lower is better"
        };
        let mut lines = lines_of(
            &format!(
                "{} · {} · {} · {way}",
                kpi.measure.words(s.period),
                k.kind.label(),
                kpi.team.label()
            ),
            w,
            theme.dim,
        );
        let source = if kpi.measure.is_tied() {
            "from this period's counts"
        } else if k.actual.is_some() {
            "typed at the check-in; Enter retypes it"
        } else {
            "not typed yet: Enter types it"
        };
        lines.extend(lines_of(
            &format!(
                "Last time {} · target {} · actual {} ({source})",
                full(k.baseline_then),
                full(k.target),
                full(k.actual)
            ),
            w,
            theme.base,
        ));
        lines.extend(lines_of(
            &format!("Verdict: {}", format::kpi_verdict(k, &s.currency, s.period)),
            w,
            met_style(k.met, theme),
        ));
        f.render_widget(Paragraph::new(lines), inner);
    }

    pub(super) fn draw_field(
        &self,
        f: &mut Frame,
        area: Rect,
        v: &View,
        label: &str,
        field: &crate::tui::widgets::text_field::TextField,
    ) {
        let theme = v.theme;
        let panel = Panel::new(
            Span::styled(
                format!(" {} ", fit(label, usize::from(area.width).saturating_sub(4))),
                theme.title,
            ),
            theme.border_focus,
        );
        let inner = panel.inner(area);
        f.render_widget(panel, area);
        let [line, rest] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
        field.render(f, line, theme, None);
        let w = usize::from(rest.width);
        let mut lines = Vec::new();
        if let Some(Err(e)) = self.build(v.session) {
            lines.extend(lines_of(&format!("✗ {e}"), w, theme.bad));
        }
        lines.extend(lines_of(
            "Enter saves · Esc cancels · empty clears it",
            w,
            theme.dim,
        ));
        f.render_widget(Paragraph::new(lines), rest);
    }
}

/// The lines above the sections: whom this check-in follows up, and what
/// is still missing for the comparison.
fn header(s: &Session, r: &Review, w: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let (title, date) = s.previous.as_ref().map_or_else(
        || ("an earlier session".to_string(), String::new()),
        |p| (format!("“{}”", p.title), format!(" of {}", p.date)),
    );
    let room = w.saturating_sub("Follows up ".len() + date.chars().count());
    lines.push(Line::from(vec![
        Span::styled("Follows up ", theme.dim),
        Span::styled(fit(&title, room), theme.title),
        Span::styled(date, theme.dim),
    ]));
    let deal_missing = s.deal_size.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater);
    let warning = match (r.counts_in, deal_missing) {
        (false, true) => Some(
            "⚠ This period's counts are not in yet: type them on the Funnel screen (2), and the deal size on Setup (1).",
        ),
        (false, false) => {
            Some("⚠ This period's counts are not in yet: type them on the Funnel screen (2).")
        }
        (true, true) => {
            Some("⚠ This period's deal size is not typed yet: type it on the Setup screen (1).")
        }
        (true, false) => None,
    };
    if let Some(text) = warning {
        lines.extend(lines_of(text, w, theme.warn));
    }
    lines
}
