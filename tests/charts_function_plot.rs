//! The small φ / φ' plot of the lessons' table.

mod charts_support;

use charts_support::*;
use gradient_flow_explorer::charts::explorer::function_plot::sample;
use gradient_flow_explorer::charts::{draw_function_plot, Theme};

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

#[test]
fn draws_both_curves_and_labels_at_160x100() {
    for (theme, name) in [(Theme::light(), "light"), (Theme::dark(), "dark")] {
        let (svg, r) = render_svg(160, 100, |a| {
            draw_function_plot(
                a,
                sigmoid,
                |x| sigmoid(x) * (1.0 - sigmoid(x)),
                -6.0..6.0,
                -0.2..1.1,
                &theme,
            )
        });
        r.expect("draws");
        save_sample(&format!("function_sigmoid_{name}"), &svg);
        let phi = hex(theme.phi);
        let dphi = hex(theme.dphi);
        let solid = svg.matches(&format!("stroke=\"{phi}\"")).count();
        let dashes = svg.matches(&format!("stroke=\"{dphi}\"")).count();
        assert!(solid >= 2, "φ curve and its key");
        assert!(dashes >= 6, "φ' is dashed: {dashes} pieces");
        let t = texts(&svg);
        for want in ["φ", "φ′", "-6", "6"] {
            assert!(t.iter().any(|s| s == want), "missing {want}: {t:?}");
        }
    }
}

#[test]
fn relu_kink_and_step_derivative() {
    let (svg, r) = render_svg(160, 100, |a| {
        draw_function_plot(
            a,
            |x: f64| x.max(0.0),
            |x| if x > 0.0 { 1.0 } else { 0.0 },
            -3.0..3.0,
            -0.5..3.0,
            &Theme::light(),
        )
    });
    r.expect("draws");
    save_sample("function_relu", &svg);
    assert!(svg.contains("<polyline"));
}

#[test]
fn asymptotes_and_nan_break_the_curve() {
    let pieces = sample(&|x: f64| 1.0 / x, &(-1.0..1.0), &(-5.0..5.0), 200);
    assert!(pieces.len() >= 2, "1/x must not be joined across 0");
    let pieces = sample(
        &|x: f64| if x < 0.0 { f64::NAN } else { x },
        &(-1.0..1.0),
        &(-1.0..1.0),
        10,
    );
    assert_eq!(pieces.len(), 1);
    assert!(pieces[0].iter().all(|p| p.0 >= 0.0));
}

#[test]
fn bad_ranges_and_tiny_areas_do_not_panic() {
    for (xr, yr) in [
        (0.0..0.0, 0.0..1.0),
        (f64::NAN..1.0, 0.0..1.0),
        (1.0..-1.0, 0.0..1.0),
        (-1.0..1.0, f64::NEG_INFINITY..1.0),
    ] {
        let (_, r) = render_svg(160, 100, |a| {
            draw_function_plot(a, |x| x, |_| 1.0, xr.clone(), yr.clone(), &Theme::light())
        });
        assert!(r.is_ok());
    }
    for size in [(1, 1), (10, 10), (30, 20)] {
        let (_, r) = render_svg(size.0, size.1, |a| {
            draw_function_plot(
                a,
                f64::tanh,
                |x| 1.0 - x.tanh().powi(2),
                -3.0..3.0,
                -1.1..1.1,
                &Theme::dark(),
            )
        });
        assert!(r.is_ok());
    }
}
