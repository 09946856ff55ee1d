//! The page's state, held at the top and shared through context. State flows one way: every
//! change is an `Edit` given to `AppState::apply` or `AppState::edit` (the only writers of the
//! config signal); the `Report` (and the seed spread) come back as `Results`, computed by the
//! simulation worker on the page (`ui/web/sim_worker.rs`) or inline (component tests), in the
//! shape `results.rs` gives; views read them.

use leptos::prelude::*;

use crate::charts::Theme;
use crate::lessons::quick_fix_config;
use crate::page::edit::{self, Edit, Setup};
use crate::page::presets::{self, Preset};
use crate::sim::mixed::MixedPrecision;
use crate::sim::{Config, Report, SeedSpread, Simulator};
use crate::words::metric::Metric;

use crate::ui::web::results::{Results, ResultsFn, SIDES, SIDE_PIN, SIDE_QUICK_FIX, SPREAD_SEEDS};

/// An input event older than this waited behind a computation: it may be stale.
const FRESH_EVENT_MS: f64 = 4.0;

#[derive(Clone, Copy)]
pub struct AppState {
    /// What the page simulates. Only this module writes it, through `apply` and `edit`.
    pub config: ReadSignal<Config>,
    set_config: WriteSignal<Config>,
    /// The number format the network runs in (`precision`, `loss-scale`); written with the
    /// config, by the same `Edit`s.
    pub mixed: ReadSignal<MixedPrecision>,
    set_mixed: WriteSignal<MixedPrecision>,
    /// Which gradient the whole page shows.
    pub metric: RwSignal<Metric>,
    pub show_spread: RwSignal<bool>,
    /// Draw the mean-field prediction over the gradient bars.
    pub show_theory: RwSignal<bool>,
    /// The lessons' PyTorch script shows the quick fix: its network is computed too.
    pub quick_fix_shown: RwSignal<bool>,
    /// The quick-fix network's report while `quick_fix_shown` (`None`: not computed yet).
    pub quick_fix_report: Signal<Option<Result<Report, String>>>,
    /// The last preset loaded; it stays (marked "modified") when controls change afterwards.
    pub preset: ReadSignal<Option<&'static Preset>>,
    set_preset: WriteSignal<Option<&'static Preset>>,
    /// `Err` carries a message for the page (a config the core rejects, a failed worker).
    pub report: Signal<Result<Report, String>>,
    pub spread: Signal<Option<SeedSpread>>,
    /// A change is being computed: what is shown is not the newest config yet.
    pub busy: Signal<bool>,
    /// Busy for longer than `SLOW_MS`: the charts show a progress indicator.
    pub slow: Signal<bool>,
    pub dark: ReadSignal<bool>,
    /// The pinned network and its report (see `pin`).
    pub pin: PinState,
    /// The config with the edits not applied yet (see `edit`).
    pending: StoredValue<Option<Config>>,
    /// The random number the next Resample uses (drawn ahead: see `resample`).
    resample_draw: RwSignal<u64>,
}

/// The pinned network and its report (pin and compare; `pin.rs` has the buttons).
#[derive(Clone, Copy)]
pub struct PinState {
    /// The pinned network in its number format, `None` when nothing is pinned.
    pub config: RwSignal<Option<Setup>>,
    /// Its report, once computed (and only while it is the pinned network's, in its format).
    pub report: Memo<Option<Report>>,
}

impl PinState {
    /// `config`: the pinned network; `computed`: the report the worker gave for the side
    /// network last asked for (the pinned one), kept only while it is the pinned network's.
    pub fn new(
        config: RwSignal<Option<Setup>>,
        computed: Signal<Option<Result<Report, String>>>,
    ) -> PinState {
        let report = Memo::new(move |_| {
            let pinned = config.get()?;
            computed.with(|r| {
                r.as_ref()?
                    .as_ref()
                    .ok()
                    .filter(|r| r.config == pinned.config && r.mixed_precision() == pinned.mixed)
                    .cloned()
            })
        });
        PinState { config, report }
    }
}

