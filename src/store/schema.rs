//! Reading one stored record: version check, migration from older shapes, validation.
//! Every record is parsed here, whether it comes from browser storage or an import file.
use crate::domain::dates::Timestamp;
use serde_json::{json, Map, Value};

use super::record::{stored_problems, valid_id, without_position, Record, SCHEMA_VERSION};

/// `MIGRATIONS[n]` upgrades a record of version `n` to version `n + 1`.
type Migration = fn(Value) -> Result<Value, String>;
const MIGRATIONS: &[Migration] = &[v0_to_v1, v1_to_v2, v2_to_v3];

/// A record that was read, and whether it had to be upgraded (and so should be written back).
#[derive(Debug)]
pub struct Parsed {
    pub record: Record,
    pub migrated: bool,
}

/// Reads one record from its stored text. The error says why, in words a user can act on.
pub fn parse_record(raw: &str) -> Result<Parsed, String> {
    // Fast path: a current record parses straight into its type.
    if let Ok(record) = serde_json::from_str::<Record>(raw) {
        if record.v == SCHEMA_VERSION {
            check(&record)?;
            return Ok(Parsed {
                record,
                migrated: false,
            });
        }
    }
    let value: Value = serde_json::from_str(raw).map_err(|e| format!("not readable JSON ({e})"))?;
    parse_record_value(value)
}

/// Reads one stored entry, the value of the key of `kind` and `id`. Entries in the stored form
/// of this version parse straight into their type; any other (the named form schemas 0-2
/// stored) is read as a record from elsewhere, upgraded, and marked to be written back.
pub fn parse_stored(kind: &str, id: &str, raw: &str) -> Result<Parsed, String> {
    // Why the stored form did not read as this version's: (another version, the parse error).
    let (other_version, error) = match Record::from_stored(kind, id, raw) {
        Ok(record) if record.v == SCHEMA_VERSION => {
            check(&record)?;
            return Ok(Parsed {
                record,
                migrated: false,
            });
        }
        Ok(record) => (Some(record.v), None),
        Err(e) => (None, Some(e)),
    };
    let value: Value = serde_json::from_str(raw).map_err(|e| format!("not readable JSON ({e})"))?;
    if value.get("d").is_some() && value.get("data").is_none() {
        // The stored form, but not this version's, or not valid.
        let version = value.get("v").and_then(Value::as_u64).unwrap_or(0) as u32;
        return Err(match (other_version, error) {
            _ if version > SCHEMA_VERSION => newer(version),
            (_, Some(e)) => describe_serde(without_position(&e.to_string())),
            (v, None) => format!(
                "its version {} has no stored form this version reads",
                v.unwrap_or(version)
            ),
        });
    }
    let mut parsed = parse_record_value(value)?;
    parsed.migrated = true;
    Ok(parsed)
}

fn newer(version: u32) -> String {
    format!(
        "written by a newer version of Trellis (record version {version}; this version reads up to {SCHEMA_VERSION}). Update Trellis to read it"
    )
}

/// Reads one record that is already JSON (from an import file, or the slow path above).
pub fn parse_record_value(value: Value) -> Result<Parsed, String> {
    let Value::Object(ref obj) = value else {
        return Err("not a record (expected a JSON object)".into());
    };
    // Records of the prototype format (v0) carry no version field.
    let version = match obj.get("v") {
        None => 0,
        Some(v) => v
            .as_u64()
            .ok_or("its version \"v\" is not a whole number")? as u32,
    };
    if version > SCHEMA_VERSION {
        return Err(newer(version));
    }
    let migrated = version < SCHEMA_VERSION;
    let value = upgrade(value, version)?;
    // Read from text, not with `from_value`: then the bundle carries one record parser (the
    // one startup uses) instead of a second copy for `Value`s (about 5 KB brotli). Imports and
    // upgrades are rare enough that printing the value again costs nothing noticeable.
    let record: Record = serde_json::from_str(&value.to_string())
        .map_err(|e| describe_serde(without_position(&e.to_string())))?;
    check(&record)?;
    Ok(Parsed { record, migrated })
}

/// Runs the migrations from `from` up to the current version.
pub fn upgrade(mut value: Value, from: u32) -> Result<Value, String> {
    for (n, migration) in MIGRATIONS.iter().enumerate().skip(from as usize) {
        value =
            migration(value).map_err(|e| format!("cannot be upgraded from version {n}: {e}"))?;
    }
    Ok(value)
}

