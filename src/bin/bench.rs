//! Native benchmark: one forward + backward pass (tanh, Xavier normal, float32, one thread),
//! median of several runs, GFLOP/s with FLOPs = (6L − 2)·B·W², and the speed ratio against
//! the naive-JavaScript anchor run in the same session.
//!
//! cargo run --release --bin bench [-- --node PATH/naive.js | --no-node] [--full]
//! cargo run --release --bin bench -- --precision (only the number formats' figures)
//! cargo run --release --bin bench -- --reverse (only the transformer's training figures)

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use gradient_flow_explorer::sim::matmul::Tile;
use gradient_flow_explorer::sim::mixed::{simulate_mixed, LossScale, MixedPrecision};
use gradient_flow_explorer::sim::numeric::{Float32, Precision};
use gradient_flow_explorer::sim::perf::{
    bench_config, breakdown, pass_flops, pass_with_tile, PassBench,
};
use gradient_flow_explorer::sim::perf_formats::{RnnPassBench, StackPassBench};
use gradient_flow_explorer::sim::recurrent::mixed::simulate_rnn_mixed;
use gradient_flow_explorer::sim::recurrent::{
    simulate_rnn, Cell, RnnConfig, Workspace as RnnWorkspace,
};
use gradient_flow_explorer::sim::simd::{force, Isa};
use gradient_flow_explorer::sim::transformer::perf::reverse_breakdown;
use gradient_flow_explorer::sim::transformer::task::{ReverseConfig, SEQ, TRAIN_BATCH};
use gradient_flow_explorer::sim::transformer::{
    simulate_transformer, simulate_transformer_mixed, TransformerConfig,
};
use gradient_flow_explorer::sim::{simulate, Config, MlpNet, Norm, Residual, Simulator};
use gradient_flow_explorer::worker::reverse::{
    ReverseAction, ReverseSession, REVERSE_CHUNK_BUDGET_MS, REVERSE_CHUNK_STEPS,
    REVERSE_MEASURE_EVERY,
};
use gradient_flow_explorer::worker::{encode, Response};

const SIZES: [(usize, usize, usize); 3] = [(15, 64, 64), (50, 256, 64), (100, 512, 128)];

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Runs `f` at least 5 times and for at least 1 s (at most 200 times); median seconds.
fn time(mut f: impl FnMut()) -> f64 {
    f();
    let start = Instant::now();
    let mut times = Vec::new();
    while times.len() < 5 || (start.elapsed().as_secs_f64() < 1.0 && times.len() < 200) {
        let t = Instant::now();
        f();
        times.push(t.elapsed().as_secs_f64());
    }
    median(times)
}