/// A random number for `Edit::Resample`.
fn random_draw() -> u64 {
    (js_sys::Math::random() * 1e9) as u64
}

impl AppState {
    /// Computes on the main thread, at once (component tests: there is no worker there).
    pub fn new(initial: Config, preset: Option<&'static Preset>, dark: ReadSignal<bool>) -> Self {
        let mixed = MixedPrecision::default();
        Self::build((initial, mixed), preset, dark, inline_results)
    }

    /// The network in the format `mixed`, computed inline (a component test's float16 page).
    pub fn new_mixed(initial: Config, mixed: MixedPrecision, dark: ReadSignal<bool>) -> Self {
        Self::build((initial, mixed), None, dark, inline_results)
    }

    /// Computes in the simulation worker: the page never waits for the core.
    pub fn with_worker(
        initial: (Config, MixedPrecision),
        preset: Option<&'static Preset>,
        dark: ReadSignal<bool>,
    ) -> Self {
        Self::build(
            initial,
            preset,
            dark,
            crate::ui::web::sim_worker::worker_results,
        )
    }

    fn build(
        (initial, mixed): (Config, MixedPrecision),
        preset: Option<&'static Preset>,
        dark: ReadSignal<bool>,
        results: ResultsFn,
    ) -> Self {
        let (config, set_config) = signal(initial);
        let (mixed, set_mixed) = signal(mixed);
        let (preset, set_preset) = signal(preset);
        let show_spread = RwSignal::new(false);
        let quick_fix_shown = RwSignal::new(false);
        // Float32: the quick fix's numbers are the output of its PyTorch script, which runs
        // in float32.
        let quick_fix = Signal::derive(move || {
            quick_fix_shown.get().then(|| Setup {
                config: quick_fix_config(&config.get()),
                mixed: MixedPrecision::default(),
            })
        });
        let pin_config = RwSignal::new(None::<Setup>);
        let resample_draw = RwSignal::new(random_draw());
        let ahead = Signal::derive(move || edit::likely_next(&config.get(), resample_draw.get()));
        let sides = [quick_fix, pin_config.into()];
        let results = results(config, mixed, show_spread, sides, ahead);
        let pin = PinState::new(pin_config, results.side[SIDE_PIN]);
        AppState {
            config,
            set_config,
            mixed,
            set_mixed,
            metric: RwSignal::new(Metric::Signal),
            show_spread,
            show_theory: RwSignal::new(false),
            quick_fix_shown,
            quick_fix_report: results.side[SIDE_QUICK_FIX],
            preset,
            set_preset,
            report: results.report,
            spread: results.spread,
            busy: results.busy,
            slow: results.slow,
            dark,
            pin,
            pending: StoredValue::new(None),
            resample_draw,
        }
    }

    /// The Resample button: a new seed from the draw made in advance (whose weights the
    /// worker may have drawn already), and a fresh draw for the next time.
    pub fn resample(&self, ev: &web_sys::Event) {
        let draw = self.resample_draw.get_untracked();
        self.resample_draw.set(random_draw());
        self.edit(ev, Edit::Resample { draw });
    }

    /// Applies `edit` now (a button: a preset, a lesson's "Try it"), on top of any edits
    /// still waiting.
    pub fn apply(&self, edit: Edit) {
        let next = edit::apply(&self.latest(), &edit);
        self.pending.set_value(None);
        self.note_preset(&edit);
        self.apply_mixed(&edit);
        self.set_config.set(next);
    }

    /// The number format after `edit`, set only when it changes (no recomputation otherwise).
    fn apply_mixed(&self, edit: &Edit) {
        let now = self.mixed.get_untracked();
        let next = edit::apply_mixed(&now, edit);
        if next != now {
            self.set_mixed.set(next);
        }
    }

