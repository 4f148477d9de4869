//! Who may read a record: its scope. Every record carries one in its envelope; each kind says
//! here which scope its records take by default, and where the method lets the writer choose
//! another (a personal goal shared with the team, recognition given in front of the team).
//!
//! - `team`: everyone in the team (the team, the people, the charter, team goals, wins...);
//! - `person:<id>`: that person and the manager (their goals, 1:1s, ratings, feedback...);
//! - `manager`: the manager's devices only;
//! - `device`: this device only, never synced.
use std::fmt;

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

use super::authority::AuthorityMatrix;
use super::self_report::SelfReport;
use super::standards::{Rating, RoleStandards};
use super::{
    Acknowledgement, Celebration, CharterVersion, CheckIn, Feedback, FeedbackRequest, Goal,
    MonthlyReview, Person, RecognitionScript, Team,
};

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// Everyone in the team.
    Team,
    /// One person (their person record's id) and the manager.
    Person(String),
    /// The manager's devices only.
    Manager,
    /// This device only: never synced, never exported to another device.
    Device,
}

/// What a device is: the manager's holds every scope; a member's holds the team's and its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Role {
    Manager,
    /// A team member's device, for the person with this record id.
    Member(String),
}

impl Scope {
    /// Reads the stored form: `team`, `person:<id>`, `manager` or `device`.
    pub fn parse(text: &str) -> Result<Scope, String> {
        match text {
            "team" => Ok(Scope::Team),
            "manager" => Ok(Scope::Manager),
            "device" => Ok(Scope::Device),
            _ => match text.strip_prefix("person:") {
                Some(id) if valid_person(id) => Ok(Scope::Person(id.to_string())),
                _ => Err(format!(
                    "unknown scope {text:?} (expected team, person:<id>, manager or device)"
                )),
            },
        }
    }

    /// The person's scope, or the team's for a record that belongs to no one (an empty id).
    pub fn of_person(id: &str) -> Scope {
        if id.is_empty() {
            Scope::Team
        } else {
            Scope::Person(id.to_string())
        }
    }

    /// Whether records of this scope leave the device when it syncs.
    pub fn syncs(&self) -> bool {
        *self != Scope::Device
    }

    /// Where this scope's records live on the server, from the team's address `base` (a JSON
    /// endpoint document or a CouchDB database): the team's at `base`, a person's at
    /// `base-p-<id>`, the manager's at `base-m`; a device's nowhere. Each place is its own
    /// document or database, so the server can let each device reach only its own. Lowercase,
    /// as CouchDB names must be.
    pub fn place(&self, base: &str) -> Option<String> {
        let base = base.trim().trim_end_matches('/');
        match self {
            Scope::Team => Some(base.to_string()),
            Scope::Person(id) => Some(format!("{base}-p-{}", id.to_ascii_lowercase())),
            Scope::Manager => Some(format!("{base}-m")),
            Scope::Device => None,
        }
    }

    /// Who can read it, in words, as the form that saves it says: "The whole team", "Visible to
    /// Hannah and you", "Only you". `viewer` is this device's role; `name` gives a person's
    /// first name from their id.
    pub fn audience(&self, viewer: &Role, name: &dyn Fn(&str) -> String) -> String {
        match (self, viewer) {
            (Scope::Team, _) => "The whole team".into(),
            (Scope::Person(id), Role::Member(me)) if id == me => {
                "Visible to you and your manager".into()
            }
            (Scope::Person(id), Role::Member(_)) => {
                format!("Visible to {} and the manager", name(id))
            }
            (Scope::Person(id), Role::Manager) => format!("Visible to {} and you", name(id)),
            (Scope::Manager, Role::Manager) => "Only you".into(),
            (Scope::Manager, Role::Member(_)) => "Only the manager".into(),
            (Scope::Device, _) => "Only this device".into(),
        }
    }
}

impl Role {
    /// Whether a device with this role may hold records of `scope`: in storage, in memory, in
    /// an export. A member's device holds the team's and its own person's, nothing else.
    pub fn holds(&self, scope: &Scope) -> bool {
        match (self, scope) {
            (Role::Manager, _) => true,
            (Role::Member(_), Scope::Team | Scope::Device) => true,
            (Role::Member(me), Scope::Person(id)) => me == id,
            (Role::Member(_), Scope::Manager) => false,
        }
    }
}

