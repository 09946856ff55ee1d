//! The training charts (loss, decision boundary, gradient heatmap, update ratio) and their text
//! alternatives, on histories of really trained networks; plus SVG snapshots of each
//! (`GFE_UPDATE_SNAPSHOTS=1 cargo test --test charts_training` rewrites them after a deliberate
//! change; a mismatch writes the new SVG to target/chart-samples/snapshots/).

mod charts_support;

use std::path::Path;

use charts_support::runs::{
    base, blowing_up, boundary_data, healthy, svg_of, train, vanishing, Run,
};
use charts_support::{hex, placed_texts, save_sample, texts, PlacedText};
use gradient_flow_explorer::charts::kit::scale::DecadeRange;
use gradient_flow_explorer::charts::kit::theme::luminance;
use gradient_flow_explorer::charts::training::boundary_chart::probability_color;
use gradient_flow_explorer::charts::training::grad_heatmap::{cold_layers, gradient_color};
use gradient_flow_explorer::charts::training::update_ratio_chart::recent_median_ratios;
use gradient_flow_explorer::charts::{
    boundary_summary, grad_heatmap_summary, loss_summary, update_ratio_summary, Theme,
};
use gradient_flow_explorer::sim::{Activation, Init, MlpNet};
use gradient_flow_explorer::train::{boundary_grid, TrainConfig, TrainHistory, Trainer};

#[test]
fn a_vanishing_runs_heatmap_says_the_first_layers_stay_cold_and_a_healthy_ones_does_not() {
    let v = vanishing();
    let cold = cold_layers(&v.history);
    assert!(cold.contains(&1), "{cold:?}");
    assert!(!cold.contains(&8), "the output side is warm: {cold:?}");
    let text = grad_heatmap_summary(&v.history);
    assert!(
        text.contains("stay cold") && text.contains("layers 1"),
        "{text}"
    );
    let h = healthy();
    assert_eq!(cold_layers(&h.history), Vec::<usize>::new());
    let text = grad_heatmap_summary(&h.history);
    assert!(text.contains("no layer stays cold"), "{text}");
}

#[test]
fn a_vanishing_runs_first_layer_barely_moves_and_a_healthy_runs_moves_near_the_guide() {
    let v = vanishing();
    let med = recent_median_ratios(&v.history);
    assert!(med[0] < 1e-5, "layer 1 of the sigmoid network: {}", med[0]);
    let text = update_ratio_summary(&v.history);
    assert!(
        text.contains("barely move") && text.contains("layer"),
        "{text}"
    );
    let h = healthy();
    let med = recent_median_ratios(&h.history);
    assert!(med.iter().all(|&r| r > 1e-5), "{med:?}");
    assert!(!update_ratio_summary(&h.history).contains("barely move"));
    let svg = svg_of(&h, "ratio", &Theme::light());
    assert!(
        texts(&svg)
            .iter()
            .any(|t| t.starts_with("10⁻³: rule-of-thumb")),
        "no guide label"
    );
}

#[test]
fn an_overflowing_run_is_labelled_at_its_first_nonfinite_step_on_every_chart_and_text() {
    let run = blowing_up(None);
    let nf = run
        .history
        .first_nonfinite
        .expect("random-normal ReLU overflows in 120 steps");
    let label = format!("step {}: overflow (inf/NaN)", nf.step);
    let theme = Theme::light();
    for chart in ["loss", "heatmap", "ratio"] {
        let svg = svg_of(&run, chart, &theme);
        assert!(texts(&svg).contains(&label), "{chart} lacks '{label}'");
    }
    let heat = svg_of(&run, "heatmap", &theme);
    assert!(
        heat.contains(&format!("fill=\"{}\"", hex(theme.overflow))),
        "no overflow cells"
    );
    assert!(
        texts(&heat).iter().any(|t| t == "overflow (inf/NaN)"),
        "legend says nothing"
    );
    for text in [
        loss_summary(&run.history),
        grad_heatmap_summary(&run.history),
    ] {
        assert!(text.contains(&label), "{text}");
    }
    // With clipping the same network stays finite: no label, no overflow colour.
    let clipped = blowing_up(Some(1.0));
    assert_eq!(clipped.history.first_nonfinite, None);
    let heat = svg_of(&clipped, "heatmap", &theme);
    assert!(!heat.contains(&format!("fill=\"{}\"", hex(theme.overflow))));
    assert!(!loss_summary(&clipped.history).contains("overflow"));
}

