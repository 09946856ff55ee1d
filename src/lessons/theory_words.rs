//! The mean-field theory in words for the page: the per-layer multiplier χ and depth scale ξ
//! (the `chi-readout`), what to say where the theory has no prediction, and a note where the
//! simulation departs from the prediction by more than the seed noise. Pure, tested natively.

use crate::sim::phase::{chi_at, depth_scale, fixed_point, is_bound, DepthScale};
use crate::sim::simulate::sigma_w2;
use crate::sim::theory::{batch_norm_relu_chi, mean_field};
use crate::sim::{Activation, Config, Norm, Report, Residual, SeedSpread, TheoryLayer};
use crate::words::format::format_value;

/// "residual (α = 1) + layer norm": the architecture beyond the plain network, for sentences.
pub fn architecture_words(cfg: &Config) -> String {
    let residual = match cfg.net.residual {
        Residual::None => None,
        Residual::Identity => Some("residual (α = 1)"),
        Residual::Scaled => Some("scaled residual (α = 1/√L)"),
    };
    let norm = match cfg.net.norm {
        Norm::None => None,
        Norm::Batch => Some("batch norm"),
        Norm::Layer => Some("layer norm"),
    };
    let parts: Vec<&str> = residual.into_iter().chain(norm).collect();
    if parts.is_empty() {
        "the plain network".to_string()
    } else {
        parts.join(" + ")
    }
}

/// What the legend and the text alternative say where `Report.theory` is empty.
pub fn no_prediction_words(cfg: &Config) -> String {
    format!(
        "no mean-field prediction for {} with {}",
        architecture_words(cfg),
        cfg.net.activation.display_name()
    )
}

/// The χ readout: χ (None where the plain-network theory does not apply) and the sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct ChiReadout {
    pub chi: Option<f64>,
    pub text: String,
}

/// χ = σ_w²·E[φ′(z)²] at the variance fixed point of the plain network, in words; for batch
/// norm + ReLU the known growth factor π/(π−1); elsewhere why there is no such number.
pub fn chi_readout(cfg: &Config) -> ChiReadout {
    match (cfg.net.residual, cfg.net.norm) {
        (Residual::None, Norm::None) => {
            let (q, chi) = fixed_point(cfg.net.activation, sigma_w2(cfg), cfg.bias_std.powi(2));
            if is_bound(q) {
                return chi_over_depth(cfg, q);
            }
            ChiReadout {
                chi: Some(chi),
                text: format!(
                    "χ = {}: {}{}",
                    chi_digits(chi),
                    multiplier_words(chi),
                    over_depth_words(cfg)
                ),
            }
        }
        (Residual::None, Norm::Batch) if cfg.net.activation == Activation::Relu => {
            let chi = batch_norm_relu_chi();
            ChiReadout {
                chi: Some(chi),
                text: format!(
                    "Batch norm + ReLU: χ = π/(π−1) = {} (Yang et al. 2019): {}",
                    sig2(chi),
                    multiplier_words(chi)
                ),
            }
        }
        _ => ChiReadout {
            chi: None,
            text: format!(
                "χ is a plain-network quantity: {} has no variance fixed point to read it from \
                 (choose no residual and no normalization to see it).",
                architecture_words(cfg)
            ),
        },
    }
}

/// The theory's own prediction over the network's depth, layer by layer: χ takes its
/// fixed-point value only once the variance q has settled, so over a few layers the gradient
/// can change where χ* says it keeps its size (tanh + Xavier: χ* = 1, yet layer 1 gets about
/// 0.3× of layer 15's gradient, as the simulation shows).
pub fn over_depth_words(cfg: &Config) -> String {
    let layers = plain_mean_field(cfg);
    let Some(first) = layers.first() else {
        return String::new();
    };
    let ratio = libm::pow(10.0, first.signal_grad_rel_log10);
    format!(
        " Over these {n} layers the prediction, layer by layer, puts layer 1's gradient at {} \
         layer {n}'s.",
        crate::lessons::status::ratio_value(ratio),
        n = layers.len()
    )
}

/// Where the variance has no finite, non-zero fixed point (it collapses towards 0 or grows
/// without limit), χ* is a limit the network need not meet: ELU + He has χ* = 1 at q = ∞, yet
/// χ is 1.26 at layer 1 and above 1.04 through layer 100. So the readout gives the χ the
/// network meets over its depth, per the theory's own layer-by-layer prediction: its range,
/// and the geometric mean that the gradient's net change follows.
fn chi_over_depth(cfg: &Config, bound: f64) -> ChiReadout {
    let chis: Vec<f64> = plain_mean_field(cfg).iter().map(|t| t.chi).collect();
    let (first, last) = (chis[0], chis[chis.len() - 1]);
    let mean = libm::exp(chis.iter().map(|&c| libm::log(c)).sum::<f64>() / chis.len() as f64);
    let path = if bound > 1.0 {
        "grows without limit"
    } else {
        "collapses towards 0"
    };
    ChiReadout {
        chi: Some(mean),
        text: format!(
            "χ = {} on average over these {} layers (from {} at layer 1 to {} at layer {}): the \
             variance q {path}, so there is no fixed point to read one χ from; {}",
            chi_digits(mean),
            chis.len(),
            chi_digits(first),
            chi_digits(last),
            chis.len(),
            multiplier_words(mean)
        ),
    }
}

