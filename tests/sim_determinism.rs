//! Same config → identical report; golden bits shared with the wasm test (sim::golden).

use gradient_flow_explorer::sim::golden::{
    golden_fingerprint, GOLDEN_ARCH_BITS, GOLDEN_ARCH_CONFIGS, GOLDEN_BITS, GOLDEN_CONFIG,
};
use gradient_flow_explorer::sim::{
    simulate, simulate_seeds, Activation, Config, Init, MlpNet, Norm, Residual,
};

#[test]
fn same_config_same_report() {
    for act in Activation::ALL {
        let cfg = Config {
            net: MlpNet {
                depth: 6,
                width: 33,
                activation: act,
                init: Init::Orthogonal,
                ..MlpNet::default()
            },
            batch: 7,
            seed: 9,
            bias_std: 0.3,
            sigma_w2: None,
        };
        assert_eq!(simulate(&cfg).unwrap(), simulate(&cfg).unwrap());
    }
    let cfg = Config {
        net: MlpNet {
            depth: 5,
            width: 20,
            ..MlpNet::default()
        },
        batch: 6,
        ..Config::default()
    };
    assert_eq!(
        simulate_seeds(&cfg, 4).unwrap(),
        simulate_seeds(&cfg, 4).unwrap()
    );
    let other = simulate(&Config {
        seed: 1,
        ..cfg.clone()
    })
    .unwrap();
    assert_ne!(
        simulate(&cfg).unwrap().loss,
        other.loss,
        "the seed must matter"
    );
}

#[test]
fn golden_bits() {
    let r = simulate(&GOLDEN_CONFIG).unwrap();
    let got = golden_fingerprint(&r);
    assert_eq!(got, GOLDEN_BITS, "fingerprint {got:?}");
}

#[test]
fn golden_bits_of_residual_and_normalized_networks() {
    for (cfg, want) in GOLDEN_ARCH_CONFIGS.iter().zip(GOLDEN_ARCH_BITS) {
        let got = golden_fingerprint(&simulate(cfg).unwrap());
        assert_eq!(
            got, want,
            "{}/{}: fingerprint {got:?}",
            cfg.net.residual, cfg.net.norm
        );
    }
}

#[test]
fn residual_and_norm_runs_are_repeatable() {
    for residual in Residual::ALL {
        for norm in Norm::ALL {
            let cfg = Config {
                net: MlpNet {
                    depth: 6,
                    width: 33,
                    activation: Activation::Gelu,
                    init: Init::Orthogonal,
                    residual,
                    norm,
                },
                batch: 7,
                seed: 9,
                bias_std: 0.3,
                ..Config::default()
            };
            let r = simulate(&cfg).unwrap();
            assert!(r.loss.is_finite(), "{residual}/{norm}");
            assert_eq!(format!("{r:?}"), format!("{:?}", simulate(&cfg).unwrap()));
        }
    }
}
