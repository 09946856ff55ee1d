//! The gradient chart rendered to SVG: one bar per layer, overflow marked, ticks, band, hover map.

mod charts_support;

use charts_support::*;
use gradient_flow_explorer::charts::{
    draw_gradient_chart, GradientChartData, LayerChartLayout, Theme,
};
use gradient_flow_explorer::sim::{Report, SeedSpread};
use gradient_flow_explorer::words::metric::Metric;

fn render(
    report: &Report,
    metric: Metric,
    spread: Option<&SeedSpread>,
    theme: &Theme,
    size: (u32, u32),
) -> (String, LayerChartLayout) {
    let data = GradientChartData::from_report(report, metric, spread);
    let (svg, layout) = render_svg(size.0, size.1, |area| {
        draw_gradient_chart(area, &data, theme)
    });
    (svg, layout.expect("chart draws"))
}

/// Every layer's bar from the layout is a `<rect>` in the SVG, exactly once per layer.
fn assert_one_rect_per_layer(svg: &str, layout: &LayerChartLayout) {
    assert_eq!(layout.bars.len(), layout.layers);
    let all = rects(svg);
    for (i, bar) in layout.bars.iter().enumerate() {
        let matching = all
            .iter()
            .filter(|r| {
                (r.0, r.1, r.2, r.3) == (bar.left, bar.top, bar.width(), bar.height()) && r.5 == "1"
            })
            .count();
        assert!(matching >= 1, "layer {} has no bar rect {:?}", i + 1, bar);
        assert!(
            bar.width() >= 1 && bar.height() >= 1,
            "layer {} bar is empty",
            i + 1
        );
        assert_eq!(bar.bottom, layout.plot_bottom, "bars grow from the axis");
    }
    // Bars never overlap and go left to right.
    for pair in layout.bars.windows(2) {
        assert!(pair[0].right <= pair[1].left, "bars overlap: {:?}", pair);
    }
}

#[test]
fn one_bar_per_layer_for_1_15_100_200_layers() {
    for &(layers, size) in &[
        (1, (640, 360)),
        (15, (640, 360)),
        (100, (640, 360)),
        (200, (640, 360)),
        (200, (320, 240)),
    ] {
        let report = vanishing_report(layers, 0.6);
        let (svg, layout) = render(&report, Metric::Signal, None, &Theme::light(), size);
        save_sample(&format!("gradient_{layers}_{}x{}", size.0, size.1), &svg);
        assert_eq!(layout.layers, layers);
        assert_one_rect_per_layer(&svg, &layout);
        let t = texts(&svg);
        assert!(
            t.iter().any(|s| s.contains("∂L/∂z")),
            "metric label missing"
        );
        assert!(
            t.iter().any(|s| s.contains("backward pass")),
            "direction caption missing"
        );
        assert!(t.iter().any(|s| s == "1"), "layer 1 tick missing");
        assert!(
            t.iter().any(|s| s == &layers.to_string()),
            "layer L tick missing"
        );
        assert!(!svg.contains("overflow"), "no overflow in a finite report");
    }
}

#[test]
fn log_axis_has_superscript_decade_labels() {
    let report = vanishing_report(15, 0.6); // 1e-3 down to ~1e-11.4
    let (svg, _) = render(&report, Metric::Signal, None, &Theme::light(), (640, 360));
    let t = texts(&svg);
    let decades: Vec<&String> = t
        .iter()
        .filter(|s| s.starts_with("10") && s.contains('⁻'))
        .collect();
    assert!(decades.len() >= 3, "too few decade labels: {t:?}");
    assert!(
        t.iter().any(|s| s == "10⁻³"),
        "top decade 10⁻³ missing: {t:?}"
    );
}

#[test]
fn x_labels_are_thinned_for_deep_networks() {
    let report = vanishing_report(200, 0.05);
    let (svg, _) = render(&report, Metric::Signal, None, &Theme::light(), (640, 360));
    let numeric = texts(&svg)
        .iter()
        .filter(|s| s.parse::<usize>().is_ok())
        .count();
    assert!(
        (3..=25).contains(&numeric),
        "{numeric} layer labels on a 640 px chart"
    );
}

