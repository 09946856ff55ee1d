//! Numbers quoted in the lessons, checked against computation so text and code cannot drift.

use gradient_flow_explorer::lessons::numeric::derivative_extrema_on_grid;
use gradient_flow_explorer::lessons::telephone::{
    format_scientific, DEFAULT_LAYERS, DEFAULT_MULTIPLIER,
};
use gradient_flow_explorer::lessons::{
    activation_row, format_percent_any_magnitude, init_row, section, telephone_chain,
    telephone_formula, telephone_regime, telephone_result, telephone_summary, Regime,
    ACTIVATION_ROWS, FAQ, GLOSSARY, INIT_ROWS, KNOWN_PRESETS, REGIME_CARDS,
};
use gradient_flow_explorer::sim::activation::{SELU_ALPHA, SELU_LAMBDA};
use gradient_flow_explorer::sim::theory::gaussian_expectation;
use gradient_flow_explorer::sim::{Activation, Init};

fn md(id: &str) -> &'static str {
    section(id).map(|s| s.markdown).unwrap_or_default()
}

/// Prose with Markdown line breaks folded, so a phrase split over two lines still matches.
fn prose(id: &str) -> String {
    md(id).split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn telephone_chain_halves_five_times() {
    let chain = telephone_chain(0.5, 5);
    assert_eq!(chain, vec![0.5, 0.25, 0.125, 0.0625, 0.03125]);
    assert_eq!(telephone_result(0.5, 5), 0.03125);
    assert_eq!(
        telephone_summary(DEFAULT_MULTIPLIER, DEFAULT_LAYERS),
        "3.1 % of the gradient reaches layer 1"
    );
    assert_eq!(telephone_formula(0.5, 5), "0.5⁵ = 0.031");
    assert!(telephone_chain(0.7, 0).is_empty());
    assert_eq!(telephone_result(0.7, 0), 1.0);
}

#[test]
fn telephone_regimes_and_formatting() {
    assert_eq!(telephone_regime(0.5), Regime::Vanishing);
    assert_eq!(telephone_regime(1.0), Regime::Healthy);
    assert_eq!(telephone_regime(1.5), Regime::Exploding);
    assert_eq!(
        telephone_summary(1.0, 5),
        "100 % of the gradient reaches layer 1"
    );
    assert_eq!(
        telephone_summary(1.5, 5),
        "759 % of the gradient reaches layer 1"
    );
    assert_eq!(
        telephone_summary(2.0, 10),
        "102,400 % of the gradient reaches layer 1"
    );
    assert_eq!(telephone_formula(1.5, 5), "1.5⁵ = 7.594");
    assert_eq!(telephone_formula(0.1, 5), "0.1⁵ = 1.0 × 10⁻⁵");
    assert_eq!(format_percent_any_magnitude(0.9_f64.powi(5)), "59 %");
    assert_eq!(format_percent_any_magnitude(0.0999), "10 %");
    assert_eq!(format_percent_any_magnitude(0.0996), "10 %");
    assert_eq!(format_percent_any_magnitude(0.012), "1.2 %");
    assert_eq!(format_percent_any_magnitude(1e-7), "1.0 × 10⁻⁵ %");
    assert_eq!(format_percent_any_magnitude(0.0), "0 %");
    assert_eq!(format_percent_any_magnitude(f64::INFINITY), "∞ %");
    assert_eq!(format_scientific(2.5e-7, 2), "2.5 × 10⁻⁷");
}

#[test]
fn telephone_numbers_in_the_prose_are_computed_ones() {
    let text = prose("problem");
    let pct = format_percent_any_magnitude(telephone_result(0.5, 5));
    assert!(text.contains(&format!("{pct} of the gradient reaches layer 1")));
    assert!(text.contains(r"$0.5^5 \approx 0.031$"));
    assert!(telephone_formula(0.5, 5).ends_with("0.031"));
    assert!(text.contains("one thirty-second"));
    assert_eq!(1.0 / telephone_result(0.5, 5), 32.0);
    assert!(text.contains(r"$1.5^5 \approx 7.6$"));
    assert!((telephone_result(1.5, 5) - 7.6).abs() < 0.05);
    assert!(text.contains("×0.5") && text.contains("×1.5"));
}

fn extrema(a: Activation) -> (f64, f64) {
    derivative_extrema_on_grid(a, -30.0, 30.0, 1e-4)
}

/// `0.25` stays `0.25`, `1.7580993` becomes `1.758`, `-0.1289` becomes `-0.129`.
fn short(x: f64) -> String {
    let s = format!("{x:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

#[test]
fn activation_derivative_ranges_match_the_functions() {
    for row in &ACTIVATION_ROWS {
        let (lo, hi) = extrema(row.activation);
        assert!(
            (hi - row.derivative_sup).abs() < 5e-4,
            "{}: max φ′ on the grid is {hi}, the table says {}",
            row.name,
            row.derivative_sup
        );
        // The infimum may be approached but not attained (sigmoid, tanh, ELU, SELU → 0).
        assert!(
            lo >= row.derivative_inf - 5e-4 && lo - row.derivative_inf < 1e-9_f64.max(5e-4),
            "{}: min φ′ on the grid is {lo}, the table says {}",
            row.name,
            row.derivative_inf
        );
        let tex = row.derivative_range_tex;
        for bound in [row.derivative_inf, row.derivative_sup] {
            let shown = short(bound);
            assert!(
                tex.contains(&shown),
                "{}: range {tex:?} does not quote {shown}",
                row.name
            );
        }
    }
    // Every activation has exactly one row.
    for a in Activation::ALL {
        assert_eq!(
            ACTIVATION_ROWS.iter().filter(|r| r.activation == a).count(),
            1
        );
    }
}

#[test]
fn quoted_slopes_are_exact() {
    // Sigmoid: maximum 0.25, at 0.
    let (_, hi) = extrema(Activation::Sigmoid);
    assert!((hi - 0.25).abs() < 1e-12);
    assert!((Activation::Sigmoid.derivative(0.0) - 0.25).abs() < 1e-15);
    // Tanh: maximum 1, four times the sigmoid's at the origin.
    let (_, hi) = extrema(Activation::Tanh);
    assert!((hi - 1.0).abs() < 1e-12);
    assert!(
        (Activation::Tanh.derivative(0.0) / Activation::Sigmoid.derivative(0.0) - 4.0).abs()
            < 1e-12
    );
    // GELU: extremes at ±√2 (where φ″ = 0), about −0.129 and 1.129.
    let r2 = std::f64::consts::SQRT_2;
    let gmin = Activation::Gelu.derivative(-r2);
    let gmax = Activation::Gelu.derivative(r2);
    assert!((gmin + 0.128_904).abs() < 1e-6 && (gmax - 1.128_904).abs() < 1e-6);
    let (lo, hi) = extrema(Activation::Gelu);
    assert!(lo >= gmin - 1e-12 && hi <= gmax + 1e-12);
    // SELU: λ on the right, λα at 0.
    assert!((SELU_LAMBDA * SELU_ALPHA - 1.758_099_340_847_376_6).abs() < 1e-12);
    assert_eq!(Activation::Selu.derivative(1.0), SELU_LAMBDA);
    let selu = activation_row(Activation::Selu)
        .map(|r| r.note)
        .unwrap_or_default();
    assert!(selu.contains("1.0507") && selu.contains("1.758"));
    let range = activation_row(Activation::Selu)
        .map(|r| r.derivative_range_tex)
        .unwrap_or_default();
    assert!(range.contains(&format!("{:.4}", SELU_LAMBDA)));
    // The activation prose quotes 0.25 and the slope of 1 for tanh.
    let text = prose("activations");
    assert!(text.contains("never larger than 0.25"));
    assert!(text.contains("four times steeper") && text.contains("slope of 1"));
}

#[test]
fn selu_with_lecun_is_a_fixed_point() {
    // z ~ N(0, 1) (LeCun keeps the pre-activation variance at the input's): E[selu] = 0 and
    // E[selu²] = 1, so q = 1 maps to itself.
    let m1 = gaussian_expectation(|z| Activation::Selu.eval(z), 1.0);
    let m2 = gaussian_expectation(|z| Activation::Selu.eval(z).powi(2), 1.0);
    assert!(m1.abs() < 1e-6, "E[selu(z)] = {m1}");
    assert!((m2 - 1.0).abs() < 1e-6, "E[selu(z)^2] = {m2}");
    let text = prose("initialization");
    assert!(text.contains("mean 0 and second moment 1"));
}

#[test]
fn relu_keeps_half_the_second_moment_so_he_doubles_lecun() {
    for q in [0.5_f64, 1.0, 3.0] {
        // The simulator's quadrature takes the variance q of z, not its standard deviation.
        let m2 = gaussian_expectation(|z| Activation::Relu.eval(z).powi(2), q);
        assert!(
            (m2 - 0.5 * q).abs() < 1e-8,
            "E[relu(z)^2] = {m2} for q = {q}"
        );
    }
    for n in [1, 16, 64, 1024] {
        let ratio = Init::HeNormal.weight_variance(n, n) / Init::LecunNormal.weight_variance(n, n);
        assert!((ratio - 2.0).abs() < 1e-15);
    }
    let text = prose("initialization");
    assert!(text.contains(r"\mathbb{E}[\max(0, z)^2] = \tfrac12\,\mathbb{E}[z^2]"));
    assert!(text.contains("factor 2"));
}

#[test]
fn variance_formulas_agree() {
    for (n_in, n_out) in [(64, 64), (10, 30), (512, 128)] {
        let xn = Init::XavierNormal.weight_variance(n_in, n_out);
        let xu = Init::XavierUniform.weight_variance(n_in, n_out);
        assert!(
            (xn - xu).abs() < 1e-15,
            "Xavier normal and uniform share the variance"
        );
        // …which is the variance a²/3 of the uniform draw on [−a, a], a = √(6 / (n_in + n_out)).
        let a = (6.0 / (n_in + n_out) as f64).sqrt();
        assert!((xu - a * a / 3.0).abs() < 1e-15);
        assert!((xn - 2.0 / (n_in + n_out) as f64).abs() < 1e-15);
    }
    assert_eq!(Init::Orthogonal.weight_variance(64, 64), 1.0 / 64.0);
    assert_eq!(Init::RandomNormal.weight_variance(64, 64), 1.0);
    assert!((Init::SmallNormal.weight_variance(64, 64) - 0.01_f64.powi(2)).abs() < 1e-18);
    for init in Init::ALL {
        assert_eq!(INIT_ROWS.iter().filter(|r| r.init == init).count(), 1);
        assert!(init_row(init).is_some());
    }
}

#[test]
fn faq_numbers_are_right() {
    let how_many = FAQ
        .iter()
        .find(|f| f.id == "how-many-layers")
        .map(|f| f.answer)
        .unwrap_or_default();
    // The old "best case ×10⁻⁶" came from 0.25 alone; the weights can make up for it, so
    // the answer now quotes measured outcomes (checked in tests/lessons_claims.rs).
    assert!(!how_many.contains("0.25^{10}"));
    assert!(how_many.contains("Hanin, 2018") && how_many.contains("Yang et al., 2019"));
    let exploding = FAQ
        .iter()
        .find(|f| f.id == "causes-exploding")
        .map(|f| f.answer)
        .unwrap_or_default();
    assert!(exploding.contains("5.7") && exploding.contains("= 8"));
    // ReLU keeps half the second moment: 64 inputs with unit-variance weights → √32.
    let relu_gain = (64.0 * 0.5_f64).sqrt();
    assert!((relu_gain - 5.7).abs() < 0.05);
}

#[test]
fn preset_ids_are_known_and_cards_cover_three_regimes() {
    for card in &REGIME_CARDS {
        assert!(KNOWN_PRESETS.contains(&card.preset), "{}", card.preset);
    }
    let presets: Vec<_> = REGIME_CARDS.iter().map(|c| c.preset).collect();
    assert_eq!(
        presets,
        ["vanishing-sigmoid", "healthy-relu-he", "exploding-random"]
    );
    for f in &FAQ {
        if let Some(p) = f.preset {
            assert!(
                KNOWN_PRESETS.contains(&p),
                "FAQ {} points at unknown preset {p}",
                f.id
            );
        }
    }
    let required = [
        "causes-vanishing",
        "causes-exploding",
        "xavier",
        "he-for-relu",
        "which-activation",
        "how-many-layers",
    ];
    for id in required {
        assert!(FAQ.iter().any(|f| f.id == id), "missing FAQ {id}");
    }
}

#[test]
fn glossary_covers_the_required_terms() {
    let mut ids = std::collections::HashSet::new();
    for g in &GLOSSARY {
        assert!(ids.insert(g.id), "duplicate glossary id {}", g.id);
        assert!(g.definition.len() > 40);
    }
    for id in [
        "vanishing-gradients",
        "exploding-gradients",
        "saturation",
        "dead-neurons",
        "fan-in-fan-out",
        "gradient-clipping",
        "signal-gradient",
        "weight-gradient",
        "mean-field-chi",
        "decade",
        "seed-band",
        "float16",
        "bfloat16",
        "subnormal",
        "underflow",
        "loss-scale",
    ] {
        assert!(ids.contains(id), "glossary lacks {id}");
    }
}