#[test]
fn the_boundary_of_a_trained_network_puts_its_points_on_their_side_with_two_marker_shapes() {
    let h = healthy();
    let grid = boundary_grid(&h.trainer, 40);
    let text = boundary_summary(&boundary_data(&h, &grid));
    let share: f64 = text
        .split(": ")
        .nth(1)
        .and_then(|s| s.split('%').next())
        .and_then(|s| s.parse().ok())
        .expect("a share in the text");
    assert!(share >= 85.0, "{text}");
    let untrained = Run {
        trainer: Trainer::new(h.trainer.config()).expect("valid"),
        history: TrainHistory::new(4),
    };
    let grid0 = boundary_grid(&untrained.trainer, 40);
    assert_ne!(boundary_summary(&boundary_data(&untrained, &grid0)), text);
    let svg = svg_of(&h, "boundary", &Theme::light());
    let class0 = h.trainer.train_set().y.iter().filter(|&&c| c == 0).count();
    // Each class-0 point is a filled circle plus its outline; one more pair in the legend.
    assert_eq!(svg.matches("<circle").count(), 2 * (class0 + 1));
    assert_eq!(svg.matches("<polygon").count(), 256 - class0 + 1);
}

#[test]
fn colours_are_ordered_and_nonfinite_values_get_none() {
    let theme = Theme::light();
    assert_eq!(probability_color(f64::NAN, &theme), None);
    let (c0, c1) = (
        probability_color(0.0, &theme),
        probability_color(1.0, &theme),
    );
    assert!(c0.is_some() && c1.is_some() && c0 != c1);
    // The bands next to 0.5 are close to the background, the ends far from it.
    let near = probability_color(0.52, &theme)
        .map(luminance)
        .unwrap_or(0.0);
    let far = c1.map(luminance).unwrap_or(1.0);
    assert!(near > far, "{near} vs {far}");
    let range = DecadeRange { lo: -8, hi: 0 };
    let lum: Vec<f64> = (-8..=0)
        .map(|k| gradient_color(10f64.powi(k), range).map_or(-1.0, luminance))
        .collect();
    assert!(
        lum.windows(2).all(|w| w[0] <= w[1]),
        "viridis is not monotone: {lum:?}"
    );
    assert_eq!(gradient_color(f64::INFINITY, range), None);
    assert_eq!(gradient_color(f64::NAN, range), None);
    assert_eq!(gradient_color(0.0, range), gradient_color(1e-30, range));
}

#[test]
fn charts_of_an_empty_history_draw_and_say_so() {
    let t = Trainer::new(&base()).expect("valid");
    let run = Run {
        history: TrainHistory::new(base().net.depth),
        trainer: t,
    };
    for chart in ["loss", "heatmap", "ratio", "boundary"] {
        svg_of(&run, chart, &Theme::dark());
    }
    assert!(loss_summary(&run.history).contains("not measured yet"));
    assert!(grad_heatmap_summary(&run.history).contains("no steps yet"));
    assert!(update_ratio_summary(&run.history).contains("no steps yet"));
}

/// Snapshots of the four charts for three runs (light) and one (dark).
#[test]
fn training_chart_snapshots() {
    let runs = [
        ("healthy", healthy()),
        ("vanishing", vanishing()),
        ("overflow", blowing_up(None)),
    ];
    let mut cases = Vec::new();
    for (name, run) in &runs {
        for chart in ["loss", "heatmap", "ratio", "boundary"] {
            cases.push((
                format!("train-{chart}-{name}.svg"),
                svg_of(run, chart, &Theme::light()),
            ));
        }
    }
    for chart in ["loss", "heatmap", "ratio", "boundary"] {
        cases.push((
            format!("train-{chart}-healthy-dark.svg"),
            svg_of(&runs[0].1, chart, &Theme::dark()),
        ));
    }
    check_snapshots(cases);
}

