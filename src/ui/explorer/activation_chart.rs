//! The activation distribution: a layer × value density heatmap that stays legible at depth
//! 100, with histograms of the first, middle and last layers below it. In training mode it
//! shows the trained network at the step of the training worker's newest report.

use leptos::prelude::*;

use super::charted::{charted_report, TrainedCaption};
use super::computing::ComputingOverlay;
use super::layer_table::LayerTable;
use super::state::use_state;
use crate::charts::explorer::activations::Activations;
use crate::sim::LayerReport;
use crate::ui::web::chart_canvas::{shown, ChartCanvas};

#[component]
pub fn ActivationChart() -> impl IntoView {
    let state = use_state();
    let charted = charted_report(state);
    view! {
        <figure class="chart activation-figure" aria-busy=move || state.busy.get().to_string()>
            <figcaption>
                <h2>"Activation distribution"</h2>
                <TrainedCaption charted=charted test_id="activation-chart-step" />
                <p class="hint">"Top: each column is one layer, colour shows how many activations fall at each value. Bottom: histograms of the first, middle and last layers."</p>
            </figcaption>
            <div class="canvas-wrap">
                <ChartCanvas chart=Activations dark=state.dark testid="activation-chart"
                    class="activation-canvas" data=move |see| charted.with(|c| see(shown(&c.report)))
                    words=move |text| charted.with(|c| c.at_step(text)) />
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
