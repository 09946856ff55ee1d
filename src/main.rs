//! The browser app's entry point (built by Trunk for wasm32).

#[cfg(target_arch = "wasm32")]
fn main() {
    gradient_flow_explorer::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The explorer runs in the browser: `./x serve`. For the command line, use `gradflow`.");
}
