//! Harness for the end-to-end tests: serves `dist/` and drives headless Chromium through
//! chromedriver. Each `Page` owns its own server, driver and browser profile, so tests never
//! share state. Tests use `ExplorerPage` (in `explorer/`), the page object built on `Page`.

mod explorer;
pub mod footprint;
pub mod mode;
pub mod server;
pub mod task_panel;

pub use explorer::{
    Change, Chart, Drag, DragAndClick, ExplorerPage, Focused, LongTasks, Resource, Step, DESKTOP,
    TRAIN_CHARTS,
};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// Where screenshots and other artefacts go: `target/e2e/`.
pub fn artefact_dir() -> PathBuf {
    let dir = workspace_root().join("target").join("e2e");
    let _ = std::fs::create_dir_all(&dir);
    dir
}

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// A browser with the app loaded and ready.
pub struct Page {
    pub client: Client,
    pub base_url: String,
    /// What the test server was asked for (path, status), the worker's fetches included.
    pub served: server::RequestLog,
    driver: Child,
    _profile: TempDir,
}

struct TempDir(PathBuf);
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Page {
    /// Serves `dist/`, starts chromedriver and Chromium, opens the app (with `query`, e.g.
    /// "?depth=30") at the given window size, and waits for the app to mount.
    pub async fn open(query: &str, width: u32, height: u32) -> Result<Page> {
        Self::open_at("", query, width, height).await
    }

    /// [`Page::open`] with `dist/` served under the path `prefix` (e.g. "/x"), as a static
    /// host serving the page from a subdirectory would.
    pub async fn open_at(prefix: &str, query: &str, width: u32, height: u32) -> Result<Page> {
        let dist = workspace_root().join("dist");
        if !dist.join("index.html").exists() {
            return Err("dist/index.html is missing: run `trunk build --release` first".into());
        }
        let (base_url, served) = server::serve(dist, prefix)?;
        let port = free_port()?;
        let chromedriver = std::env::var("CHROMEDRIVER").unwrap_or("chromedriver".into());
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let profile = TempDir(std::env::temp_dir().join(format!("gfe-e2e-{port}")));
        let caps = json!({
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update",
                    "--no-first-run", "--hide-scrollbars",
                    format!("--user-data-dir={}", profile.0.display()),
                    format!("--window-size={width},{height}"),
                ]
            }
        });
        let caps = caps.as_object().cloned().unwrap_or_default();
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let webdriver = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = loop {
            match ClientBuilder::new(connector.clone())
                .capabilities(caps.clone())
                .connect(&webdriver)
                .await
            {
                Ok(c) => break c,
                Err(e) if started.elapsed() > Duration::from_secs(30) => return Err(e.into()),
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        };
        let page = Page {
            client,
            base_url,
            served,
            driver,
            _profile: profile,
        };
        page.client.set_window_size(width, height).await?;
        page.goto(query).await?;
        Ok(page)
    }

    /// Loads the app with the given query string and waits until it has mounted.
    pub async fn goto(&self, query: &str) -> Result<()> {
        self.client
            .goto(&format!("{}/{}", self.base_url, query))
            .await?;
        self.wait_until("the app to mount", "return document.querySelector('header h1') !== null || !document.getElementById('fatal-error').hidden").await?;
        Ok(())
    }

    /// Runs `script` (a function body that returns a value) in the page.
    pub async fn eval(&self, script: &str) -> Result<Value> {
        self.eval_with(script, vec![]).await
    }

    /// Runs `script` with `args` (its `arguments`), so values need no quoting.
    pub async fn eval_with(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        Ok(self.client.execute(script, args).await?)
    }

    /// Polls `condition` (a function body returning a boolean) until true, at most 20 s.
    pub async fn wait_until(&self, what: &str, condition: &str) -> Result<()> {
        self.wait_until_with(what, condition, vec![]).await
    }

    /// `wait_until` with `args` for the condition (its `arguments`).
    pub async fn wait_until_with(
        &self,
        what: &str,
        condition: &str,
        args: Vec<Value>,
    ) -> Result<()> {
        self.wait_until_within(what, condition, args, Duration::from_secs(20))
            .await
    }

    /// `wait_until_with` for at most `limit` (benchmarks of networks that take a while).
    pub async fn wait_until_within(
        &self,
        what: &str,
        condition: &str,
        args: Vec<Value>,
        limit: Duration,
    ) -> Result<()> {
        let started = Instant::now();
        loop {
            if self.eval_with(condition, args.clone()).await?.as_bool() == Some(true) {
                return Ok(());
            }
            if started.elapsed() > limit {
                let errors = self.console_errors().await.unwrap_or_default();
                return Err(
                    format!("timed out waiting for {what}; console errors: {errors:?}").into(),
                );
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    pub async fn text(&self, testid: &str) -> Result<String> {
        Ok(self
            .client
            .find(Locator::Css(&format!("[data-testid='{testid}']")))
            .await?
            .text()
            .await?)
    }

    pub async fn attr(&self, testid: &str, attr: &str) -> Result<Option<String>> {
        let el = self
            .client
            .find(Locator::Css(&format!("[data-testid='{testid}']")))
            .await?;
        Ok(el.attr(attr).await?)
    }

    /// Clicks the element as a user would. When something else would take the click — the
    /// page still settling (lessons typeset after the first chart) under the point WebDriver
    /// scrolled to — it centres the element and tries again, a few times.
    pub async fn click(&self, testid: &str) -> Result<()> {
        let locator = format!("[data-testid='{testid}']");
        for _ in 0..4 {
            let el = self.client.find(Locator::Css(&locator)).await?;
            match el.click().await {
                Err(fantoccini::error::CmdError::Standard(e))
                    if e.error == fantoccini::error::ErrorStatus::ElementClickIntercepted =>
                {
                    let centre = "arguments[0].scrollIntoView({block: 'center'}); return true;";
                    let arg = serde_json::to_value(&el)?;
                    self.client.execute(centre, vec![arg]).await?;
                    tokio::time::sleep(Duration::from_millis(250)).await;
                }
                other => return Ok(other?),
            }
        }
        Ok(self
            .client
            .find(Locator::Css(&locator))
            .await?
            .click()
            .await?)
    }

    /// Errors the page logged (captured by the small script in `index.html`).
    pub async fn console_errors(&self) -> Result<Vec<String>> {
        let v = self
            .eval("return window.__consoleErrors || ['console capture missing'];")
            .await?;
        Ok(v.as_array()
            .map(|a| a.iter().map(|e| e.to_string()).collect())
            .unwrap_or_default())
    }

    /// Switches `prefers-color-scheme` through the DevTools protocol.
    pub async fn set_color_scheme(&self, scheme: &str) -> Result<()> {
        self.client
            .issue_cmd(Cdp {
                cmd: "Emulation.setEmulatedMedia",
                params: json!({"features": [{"name": "prefers-color-scheme", "value": scheme}]}),
            })
            .await?;
        Ok(())
    }

    /// Emulates CSS media features through the DevTools protocol (replacing earlier ones).
    pub async fn emulate_media(&self, features: Vec<Value>) -> Result<()> {
        self.client
            .issue_cmd(Cdp {
                cmd: "Emulation.setEmulatedMedia",
                params: json!({ "features": features }),
            })
            .await?;
        Ok(())
    }

    /// A DevTools protocol command's result (for benches that profile the page).
    pub async fn cdp(&self, cmd: &'static str, params: Value) -> Result<Value> {
        Ok(self.client.issue_cmd(Cdp { cmd, params }).await?)
    }

    /// Saves a PNG screenshot of the viewport under `target/e2e/`.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
        let png = self.client.screenshot().await?;
        let path = artefact_dir().join(format!("{name}.png"));
        std::fs::write(&path, png)?;
        Ok(path)
    }

    /// Full-page screenshot (CDP), for long pages like the lessons.
    pub async fn screenshot_element(&self, css: &str, name: &str) -> Result<PathBuf> {
        let el = self.client.find(Locator::Css(css)).await?;
        let png = el.screenshot().await?;
        let path = artefact_dir().join(format!("{name}.png"));
        std::fs::write(&path, png)?;
        Ok(path)
    }

    /// Private memory of the renderer running the page and its worker, in bytes.
    pub fn page_renderer_private_bytes(&self) -> Result<u64> {
        footprint::page_renderer_private_bytes(self.driver.id())
    }

    pub async fn close(mut self) -> Result<()> {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        Ok(())
    }
}

impl Drop for Page {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}

/// A raw Chrome DevTools command, sent through chromedriver's `goog/cdp/execute`.
#[derive(Debug)]
pub(crate) struct Cdp {
    pub(crate) cmd: &'static str,
    pub(crate) params: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> std::result::Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({"cmd": self.cmd, "params": self.params});
        (http::Method::POST, Some(body.to_string()))
    }
}
