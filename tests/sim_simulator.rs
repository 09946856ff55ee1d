//! `Simulator::run` must give exactly `simulate`'s report whatever the previous configs were.

use gradient_flow_explorer::sim::simulator::CACHE_FLOATS;
use gradient_flow_explorer::sim::{
    simulate, simulate_seeds, Activation, Config, Init, MlpNet, Simulator,
};
use std::slice;

fn same(sim: &mut Simulator, cfg: &Config) {
    let want = simulate(cfg);
    let got = sim.run(cfg);
    // Compare through Debug so NaN fields (exploding networks) compare equal too.
    assert_eq!(format!("{got:?}"), format!("{want:?}"), "config {cfg:?}");
}

#[test]
fn matches_simulate_over_a_drag_sequence() {
    let base = Config {
        net: MlpNet {
            depth: 6,
            width: 24,
            activation: Activation::Tanh,
            init: Init::XavierNormal,
            ..MlpNet::default()
        },
        batch: 5,
        seed: 3,
        bias_std: 0.0,
        sigma_w2: None,
    };
    let mut sim = Simulator::new();
    let mut steps = vec![base.clone()];
    let mut c = base.clone();
    for depth in [9, 4, 12, 1, 7] {
        c.net.depth = depth;
        steps.push(c.clone());
    }
    for act in Activation::ALL {
        c.net.activation = act;
        steps.push(c.clone());
    }
    for init in Init::ALL {
        c.net.init = init;
        steps.push(c.clone());
        c.net.depth += 1;
        steps.push(c.clone());
    }
    for sw2 in [Some(1.0), Some(2.5), Some(0.0), Some(30.0), None] {
        c.sigma_w2 = sw2;
        steps.push(c.clone());
    }
    for bias_std in [0.5, 1.7, 0.0, 0.2] {
        c.bias_std = bias_std;
        steps.push(c.clone());
        c.net.depth += 2;
        steps.push(c.clone());
    }
    for seed in [4, 3, u64::MAX] {
        c.seed = seed;
        steps.push(c.clone());
    }
    for (width, batch) in [(17, 5), (17, 9), (1, 1), (24, 5)] {
        c.net.width = width;
        c.batch = batch;
        steps.push(c.clone());
    }
    // Back to earlier configs, whose draws may be cached under other keys.
    steps.extend([
        base.clone(),
        Config {
            net: MlpNet {
                init: Init::Orthogonal,
                ..base.net
            },
            ..base.clone()
        },
    ]);
    for cfg in &steps {
        same(&mut sim, cfg);
    }
}

#[test]
fn rejects_what_simulate_rejects() {
    let mut sim = Simulator::new();
    let bad = Config {
        net: MlpNet {
            depth: 0,
            ..MlpNet::default()
        },
        ..Config::default()
    };
    assert_eq!(sim.run(&bad).unwrap_err(), simulate(&bad).unwrap_err());
    let ok = Config {
        net: MlpNet {
            depth: 3,
            width: 8,
            ..MlpNet::default()
        },
        batch: 2,
        ..Config::default()
    };
    same(&mut sim, &ok);
}

#[test]
fn cache_stays_bounded() {
    // 40 layers of 1024² floats exceed the cap: after going shallow, the deep layers go.
    let mut sim = Simulator::new();
    let deep = Config {
        net: MlpNet {
            depth: 40,
            width: 1024,
            activation: Activation::Relu,
            ..MlpNet::default()
        },
        batch: 1,
        ..Config::default()
    };
    sim.run(&deep).unwrap();
    assert_eq!(sim.cached_floats(), 40 * 1024 * 1024);
    same(
        &mut sim,
        &Config {
            net: MlpNet {
                depth: 2,
                ..deep.net
            },
            ..deep.clone()
        },
    );
    assert!(sim.cached_floats() <= CACHE_FLOATS);
    same(
        &mut sim,
        &Config {
            net: MlpNet {
                width: 64,
                ..deep.net
            },
            ..deep
        },
    );
    assert!(sim.cached_floats() <= CACHE_FLOATS);
}

#[test]
fn seeds_match_simulate_seeds() {
    let mut sim = Simulator::new();
    let mut c = Config {
        net: MlpNet {
            depth: 5,
            width: 12,
            ..MlpNet::default()
        },
        batch: 4,
        seed: u64::MAX - 1,
        ..Config::default()
    };
    for (depth, k) in [(5, 3), (8, 3), (3, 0), (3, 5)] {
        c.net.depth = depth;
        let got = format!("{:?}", sim.run_seeds(&c, k));
        assert_eq!(got, format!("{:?}", simulate_seeds(&c, k)), "{depth} {k}");
    }
}

#[test]
fn matches_simulate_across_residual_and_norm_changes() {
    use gradient_flow_explorer::sim::{Norm, Residual};
    let mut sim = Simulator::new();
    let mut c = Config {
        net: MlpNet {
            depth: 5,
            width: 12,
            activation: Activation::Gelu,
            ..MlpNet::default()
        },
        batch: 6,
        bias_std: 0.2,
        ..Config::default()
    };
    for residual in Residual::ALL {
        for norm in Norm::ALL {
            (c.net.residual, c.net.norm) = (residual, norm);
            same(&mut sim, &c);
            c.net.depth += 3;
            c.net.activation = Activation::Relu;
            same(&mut sim, &c);
            c.net.activation = Activation::Gelu;
        }
    }
}