impl Role {
    /// The places a device with this role syncs, given the ids of the team's current people:
    /// the manager's, the team's, the manager's own and each person's; a member's, the team's
    /// and their own. An archived person's place is no longer read or written.
    pub fn places(&self, people: &[String]) -> Vec<Scope> {
        match self {
            Role::Manager => [Scope::Team, Scope::Manager]
                .into_iter()
                .chain(people.iter().map(|id| Scope::Person(id.clone())))
                .collect(),
            Role::Member(me) => vec![Scope::Team, Scope::Person(me.clone())],
        }
    }
}

fn valid_person(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::Team => f.write_str("team"),
            Scope::Person(id) => write!(f, "person:{id}"),
            Scope::Manager => f.write_str("manager"),
            Scope::Device => f.write_str("device"),
        }
    }
}

impl Serialize for Scope {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Scope {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Scope::parse(&text).map_err(de::Error::custom)
    }
}

/// The scope a kind's records take unless the writer chose another.
pub trait Scoped {
    fn default_scope(&self) -> Scope;
}

/// Kinds for everyone in the team.
macro_rules! team_kinds {
    ($($t:ty),*) => {$(
        impl Scoped for $t {
            fn default_scope(&self) -> Scope {
                Scope::Team
            }
        }
    )*};
}
team_kinds!(
    Team,
    Person,
    Celebration,
    RecognitionScript,
    CharterVersion,
    Acknowledgement,
    AuthorityMatrix,
    RoleStandards
);

/// Kinds about one person, for them and the manager.
macro_rules! person_kinds {
    ($($t:ty),*) => {$(
        impl Scoped for $t {
            fn default_scope(&self) -> Scope {
                Scope::of_person(&self.person)
            }
        }
    )*};
}
person_kinds!(CheckIn, MonthlyReview, FeedbackRequest, Rating, SelfReport);

impl Scoped for Goal {
    /// A person's goal is theirs and the manager's (they may share it with the team); a team
    /// goal is the team's.
    fn default_scope(&self) -> Scope {
        Scope::of_person(&self.owner)
    }
}

/// The scopes a goal may have: a person's goal is theirs and the manager's, or shared with the
/// whole team (so the team sees what each member works on); a team goal is the team's.
pub fn goal_choices(goal: &Goal) -> Vec<Scope> {
    match goal.default_scope() {
        Scope::Team => vec![Scope::Team],
        own => vec![own, Scope::Team],
    }
}

impl Scoped for Feedback {
    /// Recognition given in front of the team is the team's; all other feedback (one-to-one
    /// recognition, corrective, peer feedback) is the person's and the manager's.
    fn default_scope(&self) -> Scope {
        if self.public {
            Scope::Team
        } else {
            Scope::of_person(&self.person)
        }
    }
}

#[cfg(test)]
mod place_tests {
    use super::*;

    #[test]
    fn a_persons_goal_may_be_shared_with_the_team_a_team_goal_stays_the_teams() {
        let mine = Goal {
            owner: "hannah".into(),
            ..Goal::default()
        };
        assert_eq!(
            goal_choices(&mine),
            vec![Scope::Person("hannah".into()), Scope::Team]
        );
        assert_eq!(goal_choices(&Goal::default()), vec![Scope::Team]);
    }

    #[test]
    fn each_scope_has_its_own_place_but_the_device() {
        let base = "https://sync.example.com/acme/";
        assert_eq!(
            Scope::Team.place(base).as_deref(),
            Some("https://sync.example.com/acme")
        );
        assert_eq!(
            Scope::Person("Hk2x9".into()).place(base).as_deref(),
            Some("https://sync.example.com/acme-p-hk2x9")
        );
        assert_eq!(
            Scope::Manager
                .place(" http://127.0.0.1:5984/acme ")
                .as_deref(),
            Some("http://127.0.0.1:5984/acme-m")
        );
        assert_eq!(Scope::Device.place(base), None);
    }

