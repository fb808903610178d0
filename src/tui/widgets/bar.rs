//! A horizontal bar drawn with eighth blocks, so small differences between
//! steps still show at 20 columns.

/// `value` out of `max` as a bar `width` cells wide (empty when `max` ≤ 0).
pub fn bar(value: f64, max: f64, width: usize) -> String {
    if width == 0 || max.is_nan() || max <= 0.0 || !value.is_finite() {
        return String::new();
    }
    let eighths = ((value.max(0.0) / max).min(1.0) * (width * 8) as f64).round() as usize;
    let mut out = "█".repeat(eighths / 8);
    const PARTS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    out.push_str(PARTS[eighths % 8]);
    if out.is_empty() && value > 0.0 {
        out.push('▏');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::bar;

    #[test]
    fn full_half_and_empty() {
        assert_eq!(bar(10.0, 10.0, 4), "████");
        assert_eq!(bar(5.0, 10.0, 4), "██");
        assert_eq!(bar(1.0, 16.0, 2), "▏");
        assert_eq!(bar(12.0, 16.0, 1), "▊");
        assert_eq!(bar(0.0, 10.0, 4), "");
        assert_eq!(bar(0.001, 10.0, 4), "▏", "a non-zero loss never disappears");
        assert_eq!(bar(20.0, 10.0, 3), "███", "capped at the width");
        assert_eq!(bar(1.0, 0.0, 3), "");
    }
}
