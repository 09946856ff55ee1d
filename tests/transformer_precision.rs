//! The precision lens on the residual stream (`sim::transformer::mixed`) and
//! `gradflow transformer --precision/--loss-scale`.

use gradient_flow_explorer::sim::mixed::{LossScale, MixedPrecision};
use gradient_flow_explorer::sim::numeric::Precision;
use gradient_flow_explorer::sim::transformer::{
    simulate_transformer, simulate_transformer_mixed, BlockInit, Placement, TransformerConfig,
};

fn post_ln() -> TransformerConfig {
    TransformerConfig {
        placement: Placement::PostLn,
        blocks: 6,
        init: BlockInit::XavierNormal,
        ..TransformerConfig::default()
    }
}

fn mixed(precision: Precision, loss_scale: LossScale) -> MixedPrecision {
    MixedPrecision {
        precision,
        loss_scale,
    }
}

#[test]
fn float16_pushes_the_stream_gradient_into_subnormals_that_a_scale_lifts() {
    let cfg = post_ln();
    let none = simulate_transformer_mixed(&cfg, 5, &mixed(Precision::Float16, LossScale::None))
        .expect("valid");
    let f = none.blocks[0].grad_fractions.expect("fractions");
    assert!(f.subnormal > 0.3, "{f:?}");
    let dynamic =
        simulate_transformer_mixed(&cfg, 5, &mixed(Precision::Float16, LossScale::Dynamic))
            .expect("valid");
    assert_eq!(dynamic.scale_log2, vec![16; 5]);
    for b in &dynamic.blocks {
        let f = b.grad_fractions.expect("fractions");
        // A sum can still round to an exact 0 here and there (1 entry in 8192 seen).
        assert!(f.normal > 0.99 && f.lost < 1e-3, "block {}: {f:?}", b.block);
    }
}

#[test]
fn reported_norms_are_unscaled_and_follow_float32() {
    let cfg = post_ln();
    let float32 = simulate_transformer(&cfg, 5).expect("valid");
    for m in [
        mixed(Precision::BFloat16, LossScale::None),
        mixed(Precision::Float16, LossScale::Power(16)),
    ] {
        let r = simulate_transformer_mixed(&cfg, 5, &m).expect("valid");
        for (a, b) in float32.blocks.iter().zip(&r.blocks) {
            let (x, y) = (a.stream_grad_norm.p50, b.stream_grad_norm.p50);
            assert!(
                (x / y).log10().abs() < 0.05,
                "{m:?} block {}: {x} vs {y}",
                a.block
            );
        }
    }
}

#[test]
fn the_cli_adds_fractions_and_the_scale_only_when_asked() {
    let run = |extra: &[&str]| {
        let mut argv = vec![
            "transformer",
            "--placement",
            "pre_ln",
            "--blocks",
            "3",
            "--width",
            "16",
            "--seeds",
            "2",
            "--format",
            "json",
        ];
        argv.extend_from_slice(extra);
        std::process::Command::new(env!("CARGO_BIN_EXE_gradflow"))
            .args(&argv)
            .output()
            .expect("runs")
    };
    let plain: serde_json::Value = serde_json::from_slice(&run(&[]).stdout).expect("json");
    assert!(plain.get("loss_scale").is_none());
    assert!(plain["blocks"][0].get("grad_fractions").is_none());
    let v: serde_json::Value =
        serde_json::from_slice(&run(&["--precision", "bfloat16", "--loss-scale", "2^8"]).stdout)
            .expect("json");
    assert_eq!(v["precision"], "bfloat16");
    assert_eq!(v["loss_scale"]["reached"]["p50"], 256.0);
    assert!(v["blocks"][0]["grad_fractions"]["normal"].is_number());
    assert_eq!(run(&["--loss-scale", "big"]).status.code(), Some(2));
}
