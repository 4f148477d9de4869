//! App-wide state: the repository behind one signal, plus the notices the shell shows.
//! Components save through `AppState::save`, never through storage directly.
use leptos::prelude::*;

use crate::domain::scope::Role;
use leptos::wasm_split::{wasm_split, SplitLoaderError};

pub use crate::store::clock::now;
use crate::store::record::OtherKinds;

use crate::store::{
    Body, BrowserStorage, LoadReport, Record, Repository, SaveError, Saved, WriteError,
};

pub type Repo = Repository<BrowserStorage>;

#[derive(Clone, Copy)]
pub struct AppState {
    pub repo: RwSignal<Repo>,
    /// Why the newest change is only in memory (storage refused it), until a write succeeds.
    pub write_failed: RwSignal<Option<WriteError>>,
    pub quarantine_dismissed: RwSignal<bool>,
    /// A short status message ("Imported 7 records."), announced politely.
    pub flash: RwSignal<Option<String>>,
    /// Member mode: the team member who said they use this device (None: the manager's view).
    pub me: RwSignal<Option<String>>,
    /// Sync's status line (see `ui::syncing`).
    pub sync: RwSignal<crate::sync::SyncStatus>,
    /// The readers of the kinds the first screen does not draw could not be downloaded, so
    /// those records are still unread (see `read_all`).
    pub rest_unread: RwSignal<bool>,
}

/// The readers of the kinds the first screen does not draw: a chunk of their own, which keeps
/// their code out of the main module.
#[wasm_split(records, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_records))]
fn other_kinds_reader() -> Result<OtherKinds, SplitLoaderError> {
    Ok((crate::store::record::read_other_kinds, Body::problems))
}

/// What became of a save, in the terms a form needs.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveOutcome {
    /// Written to storage.
    Saved(Record),
    /// Accepted but only in memory: storage refused it (the banner says what to do).
    InMemoryOnly(Record),
    /// Changed elsewhere since the edit began; nothing was written.
    Conflict(Record),
    /// The record was deleted elsewhere.
    Missing,
    /// A member's device may not hold it (another person's, or the manager's): nothing was
    /// written, and the flash says so.
    NotAllowed,
}

/// What a member's device says when asked to save what it may not hold.
pub const NOT_YOURS: &str = "Not saved: this device is a team member's, and keeps only the team's records and their own. What you typed is still here.";

impl AppState {
    pub fn open() -> Self {
        crate::ui::browser::mark("trellis-store-open");
        // People and the team draw the first screen; the rest is read right after (see App).
        let (mut repo, report) = Repository::open_staged(
            BrowserStorage,
            Some(crate::store::record::FIRST_SCREEN_KINDS),
        );
        repo.set_role(crate::store::device::role());
        crate::ui::browser::mark("trellis-store-loaded");
        let state = AppState {
            repo: RwSignal::new(repo),
            write_failed: RwSignal::new(None),
            quarantine_dismissed: RwSignal::new(false),
            flash: RwSignal::new(None),
            me: RwSignal::new(crate::store::device::me()),
            sync: RwSignal::new(Default::default()),
            rest_unread: RwSignal::new(false),
        };
        state.note_migration(report);
        state
    }

    /// Whose device this is (read from storage once, at start, and kept with the records).
    pub fn role(&self) -> Role {
        self.repo.with_untracked(|r| r.role().clone())
    }

    /// Makes this device a member's (joining) or the manager's again; false if storage refused
    /// (the records' door holds it for this tab either way).
    pub fn set_role(&self, role: Role) -> bool {
        let stored = crate::store::device::set_role(&role);
        self.repo.update(|r| r.set_role(role));
        stored
    }

    /// Reads every stored record: fetches the readers of the other kinds (at once after the first
    /// time), then the records startup left for later. False, with `rest_unread` set, when the
    /// readers could not be downloaded: those records stay in storage, untouched, for next time.
    pub async fn read_all(&self) -> bool {
        match other_kinds_reader().await {
            Ok(read) => {
                crate::store::record::install_reader(Some(read));
                let report = self
                    .repo
                    .try_update(|r| r.finish_loading())
                    .unwrap_or_default();
                self.note_migration(report);
                self.rest_unread.set(false);
                true
            }
            Err(_) => {
                self.rest_unread.set(true);
                false
            }
        }
    }

