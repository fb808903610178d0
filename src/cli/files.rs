//! Subcommands that create, check and rewrite session files.

use std::fs;
use std::path::{Path, PathBuf};

use super::{CliError, Report, problem_lines};
use crate::assets;
use crate::session;
use crate::store::{self, FileFormat};

/// A FILE argument as given when it exists, else the same name inside the
/// sessions folder (so `funnelcheck show q4.ron` finds `sessions/q4.ron`).
/// Every command that takes a FILE, opening the app included, resolves it
/// here, so a name that works for one works for all.
pub fn resolve_file(file: &Path, dir: &Path) -> PathBuf {
    if file.exists() || file.is_absolute() || file.components().count() != 1 {
        return file.to_path_buf();
    }
    let inside = dir.join(file);
    if inside.exists() {
        inside
    } else {
        file.to_path_buf()
    }
}

/// `new NAME --template T`: a fresh session in `dir`, never over an existing file.
pub fn new(dir: &Path, name: &str, template: &str) -> Result<Report, CliError> {
    // clap only lets known template names through; this guards library callers.
    let Some(template) = assets::template(template) else {
        let names: Vec<&str> = assets::templates()
            .iter()
            .map(|t| t.name.as_str())
            .collect();
        return Err(CliError::Lookup(format!(
            "there is no template \"{template}\"; choose one of: {}",
            names.join(", ")
        )));
    };
    let path = store::path_for_name(dir, name);
    if path.exists() {
        return Err(CliError::Exists { path });
    }
    fs::create_dir_all(dir).map_err(|source| CliError::CreateDir {
        path: dir.to_path_buf(),
        source,
    })?;
    let title = Path::new(name.trim())
        .file_stem()
        .filter(|_| FileFormat::of(Path::new(name.trim())).is_ok())
        .map_or_else(
            || name.trim().to_string(),
            |s| s.to_string_lossy().into_owned(),
        );
    let today = chrono::Local::now().date_naive();
    let session = assets::new_session(&title, template, today);
    store::save(&path, &session)?;
    Ok(Report::ok(format!("{}\n", path.display())))
}

/// `check FILE`: every problem with its path and fix; exit 1 when any.
/// A follow-up whose predecessor cannot be found is not a problem (its
/// review works from the copy it keeps): it is noted, with the path.
pub fn check(path: &Path) -> Result<Report, CliError> {
    let session = store::parse(path)?;
    let problems = session::validate(&session);
    let notes: String = if session.previous.is_some() {
        store::chain::predecessors(path, &session)
            .broken
            .iter()
            .map(|b| format!("note: {b}; the review uses the copy kept in this file\n"))
            .collect()
    } else {
        String::new()
    };
    if problems.is_empty() {
        return Ok(Report::ok(format!(
            "{} is valid: {} stages, {} ideas, {} participants\n{notes}",
            path.display(),
            session.stages.len(),
            session.ideas.len(),
            session.participants.len()
        )));
    }
    Ok(Report {
        text: format!(
            "{} has {} problem(s):\n{}{notes}",
            path.display(),
            problems.len(),
            problem_lines(&problems)
        ),
        code: 1,
    })
}

/// `convert FILE OUT [--force]`: the same session in the format OUT's
/// extension names; never over an existing file unless forced, and never
/// over its own input.
pub fn convert(source: &Path, out: &Path, force: bool) -> Result<Report, CliError> {
    FileFormat::of(out)?;
    if same_file(source, out) {
        return Err(CliError::SameFile {
            source_path: source.to_path_buf(),
            out: out.to_path_buf(),
        });
    }
    // A dangling symlink counts as existing: writing through it would
    // create a file somewhere the user did not name.
    if !force && fs::symlink_metadata(out).is_ok() {
        return Err(CliError::ExistsForce {
            path: out.to_path_buf(),
        });
    }
    let session = store::load(source)?;
    store::save(out, &session)?;
    Ok(Report::ok(format!(
        "wrote {} from {}\n",
        out.display(),
        source.display()
    )))
}

/// `export FILE --format F [-o PATH] [--force]`: prints each file written.
pub fn export(
    source: &Path,
    format: &str,
    out: Option<&Path>,
    force: bool,
) -> Result<Report, CliError> {
    let format: crate::export::Format = format.parse()?;
    // A follow-up's predecessors give the reports their trend (charts in
    // HTML, tables in Markdown, figures in JSON); a broken link is said, and
    // the export goes on with what could be read.
    let mut chain = if matches!(
        format,
        crate::export::Format::Html | crate::export::Format::Markdown | crate::export::Format::Json
    ) {
        store::chain::chain(source)?
    } else {
        store::chain::Chain {
            sessions: vec![store::load(source)?],
            ..Default::default()
        }
    };
    let Some(session) = chain.sessions.pop() else {
        return Err(CliError::Lookup(format!(
            "{} did not load",
            source.display()
        )));
    };
    let out = out.map_or_else(
        || crate::export::default_output(source, format),
        Path::to_path_buf,
    );
    let written = crate::export::export_to_with(
        &session,
        &chain.sessions,
        Some(source),
        format,
        &out,
        force,
    )?;
    let mut lines: Vec<String> = chain
        .broken
        .iter()
        .map(|b| format!("warning: {b}\n"))
        .collect();
    lines.extend(written.iter().map(|p| format!("wrote {}\n", p.display())));
    Ok(Report::ok(lines.concat()))
}

/// Whether two paths name one file, also when OUT does not exist yet, and
/// when one is a symlink or a hard link to the other.
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (fs::metadata(a), fs::metadata(b))
            && (x.dev(), x.ino()) == (y.dev(), y.ino())
        {
            return true;
        }
    }
    fn absolute(p: &Path) -> PathBuf {
        p.canonicalize().unwrap_or_else(|_| {
            let parent = p
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            match (parent.canonicalize(), p.file_name()) {
                (Ok(dir), Some(name)) => dir.join(name),
                _ => p.to_path_buf(),
            }
        })
    }
    absolute(a) == absolute(b)
}
