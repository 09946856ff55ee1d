//! Browser tests (wasm-bindgen-test in headless Chromium): the explorer's components render
//! what the simulation computes, the charts put pixels on a real canvas, and the core gives
//! the same bits in wasm as natively.
#![cfg(target_arch = "wasm32")]

use gradient_flow_explorer::charts::{
    draw_activation_chart, draw_gradient_chart, GradientChartData, Theme,
};
use gradient_flow_explorer::lessons::ratio_words;
use gradient_flow_explorer::page::edit::BATCH_MAX;
use gradient_flow_explorer::page::presets;
use gradient_flow_explorer::sim::golden::{golden_fingerprint, GOLDEN_BITS, GOLDEN_CONFIG};
use gradient_flow_explorer::sim::{simulate, Activation, Config, Init, MlpNet, Report};
use gradient_flow_explorer::ui::explorer::{
    controls::Controls,
    gradient_chart::GradientChart,
    pin::{PinButton, PinDifference},
    presets::PresetBar,
    state::AppState,
    status::StatusCards,
};
use gradient_flow_explorer::words::format::format_value;
use gradient_flow_explorer::words::metric::Metric;
use leptos::prelude::*;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use std::cell::Cell;
use std::rc::Rc;
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

/// `mount_with`, also returning the page state, so a test can see the config its clicks made.
fn mount_with_state<V: IntoView + 'static>(
    cfg: Config,
    view: fn() -> V,
) -> (HtmlElement, AppState) {
    let root = container(900);
    let slot: Rc<Cell<Option<AppState>>> = Rc::new(Cell::new(None));
    let out = slot.clone();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        let state = AppState::new(cfg, None, signal(false).0);
        provide_context(state);
        out.set(Some(state));
        view()
    });
    handle.forget();
    (root, slot.get().expect("the mount closure ran"))
}

/// Sets the value of the input or select `testid` and fires `event` (`input` or `change`).
fn set_value(root: &HtmlElement, testid: &str, value: &str, event: &str) {
    let el = root
        .query_selector(&format!("[data-testid='{testid}']"))
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("{testid} is missing"));
    if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        input.set_value(value);
    } else if let Some(select) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
        select.set_value(value);
    }
    let ev = web_sys::Event::new(event).expect("event");
    el.dispatch_event(&ev).expect("dispatch");
}

fn value_of(root: &HtmlElement, testid: &str) -> String {
    root.query_selector(&format!("[data-testid='{testid}']"))
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_else(|| panic!("{testid} is not an input"))
}

