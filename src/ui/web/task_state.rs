//! A mode's training panel for a sequence task, its signals: the settings (changed only
//! through `apply`, one edit at a time, or a preset), whether it is open (in the link), the
//! preset loaded last, the run on screen and what its worker link (`task_link`) fills. A mode
//! says what its panel trains by implementing `TaskMode`; `ArchPage` makes each panel's state
//! once, so a run survives a switch to another mode and back.

use std::rc::Rc;

use leptos::prelude::*;

use super::task_link::{TaskLink, TaskSignals};
use super::task_panel::TaskActions;
use crate::page::task_train::{to_query, TaskParsed, TaskPreset, TaskSettings};
use crate::worker::task::{TaskKind, TaskRun};

/// The mode's own state, as a training panel uses it: the network its controls show.
pub trait ModeNetwork: Copy + Send + Sync + 'static {
    type Network: Send + Sync + 'static;
    type Edit;
    fn network(&self) -> RwSignal<Self::Network>;
    /// The one way the network changes (`RnnState::apply`, `TransformerState::apply`).
    fn apply_edit(&self, edit: Self::Edit);
    /// Forgets the mode's own preset (a training preset replaced its network).
    fn forget_preset(&self);
}

type PresetOf<M> = <M as TaskMode>::Preset;
type SettingsOf<M> = <PresetOf<M> as TaskPreset>::Settings;
type ConfigOf<M> = <<<M as TaskMode>::Kind as TaskKind>::Run as TaskRun>::Config;
type RecordOf<M> = <<<M as TaskMode>::Kind as TaskKind>::Run as TaskRun>::Record;

/// What a mode's training panel trains.
pub trait TaskMode: 'static {
    type Preset: TaskPreset<
        Settings: Send + Sync,
        Network = <Self::Mode as ModeNetwork>::Network,
        NetworkEdit = <Self::Mode as ModeNetwork>::Edit,
    >;
    type Mode: ModeNetwork;
    type Kind: TaskKind<Run: TaskRun<Config: Send + Sync, Record: Send + Sync>>;
    /// The run of the mode's network with the panel's settings; `Err` says why the panel will
    /// not train it.
    fn run(
        network: &<Self::Mode as ModeNetwork>::Network,
        s: &SettingsOf<Self>,
    ) -> Result<ConfigOf<Self>, String>;
}

pub struct TaskTrainState<M: TaskMode> {
    pub settings: RwSignal<SettingsOf<M>>,
    /// The panel is open (`<OPEN_KEY>=1` in the link).
    pub open: RwSignal<bool>,
    /// The training preset loaded last.
    pub preset: RwSignal<Option<&'static M::Preset>>,
    /// The run on screen (`None` before the first Start).
    pub run: RwSignal<Option<ConfigOf<M>>>,
    pub out: TaskSignals<RecordOf<M>>,
    link: StoredValue<Rc<TaskLink<M::Kind>>, LocalStorage>,
}

// Signals are handles: copyable whatever the mode.
impl<M: TaskMode> Clone for TaskTrainState<M> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<M: TaskMode> Copy for TaskTrainState<M> {}

impl<M: TaskMode> TaskTrainState<M> {
    pub fn new(parsed: TaskParsed<SettingsOf<M>>) -> Self {
        let out = TaskSignals::new();
        TaskTrainState {
            settings: RwSignal::new(parsed.settings),
            open: RwSignal::new(parsed.open),
            preset: RwSignal::new(None),
            run: RwSignal::new(None),
            out,
            link: StoredValue::new_local(TaskLink::new(out)),
        }
    }

    /// The one way the settings change.
    pub fn apply(&self, edit: <SettingsOf<M> as TaskSettings>::Edit) {
        let next = self.settings.with_untracked(|s| s.apply(&edit));
        if self.settings.get_untracked() != next {
            self.settings.set(next);
        }
    }

    /// Loads preset `id`: its settings here and its network on the mode's controls.
    pub fn load_preset(&self, id: &str, mode: M::Mode) {
        let Some(p) = M::Preset::find(id) else { return };
        for edit in p.network_edits() {
            mode.apply_edit(edit);
        }
        mode.forget_preset();
        self.apply(p.settings().load_edit());
        self.preset.set(Some(p));
    }

    /// A preset is loaded and a setting or the network has changed since.
    pub fn modified(&self, mode: M::Mode) -> bool {
        self.preset.get().is_some_and(|p| {
            let s = self.settings.get();
            !mode.network().with(|c| p.matches(c, &s))
        })
    }

    /// A new run of the mode's network with the panel's settings, paused at step 0; a
    /// network the panel will not train is said instead.
    pub fn start(&self, mode: M::Mode) {
        let s = self.settings.get_untracked();
        let cfg = mode.network().with_untracked(|c| M::run(c, &s));
        self.out.started.set(true);
        match cfg {
            Ok(cfg) => {
                self.run.set(Some(cfg.clone()));
                self.link.with_value(|l| l.start(cfg, s.steps()));
            }
            Err(e) => {
                self.out.clear(s.steps());
                self.link.with_value(|l| l.fail(&e));
            }
        }
    }

    /// Plays the run (not after an error: a refused run or a stopped worker).
    pub fn play(&self) {
        if self.out.error.get_untracked().is_none() {
            self.link.with_value(|l| l.play());
        }
    }

    pub fn pause(&self) {
        self.link.with_value(|l| l.pause());
    }

    pub fn reset(&self) {
        self.link.with_value(|l| l.reset());
    }

    /// What the panel's buttons do: Start trains `mode`'s network.
    pub fn actions(self, mode: M::Mode) -> TaskActions
    where
        M::Mode: Copy + Send + Sync,
    {
        TaskActions {
            start: Callback::new(move |_| self.start(mode)),
            play: Callback::new(move |_| self.play()),
            pause: Callback::new(move |_| self.pause()),
            reset: Callback::new(move |_| self.reset()),
        }
    }

    /// The panel's part of the address (nothing while it is closed).
    pub fn query(&self) -> String {
        to_query(self.open.get(), &self.settings.get())
    }
}
