//! Drawing the Summary: a pure function of the figures gathered in `sync`
//! and the session (the row map for clicks aside, kept in a `RefCell`).

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::SummaryScreen;
use crate::format::{self, Figure};
use crate::model::TeamControl;
use crate::session::{LossCategory, Period, Session};
use crate::tui::screens::View;
use crate::tui::screens::list::{Stack, fit, put, scroll_to_fit, window_note, wrap};
use crate::tui::theme::Theme;
use crate::tui::widgets::bar::bar;
use crate::tui::widgets::big;
use crate::tui::widgets::pane::Panel;

/// One headline: a label (long, or short when narrow), the number in big
/// letters, the exact figure and, when there is room, a line under it.
fn headline(f: &mut Frame, area: Rect, theme: &Theme, label: [&str; 2], short: &str, exact: &str) {
    let block = Panel::new("", theme.border);
    let inner = block.inner(area);
    let label = if label[0].chars().count() <= usize::from(inner.width) { label[0] } else { label[1] };
    f.render_widget(block, area);
    let [top, number, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    f.render_widget(
        Paragraph::new(Span::styled(label.to_string(), theme.base)).alignment(Alignment::Center),
        top,
    );
    big::render(f, number, short, theme.title);
    f.render_widget(
        Paragraph::new(Span::styled(exact.to_string(), theme.title)).alignment(Alignment::Center),
        bottom,
    );
}

/// "label ........ value": a figure's name on the left, its amount right-aligned.
fn figure_line(label: &str, value: &str, width: usize, style: Style) -> Line<'static> {
    let value_w = value.chars().count();
    let label = fit(label, width.saturating_sub(value_w + 1));
    let pad = width.saturating_sub(label.chars().count() + value_w);
    Line::from(Span::styled(format!("{label}{}{value}", " ".repeat(pad)), style))
}

fn signed(v: f64, money: &dyn Fn(f64) -> String) -> String {
    format::with_sign(v, money(v))
}

