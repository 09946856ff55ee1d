//! `gradflow transformer`: the JSON shape of issue #28, the table, and exit code 2 with one
//! line on stderr for bad arguments.

use std::process::{Command, Output};

use gradient_flow_explorer::sim::transformer::{BlockInit, NormKind, Placement};
use serde_json::Value;

fn gradflow(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gradflow"))
        .arg("transformer")
        .args(args)
        .output()
        .expect("gradflow runs")
}

fn json(args: &[&str]) -> Value {
    let out = gradflow(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

fn assert_percentiles(v: &Value, what: &str) {
    for p in ["p10", "p50", "p90"] {
        assert!(v[p].is_number(), "{what}.{p} = {}", v[p]);
    }
    assert!(v["p10"].as_f64() <= v["p50"].as_f64() && v["p50"].as_f64() <= v["p90"].as_f64());
}

#[test]
fn json_has_the_issue_shape() {
    let v = json(&[
        "--placement",
        "pre_ln",
        "--blocks",
        "12",
        "--width",
        "64",
        "--seeds",
        "3",
        "--format",
        "json",
    ]);
    let c = &v["config"];
    assert_eq!(c["placement"], "pre_ln");
    assert_eq!(c["norm"], "layernorm");
    assert_eq!(c["init"], "normal_002");
    assert_eq!(
        (c["blocks"].as_u64(), c["width"].as_u64()),
        (Some(12), Some(64))
    );
    assert_eq!(
        (c["heads"].as_u64(), c["tokens"].as_u64()),
        (Some(4), Some(16))
    );
    assert_eq!(c["batch"], 8);
    assert_eq!(c["scaled_init"], false);
    assert_eq!(v["seeds"], 3);
    assert_percentiles(&v["loss"], "loss");
    let blocks = v["blocks"].as_array().expect("blocks");
    assert_eq!(blocks.len(), 12);
    for (i, b) in blocks.iter().enumerate() {
        assert_eq!(b["block"], i + 1);
        assert_percentiles(&b["stream_grad_norm"], "stream_grad_norm");
        assert_percentiles(&b["stream_std"], "stream_std");
        for w in ["w_q", "w_k", "w_v", "w_o", "w_1", "w_2"] {
            assert_percentiles(&b["weight_grad_norm"][w], w);
        }
    }
    let s = &v["summary"];
    let (first, last) = (
        s["first_block_grad"].as_f64(),
        s["last_block_grad"].as_f64(),
    );
    assert_eq!(first, blocks[0]["stream_grad_norm"]["p50"].as_f64());
    assert_eq!(last, blocks[11]["stream_grad_norm"]["p50"].as_f64());
    let ratio = s["ratio"].as_f64().expect("ratio");
    assert!((ratio - first.unwrap_or(0.0) / last.unwrap_or(1.0)).abs() < 1e-12);
    // Pre-LN at N(0, 0.02²): the stream gradient is flat across blocks (the reference's picture).
    assert_eq!(s["diagnosis"], "healthy");
}

#[test]
fn rezero_at_zero_gives_exact_zero_weight_gradients_as_zero() {
    let v = json(&[
        "--placement",
        "rezero",
        "--blocks",
        "3",
        "--width",
        "16",
        "--heads",
        "2",
        "--tokens",
        "4",
        "--batch",
        "2",
        "--seeds",
        "2",
        "--format",
        "json",
    ]);
    for b in v["blocks"].as_array().expect("blocks") {
        for w in ["w_q", "w_k", "w_v", "w_o", "w_1", "w_2"] {
            assert_eq!(b["weight_grad_norm"][w]["p50"].as_f64(), Some(0.0), "{w}");
        }
        // The gates still learn: their gradient is not zero.
        assert!(b["gate_grad_norm"]["attn"]["p50"].as_f64() > Some(0.0));
        assert!(b["stream_grad_norm"]["p50"].as_f64() > Some(0.0));
    }
}

#[test]
fn config_ids_round_trip_through_the_json() {
    for p in Placement::ALL {
        for n in NormKind::ALL {
            for i in BlockInit::ALL {
                let mut args = vec!["--placement", p.id(), "--norm", n.id(), "--init", i.id()];
                args.extend([
                    "--blocks", "1", "--width", "16", "--tokens", "2", "--batch", "1",
                ]);
                args.extend(["--scaled-init", "--format", "json"]);
                let v = json(&args);
                assert_eq!(v["config"]["placement"], p.id());
                assert_eq!(v["config"]["norm"], n.id());
                assert_eq!(v["config"]["init"], i.id());
                assert_eq!(v["config"]["scaled_init"], true);
            }
        }
    }
}

#[test]
fn table_prints_one_line_per_block_and_the_verdict() {
    let out = gradflow(&[
        "--placement",
        "post_ln",
        "--norm",
        "rmsnorm",
        "--blocks",
        "3",
        "--width",
        "32",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.starts_with("Post-LN (rmsnorm), 3 blocks"), "{text}");
    for b in 1..=3 {
        assert!(
            text.lines()
                .any(|l| l.trim_start().starts_with(&format!("{b} "))),
            "{text}"
        );
    }
    assert!(text.contains("diagnosis: "), "{text}");
}

#[test]
fn bad_arguments_exit_2_with_one_line() {
    // Each case: the arguments after `--placement pre_ln`, or (starting with "!") the whole list.
    let cases = [
        "! --blocks 2 --width 16",
        "! --placement middle_ln --blocks 2 --width 16",
        "--blocks 0 --width 16",
        "--blocks 101 --width 16",
        "--blocks 2 --width 8",
        "--blocks 2 --width 30",
        "--blocks 2 --width 16 --heads 0",
        "--blocks 2 --width 16 --norm batch",
        "--blocks 2 --width 16 --init he_normal",
        "--blocks 2 --width 16 --rezero-init inf",
        "--blocks 2 --width 16 --seeds 0",
        "--blocks -1 --width 16",
        "--blocks 2 --width 16 --format xml",
        "--blocks 2 --width 16 --scaled-init --scaled-init",
        "--placement post_ln --blocks 2 --width 16",
        "--blocks 2 --width 16 stray",
        "--blocks 2 --width 16 --tokens",
        "--blocks 100 --width 512 --tokens 256 --batch 256",
        "--blocks 2 --width 16 --depth 3",
        "--blocks 2",
    ];
    for case in cases {
        let mut args: Vec<&str> = case.split_whitespace().collect();
        if args[0] == "!" {
            args.remove(0);
        } else {
            args.splice(0..0, ["--placement", "pre_ln"]);
        }
        let out = gradflow(&args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("gradflow: "), "{args:?}: {err}");
    }
}

#[test]
fn help_prints_the_usage() {
    let out = gradflow(&["--help"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("usage: gradflow transformer"));
}

/// Garbage in every flag's value, in-process: `parse` answers Ok or one error, never panics,
/// and what it accepts is a valid config.
#[test]
fn garbage_values_are_refused_without_a_panic() {
    use gradient_flow_explorer::cli::transformer::parse;
    let base: &[(&str, &str)] = &[
        ("--placement", "deepnorm"),
        ("--norm", "rmsnorm"),
        ("--blocks", "2"),
        ("--width", "16"),
        ("--heads", "2"),
        ("--tokens", "3"),
        ("--batch", "2"),
        ("--init", "xavier_normal"),
        ("--rezero-init", "0.1"),
        ("--seed", "5"),
        ("--seeds", "2"),
        ("--format", "json"),
    ];
    let garbage = [
        "",
        "-1",
        "0",
        "1e400",
        "NaN",
        "inf",
        "-inf",
        "18446744073709551616",
        "3.5",
        "ünï",
        "--scaled-init",
        "--placement",
        "\n",
        "999999999",
        "1_000",
        "0x10",
        " 2",
    ];
    let mut refused = 0;
    for skip in 0..base.len() {
        for g in garbage {
            let mut argv: Vec<String> = Vec::new();
            for (i, (f, v)) in base.iter().enumerate() {
                argv.push(f.to_string());
                argv.push(if i == skip {
                    g.to_string()
                } else {
                    v.to_string()
                });
            }
            match parse(&argv) {
                Ok(Some(a)) => a.cfg.validate().expect("accepted configs are valid"),
                Ok(None) => {}
                Err(msg) => {
                    refused += 1;
                    assert!(!msg.is_empty());
                }
            }
        }
    }
    assert!(refused > base.len() * 10, "only {refused} refused");
}
