//! A key per scope (issue 17). The team passphrase, stretched with PBKDF2 (see `seal`), is the
//! manager's: it opens the team's ring of keys, kept wrapped in the team's place. Every other
//! key is random AES-256-GCM:
//! - the team key, in generations: each wrapped with the passphrase's key and with the key of
//!   each person on the team; when someone leaves, the next manager round makes a new one, so
//!   their device cannot open what the team writes from then on;
//! - each person's key, which seals their place: wrapped with the passphrase's key in the ring,
//!   and carried raw by that person's invitation (their device holds it, never the passphrase);
//! - the manager's key, which seals the manager's place, wrapped with the passphrase's key.
//!
//! Which key opens a sealed record is not written next to it: a device tries its keys newest
//! first (AES-GCM refuses a wrong key).
use std::cell::RefCell;

use super::seal::{
    self, b64, person_aad, person_to, team_aad, unb64, Key, PlaceMeta, SealMeta, BY_PASSPHRASE,
    CHECK_ID, CHECK_TEXT, MANAGER_AAD,
};
use crate::domain::scope::{Role, Scope};
use crate::store::device::SyncConfig;

/// The keys a round uses at one place.
pub struct PlaceKeys {
    /// Newest first: records are sealed with the first and opened with whichever opens them.
    pub keys: Vec<Key>,
    /// How the place is sealed, as the server is to keep it.
    pub meta: PlaceMeta,
    /// The server's description must be written (a new place, new keys, or an older form).
    pub publish: bool,
    /// Every record of the place must be sealed again: the place was sealed in the older form
    /// (with the passphrase's key itself), which a member's device cannot open.
    pub reseal: bool,
    /// The team's place on a manager's device: what keeps the ring in step with the people.
    ring: Option<RingKeys>,
}

/// The passphrase's key and the team keys (generation, raw), oldest first.
struct RingKeys {
    kek: Key,
    team: Vec<(u32, Vec<u8>)>,
}

thread_local! {
    /// Raw keys the team's place gave this session (`person:<id>` or `manager`), on a
    /// manager's device: the places come after the team's, and an invitation carries one.
    static KNOWN: RefCell<Vec<(String, Vec<u8>)>> = const { RefCell::new(Vec::new()) };
}

fn remember(scope: String, raw: Vec<u8>) {
    KNOWN.with_borrow_mut(|k| {
        k.retain(|(s, _)| *s != scope);
        k.push((scope, raw));
    });
}

fn known(scope: &str) -> Option<Vec<u8>> {
    KNOWN.with_borrow(|k| k.iter().find(|(s, _)| s == scope).map(|(_, r)| r.clone()))
}

/// A person's own key (base64), for their invitation: known once the team's place synced in
/// this session on this manager's device.
pub fn person_key(id: &str) -> Option<String> {
    known(&person_to(id)).map(|raw| b64(&raw))
}

const DAMAGED_RING: &str = "The team's keys on the server are damaged (one does not open with the passphrase). Nothing was changed here.";
const NOT_READY: &str = "The team's places on the server are not set up for this device yet: ask your manager to sync once, then sync again. Nothing was changed here.";
const WRONG_KEY: &str = "This device's key does not open the team's data on the server (the invitation was for another team, or the server's copy was replaced). Nothing was changed here; ask your manager for a new invitation.";
/// A member's device that no team key is wrapped for any more.
pub const LEFT: &str = "The team's new records are sealed with a key this device was not given: it was taken off the team (or your manager has not synced since inviting you). It keeps what it already holds and receives nothing new. Nothing was changed here.";
const OLD_MEMBER: &str = "This device joined with an older invitation that carries the team passphrase: ask your manager for a new invitation. Nothing was changed here.";