/// The plain network's mean-field prediction, layer by layer, for the config's activation,
/// σ_w², bias variance and depth (at least one layer; residual and norm are not read).
pub fn plain_mean_field(cfg: &Config) -> Vec<TheoryLayer> {
    mean_field(
        cfg.net.activation,
        sigma_w2(cfg),
        cfg.bias_std.powi(2),
        cfg.net.depth.max(1),
        1.0,
    )
}

/// χ and √χ with enough digits to say what the words say: three decimals within 10 % of 1
/// (SELU's 1.072 is not "1.1", its √χ = 1.035 not "1.0"), two between 0.1 and 10 (1.26),
/// else two significant digits.
pub fn chi_digits(v: f64) -> String {
    if (0.9..1.1).contains(&v) {
        format!("{v:.3}")
    } else if (0.1..10.0).contains(&v) {
        format!("{v:.2}")
    } else {
        sig2(v)
    }
}

/// "each layer multiplies the gradient by ≈ √χ = 0.24 going back; ξ = …".
fn multiplier_words(chi: f64) -> String {
    let per_layer = format!(
        "each layer multiplies the gradient by ≈ √χ = {} going back",
        chi_digits(chi.sqrt())
    );
    let scale = match depth_scale(chi) {
        DepthScale::Shrinks(xi) => format!(
            "depth scale ξ = −1/ln χ = {} layers: gradients (squared) shrink e-fold every ξ layers \
             — the ordered phase",
            sig2(xi)
        ),
        DepthScale::Grows(xi) => format!(
            "depth scale ξ = 1/ln χ = {} layers: gradients (squared) grow e-fold every ξ layers \
             — the chaotic phase",
            sig2(xi)
        ),
        DepthScale::None => {
            "depth scale ξ: none (χ = 1, the edge of chaos: the gradient keeps its size)".into()
        }
        DepthScale::Undefined if chi == 0.0 => {
            "no depth scale: the gradient is gone after one layer".into()
        }
        DepthScale::Undefined => "no depth scale (χ is not a finite number)".into(),
    };
    format!("{per_layer}; {scale}.")
}

/// Two significant digits for 0.01 ≤ |v| < 1000 ("0.24", "1.2", "35"), else `format_value`.
pub fn sig2(v: f64) -> String {
    let a = v.abs();
    if !(0.01..1000.0).contains(&a) {
        return format_value(v);
    }
    let decimals = (1 - libm::floor(libm::log10(a)) as i32).max(0) as usize;
    format!("{v:.decimals$}")
}

/// Why the simulation's signal gradient at layer 1 (relative to layer L) departs from the
/// mean-field prediction, when it does by more than the seed noise.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Departure {
    /// A gradient overflowed in float32; the theory's numbers stay finite.
    Overflow,
    /// Finite width (`decades` is sim − theory): the forward variance left its mean-field path
    /// and χ, which depends on it, with it (either direction), or, below the theory in a
    /// network narrow for its depth, per-layer fluctuations that add up.
    FiniteWidth { decades: f64 },
    /// Above the theory: the loss's gradient is correlated with the weights it travels back
    /// through, which the theory assumes independent.
    LossCorrelation { decades: f64 },
    /// Below the theory in a wide network: no explanation offered.
    Unexplained { decades: f64 },
    /// No seed band to compare with (the page shows it on request), but more than 0.3 decades.
    NeedsSpread { decades: f64 },
}

/// Width per layer of depth below which a shortfall is put down to finite width (the log of
/// the gradient drifts below the theory's mean square by an amount growing like L/W).
const NARROW_DEPTH_PER_WIDTH: f64 = 0.2;
/// A shift of the prediction along the simulated variances (decades) that names finite width
/// as the cause of a departure in its direction.
const PATH_SHIFT: f64 = 0.5;
/// Without a seed band, a departure smaller than this is not mentioned.
const UNSPREAD_THRESHOLD: f64 = 0.3;

