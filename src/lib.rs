//! Trellis: a performance-management workbench for small teams that runs in the browser.
//! `App` sets up the store, listens for other tabs, and routes between the areas.
pub mod domain;
pub mod store;
pub mod sync;
pub mod ui;

use leptos::prelude::*;
use leptos_router::components::{FlatRoutes, Route, Router};
use leptos_router::hooks::use_params_map;
use leptos_router::path;

use ui::components::lazy_view;
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
        leptos::task::spawn_local(async move {
            // The records the first screen did not read, as soon as it is on screen.
            if !state.repo.with_untracked(|r| r.is_loaded()) {
                state.read_all().await;
            }
            // The rest of the app a little after the page has loaded, when the browser is idle,
            // so none of it competes with the first screen or the first taps: the record
            // readers (for an import, a sync or another tab's change), then every area's chunk,
            // one per idle moment.
            ui::browser::after_load_idle(2000).await;
            state.read_all().await;
            preload_areas().await;
        });
    });

    let base = ui::browser::base_path();
    ui::set_base(base.clone());
    view! {
        <Router base>
            <Shell>
                <FlatRoutes fallback=|| view! { <NotFound what="page" /> }>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/people") view=PeoplePage />
                    <Route path=path!("/people/new") view=NewPersonPage />
                    <Route path=path!("/people/:id") view=|| with_id(|id| view! { <PersonPage id /> }.into_any()) />
                    <Route path=path!("/people/:id/edit") view=|| with_id(|id| view! { <EditPersonPage id /> }.into_any()) />
                    <Route path=path!("/people/:id/development") view=|| with_id(|id| lazy_page(Page::Development(id))) />
                    <Route path=path!("/people/:id/improvement") view=|| with_id(|id| lazy_page(Page::Aid(id))) />
                    <Route path=path!("/improvement/new") view=|| lazy_page(Page::NewPlan) />
                    <Route path=path!("/improvement/:id") view=|| with_id(|id| lazy_page(Page::Plan(id))) />
                    <Route path=path!("/development") view=|| lazy_page(Page::TeamDevelopment) />
                    <Route path=path!("/development/skills") view=|| lazy_page(Page::Skills) />
                    <Route path=path!("/goals") view=|| lazy_page(Page::Goals) />
                    <Route path=path!("/goals/new") view=|| lazy_page(Page::NewGoal) />
                    <Route path=path!("/goals/:id") view=|| with_id(|id| lazy_page(Page::Goal(id))) />
                    <Route path=path!("/goals/:id/edit") view=|| with_id(|id| lazy_page(Page::EditGoal(id))) />
                    <Route path=path!("/check-ins/:id") view=|| with_id(|id| lazy_page(Page::CheckIn(id))) />
                    <Route path=path!("/reviews/:id") view=|| with_id(|id| lazy_page(Page::Review(id))) />
                    <Route path=path!("/feedback") view=|| lazy_page(Page::Feedback) />
                    <Route path=path!("/feedback/recognize") view=|| lazy_page(Page::Recognize) />
                    <Route path=path!("/feedback/corrective") view=|| lazy_page(Page::Corrective) />
                    <Route path=path!("/feedback/peer") view=|| lazy_page(Page::PeerFeedback) />
                    <Route path=path!("/feedback/request") view=|| lazy_page(Page::RequestFeedback) />
                    <Route path=path!("/wins") view=|| lazy_page(Page::Wins) />
                    <Route path=path!("/wins/new") view=|| lazy_page(Page::NewWin) />
                    <Route path=path!("/team") view=|| lazy_page(Page::Charter) />
                    <Route path=path!("/team/authority") view=|| lazy_page(Page::Authority) />
                    <Route path=path!("/team/standards") view=|| lazy_page(Page::Standards) />
                    <Route path=path!("/me") view=|| lazy_page(Page::Me) />
                    <Route path=path!("/indicators") view=|| lazy_page(Page::Indicators) />
                    <Route path=path!("/indicators/:id") view=|| with_id(|id| lazy_page(Page::Indicator(id))) />
                    <Route path=path!("/scorecard") view=|| lazy_page(Page::Scorecard) />
                    <Route path=path!("/insights") view=|| lazy_page(Page::Insights) />
                    <Route path=path!("/insights/report") view=|| lazy_page(Page::WeeklyReport) />
                    <Route path=path!("/insights/system-review") view=|| lazy_page(Page::SystemReview) />
                    <Route path=path!("/rollout") view=|| lazy_page(Page::Rollout) />
                    <Route path=path!("/leadership") view=|| lazy_page(Page::Leadership) />
                    <Route path=path!("/settings") view=|| lazy_page(Page::Settings) />
                    <Route path=path!("/join") view=|| lazy_page(Page::Join) />
                </FlatRoutes>
            </Shell>
        </Router>
    }
}

