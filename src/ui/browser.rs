//! Small browser helpers the pages share: downloading a text file, reading a chosen file,
//! asking for persistent storage, focusing a field.
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Offers `text` as a download named `filename`.
pub fn download(filename: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let document = leptos::prelude::document();
    if let Ok(a) = document.create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(filename);
        a.click();
    }
    // Revoke later: some browsers start the download only after the click handler returns.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    let _ = leptos::prelude::window()
        .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000);
}

/// Copies `text` to the clipboard; `done` learns whether the browser allowed it.
pub fn copy_text(text: &str, done: impl FnOnce(bool) + 'static) {
    let promise = leptos::prelude::window()
        .navigator()
        .clipboard()
        .write_text(text);
    leptos::task::spawn_local(async move { done(JsFuture::from(promise).await.is_ok()) });
}

/// The text of the first file chosen in `input`, or why it could not be read.
pub async fn read_chosen_file(
    input: &web_sys::HtmlInputElement,
) -> Result<(String, String), String> {
    let file = input
        .files()
        .and_then(|f| f.get(0))
        .ok_or("No file was chosen.")?;
    let name = file.name();
    let text = JsFuture::from(file.text())
        .await
        .map_err(|_| format!("The file {name} could not be read."))?;
    Ok((name, text.as_string().unwrap_or_default()))
}

/// Whether the browser keeps our storage even under storage pressure: Some(true/false), or None
/// where the browser has no Storage API.
pub async fn storage_persisted(ask: bool) -> Option<bool> {
    let storage = leptos::prelude::window().navigator().storage();
    if js_sys::Reflect::get(&storage, &JsValue::from_str("persist"))
        .map(|f| f.is_undefined())
        .unwrap_or(true)
    {
        return None;
    }
    let promise = if ask {
        storage.persist().ok()?
    } else {
        storage.persisted().ok()?
    };
    JsFuture::from(promise).await.ok()?.as_bool()
}

/// Moves keyboard focus to the element with `id` (the first field with an error).
pub fn focus(id: &str) {
    if let Some(el) = leptos::prelude::document().get_element_by_id(id) {
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}

/// A performance mark, for `make bench` and the browser's profiler.
pub fn mark(name: &str) {
    if let Some(perf) = leptos::prelude::window().performance() {
        let _ = perf.mark(name);
    }
}

/// Tells tests and `make bench` that the app has loaded its store and drawn its first screen.
pub fn mark_ready() {
    mark("trellis-ready");
    if let Some(root) = leptos::prelude::document().document_element() {
        let _ = root.set_attribute("data-ready", "1");
    }
}

/// The path the app is served under ("" at the root, "/trellis" under a sub-path), from the
/// `<base href>` that `tools/build.sh` writes from `--public-url`.
pub fn base_path() -> String {
    let uri = leptos::prelude::document()
        .base_uri()
        .ok()
        .flatten()
        .unwrap_or_default();
    let path = web_sys::Url::new(&uri)
        .map(|u| u.pathname())
        .unwrap_or_default();
    path.trim_end_matches('/').to_string()
}

thread_local! {
    /// The screen wake lock held while a meeting runs (a `WakeLockSentinel`).
    static WAKE_LOCK: std::cell::RefCell<Option<JsValue>> = const { std::cell::RefCell::new(None) };
}

/// Keeps the screen on (`true`) or lets it sleep again (`false`), through the Screen Wake Lock
/// API where the browser has it; elsewhere nothing happens. The browser drops the lock when the
/// tab is hidden, so callers ask again when it is shown (see `ui::meetings`).
pub fn keep_awake(on: bool) {
    use js_sys::Reflect;
    if !on {
        if let Some(sentinel) = WAKE_LOCK.with(|w| w.borrow_mut().take()) {
            if let Ok(release) = Reflect::get(&sentinel, &JsValue::from_str("release")) {
                if let Some(f) = release.dyn_ref::<js_sys::Function>() {
                    let _ = f.call0(&sentinel);
                }
            }
        }
        return;
    }
    let navigator = leptos::prelude::window().navigator();
    let Ok(lock) = Reflect::get(&navigator, &JsValue::from_str("wakeLock")) else {
        return;
    };
    let Some(request) = Reflect::get(&lock, &JsValue::from_str("request"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return;
    };
    let Ok(promise) = request.call1(&lock, &JsValue::from_str("screen")) else {
        return;
    };
    let Ok(promise) = promise.dyn_into::<js_sys::Promise>() else {
        return;
    };
    leptos::task::spawn_local(async move {
        // Refused (battery saver, hidden tab): the meeting runs on regardless.
        if let Ok(sentinel) = JsFuture::from(promise).await {
            WAKE_LOCK.with(|w| *w.borrow_mut() = Some(sentinel));
        }
    });
}

/// Whether the page is shown (not in a background tab or a locked screen).
pub fn page_visible() -> bool {
    !leptos::prelude::document().hidden()
}

/// Whether the service worker has a newer build installed and waiting (src/web/boot.js sets
/// `trellisUpdateReady` and fires `trellis-update-ready`).
pub fn update_waiting() -> bool {
    js_sys::Reflect::get(
        &leptos::prelude::window(),
        &JsValue::from_str("trellisUpdateReady"),
    )
    .ok()
    .and_then(|v| v.as_bool())
    .unwrap_or(false)
}

/// Lets the waiting build take over and reloads the page once (src/web/boot.js), or just
/// reloads where there is no worker.
pub fn apply_update() {
    let window = leptos::prelude::window();
    let apply = js_sys::Reflect::get(&window, &JsValue::from_str("trellisApplyUpdate"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    match apply {
        Some(f) => {
            let _ = f.call0(&window);
        }
        None => {
            let _ = window.location().reload();
        }
    }
}

/// Resolves once the page has loaded, then `delay_ms` later when the browser is idle: for work
/// that must not compete with the first screen or the first taps, such as the chunks fetched
/// ahead.
pub async fn after_load_idle(delay_ms: i32) {
    let window = leptos::prelude::window();
    if leptos::prelude::document().ready_state() != "complete" {
        let loaded = js_sys::Promise::new(&mut |resolve, _| {
            let options = web_sys::AddEventListenerOptions::new();
            options.set_once(true);
            let _ = window.add_event_listener_with_callback_and_add_event_listener_options(
                "load", &resolve, &options,
            );
        });
        let _ = JsFuture::from(loaded).await;
    }
    if delay_ms > 0 {
        let later = js_sys::Promise::new(&mut |resolve, _| {
            let _ =
                window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, delay_ms);
        });
        let _ = JsFuture::from(later).await;
    }
    idle().await;
}

/// Resolves when the browser is next idle (or after two seconds at most).
pub async fn idle() {
    let window = leptos::prelude::window();
    let request = js_sys::Reflect::get(&window, &JsValue::from_str("requestIdleCallback"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &JsValue::from_str("timeout"), &2000.into());
        let asked = match &request {
            Some(f) => f.call2(&window, &resolve, &options).is_ok(),
            None => false,
        };
        if !asked {
            let _ = window.set_timeout_with_callback(&resolve);
        }
    });
    let _ = JsFuture::from(promise).await;
}
