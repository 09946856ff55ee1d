//! The training presets as buttons (`train::presets`), and the explanation of the one loaded.

use leptos::prelude::*;

use super::state::use_train;
use crate::page::train::edit::train_config;
use crate::train::presets::{TrainPreset, TRAIN_PRESETS};
use crate::ui::explorer::state::use_state;
use crate::ui::web::show_chart::{show_chart, BackPoint};

#[component]
pub fn TrainPresetBar() -> impl IntoView {
    let train = use_train();
    let app = use_state();
    let loaded = RwSignal::new(None::<&'static TrainPreset>);
    // Still exactly the preset's run (a control changed since clears the mark).
    let current = move |p: &TrainPreset| {
        app.config.with(|c| {
            train
                .settings
                .with(|s| train_config(c, s) == p.config(c.seed))
        })
    };
    view! {
        <div class="presets" role="group" aria-label="Training presets">
            {TRAIN_PRESETS.iter().map(|p| view! {
                <button type="button" class="preset" data-testid=format!("preset-{}", p.id)
                    aria-pressed=move || loaded.get().is_some_and(|q| q.id == p.id && current(q)).to_string()
                    on:click=move |_| {
                        train.load_preset(p);
                        loaded.set(Some(p));
                        show_chart(Some(BackPoint {
                            testid: format!("preset-{}", p.id),
                            label: "Back to the training presets",
                        }));
                    }>
                    {p.title}
                </button>
            }).collect_view()}
        </div>
        <p class="preset-explanation" data-testid="train-preset-explanation" aria-live="polite">
            {move || match loaded.get() {
                None => "Pick a training preset, or set the network above and the run here yourself.".to_string(),
                Some(p) => format!("{} — {}", p.title, p.explanation),
            }}
        </p>
    }
}
