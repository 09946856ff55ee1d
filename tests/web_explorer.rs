//! Browser tests (wasm-bindgen-test in headless Chromium): the explorer's components render
//! what the simulation computes, the charts put pixels on a real canvas, and the core gives
//! the same bits in wasm as natively.
#![cfg(target_arch = "wasm32")]

use gradient_flow_explorer::charts::{
    draw_activation_chart, draw_gradient_chart, GradientChartData, Theme,
};
use gradient_flow_explorer::format::{format_ratio, format_value};
use gradient_flow_explorer::metric::Metric;
use gradient_flow_explorer::sim::golden::{golden_fingerprint, GOLDEN_BITS, GOLDEN_CONFIG};
use gradient_flow_explorer::sim::{simulate, Activation, Config, Init, Report};
use gradient_flow_explorer::ui::{
    gradient_chart::GradientChart, state::AppState, status::StatusCards,
};
use leptos::prelude::*;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a browser document")
}

/// Lets Leptos run its effects.
async fn tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .expect("window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn container(width_px: u32) -> HtmlElement {
    let div: HtmlElement = document()
        .create_element("div")
        .expect("div")
        .unchecked_into();
    let _ = div.set_attribute("style", &format!("width:{width_px}px"));
    document()
        .body()
        .expect("body")
        .append_child(&div)
        .expect("append");
    div
}

fn mount_with<V: IntoView + 'static>(cfg: Config, view: fn() -> V) -> HtmlElement {
    let root = container(900);
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(AppState::new(cfg, None, signal(false).0));
        view()
    });
    handle.forget();
    root
}

fn text_of(root: &HtmlElement, testid: &str) -> String {
    root.query_selector(&format!("[data-testid='{testid}']"))
        .ok()
        .flatten()
        .and_then(|e| e.text_content())
        .unwrap_or_else(|| panic!("{testid} is missing"))
}

fn cfg(activation: Activation, init: Init, depth: usize) -> Config {
    Config {
        activation,
        init,
        depth,
        ..Config::default()
    }
}

#[wasm_bindgen_test]
fn the_core_gives_the_same_bits_in_wasm_as_natively() {
    let report = simulate(&GOLDEN_CONFIG).expect("golden config is valid");
    assert_eq!(golden_fingerprint(&report), GOLDEN_BITS);
}

#[wasm_bindgen_test]
async fn status_cards_show_the_reports_numbers() {
    let config = cfg(Activation::Sigmoid, Init::XavierNormal, 15);
    let report = simulate(&config).expect("valid");
    let root = mount_with(config, || view! { <StatusCards /> });
    tick().await;
    assert_eq!(
        text_of(&root, "grad-output"),
        format_value(report.summary.last_layer_grad)
    );
    assert_eq!(
        text_of(&root, "grad-input"),
        format_value(report.summary.first_layer_grad)
    );
    assert_eq!(
        text_of(&root, "grad-ratio"),
        format_ratio(report.summary.ratio)
    );
    let diagnosis = root
        .query_selector("[data-testid=diagnosis]")
        .ok()
        .flatten()
        .expect("diagnosis card");
    assert_eq!(
        diagnosis.get_attribute("data-diagnosis").as_deref(),
        Some(report.summary.diagnosis.id())
    );
}

#[wasm_bindgen_test]
async fn gradient_chart_draws_and_describes_itself() {
    let root = mount_with(
        cfg(Activation::Relu, Init::RandomNormal, 60),
        || view! { <GradientChart /> },
    );
    tick().await;
    let canvas = root
        .query_selector("[data-testid=gradient-chart]")
        .ok()
        .flatten()
        .expect("canvas");
    assert_eq!(
        canvas.get_attribute("data-render-count").as_deref(),
        Some("1")
    );
    let label = canvas.get_attribute("aria-label").unwrap_or_default();
    assert!(
        label.contains("60 layers") && label.contains("overflow"),
        "{label}"
    );
    let details: web_sys::HtmlDetailsElement = root
        .query_selector(".value-table")
        .ok()
        .flatten()
        .expect("table")
        .unchecked_into();
    details.set_open(true);
    tick().await;
    let rows = root
        .query_selector_all(".value-table tbody tr")
        .expect("rows")
        .length();
    assert_eq!(rows, 60, "one table row per layer once the table is opened");
}

/// Fraction of pixels that differ from the top-left (background) pixel.
fn ink(canvas: &HtmlCanvasElement) -> f64 {
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .expect("2d")
        .unchecked_into();
    let (w, h) = (canvas.width(), canvas.height());
    let data = ctx
        .get_image_data(0.0, 0.0, w as f64, h as f64)
        .expect("pixels")
        .data();
    let bg = &data[0..4];
    let differing = data.chunks(4).filter(|px| *px != bg).count();
    differing as f64 / (w * h) as f64
}

fn fresh_canvas() -> HtmlCanvasElement {
    let canvas: HtmlCanvasElement = document()
        .create_element("canvas")
        .expect("canvas")
        .unchecked_into();
    canvas.set_width(640);
    canvas.set_height(360);
    canvas
}

fn reports() -> Vec<Report> {
    [
        cfg(Activation::Tanh, Init::XavierNormal, 1),
        cfg(Activation::Sigmoid, Init::XavierNormal, 15),
        cfg(Activation::Relu, Init::HeNormal, 100),
        cfg(Activation::Relu, Init::RandomNormal, 60), // overflows float32
    ]
    .iter()
    .map(|c| simulate(c).expect("valid"))
    .collect()
}

#[wasm_bindgen_test]
fn chart_functions_put_ink_on_a_real_canvas() {
    for report in reports() {
        for theme in [Theme::light(), Theme::dark()] {
            let canvas = fresh_canvas();
            let area = CanvasBackend::with_canvas_object(canvas.clone())
                .expect("backend")
                .into_drawing_area();
            let data = GradientChartData::from_report(&report, Metric::Signal, None);
            draw_gradient_chart(&area, &data, &theme).expect("gradient chart draws");
            let gradient_ink = ink(&canvas);
            let canvas = fresh_canvas();
            let area = CanvasBackend::with_canvas_object(canvas.clone())
                .expect("backend")
                .into_drawing_area();
            draw_activation_chart(&area, &report, &theme).expect("activation chart draws");
            let activation_ink = ink(&canvas);
            let depth = report.config.depth;
            assert!(
                gradient_ink > 0.02,
                "gradient chart, depth {depth}: {gradient_ink}"
            );
            assert!(
                activation_ink > 0.02,
                "activation chart, depth {depth}: {activation_ink}"
            );
        }
    }
}
