//! The chain works: the release build loads in Chromium, the wasm starts, nothing errors.

use e2e::{Page, Result};

#[tokio::test(flavor = "multi_thread")]
async fn page_loads_with_header_and_no_console_error() -> Result<()> {
    let page = Page::open("", 1280, 900).await?;
    let fatal_hidden = page.eval("return document.getElementById('fatal-error').hidden").await?;
    assert_eq!(fatal_hidden.as_bool(), Some(true), "the app reported a fatal error");
    let header = page.eval("return document.querySelector('header h1')?.textContent").await?;
    assert_eq!(header.as_str(), Some("Gradient Flow Explorer"));
    for area in ["controls", "status", "charts", "lessons"] {
        let found = page.eval(&format!("return document.querySelector('[data-area={area}]') !== null")).await?;
        assert_eq!(found.as_bool(), Some(true), "layout area {area} is missing");
    }
    page.screenshot("foundation").await?;
    assert_eq!(page.console_errors().await?, Vec::<String>::new());
    page.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_panic_shows_a_visible_error_instead_of_a_frozen_page() -> Result<()> {
    // `?panic` is a test hook: the app panics on purpose right after mounting.
    let page = Page::open("?panic=test", 1280, 900).await?;
    page.wait_until("the error banner", "return !document.getElementById('fatal-error').hidden").await?;
    let text = page.eval("return document.getElementById('fatal-error').textContent").await?;
    let text = text.as_str().unwrap_or_default().to_string();
    assert!(text.contains("Something went wrong"), "banner text: {text}");
    page.screenshot("panic-banner").await?;
    page.close().await
}
