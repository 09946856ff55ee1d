//! The page's state, held at the top and shared through context. State flows one way: the
//! signals hold the `Config`; memos compute the `Report` (and the seed spread); views read them.

use leptos::prelude::*;

use crate::charts::{Metric, Theme};
use crate::presets::{self, Preset};
use crate::sim::{Config, Report, SeedSpread, Simulator};

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
        // One simulator for the page: it keeps sampled weights between configs, so a depth or
        // activation change does not draw them again (same results as `simulate`).
        let simulator = StoredValue::new_local(Simulator::new());
        let report = Memo::new(move |_| {
            let cfg = config.get();
            match simulator.try_update_value(|s| s.run(&cfg)) {
                Some(result) => result.map_err(|e| e.to_string()),
                None => Err("the simulator is gone (page unloading)".to_string()),
            }
        });
        let spread = Memo::new(move |_| {
            if !show_spread.get() {
                return None;
            }
            let cfg = config.get();
            simulator
                .try_update_value(|s| s.run_seeds(&cfg, SPREAD_SEEDS).ok())
                .flatten()
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

    /// Applies an edit to the config in a task of its own. Input events that arrive while the
    /// page is busy computing run first and replace each other's pending config, so a fast
    /// slider drag skips stale configurations instead of queueing them.
    pub fn set_config(&self, edit: impl FnOnce(&mut Config)) {
        let mut next = self
            .pending
            .get_value()
            .unwrap_or_else(|| self.config.get_untracked());
        edit(&mut next);
        let already_scheduled = self.pending.get_value().is_some();
        self.pending.set_value(Some(next));
        if !already_scheduled {
            let (pending, config) = (self.pending, self.config);
            set_timeout(
                move || {
                    if let Some(next) = pending.get_value() {
                        pending.set_value(None);
                        config.set(next);
                    }
                },
                std::time::Duration::ZERO,
            );
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
