//! Browser benchmark of the chart drawing (CanvasBackend on a 1200×700 canvas, headless
//! Chromium). It prints figures rather than asserting times, and only when built with
//! GFE_BENCH set, so the normal `cargo test --target wasm32-unknown-unknown` just compiles it
//! and skips:
//!
//! GFE_BENCH=1 cargo test --release --target wasm32-unknown-unknown \
//!     --test wasm_chart_bench -- --nocapture
#![cfg(target_arch = "wasm32")]

use gradient_flow_explorer::charts::{
    draw_activation_chart, draw_gradient_chart, draw_layer_histogram, GradientChartData, Theme,
};
use gradient_flow_explorer::sim::{simulate, Activation, Config, Init, MlpNet, Report};
use gradient_flow_explorer::words::metric::Metric;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlCanvasElement;

wasm_bindgen_test_configure!(run_in_browser);

const REPS: usize = 30;
const SIZE: (u32, u32) = (1200, 700);

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Lets the page's event loop run (the runner polls the page through WebDriver).
async fn breathe() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

/// Median milliseconds of `REPS` calls after one warm-up call, and that first call's time.
async fn median(mut f: impl FnMut()) -> (f64, f64) {
    let t0 = now_ms();
    f();
    let first = now_ms() - t0;
    let mut t = Vec::with_capacity(REPS);
    for _ in 0..REPS {
        breathe().await;
        let t0 = now_ms();
        f();
        t.push(now_ms() - t0);
    }
    t.sort_by(f64::total_cmp);
    (t[t.len() / 2], first)
}

fn canvas() -> HtmlCanvasElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let c: HtmlCanvasElement = doc.create_element("canvas").unwrap().dyn_into().unwrap();
    c.set_width(SIZE.0);
    c.set_height(SIZE.1);
    doc.body().unwrap().append_child(&c).unwrap();
    c
}

fn area(c: &HtmlCanvasElement) -> DrawingArea<CanvasBackend, plotters::coord::Shift> {
    // Measure labels as the page does (canvas measureText, not a laid-out <span>).
    gradient_flow_explorer::ui::web::text_measure::install();
    CanvasBackend::with_canvas_object(c.clone())
        .expect("2d context")
        .into_drawing_area()
}

/// The activation canvas as src/ui/explorer/activation_chart.rs splits it: heatmap on top, then the
/// first / middle / last layer's histograms.
fn activation_parts(
    c: &HtmlCanvasElement,
    report: &Report,
    theme: &Theme,
    heatmap: bool,
    multiples: bool,
) {
    let area = area(c);
    let (_, h) = area.dim_in_pixel();
    let (top, bottom) = area.split_vertically((h as f64 * 0.64) as u32);
    if heatmap {
        draw_activation_chart(&top, report, theme).expect("heatmap draws");
    }
    if multiples {
        let layers = &report.layers;
        let mut picked = vec![0, layers.len() / 2, layers.len().saturating_sub(1)];
        picked.dedup();
        let cells = bottom.split_evenly((1, picked.len()));
        for (&i, cell) in picked.iter().zip(&cells) {
            draw_layer_histogram(cell, &layers[i], theme).expect("histogram draws");
        }
    }
    area.present().expect("present");
}

#[wasm_bindgen_test]
async fn chart_bench() {
    if option_env!("GFE_BENCH").is_none() {
        console_log!("wasm_chart_bench: skipped (build with GFE_BENCH=1 to run it)");
        return;
    }
    let c = canvas();
    // The page scales its type by devicePixelRatio; a 1200×700 canvas is a dpr-2 screen's.
    let light = Theme::light();
    let theme = Theme {
        font_size: light.font_size * 2.0,
        ..light
    };
    console_log!(
        "{:>22} {:>10} {:>10} {:>10} {:>10} {:>10}   (median of {REPS} ms; cold = first draw)",
        "case",
        "gradient",
        "heatmap",
        "hists",
        "act total",
        "both"
    );
    for (depth, activation) in [
        (15, Activation::Tanh),
        (15, Activation::Sigmoid),
        (100, Activation::Tanh),
        (100, Activation::Sigmoid),
    ] {
        let cfg = Config {
            net: MlpNet {
                depth,
                activation,
                init: Init::XavierNormal,
                ..MlpNet::default()
            },
            ..Config::default()
        };
        let report = simulate(&cfg).expect("valid config");
        let data = GradientChartData::from_report(&report, Metric::Signal, None);
        breathe().await;
        let (grad, grad_cold) = median(|| {
            let a = area(&c);
            draw_gradient_chart(&a, &data, &theme).expect("gradient draws");
            a.present().expect("present");
        })
        .await;
        let (heat, _) = median(|| activation_parts(&c, &report, &theme, true, false)).await;
        let (hists, _) = median(|| activation_parts(&c, &report, &theme, false, true)).await;
        let (act, act_cold) = median(|| activation_parts(&c, &report, &theme, true, true)).await;
        console_log!(
            "{:>22} {:>10.2} {:>10.2} {:>10.2} {:>10.2} {:>10.2}   cold: gradient {:.2}, activation {:.2}",
            format!("L={depth} {}", activation.id()),
            grad,
            heat,
            hists,
            act,
            grad + act,
            grad_cold,
            act_cold
        );
    }
}
