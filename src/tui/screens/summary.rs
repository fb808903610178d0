//! Screen 6, Summary: the headline numbers big enough for the back of the
//! room (revenue today, the plan's gain this quarter and this year), the top
//! ideas and the biggest leak; `e` exports every format next to the session
//! (through the app, which knows the file). Figures are gathered from
//! `model` in `sync`, so a frame only draws.

use std::cell::Cell;

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::list::{Rows, fit, put, scroll_to};
use super::rank::PlanRun;
use super::{Outcome, Screen, View};
use crate::format;
use crate::model::{self, Funnel, RankBy, RankedIdea, StepFigures, StepSensitivity};
use crate::session::Session;
use crate::tui::action::Action;
use crate::tui::keymap::{Binding, Key};
use crate::tui::theme::Theme;
use crate::tui::widgets::big;
use crate::tui::widgets::pane::Panel;

const BINDINGS: &[Binding] = &[Binding {
    keys: &[Key::ch('e'), Key::ch('x')],
    action: Action::ExportAll,
}];

/// What the summary shows, gathered once per session change.
#[derive(Debug, Clone, Default)]
struct Figures {
    revenue: f64,
    leak: Option<StepFigures>,
    /// The sensitivity of the leaking step (what recovering 10 % there is worth).
    leak_sensitivity: Option<StepSensitivity>,
    /// Every idea by likely gain, best first.
    ranked: Vec<RankedIdea>,
    plan_ideas: usize,
    plan_quarter: f64,
    plan_year: f64,
}

impl Figures {
    fn of(s: &Session) -> Figures {
        let steps = model::step_figures(s);
        let leak = model::biggest_leak(&steps).cloned();
        let leak_sensitivity = leak.as_ref().and_then(|l| {
            model::sensitivity(s)
                .into_iter()
                .find(|x| x.step == l.step)
        });
        let ranked = model::rank(s, RankBy::default());
        // The plan's gain this quarter / this year comes from
        // `model::plan_within_horizon`: each idea starts paying after its own
        // lead time and funnel lag (a quick fix is not held back by the
        // slowest one), and while several work at once they earn their
        // combined gain. The exports use the same function, so the room sees
        // the figures the report will print.
        let plan_ideas = s
            .plan
            .ideas
            .iter()
            .filter(|id| s.idea(**id).is_some())
            .count();
        Figures {
            revenue: Funnel::of(s).revenue(),
            leak,
            leak_sensitivity,
            plan_ideas,
            plan_quarter: model::plan_within_horizon(s, &s.plan.ideas, model::QUARTER_DAYS),
            plan_year: model::plan_within_horizon(s, &s.plan.ideas, model::YEAR_DAYS),
            ranked,
        }
    }
}

#[derive(Default)]
pub struct SummaryScreen {
    figures: Figures,
    plan: PlanRun,
    /// Position in the top-ideas list.
    row: usize,
    scroll: Cell<usize>,
    rows: Cell<Rows>,
}

/// One headline: a label (long, or short when narrow), the number in big
/// letters, the exact figure.
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

