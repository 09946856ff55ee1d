//! Accessibility and devices, in one browser session: the keyboard reaches every control with a
//! visible focus ring, arrow keys move a slider and the charts follow, sliders say their values
//! in words, a preset's diagnosis is announced, every chart has a text alternative, reduced
//! motion stops the spinner, axe-core finds no serious or critical violation (explorer,
//! lessons, training panel; light and dark), and at 375 px, 768 px and desktop the page does
//! not scroll sideways and its controls are touch-sized. Screenshots go to `target/e2e/a11y-*`.

use std::time::Instant;

use e2e::{Chart, ExplorerPage, Result, DESKTOP};
use fantoccini::key::Key;

const PHONE: (u32, u32) = (375, 812);
const TABLET: (u32, u32) = (768, 1024);
const SCHEMES: [&str; 2] = ["light", "dark"];
/// Window height for pictures of whole areas.
const TALL: u32 = 2400;

#[tokio::test(flavor = "multi_thread")]
async fn accessibility_and_devices() -> Result<()> {
    let started = Instant::now();
    let page = ExplorerPage::open_desktop("?preset=vanishing-sigmoid").await?;
    page.wait_for_charts().await?;
    keyboard_reaches_every_control_with_a_focus_ring(&page).await?;
    arrow_keys_on_the_depth_slider_redraw_the_charts(&page).await?;
    sliders_say_their_values_in_words(&page).await?;
    a_preset_click_is_announced(&page).await?;
    every_chart_has_a_text_alternative(&page).await?;
    reduced_motion_stops_the_spinner(&page).await?;

    let mut problems = Vec::new();
    for scheme in SCHEMES {
        audit(
            &page,
            &format!("explorer and lessons, {scheme}"),
            scheme,
            &mut problems,
        )
        .await?;
    }
    page.emulate_media(&[]).await?;
    page.click("mode-train").await?;
    page.wait_for_training_ready().await?;
    training_sliders_and_announcements(&page).await?;
    for scheme in SCHEMES {
        audit(
            &page,
            &format!("training panel, {scheme}"),
            scheme,
            &mut problems,
        )
        .await?;
    }
    for size in [PHONE, TABLET, DESKTOP] {
        for scheme in SCHEMES {
            check_device(&page, size, scheme, &mut problems).await?;
        }
    }
    assert_eq!(page.console_errors().await?, Vec::<String>::new());
    page.close().await?;
    println!(
        "accessibility_and_devices took {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    Ok(())
}

/// Tab from the first control (the views' navigation) through the presets, the gradient chart,
/// the controls and the share bar: every control on the way is reached, and each shows a focus
/// ring when it is.
async fn keyboard_reaches_every_control_with_a_focus_ring(page: &ExplorerPage) -> Result<()> {
    // From the page's title (focusable only for this), so the first Tab lands on the first control.
    page.read(
        "const h = document.querySelector('header h1'); h.tabIndex = -1; h.focus(); return true",
    )
    .await?;
    let visited = page.tab(60).await?;
    let names: Vec<&str> = visited.iter().map(|f| f.name.as_str()).collect();
    for control in [
        "depth",
        "width",
        "activation",
        "init",
        "residual",
        "norm",
        "seed",
        "resample",
        "metric-toggle",
        "mode-explore",
        "mode-train",
        "pin",
        "theory-toggle",
        "gradient-chart",
    ] {
        assert!(
            names.contains(&control),
            "Tab never reached {control}: {names:?}"
        );
    }
    let without_ring: Vec<String> = visited
        .iter()
        .filter(|f| !f.ring)
        .map(|f| format!("{} ({})", f.name, f.ring_style))
        .collect();
    assert!(without_ring.is_empty(), "no focus ring: {without_ring:?}");
    Ok(())
}

/// Tab onto the depth slider from the last control of the charts (which come right after the
/// presets); → three times: depth 15 → 18, said in words, and both charts redraw with the new
/// depth in their text.
async fn arrow_keys_on_the_depth_slider_redraw_the_charts(page: &ExplorerPage) -> Result<()> {
    page.read("[...document.querySelectorAll('[data-area=charts] summary, [data-area=charts] [tabindex], [data-area=charts] input')].at(-1).focus(); return true")
        .await?;
    page.tab(1).await?;
    assert_eq!(
        page.focused_testid().await?,
        "depth",
        "Tab after the charts"
    );
    let before = page.render_counts().await?;
    page.keys_to_focused(Key::Right, 3).await?;
    page.wait_for_value("depth", "18").await?;
    page.wait_for_redraw(before).await?;
    assert_eq!(
        page.attr("depth", "aria-valuetext").await?.as_deref(),
        Some("18 layers")
    );
    let label = page.chart_label(Chart::Gradient).await?;
    assert!(label.contains("18 layers"), "gradient chart label: {label}");
    Ok(())
}

/// Every slider on the page (explorer and lessons) has a label and a value in words.
async fn sliders_say_their_values_in_words(page: &ExplorerPage) -> Result<()> {
    let unlabelled = page
        .read(
            "return [...document.querySelectorAll('input[type=range]')] \
             .filter(s => !(s.labels.length > 0 || s.getAttribute('aria-label')) \
                || !(s.getAttribute('aria-valuetext') || '').trim()) \
             .map(s => s.dataset.testid || s.id)",
        )
        .await?;
    assert_eq!(
        unlabelled,
        serde_json::json!([]),
        "sliders without label or aria-valuetext"
    );
    let width = page
        .attr("width", "aria-valuetext")
        .await?
        .unwrap_or_default();
    assert!(
        width.ends_with("units per layer"),
        "width slider says {width:?}"
    );
    Ok(())
}

/// The diagnosis card is a live region: loading another preset changes what it says, in
/// words and an icon, not only in colour.
async fn a_preset_click_is_announced(page: &ExplorerPage) -> Result<()> {
    assert_eq!(
        page.attr("diagnosis", "role").await?.as_deref(),
        Some("status")
    );
    let before = page.text("diagnosis").await?;
    page.load_preset("healthy-relu-he").await?;
    page.wait_for_text_change("diagnosis", &before).await?;
    let after = page.text("diagnosis").await?;
    assert!(
        before.contains('↓') && before.contains("Vanishing"),
        "before: {before}"
    );
    assert!(
        after.contains('✓') && after.contains("Healthy"),
        "after: {after}"
    );
    Ok(())
}

/// Each canvas is an image with a label; the gradient chart's table has a row per layer.
async fn every_chart_has_a_text_alternative(page: &ExplorerPage) -> Result<()> {
    let bare = page
        .read(
            "return [...document.querySelectorAll('canvas')] \
             .filter(c => c.getAttribute('role') !== 'img' || !(c.getAttribute('aria-label') || '').trim()) \
             .map(c => c.dataset.testid || c.className)",
        )
        .await?;
    assert_eq!(
        bare,
        serde_json::json!([]),
        "canvases without a text alternative"
    );
    let depth: usize = page.value("depth").await?.parse()?;
    let rows = page.chart_table_rows().await?;
    // The gradient chart's table and the activation chart's, a row per layer each.
    assert_eq!(rows, vec![depth, depth], "value table rows");
    Ok(())
}

/// The spinner turns (0.8 s a turn) unless the system asks for reduced motion.
async fn reduced_motion_stops_the_spinner(page: &ExplorerPage) -> Result<()> {
    let duration =
        "return parseFloat(getComputedStyle(document.querySelector('.spinner')).animationDuration)";
    let normal = page.read(duration).await?.as_f64();
    page.emulate_media(&[("prefers-reduced-motion", "reduce")])
        .await?;
    let reduced = page.read(duration).await?.as_f64();
    page.emulate_media(&[]).await?;
    assert!(
        normal.is_some_and(|s| s >= 0.5),
        "spinner turn: {normal:?} s"
    );
    assert!(
        reduced.is_some_and(|s| s < 0.001),
        "reduced motion: {reduced:?} s"
    );
    Ok(())
}

/// The training sliders say their values; a single step is announced with its loss.
async fn training_sliders_and_announcements(page: &ExplorerPage) -> Result<()> {
    for slider in ["train-noise", "train-lr", "train-momentum"] {
        let text = page
            .attr(slider, "aria-valuetext")
            .await?
            .unwrap_or_default();
        assert!(!text.trim().is_empty(), "{slider} has no aria-valuetext");
    }
    assert_eq!(
        page.attr("train-announce", "role").await?.as_deref(),
        Some("status")
    );
    let before = page.text_content("train-announce").await?;
    page.train_step().await?;
    page.wait_for_text_containing("train-announce", "step 1:")
        .await?;
    let after = page.text_content("train-announce").await?;
    assert!(
        after.contains("loss") && after != before,
        "{before:?} → {after:?}"
    );
    Ok(())
}

/// axe-core over the whole document in `scheme`; serious and critical findings are problems.
async fn audit(
    page: &ExplorerPage,
    what: &str,
    scheme: &str,
    problems: &mut Vec<String>,
) -> Result<()> {
    page.emulate_media(&[("prefers-color-scheme", scheme)])
        .await?;
    page.wait_for_frame().await?;
    let found = page.axe_violations().await?;
    problems.extend(found.into_iter().map(|v| format!("axe, {what}: {v}")));
    Ok(())
}

/// At `size` in `scheme`: no sideways scrolling, touch-sized controls (phone and tablet),
/// and screenshots of the controls, the training panel, the charts and a lesson table.
async fn check_device(
    page: &ExplorerPage,
    size: (u32, u32),
    scheme: &str,
    problems: &mut Vec<String>,
) -> Result<()> {
    page.resize(size).await?;
    page.emulate_media(&[("prefers-color-scheme", scheme)])
        .await?;
    page.wait_for_frame().await?;
    let (scroll, inner) = page.scroll_and_window_width().await?;
    if scroll > inner {
        let past = page.elements_past_the_right_edge().await?;
        problems.push(format!(
            "{}px {scheme}: scrolls sideways ({scroll} > {inner}): {past:?}",
            size.0
        ));
    }
    if size != DESKTOP {
        for small in page.small_touch_targets().await? {
            problems.push(format!("{}px: touch target under 24 px: {small}", size.0));
        }
    }
    page.scroll_to("header").await?;
    page.screenshot(&format!("a11y-{}-{scheme}-window", size.0))
        .await?;
    // A window as tall as the longest area, so each picture shows the whole of it (an
    // element's picture is cut at the window's edge, so it starts at the top); the width, which sets the layout, stays.
    page.resize((size.0, TALL)).await?;
    for (part, css) in [
        ("controls", "[data-area=controls]"),
        ("train", ".train-panel"),
        ("train-charts", ".train-charts"),
        ("status", "[data-area=status]"),
        // On a phone the charts' section lends its two figures to the page's column (the
        // gradient chart sticks under the presets), so each figure is pictured by itself.
        ("charts", ".gradient-figure"),
        ("histograms", ".activation-figure"),
        ("lessons", ".lesson-table"),
    ] {
        page.scroll_to(css).await?;
        page.screenshot_of(css, &format!("a11y-{}-{scheme}-{part}", size.0))
            .await?;
    }
    Ok(())
}
