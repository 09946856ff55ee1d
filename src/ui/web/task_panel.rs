//! What every training panel of a sequence task shows the same way: the Start / Pause /
//! Reset buttons (`TaskButtons`) and the loss-and-accuracy chart (`TaskChart`, the charts'
//! `task_chart` on a canvas, its summary as the text alternative). A panel passes its
//! signals, its actions and its words.

use leptos::prelude::*;

use super::chart_canvas::{ChartCanvas, Shown};
use super::task_link::TaskSignals;
use crate::charts::training::task_chart::{TaskCurves, TaskSeries, TestPoint};

/// What a panel's buttons do.
#[derive(Clone, Copy)]
pub struct TaskActions {
    /// A new run of the panel's settings, paused at step 0.
    pub start: Callback<()>,
    pub play: Callback<()>,
    pub pause: Callback<()>,
    pub reset: Callback<()>,
}

/// Start (a new run, playing), Pause / Resume, Reset; `data-testid="<prefix>-start"` etc.
#[component]
pub fn TaskButtons<R: Send + Sync + 'static>(
    prefix: &'static str,
    out: TaskSignals<R>,
    actions: TaskActions,
) -> impl IntoView {
    view! {
        <div class="train-buttons" role="group" aria-label="Training run">
            <button type="button" data-testid=format!("{prefix}-start")
                on:click=move |_| { actions.start.run(()); actions.play.run(()); }>
                "Start"
            </button>
            <button type="button" data-testid=format!("{prefix}-pause")
                prop:disabled=move || !out.can_go_on()
                on:click=move |_| if out.playing.get_untracked() { actions.pause.run(()) } else { actions.play.run(()) }>
                {move || if out.playing.get() || !out.started.get() { "Pause" } else { "Resume" }}
            </button>
            <button type="button" data-testid=format!("{prefix}-reset") prop:disabled=move || !out.started.get()
                on:click=move |_| actions.reset.run(())>
                "Reset"
            </button>
        </div>
    }
}

/// The run's batch loss, test loss and test accuracy over steps, redrawn as chunks arrive.
#[component]
pub fn TaskChart<R: TestPoint + Send + Sync + 'static>(
    dark: ReadSignal<bool>,
    out: TaskSignals<R>,
    chart: TaskCurves<R>,
    /// `data-testid` of the canvas.
    testid: &'static str,
    /// The canvas's class (its height).
    class: &'static str,
    /// How to read the chart.
    hint: &'static str,
) -> impl IntoView {
    let data = move |see: &mut dyn FnMut(Shown<'_, TaskCurves<R>>)| {
        let steps = out.steps.get();
        out.losses.with(|losses| {
            out.records.with(|records| {
                see(Ok(TaskSeries {
                    losses,
                    records,
                    steps,
                }))
            })
        })
    };
    view! {
        <figure class="chart tf-chart">
            <figcaption>
                <p class="hint read-hint">{hint}</p>
            </figcaption>
            <div class="canvas-wrap">
                <ChartCanvas chart=chart data=data dark=dark testid=testid class=class />
            </div>
        </figure>
    }
}
