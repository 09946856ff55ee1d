//! Page against command line: the release page loaded from a link shows on its status cards
//! exactly what `gradflow --format json` prints for that network (same seed), to the cards'
//! printed precision, and the same values again when the link is loaded afresh.
//!
//! The CLI side does not run the `gradflow` binary (building it here would cost CI time): it
//! calls what the binary calls, in the library this crate depends on — `link::read` to get the
//! network the link describes (the page reads its address with the same function),
//! `sim::simulate`, and `export::json::report_json`, the function that produces
//! `gradflow --format json`'s object for one seed.

use e2e::{ExplorerPage, Result};
use gradient_flow_explorer::export::json::report_json;
use gradient_flow_explorer::lessons::{ratio_words, status_words};
use gradient_flow_explorer::page::link;
use gradient_flow_explorer::sim::simulate;
use gradient_flow_explorer::words::format::format_value;
use serde_json::Value;

/// A plain network, a residual + normalized one, and one whose loss overflows float32.
const LINKS: [&str; 3] = [
    "?activation=tanh&init=xavier_normal&depth=12&width=64&seed=3",
    "?activation=relu&init=he_normal&depth=30&width=64&residual=identity&norm=layer&seed=5",
    "?activation=relu&init=random_normal&depth=24&width=64&seed=0",
];

/// What the cards show: output side, input side, ratio, and the verdict's id.
#[derive(Debug, PartialEq)]
struct Cards {
    output: String,
    input: String,
    ratio: String,
    diagnosis: String,
    /// The diagnosis card's sentence saying why (on the page: within the card's text).
    why: String,
}

async fn cards_on_page(query: &str) -> Result<Cards> {
    let page = ExplorerPage::open_desktop(query).await?;
    page.wait_for_idle().await?;
    let cards = Cards {
        output: page.text("grad-output").await?,
        input: page.text("grad-input").await?,
        ratio: page.text("grad-ratio").await?,
        diagnosis: page.diagnosis().await?,
        why: page.text("diagnosis").await?,
    };
    page.close().await?;
    Ok(cards)
}

/// A JSON number, or the string ("inf", "-inf", "NaN") the JSON writes for a non-finite
/// value (the page writes "overflow" for ±inf and "NaN" for NaN); NaN for anything else.
fn number(v: &Value) -> f64 {
    match v.as_str() {
        Some("inf") => f64::INFINITY,
        Some("-inf") => f64::NEG_INFINITY,
        _ => v.as_f64().unwrap_or(f64::NAN),
    }
}

/// The cards as `gradflow --format json` gives their numbers, formatted as the page does.
fn cards_from_cli(query: &str) -> Cards {
    let pairs: Vec<(&str, &str)> = query
        .trim_start_matches('?')
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .collect();
    let cfg = link::read(pairs).network.config;
    let report = simulate(&cfg).expect("the link's network is valid");
    let json = report_json(&report);
    let s = &json["summary"];
    Cards {
        output: format_value(number(&s["last_layer_grad"])),
        input: format_value(number(&s["first_layer_grad"])),
        ratio: ratio_words(
            number(&s["last_layer_grad"]),
            number(&s["first_layer_grad"]),
            number(&s["ratio"]),
        )
        .value,
        diagnosis: s["diagnosis"].as_str().unwrap_or_default().to_string(),
        why: status_words(&report.summary).why,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_status_cards_show_what_gradflow_prints_for_the_same_link() -> Result<()> {
    for query in LINKS {
        let page = cards_on_page(query).await?;
        let cli = cards_from_cli(query);
        assert!(
            page.why.contains(&cli.why),
            "{query}: '{}' lacks '{}'",
            page.why,
            cli.why
        );
        let numbers = |c: &Cards| (c.output.clone(), c.input.clone(), c.ratio.clone());
        assert_eq!(numbers(&page), numbers(&cli), "{query}");
        assert_eq!(page.diagnosis, cli.diagnosis, "{query}");
        // Loaded afresh, the same link shows the same numbers.
        assert_eq!(
            cards_on_page(query).await?,
            page,
            "{query}: a reload differs"
        );
    }
    // The overflowing link is what it claims: the loss overflowed, the gradients did not.
    let overflowing = cards_from_cli(LINKS[2]);
    assert_eq!(overflowing.diagnosis, "overflow");
    assert_ne!(
        overflowing.output, "overflow",
        "its gradients are finite numbers"
    );
    assert!(overflowing
        .why
        .starts_with("The loss overflowed float32; the gradients did not."));
    Ok(())
}
