//! The page object of a mode beside the MLP explorer (the recurrent network, the transformer
//! stack): its switch in the navigation, its controls and presets, its first chart and the
//! diagnosis, all looked up inside the mode's view (the MLP explorer stays mounted, hidden,
//! with test ids of its own).

use serde_json::{json, Value};
use std::time::Duration;

use crate::{Page, Result};

/// Where a mode's parts are.
pub struct Mode {
    /// The view's selector.
    pub view: &'static str,
    /// The navigation button's test id.
    pub switch: &'static str,
    /// The test id of the chart every change redraws.
    pub chart: &'static str,
    /// Presets are `<preset>id`.
    pub preset: &'static str,
}

pub const RECURRENT: Mode = Mode {
    view: "[data-testid=recurrent-view]",
    switch: "arch-recurrent",
    chart: "time-gradient-chart",
    preset: "rnn-preset-",
};

pub const TRANSFORMER: Mode = Mode {
    view: "[data-testid=transformer-view]",
    switch: "arch-transformer",
    chart: "stream-gradient-chart",
    preset: "tf-preset-",
};

pub struct ModePage {
    pub page: Page,
    mode: &'static Mode,
}

impl ModePage {
    /// Opens the app with `query` at `size` (no switch clicked).
    pub async fn open(mode: &'static Mode, query: &str, size: (u32, u32)) -> Result<ModePage> {
        let page = Page::open(query, size.0, size.1).await?;
        Ok(ModePage { page, mode })
    }

    pub async fn close(self) -> Result<()> {
        self.page.close().await
    }

    async fn eval(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        self.page.eval_with(script, args).await
    }

    /// The page-y of each element's top (`data-testid`s in this mode's view) and the window's
    /// height: where a reader scrolling the page meets them.
    pub async fn tops(&self, testids: &[&str]) -> Result<(Vec<f64>, f64)> {
        let out = self
            .eval(
                "const [view, ids] = arguments; \
                 const top = id => document.querySelector(`${view} [data-testid=${id}]`) \
                     .getBoundingClientRect().top + window.scrollY; \
                 return [ids.map(top), window.innerHeight];",
                vec![json!(self.mode.view), json!(testids)],
            )
            .await?;
        Ok((numbers(&out[0]), out[1].as_f64().unwrap_or(0.0)))
    }

    /// How often each chart (`data-testid`s in this mode's view) has been drawn.
    pub async fn render_counts(&self, testids: &[&str]) -> Result<Vec<f64>> {
        let out = self
            .eval(
                "const [view, ids] = arguments; \
                 return ids.map(id => Number(document.querySelector(`${view} [data-testid=${id}]`) \
                     .dataset.renderCount));",
                vec![json!(self.mode.view), json!(testids)],
            )
            .await?;
        Ok(numbers(&out))
    }

    /// Clicks the switch to the mode and waits for its first chart.
    pub async fn switch(&self) -> Result<()> {
        self.page.click(self.mode.switch).await?;
        self.wait_for_chart(0).await
    }

    /// How often the chart has been drawn (0 before the first report).
    pub async fn render_count(&self) -> Result<u64> {
        let v = self
            .eval(
                &format!("const c = document.querySelector('{} [data-testid={}]'); return c ? Number(c.dataset.renderCount) : 0;", self.mode.view, self.mode.chart),
                vec![],
            )
            .await?;
        Ok(v.as_u64().unwrap_or(0))
    }

    /// Waits until the chart was drawn more than `after` times and nothing is computing.
    pub async fn wait_for_chart(&self, after: u64) -> Result<()> {
        self.page
            .wait_until_with(
                &format!("the {} to draw more than {after} times", self.mode.chart),
                &format!(
                    "const c = document.querySelector('{} [data-testid={}]'); \
                 return !!c && Number(c.dataset.renderCount) > arguments[0] \
                 && c.closest('figure').getAttribute('aria-busy') === 'false';",
                    self.mode.view, self.mode.chart
                ),
                vec![json!(after)],
            )
            .await
    }

