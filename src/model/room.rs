//! The room's vote beside the model's ranking: each idea's vote rank and the
//! biggest disagreements between the two, in words a facilitator can say.
//! Pure: the Rank screen draws what these functions return.

use std::collections::HashMap;

use super::RankedIdea;
use crate::session::{Id, Session};

/// Dots per idea, indexed like `session.ideas`.
pub fn dots_per_idea(s: &Session) -> Vec<u32> {
    let mut by_id: HashMap<Id, u32> = HashMap::new();
    for v in &s.votes {
        let e = by_id.entry(v.idea).or_default();
        *e = e.saturating_add(v.dots);
    }
    s.ideas
        .iter()
        .map(|i| by_id.get(&i.id).copied().unwrap_or(0))
        .collect()
}

/// Where the room put one idea.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VoteRank {
    /// Competition rank ("1224"): 1 + the number of ideas with more dots.
    pub rank: usize,
    /// How many other ideas have exactly as many dots.
    pub tied_with: usize,
}

impl VoteRank {
    /// Whether the room did not tell this idea apart from another one.
    pub fn is_tied(self) -> bool {
        self.tied_with > 0
    }

    /// "vote #2", or "vote tied 4th with 3 others" when other ideas have as
    /// many dots.
    pub fn words(self) -> String {
        match self.tied_with {
            0 => format!("vote #{}", self.rank),
            1 => format!("vote tied {} with 1 other", ordinal(self.rank)),
            n => format!("vote tied {} with {n} others", ordinal(self.rank)),
        }
    }

    /// The same, shorter for narrow screens: "vote #2", "vote tied 4th".
    pub fn short_words(self) -> String {
        if self.is_tied() {
            format!("vote tied {}", ordinal(self.rank))
        } else {
            self.words()
        }
    }
}

/// The room's place of an idea in words: its [`VoteRank::words`], or "no dots".
pub fn vote_words(vote: Option<VoteRank>) -> String {
    vote.map_or_else(|| "no dots".to_string(), VoteRank::words)
}

/// [`vote_words`] for narrow screens ([`VoteRank::short_words`]).
pub fn vote_words_short(vote: Option<VoteRank>) -> String {
    vote.map_or_else(|| "no dots".to_string(), VoteRank::short_words)
}

/// 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st…
fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// Each idea's vote rank (most dots first, competition ranking for ties),
/// `None` for ideas without a dot. Indexed like `dots`.
pub fn vote_ranks(dots: &[u32]) -> Vec<Option<VoteRank>> {
    let mut sorted: Vec<u32> = dots.iter().copied().filter(|&d| d > 0).collect();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    dots.iter()
        .map(|&n| {
            (n > 0).then(|| {
                let above = sorted.partition_point(|&m| m > n);
                let same = sorted[above..].partition_point(|&m| m == n);
                VoteRank {
                    rank: above + 1,
                    tied_with: same.saturating_sub(1),
                }
            })
        })
        .collect()
}

/// One idea the room and the numbers place far apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gap {
    /// Index into `session.ideas`.
    pub index: usize,
    pub model_rank: usize,
    /// `None`: the idea got no dots.
    pub vote: Option<VoteRank>,
}

/// Where the room and the numbers disagree most.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Disagreement {
    /// The idea the room ranks far above the model. Only an idea the room
    /// told apart (its vote rank tied with no other idea) qualifies: a dot
    /// shared with three others is no verdict of the room.
    pub room_loves: Option<Gap>,
    /// The idea the model ranks far above the room; its vote rank may be
    /// tied ([`VoteRank::words`] says so) or missing (no dots).
    pub numbers_love: Option<Gap>,
    /// Places apart before a difference counts as a disagreement.
    pub threshold: usize,
    /// How many ideas got at least one dot (0: the room has not voted).
    pub voted: usize,
}

