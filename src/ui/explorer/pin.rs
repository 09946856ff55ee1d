//! Pin and compare: the pinned network is a `Setup` — the network and its number format, so a
//! link carries both — and its profile is recomputed from it, deterministic per seed, by the
//! page's simulation worker, on a queue of its own (`results::SIDE_PIN`; its state is
//! `state::PinState`), so the page never runs a second simulation worker.

use leptos::prelude::*;

use super::state::use_state;
use crate::charts::{explorer::pinned::difference_words, network_name, report_name};
use crate::page::edit::Setup;

/// Pins the network on screen, or unpins.
#[component]
pub fn PinButton() -> impl IntoView {
    let state = use_state();
    let pinned = state.pin.config;
    let toggle = move |_| {
        if pinned.get_untracked().is_some() {
            pinned.set(None);
            return;
        }
        // The network the charts show in its format (the report's), else the one being computed.
        let shown = state.report.with_untracked(|r| {
            r.as_ref().ok().map(|r| Setup {
                config: r.config.clone(),
                mixed: r.mixed_precision(),
            })
        });
        pinned.set(Some(shown.unwrap_or_else(|| Setup {
            config: state.config.get_untracked(),
            mixed: state.mixed.get_untracked(),
        })));
    };
    view! {
        <button type="button" data-testid="pin" aria-pressed=move || pinned.with(Option::is_some).to_string()
            title="Keep this network's gradient profile on the chart to compare with later settings"
            on:click=toggle>
            {move || match pinned.get() {
                Some(pin) => format!("Unpin {}", network_name(&pin.config, &pin.mixed)),
                None => "Pin for comparison".to_string(),
            }}
        </button>
    }
}

/// The difference between the pinned and the live network, under the status cards.
#[component]
pub fn PinDifference() -> impl IntoView {
    let state = use_state();
    let words = move || {
        let pinned = state.pin.report.get()?;
        let metric = state.metric.get();
        state.report.with(|r| {
            let live = r.as_ref().ok()?;
            Some((
                report_name(&pinned),
                report_name(live),
                difference_words(&pinned, live, metric),
            ))
        })
    };
    move || {
        words().map(|(pinned, live, difference)| {
            view! {
                <div class="card pin-diff" data-testid="pin-diff" role="status">
                    <h3>"Pinned → live"</h3>
                    <p class="card-value">{difference}</p>
                    <p class="card-note">{format!("{pinned} → {live}")}</p>
                </div>
            }
        })
    }
}
