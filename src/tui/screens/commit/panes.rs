//! Drawing the Goals, Hand-off and Targets sections: pure functions of the
//! view state and the session.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::draw::lines_of;
use super::input::agreement_text;
use super::{AgreementRow, CommitScreen, NUMBER_ROWS, Section, Target, agreement_rows};
use crate::format::{self, Figure};
use crate::model;
use crate::session::Team;
use crate::tui::screens::View;
use crate::tui::screens::list::{fit, wrap};
use crate::tui::widgets::bar::bar;
use crate::tui::widgets::pane::Panel;

fn team_name(t: Team) -> &'static str {
    match t {
        Team::Marketing => "Marketing",
        Team::Sales => "Sales",
        Team::Shared => "Both teams",
    }
}

/// One item: a label on the first line, the text wrapped after it.
fn item(label: &str, text: &str, width: usize, label_style: ratatui::style::Style, text_style: ratatui::style::Style) -> Vec<Line<'static>> {
    let lw = label.chars().count();
    let lines = wrap(text, width.saturating_sub(lw).max(8));
    lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let head = if i == 0 { label.to_string() } else { " ".repeat(lw) };
            Line::from(vec![Span::styled(head, label_style), Span::styled(l, text_style)])
        })
        .collect()
}

impl CommitScreen {
    pub(super) fn draw_goals(&self, f: &mut Frame, area: Rect, v: &View) {
        let (s, theme) = (v.session, v.theme);
        let panel = Panel::new(Span::styled(" Team goals — one sentence each, from the managed KPIs ", theme.title), theme.border_focus);
        let inner = panel.inner(area);
        f.render_widget(panel, area);
        let w = usize::from(inner.width);
        let goals = model::team_goals(s);
        if goals.is_empty() {
            let text = "No goals yet. Each managed KPI gives its team a goal sentence (KPIs section: Space marks a KPI managed); a adds a goal of your own.";
            f.render_widget(Paragraph::new(lines_of(text, w, theme.dim)), inner);
            self.hits.replace(Default::default());
            return;
        }
        let items: Vec<Vec<Line>> = goals
            .iter()
            .map(|g| {
                let label = format!("{:<11}", team_name(g.team));
                let mark = if g.typed { "" } else { " (generated)" };
                item(&label, &format!("{}{mark}", g.text), w, theme.key, theme.base)
            })
            .collect();
        self.draw_items(f, inner, theme, &items);
    }

    pub(super) fn draw_handoff(&self, f: &mut Frame, area: Rect, v: &View) {
        let (s, theme) = (v.session, v.theme);
        let panel = Panel::new(Span::styled(" Hand-off agreement — stage definitions and what each side owes ", theme.title), theme.border_focus);
        let inner = panel.inner(area);
        f.render_widget(panel, area);
        let w = usize::from(inner.width);
        let rows = agreement_rows(s);
        let items: Vec<Vec<Line>> = rows
            .iter()
            .map(|r| {
                let text = agreement_text(s, *r);
                let (label, blank) = match *r {
                    AgreementRow::Definition(k) => (format!("{} ", fit(&s.stages[k].name, 14)), "no definition yet"),
                    AgreementRow::ServiceLevel(k) => {
                        let (a, b) = (&s.stages[k], &s.stages[k + 1]);
                        let head = format!("  ⇢ {} → {} ({} hands to {}): ", a.name, b.name, a.team.label(), b.team.label());
                        return [lines_of(&head, w, theme.key), item("    owed: ", if text.is_empty() { "no service level yet" } else { &text }, w, theme.dim, if text.is_empty() { theme.dim } else { theme.base })].concat();
                    }
                    AgreementRow::OnReject(_) => ("    if rejected: ".to_string(), "not agreed yet"),
                };
                let (body, style) = if text.is_empty() { (blank.to_string(), theme.dim) } else { (text, theme.base) };
                item(&label, &body, w, theme.key, style)
            })
            .collect();
        if items.is_empty() {
            f.render_widget(Paragraph::new(lines_of("The funnel has no stages yet: add them on the Funnel screen (2).", w, theme.dim)), inner);
            return;
        }
        self.draw_items(f, inner, theme, &items);
    }

