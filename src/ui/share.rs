//! Share and export: copy a link to what is on screen, pin it for comparison, and download
//! the charts (PNG from the canvas at its pixel ratio, SVG from the same drawing code) and the
//! report (CSV, JSON in `gradflow`'s schema). File names carry the network.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use super::explorer::pin::PinButton;
use super::explorer::state::{use_state, AppState};
use super::url::current_link;
use super::web::download::{canvas_png, canvas_size, download_text, download_url};
use crate::charts::{GradientChartData, PinnedProfile};
use crate::export::{csv, file_name, json, svg};
use crate::sim::Report;

/// What "copy link" last did.
#[derive(Clone, PartialEq)]
enum Copied {
    Not,
    Yes,
    /// The clipboard refused: the link is shown, selected, to copy by hand.
    Fallback(String),
}

#[component]
pub fn ShareBar() -> impl IntoView {
    let state = use_state();
    let copied = RwSignal::new(Copied::Not);
    let export = move |what: Export| move |_| run_export(&state, what);
    view! {
        <div class="share-bar" data-testid="share-bar">
            <div class="share-group">
                <button type="button" data-testid="copy-link" on:click=move |_| copy_link(&state, copied)>
                    "Copy link"
                </button>
                <PinButton />
                <CopyResult copied />
            </div>
            <div class="share-group" role="group" aria-label="Export">
                <span class="label">"Gradient chart:"</span>
                <button type="button" data-testid="export-png" aria-label="Download the gradient chart as PNG" on:click=export(Export::GradientPng)>"PNG"</button>
                <button type="button" data-testid="export-svg" aria-label="Download the gradient chart as SVG" on:click=export(Export::GradientSvg)>"SVG"</button>
                <span class="label">"Activations:"</span>
                <button type="button" data-testid="export-activations-png" aria-label="Download the activation chart as PNG" on:click=export(Export::ActivationPng)>"PNG"</button>
                <button type="button" data-testid="export-activations-svg" aria-label="Download the activation chart as SVG" on:click=export(Export::ActivationSvg)>"SVG"</button>
                <span class="label">"Report:"</span>
                <button type="button" data-testid="export-csv" aria-label="Download the report as CSV" on:click=export(Export::Csv)>"CSV"</button>
                <button type="button" data-testid="export-json" aria-label="Download the report as JSON" on:click=export(Export::Json)>"JSON"</button>
            </div>
        </div>
    }
}

/// The confirmation, or the link selected in a field when the clipboard is not available.
#[component]
fn CopyResult(copied: RwSignal<Copied>) -> impl IntoView {
    let field = NodeRef::<leptos::html::Input>::new();
    // Select the link as soon as the fallback field appears.
    Effect::new(move |_| {
        if let (Copied::Fallback(_), Some(input)) = (copied.get(), field.get()) {
            // After the value is in place: setting it later would drop the selection.
            request_animation_frame(move || {
                let _ = input.focus();
                input.select();
            });
        }
    });
    move || {
        match copied.get() {
        Copied::Not => None,
        Copied::Yes => Some(
            view! { <span class="copy-result" role="status" data-testid="copy-link-done">"Link copied"</span> }
                .into_any(),
        ),
        Copied::Fallback(link) => Some(
            view! {
                <label class="copy-result" data-testid="copy-link-fallback">
                    "Copy this link: "
                    <input node_ref=field type="text" readonly value=link size="40" />
                </label>
            }
            .into_any(),
        ),
    }
    }
}

fn copy_link(state: &AppState, copied: RwSignal<Copied>) {
    let link = current_link(state);
    let clipboard = web_sys::window().map(|w| w.navigator().clipboard());
    // `navigator.clipboard` is undefined outside secure contexts.
    let Some(clipboard) = clipboard.filter(|c| !JsValue::from(c.clone()).is_undefined()) else {
        copied.set(Copied::Fallback(link));
        return;
    };
    let promise = clipboard.write_text(&link);
    wasm_bindgen_futures::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(promise).await {
            Ok(_) => copied.set(Copied::Yes),
            Err(_) => copied.set(Copied::Fallback(link)),
        }
    });
}

#[derive(Clone, Copy)]
enum Export {
    GradientPng,
    GradientSvg,
    ActivationPng,
    ActivationSvg,
    Csv,
    Json,
}

/// Builds the file for `what` from what is on screen and downloads it.
fn run_export(state: &AppState, what: Export) {
    let Some(report) = state.report.with_untracked(|r| r.as_ref().ok().cloned()) else {
        return;
    };
    let cfg = &report.config;
    let result = match what {
        Export::GradientPng => canvas_png("gradient-chart")
            .and_then(|url| download_url(&url, &file_name("gradients", cfg, "png"))),
        Export::ActivationPng => canvas_png("activation-chart")
            .and_then(|url| download_url(&url, &file_name("activations", cfg, "png"))),
        Export::GradientSvg => gradient_svg_text(state, &report).and_then(|text| {
            download_text(&text, "image/svg+xml", &file_name("gradients", cfg, "svg"))
        }),
        Export::ActivationSvg => {
            let size = canvas_size("activation-chart");
            svg::activation_svg(&report, &theme(state), size).and_then(|text| {
                download_text(
                    &text,
                    "image/svg+xml",
                    &file_name("activations", cfg, "svg"),
                )
            })
        }
        Export::Csv => download_text(
            &csv::report_csv(&report),
            "text/csv",
            &file_name("report", cfg, "csv"),
        ),
        Export::Json => download_text(
            &json::report_json(&report).to_string(),
            "application/json",
            &file_name("report", cfg, "json"),
        ),
    };
    if let Err(e) = result {
        web_sys::console::error_1(&format!("export failed: {e}").into());
    }
}

/// The gradient chart as on screen: metric, seed band and pinned profile.
fn gradient_svg_text(state: &AppState, report: &Report) -> Result<String, String> {
    let metric = state.metric.get_untracked();
    let spread = state.spread.get_untracked();
    let data = GradientChartData::from_report(report, metric, spread.as_ref());
    let pin = state
        .pin
        .report
        .get_untracked()
        .map(|p| PinnedProfile::new(&p, report, metric));
    let size = canvas_size("gradient-chart");
    svg::gradient_svg(&data, pin.as_ref(), &theme(state), size)
}

fn theme(state: &AppState) -> crate::charts::Theme {
    super::web::theme::chart_theme(state.dark.get_untracked())
}
