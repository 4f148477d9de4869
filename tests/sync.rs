//! Sync rounds between two devices through an in-memory endpoint that behaves like the JSON
//! endpoint (GET with an ETag, PUT with If-Match, 412 on a stale write): edits to different
//! records and fields combine, the same text changed twice is reported, delete against edit,
//! private notes never leave the device, a stale write is retried, broken documents change
//! nothing, and bases are kept only between a change and the next round. And the same in
//! CouchDB mode, against an in-memory database with revisions, a changes feed and 409s: only
//! what changed on a device is sent.
use std::collections::BTreeMap;

use trellis::domain::dates::{Date, Timestamp};
use trellis::domain::scope::{Role, Scope};
use trellis::domain::{Cadence, CheckIn, Person};
use trellis::store::{Body, MemoryAdapter, Repository};
use trellis::sync::engine::{
    changed_to_send, drop_gone, gone_after, gone_in, keep_conflicts, outgoing, parse_remote,
    reconcile, settle, Place, Reconciled,
};

type Repo = Repository<MemoryAdapter>;

fn at(minute: u32) -> Timestamp {
    format!("2026-11-27T10:{minute:02}:00Z").parse().unwrap()
}
fn day() -> Date {
    at(0).date()
}

fn person(name: &str, email: &str) -> Body {
    Body::Person(Person {
        name: name.into(),
        role: "Support Engineer".into(),
        start_date: None,
        email: email.into(),
        cadence: Cadence::Weekly,
        archived: false,
    })
}

/// The endpoint: one document and its ETag per place (by scope).
#[derive(Default)]
struct Endpoint {
    docs: BTreeMap<Scope, (String, String)>,
    writes: usize,
}

impl Endpoint {
    fn get(&self, place: &Scope) -> Option<(String, String)> {
        self.docs.get(place).cloned()
    }
    /// PUT with If-Match (None: the document must not exist yet); Err(412) when stale.
    fn put(&mut self, place: &Scope, body: &str, if_match: Option<&str>) -> Result<String, u16> {
        let current = self.docs.get(place).map(|(_, e)| e.as_str());
        if current != if_match {
            return Err(412);
        }
        self.writes += 1;
        let etag = format!("v{}", self.writes);
        self.docs
            .insert(place.clone(), (body.to_string(), etag.clone()));
        Ok(etag)
    }
    /// Every place's document, to look for what must not be there.
    fn text(&self) -> String {
        self.docs.values().map(|d| d.0.as_str()).collect()
    }
}

fn team(role: &Role) -> Place {
    Place {
        scope: Scope::Team,
        role: role.clone(),
    }
}

/// One device's side of a round with one place, split where the network would be: fetch and
/// merge...
fn fetch_and_merge(
    repo: &mut Repo,
    server: &Endpoint,
    place: &Place,
    now: Timestamp,
) -> (Reconciled, Option<String>, Vec<String>) {
    match server.get(&place.scope) {
        None => (reconcile(repo, vec![], now, place), None, vec![]),
        Some((body, etag)) => {
            let remote = parse_remote(&body).expect("the endpoint holds a valid document");
            let done = reconcile(repo, remote, now, place);
            let gone = gone_in(&serde_json::from_str(&body).unwrap());
            drop_gone(repo, place, &gone);
            (done, Some(etag), gone)
        }
    }
}

/// ...then send, retrying from the fetch on a 412.
fn sync_place(repo: &mut Repo, server: &mut Endpoint, place: &Place, now: Timestamp) -> Reconciled {
    for _ in 0..3 {
        let (done, etag, listed) = fetch_and_merge(repo, server, place, now);
        let gone = gone_after(repo, place, &listed);
        let (doc, seq) = outgoing(repo, now, place, &gone);
        if let Ok(new_etag) = server.put(&place.scope, &doc, etag.as_deref()) {
            repo.mark_synced(&place.scope, seq, Some(new_etag)).unwrap();
            return done;
        }
    }
    panic!("no round completed in three tries");
}

/// A round of a device with `role` with every place it syncs, as `sync::client` runs it.
fn sync_as(repo: &mut Repo, role: &Role, server: &mut Endpoint, now: Timestamp) -> Reconciled {
    let mut all = reconcile(repo, vec![], now, &team(role));
    let mut visited = vec![];
    // The places again after each: the team's brings the people whose places come next.
    while let Some(scope) = trellis::sync::places(repo, role)
        .into_iter()
        .find(|s| !visited.contains(s))
    {
        visited.push(scope.clone());
        let place = Place {
            scope,
            role: role.clone(),
        };
        let done = sync_place(repo, server, &place, now);
        all.taken += done.taken;
        all.merged += done.merged;
        all.refused += done.refused;
        all.conflicts.extend(done.conflicts);
    }
    all
}

/// A round of one of the manager's devices.
fn sync(repo: &mut Repo, server: &mut Endpoint, now: Timestamp) -> Reconciled {
    sync_as(repo, &Role::Manager, server, now)
}

/// Every record of a device as (id, rev, deleted, data JSON), to compare devices.
fn contents(repo: &Repo) -> Vec<(String, bool, String)> {
    repo.all()
        .map(|r| {
            let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
            (r.id.clone(), r.deleted, json["data"].to_string())
        })
        .collect()
}

