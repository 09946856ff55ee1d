//! The training panel's precision controls seen from the page: choose a format, a loss scale
//! and a growth interval as a user would, read the scale chart's draw count and the "Loss
//! scale" card.

use serde_json::json;

use super::ExplorerPage;
use crate::Result;

impl ExplorerPage {
    /// Chooses the training panel's format (`float32`, `bfloat16`, `float16`).
    pub async fn choose_train_precision(&self, id: &str) -> Result<()> {
        self.select("train-precision", id).await
    }

    /// Chooses the training panel's loss scale (`none`, `2^8`, …, `dynamic`).
    pub async fn choose_train_loss_scale(&self, id: &str) -> Result<()> {
        self.select("train-loss-scale", id).await
    }

    /// Types `steps` into the growth-interval field and commits it (a `change` event).
    pub async fn set_growth_interval(&self, steps: usize) -> Result<()> {
        self.page
            .eval_with(
                "const f = document.querySelector('[data-testid=train-growth-interval]'); \
                 f.value = String(arguments[0]); \
                 f.dispatchEvent(new Event('change', { bubbles: true })); return true",
                vec![json!(steps)],
            )
            .await?;
        Ok(())
    }

    /// `data-render-count` of the chart `testid`, or None while it is not on the page.
    pub async fn chart_renders(&self, testid: &str) -> Result<Option<u64>> {
        let v = self
            .page
            .eval_with(
                "const c = document.querySelector(`[data-testid=${arguments[0]}]`); \
                 return c ? Number(c.dataset.renderCount) : null",
                vec![json!(testid)],
            )
            .await?;
        Ok(v.as_u64())
    }

    /// Whether an element with `testid` is on the page.
    pub async fn present(&self, testid: &str) -> Result<bool> {
        let v = self
            .page
            .eval_with(
                "return !!document.querySelector(`[data-testid=${arguments[0]}]`)",
                vec![json!(testid)],
            )
            .await?;
        Ok(v.as_bool().unwrap_or(false))
    }

    /// The address bar's query string, with its `?`.
    pub async fn search(&self) -> Result<String> {
        let v = self.page.eval("return location.search").await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }
}
