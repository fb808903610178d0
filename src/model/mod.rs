//! The math of `shared/MODEL.md`, as pure functions on a [`Session`].
//! No I/O, no UI: the CLI, the TUI and every export call into here, so a
//! figure is computed one way only.
//!
//! [`Session`]: crate::session::Session

mod commit;
mod controllable;
mod followup;
mod funnel;
mod gain;
mod lever;
mod montecarlo;
mod order;
mod pert;
mod plan;
mod review;
mod room;
mod segments;
mod sensitivity;
mod trend;

pub use commit::{
    Check, GoalLine, KpiFigures, KpiUnit, Letter, Need, Reach, ReverseFunnel, Smart, StageNeed,
    Tied, Unreachable, goal_sentence, kpi_figures, reach, resolve, reverse_funnel,
    show as show_kpi, smart, smart_marks, team_goals, unreachable_words,
};
pub use controllable::{StepControl, TeamControl, step_control, team_control};
pub use followup::follow_up;
pub use funnel::{Funnel, StepFigures, biggest_leak, step_figures};
pub use gain::{
    IdeaGains, RankBy, RankedIdea, idea_gains, lag_days, plan_within_horizon, rank, within_horizon,
};
pub use lever::{Lever, apply, lever_of};
pub use montecarlo::{MAX_SAMPLES, MIN_SAMPLES, PlanOutcome, simulate_plan};
pub use order::tie_tolerance;
pub use plan::{distinct_ideas, plan_ideas, plan_run_rate};
pub use review::{
    ActionTally, Calibration, ChangeUnit, IdeaCheck, Judgement, KpiCheck, Range, Review,
    StepChange, StepSide, Verdict, review,
};
pub use room::{
    Disagreement, Gap, VoteRank, disagreements, dots_per_idea, vote_ranks, vote_words,
    vote_words_short,
};
pub use segments::{
    GridCell, KindShares, Leakiest, ReasonGrid, SegmentRow, cause_from_count, cause_kind,
    kind_shares, leakiest, reason_grid, segment_rows, segment_session,
};
pub use sensitivity::{StepSensitivity, sensitivity};
pub use trend::{KpiTrend, StepPoint, StepTrend, Trend, TrendSession, trend, trend_of};

/// Days of "this quarter" and "this year" as horizons for gains (MODEL.md §3).
pub const QUARTER_DAYS: f64 = 91.0;
pub const YEAR_DAYS: f64 = 365.0;
