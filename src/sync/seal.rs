//! End-to-end encryption of what sync sends (issue 7), optional: a team passphrase, stretched
//! with PBKDF2-SHA256 (600,000 iterations, a random 16-byte salt per team), gives an AES-256-GCM
//! key; each record is sealed on its own with a fresh random 96-bit IV and its id as additional
//! data (so the server cannot move one record's ciphertext to another id). The server keeps the
//! salt, the iteration count and a sealed check value (how a wrong passphrase is told from a
//! tampered record), and otherwise sees only ids, revisions and ciphertext.
//!
//! The text forms here are plain Rust (tested natively); the cipher itself is the browser's
//! WebCrypto (`Key`, WebAssembly only), never code of ours.
use serde_json::{json, Value};

use crate::domain::scope::Scope;

/// PBKDF2-SHA256 iterations for new teams (OWASP's figure for PBKDF2-HMAC-SHA256).
pub const ITERATIONS: u32 = 600_000;
/// The least a document may ask for: fewer is refused as a weakened document.
pub const MIN_ITERATIONS: u32 = 600_000;
/// What the check value seals, with `CHECK_ID` as its additional data.
pub const CHECK_TEXT: &str = "Trellis team passphrase check";
pub const CHECK_ID: &str = "trellis:check";

/// How a team's data is sealed: kept next to the data on the server, secret only in the key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SealMeta {
    pub iterations: u32,
    pub salt: Vec<u8>,
    /// `CHECK_TEXT` sealed with the passphrase's key (base64 of IV and ciphertext).
    pub check: String,
    /// The team's keys (None: a team sealed before there were keys per scope, whose records
    /// are sealed with the passphrase's key itself).
    pub ring: Option<Ring>,
}

impl SealMeta {
    pub fn to_value(&self) -> Value {
        let mut v = json!({
            "kdf": "PBKDF2-SHA256",
            "iterations": self.iterations,
            "salt": b64(&self.salt),
            "cipher": "AES-256-GCM",
            "check": self.check,
        });
        if let Some(ring) = &self.ring {
            v["keys"] = ring.to_value();
        }
        v
    }

    /// Reads the description a document carries; Err says what is wrong with it.
    pub fn from_value(v: &Value) -> Result<SealMeta, String> {
        let bad = |what: &str| {
            format!("The team's encryption settings on the server are damaged ({what}). Nothing was changed here.")
        };
        if v["kdf"] != "PBKDF2-SHA256" || v["cipher"] != "AES-256-GCM" {
            return Err(bad("unknown key derivation or cipher"));
        }
        let iterations = v["iterations"]
            .as_u64()
            .filter(|n| *n >= MIN_ITERATIONS as u64 && *n <= 10_000_000)
            .ok_or_else(|| bad("iteration count missing or too low"))?
            as u32;
        let salt = v["salt"]
            .as_str()
            .and_then(unb64)
            .filter(|s| s.len() >= 16)
            .ok_or_else(|| bad("salt"))?;
        let check = v["check"]
            .as_str()
            .filter(|c| unb64(c).is_some_and(|b| b.len() > IV_LEN + TAG_LEN))
            .ok_or_else(|| bad("check value"))?
            .to_string();
        let ring = match &v["keys"] {
            Value::Null => None,
            keys => Some(Ring::from_value(keys).ok_or_else(|| bad("keys"))?),
        };
        Ok(SealMeta {
            iterations,
            salt,
            check,
            ring,
        })
    }
}

/// Who a team key is wrapped for: the passphrase's key (the manager's devices), or
/// `person:<id>` (that person's own key, on their device).
pub const BY_PASSPHRASE: &str = "passphrase";

/// A team key wrapped (sealed) with another key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wrap {
    /// The team key's generation.
    pub gen: u32,
    /// `BY_PASSPHRASE` or `person:<id>`.
    pub to: String,
    /// The raw key, sealed with `to`'s key for `team_aad(gen, to)`.
    pub key: String,
}

