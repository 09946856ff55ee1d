//! The gradient through time: ‖∂L/∂hₜ‖ per step t on a log axis (the median over seeds as a
//! line, p10–p90 as a band), the LSTM's ‖∂L/∂cₜ‖ as a dashed second line, and a theory line
//! dashed where one exists: exactly g^(T−t)·‖∂L/∂h_T‖ for the linear orthogonal RNN, the
//! mean-field line for the tanh RNN (`sim::recurrent::theory`). Steps that get no gradient
//! (truncation: exactly zero) have no log: their region is shaded and says so.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::Polygon;
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};

use crate::charts::chart::Chart;
use crate::charts::kit::draw_util::{draw_rect, fill, fill_alpha, DrawResult, PixelRect};
use crate::charts::kit::frame::{Frame, Legend};
use crate::charts::kit::scale::{safe_log10, DecadeRange};
use crate::charts::kit::step_axes::{draw_axes_lines, draw_line_series, LogAxis, StepAxis};
use crate::charts::kit::theme::Theme;
use crate::sim::recurrent::theory::mean_field_line;
use crate::sim::recurrent::{Cell, RecurrentInit, RnnSpread};
use crate::words::format::{format_ratio, format_value};

/// Which theory a network's line comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeTheory {
    /// The linear orthogonal RNN: ‖∂L/∂hₜ‖ = g^(T−t)·‖∂L/∂h_T‖, exactly.
    Exact,
    /// The tanh RNN's mean-field line (Chen, Pennington & Schoenholz 2018).
    MeanField,
}

impl TimeTheory {
    fn legend(self) -> &'static str {
        match self {
            TimeTheory::Exact => "theory g^(T−t) (dashed)",
            TimeTheory::MeanField => "mean-field theory (dashed)",
        }
    }
}

/// The theory line anchored at the median ‖∂L/∂h_T‖, one value per step (`None` where
/// truncation gives no gradient), or `None` for a network without one.
pub fn theory_line(sp: &RnnSpread) -> Option<(TimeTheory, Vec<Option<f64>>)> {
    let c = &sp.config;
    let last = sp.steps.last()?.hidden_grad_norm.p50;
    let t_end = sp.steps.len();
    let (kind, rel): (_, Vec<Option<f64>>) =
        if c.cell == Cell::RnnLinear && c.init == RecurrentInit::Orthogonal {
            let exact = (1..=t_end).map(|t| {
                let back = t_end - t;
                (back < c.truncate).then(|| c.gain.powi(back as i32))
            });
            (TimeTheory::Exact, exact.collect())
        } else {
            (TimeTheory::MeanField, mean_field_line(c))
        };
    if rel.len() != t_end {
        return None;
    }
    Some((kind, rel.into_iter().map(|r| r.map(|r| r * last)).collect()))
}

/// The gradient through time of a run's seeds.
#[derive(Clone, Copy, Debug)]
pub struct TimeGradient;

impl Chart for TimeGradient {
    type Data<'a> = &'a RnnSpread;
    type Layout = ();

    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        sp: &RnnSpread,
        theme: &Theme,
    ) -> DrawResult<(), DB> {
        draw_time_gradient_chart(area, sp, theme)
    }

    fn summary(&self, sp: &RnnSpread) -> String {
        time_gradient_summary(sp)
    }
}

