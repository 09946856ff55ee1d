//! What every training panel of a sequence task shows the same way: the Start / Pause /
//! Reset buttons (`TaskButtons`) and the loss-and-accuracy chart (`TaskChart`, the charts'
//! `task_chart` on a canvas, its summary as the text alternative). A panel passes its
//! signals, its actions and its words.

use leptos::prelude::*;

use super::canvas_draw::draw_on_canvas;
use super::chart_redraw::redraw_on_change;
use super::task_link::TaskSignals;
use super::theme::chart_theme;
use crate::charts::training::task_chart::{
    draw_task_chart, task_summary, TaskSeries, TaskText, TestPoint,
};

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
    text: &'static TaskText,
    /// `data-testid` of the canvas.
    testid: &'static str,
    /// The canvas's class (its height).
    class: &'static str,
    /// How to read the chart.
    hint: &'static str,
) -> impl IntoView {
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let renders = redraw_on_change(canvas, move |el| {
        let theme = chart_theme(dark.get());
        let steps = out.steps.get();
        out.losses.with(|losses| {
            out.records.with(|records| {
                let series = TaskSeries {
                    losses,
                    records,
                    steps,
                };
                let drawn = draw_on_canvas(el, &theme, |area, theme| {
                    draw_task_chart(area, series, text, theme).ok()
                });
                matches!(drawn, Some((Some(()), _)))
            })
        })
    });
    let label = move || {
        let steps = out.steps.get();
        out.losses.with(|losses| {
            out.records.with(|records| {
                let series = TaskSeries {
                    losses,
                    records,
                    steps,
                };
                task_summary(series, text)
            })
        })
    };
    view! {
        <figure class="chart tf-chart">
            <figcaption>
                <p class="hint read-hint">{hint}</p>
            </figcaption>
            <div class="canvas-wrap">
                <canvas node_ref=canvas data-testid=testid class=class
                    role="img" aria-label=label data-render-count=move || renders.get()></canvas>
            </div>
        </figure>
    }
}
