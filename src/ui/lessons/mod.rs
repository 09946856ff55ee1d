//! The lessons below the explorer: a table of contents and the sections of
//! `crate::lessons::SECTIONS`, each its prose (static HTML, set once) around its widget.
//! Only the widgets that show the explorer's state are reactive.

mod activation_table;
mod bits;
mod init_table;
pub mod katex;
mod mode_lessons;
mod preset_buttons;
mod pytorch;
pub mod recurrent;
mod reference;
mod regimes;
mod telephone;
pub mod transformer;
mod try_it;

use leptos::html;
use leptos::prelude::*;

use crate::lessons::{Section, Widget, SECTIONS};
use crate::ui::explorer::state::use_state;
use crate::ui::web::next_task::after_next_paint;
use crate::ui::web::show_chart::{show_chart, BackPoint};

/// The lessons, mounted once the first result is on screen: building and typesetting every
/// lesson takes a few hundred ms that the first chart should not wait for.
#[component]
pub fn LessonsAfterFirstChart() -> impl IntoView {
    let state = use_state();
    let shown = RwSignal::new(false);
    Effect::new(move |_| {
        if !state.busy.get() && !shown.get_untracked() {
            after_next_paint(move || shown.set(true));
        }
    });
    view! { <Show when=move || shown.get()><Lessons /></Show> }
}

#[component]
pub fn Lessons() -> impl IntoView {
    let root = NodeRef::<html::Section>::new();
    // Runs once the sections are in place; every formula is static, so one pass does it.
    Effect::new(move |_| {
        if let Some(el) = root.get() {
            katex::typeset(&el);
            scroll_to_address_target();
        }
    });
    let toc = SECTIONS
        .iter()
        .map(|s| view! { <li><a href=format!("#{}", s.id)>{s.title}</a></li> })
        .collect_view();
    let sections = SECTIONS
        .iter()
        .map(|section| view! { <LessonSection section /> })
        .collect_view();
    view! {
        <section data-area="lessons" aria-label="Lessons" class="lessons" node_ref=root>
            <nav aria-label="Lessons" data-testid="lessons-toc" class="lessons-toc">
                <p class="toc-title">"Lessons"</p>
                <ol>{toc}</ol>
            </nav>
            {sections}
        </section>
    }
}

#[component]
pub(crate) fn LessonSection(section: &'static Section) -> impl IntoView {
    let html = section.html();
    let title_id = format!("{}-title", section.id);
    let after = (!html.after.trim().is_empty())
        .then(|| view! { <div class="prose" inner_html=html.after></div> });
    view! {
        <section id=section.id class="lesson" aria-labelledby=title_id>
            <h2 id=title_id.clone()>{section.title}</h2>
            <div class="prose" inner_html=html.before></div>
            {widget(section.id, section.widget)}
            {after}
        </section>
    }
}

fn widget(section: &'static str, w: Widget) -> AnyView {
    match w {
        Widget::None => ().into_any(),
        Widget::Telephone => view! { <telephone::Telephone /> }.into_any(),
        Widget::Regimes => view! { <regimes::Regimes /> }.into_any(),
        Widget::ActivationTable => view! { <activation_table::ActivationTable /> }.into_any(),
        Widget::InitTable => view! { <init_table::InitTable /> }.into_any(),
        Widget::PyTorch => view! { <pytorch::PyTorch /> }.into_any(),
        Widget::Glossary => view! { <reference::Glossary /> }.into_any(),
        Widget::Faq => view! { <reference::Faq /> }.into_any(),
        Widget::Reading => view! { <reference::Reading /> }.into_any(),
        Widget::Presets(ids) => view! { <preset_buttons::PresetButtons ids /> }.into_any(),
        Widget::NumberBits => view! { <bits::NumberBits /> }.into_any(),
        Widget::RnnPresets(ids) => view! { <recurrent::RnnPresetButtons section ids /> }.into_any(),
        Widget::TransformerPresets(ids) => {
            view! { <transformer::TransformerPresetButtons section ids /> }.into_any()
        }
    }
}

/// Brings the gradient chart into view after a lesson button changed the network, with a
/// way back to that button (`testid`).
fn show_chart_from_lesson(testid: String) {
    show_chart(Some(BackPoint {
        testid,
        label: "Back to the lesson",
    }));
}

/// Full-size fractions in an inline formula (table cells would otherwise get tiny ones).
fn display_style(tex: &str) -> String {
    format!("\\displaystyle {tex}")
}

/// A link to a lesson (`#telephone`) arrived before the lessons existed: go there now.
fn scroll_to_address_target() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let hash = window.location().hash().unwrap_or_default();
    let Some(id) = hash.strip_prefix('#').filter(|id| !id.is_empty()) else {
        return;
    };
    if let Some(el) = window.document().and_then(|d| d.get_element_by_id(id)) {
        el.scroll_into_view();
    }
}
