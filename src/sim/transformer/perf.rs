//! Where a reverse-task training step's time goes (issue #28's speed target: 50 steps/s at
//! L = 6, d = 64 on the page), each part timed alone on the run's real buffers: the whole
//! update, its forward pass, forward + backward, Adam, and the test set the worker measures
//! every `REVERSE_MEASURE_EVERY` steps, and GELU's erf and derivative over a step's values
//! beside libm called one value at a time (what `libm_lanes` saves). The clock is passed in
//! (the core knows no timer).

use std::hint::black_box;

use super::task::{draw_tokens, train_sampler, ReverseConfig, ReverseModel, ReverseWorkspace};
use super::task::{test_tokens, SEQ, SHARD_SEQUENCES, TRAIN_BATCH};
use super::train::ReverseTrainer;
use crate::sim::gelu::{erf_terms, gelu_grad_from_erf};
use crate::sim::optim::Adam;
use crate::sim::rng::{Sampler, Stream};

/// Median seconds of each part of one training step of `cfg` over `reps` runs (after a
/// warm-up run): "step" (`ReverseTrainer::step`), "forward" (one batch's logits and loss),
/// "forward + backward" (`shard_step` on both shards), "Adam", "test set" (all 512 sequences), then over the
/// values of a step's GELUs (rows × 4d per block): "erf" and "GELU′" as the MLP takes them, and
/// "erf, libm" and "GELU′, libm" one libm call a value.
pub fn reverse_breakdown(
    cfg: &ReverseConfig,
    reps: usize,
    mut now: impl FnMut() -> f64,
) -> Result<Vec<(&'static str, f64)>, String> {
    let mut median = |f: &mut dyn FnMut()| {
        f();
        let mut t: Vec<f64> = (0..reps.max(1))
            .map(|_| {
                let t0 = now();
                f();
                now() - t0
            })
            .collect();
        t.sort_by(f64::total_cmp);
        t[t.len() / 2]
    };
    let mut trainer = ReverseTrainer::new(cfg)?;
    let step = median(&mut || {
        black_box(trainer.step());
    });
    let mut model = ReverseModel::sample(cfg)?;
    let mut ws = ReverseWorkspace::training();
    let batch = draw_tokens(&mut train_sampler(cfg.seed), TRAIN_BATCH * SEQ);
    let test = test_tokens();
    let forward = median(&mut || {
        black_box(model.evaluate(&batch, &mut ws));
    });
    let (own, other) = batch.split_at(SHARD_SEQUENCES * SEQ);
    let forward_backward = median(&mut || {
        black_box(model.shard_step(own, &mut ws));
        black_box(model.shard_step(other, &mut ws));
    });
    let mut adam = Adam::new(model.tensors_mut().iter().map(|t| t.len()));
    // A tiny rate: the parameters hardly move over the repetitions.
    let adam_time = median(&mut || {
        let params = model.tensors_mut().into_iter();
        adam.step(1e-12, params, ws.gradients().into_iter());
    });
    let test_set = median(&mut || {
        black_box(model.evaluate(&test, &mut ws));
    });
    let mut parts = vec![
        ("step", step),
        ("forward", forward),
        ("forward + backward", forward_backward),
        ("Adam", adam_time),
        ("test set", test_set),
    ];
    parts.extend(gelu_parts(
        cfg.blocks * TRAIN_BATCH * SEQ * 4 * cfg.width,
        median,
    ));
    Ok(parts)
}

/// GELU's parts over `n` values drawn N(0, 1), as pre-activations are spread (a quarter of
/// them past erf's first branch, |z| > 1.19).
fn gelu_parts(
    n: usize,
    mut median: impl FnMut(&mut dyn FnMut()) -> f64,
) -> Vec<(&'static str, f64)> {
    let mut z = vec![0.0f32; n];
    Sampler::new(0, Stream::Data).fill_normal_f32(&mut z, 1.0);
    let (mut e, mut out) = (vec![0.0f32; n], vec![0.0f32; n]);
    let erf = median(&mut || erf_terms(black_box(&z), &mut e));
    let grad = median(&mut || gelu_grad_from_erf(black_box(&z), &e, &z, &mut out));
    let erf_libm = median(&mut || {
        let it = black_box(&z).iter().zip(e.iter_mut());
        it.for_each(|(&z, e)| *e = libm::erff(z * std::f32::consts::FRAC_1_SQRT_2));
    });
    let grad_libm = median(&mut || {
        let it = black_box(&z).iter().zip(&e).zip(out.iter_mut());
        it.for_each(|((&z, &e), o)| *o = z * (0.5 * (1.0 + e) + z * libm::expf(-0.5 * z * z)));
    });
    vec![
        ("erf", erf),
        ("erf, libm", erf_libm),
        ("GELU′", grad),
        ("GELU′, libm", grad_libm),
    ]
}
