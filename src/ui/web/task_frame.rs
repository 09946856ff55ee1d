//! The frame every mode's training panel for a sequence task shares (`task_state`): the
//! disclosure that opens it (and its link keys), the preset buttons with their explanation,
//! and the readouts of the newest measurement. Test ids are `<prefix>-…`; a panel passes its
//! words and adds what only it shows (its controls, its charts, a readout card of its own).

use leptos::prelude::*;

use super::task_link::TaskSignals;
use super::task_state::{TaskMode, TaskTrainState};
use crate::charts::training::task_chart::TestPoint;
use crate::page::task_train::TaskPreset;
use crate::words::format::{format_share_percent, format_value};
use crate::words::train::loss_text;

/// The panel as a disclosure: its title in the summary, its content only while open
/// (`data-testid="<prefix>"`).
#[component]
pub fn TaskDetails(
    open: RwSignal<bool>,
    prefix: &'static str,
    title: &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    view! {
        <details class="task-train" data-testid=prefix prop:open=move || open.get()
            on:toggle=move |ev| {
                let now = event_target::<web_sys::HtmlDetailsElement>(&ev).open();
                if open.get_untracked() != now { open.set(now) }
            }>
            <summary><h2>{title}</h2></summary>
            <Show when=move || open.get()>{children()}</Show>
        </details>
    }
}

/// One button a preset (pressed while it is loaded and unchanged), and the explanation of the
/// one loaded (`pick`: what to do before any).
#[component]
pub fn TaskPresets<M: TaskMode>(
    train: TaskTrainState<M>,
    mode: M::Mode,
    prefix: &'static str,
    pick: &'static str,
) -> impl IntoView {
    let buttons = M::Preset::all().iter().map(|p| {
        let id = p.id();
        view! {
            <button type="button" class="preset" data-testid=format!("{prefix}-preset-{id}")
                aria-pressed=move || train.preset.get().is_some_and(|q| q.id() == id && !train.modified(mode)).to_string()
                on:click=move |_| train.load_preset(id, mode)>
                {p.title()}
            </button>
        }
    });
    view! {
        <div class="presets" role="group" aria-label="Training preset scenarios">
            {buttons.collect_view()}
        </div>
        <p class="preset-explanation" data-testid=format!("{prefix}-preset-explanation") aria-live="polite">
            {move || match train.preset.get() {
                None => pick.to_string(),
                Some(p) if train.modified(mode) => format!("{} (modified: you changed a setting since loading it) — {}", p.title(), p.explanation()),
                Some(p) => format!("{} — {}", p.title(), p.explanation()),
            }}
        </p>
    }
}

/// Step, test accuracy (against `chance`) and test loss of the newest measurement, what the
/// run is doing, then the panel's own cards (`children`).
#[component]
pub fn TaskReadouts<R: TestPoint + Send + Sync + 'static>(
    out: TaskSignals<R>,
    prefix: &'static str,
    /// Chance accuracy as written ("50%").
    chance: &'static str,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let step = move || out.losses.with(|l| l.last().map_or(0, |p| p.0));
    let newest = move |f: fn(&R) -> String, none: &'static str| {
        move || out.records.with(|r| r.last().map_or(none.to_string(), f))
    };
    let accuracy = |r: &R| format_share_percent(r.test_accuracy());
    let loss = |r: &R| loss_text(r.test_loss());
    let value = |r: &R| r.test_accuracy().to_string();
    let step_note = move |r: &R| {
        format!(
            "at step {} on 512 test sequences; chance {chance}",
            r.step()
        )
    };
    view! {
        <div class="cards task-train-cards">
            <div class="card">
                <h3>"Step"</h3>
                <p class="card-value" data-testid=format!("{prefix}-step") data-step=step>
                    {step} " / " {move || out.steps.get()}
                </p>
                <p class="card-note" role="status" data-testid=format!("{prefix}-status")>{move || out.status()}</p>
            </div>
            <div class="card">
                <h3>"Test accuracy"</h3>
                <p class="card-value" data-testid=format!("{prefix}-accuracy") data-value=newest(value, "")>
                    {newest(accuracy, "—")}
                </p>
                <p class="card-note">{move || out.records.with(|r| r.last().map_or(String::new(), step_note))}</p>
            </div>
            <div class="card">
                <h3>"Test loss"</h3>
                <p class="card-value" data-testid=format!("{prefix}-loss")>{newest(loss, "—")}</p>
                <p class="card-note">{move || out.losses.with(|l| l.last().map_or(String::new(), |p| format!("batch loss {}", format_value(p.1))))}</p>
            </div>
            {children.map(|c| c())}
        </div>
    }
}
