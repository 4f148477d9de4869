//! The repository: the one way the app reads and writes records. It keeps every record in
//! memory, writes each change to its own key, spots stale saves, quarantines what it cannot read,
//! and keeps an edit in memory when the storage refuses it.
use std::collections::{BTreeMap, BTreeSet};

use crate::domain::dates::{Date, Timestamp};
use crate::domain::scope::{Role, Scope};

use super::adapter::{Adapter, WriteError};
use super::record::{
    can_read, new_id, record_key, split_key, valid_id, Body, Record, FIRST_SCREEN_KINDS, META_KEY,
    PREFIX, SCHEMA_VERSION,
};
use super::schema::{parse_record, parse_stored};
use crate::domain::{demo, Goal, Person, Team};

/// A stored entry Trellis could not read. It stays in storage untouched until the user discards it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quarantined {
    pub key: String,
    pub raw: String,
    pub reason: String,
}

/// What opening the store found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadReport {
    pub loaded: usize,
    /// Records upgraded from an older schema (and written back in the new shape).
    pub migrated: usize,
    pub quarantined: usize,
}

/// Why a save did not go ahead. Nothing was written in either case.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveError {
    /// The record changed elsewhere (another tab) since this edit began; `theirs` is that version.
    Conflict { theirs: Box<Record> },
    /// The record does not exist (any more).
    Missing,
    /// Its kind's records may not have that scope (`Body::scope_choices`).
    NotAllowed,
}

/// A save that was accepted: the record is in memory; `write` says whether it reached storage.
#[derive(Clone, Debug, PartialEq)]
pub struct Saved {
    pub record: Record,
    pub write: Result<(), WriteError>,
}

/// What a change made by another tab did here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum External {
    Updated(String),
    Removed(String),
    Quarantined(String),
    Ignored,
}

#[derive(Clone, Debug)]
pub struct Repository<A: Adapter> {
    adapter: A,
    records: BTreeMap<String, Record>,
    quarantine: Vec<Quarantined>,
    /// Ids whose newest version is only in memory because storage refused it.
    unsaved: BTreeSet<String>,
    next_seq: u64,
    /// Keys of records not read yet (kinds the first screen does not need), see `open_staged`.
    deferred: BTreeSet<String>,
    /// Opened from `FIRST_SCREEN_KEY` without listing storage: which other keys exist is not
    /// known yet (`finish_loading` lists them).
    unlisted: bool,
    /// What `FIRST_SCREEN_KEY` holds (or will, once written).
    first_keys: Vec<String>,
    meta_written: bool,
    /// Where sync last left this device in step with each place on the server (by scope, see
    /// `src/sync`); none for a scope never synced, whose edits then keep no base copies.
    sync_marks: BTreeMap<String, SyncMark>,
    /// See `SYNC_MOVED_KEY`.
    moved: BTreeMap<String, Moved>,
    /// Whose device this is: a member's holds only the team's records and their own, so a
    /// save of any other scope is refused (`SaveError::NotAllowed`), and so is an import's.
    role: Role,
}

/// The last sync with one place that completed: every change of its scope numbered up to `seq`
/// was on the other side, which then had the version `etag` (JSON endpoint mode) or the
/// changes feed's checkpoint (CouchDB).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SyncMark {
    pub seq: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
}

/// A value two devices changed differently, kept until the user chooses (see `sync::engine`).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SyncConflict {
    pub id: String,
    /// What the record is ("person “Hannah Whitfield”").
    pub what: String,
    /// Where in its data (`"notes"`, `"measure.current"`; empty for the whole record).
    pub path: String,
    /// This device's value, which the record holds.
    pub local: serde_json::Value,
    /// The other device's value.
    pub remote: serde_json::Value,
}

const SYNC_CONFLICTS_KEY: &str = "trellis:sync:conflicts";

/// The keys of the first screen's records (`FIRST_SCREEN_KINDS`), sorted: a staged open reads
/// them without listing storage. Kept by this repository; when it is missing or out of date,
/// the listing after the first screen finds what it left out (and mends it).
pub const FIRST_SCREEN_KEY: &str = "trellis:first-screen";

/// Where the sync mark is kept (outside the records: never exported).
const SYNC_MARK_KEY: &str = "trellis:sync:mark";
/// A record's version as of the last sync, kept when it is first changed afterwards: the common
/// version the merge rules compare both sides with.
const SYNC_BASE_PREFIX: &str = "trellis:sync:base:";
/// Records that left a scope whose place they were synced to, by id, with that scope: the next
/// round with that place removes them from there.
const SYNC_MOVED_KEY: &str = "trellis:sync:moved";

/// A record that left the scope `from` with its version `rev`: the old place's copy is that
/// one or older.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Moved {
    from: String,
    rev: u64,
}

impl<A: Adapter> Repository<A> {
    /// Reads everything from `adapter`: migrates old records (writing them back), quarantines
    /// unreadable ones, loads the rest.
    pub fn open(adapter: A) -> (Self, LoadReport) {
        Self::open_staged(adapter, None)
    }