/// The keys of a team, as its place on the server keeps them: every key random (AES-256-GCM),
/// stored only wrapped. The team key has generations (a new one each time someone leaves), each
/// wrapped with the passphrase's key and with the key of each person on the team; each
/// person's key and the manager's are wrapped with the passphrase's key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ring {
    /// The team key new records are sealed with (0: none yet).
    pub gen: u32,
    pub team: Vec<Wrap>,
    /// Each person's key: (person id, wrapped for `person_aad(id)`).
    pub people: Vec<(String, String)>,
    /// The manager's key, wrapped for `MANAGER_AAD` (empty: none yet).
    pub manager: String,
}

/// The additional data each wrapped key is sealed for, so no wrap can stand in for another.
pub fn team_aad(gen: u32, to: &str) -> String {
    format!("trellis:key:team:{gen}:{to}")
}
pub fn person_aad(id: &str) -> String {
    format!("trellis:key:person:{id}")
}
pub const MANAGER_AAD: &str = "trellis:key:manager";

/// What a manager's device adds to a ring for the people now on the team.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct RingChanges {
    /// A new team key of this generation: there is none yet, or someone who holds the current
    /// one is no longer on the team.
    pub rotate: Option<u32>,
    /// People who need a key of their own.
    pub new_people: Vec<String>,
    /// Team keys to wrap: (generation, for whom). Everyone on the team gets every generation,
    /// so older records still open for someone who joined later.
    pub wraps: Vec<(u32, String)>,
    /// The manager's key is missing.
    pub manager: bool,
}

fn wrapped(v: &Value) -> Option<String> {
    v.as_str()
        .filter(|k| unb64(k).is_some_and(|b| b.len() > IV_LEN + TAG_LEN))
        .map(str::to_string)
}

impl Ring {
    pub fn to_value(&self) -> Value {
        let team: Vec<Value> = self
            .team
            .iter()
            .map(|w| json!({ "gen": w.gen, "to": w.to, "key": w.key }))
            .collect();
        let people: Vec<Value> = self
            .people
            .iter()
            .map(|(id, key)| json!({ "id": id, "key": key }))
            .collect();
        json!({ "gen": self.gen, "team": team, "people": people, "manager": self.manager })
    }

    /// Reads a ring; None if anything in it is malformed, or no passphrase wrap holds the
    /// current generation.
    pub fn from_value(v: &Value) -> Option<Ring> {
        let gen = v["gen"]
            .as_u64()
            .filter(|g| (1..=u32::MAX as u64).contains(g))? as u32;
        let mut team = vec![];
        for w in v["team"].as_array()? {
            let g = w["gen"].as_u64().filter(|g| (1..=gen as u64).contains(g))? as u32;
            let to = w["to"].as_str()?;
            if to != BY_PASSPHRASE
                && Scope::parse(to).map_or(true, |s| !matches!(s, Scope::Person(_)))
            {
                return None;
            }
            team.push(Wrap {
                gen: g,
                to: to.to_string(),
                key: wrapped(&w["key"])?,
            });
        }
        let mut people = vec![];
        for p in v["people"].as_array()? {
            people.push((
                p["id"].as_str().filter(|i| !i.is_empty())?.to_string(),
                wrapped(&p["key"])?,
            ));
        }
        let manager = match &v["manager"] {
            Value::String(s) if s.is_empty() => String::new(),
            m => wrapped(m)?,
        };
        let ring = Ring {
            gen,
            team,
            people,
            manager,
        };
        ring.wrap(gen, BY_PASSPHRASE)?;
        Some(ring)
    }

    /// The wrap of generation `gen` for `to`.
    pub fn wrap(&self, gen: u32, to: &str) -> Option<&Wrap> {
        self.team.iter().find(|w| w.gen == gen && w.to == to)
    }

    /// The wraps for `to`, newest first.
    pub fn wraps_for(&self, to: &str) -> Vec<&Wrap> {
        let mut out: Vec<&Wrap> = self.team.iter().filter(|w| w.to == to).collect();
        out.sort_by(|a, b| b.gen.cmp(&a.gen));
        out
    }

