//! The explorer's report of a network in training (`train::report`): at step 0 it is the
//! explorer's own report, and after steps it is the core's report of the trained hidden
//! layers, which change.

use gradient_flow_explorer::page::train::edit::{train_config, TrainSettings};
use gradient_flow_explorer::sim::network::{Network, Workspace};
use gradient_flow_explorer::sim::simulate::simulate_network;
use gradient_flow_explorer::sim::{
    simulate, Activation, Config, Init, MlpNet, Norm, Report, Residual,
};
use gradient_flow_explorer::train::report::{hidden_layers, probe_config, Prober};
use gradient_flow_explorer::train::Trainer;

fn explorer(activation: Activation, init: Init, depth: usize, batch: usize) -> Config {
    Config {
        net: MlpNet {
            activation,
            init,
            depth,
            width: 32,
            ..MlpNet::default()
        },
        batch,
        seed: 7,
        ..Config::default()
    }
}

/// The trainer the page starts for the explorer's `cfg` (same path: `train_config`).
fn trainer_for(cfg: &Config) -> Trainer {
    match Trainer::new(&train_config(cfg, &TrainSettings::default())) {
        Ok(t) => t,
        Err(e) => panic!("rejected: {e}"),
    }
}

fn report(prober: &mut Prober, trainer: &Trainer, batch: usize) -> Report {
    match prober.report(trainer, batch) {
        Ok(r) => r,
        Err(e) => panic!("rejected: {e}"),
    }
}

/// Every init whose trained hidden layers are drawn exactly as the explorer's, on plain,
/// residual and normalized networks.
fn same_draw_configs() -> Vec<Config> {
    let mut configs: Vec<Config> = [
        (Activation::Relu, Init::HeNormal),
        (Activation::Sigmoid, Init::XavierNormal),
        (Activation::Tanh, Init::XavierUniform),
        (Activation::Selu, Init::LecunNormal),
        (Activation::Gelu, Init::SmallNormal),
        (Activation::Tanh, Init::RandomNormal),
    ]
    .into_iter()
    .map(|(a, i)| explorer(a, i, 6, 24))
    .collect();
    configs.push(Config {
        net: MlpNet {
            residual: Residual::Scaled,
            norm: Norm::Layer,
            ..explorer(Activation::Relu, Init::HeNormal, 9, 24).net
        },
        ..explorer(Activation::Relu, Init::HeNormal, 9, 24)
    });
    configs.push(Config {
        net: MlpNet {
            residual: Residual::Identity,
            norm: Norm::Batch,
            ..explorer(Activation::Gelu, Init::XavierNormal, 5, 40).net
        },
        ..explorer(Activation::Gelu, Init::XavierNormal, 5, 40)
    });
    configs
}

#[test]
fn at_step_0_the_report_is_the_explorers_bit_for_bit() {
    let mut prober = Prober::new();
    for cfg in same_draw_configs() {
        let expected = match simulate(&cfg) {
            Ok(r) => r,
            Err(e) => panic!("rejected: {e}"),
        };
        assert!(expected.loss.is_finite(), "{cfg:?}: pick a finite case");
        let got = report(&mut prober, &trainer_for(&cfg), cfg.batch);
        // `Report`'s equality compares every f64 and every histogram count exactly.
        assert_eq!(got, expected, "{cfg:?}");
    }
}

/// Orthogonal weights: the trainer's and the explorer's come from the core's one
/// `init::orthogonal`, so the reports agree (the next test asks for every bit).
#[test]
fn at_step_0_orthogonal_weights_match_within_float32_rounding() {
    let cfg = explorer(Activation::Tanh, Init::Orthogonal, 6, 24);
    let expected = match simulate(&cfg) {
        Ok(r) => r,
        Err(e) => panic!("rejected: {e}"),
    };
    let got = report(&mut Prober::new(), &trainer_for(&cfg), cfg.batch);
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-5 * a.abs().max(b.abs());
    assert!(close(got.loss, expected.loss));
    for (g, e) in got.layers.iter().zip(&expected.layers) {
        assert!(
            close(g.signal_grad_norm, e.signal_grad_norm),
            "{g:?} vs {e:?}"
        );
        assert!(
            close(g.weight_grad_norm, e.weight_grad_norm),
            "{g:?} vs {e:?}"
        );
        assert!(close(g.act_std, e.act_std), "{g:?} vs {e:?}");
    }
    assert_eq!(got.summary.diagnosis, expected.summary.diagnosis);
}

