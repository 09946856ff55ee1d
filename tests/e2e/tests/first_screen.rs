//! The picture first (issue #30): at 1400 × 1000 and at 390 × 844 the gradient chart is on the
//! first screen, stays in view while the depth slider moves, and is brought into view by every
//! button that changes the network — every preset, a lesson's "Try it" (which leaves a way back
//! to the lesson), the phase diagram and a training preset. The preset the controls match is
//! marked from the start.

use e2e::{ExplorerPage, Result};
use gradient_flow_explorer::page::presets::PRESETS;

const SIZES: [(u32, u32); 2] = [(1400, 1000), (390, 844)];

async fn assert_chart_in_view(page: &ExplorerPage, when: &str) -> Result<()> {
    page.wait_for_frame().await?;
    let (inside, where_) = page.gradient_chart_in_view().await?;
    assert!(inside, "the gradient chart is in view {when}: {where_}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_gradient_chart_is_on_the_first_screen_and_stays_during_a_depth_drag() -> Result<()> {
    for size in SIZES {
        let page = ExplorerPage::open("", size).await?;
        page.wait_for_charts().await?;
        assert_chart_in_view(&page, &format!("on load at {size:?}")).await?;
        page.screenshot(&format!("first-screen-{}", size.0)).await?;
        assert_eq!(
            page.preset_pressed("healthy-relu-he").await?.as_deref(),
            Some("true"),
            "on load the controls are the healthy preset's network, and it is marked"
        );
        assert_eq!(
            page.attr("theory-details", "open").await?,
            None,
            "the theory is a deeper layer, closed at first"
        );
        // The learner scrolls to the depth slider, as a thumb or mouse would, and drags it.
        page.scroll_to("[data-testid=depth]").await?;
        for depth in [25, 40, 60, 80, 100] {
            page.set_depth(depth).await?;
            page.wait_for_idle().await?;
            assert_chart_in_view(&page, &format!("at depth {depth} at {size:?}")).await?;
        }
        page.screenshot(&format!("depth-drag-{}", size.0)).await?;
        assert_eq!(page.console_errors().await?, Vec::<String>::new());
        page.close().await?;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn every_preset_button_leaves_the_chart_in_view() -> Result<()> {
    for size in SIZES {
        let page = ExplorerPage::open("", size).await?;
        page.wait_for_charts().await?;
        for p in &PRESETS {
            page.load_preset(p.id).await?;
            assert_chart_in_view(&page, &format!("after the preset {} at {size:?}", p.id)).await?;
            assert_eq!(
                page.preset_pressed(p.id).await?.as_deref(),
                Some("true"),
                "{} is marked",
                p.id
            );
        }
        page.load_preset("vanishing-sigmoid").await?;
        page.screenshot(&format!("preset-vanishing-{}", size.0))
            .await?;
        assert_eq!(page.console_errors().await?, Vec::<String>::new());
        page.close().await?;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lesson_button_shows_the_chart_and_offers_the_way_back() -> Result<()> {
    for size in SIZES {
        let page = ExplorerPage::open("", size).await?;
        page.wait_for_charts().await?;
        let button = "lesson-preset-vanishing-sigmoid";
        page.scroll_to(&format!("[data-testid={button}]")).await?;
        let lesson_y = page.scroll_y().await?;
        page.click(button).await?;
        page.wait_for_diagnosis("vanishing").await?;
        assert_chart_in_view(&page, &format!("after a lesson button at {size:?}")).await?;
        assert!(
            page.scroll_y().await? < lesson_y,
            "the page moved up to the chart"
        );
        let back = page.text("back-button").await?;
        assert!(back.contains("Back to the lesson"), "{back}");
        page.screenshot(&format!("lesson-try-it-{}", size.0))
            .await?;
        page.click("back-button").await?;
        page.wait_for_frame().await?;
        assert_eq!(
            page.focused_testid().await?,
            button,
            "back at the lesson's button"
        );
        let (inside, _) = page.gradient_chart_in_view().await?;
        assert!(
            !inside || size.0 > 1000,
            "the lesson, not the chart, is in view again"
        );
        // A "Try it" in a table, too.
        page.scroll_to("[data-testid=try-activation-tanh]").await?;
        page.click("try-activation-tanh").await?;
        assert_chart_in_view(&page, &format!("after a table's Try it at {size:?}")).await?;
        page.close().await?;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_phase_diagram_and_a_training_preset_leave_the_chart_in_view() -> Result<()> {
    for size in SIZES {
        let page = ExplorerPage::open("", size).await?;
        page.wait_for_charts().await?;
        page.wait_for_phase_diagram().await?;
        let (before, _) = page.phase_marker().await?;
        page.click_phase_diagram(0.8, 0.3).await?;
        page.wait_for_phase_marker_change(&before).await?;
        assert_chart_in_view(&page, &format!("after a phase-diagram click at {size:?}")).await?;
        assert!(page.text("back-button").await?.contains("phase diagram"));
        page.click("mode-train").await?;
        page.scroll_to("[data-testid=preset-train-deep-sigmoid]")
            .await?;
        page.click("preset-train-deep-sigmoid").await?;
        assert_chart_in_view(&page, &format!("after a training preset at {size:?}")).await?;
        assert!(page.text("back-button").await?.contains("training presets"));
        assert_eq!(page.console_errors().await?, Vec::<String>::new());
        page.close().await?;
    }
    Ok(())
}
