//! Every instruction set the kernels can run on (x86-64 baseline and, where the CPU has them,
//! AVX2 and AVX-512) gives the same bits: the golden fingerprints, and whole reports of every activation
//! at widths that are not a multiple of any vector width.
//! One test function: `simd::force` is process-wide, so no other test here may race it.

use gradient_flow_explorer::sim::golden::{
    golden_fingerprint, GOLDEN_ARCH_BITS, GOLDEN_ARCH_CONFIGS, GOLDEN_BITS, GOLDEN_CONFIG,
};
use gradient_flow_explorer::sim::simd::{force, Isa};
use gradient_flow_explorer::sim::{simulate, Activation, Config, Init, MlpNet, Norm, Residual};

/// Bits of every per-layer statistic that depends on the kernels.
fn layer_bits(cfg: &Config) -> Vec<u64> {
    let r = simulate(cfg).unwrap();
    let mut bits = vec![r.loss.to_bits()];
    for l in &r.layers {
        bits.extend(
            [
                l.weight_grad_norm,
                l.signal_grad_norm,
                l.act_mean,
                l.act_std,
                l.preact_msq,
            ]
            .map(f64::to_bits),
        );
    }
    bits
}

fn odd_configs() -> Vec<Config> {
    let mut v = Vec::new();
    for activation in Activation::ALL {
        for (width, batch, residual, norm) in [
            (37, 5, Residual::None, Norm::None),
            (13, 9, Residual::Scaled, Norm::Batch),
            (21, 3, Residual::Identity, Norm::Layer),
        ] {
            v.push(Config {
                net: MlpNet {
                    depth: 4,
                    width,
                    activation,
                    init: Init::HeNormal,
                    residual,
                    norm,
                },
                batch,
                seed: 5,
                bias_std: 0.1,
                ..Config::default()
            });
        }
    }
    v
}

#[test]
fn every_instruction_set_gives_the_same_bits() {
    let configs = odd_configs();
    assert!(force(Some(Isa::Baseline)));
    let baseline: Vec<Vec<u64>> = configs.iter().map(layer_bits).collect();
    for isa in Isa::available() {
        assert!(force(Some(isa)));
        let got = golden_fingerprint(&simulate(&GOLDEN_CONFIG).unwrap());
        assert_eq!(got, GOLDEN_BITS, "golden on {isa:?}");
        for (cfg, want) in GOLDEN_ARCH_CONFIGS.iter().zip(GOLDEN_ARCH_BITS) {
            let got = golden_fingerprint(&simulate(cfg).unwrap());
            assert_eq!(
                got, want,
                "{}/{} on {isa:?}",
                cfg.net.residual, cfg.net.norm
            );
        }
        for (cfg, want) in configs.iter().zip(&baseline) {
            assert_eq!(&layer_bits(cfg), want, "{cfg:?} on {isa:?}");
        }
    }
    assert!(force(None));
}
