//! The number format and loss scale selects of a mode (`--precision`, `--loss-scale` as the
//! CLI calls them), each labelled, showing the mode's current choice; a change goes to the
//! mode's own edit through `on_precision` / `on_loss_scale`.

use leptos::prelude::*;

use crate::page::train::precision::{loss_scale_label, offered_loss_scales};
use crate::sim::mixed::{LossScale, MixedPrecision};
use crate::sim::numeric::Precision;

/// `prefix` names the selects: "tf-" gives ids and test ids `tf-precision`, `tf-loss-scale`.
#[component]
pub fn PrecisionSelects(
    prefix: &'static str,
    mixed: RwSignal<MixedPrecision>,
    on_precision: Callback<Precision>,
    on_loss_scale: Callback<LossScale>,
) -> impl IntoView {
    let (precision_id, scale_id) = (format!("{prefix}precision"), format!("{prefix}loss-scale"));
    view! {
        <div class="control">
            <label for=precision_id.clone()>"Precision"</label>
            <select id=precision_id.clone() data-testid=precision_id on:change=move |ev| {
                if let Some(p) = Precision::from_id(&event_target_value(&ev)) { on_precision.run(p); }
            }>
                {Precision::ALL.into_iter().map(|p| view! {
                    <option value=p.id() prop:selected=move || mixed.with(|m| m.precision == p)>{p.id()}</option>
                }).collect_view()}
            </select>
        </div>
        <div class="control">
            <label for=scale_id.clone()>"Loss scale"</label>
            <select id=scale_id.clone() data-testid=scale_id on:change=move |ev| {
                if let Some(l) = LossScale::parse(&event_target_value(&ev)) { on_loss_scale.run(l); }
            }>
                {offered_loss_scales().into_iter().map(|l| view! {
                    <option value=l.id() prop:selected=move || mixed.with(|m| m.loss_scale == l)>{loss_scale_label(l)}</option>
                }).collect_view()}
            </select>
        </div>
    }
}
