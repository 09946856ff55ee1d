//! The mean-field theory on the page: the overlay toggle, the χ readout for the sigmoid
//! preset, the phase diagram changing the configuration, and "no prediction" where the theory
//! has none. Screenshots of the overlay and the diagram go to target/e2e/.

use e2e::{Chart, ExplorerPage, Result};

#[tokio::test(flavor = "multi_thread")]
async fn theory_overlay_and_chi_readout_for_the_sigmoid_preset() -> Result<()> {
    let page = ExplorerPage::open_desktop("?preset=vanishing-sigmoid").await?;
    page.wait_for_charts().await?;
    let (text, value) = page.chi_readout().await?;
    let chi: f64 = value.parse()?;
    assert!((0.04..0.07).contains(&chi), "χ {chi}");
    assert!(
        text.contains("each layer multiplies the gradient by ≈ √χ = 0.24"),
        "{text}"
    );
    assert!(text.contains("shrink e-fold every ξ"), "{text}");

    let before = page.render_count(Chart::Gradient).await?;
    page.toggle_theory().await?;
    page.wait_for_chart_redraw(Chart::Gradient, before).await?;
    page.wait_for_gradient_label_containing("Dashed line: the mean-field prediction")
        .await?;
    page.wait_for_frame().await?;
    page.screenshot_of("[data-testid=gradient-chart]", "theory-overlay-sigmoid")
        .await?;
    page.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn clicking_the_phase_diagram_sets_a_custom_variance() -> Result<()> {
    let page = ExplorerPage::open_desktop("?activation=tanh&init=xavier_normal&depth=30").await?;
    page.wait_for_charts().await?;
    let (w0, _) = page.phase_marker().await?;
    assert_eq!(w0, "1", "Xavier puts tanh at σ_w² = 1");
    assert_eq!(page.diagnosis().await?, "healthy");
    let before = page.render_counts().await?;
    // Near the left edge, low: deep in the ordered phase (σ_w² ≈ 0.3 on tanh's 0–4 plane).
    page.click_phase_diagram(0.15, 0.8).await?;
    page.wait_for_phase_marker_change(&w0).await?;
    page.wait_for_redraw(before).await?;
    page.wait_for_value("init", "custom").await?;
    let (w_text, _) = page.phase_marker().await?;
    // The link keeps the custom variance.
    page.wait_for_url_parameter("sigma_w2", Some(&w_text))
        .await?;
    let w: f64 = w_text.parse()?;
    assert!((0.05..0.8).contains(&w), "σ_w² {w}");
    let (text, _) = page.chi_readout().await?;
    assert!(
        text.contains("shrink") && text.contains("ordered"),
        "{text}"
    );
    // χ* ≈ σ_w² there: a factor ≈ 0.55 a layer over 30 layers, and the diagnosis follows.
    page.wait_for_diagnosis("vanishing").await?;
    page.screenshot_of(".phase-chart", "phase-diagram-tanh-custom")
        .await?;
    page.screenshot_of("[data-area=theory]", "theory-panel-tanh-custom")
        .await?;
    // Choosing an init again clears the override.
    page.choose_init("xavier_normal").await?;
    page.wait_for_phase_marker_change(&w_text).await?;
    assert_eq!(page.phase_marker().await?.0, "1");
    page.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn residual_with_layer_norm_says_there_is_no_prediction() -> Result<()> {
    let page = ExplorerPage::open_desktop("?preset=scaled-residual-layernorm").await?;
    page.wait_for_charts().await?;
    let (text, value) = page.chi_readout().await?;
    assert_eq!(value, "none");
    assert!(text.contains("plain-network quantity"), "{text}");
    page.toggle_theory().await?;
    page.wait_for_gradient_label_containing("no mean-field prediction for scaled residual")
        .await?;
    page.wait_for_url_parameter("theory", Some("1")).await?;
    page.wait_for_frame().await?;
    page.screenshot_of("[data-testid=gradient-chart]", "theory-overlay-none")
        .await?;
    page.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_link_with_theory_on_shows_the_overlay() -> Result<()> {
    let page = ExplorerPage::open_desktop("?preset=vanishing-sigmoid&theory=1").await?;
    page.wait_for_charts().await?;
    page.wait_for_gradient_label_containing("Dashed line: the mean-field prediction")
        .await?;
    assert!(page.theory_toggle_checked().await?);
    page.close().await
}
