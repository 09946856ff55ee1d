//! The page object of a mode's training panel for a sequence task (the transformer's reverse
//! task, the recurrent latching task): the mode opened with the panel, its readouts by test id
//! `<prefix>-…` inside the mode's view, waiting on its step and status, its settings through
//! the address, the accessibility audit after a run, and a screenshot with a chart in view.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::mode::{Mode, ModePage};
use crate::{ExplorerPage, Result};

/// Where a panel's parts are.
pub struct TaskPanel {
    /// The mode the panel trains.
    pub mode: &'static Mode,
    /// Its test ids' prefix ("tf-train", "rnn-train").
    pub prefix: &'static str,
}

impl TaskPanel {
    /// Opens the app with `query` (which opens the panel) at `size`, once the mode's chart
    /// and the panel's Start button are there.
    pub async fn open(&self, query: &str, size: (u32, u32)) -> Result<ModePage> {
        let page = ModePage::open(self.mode, query, size).await?;
        page.wait_for_chart(0).await?;
        let start = format!(
            "return !!document.querySelector('{} [data-testid={}-start]');",
            self.mode.view, self.prefix
        );
        page.page.wait_until("the training panel", &start).await?;
        Ok(page)
    }

    /// The address `page` shows holds `expected`, and the same address opened anew (at
    /// `size`) shows `values` in the fields `ids` and writes itself back unchanged.
    pub async fn reopen_from_address(
        &self,
        page: &ModePage,
        expected: &str,
        ids: &[&str],
        values: &[&str],
        size: (u32, u32),
    ) -> Result<ModePage> {
        let search = page.search().await?;
        assert!(search.contains(expected), "{search}");
        let reopened = self.open(&format!("?{search}"), size).await?;
        let shown = reopened
            .page
            .eval_with(
                &format!(
                    "return arguments[0].map(id => document.querySelector(`{} [data-testid=${{id}}]`).value);",
                    self.mode.view
                ),
                vec![json!(ids)],
            )
            .await?;
        assert_eq!(shown, json!(values));
        assert_eq!(reopened.search().await?, search);
        Ok(reopened)
    }

    /// Opens the panel of the mode `page` shows, loads `preset` (if any), trains to the end
    /// and has axe-core find no serious or critical violation, light or dark.
    pub async fn assert_audit_passes_after_a_run(
        &self,
        page: &ExplorerPage,
        preset: Option<&str>,
    ) -> Result<()> {
        let p = self.prefix;
        page.click(p).await?;
        page.wait_for_text_containing(&format!("{p}-preset-explanation"), "Pick")
            .await?;
        if let Some(id) = preset {
            page.click(&format!("{p}-preset-{id}")).await?;
        }
        page.click(&format!("{p}-start")).await?;
        page.wait_for_text_containing(&format!("{p}-status"), "Finished")
            .await?;
        for scheme in ["light", "dark"] {
            page.set_color_scheme(scheme).await?;
            let found = page.axe_violations().await?;
            assert_eq!(found, Vec::<String>::new(), "{scheme}");
        }
        Ok(())
    }

    /// The number in `data-<attr>` of the view's element `testid` (NaN if absent).
    pub async fn number(&self, page: &ModePage, testid: &str, attr: &str) -> Result<f64> {
        let v = page
            .page
            .eval_with(
                &format!("const el = document.querySelector(`{} [data-testid=${{arguments[0]}}]`); \
                          const v = el ? el.getAttribute(arguments[1]) : null; return v === null || v === '' ? 'NaN' : v;", self.mode.view),
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
                self.mode.view, self.prefix
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
        let every = Duration::from_millis(100);
        self.wait_for_every(page, what, (secs, every), ok).await
    }

    /// `wait_for`, looking at the page every `every` (each look wakes the page's threads).
    pub async fn wait_for_every(
        &self,
        page: &ModePage,
        what: &str,
        (secs, every): (u64, Duration),
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
            tokio::time::sleep(every).await;
        }
    }

    /// The `aria-label` of the view's element `testid`.
    pub async fn label(&self, page: &ModePage, testid: &str) -> Result<String> {
        let v = page
            .page
            .eval(&format!(
                "return document.querySelector('{} [data-testid={testid}]').getAttribute('aria-label');",
                self.mode.view
            ))
            .await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// Saves a screenshot with `testid` at the viewport's bottom (to /work/shots too).
    pub async fn shot(&self, page: &ModePage, testid: &str, name: &str) -> Result<()> {
        page.page
            .eval(&format!("document.querySelector('{} [data-testid={testid}]').scrollIntoView({{block: 'end'}}); return true;", self.mode.view))
            .await?;
        let path = page.page.screenshot(name).await?;
        let shots = std::path::Path::new("/work/shots");
        if std::fs::create_dir_all(shots).is_ok() {
            let _ = std::fs::copy(&path, shots.join(format!("{name}.png")));
        }
        Ok(())
    }
}
