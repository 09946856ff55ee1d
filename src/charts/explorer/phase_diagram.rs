//! The order-to-chaos phase diagram: a heatmap of log10 χ* over the (σ_w², σ_b²) plane (blue
//! = ordered, χ* < 1; orange = chaotic, χ* > 1; a colour-blind-safe diverging ramp with a
//! colour bar), the critical line χ* = 1, the phases named, and a marker at the current
//! configuration (an arrow at the edge when it lies off the plane).

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::prelude::{Circle, DrawingBackend};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::RGBColor;

use crate::charts::kit::draw_util::{
    draw_boxed_label, draw_line, draw_rect, draw_text, fill, stroke, DrawResult, PixelRect,
};
use crate::charts::kit::frame::{Frame, PAD};
use crate::charts::kit::theme::mix;
use crate::sim::phase_grid::PhaseGrid;
use crate::words::format::pow10_label;

/// The colour bar and the heatmap span log10 χ* in ±`DECADES` (clamped beyond): χ* from 0.1
/// to 10, where a few layers already make a decade's difference.
const DECADES: f64 = 1.0;
/// Blue (ordered) → neutral → orange (chaotic), after ColorBrewer's colour-blind-safe PuOr/RdBu.
const RAMP: [(u8, u8, u8); 5] = [
    (0x21, 0x66, 0xAC),
    (0x92, 0xC5, 0xDE),
    (0xF7, 0xF7, 0xF7),
    (0xFD, 0xB8, 0x63),
    (0xB3, 0x58, 0x06),
];

/// Colour of log10 χ* (NaN: the ramp's middle, as no information).
pub fn diverging_color(log_chi: f64) -> RGBColor {
    let t = if log_chi.is_nan() {
        0.5
    } else {
        (0.5 + 0.5 * log_chi / DECADES).clamp(0.0, 1.0)
    };
    let pos = t * (RAMP.len() - 1) as f64;
    let i = (pos.floor() as usize).min(RAMP.len() - 2);
    let (a, b) = (RAMP[i], RAMP[i + 1]);
    let f = pos - i as f64;
    mix(RGBColor(a.0, a.1, a.2), RGBColor(b.0, b.1, b.2), f)
}

/// Where the plane landed, to map a click back to (σ_w², σ_b²) and a point to pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PhaseLayout {
    pub plot: PixelRect,
    pub max_sigma_w2: f64,
    pub max_sigma_b2: f64,
}

impl PhaseLayout {
    /// (σ_w², σ_b²) under pixel (x, y), or None outside the plane.
    pub fn point_at(&self, x: i32, y: i32) -> Option<(f64, f64)> {
        if !self.plot.contains(x, y) {
            return None;
        }
        let fx = f64::from(x - self.plot.left) / f64::from(self.plot.width().max(1));
        let fy = f64::from(self.plot.bottom - y) / f64::from(self.plot.height().max(1));
        Some((fx * self.max_sigma_w2, fy * self.max_sigma_b2))
    }

    /// Pixel of (σ_w², σ_b²), clamped to the plane, and whether it had to be clamped.
    pub fn pixel_of(&self, sw2: f64, sb2: f64) -> ((i32, i32), bool) {
        let fx = sw2 / self.max_sigma_w2;
        let fy = sb2 / self.max_sigma_b2;
        let inside = (0.0..=1.0).contains(&fx) && (0.0..=1.0).contains(&fy);
        let (fx, fy) = (clamp01(fx), clamp01(fy));
        let x = self.plot.left + (fx * f64::from(self.plot.width() - 1)).round() as i32;
        let y = self.plot.bottom - (fy * f64::from(self.plot.height() - 1)).round() as i32;
        ((x, y), !inside)
    }
}

fn clamp01(v: f64) -> f64 {
    if v.is_nan() {
        0.0
    } else {
        v.clamp(0.0, 1.0)
    }
}

