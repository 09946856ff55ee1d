//! The terms with a definition a tap away (`ui::term`): tap one as a user would, read which
//! definitions are open and whether the open one fits the window.

use fantoccini::Locator;
use serde_json::json;

use super::ExplorerPage;
use crate::Result;

/// The open popover's box is inside the window.
const OPEN_FITS: &str = "const p = [...document.querySelectorAll('.term-popover')] \
    .find(p => p.matches(':popover-open')); if (!p) return false; \
    const r = p.getBoundingClientRect(); \
    return r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight";

impl ExplorerPage {
    /// Scrolls the first term `id` (a glossary id) to the middle of the window and taps it.
    pub async fn tap_term(&self, id: &str) -> Result<()> {
        let css = format!("[data-term='{id}']");
        self.page
            .eval_with(
                "document.querySelector(arguments[0]).scrollIntoView({block: 'center'}); return true",
                vec![json!(css)],
            )
            .await?;
        self.page
            .client
            .find(Locator::Css(&css))
            .await?
            .click()
            .await?;
        Ok(())
    }

    /// The test ids of the open definitions (`term-<id>`).
    pub async fn open_terms(&self) -> Result<Vec<String>> {
        let v = self
            .page
            .eval(
                "return [...document.querySelectorAll('.term-popover')] \
                 .filter(p => p.matches(':popover-open')).map(p => p.dataset.testid)",
            )
            .await?;
        Ok(v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Whether the open definition lies wholly inside the window.
    pub async fn open_term_fits(&self) -> Result<bool> {
        Ok(self.page.eval(OPEN_FITS).await?.as_bool() == Some(true))
    }
}
