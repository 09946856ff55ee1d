//! The explorer as a user meets it: presets, keyboard, URL, themes, phone width.

use e2e::{Chart, ExplorerPage, Result};
use fantoccini::key::Key;

#[tokio::test(flavor = "multi_thread")]
async fn every_preset_gives_its_diagnosis() -> Result<()> {
    let page = ExplorerPage::open_desktop("").await?;
    page.wait_for_charts().await?;
    let expected: [(&str, &[&str]); 8] = [
        ("vanishing-sigmoid", &["vanishing"]),
        ("healthy-relu-he", &["healthy"]),
        ("exploding-random", &["exploding", "overflow"]),
        ("selu-lecun", &["healthy"]),
        ("tanh-xavier", &["healthy"]),
        ("relu-xavier", &["vanishing"]),
        ("saturated-sigmoid", &["vanishing"]),
        ("small-init", &["vanishing"]),
    ];
    for (id, allowed) in expected {
        let diagnosis = page.load_preset(id).await?;
        assert!(
            allowed.contains(&diagnosis.as_str()),
            "{id}: data-diagnosis={diagnosis}"
        );
        assert_eq!(
            page.preset_pressed(id).await?.as_deref(),
            Some("true"),
            "{id} button shows as pressed"
        );
    }
    assert_eq!(page.console_errors().await?, Vec::<String>::new());
    page.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn keyboard_on_the_depth_slider_redraws_both_charts_and_updates_the_status() -> Result<()> {
    let page = ExplorerPage::open_desktop("?preset=vanishing-sigmoid").await?;
    page.wait_for_charts().await?;
    let before_counts = page.render_counts().await?;
    let before_input = page.text("grad-input").await?;
    page.press("depth", Key::Right, 5).await?;
    page.wait_for_value("depth", "20").await?;
    page.wait_for_redraw(before_counts).await?;
    page.wait_for_text_change("grad-input", &before_input)
        .await?;
    let label = page.chart_label(Chart::Gradient).await?;
    assert!(
        label.contains("20 layers"),
        "aria-label follows the depth: {label}"
    );
    assert_eq!(page.depth_shown().await?, "20");
    // Editing after a preset keeps the explanation but marks it as modified.
    let explanation = page.text("preset-explanation").await?;
    assert!(
        explanation.contains("modified") && explanation.contains("sigmoid"),
        "{explanation}"
    );
    assert_eq!(page.console_errors().await?, Vec::<String>::new());
    page.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_url_parameters_are_clamped_with_a_message() -> Result<()> {
    let page = ExplorerPage::open_desktop("?depth=5000&width=abc&activation=swish&seed=-1").await?;
    page.wait_for_charts().await?;
    let warnings = page.text("url-warnings").await?;
    assert!(
        warnings.contains("5000") && warnings.contains("swish"),
        "{warnings}"
    );
    assert_eq!(page.value("depth").await?, "100");
    let diagnosis = page.diagnosis().await?;
    assert!(["healthy", "vanishing", "exploding", "overflow", "dead"].contains(&diagnosis.as_str()));
    assert_eq!(page.console_errors().await?, Vec::<String>::new());
    page.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn overflow_is_shown_as_overflow() -> Result<()> {
    let page = ExplorerPage::open_desktop("?activation=relu&init=random_normal&depth=60").await?;
    page.wait_for_charts().await?;
    assert_eq!(page.diagnosis().await?, "overflow");
    let input = page.text("grad-input").await?;
    // Past float32's range the input's gradient is inf ("overflow") or no number ("NaN").
    assert!(
        ["overflow", "NaN", "0"].iter().any(|w| input.contains(w)),
        "input card: {input}"
    );
    let label = page.chart_label(Chart::Gradient).await?;
    assert!(label.contains("overflow"), "{label}");
    page.screenshot("overflow").await?;
    page.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn metric_toggle_switches_the_whole_page_to_weight_gradients() -> Result<()> {
    let page = ExplorerPage::open_desktop("?preset=exploding-random").await?;
    page.wait_for_charts().await?;
    let signal_ratio = page.text("grad-ratio").await?;
    page.toggle_metric().await?;
    page.wait_for_weight_metric().await?;
    page.wait_for_text_change("grad-ratio", &signal_ratio)
        .await?;
    let label = page.chart_label(Chart::Gradient).await?;
    assert!(label.to_lowercase().contains("weight"), "{label}");
    page.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn screenshots_of_three_presets_light_dark_and_phone() -> Result<()> {
    for (scheme, size, suffix) in [
        ("light", e2e::DESKTOP, "light"),
        ("dark", e2e::DESKTOP, "dark"),
        ("light", (375, 1800), "phone"),
    ] {
        let page = ExplorerPage::open("", size).await?;
        page.set_color_scheme(scheme).await?;
        for id in ["vanishing-sigmoid", "healthy-relu-he", "exploding-random"] {
            page.load_preset(id).await?;
            page.wait_for_charts().await?;
            assert_eq!(page.prefers_dark().await?, Some(scheme == "dark"));
            // Let the theme change reach the canvases before the picture.
            page.wait_for_frame().await?;
            page.screenshot(&format!("preset-{id}-{suffix}")).await?;
        }
        if suffix == "phone" {
            assert_eq!(
                page.fits_the_window_width().await?,
                Some(true),
                "no horizontal scrolling at 375 px"
            );
        }
        assert_eq!(page.console_errors().await?, Vec::<String>::new());
        page.close().await?;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn focusing_the_gradient_chart_reads_out_a_bar() -> Result<()> {
    let page = ExplorerPage::open_desktop("?preset=healthy-relu-he").await?;
    page.wait_for_charts().await?;
    page.press(Chart::Gradient.testid(), Key::End, 1).await?;
    let tooltip = page.wait_for_tooltip("").await?;
    let output = page.text("grad-output").await?;
    assert!(
        tooltip.starts_with("Layer 15:") && tooltip.ends_with(&output),
        "tooltip {tooltip:?} vs card {output:?}"
    );
    page.press(Chart::Gradient.testid(), Key::Left, 1).await?;
    page.wait_for_tooltip("Layer 14:").await?;
    page.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_variability_band_redraws_the_chart() -> Result<()> {
    let page = ExplorerPage::open_desktop("?preset=vanishing-sigmoid").await?;
    page.wait_for_charts().await?;
    let before = page.render_count(Chart::Gradient).await?;
    page.show_variability().await?;
    page.wait_for_chart_redraw(Chart::Gradient, before).await?;
    page.screenshot("variability-band").await?;
    assert_eq!(page.console_errors().await?, Vec::<String>::new());
    page.close().await
}