fn name(repo: &Repo, id: &str) -> (String, String) {
    match &repo.get(id).unwrap().body {
        Body::Person(p) => (p.name.clone(), p.email.clone()),
        _ => panic!("not a person"),
    }
}

/// Two devices in step on one person, Hannah.
fn two_devices() -> (Repo, Repo, Endpoint, String) {
    let (mut laptop, _) = Repository::open(MemoryAdapter::default());
    let (mut tablet, _) = Repository::open(MemoryAdapter::default());
    let mut server = Endpoint::default();
    let id = laptop
        .create(person("Hannah Whitfield", ""), at(0))
        .record
        .id;
    sync(&mut laptop, &mut server, at(1));
    let first = sync(&mut tablet, &mut server, at(2));
    assert_eq!(first.taken, 1);
    assert_eq!(name(&tablet, &id).0, "Hannah Whitfield");
    (laptop, tablet, server, id)
}

#[test]
fn edits_to_different_records_reach_both_devices() {
    let (mut laptop, mut tablet, mut server, _) = two_devices();
    let maya = laptop.create(person("Maya Okafor", ""), at(3)).record.id;
    let tomas = tablet
        .create(person("Tomás Lindqvist", ""), at(3))
        .record
        .id;
    sync(&mut laptop, &mut server, at(4));
    sync(&mut tablet, &mut server, at(5));
    sync(&mut laptop, &mut server, at(6));
    assert_eq!(name(&laptop, &tomas).0, "Tomás Lindqvist");
    assert_eq!(name(&tablet, &maya).0, "Maya Okafor");
    assert_eq!(contents(&laptop), contents(&tablet));
}

#[test]
fn edits_to_different_fields_of_one_record_combine() {
    let (mut laptop, mut tablet, mut server, id) = two_devices();
    let rev = laptop.get(&id).unwrap().rev;
    laptop
        .update(&id, person("Hannah W. Whitfield", ""), rev, at(3))
        .unwrap();
    tablet
        .update(
            &id,
            person("Hannah Whitfield", "hannah@example.com"),
            rev,
            at(4),
        )
        .unwrap();
    sync(&mut laptop, &mut server, at(5));
    let done = sync(&mut tablet, &mut server, at(6));
    assert_eq!((done.merged, done.conflicts.len()), (1, 0));
    sync(&mut laptop, &mut server, at(7));
    let both = (
        "Hannah W. Whitfield".to_string(),
        "hannah@example.com".to_string(),
    );
    assert_eq!(name(&laptop, &id), both);
    assert_eq!(name(&tablet, &id), both);
    assert_eq!(contents(&laptop), contents(&tablet));
}

#[test]
fn the_same_text_changed_on_both_devices_is_reported_not_lost() {
    let (mut laptop, mut tablet, mut server, id) = two_devices();
    let rev = laptop.get(&id).unwrap().rev;
    laptop
        .update(&id, person("Hannah Whitfield-Reyes", ""), rev, at(3))
        .unwrap();
    tablet
        .update(&id, person("Hannah Whitfield (Support)", ""), rev, at(4))
        .unwrap();
    sync(&mut laptop, &mut server, at(5));
    let done = sync(&mut tablet, &mut server, at(6));
    assert_eq!(done.conflicts.len(), 1);
    let (cid, what, conflicts) = &done.conflicts[0];
    assert_eq!(cid, &id);
    assert!(what.contains("Hannah Whitfield (Support)"), "{what}");
    assert_eq!(conflicts[0].path, "name");
    assert_eq!(conflicts[0].local, "Hannah Whitfield (Support)");
    assert_eq!(conflicts[0].remote, "Hannah Whitfield-Reyes");
    // The tablet keeps its own text until someone chooses; both devices then agree on it.
    assert_eq!(name(&tablet, &id).0, "Hannah Whitfield (Support)");
    sync(&mut laptop, &mut server, at(7));
    assert_eq!(contents(&laptop), contents(&tablet));

    // The conflict waits, stored, until the user chooses the other device's text.
    keep_conflicts(&mut tablet, &done.conflicts).unwrap();
    let (reopened, _) = Repository::open(tablet.adapter().clone());
    assert_eq!(reopened.sync_conflicts().len(), 1);
    assert_eq!(
        reopened.sync_conflicts()[0].remote,
        "Hannah Whitfield-Reyes"
    );
    assert!(
        settle(&mut tablet, 1, true, at(8)).is_err(),
        "no such conflict"
    );
    settle(&mut tablet, 0, true, at(8)).unwrap();
    assert!(tablet.sync_conflicts().is_empty());
    assert_eq!(name(&tablet, &id).0, "Hannah Whitfield-Reyes");
    sync(&mut tablet, &mut server, at(9));
    sync(&mut laptop, &mut server, at(10));
    assert_eq!(name(&laptop, &id).0, "Hannah Whitfield-Reyes");
    assert_eq!(contents(&laptop), contents(&tablet));
}

