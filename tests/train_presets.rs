//! Every training preset trains (seeds 0..PRESET_CHECK_SEEDS) and shows the outcome its
//! explanation promises (`expected`).

use gradient_flow_explorer::train::outcome::check_preset;
use gradient_flow_explorer::train::presets::{find_train_preset, TRAIN_PRESETS};

/// Trains preset `i` and checks each of its expectations, printing how long it took.
fn check_preset_at(i: usize) {
    let p = &TRAIN_PRESETS[i];
    let start = std::time::Instant::now();
    let failures = check_preset(p);
    eprintln!("{}: {:.1} s", p.id, start.elapsed().as_secs_f64());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// One test per preset, so the test harness trains them in parallel.
macro_rules! preset_tests {
    ($($name:ident = $i:literal),*) => {
        $(#[test] fn $name() { check_preset_at($i) })*
        #[test]
        fn every_training_preset_has_a_test() {
            let tested = [$($i),*];
            assert_eq!(tested.len(), TRAIN_PRESETS.len());
        }
    };
}
preset_tests!(
    preset_0 = 0,
    preset_1 = 1,
    preset_2 = 2,
    preset_3 = 3,
    preset_4 = 4,
    preset_5 = 5,
    preset_6 = 6,
    preset_7 = 7,
    preset_8 = 8
);

#[test]
fn training_presets_are_unique_valid_paired_and_say_what_to_try_next() {
    for p in &TRAIN_PRESETS {
        assert_eq!(find_train_preset(p.id).map(|f| f.title), Some(p.title));
        assert_eq!(TRAIN_PRESETS.iter().filter(|q| q.id == p.id).count(), 1);
        assert!(p.explanation.contains("Try next"), "{}", p.id);
        assert!(!p.expected.is_empty(), "{} promises nothing", p.id);
        assert!(p.config(0).validate().is_ok(), "{}", p.id);
        assert!(p.expected.iter().all(|e| e.step() <= p.steps), "{}", p.id);
        if let Some(other) = p.compare_with {
            let q = find_train_preset(other).unwrap_or_else(|| panic!("{}: no {other}", p.id));
            assert_ne!(q.id, p.id);
        }
    }
    assert_eq!(find_train_preset("no-such-preset").map(|p| p.id), None);
}

#[test]
fn a_presets_query_names_its_whole_run() {
    let p = find_train_preset("train-random-normal-clipped").expect("exists");
    assert_eq!(
        p.query(),
        "mode=train&data=spiral&activation=relu&init=random_normal&depth=8&width=64\
         &residual=none&norm=none&optimizer=sgd&lr=0.1&steps=1000&clip=1"
    );
    let q = find_train_preset("train-deep-sigmoid")
        .expect("exists")
        .query();
    assert!(
        !q.contains("clip") && q.contains("activation=sigmoid&init=xavier_normal"),
        "{q}"
    );
}

#[test]
fn the_training_lessons_try_it_links_load_the_presets_exactly() {
    let lesson = gradient_flow_explorer::lessons::section("gradients-in-training")
        .expect("a training lesson");
    let links: Vec<&str> = lesson
        .markdown
        .split("](?")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .collect();
    let queries: Vec<String> = TRAIN_PRESETS.iter().map(|p| p.query()).collect();
    for link in &links {
        assert!(queries.iter().any(|q| q == link), "no preset loads ?{link}");
    }
    for (p, q) in TRAIN_PRESETS.iter().zip(&queries) {
        assert!(
            links.contains(&q.as_str()),
            "the lesson has no link for {}",
            p.id
        );
    }
}
