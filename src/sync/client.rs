//! The JSON endpoint client: one round over HTTP with the browser's fetch. `GET` with
//! `If-None-Match`, merge, `PUT` with `If-Match` (or `If-None-Match: *` to create); a `412`
//! starts the round again from the `GET`. Nothing is applied before the whole document has been
//! read and checked, and every failure leaves this device's data as it was.
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, Request, RequestInit, Response};

use super::engine::{keep_conflicts, outgoing, parse_remote, reconcile};
use crate::store::device::SyncConfig;
use crate::store::{BrowserStorage, Repository};

/// How long one request may take before the round gives up.
const TIMEOUT_MS: i32 = 20_000;
/// Rounds that end in a 412 before giving up until the next try.
const TRIES: usize = 3;

/// What a completed round did.
#[derive(Debug, Default)]
pub struct Done {
    pub received: usize,
    pub conflicts: usize,
    pub sent: bool,
}

struct Reply {
    status: u16,
    etag: Option<String>,
    body: String,
}

/// One round against the endpoint in `config`, on the repository `with` gives access to.
/// Err: what went wrong, in words for the status line.
pub async fn round(
    config: &SyncConfig,
    with: impl Fn(&mut dyn FnMut(&mut Repository<BrowserStorage>)),
) -> Result<Done, String> {
    let now = crate::ui::state::now;
    for _ in 0..TRIES {
        let mut mark = None;
        let mut changed = 0;
        with(&mut |r| {
            r.finish_loading();
            mark = r.sync_mark().cloned();
            changed = match &mark {
                Some(m) => r.changed_since(m.seq).count(),
                None => usize::MAX,
            };
        });
        let known = mark.as_ref().and_then(|m| m.etag.clone());
        let got = request(config, "GET", known.as_deref(), None).await?;
        let mut done = Done::default();
        let base_etag = match got.status {
            200 => {
                let etag = got.etag.ok_or_else(no_etag)?;
                let remote = parse_remote(&got.body).map_err(|p| {
                    format!("The endpoint did not send a Trellis document ({p}). Nothing was changed here.")
                })?;
                let mut failed = None;
                let mut remote = Some(remote);
                with(&mut |r| {
                    let merged = reconcile(r, remote.take().unwrap_or_default(), now());
                    done.received = merged.taken + merged.merged;
                    done.conflicts = merged.conflicts.iter().map(|c| c.2.len()).sum();
                    if let Err(e) = merged.write.and(keep_conflicts(r, &merged.conflicts)) {
                        failed = Some(e.explain());
                    }
                });
                if let Some(why) = failed {
                    return Err(format!(
                        "This browser's storage refused the merged data: {why}"
                    ));
                }
                Some(etag)
            }
            304 if changed == 0 => return Ok(done),
            304 => known,
            404 => None,
            status => return Err(failure(status, &got.body)),
        };
        let mut doc = (String::new(), 0);
        with(&mut |r| doc = outgoing(r, now()));
        let put = request(config, "PUT", base_etag.as_deref(), Some(&doc.0)).await?;
        match put.status {
            200 | 201 | 204 => {
                let etag = put.etag.ok_or_else(no_etag)?;
                with(&mut |r| {
                    let _ = r.mark_synced(doc.1, Some(etag.clone()));
                });
                done.sent = true;
                return Ok(done);
            }
            412 => continue,
            status => return Err(failure(status, &put.body)),
        }
    }
    Err("Another device kept writing at the same moment; trying again shortly.".into())
}

fn no_etag() -> String {
    "The endpoint sent no ETag header (a server in front of it may hide it from the browser: it must send “Access-Control-Expose-Headers: ETag”).".into()
}

fn failure(status: u16, body: &str) -> String {
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

/// One request: `method` with the precondition for `etag` (`If-None-Match` on GET, `If-Match`
/// on PUT, or `If-None-Match: *` to create), a bearer token, a timeout.
async fn request(
    config: &SyncConfig,
    method: &str,
    etag: Option<&str>,
    body: Option<&str>,
) -> Result<Reply, String> {
    let offline = "Could not reach the endpoint: offline, or the address is wrong. Your changes are kept here and go when it answers.";
    let headers = Headers::new().map_err(|_| offline.to_string())?;
    let set = |name: &str, value: &str| {
        let _ = headers.set(name, value);
    };
    match (method, etag) {
        ("GET", Some(e)) => set("If-None-Match", &quoted(e)),
        ("PUT", Some(e)) => set("If-Match", &quoted(e)),
        ("PUT", None) => set("If-None-Match", "*"),
        _ => {}
    }
    if body.is_some() {
        set("Content-Type", "application/json");
    }
    if !config.token.trim().is_empty() {
        set("Authorization", &format!("Bearer {}", config.token.trim()));
    }
    let init = RequestInit::new();
    init.set_method(method);
    init.set_headers(&headers);
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
    let request = Request::new_with_str_and_init(config.url.trim(), &init)
        .map_err(|_| "That endpoint URL is not a valid address.".to_string())?;
    let response: Response = JsFuture::from(leptos::prelude::window().fetch_with_request(&request))
        .await
        .map_err(|_| offline.to_string())?
        .unchecked_into();
    let status = response.status();
    let etag = response
        .headers()
        .get("ETag")
        .ok()
        .flatten()
        .map(|e| unquoted(&e));
    let text = match response.text() {
        Ok(p) => JsFuture::from(p).await.ok().and_then(|t| t.as_string()),
        Err(_) => None,
    };
    let body = text.ok_or(
        "The endpoint's answer was cut off. Nothing was changed here; trying again later.",
    )?;
    Ok(Reply { status, etag, body })
}

fn quoted(etag: &str) -> String {
    format!("\"{etag}\"")
}

fn unquoted(etag: &str) -> String {
    let e = etag.trim();
    let e = e.strip_prefix("W/").unwrap_or(e);
    e.trim_matches('"').to_string()
}
