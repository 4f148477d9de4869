//! Merge rules for sync: how this device's version of a record and another device's version
//! become one, given the last version both had seen (the base). Generic over the record's data
//! as JSON, so every kind follows the same rules:
//!
//! - per record by revision: a side that did not change since the base takes the other side;
//! - tombstones win over older edits; an edit made after the deletion is kept (and the record
//!   comes back), so nothing is dropped silently;
//! - field by field where fields are independent (objects are merged key by key, recursively);
//! - a list both sides only appended to (histories, updates, wins) keeps both sides' additions;
//! - when both sides changed the same value differently since the base, this device's value is
//!   kept and the conflict is reported with both values, for the user to resolve.
use super::dates::Timestamp;
use super::scope::Scope;
use serde_json::{Map, Value};

/// One side of a record as sync sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Version {
    pub rev: u64,
    pub updated: Timestamp,
    pub deleted: bool,
    /// Who may read it: a change of scope (a goal shared with the team) merges like a value.
    pub scope: Scope,
    /// The kind's data, as JSON.
    pub data: Value,
}

impl Version {
    fn same_as(&self, other: &Version) -> bool {
        self.deleted == other.deleted && self.scope == other.scope && self.data == other.data
    }
}

/// A value both sides changed differently: where it is (`"notes"`, `"measure.current"`), and
/// both values. The merged record holds `local`.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    pub path: String,
    pub local: Value,
    pub remote: Value,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Both sides hold the same.
    Same,
    /// Keep this device's version (the other side needs it).
    Local,
    /// Take the other side's version.
    Remote,
    /// A new version combining both (a revision above either side's), with the values both
    /// sides changed differently.
    Merged {
        version: Version,
        conflicts: Vec<Conflict>,
    },
}

