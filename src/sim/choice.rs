//! The one mechanism behind every choice a network or a training run offers (activation,
//! init, residual, norm, data set, optimizer): a closed set of values, each with a stable id
//! (CLI, URLs, presets, serde names) and a label for people. `choice!` declares both for an
//! enum, once: the values in the order the controls list them, each `Variant => "id", "Label"`.
//! It gives the enum inherent `ALL` (an array), `id`, `label` and `from_id` (so callers need no
//! import), `Display` (the id) and the `Choice` trait, for code generic over any choice (a select
//! control, a parser, a test).

/// A closed set of values with stable ids and labels for people.
pub trait Choice: Copy + PartialEq + 'static {
    /// Every value, in the order the controls list them.
    const ALL: &'static [Self];
    /// Stable identifier used by the CLI, URLs, presets and serde (`leaky_relu`, …).
    fn id(self) -> &'static str;
    /// Name for people ("Leaky ReLU").
    fn label(self) -> &'static str;
    /// The value with this id.
    fn from_id(id: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.id() == id)
    }
}

/// Implements `Choice` (and the inherent `ALL`, `id`, `label`, `from_id` and `Display`) for an
/// enum: `choice!(Norm { None => "none", "None"; Batch => "batch", "Batch norm"; … });`.
macro_rules! choice {
    ($t:ident { $($v:ident => $id:literal, $label:literal;)+ }) => {
        impl $t {
            /// Every value, in the order the controls list them.
            pub const ALL: [$t; [$($id),+].len()] = [$($t::$v),+];

            /// Stable identifier used by the CLI, URLs, presets and serde.
            pub fn id(self) -> &'static str {
                match self {
                    $($t::$v => $id,)+
                }
            }

            /// Name for people.
            pub fn label(self) -> &'static str {
                match self {
                    $($t::$v => $label,)+
                }
            }

            /// The value with this id.
            pub fn from_id(id: &str) -> Option<$t> {
                <$t as $crate::sim::choice::Choice>::from_id(id)
            }
        }

        impl $crate::sim::choice::Choice for $t {
            const ALL: &'static [$t] = &<$t>::ALL;

            fn id(self) -> &'static str {
                <$t>::id(self)
            }

            fn label(self) -> &'static str {
                <$t>::label(self)
            }
        }

        impl ::std::fmt::Display for $t {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(<$t>::id(*self))
            }
        }
    };
}
pub(crate) use choice;
