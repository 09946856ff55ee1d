//! The `<option>`s of a select over any `Choice` (activation, init, residual, norm, …): one per
//! value, in `ALL`'s order, its `value` the id, its text the label, selected (the property, so
//! it follows the config after the user has used the select) while `selected(value)` holds.

use leptos::prelude::*;

use crate::sim::Choice;

/// The options of a select over every value of `T`.
pub fn choice_options<T>(
    selected: impl Fn(T) -> bool + Copy + Send + Sync + 'static,
) -> impl IntoView
where
    T: Choice + Send + Sync,
{
    T::ALL
        .iter()
        .map(|&v| {
            view! {
                <option value=v.id() prop:selected=move || selected(v)>{v.label()}</option>
            }
        })
        .collect_view()
}
