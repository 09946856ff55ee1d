//! Browser benchmark of the simulation core (wasm32 + simd128, headless Chromium). It prints
//! figures rather than asserting times, and only when built with GFE_BENCH set, so the normal
//! `cargo test --target wasm32-unknown-unknown` just compiles it and skips:
//!
//! GFE_BENCH=1 WASM_BINDGEN_TEST_TIMEOUT=900 cargo test --release \
//!     --target wasm32-unknown-unknown --test wasm_bench -- --nocapture
#![cfg(target_arch = "wasm32")]

use gradient_flow_explorer::sim::matmul::{force_tile, Tile};
use gradient_flow_explorer::sim::numeric::Float32;
use gradient_flow_explorer::sim::perf::{bench_config, breakdown, pass_flops, PassBench};
use gradient_flow_explorer::sim::{
    bench_pass, simulate, Activation, Config, MlpNet, Norm, Residual, Simulator,
};
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// (L, W, B) and repetitions per figure.
const CASES: [(usize, usize, usize, usize); 3] =
    [(15, 64, 64, 31), (50, 256, 64, 9), (100, 512, 128, 3)];

fn now() -> f64 {
    let perf = web_sys::window().and_then(|w| w.performance());
    perf.map_or(0.0, |p| p.now() / 1000.0)
}

/// Lets the page's event loop run: the test runner polls the page through WebDriver, which
/// gives up when the renderer stays busy for 30 s.
async fn breathe() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

/// Median seconds of `reps` calls after one warm-up.
async fn median(reps: usize, mut f: impl FnMut()) -> f64 {
    f();
    let mut t = Vec::with_capacity(reps);
    for _ in 0..reps {
        breathe().await;
        let t0 = now();
        f();
        t.push(now() - t0);
    }
    t.sort_by(f64::total_cmp);
    t[t.len() / 2]
}

/// Under `GFE_BENCH`, after a breath, a reverse-task trainer at L 6, d 64 (issue #28's page
/// target) for the bench `name`; `None` otherwise (said, if the config is refused).
async fn reverse_l6(
    name: &str,
) -> Option<gradient_flow_explorer::sim::transformer::train::ReverseTrainer> {
    use gradient_flow_explorer::sim::transformer::task::ReverseConfig;
    use gradient_flow_explorer::sim::transformer::train::ReverseTrainer;
    option_env!("GFE_BENCH")?;
    breathe().await;
    let cfg = ReverseConfig {
        blocks: 6,
        ..ReverseConfig::default()
    };
    let trainer = ReverseTrainer::new(&cfg);
    trainer.map_err(|e| console_log!("{name}: {e}")).ok()
}

/// A worker running `script` (JavaScript), started from a Blob URL.
fn blob_worker(script: &str) -> Option<web_sys::Worker> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/javascript");
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(script));
    web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .and_then(|b| web_sys::Url::create_object_url_with_blob(&b))
        .and_then(|u| web_sys::Worker::new(&u))
        .ok()
}

