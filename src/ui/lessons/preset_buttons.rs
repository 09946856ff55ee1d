//! A lesson's "Try it" row: one button per preset, which loads it into the explorer.

use leptos::prelude::*;

use super::show_chart_from_lesson;
use crate::page::edit::Edit;
use crate::page::presets;
use crate::ui::explorer::state::use_state;

#[component]
pub fn PresetButtons(ids: &'static [&'static str]) -> impl IntoView {
    let state = use_state();
    let buttons = ids
        .iter()
        .filter_map(|id| presets::find(id))
        .map(|p| {
            let id = p.id;
            let testid = format!("lesson-preset-{id}");
            view! {
                <button
                    type="button"
                    data-testid=testid.clone()
                    on:click=move |_| {
                        state.apply(Edit::Preset(id));
                        show_chart_from_lesson(testid.clone());
                    }
                >
                    "Try it: " {p.title}
                </button>
            }
        })
        .collect_view();
    view! { <div class="lesson-presets widget">{buttons}</div> }
}
