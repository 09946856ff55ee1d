//! Small drawing helpers in the area's own pixel coordinates (what `DrawingArea<_, Shift>` uses).

use plotters::coord::Shift;
use plotters::drawing::{DrawingArea, DrawingAreaErrorKind};
use plotters::element::{PathElement, Rectangle, Text};
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{
    Color, FontDesc, FontFamily, FontStyle, FontTransform, RGBColor, ShapeStyle, TextStyle,
};

use super::text_size::text_size;
use super::theme::Theme;

/// What every drawing function returns.
pub type DrawResult<T, DB> = Result<T, DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// An axis-aligned rectangle in pixels; `right`/`bottom` are exclusive edges.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PixelRect {
    pub left: i32,
    pub top: i32,
    pub right: i32,
    pub bottom: i32,
}

impl PixelRect {
    pub fn width(&self) -> i32 {
        self.right - self.left
    }
    pub fn height(&self) -> i32 {
        self.bottom - self.top
    }
    pub fn contains(&self, x: i32, y: i32) -> bool {
        x >= self.left && x < self.right && y >= self.top && y < self.bottom
    }
    pub fn center_x(&self) -> i32 {
        self.left + self.width() / 2
    }
}

pub fn fill(c: RGBColor) -> ShapeStyle {
    c.filled()
}

pub fn fill_alpha(c: RGBColor, alpha: f64) -> ShapeStyle {
    c.mix(alpha).filled()
}

pub fn stroke(c: RGBColor, width: u32) -> ShapeStyle {
    c.stroke_width(width)
}

/// A text style of the theme's family at `scale` × the base size.
pub fn font<'a>(theme: &Theme, scale: f64, color: &'a RGBColor) -> TextStyle<'a> {
    let desc = FontDesc::new(
        FontFamily::Name(theme.font_family),
        theme.font_size * scale,
        FontStyle::Normal,
    );
    TextStyle::from(desc).color(color)
}

/// Draws `text` anchored at (x, y) with the given horizontal / vertical alignment.
pub fn draw_text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    (x, y): (i32, i32),
    style: &TextStyle,
    h: HPos,
    v: VPos,
) -> DrawResult<(), DB> {
    area.draw(&Text::new(
        text.to_string(),
        (x, y),
        style.pos(Pos::new(h, v)),
    ))
}

/// Draws `text` rotated to read bottom-to-top, centred on (x, y).
pub fn draw_text_vertical<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    (x, y): (i32, i32),
    style: &TextStyle,
) -> DrawResult<(), DB> {
    let s = style
        .transform(FontTransform::Rotate270)
        .pos(Pos::new(HPos::Center, VPos::Center));
    area.draw(&Text::new(text.to_string(), (x, y), s))
}

pub fn draw_rect<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    r: PixelRect,
    style: ShapeStyle,
) -> DrawResult<(), DB> {
    if r.width() <= 0 || r.height() <= 0 {
        return Ok(());
    }
    area.draw(&Rectangle::new(
        [(r.left, r.top), (r.right, r.bottom)],
        style,
    ))
}

pub fn draw_line<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    a: (i32, i32),
    b: (i32, i32),
    style: ShapeStyle,
) -> DrawResult<(), DB> {
    area.draw(&PathElement::new(vec![a, b], style))
}

/// 45° hatch lines ("/") clipped to `r`, `spacing` px apart: the mark for overflow.
pub fn hatch_segments(r: PixelRect, spacing: i32) -> Vec<((i32, i32), (i32, i32))> {
    let spacing = spacing.max(2);
    let (w, h) = (r.width(), r.height());
    if w <= 0 || h <= 0 {
        return Vec::new();
    }
    let mut out = Vec::new();
    // Line k: points with (x - left) + (bottom - y) = c, i.e. rising to the right.
    let mut c = spacing / 2;
    while c < w + h {
        // Enter at the left or bottom edge, leave at the top or right edge.
        let (x0, y0) = if c <= h { (0, c) } else { (c - h, h) };
        let (x1, y1) = if c <= w { (c, 0) } else { (w, c - w) };
        out.push(((r.left + x0, r.bottom - y0), (r.left + x1, r.bottom - y1)));
        c += spacing;
    }
    out
}

