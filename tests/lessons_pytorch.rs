//! The generated PyTorch script and the matching "predicted output".

mod lessons_support;

use std::io::Write;
use std::process::{Command, Stdio};

use gradient_flow_explorer::lessons::pytorch::{
    format_py_exp, output_line, torch_activation, torch_weight_init, PRINT_FORMAT_PY,
};
use gradient_flow_explorer::lessons::{
    parse_output_line, predicted_output, predicted_output_for_report, pytorch_snippet,
    quick_fix_config, recommended_init, section,
};
use gradient_flow_explorer::sim::{
    Activation, Config, Diagnosis, Histogram, Init, LayerReport, MlpNet, Norm, Report, Residual,
    Summary,
};
use lessons_support::failures_on_two_threads;

fn cfg(activation: Activation, init: Init) -> Config {
    Config {
        net: MlpNet {
            depth: 23,
            width: 37,
            activation,
            init,
            ..MlpNet::default()
        },
        batch: 19,
        seed: 7,
        ..Config::default()
    }
}

fn python() -> Option<&'static str> {
    let ok = Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then_some("python3")
}

/// Runs `python3 -c <code>` with `stdin`; returns (success, stdout, stderr).
fn run_python(py: &str, code: &str, stdin: &str) -> (bool, String, String) {
    let mut child = Command::new(py)
        .args(["-c", code])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn python");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("python output");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn snippet_follows_the_config() {
    for a in Activation::ALL {
        for init in Init::ALL {
            let c = cfg(a, init);
            let s = pytorch_snippet(&c, false);
            assert!(s.contains("depth, width, batch = 23, 37, 19"), "{s}");
            assert!(s.contains("torch.manual_seed(7)"));
            assert!(s.contains(&format!("act = {}", torch_activation(a))), "{s}");
            assert!(
                s.contains(&format!("    {}\n", torch_weight_init(init))),
                "{s}"
            );
            assert!(s.contains("nn.init.zeros_(layer.bias)"));
            assert!(s.contains("torch.randn(batch, width)"));
            assert!(s.contains("nn.MSELoss()(a, Y)") && s.contains("loss.backward()"));
            assert!(s.contains("z.retain_grad()"));
            assert!(s.contains("layer.weight.grad.norm()") && s.contains("z.grad.norm()"));
            assert!(s.contains(PRINT_FORMAT_PY));
            // The activation is applied after every layer, the last one included.
            assert!(s.contains("    a = act(z)"));
        }
    }
}

#[test]
fn init_and_activation_map_to_the_right_torch_calls() {
    let expected_init = [
        (Init::XavierNormal, "nn.init.xavier_normal_(layer.weight)"),
        (Init::XavierUniform, "nn.init.xavier_uniform_(layer.weight)"),
        (
            Init::HeNormal,
            "nn.init.kaiming_normal_(layer.weight, nonlinearity=\"relu\")",
        ),
        (
            Init::LecunNormal,
            "nn.init.normal_(layer.weight, std=layer.in_features ** -0.5)",
        ),
        (Init::Orthogonal, "nn.init.orthogonal_(layer.weight)"),
        (
            Init::RandomNormal,
            "nn.init.normal_(layer.weight, mean=0.0, std=1.0)",
        ),
        (
            Init::SmallNormal,
            "nn.init.normal_(layer.weight, mean=0.0, std=0.01)",
        ),
    ];
    for (init, call) in expected_init {
        assert_eq!(torch_weight_init(init), call);
    }
    let expected_act = [
        (Activation::Sigmoid, "nn.Sigmoid()"),
        (Activation::Tanh, "nn.Tanh()"),
        (Activation::Relu, "nn.ReLU()"),
        (Activation::LeakyRelu, "nn.LeakyReLU(negative_slope=0.01)"),
        (Activation::Elu, "nn.ELU(alpha=1.0)"),
        (Activation::Selu, "nn.SELU()"),
        (Activation::Gelu, "nn.GELU()"),
        (Activation::Identity, "nn.Identity()"),
    ];
    for (a, module) in expected_act {
        assert_eq!(torch_activation(a), module);
    }
    // He is N(0, 2/fan_in) whatever the activation: no leaky gain in the call.
    let s = pytorch_snippet(&cfg(Activation::LeakyRelu, Init::HeNormal), false);
    assert!(s.contains("nonlinearity=\"relu\")") && !s.contains("nonlinearity=\"leaky_relu\""));
}

