//! The simulation core in the browser gives the native bits (sim::golden), and the
//! `Simulator` matches `simulate` there too.
#![cfg(target_arch = "wasm32")]

use gradient_flow_explorer::sim::golden::{
    golden_fingerprint, GOLDEN_ARCH_BITS, GOLDEN_ARCH_CONFIGS, GOLDEN_BITS, GOLDEN_CONFIG,
};
use gradient_flow_explorer::sim::{simulate, Activation, Config, Init, Norm, Residual, Simulator};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn golden_bits_match_native() {
    let r = simulate(&GOLDEN_CONFIG).unwrap();
    assert_eq!(golden_fingerprint(&r), GOLDEN_BITS);
    let mut sim = Simulator::new();
    let r = sim.run(&GOLDEN_CONFIG).unwrap();
    assert_eq!(golden_fingerprint(&r), GOLDEN_BITS);
    for (cfg, want) in GOLDEN_ARCH_CONFIGS.iter().zip(GOLDEN_ARCH_BITS) {
        assert_eq!(golden_fingerprint(&simulate(cfg).unwrap()), want, "{cfg:?}");
        assert_eq!(golden_fingerprint(&sim.run(cfg).unwrap()), want, "{cfg:?}");
    }
}

#[wasm_bindgen_test]
fn simulator_matches_simulate() {
    let mut sim = Simulator::new();
    let mut c = Config {
        bias_std: 0.4,
        ..GOLDEN_CONFIG
    };
    for (depth, act, init, sw2) in [
        (7, Activation::Gelu, Init::HeNormal, None),
        (3, Activation::Gelu, Init::HeNormal, None),
        (3, Activation::Selu, Init::LecunNormal, Some(1.5)),
        (9, Activation::Sigmoid, Init::Orthogonal, None),
        (4, Activation::Elu, Init::XavierUniform, None),
    ] {
        (c.net.depth, c.net.activation, c.net.init, c.sigma_w2) = (depth, act, init, sw2);
        (c.net.residual, c.net.norm) = (Residual::Scaled, Norm::Batch);
        let got = format!("{:?}", sim.run(&c));
        assert_eq!(got, format!("{:?}", simulate(&c)), "{c:?}");
        (c.net.residual, c.net.norm) = (Residual::None, Norm::None);
        let got = format!("{:?}", sim.run(&c));
        assert_eq!(got, format!("{:?}", simulate(&c)), "{c:?}");
    }
}
