//! `ExplorerPage`: the page object every end-to-end test drives. It knows the page's test ids
//! and holds the few lines of JavaScript needed to read or wait for what a user would see, so
//! the tests read as steps (load a preset, press a key on the depth slider, read the diagnosis).

mod a11y;
mod busy;
mod challenges;
mod charts;
mod lessons;
mod precision;
mod resources;
mod security;
mod share;
mod terms;
mod theory;
mod train_precision;
mod training;

use fantoccini::key::Key;
use fantoccini::Locator;
use serde_json::{json, Value};
use std::path::PathBuf;

use crate::{Page, Result};

pub use a11y::Focused;
pub use busy::{DragAndClick, LongTasks};
pub use charts::{Change, Chart, Drag, Step};
pub use security::Resource;
pub use training::TRAIN_CHARTS;

/// The desktop window most tests use.
pub const DESKTOP: (u32, u32) = (1280, 1100);

/// The Gradient Flow Explorer loaded in a headless browser.
pub struct ExplorerPage {
    page: Page,
}

impl ExplorerPage {
    /// Opens the page with `query` (e.g. "?depth=30", or "") in a `width` × `height` window.
    /// Returns once the first report is shown (or an error banner is).
    pub async fn open(query: &str, size: (u32, u32)) -> Result<ExplorerPage> {
        Self::open_at("", query, size).await
    }

    /// [`ExplorerPage::open`] with the page served under the path `prefix` (e.g. "/x").
    pub async fn open_at(
        prefix: &str,
        query: &str,
        (width, height): (u32, u32),
    ) -> Result<ExplorerPage> {
        let page = ExplorerPage {
            page: Page::open_at(prefix, query, width, height).await?,
        };
        page.wait_for_idle().await?;
        Ok(page)
    }

    /// Opens the page with `query` in the desktop window.
    pub async fn open_desktop(query: &str) -> Result<ExplorerPage> {
        Self::open(query, DESKTOP).await
    }

    pub async fn close(self) -> Result<()> {
        self.page.close().await
    }

    // ---- Any element, by test id ----

    /// The visible text of the element with `testid`.
    pub async fn text(&self, testid: &str) -> Result<String> {
        self.page.text(testid).await
    }

    pub async fn attr(&self, testid: &str, attr: &str) -> Result<Option<String>> {
        self.page.attr(testid, attr).await
    }

    pub async fn click(&self, testid: &str) -> Result<()> {
        self.page.click(testid).await
    }