/// Draws the diagram of `grid` with the marker at `marker` = (σ_w², σ_b²).
pub fn draw_phase_diagram<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    grid: &PhaseGrid,
    marker: (f64, f64),
    theme: &crate::charts::kit::theme::Theme,
) -> DrawResult<PhaseLayout, DB> {
    let frame = Frame::open(area, theme)?;
    let top = frame.title(&format!(
        "Order to chaos: χ* for {}",
        grid.activation.label()
    ))?;
    // A row for the axis names above the plane ("σ_b²", "χ*").
    let layout = plane_layout(&frame, grid, top + frame.line_h + 6);
    draw_heatmap(&frame, grid, &layout)?;
    draw_critical_line(&frame, grid, &layout)?;
    name_phases(&frame, grid, &layout)?;
    draw_axes(&frame, &layout)?;
    draw_colour_bar(&frame, &layout)?;
    draw_marker(&frame, &layout, marker)?;
    Ok(layout)
}

/// The plane: σ_b² labels on the left, σ_w² labels and the axis name below, the colour bar
/// and its labels on the right.
fn plane_layout<DB: DrawingBackend>(frame: &Frame<DB>, grid: &PhaseGrid, top: i32) -> PhaseLayout {
    let label_w = frame
        .text_width("0.50", &frame.tick_style)
        .max(frame.text_width("σ_b²", &frame.small));
    let bar_w = 12 + 6 + frame.text_width("10⁻¹", &frame.tick_style) + PAD;
    let bottom = frame.height - 2 * (frame.line_h + 4) - PAD;
    let plot = PixelRect {
        left: PAD + label_w + 8,
        top,
        right: (frame.width - bar_w - 8).max(PAD + label_w + 20),
        bottom: bottom.max(top + 10),
    };
    PhaseLayout {
        plot,
        max_sigma_w2: grid.max_sigma_w2,
        max_sigma_b2: grid.max_sigma_b2,
    }
}

fn draw_heatmap<DB: DrawingBackend>(
    frame: &Frame<DB>,
    grid: &PhaseGrid,
    layout: &PhaseLayout,
) -> DrawResult<(), DB> {
    let p = layout.plot;
    let edge = |i: usize, n: usize, from: i32, span: i32| {
        from + (i as i64 * span as i64 / n as i64) as i32
    };
    for r in 0..grid.rows {
        let bottom = p.bottom - edge(r, grid.rows, 0, p.height());
        let top = p.bottom - edge(r + 1, grid.rows, 0, p.height());
        for c in 0..grid.cols {
            let rect = PixelRect {
                left: edge(c, grid.cols, p.left, p.width()),
                right: edge(c + 1, grid.cols, p.left, p.width()),
                top,
                bottom,
            };
            let colour = diverging_color(libm::log10(grid.chi_at(c, r)));
            draw_rect(frame.area, rect, fill(colour))?;
        }
    }
    Ok(())
}

/// χ* = 1 through the grid's crossings, labelled at its top end.
fn draw_critical_line<DB: DrawingBackend>(
    frame: &Frame<DB>,
    grid: &PhaseGrid,
    layout: &PhaseLayout,
) -> DrawResult<(), DB> {
    let points: Vec<(i32, i32)> = grid
        .critical_line()
        .into_iter()
        .map(|(w, b)| layout.pixel_of(w, b).0)
        .collect();
    for w in points.windows(2) {
        draw_line(frame.area, w[0], w[1], stroke(frame.theme.text, 2))?;
    }
    if let Some(&(x, y)) = points.last() {
        let style = &frame.tick_style;
        let label = "χ* = 1: edge of chaos";
        let right = x + 4 + frame.text_width(label, style) <= layout.plot.right;
        let (at, h) = if right {
            ((x + 4, y), HPos::Left)
        } else {
            ((x - 4, y), HPos::Right)
        };
        draw_text(frame.area, label, at, style, h, VPos::Top)?;
    }
    Ok(())
}

