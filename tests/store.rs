//! The store through the in-memory adapter: round trips, migration, corrupt records, failed
//! writes, stale saves from another tab, import validation, merge and replace.
use std::collections::BTreeMap;

use trellis::domain::dates::{Date, Timestamp};
use trellis::domain::scope::Scope;
use trellis::domain::{Cadence, Person, Team};
use trellis::store::{
    apply_import, export, parse_import, plan_import, Adapter, Body, External, ImportMode,
    MemoryAdapter, Record, Repository, SaveError, WriteError, SCHEMA_VERSION,
};

/// The demo team's goals: eighteen, and (since the insight release) last months' nine finished.
const DEMO_GOALS: usize = DEMO_GOALS_BEFORE + 9;
/// The goals of the demo the v1 and v2 fixtures were stored from.
const DEMO_GOALS_BEFORE: usize = 18;
/// Held check-ins (57) and one monthly review per person (6).
const DEMO_MEETINGS: usize = 57 + 6;
/// Feedback (12 recognition, 3 corrective, 6 peer), 2 requests, 3 wins and 1 team script.
const DEMO_FEEDBACK: usize = 12 + 3 + 6 + 2 + 3 + 1;
/// The charter (3 versions, acknowledged by 6, 5 and 3 people), the authority matrix, standards
/// for 2 roles, 13 ratings (4 of them self-assessments) and 6 weekly self-reports.
const DEMO_CHARTER: usize = 3 + 6 + 5 + 3 + 1 + 2 + 13 + 6;
/// The demo as schema 1 had it (the v1 fixture).
const DEMO_V1: usize = 1 + 6 + DEMO_GOALS_BEFORE + DEMO_MEETINGS + DEMO_FEEDBACK + DEMO_CHARTER;
/// Development: 8 skills, 25 assessments (2 self), 6 plan actions and 3 stretch assignments.
const DEMO_DEVELOPMENT: usize = 8 + 25 + 6 + 3;
/// Indicators: 8, with 30 weeks of readings a month per record (7 months each on 2026-11-26, for
/// the weekly ones and the monthly one alike).
const DEMO_INDICATORS: usize = 8 + 8 * 7;
/// Improvement plans: Daniel's, with 2 reviews and 1 acknowledgement.
const DEMO_IMPROVEMENT: usize = 1 + 2 + 1;
/// Rolling it out: the manager's rollout with its 4 hand ticks, one system review, and the
/// development plan's self-assessment and 2 learning actions.
const DEMO_ROLLOUT: usize = (1 + 4) + 1 + (1 + 2);
const DEMO_RECORDS: usize = DEMO_V1
    + (DEMO_GOALS - DEMO_GOALS_BEFORE)
    + DEMO_DEVELOPMENT
    + DEMO_INDICATORS
    + DEMO_IMPROVEMENT
    + DEMO_ROLLOUT;
/// The demo as the previous release stored it (the v2 fixture): before indicators.
const DEMO_V2: usize = DEMO_V1 + DEMO_DEVELOPMENT;

fn now() -> Timestamp {
    "2026-11-26T10:00:00Z".parse().unwrap()
}
fn today() -> Date {
    now().date()
}
fn person(name: &str) -> Body {
    Body::Person(Person {
        name: name.into(),
        role: "Engineer".into(),
        start_date: None,
        email: String::new(),
        cadence: Cadence::Weekly,
        archived: false,
    })
}
fn name_of(body: &Body) -> &str {
    match body {
        Body::Person(p) => &p.name,
        Body::Team(t) => &t.name,
        _ => "",
    }
}
/// The name `id` has in storage, as a fresh session would read it.
fn name_on_disk(repo: &Repository<MemoryAdapter>, id: &str) -> String {
    let (fresh, _) = Repository::open(repo.adapter().clone());
    name_of(&fresh.get(id).unwrap().body).to_string()
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}
fn adapter_from(map: BTreeMap<String, String>) -> MemoryAdapter {
    MemoryAdapter {
        map,
        ..Default::default()
    }
}

#[test]
fn records_round_trip_through_storage() {
    let (mut repo, report) = Repository::open(MemoryAdapter::default());
    assert_eq!(report.loaded, 0);
    assert!(repo.is_empty());
    let saved = repo.create(person("Ada"), now());
    assert_eq!(saved.write, Ok(()));
    let id = saved.record.id.clone();
    let adapter = repo.adapter().clone();
    assert!(
        adapter.map.contains_key(&format!("trellis:r:person:{id}")),
        "{:?}",
        adapter.map.keys()
    );
    assert!(adapter
        .map
        .get("trellis:meta")
        .unwrap()
        .starts_with("{\"schema\":3,"));

    let (again, report) = Repository::open(adapter);
    assert_eq!(report.loaded, 1);
    assert_eq!(again.get(&id), Some(&saved.record));
}

#[test]
fn one_edit_writes_one_small_record_whatever_the_store_size() {
    let mut costs = vec![];
    for size in [5usize, 2000] {
        let (mut repo, _) = Repository::open(MemoryAdapter::default());
        let mut last = None;
        for n in 0..size {
            last = Some(repo.create(person(&format!("P{n}")), now()).record);
        }
        let before = repo.adapter().written;
        let last = last.unwrap();
        repo.update(&last.id, person("Renamed"), last.rev, now())
            .unwrap();
        costs.push(repo.adapter().written - before);
    }
    // Only the record's own change counter may get a digit or two longer.
    assert!(
        costs[1] - costs[0] <= 4,
        "bytes per edit must not grow with the store: {costs:?}"
    );
    assert!(costs[0] < 400, "one edit wrote {} bytes", costs[0]);
}

#[test]
fn v0_fixture_is_migrated_and_written_back() {
    let map: BTreeMap<String, String> = serde_json::from_str(&fixture("v0-storage.json")).unwrap();
    let (repo, report) = Repository::open(adapter_from(map));
    assert_eq!(
        (report.loaded, report.migrated, report.quarantined),
        (3, 3, 0)
    );
    let people = repo.people();
    assert_eq!(
        people
            .iter()
            .map(|(_, p)| p.name.as_str())
            .collect::<Vec<_>>(),
        ["Ana Souza", "Ben Carter"]
    );
    assert_eq!(people[1].1.cadence, Cadence::Biweekly);
    assert!(people[1].1.archived);
    assert_eq!(repo.team().unwrap().1.name, "Field Service");

    // Written back in the current shape, under a key that names the kind; the old key is gone.
    let stored = repo.adapter().map.get("trellis:r:person:ana01").unwrap();
    assert!(stored.starts_with("{\"v\":3,"), "{stored}");
    let back = Record::from_stored("person", "ana01", stored).unwrap();
    assert_eq!(
        back.scope,
        Scope::Team,
        "its kind's default, left out of the stored form"
    );
    assert!(!repo.adapter().map.contains_key("trellis:r:ana01"));
    let (_, report) = Repository::open(repo.adapter().clone());
    assert_eq!((report.loaded, report.migrated), (3, 0));
}

