//! The page's state, held at the top and shared through context. State flows one way: the
//! signals hold the `Config`; memos compute the `Report` (and the seed spread); views read them.

use leptos::prelude::*;

use crate::charts::{Metric, Theme};
use crate::presets::{self, Preset};
use crate::sim::{simulate, simulate_seeds, Config, Report, SeedSpread};

/// How many seeds the variability band uses.
pub const SPREAD_SEEDS: usize = 5;

#[derive(Clone, Copy)]
pub struct AppState {
    pub config: RwSignal<Config>,
    /// Which gradient the whole page shows.
    pub metric: RwSignal<Metric>,
    pub show_spread: RwSignal<bool>,
    /// The last preset loaded; it stays (marked "modified") when controls change afterwards.
    pub preset: RwSignal<Option<&'static Preset>>,
    /// `Err` carries a message for the page (a config the core rejects).
    pub report: Memo<Result<Report, String>>,
    pub spread: Memo<Option<SeedSpread>>,
    pub dark: ReadSignal<bool>,
    /// The newest config asked for by a control, not yet applied (see `set_config`).
    pending: StoredValue<Option<Config>>,
}

impl AppState {
    pub fn new(initial: Config, preset: Option<&'static Preset>, dark: ReadSignal<bool>) -> Self {
        let config = RwSignal::new(initial);
        let show_spread = RwSignal::new(false);
        let report = Memo::new(move |_| simulate(&config.get()).map_err(|e| e.to_string()));
        let spread = Memo::new(move |_| {
            show_spread.get().then(|| simulate_seeds(&config.get(), SPREAD_SEEDS).ok()).flatten()
        });
        AppState {
            config,
            metric: RwSignal::new(Metric::Signal),
            show_spread,
            preset: RwSignal::new(preset),
            report,
            spread,
            dark,
            pending: StoredValue::new(None),
        }
    }

    /// Applies an edit to the config at the next animation frame. Edits arriving while the
    /// page is busy computing replace each other, so a fast slider drag skips stale
    /// configurations instead of queueing them.
    pub fn set_config(&self, edit: impl FnOnce(&mut Config)) {
        let mut next = self.pending.get_value().unwrap_or_else(|| self.config.get_untracked());
        edit(&mut next);
        let already_scheduled = self.pending.get_value().is_some();
        self.pending.set_value(Some(next));
        if !already_scheduled {
            let (pending, config) = (self.pending, self.config);
            request_animation_frame(move || {
                if let Some(next) = pending.get_value() {
                    pending.set_value(None);
                    config.set(next);
                }
            });
        }
    }

    /// Loads a preset: every control is set (batch and seed are kept).
    pub fn load_preset(&self, id: &str) {
        if let Some(p) = presets::find(id) {
            self.pending.set_value(None);
            self.config.update(|c| *c = p.apply(c));
            self.preset.set(Some(p));
        }
    }

    pub fn theme(&self) -> Theme {
        super::theme::chart_theme(self.dark.get())
    }
}

pub fn use_state() -> AppState {
    expect_context::<AppState>()
}