#[wasm_bindgen_test]
async fn bench() {
    if option_env!("GFE_BENCH").is_none() {
        console_log!("wasm_bench: skipped (build with GFE_BENCH=1 to run it)");
        return;
    }
    // Warm-up, so the engine has optimised the hot code (Chromium starts with a baseline tier).
    let _ = bench_pass(15, 64, 64, 50, now);
    let _ = simulate(&bench_config(15, 64, 64));
    console_log!(
        "{:>16} {:>10} {:>8} {:>10} {:>10} {:>10} {:>10} {:>10}",
        "(L, W, B)",
        "pass ms",
        "GFLOP/s",
        "pass, ∂W",
        "simulate",
        "sim:depth",
        "sim:act",
        "sim:seed"
    );
    for (l, w, b, reps) in CASES {
        breathe().await;
        let pass = bench_pass(l, w, b, reps, now).expect("valid bench config");
        // The same pass forming every ∂Loss/∂W_l matrix, as the reference implementations do.
        let mut matrices = PassBench::new(l, w, b).expect("valid bench config");
        let pass_dw = median(reps, || {
            std::hint::black_box(matrices.pass_forming_matrices());
        })
        .await;
        let cfg = bench_config(l, w, b);
        let full = median(reps, || {
            std::hint::black_box(simulate(&cfg).ok());
        })
        .await;
        // Simulator::run as a slider moves: depth L ↔ L−1, then activation tanh ↔ ReLU.
        let mut sim = Simulator::new();
        let mut flip = false;
        let mut alternate = |edit: fn(&mut Config, bool)| {
            let mut c = cfg.clone();
            flip = !flip;
            edit(&mut c, flip);
            std::hint::black_box(sim.run(&c).ok());
        };
        let depth = median(reps, || alternate(|c, f| c.net.depth -= f as usize)).await;
        let act = median(reps, || {
            alternate(|c, f| {
                if f {
                    c.net.activation = Activation::Relu
                }
            })
        })
        .await;
        // A new seed every run: sampling + pass + statistics, what a seed change costs.
        let mut seed = cfg.seed;
        let reseed = median(reps, || {
            seed += 1;
            std::hint::black_box(
                sim.run(&Config {
                    seed,
                    ..cfg.clone()
                })
                .ok(),
            );
        })
        .await;
        console_log!(
            "{:>16} {:>10.2} {:>8.1} {:>10.2} {:>10.2} {:>10.2} {:>10.2} {:>10.2}",
            format!("({l}, {w}, {b})"),
            pass * 1e3,
            pass_flops(l, w, b) / pass / 1e9,
            pass_dw * 1e3,
            full * 1e3,
            depth * 1e3,
            act * 1e3,
            reseed * 1e3
        );
    }
    depth_slider_by_architecture().await;
    console_log!("where a simulate's time goes (each part alone, ms):");
    for (l, w, b, reps) in CASES {
        breathe().await;
        let parts = breakdown(l, w, b, reps.min(5), now).unwrap_or_default();
        let parts: Vec<String> = parts
            .iter()
            .map(|(name, t)| format!("{name} {:.2}", t * 1e3))
            .collect();
        console_log!("{:>16}  {}", format!("({l}, {w}, {b})"), parts.join(" · "));
    }
    passes_per_tile().await;
}

/// One pass with each register tile, side by side.
async fn passes_per_tile() {
    console_log!(
        "pass per register tile, interleaved (median ms, GFLOP/s; default here {:?}):",
        Tile::default_here()
    );
    for (l, w, b, reps) in CASES {
        let Ok(mut bench) = PassBench::new(l, w, b) else {
            continue;
        };
        // Tiles interleaved pass by pass, so a change in the machine's load hits them alike;
        // one pass per task (the runner gives up on a page busy for 30 s).
        let mut times: Vec<Vec<f64>> = vec![Vec::new(); Tile::ALL.len()];
        for round in 0..=reps.min(7) {
            for (i, &tile) in Tile::ALL.iter().enumerate() {
                breathe().await;
                force_tile(Some(tile));
                let t0 = now();
                std::hint::black_box(bench.pass());
                if round > 0 {
                    times[i].push(now() - t0);
                }
            }
        }
        force_tile(None);
        let parts: Vec<String> = Tile::ALL
            .iter()
            .zip(&mut times)
            .map(|(tile, t)| {
                t.sort_by(f64::total_cmp);
                let med = t[t.len() / 2];
                let gflops = pass_flops(l, w, b) / med / 1e9;
                format!("{tile:?} {:.2} ms {gflops:.1}", med * 1e3)
            })
            .collect();
        console_log!("{:>16}  {}", format!("({l}, {w}, {b})"), parts.join(" · "));
    }
}

/// The explorer's slider at 15 × 64: Simulator::run for depth 15 ↔ 14, per architecture.
async fn depth_slider_by_architecture() {
    console_log!("Simulator::run, depth 15 <-> 14 at width 64, batch 64 (median ms):");
    for (name, residual, norm) in [
        ("plain", Residual::None, Norm::None),
        (
            "scaled residual + layer norm",
            Residual::Scaled,
            Norm::Layer,
        ),
        (
            "identity residual + batch norm",
            Residual::Identity,
            Norm::Batch,
        ),
    ] {
        breathe().await;
        let cfg = Config {
            net: MlpNet {
                residual,
                norm,
                ..bench_config(15, 64, 64).net
            },
            ..bench_config(15, 64, 64)
        };
        let mut sim = Simulator::new();
        let mut flip = false;
        let t = median(61, || {
            let mut c = cfg.clone();
            flip = !flip;
            c.net.depth -= flip as usize;
            std::hint::black_box(sim.run(&c).ok());
        })
        .await;
        console_log!("{name:>32} {:>8.3}", t * 1e3);
    }
}

