//! The recurrent page's training panel: the cell the chart shows, trained on the latching
//! task in the worker (`ui::web::task_link`), with its presets, the learning rate, clipping
//! and steps (each labelled), Start / Pause / Reset, the readouts, the loss-and-accuracy chart
//! and the heatmap of the test loss's gradient at each step t over training.

use leptos::prelude::*;

use super::state::use_rnn_state;
use super::train_state::use_rnn_train;
use crate::charts::recurrent::latching_chart::LATCHING_CHART;
use crate::charts::recurrent::time_heatmap::{TimeHeatSeries, TrainedTimeGradient};
use crate::page::recurrent::train::{
    LatchingEdit as E, CLIP_RANGE, LR_RANGE, STEPS_RANGE, TRAIN_MAX_T, TRAIN_MAX_WIDTH,
};
use crate::page::recurrent::train_presets::LATCHING_PRESETS;
use crate::sim::recurrent::LatchingRecord;
use crate::ui::web::chart_canvas::{ChartCanvas, Shown};
use crate::ui::web::task_panel::{TaskActions, TaskButtons, TaskChart};
use crate::words::format::{format_share_percent, format_value};
use crate::words::train::loss_text;

#[component]
pub fn RnnTrainPanel(dark: ReadSignal<bool>) -> impl IntoView {
    let (train, rnn) = (use_rnn_train(), use_rnn_state());
    view! {
        <details class="tf-train rnn-train" data-testid="rnn-train" prop:open=move || train.open.get()
            on:toggle=move |ev| {
                let open = event_target::<web_sys::HtmlDetailsElement>(&ev).open();
                if train.open.get_untracked() != open { train.open.set(open) }
            }>
            <summary><h2>"Train this cell: the latching task"</h2></summary>
            <Show when=move || train.open.get()>
                <p class="hint">{format!("The cell above (its type, T, width, recurrent init, gain, forget bias and seed) must remember a class: it is written into the first coordinate of x₁, every other input is N(0, 1) noise, and a linear head on h_T says which class it was (cross-entropy, 32 fresh sequences a step, Adam, full back-propagation through time; the page's truncation and batch do not apply). The panel trains up to T = {TRAIN_MAX_T} and H = {TRAIN_MAX_WIDTH}.")}</p>
                <TrainPresets />
                <TrainControls />
                <TaskButtons prefix="rnn-train" out=train.out actions=TaskActions {
                    start: Callback::new(move |_| train.start(rnn)),
                    play: Callback::new(move |_| train.play()),
                    pause: Callback::new(move |_| train.pause()),
                    reset: Callback::new(move |_| train.reset()),
                } />
                <TrainReadouts />
                <TaskChart dark=dark out=train.out chart=LATCHING_CHART testid="rnn-train-chart" class="tf-canvas"
                    hint="Faint: each step's batch loss; solid: the loss on 512 test sequences; dashed: their accuracy (measured every 25 steps), against chance, 1 in 2 (dotted)." />
                <TimeHeatmap dark=dark />
            </Show>
        </details>
    }
}

#[component]
fn TrainPresets() -> impl IntoView {
    let (train, rnn) = (use_rnn_train(), use_rnn_state());
    view! {
        <div class="presets" role="group" aria-label="Training preset scenarios">
            {LATCHING_PRESETS.iter().map(|p| view! {
                <button type="button" class="preset" data-testid=format!("rnn-train-preset-{}", p.id)
                    aria-pressed=move || train.preset.get().is_some_and(|q| q.id == p.id && !train.modified(rnn)).to_string()
                    on:click=move |_| train.load_preset(p.id, rnn)>
                    {p.title}
                </button>
            }).collect_view()}
        </div>
        <p class="preset-explanation" data-testid="rnn-train-preset-explanation" aria-live="polite">
            {move || match train.preset.get() {
                None => "Pick a training preset to load a run we measured over 20 seeds, then press Start.".to_string(),
                Some(p) if train.modified(rnn) => format!("{} (modified: you changed a setting since loading it) — {}", p.title, p.explanation),
                Some(p) => format!("{} — {}", p.title, p.explanation),
            }}
        </p>
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
        <div class="controls-grid tf-train-controls">
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

/// Step, test accuracy, test loss and the gradient reaching h₁ of the newest measurement,
/// and what the run is doing.
#[component]
fn TrainReadouts() -> impl IntoView {
    let out = use_rnn_train().out;
    let step = move || out.losses.with(|l| l.last().map_or(0, |p| p.0));
    let latest = move |f: fn(&LatchingRecord) -> String| {
        move || out.records.with(|r| r.last().map_or("—".to_string(), f))
    };
    view! {
        <div class="cards tf-train-cards">
            <div class="card">
                <h3>"Step"</h3>
                <p class="card-value" data-testid="rnn-train-step" data-step=step>
                    {step} " / " {move || out.steps.get()}
                </p>
                <p class="card-note" role="status" data-testid="rnn-train-status">{move || out.status()}</p>
            </div>
            <div class="card">
                <h3>"Test accuracy"</h3>
                <p class="card-value" data-testid="rnn-train-accuracy"
                    data-value=move || out.records.with(|r| r.last().map(|r| r.test_accuracy.to_string()).unwrap_or_default())>
                    {latest(|r| format_share_percent(r.test_accuracy))}
                </p>
                <p class="card-note">{latest(|r| format!("at step {} on 512 test sequences; chance 50%", r.step))}</p>
            </div>
            <div class="card">
                <h3>"Test loss"</h3>
                <p class="card-value" data-testid="rnn-train-loss">{latest(|r| loss_text(r.test_loss))}</p>
                <p class="card-note">{move || out.losses.with(|l| l.last().map_or(String::new(), |p| format!("batch loss {}", format_value(p.1))))}</p>
            </div>
            <div class="card">
                <h3>"Gradient at h₁"</h3>
                <p class="card-value" data-testid="rnn-train-h1">{latest(|r| format_value(r.h1_grad_norm))}</p>
                <p class="card-note">"‖∂L/∂h₁‖ of the test loss: what reaches the step holding the class"</p>
            </div>
        </div>
    }
}

#[component]
fn TimeHeatmap(dark: ReadSignal<bool>) -> impl IntoView {
    let train = use_rnn_train();
    let out = train.out;
    let (rows, steps) = (train.time_steps, out.steps);
    let data = move |see: &mut dyn FnMut(Shown<'_, TrainedTimeGradient>)| {
        let (time_steps, steps) = (rows.get(), steps.get());
        out.records.with(|records| {
            see(Ok(TimeHeatSeries {
                records,
                time_steps,
                steps,
            }))
        })
    };
    view! {
        <figure class="chart tf-chart">
            <figcaption>
                <p class="hint read-hint">"Each column is a measured training step, each row a step t of the sequence (t = 1, where the class is, at the bottom): the colour is how much of the test loss's gradient reaches hₜ."</p>
            </figcaption>
            <div class="canvas-wrap">
                <ChartCanvas chart=TrainedTimeGradient data=data dark=dark testid="rnn-train-heatmap"
                    class="tf-canvas tf-heatmap" />
            </div>
        </figure>
    }
}
