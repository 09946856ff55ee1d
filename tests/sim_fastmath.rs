//! `fastmath::tanh_slice` must equal `libm::tanhf` bit for bit.

use gradient_flow_explorer::sim::fastmath::tanh_slice;

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