fn check_snapshots(cases: Vec<(String, String)>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("tests/fixtures/svg");
    let updating = std::env::var_os("GFE_UPDATE_SNAPSHOTS").is_some_and(|v| v == "1");
    let mut failures = Vec::new();
    for (name, svg) in &cases {
        if updating {
            std::fs::write(dir.join(name), svg).expect("write snapshot");
            continue;
        }
        if std::fs::read_to_string(dir.join(name)).ok().as_deref() != Some(svg.as_str()) {
            let out = root.join("target/chart-samples/snapshots");
            std::fs::create_dir_all(&out).expect("create output dir");
            std::fs::write(out.join(name), svg).expect("write new output");
            failures.push(name.clone());
        }
    }
    assert!(
        failures.is_empty(),
        "snapshots differ or are missing: {failures:?}"
    );
}

#[test]
fn a_long_deep_runs_heatmap_stays_a_bounded_number_of_cells() {
    let cfg = TrainConfig {
        net: MlpNet {
            activation: Activation::Tanh,
            init: Init::XavierNormal,
            depth: 40,
            width: 8,
            ..base().net
        },
        ..base()
    };
    let run = train(cfg, 900);
    let svg = svg_of(&run, "heatmap", &Theme::light());
    let cells = svg.matches("<rect").count();
    // 40 layers × at most 240 columns, plus the colour bar's 96 slices and the background.
    assert!(cells <= 40 * 240 + 100, "{cells} rectangles");
    assert!(cells > 40, "{cells} rectangles: the layers are drawn");
}

/// The step axis's tick labels (centred under the plot, below everything else) and the
/// word "step" left of them.
fn step_axis_labels(svg: &str) -> (Vec<PlacedText>, PlacedText) {
    let all = placed_texts(svg);
    let word = all
        .iter()
        .find(|t| t.text == "step")
        .cloned()
        .expect("the word step");
    let ticks = all
        .into_iter()
        .filter(|t| t.anchor == "middle" && t.y == word.y)
        .collect();
    (ticks, word)
}

#[test]
fn a_run_of_0_1_or_2_steps_has_whole_step_ticks_clear_labels_and_singular_words() {
    for steps in [0usize, 1, 2] {
        let run = train(base(), steps);
        for chart in ["loss", "heatmap", "ratio"] {
            let svg = svg_of(&run, chart, &Theme::light());
            save_sample(&format!("train_{chart}_{steps}_steps"), &svg);
            let (ticks, word) = step_axis_labels(&svg);
            let labels: Vec<&str> = ticks.iter().map(|t| t.text.as_str()).collect();
            let want: Vec<String> = (0..=steps.max(1)).map(|s| s.to_string()).collect();
            assert_eq!(
                labels, want,
                "{chart} after {steps} steps: whole steps, once each"
            );
            // "step" ends left of the "0" under the plot's left edge (half a digit ≈ 0.3 em).
            let zero = &ticks[0];
            assert!(
                f64::from(word.x) + 2.0 <= f64::from(zero.x) - 0.3 * zero.size,
                "{chart}: \"step\" at {} runs into \"0\" at {}",
                word.x,
                zero.x
            );
        }
    }
    let one = train(base(), 1);
    assert!(loss_summary(&one.history).starts_with("Training run, 1 step:"));
    let heat = grad_heatmap_summary(&one.history);
    assert!(heat.contains("over 1 step,"), "{heat}");
    let ratio = update_ratio_summary(&one.history);
    assert!(ratio.contains("over 1 step (the last step)"), "{ratio}");
}

#[test]
fn the_update_ratio_charts_end_labels_do_not_overlap() {
    // After one step the first and last layers' ratios are close: their labels met.
    for steps in [1usize, 2, 800] {
        let run = if steps == 800 {
            healthy()
        } else {
            train(base(), steps)
        };
        let svg = svg_of(&run, "ratio", &Theme::light());
        let depth = run.history.depth.to_string();
        let ends: Vec<PlacedText> = placed_texts(&svg)
            .into_iter()
            .filter(|t| t.anchor == "start" && (t.text == "1" || t.text == depth))
            .filter(|t| t.x > 600)
            .collect();
        assert_eq!(ends.len(), 2, "{ends:?}");
        let gap = (ends[0].y - ends[1].y).abs();
        assert!(
            f64::from(gap) >= ends[0].size,
            "after {steps} steps: labels {ends:?} overlap"
        );
    }
}

