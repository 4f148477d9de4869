//! Trellis: a performance-management workbench for small teams that runs in the browser.
//! `App` sets up the store, listens for other tabs, and routes between the areas.
pub mod domain;
pub mod store;
pub mod sync;
pub mod ui;

use leptos::prelude::*;

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
    ui::syncing::start(state);

    // Another tab saved: take its change into memory so this tab shows it without a reload.
    let listener = window_event_listener(leptos::ev::storage, move |ev: web_sys::StorageEvent| {
        let key = ev.key();
        if key.as_deref().is_none_or(store::device::is_device_key) {
            state.me.set(store::device::me());
        }
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
            leptos::task::spawn_local(preload_areas());
        };
        set_timeout(finish, std::time::Duration::ZERO);
    });

    ui::set_base(ui::browser::base_path());
    let path = ui::router::start();
    // A new page is drawn only when the route changes, not on every change of the URL.
    let route = Memo::new(move |_| path.with(|p| Route::of(p)));
    let retry = RwSignal::new(0u32);
    view! {
        <Shell>
            {move || match (route.get(), retry.track()).0 {
                Route::Home => view! { <HomePage /> }.into_any(),
                Route::People => view! { <PeoplePage /> }.into_any(),
                Route::NewPerson => view! { <NewPersonPage /> }.into_any(),
                Route::Person(id) => view! { <PersonPage id /> }.into_any(),
                Route::EditPerson(id) => view! { <EditPersonPage id /> }.into_any(),
                r @ (Route::Goals | Route::NewGoal | Route::Goal(_) | Route::EditGoal(_)) => {
                    lazy_area(goals_area(r), retry)
                }
                r @ (Route::CheckIn(_) | Route::Review(_)) => lazy_area(meetings_area(r), retry),
                r @ (Route::Feedback
                | Route::Recognize
                | Route::Corrective
                | Route::PeerFeedback
                | Route::RequestFeedback
                | Route::Wins
                | Route::NewWin) => lazy_area(feedback_area(r), retry),
                r @ (Route::Charter | Route::Standards | Route::Authority | Route::Me) => {
                    lazy_area(team_area(r), retry)
                }
                Route::Settings => lazy_area(settings_area(), retry),
                Route::NotFound => view! { <NotFound what="page" /> }.into_any(),
            }}
        </Shell>
    }
}

// Feature areas load on demand: `tools/build.sh` cuts each split point below (with all the code
// only it uses) out of the main module into a chunk, so the first screen downloads only the
// shell, Home and People. After the first screen, `preload_areas` fetches the chunks in the
// background, so later pages open at once and still open if the network drops.
use leptos::wasm_split::{wasm_split, SplitLoaderError};

#[wasm_split(goals, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_goals))]
fn goals_area(route: Route) -> Result<AnyView, SplitLoaderError> {
    // Untracked: the page is built inside `Suspend`, which would otherwise rebuild it (and lose
    // what is typed) whenever something the page read while being built changes.
    Ok(untrack(|| match route {
        Route::NewGoal => view! { <NewGoalPage /> }.into_any(),
        Route::Goal(id) => view! { <GoalPage id /> }.into_any(),
        Route::EditGoal(id) => view! { <EditGoalPage id /> }.into_any(),
        _ => view! { <GoalsPage /> }.into_any(),
    }))
}

#[wasm_split(meetings, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_meetings))]
fn meetings_area(route: Route) -> Result<AnyView, SplitLoaderError> {
    Ok(untrack(|| match route {
        Route::Review(id) => view! { <ui::meetings::review::ReviewPage id /> }.into_any(),
        Route::CheckIn(id) => view! { <ui::meetings::checkin::CheckInPage id /> }.into_any(),
        _ => ().into_any(),
    }))
}

