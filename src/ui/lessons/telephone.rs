//! Section 1's toy: one slider for the per-layer multiplier, a bar per layer, and what reaches
//! layer 1. Self-contained: it does not touch the explorer's state.

use leptos::prelude::*;

use crate::lessons::telephone::{
    DEFAULT_LAYERS, DEFAULT_MULTIPLIER, MULTIPLIER_MAX, MULTIPLIER_MIN, MULTIPLIER_STEP,
};
use crate::lessons::{
    format_percent_any_magnitude, telephone_chain, telephone_formula, telephone_regime,
    telephone_result,
};

#[component]
pub fn Telephone() -> impl IntoView {
    let multiplier = RwSignal::new(DEFAULT_MULTIPLIER);
    let regime = move || telephone_regime(multiplier.get()).id();
    let label = move || format!("×{:.2}", multiplier.get());
    let on_input = move |ev| {
        // A range input only ever reports numbers; anything else is ignored.
        if let Ok(v) = event_target_value(&ev).parse::<f64>() {
            if v.is_finite() {
                multiplier.set(v.clamp(MULTIPLIER_MIN, MULTIPLIER_MAX));
            }
        }
    };
    // Loss first, then the layers in the order the gradient visits them (L down to 1).
    let bars = move || {
        let m = multiplier.get();
        let chain = telephone_chain(m, DEFAULT_LAYERS);
        // Linear heights relative to the largest value, so shrinking looks like shrinking.
        let top = chain.iter().copied().fold(1.0_f64, f64::max);
        std::iter::once(("Loss".to_string(), 1.0))
            .chain(
                chain
                    .iter()
                    .enumerate()
                    .map(|(k, &v)| (format!("Layer {}", DEFAULT_LAYERS - k), v)),
            )
            .map(|(name, v)| {
                let height = format!("height: {:.1}%", (v / top * 100.0).max(0.5));
                view! {
                    <li class="telephone-step">
                        <span class="telephone-value">{format_percent_any_magnitude(v)}</span>
                        <span class="telephone-track" aria-hidden="true">
                            <span class="telephone-bar" style=height></span>
                        </span>
                        <span class="telephone-layer">{name}</span>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <div class="telephone widget" data-regime=regime>
            <div class="telephone-control">
                <label for="telephone-multiplier">"Each layer multiplies the gradient by"</label>
                <input
                    id="telephone-multiplier"
                    type="range"
                    data-testid="telephone-multiplier"
                    min=MULTIPLIER_MIN
                    max=MULTIPLIER_MAX
                    step=MULTIPLIER_STEP
                    prop:value=move || multiplier.get().to_string()
                    aria-valuetext=label
                    on:input=on_input
                />
                <output for="telephone-multiplier" class="telephone-multiplier">{label}</output>
            </div>
            <ol class="telephone-chain" aria-label="Gradient size after each layer, from the loss back to layer 1">
                {bars}
            </ol>
            <p class="telephone-result" aria-live="polite">
                <strong data-testid="telephone-result">
                    {move || format_percent_any_magnitude(telephone_result(multiplier.get(), DEFAULT_LAYERS))}
                </strong>
                " of the gradient reaches layer 1 "
                <span class="telephone-formula">
                    "(" {move || telephone_formula(multiplier.get(), DEFAULT_LAYERS)} ")"
                </span>
            </p>
        </div>
    }
}