#[test]
fn delete_against_edit_the_later_stands() {
    // Deleted after the edit: deleted on both.
    let (mut laptop, mut tablet, mut server, id) = two_devices();
    let rev = laptop.get(&id).unwrap().rev;
    tablet
        .update(&id, person("Hannah Whitfield", "h@example.com"), rev, at(3))
        .unwrap();
    laptop.delete(&id, rev, at(4)).unwrap();
    sync(&mut laptop, &mut server, at(5));
    sync(&mut tablet, &mut server, at(6));
    sync(&mut laptop, &mut server, at(7));
    assert!(tablet.get(&id).is_none() && laptop.get(&id).is_none());
    assert_eq!(contents(&laptop), contents(&tablet));

    // Edited after the deletion: the edit is kept and the record is back on both.
    let (mut laptop, mut tablet, mut server, id) = two_devices();
    let rev = laptop.get(&id).unwrap().rev;
    laptop.delete(&id, rev, at(3)).unwrap();
    tablet
        .update(&id, person("Hannah Whitfield", "h@example.com"), rev, at(4))
        .unwrap();
    sync(&mut laptop, &mut server, at(5));
    sync(&mut tablet, &mut server, at(6));
    sync(&mut laptop, &mut server, at(7));
    assert_eq!(name(&laptop, &id).1, "h@example.com");
    assert_eq!(contents(&laptop), contents(&tablet));
}

#[test]
fn private_notes_never_leave_the_device_and_survive_rounds() {
    let (mut laptop, mut tablet, mut server, id) = two_devices();
    let mut ci = CheckIn::held(&id, day(), "Talked about the SSO backlog.");
    ci.private_note = "PRIVATE-MARKER-7f3a: worried about burnout".into();
    ci.share_private = true; // shared in exports, still never synced
    let ci_id = laptop.create(Body::CheckIn(ci), at(3)).record.id;
    sync(&mut laptop, &mut server, at(4));
    assert!(!server.text().contains("PRIVATE-MARKER"));
    sync(&mut tablet, &mut server, at(5));
    let Body::CheckIn(there) = &tablet.get(&ci_id).unwrap().body else {
        panic!()
    };
    assert_eq!(there.notes, "Talked about the SSO backlog.");
    assert_eq!(there.private_note, "");
    // The tablet edits the shared notes; the laptop takes them and keeps its private note.
    let mut edited = there.clone();
    edited.notes = "Talked about the SSO backlog; Tomás will pair.".into();
    let rev = tablet.get(&ci_id).unwrap().rev;
    tablet
        .update(&ci_id, Body::CheckIn(edited), rev, at(6))
        .unwrap();
    sync(&mut tablet, &mut server, at(7));
    let done = sync(&mut laptop, &mut server, at(8));
    assert_eq!(done.conflicts, vec![]);
    let Body::CheckIn(here) = &laptop.get(&ci_id).unwrap().body else {
        panic!()
    };
    assert_eq!(here.notes, "Talked about the SSO backlog; Tomás will pair.");
    assert_eq!(
        here.private_note,
        "PRIVATE-MARKER-7f3a: worried about burnout"
    );
    assert!(!server.text().contains("PRIVATE-MARKER"));
}

#[test]
fn a_stale_write_is_refused_then_merged_and_retried() {
    let (mut laptop, mut tablet, mut server, id) = two_devices();
    let rev = laptop.get(&id).unwrap().rev;
    laptop
        .update(&id, person("Hannah W.", ""), rev, at(3))
        .unwrap();
    let maya = tablet.create(person("Maya Okafor", ""), at(3)).record.id;
    // The laptop fetches; meanwhile the tablet completes a round; the laptop's write is stale.
    let place = team(&Role::Manager);
    let (_, etag, _) = fetch_and_merge(&mut laptop, &server, &place, at(4));
    sync(&mut tablet, &mut server, at(5));
    let (doc, _) = outgoing(&mut laptop, at(6), &place, &[]);
    assert_eq!(server.put(&Scope::Team, &doc, etag.as_deref()), Err(412));
    // The next round fetches again, merges and succeeds; nothing of either device is lost.
    sync(&mut laptop, &mut server, at(7));
    sync(&mut tablet, &mut server, at(8));
    assert_eq!(name(&tablet, &id).0, "Hannah W.");
    assert_eq!(name(&laptop, &maya).0, "Maya Okafor");
    assert_eq!(contents(&laptop), contents(&tablet));
}

#[test]
fn a_broken_document_changes_nothing() {
    let (mut laptop, _, _, _) = two_devices();
    let before = contents(&laptop);
    for body in [
        "<html><body>502 Bad Gateway</body></html>",
        "{\"format\":\"trellis-export\",\"schema\":1,\"records\":[{\"v\":1,\"id\":\"x\"",
        "{\"format\":\"trellis-export\",\"schema\":99,\"records\":[]}",
    ] {
        assert!(parse_remote(body).is_err(), "{body}");
    }
    assert_eq!(contents(&laptop), before);
    let _ = reconcile(&mut laptop, vec![], at(9), &team(&Role::Manager));
    assert_eq!(contents(&laptop), before);
}