impl SummaryScreen {
    fn render_top(&self, f: &mut Frame, area: Rect, s: &Session, theme: &Theme) {
        let block = Panel::new(Span::styled(
                format!(" Top ideas by likely gain ({} a {}) ", s.currency, s.period.label()),
                theme.title,
            ), theme.border_focus);
        let inner = block.inner(area);
        f.render_widget(block, area);
        if self.figures.ranked.is_empty() {
            f.render_widget(
                Paragraph::new(Span::styled("No ideas yet: the pairs add them on the Stage walk (3).", theme.dim)),
                inner,
            );
            self.rows.set(Rows::default());
            return;
        }
        let wide = inner.width >= 60;
        let value_w: u16 = if wide { 13 } else { 6 };
        let shown = usize::from(inner.height);
        let first = scroll_to(self.scroll.get(), self.row, shown);
        self.scroll.set(first);
        let mut count = 0;
        for (offset, (pos, r)) in self.figures.ranked.iter().enumerate().skip(first).take(shown).enumerate() {
            let Some(idea) = s.ideas.get(r.index) else { continue };
            count = offset + 1;
            let row = Rect {
                y: inner.y + offset as u16,
                height: 1,
                ..inner
            };
            let selected = pos == self.row;
            let in_plan = s.plan.ideas.contains(&idea.id);
            let style = if selected { theme.selected } else { theme.base };
            if selected {
                f.buffer_mut().set_style(row, style);
            }
            let value = if wide {
                format::money(r.gains.likely, &s.currency)
            } else {
                format::money_short(r.gains.likely, &s.currency)
            };
            let rank = format!("{}{:>2}. ", if selected { "▶" } else { " " }, r.rank);
            let mark = if in_plan { "[plan] " } else { "" };
            let title_x = 5 + mark.chars().count() as u16;
            let title_w = row.width.saturating_sub(title_x + value_w + 1);
            put(f, row, &rank, if selected { style } else { theme.title }, Alignment::Left);
            put(
                f,
                Rect { x: row.x + 5, ..row },
                mark,
                if selected { style } else { theme.good },
                Alignment::Left,
            );
            put(
                f,
                Rect {
                    x: row.x + title_x,
                    width: title_w,
                    ..row
                },
                &fit(&idea.title, usize::from(title_w)),
                style,
                Alignment::Left,
            );
            put(f, row, &value, style, Alignment::Right);
        }
        self.rows.set(Rows {
            area: inner,
            first,
            count,
            per: 1,
        });
    }

    fn render_facts(&self, f: &mut Frame, area: Rect, s: &Session, theme: &Theme) {
        let block = Panel::new(Span::styled(" The leak · the plan ", theme.title), theme.border);
        let inner = block.inner(area);
        f.render_widget(block, area);
        let width = usize::from(inner.width);
        let money = |v: f64| {
            if width >= 50 {
                format::money(v, &s.currency)
            } else {
                format::money_short(v, &s.currency)
            }
        };
        let period = s.period.label();
        let line = |text: String| Line::from(fit(&text, width));
        let mut lines = vec![Line::from(Span::styled("⚠ BIGGEST LEAK", theme.bad))];
        match &self.figures.leak {
            Some(l) => {
                lines.push(Line::from(Span::styled(
                    fit(&s.step_label(l.step).unwrap_or_default(), width),
                    theme.title,
                )));
                lines.push(line(format!("loses {} a {period}", money(l.value_lost))));
                lines.push(line(format!("({} of the step lost)", format::percent(l.lost_share))));
                if let Some(x) = &self.figures.leak_sensitivity {
                    lines.push(line(format!("recover 10 %: +{} a {period}", money(x.recover_10pct))));
                }
            }
            None => lines.push(Line::from(Span::styled(
                "Enter the counts on the Funnel (2).",
                theme.dim,
            ))),
        }
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            fit(&format!("THE PLAN: {} idea(s), a {period}", self.figures.plan_ideas), width),
            theme.title,
        )));
        match &self.plan.outcome {
            Some(out) if self.figures.plan_ideas > 0 => {
                lines.push(line(format!(
                    "P10 {} · P50 {} · P90 {}",
                    money(out.p10),
                    money(out.p50),
                    money(out.p90)
                )));
                lines.push(line(format!("mean {} · together {}", money(out.mean), money(out.together))));
            }
            _ => lines.push(Line::from(Span::styled(
                fit("Pick ideas on Rank (5) with Space.", width),
                theme.dim,
            ))),
        }
        f.render_widget(Paragraph::new(lines), inner);
    }
}

