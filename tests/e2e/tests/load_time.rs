//! (ignored; `./x bench`) Where the time to the first chart goes: five fresh pages at
//! 1400 × 1000, each load split into its stages from the page's own performance timeline —
//! the HTML, the page's wasm (fetch, then compile and start until the simulation worker is
//! started), the worker (its own wasm fetched and compiled, the first network simulated, the
//! reply decoded) and the first chart drawn. Prints the median of each stage.
//!
//! Measured on 2026-12-06 (2 cores shared with three other builds, load ≈ 9.8): html 19 ms,
//! scripts (KaTeX, loaders) 103, DOM content loaded 221, page wasm received 243, page wasm
//! started and worker spawned 366, first worker reply decoded 1104, first chart drawn 1166 ms
//! (median of 5). The ~740 ms between spawning the worker and decoding its first reply was the
//! main thread mounting the whole page, every lesson typeset by KaTeX, in one task. Since the
//! lessons mount after the first chart is on screen (`ui::lessons::LessonsAfterFirstChart`),
//! measured the same day at load ≈ 8.5: worker spawned 262, first reply decoded 512, first
//! chart drawn 597 ms (median of 5; min 557, max 662) — under the 1.0 s target.

use e2e::{ExplorerPage, Result};

/// Each stage's end, in ms since navigation start, read from the page.
const STAGES: &str = "
  const nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource');
  const wasm = res.filter(r => r.name.endsWith('.wasm'));
  const scripts = res.filter(r => r.name.endsWith('.js'));
  const mark = n => (performance.getEntriesByName(n)[0] || {}).startTime;
  const reply = performance.getEntriesByName('sim-worker reply')[0];
  return [
    ['html received', nav.responseEnd],
    ['scripts received (katex, loaders)', Math.max(0, ...scripts.map(r => r.responseEnd))],
    ['DOM content loaded', nav.domContentLoadedEventEnd],
    ['page wasm received', Math.max(0, ...wasm.map(r => r.responseEnd))],
    ['page wasm started (worker spawned)', mark('simulation worker started')],
    ['first worker reply decoded', reply ? reply.startTime + reply.duration : null],
    ['first chart drawn', mark('first chart drawn')],
  ];";

#[tokio::test(flavor = "multi_thread")]
#[ignore = "benchmark: prints figures, run by ./x bench"]
async fn bench_where_the_time_to_the_first_chart_goes() -> Result<()> {
    let mut runs: Vec<Vec<(String, Option<f64>)>> = Vec::new();
    for _ in 0..5 {
        let page = ExplorerPage::open("", (1400, 1000)).await?;
        page.wait_for_charts().await?;
        let v = page.read(STAGES).await?;
        let stages = v
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|s| (s[0].as_str().unwrap_or("?").to_string(), s[1].as_f64()))
                    .collect()
            })
            .unwrap_or_default();
        runs.push(stages);
        page.close().await?;
    }
    let Some(first) = runs.first() else {
        return Err("no run".into());
    };
    let mut before = 0.0;
    for (i, (name, _)) in first.iter().enumerate() {
        let mut ms: Vec<f64> = runs
            .iter()
            .filter_map(|r| r.get(i).and_then(|s| s.1))
            .collect();
        ms.sort_by(f64::total_cmp);
        match ms.get(ms.len() / 2) {
            Some(&median) => {
                println!(
                    "load stage: {name:<38} at {median:6.0} ms (+{:5.0} ms; min {:.0}, max {:.0})",
                    median - before,
                    ms[0],
                    ms[ms.len() - 1]
                );
                before = median;
            }
            None => println!("load stage: {name}: not recorded"),
        }
    }
    Ok(())
}
