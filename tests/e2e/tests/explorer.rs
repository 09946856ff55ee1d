//! The explorer as a user meets it: presets, keyboard, URL, themes, phone width.

use e2e::{Page, Result};
use fantoccini::key::Key;
use fantoccini::Locator;

const DESKTOP: (u32, u32) = (1280, 1100);

async fn render_counts(page: &Page) -> Result<(u64, u64)> {
    let count = |id: &'static str| async move {
        let v = page
            .attr(id, "data-render-count")
            .await?
            .unwrap_or_default();
        Ok::<u64, Box<dyn std::error::Error + Send + Sync>>(v.parse().unwrap_or(0))
    };
    Ok((
        count("gradient-chart").await?,
        count("activation-chart").await?,
    ))
}

async fn wait_for_charts(page: &Page) -> Result<()> {
    page.wait_until(
        "both charts to draw",
        "return ['gradient-chart','activation-chart'].every(id => +document.querySelector(`[data-testid=${id}]`).dataset.renderCount > 0)",
    )
    .await
}

async fn load_preset(page: &Page, id: &str) -> Result<String> {
    page.click(&format!("preset-{id}")).await?;
    page.wait_until(
        "the preset to load",
        &format!("return document.querySelector('[data-testid=preset-explanation]').textContent.includes({:?}) && new URLSearchParams(location.search).get('preset') === {id:?}",
            title(id)),
    )
    .await?;
    Ok(page
        .attr("diagnosis", "data-diagnosis")
        .await?
        .unwrap_or_default())
}

fn title(id: &str) -> &'static str {
    gradient_flow_explorer::presets::find(id)
        .map(|p| p.title)
        .unwrap_or("unknown preset")
}

