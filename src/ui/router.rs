//! Navigation helpers over leptos_router, in the app's terms: paths relative to the base path
//! ("/people/abc"), and query parameters read once when a page opens.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// A parameter of the current URL's query string ("?parent=abc"), read once when a page opens;
/// an empty value counts as none.
pub fn query(name: &str) -> Option<String> {
    use_query_map()
        .with_untracked(|q| q.get(name))
        .filter(|v| !v.is_empty())
}

/// A function that navigates to `path` (relative to the base path, like "/people/abc"), for
/// after a save or an import. Call it while setting up a component, use it in handlers.
pub fn use_navigate() -> impl Fn(&str) + Clone + 'static {
    let navigate = leptos_router::hooks::use_navigate();
    move |to: &str| navigate(to, Default::default())
}

/// Keeps leptos_router's record of visited pages in step with the browser's history: leptos_router
/// 0.8.17 notes Back but not Forward, so after Forward a link to the page before it would leave
/// the address bar unchanged. After every Back or Forward, this tells the router where the browser
/// is now (the same URL, replacing the entry, no scrolling), which it records. Call once, inside
/// `<Router>`.
pub fn keep_history_in_step() {
    let navigate = leptos_router::hooks::use_navigate();
    let listener = window_event_listener(leptos::ev::popstate, move |_| {
        let location = window().location();
        let here = format!(
            "{}{}{}",
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default(),
            location.hash().unwrap_or_default()
        );
        let options = leptos_router::NavigateOptions {
            resolve: false,
            replace: true,
            scroll: false,
            ..Default::default()
        };
        navigate(&here, options);
    });
    on_cleanup(move || listener.remove());
}
