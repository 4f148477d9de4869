//! Export to one versioned JSON file, and import: the whole file is checked before anything
//! changes, the first problem is reported with where and why, and the user chooses merge or
//! replace after seeing what each would do.
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::domain::dates::Timestamp;
use crate::domain::scope::Scope;
use serde_json::{json, Value};

use super::adapter::{Adapter, WriteError};
use super::record::{Record, SCHEMA_VERSION};
use super::repo::Repository;
use super::schema::parse_record_value;

/// The `format` field of every export file.
pub const FORMAT: &str = "trellis-export";

/// Which private notes of 1:1s a copy of the data keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Private {
    /// All of them: the manager's own backup.
    All,
    /// Only those the manager chose to share: a copy that leaves the manager's hands.
    Shared,
    /// None: what sync sends, since private notes never leave the device.
    None,
}

/// `record` as a copy keeps it: a check-in's private note left out unless `keep` keeps it.
/// None when nothing is left out (the record goes as it is).
pub fn without_private(record: &Record, keep: Private) -> Option<Record> {
    match &record.body {
        crate::store::Body::CheckIn(c)
            if !c.private_note.is_empty()
                && (keep == Private::None || keep == Private::Shared && !c.share_private) =>
        {
            let mut r = record.clone();
            if let crate::store::Body::CheckIn(c) = &mut r.body {
                c.private_note.clear();
            }
            Some(r)
        }
        _ => None,
    }
}

/// Serialises every record, tombstones included, with the schema version.
pub fn export<A: Adapter>(repo: &mut Repository<A>, now: Timestamp) -> String {
    pretty(export_records(repo, now, Private::All, None))
}

/// The same file without the private notes of 1:1s (a check-in's private note, unless its
/// manager chose to share it), for a copy that leaves the manager's hands.
pub fn export_without_private<A: Adapter>(repo: &mut Repository<A>, now: Timestamp) -> String {
    pretty(export_records(repo, now, Private::Shared, None))
}

/// Export files are indented, for people who open them.
fn pretty(file: Value) -> String {
    serde_json::to_string_pretty(&file).expect("records always serialise")
}

/// The export file with the private notes kept as `keep` says (sync sends `Private::None`), of
/// every record or `only` those of one scope (what one place on the server holds).
pub fn export_records<A: Adapter>(
    repo: &mut Repository<A>,
    now: Timestamp,
    keep: Private,
    only: Option<&Scope>,
) -> Value {
    repo.finish_loading();
    // Each record as the JSON it is stored as, read back as a `Value`: the same text as
    // `json!` of the records would give (object keys are sorted either way), without a
    // second, `Value`-building copy of every record type's serialiser in the bundle.
    let records: Vec<Value> = repo
        .all()
        .filter(|r| only.is_none_or(|s| *s == r.scope))
        .map(|r| {
            let json = match without_private(r, keep) {
                Some(stripped) => stripped.to_json(),
                None => r.to_json(),
            };
            serde_json::from_str(&json).expect("records always serialise")
        })
        .collect();
    let file = json!({
        "format": FORMAT,
        "schema": SCHEMA_VERSION,
        "exported_at": now.to_rfc3339(),
        "records": records,
    });
    file
}

/// The first thing wrong with an import file: where, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportProblem {
    pub place: String,
    pub message: String,
}

impl fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

fn problem(place: impl Into<String>, message: impl Into<String>) -> ImportProblem {
    ImportProblem {
        place: place.into(),
        message: message.into(),
    }
}

/// A checked import file: every record readable, valid and upgraded to the current schema.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportFile {
    pub records: Vec<Record>,
    pub exported_at: Option<String>,
}

