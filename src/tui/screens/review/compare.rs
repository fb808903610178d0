//! Drawing the Funnel and Ideas sections: the funnel now against last time,
//! and the plan under review, predicted against seen. Pure functions of the
//! view state and `model::review`; where the screen has room, a chart under
//! each table shows the same figures (conversion bars, and each idea's
//! range with the change seen on it).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::ReviewScreen;
use super::draw::{DASH, MARK};
use super::parts::{detail_panel, lines_of, top};
use super::table::{self, Col};
use crate::format;
use crate::model::{ChangeUnit, IdeaCheck, Judgement, Review, Verdict};
use crate::tui::screens::View;
use crate::tui::screens::list::{Stack, fit};
use crate::tui::theme::Theme;
use crate::tui::widgets::bar::bar;
use crate::tui::widgets::pane::Panel;

impl ReviewScreen {
    pub(super) fn draw_funnel(&self, f: &mut Frame, area: Rect, v: &View, r: &Review) {
        let (s, theme) = (v.session, v.theme);
        let (list, rest) = Self::split(area, r.steps.len().max(1), 2, 0);
        let inner = Panel::new("", theme.border).inner(list);
        let w = usize::from(inner.width).saturating_sub(MARK);
        let build = |full: bool| {
            let mut cols = vec![
                Col::text("step", 10, 0),
                Col::figure("then", 3).under("conversion"),
                Col::figure("now", 0).under("conversion"),
                Col::figure("change", 0).under("conversion"),
                Col::figure("then", 1).under("value lost"),
                Col::figure("now", 2).under("value lost"),
                Col::figure("change", 2).under("value lost"),
            ];
            let money = |x: f64| {
                if full {
                    format::money(x, &s.currency)
                } else {
                    format::money_short(x, &s.currency)
                }
            };
            let or_dash = |x: Option<String>| x.unwrap_or_else(|| DASH.to_string());
            for st in &r.steps {
                cols[0].push(st.label.clone(), theme.base);
                cols[1].push(
                    or_dash(st.then.map(|t| format::percent(t.conversion))),
                    theme.base,
                );
                cols[2].push(
                    or_dash(st.now.map(|t| format::percent(t.conversion))),
                    theme.base,
                );
                let pts = st.points();
                cols[3].push(
                    or_dash(pts.map(|p| format::change(p / 100.0, ChangeUnit::Points))),
                    sign_style(pts.map(|p| (p * 10.0).round()), theme, true),
                );
                cols[4].push(or_dash(st.then.map(|t| money(t.value_lost))), theme.base);
                cols[5].push(or_dash(st.now.map(|t| money(t.value_lost))), theme.base);
                let lost = st.value_lost_change();
                cols[6].push(
                    or_dash(lost.map(|x| format::with_sign(x, money(x)))),
                    sign_style(lost.map(f64::round), theme, false),
                );
            }
            cols
        };
        let cols = Some(build(true))
            .filter(|c| table::fits_whole(c, w))
            .unwrap_or_else(|| build(false));
        self.draw_table(f, inner, theme, &cols);
        let per = s.period.label();
        let revenue_now = if r.counts_in {
            format::money(r.revenue_now, &s.currency)
        } else {
            DASH.to_string()
        };
        let long = format!(
            "The funnel now against last time, per {per} · revenue {} then, {revenue_now} now",
            format::money(r.revenue_then, &s.currency)
        );
        let room = usize::from(list.width).saturating_sub(4);
        let title = if long.chars().count() <= room {
            long
        } else {
            format!("The funnel now against last time, per {per}")
        };
        self.frame(f, list, theme, &title, r.steps.len());

        let mut below: Vec<Line> = Vec::new();
        let width = usize::from(rest.width);
        if !r.gone.is_empty() {
            below.extend(lines_of(
                &format!(
                    "Last time's steps not in this funnel (stages are matched by name): {}",
                    r.gone.join(", ")
                ),
                width,
                theme.warn,
            ));
        }
        let notes_h = u16::try_from(below.len()).unwrap_or(u16::MAX);
        f.render_widget(Paragraph::new(below), top(rest, notes_h));
        let chart = Rect {
            y: rest.y + notes_h.min(rest.height),
            height: rest.height.saturating_sub(notes_h),
            ..rest
        };
        self.draw_conversion_chart(f, chart, theme, r);
    }