impl SummaryScreen {
    fn render_top(&self, f: &mut Frame, area: Rect, s: &Session, theme: &Theme) {
        let inner = Panel::new("", theme.border_focus).inner(area);
        let n = self.figures.ranked.len();
        if n == 0 {
            f.render_widget(Panel::new(Span::styled(" Top ideas ", theme.title), theme.border_focus), area);
            f.render_widget(
                Paragraph::new(Span::styled("No ideas yet: the pairs add them on the Stage walk (3).", theme.dim)),
                inner,
            );
            self.rows.replace(Stack::default());
            return;
        }
        // Wide: the three figures a director asks about, each in its own
        // column; narrow: the run-rate only.
        let wide = inner.width >= 80;
        let money = |v: f64| {
            if inner.width >= 60 { format::money(v, &s.currency) } else { format::money_short(v, &s.currency) }
        };
        // Wide enough for the money and for the column's name ("Run-rate/qtr").
        let value_w: u16 = if inner.width >= 60 { 14 } else { 12 };
        let figures: &[Figure] = if wide { &[Figure::RunRate, Figure::Next91Days, Figure::Next12Months] } else { &[Figure::RunRate] };
        let values_w = (value_w + 1) * figures.len() as u16;
        let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
        let title_x: u16 = 5;
        let title_w = inner.width.saturating_sub(title_x + values_w);
        put(f, Rect { x: head.x + title_x, width: title_w, ..head }, "Idea", theme.dim, Alignment::Left);
        for (i, fig) in figures.iter().enumerate() {
            let x = head.right().saturating_sub(values_w) + (value_w + 1) * i as u16 + 1;
            put(f, Rect { x, width: value_w, ..head }, &fit(&fig.short(s.period), usize::from(value_w)), theme.dim, Alignment::Right);
        }
        let wrapped: Vec<Vec<String>> = self
            .figures
            .ranked
            .iter()
            .map(|r| {
                let idea = s.ideas.get(r.index);
                let mark = if idea.is_some_and(|i| s.plan.ideas.contains(&i.id)) { "[plan] " } else { "" };
                wrap(&format!("{mark}{}", idea.map_or("", |i| i.title.as_str())), usize::from(title_w))
            })
            .collect();
        let heights: Vec<u16> = wrapped.iter().map(|w| u16::try_from(w.len()).unwrap_or(u16::MAX)).collect();
        let first = scroll_to_fit(self.scroll.get(), self.row, &heights, body.height);
        self.scroll.set(first);
        let stack = Stack::layout(&heights, first, body);
        f.render_widget(
            Panel::new(
                Span::styled(
                    format!(" Top ideas{} · by {} ", window_note(first, stack.count(), n), Figure::RunRate.name(s.period).to_lowercase()),
                    theme.title,
                ),
                theme.border_focus,
            ),
            area,
        );
        for &(pos, y, h) in &stack.items {
            let Some(r) = self.figures.ranked.get(pos) else { continue };
            let selected = pos == self.row;
            let style = if selected { theme.selected } else { theme.base };
            let row = Rect { y, height: 1, ..body };
            if selected {
                f.buffer_mut().set_style(Rect { height: h, ..row }, style);
            }
            let rank = format!("{}{:>2}. ", if selected { "▶" } else { " " }, r.rank);
            put(f, row, &rank, if selected { style } else { theme.title }, Alignment::Left);
            for (line_no, line) in wrapped[pos].iter().take(usize::from(h)).enumerate() {
                let cell = Rect { x: row.x + title_x, y: y + line_no as u16, width: title_w, height: 1 };
                let plan_style = if line_no == 0 && line.starts_with("[plan]") && !selected { theme.good } else { style };
                put(f, cell, line, plan_style, Alignment::Left);
            }
            let values = [r.gains.likely, r.gains.quarter, r.gains.year];
            for (i, v) in values.iter().take(figures.len()).enumerate() {
                let x = row.right().saturating_sub(values_w) + (value_w + 1) * i as u16 + 1;
                put(f, Rect { x, width: value_w, ..row }, &money(*v), style, Alignment::Right);
            }
        }
        self.rows.replace(stack);
    }

