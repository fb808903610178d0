//! Drawing the Commit screen: a pure function of the view state and the
//! session (the click map aside, kept in cells). The section bar, the
//! action and KPI lists with their detail panels, and the open form.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::forms::{build_action, build_kpi};
use super::{CommitScreen, Editor, Section, Target};
use crate::model::{self, Check, Letter};
use crate::tui::screens::View;
use crate::tui::screens::list::{Stack, fit, scroll_to_fit, window_note, wrap};
use crate::tui::theme::Theme;
use crate::tui::widgets::pane::Panel;

impl CommitScreen {
    pub(super) fn draw(&self, f: &mut Frame, area: Rect, v: &View) {
        let [bar, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
        self.draw_bar(f, bar, v);
        if let Some((target, editor)) = &self.editor {
            return self.draw_editor(f, body, v, *target, editor);
        }
        match self.section {
            Section::Actions => self.draw_actions(f, body, v),
            Section::Kpis => self.draw_kpis(f, body, v),
            Section::Goals => self.draw_goals(f, body, v),
            Section::Handoff => self.draw_handoff(f, body, v),
            Section::Numbers => self.draw_numbers(f, body, v),
        }
    }

    fn draw_bar(&self, f: &mut Frame, area: Rect, v: &View) {
        let theme = v.theme;
        let mut spans = Vec::new();
        let mut tabs = [Rect::default(); 5];
        let mut x = area.x;
        for (i, section) in Section::ALL.iter().enumerate() {
            let active = *section == self.section;
            // Brackets as well as colour mark where the cursor is.
            let label = if active { format!("[{}]", section.title()) } else { format!(" {} ", section.title()) };
            let w = label.chars().count() as u16;
            tabs[i] = Rect { x, y: area.y, width: w.min(area.right().saturating_sub(x)), height: 1 };
            x = x.saturating_add(w);
            spans.push(Span::styled(label, if active { theme.tab_active } else { theme.tab }));
        }
        self.tabs.set(tabs);
        let s = v.session;
        let open = s.actions.iter().filter(|a| a.status == crate::session::Status::Open).count();
        let note = match s.check_in {
            Some(d) => format!("  {open} open · check-in {d}"),
            None => format!("  {open} open · no check-in date"),
        };
        if x.saturating_add(note.chars().count() as u16) <= area.right() {
            spans.push(Span::styled(note, theme.dim));
        }
        f.render_widget(Paragraph::new(Line::from(spans)), area);
    }

    /// Lays out one list of wrapped items with the cursor kept whole on
    /// screen, and records it for clicks and paging.
    pub(super) fn draw_items(&self, f: &mut Frame, inner: Rect, theme: &Theme, items: &[Vec<Line<'static>>]) -> (usize, usize) {
        let heights: Vec<u16> = items.iter().map(|l| l.len().max(1) as u16).collect();
        let first = scroll_to_fit(self.scroll.get(), self.row(), &heights, inner.height);
        self.scroll.set(first);
        let stack = Stack::layout(&heights, first, inner);
        for &(i, y, h) in &stack.items {
            let lines: Vec<Line> = items[i]
                .iter()
                .map(|l| if i == self.row() { l.clone().patch_style(theme.selected) } else { l.clone() })
                .collect();
            f.render_widget(Paragraph::new(lines), Rect { y, height: h, ..inner });
        }
        let shown = (first, stack.count());
        self.hits.replace(stack);
        shown
    }

    fn draw_actions(&self, f: &mut Frame, area: Rect, v: &View) {
        let (s, theme) = (v.session, v.theme);
        let detail_h = if area.height >= 16 { 8 } else { 7 }.min(area.height / 2);
        let [list, detail] = Layout::vertical([Constraint::Min(0), Constraint::Length(detail_h)]).areas(area);
        let inner = Panel::new("", theme.border_focus).inner(list);
        let w = usize::from(inner.width);
        let owner_w = if w >= 100 { 18 } else { 12 };
        let title_w = w.saturating_sub(15 + owner_w + 1 + 11 + 8 + 2);
        let items: Vec<Vec<Line>> = s
            .actions
            .iter()
            .map(|a| {
                let smart = model::smart(s, a);
                let mut spans = marks(&smart, theme);
                let due = a.due.map_or("no date".to_string(), |d| d.to_string());
                let owner = if a.owner.trim().is_empty() { "no owner" } else { a.owner.trim() };
                spans.push(Span::styled(
                    format!(" {:<title_w$} {:<owner_w$} {:<10} {}", fit(&a.title, title_w), fit(owner, owner_w), due, a.status.label()),
                    if a.status == crate::session::Status::Dropped { theme.dim } else { theme.base },
                ));
                vec![Line::from(spans)]
            })
            .collect();
        if items.is_empty() {
            let text = if s.plan.ideas.is_empty() {
                "No actions yet. a adds one (pick the idea it carries out); put ideas into the plan on Rank (5) to pre-fill them."
            } else {
                "No actions yet. a adds one for the first plan idea without an owner, pre-filled from the idea and its pair."
            };
            f.render_widget(Paragraph::new(lines_of(text, w, theme.dim)), inner);
            self.hits.replace(Stack::default());
        } else {
            self.draw_items(f, inner, theme, &items);
        }
        // The border last: its title says which part of the list shows.
        let title = format!(" Actions ({}){} ", s.actions.len(), window_note(self.scroll.get(), self.hits.borrow().count(), s.actions.len()));
        f.render_widget(Panel::new(Span::styled(title, theme.title), theme.border_focus), list);
        let Some(a) = s.actions.get(self.row()) else { return };
        let panel = Panel::new(Span::styled(" SMART check (a nudge, not a rule) ", theme.title), theme.border);
        let inner = panel.inner(detail);
        f.render_widget(panel, detail);
        let smart = model::smart(s, a);
        let mut lines: Vec<Line> = smart.iter().map(|l| letter_line(l, usize::from(inner.width), theme)).collect();
        let idea = a.idea.and_then(|id| s.idea(id)).map_or("no idea (free-standing)".to_string(), |i| format!("idea: {}", i.title));
        let team = a.team.map_or("no team", |t| t.label());
        lines.push(Line::from(Span::styled(fit(&format!("{idea} · team {team}"), usize::from(inner.width)), theme.dim)));
        f.render_widget(Paragraph::new(lines), inner);
    }

    fn draw_kpis(&self, f: &mut Frame, area: Rect, v: &View) {
        let (s, theme) = (v.session, v.theme);
        let detail_h = 6.min(area.height / 2);
        let [list, detail] = Layout::vertical([Constraint::Min(0), Constraint::Length(detail_h)]).areas(area);
        let title = format!(" Shared KPIs ({}) — baseline → target ", s.kpis.len());
        let panel = Panel::new(Span::styled(title, theme.title), theme.border_focus);
        let inner = panel.inner(list);
        f.render_widget(panel, list);
        let w = usize::from(inner.width);
        // Narrow lists take the short money form, as every table does.
        let values: Vec<(String, bool)> = s
            .kpis
            .iter()
            .map(|k| {
                let fig = model::kpi_figures(s, k);
                let show = |x: Option<f64>| x.map_or("—".to_string(), |x| if w >= 100 { model::show_kpi(s, &fig.unit, x) } else { crate::format::kpi_value_short(x, &fig.unit, &s.currency) });
                match &fig.unbound {
                    Some(_) => ("⚠ stage gone: Enter rebinds".to_string(), true),
                    None => (format!("{} → {}", show(fig.baseline), show(fig.target)), false),
                }
            })
            .collect();
        // Wide lists show money in full ("EUR 1,440,000 per quarter"), so
        // the column grows to the longest pair rather than cutting it.
        let longest = values.iter().map(|(v, _)| v.chars().count()).max().unwrap_or(0);
        let values_w = if w >= 100 { longest.clamp(28, w / 2) } else { 28 };
        let name_w = w.saturating_sub(10 + values_w + 11);
        let items: Vec<Vec<Line>> = s
            .kpis
            .iter()
            .zip(&values)
            .map(|(k, (values, unbound))| {
                let style = if *unbound { theme.bad } else { theme.base };
                vec![Line::from(vec![
                    Span::styled(format!("{:<10}", k.kind.label()), if k.kind == crate::session::KpiKind::Managed { theme.key } else { theme.dim }),
                    Span::styled(format!("{:<name_w$} ", fit(&k.name, name_w)), theme.base),
                    Span::styled(format!("{:<values_w$} ", fit(values, values_w)), style),
                    Span::styled(k.team.label().to_string(), theme.dim),
                ])]
            })
            .collect();
        if items.is_empty() {
            let text = "No KPIs yet. a adds one: tie it to a stage, a step, deal size or revenue and its baseline comes from the funnel and its target from the plan; or type one (\"% of MQLs called within 24 h\").";
            f.render_widget(Paragraph::new(lines_of(text, w, theme.dim)), inner);
            self.hits.replace(Stack::default());
            return;
        }
        self.draw_items(f, inner, theme, &items);
        let Some(k) = s.kpis.get(self.row()) else { return };
        let fig = model::kpi_figures(s, k);
        let panel = Panel::new(Span::styled(format!(" {} ", fit(&k.name, usize::from(detail.width).saturating_sub(4))), theme.title), theme.border);
        let inner = panel.inner(detail);
        f.render_widget(panel, detail);
        let w = usize::from(inner.width);
        let mut lines = Vec::new();
        if let Some(why) = &fig.unbound {
            lines.extend(lines_of(&format!("⚠ {why}: Enter rebinds it to a stage, d drops it"), w, theme.bad));
        }
        let def = if k.definition.trim().is_empty() { "no definition yet (Enter to write one)" } else { k.definition.trim() };
        lines.extend(lines_of(def, w, theme.base));
        let target = match (fig.target, fig.target_typed, fig.plan_target) {
            (Some(_), true, Some(p)) => format!("target typed (the plan implies {})", model::show_kpi(s, &fig.unit, p)),
            (Some(_), true, None) => "target typed".to_string(),
            (Some(_), false, _) => "target from the plan at likely".to_string(),
            (None, _, _) => "no target yet".to_string(),
        };
        let actual = fig.actual.map_or(String::new(), |a| format!(" · actual {}", model::show_kpi(s, &fig.unit, a)));
        let line = format!("{} · {} · {} · {target}{actual}", k.measure.words(s.period), k.cadence.label(), k.team.label());
        lines.extend(lines_of(&line, w, theme.dim));
        f.render_widget(Paragraph::new(lines), inner);
    }

    fn draw_editor(&self, f: &mut Frame, area: Rect, v: &View, target: Target, editor: &Editor) {
        let (s, theme) = (v.session, v.theme);
        let title = match target {
            Target::NewAction => " New action ".to_string(),
            Target::Action(i) => format!(" Action {} ", i + 1),
            Target::NewKpi => " New KPI ".to_string(),
            Target::Kpi(_) => " KPI ".to_string(),
            Target::NewGoal => " New team goal ".to_string(),
            Target::Goal(_) => " Team goal (empty = the generated sentence) ".to_string(),
            Target::Agreement(_) => " Hand-off agreement ".to_string(),
            Target::CheckIn => " Next check-in (YYYY-MM-DD; empty clears it) ".to_string(),
            Target::Revenue => format!(" {} (empty clears it) ", crate::format::Figure::RevenueTarget.name(s.period)),
        };
        let panel = Panel::new(Span::styled(title, theme.title), theme.border_focus);
        let inner = panel.inner(area);
        f.render_widget(panel, area);
        let error = self.problem(s);
        match editor {
            Editor::Form(form) => {
                let h = form.height().min(inner.height);
                let [top, rest] = Layout::vertical([Constraint::Length(h), Constraint::Min(0)]).areas(inner);
                form.render(f, top, theme, error.as_ref());
                let w = usize::from(rest.width);
                let mut lines = vec![Line::from("")];
                // The consequence of the values as typed, live: the SMART
                // letters of the action, the baseline and target of the KPI.
                match target {
                    Target::NewAction | Target::Action(_) => {
                        if let Ok(a) = build_action(form, s, None) {
                            let smart = model::smart(s, &a);
                            lines.push(Line::from(marks(&smart, theme)));
                            for l in smart.iter().filter(|l| l.check != Check::Pass) {
                                lines.extend(lines_of(&format!("{} {}: {}", l.letter, l.check.mark(), l.reason), w, theme.dim));
                            }
                        }
                    }
                    Target::NewKpi | Target::Kpi(_) => {
                        let at = if let Target::Kpi(i) = target { Some(i) } else { None };
                        if let Ok(k) = build_kpi(form, s, at) {
                            let fig = model::kpi_figures(s, &k);
                            let show = |x: Option<f64>| x.map_or("—".to_string(), |x| model::show_kpi(s, &fig.unit, x));
                            let text = match (k.measure.is_tied(), fig.plan_target) {
                                (true, Some(p)) => format!("Baseline {} from the session; the plan implies {} (leave Target empty to use it)", show(fig.baseline), model::show_kpi(s, &fig.unit, p)),
                                (true, None) => format!("Baseline {} from the session; no effect moves it, so type the target", show(fig.baseline)),
                                (false, _) => "Typed KPI: type its baseline and target in its unit".to_string(),
                            };
                            lines.extend(lines_of(&text, w, theme.key));
                        }
                    }
                    _ => {}
                }
                lines.extend(lines_of("Enter saves · Esc cancels · Tab/↑↓ move between rows · Space/←→ change a choice", w, theme.dim));
                f.render_widget(Paragraph::new(lines), rest);
            }
            Editor::Field(field) => {
                let [line, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
                field.render(f, line, theme, None);
                let w = usize::from(rest.width);
                let mut lines = vec![Line::from("")];
                // A sentence longer than the field scrolls in it; the room
                // reads it whole here.
                if field.value().chars().count() >= w {
                    lines.extend(lines_of(field.value(), w, theme.dim));
                    lines.push(Line::from(""));
                }
                if let Some((_, e)) = &error {
                    lines.extend(lines_of(&format!("✗ {e}"), w, theme.bad));
                }
                lines.extend(lines_of("Enter saves · Esc cancels", w, theme.dim));
                f.render_widget(Paragraph::new(lines), rest);
            }
        }
    }
}

/// Wrapped lines of one style.
pub(super) fn lines_of(text: &str, width: usize, style: ratatui::style::Style) -> Vec<Line<'static>> {
    wrap(text, width.max(1)).into_iter().map(|l| Line::from(Span::styled(l, style))).collect()
}

/// "S✓ M✓ A✗ R? T✓" with each letter in its colour: the mark carries the
/// meaning, the colour only repeats it.
fn marks(smart: &[Letter; 5], theme: &Theme) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    for (i, l) in smart.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw(" "));
        }
        spans.push(Span::styled(format!("{}{}", l.letter, l.check.mark()), check_style(l.check, theme)));
    }
    spans
}

fn check_style(c: Check, theme: &Theme) -> ratatui::style::Style {
    match c {
        Check::Pass => theme.good,
        Check::Fail => theme.bad,
        Check::Unknown => theme.warn,
    }
}

fn letter_line(l: &Letter, width: usize, theme: &Theme) -> Line<'static> {
    let word = match l.letter {
        'S' => "Specific",
        'M' => "Measurable",
        'A' => "Assigned",
        'R' => "Realistic",
        _ => "Time-bound",
    };
    let head = format!("{}{} {:<11}", l.letter, l.check.mark(), word);
    let rest = width.saturating_sub(head.chars().count() + 1);
    Line::from(vec![Span::styled(head, check_style(l.check, theme)), Span::styled(format!(" {}", fit(&l.reason, rest)), theme.base)])
}
