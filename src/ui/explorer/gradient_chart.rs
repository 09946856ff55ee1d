//! The gradient chart: one bar per layer, with a tooltip on hover or keyboard focus and a
//! table of the exact values as its text alternative. In training mode it shows the trained
//! network at the step of the training worker's newest report (`charted`).

use leptos::prelude::*;

use super::charted::{charted_report, ChartedReport, TrainedCaption};
use super::computing::ComputingOverlay;
use super::layer_table::LayerTable;
use super::state::use_state;
use crate::charts::explorer::format_bands::FormatBands;
use crate::charts::explorer::gradient::{draw_gradient_chart_overlaid, Overlays};
use crate::charts::explorer::pinned::comparison_summary;
use crate::charts::{
    gradient_summary, GradientChartData, LayerChartLayout, PinnedProfile, TheoryOverlay,
};
use crate::sim::mixed::MixedRun;
use crate::sim::{LayerReport, Report};
use crate::ui::term::Term;
use crate::ui::web::canvas_draw::{draw_on_canvas, keep_layout};
use crate::ui::web::chart_redraw::redraw_on_change;
use crate::words::format::format_value;
use crate::words::metric::Metric;

#[component]
pub fn GradientChart() -> impl IntoView {
    let state = use_state();
    let charted = charted_report(state);
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    // Where the bars were drawn (device pixels) and the pixel ratio, for hit-testing.
    let layout = StoredValue::new(None::<(LayerChartLayout, f64)>);
    let selected = RwSignal::new(None::<usize>);
    let renders = redraw_on_change(canvas, move |el| {
        let theme = state.theme();
        let metric = state.metric.get();
        let spread = state.spread.get();
        let pinned = state.pin.report.get();
        let show_theory = state.show_theory.get();
        charted.with(|c| {
            let Ok(report) = &c.report else { return false };
            // The seed band is the untrained networks': not drawn around a trained one.
            let spread = spread.filter(|_| c.step.is_none());
            let mut data = GradientChartData::from_report(report, metric, spread.as_ref());
            let pin = pinned.map(|p| PinnedProfile::new(&p, report, metric));
            let theory = show_theory.then(|| TheoryOverlay::from_report(report, metric));
            // In float16 or bfloat16: the format's limits, and the gradient as it holds it.
            let bands = FormatBands::from_report(report, metric);
            // Bars held as the format holds them: the pinned outline too, at its own scale.
            let pin = pin.map(|p| if bands.is_some() { p.as_held() } else { p });
            if let Some(b) = &bands {
                data.values = b.scaled(&data.values);
                data.band = data.band.map(|band| {
                    let (lo, hi): (Vec<f64>, Vec<f64>) = band.into_iter().unzip();
                    b.scaled(&lo).into_iter().zip(b.scaled(&hi)).collect()
                });
            }
            let data = GradientChartData {
                metric_label: bands
                    .as_ref()
                    .map_or(data.metric_label, |b| b.label.as_str()),
                ..data
            };
            let overlays = Overlays {
                pin: pin.as_ref(),
                theory: theory.as_ref(),
                bands: bands.as_ref(),
            };
            let drawn = draw_on_canvas(el, &theme, |area, theme| {
                draw_gradient_chart_overlaid(area, &data, overlays, theme).ok()
            });
            keep_layout(drawn, layout)
        })
    });
    let label = move || {
        let metric = state.metric.get();
        let pinned = state.pin.report.get();
        let show_theory = state.show_theory.get();
        charted.with(|c| c.label(|r| summary_text(r, metric, pinned.as_ref(), show_theory)))
    };
    let depth = move || state.config.with(|c| c.net.depth);
    // Drop a selection that no longer exists after the depth shrinks.
    Effect::new(move |_| {
        if selected.get_untracked().is_some_and(|l| l > depth()) {
            selected.set(None);
        }
    });
    let on_move = move |ev: leptos::ev::MouseEvent| {
        let hit = layout.with_value(|l| {
            l.as_ref()
                .and_then(|(l, dpr)| l.layer_at((ev.offset_x() as f64 * dpr) as i32))
        });
        selected.set(hit);
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if let Some(next) = key_selection(&ev.key(), selected.get(), depth()) {
            ev.prevent_default();
            selected.set(next);
        }
    };
    view! {
        <figure class="chart gradient-figure" data-testid="gradient-figure"
            class:with-bands=move || state.mixed.with(|m| !m.is_float32()) aria-busy=move || state.busy.get().to_string()>
            <GradientCaption charted=charted />
            <div class="canvas-wrap">
                <canvas node_ref=canvas data-testid="gradient-chart" class="gradient-canvas" tabindex="0"
                    role="img" aria-label=label data-render-count=move || renders.get()
                    on:mousemove=on_move on:mouseleave=move |_| selected.set(None)
                    on:keydown=on_key on:blur=move |_| selected.set(None)></canvas>
                <LayerTooltip charted=charted selected=selected layout=layout />
                <ComputingOverlay />
            </div>
            <LayerTable charted=charted summary="Table of values per layer"
                headers=&["‖∂L/∂z‖ signal", "‖∂L/∂W‖ weight", "Activation mean", "Activation std"]
                cells=gradient_cells />
        </figure>
    }
}

