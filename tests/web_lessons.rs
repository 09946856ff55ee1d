//! The lessons component in a real browser (headless Chromium through wasm-bindgen-test):
//! sections and TOC, the telephone toy, the reactive PyTorch snippet, and formula fallbacks.
//! Run: `cargo test --target wasm32-unknown-unknown --test web_lessons`.
#![cfg(target_arch = "wasm32")]

mod web_support;

use std::cell::Cell;
use std::rc::Rc;

use gradient_flow_explorer::lessons::SECTIONS;
use gradient_flow_explorer::page::edit::Edit;
use gradient_flow_explorer::sim::{Activation, Config, Init, MlpNet};
use gradient_flow_explorer::ui::explorer::state::AppState;
use gradient_flow_explorer::ui::lessons::katex::{typeset_with, Rendered};
use gradient_flow_explorer::ui::lessons::Lessons;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_support::{document, host, tick};
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts `<Lessons />` with a fresh `AppState` into a new div; returns the div and the state.
async fn mount() -> (HtmlElement, AppState) {
    mount_with(Config::default()).await
}

/// `mount` with the explorer starting at `config`.
async fn mount_with(config: Config) -> (HtmlElement, AppState) {
    let host = host();
    let slot: Rc<Cell<Option<AppState>>> = Rc::new(Cell::new(None));
    let out = slot.clone();
    let handle = leptos::mount::mount_to(host.clone(), move || {
        let state = AppState::new(config.clone(), None, signal(false).0);
        provide_context(state);
        out.set(Some(state));
        view! { <Lessons /> }
    });
    // The page lives as long as the test page; keep the view mounted.
    handle.forget();
    tick(20).await;
    (host, slot.get().expect("the mount closure ran"))
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

fn text(root: &Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn sections_and_table_of_contents() {
    let (host, _) = mount().await;
    let area = find(&host, "[data-area=lessons]");
    let sections = area.get_elements_by_class_name("lesson");
    assert_eq!(sections.length(), SECTIONS.len() as u32);
    let toc = find(&area, "nav[data-testid=lessons-toc]");
    assert_eq!(toc.get_attribute("aria-label").as_deref(), Some("Lessons"));
    for s in SECTIONS.iter() {
        let section = find(&area, &format!("section#{}", s.id));
        let labelled_by = section.get_attribute("aria-labelledby").unwrap();
        let heading = find(&section, &format!("h2#{labelled_by}"));
        assert_eq!(heading.text_content().unwrap(), s.title);
        let link = find(&toc, &format!("a[href='#{}']", s.id));
        assert_eq!(link.text_content().unwrap(), s.title);
    }
}

#[wasm_bindgen_test]
async fn telephone_default_and_live_update() {
    let (host, _) = mount().await;
    assert_eq!(
        text(&host, "[data-testid=telephone-result]").trim(),
        "3.1 %"
    );
    let slider: web_sys::HtmlInputElement =
        find(&host, "[data-testid=telephone-multiplier]").unchecked_into();
    assert_eq!(slider.type_(), "range");
    assert_eq!(slider.value_as_number(), 0.5);
    // Six bars: the loss and five layers.
    assert_eq!(
        host.get_elements_by_class_name("telephone-step").length(),
        6
    );
    slider.set_value("1");
    slider
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    tick(20).await;
    assert_eq!(
        text(&host, "[data-testid=telephone-result]").trim(),
        "100 %"
    );
}

#[wasm_bindgen_test]
async fn pytorch_snippet_follows_the_config() {
    let (host, state) = mount().await;
    let code = text(&host, "[data-testid=pytorch-code]");
    assert!(code.contains("depth, width, batch = 15, 64, 64"), "{code}");
    assert!(
        code.contains("nn.init.kaiming_normal_(layer.weight"),
        "{code}"
    );
    assert!(code.contains("act = nn.ReLU()"), "{code}");
    let predicted = text(&host, "[data-testid=pytorch-predicted]");
    assert_eq!(predicted.lines().count(), 15, "{predicted}");
    assert!(
        predicted.starts_with("layer   1  weight_grad "),
        "{predicted}"
    );

    state.apply(Edit::Depth(7));
    state.apply(Edit::Activation(Activation::Tanh));
    state.apply(Edit::Init(Init::XavierNormal));
    tick(50).await;
    let code = text(&host, "[data-testid=pytorch-code]");
    assert!(code.contains("depth, width, batch = 7, 64, 64"), "{code}");
    assert!(
        code.contains("nn.init.xavier_normal_(layer.weight)"),
        "{code}"
    );
    assert!(code.contains("act = nn.Tanh()"), "{code}");
    assert_eq!(
        text(&host, "[data-testid=pytorch-predicted]")
            .lines()
            .count(),
        7
    );

    // The quick fix for the sigmoid swaps the activation too.
    state.apply(Edit::Activation(Activation::Sigmoid));
    let quick: HtmlElement =
        find(&host, "[data-testid=pytorch-variant-quick-fix]").unchecked_into();
    quick.click();
    tick(50).await;
    let code = text(&host, "[data-testid=pytorch-code]");
    assert!(code.contains("# Quick fix: tanh + xavier_normal"), "{code}");
    assert_eq!(quick.get_attribute("aria-pressed").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn an_invalid_config_shows_its_error() {
    // No edit can make an invalid config (they clamp), but a caller of `AppState::new` can.
    let (host, _) = mount_with(Config {
        net: MlpNet {
            depth: 0,
            ..MlpNet::default()
        },
        ..Config::default()
    })
    .await;
    tick(50).await;
    let predicted = text(&host, "[data-testid=pytorch-predicted]");
    assert!(
        predicted.starts_with("The explorer cannot simulate"),
        "{predicted}"
    );
}

#[wasm_bindgen_test]
async fn try_it_sets_the_activation() {
    let (host, state) = mount().await;
    let button: HtmlElement = find(&host, "[data-testid=try-activation-gelu]").unchecked_into();
    button.click();
    tick(20).await;
    assert_eq!(
        state.config.get_untracked().net.activation,
        Activation::Gelu
    );
    assert_eq!(
        button.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    let regime: HtmlElement =
        find(&host, "[data-testid=lesson-preset-vanishing-sigmoid]").unchecked_into();
    regime.click();
    tick(20).await;
    assert_eq!(
        state.config.get_untracked().net.activation,
        Activation::Sigmoid
    );
    assert_eq!(
        state.preset.get_untracked().map(|p| p.id),
        Some("vanishing-sigmoid")
    );
    // Every function plot carries a text alternative.
    let plot = find(
        &host,
        "canvas[aria-label='Plot of sigmoid and its derivative']",
    );
    assert_eq!(plot.get_attribute("role").as_deref(), Some("img"));
}

#[wasm_bindgen_test]
async fn without_katex_formulas_show_their_source() {
    let (host, _) = mount().await;
    let maths = host.get_elements_by_class_name("math");
    assert!(maths.length() > 20, "{} formulas", maths.length());
    for i in 0..maths.length() {
        let el = maths.item(i).unwrap();
        let tex = el.get_attribute("data-tex").unwrap();
        assert!(!tex.is_empty());
        assert_eq!(el.text_content().unwrap(), tex, "a formula left blank");
        assert!(el.query_selector(".katex-error").unwrap().is_none());
    }
}

#[wasm_bindgen_test]
fn typeset_reports_bad_formulas_visibly() {
    let root = document().create_element("div").unwrap();
    root.set_inner_html(
        r#"<span class="math" data-tex="x^2" data-display="false"></span>
           <div class="math" data-tex="\bad{" data-display="true"></div>"#,
    );
    let render = |tex: &str, display: bool| {
        if tex.contains("bad") {
            Rendered::Error("ParseError: bad".into())
        } else {
            Rendered::Html(format!(
                "<span class=\"katex\" data-d=\"{display}\">{tex}</span>"
            ))
        }
    };
    typeset_with(&root, render);
    assert_eq!(text(&root, "span.math .katex"), "x^2");
    let err = find(&root, "div.math code.katex-error");
    assert_eq!(err.text_content().unwrap(), "\\bad{");
    // A second pass leaves typeset formulas alone.
    typeset_with(&root, |_, _| Rendered::Html("changed".into()));
    assert_eq!(text(&root, "span.math .katex"), "x^2");
}
