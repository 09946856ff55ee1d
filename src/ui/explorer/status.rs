//! The status cards: gradient at the output side, at the input side, their ratio, and the
//! diagnosis in words (with an icon, so it reads without colour too; the words live in
//! [`crate::lessons::status`], where native tests check them).

use leptos::prelude::*;

use super::charted::charted_report;
use super::precision_status::PrecisionStatusCard;
use super::state::use_state;
use crate::lessons::status::StatusWords;
use crate::lessons::{judged_words, ratio_words, status_words};
use crate::sim::diagnosis::JudgedGradient;
use crate::sim::{judged_gradient, Report};
use crate::ui::term::Term;
use crate::words::format::format_value;
use crate::words::metric::Metric;
use crate::words::precision::in_format;

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

/// The diagnosis's words; in float16 or bfloat16 they name that format, not float32.
fn format_status_words(r: &Report) -> StatusWords {
    let mut words = status_words(&r.summary);
    if let Some(run) = r.mixed {
        words.why = in_format(&words.why, run.precision);
    }
    words
}

#[component]
pub fn StatusCards() -> impl IntoView {
    let state = use_state();
    // In training mode: the trained network at the newest step, as the charts show it.
    let charted = charted_report(state);
    let step = move || charted.with(|c| c.step);
    let numbers = Memo::new(move |_| {
        let metric = state.metric.get();
        charted.with(|c| {
            c.report.as_ref().ok().map(|r| {
                (
                    headline(r, metric),
                    r.config.net.depth,
                    format_status_words(r),
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
    // The quantity's symbol, its definition a tap away.
    let symbol = move || match state.metric.get() {
        Metric::Signal => view! { <Term id="signal-gradient">"‖∂L/∂z‖"</Term> },
        Metric::Weight => view! { <Term id="weight-gradient">"‖∂L/∂W‖"</Term> },
    };
    let ratio = move || {
        numbers
            .get()
            .map(|(h, _, _, _, _)| ratio_words(h.0, h.1, h.2))
    };
    let depth = move || numbers.get().map(|(_, d, _, _, _)| d).unwrap_or(0);
    let diagnosis = move || numbers.get().map(|(_, _, w, d, j)| (w, d, j));
    view! {
        {move || step().map(|step| view! {
            <p class="hint train-step-note" data-testid="status-step" data-step=step.to_string()>
                <strong>{format!("Trained network at step {step}")}</strong>
                ": the cards follow the training run, like the charts."
            </p>
        })}
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
                    {move || ratio().map(|r| r.value).unwrap_or_else(|| "—".into())}
                </p>
                <p class="card-note" data-testid="grad-ratio-note">{move || ratio().map(|r| r.note).unwrap_or_default()}</p>
            </div>
            <div class="card diagnosis" data-testid="diagnosis" role="status"
                data-diagnosis=move || diagnosis().map(|(_, d, _)| d.id()).unwrap_or("error")>
                <h3>"Diagnosis"</h3>
                {move || match diagnosis() {
                    Some((words, _, judged)) => {
                        let judged_kind = judged;
                        let reason = judged.description();
                        let judged = judged_words(judged);
                        view! {
                            <p class="card-value"><span class="icon" aria-hidden="true">{words.icon}</span> {words.word}</p>
                            <p class="card-note">{words.why}</p>
                            <p class="card-note" data-testid="diagnosis-judged" title=reason>{judged}</p>
                            <JudgedElsewhere judged=judged_kind />
                        }.into_any()
                    }
                    None => view! {
                        <p class="card-note">{move || charted.with(|c| c.report.as_ref().err().cloned().unwrap_or_default())}</p>
                    }.into_any(),
                }}
            </div>
            <PrecisionStatusCard />
        </div>
    }
}

/// Shown when the chart shows another gradient than the one the verdict judges: says so, and
/// one click shows the judged one.
#[component]
fn JudgedElsewhere(judged: JudgedGradient) -> impl IntoView {
    let state = use_state();
    let judged_metric = match judged {
        JudgedGradient::Signal => Metric::Signal,
        JudgedGradient::Weight => Metric::Weight,
    };
    let differs = move || state.metric.get() != judged_metric;
    move || {
        differs().then(|| {
            view! {
                <p class="card-note judged-elsewhere" data-testid="diagnosis-other-metric">
                    {format!(
                        "The chart shows the {}; this verdict judges the {}. ",
                        gradient_name(state.metric.get()),
                        gradient_name(judged_metric)
                    )}
                    <button type="button" class="link-button" data-testid="diagnosis-show-judged"
                        on:click=move |_| state.metric.set(judged_metric)>
                        "Show it"
                    </button>
                </p>
            }
        })
    }
}

fn gradient_name(m: Metric) -> &'static str {
    match m {
        Metric::Signal => "signal gradient ‖∂L/∂z‖",
        Metric::Weight => "weight gradient ‖∂L/∂W‖",
    }
}
