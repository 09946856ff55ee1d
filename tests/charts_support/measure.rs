//! Text boxes as a browser would lay them out: a width measure like the canvas's
//! `measureText` for a wide sans-serif (DejaVu Sans's advance widths, rounded up), which the
//! tests install in the charts (`set_text_width_measure`, as the page does) and use again to
//! find where each drawn label's letters end. The polylines of an SVG, for what labels cover.

use super::PlacedText;

/// Advance width of `c` in em, after DejaVu Sans (one of the widest common sans-serifs).
fn em_width(c: char) -> f64 {
    match c {
        '0'..='9' => 0.64,
        'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' => 0.33,
        'f' | 't' | 'r' | '(' | ')' | '[' | ']' | ' ' | '-' | '/' => 0.42,
        'm' | 'w' | 'M' | 'W' | '%' | '‖' => 0.98,
        'A'..='Z' => 0.74,
        '⁰'..='⁹' | '⁻' | '¹' | '²' | '³' => 0.42,
        _ => 0.64,
    }
}

/// The font size in px from a CSS font shorthand such as "normal 11.05px sans-serif".
fn px_of(css_font: &str) -> Option<f64> {
    css_font
        .split_whitespace()
        .find_map(|w| w.strip_suffix("px")?.parse().ok())
}

/// A `TextWidthMeasure` for the charts: the width of `text` in the wide sans-serif.
pub fn wide_sans(text: &str, css_font: &str) -> Option<f64> {
    let px = px_of(css_font)?;
    Some(text.chars().map(em_width).sum::<f64>() * px)
}

/// The horizontal extent `[left, right]` of a drawn label in the wide sans-serif. The SVG
/// backend writes a font size 1.24 times smaller than the one the chart measured with (and a
/// canvas draws), so the measure gets the chart's size back.
pub fn extent(t: &PlacedText) -> (f64, f64) {
    let size = t.size * 1.24;
    let w = wide_sans(&t.text, &format!("normal {size}px sans-serif")).unwrap_or(0.0);
    let x = f64::from(t.x);
    match t.anchor.as_str() {
        "middle" => (x - w / 2.0, x + w / 2.0),
        "end" => (x - w, x),
        _ => (x, x + w),
    }
}

/// Every `<polyline>` as (stroke colour, points), in document order.
pub fn polylines(svg: &str) -> Vec<(String, Vec<(i32, i32)>)> {
    svg.split("<polyline")
        .skip(1)
        .filter_map(|s| {
            let tag = &s[..s.find("/>")?];
            let attr = |name: &str| -> Option<&str> {
                let key = format!(" {name}=\"");
                let start = tag.find(&key)? + key.len();
                Some(&tag[start..start + tag[start..].find('"')?])
            };
            let points = attr("points")?
                .split_whitespace()
                .filter_map(|p| {
                    let (x, y) = p.split_once(',')?;
                    Some((x.parse().ok()?, y.parse().ok()?))
                })
                .collect();
            Some((attr("stroke")?.to_string(), points))
        })
        .collect()
}
