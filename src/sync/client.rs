//! A sync round over HTTP with the browser's fetch, to a JSON endpoint or a CouchDB database
//! (`SyncConfig::couch`), sealed when the device has a team passphrase. Nothing is applied
//! before everything received has been read and checked (and opened), and every failure leaves
//! this device's data as it was.
//!
//! JSON endpoint: `GET` with `If-None-Match`, merge, `PUT` with `If-Match` (or
//! `If-None-Match: *` to create); a `412` starts the round again from the `GET`.
//! CouchDB: see `couch`.
use serde_json::Value;

use super::couch::{self, Doc};
use super::engine::{
    changed_to_send, drop_gone, gone_after, gone_in, keep_conflicts, moved_from, outgoing,
    parse_remote, reconcile, shared_json, Place,
};
use super::http::{failure, send};
use super::keys::{self, PlaceKeys};
use super::seal::{self, Key, PlaceMeta};
use crate::domain::scope::{Role, Scope};
use crate::store::clock::now;
use crate::store::device::SyncConfig;
use crate::store::{BrowserStorage, Record, Repository};

/// Rounds that end in a conflicting write before giving up until the next try.
const TRIES: usize = 3;

/// What a completed round did.
#[derive(Debug, Default)]
pub struct Done {
    pub received: usize,
    pub conflicts: usize,
    pub sent: bool,
    /// The round completed, but something received was not applied (shown as the last error).
    pub warning: Option<String>,
    /// Records a place sent that this device may not hold: dropped, kept nowhere.
    pub refused: usize,
}

impl Done {
    fn add(&mut self, other: Done) {
        self.received += other.received;
        self.conflicts += other.conflicts;
        self.sent |= other.sent;
        self.refused += other.refused;
        if self.warning.is_none() {
            self.warning = other.warning;
        }
    }
}

/// Access to the repository: `with(&mut |repo| …)`.
pub trait With: Fn(&mut dyn FnMut(&mut Repository<BrowserStorage>)) {}
impl<F: Fn(&mut dyn FnMut(&mut Repository<BrowserStorage>))> With for F {}

/// One round with the server in `config`: with each place this device syncs (the team's, and
/// the manager's and each person's on the manager's devices, or the member's own), one after
/// the other. Err: what went wrong, in words for the status line (the first place that failed;
/// the others still ran).
pub async fn round(config: &SyncConfig, with: impl With) -> Result<Done, String> {
    let mut role = Role::Manager;
    with(&mut |r| role = r.role().clone());
    let (mut done, mut failed) = (Done::default(), None);
    let mut visited: Vec<Scope> = vec![];
    loop {
        // Again after each place: the team's brings the people whose places come next.
        let (mut people, mut next): (Vec<(String, String)>, _) = (vec![], None);
        with(&mut |r| {
            next = super::places(r, &role)
                .into_iter()
                .find(|s| !visited.contains(s));
            people = r
                .people()
                .into_iter()
                .map(|(rec, p)| (rec.id.clone(), p.name.clone()))
                .collect();
        });
        let Some(scope) = next else {
            break;
        };
        visited.push(scope.clone());
        let Some(url) = scope.place(&config.url) else {
            continue;
        };
        let place = Place {
            scope,
            role: role.clone(),
        };
        let result = if config.couch {
            couch_round(config, &url, &place, &with).await
        } else {
            json_round(config, &url, &place, &with).await
        };
        match result {
            Ok(d) => done.add(d),
            Err(why) if failed.is_none() => {
                failed = Some(match &place.scope {
                    Scope::Team => why,
                    other => format!("{}: {why}", place_name(other, &people)),
                })
            }
            Err(_) => {}
        }
    }
    if done.refused > 0 && matches!(role, Role::Member(_)) {
        done.warning = Some(format!(
            "The server sent {} record(s) this device may not hold (they belong to someone else): they were dropped and are kept nowhere here. Whoever runs the server should check who can read each place.",
            done.refused
        ));
    }
    match failed {
        Some(why) => Err(why),
        None => Ok(done),
    }
}

/// A place in words, for the status line.
fn place_name(scope: &Scope, people: &[(String, String)]) -> String {
    match scope {
        Scope::Person(id) => match people.iter().find(|p| &p.0 == id) {
            Some((_, name)) => format!("{name}'s place"),
            None => "A person's place".into(),
        },
        Scope::Manager => "The manager's place".into(),
        _ => "The team's place".into(),
    }
}

