//! Which network the page shows, and how a link says so (`arch=recurrent`,
//! `arch=transformer`; anything else, or nothing, is the deep network of the explorer).

/// The network the page shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Arch {
    #[default]
    Mlp,
    Recurrent,
    Transformer,
}

impl Arch {
    /// The `arch=` value of a link (`None` for the explorer's network, which needs none).
    pub fn query_value(self) -> Option<&'static str> {
        match self {
            Arch::Mlp => None,
            Arch::Recurrent => Some("recurrent"),
            Arch::Transformer => Some("transformer"),
        }
    }
}

/// The network a link's `arch=` selects.
pub fn arch<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Arch {
    match pairs.into_iter().find(|(k, _)| *k == "arch") {
        Some((_, "recurrent")) => Arch::Recurrent,
        Some((_, "transformer")) => Arch::Transformer,
        _ => Arch::Mlp,
    }
}