/// The departure worth a note, or None. With `spread` (the page's seed band) it compares the
/// median over seeds with the band's width at layer 1 (p90 − p10 in decades); without, the
/// single run with 0.3 decades.
pub fn theory_departure(report: &Report, spread: Option<&SeedSpread>) -> Option<Departure> {
    let layers = &report.layers;
    let (first, last) = (layers.first()?, layers.last()?);
    let theory_first = report.theory.first()?.signal_grad_rel_log10;
    if layers.iter().any(|l| !l.signal_grad_norm.is_finite()) {
        return Some(Departure::Overflow);
    }
    let Some(spread) = spread.filter(|s| s.layers.len() == layers.len()) else {
        let decades = log_ratio(first.signal_grad_norm, last.signal_grad_norm)? - theory_first;
        return (decades.abs() > UNSPREAD_THRESHOLD).then_some(Departure::NeedsSpread { decades });
    };
    let (s_first, s_last) = (
        &spread.layers[0].signal_grad_norm,
        &spread.layers.last()?.signal_grad_norm,
    );
    let decades = log_ratio(s_first.p50, s_last.p50)? - theory_first;
    let noise = log_ratio(s_first.p90, s_first.p10)?;
    if decades.abs() <= noise {
        return None;
    }
    let cfg = &report.config;
    let shift = forward_path_shift(report);
    Some(
        if shift.abs() >= PATH_SHIFT && shift.signum() == decades.signum() {
            Departure::FiniteWidth { decades }
        } else if decades > 0.0 {
            Departure::LossCorrelation { decades }
        } else if cfg.net.depth as f64 / cfg.net.width as f64 >= NARROW_DEPTH_PER_WIDTH {
            Departure::FiniteWidth { decades }
        } else {
            Departure::Unexplained { decades }
        },
    )
}

/// How far the plain network's prediction at layer 1 moves (decades) when χ is taken at the
/// variances q_l the simulation's pre-activations really have instead of the mean-field q_l:
/// where q leaves its mean-field path (finite width) and χ depends on q (not for ReLU), the
/// gradient follows the q it meets. 0 where the plain theory does not apply.
fn forward_path_shift(report: &Report) -> f64 {
    let cfg = &report.config;
    let (Some(theory), Some((_, upper))) = (report.theory.first(), report.layers.split_last())
    else {
        return 0.0;
    };
    if (cfg.net.residual, cfg.net.norm) != (Residual::None, Norm::None) {
        return 0.0;
    }
    let sw2 = sigma_w2(cfg);
    let along: f64 = upper
        .iter()
        .map(|l| 0.5 * libm::log10(chi_at(cfg.net.activation, sw2, l.preact_msq)))
        .sum();
    if along.is_finite() {
        along - theory.signal_grad_rel_log10
    } else {
        0.0
    }
}

/// log10(a/b) when both are finite and positive.
fn log_ratio(a: f64, b: f64) -> Option<f64> {
    (a.is_finite() && b.is_finite() && a > 0.0 && b > 0.0).then(|| libm::log10(a / b))
}

/// The note under the readout.
pub fn departure_words(d: Departure, cfg: &Config) -> String {
    let by = |decades: f64| {
        let dir = if decades > 0.0 { "above" } else { "below" };
        format!(
            "The simulated signal gradient at layer 1 is {} decades {dir} the mean-field line",
            sig2(decades.abs())
        )
    };
    match d {
        Departure::Overflow => "The simulation overflowed in float32 (inf/NaN) where the theory's \
             numbers stay finite: there is nothing to compare in the overflowed layers."
            .into(),
        Departure::FiniteWidth { decades } if decades > 0.0 => format!(
            "{}, more than the seed spread: at width {} over {} layers the pre-activations' \
             variance q leaves the path the theory computes for infinitely wide layers, and χ \
             follows the q the network really has. Most of the gap stays when the loss gradient \
             is replaced by noise independent of the network, so the loss is not the cause.",
            by(decades),
            cfg.net.width,
            cfg.net.depth
        ),
        Departure::FiniteWidth { decades } => format!(
            "{}, more than the seed spread: at width {} over {} layers the per-layer fluctuations \
             add up (the theory is exact only for infinitely wide layers), and the typical \
             gradient drifts below the theory's average.",
            by(decades),
            cfg.net.width,
            cfg.net.depth
        ),
        Departure::LossCorrelation { decades } => format!(
            "{}, more than the seed spread: the loss's gradient 2(A_L − Y)/n contains A_L, made \
             from the very weights it travels back through, while the theory treats them as \
             independent (with noise independent of the network in its place, the gap closes).",
            by(decades)
        ),
        Departure::Unexplained { decades } => {
            format!("{}, more than the seed spread.", by(decades))
        }
        Departure::NeedsSpread { decades } => format!(
            "{} in this one run: turn on the 5-seed band (Advanced) to see whether that is more \
             than the seed noise.",
            by(decades)
        ),
    }
}
