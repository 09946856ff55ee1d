//! What the explorer's gradient chart and histograms draw. In training mode: the trained
//! network's hidden layers at the step of the newest report from the training worker (the
//! explorer's own batch and loss, `train::report`); otherwise — and in training mode until
//! the run's first report arrives — the explorer's untrained network. The training panel
//! lends what this needs as a `TrainedReport` context, so the explorer imports nothing of it.

use leptos::prelude::*;

use super::state::AppState;
use crate::page::train::edit::Mode;
use crate::sim::Report;
use crate::train::StepReport;
use crate::ui::web::next_task::run_in_next_task;

/// What the training panel lends the explorer's charts, as a context (given by
/// `training::state::TrainState::new`; absent in component tests that mount the explorer
/// alone): the page's mode and the training worker's newest report.
#[derive(Clone, Copy)]
pub struct TrainedReport {
    pub mode: RwSignal<Mode>,
    pub report: RwSignal<Option<StepReport>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ChartedReport {
    /// The training step whose parameters the report shows; `None`: the explorer's network.
    pub step: Option<usize>,
    pub report: Result<Report, String>,
}

impl ChartedReport {
    /// The report's text alternative, preceded by which network it describes in training mode.
    pub fn label(&self, summary: impl FnOnce(&Report) -> String) -> String {
        match &self.report {
            Ok(r) => self.at_step(summary(r)),
            Err(e) => e.clone(),
        }
    }

    /// A summary of the report, preceded by which network it describes in training mode.
    pub fn at_step(&self, text: String) -> String {
        match self.step {
            Some(step) => format!("At training step {step} (the trained hidden layers on the explorer's batch): {text}"),
            None => text,
        }
    }
}

/// The report the explorer's charts draw, as a memo (the training state is absent in
/// component tests that mount the explorer alone). Each chart calls this once: a training
/// report reaches it in a task of its own, so a reply's task and each chart's redraw stay
/// short while a run plays (no main-thread task over 50 ms).
pub fn charted_report(state: AppState) -> Memo<ChartedReport> {
    let train = use_context::<TrainedReport>();
    let newest = RwSignal::new(None::<StepReport>);
    if let Some(t) = train {
        Effect::new(move |_| {
            let report = t.report.get();
            // The chart may be gone by then (`try_set` on a disposed signal does nothing).
            run_in_next_task(move || {
                newest.try_set(report);
            });
        });
    }
    Memo::new(move |_| {
        let trained = train
            .filter(|t| t.mode.get() == Mode::Train)
            .and_then(|_| newest.get());
        match trained {
            Some(r) => ChartedReport {
                step: Some(r.step),
                report: r.report,
            },
            None => ChartedReport {
                step: None,
                report: state.report.get(),
            },
        }
    })
}

/// Under a chart's title in training mode: which step and which question the chart shows.
#[component]
pub fn TrainedCaption(charted: Memo<ChartedReport>, test_id: &'static str) -> impl IntoView {
    let step = move || charted.with(|c| c.step);
    let batch = move || charted.with(|c| c.report.as_ref().map(|r| r.config.batch).unwrap_or(0));
    move || {
        step().map(|step| {
            view! {
                <p class="hint train-step-note" data-testid=test_id data-step=step.to_string()>
                    <strong>{format!("Trained network at step {step}")}</strong>
                    <span class="step-why">{format!(
                        ": its hidden layers run on the explorer's batch ({} random inputs and \
                         targets, squared-error loss), the question asked of the untrained network. \
                         The mean-field line is the untrained network's prediction.",
                        batch()
                    )}</span>
                </p>
            }
        })
    }
}
