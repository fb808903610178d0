//! Drawing the Review screen: a pure function of the view state and the
//! session (the click map aside, kept in cells). Every figure is
//! `model::review` of the session, worded by `crate::format`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::table::{self, Col};
use super::{ReviewScreen, Section, Target, carried};
use crate::format;
use crate::model::{self, ChangeUnit, Judgement, Review, Verdict};
use crate::session::{Session, Status};
use crate::tui::screens::View;
use crate::tui::screens::list::{Stack, fit, scroll_to_fit, window_note, wrap};
use crate::tui::theme::Theme;
use crate::tui::widgets::pane::Panel;

const DASH: &str = "—";

/// From this inner width on, money shows in full and long headings fit.
const WIDE: usize = 110;

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

    /// One line per row under a heading line, the cursor's row kept on
    /// screen and marked; recorded for clicks and paging.
    fn draw_rows(
        &self,
        f: &mut Frame,
        inner: Rect,
        theme: &Theme,
        head: Line<'static>,
        rows: Vec<Line<'static>>,
    ) {
        let [top, list] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
        f.render_widget(Paragraph::new(head), top);
        let heights = vec![1; rows.len()];
        let first = scroll_to_fit(self.scroll.get(), self.row(), &heights, list.height);
        self.scroll.set(first);
        let stack = Stack::layout(&heights, first, list);
        for &(i, y, h) in &stack.items {
            let line = if i == self.row() {
                rows[i].clone().patch_style(theme.selected)
            } else {
                rows[i].clone()
            };
            f.render_widget(Paragraph::new(line), Rect { y, height: h, ..list });
        }
        self.hits.replace(stack);
    }

    /// The list's border, drawn last: its title says which part shows.
    fn frame(&self, f: &mut Frame, area: Rect, theme: &Theme, title: &str, total: usize) {
        let note = window_note(self.scroll.get(), self.hits.borrow().count(), total);
        let w = usize::from(area.width).saturating_sub(4 + note.chars().count());
        let title = format!(" {}{note} ", fit(title, w));
        f.render_widget(
            Panel::new(Span::styled(title, theme.title), theme.border_focus),
            area,
        );
    }

    fn draw_actions(&self, f: &mut Frame, area: Rect, v: &View) {
        let (s, theme) = (v.session, v.theme);
        let rows = carried(s);
        let detail_h = 5.min(area.height / 2);
        let [list, detail] =
            Layout::vertical([Constraint::Min(0), Constraint::Length(detail_h)]).areas(area);
        let inner = Panel::new("", theme.border).inner(list);
        let w = usize::from(inner.width);
        if rows.is_empty() {
            let text = "No actions were carried over: last time's were all done or dropped, or none were agreed.";
            f.render_widget(Paragraph::new(lines_of(text, w, theme.dim)), inner);
            self.hits.replace(Stack::default());
            self.frame(f, list, theme, "Actions carried over from last time", 0);
            return;
        }
        let mut cols = vec![
            Col::word("", 0),
            Col::word("status", 0),
            Col::text("action", 16, 0),
            Col::text("owner", 8, 3),
            Col::word("due", 2),
        ];
        if w >= WIDE {
            cols.push(Col::text("note", 16, 1));
        }
        for (n, &i) in rows.iter().enumerate() {
            let a = &s.actions[i];
            let base = if a.status == Status::Dropped {
                theme.dim
            } else {
                theme.base
            };
            cols[0].push(marker(n == self.row()), theme.key);
            cols[1].push(status_words(a.status), status_style(a.status, theme));
            cols[2].push(a.title.clone(), base);
            let owner = a.owner.trim();
            cols[3].push(if owner.is_empty() { "no owner" } else { owner }, base);
            cols[4].push(a.due.map_or("no date".to_string(), |d| d.to_string()), base);
            if let Some(c) = cols.get_mut(5) {
                c.push(a.note.clone(), theme.dim);
            }
        }
        let (head, body) = table::lines(&cols, w, theme.dim);
        self.draw_rows(f, inner, theme, head, body);
        self.frame(
            f,
            list,
            theme,
            &format!("Actions carried over from last time ({})", rows.len()),
            rows.len(),
        );
        let Some(&i) = rows.get(self.row()) else {
            return;
        };
        let a = &s.actions[i];
        if let Some((Target::Note(_), field)) = &self.editor {
            return self.draw_field(f, detail, v, &format!("Note on {}", a.title), field);
        }
        let panel = Panel::new(
            Span::styled(
                format!(" {} ", fit(&a.title, usize::from(detail.width).saturating_sub(4))),
                theme.title,
            ),
            theme.border,
        );
        let inner = panel.inner(detail);
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
        let detail_h = 6.min(area.height / 2);
        let [list, detail] =
            Layout::vertical([Constraint::Min(0), Constraint::Length(detail_h)]).areas(area);
        let inner = Panel::new("", theme.border).inner(list);
        let w = usize::from(inner.width);
        let title = "KPIs: actual against target";
        if r.kpis.is_empty() {
            let text = "No KPIs were agreed last time: add them on the Commit screen (6) to check them at the next check-in.";
            f.render_widget(Paragraph::new(lines_of(text, w, theme.dim)), inner);
            self.hits.replace(Stack::default());
            self.frame(f, list, theme, title, 0);
            return;
        }
        let build = |full_values: bool, full_verdict: bool| {
            let mut cols = vec![
                Col::word("", 0),
                Col::text("KPI", 12, 0),
                Col::word("kind", 1),
                Col::figure("then", 4),
                Col::figure("target", 5),
                Col::figure("actual", 0),
                Col::word("from", 2),
                Col::word("verdict", 3),
            ];
            for (n, (k, kpi)) in r.kpis.iter().zip(&s.kpis).enumerate() {
                let show = |x: Option<f64>| {
                    x.map_or(DASH.to_string(), |x| {
                        if full_values {
                            format::kpi_value(x, &k.unit, &s.currency, s.period)
                        } else {
                            format::kpi_value_short(x, &k.unit, &s.currency)
                        }
                    })
                };
                cols[0].push(marker(n == self.row()), theme.key);
                cols[1].push(k.name.clone(), theme.base);
                cols[2].push(k.kind.label(), theme.dim);
                cols[3].push(show(k.baseline_then), theme.base);
                cols[4].push(show(k.target), theme.base);
                cols[5].push(show(k.actual), theme.base);
                let from = if kpi.measure.is_tied() { "counts" } else { "typed" };
                cols[6].push(from, theme.dim);
                let verdict = if full_verdict {
                    format::kpi_verdict(k, &s.currency, s.period)
                } else {
                    match k.met {
                        Some(true) => "met".to_string(),
                        Some(false) => "missed".to_string(),
                        None => "no verdict".to_string(),
                    }
                };
                let style = match k.met {
                    Some(true) => theme.good,
                    Some(false) => theme.bad,
                    None => theme.dim,
                };
                cols[7].push(verdict, style);
            }
            cols
        };
        // Figures in full when they fit, else short; a verdict's gap is a
        // figure too, so it is shown whole or the word alone.
        let cols = [(true, true), (false, true), (false, false)]
            .into_iter()
            .map(|(a, b)| build(a, b))
            .find(|c| table::fits(c, w))
            .unwrap_or_else(|| build(false, false));
        let (head, body) = table::lines(&cols, w, theme.dim);
        self.draw_rows(f, inner, theme, head, body);
        self.frame(f, list, theme, title, r.kpis.len());

        let (Some(k), Some(kpi)) = (r.kpis.get(self.row()), s.kpis.get(self.row())) else {
            return;
        };
        if let Some((Target::Actual(_), field)) = &self.editor {
            let unit = k.unit.words(&s.currency, s.period);
            let label = if unit.is_empty() {
                format!("Actual of {} at this check-in", k.name)
            } else {
                format!("Actual of {} at this check-in, in {unit}", k.name)
            };
            return self.draw_field(f, detail, v, &label, field);
        }
        let panel = Panel::new(
            Span::styled(
                format!(" {} ", fit(&k.name, usize::from(detail.width).saturating_sub(4))),
                theme.title,
            ),
            theme.border,
        );
        let inner = panel.inner(detail);
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
            match k.met {
                Some(true) => theme.good,
                Some(false) => theme.bad,
                None => theme.dim,
            },
        ));
        f.render_widget(Paragraph::new(lines), inner);
    }

    fn draw_funnel(&self, f: &mut Frame, area: Rect, v: &View, r: &Review) {
        let (s, theme) = (v.session, v.theme);
        let mut notes: Vec<(String, Style)> = Vec::new();
        if !r.gone.is_empty() {
            notes.push((
                format!(
                    "Last time's steps not in this funnel (stages are matched by name): {}",
                    r.gone.join(", ")
                ),
                theme.warn,
            ));
        }
        let w_all = usize::from(area.width.saturating_sub(2));
        let note_lines: Vec<Line> = notes
            .iter()
            .flat_map(|(t, st)| lines_of(t, w_all, *st))
            .collect();
        let note_h = u16::try_from(note_lines.len()).unwrap_or(u16::MAX);
        let [list, below] =
            Layout::vertical([Constraint::Min(0), Constraint::Length(note_h)]).areas(area);
        f.render_widget(Paragraph::new(note_lines), below);
        let inner = Panel::new("", theme.border).inner(list);
        let w = usize::from(inner.width);
        let per = s.period.label();
        let build = |full: bool| {
            let (lt, ln) = if full {
                ("value lost then", "value lost now")
            } else {
                ("lost then", "lost now")
            };
            let mut cols = vec![
                Col::word("", 0),
                Col::text("step", 10, 0),
                Col::figure("conv. then", 3),
                Col::figure("conv. now", 0),
                Col::figure("change", 0),
                Col::figure(lt, 1),
                Col::figure(ln, 2),
                Col::figure("change", 2),
            ];
            let money = |x: f64| {
                if full {
                    format::money(x, &s.currency)
                } else {
                    format::money_short(x, &s.currency)
                }
            };
            let or_dash = |x: Option<String>| x.unwrap_or_else(|| DASH.to_string());
            for (n, st) in r.steps.iter().enumerate() {
                cols[0].push(marker(n == self.row()), theme.key);
                cols[1].push(st.label.clone(), theme.base);
                cols[2].push(or_dash(st.then.map(|t| format::percent(t.conversion))), theme.base);
                cols[3].push(or_dash(st.now.map(|t| format::percent(t.conversion))), theme.base);
                let pts = st.points();
                cols[4].push(
                    or_dash(pts.map(|p| format::change(p / 100.0, ChangeUnit::Points))),
                    sign_style(pts.map(|p| (p * 10.0).round()), theme, true),
                );
                cols[5].push(or_dash(st.then.map(|t| money(t.value_lost))), theme.base);
                cols[6].push(or_dash(st.now.map(|t| money(t.value_lost))), theme.base);
                let lost = st.value_lost_change();
                cols[7].push(
                    or_dash(lost.map(|x| signed_money(x, &money))),
                    sign_style(lost.map(f64::round), theme, false),
                );
            }
            cols
        };
        let cols = Some(build(true))
            .filter(|c| table::fits(c, w))
            .unwrap_or_else(|| build(false));
        let (head, body) = table::lines(&cols, w, theme.dim);
        self.draw_rows(f, inner, theme, head, body);
        let revenue_now = if r.counts_in {
            format::money(r.revenue_now, &s.currency)
        } else {
            DASH.to_string()
        };
        let title = format!(
            "The funnel now against last time, per {per} · revenue {} then, {revenue_now} now",
            format::money(r.revenue_then, &s.currency)
        );
        let short = format!("The funnel now against last time, per {per}");
        let room = usize::from(list.width).saturating_sub(4);
        let title = if title.chars().count() <= room {
            title
        } else {
            short
        };
        self.frame(f, list, theme, &title, r.steps.len());
    }

    fn draw_ideas(&self, f: &mut Frame, area: Rect, v: &View, r: &Review) {
        let theme = v.theme;
        let w_all = usize::from(area.width);
        let calibration = lines_of(
            &format!("Calibration: {}.", format::calibration(&r.calibration)),
            w_all,
            theme.key,
        );
        let cal_h = u16::try_from(calibration.len()).unwrap_or(u16::MAX);
        let detail_h = 6.min(area.height.saturating_sub(cal_h) / 2);
        let [list, detail, bottom] = Layout::vertical([
            Constraint::Min(0),
            Constraint::Length(detail_h),
            Constraint::Length(cal_h),
        ])
        .areas(area);
        f.render_widget(Paragraph::new(calibration), bottom);
        let inner = Panel::new("", theme.border).inner(list);
        let w = usize::from(inner.width);
        let title = "The plan under review: predicted change at its step against the change seen";
        if r.ideas.is_empty() {
            let text = "Last time's plan had no ideas, so there is no prediction to check.";
            f.render_widget(Paragraph::new(lines_of(text, w, theme.dim)), inner);
            self.hits.replace(Stack::default());
            self.frame(f, list, theme, title, 0);
            return;
        }
        let build = |long: bool| {
            let mut cols = vec![
                Col::word("", 0),
                Col::text("idea", 14, 0),
                Col::text("acts on", 9, 1),
                Col::figure(
                    if long {
                        "predicted low / likely / high"
                    } else {
                        "low / likely / high"
                    },
                    0,
                ),
                Col::figure("seen", 0),
                Col::word("verdict", 2),
            ];
            for (n, i) in r.ideas.iter().enumerate() {
                cols[0].push(marker(n == self.row()), theme.key);
                cols[1].push(i.title.clone(), theme.base);
                cols[2].push(i.acts_on.clone(), theme.dim);
                cols[3].push(format::change_range(&i.predicted, i.unit), theme.base);
                cols[4].push(
                    i.observed
                        .map_or(DASH.to_string(), |o| format::change(o, i.unit)),
                    theme.base,
                );
                let (word, style) = verdict_word(&i.judgement, long, theme);
                cols[5].push(word, style);
            }
            cols
        };
        let cols = Some(build(true))
            .filter(|c| table::fits(c, w))
            .unwrap_or_else(|| build(false));
        let (head, body) = table::lines(&cols, w, theme.dim);
        self.draw_rows(f, inner, theme, head, body);
        self.frame(f, list, theme, title, r.ideas.len());

        let Some(i) = r.ideas.get(self.row()) else {
            return;
        };
        let panel = Panel::new(
            Span::styled(
                format!(" {} ", fit(&i.title, usize::from(detail.width).saturating_sub(4))),
                theme.title,
            ),
            theme.border,
        );
        let inner = panel.inner(detail);
        f.render_widget(panel, detail);
        let w = usize::from(inner.width);
        let seen = i
            .observed
            .map_or("not seen yet".to_string(), |o| format::change(o, i.unit));
        let mut lines = lines_of(
            &format!(
                "{} on {} · predicted {} · seen {seen}",
                i.kind.label(),
                i.acts_on,
                format::change_range(&i.predicted, i.unit)
            ),
            w,
            theme.dim,
        );
        let (_, style) = verdict_word(&i.judgement, true, theme);
        lines.extend(lines_of(
            &format!("Verdict: {}", format::judgement(i, &r.ideas)),
            w,
            style,
        ));
        f.render_widget(Paragraph::new(lines), inner);
    }

    fn draw_field(
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

/// Wrapped lines of one style.
fn lines_of(text: &str, width: usize, style: Style) -> Vec<Line<'static>> {
    wrap(text, width.max(1))
        .into_iter()
        .map(|l| Line::from(Span::styled(l, style)))
        .collect()
}

