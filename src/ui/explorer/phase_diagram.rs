//! The order-to-chaos phase diagram on a canvas: click the plane (or focus it and use the
//! arrow keys) to set a custom weight and bias variance; the explorer follows. Under it, the
//! phase of the network on screen and the status card's verdict over its depth (`phase-note`).

use leptos::prelude::*;

use super::state::use_state;
use crate::charts::{draw_phase_diagram, phase_summary, PhaseLayout};
use crate::lessons::phase_words::phase_note;
use crate::page::edit::Edit;
use crate::sim::phase::chi_star;
use crate::sim::phase_grid::{plane_extent, PhaseGrid};
use crate::sim::simulate::sigma_w2;
use crate::sim::Activation;
use crate::sim::{Config, Norm, Residual};
use crate::ui::web::canvas_draw::{draw_on_canvas, keep_layout};
use crate::ui::web::chart_redraw::redraw_on_change;
use crate::ui::web::next_task::run_in_next_task;
use crate::ui::web::show_chart::{show_chart, BackPoint};
use crate::ui::web::timing;

/// Cells of the heatmap: enough for a smooth picture, few enough to compute in well under a
/// second for the slowest activation (GELU) in the browser.
const COLS: usize = 32;
const ROWS: usize = 24;

/// (σ_w², σ_b²) of a config: where its marker goes.
fn point_of(cfg: &Config) -> (f64, f64) {
    (sigma_w2(cfg), cfg.bias_std * cfg.bias_std)
}

/// A clicked point, rounded so links stay short: σ_w² to 1/200 of the plane (a fifth of an
/// arrow key's step), σ_b² to 1/1000.
fn rounded((sw2, sb2): (f64, f64), max_w: f64) -> Edit {
    let step_w = max_w / 200.0;
    Edit::Variances {
        sigma_w2: (sw2 / step_w).round() * step_w,
        sigma_b2: (sb2 * 1000.0).round() / 1000.0,
    }
}

/// Longest stretch of grid cells computed in one main-thread task, in ms.
const SLICE_MS: f64 = 4.0;
/// Each slice is a `performance` measure of this name (the end-to-end tests count them).
const SLICE_MEASURE: &str = "phase grid slice";

/// The grid of the current activation: `None` while it is computed, a few cells per task (a
/// whole grid takes 40–120 ms in the browser, too long for one task), then kept per activation.
fn grid_for(activation: Memo<Activation>) -> ReadSignal<Option<PhaseGrid>> {
    let (grid, set_grid) = signal(None::<PhaseGrid>);
    let done = StoredValue::new(Vec::<PhaseGrid>::new());
    Effect::new(move |_| {
        let act = activation.get();
        let cached = done.with_value(|d| d.iter().find(|g| g.activation == act).cloned());
        let start = cached.is_none();
        set_grid.set(cached);
        if start {
            // From a task of its own, so the change that asked for it is handled first.
            let empty = PhaseGrid::empty(act, COLS, ROWS);
            run_in_next_task(move || fill_cells(empty, activation, set_grid, done));
        }
    });
    grid
}

/// Computes a slice of cells, then goes on in the next task; drops the work if the
/// activation changed meanwhile.
fn fill_cells(
    mut partial: PhaseGrid,
    activation: Memo<Activation>,
    set_grid: WriteSignal<Option<PhaseGrid>>,
    done: StoredValue<Vec<PhaseGrid>>,
) {
    if activation.try_get_untracked() != Some(partial.activation) {
        return;
    }
    if !timing::measured(SLICE_MEASURE, || compute_for(&mut partial, SLICE_MS)) {
        run_in_next_task(move || fill_cells(partial, activation, set_grid, done));
        return;
    }
    done.update_value(|d| d.push(partial.clone()));
    set_grid.set(Some(partial));
}

/// Computes cells for about `ms` (at least one); true once the grid is complete.
fn compute_for(grid: &mut PhaseGrid, ms: f64) -> bool {
    let started = timing::epoch_now();
    while grid.compute_next_cell() {
        if timing::epoch_now() - started > ms {
            return grid.is_complete();
        }
    }
    true
}

