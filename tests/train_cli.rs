//! `gradflow train`: flags, JSON shape, table, and exit code 2 with a one-line reason.

use std::process::Command;

fn gradflow(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gradflow"))
        .arg("train")
        .args(args)
        .output()
        .expect("runs")
}

const BASE: &[&str] = &[
    "--data",
    "xor",
    "--activation",
    "tanh",
    "--init",
    "xavier_normal",
    "--depth",
    "3",
    "--width",
    "8",
    "--optimizer",
    "sgd",
    "--lr",
    "0.1",
    "--steps",
    "40",
];

/// `BASE` with `extra`'s flags: a flag already in `BASE` gets `extra`'s value (a flag given
/// twice is an error).
fn with(extra: &[&'static str]) -> Vec<&'static str> {
    let mut out = BASE.to_vec();
    for pair in extra.chunks(2) {
        match out.iter().position(|a| *a == pair[0]) {
            Some(i) if pair.len() == 2 => out[i + 1] = pair[1],
            _ => out.extend_from_slice(pair),
        }
    }
    out
}

#[test]
fn json_has_the_documented_shape() {
    let out = gradflow(&with(&[
        "--seeds",
        "3",
        "--record",
        "0,20,40",
        "--format",
        "json",
        "--norm",
        "layer",
        "--residual",
        "scaled",
        "--clip",
        "1",
        "--momentum",
        "0.5",
        "--noise",
        "0.1",
    ]));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let c = &v["config"];
    assert_eq!(c["data"], "xor");
    assert_eq!(c["norm"], "layer");
    assert_eq!(c["residual"], "scaled");
    assert_eq!(c["clip"], 1.0);
    assert_eq!(c["momentum"], 0.5);
    assert_eq!(c["noise"], 0.1);
    assert_eq!(v["seeds"], 3);
    let steps = v["steps"].as_array().expect("steps");
    let at: Vec<u64> = steps
        .iter()
        .map(|s| s["step"].as_u64().expect("step"))
        .collect();
    assert_eq!(at, [0, 20, 40]);
    for s in steps {
        for k in ["loss", "train_accuracy", "test_accuracy"] {
            for p in ["p10", "p50", "p90"] {
                assert!(s[k][p].is_number(), "{k}.{p}");
            }
            assert_eq!(s[k]["nonfinite_fraction"], 0.0);
        }
        let acc = s["train_accuracy"]["p50"].as_f64().expect("number");
        assert!((0.0..=1.0).contains(&acc));
        let layers = s["weight_grad_norm"].as_array().expect("layers");
        assert_eq!(layers.len(), 3);
        assert!(layers
            .iter()
            .all(|l| l["p50"].as_f64().is_some_and(|g| g > 0.0)));
    }
    // Plain values, not log10: a cross-entropy of two classes at initialisation is near ln 2.
    let l0 = steps[0]["loss"]["p50"].as_f64().expect("loss");
    assert!(l0 > 0.3 && l0 < 3.0, "{l0}");
    assert!(v["overflowed"].is_null(), "nothing overflowed");
    assert!(v.get("overflowed").is_some(), "the field is always there");
}

#[test]
fn default_record_and_table() {
    let out = gradflow(BASE);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| l.trim_start().starts_with(char::is_numeric))
        .collect();
    // --steps 40: recorded at 0 and 40.
    assert_eq!(rows.len(), 2, "{text}");
    assert!(rows[1].trim_start().starts_with("40 "), "{text}");
}

#[test]
fn non_finite_losses_are_named_with_their_fraction_and_step() {
    let out = gradflow(&[
        "--data",
        "spiral",
        "--activation",
        "identity",
        "--init",
        "random_normal",
        "--depth",
        "50",
        "--width",
        "64",
        "--optimizer",
        "adam",
        "--lr",
        "0.001",
        "--steps",
        "1",
        "--record",
        "0",
        "--format",
        "json",
    ]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    // No seed's loss is finite, so no percentile of the finite ones exists: "NaN", not null.
    assert_eq!(v["steps"][0]["loss"]["p50"], "NaN");
    assert_eq!(v["steps"][0]["loss"]["nonfinite_fraction"], 1.0);
    let o = &v["overflowed"];
    assert_eq!(o["loss"], true);
    assert_eq!(o["first_recorded_step"], 0);
    assert!(o["words"]
        .as_str()
        .is_some_and(|w| w.starts_with("The loss overflowed float32")));
}

#[test]
fn an_overflow_in_float16_is_said_in_float16() {
    // ReLU + random normal at depth 10 leaves float16's range in the first forward pass.
    let out = gradflow(&[
        "--data",
        "spiral",
        "--activation",
        "relu",
        "--init",
        "random_normal",
        "--depth",
        "10",
        "--width",
        "32",
        "--optimizer",
        "sgd",
        "--lr",
        "0.01",
        "--steps",
        "1",
        "--record",
        "0",
        "--precision",
        "float16",
        "--format",
        "json",
    ]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        v["overflowed"]["words"],
        "The loss overflowed float16; the gradients overflowed too."
    );
}

#[test]
fn bad_arguments_exit_2_with_a_one_line_reason() {
    let cases: &[(&[&str], &str)] = &[
        (&["--lr", "0"], "learning rate"),
        (&["--lr", "abc"], "--lr: not a valid number"),
        (&["--momentum", "1.5"], "momentum"),
        (&["--clip", "-1"], "clip"),
        (&["--data", "moons"], "--data: unknown value 'moons'"),
        (&["--norm", "group"], "--norm"),
        (&["--record", "0,100"], "beyond --steps"),
        (&["--seeds", "0"], "--seeds"),
        (&["--bogus", "1"], "unknown argument '--bogus'"),
        (&["--format", "xml"], "--format"),
    ];
    for (extra, reason) in cases {
        let out = gradflow(&with(extra));
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        let first = err.lines().next().unwrap_or("");
        assert!(
            first.starts_with("gradflow: ") && first.contains(reason),
            "{extra:?}: {first}"
        );
    }
    let out = gradflow(&["--data", "xor"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is required"));
}

#[test]
fn precision_flags_report_the_scale_and_skips_and_bad_ones_exit_2() {
    let run = |extra: &[&str]| {
        let mut argv = vec![
            "train",
            "--data",
            "spiral",
            "--activation",
            "sigmoid",
            "--init",
            "xavier_normal",
            "--depth",
            "8",
            "--width",
            "32",
            "--optimizer",
            "adam",
            "--lr",
            "0.003",
            "--steps",
            "300",
            "--record",
            "0,300",
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
    assert!(plain["steps"][0].get("loss_scale").is_none());
    assert!(plain["config"].get("mixed").is_none());
    let out = run(&[
        "--precision",
        "float16",
        "--loss-scale",
        "dynamic",
        "--growth-interval",
        "100",
    ]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["config"]["mixed"]["precision"], "float16");
    assert_eq!(v["steps"][0]["loss_scale"]["p50"], 65536.0);
    assert!(v["steps"][1]["loss_scale"]["p50"]
        .as_f64()
        .is_some_and(|s| s > 65536.0));
    assert!(v["steps"][1]["skipped_steps"]["p50"].is_number());
    for bad in [
        &["--precision", "half"][..],
        &["--loss-scale", "7"],
        &["--growth-interval", "0"],
    ] {
        let out = run(bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr).trim().lines().count(),
            1
        );
    }
}