/// One seed of the recurrent explorer's slider case (LSTM, T = 100, H = 128, B = 32) taken apart:
/// sampling, the forward pass, back-propagation through time, and the whole `simulate_rnn`; the
/// same for `rnn_linear` at H = 256 (the same matrix products, no gate nonlinearities).
#[wasm_bindgen_test]
async fn recurrent_seed() {
    use gradient_flow_explorer::sim::recurrent::{
        backward, forward, simulate_rnn, simulate_rnn_first_look, Cell, Draws, Params, RnnConfig,
        Sequence, Workspace,
    };
    if option_env!("GFE_BENCH").is_none() {
        return;
    }
    console_log!("recurrent seed, T = 100, B = 32 (median ms):");
    for (cell, width) in [(Cell::Lstm, 128), (Cell::Gru, 128), (Cell::RnnLinear, 256)] {
        breathe().await;
        let cfg = RnnConfig {
            cell,
            steps: 100,
            width,
            truncate: 100,
            ..RnnConfig::default()
        };
        let sample = median(9, || {
            std::hint::black_box((Params::sample(&cfg), Sequence::sample(0, 100, width, 32)));
        })
        .await;
        let (p, seq) = (Params::sample(&cfg), Sequence::sample(0, 100, width, 32));
        let mut ws = Workspace::default();
        let fwd = median(9, || forward(&p, &seq.x, 32, &mut ws, &mut (), &Float32)).await;
        let dh = vec![1e-3f32; 32 * width];
        let back = median(9, || {
            backward(&p, &seq.x, &dh, 100, &mut ws, &mut (), &Float32);
        })
        .await;
        let whole = median(9, || {
            std::hint::black_box(simulate_rnn(&cfg).ok());
        })
        .await;
        let mut draws = Draws::default();
        let first = median(9, || {
            std::hint::black_box(simulate_rnn_first_look(&cfg, &mut ws, &mut draws).ok());
        })
        .await;
        console_log!(
            "{cell:?} H{width}: sample {:.1}, forward {:.1}, backward {:.1}, simulate_rnn {:.1}, \
             first look {:.1}",
            sample * 1e3,
            fwd * 1e3,
            back * 1e3,
            whole * 1e3,
            first * 1e3
        );
    }
}

/// A reverse-task training step at L = 6, d = 64 (issue #28's page target: 50 steps/s) taken
/// apart in wasm, as `bench -- --reverse` does natively.
#[wasm_bindgen_test]
async fn reverse_step() {
    use gradient_flow_explorer::sim::transformer::perf::reverse_breakdown;
    use gradient_flow_explorer::sim::transformer::task::ReverseConfig;
    if option_env!("GFE_BENCH").is_none() {
        return;
    }
    breathe().await;
    let cfg = ReverseConfig {
        blocks: 6,
        width: 64,
        heads: 4,
        steps: 600,
        ..ReverseConfig::default()
    };
    match reverse_breakdown(&cfg, 15, now) {
        Ok(parts) => {
            let cells: Vec<String> = parts
                .iter()
                .map(|(name, t)| format!("{name} {:.2}", t * 1e3))
                .collect();
            console_log!("reverse task, L 6, d 64 (median ms): {}", cells.join(" · "));
        }
        Err(e) => console_log!("reverse task: {e}"),
    }
}

