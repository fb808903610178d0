//! A hostile session (markup, quotes, pipes, commas, newlines and emoji in
//! every name; steps without causes; zero counts; 200 ideas) must export
//! without breaking any format: the Markdown parses into the expected
//! tables, the CSV reads back into the same numbers, the HTML parses with
//! the `<script>` text inert, the JSON parses.

use chrono::NaiveDate;
use funnelcheck::export::{self, Format, Rendered, Report};
use funnelcheck::model::{self, RankBy};
use funnelcheck::session::{
    Cause, Effect, Estimate, Idea, Origin, Pair, Participant, Period, Plan, Role, Session, Stage,
    Team, Vote,
};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use scraper::{Html, Selector};

const NASTY: &str = "<script>alert(\"x\")</script> | a|b, \"quoted\", 'single'\nsecond line\r\nthird \\| \u{1F680} ünïcødé & &amp; `code` *bold* _u_ [link](http://example.com) <img src=x onerror=alert(1)> # end";

fn nasty(tag: &str) -> String {
    format!("{tag} {NASTY}")
}

fn stage(name: String, count: u64, causes: Vec<Cause>) -> Stage {
    Stage {
        name,
        team: Team::Shared,
        count,
        days: 10.0,
        causes,
        definition: String::new(),
        handoff: Default::default(),
    }
}

fn cause(reason: String, share: f64) -> Cause {
    Cause {
        reason,
        share,
        origin: Origin::Internal,
        team: Team::Sales,
        note: nasty("note"),
        category: None,
    }
}

/// The hostile session; `counts` lets a test zero the funnel.
fn hostile(counts: [u64; 5]) -> Session {
    let stages = vec![
        stage(
            nasty("S0"),
            counts[0],
            vec![cause(nasty("cause A"), 60.0), cause(String::new(), 10.0)],
        ),
        stage(nasty("S1"), counts[1], vec![]),
        stage(nasty("S2"), counts[2], vec![cause(nasty("cause B"), 100.0)]),
        stage(nasty("S3"), counts[3], vec![]),
        stage(nasty("S4"), counts[4], vec![]),
    ];
    let effect = |n: usize| -> Effect {
        let e = Estimate::new((n % 3) as f64, 1.0 + (n % 5) as f64, 2.0 + (n % 7) as f64);
        match n % 5 {
            0 => Effect::LiftConversion {
                step: n % 4,
                points: e,
            },
            1 => Effect::RecoverLosses {
                step: 0,
                cause: Some(nasty("cause A")),
                percent: e,
            },
            2 => Effect::RecoverLosses {
                step: n % 4,
                cause: None,
                percent: e,
            },
            3 => Effect::GrowVolume { percent: e },
            _ => Effect::GrowDealSize { percent: e },
        }
    };
    let ideas: Vec<Idea> = (0..200)
        .map(|n| Idea {
            id: n as u32 + 1,
            title: if n == 7 {
                String::new()
            } else {
                nasty(&format!("idea {n}"))
            },
            pair: if n % 4 == 0 {
                None
            } else {
                Some(1 + (n as u32 % 2))
            },
            effect: effect(n),
            effort_days: (n % 9) as f64,
            lead_time_days: (n % 40) as f64,
            notes: if n % 2 == 0 {
                nasty("notes")
            } else {
                String::new()
            },
        })
        .collect();
    Session {
        version: 1,
        title: nasty("title"),
        company: nasty("company"),
        date: NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date"),
        facilitator: nasty("facilitator"),
        currency: "€".into(),
        period: Period::Month,
        deal_size: 12_345.67,
        participants: (1..=4)
            .map(|id| Participant {
                id,
                name: nasty(&format!("person {id}")),
                role: if id % 2 == 0 {
                    Role::Sales
                } else {
                    Role::Marketing
                },
            })
            .collect(),
        pairs: vec![
            Pair {
                id: 1,
                members: vec![1, 2],
                steps: vec![0, 9],
            },
            Pair {
                id: 2,
                members: vec![3, 4, 99],
                steps: vec![],
            },
        ],
        stages,
        ideas,
        votes: vec![
            Vote {
                participant: 1,
                idea: 3,
                dots: 2,
            },
            Vote {
                participant: 2,
                idea: 3,
                dots: 1,
            },
            Vote {
                participant: 3,
                idea: 150,
                dots: 3,
            },
        ],
        vote_budget: 3,
        plan: Plan {
            ideas: vec![3, 150, 999, 42],
            seed: 7,
            samples: 2_000,
        },
        agenda: vec![],
        notes: format!("- {NASTY}\n1. numbered\n\n# not a heading\n{NASTY}"),
        actions: vec![],
        kpis: vec![],
        goals: vec![],
        check_in: None,
        revenue_target: None,
        clock: Default::default(),
        previous: None,
        under_review: None,
        segments: Vec::new(),
        import: None,
    }
}