    /// What to add for `active`, the ids of the people now on the team.
    pub fn changes(&self, active: &[String]) -> RingChanges {
        let on_team = |to: &str| to == BY_PASSPHRASE || active.iter().any(|a| to == person_to(a));
        let left = self
            .team
            .iter()
            .any(|w| w.gen == self.gen && !on_team(&w.to));
        let rotate = (self.gen == 0 || left).then_some(self.gen + 1);
        let mut gens: Vec<u32> = self
            .wraps_for(BY_PASSPHRASE)
            .iter()
            .map(|w| w.gen)
            .chain(rotate)
            .collect();
        gens.sort_unstable();
        gens.dedup();
        let mut wraps: Vec<(u32, String)> = rotate
            .map(|g| (g, BY_PASSPHRASE.to_string()))
            .into_iter()
            .collect();
        for id in active {
            let to = person_to(id);
            for g in &gens {
                if self.wrap(*g, &to).is_none() {
                    wraps.push((*g, to.clone()));
                }
            }
        }
        RingChanges {
            rotate,
            new_people: active
                .iter()
                .filter(|a| !self.people.iter().any(|(id, _)| id == *a))
                .cloned()
                .collect(),
            wraps,
            manager: self.manager.is_empty(),
        }
    }

    /// Drops the wraps and keys of people no longer on the team (they keep what they had;
    /// nothing new is wrapped for them, and if they come back they get a new key, so a device
    /// of theirs from before opens nothing new). True if any went.
    pub fn prune(&mut self, active: &[String]) -> bool {
        let before = (self.team.len(), self.people.len());
        self.team
            .retain(|w| w.to == BY_PASSPHRASE || active.iter().any(|a| w.to == person_to(a)));
        self.people.retain(|(id, _)| active.contains(id));
        (self.team.len(), self.people.len()) != before
    }
}

/// Who a person's wraps are for.
pub fn person_to(id: &str) -> String {
    Scope::Person(id.to_string()).to_string()
}

/// How a place on the server is sealed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlaceMeta {
    /// The team's place: the passphrase's key and the team's keys.
    Team(SealMeta),
    /// A person's place or the manager's: sealed with that scope's own key (`scope`, e.g.
    /// `person:<id>`), which opens `check`.
    Own { scope: String, check: String },
}

impl PlaceMeta {
    pub fn to_value(&self) -> Value {
        match self {
            PlaceMeta::Team(m) => m.to_value(),
            PlaceMeta::Own { scope, check } => {
                json!({ "cipher": "AES-256-GCM", "key": scope, "check": check })
            }
        }
    }

    pub fn from_value(v: &Value) -> Result<PlaceMeta, String> {
        match v["key"].as_str() {
            None => SealMeta::from_value(v).map(PlaceMeta::Team),
            Some(scope) => match (v["cipher"].as_str(), wrapped(&v["check"])) {
                (Some("AES-256-GCM"), Some(check)) if Scope::parse(scope).is_ok() => Ok(PlaceMeta::Own {
                    scope: scope.to_string(),
                    check,
                }),
                _ => Err("This place's encryption settings on the server are damaged. Nothing was changed here.".into()),
            },
        }
    }
}

/// AES-GCM's IV and tag lengths in bytes.
pub const IV_LEN: usize = 12;
pub const TAG_LEN: usize = 16;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding (RFC 4648).
pub fn b64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (*b as u32) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Reads standard base64 with padding; None for anything else.
pub fn unb64(text: &str) -> Option<Vec<u8>> {
    let t = text.as_bytes();
    if !t.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::with_capacity(t.len() / 4 * 3);
    for (c, chunk) in t.chunks(4).enumerate() {
        let last = c == t.len() / 4 - 1;
        let pad = chunk.iter().rev().take_while(|b| **b == b'=').count();
        if pad > 2 || (pad > 0 && !last) {
            return None;
        }
        let mut n = 0u32;
        for (i, b) in chunk[..4 - pad].iter().enumerate() {
            let v = ALPHABET.iter().position(|a| a == b)? as u32;
            n |= v << (18 - 6 * i);
        }
        out.extend_from_slice(&n.to_be_bytes()[1..4 - pad]);
    }
    Some(out)
}