#[test]
fn overflow_layers_are_drawn_and_named() {
    let report = overflow_report();
    for (theme, name) in [(Theme::light(), "light"), (Theme::dark(), "dark")] {
        let (svg, layout) = render(&report, Metric::Signal, None, &theme, (640, 360));
        save_sample(&format!("gradient_overflow_{name}"), &svg);
        assert_one_rect_per_layer(&svg, &layout);
        // inf/NaN layers 1–4: full-height bars in the overflow colour.
        for bar in &layout.bars[0..4] {
            assert_eq!(bar.top, layout.plot_top, "overflow bar is full height");
        }
        let overflow_fill = hex(theme.overflow);
        let plot_h = layout.plot_bottom - layout.plot_top;
        let full = rects(&svg)
            .iter()
            .filter(|r| r.4 == overflow_fill && r.3 == plot_h)
            .count();
        assert_eq!(full, 4, "four overflow bars");
        let t = texts(&svg);
        assert!(
            t.iter().any(|s| s == "overflow"),
            "the word overflow labels the run: {t:?}"
        );
        // Layer 8 is an exact zero: a stub bar and a "0" label.
        assert!(layout.bars[7].height() >= 1);
        assert!(t.iter().any(|s| s == "0"), "the zero layer is labelled");
    }
}

#[test]
fn all_layers_overflowing_still_draws() {
    let mut b = ReportBuilder::new(gradient_flow_explorer::sim::Activation::Relu);
    for _ in 0..5 {
        b = b.layer(f64::NAN, f64::NAN);
    }
    let report = b.build();
    let (svg, layout) = render(&report, Metric::Weight, None, &Theme::dark(), (400, 240));
    assert_one_rect_per_layer(&svg, &layout);
    assert!(svg.contains("overflow"));
}

#[test]
fn empty_and_tiny_inputs_do_not_panic() {
    let data = GradientChartData {
        values: vec![],
        band: None,
        metric_label: "x",
    };
    let (_, layout) = render_svg(300, 200, |a| draw_gradient_chart(a, &data, &Theme::light()));
    assert_eq!(layout.expect("draws").layer_at(100), None);
    let data = GradientChartData {
        values: vec![0.0, -1.0, f64::MIN_POSITIVE, f64::MAX],
        band: Some(vec![(f64::NAN, f64::INFINITY)]),
        metric_label: "x",
    };
    for size in [(1, 1), (30, 20), (120, 80)] {
        let (_, layout) = render_svg(size.0, size.1, |a| {
            draw_gradient_chart(a, &data, &Theme::light())
        });
        assert!(layout.is_ok());
    }
}

#[test]
fn band_is_drawn_when_a_spread_is_given() {
    let report = vanishing_report(15, 0.6);
    let spread = spread_around(&report, 0.5);
    let theme = Theme::light();
    let band_fill = hex(theme.band);
    let band_opacity = theme.band_alpha.to_string();
    let count = |svg: &str| {
        rects(svg)
            .iter()
            .filter(|r| r.4 == band_fill && r.5 == band_opacity)
            .count()
    };

    let (with, _) = render(&report, Metric::Signal, Some(&spread), &theme, (640, 360));
    save_sample("gradient_15_band", &with);
    assert_eq!(count(&with), 15, "one band step per layer");
    assert!(texts(&with).iter().any(|s| s.contains("p10–p90")));

    let (without, _) = render(&report, Metric::Signal, None, &theme, (640, 360));
    assert_eq!(count(&without), 0);
}

#[test]
fn layer_at_maps_bar_centres_to_layers() {
    for layers in [1usize, 15, 100, 200] {
        let report = vanishing_report(layers, 0.1);
        let (_, layout) = render(&report, Metric::Signal, None, &Theme::light(), (640, 360));
        let first = layout.bars[0].center_x();
        let last = layout.bars[layers - 1].center_x();
        assert_eq!(layout.layer_at(first), Some(1));
        assert_eq!(layout.layer_at(last), Some(layers));
        for (i, bar) in layout.bars.iter().enumerate() {
            assert_eq!(layout.layer_at(bar.center_x()), Some(i + 1));
        }
        assert_eq!(layout.layer_at(layout.plot_left - 1), None);
        assert_eq!(layout.layer_at(layout.plot_right), None);
    }
}

#[test]
fn layer_at_works_in_a_sub_area() {
    // The UI may draw into a part of the canvas: coordinates are the area's own.
    let report = vanishing_report(10, 0.3);
    let data = GradientChartData::from_report(&report, Metric::Signal, None);
    let (_, layout) = render_svg(800, 400, |root| {
        let (_, right) = root.split_horizontally(200);
        draw_gradient_chart(&right, &data, &Theme::light())
    });
    let layout = layout.expect("draws");
    assert!(
        layout.plot_right <= 600,
        "layout is in the sub-area's coordinates"
    );
    assert_eq!(layout.layer_at(layout.bars[9].center_x()), Some(10));
}

