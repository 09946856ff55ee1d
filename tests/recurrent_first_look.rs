//! The first look at a recurrent seed (`sim::recurrent::first_look`): the full run's picture bit
//! for bit, its weight gradients left out only where their bound shows they cannot change the
//! verdict, and that bound really bounds them.

use gradient_flow_explorer::sim::diagnosis::EXPLODING_WEIGHT_GRAD;
use gradient_flow_explorer::sim::mixed::MixedPrecision;
use gradient_flow_explorer::sim::numeric::Float32;
use gradient_flow_explorer::sim::recurrent::first_look::weight_grad_bound;
use gradient_flow_explorer::sim::recurrent::report::first_look_mixed;
use gradient_flow_explorer::sim::recurrent::summary::diagnose;
use gradient_flow_explorer::sim::recurrent::{
    backward_through_time, forward, forward_projected, input_projections, simulate_rnn,
    simulate_rnn_first_look, spread, weight_grads, Cell, Draws, Params, RecurrentInit, RnnConfig,
    RnnRun, Sequence, Workspace,
};
use gradient_flow_explorer::sim::stats::{frobenius, mse_gradient};

/// Small networks of every cell and init, from vanishing to exploding, truncated or not.
fn configs() -> Vec<RnnConfig> {
    let mut out = Vec::new();
    for cell in [
        Cell::RnnTanh,
        Cell::RnnRelu,
        Cell::RnnLinear,
        Cell::Lstm,
        Cell::Gru,
    ] {
        for (init, gain) in [
            (RecurrentInit::Orthogonal, 0.5),
            (RecurrentInit::Orthogonal, 1.0),
            (RecurrentInit::Normal, 1.5),
            (RecurrentInit::Identity, 1.2),
            (RecurrentInit::Orthogonal, 3.0),
            (RecurrentInit::Pytorch, 1.0),
        ] {
            for truncate in [30, 7] {
                let cfg = RnnConfig {
                    cell,
                    steps: 30,
                    width: 16,
                    batch: 8,
                    init,
                    gain,
                    forget_bias: 1.0,
                    truncate,
                    seed: out.len() as u64,
                };
                // Identity is for the plain cells only.
                if cfg.validate().is_ok() {
                    out.push(cfg);
                }
            }
        }
    }
    out
}

fn without_weights(run: &RnnRun) -> RnnRun {
    RnnRun {
        weight_grad_norm: None,
        ..run.clone()
    }
}

#[test]
fn a_first_look_is_the_full_run_and_leaves_out_only_weight_gradients_below_the_threshold() {
    let (mut left_out, mut formed) = (0, 0);
    let (mut ws, mut draws) = (Workspace::default(), Draws::default());
    for cfg in configs() {
        let full = simulate_rnn(&cfg).expect("valid");
        let look = simulate_rnn_first_look(&cfg, &mut ws, &mut draws).expect("valid");
        assert_eq!(without_weights(&look), without_weights(&full), "{cfg:?}");
        assert_eq!(diagnose(&look), diagnose(&full), "{cfg:?}");
        let w = full.weight_grad_norm.expect("a full run forms them");
        match look.weight_grad_norm {
            Some(seen) => {
                assert_eq!(seen, w, "{cfg:?}");
                formed += 1;
            }
            None => {
                let top = w.recurrent.max(w.input);
                assert!(top <= EXPLODING_WEIGHT_GRAD, "{cfg:?}: {w:?}");
                left_out += 1;
            }
        }
    }
    // Both branches are taken: the set holds seeds on either side of the threshold.
    assert!(
        left_out > 20 && formed > 5,
        "left out {left_out}, formed {formed}"
    );
}

#[test]
fn the_bound_is_above_both_weight_gradient_norms() {
    let mut ws = Workspace::default();
    for cfg in configs() {
        let p = Params::sample(&cfg);
        let seq = Sequence::sample(cfg.seed, cfg.steps, cfg.width, cfg.batch);
        forward(&p, &seq.x, cfg.batch, &mut ws, &mut (), &Float32);
        let mut dh = vec![0.0f32; cfg.batch * cfg.width];
        mse_gradient(ws.h_last(), &seq.y, &mut dh);
        let first = backward_through_time(&p, &dh, cfg.truncate, &mut ws, &mut (), &Float32)
            .expect("a forward pass ran");
        let bound = weight_grad_bound(&p, &seq.x, first, &ws);
        weight_grads(&p, &seq.x, first, &mut ws, &Float32);
        let (r, i) = (frobenius(&ws.grads.w_hh), frobenius(&ws.grads.w_ih));
        if !(r.is_finite() && i.is_finite()) {
            assert!(
                bound > EXPLODING_WEIGHT_GRAD || bound.is_nan(),
                "{cfg:?}: bound {bound}"
            );
            continue;
        }
        assert!(r <= bound && i <= bound, "{cfg:?}: {r}, {i} > {bound}");
        // Not vacuous: within a few decades of the larger norm.
        assert!(
            bound < 1e4 * r.max(i).max(1e-30),
            "{cfg:?}: {r}, {i} ≪ {bound}"
        );
    }
}