    fn render_facts(&self, f: &mut Frame, area: Rect, s: &Session, theme: &Theme) {
        let block = Panel::new(Span::styled(" The leak · who can act · the plan ", theme.title), theme.border);
        let inner = block.inner(area);
        f.render_widget(block, area);
        let width = usize::from(inner.width);
        let money = |v: f64| {
            if width >= 44 {
                format::money(v, &s.currency)
            } else {
                format::money_short(v, &s.currency)
            }
        };
        let p = s.period;
        let x = &self.figures;
        let roomy = inner.height >= 24;
        // Names in full where they fit, else the column headings' short form.
        let named = |fig: Figure| if width >= 44 { fig.name(p) } else { fig.short(p) };
        let mut lines = Vec::new();
        match &x.leak {
            Some(l) => {
                lines.push(Line::from(vec![
                    Span::styled("⚠ BIGGEST LEAK ", theme.bad),
                    Span::styled(fit(&s.step_label(l.step).unwrap_or_default(), width.saturating_sub(15)), theme.title),
                ]));
                if inner.height >= 14 {
                    lines.push(Line::from(fit(&format!("{} of its prospects drop out", format::percent(l.lost_share)), width)));
                }
                lines.push(figure_line(&named(Figure::ValueLostCeiling), &money(l.value_lost), width, theme.base));
                if let Some(x) = &x.leak_sensitivity {
                    lines.push(figure_line(&named(Figure::Recover10), &signed(x.recover_10pct, &money), width, theme.base));
                }
                if let Some(c) = &x.leak_control {
                    lines.push(figure_line(&named(Figure::Controllable), &money(c.controllable), width, theme.base));
                }
                if roomy {
                    for fig in [Figure::ValueLostCeiling, Figure::Recover10, Figure::Controllable] {
                        for l in wrap(&format!("· {}: {}", fig.short(p), fig.legend(p)), width) {
                            lines.push(Line::from(Span::styled(l, theme.dim)));
                        }
                    }
                }
            }
            None => lines.push(Line::from(Span::styled("Enter the counts on the Funnel (2).", theme.dim))),
        }
        // The plan's legend only where it leaves room for the commitments.
        let commit_rows = if self.figures.actions.0 + self.figures.kpis.0 > 0 { 4 } else { 0 };
        let plan = self.plan_lines(theme, width, p, &named, &money, roomy && inner.height >= 34 + commit_rows);
        // Where the losses come from, by segment and by kind: under the leak
        // when the plan still fits below.
        let sources = self.source_lines(s, theme, width, &money);
        if usize::from(inner.height) >= lines.len() + sources.len() + 1 + plan.len() {
            lines.extend(sources);
        }
        // A check-in's verdict on last time's plan comes before this
        // period's plan: it is what the room met to hear.
        let checkin = self.checkin_lines(theme, width);
        if !checkin.is_empty() && usize::from(inner.height) >= lines.len() + checkin.len() + 2 + plan.len() {
            lines.push(Line::from(""));
            lines.extend(checkin);
        }
        // The plan before who-can-act: on a small window it is what the
        // closing slide must show.
        lines.push(Line::from(""));
        lines.extend(plan);
        if usize::from(inner.height) >= lines.len() + 2 + self.figures.teams.len() {
            lines.push(Line::from(""));
            lines.extend(self.team_lines(theme, width, &money));
        }
        let commit = self.commit_lines(s, theme, width);
        if usize::from(inner.height) >= lines.len() + 1 + commit.len() {
            lines.push(Line::from(""));
            lines.extend(commit);
        }
        f.render_widget(Paragraph::new(lines), inner);
    }

