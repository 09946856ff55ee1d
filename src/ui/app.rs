use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    if query_param("panic").is_some() {
        // Test hook: proves the panic banner works (see tests/e2e).
        request_animation_frame(|| panic!("deliberate panic requested by ?panic"));
    }
    view! {
        <header class="site-header">
            <h1>"Gradient Flow Explorer"</h1>
            <p class="tagline">"Watch gradients vanish or explode as they flow back through a deep network."</p>
        </header>
        <main>
            <section data-area="controls" aria-label="Network controls"></section>
            <section data-area="status" aria-label="Gradient status"></section>
            <section data-area="charts" aria-label="Charts"></section>
            <section data-area="lessons" aria-label="Lessons"></section>
        </main>
    }
}

fn query_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(name)
}