fn marker(selected: bool) -> &'static str {
    if selected { "▶" } else { " " }
}

/// A status with its mark: the mark carries the meaning, colour repeats it.
fn status_words(s: Status) -> &'static str {
    match s {
        Status::Open => "· open",
        Status::Done => "✓ done",
        Status::Partly => "◐ partly",
        Status::NotDone => "✗ not done",
        Status::Dropped => "– dropped",
    }
}

fn status_style(s: Status, theme: &Theme) -> Style {
    match s {
        Status::Open => theme.base,
        Status::Done => theme.good,
        Status::Partly => theme.warn,
        Status::NotDone => theme.bad,
        Status::Dropped => theme.dim,
    }
}

/// Good or bad by the sign of a rounded change; `up`: more is better.
fn sign_style(rounded: Option<f64>, theme: &Theme, up: bool) -> Style {
    match rounded {
        Some(x) if x > 0.0 => {
            if up {
                theme.good
            } else {
                theme.bad
            }
        }
        Some(x) if x < 0.0 => {
            if up {
                theme.bad
            } else {
                theme.good
            }
        }
        _ => theme.base,
    }
}

/// A change of money with its sign: "+EUR 180,000", "-1.5M", "0".
fn signed_money(v: f64, money: &dyn Fn(f64) -> String) -> String {
    let body = money(v);
    if v > 0.0 && body.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("+{body}")
    } else {
        body
    }
}

/// An idea's verdict for the list: the words when `long`, else the key.
fn verdict_word(j: &Judgement, long: bool, theme: &Theme) -> (String, Style) {
    let style = |v: &Verdict| match v {
        Verdict::Inside => theme.good,
        Verdict::Below | Verdict::Above => theme.warn,
    };
    let word = |v: &Verdict| {
        if long {
            v.words().to_string()
        } else {
            v.key().to_string()
        }
    };
    match j {
        Judgement::Judged { verdict } => (word(verdict), style(verdict)),
        Judgement::Shared { verdict, .. } => {
            (format!("shared: {}", word(verdict)), style(verdict))
        }
        Judgement::Unjudged { .. } => ("no verdict".to_string(), theme.dim),
    }
}
