//! SVG snapshots of every chart for every float32 preset, plus overflow, dark and cramped
//! cases (the precision lens's presets and charts: tests/charts_precision.rs).
//!
//! A regression guard, not a correctness check: the snapshots were taken from the charts as
//! they were before a refactor, so any change to a single byte of output fails here. When a
//! change to the drawing is intended, look at the new pictures, then rewrite the snapshots with
//! `GFE_UPDATE_SNAPSHOTS=1 cargo test --test charts_snapshots` and commit them with the change.
//! On a mismatch the new SVG is written to target/chart-samples/snapshots/ for comparison.

mod charts_support;

use std::path::{Path, PathBuf};

use charts_support::*;
use gradient_flow_explorer::charts::{
    activation_summary, draw_activation_chart, draw_function_plot, draw_gradient_chart,
    draw_gradient_chart_with_theory, draw_layer_histogram, gradient_summary, GradientChartData,
    Theme, TheoryOverlay,
};
use gradient_flow_explorer::page::presets::PRESETS;
use gradient_flow_explorer::sim::{
    simulate, simulate_seeds, Activation, Config, MlpNet, Report, SeedSpread,
};
use gradient_flow_explorer::words::metric::Metric;

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/svg")
}

fn updating() -> bool {
    std::env::var_os("GFE_UPDATE_SNAPSHOTS").is_some_and(|v| v == "1")
}