#[test]
fn a_prefetched_seed_gives_the_same_report_and_keeps_the_current_network() {
    let mut sim = Simulator::new();
    let now = Config {
        net: MlpNet {
            depth: 12,
            width: 64,
            ..MlpNet::default()
        },
        batch: 8,
        seed: 3,
        ..Config::default()
    };
    same(&mut sim, &now);
    let next = Config {
        seed: 777,
        ..now.clone()
    };
    // Chunks of two layers' floats: six calls, the last one says nothing is missing.
    let chunks = (1..)
        .take_while(|_| sim.prefetch(slice::from_ref(&next), 2 * 64 * 64))
        .count();
    assert_eq!(chunks, 5);
    assert_eq!(sim.cached_floats(), 2 * 12 * 64 * 64);
    assert!(
        !sim.prefetch(slice::from_ref(&next), 1),
        "nothing left to draw"
    );
    // The current network needs no sampling, the prefetched one none either.
    same(&mut sim, &now);
    same(&mut sim, &next);
    assert_eq!(sim.cached_floats(), 2 * 12 * 64 * 64);
    assert!(
        !sim.prefetch(slice::from_ref(&next), 1),
        "the current network is never prefetched"
    );
}

#[test]
fn a_prefetch_that_would_not_fit_beside_the_current_network_does_nothing() {
    let mut sim = Simulator::new();
    // 40 layers of 512² floats: 10.5M, so a second seed would pass the 16.8M cache.
    let now = Config {
        net: MlpNet {
            depth: 40,
            width: 512,
            ..MlpNet::default()
        },
        batch: 1,
        ..Config::default()
    };
    sim.run(&now).unwrap();
    let before = sim.cached_floats();
    assert!(!sim.prefetch(
        &[Config {
            seed: 9,
            ..now.clone()
        }],
        1 << 20
    ));
    assert_eq!(sim.cached_floats(), before);
    assert!(
        !sim.prefetch(
            &[Config {
                net: MlpNet {
                    width: 0,
                    ..now.net
                },
                ..now
            }],
            1 << 20
        ),
        "invalid config"
    );
    assert_eq!(sim.cached_floats(), before);
}

#[test]
fn prefetching_evicts_older_seeds_but_stays_within_the_cache() {
    let mut sim = Simulator::new();
    // 3.3M floats a seed (50 × 256²): the cache holds five.
    let base = Config {
        net: MlpNet {
            depth: 50,
            width: 256,
            ..MlpNet::default()
        },
        batch: 2,
        ..Config::default()
    };
    for seed in 0..4 {
        sim.run(&Config {
            seed,
            ..base.clone()
        })
        .unwrap();
    }
    for seed in 100..104 {
        while sim.prefetch(
            &[Config {
                seed,
                ..base.clone()
            }],
            1 << 20,
        ) {}
        assert!(sim.cached_floats() <= CACHE_FLOATS);
    }
    same(
        &mut sim,
        &Config {
            seed: 3,
            ..base.clone()
        },
    );
    same(&mut sim, &Config { seed: 103, ..base });
}

#[test]
fn a_likelier_target_is_drawn_first_and_never_evicted_for_a_less_likely_one() {
    let mut sim = Simulator::new();
    // 6.6M floats a seed (100 × 256²): the current network and one target fit the 16.8M cache,
    // a second target would not.
    let now = Config {
        net: MlpNet {
            depth: 100,
            width: 256,
            ..MlpNet::default()
        },
        batch: 1,
        ..Config::default()
    };
    sim.run(&now).unwrap();
    let seed = |seed| Config {
        seed,
        ..now.clone()
    };
    let targets = [seed(500), seed(1)];
    // One call draws the first target's layers before any of the second's.
    assert!(sim.prefetch(&targets, 99 * 256 * 256));
    assert!(!sim.has_weights(&targets[0]));
    assert!(
        !sim.prefetch(&targets, 1),
        "the last layer, then the second target does not fit"
    );
    assert!(sim.has_weights(&targets[0]) && !sim.has_weights(&targets[1]));
    assert!(sim.has_weights(&now));
    assert!(sim.cached_floats() <= CACHE_FLOATS);
    // Once the first target runs, it is the current network and the second one fits.
    same(&mut sim, &targets[0]);
    while sim.prefetch(&targets, 1 << 20) {}
    assert!(sim.has_weights(&targets[0]) && sim.has_weights(&targets[1]));
    assert!(!sim.has_weights(&now), "the old current network made room");
    same(&mut sim, &targets[1]);
}

#[test]
fn two_targets_that_fit_are_both_drawn_and_old_seeds_make_room() {
    let mut sim = Simulator::new();
    // 3.3M floats a seed (50 × 256²): five fit the cache.
    let seed = |seed| Config {
        net: MlpNet {
            depth: 50,
            width: 256,
            ..MlpNet::default()
        },
        batch: 1,
        seed,
        ..Config::default()
    };
    for s in 0..5 {
        sim.run(&seed(s)).unwrap();
    }
    let targets = [seed(900), seed(5), seed(900), seed(4)];
    while sim.prefetch(&targets, 1 << 20) {}
    assert!(sim.has_weights(&seed(900)) && sim.has_weights(&seed(5)));
    assert!(sim.has_weights(&seed(4)), "the current network stays");
    assert!(!sim.has_weights(&seed(0)), "the oldest seed made room");
    assert_eq!(
        sim.cached_floats(),
        CACHE_FLOATS / (50 * 256 * 256) * 50 * 256 * 256
    );
}
