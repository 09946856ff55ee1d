//! Formatting, scales and theme contrast: pure functions, no drawing.

use gradient_flow_explorer::charts::kit::scale::*;
use gradient_flow_explorer::charts::kit::theme::{contrast, Theme};
use gradient_flow_explorer::words::format::*;

#[test]
fn format_value_edge_cases() {
    assert_eq!(format_value(0.0), "0");
    assert_eq!(format_value(-0.0), "0");
    assert_eq!(format_value(f64::INFINITY), "overflow");
    assert_eq!(format_value(f64::NEG_INFINITY), "overflow");
    assert_eq!(format_value(f64::NAN), "NaN");
    assert_eq!(format_value(3.2e-4), "3.2×10⁻⁴");
    assert_eq!(format_value(4.1e-12), "4.1×10⁻¹²");
    assert_eq!(format_value(1e-4), "1×10⁻⁴");
    assert_eq!(format_value(2.5e6), "2.5×10⁶");
    assert_eq!(format_value(1e300), "1×10³⁰⁰");
    assert_eq!(format_value(5e-324), "4.9×10⁻³²⁴"); // smallest subnormal, no division by 0
    assert_eq!(format_value(f64::MAX), "1.8×10³⁰⁸");
    assert_eq!(format_value(9.96e-5), "1×10⁻⁴", "mantissa rounding carries");
    assert_eq!(format_value(0.01), "0.01");
    assert_eq!(format_value(0.0345), "0.0345");
    assert_eq!(format_value(1.0), "1");
    assert_eq!(format_value(3.2), "3.2");
    assert_eq!(format_value(412.3), "412");
    assert_eq!(format_value(999.0), "999");
    assert_eq!(format_value(1000.0), "1×10³");
    assert_eq!(format_value(0.00999), "1×10⁻²");
    assert_eq!(format_value(-3.2e-4), "-3.2×10⁻⁴");
    assert_eq!(format_value(-0.5), "-0.5");
}

#[test]
fn format_ratio_edge_cases() {
    assert_eq!(format_ratio(10f64.powf(-9.1)), "10⁻⁹·¹×");
    assert_eq!(format_ratio(1e-9), "10⁻⁹×");
    assert_eq!(format_ratio(10f64.powf(12.34)), "10¹²·³×");
    assert_eq!(format_ratio(0.85), "0.85×");
    assert_eq!(format_ratio(1.0), "1×");
    assert_eq!(format_ratio(57.0), "57×");
    assert_eq!(format_ratio(0.01), "0.01×");
    assert_eq!(format_ratio(100.0), "10²×");
    assert_eq!(format_ratio(0.0099), "10⁻²×");
    assert_eq!(format_ratio(0.0), "0×");
    assert_eq!(format_ratio(f64::INFINITY), "overflow");
    assert_eq!(format_ratio(f64::NAN), "NaN");
    assert_eq!(format_ratio(-0.5), "-0.5×");
    assert_eq!(format_ratio(-1e-5), "-10⁻⁵×");
    assert_eq!(format_ratio(5e-324), "10⁻³²³·³×");
}

#[test]
fn ascii_variants_for_screen_readers() {
    assert_eq!(format_value_ascii(3.2e-3), "3.2e-3");
    assert_eq!(format_value_ascii(f64::NAN), "NaN");
    assert_eq!(format_ratio_ascii(10f64.powf(-9.1)), "10^-9.1");
    assert_eq!(format_ratio_ascii(0.85), "0.85");
    assert_eq!(format_ratio_ascii(f64::INFINITY), "overflow");
    assert_eq!(format_ratio_ascii(f64::NAN), "NaN");
    assert_eq!(format_share_percent(f64::NAN), "NaN");
    assert_eq!(format_share_percent(0.456), "46%");
    assert_eq!(format_share_percent(0.004), "0.4%");
    assert_eq!(format_share_percent(0.0), "0%");
    assert_eq!(format_layer_list(&[1, 2, 3, 7, 9, 10]), "1–3, 7, 9–10");
    assert_eq!(format_layer_list(&[]), "");
}

#[test]
fn decade_labels_use_superscripts() {
    assert_eq!(pow10_label(-9), "10⁻⁹");
    assert_eq!(pow10_label(0), "1");
    assert_eq!(pow10_label(1), "10");
    assert_eq!(pow10_label(3), "10³");
    assert_eq!(pow10_label(-120), "10⁻¹²⁰");
}