    /// Waits until the chart was drawn more than `after` times, busy or not (the first seed's
    /// picture comes before the seed band's).
    pub async fn wait_for_render(&self, after: u64) -> Result<()> {
        self.wait_for_render_within(after, Duration::from_secs(20))
            .await
    }

    /// `wait_for_render` for at most `limit` (a network that takes the worker a while).
    pub async fn wait_for_render_within(&self, after: u64, limit: Duration) -> Result<()> {
        self.page
            .wait_until_within(
                &format!("the {} to draw more than {after} times", self.mode.chart),
                &format!(
                    "const c = document.querySelector('{} [data-testid={}]'); \
                     return !!c && Number(c.dataset.renderCount) > arguments[0];",
                    self.mode.view, self.mode.chart
                ),
                vec![json!(after)],
                limit,
            )
            .await
    }

    /// Starts recording the page's long main-thread tasks (over 50 ms, the browser's own
    /// definition) for `longest_task_ms`.
    pub async fn watch_long_tasks(&self) -> Result<()> {
        self.eval(
            "window.__longTasks = []; new PerformanceObserver(l => window.__longTasks.push(...l.getEntries().map(e => e.duration))).observe({ type: 'longtask' }); return true",
            vec![],
        )
        .await
        .map(|_| ())
    }

    /// The longest main-thread task since `watch_long_tasks`, in ms (0: none over 50 ms).
    pub async fn longest_task_ms(&self) -> Result<f64> {
        let tasks = self.eval("return window.__longTasks || []", vec![]).await?;
        Ok(tasks.as_array().map_or(0.0, |a| {
            a.iter().filter_map(|v| v.as_f64()).fold(0.0, f64::max)
        }))
    }

    /// Sets `testid` to each of `values` in turn and measures in the page (`mode_changes.js`),
    /// per change, the milliseconds until the chart is redrawn (the first seed) and until the
    /// seed band is in, and the page's own measures until the first picture.
    pub async fn time_changes(&self, testid: &str, values: &[String]) -> Result<TimedChanges> {
        // A seed band of a big network takes a second; the default 30 s would cut a long run.
        let long =
            fantoccini::wd::TimeoutConfiguration::new(Some(Duration::from_secs(600)), None, None);
        self.page.client.update_timeouts(long).await?;
        let out = self
            .page
            .client
            .execute_async(
                include_str!("mode_changes.js"),
                vec![
                    json!(self.mode.view),
                    json!(self.mode.chart),
                    json!(testid),
                    json!(values),
                ],
            )
            .await?;
        let times = |k: &str| numbers(&out[k]);
        let stages = out["stages"].as_array().map_or(Vec::new(), |changes| {
            changes
                .iter()
                .map(|c| serde_json::from_value(c.clone()).unwrap_or_default())
                .collect()
        });
        Ok(TimedChanges {
            first: times("first"),
            band: times("band"),
            stages,
        })
    }

