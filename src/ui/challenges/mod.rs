//! The guided challenges (`page::challenges`): each card states its goal, loads its starting
//! network, offers a hint, and says when the goal is met. The check runs on what the page sees
//! (`Seen`: the controls, the worker's diagnosis of that network, the training run's outcome);
//! progress is kept in local storage (`progress`).

mod progress;

use leptos::prelude::*;

use crate::page::challenges::{self, Challenge, RunSeen, Seen, CHALLENGES};
use crate::page::train::edit::Mode;
use crate::train::presets::find_train_preset;
use crate::ui::explorer::state::{use_state, AppState};
use crate::ui::training::state::{use_train, TrainState};
use crate::ui::web::show_chart::show_chart;

/// What the page sees now, for the checks.
fn seen(state: AppState, train: TrainState) -> Memo<Seen> {
    Memo::new(move |_| {
        let config = state.config.get();
        let diagnosis = state.report.with(|r| {
            r.as_ref()
                .ok()
                .filter(|r| r.config == config)
                .map(|r| r.summary.diagnosis)
        });
        let out = train.out;
        let run = (train.mode.get() == Mode::Train).then(|| {
            out.frame.track();
            RunSeen {
                settings: train.settings.get(),
                finished: out.finished.get(),
                halted: out.history.with_untracked(|h| h.first_nonfinite.is_some()),
                train_accuracy: out.latest.with(|m| m.as_ref().map(|m| m.train_accuracy)),
            }
        });
        Seen {
            config,
            diagnosis,
            run,
        }
    })
}

#[component]
pub fn Challenges() -> impl IntoView {
    let state = use_state();
    let train = use_train();
    let seen = seen(state, train);
    let stored = progress::load();
    let met = RwSignal::new(
        CHALLENGES
            .iter()
            .filter(|c| stored.iter().any(|id| id == c.id))
            .map(|c| c.id)
            .collect::<Vec<_>>(),
    );
    let active = RwSignal::new(None::<&'static str>);
    // The active challenge, checked on every change of what the page sees.
    Effect::new(move |_| {
        let Some(c) = active.get().and_then(challenges::find) else {
            return;
        };
        if seen.with(|s| (c.met)(s)) && !met.with_untracked(|m| m.contains(&c.id)) {
            met.update(|m| m.push(c.id));
            progress::save(&met.get_untracked());
        }
    });
    let cards = CHALLENGES
        .iter()
        .map(|c| view! { <ChallengeCard c active met /> })
        .collect_view();
    let done = move || met.with(Vec::len);
    view! {
        <div class="challenges">
            <h2>"Challenges"</h2>
            <p class="card-note" data-testid="challenge-progress">
                {move || format!("{} of {} met. Start one: it loads its network; the page checks the goal as you change the controls.", done(), CHALLENGES.len())}
            </p>
            <ol class="challenge-list">{cards}</ol>
        </div>
    }
}

#[component]
fn ChallengeCard(
    c: &'static Challenge,
    active: RwSignal<Option<&'static str>>,
    met: RwSignal<Vec<&'static str>>,
) -> impl IntoView {
    let state = use_state();
    let train = use_train();
    let is_active = move || active.get() == Some(c.id);
    let is_met = move || met.with(|m| m.contains(&c.id));
    let start = move |_| {
        if let Some(p) = c.train_preset.and_then(find_train_preset) {
            train.mode.set(Mode::Train);
            train.load_preset(p);
        } else {
            state.restore(c.start, None);
        }
        active.set(Some(c.id));
        show_chart(None);
    };
    view! {
        <li class="challenge" data-testid=format!("challenge-{}", c.id)
            data-met=move || is_met().to_string() data-active=move || is_active().to_string()>
            <p class="challenge-title">
                <span class="challenge-stage">{c.stage.label()}</span>
                " " <strong>{c.title}</strong>
                <span class="challenge-done" hidden=move || !is_met()>
                    <span aria-hidden="true">" ✓"</span>" met"
                </span>
            </p>
            <p class="challenge-goal">{c.goal}</p>
            <div class="challenge-actions">
                <button type="button" data-testid=format!("challenge-start-{}", c.id)
                    aria-pressed=move || is_active().to_string() on:click=start>
                    {move || if is_active() { "Started: restart" } else { "Start" }}
                </button>
                <details class="challenge-hint">
                    <summary>"Hint"</summary>
                    <p>{c.hint}</p>
                </details>
            </div>
            <p class="challenge-status" role="status" data-testid=format!("challenge-status-{}", c.id)>
                {move || match (is_active(), is_met()) {
                    (_, true) => "Goal met. Well done.",
                    (true, false) => "Not yet: change the controls until the goal is met.",
                    (false, false) => "",
                }}
            </p>
        </li>
    }
}
