//! The contradiction walk (issue #30): for every preset, and the cases the issue met, no card,
//! bar colour, readout or chart word contradicts the diagnosis beside it. Everything here is
//! what the page shows, computed by the same functions from the same report.

mod charts_support;

use charts_support::{render_svg, texts};
use gradient_flow_explorer::charts::explorer::health::reference_value;
use gradient_flow_explorer::charts::{
    activation_summary, draw_phase_diagram, phase_summary, Health, Theme,
};
use gradient_flow_explorer::lessons::phase_words::{phase_note, phase_of, Phase};
use gradient_flow_explorer::lessons::status::{ratio_words, status_words};
use gradient_flow_explorer::lessons::theory_words::chi_readout;
use gradient_flow_explorer::page::presets::PRESETS;
use gradient_flow_explorer::sim::diagnosis::{JudgedGradient, EXPLODING_RATIO, VANISHING_RATIO};
use gradient_flow_explorer::sim::phase::chi_star;
use gradient_flow_explorer::sim::phase_grid::PhaseGrid;
use gradient_flow_explorer::sim::simulate::sigma_w2;
use gradient_flow_explorer::sim::{
    judged_gradient, simulate, Activation, Config, Diagnosis, Init, MlpNet, Norm, Report, Residual,
};

/// The judged gradient per layer (layer 1 first), as the chart draws it for that metric.
fn judged_values(r: &Report) -> Vec<f64> {
    r.layers
        .iter()
        .map(|l| match judged_gradient(&r.config) {
            JudgedGradient::Signal => l.signal_grad_norm,
            JudgedGradient::Weight => l.weight_grad_norm,
        })
        .collect()
}

fn walk(name: &str, cfg: &Config) {
    let r = simulate(cfg).unwrap_or_else(|e| panic!("{name}: {e}"));
    let s = &r.summary;
    let d = s.diagnosis;
    let words = status_words(s);
    assert_eq!(
        words.word.to_lowercase().split(' ').next(),
        Some(d.id()),
        "{name}"
    );

    // The ratio card, for the judged gradient.
    let (out, inp, ratio) = match judged_gradient(cfg) {
        JudgedGradient::Signal => (s.last_layer_grad, s.first_layer_grad, s.ratio),
        JudgedGradient::Weight => (
            s.last_layer_weight_grad,
            s.first_layer_weight_grad,
            s.weight_ratio,
        ),
    };
    let card = ratio_words(out, inp, ratio);
    if card.value == "overflow" || card.value == "NaN" {
        assert_eq!(
            d,
            Diagnosis::Overflow,
            "{name}: the card says {}",
            card.value
        );
    }
    assert!(
        !card.value.contains('·'),
        "{name}: no fractional exponent: {}",
        card.value
    );
    if d == Diagnosis::Healthy {
        assert!(
            (VANISHING_RATIO..=EXPLODING_RATIO).contains(&ratio),
            "{name}: healthy, ratio {ratio}"
        );
        let direction = if ratio < 1.0 { "shrank" } else { "grew" };
        assert!(card.note.contains(direction), "{name}: {}", card.note);
    }

    // The bars: layer 1's colour against layer L, with the verdict's thresholds.
    let values = judged_values(&r);
    let bar = Health::classify(values[0], reference_value(&values));
    match (d, bar) {
        (Diagnosis::Healthy, Health::Healthy) => {}
        (Diagnosis::Healthy, other) => panic!("{name}: healthy, but layer 1's bar is {other:?}"),
        (Diagnosis::Vanishing, Health::Exploding { .. })
        | (Diagnosis::Exploding, Health::Vanishing { .. }) => {
            panic!("{name}: {d:?}, but layer 1's bar is {bar:?}")
        }
        _ => {}
    }

    // Zero outputs are called so, never "dead" units, in the chart's words.
    assert!(!activation_summary(&r).contains("dead"), "{name}");

    check_phase_words(name, &r);
}

/// Words that name a verdict, and the verdict each names.
const VERDICT_WORDS: [(&str, Diagnosis); 5] = [
    ("vanish", Diagnosis::Vanishing),
    ("explod", Diagnosis::Exploding),
    ("healthy", Diagnosis::Healthy),
    ("overflow", Diagnosis::Overflow),
    ("dead", Diagnosis::Dead),
];

/// Everything the phase diagram says about the network: its drawn labels, its text
/// alternative (the summary and the note, as the page joins them) and the note under it.
fn phase_texts(r: &Report) -> Vec<String> {
    let cfg = &r.config;
    let grid = PhaseGrid::compute(cfg.net.activation, 16, 12);
    let point = (sigma_w2(cfg), cfg.bias_std.powi(2));
    let (svg, drawn) = render_svg(480, 360, |a| {
        draw_phase_diagram(a, &grid, point, &Theme::light())
    });
    drawn.expect("the phase diagram draws");
    let chi = chi_star(cfg.net.activation, point.0, point.1);
    let mut all = texts(&svg);
    all.push(phase_summary(&grid, point, chi));
    all.push(phase_note(r));
    all
}

