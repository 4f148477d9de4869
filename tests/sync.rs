//! Sync rounds between two devices through an in-memory endpoint that behaves like the JSON
//! endpoint (GET with an ETag, PUT with If-Match, 412 on a stale write): edits to different
//! records and fields combine, the same text changed twice is reported, delete against edit,
//! private notes never leave the device, a stale write is retried, broken documents change
//! nothing, and bases are kept only between a change and the next round. And the same in
//! CouchDB mode, against an in-memory database with revisions, a changes feed and 409s: only
//! what changed on a device is sent.
use trellis::domain::dates::{Date, Timestamp};
use trellis::domain::{Cadence, CheckIn, Person};
use trellis::store::{Body, MemoryAdapter, Repository};
use trellis::sync::engine::{
    changed_to_send, keep_conflicts, outgoing, parse_remote, reconcile, settle, Reconciled,
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

/// The endpoint: one document and its ETag.
#[derive(Default)]
struct Endpoint {
    doc: Option<(String, String)>,
    writes: usize,
}

impl Endpoint {
    fn get(&self) -> Option<(String, String)> {
        self.doc.clone()
    }
    /// PUT with If-Match (None: the document must not exist yet); Err(412) when stale.
    fn put(&mut self, body: &str, if_match: Option<&str>) -> Result<String, u16> {
        let current = self.doc.as_ref().map(|(_, e)| e.as_str());
        if current != if_match {
            return Err(412);
        }
        self.writes += 1;
        let etag = format!("v{}", self.writes);
        self.doc = Some((body.to_string(), etag.clone()));
        Ok(etag)
    }
}

/// One device's side of a round, split where the network would be: fetch and merge...
fn fetch_and_merge(
    repo: &mut Repo,
    server: &Endpoint,
    now: Timestamp,
) -> (Reconciled, Option<String>) {
    match server.get() {
        None => (reconcile(repo, vec![], now), None),
        Some((body, etag)) => {
            let remote = parse_remote(&body).expect("the endpoint holds a valid document");
            (reconcile(repo, remote, now), Some(etag))
        }
    }
}

/// ...then send, retrying from the fetch on a 412.
fn sync(repo: &mut Repo, server: &mut Endpoint, now: Timestamp) -> Reconciled {
    for _ in 0..3 {
        let (done, etag) = fetch_and_merge(repo, server, now);
        let (doc, seq) = outgoing(repo, now);
        if let Ok(new_etag) = server.put(&doc, etag.as_deref()) {
            repo.mark_synced(seq, Some(new_etag)).unwrap();
            return done;
        }
    }
    panic!("no round completed in three tries");
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
    assert!(!server.get().unwrap().0.contains("PRIVATE-MARKER"));
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
    assert!(!server.get().unwrap().0.contains("PRIVATE-MARKER"));
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
    let (_, etag) = fetch_and_merge(&mut laptop, &server, at(4));
    sync(&mut tablet, &mut server, at(5));
    let (doc, _) = outgoing(&mut laptop, at(6));
    assert_eq!(server.put(&doc, etag.as_deref()), Err(412));
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
    let _ = reconcile(&mut laptop, vec![], at(9));
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
    assert!(alone.sync_mark().is_none());
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
    assert_eq!(other_tab.sync_mark(), laptop.sync_mark());
    // So the other tab's record counts as in step: its own version is its base.
    assert_eq!(other_tab.sync_base(&id).unwrap().rev, record.rev);
}

#[test]
fn a_record_edited_while_a_round_sends_keeps_what_was_sent_as_its_base() {
    let (mut laptop, mut tablet, mut server, id) = two_devices();
    // The laptop's round has read and built its document (Hannah as she is)...
    let (_, etag) = fetch_and_merge(&mut laptop, &server, at(3));
    let (doc, seq) = outgoing(&mut laptop, at(3));
    // ...and while it is sending, the manager edits her email.
    let rev = laptop.get(&id).unwrap().rev;
    laptop
        .update(&id, person("Hannah Whitfield", "h@example.com"), rev, at(4))
        .unwrap();
    let new_etag = server.put(&doc, etag.as_deref()).unwrap();
    laptop.mark_synced(seq, Some(new_etag)).unwrap();
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

/// One CouchDB round, as `sync::client` runs it: read the feed since the checkpoint, merge,
/// send only what changed here. Returns how many records were sent.
fn couch_round(repo: &mut Repo, db: &mut Couch, now: Timestamp) -> usize {
    for _ in 0..3 {
        let mark = repo.sync_mark().cloned();
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
        reconcile(repo, remote.clone(), now);
        let out = changed_to_send(repo, mark.as_ref().map(|m| m.seq), &remote);
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
            repo.mark_synced(seq, Some(last.to_string())).unwrap();
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
        .sync_mark()
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
