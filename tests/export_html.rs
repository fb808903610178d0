//! The HTML report of the example session: self-contained, accessible, and
//! showing the same figures as the other formats.

use std::collections::HashMap;

use funnelcheck::assets;
use funnelcheck::export::{self, Format, Rendered, Report};
use funnelcheck::format::money;
use scraper::{Html, Selector};

fn html() -> String {
    match export::render(&assets::example_session(), Format::Html).expect("render") {
        Rendered::One(t) => t,
        Rendered::Csv { .. } => panic!("one document expected"),
    }
}

fn sel(q: &str) -> Selector {
    Selector::parse(q).expect("selector")
}

#[test]
fn the_page_is_self_contained() {
    let page = html();
    let doc = Html::parse_document(&page);
    assert_eq!(
        doc.select(&sel(
            "script, link, img, iframe, object, embed, video, audio, source"
        ))
        .count(),
        0
    );
    let csp = doc
        .select(&sel("meta[http-equiv=\"Content-Security-Policy\"]"))
        .next()
        .expect("a CSP");
    assert!(
        csp.attr("content")
            .is_some_and(|c| c.starts_with("default-src 'none'"))
    );
    // The only URL is the SVG namespace, which is a name, not a request.
    let without_ns = page.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    for needle in ["http:", "https:", "url(", "@import", "//fonts", "src="] {
        assert!(!without_ns.contains(needle), "the page contains {needle}");
    }
}

#[test]
fn the_page_is_accessible() {
    let doc = Html::parse_document(&html());
    assert_eq!(doc.select(&sel("html[lang]")).count(), 1);
    assert!(
        doc.select(&sel("head > title")).next().is_some_and(|t| !t
            .text()
            .collect::<String>()
            .trim()
            .is_empty())
    );
    assert_eq!(doc.select(&sel("h1")).count(), 1);
    let h2: Vec<String> = doc.select(&sel("h2")).map(|h| h.text().collect()).collect();
    for wanted in [
        "The funnel",
        "Where the funnel leaks",
        "How to read the amounts",
        "Ideas, ranked by run-rate per quarter",
        "Who has to change more",
        "The plan",
        "Why prospects are lost",
        "Participants and pairs",
        "Facilitator notes",
    ] {
        assert!(
            h2.iter().any(|h| h == wanted),
            "no heading {wanted}: {h2:?}"
        );
    }
    for table in doc.select(&sel("table")) {
        assert!(
            table.select(&sel("thead th[scope=col]")).next().is_some(),
            "a table without column headers"
        );
    }
    let svgs: Vec<_> = doc.select(&sel("svg")).collect();
    assert!(
        svgs.len() >= 3 + 15 + 3,
        "funnel, tornado, plan, one range per idea and one bar per team"
    );
    for svg in svgs {
        assert_eq!(svg.attr("role"), Some("img"));
        let title: String = svg
            .select(&sel("title"))
            .next()
            .expect("every SVG has a <title>")
            .text()
            .collect();
        assert!(!title.trim().is_empty());
    }
}

#[test]
fn the_charts_are_there() {
    let doc = Html::parse_document(&html());
    let titles: Vec<String> = doc
        .select(&sel("svg > title"))
        .map(|t| t.text().collect())
        .collect();
    assert!(titles.iter().any(|t| t.starts_with("Funnel:")));
    assert!(titles.iter().any(|t| t.starts_with("Stage sensitivity:")));
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("The plan's run-rate per quarter: P10"))
    );
    // Funnel chart: one group per stage; the last (won) has no lost part.
    let s = assets::example_session();
    let groups = doc
        .select(&sel("svg[aria-labelledby^=\"funnel\"] > g"))
        .count();
    assert_eq!(groups, s.stages.len());
    assert_eq!(
        doc.select(&sel("svg[aria-labelledby^=\"funnel\"] rect.bar-loss"))
            .count(),
        s.stages.len() - 1
    );
    // Tornado: one row per step, each with both bars.
    assert_eq!(
        doc.select(&sel("svg[aria-labelledby^=\"tornado\"] > g"))
            .count(),
        s.stages.len() - 1
    );
    assert_eq!(
        doc.select(&sel("table.ideas td.range svg")).count(),
        s.ideas.len()
    );
}