/// Merges this device's version (`local`) with another's (`remote`), given the last version
/// both had (`base`; None when there is no common version, e.g. the same id created twice).
pub fn merge(base: Option<&Version>, local: &Version, remote: &Version) -> Outcome {
    if local.same_as(remote) {
        return Outcome::Same;
    }
    if let Some(base) = base {
        if local.same_as(base) {
            return Outcome::Remote;
        }
        if remote.same_as(base) {
            return Outcome::Local;
        }
    }
    match (local.deleted, remote.deleted) {
        // Both deleted, with different last data: the later revision.
        (true, true) => {
            return if remote.rev > local.rev {
                Outcome::Remote
            } else {
                Outcome::Local
            };
        }
        // Deleted on one side, edited on the other: the later of the two stands.
        (true, false) => {
            return if local.updated >= remote.updated {
                Outcome::Local
            } else {
                Outcome::Remote
            };
        }
        (false, true) => {
            return if remote.updated >= local.updated {
                Outcome::Remote
            } else {
                Outcome::Local
            };
        }
        (false, false) => {}
    }
    let empty = Value::Null;
    let base_data = base.filter(|b| !b.deleted).map_or(&empty, |b| &b.data);
    let mut conflicts = vec![];
    let data = merge_value(base_data, &local.data, &remote.data, "", &mut conflicts);
    // The scope changed on one side only is taken; changed on both, this device's stands.
    let scope = match base {
        Some(b) if b.scope == local.scope => remote.scope.clone(),
        _ => local.scope.clone(),
    };
    if conflicts.is_empty() && data == local.data && scope == local.scope {
        return Outcome::Local;
    }
    if conflicts.is_empty() && data == remote.data && scope == remote.scope {
        return Outcome::Remote;
    }
    Outcome::Merged {
        version: Version {
            rev: local.rev.max(remote.rev) + 1,
            updated: local.updated.max(remote.updated),
            deleted: false,
            scope,
            data,
        },
        conflicts,
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Three-way merge of one value; a missing object key counts as `null` (Trellis leaves empty
/// and default fields out of its records).
fn merge_value(
    base: &Value,
    local: &Value,
    remote: &Value,
    path: &str,
    conflicts: &mut Vec<Conflict>,
) -> Value {
    if local == remote || base == remote {
        return local.clone();
    }
    if base == local {
        return remote.clone();
    }
    match (local, remote) {
        (Value::Object(l), Value::Object(r)) => {
            let empty = Map::new();
            let b = base.as_object().unwrap_or(&empty);
            let mut out = Map::new();
            let keys = l.keys().chain(r.keys().filter(|k| !l.contains_key(*k)));
            for key in keys {
                let (bv, lv, rv) = (field(b, key), field(l, key), field(r, key));
                let merged = merge_value(bv, lv, rv, &join(path, key), conflicts);
                if !merged.is_null() || l.contains_key(key) {
                    out.insert(key.clone(), merged);
                }
            }
            Value::Object(out)
        }
        (Value::Array(l), Value::Array(r)) => match appended(base, l, r) {
            Some(both) => Value::Array(both),
            None => conflict(path, local, remote, conflicts),
        },
        _ => conflict(path, local, remote, conflicts),
    }
}

fn field<'a>(map: &'a Map<String, Value>, key: &str) -> &'a Value {
    map.get(key).unwrap_or(&Value::Null)
}

fn conflict(path: &str, local: &Value, remote: &Value, conflicts: &mut Vec<Conflict>) -> Value {
    conflicts.push(Conflict {
        path: path.to_string(),
        local: local.clone(),
        remote: remote.clone(),
    });
    local.clone()
}

/// When both lists only added items after the base's (a history both sides appended to): the
/// base's items, then this device's additions, then the other side's not already there.
fn appended(base: &Value, local: &[Value], remote: &[Value]) -> Option<Vec<Value>> {
    let empty = vec![];
    let base = match base {
        Value::Array(b) => b,
        Value::Null => &empty,
        _ => return None,
    };
    if !local.starts_with(base) || !remote.starts_with(base) {
        return None;
    }
    let mut out = local.to_vec();
    for item in &remote[base.len()..] {
        if !local[base.len()..].contains(item) {
            out.push(item.clone());
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn at(minute: u32) -> Timestamp {
        format!("2026-11-27T09:{minute:02}:00Z").parse().unwrap()
    }

    fn v(rev: u64, minute: u32, data: Value) -> Version {
        Version {
            rev,
            updated: at(minute),
            deleted: false,
            scope: Scope::Person("hannah".into()),
            data,
        }
    }

    fn deleted(mut v: Version) -> Version {
        v.deleted = true;
        v
    }

    /// A goal as both devices had it at the last sync.
    fn goal() -> Value {
        json!({
            "title": "Raise ticket satisfaction from 7.4 to 8.2",
            "owner": "hannah",
            "measure": {"unit": "CSAT", "start": 7.4, "target": 8.2, "current": 7.6},
            "updates": [{"on": "2026-11-20", "value": 7.6}]
        })
    }

    #[test]
    fn the_same_on_both_sides() {
        let base = v(3, 0, goal());
        assert_eq!(
            merge(Some(&base), &v(4, 5, goal()), &v(4, 6, goal())),
            Outcome::Same
        );
        assert_eq!(merge(None, &base, &base), Outcome::Same);
    }

    #[test]
    fn a_side_that_did_not_change_takes_the_other() {
        let base = v(3, 0, goal());
        let mut edited = goal();
        edited["title"] = json!("Raise ticket satisfaction from 7.4 to 8.4");
        let edited = v(4, 5, edited);
        assert_eq!(merge(Some(&base), &base, &edited), Outcome::Remote);
        assert_eq!(merge(Some(&base), &edited, &base), Outcome::Local);
        // A deletion on one side only, the other unchanged: the deletion.
        let gone = deleted(v(4, 5, goal()));
        assert_eq!(merge(Some(&base), &base, &gone), Outcome::Remote);
        assert_eq!(merge(Some(&base), &gone, &base), Outcome::Local);
    }

    #[test]
    fn edits_to_different_fields_combine() {
        let base = v(3, 0, goal());
        // The laptop retitles the goal; the tablet records a new reading in the 1:1.
        let mut laptop = goal();
        laptop["title"] = json!("Raise ticket satisfaction to 8.2 by December");
        let mut tablet = goal();
        tablet["measure"]["current"] = json!(7.9);
        let Outcome::Merged { version, conflicts } =
            merge(Some(&base), &v(4, 10, laptop), &v(4, 12, tablet))
        else {
            panic!("expected a merge")
        };
        assert!(conflicts.is_empty());
        assert_eq!(version.rev, 5);
        assert_eq!(version.updated, at(12));
        assert_eq!(
            version.data["title"],
            "Raise ticket satisfaction to 8.2 by December"
        );
        assert_eq!(version.data["measure"]["current"], 7.9);
        assert_eq!(version.data["measure"]["target"], 8.2);
    }

    #[test]
    fn a_field_added_on_one_side_and_one_removed_on_the_other() {
        let base = v(1, 0, json!({"name": "Maya", "email": "maya@example.com"}));
        let local = v(
            2,
            3,
            json!({"name": "Maya", "email": "maya@example.com", "role": "CSM"}),
        );
        let remote = v(2, 4, json!({"name": "Maya"}));
        let Outcome::Merged { version, conflicts } = merge(Some(&base), &local, &remote) else {
            panic!("expected a merge")
        };
        assert!(conflicts.is_empty());
        assert_eq!(
            version.data,
            json!({"name": "Maya", "email": null, "role": "CSM"})
        );
    }

    #[test]
    fn the_same_text_changed_on_both_sides_keeps_both() {
        let base = v(2, 0, json!({"notes": "Agreed to pair on SSO.", "wins": []}));
        let local = v(
            3,
            10,
            json!({"notes": "Agreed to pair on SSO with Tomás.", "wins": []}),
        );
        let remote = v(
            3,
            11,
            json!({"notes": "SSO pairing moved to next week.", "wins": ["Refund macro"]}),
        );
        let Outcome::Merged { version, conflicts } = merge(Some(&base), &local, &remote) else {
            panic!("expected a merge")
        };
        assert_eq!(
            conflicts,
            vec![Conflict {
                path: "notes".into(),
                local: json!("Agreed to pair on SSO with Tomás."),
                remote: json!("SSO pairing moved to next week."),
            }]
        );
        // This device's text stays until the user chooses; the independent change still merges.
        assert_eq!(version.data["notes"], "Agreed to pair on SSO with Tomás.");
        assert_eq!(version.data["wins"], json!(["Refund macro"]));
        assert_eq!(
            merge(Some(&base), &remote, &local),
            Outcome::Merged {
                version: Version {
                    rev: 4,
                    updated: at(11),
                    deleted: false,
                    scope: Scope::Person("hannah".into()),
                    data: json!({"notes": "SSO pairing moved to next week.", "wins": ["Refund macro"]}),
                },
                conflicts: vec![Conflict {
                    path: "notes".into(),
                    local: json!("SSO pairing moved to next week."),
                    remote: json!("Agreed to pair on SSO with Tomás."),
                }],
            }
        );
    }

    #[test]
    fn nested_conflicts_name_their_path() {
        let base = v(3, 0, goal());
        let mut a = goal();
        a["measure"]["current"] = json!(7.8);
        let mut b = goal();
        b["measure"]["current"] = json!(8.0);
        let Outcome::Merged { conflicts, .. } = merge(Some(&base), &v(4, 1, a), &v(4, 2, b)) else {
            panic!("expected a merge")
        };
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].path, "measure.current");
        assert_eq!(
            (conflicts[0].local.clone(), conflicts[0].remote.clone()),
            (json!(7.8), json!(8.0))
        );
    }

    #[test]
    fn histories_both_sides_appended_to_keep_every_entry() {
        let base = v(3, 0, goal());
        let mut laptop = goal();
        laptop["updates"] =
            json!([{"on": "2026-11-20", "value": 7.6}, {"on": "2026-11-26", "value": 7.8}]);
        let mut tablet = goal();
        tablet["updates"] =
            json!([{"on": "2026-11-20", "value": 7.6}, {"on": "2026-11-27", "value": 7.9}]);
        let Outcome::Merged { version, conflicts } =
            merge(Some(&base), &v(4, 1, laptop.clone()), &v(4, 2, tablet))
        else {
            panic!("expected a merge")
        };
        assert!(conflicts.is_empty());
        assert_eq!(
            version.data["updates"],
            json!([{"on": "2026-11-20", "value": 7.6}, {"on": "2026-11-26", "value": 7.8}, {"on": "2026-11-27", "value": 7.9}])
        );
        // The same entry added on both sides is there once.
        let same = merge(Some(&base), &v(4, 1, laptop.clone()), &v(4, 2, laptop));
        assert_eq!(same, Outcome::Same);
        // A list changed in the middle on one side is not an append: a conflict, both kept.
        let mut edited = goal();
        edited["updates"] = json!([{"on": "2026-11-20", "value": 7.5}]);
        let mut appended = goal();
        appended["updates"] =
            json!([{"on": "2026-11-20", "value": 7.6}, {"on": "2026-11-27", "value": 7.9}]);
        let Outcome::Merged { conflicts, .. } =
            merge(Some(&base), &v(4, 1, edited), &v(4, 2, appended))
        else {
            panic!("expected a merge")
        };
        assert_eq!(conflicts[0].path, "updates");
    }

    #[test]
    fn delete_versus_edit_the_later_stands() {
        let base = v(3, 0, goal());
        let mut edit = goal();
        edit["title"] = json!("Raise ticket satisfaction to 8.0");
        let edited_at_10 = v(4, 10, edit);
        let deleted_at_20 = deleted(v(4, 20, goal()));
        let deleted_at_5 = deleted(v(4, 5, goal()));
        // The tombstone is newer than the edit: deleted, on either side.
        assert_eq!(
            merge(Some(&base), &edited_at_10, &deleted_at_20),
            Outcome::Remote
        );
        assert_eq!(
            merge(Some(&base), &deleted_at_20, &edited_at_10),
            Outcome::Local
        );
        // The edit came after the deletion: the edit is kept, the record comes back.
        assert_eq!(
            merge(Some(&base), &edited_at_10, &deleted_at_5),
            Outcome::Local
        );
        assert_eq!(
            merge(Some(&base), &deleted_at_5, &edited_at_10),
            Outcome::Remote
        );
        // Both deleted: one tombstone (the later revision where their last data differ).
        assert_eq!(
            merge(Some(&base), &deleted_at_20, &deleted_at_5),
            Outcome::Same
        );
        let mut last = goal();
        last["title"] = json!("Renamed, then deleted");
        let later = deleted(v(5, 30, last));
        assert_eq!(merge(Some(&base), &deleted_at_20, &later), Outcome::Remote);
        assert_eq!(merge(Some(&base), &later, &deleted_at_20), Outcome::Local);
    }

    #[test]
    fn without_a_common_version_differences_are_conflicts() {
        let a = v(1, 0, json!({"name": "Priya", "role": "Onboarding"}));
        let b = v(
            1,
            1,
            json!({"name": "Priya N.", "role": "Onboarding", "email": "p@example.com"}),
        );
        let Outcome::Merged { version, conflicts } = merge(None, &a, &b) else {
            panic!("expected a merge")
        };
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].path, "name");
        assert_eq!(version.data["email"], "p@example.com");
        assert_eq!(version.data["name"], "Priya");
    }

    #[test]
    fn a_scope_changed_on_one_side_merges_with_an_edit_on_the_other() {
        let base = v(2, 0, goal());
        // The manager shares Hannah's goal with the team; Hannah records progress meanwhile.
        let mut shared = v(3, 5, goal());
        shared.scope = Scope::Team;
        let mut progressed = goal();
        progressed["measure"]["current"] = json!(7.9);
        let hannah = v(3, 6, progressed.clone());
        let Outcome::Merged { version, conflicts } = merge(Some(&base), &shared, &hannah) else {
            panic!("both changes should merge");
        };
        assert!(conflicts.is_empty());
        assert_eq!(version.scope, Scope::Team);
        assert_eq!(version.data, progressed);
        // Only the scope changed, on the other side: taken as it is.
        assert_eq!(merge(Some(&base), &base, &shared), Outcome::Remote);
        assert_eq!(merge(Some(&base), &shared, &base), Outcome::Local);
        // Changed on both sides: this device's stands.
        let mut manager_only = v(3, 7, goal());
        manager_only.scope = Scope::Manager;
        let Outcome::Merged { version, .. } = merge(Some(&base), &manager_only, &hannah) else {
            panic!()
        };
        assert_eq!(version.scope, Scope::Manager);
    }
}