    /// Like `open`, but with `eager` = Some(kinds) reads only records of those kinds now (their
    /// keys say their kind); the rest waits, unread, for `finish_loading`. The app calls that
    /// right after its first screen is drawn, so a large store does not hold up startup.
    pub fn open_staged(adapter: A, eager: Option<&[&str]>) -> (Self, LoadReport) {
        let mut repo = Repository {
            adapter,
            records: BTreeMap::new(),
            quarantine: vec![],
            unsaved: BTreeSet::new(),
            next_seq: 1,
            deferred: BTreeSet::new(),
            unlisted: false,
            first_keys: vec![],
            meta_written: false,
            sync_marks: BTreeMap::new(),
            moved: BTreeMap::new(),
            role: Role::Manager,
        };
        let report = repo.load(eager);
        (repo, report)
    }

    fn load(&mut self, eager: Option<&[&str]>) -> LoadReport {
        self.records.clear();
        self.quarantine.clear();
        self.unsaved.clear();
        self.deferred.clear();
        self.meta_written = false;
        self.first_keys = read_first_keys(self.adapter.get(FIRST_SCREEN_KEY).as_deref());
        // The first screen's records, by the list of their keys: listing every key of a large
        // store costs more than reading them (one call per key in the browser).
        let by_list = eager == Some(FIRST_SCREEN_KINDS) && !self.first_keys.is_empty();
        self.unlisted = by_list;
        let entries = match eager {
            None => self.adapter.entries(),
            Some(_) if by_list => {
                let keys = self.first_keys.clone();
                keys.into_iter()
                    .filter_map(|k| Some((k.clone(), self.adapter.get(&k)?)))
                    .collect()
            }
            Some(eager) => {
                let mut now = vec![];
                for key in self.adapter.keys() {
                    match split_key(&key) {
                        Some((Some(kind), _)) if !eager.contains(&kind) => {
                            self.deferred.insert(key);
                        }
                        _ => {
                            if let Some(raw) = self.adapter.get(&key) {
                                now.push((key, raw));
                            }
                        }
                    }
                }
                now
            }
        };
        if let Some(meta) = self.adapter.get(META_KEY) {
            self.read_meta_seq(&meta);
        }
        self.sync_marks = read_map(self.adapter.get(SYNC_MARK_KEY).as_deref());
        self.moved = read_map(self.adapter.get(SYNC_MOVED_KEY).as_deref());
        let report = self.read_entries(entries);
        if !self.records.is_empty() || !self.deferred.is_empty() {
            self.write_meta();
        }
        if !by_list {
            self.keep_first_keys();
        }
        report
    }

    /// Reads the records `open_staged` put off (those whose reader is loaded). Does nothing once
    /// everything is read.
    pub fn finish_loading(&mut self) -> LoadReport {
        if self.deferred.is_empty() && !self.unlisted {
            return LoadReport::default();
        }
        let deferred = std::mem::take(&mut self.deferred);
        let unlisted = std::mem::take(&mut self.unlisted);
        let entries = self
            .adapter
            .entries()
            .into_iter()
            .filter(|(k, _)| {
                if !unlisted {
                    return deferred.contains(k);
                }
                // Every record not read yet, whatever the list of first keys left out.
                match split_key(k) {
                    Some((_, id)) => {
                        !self.records.contains_key(id)
                            && !self.quarantine.iter().any(|q| q.key == *k)
                    }
                    None => false,
                }
            })
            .collect();
        let report = self.read_entries(entries);
        self.keep_first_keys();
        report
    }

    /// Whether every stored record has been read.
    pub fn is_loaded(&self) -> bool {
        self.deferred.is_empty() && !self.unlisted
    }

    /// Writes `FIRST_SCREEN_KEY` when the first screen's records (tombstones too: they are
    /// stored) are not the ones it lists.
    fn keep_first_keys(&mut self) {
        let mut keys: Vec<String> = self
            .records
            .values()
            .filter(|r| FIRST_SCREEN_KINDS.contains(&r.body.kind()))
            .map(Record::key)
            .collect();
        keys.sort();
        if keys == self.first_keys {
            return;
        }
        // If storage refuses, the next start lists every key, as before there was a list.
        if self.adapter.set(FIRST_SCREEN_KEY, &keys.join("\n")).is_ok() {
            self.first_keys = keys;
        }
    }

    fn read_entries(&mut self, entries: Vec<(String, String)>) -> LoadReport {
        let mut report = LoadReport::default();
        let mut rewrite = vec![];
        for (key, raw) in entries {
            let Some((kind, _)) = split_key(&key) else {
                continue; // meta, or a key of a later feature outside records
            };
            if !can_read(kind) {
                // Its reader is not loaded yet (see `record::install_reader`): left for later.
                self.deferred.insert(key);
                continue;
            }
            match read_entry(&key, &raw) {
                Ok((record, migrated)) => {
                    if migrated || record.key() != key {
                        report.migrated += 1;
                        rewrite.push((record.id.clone(), key));
                    }
                    self.next_seq = self.next_seq.max(record.seq + 1);
                    self.records.insert(record.id.clone(), record);
                    report.loaded += 1;
                }
                Err(reason) => {
                    self.quarantine.push(Quarantined { key, raw, reason });
                    report.quarantined += 1;
                }
            }
        }
        // Stable like `sort_by`, but the same sort underneath as `people()`: one sort fewer in
        // the bundle.
        self.quarantine.sort_by_cached_key(|q| q.key.clone());
        for (id, old_key) in rewrite {
            // Written back in the current shape; an old key goes only once the new one is written.
            // A failed write-back leaves the old shape, which still loads.
            if self.persist(&id).is_ok() && self.records[&id].key() != old_key {
                self.adapter.remove(&old_key);
            }
        }
        report.migrated += self.lift_children();
        report
    }