/// A page for the route's `:id`. FlatRoutes keeps a route's view when only its parameters
/// change (from one person's page to another's), so the page is drawn again for each id.
fn with_id(page: fn(String) -> AnyView) -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    move || page(id.get())
}

// Feature areas load on demand: the build (`tools/split.sh`) cuts each split point below (with all the code
// only it uses) out of the main module into a chunk, so the first screen downloads only the
// shell, Home and People. After the first screen, `preload_areas` fetches the chunks in the
// background, so later pages open at once and still open if the network drops.
use leptos::wasm_split::{wasm_split, SplitLoaderError};

#[wasm_split(goals, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_goals))]
fn goals_area(page: Page) -> Result<AnyView, SplitLoaderError> {
    // Untracked: the page is built inside `Suspend`, which would otherwise rebuild it (and lose
    // what is typed) whenever something the page read while being built changes.
    Ok(untrack(|| match page {
        Page::NewGoal => view! { <NewGoalPage /> }.into_any(),
        Page::Goal(id) => view! { <GoalPage id /> }.into_any(),
        Page::EditGoal(id) => view! { <EditGoalPage id /> }.into_any(),
        _ => view! { <GoalsPage /> }.into_any(),
    }))
}

#[wasm_split(meetings, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_meetings))]
fn meetings_area(page: Page) -> Result<AnyView, SplitLoaderError> {
    Ok(untrack(|| match page {
        Page::Review(id) => view! { <ui::meetings::review::ReviewPage id /> }.into_any(),
        Page::CheckIn(id) => view! { <ui::meetings::checkin::CheckInPage id /> }.into_any(),
        _ => ().into_any(),
    }))
}

#[wasm_split(feedback, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_feedback))]
fn feedback_area(page: Page) -> Result<AnyView, SplitLoaderError> {
    use ui::feedback::{compose, log, wins};
    Ok(untrack(|| match page {
        Page::Recognize => view! { <compose::RecognizePage /> }.into_any(),
        Page::Corrective => view! { <compose::CorrectivePage /> }.into_any(),
        Page::PeerFeedback => view! { <log::PeerPage /> }.into_any(),
        Page::RequestFeedback => view! { <log::RequestPage /> }.into_any(),
        Page::Wins => view! { <wins::WinsPage /> }.into_any(),
        Page::NewWin => view! { <wins::CelebratePage /> }.into_any(),
        _ => view! { <log::FeedbackPage /> }.into_any(),
    }))
}

#[wasm_split(team, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_team))]
fn team_area(page: Page) -> Result<AnyView, SplitLoaderError> {
    Ok(untrack(|| match page {
        Page::Authority => view! { <ui::team::authority::AuthorityPage /> }.into_any(),
        Page::Standards => view! { <ui::team::standards::StandardsPage /> }.into_any(),
        Page::Me => view! { <ui::team::member::MePage /> }.into_any(),
        _ => view! { <ui::team::charter::CharterPage /> }.into_any(),
    }))
}

#[wasm_split(development, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_development))]
fn development_area(page: Page) -> Result<AnyView, SplitLoaderError> {
    use ui::development::{person, skills, team};
    Ok(untrack(|| match page {
        Page::Development(id) => view! { <person::DevelopmentPage id /> }.into_any(),
        Page::Skills => view! { <skills::SkillsPage /> }.into_any(),
        _ => view! { <team::TeamDevelopmentPage /> }.into_any(),
    }))
}

#[wasm_split(indicators, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_indicators))]
fn indicators_area(page: Page) -> Result<AnyView, SplitLoaderError> {
    use ui::indicators::{detail, list, scorecard};
    Ok(untrack(|| match page {
        Page::Indicator(id) => view! { <detail::IndicatorPage id /> }.into_any(),
        Page::Scorecard => view! { <scorecard::ScorecardPage /> }.into_any(),
        _ => view! { <list::IndicatorsPage /> }.into_any(),
    }))
}

#[wasm_split(improvement, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_improvement))]
fn improvement_area(page: Page) -> Result<AnyView, SplitLoaderError> {
    use ui::improvement::{aid, plan};
    Ok(untrack(|| match page {
        Page::Plan(id) => view! { <plan::PlanPage id /> }.into_any(),
        Page::NewPlan => view! { <aid::NewPlanPage /> }.into_any(),
        Page::Aid(id) => view! { <aid::AidPage id /> }.into_any(),
        _ => ().into_any(),
    }))
}

#[wasm_split(insight, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_insight))]
fn insight_area(page: Page) -> Result<AnyView, SplitLoaderError> {
    Ok(untrack(|| match page {
        Page::Insights => view! { <ui::insight::InsightsPage /> }.into_any(),
        Page::WeeklyReport => view! { <ui::insight::WeeklyReportPage /> }.into_any(),
        Page::SystemReview => view! { <ui::insight::SystemReviewPage /> }.into_any(),
        Page::Rollout => view! { <ui::insight::RolloutPage /> }.into_any(),
        Page::Leadership => view! { <ui::insight::LeadershipPage /> }.into_any(),
        _ => ().into_any(),
    }))
}

