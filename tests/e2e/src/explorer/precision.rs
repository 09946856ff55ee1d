//! The precision lens: the `precision` and `loss-scale` selects, the precision chart (shown only
//! in float16 or bfloat16) and the status card's words.

use serde_json::json;

use super::ExplorerPage;
use crate::Result;

impl ExplorerPage {
    /// Chooses a number format (`float32`, `bfloat16`, `float16`) in the precision select.
    pub async fn choose_precision(&self, id: &str) -> Result<()> {
        self.select("precision", id).await
    }

    /// Chooses a loss scale (`none`, `2^8`, `dynamic`, …) in the loss-scale select.
    pub async fn choose_loss_scale(&self, id: &str) -> Result<()> {
        self.select("loss-scale", id).await
    }

    /// Waits until the precision chart has drawn more than `before` times and the page shows
    /// the newest config.
    pub async fn wait_for_precision_chart(&self, before: u64) -> Result<()> {
        self.wait_for(
            "the precision chart to draw",
            "const c = document.querySelector('[data-testid=precision-chart]'); \
             return !!c && +c.dataset.renderCount > arguments[0]",
            vec![json!(before)],
        )
        .await?;
        self.wait_for_idle().await
    }

    /// How often the precision chart has drawn (0 when it is not on the page).
    pub async fn precision_render_count(&self) -> Result<u64> {
        let v = self
            .page
            .eval(
                "const c = document.querySelector('[data-testid=precision-chart]'); \
                 return c ? +c.dataset.renderCount : 0",
            )
            .await?;
        Ok(v.as_u64().unwrap_or(0))
    }

    /// Whether the precision chart is on the page.
    pub async fn precision_chart_shown(&self) -> Result<bool> {
        let v = self
            .page
            .eval("return !!document.querySelector('[data-testid=precision-chart]')")
            .await?;
        Ok(v.as_bool().unwrap_or(false))
    }

    /// Waits until the precision status card's words contain `needle`.
    pub async fn wait_for_precision_words(&self, needle: &str) -> Result<String> {
        self.wait_for(
            &format!("the precision card to say “{needle}”"),
            "const c = document.querySelector('[data-testid=precision-status]'); \
             return !!c && c.textContent.includes(arguments[0])",
            vec![json!(needle)],
        )
        .await?;
        self.text("precision-status").await
    }
}
