//! The transformer page's training panel: the stack the charts show, trained on the reverse
//! task in the worker (`ui::web::task_link`), with its presets, the learning rate, warm-up and steps
//! (each labelled), Start / Pause / Reset, the readouts and the loss-and-accuracy chart.

use leptos::prelude::*;

use super::state::use_transformer_state;
use super::train_state::use_transformer_train;
use crate::charts::transformer::train_chart::REVERSE_CHART;
use crate::page::transformer::train::{ReverseEdit as E, LR_RANGE, STEPS_RANGE, WARMUP_RANGE};
use crate::page::transformer::train_presets::REVERSE_PRESETS;
use crate::ui::web::task_panel::{TaskActions, TaskButtons, TaskChart};
use crate::words::format::{format_share_percent, format_value};
use crate::words::train::loss_text;

#[component]
pub fn TransformerTrainPanel(dark: ReadSignal<bool>) -> impl IntoView {
    let train = use_transformer_train();
    view! {
        <details class="tf-train" data-testid="tf-train" prop:open=move || train.open.get()
            on:toggle=move |ev| {
                let open = event_target::<web_sys::HtmlDetailsElement>(&ev).open();
                if train.open.get_untracked() != open { train.open.set(open) }
            }>
            <summary><h2>"Train this stack: reverse a sequence"</h2></summary>
            <Show when=move || train.open.get()>
                <p class="hint">"The stack above (its placement, norm, blocks, width, heads, init and seed) learns to output a sequence of 8 tokens from a vocabulary of 16 reversed: token embedding + learned positions, attention not causal, a linear head, cross-entropy at every position, 32 fresh sequences a step, Adam. The explorer's tokens and batch do not apply here."</p>
                <TrainPresets />
                <TrainControls />
                <TrainReadouts />
                <TaskChart dark=dark out=train.out chart=REVERSE_CHART testid="tf-train-chart" class="tf-canvas"
                    hint="Faint: each step's batch loss; solid: the loss on 512 test sequences; dashed: their token accuracy (measured every 25 steps), against chance, 1 in 16 (dotted)." />
            </Show>
        </details>
    }
}

#[component]
fn TrainPresets() -> impl IntoView {
    let (train, tf) = (use_transformer_train(), use_transformer_state());
    view! {
        <div class="presets" role="group" aria-label="Training preset scenarios">
            {REVERSE_PRESETS.iter().map(|p| view! {
                <button type="button" class="preset" data-testid=format!("tf-train-preset-{}", p.id)
                    aria-pressed=move || train.preset.get().is_some_and(|q| q.id == p.id && !train.modified(tf)).to_string()
                    on:click=move |_| train.load_preset(p.id, tf)>
                    {p.title}
                </button>
            }).collect_view()}
        </div>
        <p class="preset-explanation" data-testid="tf-train-preset-explanation" aria-live="polite">
            {move || match train.preset.get() {
                None => "Pick a training preset to load a run from the reference's measurements, then press Start.".to_string(),
                Some(p) if train.modified(tf) => format!("{} (modified: you changed a setting since loading it) — {}", p.title, p.explanation),
                Some(p) => format!("{} — {}", p.title, p.explanation),
            }}
        </p>
    }
}

#[component]
fn TrainControls() -> impl IntoView {
    let (train, tf) = (use_transformer_train(), use_transformer_state());
    let s = train.settings;
    let out = train.out;
    let number = |ev: &leptos::ev::Event| event_target_value(ev).trim().parse::<f64>().ok();
    let whole = move |ev: &leptos::ev::Event| {
        number(ev)
            .filter(|v| v.is_finite())
            .map(|v| v.round().max(0.0) as usize)
    };
    view! {
        <div class="controls-grid tf-train-controls">
            <div class="control">
                <label for="tf-lr">"Learning rate (Adam)"</label>
                <input id="tf-lr" data-testid="tf-lr" type="number" min=*LR_RANGE.start() max=*LR_RANGE.end() step="any"
                    prop:value=move || s.with(|s| s.lr.to_string())
                    on:change=move |ev| { if let Some(v) = number(&ev) { train.apply(E::Lr(v)) } } />
            </div>
            <div class="control">
                <label for="tf-warmup">"Warm-up steps (lr rises linearly from 0)"</label>
                <input id="tf-warmup" data-testid="tf-warmup" type="number" min=*WARMUP_RANGE.start() max=*WARMUP_RANGE.end() step="1"
                    prop:value=move || s.with(|s| s.warmup.to_string())
                    on:change=move |ev| { if let Some(v) = whole(&ev) { train.apply(E::Warmup(v)) } } />
            </div>
            <div class="control">
                <label for="tf-steps">"Steps"</label>
                <input id="tf-steps" data-testid="tf-steps" type="number" min=*STEPS_RANGE.start() max=*STEPS_RANGE.end() step="1"
                    prop:value=move || s.with(|s| s.steps.to_string())
                    on:change=move |ev| { if let Some(v) = whole(&ev) { train.apply(E::Steps(v)) } } />
            </div>
        </div>
        <TaskButtons prefix="tf-train" out=out actions=TaskActions {
            start: Callback::new(move |_| train.start(tf)),
            play: Callback::new(move |_| train.play()),
            pause: Callback::new(move |_| train.pause()),
            reset: Callback::new(move |_| train.reset()),
        } />
    }
}

/// Step, test accuracy and test loss of the newest measurement, and what the run is doing.
#[component]
fn TrainReadouts() -> impl IntoView {
    let out = use_transformer_train().out;
    let step = move || out.losses.with(|l| l.last().map_or(0, |p| p.0));
    let latest = move || out.records.with(|r| r.last().copied());
    view! {
        <div class="cards tf-train-cards">
            <div class="card">
                <h3>"Step"</h3>
                <p class="card-value" data-testid="tf-train-step" data-step=step>
                    {step} " / " {move || out.steps.get()}
                </p>
                <p class="card-note" role="status" data-testid="tf-train-status">{move || out.status()}</p>
            </div>
            <div class="card">
                <h3>"Test accuracy"</h3>
                <p class="card-value" data-testid="tf-train-accuracy"
                    data-value=move || latest().map(|r| r.test_accuracy.to_string()).unwrap_or_default()>
                    {move || latest().map_or("—".to_string(), |r| format_share_percent(r.test_accuracy))}
                </p>
                <p class="card-note">{move || latest().map_or(String::new(), |r| format!("at step {} on 512 test sequences; chance 6%", r.step))}</p>
            </div>
            <div class="card">
                <h3>"Test loss"</h3>
                <p class="card-value" data-testid="tf-train-loss">
                    {move || latest().map_or("—".to_string(), |r| loss_text(r.test_loss))}
                </p>
                <p class="card-note">{move || out.losses.with(|l| l.last().map_or(String::new(), |p| format!("batch loss {}", format_value(p.1))))}</p>
            </div>
        </div>
    }
}
