//! The Markdown report's trend section (issue 11): the history of a
//! follow-up as two tables a wiki keeps, revenue per session and each
//! step's conversion per session (the HTML draws the same figures as
//! charts). A gap (counts not in, a step the session did not have) is "—".

use std::fmt::Write;

use super::report::Report;
use super::text::{Align, MdTable, md_inline};
use crate::format;

pub(super) fn markdown(r: &Report, out: &mut String) {
    let Some(t) = &r.trend else {
        return;
    };
    if t.sessions.len() < 2 {
        return;
    }
    let _ = writeln!(
        out,
        "## Trend\n\nThe {} sessions of this history, oldest first; money per {}.\n",
        t.sessions.len(),
        t.period.label()
    );
    let mut heads = vec![("Step".to_string(), Align::Left)];
    heads.extend(
        t.sessions
            .iter()
            .map(|s| (s.date.format("%Y-%m-%d").to_string(), Align::Right)),
    );
    let columns: Vec<(&str, Align)> = heads.iter().map(|(h, a)| (h.as_str(), *a)).collect();
    let mut table = MdTable::new(&columns);
    let mut revenue = vec![format!("**{}**", format::Figure::Revenue.name(t.period))];
    revenue.extend(t.sessions.iter().map(|s| {
        s.revenue
            .map_or_else(|| "—".to_string(), |v| md_inline(&r.money(v)))
    }));
    table.row(revenue);
    for step in &t.steps {
        let mut row = vec![md_inline(&step.label)];
        row.extend(
            step.points
                .iter()
                .map(|p| p.map_or_else(|| "—".to_string(), |p| format::percent(p.conversion))),
        );
        table.row(row);
    }
    table.write(out);
    out.push('\n');
}