/// The message for a check value that does not open: the passphrase differs from the team's.
pub const WRONG_PASSPHRASE: &str = "The passphrase does not match the one this team's data was encrypted with. Nothing was changed here; check it in Settings → Sync.";
pub const NEEDS_PASSPHRASE: &str = "This team's data on the server is end-to-end encrypted: enter the team passphrase in Settings → Sync. Nothing was changed here.";
pub const NOT_SEALED: &str = "This device has a team passphrase, but the team's data on the server is not encrypted. Remove the passphrase here, or sync to a new address to start an encrypted copy. Nothing was changed here.";

/// What to say about records that did not open with the team key.
pub fn tampered(ids: &[String]) -> String {
    format!(
        "{} record(s) from the server failed their integrity check and were not applied (changed on the server, or sealed by someone without the team key): {}. Everything else synced.",
        ids.len(),
        ids.join(", ")
    )
}

pub use web::Key;

mod web {
    use std::cell::RefCell;

    use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{CryptoKey, SubtleCrypto};

    use super::{b64, unb64, SealMeta, CHECK_ID, CHECK_TEXT, ITERATIONS, IV_LEN, WRONG_PASSPHRASE};

    /// A team key (non-extractable) in the browser's WebCrypto.
    #[derive(Clone)]
    pub struct Key(CryptoKey);

    /// A derived key with what it was derived from: passphrase, salt, iterations.
    type Derived = (String, Vec<u8>, u32, Key);

    thread_local! {
        /// The keys derived this session (one per place's salt): deriving takes a noticeable
        /// moment.
        static DERIVED: RefCell<Vec<Derived>> = const { RefCell::new(Vec::new()) };
    }

    fn subtle() -> Result<SubtleCrypto, String> {
        leptos::prelude::window()
            .crypto()
            .map(|c| c.subtle())
            .map_err(|_| "This browser offers no WebCrypto (it needs a secure page: https or localhost), so encrypted sync cannot run here.".to_string())
    }

    fn object(pairs: &[(&str, JsValue)]) -> Object {
        let o = Object::new();
        for (k, v) in pairs {
            let _ = Reflect::set(&o, &JsValue::from_str(k), v);
        }
        o
    }

    fn bytes(b: &[u8]) -> JsValue {
        Uint8Array::from(b).into()
    }

    async fn wait(p: Result<Promise, JsValue>) -> Result<JsValue, JsValue> {
        JsFuture::from(p?).await
    }

    fn gcm(iv: &[u8], aad: &str) -> Object {
        object(&[
            ("name", "AES-GCM".into()),
            ("iv", bytes(iv)),
            ("additionalData", bytes(aad.as_bytes())),
        ])
    }

    impl Key {
        /// PBKDF2-SHA256 of `passphrase` with `salt` → an AES-256-GCM key.
        pub async fn derive(passphrase: &str, salt: &[u8], iterations: u32) -> Result<Key, String> {
            let cached = DERIVED.with_borrow(|l| {
                l.iter()
                    .find(|(p, s, n, _)| p == passphrase && s == salt && *n == iterations)
                    .map(|(.., k)| k.clone())
            });
            if let Some(k) = cached {
                return Ok(k);
            }
            let s = subtle()?;
            let failed = |_| "WebCrypto could not derive the team key.".to_string();
            let raw: Object = Uint8Array::from(passphrase.as_bytes()).into();
            let usage = Array::of1(&"deriveKey".into());
            let base: CryptoKey = wait(s.import_key_with_str("raw", &raw, "PBKDF2", false, &usage))
                .await
                .map_err(failed)?
                .unchecked_into();
            let kdf = object(&[
                ("name", "PBKDF2".into()),
                ("salt", bytes(salt)),
                ("iterations", iterations.into()),
                ("hash", "SHA-256".into()),
            ]);
            let aes = object(&[("name", "AES-GCM".into()), ("length", 256.into())]);
            let usages = Array::of2(&"encrypt".into(), &"decrypt".into());
            let key: CryptoKey =
                wait(s.derive_key_with_object_and_object(&kdf, &base, &aes, false, &usages))
                    .await
                    .map_err(failed)?
                    .unchecked_into();
            let key = Key(key);
            DERIVED.with_borrow_mut(|l| {
                // Another passphrase: the keys of the old one are done with.
                l.retain(|(p, ..)| p == passphrase);
                l.push((
                    passphrase.to_string(),
                    salt.to_vec(),
                    iterations,
                    key.clone(),
                ));
            });
            Ok(key)
        }

