//! What the phase diagram says about the network on screen, in words that agree with its
//! status card: the phase gives the direction per layer (ordered: the gradient shrinks; chaotic:
//! it grows), the depth decides whether that adds up to vanishing or exploding, and the verdict
//! named is the diagnosis the card shows (`Report.summary.diagnosis`), never a second opinion.

use crate::sim::diagnosis::EXPLODING_RATIO;
use crate::sim::phase::chi_star;
use crate::sim::simulate::sigma_w2;
use crate::sim::{Config, Diagnosis, Norm, Report, Residual};

use super::theory_words::{architecture_words, chi_digits};

/// Within this distance of 1, χ* counts as the edge of chaos (as the diagram's summary has it).
pub const EDGE: f64 = 0.01;

/// Where (σ_w², σ_b²) of the plain network lies on the diagram.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Phase {
    /// χ* < 1: the gradient shrinks layer by layer.
    Ordered(f64),
    /// χ* within `EDGE` of 1.
    Edge(f64),
    /// χ* > 1: it grows layer by layer.
    Chaotic(f64),
    /// χ* is not a finite number.
    Unknown,
}

/// The phase of `cfg`'s activation, σ_w² and bias variance.
pub fn phase_of(cfg: &Config) -> Phase {
    let chi = chi_star(cfg.net.activation, sigma_w2(cfg), cfg.bias_std.powi(2));
    if !chi.is_finite() {
        Phase::Unknown
    } else if (chi - 1.0).abs() < EDGE {
        Phase::Edge(chi)
    } else if chi < 1.0 {
        Phase::Ordered(chi)
    } else {
        Phase::Chaotic(chi)
    }
}

/// The status card's verdict as the note names it.
pub fn verdict_words(d: Diagnosis) -> &'static str {
    match d {
        Diagnosis::Healthy => "healthy",
        Diagnosis::Vanishing => "vanishing",
        Diagnosis::Exploding => "exploding",
        Diagnosis::Overflow => "overflowed (inf/NaN)",
        Diagnosis::Dead => "dead (a layer's units all output 0)",
    }
}

/// The note under the phase diagram (and the end of its text alternative): the phase of the
/// network on screen, what it does per layer, and the verdict of the status card over its
/// depth. E.g. sigmoid + Xavier at depth 2: "This network is ordered (χ* = 0.056): each layer
/// shrinks the gradient, so depth decides; over these 2 layers the status card judges it
/// healthy, the shrinking staying within 32×."
pub fn phase_note(report: &Report) -> String {
    let cfg = &report.config;
    let d = report.summary.diagnosis;
    let verdict = verdict_words(d);
    let n = cfg.net.depth;
    if (cfg.net.residual, cfg.net.norm) != (Residual::None, Norm::None) {
        return format!(
            "The diagram describes the plain network; with {} the gradient follows other rules, \
             and over these {n} layers the status card judges this network {verdict}.",
            architecture_words(cfg)
        );
    }
    let factor = format!("{EXPLODING_RATIO:.0}×");
    let (place, per_layer, change) = match phase_of(cfg) {
        Phase::Ordered(chi) => (
            format!("ordered (χ* = {})", chi_digits(chi)),
            "each layer shrinks the gradient, so depth decides",
            "the shrinking",
        ),
        Phase::Chaotic(chi) => (
            format!("chaotic (χ* = {})", chi_digits(chi)),
            "each layer grows the gradient, so depth decides",
            "the growth",
        ),
        Phase::Edge(chi) => (
            format!("at the edge of chaos (χ* = {})", chi_digits(chi)),
            "deep in the network the gradient neither shrinks nor grows per layer",
            "the change",
        ),
        Phase::Unknown => (
            "off the diagram (χ* is not a finite number)".to_string(),
            "the theory gives no direction",
            "the change",
        ),
    };
    let tail = match d {
        Diagnosis::Healthy => format!(", {change} staying within {factor}"),
        _ => String::new(),
    };
    format!(
        "This network is {place}: {per_layer}; over these {n} layers the status card judges \
         it {verdict}{tail}."
    )
}