/// "ordered: shrinking" and "chaotic: growing" (the gradient, layer by layer) at the middle
/// height, each only where its phase is on the plane. Whether that adds up to vanishing or
/// exploding depends on the depth: the note beside the diagram (`lessons::phase_words`) says
/// what the status card judges.
fn name_phases<DB: DrawingBackend>(
    frame: &Frame<DB>,
    grid: &PhaseGrid,
    layout: &PhaseLayout,
) -> DrawResult<(), DB> {
    let row = grid.rows / 2;
    let chi_row: Vec<f64> = (0..grid.cols).map(|c| grid.chi_at(c, row)).collect();
    let y = layout.plot.top + layout.plot.height() / 2;
    let style = &frame.tick_style;
    let bg = frame.theme.background;
    let ordered = chi_row.iter().any(|c| *c < 1.0);
    let chaotic = chi_row.iter().any(|c| *c > 1.0);
    let p = layout.plot;
    if ordered && !chaotic {
        let long = format!(
            "ordered everywhere here: gradients shrink layer by layer (χ* < 1 up to σ_w² = {})",
            layout.max_sigma_w2
        );
        let names = [
            long.as_str(),
            "ordered everywhere: gradients shrink",
            "ordered: shrinking",
            "ordered",
        ];
        let fits = |t: &&&str| frame.text_width(t, style) + 8 <= p.width();
        let text = names.iter().find(fits).unwrap_or(&"ordered");
        draw_boxed_label(frame.area, text, (p.left + p.width() / 2, y), style, bg)?;
        return Ok(());
    }
    // Each at a fifth of the plane from its side, moved in as far as its box needs; the short
    // names where the long ones would meet.
    let w = |t: &str| frame.text_width(t, style) + 8;
    let centres = |(a, b): (&str, &str)| {
        let left = (p.left + p.width() / 5).max(p.left + w(a) / 2 + 2);
        let right = (p.right - p.width() / 5).min(p.right - w(b) / 2 - 2);
        (left, right, left + w(a) / 2 + 4 <= right - w(b) / 2)
    };
    let long = ("ordered: shrinking", "chaotic: growing");
    let names = match centres(long) {
        (_, _, true) => long,
        _ => ("ordered", "chaotic"),
    };
    let (left, right, _) = centres(names);
    if ordered {
        draw_boxed_label(frame.area, names.0, (left, y), style, bg)?;
    }
    if chaotic {
        draw_boxed_label(frame.area, names.1, (right, y), style, bg)?;
    }
    Ok(())
}

/// Ticks and names of both axes.
fn draw_axes<DB: DrawingBackend>(frame: &Frame<DB>, layout: &PhaseLayout) -> DrawResult<(), DB> {
    let p = layout.plot;
    let axis = stroke(frame.theme.axis, 1);
    draw_line(frame.area, (p.left, p.bottom), (p.right, p.bottom), axis)?;
    draw_line(frame.area, (p.left, p.top), (p.left, p.bottom), axis)?;
    let style = &frame.tick_style;
    for i in 0..=4 {
        let sw2 = layout.max_sigma_w2 * f64::from(i) / 4.0;
        let (x, _) = layout.pixel_of(sw2, 0.0).0;
        draw_line(frame.area, (x, p.bottom), (x, p.bottom + 3), axis)?;
        draw_text(
            frame.area,
            &trim(sw2),
            (x, p.bottom + 4),
            style,
            HPos::Center,
            VPos::Top,
        )?;
    }
    for i in 0..=5 {
        let sb2 = layout.max_sigma_b2 * f64::from(i) / 5.0;
        let (_, y) = layout.pixel_of(0.0, sb2).0;
        draw_text(
            frame.area,
            &trim(sb2),
            (p.left - 4, y),
            style,
            HPos::Right,
            VPos::Center,
        )?;
    }
    let name_y = p.bottom + 4 + frame.line_h + 4;
    let x_name = "σ_w² = fan_in · Var(W)  (weight variance)";
    frame.small_text(
        x_name,
        (p.left + p.width() / 2, name_y),
        HPos::Center,
        VPos::Top,
    )?;
    // Above the top tick label, which is centred on the plane's top edge.
    frame.small_text(
        "σ_b²",
        (PAD, p.top - frame.line_h / 2 - 3),
        HPos::Left,
        VPos::Bottom,
    )
}

