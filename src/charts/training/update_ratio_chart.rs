//! The update-to-weight ratio chart: ‖ΔWₗ‖/‖Wₗ‖ of every hidden layer over steps on a log
//! axis, one line per layer (viridis from layer 1 to layer L), the first and the last
//! layer drawn thicker and named at their right end (so no line rests on colour alone), and a
//! dashed guide at 10⁻³, the rule-of-thumb size of a healthy update, named where the lines
//! leave room, over them on a halo.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::PathElement;
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::RGBColor;

use crate::charts::chart::Chart;
use crate::charts::kit::colormap::viridis;
use crate::charts::kit::draw_util::{dash_polyline, fill, stroke, DrawResult, PixelRect};
use crate::charts::kit::frame::{Frame, Legend};
use crate::charts::kit::label_place::{
    beside_hline, crossings, draw_halo_label, label_box, least_crossed, Line, HALO,
};
use crate::charts::kit::scale::{decade_label, DecadeRange};
use crate::charts::kit::step_axes::{
    count_steps, draw_axes_lines, draw_line_series, nonfinite_label, polyline_runs, LogAxis,
    StepAxis,
};
use crate::charts::kit::text_size::text_size;
use crate::charts::kit::theme::Theme;
use crate::train::{StepColumn, TrainHistory};
use crate::words::format::{format_layer_list, format_value_ascii};

/// The guide line's ratio.
pub const GUIDE: f64 = 1e-3;
/// Below this median ratio a layer "barely moves".
pub const STILL: f64 = 1e-5;
/// The summary's medians use at most this many of the newest kept steps.
const RECENT: usize = 50;

/// Every layer's update-to-weight ratio over a run's steps.
#[derive(Clone, Copy, Debug)]
pub struct UpdateRatios;

impl Chart for UpdateRatios {
    type Data<'a> = &'a TrainHistory;
    type Layout = ();

    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        history: &TrainHistory,
        theme: &Theme,
    ) -> DrawResult<(), DB> {
        draw_update_ratio_chart(area, history, theme)
    }

    fn summary(&self, history: &TrainHistory) -> String {
        update_ratio_summary(history)
    }
}

/// Draws the chart filling `area`.
pub fn draw_update_ratio_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    history: &TrainHistory,
    theme: &Theme,
) -> DrawResult<(), DB> {
    let frame = Frame::open(area, theme)?;
    let top = frame.title_fit(&[
        "Update-to-weight ratio ‖ΔWₗ‖/‖Wₗ‖ per layer (log scale)",
        "Update ratio ‖ΔWₗ‖/‖Wₗ‖ (log scale)",
        "‖ΔWₗ‖/‖Wₗ‖ (log scale)",
    ])?;
    let depth = history.depth.max(1);
    let top = draw_legend(&frame, depth, top)?;
    let columns: Vec<&StepColumn> = history.steps.series().collect();
    let values = columns.iter().flat_map(|c| c.update_ratio.iter().copied());
    let range = DecadeRange::covering(values.chain([GUIDE]), 2);
    let label_w = LogAxis::label_width(&frame, range).max(frame.text_width("step", &frame.small));
    let end_w = (frame.text_width(&depth.to_string(), &frame.small) + 6)
        .max(StepAxis::end_room(&frame, history.last_step));
    let bottom = (frame.height - frame.line_h - 8).max(top + 1);
    let plot = frame.plot_rect(top, bottom, label_w, end_w);
    let (steps, log) = (
        StepAxis::new(plot, history.last_step),
        LogAxis { plot, range },
    );
    log.draw_grid(&frame)?;
    let guide_y = draw_guide(&frame, &log)?;
    let (mut lines, ends) = draw_layer_lines(&frame, (&steps, &log), &columns, depth)?;
    draw_axes_lines(&frame, plot)?;
    steps.draw_ticks(&frame, plot.bottom + 4)?;
    if let Some(nf) = &history.first_nonfinite {
        steps.mark_nonfinite(&frame, nf)?;
        let x = steps.x_of(nf.step);
        lines.push(vec![(x, plot.top), (x, plot.bottom)]);
    }
    label_line_ends(&frame, plot, &ends)?;
    if let Some(y) = guide_y {
        label_guide(&frame, plot, y, &lines)?;
    }
    Ok(())
}

/// A layer and the last point of its line.
type LineEnd = (usize, (i32, i32));

