//! Accessibility and devices: the axe-core audit, keyboard focus as a user tabs through the
//! page, emulated media (theme, reduced motion), window sizes, and touch-target sizes.

use fantoccini::key::Key;
use serde_json::{json, Value};

use super::ExplorerPage;
use crate::{workspace_root, Result};

/// One element the keyboard reached: its test id (or id, or tag) and whether a focus ring
/// showed (a computed outline of at least 2 px, or a box shadow).
#[derive(Debug, Clone)]
pub struct Focused {
    pub name: String,
    pub ring: bool,
    pub ring_style: String,
}

/// Records every element focused from now on (see `tab`), with its computed focus style
/// read at the moment it gained focus.
const RECORD_FOCUS: &str = "window.__focused = []; \
    if (!window.__focusRecorder) { window.__focusRecorder = true; \
      document.addEventListener('focusin', e => { const el = e.target; const cs = getComputedStyle(el); \
        const width = parseFloat(cs.outlineWidth) || 0; \
        const ring = (cs.outlineStyle !== 'none' && width >= 2) || (cs.boxShadow && cs.boxShadow !== 'none'); \
        window.__focused.push({ name: el.dataset.testid || el.id || el.tagName.toLowerCase(), ring, \
          style: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor} / ${cs.boxShadow}` }); }, true); } \
    return true";

/// Runs axe-core over the document (every `<details>` opened first, so their contents are
/// checked too) and returns the serious and critical violations as readable lines.
const RUN_AXE: &str = "const done = arguments[arguments.length - 1]; \
    document.querySelectorAll('details').forEach(d => d.open = true); \
    requestAnimationFrame(() => requestAnimationFrame(() => \
      axe.run(document, { resultTypes: ['violations'] }).then(r => done(r.violations \
        .filter(v => v.impact === 'serious' || v.impact === 'critical') \
        .map(v => `${v.id} (${v.impact}): ${v.help} — ` + v.nodes.slice(0, 5) \
          .map(n => n.target.join(' ') + ' [' + (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 160) + ']') \
          .join('; ')))).catch(e => done(['axe failed: ' + e]))));";

/// Visible controls smaller than 24 × 24 CSS px (links inside prose are exempt, as in WCAG).
const SMALL_TARGETS: &str = "return [...document.querySelectorAll('button, select, input, summary, [tabindex=\"0\"]')] \
    .filter(el => el.offsetParent !== null && !el.disabled) \
    .map(el => [el, el.getBoundingClientRect()]) \
    .filter(([el, r]) => r.width < 24 || r.height < 24) \
    .map(([el, r]) => `${el.dataset.testid || el.id || el.tagName.toLowerCase()} ${r.width.toFixed(0)}×${r.height.toFixed(0)}`)";

impl ExplorerPage {
    /// Loads axe-core from `node_modules/` (once per page load) and audits the document.
    pub async fn axe_violations(&self) -> Result<Vec<String>> {
        let loaded = self.page.eval("return typeof axe !== 'undefined'").await?;
        if loaded.as_bool() != Some(true) {
            let path = workspace_root().join("node_modules/axe-core/axe.min.js");
            let source = std::fs::read_to_string(&path)
                .map_err(|e| format!("{}: {e} (run `npm ci`)", path.display()))?;
            self.page.eval(&format!("{source}\n;return true")).await?;
        }
        let out = self.page.client.execute_async(RUN_AXE, vec![]).await?;
        Ok(strings(&out))
    }

    /// Emulates media features, e.g. `[("prefers-color-scheme", "dark"),
    /// ("prefers-reduced-motion", "reduce")]` (features left out go back to the default).
    pub async fn emulate_media(&self, features: &[(&str, &str)]) -> Result<()> {
        let features: Vec<Value> = features
            .iter()
            .map(|(name, value)| json!({"name": name, "value": value}))
            .collect();
        self.page.emulate_media(features).await
    }

    /// Resizes the window to `width` × `height` and waits for a frame at the new size.
    pub async fn resize(&self, (width, height): (u32, u32)) -> Result<()> {
        self.page.client.set_window_size(width, height).await?;
        self.wait_for(
            &format!("the window to be {width} px wide"),
            "return window.innerWidth === arguments[0]",
            vec![json!(width)],
        )
        .await?;
        self.wait_for_frame().await
    }

    /// (document scroll width, window inner width): no horizontal scroll when the first is
    /// at most the second.
    pub async fn scroll_and_window_width(&self) -> Result<(f64, f64)> {
        let v = self
            .page
            .eval("return [document.scrollingElement.scrollWidth, window.innerWidth]")
            .await?;
        let n = |i: usize| v[i].as_f64().unwrap_or(f64::NAN);
        Ok((n(0), n(1)))
    }

