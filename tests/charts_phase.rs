//! The phase diagram: SVG snapshots, and what it must show — the critical line where χ* = 1,
//! the colour ramp's sides, the marker where the configuration is, and clicks mapped back.

mod charts_support;

use std::path::Path;

use charts_support::render_svg;
use gradient_flow_explorer::charts::explorer::phase_diagram::diverging_color;
use gradient_flow_explorer::charts::{draw_phase_diagram, PhaseLayout, Theme};
use gradient_flow_explorer::sim::phase_grid::PhaseGrid;
use gradient_flow_explorer::sim::Activation;

fn render(grid: &PhaseGrid, marker: (f64, f64), theme: &Theme) -> (String, PhaseLayout) {
    let (svg, layout) = render_svg(560, 360, |a| draw_phase_diagram(a, grid, marker, theme));
    (svg, layout.expect("diagram draws"))
}

#[test]
fn phase_diagram_snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/svg");
    let update = std::env::var_os("GFE_UPDATE_SNAPSHOTS").is_some_and(|v| v == "1");
    let cases = [
        (Activation::Tanh, (1.0, 0.0), Theme::light(), "tanh"),
        (Activation::Relu, (2.0, 0.0), Theme::light(), "relu"),
        (
            Activation::Sigmoid,
            (1.0, 0.0),
            Theme::dark(),
            "sigmoid-dark",
        ),
        (
            Activation::Relu,
            (64.0, 0.0),
            Theme::light(),
            "relu-off-plane",
        ),
    ];
    let mut differ = Vec::new();
    for (act, marker, theme, tag) in cases {
        let (svg, _) = render(&PhaseGrid::compute(act, 32, 24), marker, &theme);
        let path = dir.join(format!("phase-{tag}.svg"));
        if update {
            std::fs::write(&path, &svg).expect("write snapshot");
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(svg.as_str()) {
            let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/chart-samples/snapshots");
            std::fs::create_dir_all(&out).expect("output dir");
            std::fs::write(out.join(format!("phase-{tag}.svg")), &svg).expect("write new output");
            differ.push(tag);
        }
    }
    assert!(
        differ.is_empty(),
        "phase snapshots differ: {differ:?} (GFE_UPDATE_SNAPSHOTS=1)"
    );
}

#[test]
fn the_grid_finds_the_known_critical_points() {
    let tanh = PhaseGrid::compute(Activation::Tanh, 32, 50);
    let line = tanh.critical_line();
    // Row centres are at σ_b² = 0.005, 0.015, …; 0.045 and 0.055 bracket the literature's 0.05.
    let near = |sb2: f64| line.iter().find(|p| (p.1 - sb2).abs() < 1e-9).map(|p| p.0);
    let (a, b) = (
        near(0.045).expect("row 0.045"),
        near(0.055).expect("row 0.055"),
    );
    assert!(
        ((a + b) / 2.0 - 1.76).abs() < 0.05,
        "tanh edge at σ_b² = 0.05: {a}, {b}"
    );
    let relu = PhaseGrid::compute(Activation::Relu, 32, 4).critical_line();
    assert_eq!(
        relu.len(),
        5,
        "the exact foot at σ_b² = 0, then a crossing in every row"
    );
    assert!(relu.iter().all(|p| (p.0 - 2.0).abs() < 0.02), "{relu:?}");
    let foot = tanh.critical_line()[0];
    assert!(
        foot.1 == 0.0 && (foot.0 - 1.0).abs() < 0.02,
        "tanh foot {foot:?}"
    );
    // Sigmoid stays ordered on its whole plane: no line.
    assert!(PhaseGrid::compute(Activation::Sigmoid, 16, 4)
        .critical_line()
        .is_empty());
}

#[test]
fn colours_say_the_phase_and_clicks_map_back() {
    let blue = diverging_color(-1.5);
    let orange = diverging_color(1.5);
    assert!(blue.2 > blue.0, "ordered is blue: {blue:?}");
    assert!(orange.0 > orange.2, "chaotic is orange: {orange:?}");
    let (svg, layout) = render(
        &PhaseGrid::compute(Activation::Relu, 16, 8),
        (2.0, 0.25),
        &Theme::light(),
    );
    assert!(svg.contains("edge of chaos") && svg.contains("ordered") && svg.contains("chaotic"));
    // The marker's centre maps back to its own point (to a pixel's worth).
    let ((x, y), clamped) = layout.pixel_of(2.0, 0.25);
    assert!(!clamped);
    let (w, b) = layout.point_at(x, y).expect("inside");
    assert!((w - 2.0).abs() < 0.02 && (b - 0.25).abs() < 0.01, "{w} {b}");
    assert_eq!(layout.point_at(layout.plot.right + 1, y), None);
    let (_, clamped) = layout.pixel_of(64.0, 0.0);
    assert!(clamped, "random N(0,1) at width 64 is off the plane");
}

#[test]
fn the_text_alternative_names_the_line_and_the_configuration() {
    use gradient_flow_explorer::charts::phase_summary;
    let grid = PhaseGrid::compute(Activation::Relu, 16, 8);
    let text = phase_summary(&grid, (2.0, 0.0), 1.0);
    assert!(text.contains("runs from σ_w² = 2 at σ_b² = 0"), "{text}");
    assert!(text.contains("χ* = 1.0 (at the edge of chaos)"), "{text}");
    let sigmoid = PhaseGrid::compute(Activation::Sigmoid, 8, 4);
    let text = phase_summary(&sigmoid, (1.0, 0.0), 0.056);
    assert!(
        text.contains("everywhere") && text.contains("(ordered)"),
        "{text}"
    );
}

#[test]
fn the_phase_names_fit_the_plane_at_a_phones_width() {
    use charts_support::measure::{extent, wide_sans};
    use charts_support::placed_texts;
    use gradient_flow_explorer::charts::kit::text_size::set_text_width_measure;
    set_text_width_measure(Some(wide_sans));
    for act in [Activation::Sigmoid, Activation::Relu, Activation::Tanh] {
        let grid = PhaseGrid::compute(act, 16, 12);
        for w in [326u32, 358, 560] {
            let (svg, layout) = render_svg(w, 360, |a| {
                draw_phase_diagram(a, &grid, (1.0, 0.0), &Theme::light())
            });
            let plot = layout.expect("diagram draws").plot;
            charts_support::save_sample(&format!("phase-{act:?}-{w}"), &svg);
            let names = placed_texts(&svg)
                .into_iter()
                .filter(|t| t.text.starts_with("ordered") || t.text.starts_with("chaotic"));
            let mut seen = 0;
            for t in names {
                let (l, r) = extent(&t);
                let inside = l >= f64::from(plot.left) && r <= f64::from(plot.right);
                assert!(
                    inside,
                    "{act:?} at {w} px: '{}' spans {l:.0}..{r:.0}",
                    t.text
                );
                seen += 1;
            }
            assert!(seen >= 1, "{act:?} at {w} px: no phase named");
        }
    }
}