fn live() -> Session {
    hostile([5000, 1200, 0, 0, 0])
}

fn one(s: &Session, f: Format) -> String {
    match export::render(s, f).expect("render") {
        Rendered::One(t) => t,
        Rendered::Csv { .. } => panic!("one document expected"),
    }
}

fn fold(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Tables of a Markdown document as rows of cell texts (header row first),
/// plus whether any raw HTML got through.
fn md_tables(md: &str) -> (Vec<Vec<Vec<String>>>, bool, Vec<String>) {
    let mut tables = Vec::new();
    let mut headings = Vec::new();
    let (mut table, mut row, mut cell): (Vec<Vec<String>>, Vec<String>, Option<String>) =
        (vec![], vec![], None);
    let mut heading: Option<String> = None;
    let mut html = false;
    for ev in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match ev {
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => row.push(cell.take().unwrap_or_default()),
            Event::End(TagEnd::TableHead) | Event::End(TagEnd::TableRow) => {
                table.push(std::mem::take(&mut row))
            }
            Event::End(TagEnd::Table) => tables.push(std::mem::take(&mut table)),
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => headings.extend(heading.take()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = cell.as_mut() {
                    c.push_str(&t);
                }
                if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                }
            }
            Event::Html(_) | Event::InlineHtml(_) => html = true,
            _ => {}
        }
    }
    (tables, html, headings)
}

#[test]
fn markdown_parses_into_the_expected_tables() {
    let s = live();
    let md = one(&s, Format::Markdown);
    let (tables, html, headings) = md_tables(&md);
    assert!(!html, "raw HTML reached the Markdown");
    assert_eq!(
        headings.first().map(String::as_str),
        Some(fold(&s.title).as_str())
    );

    let ideas = tables
        .iter()
        .find(|t| t[0][0] == "#")
        .expect("an ideas table");
    assert_eq!(ideas.len(), 201, "header + 200 ideas");
    let ranked = model::rank(&s, RankBy::Likely);
    for (row, r) in ideas[1..].iter().zip(&ranked) {
        assert_eq!(row.len(), 12, "{row:?}");
        assert_eq!(row[0], r.rank.to_string());
        let idea = &s.ideas[r.index];
        let title = row[1].trim_end_matches(" (plan)");
        let expected = if idea.title.is_empty() {
            "—".to_string()
        } else {
            fold(&idea.title)
        };
        assert_eq!(title, expected);
        assert_eq!(row[4], funnelcheck::format::money(r.gains.likely, "€"));
    }

    let funnel = tables
        .iter()
        .find(|t| t[0][0] == "Step" && t[0].len() == 9)
        .expect("a funnel table");
    assert_eq!(funnel.len(), 5, "header + 4 steps");
    for (row, f) in funnel[1..].iter().zip(model::step_figures(&s)) {
        assert!(
            row[0].starts_with(&fold(&s.stages[f.step].name)),
            "{}",
            row[0]
        );
        assert_eq!(row[1], funnelcheck::format::count(f.from));
        assert_eq!(row[6], funnelcheck::format::money(f.value_lost, "€"));
        let control = &model::step_control(&s)[f.step];
        assert_eq!(
            row[8],
            funnelcheck::format::money(control.controllable, "€")
        );
    }

    let causes: Vec<_> = tables.iter().filter(|t| t[0][0] == "Cause").collect();
    assert_eq!(
        causes.len(),
        4,
        "one cause table per step, even without causes"
    );
    assert_eq!(
        causes[0].len(),
        1 + 2 + 1,
        "two causes and the unexplained row"
    );
    assert_eq!(causes[0][1][0], fold(&nasty("cause A")));
    assert_eq!(causes[0][1][4], fold(&nasty("note")));
    assert_eq!(causes[1].len(), 2, "only the unexplained row");
    assert_eq!(causes[1][1][1], "100.0 %");
}