/// Median seconds of `node naive.js bench L W B 1 0`, or why it could not run.
fn naive_js(path: &PathBuf, (l, w, b): (usize, usize, usize)) -> Result<f64, String> {
    let out = Command::new("node")
        .arg(path)
        .args([
            "bench",
            &l.to_string(),
            &w.to_string(),
            &b.to_string(),
            "1",
            "0",
        ])
        .output()
        .map_err(|e| format!("cannot run node: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "node failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("bad JSON from naive.js: {e}"))?;
    let times: Vec<f64> = v["times_s"]
        .as_array()
        .ok_or("no times_s")?
        .iter()
        .filter_map(|t| t.as_f64())
        .collect();
    if times.is_empty() {
        return Err("no timings".into());
    }
    Ok(median(times))
}

/// Median seconds of `Simulator::run` when a slider alternates the depth (L, L−1) and when
/// the activation alternates (tanh, ReLU): the draws are cached, so no sampling is timed.
fn simulator_times(cfg: &Config) -> (f64, f64) {
    let mut sim = Simulator::new();
    let mut flip = false;
    let mut alternate = |edit: fn(&mut Config, bool)| {
        time(|| {
            flip = !flip;
            let mut c = cfg.clone();
            edit(&mut c, flip);
            std::hint::black_box(sim.run(&c).ok());
        })
    };
    let depth = alternate(|c, f| c.net.depth -= f as usize);
    let act = alternate(|c, f| {
        if f {
            c.net.activation = gradient_flow_explorer::sim::Activation::Relu
        }
    });
    (depth, act)
}

/// Training steps per second for the page's size (depth 8 × width 64, minibatch 32).
fn training_steps_per_second() {
    use gradient_flow_explorer::train::{TrainConfig, Trainer};
    let cfg = TrainConfig {
        net: MlpNet {
            depth: 8,
            width: 64,
            ..MlpNet::default()
        },
        ..TrainConfig::default()
    };
    let Ok(mut t) = Trainer::new(&cfg) else {
        return;
    };
    let per_step = time(|| {
        for _ in 0..100 {
            std::hint::black_box(t.step());
        }
    }) / 100.0;
    let measure = time(|| {
        std::hint::black_box(t.measure());
    });
    println!(
        "training (depth 8, width 64, minibatch 32, SGD): {:.0} steps/s; a full-set measure {:.2} ms",
        1.0 / per_step,
        measure * 1e3
    );
}

fn main() {
    if std::env::args().skip(1).any(|a| a == "--precision") {
        precision_lines();
        return;
    }
    if std::env::args().skip(1).any(|a| a == "--reverse") {
        reverse_lines();
        return;
    }
    let node = naive_js_path();
    pass_table(node.as_ref());
    let start = Instant::now();
    let clock = || start.elapsed().as_secs_f64();
    breakdown_lines(clock);
    pass_per_tile(clock);
    println!("sim: depth / act = Simulator::run (same report) alternating depth L and L−1 / tanh and ReLU.");
    pass_per_instruction_set();
    training_steps_per_second();
    residual_norm_line();
    precision_lines();
    reverse_lines();
}

/// The formats the speed figures compare, float32 first.
const FORMATS: [Precision; 3] = [Precision::Float32, Precision::BFloat16, Precision::Float16];

/// The precision lens's speed (issue #29: the other formats at most 2× float32's pass): one
/// pass in each format of the MLP, the LSTM and the transformer, as ratios to float32 in this
/// run; then the whole lens (a float32 pass for "lost", the format's pass, a dynamic scale's
/// retries) against the float32 simulate.
fn precision_lines() {
    println!(
        "precision lens, one pass (every tensor rounded; × = ratio to float32's pass in this run):"
    );
    for (l, w, b) in [(12, 64, 64), (30, 256, 64)] {
        let Ok(mut pb) = PassBench::new(l, w, b) else {
            continue;
        };
        // The float32 pass that forms every ∂W, as a pass in a format does (no Gram route).
        let f32_pass = time(|| {
            std::hint::black_box(pb.pass_forming_matrices());
        });
        let cells = FORMATS.map(|p| {
            time(|| {
                std::hint::black_box(pb.pass_in(p));
            })
        });
        let name = format!("MLP tanh + Xavier {l}×{w}, B {b}");
        print_pass_row(&name, f32_pass, &cells);
    }
    let lstm = RnnConfig {
        cell: Cell::Lstm,
        steps: 100,
        width: 128,
        batch: 32,
        truncate: 100,
        ..RnnConfig::default()
    };
    if let Ok(mut rb) = RnnPassBench::new(&lstm) {
        let f32_pass = time(|| {
            std::hint::black_box(rb.pass_in(&Float32));
        });
        let cells = FORMATS.map(|p| {
            time(|| {
                std::hint::black_box(rb.pass_in(&p));
            })
        });
        print_pass_row("LSTM T 100, H 128, B 32", f32_pass, &cells);
    }
    let stack = TransformerConfig::default();
    if let Ok(mut sb) = StackPassBench::new(&stack) {
        let f32_pass = time(|| {
            std::hint::black_box(sb.pass_in(&Float32));
        });
        let cells = FORMATS.map(|p| {
            time(|| {
                std::hint::black_box(sb.pass_in(&p));
            })
        });
        print_pass_row("transformer pre-LN L 12, d 64, T 16, B 8", f32_pass, &cells);
    }
    println!("  (float32 = the float32 pass itself; then the same pass through the rounding calls in float32, bfloat16, float16)");
    lens_lines(&lstm, &stack);
}

/// One row: float32's pass, then each format's with its ratio to it.
fn print_pass_row(name: &str, f32_pass: f64, cells: &[f64; 3]) {
    let formats: Vec<String> = FORMATS
        .iter()
        .zip(cells)
        .map(|(p, t)| format!("{} {:.2} ms ({:.2}×)", p.id(), t * 1e3, t / f32_pass))
        .collect();
    println!(
        "  {name}: float32 {:.2} ms · {}",
        f32_pass * 1e3,
        formats.join(" · ")
    );
}

/// The whole lens in float16 without a scale, with a dynamic one, and in bfloat16, against
/// the float32 simulate of the same network (one seed).
fn lens_lines(lstm: &RnnConfig, stack: &TransformerConfig) {
    let mixed = |precision, loss_scale| MixedPrecision {
        precision,
        loss_scale,
    };
    let lenses = [
        mixed(Precision::Float16, LossScale::None),
        mixed(Precision::Float16, LossScale::Dynamic),
        mixed(Precision::BFloat16, LossScale::None),
    ];
    let row = |name: &str, plain: f64, lens: &dyn Fn(&MixedPrecision) -> f64| {
        let cells: Vec<String> = lenses
            .iter()
            .map(|m| {
                let t = lens(m);
                format!(
                    "{} {}: {:.2} ms ({:.2}×)",
                    m.precision.id(),
                    m.loss_scale.id(),
                    t * 1e3,
                    t / plain
                )
            })
            .collect();
        println!(
            "  {name}: float32 {:.2} ms · {}",
            plain * 1e3,
            cells.join(" · ")
        );
    };
    println!("precision lens, whole run (a float32 pass for \"lost\" + the format's pass; × = ratio to the float32 simulate):");
    for (l, w, b) in [(12, 64, 64), (30, 256, 64)] {
        let cfg = bench_config(l, w, b);
        let plain = time(|| {
            std::hint::black_box(simulate(&cfg).ok());
        });
        let lens =
            |m: &MixedPrecision| time(|| drop(std::hint::black_box(simulate_mixed(&cfg, m).ok())));
        row(&format!("MLP {l}×{w}"), plain, &lens);
    }
    let plain = time(|| drop(std::hint::black_box(simulate_rnn(lstm).ok())));
    let lens = |m: &MixedPrecision| {
        let mut ws = RnnWorkspace::default();
        time(|| {
            drop(std::hint::black_box(
                simulate_rnn_mixed(lstm, &mut ws, m).ok(),
            ))
        })
    };
    row("LSTM", plain, &lens);
    let plain = time(|| drop(std::hint::black_box(simulate_transformer(stack, 1).ok())));
    let lens = |m: &MixedPrecision| {
        time(|| {
            drop(std::hint::black_box(
                simulate_transformer_mixed(stack, 1, m).ok(),
            ))
        })
    };
    row("transformer", plain, &lens);
}

/// The JavaScript anchor from the arguments (`--node PATH`, `--no-node`; default the shared
/// reference's naive.js), or None where it is missing. Exits 2 on an unknown argument.
fn naive_js_path() -> Option<PathBuf> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut node: Option<PathBuf> = Some(PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/reference/naive.js"
    )));
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--no-node" => node = None,
            "--node" if i + 1 < args.len() => {
                node = Some(PathBuf::from(&args[i + 1]));
                i += 1;
            }
            a => {
                eprintln!("bench: unknown argument '{a}' (use --node PATH or --no-node)");
                std::process::exit(2);
            }
        }
        i += 1;
    }
    match node {
        Some(p) if !p.exists() => {
            println!(
                "naive.js not found at {} — skipping the JavaScript anchor",
                p.display()
            );
            None
        }
        node => node,
    }
}

