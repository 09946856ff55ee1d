//! The lessons below the explorer.

use leptos::prelude::*;

#[component]
pub fn Lessons() -> impl IntoView {
    view! { <section data-area="lessons" aria-label="Lessons"></section> }
}
