//! Trellis: a performance-management workbench for small teams that runs in the browser.
//! `App` sets up the store, listens for other tabs, and routes between the areas.
pub mod domain;
pub mod store;
pub mod ui;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use ui::goals::{EditGoalPage, GoalPage, GoalsPage, NewGoalPage};
use ui::home::HomePage;
use ui::people::{EditPersonPage, NewPersonPage, NotFound, PeoplePage, PersonPage};
use ui::settings::SettingsPage;
use ui::shell::Shell;
use ui::state::AppState;

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::open();
    provide_context(state);

    // Another tab saved: take its change into memory so this tab shows it without a reload.
    let listener = window_event_listener(leptos::ev::storage, move |ev: web_sys::StorageEvent| {
        let key = ev.key();
        if key.as_deref().is_none_or(store::repo::is_store_key) {
            state.repo.update(|r| {
                r.apply_external(key.as_deref(), ev.new_value().as_deref());
            });
        }
    });
    on_cleanup(move || listener.remove());

    // A status message fades after a few seconds.
    Effect::new(move |_| {
        if let Some(message) = state.flash.get() {
            let fade = move || {
                // Only if no newer message replaced it meanwhile.
                if state.flash.get_untracked().as_deref() == Some(message.as_str()) {
                    state.flash.set(None);
                }
            };
            set_timeout(fade, std::time::Duration::from_secs(6));
        }
    });
    Effect::new(move |_| {
        ui::browser::mark_ready();
        // Read the records the first screen did not need, once it is on screen.
        let finish = move || {
            let report = state
                .repo
                .try_update(|r| r.finish_loading())
                .unwrap_or_default();
            state.note_migration(report);
        };
        set_timeout(finish, std::time::Duration::ZERO);
    });

    let base = ui::browser::base_path();
    ui::set_base(base.clone());
    view! {
        <Router base>
            <Shell>
                <Routes fallback=|| view! { <NotFound what="page" /> }>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/people") view=PeoplePage />
                    <Route path=path!("/people/new") view=NewPersonPage />
                    <Route path=path!("/people/:id") view=PersonPage />
                    <Route path=path!("/people/:id/edit") view=EditPersonPage />
                    <Route path=path!("/goals") view=GoalsPage />
                    <Route path=path!("/goals/new") view=NewGoalPage />
                    <Route path=path!("/goals/:id") view=GoalPage />
                    <Route path=path!("/goals/:id/edit") view=EditGoalPage />
                    <Route path=path!("/settings") view=SettingsPage />
                </Routes>
            </Shell>
        </Router>
    }
}
