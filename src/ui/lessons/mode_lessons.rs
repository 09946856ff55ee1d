//! A mode's lessons (the recurrent view's `RNN_SECTIONS`, the transformer view's
//! `TF_SECTIONS`): mounted below the mode's view once its first result is in, with their own
//! table of contents; each section's "Try it" buttons are its widget.

use leptos::html;
use leptos::prelude::*;

use super::{katex, LessonSection};
use crate::lessons::Section;
use crate::page::arch::Arch;
use crate::ui::views::use_views;
use crate::ui::web::next_task::after_next_paint;
use crate::ui::web::show_chart::show_by_testid;

/// What tells a mode's lessons apart: their sections, the heading of their table of contents
/// ("Lessons: gradients through time") and the prefix of their test ids (`rnn-lessons`).
#[derive(Clone, Copy)]
pub struct ModeLessonsOf {
    pub sections: &'static [Section],
    pub title: &'static str,
    pub testid: &'static str,
}

/// The lessons, mounted once `busy` first turns false (building and typesetting them should
/// not delay the mode's first chart).
#[component]
pub fn ModeLessonsAfterFirstChart(of: ModeLessonsOf, busy: RwSignal<bool>) -> impl IntoView {
    let shown = RwSignal::new(false);
    Effect::new(move |_| {
        if !busy.get() && !shown.get_untracked() {
            after_next_paint(move || shown.set(true));
        }
    });
    view! { <Show when=move || shown.get()><ModeLessons of /></Show> }
}

#[component]
pub fn ModeLessons(of: ModeLessonsOf) -> impl IntoView {
    let root = NodeRef::<html::Section>::new();
    Effect::new(move |_| {
        if let Some(el) = root.get() {
            katex::typeset(&el);
        }
    });
    let toc = of
        .sections
        .iter()
        .map(|s| view! { <li><a href=format!("#{}", s.id)>{s.title}</a></li> })
        .collect_view();
    let sections = of
        .sections
        .iter()
        .map(|section| view! { <LessonSection section /> })
        .collect_view();
    view! {
        <section data-area="lessons" data-testid=of.testid aria-label=of.title
            class="lessons" node_ref=root>
            <nav aria-label=format!("{} (contents)", of.title) data-testid=format!("{}-toc", of.testid) class="lessons-toc">
                <p class="toc-title">{of.title}</p>
                <ol>{toc}</ol>
            </nav>
            {sections}
        </section>
    }
}

/// One "Try it" button of a mode's lesson: pressed while `arch` shows the preset unmodified
/// (`loaded`); a press shows `arch`, loads the preset (`load`) and brings `chart` into view.
/// `section` keeps the test ids unique where two sections offer the same preset.
#[component]
pub fn ModePresetButton(
    section: &'static str,
    id: &'static str,
    title: &'static str,
    arch: Arch,
    chart: &'static str,
    #[prop(into)] loaded: Signal<bool>,
    load: Callback<()>,
) -> impl IntoView {
    let views = use_views();
    let current = move || views.arch.get() == arch && loaded.get();
    view! {
        <button
            type="button"
            data-testid=format!("lesson-{section}-{id}")
            aria-pressed=move || current().to_string()
            on:click=move |_| {
                views.arch.set(arch);
                load.run(());
                show_by_testid(chart);
            }
        >
            "Try it: " {title}
        </button>
    }
}
