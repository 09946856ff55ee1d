//! The sweep: every activation × init × residual × norm at depth 1, 2 and the maximum, width 8
//! and 512, batch 1 and the largest the page allows (`edit::batch_limit`) simulates, draws both
//! charts (SVG, the page's drawing code) with their marks, and gets a diagnosis in words; a
//! network that overflowed or underflowed says so on the card and on the bars. Training: a
//! short run of every optimizer (with and without momentum and clipping) draws its four charts.
//!
//! The full cross product (6 048 networks, the 100 × 512 ones at the maximum batch taking
//! seconds each) runs with `GFE_FULL_SWEEP=1`; the default run takes a deterministic sample:
//! every architecture at one of the cheap sizes (rotating, so every size meets every
//! activation, init, residual and norm), plus a few networks at width 512 with the maximum
//! batch or depth.

use gradient_flow_explorer::charts::{GradientChartData, Theme};
use gradient_flow_explorer::export::svg::{activation_svg, gradient_svg, CLI_SIZE};
use gradient_flow_explorer::lessons::status::underflowed_to_zero;
use gradient_flow_explorer::lessons::status_words;
use gradient_flow_explorer::page::edit::{batch_limit, DEPTH_MAX, WIDTHS};
use gradient_flow_explorer::sim::{
    judged_gradient, simulate, Activation, Config, Diagnosis, Init, MlpNet, Norm, Report, Residual,
};
use gradient_flow_explorer::words::metric::Metric;

mod charts_support;
mod sweep_support;

use charts_support::texts;
use sweep_support::{train_sweep, TrainCase};

fn full_sweep() -> bool {
    std::env::var("GFE_FULL_SWEEP").is_ok_and(|v| v == "1")
}

/// The network shapes of the sweep: (depth, width, batch), batch 0 standing for the maximum.
fn sizes() -> Vec<(usize, usize, usize)> {
    let widths = [WIDTHS[0], WIDTHS[WIDTHS.len() - 1]];
    let mut out = Vec::new();
    for depth in [1, 2, DEPTH_MAX] {
        for width in widths {
            for batch in [1, 0] {
                out.push((depth, width, batch));
            }
        }
    }
    out
}

/// Every activation × init × residual × norm.
fn architectures() -> Vec<(Activation, Init, Residual, Norm)> {
    let mut out = Vec::new();
    for &a in &Activation::ALL {
        for &i in &Init::ALL {
            for &r in &Residual::ALL {
                for &n in &Norm::ALL {
                    out.push((a, i, r, n));
                }
            }
        }
    }
    out
}

fn config(arch: (Activation, Init, Residual, Norm), size: (usize, usize, usize)) -> Config {
    let (activation, init, residual, norm) = arch;
    let (depth, width, batch) = size;
    let mut cfg = Config {
        net: MlpNet {
            activation,
            init,
            residual,
            norm,
            depth,
            width,
        },
        batch: 1,
        seed: 7,
        ..Config::default()
    };
    cfg.batch = if batch == 0 { batch_limit(&cfg) } else { batch };
    cfg
}

