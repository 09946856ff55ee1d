//! The training charts (the loss scale's only in a mixed-precision run with a scale), each a
//! canvas drawing its `Chart`, counting draws in `data-render-count`, with the chart's own text
//! alternative as its label and in a note. They redraw when the run's `frame` signal moves (at
//! most every ~120 ms while playing), each in a task of its own: so not `web::ChartCanvas`,
//! which redraws at once on any change of what it reads.

use leptos::prelude::*;

use std::cell::Cell;
use std::rc::Rc;

use web_sys::HtmlCanvasElement;

use super::signals::TrainSignals;
use super::state::use_train;
use crate::charts::training::boundary_chart::{BoundaryChartData, DecisionBoundary};
use crate::charts::training::grad_heatmap::GradHeatmap;
use crate::charts::training::loss_chart::LossChart;
use crate::charts::training::loss_table::{loss_table, ChartTable, MAX_ROWS};
use crate::charts::training::scale_chart::ScaleChart;
use crate::charts::training::update_ratio_chart::UpdateRatios;
use crate::charts::Chart;
use crate::sim::mixed::{LossScale, MixedPrecision};
use crate::sim::numeric::Precision;
use crate::train::history::TrainHistory;
use crate::ui::explorer::state::use_state;
use crate::ui::web::canvas_draw::draw_on_canvas;
use crate::ui::web::chart_redraw::resize_tick;
use crate::ui::web::next_task::run_in_next_task;

#[component]
pub fn TrainCharts() -> impl IntoView {
    let train = use_train();
    let out = train.out;
    view! {
        <div class="train-charts">
            <HistoryChart chart=LossChart test_id="loss-chart" title="Loss and accuracy"
                table=|h| loss_table(h, MAX_ROWS) />
            <Show when=move || train.settings.with(|s| scale_charted(&s.mixed))>
                <HistoryChart chart=ScaleChart test_id="scale-chart" title="Loss scale" />
            </Show>
            <BoundaryChart />
            <HistoryChart chart=GradHeatmap test_id="grad-heatmap"
                title="Weight gradient per layer over steps" />
            <HistoryChart chart=UpdateRatios test_id="update-ratio-chart"
                title="Update-to-weight ratio" />
        </div>
        <p class="card-note" data-testid="train-explorer-note">
            {move || format!(
                "The charts here follow the run on its training data, now at step {}. The \
                 explorer's gradient chart and activation histograms follow it too: they show the \
                 trained hidden layers on the explorer's random batch, at the step in their captions.",
                out.step.get()
            )}
        </p>
    }
}

/// The scale chart shows for a format other than float32 with a loss scale.
fn scale_charted(m: &MixedPrecision) -> bool {
    m.precision != Precision::Float32 && m.loss_scale != LossScale::None
}

/// A chart drawn from the run's history.
#[component]
fn HistoryChart<C>(
    chart: C,
    test_id: &'static str,
    title: &'static str,
    /// The chart's values as a visually hidden table, where it has one.
    #[prop(optional)]
    table: Option<fn(&TrainHistory) -> ChartTable>,
) -> impl IntoView
where
    C: for<'a> Chart<Data<'a> = &'a TrainHistory, Layout = ()> + Copy + Send + Sync + 'static,
{
    let state = use_state();
    let out = use_train().out;
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let renders = redraw_in_own_task(canvas, out, move |el| {
        let theme = state.theme();
        out.history.with_untracked(|h| {
            draw_on_canvas(el, &theme, |area, theme| chart.draw(area, h, theme).is_ok())
                .is_some_and(|(ok, _)| ok)
        })
    });
    let label = text_alternative(out, move |h| chart.summary(h));
    view! {
        <figure class="train-chart">
            <figcaption><h3>{title}</h3></figcaption>
            <div class="canvas-wrap">
                <canvas node_ref=canvas data-testid=test_id class="train-canvas" role="img"
                    aria-label=label data-render-count=move || renders.get()></canvas>
            </div>
            <p class="chart-text" data-testid=format!("{test_id}-text")>{label}</p>
            {table.map(|table| view! { <HiddenTable test_id=test_id table=table /> })}
        </figure>
    }
}

