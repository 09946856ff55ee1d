//! The network controls. Each is labelled, keyboard-operable, and shows its current value.
//! A control only reads the config; what it changes it sends as an `Edit` (see `state`).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::precision_controls::PrecisionControl;
use super::state::use_state;
use crate::lessons::remedies::{norm_note, residual_note};
use crate::page::edit::{batch_limit, Edit, BATCH_MAX, DEPTH_MAX, WIDTHS};
use crate::sim::{Activation, Init, Norm, Residual};
use crate::ui::term::Term;
use crate::ui::web::choice_options::choice_options;
use crate::words::metric::Metric;

#[component]
pub fn Controls() -> impl IntoView {
    view! {
        <div class="controls-grid">
            <DepthControl />
            <WidthControl />
            <ActivationControl />
            <InitControl />
            <ResidualControl />
            <NormControl />
            <PrecisionControl />
            <SeedControl />
            <MetricToggle />
            <AdvancedControls />
        </div>
    }
}

#[component]
fn DepthControl() -> impl IntoView {
    let state = use_state();
    let cfg = state.config;
    view! {
        <div class="control">
            <label for="depth">"Depth (layers)"</label>
            <input id="depth" data-testid="depth" type="range" min="1" max=DEPTH_MAX step="1"
                prop:value=move || cfg.with(|c| c.net.depth).to_string()
                aria-valuetext=move || cfg.with(|c| depth_words(c.net.depth))
                on:input=move |ev| {
                    if let Ok(d) = event_target_value(&ev).parse::<usize>() {
                        state.edit(&ev, Edit::Depth(d));
                    }
                } />
            <output for="depth">{move || cfg.with(|c| c.net.depth)}</output>
        </div>
    }
}

/// The width slider moves over the indices of `WIDTHS`.
#[component]
fn WidthControl() -> impl IntoView {
    let state = use_state();
    let cfg = state.config;
    let default_index = WIDTHS.iter().position(|w| *w == 64).unwrap_or(0);
    let width_index = move || {
        WIDTHS
            .iter()
            .position(|w| *w == cfg.with(|c| c.net.width))
            .unwrap_or(default_index)
    };
    view! {
        <div class="control">
            <label for="width">"Width (units per layer)"</label>
            <input id="width" data-testid="width" type="range" min="0" max=WIDTHS.len() - 1 step="1"
                prop:value=move || width_index().to_string()
                aria-valuetext=move || cfg.with(|c| format!("{} units per layer", c.net.width))
                on:input=move |ev| {
                    let i = event_target_value(&ev).parse::<usize>().unwrap_or(default_index);
                    state.edit(&ev, Edit::Width(WIDTHS[i.min(WIDTHS.len() - 1)]));
                } />
            <output for="width">{move || cfg.with(|c| c.net.width)}</output>
        </div>
    }
}

#[component]
fn ActivationControl() -> impl IntoView {
    let state = use_state();
    let cfg = state.config;
    view! {
        <div class="control">
            <label for="activation">"Activation"</label>
            <select id="activation" data-testid="activation"
                on:change=move |ev| {
                    if let Some(a) = Activation::from_id(&event_target_value(&ev)) {
                        state.edit(&ev, Edit::Activation(a));
                    }
                }>
                {choice_options(move |a: Activation| cfg.with(|c| c.net.activation == a))}
            </select>
        </div>
    }
}

#[component]
fn InitControl() -> impl IntoView {
    let state = use_state();
    let cfg = state.config;
    view! {
        <div class="control">
            <label for="init">"Weight initialization"</label>
            <select id="init" data-testid="init"
                on:change=move |ev| {
                    if let Some(i) = Init::from_id(&event_target_value(&ev)) {
                        state.edit(&ev, Edit::Init(i));
                    }
                }>
                {choice_options(move |i: Init| cfg.with(|c| c.net.init == i && c.sigma_w2.is_none()))}
                // Set by the phase diagram (or a link): choosing an init again clears it.
                <option value="custom" disabled=true hidden=move || cfg.with(|c| c.sigma_w2.is_none())
                    prop:selected=move || cfg.with(|c| c.sigma_w2.is_some())>
                    {move || cfg.with(|c| c.sigma_w2.map(|v| format!("Custom (σ_w² = {v})")).unwrap_or_default())}
                </option>
            </select>
        </div>
    }
}

/// Skip connections; the note under it says what the chosen option does.
#[component]
fn ResidualControl() -> impl IntoView {
    let state = use_state();
    let cfg = state.config;
    view! {
        <div class="control">
            <label for="residual">"Residual connection"</label>
            <select id="residual" data-testid="residual" aria-describedby="residual-note"
                on:change=move |ev| {
                    if let Some(r) = Residual::from_id(&event_target_value(&ev)) {
                        state.edit(&ev, Edit::Residual(r));
                    }
                }>
                {choice_options(move |r: Residual| cfg.with(|c| c.net.residual == r))}
            </select>
            <p class="card-note" id="residual-note" data-testid="residual-note">
                {move || residual_note(cfg.with(|c| c.net.residual))}
            </p>
        </div>
    }
}