#[test]
fn bar_colours_follow_health() {
    let theme = Theme::light();
    // Layer 3 = reference; layer 2 within a decade; layer 1 eight decades below.
    let data = GradientChartData {
        values: vec![1e-10, 3e-3, 1e-2],
        band: None,
        metric_label: "x",
    };
    let (svg, layout) = render_svg(400, 300, |a| draw_gradient_chart(a, &data, &theme));
    let layout = layout.expect("draws");
    let fill_of = |i: usize| {
        let b = layout.bars[i];
        rects(&svg)
            .into_iter()
            .find(|r| (r.0, r.1, r.2, r.3) == (b.left, b.top, b.width(), b.height()))
            .map(|r| r.4)
            .expect("bar drawn")
    };
    assert_eq!(fill_of(2), hex(theme.healthy));
    assert_eq!(fill_of(1), hex(theme.healthy));
    assert_eq!(
        fill_of(0),
        hex(theme.vanishing),
        "8 decades down is full-strength vanishing"
    );
}

/// Every `<text>` as (x, y, content).
fn placed(svg: &str) -> Vec<(i32, i32, String)> {
    placed_texts(svg)
        .into_iter()
        .map(|t| (t.x, t.y, t.text))
        .collect()
}

/// Which bar (0-based) a mark at x sits over, if any.
fn bar_under(layout: &LayerChartLayout, x: i32) -> Option<usize> {
    layout.bars.iter().position(|b| b.left <= x && x <= b.right)
}

#[test]
fn vanishing_and_exploding_bars_carry_a_mark_not_only_a_colour() {
    // Wide bars: one "↓" above each vanishing bar (more than the verdict's 1.5 decades below
    // layer 15: all but the last three of 15), none on the healthy ones, and the legend says
    // what the arrow means.
    let report = vanishing_report(15, 0.6);
    let (svg, layout) = render(&report, Metric::Signal, None, &Theme::light(), (640, 360));
    save_sample("gradient_marks_vanishing", &svg);
    let marks: Vec<(i32, i32)> = placed(&svg)
        .into_iter()
        .filter(|(_, _, t)| t == "↓")
        .map(|(x, y, _)| (x, y))
        .collect();
    let marked: Vec<usize> = marks
        .iter()
        .filter_map(|&(x, _)| bar_under(&layout, x))
        .collect();
    assert_eq!(marked, (0..12).collect::<Vec<_>>(), "{marks:?}");
    for (&(_, y), &i) in marks.iter().zip(&marked) {
        assert!(y < layout.bars[i].top, "the mark sits above bar {}", i + 1);
    }
    assert!(texts(&svg).iter().any(|t| t == "↓ smaller (vanishing)"));

    // Exploding towards the input (overflow_report: layers 5–7 and 9–13 exploding).
    let (svg, layout) = render(
        &overflow_report(),
        Metric::Signal,
        None,
        &Theme::dark(),
        (640, 360),
    );
    save_sample("gradient_marks_exploding", &svg);
    let up: Vec<usize> = placed(&svg)
        .into_iter()
        .filter(|(_, _, t)| t == "↑")
        .filter_map(|(x, _, _)| bar_under(&layout, x))
        .collect();
    assert!(up.contains(&4) && up.contains(&8), "{up:?}");
    assert!(
        up.iter().all(|i| !(0..4).contains(i) && *i != 7),
        "no arrow on overflow/zero bars"
    );

    // 200 bars in 320 px: too narrow for a mark each; marks along the run instead, each over
    // a vanishing bar (layers 1–180: the last 20 are within a decade of layer 200).
    let (svg, layout) = render(
        &vanishing_report(200, 0.05),
        Metric::Signal,
        None,
        &Theme::light(),
        (320, 240),
    );
    save_sample("gradient_marks_narrow", &svg);
    let narrow: Vec<usize> = placed(&svg)
        .into_iter()
        .filter(|(_, _, t)| t == "↓")
        .filter_map(|(x, _, _)| bar_under(&layout, x))
        .collect();
    assert!(narrow.len() >= 5, "marks along the run: {narrow:?}");
    assert!(narrow.iter().all(|&i| i < 180), "{narrow:?}");
    assert!(
        narrow.windows(2).all(|w| w[0] < w[1]),
        "left to right: {narrow:?}"
    );
}