/// The configurations of this run: all of them, or the default sample.
fn cases() -> Vec<Config> {
    let sizes = sizes();
    let archs = architectures();
    if full_sweep() {
        return archs
            .iter()
            .flat_map(|&a| sizes.iter().map(move |&s| config(a, s)))
            .collect();
    }
    // Width 512 with a large batch or depth costs 0.5–30 s a network on a loaded machine:
    // every architecture gets one of the cheap sizes (rotating, so each size meets every
    // activation, init, residual and norm), and a few take the expensive ones.
    let widest = WIDTHS[WIDTHS.len() - 1];
    let cheap: Vec<_> = sizes
        .iter()
        .copied()
        .filter(|&(d, w, b)| w < widest || (d <= 2 && b == 1))
        .collect();
    let mut out: Vec<Config> = archs
        .iter()
        .enumerate()
        .map(|(k, &a)| config(a, cheap[(k * 3) % cheap.len()]))
        .collect();
    let expensive = [
        (
            Activation::Relu,
            Init::RandomNormal,
            Residual::None,
            Norm::None,
        ),
        (
            Activation::Tanh,
            Init::SmallNormal,
            Residual::None,
            Norm::None,
        ),
        (
            Activation::Gelu,
            Init::Orthogonal,
            Residual::Identity,
            Norm::Batch,
        ),
        (
            Activation::Selu,
            Init::LecunNormal,
            Residual::Scaled,
            Norm::Layer,
        ),
    ];
    for arch in expensive {
        out.push(config(arch, (2, widest, 0)));
        out.push(config(arch, (DEPTH_MAX, widest, 1)));
    }
    // Found by the full sweep: explodes, then one layer's ELU units all sit on the flat tail
    // and layer 1 gets exactly 0 (the card must say both).
    let elu_cut_off = (
        Activation::Elu,
        Init::RandomNormal,
        Residual::None,
        Norm::None,
    );
    out.push(config(elu_cut_off, (DEPTH_MAX, WIDTHS[0], 1)));
    out
}

/// The gradient chart drew its marks: one bar per layer with a finite non-zero value, hatching
/// and the word "overflow" over non-finite layers, a "0" at the foot of underflowed ones.
fn check_gradient_chart(cfg: &Config, r: &Report, metric: Metric) {
    let data = GradientChartData::from_report(r, metric, None);
    let svg = gradient_svg(&data, None, &Theme::light(), CLI_SIZE)
        .unwrap_or_else(|e| panic!("{cfg:?}: gradient chart: {e}"));
    let words = texts(&svg);
    let values = &data.values;
    if values.iter().any(|v| !v.is_finite()) {
        assert!(
            words.iter().any(|t| t == "overflow"),
            "{cfg:?} {metric:?}: no 'overflow' label"
        );
    }
    if values.contains(&0.0) {
        // "underflow to zero" across a run wide enough for the words, "0" under a narrow one.
        let labelled = words.iter().any(|t| t == "underflow to zero" || t == "0");
        assert!(labelled, "{cfg:?} {metric:?}: no underflow label");
    }
    let plain = values
        .iter()
        .filter(|v| v.is_finite() && **v != 0.0)
        .count();
    // The frame draws a few rects of its own (background, legend swatches); the bars come on top.
    let rects = svg.matches("<rect").count();
    assert!(
        rects >= plain,
        "{cfg:?} {metric:?}: {rects} rects for {plain} bars"
    );
    assert!(svg.contains("<text"), "{cfg:?}: a chart without text");
}

/// The activation chart drew something for every layer, and says "overflow" for non-finite ones.
fn check_activation_chart(cfg: &Config, r: &Report) {
    let svg = activation_svg(r, &Theme::dark(), CLI_SIZE)
        .unwrap_or_else(|e| panic!("{cfg:?}: activation chart: {e}"));
    assert!(
        svg.matches("<rect").count() > 2,
        "{cfg:?}: blank activation chart"
    );
    if r.layers.iter().any(|l| l.histogram.nonfinite > 0) {
        assert!(
            texts(&svg).iter().any(|t| t.contains("overflow")),
            "{cfg:?}: non-finite activations without 'overflow'"
        );
    }
}

