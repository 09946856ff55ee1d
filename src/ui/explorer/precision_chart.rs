//! The precision chart, shown only in float16 or bfloat16: per layer, the shares of ∂L/∂z's
//! entries that were lost to underflow, zero, subnormal, normal or inf/NaN
//! (`charts::explorer::precision`), with its text alternative and a table of the shares.

use leptos::prelude::*;

use super::charted::charted_report;
use super::computing::ComputingOverlay;
use super::layer_table::LayerTable;
use super::state::use_state;
use crate::charts::explorer::precision::{
    draw_precision_chart, precision_summary, PrecisionChartData,
};
use crate::sim::LayerReport;
use crate::ui::web::canvas_draw::draw_on_canvas;
use crate::ui::web::chart_redraw::redraw_on_change;
use crate::words::format::format_share_percent;

/// The chart while the report is a mixed-precision one (mounted only then).
#[component]
pub fn PrecisionChart() -> impl IntoView {
    let state = use_state();
    let charted = charted_report(state);
    let shown =
        Memo::new(move |_| charted.with(|c| c.report.as_ref().is_ok_and(|r| r.mixed.is_some())));
    move || shown.get().then(|| view! { <PrecisionFigure /> })
}

#[component]
fn PrecisionFigure() -> impl IntoView {
    let state = use_state();
    let charted = charted_report(state);
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let renders = redraw_on_change(canvas, move |el| {
        let theme = state.theme();
        charted.with(|c| {
            let Some(data) = c
                .report
                .as_ref()
                .ok()
                .and_then(PrecisionChartData::from_report)
            else {
                return false;
            };
            let drawn = draw_on_canvas(el, &theme, |area, theme| {
                draw_precision_chart(area, &data, theme).is_ok()
            });
            matches!(drawn, Some((true, _)))
        })
    });
    let label = move || charted.with(|c| c.label(precision_summary));
    view! {
        <figure class="chart precision-figure" data-testid="precision-figure"
            aria-busy=move || state.busy.get().to_string()>
            <figcaption>
                <h2>"Where the gradient's entries sit in the format"</h2>
                <p class="hint">
                    "Each bar is one layer's ∂L/∂z, its entries sorted by how the format holds \
                     them. Hatched blue: lost to underflow (0 here, not 0 in float32); amber: \
                     subnormal, kept with few significant bits; green: normal."
                </p>
            </figcaption>
            <div class="canvas-wrap">
                <canvas node_ref=canvas data-testid="precision-chart" class="precision-canvas"
                    role="img" aria-label=label data-render-count=move || renders.get()></canvas>
                <ComputingOverlay />
            </div>
            <LayerTable charted=charted test_id="precision-table"
                summary="Table of the entries' shares per layer"
                headers=&["Lost to underflow", "Zero", "Subnormal", "Normal", "inf/NaN"]
                cells=precision_cells />
        </figure>
    }
}

/// One layer's shares, as the table shows them ("—" where the report has none).
fn precision_cells(l: &LayerReport) -> Vec<String> {
    match l.grad_fractions {
        Some(f) => [f.lost, f.zero, f.subnormal, f.normal, f.nonfinite]
            .into_iter()
            .map(|v| {
                if v.is_finite() {
                    format_share_percent(v)
                } else {
                    "—".to_string()
                }
            })
            .collect(),
        None => vec!["—".to_string(); 5],
    }
}
