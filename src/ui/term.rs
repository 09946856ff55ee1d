//! A word with its definition one tap away: a button that opens a popover (the browser's own:
//! keyboard, Escape and a tap outside work without script) holding the glossary's entry
//! (`lessons::glossary`), typeset, with a link to the whole glossary. One definition per
//! concept, wherever the page names it.

use std::cell::Cell;

use leptos::html;
use leptos::prelude::*;

use crate::lessons::{glossary_entry, render_inline_markdown};
use crate::ui::lessons::katex;

thread_local! {
    /// Popover ids must be unique; a term may appear several times.
    static NEXT_ID: Cell<u64> = const { Cell::new(0) };
}

/// `id`: a glossary entry's id (`tests/vocabulary.rs` checks every one the page uses).
#[component]
pub fn Term(id: &'static str, children: Children) -> impl IntoView {
    let Some(entry) = glossary_entry(id) else {
        // A missing entry is a data bug the test catches; the page shows the word alone.
        return children().into_any();
    };
    let popover_id = format!("term-{id}-{}", NEXT_ID.with(|n| n.replace(n.get() + 1)));
    let root = NodeRef::<html::Span>::new();
    Effect::new(move |_| {
        if let Some(el) = root.get() {
            katex::typeset(&el);
        }
    });
    view! {
        <button type="button" class="term" data-term=id popovertarget=popover_id.clone()>
            {children()}<span class="visually-hidden">" (what is this?)"</span>
        </button>
        <span popover="auto" id=popover_id class="term-popover" data-testid=format!("term-{id}") node_ref=root>
            <strong>{entry.term}</strong>": "
            <span inner_html=render_inline_markdown(entry.definition)></span>
            " "<a href=format!("#glossary-{id}")>"All terms"</a>
        </span>
    }
    .into_any()
}
