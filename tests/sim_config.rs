//! Bad input is rejected with its message; extreme but valid input never panics; diagnoses.

use gradient_flow_explorer::sim::{
    simulate, simulate_seeds, Activation, Config, ConfigError, Diagnosis, Init, MlpNet, NetError,
};

#[test]
fn every_invalid_field_is_rejected_with_its_message() {
    let ok = Config::default();
    let cases: Vec<(Config, ConfigError, &str)> = vec![
        (
            Config {
                net: MlpNet { depth: 0, ..ok.net },
                ..ok.clone()
            },
            ConfigError::Net(NetError::Depth(0)),
            "depth must be between 1 and 200 (got 0)",
        ),
        (
            Config {
                net: MlpNet {
                    depth: 201,
                    ..ok.net
                },
                ..ok.clone()
            },
            ConfigError::Net(NetError::Depth(201)),
            "depth must be between 1 and 200 (got 201)",
        ),
        (
            Config {
                net: MlpNet { width: 0, ..ok.net },
                ..ok.clone()
            },
            ConfigError::Net(NetError::Width(0)),
            "width must be between 1 and 1024 (got 0)",
        ),
        (
            Config {
                net: MlpNet {
                    width: 1025,
                    ..ok.net
                },
                ..ok.clone()
            },
            ConfigError::Net(NetError::Width(1025)),
            "width must be between 1 and 1024 (got 1025)",
        ),
        (
            Config {
                batch: 0,
                ..ok.clone()
            },
            ConfigError::Batch(0),
            "batch must be between 1 and 1024 (got 0)",
        ),
        (
            Config {
                batch: 5000,
                ..ok.clone()
            },
            ConfigError::Batch(5000),
            "batch must be between 1 and 1024 (got 5000)",
        ),
        (
            Config {
                bias_std: -0.1,
                ..ok.clone()
            },
            ConfigError::BiasStd(-0.1),
            "bias std must be a number between 0 and 10 (got -0.1)",
        ),
        (
            Config {
                bias_std: 11.0,
                ..ok.clone()
            },
            ConfigError::BiasStd(11.0),
            "bias std must be a number between 0 and 10 (got 11)",
        ),
        (
            Config {
                sigma_w2: Some(-1.0),
                ..ok.clone()
            },
            ConfigError::SigmaW2(-1.0),
            "weight variance σ_w² must be a number between 0 and 100 (got -1)",
        ),
        (
            Config {
                sigma_w2: Some(101.0),
                ..ok.clone()
            },
            ConfigError::SigmaW2(101.0),
            "weight variance σ_w² must be a number between 0 and 100 (got 101)",
        ),
    ];
    for (cfg, err, msg) in cases {
        assert_eq!(simulate(&cfg).unwrap_err(), err);
        assert_eq!(simulate_seeds(&cfg, 3).unwrap_err().to_string(), msg);
    }
    for bad in [f64::NAN, f64::INFINITY] {
        assert!(matches!(
            simulate(&Config {
                bias_std: bad,
                ..ok.clone()
            }),
            Err(ConfigError::BiasStd(_))
        ));
        assert!(matches!(
            simulate(&Config {
                sigma_w2: Some(bad),
                ..ok.clone()
            }),
            Err(ConfigError::SigmaW2(_))
        ));
    }
}

