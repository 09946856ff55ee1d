//! Light and dark palettes. Health colours follow Okabe–Ito hues (blue = vanishing,
//! orange/vermillion = exploding, bluish green = healthy) so they survive colour blindness;
//! each is tuned per background to keep at least 3:1 contrast (checked in tests).

use plotters::style::RGBColor;

/// Everything a chart needs to know about colours and type.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Theme {
    pub dark: bool,
    pub background: RGBColor,
    pub text: RGBColor,
    /// Secondary text: captions, axis titles.
    pub text_muted: RGBColor,
    pub grid: RGBColor,
    pub axis: RGBColor,
    pub healthy: RGBColor,
    pub vanishing: RGBColor,
    pub exploding: RGBColor,
    /// inf/NaN in float32.
    pub overflow: RGBColor,
    /// Dead units (derivative exactly 0).
    pub dead: RGBColor,
    /// Saturated units (sigmoid/tanh flat tails).
    pub saturated: RGBColor,
    /// p10–p90 seed band (drawn with `band_alpha`).
    pub band: RGBColor,
    pub band_alpha: f64,
    /// φ and φ' in the activation function plots.
    pub phi: RGBColor,
    pub dphi: RGBColor,
    pub font_family: &'static str,
    /// Base text size in backend units (canvas px; the SVG backend draws it 1/1.24 smaller).
    pub font_size: f64,
}

impl Theme {
    pub fn light() -> Theme {
        Theme {
            dark: false,
            background: RGBColor(0xFF, 0xFF, 0xFF),
            text: RGBColor(0x1A, 0x1A, 0x1A),
            text_muted: RGBColor(0x55, 0x55, 0x55),
            grid: RGBColor(0xE2, 0xE2, 0xE2),
            axis: RGBColor(0x44, 0x44, 0x44),
            healthy: RGBColor(0x00, 0x8F, 0x68),
            vanishing: RGBColor(0x00, 0x72, 0xB2),
            exploding: RGBColor(0xD5, 0x5E, 0x00),
            overflow: RGBColor(0xA0, 0x3A, 0x80),
            dead: RGBColor(0x6E, 0x6E, 0x6E),
            saturated: RGBColor(0x9A, 0x6A, 0x00),
            band: RGBColor(0x40, 0x40, 0x40),
            band_alpha: 0.18,
            phi: RGBColor(0x00, 0x72, 0xB2),
            dphi: RGBColor(0xD5, 0x5E, 0x00),
            font_family: "sans-serif",
            font_size: 13.0,
        }
    }

    pub fn dark() -> Theme {
        Theme {
            dark: true,
            background: RGBColor(0x1B, 0x1E, 0x23),
            text: RGBColor(0xE8, 0xE8, 0xE8),
            text_muted: RGBColor(0xA8, 0xA8, 0xA8),
            grid: RGBColor(0x36, 0x3A, 0x41),
            axis: RGBColor(0xB0, 0xB0, 0xB0),
            healthy: RGBColor(0x2B, 0xB5, 0x8A),
            vanishing: RGBColor(0x56, 0xB4, 0xE9),
            exploding: RGBColor(0xE6, 0x9F, 0x00),
            overflow: RGBColor(0xE0, 0x80, 0xC0),
            dead: RGBColor(0x9A, 0x9A, 0x9A),
            saturated: RGBColor(0xF0, 0xE4, 0x42),
            band: RGBColor(0xD0, 0xD0, 0xD0),
            band_alpha: 0.22,
            phi: RGBColor(0x56, 0xB4, 0xE9),
            dphi: RGBColor(0xE6, 0x9F, 0x00),
            font_family: "sans-serif",
            font_size: 13.0,
        }
    }

    /// `c` blended towards the background: `t` = 1 gives `c`, 0 gives the background.
    pub fn fade(&self, c: RGBColor, t: f64) -> RGBColor {
        mix(self.background, c, t)
    }
}

/// Linear blend in sRGB: `t` = 0 gives `a`, 1 gives `b` (t is clamped; NaN counts as 0).
pub fn mix(a: RGBColor, b: RGBColor, t: f64) -> RGBColor {
    let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
    let ch = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * t).round() as u8;
    RGBColor(ch(a.0, b.0), ch(a.1, b.1), ch(a.2, b.2))
}

/// WCAG relative luminance.
pub fn luminance(c: RGBColor) -> f64 {
    let lin = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.040_45 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
}

/// WCAG contrast ratio, 1..21.
pub fn contrast(a: RGBColor, b: RGBColor) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// CSS hex, e.g. for the UI's legends: "#0072b2".
pub fn hex(c: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}
