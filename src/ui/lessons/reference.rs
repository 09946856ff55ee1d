//! Sections 7–9: glossary, FAQ and further reading. Static apart from the FAQ's preset buttons.

use leptos::prelude::*;

use super::show_chart_from_lesson;
use crate::lessons::{
    render_inline_markdown, render_markdown, EXTERNAL_LINK_REL, FAQ, FURTHER_READING, GLOSSARY,
};
use crate::page::edit::Edit;
use crate::page::presets;
use crate::ui::explorer::state::use_state;

#[component]
pub fn Glossary() -> impl IntoView {
    let entries = GLOSSARY
        .iter()
        .map(|g| {
            view! {
                <div class="glossary-entry">
                    <dt id=format!("glossary-{}", g.id)>{g.term}</dt>
                    <dd inner_html=render_inline_markdown(g.definition)></dd>
                </div>
            }
        })
        .collect_view();
    view! { <dl class="glossary widget">{entries}</dl> }
}

#[component]
pub fn Faq() -> impl IntoView {
    let state = use_state();
    let items = FAQ
        .iter()
        .map(|f| {
            // An unknown preset id would be a data bug; the button is then left out.
            let button = f.preset.and_then(presets::find).map(|p| {
                let id = p.id;
                let testid = format!("faq-preset-{}", f.id);
                view! {
                    <button
                        type="button"
                        data-testid=testid.clone()
                        on:click=move |_| {
                            state.apply(Edit::Preset(id));
                            show_chart_from_lesson(testid.clone());
                        }
                    >
                        {format!("Load “{}”", p.title)}
                    </button>
                }
            });
            view! {
                <details class="faq-item" id=format!("faq-{}", f.id)>
                    <summary>{f.question}</summary>
                    <div class="faq-answer">
                        <div inner_html=render_markdown(f.answer)></div>
                        {button}
                    </div>
                </details>
            }
        })
        .collect_view();
    view! { <div class="faq widget">{items}</div> }
}

#[component]
pub fn Reading() -> impl IntoView {
    let items = FURTHER_READING
        .iter()
        .map(|r| {
            view! {
                <li id=format!("ref-{}", r.id)>
                    <a href=r.url target="_blank" rel=EXTERNAL_LINK_REL>{r.title}</a>
                    <span class="reading-meta">{format!("{} ({}), {}.", r.authors, r.year, r.venue)}</span>
                    <span class="reading-note">{r.contribution}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ol class="reading widget">{items}</ol> }
}
