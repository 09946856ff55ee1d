//! What the page asks the network for and what its Content-Security-Policy allows: the
//! policy in force, its violations, every resource the page loaded, and the KaTeX fonts.

use serde_json::Value;

use super::ExplorerPage;
use crate::Result;

/// One resource the page loaded (Resource Timing): its address, who asked for it, its status.
#[derive(Debug)]
pub struct Resource {
    pub url: String,
    pub initiator: String,
    /// `responseStatus` (0 when the browser does not report it).
    pub status: u64,
}

impl ExplorerPage {
    /// The `content` of the page's Content-Security-Policy meta tag, if it has one.
    pub async fn csp_policy(&self) -> Result<Option<String>> {
        let v = self
            .page
            .eval("return document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]')?.content ?? null")
            .await?;
        Ok(v.as_str().map(str::to_string))
    }

    /// Violations of the policy so far (`securitypolicyviolation` events, error-capture.js).
    pub async fn csp_violations(&self) -> Result<Vec<String>> {
        let v = self
            .page
            .eval("return window.__cspViolations || ['violation capture missing']")
            .await?;
        Ok(strings(&v))
    }

    /// The page's own origin (`location.origin`).
    pub async fn origin(&self) -> Result<String> {
        let v = self.page.eval("return location.origin").await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// Every resource in the page's Performance timeline (the worker's own fetches are in the
    /// worker's timeline: see `served`).
    pub async fn resources(&self) -> Result<Vec<Resource>> {
        let v = self
            .page
            .eval(
                "return performance.getEntriesByType('resource')\
                 .map(e => [e.name, e.initiatorType, e.responseStatus ?? 0])",
            )
            .await?;
        Ok(v.as_array()
            .map(|a| {
                a.iter()
                    .map(|e| Resource {
                        url: e[0].as_str().unwrap_or_default().to_string(),
                        initiator: e[1].as_str().unwrap_or_default().to_string(),
                        status: e[2].as_u64().unwrap_or(0),
                    })
                    .collect()
            })
            .unwrap_or_default())
    }

    /// What the test server was asked for so far: (path, status), the worker's requests too.
    pub fn served(&self) -> Vec<(String, u16)> {
        self.page
            .served
            .lock()
            .map(|log| log.clone())
            .unwrap_or_default()
    }

    /// Once every font the page asked for has settled: the KaTeX faces as "family status"
    /// (status `loaded`, `error` or `unloaded` for faces no formula used).
    pub async fn katex_font_faces(&self) -> Result<Vec<String>> {
        let v = self
            .page
            .eval(
                "return document.fonts.ready.then(fs => [...fs]\
                 .filter(f => f.family.includes('KaTeX'))\
                 .map(f => `${f.family} ${f.style} ${f.weight} ${f.status}`))",
            )
            .await?;
        Ok(strings(&v))
    }
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|e| e.as_str().map_or_else(|| e.to_string(), str::to_string))
                .collect()
        })
        .unwrap_or_default()
}
