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
    changed_to_send, keep_conflicts, moved_from, outgoing, parse_remote, reconcile, shared_json,
    Place,
};
use super::http::{failure, send};
use super::seal::{self, Key, SealMeta};
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
    let role = crate::store::device::role();
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

/// Opens sealed records (id, sealed): the opened texts, and the ids that did not open.
async fn open_all(key: &Key, items: Vec<(String, String)>) -> (Vec<String>, Vec<String>) {
    let (mut texts, mut bad) = (vec![], vec![]);
    for (id, sealed) in items {
        match key.open(&id, &sealed).await {
            Some(t) if seal::opened_as(&t, &id) => texts.push(t),
            _ => bad.push(id),
        }
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

/// The team key, if this device has a passphrase; `meta`: what the server says.
async fn team_key(
    config: &SyncConfig,
    meta: Option<&SealMeta>,
) -> Result<Option<(Key, SealMeta)>, String> {
    match (config.passphrase.as_str(), meta) {
        ("", Some(_)) => Err(seal::NEEDS_PASSPHRASE.into()),
        ("", None) => Ok(None),
        (p, m) => Key::for_team(p, m).await.map(Some),
    }
}

fn unreadable(p: impl std::fmt::Display) -> String {
    format!("The endpoint did not send a Trellis document: {p} Nothing was changed here.")
}

thread_local! {
    /// How each place's document (by URL) was last seen sealed (a `304` does not say it
    /// again), so a round that only sends keeps the place's salt.
    static SEEN: std::cell::RefCell<Vec<(String, SealMeta)>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn seen(url: &str) -> Option<SealMeta> {
    SEEN.with_borrow(|s| s.iter().find(|(u, _)| u == url).map(|s| s.1.clone()))
}

fn set_seen(url: &str, meta: SealMeta) {
    SEEN.with_borrow_mut(|s| {
        s.retain(|(u, _)| u != url);
        s.push((url.to_string(), meta));
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
        // Sealed, a `304` is only useful when this session knows how the document is sealed.
        let seen = seen(url);
        let mut headers = auth.clone();
        if let Some(e) = known
            .as_ref()
            .filter(|_| config.passphrase.is_empty() || seen.is_some())
        {
            headers.push(("If-None-Match", format!("\"{e}\"")));
        }
        let got = send(url, "GET", &headers, None).await?;
        let mut done = Done::default();
        let mut meta = None;
        let mut tampered = vec![];
        let (base_etag, merged) = match got.status {
            200 => {
                let etag = got.etag.ok_or_else(no_etag)?;
                let doc: Value = serde_json::from_str(&got.body).unwrap_or_default();
                let text = if seal::is_sealed_file(&doc) {
                    let (m, items) = seal::read_sealed_file(&doc)?;
                    let key = team_key(config, Some(&m))
                        .await?
                        .expect("a sealed file needs a key");
                    set_seen(url, key.1.clone());
                    meta = Some(key.1);
                    let items = items.into_iter().map(|s| (s.id, s.sealed)).collect();
                    let (texts, bad) = open_all(&key.0, items).await;
                    tampered = bad;
                    seal::opened_file(&texts)
                } else if !config.passphrase.is_empty()
                    && doc["records"].as_array().is_some_and(|r| !r.is_empty())
                {
                    return Err(seal::NOT_SEALED.into());
                } else {
                    got.body
                };
                let remote = parse_remote(&text).map_err(unreadable)?;
                (Some(etag), take_in(with, remote, place, &mut done)?)
            }
            304 if changed == 0 => return Ok(done),
            304 => {
                meta = seen;
                (known, 0)
            }
            404 => (None, 0),
            status => return Err(failure(status, &got.body)),
        };
        if changed == 0 && merged == 0 && tampered.is_empty() && base_etag.is_some() {
            // Nothing of this device's to add: in step with what was read.
            with(&mut |r| {
                let _ = r.mark_synced(&place.scope, r.last_seq(), base_etag.clone());
            });
            return Ok(done);
        }
        // The document to send, and the change number it covers.
        let mut doc = (String::new(), 0);
        if config.passphrase.is_empty() {
            with(&mut |r| doc = outgoing(r, now(), place));
        } else {
            let key = match team_key(config, meta.as_ref()).await? {
                Some(k) => k,
                None => unreachable!("a passphrase gives a key"),
            };
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
                let sealed = key.0.seal(&id, &json).await?;
                items.push((id, rev, sealed));
            }
            doc.0 = seal::sealed_file(&key.1, items);
            set_seen(url, key.1);
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
        let meta = match got.status {
            200 => {
                let v: Value = serde_json::from_str(&got.body).unwrap_or_default();
                Some(SealMeta::from_value(&v["sealed_with"])?)
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
        let fresh = meta.is_none();
        let key = team_key(config, meta.as_ref()).await?;

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
        let (mut plain, mut sealed, mut revs) = (vec![], vec![], vec![]);
        loop {
            let got = send(&couch::changes_url(&db, &since, true), "GET", &auth, None).await?;
            if got.status != 200 {
                return Err(failure(got.status, &got.body));
            }
            let page = couch::parse_changes(&got.body)?;
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
        if let Some((k, _)) = &key {
            let (texts, bad) = open_all(k, sealed).await;
            plain = texts;
            tampered = bad;
        }
        let remote = parse_remote(&seal::opened_file(&plain)).map_err(unreadable)?;
        if let (true, Some((_, m))) = (fresh, &key) {
            // The first sealed round: publish how the team's records are sealed (a 409 means
            // another device just did: start again with theirs).
            let put = send(&meta_url, "PUT", &auth, Some(&couch::meta_doc(m))).await?;
            match put.status {
                201 | 202 => {}
                409 => continue,
                status => return Err(failure(status, &put.body)),
            }
        }
        let mut done = Done::default();
        take_in(with, remote.clone(), place, &mut done)?;

        // Only what changed here (and is not what was just received) goes back.
        let (mut out, mut seq, mut moved) = (vec![], 0, vec![]);
        with(&mut |r| {
            out = changed_to_send(r, mark.as_ref().map(|m| m.seq), &remote, place);
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
                    Some((k, _)) => couch::sealed_doc(id, rev, &k.seal(id, json).await?),
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
