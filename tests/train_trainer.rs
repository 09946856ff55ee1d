//! The `Trainer`: determinism, reset, the data sets, rectangular inits, validation and
//! non-finite losses.

use gradient_flow_explorer::sim::rng::{Sampler, Stream};
use gradient_flow_explorer::sim::{Activation, Init, MlpNet, NetError};
use gradient_flow_explorer::train::data::generate;
use gradient_flow_explorer::train::init::sample_matrix;
use gradient_flow_explorer::train::{
    Dataset, Norm, Optimizer, Residual, TrainConfig, TrainConfigError, Trainer,
};

fn cfg() -> TrainConfig {
    TrainConfig {
        net: MlpNet {
            depth: 3,
            width: 16,
            norm: Norm::Batch,
            residual: Residual::Scaled,
            ..MlpNet::default()
        },
        data: Dataset::Circles,
        optimizer: Optimizer::Adam,
        lr: 0.01,
        clip: Some(1.0),
        seed: 11,
        ..TrainConfig::default()
    }
}

#[test]
fn the_same_seed_trains_identically_and_another_seed_does_not() {
    let run = |c: &TrainConfig| {
        let mut t = Trainer::new(c).expect("valid");
        let steps: Vec<_> = (0..20).map(|_| t.step()).collect();
        (steps, t.measure())
    };
    let a = run(&cfg());
    assert_eq!(a, run(&cfg()));
    let other = run(&TrainConfig { seed: 12, ..cfg() });
    assert_ne!(a.1, other.1);
}

#[test]
fn reset_reproduces_step_zero_and_the_same_steps() {
    let mut t = Trainer::new(&cfg()).expect("valid");
    let m0 = t.measure();
    let first: Vec<_> = (0..12).map(|_| t.step()).collect();
    assert_ne!(t.measure(), m0, "training changed nothing");
    t.reset();
    assert_eq!(t.steps_done(), 0);
    assert_eq!(t.measure(), m0);
    let again: Vec<_> = (0..12).map(|_| t.step()).collect();
    assert_eq!(first, again);
}

#[test]
fn step_stats_have_one_entry_per_hidden_layer_and_training_learns() {
    let c = TrainConfig {
        net: MlpNet {
            norm: Norm::None,
            residual: Residual::None,
            ..cfg().net
        },
        clip: None,
        ..cfg()
    };
    let mut t = Trainer::new(&c).expect("valid");
    let before = t.measure();
    let s = t.step();
    assert_eq!(s.step, 1);
    assert_eq!(s.grad_norm.len(), 3);
    assert_eq!(s.update_ratio.len(), 3);
    assert!(s.loss_finite && s.grad_norm.iter().all(|g| *g > 0.0));
    assert!(s.update_ratio.iter().all(|r| *r > 0.0 && *r < 1.0));
    for _ in 0..400 {
        t.step();
    }
    let after = t.measure();
    assert_eq!(after.step, 401);
    assert!(
        after.loss < 0.5 * before.loss,
        "{} → {}",
        before.loss,
        after.loss
    );
    assert!(after.train_accuracy > 0.9, "{}", after.train_accuracy);
}

#[test]
fn data_sets_follow_the_spec_without_noise() {
    let mut s = Sampler::new(3, Stream::Data);
    let circles = generate(Dataset::Circles, 256, 0.0, &mut s);
    for (p, &c) in circles.x.chunks(2).zip(&circles.y) {
        let r = (p[0] as f64).hypot(p[1] as f64);
        assert!(if c == 0 {
            r <= 0.5 + 1e-6
        } else {
            (0.7 - 1e-6..=1.0 + 1e-6).contains(&r)
        });
    }
    let spiral = generate(Dataset::Spiral, 256, 0.0, &mut s);
    assert!(spiral
        .x
        .chunks(2)
        .all(|p| (p[0] as f64).hypot(p[1] as f64) <= 1.0 + 1e-6));
    let xor = generate(Dataset::Xor, 256, 0.0, &mut s);
    for (p, &c) in xor.x.chunks(2).zip(&xor.y) {
        assert_eq!(c == 1, p[0] * p[1] >= 0.0);
    }
    assert_eq!(circles.y.iter().filter(|&&c| c == 1).count(), 128);
    let noisy = generate(
        Dataset::Circles,
        256,
        0.05,
        &mut Sampler::new(3, Stream::Data),
    );
    assert_ne!(
        noisy.x,
        generate(
            Dataset::Circles,
            256,
            0.0,
            &mut Sampler::new(3, Stream::Data)
        )
        .x
    );
}

