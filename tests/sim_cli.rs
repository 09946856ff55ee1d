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

/// `gradflow … --format json` for relu + random-normal at width 64 and `depth`.
fn relu_random_normal(depth: &str) -> serde_json::Value {
    let out = gradflow(&[
        "--activation",
        "relu",
        "--init",
        "random_normal",
        "--depth",
        depth,
        "--width",
        "64",
        "--format",
        "json",
    ]);
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn non_finite_values_are_named_and_the_overflow_said() {
    let v = relu_random_normal("60");
    assert_eq!(v["summary"]["diagnosis"], "overflow");
    let last = &v["layers"][59];
    assert_eq!(last["act_mean"]["p50"], "NaN", "NaN must print as \"NaN\"");
    assert!(last["nonfinite"].as_u64().unwrap() > 0);
    assert_eq!(v["loss"]["p50"], "NaN");
    let o = &v["overflowed"];
    assert_eq!(o["loss"], true);
    assert_eq!(o["gradients"], true);
    assert_eq!(o["activations"], true);
    // The forward pass overflows from some layer on; every later layer's activations too.
    let first = o["first_layer"]["activations"].as_u64().expect("a layer") as usize;
    assert!(v["layers"][first - 1]["act_mean"]["p50"].is_string());
    assert!(v["layers"][first - 2]["act_mean"]["p50"].is_number());
    assert_eq!(
        o["first_layer"]["gradients"], 60,
        "back-propagation starts at layer L"
    );
    assert_eq!(
        o["words"],
        "The loss overflowed float32; the gradients overflowed too."
    );
}

#[test]
fn a_loss_overflow_alone_is_inf_with_finite_gradients() {
    // PyTorch's float32 loss is inf here while every gradient is finite (the case).
    let v = relu_random_normal("24");
    assert_eq!(v["loss"]["p50"], "inf");
    assert!(v["summary"]["first_layer_grad"].is_number());
    let o = &v["overflowed"];
    assert_eq!((&o["loss"], &o["gradients"]), (&true.into(), &false.into()));
    assert_eq!(o["first_layer"]["gradients"], serde_json::Value::Null);
    assert_eq!(
        o["words"],
        "The loss overflowed float32; the gradients did not."
    );
    let healthy = gradflow(&[
        "--activation",
        "tanh",
        "--init",
        "xavier_normal",
        "--depth",
        "3",
        "--width",
        "8",
        "--format",
        "json",
    ]);
    let healthy: serde_json::Value = serde_json::from_slice(&healthy.stdout).unwrap();
    assert!(healthy["overflowed"].is_null(), "nothing overflowed");
    assert!(
        healthy.get("overflowed").is_some(),
        "the field is always there"
    );
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
    use gradient_flow_explorer::sim::{Activation, Init, Norm, Residual};
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
    for id in Residual::ALL.iter().map(|r| r.id()) {
        assert!(words.contains(&id), "help lacks residual {id}");
    }
    for id in Norm::ALL.iter().map(|n| n.id()) {
        assert!(words.contains(&id), "help lacks norm {id}");
    }
}

/// `gradflow … --format json` parsed, for a network given as CLI words.
fn json_run(args: &str) -> serde_json::Value {
    let mut argv: Vec<&str> = args.split_whitespace().collect();
    argv.extend(["--format", "json"]);
    let out = gradflow(&argv);
    assert!(out.status.success(), "{args}: {:?}", out.stderr);
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn residual_and_norm_flags_are_echoed() {
    let v = json_run(
        "--activation tanh --init xavier_normal --depth 3 --width 8 --residual scaled --norm layer",
    );
    assert_eq!(v["config"]["residual"], "scaled");
    assert_eq!(v["config"]["norm"], "layer");
    assert_eq!(v["summary"]["judged_gradient"], "weight");
    // No mean-field prediction for layer norm: null, not a made-up line.
    assert!(v["layers"][0]["theory_signal_grad_rel_log10"].is_null());
    let v = json_run("--activation tanh --init xavier_normal --depth 3 --width 8");
    assert_eq!(v["config"]["residual"], "none");
    assert_eq!(v["config"]["norm"], "none");
    assert_eq!(v["summary"]["judged_gradient"], "signal");
    let text = String::from_utf8(
        gradflow(&[
            "--activation",
            "relu",
            "--init",
            "he_normal",
            "--depth",
            "3",
            "--width",
            "8",
            "--residual",
            "identity",
            "--norm",
            "batch",
        ])
        .stdout,
    )
    .unwrap();
    assert!(text.contains("residual identity, norm batch"), "{text}");
    assert!(text.contains("judged on the weight gradient"), "{text}");
}

#[test]
fn bad_residual_or_norm_exits_2_with_a_reason() {
    let base = [
        "--activation",
        "relu",
        "--init",
        "he_normal",
        "--depth",
        "3",
        "--width",
        "8",
    ];
    for (flag, value, reason) in [
        (
            "--residual",
            "1",
            "gradflow: --residual: expected none identity scaled, got '1'",
        ),
        (
            "--norm",
            "group",
            "gradflow: --norm: expected none batch layer, got 'group'",
        ),
        (
            "--norm",
            "",
            "gradflow: --norm: expected none batch layer, got ''",
        ),
    ] {
        let mut argv = base.to_vec();
        argv.extend([flag, value]);
        let out = gradflow(&argv);
        assert_eq!(out.status.code(), Some(2), "{flag} {value}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().next(), Some(reason));
    }
    let out = gradflow(&[&base[..], &["--norm"]].concat());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn diagnosis_is_right_for_each_architecture() {
    let diag = |args: &str| json_run(&format!("{args} --seeds 5"))["summary"]["diagnosis"].clone();
    // Batch norm + ReLU: the weight gradient grows ~0.085 decades a layer going back.
    assert_eq!(
        diag("--activation relu --init he_normal --depth 30 --width 64 --norm batch"),
        "exploding"
    );
    for net in [
        "--activation relu --init he_normal",
        "--activation tanh --init xavier_normal",
    ] {
        assert_eq!(
            diag(&format!(
                "{net} --depth 100 --width 64 --residual scaled --norm layer"
            )),
            "healthy",
            "{net}"
        );
    }
    // Signal ratio ≈ 10^1.9 here, weight gradients within 0.6 decades: healthy.
    assert_eq!(
        diag("--activation relu --init he_normal --depth 100 --width 64 --residual identity --norm layer"),
        "healthy"
    );
    // Identity residual + ReLU + He: the forward variance grows ×1.5 a layer.
    assert_eq!(
        diag("--activation relu --init he_normal --depth 100 --width 64 --residual identity"),
        "overflow"
    );
    assert_eq!(
        diag("--activation relu --init he_normal --depth 30 --width 64 --residual identity"),
        "exploding"
    );
}

#[test]
fn identity_residual_rescues_deep_sigmoid() {
    let wg = |v: &serde_json::Value, i: usize| {
        v["layers"][i]["weight_grad_norm"]["p50"]
            .as_f64()
            .unwrap()
            .log10()
    };
    let net = "--activation sigmoid --init xavier_normal --depth 30 --width 64 --seeds 5";
    let plain = json_run(net);
    let residual = json_run(&format!("{net} --residual identity"));
    assert!(wg(&plain, 0) < -15.0, "plain layer 1: 10^{}", wg(&plain, 0));
    assert_eq!(plain["summary"]["diagnosis"], "vanishing");
    let gap = wg(&residual, 29) - wg(&residual, 0);
    assert!(
        gap.abs() < 2.0,
        "residual: layer 1 is {gap} decades below layer 30"
    );
    assert_eq!(residual["summary"]["diagnosis"], "healthy");
}

#[test]
fn a_stray_word_is_named_as_unexpected_not_as_a_flag_missing_its_value() {
    for args in [
        vec!["extra"],
        vec!["--activation", "relu", "extra", "--depth", "3"],
        vec!["train", "extra"],
    ] {
        let out = gradflow(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let first = stderr.lines().next().unwrap_or_default();
        assert_eq!(
            first,
            "gradflow: unexpected argument 'extra': every option is a --flag followed by its value",
            "{args:?}"
        );
    }
}

#[test]
fn precision_and_loss_scale_add_fractions_and_the_scale_reached() {
    let base = "--activation sigmoid --init xavier_normal --depth 12 --width 64 --seeds 5";
    let plain = json_run(base);
    assert!(plain.get("loss_scale").is_none() && plain.get("precision").is_none());
    assert!(plain["layers"][0].get("grad_fractions").is_none());
    // Float16 without a scale: layer 1's gradient underflows entirely (a fraction of 1 lost).
    let lost = |v: &serde_json::Value| v["layers"][0]["grad_fractions"]["lost"].as_f64();
    let none = json_run(&format!("{base} --precision float16"));
    assert_eq!(none["precision"], "float16");
    assert_eq!(none["loss_scale"]["requested"], "none");
    assert_eq!(lost(&none), Some(1.0));
    // 2^16 lifts it back into the format's range: most entries survive.
    let scaled = json_run(&format!("{base} --precision float16 --loss-scale 2^16"));
    assert_eq!(scaled["loss_scale"]["reached"]["p50"], 65536.0);
    assert!(lost(&scaled).is_some_and(|f| f < 0.2), "{scaled}");
    let layer = &scaled["layers"][0]["grad_fractions"];
    let sum: f64 = ["zero", "subnormal", "normal", "nonfinite"]
        .iter()
        .map(|k| layer[k].as_f64().unwrap_or(f64::NAN))
        .sum();
    assert!((sum - 1.0).abs() < 1e-9, "fractions sum to {sum}");
    // ReLU + He at depth 30 overflows float16 at 2^16 in some seeds: dynamic halves below it.
    let dynamic = json_run(
        "--activation relu --init he_normal --depth 30 --width 64 --seeds 5 \
         --precision float16 --loss-scale dynamic",
    );
    let reached = dynamic["loss_scale"]["reached"]["p10"]
        .as_f64()
        .unwrap_or(f64::NAN);
    assert!(reached < 65536.0, "{}", dynamic["loss_scale"]);
}

#[test]
fn an_overflow_in_float16_is_said_in_float16() {
    // ReLU + random normal grows past float16's 65504 on the way back (its gradients only).
    let base = "--activation relu --init random_normal --depth 8 --width 16 --batch 8";
    let half = json_run(&format!("{base} --precision float16"));
    assert_eq!(
        half["overflowed"]["words"],
        "The gradients overflowed float16; the loss did not."
    );
    // bfloat16 has float32's range: nothing overflows, as in float32.
    let brain = json_run(&format!("{base} --precision bfloat16"));
    assert!(brain["overflowed"].is_null(), "{}", brain["overflowed"]);
}

#[test]
fn bad_precision_or_loss_scale_exits_2_with_one_line() {
    let base = [
        "--activation",
        "relu",
        "--init",
        "he_normal",
        "--depth",
        "3",
        "--width",
        "8",
    ];
    for bad in [
        ["--precision", "float8"],
        ["--loss-scale", "3000"],
        ["--loss-scale", "2^99"],
        ["--loss-scale", "2^x"],
    ] {
        let out = gradflow(&[&base[..], &bad[..]].concat());
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(err.contains(bad[0]), "{err}");
    }
}
