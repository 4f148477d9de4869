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
    /// `CHECK_TEXT` sealed with the team key (base64 of IV and ciphertext).
    pub check: String,
}

impl SealMeta {
    pub fn to_value(&self) -> Value {
        json!({
            "kdf": "PBKDF2-SHA256",
            "iterations": self.iterations,
            "salt": b64(&self.salt),
            "cipher": "AES-256-GCM",
            "check": self.check,
        })
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
        Ok(SealMeta {
            iterations,
            salt,
            check,
        })
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
pub fn sealed_file(meta: &SealMeta, items: Vec<(String, u64, String)>) -> String {
    let records: Vec<Value> = items
        .into_iter()
        .map(|(id, rev, sealed)| json!({ "id": id, "rev": rev, "sealed": sealed }))
        .collect();
    json!({
        "format": SEALED_FORMAT,
        "schema": crate::store::SCHEMA_VERSION,
        "sealed_with": meta.to_value(),
        "records": records,
    })
    .to_string()
}

/// Reads a sealed document's parts (nothing is opened here).
pub fn read_sealed_file(doc: &Value) -> Result<(SealMeta, Vec<Sealed>), String> {
    let meta = SealMeta::from_value(&doc["sealed_with"])?;
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
        };
        let text = sealed_file(&meta, vec![("abc".into(), 3, "c2VhbGVk".into())]);
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
