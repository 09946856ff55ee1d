//! The status cards: gradient at the output side, at the input side, their ratio, and the
//! diagnosis in words (with an icon, so it reads without colour too).

use leptos::prelude::*;

use super::state::use_state;
use crate::format::{format_ratio, format_value};
use crate::metric::Metric;
use crate::sim::diagnosis::{EXPLODING_RATIO, EXPLODING_WEIGHT_GRAD, VANISHING_WEIGHT_GRAD};
use crate::sim::{Diagnosis, Report};

fn diagnosis_text(d: Diagnosis) -> (&'static str, &'static str, String) {
    // The thresholds come from the core, so the words cannot drift from the verdict.
    let factor = format!("{:.0}×", EXPLODING_RATIO);
    match d {
        Diagnosis::Healthy => ("✓", "Healthy", format!("Layer 1's gradient is within {factor} of the output layer's: every layer learns at a similar pace.")),
        Diagnosis::Vanishing => ("↓", "Vanishing", format!("The gradient shrinks by more than {factor} (or its weight gradient is below {}) before it reaches layer 1: early layers barely learn.", format_value(VANISHING_WEIGHT_GRAD))),
        Diagnosis::Exploding => ("↑", "Exploding", format!("The gradient grows by more than {factor} on its way to layer 1 (or a weight gradient exceeds {}): training steps would be huge and unstable.", format_value(EXPLODING_WEIGHT_GRAD))),
        Diagnosis::Overflow => ("⚠", "Overflow", "Values exceeded float32's range (infinity or NaN): this network cannot be trained as is.".to_string()),
        Diagnosis::Dead => ("✕", "Dead layer", "A layer has 99 % or more of its units outputting zero, so almost no gradient gets through it.".to_string()),
    }
}

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
            r.as_ref()
                .ok()
                .map(|r| (headline(r, metric), r.config.depth, r.summary.diagnosis))
        })
    });
    let value = move |pick: fn((f64, f64, f64)) -> f64| {
        move || {
            numbers
                .get()
                .map(|(h, _, _)| format_value(pick(h)))
                .unwrap_or_else(|| "—".into())
        }
    };
    let symbol = move || match state.metric.get() {
        Metric::Signal => "‖∂L/∂z‖",
        Metric::Weight => "‖∂L/∂W‖",
    };
    let depth = move || numbers.get().map(|(_, d, _)| d).unwrap_or(0);
    let diagnosis = move || numbers.get().map(|(_, _, d)| d);
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
                    {move || numbers.get().map(|(h, _, _)| format_ratio(h.2)).unwrap_or_else(|| "—".into())}
                </p>
                <p class="card-note">"1× would mean no loss at all"</p>
            </div>
            <div class="card diagnosis" data-testid="diagnosis" role="status"
                data-diagnosis=move || diagnosis().map(|d| d.id()).unwrap_or("error")>
                <h3>"Diagnosis"</h3>
                {move || match diagnosis() {
                    Some(d) => {
                        let (icon, word, why) = diagnosis_text(d);
                        view! {
                            <p class="card-value"><span class="icon" aria-hidden="true">{icon}</span> {word}</p>
                            <p class="card-note">{why}</p>
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