#[test]
fn overrides_and_biases_show_up() {
    let c = Config {
        sigma_w2: Some(2.5),
        bias_std: 0.25,
        ..cfg(Activation::Tanh, Init::XavierNormal)
    };
    let s = pytorch_snippet(&c, false);
    assert!(s.contains("nn.init.normal_(layer.weight, std=(2.5 / layer.in_features) ** 0.5)"));
    assert!(s.contains("nn.init.normal_(layer.bias, std=0.25)"));
    assert!(!s.contains("xavier_normal_"));
    let c = Config {
        sigma_w2: Some(2.0),
        ..c
    };
    assert!(pytorch_snippet(&c, false).contains("std=(2.0 / layer.in_features)"));
}

#[test]
fn quick_fix_mapping() {
    let fixed = |a, i| quick_fix_config(&cfg(a, i));
    for (a, init) in [
        (Activation::Relu, Init::HeNormal),
        (Activation::LeakyRelu, Init::HeNormal),
        (Activation::Elu, Init::HeNormal),
        (Activation::Gelu, Init::HeNormal),
        (Activation::Tanh, Init::XavierNormal),
        (Activation::Selu, Init::LecunNormal),
        (Activation::Identity, Init::Orthogonal),
    ] {
        let f = fixed(a, Init::RandomNormal);
        assert_eq!((f.net.activation, f.net.init), (a, init));
        assert_eq!(recommended_init(a), init);
    }
    let f = fixed(Activation::Sigmoid, Init::RandomNormal);
    assert_eq!(
        (f.net.activation, f.net.init),
        (Activation::Tanh, Init::XavierNormal)
    );
    // Everything else is kept; an override is dropped.
    let c = Config {
        sigma_w2: Some(9.0),
        bias_std: 0.1,
        ..cfg(Activation::Relu, Init::SmallNormal)
    };
    let f = quick_fix_config(&c);
    assert_eq!(
        (
            f.net.depth,
            f.net.width,
            f.batch,
            f.seed,
            f.bias_std,
            f.sigma_w2
        ),
        (23, 37, 19, 7, 0.1, None)
    );
    let s = pytorch_snippet(&c, true);
    assert!(
        s.contains("kaiming_normal_") && !s.contains("9.0 / layer.in_features"),
        "{s}"
    );
    assert!(s.contains("# Quick fix: relu + he_normal instead of relu + sigma_w2 = 9.0"));
    let s = pytorch_snippet(&cfg(Activation::Sigmoid, Init::RandomNormal), true);
    assert!(
        s.contains("act = nn.Tanh()") && s.contains("xavier_normal_"),
        "{s}"
    );
    let s = pytorch_snippet(&cfg(Activation::Relu, Init::HeNormal), true);
    assert!(s.contains("the same network as yours"), "{s}");
}