/// One line per layer, middle layers first and thin, so the first and last (thick) lie on
/// top; returns every line drawn and where the first and last end.
fn draw_layer_lines<DB: DrawingBackend>(
    frame: &Frame<DB>,
    (steps, log): (&StepAxis, &LogAxis),
    columns: &[&StepColumn],
    depth: usize,
) -> DrawResult<(Vec<Line>, Vec<LineEnd>), DB> {
    let kept = steps.sample(&columns.iter().map(|c| c.step).collect::<Vec<_>>());
    let order = (2..depth)
        .chain([1, depth])
        .filter(|&l| l >= 1 && l <= depth);
    let (mut lines, mut ends) = (Vec::new(), Vec::new());
    for layer in dedup(order) {
        let pts: Vec<Option<(i32, i32)>> = kept
            .iter()
            .map(|&i| {
                let c = columns[i];
                let r = c.update_ratio.get(layer - 1).copied().unwrap_or(f64::NAN);
                log.y_of(r).map(|y| (steps.x_of(c.step), y))
            })
            .collect();
        let color = layer_color(layer, depth, frame.theme);
        if layer == 1 || layer == depth {
            draw_line_series(frame, pts.iter().copied(), color, false)?;
            ends.extend(pts.iter().rev().find_map(|p| *p).map(|end| (layer, end)));
        } else {
            for run in polyline_runs(pts.iter().copied()) {
                frame.area.draw(&PathElement::new(run, stroke(color, 1)))?;
            }
        }
        lines.extend(polyline_runs(pts));
    }
    Ok((lines, ends))
}

fn dedup(it: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for l in it {
        if !out.contains(&l) {
            out.push(l);
        }
    }
    out
}

/// The line colour of `layer`: viridis from layer 1 to layer L, over the part of the ramp
/// that keeps 3:1 contrast with the background (light: the dark end up to 0.55; dark: from
/// 0.4 up to the yellow end, layer 1 then the teal).
pub fn layer_color(layer: usize, depth: usize, theme: &Theme) -> RGBColor {
    let t = if depth <= 1 {
        0.0
    } else {
        (layer - 1) as f64 / (depth - 1) as f64
    };
    let (from, to) = if theme.dark { (0.4, 1.0) } else { (0.0, 0.55) };
    viridis(from + (to - from) * t)
}

fn draw_legend<DB: DrawingBackend>(
    frame: &Frame<DB>,
    depth: usize,
    top: i32,
) -> DrawResult<i32, DB> {
    let t = frame.theme;
    let mut legend = Legend::at(top);
    legend.swatch(
        frame,
        (fill(layer_color(1, depth, t)), None),
        "layer 1 (input)",
        12,
    )?;
    if depth > 2 {
        let mid = layer_color(depth.div_ceil(2), depth, t);
        legend.swatch(frame, (fill(mid), None), "layers between (thin)", 12)?;
    }
    if depth > 1 {
        let label = format!("layer {depth} (output)");
        legend.swatch(
            frame,
            (fill(layer_color(depth, depth, t)), None),
            &label,
            12,
        )?;
    }
    legend.swatch(frame, (fill(t.text_muted), None), "10⁻³ guide (dashed)", 0)?;
    Ok(legend.bottom(frame, 6))
}

/// The dashed 10⁻³ line; returns its row.
fn draw_guide<DB: DrawingBackend>(frame: &Frame<DB>, log: &LogAxis) -> DrawResult<Option<i32>, DB> {
    let Some(y) = log.y_of(GUIDE) else {
        return Ok(None);
    };
    let plot = log.plot;
    let line = [
        (f64::from(plot.left), f64::from(y)),
        (f64::from(plot.right), f64::from(y)),
    ];
    for d in dash_polyline(&line, 6.0, 4.0) {
        frame
            .area
            .draw(&PathElement::new(d, stroke(frame.theme.text_muted, 1)))?;
    }
    Ok(Some(y))
}

/// The guide's name beside it: the long name where a spot just above or below the line is
/// crossed by no line, else whichever name and spot the fewest segments cross, drawn over
/// the lines on a halo.
fn label_guide<DB: DrawingBackend>(
    frame: &Frame<DB>,
    plot: PixelRect,
    y: i32,
    lines: &[Line],
) -> DrawResult<(), DB> {
    let names = [
        format!("{}: rule-of-thumb update size", decade_label(-3)),
        format!("{} guide", decade_label(-3)),
    ];
    let inner = PixelRect {
        left: plot.left + 1,
        top: plot.top,
        right: plot.right,
        bottom: plot.bottom - 1,
    };
    let best = names
        .iter()
        .filter_map(|name| {
            let size = text_size(frame.area, name, &frame.small);
            let spots = beside_hline(size, plot, y, 3, false);
            least_crossed(&spots, inner, lines).map(|bx| (crossings(bx, lines), bx, name))
        })
        .min_by_key(|(n, _, _)| *n);
    match best {
        Some((_, bx, name)) => draw_halo_label(frame, name, bx, &frame.small),
        None => Ok(()),
    }
}

