//! Invitations: how a team member's own device joins the team. The manager makes one for a
//! person, with a lifetime; the link it gives (see `sync::invite`) carries where the team syncs
//! and what that device may read. This record is what the server keeps of it, in the person's
//! scope: when it was made, until when it can be used, and once a device has joined with it,
//! when and which: a second device that tries the same link is told it was used.
use serde::{Deserialize, Serialize};

use super::dates::Timestamp;
use super::scope::{Scope, Scoped};
use super::validate::FieldError;

/// The lifetimes a manager can choose, in days, with their words.
pub const LIFETIMES: &[(i64, &str)] = &[(1, "1 day"), (7, "7 days"), (30, "30 days")];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Invitation {
    /// The person's record id: whose device joins with it.
    pub person: String,
    pub made: Timestamp,
    pub expires: Timestamp,
    /// When a device joined with it (then it cannot be used again).
    #[serde(default)]
    pub joined: Option<Timestamp>,
    /// How the joined device describes itself ("Chrome on Android").
    #[serde(default)]
    pub device: String,
}

/// Where an invitation stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InviteState {
    /// Not used yet, and not expired.
    Open,
    Expired,
    Joined(Timestamp),
}

impl Invitation {
    /// A new invitation for `person`, usable for `days` days from `now`.
    pub fn new(person: &str, now: Timestamp, days: i64) -> Invitation {
        Invitation {
            person: person.to_string(),
            made: now,
            expires: now.add_secs(days * 86_400),
            joined: None,
            device: String::new(),
        }
    }

    pub fn state(&self, now: Timestamp) -> InviteState {
        match self.joined {
            Some(at) => InviteState::Joined(at),
            None if now >= self.expires => InviteState::Expired,
            None => InviteState::Open,
        }
    }

    /// Marks it used by a device joining at `now`; Err says why that device may not.
    pub fn join(&mut self, now: Timestamp, device: &str) -> Result<(), String> {
        match self.state(now) {
            InviteState::Joined(at) => Err(format!(
                "This invitation was already used, on {}. An invitation opens one device: ask your manager for a new one.",
                at.date()
            )),
            InviteState::Expired => Err(expired(self.expires)),
            InviteState::Open => {
                self.joined = Some(now);
                self.device = device.chars().take(80).collect();
                Ok(())
            }
        }
    }

    pub fn problems(&self) -> Vec<FieldError> {
        let mut out = vec![];
        if self.person.is_empty() {
            out.push(FieldError::new(
                "person",
                "Choose who the invitation is for.",
            ));
        }
        if self.expires <= self.made {
            out.push(FieldError::new(
                "expires",
                "An invitation must stay valid for some time after it is made.",
            ));
        }
        out
    }
}

/// What an expired invitation says.
pub fn expired(at: Timestamp) -> String {
    format!(
        "This invitation expired on {}. Ask your manager for a new one.",
        at.date()
    )
}

impl Scoped for Invitation {
    /// The person's: they and the manager see it, nobody else.
    fn default_scope(&self) -> Scope {
        Scope::of_person(&self.person)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn an_invitation_opens_one_device_before_it_expires() {
        let made = at("2026-12-02T09:00:00Z");
        let mut inv = Invitation::new("hannah", made, 7);
        assert_eq!(inv.expires, at("2026-12-09T09:00:00Z"));
        assert_eq!(inv.state(at("2026-12-09T08:59:59Z")), InviteState::Open);
        assert_eq!(inv.state(at("2026-12-09T09:00:00Z")), InviteState::Expired);
        assert!(inv.problems().is_empty());

        let joined = at("2026-12-03T10:00:00Z");
        inv.join(joined, "Chromium on Linux").unwrap();
        assert_eq!(inv.state(joined), InviteState::Joined(joined));
        assert_eq!(inv.device, "Chromium on Linux");
        let again = inv.join(at("2026-12-03T11:00:00Z"), "another").unwrap_err();
        assert!(again.contains("already used, on 2026-12-03"), "{again}");
        assert_eq!(inv.joined, Some(joined), "the first join stays");
    }

    #[test]
    fn an_expired_invitation_is_refused() {
        let mut inv = Invitation::new("kwame", at("2026-12-02T09:00:00Z"), 1);
        let why = inv.join(at("2026-12-04T09:00:00Z"), "x").unwrap_err();
        assert!(why.contains("expired on 2026-12-03"), "{why}");
        assert_eq!(inv.joined, None);
    }

    #[test]
    fn it_is_in_the_persons_scope_and_needs_a_person_and_a_lifetime() {
        let inv = Invitation::new("kwame", at("2026-12-02T09:00:00Z"), 30);
        assert_eq!(inv.default_scope(), Scope::Person("kwame".into()));
        let mut bad = Invitation::new("", at("2026-12-02T09:00:00Z"), 0);
        let fields: Vec<_> = bad.problems().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["person", "expires"]);
        bad.person = "x".into();
        assert_eq!(bad.problems().len(), 1);
    }
}