fn check(record: &Record) -> Result<(), String> {
    if !valid_id(&record.id) {
        return Err(format!("its id {:?} is not a valid record id", record.id));
    }
    if record.rev == 0 {
        return Err("its revision is 0 (revisions start at 1)".into());
    }
    if record.deleted {
        return Ok(()); // a tombstone's data no longer has to be valid
    }
    match stored_problems(&record.body).first() {
        Some(p) => Err(format!(
            "{} field `{}`: {}",
            record.body.kind(),
            p.field,
            p.message
        )),
        None => Ok(()),
    }
}

fn describe_serde(msg: &str) -> String {
    if let Some(rest) = msg.strip_prefix("unknown variant ") {
        let value = rest.split(',').next().unwrap_or(rest);
        if rest.contains("`person`") {
            return format!("unknown record kind {value}");
        }
        return format!("not a valid record (unknown value {value})");
    }
    format!("not a valid record ({msg})")
}

/// v0 was the prototype's shape: `type`, millisecond timestamps, and a `fields` map with other
/// names (`full_name`, `title`, `started`, `cadence_days`). v1 is the envelope of `record.rs`.
fn v0_to_v1(value: Value) -> Result<Value, String> {
    let Value::Object(mut obj) = value else {
        return Err("not an object".into());
    };
    let kind = obj
        .remove("type")
        .and_then(|t| t.as_str().map(str::to_string))
        .ok_or("no \"type\"")?;
    let id = obj.remove("id").ok_or("no \"id\"")?;
    let created = millis(obj.get("created_at")).ok_or("no \"created_at\" time")?;
    let updated = millis(obj.get("updated_at")).unwrap_or(created);
    let mut fields = match obj.remove("fields") {
        Some(Value::Object(f)) => f,
        _ => return Err("no \"fields\" object".into()),
    };
    let data = match kind.as_str() {
        "team" => json!({
            "name": take_str(&mut fields, "name"),
            "mission": take_str(&mut fields, "mission"),
        }),
        "person" => {
            let cadence = match fields.get("cadence_days").and_then(Value::as_u64) {
                None | Some(7) => "weekly",
                Some(14) => "biweekly",
                Some(n) => return Err(format!("check-in cadence of {n} days is neither 7 nor 14")),
            };
            let started = take_str(&mut fields, "started");
            json!({
                "name": take_str(&mut fields, "full_name"),
                "role": take_str(&mut fields, "title"),
                "start_date": if started.is_empty() { Value::Null } else { Value::String(started) },
                "email": take_str(&mut fields, "email"),
                "cadence": cadence,
                "archived": fields.get("archived").and_then(Value::as_bool).unwrap_or(false),
            })
        }
        other => return Err(format!("unknown record type {other:?}")),
    };
    Ok(json!({
        "v": 1, "id": id, "rev": 1, "seq": 0,
        "created": created.to_rfc3339(), "updated": updated.to_rfc3339(),
        "deleted": obj.get("deleted").and_then(Value::as_bool).unwrap_or(false),
        "kind": kind, "data": data,
    }))
}

/// v2 adds the envelope's `scope` (who may read the record). A v1 record takes its kind's
/// default: the record reader fills in a missing scope from the data (`Body::default_scope`),
/// the one place that rule lives, so this step only moves the version on.
fn v1_to_v2(value: Value) -> Result<Value, String> {
    let Value::Object(mut obj) = value else {
        return Err("not an object".into());
    };
    obj.remove("scope");
    obj.insert("v".into(), 2.into());
    Ok(Value::Object(obj))
}

/// v3 stores records in a shorter form (`Record::to_stored`); the named form, which export
/// files and sync use, is unchanged, so this step only moves the version on.
fn v2_to_v3(value: Value) -> Result<Value, String> {
    let Value::Object(mut obj) = value else {
        return Err("not an object".into());
    };
    obj.insert("v".into(), 3.into());
    Ok(Value::Object(obj))
}

fn millis(v: Option<&Value>) -> Option<Timestamp> {
    Timestamp::from_millis(v?.as_i64()?)
}

