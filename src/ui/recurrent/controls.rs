//! The recurrent controls: each labelled, keyboard-operable, showing its value; what it
//! changes it sends as an `RnnEdit`.

use leptos::prelude::*;

use super::state::use_rnn_state;
use crate::page::edit::WIDTHS;
use crate::page::recurrent::edit::{RnnEdit, GAIN_MAX};
use crate::sim::recurrent::config::STEPS_RANGE;
use crate::sim::recurrent::{Cell, RecurrentInit};
use crate::ui::web::choice_options::choice_options;
use crate::ui::web::precision_selects::PrecisionSelects;

#[component]
pub fn RnnControls() -> impl IntoView {
    let state = use_rnn_state();
    let cfg = state.config;
    let num = |ev: &leptos::ev::Event| event_target_value(ev).trim().parse::<f64>().ok();
    let width_index = move || {
        WIDTHS
            .iter()
            .position(|w| *w == cfg.with(|c| c.width))
            .unwrap_or(3)
    };
    view! {
        <div class="controls-grid rnn-controls">
            <div class="control">
                <label for="rnn-cell">"Cell"</label>
                <select id="rnn-cell" data-testid="cell" on:change=move |ev| {
                    if let Some(c) = Cell::from_id(&event_target_value(&ev)) { state.apply(RnnEdit::Cell(c)); }
                }>{choice_options(move |c: Cell| cfg.with(|x| x.cell == c))}</select>
            </div>
            <div class="control">
                <label for="rnn-init">"Recurrent init"</label>
                <select id="rnn-init" data-testid="rnn-init" on:change=move |ev| {
                    if let Some(i) = RecurrentInit::from_id(&event_target_value(&ev)) { state.apply(RnnEdit::Init(i)); }
                }>{choice_options(move |i: RecurrentInit| cfg.with(|x| x.init == i))}</select>
            </div>
            <div class="control">
                <label for="rnn-steps">"Steps T"</label>
                <input id="rnn-steps" data-testid="steps" type="range" min=*STEPS_RANGE.start() max=*STEPS_RANGE.end() step="1"
                    prop:value=move || cfg.with(|c| c.steps).to_string()
                    aria-valuetext=move || cfg.with(|c| format!("{} steps", c.steps))
                    on:input=move |ev| { if let Some(t) = num(&ev) { state.apply(RnnEdit::Steps(t.max(0.0) as usize)) } } />
                <output for="rnn-steps">{move || cfg.with(|c| c.steps)}</output>
            </div>
            <div class="control">
                <label for="rnn-width">"Width H"</label>
                <input id="rnn-width" data-testid="rnn-width" type="range" min="0" max=WIDTHS.len() - 1 step="1"
                    prop:value=move || width_index().to_string()
                    aria-valuetext=move || cfg.with(|c| format!("{} units", c.width))
                    on:input=move |ev| {
                        if let Some(i) = num(&ev) {
                            let i = (i.max(0.0) as usize).min(WIDTHS.len() - 1);
                            state.apply(RnnEdit::Width(WIDTHS[i]));
                        }
                    } />
                <output for="rnn-width">{move || cfg.with(|c| c.width)}</output>
            </div>
            <div class="control">
                <label for="rnn-gain">"Recurrent gain g"</label>
                <input id="rnn-gain" data-testid="gain" type="range" min="0" max=GAIN_MAX step="0.01"
                    prop:value=move || cfg.with(|c| c.gain).to_string()
                    prop:disabled=move || cfg.with(|c| c.init == RecurrentInit::Pytorch)
                    on:input=move |ev| { if let Some(g) = num(&ev) { state.apply(RnnEdit::Gain(g)) } } />
                <output for="rnn-gain">{move || cfg.with(|c| format!("{:.2}", c.gain))}</output>
            </div>
            <div class="control">
                <label for="rnn-forget-bias">"LSTM forget-gate bias"</label>
                <input id="rnn-forget-bias" data-testid="forget-bias" type="range" min="-3" max="5" step="0.1"
                    prop:value=move || cfg.with(|c| c.forget_bias).to_string()
                    on:input=move |ev| { if let Some(f) = num(&ev) { state.apply(RnnEdit::ForgetBias(f)) } } />
                <output for="rnn-forget-bias">{move || cfg.with(|c| format!("{:.1}", c.forget_bias))}
                    {move || cfg.with(|c| (c.cell != Cell::Lstm).then_some(" (LSTM only)"))}</output>
            </div>
            <div class="control">
                <label for="rnn-truncate">"Truncate BPTT at k steps"</label>
                <input id="rnn-truncate" data-testid="truncate" type="range" min="1" step="1"
                    max=move || cfg.with(|c| c.steps)
                    prop:value=move || cfg.with(|c| c.truncate).to_string()
                    aria-valuetext=move || cfg.with(|c| truncate_words(c.truncate, c.steps))
                    on:input=move |ev| { if let Some(k) = num(&ev) { state.apply(RnnEdit::Truncate(k.max(0.0) as usize)) } } />
                <output for="rnn-truncate">{move || cfg.with(|c| truncate_words(c.truncate, c.steps))}</output>
            </div>
            <div class="control">
                <label for="rnn-batch">"Batch"</label>
                <input id="rnn-batch" data-testid="rnn-batch" type="number" min="1" max="1024" step="1"
                    prop:value=move || cfg.with(|c| c.batch).to_string()
                    on:change=move |ev| { if let Some(b) = num(&ev) { state.apply(RnnEdit::Batch(b.max(0.0) as usize)) } } />
            </div>
            <PrecisionSelects prefix="rnn-" mixed=state.mixed
                on_precision=Callback::new(move |p| state.apply(RnnEdit::Precision(p)))
                on_loss_scale=Callback::new(move |l| state.apply(RnnEdit::LossScale(l))) />
            <div class="control">
                <label for="rnn-seed">"Seed"</label>
                <input id="rnn-seed" data-testid="rnn-seed" type="number" min="0" step="1"
                    prop:value=move || cfg.with(|c| c.seed).to_string()
                    on:change=move |ev| { if let Ok(s) = event_target_value(&ev).trim().parse::<u64>() { state.apply(RnnEdit::Seed(s)) } } />
            </div>
        </div>
    }
}

/// "full BPTT" or "k = 10".
fn truncate_words(k: usize, steps: usize) -> String {
    if k >= steps {
        format!("{k} (full BPTT)")
    } else {
        format!("k = {k}")
    }
}
