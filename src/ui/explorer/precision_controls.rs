//! The precision lens's controls: the number format (`precision`) and the loss scale
//! (`loss-scale`), named as the CLI's `--precision` and `--loss-scale`. The loss scale is
//! disabled in float32, which has none. Each change is an `Edit` (see `state`).

use leptos::prelude::*;

use super::state::use_state;
use crate::page::edit::{Edit, LOSS_SCALES};
use crate::sim::mixed::{LossScale, MixedPrecision};
use crate::sim::numeric::Precision;

#[component]
pub fn PrecisionControl() -> impl IntoView {
    let state = use_state();
    let mixed = state.mixed;
    let is_float32 = move || mixed.with(|m| m.precision == Precision::Float32);
    let precision_options = Precision::ALL
        .into_iter()
        .map(|p| {
            view! {
                <option value=p.id() prop:selected=move || mixed.with(|m| m.precision == p)>
                    {precision_label(p)}
                </option>
            }
        })
        .collect_view();
    view! {
        <div class="control precision-control">
            <label for="precision">"Precision"</label>
            <select id="precision" data-testid="precision" aria-describedby="precision-note"
                on:change=move |ev| {
                    if let Some(p) = Precision::from_id(&event_target_value(&ev)) {
                        state.apply(Edit::Precision(p));
                    }
                }>
                {precision_options}
            </select>
            <label for="loss-scale">"Loss scale"</label>
            <select id="loss-scale" data-testid="loss-scale" aria-describedby="precision-note"
                disabled=is_float32
                on:change=move |ev| {
                    if let Some(s) = LossScale::parse(&event_target_value(&ev)) {
                        state.apply(Edit::LossScale(s));
                    }
                }>
                {loss_scale_options(mixed)}
            </select>
            <p class="card-note" id="precision-note" data-testid="precision-note">
                {move || precision_note(is_float32())}
            </p>
        </div>
    }
}

/// The options of the loss-scale select: the offered scales, each selected while it is the
/// current one (a property, so Back and Forward move the select too), and the current scale
/// where a link asked for another power of two.
fn loss_scale_options(mixed: ReadSignal<MixedPrecision>) -> impl IntoView {
    let offered = LOSS_SCALES
        .into_iter()
        .map(|s| {
            view! {
                <option value=s.id() prop:selected=move || mixed.with(|m| m.loss_scale == s)>
                    {loss_scale_label(s)}
                </option>
            }
        })
        .collect_view();
    let other = move || {
        let current = mixed.with(|m| m.loss_scale);
        (!LOSS_SCALES.contains(&current)).then(|| {
            view! {
                <option value=current.id() prop:selected=true>{loss_scale_label(current)}</option>
            }
        })
    };
    view! { {offered} {other} }
}

/// The select's words: the CLI's ids, with what a static scale is worth.
pub fn loss_scale_label(s: LossScale) -> String {
    match s {
        LossScale::None => "none".into(),
        LossScale::Power(k) if (0..=24).contains(&k) => format!("2^{k} = {}", 1u64 << k),
        LossScale::Power(k) => format!("2^{k}"),
        LossScale::Dynamic => "dynamic (from 2^16)".into(),
    }
}

fn precision_label(p: Precision) -> &'static str {
    match p {
        Precision::Float32 => "float32",
        Precision::BFloat16 => "bfloat16 (float32's range, 8 bits)",
        Precision::Float16 => "float16 (smallest 2⁻²⁴ ≈ 6e−8)",
    }
}

fn precision_note(float32: bool) -> &'static str {
    if float32 {
        "Every value in float32, as the rest of the page. Pick float16 or bfloat16 to run the \
         network as mixed-precision training does, and see which gradients the format loses."
    } else {
        "Mixed precision as PyTorch's autocast + GradScaler: every tensor rounded to the format, \
         the backward pass started from S × the loss gradient, the figures divided by S again."
    }
}