#[test]
fn bases_are_kept_from_the_first_change_until_the_next_round() {
    let (mut laptop, _, mut server, id) = two_devices();
    let bases = |r: &Repo| {
        r.adapter()
            .map
            .keys()
            .filter(|k| k.starts_with("trellis:sync:base:"))
            .count()
    };
    assert_eq!(bases(&laptop), 0);
    let rev = laptop.get(&id).unwrap().rev;
    let saved = laptop
        .update(&id, person("Hannah W.", ""), rev, at(3))
        .unwrap();
    laptop
        .update(&id, person("Hannah Wh.", ""), saved.record.rev, at(4))
        .unwrap();
    assert_eq!(
        bases(&laptop),
        1,
        "one base, from the first change after the round"
    );
    let base = laptop.sync_base(&id).unwrap();
    assert!(base.to_json().contains("Hannah Whitfield"));
    sync(&mut laptop, &mut server, at(5));
    assert_eq!(bases(&laptop), 0);
    // A device that never synced keeps no bases at all.
    let (mut alone, _) = Repository::open(MemoryAdapter::default());
    let p = alone.create(person("Kwame Asante", ""), at(1)).record;
    alone
        .update(&p.id, person("Kwame A.", ""), p.rev, at(2))
        .unwrap();
    assert_eq!(bases(&alone), 0);
    assert!(alone.sync_mark(&Scope::Team).is_none());
}

#[test]
fn a_round_completed_in_another_tab_counts_in_this_one() {
    let (mut laptop, _, mut server, id) = two_devices();
    // A second tab of the laptop, opened on the same storage.
    let (mut other_tab, _) = Repository::open(laptop.adapter().clone());
    let rev = laptop.get(&id).unwrap().rev;
    laptop
        .update(&id, person("Hannah W.", ""), rev, at(3))
        .unwrap();
    sync(&mut laptop, &mut server, at(4));
    let mark = laptop.adapter().map["trellis:sync:mark"].clone();
    let record = laptop.get(&id).unwrap().clone();
    other_tab.apply_external(Some(&record.key()), Some(&record.to_json()));
    other_tab.apply_external(Some("trellis:sync:mark"), Some(&mark));
    assert_eq!(
        other_tab.sync_mark(&Scope::Team),
        laptop.sync_mark(&Scope::Team)
    );
    // So the other tab's record counts as in step: its own version is its base.
    assert_eq!(other_tab.sync_base(&id).unwrap().rev, record.rev);
}

#[test]
fn a_record_edited_while_a_round_sends_keeps_what_was_sent_as_its_base() {
    let (mut laptop, mut tablet, mut server, id) = two_devices();
    // The laptop's round has read and built its document (Hannah as she is)...
    let place = team(&Role::Manager);
    let (_, etag, _) = fetch_and_merge(&mut laptop, &server, &place, at(3));
    let (doc, seq) = outgoing(&mut laptop, at(3), &place, &[]);
    // ...and while it is sending, the manager edits her email.
    let rev = laptop.get(&id).unwrap().rev;
    laptop
        .update(&id, person("Hannah Whitfield", "h@example.com"), rev, at(4))
        .unwrap();
    let new_etag = server.put(&Scope::Team, &doc, etag.as_deref()).unwrap();
    laptop
        .mark_synced(&Scope::Team, seq, Some(new_etag))
        .unwrap();
    let base = laptop.sync_base(&id).expect("the base survives the round");
    assert!(
        base.to_json().contains("Hannah Whitfield") && !base.to_json().contains("h@example.com")
    );
    // The tablet renames her meanwhile: the next rounds combine both without a conflict.
    let rev = tablet.get(&id).unwrap().rev;
    tablet
        .update(&id, person("Hannah W. Whitfield", ""), rev, at(5))
        .unwrap();
    sync(&mut tablet, &mut server, at(6));
    let done = sync(&mut laptop, &mut server, at(7));
    assert!(done.conflicts.is_empty(), "{:?}", done.conflicts);
    sync(&mut tablet, &mut server, at(8));
    let both = (
        "Hannah W. Whitfield".to_string(),
        "h@example.com".to_string(),
    );
    assert_eq!(name(&laptop, &id), both);
    assert_eq!(name(&tablet, &id), both);
}

// ---- CouchDB mode: one document per record, a changes feed, revisions and 409s ----

/// A database in memory: documents with revisions, and a changes feed numbering every write.
#[derive(Default)]
struct Couch {
    docs: Vec<(String, u64, String)>, // id, revision, record JSON
    feed: Vec<(u64, String)>,         // seq, id
}

impl Couch {
    /// Records changed after `since`, and the feed's end.
    fn changes(&self, since: u64) -> (Vec<String>, u64) {
        let mut ids: Vec<String> = vec![];
        for (_, id) in self.feed.iter().filter(|(s, _)| *s > since) {
            if !ids.contains(id) {
                ids.push(id.clone());
            }
        }
        let docs = ids
            .iter()
            .map(|id| self.docs.iter().find(|d| &d.0 == id).unwrap().2.clone())
            .collect();
        (docs, self.feed.len() as u64)
    }
    fn rev(&self, id: &str) -> Option<u64> {
        self.docs.iter().find(|d| d.0 == id).map(|d| d.1)
    }
    /// _bulk_docs: each document with the revision it was read at; a stale one is a conflict.
    fn bulk(&mut self, docs: Vec<(String, Option<u64>, String)>) -> Vec<String> {
        let mut conflicts = vec![];
        for (id, rev, json) in docs {
            if self.rev(&id) != rev {
                conflicts.push(id);
                continue;
            }
            self.docs.retain(|d| d.0 != id);
            self.docs.push((id.clone(), rev.unwrap_or(0) + 1, json));
            self.feed.push((self.feed.len() as u64 + 1, id));
        }
        conflicts
    }
}

