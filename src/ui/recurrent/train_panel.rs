//! The recurrent page's training panel: the cell the chart shows, trained on the latching
//! task in the worker (`ui::web::task_link`), in the frame every such panel shares
//! (`ui::web::task_frame`: presets, readouts), with the learning rate, clipping and steps
//! (each labelled), Start / Pause / Reset, the gradient reaching h₁, the loss-and-accuracy
//! chart and the heatmap of the test loss's gradient at each step t over training.

use leptos::prelude::*;

use super::state::use_rnn_state;
use super::train_state::use_rnn_train;
use crate::charts::recurrent::latching_chart::LATCHING_CHART;
use crate::charts::recurrent::time_heatmap::{TimeHeatSeries, TrainedTimeGradient};
use crate::page::recurrent::train::{
    LatchingEdit as E, CLIP_RANGE, LR_RANGE, STEPS_RANGE, TRAIN_MAX_T, TRAIN_MAX_WIDTH,
};
use crate::ui::web::chart_canvas::{ChartCanvas, Shown};
use crate::ui::web::task_frame::{TaskDetails, TaskPresets, TaskReadouts};
use crate::ui::web::task_panel::{TaskButtons, TaskChart};
use crate::words::format::format_value;

/// The panel's test ids: `rnn-train`, `rnn-train-start`, …
const PREFIX: &str = "rnn-train";

#[component]
pub fn RnnTrainPanel(dark: ReadSignal<bool>) -> impl IntoView {
    let (train, rnn) = (use_rnn_train(), use_rnn_state());
    view! {
        <TaskDetails open=train.open prefix=PREFIX title="Train this cell: the latching task">
            <p class="hint">{format!("The cell above (its type, T, width, recurrent init, gain, forget bias and seed) must remember a class: it is written into the first coordinate of x₁, every other input is N(0, 1) noise, and a linear head on h_T says which class it was (cross-entropy, 32 fresh sequences a step, Adam, full back-propagation through time; the page's truncation and batch do not apply). The panel trains up to T = {TRAIN_MAX_T} and H = {TRAIN_MAX_WIDTH}.")}</p>
            <TaskPresets train=train mode=rnn prefix=PREFIX
                pick="Pick a training preset to load a run we measured over 20 seeds, then press Start." />
            <TrainControls />
            <TaskButtons prefix=PREFIX out=train.out actions=train.actions(rnn) />
            <TaskReadouts out=train.out prefix=PREFIX chance="50%">
                <div class="card">
                    <h3>"Gradient at h₁"</h3>
                    <p class="card-value" data-testid="rnn-train-h1">
                        {move || train.out.records.with(|r| r.last().map_or("—".to_string(), |r| format_value(r.h1_grad_norm)))}
                    </p>
                    <p class="card-note">"‖∂L/∂h₁‖ of the test loss: what reaches the step holding the class"</p>
                </div>
            </TaskReadouts>
            <TaskChart dark=dark out=train.out chart=LATCHING_CHART testid="rnn-train-chart" class="task-canvas"
                hint="Faint: each step's batch loss; solid: the loss on 512 test sequences; dashed: their accuracy (measured every 25 steps), against chance, 1 in 2 (dotted)." />
            <TimeHeatmap dark=dark />
        </TaskDetails>
    }
}

#[component]
fn TrainControls() -> impl IntoView {
    let train = use_rnn_train();
    let s = train.settings;
    let number = |ev: &leptos::ev::Event| {
        event_target_value(ev)
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
    };
    let clip_on = move || s.with(|s| s.clip.is_some());
    view! {
        <div class="controls-grid task-train-controls">
            <div class="control">
                <label for="rnn-lr">"Learning rate (Adam)"</label>
                <input id="rnn-lr" data-testid="rnn-lr" type="number" min=*LR_RANGE.start() max=*LR_RANGE.end() step="any"
                    prop:value=move || s.with(|s| s.lr.to_string())
                    on:change=move |ev| { if let Some(v) = number(&ev) { train.apply(E::Lr(v)) } } />
            </div>
            <div class="control">
                <label for="rnn-clip-on">
                    <input id="rnn-clip-on" data-testid="rnn-clip-on" type="checkbox" prop:checked=clip_on
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            train.apply(E::Clip(on.then_some(1.0)));
                        } />
                    " Clip the global gradient norm"
                </label>
                <label for="rnn-clip" class="visually-hidden">"Clip the global gradient norm at"</label>
                <input id="rnn-clip" data-testid="rnn-clip" type="number" min=*CLIP_RANGE.start() max=*CLIP_RANGE.end() step="any"
                    prop:disabled=move || !clip_on()
                    prop:value=move || s.with(|s| s.clip.map_or(String::new(), |c| c.to_string()))
                    on:change=move |ev| { if let Some(v) = number(&ev) { train.apply(E::Clip(Some(v))) } } />
            </div>
            <div class="control">
                <label for="rnn-train-steps">"Steps"</label>
                <input id="rnn-train-steps" data-testid="rnn-train-steps" type="number" min=*STEPS_RANGE.start() max=*STEPS_RANGE.end() step="1"
                    prop:value=move || s.with(|s| s.steps.to_string())
                    on:change=move |ev| { if let Some(v) = number(&ev) { train.apply(E::Steps(v.round().max(0.0) as usize)) } } />
            </div>
        </div>
    }
}

#[component]
fn TimeHeatmap(dark: ReadSignal<bool>) -> impl IntoView {
    let train = use_rnn_train();
    let out = train.out;
    // The rows: T of the run on screen.
    let rows = move || train.run.with(|r| r.as_ref().map_or(0, |c| c.steps));
    let steps = out.steps;
    let data = move |see: &mut dyn FnMut(Shown<'_, TrainedTimeGradient>)| {
        let (time_steps, steps) = (rows(), steps.get());
        out.records.with(|records| {
            see(Ok(TimeHeatSeries {
                records,
                time_steps,
                steps,
            }))
        })
    };
    view! {
        <figure class="chart task-chart">
            <figcaption>
                <p class="hint read-hint">"Each column is a measured training step, each row a step t of the sequence (t = 1, where the class is, at the bottom): the colour is how much of the test loss's gradient reaches hₜ."</p>
            </figcaption>
            <div class="canvas-wrap">
                <ChartCanvas chart=TrainedTimeGradient data=data dark=dark testid="rnn-train-heatmap"
                    class="task-canvas task-heatmap" />
            </div>
        </figure>
    }
}
