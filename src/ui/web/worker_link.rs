//! The one way the page talks to a simulation worker, for the explorer, its training panel and
//! every mode: start the worker (Trunk's `sim-worker` in index.html, a no-modules script
//! started from a Blob URL that imports it) — or, in component tests, an
//! inline `Server` that answers in the next task through the same bytes —, post each `Request`
//! encoded, decode each reply (the "sim-worker reply" measure) and hand the `Response` to the
//! link's owner, a `WorkerClient`. What goes wrong (no start, a stop, a refusal, a reply that
//! does not decode, a post that fails) reaches the owner in words, and nothing more is sent.
//! Each owner keeps its own worker, so a training run's chunks never wait behind a chart. A
//! link made `with_helper` starts a second worker and joins the two by a message port (the
//! reverse task sends half of each update there: `worker::split`); the first's `Ready`
//! reaches the owner once both are ready and joined.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use web_sys::{Blob, BlobPropertyBag, ErrorEvent, MessageChannel, MessageEvent, Url, Worker};

use super::next_task::run_in_next_task;
use super::timing;
use crate::worker::serve::Server;
use crate::worker::{decode, encode, Request, Response};

/// The owner of a `WorkerLink`: what the worker says, and what went wrong.
pub trait WorkerClient: 'static {
    /// A decoded reply (`Refused` comes as a failure), `arrived_ms` when it reached the page
    /// (`timing::epoch_now`, before decoding).
    fn on_response(self: &Rc<Self>, response: Response, arrived_ms: f64);
    /// The worker cannot be used any more: `message` says why, for the user.
    fn on_failure(self: &Rc<Self>, message: String);
}

/// Where a reply's bytes go: decoded and handed to the link's owner.
type Deliver = Rc<dyn Fn(&[u8])>;

enum Transport {
    /// The worker and its helper, if it has one.
    Worker(Worker, Option<Worker>),
    /// Answers on the main thread (component tests: no worker there); replies go to `deliver`.
    Inline {
        server: Rc<RefCell<Server>>,
        deliver: Deliver,
    },
}

/// A worker, started on demand, as one owner sees it.
pub struct WorkerLink {
    /// `None` before the start and after a failure.
    transport: RefCell<Option<Transport>>,
    /// What the worker does, in messages ("simulation", "training").
    role: &'static str,
    /// Start a helper worker beside it.
    helped: bool,
}

impl WorkerLink {
    pub fn new(role: &'static str) -> WorkerLink {
        WorkerLink {
            transport: RefCell::new(None),
            role,
            helped: false,
        }
    }

    /// A link whose worker has a helper worker (see the module's note).
    pub fn with_helper(role: &'static str) -> WorkerLink {
        WorkerLink {
            helped: true,
            ..WorkerLink::new(role)
        }
    }

    /// Whether requests can be sent (started and not failed).
    pub fn is_open(&self) -> bool {
        self.transport.borrow().is_some()
    }

    /// Starts a worker for `client` (`inline`: the inline server instead). Like a worker, the
    /// inline server first says `Ready`, in the next task. A worker that cannot start is
    /// reported to `client`.
    pub fn start<C: WorkerClient>(&self, client: &Rc<C>, inline: bool) {
        let deliver: Deliver = {
            let (client, role) = (client.clone(), self.role);
            Rc::new(move |bytes: &[u8]| receive(&client, role, bytes))
        };
        if inline {
            let server = Server::with_clock(Box::new(js_sys::Date::now));
            let ready = encode(&Response::Ready);
            let on_ready = deliver.clone();
            run_in_next_task(move || on_ready(&ready));
            let server = Rc::new(RefCell::new(server));
            *self.transport.borrow_mut() = Some(Transport::Inline { server, deliver });
            return;
        }
        let (errors, role) = (client.clone(), self.role);
        let on_error = move |e| errors.on_failure(format!("The {role} worker stopped: {e}"));
        let started = match self.helped {
            false => spawn_worker(move |bytes| deliver(bytes), on_error).map(|w| (w, None)),
            true => spawn_helped(client, role, deliver, on_error).map(|(w, h)| (w, Some(h))),
        };
        match started {
            Ok((w, h)) => *self.transport.borrow_mut() = Some(Transport::Worker(w, h)),
            Err(e) => client.on_failure(format!("The {role} worker could not start: {e}")),
        }
    }

    /// Posts `request`; `Err` says why it could not be sent (nothing is sent when the link is
    /// not open, which is not an error: a failure was already reported).
    pub fn post(&self, request: &Request) -> Result<(), String> {
        let bytes = encode(request);
        let role = self.role;
        match &*self.transport.borrow() {
            Some(Transport::Worker(w, _)) => w
                .post_message(&js_sys::Uint8Array::from(bytes.as_slice()))
                .map_err(|e| format!("could not send to the {role} worker: {e:?}")),
            Some(Transport::Inline { server, deliver }) => {
                let (server, deliver) = (server.clone(), deliver.clone());
                run_in_next_task(move || {
                    let reply = server.borrow_mut().handle_bytes(&bytes);
                    deliver(&reply);
                });
                Ok(())
            }
            None => Ok(()),
        }
    }