/// What a reverse-task update with a helper costs beyond its shard (issue #28): one shard's
/// forward and backward (its gradients copied out for the helper), and the trip through
/// bincode of each 1.2 MB message of an update — the lead's gradients to the helper's copy,
/// the helper's back — as the two workers make them.
#[wasm_bindgen_test]
async fn reverse_split() {
    use gradient_flow_explorer::sim::transformer::shard::ShardHelper;
    use gradient_flow_explorer::worker::{decode, encode, Request, Response};
    let Some(mut trainer) = reverse_l6("reverse split").await else {
        return;
    };
    let mut helper = ShardHelper::new();
    helper.run(trainer.copy_job());
    let Some(outcome) = helper.run(trainer.begin_step()) else {
        return console_log!("reverse split: the helper did not answer");
    };
    let reply = encode(&Response::Shard { outcome });
    let update = Request::Shard {
        job: trainer.work_own_shard(),
    };
    let shard = median(15, || {
        std::hint::black_box(trainer.work_own_shard());
    })
    .await
        * 1e3;
    let update_trip = median(15, || {
        let bytes = encode(&update);
        std::hint::black_box(decode::<Request>(&bytes).is_ok());
    })
    .await
        * 1e3;
    let reply_trip = median(15, || {
        let back = decode::<Response>(&reply).map(|r| encode(&r));
        std::hint::black_box(back.is_ok());
    })
    .await
        * 1e3;
    console_log!(
        "reverse split, L 6, d 64 (median ms): shard {shard:.2} · gradients to the helper encode+decode {update_trip:.2} ({} kB) · back decode+encode {reply_trip:.2} ({} kB)",
        encode(&update).len() / 1000,
        reply.len() / 1000
    );
}

/// A message's round trip to a worker and back (issue #28: each reverse-task update sends the
/// helper a job and gets its gradients back, about 1.2 MB each way), the bytes moved, not
/// copied, as the workers do; beside a 16-byte message's.
#[wasm_bindgen_test]
async fn worker_round_trip() {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    if option_env!("GFE_BENCH").is_none() {
        return;
    }
    let script = "onmessage = e => postMessage(e.data, [e.data.buffer]);";
    let Some(worker) = blob_worker(script) else {
        return console_log!("worker round trip: no worker");
    };
    let mut lines = Vec::new();
    for bytes in [16usize, 1_204_000] {
        let mut times = Vec::new();
        for _ in 0..30 {
            let array = js_sys::Uint8Array::new_with_length(bytes as u32);
            let t0 = now();
            let back = js_sys::Promise::new(&mut |resolve, _| {
                let once = Closure::once_into_js(move |e: web_sys::MessageEvent| {
                    let _ = resolve.call1(&JsValue::NULL, &e.data());
                });
                worker.set_onmessage(Some(once.unchecked_ref()));
            });
            let transfer = js_sys::Array::of1(&array.buffer());
            if worker
                .post_message_with_transfer(&array, &transfer)
                .is_err()
            {
                return console_log!("worker round trip: post failed");
            }
            let _ = wasm_bindgen_futures::JsFuture::from(back).await;
            times.push((now() - t0) * 1e3);
        }
        times.sort_by(f64::total_cmp);
        lines.push(format!(
            "{bytes} B: median {:.2} ms, p90 {:.2}",
            times[15], times[27]
        ));
    }
    worker.terminate();
    console_log!("worker round trip: {}", lines.join(" · "));
}

/// Whether a second busy core slows this one (issue #28's helper worker assumes two cores):
/// a reverse-task shard's median time alone, then while a worker spins.
#[wasm_bindgen_test]
async fn shard_beside_a_busy_core() {
    use wasm_bindgen::prelude::*;
    let Some(mut trainer) = reverse_l6("shard beside a busy core").await else {
        return;
    };
    let _ = trainer.begin_step();
    let mut shard = || {
        std::hint::black_box(trainer.work_own_shard());
    };
    let alone = median(15, &mut shard).await * 1e3;
    let script = "onmessage = () => { const t = performance.now(); let x = 0; while (performance.now() - t < 4000) { x += Math.sqrt(x + 1); } postMessage(x); };";
    let Some(worker) = blob_worker(script) else {
        return console_log!("shard beside a busy core: no worker");
    };
    let _ = worker.post_message(&JsValue::NULL);
    breathe().await;
    let beside = median(15, &mut shard).await * 1e3;
    worker.terminate();
    let after = median(15, &mut shard).await * 1e3;
    console_log!(
        "shard beside a busy core (median ms): alone {alone:.2} · beside {beside:.2} · alone again {after:.2}"
    );
}