        /// A new random key: its raw bytes (kept only wrapped, or in an invitation) and the key.
        pub async fn random() -> Result<(Vec<u8>, Key), String> {
            let mut raw = vec![0u8; 32];
            if getrandom::getrandom(&mut raw).is_err() {
                return Err("This browser gave no random numbers for encryption.".into());
            }
            let key = Key::import(&raw).await?;
            Ok((raw, key))
        }

        /// A raw AES-256-GCM key as a WebCrypto key (not extractable again).
        pub async fn import(raw: &[u8]) -> Result<Key, String> {
            let usages = Array::of2(&"encrypt".into(), &"decrypt".into());
            let data: Object = Uint8Array::from(raw).into();
            let key: CryptoKey =
                wait(subtle()?.import_key_with_str("raw", &data, "AES-GCM", false, &usages))
                    .await
                    .map_err(|_| "WebCrypto could not take this device's key.".to_string())?
                    .unchecked_into();
            Ok(Key(key))
        }

        /// Wraps a raw key with this one, for `aad`.
        pub async fn wrap(&self, aad: &str, raw: &[u8]) -> Result<String, String> {
            self.seal(aad, &b64(raw)).await
        }

        /// Unwraps what `wrap` made for `aad`; None if it does not open with this key.
        pub async fn unwrap(&self, aad: &str, wrapped: &str) -> Option<Vec<u8>> {
            self.open(aad, wrapped)
                .await
                .and_then(|t| unb64(&t))
                .filter(|raw| raw.len() == 32)
        }

        /// Seals `plain` with a fresh random IV: base64 of the IV, the ciphertext and its tag.
        pub async fn seal(&self, aad: &str, plain: &str) -> Result<String, String> {
            let mut iv = [0u8; IV_LEN];
            if getrandom::getrandom(&mut iv).is_err() {
                return Err("This browser gave no random numbers for encryption.".into());
            }
            let data: Object = Uint8Array::from(plain.as_bytes()).into();
            let out = wait(subtle()?.encrypt_with_object_and_buffer_source(
                &gcm(&iv, aad),
                &self.0,
                &data,
            ))
            .await
            .map_err(|_| "WebCrypto could not encrypt a record.".to_string())?;
            let mut sealed = iv.to_vec();
            sealed.extend(Uint8Array::new(&out).to_vec());
            Ok(b64(&sealed))
        }

        /// Opens what `seal` made for `aad`; None if it was changed, sealed for another id, or
        /// sealed with another key.
        pub async fn open(&self, aad: &str, sealed: &str) -> Option<String> {
            let raw = unb64(sealed).filter(|r| r.len() >= IV_LEN + super::TAG_LEN)?;
            let data: Object = Uint8Array::from(&raw[IV_LEN..]).into();
            let out = wait(subtle().ok()?.decrypt_with_object_and_buffer_source(
                &gcm(&raw[..IV_LEN], aad),
                &self.0,
                &data,
            ))
            .await
            .ok()?;
            String::from_utf8(Uint8Array::new(&out).to_vec()).ok()
        }