#[test]
fn every_format_shows_the_same_figures() {
    let s = assets::example_session();
    let r = Report::build(&s);
    let page = html();
    let text = |f: Format| match export::render(&s, f).expect("render") {
        Rendered::One(t) => t,
        Rendered::Csv { ideas, steps, .. } => ideas + &steps,
    };
    let md = text(Format::Markdown);
    for v in [
        r.revenue_per_period,
        r.plan.run_rate_per_period,
        r.plan.outcome.p10,
        r.plan.outcome.p50,
        r.plan.outcome.p90,
        r.plan.landing_next_91_days,
        r.plan.landing_next_12_months,
        r.steps[0].value_lost_ceiling,
        r.steps[0].recover_10pct,
        r.steps[0].controllable,
        r.team_control[0].controllable,
    ] {
        let m = money(v, "EUR");
        assert!(md.contains(&m), "Markdown lacks {m}");
        assert!(page.contains(&m), "HTML lacks {m}");
    }
    let json: serde_json::Value = serde_json::from_str(&text(Format::Json)).expect("json");
    assert_eq!(
        json["derived"]["revenue_per_period"].as_f64(),
        Some(r.revenue_per_period)
    );
    assert_eq!(
        json["derived"]["plan"]["outcome"]["p50"].as_f64(),
        Some(r.plan.outcome.p50)
    );
    let csv = text(Format::Csv);
    assert!(csv.contains(&format!("{:.2}", r.ideas[0].figures.run_rate_per_period)));
}

