//! The simulation worker seen from the page: whether a computation is running, the
//! "Computing…" indicator, how fast the page answers meanwhile, and its long tasks.

use serde_json::{json, Value};
use std::time::{Duration, Instant};

use super::ExplorerPage;
use crate::Result;

/// Both chart figures say they are not busy: what they show is the newest config (and the
/// lessons, mounted after the first chart, are in place).
const IDLE: &str = "const f = [...document.querySelectorAll('figure.chart')]; \
    return f.length > 0 && f.every(e => e.getAttribute('aria-busy') === 'false') \
    && !!document.querySelector('[data-area=lessons]')";

/// What `drag_then_click` saw.
#[derive(Debug)]
pub struct DragAndClick {
    /// From a task queued after the last drag event until the click's change was in the DOM.
    pub click_ms: f64,
    /// The "Computing…" indicator was visible 250 ms after the drag.
    pub indicator_shown: bool,
    /// The charts said `aria-busy="true"` then.
    pub busy: bool,
}

/// Longest main-thread task and how many took over 50 ms (the Long Tasks API's threshold).
#[derive(Debug)]
pub struct LongTasks {
    pub longest_ms: f64,
    pub count: u64,
}

impl ExplorerPage {
    /// True while a change is being computed.
    pub async fn busy(&self) -> Result<bool> {
        let v = self.page.eval(IDLE).await?;
        Ok(v.as_bool() != Some(true))
    }

    /// Waits until what the charts show is the newest config (at most `limit`).
    pub async fn wait_for_idle_within(&self, limit: Duration) -> Result<()> {
        let started = Instant::now();
        while self.busy().await? {
            if started.elapsed() > limit {
                return Err(format!("still computing after {limit:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(())
    }

    /// Waits until the newest config is shown (or an error banner is).
    pub async fn wait_for_idle(&self) -> Result<()> {
        self.wait_for(
            "the charts to show the newest config",
            &format!(
                "return !document.getElementById('fatal-error').hidden || (() => {{ {IDLE} }})()"
            ),
            vec![],
        )
        .await
    }

    /// Scrolls the charts to the top of the window (for screenshots of them).
    pub async fn scroll_to_charts(&self) -> Result<()> {
        self.page
            .eval("document.querySelector('[data-testid=gradient-figure]').scrollIntoView(); return true")
            .await?;
        Ok(())
    }

    /// Whether the "Computing…" indicator is visible on the charts.
    pub async fn computing_shown(&self) -> Result<bool> {
        let v = self
            .page
            .eval("return [...document.querySelectorAll('[data-testid=computing]')].some(e => !e.hidden)")
            .await?;
        Ok(v.as_bool() == Some(true))
    }

    /// Drags the depth slider through `values` (`gap_ms` apart), then clicks the metric toggle
    /// from a fresh task and measures until its `aria-checked` changed; 250 ms after the drag
    /// notes whether the indicator shows.
    pub async fn drag_then_click(&self, values: &[usize], gap_ms: u64) -> Result<DragAndClick> {
        let out = self
            .page
            .client
            .execute_async(
                include_str!("drag_click.js"),
                vec![json!(values), json!(gap_ms)],
            )
            .await?;
        Ok(DragAndClick {
            click_ms: out["clickMs"].as_f64().unwrap_or(f64::INFINITY),
            indicator_shown: out["indicator"].as_bool() == Some(true),
            busy: out["busy"].as_bool() == Some(true),
        })
    }

    /// Starts recording main-thread tasks longer than 50 ms.
    pub async fn record_long_tasks(&self) -> Result<()> {
        self.page
            .eval(
                "window.__longTasks = []; new PerformanceObserver(l => window.__longTasks.push(...l.getEntries().map(e => e.duration))).observe({ type: 'longtask' }); return true",
            )
            .await?;
        Ok(())
    }

    /// Keeps the main thread busy for `ms` from a task of its own (a control for the
    /// long-task observer).
    pub async fn busy_main_thread(&self, ms: u64) -> Result<()> {
        self.page
            .eval_with(
                "const ms = arguments[0]; setTimeout(() => { const t = performance.now(); while (performance.now() - t < ms) {} }, 0); return true",
                vec![json!(ms)],
            )
            .await?;
        Ok(())
    }

    /// The long tasks recorded since `record_long_tasks`.
    pub async fn long_tasks(&self) -> Result<LongTasks> {
        let v = self.page.eval("return window.__longTasks || []").await?;
        let tasks: Vec<f64> = v
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_f64).collect())
            .unwrap_or_default();
        Ok(LongTasks {
            longest_ms: tasks.iter().copied().fold(0.0, f64::max),
            count: tasks.len() as u64,
        })
    }

    /// Fires `input` events on the slider `testid` with `values`, `gap_ms` apart (a drag at
    /// a person's pace), and resolves when the last one was sent.
    pub async fn sweep_slider(&self, testid: &str, values: &[String], gap_ms: u64) -> Result<()> {
        self.page
            .client
            .execute_async(
                "const [id, values, gap, done] = arguments; const s = document.querySelector(`[data-testid=${id}]`); \
                 (async () => { for (const v of values) { s.value = v; s.dispatchEvent(new Event('input', { bubbles: true })); \
                 await new Promise(r => setTimeout(r, gap)); } done(true); })();",
                vec![json!(testid), json!(values), json!(gap_ms)],
            )
            .await?;
        Ok(())
    }

    /// Decoding times of the worker's replies (the page's `sim-worker reply` measures), ms.
    pub async fn reply_decode_times(&self) -> Result<Vec<f64>> {
        self.measures("sim-worker reply").await
    }

    /// The durations (ms) of the page's `performance` measures named `name`, oldest first.
    pub async fn measures(&self, name: &str) -> Result<Vec<f64>> {
        let v = self
            .page
            .eval_with(
                "return performance.getEntriesByName(arguments[0], 'measure').map(e => e.duration)",
                vec![json!(name)],
            )
            .await?;
        Ok(v.as_array()
            .map(|a| a.iter().filter_map(Value::as_f64).collect())
            .unwrap_or_default())
    }

    /// Forgets the page's `performance` measures (each chart's draws, the worker's round trips…).
    pub async fn clear_measures(&self) -> Result<()> {
        self.page
            .eval("performance.clearMeasures(); return true")
            .await?;
        Ok(())
    }
}