/// The Authorization header: a bearer token, or for CouchDB `user:password` as basic auth.
fn auth(config: &SyncConfig) -> Vec<(&'static str, String)> {
    let token = config.token.trim();
    if token.is_empty() {
        vec![]
    } else if config.couch && token.contains(':') {
        vec![(
            "Authorization",
            format!("Basic {}", seal::b64(token.as_bytes())),
        )]
    } else {
        vec![("Authorization", format!("Bearer {token}"))]
    }
}

/// Merges what was received and keeps the conflicts for the user.
fn take_in(
    with: &impl With,
    remote: Vec<Record>,
    place: &Place,
    done: &mut Done,
) -> Result<usize, String> {
    let mut failed = None;
    let mut merged_count = 0;
    let mut remote = Some(remote);
    with(&mut |r| {
        let merged = reconcile(r, remote.take().unwrap_or_default(), now(), place);
        done.received = merged.taken + merged.merged;
        done.refused = merged.refused;
        merged_count = merged.merged;
        done.conflicts = merged.conflicts.iter().map(|c| c.2.len()).sum();
        if let Err(e) = merged.write.and(keep_conflicts(r, &merged.conflicts)) {
            failed = Some(e.explain());
        }
    });
    match failed {
        Some(why) => Err(format!(
            "This browser's storage refused the merged data: {why}"
        )),
        None => Ok(merged_count),
    }
}

/// Opens sealed records (id, sealed) with whichever of `keys` opens each (newest first): the
/// opened texts, and the ids that did not open.
async fn open_all(keys: &[Key], items: Vec<(String, String)>) -> (Vec<String>, Vec<String>) {
    let (mut texts, mut bad) = (vec![], vec![]);
    'items: for (id, sealed) in items {
        for key in keys {
            if let Some(t) = key.open(&id, &sealed).await {
                if seal::opened_as(&t, &id) {
                    texts.push(t);
                    continue 'items;
                }
            }
        }
        bad.push(id);
    }
    (texts, bad)
}

/// What to say about records that did not open, named as this device knows them.
fn rejected(with: &impl With, ids: &[String]) -> Option<String> {
    if ids.is_empty() {
        return None;
    }
    let mut named = vec![];
    with(&mut |r| {
        named = ids
            .iter()
            .map(|id| match r.record(id) {
                Some(rec) => format!("{} ({id})", rec.describe()),
                None => id.clone(),
            })
            .collect();
    });
    Some(seal::tampered(&named))
}

/// This device seals what it sends: a manager's with the team passphrase, a member's with its
/// own key.
fn seals(config: &SyncConfig) -> bool {
    !config.passphrase.is_empty() || !config.key.is_empty()
}

/// The keys for `place`, from how the server says it is sealed.
async fn place_keys(
    config: &SyncConfig,
    place: &Place,
    meta: Option<&PlaceMeta>,
) -> Result<Option<PlaceKeys>, String> {
    keys::for_place(config, &place.role, &place.scope, meta).await
}

/// The keys ready to seal with, once the place's records are merged: with this device's
/// people as they are now (a manager's device keeps the team's ring in step with them).
async fn ready(keys: &mut Option<PlaceKeys>, with: &impl With) -> Result<(), String> {
    if let Some(k) = keys.as_mut().filter(|k| k.keeps_ring()) {
        let mut active = vec![];
        with(&mut |r| active = super::on_team(r));
        k.update(&active).await?;
    }
    Ok(())
}

fn unreadable(p: impl std::fmt::Display) -> String {
    format!("The endpoint did not send a Trellis document: {p} Nothing was changed here.")
}

/// What this session last saw of a place's document beyond its records (a `304` does not say
/// it again): how it is sealed, and the records it lists as gone. A round that only sends
/// keeps both.
#[derive(Clone, Default)]
struct Seen {
    meta: Option<PlaceMeta>,
    gone: Vec<String>,
}

