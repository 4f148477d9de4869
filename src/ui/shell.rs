//! The app shell: navigation (side on wide screens, bottom bar on phones) and the notices
//! about storage: records set aside, changes storage refused, short status messages.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::ui::href;

use crate::ui::settings::export_now;
use crate::ui::state::AppState;

/// Inline icons (24×24 outline), so the shell needs no icon font or image requests.
fn icon(path: &'static str) -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d=path /></svg>
    }
}
const HOME: &str = "M3 11 12 3l9 8M5 9.5V21h5v-6h4v6h5V9.5";
const PEOPLE: &str = "M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM2 21v-1a7 7 0 0 1 14 0v1M16 3.5a4 4 0 0 1 0 7.5M22 21v-1a7 7 0 0 0-4-6.3";
const GOALS: &str = "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM12 17a5 5 0 1 0 0-10 5 5 0 0 0 0 10zM12 13a1 1 0 1 0 0-2 1 1 0 0 0 0 2z";
const FEEDBACK: &str =
    "M21 12a8 8 0 0 1-11.6 7.1L3 21l1.9-6.4A8 8 0 1 1 21 12zM8.5 11h.01M12 11h.01M15.5 11h.01";
const ME: &str = "M12 12a4.5 4.5 0 1 0 0-9 4.5 4.5 0 0 0 0 9zM4 21v-1a8 8 0 0 1 16 0v1";
const TEAM: &str = "M9 3h6l1 3h4v15H4V6h4zM8 11h8M8 15h6";
const SETTINGS: &str = "M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-2.9 1.2V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-2.9-1.2l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1A1.7 1.7 0 0 0 3 14.1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.2-2.9l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1A1.7 1.7 0 0 0 10 3.2V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 2.9 1.2l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0 1.2 2.9h.1a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z";

#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let state = expect_context::<AppState>();
    crate::ui::router::keep_history_in_step();
    view! {
        // `#main` alone would resolve against <base href> and leave the page: focus it here.
        <a class="skip-link" href="#main" on:click=|ev: leptos::ev::MouseEvent| {
            ev.prevent_default();
            crate::ui::browser::focus("main");
        }>"Skip to content"</a>
        <div class="app">
            <nav class="nav" aria-label="Main">
                <span class="brand" aria-hidden="true">"Trellis"</span>
                // In member mode the first place is the member's own page.
                {move || if state.me.with(Option::is_some) {
                    view! { <A href=href("/me")>{icon(ME)}<span>"Me"</span></A> }.into_any()
                } else {
                    view! { <A href=href("/") exact=true>{icon(HOME)}<span>"Home"</span></A> }.into_any()
                }}
                <A href=href("/people")>{icon(PEOPLE)}<span>"People"</span></A>
                <A href=href("/goals")>{icon(GOALS)}<span>"Goals"</span></A>
                <A href=href("/feedback")>{icon(FEEDBACK)}<span>"Feedback"</span></A>
                <A href=href("/team")>{icon(TEAM)}<span>"Team"</span></A>
                <A href=href("/settings")>{icon(SETTINGS)}<span>"Settings"</span></A>
            </nav>
            <div class="content">
                <Notices />
                <main id="main" tabindex="-1">{children()}</main>
            </div>
        </div>
    }
}

#[component]
fn Notices() -> impl IntoView {
    let state = expect_context::<AppState>();
    let quarantined = Memo::new(move |_| state.repo.with(|r| r.quarantined().len()));
    let retry = move |_| {
        state.retry_unsaved();
    };
    // The service worker has a newer build waiting (see src/web/boot.js); it takes over only
    // when the user reloads.
    let update_ready = RwSignal::new(crate::ui::browser::update_waiting());
    let listener = window_event_listener(
        leptos::ev::Custom::new("trellis-update-ready"),
        move |_: web_sys::Event| update_ready.set(true),
    );
    on_cleanup(move || listener.remove());
    view! {
        <div class="notices">
            {move || state.write_failed.get().map(|e| view! {
                <section class="banner error" role="alert" data-testid="banner-write-failed">
                    <p>
                        <strong>"Not saved to this browser. "</strong>
                        {e.explain()}
                        " Your change is kept in this tab for now: export a copy so nothing is lost, then free space and try again."
                    </p>
                    <div class="actions">
                        <button type="button" class="primary" on:click=move |_| export_now(state, true)>"Export a copy"</button>
                        <button type="button" on:click=retry>"Try again"</button>
                    </div>
                </section>
            })}
            <Show when=move || update_ready.get()>
                <Banner
                    tone="info"
                    testid="banner-update"
                    title="A new version of Trellis is ready. "
                    text="Reload when it suits you: everything you saved stays, and a check-in carries on where it was."
                >
                    <button type="button" class="primary" on:click=move |_| crate::ui::browser::apply_update()>"Reload"</button>
                </Banner>
            </Show>
            <Show when=move || state.rest_unread.get()>
                <Banner
                    tone="error"
                    testid="banner-rest-unread"
                    title="Some records are not shown yet. "
                    text="Part of Trellis could not be downloaded, so goals, 1:1s and feedback stored in this browser are not read yet. They are safe and unchanged. Check the connection, then try again."
                >
                    <button type="button" on:click=move |_| leptos::task::spawn_local(async move { state.read_all().await; })>"Try again"</button>
                </Banner>
            </Show>
            <Show when=move || { quarantined.get() > 0 && !state.quarantine_dismissed.get() }>
                <section class="banner warning" role="status" data-testid="banner-quarantine">
                    <p>
                        {move || {
                            let n = quarantined.get();
                            if n == 1 {
                                "1 stored record could not be read. It was set aside untouched and everything else loaded.".to_string()
                            } else {
                                format!("{n} stored records could not be read. They were set aside untouched and everything else loaded.")
                            }
                        }}
                    </p>
                    <div class="actions">
                        <A href=href("/settings") attr:class="button">"Review in Settings"</A>
                        <button type="button" on:click=move |_| state.quarantine_dismissed.set(true)>"Dismiss"</button>
                    </div>
                </section>
            </Show>
            {move || state.me.get().map(|id| view! {
                <p class="member-bar" data-testid="member-bar">
                    {format!("Member mode: {}. ", crate::ui::lookup::person_name(state, &id))}
                    <A href=href("/me")>"Your page"</A>
                </p>
            })}
            <p class="flash" role="status" aria-live="polite" data-testid="flash">{move || state.flash.get()}</p>
        </div>
    }
}

/// A message across the top of every page with its actions: `tone` is info, warning or error
/// (errors are announced at once, the others politely).
#[component]
fn Banner(
    tone: &'static str,
    testid: &'static str,
    title: &'static str,
    text: &'static str,
    children: Children,
) -> impl IntoView {
    let role = if tone == "error" { "alert" } else { "status" };
    view! {
        <section class=format!("banner {tone}") role=role data-testid=testid>
            <p>
                <strong>{title}</strong>
                {text}
            </p>
            <div class="actions">{children()}</div>
        </section>
    }
}
