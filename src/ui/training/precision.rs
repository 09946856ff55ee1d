//! The training panel's precision controls — `--precision`, `--loss-scale` and
//! `--growth-interval` as the CLI calls them — and the readout card saying what the loss
//! scaler did: the scale now and how many steps it skipped. Every control sends a `TrainEdit`;
//! the numbers come from the worker's measurements and the run's history.

use leptos::prelude::*;

use super::state::use_train;
use crate::page::train::edit::TrainEdit;
use crate::page::train::edit::GROWTH_INTERVAL_MAX;
use crate::page::train::precision::{loss_scale_label, offered_loss_scales};
use crate::sim::mixed::LossScale;
use crate::sim::numeric::Precision;
use crate::words::scale::{scale_card, ScaleCard};

/// The three precision controls, for the panel's grid.
#[component]
pub fn PrecisionControls() -> impl IntoView {
    let train = use_train();
    let mixed = move || train.settings.with(|s| s.mixed);
    let dynamic = move || mixed().loss_scale == LossScale::Dynamic;
    let interval = move || train.settings.with(|s| s.growth_interval);
    view! {
        <div class="control">
            <label for="train-precision">"Precision"</label>
            <select id="train-precision" data-testid="train-precision"
                on:change=move |ev| {
                    if let Some(p) = Precision::from_id(&event_target_value(&ev)) {
                        train.edit(TrainEdit::Precision(p));
                    }
                }>
                {Precision::ALL.into_iter().map(|p| view! {
                    <option value=p.id() prop:selected=move || mixed().precision == p>{p.id()}</option>
                }).collect_view()}
            </select>
        </div>
        <div class="control">
            <label for="train-loss-scale">"Loss scale"</label>
            <select id="train-loss-scale" data-testid="train-loss-scale"
                on:change=move |ev| {
                    if let Some(l) = LossScale::parse(&event_target_value(&ev)) {
                        train.edit(TrainEdit::LossScale(l));
                    }
                }>
                {offered_loss_scales().into_iter().map(|l| view! {
                    <option value=l.id() prop:selected=move || mixed().loss_scale == l>
                        {loss_scale_label(l)}
                    </option>
                }).collect_view()}
            </select>
        </div>
        <div class="control">
            <label for="train-growth-interval">"Growth interval (steps)"</label>
            <input id="train-growth-interval" data-testid="train-growth-interval" type="number"
                min="1" max=GROWTH_INTERVAL_MAX step="1"
                disabled=move || !dynamic()
                aria-describedby="train-growth-interval-note"
                prop:value=move || interval().to_string()
                on:change=move |ev| {
                    if let Ok(v) = event_target_value(&ev).trim().parse::<f64>() {
                        if v.is_finite() {
                            // `as` saturates; the edit clamps.
                            train.edit(TrainEdit::GrowthInterval(v.round().max(0.0) as usize));
                        }
                    }
                } />
            <p class="card-note" id="train-growth-interval-note">
                {move || if dynamic() {
                    "a dynamic S doubles after this many clean steps (PyTorch: 2000)"
                } else {
                    "used by the dynamic loss scale only"
                }}
            </p>
        </div>
    }
}

/// "Loss scale" card: S now and the steps skipped (shown unless the run is plain float32).
#[component]
pub fn ScaleReadout() -> impl IntoView {
    let train = use_train();
    let out = train.out;
    let shown = move || train.settings.with(|s| !s.mixed.is_float32());
    let card = move || {
        out.frame.track();
        let requested = train.settings.with(|s| s.mixed);
        out.latest.with(|m| {
            out.history
                .with_untracked(|h| scale_card(&requested, m.as_ref(), h))
        })
    };
    view! {
        <Show when=shown>
            {move || {
                let ScaleCard { value, note, scale_log2, skipped } = card();
                view! {
                    <div class="card" data-testid="train-scale">
                        <h3>"Loss scale"</h3>
                        <p class="card-value" data-testid="train-scale-value"
                            data-scale-log2=scale_log2.map(|k| k.to_string()).unwrap_or_default()
                            data-skipped=skipped.to_string()>{value}</p>
                        <p class="card-note" data-testid="train-scale-note">{note}</p>
                    </div>
                }
            }}
        </Show>
    }
}
