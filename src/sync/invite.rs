//! The invitation link: what a member's device needs to join, carried in the link's fragment
//! (after `#`, which browsers never send to a server): where the team syncs, the token for the
//! member's places, their own key if the team is end-to-end encrypted (see `keys`: never the
//! team passphrase), who it is for, and until when. It is
//! shown once to the manager, to hand over as they would a key. The server keeps only the
//! `Invitation` record (made, expires, joined), in the person's place.
use serde::{Deserialize, Serialize};

use super::seal::{b64, unb64};
use crate::domain::dates::Timestamp;
use crate::domain::invite::expired;

/// What starts every invitation code.
pub const PREFIX: &str = "TRELLIS1.";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pass {
    /// The `Invitation` record's id.
    pub invitation: String,
    /// The person's record id, and their name (to greet them before anything is synced).
    pub person: String,
    pub name: String,
    pub team: String,
    /// The team's sync address, and whether it is a CouchDB database.
    pub url: String,
    pub couch: bool,
    /// The member's token for their places (empty: none needed).
    #[serde(default)]
    pub token: String,
    /// The person's own key, base64 (empty: not end-to-end encrypted).
    #[serde(default)]
    pub key: String,
    pub expires: Timestamp,
}

const DAMAGED: &str = "This invitation is damaged or incomplete: copy the whole link (or code) again, or ask your manager for a new one.";

impl Pass {
    /// The code to put after `#` in the link, or to paste.
    pub fn code(&self) -> String {
        let json = serde_json::to_string(self).expect("an invitation serialises");
        format!("{PREFIX}{}", b64(json.as_bytes()))
    }

    /// Reads a pasted link or code; Err says why it cannot be used (damaged, expired).
    pub fn read(text: &str, now: Timestamp) -> Result<Pass, String> {
        let text = text.trim();
        let code = text.rsplit_once('#').map_or(text, |(_, c)| c);
        let code = code.strip_prefix("join=").unwrap_or(code);
        let raw = code.strip_prefix(PREFIX).and_then(unb64).ok_or(DAMAGED)?;
        let pass: Pass = serde_json::from_slice(&raw).map_err(|_| DAMAGED)?;
        if pass.person.is_empty()
            || pass.invitation.is_empty()
            || super::check_url(&pass.url).is_some()
        {
            return Err(DAMAGED.into());
        }
        if now >= pass.expires {
            return Err(expired(pass.expires));
        }
        Ok(pass)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pass() -> Pass {
        Pass {
            invitation: "inv1".into(),
            person: "hannah".into(),
            name: "Hannah Whitfield".into(),
            team: "Support".into(),
            url: "https://sync.example.com/acme".into(),
            couch: false,
            token: "hannah-token".into(),
            key: String::new(),
            expires: "2026-12-09T09:00:00Z".parse().unwrap(),
        }
    }

    fn now() -> Timestamp {
        "2026-12-02T09:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_link_or_its_code_reads_back() {
        let code = pass().code();
        assert!(code.starts_with(PREFIX));
        assert_eq!(Pass::read(&code, now()), Ok(pass()));
        let link = format!("https://trellis.example.com/app/join#{code}");
        assert_eq!(Pass::read(&format!("  {link}\n"), now()), Ok(pass()));
    }

    #[test]
    fn damaged_or_expired_invitations_are_refused() {
        let code = pass().code();
        let cut = &code[..code.len() - 8];
        for bad in ["", "hello", cut, "TRELLIS1.e30=", "TRELLIS1.!!!!"] {
            assert_eq!(Pass::read(bad, now()), Err(DAMAGED.into()), "{bad}");
        }
        let mut no_url = pass();
        no_url.url = "sync.example.com".into();
        assert_eq!(Pass::read(&no_url.code(), now()), Err(DAMAGED.into()));
        let late: Timestamp = "2026-12-10T09:00:00Z".parse().unwrap();
        let why = Pass::read(&code, late).unwrap_err();
        assert!(why.contains("expired on 2026-12-09"), "{why}");
    }
}