#[wasm_split(settings, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_settings))]
fn settings_area(page: Page) -> Result<AnyView, SplitLoaderError> {
    Ok(untrack(|| match page {
        Page::Join => view! { <ui::settings::join::JoinPage /> }.into_any(),
        _ => view! { <SettingsPage /> }.into_any(),
    }))
}

/// Fetches every area's chunk, one after the other; a failure is retried when the page is opened.
async fn preload_areas() {
    use ui::browser::idle;
    idle().await;
    let _ = preload_meetings().await;
    idle().await;
    let _ = preload_goals().await;
    idle().await;
    let _ = preload_feedback().await;
    idle().await;
    let _ = preload_team().await;
    idle().await;
    let _ = preload_development().await;
    idle().await;
    let _ = preload_indicators().await;
    idle().await;
    let _ = preload_improvement().await;
    idle().await;
    let _ = preload_insight().await;
    idle().await;
    let _ = preload_settings().await;
}

/// A page of a feature area: its chunk's split point, drawn again on "Try again" (see
/// `lazy_view`).
fn lazy_page(page: Page) -> AnyView {
    let state = expect_context::<AppState>();
    // The areas' pages read records of every kind as they are built: they wait until all are
    // read. Settings does not (export, import and sync wait themselves; erasing never needs to).
    let ready = Memo::new(move |_| state.repo.with(|r| r.is_loaded()));
    let retry = RwSignal::new(0u32);
    (move || {
        if !matches!(page, Page::Settings | Page::Join) && !ready.get() {
            return if state.rest_unread.get() {
                view! { <p class="empty">"This page shows records that are not read yet: see the message above."</p> }.into_any()
            } else {
                view! { <p class="empty">"Loading…"</p> }.into_any()
            };
        }
        retry.track();
        let page = page.clone();
        match page {
            Page::Goals | Page::NewGoal | Page::Goal(_) | Page::EditGoal(_) => {
                lazy_view(goals_area(page), retry)
            }
            Page::CheckIn(_) | Page::Review(_) => lazy_view(meetings_area(page), retry),
            Page::Feedback
            | Page::Recognize
            | Page::Corrective
            | Page::PeerFeedback
            | Page::RequestFeedback
            | Page::Wins
            | Page::NewWin => lazy_view(feedback_area(page), retry),
            Page::Charter | Page::Standards | Page::Authority | Page::Me => {
                lazy_view(team_area(page), retry)
            }
            Page::Development(_) | Page::TeamDevelopment | Page::Skills => {
                lazy_view(development_area(page), retry)
            }
            Page::Indicators | Page::Indicator(_) | Page::Scorecard => {
                lazy_view(indicators_area(page), retry)
            }
            Page::Aid(_) | Page::NewPlan | Page::Plan(_) => {
                lazy_view(improvement_area(page), retry)
            }
            Page::Insights
            | Page::WeeklyReport
            | Page::SystemReview
            | Page::Rollout
            | Page::Leadership => lazy_view(insight_area(page), retry),
            Page::Settings | Page::Join => lazy_view(settings_area(page), retry),
        }
    })
    .into_any()
}

/// The pages that live in a feature area's chunk (see the routes in `App`).
#[derive(Clone, Debug, PartialEq)]
pub enum Page {
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
    /// `/people/:id/development`: a person's gaps, assessments, plan and stretch work
    Development(String),
    /// `/development`: the team's skill coverage and the fairness of stretch work
    TeamDevelopment,
    /// `/development/skills`: the skills framework per role
    Skills,
    /// `/indicators`: leading and lagging indicators and their links
    Indicators,
    /// `/indicators/:id`: one indicator's readings and lead-lag findings
    Indicator(String),
    /// `/scorecard`: the balanced scorecard and strategy map
    Scorecard,
    /// `/people/:id/improvement`: "Is an improvement plan the right step?" and their plans
    Aid(String),
    /// `/improvement/new?person=<id>`: a new improvement plan
    NewPlan,
    /// `/improvement/:id`: one improvement plan
    Plan(String),
    /// `/insights`: every early warning, its rule, and the history of those handled
    Insights,
    /// `/insights/report`: the weekly team report
    WeeklyReport,
    /// `/insights/system-review`: the quarterly system review
    SystemReview,
    /// `/rollout`: the 90-day rollout's checklists
    Rollout,
    /// `/leadership`: the manager's own development plan
    Leadership,
    /// `/join#<code>`: a team member's device joins with an invitation
    Join,
    /// `/settings`
    Settings,
}