/// The fix the script proposes is one the explorer shows to work: for every activation ×
/// initialization at depth 15, 30 and 100 (width 64, batch 64), the fixed network is healthy
/// in each of 20 seeds; and the skip path with its norm is added exactly where the comment
/// says the initialization is not critical.
#[test]
fn every_quick_fix_is_healthy_in_every_seed() {
    use gradient_flow_explorer::lessons::quick_fix_comment;
    use gradient_flow_explorer::sim::{simulate, Diagnosis, Residual};
    let mut fixes: Vec<Config> = Vec::new();
    for a in Activation::ALL {
        for i in Init::ALL {
            for depth in [15, 30, 100] {
                let c = Config {
                    net: MlpNet {
                        activation: a,
                        init: i,
                        depth,
                        ..MlpNet::default()
                    },
                    ..Config::default()
                };
                let f = quick_fix_config(&c);
                let says_skip = quick_fix_comment(&c).contains("is not critical for");
                assert_eq!(says_skip, f.net.residual != Residual::None, "{c:?}");
                // A network that has its own skip path keeps it, and the comment adds none.
                let own = Config {
                    net: MlpNet {
                        residual: Residual::Identity,
                        ..c.net
                    },
                    ..c.clone()
                };
                assert!(
                    !quick_fix_comment(&own).contains("is not critical for"),
                    "{own:?}"
                );
                assert_eq!(quick_fix_config(&own).net.residual, Residual::Identity);
                if !fixes.contains(&f) {
                    fixes.push(f);
                }
            }
        }
    }
    let runs: Vec<Config> = fixes
        .iter()
        .flat_map(|f| (0..20).map(|seed| Config { seed, ..f.clone() }))
        .collect();
    let unhealthy = failures_on_two_threads(&runs, |c| match simulate(c) {
        Ok(r) if r.summary.diagnosis == Diagnosis::Healthy => vec![],
        Ok(r) => vec![format!("{c:?}: {:?}", r.summary.diagnosis)],
        Err(e) => vec![format!("{c:?}: {e}")],
    });
    assert!(unhealthy.is_empty(), "{}", unhealthy.join("\n"));
    // Deep GELU, ELU and SELU get the skip path and norm; shallow ones and ReLU do not.
    let fixed = |a, depth| {
        quick_fix_config(&Config {
            net: MlpNet {
                activation: a,
                depth,
                ..MlpNet::default()
            },
            ..Config::default()
        })
    };
    for a in [Activation::Gelu, Activation::Elu, Activation::Selu] {
        assert_eq!(fixed(a, 100).net.residual, Residual::Scaled, "{a}");
        assert_eq!(fixed(a, 15).net.residual, Residual::None, "{a}");
    }
    for a in [Activation::Relu, Activation::Tanh, Activation::Sigmoid] {
        assert_eq!(fixed(a, 100).net.residual, Residual::None, "{a}");
    }
}

#[test]
fn quick_fix_table_in_the_lesson_matches_the_code() {
    let md = section("pytorch").map(|s| s.markdown).unwrap_or_default();
    let mut seen = Vec::new();
    for line in md.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let ids = |cell: &str| -> Vec<String> {
            cell.split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect()
        };
        let acts = ids(cells[0]);
        let target = ids(cells[1]);
        for a in acts {
            let act = Activation::from_id(&a).expect("activation id in the table");
            let fixed = quick_fix_config(&cfg(act, Init::RandomNormal));
            let mut want = vec![fixed.net.init.id().to_string()];
            if fixed.net.activation != act {
                want.insert(0, fixed.net.activation.id().to_string());
            }
            assert_eq!(target, want, "quick-fix row for {a}");
            seen.push(act);
        }
    }
    seen.sort_by_key(|a| a.id());
    let mut all = Activation::ALL.to_vec();
    all.sort_by_key(|a| a.id());
    assert_eq!(seen, all, "every activation has a quick-fix row");
}

#[test]
fn python_number_format() {
    assert_eq!(format_py_exp(1.23456e-5, 4), "1.2346e-05");
    assert_eq!(format_py_exp(0.0, 4), "0.0000e+00");
    assert_eq!(format_py_exp(12345.0, 4), "1.2345e+04");
    assert_eq!(format_py_exp(1e-120, 4), "1.0000e-120");
    assert_eq!(format_py_exp(f64::NAN, 4), "nan");
    assert_eq!(format_py_exp(f64::INFINITY, 4), "inf");
    assert_eq!(
        output_line(3, 0.5, 2.0),
        "layer   3  weight_grad 5.0000e-01  signal_grad 2.0000e+00"
    );
}