/// The trainer's hidden W×W orthogonal layers are the explorer's, bit for bit: one sampler.
#[test]
fn at_step_0_orthogonal_is_the_explorers_bit_for_bit() {
    let mut prober = Prober::new();
    for (activation, depth, batch) in [
        (Activation::Tanh, 6, 24),
        (Activation::Relu, 4, 40),
        (Activation::Gelu, 9, 8),
    ] {
        let cfg = explorer(activation, Init::Orthogonal, depth, batch);
        let expected = match simulate(&cfg) {
            Ok(r) => r,
            Err(e) => panic!("rejected: {e}"),
        };
        let got = report(&mut prober, &trainer_for(&cfg), cfg.batch);
        assert_eq!(got, expected, "{cfg:?}");
    }
}

#[test]
fn after_steps_it_is_the_core_report_of_the_trained_hidden_layers_and_they_changed() {
    let cfg = explorer(Activation::Tanh, Init::XavierNormal, 4, 16);
    let mut trainer = trainer_for(&cfg);
    let mut prober = Prober::new();
    let before = report(&mut prober, &trainer, cfg.batch);
    (0..25).for_each(|_| {
        trainer.step();
    });
    let after = report(&mut prober, &trainer, cfg.batch);
    assert_eq!(after.layers.len(), 4);
    for (a, b) in after.layers.iter().zip(&before.layers) {
        assert_ne!(a.weight_grad_norm, b.weight_grad_norm, "layer {}", a.layer);
        assert_ne!(a.act_std, b.act_std, "layer {}", a.layer);
    }
    // The same network built the explorer's way: its sampled weights replaced by the
    // trainer's hidden layers 1..=L and their (now non-zero) biases.
    let params = trainer.params();
    assert!(params.biases[1].iter().any(|&b| b != 0.0));
    let mut net = match Network::sample(&cfg) {
        Ok(n) => n,
        Err(e) => panic!("rejected: {e}"),
    };
    net.weights = params.weights[1..=4].to_vec();
    net.biases = params.biases[1..=4].to_vec();
    let expected = simulate_network(&cfg, &net, &mut Workspace::default());
    assert_eq!(after, expected);
    // And back at step 0 after a reset (the prober reused its buffers in between).
    trainer.reset();
    assert_eq!(report(&mut prober, &trainer, cfg.batch), before);
}

#[test]
fn the_probe_uses_the_given_batch_and_the_trainers_network_only() {
    let cfg = Config {
        sigma_w2: Some(3.0),
        bias_std: 0.5,
        ..explorer(Activation::Relu, Init::HeNormal, 3, 8)
    };
    let trainer = trainer_for(&cfg);
    let probe = probe_config(trainer.config(), 12);
    assert_eq!(
        (probe.batch, probe.sigma_w2, probe.bias_std),
        (12, None, 0.0)
    );
    let got = report(&mut Prober::new(), &trainer, 12);
    assert_eq!(got.config, probe);
    // Zero biases are handed to the core as none (its contract for "no biases").
    let (x, y) = (vec![0.0; 12 * 32], vec![0.0; 12 * 32]);
    let net = hidden_layers(trainer.params(), &probe, &x, &y);
    assert!(net.biases.is_empty() && net.weights.len() == 3);
}

#[test]
fn a_batch_the_core_rejects_is_an_error_not_a_panic() {
    let trainer = trainer_for(&explorer(Activation::Relu, Init::HeNormal, 3, 8));
    let mut prober = Prober::new();
    assert!(prober.report(&trainer, 0).is_err());
    let words = prober.step_report(&trainer, 0).report;
    assert!(words.is_err_and(|e| e.contains("batch")));
}
