//! The precision lens's presets say what the simulation shows: each statement of their
//! explanations (quoted here, so a change to the words fails until it is checked again) is
//! measured over 20 seeds (0–19, the page's default batch), in float16 as the page runs it.

use gradient_flow_explorer::page::presets::{find, Preset};
use gradient_flow_explorer::sim::mixed::{
    simulate_mixed, GradFractions, LossScale, MixedPrecision,
};
use gradient_flow_explorer::sim::{simulate, Config, Report};
use gradient_flow_explorer::words::precision::precision_status;

const SEEDS: u64 = 20;

fn preset(id: &str) -> &'static Preset {
    find(id).unwrap_or_else(|| panic!("no preset {id}"))
}

/// The preset's network at `seed`, in `mixed`, and its float32 report.
fn run(p: &Preset, seed: u64, mixed: &MixedPrecision) -> (Report, Report) {
    let cfg = p.apply(&Config {
        seed,
        ..Config::default()
    });
    let mixed = simulate_mixed(&cfg, mixed).expect("valid preset");
    let float32 = simulate(&cfg).expect("valid preset");
    (mixed, float32)
}

fn fractions(r: &Report, layer: usize) -> GradFractions {
    r.layers[layer - 1]
        .grad_fractions
        .expect("a mixed-precision report has fractions")
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    (v[v.len() / 2 - 1] + v[v.len() / 2]) / 2.0
}

fn says(p: &Preset, quote: &str) {
    assert!(
        p.explanation.contains(quote),
        "{}: the explanation no longer says “{quote}”; check the new words here",
        p.id
    );
}

#[test]
fn float16_without_a_scale_loses_layers_1_to_5_entirely() {
    let p = preset("float16-underflow");
    says(p, "the gradient of layers 1 to 5 is lost entirely");
    says(
        p,
        "layer 6 lost about 90 % of its entries and layer 7 about 30 %",
    );
    says(p, "most of the rest are subnormal");
    let (mut six, mut seven, mut rest_subnormal) = (vec![], vec![], vec![]);
    for seed in 0..SEEDS {
        let (r, float32) = run(p, seed, &p.mixed);
        for layer in 1..=5 {
            let f = fractions(&r, layer);
            assert_eq!(f.lost, 1.0, "seed {seed} layer {layer}: {f:?}");
            assert!(
                float32.layers[layer - 1].signal_grad_norm > 0.0,
                "float32 holds it"
            );
        }
        six.push(fractions(&r, 6).lost);
        seven.push(fractions(&r, 7).lost);
        rest_subnormal.extend((8..=11).map(|l| fractions(&r, l).subnormal));
    }
    let (six, seven) = (median(six), median(seven));
    assert!((0.8..1.0).contains(&six), "layer 6 median lost {six}");
    assert!((0.2..0.4).contains(&seven), "layer 7 median lost {seven}");
    let rest = median(rest_subnormal);
    assert!(rest > 0.5, "layers 8–11 median subnormal {rest}");
}

#[test]
fn a_scale_of_2_to_the_8_still_loses_layer_1_entirely() {
    let p = preset("float16-underflow");
    says(
        p,
        "set the loss scale to 2^8 (layer 1 is still lost entirely)",
    );
    let mixed = MixedPrecision {
        loss_scale: LossScale::Power(8),
        ..p.mixed
    };
    for seed in 0..SEEDS {
        let (r, _) = run(p, seed, &mixed);
        assert_eq!(fractions(&r, 1).lost, 1.0, "seed {seed}");
    }
}

#[test]
fn the_dynamic_scale_stays_at_2_to_the_16_and_recovers_layer_1() {
    let p = preset("float16-dynamic-scale");
    assert_eq!(p.mixed.loss_scale, LossScale::Dynamic);
    says(p, "here it stays at 2^16");
    says(p, "Layer 1 now lost only about 3 % of its entries");
    says(p, "its gradient norm matches float32's");
    let mut lost = vec![];
    for seed in 0..SEEDS {
        let (r, float32) = run(p, seed, &p.mixed);
        assert_eq!(r.mixed.map(|m| m.scale_log2), Some(16), "seed {seed}");
        let f = fractions(&r, 1);
        assert!(f.lost < 0.1, "seed {seed}: {f:?}");
        lost.push(f.lost);
        let (ours, theirs) = (
            r.layers[0].signal_grad_norm,
            float32.layers[0].signal_grad_norm,
        );
        let decades = (ours / theirs).log10().abs();
        assert!(
            decades < 0.01,
            "seed {seed}: {ours} against float32's {theirs}"
        );
    }
    let lost = median(lost);
    assert!((0.02..0.045).contains(&lost), "layer 1 median lost {lost}");
}

#[test]
fn the_status_card_says_what_the_explanation_says() {
    let p = preset("float16-underflow");
    let (r, _) = run(p, Config::default().seed, &p.mixed);
    let words = precision_status(&r).expect("a float16 report has words");
    assert_eq!(words.format, "float16, no loss scale");
    assert!(
        words
            .lost
            .starts_with("Layers 1–5 lost 100 % of their gradient entries to underflow; "),
        "{}",
        words.lost
    );
    assert_eq!(words.first_layer_lost, 1.0);
    let q = preset("float16-dynamic-scale");
    let (r, _) = run(q, Config::default().seed, &q.mixed);
    let words = precision_status(&r).expect("a float16 report has words");
    assert!(
        words.scale.contains("reached S = 2^16 = 65536"),
        "{}",
        words.scale
    );
    assert!(words.first_layer_lost < 0.1);
    // Float32 has no precision card.
    let (_, float32) = run(q, 0, &q.mixed);
    assert_eq!(precision_status(&float32), None);
}
