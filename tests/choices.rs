//! The choice enums (`sim::Choice`, declared by `choice!`): every id and label, exactly as the
//! CLI, URLs, presets, serde and the page know them; ids round-trip; serde names are the ids.

use gradient_flow_explorer::lessons::remedies::{norm_name, residual_name};
use gradient_flow_explorer::sim::{Activation, Choice, Init, Norm, Residual};
use gradient_flow_explorer::train::config::{Dataset, Optimizer};

/// `T::ALL` as (id, label) pairs, through the trait, after checking the round trips.
fn pairs<T: Choice + std::fmt::Debug + std::fmt::Display + serde::Serialize>(
) -> Vec<(&'static str, &'static str)> {
    T::ALL
        .iter()
        .map(|&v| {
            assert_eq!(T::from_id(v.id()), Some(v));
            assert_eq!(v.to_string(), v.id());
            assert_eq!(
                serde_json::to_string(&v).ok(),
                Some(format!("\"{}\"", v.id()))
            );
            (v.id(), v.label())
        })
        .collect()
}

#[test]
fn every_id_and_label_is_kept() {
    assert_eq!(
        pairs::<Activation>(),
        [
            ("sigmoid", "Sigmoid"),
            ("tanh", "Tanh"),
            ("relu", "ReLU"),
            ("leaky_relu", "Leaky ReLU"),
            ("elu", "ELU"),
            ("selu", "SELU"),
            ("gelu", "GELU"),
            ("identity", "Identity"),
        ]
    );
    assert_eq!(
        pairs::<Init>(),
        [
            ("xavier_normal", "Xavier (Glorot) normal"),
            ("xavier_uniform", "Xavier (Glorot) uniform"),
            ("he_normal", "He (Kaiming) normal"),
            ("lecun_normal", "LeCun normal"),
            ("orthogonal", "Orthogonal"),
            ("random_normal", "Random normal (σ = 1)"),
            ("small_normal", "Small normal (σ = 0.01)"),
        ]
    );
    assert_eq!(
        pairs::<Residual>(),
        [
            ("none", "None (plain network)"),
            ("identity", "Identity skip (α = 1)"),
            ("scaled", "Scaled skip (α = 1/√L)"),
        ]
    );
    assert_eq!(
        pairs::<Norm>(),
        [
            ("none", "None"),
            ("batch", "Batch norm"),
            ("layer", "Layer norm"),
        ]
    );
    assert_eq!(
        pairs::<Dataset>(),
        [("spiral", "spiral"), ("circles", "circles"), ("xor", "xor")]
    );
    assert_eq!(pairs::<Optimizer>(), [("sgd", "SGD"), ("adam", "Adam")]);
}

#[test]
fn unknown_ids_are_none_and_the_inherent_items_are_the_traits() {
    assert_eq!(Activation::from_id("Tanh"), None);
    assert_eq!(Norm::from_id(""), None);
    assert_eq!(Optimizer::from_id("rmsprop"), None);
    assert_eq!(&Activation::ALL[..], <Activation as Choice>::ALL);
    assert_eq!(&Dataset::ALL[..], <Dataset as Choice>::ALL);
    for a in Activation::ALL {
        assert_eq!(a.display_name(), a.label());
    }
    for i in Init::ALL {
        assert_eq!(i.display_name(), i.label());
    }
}

/// The lessons' words beside the selects name each option as the select does.
#[test]
fn the_lessons_option_names_are_the_labels() {
    for r in Residual::ALL {
        assert_eq!(residual_name(r), r.label());
    }
    for n in Norm::ALL {
        assert_eq!(norm_name(n), n.label());
    }
}
