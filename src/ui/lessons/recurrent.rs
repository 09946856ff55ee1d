//! The recurrent view's lessons (`crate::lessons::RNN_SECTIONS`): mounted below the recurrent
//! view once its first chart is on screen, with their own table of contents, and "Try it"
//! buttons that switch to the recurrent view and load a recurrent preset.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use super::{katex, LessonSection};
use crate::lessons::RNN_SECTIONS;
use crate::page::arch::Arch;
use crate::page::recurrent::edit::RnnEdit;
use crate::page::recurrent::presets;
use crate::ui::recurrent::state::use_rnn_state;
use crate::ui::views::use_views;
use crate::ui::web::next_task::after_next_paint;

/// The recurrent lessons, mounted once the recurrent view's first result is in.
#[component]
pub fn RecurrentLessonsAfterFirstChart() -> impl IntoView {
    let state = use_rnn_state();
    let shown = RwSignal::new(false);
    Effect::new(move |_| {
        if !state.busy.get() && !shown.get_untracked() {
            after_next_paint(move || shown.set(true));
        }
    });
    view! { <Show when=move || shown.get()><RecurrentLessons /></Show> }
}

#[component]
pub fn RecurrentLessons() -> impl IntoView {
    let root = NodeRef::<html::Section>::new();
    Effect::new(move |_| {
        if let Some(el) = root.get() {
            katex::typeset(&el);
        }
    });
    let toc = RNN_SECTIONS
        .iter()
        .map(|s| view! { <li><a href=format!("#{}", s.id)>{s.title}</a></li> })
        .collect_view();
    let sections = RNN_SECTIONS
        .iter()
        .map(|section| view! { <LessonSection section /> })
        .collect_view();
    view! {
        <section data-area="lessons" data-testid="rnn-lessons" aria-label="Lessons: gradients through time"
            class="lessons" node_ref=root>
            <nav aria-label="Lessons through time" data-testid="rnn-lessons-toc" class="lessons-toc">
                <p class="toc-title">"Lessons: gradients through time"</p>
                <ol>{toc}</ol>
            </nav>
            {sections}
        </section>
    }
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
                        show_time_chart();
                    }
                >
                    "Try it: " {p.title}
                </button>
            }
        })
        .collect_view();
    view! { <div class="lesson-presets widget">{buttons}</div> }
}

/// Brings the gradient-through-time chart into view (the smallest scroll that shows it),
/// after the switch and the preset have reached the page.
fn show_time_chart() {
    request_animation_frame(|| {
        let el = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("[data-testid=time-gradient-chart]").ok())
            .flatten();
        let Some(el) = el else {
            return;
        };
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"block".into(), &"nearest".into());
        let method = js_sys::Reflect::get(&el, &"scrollIntoView".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        if let Some(f) = method {
            let _ = f.call1(&JsValue::from(&el), &options);
        }
    });
}
