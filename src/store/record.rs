//! The stored record: an envelope every kind shares (id, revision, timestamps, tombstone,
//! change sequence) around the kind's own data.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{CheckIn, FieldError, Goal, Person, Team};

/// The schema version this build writes. Bump it with a migration in `schema.rs`.
pub const SCHEMA_VERSION: u32 = 1;

/// Every key Trellis owns in browser storage starts with this.
pub const PREFIX: &str = "trellis:";
/// Key of the store's own metadata (schema version).
pub const META_KEY: &str = "trellis:meta";
/// Records live one per key, under this prefix and their id.
pub const RECORD_PREFIX: &str = "trellis:r:";

pub fn record_key(id: &str) -> String {
    format!("{RECORD_PREFIX}{id}")
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Schema version of this record's shape.
    pub v: u32,
    pub id: String,
    /// Bumped on every save; a save based on an older revision is a conflict.
    pub rev: u64,
    /// Local change sequence: a higher number was changed later on this device (for sync).
    #[serde(default)]
    pub seq: u64,
    pub created: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    /// A tombstone: the record is deleted but kept so sync can pass the deletion on.
    #[serde(default)]
    pub deleted: bool,
    #[serde(flatten)]
    pub body: Body,
}

/// The kind of a record and its data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
pub enum Body {
    Team(Team),
    Person(Person),
    Goal(Goal),
    CheckIn(CheckIn),
}

impl Body {
    pub fn kind(&self) -> &'static str {
        match self {
            Body::Team(_) => "team",
            Body::Person(_) => "person",
            Body::Goal(_) => "goal",
            Body::CheckIn(_) => "check_in",
        }
    }

    /// What is wrong with the data itself (the same rules the forms apply).
    pub fn problems(&self) -> Vec<FieldError> {
        match self {
            Body::Team(t) => t.problems(),
            Body::Person(p) => p.problems(),
            Body::Goal(g) => g.problems(),
            Body::CheckIn(_) => vec![],
        }
    }
}

impl Record {
    pub fn new(id: String, body: Body, now: DateTime<Utc>, seq: u64) -> Self {
        Record { v: SCHEMA_VERSION, id, rev: 1, seq, created: now, updated: now, deleted: false, body }
    }

    pub fn key(&self) -> String {
        record_key(&self.id)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("records always serialise")
    }

    /// A short human label for messages: "person “Maya Okafor”".
    pub fn describe(&self) -> String {
        let label = match &self.body {
            Body::Team(t) => t.name.clone(),
            Body::Person(p) => p.name.clone(),
            Body::Goal(g) => g.title.clone(),
            Body::CheckIn(c) => c.held_on.to_string(),
        };
        format!("{} “{}”", self.body.kind().replace('_', "-"), label)
    }
}

/// A fresh random record id: 80 bits from the system's secure generator, base32 (lowercase).
pub fn new_id() -> String {
    let mut bytes = [0u8; 10];
    getrandom::getrandom(&mut bytes).expect("the platform has a random source");
    base32(&bytes)
}

fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
    let mut out = String::with_capacity(bytes.len() * 8 / 5 + 1);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &b in bytes {
        acc = (acc << 8) | b as u32;
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((acc >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((acc << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Ids are what `new_id` makes, or what an earlier version or another device made: short,
/// printable, and safe inside a storage key.
pub fn valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_random_and_valid() {
        let a = new_id();
        let b = new_id();
        assert_ne!(a, b);
        assert_eq!(a.len(), 16);
        assert!(valid_id(&a));
        assert!(!valid_id(""));
        assert!(!valid_id("a:b"));
        assert!(!valid_id(&"x".repeat(65)));
        assert_eq!(base32(&[0xff, 0x00]), "zw00");
    }

    #[test]
    fn record_json_shape() {
        let now: DateTime<Utc> = "2026-11-26T10:00:00Z".parse().unwrap();
        let r = Record::new("abc".into(), Body::Team(Team { name: "T".into(), mission: "".into() }), now, 3);
        let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
        assert_eq!(json["kind"], "team");
        assert_eq!(json["data"]["name"], "T");
        assert_eq!(json["rev"], 1);
        assert_eq!(json["v"], SCHEMA_VERSION);
        let back: Record = serde_json::from_value(json).unwrap();
        assert_eq!(back, r);
    }
}
