//! Every export speaks the app's one money vocabulary (`format::Figure`):
//! the same names as the CLI and the Summary screen, the same rounding, the
//! value lost shown as a ceiling beside the realistic and controllable
//! figures, and who can act as a number.

use funnelcheck::assets;
use funnelcheck::export::{self, FIGURES, Format, Rendered, Report, figure_key};
use funnelcheck::format::{Figure, money};
use funnelcheck::model;
use funnelcheck::session::{Period, Point};

fn one(format: Format) -> String {
    match export::render(&assets::example_session(), format).expect("render") {
        Rendered::One(text) => text,
        Rendered::Csv { .. } => panic!("{format} renders one document"),
    }
}

fn csv() -> (String, String) {
    match export::render(&assets::example_session(), Format::Csv).expect("render") {
        Rendered::Csv { ideas, steps, .. } => (ideas, steps),
        Rendered::One(_) => panic!("CSV renders two tables"),
    }
}

/// Within half a cent: CSV money is rounded to cents.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 0.005
}

#[test]
fn markdown_names_the_figures_as_the_app_does() {
    let md = one(Format::Markdown);
    for wanted in [
        "## How to read the amounts",
        "Run-rate per quarter",
        "Landing in the next 91 days",
        "Landing in the next 12 months",
        "Value lost per quarter (ceiling)",
        "Recover 10 % per quarter",
        "Controllable per quarter",
        "## Who has to change more",
        "Marketing owns 88.0 % of the value lost to causes the teams control",
    ] {
        assert!(md.contains(wanted), "Markdown lacks {wanted:?}");
    }
    // The old words are gone.
    for gone in [
        "this year",
        "this quarter",
        "Annual",
        "Together (likely)",
        "Gain a quarter",
        "Value lost a quarter",
        "Plan gain",
    ] {
        assert!(!md.contains(gone), "Markdown still says {gone:?}");
    }
    // Every figure is explained before the first table.
    let legend_at = md.find("## How to read the amounts").expect("legend");
    let table_at = md.find("\n| ").expect("a table");
    assert!(legend_at < table_at);
    let legend = &md[legend_at..table_at];
    for f in FIGURES {
        assert!(legend.contains(&f.name(Period::Quarter)), "{f:?}");
        assert!(legend.contains(&f.legend(Period::Quarter)), "{f:?}");
    }
}

#[test]
fn the_plan_headline_is_its_run_rate_with_p10_to_p90_and_what_lands() {
    let s = assets::example_session();
    let r = Report::build(&s);
    let run_rate = model::plan_run_rate(&s, &s.plan.ideas, Point::Likely);
    assert_eq!(r.plan.run_rate_per_period, run_rate);
    assert_eq!(r.plan.run_rate_per_period, r.plan.outcome.together);
    let md = one(Format::Markdown);
    let glance = &md[md.find("## At a glance").expect("at a glance")..];
    let glance = &glance[..glance.find("\n## ").expect("next section")];
    let cur = |v: f64| money(v, "EUR");
    assert!(
        glance.contains(&format!(
            "**Plan · Run-rate per quarter:** {} (3 ideas; P10 {} – P90 {})",
            cur(run_rate),
            cur(r.plan.outcome.p10),
            cur(r.plan.outcome.p90)
        )),
        "{glance}"
    );
    // The CLI's `plan` prints the same two landing figures.
    assert!(
        glance.contains("**Plan · Landing in the next 91 days:** EUR 31,792"),
        "{glance}"
    );
    assert!(
        glance.contains("**Plan · Landing in the next 12 months:** EUR 2,126,833"),
        "{glance}"
    );
    let html = one(Format::Html);
    assert!(html.contains(&format!(
        "<dt>The plan: Run-rate per quarter</dt><dd><span class=\"big\">{}</span>",
        cur(run_rate)
    )));
}

#[test]
fn csv_columns_are_the_vocabulary() {
    let (ideas, steps) = csv();
    let header = |t: &str| -> Vec<String> {
        t.lines()
            .next()
            .expect("a header")
            .split(',')
            .map(String::from)
            .collect()
    };
    let ideas_h = header(&ideas);
    for col in [
        "run_rate_low",
        "run_rate_per_period",
        "run_rate_high",
        "run_rate_expected",
        "run_rate_per_year",
        "landing_next_91_days",
        "landing_next_12_months",
        "run_rate_per_year_per_effort_day",
    ] {
        assert!(ideas_h.iter().any(|h| h == col), "ideas.csv lacks {col}");
    }
    assert!(
        !ideas_h
            .iter()
            .any(|h| h.starts_with("gain_") || h.contains("annual")),
        "{ideas_h:?}"
    );
    let steps_h = header(&steps);
    for f in [
        Figure::ValueLostCeiling,
        Figure::Recover10,
        Figure::Controllable,
    ] {
        assert!(
            steps_h.iter().any(|h| h == figure_key(f)),
            "steps.csv lacks {}",
            figure_key(f)
        );
    }
    // Inquiry → MQL, by hand (see export_html.rs): plain numbers, cents.
    let mut rd = csv::Reader::from_reader(steps.as_bytes());
    let h = rd.headers().expect("header").clone();
    let row = rd.records().next().expect("a row").expect("record");
    let cell = |name: &str| -> f64 {
        let i = h.iter().position(|c| c == name).expect(name);
        row[i].parse().expect("a plain number")
    };
    assert!(close(
        cell("value_lost_ceiling"),
        10_680.0 * 60.0 / 1_320.0 * 24_000.0
    ));
    assert!(close(cell("recover_10pct"), 1_440_000.0 * 0.089 / 0.11));
    assert!(close(cell("controllable"), 6_408_000.0));
    assert!(close(
        cell("value_lost_external"),
        0.35 * 10_680.0 * 60.0 / 1_320.0 * 24_000.0
    ));
    assert_eq!(
        &row[h
            .iter()
            .position(|c| c == "value_lost_ceiling")
            .expect("col")],
        "11650909.09"
    );
}