    /// Records of the first versions that kept their parts inside (a rollout's ticks, the
    /// manager's plan with its self-assessments and learning actions) are lifted apart, so an
    /// edit of one part writes only that part. Each part becomes a record of its own, with an id
    /// made from its parent's (two devices lifting the same record make the same records), in
    /// the parent's scope and from the parent's time. The rollout keeps its start; the emptied
    /// plan is deleted. Returns how many records were lifted.
    fn lift_children(&mut self) -> usize {
        let parents: Vec<Record> = self
            .records
            .values()
            .filter(|r| {
                !r.deleted
                    && self.holds(&r.scope)
                    && match &r.body {
                        Body::Rollout(x) => !x.ticks.is_empty(),
                        Body::LeaderPlan(_) => true,
                        _ => false,
                    }
            })
            .cloned()
            .collect();
        let lifted = parents.len();
        for parent in parents {
            // What the parent keeps, whether it is deleted, and its parts. The deleted plan keeps
            // nothing: its parts are stored once, as records of their own.
            let (rest, deleted, parts): (Body, bool, Vec<Body>) = match parent.body.clone() {
                Body::Rollout(mut x) => {
                    let ticks = std::mem::take(&mut x.ticks);
                    let parts = ticks.into_iter().map(Body::RolloutTick).collect();
                    (Body::Rollout(x), false, parts)
                }
                Body::LeaderPlan(p) => {
                    let assessed = p.assessments.into_iter().map(Body::LeaderAssessment);
                    let parts = assessed
                        .chain(p.actions.into_iter().map(Body::LearningAction))
                        .collect();
                    (Body::LeaderPlan(Default::default()), true, parts)
                }
                _ => continue,
            };
            for (n, body) in parts.into_iter().enumerate() {
                let id = Some(format!("{}-{n}", parent.id))
                    .filter(|id| valid_id(id))
                    .unwrap_or_else(new_id);
                if self.records.contains_key(&id) {
                    continue; // lifted on another device already, and synced here
                }
                let seq = self.take_seq(parent.updated);
                let mut part = Record::new(id, body, parent.updated, seq);
                part.created = parent.created;
                part.scope = parent.scope.clone();
                self.put(part);
            }
            let (scope, updated) = (parent.scope.clone(), parent.updated);
            self.write_version(parent, rest, deleted, Some(scope), updated);
        }
        if lifted > 0 {
            self.write_meta();
        }
        lifted
    }

    /// The store's own entry: schema version, and the change number to continue from. Batches
    /// (demo, import) number records faster than the clock runs, so they write it; single edits
    /// follow the clock and write only their record.
    fn write_meta(&mut self) {
        let meta = format!("{{\"schema\":{SCHEMA_VERSION},\"seq\":{}}}", self.next_seq);
        if self.adapter.get(META_KEY).as_deref() != Some(meta.as_str()) {
            self.meta_written = self.adapter.set(META_KEY, &meta).is_ok();
        } else {
            self.meta_written = true;
        }
    }

    /// Takes the change number to continue from out of the store's entry (written by a batch here
    /// or in another tab).
    fn read_meta_seq(&mut self, meta: &str) {
        let seq = serde_json::from_str::<serde_json::Value>(meta)
            .ok()
            .and_then(|m| m.get("seq")?.as_u64())
            .unwrap_or(0);
        self.next_seq = self.next_seq.max(seq);
    }

    /// Writes the in-memory version of `id` to its key, tracking failures.
    fn persist(&mut self, id: &str) -> Result<(), WriteError> {
        let record = &self.records[id];
        let key = record.key();
        let result = self.adapter.set(&key, &record.to_stored());
        if result.is_ok() {
            self.unsaved.remove(id);
            let first = FIRST_SCREEN_KINDS.contains(&record.body.kind());
            if first && !self.unlisted && self.first_keys.binary_search(&key).is_err() {
                self.keep_first_keys();
            }
        } else {
            self.unsaved.insert(id.to_string());
        }
        result
    }

    /// The next change number: a clock in milliseconds that never goes back or repeats, so an
    /// edit numbers after every earlier one, including records not read yet.
    fn take_seq(&mut self, now: Timestamp) -> u64 {
        let seq = self.next_seq.max(now.millis().max(0) as u64);
        self.next_seq = seq + 1;
        seq
    }

    // ---- reading ----

    /// A live (not deleted) record by id.
    pub fn get(&self, id: &str) -> Option<&Record> {
        self.record(id).filter(|r| !r.deleted)
    }

