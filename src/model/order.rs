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
    // Highest key first, then by index: a strict total order, so the
    // faster unstable sort gives the one order a stable sort would. Keys as
    // integers that order like `f64::total_cmp`, negated bitwise for
    // "highest first" (10,000 ideas rank in a third of the time).
    let mut sorted: Vec<(i64, usize)> = (0..keys.len())
        .map(|i| (!total_order_bits(key(i)), i))
        .collect();
    sorted.sort_unstable();
    let mut order: Vec<usize> = sorted.into_iter().map(|(_, i)| i).collect();
    let mut start = 0;
    for end in 1..=order.len() {
        let split = end == order.len() || {
            let (above, below) = (key(order[end - 1]), key(order[end]));
            // NaN keys rank as −∞, so `above − below` is a number (or +∞)
            // whenever the two differ.
            above != below && above - below >= tolerance
        };
        if split {
            if end - start > 1 {
                order[start..end].sort_unstable_by(|&a, &b| tie(a, b).then(a.cmp(&b)));
            }
            start = end;
        }
    }
    order
}

/// `x` as an integer whose order is `f64::total_cmp`'s (the same bit
/// trick the standard library uses): −NaN < −∞ < … < −0 < +0 < … < +∞ < NaN.
fn total_order_bits(x: f64) -> i64 {
    let bits = x.to_bits() as i64;
    bits ^ ((((bits >> 63) as u64) >> 1) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn special() -> impl Strategy<Value = f64> {
        prop_oneof![
            Just(0.0),
            Just(-0.0),
            Just(f64::INFINITY),
            Just(f64::NEG_INFINITY),
            Just(f64::NAN),
            Just(-f64::NAN),
            Just(f64::MIN_POSITIVE),
            Just(1.0),
            any::<f64>(),
            -1e6..1e6f64,
        ]
    }

    proptest! {
        #[test]
        fn integer_keys_order_as_total_cmp(a in special(), b in special()) {
            prop_assert_eq!(
                total_order_bits(a).cmp(&total_order_bits(b)),
                a.total_cmp(&b)
            );
        }

        /// The order the stable sort with `total_cmp` gave before.
        #[test]
        fn same_order_as_a_stable_sort_by_key_then_tie(
            keys in prop::collection::vec(prop_oneof![special(), (0u8..4).prop_map(f64::from)], 0..40),
            tolerance in prop_oneof![Just(0.0), Just(0.5), Just(2.0)],
            labels in prop::collection::vec(0u8..3, 40),
        ) {
            let key = |i: usize| if keys[i].is_nan() { f64::NEG_INFINITY } else { keys[i] };
            let mut expected: Vec<usize> = (0..keys.len()).collect();
            expected.sort_by(|&a, &b| key(b).total_cmp(&key(a)).then(a.cmp(&b)));
            let mut start = 0;
            for end in 1..=expected.len() {
                let split = end == expected.len() || {
                    let (above, below) = (key(expected[end - 1]), key(expected[end]));
                    above != below && above - below >= tolerance
                };
                if split {
                    expected[start..end].sort_by(|&a, &b| labels[a].cmp(&labels[b]).then(a.cmp(&b)));
                    start = end;
                }
            }
            prop_assert_eq!(
                descending(&keys, tolerance, |a, b| labels[a].cmp(&labels[b])),
                expected
            );
        }
    }

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
