//! One HTTP request with the browser's fetch, for both kinds of server: a timeout, the status,
//! the ETag and the whole body, or an error in words. A body that cannot be read to its end is
//! an error, never a shorter document.
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, Request, RequestInit, Response};

/// How long one request may take before the round gives up.
const TIMEOUT_MS: i32 = 20_000;
/// The largest answer read (a team's data is far smaller: the large test store is 2 MB).
const MAX_BODY: usize = 50_000_000;

pub struct Reply {
    pub status: u16,
    pub etag: Option<String>,
    pub body: String,
}

/// `method` at `url` with `headers` (and `Content-Type: application/json` with a body).
pub async fn send(
    url: &str,
    method: &str,
    headers: &[(&str, String)],
    body: Option<&str>,
) -> Result<Reply, String> {
    let offline = "Could not reach the endpoint: offline, or the address is wrong. Your changes are kept here and go when it answers.";
    let set = Headers::new().map_err(|_| offline.to_string())?;
    for (name, value) in headers {
        let _ = set.set(name, value);
    }
    if body.is_some() {
        let _ = set.set("Content-Type", "application/json");
    }
    let init = RequestInit::new();
    init.set_method(method);
    init.set_headers(&set);
    init.set_cache(web_sys::RequestCache::NoStore);
    if let Some(b) = body {
        init.set_body(&JsValue::from_str(b));
    }
    let abort = AbortController::new().ok();
    if let Some(a) = &abort {
        init.set_signal(Some(&a.signal()));
        let a = a.clone();
        let stop = wasm_bindgen::closure::Closure::once_into_js(move || a.abort());
        let _ = leptos::prelude::window().set_timeout_with_callback_and_timeout_and_arguments_0(
            stop.unchecked_ref(),
            TIMEOUT_MS,
        );
    }
    let request = Request::new_with_str_and_init(url, &init)
        .map_err(|_| "That endpoint URL is not a valid address.".to_string())?;
    let response: Response = JsFuture::from(leptos::prelude::window().fetch_with_request(&request))
        .await
        .map_err(|_| gave_up(&abort).unwrap_or_else(|| offline.to_string()))?
        .unchecked_into();
    let status = response.status();
    let etag = response
        .headers()
        .get("ETag")
        .ok()
        .flatten()
        .map(|e| unquoted(&e));
    let too_large = || {
        format!("The endpoint sent more than {} MB, which is not a Trellis team's data. Nothing was changed here; check the URL.", MAX_BODY / 1_000_000)
    };
    let announced = response.headers().get("Content-Length").ok().flatten();
    if announced
        .and_then(|n| n.trim().parse::<usize>().ok())
        .is_some_and(|n| n > MAX_BODY)
    {
        if let Some(a) = &abort {
            a.abort(); // do not download it
        }
        return Err(too_large());
    }
    let text = match response.text() {
        Ok(p) => JsFuture::from(p).await.ok().and_then(|t| t.as_string()),
        Err(_) => None,
    };
    let body = text.ok_or_else(|| {
        gave_up(&abort).unwrap_or_else(|| {
            "The endpoint's answer was cut off. Nothing was changed here; trying again later."
                .to_string()
        })
    })?;
    if body.len() > MAX_BODY {
        return Err(too_large());
    }
    Ok(Reply { status, etag, body })
}

/// The timeout's message, if the timeout is what ended the request.
fn gave_up(abort: &Option<AbortController>) -> Option<String> {
    abort.as_ref().filter(|a| a.signal().aborted()).map(|_| {
        format!("The endpoint did not answer within {} seconds. Nothing was changed here; trying again later.", TIMEOUT_MS / 1000)
    })
}

fn unquoted(etag: &str) -> String {
    let e = etag.trim();
    let e = e.strip_prefix("W/").unwrap_or(e);
    e.trim_matches('"').to_string()
}

/// What an unexpected status means, in words for the status line.
pub fn failure(status: u16, body: &str) -> String {
    let looks_html = body.trim_start().starts_with('<');
    match status {
        401 | 403 => format!(
            "The endpoint refused the token (HTTP {status}). Check the token in Settings → Sync."
        ),
        404 => "There is no endpoint at that address (HTTP 404). Check the URL.".into(),
        413 => "The endpoint refused the data as too large (HTTP 413).".into(),
        500..=599 => format!(
            "The endpoint failed (HTTP {status}). Trying again later; your changes are kept here."
        ),
        _ if looks_html => format!(
            "The endpoint answered with a web page, not data (HTTP {status}). Check the URL."
        ),
        _ => format!("The endpoint answered HTTP {status}."),
    }
}
