//! The transformer page's training panel: the stack the charts show, trained on the reverse
//! task in the worker (`ui::web::task_link`), in the frame every such panel shares
//! (`ui::web::task_frame`: presets, readouts), with the learning rate, warm-up and steps (each
//! labelled), Start / Pause / Reset and the loss-and-accuracy chart.

use leptos::prelude::*;

use super::state::use_transformer_state;
use super::train_state::use_transformer_train;
use crate::charts::transformer::train_chart::REVERSE_CHART;
use crate::page::transformer::train::{ReverseEdit as E, LR_RANGE, STEPS_RANGE, WARMUP_RANGE};
use crate::ui::web::task_frame::{TaskDetails, TaskPresets, TaskReadouts};
use crate::ui::web::task_panel::{TaskButtons, TaskChart};

/// The panel's test ids: `tf-train`, `tf-train-start`, …
const PREFIX: &str = "tf-train";

#[component]
pub fn TransformerTrainPanel(dark: ReadSignal<bool>) -> impl IntoView {
    let (train, tf) = (use_transformer_train(), use_transformer_state());
    view! {
        <TaskDetails open=train.open prefix=PREFIX title="Train this stack: reverse a sequence">
            <p class="hint">"The stack above (its placement, norm, blocks, width, heads, init and seed) learns to output a sequence of 8 tokens from a vocabulary of 16 reversed: token embedding + learned positions, attention not causal, a linear head, cross-entropy at every position, 32 fresh sequences a step, Adam. The explorer's tokens and batch do not apply here."</p>
            <TaskPresets train=train mode=tf prefix=PREFIX
                pick="Pick a training preset to load a run from the reference's measurements, then press Start." />
            <TrainControls />
            <TaskButtons prefix=PREFIX out=train.out actions=train.actions(tf) />
            <TaskReadouts out=train.out prefix=PREFIX chance="6%" />
            <TaskChart dark=dark out=train.out chart=REVERSE_CHART testid="tf-train-chart" class="task-canvas"
                hint="Faint: each step's batch loss; solid: the loss on 512 test sequences; dashed: their token accuracy (measured every 25 steps), against chance, 1 in 16 (dotted)." />
        </TaskDetails>
    }
}

#[component]
fn TrainControls() -> impl IntoView {
    let train = use_transformer_train();
    let s = train.settings;
    let number = |ev: &leptos::ev::Event| event_target_value(ev).trim().parse::<f64>().ok();
    let whole = move |ev: &leptos::ev::Event| {
        number(ev)
            .filter(|v| v.is_finite())
            .map(|v| v.round().max(0.0) as usize)
    };
    view! {
        <div class="controls-grid task-train-controls">
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
    }
}
