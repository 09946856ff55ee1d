//! The precision lens on the page, in headless Chromium: float16 picked through the select
//! shows the precision chart and says layer 1 lost its whole gradient; a dynamic loss scale
//! recovers it; float32 hides the chart and leaves the address as it was before the lens. The
//! two float16 presets say what the page then shows. Screenshots at 1400 × 1000 and 390 × 844.

use e2e::{ExplorerPage, Result};

/// The network: 12 sigmoid layers with Xavier weights (width 64, batch 64, seed 0).
const SIGMOID_12: &str = "?activation=sigmoid&init=xavier_normal&depth=12";

/// Layer 1's lost fraction, as the card's `data-first-layer-lost` says it.
async fn first_layer_lost(page: &ExplorerPage) -> Result<f64> {
    let v = page
        .attr("precision-status", "data-first-layer-lost")
        .await?;
    Ok(v.and_then(|v| v.parse().ok()).unwrap_or(f64::NAN))
}

#[tokio::test(flavor = "multi_thread")]
async fn float16_loses_layer_1_and_a_dynamic_scale_recovers_it() -> Result<()> {
    let page = ExplorerPage::open(SIGMOID_12, (1400, 1000)).await?;
    page.wait_for_charts().await?;
    assert!(
        !page.precision_chart_shown().await?,
        "no precision chart in float32"
    );
    assert!(
        page.attr("loss-scale", "disabled").await?.is_some(),
        "no scale in float32"
    );

    page.choose_precision("float16").await?;
    page.wait_for_precision_chart(0).await?;
    let words = page
        .wait_for_precision_words("float16, no loss scale")
        .await?;
    assert!(
        words.contains("Layers 1–5 lost 100 % of their gradient entries to underflow"),
        "{words}"
    );
    assert_eq!(first_layer_lost(&page).await?, 1.0);
    // The verdict names the format that lost it, not float32.
    let diagnosis = page.text("diagnosis").await?;
    assert!(
        diagnosis.contains("float16's smallest number"),
        "{diagnosis}"
    );
    assert!(!diagnosis.contains("float32"), "{diagnosis}");
    assert_eq!(page.attr("loss-scale", "disabled").await?, None);
    page.wait_for_url_parameter("precision", Some("float16"))
        .await?;
    assert!(!page.url_query().await?.contains("loss_scale"));
    let label = page
        .attr("gradient-chart", "aria-label")
        .await?
        .unwrap_or_default();
    assert!(
        label.contains("Layers 1–6 below the underflow floor"),
        "{label}"
    );
    let precision_label = page
        .attr("precision-chart", "aria-label")
        .await?
        .unwrap_or_default();
    assert!(
        precision_label.contains("Layers 1–5 lost 100 %"),
        "{precision_label}"
    );
    page.scroll_to("[data-testid=gradient-figure]").await?;
    page.screenshot("precision-float16-gradient-1400").await?;
    page.scroll_to("[data-area=status]").await?;
    page.screenshot("precision-float16-1400").await?;
    // The lens's controls, card, chart and table pass axe-core in both schemes (at this
    // width no table scrolls; on a phone every chart's table does, the gradient chart's too).
    for scheme in ["light", "dark"] {
        page.emulate_media(&[("prefers-color-scheme", scheme)])
            .await?;
        page.wait_for_frame().await?;
        assert_eq!(
            page.axe_violations().await?,
            Vec::<String>::new(),
            "{scheme}"
        );
    }
    page.emulate_media(&[]).await?;

    // 2^8 is not enough: layer 1 is still lost entirely.
    let before = page.precision_render_count().await?;
    page.choose_loss_scale("2^8").await?;
    page.wait_for_precision_chart(before).await?;
    page.wait_for_precision_words("float16, loss scale 2^8")
        .await?;
    assert_eq!(first_layer_lost(&page).await?, 1.0);

    let before = page.precision_render_count().await?;
    page.choose_loss_scale("dynamic").await?;
    page.wait_for_precision_chart(before).await?;
    let words = page.wait_for_precision_words("reached S = 2^16").await?;
    let lost = first_layer_lost(&page).await?;
    assert!(
        lost < 0.1,
        "layer 1 lost {lost} with a dynamic scale: {words}"
    );
    page.wait_for_url_parameter("loss_scale", Some("dynamic"))
        .await?;
    let label = page
        .attr("gradient-chart", "aria-label")
        .await?
        .unwrap_or_default();
    assert!(!label.contains("underflow floor"), "{label}");
    page.scroll_to("[data-testid=gradient-figure]").await?;
    page.screenshot("precision-dynamic-gradient-1400").await?;
    page.scroll_to("[data-area=status]").await?;
    page.screenshot("precision-dynamic-1400").await?;

    // Back walks to 2^8 through the one Edit path: the select and the card follow.
    page.back().await?;
    page.wait_for_precision_words("float16, loss scale 2^8")
        .await?;
    assert_eq!(page.value("loss-scale").await?, "2^8");
    assert_eq!(first_layer_lost(&page).await?, 1.0);
    page.choose_loss_scale("dynamic").await?;
    page.wait_for_precision_words("reached S = 2^16").await?;

    // Back to float32: no chart, no card, and the address is the float32 one.
    page.choose_precision("float32").await?;
    page.wait_for_url_parameter("precision", None).await?;
    page.wait_for_idle().await?;
    assert!(!page.precision_chart_shown().await?);
    assert!(!page.url_query().await?.contains("loss_scale"));
    assert_eq!(page.console_errors().await?, Vec::<String>::new());
    page.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_float16_presets_say_what_the_page_shows_on_a_phone() -> Result<()> {
    let page = ExplorerPage::open("", (390, 844)).await?;
    page.wait_for_charts().await?;
    page.load_preset("float16-underflow").await?;
    page.wait_for_precision_chart(0).await?;
    let words = page
        .wait_for_precision_words("float16, no loss scale")
        .await?;
    assert!(words.contains("Layers 1–5 lost 100 %"), "{words}");
    assert_eq!(page.value("precision").await?, "float16");
    assert_eq!(page.value("loss-scale").await?, "none");
    page.scroll_to("[data-testid=precision-figure]").await?;
    page.wait_for_frame().await?;
    page.screenshot("precision-float16-390").await?;
    // Nothing makes the phone scroll sideways (the wide tables scroll inside themselves).
    let (scroll_w, window_w) = page.scroll_and_window_width().await?;
    assert!(
        scroll_w <= window_w,
        "the page scrolls sideways: {scroll_w} > {window_w}"
    );

    page.load_preset("float16-dynamic-scale").await?;
    let words = page.wait_for_precision_words("reached S = 2^16").await?;
    assert!(first_layer_lost(&page).await? < 0.1, "{words}");
    assert_eq!(page.value("loss-scale").await?, "dynamic");
    assert_eq!(
        page.preset_pressed("float16-dynamic-scale")
            .await?
            .as_deref(),
        Some("true")
    );
    assert_eq!(
        page.preset_pressed("float16-underflow").await?.as_deref(),
        Some("false"),
        "the same network in another format is another preset"
    );
    page.scroll_to("[data-testid=precision-status]").await?;
    page.wait_for_frame().await?;
    page.screenshot("precision-dynamic-390").await?;

    // The address restores the format.
    let query = page.url_query().await?;
    assert!(
        query.contains("precision=float16&loss_scale=dynamic"),
        "{query}"
    );
    let again = ExplorerPage::open(&format!("?{query}"), (390, 844)).await?;
    again.wait_for_precision_chart(0).await?;
    again.wait_for_precision_words("reached S = 2^16").await?;
    assert_eq!(again.value("loss-scale").await?, "dynamic");
    assert_eq!(page.console_errors().await?, Vec::<String>::new());
    again.close().await?;
    page.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pin_keeps_its_format_and_says_it() -> Result<()> {
    let page = ExplorerPage::open(
        &format!("{SIGMOID_12}&precision=float16&loss_scale=dynamic"),
        (1400, 1000),
    )
    .await?;
    page.wait_for_charts().await?;
    page.wait_for_precision_chart(0).await?;
    page.pin().await?;
    page.wait_for_url_parameter("pin.precision", Some("float16"))
        .await?;
    page.wait_for_url_parameter("pin.loss_scale", Some("dynamic"))
        .await?;
    // Back to float32: the pinned run stays float16 and is named so.
    page.choose_precision("float32").await?;
    let label = page
        .wait_for_chart_label_containing("float16, dynamic loss scale")
        .await?;
    assert!(label.contains("pinned network"), "{label}");
    page.wait_for_text_containing("pin", "float16, dynamic loss scale")
        .await?;
    page.wait_for_text_containing("pin-diff", "float16, dynamic loss scale")
        .await?;
    page.scroll_to_status().await?;
    page.screenshot("precision-pinned-float16").await?;
    assert_eq!(page.console_errors().await?, Vec::<String>::new());
    page.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_lesson_shows_a_typed_numbers_bits() -> Result<()> {
    let page = ExplorerPage::open("", (1400, 1000)).await?;
    page.wait_for_charts().await?;
    page.type_number_bits("1e-8").await?;
    page.wait_for_text_containing("bits-float16", "zero")
        .await?;
    page.wait_for_text_containing("bits-bfloat16", "normal")
        .await?;
    page.type_number_bits("65520").await?;
    page.wait_for_text_containing("bits-float16", "infinite")
        .await?;
    page.wait_for_text_containing("bits-float16", "11111")
        .await?;
    page.type_number_bits("1e-5").await?;
    page.wait_for_text_containing("bits-float16", "subnormal")
        .await?;
    page.type_number_bits("abc").await?;
    page.wait_for_text_containing("bits-note", "Type a number")
        .await?;
    page.type_number_bits("0.1").await?;
    page.wait_for_text_containing("bits-bfloat16", "0.1000976")
        .await?;
    page.scroll_to_testid("bits-table").await?;
    page.screenshot("precision-lesson-bits").await?;
    assert_eq!(page.console_errors().await?, Vec::<String>::new());
    page.close().await
}