/// One CouchDB round with the team's database, as `sync::client` runs it: read the feed since
/// the checkpoint, merge, send only what changed here. Returns how many records were sent.
fn couch_round(repo: &mut Repo, db: &mut Couch, now: Timestamp) -> usize {
    let place = team(&Role::Manager);
    for _ in 0..3 {
        let mark = repo.sync_mark(&Scope::Team).cloned();
        let since = mark
            .as_ref()
            .and_then(|m| m.etag.as_deref())
            .map_or(0, |s| s.parse().unwrap());
        let (docs, last) = db.changes(since);
        let remote = parse_remote(&trellis::sync::seal::opened_file(&docs)).unwrap();
        let seen: Vec<(String, Option<u64>)> = remote
            .iter()
            .map(|r| (r.id.clone(), db.rev(&r.id)))
            .collect();
        reconcile(repo, remote.clone(), now, &place);
        let out = changed_to_send(repo, mark.as_ref().map(|m| m.seq), &remote, &place);
        let seq = repo.last_seq();
        let sent = out.len();
        let docs = out
            .into_iter()
            .map(|(id, json)| {
                let rev = seen
                    .iter()
                    .find(|s| s.0 == id)
                    .map_or_else(|| db.rev(&id), |s| s.1);
                (id, rev, json)
            })
            .collect();
        if db.bulk(docs).is_empty() {
            repo.mark_synced(&Scope::Team, seq, Some(last.to_string()))
                .unwrap();
            return sent;
        }
    }
    panic!("no round completed in three tries");
}

#[test]
fn couch_rounds_send_only_what_changed() {
    let (mut laptop, _) = Repository::open(MemoryAdapter::default());
    let (mut tablet, _) = Repository::open(MemoryAdapter::default());
    let mut db = Couch::default();
    for i in 0..20 {
        laptop.create(person(&format!("Person {i}"), ""), at(0));
    }
    assert_eq!(
        couch_round(&mut laptop, &mut db, at(1)),
        20,
        "the first round sends everything"
    );
    assert_eq!(
        couch_round(&mut tablet, &mut db, at(2)),
        0,
        "what was received is not sent back"
    );
    assert_eq!(contents(&laptop), contents(&tablet));
    assert_eq!(
        couch_round(&mut laptop, &mut db, at(3)),
        0,
        "nothing changed: nothing sent"
    );

    // One edit: one record goes, whatever the size of the team's data.
    let id = laptop.create(person("Maya Okafor", ""), at(4)).record.id;
    assert_eq!(couch_round(&mut laptop, &mut db, at(5)), 1);
    assert_eq!(couch_round(&mut tablet, &mut db, at(6)), 0);
    assert_eq!(name(&tablet, &id).0, "Maya Okafor");

    // Different fields of one record on each device: combined, each sending one record.
    let rev = laptop.get(&id).unwrap().rev;
    laptop
        .update(&id, person("Maya O. Okafor", ""), rev, at(7))
        .unwrap();
    tablet
        .update(&id, person("Maya Okafor", "maya@example.com"), rev, at(8))
        .unwrap();
    assert_eq!(couch_round(&mut laptop, &mut db, at(9)), 1);
    assert_eq!(couch_round(&mut tablet, &mut db, at(10)), 1);
    couch_round(&mut laptop, &mut db, at(11));
    assert_eq!(
        name(&laptop, &id),
        ("Maya O. Okafor".into(), "maya@example.com".into())
    );
    assert_eq!(contents(&laptop), contents(&tablet));
}

#[test]
fn a_couch_write_racing_another_device_is_merged_and_retried() {
    let (mut laptop, _) = Repository::open(MemoryAdapter::default());
    let (mut tablet, _) = Repository::open(MemoryAdapter::default());
    let mut db = Couch::default();
    let id = laptop
        .create(person("Hannah Whitfield", ""), at(0))
        .record
        .id;
    couch_round(&mut laptop, &mut db, at(1));
    couch_round(&mut tablet, &mut db, at(2));
    let rev = laptop.get(&id).unwrap().rev;
    laptop
        .update(&id, person("Hannah W. Whitfield", ""), rev, at(3))
        .unwrap();
    tablet
        .update(&id, person("Hannah Whitfield", "h@example.com"), rev, at(3))
        .unwrap();
    // The tablet reads the feed, then the laptop writes before the tablet does.
    let since = tablet
        .sync_mark(&Scope::Team)
        .unwrap()
        .etag
        .clone()
        .unwrap()
        .parse()
        .unwrap();
    let (stale, _) = db.changes(since);
    assert!(stale.is_empty());
    couch_round(&mut laptop, &mut db, at(4));
    let json = tablet
        .get(&id)
        .map(trellis::sync::engine::shared_json)
        .unwrap();
    assert_eq!(
        db.bulk(vec![(id.clone(), Some(1), json)]),
        vec![id.clone()],
        "409: the document changed"
    );
    // The round starts again from the feed, merges and writes.
    couch_round(&mut tablet, &mut db, at(5));
    couch_round(&mut laptop, &mut db, at(6));
    assert_eq!(
        name(&laptop, &id),
        ("Hannah W. Whitfield".into(), "h@example.com".into())
    );
    assert_eq!(contents(&laptop), contents(&tablet));
}

