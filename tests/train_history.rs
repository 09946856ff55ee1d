//! `TrainHistory` (bounded, deterministic thinning; the first non-finite step) and the
//! decision-boundary grid (`class1_probability`, `boundary_grid`), on really trained networks.

use gradient_flow_explorer::sim::{Activation, Init, MlpNet};
use gradient_flow_explorer::train::model::Arch;
use gradient_flow_explorer::train::network::Workspace;
use gradient_flow_explorer::train::{
    boundary_grid, class1_probability, Dataset, NonFiniteCause, NonFiniteValue, Norm, Optimizer,
    Residual, Thinned, TrainConfig, TrainHistory, Trainer,
};

fn spiral_relu(depth: usize, norm: Norm) -> TrainConfig {
    TrainConfig {
        net: MlpNet {
            activation: Activation::Relu,
            init: Init::HeNormal,
            depth,
            width: 32,
            norm,
            residual: Residual::None,
        },
        data: Dataset::Spiral,
        optimizer: Optimizer::Sgd,
        lr: 0.1,
        seed: 3,
        ..TrainConfig::default()
    }
}

/// Trains `steps` steps, measuring every `every` steps (and at step 0), into a history.
fn run(cfg: &TrainConfig, steps: usize, every: usize) -> (Trainer, TrainHistory) {
    let mut t = Trainer::new(cfg).expect("valid config");
    let mut h = TrainHistory::new(cfg.net.depth);
    h.push_measurement(&t.measure());
    for _ in 0..steps {
        let s = t.step();
        h.push_step(&s);
        if s.step.is_multiple_of(every) {
            h.push_measurement(&t.measure());
        }
    }
    (t, h)
}

#[test]
fn thinning_keeps_every_stride_th_item_within_capacity() {
    for total in [0usize, 1, 5, 2000, 2001, 4097, 12_345] {
        let mut t = Thinned::new(2000);
        (0..total).for_each(|i| t.push(i));
        let stride = t.stride();
        assert!(stride.is_power_of_two(), "{total}: stride {stride}");
        let expected: Vec<usize> = (0..total).step_by(stride).collect();
        assert_eq!(t.items().copied().collect::<Vec<_>>(), expected, "{total}");
        assert!(t.len() <= 2000, "{total}: {} kept", t.len());
        if total > 2000 {
            assert!(t.len() > 1000, "{total}: thinned too far ({})", t.len());
        }
        assert_eq!(t.offered(), total);
        assert_eq!(t.latest().copied(), total.checked_sub(1), "{total}");
        let series: Vec<usize> = t.series().copied().collect();
        assert!(series.windows(2).all(|w| w[0] < w[1]), "{total}");
    }
}

#[test]
fn a_healthy_run_keeps_every_step_and_measurement_and_no_nonfinite_mark() {
    let (_, h) = run(&spiral_relu(4, Norm::None), 300, 10);
    assert_eq!(h.first_nonfinite, None);
    assert_eq!(h.steps.len(), 300);
    let steps: Vec<usize> = h.steps.items().map(|c| c.step).collect();
    assert_eq!(steps, (1..=300).collect::<Vec<_>>());
    assert!(h
        .steps
        .items()
        .all(|c| c.grad_norm.len() == 4 && c.update_ratio.len() == 4));
    assert_eq!(h.measurements.len(), 31);
    assert_eq!(h.latest_measurement().map(|m| m.step), Some(300));
    assert_eq!(h.last_step, 300);
}

#[test]
fn a_long_run_is_thinned_but_its_chart_still_reaches_the_last_step() {
    let (_, h) = run(&spiral_relu(2, Norm::None), 4500, 10);
    assert!(
        h.steps.len() <= 2000 && h.steps.len() > 1000,
        "{}",
        h.steps.len()
    );
    assert_eq!(h.steps.series().next_back().map(|c| c.step), Some(4500));
    assert_eq!(h.latest_measurement().map(|m| m.step), Some(4500));
}

/// A deep ReLU network with N(0, 1) weights: activations grow ~√(W/2) per layer, and the
/// first SGD step's update overflows float32 within a few steps.
fn blowing_up() -> TrainConfig {
    TrainConfig {
        net: MlpNet {
            init: Init::RandomNormal,
            depth: 10,
            width: 64,
            ..spiral_relu(10, Norm::None).net
        },
        lr: 0.1,
        ..spiral_relu(10, Norm::None)
    }
}

#[test]
fn the_first_nonfinite_step_is_the_trainers_and_is_kept_after_more_steps() {
    let cfg = blowing_up();
    let mut t = Trainer::new(&cfg).expect("valid");
    let first_bad = (0..200)
        .map(|_| t.step())
        .find(|s| !s.loss.is_finite() || s.grad_norm.iter().any(|g| !g.is_finite()))
        .map(|s| s.step)
        .expect("this network overflows within 200 steps");
    let (_, h) = run(&cfg, first_bad + 20, 5);
    let nf = h.first_nonfinite.expect("history noticed the overflow");
    // Step first_bad's minibatch values are computed at θ_{first_bad − 1}: that update overflowed.
    assert_eq!(nf.step, first_bad - 1);
    assert_eq!(nf.cause, NonFiniteCause::Overflow);
    assert_ne!(nf.value, NonFiniteValue::TrainingLoss);
    if first_bad > 1 {
        let g = nf.last_finite_grad_norm.expect("finite steps came first");
        assert!(g.is_finite() && g > 0.0, "{g}");
    }
}

