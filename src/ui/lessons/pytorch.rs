//! Section 6: the generated PyTorch script (reactive on the config), a Copy button, the
//! quick-fix variant, and the explorer's own numbers in the script's output format.

use leptos::html::Code;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::lessons::{predicted_output_for_report, pytorch_snippet};
use crate::ui::explorer::state::use_state;

#[component]
pub fn PyTorch() -> impl IntoView {
    let state = use_state();
    let quick_fix = state.quick_fix_shown;
    let copy_status = RwSignal::new(String::new());
    let code_ref = NodeRef::<Code>::new();
    let snippet = Memo::new(move |_| pytorch_snippet(&state.config.get(), quick_fix.get()));
    // The numbers must describe the network the script builds: with the quick fix on, that is
    // another network, which the worker computes beside the explorer's.
    let predicted = Memo::new(move |_| {
        let result = if quick_fix.get() {
            state.quick_fix_report.get()
        } else {
            Some(state.report.get())
        };
        match result {
            Some(Ok(report)) => predicted_output_for_report(&report),
            Some(Err(e)) => format!("The explorer cannot simulate this configuration: {e}"),
            None => "Computing…".to_string(),
        }
    });
    // A new script makes an old "Copied" stale.
    Effect::new(move |_| {
        snippet.track();
        copy_status.set(String::new());
    });
    let on_copy = move |_| copy(&snippet.get_untracked(), code_ref, copy_status);
    let tab = move |fix: bool, label: &'static str, testid: &'static str| {
        view! {
            <button
                type="button"
                data-testid=testid
                aria-pressed=move || (quick_fix.get() == fix).to_string()
                on:click=move |_| quick_fix.set(fix)
            >
                {label}
            </button>
        }
    };
    view! {
        <div class="pytorch widget">
            <div class="pytorch-script">
                <div class="pytorch-toolbar">
                    <div class="segmented" role="group" aria-label="Which script">
                        {tab(false, "Your settings", "pytorch-variant-current")}
                        {tab(true, "Quick fix", "pytorch-variant-quick-fix")}
                    </div>
                    <button type="button" class="copy-button" data-testid="pytorch-copy" on:click=on_copy>
                        "Copy"
                    </button>
                    <span class="copy-status" role="status" data-testid="pytorch-copy-status">
                        {move || copy_status.get()}
                    </span>
                </div>
                <pre class="code"><code node_ref=code_ref class="language-python" data-testid="pytorch-code">
                    {move || snippet.get()}
                </code></pre>
            </div>
            <figure class="pytorch-predicted">
                <figcaption>"The explorer's numbers for this network (same format)"</figcaption>
                <pre class="code" data-testid="pytorch-predicted">{move || predicted.get()}</pre>
            </figure>
        </div>
    }
}

/// Copies through the async Clipboard API; without it (or when it refuses) the code is
/// selected so Ctrl+C / ⌘C works, and the status says so.
fn copy(text: &str, code: NodeRef<Code>, status: RwSignal<String>) {
    let fallback = move || {
        select_contents(code);
        status
            .set("Copying is not available here: the code is selected, press Ctrl+C (⌘C).".into());
    };
    let Some(window) = web_sys::window() else {
        return fallback();
    };
    let navigator = window.navigator();
    // `navigator.clipboard` is undefined outside secure contexts; calling it would throw.
    let has_clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .is_ok_and(|c| c.is_object());
    if !has_clipboard {
        return fallback();
    }
    let promise = navigator.clipboard().write_text(text);
    leptos::task::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(promise).await {
            Ok(_) => status.set("Copied".into()),
            Err(_) => fallback(),
        }
    });
}

/// `getSelection().selectAllChildren(code)`, through Reflect (web-sys's `Selection` feature
/// is not enabled, and this is its only use).
fn select_contents(code: NodeRef<Code>) {
    let (Some(el), Some(window)) = (code.get_untracked(), web_sys::window()) else {
        return;
    };
    let call = |target: &JsValue, name: &str, arg: Option<&JsValue>| -> Option<JsValue> {
        let f = js_sys::Reflect::get(target, &JsValue::from_str(name)).ok()?;
        let f = f.dyn_ref::<js_sys::Function>()?;
        match arg {
            Some(a) => f.call1(target, a).ok(),
            None => f.call0(target).ok(),
        }
    };
    if let Some(selection) = call(&window, "getSelection", None) {
        call(&selection, "selectAllChildren", Some(&el));
    }
}