/// The keys for `scope`'s place, from how the server says it is sealed (`meta`; None: not
/// yet). Ok(None): this device does not seal. On a manager's device, the team's place then
/// needs `PlaceKeys::update` once its records are merged.
pub async fn for_place(
    config: &SyncConfig,
    role: &Role,
    scope: &Scope,
    meta: Option<&PlaceMeta>,
) -> Result<Option<PlaceKeys>, String> {
    let (passphrase, own) = (config.passphrase.as_str(), config.key.as_str());
    match (role, scope) {
        _ if passphrase.is_empty() && own.is_empty() => match meta {
            Some(_) => Err(seal::NEEDS_PASSPHRASE.into()),
            None => Ok(None),
        },
        (Role::Member(_), _) if own.is_empty() => Err(OLD_MEMBER.into()),
        (Role::Manager, Scope::Team) => team_for_manager(passphrase, meta).await.map(Some),
        (Role::Member(me), Scope::Team) => team_for_member(own, me, meta).await.map(Some),
        (Role::Member(_), _) => {
            let raw = unb64(own).ok_or(WRONG_KEY)?;
            own_place(&raw, None, scope, meta).await.map(Some)
        }
        (Role::Manager, _) => {
            let raw = known(&scope.to_string()).ok_or(
                "The team's place did not sync, so this place's key is not known yet: sync again.",
            )?;
            own_place(&raw, Some(passphrase), scope, meta)
                .await
                .map(Some)
        }
    }
}

/// Raw keys as WebCrypto keys, newest generation first.
async fn imported(mut raw: Vec<(u32, Vec<u8>)>) -> Result<Vec<Key>, String> {
    raw.sort_by(|a, b| b.0.cmp(&a.0));
    let mut keys = Vec::with_capacity(raw.len());
    for (_, r) in raw {
        keys.push(Key::import(&r).await?);
    }
    Ok(keys)
}

async fn team_for_manager(passphrase: &str, meta: Option<&PlaceMeta>) -> Result<PlaceKeys, String> {
    let given: Option<&SealMeta> = match meta {
        Some(PlaceMeta::Team(m)) => Some(m),
        Some(PlaceMeta::Own { .. }) => return Err(DAMAGED_RING.into()),
        None => None,
    };
    let (kek, mut sealed) = Key::for_team(passphrase, given).await?;
    let older = given.is_some_and(|m| m.ring.is_none());
    let ring = sealed.ring.get_or_insert_with(Default::default);
    let mut team = vec![];
    for w in ring.wraps_for(BY_PASSPHRASE) {
        let raw = kek.unwrap(&team_aad(w.gen, BY_PASSPHRASE), &w.key).await;
        team.push((w.gen, raw.ok_or(DAMAGED_RING)?));
    }
    for (id, wrapped) in &ring.people {
        let raw = kek.unwrap(&person_aad(id), wrapped).await;
        remember(person_to(id), raw.ok_or(DAMAGED_RING)?);
    }
    if !ring.manager.is_empty() {
        let raw = kek.unwrap(MANAGER_AAD, &ring.manager).await;
        remember(Scope::Manager.to_string(), raw.ok_or(DAMAGED_RING)?);
    }
    team.sort_by_key(|t| t.0);
    let mut keys = imported(team.clone()).await?;
    if older {
        // Records sealed before the ring opened with the passphrase's key itself.
        keys.push(kek.clone());
    }
    Ok(PlaceKeys {
        keys,
        meta: PlaceMeta::Team(sealed),
        publish: meta.is_none() || older,
        reseal: older,
        ring: Some(RingKeys { kek, team }),
    })
}

impl PlaceKeys {
    /// The team's place on a manager's device, whose ring `update` keeps in step.
    pub fn keeps_ring(&self) -> bool {
        self.ring.is_some()
    }