    /// "Leaks most: North, 63.6 % …" and "no decision 12.0 % · competitor
    /// 20.0 %" (side by side, never added), each only when it applies.
    fn source_lines(&self, s: &Session, theme: &Theme, width: usize, money: &dyn Fn(f64) -> String) -> Vec<Line<'static>> {
        let mut lines = Vec::new();
        if let Some(top) = &self.figures.leakiest {
            let text = format!(
                "Leaks most: {}, {} of the segments' value lost ({} per {})",
                top.name,
                format::percent(top.share),
                money(top.value_lost),
                s.period.label()
            );
            // Narrow: one line, the name giving way before a number does.
            let tail = format!(" · {} · {}", format::percent(top.share), money(top.value_lost));
            let name_w = width.saturating_sub("Leaks most: ".len() + tail.chars().count());
            if width < 60 && name_w >= 4 {
                lines.push(Line::from(Span::styled(format!("Leaks most: {}{tail}", fit(&top.name, name_w)), theme.warn)));
            } else {
                lines.extend(wrap(&text, width).into_iter().map(|l| Line::from(Span::styled(l, theme.warn))));
            }
        }
        if let Some(k) = &self.figures.kinds {
            let no_decision = format!("{} {}", LossCategory::NoDecision.label(), format::percent(k.of(LossCategory::NoDecision)));
            let competitor = format!("{} {}", LossCategory::Competitor.label(), format::percent(k.of(LossCategory::Competitor)));
            let one = format!("Lost to {no_decision} · {competitor}");
            if one.chars().count() <= width {
                lines.push(Line::from(Span::styled(one, theme.base)));
            } else {
                lines.push(Line::from(Span::styled(fit(&format!("Lost to {no_decision}"), width), theme.base)));
                lines.push(Line::from(Span::styled(fit(&format!("     vs {competitor}"), width), theme.base)));
            }
        }
        lines
    }

    /// "LAST TIME'S PLAN: 1 of 3 inside the room's range · KPIs met 1 of
    /// 5 · actions kept 3 of 6", for a follow-up whose counts are in.
    fn checkin_lines(&self, theme: &Theme, width: usize) -> Vec<Line<'static>> {
        let Some(r) = &self.figures.review else {
            return Vec::new();
        };
        let judged = match r.calibration.share() {
            Some(_) => format!("{} of {} ideas inside the room's range", r.calibration.inside, r.calibration.judged),
            None => "no idea could be judged".to_string(),
        };
        let with_verdict = r.kpis.iter().filter(|k| k.met.is_some()).count();
        let met = r.kpis.iter().filter(|k| k.met == Some(true)).count();
        let t = r.actions;
        let mut lines = vec![Line::from(Span::styled(fit("LAST TIME'S PLAN (Review, 8)", width), theme.title))];
        lines.push(Line::from(fit(&judged, width)));
        lines.push(Line::from(fit(
            &format!("KPIs met {met} of {with_verdict} · actions kept {} of {}", t.kept(), t.total()),
            width,
        )));
        lines
    }

    fn plan_lines(
        &self,
        theme: &Theme,
        width: usize,
        p: Period,
        named: &dyn Fn(Figure) -> String,
        money: &dyn Fn(f64) -> String,
        roomy: bool,
    ) -> Vec<Line<'static>> {
        let x = &self.figures;
        let mut lines = Vec::new();
        let ideas = match x.plan_ideas {
            1 => "1 idea".to_string(),
            n => format!("{n} ideas"),
        };
        lines.push(Line::from(Span::styled(fit(&format!("THE PLAN: {ideas}"), width), theme.title)));
        match &self.plan.outcome {
            Some(out) if x.plan_ideas > 0 => {
                lines.push(figure_line(&named(Figure::RunRate), &signed(out.together, money), width, theme.base));
                lines.push(Line::from(fit(
                    &format!("P10 {} · P50 {} · P90 {}", money(out.p10), money(out.p50), money(out.p90)),
                    width,
                )));
                lines.push(figure_line(&named(Figure::Next91Days), &signed(x.plan_next_91, money), width, theme.base));
                lines.push(figure_line(&named(Figure::Next12Months), &signed(x.plan_next_12m, money), width, theme.base));
                if roomy {
                    for fig in [Figure::RunRate, Figure::P50, Figure::Next91Days] {
                        for l in wrap(&format!("· {}: {}", fig.short(p), fig.legend(p)), width) {
                            lines.push(Line::from(Span::styled(l, theme.dim)));
                        }
                    }
                }
            }
            _ => lines.push(Line::from(Span::styled(fit("Pick ideas on Rank (5) with Space.", width), theme.dim))),
        }
        lines
    }

    /// What the room committed to, counted (the Commit screen, 6, has it all).
    fn commit_lines(&self, s: &Session, theme: &Theme, width: usize) -> Vec<Line<'static>> {
        let (actions, smart, done) = self.figures.actions;
        let (kpis, managed) = self.figures.kpis;
        let mut lines = vec![Line::from(Span::styled(fit("THE COMMITMENTS", width), theme.title))];
        if actions == 0 && kpis == 0 {
            lines.push(Line::from(Span::styled(fit("No actions or KPIs yet: Commit (6).", width), theme.dim)));
            return lines;
        }
        lines.push(Line::from(fit(&format!("{actions} actions · {smart} pass all of SMART · {done} done"), width)));
        let check_in = s.check_in.map_or("no check-in date".to_string(), |d| format!("check-in {d}"));
        lines.push(Line::from(fit(&format!("{kpis} KPIs ({managed} managed) · {check_in}"), width)));
        lines
    }

    /// "Sales 79 % ████ EUR 1,980,000": per team, the share of the value lost
    /// to causes the teams control that its own causes explain.
    fn team_lines(&self, theme: &Theme, width: usize, money: &dyn Fn(f64) -> String) -> Vec<Line<'static>> {
        let mut lines = vec![Line::from(Span::styled(fit("WHO CAN ACT: value lost to causes the teams control", width), theme.title))];
        let total: f64 = self.figures.teams.iter().map(|t| t.controllable).sum();
        if total <= 0.0 {
            lines.push(Line::from(Span::styled(
                fit("No internal causes yet: add them on the Stage walk (3).", width),
                theme.dim,
            )));
            return lines;
        }
        let acting: Vec<&TeamControl> = self.figures.teams.iter().filter(|t| t.controllable > 0.0).collect();
        // One bar width for every team, so the bars compare.
        let value_w = acting.iter().map(|t| money(t.controllable).chars().count()).max().unwrap_or(0);
        for t in acting {
            let name = format!("{:<9} {:>5}", capitalise(t.team.label()), format::percent(t.share));
            let value = format!("{:>value_w$}", money(t.controllable));
            let bar_w = width.saturating_sub(name.chars().count() + value_w + 2);
            lines.push(Line::from(vec![
                Span::styled(format!("{name} "), theme.base),
                Span::styled(format!("{:<bar_w$}", bar(t.share, 1.0, bar_w)), theme.bar),
                Span::styled(format!(" {value}"), theme.base),
            ]));
        }
        lines
    }
}