        /// The team key for `passphrase`: with the server's `meta`, checked against its check
        /// value (Err: the passphrase is wrong); without, a new salt and check value to publish.
        pub async fn for_team(
            passphrase: &str,
            meta: Option<&SealMeta>,
        ) -> Result<(Key, SealMeta), String> {
            match meta {
                Some(m) => {
                    let key = Key::derive(passphrase, &m.salt, m.iterations).await?;
                    match key.open(CHECK_ID, &m.check).await {
                        Some(t) if t == CHECK_TEXT => Ok((key, m.clone())),
                        _ => Err(WRONG_PASSPHRASE.into()),
                    }
                }
                None => {
                    let mut salt = vec![0u8; 16];
                    if getrandom::getrandom(&mut salt).is_err() {
                        return Err("This browser gave no random numbers for encryption.".into());
                    }
                    let key = Key::derive(passphrase, &salt, ITERATIONS).await?;
                    let check = key.seal(CHECK_ID, CHECK_TEXT).await?;
                    Ok((
                        key,
                        SealMeta {
                            iterations: ITERATIONS,
                            salt,
                            check,
                            ring: None,
                        },
                    ))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_known_vectors() {
        // RFC 4648, section 10.
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, coded) in cases {
            assert_eq!(b64(plain.as_bytes()), coded);
            assert_eq!(unb64(coded).as_deref(), Some(plain.as_bytes()));
        }
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(unb64(&b64(&all)), Some(all));
        assert_eq!(b64(&[0xfb, 0xff]), "+/8=");
    }

    #[test]
    fn base64_refuses_what_is_not() {
        for bad in ["Zg=", "Zg", "Z===", "Zg==Zg==", "Zm9v!A==", "Zm 9v"] {
            assert_eq!(unb64(bad), None, "{bad}");
        }
    }

    fn meta() -> SealMeta {
        SealMeta {
            iterations: ITERATIONS,
            salt: (1..=16).collect(),
            check: b64(&[7u8; 40]),
            ring: None,
        }
    }

    #[test]
    fn meta_round_trips_and_says_what_it_is() {
        let v = meta().to_value();
        assert_eq!(v["kdf"], "PBKDF2-SHA256");
        assert_eq!(v["cipher"], "AES-256-GCM");
        assert_eq!(v["iterations"], 600_000);
        assert_eq!(v["salt"], "AQIDBAUGBwgJCgsMDQ4PEA==");
        assert_eq!(SealMeta::from_value(&v), Ok(meta()));
    }

    #[test]
    fn weakened_or_damaged_meta_is_refused() {
        let mut cases = vec![];
        for (field, value) in [
            ("iterations", json!(1000)),
            ("iterations", json!("600000")),
            ("salt", json!("AQID")),
            ("salt", json!("not base64!")),
            ("check", json!("AAAA")),
            ("kdf", json!("scrypt")),
            ("cipher", json!("AES-128-CBC")),
        ] {
            let mut v = meta().to_value();
            v[field] = value;
            cases.push((field, v));
        }
        for (field, v) in cases {
            let why = SealMeta::from_value(&v).expect_err(field);
            assert!(why.contains("damaged"), "{field}: {why}");
        }
    }

    #[test]
    fn tampered_names_the_records() {
        let msg = tampered(&["abc".into(), "def".into()]);
        assert!(msg.starts_with("2 record(s)"));
        assert!(msg.contains("abc, def"));
    }
}

/// A sealed record as a document lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sealed {
    pub id: String,
    pub sealed: String,
}

/// The `format` of a sealed JSON endpoint document.
pub const SEALED_FORMAT: &str = "trellis-sealed";

/// True if the document (JSON endpoint mode) is a sealed one.
pub fn is_sealed_file(doc: &Value) -> bool {
    doc["format"] == SEALED_FORMAT
}

/// A sealed JSON endpoint document: how it is sealed, then each record's id, revision and
/// ciphertext (`items`: id, revision, sealed record).
pub fn sealed_file(meta: &PlaceMeta, items: Vec<(String, u64, String)>, gone: &[String]) -> String {
    let records: Vec<Value> = items
        .into_iter()
        .map(|(id, rev, sealed)| json!({ "id": id, "rev": rev, "sealed": sealed }))
        .collect();
    let mut doc = json!({
        "format": SEALED_FORMAT,
        "schema": crate::store::SCHEMA_VERSION,
        "sealed_with": meta.to_value(),
        "records": records,
    });
    if !gone.is_empty() {
        doc["gone"] = Value::from(gone.to_vec());
    }
    doc.to_string()
}

/// Reads a sealed document's parts (nothing is opened here).
pub fn read_sealed_file(doc: &Value) -> Result<(PlaceMeta, Vec<Sealed>), String> {
    let meta = PlaceMeta::from_value(&doc["sealed_with"])?;
    let damaged = "The team's encrypted document on the server is damaged (a record without an id or ciphertext). Nothing was changed here.";
    let items = doc["records"].as_array().ok_or(damaged)?;
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match (item["id"].as_str(), item["sealed"].as_str()) {
            (Some(id), Some(sealed)) => out.push(Sealed {
                id: id.to_string(),
                sealed: sealed.to_string(),
            }),
            _ => return Err(damaged.into()),
        }
    }
    Ok((meta, out))
}

/// The opened records (each the JSON text of one record) as an export file, to be checked
/// like any other document.
pub fn opened_file(records: &[String]) -> String {
    format!(
        "{{\"format\":\"{}\",\"schema\":{},\"records\":[{}]}}",
        crate::store::transfer::FORMAT,
        crate::store::SCHEMA_VERSION,
        records.join(",")
    )
}

/// True if an opened record's text says it is the record `id` (the seal binds the id too; this
/// also catches a record sealed under one id with another id inside).
pub fn opened_as(text: &str, id: &str) -> bool {
    serde_json::from_str::<Value>(text).is_ok_and(|v| v["id"] == id)
}

#[cfg(test)]
mod file_tests {
    use super::*;

