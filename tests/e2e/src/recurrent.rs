//! The recurrent mode's page object: the architecture switch, its controls and presets, the
//! time-gradient chart and the diagnosis, all looked up inside `recurrent-view` (the MLP
//! explorer stays mounted, hidden, with test ids of its own).

use serde_json::{json, Value};

use crate::{Page, Result};

const VIEW: &str = "[data-testid=recurrent-view]";

pub struct RecurrentPage {
    pub page: Page,
}

impl RecurrentPage {
    /// Opens the app with `query` at `size` (no switch clicked).
    pub async fn open(query: &str, size: (u32, u32)) -> Result<RecurrentPage> {
        let page = Page::open(query, size.0, size.1).await?;
        Ok(RecurrentPage { page })
    }

    pub async fn close(self) -> Result<()> {
        self.page.close().await
    }

    async fn eval(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        self.page.eval_with(script, args).await
    }

    /// Clicks the switch to the recurrent mode and waits for its first chart.
    pub async fn switch_to_recurrent(&self) -> Result<()> {
        self.page.click("arch-recurrent").await?;
        self.wait_for_chart(0).await
    }

    /// How often the chart has been drawn (0 before the first report).
    pub async fn render_count(&self) -> Result<u64> {
        let v = self
            .eval(
                &format!("const c = document.querySelector('{VIEW} [data-testid=time-gradient-chart]'); return c ? Number(c.dataset.renderCount) : 0;"),
                vec![],
            )
            .await?;
        Ok(v.as_u64().unwrap_or(0))
    }

    /// Waits until the chart was drawn more than `after` times and nothing is computing.
    pub async fn wait_for_chart(&self, after: u64) -> Result<()> {
        self.page
            .wait_until_with(
                &format!("the time-gradient chart to draw more than {after} times"),
                &format!("const c = document.querySelector('{VIEW} [data-testid=time-gradient-chart]'); \
                 return !!c && Number(c.dataset.renderCount) > arguments[0] \
                 && c.closest('figure').getAttribute('aria-busy') === 'false';"),
                vec![json!(after)],
            )
            .await
    }

    /// Sets a slider or number field and fires `input` and `change`, as a user would.
    pub async fn set_value(&self, testid: &str, value: &str) -> Result<()> {
        self.eval(
            &format!(
                "const el = document.querySelector(`{VIEW} [data-testid=${{arguments[0]}}]`); \
             el.value = arguments[1]; el.dispatchEvent(new Event('input', {{bubbles: true}})); \
             el.dispatchEvent(new Event('change', {{bubbles: true}})); return true;"
            ),
            vec![json!(testid), json!(value)],
        )
        .await?;
        Ok(())
    }

    /// `set_value`, then waits for the chart to redraw.
    pub async fn change_and_wait(&self, testid: &str, value: &str) -> Result<()> {
        let before = self.render_count().await?;
        self.set_value(testid, value).await?;
        self.wait_for_chart(before).await
    }

    /// Clicks a preset and waits for the redraw; returns the diagnosis.
    pub async fn load_preset(&self, id: &str) -> Result<String> {
        let before = self.render_count().await?;
        self.page.click(&format!("rnn-preset-{id}")).await?;
        self.wait_for_chart(before).await?;
        self.diagnosis().await
    }

    /// `data-diagnosis` of the recurrent diagnosis card.
    pub async fn diagnosis(&self) -> Result<String> {
        let v = self
            .eval(
                &format!("return document.querySelector('{VIEW} [data-testid=diagnosis]').dataset.diagnosis;"),
                vec![],
            )
            .await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// The chart's text alternative.
    pub async fn chart_label(&self) -> Result<String> {
        let v = self
            .eval(
                &format!("return document.querySelector('{VIEW} [data-testid=time-gradient-chart]').getAttribute('aria-label');"),
                vec![],
            )
            .await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// The address bar's query string (without `?`).
    pub async fn search(&self) -> Result<String> {
        let v = self
            .eval("return location.search.slice(1);", vec![])
            .await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// Scrolls the area `area` (`status`, `charts`, …) to the viewport's top and saves a
    /// viewport screenshot to `/work/shots/<name>.png` (and `target/e2e/`).
    pub async fn shot(&self, name: &str, area: &str) -> Result<()> {
        self.eval(
            &format!("document.querySelector(`{VIEW} [data-area=${{arguments[0]}}]`).scrollIntoView({{block: 'start'}}); return true;"),
            vec![json!(area)],
        )
        .await?;
        let path = self.page.screenshot(name).await?;
        let shots = std::path::Path::new("/work/shots");
        if std::fs::create_dir_all(shots).is_ok() {
            let _ = std::fs::copy(&path, shots.join(format!("{name}.png")));
        }
        Ok(())
    }

    /// Waits for the recurrent lessons (mounted after the first chart) and their typesetting.
    pub async fn wait_for_lessons(&self) -> Result<()> {
        self.page
            .wait_until(
                "the recurrent lessons to be typeset",
                &format!(
                    "const l = document.querySelector('{VIEW} [data-testid=rnn-lessons]'); \
                 return !!l && l.querySelectorAll('.math').length > 0 \
                 && l.querySelectorAll('.math:not([data-typeset])').length === 0;"
                ),
            )
            .await
    }

    /// Clicks a recurrent lesson's "Try it" button (`lesson-<section>-<preset>`), scrolled into
    /// view first, and waits for the chart to redraw; returns the diagnosis.
    pub async fn lesson_try_it(&self, section: &str, preset: &str) -> Result<String> {
        let before = self.render_count().await?;
        let testid = format!("lesson-{section}-{preset}");
        self.eval(
            "document.querySelector(`[data-testid=${arguments[0]}]`).scrollIntoView({block: 'center'}); return true;",
            vec![json!(testid)],
        )
        .await?;
        self.page.click(&testid).await?;
        self.wait_for_chart(before).await?;
        self.diagnosis().await
    }

    /// The loaded preset's explanation as the view shows it.
    pub async fn preset_explanation(&self) -> Result<String> {
        let v = self
            .eval(
                &format!("return document.querySelector('{VIEW} [data-testid=rnn-preset-explanation]').textContent;"),
                vec![],
            )
            .await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// Scrolls the recurrent lesson section `id` to the viewport's top, waits for its fonts
    /// (KaTeX's included), and saves a viewport screenshot to `target/e2e/` and `/work/shots/`.
    pub async fn lesson_shot(&self, id: &str, name: &str) -> Result<()> {
        self.eval(
            &format!("document.querySelector('{VIEW} section#' + arguments[0]).scrollIntoView({{block: 'start'}}); return true;"),
            vec![json!(id)],
        )
        .await?;
        self.page
            .wait_until("the fonts", "return document.fonts.status === 'loaded';")
            .await?;
        let path = self.page.screenshot(name).await?;
        let shots = std::path::Path::new("/work/shots");
        if std::fs::create_dir_all(shots).is_ok() {
            let _ = std::fs::copy(&path, shots.join(format!("{name}.png")));
        }
        Ok(())
    }
}
