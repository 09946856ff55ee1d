//! The training half of the sweep: a short run of every optimizer (SGD with and without
//! momentum, Adam; each with and without clipping) on a few architectures, all four charts.

use gradient_flow_explorer::charts::{
    draw_boundary_chart, draw_grad_heatmap, draw_loss_chart, draw_update_ratio_chart,
    grad_heatmap_summary, loss_summary, BoundaryChartData, Theme,
};
use gradient_flow_explorer::sim::{Activation, Init, MlpNet, Norm, Residual};
use gradient_flow_explorer::train::{
    boundary_grid, Dataset, Optimizer, TrainConfig, TrainHistory, Trainer,
};

use super::charts_support::{render_svg, texts};

/// Steps of each short run (measured every 2 steps, so the charts have several points).
const STEPS: usize = 6;

pub struct TrainCase(pub TrainConfig);

impl TrainCase {
    /// Every optimizer setting × the architectures (a few by default, more for the full sweep).
    pub fn all(full: bool) -> Vec<TrainCase> {
        let mut archs = vec![
            (
                Activation::Relu,
                Init::HeNormal,
                Residual::None,
                Norm::None,
                3,
                8,
            ),
            (
                Activation::Tanh,
                Init::SmallNormal,
                Residual::Scaled,
                Norm::Layer,
                1,
                512,
            ),
            // Blows up within a few steps at lr 10: the charts must say "overflow".
            (
                Activation::Relu,
                Init::RandomNormal,
                Residual::None,
                Norm::None,
                8,
                64,
            ),
        ];
        if full {
            for &a in &Activation::ALL {
                for &r in &Residual::ALL {
                    for &n in &Norm::ALL {
                        archs.push((a, Init::XavierNormal, r, n, 20, 64));
                    }
                }
            }
        }
        let optimizers = [
            (Optimizer::Sgd, 0.0),
            (Optimizer::Sgd, 0.9),
            (Optimizer::Adam, 0.0),
        ];
        let mut out = Vec::new();
        for (activation, init, residual, norm, depth, width) in archs {
            for (optimizer, momentum) in optimizers {
                for clip in [None, Some(1.0)] {
                    out.push(TrainCase(TrainConfig {
                        net: MlpNet {
                            activation,
                            init,
                            residual,
                            norm,
                            depth,
                            width,
                        },
                        data: Dataset::Spiral,
                        optimizer,
                        momentum,
                        clip,
                        lr: if init == Init::RandomNormal {
                            10.0
                        } else {
                            0.1
                        },
                        steps: STEPS,
                        seed: 3,
                        ..TrainConfig::default()
                    }));
                }
            }
        }
        out
    }
}

/// Trains `case` for `STEPS` steps and draws the loss, heatmap, update-ratio and boundary
/// charts: none is blank, and a run that went non-finite says "overflow" on its charts (then
/// it returns true).
pub fn train_sweep(case: &TrainCase) -> bool {
    let cfg = &case.0;
    let mut trainer = Trainer::new(cfg).unwrap_or_else(|e| panic!("{cfg:?}: {e}"));
    let mut history = TrainHistory::new(cfg.net.depth);
    history.push_measurement(&trainer.measure());
    for _ in 0..STEPS {
        let s = trainer.step();
        history.push_step(&s);
        if s.step.is_multiple_of(2) {
            history.push_measurement(&trainer.measure());
        }
    }
    let theme = Theme::light();
    let grid = boundary_grid(&trainer, 24);
    let data = BoundaryChartData {
        grid: &grid,
        points: trainer.train_set(),
        step: trainer.steps_done(),
    };
    let charts = [
        (
            "loss",
            render_svg(640, 320, |a| draw_loss_chart(a, &history, &theme)),
        ),
        (
            "heatmap",
            render_svg(640, 320, |a| draw_grad_heatmap(a, &history, &theme)),
        ),
        (
            "ratio",
            render_svg(640, 320, |a| draw_update_ratio_chart(a, &history, &theme)),
        ),
        (
            "boundary",
            render_svg(640, 320, |a| draw_boundary_chart(a, &data, &theme)),
        ),
    ];
    for (name, (svg, result)) in &charts {
        assert!(result.is_ok(), "{cfg:?}: {name} chart failed");
        let marks = [
            "<rect",
            "<path",
            "<polyline",
            "<circle",
            "<polygon",
            "<line",
        ]
        .iter()
        .map(|m| svg.matches(m).count())
        .sum::<usize>();
        assert!(
            marks > 4 && svg.contains("<text"),
            "{cfg:?}: blank {name} chart"
        );
    }
    if let Some(nf) = history.first_nonfinite {
        let label = format!("step {}: overflow (inf/NaN)", nf.step);
        for (name, (svg, _)) in &charts[..3] {
            assert!(
                texts(svg).contains(&label),
                "{cfg:?}: {name} lacks '{label}'"
            );
        }
        assert!(loss_summary(&history).contains("overflow"), "{cfg:?}");
        assert!(
            grad_heatmap_summary(&history).contains("overflow"),
            "{cfg:?}"
        );
    }
    history.first_nonfinite.is_some()
}
