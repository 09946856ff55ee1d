//! The page object of a mode's training panel for a sequence task (the transformer's reverse
//! task, the recurrent latching task): its readouts by test id `<prefix>-…` inside the mode's
//! view, waiting on its step and status, and a screenshot with a chart in view.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::mode::ModePage;
use crate::Result;

/// Where a panel's parts are.
pub struct TaskPanel {
    /// The mode's view selector.
    pub view: &'static str,
    /// Its test ids' prefix ("tf-train", "rnn-train").
    pub prefix: &'static str,
}

impl TaskPanel {
    /// The number in `data-<attr>` of the view's element `testid` (NaN if absent).
    pub async fn number(&self, page: &ModePage, testid: &str, attr: &str) -> Result<f64> {
        let v = page
            .page
            .eval_with(
                &format!("const el = document.querySelector(`{} [data-testid=${{arguments[0]}}]`); \
                          const v = el ? el.getAttribute(arguments[1]) : null; return v === null || v === '' ? 'NaN' : v;", self.view),
                vec![json!(testid), json!(attr)],
            )
            .await?;
        Ok(v.as_str().and_then(|s| s.parse().ok()).unwrap_or(f64::NAN))
    }

    pub async fn step(&self, page: &ModePage) -> Result<f64> {
        let id = format!("{}-step", self.prefix);
        self.number(page, &id, "data-step").await
    }

    pub async fn status(&self, page: &ModePage) -> Result<String> {
        let v = page
            .page
            .eval(&format!(
                "return document.querySelector('{} [data-testid={}-status]').textContent;",
                self.view, self.prefix
            ))
            .await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// Waits up to `secs` for `ok(step, status)`.
    pub async fn wait_for(
        &self,
        page: &ModePage,
        what: &str,
        secs: u64,
        ok: impl Fn(f64, &str) -> bool,
    ) -> Result<()> {
        let until = Instant::now() + Duration::from_secs(secs);
        loop {
            let (s, st) = (self.step(page).await?, self.status(page).await?);
            if ok(s, &st) {
                return Ok(());
            }
            if Instant::now() > until {
                return Err(format!("timed out waiting for {what} (step {s}, “{st}”)").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The `aria-label` of the view's element `testid`.
    pub async fn label(&self, page: &ModePage, testid: &str) -> Result<String> {
        let v = page
            .page
            .eval(&format!(
                "return document.querySelector('{} [data-testid={testid}]').getAttribute('aria-label');",
                self.view
            ))
            .await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// Saves a screenshot with `testid` at the viewport's bottom (to /work/shots too).
    pub async fn shot(&self, page: &ModePage, testid: &str, name: &str) -> Result<()> {
        page.page
            .eval(&format!("document.querySelector('{} [data-testid={testid}]').scrollIntoView({{block: 'end'}}); return true;", self.view))
            .await?;
        let path = page.page.screenshot(name).await?;
        let shots = std::path::Path::new("/work/shots");
        if std::fs::create_dir_all(shots).is_ok() {
            let _ = std::fs::copy(&path, shots.join(format!("{name}.png")));
        }
        Ok(())
    }
}
