//! A link that restores everything, Back and Forward, the four exports, and pin-to-compare.

use e2e::{ExplorerPage, Result};

/// Controls and diagnosis as a user reads them.
async fn visible_state(page: &ExplorerPage) -> Result<Vec<String>> {
    page.wait_for_idle().await?;
    let mut state = Vec::new();
    for id in [
        "depth",
        "width",
        "activation",
        "init",
        "residual",
        "norm",
        "seed",
    ] {
        state.push(format!("{id}={}", page.value(id).await?));
    }
    state.push(format!(
        "metric-weight={}",
        page.checked("metric-toggle").await?
    ));
    state.push(format!("band={}", page.checked("show-variability").await?));
    state.push(format!("diagnosis={}", page.diagnosis().await?));
    state.push(format!("output={}", page.text("grad-output").await?));
    Ok(state)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_link_restores_controls_and_diagnosis_in_a_fresh_browser() -> Result<()> {
    let first = ExplorerPage::open_desktop("").await?;
    first.wait_for_charts().await?;
    first.load_preset("vanishing-sigmoid").await?;
    first.set_depth(33).await?;
    first.choose_norm("layer").await?;
    first.toggle_metric().await?;
    first.wait_for_weight_metric().await?;
    first.show_variability().await?;
    first.wait_for_url_parameter("spread", Some("1")).await?;
    first.wait_for_url_parameter("depth", Some("33")).await?;
    let before = visible_state(&first).await?;
    let query = first.url_query().await?;
    first.close().await?;

    let second = ExplorerPage::open_desktop(&format!("?{query}")).await?;
    second.wait_for_charts().await?;
    let after = visible_state(&second).await?;
    assert_eq!(
        after, before,
        "the link {query} restores what was on screen"
    );
    assert!(after.contains(&"depth=33".to_string()), "{after:?}");
    assert!(after.contains(&"norm=layer".to_string()), "{after:?}");
    assert_eq!(second.console_errors().await?, Vec::<String>::new());
    second.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn back_and_forward_walk_through_changes_and_a_drag_is_one_entry() -> Result<()> {
    let page = ExplorerPage::open_desktop("").await?;
    page.wait_for_charts().await?;
    page.choose_activation("tanh").await?;
    page.wait_for_url_parameter("activation", Some("tanh"))
        .await?;
    let entries = page.history_length().await?;
    // A drag: many input events on the slider, then its change event.
    for depth in 16..=40 {
        page.set_depth(depth).await?;
    }
    page.wait_for_url_parameter("depth", Some("40")).await?;
    page.release_slider("depth").await?;
    page.wait_for_idle().await?;
    assert_eq!(
        page.history_length().await?,
        entries + 1,
        "the whole drag made one history entry"
    );
    page.back().await?;
    page.wait_for_url_parameter("depth", Some("15")).await?;
    page.wait_for_value("depth", "15").await?;
    assert_eq!(page.value("activation").await?, "tanh");
    page.back().await?;
    page.wait_for_value("activation", "relu").await?;
    page.wait_for_diagnosis("healthy").await?;
    page.forward().await?;
    page.wait_for_value("activation", "tanh").await?;
    page.forward().await?;
    page.wait_for_value("depth", "40").await?;
    page.wait_for_url_parameter("depth", Some("40")).await?;
    assert_eq!(
        page.history_length().await?,
        entries + 1,
        "walking the history adds no entries"
    );
    assert_eq!(page.console_errors().await?, Vec::<String>::new());
    page.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_four_exports_download_files_of_the_right_kind() -> Result<()> {
    let page = ExplorerPage::open_desktop("?preset=vanishing-sigmoid&depth=12").await?;
    page.wait_for_charts().await?;
    let dir = page.save_downloads("exports").await?;
    let stem = "sigmoid-xavier_normal-L12-W64";

    let png = page.download("export-png", &dir, "png").await?;
    let bytes = std::fs::read(&png)?;
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "PNG signature");
    assert_eq!(
        png.file_name().and_then(|n| n.to_str()),
        Some(format!("gradients-{stem}.png").as_str())
    );

    let svg = page.download("export-svg", &dir, "svg").await?;
    let text = std::fs::read_to_string(&svg)?;
    assert!(text.starts_with("<svg"), "{}", &text[..text.len().min(80)]);

    let csv = page.download("export-csv", &dir, "csv").await?;
    let text = std::fs::read_to_string(&csv)?;
    let mut lines = text.lines();
    assert!(
        lines
            .next()
            .is_some_and(|h| h.starts_with("layer,weight_grad_norm,signal_grad_norm")),
        "{text}"
    );
    assert_eq!(lines.count(), 12, "one row per layer");

    let json = page.download("export-json", &dir, "json").await?;
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json)?)?;
    assert_eq!(v["layers"].as_array().map(Vec::len), Some(12));
    assert_eq!(v["config"]["activation"], "sigmoid");
    // The page's export is `gradflow --format json`'s: nothing overflowed here, said as null.
    assert_eq!(v.get("overflowed"), Some(&serde_json::Value::Null));
    assert_eq!(page.console_errors().await?, Vec::<String>::new());
    page.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn pin_then_change_depth_names_both_networks() -> Result<()> {
    let page = ExplorerPage::open_desktop("?preset=vanishing-sigmoid").await?;
    page.wait_for_charts().await?;
    page.pin().await?;
    page.wait_for_url_parameter("pin.depth", Some("15")).await?;
    page.set_depth(30).await?;
    let label = page
        .wait_for_chart_label_containing("pinned network")
        .await?;
    assert!(label.contains("L15"), "the pinned network: {label}");
    assert!(label.contains("L30"), "the live network: {label}");
    page.wait_for_text_containing("pin-diff", "first layer")
        .await?;
    assert_eq!(
        page.simulation_workers_started().await?,
        1,
        "the pinned network is computed by the page's one simulation worker"
    );
    page.wait_for_url_parameter("depth", Some("30")).await?;
    page.scroll_to_status().await?;
    page.screenshot("share-pinned-comparison").await?;

    // The pin is part of the link: a fresh browser shows the same comparison.
    let query = page.url_query().await?;
    let other = ExplorerPage::open_desktop(&format!("?{query}")).await?;
    let again = other
        .wait_for_chart_label_containing("pinned network")
        .await?;
    assert!(again.contains("L15") && again.contains("L30"), "{again}");
    other.close().await?;

    page.click("pin").await?;
    page.wait_for_url_parameter("pin.depth", None).await?;
    page.wait_for_text_without_label("pinned network").await?;
    assert_eq!(page.console_errors().await?, Vec::<String>::new());
    page.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn copy_link_puts_the_address_on_the_clipboard_and_says_so() -> Result<()> {
    let page = ExplorerPage::open_desktop("?preset=tanh-xavier&depth=21&metric=weight").await?;
    page.wait_for_charts().await?;
    page.allow_clipboard().await?;
    page.click("copy-link").await?;
    page.wait_for_text_containing("copy-link-done", "Link copied")
        .await?;
    let copied = page.clipboard_text().await?;
    assert_eq!(copied, page.address().await?);
    assert!(
        copied.contains("depth=21") && copied.contains("metric=weight"),
        "{copied}"
    );
    assert_eq!(page.console_errors().await?, Vec::<String>::new());
    page.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn copy_link_shows_the_link_selected_when_the_clipboard_refuses() -> Result<()> {
    let page = ExplorerPage::open_desktop("?depth=8").await?;
    page.wait_for_charts().await?;
    page.refuse_clipboard().await?;
    page.click("copy-link").await?;
    page.wait_for_text_containing("copy-link-fallback", "Copy this link")
        .await?;
    // The whole link selected, ready to copy (waited for: the page selects it a frame later).
    let link = page.selected_fallback_link().await?;
    assert_eq!(link, page.address().await?);
    page.close().await
}
