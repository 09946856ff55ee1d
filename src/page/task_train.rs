//! What the two sequence-task training panels (the recurrent mode's latching task, the
//! transformer's reverse task) share in the page model. A panel's settings are a
//! `TaskSettings` (every change an edit applied by one pure `apply`, each URL key read into an
//! edit), its presets a `TaskPreset`; one `parse` reads a link's panel part with the same
//! warnings for both, one `to_query` writes it (nothing while the panel is closed, so a link
//! stays as it was).

/// What a URL key means to a panel.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum KeyRead<E> {
    /// Not one of the panel's keys.
    Other,
    /// The panel's key, with a value that could not be read.
    Unreadable,
    Edit(E),
}

/// A training panel's own settings (the network is the mode's).
pub trait TaskSettings: Copy + Default + PartialEq {
    /// One change to the settings.
    type Edit: Copy;
    /// The key that opens the panel (`rnn_train`, `tf_train`); the other keys share its
    /// prefix, so they never meet the mode's own keys or the MLP panel's.
    const OPEN_KEY: &'static str;
    /// The settings after `edit`, clamped to what the controls offer.
    fn apply(&self, edit: &Self::Edit) -> Self;
    /// The edit that loads these settings whole (a preset's).
    fn load_edit(self) -> Self::Edit;
    /// The updates a run with these settings makes.
    fn steps(&self) -> usize;
    /// What `key=value` asks for (`value` trimmed).
    fn read(key: &str, value: &str) -> KeyRead<Self::Edit>;
    /// These settings hold exactly what `edit` asked for (false: it was adjusted).
    fn holds(&self, edit: &Self::Edit) -> bool;
    /// The settings' part of the address after the open key: `&rnn_lr=…&…`.
    fn query_pairs(&self) -> String;
}

/// A finite number in a URL value.
pub fn number(v: &str) -> Option<f64> {
    v.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// A whole number in a URL value (rounded; negative values are not read).
pub fn whole(v: &str) -> Option<usize> {
    number(v).filter(|x| *x >= 0.0).map(|x| x.round() as usize)
}

/// The training part of a mode's link.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TaskParsed<S> {
    /// The panel is open (`<OPEN_KEY>=1`).
    pub open: bool,
    pub settings: S,
}

/// Reads the training parameters among `pairs` (other keys are ignored), adding a warning
/// for each value that could not be read or had to be adjusted.
pub fn parse<'a, S: TaskSettings>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    warnings: &mut Vec<String>,
) -> TaskParsed<S> {
    let mut out = TaskParsed::<S>::default();
    for (key, value) in pairs {
        let v = value.trim();
        if key == S::OPEN_KEY {
            out.open = matches!(v, "1" | "true" | "on");
            continue;
        }
        let edit = match S::read(key, v) {
            KeyRead::Other => continue,
            KeyRead::Edit(edit) => edit,
            KeyRead::Unreadable => {
                warnings.push(format!(
                    "The {key} “{value}” could not be read; ignoring it."
                ));
                continue;
            }
        };
        let next = out.settings.apply(&edit);
        if !next.holds(&edit) {
            warnings.push(format!(
                "The {key} “{value}” was adjusted to what the page offers."
            ));
        }
        out.settings = next;
    }
    out
}

/// `&<OPEN_KEY>=1&…` while the panel is open; nothing while it is closed.
pub fn to_query<S: TaskSettings>(open: bool, s: &S) -> String {
    if !open {
        return String::new();
    }
    format!("&{}=1{}", S::OPEN_KEY, s.query_pairs())
}

/// A training panel's preset: a network (edits on the mode's controls) and the panel's
/// settings, with the explanation of what it gives.
pub trait TaskPreset: Sync + 'static {
    type Settings: TaskSettings;
    /// The mode's network.
    type Network;
    /// One change to the mode's network.
    type NetworkEdit;
    /// The panel's presets, in the order of their buttons.
    fn all() -> &'static [Self]
    where
        Self: Sized;
    /// Stable id: `data-testid="<prefix>-preset-<id>"`.
    fn id(&self) -> &'static str;
    fn title(&self) -> &'static str;
    fn explanation(&self) -> &'static str;
    /// The panel's settings this preset loads.
    fn settings(&self) -> Self::Settings;
    /// What the preset sets on the mode's network (its seed is kept).
    fn network_edits(&self) -> Vec<Self::NetworkEdit>;
    /// The mode's network and the panel's settings still run this preset.
    fn matches(&self, network: &Self::Network, s: &Self::Settings) -> bool;
    /// The preset `id`, if there is one.
    fn find(id: &str) -> Option<&'static Self>
    where
        Self: Sized,
    {
        Self::all().iter().find(|p| p.id() == id)
    }
}
