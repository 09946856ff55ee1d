//! Section 4's table: one row per activation with a φ/φ′ plot and a "Try it" button.

use leptos::html::Canvas;
use leptos::prelude::*;

use super::display_style;
use super::try_it::{try_it_cell, try_it_table};
use crate::charts::explorer::function_plot::draw_function_plot;
use crate::lessons::{math_placeholder, render_inline_markdown, ActivationRow, ACTIVATION_ROWS};
use crate::page::edit::Edit;
use crate::sim::Activation;
use crate::ui::explorer::state::use_state;
use crate::ui::web::canvas_draw::draw_on_canvas;

#[component]
pub fn ActivationTable() -> impl IntoView {
    let rows = ACTIVATION_ROWS
        .iter()
        .map(|row| view! { <ActivationRowView row /> })
        .collect_view();
    try_it_table(
        "activation-table",
        "Activation functions and how they affect gradients",
        ["Activation", "φ and φ′", "φ′ range", "Main risk", "Note"],
        rows,
    )
}

#[component]
fn ActivationRowView(row: &'static ActivationRow) -> impl IntoView {
    let state = use_state();
    let a = row.activation;
    let current = move || state.config.with(|c| c.net.activation == a);
    view! {
        <tr class:current=current>
            <th scope="row" data-label="Activation">
                <span class="activation-name">{row.name}</span>
                <span class="activation-formula" inner_html=math_placeholder(&display_style(row.formula_tex), false)></span>
            </th>
            <td data-label="φ and φ′"><FunctionPlot activation=a /></td>
            <td data-label="φ′ range" inner_html=math_placeholder(row.derivative_range_tex, false)></td>
            <td data-label="Main risk">
                <span class="risk" data-risk=row.risk_level.id()>{row.risk}</span>
            </td>
            <td data-label="Note" inner_html=render_inline_markdown(row.note)></td>
            {try_it_cell(format!("try-activation-{}", a.id()), row.name, current, Edit::Activation(a))}
        </tr>
    }
}

/// The small φ/φ′ chart, redrawn when the colour scheme changes.
#[component]
fn FunctionPlot(activation: Activation) -> impl IntoView {
    let state = use_state();
    let canvas = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        let theme = state.theme();
        if let Some(el) = canvas.get() {
            let (x, y) = plot_ranges(activation);
            let _ = draw_on_canvas(&el, &theme, |area, theme| {
                draw_function_plot(
                    area,
                    |v| activation.eval(v),
                    |v| activation.derivative(v),
                    x,
                    y,
                    theme,
                )
                .is_ok()
            });
        }
    });
    let label = format!(
        "Plot of {} and its derivative",
        activation.label().to_lowercase()
    );
    view! { <canvas class="function-plot" node_ref=canvas role="img" aria-label=label></canvas> }
}

/// Bounded activations get a tight y range so their derivative's shape shows.
fn plot_ranges(a: Activation) -> (std::ops::Range<f64>, std::ops::Range<f64>) {
    match a {
        Activation::Sigmoid | Activation::Tanh => (-4.0..4.0, -1.2..1.2),
        _ => (-3.0..3.0, -2.0..3.0),
    }
}