// ---- places per scope: each scope in its own place, a member's device holds only its own ----

/// The manager's laptop with Hannah and Kwame, a check-in for each, one-to-one recognition for
/// Kwame and a team goal, in step with the server; and the ids.
fn a_team_with_places() -> (Repo, Endpoint, String, String) {
    let (mut laptop, _) = Repository::open(MemoryAdapter::default());
    let hannah = laptop
        .create(person("Hannah Whitfield", ""), at(0))
        .record
        .id;
    let kwame = laptop.create(person("Kwame Asante", ""), at(0)).record.id;
    for (id, notes) in [(&hannah, "HANNAH-NOTES"), (&kwame, "KWAME-NOTES")] {
        laptop.create(Body::CheckIn(CheckIn::held(id, day(), notes)), at(1));
    }
    let mut one_to_one = trellis::domain::Feedback::new(
        trellis::domain::feedback::FeedbackKind::Recognition,
        &kwame,
        day(),
    );
    one_to_one.text = "KWAME-ONE-TO-ONE".into();
    laptop.create(Body::Feedback(one_to_one), at(1));
    let goal = trellis::domain::Goal {
        title: "TEAM-GOAL".into(),
        ..Default::default()
    };
    laptop.create(Body::Goal(goal), at(1));
    let mut server = Endpoint::default();
    sync(&mut laptop, &mut server, at(2));
    (laptop, server, hannah, kwame)
}

#[test]
fn each_scope_goes_to_its_own_place() {
    let (_, server, hannah, kwame) = a_team_with_places();
    let doc = |s: Scope| server.get(&s).expect("the place was written").0;
    let team_doc = doc(Scope::Team);
    assert!(team_doc.contains("TEAM-GOAL") && team_doc.contains("Kwame Asante"));
    for private in ["HANNAH-NOTES", "KWAME-NOTES", "KWAME-ONE-TO-ONE"] {
        assert!(!team_doc.contains(private), "{private} is not the team's");
    }
    let hannahs = doc(Scope::Person(hannah));
    assert!(hannahs.contains("HANNAH-NOTES"));
    assert!(!hannahs.contains("KWAME") && !hannahs.contains("TEAM-GOAL"));
    let kwames = doc(Scope::Person(kwame));
    assert!(kwames.contains("KWAME-NOTES") && kwames.contains("KWAME-ONE-TO-ONE"));
    assert!(!kwames.contains("HANNAH"));
    assert_eq!(
        parse_remote(&doc(Scope::Manager)).unwrap().len(),
        0,
        "nothing of the manager's alone yet"
    );
}

#[test]
fn a_members_device_holds_the_team_and_its_own_and_refuses_the_rest() {
    let (mut laptop, mut server, hannah, kwame) = a_team_with_places();
    let hannah_role = Role::Member(hannah.clone());
    let (mut phone, _) = Repository::open(MemoryAdapter::default());
    let first = sync_as(&mut phone, &hannah_role, &mut server, at(3));
    assert_eq!(first.refused, 0);
    let stored: String = phone.adapter().map.values().cloned().collect();
    assert!(stored.contains("TEAM-GOAL") && stored.contains("HANNAH-NOTES"));
    assert!(!stored.contains("KWAME-NOTES") && !stored.contains("KWAME-ONE-TO-ONE"));

    // A hostile or misconfigured server puts Kwame's place's document in Hannah's place and
    // in the team's: every one of his records is dropped, kept nowhere.
    let kwames = server.get(&Scope::Person(kwame.clone())).unwrap().0;
    for place in [Scope::Person(hannah.clone()), Scope::Team] {
        let (mut evil, _) = Repository::open(MemoryAdapter::default());
        let wrong = parse_remote(&kwames).unwrap();
        let n = wrong.len();
        let done = reconcile(
            &mut evil,
            wrong,
            at(4),
            &Place {
                scope: place,
                role: hannah_role.clone(),
            },
        );
        assert_eq!((done.refused, done.taken), (n, 0));
        assert!(evil.all().next().is_none());
    }
    // The same on the round itself: the team's place now also holds Kwame's check-in.
    let team_doc = server.get(&Scope::Team).unwrap();
    let mixed = team_doc.0.replacen(
        "\"records\":[",
        &format!("\"records\":[{},", first_record(&kwames)),
        1,
    );
    server.docs.insert(Scope::Team, (mixed, team_doc.1));
    let before: Vec<_> = contents(&phone);
    let done = sync_as(&mut phone, &hannah_role, &mut server, at(5));
    assert_eq!(done.refused, 1);
    assert_eq!(
        contents(&phone),
        before,
        "nothing changed on Hannah's phone"
    );
    let stored: String = phone.adapter().map.values().cloned().collect();
    assert!(!stored.contains("KWAME-NOTES") && !stored.contains("KWAME-ONE-TO-ONE"));

    // What Hannah writes on her phone reaches the manager, in her place.
    let ci = phone
        .all()
        .find(|r| matches!(&r.body, Body::CheckIn(_)))
        .unwrap()
        .clone();
    let Body::CheckIn(mut mine) = ci.body.clone() else {
        panic!()
    };
    mine.notes = "HANNAH-NOTES, and my update".into();
    phone
        .update(&ci.id, Body::CheckIn(mine), ci.rev, at(6))
        .unwrap();
    sync_as(&mut phone, &hannah_role, &mut server, at(7));
    sync(&mut laptop, &mut server, at(8));
    let Body::CheckIn(there) = &laptop.get(&ci.id).unwrap().body else {
        panic!()
    };
    assert_eq!(there.notes, "HANNAH-NOTES, and my update");
    assert!(server
        .get(&Scope::Person(hannah))
        .unwrap()
        .0
        .contains("my update"));
}

