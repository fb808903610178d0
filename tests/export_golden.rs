//! Golden files of every export format for the example session.
//!
//! The files in `tests/golden/` are what the exports must produce, byte for
//! byte. After an intended change, regenerate them with
//! `UPDATE_GOLDEN=1 cargo test --test export_golden`, then read the diff
//! (`git diff tests/golden`) before committing.

mod support;

use funnelcheck::assets;
use funnelcheck::export::{self, Format, Rendered};
use support::golden;

fn one(format: Format) -> String {
    match export::render(&assets::example_session(), format).expect("render") {
        Rendered::One(text) => text,
        Rendered::Csv { .. } => panic!("{format} renders one document"),
    }
}

#[test]
fn markdown_matches_golden() {
    golden::check("example.md", &one(Format::Markdown));
}

#[test]
fn html_matches_golden() {
    golden::check("example.html", &one(Format::Html));
}

#[test]
fn json_matches_golden() {
    golden::check("example.json", &one(Format::Json));
}

#[test]
fn ics_matches_golden() {
    golden::check("example.ics", &one(Format::Ics));
}

#[test]
fn csv_matches_golden() {
    match export::render(&assets::example_session(), Format::Csv).expect("render") {
        Rendered::Csv {
            ideas,
            steps,
            actions,
            kpis,
            review,
            segments,
        } => {
            assert_eq!(review, None, "the example follows nothing up");
            assert_eq!(segments, None, "the example has no segments");
            golden::check("example-ideas.csv", &ideas);
            golden::check("example-steps.csv", &steps);
            golden::check("example-actions.csv", &actions);
            golden::check("example-kpis.csv", &kpis);
        }
        Rendered::One(_) => panic!("CSV renders four tables"),
    }
}
