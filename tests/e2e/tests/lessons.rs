//! The lessons as a reader meets them: every section reachable, formulas typeset, the toy and
//! the PyTorch snippet live, preset buttons working.

use e2e::{Page, Result};
use fantoccini::key::Key;
use fantoccini::Locator;
use gradient_flow_explorer::lessons::SECTIONS;

#[tokio::test(flavor = "multi_thread")]
async fn every_section_is_reachable_from_the_table_of_contents_and_typeset() -> Result<()> {
    let page = Page::open("", 1280, 1000).await?;
    page.wait_until(
        "KaTeX to typeset",
        "return document.querySelectorAll('.lesson .katex').length > 10",
    )
    .await?;
    for section in SECTIONS {
        let link = format!("[data-testid=lessons-toc] a[href='#{}']", section.id);
        page.client.find(Locator::Css(&link)).await?.click().await?;
        page.wait_until(
            &format!("section {} to scroll into view", section.id),
            &format!("const r = document.getElementById({:?}).getBoundingClientRect(); return r.top >= -2 && r.top < innerHeight / 2", section.id),
        )
        .await?;
        let heading = page
            .eval(&format!(
                "return document.getElementById({:?}).querySelector('h2').textContent",
                section.id
            ))
            .await?;
        assert_eq!(heading.as_str(), Some(section.title));
        page.screenshot(&format!("lesson-{}", section.id)).await?;
    }
    let errors = page
        .eval("return document.querySelectorAll('.katex-error').length")
        .await?;
    assert_eq!(errors.as_u64(), Some(0), "a formula failed to typeset");
    let blank = page.eval("return [...document.querySelectorAll('.math')].filter(m => m.textContent.trim() === '').length").await?;
    assert_eq!(blank.as_u64(), Some(0), "no formula is left blank");
    assert_eq!(page.console_errors().await?, Vec::<String>::new());
    page.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_telephone_toy_reads_3_1_percent_and_follows_its_slider() -> Result<()> {
    let page = Page::open("", 1280, 1000).await?;
    let result = page.text("telephone-result").await?;
    assert!(result.contains("3.1 %"), "at ×0.5: {result}");
    let slider = page
        .client
        .find(Locator::Css("[data-testid=telephone-multiplier]"))
        .await?;
    slider
        .send_keys(&char::from(Key::Right).to_string())
        .await?;
    page.wait_until("the toy to update", "return !document.querySelector('[data-testid=telephone-result]').textContent.includes('3.1 %')").await?;
    let moved = page.text("telephone-result").await?;
    assert!(moved.contains('%'), "{moved}");
    page.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_pytorch_snippet_follows_the_controls() -> Result<()> {
    let page = Page::open("?preset=healthy-relu-he", 1280, 1000).await?;
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

    let select = page
        .client
        .find(Locator::Css("[data-testid=activation]"))
        .await?;
    select.select_by_value("tanh").await?;
    page.wait_until("the snippet to follow the activation", "return document.querySelector('[data-testid=pytorch-code]').textContent.includes('nn.Tanh')").await?;
    let select = page.client.find(Locator::Css("[data-testid=init]")).await?;
    select.select_by_value("orthogonal").await?;
    page.wait_until("the snippet to follow the init", "return document.querySelector('[data-testid=pytorch-code]').textContent.includes('orthogonal_')").await?;
    let code = page.text("pytorch-code").await?;
    assert!(
        !code.contains("kaiming_normal_"),
        "the old init call is gone: {code}"
    );
    page.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn preset_buttons_in_the_lessons_load_their_preset() -> Result<()> {
    let page = Page::open("", 1280, 1000).await?;
    page.client
        .find(Locator::Css(
            "[data-testid=lesson-preset-vanishing-sigmoid]",
        ))
        .await?
        .click()
        .await?;
    page.wait_until("the preset to load", "return document.querySelector('[data-testid=diagnosis]').dataset.diagnosis === 'vanishing'").await?;
    let activation = page
        .eval("return document.querySelector('[data-testid=activation]').value")
        .await?;
    assert_eq!(activation.as_str(), Some("sigmoid"));
    page.client
        .find(Locator::Css("[data-testid=try-activation-selu]"))
        .await?
        .click()
        .await?;
    page.wait_until(
        "the activation to switch",
        "return document.querySelector('[data-testid=activation]').value === 'selu'",
    )
    .await?;
    page.client
        .find(Locator::Css("[data-testid=try-init-lecun_normal]"))
        .await?
        .click()
        .await?;
    page.wait_until(
        "SELU + LeCun to load and be healthy",
        "return document.querySelector('[data-testid=init]').value === 'lecun_normal' \
            && document.querySelector('[data-testid=diagnosis]').dataset.diagnosis === 'healthy'",
    )
    .await?;
    assert_eq!(page.console_errors().await?, Vec::<String>::new());
    page.close().await
}