/// Normalization before the activation; the note under it says what the chosen option does.
#[component]
fn NormControl() -> impl IntoView {
    let state = use_state();
    let cfg = state.config;
    view! {
        <div class="control">
            <label for="norm">"Normalization"</label>
            <select id="norm" data-testid="norm" aria-describedby="norm-note"
                on:change=move |ev| {
                    if let Some(n) = Norm::from_id(&event_target_value(&ev)) {
                        state.edit(&ev, Edit::Norm(n));
                    }
                }>
                {choice_options(move |n: Norm| cfg.with(|c| c.net.norm == n))}
            </select>
            <p class="card-note" id="norm-note" data-testid="norm-note">
                {move || norm_note(cfg.with(|c| c.net.norm))}
            </p>
        </div>
    }
}

#[component]
fn SeedControl() -> impl IntoView {
    let state = use_state();
    let cfg = state.config;
    view! {
        <div class="control">
            <label for="seed">"Seed"</label>
            <div class="inline">
                <input id="seed" data-testid="seed" type="number" min="0" step="1" inputmode="numeric"
                    prop:value=move || cfg.with(|c| c.seed).to_string()
                    on:change=move |ev| {
                        match event_target_value(&ev).trim().parse::<u64>() {
                            Ok(s) => state.edit(&ev, Edit::Seed(s)),
                            // Not a whole number: show the seed in use again.
                            Err(_) => show_again(&ev, cfg.with_untracked(|c| c.seed)),
                        }
                    } />
                <button type="button" data-testid="resample"
                    title="Draw new random weights and data"
                    on:click=move |ev| state.resample(&ev)>"Resample"</button>
            </div>
        </div>
    }
}

#[component]
fn MetricToggle() -> impl IntoView {
    let state = use_state();
    let toggle = move || {
        state.metric.update(|m| {
            *m = match m {
                Metric::Signal => Metric::Weight,
                Metric::Weight => Metric::Signal,
            }
        })
    };
    view! {
        <div class="control">
            <span class="label" id="metric-label">"Gradient shown"</span>
            <button type="button" role="switch" data-testid="metric-toggle" class="metric-toggle"
                aria-labelledby="metric-label"
                aria-checked=move || (state.metric.get() == Metric::Weight).to_string()
                on:click=move |_| toggle()>
                {move || match state.metric.get() {
                    Metric::Signal => "Signal ∂L/∂z (switch to ∂L/∂W)",
                    Metric::Weight => "Weight ∂L/∂W (switch to ∂L/∂z)",
                }}
            </button>
        </div>
    }
}

#[component]
fn AdvancedControls() -> impl IntoView {
    let state = use_state();
    let cfg = state.config;
    view! {
        <details class="control advanced">
            <summary>"Advanced"</summary>
            <label for="batch">"Batch size"</label>
            <input id="batch" data-testid="batch" type="number" min="1" step="1"
                max=move || cfg.with(batch_limit)
                aria-describedby="batch-limit"
                prop:value=move || cfg.with(|c| c.batch).to_string()
                on:change=move |ev| {
                    match event_target_value(&ev).trim().parse::<f64>() {
                        // `as` saturates: a negative batch becomes 0, which the edit clamps to 1.
                        Ok(b) if b.is_finite() => state.edit(&ev, Edit::Batch(b.round() as usize)),
                        _ => show_again(&ev, cfg.with_untracked(|c| c.batch)),
                    }
                } />
            <p id="batch-limit" class="hint" data-testid="batch-limit"
                hidden=move || cfg.with(batch_limit) == BATCH_MAX>
                {move || format!(
                    "At most {} at this depth and width, so the page stays within its memory.",
                    cfg.with(batch_limit)
                )}
            </p>
            <label class="checkbox">
                <input type="checkbox" data-testid="show-variability"
                    prop:checked=move || state.show_spread.get()
                    on:change=move |ev| state.show_spread.set(event_target_checked(&ev)) />
                "Show variability over 5 seeds (p10–p90 band)"
            </label>
            <p class="hint" data-testid="band-explained">
                "The same network with 5 different random weight draws (seeds): the shaded "
                <Term id="seed-band">"band"</Term>
                " around each bar spans from the 10th to the 90th percentile of those runs, so a \
                 difference inside the band is luck of the draw, not the setting."
            </p>
        </details>
    }
}

/// What a screen reader says for the depth slider: "15 layers".
fn depth_words(depth: usize) -> String {
    match depth {
        1 => "1 layer".to_string(),
        d => format!("{d} layers"),
    }
}

/// Puts the value in use back into a field the user typed something unreadable into.
fn show_again(ev: &web_sys::Event, value: impl ToString) {
    if let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        input.set_value(&value.to_string());
    }
}
