//! The statistics give the bits of their documented summation order (eight interleaved partial
//! sums, a fixed tree, the tail last), non-finite values included.

use gradient_flow_explorer::sim::stats::{
    activation_stats, count_nonfinite, count_nonfinite_given_norm, frobenius, histogram,
    layer_stats, mean_square, HIST_BINS,
};
use gradient_flow_explorer::sim::Activation;

fn values(n: usize, seed: u32) -> Vec<f32> {
    (0..n)
        .map(|i| {
            let h = (i as u32 ^ seed).wrapping_mul(0x9E37_79B9).rotate_left(13);
            (h as i32) as f32 / 3.0e8
        })
        .collect()
}

/// Σ term(x_i) as `stats` documents it, written out index by index.
fn eight_lane_sum(x: &[f32], term: impl Fn(f32) -> f64) -> f64 {
    let body = x.len() / 8 * 8;
    let mut lane = [0.0f64; 8];
    for (i, &v) in x[..body].iter().enumerate() {
        lane[i % 8] += term(v);
    }
    let mut tail = 0.0;
    for &v in &x[body..] {
        tail += term(v);
    }
    let pair = |a: usize| lane[a] + lane[a + 1];
    ((pair(0) + pair(2)) + (pair(4) + pair(6))) + tail
}

#[test]
fn fused_stats_match() {
    for (n, m) in [(0, 0), (5, 5), (64, 256), (300, 17), (7, 1000)] {
        for poison in [
            None,
            Some(f32::NAN),
            Some(f32::INFINITY),
            Some(-f32::INFINITY),
        ] {
            let (mut a, mut z) = (values(n, 1), values(m, 2));
            if let Some(p) = poison {
                if let Some(v) = a.get_mut(n / 2) {
                    *v = p;
                }
                if let Some(v) = z.get_mut(m / 3) {
                    *v = p;
                }
            }
            for act in Activation::ALL {
                let (s, msq) = layer_stats(act, &a, &z);
                // The two-pass mean and std.
                let nn = a.len().max(1) as f64;
                let mean = eight_lane_sum(&a, |v| v as f64) / nn;
                let ss = eight_lane_sum(&a, |v| {
                    let d = v as f64 - mean;
                    d * d
                });
                assert_eq!(format!("{:?}", s.mean), format!("{mean:?}"));
                assert_eq!(format!("{:?}", s.std), format!("{:?}", (ss / nn).sqrt()));
                let plain = activation_stats(act, &a);
                assert_eq!(
                    (plain.histogram, plain.nonfinite),
                    (s.histogram.clone(), s.nonfinite)
                );
                let (lo, hi) = act.histogram_range();
                assert_eq!(s.histogram, histogram(&a, lo, hi, HIST_BINS));
                assert_eq!(s.nonfinite, count_nonfinite(&a));
                assert_eq!(msq.to_bits(), mean_square(&z).to_bits(), "{n} {m}");
            }
            let square = |v: f32| (v as f64) * (v as f64);
            let (fa, fz) = (frobenius(&a), frobenius(&z));
            assert_eq!(fa.to_bits(), eight_lane_sum(&a, square).sqrt().to_bits());
            assert_eq!(fz.to_bits(), eight_lane_sum(&z, square).sqrt().to_bits());
            if let Some(p) = poison.filter(|_| n > 0) {
                // Any NaN gives NaN, any ±∞ gives +∞ (squares), not a finite norm.
                assert_eq!(fa.is_nan(), p.is_nan(), "{n} {p}");
                assert!(!fa.is_finite());
            }
            assert_eq!(count_nonfinite_given_norm(&z, fz), count_nonfinite(&z));
        }
    }
}