/// The first record of an export file's text, as JSON text.
fn first_record(doc: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(doc).unwrap();
    v["records"][0].to_string()
}

/// The id of the person named `name`.
fn id_of(repo: &Repo, name: &str) -> String {
    let people = repo.people();
    let found = people.iter().find(|(_, p)| p.name == name);
    found.expect("listed").0.id.clone()
}

/// `a_team_with_places`, with a goal of Hannah's in her place.
fn with_hannahs_goal() -> (Repo, Endpoint, String, trellis::store::Record) {
    let (mut laptop, mut server, hannah, _) = a_team_with_places();
    let goal = trellis::domain::Goal {
        title: "HANNAH-GOAL".into(),
        owner: hannah.clone(),
        ..Default::default()
    };
    let g = laptop.create(Body::Goal(goal), at(3)).record;
    sync(&mut laptop, &mut server, at(4));
    (laptop, server, hannah, g)
}

#[test]
fn a_goal_shared_with_the_team_moves_to_the_teams_place() {
    let (mut laptop, mut server, hannah, g) = with_hannahs_goal();
    let holds = |server: &Endpoint, s: Scope| server.get(&s).unwrap().0.contains("HANNAH-GOAL");
    assert!(holds(&server, Scope::Person(hannah.clone())));
    assert!(!holds(&server, Scope::Team));
    laptop.set_scope(&g.id, Scope::Team, g.rev, at(5)).unwrap();
    let hers = Scope::Person(hannah.clone());
    assert_eq!(
        laptop.moved_from(&hers),
        vec![g.id.clone()],
        "her place has it still"
    );
    assert!(laptop.moved_from(&Scope::Team).is_empty());
    sync(&mut laptop, &mut server, at(6));
    assert!(
        laptop.moved_from(&hers).is_empty(),
        "no longer, after the round"
    );
    assert!(holds(&server, Scope::Team), "shared: in the team's place");
    assert!(
        !holds(&server, Scope::Person(hannah.clone())),
        "and no longer in hers"
    );
    // Kwame's device (a member) now sees it with the team's records.
    let kwame = id_of(&laptop, "Kwame Asante");
    let (mut tablet, _) = Repository::open(MemoryAdapter::default());
    sync_as(&mut tablet, &Role::Member(kwame), &mut server, at(7));
    assert_eq!(tablet.get(&g.id).unwrap().scope, Scope::Team);
}

#[test]
fn a_shared_goal_reaches_its_owners_device_from_the_teams_place() {
    let (mut laptop, mut server, hannah, g) = with_hannahs_goal();
    let role = Role::Member(hannah.clone());
    let (mut phone, _) = Repository::open(MemoryAdapter::default());
    sync_as(&mut phone, &role, &mut server, at(5));
    assert_eq!(
        phone.get(&g.id).unwrap().scope,
        Scope::Person(hannah.clone())
    );
    laptop.set_scope(&g.id, Scope::Team, g.rev, at(6)).unwrap();
    sync(&mut laptop, &mut server, at(7));
    sync_as(&mut phone, &role, &mut server, at(8));
    let there = phone.get(&g.id).unwrap();
    assert_eq!((there.scope.clone(), there.rev), (Scope::Team, 2));
    // And her device's next rounds leave it there: not back in her place.
    sync_as(&mut phone, &role, &mut server, at(9));
    sync(&mut laptop, &mut server, at(10));
    assert_eq!(laptop.get(&g.id).unwrap().scope, Scope::Team);
    assert!(!server
        .get(&Scope::Person(hannah))
        .unwrap()
        .0
        .contains("HANNAH-GOAL"));
}

#[test]
fn a_move_made_while_a_round_sends_waits_for_the_next() {
    let (mut laptop, mut server, hannah, g) = with_hannahs_goal();
    let hers = Scope::Person(hannah);
    // A round with her place built its document here...
    let seq = laptop.last_seq();
    // ...the goal is shared meanwhile, and then the round ends.
    laptop.set_scope(&g.id, Scope::Team, g.rev, at(5)).unwrap();
    laptop.mark_synced(&hers, seq, None).unwrap();
    assert_eq!(
        laptop.moved_from(&hers),
        vec![g.id.clone()],
        "kept for the next round"
    );
    sync(&mut laptop, &mut server, at(6));
    assert!(laptop.moved_from(&hers).is_empty());
}