#[test]
fn tiny_and_extreme_networks_work() {
    for act in Activation::ALL {
        for init in Init::ALL {
            for (depth, width, batch) in [(1, 1, 1), (1, 64, 3), (3, 1, 5), (2, 17, 1)] {
                let r = simulate(&Config {
                    net: MlpNet {
                        depth,
                        width,
                        activation: act,
                        init,
                        ..MlpNet::default()
                    },
                    batch,
                    ..Config::default()
                })
                .unwrap();
                assert_eq!(r.layers.len(), depth);
                assert_eq!(r.theory.len(), depth);
                assert_eq!(
                    r.layers[0].histogram.counts.iter().sum::<u32>()
                        + r.layers[0].histogram.underflow
                        + r.layers[0].histogram.overflow
                        + r.layers[0].histogram.nonfinite,
                    (width * batch) as u32
                );
            }
        }
    }
    // The largest values a user can type for the variances, with a deep net: no panic.
    for act in Activation::ALL {
        let r = simulate(&Config {
            net: MlpNet {
                depth: 200,
                width: 8,
                activation: act,
                ..MlpNet::default()
            },
            batch: 4,
            sigma_w2: Some(100.0),
            bias_std: 10.0,
            ..Config::default()
        })
        .unwrap();
        let _ = r.summary.diagnosis;
        let r = simulate(&Config {
            net: MlpNet {
                depth: 200,
                width: 8,
                activation: act,
                ..MlpNet::default()
            },
            batch: 4,
            sigma_w2: Some(0.0),
            ..Config::default()
        })
        .unwrap();
        assert_ne!(
            r.summary.diagnosis,
            Diagnosis::Overflow,
            "{act}: zero weights cannot overflow"
        );
    }
    assert_eq!(simulate_seeds(&Config::default(), 0).unwrap().seeds, 1);
}

#[test]
fn overflowing_networks_report_overflow() {
    for act in [
        Activation::Relu,
        Activation::LeakyRelu,
        Activation::Elu,
        Activation::Identity,
    ] {
        for seed in 0..3 {
            let r = simulate(&Config {
                net: MlpNet {
                    depth: 50,
                    width: 64,
                    activation: act,
                    init: Init::RandomNormal,
                    ..MlpNet::default()
                },
                batch: 64,
                seed,
                ..Config::default()
            })
            .unwrap();
            assert_eq!(
                r.summary.diagnosis,
                Diagnosis::Overflow,
                "{act} seed {seed}"
            );
            assert!(r.layers.iter().any(|l| l.nonfinite > 0) || !r.loss.is_finite());
            // At depth 50 the forward pass overflows: the loss and the gradients, as computed.
            assert!(!r.loss.is_finite(), "{act} seed {seed}");
            assert!(r.summary.overflowed.gradients, "{act} seed {seed}");
            assert!(
                r.layers.iter().any(|l| !l.signal_grad_norm.is_finite()),
                "{act} seed {seed}"
            );
        }
    }
    // Depth 30 (W = 64): the reference notes float32 overflow begins here for ReLU.
    let r = simulate(&Config {
        net: MlpNet {
            depth: 30,
            width: 64,
            activation: Activation::Relu,
            init: Init::RandomNormal,
            ..MlpNet::default()
        },
        batch: 64,
        ..Config::default()
    })
    .unwrap();
    assert!(matches!(
        r.summary.diagnosis,
        Diagnosis::Overflow | Diagnosis::Exploding
    ));
}

fn verdicts(act: Activation, init: Init) -> Vec<Diagnosis> {
    (0..5)
        .map(|seed| {
            simulate(&Config {
                net: MlpNet {
                    depth: 15,
                    width: 64,
                    activation: act,
                    init,
                    ..MlpNet::default()
                },
                batch: 64,
                seed,
                ..Config::default()
            })
            .unwrap()
            .summary
            .diagnosis
        })
        .collect()
}

#[test]
fn diagnoses_expected_by_the_ui() {
    use Diagnosis::*;
    assert!(verdicts(Activation::Sigmoid, Init::XavierNormal)
        .iter()
        .all(|&d| d == Vanishing));
    assert!(verdicts(Activation::Relu, Init::HeNormal)
        .iter()
        .all(|&d| d == Healthy));
    assert!(verdicts(Activation::Relu, Init::RandomNormal)
        .iter()
        .all(|&d| d == Exploding || d == Overflow));
    assert!(verdicts(Activation::Selu, Init::LecunNormal)
        .iter()
        .all(|&d| d == Healthy));
    assert!(verdicts(Activation::Tanh, Init::XavierNormal)
        .iter()
        .all(|&d| d == Healthy));
    assert!(verdicts(Activation::Relu, Init::XavierNormal)
        .iter()
        .all(|&d| d == Vanishing));
    for act in Activation::ALL {
        assert!(
            verdicts(act, Init::SmallNormal)
                .iter()
                .all(|&d| d == Vanishing),
            "{act} + small_normal"
        );
    }
    // The weight-gradient ratio of ReLU + random normal stays ~1 while the signal explodes.
    let r = simulate(&Config {
        net: MlpNet {
            activation: Activation::Relu,
            init: Init::RandomNormal,
            ..MlpNet::default()
        },
        ..Config::default()
    })
    .unwrap();
    assert!(r.summary.weight_ratio.log10().abs() < 1.0 && r.summary.ratio.log10() > 9.0);
}