    /// A record by id, tombstone or not.
    pub fn record(&self, id: &str) -> Option<&Record> {
        self.records.get(id)
    }

    /// All live records.
    pub fn live(&self) -> impl Iterator<Item = &Record> {
        self.records.values().filter(|r| !r.deleted)
    }

    /// Every record, tombstones included.
    pub fn all(&self) -> impl Iterator<Item = &Record> {
        self.records.values()
    }

    pub fn is_empty(&self) -> bool {
        self.live().next().is_none()
    }

    pub fn team(&self) -> Option<(&Record, &Team)> {
        self.live().find_map(|r| match &r.body {
            Body::Team(t) => Some((r, t)),
            _ => None,
        })
    }

    /// People sorted by name (archived ones included; callers filter).
    pub fn people(&self) -> Vec<(&Record, &Person)> {
        let mut people: Vec<_> = self
            .live()
            .filter_map(|r| match &r.body {
                Body::Person(p) => Some((r, p)),
                _ => None,
            })
            .collect();
        people.sort_by_cached_key(|(_, p)| lowercase(&p.name));
        people
    }

    /// Goals, in no particular order (archived ones included; callers filter and sort).
    pub fn goals(&self) -> Vec<(&Record, &Goal)> {
        self.live()
            .filter_map(|r| match &r.body {
                Body::Goal(g) => Some((r, g)),
                _ => None,
            })
            .collect()
    }

    /// How many live records each scope holds, in the scopes' order (team, each person,
    /// manager, device).
    pub fn scope_counts(&self) -> BTreeMap<Scope, usize> {
        let mut counts = BTreeMap::new();
        for r in self.live() {
            *counts.entry(r.scope.clone()).or_insert(0) += 1;
        }
        counts
    }

    pub fn quarantined(&self) -> &[Quarantined] {
        &self.quarantine
    }

    pub fn unsaved_count(&self) -> usize {
        self.unsaved.len()
    }

    /// Records changed on this device after local sequence `seq` (what sync would send).
    pub fn changed_since(&self, seq: u64) -> impl Iterator<Item = &Record> {
        self.records.values().filter(move |r| r.seq > seq)
    }

    /// Characters Trellis holds in storage (keys and values).
    pub fn storage_used(&self) -> usize {
        self.adapter
            .entries()
            .iter()
            .map(|(k, v)| k.len() + v.len())
            .sum()
    }

    pub fn adapter(&self) -> &A {
        &self.adapter
    }

    /// The storage itself, for tests that play a full disk or another tab's writes.
    pub fn adapter_mut(&mut self) -> &mut A {
        &mut self.adapter
    }

    // ---- writing ----

    /// Whose device this is (see `domain::scope::Role`).
    pub fn role(&self) -> &Role {
        &self.role
    }

    pub fn set_role(&mut self, role: Role) {
        self.role = role;
    }

    /// Whether this device may hold records of `scope`.
    pub fn holds(&self, scope: &Scope) -> bool {
        self.role.holds(scope)
    }

    /// Adds a new record with a fresh id.
    pub fn create(&mut self, body: Body, now: Timestamp) -> Saved {
        let seq = self.take_seq(now);
        let record = Record::new(new_id(), body, now, seq);
        self.put(record)
    }

    /// `create`, unless this device may not hold the new record (a member's device saving
    /// something about another person): then nothing is written.
    pub fn try_create(&mut self, body: Body, now: Timestamp) -> Result<Saved, SaveError> {
        if !self.holds(&body.default_scope()) {
            return Err(SaveError::NotAllowed);
        }
        Ok(self.create(body, now))
    }

    fn put(&mut self, record: Record) -> Saved {
        let id = record.id.clone();
        self.records.insert(id.clone(), record);
        if !self.meta_written {
            self.write_meta(); // the store's first record
        }
        let write = self.persist(&id);
        Saved {
            record: self.records[&id].clone(),
            write,
        }
    }

    /// The newest version of `id` (of `kind`) anywhere: in storage (another tab may have written
    /// it) or here.
    fn newest(&self, kind: &str, id: &str) -> Option<Record> {
        let stored = self
            .adapter
            .get(&record_key(kind, id))
            .and_then(|raw| parse_stored(kind, id, &raw).ok())
            .map(|p| p.record);
        let mine = self.records.get(id).cloned();
        match (stored, mine) {
            (Some(s), Some(m)) => Some(if s.rev > m.rev { s } else { m }),
            (s, m) => s.or(m),
        }
    }

    /// Saves a new version of `id` made from revision `base_rev`. If the record has moved on
    /// since (another tab saved it), nothing is written and the other version is returned.
    pub fn update(
        &mut self,
        id: &str,
        body: Body,
        base_rev: u64,
        now: Timestamp,
    ) -> Result<Saved, SaveError> {
        let current = self.current_at(body.kind(), id, base_rev)?;
        self.allowed(&current, &body, None)?;
        Ok(self.write_version(current, body, false, None, now))
    }

