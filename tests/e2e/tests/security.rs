//! Safe and offline: the release page runs under its Content-Security-Policy (no inline or
//! eval'd script but Trunk's loader, allowed by its hash) without a single violation, asks
//! nothing of any other origin — explorer, lessons with their KaTeX fonts, the four exports
//! and a training run — and works unchanged from a subdirectory of a static host.

use std::time::Duration;

use e2e::{workspace_root, ExplorerPage, Result, DESKTOP};

const TRAINING: &str =
    "?mode=train&data=spiral&activation=relu&init=he_normal&depth=4&width=16&optimizer=adam&lr=0.01";

#[tokio::test(flavor = "multi_thread")]
async fn every_request_stays_on_the_page_origin_with_no_policy_violation() -> Result<()> {
    let page = ExplorerPage::open_desktop("").await?;
    check_policy(&page.csp_policy().await?.unwrap_or_default());
    page.wait_for_charts().await?;

    page.wait_for_typeset(20).await?;
    let faces = page.katex_font_faces().await?;
    assert!(
        faces.iter().any(|f| f.ends_with(" loaded")),
        "no KaTeX font loaded: {faces:?}"
    );
    assert!(
        !faces.iter().any(|f| f.ends_with(" error")),
        "a KaTeX font failed: {faces:?}"
    );

    let dir = page.save_downloads("security-exports").await?;
    for (button, extension) in [
        ("export-png", "png"),
        ("export-svg", "svg"),
        ("export-csv", "csv"),
        ("export-json", "json"),
    ] {
        page.download(button, &dir, extension).await?;
    }
    let loaded = check_own_origin(&page, "the explorer, lessons and exports").await?;
    assert!(
        loaded.iter().any(|u| u.ends_with(".woff2")),
        "no KaTeX font was fetched: {loaded:?}"
    );

    page.goto(TRAINING).await?;
    page.wait_for_training_ready().await?;
    page.train_play().await?;
    page.wait_for_train_step(30, Duration::from_secs(30))
        .await?;
    page.train_pause().await?;
    check_own_origin(&page, "the training panel").await?;

    let served = page.served();
    for file in ["sim-worker.js", "sim-worker_bg.wasm"] {
        assert!(
            served
                .iter()
                .any(|(path, status)| path.ends_with(file) && *status == 200),
            "the worker's {file} was not fetched from the page's server: {served:?}"
        );
    }
    let failed: Vec<_> = served.iter().filter(|(_, status)| *status != 200).collect();
    assert!(failed.is_empty(), "requests that failed: {failed:?}");
    page.close().await
}

/// The policy forbids inline and eval'd scripts except the loader's hash, and loads only from
/// the page's origin.
fn check_policy(policy: &str) {
    let directive = |name: &str| {
        policy
            .split(';')
            .map(str::trim)
            .find(|d| d.split_whitespace().next() == Some(name))
            .unwrap_or_default()
            .to_string()
    };
    let script_src = directive("script-src");
    assert!(
        script_src.starts_with("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
        "script-src: {script_src:?} (policy: {policy:?})"
    );
    for forbidden in [
        "'unsafe-inline'",
        "'unsafe-eval'",
        "INLINE_SCRIPT_HASHES",
        "http",
        "*",
    ] {
        assert!(
            !script_src.contains(forbidden),
            "script-src allows {forbidden}: {script_src}"
        );
    }
    assert_eq!(directive("default-src"), "default-src 'self'");
    assert_eq!(directive("connect-src"), "connect-src 'self'");
    assert_eq!(directive("object-src"), "object-src 'none'");
    assert!(
        !policy.contains("http"),
        "the policy names another origin: {policy}"
    );
}

/// Asserts that every resource in the page's timeline came from its origin with status 200
/// and that no policy violation or console error occurred; returns the resources' addresses.
async fn check_own_origin(page: &ExplorerPage, stage: &str) -> Result<Vec<String>> {
    let origin = page.origin().await?;
    let resources = page.resources().await?;
    assert!(
        resources.len() >= 5,
        "{stage}: too few resources recorded: {resources:?}"
    );
    for r in &resources {
        let own = r.url.starts_with(&format!("{origin}/"))
            || r.url.starts_with(&format!("blob:{origin}/"));
        assert!(
            own,
            "{stage}: a request left the page's origin {origin}: {r:?}"
        );
        assert!(
            r.status == 200 || r.url.starts_with("blob:"),
            "{stage}: {r:?} did not load"
        );
    }
    assert_eq!(
        page.csp_violations().await?,
        Vec::<String>::new(),
        "{stage}"
    );
    assert_eq!(
        page.console_errors().await?,
        Vec::<String>::new(),
        "{stage}"
    );
    Ok(resources.into_iter().map(|r| r.url).collect())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_same_build_works_from_a_subdirectory() -> Result<()> {
    let page = ExplorerPage::open_at("/x", "?depth=12", DESKTOP).await?;
    page.wait_for_charts().await?;
    page.wait_for_typeset(5).await?;
    assert_eq!(page.fatal_error_hidden().await?, Some(true));
    assert_eq!(page.console_errors().await?, Vec::<String>::new());
    let served = page.served();
    assert!(
        served
            .iter()
            .any(|(p, s)| p == "/x/sim-worker_bg.wasm" && *s == 200),
        "the worker did not load from /x/: {served:?}"
    );
    let outside: Vec<_> = served
        .iter()
        .filter(|(p, s)| !p.starts_with("/x/") || *s != 200)
        .collect();
    assert!(
        outside.is_empty(),
        "requests outside /x/ or failed: {outside:?}"
    );
    page.screenshot("subdirectory").await?;
    page.close().await
}

/// Every font the vendored KaTeX stylesheet names is in `dist/` (a missing one would be a
/// request that fails, or a fallback to some other host's copy).
#[test]
fn every_font_the_katex_stylesheet_names_is_vendored() -> Result<()> {
    let katex = workspace_root().join("dist").join("katex");
    let css = std::fs::read_to_string(katex.join("katex.min.css"))?;
    let urls: Vec<&str> = css
        .split("url(")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .collect();
    assert!(
        urls.len() >= 20,
        "the stylesheet names {} fonts",
        urls.len()
    );
    for url in urls {
        let url = url.trim_matches(['"', '\'']);
        assert!(url.starts_with("fonts/"), "a font from elsewhere: {url}");
        assert!(
            katex.join(url).is_file(),
            "{url} is named by katex.min.css but not vendored"
        );
    }
    Ok(())
}
