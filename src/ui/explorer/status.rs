//! The status cards: gradient at the output side, at the input side, their ratio, and the
//! diagnosis in words (with an icon, so it reads without colour too; the words live in
//! [`crate::lessons::status`], where native tests check them).

use leptos::prelude::*;

use super::state::use_state;
use crate::lessons::{judged_words, status_words};
use crate::sim::{judged_gradient, Report};
use crate::words::format::{format_ratio, format_value};
use crate::words::metric::Metric;

/// (output-side, input-side, ratio) for the chosen gradient.
fn headline(r: &Report, metric: Metric) -> (f64, f64, f64) {
    let s = &r.summary;
    match metric {
        Metric::Signal => (s.last_layer_grad, s.first_layer_grad, s.ratio),
        Metric::Weight => (
            s.last_layer_weight_grad,
            s.first_layer_weight_grad,
            s.weight_ratio,
        ),
    }
}

#[component]
pub fn StatusCards() -> impl IntoView {
    let state = use_state();
    let numbers = Memo::new(move |_| {
        let metric = state.metric.get();
        state.report.with(|r| {
            r.as_ref().ok().map(|r| {
                (
                    headline(r, metric),
                    r.config.depth,
                    status_words(&r.summary),
                    r.summary.diagnosis,
                    judged_gradient(&r.config),
                )
            })
        })
    });
    let value = move |pick: fn((f64, f64, f64)) -> f64| {
        move || {
            numbers
                .get()
                .map(|(h, _, _, _, _)| format_value(pick(h)))
                .unwrap_or_else(|| "—".into())
        }
    };
    let symbol = move || match state.metric.get() {
        Metric::Signal => "‖∂L/∂z‖",
        Metric::Weight => "‖∂L/∂W‖",
    };
    let depth = move || numbers.get().map(|(_, d, _, _, _)| d).unwrap_or(0);
    let diagnosis = move || numbers.get().map(|(_, _, w, d, j)| (w, d, j));
    view! {
        <div class="cards">
            <div class="card">
                <h3>"Output side (layer " {depth} ")"</h3>
                <p class="card-value" data-testid="grad-output">{value(|h| h.0)}</p>
                <p class="card-note">{symbol} " where back-propagation starts"</p>
            </div>
            <div class="card">
                <h3>"Input side (layer 1)"</h3>
                <p class="card-value" data-testid="grad-input">{value(|h| h.1)}</p>
                <p class="card-note">{symbol} " after the whole trip back"</p>
            </div>
            <div class="card">
                <h3>"Ratio layer 1 / layer " {depth}</h3>
                <p class="card-value" data-testid="grad-ratio">
                    {move || numbers.get().map(|(h, _, _, _, _)| format_ratio(h.2)).unwrap_or_else(|| "—".into())}
                </p>
                <p class="card-note">"1× would mean no loss at all"</p>
            </div>
            <div class="card diagnosis" data-testid="diagnosis" role="status"
                data-diagnosis=move || diagnosis().map(|(_, d, _)| d.id()).unwrap_or("error")>
                <h3>"Diagnosis"</h3>
                {move || match diagnosis() {
                    Some((words, _, judged)) => {
                        let reason = judged.description();
                        let judged = judged_words(judged);
                        view! {
                            <p class="card-value"><span class="icon" aria-hidden="true">{words.icon}</span> {words.word}</p>
                            <p class="card-note">{words.why}</p>
                            <p class="card-note" data-testid="diagnosis-judged" title=reason>{judged}</p>
                        }.into_any()
                    }
                    None => view! {
                        <p class="card-note">{move || state.report.with(|r| r.as_ref().err().cloned().unwrap_or_default())}</p>
                    }.into_any(),
                }}
            </div>
        </div>
    }
}