/// The scope a record of schema 1 should get, from its stored JSON: the rule in words of the
/// README's table, written out again here to check the domain's.
fn expected_scope(kind: &str, data: &serde_json::Value) -> String {
    let of = |id: &serde_json::Value| match id.as_str() {
        Some(id) if !id.is_empty() => format!("person:{id}"),
        _ => "team".to_string(),
    };
    match kind {
        "goal" => of(&data["owner"]),
        "feedback" if data["public"] == true => "team".into(),
        "feedback" | "check_in" | "review" | "feedback_request" | "rating" | "self_report" => {
            of(&data["person"])
        }
        _ => "team".into(),
    }
}

#[test]
fn v1_fixture_takes_each_kinds_default_scope_and_keeps_every_record() {
    let map: BTreeMap<String, String> = serde_json::from_str(&fixture("v1-storage.json")).unwrap();
    let v1_records: Vec<(String, serde_json::Value)> = map
        .iter()
        .filter(|(k, _)| k.starts_with("trellis:r:"))
        .map(|(k, v)| (k.clone(), serde_json::from_str(v).unwrap()))
        .collect();
    assert_eq!(v1_records.len(), DEMO_V1);
    assert!(v1_records
        .iter()
        .all(|(_, r)| r["v"] == 1 && r.get("scope").is_none()));

    let (repo, report) = Repository::open(adapter_from(map));
    assert_eq!(
        (report.loaded, report.migrated, report.quarantined),
        (DEMO_V1, DEMO_V1, 0)
    );
    let mut seen = BTreeMap::<String, usize>::new();
    for (key, old) in &v1_records {
        let id = old["id"].as_str().unwrap();
        let kind = old["kind"].as_str().unwrap();
        let record = repo.record(id).unwrap_or_else(|| panic!("{key} is lost"));
        let want = expected_scope(kind, &old["data"]);
        assert_eq!(record.scope.to_string(), want, "{key}");
        *seen
            .entry(format!("{kind} {}", want.split(':').next().unwrap()))
            .or_default() += 1;
        // Written back in the stored form of schema 3 with the same data and revision; the
        // scope is its kind's default, so the stored form leaves it out.
        let raw = repo.adapter().map.get(key.as_str()).unwrap();
        let stored: serde_json::Value = serde_json::from_str(raw).unwrap();
        assert_eq!(stored["v"], 3, "{key}");
        assert!(stored.get("a").is_none(), "{key}");
        let back = Record::from_stored(kind, id, raw).unwrap();
        assert_eq!(back.scope.to_string(), want, "{key}");
        // The same data: what the old data reads as is what the stored form reads as (empty
        // fields may be left out).
        let as_old = format!(r#"{{"v":3,"r":1,"c":0,"d":{}}}"#, old["data"]);
        let old_body = Record::from_stored(kind, id, &as_old).unwrap().body;
        assert_eq!(back.body, old_body, "{key}: the data is unchanged");
        assert_eq!(stored["r"], old["rev"], "{key}");
    }
    // The fixture has both sides of every rule that depends on the data.
    for pair in [
        "goal team",
        "goal person",
        "feedback team",
        "feedback person",
        "check_in person",
        "charter_ack team",
        "rating person",
    ] {
        assert!(
            seen.contains_key(pair),
            "no {pair} record in the fixture: {seen:?}"
        );
    }
    let (_, again) = Repository::open(repo.adapter().clone());
    assert_eq!((again.loaded, again.migrated), (DEMO_V1, 0));
}

#[test]
fn a_records_scope_follows_its_kinds_default_unless_chosen_and_survives_export() {
    let (mut repo, _) = Repository::open(MemoryAdapter::default());
    let hannah = repo.create(person("Hannah"), now()).record;
    let kwame = repo.create(person("Kwame"), now()).record;
    assert_eq!(hannah.scope, Scope::Team, "the people list is the team's");
    let goal = |owner: &str| {
        Body::Goal(trellis::domain::Goal {
            title: "Answer within a day".into(),
            owner: owner.into(),
            ..Default::default()
        })
    };
    let g = repo.create(goal(&hannah.id), now()).record;
    assert_eq!(g.scope, Scope::Person(hannah.id.clone()));
    // Given to Kwame: the scope follows the owner.
    let g = repo
        .update(&g.id, goal(&kwame.id), g.rev, now())
        .unwrap()
        .record;
    assert_eq!(g.scope, Scope::Person(kwame.id.clone()));
    // Made a team goal: the team's.
    let g = repo.update(&g.id, goal(""), g.rev, now()).unwrap().record;
    assert_eq!(g.scope, Scope::Team);
    let counts = repo.scope_counts();
    assert_eq!(counts.get(&Scope::Team), Some(&3));
    assert_eq!(counts.len(), 1);

    // An export carries the scope, and an import reads it back.
    let text = export(&mut repo, now());
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(
        json["records"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["scope"] == "team"),
        "{text}"
    );
    let parsed = parse_import(&text).unwrap();
    let back = parsed.records.iter().find(|r| r.id == g.id).unwrap();
    assert_eq!(back.scope, Scope::Team);
}

#[test]
fn a_personal_goal_may_be_shared_with_the_team_and_stays_shared() {
    let (mut repo, _) = Repository::open(MemoryAdapter::default());
    let hannah = repo.create(person("Hannah"), now()).record;
    let body = |title: &str| {
        Body::Goal(trellis::domain::Goal {
            title: title.into(),
            owner: hannah.id.clone(),
            ..Default::default()
        })
    };
    let g = repo.create(body("Publish the SSO article"), now()).record;
    let shared = repo.set_scope(&g.id, Scope::Team, g.rev, now()).unwrap();
    assert_eq!(shared.write, Ok(()));
    assert_eq!(
        (shared.record.scope.clone(), shared.record.rev),
        (Scope::Team, 2)
    );
    // Chosen, so it stays with the next edit...
    let edited = repo
        .update(&g.id, body("Publish the SSO article by Friday"), 2, now())
        .unwrap()
        .record;
    assert_eq!(edited.scope, Scope::Team);
    // ...and goes back to hers only when chosen again.
    let back = repo
        .set_scope(&g.id, Scope::Person(hannah.id.clone()), edited.rev, now())
        .unwrap()
        .record;
    assert_eq!(back.scope, Scope::Person(hannah.id.clone()));
    // Not every scope is allowed, nor a stale revision.
    assert_eq!(
        repo.set_scope(&g.id, Scope::Manager, back.rev, now()),
        Err(trellis::store::SaveError::NotAllowed)
    );
    assert!(matches!(
        repo.set_scope(&g.id, Scope::Team, 1, now()),
        Err(trellis::store::SaveError::Conflict { .. })
    ));
    assert_eq!(
        repo.get(&g.id).unwrap().scope,
        Scope::Person(hannah.id.clone())
    );
    // A check-in has one scope only.
    let ci = repo
        .create(
            Body::CheckIn(trellis::domain::CheckIn::held(
                &hannah.id,
                now().date(),
                "x",
            )),
            now(),
        )
        .record;
    assert_eq!(
        repo.set_scope(&ci.id, Scope::Team, ci.rev, now()),
        Err(trellis::store::SaveError::NotAllowed)
    );
}

#[test]
fn corrupt_and_future_records_are_quarantined_and_the_rest_loads() {
    let (mut repo, _) = Repository::open(MemoryAdapter::default());
    let keep = repo.create(person("Keep"), now()).record;
    let mut adapter = repo.adapter().clone();
    adapter.map.insert(
        "trellis:r:broken".into(),
        "{\"v\":1,\"id\":\"broken\",".into(),
    );
    adapter.map.insert(
        "trellis:r:future".into(),
        r#"{"v":7,"id":"future","kind":"hologram"}"#.into(),
    );
    adapter.map.insert("trellis:r:moved".into(), keep.to_json()); // key and id disagree
    adapter
        .map
        .insert(format!("trellis:r:team:{}", keep.id), keep.to_json()); // key and kind disagree
    adapter.map.insert("someone-else".into(), "not ours".into());

    let (mut repo, report) = Repository::open(adapter);
    assert_eq!((report.loaded, report.quarantined), (1, 4));
    assert_eq!(repo.get(&keep.id).unwrap().body, keep.body);
    let q = repo.quarantined();
    let team_key = format!("trellis:r:team:{}", keep.id);
    assert_eq!(
        q.iter().map(|q| q.key.as_str()).collect::<Vec<_>>(),
        [
            "trellis:r:broken",
            "trellis:r:future",
            "trellis:r:moved",
            &team_key
        ]
    );
    assert!(
        q[3].reason
            .contains("stored as a team but says it is a person"),
        "{}",
        q[3].reason
    );
    assert!(q[0].reason.contains("not readable JSON"), "{}", q[0].reason);
    assert!(
        q[1].reason.contains("newer version of Trellis"),
        "{}",
        q[1].reason
    );
    assert!(q[2].reason.contains("stored under id"), "{}", q[2].reason);
    // Kept untouched until discarded.
    assert_eq!(
        repo.adapter().get("trellis:r:broken").as_deref(),
        Some("{\"v\":1,\"id\":\"broken\",")
    );
    repo.discard_quarantined("trellis:r:broken");
    assert_eq!(repo.adapter().get("trellis:r:broken"), None);
    assert_eq!(repo.quarantined().len(), 3);
    assert_eq!(
        repo.adapter().get("someone-else").as_deref(),
        Some("not ours")
    );
}

#[test]
fn a_failed_write_keeps_the_edit_in_memory_and_damages_nothing() {
    let (mut repo, _) = Repository::open(MemoryAdapter::default());
    let ada = repo.create(person("Ada"), now()).record;
    let saved_before = repo.adapter().map.clone();

    let mut full = repo.adapter().clone();
    full.quota = Some(full.used()); // nothing more fits
    let (mut repo, _) = Repository::open(full);
    let saved = repo
        .update(&ada.id, person("Ada Lovelace"), ada.rev, now())
        .unwrap();
    assert_eq!(saved.write, Err(WriteError::Quota));
    assert_eq!(
        name_of(&repo.get(&ada.id).unwrap().body),
        "Ada Lovelace",
        "the edit stays in memory"
    );
    assert_eq!(repo.unsaved_count(), 1);
    assert_eq!(
        repo.adapter().map,
        saved_before,
        "what was saved is untouched"
    );
    let new = repo.create(person("Grace"), now());
    assert_eq!(new.write, Err(WriteError::Quota));
    assert_eq!(repo.unsaved_count(), 2);
    // Export still carries the unsaved edits.
    let file = parse_import(&export(&mut repo, now())).unwrap();
    assert!(file
        .records
        .iter()
        .any(|r| name_of(&r.body) == "Ada Lovelace"));
    assert!(file.records.iter().any(|r| name_of(&r.body) == "Grace"));

    // Space freed: retry writes them.
    repo.adapter_mut().quota = None;
    assert_eq!(name_on_disk(&repo, &ada.id), "Ada", "not on disk yet");
    assert_eq!(repo.retry_unsaved(), Ok(()));
    assert_eq!(repo.unsaved_count(), 0);
    assert_eq!(name_on_disk(&repo, &ada.id), "Ada Lovelace");
}

#[test]
fn a_stale_save_from_another_tab_is_a_conflict_not_a_silent_overwrite() {
    let (mut tab_a, _) = Repository::open(MemoryAdapter::default());
    let ada = tab_a.create(person("Ada"), now()).record;
    // Tab B shares the same storage: model it by a second repository on a copy, then copy back.
    let (mut tab_b, _) = Repository::open(tab_a.adapter().clone());
    let b_saved = tab_b
        .update(&ada.id, person("Ada (B)"), ada.rev, now())
        .unwrap()
        .record;
    *tab_a.adapter_mut() = tab_b.adapter().clone();

    // Tab A still edits from revision 1.
    match tab_a.update(&ada.id, person("Ada (A)"), ada.rev, now()) {
        Err(SaveError::Conflict { theirs }) => assert_eq!(*theirs, b_saved),
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(name_on_disk(&tab_a, &ada.id), "Ada (B)");
    // The user chooses to keep A's version: it goes on top, with a higher revision.
    let kept = tab_a
        .overwrite(&ada.id, person("Ada (A)"), now())
        .unwrap()
        .record;
    assert_eq!(kept.rev, b_saved.rev + 1);
    assert_eq!(name_on_disk(&tab_a, &ada.id), "Ada (A)");
}

#[test]
fn changes_from_another_tab_apply_in_memory() {
    let (mut a, _) = Repository::open(MemoryAdapter::default());
    let ada = a.create(person("Ada"), now()).record;
    let (mut b, _) = Repository::open(a.adapter().clone());
    let newer = b.update(&ada.id, person("Ada B"), 1, now()).unwrap().record;
    let key = ada.key();
    assert_eq!(key, format!("trellis:r:person:{}", ada.id));
    assert_eq!(
        a.apply_external(Some(&key), Some(&newer.to_json())),
        External::Updated(ada.id.clone())
    );
    assert_eq!(name_of(&a.get(&ada.id).unwrap().body), "Ada B");
    // An older revision arriving late does not roll us back.
    assert_eq!(
        a.apply_external(Some(&key), Some(&ada.to_json())),
        External::Ignored
    );
    assert_eq!(
        a.apply_external(Some("trellis:r:zz"), Some("garbage")),
        External::Quarantined("trellis:r:zz".into())
    );
    assert_eq!(a.quarantined().len(), 1);
    assert_eq!(
        a.apply_external(Some(&key), None),
        External::Removed(ada.id.clone())
    );
    assert!(a.get(&ada.id).is_none());
    assert_eq!(
        a.apply_external(Some("other-app"), Some("x")),
        External::Ignored
    );
}

#[test]
fn deleting_leaves_a_tombstone() {
    let (mut repo, _) = Repository::open(MemoryAdapter::default());
    let ada = repo.create(person("Ada"), now()).record;
    let gone = repo.delete(&ada.id, ada.rev, now()).unwrap().record;
    assert!(gone.deleted);
    assert!(repo.get(&ada.id).is_none());
    let (again, _) = Repository::open(repo.adapter().clone());
    assert!(again.get(&ada.id).is_none());
    assert_eq!(again.all().count(), 1, "the tombstone is kept for sync");
    assert_eq!(repo.changed_since(0).count(), 1);
    assert!(repo.changed_since(gone.seq).next().is_none());
}

#[test]
fn export_text_is_the_records_pretty_printed() {
    let (mut repo, _) = Repository::open(MemoryAdapter::default());
    repo.seed_demo(today(), now()).unwrap();
    let records: Vec<_> = repo.all().cloned().collect();
    // The file as serde_json writes the records themselves (how export used to build it).
    let expected = serde_json::to_string_pretty(&serde_json::json!({
        "format": "trellis-export",
        "schema": SCHEMA_VERSION,
        "exported_at": "2026-11-26T10:00:00+00:00",
        "records": records,
    }))
    .unwrap();
    assert_eq!(export(&mut repo, now()), expected);
}

#[test]
fn export_then_import_gives_the_same_data() {
    let (mut repo, _) = Repository::open(MemoryAdapter::default());
    repo.seed_demo(today(), now()).unwrap();
    let text = export(&mut repo, now());
    let file = parse_import(&text).unwrap();
    assert_eq!(file.records.len(), DEMO_RECORDS);

    let (mut fresh, _) = Repository::open(MemoryAdapter::default());
    let plan = plan_import(&mut fresh, &file);
    assert_eq!(
        (plan.in_file, plan.add, plan.update, plan.keep, plan.remove),
        (DEMO_RECORDS, DEMO_RECORDS, 0, 0, 0)
    );
    apply_import(&mut fresh, file, ImportMode::Replace).unwrap();
    let names = |r: &Repository<MemoryAdapter>| {
        r.people()
            .iter()
            .map(|(_, p)| p.name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&fresh), names(&repo));
    assert_eq!(fresh.team().unwrap().1, repo.team().unwrap().1);
}

#[test]
fn the_v1_export_fixture_still_imports() {
    let file = parse_import(&fixture("v1-export.json")).unwrap();
    assert_eq!(file.records.len(), 4);
    let (mut repo, _) = Repository::open(MemoryAdapter::default());
    apply_import(&mut repo, file, ImportMode::Merge).unwrap();
    assert_eq!(
        repo.people().len(),
        2,
        "the tombstoned person stays deleted"
    );
    assert_eq!(
        repo.team().unwrap().1,
        &Team {
            name: "Support North".into(),
            mission: "Answer every customer within a working day.".into(),
            scripts: vec![],
        }
    );
}

#[test]
fn merge_takes_newer_revisions_and_keeps_local_ones() {
    let file = parse_import(&fixture("v1-export.json")).unwrap();
    let (mut repo, _) = Repository::open(MemoryAdapter::default());
    apply_import(&mut repo, file.clone(), ImportMode::Merge).unwrap();
    // Local edits: Maya moves on to rev 4; Daniel stays at rev 1; a local-only person is added.
    let maya = repo.get("p1maya00000000aa").unwrap().clone();
    repo.update(&maya.id, person("Maya O."), maya.rev, now())
        .unwrap();
    repo.create(person("Local Only"), now());
    // The file has Daniel at rev 2 now.
    let mut newer = file.clone();
    let dan = newer
        .records
        .iter_mut()
        .find(|r| r.id == "p2dan000000000aa")
        .unwrap();
    dan.rev = 2;
    dan.body = person("Daniel R.");

    let plan = plan_import(&mut repo, &newer);
    assert_eq!(
        (plan.add, plan.update, plan.keep, plan.remove, plan.here),
        (0, 1, 3, 1, 5)
    );
    apply_import(&mut repo, newer.clone(), ImportMode::Merge).unwrap();
    let names: Vec<_> = repo.people().iter().map(|(_, p)| p.name.clone()).collect();
    assert_eq!(names, ["Daniel R.", "Local Only", "Maya O."]);

    apply_import(&mut repo, newer, ImportMode::Replace).unwrap();
    let names: Vec<_> = repo.people().iter().map(|(_, p)| p.name.clone()).collect();
    assert_eq!(
        names,
        ["Daniel R.", "Maya Okafor"],
        "replace takes the file as it is"
    );
    let (reopened, _) = Repository::open(repo.adapter().clone());
    assert_eq!(reopened.all().count(), 4);
}

#[test]
fn replace_on_a_full_storage_removes_nothing() {
    let (mut repo, _) = Repository::open(MemoryAdapter::default());
    repo.create(person("Mine"), now());
    let mut adapter = repo.adapter().clone();
    adapter.quota = Some(adapter.used() + 10);
    let (mut repo, _) = Repository::open(adapter);
    let file = parse_import(&fixture("v1-export.json")).unwrap();
    assert_eq!(
        apply_import(&mut repo, file, ImportMode::Replace),
        Err(WriteError::Quota)
    );
    let (reopened, _) = Repository::open(repo.adapter().clone());
    assert!(
        reopened.people().iter().any(|(_, p)| p.name == "Mine"),
        "nothing already saved is lost"
    );
}

#[test]
fn import_reports_the_first_problem_precisely() {
    let good = fixture("v1-export.json");
    let cases: Vec<(String, &str, &str)> = vec![
        (String::new(), "The file", "is empty"),
        ("{\n  \"format\": \"trellis-export\",\n  \"schema\": 1,\n  \"records\": [\n    {\"v\":1,}\n  ]\n}".into(), "Line 5, column 12", "not valid JSON"),
        ("[1, 2]".into(), "The file", "not a Trellis export"),
        (r#"{"format":"something-else","schema":1,"records":[]}"#.into(), "The file", "not a Trellis export"),
        (r#"{"format":"trellis-export","records":[]}"#.into(), "\"schema\"", "missing"),
        (r#"{"format":"trellis-export","schema":4,"records":[]}"#.into(), "\"schema\"", "newer Trellis (schema 4)"),
        (r#"{"format":"trellis-export","schema":1}"#.into(), "\"records\"", "missing or not a list"),
        (good.replace("\"Daniel Reyes\"", "\"\""), "Record 3 of 4 (id \"p2dan000000000aa\")", "Name is required"),
        (good.replace("\"biweekly\"", "\"monthly\""), "Record 3 of 4 (id \"p2dan000000000aa\")", "not a valid record"),
        (good.replace("\"kind\":\"team\"", "\"kind\":\"spaceship\""), "Record 1 of 4 (id \"t1team000000000a\")", "unknown record kind"),
        (good.replace("p2dan000000000aa", "p1maya00000000aa"), "Record 3 of 4 (id \"p1maya00000000aa\")", "already used by record 2"),
        (good.replace("maya@example.com", "maya-at-example"), "Record 2 of 4 (id \"p1maya00000000aa\")", "Email must look like"),
    ];
    for (text, place, needle) in cases {
        let p = parse_import(&text).unwrap_err();
        assert_eq!(p.place, place, "{p}");
        assert!(p.message.contains(needle), "{p} should contain {needle:?}");
        assert!(!p.message.ends_with(".."), "{p}");
    }
}

#[test]
fn erase_all_removes_every_trellis_key_only() {
    let (mut repo, _) = Repository::open(MemoryAdapter::default());
    repo.seed_demo(today(), now()).unwrap();
    let mut adapter = repo.adapter().clone();
    adapter.map.insert("other-app".into(), "keep".into());
    let (mut repo, _) = Repository::open(adapter);
    repo.erase_all();
    assert!(repo.is_empty());
    assert_eq!(repo.adapter().map.keys().collect::<Vec<_>>(), ["other-app"]);
    assert_eq!(SCHEMA_VERSION, 3);
}

#[test]
fn a_staged_open_reads_the_rest_later_and_numbers_new_edits_after_it() {
    let (mut repo, _) = Repository::open(MemoryAdapter::default());
    repo.seed_demo(today(), now()).unwrap();
    let goal = Body::Goal(trellis::domain::Goal {
        title: "Ship it".into(),
        owner: String::new(),
        level: Default::default(),
        due: None,
        progress: 0.5,
        ..Default::default()
    });
    // Single edits follow the clock (milliseconds); here they come seconds apart, as people type.
    let late = repo.create(goal, now().add_secs(5)).record;
    let mut adapter = repo.adapter().clone();
    adapter.map.insert(
        "trellis:r:goal:badgoal".into(),
        r#"{"v":1,"id":"badgoal","rev":1,"seq":9,"kind":"goal","data":"#.into(),
    );

    let (mut staged, report) = Repository::open_staged(adapter, Some(&["team", "person"]));
    assert_eq!(
        (report.loaded, report.quarantined),
        (7, 0),
        "only the team and people now"
    );
    assert!(!staged.is_loaded());
    assert!(staged.get(&late.id).is_none());
    let edit = staged.create(person("New"), now().add_secs(9)).record;
    assert!(
        edit.seq > late.seq,
        "new edits number after records not read yet"
    );

    let rest = staged.finish_loading();
    assert_eq!(
        (rest.loaded, rest.quarantined),
        (
            DEMO_GOALS
                + DEMO_MEETINGS
                + DEMO_FEEDBACK
                + DEMO_CHARTER
                + DEMO_DEVELOPMENT
                + DEMO_INDICATORS
                + DEMO_IMPROVEMENT
                + DEMO_ROLLOUT
                + 1,
            1
        ),
        "the demo's goals, meetings, feedback, charter and development, the late goal and the bad one"
    );
    assert!(staged.is_loaded());
    assert_eq!(staged.get(&late.id), Some(&late));
    assert_eq!(staged.quarantined()[0].key, "trellis:r:goal:badgoal");
    assert_eq!(
        staged.finish_loading(),
        Default::default(),
        "a second call does nothing"
    );

    // Export and import finish loading first, so nothing is left out.
    let (mut staged, _) = Repository::open_staged(staged.adapter().clone(), Some(&["person"]));
    let file = parse_import(&export(&mut staged, now())).unwrap();
    assert!(file.records.iter().any(|r| r.id == late.id));
}

/// In the browser the readers of most kinds arrive in a chunk after the first screen. Until
/// then their records wait in storage: none is called unreadable, none is lost, and a change
/// another tab makes to one is read with the rest.
#[test]
fn records_whose_reader_has_not_arrived_wait_in_storage() {
    use trellis::store::record::{install_reader, read_other_kinds};
    let (mut repo, _) = Repository::open(MemoryAdapter::default());
    repo.seed_demo(today(), now()).unwrap();
    let stored = repo.adapter().clone();
    let v0: BTreeMap<String, String> = serde_json::from_str(&fixture("v0-storage.json")).unwrap();

    install_reader(None);
    let (mut waiting, report) = Repository::open(stored.clone());
    assert_eq!(
        (report.loaded, report.quarantined),
        (7, 0),
        "the team and people are read; the rest waits"
    );
    assert!(!waiting.is_loaded());
    assert!(waiting.quarantined().is_empty());
    assert_eq!(waiting.goals().len(), 0);
    // Another tab saves a goal meanwhile: read later, from storage.
    let (goal_id, goal_key) = {
        let (rec, _) = repo.goals()[0];
        (rec.id.clone(), rec.key())
    };
    let raw = stored.map[&goal_key].replace("\"r\":1,", "\"r\":7,");
    waiting
        .adapter_mut()
        .map
        .insert(goal_key.clone(), raw.clone());
    assert_eq!(
        waiting.apply_external(Some(&goal_key), Some(&raw)),
        External::Ignored
    );
    assert!(waiting.get(&goal_id).is_none());
    assert_eq!(
        waiting.finish_loading(),
        Default::default(),
        "nothing to read it with yet"
    );
    // Prototype keys say no kind: they wait too, and nothing is rewritten.
    let (old, report) = Repository::open(adapter_from(v0.clone()));
    assert_eq!(
        (report.loaded, report.quarantined, report.migrated),
        (0, 0, 0)
    );
    let mut left = old.adapter().map.clone();
    left.remove("trellis:meta");
    assert_eq!(left, v0);

    install_reader(Some((read_other_kinds, Body::problems)));
    let rest = waiting.finish_loading();
    assert_eq!((rest.loaded, rest.quarantined), (DEMO_RECORDS - 7, 0));
    assert!(waiting.is_loaded());
    assert_eq!(waiting.get(&goal_id).unwrap().rev, 7);
    assert_eq!(waiting.goals().len(), DEMO_GOALS);
}

#[test]
fn a_batch_leaves_its_change_number_for_the_next_session() {
    // An import numbers records faster than the clock runs; a later session whose first screen
    // does not read them must still number its edits after them.
    let (mut source, _) = Repository::open(MemoryAdapter::default());
    for n in 0..50 {
        source.create(person(&format!("P{n}")), now());
    }
    let file = parse_import(&export(&mut source, now())).unwrap();
    let (mut repo, _) = Repository::open(MemoryAdapter::default());
    apply_import(&mut repo, file, ImportMode::Replace).unwrap();
    let highest = repo.all().map(|r| r.seq).max().unwrap();

    let (mut staged, _) = Repository::open_staged(repo.adapter().clone(), Some(&["team"]));
    assert_eq!(staged.live().count(), 0, "people are not read yet");
    let team = staged
        .create(
            Body::Team(Team {
                name: "T".into(),
                mission: String::new(),
                scripts: vec![],
            }),
            now(),
        )
        .record;
    assert!(team.seq > highest, "{} should follow {highest}", team.seq);
}

#[test]
fn closing_a_period_is_one_batch_that_refuses_stale_goals() {
    use trellis::domain::goal::{close_period, GoalSet, Period};
    use trellis::domain::Goal;
    let (mut repo, _) = Repository::open(MemoryAdapter::default());
    repo.seed_demo(today(), now()).unwrap();
    let quarter = Period::parse("2026-Q4").unwrap();
    let goals: Vec<(String, u64, Goal)> = repo
        .goals()
        .into_iter()
        .map(|(r, g)| (r.id.clone(), r.rev, g.clone()))
        .collect();
    let set = GoalSet::new(goals.iter().map(|(id, _, g)| (id.as_str(), g)));
    let plan = close_period(&set, quarter, today(), &mut trellis::store::record::new_id);
    assert_eq!(plan.archived.len(), 7, "the demo's seven tactical goals");
    let archive = |stale: bool| -> Vec<(String, Body, u64)> {
        goals
            .iter()
            .filter(|(id, _, _)| plan.archived.contains(id))
            .map(|(id, rev, g)| {
                let mut g = g.clone();
                g.archived = true;
                (
                    id.clone(),
                    Body::Goal(g),
                    if stale { rev + 1 } else { *rev },
                )
            })
            .collect()
    };
    let creates = || -> Vec<(String, Body)> {
        plan.carried
            .iter()
            .map(|(id, g)| (id.clone(), Body::Goal(g.clone())))
            .collect()
    };
    let before = repo.adapter().clone();
    assert!(matches!(
        repo.save_batch(creates(), archive(true), now()),
        Err(SaveError::Conflict { .. })
    ));
    assert_eq!(repo.adapter().map, before.map, "nothing written");

    repo.save_batch(creates(), archive(false), now())
        .unwrap()
        .unwrap();
    let (again, _) = Repository::open(repo.adapter().clone());
    let stored: Vec<_> = again.goals().into_iter().map(|(_, g)| g.clone()).collect();
    let archived = stored.iter().filter(|g| g.archived).count();
    let carried: Vec<_> = stored.iter().filter(|g| g.carried_from.is_some()).collect();
    assert_eq!(
        archived,
        7 + 9,
        "the quarter's seven, and last months' nine already archived"
    );
    assert_eq!(carried.len(), plan.carried.len());
    assert!(carried.iter().all(|g| g.period == Some(quarter.next())));
}

#[test]
fn private_notes_stay_out_of_a_shared_export_unless_the_manager_shares_them() {
    use trellis::domain::CheckIn;
    use trellis::store::export_without_private;
    let (mut repo, _) = Repository::open(MemoryAdapter::default());
    let mut kept = CheckIn::start("p", None, today(), now());
    kept.private_note = "PRIVATE-MARKER-1".into();
    let mut shared = kept.clone();
    shared.private_note = "SHARED-MARKER-2".into();
    shared.share_private = true;
    repo.create(Body::CheckIn(kept), now());
    repo.create(Body::CheckIn(shared), now());
    let backup = export(&mut repo, now());
    assert!(backup.contains("PRIVATE-MARKER-1") && backup.contains("SHARED-MARKER-2"));
    let copy = export_without_private(&mut repo, now());
    assert!(!copy.contains("PRIVATE-MARKER-1"));
    assert!(copy.contains("SHARED-MARKER-2"));
    assert_eq!(
        parse_import(&copy).unwrap().records.len(),
        2,
        "still a valid file"
    );
    // Nothing stored changed.
    assert!(export(&mut repo, now()).contains("PRIVATE-MARKER-1"));
}

#[test]
fn a_members_device_refuses_to_write_or_import_what_it_may_not_hold() {
    let (mut repo, _) = Repository::open(MemoryAdapter::default());
    let hannah = repo.create(person("Hannah"), now()).record;
    let kwame = repo.create(person("Kwame"), now()).record;
    let check_in =
        |id: &str| Body::CheckIn(trellis::domain::CheckIn::held(id, now().date(), "notes"));
    let kwames = repo.create(check_in(&kwame.id), now()).record;
    let file = parse_import(&export(&mut repo, now())).unwrap();

    repo.set_role(trellis::domain::scope::Role::Member(hannah.id.clone()));
    let before = repo.all().count();
    // Her own, and the team's: saved.
    let mine = repo.try_create(check_in(&hannah.id), now()).unwrap().record;
    assert_eq!(mine.scope, Scope::Person(hannah.id.clone()));
    assert!(repo
        .update(&hannah.id, person("Hannah W"), hannah.rev, now())
        .is_ok());
    // Kwame's: not created, not edited, not deleted, and nothing written.
    assert_eq!(
        repo.try_create(check_in(&kwame.id), now())
            .map(|s| s.record),
        Err(SaveError::NotAllowed)
    );
    assert_eq!(
        repo.update(&kwames.id, check_in(&kwame.id), kwames.rev, now())
            .map(|s| s.record),
        Err(SaveError::NotAllowed)
    );
    assert_eq!(
        repo.delete(&kwames.id, kwames.rev, now()).map(|s| s.record),
        Err(SaveError::NotAllowed)
    );
    // Nor moved to where it may not go.
    assert_eq!(
        repo.update(&mine.id, check_in(&kwame.id), mine.rev, now())
            .map(|s| s.record),
        Err(SaveError::NotAllowed)
    );
    assert_eq!(
        repo.save_batch(vec![("x1".into(), check_in(&kwame.id))], vec![], now()),
        Err(SaveError::NotAllowed)
    );
    assert_eq!(repo.all().count(), before + 1);

    // An import leaves out what is not hers, and says how many.
    let (mut fresh, _) = Repository::open(MemoryAdapter::default());
    fresh.set_role(trellis::domain::scope::Role::Member(hannah.id.clone()));
    let plan = plan_import(&mut fresh, &file);
    assert_eq!((plan.in_file, plan.foreign, plan.add), (3, 1, 2));
    apply_import(&mut fresh, file, ImportMode::Replace).unwrap();
    let ids: Vec<String> = fresh.all().map(|r| r.id.clone()).collect();
    assert_eq!(ids.len(), 2);
    assert!(!ids.contains(&kwames.id));
    // Nothing of his scope in storage either.
    for (key, raw) in &fresh.adapter().map {
        let Some(rest) = key.strip_prefix("trellis:r:") else {
            continue;
        };
        let (kind, id) = rest.split_once(':').unwrap();
        let scope = Record::from_stored(kind, id, raw).unwrap().scope;
        assert!(
            scope == Scope::Team || scope == Scope::Person(hannah.id.clone()),
            "{key}: {scope}"
        );
    }
}

#[test]
fn v2_fixture_is_read_whole_and_shrinks() {
    // The demo as schema 2 stored it (built by the release before the stored form).
    let map: BTreeMap<String, String> = serde_json::from_str(&fixture("v2-storage.json")).unwrap();
    let old: Vec<(String, serde_json::Value)> = map
        .iter()
        .filter(|(k, _)| k.starts_with("trellis:r:"))
        .map(|(k, v)| (k.clone(), serde_json::from_str(v).unwrap()))
        .collect();
    assert_eq!(old.len(), DEMO_V2);
    let before: usize = map.iter().map(|(k, v)| k.len() + v.len()).sum();
    let (repo, report) = Repository::open(adapter_from(map));
    assert_eq!(
        (report.loaded, report.migrated, report.quarantined),
        (DEMO_V2, DEMO_V2, 0)
    );
    for (key, r) in &old {
        let back = repo.record(r["id"].as_str().unwrap()).unwrap();
        assert_eq!(
            back.scope.to_string(),
            r["scope"].as_str().unwrap(),
            "{key}"
        );
        assert_eq!(back.rev, r["rev"].as_u64().unwrap(), "{key}");
        assert_eq!(back.seq, r["seq"].as_u64().unwrap(), "{key}");
        assert_eq!(back.body.kind(), r["kind"].as_str().unwrap(), "{key}");
    }
    let after = repo.adapter().used();
    assert!(
        after * 5 < before * 4,
        "a fifth smaller: {after} vs {before}"
    );
}

#[test]
fn a_schema_2_store_is_read_whole_and_written_back_in_the_stored_form() {
    // What schema 2 stored: every record named in full, as export files still are.
    let (mut demo, _) = Repository::open(MemoryAdapter::default());
    demo.seed_demo(today(), now()).unwrap();
    let mut map = BTreeMap::new();
    for r in demo.all() {
        map.insert(r.key(), r.to_json().replacen("{\"v\":3,", "{\"v\":2,", 1));
    }
    let old_chars: usize = map.iter().map(|(k, v)| k.len() + v.len()).sum();
    map.insert("trellis:meta".into(), "{\"schema\":2,\"seq\":1}".into());

    let (repo, report) = Repository::open(adapter_from(map));
    assert_eq!(
        (report.loaded, report.migrated, report.quarantined),
        (DEMO_RECORDS, DEMO_RECORDS, 0)
    );
    for r in demo.all() {
        let back = repo.record(&r.id).unwrap();
        assert_eq!((back.rev, back.scope.clone()), (r.rev, r.scope.clone()));
        assert_eq!(back.body, r.body, "{}", r.key());
        let stored = &repo.adapter().map[&r.key()];
        assert!(stored.starts_with("{\"v\":3,\"r\":"), "{stored}");
    }
    let new_chars: usize = repo
        .adapter()
        .map
        .iter()
        .filter(|(k, _)| k.starts_with("trellis:r:"))
        .map(|(k, v)| k.len() + v.len())
        .sum();
    assert!(
        new_chars * 10 < old_chars * 8,
        "the stored form is at least a fifth smaller: {new_chars} vs {old_chars}"
    );
    // Read again: nothing left to upgrade.
    let (again, report) = Repository::open(repo.adapter().clone());
    assert_eq!((report.loaded, report.migrated), (DEMO_RECORDS, 0));
    assert_eq!(again.all().count(), DEMO_RECORDS);
}

#[test]
fn the_first_screen_reads_its_records_by_their_list_and_the_rest_is_found_after() {
    use trellis::store::record::FIRST_SCREEN_KINDS;
    use trellis::store::FIRST_SCREEN_KEY;
    let (mut repo, _) = Repository::open(MemoryAdapter::default());
    repo.seed_demo(today(), now()).unwrap();
    let list: Vec<String> = repo.adapter().map[FIRST_SCREEN_KEY]
        .lines()
        .map(str::to_string)
        .collect();
    let mut want: Vec<String> = repo
        .all()
        .filter(|r| matches!(r.body, Body::Team(_) | Body::Person(_)))
        .map(|r| r.key())
        .collect();
    want.sort();
    assert_eq!(list, want, "the team and every person, sorted");

    // A person another version wrote without the list, and a listed key that is gone.
    let mut stored = repo.adapter().clone();
    let extra = Record::new("extra00000000aaa".into(), person("Zoe Unlisted"), now(), 1);
    stored.map.insert(extra.key(), extra.to_stored());
    let mut listed = list.clone();
    listed.push("trellis:r:person:gone0000000000aa".into());
    stored
        .map
        .insert(FIRST_SCREEN_KEY.into(), listed.join("\n"));

    let (mut staged, report) = Repository::open_staged(stored.clone(), Some(FIRST_SCREEN_KINDS));
    assert_eq!((report.loaded, report.quarantined), (list.len(), 0));
    assert!(!staged.is_loaded(), "the other keys are not listed yet");
    assert!(staged.get(&extra.id).is_none());
    let rest = staged.finish_loading();
    assert_eq!(rest.loaded, DEMO_RECORDS - list.len() + 1);
    assert!(staged.is_loaded());
    assert_eq!(
        name_of(&staged.get(&extra.id).unwrap().body),
        "Zoe Unlisted"
    );
    let mended = &staged.adapter().map[FIRST_SCREEN_KEY];
    assert!(mended.lines().any(|k| k == extra.key()));
    assert!(!mended.contains("gone"), "{mended}");

    // A list that is not one (the keys of other kinds): every key is listed, as without one.
    let goal = repo.goals()[0].0.key();
    stored.map.insert(FIRST_SCREEN_KEY.into(), goal);
    let (staged, report) = Repository::open_staged(stored, Some(FIRST_SCREEN_KINDS));
    assert_eq!(report.loaded, list.len() + 1);
    assert!(staged.get(&extra.id).is_some());
}

#[test]
fn a_rollout_and_a_leader_plan_of_the_first_version_are_lifted_into_records_of_their_own() {
    use trellis::domain::leadership::{demo as plan_demo, LeaderPlan};
    use trellis::domain::rollout::{demo as rollout_demo, Rollout};
    let (mut repo, _) = Repository::open(MemoryAdapter::default());
    let (start, ticks) = rollout_demo(today());
    let old = Rollout {
        ticks: ticks.clone(),
        ..start
    };
    let rollout = repo.create(Body::Rollout(old), now()).record;
    let plan: LeaderPlan = plan_demo(today());
    let leader = repo.create(Body::LeaderPlan(plan.clone()), now()).record;
    assert_eq!(
        (rollout.scope.clone(), leader.scope.clone()),
        (Scope::Manager, Scope::Manager)
    );
    let before = repo.last_seq();

    let (again, report) = Repository::open(repo.adapter().clone());
    assert_eq!(
        report.migrated, 2,
        "two records of the first version: {report:?}"
    );
    let kinds = |r: &Repository<MemoryAdapter>, kind: &str| -> Vec<Record> {
        r.live()
            .filter(|x| x.body.kind() == kind)
            .cloned()
            .collect()
    };
    match &again.get(&rollout.id).unwrap().body {
        Body::Rollout(r) => assert!(r.ticks.is_empty() && r.start == start.start, "{r:?}"),
        other => panic!("{other:?}"),
    }
    let lifted = kinds(&again, "rollout_tick");
    assert_eq!(lifted.len(), ticks.len());
    for (n, t) in ticks.iter().enumerate() {
        let rec = again
            .get(&format!("{}-{n}", rollout.id))
            .expect("an id made from the rollout's");
        assert_eq!(rec.body, Body::RolloutTick(t.clone()));
        assert_eq!(rec.scope, Scope::Manager);
        assert!(
            rec.seq > before,
            "numbered after everything, so sync sends it"
        );
    }
    assert!(
        again.get(&leader.id).is_none(),
        "the emptied plan is deleted (a tombstone)"
    );
    let tombstone = again.record(&leader.id).unwrap();
    assert!(tombstone.deleted);
    assert_eq!(tombstone.body, Body::LeaderPlan(LeaderPlan::default()), "its parts are not kept twice");
    assert_eq!(
        kinds(&again, "leader_assessment").len(),
        plan.assessments.len()
    );
    assert_eq!(kinds(&again, "learning_action").len(), plan.actions.len());
    let done = kinds(&again, "learning_action")
        .iter()
        .filter(|r| matches!(&r.body, Body::LearningAction(a) if a.done.is_some()))
        .count();
    assert_eq!(done, 1, "the done action stays done");

    // Lifted once: the next start reads them as they are.
    let (third, report) = Repository::open(again.adapter().clone());
    assert_eq!(report.migrated, 0);
    assert_eq!(third.live().count(), again.live().count());
}

#[test]
fn a_tick_a_self_assessment_a_learning_action_and_an_outcome_each_write_one_small_record() {
    use trellis::domain::leadership::{LearningAction, SelfAssessment};
    use trellis::domain::rollout::{Tick, TASKS};
    use trellis::domain::system_review::ActionOutcome;
    let (mut repo, _) = Repository::open(MemoryAdapter::default());
    repo.seed_demo(today(), now()).unwrap();
    let review = repo
        .live()
        .find(|r| r.body.kind() == "system_review")
        .unwrap()
        .id
        .clone();
    let cost = |repo: &mut Repository<MemoryAdapter>, body: Body| {
        let before = repo.adapter().written;
        repo.create(body, now());
        repo.adapter().written - before
    };
    let mut ticks = vec![];
    for t in TASKS {
        let tick = Tick {
            task: t.key.into(),
            on: today(),
            note: "Done with the team in the Monday meeting.".into(),
        };
        // Less the task's own key, which differs from task to task.
        ticks.push(cost(&mut repo, Body::RolloutTick(tick)) - t.key.len());
    }
    assert!(
        ticks.iter().max().unwrap() - ticks.iter().min().unwrap() <= 4,
        "the 20th tick writes what the first did: {ticks:?}"
    );
    let assessed = cost(
        &mut repo,
        Body::LeaderAssessment(SelfAssessment {
            on: today(),
            levels: vec![3, 4, 4, 5, 3, 2],
            note: "Better at naming a gap early.".into(),
        }),
    );
    let action = cost(
        &mut repo,
        Body::LearningAction(LearningAction {
            skill: "feedback".into(),
            text: "Ask the team after each review what would have helped.".into(),
            due: today().add_days(30),
            done: None,
        }),
    );
    let outcome = cost(
        &mut repo,
        Body::ActionOutcome(ActionOutcome {
            review,
            on: today(),
            outcome: "Five of six acknowledged in the first week.".into(),
        }),
    );
    for (what, bytes) in [
        ("tick", ticks[0]),
        ("self-assessment", assessed),
        ("learning action", action),
        ("outcome", outcome),
    ] {
        assert!(bytes < 400, "a {what} wrote {bytes} bytes");
    }
}

/// The other kinds' rules arrive with their reader (a chunk in the browser): a stored record of
/// one that breaks them is set aside with the rule, as a person is.
#[test]
fn a_stored_record_of_another_kind_that_breaks_its_rules_is_set_aside_with_the_rule() {
    let (mut repo, _) = Repository::open(MemoryAdapter::default());
    repo.seed_demo(today(), now()).unwrap();
    let goal = repo.live().find(|r| r.body.kind() == "goal").unwrap().clone();
    let title = match &goal.body {
        Body::Goal(g) => g.title.clone(),
        _ => unreachable!(),
    };
    let mut adapter = repo.adapter().clone();
    let raw = adapter.get(&goal.key()).unwrap();
    adapter
        .set(&goal.key(), &raw.replace(&format!("\"{title}\""), "\"\""))
        .unwrap();
    let (again, report) = Repository::open(adapter);
    assert_eq!(report.quarantined, 1);
    let q = &again.quarantined()[0];
    assert_eq!(q.key, goal.key());
    assert!(q.reason.starts_with("goal field `title`"), "{}", q.reason);
}
