//! The precision lesson's picture of the bits: a learner types a number and sees how float32,
//! bfloat16 and float16 store it — sign, exponent and stored significand — the value each
//! holds and its kind (zero, subnormal, normal, infinite, NaN). Self-contained: it does not
//! touch the explorer's state; the fields come from `sim::bits`.

use leptos::prelude::*;

use crate::lessons::bits::{read_number, BITS_EXAMPLE};
use crate::sim::bits::bit_fields;
use crate::sim::numeric::Precision;

#[component]
pub fn NumberBits() -> impl IntoView {
    let typed = RwSignal::new(BITS_EXAMPLE.to_string());
    let number = move || typed.with(|s| read_number(s));
    let note = move || match number() {
        Some(x) => format!("As float32 holds it: {x}. Each format rounds that to nearest even."),
        None => "Type a number, such as 0.1, 65504, 1e-5 or 1e-8.".to_string(),
    };
    let rows = move || {
        let x = number()?;
        let rows = Precision::ALL.map(|p| {
            let f = bit_fields(x, p);
            let (sign, exponent, significand) = f.digits();
            view! {
                <tr data-testid=format!("bits-{}", p.id())>
                    <th scope="row">{p.id()}</th>
                    <td><code class="bits-sign">{sign}</code></td>
                    <td><code class="bits-exponent">{exponent}</code></td>
                    <td><code class="bits-significand">{significand}</code></td>
                    <td class="bits-value">{f.value.to_string()}</td>
                    <td class="bits-class">{f.class.word()}</td>
                </tr>
            }
        });
        Some(rows.into_iter().collect_view())
    };
    view! {
        <div class="bits widget">
            <label for="bits-number">"Type a number"</label>
            <input
                id="bits-number"
                type="text"
                inputmode="decimal"
                spellcheck="false"
                autocomplete="off"
                data-testid="bits-number"
                aria-describedby="bits-note"
                prop:value=move || typed.get()
                on:input=move |ev| typed.set(event_target_value(&ev))
            />
            <p id="bits-note" class="hint" aria-live="polite" data-testid="bits-note">{note}</p>
            <div class="bits-scroll">
                <table class="bits-table" data-testid="bits-table">
                    <caption>"How each format stores it: sign, exponent, stored significand"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"format"</th>
                            <th scope="col">"sign"</th>
                            <th scope="col">"exponent"</th>
                            <th scope="col">"significand"</th>
                            <th scope="col">"value held"</th>
                            <th scope="col">"kind"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </div>
    }
}
