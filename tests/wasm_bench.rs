//! Browser benchmark of the simulation core (wasm32 + simd128, headless Chromium). It prints
//! figures rather than asserting times, and only when built with GFE_BENCH set, so the normal
//! `cargo test --target wasm32-unknown-unknown` just compiles it and skips:
//!
//! GFE_BENCH=1 WASM_BINDGEN_TEST_TIMEOUT=900 cargo test --release \
//!     --target wasm32-unknown-unknown --test wasm_bench -- --nocapture
#![cfg(target_arch = "wasm32")]

use gradient_flow_explorer::sim::perf::{bench_config, breakdown, pass_flops};
use gradient_flow_explorer::sim::{bench_pass, simulate, Activation, Config, Simulator};
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// (L, W, B) and repetitions per figure.
const CASES: [(usize, usize, usize, usize); 3] =
    [(15, 64, 64, 31), (50, 256, 64, 9), (100, 512, 128, 3)];

fn now() -> f64 {
    let perf = web_sys::window().and_then(|w| w.performance());
    perf.map_or(0.0, |p| p.now() / 1000.0)
}

/// Median seconds of `reps` calls after one warm-up.
fn median(reps: usize, mut f: impl FnMut()) -> f64 {
    f();
    let mut t: Vec<f64> = (0..reps)
        .map(|_| {
            let t0 = now();
            f();
            now() - t0
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[t.len() / 2]
}

#[wasm_bindgen_test]
fn bench() {
    if option_env!("GFE_BENCH").is_none() {
        console_log!("wasm_bench: skipped (build with GFE_BENCH=1 to run it)");
        return;
    }
    console_log!(
        "{:>16} {:>10} {:>8} {:>10} {:>10} {:>10}",
        "(L, W, B)",
        "pass ms",
        "GFLOP/s",
        "simulate",
        "sim:depth",
        "sim:act"
    );
    for (l, w, b, reps) in CASES {
        let pass = bench_pass(l, w, b, reps, now).expect("valid bench config");
        let cfg = bench_config(l, w, b);
        let full = median(reps, || {
            std::hint::black_box(simulate(&cfg).ok());
        });
        // Simulator::run as a slider moves: depth L ↔ L−1, then activation tanh ↔ ReLU.
        let mut sim = Simulator::new();
        let mut flip = false;
        let mut alternate = |edit: fn(&mut Config, bool)| {
            median(reps, || {
                flip = !flip;
                let mut c = cfg.clone();
                edit(&mut c, flip);
                std::hint::black_box(sim.run(&c).ok());
            })
        };
        let depth = alternate(|c, f| c.depth -= f as usize);
        let act = alternate(|c, f| {
            if f {
                c.activation = Activation::Relu
            }
        });
        console_log!(
            "{:>16} {:>10.2} {:>8.1} {:>10.2} {:>10.2} {:>10.2}",
            format!("({l}, {w}, {b})"),
            pass * 1e3,
            pass_flops(l, w, b) / pass / 1e9,
            full * 1e3,
            depth * 1e3,
            act * 1e3
        );
    }
    console_log!("where a simulate's time goes (each part alone, ms):");
    for (l, w, b, reps) in CASES {
        let parts = breakdown(l, w, b, reps.min(5), now).unwrap_or_default();
        let parts: Vec<String> = parts
            .iter()
            .map(|(name, t)| format!("{name} {:.2}", t * 1e3))
            .collect();
        console_log!("{:>16}  {}", format!("({l}, {w}, {b})"), parts.join(" · "));
    }
}
