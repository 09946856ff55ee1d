//! The page under the navigation: the view of the network the navigation chose (`ui::views`)
//! — the MLP explorer, the recurrent mode or the transformer mode. The explorer stays mounted
//! and hidden while another mode shows, so its state survives a switch. `ArchPage` owns each
//! mode's state and worker link (a worker starts when its mode is first shown) and the address
//! bar while a mode other than the explorer shows.

use leptos::prelude::*;

use super::recurrent::link::RnnJob;
use super::recurrent::state::RnnState;
use super::recurrent::train_state::RnnTrainState;
use super::recurrent::view::RecurrentView;
use super::transformer::link::TransformerJob;
use super::transformer::state::TransformerState;
use super::transformer::train_state::TransformerTrainState;
use super::transformer::view::TransformerView;
use super::url::url_params;
use super::views::use_views;
use super::web::mode_link::mode_link;
use super::web::theme::prefers_dark;
use crate::page::arch::{arch, Arch};
use crate::page::recurrent::RNN_SEEDS;
use crate::page::transformer::TRANSFORMER_SEEDS;
use crate::page::{recurrent, task_train, transformer};

#[component]
pub fn ArchPage(children: Children) -> impl IntoView {
    let params = url_params();
    let pairs = || params.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    let shown = use_views().arch;
    // A link's parameters belong to the mode it names; the other modes start at their defaults.
    let linked = arch(pairs());
    let rnn = RnnState::new(if linked == Arch::Recurrent {
        recurrent::query::parse(pairs())
    } else {
        Default::default()
    });
    let tf = TransformerState::new(if linked == Arch::Transformer {
        transformer::query::parse(pairs())
    } else {
        Default::default()
    });
    let mut warnings = Vec::new();
    let linked_rnn_train =
        (linked == Arch::Recurrent).then(|| task_train::parse(pairs(), &mut warnings));
    rnn.warnings.update(|w| w.append(&mut warnings));
    let rnn_train = RnnTrainState::new(linked_rnn_train.unwrap_or_default());
    let linked_train =
        (linked == Arch::Transformer).then(|| task_train::parse(pairs(), &mut warnings));
    tf.warnings.update(|w| w.extend(warnings));
    let tf_train = TransformerTrainState::new(linked_train.unwrap_or_default());
    provide_context(rnn);
    provide_context(rnn_train);
    provide_context(tf);
    provide_context(tf_train);
    let dark = prefers_dark();
    let rnn_link = mode_link::<RnnJob>(rnn.signals());
    let tf_link = mode_link::<TransformerJob>(tf.signals());
    // The explorer's query, put back when the MLP mode is chosen again.
    let explorer_search = StoredValue::new(String::new());
    Effect::new(move |_| {
        let query = match shown.get() {
            Arch::Mlp => None,
            Arch::Recurrent => {
                let (config, mixed) = (rnn.config.get(), rnn.mixed.get());
                let query =
                    recurrent::query::to_query_with_mixed(&config, &mixed) + &rnn_train.query();
                rnn_link.submit(RnnJob {
                    config,
                    mixed,
                    seeds: RNN_SEEDS,
                    first_look: false,
                });
                Some(query)
            }
            Arch::Transformer => {
                let (config, mixed) = (tf.config.get(), tf.mixed.get());
                let query = transformer::query::to_query(&config, &mixed) + &tf_train.query();
                tf_link.submit(TransformerJob {
                    config,
                    mixed,
                    seeds: TRANSFORMER_SEEDS,
                });
                Some(query)
            }
        };
        sync_address(query, explorer_search);
    });
    view! {
        <Show when=move || shown.get() == Arch::Recurrent>
            <RecurrentView dark=dark />
        </Show>
        <Show when=move || shown.get() == Arch::Transformer>
            <TransformerView dark=dark />
        </Show>
        <div class="arch-mlp-view" hidden=move || shown.get() != Arch::Mlp>{children()}</div>
    }
}

/// While a mode other than the explorer shows, the address bar holds its `query` (the
/// explorer's, as it last wrote it, is kept); back in the explorer it is put back. Replaces
/// the entry: a switch or a slider adds no history.
fn sync_address(query: Option<String>, explorer_search: StoredValue<String>) {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return;
    };
    let search = location.search().unwrap_or_default();
    let is_a_mode = search.contains("arch=recurrent") || search.contains("arch=transformer");
    let next = match query {
        Some(q) => {
            if !is_a_mode {
                explorer_search.set_value(search);
            }
            format!("?{q}")
        }
        None if is_a_mode => explorer_search.get_value(),
        None => return,
    };
    let path = location.pathname().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    let url = format!("{path}{next}{hash}");
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}