    /// Each step's conversion then and now as two bars on one scale, when
    /// all of them fit.
    fn draw_conversion_chart(&self, f: &mut Frame, area: Rect, theme: &Theme, r: &Review) {
        let need = u16::try_from(r.steps.len() * 2 + 2).unwrap_or(u16::MAX);
        if r.steps.is_empty() || area.height < need || area.width < 40 {
            return;
        }
        let area = top(area, need);
        let panel = Panel::new(
            Span::styled(" Conversion per step: then and now ", theme.title),
            theme.border,
        );
        let inner = panel.inner(area);
        f.render_widget(panel, area);
        let w = usize::from(inner.width);
        let label_w = r
            .steps
            .iter()
            .map(|s| s.label.chars().count())
            .max()
            .unwrap_or(0)
            .min(w / 3);
        let bar_w = w.saturating_sub(label_w + 1 + 5 + 1 + 8).min(80);
        let max = r
            .steps
            .iter()
            .flat_map(|s| [s.then.map(|t| t.conversion), s.now.map(|n| n.conversion)])
            .flatten()
            .fold(0.0, f64::max);
        let mut lines = Vec::new();
        for st in &r.steps {
            for (i, (word, side, style)) in [
                ("then", st.then, theme.dim),
                ("now", st.now, theme.bar),
            ]
            .into_iter()
            .enumerate()
            {
                let label = if i == 0 { fit(&st.label, label_w) } else { String::new() };
                let (b, figure) = side.map_or((String::new(), DASH.to_string()), |x| {
                    (bar(x.conversion, max, bar_w), format::percent(x.conversion))
                });
                lines.push(Line::from(vec![
                    Span::styled(format!("{label:<label_w$} {word:<5}"), theme.base),
                    Span::styled(format!("{b:<bar_w$}"), style),
                    Span::styled(format!(" {figure:>7}"), theme.base),
                ]));
            }
        }
        f.render_widget(Paragraph::new(lines), inner);
    }

