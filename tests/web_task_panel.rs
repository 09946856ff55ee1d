//! The two modes' training panels for a sequence task in a real browser (headless Chromium
//! through wasm-bindgen-test), through the frame they share (`ui::web::task_frame`) and their
//! state (`ui::web::task_state`): the disclosure, a preset button loading its network and
//! settings and the explanation marking a change, and the readouts of the newest measurement
//! (non-finite values as the words functions write them). No run is started: a run needs the
//! worker script, which the end-to-end tests serve.
//! Run: `cargo test --target wasm32-unknown-unknown --test web_task_panel`.
#![cfg(target_arch = "wasm32")]

mod web_support;

use std::cell::Cell;
use std::rc::Rc;

use gradient_flow_explorer::page::recurrent::train::{LatchingEdit, LatchingSettings};
use gradient_flow_explorer::page::recurrent::train_presets::{LatchingPreset, LATCHING_PRESETS};
use gradient_flow_explorer::page::task_train::{TaskParsed, TaskPreset};
use gradient_flow_explorer::page::transformer::train_presets::REVERSE_PRESETS;
use gradient_flow_explorer::sim::recurrent::{Cell as RnnCell, LatchingRecord};
use gradient_flow_explorer::sim::transformer::train::ReverseRecord;
use gradient_flow_explorer::ui::recurrent::state::RnnState;
use gradient_flow_explorer::ui::recurrent::train_panel::RnnTrainPanel;
use gradient_flow_explorer::ui::recurrent::train_state::RnnTrainState;
use gradient_flow_explorer::ui::transformer::state::TransformerState;
use gradient_flow_explorer::ui::transformer::train_panel::TransformerTrainPanel;
use gradient_flow_explorer::ui::transformer::train_state::TransformerTrainState;
use gradient_flow_explorer::words::format::{format_share_percent, format_value};
use gradient_flow_explorer::words::train::loss_text;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_support::{host, tick};
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts what `make` gives (its states and its view) into a new div, where the panels find
/// their contexts.
async fn mount<T: Copy + 'static>(
    make: impl FnOnce() -> (T, AnyView) + 'static,
) -> (HtmlElement, T) {
    let host = host();
    let slot: Rc<Cell<Option<T>>> = Rc::new(Cell::new(None));
    let out = slot.clone();
    let handle = leptos::mount::mount_to(host.clone(), move || {
        let (states, view) = make();
        out.set(Some(states));
        view
    });
    // The page lives as long as the test page; keep the view mounted.
    handle.forget();
    tick(20).await;
    (host, slot.get().expect("the mount closure ran"))
}

/// Mounts the recurrent panel, open, with fresh states.
async fn mount_rnn() -> (HtmlElement, RnnState, RnnTrainState) {
    let (host, (rnn, train)) = mount(|| {
        let rnn = RnnState::new(Default::default());
        let train = RnnTrainState::new(TaskParsed {
            open: true,
            settings: LatchingSettings::default(),
        });
        provide_context(rnn);
        provide_context(train);
        let view = view! { <RnnTrainPanel dark=signal(false).0 /> }.into_any();
        ((rnn, train), view)
    })
    .await;
    (host, rnn, train)
}

fn find(root: &Element, testid: &str) -> Option<Element> {
    root.query_selector(&format!("[data-testid={testid}]"))
        .unwrap()
}

fn el(root: &Element, testid: &str) -> Element {
    find(root, testid).unwrap_or_else(|| panic!("no {testid}"))
}

fn text(root: &Element, testid: &str) -> String {
    el(root, testid).text_content().unwrap_or_default()
}

