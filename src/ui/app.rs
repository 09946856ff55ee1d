use leptos::prelude::*;

use super::arch_page::ArchPage;
use super::challenges::Challenges;
use super::explorer::activation_chart::ActivationChart;
use super::explorer::controls::Controls;
use super::explorer::gradient_chart::GradientChart;
use super::explorer::pin::PinDifference;
use super::explorer::precision_chart::PrecisionChart;
use super::explorer::presets::PresetBar;
use super::explorer::state::AppState;
use super::explorer::status::StatusCards;
use super::explorer::theory::TheoryPanel;
use super::lessons::LessonsAfterFirstChart;
use super::share::ShareBar;
use super::training::charts::TrainCharts;
use super::training::panel::TrainPanel;
use super::training::state::TrainState;
use super::url::{keep_url_in_sync, parse_url, url_params};
use super::views::{use_views, Views, ViewsNav};
use super::web::show_chart::{provide_back_to, BackButton};
use super::web::theme::prefers_dark;
use crate::page::arch::{arch, Arch};
use crate::page::presets;
use crate::page::train::edit::Mode;

/// The page: the title, the views' navigation, and the view it selects — the MLP explorer
/// (explore or train), the recurrent or the transformer mode (`arch_page::ArchPage`).
#[component]
pub fn App() -> impl IntoView {
    let params = url_params();
    let views = Views::new(
        arch(params.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
        Mode::Explore,
    );
    provide_context(views);
    let tagline = move || {
        match views.arch.get() {
        Arch::Mlp => "Watch gradients vanish or explode as they flow back through a deep network.",
        Arch::Recurrent => "Watch the gradient of a loss on the last step fade or blow up as it flows back through a recurrent network's steps.",
        Arch::Transformer => "Watch the gradient flow back through a transformer's residual stream, block by block, wherever the norm sits.",
    }
    };
    view! {
        <header class="site-header">
            <h1>"Gradient Flow Explorer"</h1>
            <p class="tagline">{tagline}</p>
        </header>
        <ViewsNav />
        <ArchPage><ExplorerApp /></ArchPage>
    }
}

#[component]
fn ExplorerApp() -> impl IntoView {
    let params = url_params();
    // Test hook for debug builds only (`trunk serve`, component tests): a link must not be able
    // to crash the published page, so the release build ignores `?panic` like any unknown key.
    #[cfg(debug_assertions)]
    if params.iter().any(|(k, _)| k == "panic") {
        request_animation_frame(|| panic!("deliberate panic requested by ?panic"));
    }
    let link = parse_url(&params);
    let state = AppState::with_worker(
        (link.network.config.clone(), link.network.mixed),
        link.network.preset.and_then(presets::find),
        prefers_dark(),
    );
    state.metric.set(link.view.metric);
    state.show_spread.set(link.view.show_spread);
    state.show_theory.set(link.view.show_theory);
    state.pin.config.set(link.view.pin);
    provide_context(state);
    let views = use_views();
    views.train_mode.set(link.network.train.mode);
    let train = TrainState::new(
        state,
        views.train_mode,
        link.network.train.settings.clone(),
        true,
    );
    provide_context(train);
    keep_url_in_sync(state);
    let warnings = link.network.warnings;
    provide_back_to();
    view! {
        <main>
            {(!warnings.is_empty()).then(|| view! {
                <div class="url-warnings" role="alert" data-testid="url-warnings">
                    <p>"Some settings in the link were adjusted:"</p>
                    <ul>{warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                </div>
            })}
            // The picture first: presets, then the charts beside them (desktop: a sticky right
            // column; phone: the gradient chart, sticky, right under the presets), then the rest.
            <div class="workspace">
                <section data-area="presets" aria-label="Preset scenarios">
                    <PresetBar />
                </section>
                <section data-area="charts" aria-label="Charts">
                    <GradientChart />
                    // The verdict beside the chart it judges.
                    <section data-area="status" aria-label="Gradient status">
                        <StatusCards />
                        <PinDifference />
                    </section>
                    // Float16 and bfloat16 only: where the gradient's entries sit in the format.
                    <PrecisionChart />
                    <ActivationChart />
                </section>
                <div class="side">
                    <section data-area="controls" aria-label="Network controls">
                        <Controls />
                    </section>
                    <Show when=move || train.mode.get() == Mode::Train>
                        <section data-area="train" aria-label="Training">
                            <TrainPanel />
                            <TrainCharts />
                        </section>
                    </Show>
                    <section data-area="challenges" aria-label="Challenges">
                        <Challenges />
                    </section>
                    <section data-area="share" aria-label="Share and export">
                        <ShareBar />
                    </section>
                    <section data-area="theory" aria-label="Mean-field theory">
                        <TheoryPanel />
                    </section>
                </div>
            </div>
            <LessonsAfterFirstChart />
        </main>
        <BackButton />
        <footer class="site-footer">
            <p>"Every number is computed in your browser by a forward and backward pass over the network you configure, in float32 or the number format you choose."</p>
        </footer>
    }
}