    /// The newest version of `id` if it is still revision `base_rev` (Err: it is missing, or
    /// another tab saved it since: that version).
    fn current_at(&self, kind: &str, id: &str, base_rev: u64) -> Result<Record, SaveError> {
        let current = self.newest(kind, id).ok_or(SaveError::Missing)?;
        if current.rev != base_rev {
            return Err(SaveError::Conflict {
                theirs: Box::new(current),
            });
        }
        Ok(current)
    }

    /// Err(NotAllowed) if the new version of `current` would be of a scope this device may
    /// not hold, or it is one already (a member's device never edits another person's).
    fn allowed(
        &self,
        current: &Record,
        body: &Body,
        scope: Option<&Scope>,
    ) -> Result<(), SaveError> {
        let new_scope = scope.cloned().unwrap_or_else(|| current.scope_for(body));
        if self.holds(&current.scope) && self.holds(&new_scope) {
            Ok(())
        } else {
            Err(SaveError::NotAllowed)
        }
    }

    /// Saves `body` over whatever version of `id` is newest: the user chose to keep theirs.
    pub fn overwrite(&mut self, id: &str, body: Body, now: Timestamp) -> Result<Saved, SaveError> {
        let current = self.newest(body.kind(), id).ok_or(SaveError::Missing)?;
        self.allowed(&current, &body, None)?;
        Ok(self.write_version(current, body, false, None, now))
    }

    /// Gives `id` another of the scopes its kind allows (a personal goal shared with the team),
    /// as a new version made from `base_rev`; the scope then stays until changed again.
    pub fn set_scope(
        &mut self,
        id: &str,
        scope: Scope,
        base_rev: u64,
        now: Timestamp,
    ) -> Result<Saved, SaveError> {
        let kind = self.records.get(id).ok_or(SaveError::Missing)?.body.kind();
        let current = self.current_at(kind, id, base_rev)?;
        if !current.body.scope_choices().contains(&scope) {
            return Err(SaveError::NotAllowed);
        }
        self.allowed(&current, &current.body, Some(&scope))?;
        let body = current.body.clone();
        Ok(self.write_version(current, body, false, Some(scope), now))
    }

    /// Deletes `id` by leaving a tombstone (so sync can pass the deletion on).
    pub fn delete(&mut self, id: &str, base_rev: u64, now: Timestamp) -> Result<Saved, SaveError> {
        let kind = self.records.get(id).ok_or(SaveError::Missing)?.body.kind();
        let current = self.current_at(kind, id, base_rev)?;
        self.allowed(&current, &current.body, None)?;
        let body = current.body.clone();
        Ok(self.write_version(current, body, true, None, now))
    }

    /// A new version of `current` with `body`: in `scope` if given, else as `scope_for` says.
    fn write_version(
        &mut self,
        current: Record,
        body: Body,
        deleted: bool,
        scope: Option<Scope>,
        now: Timestamp,
    ) -> Saved {
        self.keep_sync_base(&current);
        let seq = self.take_seq(now);
        let new_scope = scope.unwrap_or_else(|| current.scope_for(&body));
        if new_scope != current.scope && self.sync_mark(&current.scope).is_some() {
            // Its old place holds it: the next round there takes it out.
            let from = current.scope.to_string();
            let rev = current.rev;
            self.moved
                .entry(current.id.clone())
                .or_insert(Moved { from, rev });
            self.write_moved();
        }
        let record = Record {
            rev: current.rev + 1,
            seq,
            updated: now,
            deleted,
            scope: new_scope,
            body,
            ..current
        };
        self.put(record)
    }

    /// Creates records with ids chosen by the caller (so they can point at each other) and saves
    /// new versions of others, as one batch: if any of those changed since `base_rev`, nothing
    /// is written. Storage errors leave every change in memory, as single saves do.
    pub fn save_batch(
        &mut self,
        creates: Vec<(String, Body)>,
        updates: Vec<(String, Body, u64)>,
        now: Timestamp,
    ) -> Result<Result<(), WriteError>, SaveError> {
        let mut current = Vec::with_capacity(updates.len());
        for (id, body, base_rev) in updates {
            let newest = self.current_at(body.kind(), &id, base_rev)?;
            self.allowed(&newest, &body, None)?;
            current.push((newest, body));
        }
        if creates
            .iter()
            .any(|(_, body)| !self.holds(&body.default_scope()))
        {
            return Err(SaveError::NotAllowed);
        }
        let mut result = Ok(());
        for (id, body) in creates {
            let seq = self.take_seq(now);
            result = result.and(self.put(Record::new(id, body, now, seq)).write);
        }
        for (newest, body) in current {
            result = result.and(self.write_version(newest, body, false, None, now).write);
        }
        self.write_meta();
        Ok(result)
    }

    /// Tries again to write every record that storage refused before.
    pub fn retry_unsaved(&mut self) -> Result<(), WriteError> {
        let ids: Vec<String> = self.unsaved.iter().cloned().collect();
        let mut first_error = Ok(());
        for id in ids {
            if let Err(e) = self.persist(&id) {
                first_error = first_error.and(Err(e));
            }
        }
        first_error
    }

