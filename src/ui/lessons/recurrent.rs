//! The recurrent view's lessons (`crate::lessons::RNN_SECTIONS`): mounted below the recurrent
//! view once its first chart is on screen, with their own table of contents, and "Try it"
//! buttons that switch to the recurrent view and load a recurrent preset.

use leptos::prelude::*;

use super::mode_lessons::{ModeLessonsAfterFirstChart, ModeLessonsOf, ModePresetButton};
use crate::lessons::RNN_SECTIONS;
use crate::page::arch::Arch;
use crate::page::recurrent::edit::RnnEdit;
use crate::page::recurrent::presets;
use crate::ui::recurrent::state::use_rnn_state;

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
    let buttons = ids
        .iter()
        .filter_map(|id| presets::find(id))
        .map(|p| {
            let id = p.id;
            let loaded = Signal::derive(move || {
                state.preset.get().is_some_and(|q| q.id == id) && !state.modified()
            });
            let load = Callback::new(move |()| state.apply(RnnEdit::Preset(id)));
            view! {
                <ModePresetButton section id title=p.title arch=Arch::Recurrent
                    chart="time-gradient-chart" loaded load />
            }
        })
        .collect_view();
    view! { <div class="lesson-presets widget">{buttons}</div> }
}
