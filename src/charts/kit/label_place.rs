//! Labels that sit on a plot among its lines: a label's box from its anchor, how many line
//! segments cross a box, the candidate spot crossed least, and the label drawn last, on a
//! halo of the background, so no line runs through its letters.

use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::TextStyle;

use super::draw_util::{draw_rect, draw_text, fill, DrawResult, PixelRect};
use super::frame::Frame;

/// Room kept around the letters inside the halo, in pixels.
pub const HALO: i32 = 2;

/// A polyline in pixels, as drawn.
pub type Line = Vec<(i32, i32)>;

/// The box a `text` of width `w` and height `h` covers when drawn at `(x, y)` aligned by
/// `h_pos`/`v_pos`, grown by the halo.
pub fn label_box((w, h): (i32, i32), (x, y): (i32, i32), h_pos: HPos, v_pos: VPos) -> PixelRect {
    let left = match h_pos {
        HPos::Left => x,
        HPos::Center => x - w / 2,
        HPos::Right => x - w,
    };
    let top = match v_pos {
        VPos::Top => y,
        VPos::Center => y - h / 2,
        VPos::Bottom => y - h,
    };
    PixelRect {
        left: left - HALO,
        top: top - HALO,
        right: left + w + HALO,
        bottom: top + h + HALO,
    }
}

/// True when the segment a–b passes through `r` (Liang–Barsky clipping).
pub fn segment_hits(a: (i32, i32), b: (i32, i32), r: PixelRect) -> bool {
    let (x0, y0) = (f64::from(a.0), f64::from(a.1));
    let (dx, dy) = (f64::from(b.0) - x0, f64::from(b.1) - y0);
    let (lo_x, hi_x) = (f64::from(r.left), f64::from(r.right));
    let (lo_y, hi_y) = (f64::from(r.top), f64::from(r.bottom));
    let mut t = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, x0 - lo_x),
        (dx, hi_x - x0),
        (-dy, y0 - lo_y),
        (dy, hi_y - y0),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
            continue;
        }
        let s = q / p;
        if p < 0.0 {
            t.0 = t.0.max(s);
        } else {
            t.1 = t.1.min(s);
        }
        if t.0 > t.1 {
            return false;
        }
    }
    true
}

/// How many segments of `lines` pass through `r` (a lone point counts when inside).
pub fn crossings(r: PixelRect, lines: &[Line]) -> usize {
    segments_near(lines, r)
        .iter()
        .filter(|(a, b)| segment_hits(*a, *b, r))
        .count()
}

/// The segments of `lines` (a lone point as a segment of length 0) whose bounding box meets
/// `band`: the only ones that can cross a box inside it.
fn segments_near(lines: &[Line], band: PixelRect) -> Vec<((i32, i32), (i32, i32))> {
    let near = |a: (i32, i32), b: (i32, i32)| {
        a.0.max(b.0) >= band.left
            && a.0.min(b.0) <= band.right
            && a.1.max(b.1) >= band.top
            && a.1.min(b.1) <= band.bottom
    };
    let mut out = Vec::new();
    for line in lines {
        match line.as_slice() {
            [p] if near(*p, *p) => out.push((*p, *p)),
            pts => out.extend(
                pts.windows(2)
                    .map(|w| (w[0], w[1]))
                    .filter(|(a, b)| near(*a, *b)),
            ),
        }
    }
    out
}

/// The first of `candidates` that lies inside `bounds` and is crossed by the fewest
/// segments; `None` when no candidate fits inside `bounds`.
pub fn least_crossed(
    candidates: &[PixelRect],
    bounds: PixelRect,
    lines: &[Line],
) -> Option<PixelRect> {
    let inside: Vec<PixelRect> = candidates
        .iter()
        .copied()
        .filter(|r| {
            r.left >= bounds.left
                && r.right <= bounds.right
                && r.top >= bounds.top
                && r.bottom <= bounds.bottom
        })
        .collect();
    let band = inside.iter().copied().reduce(|a, b| PixelRect {
        left: a.left.min(b.left),
        top: a.top.min(b.top),
        right: a.right.max(b.right),
        bottom: a.bottom.max(b.bottom),
    })?;
    let near = segments_near(lines, band);
    let mut best: Option<(usize, PixelRect)> = None;
    for r in inside {
        // Counting stops at the best count so far: a deep network's hundreds of lines make
        // every spot beside a crowded guide cost little.
        let limit = best.map_or(usize::MAX, |(m, _)| m);
        let hits = near.iter().filter(|(a, b)| segment_hits(*a, *b, r));
        let n = hits.take(limit).count();
        if n < limit {
            best = Some((n, r));
        }
        if n == 0 {
            break;
        }
    }
    best.map(|(_, r)| r)
}

/// Draws `text` inside `bx` (a [`label_box`]) on a box of the background: call it after the
/// lines it sits among.
pub fn draw_halo_label<DB: DrawingBackend>(
    frame: &Frame<DB>,
    text: &str,
    bx: PixelRect,
    style: &TextStyle,
) -> DrawResult<(), DB> {
    draw_rect(frame.area, bx, fill(frame.theme.background))?;
    let at = (bx.left + HALO, bx.top + bx.height() / 2);
    draw_text(frame.area, text, at, style, HPos::Left, VPos::Center)
}

/// Candidate boxes for a label that names the horizontal line at `y` across `plot`: just above
/// and just below the line, from the right end leftwards every `step` pixels.
pub fn beside_hline(
    size: (i32, i32),
    plot: PixelRect,
    y: i32,
    step: i32,
    prefer_above: bool,
) -> Vec<PixelRect> {
    let span = (plot.width() - size.0 - 2 * HALO - 8).max(0);
    let mut out = Vec::new();
    for shift in (0..=span).step_by(step.max(1) as usize) {
        let right = plot.right - 4 - HALO - shift;
        let above = label_box(size, (right, y - HALO - 1), HPos::Right, VPos::Bottom);
        let below = label_box(size, (right, y + HALO + 2), HPos::Right, VPos::Top);
        if prefer_above {
            out.extend([above, below]);
        } else {
            out.extend([below, above]);
        }
    }
    out
}