fn click(root: &HtmlElement, testid: &str) {
    root.query_selector(&format!("[data-testid='{testid}']"))
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        .unwrap_or_else(|| panic!("{testid} is missing"))
        .click();
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
        net: MlpNet {
            activation,
            init,
            depth,
            ..MlpNet::default()
        },
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
    let s = &report.summary;
    assert_eq!(
        text_of(&root, "grad-ratio"),
        ratio_words(s.last_layer_grad, s.first_layer_grad, s.ratio).value
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
            let depth = report.config.net.depth;
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

#[wasm_bindgen_test]
async fn every_control_changes_the_config_through_its_edit() {
    let (root, state) = mount_with_state(Config::default(), || view! { <Controls /> });
    let config = move || state.config.get_untracked();
    tick().await;
    set_value(&root, "depth", "20", "input");
    tick().await;
    assert_eq!(config().net.depth, 20);
    assert_eq!(
        root.query_selector("output[for=depth]")
            .ok()
            .flatten()
            .and_then(|o| o.text_content())
            .as_deref(),
        Some("20")
    );
    set_value(&root, "width", "5", "input");
    tick().await;
    assert_eq!(config().net.width, 256, "index 5 of the width slider");
    set_value(&root, "activation", "tanh", "change");
    set_value(&root, "init", "orthogonal", "change");
    tick().await;
    assert_eq!(
        (config().net.activation, config().net.init),
        (Activation::Tanh, Init::Orthogonal)
    );
    set_value(&root, "batch", "5000", "change");
    tick().await;
    assert_eq!(config().batch, BATCH_MAX, "clamped to the field's maximum");
    set_value(&root, "seed", "42", "change");
    tick().await;
    assert_eq!(config().seed, 42);
    set_value(&root, "seed", "-3", "change");
    tick().await;
    assert_eq!(config().seed, 42, "an unreadable seed changes nothing");
    assert_eq!(
        value_of(&root, "seed"),
        "42",
        "and the field shows the seed in use"
    );
    click(&root, "resample");
    tick().await;
    assert_ne!(config().seed, 42, "resample draws a new seed");
    let expected = Config {
        net: MlpNet {
            depth: 20,
            width: 256,
            activation: Activation::Tanh,
            init: Init::Orthogonal,
            ..MlpNet::default()
        },
        batch: BATCH_MAX,
        seed: config().seed,
        ..Config::default()
    };
    assert_eq!(config(), expected, "no control touched another's field");
}

#[wasm_bindgen_test]
async fn a_preset_button_loads_its_preset_and_an_edit_marks_it_modified() {
    let start = Config {
        batch: 32,
        seed: 7,
        ..Config::default()
    };
    let (root, state) = mount_with_state(start.clone(), || view! { <PresetBar /> <Controls /> });
    tick().await;
    click(&root, "preset-saturated-sigmoid");
    tick().await;
    let preset = presets::find("saturated-sigmoid").expect("a known preset");
    assert_eq!(state.config.get_untracked(), preset.apply(&start));
    assert_eq!(state.preset.get_untracked().map(|p| p.id), Some(preset.id));
    let explanation = text_of(&root, "preset-explanation");
    assert!(
        explanation.starts_with(preset.title) && !explanation.contains("modified"),
        "{explanation}"
    );
    set_value(&root, "depth", "12", "input");
    tick().await;
    assert_eq!(state.config.get_untracked().net.depth, 12);
    let explanation = text_of(&root, "preset-explanation");
    assert!(explanation.contains("modified"), "{explanation}");
}

#[wasm_bindgen_test]
async fn residual_and_norm_selects_edit_the_config_and_the_card_says_what_it_judged() {
    use gradient_flow_explorer::sim::{Norm, Residual};
    let (root, state) =
        mount_with_state(Config::default(), || view! { <Controls /> <StatusCards /> });
    tick().await;
    let selected = |testid: &str| {
        root.query_selector(&format!("[data-testid='{testid}']"))
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlSelectElement>().ok())
            .map(|s| s.value())
            .unwrap_or_else(|| panic!("{testid} is not a select"))
    };
    assert_eq!(selected("residual"), "none");
    assert_eq!(selected("norm"), "none");
    assert!(text_of(&root, "diagnosis-judged").contains("signal gradient"));
    set_value(&root, "residual", "scaled", "change");
    tick().await;
    assert_eq!(state.config.get_untracked().net.residual, Residual::Scaled);
    assert!(text_of(&root, "residual-note").contains("√L"));
    set_value(&root, "norm", "batch", "change");
    tick().await;
    assert_eq!(state.config.get_untracked().net.norm, Norm::Batch);
    assert!(text_of(&root, "norm-note").contains("over the batch"));
    assert!(text_of(&root, "diagnosis-judged").contains("weight gradient"));
}

#[wasm_bindgen_test]
async fn pinning_keeps_the_network_and_the_card_shows_the_difference() {
    let start = cfg(Activation::Sigmoid, Init::XavierNormal, 10);
    let (root, state) = mount_with_state(start.clone(), || {
        view! { <Controls /> <PinButton /> <PinDifference /> <GradientChart /> }
    });
    tick().await;
    assert!(root
        .query_selector("[data-testid=pin-diff]")
        .ok()
        .flatten()
        .is_none());
    click(&root, "pin");
    tick().await;
    let pinned_setup = state.pin.config.get_untracked();
    assert_eq!(pinned_setup.as_ref().map(|p| &p.config), Some(&start));
    assert!(pinned_setup.is_some_and(|p| p.mixed.is_float32()));
    set_value(&root, "depth", "20", "input");
    tick().await;
    let pinned = state
        .pin
        .report
        .get_untracked()
        .expect("the pinned report is computed");
    assert_eq!(
        pinned,
        simulate(&start).expect("valid"),
        "recomputed from the pinned config"
    );
    let live = simulate(&state.config.get_untracked()).expect("valid");
    let expected = format!(
        "{} → {}",
        format_value(pinned.summary.first_layer_grad),
        format_value(live.summary.first_layer_grad)
    );
    let card = text_of(&root, "pin-diff");
    assert!(card.contains(&expected), "{card} should contain {expected}");
    let label = root
        .query_selector("[data-testid=gradient-chart]")
        .ok()
        .flatten()
        .and_then(|c| c.get_attribute("aria-label"))
        .unwrap_or_default();
    assert!(label.contains("L10") && label.contains("L20"), "{label}");
    click(&root, "pin");
    tick().await;
    assert!(root
        .query_selector("[data-testid=pin-diff]")
        .ok()
        .flatten()
        .is_none());
    assert_eq!(state.pin.report.get_untracked(), None);
}

#[wasm_bindgen_test]
async fn on_load_the_explanation_names_the_preset_the_controls_hold() {
    let start = Config::default();
    let (root, _state) = mount_with_state(start.clone(), || view! { <PresetBar /> });
    tick().await;
    let float32 = gradient_flow_explorer::sim::mixed::MixedPrecision::default();
    let held = presets::matching(&start, &float32).expect("the default network is a preset's");
    let explanation = text_of(&root, "preset-explanation");
    assert!(explanation.starts_with(held.title), "{explanation}");
    assert!(!explanation.contains("Pick a preset"), "{explanation}");
}