fn capitalise(word: &str) -> String {
    let mut c = word.chars();
    c.next().map_or_else(String::new, |first| first.to_uppercase().chain(c).collect())
}

/// The three headline labels for a period: long and short forms.
fn headline_labels(period: Period, currency: &str) -> [[String; 2]; 3] {
    let named = |fig: Figure, prefix: &str| -> [String; 2] {
        [format!("{prefix}{} ({currency})", fig.name(period)), format!("{prefix}{}", fig.short(period))]
    };
    [named(Figure::Revenue, "Today: "), named(Figure::RunRate, "Plan: "), named(Figure::Next12Months, "Plan: ")]
}

impl SummaryScreen {
    pub(super) fn draw(&self, f: &mut Frame, area: Rect, v: &View) {
        let s = v.session;
        let theme = v.theme;
        let x = &self.figures;
        // Tall windows get the 8-row letters; 80×24 the 4-row ones.
        let head_h = if area.height >= 40 { 12 } else { 8 };
        let [heads, rest] = Layout::vertical([Constraint::Length(head_h), Constraint::Min(0)]).areas(area);
        let [today, run_rate, year] = Layout::horizontal([
            Constraint::Ratio(1, 3),
            Constraint::Ratio(1, 3),
            Constraint::Ratio(1, 3),
        ])
        .areas(heads);
        let [l_today, l_run, l_year] = headline_labels(s.period, &s.currency);
        headline(
            f,
            today,
            theme,
            [&l_today[0], &l_today[1]],
            &format::money_short(x.revenue, &s.currency),
            &format::money(x.revenue, &s.currency),
        );
        let plan = self.plan.outcome.as_ref().filter(|_| x.plan_ideas > 0);
        let (r_short, r_exact, y_short, y_exact) = match plan {
            None => {
                let none = "no plan yet".to_string();
                ("-".to_string(), none.clone(), "-".to_string(), none)
            }
            Some(out) => (
                format!("+{}", format::money_short(out.together, &s.currency)),
                format!("+{}", format::money(out.together, &s.currency)),
                format!("+{}", format::money_short(x.plan_next_12m, &s.currency)),
                format!("+{}", format::money(x.plan_next_12m, &s.currency)),
            ),
        };
        headline(f, run_rate, theme, [&l_run[0], &l_run[1]], &r_short, &r_exact);
        headline(f, year, theme, [&l_year[0], &l_year[1]], &y_short, &y_exact);
        let [top, facts] = Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(rest);
        self.render_top(f, top, s, theme);
        self.render_facts(f, facts, s, theme);
    }
}
