//! The theory's words on the page: the χ readout for every activation and architecture, and
//! the departure note decided on real runs of the core.

use gradient_flow_explorer::lessons::theory_words::{
    chi_readout, departure_words, no_prediction_words, sig2, theory_departure, Departure,
};
use gradient_flow_explorer::page::presets::find;
use gradient_flow_explorer::sim::{
    simulate, simulate_seeds, Activation, Config, Init, Norm, Report, SeedSpread,
};

fn preset(id: &str) -> Config {
    find(id).expect("preset exists").apply(&Config::default())
}

fn run(cfg: &Config) -> (Report, SeedSpread) {
    let report = simulate(cfg).expect("valid config");
    let spread = simulate_seeds(cfg, 5).expect("valid config");
    (report, spread)
}

#[test]
fn sigmoid_preset_reads_as_ordered() {
    let r = chi_readout(&preset("vanishing-sigmoid"));
    let chi = r.chi.expect("plain network has χ");
    assert!((0.04..0.07).contains(&chi), "χ {chi}");
    let root = sig2(chi.sqrt());
    assert!(
        r.text.contains(&format!(
            "each layer multiplies the gradient by ≈ √χ = {root}"
        )),
        "{}",
        r.text
    );
    assert!(r.text.contains("shrink e-fold every ξ"), "{}", r.text);
    assert!(r.text.contains("ordered"), "{}", r.text);
}

#[test]
fn readout_follows_the_phase_for_every_activation() {
    for act in Activation::ALL {
        // Ordered: a tiny variance; chaotic: random N(0, 1) weights (σ_w² = width = 64), except
        // sigmoid, which stays ordered up to σ_w² ≈ 103.
        let small = Config {
            activation: act,
            sigma_w2: Some(0.1),
            ..Config::default()
        };
        let text = chi_readout(&small).text;
        assert!(
            text.contains("shrink") && text.contains("ordered"),
            "{act}: {text}"
        );
        let large = Config {
            activation: act,
            init: Init::RandomNormal,
            ..Config::default()
        };
        let text = chi_readout(&large).text;
        if act == Activation::Sigmoid {
            assert!(text.contains("shrink"), "{act}: {text}");
        } else {
            assert!(
                text.contains("grow") && text.contains("chaotic"),
                "{act}: {text}"
            );
        }
    }
    let edge = Config {
        activation: Activation::Relu,
        init: Init::HeNormal,
        ..Config::default()
    };
    let text = chi_readout(&edge).text;
    assert!(
        text.contains("none") && text.contains("edge of chaos"),
        "{text}"
    );
    assert!(text.contains("√χ = 1.0"), "{text}");
}

#[test]
fn readout_says_where_the_plain_theory_does_not_apply() {
    let bn = Config {
        norm: Norm::Batch,
        ..Config::default()
    };
    let r = chi_readout(&bn);
    assert!(
        (r.chi.expect("BN+ReLU rate") - std::f64::consts::PI / (std::f64::consts::PI - 1.0)).abs()
            < 1e-12
    );
    assert!(
        r.text.contains("1.2") && r.text.contains("grow"),
        "{}",
        r.text
    );
    let ln = preset("scaled-residual-layernorm");
    let r = chi_readout(&ln);
    assert_eq!(r.chi, None);
    assert!(
        r.text.contains("scaled residual") && r.text.contains("layer norm"),
        "{}",
        r.text
    );
    let words = no_prediction_words(&ln);
    assert!(
        words.starts_with("no mean-field prediction for scaled residual"),
        "{words}"
    );
    assert!(
        simulate(&ln).expect("valid").theory.is_empty(),
        "the core has no prediction there"
    );
}

#[test]
fn sig2_rounds_to_two_significant_digits() {
    assert_eq!(sig2(0.236), "0.24");
    assert_eq!(sig2(1.0), "1.0");
    assert_eq!(sig2(34.6), "35");
    assert_eq!(sig2(0.0123), "0.012");
}

#[test]
fn agreeing_runs_get_no_note() {
    for id in ["vanishing-sigmoid", "tanh-xavier", "small-init"] {
        let (report, spread) = run(&preset(id));
        assert_eq!(theory_departure(&report, Some(&spread)), None, "{id}");
    }
    // No theory, no note.
    let (report, spread) = run(&preset("scaled-residual-layernorm"));
    assert_eq!(theory_departure(&report, Some(&spread)), None);
}

#[test]
fn relu_he_sits_above_the_theory_beyond_the_seed_noise() {
    let (report, spread) = run(&preset("healthy-relu-he"));
    let d = theory_departure(&report, Some(&spread));
    let Some(Departure::LossCorrelation { decades }) = d else {
        panic!("healthy ReLU + He gave {d:?}");
    };
    assert!(decades > 0.3, "{decades}");
    assert!(
        departure_words(Departure::LossCorrelation { decades }, &report.config).contains("above")
    );
    // Without the band the single run is flagged, asking for the band.
    let d = theory_departure(&report, None);
    assert!(matches!(d, Some(Departure::NeedsSpread { .. })), "{d:?}");
}

#[test]
fn narrow_deep_networks_fall_below_the_theory() {
    let cfg = Config {
        depth: 50,
        width: 8,
        ..Config::default()
    };
    let (report, spread) = run(&cfg);
    let d = theory_departure(&report, Some(&spread));
    let Some(Departure::FiniteWidth { decades }) = d else {
        panic!("ReLU W8 L50 gave {d:?}")
    };
    let words = departure_words(Departure::FiniteWidth { decades }, &cfg);
    assert!(
        words.contains("below") && words.contains("width 8"),
        "{words}"
    );
}

#[test]
fn overflow_is_named() {
    let cfg = Config {
        depth: 40,
        ..preset("exploding-random")
    };
    let (report, spread) = run(&cfg);
    assert!(
        report
            .layers
            .iter()
            .any(|l| !l.signal_grad_norm.is_finite()),
        "expected overflow"
    );
    assert_eq!(
        theory_departure(&report, Some(&spread)),
        Some(Departure::Overflow)
    );
}
