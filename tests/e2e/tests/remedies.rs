//! Residual connections and normalization on the page: the two selects, their URL
//! parameters, the diagnoses the remedies presets teach, and every preset's promise.

use e2e::{Chart, ExplorerPage, Result};
use gradient_flow_explorer::page::presets::PRESETS;

#[tokio::test(flavor = "multi_thread")]
async fn remedies_selects_change_the_charts_and_the_url() -> Result<()> {
    let page = ExplorerPage::open_desktop("").await?;
    page.wait_for_charts().await?;
    assert_eq!(page.value("residual").await?, "none");
    assert_eq!(page.value("norm").await?, "none");
    page.wait_for_url_parameter("residual", None).await?;
    page.wait_for_url_parameter("norm", None).await?;

    let before = page.render_counts().await?;
    let input_side = page.text("grad-input").await?;
    page.choose_residual("identity").await?;
    page.wait_for_redraw(before).await?;
    page.wait_for_text_change("grad-input", &input_side).await?;
    page.wait_for_url_parameter("residual", Some("identity"))
        .await?;
    page.wait_for_text_containing("residual-note", "aₗ₋₁ + φ(zₗ)")
        .await?;

    let before = page.render_counts().await?;
    page.choose_norm("layer").await?;
    page.wait_for_redraw(before).await?;
    page.wait_for_url_parameter("norm", Some("layer")).await?;
    page.wait_for_text_containing("diagnosis-judged", "weight gradient")
        .await?;

    // Back to the defaults: they leave the address again.
    page.choose_residual("none").await?;
    page.choose_norm("none").await?;
    page.wait_for_url_parameter("residual", None).await?;
    page.wait_for_url_parameter("norm", None).await?;
    page.wait_for_text_containing("diagnosis-judged", "signal gradient")
        .await?;
    page.screenshot("remedies-selects").await?;
    assert_eq!(page.console_errors().await?, Vec::<String>::new());
    page.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn remedies_url_loads_scaled_residual_with_layer_norm() -> Result<()> {
    let page = ExplorerPage::open_desktop("?residual=scaled&norm=layer&depth=100").await?;
    page.wait_for_charts().await?;
    assert_eq!(page.value("residual").await?, "scaled");
    assert_eq!(page.value("norm").await?, "layer");
    // ReLU + He (the defaults) with a scaled residual and layer norm: healthy at depth 100.
    page.wait_for_diagnosis("healthy").await?;
    page.wait_for_text_containing("diagnosis-judged", "weight gradient")
        .await?;
    let label = page.chart_label(Chart::Gradient).await?;
    assert!(label.contains("100 layers"), "{label}");
    assert_eq!(page.console_errors().await?, Vec::<String>::new());
    page.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn remedies_batch_norm_alone_explodes_a_deep_relu_network() -> Result<()> {
    let page = ExplorerPage::open_desktop("?activation=relu&init=he_normal&depth=30").await?;
    page.wait_for_charts().await?;
    page.wait_for_diagnosis("healthy").await?;
    page.choose_norm("batch").await?;
    page.wait_for_diagnosis("exploding").await?;
    page.wait_for_url_parameter("norm", Some("batch")).await?;
    assert_eq!(page.console_errors().await?, Vec::<String>::new());
    page.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn remedies_every_preset_shows_the_diagnosis_its_explanation_promises() -> Result<()> {
    let page = ExplorerPage::open_desktop("").await?;
    page.wait_for_charts().await?;
    for p in &PRESETS {
        page.load_preset(p.id).await?;
        page.wait_for_diagnosis(p.expected.id()).await?;
        assert_eq!(
            page.value("residual").await?,
            p.net.residual.id(),
            "{}",
            p.id
        );
        assert_eq!(page.value("norm").await?, p.net.norm.id(), "{}", p.id);
    }
    assert_eq!(page.console_errors().await?, Vec::<String>::new());
    page.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn remedies_lesson_try_it_buttons_load_their_presets() -> Result<()> {
    let page = ExplorerPage::open_desktop("").await?;
    page.wait_for_charts().await?;
    page.click("lesson-preset-scaled-residual-layernorm")
        .await?;
    page.wait_for_value("residual", "scaled").await?;
    page.wait_for_value("norm", "layer").await?;
    page.wait_for_diagnosis("healthy").await?;
    page.click("lesson-preset-batchnorm-relu").await?;
    page.wait_for_value("residual", "none").await?;
    page.wait_for_value("norm", "batch").await?;
    page.wait_for_diagnosis("exploding").await?;
    assert_eq!(page.console_errors().await?, Vec::<String>::new());
    page.close().await
}
