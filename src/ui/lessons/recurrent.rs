//! The recurrent view's lessons (`crate::lessons::RNN_SECTIONS`): mounted below the recurrent
//! view once its first chart is on screen, with their own table of contents, and "Try it"
//! buttons that switch to the recurrent view and load a recurrent preset.

use leptos::prelude::*;

use super::mode_lessons::{ModeLessonsAfterFirstChart, ModeLessonsOf};
use crate::lessons::RNN_SECTIONS;
use crate::page::arch::Arch;
use crate::page::recurrent::edit::RnnEdit;
use crate::page::recurrent::presets;
use crate::ui::recurrent::state::use_rnn_state;
use crate::ui::views::use_views;
use crate::ui::web::show_chart::show_by_testid;

/// The recurrent lessons, mounted once the recurrent view's first result is in.
#[component]
pub fn RecurrentLessonsAfterFirstChart() -> impl IntoView {
    let of = ModeLessonsOf {
        sections: &RNN_SECTIONS,
        title: "Lessons: gradients through time",
        testid: "rnn-lessons",
    };
    view! { <ModeLessonsAfterFirstChart of busy=use_rnn_state().busy /> }
}

/// A recurrent lesson's "Try it" row: one button per recurrent preset; a press shows the
/// recurrent view, loads the preset and brings its chart into view. `section` keeps the test
/// ids unique where two sections offer the same preset.
#[component]
pub fn RnnPresetButtons(section: &'static str, ids: &'static [&'static str]) -> impl IntoView {
    let state = use_rnn_state();
    let views = use_views();
    let buttons = ids
        .iter()
        .filter_map(|id| presets::find(id))
        .map(|p| {
            let id = p.id;
            let current = move || {
                views.arch.get() == Arch::Recurrent
                    && state.preset.get().is_some_and(|q| q.id == id)
                    && !state.modified()
            };
            view! {
                <button
                    type="button"
                    data-testid=format!("lesson-{section}-{id}")
                    aria-pressed=move || current().to_string()
                    on:click=move |_| {
                        views.arch.set(Arch::Recurrent);
                        state.apply(RnnEdit::Preset(id));
                        show_by_testid("time-gradient-chart");
                    }
                >
                    "Try it: " {p.title}
                </button>
            }
        })
        .collect_view();
    view! { <div class="lesson-presets widget">{buttons}</div> }
}
