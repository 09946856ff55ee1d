//! The training panel: the run's settings (data, noise, optimizer, learning rate, momentum,
//! clipping, length, and the precision controls of `precision`), play / pause / one step / reset, and the live readouts. The network is
//! the one set in the explorer's controls. Every control sends a `TrainEdit`.

use leptos::prelude::*;

use super::state::use_train;
use crate::page::train::edit::{
    TrainEdit, CLIP_DEFAULT, CLIP_MAX, CLIP_MIN, LR_LOG10_MAX, LR_LOG10_MIN, MOMENTUM_MAX,
    STEPS_MAX,
};
use crate::train::{Dataset, Optimizer};

#[component]
pub fn TrainPanel() -> impl IntoView {
    view! {
        <div class="train-panel" data-testid="train-panel">
            <h2>"Training"</h2>
            <p class="card-note">
                "Trains a classifier (2 → W, the explorer's hidden layers, → 2 logits) on 256 points; \
                 the network comes from the controls above. Any change starts a new run at step 0."
            </p>
            <super::presets::TrainPresetBar />
            <div class="controls-grid">
                <DataControl />
                <NoiseControl />
                <OptimizerControl />
                <LrControl />
                <MomentumControl />
                <ClipControl />
                <StepsControl />
                <super::precision::PrecisionControls />
            </div>
            <RunButtons />
            <Readouts />
            <HaltNotice />
        </div>
    }
}

