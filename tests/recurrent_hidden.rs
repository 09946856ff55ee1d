//! The hidden-state chart: h_t's density per step for the first seed (`hidden_densities`,
//! drawn by `charts::recurrent::hidden_states` through the shared density heatmap). What it
//! shows is measured here over 20 seeds: a tanh RNN at gain 3 has over 30 % of its units
//! saturated at step 50 (about 35 %), at gain 0.5 under 5 % (about 1.5 %: the input alone);
//! a ReLU RNN (orthogonal) has 30–70 % of its units exactly zero; a growing linear RNN leaves
//! the window, and one that overflows to inf is named as such instead of drawn as garbage.

mod charts_support;

use charts_support::{render_svg, save_sample, texts};
use gradient_flow_explorer::charts::kit::theme::Theme;
use gradient_flow_explorer::charts::recurrent::hidden_states::HiddenStates;
use gradient_flow_explorer::charts::Chart;
use gradient_flow_explorer::sim::recurrent::{
    hidden_density_steps, simulate_rnn_seeds, spread, Cell, RnnConfig, RnnSpread,
    HIDDEN_DENSITY_STEPS,
};

fn spread_of(cfg: &RnnConfig) -> RnnSpread {
    spread(&simulate_rnn_seeds(cfg, 1).expect("valid config")).expect("one run")
}

fn tanh(gain: f64) -> RnnConfig {
    RnnConfig {
        gain,
        ..RnnConfig::default()
    }
}

fn saturated_at_end(sp: &RnnSpread) -> f64 {
    let last = sp.hidden.last().expect("steps");
    last.saturated_fraction.expect("tanh saturates")
}

#[test]
fn one_density_per_step_from_the_forward_pass() {
    let cfg = tanh(1.0);
    let sp = spread_of(&cfg);
    assert_eq!(sp.hidden.len(), cfg.steps);
    for d in &sp.hidden {
        let h = &d.histogram;
        let n: u64 = h.counts.iter().map(|c| u64::from(*c)).sum::<u64>()
            + u64::from(h.underflow + h.overflow + h.nonfinite);
        assert_eq!(
            n as usize,
            cfg.batch * cfg.width,
            "every entry of h_t counted once"
        );
        assert_eq!((h.lo, h.hi), (-1.0, 1.0));
    }
}

#[test]
fn long_sequences_show_evenly_spaced_steps_ending_at_t() {
    assert_eq!(hidden_density_steps(50), (1..=50).collect::<Vec<_>>());
    assert!(hidden_density_steps(0).is_empty());
    for steps in [201, 250, 999, 1000] {
        let ts = hidden_density_steps(steps);
        assert_eq!(ts.len(), HIDDEN_DENSITY_STEPS, "{steps}");
        assert_eq!(ts.last(), Some(&steps), "{steps}");
        assert!(
            ts.windows(2).all(|w| w[0] < w[1]) && ts[0] >= 1,
            "{steps}: {ts:?}"
        );
    }
    assert_eq!(hidden_density_steps(1000)[..3], [5, 10, 15]);
    let cfg = RnnConfig {
        steps: 1000,
        width: 8,
        batch: 2,
        ..RnnConfig::default()
    };
    let sp = spread_of(&cfg);
    let ts: Vec<usize> = sp.hidden.iter().map(|d| d.t).collect();
    assert_eq!(ts, hidden_density_steps(1000));
    let (svg, result) = render_svg(640, 360, |area| {
        HiddenStates.draw(area, &sp, &Theme::light())
    });
    assert!(result.is_ok());
    // The axis numbers the steps, not the columns.
    let words = texts(&svg);
    assert!(words.iter().any(|w| w == "1000"), "{words:?}");
    assert!(HiddenStates
        .summary(&sp)
        .contains("200 of the 1000 steps are shown"));
}

#[test]
fn what_the_chart_shows_holds_over_20_seeds() {
    let mut failures = Vec::new();
    for seed in 0..20 {
        let at = |cfg: RnnConfig| spread_of(&RnnConfig { seed, ..cfg });
        let (hot, cold) = (
            saturated_at_end(&at(tanh(3.0))),
            saturated_at_end(&at(tanh(0.5))),
        );
        if !(hot > 0.3 && cold < 0.05) {
            failures.push(format!(
                "seed {seed}: saturated {hot} at g = 3, {cold} at g = 0.5"
            ));
        }
        let relu = at(RnnConfig {
            cell: Cell::RnnRelu,
            ..RnnConfig::default()
        });
        let zero = relu
            .hidden
            .last()
            .and_then(|d| d.dead_fraction)
            .unwrap_or(0.0);
        if !(0.3..0.7).contains(&zero) {
            failures.push(format!("seed {seed}: ReLU RNN zero share {zero}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_chart_draws_steps_and_says_what_it_shows_in_svg() {
    let exploding = RnnConfig {
        cell: Cell::RnnLinear,
        gain: 3.0,
        steps: 200,
        ..RnnConfig::default()
    };
    let growing = RnnConfig {
        cell: Cell::RnnLinear,
        gain: 1.2,
        ..RnnConfig::default()
    };
    let lstm = RnnConfig {
        cell: Cell::Lstm,
        forget_bias: 1.0,
        ..RnnConfig::default()
    };
    let cases = [
        ("tanh-g3", tanh(3.0)),
        ("lstm", lstm),
        ("linear-growing", growing),
        ("linear-exploding", exploding),
    ];
    for (name, cfg) in cases {
        let sp = spread_of(&cfg);
        for (w, h) in [(640, 360), (320, 240)] {
            let (svg, result) =
                render_svg(w, h, |area| HiddenStates.draw(area, &sp, &Theme::light()));
            let layout = result.unwrap_or_else(|e| panic!("{name} {w}: {e:?}"));
            assert_eq!(layout.layers, cfg.steps, "{name}: one column per step");
            let words = texts(&svg).join(" ");
            assert!(
                words.contains("Hidden state") && words.contains("step"),
                "{name}: {words}"
            );
            assert!(
                words.contains("share of the step's units"),
                "{name}: {words}"
            );
            save_sample(&format!("hidden-states-{name}-{w}"), &svg);
        }
        let summary = HiddenStates.summary(&sp);
        assert!(
            summary.contains(&format!("at step {}", cfg.steps)),
            "{summary}"
        );
        assert_eq!(
            summary.contains("saturated"),
            cfg.cell == Cell::RnnTanh,
            "{summary}"
        );
        // 1.2^50 ≈ 9 000: out of the window [−4, 4]; 3^200 overflows float32: named.
        assert_eq!(
            summary.contains("outside the window"),
            name == "linear-growing",
            "{summary}"
        );
        assert_eq!(
            summary.contains("inf/NaN"),
            name == "linear-exploding",
            "{summary}"
        );
    }
}