#[test]
fn rectangular_orthogonal_init_is_orthonormal_along_the_short_side() {
    for (fi, fo) in [(2, 64), (64, 2), (16, 16)] {
        let w = sample_matrix(
            Init::Orthogonal,
            fi,
            fo,
            &mut Sampler::new(5, Stream::Weights(1)),
        );
        // Rows are orthonormal when fan_in ≤ fan_out, columns otherwise.
        let (n, len) = (fi.min(fo), fi.max(fo));
        let at = |v: usize, t: usize| if fi <= fo { w[v * fo + t] } else { w[t * fo + v] } as f64;
        for a in 0..n {
            for b in 0..n {
                let d: f64 = (0..len).map(|t| at(a, t) * at(b, t)).sum();
                let want = if a == b { 1.0 } else { 0.0 };
                assert!((d - want).abs() < 1e-5, "{fi}×{fo}: ({a},{b}) = {d}");
            }
        }
    }
}

#[test]
fn gaussian_inits_use_each_layers_own_fans() {
    let std = |init: Init, fi: usize, fo: usize| {
        let w = sample_matrix(init, fi, fo, &mut Sampler::new(9, Stream::Weights(2)));
        (w.iter().map(|&x| (x as f64).powi(2)).sum::<f64>() / w.len() as f64).sqrt()
    };
    let close = |got: f64, want: f64| assert!((got / want - 1.0).abs() < 0.1, "{got} vs {want}");
    close(std(Init::XavierNormal, 64, 2), (2.0f64 / 66.0).sqrt());
    close(std(Init::HeNormal, 2, 64), 1.0);
    close(std(Init::HeNormal, 64, 2), (2.0f64 / 64.0).sqrt());
    close(std(Init::LecunNormal, 64, 2), (1.0f64 / 64.0).sqrt());
    close(std(Init::XavierUniform, 64, 64), (2.0f64 / 128.0).sqrt());
    close(std(Init::SmallNormal, 64, 64), 0.01);
}

#[test]
fn bad_configs_are_refused_with_the_reason() {
    let bad = |c: TrainConfig| Trainer::new(&c).err().map(|e| (e.clone(), e.to_string()));
    assert!(matches!(
        bad(TrainConfig { lr: 0.0, ..cfg() }),
        Some((TrainConfigError::Lr(_), _))
    ));
    assert!(matches!(
        bad(TrainConfig {
            lr: f64::NAN,
            ..cfg()
        }),
        Some((TrainConfigError::Lr(_), _))
    ));
    assert!(matches!(
        bad(TrainConfig {
            momentum: 1.0,
            ..cfg()
        }),
        Some((TrainConfigError::Momentum(_), _))
    ));
    assert!(matches!(
        bad(TrainConfig {
            clip: Some(0.0),
            ..cfg()
        }),
        Some((TrainConfigError::Clip(_), _))
    ));
    assert!(matches!(
        bad(TrainConfig {
            net: MlpNet {
                depth: 0,
                ..cfg().net
            },
            ..cfg()
        }),
        Some((TrainConfigError::Net(NetError::Depth(0)), _))
    ));
    assert!(matches!(
        bad(TrainConfig {
            noise: -0.1,
            ..cfg()
        }),
        Some((TrainConfigError::Noise(_), _))
    ));
    let (_, msg) = bad(TrainConfig { lr: -1.0, ..cfg() }).expect("refused");
    assert!(msg.contains("learning rate") && msg.contains("-1"), "{msg}");
}

#[test]
fn a_non_finite_loss_is_reported_as_such() {
    // A deep linear network with N(0, 1) weights: logits ~ 64^25 overflow float32.
    let c = TrainConfig {
        net: MlpNet {
            activation: Activation::Identity,
            init: Init::RandomNormal,
            depth: 50,
            width: 64,
            norm: Norm::None,
            residual: Residual::None,
        },
        clip: None,
        ..cfg()
    };
    let mut t = Trainer::new(&c).expect("valid");
    let m = t.measure();
    assert!(!m.loss_finite && !m.loss.is_finite());
    let s = t.step();
    assert!(!s.loss_finite);
    let json = serde_json::to_value(&s).expect("serialises");
    assert!(json["loss"].is_null());
    assert_eq!(json["loss_finite"], false);
}

#[test]
fn a_network_too_large_to_train_is_refused_with_its_size_and_the_limit() {
    let huge = TrainConfig {
        net: MlpNet {
            depth: 200,
            width: 1024,
            ..cfg().net
        },
        ..cfg()
    };
    match Trainer::new(&huge).err() {
        Some(e @ TrainConfigError::Memory(bytes)) => {
            assert!(bytes > 4_000_000_000, "{bytes}");
            let msg = e.to_string();
            assert!(msg.contains("more than the limit of 1000 MB"), "{msg}");
        }
        other => panic!("expected a memory error, got {other:?}"),
    }
    // A deep but narrower network is well within it.
    let fits = TrainConfig {
        net: MlpNet {
            depth: 100,
            width: 256,
            ..cfg().net
        },
        ..cfg()
    };
    assert_eq!(fits.validate(), Ok(()));
}