    #[test]
    fn a_member_syncs_the_team_and_their_own_place_only() {
        let people = vec!["hannah".to_string(), "kwame".to_string()];
        assert_eq!(
            Role::Manager.places(&people),
            vec![
                Scope::Team,
                Scope::Manager,
                Scope::Person("hannah".into()),
                Scope::Person("kwame".into())
            ]
        );
        let hannah = Role::Member("hannah".into());
        assert_eq!(
            hannah.places(&people),
            vec![Scope::Team, Scope::Person("hannah".into())]
        );
        assert!(hannah.places(&people).iter().all(|s| hannah.holds(s)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::feedback::FeedbackKind;

    fn name(id: &str) -> String {
        match id {
            "hannah" => "Hannah".into(),
            _ => "Kwame".into(),
        }
    }

    #[test]
    fn scopes_read_and_print_their_stored_form() {
        for text in ["team", "person:hannah-1", "manager", "device"] {
            let scope = Scope::parse(text).unwrap();
            assert_eq!(scope.to_string(), text);
            let json = serde_json::to_string(&scope).unwrap();
            assert_eq!(serde_json::from_str::<Scope>(&json).unwrap(), scope);
        }
        for bad in ["", "Team", "person:", "person:a:b", "people:x", "everyone"] {
            let err = Scope::parse(bad).unwrap_err();
            assert!(err.contains("unknown scope"), "{bad}: {err}");
        }
        assert!(serde_json::from_str::<Scope>("\"person:\"").is_err());
    }

    #[test]
    fn a_member_device_holds_the_team_and_its_own_person_only() {
        let hannah = Role::Member("hannah".into());
        assert!(hannah.holds(&Scope::Team));
        assert!(hannah.holds(&Scope::Person("hannah".into())));
        assert!(hannah.holds(&Scope::Device));
        assert!(!hannah.holds(&Scope::Person("kwame".into())));
        assert!(!hannah.holds(&Scope::Manager));
        for scope in [
            Scope::Team,
            Scope::Person("kwame".into()),
            Scope::Manager,
            Scope::Device,
        ] {
            assert!(Role::Manager.holds(&scope));
        }
        assert!(!Scope::Device.syncs());
        assert!(Scope::Team.syncs() && Scope::Manager.syncs());
    }

    #[test]
    fn the_audience_in_words_depends_on_who_is_looking() {
        let hannah = Scope::Person("hannah".into());
        let member = Role::Member("hannah".into());
        assert_eq!(
            hannah.audience(&Role::Manager, &name),
            "Visible to Hannah and you"
        );
        assert_eq!(
            hannah.audience(&member, &name),
            "Visible to you and your manager"
        );
        assert_eq!(Scope::Team.audience(&member, &name), "The whole team");
        assert_eq!(Scope::Manager.audience(&Role::Manager, &name), "Only you");
        assert_eq!(Scope::Device.audience(&member, &name), "Only this device");
    }

    /// Pins every kind's default: the stored form leaves a default scope out, so what a missing
    /// one means must not change without a schema version whose migration writes it out.
    #[test]
    fn default_scopes_per_kind() {
        let mut goal = Goal {
            title: "Cut first response time".into(),
            ..Default::default()
        };
        assert_eq!(goal.default_scope(), Scope::Team, "a team goal");
        goal.owner = "hannah".into();
        assert_eq!(goal.default_scope(), Scope::Person("hannah".into()));

        let mut feedback = Feedback::new(
            FeedbackKind::Recognition,
            "kwame",
            "2026-11-30".parse().unwrap(),
        );
        assert_eq!(feedback.default_scope(), Scope::Person("kwame".into()));
        feedback.public = true;
        assert_eq!(
            feedback.default_scope(),
            Scope::Team,
            "recognition in front of the team"
        );
        feedback.public = false;
        feedback.kind = FeedbackKind::Corrective;
        assert_eq!(feedback.default_scope(), Scope::Person("kwame".into()));

        let check_in = CheckIn::held("kwame", "2026-11-30".parse().unwrap(), "Queue review");
        assert_eq!(check_in.default_scope(), Scope::Person("kwame".into()));
        assert_eq!(Team::default().default_scope(), Scope::Team);

        use crate::domain::indicators::{Indicator, ReadingMonth};
        let mut calls = Indicator::default();
        assert_eq!(calls.default_scope(), Scope::Team, "a team indicator");
        calls.owner = "priya".into();
        assert_eq!(calls.default_scope(), Scope::Person("priya".into()));
        let mut month = ReadingMonth::default();
        assert_eq!(month.default_scope(), Scope::Team);
        month.owner = "priya".into();
        assert_eq!(month.default_scope(), Scope::Person("priya".into()));

        use crate::domain::improvement::Plan;
        let plan = Plan::new("daniel", "2026-11-02".parse().unwrap(), 60);
        assert_eq!(
            plan.default_scope(),
            Scope::Person("daniel".into()),
            "an improvement plan is the person's and the manager's"
        );
    }
}
