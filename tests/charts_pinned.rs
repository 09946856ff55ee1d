//! The pinned comparison on the gradient chart: outlined bars for the pinned profile beside
//! the live bars, both networks named, the axis covering both, and no change without a pin.

mod charts_support;

use charts_support::*;
use gradient_flow_explorer::charts::{
    draw_gradient_chart, draw_gradient_chart_pinned, GradientChartData, LayerChartLayout,
    PinnedProfile, Theme,
};
use gradient_flow_explorer::sim::mixed::{LossScale, MixedPrecision};
use gradient_flow_explorer::sim::numeric::Precision;
use gradient_flow_explorer::sim::{Activation, Config, Init, MlpNet, Report, Simulator};
use gradient_flow_explorer::words::metric::Metric;

fn pinned_svg(live: &Report, pin: &PinnedProfile) -> (String, LayerChartLayout) {
    let data = GradientChartData::from_report(live, Metric::Signal, None);
    let (svg, layout) = render_svg(640, 360, |a| {
        draw_gradient_chart_pinned(a, &data, Some(pin), &Theme::light())
    });
    (svg, layout.expect("draws"))
}

/// Outlined rectangles (no fill) inside the plot: the pinned bars.
fn outlines(svg: &str, layout: &LayerChartLayout) -> Vec<(i32, i32, i32, i32)> {
    rects(svg)
        .into_iter()
        .filter(|r| r.4 == "none" && r.1 >= layout.plot_top)
        .map(|(x, y, w, h, _, _)| (x, y, w, h))
        .collect()
}

#[test]
fn each_pinned_layer_is_an_outline_left_of_its_live_bar() {
    let live = vanishing_report(12, 0.5);
    let pinned = vanishing_report(12, 1.0);
    let pin = PinnedProfile::new(&pinned, &live, Metric::Signal);
    let (svg, layout) = pinned_svg(&live, &pin);
    let boxes = outlines(&svg, &layout);
    assert_eq!(boxes.len(), 12, "{boxes:?}");
    for (i, ((x, y, w, _), bar)) in boxes.iter().zip(&layout.bars).enumerate() {
        assert!(
            x + w <= bar.left,
            "layer {}: outline left of the bar",
            i + 1
        );
        let (slot_l, _) = layout.slot(i + 1).expect("a slot");
        assert!(*x >= slot_l, "layer {}: inside its slot", i + 1);
        // The pinned network vanishes faster: its outline is lower towards the input.
        if i < 11 {
            assert!(*y > bar.top, "layer {}: pinned is smaller", i + 1);
        }
    }
}

#[test]
fn the_legend_names_both_networks_and_a_deeper_pin_widens_the_axis() {
    let live = vanishing_report(10, 0.5);
    let mut pinned = vanishing_report(25, 0.5);
    pinned.config = Config {
        net: MlpNet {
            depth: 25,
            ..live.config.net
        },
        ..live.config.clone()
    };
    let pin = PinnedProfile::new(&pinned, &live, Metric::Signal);
    let (svg, layout) = pinned_svg(&live, &pin);
    assert_eq!(layout.layers, 25, "room for the deeper pinned network");
    assert_eq!(
        layout.bars.len(),
        10,
        "live bars only where the live network has layers"
    );
    let text = texts(&svg).join(" | ");
    assert!(text.contains(&format!("live {}", pin.live_name)), "{text}");
    assert!(
        text.contains(&format!("pinned {}", pin.pinned_name)),
        "{text}"
    );
    assert!(pin.pinned_name.contains("L25") && pin.live_name.contains("L10"));
    assert_eq!(outlines(&svg, &layout).len(), 25);
}

#[test]
fn without_a_pin_the_chart_is_unchanged() {
    let live = vanishing_report(12, 0.5);
    let data = GradientChartData::from_report(&live, Metric::Signal, None);
    let theme = Theme::light();
    let (plain, _) = render_svg(640, 360, |a| draw_gradient_chart(a, &data, &theme));
    let (none, _) = render_svg(640, 360, |a| {
        draw_gradient_chart_pinned(a, &data, None, &theme)
    });
    assert_eq!(plain, none);
}

#[test]
fn a_pin_in_float16_is_named_in_its_format_and_held_at_its_scale() {
    let cfg = Config {
        net: MlpNet {
            activation: Activation::Sigmoid,
            init: Init::XavierNormal,
            depth: 12,
            width: 64,
            ..MlpNet::default()
        },
        ..Config::default()
    };
    let mixed = MixedPrecision {
        precision: Precision::Float16,
        loss_scale: LossScale::Dynamic,
    };
    let mut sim = Simulator::new();
    let pinned = sim.run_mixed(&cfg, &mixed).expect("runs");
    let live = sim.run(&cfg).expect("runs");
    assert_eq!(pinned.mixed_precision(), mixed);
    let pin = PinnedProfile::new(&pinned, &live, Metric::Signal);
    assert!(
        pin.pinned_name
            .ends_with("L12 × W64, float16, dynamic loss scale"),
        "{}",
        pin.pinned_name
    );
    assert!(pin.live_name.ends_with("L12 × W64"), "{}", pin.live_name);
    // Held as float16 holds it: S times the unscaled gradient, S the scale the pass reached.
    let s = 2f64.powi(pinned.mixed.expect("a mixed run").scale_log2);
    assert!(s > 1.0);
    let held = pin.clone().as_held();
    for (h, v) in held.values.iter().zip(&pin.values) {
        assert_eq!(*h, v * s);
    }
    let (svg, _) = pinned_svg(&live, &pin);
    assert!(texts(&svg)
        .join(" ")
        .contains("float16, dynamic loss scale"));
}