#[test]
fn predicted_output_round_trips() {
    let lines = [
        (1, 3.2e-7, 1.5e-6),
        (2, 0.25, 1.0),
        (15, f64::INFINITY, f64::NAN),
    ];
    let out = predicted_output(&lines);
    assert_eq!(out.lines().count(), 3);
    let parsed: Vec<_> = out.lines().filter_map(parse_output_line).collect();
    assert_eq!(parsed[0], (1, 3.2e-7, 1.5e-6));
    assert_eq!(parsed[1], (2, 0.25, 1.0));
    assert_eq!(parsed[2].0, 15);
    assert!(parsed[2].1.is_infinite() && parsed[2].2.is_nan());
}

fn fake_report(c: &Config) -> Report {
    let layers = (1..=c.net.depth)
        .map(|l| LayerReport {
            layer: l,
            weight_grad_norm: 0.5_f64.powi(c.net.depth as i32 - l as i32) * 0.123,
            signal_grad_norm: 0.5_f64.powi(c.net.depth as i32 - l as i32) * 0.456,
            act_mean: 0.0,
            act_std: 1.0,
            preact_msq: 1.0,
            saturated_fraction: None,
            dead_fraction: None,
            histogram: Histogram {
                lo: -1.0,
                hi: 1.0,
                counts: vec![],
                underflow: 0,
                overflow: 0,
                nonfinite: 0,
            },
            nonfinite: 0,
            grad_fractions: None,
        })
        .collect();
    Report {
        config: c.clone(),
        loss: 1.0,
        layers,
        theory: vec![],
        summary: Summary {
            last_layer_grad: 0.0,
            first_layer_grad: 0.0,
            ratio: 0.0,
            last_layer_weight_grad: 0.0,
            first_layer_weight_grad: 0.0,
            weight_ratio: 0.0,
            diagnosis: Diagnosis::Healthy,
            overflowed: Default::default(),
        },
        mixed: None,
    }
}

#[test]
fn snippet_parses_as_python_and_prints_our_format() {
    let Some(py) = python() else {
        eprintln!("SKIPPED: python3 is not installed");
        return;
    };
    let mut configs = Vec::new();
    for a in Activation::ALL {
        for init in Init::ALL {
            configs.push((cfg(a, init), false));
            configs.push((cfg(a, init), true));
        }
    }
    for residual in Residual::ALL {
        for norm in Norm::ALL {
            for a in [Activation::Relu, Activation::Sigmoid] {
                let c = Config {
                    net: MlpNet {
                        residual,
                        norm,
                        ..cfg(a, Init::HeNormal).net
                    },
                    ..cfg(a, Init::HeNormal)
                };
                configs.push((c.clone(), false));
                configs.push((c, true));
            }
        }
    }
    configs.push((
        Config {
            sigma_w2: Some(1.5),
            bias_std: 0.1,
            ..Config::default()
        },
        false,
    ));
    // One Python process parses them all (a JSON list on stdin) and names the ones that fail.
    let sources: Vec<String> = configs
        .iter()
        .map(|(c, quick)| pytorch_snippet(c, *quick))
        .collect();
    let json = serde_json::to_string(&sources).expect("json");
    let code = "import ast, json, sys\n\
                for k, src in enumerate(json.load(sys.stdin)):\n\
                \x20   try:\n\
                \x20       ast.parse(src)\n\
                \x20   except SyntaxError as e:\n\
                \x20       print(k, e)\n";
    let (ok, out, err) = run_python(py, code, &json);
    assert!(ok, "{err}");
    if let Some(first) = out.lines().next() {
        let k: usize = first
            .split(' ')
            .next()
            .and_then(|k| k.parse().ok())
            .unwrap_or(0);
        panic!("snippet does not parse: {first}\n{}", sources[k]);
    }

    // Evaluate the snippet's own print line in Python with our numbers and compare, character
    // for character, with predicted_output.
    let c = cfg(Activation::Relu, Init::HeNormal);
    let report = fake_report(&c);
    let ours = predicted_output_for_report(&report);
    let src = pytorch_snippet(&c, false);
    let print_line = src
        .lines()
        .find(|l| l.trim_start().starts_with("print(f"))
        .expect("a print line")
        .trim();
    let mut feed = String::new();
    for l in &report.layers {
        feed.push_str(&format!(
            "{} {:e} {:e}\n",
            l.layer, l.weight_grad_norm, l.signal_grad_norm
        ));
    }
    feed.push_str("99 inf nan\n");
    let code = format!(
        "import sys\nfor row in sys.stdin:\n    l, w_norm, z_norm = row.split()\n    l, w_norm, z_norm = int(l), float(w_norm), float(z_norm)\n    {print_line}\n"
    );
    let (ok, out, err) = run_python(py, &code, &feed);
    assert!(ok, "{err}");
    let mut lines: Vec<(usize, f64, f64)> = report
        .layers
        .iter()
        .map(|l| (l.layer, l.weight_grad_norm, l.signal_grad_norm))
        .collect();
    lines.push((99, f64::INFINITY, f64::NAN));
    let mut expected = ours.clone();
    expected.push_str(&output_line(99, f64::INFINITY, f64::NAN));
    expected.push('\n');
    assert_eq!(out, expected);
    assert_eq!(predicted_output(&lines), expected);
}