/// A heatmap cell: filled with `color`, or, for a value that is not finite (`None`), filled
/// with `overflow` and hatched in `background`, so it never passes for a colour of the scale.
pub fn draw_heat_cell<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    r: PixelRect,
    color: Option<RGBColor>,
    overflow: RGBColor,
    background: RGBColor,
) -> DrawResult<(), DB> {
    match color {
        Some(c) => draw_rect(area, r, fill(c)),
        None => {
            draw_rect(area, r, fill(overflow))?;
            draw_hatch(area, r, 6, background)
        }
    }
}

pub fn draw_hatch<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    r: PixelRect,
    spacing: i32,
    color: RGBColor,
) -> DrawResult<(), DB> {
    for (a, b) in hatch_segments(r, spacing) {
        draw_line(area, a, b, stroke(color, 1))?;
    }
    Ok(())
}

/// Splits a polyline into dashes of `on` px separated by `off` px (measured along the line).
pub fn dash_polyline(points: &[(f64, f64)], on: f64, off: f64) -> Vec<Vec<(i32, i32)>> {
    let (on, off) = (on.max(1.0), off.max(1.0));
    let period = on + off;
    let mut dashes: Vec<Vec<(i32, i32)>> = Vec::new();
    let mut current: Vec<(i32, i32)> = Vec::new();
    let mut s = 0.0; // distance travelled along the line
    let px = |p: (f64, f64)| (p.0.round() as i32, p.1.round() as i32);
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
        if !len.is_finite() || len == 0.0 {
            continue;
        }
        let mut t = 0.0;
        while t < len {
            let phase = s % period;
            let (drawing, left) = if phase < on {
                (true, on - phase)
            } else {
                (false, period - phase)
            };
            let step = left.min(len - t);
            let p0 = (a.0 + (b.0 - a.0) * t / len, a.1 + (b.1 - a.1) * t / len);
            let t1 = t + step;
            let p1 = (a.0 + (b.0 - a.0) * t1 / len, a.1 + (b.1 - a.1) * t1 / len);
            if drawing {
                if current.is_empty() {
                    current.push(px(p0));
                }
                current.push(px(p1));
            } else if !current.is_empty() {
                dashes.push(std::mem::take(&mut current));
            }
            t = t1;
            s += step;
        }
    }
    if current.len() >= 2 {
        dashes.push(current);
    }
    dashes
}

/// Legend entry: a swatch then a label; returns the x after it.
pub fn draw_swatch_label<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x, y): (i32, i32),
    swatch: ShapeStyle,
    hatch: Option<RGBColor>,
    label: &str,
    style: &TextStyle,
) -> DrawResult<i32, DB> {
    let (_, th) = text_size(area, "Mg", style);
    let size = (th * 3 / 4).max(6);
    let r = PixelRect {
        left: x,
        top: y + (th - size) / 2,
        right: x + size,
        bottom: y + (th - size) / 2 + size,
    };
    draw_rect(area, r, swatch)?;
    if let Some(h) = hatch {
        draw_hatch(area, r, 3, h)?;
    }
    draw_text(
        area,
        label,
        (x + size + 4, y + th / 2),
        style,
        HPos::Left,
        VPos::Center,
    )?;
    let (tw, _) = text_size(area, label, style);
    Ok(x + size + 4 + tw)
}

/// Draws `text` centred at `(cx, cy)` on a plain box of `background` (so hatching under it
/// does not eat the letters) and returns the box.
pub fn draw_boxed_label<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    (cx, cy): (i32, i32),
    style: &TextStyle,
    background: RGBColor,
) -> DrawResult<PixelRect, DB> {
    let (tw, th) = text_size(area, text, style);
    let bx = PixelRect {
        left: cx - tw / 2 - 3,
        right: cx + tw / 2 + 3,
        top: cy - th / 2 - 2,
        bottom: cy + th / 2 + 2,
    };
    draw_rect(area, bx, fill(background))?;
    draw_text(area, text, (cx, cy), style, HPos::Center, VPos::Center)?;
    Ok(bx)
}
