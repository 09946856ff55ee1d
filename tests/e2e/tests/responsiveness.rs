//! Slider responsiveness: stale configurations are skipped, and (ignored; `./x bench`) the
//! latency from a slider `input` event to both charts redrawn.

use e2e::{Page, Result};
use serde_json::Value;

/// Sets the depth slider to each value in turn, firing `input` like a drag does, and resolves
/// with the milliseconds from each event until both charts have drawn again. With `burst`,
/// all events fire at once (a drag faster than the page can compute) and one time is returned.
const DRAG: &str = r#"
const [values, burst, done] = arguments;
const slider = document.querySelector('[data-testid=depth]');
const charts = ['gradient-chart', 'activation-chart'].map(id => document.querySelector(`[data-testid=${id}]`));
const counts = () => charts.map(c => +c.dataset.renderCount);
const setValue = v => { slider.value = String(v); slider.dispatchEvent(new Event('input', { bubbles: true })); };
const redrawn = before => new Promise(resolve => {
  const check = () => { const now = counts(); if (now[0] > before[0] && now[1] > before[1]) { observer.disconnect(); resolve(); } };
  const observer = new MutationObserver(check);
  charts.forEach(c => observer.observe(c, { attributes: true, attributeFilter: ['data-render-count'] }));
});
(async () => {
  const times = [];
  if (burst) {
    const before = counts(), t0 = performance.now();
    values.forEach(setValue);
    await redrawn(before);
    times.push(performance.now() - t0);
    await new Promise(r => setTimeout(r, 300));
  } else {
    for (const v of values) {
      const before = counts(), t0 = performance.now();
      setValue(v);
      await redrawn(before);
      times.push(performance.now() - t0);
    }
  }
  done({ times, counts: counts() });
})();
"#;

async fn drag(page: &Page, values: &[usize], burst: bool) -> Result<(Vec<f64>, Vec<u64>)> {
    let out = page
        .client
        .execute_async(DRAG, vec![serde_json::json!(values), Value::Bool(burst)])
        .await?;
    let nums = |k: &str| {
        out[k]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_f64).collect::<Vec<f64>>())
            .unwrap_or_default()
    };
    Ok((
        nums("times"),
        nums("counts").into_iter().map(|c| c as u64).collect(),
    ))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_fast_drag_skips_stale_configurations() -> Result<()> {
    let page = Page::open("?activation=tanh&init=xavier_normal&depth=15", 1280, 900).await?;
    page.wait_until(
        "first draw",
        "return +document.querySelector('[data-testid=gradient-chart]').dataset.renderCount > 0",
    )
    .await?;
    let before = page
        .attr("gradient-chart", "data-render-count")
        .await?
        .unwrap_or_default();
    let before: u64 = before.parse().unwrap_or(0);
    let values: Vec<usize> = (20..=40).collect();
    let (_, counts) = drag(&page, &values, true).await?;
    assert_eq!(
        counts[0],
        before + 1,
        "21 input events in one burst must cause one redraw, not a queue of 21"
    );
    let shown = page
        .eval("return document.querySelector('output[for=depth]').textContent")
        .await?;
    assert_eq!(shown.as_str(), Some("40"), "the newest value wins");
    page.close().await
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "benchmark: prints figures, run by ./x bench"]
async fn bench_slider_to_redraw_latency() -> Result<()> {
    for (depth, width) in [(15, 64), (50, 256)] {
        let page = Page::open(
            &format!("?activation=tanh&init=xavier_normal&depth={depth}&width={width}"),
            1280,
            900,
        )
        .await?;
        page.wait_until("first draw", "return +document.querySelector('[data-testid=activation-chart]').dataset.renderCount > 0").await?;
        let values: Vec<usize> = (0..40)
            .map(|i| if i % 2 == 0 { depth - 1 } else { depth })
            .collect();
        let (mut times, _) = drag(&page, &values, false).await?;
        times.drain(..5); // warm-up
        times.sort_by(f64::total_cmp);
        println!(
            "slider input -> both charts redrawn, depth {depth} x width {width}, batch 64, {} changes: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
            times.len(), percentile(&times, 0.5), percentile(&times, 0.95), times[times.len() - 1]
        );
        page.close().await?;
    }
    Ok(())
}
