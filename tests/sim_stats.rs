//! The fused statistics give the bits of the one-at-a-time ones, non-finite values included.

use gradient_flow_explorer::sim::stats::{
    activation_stats, count_nonfinite, count_nonfinite_given_norm, frobenius, frobenius2,
    histogram, layer_stats, mean_square, HIST_BINS,
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
                // The two-pass mean and std, as separate loops.
                let nn = a.len().max(1) as f64;
                let mean = a.iter().fold(0.0f64, |acc, &v| acc + v as f64) / nn;
                let ss = a.iter().fold(0.0f64, |acc, &v| {
                    let d = v as f64 - mean;
                    acc + d * d
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
            let (fa, fz) = frobenius2(&a, &z);
            assert_eq!(fa.to_bits(), frobenius(&a).to_bits());
            assert_eq!(fz.to_bits(), frobenius(&z).to_bits());
            assert_eq!(count_nonfinite_given_norm(&z, fz), count_nonfinite(&z));
        }
    }
}
