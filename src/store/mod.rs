//! The store: the only door to storage. Versioned records, one key each, migrations,
//! quarantine of unreadable records, conflict detection, import and export.
pub mod adapter;
pub mod browser;
pub mod clock;
pub mod device;
pub mod drafts;
#[cfg(not(target_arch = "wasm32"))]
pub mod generate;
pub mod record;
pub mod repo;
pub mod schema;
pub mod transfer;

pub use adapter::{Adapter, MemoryAdapter, WriteError};
pub use browser::BrowserStorage;
pub use record::{new_id, Body, Record, SCHEMA_VERSION};
pub use repo::{
    lowercase, External, LoadReport, Quarantined, Repository, SaveError, Saved, SyncConflict,
    SyncMark, FIRST_SCREEN_KEY,
};
pub use transfer::{
    apply_import, export, export_without_private, parse_import, plan_import, ImportFile,
    ImportMode, ImportPlan, ImportProblem,
};