    /// Applies a change another tab made to storage (from the browser's `storage` event).
    /// `key` is `None` when the other tab cleared storage.
    pub fn apply_external(&mut self, key: Option<&str>, new_value: Option<&str>) -> External {
        let Some(key) = key else {
            self.load(None);
            return External::Removed(String::new());
        };
        if key == META_KEY {
            if let Some(meta) = new_value {
                self.read_meta_seq(meta);
            }
            return External::Ignored;
        }
        if key == SYNC_MARK_KEY {
            // Another tab completed a round: this tab is in step as far as it says.
            self.sync_marks = read_map(new_value);
            return External::Ignored;
        }
        if key == SYNC_MOVED_KEY {
            self.moved = read_map(new_value);
            return External::Ignored;
        }
        if key == FIRST_SCREEN_KEY {
            // The other tab keeps the list; so does this one, from what it knows now.
            self.first_keys = read_first_keys(new_value);
            return External::Ignored;
        }
        let Some((kind, id)) = split_key(key) else {
            return External::Ignored;
        };
        self.quarantine.retain(|q| q.key != key);
        self.deferred.remove(key); // superseded by what the other tab wrote
        let Some(raw) = new_value else {
            self.records.remove(id);
            self.unsaved.remove(id);
            return External::Removed(id.to_string());
        };
        if !can_read(kind) {
            // Read with the rest, from storage, once its reader is loaded.
            self.deferred.insert(key.to_string());
            return External::Ignored;
        }
        match read_entry(key, raw) {
            Ok((record, _)) => {
                let ours_is_newer = self
                    .records
                    .get(id)
                    .is_some_and(|mine| mine.rev > record.rev);
                if ours_is_newer || self.unsaved.contains(id) {
                    return External::Ignored; // our pending version wins until the user saves it
                }
                self.next_seq = self.next_seq.max(record.seq + 1);
                self.records.insert(id.to_string(), record);
                External::Updated(id.to_string())
            }
            Err(reason) => {
                self.quarantine.push(Quarantined {
                    key: key.to_string(),
                    raw: raw.to_string(),
                    reason,
                });
                External::Quarantined(key.to_string())
            }
        }
    }

    /// Removes a quarantined entry from storage for good.
    pub fn discard_quarantined(&mut self, key: &str) {
        self.quarantine.retain(|q| q.key != key);
        self.adapter.remove(key);
    }

    /// Removes every Trellis key from storage and forgets everything in memory.
    pub fn erase_all(&mut self) {
        for (key, _) in self.adapter.entries() {
            self.adapter.remove(&key);
        }
        self.load(None);
    }

    /// Fills an empty store with the demo team.
    pub fn seed_demo(&mut self, today: Date, now: Timestamp) -> Result<(), WriteError> {
        let data = demo::demo_team(today, &mut new_id);
        let mut result = self.create(Body::Team(data.team), now).write;
        fn bodies<T>(
            all: Vec<(String, T)>,
            wrap: fn(T) -> Body,
        ) -> impl Iterator<Item = (String, Body)> {
            all.into_iter().map(move |(id, x)| (id, wrap(x)))
        }
        let all = bodies(data.people, Body::Person)
            .chain(bodies(data.goals, Body::Goal))
            .chain(bodies(data.check_ins, Body::CheckIn))
            .chain(bodies(data.reviews, Body::Review))
            .chain(bodies(data.feedback, Body::Feedback))
            .chain(bodies(data.requests, Body::FeedbackRequest))
            .chain(bodies(data.celebrations, Body::Celebration))
            .chain(bodies(data.scripts, Body::RecognitionScript))
            .chain(bodies(data.charter, Body::CharterVersion))
            .chain(bodies(data.acks, Body::CharterAck))
            .chain(bodies(data.standards, Body::Standards))
            .chain(bodies(data.ratings, Body::Rating))
            .chain(bodies(data.self_reports, Body::SelfReport))
            .chain(bodies(data.skills, Body::Skill))
            .chain(bodies(data.assessments, Body::Assessment))
            .chain(bodies(data.actions, Body::DevAction))
            .chain(bodies(data.stretches, Body::Stretch))
            .chain(bodies(data.indicators, Body::Indicator))
            .chain(bodies(data.reading_months, Body::Readings))
            .chain(bodies(data.plans, Body::ImprovementPlan))
            .chain(bodies(data.plan_reviews, Body::PlanReview))
            .chain(bodies(data.plan_acks, Body::PlanAck))
            .chain(bodies(data.system_reviews, Body::SystemReview))
            .chain([
                (new_id(), Body::Authority(data.authority)),
                (new_id(), Body::Rollout(data.rollout)),
            ])
            .chain(
                data.rollout_ticks
                    .into_iter()
                    .map(|t| (new_id(), Body::RolloutTick(t))),
            )
            .chain(
                data.leader_plan
                    .assessments
                    .into_iter()
                    .map(|a| (new_id(), Body::LeaderAssessment(a))),
            )
            .chain(
                data.leader_plan
                    .actions
                    .into_iter()
                    .map(|a| (new_id(), Body::LearningAction(a))),
            );
        for (id, body) in all {
            let seq = self.take_seq(now);
            let mut record = Record::new(id, body, now, seq);
            if matches!(record.body, Body::Person(_)) {
                // The demo team was added months ago: its history starts then.
                record.created = now.add_secs(-demo::ADDED_DAYS_AGO * 86_400);
            }
            let write = self.put(record).write;
            result = result.and(write);
        }
        self.write_meta();
        result
    }

