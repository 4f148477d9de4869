//! One sync round, whatever carries it: read the other side's records (`parse_remote`), merge
//! them into this device's (`reconcile`), send the result (`outgoing`), and once the other side
//! has it, note where the two are in step (`Repository::mark_synced`).
//!
//! A round is with one place on the server (`Place`): the records of one scope. Only that
//! scope's records go there, and only that scope's records are taken from it; on a member's
//! device a record it may not hold is dropped before it reaches storage (`Reconciled::refused`).
//!
//! The other side's copy is an export file (`store::transfer`) without private notes: the same
//! checks as an import, so a broken or foreign document changes nothing here.
use serde_json::{json, Value};

use crate::domain::dates::Timestamp;
use crate::domain::merge::{merge, Conflict, Outcome, Version};
use crate::domain::scope::{Role, Scope};
use crate::store::schema::parse_record_value;
use crate::store::transfer::{export_records, parse_import, without_private, Private};
use crate::store::{Adapter, Body, ImportProblem, Record, Repository, SyncConflict, WriteError};

/// One place on the server, as this device syncs it: the scope it holds, and this device's role.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    pub scope: Scope,
    pub role: Role,
}

impl Place {
    /// Whether a record received from this place may be taken: it is of the place's scope, and
    /// this device may hold it.
    pub fn takes(&self, record: &Record) -> bool {
        record.scope == self.scope && self.role.holds(&record.scope)
    }
}

/// What a round did on this device.
#[derive(Debug, PartialEq)]
pub struct Reconciled {
    /// Records taken from the other side as they were.
    pub taken: usize,
    /// Records combined from both sides' changes.
    pub merged: usize,
    /// Values both sides changed differently since they were last in step: (record id, what
    /// the record is, the conflicts). This device's value was kept; the other is here to choose.
    pub conflicts: Vec<(String, String, Vec<Conflict>)>,
    /// The first write storage refused (every change is in memory regardless).
    pub write: Result<(), WriteError>,
    /// Records received that were not of the place's scope, or that this device may not hold:
    /// dropped, kept nowhere.
    pub refused: usize,
}

/// Reads the other side's document: every record checked (and upgraded) first, or nothing.
pub fn parse_remote(text: &str) -> Result<Vec<Record>, ImportProblem> {
    parse_import(text).map(|file| file.records)
}

/// What this device sends: every record, tombstones included, without private notes, and the
/// ids of records that left the place (`gone`, see `gone_after`); and the change number it
/// covers (for `mark_synced` once the other side has it).
pub fn outgoing<A: Adapter>(
    repo: &mut Repository<A>,
    now: Timestamp,
    place: &Place,
    gone: &[String],
) -> (String, u64) {
    repo.finish_loading();
    let seq = repo.last_seq();
    // Compact: it goes over the network on every round.
    let mut file = export_records(repo, now, Private::None, Some(&place.scope));
    if !gone.is_empty() {
        file["gone"] = Value::from(gone.to_vec());
    }
    (file.to_string(), seq)
}

/// How many ids a place's list of records that left it keeps (the newest).
pub const GONE_KEPT: usize = 500;

