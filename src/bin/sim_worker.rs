//! The simulation worker (a Web Worker built by Trunk from index.html): it answers the page's
//! requests with `worker::serve::Server`, so long computations never block the page.

#[cfg(target_arch = "wasm32")]
fn main() {
    use gradient_flow_explorer::worker::{encode, serve::Server, Response};
    use std::cell::RefCell;
    use wasm_bindgen::prelude::*;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let post = {
        let scope = scope.clone();
        move |bytes: Vec<u8>| {
            let array = js_sys::Uint8Array::from(bytes.as_slice());
            // The page reports a worker that cannot talk (its `error` event).
            if let Err(e) = scope.post_message(&array) {
                web_sys::console::error_1(&e);
            }
        }
    };
    // Training chunks end when their time budget is spent, and simulation replies say when
    // they were computed: both read this clock, counted from the Unix epoch like the page's
    // `performance.timeOrigin + performance.now()` (so the page can split its latency).
    let performance = scope.performance();
    let clock = move || match &performance {
        Some(p) => p.time_origin() + p.now(),
        None => js_sys::Date::now(),
    };
    let server = RefCell::new(Server::with_clock(Box::new(clock)));
    let on_message = {
        let post = post.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let bytes = js_sys::Uint8Array::new(&ev.data()).to_vec();
            post(server.borrow_mut().handle_bytes(&bytes));
        })
    };
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    post(encode(&Response::Ready));
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The simulation worker runs in the browser, started by the page (`./x serve`).");
}
