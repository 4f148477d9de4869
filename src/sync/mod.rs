//! Optional sync between devices (issue 7). `engine` is a round's logic whatever carries it:
//! merge the other side's records into this device's with the merge rules in `domain::merge`,
//! and build what to send (never the private notes of 1:1s). `client` carries it over HTTP to
//! a JSON endpoint or a CouchDB database (`couch`), optionally sealed with a team passphrase
//! (`seal`). The rounds run in the settings chunk (see `ui::syncing`).
pub mod client;
pub mod couch;
pub mod engine;
pub mod http;
pub mod invite;
pub mod keys;
pub mod seal;

use crate::domain::dates::Timestamp;
use crate::domain::scope::{Role, Scope};
use crate::store::{Adapter, Repository};

/// The places a device with `role` syncs now: see `Role::places` (people archived are left
/// out).
pub fn places<A: Adapter>(repo: &Repository<A>, role: &Role) -> Vec<Scope> {
    role.places(&on_team(repo))
}

/// The ids of the people on the team now (not archived).
pub fn on_team<A: Adapter>(repo: &Repository<A>) -> Vec<String> {
    repo.people()
        .into_iter()
        .filter(|(_, p)| !p.archived)
        .map(|(rec, _)| rec.id.clone())
        .collect()
}

/// What the status line says about sync.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SyncStatus {
    /// This device has sync settings.
    pub configured: bool,
    pub running: bool,
    /// When the last round completed.
    pub last_ok: Option<Timestamp>,
    /// Why the last round failed, and what to do (None after a success).
    pub error: Option<String>,
    /// Failed rounds in a row: automatic rounds wait longer after each.
    pub failures: u32,
    /// No automatic round before this (milliseconds since 1970), after failures.
    pub wait_until: i64,
    /// Rounds ended in this session, either way (the screen shows it for tests to wait on).
    pub rounds: u32,
}

impl SyncStatus {
    /// How long to wait after `failures` failed rounds in a row: 30 s, doubling, at most 10 min.
    pub fn backoff_ms(failures: u32) -> i64 {
        if failures == 0 {
            return 0;
        }
        (30_000i64 << (failures - 1).min(5)).min(600_000)
    }
}

#[cfg(test)]
mod tests {
    use super::SyncStatus;

    #[test]
    fn backoff_doubles_up_to_ten_minutes() {
        let waits: Vec<i64> = (0..8).map(SyncStatus::backoff_ms).collect();
        assert_eq!(
            waits,
            [0, 30_000, 60_000, 120_000, 240_000, 480_000, 600_000, 600_000]
        );
    }
}

/// What is wrong with an endpoint URL, if anything.
pub fn check_url(url: &str) -> Option<&'static str> {
    let u = url.trim();
    if u.is_empty() {
        return Some(
            "Enter the address of your team's document, e.g. https://sync.example.com/acme.",
        );
    }
    let rest = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"));
    match rest {
        None => Some("The address starts with https:// (or http:// on your own network)."),
        Some(r) if r.split('/').next().is_none_or(str::is_empty) => {
            Some("The address needs a server name after https://.")
        }
        Some(r) if u.contains(char::is_whitespace) || !r.contains('/') => {
            Some("The address needs the document's path after the server, e.g. /acme.")
        }
        Some(_) => None,
    }
}

#[cfg(test)]
mod url_tests {
    use super::check_url;

    #[test]
    fn endpoint_urls() {
        assert_eq!(check_url("https://sync.example.com/acme"), None);
        assert_eq!(check_url(" http://127.0.0.1:8787/team-1 "), None);
        assert!(check_url("").unwrap().starts_with("Enter"));
        assert!(check_url("sync.example.com/acme")
            .unwrap()
            .contains("https://"));
        assert!(check_url("ftp://x/y").unwrap().contains("https://"));
        assert!(check_url("https:///acme").unwrap().contains("server name"));
        assert!(check_url("https://sync.example.com")
            .unwrap()
            .contains("path"));
        assert!(check_url("https://sync.example.com/a b")
            .unwrap()
            .contains("path"));
    }
}
