//! Section 3's cards: vanishing, healthy, exploding, each with a button that loads an example.

use leptos::prelude::*;

use super::show_chart_from_lesson;
use crate::lessons::{math_placeholder, render_inline_markdown, REGIME_CARDS};
use crate::page::edit::Edit;
use crate::ui::explorer::state::use_state;

#[component]
pub fn Regimes() -> impl IntoView {
    let state = use_state();
    let cards = REGIME_CARDS
        .iter()
        .map(|card| {
            let preset = card.preset;
            let title_id = format!("regime-{}-title", card.regime.id());
            let testid = format!("lesson-preset-{preset}");
            view! {
                <article class="regime-card" data-regime=card.regime.id() aria-labelledby=title_id>
                    <h3 id=title_id.clone()>
                        {card.title} " "
                        <span class="regime-condition" inner_html=math_placeholder(card.condition_tex, false)></span>
                    </h3>
                    <p inner_html=render_inline_markdown(card.summary)></p>
                    <button
                        type="button"
                        data-testid=testid.clone()
                        on:click=move |_| {
                            state.apply(Edit::Preset(preset));
                            show_chart_from_lesson(testid.clone());
                        }
                    >
                        {card.button_label}
                    </button>
                </article>
            }
        })
        .collect_view();
    view! { <div class="regime-cards widget">{cards}</div> }
}