#[test]
fn the_loss_table_lists_every_step_of_a_short_run_and_samples_a_long_one() {
    use gradient_flow_explorer::charts::training::loss_table::{
        loss_table, MAX_ROWS, NOT_MEASURED,
    };
    use gradient_flow_explorer::words::format::format_value_ascii;

    let short = train(base(), 12);
    let t = loss_table(&short.history, MAX_ROWS);
    let kept: Vec<usize> = short.history.steps.series().map(|c| c.step).collect();
    let steps: Vec<usize> = t.rows.iter().map(|r| r.0).collect();
    assert!(
        kept.iter().all(|s| steps.contains(s)),
        "{steps:?} / {kept:?}"
    );
    assert!(steps.contains(&0) && steps.windows(2).all(|w| w[0] < w[1]));
    assert!(t.caption.contains("every step kept"), "{}", t.caption);
    assert_eq!(t.headers.len(), 5);
    for c in short.history.steps.series() {
        let row = t.rows.iter().find(|r| r.0 == c.step).expect("row");
        assert_eq!(row.1[0], format_value_ascii(c.loss), "step {}", c.step);
    }
    // Measured at 0 and 10 only: the other rows say so instead of inventing a number.
    let at = |s: usize| &t.rows.iter().find(|r| r.0 == s).expect("row").1;
    let m10 = short
        .history
        .measurements
        .series()
        .find(|m| m.step == 10)
        .expect("step 10");
    assert_eq!(at(10)[1], format_value_ascii(m10.loss));
    assert_eq!(at(5)[1], NOT_MEASURED);

    let long = healthy();
    let t = loss_table(&long.history, MAX_ROWS);
    assert!(
        t.rows.len() <= MAX_ROWS && t.rows.len() >= MAX_ROWS / 2,
        "{}",
        t.rows.len()
    );
    assert!(t.caption.contains("sampled"), "{}", t.caption);
    assert_eq!(t.rows.first().map(|r| r.0), Some(0));
    assert_eq!(t.rows.last().map(|r| r.0), Some(long.history.last_step));

    let blown = blowing_up(None);
    let nf = blown.history.first_nonfinite.expect("it overflows").step;
    let t = loss_table(&blown.history, 5);
    assert!(t.rows.len() <= 5);
    assert!(
        t.rows.iter().any(|r| r.0 == nf),
        "the overflow's step is a row"
    );
    // The next step's minibatch loss is computed at the overflowed parameters: no number (NaN),
    // shown as what it is.
    let next = t
        .rows
        .iter()
        .find(|r| r.0 == nf + 1)
        .expect("and the next step");
    assert_eq!(next.1[0], "NaN", "{next:?}");
}

#[test]
fn the_heatmap_names_the_weight_gradient_with_the_pages_symbol() {
    use gradient_flow_explorer::sim::diagnosis::JudgedGradient;
    // The symbol the status card's "judged on the weight gradient …" line uses: ‖…‖.
    let words = JudgedGradient::Weight.description();
    let start = words.find('‖').expect("a norm in the description");
    let len = words[start + '‖'.len_utf8()..]
        .find('‖')
        .expect("the norm closes");
    let symbol = &words[start..start + 2 * '‖'.len_utf8() + len];
    let run = train(base(), 3);
    let svg = svg_of(&run, "heatmap", &Theme::light());
    let all = texts(&svg);
    assert!(
        all.iter().any(|t| t.starts_with(&format!("{symbol}: "))),
        "no colour-bar label with {symbol}: {all:?}"
    );
    assert!(all.iter().all(|t| !t.contains("∂Loss")), "{all:?}");
    assert!(grad_heatmap_summary(&run.history).contains(symbol));
}
