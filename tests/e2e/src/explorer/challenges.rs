//! The guided challenges: start one, and wait until the page says it is met.

use serde_json::json;
use std::time::Duration;

use super::ExplorerPage;
use crate::Result;

impl ExplorerPage {
    /// Presses a challenge's start button (it loads the challenge's network).
    pub async fn start_challenge(&self, id: &str) -> Result<()> {
        self.scroll_to(&format!("[data-testid=challenge-{id}]"))
            .await?;
        self.click(&format!("challenge-start-{id}")).await?;
        self.wait_for_idle().await
    }

    /// Whether the challenge's card says it is met (`data-met`).
    pub async fn challenge_met(&self, id: &str) -> Result<bool> {
        Ok(self
            .attr(&format!("challenge-{id}"), "data-met")
            .await?
            .as_deref()
            == Some("true"))
    }

    /// Waits until the challenge's card says it is met.
    pub async fn wait_for_challenge_met(&self, id: &str) -> Result<()> {
        self.wait_for(
            &format!("the challenge {id} to be met"),
            "return document.querySelector(`[data-testid='challenge-${arguments[0]}']`).dataset.met === 'true'",
            vec![json!(id)],
        )
        .await
    }

    /// Sets a range input to `value` and sends `event` (`input` or `change`), as a drag does.
    pub async fn set_range(&self, testid: &str, value: f64, event: &str) -> Result<()> {
        self.page
            .eval_with(
                "const s = document.querySelector(`[data-testid='${arguments[0]}']`); s.value = String(arguments[1]); \
                 s.dispatchEvent(new Event(arguments[2], { bubbles: true })); return true",
                vec![json!(testid), json!(value), json!(event)],
            )
            .await?;
        Ok(())
    }

    /// Plays the training run to its end (at most `limit`).
    pub async fn train_to_the_end(&self, steps: usize, limit: Duration) -> Result<()> {
        self.wait_for_training_ready().await?;
        self.wait_for(
            "a new run, ready to play",
            "const p = document.querySelector('[data-testid=train-play]'); \
             return !!p && !p.disabled \
               && document.querySelector('[data-testid=train-step-count]').dataset.value === '0'",
            vec![],
        )
        .await?;
        self.train_play().await?;
        self.wait_for_train_step(steps, limit).await?;
        self.wait_for_train_stopped().await
    }
}