#[test]
fn the_page_names_the_overflow_at_the_step_gradflow_train_reports() {
    use gradient_flow_explorer::train::seeds::run_seeds;
    // The training preset "Random normal weights blow up" (ReLU, N(0, 1), depth 8, width 64).
    let cfg = TrainConfig {
        net: MlpNet {
            depth: 8,
            ..blowing_up().net
        },
        ..blowing_up()
    };
    let record: Vec<usize> = (0..=40).collect();
    let measured = run_seeds(&cfg, 1, &record).expect("valid");
    let cli_step = measured[0]
        .iter()
        .find(|m| !m.loss.is_finite() || m.weight_grad_norm.iter().any(|g| !g.is_finite()))
        .map(|m| m.step)
        .expect("gradflow train sees the overflow within 40 steps");
    // The page's history, fed step by step as the worker does (no measurement before it).
    let mut t = Trainer::new(&cfg).expect("valid");
    let mut h = TrainHistory::new(cfg.net.depth);
    for _ in 0..=cli_step + 1 {
        h.push_step(&t.step());
    }
    let nf = h.first_nonfinite.expect("the page sees it too");
    assert_eq!(
        nf.step, cli_step,
        "page: step {}, gradflow train: step {cli_step}",
        nf.step
    );
    let precision = gradient_flow_explorer::sim::numeric::Precision::Float32;
    let words = gradient_flow_explorer::words::train::nonfinite_words(&nf, precision);
    assert!(words.contains(&format!("step {cli_step}")), "{words}");
}

#[test]
fn the_history_travels_as_bincode_bit_exact_nans_included() {
    let (_, h) = run(&blowing_up(), 40, 5);
    let bytes = bincode::serialize(&h).expect("serialises");
    let back: TrainHistory = bincode::deserialize(&bytes).expect("deserialises");
    let bits = |h: &TrainHistory| -> Vec<u64> {
        h.steps
            .series()
            .flat_map(|c| {
                let layers = c.grad_norm.iter().chain(&c.update_ratio);
                std::iter::once(c.loss).chain(layers.copied())
            })
            .map(f64::to_bits)
            .collect()
    };
    assert_eq!(bits(&back), bits(&h));
    assert_eq!(back.first_nonfinite, h.first_nonfinite);
}

#[test]
fn grid_probabilities_are_the_measured_network_bit_for_bit() {
    for norm in [Norm::None, Norm::Batch, Norm::Layer] {
        let (mut t, _) = run(&spiral_relu(3, norm), 100, 50);
        let x = t.train_set().x.clone();
        let ours = class1_probability(&t, &x);
        let arch = Arch::of(t.config());
        let mut ws = Workspace::default();
        ws.forward(&arch, t.params(), &x);
        let direct: Vec<f64> = ws
            .logits
            .chunks_exact(2)
            .map(|z| 1.0 / (1.0 + libm::exp(z[0] as f64 - z[1] as f64)))
            .collect();
        assert_eq!(ours, direct, "{norm:?}");
        let labels = &t.train_set().y;
        let correct = ours
            .iter()
            .zip(labels)
            .filter(|(&p, &y)| (p > 0.5) == (y == 1))
            .count();
        let acc = correct as f64 / labels.len() as f64;
        assert!((acc - t.measure().train_accuracy).abs() < 0.01, "{norm:?}");
    }
}

#[test]
fn a_trained_spiral_boundary_puts_the_training_points_on_their_side() {
    let (t, h) = run(&spiral_relu(6, Norm::None), 1500, 100);
    let measured = h.latest_measurement().expect("measured").train_accuracy;
    assert!(measured > 0.9, "the network did not learn: {measured}");
    let g = boundary_grid(&t, 60);
    assert_eq!((g.n, g.prob.len()), (60, 3600));
    let cell = |v: f64, (lo, hi): (f64, f64)| (((v - lo) / (hi - lo)) * 60.0) as usize;
    let pts = t.train_set();
    let mut right = 0;
    for (p, &y) in pts.x.chunks_exact(2).zip(&pts.y) {
        let (col, row) = (cell(p[0] as f64, g.x_range), cell(p[1] as f64, g.y_range));
        assert!(col < 60 && row < 60, "point {p:?} outside the grid");
        right += usize::from((g.prob[row * 60 + col] > 0.5) == (y == 1));
    }
    // The cell's centre is up to half a cell from the point, so a few near the boundary flip.
    assert!(right as f64 / pts.len() as f64 > 0.85, "{right} of 256");
    // Both classes appear on the grid, and the untrained network paints something else.
    assert!(g.prob.iter().any(|&p| p > 0.9) && g.prob.iter().any(|&p| p < 0.1));
    let untrained = Trainer::new(t.config()).expect("valid");
    assert_ne!(boundary_grid(&untrained, 60).prob, g.prob);
}

#[test]
fn grid_sides_are_clamped_and_an_overflowed_network_gives_nan() {
    let t = Trainer::new(&spiral_relu(2, Norm::None)).expect("valid");
    assert_eq!(boundary_grid(&t, 0).n, 2);
    assert_eq!(boundary_grid(&t, 100_000).prob.len(), 120 * 120);
    let (t, h) = run(&blowing_up(), 60, 5);
    let nf = h.first_nonfinite.expect("overflowed");
    assert!(nf.step < 50, "{nf:?}");
    // Ten steps after the overflow the parameters themselves are no longer finite.
    let g = boundary_grid(&t, 8);
    assert!(g.prob.iter().all(|p| p.is_nan()), "{:?}", &g.prob[..8]);
}
