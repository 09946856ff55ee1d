//! The precision lens's charts: the stacked shares per layer (`precision`) and the format's
//! limits on the gradient chart (`format_bands`), on the float16 presets' real reports. What
//! they draw is checked (bar heights follow the shares, the scaled bars sit in the bands the
//! fractions say), then kept as SVG snapshots (`GFE_UPDATE_SNAPSHOTS=1` rewrites them).

mod charts_support;

use std::path::{Path, PathBuf};

use charts_support::*;
use gradient_flow_explorer::charts::explorer::format_bands::FormatBands;
use gradient_flow_explorer::charts::explorer::gradient::{draw_gradient_chart_overlaid, Overlays};
use gradient_flow_explorer::charts::explorer::precision::{
    draw_precision_chart, precision_summary, PrecisionChartData,
};
use gradient_flow_explorer::charts::{GradientChartData, Theme};
use gradient_flow_explorer::page::presets::find;
use gradient_flow_explorer::sim::mixed::{simulate_mixed, LossScale, MixedPrecision};
use gradient_flow_explorer::sim::numeric::Precision;
use gradient_flow_explorer::sim::{simulate, Config, Report};
use gradient_flow_explorer::words::metric::Metric;

fn preset_report(id: &str) -> Report {
    let p = find(id).expect("preset");
    simulate_mixed(&p.apply(&Config::default()), &p.mixed).expect("valid preset")
}

fn precision_svg(r: &Report, theme: &Theme, (w, h): (u32, u32)) -> String {
    let data = PrecisionChartData::from_report(r).expect("a mixed-precision report");
    let (svg, drawn) = render_svg(w, h, |a| draw_precision_chart(a, &data, theme));
    drawn.expect("precision chart draws");
    svg
}

fn banded_svg(r: &Report, theme: &Theme) -> String {
    let bands = FormatBands::from_report(r, Metric::Signal).expect("bands");
    let mut data = GradientChartData::from_report(r, Metric::Signal, None);
    data.values = bands.scaled(&data.values);
    data.metric_label = bands.label.as_str();
    let overlays = Overlays {
        bands: Some(&bands),
        ..Overlays::default()
    };
    let (svg, drawn) = render_svg(640, 380, |a| {
        draw_gradient_chart_overlaid(a, &data, overlays, theme)
    });
    drawn.expect("gradient chart draws");
    svg
}

#[test]
fn the_bars_stack_the_shares_and_lost_layers_are_the_lost_colour() {
    let theme = Theme::light();
    let r = preset_report("float16-underflow");
    let data = PrecisionChartData::from_report(&r).expect("float16");
    let (svg, layout) = render_svg(640, 320, |a| draw_precision_chart(a, &data, &theme));
    let layout = layout.expect("draws");
    assert_eq!(layout.bars.len(), 12);
    let plot_h = layout.plot_bottom - layout.plot_top;
    for bar in &layout.bars {
        // Every layer's shares add up to 1: each bar spans the plot's height (±1 px).
        assert!((bar.bottom - bar.top - plot_h).abs() <= 1, "{bar:?}");
    }
    // Layers 1–5 lost every entry: their whole bar is the "lost" colour.
    let lost = hex(theme.vanishing);
    let full_lost = rects(&svg)
        .iter()
        .filter(|(_, _, _, h, fill, _)| *fill == lost && (h - plot_h).abs() <= 1)
        .count();
    assert_eq!(full_lost, 5, "{svg}");
    assert!(precision_summary(&r).contains("Layers 1–5 lost 100 %"));
}

#[test]
fn the_bands_put_each_layer_where_its_fractions_say() {
    let none = preset_report("float16-underflow");
    let dynamic = preset_report("float16-dynamic-scale");
    let sentence = |r: &Report| {
        let b = FormatBands::from_report(r, Metric::Signal).expect("bands");
        let values: Vec<f64> = r.layers.iter().map(|l| l.signal_grad_norm).collect();
        b.sentence(&b.scaled(&values))
    };
    // Without a scale layers 1–5 are exact zeros and layer 6 lost most entries: under the
    // floor; layers 7–11 hold mostly subnormal entries, layer 12 mostly normal ones.
    let s = sentence(&none);
    assert!(s.contains("Layers 1–6 below the underflow floor"), "{s}");
    assert!(s.ends_with("Layers 7–11 in the subnormal band."), "{s}");
    let f = |l: usize| none.layers[l - 1].grad_fractions.expect("fractions");
    assert!(f(6).lost > 0.5, "{:?}", f(6));
    assert!((7..=11).all(|l| f(l).subnormal > 0.5));
    assert!(f(12).normal > 0.5);
    // With S = 2^16 nothing is under the floor; layers 1–3 (mostly subnormal entries) lie in
    // the subnormal band, layer 4 (42 % normal) above it.
    let s = sentence(&dynamic);
    assert!(s.contains("(S = 2^16)"), "{s}");
    assert!(!s.contains("underflow floor"), "{s}");
    assert!(s.contains("Layers 1–3 in the subnormal band"), "{s}");
    let subnormal = |l: usize| dynamic.layers[l - 1].grad_fractions.map(|f| f.subnormal);
    assert!(
        (1..=3).all(|l| subnormal(l) > Some(0.5)),
        "{:?}",
        (1..=4).map(subnormal).collect::<Vec<_>>()
    );
    assert!(subnormal(4) < Some(0.7), "{:?}", subnormal(4));
    // No bands on the weight gradient, nor in float32.
    assert_eq!(FormatBands::from_report(&dynamic, Metric::Weight), None);
    let float32 = simulate(&dynamic.config).expect("valid");
    assert_eq!(FormatBands::from_report(&float32, Metric::Signal), None);
    assert_eq!(PrecisionChartData::from_report(&float32), None);
}

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/svg")
}

#[test]
fn precision_chart_snapshots() {
    let (light, dark) = (Theme::light(), Theme::dark());
    let none = preset_report("float16-underflow");
    let dynamic = preset_report("float16-dynamic-scale");
    let p = find("float16-underflow").expect("preset");
    let bf16 = MixedPrecision {
        precision: Precision::BFloat16,
        loss_scale: LossScale::None,
    };
    let bfloat16 = simulate_mixed(&p.apply(&Config::default()), &bf16).expect("valid");
    let cases = [
        (
            "precision-float16-none.svg",
            precision_svg(&none, &light, (640, 320)),
        ),
        (
            "precision-float16-dynamic-dark.svg",
            precision_svg(&dynamic, &dark, (640, 320)),
        ),
        (
            "precision-bfloat16-narrow.svg",
            precision_svg(&bfloat16, &light, (300, 260)),
        ),
        ("gradient-bands-float16-none.svg", banded_svg(&none, &light)),
        (
            "gradient-bands-float16-dynamic.svg",
            banded_svg(&dynamic, &light),
        ),
        (
            "gradient-bands-bfloat16-dark.svg",
            banded_svg(&bfloat16, &dark),
        ),
    ];
    let update = std::env::var_os("GFE_UPDATE_SNAPSHOTS").is_some_and(|v| v == "1");
    let mut differ = Vec::new();
    for (name, svg) in &cases {
        save_sample(name.trim_end_matches(".svg"), svg);
        let path = fixture_dir().join(name);
        if update {
            std::fs::write(&path, svg).expect("write snapshot");
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(svg.as_str()) {
            differ.push(*name);
        }
    }
    assert!(
        differ.is_empty(),
        "snapshots differ (new output in target/chart-samples/): {differ:?}"
    );
}