/// "0.5" not "0.500", "100" not "100.000".
fn trim(v: f64) -> String {
    let s = format!("{v:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The vertical colour bar right of the plane, labelled in χ* (10⁻¹, 1, 10).
fn draw_colour_bar<DB: DrawingBackend>(
    frame: &Frame<DB>,
    layout: &PhaseLayout,
) -> DrawResult<(), DB> {
    let p = layout.plot;
    let (left, right) = (p.right + 8, p.right + 20);
    let h = p.height().max(1);
    for y in p.top..p.bottom {
        let f = f64::from(p.bottom - y) / f64::from(h);
        let colour = diverging_color((2.0 * f - 1.0) * DECADES);
        draw_line(frame.area, (left, y), (right, y), stroke(colour, 1))?;
    }
    for k in -1..=1 {
        let f = (f64::from(k) / DECADES + 1.0) / 2.0;
        let y = p.bottom - (f * f64::from(h)).round() as i32;
        draw_line(
            frame.area,
            (right, y),
            (right + 3, y),
            stroke(frame.theme.axis, 1),
        )?;
        let at = (right + 5, y);
        draw_text(
            frame.area,
            &pow10_label(k),
            at,
            &frame.tick_style,
            HPos::Left,
            VPos::Center,
        )?;
    }
    frame.small_text(
        "χ*",
        (left, p.top - frame.line_h / 2 - 3),
        HPos::Left,
        VPos::Bottom,
    )
}

/// A ring with a cross at the current configuration; off the plane, an arrow at the edge
/// with the value.
fn draw_marker<DB: DrawingBackend>(
    frame: &Frame<DB>,
    layout: &PhaseLayout,
    (sw2, sb2): (f64, f64),
) -> DrawResult<(), DB> {
    let ((x, y), clamped) = layout.pixel_of(sw2, sb2);
    let (ink, bg) = (frame.theme.text, frame.theme.background);
    frame.area.draw(&Circle::new((x, y), 7, stroke(bg, 4)))?;
    frame.area.draw(&Circle::new((x, y), 7, stroke(ink, 2)))?;
    draw_line(frame.area, (x - 3, y), (x + 3, y), stroke(ink, 2))?;
    draw_line(frame.area, (x, y - 3), (x, y + 3), stroke(ink, 2))?;
    if clamped {
        let text = format!("σ_w² = {}, σ_b² = {} (off the plane)", trim(sw2), trim(sb2));
        let right = x > layout.plot.left + layout.plot.width() / 2;
        let (at, h) = if right {
            ((x - 10, y - 10), HPos::Right)
        } else {
            ((x + 10, y - 10), HPos::Left)
        };
        draw_text(frame.area, &text, at, &frame.tick_style, h, VPos::Bottom)?;
    }
    Ok(())
}

/// The diagram in words (its text alternative): the plane, where the critical line runs, and
/// where the current configuration (σ_w², σ_b²) is, with its χ*.
pub fn phase_summary(grid: &PhaseGrid, (sw2, sb2): (f64, f64), chi: f64) -> String {
    let name = grid.activation.label();
    let plane = format!(
        "Phase diagram for {name} over σ_w² from 0 to {} and σ_b² from 0 to {}",
        trim(grid.max_sigma_w2),
        trim(grid.max_sigma_b2)
    );
    let line = grid.critical_line();
    let edge = match (line.first(), line.last()) {
        (Some(a), Some(b)) => format!(
            "the critical line χ* = 1 runs from σ_w² = {} at σ_b² = {} to σ_w² = {} at σ_b² = {}; \
             left of it the network is ordered (gradients shrink layer by layer), right of it \
             chaotic (they grow)",
            trim(a.0),
            trim(a.1),
            trim(b.0),
            trim(b.1)
        ),
        _ => "χ* < 1 everywhere on it: ordered, gradients shrink layer by layer".to_string(),
    };
    let phase = if !chi.is_finite() {
        "χ* is not a finite number"
    } else if (chi - 1.0).abs() < 0.01 {
        "at the edge of chaos"
    } else if chi < 1.0 {
        "ordered"
    } else {
        "chaotic"
    };
    format!(
        "{plane}: {edge}. Current configuration: σ_w² = {}, σ_b² = {}, χ* = {} ({phase}).",
        trim(sw2),
        trim(sb2),
        crate::lessons::theory_words::sig2(chi)
    )
}
