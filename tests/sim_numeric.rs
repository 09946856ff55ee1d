//! The precision roundings against an oracle that shares nothing with them: every float16 and
//! bfloat16 bit pattern decoded to its value in float64 (by the precision's definition), and for a
//! float32 value the nearest of those values, ties to the even pattern (the value past the
//! largest finite one is ±∞, as IEEE rounding treats it). CI checks every 997th float32
//! pattern and the boundary classes (ties, subnormal ties, the overflow edge, ±0, NaN);
//! `cargo test --release --test sim_numeric -- --ignored` checks all 2^32 patterns.

use gradient_flow_explorer::sim::numeric::{
    fractions, round_bf16, round_f16, NumericPolicy, Precision, F16_MAX, F16_MIN_NORMAL,
    F16_MIN_SUBNORMAL,
};

/// A precision's non-negative values in pattern order (finite ones, then +∞), as f64.
struct Oracle {
    values: Vec<f64>,
    patterns: Vec<u16>,
}

impl Oracle {
    /// `exp_bits` exponent bits, `frac_bits` fraction bits, 16 bits in all.
    fn new(exp_bits: u32, frac_bits: u32) -> Oracle {
        let bias = (1i32 << (exp_bits - 1)) - 1;
        let max_exp = (1u32 << exp_bits) - 1;
        let mut values = Vec::new();
        let mut patterns = Vec::new();
        for p in 0u32..(max_exp << frac_bits) + 1 {
            let (e, f) = (p >> frac_bits, p & ((1 << frac_bits) - 1));
            let v = if e == max_exp {
                f64::INFINITY
            } else if e == 0 {
                f as f64 * 2f64.powi(1 - bias - frac_bits as i32)
            } else {
                (1.0 + f as f64 / (1u64 << frac_bits) as f64) * 2f64.powi(e as i32 - bias)
            };
            values.push(v);
            patterns.push(p as u16);
        }
        Oracle { values, patterns }
    }

    /// The value nearest to x ≥ 0, ties to the even pattern; +∞ counts as the value one step
    /// of the largest binade past the largest finite one.
    fn nearest(&self, x: f64) -> f64 {
        let n = self.values.len();
        let top = self.values[n - 2] + (self.values[n - 2] - self.values[n - 3]);
        let value = |i: usize| if i == n - 1 { top } else { self.values[i] };
        let i = self.values.partition_point(|&v| v <= x).saturating_sub(1);
        if i == n - 1 || value(i) == x {
            return self.values[i];
        }
        let (lo, hi) = (value(i), value(i + 1));
        let pick = if x - lo < hi - x {
            i
        } else if x - lo > hi - x {
            i + 1
        } else if self.patterns[i].is_multiple_of(2) {
            i
        } else {
            i + 1
        };
        self.values[pick]
    }

    fn round(&self, x: f32) -> f32 {
        if x.is_nan() {
            return x;
        }
        let r = self.nearest(f64::from(x.abs())) as f32;
        if x.is_sign_negative() {
            -r
        } else {
            r
        }
    }
}

fn same(a: f32, b: f32) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

fn check(patterns: impl Iterator<Item = u32>) {
    let (f16, bf16) = (Oracle::new(5, 10), Oracle::new(8, 7));
    for p in patterns {
        let x = f32::from_bits(p);
        let (got, want) = (round_f16(x), f16.round(x));
        assert!(
            same(got, want),
            "f16 {x:e} ({p:#x}): {got:e}, oracle {want:e}"
        );
        let (got, want) = (round_bf16(x), bf16.round(x));
        assert!(
            same(got, want),
            "bf16 {x:e} ({p:#x}): {got:e}, oracle {want:e}"
        );
    }
}

#[test]
fn boundary_classes_round_as_ieee_says() {
    let f = |x: f32| round_f16(x);
    assert_eq!(f(F16_MAX), F16_MAX);
    assert_eq!(f(65519.996), F16_MAX);
    assert_eq!(
        f(65520.0),
        f32::INFINITY,
        "the tie above the largest value overflows"
    );
    assert_eq!(f(-65520.0), f32::NEG_INFINITY);
    assert_eq!(f(F16_MIN_SUBNORMAL), F16_MIN_SUBNORMAL);
    assert_eq!(
        f(F16_MIN_SUBNORMAL * 0.5),
        0.0,
        "a tie at half the smallest goes to even 0"
    );
    assert_eq!(f(F16_MIN_SUBNORMAL * 0.500_001), F16_MIN_SUBNORMAL);
    assert_eq!(
        f(F16_MIN_SUBNORMAL * 1.5),
        2.0 * F16_MIN_SUBNORMAL,
        "tie to even 2"
    );
    assert_eq!(
        f(F16_MIN_SUBNORMAL * 2.5),
        2.0 * F16_MIN_SUBNORMAL,
        "tie to even 2"
    );
    assert_eq!(f(F16_MIN_NORMAL * 0.999_99), F16_MIN_NORMAL);
    assert_eq!(
        f(1.0 + 2f32.powi(-11)),
        1.0,
        "tie between 1 and 1 + 2^-10 goes to 1"
    );
    assert_eq!(f(1.0 + 3.0 * 2f32.powi(-11)), 1.0 + 2.0 * 2f32.powi(-10));
    assert!(f(f32::NAN).is_nan() && round_bf16(f32::NAN).is_nan());
    assert_eq!(f(-0.0).to_bits(), (-0.0f32).to_bits());
    assert_eq!(round_bf16(f32::MAX), f32::INFINITY);
    assert_eq!(
        round_bf16(1.0 + 2f32.powi(-8)),
        1.0,
        "bfloat16's tie to even"
    );
    assert_eq!(
        round_bf16(f32::from_bits(1)),
        0.0,
        "the smallest float32 subnormal"
    );
    let every_special = [
        0.0f32,
        -0.0,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::MIN_POSITIVE,
        f32::MAX,
        1e-45,
    ];
    check(every_special.iter().map(|v| v.to_bits()));
}

