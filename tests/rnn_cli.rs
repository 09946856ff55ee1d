//! `gradflow rnn`: the JSON shape of the issue, the table, non-finite values as strings, and
//! exit code 2 with one line on stderr for bad arguments.

use std::process::{Command, Output};

fn gradflow_rnn(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gradflow"))
        .arg("rnn")
        .args(args)
        .output()
        .expect("gradflow runs")
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = gradflow_rnn(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

fn assert_percentiles(v: &serde_json::Value, what: &str) {
    for p in ["p10", "p50", "p90"] {
        assert!(v[p].is_number(), "{what}.{p} = {}", v[p]);
    }
}

#[test]
fn lstm_json_has_the_documented_shape() {
    let v = json(&[
        "--cell", "lstm", "--steps", "50", "--width", "64", "--seeds", "3", "--format", "json",
    ]);
    let c = &v["config"];
    assert_eq!(c["cell"], "lstm");
    assert_eq!(
        (c["steps"].as_u64(), c["width"].as_u64()),
        (Some(50), Some(64))
    );
    assert_eq!(
        (c["batch"].as_u64(), c["truncate"].as_u64()),
        (Some(32), Some(50))
    );
    assert_eq!(c["init"], "orthogonal");
    assert_eq!(v["seeds"], 3);
    assert_percentiles(&v["loss"], "loss");
    let steps = v["steps"].as_array().expect("steps");
    assert_eq!(steps.len(), 50);
    for (i, s) in steps.iter().enumerate() {
        assert_eq!(s["t"], i + 1);
        for k in ["hidden_grad_norm", "cell_grad_norm", "hidden_std"] {
            assert_percentiles(&s[k], k);
        }
    }
    for k in ["recurrent", "input"] {
        assert_percentiles(&v["weight_grad_norm"][k], k);
    }
    let s = &v["summary"];
    for k in ["first_step_grad", "last_step_grad", "ratio"] {
        assert!(s[k].is_number(), "{k}");
    }
    let ratio = s["ratio"].as_f64().expect("ratio");
    let first = steps[0]["hidden_grad_norm"]["p50"].as_f64().expect("p50");
    assert_eq!(s["first_step_grad"].as_f64(), Some(first));
    assert!(
        ratio > 0.0 && ratio < 1e-3,
        "LSTM (forget bias 0) over 50 steps vanishes: {ratio}"
    );
    assert_eq!(s["diagnosis"], "vanishing");
    let horizon = s["memory_horizon"].as_u64().expect("horizon");
    assert!(horizon > 0 && horizon < 49, "horizon {horizon}");
}

#[test]
fn plain_cells_have_no_cell_gradient_and_truncated_steps_are_zero() {
    let v = json(&[
        "--cell",
        "rnn_tanh",
        "--steps",
        "20",
        "--width",
        "16",
        "--truncate",
        "5",
        "--format",
        "json",
    ]);
    let steps = v["steps"].as_array().expect("steps");
    for s in steps {
        assert!(s["cell_grad_norm"].is_null());
        let g = s["hidden_grad_norm"]["p50"].as_f64().expect("number");
        let t = s["t"].as_u64().expect("t");
        assert_eq!(g == 0.0, t <= 15, "step {t}: {g}");
    }
    // Nothing reaches back beyond the cut: the horizon is at most k − 1 steps.
    assert!(v["summary"]["memory_horizon"].as_u64().expect("horizon") <= 4);
    assert_eq!(v["summary"]["first_step_grad"].as_f64(), Some(0.0));
}

#[test]
fn the_linear_orthogonal_rnn_is_healthy_at_gain_1_and_explodes_at_1_5() {
    let run = |gain: &str| {
        json(&[
            "--cell",
            "rnn_linear",
            "--steps",
            "30",
            "--width",
            "32",
            "--gain",
            gain,
            "--format",
            "json",
        ])
    };
    let healthy = run("1");
    assert_eq!(healthy["summary"]["diagnosis"], "healthy");
    assert_eq!(healthy["summary"]["memory_horizon"], 29);
    let ratio = healthy["summary"]["ratio"].as_f64().expect("ratio");
    assert!((ratio - 1.0).abs() < 1e-5, "{ratio}");
    assert_eq!(run("1.5")["summary"]["diagnosis"], "exploding");
}

#[test]
fn non_finite_values_are_strings_and_the_verdict_is_overflow() {
    let v = json(&[
        "--cell",
        "rnn_linear",
        "--init",
        "identity",
        "--gain",
        "10",
        "--steps",
        "100",
        "--width",
        "8",
        "--format",
        "json",
    ]);
    assert_eq!(v["summary"]["diagnosis"], "overflow");
    let loss = v["loss"]["p50"].as_str().expect("a string");
    assert!(["inf", "NaN"].contains(&loss), "{loss}");
}

#[test]
fn table_has_one_line_per_step_and_the_summary() {
    let out = gradflow_rnn(&["--cell", "gru", "--steps", "12", "--width", "8"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let rows = text
        .lines()
        .filter(|l| {
            l.split_whitespace()
                .next()
                .is_some_and(|w| w.parse::<usize>().is_ok())
        })
        .count();
    assert_eq!(rows, 12, "{text}");
    assert!(text.contains("diagnosis: "), "{text}");
    assert!(text.contains("memory horizon: "), "{text}");
}

#[test]
fn help_exits_0_with_the_usage() {
    let out = gradflow_rnn(&["--help"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.starts_with("usage: gradflow rnn"), "{text}");
    assert!(
        text.contains("rnn_tanh rnn_relu rnn_linear lstm gru"),
        "{text}"
    );
}

#[test]
fn bad_arguments_exit_2_with_one_line() {
    let base = ["--cell", "lstm", "--steps", "5", "--width", "8"];
    let cases: Vec<Vec<&str>> = vec![
        vec![],
        vec!["--steps", "5", "--width", "8"],
        vec!["--cell", "lstm", "--width", "8"],
        vec!["--cell", "lstm", "--steps", "5"],
        vec!["--cell", "transformer", "--steps", "5", "--width", "8"],
        vec!["--cell", "lstm", "--steps", "0", "--width", "8"],
        vec!["--cell", "lstm", "--steps", "1001", "--width", "8"],
        vec!["--cell", "lstm", "--steps", "-3", "--width", "8"],
        vec!["--cell", "lstm", "--steps", "5", "--width", "7"],
        vec!["--cell", "lstm", "--steps", "5", "--width", "513"],
        vec![
            "--cell",
            "lstm",
            "--steps",
            "5",
            "--width",
            "99999999999999999999999",
        ],
        vec![
            "--cell", "lstm", "--steps", "1000", "--width", "512", "--batch", "1024",
        ],
    ];
    let extra: Vec<Vec<&str>> = vec![
        vec!["--batch", "0"],
        vec!["--init", "identity"],
        vec!["--init", "xavier"],
        vec!["--gain", "nan"],
        vec!["--gain", "-1"],
        vec!["--gain", "inf"],
        vec!["--forget-bias", "11"],
        vec!["--forget-bias", "one"],
        vec!["--truncate", "0"],
        vec!["--truncate", "6"],
        vec!["--seeds", "0"],
        vec!["--seed", "-1"],
        vec!["--format", "xml"],
        vec!["--cell", "gru"],
        vec!["stray"],
        vec!["--truncate"],
        vec!["--depth", "3"],
        vec!["--gain", "1\nsecond line"],
    ];
    let all = cases.into_iter().chain(extra.into_iter().map(|e| {
        let mut v = base.to_vec();
        v.extend(e);
        v
    }));
    for args in all {
        let out = gradflow_rnn(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let err = String::from_utf8(out.stderr).expect("utf-8");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("gradflow: "), "{args:?}: {err}");
    }
}
