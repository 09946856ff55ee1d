use gradient_flow_explorer::query::{parse, to_query};
use gradient_flow_explorer::sim::{Activation, Config, Init};

fn pairs(q: &str) -> Vec<(&str, &str)> {
    q.split('&').filter_map(|kv| kv.split_once('=')).collect()
}

#[test]
fn a_config_survives_the_round_trip_through_its_query() {
    let cfg = Config { depth: 37, width: 256, batch: 10, activation: Activation::Gelu, init: Init::Orthogonal, seed: 99, ..Config::default() };
    let parsed = parse(pairs(&to_query(&cfg)));
    assert_eq!(parsed.config, cfg);
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
}

#[test]
fn out_of_range_values_are_clamped_with_a_message() {
    let parsed = parse(pairs("depth=5000&width=100&batch=0&seed=-3&activation=swish&init=zeros"));
    assert_eq!(parsed.config.depth, 100);
    assert_eq!(parsed.config.width, 128, "100 snaps to the nearest offered width on a log scale");
    assert_eq!(parsed.config.batch, 1);
    assert_eq!(parsed.config.seed, 0);
    assert_eq!(parsed.config.activation, Config::default().activation);
    assert_eq!(parsed.warnings.len(), 6, "{:?}", parsed.warnings);
    assert!(parsed.warnings[0].contains("depth 5000") && parsed.warnings[0].contains("using 100"));
}

#[test]
fn garbage_numbers_keep_the_default() {
    let parsed = parse(pairs("depth=NaN&width=inf&batch=abc"));
    assert_eq!(parsed.config, Config::default());
    assert_eq!(parsed.warnings.len(), 3);
    assert!(parsed.config.validate().is_ok());
}

#[test]
fn a_preset_sets_the_network_and_explicit_parameters_override_it() {
    let parsed = parse(pairs("preset=vanishing-sigmoid"));
    assert_eq!(parsed.config.activation, Activation::Sigmoid);
    assert_eq!(parsed.preset, Some("vanishing-sigmoid"));
    let edited = parse(pairs("preset=vanishing-sigmoid&depth=40"));
    assert_eq!(edited.config.depth, 40);
    assert_eq!(edited.preset, None, "an edited preset is no longer that preset");
    assert_eq!(parse(pairs("preset=nope")).warnings.len(), 1);
}
