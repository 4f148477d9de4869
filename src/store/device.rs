//! Settings of this device only, not records: who uses it in member mode. Kept in
//! localStorage under its own key (outside the store's "trellis:" keys), so it is never
//! exported, imported or synced, and each device says for itself who is using it.
use gloo_storage::{LocalStorage, Storage};

const ME: &str = "trellis-device:me";

/// The id of the team member using this device, if someone said so.
pub fn me() -> Option<String> {
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

/// True for the key above (used when listening to other tabs).
pub fn is_device_key(key: &str) -> bool {
    key == ME
}
