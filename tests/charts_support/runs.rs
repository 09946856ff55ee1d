//! Really trained networks for the training charts' tests: a run is the trainer at its last
//! step and the history the page would have kept, measured every 10 steps.

use gradient_flow_explorer::charts::{
    draw_boundary_chart, draw_grad_heatmap, draw_loss_chart, draw_update_ratio_chart,
    BoundaryChartData, Theme,
};
use gradient_flow_explorer::sim::mixed::{LossScale, MixedPrecision};
use gradient_flow_explorer::sim::numeric::Precision;
use gradient_flow_explorer::sim::{Activation, Init, MlpNet};
use gradient_flow_explorer::train::{
    boundary_grid, BoundaryGrid, Dataset, Optimizer, TrainConfig, TrainHistory, Trainer,
};

use super::render_svg;

/// The training charts, by the names the tests use.
pub const CHARTS: [&str; 4] = ["loss", "heatmap", "ratio", "boundary"];

pub struct Run {
    pub trainer: Trainer,
    pub history: TrainHistory,
}

pub fn train(cfg: TrainConfig, steps: usize) -> Run {
    let mut trainer = Trainer::new(&cfg).expect("valid config");
    let mut history = TrainHistory::new(cfg.net.depth);
    history.push_measurement(&trainer.measure());
    for _ in 0..steps {
        let s = trainer.step();
        history.push_step(&s);
        if s.step.is_multiple_of(10) {
            history.push_measurement(&trainer.measure());
        }
    }
    Run { trainer, history }
}

pub fn base() -> TrainConfig {
    TrainConfig {
        net: MlpNet {
            width: 32,
            ..TrainConfig::default().net
        },
        data: Dataset::Spiral,
        optimizer: Optimizer::Sgd,
        lr: 0.1,
        seed: 1,
        ..TrainConfig::default()
    }
}

pub fn healthy() -> Run {
    let cfg = TrainConfig {
        net: MlpNet {
            activation: Activation::Relu,
            init: Init::HeNormal,
            depth: 4,
            ..base().net
        },
        ..base()
    };
    train(cfg, 800)
}

pub fn vanishing() -> Run {
    let cfg = TrainConfig {
        net: MlpNet {
            activation: Activation::Sigmoid,
            init: Init::XavierNormal,
            depth: 8,
            ..base().net
        },
        ..base()
    };
    train(cfg, 300)
}

pub fn blowing_up(clip: Option<f64>) -> Run {
    let cfg = TrainConfig {
        net: MlpNet {
            activation: Activation::Relu,
            init: Init::RandomNormal,
            depth: 8,
            width: 64,
            ..base().net
        },
        clip,
        ..base()
    };
    train(cfg, 120)
}

/// ReLU + He in float16 with a dynamic loss scale that doubles every 50 clean steps: a
/// sawtooth of skipped steps (`tests/precision_training.rs` counts them).
pub fn skipping() -> Run {
    let cfg = TrainConfig {
        net: MlpNet {
            activation: Activation::Relu,
            init: Init::HeNormal,
            depth: 8,
            width: 64,
            ..base().net
        },
        mixed: MixedPrecision {
            precision: Precision::Float16,
            loss_scale: LossScale::Dynamic,
        },
        growth_interval: 50,
        ..base()
    };
    train(cfg, 300)
}

/// `chart` of `run` as a 640 × 320 SVG.
pub fn svg_of(run: &Run, chart: &str, theme: &Theme) -> String {
    svg_sized(run, chart, theme, (640, 320))
}

/// `chart` of `run` as an SVG of `(w, h)` pixels.
pub fn svg_sized(run: &Run, chart: &str, theme: &Theme, (w, h): (u32, u32)) -> String {
    let hist = &run.history;
    let (svg, r) = render_svg(w, h, |a| match chart {
        "loss" => draw_loss_chart(a, hist, theme),
        "heatmap" => draw_grad_heatmap(a, hist, theme),
        "ratio" => draw_update_ratio_chart(a, hist, theme),
        _ => {
            let grid = boundary_grid(&run.trainer, 40);
            let data = boundary_data(run, &grid);
            draw_boundary_chart(a, &data, theme)
        }
    });
    r.expect("chart draws");
    svg
}

pub fn boundary_data<'a>(run: &'a Run, grid: &'a BoundaryGrid) -> BoundaryChartData<'a> {
    BoundaryChartData {
        grid,
        points: run.trainer.train_set(),
        step: run.trainer.steps_done(),
    }
}