#[test]
fn every_997th_float32_rounds_as_the_oracle() {
    check((0..u32::MAX).step_by(997));
}

#[test]
#[ignore = "all 2^32 float32 patterns: run with --release --ignored"]
fn every_float32_rounds_as_the_oracle() {
    check(0..=u32::MAX);
}

#[test]
fn policies_round_tensors_and_fractions_count_them() {
    let mut t = [1.0f32, 1e-6, 0.0, 1e5, f32::NAN, 2e-8];
    Precision::Float16.round(&mut t);
    let f = fractions(&t, Precision::Float16);
    // 1.0 normal; 1e-6 subnormal; 0 zero; 1e5 → ∞; NaN; 2e-8 → 0 (below half of 2^-24).
    assert_eq!(t[3], f32::INFINITY);
    assert_eq!(t[5], 0.0);
    assert_eq!(
        (f.zero, f.subnormal, f.normal, f.nonfinite),
        (2.0 / 6.0, 1.0 / 6.0, 1.0 / 6.0, 2.0 / 6.0)
    );
    let mut u = [1e-6f32];
    Precision::Float32.round(&mut u);
    assert_eq!(u[0], 1e-6);
    assert_eq!(fractions(&u, Precision::Float32).normal, 1.0);
    assert_eq!(Precision::from_id("bfloat16"), Some(Precision::BFloat16));
}

/// Every tensor the pass hands the observer, flattened.
#[derive(Default)]
struct Tensors {
    forward: Vec<f32>,
    signal: Vec<f32>,
    weight: Vec<f32>,
}

impl gradient_flow_explorer::sim::network::Observer for Tensors {
    fn forward(&mut self, _l: usize, f: gradient_flow_explorer::sim::network::ForwardLayer) {
        self.forward.extend_from_slice(f.z);
        self.forward.extend_from_slice(f.a);
    }
    fn backward(&mut self, _l: usize, b: gradient_flow_explorer::sim::network::BackwardLayer) {
        self.signal.extend_from_slice(b.dz);
        if let gradient_flow_explorer::sim::network::WeightGrad::Matrix(m) = b.dw {
            self.weight.extend_from_slice(m);
        }
    }
    fn needs_weight_grads(&self) -> bool {
        true
    }
}

fn tensors(cfg: &gradient_flow_explorer::sim::Config, precision: Option<Precision>) -> Tensors {
    use gradient_flow_explorer::sim::network::{Network, Workspace};
    use gradient_flow_explorer::sim::numeric::Float32;
    let net = Network::sample(cfg).expect("valid");
    let mut t = Tensors::default();
    let mut ws = Workspace::default();
    match precision {
        None => net.as_ref().run_with(&mut ws, &mut t, &Float32, None, 1.0),
        Some(f) => net.as_ref().run_with(&mut ws, &mut t, &f, None, 1.0),
    };
    t
}

/// The rounding hook reaches every tensor the MLP pass produces, and float32 through the
/// general path gives the explorer's bits.
#[test]
fn the_pass_sends_every_tensor_through_its_policy() {
    use gradient_flow_explorer::sim::{Activation, Config, Init, MlpNet, Norm, Residual};
    for (residual, norm) in [
        (Residual::None, Norm::None),
        (Residual::Scaled, Norm::Layer),
        (Residual::Identity, Norm::Batch),
    ] {
        let cfg = Config {
            net: MlpNet {
                activation: Activation::Gelu,
                init: Init::HeNormal,
                depth: 6,
                width: 16,
                residual,
                norm,
            },
            batch: 8,
            ..Config::default()
        };
        let exact = tensors(&cfg, None);
        let general = tensors(&cfg, Some(Precision::Float32));
        assert_eq!(exact.signal, general.signal, "{residual:?} {norm:?}");
        assert_eq!(exact.weight, general.weight);
        for precision in [Precision::BFloat16, Precision::Float16] {
            let t = tensors(&cfg, Some(precision));
            let all = t.forward.iter().chain(&t.signal).chain(&t.weight);
            let off = all
                .filter(|&&v| !v.is_nan() && precision.round_value(v).to_bits() != v.to_bits())
                .count();
            assert_eq!(
                off, 0,
                "{precision:?} {residual:?} {norm:?}: unrounded values"
            );
            assert_ne!(t.signal, exact.signal, "{precision:?} changes the numbers");
        }
    }
}