    /// Says so when records were upgraded from an older format (the first screen or later).
    pub fn note_migration(&self, report: LoadReport) {
        if report.migrated > 0 {
            self.say(format!(
                "Upgraded {} stored record(s) to the current format.",
                report.migrated
            ));
        }
    }

    /// Saves `body` as a new record (`target` None) or a new version of `target` = (id, base rev).
    pub fn save(&self, target: Option<(String, u64)>, body: Body) -> SaveOutcome {
        let result = self.repo.try_update(|repo| match &target {
            None => repo.try_create(body, now()),
            Some((id, rev)) => repo.update(id, body, *rev, now()),
        });
        self.outcome(result.expect("the repository signal lives as long as the app"))
    }

    /// Deletes the record `id` (a tombstone, so sync passes the deletion on), based on `rev`.
    pub fn delete(&self, id: &str, rev: u64) -> SaveOutcome {
        let result = self.repo.try_update(|repo| repo.delete(id, rev, now()));
        self.outcome(result.expect("the repository signal lives as long as the app"))
    }

    /// Saves over whatever is newest: the user chose their version in a conflict.
    pub fn overwrite(&self, id: &str, body: Body) -> SaveOutcome {
        let result = self.repo.try_update(|repo| repo.overwrite(id, body, now()));
        self.outcome(result.expect("the repository signal lives as long as the app"))
    }

    fn outcome(&self, result: Result<Saved, SaveError>) -> SaveOutcome {
        match result {
            Ok(Saved {
                record,
                write: Ok(()),
            }) => {
                if self.repo.with_untracked(|r| r.unsaved_count() == 0) {
                    self.write_failed.set(None);
                }
                SaveOutcome::Saved(record)
            }
            Ok(Saved {
                record,
                write: Err(e),
            }) => {
                self.write_failed.set(Some(e));
                SaveOutcome::InMemoryOnly(record)
            }
            Err(SaveError::Conflict { theirs }) => SaveOutcome::Conflict(*theirs),
            Err(SaveError::Missing) => SaveOutcome::Missing,
            Err(SaveError::NotAllowed) => {
                self.say(NOT_YOURS);
                SaveOutcome::NotAllowed
            }
        }
    }

    /// Notes the result of a batch write (demo, import, retry) for the banner.
    pub fn note_write(&self, result: Result<(), WriteError>) {
        match result {
            Ok(()) if self.repo.with_untracked(|r| r.unsaved_count() == 0) => {
                self.write_failed.set(None)
            }
            Ok(()) => {}
            Err(e) => self.write_failed.set(Some(e)),
        }
    }

    /// Tries again to write what storage refused; true when everything is saved now.
    pub fn retry_unsaved(&self) -> bool {
        let result = self
            .repo
            .try_update(|r| r.retry_unsaved())
            .expect("the repository signal lives as long as the app");
        let ok = result.is_ok();
        self.note_write(result);
        if ok {
            self.say("Saved: every change is in this browser's storage now.");
        }
        ok
    }

    /// Says who uses this device (member mode), or None for the manager's view.
    pub fn set_me(&self, id: Option<String>) {
        if !crate::store::device::set_me(id.as_deref()) {
            self.say("This browser would not store who you are: it holds for this tab only.");
        }
        self.me.set(id);
    }

    /// Saves, and if the save was taken (written, or kept in memory when storage refused),
    /// says `said`. Whether it was taken.
    pub fn save_saying(&self, target: Option<(String, u64)>, body: Body, said: &str) -> bool {
        match self.save(target, body) {
            SaveOutcome::Saved(_) | SaveOutcome::InMemoryOnly(_) => {
                self.say(said);
                true
            }
            _ => false,
        }
    }

    pub fn say(&self, message: impl Into<String>) {
        self.flash.set(Some(message.into()));
    }
}