    /// The innermost elements that reach past the window's right edge (for a failure
    /// message): "tag.class right-edge".
    pub async fn elements_past_the_right_edge(&self) -> Result<Vec<String>> {
        let v = self
            .page
            .eval(
                "const past = [...document.querySelectorAll('body *')].filter(el => \
                   el.getBoundingClientRect().right > innerWidth + 1 && el.offsetParent !== null); \
                 return past.filter(el => !past.some(o => o !== el && el.contains(o))).slice(0, 8) \
                   .map(el => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}` + \
                     `${el.dataset.testid ? '#' + el.dataset.testid : ''} ${el.getBoundingClientRect().right.toFixed(0)}`)",
            )
            .await?;
        Ok(strings(&v))
    }

    /// Opens the charts' value tables, waits until each has rows, and returns how many rows
    /// each has (closing them again: rows are built only while a table is open).
    pub async fn chart_table_rows(&self) -> Result<Vec<usize>> {
        let out = self
            .page
            .client
            .execute_async(
                "const done = arguments[0]; const t0 = performance.now(); \
                 const tables = [...document.querySelectorAll('[data-area=charts] .value-table')]; \
                 tables.forEach(t => t.open = true); \
                 const counts = () => tables.map(t => t.querySelectorAll('tbody tr').length); \
                 const poll = setInterval(() => { const c = counts(); \
                   if (c.every(n => n > 0) || performance.now() - t0 > 5000) { \
                     clearInterval(poll); tables.forEach(t => t.open = false); done(c); } }, 20);",
                vec![],
            )
            .await?;
        Ok(out
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_u64)
                    .map(|n| n as usize)
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Visible controls smaller than 24 × 24 px, as "testid W×H".
    pub async fn small_touch_targets(&self) -> Result<Vec<String>> {
        Ok(strings(&self.page.eval(SMALL_TARGETS).await?))
    }

    /// Puts focus on the element `testid` from script, as a starting point for `tab`.
    pub async fn focus(&self, testid: &str) -> Result<()> {
        self.page
            .eval_with(
                "document.querySelector(`[data-testid='${arguments[0]}']`).focus(); return true",
                vec![json!(testid)],
            )
            .await?;
        Ok(())
    }

    /// Presses Tab `times` times from the focused element; returns every element focused on
    /// the way, in order, with its focus style.
    pub async fn tab(&self, times: usize) -> Result<Vec<Focused>> {
        self.page.eval(RECORD_FOCUS).await?;
        self.keys_to_focused(Key::Tab, times).await?;
        let v = self.page.eval("return window.__focused").await?;
        Ok(v.as_array()
            .map(|a| {
                a.iter()
                    .map(|f| Focused {
                        name: f["name"].as_str().unwrap_or_default().to_string(),
                        ring: f["ring"].as_bool() == Some(true),
                        ring_style: f["style"].as_str().unwrap_or_default().to_string(),
                    })
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Presses `key` `times` times on whatever has focus (as a keyboard user would).
    pub async fn keys_to_focused(&self, key: Key, times: usize) -> Result<()> {
        let keys: String = std::iter::repeat_n(char::from(key), times).collect();
        self.page
            .client
            .active_element()
            .await?
            .send_keys(&keys)
            .await?;
        Ok(())
    }

    /// The test id of the focused element ("" if it has none).
    pub async fn focused_testid(&self) -> Result<String> {
        let v = self
            .page
            .eval("return document.activeElement?.dataset?.testid ?? ''")
            .await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// The `textContent` of `testid`: what a screen reader reads, shown or visually hidden
    /// (WebDriver's text is only what is rendered visibly).
    pub async fn text_content(&self, testid: &str) -> Result<String> {
        let v = self
            .page
            .eval_with(
                "return document.querySelector(`[data-testid='${arguments[0]}']`)?.textContent ?? ''",
                vec![json!(testid)],
            )
            .await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// Runs `script` in the page (a function body returning a value); for one-off readings.
    pub async fn read(&self, script: &str) -> Result<Value> {
        self.page.eval(script).await
    }

    /// Scrolls `css` (the first match) to the top of the window.
    pub async fn scroll_to(&self, css: &str) -> Result<()> {
        self.page
            .eval_with(
                "document.querySelector(arguments[0]).scrollIntoView(); return true",
                vec![json!(css)],
            )
            .await?;
        self.wait_for_frame().await
    }
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|s| {
                    s.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| s.to_string())
                })
                .collect()
        })
        .unwrap_or_default()
}