    pub(super) fn draw_ideas(&self, f: &mut Frame, area: Rect, v: &View, r: &Review) {
        let theme = v.theme;
        let calibration = lines_of(
            &format!("Calibration: {}.", format::calibration(&r.calibration)),
            usize::from(area.width),
            theme.key,
        );
        let cal_h = u16::try_from(calibration.len()).unwrap_or(u16::MAX);
        let cal = Rect {
            y: area.bottom().saturating_sub(cal_h),
            height: cal_h.min(area.height),
            ..area
        };
        f.render_widget(Paragraph::new(calibration), cal);
        let area = Rect {
            height: area.height.saturating_sub(cal_h),
            ..area
        };
        let title = "The plan under review: predicted change at its step against the change seen";
        let (list, rest) = Self::split(area, r.ideas.len().max(1), 1, 5);
        let inner = Panel::new("", theme.border).inner(list);
        let w = usize::from(inner.width).saturating_sub(MARK);
        if r.ideas.is_empty() {
            let text = "Last time's plan had no ideas, so there is no prediction to check.";
            f.render_widget(Paragraph::new(lines_of(text, w, theme.dim)), inner);
            self.hits.replace(Stack::default());
            self.frame(f, list, theme, title, 0);
            return;
        }
        let build = |long: bool| {
            let mut cols = vec![
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
            for i in &r.ideas {
                cols[0].push(i.title.clone(), theme.base);
                cols[1].push(i.acts_on.clone(), theme.dim);
                cols[2].push(format::change_range(&i.predicted, i.unit), theme.base);
                cols[3].push(
                    i.observed
                        .map_or(DASH.to_string(), |o| format::change(o, i.unit)),
                    theme.base,
                );
                let (word, style) = verdict_word(&i.judgement, long, theme);
                cols[4].push(word, style);
            }
            cols
        };
        let cols = Some(build(true))
            .filter(|c| table::fits_whole(c, w))
            .unwrap_or_else(|| build(false));
        self.draw_table(f, inner, theme, &cols);
        self.frame(f, list, theme, title, r.ideas.len());

        let Some(i) = r.ideas.get(self.row()) else {
            return;
        };
        let detail = top(rest, 5);
        let (panel, inner) = detail_panel(&i.title, detail, theme);
        f.render_widget(panel, detail);
        let w = usize::from(inner.width);
        let seen = i
            .observed
            .map_or("not seen yet".to_string(), |o| format::change(o, i.unit));
        let mut lines = lines_of(&format!("{} on {}", i.kind.label(), i.acts_on), w, theme.dim);
        lines.extend(lines_of(
            &format!(
                "predicted {} · seen {seen}",
                format::change_range(&i.predicted, i.unit)
            ),
            w,
            theme.base,
        ));
        let (_, style) = verdict_word(&i.judgement, true, theme);
        lines.extend(lines_of(
            &format!("Verdict: {}", format::judgement(i, &r.ideas)),
            w,
            style,
        ));
        f.render_widget(Paragraph::new(lines), inner);
        let chart = Rect {
            y: rest.y + detail.height,
            height: rest.height.saturating_sub(detail.height),
            ..rest
        };
        draw_ranges(f, chart, theme, &r.ideas);
    }
}

/// Each idea's range low … high on a line of its own scale, its likely
/// change `┃`, and the change seen `●` where it fell; no change `┊`.
fn draw_ranges(f: &mut Frame, area: Rect, theme: &Theme, ideas: &[IdeaCheck]) {
    let need = u16::try_from(ideas.len() * 2 + 3).unwrap_or(u16::MAX);
    if area.height < need || area.width < 60 {
        return;
    }
    let area = top(area, need);
    let long = " The room's range [low ┃ likely high] and the change seen ●, each idea on its own scale; ┊ is no change ";
    let title = if long.chars().count() + 2 <= usize::from(area.width) {
        long
    } else {
        " Range [low ┃ likely high], seen ●, own scale each "
    };
    let panel = Panel::new(Span::styled(title, theme.title), theme.border);
    let inner = panel.inner(area);
    f.render_widget(panel, area);
    let w = usize::from(inner.width);
    let label_w = ideas
        .iter()
        .map(|i| i.title.chars().count())
        .max()
        .unwrap_or(0)
        .min(w / 3);
    let line_w = w.saturating_sub(label_w + 2 + 12).min(90);
    let mut lines = Vec::new();
    for i in ideas {
        let p = i.predicted;
        let seen = i.observed.unwrap_or(p.likely);
        let lo = p.low.min(seen).min(0.0);
        let hi = p.high.max(seen).max(0.0);
        let span = (hi - lo).max(1e-12);
        let at = |x: f64| (((x - lo) / span) * (line_w.saturating_sub(1)) as f64).round() as usize;
        let mut cells: Vec<char> = vec!['─'; line_w];
        let (a, b) = (at(p.low), at(p.high));
        for c in cells.iter_mut().take(b + 1).skip(a) {
            *c = '═';
        }
        let mut put = |x: usize, ch: char| {
            if let Some(c) = cells.get_mut(x) {
                *c = ch;
            }
        };
        put(at(0.0), '┊');
        put(a, '[');
        put(b, ']');
        put(at(p.likely), '┃');
        if i.observed.is_some() {
            put(at(seen), '●');
        }
        let (_, style) = verdict_word(&i.judgement, false, theme);
        let seen_text = i
            .observed
            .map_or(DASH.to_string(), |o| format::change(o, i.unit));
        lines.push(Line::from(vec![
            Span::styled(format!("{:<label_w$}  ", fit(&i.title, label_w)), theme.base),
            Span::styled(cells.into_iter().collect::<String>(), style),
            Span::styled(format!(" {seen_text:>10}"), theme.base),
        ]));
        lines.push(Line::from(Span::styled(
            format!(
                "{:<label_w$}  {}",
                "",
                format::change_range(&p, i.unit)
            ),
            theme.dim,
        )));
    }
    f.render_widget(Paragraph::new(lines), inner);
}

/// Good or bad by the sign of a rounded change; `up`: more is better.
fn sign_style(rounded: Option<f64>, theme: &Theme, up: bool) -> Style {
    match rounded {
        Some(x) if (x > 0.0) == up && x != 0.0 => theme.good,
        Some(x) if x != 0.0 => theme.bad,
        _ => theme.base,
    }
}

/// An idea's verdict for the list: the words when `long`, else the key.
fn verdict_word(j: &Judgement, long: bool, theme: &Theme) -> (String, Style) {
    let style = match j {
        Judgement::Judged { verdict } | Judgement::Shared { verdict, .. } => match verdict {
            Verdict::Inside => theme.good,
            Verdict::Below | Verdict::Above => theme.warn,
        },
        Judgement::Unjudged { .. } => theme.dim,
    };
    (format::verdict_cell(j, long), style)
}
