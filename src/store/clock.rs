//! The clock: the one place that reads the time, for the UI and sync alike. The domain never
//! reads it; callers pass `now` in.
use crate::domain::dates::Timestamp;

/// Now, to the millisecond (the browser's clock; the system's in native builds).
pub fn now() -> Timestamp {
    Timestamp::from_millis(chrono::Utc::now().timestamp_millis())
        .expect("the clock reads a time in range")
}