/// Reads and checks a whole export file. Nothing is changed here.
pub fn parse_import(text: &str) -> Result<ImportFile, ImportProblem> {
    if text.trim().is_empty() {
        return Err(problem("The file", "is empty."));
    }
    let value: Value = serde_json::from_str(text).map_err(|e| {
        problem(
            format!("Line {}, column {}", e.line(), e.column()),
            format!(
                "this is not valid JSON ({}).",
                strip_position(&e.to_string())
            ),
        )
    })?;
    let Value::Object(mut top) = value else {
        return Err(problem("The file", "is JSON but not a Trellis export (expected an object with \"format\": \"trellis-export\")."));
    };
    if top.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(problem(
            "The file",
            "is not a Trellis export: its \"format\" is not \"trellis-export\".",
        ));
    }
    let schema = top
        .get("schema")
        .and_then(Value::as_u64)
        .ok_or_else(|| problem("\"schema\"", "is missing or not a whole number."))?;
    if schema > SCHEMA_VERSION as u64 {
        return Err(problem(
            "\"schema\"",
            format!("the file comes from a newer Trellis (schema {schema}); this version reads up to {SCHEMA_VERSION}. Update Trellis, then import."),
        ));
    }
    let Some(Value::Array(items)) = top.remove("records") else {
        return Err(problem("\"records\"", "is missing or not a list."));
    };
    let total = items.len();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut records = Vec::with_capacity(total);
    for (i, item) in items.into_iter().enumerate() {
        let n = i + 1;
        let id_hint = item
            .get("id")
            .and_then(Value::as_str)
            .map(|s| format!(" (id \"{s}\")"))
            .unwrap_or_default();
        let place = format!("Record {n} of {total}{id_hint}");
        let parsed = parse_record_value(item).map_err(|why| problem(&place, sentence(why)))?;
        if let Some(first) = seen.insert(parsed.record.id.clone(), n) {
            return Err(problem(
                place,
                format!("the same id is already used by record {first}."),
            ));
        }
        records.push(parsed.record);
    }
    Ok(ImportFile {
        records,
        exported_at: top
            .get("exported_at")
            .and_then(Value::as_str)
            .map(str::to_string),
    })
}

/// Ends a reason with one full stop.
fn sentence(mut why: String) -> String {
    if !why.ends_with('.') {
        why.push('.');
    }
    why
}

fn strip_position(msg: &str) -> &str {
    msg.split(" at line ").next().unwrap_or(msg)
}

/// How an import would change the store, shown before the user confirms.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportPlan {
    pub in_file: usize,
    /// Merge: records new to this browser.
    pub add: usize,
    /// Merge: records the file has in a newer revision.
    pub update: usize,
    /// Merge: records where this browser's copy is the same or newer, left as they are.
    pub keep: usize,
    /// Replace: records here that are not in the file and would be removed.
    pub remove: usize,
    /// Records here now (tombstones included).
    pub here: usize,
    /// Records in the file this device may not hold (on a member's device, another person's
    /// or the manager's): left out.
    pub foreign: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportMode {
    Merge,
    Replace,
}

/// Does the incoming record win over the local one in a merge?
fn incoming_wins(local: &Record, incoming: &Record) -> bool {
    incoming.rev > local.rev || (incoming.rev == local.rev && incoming.updated > local.updated)
}

pub fn plan_import<A: Adapter>(repo: &mut Repository<A>, file: &ImportFile) -> ImportPlan {
    repo.finish_loading();
    let mut plan = ImportPlan {
        in_file: file.records.len(),
        here: repo.all().count(),
        ..Default::default()
    };
    for r in &file.records {
        if !repo.holds(&r.scope) {
            plan.foreign += 1;
            continue;
        }
        match repo.record(&r.id) {
            None => plan.add += 1,
            Some(l) if incoming_wins(l, r) => plan.update += 1,
            Some(_) => plan.keep += 1,
        }
    }
    let in_file = id_set(&file.records);
    plan.remove = repo.all().filter(|r| !in_file.contains(&r.id)).count();
    plan
}

/// The ids of `records`. Filled by `insert`, not `collect()`: collecting into a set sorts first,
/// and every sort instantiated costs the bundle a few KB (the store's sets of ids already use
/// `insert`).
fn id_set(records: &[Record]) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for r in records {
        ids.insert(r.id.clone());
    }
    ids
}

/// Carries out a checked import. Replace writes the file's records first and removes the
/// others only once every write succeeded, so a full storage never leaves the user with less.
pub fn apply_import<A: Adapter>(
    repo: &mut Repository<A>,
    file: ImportFile,
    mode: ImportMode,
) -> Result<(), WriteError> {
    repo.finish_loading();
    let mut file = file;
    file.records.retain(|r| repo.holds(&r.scope));
    match mode {
        ImportMode::Merge => {
            let winners: Vec<Record> = file
                .records
                .into_iter()
                .filter(|r| repo.record(&r.id).is_none_or(|l| incoming_wins(l, r)))
                .collect();
            repo.put_all(winners)
        }
        ImportMode::Replace => {
            let keep = id_set(&file.records);
            let others: Vec<String> = repo
                .all()
                .map(|r| r.id.clone())
                .filter(|id| !keep.contains(id))
                .collect();
            repo.put_all(file.records)?;
            repo.remove_all(&others);
            Ok(())
        }
    }
}
