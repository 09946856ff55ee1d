//! The recurrent mode's page: presets, controls, status cards, the chart, and its lessons
//! below (`ui::arch_page` shows it when the navigation chose it, and owns its state and worker
//! link).

use leptos::prelude::*;

use super::chart::TimeGradientChart;
use super::controls::RnnControls;
use super::hidden_chart::HiddenStateChart;
use super::state::use_rnn_state;
use super::train_panel::RnnTrainPanel;
use crate::lessons::status::{ratio_words, RatioWords};
use crate::page::recurrent::edit::RnnEdit;
use crate::page::recurrent::precision_words::lost_card;
use crate::page::recurrent::presets::RNN_PRESETS;
use crate::page::recurrent::words::diagnosis_words;
use crate::sim::recurrent::RnnSummary;
use crate::ui::lessons::recurrent::RecurrentLessonsAfterFirstChart;
use crate::words::format::format_value;

#[component]
pub fn RecurrentView(dark: ReadSignal<bool>) -> impl IntoView {
    let state = use_rnn_state();
    let warnings = state.warnings.get_untracked();
    view! {
        <div class="rnn-view" data-testid="recurrent-view">
            <main>
                {(!warnings.is_empty()).then(|| view! {
                    <div class="url-warnings" role="alert" data-testid="rnn-url-warnings">
                        <p>"Some settings in the link were adjusted:"</p>
                        <ul>{warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                    </div>
                })}
                // The picture first, as in the explorer: presets, then the chart and the
                // verdict beside them (desktop) or right under them (phone), then the controls.
                <div class="workspace">
                    <section data-area="presets" aria-label="Recurrent preset scenarios">
                        <RnnPresets />
                    </section>
                    <section data-area="charts" aria-label="Charts">
                        <TimeGradientChart dark=dark />
                        <section data-area="status" aria-label="Gradient status through time">
                            <RnnStatus />
                        </section>
                        <HiddenStateChart dark=dark />
                        <RnnTrainPanel dark=dark />
                    </section>
                    <div class="side">
                        <section data-area="controls" aria-label="Recurrent network controls">
                            <RnnControls />
                        </section>
                    </div>
                </div>
                <RecurrentLessonsAfterFirstChart />
            </main>
        </div>
    }
}

#[component]
fn RnnPresets() -> impl IntoView {
    let state = use_rnn_state();
    view! {
        <div class="presets" role="group" aria-label="Recurrent preset scenarios">
            {RNN_PRESETS.iter().map(|p| view! {
                <button type="button" class="preset" data-testid=format!("rnn-preset-{}", p.id)
                    aria-pressed=move || state.preset.get().is_some_and(|q| q.id == p.id && !state.modified()).to_string()
                    on:click=move |_| state.apply(RnnEdit::Preset(p.id))>
                    {p.title}
                </button>
            }).collect_view()}
        </div>
        <p class="preset-explanation" data-testid="rnn-preset-explanation" aria-live="polite">
            {move || match state.preset.get() {
                None => "Pick a preset above to load a scenario, or set the controls yourself.".to_string(),
                Some(p) if state.modified() => format!("{} (modified: you changed a control since loading it) — {}", p.title, p.explanation),
                Some(p) => format!("{} — {}", p.title, p.explanation),
            }}
        </p>
    }
}

#[component]
fn RnnStatus() -> impl IntoView {
    let state = use_rnn_state();
    let summary = Memo::new(move |_| {
        state.result.with(|r| {
            r.as_ref().ok().map(|sp| {
                let c = &sp.config;
                (sp.summary.clone(), c.steps, c.truncate < c.steps)
            })
        })
    });
    let show = move |f: fn(&crate::sim::recurrent::RnnSummary) -> String| {
        move || summary.with(|s| s.as_ref().map_or("—".to_string(), |(s, _, _)| f(s)))
    };
    let steps = move || summary.with(|s| s.as_ref().map_or(0, |s| s.1));
    view! {
        <div class="cards">
            <div class="card">
                <h3>"Last step (t = " {steps} ")"</h3>
                <p class="card-value" data-testid="rnn-grad-last">{show(|s| format_value(s.last_step_grad))}</p>
                <p class="card-note">"‖∂L/∂h_T‖ where back-propagation starts"</p>
            </div>
            <div class="card">
                <h3>"First step (t = 1)"</h3>
                <p class="card-value" data-testid="rnn-grad-first">{show(|s| format_value(s.first_step_grad))}</p>
                <p class="card-note">"‖∂L/∂h₁‖ after the whole trip back"</p>
            </div>
            <div class="card">
                <h3>"Ratio step 1 / step " {steps}</h3>
                <p class="card-value" data-testid="rnn-grad-ratio">{show(|s| ratio_card(s).value)}</p>
                <p class="card-note">{show(|s| ratio_card(s).note)}</p>
            </div>
            <div class="card">
                <h3>"Memory horizon"</h3>
                <p class="card-value" data-testid="rnn-memory-horizon">{show(|s| format!("{} steps", s.memory_horizon))}</p>
                <p class="card-note">"how far back the gradient stays above 10⁻³ of its value at the last step"</p>
            </div>
            <LostCardView />
            <div class="card diagnosis" data-testid="diagnosis" role="status"
                data-diagnosis=move || summary.with(|s| s.as_ref().map_or("error", |(s, _, _)| s.diagnosis.id()))>
                <h3>"Diagnosis"</h3>
                {move || match summary.get() {
                    Some((s, _, truncated)) => {
                        let (icon, word, why) = diagnosis_words(s.diagnosis, truncated);
                        view! {
                            <p class="card-value"><span class="icon" aria-hidden="true">{icon}</span> {word}</p>
                            <p class="card-note">{why}</p>
                        }.into_any()
                    }
                    None => view! {
                        <p class="card-note">{move || state.result.with(|r| r.as_ref().err().cloned().unwrap_or_default())}</p>
                    }.into_any(),
                }}
            </div>
        </div>
    }
}

/// How many steps' gradients the format lost to underflow, and the scale reached (only for a
/// run in bfloat16 or float16, or with a scale).
#[component]
fn LostCardView() -> impl IntoView {
    let state = use_rnn_state();
    let card = Memo::new(move |_| state.result.with(|r| r.as_ref().ok().and_then(lost_card)));
    move || {
        card.get().map(|c| {
            view! {
                <div class="card" data-testid="rnn-lost" data-lost-steps=c.lost
                    data-scale-log2=c.scale_log2>
                    <h3>"Steps lost to underflow"</h3>
                    <p class="card-value" data-testid="rnn-lost-value">{c.value}</p>
                    <p class="card-note" data-testid="rnn-lost-note">{c.note}</p>
                </div>
            }
        })
    }
}

/// The ratio card in the explorer's words ("shrank N-fold on the way back", "—" when nothing
/// flows back, "overflow" only for inf/NaN).
fn ratio_card(s: &RnnSummary) -> RatioWords {
    ratio_words(s.last_step_grad, s.first_step_grad, s.ratio)
}
