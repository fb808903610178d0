//! The presentation's plan view: the plan's P10–P50–P90 in big figures
//! and the ideas in it. Pure drawing.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::draw::{gain_span, pair_of, where_text};
use super::pieces::{Item, Size, centred, draw_items, figure_rows, headline};
use super::plan_ideas;
use super::state::Present;
use crate::format::{self, Figure};
use crate::model::{self, Funnel};
use crate::session::{Point, Session};
use crate::tui::theme::Theme;
use crate::tui::widgets::big;

pub(super) fn draw_plan(f: &mut Frame, area: Rect, s: &Session, p: &Present, theme: &Theme) {
    let (is_plan, ranked) = plan_ideas(s);
    let rows = figure_rows(area.height);
    let [figures, labels, exact, _, head, list] = Layout::vertical([
        Constraint::Length(rows),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    let revenue = Funnel::of(s).revenue();
    // The same three headlines, in the same words, as the Summary screen.
    let per = s.period;
    let mut heads = vec![(
        [Figure::Revenue.name(per), Figure::Revenue.short(per)],
        revenue,
        String::new(),
    )];
    if is_plan {
        heads.push((
            [
                format!("Plan: {}", Figure::RunRate.name(per)),
                format!("Plan: {}", Figure::RunRate.short(per)),
            ],
            model::plan_run_rate(s, &s.plan.ideas, Point::Likely),
            "+".to_string(),
        ));
        heads.push((
            [
                format!("Plan: {}", Figure::Next12Months.name(per)),
                format!("Plan: {}", Figure::Next12Months.short(per)),
            ],
            model::plan_within_horizon(s, &s.plan.ideas, model::YEAR_DAYS),
            "+".to_string(),
        ));
    }
    let cols = vec![Constraint::Fill(1); heads.len()];
    let fig_areas = Layout::horizontal(cols.clone()).spacing(2).split(figures);
    let label_areas = Layout::horizontal(cols.clone()).spacing(2).split(labels);
    let exact_areas = Layout::horizontal(cols).spacing(2).split(exact);
    for (i, (label, value, sign)) in heads.iter().enumerate() {
        let full = format!("{sign}{}", format::money(*value, &s.currency));
        let shown = if big::fits(&full, fig_areas[i].width) {
            full.clone()
        } else {
            format!("{sign}{}", format::money_short(*value, &s.currency))
        };
        let style = if sign.is_empty() {
            theme.title
        } else {
            theme.good
        };
        headline(f, fig_areas[i], &shown, style);
        let label = if label[0].chars().count() <= usize::from(label_areas[i].width) {
            &label[0]
        } else {
            &label[1]
        };
        centred(f, label_areas[i], Line::from(label.clone()));
        centred(f, exact_areas[i], Line::from(Span::styled(full, theme.dim)));
    }
    let heading = if is_plan {
        format!("The plan: {} ideas by likely gain", ranked.len())
    } else {
        "No plan yet (put ideas in it on Rank, 5). The best ideas by likely gain:".to_string()
    };
    f.render_widget(
        Paragraph::new(Span::styled(heading, theme.title)).wrap(Wrap { trim: true }),
        head,
    );
    let items: Vec<Item> = ranked
        .iter()
        .filter_map(|r| s.ideas.get(r.index).map(|idea| (r, idea)))
        .enumerate()
        .map(|(i, (r, idea))| Item {
            badge: format!("{}", i + 1),
            title: idea.title.clone(),
            detail: Line::from(vec![
                gain_span(s, r.gains.likely, theme),
                Span::styled(
                    format!(
                        " · {} {} · {} · {}",
                        Figure::RunRateYear.short(s.period),
                        format::money(r.gains.annual, &s.currency),
                        where_text(s, idea),
                        pair_of(s, idea)
                    ),
                    theme.dim,
                ),
            ]),
        })
        .collect();
    draw_items(
        f,
        list,
        &items,
        p.scroll,
        Size::for_area(list, 24),
        theme,
        "No ideas yet.",
    );
}