#[test]
fn the_page_benchmarks_network_takes_the_short_path() {
    // Issue #27's slider benchmark: LSTM, T 100, H 128, B 32 (forget bias 1, the LSTM presets).
    for forget_bias in [0.0, 1.0] {
        let cfg = RnnConfig {
            cell: Cell::Lstm,
            steps: 100,
            width: 128,
            truncate: 100,
            forget_bias,
            ..RnnConfig::default()
        };
        let mut draws = Draws::default();
        let look = simulate_rnn_first_look(&cfg, &mut Workspace::default(), &mut draws);
        let look = look.expect("valid");
        assert_eq!(look.weight_grad_norm, None, "forget bias {forget_bias}");
    }
}

#[test]
fn a_first_look_spread_has_no_weight_gradients_and_the_full_runs_summary() {
    let cfg = RnnConfig {
        steps: 20,
        width: 16,
        truncate: 20,
        ..RnnConfig::default()
    };
    let look = spread(
        &first_look_mixed(
            &cfg,
            &MixedPrecision::default(),
            (&mut Workspace::default(), &mut Draws::default()),
        )
        .expect("valid"),
    )
    .expect("one seed");
    let full = spread(&[simulate_rnn(&cfg).expect("valid")]).expect("one seed");
    assert_eq!(
        (look.weight_grad_recurrent, look.weight_grad_input),
        (None, None)
    );
    assert!(full.weight_grad_recurrent.is_some() && full.weight_grad_input.is_some());
    assert_eq!(look.summary, full.summary);
    assert_eq!(look.steps, full.steps);
}

#[test]
fn kept_draws_give_the_bits_of_fresh_ones() {
    // A walk through the controls: gain, forget bias and truncation reuse the draws; the
    // seed, cell, init, steps, width and batch draw anew (some of them one part only).
    let base = RnnConfig {
        cell: Cell::Lstm,
        steps: 12,
        width: 16,
        batch: 4,
        truncate: 12,
        ..RnnConfig::default()
    };
    let walk = [
        base.clone(),
        RnnConfig {
            gain: 0.7,
            ..base.clone()
        },
        RnnConfig {
            forget_bias: 1.0,
            ..base.clone()
        },
        RnnConfig {
            truncate: 3,
            ..base.clone()
        },
        RnnConfig {
            seed: 4,
            ..base.clone()
        },
        RnnConfig {
            steps: 20,
            truncate: 20,
            ..base.clone()
        },
        RnnConfig {
            batch: 8,
            ..base.clone()
        },
        RnnConfig {
            cell: Cell::Gru,
            ..base.clone()
        },
        RnnConfig {
            init: RecurrentInit::Normal,
            gain: 1.3,
            ..base.clone()
        },
        RnnConfig {
            init: RecurrentInit::Pytorch,
            ..base.clone()
        },
        RnnConfig {
            cell: Cell::RnnRelu,
            init: RecurrentInit::Identity,
            gain: 0.9,
            ..base.clone()
        },
        RnnConfig {
            cell: Cell::RnnRelu,
            init: RecurrentInit::Identity,
            gain: 0.0,
            ..base.clone()
        },
        RnnConfig {
            width: 8,
            ..base.clone()
        },
    ];
    let (mut draws, mut ws) = (Draws::default(), Workspace::default());
    let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    for cfg in walk.iter().chain(walk.iter().rev()) {
        // The run with what the last value kept is the full run's picture.
        let look = simulate_rnn_first_look(cfg, &mut ws, &mut draws).expect("valid");
        let full = simulate_rnn(cfg).expect("valid");
        assert_eq!(without_weights(&look), without_weights(&full), "{cfg:?}");
        let fresh = Params::sample(cfg);
        let kept = draws.sample(cfg);
        assert_eq!(kept.params, fresh, "{cfg:?}");
        let seq = Sequence::sample(cfg.seed, cfg.steps, cfg.width, cfg.batch);
        assert_eq!(*kept.seq, seq, "{cfg:?}");
        assert_eq!(bits(&kept.params.w_hh), bits(&fresh.w_hh), "{cfg:?}");
        let projected = input_projections(&fresh, &seq.x, cfg.batch, &Float32);
        let kept_projected = kept.projected.expect("small draws are kept");
        assert_eq!(bits(kept_projected), bits(&projected), "{cfg:?}");
    }
}

#[test]
fn a_pass_from_input_projections_has_the_bits_of_one_without() {
    for cfg in configs().iter().step_by(5) {
        let p = Params::sample(cfg);
        let seq = Sequence::sample(cfg.seed, cfg.steps, cfg.width, cfg.batch);
        let projected = input_projections(&p, &seq.x, cfg.batch, &Float32);
        let (mut plain, mut from_projections) = (Workspace::default(), Workspace::default());
        forward(&p, &seq.x, cfg.batch, &mut plain, &mut (), &Float32);
        let inputs = (&seq.x[..], Some(&projected[..]));
        forward_projected(
            &p,
            inputs,
            cfg.batch,
            &mut from_projections,
            &mut (),
            &Float32,
        );
        let states = |ws: &Workspace| {
            ws.hidden_states()
                .flatten()
                .map(|v| v.to_bits())
                .collect::<Vec<_>>()
        };
        assert_eq!(states(&from_projections), states(&plain), "{cfg:?}");
    }
}