    /// Stops the worker; nothing more is sent until the next `start`.
    pub fn stop(&self) {
        if let Some(Transport::Worker(w, helper)) = self.transport.borrow_mut().take() {
            w.terminate();
            if let Some(h) = helper {
                h.terminate();
            }
        }
    }
}

/// Decodes a reply for `client`: a refusal or undecodable bytes are failures.
fn receive<C: WorkerClient>(client: &Rc<C>, role: &str, bytes: &[u8]) {
    let arrived = timing::epoch_now();
    match timing::measured("sim-worker reply", || decode::<Response>(bytes)) {
        Ok(Response::Refused { reason }) => {
            client.on_failure(format!("The {role} worker refused a request: {reason}"))
        }
        Ok(response) => client.on_response(response, arrived),
        Err(e) => client.on_failure(e),
    }
}

/// A worker and its helper, joined by a message port once both said `Ready`; the worker's
/// `Ready` is delivered then (so every request reaches it after the port), its other replies
/// as they come. A helper that stops is reported like the worker.
fn spawn_helped<C: WorkerClient>(
    client: &Rc<C>,
    role: &'static str,
    deliver: Deliver,
    on_error: impl Fn(String) + 'static,
) -> Result<(Worker, Worker), String> {
    let pair: Rc<RefCell<Option<(Worker, Worker)>>> = Rc::default();
    // The worker's `Ready` (held until the helper's) and the helper's.
    let ready: Rc<RefCell<(Option<Vec<u8>>, bool)>> = Rc::default();
    let join = {
        let (pair, ready, deliver) = (pair.clone(), ready.clone(), deliver.clone());
        move || {
            let (held, helper_ready) = &mut *ready.borrow_mut();
            let (Some((w, h)), true) = (&*pair.borrow(), *helper_ready) else {
                return;
            };
            let Some(bytes) = held.take() else {
                return;
            };
            if let Err(e) = post_ports(w, h) {
                web_sys::console::error_1(&JsValue::from_str(&e));
            }
            deliver(&bytes);
        }
    };
    let join = Rc::new(join);
    let on_worker = {
        let (ready, join) = (ready.clone(), join.clone());
        move |bytes: &[u8]| match decode::<Response>(bytes) {
            Ok(Response::Ready) => {
                ready.borrow_mut().0 = Some(bytes.to_vec());
                join();
            }
            _ => deliver(bytes),
        }
    };
    let on_helper = move |bytes: &[u8]| {
        if let Ok(Response::Ready) = decode::<Response>(bytes) {
            ready.borrow_mut().1 = true;
            join();
        }
    };
    let errors = client.clone();
    let helper_error =
        move |e| errors.on_failure(format!("The {role} worker's helper stopped: {e}"));
    let w = spawn_worker(on_worker, on_error)?;
    let h = spawn_worker(on_helper, helper_error)?;
    *pair.borrow_mut() = Some((w.clone(), h.clone()));
    Ok((w, h))
}

/// Gives the worker one end of a new channel ("lead") and the helper the other ("help").
fn post_ports(worker: &Worker, helper: &Worker) -> Result<(), String> {
    let channel = MessageChannel::new().map_err(|e| format!("{e:?}"))?;
    let give = |w: &Worker, role: &str, port: web_sys::MessagePort| {
        let transfer = js_sys::Array::of1(&port);
        w.post_message_with_transfer(&JsValue::from_str(role), &transfer)
            .map_err(|e| format!("{e:?}"))
    };
    give(worker, "lead", channel.port1())?;
    give(helper, "help", channel.port2())
}

/// Starts a worker from `worker_script_url`: each message's bytes go to `on_bytes`, the
/// message of an error that stops it to `on_error` (both handlers live as long as the page).
fn spawn_worker(
    on_bytes: impl Fn(&[u8]) + 'static,
    on_error: impl Fn(String) + 'static,
) -> Result<Worker, String> {
    let worker = Worker::new(&worker_script_url()?).map_err(|e| format!("{e:?}"))?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        on_bytes(&js_sys::Uint8Array::new(&ev.data()).to_vec());
    });
    let on_failure =
        Closure::<dyn FnMut(ErrorEvent)>::new(move |ev: ErrorEvent| on_error(ev.message()));
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_failure.as_ref().unchecked_ref()));
    on_message.forget();
    on_failure.forget();
    Ok(worker)
}

/// A Blob URL whose script loads Trunk's worker build from this page's base address. A
/// failed wasm start is rethrown outside the promise, so the page gets an `error` event.
fn worker_script_url() -> Result<String, String> {
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .ok_or("the page has no base address")?;
    let url = |file: &str| {
        Url::new_with_base(file, &base)
            .map(|u| u.href())
            .map_err(|e| format!("{e:?}"))
    };
    let (js, wasm) = (url("sim-worker.js")?, url("sim-worker_bg.wasm")?);
    let script = format!(
        "importScripts({js:?});\n\
         wasm_bindgen({{ module_or_path: {wasm:?} }}).catch(e => setTimeout(() => {{ throw e; }}));"
    );
    let options = BlobPropertyBag::new();
    options.set_type("text/javascript");
    let parts = js_sys::Array::of1(&JsValue::from_str(&script));
    let blob =
        Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|e| format!("{e:?}"))?;
    Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))
}
