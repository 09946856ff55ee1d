//! The activation heatmap rendered to SVG: a column per layer, overflow named, strips, ramp.

mod charts_support;

use charts_support::*;
use gradient_flow_explorer::charts::kit::colormap::{density_color, viridis};
use gradient_flow_explorer::charts::kit::theme::luminance;
use gradient_flow_explorer::charts::{draw_activation_chart, LayerChartLayout, Theme};
use gradient_flow_explorer::sim::{Activation, Report};

fn render(report: &Report, theme: &Theme, size: (u32, u32)) -> (String, LayerChartLayout) {
    let (svg, layout) = render_svg(size.0, size.1, |a| draw_activation_chart(a, report, theme));
    (svg, layout.expect("chart draws"))
}

/// Rects lying inside column `c` of the heatmap (x span within it, y within the plot).
fn rects_in_column(svg: &str, layout: &LayerChartLayout, c: usize) -> usize {
    let col = layout.bars[c];
    rects(svg)
        .iter()
        .filter(|r| {
            r.0 >= col.left
                && r.0 + r.2 <= col.right
                && r.1 >= layout.plot_top
                && r.1 + r.3 <= layout.plot_bottom
        })
        .count()
}

#[test]
fn every_layer_gets_a_column_at_1_15_100_200_layers() {
    for layers in [1usize, 15, 100, 200] {
        let report = vanishing_report(layers, 0.05);
        for (size, tag) in [((640, 300), "short"), ((640, 480), "tall")] {
            let (svg, layout) = render(&report, &Theme::light(), size);
            save_sample(&format!("activations_{layers}_{tag}"), &svg);
            assert_eq!(layout.bars.len(), layers);
            for c in 0..layers {
                assert!(
                    rects_in_column(&svg, &layout, c) >= 1,
                    "layer {} has no cells",
                    c + 1
                );
                assert_eq!(layout.layer_at(layout.bars[c].center_x()), Some(c + 1));
            }
            let t = texts(&svg);
            assert!(t.iter().any(|s| s.contains("Activation distribution")));
            assert!(
                t.iter().any(|s| s == "saturated"),
                "tanh has a saturated strip"
            );
            assert!(
                !t.iter().any(|s| s == "zero outputs"),
                "tanh has no zero-output strip"
            );
            assert!(t.iter().any(|s| s == &layers.to_string()), "layer L tick");
            assert!(!svg.contains("overflow"), "finite report shows no overflow");
            // Small multiples only when tall.
            let has_multiples = t.iter().any(|s| s.starts_with("layer 1 "));
            assert_eq!(has_multiples, tag == "tall", "{tag}: {t:?}");
        }
    }
}

#[test]
fn overflowing_layers_are_marked_columns_named_overflow() {
    let report = overflow_report(); // layers 1–4 all non-finite
    for (theme, name) in [(Theme::light(), "light"), (Theme::dark(), "dark")] {
        let (svg, layout) = render(&report, &theme, (640, 480));
        save_sample(&format!("activations_overflow_{name}"), &svg);
        let full = hex(theme.overflow);
        let plot_h = layout.plot_bottom - layout.plot_top;
        let marked = rects(&svg)
            .iter()
            .filter(|r| r.4 == full && r.3 == plot_h)
            .count();
        assert_eq!(marked, 4, "one full overflow column per non-finite layer");
        let t = texts(&svg);
        assert!(t.iter().any(|s| s == "overflow"), "{t:?}");
        assert!(t.iter().any(|s| s == "non-finite"), "non-finite strip row");
        // Outputs exactly 0, named as such: a zero output is not a dead unit.
        assert!(
            t.iter().any(|s| s == "zero outputs"),
            "relu has a zero-output strip"
        );
    }
}

#[test]
fn out_of_range_values_get_edge_rows() {
    let mut report = vanishing_report(10, 0.1);
    report.layers[3].histogram.overflow = 500;
    report.layers[5].histogram.underflow = 200;
    let (svg, _) = render(&report, &Theme::light(), (640, 300));
    let t = texts(&svg);
    assert!(t.iter().any(|s| s == "≥3"), "{t:?}");
    assert!(t.iter().any(|s| s == "<-3"), "{t:?}");
    // The edge rows' labels are not drawn over the range's own end ticks ("≥3" over "3").
    let left: Vec<PlacedText> = placed_texts(&svg)
        .into_iter()
        .filter(|p| p.anchor == "end")
        .collect();
    for edge in left.iter().filter(|p| p.text == "≥3" || p.text == "<-3") {
        for other in left.iter().filter(|p| p != &edge && p.x == edge.x) {
            assert!(
                f64::from((other.y - edge.y).abs()) >= 0.9 * edge.size,
                "{:?} overlaps {:?}",
                other.text,
                edge.text
            );
        }
    }
}

#[test]
fn degenerate_histograms_do_not_panic() {
    let mut report = vanishing_report(3, 0.1);
    report.layers[0].histogram.counts.clear();
    report.layers[1].histogram.lo = f32::NAN;
    report.layers[2].histogram.hi = report.layers[2].histogram.lo;
    for size in [(1, 1), (50, 40), (640, 480)] {
        let (_, layout) = render_svg(size.0, size.1, |a| {
            draw_activation_chart(a, &report, &Theme::dark())
        });
        assert!(layout.is_ok());
    }
    let empty = ReportBuilder::new(Activation::Relu).build();
    let (_, layout) = render_svg(300, 450, |a| {
        draw_activation_chart(a, &empty, &Theme::light())
    });
    assert_eq!(layout.expect("draws").layers, 0);
}

#[test]
fn ramp_is_monotonic_in_lightness_and_oriented_per_theme() {
    let mut prev = -1.0;
    for i in 0..=100 {
        let l = luminance(viridis(f64::from(i) / 100.0));
        assert!(l >= prev - 1e-9, "viridis lightness must rise (step {i})");
        prev = l;
    }
    // More = further from the background on both themes.
    let light = Theme::light();
    assert!(luminance(density_color(1.0, false)) < luminance(density_color(0.0, false)));
    assert!(luminance(light.background) > luminance(density_color(0.0, false)));
    assert!(luminance(density_color(1.0, true)) > luminance(density_color(0.0, true)));
}