thread_local! {
    /// By document URL.
    static SEEN: std::cell::RefCell<Vec<(String, Seen)>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn seen(url: &str) -> Option<Seen> {
    SEEN.with_borrow(|s| s.iter().find(|(u, _)| u == url).map(|s| s.1.clone()))
}

fn set_seen(url: &str, seen: Seen) {
    SEEN.with_borrow_mut(|s| {
        s.retain(|(u, _)| u != url);
        s.push((url.to_string(), seen));
    });
}

async fn json_round(
    config: &SyncConfig,
    url: &str,
    place: &Place,
    with: &impl With,
) -> Result<Done, String> {
    let auth = auth(config);
    for _ in 0..TRIES {
        let mut mark = None;
        let mut changed = 0;
        with(&mut |r| {
            r.finish_loading();
            mark = r.sync_mark(&place.scope).cloned();
            // This place's records changed, and those moved to another scope (which the
            // document sent without them removes from here).
            changed = match &mark {
                Some(m) => {
                    r.changed_since(m.seq)
                        .filter(|rec| rec.scope == place.scope)
                        .count()
                        + moved_from(r, place).len()
                }
                None => usize::MAX,
            };
        });
        let known = mark.as_ref().and_then(|m| m.etag.clone());
        // A `304` is only useful when this session saw the document whole.
        let seen = seen(url);
        let mut headers = auth.clone();
        if let Some(e) = known.as_ref().filter(|_| seen.is_some()) {
            headers.push(("If-None-Match", format!("\"{e}\"")));
        }
        let got = send(url, "GET", &headers, None).await?;
        let mut done = Done::default();
        let mut keys = None;
        let mut tampered = vec![];
        // Records the document says left it (see `engine::gone_in`).
        let mut listed = vec![];
        let (base_etag, merged) = match got.status {
            200 => {
                let etag = got.etag.ok_or_else(no_etag)?;
                let doc: Value = serde_json::from_str(&got.body).unwrap_or_default();
                listed = gone_in(&doc);
                let text = if seal::is_sealed_file(&doc) {
                    let (m, items) = seal::read_sealed_file(&doc)?;
                    let k = place_keys(config, place, Some(&m))
                        .await?
                        .expect("a sealed file needs a key");
                    let items = items.into_iter().map(|s| (s.id, s.sealed)).collect();
                    let (texts, bad) = open_all(&k.keys, items).await;
                    tampered = bad;
                    keys = Some(k);
                    seal::opened_file(&texts)
                } else if seals(config) && doc["records"].as_array().is_some_and(|r| !r.is_empty())
                {
                    return Err(seal::NOT_SEALED.into());
                } else {
                    got.body
                };
                let remote = parse_remote(&text).map_err(unreadable)?;
                set_seen(
                    url,
                    Seen {
                        meta: keys.as_ref().map(|k| k.meta.clone()),
                        gone: listed.clone(),
                    },
                );
                let merged = take_in(with, remote, place, &mut done)?;
                with(&mut |r| {
                    drop_gone(r, place, &listed);
                });
                (Some(etag), merged)
            }
            304 if changed == 0 => return Ok(done),
            304 => {
                let seen = seen.unwrap_or_default();
                keys = place_keys(config, place, seen.meta.as_ref()).await?;
                listed = seen.gone;
                (known, 0)
            }
            404 => (None, 0),
            status => return Err(failure(status, &got.body)),
        };
        if keys.is_none() && seals(config) {
            keys = place_keys(config, place, None).await?;
        }
        ready(&mut keys, with).await?;
        let publish = keys.as_ref().is_some_and(|k| k.publish);
        if changed == 0 && merged == 0 && tampered.is_empty() && !publish && base_etag.is_some() {
            // Nothing of this device's to add: in step with what was read.
            with(&mut |r| {
                let _ = r.mark_synced(&place.scope, r.last_seq(), base_etag.clone());
            });
            return Ok(done);
        }
        // The document to send, and the change number it covers.
        let mut doc = (String::new(), 0);
        let mut gone = vec![];
        with(&mut |r| gone = gone_after(r, place, &listed));
        let mut meta = None;
        if !seals(config) {
            with(&mut |r| doc = outgoing(r, now(), place, &gone));
        } else {
            let key = keys.expect("a device that seals has keys");
            let mut plain = vec![];
            with(&mut |r| {
                plain = r
                    .all()
                    .filter(|rec| rec.scope == place.scope)
                    .map(|rec| (rec.id.clone(), rec.rev, shared_json(rec)))
                    .collect();
                doc.1 = r.last_seq();
            });
            let mut items = Vec::with_capacity(plain.len());
            for (id, rev, json) in plain {
                let sealed = key.keys[0].seal(&id, &json).await?;
                items.push((id, rev, sealed));
            }
            doc.0 = seal::sealed_file(&key.meta, items, &gone);
            meta = Some(key.meta);
        }
        let mut headers = auth.clone();
        match &base_etag {
            Some(e) => headers.push(("If-Match", format!("\"{e}\""))),
            None => headers.push(("If-None-Match", "*".into())),
        }
        let put = send(url, "PUT", &headers, Some(&doc.0)).await?;
        match put.status {
            200 | 201 | 204 => {
                let etag = put.etag.ok_or_else(no_etag)?;
                with(&mut |r| {
                    let _ = r.mark_synced(&place.scope, doc.1, Some(etag.clone()));
                });
                set_seen(url, Seen { meta, gone });
                done.sent = true;
                done.warning = rejected(with, &tampered);
                return Ok(done);
            }
            412 => continue,
            status => return Err(failure(status, &put.body)),
        }
    }
    Err("Another device kept writing at the same moment; trying again shortly.".into())
}

/// The end of the changes feed after `since`, if every change in it is one of `known` (what this
/// round read or wrote); None if another device wrote meanwhile (or the feed did not answer):
/// the next round then reads from `since`.
async fn past_own_writes(
    db: &str,
    auth: &[(&'static str, String)],
    since: &str,
    known: &[(String, String)],
) -> Option<String> {
    // A set of "id rev" (the store's set type: no new code for it).
    let mut seen = std::collections::BTreeSet::new();
    for (id, rev) in known {
        seen.insert(format!("{id} {rev}"));
    }
    let mut at = since.to_string();
    loop {
        let got = send(&couch::changes_url(db, &at, false), "GET", auth, None)
            .await
            .ok()?;
        let page = couch::parse_changes(&got.body)
            .ok()
            .filter(|_| got.status == 200)?;
        if !page
            .revs
            .iter()
            .all(|(id, rev)| seen.contains(&format!("{id} {rev}")))
        {
            return None;
        }
        at = page.last_seq;
        if page.results < couch::PAGE {
            return Some(at);
        }
    }
}

/// `_all_docs` for `ids`: the body of the answer (their current revisions).
async fn all_docs(
    db: &str,
    auth: &[(&'static str, String)],
    ids: &[&str],
) -> Result<String, String> {
    let got = send(
        &format!("{db}/_all_docs"),
        "POST",
        auth,
        Some(&couch::keys_body(ids)),
    )
    .await?;
    if got.status != 200 {
        return Err(failure(got.status, &got.body));
    }
    Ok(got.body)
}

fn no_etag() -> String {
    "The endpoint sent no ETag header (a server in front of it may hide it from the browser: it must send “Access-Control-Expose-Headers: ETag”).".into()
}

async fn couch_round(
    config: &SyncConfig,
    url: &str,
    place: &Place,
    with: &impl With,
) -> Result<Done, String> {
    let db = couch::db(url).to_string();
    let auth = auth(config);
    let meta_url = format!("{db}/{}", couch::encode(couch::META_ID));
    for _ in 0..TRIES {
        // How the team's records are sealed, if they are; a missing database is created.
        let got = send(&meta_url, "GET", &auth, None).await?;
        let mut meta_rev = None;
        let meta = match got.status {
            200 => {
                let v: Value = serde_json::from_str(&got.body).unwrap_or_default();
                meta_rev = v["_rev"].as_str().map(str::to_string);
                Some(PlaceMeta::from_value(&v["sealed_with"])?)
            }
            404 if couch::db_missing(&got.body) => {
                let made = send(&db, "PUT", &auth, None).await?;
                if !matches!(made.status, 201 | 202 | 412) {
                    return Err(format!(
                        "There is no database at that address, and creating it failed: {}",
                        failure(made.status, &made.body)
                    ));
                }
                None
            }
            404 => None,
            status => return Err(failure(status, &got.body)),
        };
        let mut key = place_keys(config, place, meta.as_ref()).await?;

        // Everything changed since this device's checkpoint, read whole before anything merges.
        let mut mark = None;
        with(&mut |r| {
            r.finish_loading();
            mark = r.sync_mark(&place.scope).cloned();
        });
        let mut since = mark
            .as_ref()
            .and_then(|m| m.etag.clone())
            .unwrap_or("0".into());
        let (mut plain, mut sealed, mut revs, mut gone) = (vec![], vec![], vec![], vec![]);
        loop {
            let got = send(&couch::changes_url(&db, &since, true), "GET", &auth, None).await?;
            if got.status != 200 {
                return Err(failure(got.status, &got.body));
            }
            let page = couch::parse_changes(&got.body)?;
            gone.extend(page.gone);
            for d in &page.docs {
                let (id, rev, content) = couch::read_doc(d);
                match content {
                    Doc::Plain(text) if key.is_none() => plain.push(text),
                    Doc::Plain(_) => return Err(seal::NOT_SEALED.into()),
                    Doc::Sealed(_) if key.is_none() => return Err(seal::NEEDS_PASSPHRASE.into()),
                    Doc::Sealed(s) => sealed.push((id.clone(), s)),
                    Doc::Meta(_) | Doc::Other => continue,
                }
                if let Some(rev) = rev {
                    revs.push((id, rev));
                }
            }
            since = page.last_seq;
            if page.results < couch::PAGE {
                break;
            }
        }
        let mut tampered = vec![];
        if let Some(k) = &key {
            let (texts, bad) = open_all(&k.keys, sealed).await;
            plain = texts;
            tampered = bad;
        }
        let remote = parse_remote(&seal::opened_file(&plain)).map_err(unreadable)?;
        let mut done = Done::default();
        take_in(with, remote.clone(), place, &mut done)?;
        with(&mut |r| {
            drop_gone(r, place, &gone);
        });
        ready(&mut key, with).await?;
        if let Some(k) = key.as_ref().filter(|k| k.publish) {
            // The first sealed round, or new keys: publish how the place is sealed before
            // anything is sealed with them (a 409 means another device just did: start again
            // with theirs).
            let body = couch::meta_doc(&k.meta, meta_rev.as_deref());
            let put = send(&meta_url, "PUT", &auth, Some(&body)).await?;
            match put.status {
                201 | 202 => {}
                409 => continue,
                status => return Err(failure(status, &put.body)),
            }
        }

        // Only what changed here (and is not what was just received) goes back.
        let (mut out, mut seq, mut moved) = (vec![], 0, vec![]);
        let reseal = key.as_ref().is_some_and(|k| k.reseal);
        with(&mut |r| {
            out = if reseal {
                // Sealed in the older form: every record again, with the place's own key.
                changed_to_send(r, None, &[], place)
            } else {
                changed_to_send(r, mark.as_ref().map(|m| m.seq), &remote, place)
            };
            moved = moved_from(r, place);
            seq = r.last_seq();
        });
        // Records moved to another scope leave this place: their documents here are deleted.
        let mut gone = vec![];
        if !moved.is_empty() {
            let ids: Vec<&str> = moved.iter().map(String::as_str).collect();
            gone = couch::deletions(&all_docs(&db, &auth, &ids).await?)?;
        }
        if !out.is_empty() || !gone.is_empty() {
            let missing: Vec<&str> = out
                .iter()
                .map(|(id, _)| id.as_str())
                .filter(|id| !revs.iter().any(|(r, _)| r == id))
                .collect();
            if !missing.is_empty() {
                revs.extend(couch::parse_revs(&all_docs(&db, &auth, &missing).await?)?);
            }
            let mut docs = Vec::with_capacity(out.len());
            for (id, json) in &out {
                let rev = revs
                    .iter()
                    .rev()
                    .find(|(r, _)| r == id)
                    .map(|(_, v)| v.as_str());
                docs.push(match &key {
                    Some(k) => couch::sealed_doc(id, rev, &k.keys[0].seal(id, json).await?),
                    None => couch::plain_doc(id, rev, json),
                });
            }
            docs.extend(gone);
            // In batches, so no single request grows with the team's data.
            let mut pushed = couch::Pushed::default();
            for batch in docs.chunks(couch::PAGE) {
                let put = send(
                    &format!("{db}/_bulk_docs"),
                    "POST",
                    &auth,
                    Some(&couch::bulk_body(batch)),
                )
                .await?;
                if !(200..=202).contains(&put.status) {
                    return Err(failure(put.status, &put.body));
                }
                let p = couch::parse_bulk(&put.body)?;
                pushed.ok.extend(p.ok);
                pushed.conflicts.extend(p.conflicts);
                pushed.refused.extend(p.refused);
            }
            if let Some((id, why)) = pushed.refused.first() {
                return Err(format!(
                    "The database refused record {id}: {why}. Your changes are kept here."
                ));
            }
            if !pushed.conflicts.is_empty() {
                continue; // changed by another device meanwhile: read it, merge, try again
            }
            done.sent = true;
            // The feed now lists these writes: if it lists nothing else, move the checkpoint past
            // them, so the next round does not read them back.
            revs.extend(pushed.ok);
            if let Some(after) = past_own_writes(&db, &auth, &since, &revs).await {
                since = after;
            }
        }
        with(&mut |r| {
            let _ = r.mark_synced(&place.scope, seq, Some(since.clone()));
        });
        done.warning = rejected(with, &tampered);
        return Ok(done);
    }
    Err("Another device kept writing at the same moment; trying again shortly.".into())
}
