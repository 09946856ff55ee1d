//! The two charts: how often they have drawn, waiting for a redraw, their text alternatives,
//! the keyboard tooltip, and timed slider drags.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::ExplorerPage;
use crate::Result;

/// Each chart counts its draws in `data-render-count`.
#[derive(Clone, Copy, Debug)]
pub enum Chart {
    Gradient,
    Activation,
}

impl Chart {
    pub fn testid(self) -> &'static str {
        match self {
            Chart::Gradient => "gradient-chart",
            Chart::Activation => "activation-chart",
        }
    }
}

/// Both charts' draw counts have passed `after` (gradient, activation).
const BOTH_REDRAWN: &str = "const [g, a] = ['gradient-chart', 'activation-chart'].map(id => \
    +document.querySelector(`[data-testid=${id}]`).dataset.renderCount); \
    return g > arguments[0] && a > arguments[1]";

impl ExplorerPage {
    /// How many times `chart` has drawn.
    pub async fn render_count(&self, chart: Chart) -> Result<u64> {
        let v = self
            .attr(chart.testid(), "data-render-count")
            .await?
            .unwrap_or_default();
        Ok(v.parse().unwrap_or(0))
    }

    /// (gradient chart, activation chart) draw counts.
    pub async fn render_counts(&self) -> Result<(u64, u64)> {
        Ok((
            self.render_count(Chart::Gradient).await?,
            self.render_count(Chart::Activation).await?,
        ))
    }

    /// Waits until both charts have drawn at least once.
    pub async fn wait_for_charts(&self) -> Result<()> {
        self.wait_for_redraw((0, 0)).await
    }

    /// Waits until both charts have drawn again since `before` (from `render_counts`) and
    /// show the newest config (the worker may still be computing after an earlier redraw).
    pub async fn wait_for_redraw(&self, before: (u64, u64)) -> Result<()> {
        self.wait_for(
            "both charts to draw",
            BOTH_REDRAWN,
            vec![json!(before.0), json!(before.1)],
        )
        .await?;
        self.wait_for_idle().await
    }

    /// Waits until `chart` has drawn more than `before` times.
    pub async fn wait_for_chart_redraw(&self, chart: Chart, before: u64) -> Result<()> {
        self.wait_for(
            &format!("{} to redraw", chart.testid()),
            "return +document.querySelector(`[data-testid=${arguments[0]}]`).dataset.renderCount > arguments[1]",
            vec![json!(chart.testid()), json!(before)],
        )
        .await?;
        self.wait_for_idle().await
    }

    /// The chart's text alternative (`aria-label`).
    pub async fn chart_label(&self, chart: Chart) -> Result<String> {
        Ok(self
            .attr(chart.testid(), "aria-label")
            .await?
            .unwrap_or_default())
    }

    /// Waits for the chart's keyboard tooltip to start with `prefix` ("" for any) and
    /// returns its text.
    pub async fn wait_for_tooltip(&self, prefix: &str) -> Result<String> {
        self.wait_for(
            &format!("a tooltip starting {prefix:?}"),
            "const t = document.querySelector('.tooltip'); return t !== null && t.textContent.startsWith(arguments[0])",
            vec![json!(prefix)],
        )
        .await?;
        let v = self
            .page
            .eval("return document.querySelector('.tooltip').textContent")
            .await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// Drags the depth slider through `values` (see `drag.js`).
    pub async fn drag_depth(&self, values: &[usize], burst: bool) -> Result<Drag> {
        let changes: Vec<Change> = values
            .iter()
            .map(|v| Change::new(Step::slider("depth", v)))
            .collect();
        self.timed_changes(&changes, burst).await
    }

    /// Makes `changes` one after the other, each timed until both charts drew (see `drag.js`).
    pub async fn timed_changes(&self, changes: &[Change], burst: bool) -> Result<Drag> {
        let changes: Vec<Value> = changes.iter().map(Change::to_json).collect();
        let out = self
            .page
            .client
            .execute_async(
                include_str!("drag.js"),
                vec![Value::Array(changes), Value::Bool(burst)],
            )
            .await?;
        let nums = |k: &str| {
            out[k]
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_f64).collect::<Vec<f64>>())
                .unwrap_or_default()
        };
        let stages = out["stages"].as_array().map_or(Vec::new(), |changes| {
            changes
                .iter()
                .map(|c| serde_json::from_value(c.clone()).unwrap_or_default())
                .collect()
        });
        Ok(Drag {
            times: nums("times"),
            counts: nums("counts").into_iter().map(|c| c as u64).collect(),
            stages,
        })
    }
}

/// A control set to a value, with the event the page listens to.
#[derive(Clone, Debug)]
pub struct Step {
    pub testid: &'static str,
    pub value: String,
    /// `input` for a slider, `change` for a number field.
    pub event: &'static str,
}

impl Step {
    pub fn slider(testid: &'static str, value: impl ToString) -> Step {
        Step {
            testid,
            value: value.to_string(),
            event: "input",
        }
    }

    pub fn field(testid: &'static str, value: impl ToString) -> Step {
        Step {
            testid,
            value: value.to_string(),
            event: "change",
        }
    }

    /// A button pressed (a `click` event).
    pub fn click(testid: &'static str) -> Step {
        Step {
            testid,
            value: String::new(),
            event: "click",
        }
    }

    fn to_json(&self) -> Value {
        json!([self.testid, self.value, self.event])
    }
}

/// A timed step after untimed ones (e.g. a new seed before a width change), each of which
/// must redraw both charts.
#[derive(Clone, Debug)]
pub struct Change {
    pub before: Vec<Step>,
    /// Milliseconds to wait before the timed step, as a person would between clicks.
    pub pause_ms: u64,
    pub timed: Step,
}

impl Change {
    pub fn new(timed: Step) -> Change {
        Change::after(Vec::new(), timed)
    }

    pub fn after(before: Vec<Step>, timed: Step) -> Change {
        Change {
            before,
            pause_ms: 0,
            timed,
        }
    }

    pub fn after_pause(pause_ms: u64, timed: Step) -> Change {
        Change {
            pause_ms,
            ..Change::new(timed)
        }
    }

    fn to_json(&self) -> Value {
        let before: Vec<Value> = self.before.iter().map(Step::to_json).collect();
        json!({ "before": before, "pause": self.pause_ms, "timed": self.timed.to_json() })
    }
}

/// What timed changes saw.
pub struct Drag {
    /// Milliseconds from each timed event until both charts drew (one time for a burst).
    pub times: Vec<f64>,
    /// The final draw counts (gradient, activation).
    pub counts: Vec<u64>,
    /// Per event (not for a burst): the page's measures that started after it, ms by name.
    pub stages: Vec<BTreeMap<String, f64>>,
}
