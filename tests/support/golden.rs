//! Golden files under `tests/golden/`: the one way every test compares a
//! rendered text with its file, and the one way to rewrite them
//! (`UPDATE_GOLDEN=1 cargo test --test NAME`, then read the diff).

use std::path::PathBuf;

pub fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Compares `actual` with `tests/golden/NAME`, naming the first differing
/// line; with `UPDATE_GOLDEN` set, writes it instead.
pub fn check(name: &str, actual: &str) {
    let path = dir().join(name);
    let test = env!("CARGO_CRATE_NAME");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(dir()).expect("create tests/golden");
        std::fs::write(&path, actual).expect("write golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}; run UPDATE_GOLDEN=1 cargo test --test {test}",
            path.display()
        )
    });
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .map_or(expected.lines().count().min(actual.lines().count()), |i| i);
        panic!(
            "{name} differs from its golden file at line {}:\n  golden: {:?}\n  now:    {:?}\nif the change is intended run UPDATE_GOLDEN=1 cargo test --test {test} and read the diff",
            first + 1,
            expected.lines().nth(first).unwrap_or(""),
            actual.lines().nth(first).unwrap_or("")
        );
    }
}
