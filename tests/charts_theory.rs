//! The mean-field overlay on the gradient chart: what it compares, where it is anchored, and
//! that it is drawn (dots on the layers' centres) only when there is something honest to draw.

mod charts_support;

use charts_support::*;
use gradient_flow_explorer::charts::{
    draw_gradient_chart, draw_gradient_chart_with_theory, GradientChartData, LayerChartLayout,
    Theme, TheoryOverlay,
};
use gradient_flow_explorer::page::presets::find;
use gradient_flow_explorer::sim::{simulate, Config, Report};
use gradient_flow_explorer::words::metric::Metric;

fn preset_report(id: &str) -> Report {
    let cfg = find(id).expect("preset").apply(&Config::default());
    simulate(&cfg).expect("valid")
}

fn render(report: &Report, theory: Option<&TheoryOverlay>) -> (String, LayerChartLayout) {
    let data = GradientChartData::from_report(report, Metric::Signal, None);
    let (svg, layout) = render_svg(640, 360, |area| {
        draw_gradient_chart_with_theory(area, &data, theory, &Theme::light())
    });
    (svg, layout.expect("chart draws"))
}

/// (cx, cy) of every `<circle>` in the SVG.
fn circles(svg: &str) -> Vec<(i32, i32)> {
    svg.split("<circle")
        .skip(1)
        .filter_map(|c| {
            let attr = |name: &str| -> Option<i32> {
                let start = c.find(&format!("{name}=\""))? + name.len() + 2;
                c[start..].split('"').next()?.parse().ok()
            };
            Some((attr("cx")?, attr("cy")?))
        })
        .collect()
}

#[test]
fn the_line_is_anchored_at_the_output_layer_and_follows_the_sigmoid_run() {
    let report = preset_report("vanishing-sigmoid");
    let TheoryOverlay::Line(logs) = TheoryOverlay::from_report(&report, Metric::Signal) else {
        panic!("the plain sigmoid network has a prediction");
    };
    assert_eq!(logs.len(), report.layers.len());
    let last = report
        .layers
        .last()
        .expect("layers")
        .signal_grad_norm
        .log10();
    assert!((logs[logs.len() - 1] - last).abs() < 1e-12);
    // Here the theory holds (a claim the lessons make): layer 1 within 0.2 decades of the run.
    let first = report.layers[0].signal_grad_norm.log10();
    assert!(
        (logs[0] - first).abs() < 0.2,
        "theory {} sim {first}",
        logs[0]
    );
}

#[test]
fn a_dot_sits_on_every_layer_centre_and_only_with_the_toggle() {
    let report = preset_report("vanishing-sigmoid");
    let overlay = TheoryOverlay::from_report(&report, Metric::Signal);
    let (svg, layout) = render(&report, Some(&overlay));
    let dots = circles(&svg);
    for layer in 1..=layout.layers {
        let cx = layout.center_x(layer).expect("layer drawn");
        assert!(
            dots.iter().any(|d| d.0 == cx),
            "no dot over layer {layer} at x {cx}"
        );
    }
    assert!(svg.contains("mean-field prediction (anchored at layer L)"));
    let data = GradientChartData::from_report(&report, Metric::Signal, None);
    let (plain, _) = render_svg(640, 360, |a| draw_gradient_chart(a, &data, &Theme::light()));
    assert!(circles(&plain).is_empty());
    let (off, _) = render(&report, None);
    assert_eq!(off, plain, "no overlay: the chart is unchanged");
}

#[test]
fn no_line_where_the_theory_has_nothing_to_say() {
    let report = preset_report("scaled-residual-layernorm");
    let overlay = TheoryOverlay::from_report(&report, Metric::Signal);
    assert!(
        matches!(&overlay, TheoryOverlay::Absent(why) if why.contains("no mean-field prediction for scaled residual")),
        "{overlay:?}"
    );
    let (svg, _) = render(&report, Some(&overlay));
    assert!(circles(&svg).is_empty());
    assert!(
        svg.contains("no mean-field prediction"),
        "the legend says so"
    );
    // Over the weight gradient the prediction (for ∂L/∂z) is not drawn either.
    let sigmoid = preset_report("vanishing-sigmoid");
    let overlay = TheoryOverlay::from_report(&sigmoid, Metric::Weight);
    assert!(
        matches!(&overlay, TheoryOverlay::Absent(why) if why.contains("∂L/∂z")),
        "{overlay:?}"
    );
    // An overflowed output layer gives no anchor.
    let overflow = overflow_report();
    let overlay = TheoryOverlay::from_report(&overflow, Metric::Signal);
    assert!(matches!(overlay, TheoryOverlay::Absent(_)), "{overlay:?}");
}

#[test]
fn the_vanishing_marks_sit_above_the_theory_dots_not_on_them() {
    let report = preset_report("vanishing-sigmoid");
    let overlay = TheoryOverlay::from_report(&report, Metric::Signal);
    let (svg, layout) = render(&report, Some(&overlay));
    let dots = circles(&svg);
    let marks: Vec<PlacedText> = placed_texts(&svg)
        .into_iter()
        .filter(|t| t.text == "↓")
        .collect();
    assert!(marks.len() >= 5, "{marks:?}");
    for m in &marks {
        // The mark's text box runs from y (its top) down about one font size.
        let foot = f64::from(m.y) + m.size;
        let bar = layout
            .bars
            .iter()
            .position(|b| b.left <= m.x && m.x <= b.right);
        let centre = bar
            .and_then(|i| layout.center_x(i + 1))
            .expect("over a bar");
        let dot = dots
            .iter()
            .find(|d| d.0 == centre)
            .expect("a dot on the layer");
        assert!(
            foot <= f64::from(dot.1 - 4) + 1.0,
            "{m:?} runs into the dot at {dot:?}"
        );
    }
}
