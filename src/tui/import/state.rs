//! What the import dialog holds: the options form, the step it is on, and
//! the answers given so far (stage mapping, day/month order). View state
//! only: the session changes once, when the preview is confirmed.

use std::cell::Cell;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::job::{Done, Job};
use crate::import::{
    self, Applied, DateOrder, Import, ImportError, Mode, Options, SKIP_TARGET, UnmatchedStage,
};
use crate::session::Session;
use crate::tui::widgets::form::{FieldError, Form, Input};
use crate::tui::widgets::text_field::TextField;

/// Form rows, in order.
pub const FILE: usize = 0;
pub const SEGMENTS: usize = 1;
pub const COUNT_AS: usize = 2;
pub const FROM: usize = 3;
pub const TO: usize = 4;
pub const DATES: usize = 5;

const MODES: [Mode; 2] = [Mode::Flow, Mode::Cohort];
const ORDERS: [DateOrder; 3] = [DateOrder::Auto, DateOrder::DayFirst, DateOrder::MonthFirst];

/// A CRM stage the session lacks, and what the person picked for it:
/// `None` not yet, `Some(k)` with `k < stages` a session stage, `k ==
/// stages` "leave out".
#[derive(Debug, Clone)]
pub struct Unmapped {
    pub stage: UnmatchedStage,
    pub pick: Option<usize>,
}

pub enum Step {
    /// The file and the options; `error` is why the last try failed.
    Form,
    /// The thread reads the file.
    Reading { job: Job },
    /// CRM stages to map before the file can be counted.
    Mapping { list: Vec<Unmapped>, cursor: usize },
    /// An ambiguous date: which order the file uses.
    DateOrder {
        line: u64,
        column: String,
        value: String,
        day_first: bool,
    },
    /// Read and worked out: Enter applies.
    Preview {
        import: Box<Import>,
        applied: Box<Applied>,
    },
}

pub struct ImportDialog {
    pub step: Step,
    pub form: Form,
    /// Why the last try did not get to a preview, in full.
    pub error: Option<String>,
    /// A form row that is wrong (a date that is not one).
    pub field_error: Option<FieldError>,
    /// Answers to earlier questions: CRM stage → session stage or "-".
    pub map: Vec<(String, String)>,
    /// The session's stage names, for the mapping step.
    pub stages: Vec<String>,
    /// Relative paths are read from here: the session's folder.
    pub base: PathBuf,
    /// The file name the preview and the status line use.
    pub file: String,
    /// First line shown of the scrolled text (preview, error, mapping list).
    pub scroll: u16,
    /// The largest useful `scroll`, as last drawn (the draw knows the width).
    pub max_scroll: Cell<u16>,
}

fn date_text(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

pub fn mode_label(m: Mode) -> &'static str {
    match m {
        Mode::Flow => "flow: reached each stage in the period",
        Mode::Cohort => "cohort: created in the period, how far they got",
    }
}

pub fn order_label(o: DateOrder) -> &'static str {
    match o {
        DateOrder::Auto => "as the file shows (asked when unclear)",
        DateOrder::DayFirst => "day first (dd/mm/yyyy)",
        DateOrder::MonthFirst => "month first (mm/dd/yyyy)",
    }
}

impl ImportDialog {
    /// The dialog for `s` saved at `path`: the options its last import used,
    /// the period ending at the workshop date.
    pub fn new(s: &Session, path: &Path) -> ImportDialog {
        let opts = import::options_for(s);
        let file = s
            .import
            .as_ref()
            .map(|i| i.file.clone())
            .unwrap_or_default();
        let mut form = Form::new(vec![
            Form::text("File", ""),
            Form::text("Segment columns", &opts.segments.join(", ")),
            Form::choice(
                "Count as",
                MODES.iter().map(|m| mode_label(*m).to_string()).collect(),
                MODES.iter().position(|m| *m == opts.mode).unwrap_or(0),
            ),
            Form::text("Period from", &date_text(opts.from)),
            Form::text("Period to", &date_text(opts.to)),
            Form::choice(
                "Day/month order",
                ORDERS.iter().map(|o| order_label(*o).to_string()).collect(),
                0,
            ),
        ]);
        // Last time's file name, replaced by the first key typed: next
        // quarter's export usually has the same name.
        if let Some(row) = form.rows.get_mut(FILE) {
            row.input = Input::Text(TextField::replacing(&file));
        }
        ImportDialog {
            step: Step::Form,
            form,
            error: None,
            field_error: None,
            map: opts.map,
            stages: opts.stages,
            base: path.parent().map(Path::to_path_buf).unwrap_or_default(),
            file: String::new(),
            scroll: 0,
            max_scroll: Cell::new(0),
        }
    }

