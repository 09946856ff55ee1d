//! What the page costs: memory and load timings, for the footprint benchmark.

use super::ExplorerPage;
use crate::Result;

impl ExplorerPage {
    /// Private memory of the renderer running the page and its worker (heaps and wasm memories, shared libraries excluded), in bytes.
    pub fn renderer_private_bytes(&self) -> Result<u64> {
        self.page.page_renderer_private_bytes()
    }

    /// The main thread's used JS heap (Chromium's `performance.memory`), in bytes.
    pub async fn js_heap_bytes(&self) -> Result<Option<f64>> {
        let v = self
            .page
            .eval("return performance.memory ? performance.memory.usedJSHeapSize : null")
            .await?;
        Ok(v.as_f64())
    }

    /// The page's paint timings (`first-paint`, `first-contentful-paint`) in ms since
    /// navigation, and when the first report was on screen (the gradient chart's first draw).
    pub async fn load_timings(&self) -> Result<Vec<(String, f64)>> {
        let v = self
            .page
            .eval(
                "return performance.getEntriesByType('paint').map(e => [e.name, e.startTime])\
                 .concat(performance.getEntriesByName('first chart drawn').map(e => [e.name, e.startTime]))",
            )
            .await?;
        Ok(v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| Some((e[0].as_str()?.to_string(), e[1].as_f64()?)))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Loads the app again in the same browser with `query`; returns once it has mounted.
    pub async fn goto(&self, query: &str) -> Result<()> {
        self.page.goto(query).await
    }
}