#[component]
fn DataControl() -> impl IntoView {
    let train = use_train();
    view! {
        <div class="control">
            <label for="train-data">"Data set"</label>
            <select id="train-data" data-testid="train-data"
                on:change=move |ev| {
                    if let Some(d) = Dataset::from_id(&event_target_value(&ev)) {
                        train.edit(TrainEdit::Data(d));
                    }
                }>
                {Dataset::ALL.iter().map(|&d| view! {
                    <option value=d.id() selected=move || train.settings.with(|s| s.data == d)>{d.label()}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn NoiseControl() -> impl IntoView {
    let train = use_train();
    let noise = move || train.settings.with(|s| s.noise);
    view! {
        <div class="control">
            <label for="train-noise">"Noise (σ per coordinate)"</label>
            <input id="train-noise" data-testid="train-noise" type="range" min="0" max="0.5" step="0.01"
                prop:value=move || noise().to_string()
                aria-valuetext=move || format!("σ = {:.2}", noise())
                on:change=move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse::<f64>() {
                        train.edit(TrainEdit::Noise(v));
                    }
                } />
            <output for="train-noise">{move || format!("{:.2}", noise())}</output>
        </div>
    }
}

#[component]
fn OptimizerControl() -> impl IntoView {
    let train = use_train();
    view! {
        <div class="control">
            <label for="train-optimizer">"Optimizer"</label>
            <select id="train-optimizer" data-testid="train-optimizer"
                on:change=move |ev| {
                    if let Some(o) = Optimizer::from_id(&event_target_value(&ev)) {
                        train.edit(TrainEdit::Optimizer(o));
                    }
                }>
                {Optimizer::ALL.iter().map(|&o| view! {
                    <option value=o.id() selected=move || train.settings.with(|s| s.optimizer == o)>{o.label()}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

/// A log slider over 10^-4 … 10 (the reducer rounds to 3 significant digits).
#[component]
fn LrControl() -> impl IntoView {
    let train = use_train();
    let lr = move || train.settings.with(|s| s.lr);
    view! {
        <div class="control">
            <label for="train-lr">"Learning rate (log scale)"</label>
            <input id="train-lr" data-testid="train-lr" type="range"
                min=LR_LOG10_MIN max=LR_LOG10_MAX step="0.1"
                prop:value=move || format!("{:.2}", libm::log10(lr()))
                aria-valuetext=move || format!("learning rate {}", lr())
                on:change=move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse::<f64>() {
                        train.edit(TrainEdit::Lr(libm::pow(10.0, v)));
                    }
                } />
            <output for="train-lr">{move || lr().to_string()}</output>
        </div>
    }
}

#[component]
fn MomentumControl() -> impl IntoView {
    let train = use_train();
    let momentum = move || train.settings.with(|s| s.momentum);
    let adam = move || train.settings.with(|s| s.optimizer == Optimizer::Adam);
    view! {
        <div class="control">
            <label for="train-momentum">"Momentum (SGD)"</label>
            <input id="train-momentum" data-testid="train-momentum" type="range" min="0" max=MOMENTUM_MAX step="0.01"
                prop:value=move || momentum().to_string() disabled=adam
                aria-valuetext=move || if adam() { "not used by Adam".to_string() } else { format!("{:.2}", momentum()) }
                on:change=move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse::<f64>() {
                        train.edit(TrainEdit::Momentum(v));
                    }
                } />
            <output for="train-momentum">{move || if adam() { "— (Adam)".to_string() } else { format!("{:.2}", momentum()) }}</output>
        </div>
    }
}

/// Off, or the largest global gradient norm a step may use.
#[component]
fn ClipControl() -> impl IntoView {
    let train = use_train();
    let clip = move || train.settings.with(|s| s.clip);
    view! {
        <div class="control">
            <label class="checkbox">
                <input type="checkbox" data-testid="train-clip-toggle"
                    prop:checked=move || clip().is_some()
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        train.edit(TrainEdit::Clip(on.then_some(CLIP_DEFAULT)));
                    } />
                "Clip the gradient norm to"
            </label>
            <input id="train-clip" data-testid="train-clip" type="number" min=CLIP_MIN max=CLIP_MAX step="0.1"
                aria-label="Largest global gradient norm"
                disabled=move || clip().is_none()
                prop:value=move || clip().unwrap_or(CLIP_DEFAULT).to_string()
                on:change=move |ev| {
                    if let Ok(v) = event_target_value(&ev).trim().parse::<f64>() {
                        train.edit(TrainEdit::Clip(Some(v)));
                    }
                } />
        </div>
    }
}

#[component]
fn StepsControl() -> impl IntoView {
    let train = use_train();
    view! {
        <div class="control">
            <label for="train-steps">"Run length (steps)"</label>
            <input id="train-steps" data-testid="train-steps" type="number" min="1" max=STEPS_MAX step="100"
                prop:value=move || train.settings.with(|s| s.steps).to_string()
                on:change=move |ev| {
                    if let Ok(v) = event_target_value(&ev).trim().parse::<f64>() {
                        if v.is_finite() {
                            // `as` saturates; the edit clamps.
                            train.edit(TrainEdit::Steps(v.round().max(0.0) as usize));
                        }
                    }
                } />
        </div>
    }
}

#[component]
fn RunButtons() -> impl IntoView {
    let train = use_train();
    let out = train.out;
    view! {
        <div class="train-buttons" role="group" aria-label="Run">
            <button type="button" data-testid="train-play" disabled=move || out.playing.get() || out.finished.get()
                on:click=move |_| train.play()>"▶ Play"</button>
            <button type="button" data-testid="train-pause" disabled=move || !out.playing.get()
                on:click=move |_| train.pause()>"Pause"</button>
            <button type="button" data-testid="train-step" on:click=move |_| train.step_once()>"One step"</button>
            <button type="button" data-testid="train-reset" on:click=move |_| train.reset()>"↺ Reset"</button>
        </div>
    }
}

/// Step, loss and accuracy on the full training set (measured every 10 steps and at each
/// chunk's end); `data-value` holds the number itself (NaN and inf written as such).
#[component]
fn Readouts() -> impl IntoView {
    let train = use_train();
    let out = train.out;
    let latest = move |pick: fn(&crate::train::Measurement) -> f64| {
        move || out.latest.with(|m| m.as_ref().map(pick))
    };
    let loss = latest(|m| m.loss);
    let acc = latest(|m| m.train_accuracy);
    let test = latest(|m| m.test_accuracy);
    // Measured every 10 steps: say so when the readouts are older than the step count.
    let measured_at = move || {
        let at = out.latest.with(|m| m.as_ref().map(|m| m.step))?;
        (at != out.step.get()).then(|| format!(" (at step {at})"))
    };
    let shown = |v: Option<f64>, f: fn(f64) -> String| v.map(f).unwrap_or_else(|| "—".into());
    // Said by a screen reader when the run starts, pauses, steps once or ends (not every
    // step while it plays, which would be a stream of numbers).
    let announcement = move || {
        if out.playing.get() {
            return "Training…".to_string();
        }
        let state = if out.finished.get() {
            "Run complete"
        } else {
            "Paused"
        };
        let step = out.step.get();
        match (loss(), acc()) {
            (Some(l), Some(a)) => format!(
                "{state} at step {step}: loss {}, training accuracy {:.1} %.",
                crate::words::train::loss_text(l),
                100.0 * a
            ),
            _ => format!("{state} at step {step}."),
        }
    };
    view! {
        <p class="visually-hidden" role="status" data-testid="train-announce">{announcement}</p>
        <div class="cards train-readouts">
            <div class="card">
                <h3>"Step"</h3>
                <p class="card-value" data-testid="train-step-count" data-value=move || out.step.get().to_string()>
                    {move || out.step.get()}
                </p>
                <p class="card-note">{move || if out.playing.get() { "playing" } else if out.finished.get() { "run complete" } else { "paused" }}</p>
            </div>
            <div class="card">
                <h3>"Training loss"</h3>
                <p class="card-value" data-testid="train-loss" data-value=move || loss().map(|v| v.to_string()).unwrap_or_default()>
                    {move || shown(loss(), crate::words::train::loss_text)}
                </p>
                <p class="card-note">"mean cross-entropy, all 256 training points" {measured_at}</p>
            </div>
            <div class="card">
                <h3>"Training accuracy"</h3>
                <p class="card-value" data-testid="train-accuracy" data-value=move || acc().map(|v| v.to_string()).unwrap_or_default()>
                    {move || shown(acc(), |v| format!("{:.1} %", 100.0 * v))}
                </p>
                <p class="card-note" data-testid="test-accuracy">
                    "test: " {move || shown(test(), |v| format!("{:.1} %", 100.0 * v))}
                </p>
            </div>
            <super::precision::ScaleReadout />
        </div>
    }
}

/// The first non-finite value: where, why, and clipping one click away. Also a failed start.
#[component]
fn HaltNotice() -> impl IntoView {
    let train = use_train();
    let out = train.out;
    let nonfinite = move || {
        out.frame.track();
        out.history.with_untracked(|h| h.first_nonfinite)
    };
    let clipping = move || train.settings.with(|s| s.clip);
    view! {
        {move || out.error.get().map(|e| view! {
            <div class="card train-halt" role="alert" data-testid="train-error"><p>{e}</p></div>
        })}
        {move || nonfinite().map(|nf| view! {
            <div class="card train-halt" role="alert" data-testid="train-halted" data-step=nf.step>
                <h3>"Training stopped at step " {nf.step}</h3>
                <p>{crate::words::train::nonfinite_words(&nf, train.settings.with(|s| s.mixed.precision))}</p>
                {match clipping() {
                    None => view! {
                        <button type="button" data-testid="train-clip-on"
                            on:click=move |_| train.edit(TrainEdit::Clip(Some(CLIP_DEFAULT)))>
                            "Turn on clipping (‖g‖ ≤ 1) and start again"
                        </button>
                    }.into_any(),
                    Some(c) => view! {
                        <p class="card-note">{format!("Clipping is on (‖g‖ ≤ {c}); try a smaller learning rate or another initialization.")}</p>
                    }.into_any(),
                }}
            </div>
        })}
    }
}
