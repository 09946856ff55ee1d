//! Mixed precision end to end: in training mode a user picks float16 and a dynamic loss scale,
//! the scale chart appears and redraws as the run plays, the "Loss scale" card says how many
//! steps were skipped and the scale now, and the link carries the choice; in the recurrent
//! mode float16 brings the "Lost to underflow" card. Screenshots at 1400×1000 and 390×844.

use std::time::Duration;

use e2e::mode::{ModePage, RECURRENT};
use e2e::{ExplorerPage, Result};

/// The first training preset's network, 300 steps.
const RELU_HE_SPIRAL: &str = "?mode=train&data=spiral&activation=relu&init=he_normal&depth=8\
     &width=64&optimizer=sgd&lr=0.1&steps=300";

#[tokio::test(flavor = "multi_thread")]
async fn float16_with_a_dynamic_scale_shows_the_scale_and_its_skipped_steps() -> Result<()> {
    let page = ExplorerPage::open(RELU_HE_SPIRAL, (1400, 1000)).await?;
    page.wait_for_training_ready().await?;
    assert_eq!(
        page.chart_renders("scale-chart").await?,
        None,
        "float32: no scale chart"
    );
    page.choose_train_precision("float16").await?;
    page.choose_train_loss_scale("dynamic").await?;
    // A short growth interval, so the scale climbs and overflows within the run.
    page.set_growth_interval(50).await?;
    page.wait_for_url_parameter("growth_interval", Some("50"))
        .await?;
    page.wait_for_training_ready().await?;
    let before = page.chart_renders("scale-chart").await?.unwrap_or(0);
    page.train_play().await?;
    page.wait_for_train_step(300, Duration::from_secs(120))
        .await?;
    page.wait_for_train_stopped().await?;
    let after = page.chart_renders("scale-chart").await?.unwrap_or(0);
    assert!(
        after > before,
        "the scale chart did not redraw: {before} → {after}"
    );
    let skipped: usize = page
        .attr("train-scale-value", "data-skipped")
        .await?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    assert!(
        skipped >= 2,
        "growth interval 50 should overflow and skip: {skipped}"
    );
    let note = page.text("train-scale-note").await?;
    assert!(note.contains(&format!("{skipped} steps skipped")), "{note}");
    let value = page.text("train-scale-value").await?;
    assert!(value.starts_with('2'), "the scale now: {value}");
    assert!(page.text("scale-chart-text").await?.contains("skipped"));
    assert!(page.text("loss-chart-text").await?.contains("skipped"));
    assert!(
        !page.present("train-halted").await?,
        "a skipped step does not halt the run"
    );
    page.scroll_to_testid("train-scale").await?;
    page.screenshot("precision-training-desktop-card").await?;
    page.scroll_to_testid("scale-chart").await?;
    page.screenshot("precision-training-desktop-chart").await?;
    let search = page.search().await?;
    assert!(search.contains("train_precision=float16"), "{search}");
    assert!(search.contains("train_loss_scale=dynamic"), "{search}");
    assert_eq!(page.console_errors().await?, Vec::<String>::new());
    page.close().await?;

    // The link opens the same run on a phone.
    let phone = ExplorerPage::open(&search, (390, 844)).await?;
    phone.wait_for_training_ready().await?;
    assert_eq!(phone.value("train-precision").await?, "float16");
    assert_eq!(phone.value("train-loss-scale").await?, "dynamic");
    for _ in 0..3 {
        phone.train_step().await?;
    }
    phone
        .wait_for_train_step(3, Duration::from_secs(30))
        .await?;
    phone.scroll_to_testid("train-precision").await?;
    phone
        .screenshot("precision-training-phone-controls")
        .await?;
    phone.scroll_to_testid("scale-chart").await?;
    phone.screenshot("precision-training-phone-chart").await?;
    assert_eq!(phone.fits_the_window_width().await?, Some(true));
    phone.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn float16_through_time_says_how_many_steps_lost_their_gradient() -> Result<()> {
    for (size, name) in [((1400, 1000), "desktop"), ((390, 844), "phone")] {
        let page = ModePage::open(&RECURRENT, "?arch=recurrent", size).await?;
        page.wait_for_chart(0).await?;
        let none = page
            .page
            .eval("return !document.querySelector('[data-testid=rnn-lost]')")
            .await?;
        assert_eq!(none.as_bool(), Some(true), "float32 has no lost card");
        page.change_and_wait("rnn-precision", "float16").await?;
        let lost = page.page.text("rnn-lost-value").await?;
        let steps: usize = lost
            .split(' ')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        assert!(lost.ends_with("of 50") && steps > 0, "{lost}");
        assert!(page.search().await?.contains("&precision=float16"));
        page.change_and_wait("rnn-loss-scale", "dynamic").await?;
        let scaled = page.page.text("rnn-lost-value").await?;
        let note = page.page.text("rnn-lost-note").await?;
        assert_ne!(scaled, lost, "a dynamic scale rescues some steps");
        assert!(note.contains("reached 2"), "{note}");
        page.shot(&format!("precision-recurrent-{name}"), "status")
            .await?;
        assert_eq!(page.page.console_errors().await?, Vec::<String>::new());
        page.close().await?;
    }
    Ok(())
}
