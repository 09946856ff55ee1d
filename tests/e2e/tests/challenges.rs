//! Every guided challenge is solved through the page, with the controls a learner uses, and
//! the page sees it met: the explorer's and the remedies' from the worker's diagnosis, the
//! training ones from the run's outcome. Progress survives a reload (local storage).

use e2e::{ExplorerPage, Result};
use std::time::Duration;

const RUN: Duration = Duration::from_secs(120);

#[tokio::test(flavor = "multi_thread")]
async fn the_explorer_and_remedy_challenges_are_solved_through_the_page() -> Result<()> {
    let page = ExplorerPage::open("", (1400, 1000)).await?;
    page.wait_for_charts().await?;

    page.start_challenge("sigmoid-no-skip").await?;
    page.wait_for_diagnosis("vanishing").await?;
    assert!(
        !page.challenge_met("sigmoid-no-skip").await?,
        "not met at its start"
    );
    page.screenshot("challenge-started-1400").await?;
    page.choose_init("random_normal").await?;
    page.wait_for_challenge_met("sigmoid-no-skip").await?;
    page.screenshot("challenge-met-1400").await?;

    page.start_challenge("explode-one-control").await?;
    page.wait_for_diagnosis("healthy").await?;
    page.choose_norm("batch").await?;
    page.wait_for_challenge_met("explode-one-control").await?;

    page.start_challenge("sigmoid-30-healthy").await?;
    page.wait_for_diagnosis("vanishing").await?;
    page.choose_residual("identity").await?;
    page.wait_for_challenge_met("sigmoid-30-healthy").await?;

    page.start_challenge("tanh-residual-norm").await?;
    page.wait_for_diagnosis("exploding").await?;
    page.choose_residual("scaled").await?;
    page.choose_norm("layer").await?;
    page.wait_for_challenge_met("tanh-residual-norm").await?;

    assert_eq!(
        page.text("challenge-progress").await?.get(..8),
        Some("4 of 6 m")
    );
    assert_eq!(page.console_errors().await?, Vec::<String>::new());
    page.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_training_challenges_are_solved_by_training() -> Result<()> {
    let page = ExplorerPage::open("", (1400, 1000)).await?;
    page.wait_for_charts().await?;

    page.start_challenge("train-deep-sigmoid").await?;
    page.choose_init("random_normal").await?;
    page.choose_optimizer("adam").await?;
    page.set_range("train-lr", (0.003f64).log10(), "change")
        .await?;
    page.wait_for_value("train-lr", "-2.52").await.ok();
    page.train_to_the_end(1000, RUN).await?;
    page.wait_for_challenge_met("train-deep-sigmoid").await?;
    page.screenshot("challenge-trained-1400").await?;

    page.start_challenge("train-clip").await?;
    page.wait_for_training_ready().await?;
    page.train_play().await?;
    page.wait_for_train_halted().await?;
    assert!(
        !page.challenge_met("train-clip").await?,
        "the blow-up does not count"
    );
    page.click("train-clip-toggle").await?;
    page.train_to_the_end(1000, RUN).await?;
    page.wait_for_challenge_met("train-clip").await?;

    // Progress is kept: after a reload both are still met.
    page.goto("").await?;
    page.wait_for_idle().await?;
    assert!(page.challenge_met("train-deep-sigmoid").await?);
    assert!(page.challenge_met("train-clip").await?);
    assert_eq!(page.console_errors().await?, Vec::<String>::new());
    page.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn on_a_phone_a_challenge_is_met_beside_the_chart_and_training_shows_its_step() -> Result<()>
{
    let page = ExplorerPage::open("", (390, 844)).await?;
    page.wait_for_charts().await?;
    page.start_challenge("sigmoid-no-skip").await?;
    page.choose_init("random_normal").await?;
    page.wait_for_challenge_met("sigmoid-no-skip").await?;
    page.scroll_to("[data-testid=challenge-sigmoid-no-skip]")
        .await?;
    page.screenshot("challenge-met-390").await?;
    page.start_challenge("train-clip").await?;
    // Scrolled to as a thumb would, below the sticky chart (a WebDriver click's own scroll
    // would leave it under the chart).
    page.scroll_to("[data-testid=train-clip-toggle]").await?;
    page.click("train-clip-toggle").await?;
    page.scroll_to("[data-testid=train-play]").await?;
    page.train_to_the_end(1000, RUN).await?;
    page.wait_for_challenge_met("train-clip").await?;
    page.scroll_to("[data-testid=train-step-count]").await?;
    page.screenshot("training-390").await?;
    assert_eq!(page.console_errors().await?, Vec::<String>::new());
    page.close().await
}
