//! The presentation's vote view: the ideas and their dots, hidden until
//! the facilitator reveals them. Pure drawing.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::draw::where_text;
use super::pieces::{Item, Size, draw_items};
use super::state::Present;
use super::vote_order;
use crate::session::Session;
use crate::tui::theme::Theme;

pub(super) fn draw_vote(f: &mut Frame, area: Rect, s: &Session, p: &Present, theme: &Theme) {
    let order = vote_order(s, p.revealed);
    let budget = u64::from(s.vote_budget) * s.participants.len() as u64;
    let placed: u64 = s.votes.iter().map(|v| u64::from(v.dots)).sum();
    let banner = if p.revealed {
        Line::from(vec![
            Span::styled("The totals, most dots first. ", theme.title),
            Span::styled(format!("{placed} of {budget} dots placed."), theme.base),
        ])
    } else {
        Line::from(vec![
            Span::styled("Totals hidden while people vote", theme.title),
            Span::styled(
                format!(" · {placed} of {budget} dots placed · v reveals them"),
                theme.base,
            ),
        ])
    };
    let [head, _, list] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    f.render_widget(Paragraph::new(banner).wrap(Wrap { trim: true }), head);
    let most = order.iter().map(|x| x.1).max().unwrap_or(0);
    let items: Vec<Item> = order
        .iter()
        .enumerate()
        .filter_map(|(pos, (n, dots))| s.ideas.get(*n).map(|idea| (pos, idea, *dots)))
        .map(|(pos, idea, dots)| {
            let mut detail = vec![Span::styled(where_text(s, idea), theme.dim)];
            let badge = if p.revealed {
                let bar = match usize::try_from(dots.min(40)).unwrap_or(0) {
                    0 => String::new(),
                    n => format!(" {}", "●".repeat(n)),
                };
                let lead = if dots == most && most > 0 {
                    " · most dots"
                } else {
                    ""
                };
                detail.insert(
                    0,
                    Span::styled(
                        format!(
                            "{dots} {}{bar}{lead} · ",
                            if dots == 1 { "dot" } else { "dots" }
                        ),
                        theme.good,
                    ),
                );
                dots.to_string()
            } else {
                format!("{}", pos + 1)
            };
            Item {
                badge,
                title: idea.title.clone(),
                detail: Line::from(detail),
            }
        })
        .collect();
    let columns = if list.width >= 180 {
        3
    } else if list.width >= 110 {
        2
    } else {
        1
    };
    let size = Size {
        big_title: false,
        // Big totals only where a page still holds several ideas.
        big_badge: p.revealed && list.height >= 30,
        columns,
    };
    draw_items(
        f,
        list,
        &items,
        p.scroll,
        size,
        theme,
        "No ideas to vote on yet.",
    );
}
