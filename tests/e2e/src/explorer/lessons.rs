//! The lessons below the explorer: the table of contents, typeset formulas, and the buttons
//! that load a network into the explorer.

use fantoccini::Locator;
use serde_json::json;

use super::ExplorerPage;
use crate::Result;

impl ExplorerPage {
    /// Waits until more than `at_least` formulas in the lessons are typeset by KaTeX.
    pub async fn wait_for_typeset(&self, at_least: usize) -> Result<()> {
        self.wait_for(
            "KaTeX to typeset",
            "return document.querySelectorAll('.lesson .katex').length > arguments[0]",
            vec![json!(at_least)],
        )
        .await
    }

    /// Empties the precision lesson's number field, then types `text` into it key by key.
    pub async fn type_number_bits(&self, text: &str) -> Result<()> {
        self.wait_for(
            "the number field to empty",
            "const el = document.querySelector('[data-testid=bits-number]'); if (!el) return false; \
             el.value = ''; el.dispatchEvent(new Event('input', { bubbles: true })); return true",
            vec![],
        )
        .await?;
        let field = self
            .page
            .client
            .find(Locator::Css("[data-testid=bits-number]"))
            .await?;
        field.send_keys(text).await?;
        Ok(())
    }

    /// Clicks the table of contents' link to section `id`.
    pub async fn follow_contents_link(&self, id: &str) -> Result<()> {
        let link = format!("[data-testid=lessons-toc] a[href='#{id}']");
        self.page
            .client
            .find(Locator::Css(&link))
            .await?
            .click()
            .await?;
        Ok(())
    }

    /// Waits until section `id` starts in the upper half of the window.
    pub async fn wait_for_section_in_view(&self, id: &str) -> Result<()> {
        self.wait_for(
            &format!("section {id} to scroll into view"),
            "const r = document.getElementById(arguments[0]).getBoundingClientRect(); \
             return r.top >= -2 && r.top < innerHeight / 2",
            vec![json!(id)],
        )
        .await
    }

    /// The heading of section `id`.
    pub async fn section_heading(&self, id: &str) -> Result<Option<String>> {
        let v = self
            .page
            .eval_with(
                "return document.getElementById(arguments[0]).querySelector('h2').textContent",
                vec![json!(id)],
            )
            .await?;
        Ok(v.as_str().map(str::to_string))
    }

    /// How many formulas KaTeX failed to typeset.
    pub async fn formula_errors(&self) -> Result<Option<u64>> {
        let v = self
            .page
            .eval("return document.querySelectorAll('.katex-error').length")
            .await?;
        Ok(v.as_u64())
    }

    /// How many formulas show nothing at all.
    pub async fn blank_formulas(&self) -> Result<Option<u64>> {
        let v = self
            .page
            .eval("return [...document.querySelectorAll('.math')].filter(m => m.textContent.trim() === '').length")
            .await?;
        Ok(v.as_u64())
    }
}
