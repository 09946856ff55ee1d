//! Measures latching-task training runs over seeds 0..20 (one JSON line per seed), for the
//! recurrent training panel's presets: `cargo run --release --example measure_latching -- CELL T LR FB [CLIP]`.

use gradient_flow_explorer::sim::recurrent::{train_latching, Cell, LatchingConfig, RecurrentInit};

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let cell = Cell::from_id(&a[1]).expect("cell");
    let cfg = LatchingConfig {
        cell,
        steps: a[2].parse().expect("T"),
        width: 64,
        init: RecurrentInit::Orthogonal,
        gain: 1.0,
        forget_bias: a[4].parse().expect("fb"),
        lr: a[3].parse().expect("lr"),
        clip: a.get(5).map(|c| c.parse().expect("clip")),
        train_steps: 1500,
        seed: 0,
    };
    let seeds: Vec<u64> = (0..20).collect();
    let threads = 2;
    std::thread::scope(|s| {
        for k in 0..threads {
            let (cfg, seeds) = (&cfg, &seeds);
            s.spawn(move || {
                for &seed in seeds.iter().skip(k).step_by(threads) {
                    let c = LatchingConfig {
                        seed,
                        ..cfg.clone()
                    };
                    let run = train_latching(&c, &[0, 100, 250, 500, 1000, 1500]).expect("run");
                    let acc: Vec<String> = run
                        .records
                        .iter()
                        .map(|r| format!("{}:{:.4}", r.step, r.test_accuracy))
                        .collect();
                    println!(
                        "{} T={} lr={} fb={} clip={:?} seed={seed} learnt={:?} acc={}",
                        a_cell(&c),
                        c.steps,
                        c.lr,
                        c.forget_bias,
                        c.clip,
                        run.steps_to_learnt,
                        acc.join(",")
                    );
                }
            });
        }
    });
}

fn a_cell(c: &LatchingConfig) -> &'static str {
    c.cell.id()
}