/// The main table: pass, pass forming ∂W, full simulate, the simulator after a change, and the
/// naive JavaScript anchor in the same run, with its footnotes.
fn pass_table(node: Option<&PathBuf>) {
    println!(
        "{:>16} {:>12} {:>9} {:>13} {:>15} {:>12} {:>12} {:>14} {:>10}",
        "(L, W, B)",
        "pass",
        "GFLOP/s",
        "pass, ∂W",
        "full simulate",
        "sim: depth",
        "sim: act",
        "naive JS",
        "speed-up"
    );
    for (l, w, b) in SIZES {
        let mut pb = match PassBench::new(l, w, b) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("bench: {e}");
                std::process::exit(2);
            }
        };
        let t = time(|| {
            std::hint::black_box(pb.pass());
        });
        let t_matrices = time(|| {
            std::hint::black_box(pb.pass_forming_matrices());
        });
        let cfg = bench_config(l, w, b);
        let full = time(|| {
            std::hint::black_box(simulate(&cfg).ok());
        });
        let (depth_change, act_change) = simulator_times(&cfg);
        let gflops = pass_flops(l, w, b) / t / 1e9;
        let (js, ratio) = match node {
            Some(p) => match naive_js(p, (l, w, b)) {
                Ok(js) => (format!("{:.1} ms", js * 1e3), format!("{:.0}×", js / t)),
                Err(e) => (e, "-".into()),
            },
            None => ("-".into(), "-".into()),
        };
        println!(
            "{:>16} {:>9.2} ms {:>9.1} {:>10.2} ms {:>12.2} ms {:>9.2} ms {:>9.2} ms {:>14} {:>10}",
            format!("({l}, {w}, {b})"),
            t * 1e3,
            gflops,
            t_matrices * 1e3,
            full * 1e3,
            depth_change * 1e3,
            act_change * 1e3,
            js,
            ratio
        );
    }
    println!("pass = forward + backward with all weight gradients (reduced to norms), one thread;");
    println!("GFLOP/s counts (6L − 2)·B·W² as the reference does, though where 2B < W the pass");
    println!("takes each norm from two B×B Gram products (sim::weight_grad) instead of forming");
    println!("the W×W matrix; pass, ∂W = forming every matrix, as JAX, numpy and PyTorch do;");
    println!(
        "full simulate = sampling + pass + every statistic + theory (what the page computes);"
    );
}

