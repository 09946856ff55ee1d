//! The loss in float32, against PyTorch on the very same networks.
//!
//! `tests/fixtures/torch_loss_overflow.json` holds what PyTorch (float32, `MSELoss()`,
//! `backward()`) computes for the X, Y and W_l our sampler draws for ReLU + random_normal at
//! width 64, depth 20/24/26/30, seeds 0–7 (made by `tests/fixtures/gen_torch_loss_overflow.py`
//! from `cargo run --example dump_network`). PyTorch sums the squared errors in float32: from
//! depth 24 its loss is inf while every gradient is still finite; at depth 26 some seeds have a
//! gradient entry that overflowed; at 30 the forward pass itself overflows.

use gradient_flow_explorer::lessons::status_words;
use gradient_flow_explorer::sim::{simulate, Activation, Config, Diagnosis, Init, MlpNet, Report};
use serde_json::Value;

const FIXTURE: &str = include_str!("fixtures/torch_loss_overflow.json");

/// A fixture number: a JSON number, or "inf" / "-inf" / "nan".
fn number(v: &Value) -> f64 {
    match v {
        Value::String(s) if s == "inf" => f64::INFINITY,
        Value::String(s) if s == "-inf" => f64::NEG_INFINITY,
        Value::String(_) => f64::NAN,
        other => other.as_f64().unwrap_or(f64::NAN),
    }
}

fn numbers(v: &Value) -> Vec<f64> {
    v.as_array()
        .map_or(vec![], |a| a.iter().map(number).collect())
}

/// Both finite within `rel` of each other, or both non-finite (PyTorch's BLAS skips zero
/// multipliers, so where a forward value is already inf it can give inf where we give NaN).
fn agrees(torch: f64, ours: f64, rel: f64) -> bool {
    match (torch.is_finite(), ours.is_finite()) {
        (true, true) => (torch - ours).abs() <= rel * torch.abs().max(ours.abs()),
        (false, false) => true,
        _ => false,
    }
}

struct Entry {
    depth: usize,
    seed: u64,
    loss: f64,
    weight: Vec<f64>,
    signal: Vec<f64>,
}

fn entries() -> Vec<Entry> {
    let root: Value = serde_json::from_str(FIXTURE).expect("fixture parses");
    let list = root["entries"].as_array().expect("entries").clone();
    list.iter()
        .map(|e| Entry {
            depth: e["depth"].as_u64().expect("depth") as usize,
            seed: e["seed"].as_u64().expect("seed"),
            loss: number(&e["loss"]),
            weight: numbers(&e["weight_grad_norm"]),
            signal: numbers(&e["signal_grad_norm"]),
        })
        .collect()
}

fn ours(e: &Entry) -> Report {
    simulate(&Config {
        net: MlpNet {
            depth: e.depth,
            width: 64,
            activation: Activation::Relu,
            init: Init::RandomNormal,
            ..MlpNet::default()
        },
        batch: 64,
        seed: e.seed,
        ..Config::default()
    })
    .expect("valid config")
}

#[test]
fn loss_and_gradients_match_pytorch_on_the_same_networks() {
    let entries = entries();
    assert_eq!(entries.len(), 32);
    for e in &entries {
        let r = ours(e);
        let at = format!("depth {} seed {}", e.depth, e.seed);
        assert!(
            agrees(e.loss, r.loss, 1e-5),
            "{at}: loss {} vs PyTorch {}",
            r.loss,
            e.loss
        );
        assert_eq!(r.loss.is_infinite(), e.loss.is_infinite(), "{at}: loss");
        assert_eq!(e.weight.len(), e.depth);
        for (l, layer) in r.layers.iter().enumerate() {
            let (w, s) = (layer.weight_grad_norm, layer.signal_grad_norm);
            assert!(
                agrees(e.weight[l], w, 1e-4),
                "{at} layer {}: ‖∂W‖ {w} vs {}",
                l + 1,
                e.weight[l]
            );
            assert!(
                agrees(e.signal[l], s, 1e-4),
                "{at} layer {}: ‖∂Z‖ {s} vs {}",
                l + 1,
                e.signal[l]
            );
        }
    }
}

#[test]
fn the_card_says_whether_the_gradients_overflowed_with_the_loss() {
    let (mut loss_only, mut both) = (0, 0);
    for e in entries() {
        let r = ours(&e);
        let torch_grads_finite = e.weight.iter().chain(&e.signal).all(|v| v.is_finite());
        let o = r.summary.overflowed;
        assert_eq!(
            o.loss,
            e.loss.is_infinite(),
            "depth {} seed {}",
            e.depth,
            e.seed
        );
        assert_eq!(
            o.gradients, !torch_grads_finite,
            "depth {} seed {}",
            e.depth, e.seed
        );
        if !o.loss {
            assert_ne!(r.summary.diagnosis, Diagnosis::Overflow);
            continue;
        }
        assert_eq!(r.summary.diagnosis, Diagnosis::Overflow);
        let why = status_words(&r.summary).why;
        if torch_grads_finite {
            loss_only += 1;
            assert!(
                why.starts_with("The loss overflowed float32; the gradients did not."),
                "{why}"
            );
        } else {
            both += 1;
            assert!(
                why.starts_with("The loss overflowed float32; the gradients overflowed too"),
                "{why}"
            );
        }
    }
    // The fixture covers both statements (depth 24: loss only; depth 30: both).
    assert!(
        loss_only >= 8 && both >= 8,
        "loss only {loss_only}, both {both}"
    );
}

/// `gradflow`'s table says the same as the card: loss only at depth 24, both at depth 30.
#[test]
fn the_cli_says_what_overflowed() {
    let run = |depth: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_gradflow"))
            .args([
                "--activation",
                "relu",
                "--init",
                "random_normal",
                "--width",
                "64",
            ])
            .args(["--depth", depth])
            .output()
            .expect("gradflow runs");
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let table = run("24");
    assert!(table.contains("loss inf"), "{table}");
    assert!(
        table.contains("The loss overflowed float32; the gradients did not."),
        "{table}"
    );
    let table = run("30");
    assert!(table.contains("the gradients overflowed too"), "{table}");
}
