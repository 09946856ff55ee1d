//! The theory views: the overlay toggle, the χ readout and the phase diagram (clicked at a
//! fraction of its canvas, as a user would).

use serde_json::json;

use super::ExplorerPage;
use crate::Result;
use std::path::PathBuf;

impl ExplorerPage {
    /// Clicks the "show the mean-field prediction" checkbox.
    pub async fn toggle_theory(&self) -> Result<()> {
        self.click("theory-toggle").await
    }

    /// Whether the theory overlay's checkbox is checked.
    pub async fn theory_toggle_checked(&self) -> Result<bool> {
        let v = self
            .page
            .eval("return document.querySelector('[data-testid=theory-toggle]').checked")
            .await?;
        Ok(v.as_bool() == Some(true))
    }

    /// Opens "Go deeper: mean-field theory" (closed at first; its content is built when
    /// opened) and waits for the χ readout and the phase diagram to be there.
    pub async fn open_theory(&self) -> Result<()> {
        self.page
            .eval("const d = document.querySelector('[data-testid=theory-details]'); if (!d.open) d.open = true; return true")
            .await?;
        self.wait_for(
            "the theory panel to open",
            "return document.querySelector('[data-testid=phase-diagram]') !== null \
             && document.querySelector('[data-testid=chi-readout]') !== null",
            vec![],
        )
        .await
    }

    /// The χ readout's words and its `data-value` (a number, or "none").
    pub async fn chi_readout(&self) -> Result<(String, String)> {
        self.open_theory().await?;
        let text = self.text("chi-readout").await?;
        let value = self
            .attr("chi-readout", "data-value")
            .await?
            .unwrap_or_default();
        Ok((text, value))
    }

    /// Waits until the gradient chart's text alternative contains `needle`.
    pub async fn wait_for_gradient_label_containing(&self, needle: &str) -> Result<()> {
        self.wait_for(
            &format!("the gradient chart's label to contain {needle:?}"),
            "return document.querySelector('[data-testid=gradient-chart]').getAttribute('aria-label').includes(arguments[0])",
            vec![json!(needle)],
        )
        .await
    }

    /// Clicks the phase diagram at (fx, fy) of its canvas (0..1 from the top left).
    pub async fn click_phase_diagram(&self, fx: f64, fy: f64) -> Result<()> {
        self.open_theory().await?;
        let el = self
            .page
            .client
            .find(fantoccini::Locator::Css("[data-testid=phase-diagram]"))
            .await?;
        let script = "const c = arguments[0]; c.scrollIntoView({block: 'center'}); \
            const r = c.getBoundingClientRect(); \
            c.dispatchEvent(new MouseEvent('click', {bubbles: true, \
              clientX: r.left + r.width * arguments[1], clientY: r.top + r.height * arguments[2]})); \
            return true";
        let arg = serde_json::to_value(el)?;
        self.page
            .eval_with(script, vec![arg, json!(fx), json!(fy)])
            .await?;
        Ok(())
    }

    /// Waits until the phase diagram's grid is computed (its label no longer says it is being
    /// computed).
    pub async fn wait_for_phase_diagram(&self) -> Result<()> {
        self.open_theory().await?;
        self.wait_for(
            "the phase diagram to be computed",
            "return !document.querySelector('[data-testid=phase-diagram]').getAttribute('aria-label').includes('being computed')",
            vec![],
        )
        .await
    }

    /// Waits until the phase diagram's marker is at σ_w² ≠ `old` (its `data-sigma-w2`).
    pub async fn wait_for_phase_marker_change(&self, old: &str) -> Result<()> {
        self.wait_for(
            "the phase diagram's marker to move",
            "return document.querySelector('[data-testid=phase-diagram]').dataset.sigmaW2 !== arguments[0]",
            vec![json!(old)],
        )
        .await
    }

    /// The phase diagram's marker as (σ_w², σ_b²) attribute strings.
    pub async fn phase_marker(&self) -> Result<(String, String)> {
        self.open_theory().await?;
        let w = self.attr("phase-diagram", "data-sigma-w2").await?;
        let b = self.attr("phase-diagram", "data-sigma-b2").await?;
        Ok((w.unwrap_or_default(), b.unwrap_or_default()))
    }

    /// Screenshot of one element (by CSS selector) as `target/e2e/<name>.png`.
    pub async fn screenshot_of(&self, css: &str, name: &str) -> Result<PathBuf> {
        self.page.screenshot_element(css, name).await
    }
}