    // ---- import (the file is parsed and checked in transfer.rs) ----

    /// Inserts or replaces records as given, as one batch. Writes each; returns the first
    /// storage error, with every record still in memory.
    pub(crate) fn put_all(&mut self, records: Vec<Record>) -> Result<(), WriteError> {
        let mut result = Ok(());
        for mut record in records {
            record.seq = self.take_seq(record.updated);
            let write = self.put(record).write;
            result = result.and(write);
        }
        self.write_meta();
        result
    }

    /// Removes records (hard, from storage and memory) — only for "replace" imports.
    /// Removes records from memory and storage, leaving no tombstone (an import's replace, and
    /// records sync says left this device's places: kept nowhere).
    pub fn remove_all(&mut self, ids: &[String]) {
        for id in ids {
            if let Some(record) = self.records.remove(id) {
                self.adapter.remove(&record.key());
            }
            self.unsaved.remove(id);
        }
        if !self.unlisted {
            self.keep_first_keys();
        }
    }
}

/// The keys `FIRST_SCREEN_KEY` lists, one per line; none unless each is a record key of a
/// first-screen kind (anything else means the list is not ours: every key is listed instead).
fn read_first_keys(raw: Option<&str>) -> Vec<String> {
    let keys: Vec<String> = raw
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect();
    let ours = keys.iter().all(
        |k| matches!(split_key(k), Some((Some(kind), _)) if FIRST_SCREEN_KINDS.contains(&kind)),
    );
    if ours {
        keys
    } else {
        vec![]
    }
}

/// Reads a stored entry; what the key says (kind, id) must match the record.
fn read_entry(key: &str, raw: &str) -> Result<(Record, bool), String> {
    let (kind, id) = split_key(key).ok_or("not a record key")?;
    let parsed = match kind {
        Some(kind) => parse_stored(kind, id, raw)?,
        // The prototype's keys named no kind: its records name theirs (and move to a new key).
        None => parse_record(raw)?,
    };
    let record = parsed.record;
    if record.id != id {
        return Err(format!(
            "stored under id {id:?} but says it is {:?}",
            record.id
        ));
    }
    if kind.is_some_and(|k| k != record.body.kind()) {
        return Err(format!(
            "stored as a {} but says it is a {}",
            kind.unwrap_or_default(),
            record.body.kind()
        ));
    }
    Ok((record, parsed.migrated))
}

impl<A: Adapter> Repository<A> {
    // ---- sync (the rounds themselves are in src/sync) ----

    /// Where the last completed round with the place of `scope` left this device.
    pub fn sync_mark(&self, scope: &Scope) -> Option<&SyncMark> {
        self.sync_marks.get(&scope.to_string())
    }

    /// How many changes of the places `places` wait to be sent (every record of a place never
    /// synced).
    pub fn waiting_to_sync(&self, places: &[Scope]) -> usize {
        self.records
            .values()
            .filter(|r| places.contains(&r.scope))
            .filter(|r| self.sync_mark(&r.scope).is_none_or(|m| r.seq > m.seq))
            .count()
    }

    /// Before the first change to a record that was in step at its place's last sync, keeps
    /// that version as the base for merging. Costs one read per edit, and a write only on the
    /// first edit after a sync; nothing while sync is unused.
    fn keep_sync_base(&mut self, current: &Record) {
        let Some(mark) = self.sync_mark(&current.scope) else {
            return;
        };
        if current.seq > mark.seq {
            return; // changed since: the base was kept then
        }
        let key = format!("{SYNC_BASE_PREFIX}{}", current.id);
        if self.adapter.get(&key).is_none() {
            // If storage refuses it, the merge goes without a base: differences then show as
            // conflicts to resolve, never as silent losses.
            let _ = self.adapter.set(&key, &current.to_json());
        }
    }

    /// The version of `id` both sides had at the last sync: kept when it changed since, or the
    /// record itself when it did not. A record that moved and whose old place still holds it
    /// has the base kept when it moved (what that place has, unless edited there since).
    pub fn sync_base(&self, id: &str) -> Option<Record> {
        let record = self.records.get(id)?;
        if !self.moved.contains_key(id) {
            let mark = self.sync_mark(&record.scope)?;
            if record.seq <= mark.seq {
                return Some(record.clone());
            }
        }
        let raw = self.adapter.get(&format!("{SYNC_BASE_PREFIX}{id}"))?;
        parse_record(&raw).ok().map(|p| p.record)
    }

    /// Takes a version from the other side (or a merge) as this device's newest, as it is: its
    /// revision and timestamps stay; it gets a new change number, so other tabs see it.
    pub fn take_synced(&mut self, mut record: Record, now: Timestamp) -> Saved {
        record.seq = self.take_seq(now);
        self.put(record)
    }

    /// The change number of the newest change so far (what a round that starts now will send).
    pub fn last_seq(&self) -> u64 {
        self.next_seq.saturating_sub(1)
    }