/// The ids a place's document (JSON endpoint mode) lists as gone: records that moved to
/// another scope, which devices holding them in this one drop.
pub fn gone_in(doc: &Value) -> Vec<String> {
    doc["gone"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The list of records gone from the place to write back: what it `listed`, with those that
/// left it here, less any back in it; the newest `GONE_KEPT`.
pub fn gone_after<A: Adapter>(
    repo: &Repository<A>,
    place: &Place,
    listed: &[String],
) -> Vec<String> {
    let mut out = listed.to_vec();
    for id in moved_from(repo, place) {
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out.retain(|id| repo.record(id).is_none_or(|r| r.scope != place.scope));
    let from = out.len().saturating_sub(GONE_KEPT);
    out.split_off(from)
}

/// Drops the records the place says left it (`gone`: moved to another scope on another
/// device), where this device holds them in the place's scope unchanged since it was last in
/// step with the place. They are kept nowhere: if this device may hold them where they went,
/// their new place brings them. A version changed here meanwhile stays, and merges there.
pub fn drop_gone<A: Adapter>(repo: &mut Repository<A>, place: &Place, gone: &[String]) -> usize {
    let Some(mark) = repo.sync_mark(&place.scope).map(|m| m.seq) else {
        return 0;
    };
    let ids: Vec<String> = gone
        .iter()
        .filter(|id| {
            repo.record(id)
                .is_some_and(|r| r.scope == place.scope && r.seq <= mark)
        })
        .cloned()
        .collect();
    repo.remove_all(&ids);
    ids.len()
}

/// A record as it goes to the other side: its JSON without private notes.
pub fn shared_json(r: &Record) -> String {
    without_private(r, Private::None)
        .as_ref()
        .unwrap_or(r)
        .to_json()
}

/// The records of the place's scope changed here since change number `seq` that the other side
/// does not already have as they are (`theirs`: the versions just received from it), as (id,
/// JSON to send).
pub fn changed_to_send<A: Adapter>(
    repo: &Repository<A>,
    seq: Option<u64>,
    theirs: &[Record],
    place: &Place,
) -> Vec<(String, String)> {
    let changed: Box<dyn Iterator<Item = &Record>> = match seq {
        Some(s) => Box::new(repo.changed_since(s)),
        None => Box::new(repo.all()),
    };
    // By id (the same map type as the import check's, so no new code for it).
    let mut at: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for (i, t) in theirs.iter().enumerate() {
        at.insert(t.id.clone(), i);
    }
    changed
        .filter(|r| r.scope == place.scope)
        .filter(|r| {
            at.get(&r.id)
                .is_none_or(|&i| version(&theirs[i]) != version(r))
        })
        .map(|r| (r.id.clone(), shared_json(r)))
        .collect()
}

/// The records that were in the place and have since moved to another scope here (a personal
/// goal shared with the team): the place still holds their older version, which must go.
pub fn moved_from<A: Adapter>(repo: &Repository<A>, place: &Place) -> Vec<String> {
    repo.moved_from(&place.scope)
}

/// A record's side for the merge rules: its data as sync sees it (no private notes).
fn version(r: &Record) -> Version {
    let mut value: Value = serde_json::from_str(&shared_json(r)).expect("records always serialise");
    Version {
        rev: r.rev,
        updated: r.updated,
        deleted: r.deleted,
        scope: r.scope.clone(),
        data: value["data"].take(),
    }
}

/// `theirs`, keeping this device's private note (which the other side never had).
fn with_private(mut theirs: Record, mine: &Record) -> Record {
    if let (Body::CheckIn(t), Body::CheckIn(m)) = (&mut theirs.body, &mine.body) {
        t.private_note = m.private_note.clone();
    }
    theirs
}

/// The merged version as a record of `mine`'s kind, checked like any stored record.
fn merged_record(mine: &Record, v: Version) -> Result<Record, String> {
    let value = json!({
        "v": crate::store::SCHEMA_VERSION,
        "id": mine.id,
        "rev": v.rev,
        "seq": mine.seq,
        "created": mine.created.to_rfc3339(),
        "updated": v.updated.to_rfc3339(),
        "deleted": v.deleted,
        "scope": v.scope.to_string(),
        "kind": mine.body.kind(),
        "data": v.data,
    });
    parse_record_value(value).map(|p| p.record)
}

/// Merges the other side's records into this device's: new ones are taken, changed ones merged
/// by the rules in `domain::merge`, and both sides' conflicting values reported. Records the
/// place may not hand this device are dropped unread (`Place::takes`).
pub fn reconcile<A: Adapter>(
    repo: &mut Repository<A>,
    remote: Vec<Record>,
    now: Timestamp,
    place: &Place,
) -> Reconciled {
    repo.finish_loading();
    let mut done = Reconciled {
        taken: 0,
        merged: 0,
        conflicts: vec![],
        write: Ok(()),
        refused: 0,
    };
    for theirs in remote {
        if !place.takes(&theirs) {
            done.refused += 1;
            continue;
        }
        let Some(mine) = repo.record(&theirs.id).cloned() else {
            done.write = done.write.and(repo.take_synced(theirs, now).write);
            done.taken += 1;
            continue;
        };
        let stale = match repo.left_at(&theirs.id, &place.scope) {
            // Moved from this place here: its copy is the version that left, or older.
            Some(rev) => theirs.rev <= rev,
            None => theirs.rev < mine.rev,
        };
        if mine.scope != place.scope && stale {
            // Moved to another scope (here or on another device): this place's copy is an old
            // one, which the round that moved it removes; the record syncs with its new place.
            // A version made in this place meanwhile (another device's edit, or a move here) is
            // merged as usual, so no edit is lost to a move.
            continue;
        }
        if mine.body.kind() != theirs.body.kind() {
            // Ids are random: the same id for two kinds is a broken document, not an edit.
            continue;
        }
        let base = repo.sync_base(&mine.id).map(|b| version(&b));
        match merge(base.as_ref(), &version(&mine), &version(&theirs)) {
            Outcome::Same | Outcome::Local => {}
            Outcome::Remote => {
                let theirs = with_private(theirs, &mine);
                done.write = done.write.and(repo.take_synced(theirs, now).write);
                done.taken += 1;
            }
            Outcome::Merged {
                version: both,
                conflicts,
            } => match merged_record(&mine, both) {
                Ok(merged) => {
                    let merged = with_private(merged, &mine);
                    let what = merged.describe();
                    done.write = done.write.and(repo.take_synced(merged, now).write);
                    done.merged += 1;
                    if !conflicts.is_empty() {
                        done.conflicts.push((mine.id.clone(), what, conflicts));
                    }
                }
                // The combination breaks a rule of its kind: keep this device's version and
                // report the whole record as the conflict.
                Err(_) => done.conflicts.push((
                    mine.id.clone(),
                    mine.describe(),
                    vec![Conflict {
                        path: String::new(),
                        local: version(&mine).data,
                        remote: version(&theirs).data,
                    }],
                )),
            },
        }
    }
    done
}

/// Adds a round's conflicts to those waiting for the user; a newer conflict on the same value
/// replaces the older one.
pub fn keep_conflicts<A: Adapter>(
    repo: &mut Repository<A>,
    found: &[(String, String, Vec<Conflict>)],
) -> Result<(), WriteError> {
    if found.is_empty() {
        return Ok(());
    }
    let mut list = repo.sync_conflicts();
    for (id, what, conflicts) in found {
        for c in conflicts {
            list.retain(|k| !(k.id == *id && k.path == c.path));
            list.push(SyncConflict {
                id: id.clone(),
                what: what.clone(),
                path: c.path.clone(),
                local: c.local.clone(),
                remote: c.remote.clone(),
            });
        }
    }
    repo.set_sync_conflicts(&list)
}

/// Settles the waiting conflict at `index`: with `theirs`, the other device's value goes into
/// the record (a new version, sent at the next round); without, this device's value stays.
/// Either way it is no longer listed.
pub fn settle<A: Adapter>(
    repo: &mut Repository<A>,
    index: usize,
    theirs: bool,
    now: Timestamp,
) -> Result<(), String> {
    let mut list = repo.sync_conflicts();
    if index >= list.len() {
        return Err("That conflict was already settled.".into());
    }
    let c = list.remove(index);
    if theirs {
        let record = repo
            .record(&c.id)
            .cloned()
            .ok_or("The record is no longer here.")?;
        let mut value: Value = serde_json::from_str(&record.to_json()).expect("records serialise");
        let mut at = &mut value["data"];
        for key in c.path.split('.').filter(|k| !k.is_empty()) {
            at = &mut at[key];
        }
        *at = c.remote.clone();
        let changed = parse_record_value(value).map_err(|why| {
            format!(
                "The other device's value does not fit this record ({why}); this device's stays."
            )
        })?;
        repo.overwrite(&c.id, changed.record.body, now)
            .map_err(|_| "The record is no longer here.".to_string())?;
    }
    repo.set_sync_conflicts(&list).map_err(|e| e.explain())
}