    #[test]
    fn sealed_files_keep_only_ids_revisions_and_ciphertext() {
        let meta = SealMeta {
            iterations: ITERATIONS,
            salt: vec![9; 16],
            check: b64(&[1u8; 44]),
            ring: None,
        };
        let meta = PlaceMeta::Team(meta);
        let text = sealed_file(&meta, vec![("abc".into(), 3, "c2VhbGVk".into())], &[]);
        let doc: Value = serde_json::from_str(&text).unwrap();
        assert!(is_sealed_file(&doc));
        assert_eq!(
            doc["records"][0],
            json!({"id": "abc", "rev": 3, "sealed": "c2VhbGVk"})
        );
        let (m, items) = read_sealed_file(&doc).unwrap();
        assert_eq!(m, meta);
        assert_eq!(
            items,
            vec![Sealed {
                id: "abc".into(),
                sealed: "c2VhbGVk".into()
            }]
        );
        let mut broken = doc.clone();
        broken["records"][0]["sealed"] = Value::Null;
        assert!(read_sealed_file(&broken).unwrap_err().contains("damaged"));
        assert!(!is_sealed_file(&json!({"format": "trellis-export"})));
    }

    #[test]
    fn opened_records_become_an_export_file() {
        let text = opened_file(&["{\"id\":\"a\"}".into(), "{\"id\":\"b\"}".into()]);
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["format"], "trellis-export");
        assert_eq!(v["records"].as_array().unwrap().len(), 2);
        assert!(opened_as("{\"id\":\"a\",\"rev\":1}", "a"));
        assert!(!opened_as("{\"id\":\"b\"}", "a"));
        assert!(!opened_as("not json", "a"));
    }
}

#[cfg(test)]
mod ring_tests {
    use super::*;

    fn wrap(gen: u32, to: &str) -> Wrap {
        Wrap {
            gen,
            to: to.into(),
            key: b64(&[gen as u8; 60]),
        }
    }

