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
async fn the_release_page_ignores_the_debug_panic_hook() -> Result<()> {
    // `?panic` makes a debug build panic on purpose (tests/web_panic.rs proves the banner and
    // its reset link with a real panic); a link must not be able to crash the published page.
    let page = ExplorerPage::open("?panic=test", (1280, 900)).await?;
    page.wait_for_charts().await?;
    assert_eq!(
        page.fatal_error_hidden().await?,
        Some(true),
        "the release page panicked on ?panic"
    );
    assert_eq!(page.console_errors().await?, Vec::<String>::new());
    page.close().await
}
