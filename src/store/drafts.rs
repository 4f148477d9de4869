//! Unsaved form drafts (a corrective conversation half written), kept in this tab's
//! sessionStorage as the user types: a reload brings them back; closing the tab forgets them,
//! which suits words not yet meant to be kept. Drafts are not records: never exported or synced.
use gloo_storage::{SessionStorage, Storage};

const PREFIX: &str = "trellis-draft:";

/// The draft kept under `name`, if any.
pub fn load(name: &str) -> Option<String> {
    SessionStorage::raw()
        .get_item(&format!("{PREFIX}{name}"))
        .ok()
        .flatten()
}

/// Keeps `text` as the draft `name` (a full storage only means the draft is not kept).
pub fn save(name: &str, text: &str) {
    let _ = SessionStorage::raw().set_item(&format!("{PREFIX}{name}"), text);
}

pub fn clear(name: &str) {
    let _ = SessionStorage::raw().remove_item(&format!("{PREFIX}{name}"));
}
