//! Section 5's table: the initializations with their distributions and variances in KaTeX.

use leptos::prelude::*;

use super::{display_style, scroll_to_explorer};
use crate::lessons::{math_placeholder, render_inline_markdown, InitRow, INIT_ROWS};
use crate::ui::state::use_state;

#[component]
pub fn InitTable() -> impl IntoView {
    let rows = INIT_ROWS
        .iter()
        .map(|row| view! { <InitRowView row /> })
        .collect_view();
    view! {
        <div class="table-scroll widget">
            <table class="lesson-table init-table">
                <caption class="visually-hidden">"Weight initializations and their variances"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Initialization"</th>
                        <th scope="col">"Weights"</th>
                        <th scope="col">"Variance"</th>
                        <th scope="col">"Best for"</th>
                        <th scope="col">"Note"</th>
                        <th scope="col"><span class="visually-hidden">"Try it"</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
fn InitRowView(row: &'static InitRow) -> impl IntoView {
    let state = use_state();
    let init = row.init;
    let current = move || {
        state
            .config
            .with(|c| c.init == init && c.sigma_w2.is_none())
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
            <td>
                <button
                    type="button"
                    data-testid=format!("try-init-{}", init.id())
                    aria-pressed=move || current().to_string()
                    on:click=move |_| {
                        state.config.update(|c| {
                            c.init = init;
                            c.sigma_w2 = None;
                        });
                        scroll_to_explorer();
                    }
                >
                    "Try it"
                    <span class="visually-hidden">{format!(": use {} in the explorer", row.name)}</span>
                </button>
            </td>
        </tr>
    }
}
