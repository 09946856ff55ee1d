//! The transformer view's lessons (`crate::lessons::TF_SECTIONS`): mounted below the
//! transformer view once its first chart is on screen, and "Try it" buttons that switch to the
//! transformer view and load a transformer preset.

use leptos::prelude::*;

use super::mode_lessons::{ModeLessonsAfterFirstChart, ModeLessonsOf, ModePresetButton};
use crate::lessons::TF_SECTIONS;
use crate::page::arch::Arch;
use crate::page::transformer::edit::TransformerEdit;
use crate::page::transformer::presets;
use crate::ui::transformer::state::use_transformer_state;

/// The transformer lessons, mounted once the transformer view's first result is in.
#[component]
pub fn TransformerLessonsAfterFirstChart() -> impl IntoView {
    let of = ModeLessonsOf {
        sections: &TF_SECTIONS,
        title: "Lessons: the residual stream",
        testid: "tf-lessons",
    };
    view! { <ModeLessonsAfterFirstChart of busy=use_transformer_state().busy /> }
}

/// A transformer lesson's "Try it" row: one button per transformer preset; a press shows the
/// transformer view, loads the preset and brings the stream gradient chart into view.
/// `section` keeps the test ids unique where two sections offer the same preset.
#[component]
pub fn TransformerPresetButtons(
    section: &'static str,
    ids: &'static [&'static str],
) -> impl IntoView {
    let state = use_transformer_state();
    let buttons = ids
        .iter()
        .filter_map(|id| presets::find(id))
        .map(|p| {
            let id = p.id;
            let loaded = Signal::derive(move || {
                state.preset.get().is_some_and(|q| q.id == id) && !state.modified()
            });
            let load = Callback::new(move |()| state.apply(TransformerEdit::Preset(id)));
            view! {
                <ModePresetButton section id title=p.title arch=Arch::Transformer
                    chart="stream-gradient-chart" loaded load />
            }
        })
        .collect_view();
    view! { <div class="lesson-presets widget">{buttons}</div> }
}