#[test]
fn json_carries_the_value_lost_trio_and_who_can_act() {
    let v: serde_json::Value = serde_json::from_str(&one(Format::Json)).expect("JSON");
    assert_eq!(v["format_version"], funnelcheck::export::FORMAT_VERSION);
    let d = &v["derived"];
    let step = &d["steps"][0];
    let num = |x: &serde_json::Value| x.as_f64().expect("a number");
    assert_eq!(step["label"], "Inquiry → MQL");
    assert_eq!(num(&step["value_lost_ceiling"]).round(), 11_650_909.0);
    assert_eq!(num(&step["recover_10pct"]).round(), 1_165_091.0);
    assert_eq!(num(&step["controllable"]).round(), 6_408_000.0);
    // The ceiling splits into controllable, external and unexplained.
    for k in 0..5 {
        let s = &d["steps"][k];
        let sum = num(&s["controllable"])
            + num(&s["value_lost_external"])
            + num(&s["value_lost_unexplained"]);
        assert!(
            (sum - num(&s["value_lost_ceiling"])).abs() < 1e-6,
            "step {k}"
        );
    }
    let teams = d["team_control"].as_array().expect("team_control");
    let team = |name: &str| {
        teams
            .iter()
            .find(|t| t["team"] == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    assert_eq!(num(&team("Marketing")["controllable"]).round(), 7_056_000.0);
    assert_eq!(num(&team("Sales")["controllable"]).round(), 768_000.0);
    assert_eq!(num(&team("Shared")["controllable"]).round(), 191_193.0);
    assert!((num(&team("Sales")["share"]) - 768_000.0 / 8_015_193.277).abs() < 1e-6);
    // Ideas and the plan use the vocabulary's names, documented in place.
    let idea = &d["ideas"][0];
    for key in [
        "run_rate_per_period",
        "run_rate_per_year",
        "landing_next_91_days",
        "landing_next_12_months",
    ] {
        assert!(idea[key].is_number(), "ideas[0].{key}");
        assert!(d["plan"][key].is_number(), "plan.{key}");
    }
    assert!(idea.get("gains").is_none());
    let vocabulary = d["vocabulary"].as_array().expect("vocabulary");
    assert_eq!(vocabulary.len(), FIGURES.len());
    assert_eq!(vocabulary[1]["key"], "run_rate_per_period");
    assert_eq!(vocabulary[1]["name"], "Run-rate per quarter");
    // The field reference in src/export/json.rs names every key.
    let doc = include_str!("../src/export/json.rs");
    for f in FIGURES {
        assert!(
            doc.contains(figure_key(f)),
            "json.rs does not document {}",
            figure_key(f)
        );
    }
    let csv_doc = include_str!("../src/export/csv.rs");
    for key in [
        "run_rate_per_period",
        "value_lost_ceiling",
        "recover_10pct",
        "controllable",
        "landing_next_12_months",
    ] {
        assert!(
            csv_doc.contains(&format!("//!   {key}")),
            "csv.rs does not document {key}"
        );
    }
}

#[test]
fn a_session_without_internal_causes_says_nobody_controls_anything() {
    let mut s = assets::example_session();
    for st in &mut s.stages {
        st.causes
            .retain(|c| c.origin != funnelcheck::session::Origin::Internal);
    }
    let r = Report::build(&s);
    assert!(r.acting_teams().is_empty());
    for f in [Format::Markdown, Format::Html] {
        let text = match export::render(&s, f).expect("render") {
            Rendered::One(t) => t,
            Rendered::Csv { .. } => unreachable!(),
        };
        assert!(text.contains("No internal causes recorded"), "{f}");
        assert!(!text.contains(" owns "), "{f}");
    }
}

#[test]
fn names_follow_the_sessions_period() {
    let mut s = assets::example_session();
    s.period = Period::Month;
    let md = match export::render(&s, Format::Markdown).expect("render") {
        Rendered::One(t) => t,
        Rendered::Csv { .. } => unreachable!(),
    };
    assert!(md.contains("Run-rate per month"));
    assert!(md.contains("Value lost per month (ceiling)"));
    assert!(
        !md.contains("per quarter"),
        "a monthly session speaks of months"
    );
}

#[test]
fn a_step_without_internal_causes_controls_exactly_zero() {
    // Opportunity → Won has only external causes: 0, never "-0.00" / -0.0.
    let (_, steps) = csv();
    let last = steps.lines().nth(5).expect("the fifth step");
    assert!(
        !steps.contains("-0.00") && !steps.contains(",-0,"),
        "{steps}"
    );
    assert!(last.contains(",0.00,"), "{last}");
    let json = one(Format::Json);
    assert!(!json.contains("-0.0"), "negative zero in the JSON");
    // Nor for a team without internal causes.
    let mut s = assets::example_session();
    for st in &mut s.stages {
        st.causes
            .retain(|c| c.team != funnelcheck::session::Team::Shared);
    }
    let r = Report::build(&s);
    let shared = r
        .team_control
        .iter()
        .find(|t| t.team == funnelcheck::session::Team::Shared)
        .expect("shared");
    assert!(shared.controllable.is_sign_positive() && shared.share.is_sign_positive());
}