impl Screen for SummaryScreen {
    fn title(&self) -> &'static str {
        "Summary"
    }

    fn bindings(&self) -> &'static [Binding] {
        BINDINGS
    }

    fn footer(&self) -> Vec<(Action, &'static str)> {
        vec![(Action::ExportAll, "export all formats")]
    }

    fn on_action(&mut self, action: Action, _s: &Session) -> Outcome {
        let last = self.figures.ranked.len().saturating_sub(1);
        let page = self.rows.get().count.max(1);
        match action {
            Action::Up => self.row = self.row.saturating_sub(1),
            Action::Down => self.row = (self.row + 1).min(last),
            Action::PageUp => self.row = self.row.saturating_sub(page),
            Action::PageDown => self.row = (self.row + page).min(last),
            Action::First => self.row = 0,
            Action::Last => self.row = last,
            Action::ExportAll => return Outcome::ExportAll,
            _ => return Outcome::Ignored,
        }
        Outcome::Consumed
    }

    fn on_click(&mut self, at: Position, _s: &Session) -> Outcome {
        match self.rows.get().hit(at).filter(|i| *i < self.figures.ranked.len()) {
            Some(i) => {
                self.row = i;
                Outcome::Consumed
            }
            None => Outcome::Ignored,
        }
    }

    fn sync(&mut self, s: &Session) {
        self.figures = Figures::of(s);
        self.plan.refresh(s);
        self.row = self.row.min(self.figures.ranked.len().saturating_sub(1));
    }

    fn render(&self, f: &mut Frame, area: Rect, v: &View) {
        let s = v.session;
        let theme = v.theme;
        let x = &self.figures;
        let period = s.period.label();
        // Tall windows get the 8-row letters; 80×24 the 4-row ones.
        let head_h = if area.height >= 40 { 12 } else { 8 };
        let [heads, rest] = Layout::vertical([Constraint::Length(head_h), Constraint::Min(0)]).areas(area);
        let [today, quarter, year] = Layout::horizontal([
            Constraint::Ratio(1, 3),
            Constraint::Ratio(1, 3),
            Constraint::Ratio(1, 3),
        ])
        .areas(heads);
        headline(
            f,
            today,
            theme,
            [&format!("Revenue today, a {period} ({})", s.currency), &format!("Revenue a {period} ({})", s.currency)],
            &format::money_short(x.revenue, &s.currency),
            &format::money(x.revenue, &s.currency),
        );
        let (q_short, q_exact, y_short, y_exact) = if x.plan_ideas == 0 {
            let none = "no plan yet".to_string();
            ("-".to_string(), none.clone(), "-".to_string(), none)
        } else {
            (
                format!("+{}", format::money_short(x.plan_quarter, &s.currency)),
                format!("+{}", format::money(x.plan_quarter, &s.currency)),
                format!("+{}", format::money_short(x.plan_year, &s.currency)),
                format!("+{}", format::money(x.plan_year, &s.currency)),
            )
        };
        headline(
            f,
            quarter,
            theme,
            [&format!("The plan's gain this quarter ({})", s.currency), &format!("Plan, this quarter ({})", s.currency)],
            &q_short,
            &q_exact,
        );
        headline(
            f,
            year,
            theme,
            [&format!("The plan's gain this year ({})", s.currency), &format!("Plan, this year ({})", s.currency)],
            &y_short,
            &y_exact,
        );
        let [top, facts] = Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(rest);
        self.render_top(f, top, s, theme);
        self.render_facts(f, facts, s, theme);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_headlines_come_from_the_model() {
        let s = crate::assets::example_session();
        let x = Figures::of(&s);
        assert_eq!(x.plan_ideas, s.plan.ideas.len());
        assert_eq!(x.plan_quarter, model::plan_within_horizon(&s, &s.plan.ideas, model::QUARTER_DAYS));
        assert_eq!(x.plan_year, model::plan_within_horizon(&s, &s.plan.ideas, model::YEAR_DAYS));
        assert!(x.plan_quarter < x.plan_year, "a quarter holds less than a year");
        assert_eq!(x.leak.map(|l| l.step), model::biggest_leak(&model::step_figures(&s)).map(|l| l.step));
    }
}