    /// Conflicts waiting for the user to choose.
    pub fn sync_conflicts(&self) -> Vec<SyncConflict> {
        self.adapter
            .get(SYNC_CONFLICTS_KEY)
            .and_then(|raw| serde_json::from_str(&raw).ok())
            .unwrap_or_default()
    }

    /// Keeps the conflicts waiting for the user (none: forgets the key).
    pub fn set_sync_conflicts(&mut self, list: &[SyncConflict]) -> Result<(), WriteError> {
        if list.is_empty() {
            self.adapter.remove(SYNC_CONFLICTS_KEY);
            return Ok(());
        }
        let json = serde_json::to_string(list).expect("conflicts serialise");
        self.adapter.set(SYNC_CONFLICTS_KEY, &json)
    }

    /// The records that left `scope` since its place last had them (and are not back in it).
    pub fn moved_from(&self, scope: &Scope) -> Vec<String> {
        let old = scope.to_string();
        self.moved
            .iter()
            .filter(|(id, m)| {
                m.from == old && self.records.get(*id).is_some_and(|r| r.scope != *scope)
            })
            .map(|(id, _)| id.clone())
            .collect()
    }

    /// The version of `id` that left `scope` here, if its place may still hold it (see
    /// `moved_from`).
    pub fn left_at(&self, id: &str, scope: &Scope) -> Option<u64> {
        self.moved
            .get(id)
            .filter(|m| m.from == scope.to_string())
            .map(|m| m.rev)
    }

    fn write_moved(&mut self) {
        if self.moved.is_empty() {
            self.adapter.remove(SYNC_MOVED_KEY);
        } else {
            let json = serde_json::to_string(&self.moved).expect("ids serialise");
            // Refused: the old place keeps a stale copy, which merges as an older version.
            let _ = self.adapter.set(SYNC_MOVED_KEY, &json);
        }
    }

    /// Forgets where sync left this device (another server, or sync stopped): the next round
    /// starts from scratch, sending everything and merging what it finds without bases.
    pub fn forget_sync(&mut self) {
        self.adapter.remove(SYNC_MARK_KEY);
        self.sync_marks.clear();
        self.moved.clear();
        self.write_moved();
        self.clear_sync_bases(None, u64::MAX);
    }

    /// Removes the bases of records (of `scope`, or any) not changed after change number `seq`.
    /// A record that moved keeps its base until its old place is rewritten (with `scope`
    /// given): an edit made there meanwhile merges against it.
    fn clear_sync_bases(&mut self, scope: Option<&Scope>, seq: u64) {
        for key in self.adapter.keys() {
            let Some(id) = key.strip_prefix(SYNC_BASE_PREFIX) else {
                continue;
            };
            let done = match self.records.get(id) {
                None => true,
                Some(_) if scope.is_some() && self.moved.contains_key(id) => false,
                Some(r) => scope.is_none_or(|s| *s == r.scope) && r.seq <= seq,
            };
            if done {
                self.adapter.remove(&key);
            }
        }
    }

    /// Notes a completed round with the place of `scope`: every change of that scope numbered
    /// up to `seq` is on the other side, which now has `etag`. The bases kept for those changes
    /// are done with; a record changed while the round was sending keeps its base (what it was
    /// sent as, when it had not changed since the round before: otherwise the older base, and
    /// differences show as conflicts).
    pub fn mark_synced(
        &mut self,
        scope: &Scope,
        seq: u64,
        etag: Option<String>,
    ) -> Result<(), WriteError> {
        self.sync_marks
            .insert(scope.to_string(), SyncMark { seq, etag });
        let json = serde_json::to_string(&self.sync_marks).expect("marks serialise");
        let result = self.adapter.set(SYNC_MARK_KEY, &json);
        self.clear_sync_bases(Some(scope), seq);
        // The place now has what this device sent: without the records that left it (a record
        // moved while the round was sending waits for the next).
        let old = scope.to_string();
        let before = self.moved.len();
        let records = &self.records;
        self.moved
            .retain(|id, m| m.from != old || records.get(id).is_some_and(|r| r.seq > seq));
        if self.moved.len() != before {
            self.write_moved();
        }
        result
    }
}

/// A stored map (the sync marks by scope, the moved records by id); one of another form reads
/// as empty (the single mark of the one-document sync before places per scope: those places
/// start afresh, merging what they find).
fn read_map<T: serde::de::DeserializeOwned>(raw: Option<&str>) -> BTreeMap<String, T> {
    raw.and_then(|m| serde_json::from_str(m).ok())
        .unwrap_or_default()
}

/// True for keys the store owns (used when listening to other tabs).
pub fn is_store_key(key: &str) -> bool {
    key.starts_with(PREFIX)
}

/// Unicode lowercase, for sorting names without regard to case. In the browser this is
/// JavaScript's `toLowerCase`, the same Unicode mapping as `str::to_lowercase`: Rust's own
/// would add its case tables to the bundle (about 6 KB brotli) for this one use.
pub fn lowercase(s: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    return String::from(js_sys::JsString::from(s).to_lower_case());
    #[cfg(not(target_arch = "wasm32"))]
    return s.to_lowercase();
}
