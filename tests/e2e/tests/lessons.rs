//! The lessons as a reader meets them: every section reachable, formulas typeset, the toy and
//! the PyTorch snippet live, preset buttons working.

use e2e::{ExplorerPage, Result};
use fantoccini::key::Key;
use gradient_flow_explorer::lessons::SECTIONS;

const WINDOW: (u32, u32) = (1280, 1000);

#[tokio::test(flavor = "multi_thread")]
async fn every_section_is_reachable_from_the_table_of_contents_and_typeset() -> Result<()> {
    let page = ExplorerPage::open("", WINDOW).await?;
    page.wait_for_typeset(10).await?;
    for section in SECTIONS {
        page.follow_contents_link(section.id).await?;
        page.wait_for_section_in_view(section.id).await?;
        assert_eq!(
            page.section_heading(section.id).await?.as_deref(),
            Some(section.title)
        );
        page.screenshot(&format!("lesson-{}", section.id)).await?;
    }
    assert_eq!(
        page.formula_errors().await?,
        Some(0),
        "a formula failed to typeset"
    );
    assert_eq!(
        page.blank_formulas().await?,
        Some(0),
        "no formula is left blank"
    );
    assert_eq!(page.console_errors().await?, Vec::<String>::new());
    page.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_telephone_toy_reads_3_1_percent_and_follows_its_slider() -> Result<()> {
    let page = ExplorerPage::open("", WINDOW).await?;
    let result = page.text("telephone-result").await?;
    assert!(result.contains("3.1 %"), "at ×0.5: {result}");
    page.press("telephone-multiplier", Key::Right, 1).await?;
    page.wait_for_text_without("telephone-result", "3.1 %")
        .await?;
    let moved = page.text("telephone-result").await?;
    assert!(moved.contains('%'), "{moved}");
    page.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_pytorch_snippet_follows_the_controls() -> Result<()> {
    let page = ExplorerPage::open("?preset=healthy-relu-he", WINDOW).await?;
    let code = page.text("pytorch-code").await?;
    assert!(
        code.contains("kaiming_normal_") && code.contains("nn.ReLU"),
        "{code}"
    );
    let predicted = page.text("pytorch-predicted").await?;
    assert_eq!(
        predicted
            .lines()
            .filter(|l| l.trim_start().starts_with("layer"))
            .count(),
        15,
        "{predicted}"
    );
    page.choose_activation("tanh").await?;
    page.wait_for_text_containing("pytorch-code", "nn.Tanh")
        .await?;
    page.choose_init("orthogonal").await?;
    page.wait_for_text_containing("pytorch-code", "orthogonal_")
        .await?;
    let code = page.text("pytorch-code").await?;
    assert!(
        !code.contains("kaiming_normal_"),
        "the old init call is gone: {code}"
    );
    page.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn preset_buttons_in_the_lessons_load_their_preset() -> Result<()> {
    let page = ExplorerPage::open("", WINDOW).await?;
    page.click("lesson-preset-vanishing-sigmoid").await?;
    page.wait_for_diagnosis("vanishing").await?;
    assert_eq!(page.value("activation").await?, "sigmoid");
    page.click("try-activation-selu").await?;
    page.wait_for_value("activation", "selu").await?;
    page.click("try-init-lecun_normal").await?;
    // SELU + LeCun loads and is healthy.
    page.wait_for_value("init", "lecun_normal").await?;
    page.wait_for_diagnosis("healthy").await?;
    assert_eq!(page.console_errors().await?, Vec::<String>::new());
    page.close().await
}