/// Draws the chart filling `area`.
fn draw_time_gradient_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sp: &RnnSpread,
    theme: &Theme,
) -> DrawResult<(), DB> {
    let frame = Frame::open(area, theme)?;
    let top = frame.title("Gradient through time ‖∂L/∂hₜ‖ (log scale)")?;
    let theory = theory_line(sp);
    let has_cell = sp.steps.iter().any(|s| s.cell_grad_norm.is_some());
    let top = draw_legend(&frame, top, has_cell, theory.as_ref().map(|t| t.0))?;
    let theory = theory.map_or(Vec::new(), |t| t.1);
    let values = sp
        .steps
        .iter()
        .flat_map(|s| {
            let h = &s.hidden_grad_norm;
            let c = s.cell_grad_norm.as_ref().map_or(f64::NAN, |c| c.p50);
            [h.p10, h.p50, h.p90, c]
        })
        .chain(theory.iter().flatten().copied());
    let range = DecadeRange::covering(values, 2);
    let label_w = LogAxis::label_width(&frame, range).max(frame.text_width("step", &frame.small));
    let bottom = frame.height - frame.line_h - 8;
    let right = StepAxis::end_room(&frame, sp.steps.len()).max(12);
    let plot = frame.plot_rect(top, bottom.max(top + 1), label_w, right);
    let (x, log) = (StepAxis::new(plot, sp.steps.len()), LogAxis { plot, range });
    log.draw_grid(&frame)?;
    draw_truncated(&frame, sp, &x, plot)?;
    draw_band(&frame, sp, &x, &log)?;
    let at = |t: usize, v: f64| log.y_of(v).map(|y| (x.x_of(t), y));
    if !theory.is_empty() {
        let pts = sp.steps.iter().zip(&theory).map(|(s, v)| at(s.t, (*v)?));
        draw_line_series(&frame, pts, theme.text_muted, true)?;
    }
    if has_cell {
        let cell = sp
            .steps
            .iter()
            .map(|s| at(s.t, s.cell_grad_norm.as_ref()?.p50));
        draw_line_series(&frame, cell, theme.exploding, true)?;
    }
    let median = sp.steps.iter().map(|s| at(s.t, s.hidden_grad_norm.p50));
    draw_line_series(&frame, median, theme.vanishing, false)?;
    draw_axes_lines(&frame, plot)?;
    x.draw_ticks(&frame, plot.bottom + 4)
}

/// Truncated back-propagation through time: steps 1…T−k get exactly zero gradient, which a
/// log axis cannot place, so their region is shaded and labelled instead of left blank.
fn draw_truncated<DB: DrawingBackend>(
    frame: &Frame<DB>,
    sp: &RnnSpread,
    x: &StepAxis,
    plot: PixelRect,
) -> DrawResult<(), DB> {
    let c = &sp.config;
    if c.truncate >= c.steps {
        return Ok(());
    }
    let last_zero = c.steps - c.truncate;
    let right = (x.x_of(last_zero) + x.x_of(last_zero + 1)) / 2;
    let region = PixelRect {
        left: plot.left,
        right: right.min(plot.right),
        ..plot
    };
    let style = fill_alpha(frame.theme.text_muted, 0.12);
    draw_rect(frame.area, region, style)?;
    let label = format!("no gradient: truncated at k = {}", c.truncate);
    let fits = frame.text_width(&label, &frame.small) + 8 <= region.width();
    let text = if fits { label.as_str() } else { "0" };
    let at = (region.center_x(), plot.top + 4);
    frame.small_text(text, at, HPos::Center, VPos::Top)
}

/// The p10–p90 band of ‖∂L/∂hₜ‖, one polygon per run of steps where both ends have a log.
fn draw_band<DB: DrawingBackend>(
    frame: &Frame<DB>,
    sp: &RnnSpread,
    x: &StepAxis,
    log: &LogAxis,
) -> DrawResult<(), DB> {
    let style = fill_alpha(frame.theme.band, frame.theme.band_alpha);
    let mut run: Vec<(i32, i32, i32)> = Vec::new();
    let flush = |run: &mut Vec<(i32, i32, i32)>| -> DrawResult<(), DB> {
        if run.len() > 1 {
            let upper = run.iter().map(|&(x, hi, _)| (x, hi));
            let lower = run.iter().rev().map(|&(x, _, lo)| (x, lo));
            frame
                .area
                .draw(&Polygon::new(upper.chain(lower).collect::<Vec<_>>(), style))?;
        }
        run.clear();
        Ok(())
    };
    for s in &sp.steps {
        let p = &s.hidden_grad_norm;
        match (log.y_of(p.p90), log.y_of(p.p10)) {
            (Some(hi), Some(lo)) => run.push((x.x_of(s.t), hi, lo)),
            _ => flush(&mut run)?,
        }
    }
    flush(&mut run)
}