/// Where a simulate's time goes, part by part (`sim::perf::breakdown`).
fn breakdown_lines(clock: impl Fn() -> f64 + Copy) {
    println!("where a simulate's time goes (each part alone, ms):");
    for (l, w, b) in SIZES {
        let parts = breakdown(l, w, b, 5, clock).unwrap_or_default();
        let parts: Vec<String> = parts
            .iter()
            .map(|(name, t)| format!("{name} {:.2}", t * 1e3))
            .collect();
        println!("{:>16}  {}", format!("({l}, {w}, {b})"), parts.join(" · "));
    }
}

/// One pass with each register tile forced (same bits, different speed).
fn pass_per_tile(clock: impl Fn() -> f64 + Copy) {
    println!(
        "pass per register tile (median ms, GFLOP/s; default here {:?}):",
        Tile::default_here()
    );
    for (l, w, b) in SIZES {
        let reps = if l >= 100 { 5 } else { 21 };
        let parts: Vec<String> = Tile::ALL
            .iter()
            .filter_map(|&tile| {
                let t = pass_with_tile(tile, (l, w, b), reps, clock);
                let t = t.ok()?;
                let gflops = pass_flops(l, w, b) / t / 1e9;
                Some(format!("{tile:?} {:.2} ms {gflops:.1}", t * 1e3))
            })
            .collect();
        println!("{:>16}  {}", format!("({l}, {w}, {b})"), parts.join(" · "));
    }
}

/// One pass on each instruction set this CPU can run, side by side (same bits, `sim::simd`).
fn pass_per_instruction_set() {
    println!(
        "pass per instruction set (median ms, GFLOP/s; detected {:?}):",
        Isa::detected()
    );
    for (l, w, b) in SIZES {
        let Ok(mut pb) = PassBench::new(l, w, b) else {
            continue;
        };
        let parts: Vec<String> = Isa::available()
            .into_iter()
            .map(|isa| {
                force(Some(isa));
                let t = time(|| {
                    std::hint::black_box(pb.pass());
                });
                let gflops = pass_flops(l, w, b) / t / 1e9;
                format!("{isa:?} {:.2} ms {gflops:.1}", t * 1e3)
            })
            .collect();
        force(None);
        println!("{:>16}  {}", format!("({l}, {w}, {b})"), parts.join(" · "));
    }
}

/// What residual sums and normalization add to a full `simulate` at (50, 256, 64).
fn residual_norm_line() {
    let (l, w, b) = (50, 256, 64);
    let parts: Vec<String> = [
        (Residual::None, Norm::None, "plain"),
        (
            Residual::Scaled,
            Norm::Batch,
            "scaled residual + batch norm",
        ),
        (
            Residual::Scaled,
            Norm::Layer,
            "scaled residual + layer norm",
        ),
    ]
    .into_iter()
    .map(|(residual, norm, name)| {
        let cfg = Config {
            net: MlpNet {
                residual,
                norm,
                ..bench_config(l, w, b).net
            },
            ..bench_config(l, w, b)
        };
        let t = time(|| {
            std::hint::black_box(simulate(&cfg).ok());
        });
        format!("{name} {:.1} ms", t * 1e3)
    })
    .collect();
    println!("full simulate at ({l}, {w}, {b}): {}", parts.join(" · "));
}

