//! Upper bounds: a file or a command line holding a figure past the limits of
//! `session::limits` is refused with the field, what is wrong and the fix.

use std::process::Command;

use clap::Parser;
use funnelcheck::assets;
use funnelcheck::cli::{Cli, Command as Sub};
use funnelcheck::session::{Problem, Session, limits, validate};

/// The problems of the example after `edit`; the example itself has none.
fn problems(edit: impl FnOnce(&mut Session)) -> Vec<Problem> {
    let mut s = assets::example_session();
    assert_eq!(validate(&s), vec![], "the example is valid");
    edit(&mut s);
    validate(&s)
}

/// The one problem at `path`.
fn only_at(problems: &[Problem], path: &str) -> Problem {
    let at: Vec<&Problem> = problems.iter().filter(|p| p.path == path).collect();
    assert_eq!(at.len(), 1, "one problem at {path}: {problems:?}");
    at[0].clone()
}

#[test]
fn plan_samples_outside_one_to_a_million_are_refused() {
    for bad in [0, 1_000_001, 4_000_000_000] {
        let p = only_at(&problems(|s| s.plan.samples = bad), "plan.samples");
        assert!(p.message.ends_with("is outside 1…1,000,000"), "{p}");
        assert!(p.fix.contains("10,000"), "{p}");
    }
    assert_eq!(
        problems(|s| s.plan.samples = 0)[0].message,
        "0 draws is outside 1…1,000,000"
    );
    for good in [limits::SAMPLES_MIN, limits::SAMPLES_MAX] {
        assert_eq!(problems(|s| s.plan.samples = good), vec![]);
    }
}

#[test]
fn a_deal_size_past_a_billion_is_refused_by_amount() {
    let p = only_at(&problems(|s| s.deal_size = 1e308), "deal_size");
    assert_eq!(
        p.message, "the deal size 1e308 is too large: at most EUR 1,000,000,000",
        "not a number cut at the largest integer"
    );
    let p = only_at(&problems(|s| s.deal_size = 1_000_000_001.0), "deal_size");
    assert_eq!(
        p.message,
        "the deal size EUR 1,000,000,001 is too large: at most EUR 1,000,000,000"
    );
    assert_eq!(problems(|s| s.deal_size = limits::DEAL_SIZE_MAX), vec![]);
    assert!(!problems(|s| s.deal_size = f64::INFINITY).is_empty());
}

#[test]
fn counts_past_999_999_999_are_refused() {
    let ps = problems(|s| {
        for st in &mut s.stages {
            st.count = 1_000_000_000;
        }
    });
    let p = only_at(&ps, "stages[0].count");
    assert_eq!(
        p.message,
        "1,000,000,000 prospects is too large: at most 999,999,999 per stage"
    );
    assert_eq!(ps.iter().filter(|p| p.path.ends_with(".count")).count(), 6);
    let ok = problems(|s| {
        for st in &mut s.stages {
            st.count = limits::COUNT_MAX;
        }
    });
    assert_eq!(ok, vec![]);
}

#[test]
fn days_effort_and_lead_time_have_a_cap() {
    let p = only_at(&problems(|s| s.stages[1].days = 3_651.0), "stages[1].days");
    assert_eq!(
        p.message,
        "the time in this stage of 3,651 days is too large: at most 3,650 days"
    );
    let p = only_at(
        &problems(|s| s.ideas[0].effort_days = 10_000.5),
        "ideas[0].effort_days",
    );
    assert_eq!(
        p.message,
        "the effort of 10000.5 person-days is too large: at most 10,000 person-days"
    );
    let p = only_at(
        &problems(|s| s.ideas[1].lead_time_days = 1e9),
        "ideas[1].lead_time_days",
    );
    assert!(p.message.contains("at most 3,650 days"), "{p}");
    let at_limits = problems(|s| {
        s.stages[1].days = limits::STAGE_DAYS_MAX;
        s.ideas[0].effort_days = limits::EFFORT_DAYS_MAX;
        s.ideas[1].lead_time_days = limits::LEAD_TIME_DAYS_MAX;
    });
    assert_eq!(at_limits, vec![]);
}

#[test]
fn over_long_texts_are_refused_with_their_length() {
    let ps = problems(|s| {
        s.title = "t".repeat(5_000);
        s.company = "c".repeat(61);
        s.facilitator = "f".repeat(61);
        s.notes = "n".repeat(2_001);
        s.stages[0].name = "s".repeat(61);
        s.participants[0].name = "p".repeat(61);
        s.ideas[0].title = "i".repeat(121);
        s.ideas[0].notes = "n".repeat(2_001);
    });
    let title = only_at(&ps, "title");
    assert_eq!(
        title.message,
        "a title has at most 120 characters; this one has 5,000 — shorten it"
    );
    assert_eq!(title.fix, "cut it to at most 120 characters");
    for path in [
        "company",
        "facilitator",
        "stages[0].name",
        "participants[0].name",
    ] {
        assert_eq!(
            only_at(&ps, path).message,
            "a name has at most 60 characters; this one has 61 — shorten it"
        );
    }
    assert!(
        only_at(&ps, "ideas[0].title")
            .message
            .contains("this one has 121")
    );
    for path in ["notes", "ideas[0].notes"] {
        assert_eq!(
            only_at(&ps, path).message,
            "notes have at most 2,000 characters; these have 2,001 — shorten them"
        );
    }
    let at_limits = problems(|s| {
        s.title = "é".repeat(limits::TITLE_MAX_CHARS);
        s.company = "é".repeat(limits::NAME_MAX_CHARS);
        s.notes = "é".repeat(limits::NOTES_MAX_CHARS);
    });
    assert_eq!(at_limits, vec![], "characters count, not bytes");
}

fn samples_arg(n: &str) -> Result<Option<u32>, String> {
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/sessions/example.ron");
    match Cli::try_parse_from(["funnelcheck", "plan", example, "--samples", n]) {
        Ok(Cli {
            command: Some(Sub::Plan { samples, .. }),
            ..
        }) => Ok(samples),
        Ok(other) => panic!("parsed as {other:?}"),
        Err(e) => Err(e.to_string()),
    }
}

#[test]
fn plan_samples_on_the_command_line_stay_within_one_to_a_million() {
    assert_eq!(samples_arg("2000"), Ok(Some(2_000)));
    assert_eq!(samples_arg("1,000,000"), Ok(Some(1_000_000)));
    assert_eq!(samples_arg("50k"), Ok(Some(50_000)));
    assert_eq!(samples_arg("1"), Ok(Some(1)));
    for bad in ["0", "1000001", "10000000", "4000000000"] {
        let e = samples_arg(bad).expect_err(bad);
        assert!(
            e.contains("the number of draws goes from 1 to 1,000,000"),
            "{bad}: {e}"
        );
    }
    let e = samples_arg("2.5").expect_err("2.5");
    assert!(e.contains("needs a whole number, not 2.5"), "{e}");
}

#[test]
fn the_binary_refuses_a_million_and_one_draws() {
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/sessions/example.ron");
    let out = Command::new(env!("CARGO_BIN_EXE_funnelcheck"))
        .args(["plan", example, "--samples", "1000001"])
        .output()
        .expect("the binary runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the number of draws goes from 1 to 1,000,000 (10,000 is plenty)"),
        "{err}"
    );
}
