//! Slider responsiveness: stale configurations are skipped, and (ignored; `./x bench`) the
//! latency from a slider `input` event to both charts redrawn.

use e2e::{Chart, ExplorerPage, Result};

#[tokio::test(flavor = "multi_thread")]
async fn a_fast_drag_skips_stale_configurations() -> Result<()> {
    let page =
        ExplorerPage::open("?activation=tanh&init=xavier_normal&depth=15", (1280, 900)).await?;
    page.wait_for_charts().await?;
    let before = page.render_count(Chart::Gradient).await?;
    let values: Vec<usize> = (20..=40).collect();
    let (_, counts) = page.drag_depth(&values, true).await?;
    assert_eq!(
        counts[0],
        before + 1,
        "21 input events in one burst must cause one redraw, not a queue of 21"
    );
    assert_eq!(page.depth_shown().await?, "40", "the newest value wins");
    page.close().await
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "benchmark: prints figures, run by ./x bench"]
async fn bench_slider_to_redraw_latency() -> Result<()> {
    for (depth, width) in [(15, 64), (50, 256)] {
        let page = ExplorerPage::open(
            &format!("?activation=tanh&init=xavier_normal&depth={depth}&width={width}"),
            (1280, 900),
        )
        .await?;
        page.wait_for_charts().await?;
        let values: Vec<usize> = (0..40)
            .map(|i| if i % 2 == 0 { depth - 1 } else { depth })
            .collect();
        let (mut times, _) = page.drag_depth(&values, false).await?;
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