/// The card's words match what happened to the numbers.
fn check_words(cfg: &Config, r: &Report) {
    let s = &r.summary;
    let words = status_words(s);
    assert!(!words.word.is_empty() && !words.why.is_empty(), "{cfg:?}");
    if s.overflowed.any {
        assert_eq!(s.diagnosis, Diagnosis::Overflow, "{cfg:?}");
        assert!(words.why.contains("overflow"), "{cfg:?}: {}", words.why);
        let loss_words = "The loss overflowed float32";
        assert_eq!(
            words.why.starts_with(loss_words),
            s.overflowed.loss,
            "{cfg:?}: {}",
            words.why
        );
    } else if s.diagnosis == Diagnosis::Vanishing && underflowed_to_zero(s) {
        assert!(
            words.why.contains("underflow to zero"),
            "{cfg:?}: {}",
            words.why
        );
    }
    if !s.overflowed.any {
        let judged = judged_gradient(cfg);
        let zero_first = r.layers.first().is_some_and(|l| judged.of(l) == 0.0);
        if zero_first {
            // Batch norm over one example outputs exact zeros: a dead network, not a vanishing
            // one. A gradient that explodes and is then cut to zero (a layer whose units all
            // sit on a flat part of the activation) is exploding, and the words say it stops.
            let verdicts = [Diagnosis::Vanishing, Diagnosis::Dead];
            let cut_off = s.diagnosis == Diagnosis::Exploding
                && words.why.contains("reaches layer 1 as exactly 0");
            assert!(
                verdicts.contains(&s.diagnosis) || cut_off,
                "{cfg:?}: zero gradient at layer 1, {:?}: {}",
                s.diagnosis,
                words.why
            );
        }
    }
}

/// Simulates `cfg`, checks its words and charts, and returns its verdict and whether layer 1's
/// gradient underflowed to zero.
fn check(cfg: &Config) -> (Diagnosis, bool) {
    let r = simulate(cfg).unwrap_or_else(|e| panic!("{cfg:?}: {e}"));
    assert_eq!(r.layers.len(), cfg.net.depth);
    check_words(cfg, &r);
    check_gradient_chart(cfg, &r, Metric::Signal);
    check_gradient_chart(cfg, &r, Metric::Weight);
    check_activation_chart(cfg, &r);
    let s = &r.summary;
    (
        s.diagnosis,
        s.diagnosis == Diagnosis::Vanishing && underflowed_to_zero(s),
    )
}

#[test]
fn every_architecture_and_size_draws_both_charts_and_a_diagnosis() {
    let cases = cases();
    let archs = architectures().len();
    assert!(cases.len() > archs, "every architecture is in the sample");
    let mut seen = std::collections::BTreeMap::<&str, usize>::new();
    for cfg in &cases {
        let (d, underflow) = check(cfg);
        *seen.entry(d.id()).or_default() += 1;
        *seen.entry("underflow to zero").or_default() += usize::from(underflow);
    }
    // The sample reaches the extremes it is meant to cover.
    for verdict in ["overflow", "vanishing", "healthy", "underflow to zero"] {
        assert!(
            seen.get(verdict) > Some(&0),
            "no {verdict} network in {seen:?}"
        );
    }
}

#[test]
fn every_optimizer_trains_a_few_steps_and_draws_its_charts() {
    let cases = TrainCase::all(full_sweep());
    assert!(cases.len() >= 8);
    let overflowed = cases.iter().filter(|c| train_sweep(c)).count();
    assert!(overflowed > 0, "no run in the sample overflowed");
}

/// The two extremes by name: an underflowing network says "underflow to zero" on the card and
/// over its zero bars, an overflowing one "overflow" on both.
#[test]
fn underflow_and_overflow_are_named_on_the_card_and_the_bars() {
    let net = |activation, init| Config {
        net: MlpNet {
            activation,
            init,
            depth: 60,
            width: 64,
            ..MlpNet::default()
        },
        batch: 64,
        ..Config::default()
    };
    for (cfg, word) in [
        (
            net(Activation::Tanh, Init::SmallNormal),
            "underflow to zero",
        ),
        (net(Activation::Relu, Init::RandomNormal), "overflow"),
    ] {
        let r = simulate(&cfg).unwrap_or_else(|e| panic!("{e}"));
        let why = status_words(&r.summary).why;
        assert!(why.contains(word), "{cfg:?}: {why}");
        let data = GradientChartData::from_report(&r, Metric::Signal, None);
        let svg = gradient_svg(&data, None, &Theme::light(), CLI_SIZE).unwrap_or_default();
        assert!(
            texts(&svg).iter().any(|t| t == word),
            "{cfg:?}: no '{word}' on the bars"
        );
    }
}