fn take_str(fields: &mut Map<String, Value>, name: &str) -> String {
    match fields.remove(name) {
        Some(Value::String(s)) => s,
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::scope::Scope;
    use crate::domain::Cadence;
    use crate::store::record::Body;

    const V1_PERSON: &str = r#"{"v":1,"id":"p1","rev":2,"seq":4,"created":"2026-01-01T00:00:00Z","updated":"2026-02-01T00:00:00Z","deleted":false,"kind":"person","data":{"name":"Ada","role":"Engineer","start_date":null,"email":"","cadence":"weekly","archived":false}}"#;
    const V2_GOAL: &str = r#"{"v":2,"id":"g1","rev":3,"seq":5,"created":"2026-01-01T00:00:00Z","updated":"2026-02-01T00:00:00Z","scope":"team","kind":"goal","data":{"title":"Answer within a day","owner":"p1","level":"operational"}}"#;

    #[test]
    fn current_records_parse_without_migration() {
        let p = parse_record(&V2_GOAL.replace("\"v\":2", "\"v\":3")).unwrap();
        assert!(!p.migrated);
        assert_eq!(p.record.rev, 3);
        assert!(matches!(p.record.body, Body::Goal(ref g) if g.owner == "p1"));
        assert_eq!(
            p.record.scope,
            Scope::Team,
            "a scope the writer chose (a personal goal shared with the team) is kept"
        );
        let again = parse_record(&p.record.to_json()).unwrap();
        assert_eq!(again.record, p.record);
    }

    #[test]
    fn v1_records_take_their_kinds_default_scope() {
        let p = parse_record(V1_PERSON).unwrap();
        assert!(p.migrated, "written back with its scope");
        assert_eq!((p.record.v, p.record.rev), (3, 2));
        assert_eq!(p.record.scope, Scope::Team);

        let goal = V2_GOAL
            .replace("\"v\":2", "\"v\":1")
            .replace("\"scope\":\"team\",", "");
        let p = parse_record(&goal).unwrap();
        assert!(p.migrated);
        assert_eq!(
            p.record.scope,
            Scope::Person("p1".into()),
            "a personal goal"
        );

        let one_to_one = r#"{"v":1,"id":"f1","rev":1,"created":"2026-01-01T00:00:00Z","updated":"2026-01-01T00:00:00Z","kind":"feedback","data":{"kind":"recognition","person":"p2","given_on":"2026-01-01","text":"Thank you for the SSO runbook: new engineers now close those tickets alone."}}"#;
        let p = parse_record(one_to_one).unwrap();
        assert_eq!(p.record.scope, Scope::Person("p2".into()));
        // A v1 record that already said a scope (it cannot have) is read by its kind's rule.
        let odd = one_to_one.replace("\"rev\":1,", "\"rev\":1,\"scope\":\"team\",");
        assert_eq!(
            parse_record(&odd).unwrap().record.scope,
            Scope::Person("p2".into())
        );
    }

    #[test]
    fn the_stored_form_leaves_out_what_the_key_and_the_defaults_say() {
        let goal = parse_record(V2_GOAL).unwrap().record; // shared with the team: not its default
        let raw = goal.to_stored();
        // seq 5 is far behind its time: an import numbers after the clock it came with.
        let head = r#"{"v":3,"r":3,"c":1767225600000,"u":1769904000000,"s":-1769903999995,"a":"team","d":{"title":"Answer within a day","#;
        assert!(raw.starts_with(head), "{raw}");
        let back = parse_stored("goal", "g1", &raw).unwrap();
        assert!(!back.migrated);
        assert_eq!(back.record, goal);

        // A record as an edit writes it: its own millisecond, its kind's default scope.
        let mut mine = goal.clone();
        mine.scope = Scope::Person("p1".into());
        mine.updated = mine.created;
        mine.seq = mine.created.millis() as u64;
        mine.deleted = true;
        let raw = mine.to_stored();
        assert!(
            raw.starts_with(r#"{"v":3,"r":3,"c":1767225600000,"x":true,"d":{"#),
            "{raw}"
        );
        assert_eq!(parse_stored("goal", "g1", &raw).unwrap().record, mine);

        // A time finer than a millisecond (from an import) is kept as text.
        let fine: Timestamp = "2026-01-01T00:00:00.123456Z".parse().unwrap();
        mine.created = fine;
        let raw = mine.to_stored();
        assert!(
            raw.contains(r#""c":"2026-01-01T00:00:00.123456Z""#),
            "{raw}"
        );
        assert_eq!(parse_stored("goal", "g1", &raw).unwrap().record, mine);
    }

    #[test]
    fn stored_entries_of_older_versions_are_read_and_marked_to_write_back() {
        let p = parse_stored("goal", "g1", V2_GOAL).unwrap();
        assert!(
            p.migrated,
            "the named form of schema 2 is written back in the stored form"
        );
        assert_eq!((p.record.v, p.record.rev), (3, 3));
        let p = parse_stored("person", "p1", V1_PERSON).unwrap();
        assert!(p.migrated);
        assert_eq!(p.record.scope, Scope::Team);
    }

    #[test]
    fn bad_stored_entries_say_why() {
        for (raw, want) in [
            ("{\"v\":3,\"r\":1,", "not readable JSON"),
            (r#"{"v":3,"r":1,"d":{"name":"T"}}"#, "missing field `c`"),
            (
                r#"{"v":3,"r":1,"c":"soon","d":{"name":"T"}}"#,
                "not a valid record",
            ),
            (
                r#"{"v":9,"r":1,"c":1,"d":{"hologram":true}}"#,
                "written by a newer version",
            ),
            (
                r#"{"v":3,"r":0,"c":1,"d":{"name":"T","mission":""}}"#,
                "revision is 0",
            ),
        ] {
            let err = parse_stored("team", "t1", raw).unwrap_err();
            assert!(err.contains(want), "{raw}: {err}");
        }
    }

    #[test]
    fn a_bad_scope_is_refused_with_its_reason() {
        let err = parse_record(&V2_GOAL.replace("\"team\"", "\"everyone\"")).unwrap_err();
        assert!(err.contains("unknown scope \"everyone\""), "{err}");
    }

    #[test]
    fn v0_person_is_upgraded() {
        let raw = r#"{"id":"old1","type":"person","created_at":1700000000000,"updated_at":1700000500000,
            "fields":{"full_name":"Grace Hopper","title":"Rear admiral","started":"2020-05-04","cadence_days":14}}"#;
        let p = parse_record(raw).unwrap();
        assert!(p.migrated);
        let r = p.record;
        assert_eq!((r.v, r.rev, r.id.as_str()), (3, 1, "old1"));
        assert_eq!(r.scope, Scope::Team);
        assert_eq!(r.created.millis(), 1700000000000);
        assert_eq!(r.updated.millis(), 1700000500000);
        let Body::Person(person) = r.body else {
            panic!()
        };
        assert_eq!(person.name, "Grace Hopper");
        assert_eq!(person.role, "Rear admiral");
        assert_eq!(person.cadence, Cadence::Biweekly);
        assert_eq!(person.start_date.unwrap().to_string(), "2020-05-04");
    }

    #[test]
    fn bad_records_say_why() {
        let cases = [
            ("{not json", "not readable JSON"),
            ("[1,2]", "not a record"),
            (
                r#"{"v":9,"id":"x","kind":"person"}"#,
                "newer version of Trellis",
            ),
            (r#"{"v":"one"}"#, "not a whole number"),
            (
                &V1_PERSON.replace("\"person\"", "\"spaceship\""),
                "unknown record kind `spaceship`",
            ),
            (
                &V1_PERSON.replace("\"Ada\"", "\"  \""),
                "person field `name`: Name is required.",
            ),
            (
                &V1_PERSON.replace("\"p1\"", "\"p:1\""),
                "not a valid record id",
            ),
            (
                &V1_PERSON.replace("\"rev\":2", "\"rev\":0"),
                "revision is 0",
            ),
            (&V1_PERSON.replace(",\"rev\":2", ""), "missing field `rev`"),
            (
                r#"{"id":"a","type":"person","created_at":1,"fields":{"full_name":"A","cadence_days":30}}"#,
                "neither 7 nor 14",
            ),
            (
                r#"{"id":"a","type":"robot","created_at":1,"fields":{}}"#,
                "unknown record type",
            ),
        ];
        for (raw, needle) in cases {
            let err = parse_record(raw).unwrap_err();
            assert!(
                err.contains(needle),
                "{raw}: {err:?} should contain {needle:?}"
            );
        }
    }

    #[test]
    fn serde_messages_carry_no_position() {
        // Read from a `Value` (as imports are), the message names no line or column.
        let value: Value =
            serde_json::from_str(&V1_PERSON.replace("\"rev\":2", "\"rev\":\"x\"")).unwrap();
        assert_eq!(
            parse_record_value(value).unwrap_err(),
            "not a valid record (invalid type: string \"x\", expected u64)"
        );
        let data_first = r#"{"data":{"name":7},"v":1,"id":"a","rev":1,"created":"2026-11-26T10:00:00Z","updated":"2026-11-26T10:00:00Z","kind":"team"}"#;
        let value: Value = serde_json::from_str(data_first).unwrap();
        assert_eq!(
            parse_record_value(value).unwrap_err(),
            "not a valid record (invalid type: integer `7`, expected a string)"
        );
    }

    #[test]
    fn tombstones_need_no_valid_data() {
        let raw = V1_PERSON
            .replace("\"Ada\"", "\"\"")
            .replace("\"deleted\":false", "\"deleted\":true");
        assert!(parse_record(&raw).unwrap().record.deleted);
    }
}
