//! Client-side navigation, written for this app instead of taken from leptos_router (which
//! cost the bundle about 41 KB brotli for six routes). It does what leptos_router did here:
//!
//! - the current path is a signal (`start` sets it up; `App` turns it into a page, see lib.rs);
//! - a click on a same-origin `<a>` under the base path, without modifier keys, `target`,
//!   `download` or `rel="external"`, becomes `history.pushState` instead of a page load;
//! - back and forward (`popstate`) update the signal;
//! - after a navigation the window scrolls to the `#hash` element, or else to the top;
//! - `<A>` marks the link to the current page with `aria-current="page"`.
//!
//! Paths given to `navigate` are relative to the base path ("/people"); links get theirs from
//! `ui::href`, which adds it.
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlAnchorElement, MouseEvent};

use super::href;

/// The browser's current path (with the base path), for routing and for `<A>`.
#[derive(Clone, Copy)]
struct CurrentPath(RwSignal<String>);

fn current_path() -> RwSignal<String> {
    expect_context::<CurrentPath>().0
}

/// Starts following the browser's location: provides the path signal to the components below
/// and returns it. Call once, in `App`.
pub fn start() -> RwSignal<String> {
    let path = RwSignal::new(location_path());
    provide_context(CurrentPath(path));

    let on_click = window_event_listener(leptos::ev::click, move |ev| {
        if let Some(to) = link_target(&ev) {
            ev.prevent_default();
            go(path, &to);
        }
    });
    let on_popstate = window_event_listener(leptos::ev::popstate, move |_| {
        path.set(location_path());
    });
    on_cleanup(move || {
        on_click.remove();
        on_popstate.remove();
    });
    path
}

fn location_path() -> String {
    window().location().pathname().unwrap_or_default()
}

/// Where a click on a link should go inside the app (path, query, hash), or None to leave the
/// click to the browser.
fn link_target(ev: &MouseEvent) -> Option<String> {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.meta_key()
        || ev.alt_key()
        || ev.ctrl_key()
        || ev.shift_key()
    {
        return None;
    }
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    let a: HtmlAnchorElement = target.closest("a").ok()??.dyn_into().ok()?;
    let external = a
        .get_attribute("rel")
        .is_some_and(|rel| rel.split([' ', '\t']).any(|p| p == "external"));
    if a.href().is_empty() || !a.target().is_empty() || a.has_attribute("download") || external {
        return None;
    }
    let path = a.pathname();
    let same_origin = window().location().origin().ok()? == a.origin();
    if !same_origin || !path.starts_with(&href("")) {
        return None;
    }
    Some(path + &a.search() + &a.hash())
}

/// Goes to `to` (a full path, with query and hash): a new history entry unless it is where the
/// browser already is, then the path signal, then the scroll position.
fn go(path: RwSignal<String>, to: &str) {
    let window = window();
    let location = window.location();
    let here = format!(
        "{}{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default(),
        location.hash().unwrap_or_default()
    );
    if to != here {
        if let Ok(history) = window.history() {
            let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(to));
        }
    }
    path.set(location_path());
    // Scroll once the new page is drawn (effects run on the next tick), so a `#hash` on it
    // can be found.
    leptos::task::spawn_local(async move {
        leptos::task::tick().await;
        let hash = location.hash().unwrap_or_default();
        let anchor = hash
            .strip_prefix('#')
            .filter(|id| !id.is_empty())
            .and_then(|id| {
                let id = js_sys::decode_uri(id).ok().and_then(|s| s.as_string());
                document().get_element_by_id(&id?)
            });
        match anchor {
            Some(el) => el.scroll_into_view(),
            None => window.scroll_to_with_x_and_y(0.0, 0.0),
        }
    });
}

/// A parameter of the current URL's query string ("?parent=abc"), read once when a page opens.
pub fn query(name: &str) -> Option<String> {
    let search = window().location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    params.get(name).filter(|v| !v.is_empty())
}

/// A function that navigates to `path` (relative to the base path, like "/people/abc"), for
/// after a save or an import. Call it while setting up a component, use it in handlers.
pub fn use_navigate() -> impl Fn(&str) + Clone + 'static {
    let path = current_path();
    move |to: &str| go(path, &href(to))
}

/// A link that says when it points at the current page (`aria-current="page"`): with `exact`,
/// only on that very path; otherwise also on the pages below it ("/people" on "/people/abc").
#[component]
pub fn A(
    #[prop(into)] href: String,
    #[prop(optional)] exact: bool,
    children: Children,
) -> impl IntoView {
    let path = current_path();
    let target = href.clone();
    let active = move || {
        path.with(|here| {
            if exact {
                *here == target
            } else {
                is_active_for(&target, here)
            }
        })
    };
    view! {
        <a href=href aria-current=move || active().then_some("page")>
            {children()}
        </a>
    }
}

/// Whether `href` is `location` or above it, segment by segment ("/people" is above
/// "/people/abc" but not "/peoples"); a trailing slash on `href` is ignored. The rule
/// leptos_router's `<A>` applied.
fn is_active_for(href: &str, location: &str) -> bool {
    let mut href_parts = href.split('/');
    std::iter::zip(location.split('/'), href_parts.by_ref())
        .enumerate()
        .all(|(i, (here, want))| here == want || want.is_empty() && i > 1)
        && matches!(href_parts.next(), None | Some(""))
}

#[cfg(test)]
mod tests {
    use super::is_active_for;

    #[test]
    fn active_links() {
        assert!(is_active_for("/people", "/people"));
        assert!(is_active_for("/people", "/people/abc"));
        assert!(is_active_for("/people/", "/people"));
        assert!(!is_active_for("/people", "/peoples"));
        assert!(!is_active_for("/people/abc", "/people"));
        assert!(!is_active_for("/", "/people"));
        assert!(is_active_for("/", "/"));
        assert!(is_active_for("/trellis/settings", "/trellis/settings"));
        assert!(!is_active_for("/trellis/settings", "/trellis/people"));
    }
}
