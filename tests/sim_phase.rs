//! The order-to-chaos numbers of a plain network: the variance fixed point, χ* there, the
//! depth scale ξ and the critical line, checked against closed forms and an independent
//! quadrature (plain trapezoid rule, written here).

use gradient_flow_explorer::sim::phase::{
    chi_star, critical_sigma_w2, depth_scale, fixed_point, DepthScale,
};
use gradient_flow_explorer::sim::Activation;

/// E[f(z)], z ~ N(0, q), by the trapezoid rule on ±12σ with 200 001 points: slow and simple.
fn trapezoid(f: impl Fn(f64) -> f64, q: f64) -> f64 {
    let s = q.sqrt();
    let n = 200_000;
    let h = 24.0 / n as f64;
    (0..=n)
        .map(|i| {
            let t = -12.0 + i as f64 * h;
            let w = if i == 0 || i == n { 0.5 } else { 1.0 };
            w * h * (-0.5 * t * t).exp() / (2.0 * std::f64::consts::PI).sqrt() * f(s * t)
        })
        .sum()
}

#[test]
fn critical_points_match_the_literature() {
    let relu = critical_sigma_w2(Activation::Relu, 0.0, 10.0).expect("relu has a critical line");
    assert!((relu - 2.0).abs() < 0.02, "relu {relu}");
    let tanh = critical_sigma_w2(Activation::Tanh, 0.0, 10.0).expect("tanh critical");
    assert!((tanh - 1.0).abs() < 0.02, "tanh σ_b²=0: {tanh}");
    // Schoenholz et al. 2017 (and Poole et al. 2016): σ_b² = 0.05 puts tanh's edge at 1.76.
    let tanh = critical_sigma_w2(Activation::Tanh, 0.05, 10.0).expect("tanh critical");
    assert!((tanh - 1.76).abs() < 0.02, "tanh σ_b²=0.05: {tanh}");
}

#[test]
fn chi_star_closed_forms() {
    let slope = 0.01f64;
    let (l, a) = (1.0507009873554805f64, 1.6732632423543772f64);
    let selu_lecun = l * l * (0.5 + a * a * libm::exp(2.0) * 0.5 * libm::erfc(2f64.sqrt()));
    let cases = [
        // Piecewise-linear φ: χ = σ_w²·E[φ′²] whatever q is.
        (Activation::Relu, 1.0, 0.1, 0.5),
        (Activation::Relu, 3.0, 0.0, 1.5),
        (Activation::LeakyRelu, 1.0, 0.2, (1.0 + slope * slope) / 2.0),
        (Activation::Identity, 0.7, 0.3, 0.7),
        // Ordered with no bias: q* → 0, so χ* = σ_w²·φ′(0)².
        (Activation::Tanh, 0.5, 0.0, 0.5),
        (Activation::Elu, 0.5, 0.0, 0.5),
        (Activation::Gelu, 0.5, 0.0, 0.125),
        // SELU with LeCun's σ_w² = 1 keeps q = 1 (self-normalizing).
        (Activation::Selu, 1.0, 0.0, selu_lecun),
    ];
    for (act, sw2, sb2, want) in cases {
        let got = chi_star(act, sw2, sb2);
        assert!(
            (got - want).abs() < 1e-6 * want.max(1.0),
            "{act} σ_w²={sw2} σ_b²={sb2}: χ*={got}, want {want}"
        );
    }
}

/// Every activation at points with a finite, non-trivial fixed point: q* solves
/// q = σ_w²·E[φ²] + σ_b² and χ* = σ_w²·E[φ′²] there, by an independent quadrature.
#[test]
fn fixed_point_solves_the_variance_map() {
    for act in Activation::ALL {
        for (sw2, sb2) in [(0.8, 0.1), (1.0, 0.3), (1.5, 0.05), (1.9, 0.5)] {
            let (q, chi) = fixed_point(act, sw2, sb2);
            let map = sw2 * trapezoid(|z| act.eval(z).powi(2), q) + sb2;
            if q > 1e3 {
                continue; // ran away (σ_w² above the critical line of an unbounded φ)
            }
            assert!(
                (map - q).abs() < 1e-6 * q.max(1e-3),
                "{act} ({sw2}, {sb2}): q*={q} maps to {map}"
            );
            let want = sw2 * trapezoid(|z| act.derivative(z).powi(2), q);
            assert!(
                (chi - want).abs() < 2e-4 * want, // the trapezoid rule steps over φ′'s kink at 0
                "{act} ({sw2}, {sb2}): χ*={chi}, trapezoid {want}"
            );
        }
    }
}

#[test]
fn sigmoid_is_ordered_at_every_reachable_variance() {
    // E[σ′²] ≤ 1/16 and q* grows with σ_w²: the edge lies beyond the σ_w² ≤ 100 the core takes.
    assert_eq!(critical_sigma_w2(Activation::Sigmoid, 0.0, 100.0), None);
    let chi = chi_star(Activation::Sigmoid, 1.0, 0.0);
    assert!((0.04..0.07).contains(&chi), "sigmoid Xavier χ* {chi}");
}

#[test]
fn depth_scale_words() {
    match depth_scale(0.05) {
        DepthScale::Shrinks(xi) => assert!((xi - 1.0 / 20f64.ln()).abs() < 1e-12),
        other => panic!("χ = 0.05 gave {other:?}"),
    }
    match depth_scale(std::f64::consts::E) {
        DepthScale::Grows(xi) => assert!((xi - 1.0).abs() < 1e-12),
        other => panic!("χ = e gave {other:?}"),
    }
    assert_eq!(depth_scale(1.0), DepthScale::None);
    assert_eq!(depth_scale(0.0), DepthScale::Undefined);
    assert_eq!(depth_scale(f64::NAN), DepthScale::Undefined);
    assert_eq!(depth_scale(f64::INFINITY), DepthScale::Undefined);
}

#[test]
fn bad_inputs_give_nan() {
    assert!(fixed_point(Activation::Tanh, f64::NAN, 0.0).1.is_nan());
    assert!(fixed_point(Activation::Tanh, 1.0, -1.0).0.is_nan());
}

#[test]
fn a_grid_filled_cell_by_cell_is_the_whole_grid() {
    use gradient_flow_explorer::sim::phase_grid::PhaseGrid;
    let whole = PhaseGrid::compute(Activation::Tanh, 5, 4);
    let mut partial = PhaseGrid::empty(Activation::Tanh, 5, 4);
    let mut cells = 0;
    while partial.compute_next_cell() {
        cells += 1;
        assert_eq!(partial.is_complete(), cells == 20);
        // The critical line's foot is solved with the last cell.
        assert_eq!(partial.critical_foot.is_some(), cells == 20);
    }
    assert_eq!(cells, 20);
    assert_eq!(partial, whole);
    assert_eq!(
        whole.critical_foot,
        critical_sigma_w2(Activation::Tanh, 0.0, whole.max_sigma_w2)
    );
}