/// The series' keys; returns the plot's top.
fn draw_legend<DB: DrawingBackend>(
    frame: &Frame<DB>,
    top: i32,
    cell: bool,
    theory: Option<TimeTheory>,
) -> DrawResult<i32, DB> {
    let t = frame.theme;
    let mut legend = Legend::at(top);
    legend.swatch(frame, (fill(t.vanishing), None), "‖∂L/∂hₜ‖ median", 12)?;
    let band = (fill_alpha(t.band, t.band_alpha), None);
    legend.swatch(frame, band, "p10–p90 over seeds", 12)?;
    if cell {
        legend.swatch(
            frame,
            (fill(t.exploding), None),
            "‖∂L/∂cₜ‖ cell (dashed)",
            12,
        )?;
    }
    if let Some(kind) = theory {
        legend.swatch(frame, (fill(t.text_muted), None), kind.legend(), 12)?;
    }
    Ok(legend.bottom(frame, 6))
}

/// The chart's text alternative: the network, the gradient at both ends, their ratio, the
/// memory horizon, the verdict, and the cell state and theory where drawn.
fn time_gradient_summary(sp: &RnnSpread) -> String {
    let c = &sp.config;
    let s = &sp.summary;
    let t_end = sp.steps.len();
    let mut text = format!(
        "Gradient through time of a {} over {} steps (width {}, {} seeds): ‖∂L/∂hₜ‖ is {} at \
         step {t_end} and {} at step 1, a ratio of {}; it stays within 10⁻³ of its value at \
         step {t_end} for {} steps back. Diagnosis: {}.",
        c.cell.label(),
        c.steps,
        c.width,
        sp.seeds,
        format_value(s.last_step_grad),
        format_value(s.first_step_grad),
        format_ratio(s.ratio),
        s.memory_horizon,
        s.diagnosis.id()
    );
    if c.truncate < c.steps {
        text.push_str(&format!(
            " Truncated at k = {}: steps 1–{} get no gradient.",
            c.truncate,
            c.steps - c.truncate
        ));
    }
    let cell_first = sp.steps.first().and_then(|s| s.cell_grad_norm.as_ref());
    if let Some(cf) = cell_first {
        text.push_str(&format!(
            " The cell state's gradient ‖∂L/∂c₁‖ is {}.",
            format_value(cf.p50)
        ));
    }
    if let Some((kind, line)) = theory_line(sp) {
        text.push_str(&theory_words(sp, kind, &line));
    }
    text
}

/// What the theory line says, from step T back to step 1, beside what was measured.
fn theory_words(sp: &RnnSpread, kind: TimeTheory, line: &[Option<f64>]) -> String {
    let c = &sp.config;
    let t_end = sp.steps.len();
    match kind {
        TimeTheory::Exact => {
            let decades = safe_log10(c.gain).map_or(0.0, |l| l * (t_end.max(1) - 1) as f64);
            format!(
                " Theory for the linear orthogonal RNN: exactly g^(T−t) with g = {}, {:+.1} \
                 decades from step {t_end} back to step 1.",
                c.gain, decades
            )
        }
        TimeTheory::MeanField => {
            let first = line.iter().flatten().next().copied();
            let Some(first_t) = line.iter().position(Option::is_some) else {
                return String::new();
            };
            let measured = sp.steps[first_t].hidden_grad_norm.p50;
            let last = sp.steps.last().map_or(f64::NAN, |s| s.hidden_grad_norm.p50);
            let decades = |v: f64| safe_log10(v / last).unwrap_or(f64::NAN);
            format!(
                " Mean-field theory (Chen, Pennington & Schoenholz 2018) predicts {:+.1} decades \
                 from step {t_end} back to step {}; measured {:+.1}.",
                first.map_or(f64::NAN, decades),
                first_t + 1,
                decades(measured)
            )
        }
    }
}
