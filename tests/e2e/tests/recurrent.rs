//! The recurrent mode in headless Chromium: the switch shows the chart, each preset gives
//! its diagnosis, every control redraws the chart, the address round-trips.

use e2e::mode::{ModePage, RECURRENT};
use e2e::Result;
use gradient_flow_explorer::page::recurrent::presets::RNN_PRESETS;

#[tokio::test(flavor = "multi_thread")]
async fn switching_shows_the_chart_and_presets_give_their_diagnosis() -> Result<()> {
    let page = ModePage::open(&RECURRENT, "", (1400, 1000)).await?;
    page.page
        .wait_until(
            "the switch",
            "return !!document.querySelector('[data-testid=arch-recurrent]')",
        )
        .await?;
    assert_eq!(
        page.page
            .attr("mode-explore", "aria-pressed")
            .await?
            .as_deref(),
        Some("true")
    );
    page.switch().await?;
    assert_eq!(
        page.page
            .attr("arch-recurrent", "aria-pressed")
            .await?
            .as_deref(),
        Some("true")
    );
    assert!(page.search().await?.starts_with("arch=recurrent&"));
    assert!(page.chart_label().await?.contains("Gradient through time"));
    // The default network is the first preset's: change it first, so loading it redraws.
    page.change_and_wait("gain", "0.5").await?;
    for p in &RNN_PRESETS {
        let d = page.load_preset(p.id).await?;
        assert_eq!(d, p.expected.id(), "preset {}", p.id);
        if p.id == "rnn-lstm-forget-bias" {
            page.shot("recurrent-desktop-lstm", "status").await?;
        }
    }
    page.load_preset("rnn-tanh-vanishes").await?;
    page.shot("recurrent-desktop", "status").await?;
    // The hidden states per step redraw with the network and say what they show: at gain 3
    // the tanh RNN's units saturate (tests/recurrent_hidden.rs: over 30 % at step 50).
    let hidden = || page.page.attr("hidden-state-chart", "aria-label");
    let calm = hidden().await?.unwrap_or_default();
    assert!(calm.contains("Distribution of the hidden state"), "{calm}");
    page.change_and_wait("gain", "3").await?;
    page.page
        .wait_until(
            "the hidden-state chart to redraw",
            "const c = document.querySelector('[data-testid=hidden-state-chart]'); \
             return Number(c.dataset.renderCount) > 1 && c.getAttribute('aria-label').includes('at step');",
        )
        .await?;
    let hot = hidden().await?.unwrap_or_default();
    assert!(hot != calm && hot.contains("saturated"), "{hot}");
    page.shot_of("recurrent-desktop-hidden", "hidden-state-chart")
        .await?;
    assert_eq!(page.page.console_errors().await?, Vec::<String>::new());
    page.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn every_control_redraws_and_the_url_round_trips() -> Result<()> {
    let page = ModePage::open(&RECURRENT, "?arch=recurrent", (390, 844)).await?;
    page.wait_for_chart(0).await?;
    for (testid, value) in [
        ("cell", "lstm"),
        ("steps", "80"),
        ("rnn-width", "2"),
        ("gain", "0.9"),
        ("forget-bias", "1"),
        ("truncate", "30"),
        ("rnn-init", "normal"),
        ("rnn-batch", "16"),
        ("rnn-seed", "3"),
    ] {
        let before = page.render_count().await?;
        page.change_and_wait(testid, value).await?;
        assert!(
            page.render_count().await? > before,
            "{testid} did not redraw"
        );
    }
    let search = page.search().await?;
    assert_eq!(
        search,
        "arch=recurrent&cell=lstm&init=normal&steps=80&width=32&gain=0.9&forget_bias=1\
         &truncate=30&batch=16&seed=3"
    );
    page.shot("recurrent-mobile", "charts").await?;
    page.shot_of("recurrent-mobile-hidden", "hidden-state-chart")
        .await?;
    let label = page.chart_label().await?;
    // Reload from the address: the same network comes back.
    page.page.goto(&format!("?{search}")).await?;
    page.wait_for_chart(0).await?;
    assert_eq!(page.search().await?, search);
    assert_eq!(page.chart_label().await?, label);
    // One navigation: "Train" leads from the recurrent view straight to the deep network's
    // training, and "Explore" back to its explorer, each with its own address.
    page.page.click("mode-train").await?;
    page.page
        .wait_until(
            "the training address",
            "return !location.search.includes('arch=recurrent') && location.search.includes('mode=train')",
        )
        .await?;
    for (id, pressed) in [("mode-train", "true"), ("arch-recurrent", "false")] {
        assert_eq!(
            page.page.attr(id, "aria-pressed").await?.as_deref(),
            Some(pressed),
            "{id}"
        );
    }
    page.page.click("mode-explore").await?;
    page.page
        .wait_until(
            "the explorer's address",
            "return !location.search.includes('arch=recurrent') && !location.search.includes('mode=train')",
        )
        .await?;
    assert_eq!(page.page.console_errors().await?, Vec::<String>::new());
    page.close().await
}

/// Slider → redraw at LSTM T = 100 × H = 128 × B = 32 in the release page (the issue's
/// budget: p95 ≤ 100 ms), and the longest main-thread task while the gain changes at
/// T = 1000 × H = 512 (budget: none over 50 ms; the worker computes, the page decodes and
/// draws both charts). Prints the figures; `cargo test -p e2e -- --ignored --nocapture
/// bench_recurrent`.
#[tokio::test(flavor = "multi_thread")]
#[ignore]
async fn bench_recurrent_slider_to_redraw() -> Result<()> {
    let query = "?arch=recurrent&cell=lstm&steps=100&width=128&batch=32";
    let page = ModePage::open(&RECURRENT, query, (1400, 1000)).await?;
    page.wait_for_chart(0).await?;
    let values: Vec<String> = (0..30)
        .map(|i| format!("{:.2}", 0.8 + 0.01 * i as f64))
        .collect();
    let timed = page.time_changes("gain", &values).await?;
    println!(
        "recurrent slider → redraw (LSTM T=100 H=128 B=32, timed in the page): {}",
        timed.summary()
    );
    // About 40 GFLOP a seed: minutes under load, so the waits are long.
    let limit = std::time::Duration::from_secs(300);
    page.page
        .goto("?arch=recurrent&steps=1000&width=512")
        .await?;
    page.wait_for_render_within(0, limit).await?;
    page.watch_long_tasks().await?;
    for gain in ["0.9", "1.1"] {
        let before = page.render_count().await?;
        page.set_value("gain", gain).await?;
        page.wait_for_render_within(before, limit).await?;
    }
    let longest = page.longest_task_ms().await?;
    println!("recurrent T=1000 H=512: longest main-thread task {longest:.0} ms (budget 50 ms)");
    page.close().await
}

/// The hidden states are the first seed's: they redraw once a change (after the gradient chart's
/// first picture), not again when the seed band, with the same first seed, comes in.
#[tokio::test(flavor = "multi_thread")]
async fn the_hidden_states_redraw_once_a_change_not_for_the_seed_band() -> Result<()> {
    let page = ModePage::open(&RECURRENT, "?arch=recurrent", (1400, 1000)).await?;
    page.wait_for_chart(0).await?;
    let charts = ["time-gradient-chart", "hidden-state-chart"];
    // A deferred redraw lands a frame or two after the chart's: half a second covers it.
    let settle = || tokio::time::sleep(std::time::Duration::from_millis(500));
    settle().await;
    for gain in ["0.7", "1.3", "2"] {
        let before = page.render_counts(&charts).await?;
        page.change_and_wait("gain", gain).await?;
        settle().await;
        let after = page.render_counts(&charts).await?;
        let (&[main, hidden], &[main_after, hidden_after]) = (&before[..], &after[..]) else {
            panic!("two counts: {before:?} {after:?}")
        };
        // The first look and the band each drew the gradient chart.
        assert!(
            main_after >= main + 2.0,
            "gain {gain}: {main} → {main_after}"
        );
        assert_eq!(hidden_after, hidden + 1.0, "gain {gain}");
    }
    page.close().await
}

/// On a phone the gradient through time comes first, on the first screen under the presets;
/// the controls follow, then the hidden states (as the explorer puts its histograms after the
/// controls).
#[tokio::test(flavor = "multi_thread")]
async fn on_a_phone_the_gradient_chart_is_first_and_the_hidden_states_follow_the_controls(
) -> Result<()> {
    let page = ModePage::open(&RECURRENT, "?arch=recurrent", (390, 844)).await?;
    page.wait_for_chart(0).await?;
    let order = ["time-gradient-chart", "cell", "hidden-state-chart"];
    let (tops, screen) = page.tops(&order).await?;
    assert!(
        tops.len() == 3 && tops[0] < screen,
        "{tops:?} on a {screen} px screen"
    );
    assert!(
        tops[0] < tops[1] && tops[1] < tops[2],
        "{order:?} at {tops:?}"
    );
    page.close().await
}

/// axe-core finds no serious or critical violation in the recurrent mode, light or dark.
#[tokio::test(flavor = "multi_thread")]
async fn the_recurrent_mode_passes_the_accessibility_audit() -> Result<()> {
    let page = e2e::ExplorerPage::open("", (1400, 1000)).await?;
    page.click("arch-recurrent").await?;
    // The recurrent view comes first in the document: its diagnosis card is the first one.
    page.wait_for_diagnosis("vanishing").await?;
    for scheme in ["light", "dark"] {
        page.set_color_scheme(scheme).await?;
        let found = page.axe_violations().await?;
        assert_eq!(found, Vec::<String>::new(), "{scheme}");
    }
    page.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_recurrent_lessons_try_it_button_loads_its_preset_in_the_recurrent_view() -> Result<()> {
    use gradient_flow_explorer::lessons::{Widget, RNN_SECTIONS};
    use gradient_flow_explorer::page::recurrent::presets::find;
    for (size, tag) in [((1400, 1000), "desktop"), ((390, 844), "phone")] {
        let page = ModePage::open(&RECURRENT, "?arch=recurrent&gain=0.5", size).await?;
        page.wait_for_chart(0).await?;
        page.wait_for_lessons().await?;
        // Every section of the recurrent lessons is there, typeset, with its buttons.
        for s in &RNN_SECTIONS {
            let Widget::RnnPresets(ids) = s.widget else {
                panic!("{}: no try-it row", s.id);
            };
            for id in ids {
                let testid = format!("lesson-{}-{id}", s.id);
                assert_eq!(
                    page.page.attr(&testid, "aria-pressed").await?.as_deref(),
                    Some("false"),
                    "{testid}"
                );
            }
        }
        page.lesson_shot("through-time", &format!("rnn-lesson-{tag}"))
            .await?;
        page.lesson_shot("constant-error-carousel", &format!("rnn-lesson-lstm-{tag}"))
            .await?;
        // The LSTM lesson's button: the recurrent view shows, with the preset's network.
        let preset = find("rnn-lstm-forget-bias-3").expect("preset");
        let d = page
            .lesson_try_it("constant-error-carousel", preset.id)
            .await?;
        assert_eq!(d, preset.expected.id());
        assert_eq!(
            page.page
                .attr("arch-recurrent", "aria-pressed")
                .await?
                .as_deref(),
            Some("true")
        );
        assert_eq!(
            page.page
                .attr(
                    "lesson-constant-error-carousel-rnn-lstm-forget-bias-3",
                    "aria-pressed"
                )
                .await?
                .as_deref(),
            Some("true")
        );
        assert!(page
            .text("rnn-preset-explanation")
            .await?
            .contains(preset.explanation));
        let search = page.search().await?;
        assert!(
            search.contains("cell=lstm") && search.contains("forget_bias=3"),
            "{search}"
        );
        // A second lesson's button replaces it.
        let d = page
            .lesson_try_it("truncation-clipping", "rnn-truncated")
            .await?;
        assert_eq!(d, find("rnn-truncated").expect("preset").expected.id());
        assert!(page.search().await?.contains("truncate=10"));
        page.shot(&format!("rnn-lesson-try-it-{tag}"), "charts")
            .await?;
        assert_eq!(page.page.console_errors().await?, Vec::<String>::new());
        page.close().await?;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_explorers_switch_reaches_the_recurrent_lessons() -> Result<()> {
    // From the MLP explorer: the switch shows the recurrent view, and its lessons follow.
    let page = ModePage::open(&RECURRENT, "", (1400, 1000)).await?;
    page.switch().await?;
    page.wait_for_lessons().await?;
    let d = page
        .lesson_try_it("through-time", "rnn-gain-explodes")
        .await?;
    assert_eq!(d, "exploding");
    assert_eq!(page.page.console_errors().await?, Vec::<String>::new());
    page.close().await
}
