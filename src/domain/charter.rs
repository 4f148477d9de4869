//! The team performance charter: four sections the team agrees on, saved as numbered versions
//! that never change once saved, each with a fingerprint (SHA-256 of its canonical text) that a
//! printout carries; members acknowledge a version, so a new version starts everyone at pending.
use super::dates::Date;
use super::validate::{max_len, FieldError};
use serde::{Deserialize, Serialize};

pub const SECTION_MAX: usize = 4000;

/// The sections: (title, the template's text in our own words).
pub const SECTIONS: [(&str, &str); 4] = [
    (
        "Shared goals and objectives",
        "This year we will reach the team goals listed with this charter. Each quarter we pick the few results that move them most, and we check progress every week.",
    ),
    (
        "What each of us contributes",
        "Everyone owns at least one goal that feeds a team goal. We say early when we will miss a commitment, and we ask for help before a deadline, not after it.",
    ),
    (
        "How we work together and support each other",
        "We share what we learn, cover for each other during leave and peaks, and hand work over with everything the next person needs.",
    ),
    (
        "How we communicate and give feedback",
        "We answer messages from teammates within one working day. Feedback is specific, about what happened and its effect, and given in private first. We recognise good work when we see it.",
    ),
];

/// One saved version of the charter. Saved versions are never edited: a change is a new one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CharterVersion {
    /// 1, 2, 3… in the order saved.
    pub number: u32,
    /// The four sections' texts, in `SECTIONS` order.
    pub sections: Vec<String>,
    /// Team goals the charter's shared goals refer to (goal record ids).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<String>,
    pub saved_on: Date,
    /// What changed, in a few words.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// A member's acknowledgement of one version (by number, with that version's fingerprint).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acknowledgement {
    pub person: String,
    pub version: u32,
    pub fingerprint: String,
    pub on: Date,
}

impl CharterVersion {
    /// The template's words, as the first version's starting point.
    pub fn template(saved_on: Date) -> CharterVersion {
        CharterVersion {
            number: 1,
            sections: SECTIONS.iter().map(|(_, t)| t.to_string()).collect(),
            goals: vec![],
            saved_on,
            note: String::new(),
        }
    }

    /// The text the fingerprint is taken of: each section's title and text, with line ends
    /// made "\n", trailing spaces and blank edges dropped. The number, date and note are not
    /// part of it: the same words give the same fingerprint.
    pub fn canonical_text(&self) -> String {
        let mut out = String::new();
        for (i, (title, _)) in SECTIONS.iter().enumerate() {
            out.push_str("## ");
            out.push_str(title);
            out.push('\n');
            let text = self.sections.get(i).map_or("", String::as_str);
            for line in text.trim().lines() {
                out.push_str(line.trim_end());
                out.push('\n');
            }
            out.push('\n');
        }
        out
    }

    /// The short fingerprint shown on screen and on the printout: the first 64 bits of the
    /// SHA-256 of the canonical text, as four groups of hex ("3f2a 9c01 7d44 e2b0").
    pub fn fingerprint(&self) -> String {
        short_fingerprint(&self.canonical_text())
    }

    /// What is wrong with it: every section needs words.
    pub fn problems(&self) -> Vec<FieldError> {
        const FIELDS: [&str; 4] = ["section_0", "section_1", "section_2", "section_3"];
        let mut out = vec![];
        for (i, field) in FIELDS.iter().enumerate() {
            let text = self.sections.get(i).map_or("", String::as_str);
            if text.trim().is_empty() {
                out.push(FieldError::new(
                    field,
                    format!(
                        "“{}” is empty: write what the team agrees, or start from the template.",
                        SECTIONS[i].0
                    ),
                ));
            } else {
                max_len(field, SECTIONS[i].0, text, SECTION_MAX, &mut out);
            }
        }
        if self.number == 0 {
            out.push(FieldError::new("number", "Versions are numbered from 1."));
        }
        out
    }

    /// Whether `other` says the same thing (same canonical text).
    pub fn same_words(&self, other: &CharterVersion) -> bool {
        self.canonical_text() == other.canonical_text()
    }
}

