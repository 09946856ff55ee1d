//! The transformer mode's page: presets, the charts with the verdict beside them, the pin,
//! then the controls (`ui::arch_page` shows it when the navigation chose it, and owns its
//! state and worker link).

use leptos::prelude::*;

use super::charts::{BlockWeightChart, StreamChart};
use super::controls::TransformerControls;
use super::state::use_transformer_state;
use super::train_panel::TransformerTrainPanel;
use crate::charts::transformer::stream::StreamQuantity;
use crate::charts::transformer::summary::stack_name;
use crate::lessons::status::{ratio_words, RatioWords};
use crate::page::transformer::edit::TransformerEdit;
use crate::page::transformer::presets::TRANSFORMER_PRESETS;
use crate::page::transformer::words::{diagnosis_words, lost_card};
use crate::sim::transformer::report::StackSummary;
use crate::ui::lessons::transformer::TransformerLessonsAfterFirstChart;
use crate::words::format::format_value;

#[component]
pub fn TransformerView(dark: ReadSignal<bool>) -> impl IntoView {
    let state = use_transformer_state();
    let warnings = state.warnings.get_untracked();
    view! {
        <div class="tf-view rnn-view" data-testid="transformer-view">
            <main>
                {(!warnings.is_empty()).then(|| view! {
                    <div class="url-warnings" role="alert" data-testid="tf-url-warnings">
                        <p>"Some settings in the link were adjusted:"</p>
                        <ul>{warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                    </div>
                })}
                <div class="workspace">
                    <section data-area="presets" aria-label="Transformer preset scenarios">
                        <TransformerPresets />
                    </section>
                    <section data-area="charts" aria-label="Charts">
                        <StreamChart dark=dark quantity=StreamQuantity::Gradient />
                        <section data-area="status" aria-label="Gradient status through the blocks">
                            <TransformerStatus />
                            <PinBar />
                        </section>
                        <BlockWeightChart dark=dark />
                        <StreamChart dark=dark quantity=StreamQuantity::Std />
                        <TransformerTrainPanel dark=dark />
                    </section>
                    <div class="side">
                        <section data-area="controls" aria-label="Transformer controls">
                            <TransformerControls />
                        </section>
                    </div>
                </div>
                <TransformerLessonsAfterFirstChart />
            </main>
        </div>
    }
}

#[component]
fn TransformerPresets() -> impl IntoView {
    let state = use_transformer_state();
    view! {
        <div class="presets" role="group" aria-label="Transformer preset scenarios">
            {TRANSFORMER_PRESETS.iter().map(|p| view! {
                <button type="button" class="preset" data-testid=format!("tf-preset-{}", p.id)
                    aria-pressed=move || state.preset.get().is_some_and(|q| q.id == p.id && !state.modified()).to_string()
                    on:click=move |_| state.apply(TransformerEdit::Preset(p.id))>
                    {p.title}
                </button>
            }).collect_view()}
        </div>
        <p class="preset-explanation" data-testid="tf-preset-explanation" aria-live="polite">
            {move || match state.preset.get() {
                None => "Pick a preset above to load a scenario, or set the controls yourself.".to_string(),
                Some(p) if state.modified() => format!("{} (modified: you changed a control since loading it) — {}", p.title, p.explanation),
                Some(p) => format!("{} — {}", p.title, p.explanation),
            }}
        </p>
    }
}

/// Pin the current run to compare (drawn dashed on the stream charts), or unpin it.
#[component]
fn PinBar() -> impl IntoView {
    let state = use_transformer_state();
    let pinned = move || state.pinned.with(Option::is_some);
    view! {
        <div class="pin-bar">
            <button type="button" data-testid="tf-pin" aria-pressed=move || pinned().to_string()
                prop:disabled=move || !pinned() && state.result.with(Result::is_err)
                on:click=move |_| state.toggle_pin()>
                {move || if pinned() { "Unpin" } else { "Pin this run to compare" }}
            </button>
            <span class="card-note" data-testid="tf-pinned-name">
                {move || state.pinned.with(|p| p.as_ref().map(|r| format!("Pinned: {} (dashed)", stack_name(r))))}
            </span>
        </div>
    }
}

#[component]
fn TransformerStatus() -> impl IntoView {
    let state = use_transformer_state();
    let summary = Memo::new(move |_| {
        state.result.with(|r| {
            r.as_ref()
                .ok()
                .map(|rep| (rep.summary.clone(), rep.blocks.len()))
        })
    });
    let show = move |f: fn(&StackSummary) -> String| {
        move || summary.with(|s| s.as_ref().map_or("—".to_string(), |(s, _)| f(s)))
    };
    let blocks = move || summary.with(|s| s.as_ref().map_or(0, |s| s.1));
    view! {
        <div class="cards">
            <div class="card">
                <h3>"Last block (l = " {blocks} ")"</h3>
                <p class="card-value" data-testid="tf-grad-last">{show(|s| format_value(s.last_block_grad))}</p>
                <p class="card-note">"‖∂L/∂x‖ at the last block's input, where back-propagation starts"</p>
            </div>
            <div class="card">
                <h3>"First block (l = 1)"</h3>
                <p class="card-value" data-testid="tf-grad-first">{show(|s| format_value(s.first_block_grad))}</p>
                <p class="card-note">"‖∂L/∂x‖ at the input, after the whole trip back"</p>
            </div>
            <div class="card">
                <h3>"Ratio block 1 / block " {blocks}</h3>
                <p class="card-value" data-testid="tf-grad-ratio">{show(|s| ratio_card(s).value)}</p>
                <p class="card-note">{show(|s| ratio_card(s).note)}</p>
            </div>
            <LostCardView />
            <div class="card diagnosis" data-testid="diagnosis" role="status"
                data-diagnosis=move || summary.with(|s| s.as_ref().map_or("error", |(s, _)| s.diagnosis.id()))>
                <h3>"Diagnosis"</h3>
                {move || match summary.get() {
                    Some((s, l)) => {
                        let (icon, word, why) = diagnosis_words(s.diagnosis, l);
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

/// How many blocks' stream gradients the format lost to underflow, and the scale reached
/// (only for a run in bfloat16 or float16, or with a scale).
#[component]
fn LostCardView() -> impl IntoView {
    let state = use_transformer_state();
    let card = Memo::new(move |_| state.result.with(|r| r.as_ref().ok().and_then(lost_card)));
    move || {
        card.get().map(|c| {
            view! {
                <div class="card" data-testid="tf-lost" data-lost-blocks=c.lost
                    data-scale-log2=c.scale_log2>
                    <h3>"Blocks lost to underflow"</h3>
                    <p class="card-value" data-testid="tf-lost-value">{c.value}</p>
                    <p class="card-note" data-testid="tf-lost-note">{c.note}</p>
                </div>
            }
        })
    }
}

/// The ratio card in the explorer's words.
fn ratio_card(s: &StackSummary) -> RatioWords {
    ratio_words(s.last_block_grad, s.first_block_grad, s.ratio)
}
