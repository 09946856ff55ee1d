//! The simulation worker (a Web Worker built by Trunk from index.html): it answers the page's
//! requests with `worker::serve::Server`, so long computations never block the page. A
//! training worker may be given a helper (another of these workers) through a message port:
//! the page posts "lead" with one end to it and "help" with the other to the helper.

#[cfg(target_arch = "wasm32")]
fn main() {
    use gradient_flow_explorer::worker::{encode, serve::Server, Response};
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::prelude::*;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, MessagePort};

    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let post: Rc<dyn Fn(Vec<u8>)> = {
        let scope = scope.clone();
        Rc::new(move |bytes: Vec<u8>| {
            let (array, transfer) = transferable(&bytes);
            // The page reports a worker that cannot talk (its `error` event).
            if let Err(e) = scope.post_message_with_transfer(&array, &transfer) {
                web_sys::console::error_1(&e);
            }
        })
    };
    // Training chunks end when their time budget is spent, and simulation replies say when
    // they were computed: both read this clock, counted from the Unix epoch like the page's
    // `performance.timeOrigin + performance.now()` (so the page can split its latency).
    let performance = scope.performance();
    let clock = move || match &performance {
        Some(p) => p.time_origin() + p.now(),
        None => js_sys::Date::now(),
    };
    let server = Rc::new(RefCell::new(Server::with_clock(Box::new(clock))));
    let on_message = {
        let (post, server) = (post.clone(), server.clone());
        Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let port = ev.ports().get(0).dyn_into::<MessagePort>().ok();
            match (ev.data().as_string().as_deref(), port) {
                (Some("lead"), Some(port)) => lead(&server, port, post.clone()),
                (Some("help"), Some(port)) => help(&server, port),
                _ => {
                    let replies = server.borrow_mut().on_page(&bytes_of(&ev));
                    replies.into_iter().for_each(|r| post(r));
                }
            }
        })
    };
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    post(encode(&Response::Ready));

    /// The bytes as a fresh array and the list that moves (not copies) its buffer.
    fn transferable(bytes: &[u8]) -> (js_sys::Uint8Array, js_sys::Array) {
        let array = js_sys::Uint8Array::from(bytes);
        let transfer = js_sys::Array::of1(&array.buffer());
        (array, transfer)
    }

    fn post_to(port: &MessagePort, bytes: &[u8]) {
        let (array, transfer) = transferable(bytes);
        if let Err(e) = port.post_message_with_transferable(&array, &transfer) {
            web_sys::console::error_1(&e);
        }
    }

    fn bytes_of(ev: &MessageEvent) -> Vec<u8> {
        js_sys::Uint8Array::new(&ev.data()).to_vec()
    }

    /// This worker sends halves of its work through `port`; the helper's replies may finish a
    /// chunk, whose reply goes to the page.
    fn lead(server: &Rc<RefCell<Server>>, port: MessagePort, post: Rc<dyn Fn(Vec<u8>)>) {
        let to_helper = port.clone();
        let send = move |bytes: Vec<u8>| post_to(&to_helper, &bytes);
        server.borrow_mut().set_helper(Box::new(send));
        let server = server.clone();
        let on_reply = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let replies = server.borrow_mut().on_helper(&bytes_of(&ev));
            replies.into_iter().for_each(|r| post(r));
        });
        port.set_onmessage(Some(on_reply.as_ref().unchecked_ref()));
        on_reply.forget();
    }

    /// This worker does the jobs that come through `port` and answers those that have an
    /// answer.
    fn help(server: &Rc<RefCell<Server>>, port: MessagePort) {
        let (server, reply_to) = (server.clone(), port.clone());
        let on_job = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            if let Some(reply) = server.borrow_mut().on_lead(&bytes_of(&ev)) {
                post_to(&reply_to, &reply);
            }
        });
        port.set_onmessage(Some(on_job.as_ref().unchecked_ref()));
        on_job.forget();
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The simulation worker runs in the browser, started by the page (`./x serve`).");
}