impl Acknowledgement {
    pub fn problems(&self) -> Vec<FieldError> {
        let mut out = vec![];
        if self.person.is_empty() {
            out.push(FieldError::new("person", "Say who acknowledges."));
        }
        if self.version == 0 || self.fingerprint.is_empty() {
            out.push(FieldError::new(
                "version",
                "Say which version is acknowledged.",
            ));
        }
        out
    }
}

/// The next version after `latest`: `sections` as edited, or an error when nothing changed
/// (a new version would only ask everyone to acknowledge the same words again).
pub fn next_version(
    latest: Option<&CharterVersion>,
    sections: Vec<String>,
    goals: Vec<String>,
    note: &str,
    today: Date,
) -> Result<CharterVersion, Vec<FieldError>> {
    let v = CharterVersion {
        number: latest.map_or(1, |l| l.number + 1),
        sections: sections.iter().map(|s| s.trim().to_string()).collect(),
        goals,
        saved_on: today,
        note: note.trim().to_string(),
    };
    let errors = v.problems();
    if !errors.is_empty() {
        return Err(errors);
    }
    match latest {
        Some(l) if l.same_words(&v) && l.goals == v.goals => Err(vec![FieldError::new(
            "section_0",
            "Nothing changed since version {n}: edit a section before saving a new version."
                .replace("{n}", &l.number.to_string()),
        )]),
        _ => Ok(v),
    }
}

/// Who has acknowledged `version` and when, for each of `people` (ids), in their order. An
/// acknowledgement counts only for the version it names and only if its fingerprint still
/// matches: acknowledging version 2 says nothing about version 3.
pub fn acknowledgements<'a>(
    version: &CharterVersion,
    people: &'a [String],
    acks: &[&Acknowledgement],
) -> Vec<(&'a str, Option<Date>)> {
    let fingerprint = version.fingerprint();
    people
        .iter()
        .map(|p| {
            let on = acks
                .iter()
                .filter(|a| {
                    a.person == *p && a.version == version.number && a.fingerprint == fingerprint
                })
                .map(|a| a.on)
                .min();
            (p.as_str(), on)
        })
        .collect()
}

/// How many of `people` had acknowledged `version` by `day` (every acknowledgement, if None).
pub fn acknowledged_count(
    version: &CharterVersion,
    people: &[String],
    acks: &[&Acknowledgement],
    day: Option<Date>,
) -> usize {
    acknowledgements(version, people, acks)
        .iter()
        .filter(|(_, on)| on.is_some_and(|d| day.is_none_or(|day| d <= day)))
        .count()
}

/// One line of a comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Same,
    Removed,
    Added,
}

/// Section-by-section, line-by-line comparison of two versions: for each section, its title and
/// lines marked same / removed (only in `a`) / added (only in `b`).
pub fn compare(
    a: &CharterVersion,
    b: &CharterVersion,
) -> Vec<(&'static str, Vec<(Change, String)>)> {
    SECTIONS
        .iter()
        .enumerate()
        .map(|(i, (title, _))| {
            let lines = |v: &CharterVersion| -> Vec<String> {
                v.sections
                    .get(i)
                    .map_or("", String::as_str)
                    .trim()
                    .lines()
                    .map(|l| l.trim_end().to_string())
                    .collect()
            };
            (*title, diff_lines(&lines(a), &lines(b)))
        })
        .collect()
}

/// A longest-common-subsequence diff of two short lists of lines.
fn diff_lines(a: &[String], b: &[String]) -> Vec<(Change, String)> {
    let (n, m) = (a.len(), b.len());
    // lcs[i][j]: length of the common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, vec![]);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            out.push((Change::Same, a[i].clone()));
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out.push((Change::Added, b[j].clone()));
            j += 1;
        } else {
            out.push((Change::Removed, a[i].clone()));
            i += 1;
        }
    }
    out
}

/// The first 64 bits of the SHA-256 of `text`, as four groups of hex ("3f2a 9c01 7d44 e2b0"):
/// what a charter version and an improvement plan's version show as their fingerprint.
pub fn short_fingerprint(text: &str) -> String {
    let hex = to_hex(&sha256(text.as_bytes())[..8]);
    let groups: Vec<&str> = (0..4).map(|i| &hex[i * 4..i * 4 + 4]).collect();
    groups.join(" ")
}

