//! The HTML report's trend section (issue 11): small-multiple line charts
//! across the sessions of a history, one for revenue, one per step's
//! conversion, one per managed KPI with its target. Inline SVG only, every
//! chart with a `<title>` and a `<desc>` that lists its values, so a screen
//! reader (or a printed page) gets the numbers the lines show.
//!
//! The trend comes ready on the [`Report`] (`Report::trend`): the caller
//! loads the chain, the exporter only lays it out.

use std::fmt::Write;

use super::html::{clip, e, keep_inside, line};
use super::report::Report;
use crate::format::{kpi_value_short, percent};
use crate::model::{KpiCheck, Trend};

/// The chart's size in SVG units; drawn at the width of a grid cell.
const W: f64 = 300.0;
const H: f64 = 170.0;
/// The plot area inside it.
const LEFT: f64 = 14.0;
const RIGHT: f64 = 286.0;
const TOP: f64 = 44.0;
const BOTTOM: f64 = 134.0;

/// One series to draw: a value (or a gap) per session.
struct Series<'a> {
    values: Vec<Option<f64>>,
    /// How a value reads: "52.0 %", "EUR 1.3M".
    show: Box<dyn Fn(f64) -> String + 'a>,
}

/// A KPI's target at each check-in, and whether the actual met it.
struct Targets {
    values: Vec<Option<f64>>,
    met: Vec<Option<bool>>,
}

pub(super) fn section(r: &Report, out: &mut String) {
    let Some(t) = &r.trend else { return };
    if t.sessions.len() < 2 {
        return;
    }
    let p = r.period_label();
    let _ = write!(
        out,
        "<section class=\"chapter keep\" aria-labelledby=\"h-trend\">\n<h2 id=\"h-trend\">Trend</h2>\n\
         <p class=\"lede\">The {} sessions of this history, from {} to {}: revenue per {p}, each step's conversion, and each managed KPI against its target at every check-in. \
         A break in a line is a session without the figure (counts not in yet, or a stage it did not have).</p>\n\
         <div class=\"trend\" style=\"display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: 0 1.2rem;\">\n",
        t.sessions.len(),
        t.sessions
            .first()
            .map_or(String::new(), |s| s.date.to_string()),
        t.sessions
            .last()
            .map_or(String::new(), |s| s.date.to_string()),
    );
    let mut n = 0;
    let mut next_id = || {
        n += 1;
        format!("trend-{n}")
    };
    chart(
        out,
        t,
        &next_id(),
        &format!("Revenue per {p}"),
        &Series {
            values: t.sessions.iter().map(|s| s.revenue).collect(),
            show: Box::new(|v| r.money_short(v)),
        },
        None,
    );
    for st in &t.steps {
        if st.points.iter().all(Option::is_none) {
            continue;
        }
        chart(
            out,
            t,
            &next_id(),
            &format!("Conversion {}", st.label),
            &Series {
                values: st.points.iter().map(|p| p.map(|p| p.conversion)).collect(),
                show: Box::new(percent),
            },
            None,
        );
    }
    for k in t.managed_kpis() {
        let Some(unit) = k.checks.iter().flatten().last().map(|c| c.unit.clone()) else {
            continue;
        };
        let currency = r.currency.as_str();
        let field = |f: fn(&KpiCheck) -> Option<f64>| -> Vec<Option<f64>> {
            k.checks.iter().map(|c| c.as_ref().and_then(f)).collect()
        };
        chart(
            out,
            t,
            &next_id(),
            &format!("KPI {}", k.name),
            &Series {
                values: field(|c| c.actual),
                show: Box::new(move |v| kpi_value_short(v, &unit, currency)),
            },
            Some(&Targets {
                values: field(|c| c.target),
                met: k.checks.iter().map(|c| c.as_ref()?.met).collect(),
            }),
        );
    }
    out.push_str("</div>\n");
    if t.managed_kpis().next().is_some() {
        out.push_str(
            "<ul class=\"legend\"><li>dashed line: the KPI's target at each check-in</li>\
             <li><span class=\"swatch won\"></span>target met</li>\
             <li><span class=\"swatch lost\"></span>target missed</li></ul>\n",
        );
    }
    out.push_str("</section>\n");
}