    /// On a manager's device, with the team's records merged: keeps the team's ring in step
    /// with `active`, the ids of the people on the team now. Everyone gets a key of their own
    /// and every team key wrapped for it; someone who left means a new team key, which seals
    /// from now on. Anything changed is to be published. (Elsewhere: nothing to do.)
    pub async fn update(&mut self, active: &[String]) -> Result<(), String> {
        let (Some(rk), PlaceMeta::Team(sealed)) = (&mut self.ring, &mut self.meta) else {
            return Ok(());
        };
        let ring = sealed
            .ring
            .as_mut()
            .expect("a manager's team place has a ring");
        let changes = ring.changes(active);
        let kek = rk.kek.clone();
        if let Some(gen) = changes.rotate {
            let (raw, key) = Key::random().await?;
            rk.team.push((gen, raw));
            self.keys.insert(0, key);
            ring.gen = gen;
            self.publish = true;
        }
        for id in &changes.new_people {
            let (raw, _) = Key::random().await?;
            let wrapped = kek.wrap(&person_aad(id), &raw).await?;
            ring.people.push((id.clone(), wrapped));
            remember(person_to(id), raw);
            self.publish = true;
        }
        if changes.manager {
            let (raw, _) = Key::random().await?;
            ring.manager = kek.wrap(MANAGER_AAD, &raw).await?;
            remember(Scope::Manager.to_string(), raw);
            self.publish = true;
        }
        for (gen, to) in &changes.wraps {
            let raw = &rk
                .team
                .iter()
                .find(|(g, _)| g == gen)
                .expect("every generation is known")
                .1;
            let with = if to == BY_PASSPHRASE {
                kek.clone()
            } else {
                Key::import(&known(to).expect("everyone on the team has a key")).await?
            };
            let key = with.wrap(&team_aad(*gen, to), raw).await?;
            ring.team.push(seal::Wrap {
                gen: *gen,
                to: to.clone(),
                key,
            });
            self.publish = true;
        }
        self.publish |= ring.prune(active);
        Ok(())
    }
}

async fn team_for_member(
    own: &str,
    me: &str,
    meta: Option<&PlaceMeta>,
) -> Result<PlaceKeys, String> {
    let Some(PlaceMeta::Team(SealMeta {
        ring: Some(ring), ..
    })) = meta
    else {
        return Err(NOT_READY.into());
    };
    let mine = Key::import(&unb64(own).ok_or(WRONG_KEY)?).await?;
    let to = person_to(me);
    let mut team = vec![];
    for w in ring.wraps_for(&to) {
        let raw = mine.unwrap(&team_aad(w.gen, &to), &w.key).await;
        team.push((w.gen, raw.ok_or(WRONG_KEY)?));
    }
    if !team.iter().any(|(g, _)| *g == ring.gen) {
        return Err(LEFT.into());
    }
    Ok(PlaceKeys {
        keys: imported(team).await?,
        meta: meta.cloned().expect("matched above"),
        publish: false,
        reseal: false,
        ring: None,
    })
}

/// A person's place or the manager's, sealed with that scope's own key (`raw`). `passphrase`
/// (a manager's device) also opens the older form, sealed with the passphrase.
async fn own_place(
    raw: &[u8],
    passphrase: Option<&str>,
    scope: &Scope,
    meta: Option<&PlaceMeta>,
) -> Result<PlaceKeys, String> {
    let key = Key::import(raw).await?;
    let tag = scope.to_string();
    match (meta, passphrase) {
        (None, _) => fresh(vec![key], tag, false).await,
        (Some(PlaceMeta::Own { scope: s, check }), _) if *s == tag => {
            match key.open(CHECK_ID, check).await {
                Some(t) if t == CHECK_TEXT => Ok(PlaceKeys {
                    keys: vec![key],
                    meta: meta.cloned().expect("matched above"),
                    publish: false,
                    reseal: false,
                    ring: None,
                }),
                // A manager's key comes from the ring the passphrase opened: the person was
                // taken off the team and back, with a new key. Their place is sealed again.
                _ if passphrase.is_some() => fresh(vec![key], tag, true).await,
                _ => Err(WRONG_KEY.into()),
            }
        }
        (Some(PlaceMeta::Team(older)), Some(p)) => {
            let (old, _) = Key::for_team(p, Some(older)).await?;
            fresh(vec![key, old], tag, true).await
        }
        (Some(PlaceMeta::Team(_)), None) => Err(NOT_READY.into()),
        (Some(PlaceMeta::Own { .. }), _) => Err(
            "This place on the server says it is sealed for another place: it was moved or replaced. Nothing was changed here.".into(),
        ),
    }
}

/// A place sealed with its own key (the first of `keys`) from now on.
async fn fresh(keys: Vec<Key>, scope: String, reseal: bool) -> Result<PlaceKeys, String> {
    let check = keys[0].seal(CHECK_ID, CHECK_TEXT).await?;
    Ok(PlaceKeys {
        keys,
        meta: PlaceMeta::Own { scope, check },
        publish: true,
        reseal,
        ring: None,
    })
}
