//! The vectorisable `tanhf`/`logf` must equal libm's bit for bit, and the block normal sampler
//! the one-at-a-time one.

use gradient_flow_explorer::sim::fastmath::{logf_fits, logf_lane, tanh_slice};
use gradient_flow_explorer::sim::rng::{Sampler, Stream};

/// Compares every `step`-th float32 bit pattern (both signs), in blocks.
fn check(step: u64) {
    let mut z = Vec::with_capacity(1 << 16);
    let mut a = vec![0.0f32; 1 << 16];
    let mut bits = 0u64;
    while bits <= u32::MAX as u64 {
        z.clear();
        while z.len() < 1 << 16 && bits <= u32::MAX as u64 {
            z.push(f32::from_bits(bits as u32));
            bits += step;
        }
        tanh_slice(&z, &mut a[..z.len()]);
        for (&x, &y) in z.iter().zip(&a) {
            let want = libm::tanhf(x);
            assert!(
                y.to_bits() == want.to_bits() || (y.is_nan() && want.is_nan()),
                "tanh({x:e}) = {y:e}, libm {want:e}"
            );
        }
    }
}

#[test]
fn tanh_matches_libm_on_a_sample() {
    // A stride coprime to 2 visits every exponent and many mantissas.
    check(997);
    let edges = [
        0.0f32,
        -0.0,
        1e-30,
        2.0f32.powi(-24),
        0.2554,
        0.2555,
        0.3466,
        0.5493,
        0.5494,
    ];
    let more = [
        0.51986,
        0.5199,
        1.0397,
        10.0,
        10.000001,
        20.0,
        f32::INFINITY,
        f32::NAN,
    ];
    let z: Vec<f32> = edges.iter().chain(&more).flat_map(|&x| [x, -x]).collect();
    let mut a = vec![0.0; z.len()];
    tanh_slice(&z, &mut a);
    for (&x, &y) in z.iter().zip(&a) {
        let want = libm::tanhf(x);
        assert!(
            y.to_bits() == want.to_bits() || (y.is_nan() && want.is_nan()),
            "{x:e}"
        );
    }
}

/// Every float32 (about a minute): cargo test --release --test sim_fastmath -- --ignored
#[test]
#[ignore]
fn tanh_matches_libm_everywhere() {
    check(1);
}

/// `logf_lane` equals `libm::logf` wherever `logf_fits` says so, on every `step`-th pattern.
fn check_log(step: usize) {
    for bits in (0..=u32::MAX).step_by(step) {
        let x = f32::from_bits(bits);
        if logf_fits(x) {
            let (got, want) = (logf_lane(x), libm::logf(x));
            assert_eq!(got.to_bits(), want.to_bits(), "logf({x:e})");
        }
    }
}

#[test]
fn logf_matches_libm_on_a_sample() {
    check_log(101);
    assert!(logf_fits(2f32.powi(-47)) && logf_fits(0.999_999_94) && !logf_fits(1.0));
}

/// Every float32: cargo test --release --test sim_fastmath -- --ignored
#[test]
#[ignore]
fn logf_matches_libm_everywhere() {
    check_log(1);
}

#[test]
fn block_sampler_is_the_one_at_a_time_sampler() {
    for (seed, std) in [(0u64, 1.0f64), (5, 0.3), (77, 1e-3)] {
        let mut fast = Sampler::new(seed, Stream::Data);
        let mut slow = Sampler::new(seed, Stream::Data);
        // Odd lengths carry a spare from one call to the next; 1000 spans several blocks.
        for len in [0usize, 1, 3, 1000, 257, 2, 5] {
            let mut got = vec![0.0f32; len];
            fast.fill_normal_f32(&mut got, std);
            let want: Vec<f32> = (0..len).map(|_| std as f32 * slow.normal_f32()).collect();
            let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&got), bits(&want), "seed {seed}, len {len}");
        }
        assert_eq!(
            fast.uniform().to_bits(),
            slow.uniform().to_bits(),
            "same stream position"
        );
    }
}