#[wasm_split(feedback, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_feedback))]
fn feedback_area(route: Route) -> Result<AnyView, SplitLoaderError> {
    use ui::feedback::{compose, log, wins};
    Ok(untrack(|| match route {
        Route::Recognize => view! { <compose::RecognizePage /> }.into_any(),
        Route::Corrective => view! { <compose::CorrectivePage /> }.into_any(),
        Route::PeerFeedback => view! { <log::PeerPage /> }.into_any(),
        Route::RequestFeedback => view! { <log::RequestPage /> }.into_any(),
        Route::Wins => view! { <wins::WinsPage /> }.into_any(),
        Route::NewWin => view! { <wins::CelebratePage /> }.into_any(),
        _ => view! { <log::FeedbackPage /> }.into_any(),
    }))
}

#[wasm_split(team, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_team))]
fn team_area(route: Route) -> Result<AnyView, SplitLoaderError> {
    Ok(untrack(|| match route {
        Route::Authority => view! { <ui::team::authority::AuthorityPage /> }.into_any(),
        Route::Standards => view! { <ui::team::standards::StandardsPage /> }.into_any(),
        Route::Me => view! { <ui::team::member::MePage /> }.into_any(),
        _ => view! { <ui::team::charter::CharterPage /> }.into_any(),
    }))
}

#[wasm_split(settings, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_settings))]
fn settings_area() -> Result<AnyView, SplitLoaderError> {
    Ok(untrack(|| view! { <SettingsPage /> }.into_any()))
}

/// Fetches every area's chunk, one after the other; a failure is retried when the page is opened.
async fn preload_areas() {
    let _ = preload_meetings().await;
    let _ = preload_goals().await;
    let _ = preload_feedback().await;
    let _ = preload_team().await;
    let _ = preload_settings().await;
}

/// An area's page once its chunk is loaded; until then "Loading…", and if the download fails, a
/// message with "Try again" (which asks for the chunk again: failures are not remembered).
fn lazy_area<F>(page: F, retry: RwSignal<u32>) -> AnyView
where
    F: std::future::Future<Output = Result<AnyView, SplitLoaderError>> + Send + 'static,
{
    let page = Suspend::new(async move {
        page.await.unwrap_or_else(|_| {
            view! {
                <div class="banner error" role="alert">
                    <p>"This page could not be downloaded. Your data is safe on this device. Check the connection, then try again."</p>
                    <button class="button" on:click=move |_| retry.update(|n| *n += 1)>"Try again"</button>
                </div>
            }
            .into_any()
        })
    });
    view! {
        <Suspense fallback=|| view! { <p class="empty">"Loading…"</p> }>{page}</Suspense>
    }
    .into_any()
}

/// The pages, by path (under the base path, see `ui::href`). A trailing slash is ignored; any
/// other path shows "No such page".
#[derive(Clone, Debug, PartialEq)]
pub enum Route {
    /// `/`
    Home,
    /// `/people`
    People,
    /// `/people/new`
    NewPerson,
    /// `/people/:id`
    Person(String),
    /// `/people/:id/edit`
    EditPerson(String),
    /// `/goals`
    Goals,
    /// `/goals/new` (`?parent=<goal id>` or `?owner=<person id>` to start below a goal or for someone)
    NewGoal,
    /// `/goals/:id`
    Goal(String),
    /// `/goals/:id/edit`
    EditGoal(String),
    /// `/check-ins/:id`: a running check-in, or the record of a held one
    CheckIn(String),
    /// `/reviews/:id`: a monthly review
    Review(String),
    /// `/feedback` (`?person=<id>` for one person's log)
    Feedback,
    /// `/feedback/recognize` (`?person=<id>`)
    Recognize,
    /// `/feedback/corrective` (`?person=<id>`)
    Corrective,
    /// `/feedback/peer` (`?to=<id>&from=<id>&request=<id>`)
    PeerFeedback,
    /// `/feedback/request` (`?person=<id>`)
    RequestFeedback,
    /// `/wins`: the wins wall and best practices
    Wins,
    /// `/wins/new`
    NewWin,
    /// `/team`: the team charter
    Charter,
    /// `/team/authority`: the authority matrix and "who decides?"
    Authority,
    /// `/team/standards` (`?person=<id>` to rate someone): performance standards per role
    Standards,
    /// `/me`: member mode (who uses this device, then their goals, self-report, self-assessment)
    Me,
    /// `/settings`
    Settings,
    NotFound,
}

