//! The precision lens: the explorer's network run as PyTorch's autocast + GradScaler would run
//! it in float16 or bfloat16 (Micikevicius et al. 2018). X, W and b are cast to the format,
//! every tensor a layer produces is rounded to it (`numeric::Precision` through the MLP
//! block), the backward is seeded with S·∂Loss/∂A_L, and what the page and the CLI report is
//! unscaled (÷S). Per layer it says where ∂Loss/∂H_l's entries sit in the format — zero,
//! subnormal, normal, inf/NaN — and which were "lost": zero here but not in the float32 run of
//! the same network. A dynamic scale starts at 2^16 and halves while the backward holds an inf
//! or NaN (floor 2^−24), as GradScaler does before its first good step.

use super::config::{Config, ConfigError};
use super::network::{BackwardLayer, ForwardLayer, NetRef, Network, Observer, Workspace};
use super::numeric::Precision;
pub use super::precision::{
    GradFractions, LossScale, MixedPrecision, MixedRun, DYNAMIC_START_LOG2, SCALE_FLOOR_LOG2,
    SCALE_MAX_LOG2,
};
use super::report::Report;
use super::seeds::percentiles;
use super::simulate::{report, simulate, Collect};

/// Samples the network of `cfg` and runs it in `mixed`'s format (float32: `simulate`).
pub fn simulate_mixed(cfg: &Config, mixed: &MixedPrecision) -> Result<Report, ConfigError> {
    if mixed.is_float32() {
        return simulate(cfg);
    }
    let net = Network::sample(cfg)?;
    Ok(simulate_mixed_ref(
        cfg,
        net.as_ref(),
        &mut Workspace::default(),
        mixed,
    ))
}

/// The mixed-precision report of an already sampled network.
pub fn simulate_mixed_ref(
    cfg: &Config,
    net: NetRef,
    ws: &mut Workspace,
    mixed: &MixedPrecision,
) -> Report {
    let mut nonzero = NonZero::default();
    net.run(ws, &mut nonzero);
    let ((lens, loss), scale, run) = with_loss_scale(mixed, |scale| {
        let mut lens = Lens::new(&net, mixed.precision, &nonzero);
        let loss = net.run_with(ws, &mut lens, &mixed.precision, None, scale);
        let overflowed = lens.overflowed;
        ((lens, loss), overflowed)
    });
    let mut layers = lens.collect.layers;
    for (l, f) in layers.iter_mut().zip(lens.fractions) {
        l.weight_grad_norm /= f64::from(scale);
        l.signal_grad_norm /= f64::from(scale);
        l.grad_fractions = Some(f);
    }
    let mut r = report(cfg, &net, layers, loss);
    r.mixed = Some(run);
    r
}

/// The loss-scale search every architecture's lens shares: `attempt(scale)` runs the backward
/// pass seeded with `scale`·∂L/∂out and says whether it overflowed; a dynamic scale starts at
/// 2^16 and halves while it does (down to 2^−24), a static one is tried once. Returns the last
/// attempt's result, its scale (to unscale the norms by) and what the report says of it.
pub fn with_loss_scale<T>(
    mixed: &MixedPrecision,
    mut attempt: impl FnMut(f32) -> (T, bool),
) -> (T, f32, MixedRun) {
    let mut log2 = mixed.loss_scale.start_log2();
    loop {
        let scale = 2f32.powi(log2);
        let (out, overflowed) = attempt(scale);
        if mixed.loss_scale == LossScale::Dynamic && overflowed && log2 > SCALE_FLOOR_LOG2 {
            log2 -= 1;
            continue;
        }
        let run = MixedRun {
            precision: mixed.precision,
            requested: mixed.loss_scale,
            scale_log2: log2,
        };
        return (out, scale, run);
    }
}

/// Which entries of each position's gradient (layer l, step t) are non-zero in the float32
/// run, one bit each: what "lost" is counted against.
#[derive(Default)]
pub struct NonZero {
    pub masks: Vec<Vec<u64>>,
}

impl NonZero {
    /// Records position `i` (1-based: a layer or a step).
    pub fn record(&mut self, i: usize, grad: &[f32]) {
        if self.masks.len() < i {
            self.masks.resize_with(i, Vec::new);
        }
        let mask = &mut self.masks[i - 1];
        mask.clear();
        mask.resize(grad.len().div_ceil(64), 0);
        for (k, &v) in grad.iter().enumerate() {
            if v != 0.0 {
                mask[k / 64] |= 1 << (k % 64);
            }
        }
    }

    /// Position i's mask (empty where none was recorded).
    pub fn mask(&self, i: usize) -> &[u64] {
        self.masks.get(i - 1).map_or(&[][..], |m| &m[..])
    }
}

impl Observer for NonZero {
    fn backward(&mut self, l: usize, b: BackwardLayer) {
        self.record(l, b.dz);
    }
}

/// The median of each fraction over seeds (numpy's; NaN where a seed has none).
pub fn median_fractions(per_seed: &[GradFractions]) -> GradFractions {
    let median = |f: fn(&GradFractions) -> f64| percentiles(per_seed.iter().map(f)).p50;
    GradFractions {
        zero: median(|f| f.zero),
        subnormal: median(|f| f.subnormal),
        normal: median(|f| f.normal),
        nonfinite: median(|f| f.nonfinite),
        lost: median(|f| f.lost),
    }
}

/// The explorer's statistics, plus the fractions and whether the backward overflowed.
struct Lens<'a> {
    collect: Collect,
    precision: Precision,
    float32_nonzero: &'a NonZero,
    /// Per layer, filled from L down to 1 and put in layer order at the end.
    fractions: Vec<GradFractions>,
    overflowed: bool,
}

impl<'a> Lens<'a> {
    fn new(net: &NetRef, precision: Precision, float32_nonzero: &'a NonZero) -> Self {
        Lens {
            collect: Collect::new(net),
            precision,
            float32_nonzero,
            fractions: vec![GradFractions::default(); net.depth()],
            overflowed: false,
        }
    }
}

impl Observer for Lens<'_> {
    fn forward(&mut self, l: usize, f: ForwardLayer) {
        self.collect.forward(l, f);
    }

    fn backward(&mut self, l: usize, b: BackwardLayer) {
        let f = grad_fractions(b.dz, self.precision, self.float32_nonzero.mask(l));
        let (_, dw_nonfinite) = b.dw.norm_and_nonfinite();
        self.overflowed |= f.nonfinite > 0.0 || dw_nonfinite > 0;
        if let Some(slot) = self.fractions.get_mut(l - 1) {
            *slot = f;
        }
        self.collect.backward(l, b);
    }

    fn needs_weight_grads(&self) -> bool {
        true
    }
}

/// The fractions of `dz`'s entries, "lost" counted against the float32 run's non-zero bits.
pub fn grad_fractions(dz: &[f32], precision: Precision, float32_nonzero: &[u64]) -> GradFractions {
    let f = super::numeric::fractions(dz, precision);
    let lost = dz
        .iter()
        .enumerate()
        .filter(|&(i, &v)| {
            v == 0.0
                && float32_nonzero
                    .get(i / 64)
                    .is_some_and(|m| m >> (i % 64) & 1 == 1)
        })
        .count();
    GradFractions {
        zero: f.zero,
        subnormal: f.subnormal,
        normal: f.normal,
        nonfinite: f.nonfinite,
        lost: lost as f64 / dz.len().max(1) as f64,
    }
}