/// The phase diagram and its note name no verdict but the card's, and for the plain network
/// (which the diagram describes) its phase does not point against the verdict: an ordered
/// network (the gradient shrinks per layer) is not exploding, a chaotic one not vanishing.
fn check_phase_words(name: &str, r: &Report) {
    let d = r.summary.diagnosis;
    for text in phase_texts(r) {
        let lower = text.to_lowercase();
        for (stem, verdict) in VERDICT_WORDS {
            assert!(
                !lower.contains(stem) || verdict == d,
                "{name}: the phase diagram says '{text}' beside a {d:?} card"
            );
        }
    }
    let note = phase_note(r);
    assert!(note.contains("status card judges"), "{name}: {note}");
    let cfg = &r.config;
    if (cfg.net.residual, cfg.net.norm) == (Residual::None, Norm::None) {
        match (phase_of(cfg), d) {
            (Phase::Ordered(_), Diagnosis::Exploding)
            | (Phase::Chaotic(_), Diagnosis::Vanishing) => {
                panic!("{name}: {:?} beside a {d:?} card", phase_of(cfg))
            }
            _ => {}
        }
    }
}

#[test]
fn no_preset_contradicts_its_diagnosis() {
    for p in &PRESETS {
        for seed in 0..3 {
            walk(
                p.id,
                &p.apply(&Config {
                    seed,
                    ..Config::default()
                }),
            );
        }
    }
}

#[test]
fn the_cases_the_issue_met_no_longer_contradict() {
    // ReLU + He at depth 100, width 8: both gradients 0 is not "overflow".
    let narrow = Config {
        net: MlpNet {
            depth: 100,
            width: 8,
            ..MlpNet::default()
        },
        ..Config::default()
    };
    walk("relu-he-100x8", &narrow);
    let r = simulate(&narrow).unwrap_or_else(|e| panic!("{e}"));
    let s = &r.summary;
    let card = ratio_words(s.last_layer_grad, s.first_layer_grad, s.ratio);
    if s.last_layer_grad == 0.0 && s.first_layer_grad == 0.0 {
        assert_eq!(card.value, "—");
    }
    // A ratio far below 1 reads as a power of ten with a mantissa.
    assert_eq!(ratio_words(1.0, 1.26e-9, 1.26e-9).value, "1.3×10⁻⁹");
    assert!(ratio_words(1.0, 3.4, 3.4).note.contains("grew 3.4-fold"));
    // Non-finite ends as what they are: infinity overflowed, NaN is not a number.
    let inf = ratio_words(1.0, f64::INFINITY, f64::INFINITY);
    assert_eq!(
        (inf.value.as_str(), inf.note.contains("infinite")),
        ("overflow", true)
    );
    for nan_end in [(f64::NAN, 1.0), (1.0, f64::NAN), (f64::INFINITY, f64::NAN)] {
        let card = ratio_words(nan_end.0, nan_end.1, nan_end.1 / nan_end.0);
        assert_eq!(card.value, "NaN", "{nan_end:?}");
        assert!(card.note.contains("not a number"), "{}", card.note);
    }

    // Tanh + Xavier: the readout must not say the gradient keeps its size beside a 0.28×
    // ratio; the χ it reads, over the network's depth, predicts the simulation's ratio
    // within a decade.
    let tanh = Config {
        net: MlpNet {
            activation: Activation::Tanh,
            init: Init::XavierNormal,
            ..MlpNet::default()
        },
        ..Config::default()
    };
    let readout = chi_readout(&tanh);
    let r = simulate(&tanh).unwrap_or_else(|e| panic!("{e}"));
    assert!(!readout.text.contains("keeps its size"), "{}", readout.text);
    let chi = readout.chi.unwrap_or(f64::NAN);
    let predicted = chi.sqrt().powi(tanh.net.depth as i32);
    assert!(
        (predicted / r.summary.ratio).log10().abs() < 1.0,
        "predicted {predicted}, simulated {}: {}",
        r.summary.ratio,
        readout.text
    );
    // Where χ has a fixed point, the readout adds the prediction over the network's depth.
    let sigmoid = Config {
        net: MlpNet {
            activation: Activation::Sigmoid,
            init: Init::XavierNormal,
            ..MlpNet::default()
        },
        ..Config::default()
    };
    let text = chi_readout(&sigmoid).text;
    assert!(text.contains("Over these 15 layers"), "{text}");
}

#[test]
fn a_shallow_sigmoid_network_is_ordered_and_healthy_and_the_phase_note_says_both() {
    // Sigmoid + Xavier: χ* ≈ 0.06, the ordered phase; at depth 2 the gradient has shrunk less
    // than 32×, and the card says healthy. The diagram once said "gradients vanish" here.
    for depth in [2, 3] {
        let cfg = Config {
            net: MlpNet {
                activation: Activation::Sigmoid,
                init: Init::XavierNormal,
                depth,
                ..MlpNet::default()
            },
            ..Config::default()
        };
        let name = format!("sigmoid-xavier-depth-{depth}");
        let r = simulate(&cfg).unwrap_or_else(|e| panic!("{name}: {e}"));
        if depth == 2 {
            assert_eq!(r.summary.diagnosis, Diagnosis::Healthy, "{name}");
        }
        walk(&name, &cfg);
        assert!(matches!(phase_of(&cfg), Phase::Ordered(_)), "{name}");
        let note = phase_note(&r);
        assert!(
            note.contains("ordered") && note.contains("shrinks"),
            "{note}"
        );
    }
}
