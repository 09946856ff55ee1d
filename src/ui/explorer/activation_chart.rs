//! The activation distribution: a layer × value density heatmap that stays legible at depth
//! 100, with histograms of the first, middle and last layers below it. In training mode it
//! shows the trained network at the step of the training worker's newest report.

use leptos::prelude::*;

use super::charted::{charted_report, TrainedCaption};
use super::computing::ComputingOverlay;
use super::layer_table::LayerTable;
use super::state::use_state;
use crate::charts::{activation_summary, draw_activation_chart};
use crate::sim::LayerReport;
use crate::ui::web::canvas_draw::draw_on_canvas;
use crate::ui::web::chart_redraw::redraw_on_change;

#[component]
pub fn ActivationChart() -> impl IntoView {
    let state = use_state();
    let charted = charted_report(state);
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let renders = redraw_on_change(canvas, move |el| {
        let theme = state.theme();
        charted.with(|c| {
            let Ok(report) = &c.report else { return false };
            // The chart adds histograms of the first, middle and last layers when it is tall.
            let drawn = draw_on_canvas(el, &theme, |area, theme| {
                draw_activation_chart(area, report, theme).is_ok()
            });
            matches!(drawn, Some((true, _)))
        })
    });
    let label = move || charted.with(|c| c.label(activation_summary));
    view! {
        <figure class="chart activation-figure" aria-busy=move || state.busy.get().to_string()>
            <figcaption>
                <h2>"Activation distribution"</h2>
                <TrainedCaption charted=charted test_id="activation-chart-step" />
                <p class="hint">"Top: each column is one layer, colour shows how many activations fall at each value. Bottom: histograms of the first, middle and last layers."</p>
            </figcaption>
            <div class="canvas-wrap">
                <canvas node_ref=canvas data-testid="activation-chart" class="activation-canvas"
                    role="img" aria-label=label data-render-count=move || renders.get()></canvas>
                <ComputingOverlay />
            </div>
            // The heatmap's text alternative; the histograms' shapes are in the chart's label.
            <LayerTable charted=charted test_id="activation-table"
                summary="Table of activation statistics per layer"
                headers=&["Mean", "Std", "Saturated", "Zero outputs"] cells=activation_cells />
        </figure>
    }
}

/// The activation statistics of one layer, as the table shows them.
fn activation_cells(l: &LayerReport) -> Vec<String> {
    let percent = |f: Option<f64>| f.map_or_else(|| "—".into(), |f| format!("{:.1} %", 100.0 * f));
    vec![
        format!("{:.3}", l.act_mean),
        format!("{:.3}", l.act_std),
        percent(l.saturated_fraction),
        percent(l.dead_fraction),
    ]
}
