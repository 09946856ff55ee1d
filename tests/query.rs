use gradient_flow_explorer::page::query::{parse, to_query};
use gradient_flow_explorer::sim::{Activation, Config, Init, MlpNet, Norm, Residual};

fn pairs(q: &str) -> Vec<(&str, &str)> {
    q.split('&').filter_map(|kv| kv.split_once('=')).collect()
}

#[test]
fn a_config_survives_the_round_trip_through_its_query() {
    let cfg = Config {
        net: MlpNet {
            depth: 37,
            width: 256,
            activation: Activation::Gelu,
            init: Init::Orthogonal,
            ..MlpNet::default()
        },
        batch: 10,
        seed: 99,
        ..Config::default()
    };
    let parsed = parse(pairs(&to_query(&cfg)));
    assert_eq!(parsed.config, cfg);
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
}

#[test]
fn out_of_range_values_are_clamped_with_a_message() {
    let parsed = parse(pairs(
        "depth=5000&width=100&batch=0&seed=-3&activation=swish&init=zeros",
    ));
    assert_eq!(parsed.config.net.depth, 100);
    assert_eq!(
        parsed.config.net.width, 128,
        "100 snaps to the nearest offered width on a log scale"
    );
    assert_eq!(parsed.config.batch, 1);
    assert_eq!(parsed.config.seed, 0);
    assert_eq!(
        parsed.config.net.activation,
        Config::default().net.activation
    );
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
    assert_eq!(parsed.config.net.activation, Activation::Sigmoid);
    assert_eq!(parsed.preset, Some("vanishing-sigmoid"));
    let edited = parse(pairs("preset=vanishing-sigmoid&depth=40"));
    assert_eq!(edited.config.net.depth, 40);
    assert_eq!(
        edited.preset, None,
        "an edited preset is no longer that preset"
    );
    assert_eq!(parse(pairs("preset=nope")).warnings.len(), 1);
}

#[test]
fn residual_and_norm_survive_the_round_trip_for_every_combination() {
    for residual in Residual::ALL {
        for norm in Norm::ALL {
            let cfg = Config {
                net: MlpNet {
                    residual,
                    norm,
                    ..MlpNet::default()
                },
                ..Config::default()
            };
            let query = to_query(&cfg);
            let parsed = parse(pairs(&query));
            assert_eq!(parsed.config, cfg, "{query}");
            assert!(parsed.warnings.is_empty(), "{query}: {:?}", parsed.warnings);
        }
    }
}

#[test]
fn default_residual_and_norm_are_left_out_of_the_url() {
    let query = to_query(&Config::default());
    assert!(!query.contains("residual="), "{query}");
    assert!(!query.contains("norm="), "{query}");
    let scaled_layer = to_query(&Config {
        net: MlpNet {
            residual: Residual::Scaled,
            norm: Norm::Layer,
            ..MlpNet::default()
        },
        ..Config::default()
    });
    assert!(scaled_layer.contains("residual=scaled"), "{scaled_layer}");
    assert!(scaled_layer.contains("norm=layer"), "{scaled_layer}");
}

#[test]
fn the_url_names_residual_and_norm_by_id() {
    let parsed = parse(pairs("residual=scaled&norm=layer"));
    assert_eq!(parsed.config.net.residual, Residual::Scaled);
    assert_eq!(parsed.config.net.norm, Norm::Layer);
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
}

#[test]
fn unknown_residual_or_norm_keeps_the_current_one_with_a_warning() {
    let parsed = parse(pairs("residual=highway&norm=group"));
    assert_eq!(parsed.config.net.residual, Residual::None);
    assert_eq!(parsed.config.net.norm, Norm::None);
    assert_eq!(parsed.warnings.len(), 2, "{:?}", parsed.warnings);
    assert!(
        parsed.warnings[0].contains("highway"),
        "{:?}",
        parsed.warnings
    );
    assert!(
        parsed.warnings[1].contains("group"),
        "{:?}",
        parsed.warnings
    );
}

#[test]
fn explicit_residual_or_norm_overrides_a_preset_and_unmarks_it() {
    let parsed = parse(pairs("preset=healthy-relu-he&norm=batch"));
    assert_eq!(parsed.config.net.norm, Norm::Batch);
    assert_eq!(parsed.preset, None);
}

#[test]
fn a_custom_variance_survives_the_round_trip_and_outlives_a_later_init() {
    let cfg = Config {
        net: MlpNet {
            activation: Activation::Tanh,
            ..MlpNet::default()
        },
        sigma_w2: Some(1.76),
        bias_std: 0.223_606_797_749_979,
        ..Config::default()
    };
    let query = to_query(&cfg);
    assert!(query.contains("sigma_w2=1.76"), "{query}");
    let parsed = parse(pairs(&query));
    assert_eq!(parsed.config, cfg);
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    // Written by hand with init last: the override still applies.
    let parsed = parse(pairs("sigma_w2=3&bias_std=0.5&init=xavier_normal"));
    assert_eq!(parsed.config.sigma_w2, Some(3.0));
    assert_eq!(parsed.config.bias_std, 0.5);
    assert!(!to_query(&Config::default()).contains("sigma_w2"));
    assert!(!to_query(&Config::default()).contains("bias_std"));
}

#[test]
fn bad_variances_clamp_or_are_ignored_with_a_message() {
    let parsed = parse(pairs("sigma_w2=1e9&bias_std=-2"));
    assert_eq!(parsed.config.sigma_w2, Some(100.0));
    assert_eq!(parsed.config.bias_std, 0.0);
    assert_eq!(parsed.warnings.len(), 2, "{:?}", parsed.warnings);
    let parsed = parse(pairs("sigma_w2=NaN&bias_std=lots"));
    assert_eq!(parsed.config.sigma_w2, None);
    assert_eq!(parsed.config.bias_std, 0.0);
    assert_eq!(parsed.warnings.len(), 2, "{:?}", parsed.warnings);
}

#[test]
fn a_batch_too_large_for_the_page_is_lowered_with_a_message() {
    let parsed = parse(pairs("batch=1024&depth=100&width=512&norm=batch"));
    let limit = gradient_flow_explorer::page::edit::batch_limit(&parsed.config);
    assert!(limit < 1024);
    assert_eq!(parsed.config.batch, limit);
    assert!(
        parsed.warnings.iter().any(|w| w.contains("Batch 1024")
            && w.contains("memory")
            && w.contains(&format!("using {limit}"))),
        "{:?}",
        parsed.warnings
    );
    // A batch that fits says nothing.
    assert!(parse(pairs("batch=128&depth=100&width=512"))
        .warnings
        .is_empty());
}
