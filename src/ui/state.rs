//! The page's state, held at the top and shared through context. State flows one way: the
//! signals hold the `Config`; memos compute the `Report` (and the seed spread); views read them.

use leptos::prelude::*;

use crate::charts::Theme;
use crate::metric::Metric;
use crate::presets::{self, Preset};
use crate::sim::{Config, Report, SeedSpread, Simulator};

/// An input event older than this waited behind a computation: it may be stale.
const FRESH_EVENT_MS: f64 = 4.0;

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
    /// The newest config asked for by a control, not yet applied (see `edit`).
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

    /// Applies a control's edit. A fresh event is applied at once; one that waited in the
    /// queue while the page was computing is deferred to a task of its own, where it and the
    /// events queued with it replace each other. So a fast slider drag skips stale
    /// configurations instead of queueing them, and a single change costs no extra delay.
    pub fn edit(&self, ev: &web_sys::Event, edit: impl FnOnce(&mut Config)) {
        let now = web_sys::window()
            .and_then(|w| w.performance())
            .map(|p| p.now());
        let waited = now.is_some_and(|now| now - ev.time_stamp() > FRESH_EVENT_MS);
        let scheduled = self.pending.get_value().is_some();
        let mut next = self
            .pending
            .get_value()
            .unwrap_or_else(|| self.config.get_untracked());
        edit(&mut next);
        if !waited && !scheduled {
            self.config.set(next);
            return;
        }
        self.pending.set_value(Some(next));
        if !scheduled {
            let (pending, config) = (self.pending, self.config);
            super::next_task::run_in_next_task(move || {
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
