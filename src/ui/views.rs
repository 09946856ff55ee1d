//! The page's one navigation: which view shows — the deep network explored or trained, or the
//! recurrent network through time, or the transformer's residual stream. The
//! architecture (`Arch`) and the training mode (`Mode`) stay two signals, because the address
//! bar and the explorer's state keep them apart; the navigation shows them as one choice.

use leptos::prelude::*;

use crate::page::arch::Arch;
use crate::page::train::edit::Mode;

/// What the navigation switches, shared through context.
#[derive(Clone, Copy)]
pub struct Views {
    pub arch: RwSignal<Arch>,
    pub train_mode: RwSignal<Mode>,
}

#[derive(Clone, Copy, PartialEq)]
enum View {
    Explore,
    Train,
    Recurrent,
    Transformer,
}

/// (view, test id, visible label, what it shows).
const VIEWS: [(View, &str, &str, &str); 4] = [
    (
        View::Explore,
        "mode-explore",
        "Explore",
        "A deep network layer by layer, untrained: how the gradient changes on its way back",
    ),
    (
        View::Train,
        "mode-train",
        "Train",
        "Train the same deep network and watch what its gradients do to learning",
    ),
    (
        View::Recurrent,
        "arch-recurrent",
        "Through time",
        "A recurrent network: how the gradient changes on its way back through the time steps",
    ),
    (
        View::Transformer,
        "arch-transformer",
        "Transformer",
        "A transformer's residual stream: how the gradient changes on its way back block by block, for each placement of the norm",
    ),
];

impl Views {
    pub fn new(arch: Arch, train_mode: Mode) -> Self {
        Views {
            arch: RwSignal::new(arch),
            train_mode: RwSignal::new(train_mode),
        }
    }

    fn current(&self) -> View {
        match (self.arch.get(), self.train_mode.get()) {
            (Arch::Recurrent, _) => View::Recurrent,
            (Arch::Transformer, _) => View::Transformer,
            (Arch::Mlp, Mode::Explore) => View::Explore,
            (Arch::Mlp, Mode::Train) => View::Train,
        }
    }

    fn show(&self, view: View) {
        match view {
            View::Explore | View::Train => {
                self.arch.set(Arch::Mlp);
                let mode = if view == View::Train {
                    Mode::Train
                } else {
                    Mode::Explore
                };
                self.train_mode.set(mode);
            }
            View::Recurrent => self.arch.set(Arch::Recurrent),
            View::Transformer => self.arch.set(Arch::Transformer),
        }
    }
}

pub fn use_views() -> Views {
    expect_context::<Views>()
}

/// The views as toggle buttons, the current one pressed.
#[component]
pub fn ViewsNav() -> impl IntoView {
    let views = use_views();
    view! {
        <nav class="mode-nav" aria-label="Views">
            <div class="mode-switch" role="group" aria-label="View">
                {VIEWS.iter().map(|&(view, id, label, title)| view! {
                    <button type="button" data-testid=id class="mode" title=title
                        aria-pressed=move || (views.current() == view).to_string()
                        on:click=move |_| views.show(view)>{label}</button>
                }).collect_view()}
            </div>
        </nav>
    }
}
