//! The number format's limits on the gradient chart (the precision lens): shaded bands where a
//! layer's typical entry of S·∂L/∂z would be subnormal, underflow to 0, or overflow. The bars
//! then show the gradient as the format holds it, S·‖∂L/∂z‖ (S the loss scale), so raising S
//! lifts them out of the bands. A bar is a norm over the B·W entries of ∂L/∂z, so a band's
//! edge is the format's limit × √(B·W): the norm of a layer whose typical (root-mean-square)
//! entry sits at the limit. float16: largest 65504, smallest normal 2⁻¹⁴ ≈ 6.1e−5, smallest
//! subnormal 2⁻²⁴ ≈ 6e−8; bfloat16: float32's range (2⁻¹²⁶ ≈ 1.2e−38, 2⁻¹³³, 3.4e38).

use plotters::prelude::DrawingBackend;
use plotters::style::RGBColor;

use crate::charts::kit::draw_util::{draw_hatch, draw_rect, fill_alpha, DrawResult, PixelRect};
use crate::charts::kit::frame::{Frame, Legend};
use crate::charts::kit::scale::safe_log10;
use crate::charts::kit::theme::Theme;
use crate::sim::numeric::{Precision, F16_MAX, F16_MIN_NORMAL, F16_MIN_SUBNORMAL};
use crate::sim::Report;
use crate::words::format::format_layer_list;
use crate::words::metric::Metric;

/// The format's limits as drawn on the gradient chart of one mixed-precision report.
#[derive(Clone, Debug, PartialEq)]
pub struct FormatBands {
    pub precision: Precision,
    /// log2 of the loss scale S of the reported pass.
    pub scale_log2: i32,
    /// √(B·W): a norm over B·W entries is √(B·W) × their root-mean-square.
    pub sqrt_entries: f64,
    /// The chart's title for the scaled gradient.
    pub label: String,
}

/// (smallest subnormal, smallest normal, largest finite) of a format.
pub fn limits(p: Precision) -> (f64, f64, f64) {
    match p {
        Precision::Float16 => (
            f64::from(F16_MIN_SUBNORMAL),
            f64::from(F16_MIN_NORMAL),
            f64::from(F16_MAX),
        ),
        // 8 exponent bits as float32: subnormals down to 2^-133 (7 stored significand bits).
        Precision::BFloat16 | Precision::Float32 => (
            libm::ldexp(1.0, -133),
            f64::from(f32::MIN_POSITIVE),
            3.389_531_389_251_535_5e38,
        ),
    }
}

impl FormatBands {
    /// The bands of `r`'s format on the signal gradient; `None` in float32 or for the weight
    /// gradient (the fractions and the limits are about ∂L/∂z's entries).
    pub fn from_report(r: &Report, metric: Metric) -> Option<FormatBands> {
        let run = r.mixed?;
        if metric != Metric::Signal || run.precision == Precision::Float32 {
            return None;
        }
        let entries = (r.config.batch * r.config.net.width) as f64;
        Some(FormatBands {
            precision: run.precision,
            scale_log2: run.scale_log2,
            sqrt_entries: entries.sqrt(),
            label: format!(
                "S·‖∂L/∂z‖ as {} holds it, {}",
                run.precision.id(),
                scale_words(run.scale_log2)
            ),
        })
    }

    pub fn scale(&self) -> f64 {
        libm::ldexp(1.0, self.scale_log2)
    }

    /// `values` (unscaled norms) × S, as the format holds them.
    pub fn scaled(&self, values: &[f64]) -> Vec<f64> {
        values.iter().map(|v| v * self.scale()).collect()
    }

    /// The bands' edges in chart units (norms): (underflow below, subnormal below, overflow
    /// above).
    pub fn edges(&self) -> (f64, f64, f64) {
        let (sub, normal, max) = limits(self.precision);
        let k = self.sqrt_entries;
        (sub * k, normal * k, max * k)
    }

