//! The training charts at the widths the page gives them (a phone's ~320–360 px up to a
//! desktop column), laid out with a browser-like text measure: every label's letters inside
//! the chart, the step axis ending on the last step, each line named with its axis, and the
//! labels that sit among lines ("chance", the 10⁻³ guide) drawn last, on a halo, where no
//! line crosses them.

mod charts_support;

use charts_support::measure::{extent, polylines, wide_sans};
use charts_support::runs::{
    base, blowing_up, healthy, skipping, svg_sized, train, vanishing, Run, CHARTS,
};
use charts_support::{hex, placed_texts, save_sample, PlacedText};
use gradient_flow_explorer::charts::kit::text_size::set_text_width_measure;
use gradient_flow_explorer::charts::Theme;
use gradient_flow_explorer::sim::MlpNet;
use gradient_flow_explorer::train::TrainConfig;

/// Canvas widths of a training chart on the page: a 320 px and a 360 px phone, the 390 px
/// phone's column, a desktop column (three in 1360 px) and a wide one; 300 px high.
const WIDTHS: [u32; 5] = [288, 326, 358, 432, 640];
const HEIGHT: u32 = 300;

fn runs() -> Vec<(&'static str, Run)> {
    let long = TrainConfig {
        net: MlpNet {
            depth: 2,
            width: 8,
            ..base().net
        },
        ..base()
    };
    vec![
        ("healthy", healthy()),
        ("vanishing", vanishing()),
        ("overflow", blowing_up(None)),
        ("skipped", skipping()),
        ("1000-steps", train(long.clone(), 1000)),
        ("137-steps", train(long, 137)),
    ]
}

/// Each chart of each run at each width, light theme, and at twice the size with twice the
/// type (a device pixel ratio of 2).
fn each_drawing(runs: &[(&str, Run)], mut check: impl FnMut(String, &Run, &str, u32, &str)) {
    set_text_width_measure(Some(wide_sans));
    let light = Theme::light();
    let double = Theme {
        font_size: light.font_size * 2.0,
        ..Theme::dark()
    };
    for (name, run) in runs {
        for chart in CHARTS {
            for w in WIDTHS {
                let svg = svg_sized(run, chart, &light, (w, HEIGHT));
                check(format!("{chart}-{name}-{w}"), run, chart, w, &svg);
            }
            let svg = svg_sized(run, chart, &double, (2 * WIDTHS[1], 2 * HEIGHT));
            check(
                format!("{chart}-{name}-x2"),
                run,
                chart,
                2 * WIDTHS[1],
                &svg,
            );
        }
    }
}

#[test]
fn every_label_of_every_training_chart_lies_inside_the_chart_at_the_page_widths() {
    let mut bad = Vec::new();
    each_drawing(&runs(), |case, _, _, w, svg| {
        for t in placed_texts(svg) {
            let (l, r) = extent(&t);
            if l < 0.0 || r > f64::from(w) {
                bad.push(format!("{case}: '{}' spans {l:.0}..{r:.0}", t.text));
            }
        }
        if case.ends_with("-326") {
            save_sample(&format!("fit-{case}"), svg);
        }
    });
    assert!(bad.is_empty(), "labels cut off:\n{}", bad.join("\n"));
}

/// The step axis's labels: centred, on the row of the word "step".
fn step_ticks(svg: &str) -> Vec<PlacedText> {
    let all = placed_texts(svg);
    let Some(word) = all.iter().find(|t| t.text == "step").cloned() else {
        return Vec::new();
    };
    all.into_iter()
        .filter(|t| t.anchor == "middle" && t.y == word.y)
        .collect()
}