    /// Applies an edit from a control's input event. A fresh event is applied at once; one
    /// that waited in the queue while the page was computing is deferred to a task of its
    /// own, where it and the events queued with it combine into one change. So a fast slider
    /// drag skips stale configurations instead of queueing them, and a single change costs
    /// no extra delay.
    pub fn edit(&self, ev: &web_sys::Event, edit: Edit) {
        let now = web_sys::window()
            .and_then(|w| w.performance())
            .map(|p| p.now());
        let waited = now.is_some_and(|now| now - ev.time_stamp() > FRESH_EVENT_MS);
        let scheduled = self.pending.get_value().is_some();
        let next = edit::apply(&self.latest(), &edit);
        self.note_preset(&edit);
        self.apply_mixed(&edit);
        if !waited && !scheduled {
            self.set_config.set(next);
            return;
        }
        self.pending.set_value(Some(next));
        if !scheduled {
            let state = *self;
            crate::ui::web::next_task::run_in_next_task(move || {
                if let Some(next) = state.pending.get_value() {
                    state.pending.set_value(None);
                    state.set_config.set(next);
                }
            });
        }
    }

    /// Restores a link or history entry: `edits` applied in order to the default config (the
    /// one `Edit` path), `preset` as the one loaded last.
    pub fn restore(&self, edits: &[Edit], preset: Option<&'static Preset>) {
        let next = edits
            .iter()
            .fold(edit::Setup::default(), |s, e| edit::apply_setup(&s, e));
        self.pending.set_value(None);
        self.set_preset.set(preset);
        if next.mixed != self.mixed.get_untracked() {
            self.set_mixed.set(next.mixed);
        }
        self.set_config.set(next.config);
    }

    /// The config with every edit so far, pending ones included.
    fn latest(&self) -> Config {
        self.pending
            .get_value()
            .unwrap_or_else(|| self.config.get_untracked())
    }

    /// A preset edit makes its preset the one loaded last.
    fn note_preset(&self, edit: &Edit) {
        if let Edit::Preset(id) = edit {
            if let Some(p) = presets::find(id) {
                self.set_preset.set(Some(p));
            }
        }
    }

    pub fn theme(&self) -> Theme {
        crate::ui::web::theme::chart_theme(self.dark.get())
    }
}

/// Memos on the main thread: each change is computed before the page can do anything else.
fn inline_results(
    config: ReadSignal<Config>,
    mixed: ReadSignal<MixedPrecision>,
    show_spread: RwSignal<bool>,
    sides: [Signal<Option<Setup>>; SIDES],
    _ahead: Signal<Vec<Config>>,
) -> Results {
    // One simulator: it keeps sampled weights between configs, so a depth or activation
    // change does not draw them again (same results as `simulate`).
    let simulator = StoredValue::new_local(Simulator::new());
    let report = Memo::new(move |_| {
        let (cfg, mixed) = (config.get(), mixed.get());
        match simulator.try_update_value(|s| s.run_mixed(&cfg, &mixed)) {
            Some(result) => result.map_err(|e| e.to_string()),
            None => Err("the simulator is gone (page unloading)".to_string()),
        }
    });
    let spread = Memo::new(move |_| {
        if !show_spread.get() {
            return None;
        }
        let (cfg, mixed) = (config.get(), mixed.get());
        simulator
            .try_update_value(|s| s.run_seeds_mixed(&cfg, &mixed, SPREAD_SEEDS).ok())
            .flatten()
    });
    let side = sides.map(|asked| {
        let report = Memo::new(move |_| {
            let side = asked.get()?;
            simulator.try_update_value(|s| {
                s.run_mixed(&side.config, &side.mixed)
                    .map_err(|e| e.to_string())
            })
        });
        Signal::from(report)
    });
    Results {
        report: report.into(),
        spread: spread.into(),
        side,
        busy: Signal::stored(false),
        slow: Signal::stored(false),
    }
}

pub fn use_state() -> AppState {
    expect_context::<AppState>()
}
