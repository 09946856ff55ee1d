//! How healthy a layer's gradient is, judged against the output layer L where back-propagation
//! starts: within the verdict's band (1.5 decades, 32×: `sim::diagnosis::EXPLODING_RATIO`) is
//! healthy, smaller is vanishing, larger is exploding, so a bar's colour and the diagnosis
//! beside the chart use the same thresholds.

use plotters::style::RGBColor;

use crate::charts::kit::scale::safe_log10;
use crate::charts::kit::theme::Theme;
use crate::sim::diagnosis::EXPLODING_RATIO;

/// The verdict's band in decades: 1.5 (a factor of about 32 either way).
pub fn band_decades() -> f64 {
    libm::log10(EXPLODING_RATIO)
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Health {
    Healthy,
    /// `decades` below the reference (> 1).
    Vanishing {
        decades: f64,
    },
    /// `decades` above the reference (> 1).
    Exploding {
        decades: f64,
    },
    /// inf or NaN.
    Overflow,
    /// Exactly 0 (float32 underflow): nothing flows back.
    Underflow,
}

/// Decades beyond the healthy band at which the colour reaches full strength.
const FULL_STRENGTH_DECADES: f64 = 6.0;

impl Health {
    /// Classifies `value` against `reference` (the output layer's value, or the finite
    /// positive value nearest to it; `None` when there is no such value).
    pub fn classify(value: f64, reference: Option<f64>) -> Health {
        if !value.is_finite() {
            return Health::Overflow;
        }
        let Some(lg) = safe_log10(value) else {
            return Health::Underflow;
        };
        let Some(rlg) = reference.and_then(safe_log10) else {
            return Health::Healthy;
        };
        let d = lg - rlg;
        let band = band_decades();
        if d < -band {
            Health::Vanishing { decades: -d }
        } else if d > band {
            Health::Exploding { decades: d }
        } else {
            Health::Healthy
        }
    }

    /// Bar colour: healthy as is; vanishing/exploding graded from a lighter tint at the band's
    /// edge (1.5 decades) to full strength six decades further.
    pub fn color(&self, theme: &Theme) -> RGBColor {
        let graded = |c: RGBColor, decades: f64| {
            let t = ((decades - band_decades()) / FULL_STRENGTH_DECADES).clamp(0.0, 1.0);
            theme.fade(c, 0.55 + 0.45 * t)
        };
        match *self {
            Health::Healthy => theme.healthy,
            Health::Vanishing { decades } => graded(theme.vanishing, decades),
            Health::Exploding { decades } => graded(theme.exploding, decades),
            Health::Overflow => theme.overflow,
            Health::Underflow => theme.vanishing,
        }
    }

    pub fn id(&self) -> &'static str {
        match self {
            Health::Healthy => "healthy",
            Health::Vanishing { .. } => "vanishing",
            Health::Exploding { .. } => "exploding",
            Health::Overflow => "overflow",
            Health::Underflow => "underflow",
        }
    }
}

/// The reference for `values` (layer 1 first): the last layer's value if finite and positive,
/// else the finite positive value closest to the output side.
pub fn reference_value(values: &[f64]) -> Option<f64> {
    values
        .iter()
        .rev()
        .copied()
        .find(|v| safe_log10(*v).is_some())
}
