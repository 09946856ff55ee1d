//! The branch-free `expf` and `erff` are libm's bit for bit wherever they say they fit, and
//! the GELU kernels built on them (vectorised lanes, then libm for the rest) give libm's
//! GELU and GELU' for every input, ±∞ and NaN included.

use gradient_flow_explorer::sim::gelu::{
    erf_terms, gelu_from_erf, gelu_grad_from_erf, gelu_grad_slice, gelu_slice,
};
use gradient_flow_explorer::sim::libm_lanes::{
    erff_fits, erff_lane, erff_scaled, expf_fits, expf_lane,
};

/// The same float32, NaN matching any NaN.
fn same(a: f32, b: f32) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

/// A kernel over a slice.
type Kernel = fn(&[f32], &mut [f32]);

/// Every `step`-th float32 bit pattern (both signs), in blocks through `kernel`: each result
/// is compared with libm's (`exact`), and each value that `fits` with `lane` alone. Returns how
/// many values fit.
fn sweep(
    step: u32,
    kernel: Kernel,
    lane: fn(f32) -> f32,
    fits: fn(f32) -> bool,
    exact: fn(f32) -> f32,
) -> u64 {
    let (mut x, mut out) = (Vec::with_capacity(1 << 16), vec![0.0f32; 1 << 16]);
    let (mut bits, mut fitting) = (0u64, 0u64);
    while bits <= u32::MAX as u64 {
        x.clear();
        while x.len() < 1 << 16 && bits <= u32::MAX as u64 {
            x.push(f32::from_bits(bits as u32));
            bits += step as u64;
        }
        kernel(&x, &mut out[..x.len()]);
        for (&v, &got) in x.iter().zip(&out) {
            let want = exact(v);
            assert!(same(got, want), "{v:e}: {got:e}, libm {want:e}");
            if fits(v) {
                fitting += 1;
                assert!(
                    same(lane(v), want),
                    "lane {v:e}: {:e}, libm {want:e}",
                    lane(v)
                );
            }
        }
    }
    fitting
}

/// The lane where it fits, libm elsewhere (as the GELU derivative takes it).
fn expf_kernel(x: &[f32], out: &mut [f32]) {
    for (&x, o) in x.iter().zip(out) {
        *o = if expf_fits(x) {
            expf_lane(x)
        } else {
            libm::expf(x)
        };
    }
}

/// erff over a slice, unscaled.
fn erff_kernel(x: &[f32], out: &mut [f32]) {
    erff_scaled(x, 1.0, out);
}

#[test]
fn expf_is_libms_on_a_sample() {
    let fitting = sweep(997, expf_kernel, expf_lane, expf_fits, libm::expf);
    // |x| < 87.34 is a little over half of all patterns.
    assert!(fitting > 2_000_000, "{fitting}");
}

#[test]
fn erff_is_libms_on_a_sample() {
    let fitting = sweep(997, erff_kernel, erff_lane, erff_fits, libm::erff);
    assert!(fitting > 4_000_000, "{fitting}");
}

/// Every float32 (about a minute each in release):
/// cargo test --release --test sim_libm_lanes -- --ignored
#[test]
#[ignore]
fn expf_is_libms_everywhere() {
    sweep(1, expf_kernel, expf_lane, expf_fits, libm::expf);
}

#[test]
#[ignore]
fn erff_is_libms_everywhere() {
    sweep(1, erff_kernel, erff_lane, erff_fits, libm::erff);
}

/// Values around every branch point of libm's erff and expf, and the ones only libm takes.
fn edge_values() -> Vec<f32> {
    let mut z: Vec<f32> = vec![0.0, -0.0, f32::INFINITY, f32::NEG_INFINITY, f32::NAN, 1e-30];
    for b in [0.84375f32, 1.25, 1.0 / 0.35, 6.0, 13.2, 13.3, 87.0, 1e20] {
        for s in [
            1.0f32,
            -1.0,
            std::f32::consts::SQRT_2,
            -std::f32::consts::SQRT_2,
        ] {
            let v = s * b;
            z.extend([
                v,
                f32::from_bits(v.to_bits() - 1),
                f32::from_bits(v.to_bits() + 1),
            ]);
        }
    }
    z.extend((0..4000).map(|i| (i as f32 - 2000.0) * 0.0071));
    z
}

#[test]
fn gelu_kernels_give_libms_gelu_and_its_gradient_everywhere() {
    let z = edge_values();
    let g: Vec<f32> = (0..z.len()).map(|i| 1.0 - 0.37 * (i % 7) as f32).collect();
    let n = z.len();
    let (mut e, mut a, mut a2) = (vec![0.0; n], vec![0.0; n], vec![0.0; n]);
    let (mut dz, mut dz2) = (vec![0.0; n], vec![0.0; n]);
    erf_terms(&z, &mut e);
    gelu_from_erf(&z, &e, &mut a);
    gelu_slice(&z, &mut a2);
    gelu_grad_from_erf(&z, &e, &g, &mut dz);
    gelu_grad_slice(&z, &g, &mut dz2);
    for i in 0..n {
        let (zi, gi) = (z[i], g[i]);
        let ei = libm::erff(zi * std::f32::consts::FRAC_1_SQRT_2);
        let gelu = 0.5 * zi * (1.0 + ei);
        let pdf = (0.398_942_280_401_432_7f64 as f32) * libm::expf(-0.5 * zi * zi);
        let grad = gi * (0.5 * (1.0 + ei) + zi * pdf);
        assert!(same(e[i], ei), "erf {zi:e}: {:e} vs {ei:e}", e[i]);
        assert!(same(a[i], gelu) && same(a2[i], gelu), "GELU {zi:e}");
        assert!(same(dz[i], grad) && same(dz2[i], grad), "GELU' {zi:e}");
    }
}