/// The chart's values as a table for screen readers (not shown), rebuilt with each redraw;
/// rows keep their DOM while their step and values stay the same.
#[component]
fn HiddenTable(test_id: &'static str, table: fn(&TrainHistory) -> ChartTable) -> impl IntoView {
    let out = use_train().out;
    let data = Memo::new(move |_| {
        out.frame.track();
        out.history.with_untracked(table)
    });
    let headers = data.with_untracked(|t| t.headers);
    view! {
        // The wrapper hides it: a table does not shrink to the class's 1 px, and would make
        // the page scroll sideways on a phone.
        <div class="visually-hidden">
        <table data-testid=format!("{test_id}-table")>
            <caption>{move || data.with(|t| t.caption.clone())}</caption>
            <thead><tr>
                {headers.iter().map(|h| view! { <th scope="col">{*h}</th> }).collect_view()}
            </tr></thead>
            <tbody>
                <For each=move || data.with(|t| t.rows.clone()) key=|row| row.clone()
                    children=|(step, cells)| view! {
                        <tr>
                            <th scope="row">{step}</th>
                            {cells.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}
                        </tr>
                    } />
            </tbody>
        </table>
        </div>
    }
}

/// Runs `draw` after mount and whenever the run's frame, the theme or the window size change,
/// each time in a task of its own: four charts drawn in one task could block the page for
/// longer than 50 ms. Returns the number of completed draws.
fn redraw_in_own_task(
    canvas: NodeRef<leptos::html::Canvas>,
    out: TrainSignals,
    draw: impl Fn(&HtmlCanvasElement) -> bool + 'static,
) -> ReadSignal<u32> {
    let state = use_state();
    let tick = resize_tick();
    let (count, set_count) = signal(0u32);
    let draw = Rc::new(draw);
    let scheduled = Rc::new(Cell::new(false));
    Effect::new(move |_| {
        out.frame.track();
        tick.track();
        state.dark.track();
        if canvas.get().is_none() || scheduled.replace(true) {
            return;
        }
        let (draw, scheduled) = (draw.clone(), scheduled.clone());
        run_in_next_task(move || {
            scheduled.set(false);
            // The chart may be gone by then (back to the explorer): `try_` reads and writes
            // of its disposed signals do nothing.
            if let Some(el) = canvas.try_get_untracked().flatten() {
                if draw(&el) {
                    set_count.try_update(|c| *c += 1);
                }
            }
        });
    });
    count
}

/// The summary, recomputed with each redraw.
fn text_alternative(
    out: TrainSignals,
    summary: impl Fn(&TrainHistory) -> String + Send + Sync + 'static,
) -> Memo<String> {
    Memo::new(move |_| {
        out.frame.track();
        out.history.with_untracked(&summary)
    })
}

/// The decision boundary at the step its grid was computed, with the training points.
#[component]
fn BoundaryChart() -> impl IntoView {
    let state = use_state();
    let out = use_train().out;
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let renders = redraw_in_own_task(canvas, out, move |el| {
        let theme = state.theme();
        out.boundary.with_untracked(|b| {
            out.points.with_untracked(|points| {
                let (Some((step, grid)), Some(points)) = (b, points) else {
                    return false;
                };
                let data = BoundaryChartData {
                    grid,
                    points,
                    step: *step,
                };
                draw_on_canvas(el, &theme, |area, theme| {
                    DecisionBoundary.draw(area, &data, theme).is_ok()
                })
                .is_some_and(|(ok, _)| ok)
            })
        })
    });
    let label = Memo::new(move |_| {
        out.frame.track();
        out.boundary.with_untracked(|b| {
            out.points.with_untracked(|points| match (b, points) {
                (Some((step, grid)), Some(points)) => {
                    DecisionBoundary.summary(&BoundaryChartData {
                        grid,
                        points,
                        step: *step,
                    })
                }
                _ => "The decision boundary appears once the run has started.".to_string(),
            })
        })
    });
    view! {
        <figure class="train-chart">
            <figcaption><h3>"Decision boundary"</h3></figcaption>
            <div class="canvas-wrap">
                <canvas node_ref=canvas data-testid="boundary-chart" class="train-canvas" role="img"
                    aria-label=label data-render-count=move || renders.get()></canvas>
            </div>
            <p class="chart-text" data-testid="boundary-chart-text">{label}</p>
        </figure>
    }
}
