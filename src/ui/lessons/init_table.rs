//! Section 5's table: the initializations with their distributions and variances in KaTeX.

use leptos::prelude::*;

use super::display_style;
use super::try_it::{try_it_cell, try_it_table};
use crate::lessons::{math_placeholder, render_inline_markdown, InitRow, INIT_ROWS};
use crate::page::edit::Edit;
use crate::ui::explorer::state::use_state;

#[component]
pub fn InitTable() -> impl IntoView {
    let rows = INIT_ROWS
        .iter()
        .map(|row| view! { <InitRowView row /> })
        .collect_view();
    try_it_table(
        "init-table",
        "Weight initializations and their variances",
        ["Initialization", "Weights", "Variance", "Best for", "Note"],
        rows,
    )
}

#[component]
fn InitRowView(row: &'static InitRow) -> impl IntoView {
    let state = use_state();
    let init = row.init;
    let current = move || {
        state
            .config
            .with(|c| c.net.init == init && c.sigma_w2.is_none())
    };
    view! {
        <tr class:current=current>
            <th scope="row" data-label="Initialization">{row.name}</th>
            <td data-label="Weights" inner_html=math_placeholder(&display_style(row.distribution_tex), false)></td>
            <td data-label="Variance">
                <span inner_html=math_placeholder(&display_style(row.variance_tex), false)></span>
            </td>
            <td data-label="Best for">{row.best_for}</td>
            <td data-label="Note" inner_html=render_inline_markdown(row.note)></td>
            {try_it_cell(format!("try-init-{}", init.id()), row.name, current, Edit::Init(init))}
        </tr>
    }
}