/// The transformer page's training (issue #28: 50 steps/s at L 6, d 64 on the page): each part
/// of a step alone, then the worker's chunks as the page drives them (each `Advance` with its
/// test-set measurements, bincode-encoded as the reply is), steps per second of worker time.
fn reverse_lines() {
    let cfg = ReverseConfig {
        blocks: 6,
        width: 64,
        heads: 4,
        steps: 600,
        ..ReverseConfig::default()
    };
    let start = Instant::now();
    let wall = || start.elapsed().as_secs_f64();
    // On a shared machine the thread's CPU time leaves out the time other processes held the
    // core, so figures from runs under different loads compare.
    let (clock, which): (Box<dyn Fn() -> f64>, _) = match thread_cpu_seconds() {
        Some(_) => (Box::new(|| thread_cpu_seconds().unwrap_or(0.0)), "CPU"),
        None => (Box::new(wall), "wall-clock"),
    };
    match reverse_breakdown(&cfg, 20, clock) {
        Ok(parts) => {
            let cells: Vec<String> = parts
                .iter()
                .map(|(name, t)| format!("{name} {:.3}", t * 1e3))
                .collect();
            let step = parts.first().map_or(f64::NAN, |p| p.1);
            println!(
                "reverse task, L 6, d 64, T {SEQ}, B {TRAIN_BATCH} (ms of {which} time, each part alone): {} → {:.0} steps/s",
                cells.join(" · "),
                1.0 / step
            );
        }
        Err(e) => println!("reverse task: {e}"),
    }
    let ms = || start.elapsed().as_secs_f64() * 1e3;
    let mut session = ReverseSession::default();
    let _ = session.handle(ReverseAction::Start(cfg.clone()), &ms);
    let (t0, mut chunks, mut steps, mut bytes) = (ms(), 0, 0, 0);
    let cpu0 = thread_cpu_seconds();
    loop {
        let advance = ReverseAction::Advance {
            max_steps: REVERSE_CHUNK_STEPS,
            budget_ms: REVERSE_CHUNK_BUDGET_MS,
        };
        let Ok(p) = session.handle(advance, &ms) else {
            break;
        };
        let (n, done) = (p.losses.len(), p.finished || p.nonfinite_at.is_some());
        let reply = Response::Reversed {
            id: 0,
            run: 0,
            progress: Ok(p),
        };
        bytes += encode(&reply).len();
        (chunks, steps) = (chunks + 1, steps + n);
        if done || n == 0 {
            break;
        }
    }
    let secs = (ms() - t0) / 1e3;
    let cpu = match (cpu0, thread_cpu_seconds()) {
        (Some(a), Some(b)) => format!(" ({:.0} a CPU second)", steps as f64 / (b - a)),
        _ => String::new(),
    };
    println!(
        "  the worker's chunks (≤ {REVERSE_CHUNK_STEPS} steps or {REVERSE_CHUNK_BUDGET_MS} ms, test set every {REVERSE_MEASURE_EVERY} steps, replies encoded): {steps} steps in {chunks} chunks, {:.0} steps/s{cpu}, {:.1} kB a reply",
        steps as f64 / secs,
        bytes as f64 / chunks.max(1) as f64 / 1e3
    );
}

/// This thread's CPU time in seconds (64-bit Linux: `CLOCK_THREAD_CPUTIME_ID`), None elsewhere.
fn thread_cpu_seconds() -> Option<f64> {
    #[cfg(all(target_os = "linux", target_pointer_width = "64"))]
    {
        #[repr(C)]
        struct Timespec {
            sec: i64,
            nsec: i64,
        }
        extern "C" {
            fn clock_gettime(clock: i32, tp: *mut Timespec) -> i32;
        }
        const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
        let mut t = Timespec { sec: 0, nsec: 0 };
        // SAFETY: clock_gettime writes one timespec (two 64-bit fields on 64-bit Linux) to a
        // valid pointer and reads nothing else.
        let ok = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut t) } == 0;
        ok.then_some(t.sec as f64 + t.nsec as f64 * 1e-9)
    }
    #[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
    None
}
