//! The transformer mode's charts on canvases: the stream gradient (with the pinned run
//! dashed beside it), the stream's std and the weight gradients per block. Each is redrawn on
//! every new report (and theme or window change), counted in `data-render-count`, with a text
//! alternative; a table holds the per-block medians.

use leptos::prelude::*;

use super::state::use_transformer_state;
use crate::charts::transformer::block_weights::BlockWeights;
use crate::charts::transformer::stream::{PinnedStack, StreamData, StreamQuantity};
use crate::charts::transformer::summary::stack_name;
use crate::charts::transformer::summary::WEIGHT_LABELS;
use crate::ui::web::chart_canvas::{shown, ChartCanvas, Shown};
use crate::words::format::format_value;

/// The stream's gradient (`Gradient`) or std (`Std`) per block.
#[component]
pub fn StreamChart(dark: ReadSignal<bool>, quantity: StreamQuantity) -> impl IntoView {
    let state = use_transformer_state();
    let data = move |see: &mut dyn FnMut(Shown<'_, StreamQuantity>)| {
        state.pinned.with(|pinned| {
            let pin = pinned.as_ref().map(|p| PinnedStack {
                report: p,
                name: stack_name(p),
            });
            state.result.with(|r| {
                see(shown(r).map(|report| StreamData {
                    report,
                    pinned: pin.as_ref(),
                }))
            })
        })
    };
    // The stream gradient is the mode's first chart (sticky on a phone, as the explorer's);
    // the std comes after the verdict.
    let class = match quantity {
        StreamQuantity::Gradient => "chart tf-chart gradient-figure",
        StreamQuantity::Std => "chart tf-chart tf-secondary",
    };
    let (testid, title, hint) = match quantity {
        StreamQuantity::Gradient => (
            "stream-gradient-chart",
            "Stream gradient per block",
            "The loss sits on the output: the line shows how much of its gradient reaches each block's input on the residual stream (median over the seed band, shaded p10–p90).",
        ),
        StreamQuantity::Std => (
            "stream-std-chart",
            "Stream std per block",
            "How large the stream itself is after each block: a norm after the sum keeps it at 1, a stream that only adds grows.",
        ),
    };
    view! {
        <figure class=class aria-busy=move || state.busy.get().to_string()>
            <figcaption>
                <h2>{title}</h2>
                <p class="hint read-hint">{hint}</p>
            </figcaption>
            <div class="canvas-wrap">
                <ChartCanvas chart=quantity data=data dark=dark testid=testid class="tf-canvas" />
                <Show when=move || state.busy.get()>
                    <div class="rnn-computing" role="status">"Computing…"</div>
                </Show>
            </div>
        </figure>
    }
}

/// The six weight gradients per block as a heatmap, and the table of every median.
#[component]
pub fn BlockWeightChart(dark: ReadSignal<bool>) -> impl IntoView {
    let state = use_transformer_state();
    view! {
        <figure class="chart tf-chart tf-secondary" aria-busy=move || state.busy.get().to_string()>
            <figcaption>
                <h2>"Weight gradients per block"</h2>
                <p class="hint read-hint">"Each row one weight matrix, each column one block: the colour is ‖∂L/∂W‖ on a log scale (dark = small)."</p>
            </figcaption>
            <div class="canvas-wrap">
                <ChartCanvas chart=BlockWeights dark=dark testid="block-weight-chart" class="tf-canvas tf-heatmap"
                    data=move |see| state.result.with(|r| see(shown(r))) />
            </div>
            <BlockTable />
        </figure>
    }
}

/// Per block: the stream gradient, its band, the std and the six weight gradients (medians).
#[component]
fn BlockTable() -> impl IntoView {
    let state = use_transformer_state();
    let rows = move || {
        state.result.with(|r| {
            r.as_ref().ok().map(|report| {
                report
                    .blocks
                    .iter()
                    .map(|b| {
                        let g = b.stream_grad_norm;
                        let weights = b.weight_grad_norm.to_array().map(|p| format_value(p.p50));
                        view! {
                            <tr>
                                <td>{b.block}</td>
                                <td>{format_value(g.p50)}</td>
                                <td>{format_value(g.p10)} " – " {format_value(g.p90)}</td>
                                <td>{format_value(b.stream_std.p50)}</td>
                                {weights.into_iter().map(|w| view! { <td>{w}</td> }).collect_view()}
                            </tr>
                        }
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <details class="layer-table" data-testid="block-table">
            <summary>"Table of values per block"</summary>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Values per block">
                <table>
                    <thead><tr>
                        <th scope="col">"Block"</th>
                        <th scope="col">"‖∂L/∂x‖ median"</th>
                        <th scope="col">"p10 – p90"</th>
                        <th scope="col">"std(x)"</th>
                        {WEIGHT_LABELS.map(|w| view! { <th scope="col">{format!("‖∂L/∂{w}‖")}</th> })}
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </details>
    }
}
