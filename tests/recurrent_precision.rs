//! The precision lens through time: the recurrent network in float16/bfloat16 with a loss
//! scale (`sim::recurrent::mixed`), and `gradflow rnn --precision/--loss-scale`.

use gradient_flow_explorer::sim::mixed::{LossScale, MixedPrecision};
use gradient_flow_explorer::sim::numeric::Precision;
use gradient_flow_explorer::sim::recurrent::{
    simulate_rnn_seeds, simulate_rnn_seeds_mixed, Cell, RecurrentInit, RnnConfig, RnnRun,
};

fn tanh_rnn() -> RnnConfig {
    RnnConfig {
        cell: Cell::RnnTanh,
        steps: 50,
        width: 64,
        truncate: 50,
        ..RnnConfig::default()
    }
}

fn runs(cfg: &RnnConfig, precision: Precision, loss_scale: LossScale) -> Vec<RnnRun> {
    let mixed = MixedPrecision {
        precision,
        loss_scale,
    };
    simulate_rnn_seeds_mixed(cfg, 5, &mixed).expect("valid")
}

fn lost_at(run: &RnnRun, t: usize) -> f64 {
    run.steps[t - 1].grad_fractions.expect("fractions").lost
}

#[test]
fn float16_loses_the_early_steps_that_a_dynamic_scale_keeps() {
    let cfg = tanh_rnn();
    for r in runs(&cfg, Precision::Float16, LossScale::None) {
        assert_eq!(lost_at(&r, 1), 1.0, "seed {}", r.config.seed);
        assert_eq!(r.steps[0].hidden_grad_norm, 0.0);
        assert_eq!(lost_at(&r, 50), 0.0);
    }
    for r in runs(&cfg, Precision::Float16, LossScale::Dynamic) {
        let m = r.mixed.expect("mixed run");
        assert_eq!(m.scale_log2, 16);
        assert!(
            lost_at(&r, 11) < 0.2,
            "seed {}: {}",
            r.config.seed,
            lost_at(&r, 11)
        );
        assert!(r.steps[0].hidden_grad_norm > 0.0);
    }
}

#[test]
fn bfloat16_follows_float32_within_its_eight_bits() {
    let cfg = tanh_rnn();
    let float32 = simulate_rnn_seeds(&cfg, 5).expect("valid");
    let bf16 = runs(&cfg, Precision::BFloat16, LossScale::None);
    for (a, b) in float32.iter().zip(&bf16) {
        for t in [1, 25, 50] {
            let (x, y) = (
                a.steps[t - 1].hidden_grad_norm,
                b.steps[t - 1].hidden_grad_norm,
            );
            assert!((x / y).log10().abs() < 0.1, "t {t}: {x} vs {y}");
        }
    }
}

#[test]
fn a_linear_orthogonal_rnn_keeps_its_gradient_in_every_format_with_a_scale() {
    // g = 1: ‖∂L/∂h_t‖ is the same at every step in exact arithmetic; rounding to float16
    // moves it by far less than a decade when the scale keeps it normal.
    let cfg = RnnConfig {
        cell: Cell::RnnLinear,
        init: RecurrentInit::Orthogonal,
        gain: 1.0,
        ..tanh_rnn()
    };
    for r in runs(&cfg, Precision::Float16, LossScale::Power(12)) {
        let (first, last) = (r.steps[0].hidden_grad_norm, r.steps[49].hidden_grad_norm);
        assert!((first / last).log10().abs() < 0.05, "{first} vs {last}");
    }
}

#[test]
fn the_cli_reports_fractions_and_the_scale_and_float32_is_unchanged() {
    let run = |extra: &[&str]| {
        let mut argv = vec![
            "rnn", "--cell", "rnn_tanh", "--steps", "20", "--width", "32",
        ];
        argv.extend_from_slice(extra);
        argv.extend(["--seeds", "3", "--format", "json"]);
        std::process::Command::new(env!("CARGO_BIN_EXE_gradflow"))
            .args(&argv)
            .output()
            .expect("runs")
    };
    let plain: serde_json::Value = serde_json::from_slice(&run(&[]).stdout).expect("json");
    assert!(plain.get("loss_scale").is_none());
    assert!(plain["steps"][0].get("grad_fractions").is_none());
    let out = run(&["--precision", "float16", "--loss-scale", "dynamic"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["precision"], "float16");
    assert_eq!(v["loss_scale"]["requested"], "dynamic");
    assert!(v["steps"][0]["grad_fractions"]["lost"].is_number());
    let bad = run(&["--precision", "fp8"]);
    assert_eq!(bad.status.code(), Some(2));
}