#[test]
fn markdown_notes_stay_paragraphs() {
    let md = one(&live(), Format::Markdown);
    let notes = md
        .split("## Facilitator notes")
        .nth(1)
        .expect("notes section");
    let mut lists = 0;
    let mut headings = 0;
    for ev in Parser::new_ext(notes, Options::ENABLE_TABLES) {
        match ev {
            Event::Start(Tag::List(_)) => lists += 1,
            Event::Start(Tag::Heading { .. }) => headings += 1,
            _ => {}
        }
    }
    assert_eq!(
        (lists, headings),
        (0, 0),
        "a note line became markup:\n{notes}"
    );
}

fn read_csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let rows = r
        .records()
        .map(|rec| rec.expect("record").iter().map(String::from).collect())
        .collect();
    (header, rows)
}

fn num(cell: &str) -> f64 {
    cell.parse()
        .unwrap_or_else(|_| panic!("not a number: {cell:?}"))
}

fn col(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

#[test]
fn csv_reads_back_into_the_same_numbers_and_text() {
    let s = live();
    let Rendered::Csv { ideas, steps, .. } = export::render(&s, Format::Csv).expect("render")
    else {
        panic!("CSV renders two tables")
    };
    let (h, rows) = read_csv(&ideas);
    assert_eq!(rows.len(), 200);
    let ranked = model::rank(&s, RankBy::Likely);
    for (row, r) in rows.iter().zip(&ranked) {
        assert_eq!(row.len(), h.len());
        let idea = &s.ideas[r.index];
        assert_eq!(
            row[col(&h, "title")],
            idea.title,
            "text survives exactly, newlines and all"
        );
        assert_eq!(row[col(&h, "notes")], idea.notes);
        assert_eq!(num(&row[col(&h, "id")]), f64::from(idea.id));
        for (name, v) in [
            ("run_rate_low", r.gains.low),
            ("run_rate_per_period", r.gains.likely),
            ("run_rate_high", r.gains.high),
            ("run_rate_expected", r.gains.expected),
            ("run_rate_per_year", r.gains.annual),
            ("landing_next_91_days", r.gains.quarter),
            ("landing_next_12_months", r.gains.year),
            ("run_rate_per_year_per_effort_day", r.gains.per_effort),
        ] {
            assert!(
                (num(&row[col(&h, name)]) - v).abs() <= 0.005,
                "{name}: {} vs {v}",
                row[col(&h, name)]
            );
        }
        assert_eq!(num(&row[col(&h, "delay_days")]), r.gains.delay_days);
        // Steps count from 1 as on every screen (step 1: first → second stage).
        assert_eq!(
            row[col(&h, "step")],
            idea.effect
                .step()
                .map_or_else(String::new, |k| (k + 1).to_string())
        );
        assert_eq!(num(&row[col(&h, "votes")]), f64::from(s.votes_for(idea.id)));
        assert_eq!(
            row[col(&h, "in_plan")],
            s.plan.ideas.contains(&idea.id).to_string()
        );
    }

    let (h, rows) = read_csv(&steps);
    let figures = model::step_figures(&s);
    assert_eq!(rows.len(), figures.len());
    for (row, f) in rows.iter().zip(&figures) {
        assert_eq!(row[col(&h, "step")], (f.step + 1).to_string());
        assert_eq!(row[col(&h, "from_stage")], s.stages[f.step].name);
        assert_eq!(num(&row[col(&h, "lost_share")]), f.lost_share);
        assert_eq!(num(&row[col(&h, "count_from")]), f.from);
        assert_eq!(num(&row[col(&h, "conversion")]), f.conversion);
        assert!((num(&row[col(&h, "value_lost_ceiling")]) - f.value_lost).abs() <= 0.005);
        assert_eq!(
            num(&row[col(&h, "unexplained_share_percent")]),
            s.unexplained_share(f.step)
        );
    }
}

#[test]
fn html_parses_with_the_script_text_inert() {
    let s = live();
    let page = one(&s, Format::Html);
    let doc = Html::parse_document(&page);
    let sel = |q: &str| Selector::parse(q).expect("selector");
    assert_eq!(
        doc.select(&sel("script")).count(),
        0,
        "a script element got through"
    );
    assert_eq!(
        doc.select(&sel("img")).count(),
        0,
        "an img element got through"
    );
    for el in doc
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
    {
        for (name, _) in el.value().attrs() {
            assert!(
                !name.starts_with("on"),
                "event handler attribute {name} on <{}>",
                el.value().name()
            );
            assert!(
                name != "src" && name != "href",
                "{name} attribute on <{}>",
                el.value().name()
            );
        }
    }
    let h1: String = doc.select(&sel("h1")).next().expect("h1").text().collect();
    assert_eq!(h1, fold(&s.title));
    let title: String = doc
        .select(&sel("head > title"))
        .next()
        .expect("title")
        .text()
        .collect();
    assert_eq!(title, fold(&s.title));
    let rows = doc.select(&sel("table.ideas > tbody > tr")).count();
    assert_eq!(rows, 200);
    let first_title: String = doc
        .select(&sel("table.ideas > tbody > tr > th"))
        .next()
        .expect("th")
        .text()
        .collect();
    assert!(
        first_title.contains("<script>alert(\"x\")</script>"),
        "{first_title}"
    );
    for svg in doc.select(&sel("svg")) {
        assert!(
            svg.select(&sel("title")).next().is_some(),
            "an SVG without <title>"
        );
    }
}

#[test]
fn json_carries_the_session_and_every_figure() {
    let s = live();
    let v: serde_json::Value = serde_json::from_str(&one(&s, Format::Json)).expect("valid JSON");
    assert_eq!(v["format"], "funnelcheck-export");
    assert_eq!(v["session"]["title"], s.title.as_str());
    let back: Session =
        serde_json::from_value(v["session"].clone()).expect("the session reads back");
    assert_eq!(back, s);
    let ideas = v["derived"]["ideas"].as_array().expect("ideas");
    assert_eq!(ideas.len(), 200);
    let top = &model::rank(&s, RankBy::Likely)[0];
    assert_eq!(ideas[0]["id"], s.ideas[top.index].id);
    assert_eq!(
        ideas[0]["run_rate_per_period"].as_f64(),
        Some(top.gains.likely)
    );
    let plan = model::simulate_plan(&s, &s.plan.ideas, s.plan.samples, s.plan.seed);
    assert_eq!(
        v["derived"]["plan"]["outcome"]["p50"].as_f64(),
        Some(plan.p50)
    );
    assert_eq!(
        v["derived"]["plan"]["ideas"].as_array().map(Vec::len),
        Some(3),
        "unknown plan id 999 skipped"
    );
}

#[test]
fn an_all_zero_funnel_and_a_single_stage_export_cleanly() {
    let zero = hostile([0, 0, 0, 0, 0]);
    let report = Report::build(&zero);
    assert_eq!(report.revenue_per_period, 0.0);
    assert_eq!(report.biggest_leak, None);
    let mut single = hostile([10, 0, 0, 0, 0]);
    single.stages.truncate(1);
    let mut empty = single.clone();
    empty.stages.clear();
    for s in [&zero, &single, &empty] {
        for f in Format::ALL {
            let out = export::render(s, f).expect("render");
            for (_, text) in out.files(f) {
                assert!(!text.is_empty());
                assert!(
                    !text.contains("NaN") && !text.contains("inf"),
                    "{f}: non-finite figure in\n{text}"
                );
            }
        }
        let doc = Html::parse_document(&one(s, Format::Html));
        assert_eq!(
            doc.select(&Selector::parse("script").expect("selector"))
                .count(),
            0
        );
        let (_, html, _) = md_tables(&one(s, Format::Markdown));
        assert!(!html);
    }
}

#[test]
fn a_session_with_broken_numbers_still_exports() {
    // A session being edited can hold NaN or infinities (validation reports
    // them); an export must not panic on one.
    let mut s = live();
    s.deal_size = f64::NAN;
    s.ideas[3].effect = Effect::GrowVolume {
        percent: Estimate::new(f64::NAN, f64::INFINITY, 1.0),
    };
    s.stages[0].causes[0].share = f64::INFINITY;
    for f in Format::ALL {
        let out = export::render(&s, f).expect("render");
        assert!(!out.files(f).is_empty());
    }
    let v: serde_json::Value =
        serde_json::from_str(&one(&s, Format::Json)).expect("still valid JSON");
    assert!(
        v["derived"]["revenue_per_period"].is_null(),
        "a non-finite figure is null"
    );
}

const FORMULA: &str = "=HYPERLINK(\"http://evil.example\",\"click\")";

/// The live session with hostile commitments: actions, KPIs, goals, stage
/// definitions and a hand-off whose text is markup, pipes, newlines and
/// spreadsheet formulas.
fn committed() -> Session {
    use funnelcheck::session::{Commitment, Goal, Handoff, Kpi, KpiKind, Measure, Status};
    let mut s = live();
    s.stages[0].definition = nasty("definition");
    s.stages[1].team = Team::Sales;
    s.stages[0].handoff = Handoff {
        service_level: format!("{FORMULA} {NASTY}"),
        on_reject: nasty("-reject"),
    };
    s.check_in = NaiveDate::from_ymd_opt(2027, 2, 26);
    s.revenue_target = Some(1_000_000.0);
    s.kpis = vec![
        Kpi {
            name: format!("{FORMULA} | <script>kpi</script>"),
            definition: nasty("kpi definition"),
            kind: KpiKind::Managed,
            team: Team::Sales,
            measure: Measure::Conversion {
                from: s.stages[0].name.clone(),
                to: s.stages[1].name.clone(),
            },
            unit: String::new(),
            cadence: Default::default(),
            baseline: None,
            target: None,
            actual: Some(12.5),
        },
        Kpi {
            name: nasty("+typed kpi"),
            definition: "@SUM(A1:A9)\nsecond line".into(),
            kind: KpiKind::Monitored,
            team: Team::Marketing,
            measure: Measure::Typed,
            unit: "-1+1 <b>".into(),
            cadence: Default::default(),
            baseline: Some(-3.0),
            target: Some(7.25),
            actual: None,
        },
    ];
    let kpi0 = s.kpis[0].name.clone();
    s.actions = (0..4)
        .map(|n| Commitment {
            idea: Some(3),
            title: match n {
                0 => FORMULA.to_string(),
                1 => nasty("-action"),
                2 => String::new(),
                _ => nasty("action"),
            },
            owner: nasty("@owner"),
            team: Some(Team::Shared),
            due: NaiveDate::from_ymd_opt(2027, 1, 10 + n),
            kpi: Some(kpi0.clone()),
            status: Status::ALL[n as usize % 5],
            carried: n % 2 == 1,
            note: nasty("note"),
        })
        .collect();
    s.goals = vec![Goal {
        team: Team::Marketing,
        kpi: None,
        text: nasty("goal"),
    }];
    s
}

/// Every text of a Markdown document, joined, as a reader sees it.
fn md_text(md: &str) -> String {
    Parser::new_ext(md, Options::ENABLE_TABLES)
        .filter_map(|ev| match ev {
            Event::Text(t) | Event::Code(t) => Some(t.into_string()),
            _ => None,
        })
        .collect()
}

#[test]
fn markdown_commitments_stay_text_in_their_cells() {
    let s = committed();
    let md = one(&s, Format::Markdown);
    let (tables, html, headings) = md_tables(&md);
    assert!(!html, "raw HTML reached the Markdown");
    let actions = tables
        .iter()
        .find(|t| t[0].last().is_some_and(|h| h == "SMART"))
        .expect("an actions table");
    assert_eq!(actions.len(), 1 + s.actions.len());
    for (row, a) in actions[1..].iter().zip(&s.actions) {
        assert_eq!(row.len(), 8, "{row:?}");
        let title = if a.title.is_empty() {
            "—".to_string()
        } else {
            fold(&a.title)
        };
        assert_eq!(row[1], title);
        assert_eq!(row[2], fold(&a.owner));
        assert_eq!(row[6], fold(&s.kpis[0].name));
    }
    let kpis = tables
        .iter()
        .find(|t| t[0][0] == "KPI")
        .expect("a KPI table");
    assert_eq!(kpis.len(), 1 + s.kpis.len());
    for (row, k) in kpis[1..].iter().zip(&s.kpis) {
        assert_eq!(row.len(), 8, "{row:?}");
        assert_eq!(row[0], fold(&k.name));
    }
    let agreement = tables
        .iter()
        .find(|t| t[0][0] == "Stage" && t[0].len() == 3)
        .expect("an agreement table");
    assert_eq!(agreement[1][2], fold(&s.stages[0].definition));
    assert!(
        headings.iter().any(|h| h.contains("Hand-off agreement")),
        "{headings:?}"
    );
    let text = md_text(&md);
    for expected in [
        fold(&s.goals[0].text),
        fold(&s.stages[0].handoff.service_level),
        fold(&s.kpis[1].definition),
    ] {
        assert!(text.contains(&expected), "{expected} missing");
    }
}

#[test]
fn html_commitments_are_inert_text() {
    let s = committed();
    let page = one(&s, Format::Html);
    let doc = Html::parse_document(&page);
    let sel = |q: &str| Selector::parse(q).expect("selector");
    assert_eq!(doc.select(&sel("script")).count(), 0);
    assert_eq!(doc.select(&sel("img")).count(), 0);
    assert_eq!(doc.select(&sel("b")).count(), 0, "a <b> from a unit");
    let titles: Vec<String> = doc
        .select(&sel("table.actions > tbody > tr > th"))
        .map(|th| th.text().collect())
        .collect();
    assert_eq!(titles.len(), s.actions.len());
    assert!(titles[0].starts_with(FORMULA), "{}", titles[0]);
    assert!(
        titles[3].contains("<script>alert(\"x\")</script>"),
        "{}",
        titles[3]
    );
    let kpis: Vec<String> = doc
        .select(&sel("table.kpis > tbody > tr > th"))
        .map(|th| th.text().collect())
        .collect();
    assert_eq!(kpis.len(), s.kpis.len());
    assert!(kpis[0].starts_with(&fold(&s.kpis[0].name)), "{}", kpis[0]);
    let body: String = doc.root_element().text().collect();
    for expected in [
        fold(&s.goals[0].text),
        fold(&s.stages[0].definition),
        fold(&s.stages[0].handoff.on_reject),
    ] {
        assert!(body.contains(&expected), "{expected} missing");
    }
    for svg in doc.select(&sel("svg")) {
        assert!(
            svg.select(&sel("title")).next().is_some(),
            "an SVG without <title>"
        );
    }
}

#[test]
fn csv_commitments_never_start_a_formula_and_keep_numbers_numeric() {
    let s = committed();
    let Rendered::Csv { actions, kpis, .. } = export::render(&s, Format::Csv).expect("render")
    else {
        panic!("CSV renders four tables")
    };
    let risky = |cell: &str| cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let (h, rows) = read_csv(&actions);
    assert_eq!(rows.len(), s.actions.len());
    for (row, a) in rows.iter().zip(&s.actions) {
        let title = &row[col(&h, "title")];
        let expected = if risky(&a.title) {
            format!("'{}", a.title)
        } else {
            a.title.clone()
        };
        assert_eq!(*title, expected, "text survives, quoted only when risky");
        assert_eq!(row[col(&h, "owner")], format!("'{}", a.owner));
        assert_eq!(
            num(&row[col(&h, "number")]),
            num(&row[col(&h, "number")]).round()
        );
        assert_eq!(num(&row[col(&h, "idea_id")]), 3.0);
        for cell in row {
            assert!(!risky(cell), "a cell starts a formula: {cell:?}");
        }
    }
    let (h, rows) = read_csv(&kpis);
    assert_eq!(rows.len(), s.kpis.len());
    assert_eq!(rows[0][col(&h, "name")], format!("'{}", s.kpis[0].name));
    assert_eq!(num(&rows[0][col(&h, "actual")]), 12.5);
    // A number in a numeric column stays a number, negative or not.
    assert_eq!(num(&rows[1][col(&h, "baseline")]), -3.0);
    assert_eq!(num(&rows[1][col(&h, "target")]), 7.25);
    assert_eq!(rows[1][col(&h, "unit")], "'-1+1 <b>");
    assert_eq!(
        rows[1][col(&h, "definition")],
        "'@SUM(A1:A9)\nsecond line",
        "newlines stay inside the cell"
    );
}

#[test]
fn json_commitments_carry_the_text_as_typed() {
    let s = committed();
    let v: serde_json::Value = serde_json::from_str(&one(&s, Format::Json)).expect("valid JSON");
    assert_eq!(v["format_version"], funnelcheck::export::FORMAT_VERSION);
    let c = &v["derived"]["commitments"];
    let actions = c["actions"].as_array().expect("actions");
    assert_eq!(actions.len(), s.actions.len());
    for (a, want) in actions.iter().zip(&s.actions) {
        assert_eq!(a["title"], want.title.as_str());
        assert_eq!(a["smart"].as_array().map(Vec::len), Some(5));
    }
    assert_eq!(c["kpis"][0]["name"], s.kpis[0].name.as_str());
    assert_eq!(c["kpis"][0]["definition"], s.kpis[0].definition.as_str());
    assert_eq!(c["team_goals"][0]["text"], s.goals[0].text.as_str());
    assert_eq!(
        c["agreement"][0]["handoff"]["service_level"],
        s.stages[0].handoff.service_level.as_str()
    );
    assert_eq!(
        c["reverse_funnel"]["revenue_target_per_period"],
        1_000_000.0
    );
}

/// Columns of `ideas.csv` and `steps.csv` that hold numbers (or nothing).
const NUMBER_COLUMNS: [&str; 28] = [
    "rank",
    "id",
    "pair_id",
    "step",
    "estimate_low",
    "estimate_likely",
    "estimate_high",
    "run_rate_low",
    "run_rate_per_period",
    "run_rate_high",
    "run_rate_expected",
    "run_rate_per_year",
    "landing_next_91_days",
    "landing_next_12_months",
    "run_rate_per_year_per_effort_day",
    "delay_days",
    "effort_days",
    "lead_time_days",
    "votes",
    "count_from",
    "count_to",
    "conversion",
    "lost",
    "lost_share",
    "downstream",
    "value_lost_ceiling",
    "recover_10pct",
    "sensitivity_rank",
];

#[test]
fn csv_ideas_and_steps_never_start_a_formula_and_keep_negatives_numeric() {
    let mut s = live();
    s.ideas[0].title = "=HYPERLINK(\"http://x\",\"y\")".into();
    s.ideas[0].notes = "\tnote after a tab".into();
    s.stages[0].name = "@SUM(1)".into();
    s.stages[0].causes[0].reason = "-2+3".into();
    for idea in &mut s.ideas {
        if let Effect::RecoverLosses { cause: Some(c), .. } = &mut idea.effect {
            *c = "-2+3".into();
        }
    }
    s.participants[0].name = "+1 the room".into();
    // Not a valid session, but the export writes what it is given: a
    // negative estimate gives negative numbers in number columns.
    s.ideas[2].effect = Effect::LiftConversion {
        step: 0,
        points: Estimate::new(-2.0, -1.0, 0.5),
    };
    let Rendered::Csv { ideas, steps, .. } = export::render(&s, Format::Csv).expect("render")
    else {
        panic!("CSV renders four tables")
    };
    let risky = |cell: &str| cell.starts_with(['=', '+', '-', '@', '\t', '\r']);

    let (h, rows) = read_csv(&ideas);
    let by_id = |id: u32| {
        rows.iter()
            .find(|r| r[col(&h, "id")] == id.to_string())
            .unwrap_or_else(|| panic!("no row for idea {id}"))
    };
    let first = by_id(s.ideas[0].id);
    assert_eq!(first[col(&h, "title")], "'=HYPERLINK(\"http://x\",\"y\")");
    assert_eq!(first[col(&h, "notes")], "'\tnote after a tab");
    let negative = by_id(s.ideas[2].id);
    assert_eq!(
        negative[col(&h, "step_label")],
        format!("'@SUM(1) → {}", s.stages[1].name)
    );
    assert_eq!(negative[col(&h, "estimate_low")], "-2");
    assert_eq!(negative[col(&h, "estimate_likely")], "-1");
    assert!(
        negative[col(&h, "summary")].starts_with("'+-2 / -1 / 0.5"),
        "{}",
        negative[col(&h, "summary")]
    );
    let with_cause = rows
        .iter()
        .find(|r| !r[col(&h, "cause")].is_empty())
        .expect("an idea recovers a named cause");
    assert_eq!(with_cause[col(&h, "cause")], "'-2+3");
    let paired = rows
        .iter()
        .find(|r| r[col(&h, "pair_id")] == "1")
        .expect("an idea of pair 1");
    assert!(paired[col(&h, "pair")].starts_with("'+1 the room"));
    // Text app-written too: "+1 / 2 / 3 pts conversion" is quoted.
    assert!(
        rows.iter().any(|r| r[col(&h, "summary")].starts_with("'+")),
        "an effect summary starting with + is quoted"
    );
    let numbers: Vec<usize> = h
        .iter()
        .enumerate()
        .filter(|(_, name)| NUMBER_COLUMNS.contains(&name.as_str()))
        .map(|(i, _)| i)
        .collect();
    for row in &rows {
        for (i, cell) in row.iter().enumerate() {
            if numbers.contains(&i) {
                assert!(
                    cell.is_empty() || cell.parse::<f64>().is_ok(),
                    "{}: {cell:?}",
                    h[i]
                );
            } else {
                assert!(!risky(cell), "{} starts a formula: {cell:?}", h[i]);
            }
        }
    }

    let (h, rows) = read_csv(&steps);
    assert_eq!(rows[0][col(&h, "from_stage")], "'@SUM(1)");
    assert!(rows[0][col(&h, "label")].starts_with("'@SUM(1) →"));
    for row in &rows {
        for (i, cell) in row.iter().enumerate() {
            if !NUMBER_COLUMNS.contains(&h[i].as_str()) && h[i] != "controllable" {
                assert!(!risky(cell), "{} starts a formula: {cell:?}", h[i]);
            }
        }
    }
}