/// Relative luminance of `#rrggbb` (WCAG 2).
fn luminance(hex: &str) -> f64 {
    let h = hex.trim_start_matches('#');
    let ch = |i: usize| {
        let v = f64::from(u8::from_str_radix(&h[i..i + 2], 16).expect("hex colour")) / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * ch(0) + 0.7152 * ch(2) + 0.0722 * ch(4)
}

fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[test]
fn text_colours_meet_wcag_aa_contrast() {
    let css = include_str!("../assets/export.css");
    let root = css
        .split(":root {")
        .nth(1)
        .and_then(|r| r.split('}').next())
        .expect(":root block");
    let vars: HashMap<&str, &str> = root
        .lines()
        .filter_map(|l| l.trim().strip_prefix("--"))
        .filter_map(|l| l.trim_end_matches(';').split_once(':'))
        .map(|(k, v)| (k.trim(), v.trim()))
        .collect();
    let c = |name: &str| {
        *vars
            .get(name)
            .unwrap_or_else(|| panic!("--{name} missing from :root"))
    };
    // Text colours on the backgrounds they are used on.
    for fg in ["ink", "muted", "accent", "loss", "gain"] {
        for bg in ["paper", "panel"] {
            let ratio = contrast(c(fg), c(bg));
            assert!(ratio >= 4.5, "--{fg} on --{bg}: {ratio:.2}");
        }
    }
    // White tag text on the coloured tags, dark text on the highlighted leak row.
    for bg in ["gain", "loss", "accent"] {
        assert!(contrast("#ffffff", c(bg)) >= 4.5, "white on --{bg}");
    }
    assert!(contrast(c("ink"), "#fbeceb") >= 4.5);
    assert!(
        css.contains("tr.leak th, tr.leak td { background: #fbeceb; }"),
        "the leak row colour changed; update this test"
    );
}

/// Estimated extent of an SVG `<text>`: 0.6 em per character (generous for
/// digits and capitals), at the size its class has in assets/export.css.
fn text_extent(t: &scraper::ElementRef) -> (f64, f64, String) {
    let text: String = t.text().collect();
    let size = match t.attr("class").unwrap_or("") {
        c if c.contains("lbl") => 14.0,
        c if c.contains("num") => 13.0,
        _ => 12.0,
    };
    let w = text.chars().count() as f64 * size * 0.6;
    let x: f64 = t
        .attr("x")
        .and_then(|v| v.parse().ok())
        .expect("a text with x");
    let (from, to) = match t.attr("text-anchor") {
        Some("end") => (x - w, x),
        Some("middle") => (x - w / 2.0, x + w / 2.0),
        _ => (x, x + w),
    };
    (from, to, text)
}

/// Every label of the plan chart lies inside the chart's viewBox.
fn assert_plan_labels_inside(page: &str) {
    let doc = Html::parse_document(page);
    let svg = doc
        .select(&sel("svg[aria-labelledby=plan-title]"))
        .next()
        .expect("a plan chart");
    let view: Vec<f64> = svg
        .attr("viewBox")
        .expect("a viewBox")
        .split_whitespace()
        .filter_map(|v| v.parse().ok())
        .collect();
    let width = view[2];
    let texts: Vec<_> = svg.select(&sel("text")).collect();
    assert_eq!(texts.len(), 3, "P10, P50 and P90");
    for t in texts {
        let (from, to, text) = text_extent(&t);
        assert!(
            from >= 0.0 && to <= width,
            "{text:?} spans {from:.1}…{to:.1}, outside 0…{width}"
        );
    }
}

#[test]
fn plan_chart_labels_stay_inside_the_chart() {
    // The example's P90 is the right end of the scale (x = 798).
    assert_plan_labels_inside(&html());
    // A long currency name makes every label wider; a plan of one fixed idea
    // puts P10, P50 and P90 all at the right end.
    let mut s = assets::example_session();
    s.currency = "Swiss francs".into();
    assert_plan_labels_inside(&render_html(&s));
    let one = s.ideas[0].id;
    s.plan.ideas = vec![one];
    for i in &mut s.ideas {
        let v = i.effect.estimate().likely;
        *i.effect.estimate_mut() = funnelcheck::session::Estimate::point(v);
    }
    assert_plan_labels_inside(&render_html(&s));
}

fn render_html(s: &funnelcheck::session::Session) -> String {
    match export::render(s, Format::Html).expect("render") {
        Rendered::One(t) => t,
        Rendered::Csv { .. } => panic!("one document expected"),
    }
}

#[test]
fn a_stage_nobody_reaches_draws_no_loss() {
    // Opportunity and Won at 0: the SQL → Opportunity step loses all 396,
    // the Opportunity step loses nobody (MODEL.md §1: 0 % lost).
    let mut s = assets::example_session();
    let n = s.stages.len();
    s.stages[n - 2].count = 0;
    s.stages[n - 1].count = 0;
    let page = render_html(&s);
    let doc = Html::parse_document(&page);
    let svg = doc
        .select(&sel("svg[aria-labelledby~=funnel-title]"))
        .next()
        .expect("a funnel chart");
    let groups: Vec<_> = svg.select(&sel("g")).collect();
    let opportunity = groups[n - 2];
    assert_eq!(
        opportunity.select(&sel("rect.bar-loss")).count(),
        0,
        "{}",
        opportunity.html()
    );
    assert!(
        opportunity.html().contains("−0 lost"),
        "{}",
        opportunity.html()
    );
    // The step table and the causes say 0.0 % lost for it.
    let r = Report::build(&s);
    assert_eq!(r.steps[n - 2].lost_share, 0.0);
    assert_eq!(r.steps[n - 2].conversion, 0.0);
    assert_eq!(r.steps[n - 3].lost_share, 1.0);
}

#[test]
fn the_legend_names_every_figure_once_with_its_meaning() {
    use funnelcheck::format::Figure;
    use funnelcheck::session::Period;
    let doc = Html::parse_document(&html());
    let legend = doc.select(&sel("dl.legend")).next().expect("a legend <dl>");
    let terms: Vec<String> = legend
        .select(&sel("dt"))
        .map(|t| t.text().collect())
        .collect();
    let all = Figure::ALL;
    assert_eq!(terms.len(), all.len(), "{terms:?}");
    let descriptions: Vec<String> = legend
        .select(&sel("dd"))
        .map(|d| d.text().collect())
        .collect();
    for f in all {
        let name = f.name(Period::Quarter);
        assert_eq!(
            terms.iter().filter(|t| **t == name).count(),
            1,
            "{name} in {terms:?}"
        );
        assert!(
            descriptions.contains(&f.legend(Period::Quarter)),
            "the legend of {name}"
        );
    }
    // The legend comes before the first table that uses the figures.
    let page = html();
    let at = |needle: &str| page.find(needle).unwrap_or_else(|| panic!("{needle}"));
    assert!(at("<dl class=\"legend\">") < at("<table"));
    // And is styled for screen and paper.
    let css = include_str!("../assets/export.css");
    assert!(css.contains("dl.legend {") && css.contains("@media print"));
    assert!(page.contains(css), "the page embeds the stylesheet");
}

#[test]
fn value_lost_stands_beside_the_realistic_and_controllable_figures() {
    let doc = Html::parse_document(&html());
    // The funnel table: ceiling, recover 10 % and controllable per step.
    let heads: Vec<String> = doc
        .select(&sel("section[aria-labelledby=h-funnel] thead th"))
        .map(|t| t.text().collect())
        .collect();
    for wanted in [
        "Value lost per quarter (ceiling)",
        "Recover 10 %",
        "Controllable",
    ] {
        assert!(heads.iter().any(|h| h == wanted), "{wanted}: {heads:?}");
    }
    let first: Vec<String> = doc
        .select(&sel("section[aria-labelledby=h-funnel] tbody tr"))
        .next()
        .expect("a step row")
        .select(&sel("td"))
        .map(|t| t.text().collect())
        .collect();
    // Inquiry → MQL, by hand: 10,680 lost · 60/1,320 downstream · 24,000 =
    // 11,650,909; recovering 10 % lifts c 0.11 → 0.199, revenue × 0.199/0.11,
    // + 1,165,091; internal causes explain 30 % + 25 % = 6,408,000.
    assert_eq!(
        &first[first.len() - 3..],
        ["EUR 11,650,909", "EUR 1,165,091", "EUR 6,408,000"]
    );
    // The biggest-leak card shows the same three.
    let card: Vec<String> = doc
        .select(&sel(".card.leak dl.trio dd"))
        .map(|t| t.text().collect())
        .collect();
    assert_eq!(card, ["EUR 11,650,909", "EUR 1,165,091", "EUR 6,408,000"]);
    // The funnel chart labels the trio too, short.
    let chart: String = doc
        .select(&sel("svg[aria-labelledby~=funnel-title] > g"))
        .next()
        .expect("the top stage")
        .text()
        .collect();
    assert!(
        chart.contains("Value lost/qtr EUR 11.7M")
            && chart.contains("Recover 10 % EUR 1.2M")
            && chart.contains("Controllable EUR 6.4M"),
        "{chart}"
    );
}

#[test]
fn funnel_chart_labels_stay_inside_the_chart() {
    let doc = Html::parse_document(&html());
    let svg = doc
        .select(&sel("svg[aria-labelledby~=funnel-title]"))
        .next()
        .expect("a funnel chart");
    let width: f64 = svg
        .attr("viewBox")
        .and_then(|v| v.split_whitespace().nth(2)?.parse().ok())
        .expect("a viewBox");
    for t in svg.select(&sel("text")) {
        let (from, to, text) = text_extent(&t);
        assert!(
            from >= 0.0 && to <= width,
            "{text:?} spans {from:.1}…{to:.1}, outside 0…{width}"
        );
    }
}

#[test]
fn who_changes_more_gives_each_team_a_number_and_a_bar() {
    let doc = Html::parse_document(&html());
    let section = doc
        .select(&sel("section[aria-labelledby=h-change]"))
        .next()
        .expect("a Who has to change more section");
    let rows: Vec<Vec<String>> = section
        .select(&sel("tbody tr"))
        .map(|r| {
            r.select(&sel("th, td"))
                .map(|c| c.text().collect::<String>())
                .collect()
        })
        .collect();
    // By hand (MODEL.md §6): marketing 55 % of 11,650,909 at Inquiry → MQL
    // plus 45 % of 1,440,000 at MQL → SAL = 7,056,000; sales 40 % of
    // 1,440,000 plus 20 % of 960,000 = 768,000; shared 20 % of 955,966 =
    // 191,193; of 8,015,193 that is 88.0 %, 9.6 % and 2.4 %.
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0][..3], ["Marketing", "EUR 7,056,000", "88.0 %"]);
    assert_eq!(rows[1][..3], ["Sales", "EUR 768,000", "9.6 %"]);
    assert_eq!(
        rows[2][..3],
        ["Shared (both teams)", "EUR 191,193", "2.4 %"]
    );
    assert_eq!(
        section
            .select(&sel("td.range svg[role=img] rect.bar"))
            .count(),
        3
    );
    let text: String = section.text().collect();
    assert!(
        text.contains("Marketing owns 88.0 % of the value lost to causes the teams control"),
        "{text}"
    );
}