/// Runs the real script when a Python with torch is named in `LESSONS_TORCH_PYTHON`.
#[test]
fn snippet_runs_under_torch_when_available() {
    let Ok(py) = std::env::var("LESSONS_TORCH_PYTHON") else {
        eprintln!("SKIPPED: set LESSONS_TORCH_PYTHON to a python with torch to run the snippets");
        return;
    };
    for a in Activation::ALL {
        for init in Init::ALL {
            let c = Config {
                net: MlpNet {
                    depth: 4,
                    width: 8,
                    ..cfg(a, init).net
                },
                batch: 5,
                ..cfg(a, init)
            };
            let src = pytorch_snippet(&c, false);
            let (ok, out, err) = run_python(&py, &src, "");
            assert!(ok, "{src}\n{err}");
            let parsed: Vec<_> = out.lines().filter_map(parse_output_line).collect();
            assert_eq!(parsed.len(), 4, "{out}");
            for (k, line) in out.lines().enumerate() {
                let (l, w, z) = parse_output_line(line).expect("parsable");
                assert_eq!(l, k + 1);
                assert_eq!(line, output_line(l, w, z), "format differs");
            }
        }
    }
}

#[test]
fn snippet_follows_residual_and_norm() {
    for residual in Residual::ALL {
        for norm in Norm::ALL {
            let c = Config {
                net: MlpNet {
                    residual,
                    norm,
                    ..cfg(Activation::Relu, Init::HeNormal).net
                },
                ..cfg(Activation::Relu, Init::HeNormal)
            };
            let src = pytorch_snippet(&c, false);
            let has = |s: &str| src.contains(s);
            assert_eq!(
                has("nn.BatchNorm1d(width, affine=False)"),
                norm == Norm::Batch,
                "{src}"
            );
            assert_eq!(
                has("nn.LayerNorm(width, elementwise_affine=False)"),
                norm == Norm::Layer,
                "{src}"
            );
            let branch = if norm == Norm::None {
                "act(z)"
            } else {
                "act(norm(z))"
            };
            match residual {
                Residual::None => assert!(has(&format!("    a = {branch}")), "{src}"),
                _ => assert!(has(&format!("    a = a + alpha * {branch}")), "{src}"),
            }
            assert_eq!(
                has("alpha = 1.0\n"),
                residual == Residual::Identity,
                "{src}"
            );
            assert_eq!(
                has("alpha = depth ** -0.5"),
                residual == Residual::Scaled,
                "{src}"
            );
            // The quick fix keeps an architecture; only a deep plain network whose
            // initialization is not critical gains a scaled residual and layer norm.
            let fixed = pytorch_snippet(&c, true);
            let plain = (residual, norm) == (Residual::None, Norm::None);
            let gains = plain && quick_fix_config(&c).net.residual == Residual::Scaled;
            assert_eq!(
                fixed.contains("\nalpha = "),
                residual != Residual::None || gains
            );
            assert_eq!(fixed.contains("\nnorm = "), norm != Norm::None || gains);
        }
    }
}