fn attr(root: &Element, testid: &str, name: &str) -> String {
    el(root, testid).get_attribute(name).unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_disclosure_shows_the_panel_only_while_open() {
    let (host, _, train) = mount_rnn().await;
    assert!(find(&host, "rnn-train-start").is_some());
    assert_eq!(
        host.query_selector_all(".presets button").unwrap().length() as usize,
        LATCHING_PRESETS.len()
    );
    train.open.set(false);
    tick(20).await;
    assert!(find(&host, "rnn-train-start").is_none());
    assert!(find(&host, "rnn-train").is_some(), "the summary stays");
}

#[wasm_bindgen_test]
async fn a_preset_loads_its_cell_and_settings_and_a_change_marks_it_modified() {
    let (host, rnn, train) = mount_rnn().await;
    assert!(text(&host, "rnn-train-preset-explanation").starts_with("Pick a training preset"));
    let preset = LatchingPreset::find("lstm-t10").expect("preset");
    let button: HtmlElement = el(&host, "rnn-train-preset-lstm-t10").unchecked_into();
    button.click();
    tick(20).await;
    let cfg = rnn.config.get_untracked();
    assert_eq!(
        (cfg.cell, cfg.steps, cfg.width, cfg.forget_bias),
        (RnnCell::Lstm, preset.steps, 64, preset.forget_bias)
    );
    assert_eq!(train.settings.get_untracked(), preset.settings());
    assert!(
        rnn.preset.get_untracked().is_none(),
        "the mode's preset is forgotten"
    );
    assert_eq!(
        attr(&host, "rnn-train-preset-lstm-t10", "aria-pressed"),
        "true"
    );
    assert_eq!(
        text(&host, "rnn-train-preset-explanation"),
        format!("{} — {}", preset.title, preset.explanation)
    );
    train.apply(LatchingEdit::Steps(preset.settings().steps - 1));
    tick(20).await;
    assert_eq!(
        attr(&host, "rnn-train-preset-lstm-t10", "aria-pressed"),
        "false"
    );
    assert!(text(&host, "rnn-train-preset-explanation").contains("(modified:"));
}

#[wasm_bindgen_test]
async fn the_readouts_show_the_newest_measurement_as_written() {
    let (host, _, train) = mount_rnn().await;
    let out = train.out;
    assert_eq!(text(&host, "rnn-train-accuracy"), "—");
    assert_eq!(attr(&host, "rnn-train-accuracy", "data-value"), "");
    assert_eq!(text(&host, "rnn-train-loss"), "—");
    assert_eq!(text(&host, "rnn-train-h1"), "—");
    assert_eq!(text(&host, "rnn-train-status"), "Press Start to train.");
    out.steps.set(10);
    out.losses.set(vec![(1, 0.7), (2, f64::NAN)]);
    out.records.set(vec![LatchingRecord {
        step: 2,
        test_accuracy: 0.75,
        test_loss: f64::INFINITY,
        h1_grad_norm: 3e-4,
        h_grad_norms: vec![3e-4, 1.0],
    }]);
    tick(20).await;
    assert_eq!(attr(&host, "rnn-train-step", "data-step"), "2");
    assert_eq!(text(&host, "rnn-train-step"), "2 / 10");
    assert_eq!(
        text(&host, "rnn-train-accuracy"),
        format_share_percent(0.75)
    );
    assert_eq!(attr(&host, "rnn-train-accuracy", "data-value"), "0.75");
    assert_eq!(text(&host, "rnn-train-loss"), loss_text(f64::INFINITY));
    assert_eq!(text(&host, "rnn-train-h1"), format_value(3e-4));
    let notes: Vec<String> = (0..4)
        .filter_map(|k| {
            host.query_selector_all(".card-note")
                .unwrap()
                .item(k)
                .and_then(|n| n.text_content())
        })
        .collect();
    assert!(
        notes.contains(&"at step 2 on 512 test sequences; chance 50%".to_string()),
        "{notes:?}"
    );
    assert!(
        notes.contains(&format!("batch loss {}", format_value(f64::NAN))),
        "{notes:?}"
    );
}

#[wasm_bindgen_test]
async fn the_transformer_panel_shares_the_frame_with_its_own_chance() {
    let (host, (tf, train)) = mount(|| {
        let tf = TransformerState::new(Default::default());
        let train = TransformerTrainState::new(TaskParsed {
            open: true,
            settings: Default::default(),
        });
        provide_context(tf);
        provide_context(train);
        let view = view! { <TransformerTrainPanel dark=signal(false).0 /> }.into_any();
        ((tf, train), view)
    })
    .await;
    assert_eq!(
        host.query_selector_all(".presets button").unwrap().length() as usize,
        REVERSE_PRESETS.len()
    );
    let pre_ln: HtmlElement = el(&host, "tf-train-preset-pre-ln").unchecked_into();
    pre_ln.click();
    tick(20).await;
    assert_eq!(tf.config.get_untracked().blocks, 12);
    assert_eq!(
        attr(&host, "tf-train-preset-pre-ln", "aria-pressed"),
        "true"
    );
    train.out.records.set(vec![ReverseRecord {
        step: 25,
        test_loss: 2.0,
        test_accuracy: 0.5,
    }]);
    tick(20).await;
    assert_eq!(text(&host, "tf-train-accuracy"), format_share_percent(0.5));
    assert!(host
        .text_content()
        .unwrap_or_default()
        .contains("at step 25 on 512 test sequences; chance 6%"));
    assert!(find(&host, "rnn-train-h1").is_none());
}