/// One small chart: the series as a line with a dot per value (a gap
/// breaks the line), the target as a dashed line with the actual's dot
/// green when met and red when missed.
fn chart(
    out: &mut String,
    t: &Trend,
    id: &str,
    title: &str,
    series: &Series,
    targets: Option<&Targets>,
) {
    let n = t.sessions.len();
    let all: Vec<f64> = series
        .values
        .iter()
        .chain(targets.map_or(&[][..], |t| &t.values[..]))
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    let (mut lo, mut hi) = all
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(*v), hi.max(*v))
        });
    if !lo.is_finite() {
        (lo, hi) = (0.0, 1.0);
    }
    // The scale spans at least a tenth of the largest value, centred on
    // the data: a change of 0.7 points on 58 % must not fill the chart as
    // if conversion had collapsed (and a flat line sits in the middle).
    let min_span = (0.1 * hi.abs().max(lo.abs())).max(1e-9);
    if hi - lo < min_span {
        let mid = (hi + lo) / 2.0;
        (lo, hi) = (mid - min_span / 2.0, mid + min_span / 2.0);
    }
    let x = |i: usize| {
        if n > 1 {
            LEFT + (RIGHT - LEFT) * i as f64 / (n - 1) as f64
        } else {
            (LEFT + RIGHT) / 2.0
        }
    };
    let y = |v: f64| BOTTOM - (v - lo) / (hi - lo) * (BOTTOM - TOP);

    let date = |i: usize| t.sessions[i].date.to_string();
    let mut desc: Vec<String> = Vec::new();
    for (i, v) in series.values.iter().enumerate() {
        let target = targets.and_then(|t| t.values[i]);
        match (v, target) {
            (Some(v), Some(tv)) => desc.push(format!(
                "{} on {} against a target of {}",
                (series.show)(*v),
                date(i),
                (series.show)(tv)
            )),
            (Some(v), None) => desc.push(format!("{} on {}", (series.show)(*v), date(i))),
            (None, Some(tv)) => desc.push(format!(
                "no figure on {} (target {})",
                date(i),
                (series.show)(tv)
            )),
            (None, None) if targets.is_none() => desc.push(format!("no figure on {}", date(i))),
            (None, None) => {}
        }
    }
    let _ = write!(
        out,
        "<figure>\n<svg viewBox=\"0 0 {W} {H}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" xmlns=\"http://www.w3.org/2000/svg\">\n\
         <title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}.</desc>\n\
         <text class=\"lbl\" x=\"{LEFT}\" y=\"16\">{}</text>\n\
         <line class=\"grid\" x1=\"{LEFT}\" y1=\"{TOP}\" x2=\"{RIGHT}\" y2=\"{TOP}\"/>\
         <line class=\"grid\" x1=\"{LEFT}\" y1=\"{BOTTOM}\" x2=\"{RIGHT}\" y2=\"{BOTTOM}\"/>\n\
         <text class=\"small\" x=\"{LEFT}\" y=\"{:.1}\">{}</text>\
         <text class=\"small\" x=\"{LEFT}\" y=\"{:.1}\">{}</text>\n",
        e(title),
        e(&desc.join("; ")),
        clip(title, 34),
        TOP - 4.0,
        line(&(series.show)(hi)),
        BOTTOM + 14.0,
        line(&(series.show)(lo)),
    );
    if let Some(tg) = targets {
        for (a, b) in runs(&tg.values) {
            let _ = writeln!(
                out,
                "<polyline class=\"axis\" fill=\"none\" stroke-dasharray=\"5 4\" stroke-width=\"1.2\" points=\"{}\"/>",
                points(&tg.values, a, b, &x, &y)
            );
        }
    }
    for (a, b) in runs(&series.values) {
        if b > a {
            let _ = writeln!(
                out,
                "<polyline class=\"axis\" fill=\"none\" stroke-width=\"2\" points=\"{}\"/>",
                points(&series.values, a, b, &x, &y)
            );
        }
    }
    for (i, v) in series.values.iter().enumerate() {
        let Some(v) = v else { continue };
        let met = targets.and_then(|t| t.met[i]);
        let class = match met {
            Some(true) => "bar-won",
            Some(false) => "bar-loss",
            None => "bar",
        };
        let verdict = match met {
            Some(true) => ", target met",
            Some(false) => ", target missed",
            None => "",
        };
        let _ = writeln!(
            out,
            "<circle class=\"{class}\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\"><title>{}: {}{verdict}</title></circle>",
            x(i),
            y(*v),
            date(i),
            line(&(series.show)(*v)),
        );
    }
    // The first and last dates under the axis, kept inside the chart.
    let first = date(0);
    let last = date(n - 1);
    let _ = write!(
        out,
        "<text class=\"small\" x=\"{:.1}\" y=\"{:.1}\">{first}</text>",
        keep_inside(x(0), &first, 12.0, "start", W),
        BOTTOM + 30.0
    );
    if n > 1 {
        let _ = write!(
            out,
            "<text class=\"small\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{last}</text>",
            keep_inside(x(n - 1), &last, 12.0, "end", W),
            BOTTOM + 30.0
        );
    }
    out.push_str("\n</svg>\n</figure>\n");
}

/// The stretches of consecutive values without a gap, as index ranges
/// `a..=b`.
fn runs(values: &[Option<f64>]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, v) in values.iter().enumerate() {
        match (v.is_some(), start) {
            (true, None) => start = Some(i),
            (false, Some(a)) => {
                out.push((a, i - 1));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(a) = start {
        out.push((a, values.len() - 1));
    }
    out
}

fn points(
    values: &[Option<f64>],
    a: usize,
    b: usize,
    x: &dyn Fn(usize) -> f64,
    y: &dyn Fn(f64) -> f64,
) -> String {
    (a..=b)
        .filter_map(|i| values[i].map(|v| format!("{:.1},{:.1}", x(i), y(v))))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_break_at_gaps() {
        assert_eq!(
            runs(&[Some(1.0), Some(2.0), None, Some(3.0)]),
            [(0, 1), (3, 3)]
        );
        assert_eq!(runs(&[None, None]), []);
        assert_eq!(runs(&[None, Some(1.0), Some(1.0)]), [(1, 2)]);
    }
}