    /// Whether a text field has the keys (the form's focused row is text).
    pub fn typing(&self) -> bool {
        matches!(self.step, Step::Form) && self.form.focused_text()
    }

    pub fn mode(&self) -> Mode {
        MODES
            .get(self.form.index(COUNT_AS))
            .copied()
            .unwrap_or_default()
    }

    pub fn dates(&self) -> DateOrder {
        ORDERS
            .get(self.form.index(DATES))
            .copied()
            .unwrap_or_default()
    }

    pub fn set_dates(&mut self, o: DateOrder) {
        let at = ORDERS.iter().position(|x| *x == o).unwrap_or(0);
        self.form.set_index(DATES, at);
    }

    /// The file the path field names: `~` is the home folder, a relative
    /// path starts in the session's folder. Surrounding quotes (a path
    /// dropped into the terminal) are not part of it.
    pub fn path(&self) -> Result<PathBuf, String> {
        let typed = self.form.value(FILE).trim();
        let typed = typed
            .strip_prefix('\'')
            .and_then(|t| t.strip_suffix('\''))
            .or_else(|| typed.strip_prefix('"').and_then(|t| t.strip_suffix('"')))
            .unwrap_or(typed);
        if typed.is_empty() {
            return Err("type the path of the CSV file exported from the CRM".into());
        }
        let home = || directories::UserDirs::new().map(|u| u.home_dir().to_path_buf());
        let path = if typed == "~" {
            home().unwrap_or_else(|| PathBuf::from(typed))
        } else if let Some(rest) = typed.strip_prefix("~/") {
            home().map_or_else(|| PathBuf::from(typed), |h| h.join(rest))
        } else {
            PathBuf::from(typed)
        };
        Ok(if path.is_absolute() {
            path
        } else {
            self.base.join(path)
        })
    }