/// The selected layer's value over its bar (hover or keyboard).
#[component]
fn LayerTooltip(
    charted: Memo<ChartedReport>,
    selected: RwSignal<Option<usize>>,
    layout: StoredValue<Option<(LayerChartLayout, f64)>>,
) -> impl IntoView {
    let state = use_state();
    move || {
        let layer = selected.get()?;
        let metric = state.metric.get();
        let text = charted.with(|c| {
            let l = c.report.as_ref().ok()?.layers.get(layer - 1)?;
            Some(format!(
                "Layer {layer}: {} = {}",
                metric.title(),
                format_value(metric.value(l))
            ))
        })?;
        let left = layout.with_value(|l| {
            l.as_ref()
                .and_then(|(l, dpr)| l.center_x(layer).map(|x| x as f64 / dpr))
        })?;
        Some(
            view! { <div class="tooltip" role="status" style=format!("left:{left:.0}px")>{text}</div> },
        )
    }
}

/// The chart's title, how to read it, and the theory toggle.
#[component]
fn GradientCaption(charted: Memo<ChartedReport>) -> impl IntoView {
    let state = use_state();
    view! {
        <figcaption>
            <h2>"Gradient per layer"</h2>
            <TrainedCaption charted=charted test_id="gradient-chart-step" />
            <p class="hint read-hint">
                "Log scale: each step of the axis is a factor of 10, a "<dfn><Term id="decade">"decade"</Term></dfn>". \
                 Bars within 32× (1.5 decades) of layer L are green, as the diagnosis judges. \
                 Hover a bar, or focus the chart and use ← →, to read its exact value."
            </p>
            {move || bands_note(state.metric.get(), charted.with(|c| c.report.as_ref().ok().and_then(|r| r.mixed))).map(|note| view! {
                <p class="hint read-hint" data-testid="format-bands-note">{note}</p>
            })}
            <label class="checkbox">
                <input type="checkbox" data-testid="theory-toggle"
                    prop:checked=move || state.show_theory.get()
                    on:change=move |ev| state.show_theory.set(event_target_checked(&ev)) />
                "Show the mean-field prediction (signal gradient)"
            </label>
        </figcaption>
    }
}

/// Under the title in float16 or bfloat16: what the bars and the bands show.
fn bands_note(metric: Metric, mixed: Option<MixedRun>) -> Option<String> {
    let run = mixed?;
    Some(match metric {
        Metric::Signal => format!(
            "In {} the bars are S·‖∂L/∂z‖, the gradient as the format holds it (loss scale S = \
             2^{}). Shaded: where a layer's typical entry (‖·‖/√(batch × width)) is subnormal, \
             underflows to 0, or overflows.",
            run.precision.id(),
            run.scale_log2
        ),
        Metric::Weight => format!(
            "In {} the weight gradient is shown unscaled (÷S), as the optimizer gets it; the \
             format's limits are drawn on the signal gradient.",
            run.precision.id()
        ),
    })
}

/// The chart's text alternative: the summary, the pinned comparison and the theory's sentence
/// where they are shown.
fn summary_text(r: &Report, metric: Metric, pinned: Option<&Report>, show_theory: bool) -> String {
    let mut text = gradient_summary(r, metric);
    if let Some(p) = pinned {
        text = format!("{text}. {}", comparison_summary(p, r, metric));
    }
    if show_theory {
        let theory = TheoryOverlay::from_report(r, metric).sentence(r);
        text = format!("{text} {theory}");
    }
    if let Some(b) = FormatBands::from_report(r, metric) {
        let values: Vec<f64> = r.layers.iter().map(|l| metric.value(l)).collect();
        text = format!("{text} {}", b.sentence(&b.scaled(&values)));
    }
    text
}

/// The selected layer after a key (`None` inside: nothing selected), or `None` for a key the
/// chart leaves alone: ← → step through layers 1..=last, Home/End jump, Escape clears.
fn key_selection(key: &str, selected: Option<usize>, last: usize) -> Option<Option<usize>> {
    Some(match (key, selected) {
        ("ArrowRight", Some(l)) => Some((l + 1).min(last)),
        ("ArrowLeft", Some(l)) => Some(l.saturating_sub(1).max(1)),
        ("Home", _) => Some(1),
        ("End", _) => Some(last),
        ("ArrowRight" | "ArrowLeft", None) => Some(last),
        ("Escape", _) => None,
        _ => return None,
    })
}

/// A layer's exact values, as the table shows them.
fn gradient_cells(l: &LayerReport) -> Vec<String> {
    vec![
        format_value(l.signal_grad_norm),
        format_value(l.weight_grad_norm),
        format!("{:.3}", l.act_mean),
        format!("{:.3}", l.act_std),
    ]
}