/// The biggest disagreements between `ranked` (the model's order) and
/// `votes` (from [`vote_ranks`], indexed like `session.ideas`). Ideas
/// without dots count as placed after every voted idea. A gap must be at
/// least 3 places (or a fifth of the list, if longer) so that near-ties are
/// not called out; of equal gaps the one the room (or the model) ranks
/// higher is named.
pub fn disagreements(ranked: &[RankedIdea], votes: &[Option<VoteRank>]) -> Disagreement {
    let threshold = (ranked.len() / 5).max(3);
    let voted = votes.iter().flatten().count();
    let mut out = Disagreement {
        threshold,
        voted,
        ..Disagreement::default()
    };
    if voted == 0 {
        return out;
    }
    let mut best_room: Option<(usize, usize)> = None;
    let mut best_numbers = 0;
    for r in ranked {
        let vote = votes.get(r.index).copied().flatten();
        let gap = Gap {
            index: r.index,
            model_rank: r.rank,
            vote,
        };
        if let Some(v) = vote.filter(|v| !v.is_tied()) {
            let apart = r.rank.saturating_sub(v.rank);
            let better = best_room
                .is_none_or(|(best, rank)| apart > best || (apart == best && v.rank < rank));
            if apart >= threshold && better {
                best_room = Some((apart, v.rank));
                out.room_loves = Some(gap);
            }
        }
        // `ranked` is in model order, so the first of equal gaps is the
        // model's higher one.
        let as_voted = vote.map_or(voted + 1, |v| v.rank);
        let apart = as_voted.saturating_sub(r.rank);
        if apart >= threshold && apart > best_numbers {
            best_numbers = apart;
            out.numbers_love = Some(gap);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::IdeaGains;

    fn vr(rank: usize, tied_with: usize) -> Option<VoteRank> {
        Some(VoteRank { rank, tied_with })
    }

    /// Ideas in model order: index i has model rank i + 1.
    fn in_model_order(n: usize) -> Vec<RankedIdea> {
        let g = IdeaGains {
            low: 0.0,
            likely: 0.0,
            high: 0.0,
            expected: 0.0,
            annual: 0.0,
            quarter: 0.0,
            year: 0.0,
            per_effort: 0.0,
            delay_days: 0.0,
        };
        (0..n)
            .map(|i| RankedIdea {
                index: i,
                rank: i + 1,
                gains: g,
            })
            .collect()
    }

    #[test]
    fn vote_ranks_are_competition_ranks_that_know_their_ties() {
        assert_eq!(
            vote_ranks(&[5, 0, 3, 5, 1]),
            vec![vr(1, 1), None, vr(3, 0), vr(1, 1), vr(4, 0)]
        );
        // 4 ideas share 1 dot after 3 ranked ones: tied 4th with 3 others.
        let ranks = vote_ranks(&[6, 4, 2, 1, 1, 1, 1]);
        assert_eq!(ranks[3], vr(4, 3));
        assert_eq!(vote_words(ranks[3]), "vote tied 4th with 3 others");
        assert_eq!(vote_words(ranks[0]), "vote #1");
        assert_eq!(vote_words(vr(2, 1)), "vote tied 2nd with 1 other");
        assert_eq!(vote_words(None), "no dots");
        assert_eq!(vote_words_short(ranks[3]), "vote tied 4th");
        assert_eq!(vote_words_short(ranks[0]), "vote #1");
        assert_eq!(vote_ranks(&[]), Vec::<Option<VoteRank>>::new());
    }

    #[test]
    fn ordinals() {
        let words: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111]
            .into_iter()
            .map(ordinal)
            .collect();
        assert_eq!(
            words,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd",
                "101st", "111th"
            ]
        );
    }

    /// The room's clear favourite (6 of 16 dots) sits at model #6; an idea
    /// with 1 dot, tied 4th with three others, sits at model #12. Only the
    /// favourite is a verdict of the room.
    #[test]
    fn the_room_loves_only_an_idea_it_told_apart() {
        let ranked = in_model_order(12);
        let mut dots = vec![0; 12];
        dots[5] = 6; // model #6, vote #1
        dots[0] = 4; // model #1, vote #2
        dots[1] = 2; // model #2, vote #3
        dots[2] = 1; // model #3, tied 4th
        dots[3] = 1; // model #4, tied 4th
        dots[4] = 1; // model #5, tied 4th
        dots[11] = 1; // model #12, tied 4th: 8 places apart, but tied
        let votes = vote_ranks(&dots);
        let d = disagreements(&ranked, &votes);
        assert_eq!(d.threshold, 3);
        assert_eq!(d.voted, 7);
        assert_eq!(
            d.room_loves,
            Some(Gap {
                index: 5,
                model_rank: 6,
                vote: vr(1, 0),
            })
        );
        // Model #7 has no dots: placed 8th (after the 7 voted ideas), 1 apart;
        // none of the model's top ideas is 3 places below in the vote.
        assert_eq!(d.numbers_love, None);
    }

    #[test]
    fn the_numbers_love_an_idea_and_say_when_its_vote_is_tied() {
        let ranked = in_model_order(8);
        // Model #1 got 1 dot, tied 5th with 2 others.
        let dots = [1, 2, 5, 4, 3, 1, 1, 0];
        let d = disagreements(&ranked, &vote_ranks(&dots));
        let gap = d.numbers_love.expect("model #1 is voted 5th");
        assert_eq!((gap.index, gap.model_rank), (0, 1));
        assert_eq!(vote_words(gap.vote), "vote tied 5th with 2 others");
        // Model #3 is vote #1 (2 places up), not enough to call it out.
        assert_eq!(d.room_loves, None);
    }

    #[test]
    fn no_dots_means_nothing_to_compare() {
        let d = disagreements(&in_model_order(5), &vote_ranks(&[0; 5]));
        assert_eq!(
            d,
            Disagreement {
                threshold: 3,
                ..Disagreement::default()
            }
        );
    }

    #[test]
    fn dots_add_up_per_idea() {
        let s = crate::assets::example_session();
        let dots = dots_per_idea(&s);
        assert_eq!(dots.len(), s.ideas.len());
        let total: u32 = s.votes.iter().map(|v| v.dots).sum();
        assert_eq!(dots.iter().sum::<u32>(), total);
    }
}
