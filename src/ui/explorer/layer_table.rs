//! A chart's per-layer values as a table in a `<details>` (its full text alternative), output
//! layer first. Rows are built only while the table is open: they cost DOM work on every change.

use leptos::prelude::*;

use super::charted::ChartedReport;
use crate::sim::LayerReport;

/// `headers` name the columns after "Layer"; `cells` gives a layer's values in that order.
#[component]
pub fn LayerTable(
    charted: Memo<ChartedReport>,
    summary: &'static str,
    headers: &'static [&'static str],
    cells: fn(&LayerReport) -> Vec<String>,
    #[prop(optional)] test_id: Option<&'static str>,
) -> impl IntoView {
    let open = RwSignal::new(false);
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
                                {cells(l).into_iter().map(|v| view! { <td>{v}</td> }).collect_view()}
                            </tr>
                        }
                    })
                    .collect_view(),
            )
        })
    };
    view! {
        <details class="value-table" data-testid=test_id
            on:toggle=move |ev| open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())>
            <summary>{summary}</summary>
            <table>
                <thead><tr>
                    <th scope="col">"Layer"</th>
                    {headers.iter().map(|h| view! { <th scope="col">{*h}</th> }).collect_view()}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </details>
    }
}
