use leptos::prelude::*;
#[component]
pub fn TrainCharts() -> impl IntoView {
    view! { <div></div> }
}