#[test]
fn seed_spread_percentiles() {
    let cfg = Config {
        net: MlpNet {
            depth: 4,
            width: 16,
            ..MlpNet::default()
        },
        batch: 8,
        ..Config::default()
    };
    let s = simulate_seeds(&cfg, 11).unwrap();
    assert_eq!(s.seeds, 11);
    let mut v: Vec<f64> = (0..11)
        .map(|i| {
            simulate(&Config {
                seed: i,
                ..cfg.clone()
            })
            .unwrap()
            .layers[2]
                .signal_grad_norm
        })
        .collect();
    v.sort_by(f64::total_cmp);
    let p = s.layers[2].signal_grad_norm;
    assert_eq!(p.p50, v[5]);
    assert_eq!(p.p10, v[1]);
    assert_eq!(p.p90, v[9]);
    assert!(s.layers[2].dead_fraction.is_some() && s.layers[2].saturated_fraction.is_none());
}

#[test]
fn the_pages_largest_network_fits_the_memory_limit_in_every_architecture() {
    use gradient_flow_explorer::page::edit::{BATCH_MAX, DEPTH_MAX, WIDTHS};
    use gradient_flow_explorer::sim::config::simulation_bytes;
    use gradient_flow_explorer::sim::memory::MEMORY_LIMIT_BYTES;
    use gradient_flow_explorer::sim::{Norm, Residual};
    let width = WIDTHS.into_iter().max().unwrap_or(0);
    let mut largest = 0;
    for activation in Activation::ALL {
        for residual in Residual::ALL {
            for norm in Norm::ALL {
                let cfg = Config {
                    net: MlpNet {
                        depth: DEPTH_MAX,
                        width,
                        activation,
                        residual,
                        norm,
                        ..MlpNet::default()
                    },
                    batch: BATCH_MAX,
                    ..Config::default()
                };
                assert_eq!(cfg.validate(), Ok(()), "{activation} {residual} {norm}");
                largest = largest.max(simulation_bytes(&cfg));
            }
        }
    }
    // The estimate counts at least the weights and the kept activations A_0..A_L.
    let floor = 4 * (DEPTH_MAX * width * width + (DEPTH_MAX + 1) * BATCH_MAX * width) as u64;
    assert!(
        largest >= floor && largest <= MEMORY_LIMIT_BYTES,
        "{largest}"
    );
}

#[test]
fn a_network_too_large_for_memory_is_refused_with_its_size_and_the_limit() {
    let huge = Config {
        net: MlpNet {
            depth: 200,
            width: 1024,
            ..MlpNet::default()
        },
        batch: 1024,
        ..Config::default()
    };
    let err = simulate(&huge).unwrap_err();
    assert!(
        matches!(err, ConfigError::Memory { bytes, .. } if bytes > 1_700_000_000),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(
        msg.starts_with("depth 200 × width 1024 × batch 1024 would need about 17")
            && msg.contains("MB of memory, more than the limit of 1000 MB"),
        "{msg}"
    );
    // What a pass keeps counts: at depth 100 the plain network fits, the same one with a
    // residual sum and a norm (which keep N_l and F_l per layer too) does not.
    let half_depth = Config {
        net: MlpNet {
            depth: 100,
            ..huge.net
        },
        ..huge.clone()
    };
    assert_eq!(half_depth.validate(), Ok(()));
    let kept_more = Config {
        net: MlpNet {
            residual: gradient_flow_explorer::sim::Residual::Identity,
            norm: gradient_flow_explorer::sim::Norm::Batch,
            ..half_depth.net
        },
        ..half_depth
    };
    assert!(matches!(
        kept_more.validate(),
        Err(ConfigError::Memory { .. })
    ));
}