/// Compares every (name, text) against tests/fixtures/svg/<name>; collects all mismatches
/// before failing so one run names every chart that changed.
fn check_all(cases: Vec<(String, String)>) {
    let dir = fixture_dir();
    let mut failures = Vec::new();
    for (name, actual) in &cases {
        let path = dir.join(name);
        if updating() {
            std::fs::create_dir_all(&dir).expect("create tests/fixtures/svg");
            std::fs::write(&path, actual).expect("write snapshot");
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(expected) if expected == *actual => {}
            Ok(_) => failures.push(format!("{name}: differs")),
            Err(e) => failures.push(format!("{name}: no snapshot ({e})")),
        }
        if failures
            .last()
            .is_some_and(|f| f.starts_with(name.as_str()))
        {
            let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/chart-samples/snapshots");
            std::fs::create_dir_all(&out).expect("create snapshot output dir");
            std::fs::write(out.join(name), actual).expect("write new output");
        }
    }
    assert!(!cases.is_empty(), "no snapshot cases");
    assert!(
        failures.is_empty(),
        "{} of {} snapshots differ (new output in target/chart-samples/snapshots/; \
         GFE_UPDATE_SNAPSHOTS=1 rewrites them if the change is intended):\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

fn preset_report(config: &Config) -> Report {
    simulate(config).expect("preset configs are valid")
}

fn preset_spread(config: &Config) -> SeedSpread {
    simulate_seeds(config, 3).expect("preset configs are valid")
}

fn gradient_svg(
    report: &Report,
    metric: Metric,
    spread: Option<&SeedSpread>,
    theme: &Theme,
    (w, h): (u32, u32),
) -> String {
    let data = GradientChartData::from_report(report, metric, spread);
    let (svg, r) = render_svg(w, h, |a| draw_gradient_chart(a, &data, theme));
    r.expect("gradient chart draws");
    svg
}

fn activation_svg(report: &Report, theme: &Theme, (w, h): (u32, u32)) -> String {
    let (svg, r) = render_svg(w, h, |a| draw_activation_chart(a, report, theme));
    r.expect("activation chart draws");
    svg
}

fn histogram_svg(report: &Report, layer: usize, theme: &Theme) -> String {
    let (svg, r) = render_svg(240, 140, |a| {
        draw_layer_histogram(a, &report.layers[layer - 1], theme)
    });
    r.expect("histogram draws");
    svg
}

/// A report of the exploding preset made deep enough for float32 to overflow.
fn overflowing_config() -> Config {
    let exploding =
        gradient_flow_explorer::page::presets::find("exploding-random").expect("preset");
    Config {
        net: MlpNet {
            depth: 40,
            ..exploding.apply(&Config::default()).net
        },
        ..exploding.apply(&Config::default())
    }
}

#[test]
fn gradient_chart_snapshots() {
    let (light, dark) = (Theme::light(), Theme::dark());
    let mut cases = Vec::new();
    for p in PRESETS.iter().filter(|p| p.mixed.is_float32()) {
        let config = p.apply(&Config::default());
        let report = preset_report(&config);
        let spread = preset_spread(&config);
        for metric in [Metric::Signal, Metric::Weight] {
            let m = format!("{metric:?}").to_lowercase();
            let svg = gradient_svg(&report, metric, None, &light, (640, 360));
            cases.push((format!("gradient-{m}-{}.svg", p.id), svg));
            let svg = gradient_svg(&report, metric, Some(&spread), &dark, (640, 360));
            cases.push((format!("gradient-{m}-band-dark-{}.svg", p.id), svg));
        }
    }
    // Overflow: hand-built (inf, NaN and an exact zero) and a real one; wide and cramped.
    let hand = overflow_report();
    for (size, tag) in [((640, 360), "wide"), ((240, 180), "narrow")] {
        let svg = gradient_svg(&hand, Metric::Signal, None, &light, size);
        cases.push((format!("gradient-overflow-hand-{tag}.svg"), svg));
    }
    let real = preset_report(&overflowing_config());
    let svg = gradient_svg(&real, Metric::Signal, None, &light, (640, 360));
    cases.push(("gradient-overflow-depth40.svg".to_string(), svg));
    let deep = vanishing_report(200, 0.6);
    let svg = gradient_svg(&deep, Metric::Signal, None, &light, (320, 240));
    cases.push(("gradient-200-layers-small.svg".to_string(), svg));
    check_all(cases);
}

/// The mean-field overlay: a line (sigmoid, ReLU + He, a dark and a narrow one), and the
/// legend's reason where there is none (residual + layer norm; the weight gradient).
#[test]
fn gradient_theory_snapshots() {
    let (light, dark) = (Theme::light(), Theme::dark());
    let mut cases = Vec::new();
    let cases_for = [
        ("vanishing-sigmoid", Metric::Signal, &light, (640, 360)),
        ("healthy-relu-he", Metric::Signal, &light, (640, 360)),
        ("exploding-random", Metric::Signal, &dark, (640, 360)),
        ("saturated-sigmoid", Metric::Signal, &light, (320, 240)),
        (
            "scaled-residual-layernorm",
            Metric::Signal,
            &light,
            (640, 360),
        ),
        ("vanishing-sigmoid", Metric::Weight, &light, (640, 360)),
    ];
    for (id, metric, theme, (w, h)) in cases_for {
        let preset = gradient_flow_explorer::page::presets::find(id).expect("preset");
        let report = preset_report(&preset.apply(&Config::default()));
        let data = GradientChartData::from_report(&report, metric, None);
        let overlay = TheoryOverlay::from_report(&report, metric);
        let (svg, r) = render_svg(w, h, |a| {
            draw_gradient_chart_with_theory(a, &data, Some(&overlay), theme)
        });
        r.expect("gradient chart with theory draws");
        let m = format!("{metric:?}").to_lowercase();
        let tag = if theme.dark { "-dark" } else { "" };
        cases.push((format!("gradient-theory-{m}{tag}-{w}-{id}.svg"), svg));
    }
    check_all(cases);
}

#[test]
fn activation_chart_snapshots() {
    let (light, dark) = (Theme::light(), Theme::dark());
    let mut cases = Vec::new();
    for p in PRESETS.iter().filter(|p| p.mixed.is_float32()) {
        let report = preset_report(&p.apply(&Config::default()));
        // Tall enough for the small multiples, and short (heatmap and strips only).
        let svg = activation_svg(&report, &light, (640, 520));
        cases.push((format!("activations-{}.svg", p.id), svg));
        let svg = activation_svg(&report, &dark, (480, 300));
        cases.push((format!("activations-short-dark-{}.svg", p.id), svg));
    }
    let hand = overflow_report();
    let svg = activation_svg(&hand, &light, (640, 520));
    cases.push(("activations-overflow-hand.svg".to_string(), svg));
    let real = preset_report(&overflowing_config());
    let svg = activation_svg(&real, &light, (640, 520));
    cases.push(("activations-overflow-depth40.svg".to_string(), svg));
    let deep = vanishing_report(200, 0.6);
    let svg = activation_svg(&deep, &light, (320, 240));
    cases.push(("activations-200-layers-small.svg".to_string(), svg));
    check_all(cases);
}

#[test]
fn layer_histogram_snapshots() {
    let theme = Theme::light();
    let mut cases = Vec::new();
    for p in PRESETS.iter().filter(|p| p.mixed.is_float32()) {
        let report = preset_report(&p.apply(&Config::default()));
        let n = report.layers.len();
        for layer in [1, n] {
            let svg = histogram_svg(&report, layer, &theme);
            cases.push((format!("histogram-layer{layer}-{}.svg", p.id), svg));
        }
    }
    let hand = overflow_report();
    cases.push((
        "histogram-overflow-hand.svg".to_string(),
        histogram_svg(&hand, 1, &theme),
    ));
    let real = preset_report(&overflowing_config());
    let n = real.layers.len();
    cases.push((
        "histogram-overflow-depth40.svg".to_string(),
        histogram_svg(&real, n, &theme),
    ));
    check_all(cases);
}

/// Every activation (the lessons' table draws one plot per activation, which covers every
/// preset's), with the ranges the page uses, light and dark.
#[test]
fn function_plot_snapshots() {
    let mut cases = Vec::new();
    for a in Activation::ALL {
        let (x, y) = match a {
            Activation::Sigmoid | Activation::Tanh => (-4.0..4.0, -1.2..1.2),
            _ => (-3.0..3.0, -2.0..3.0),
        };
        for (theme, tag) in [(Theme::light(), "light"), (Theme::dark(), "dark")] {
            let (svg, r) = render_svg(160, 100, |area| {
                draw_function_plot(
                    area,
                    |v| a.eval(v),
                    |v| a.derivative(v),
                    x.clone(),
                    y.clone(),
                    &theme,
                )
            });
            r.expect("function plot draws");
            cases.push((format!("function-{}-{tag}.svg", a.id()), svg));
        }
    }
    check_all(cases);
}

/// The charts' text alternatives, in one file per preset.
#[test]
fn summary_snapshots() {
    let mut cases = Vec::new();
    // The precision lens's presets: tests/charts_precision.rs, in their own format.
    let mut reports: Vec<(String, Report)> = PRESETS
        .iter()
        .filter(|p| p.mixed.is_float32())
        .map(|p| {
            (
                p.id.to_string(),
                preset_report(&p.apply(&Config::default())),
            )
        })
        .collect();
    reports.push(("overflow-hand".to_string(), overflow_report()));
    reports.push((
        "overflow-depth40".to_string(),
        preset_report(&overflowing_config()),
    ));
    for (id, report) in &reports {
        let text = format!(
            "{}\n{}\n{}\n",
            gradient_summary(report, Metric::Signal),
            gradient_summary(report, Metric::Weight),
            activation_summary(report)
        );
        cases.push((format!("summary-{id}.txt"), text));
    }
    check_all(cases);
}

/// The pinned comparison: a vanishing sigmoid network pinned, a deeper one live (the live
/// bars move to the right half of each slot, the pinned outline sits in the left half).
#[test]
fn pinned_gradient_chart_snapshot() {
    use gradient_flow_explorer::charts::PinnedProfile;
    use gradient_flow_explorer::export::svg::gradient_svg as export_gradient_svg;
    let pinned_cfg = gradient_flow_explorer::page::presets::find("vanishing-sigmoid")
        .expect("preset")
        .apply(&Config::default());
    let live_cfg = Config {
        net: MlpNet {
            depth: 25,
            ..pinned_cfg.net
        },
        ..pinned_cfg.clone()
    };
    let (pinned, live) = (preset_report(&pinned_cfg), preset_report(&live_cfg));
    let pin = PinnedProfile::new(&pinned, &live, Metric::Signal);
    let data = GradientChartData::from_report(&live, Metric::Signal, None);
    let mut cases = Vec::new();
    for (theme, tag) in [(Theme::light(), "light"), (Theme::dark(), "dark")] {
        let svg = export_gradient_svg(&data, Some(&pin), &theme, (640, 360)).expect("draws");
        cases.push((format!("gradient-pinned-{tag}.svg"), svg));
    }
    check_all(cases);
}
