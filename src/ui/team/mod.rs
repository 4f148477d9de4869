//! The team's agreements (loaded on demand, see lib.rs): the performance charter, with its
//! versions, fingerprints and acknowledgements; standards per role; the authority matrix
//! ("who decides?"); and member mode, where people report on themselves. The self-report card
//! on person pages and in check-ins is in this area's chunk too, behind `SelfReportSlot`.
pub mod authority;
pub mod charter;
pub mod member;
pub mod report;
pub mod standards;

use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};

use crate::ui::href;
use leptos_router::components::A;

/// Links between the team's pages.
#[component]
pub fn TeamTabs() -> impl IntoView {
    view! {
        <nav class="subnav no-print" aria-label="Team">
            <A href=href("/team") exact=true>"Charter"</A>
            <A href=href("/team/standards")>"Standards"</A>
            <A href=href("/development/skills")>"Skills"</A>
            <A href=href("/team/authority")>"Who decides"</A>
            <A href=href("/me")>"Member mode"</A>
        </nav>
    }
}

/// Pieces of the team area drawn on other pages.
pub enum TeamPiece {
    /// A person's latest self-report (their page, the check-in).
    SelfReport(String),
    /// Home: recent self-reports that raise something.
    SelfReportSignals,
}

/// A piece from the team chunk (a second split point into it: see lib.rs).
#[wasm_split(team, wasm_split_path = ::leptos::wasm_split, fallible)]
fn team_piece(piece: TeamPiece) -> Result<AnyView, SplitLoaderError> {
    Ok(untrack(|| match piece {
        TeamPiece::SelfReport(person) => view! { <report::SelfReportCard person /> }.into_any(),
        TeamPiece::SelfReportSignals => view! { <report::SelfReportSignals /> }.into_any(),
    }))
}

/// A piece of the team area (see `TeamPiece`), drawn once the team chunk is loaded (it is
/// preloaded after the first screen, so usually at once).
#[component]
pub fn TeamSlot(piece: TeamPiece) -> impl IntoView {
    let quiet = matches!(piece, TeamPiece::SelfReportSignals);
    let card = Suspend::new(async move {
        team_piece(piece).await.unwrap_or_else(|_| {
            view! { <p class="inline-warning">"The self-reports could not be downloaded. Check the connection, then reload."</p> }.into_any()
        })
    });
    view! {
        <Suspense fallback=move || (!quiet).then(|| view! { <p class="empty">"Loading the self-report…"</p> })>{card}</Suspense>
    }
}
