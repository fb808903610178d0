//! Golden files of every export format for the example session.
//!
//! The files in `tests/golden/` are what the exports must produce, byte for
//! byte. After an intended change, regenerate them with
//! `UPDATE_GOLDEN=1 cargo test --test export_golden`, then read the diff
//! (`git diff tests/golden`) before committing.

use std::path::PathBuf;

use funnelcheck::assets;
use funnelcheck::export::{self, Format, Rendered};

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("golden")
}

fn check(name: &str, actual: &str) {
    let path = golden_dir().join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(golden_dir()).expect("create tests/golden");
        std::fs::write(&path, actual).expect("write golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}; run UPDATE_GOLDEN=1 cargo test --test export_golden",
            path.display()
        )
    });
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b);
        panic!(
            "{name} differs from the golden file (first differing line: {:?}); if the change is intended run UPDATE_GOLDEN=1 cargo test --test export_golden and review the diff",
            first.map(|i| i + 1)
        );
    }
}

fn one(format: Format) -> String {
    match export::render(&assets::example_session(), format).expect("render") {
        Rendered::One(text) => text,
        Rendered::Csv { .. } => panic!("{format} renders one document"),
    }
}

#[test]
fn markdown_matches_golden() {
    check("example.md", &one(Format::Markdown));
}

#[test]
fn html_matches_golden() {
    check("example.html", &one(Format::Html));
}

#[test]
fn json_matches_golden() {
    check("example.json", &one(Format::Json));
}

#[test]
fn ics_matches_golden() {
    check("example.ics", &one(Format::Ics));
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
            check("example-ideas.csv", &ideas);
            check("example-steps.csv", &steps);
            check("example-actions.csv", &actions);
            check("example-kpis.csv", &kpis);
        }
        Rendered::One(_) => panic!("CSV renders four tables"),
    }
}