impl Route {
    /// The route for a browser path (with the base path, e.g. "/trellis/people/abc").
    pub fn of(path: &str) -> Route {
        let Some(rest) = path.strip_prefix(&*ui::href("")) else {
            return Route::NotFound;
        };
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        let segments: Vec<&str> = rest.split('/').skip(1).collect();
        match segments.as_slice() {
            [] => Route::Home,
            ["people"] => Route::People,
            ["people", "new"] => Route::NewPerson,
            ["people", id] => Route::Person(id.to_string()),
            ["people", id, "edit"] => Route::EditPerson(id.to_string()),
            ["goals"] => Route::Goals,
            ["goals", "new"] => Route::NewGoal,
            ["goals", id] => Route::Goal(id.to_string()),
            ["goals", id, "edit"] => Route::EditGoal(id.to_string()),
            ["check-ins", id] => Route::CheckIn(id.to_string()),
            ["reviews", id] => Route::Review(id.to_string()),
            ["feedback"] => Route::Feedback,
            ["feedback", "recognize"] => Route::Recognize,
            ["feedback", "corrective"] => Route::Corrective,
            ["feedback", "peer"] => Route::PeerFeedback,
            ["feedback", "request"] => Route::RequestFeedback,
            ["wins"] => Route::Wins,
            ["wins", "new"] => Route::NewWin,
            ["team"] => Route::Charter,
            ["team", "authority"] => Route::Authority,
            ["team", "standards"] => Route::Standards,
            ["me"] => Route::Me,
            ["settings"] => Route::Settings,
            _ => Route::NotFound,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Route;

    #[test]
    fn routes() {
        let id = || "abc".to_string();
        assert_eq!(Route::of("/"), Route::Home);
        assert_eq!(Route::of(""), Route::Home);
        assert_eq!(Route::of("/people"), Route::People);
        assert_eq!(Route::of("/people/"), Route::People);
        assert_eq!(Route::of("/people/new"), Route::NewPerson);
        assert_eq!(Route::of("/people/abc"), Route::Person(id()));
        assert_eq!(Route::of("/people/abc/edit"), Route::EditPerson(id()));
        assert_eq!(Route::of("/goals"), Route::Goals);
        assert_eq!(Route::of("/goals/new"), Route::NewGoal);
        assert_eq!(Route::of("/goals/abc"), Route::Goal(id()));
        assert_eq!(Route::of("/goals/abc/edit"), Route::EditGoal(id()));
        assert_eq!(Route::of("/check-ins/abc"), Route::CheckIn(id()));
        assert_eq!(Route::of("/reviews/abc"), Route::Review(id()));
        assert_eq!(Route::of("/check-ins"), Route::NotFound);
        assert_eq!(Route::of("/feedback"), Route::Feedback);
        assert_eq!(Route::of("/feedback/recognize"), Route::Recognize);
        assert_eq!(Route::of("/feedback/corrective"), Route::Corrective);
        assert_eq!(Route::of("/feedback/peer"), Route::PeerFeedback);
        assert_eq!(Route::of("/feedback/request"), Route::RequestFeedback);
        assert_eq!(Route::of("/feedback/x"), Route::NotFound);
        assert_eq!(Route::of("/wins"), Route::Wins);
        assert_eq!(Route::of("/wins/new"), Route::NewWin);
        assert_eq!(Route::of("/team"), Route::Charter);
        assert_eq!(Route::of("/team/authority"), Route::Authority);
        assert_eq!(Route::of("/team/standards"), Route::Standards);
        assert_eq!(Route::of("/me"), Route::Me);
        assert_eq!(Route::of("/settings"), Route::Settings);
        assert_eq!(Route::of("/settings/x"), Route::NotFound);
        assert_eq!(Route::of("/nowhere"), Route::NotFound);
    }
}
