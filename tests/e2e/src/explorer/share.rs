//! Share and export steps: the address bar, Back, pin and compare, and downloads (Chromium is
//! told through the DevTools protocol to save them into a fresh folder under target/e2e/).

use serde_json::json;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::ExplorerPage;
use crate::{artefact_dir, Cdp, Result};

impl ExplorerPage {
    /// The address bar's query, without `?`.
    pub async fn url_query(&self) -> Result<String> {
        let v = self
            .page
            .eval("return location.search.replace(/^\\?/, '')")
            .await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// How many entries the tab's history holds.
    pub async fn history_length(&self) -> Result<u64> {
        let v = self.page.eval("return history.length").await?;
        Ok(v.as_u64().unwrap_or_default())
    }

    /// The browser's Back button.
    pub async fn back(&self) -> Result<()> {
        self.page.client.back().await?;
        Ok(())
    }

    /// The browser's Forward button.
    pub async fn forward(&self) -> Result<()> {
        self.page.client.forward().await?;
        Ok(())
    }

    /// Whether a checkbox or the metric switch is on (`checked` / `aria-checked`).
    pub async fn checked(&self, testid: &str) -> Result<bool> {
        let v = self
            .page
            .eval_with(
                "const e = document.querySelector(`[data-testid='${arguments[0]}']`); \
                 return e.type === 'checkbox' ? e.checked : e.getAttribute('aria-checked') === 'true'",
                vec![json!(testid)],
            )
            .await?;
        Ok(v.as_bool().unwrap_or(false))
    }

    /// Ends a slider drag as releasing the mouse does: the slider's `change` event.
    pub async fn release_slider(&self, testid: &str) -> Result<()> {
        self.page
            .eval_with(
                "document.querySelector(`[data-testid='${arguments[0]}']`)\
                 .dispatchEvent(new Event('change', { bubbles: true })); return true",
                vec![json!(testid)],
            )
            .await?;
        Ok(())
    }

    /// Scrolls the status cards to the top of the window: with the share bar and the charts
    /// under them, the whole comparison is in view.
    pub async fn scroll_to_status(&self) -> Result<()> {
        self.page
            .eval("document.querySelector('[data-area=status]').scrollIntoView(); return true")
            .await?;
        Ok(())
    }

    /// How many simulation workers the page has started (a `performance` mark each).
    pub async fn simulation_workers_started(&self) -> Result<u64> {
        let n = self
            .page
            .eval("return performance.getEntriesByName('simulation worker started').length")
            .await?;
        Ok(n.as_u64().unwrap_or(u64::MAX))
    }

    /// Presses "pin" and waits until it shows as pressed.
    pub async fn pin(&self) -> Result<()> {
        self.click("pin").await?;
        self.wait_for(
            "the pin to be pressed",
            "return document.querySelector('[data-testid=pin]').getAttribute('aria-pressed') === 'true'",
            vec![],
        )
        .await
    }

    /// Waits until the gradient chart's text alternative contains `needle`.
    pub async fn wait_for_chart_label_containing(&self, needle: &str) -> Result<String> {
        self.wait_for(
            &format!("the gradient chart's label to contain {needle:?}"),
            "return (document.querySelector('[data-testid=gradient-chart]').getAttribute('aria-label') || '').includes(arguments[0])",
            vec![json!(needle)],
        )
        .await?;
        self.chart_label(super::Chart::Gradient).await
    }

    /// Waits until the gradient chart's text alternative no longer contains `needle`.
    pub async fn wait_for_text_without_label(&self, needle: &str) -> Result<()> {
        self.wait_for(
            &format!("the gradient chart's label to lose {needle:?}"),
            "return !(document.querySelector('[data-testid=gradient-chart]').getAttribute('aria-label') || '').includes(arguments[0])",
            vec![json!(needle)],
        )
        .await
    }

    /// Lets the page use the clipboard (as a user granting the permission would).
    pub async fn allow_clipboard(&self) -> Result<()> {
        self.page
            .client
            .issue_cmd(Cdp {
                cmd: "Browser.grantPermissions",
                params: json!({"permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]}),
            })
            .await?;
        Ok(())
    }

    /// Makes the clipboard refuse writes, as a browser without the permission does.
    pub async fn refuse_clipboard(&self) -> Result<()> {
        self.page
            .eval(
                "navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError')); \
                 return true",
            )
            .await?;
        Ok(())
    }

    /// Waits until the fallback field holds a link, all of it selected and focused (the page
    /// selects it in the frame after the field appears), and returns the link.
    pub async fn selected_fallback_link(&self) -> Result<String> {
        const FIELD: &str = "document.querySelector('[data-testid=copy-link-fallback] input')";
        self.page
            .wait_until_with(
                "the fallback link to be selected",
                &format!(
                    "const i = {FIELD}; \
                     return !!i && i.value !== '' && i.selectionStart === 0 \
                       && i.selectionEnd === i.value.length && document.activeElement === i"
                ),
                Vec::new(),
            )
            .await?;
        let v = self.page.eval(&format!("return {FIELD}.value")).await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// The clipboard's text (the permission must be granted first).
    pub async fn clipboard_text(&self) -> Result<String> {
        let v = self
            .page
            .eval("return navigator.clipboard.readText()")
            .await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// The address bar's full address.
    pub async fn address(&self) -> Result<String> {
        let v = self.page.eval("return location.href").await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// Makes the browser save downloads into a new, empty folder, and returns it.
    pub async fn save_downloads(&self, name: &str) -> Result<PathBuf> {
        let dir = artefact_dir().join("downloads").join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        let path = dir.canonicalize()?.to_string_lossy().to_string();
        self.page
            .client
            .issue_cmd(Cdp {
                cmd: "Browser.setDownloadBehavior",
                params: json!({"behavior": "allow", "downloadPath": path}),
            })
            .await?;
        Ok(dir)
    }

    /// Clicks `testid` and waits (at most 20 s) for a finished download ending in
    /// `extension` to appear in `dir`; returns its path. Finished: no `.crdownload` left, and
    /// the file is not empty and kept its size over one poll (Chromium may create the file
    /// before it has written it).
    pub async fn download(&self, testid: &str, dir: &Path, extension: &str) -> Result<PathBuf> {
        self.click(testid).await?;
        let started = Instant::now();
        let mut last_size = None;
        loop {
            let files: Vec<PathBuf> = std::fs::read_dir(dir)?
                .flatten()
                .map(|e| e.path())
                .collect();
            let writing = files
                .iter()
                .any(|p| p.extension().is_some_and(|e| e == "crdownload"));
            let found = files
                .into_iter()
                .find(|p| p.extension().is_some_and(|e| e == extension));
            if let (Some(path), false) = (found, writing) {
                let size = std::fs::metadata(&path)?.len();
                if size > 0 && last_size == Some(size) {
                    return Ok(path);
                }
                last_size = Some(size);
            }
            if started.elapsed() > Duration::from_secs(20) {
                return Err(format!("no .{extension} download from {testid} in {dir:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}