#[tokio::test(flavor = "multi_thread")]
async fn every_preset_gives_its_diagnosis() -> Result<()> {
    let page = Page::open("", DESKTOP.0, DESKTOP.1).await?;
    wait_for_charts(&page).await?;
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
        let diagnosis = load_preset(&page, id).await?;
        assert!(
            allowed.contains(&diagnosis.as_str()),
            "{id}: data-diagnosis={diagnosis}"
        );
        let pressed = page.attr(&format!("preset-{id}"), "aria-pressed").await?;
        assert_eq!(
            pressed.as_deref(),
            Some("true"),
            "{id} button shows as pressed"
        );
    }
    assert_eq!(page.console_errors().await?, Vec::<String>::new());
    page.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn keyboard_on_the_depth_slider_redraws_both_charts_and_updates_the_status() -> Result<()> {
    let page = Page::open("?preset=vanishing-sigmoid", DESKTOP.0, DESKTOP.1).await?;
    wait_for_charts(&page).await?;
    let before_counts = render_counts(&page).await?;
    let before_input = page.text("grad-input").await?;
    let depth = page
        .client
        .find(Locator::Css("[data-testid=depth]"))
        .await?;
    let right: String = [char::from(Key::Right); 5].iter().collect();
    depth.send_keys(&right).await?;
    page.wait_until(
        "depth 20",
        "return document.querySelector('[data-testid=depth]').value === '20'",
    )
    .await?;
    page.wait_until(
        "the charts to redraw",
        &format!("return +document.querySelector('[data-testid=gradient-chart]').dataset.renderCount > {} && +document.querySelector('[data-testid=activation-chart]').dataset.renderCount > {}", before_counts.0, before_counts.1),
    ).await?;
    page.wait_until("the status to change", &format!("return document.querySelector('[data-testid=grad-input]').textContent !== {before_input:?}")).await?;
    let label = page
        .attr("gradient-chart", "aria-label")
        .await?
        .unwrap_or_default();
    assert!(
        label.contains("20 layers"),
        "aria-label follows the depth: {label}"
    );
    let output = page
        .eval("return document.querySelector('output[for=depth]').textContent")
        .await?;
    assert_eq!(output.as_str(), Some("20"));
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
    let page = Page::open(
        "?depth=5000&width=abc&activation=swish&seed=-1",
        DESKTOP.0,
        DESKTOP.1,
    )
    .await?;
    wait_for_charts(&page).await?;
    let warnings = page.text("url-warnings").await?;
    assert!(
        warnings.contains("5000") && warnings.contains("swish"),
        "{warnings}"
    );
    let depth = page
        .eval("return document.querySelector('[data-testid=depth]').value")
        .await?;
    assert_eq!(depth.as_str(), Some("100"));
    let diagnosis = page
        .attr("diagnosis", "data-diagnosis")
        .await?
        .unwrap_or_default();
    assert!(["healthy", "vanishing", "exploding", "overflow", "dead"].contains(&diagnosis.as_str()));
    assert_eq!(page.console_errors().await?, Vec::<String>::new());
    page.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn overflow_is_shown_as_overflow() -> Result<()> {
    let page = Page::open(
        "?activation=relu&init=random_normal&depth=60",
        DESKTOP.0,
        DESKTOP.1,
    )
    .await?;
    wait_for_charts(&page).await?;
    assert_eq!(
        page.attr("diagnosis", "data-diagnosis").await?.as_deref(),
        Some("overflow")
    );
    let input = page.text("grad-input").await?;
    assert!(
        input.contains("overflow") || input.contains("0"),
        "input card: {input}"
    );
    let label = page
        .attr("gradient-chart", "aria-label")
        .await?
        .unwrap_or_default();
    assert!(label.contains("overflow"), "{label}");
    page.screenshot("overflow").await?;
    page.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn metric_toggle_switches_the_whole_page_to_weight_gradients() -> Result<()> {
    let page = Page::open("?preset=exploding-random", DESKTOP.0, DESKTOP.1).await?;
    wait_for_charts(&page).await?;
    let signal_ratio = page.text("grad-ratio").await?;
    page.click("metric-toggle").await?;
    page.wait_until("the weight metric", "return document.querySelector('[data-testid=metric-toggle]').getAttribute('aria-checked') === 'true'").await?;
    page.wait_until("the ratio to change", &format!("return document.querySelector('[data-testid=grad-ratio]').textContent !== {signal_ratio:?}")).await?;
    let label = page
        .attr("gradient-chart", "aria-label")
        .await?
        .unwrap_or_default();
    assert!(label.to_lowercase().contains("weight"), "{label}");
    page.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn screenshots_of_three_presets_light_dark_and_phone() -> Result<()> {
    for (scheme, (w, h), suffix) in [
        ("light", DESKTOP, "light"),
        ("dark", DESKTOP, "dark"),
        ("light", (375, 1800), "phone"),
    ] {
        let page = Page::open("", w, h).await?;
        page.set_color_scheme(scheme).await?;
        for id in ["vanishing-sigmoid", "healthy-relu-he", "exploding-random"] {
            load_preset(&page, id).await?;
            wait_for_charts(&page).await?;
            let dark = page
                .eval("return matchMedia('(prefers-color-scheme: dark)').matches")
                .await?;
            assert_eq!(dark.as_bool(), Some(scheme == "dark"));
            // Let the theme change reach the canvases before the picture.
            page.wait_until(
                "the page to settle",
                "return new Promise(r => requestAnimationFrame(() => r(true)))",
            )
            .await?;
            page.screenshot(&format!("preset-{id}-{suffix}")).await?;
        }
        if suffix == "phone" {
            let overflow = page
                .eval("return document.documentElement.scrollWidth <= window.innerWidth + 1")
                .await?;
            assert_eq!(
                overflow.as_bool(),
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
    let page = Page::open("?preset=healthy-relu-he", DESKTOP.0, DESKTOP.1).await?;
    wait_for_charts(&page).await?;
    let chart = page
        .client
        .find(Locator::Css("[data-testid=gradient-chart]"))
        .await?;
    chart.send_keys(&char::from(Key::End).to_string()).await?;
    page.wait_until(
        "the tooltip",
        "return document.querySelector('.tooltip') !== null",
    )
    .await?;
    let tooltip = page
        .eval("return document.querySelector('.tooltip').textContent")
        .await?;
    let tooltip = tooltip.as_str().unwrap_or_default().to_string();
    let output = page.text("grad-output").await?;
    assert!(
        tooltip.starts_with("Layer 15:") && tooltip.ends_with(&output),
        "tooltip {tooltip:?} vs card {output:?}"
    );
    chart.send_keys(&char::from(Key::Left).to_string()).await?;
    page.wait_until(
        "layer 14",
        "return document.querySelector('.tooltip').textContent.startsWith('Layer 14:')",
    )
    .await?;
    page.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_variability_band_redraws_the_chart() -> Result<()> {
    let page = Page::open("?preset=vanishing-sigmoid", DESKTOP.0, DESKTOP.1).await?;
    wait_for_charts(&page).await?;
    let before = render_counts(&page).await?.0;
    page.eval("document.querySelector('details.advanced').open = true; return 1")
        .await?;
    page.click("show-variability").await?;
    page.wait_until(
        "a redraw with the band",
        &format!("return +document.querySelector('[data-testid=gradient-chart]').dataset.renderCount > {before}"),
    )
    .await?;
    page.screenshot("variability-band").await?;
    assert_eq!(page.console_errors().await?, Vec::<String>::new());
    page.close().await
}
