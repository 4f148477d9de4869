//! Settings of this device only, not records: who uses it in member mode, and where it syncs.
//! Kept in localStorage under their own keys (outside the store's "trellis:" keys), so they are
//! never exported, imported or synced, and each device says for itself.
use gloo_storage::{LocalStorage, Storage};

use crate::domain::scope::Role;

const ME: &str = "trellis-device:me";

/// The id of the team member using this device: a member's device is always theirs; on the
/// manager's, whoever said so in member mode.
pub fn me() -> Option<String> {
    if let Role::Member(id) = role() {
        return Some(id);
    }
    LocalStorage::raw()
        .get_item(ME)
        .ok()
        .flatten()
        .filter(|id| !id.is_empty())
}

/// Says who uses this device (None: the manager's view). False if storage refused it, in which
/// case it holds for this tab only.
pub fn set_me(id: Option<&str>) -> bool {
    let storage = LocalStorage::raw();
    match id {
        Some(id) => storage.set_item(ME, id).is_ok(),
        None => storage.remove_item(ME).is_ok(),
    }
}

/// True for the keys above (used when listening to other tabs).
pub fn is_device_key(key: &str) -> bool {
    key == ME || key == ROLE || key == NOTIFY
}

const ROLE: &str = "trellis-device:role";

/// What this device is: a member's, once it joined with an invitation (the person's id is
/// kept here), else the manager's.
pub fn role() -> Role {
    match LocalStorage::raw().get_item(ROLE).ok().flatten() {
        Some(id) if !id.is_empty() => Role::Member(id),
        _ => Role::Manager,
    }
}

/// Makes this a member's device (joining) or the manager's again (after erasing its data);
/// false if storage refused.
pub fn set_role(role: &Role) -> bool {
    let storage = LocalStorage::raw();
    match role {
        Role::Member(id) => storage.set_item(ROLE, id).is_ok(),
        Role::Manager => storage.remove_item(ROLE).is_ok(),
    }
}

const SYNC: &str = "trellis-device:sync";

/// Where and how this device syncs (Settings → Sync). Kept on the device only: the token never
/// goes into exports or to the other side.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SyncConfig {
    /// The team document's URL (JSON endpoint), or the database's (CouchDB).
    pub url: String,
    /// Sent as `Authorization: Bearer <token>` when not empty (CouchDB: `user:password` is sent
    /// as basic auth).
    #[serde(default)]
    pub token: String,
    /// The URL is a CouchDB database (one document per record), not a JSON endpoint.
    #[serde(default)]
    pub couch: bool,
    /// The team passphrase for end-to-end encryption; empty: not sealed.
    #[serde(default)]
    pub passphrase: String,
    /// A member's device: their own key (base64), from the invitation, which opens their place
    /// and the team keys wrapped for them (see `sync::keys`). Empty on a manager's device.
    #[serde(default)]
    pub key: String,
    /// Sync by itself: after changes, when the app regains focus or the network, and every few
    /// minutes. Off: only "Sync now".
    #[serde(default)]
    pub auto: bool,
}

/// Whether this device syncs, and automatically: read as plain JSON, so the first screen's code
/// does not carry the settings' parser (which lives with the sync code, in the settings chunk).
pub fn sync_switches() -> (bool, bool) {
    let raw = LocalStorage::raw().get_item(SYNC).ok().flatten();
    let v: serde_json::Value = raw
        .and_then(|r| serde_json::from_str(&r).ok())
        .unwrap_or_default();
    let on = v["url"].as_str().is_some_and(|u| !u.trim().is_empty());
    (on, on && v["auto"] == true)
}

pub fn sync_config() -> Option<SyncConfig> {
    let raw = LocalStorage::raw().get_item(SYNC).ok().flatten()?;
    serde_json::from_str(&raw).ok()
}

/// Keeps (or with None, forgets) the sync settings; false if storage refused.
pub fn set_sync_config(config: Option<&SyncConfig>) -> bool {
    let storage = LocalStorage::raw();
    match config {
        Some(c) => storage
            .set_item(SYNC, &serde_json::to_string(c).unwrap_or_default())
            .is_ok(),
        None => storage.remove_item(SYNC).is_ok(),
    }
}

const NOTIFY: &str = "trellis-device:notify";

/// Whether this device shows browser notifications of what is due, and the day it last did
/// (so each day's reminders come once, on the first open).
pub fn notify() -> (bool, Option<String>) {
    match LocalStorage::raw().get_item(NOTIFY).ok().flatten() {
        Some(v) if !v.is_empty() => (true, Some(v).filter(|v| v != "on")),
        _ => (false, None),
    }
}

/// Turns notifications on ("on", or the day last shown) or off (None); false if storage refused.
pub fn set_notify(value: Option<&str>) -> bool {
    let storage = LocalStorage::raw();
    match value {
        Some(v) => storage.set_item(NOTIFY, v).is_ok(),
        None => storage.remove_item(NOTIFY).is_ok(),
    }
}
