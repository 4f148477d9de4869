//! The repository: the one way the app reads and writes records. It keeps every record in
//! memory, writes each change to its own key, spots stale saves, quarantines what it cannot read,
//! and keeps an edit in memory when the storage refuses it.
use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};

use super::adapter::{Adapter, WriteError};
use super::record::{new_id, record_key, Body, Record, META_KEY, PREFIX, RECORD_PREFIX, SCHEMA_VERSION};
use super::schema::parse_record;
use crate::domain::{demo, Person, Team};

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
    Conflict { theirs: Record },
    /// The record does not exist (any more).
    Missing,
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
}

impl<A: Adapter> Repository<A> {
    /// Reads everything from `adapter`: migrates old records (writing them back), quarantines
    /// unreadable ones, loads the rest.
    pub fn open(adapter: A) -> (Self, LoadReport) {
        let mut repo = Repository { adapter, records: BTreeMap::new(), quarantine: vec![], unsaved: BTreeSet::new(), next_seq: 1 };
        let report = repo.load();
        (repo, report)
    }

    fn load(&mut self) -> LoadReport {
        self.records.clear();
        self.quarantine.clear();
        self.unsaved.clear();
        let mut report = LoadReport::default();
        let mut rewrite = vec![];
        for (key, raw) in self.adapter.entries() {
            let Some(id) = key.strip_prefix(RECORD_PREFIX) else { continue };
            match read_entry(id, &raw) {
                Ok((record, migrated)) => {
                    if migrated {
                        report.migrated += 1;
                        rewrite.push(record.id.clone());
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
        self.quarantine.sort_by(|a, b| a.key.cmp(&b.key));
        for id in rewrite {
            self.persist(&id).ok(); // a failed write-back leaves the old shape, which still loads
        }
        if !self.records.is_empty() {
            self.write_meta();
        }
        report
    }

    fn write_meta(&mut self) {
        let meta = format!("{{\"schema\":{SCHEMA_VERSION}}}");
        if self.adapter.get(META_KEY).as_deref() != Some(meta.as_str()) {
            self.adapter.set(META_KEY, &meta).ok();
        }
    }

    /// Writes the in-memory version of `id` to its key, tracking failures.
    fn persist(&mut self, id: &str) -> Result<(), WriteError> {
        let record = &self.records[id];
        let result = self.adapter.set(&record.key(), &record.to_json());
        if result.is_ok() {
            self.unsaved.remove(id);
        } else {
            self.unsaved.insert(id.to_string());
        }
        result
    }

    fn take_seq(&mut self) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        seq
    }

    // ---- reading ----

    /// A live (not deleted) record by id.
    pub fn get(&self, id: &str) -> Option<&Record> {
        self.records.get(id).filter(|r| !r.deleted)
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
        people.sort_by_cached_key(|(_, p)| p.name.to_lowercase());
        people
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
        self.adapter.entries().iter().map(|(k, v)| k.len() + v.len()).sum()
    }

    pub fn adapter(&self) -> &A {
        &self.adapter
    }

    /// The storage itself, for tests that play a full disk or another tab's writes.
    pub fn adapter_mut(&mut self) -> &mut A {
        &mut self.adapter
    }

    // ---- writing ----

    /// Adds a new record with a fresh id.
    pub fn create(&mut self, body: Body, now: DateTime<Utc>) -> Saved {
        let seq = self.take_seq();
        let record = Record::new(new_id(), body, now, seq);
        self.put(record)
    }

    fn put(&mut self, record: Record) -> Saved {
        let id = record.id.clone();
        self.records.insert(id.clone(), record);
        if self.records.len() == 1 {
            self.write_meta();
        }
        let write = self.persist(&id);
        Saved { record: self.records[&id].clone(), write }
    }

    /// The newest version of `id` anywhere: in storage (another tab may have written it) or here.
    fn newest(&self, id: &str) -> Option<Record> {
        let stored = self.adapter.get(&record_key(id)).and_then(|raw| parse_record(&raw).ok()).map(|p| p.record);
        let mine = self.records.get(id).cloned();
        match (stored, mine) {
            (Some(s), Some(m)) => Some(if s.rev > m.rev { s } else { m }),
            (s, m) => s.or(m),
        }
    }

    /// Saves a new version of `id` made from revision `base_rev`. If the record has moved on
    /// since (another tab saved it), nothing is written and the other version is returned.
    pub fn update(&mut self, id: &str, body: Body, base_rev: u64, now: DateTime<Utc>) -> Result<Saved, SaveError> {
        let current = self.newest(id).ok_or(SaveError::Missing)?;
        if current.rev != base_rev {
            return Err(SaveError::Conflict { theirs: current });
        }
        Ok(self.write_version(current, body, false, now))
    }

    /// Saves `body` over whatever version of `id` is newest: the user chose to keep theirs.
    pub fn overwrite(&mut self, id: &str, body: Body, now: DateTime<Utc>) -> Result<Saved, SaveError> {
        let current = self.newest(id).ok_or(SaveError::Missing)?;
        Ok(self.write_version(current, body, false, now))
    }

    /// Deletes `id` by leaving a tombstone (so sync can pass the deletion on).
    pub fn delete(&mut self, id: &str, base_rev: u64, now: DateTime<Utc>) -> Result<Saved, SaveError> {
        let current = self.newest(id).ok_or(SaveError::Missing)?;
        if current.rev != base_rev {
            return Err(SaveError::Conflict { theirs: current });
        }
        let body = current.body.clone();
        Ok(self.write_version(current, body, true, now))
    }

    fn write_version(&mut self, current: Record, body: Body, deleted: bool, now: DateTime<Utc>) -> Saved {
        let seq = self.take_seq();
        let record = Record { rev: current.rev + 1, seq, updated: now, deleted, body, ..current };
        self.put(record)
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
            self.load();
            return External::Removed(String::new());
        };
        let Some(id) = key.strip_prefix(RECORD_PREFIX) else { return External::Ignored };
        self.quarantine.retain(|q| q.key != key);
        let Some(raw) = new_value else {
            self.records.remove(id);
            self.unsaved.remove(id);
            return External::Removed(id.to_string());
        };
        match read_entry(id, raw) {
            Ok((record, _)) => {
                let ours_is_newer = self.records.get(id).is_some_and(|mine| mine.rev > record.rev);
                if ours_is_newer || self.unsaved.contains(id) {
                    return External::Ignored; // our pending version wins until the user saves it
                }
                self.next_seq = self.next_seq.max(record.seq + 1);
                self.records.insert(id.to_string(), record);
                External::Updated(id.to_string())
            }
            Err(reason) => {
                self.quarantine.push(Quarantined { key: key.to_string(), raw: raw.to_string(), reason });
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
        self.load();
    }

    /// Fills an empty store with the demo team.
    pub fn seed_demo(&mut self, today: NaiveDate, now: DateTime<Utc>) -> Result<(), WriteError> {
        let data = demo::demo_team(today, &mut new_id);
        let mut result = self.create(Body::Team(data.team), now).write;
        for (id, person) in data.people {
            let seq = self.take_seq();
            let write = self.put(Record::new(id, Body::Person(person), now, seq)).write;
            result = result.and(write);
        }
        result
    }

    // ---- import (the file is parsed and checked in transfer.rs) ----

    /// Inserts or replaces records as given, as one batch. Writes each; returns the first
    /// storage error, with every record still in memory.
    pub(crate) fn put_all(&mut self, records: Vec<Record>) -> Result<(), WriteError> {
        let mut result = Ok(());
        for mut record in records {
            record.seq = self.take_seq();
            let write = self.put(record).write;
            result = result.and(write);
        }
        result
    }

    /// Removes records (hard, from storage and memory) — only for "replace" imports.
    pub(crate) fn remove_all(&mut self, ids: &[String]) {
        for id in ids {
            self.records.remove(id);
            self.unsaved.remove(id);
            self.adapter.remove(&record_key(id));
        }
    }
}

/// Reads a stored entry; the key's id must match the record's.
fn read_entry(id: &str, raw: &str) -> Result<(Record, bool), String> {
    let parsed = parse_record(raw)?;
    if parsed.record.id != id {
        return Err(format!("stored under id {id:?} but says it is {:?}", parsed.record.id));
    }
    Ok((parsed.record, parsed.migrated))
}

/// True for keys the store owns (used when listening to other tabs).
pub fn is_store_key(key: &str) -> bool {
    key.starts_with(PREFIX)
}
