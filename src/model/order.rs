//! One ordering rule for every ranking (MODEL.md §3, "Ties"): highest key
//! first, and keys that differ by less than a tolerance are a tie that a
//! caller-given rule settles. Float noise (a last-bit difference from the
//! order of a product) must never decide who comes first.

use std::cmp::Ordering;

/// The tolerance of MODEL.md §3: `1e-9 ·` the annual revenue. A funnel
/// without revenue (or a figure that is not finite) only ties equal keys.
pub fn tie_tolerance(annual_revenue: f64) -> f64 {
    let t = (1e-9 * annual_revenue).abs();
    if t.is_finite() { t } else { 0.0 }
}

/// Indexes of `keys`, highest key first. Neighbouring keys (in key order)
/// closer than `tolerance` form one tied group, ordered by `tie`, then by
/// index. Grouping by neighbours keeps the order a total one (a comparator
/// with a tolerance is not transitive, and sorting with one is undefined).
/// A NaN key (a figure of an unfinished edit) ranks last.
pub fn descending(
    keys: &[f64],
    tolerance: f64,
    mut tie: impl FnMut(usize, usize) -> Ordering,
) -> Vec<usize> {
    let key = |i: usize| {
        if keys[i].is_nan() {
            f64::NEG_INFINITY
        } else {
            keys[i]
        }
    };
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|&a, &b| key(b).total_cmp(&key(a)).then(a.cmp(&b)));
    let mut start = 0;
    for end in 1..=order.len() {
        let split = end == order.len() || {
            let (above, below) = (key(order[end - 1]), key(order[end]));
            // NaN keys rank as −∞, so `above − below` is a number (or +∞)
            // whenever the two differ.
            above != below && above - below >= tolerance
        };
        if split {
            order[start..end].sort_by(|&a, &b| tie(a, b).then(a.cmp(&b)));
            start = end;
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_equal_keys_go_by_the_tie_rule_and_far_ones_by_key() {
        // 10 and 10 + 1e-12 tie (tolerance 1e-9); 9 is below both.
        let keys = [10.0 + 1e-12, 9.0, 10.0];
        let by_index_desc = |a: usize, b: usize| b.cmp(&a);
        assert_eq!(descending(&keys, 1e-9, by_index_desc), vec![2, 0, 1]);
        // Without a tolerance the larger key wins.
        assert_eq!(descending(&keys, 0.0, by_index_desc), vec![0, 2, 1]);
    }

    #[test]
    fn nan_ranks_last_and_infinities_compare() {
        let keys = [f64::NAN, f64::INFINITY, 1.0, f64::NEG_INFINITY];
        assert_eq!(
            descending(&keys, 1.0, |_, _| Ordering::Equal),
            vec![1, 2, 0, 3]
        );
    }

    #[test]
    fn tolerance_of_nothing_is_zero() {
        assert!((tie_tolerance(5_760_000.0) - 5.76e-3).abs() < 1e-15);
        assert_eq!(tie_tolerance(f64::NAN), 0.0);
        assert_eq!(tie_tolerance(-1e9), 1.0);
    }
}
