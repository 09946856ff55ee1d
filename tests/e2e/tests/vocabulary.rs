//! One vocabulary (issue #30): the symbols on the status cards, "decade" under the chart and
//! the seed band are terms whose definition opens with a tap (or Enter), says what the
//! glossary says, fits a phone's screen, and closes with Escape.

use e2e::{ExplorerPage, Result};
use fantoccini::key::Key;
use gradient_flow_explorer::lessons::glossary_entry;

#[tokio::test(flavor = "multi_thread")]
async fn a_terms_definition_opens_by_tap_and_keyboard_and_closes_with_escape() -> Result<()> {
    for size in [(1400, 1000), (390, 844)] {
        let page = ExplorerPage::open("", size).await?;
        page.wait_for_charts().await?;
        // A phone hides the chart's reading hint, where "decade" is.
        let ids: &[&str] = match size.0 {
            1400 => &["signal-gradient", "decade", "seed-band"],
            _ => &["signal-gradient", "seed-band"],
        };
        for &id in ids {
            let testid = format!("term-{id}");
            if id == "seed-band" {
                page.show_variability().await?;
            }
            page.tap_term(id).await?;
            assert_eq!(page.open_terms().await?, vec![testid.clone()], "{size:?}");
            let text = page.text(&testid).await?;
            let entry = glossary_entry(id).ok_or("no glossary entry")?;
            assert!(text.starts_with(entry.term), "{id}: {text}");
            assert!(
                page.open_term_fits().await?,
                "{id} fits the window at {size:?}"
            );
            if id == "signal-gradient" {
                page.screenshot(&format!("term-open-{}", size.0)).await?;
            }
            page.keys_to_focused(Key::Escape, 1).await?;
            assert!(page.open_terms().await?.is_empty(), "Escape closes {id}");
            // The keyboard: the button keeps focus, and Enter opens the definition again.
            page.keys_to_focused(Key::Enter, 1).await?;
            assert_eq!(page.open_terms().await?, vec![testid.clone()]);
            page.keys_to_focused(Key::Escape, 1).await?;
        }
        assert_eq!(page.console_errors().await?, Vec::<String>::new());
        page.close().await?;
    }
    Ok(())
}
