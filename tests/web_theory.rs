//! Browser tests of the theory views: the overlay toggle, the χ readout, the departure note
//! and the phase diagram (a click on the plane becomes a custom variance).
#![cfg(target_arch = "wasm32")]

use gradient_flow_explorer::page::presets;
use gradient_flow_explorer::sim::{Config, Init, MlpNet};
use gradient_flow_explorer::ui::explorer::{
    controls::Controls, gradient_chart::GradientChart, phase_diagram::PhaseDiagram,
    state::AppState, theory::ChiReadout,
};
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

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
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 30);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Waits until the phase diagram has been drawn: its grid is computed a few rows per task.
async fn wait_for_phase_diagram(canvas: &Element) {
    for _ in 0..200 {
        if canvas.get_attribute("data-render-count").as_deref() != Some("0") {
            return;
        }
        tick().await;
    }
    panic!("the phase diagram was not drawn within 6 s");
}

/// Mounts `view` in a 900 px wide box with the page state in context; returns both.
fn mount<V: IntoView + 'static>(cfg: Config, view: fn() -> V) -> (HtmlElement, AppState) {
    let root: HtmlElement = document()
        .create_element("div")
        .expect("div")
        .unchecked_into();
    let _ = root.set_attribute("style", "width:900px");
    document()
        .body()
        .expect("body")
        .append_child(&root)
        .expect("append");
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

fn find(root: &HtmlElement, testid: &str) -> Element {
    root.query_selector(&format!("[data-testid='{testid}']"))
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("{testid} is missing"))
}

fn preset(id: &str) -> Config {
    presets::find(id).expect("preset").apply(&Config::default())
}

#[wasm_bindgen_test]
async fn the_toggle_draws_the_overlay_and_the_text_says_so() {
    let (root, _) = mount(preset("vanishing-sigmoid"), || view! { <GradientChart /> });
    tick().await;
    let canvas = find(&root, "gradient-chart");
    let before = canvas.get_attribute("aria-label").unwrap_or_default();
    assert!(!before.contains("mean-field"), "{before}");
    let renders = canvas.get_attribute("data-render-count");
    find(&root, "theory-toggle")
        .unchecked_into::<HtmlElement>()
        .click();
    tick().await;
    let after = canvas.get_attribute("aria-label").unwrap_or_default();
    assert!(
        after.contains("Dashed line: the mean-field prediction"),
        "{after}"
    );
    assert_ne!(
        canvas.get_attribute("data-render-count"),
        renders,
        "redrawn"
    );
}

#[wasm_bindgen_test]
async fn no_prediction_for_residual_and_layer_norm() {
    let (root, state) = mount(preset("scaled-residual-layernorm"), || {
        view! { <GradientChart /><ChiReadout /> }
    });
    state.show_theory.set(true);
    tick().await;
    let label = find(&root, "gradient-chart")
        .get_attribute("aria-label")
        .unwrap_or_default();
    assert!(
        label.contains("no mean-field prediction for scaled residual"),
        "{label}"
    );
    let chi = find(&root, "chi-readout");
    assert_eq!(chi.get_attribute("data-value").as_deref(), Some("none"));
}

#[wasm_bindgen_test]
async fn chi_readout_for_the_sigmoid_preset() {
    let (root, _) = mount(preset("vanishing-sigmoid"), || view! { <ChiReadout /> });
    tick().await;
    let el = find(&root, "chi-readout");
    let chi: f64 = el
        .get_attribute("data-value")
        .and_then(|v| v.parse().ok())
        .expect("a number");
    assert!((0.04..0.07).contains(&chi), "χ {chi}");
    let text = el.text_content().unwrap_or_default();
    assert!(
        text.contains("each layer multiplies the gradient by ≈ √χ = 0.24"),
        "{text}"
    );
    assert!(text.contains("shrink e-fold every ξ"), "{text}");
}

#[wasm_bindgen_test]
async fn clicking_the_plane_sets_a_custom_variance() {
    let (root, state) = mount(Config::default(), || view! { <Controls /><PhaseDiagram /> });
    tick().await;
    let canvas = find(&root, "phase-diagram");
    wait_for_phase_diagram(&canvas).await;
    let rect = canvas.get_bounding_client_rect();
    // Roughly the middle of the plane (the plot sits inside the canvas's margins).
    let init = web_sys::MouseEventInit::new();
    init.set_client_x((rect.left() + rect.width() * 0.5) as i32);
    init.set_client_y((rect.top() + rect.height() * 0.5) as i32);
    init.set_bubbles(true);
    let click = web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).expect("event");
    canvas.dispatch_event(&click).expect("dispatch");
    tick().await;
    let cfg = state.config.get_untracked();
    let sw2 = cfg.sigma_w2.expect("a custom σ_w²");
    assert!((0.5..3.5).contains(&sw2), "σ_w² {sw2}");
    assert!(cfg.bias_std > 0.0, "bias std {}", cfg.bias_std);
    let select: web_sys::HtmlSelectElement = find(&root, "init").unchecked_into();
    assert_eq!(select.value(), "custom");
    // The arrow keys move the marker.
    let key = web_sys::KeyboardEventInit::new();
    key.set_key("ArrowRight");
    let ev =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &key).expect("event");
    canvas.dispatch_event(&ev).expect("dispatch");
    tick().await;
    let moved = state.config.get_untracked().sigma_w2.expect("still custom");
    assert!((moved - sw2 - 0.1).abs() < 1e-9, "{sw2} → {moved}");
    // Choosing an init clears the override.
    select.set_value(Init::XavierNormal.id());
    let change = web_sys::Event::new("change").expect("event");
    select.dispatch_event(&change).expect("dispatch");
    tick().await;
    assert_eq!(state.config.get_untracked().sigma_w2, None);
}

#[wasm_bindgen_test]
async fn the_phase_note_of_a_shallow_sigmoid_network_says_ordered_and_the_cards_healthy() {
    use gradient_flow_explorer::sim::Activation;
    let cfg = Config {
        net: MlpNet {
            activation: Activation::Sigmoid,
            init: Init::XavierNormal,
            depth: 2,
            ..MlpNet::default()
        },
        ..Config::default()
    };
    let (root, _) = mount(cfg, || view! { <PhaseDiagram /> });
    tick().await;
    let canvas = find(&root, "phase-diagram");
    wait_for_phase_diagram(&canvas).await;
    let note = find(&root, "phase-note").text_content().unwrap_or_default();
    assert!(
        note.contains("ordered") && note.contains("judges it healthy"),
        "{note}"
    );
    let label = canvas.get_attribute("aria-label").unwrap_or_default();
    assert!(
        label.contains(&note) && !label.contains("vanish"),
        "{label}"
    );
}
