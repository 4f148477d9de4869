//! The team's agreements (loaded on demand, see lib.rs): the performance charter, with its
//! versions, fingerprints and acknowledgements; and the authority matrix ("who decides?").
pub mod authority;
pub mod charter;
pub mod standards;

use leptos::prelude::*;

use crate::ui::href;
use crate::ui::router::A;

/// Links between the team's pages.
#[component]
pub fn TeamTabs() -> impl IntoView {
    view! {
        <nav class="subnav no-print" aria-label="Team">
            <A href=href("/team") exact=true>"Charter"</A>
            <A href=href("/team/standards")>"Standards"</A>
            <A href=href("/team/authority")>"Who decides"</A>
        </nav>
    }
}
