//! The largest figures and the longest texts a session may hold, defined
//! once: the typed-input parsers, file validation and their messages all read
//! them from here, so a value the app accepts on screen is never refused in
//! the file, and the other way round.
//!
//! The bounds are generous for any real workshop; they exist so that a slip
//! of the finger (or a hand-edited file) cannot produce figures the screen
//! shows as saturated garbage, a Monte Carlo run that asks for 32 GB, or a
//! 5,000-character title that breaks every layout.

/// Prospects in one stage per period. Nine digits cover the largest B2C
/// funnels; a tenth digit is a typo.
pub const COUNT_MAX: u64 = 999_999_999;
/// Segments a session keeps from an import: more could not be read on a
/// wall or in a table.
pub const SEGMENTS_MAX: usize = 100;

/// Average days a prospect spends in one stage: ten years.
pub const STAGE_DAYS_MAX: f64 = 3_650.0;

/// Days before an idea starts working: ten years.
pub const LEAD_TIME_DAYS_MAX: f64 = 3_650.0;

/// Person-days an idea costs: some forty person-years.
pub const EFFORT_DAYS_MAX: f64 = 10_000.0;

/// Average revenue of one won deal, in the session's currency.
pub const DEAL_SIZE_MAX: f64 = 1_000_000_000.0;

/// Characters in a title (of the workshop, of an idea).
pub const TITLE_MAX_CHARS: usize = 120;

/// Characters in a name (a person, a stage, the company, the facilitator).
pub const NAME_MAX_CHARS: usize = 60;

/// Characters in free notes.
pub const NOTES_MAX_CHARS: usize = 2_000;

/// Draws in one Monte Carlo run of a plan: at least one, and few enough to
/// finish in seconds and fit in memory.
pub const SAMPLES_MIN: u32 = 1;
pub const SAMPLES_MAX: u32 = 1_000_000;

/// Bytes in a session file: far above any workshop's session, so a file
/// this big is not one (a log, a disk image, `/dev/zero`) and is refused
/// before it fills the memory.
pub const FILE_BYTES_MAX: u64 = 64 * 1024 * 1024;

/// What kind of text a field holds, which decides how long it may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    Title,
    Name,
    Notes,
}

impl TextKind {
    pub fn max_chars(self) -> usize {
        match self {
            TextKind::Title => TITLE_MAX_CHARS,
            TextKind::Name => NAME_MAX_CHARS,
            TextKind::Notes => NOTES_MAX_CHARS,
        }
    }

    /// Checks the length of `text` in characters (what a person counts, not
    /// bytes); `Err` is a sentence for a facilitator.
    pub fn check(self, text: &str) -> Result<(), String> {
        let noun = match self {
            TextKind::Title => "a title",
            TextKind::Name => "a name",
            TextKind::Notes => "notes",
        };
        self.check_as(text, noun)
    }

    /// Like `check`, naming the text `noun` ("a reason") in the message.
    pub fn check_as(self, text: &str, noun: &str) -> Result<(), String> {
        let n = text.chars().count();
        let max = self.max_chars();
        if n <= max {
            return Ok(());
        }
        let (max, n) = (group(max as u64), group(n as u64));
        Err(if noun == "notes" {
            format!("notes have at most {max} characters; these have {n} — shorten them")
        } else {
            format!("{noun} has at most {max} characters; this one has {n} — shorten it")
        })
    }
}

fn group(n: u64) -> String {
    crate::format::count(n as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_limits_count_characters_and_say_how_to_fix() {
        assert_eq!(TextKind::Name.check(&"é".repeat(60)), Ok(()));
        assert_eq!(
            TextKind::Title.check(&"x".repeat(5_000)),
            Err("a title has at most 120 characters; this one has 5,000 — shorten it".into())
        );
        assert_eq!(
            TextKind::Name.check(&"x".repeat(61)),
            Err("a name has at most 60 characters; this one has 61 — shorten it".into())
        );
        assert!(
            TextKind::Notes
                .check(&"x".repeat(2_001))
                .unwrap_err()
                .starts_with("notes have at most 2,000 characters")
        );
    }
}
