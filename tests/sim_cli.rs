//! The `gradflow` binary: JSON shape, table, and exit code 2 on bad arguments.

use std::process::Command;

fn gradflow(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gradflow"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn json_output_has_the_documented_shape() {
    let out = gradflow(&[
        "--activation",
        "relu",
        "--init",
        "random_normal",
        "--depth",
        "4",
        "--width",
        "16",
        "--batch",
        "8",
        "--seeds",
        "3",
        "--format",
        "json",
    ]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["config"]["activation"], "relu");
    assert_eq!(v["config"]["init"], "random_normal");
    assert_eq!(v["seeds"], 3);
    assert!(v["loss"]["p50"].is_number());
    let layers = v["layers"].as_array().unwrap();
    assert_eq!(layers.len(), 4);
    for (i, l) in layers.iter().enumerate() {
        assert_eq!(l["layer"], i + 1);
        for k in [
            "weight_grad_norm",
            "signal_grad_norm",
            "act_mean",
            "act_std",
            "dead_fraction",
        ] {
            for p in ["p10", "p50", "p90"] {
                assert!(l[k][p].is_number(), "{k}.{p}");
            }
        }
        assert!(l["saturated_fraction"].is_null());
        assert!(l["theory_signal_grad_rel_log10"].is_number());
        assert_eq!(l["nonfinite"], 0);
    }
    for k in ["first_layer_grad", "last_layer_grad", "ratio"] {
        assert!(v["summary"][k].is_number());
    }
    assert_eq!(v["summary"]["diagnosis"], "exploding");
}

#[test]
fn non_finite_values_are_null() {
    let out = gradflow(&[
        "--activation",
        "relu",
        "--init",
        "random_normal",
        "--depth",
        "60",
        "--width",
        "64",
        "--format",
        "json",
    ]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["diagnosis"], "overflow");
    let last = &v["layers"][59];
    assert!(last["act_mean"]["p50"].is_null(), "NaN must print as null");
    assert!(last["nonfinite"].as_u64().unwrap() > 0);
    assert!(v["loss"]["p50"].is_null());
}

#[test]
fn table_and_bad_arguments() {
    let out = gradflow(&[
        "--activation",
        "tanh",
        "--init",
        "xavier_normal",
        "--depth",
        "3",
        "--width",
        "8",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("layer") && text.lines().count() >= 6);
    for bad in [
        vec![
            "--activation",
            "swish",
            "--init",
            "he_normal",
            "--depth",
            "3",
            "--width",
            "8",
        ],
        vec![
            "--activation",
            "relu",
            "--init",
            "he",
            "--depth",
            "3",
            "--width",
            "8",
        ],
        vec![
            "--activation",
            "relu",
            "--init",
            "he_normal",
            "--depth",
            "0",
            "--width",
            "8",
        ],
        vec![
            "--activation",
            "relu",
            "--init",
            "he_normal",
            "--depth",
            "x",
            "--width",
            "8",
        ],
        vec![
            "--activation",
            "relu",
            "--init",
            "he_normal",
            "--depth",
            "3",
        ],
        vec![
            "--activation",
            "relu",
            "--init",
            "he_normal",
            "--depth",
            "3",
            "--width",
            "8",
            "--format",
            "xml",
        ],
        vec![
            "--activation",
            "relu",
            "--init",
            "he_normal",
            "--depth",
            "3",
            "--width",
            "8",
            "--bias-std",
            "-1",
        ],
        vec!["--bogus"],
    ] {
        let out = gradflow(&bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).starts_with("gradflow: "),
            "{bad:?}"
        );
    }
}

#[test]
fn help_lists_every_activation_and_init() {
    use gradient_flow_explorer::sim::{Activation, Init};
    let out = gradflow(&["--help"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let words: Vec<&str> = text.split_whitespace().collect();
    for id in Activation::ALL.iter().map(|a| a.id()) {
        assert!(words.contains(&id), "help lacks activation {id}");
    }
    for id in Init::ALL.iter().map(|i| i.id()) {
        assert!(words.contains(&id), "help lacks init {id}");
    }
}
