//! The chain works: the release build loads in Chromium, the wasm starts, nothing errors.

use e2e::{ExplorerPage, Result};

#[tokio::test(flavor = "multi_thread")]
async fn page_loads_with_header_and_no_console_error() -> Result<()> {
    let page = ExplorerPage::open("", (1280, 900)).await?;
    assert_eq!(
        page.fatal_error_hidden().await?,
        Some(true),
        "the app reported a fatal error"
    );
    assert_eq!(
        page.header_title().await?.as_deref(),
        Some("Gradient Flow Explorer")
    );
    for area in ["controls", "status", "charts", "lessons"] {
        assert!(page.has_area(area).await?, "layout area {area} is missing");
    }
    page.screenshot("foundation").await?;
    assert_eq!(page.console_errors().await?, Vec::<String>::new());
    page.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_panic_shows_a_visible_error_instead_of_a_frozen_page() -> Result<()> {
    // `?panic` is a test hook: the app panics on purpose right after mounting.
    let page = ExplorerPage::open("?panic=test", (1280, 900)).await?;
    let text = page.wait_for_fatal_error().await?;
    assert!(text.contains("Something went wrong"), "banner text: {text}");
    page.screenshot("panic-banner").await?;
    page.close().await
}