#[test]
fn decade_range_ignores_non_finite_and_pads() {
    let r = DecadeRange::covering([1e-3, f64::NAN, 0.0, -5.0, f64::INFINITY, 4e-12], 2);
    assert_eq!(r, DecadeRange { lo: -12, hi: -3 });
    // Half a decade of room below the smallest value.
    assert_eq!(
        DecadeRange::covering([1e-2, 1.0], 1),
        DecadeRange { lo: -3, hi: 0 }
    );
    assert_eq!(
        DecadeRange::covering([f64::NAN], 2),
        DecadeRange { lo: -1, hi: 1 }
    );
    assert_eq!(DecadeRange::covering([], 2), DecadeRange { lo: -1, hi: 1 });
    let one = DecadeRange::covering([3e-3], 2);
    assert!(
        one.hi - one.lo >= 2 && one.lo <= -3 && one.hi >= -2,
        "{one:?}"
    );
    let huge = DecadeRange::covering([f64::MIN_POSITIVE / 1e10, f64::MAX], 2);
    assert!(huge.lo < -300 && huge.hi > 300);
}

#[test]
fn decade_ticks_are_thinned() {
    let r = DecadeRange { lo: -125, hi: -3 };
    let t = r.ticks(12);
    assert!(t.len() <= 12 && t.len() >= 5, "{t:?}");
    assert!(t.windows(2).all(|w| w[1] > w[0]));
    assert!(t.iter().all(|k| (-125..=-3).contains(k)));
    assert_eq!(DecadeRange { lo: -3, hi: 0 }.ticks(10), vec![-3, -2, -1, 0]);
}

#[test]
fn layer_ticks_keep_ends_and_thin() {
    assert_eq!(layer_ticks(0, 10), Vec::<usize>::new());
    assert_eq!(layer_ticks(1, 10), vec![1]);
    assert_eq!(layer_ticks(15, 20), (1..=15).collect::<Vec<_>>());
    assert_eq!(
        layer_ticks(200, 11),
        vec![1, 20, 40, 60, 80, 100, 120, 140, 160, 180, 200]
    );
    for n in [2usize, 7, 15, 99, 100, 101, 157, 200] {
        for max in [2usize, 5, 12] {
            let t = layer_ticks(n, max);
            assert_eq!(t.first(), Some(&1));
            assert_eq!(t.last(), Some(&n));
            assert!(t.windows(2).all(|w| w[1] > w[0]), "{n}/{max}: {t:?}");
            assert!(t.len() <= max + 2, "{n}/{max}: {t:?}");
        }
    }
}

#[test]
fn linear_ticks_are_clean() {
    assert_eq!(
        linear_ticks(-3.0, 3.0, 7),
        vec![-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0]
    );
    assert_eq!(linear_ticks(0.0, 1.0, 3), vec![0.0, 0.5, 1.0]);
    assert!(linear_ticks(f64::NAN, 1.0, 5).is_empty());
    assert!(linear_ticks(1.0, 1.0, 5).is_empty());
    assert_eq!(linear_label(-0.0), "0");
    assert_eq!(linear_label(0.30000000000000004), "0.3");
}

#[test]
fn health_colours_contrast_with_both_backgrounds() {
    for theme in [Theme::light(), Theme::dark()] {
        for (name, c) in [
            ("healthy", theme.healthy),
            ("vanishing", theme.vanishing),
            ("exploding", theme.exploding),
            ("overflow", theme.overflow),
            ("dead", theme.dead),
            ("saturated", theme.saturated),
            ("phi", theme.phi),
            ("dphi", theme.dphi),
            ("axis", theme.axis),
        ] {
            let k = contrast(c, theme.background);
            assert!(
                k >= 3.0,
                "{name} on {} background: {k:.2}",
                if theme.dark { "dark" } else { "light" }
            );
        }
        assert!(contrast(theme.text, theme.background) >= 7.0);
        assert!(contrast(theme.text_muted, theme.background) >= 4.5);
    }
}

#[test]
fn update_ratio_lines_contrast_with_both_backgrounds_at_every_layer() {
    use gradient_flow_explorer::charts::training::update_ratio_chart::layer_color;
    for theme in [Theme::light(), Theme::dark()] {
        for depth in [1, 2, 15, 100] {
            for layer in 1..=depth {
                let k = contrast(layer_color(layer, depth, &theme), theme.background);
                assert!(
                    k >= 3.0,
                    "layer {layer} of {depth} on the {} background: {k:.2}",
                    if theme.dark { "dark" } else { "light" }
                );
            }
        }
    }
}
