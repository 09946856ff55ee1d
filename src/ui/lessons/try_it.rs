//! What the activation and initialization tables share: the scrolling table whose last column
//! holds a "Try it" button per row, and that button, which loads the row into the explorer.

use leptos::prelude::*;

use super::show_chart_from_lesson;
use crate::page::edit::Edit;
use crate::ui::explorer::state::use_state;

/// A lesson table: headings for `columns`, an unlabelled "Try it" column, then `rows`.
pub fn try_it_table(
    class: &'static str,
    caption: &'static str,
    columns: [&'static str; 5],
    rows: impl IntoView,
) -> impl IntoView {
    let headings = columns
        .into_iter()
        .map(|c| view! { <th scope="col">{c}</th> })
        .collect_view();
    view! {
        <div class="table-scroll widget">
            <table class=format!("lesson-table {class}")>
                <caption class="visually-hidden">{caption}</caption>
                <thead>
                    <tr>
                        {headings}
                        <th scope="col"><span class="visually-hidden">"Try it"</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// A row's last cell: a toggle, pressed while the explorer uses this row (`current`), that
/// applies the row's `edit` and brings the gradient chart into view. `name` completes its accessible
/// name: "Try it: use `name` in the explorer".
pub fn try_it_cell(
    testid: String,
    name: &'static str,
    current: impl Fn() -> bool + Send + Sync + 'static,
    edit: Edit,
) -> impl IntoView {
    let state = use_state();
    view! {
        <td>
            <button
                type="button"
                data-testid=testid.clone()
                aria-pressed=move || current().to_string()
                on:click=move |_| {
                    state.apply(edit);
                    show_chart_from_lesson(testid.clone());
                }
            >
                "Try it"
                <span class="visually-hidden">{format!(": use {name} in the explorer")}</span>
            </button>
        </td>
    }
}
