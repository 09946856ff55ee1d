//! A viridis ramp (perceptually uniform, colour-blind safe) from its ten standard stops,
//! interpolated linearly: close enough to matplotlib's 256-entry table for a heatmap.

use plotters::style::RGBColor;

const VIRIDIS: [(u8, u8, u8); 10] = [
    (0x44, 0x01, 0x54),
    (0x48, 0x28, 0x78),
    (0x3E, 0x4A, 0x89),
    (0x31, 0x68, 0x8E),
    (0x26, 0x82, 0x8E),
    (0x1F, 0x9E, 0x89),
    (0x35, 0xB7, 0x79),
    (0x6D, 0xCD, 0x59),
    (0xB4, 0xDE, 0x2C),
    (0xFD, 0xE7, 0x25),
];

/// Viridis at `t` in 0..1 (dark purple → yellow); t is clamped, NaN gives the dark end.
pub fn viridis(t: f64) -> RGBColor {
    let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
    let pos = t * (VIRIDIS.len() - 1) as f64;
    let i = (pos.floor() as usize).min(VIRIDIS.len() - 2);
    let f = pos - i as f64;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    let ch = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * f).round() as u8;
    RGBColor(ch(a.0, b.0), ch(a.1, b.1), ch(a.2, b.2))
}

/// The heatmap colour of "amount" `t` in 0..1 on a theme: the ramp runs from the end that
/// is close to the background (little) to the end that stands out (much). So on a light page
/// much = dark purple, on a dark page much = bright yellow.
pub fn density_color(t: f64, dark_background: bool) -> RGBColor {
    if dark_background {
        viridis(t)
    } else {
        viridis(1.0 - t)
    }
}