#[test]
fn an_edit_made_in_the_old_place_while_the_goal_moved_is_kept() {
    let (mut laptop, mut server, hannah, g) = with_hannahs_goal();
    let role = Role::Member(hannah.clone());
    let (mut phone, _) = Repository::open(MemoryAdapter::default());
    sync_as(&mut phone, &role, &mut server, at(5));
    let goal = |repo: &Repo| match &repo.get(&g.id).unwrap().body {
        Body::Goal(goal) => goal.clone(),
        _ => unreachable!(),
    };
    // Hannah describes her goal on her phone (revision 2, in her place)...
    let mut hers = goal(&phone);
    hers.description = "PHONE-DESCRIPTION".into();
    phone.update(&g.id, Body::Goal(hers), 1, at(6)).unwrap();
    sync_as(&mut phone, &role, &mut server, at(7));
    // ...while the manager shares it with the team (revision 2 too) and retitles it (3).
    laptop.set_scope(&g.id, Scope::Team, 1, at(6)).unwrap();
    let mut mine = goal(&laptop);
    mine.title = "HANNAH-GOAL, shared".into();
    laptop.update(&g.id, Body::Goal(mine), 2, at(6)).unwrap();
    sync(&mut laptop, &mut server, at(8));
    let both = goal(&laptop);
    assert_eq!(
        both.description, "PHONE-DESCRIPTION",
        "her edit is not lost to the move"
    );
    assert_eq!(both.title, "HANNAH-GOAL, shared");
    assert_eq!(laptop.get(&g.id).unwrap().scope, Scope::Team);
    // It reaches her phone from the team's place, with both edits.
    sync(&mut laptop, &mut server, at(9));
    sync_as(&mut phone, &role, &mut server, at(10));
    assert_eq!(goal(&phone).title, "HANNAH-GOAL, shared");
    assert_eq!(goal(&phone).description, "PHONE-DESCRIPTION");
    assert_eq!(phone.get(&g.id).unwrap().scope, Scope::Team);
}

#[test]
fn a_goal_kept_to_its_owner_again_leaves_the_other_members_devices() {
    let (mut laptop, mut server, hannah, g) = with_hannahs_goal();
    let kwame = id_of(&laptop, "Kwame Asante");
    let k = Role::Member(kwame);
    let (mut tablet, _) = Repository::open(MemoryAdapter::default());
    // Shared with the team: Kwame's device holds it.
    laptop.set_scope(&g.id, Scope::Team, g.rev, at(5)).unwrap();
    sync(&mut laptop, &mut server, at(6));
    sync_as(&mut tablet, &k, &mut server, at(7));
    assert!(tablet.get(&g.id).is_some());
    // Kept to Hannah again: the team's place lists it as gone, and his device drops it.
    laptop
        .set_scope(&g.id, Scope::Person(hannah.clone()), 2, at(8))
        .unwrap();
    sync(&mut laptop, &mut server, at(9));
    let team_doc = server.get(&Scope::Team).unwrap().0;
    assert!(!team_doc.contains("HANNAH-GOAL"));
    assert!(gone_in(&serde_json::from_str(&team_doc).unwrap()).contains(&g.id));
    sync_as(&mut tablet, &k, &mut server, at(10));
    assert!(tablet.record(&g.id).is_none(), "kept nowhere on his device");
    assert!(!tablet
        .adapter()
        .map
        .values()
        .any(|v| v.contains("HANNAH-GOAL")));
    // His next rounds keep the list (and do not put the goal back); Hannah's place has it.
    sync_as(&mut tablet, &k, &mut server, at(11));
    let team_doc = server.get(&Scope::Team).unwrap().0;
    assert!(!team_doc.contains("HANNAH-GOAL"));
    assert!(gone_in(&serde_json::from_str(&team_doc).unwrap()).contains(&g.id));
    assert!(server
        .get(&Scope::Person(hannah.clone()))
        .unwrap()
        .0
        .contains("HANNAH-GOAL"));
    // Shared once more: back in the team's place, off the list, and on his device again.
    laptop.set_scope(&g.id, Scope::Team, 3, at(12)).unwrap();
    sync(&mut laptop, &mut server, at(13));
    let team_doc = server.get(&Scope::Team).unwrap().0;
    assert!(!gone_in(&serde_json::from_str(&team_doc).unwrap()).contains(&g.id));
    sync_as(&mut tablet, &k, &mut server, at(14));
    assert_eq!(tablet.get(&g.id).unwrap().rev, 4);
}

#[test]
fn the_list_of_records_gone_from_a_place_keeps_the_newest() {
    let (laptop, _, _, _) = a_team_with_places();
    let listed: Vec<String> = (0..trellis::sync::engine::GONE_KEPT + 20)
        .map(|i| format!("gone{i:04}"))
        .collect();
    let kept = gone_after(&laptop, &team(&Role::Manager), &listed);
    assert_eq!(kept.len(), trellis::sync::engine::GONE_KEPT);
    assert_eq!(kept.last(), listed.last());
    assert_eq!(kept[0], "gone0020");
}
