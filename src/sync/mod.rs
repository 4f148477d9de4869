//! Optional sync between devices (issue 7). `engine` is a round's logic whatever carries it:
//! merge the other side's records into this device's with the merge rules in `domain::merge`,
//! and build what to send (never the private notes of 1:1s). `client` carries it over HTTP to
//! a JSON endpoint. The rounds run in a chunk of their own (see `ui::syncing`).
pub mod client;
pub mod engine;

use crate::domain::dates::Timestamp;

/// What the status line says about sync.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SyncStatus {
    pub running: bool,
    /// When the last round completed.
    pub last_ok: Option<Timestamp>,
    /// Why the last round failed, and what to do (None after a success).
    pub error: Option<String>,
    /// Failed rounds in a row: automatic rounds wait longer after each.
    pub failures: u32,
    /// No automatic round before this (milliseconds since 1970), after failures.
    pub wait_until: i64,
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
        assert_eq!(waits, [0, 30_000, 60_000, 120_000, 240_000, 480_000, 600_000, 600_000]);
    }
}
