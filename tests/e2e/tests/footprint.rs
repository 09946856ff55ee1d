//! (ignored; `./x bench`) What the page costs: the gzipped size of the builds, paint and
//! first-chart timings on localhost, and memory at the largest networks the controls allow and
//! over 200 consecutive changes.

use std::time::Duration;

use e2e::footprint::gzipped_bytes;
use e2e::{ExplorerPage, Result};

const MB: f64 = 1e6;

/// The largest networks the controls reach: depth 100 × width 512 at the batch limit (the
/// page clamps the asked-for 1024 to what fits), plain and with every kept buffer.
const LARGEST: [(&str, &str); 2] = [
    ("plain", ""),
    (
        "identity residual + batch norm",
        "&residual=identity&norm=batch",
    ),
];

#[tokio::test(flavor = "multi_thread")]
#[ignore = "benchmark: prints figures, run by ./x bench"]
async fn bench_build_size_and_first_paint() -> Result<()> {
    let dist = e2e::workspace_root().join("dist");
    let mut wasm: Vec<_> = std::fs::read_dir(&dist)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "wasm"))
        .collect();
    wasm.sort();
    for path in &wasm {
        println!(
            "build: {} {:.2} MB, gzipped {:.2} MB",
            path.file_name().and_then(|n| n.to_str()).unwrap_or("?"),
            std::fs::metadata(path)?.len() as f64 / MB,
            gzipped_bytes(path)? as f64 / MB
        );
    }
    let mut timings: Vec<Vec<(String, f64)>> = Vec::new();
    for _ in 0..5 {
        let page = ExplorerPage::open_desktop("").await?;
        page.wait_for_charts().await?;
        timings.push(page.load_timings().await?);
        page.close().await?;
    }
    for name in ["first-paint", "first-contentful-paint", "first chart drawn"] {
        let mut ms: Vec<f64> = timings
            .iter()
            .filter_map(|t| {
                t.iter()
                    .filter(|(n, _)| n == name)
                    .map(|(_, v)| *v)
                    .reduce(f64::min)
            })
            .collect();
        ms.sort_by(f64::total_cmp);
        match ms.get(ms.len() / 2) {
            Some(median) => println!(
                "load on localhost, default network, {} fresh pages: {name} median {median:.0} ms (min {:.0}, max {:.0})",
                ms.len(), ms[0], ms[ms.len() - 1]
            ),
            None => println!("load: no `{name}` entry recorded"),
        }
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "benchmark: prints figures, run by ./x bench"]
async fn bench_memory_at_the_largest_networks_and_over_200_changes() -> Result<()> {
    for (name, arch) in LARGEST {
        let query =
            format!("?activation=tanh&init=xavier_normal&depth=100&width=512&batch=1024{arch}");
        let page = ExplorerPage::open_desktop("?depth=5").await?;
        let idle = page.renderer_private_bytes()? as f64 / MB;
        page.goto(&query).await?;
        page.wait_for_idle_within(Duration::from_secs(300)).await?;
        let batch = page.value("batch").await?;
        println!(
            "memory, depth 100 x width 512 x batch {batch} ({name}): page renderer {:.0} MB private \
             (page + worker: JS heaps, wasm memories, Blink's and V8's own; {idle:.0} MB at depth 5), \
             main-thread JS heap {:.1} MB",
            page.renderer_private_bytes()? as f64 / MB,
            page.js_heap_bytes().await?.unwrap_or(f64::NAN) / MB,
        );
        for _ in 0..3 {
            page.click("resample").await?;
            page.wait_for_idle_within(Duration::from_secs(300)).await?;
        }
        println!(
            "  after 3 new seeds: page renderer {:.0} MB private",
            page.renderer_private_bytes()? as f64 / MB
        );
        // The pinned network goes to the same worker: pinning adds no second wasm memory.
        page.pin().await?;
        page.wait_for_url_parameter("pin.depth", Some("100"))
            .await?;
        page.set_depth(99).await?;
        page.wait_for_chart_label_containing("pinned network")
            .await?;
        page.wait_for_idle_within(Duration::from_secs(300)).await?;
        let workers = page.simulation_workers_started().await?;
        println!(
            "  pinned, then depth 99: page renderer {:.0} MB private, {workers} simulation worker(s)",
            page.renderer_private_bytes()? as f64 / MB
        );
        assert_eq!(
            workers, 1,
            "pinning must not start a second simulation worker"
        );
        page.close().await?;
    }
    let page = ExplorerPage::open_desktop("?activation=tanh&init=xavier_normal&depth=50&width=256")
        .await?;
    let mut after = Vec::new();
    for change in 1..=200 {
        if change % 2 == 0 {
            page.click("resample").await?;
        } else {
            page.set_depth(if change % 4 == 1 { 49 } else { 50 })
                .await?;
        }
        page.wait_for_idle().await?;
        if [20, 100, 200].contains(&change) {
            after.push((change, page.renderer_private_bytes()? as f64 / MB));
        }
    }
    println!(
        "memory over 200 changes at 50 x 256 (depth and seed alternating), page renderer private: {}",
        after
            .iter()
            .map(|(n, mb)| format!("after {n}: {mb:.0} MB"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    page.close().await
}