#[test]
fn the_step_axis_ends_on_the_last_step_with_labels_apart_at_every_width() {
    let mut bad = Vec::new();
    each_drawing(&runs(), |case, run, chart, _, svg| {
        if chart == "boundary" {
            return;
        }
        let ticks = step_ticks(svg);
        let last = run.history.last_step.to_string();
        if ticks.last().map(|t| t.text.as_str()) != Some(last.as_str()) {
            let got: Vec<&str> = ticks.iter().map(|t| t.text.as_str()).collect();
            bad.push(format!("{case}: ticks {got:?}, last step {last}"));
        }
        for pair in ticks.windows(2) {
            if extent(&pair[0]).1 + 2.0 > extent(&pair[1]).0 {
                bad.push(format!(
                    "{case}: '{}' runs into '{}'",
                    pair[0].text, pair[1].text
                ));
            }
        }
    });
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn the_loss_chart_names_the_quantity_and_side_of_each_axis_and_each_lines_axis() {
    let runs = vec![("healthy", healthy())];
    each_drawing(&runs, |case, _, chart, _, svg| {
        if chart != "loss" {
            return;
        }
        let texts = placed_texts(svg);
        // The axis titles start with their quantity (the legend's entries with "minibatch",
        // "training", "train", "test").
        let loss = texts.iter().find(|t| t.text.starts_with("loss"));
        let acc = texts.iter().find(|t| t.text.starts_with("accuracy"));
        let (Some(loss), Some(acc)) = (loss, acc) else {
            panic!("{case}: an axis title is missing");
        };
        assert!(
            loss.text.contains("loss") && loss.text.contains("left"),
            "{case}"
        );
        assert!(
            acc.text.contains("accuracy") && acc.text.contains("right"),
            "{case}"
        );
        if loss.y == acc.y {
            assert!(extent(loss).1 < extent(acc).0, "{case}: the titles overlap");
        }
        // Every legend entry (the row(s) between the title and the axis titles) says its axis.
        let legend: Vec<&PlacedText> = texts
            .iter()
            .filter(|t| t.y > texts[0].y && t.y < loss.y.min(acc.y) && t.anchor == "start")
            .collect();
        assert_eq!(legend.len(), 4, "{case}: {legend:?}");
        for t in legend {
            assert!(
                t.text.contains("(left") || t.text.contains("(right"),
                "{case}: '{}' does not say its axis",
                t.text
            );
        }
    });
}

/// Whether the segment a–b passes through the box (sampled every half pixel).
fn crosses(a: (i32, i32), b: (i32, i32), (l, t, r, btm): (f64, f64, f64, f64)) -> bool {
    let (dx, dy) = (f64::from(b.0 - a.0), f64::from(b.1 - a.1));
    let n = (dx.abs().max(dy.abs()) * 2.0).ceil().max(1.0) as i32;
    (0..=n).any(|i| {
        let f = f64::from(i) / f64::from(n);
        let (x, y) = (f64::from(a.0) + f * dx, f64::from(a.1) + f * dy);
        x > l && x < r && y > t && y < btm
    })
}

/// The lines a label must not hide: every polyline but the grid and the muted dotted or
/// dashed guides.
fn data_lines(svg: &str, theme: &Theme) -> Vec<Vec<(i32, i32)>> {
    let (muted, grid) = (hex(theme.text_muted), hex(theme.grid));
    polylines(svg)
        .into_iter()
        .filter(|(stroke, _)| *stroke != muted && *stroke != grid)
        .map(|(_, pts)| pts)
        .collect()
}

/// How many of `lines` pass through the box (left, top, right, bottom).
fn crossed_by(lines: &[Vec<(i32, i32)>], bx: (f64, f64, f64, f64)) -> usize {
    lines
        .iter()
        .filter(|pts| pts.windows(2).any(|s| crosses(s[0], s[1], bx)))
        .count()
}

/// The muted horizontal line nearest the row `y`: its row and its horizontal span.
fn named_line(svg: &str, theme: &Theme, y: f64) -> (f64, f64, f64) {
    let muted = hex(theme.text_muted);
    let flat: Vec<Vec<(i32, i32)>> = polylines(svg)
        .into_iter()
        .filter(|(s, pts)| *s == muted && pts.windows(2).all(|w| w[0].1 == w[1].1))
        .map(|(_, pts)| pts)
        .collect();
    let row = flat
        .iter()
        .filter_map(|pts| pts.first().map(|p| p.1))
        .min_by_key(|r| (f64::from(*r) - y).abs() as i64)
        .expect("the named line");
    let xs = flat.iter().flatten().filter(|p| p.1 == row).map(|p| p.0);
    let (lo, hi) = xs.fold((i32::MAX, i32::MIN), |(a, b), x| (a.min(x), b.max(x)));
    (f64::from(row), f64::from(lo), f64::from(hi))
}

/// The label among lines in `svg`: drawn after every line, on a background box that holds its
/// letters. Where lines cross that box, no box of its size at the same distance above or
/// below the line, anywhere along it, may be free of lines. Returns the lines crossing it.
fn check_halo_label(case: &str, svg: &str, label: &PlacedText, theme: &Theme) -> usize {
    let at = svg
        .find(&format!(">\n{}\n</text>", label.text))
        .unwrap_or_else(|| panic!("{case}: '{}' not found", label.text));
    assert!(
        !svg[at..].contains("<polyline"),
        "{case}: a line is drawn over '{}'",
        label.text
    );
    let before = &svg[..at];
    let rect_at = before.rfind("<rect").expect("a halo");
    assert!(
        before[rect_at..].matches("<text").count() == 1,
        "{case}: no box right under '{}'",
        label.text
    );
    let rect = charts_support::rects(&before[rect_at..]);
    let &(x, y, w, h, ref fill, _) = rect.first().expect("a halo rect");
    assert_eq!(fill, &hex(theme.background), "{case}");
    let (l, r) = extent(label);
    let halo = (
        f64::from(x),
        f64::from(y),
        f64::from(x + w),
        f64::from(y + h),
    );
    assert!(
        l >= halo.0 && r <= halo.2,
        "{case}: letters {l}..{r} outside {halo:?}"
    );
    let lines = data_lines(svg, theme);
    let crossed = crossed_by(&lines, halo);
    if crossed == 0 {
        return 0;
    }
    let (row, from, to) = named_line(svg, theme, halo.1 + f64::from(h) / 2.0);
    let gap = if halo.3 <= row {
        row - halo.3
    } else {
        halo.1 - row
    };
    let (w, h) = (f64::from(w), f64::from(h));
    let mut left = from;
    while left + w <= to {
        for top in [row - gap - h, row + gap] {
            let free = crossed_by(&lines, (left, top, left + w, top + h)) == 0;
            assert!(
                !free,
                "{case}: '{}' is crossed, x = {left} is free",
                label.text
            );
        }
        left += 1.0;
    }
    crossed
}

#[test]
fn chance_and_the_guide_are_named_over_the_lines_on_a_halo_where_no_line_crosses() {
    let theme = Theme::light();
    let runs = [
        ("healthy", healthy()),
        ("vanishing", vanishing()),
        ("overflow", blowing_up(None)),
        ("skipped", skipping()),
    ];
    set_text_width_measure(Some(wide_sans));
    let mut crowded = Vec::new();
    for (name, run) in &runs {
        for w in WIDTHS {
            for chart in ["loss", "ratio"] {
                let case = format!("{chart}-{name}-{w}");
                let svg = svg_sized(run, chart, &theme, (w, HEIGHT));
                let texts = placed_texts(&svg);
                let label = texts.iter().find(|t| match chart {
                    "loss" => t.text == "chance",
                    _ => {
                        t.text.starts_with("10⁻³")
                            && t.text.len() > "10⁻³".len()
                            && !t.text.contains("(dashed)")
                    }
                });
                let label = label.unwrap_or_else(|| panic!("{case}: no label"));
                let crossed = check_halo_label(&case, &svg, label, &theme);
                if crossed > 0 {
                    save_sample(&format!("crossed-{case}"), &svg);
                    crowded.push(case);
                }
            }
        }
    }
    // The sigmoid network's layers 7 and 8 update by about 10⁻³ all along: no spot beside the
    // guide is free of them there, and the label sits over them on its halo.
    assert!(
        crowded.iter().all(|c| c.starts_with("ratio-vanishing")),
        "{crowded:?}"
    );
}
