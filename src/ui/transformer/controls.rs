//! The transformer controls: each labelled, keyboard-operable, showing its value; what it
//! changes it sends as a `TransformerEdit`. Named as `gradflow transformer` calls them.

use leptos::prelude::*;

use super::state::use_transformer_state;
use crate::page::edit::WIDTHS;
use crate::page::transformer::edit::{
    TransformerEdit as E, HEADS, REZERO_INIT_RANGE, TOKENS_RANGE,
};
use crate::sim::transformer::config::BLOCKS_RANGE;
use crate::sim::transformer::{BlockInit, NormKind, Placement};
use crate::ui::web::choice_options::choice_options;
use crate::ui::web::precision_selects::PrecisionSelects;

/// The widths the width slider offers (16 to 512).
fn widths() -> Vec<usize> {
    WIDTHS.into_iter().filter(|&w| w >= 16).collect()
}

#[component]
pub fn TransformerControls() -> impl IntoView {
    let state = use_transformer_state();
    let cfg = state.config;
    let num = |ev: &leptos::ev::Event| event_target_value(ev).trim().parse::<f64>().ok();
    let whole = move |ev: &leptos::ev::Event| num(ev).map(|v| v.max(0.0) as usize);
    let width_index = move || {
        widths()
            .iter()
            .position(|w| *w == cfg.with(|c| c.width))
            .unwrap_or(2)
    };
    let rezero = move || cfg.with(|c| c.placement == Placement::ReZero);
    view! {
        <div class="controls-grid tf-controls">
            <StackChoices />
            <div class="control">
                <label for="tf-blocks">"Blocks L"</label>
                <input id="tf-blocks" data-testid="blocks" type="range" min=*BLOCKS_RANGE.start() max=*BLOCKS_RANGE.end() step="1"
                    prop:value=move || cfg.with(|c| c.blocks).to_string()
                    aria-valuetext=move || cfg.with(|c| format!("{} blocks", c.blocks))
                    on:input=move |ev| { if let Some(l) = whole(&ev) { state.apply(E::Blocks(l)) } } />
                <output for="tf-blocks">{move || cfg.with(|c| c.blocks)}</output>
            </div>
            <div class="control">
                <label for="tf-width">"Width d"</label>
                <input id="tf-width" data-testid="tf-width" type="range" min="0" max=widths().len() - 1 step="1"
                    prop:value=move || width_index().to_string()
                    aria-valuetext=move || cfg.with(|c| format!("{} features", c.width))
                    on:input=move |ev| {
                        if let Some(i) = whole(&ev) {
                            let w = widths();
                            state.apply(E::Width(w[i.min(w.len() - 1)]));
                        }
                    } />
                <output for="tf-width">{move || cfg.with(|c| c.width)}</output>
            </div>
            <div class="control">
                <label for="tf-heads">"Heads"</label>
                <select id="tf-heads" data-testid="heads" on:change=move |ev| {
                    if let Some(h) = whole(&ev) { state.apply(E::Heads(h)); }
                }>
                    {HEADS.into_iter().map(|h| view! {
                        <option value=h prop:selected=move || cfg.with(|c| c.heads == h)>{h}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="control">
                <label for="tf-tokens">"Tokens T"</label>
                <input id="tf-tokens" data-testid="tokens" type="range" min=*TOKENS_RANGE.start() max=*TOKENS_RANGE.end() step="1"
                    prop:value=move || cfg.with(|c| c.tokens).to_string()
                    aria-valuetext=move || cfg.with(|c| format!("{} tokens", c.tokens))
                    on:input=move |ev| { if let Some(t) = whole(&ev) { state.apply(E::Tokens(t)) } } />
                <output for="tf-tokens">{move || cfg.with(|c| c.tokens)}</output>
            </div>
            <div class="control">
                <label for="tf-rezero-init">"ReZero gate a at init"</label>
                <input id="tf-rezero-init" data-testid="rezero-init" type="range"
                    min=*REZERO_INIT_RANGE.start() max=*REZERO_INIT_RANGE.end() step="0.05"
                    prop:value=move || cfg.with(|c| c.rezero_init).to_string()
                    prop:disabled=move || !rezero()
                    on:input=move |ev| { if let Some(a) = num(&ev) { state.apply(E::RezeroInit(a)) } } />
                <output for="tf-rezero-init">{move || cfg.with(|c| format!("{:.2}", c.rezero_init))}
                    {move || (!rezero()).then_some(" (ReZero only)")}</output>
            </div>
            <div class="control">
                <label class="checkbox">
                    <input type="checkbox" data-testid="scaled-init"
                        prop:checked=move || cfg.with(|c| c.scaled_init)
                        on:change=move |ev| state.apply(E::ScaledInit(event_target_checked(&ev))) />
                    "GPT-2 scaled init (W_O, W₂ × 1/√(2L))"
                </label>
            </div>
            <div class="control">
                <label for="tf-batch">"Batch"</label>
                <input id="tf-batch" data-testid="tf-batch" type="number" min="1" max="256" step="1"
                    prop:value=move || cfg.with(|c| c.batch).to_string()
                    on:change=move |ev| { if let Some(b) = whole(&ev) { state.apply(E::Batch(b)) } } />
            </div>
            <PrecisionSelects prefix="tf-" mixed=state.mixed
                on_precision=Callback::new(move |p| state.apply(E::Precision(p)))
                on_loss_scale=Callback::new(move |l| state.apply(E::LossScale(l))) />
            <div class="control">
                <label for="tf-seed">"Seed"</label>
                <input id="tf-seed" data-testid="tf-seed" type="number" min="0" step="1"
                    prop:value=move || cfg.with(|c| c.seed).to_string()
                    on:change=move |ev| { if let Ok(s) = event_target_value(&ev).trim().parse::<u64>() { state.apply(E::Seed(s)) } } />
            </div>
        </div>
    }
}

/// The stack's three choices: where the norm sits, which norm, which init (grid cells of the
/// controls above).
#[component]
fn StackChoices() -> impl IntoView {
    let state = use_transformer_state();
    let cfg = state.config;
    view! {
            <div class="control">
            <label for="tf-placement">"Norm placement"</label>
            <select id="tf-placement" data-testid="placement" on:change=move |ev| {
                if let Some(p) = Placement::from_id(&event_target_value(&ev)) { state.apply(E::Placement(p)); }
            }>{choice_options(move |p: Placement| cfg.with(|c| c.placement == p))}</select>
        </div>
        <div class="control">
            <label for="tf-norm">"Norm"</label>
            <select id="tf-norm" data-testid="norm-kind"
                prop:disabled=move || cfg.with(|c| !c.placement.has_norm())
                on:change=move |ev| {
                    if let Some(n) = NormKind::from_id(&event_target_value(&ev)) { state.apply(E::Norm(n)); }
                }>{choice_options(move |n: NormKind| cfg.with(|c| c.norm == n))}</select>
        </div>
        <div class="control">
            <label for="tf-init">"Init"</label>
            <select id="tf-init" data-testid="tf-init" on:change=move |ev| {
                if let Some(i) = BlockInit::from_id(&event_target_value(&ev)) { state.apply(E::Init(i)); }
            }>{choice_options(move |i: BlockInit| cfg.with(|c| c.init == i))}</select>
        </div>
    }
}
