//! The training panel seen from the page: switch to it, play / pause / step / reset, read the
//! step count, loss and accuracy (`data-value`), and the four training charts' draw counts.

use serde_json::{json, Value};
use std::time::{Duration, Instant};

use super::ExplorerPage;
use crate::Result;

/// The training charts' test ids, in the order `train_render_counts` returns them.
pub const TRAIN_CHARTS: [&str; 4] = [
    "loss-chart",
    "boundary-chart",
    "grad-heatmap",
    "update-ratio-chart",
];

impl ExplorerPage {
    /// Opens the page with a `mode=train` query and waits until the run's step 0 is measured.
    pub async fn open_training(query: &str) -> Result<ExplorerPage> {
        let page = ExplorerPage::open_desktop(query).await?;
        page.wait_for_training_ready().await?;
        Ok(page)
    }

    /// Waits until the panel shows a measured run (a loss in `train-loss`'s `data-value`).
    pub async fn wait_for_training_ready(&self) -> Result<()> {
        self.page
            .wait_until(
                "the training run to start",
                "const e = document.querySelector('[data-testid=train-loss]'); \
                 return !!e && e.dataset.value !== ''",
            )
            .await
    }

    pub async fn train_play(&self) -> Result<()> {
        self.click("train-play").await
    }

    pub async fn train_pause(&self) -> Result<()> {
        self.click("train-pause").await
    }

    pub async fn train_step(&self) -> Result<()> {
        self.click("train-step").await
    }

    pub async fn train_reset(&self) -> Result<()> {
        self.click("train-reset").await
    }

    /// A readout's `data-value` as a number (`NaN` and `inf` read as such; empty as NaN).
    pub async fn readout(&self, testid: &str) -> Result<f64> {
        let v = self.attr(testid, "data-value").await?.unwrap_or_default();
        Ok(v.parse::<f64>().unwrap_or(f64::NAN))
    }

    pub async fn train_steps_done(&self) -> Result<usize> {
        Ok(self.readout("train-step-count").await? as usize)
    }

    /// Waits (polling, at most `limit`) until the run has made at least `step` steps.
    pub async fn wait_for_train_step(&self, step: usize, limit: Duration) -> Result<usize> {
        let started = Instant::now();
        loop {
            let done = self.train_steps_done().await?;
            if done >= step {
                return Ok(done);
            }
            if started.elapsed() > limit {
                return Err(format!("only {done} of {step} steps after {limit:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the pause button is disabled again (the run stopped by itself or was paused).
    pub async fn wait_for_train_stopped(&self) -> Result<()> {
        self.page
            .wait_until(
                "training to stop",
                "return document.querySelector('[data-testid=train-pause]').disabled",
            )
            .await
    }

    /// `data-render-count` of each training chart (see `TRAIN_CHARTS`).
    pub async fn train_render_counts(&self) -> Result<Vec<u64>> {
        let v = self
            .page
            .eval_with(
                "return arguments[0].map(id => Number(document.querySelector(`[data-testid=${id}]`)?.dataset.renderCount ?? -1))",
                vec![json!(TRAIN_CHARTS)],
            )
            .await?;
        Ok(v.as_array()
            .map(|a| a.iter().filter_map(Value::as_u64).collect())
            .unwrap_or_default())
    }

    /// Clicks pause from the page itself and watches the step count for `watch_ms`: how many
    /// steps still landed after the click and when the last of them did (ms after the click).
    pub async fn pause_and_watch(&self, watch_ms: u64) -> Result<(u64, f64)> {
        let out = self
            .page
            .client
            .execute_async(
                "const [watch, done] = arguments; \
                 const e = document.querySelector('[data-testid=train-step-count]'); \
                 const step = () => Number(e.dataset.value); \
                 const before = step(); let last = 0; let seen = before; \
                 const t0 = performance.now(); \
                 document.querySelector('[data-testid=train-pause]').click(); \
                 const poll = setInterval(() => { const s = step(); \
                   if (s !== seen) { seen = s; last = performance.now() - t0; } \
                   if (performance.now() - t0 > watch) { clearInterval(poll); done([seen - before, last]); } }, 2);",
                vec![json!(watch_ms)],
            )
            .await?;
        Ok((
            out[0].as_u64().unwrap_or(u64::MAX),
            out[1].as_f64().unwrap_or(f64::NAN),
        ))
    }

    /// Waits for the notice that the run stopped at a non-finite value; returns its step.
    pub async fn wait_for_train_halted(&self) -> Result<Option<String>> {
        self.page
            .wait_until(
                "the overflow notice",
                "return !!document.querySelector('[data-testid=train-halted]')",
            )
            .await?;
        self.attr("train-halted", "data-step").await
    }

    /// The training step the explorer's gradient chart shows in training mode (its caption's
    /// `data-step`), `None` while it shows the explorer's own network.
    pub async fn explorer_chart_step(&self) -> Result<Option<usize>> {
        let step = self
            .page
            .eval("return document.querySelector('[data-testid=gradient-chart-step]')?.dataset.step ?? null")
            .await?;
        Ok(step.as_str().and_then(|s| s.parse().ok()))
    }

    /// Waits until both explorer charts show the step the step counter shows: after a pause
    /// the chunk in flight still adds its steps, then the stop report follows.
    pub async fn wait_for_explorer_charts_at_counter_step(&self) -> Result<()> {
        self.page
            .wait_until(
                "the explorer's charts to show the step counter's step",
                "const step = document.querySelector('[data-testid=train-step-count]')?.dataset.value; \
                 return step !== undefined && ['gradient-chart-step', 'activation-chart-step'].every(id => \
                 document.querySelector(`[data-testid=${id}]`)?.dataset.step === step)",
            )
            .await
    }

    /// Waits until the explorer's gradient and activation charts both say, in their captions,
    /// that they show training step `step`.
    pub async fn wait_for_explorer_charts_at_step(&self, step: usize) -> Result<()> {
        self.page
            .wait_until_with(
                &format!("the explorer's charts to show step {step}"),
                "return ['gradient-chart-step', 'activation-chart-step'].every(id => \
                 document.querySelector(`[data-testid=${id}]`)?.dataset.step === String(arguments[0]))",
                vec![json!(step)],
            )
            .await
    }

    /// Scrolls the element `testid` to the top of the window.
    pub async fn scroll_to_testid(&self, testid: &str) -> Result<()> {
        self.page
            .eval_with(
                "document.querySelector(`[data-testid=${arguments[0]}]`).scrollIntoView(); return true",
                vec![json!(testid)],
            )
            .await?;
        Ok(())
    }

    /// Scrolls the training panel to the top of the window (for screenshots of it).
    pub async fn scroll_to_training(&self) -> Result<()> {
        self.page
            .eval("document.querySelector('[data-area=train]').scrollIntoView(); return true")
            .await?;
        Ok(())
    }
}
