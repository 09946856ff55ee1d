//! The network controls. Each is labelled, keyboard-operable, and shows its current value.

use leptos::prelude::*;

use super::state::use_state;
use crate::metric::Metric;
use crate::query::{BATCH_MAX, DEPTH_MAX, WIDTHS};
use crate::sim::{Activation, Init};

#[component]
pub fn Controls() -> impl IntoView {
    let state = use_state();
    let cfg = state.config;
    let width_index = move || {
        WIDTHS
            .iter()
            .position(|w| *w == cfg.with(|c| c.width))
            .unwrap_or(3)
    };
    view! {
        <div class="controls-grid">
            <div class="control">
                <label for="depth">"Depth (layers)"</label>
                <input id="depth" data-testid="depth" type="range" min="1" max=DEPTH_MAX step="1"
                    prop:value=move || cfg.with(|c| c.depth).to_string()
                    on:input=move |ev| {
                        if let Ok(d) = event_target_value(&ev).parse::<usize>() {
                            state.edit(&ev, |c| c.depth = d.clamp(1, DEPTH_MAX));
                        }
                    } />
                <output for="depth">{move || cfg.with(|c| c.depth)}</output>
            </div>
            <div class="control">
                <label for="width">"Width (units per layer)"</label>
                <input id="width" data-testid="width" type="range" min="0" max=WIDTHS.len() - 1 step="1"
                    prop:value=move || width_index().to_string()
                    aria-valuetext=move || cfg.with(|c| c.width).to_string()
                    on:input=move |ev| {
                        let i = event_target_value(&ev).parse::<usize>().unwrap_or(3);
                        let w = WIDTHS[i.min(WIDTHS.len() - 1)];
                        state.edit(&ev, |c| c.width = w);
                    } />
                <output for="width">{move || cfg.with(|c| c.width)}</output>
            </div>
            <div class="control">
                <label for="activation">"Activation"</label>
                <select id="activation" data-testid="activation"
                    on:change=move |ev| {
                        if let Some(a) = Activation::from_id(&event_target_value(&ev)) {
                            state.edit(&ev, |c| c.activation = a);
                        }
                    }>
                    {Activation::ALL.into_iter().map(|a| view! {
                        <option value=a.id() selected=move || cfg.with(|c| c.activation == a)>{a.display_name()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="control">
                <label for="init">"Weight initialization"</label>
                <select id="init" data-testid="init"
                    on:change=move |ev| {
                        if let Some(i) = Init::from_id(&event_target_value(&ev)) {
                            state.edit(&ev, |c| c.init = i);
                        }
                    }>
                    {Init::ALL.into_iter().map(|i| view! {
                        <option value=i.id() selected=move || cfg.with(|c| c.init == i)>{i.display_name()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="control">
                <label for="seed">"Seed"</label>
                <div class="inline">
                    <input id="seed" data-testid="seed" type="number" min="0" step="1" inputmode="numeric"
                        prop:value=move || cfg.with(|c| c.seed).to_string()
                        on:change=move |ev| {
                            match event_target_value(&ev).trim().parse::<u64>() {
                                Ok(s) => state.edit(&ev, |c| c.seed = s),
                                // Not a whole number: show the seed in use again.
                                Err(_) => cfg.notify(),
                            }
                        } />
                    <button type="button" data-testid="resample"
                        title="Draw new random weights and data"
                        on:click=move |ev| {
                            let s = (js_sys::Math::random() * 1e9) as u64;
                            state.edit(&ev, |c| c.seed = s);
                        }>"Resample"</button>
                </div>
            </div>
            <div class="control">
                <span class="label" id="metric-label">"Gradient shown"</span>
                <button type="button" role="switch" data-testid="metric-toggle" class="metric-toggle"
                    aria-labelledby="metric-label"
                    aria-checked=move || (state.metric.get() == Metric::Weight).to_string()
                    on:click=move |_| state.metric.update(|m| *m = match m { Metric::Signal => Metric::Weight, Metric::Weight => Metric::Signal })>
                    {move || match state.metric.get() {
                        Metric::Signal => "Signal ∂L/∂z (switch to ∂L/∂W)",
                        Metric::Weight => "Weight ∂L/∂W (switch to ∂L/∂z)",
                    }}
                </button>
            </div>
            <details class="control advanced">
                <summary>"Advanced"</summary>
                <label for="batch">"Batch size"</label>
                <input id="batch" data-testid="batch" type="number" min="1" max=BATCH_MAX step="1"
                    prop:value=move || cfg.with(|c| c.batch).to_string()
                    on:change=move |ev| {
                        match event_target_value(&ev).trim().parse::<f64>() {
                            Ok(b) if b.is_finite() => {
                                let b = b.round().clamp(1.0, BATCH_MAX as f64) as usize;
                                state.edit(&ev, |c| c.batch = b);
                            }
                            _ => cfg.notify(),
                        }
                    } />
                <label class="checkbox">
                    <input type="checkbox" data-testid="show-variability"
                        prop:checked=move || state.show_spread.get()
                        on:change=move |ev| state.show_spread.set(event_target_checked(&ev)) />
                    "Show variability over 5 seeds (p10–p90 band)"
                </label>
            </details>
        </div>
    }
}