    fn date(&self, row: usize, what: &str) -> Result<Option<NaiveDate>, FieldError> {
        let text = self.form.value(row).trim();
        if text.is_empty() {
            return Ok(None);
        }
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| {
                (
                    row,
                    format!("{what}: write it as YYYY-MM-DD, e.g. 2026-10-01, or leave it empty"),
                )
            })
    }

    /// The import's options as the form and the answers stand.
    pub fn options(&self) -> Result<Options, FieldError> {
        let from = self.date(FROM, "not a date")?;
        let to = self.date(TO, "not a date")?;
        Ok(Options {
            stages: self.stages.clone(),
            map: self.map.clone(),
            segments: self
                .form
                .value(SEGMENTS)
                .split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect(),
            from,
            to,
            mode: self.mode(),
            dates: self.dates(),
            ..Options::default()
        })
    }

    /// A finished read: on to the next question, the preview, or back to
    /// the form with the reason.
    pub fn finish(&mut self, done: Done) {
        self.scroll = 0;
        self.step = match done {
            Done::Ready { import, applied } => Step::Preview { import, applied },
            Done::Refused(ImportError::Unmatched(list)) => Step::Mapping {
                list: list
                    .into_iter()
                    .map(|stage| Unmapped { stage, pick: None })
                    .collect(),
                cursor: 0,
            },
            Done::Refused(ImportError::NeedsDateOrder {
                line,
                column,
                value,
            }) => Step::DateOrder {
                line,
                column,
                value,
                day_first: true,
            },
            Done::Refused(e) => return self.fail(e.to_string()),
            Done::NotApplied(e) => return self.fail(e.to_string()),
            Done::Unreadable(e) => return self.fail(e),
        };
    }

    /// Back to the form, saying why; nothing changed.
    pub fn fail(&mut self, why: String) {
        self.step = Step::Form;
        self.scroll = 0;
        self.error = Some(format!("{why}. Nothing was changed."));
    }

    /// The mapping answers into the options: every CRM stage picked.
    /// `Err` names the first without a pick (and moves the cursor there).
    pub fn take_mapping(&mut self) -> Result<(), String> {
        let Step::Mapping { list, cursor } = &mut self.step else {
            return Ok(());
        };
        if let Some(i) = list.iter().position(|u| u.pick.is_none()) {
            *cursor = i;
            return Err(format!(
                "pick a session stage for \"{}\", or \"leave out\" (←/→ or Space)",
                list[i].stage.name
            ));
        }
        let n = self.stages.len();
        for u in list.iter() {
            let target = match u.pick {
                Some(k) if k < n => self.stages[k].clone(),
                _ => SKIP_TARGET.to_string(),
            };
            self.map.retain(|(c, _)| *c != u.stage.name);
            self.map.push((u.stage.name.clone(), target));
        }
        Ok(())
    }

    /// What a pick reads as.
    pub fn pick_label(&self, pick: Option<usize>) -> String {
        match pick {
            None => "choose…".to_string(),
            Some(k) => self
                .stages
                .get(k)
                .cloned()
                .unwrap_or_else(|| "leave out".to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dialog() -> ImportDialog {
        let s = crate::assets::example_session();
        ImportDialog::new(&s, Path::new("/work/sessions/q3.ron"))
    }

    #[test]
    fn a_path_is_read_from_the_session_folder_and_tilde_is_home() {
        let mut d = dialog();
        d.form.set_text(FILE, "exports/deals.csv");
        assert_eq!(
            d.path(),
            Ok(PathBuf::from("/work/sessions/exports/deals.csv"))
        );
        d.form.set_text(FILE, "  '/tmp/my deals.csv' ");
        assert_eq!(
            d.path(),
            Ok(PathBuf::from("/tmp/my deals.csv")),
            "quotes of a dropped path"
        );
        if let Some(home) = directories::UserDirs::new().map(|u| u.home_dir().to_path_buf()) {
            d.form.set_text(FILE, "~/Downloads/deals.csv");
            assert_eq!(d.path(), Ok(home.join("Downloads/deals.csv")));
        }
        d.form.set_text(FILE, "   ");
        assert!(d.path().is_err());
    }

    #[test]
    fn options_come_from_the_form_and_a_bad_date_names_its_row() {
        let mut d = dialog();
        d.form.set_text(SEGMENTS, " Region, ,Source ");
        d.form.set_index(COUNT_AS, 1);
        d.form.set_text(FROM, "");
        d.form.set_text(TO, "2026-06-30");
        let o = d.options().expect("valid");
        assert_eq!(o.segments, ["Region", "Source"]);
        assert_eq!(o.mode, Mode::Cohort);
        assert_eq!(o.from, None);
        assert_eq!(o.to, NaiveDate::from_ymd_opt(2026, 6, 30));
        d.form.set_text(FROM, "30/06/2026");
        assert_eq!(d.options().err().map(|e| e.0), Some(FROM));
    }

    #[test]
    fn every_unmatched_stage_needs_a_pick_before_the_mapping_is_taken() {
        let mut d = dialog();
        let stage = |name: &str| UnmatchedStage {
            name: name.into(),
            rows: 1,
            first_line: 2,
        };
        d.step = Step::Mapping {
            list: vec![
                Unmapped {
                    stage: stage("Engaging"),
                    pick: Some(1),
                },
                Unmapped {
                    stage: stage("Junk"),
                    pick: None,
                },
            ],
            cursor: 0,
        };
        let e = d.take_mapping().expect_err("Junk has no pick");
        assert!(e.contains("\"Junk\""), "{e}");
        assert!(matches!(d.step, Step::Mapping { cursor: 1, .. }));
        if let Step::Mapping { list, .. } = &mut d.step {
            list[1].pick = Some(d.stages.len());
        }
        let before = d.map.len();
        d.take_mapping().expect("all picked");
        assert_eq!(d.map.len(), before + 2);
        assert!(d.map.contains(&("Engaging".into(), d.stages[1].clone())));
        assert!(d.map.contains(&("Junk".into(), SKIP_TARGET.into())));
    }
}