    /// Values the value axis should cover so the floor shows: float16's two lower edges
    /// (bfloat16's lie about 30 decades under any gradient here, and are not stretched to).
    pub fn axis_values(&self) -> Vec<f64> {
        let (under, sub, _) = self.edges();
        match self.precision {
            Precision::Float16 => vec![under / 10.0, sub * 10.0],
            _ => Vec::new(),
        }
    }

    /// The sentence of the chart's text alternative: which layers (scaled) lie in which band.
    pub fn sentence(&self, scaled: &[f64]) -> String {
        let (under, sub, max) = self.edges();
        let layers = |keep: &dyn Fn(f64) -> bool| -> Vec<usize> {
            (1..=scaled.len())
                .filter(|&l| keep(scaled[l - 1]))
                .collect()
        };
        let mut text = format!(
            "The bars show S·‖∂L/∂z‖ as {} holds it ({}).",
            self.precision.id(),
            scale_words(self.scale_log2)
        );
        for (name, ls) in [
            (
                "below the underflow floor (typical entry under the smallest subnormal)",
                layers(&|v| v < under),
            ),
            ("in the subnormal band", layers(&|v| v >= under && v < sub)),
            (
                "above the overflow line",
                layers(&|v| v > max || v.is_nan()),
            ),
        ] {
            if !ls.is_empty() {
                let noun = if ls.len() == 1 { "Layer" } else { "Layers" };
                text.push_str(&format!(" {noun} {} {name}.", format_layer_list(&ls)));
            }
        }
        text
    }
}

/// "S = 2^16", or "S = 1 (no loss scale)".
fn scale_words(log2: i32) -> String {
    match log2 {
        0 => "S = 1 (no loss scale)".to_string(),
        k => format!("S = 2^{k}"),
    }
}

/// The three bands as (lower log10 or -∞, upper log10 or +∞, colour, hatched, label).
fn bands(b: &FormatBands, theme: &Theme) -> [(f64, f64, RGBColor, bool, &'static str); 3] {
    let (under, sub, max) = b.edges();
    let lg = |v: f64| safe_log10(v).unwrap_or(f64::NEG_INFINITY);
    [
        (f64::NEG_INFINITY, lg(under), theme.vanishing, true, "→ 0"),
        (lg(under), lg(sub), theme.saturated, false, "subnormal"),
        (lg(max), f64::INFINITY, theme.overflow, true, "overflow"),
    ]
}

/// The bands behind the bars, across `plot` (named in the legend, not over the bars); `y_of`
/// maps a log10 value to a row (clamped).
pub fn draw<DB: DrawingBackend>(
    frame: &Frame<DB>,
    plot: PixelRect,
    b: &FormatBands,
    y_of: impl Fn(f64) -> i32,
) -> DrawResult<(), DB> {
    let theme = frame.theme;
    for (lo, hi, color, hatched, _) in bands(b, theme) {
        let top = if hi.is_finite() { y_of(hi) } else { plot.top };
        let bottom = if lo.is_finite() {
            y_of(lo)
        } else {
            plot.bottom
        };
        if bottom - top < 2 {
            continue;
        }
        let r = PixelRect {
            top,
            bottom,
            ..plot
        };
        draw_rect(frame.area, r, fill_alpha(color, 0.16))?;
        if hatched {
            draw_hatch(frame.area, r, 9, theme.fade(color, 0.35))?;
        }
    }
    Ok(())
}

/// The bands' legend entries.
pub fn legend<DB: DrawingBackend>(
    frame: &Frame<DB>,
    legend: &mut Legend,
    b: &FormatBands,
) -> DrawResult<(), DB> {
    let theme = frame.theme;
    for (i, (_, _, color, hatched, name)) in bands(b, theme).into_iter().enumerate() {
        let hatch = hatched.then(|| theme.fade(color, 0.35));
        // "float16 → 0", then "subnormal", "overflow": one short group.
        let label = match i {
            0 => format!("{} {name}", b.precision.id()),
            _ => name.to_string(),
        };
        legend.swatch(frame, (fill_alpha(color, 0.16), hatch), &label, 12)?;
    }
    Ok(())
}
