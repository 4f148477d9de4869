//! The browser adapter: window.localStorage, reached through gloo-storage. Holds no handle,
//! so the repository stays `Send + Sync` for Leptos signals.
use gloo_storage::{LocalStorage, Storage};
use wasm_bindgen::JsCast;

use super::adapter::{Adapter, WriteError};
use super::record::PREFIX;

#[derive(Clone, Copy, Debug, Default)]
pub struct BrowserStorage;

impl Adapter for BrowserStorage {
    fn entries(&self) -> Vec<(String, String)> {
        let storage = LocalStorage::raw();
        let n = storage.length().unwrap_or(0);
        let mut out = Vec::with_capacity(n as usize);
        for i in 0..n {
            let Ok(Some(key)) = storage.key(i) else {
                continue;
            };
            if !key.starts_with(PREFIX) {
                continue;
            }
            if let Ok(Some(value)) = storage.get_item(&key) {
                out.push((key, value));
            }
        }
        out
    }

    fn keys(&self) -> Vec<String> {
        // One string for all keys (joined by a character no key of ours holds), not one call each.
        const SEP: &str = "\u{1e}";
        let joined: String = js_sys::Object::keys(&LocalStorage::raw()).join(SEP).into();
        joined
            .split(SEP)
            .filter(|k| k.starts_with(PREFIX))
            .map(str::to_string)
            .collect()
    }

    fn get(&self, key: &str) -> Option<String> {
        LocalStorage::raw().get_item(key).ok().flatten()
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), WriteError> {
        LocalStorage::raw().set_item(key, value).map_err(|e| {
            match e.dyn_ref::<web_sys::DomException>() {
                // Chromium and Firefox name it differently; both mean "full".
                Some(d)
                    if d.name() == "QuotaExceededError"
                        || d.name() == "NS_ERROR_DOM_QUOTA_REACHED" =>
                {
                    WriteError::Quota
                }
                Some(d) => WriteError::Failed(d.message()),
                None => WriteError::Failed(format!("{e:?}")),
            }
        })
    }

    fn remove(&mut self, key: &str) {
        let _ = LocalStorage::raw().remove_item(key);
    }
}