    /// The `value` of an input or select.
    pub async fn value(&self, testid: &str) -> Result<String> {
        let v = self
            .page
            .eval_with(
                "return document.querySelector(`[data-testid='${arguments[0]}']`).value",
                vec![json!(testid)],
            )
            .await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// Presses `key` `times` times with the element focused (a slider, a chart).
    pub async fn press(&self, testid: &str, key: Key, times: usize) -> Result<()> {
        let keys: String = std::iter::repeat_n(char::from(key), times).collect();
        self.page
            .client
            .find(Locator::Css(&format!("[data-testid='{testid}']")))
            .await?
            .send_keys(&keys)
            .await?;
        Ok(())
    }

    /// Waits until the input or select `testid` holds `value`.
    pub async fn wait_for_value(&self, testid: &str, value: &str) -> Result<()> {
        self.wait_for(
            &format!("{testid} to be {value}"),
            "return document.querySelector(`[data-testid='${arguments[0]}']`).value === arguments[1]",
            vec![json!(testid), json!(value)],
        )
        .await
    }

    /// Waits until the text of `testid` contains `needle` (an element not there yet, such as a
    /// message shown once a promise settles, is waited for rather than an error).
    pub async fn wait_for_text_containing(&self, testid: &str, needle: &str) -> Result<()> {
        self.wait_for(
            &format!("{testid} to contain {needle:?}"),
            "return document.querySelector(`[data-testid='${arguments[0]}']`)?.textContent.includes(arguments[1]) === true",
            vec![json!(testid), json!(needle)],
        )
        .await
    }

    /// Waits until the text of `testid` no longer contains `needle`.
    pub async fn wait_for_text_without(&self, testid: &str, needle: &str) -> Result<()> {
        self.wait_for(
            &format!("{testid} to lose {needle:?}"),
            "return !document.querySelector(`[data-testid='${arguments[0]}']`).textContent.includes(arguments[1])",
            vec![json!(testid), json!(needle)],
        )
        .await
    }

    /// Waits until the text of `testid` differs from `old`.
    pub async fn wait_for_text_change(&self, testid: &str, old: &str) -> Result<()> {
        self.wait_for(
            &format!("{testid} to change from {old:?}"),
            "return document.querySelector(`[data-testid='${arguments[0]}']`).textContent !== arguments[1]",
            vec![json!(testid), json!(old)],
        )
        .await
    }

    // ---- Controls ----

    /// Chooses an activation by id (`tanh`, `leaky_relu`, …) in the activation select.
    pub async fn choose_activation(&self, id: &str) -> Result<()> {
        self.select("activation", id).await
    }

    /// Chooses an initialization by id (`he_normal`, `orthogonal`, …).
    pub async fn choose_init(&self, id: &str) -> Result<()> {
        self.select("init", id).await
    }

    /// Chooses the residual connection by id (`none`, `identity`, `scaled`).
    pub async fn choose_residual(&self, id: &str) -> Result<()> {
        self.select("residual", id).await
    }

    /// Chooses the normalization by id (`none`, `batch`, `layer`).
    pub async fn choose_norm(&self, id: &str) -> Result<()> {
        self.select("norm", id).await
    }

    /// Chooses the training optimizer by id (`sgd`, `adam`).
    pub async fn choose_optimizer(&self, id: &str) -> Result<()> {
        self.select("train-optimizer", id).await
    }

    async fn select(&self, testid: &str, value: &str) -> Result<()> {
        self.page
            .client
            .find(Locator::Css(&format!("[data-testid='{testid}']")))
            .await?
            .select_by_value(value)
            .await?;
        Ok(())
    }

    /// Sets the depth slider to `depth` as a drag does: the value, then an `input` event.
    pub async fn set_depth(&self, depth: usize) -> Result<()> {
        self.page
            .eval_with(
                "const s = document.querySelector('[data-testid=depth]'); s.value = String(arguments[0]); \
                 s.dispatchEvent(new Event('input', { bubbles: true })); return true",
                vec![json!(depth)],
            )
            .await?;
        Ok(())
    }

    /// The depth the page shows beside its slider.
    pub async fn depth_shown(&self) -> Result<String> {
        let v = self
            .page
            .eval("return document.querySelector('output[for=depth]').textContent")
            .await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// Switches between the signal and the weight gradient.
    pub async fn toggle_metric(&self) -> Result<()> {
        self.click("metric-toggle").await
    }

    pub async fn wait_for_weight_metric(&self) -> Result<()> {
        self.wait_for(
            "the weight metric",
            "return document.querySelector('[data-testid=metric-toggle]').getAttribute('aria-checked') === 'true'",
            vec![],
        )
        .await
    }

    /// Opens "Advanced" and ticks "Show variability".
    pub async fn show_variability(&self) -> Result<()> {
        self.page
            .eval("document.querySelector('details.advanced').open = true; return 1")
            .await?;
        self.click("show-variability").await
    }

    // ---- Presets and status ----

    /// Clicks a preset button, waits until its explanation is shown and the address names it,
    /// and returns the diagnosis.
    pub async fn load_preset(&self, id: &str) -> Result<String> {
        self.open_preset_group(id).await?;
        self.click(&format!("preset-{id}")).await?;
        let title = gradient_flow_explorer::page::presets::find(id)
            .map(|p| p.title)
            .unwrap_or("unknown preset");
        self.wait_for(
            &format!("the preset {id} to load"),
            "return document.querySelector('[data-testid=preset-explanation]').textContent.includes(arguments[0]) \
             && new URLSearchParams(location.search).get('preset') === arguments[1]",
            vec![json!(title), json!(id)],
        )
        .await?;
        self.wait_for_idle().await?;
        self.diagnosis().await
    }

    /// Opens "More scenarios" when the preset's button is in it, as a learner would.
    pub async fn open_preset_group(&self, id: &str) -> Result<()> {
        self.page
            .eval_with(
                "const d = document.querySelector(`[data-testid='preset-${arguments[0]}']`)?.closest('details'); \
                 if (d && !d.open) d.open = true; return true",
                vec![json!(id)],
            )
            .await?;
        Ok(())
    }

    /// Whether the gradient chart's canvas lies wholly inside the window (its bounding box).
    pub async fn gradient_chart_in_view(&self) -> Result<(bool, String)> {
        let v = self
            .page
            .eval(
                "const r = document.querySelector('[data-testid=gradient-chart]').getBoundingClientRect(); \
                 const inside = r.height > 0 && r.top >= -1 && r.left >= -1 \
                   && r.bottom <= innerHeight + 1 && r.right <= innerWidth + 1; \
                 return [inside, `top ${r.top.toFixed(0)} bottom ${r.bottom.toFixed(0)} left ${r.left.toFixed(0)} right ${r.right.toFixed(0)} in ${innerWidth}x${innerHeight}, scrollY ${scrollY.toFixed(0)}`]",
            )
            .await?;
        let inside = v[0].as_bool() == Some(true);
        Ok((inside, v[1].as_str().unwrap_or_default().to_string()))
    }

    /// Scrolls the window to `y` (CSS pixels from the top).
    pub async fn scroll_window_to(&self, y: f64) -> Result<()> {
        self.page
            .eval_with(
                "window.scrollTo(0, arguments[0]); return true",
                vec![json!(y)],
            )
            .await?;
        Ok(())
    }

    /// The window's vertical scroll position.
    pub async fn scroll_y(&self) -> Result<f64> {
        Ok(self
            .page
            .eval("return scrollY")
            .await?
            .as_f64()
            .unwrap_or(0.0))
    }

    /// Whether the preset's button shows as pressed (`aria-pressed`).
    pub async fn preset_pressed(&self, id: &str) -> Result<Option<String>> {
        self.attr(&format!("preset-{id}"), "aria-pressed").await
    }

    /// The diagnosis card's verdict: `healthy`, `vanishing`, `exploding`, `overflow`, `dead`.
    pub async fn diagnosis(&self) -> Result<String> {
        Ok(self
            .attr("diagnosis", "data-diagnosis")
            .await?
            .unwrap_or_default())
    }

    pub async fn wait_for_diagnosis(&self, diagnosis: &str) -> Result<()> {
        self.wait_for(
            &format!("the diagnosis {diagnosis}"),
            "return document.querySelector('[data-testid=diagnosis]').dataset.diagnosis === arguments[0]",
            vec![json!(diagnosis)],
        )
        .await
    }

    /// Waits until the address bar's query parameter `key` is `value` (`None`: absent). The
    /// page updates the address at most every 250 ms, so reading it at once could be stale.
    pub async fn wait_for_url_parameter(&self, key: &str, value: Option<&str>) -> Result<()> {
        self.wait_for(
            &format!("the URL parameter {key} to be {value:?}"),
            "return new URLSearchParams(location.search).get(arguments[0]) === arguments[1]",
            vec![json!(key), json!(value)],
        )
        .await
    }

    // ---- The page as a whole ----

    /// Errors the page logged since it opened.
    pub async fn console_errors(&self) -> Result<Vec<String>> {
        self.page.console_errors().await
    }

    /// Emulates `prefers-color-scheme: scheme` (`light` or `dark`).
    pub async fn set_color_scheme(&self, scheme: &str) -> Result<()> {
        self.page.set_color_scheme(scheme).await
    }

    /// Whether the page sees a dark colour scheme.
    pub async fn prefers_dark(&self) -> Result<Option<bool>> {
        let v = self
            .page
            .eval("return matchMedia('(prefers-color-scheme: dark)').matches")
            .await?;
        Ok(v.as_bool())
    }

    /// Waits for the next animation frame, so pending drawing reaches the screen.
    pub async fn wait_for_frame(&self) -> Result<()> {
        self.wait_for(
            "the page to settle",
            "return new Promise(r => requestAnimationFrame(() => r(true)))",
            vec![],
        )
        .await
    }

    /// True when the page is no wider than the window (no horizontal scrolling).
    pub async fn fits_the_window_width(&self) -> Result<Option<bool>> {
        let v = self
            .page
            .eval("return document.documentElement.scrollWidth <= window.innerWidth + 1")
            .await?;
        Ok(v.as_bool())
    }

    /// Saves a viewport screenshot as `target/e2e/<name>.png`.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
        self.page.screenshot(name).await
    }

    /// The header's title, if there is one.
    pub async fn header_title(&self) -> Result<Option<String>> {
        let v = self
            .page
            .eval("return document.querySelector('header h1')?.textContent")
            .await?;
        Ok(v.as_str().map(str::to_string))
    }

    /// Whether the layout area `[data-area=area]` exists.
    pub async fn has_area(&self, area: &str) -> Result<bool> {
        let v = self
            .page
            .eval_with(
                "return document.querySelector(`[data-area=${arguments[0]}]`) !== null",
                vec![json!(area)],
            )
            .await?;
        Ok(v.as_bool() == Some(true))
    }

    /// Whether the fatal-error banner is hidden (`None` if it is missing).
    pub async fn fatal_error_hidden(&self) -> Result<Option<bool>> {
        let v = self
            .page
            .eval("return document.getElementById('fatal-error')?.hidden")
            .await?;
        Ok(v.as_bool())
    }

    /// Waits for the fatal-error banner and returns its text.
    pub async fn wait_for_fatal_error(&self) -> Result<String> {
        self.wait_for(
            "the error banner",
            "return !document.getElementById('fatal-error').hidden",
            vec![],
        )
        .await?;
        let v = self
            .page
            .eval("return document.getElementById('fatal-error').textContent")
            .await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    async fn wait_for(&self, what: &str, condition: &str, args: Vec<Value>) -> Result<()> {
        self.page.wait_until_with(what, condition, args).await
    }
}