    pub(super) fn draw_numbers(&self, f: &mut Frame, area: Rect, v: &View) {
        let (s, theme) = (v.session, v.theme);
        let teams = model::team_control(s);
        let external: f64 = model::step_control(s).iter().map(|c| c.external).fold(0.0, |a, b| a + b);
        let who_h = (teams.len() as u16 + 4).min(area.height / 2);
        let [who, rest] = Layout::vertical([Constraint::Length(who_h), Constraint::Min(0)]).areas(area);
        let panel = Panel::new(Span::styled(" Who has to change more — value lost to causes each team controls ", theme.title), theme.border);
        let inner = panel.inner(who);
        f.render_widget(panel, who);
        let w = usize::from(inner.width);
        let per = s.period.label();
        let money_w = 24;
        let bar_w = w.saturating_sub(11 + 8 + money_w).clamp(4, 30);
        let max = teams.iter().map(|t| t.controllable).fold(0.0, f64::max);
        let mut lines: Vec<Line> = teams
            .iter()
            .map(|t| {
                Line::from(vec![
                    Span::styled(format!("{:<11}", team_name(t.team)), theme.key),
                    Span::styled(format!("{:<bar_w$}", bar(t.controllable, max, bar_w)), theme.bar),
                    Span::styled(format!(" {:>7} ", format::percent(t.share)), theme.base),
                    Span::styled(format!("{} per {per}", format::money(t.controllable, &s.currency)), theme.dim),
                ])
            })
            .collect();
        lines.extend(lines_of(&format!("External causes: {} per {per}, which no team controls. A number, not a verdict.", format::money(external, &s.currency)), w, theme.dim));
        f.render_widget(Paragraph::new(lines), inner);

        let panel = Panel::new(Span::styled(" Reverse funnel — prospects each stage must see ", theme.title), theme.border_focus);
        let inner = panel.inner(rest);
        f.render_widget(panel, rest);
        let w = usize::from(inner.width);
        let mut lines = Vec::new();
        for (i, t) in NUMBER_ROWS.iter().enumerate() {
            let (label, value) = match t {
                Target::Revenue => (Figure::RevenueTarget.name(s.period), s.revenue_target.map_or("not set (Enter to type one)".to_string(), |r| format::money(r, &s.currency))),
                _ => ("Next check-in".to_string(), s.check_in.map_or("not set (Enter to type a date)".to_string(), |d| d.to_string())),
            };
            let selected = self.section == Section::Numbers && self.row() == i;
            let marker = if selected { "▶ " } else { "  " };
            lines.push(Line::from(vec![
                Span::styled(format!("{marker}{label}: "), theme.key),
                Span::styled(value, if selected { theme.selected } else { theme.base }),
            ]));
        }
        match s.revenue_target {
            None => lines.extend(lines_of("Type a revenue target to see how many prospects each stage must see, today and with the plan.", w, theme.dim)),
            Some(r) => {
                let rf = model::reverse_funnel(s, r);
                let name_w = w.saturating_sub(2 * 16 + 12).clamp(6, 24);
                lines.push(Line::from(Span::styled(format!("  {:<name_w$} {:>11} {:>15} {:>15}", "Stage", "now", "needed today", "with the plan"), theme.dim)));
                for need in &rf.stages {
                    let name = s.stages.get(need.stage).map_or("", |st| st.name.as_str());
                    let now = s.stages.get(need.stage).map_or(0.0, |st| st.count as f64);
                    let show = |n: &model::Need| match n {
                        Ok(v) => format::prospects_needed(*v),
                        Err(_) => "unreachable".to_string(),
                    };
                    let short = matches!(need.today, Ok(v) if v > now + 1e-9 * v.abs());
                    lines.push(Line::from(vec![
                        Span::styled(format!("  {:<name_w$} {:>11} ", fit(name, name_w), format::count(now)), theme.base),
                        Span::styled(format!("{:>15} ", show(&need.today)), if short { theme.warn } else { theme.base }),
                        Span::styled(format!("{:>15}", show(&need.plan)), theme.good),
                    ]));
                }
                if let Some(why) = rf.stages.iter().find_map(|n| n.today.err().or(n.plan.err())) {
                    lines.extend(lines_of(&model::unreachable_words(s, why), w, theme.bad));
                }
            }
        }
        f.render_widget(Paragraph::new(lines), inner);
        self.hits.replace(Default::default());
    }
}
