//! The user interface: one module per feature area, plus the shell and shared widgets.
pub mod browser;
pub mod components;
pub mod development;
pub mod feedback;
pub mod goals;
pub mod home;
pub mod improvement;
pub mod indicators;
pub mod insight;
pub mod lookup;
pub mod meetings;
pub mod people;
pub mod router;
pub mod settings;
pub mod shell;
pub mod state;
pub mod syncing;
pub mod team;

use std::sync::OnceLock;

static BASE: OnceLock<String> = OnceLock::new();

/// Records the path the app is served under ("" or e.g. "/trellis"); see `browser::base_path`.
pub fn set_base(base: String) {
    let _ = BASE.set(base);
}

/// A link target under the app's base path: every link goes through here (`router::use_navigate`
/// adds the base itself).
pub fn href(path: &str) -> String {
    format!("{}{path}", BASE.get().map(String::as_str).unwrap_or(""))
}