#[component]
pub fn PhaseDiagram() -> impl IntoView {
    let state = use_state();
    let cfg = state.config;
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let layout = StoredValue::new(None::<(PhaseLayout, f64)>);
    let activation = Memo::new(move |_| cfg.with(|c| c.net.activation));
    let grid = grid_for(activation);
    let marker = Memo::new(move |_| cfg.with(point_of));
    let renders = redraw_on_change(canvas, move |el| {
        let theme = state.theme();
        let at = marker.get();
        grid.with(|g| {
            let Some(g) = g else { return false };
            let drawn = draw_on_canvas(el, &theme, |area, theme| {
                draw_phase_diagram(area, g, at, theme).ok()
            });
            keep_layout(drawn, layout)
        })
    });
    // The phase of the network on screen and the status card's verdict over its depth, from
    // the same report the card reads, so the two never disagree.
    let note = move || {
        state
            .report
            .with(|r| r.as_ref().ok().map(phase_note))
            .unwrap_or_default()
    };
    let label = move || {
        let (sw2, sb2) = marker.get();
        let chi = chi_star(activation.get(), sw2, sb2);
        grid.with(|g| match g {
            Some(g) => format!("{} {}", phase_summary(g, (sw2, sb2), chi), note()),
            None => "The phase diagram is being computed.".to_string(),
        })
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let hit = layout.with_value(|l| {
            let (l, dpr) = l.as_ref()?;
            let (x, y) = (ev.offset_x() as f64 * dpr, ev.offset_y() as f64 * dpr);
            Some((l.point_at(x as i32, y as i32)?, l.max_sigma_w2))
        });
        if let Some((point, max_w)) = hit {
            state.apply(rounded(point, max_w));
            show_chart(Some(BackPoint {
                testid: "phase-diagram".into(),
                label: "Back to the phase diagram",
            }));
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let (max_w, max_b) = plane_extent(activation.get_untracked());
        let (sw2, sb2) = marker.get_untracked();
        let (sw2, sb2) = (sw2.clamp(0.0, max_w), sb2.clamp(0.0, max_b));
        let (dw, db) = (max_w / 40.0, max_b / 25.0);
        let next = match ev.key().as_str() {
            "ArrowRight" => (sw2 + dw, sb2),
            "ArrowLeft" => (sw2 - dw, sb2),
            "ArrowUp" => (sw2, sb2 + db),
            "ArrowDown" => (sw2, sb2 - db),
            _ => return,
        };
        ev.prevent_default();
        let next = (next.0.clamp(0.0, max_w), next.1.clamp(0.0, max_b));
        state.apply(rounded(next, max_w));
    };
    let plain = move || cfg.with(|c| c.net.residual == Residual::None && c.net.norm == Norm::None);
    view! {
        <figure class="chart phase-chart" aria-busy=move || grid.with(Option::is_none).to_string()>
            <figcaption>
                <h3>"Order to chaos"</h3>
                <p class="hint">
                    "Each point is a weight variance σ_w² and bias variance σ_b²; the colour is χ*, the factor \
                     each layer applies to the squared gradient deep in a plain network. Click the plane, or \
                     focus it and use the arrow keys, to try a custom variance (the initialization then reads \
                     “custom”; choosing one again clears it)."
                </p>
                <p class="hint" data-testid="phase-not-plain" hidden=plain>
                    "The diagram describes the plain network: with a residual path or a normalization the \
                     gradient follows other rules (see the overlay's legend)."
                </p>
            </figcaption>
            <div class="canvas-wrap">
                <canvas node_ref=canvas data-testid="phase-diagram" class="phase-canvas" tabindex="0"
                    role="img" aria-label=label data-render-count=move || renders.get()
                    data-sigma-w2=move || marker.get().0.to_string()
                    data-sigma-b2=move || marker.get().1.to_string()
                    on:click=on_click on:keydown=on_key></canvas>
            </div>
            <p class="hint" data-testid="phase-note">{note}</p>
        </figure>
    }
}