fn to_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 15) as usize] as char);
    }
    s
}

/// SHA-256 (FIPS 180-4). Written out here: the charter's fingerprint is computed synchronously
/// in the domain (WebCrypto's digest is async and browser-only), and this is a few hundred
/// bytes of wasm instead of a crate.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut msg = data.to_vec();
    let bits = (data.len() as u64).wrapping_mul(8);
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bits.to_be_bytes());
    for chunk in msg.chunks(64) {
        let mut w = [0u32; 64];
        for (t, word) in chunk.chunks(4).enumerate() {
            w[t] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for t in 16..64 {
            let s0 = w[t - 15].rotate_right(7) ^ w[t - 15].rotate_right(18) ^ (w[t - 15] >> 3);
            let s1 = w[t - 2].rotate_right(17) ^ w[t - 2].rotate_right(19) ^ (w[t - 2] >> 10);
            w[t] = w[t - 16]
                .wrapping_add(s0)
                .wrapping_add(w[t - 7])
                .wrapping_add(s1);
        }
        let mut v = h;
        for t in 0..64 {
            let s1 = v[4].rotate_right(6) ^ v[4].rotate_right(11) ^ v[4].rotate_right(25);
            let ch = (v[4] & v[5]) ^ (!v[4] & v[6]);
            let t1 = v[7]
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[t])
                .wrapping_add(w[t]);
            let s0 = v[0].rotate_right(2) ^ v[0].rotate_right(13) ^ v[0].rotate_right(22);
            let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
            let t2 = s0.wrapping_add(maj);
            v = [
                t1.wrapping_add(t2),
                v[0],
                v[1],
                v[2],
                v[3].wrapping_add(t1),
                v[4],
                v[5],
                v[6],
            ];
        }
        for (x, y) in h.iter_mut().zip(v) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 32];
    for (i, x) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&x.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> Date {
        Date::from_ymd(2026, 11, day).unwrap()
    }

    #[test]
    fn sha256_matches_the_standard_vectors() {
        let hex = |s: &str| to_hex(&sha256(s.as_bytes()));
        assert_eq!(
            hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        // Exactly one block of padding more (55, 56 and 64 bytes cross the boundary).
        assert_eq!(
            hex(&"a".repeat(1000)),
            "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"
        );
        assert_eq!(
            hex(&"a".repeat(55)),
            "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"
        );
        assert_eq!(
            hex(&"a".repeat(56)),
            "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"
        );
        assert_eq!(
            hex(&"a".repeat(64)),
            "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"
        );
    }

    #[test]
    fn same_words_same_fingerprint_any_change_a_new_one() {
        let v1 = CharterVersion::template(d(1));
        let mut v2 = v1.clone();
        v2.number = 2;
        v2.saved_on = d(20);
        v2.note = "Only the date and note differ".into();
        assert_eq!(v1.fingerprint(), v2.fingerprint());
        assert_eq!(v1.fingerprint().len(), 19);
        assert!(v1
            .fingerprint()
            .chars()
            .all(|c| c == ' ' || c.is_ascii_hexdigit()));
        // Line ends and trailing spaces are not part of the words.
        v2.sections[0] = format!("  {}  \r\n", v1.sections[0].replace(". ", ".   \r\n"));
        let mut v1b = v1.clone();
        v1b.sections[0] = v1.sections[0].replace(". ", ".\n");
        assert_eq!(v1b.fingerprint(), v2.fingerprint());
        // One character changed, a different fingerprint.
        let mut v3 = v1.clone();
        v3.sections[3] = v3.sections[3].replace("one working day", "two working days");
        assert_ne!(v1.fingerprint(), v3.fingerprint());
        // The same text in another section is a different charter.
        let mut v4 = v1.clone();
        v4.sections.swap(1, 2);
        assert_ne!(v1.fingerprint(), v4.fingerprint());
    }

    #[test]
    fn a_new_version_needs_every_section_and_a_change() {
        let v1 = CharterVersion::template(d(1));
        let first = next_version(None, v1.sections.clone(), vec![], "", d(1)).unwrap();
        assert_eq!(first.number, 1);
        let same = next_version(Some(&first), v1.sections.clone(), vec![], "no change", d(2));
        assert!(same.unwrap_err()[0]
            .message
            .starts_with("Nothing changed since version 1"));
        let mut edited = v1.sections.clone();
        edited[2].push_str(" We pair on hard tickets.");
        let second = next_version(Some(&first), edited.clone(), vec![], " pairing ", d(3)).unwrap();
        assert_eq!(
            (second.number, second.note.as_str(), second.saved_on),
            (2, "pairing", d(3))
        );
        // Linking a goal is a change too.
        assert!(next_version(Some(&second), edited.clone(), vec!["g1".into()], "", d(4)).is_ok());
        edited[1] = "   ".into();
        let errors = next_version(Some(&second), edited, vec![], "", d(4)).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "section_1");
        assert!(errors[0].message.contains("What each of us contributes"));
    }

    #[test]
    fn acknowledgements_count_for_their_version_only() {
        let v1 = CharterVersion::template(d(1));
        let mut sections = v1.sections.clone();
        sections[0].push_str(" Renewals first.");
        let v2 = next_version(Some(&v1), sections, vec![], "", d(10)).unwrap();
        let people: Vec<String> = vec!["maya".into(), "dev".into(), "sam".into()];
        let ack = |p: &str, v: &CharterVersion, on| Acknowledgement {
            person: p.into(),
            version: v.number,
            fingerprint: v.fingerprint(),
            on,
        };
        let acks = [
            ack("maya", &v1, d(2)),
            ack("dev", &v1, d(3)),
            ack("maya", &v2, d(11)),
        ];
        let refs: Vec<&Acknowledgement> = acks.iter().collect();
        assert_eq!(
            acknowledgements(&v1, &people, &refs),
            [("maya", Some(d(2))), ("dev", Some(d(3))), ("sam", None)]
        );
        assert_eq!(acknowledged_count(&v1, &people, &refs, None), 2);
        assert_eq!(
            acknowledged_count(&v1, &people, &refs, Some(d(2))),
            1,
            "by day 2: Maya only"
        );
        assert_eq!(acknowledged_count(&v1, &people, &refs, Some(d(1))), 0);
        // The new version starts everyone at pending, except who acknowledged it.
        assert_eq!(
            acknowledgements(&v2, &people, &refs),
            [("maya", Some(d(11))), ("dev", None), ("sam", None)]
        );
        // An acknowledgement whose fingerprint does not match the version does not count.
        let forged = Acknowledgement {
            fingerprint: "0000 0000 0000 0000".into(),
            ..ack("sam", &v2, d(12))
        };
        assert_eq!(acknowledgements(&v2, &people, &[&forged])[2], ("sam", None));
        assert!(acks[0].problems().is_empty());
        assert_eq!(
            Acknowledgement {
                person: String::new(),
                ..acks[0].clone()
            }
            .problems()[0]
                .field,
            "person"
        );
    }

    #[test]
    fn comparing_two_versions_marks_lines_per_section() {
        let mut a = CharterVersion::template(d(1));
        a.sections[1] = "Own a goal.\nSay early when you will miss.\nAsk for help.".into();
        let mut b = a.clone();
        b.sections[1] = "Own a goal.\nAsk for help before the deadline.\nAsk for help.".into();
        let cmp = compare(&a, &b);
        assert_eq!(cmp.len(), 4);
        assert!(cmp[0].1.iter().all(|(c, _)| *c == Change::Same));
        let s = |c, t: &str| (c, t.to_string());
        assert_eq!(
            cmp[1].1,
            [
                s(Change::Same, "Own a goal."),
                s(Change::Added, "Ask for help before the deadline."),
                s(Change::Removed, "Say early when you will miss."),
                s(Change::Same, "Ask for help."),
            ]
        );
        let empty = CharterVersion {
            sections: vec![String::new(); 4],
            ..a.clone()
        };
        assert!(compare(&empty, &a)[1]
            .1
            .iter()
            .all(|(c, _)| *c == Change::Added));
    }
}