    /// Sets a slider or number field and fires `input` and `change`, as a user would.
    pub async fn set_value(&self, testid: &str, value: &str) -> Result<()> {
        let view = self.mode.view;
        self.eval(
            &format!(
                "const el = document.querySelector(`{view} [data-testid=${{arguments[0]}}]`); \
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
        self.page
            .click(&format!("{}{id}", self.mode.preset))
            .await?;
        self.wait_for_chart(before).await?;
        self.diagnosis().await
    }

    /// `data-diagnosis` of the mode's diagnosis card.
    pub async fn diagnosis(&self) -> Result<String> {
        let view = self.mode.view;
        let v = self
            .eval(
                &format!("return document.querySelector('{view} [data-testid=diagnosis]').dataset.diagnosis;"),
                vec![],
            )
            .await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// The chart's text alternative.
    pub async fn chart_label(&self) -> Result<String> {
        let v = self
            .eval(
                &format!("return document.querySelector('{} [data-testid={}]').getAttribute('aria-label');", self.mode.view, self.mode.chart),
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
        self.shot_at(name, &format!("[data-area={area}]")).await
    }

    /// The same with the element `testid` at the viewport's top.
    pub async fn shot_of(&self, name: &str, testid: &str) -> Result<()> {
        self.shot_at(name, &format!("[data-testid={testid}]")).await
    }

    async fn shot_at(&self, name: &str, selector: &str) -> Result<()> {
        let view = self.mode.view;
        self.eval(
            "document.querySelector(arguments[0]).scrollIntoView({block: 'start'}); return true;",
            vec![json!(format!("{view} {selector}"))],
        )
        .await?;
        let path = self.page.screenshot(name).await?;
        let shots = std::path::Path::new("/work/shots");
        if std::fs::create_dir_all(shots).is_ok() {
            let _ = std::fs::copy(&path, shots.join(format!("{name}.png")));
        }
        Ok(())
    }

    /// Waits for the mode's lessons (mounted after its first chart) and their typesetting.
    pub async fn wait_for_lessons(&self) -> Result<()> {
        let view = self.mode.view;
        self.page
            .wait_until(
                "the mode's lessons to be typeset",
                &format!(
                    "const l = document.querySelector('{view} [data-area=lessons]'); \
                 return !!l && l.querySelectorAll('.math').length > 0 \
                 && l.querySelectorAll('.math:not([data-typeset])').length === 0;"
                ),
            )
            .await
    }

    /// Clicks a lesson's "Try it" button (`lesson-<section>-<preset>`), scrolled into view
    /// first, and waits for the chart to redraw; returns the diagnosis.
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

    /// The text of the element with `testid` inside the mode's view.
    pub async fn text(&self, testid: &str) -> Result<String> {
        let view = self.mode.view;
        let v = self
            .eval(
                &format!("return document.querySelector(`{view} [data-testid=${{arguments[0]}}]`).textContent;"),
                vec![json!(testid)],
            )
            .await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// Scrolls the lesson section `id` of the mode's view to the viewport's top, waits for its
    /// fonts (KaTeX's included), and saves a viewport screenshot to `target/e2e/` and
    /// `/work/shots/`.
    pub async fn lesson_shot(&self, id: &str, name: &str) -> Result<()> {
        let view = self.mode.view;
        self.eval(
            &format!("document.querySelector('{view} section#' + arguments[0]).scrollIntoView({{block: 'start'}}); return true;"),
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

/// "p50 X ms, p95 Y ms, max Z ms" of `ms`.
/// What `ModePage::time_changes` measured, one entry per change.
pub struct TimedChanges {
    /// Milliseconds until the first seed's picture.
    pub first: Vec<f64>,
    /// Milliseconds until the seed band's.
    pub band: Vec<f64>,
    /// The page's measures (name → ms) until the first picture.
    pub stages: Vec<std::collections::BTreeMap<String, f64>>,
}

impl TimedChanges {
    /// "first seed …; seed band …; until the first picture: draw x p50 …" for a bench's output.
    pub fn summary(&self) -> String {
        let names: std::collections::BTreeSet<&String> =
            self.stages.iter().flat_map(|s| s.keys()).collect();
        let stages: Vec<String> = names
            .into_iter()
            .map(|n| {
                let ms = self.stages.iter().map(|s| s.get(n).copied().unwrap_or(0.0));
                format!("{n}: {}", percentiles_ms(ms.collect()))
            })
            .collect();
        format!(
            "first seed {}; seed band {}; until the first picture: {}",
            percentiles_ms(self.first.clone()),
            percentiles_ms(self.band.clone()),
            stages.join(" · ")
        )
    }
}

pub fn percentiles_ms(mut ms: Vec<f64>) -> String {
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| {
        ms.get(((ms.len().max(1) - 1) as f64 * q).round() as usize)
            .copied()
    };
    let f = |v: Option<f64>| v.map_or("—".to_string(), |v| format!("{v:.0}"));
    format!(
        "p50 {} ms, p95 {} ms, max {} ms",
        f(at(0.5)),
        f(at(0.95)),
        f(at(1.0))
    )
}

/// The numbers of a JSON array (none for anything else).
fn numbers(v: &Value) -> Vec<f64> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default()
}
