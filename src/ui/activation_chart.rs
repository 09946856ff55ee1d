//! The activation distribution: a layer × value density heatmap that stays legible at depth
//! 100, with histograms of the first, middle and last layers below it. In training mode it
//! shows the trained network at the step of the training worker's newest report.

use leptos::prelude::*;

use super::canvas_draw::draw_on_canvas;
use super::chart_redraw::{redraw_on_change, ComputingOverlay};
use super::state::use_state;
use super::train_report::{charted_report, ChartedReport, TrainedCaption};
use crate::charts::{activation_summary, draw_activation_chart};

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
        <figure class="chart" aria-busy=move || state.busy.get().to_string()>
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
            <ActivationTable charted=charted />
        </figure>
    }
}

/// The activation statistics per layer of the charted network, as a table (the heatmap's text
/// alternative; the histograms' shapes are summarised in the chart's label).
#[component]
fn ActivationTable(charted: Memo<ChartedReport>) -> impl IntoView {
    // Rows are built only while the table is open, as for the gradient chart's table.
    let open = RwSignal::new(false);
    let percent = |f: Option<f64>| {
        f.map(|f| format!("{:.1} %", 100.0 * f))
            .unwrap_or_else(|| "—".into())
    };
    let rows = move || {
        if !open.get() {
            return None;
        }
        charted.with(|c| {
            let r = c.report.as_ref().ok()?;
            Some(
                r.layers
                    .iter()
                    .rev()
                    .map(|l| {
                        view! {
                            <tr>
                                <th scope="row">{l.layer}</th>
                                <td>{format!("{:.3}", l.act_mean)}</td>
                                <td>{format!("{:.3}", l.act_std)}</td>
                                <td>{percent(l.saturated_fraction)}</td>
                                <td>{percent(l.dead_fraction)}</td>
                            </tr>
                        }
                    })
                    .collect_view(),
            )
        })
    };
    view! {
        <details class="value-table" data-testid="activation-table"
            on:toggle=move |ev| open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())>
            <summary>"Table of activation statistics per layer"</summary>
            <table>
                <thead><tr>
                    <th scope="col">"Layer"</th><th scope="col">"Mean"</th><th scope="col">"Std"</th>
                    <th scope="col">"Saturated"</th><th scope="col">"Dead"</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </details>
    }
}