    fn ids(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    fn ring() -> Ring {
        Ring {
            gen: 1,
            team: vec![
                wrap(1, BY_PASSPHRASE),
                wrap(1, "person:hannah"),
                wrap(1, "person:kwame"),
            ],
            people: vec![
                ("hannah".into(), b64(&[3; 60])),
                ("kwame".into(), b64(&[4; 60])),
            ],
            manager: b64(&[5; 60]),
        }
    }

    #[test]
    fn a_new_team_gets_every_key() {
        let c = Ring::default().changes(&ids(&["hannah", "kwame"]));
        assert_eq!(c.rotate, Some(1));
        assert_eq!(c.new_people, ids(&["hannah", "kwame"]));
        assert_eq!(
            c.wraps,
            vec![
                (1, "passphrase".into()),
                (1, "person:hannah".into()),
                (1, "person:kwame".into())
            ]
        );
        assert!(c.manager);
    }

    #[test]
    fn a_team_in_step_needs_nothing() {
        assert_eq!(
            ring().changes(&ids(&["hannah", "kwame"])),
            RingChanges::default()
        );
    }

    #[test]
    fn someone_new_gets_a_key_and_every_generation() {
        let mut r = ring();
        r.gen = 2;
        r.team
            .extend([wrap(2, BY_PASSPHRASE), wrap(2, "person:kwame")]);
        r.team.retain(|w| w.to != "person:hannah");
        let c = r.changes(&ids(&["kwame", "daniel"]));
        assert_eq!(c.rotate, None);
        assert_eq!(c.new_people, ids(&["daniel"]));
        assert_eq!(
            c.wraps,
            vec![(1, "person:daniel".into()), (2, "person:daniel".into())]
        );
    }

    #[test]
    fn someone_leaving_rotates_the_team_key_for_the_others_only() {
        let mut r = ring();
        let c = r.changes(&ids(&["kwame"]));
        assert_eq!(c.rotate, Some(2));
        assert_eq!(
            c.wraps,
            vec![(2, "passphrase".into()), (2, "person:kwame".into())]
        );
        assert!(c.new_people.is_empty());
        assert!(r.prune(&ids(&["kwame"])));
        assert!(r.wraps_for("person:hannah").is_empty());
        assert!(!r.prune(&ids(&["kwame"])), "nothing more to drop");
        // Hannah's own key goes too: if she comes back, she gets a new one.
        assert_eq!(r.people.len(), 1);
        assert_eq!(
            r.changes(&ids(&["kwame", "hannah"])).new_people,
            ids(&["hannah"])
        );
    }

    #[test]
    fn rings_round_trip_and_refuse_damage() {
        let r = ring();
        assert_eq!(Ring::from_value(&r.to_value()), Some(r.clone()));
        let mut meta = SealMeta {
            iterations: ITERATIONS,
            salt: vec![1; 16],
            check: b64(&[7; 40]),
            ring: Some(r.clone()),
        };
        let v = PlaceMeta::Team(meta.clone()).to_value();
        assert_eq!(PlaceMeta::from_value(&v), Ok(PlaceMeta::Team(meta.clone())));
        meta.ring = None;
        assert_eq!(SealMeta::from_value(&meta.to_value()), Ok(meta));
        let mut cases = vec![];
        for (field, value) in [
            ("gen", json!(0)),
            ("gen", json!("1")),
            (
                "team",
                json!([{ "gen": 2, "to": "passphrase", "key": b64(&[1; 60]) }]),
            ),
            (
                "team",
                json!([{ "gen": 1, "to": "person:hannah", "key": b64(&[1; 60]) }]),
            ),
            (
                "team",
                json!([{ "gen": 1, "to": "passphrase", "key": "AAAA" }]),
            ),
            (
                "team",
                json!([{ "gen": 1, "to": "everyone", "key": b64(&[1; 60]) }]),
            ),
            ("people", json!([{ "id": "", "key": b64(&[1; 60]) }])),
            ("manager", json!(7)),
        ] {
            let mut v = r.to_value();
            v[field] = value;
            cases.push((field, v));
        }
        for (field, v) in cases {
            assert_eq!(Ring::from_value(&v), None, "{field}: {v}");
        }
    }

    #[test]
    fn own_places_say_whose_key_seals_them() {
        let own = PlaceMeta::Own {
            scope: "person:hannah".into(),
            check: b64(&[2; 40]),
        };
        let v = own.to_value();
        assert_eq!(v["key"], "person:hannah");
        assert_eq!(v.get("salt"), None, "nothing derived from the passphrase");
        assert_eq!(PlaceMeta::from_value(&v), Ok(own));
        for bad in [
            json!({ "cipher": "AES-256-GCM", "key": "someone", "check": b64(&[2; 40]) }),
            json!({ "cipher": "AES-128-CBC", "key": "manager", "check": b64(&[2; 40]) }),
            json!({ "cipher": "AES-256-GCM", "key": "manager", "check": "AAAA" }),
        ] {
            assert!(
                PlaceMeta::from_value(&bad).unwrap_err().contains("damaged"),
                "{bad}"
            );
        }
    }

    #[test]
    fn wraps_are_bound_to_their_generation_and_holder() {
        assert_ne!(team_aad(1, "person:hannah"), team_aad(2, "person:hannah"));
        assert_ne!(team_aad(1, "person:hannah"), team_aad(1, "person:kwame"));
        assert_ne!(person_aad("hannah"), team_aad(1, "person:hannah"));
        assert_eq!(person_to("hannah"), "person:hannah");
    }
}