/// Each line's layer number just right of its last point, on a halo; where the two labels
/// would overlap they move apart vertically (the higher one up, the lower one down, kept
/// inside the plot), each still beside its own line.
fn label_line_ends<DB: DrawingBackend>(
    frame: &Frame<DB>,
    plot: PixelRect,
    ends: &[(usize, (i32, i32))],
) -> DrawResult<(), DB> {
    let mut placed: Vec<(usize, (i32, i32))> = ends.to_vec();
    if let [(_, (_, ya)), (_, (_, yb))] = &mut placed[..] {
        let gap = frame.line_h + 1;
        let overlap = gap - (*ya - *yb).abs();
        if overlap > 0 {
            let (upper, lower) = if *ya <= *yb { (ya, yb) } else { (yb, ya) };
            *upper -= overlap / 2 + overlap % 2;
            *lower += overlap / 2;
            let half = frame.line_h / 2;
            let shift_down = (plot.top + half - *upper).max(0);
            let shift_up = (*lower - (plot.bottom - half)).max(0);
            (*upper, *lower) = (
                *upper + shift_down - shift_up,
                *lower + shift_down - shift_up,
            );
        }
    }
    // In the text colour (a line colour at 3:1 is too faint for small text), on a halo, over
    // the lines and the overflow marker.
    let style = crate::charts::kit::draw_util::font(frame.theme, 0.85, &frame.theme.text);
    for (layer, (x, y)) in placed {
        let text = layer.to_string();
        let size = text_size(frame.area, &text, &style);
        let bx = label_box(size, (x + 3 + HALO, y), HPos::Left, VPos::Center);
        draw_halo_label(frame, &text, bx, &style)?;
    }
    Ok(())
}

/// Per hidden layer, the median ratio over the newest `RECENT` kept steps (finite values only;
/// NaN when none is finite).
pub fn recent_median_ratios(history: &TrainHistory) -> Vec<f64> {
    let recent: Vec<&StepColumn> = history.steps.series().rev().take(RECENT).collect();
    (0..history.depth)
        .map(|l| {
            let mut v: Vec<f64> = recent
                .iter()
                .filter_map(|c| c.update_ratio.get(l).copied())
                .filter(|r| r.is_finite())
                .collect();
            v.sort_by(f64::total_cmp);
            if v.is_empty() {
                f64::NAN
            } else {
                v[v.len() / 2]
            }
        })
        .collect()
}

/// The text alternative: recent medians of the first and last layer, which layers barely move
/// and where values stopped being finite.
pub fn update_ratio_summary(history: &TrainHistory) -> String {
    let depth = history.depth;
    if history.steps.is_empty() && history.steps.latest().is_none() {
        return format!("Update-to-weight ratio per layer ({depth} hidden layers): no steps yet.");
    }
    let med = recent_median_ratios(history);
    let at = |l: usize| {
        med.get(l)
            .copied()
            .map_or("none".into(), format_value_ascii)
    };
    let recent = history.steps.series().count().min(RECENT);
    let over = if recent == 1 {
        "the last step".to_string()
    } else {
        format!("median of the last {recent} shown")
    };
    let mut s = format!(
        "Update-to-weight ratio per layer over {} ({over}): layer 1 (input side) {}, layer \
         {depth} (output side) {}; guide 1e-3",
        count_steps(history.last_step),
        at(0),
        at(depth.saturating_sub(1)),
    );
    let still: Vec<usize> = (1..=depth).filter(|&l| med[l - 1] < STILL).collect();
    if !still.is_empty() {
        s += &format!(
            "; {} {} (below 1e-5 per step: {} weights stay near {} initial values)",
            if still.len() == 1 { "layer" } else { "layers" },
            format_layer_list(&still),
            if still.len() == 1 {
                "barely moves"
            } else {
                "barely move"
            },
            if still.len() == 1 { "its" } else { "their" },
        );
    }
    if let Some(nf) = &history.first_nonfinite {
        s += &format!("; {}", nonfinite_label(nf));
    }
    s + "."
}
