//! A team member: who they are and how often they meet their manager.
use super::dates::Date;
use serde::{Deserialize, Serialize};

use super::validate::{max_len, required_text, FieldError};

pub const NAME_MAX: usize = 80;
pub const ROLE_MAX: usize = 80;
pub const EMAIL_MAX: usize = 254;

/// How often the person has a check-in with their manager.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    #[default]
    Weekly,
    Biweekly,
}

impl Cadence {
    pub const ALL: [Cadence; 2] = [Cadence::Weekly, Cadence::Biweekly];

    pub fn days(self) -> i64 {
        match self {
            Cadence::Weekly => 7,
            Cadence::Biweekly => 14,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Cadence::Weekly => "Weekly",
            Cadence::Biweekly => "Every two weeks",
        }
    }
    pub fn key(self) -> &'static str {
        match self {
            Cadence::Weekly => "weekly",
            Cadence::Biweekly => "biweekly",
        }
    }
    pub fn from_key(key: &str) -> Option<Cadence> {
        Cadence::ALL.into_iter().find(|c| c.key() == key)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub start_date: Option<Date>,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub cadence: Cadence,
    #[serde(default)]
    pub archived: bool,
}

impl Person {
    /// Someone with only a name and weekly 1:1s, for tests.
    #[cfg(test)]
    pub fn named(name: &str) -> Person {
        Person {
            name: name.into(),
            role: String::new(),
            start_date: None,
            email: String::new(),
            cadence: Cadence::Weekly,
            archived: false,
        }
    }

    /// Checks a stored or imported person, as strictly as the form does (but without the clock).
    pub fn problems(&self) -> Vec<FieldError> {
        let mut out = vec![];
        required_text("name", "Name", &self.name, NAME_MAX, &mut out);
        max_len("role", "Role", &self.role, ROLE_MAX, &mut out);
        check_email(&self.email, &mut out);
        out
    }
}

/// What the person form holds while the user types: raw strings, validated on save.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PersonDraft {
    pub name: String,
    pub role: String,
    pub start_date: String,
    pub email: String,
    pub cadence: String,
}

impl PersonDraft {
    pub fn from_person(p: &Person) -> Self {
        Self {
            name: p.name.clone(),
            role: p.role.clone(),
            start_date: p.start_date.map(|d| d.to_string()).unwrap_or_default(),
            email: p.email.clone(),
            cadence: p.cadence.key().to_string(),
        }
    }

    /// Turns the draft into a person, keeping `base`'s other fields (archived), or lists what is wrong.
    /// A start date more than a year ahead of `today` is taken for a typo.
    pub fn validate(&self, base: Option<&Person>, today: Date) -> Result<Person, Vec<FieldError>> {
        let mut errors = vec![];
        required_text("name", "Name", &self.name, NAME_MAX, &mut errors);
        max_len("role", "Role", &self.role, ROLE_MAX, &mut errors);
        let start_date = match self.start_date.trim() {
            "" => None,
            s => match s.parse::<Date>() {
                Ok(d) if d > today.add_days(366) => {
                    errors.push(FieldError::new(
                        "start_date",
                        "Start date is more than a year ahead; check the year.",
                    ));
                    None
                }
                Ok(d) if d.year() < 1900 => {
                    errors.push(FieldError::new(
                        "start_date",
                        "Start date is before 1900; check the year.",
                    ));
                    None
                }
                Ok(d) => Some(d),
                Err(_) => {
                    errors.push(FieldError::new(
                        "start_date",
                        "Start date must be a date like 2025-03-01.",
                    ));
                    None
                }
            },
        };
        let email = self.email.trim().to_string();
        check_email(&email, &mut errors);
        let cadence = match Cadence::from_key(self.cadence.trim()) {
            Some(c) => c,
            None if self.cadence.trim().is_empty() => Cadence::Weekly,
            None => {
                errors.push(FieldError::new(
                    "cadence",
                    "Choose weekly or every two weeks.",
                ));
                Cadence::Weekly
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Person {
            name: self.name.trim().to_string(),
            role: self.role.trim().to_string(),
            start_date,
            email,
            cadence,
            archived: base.map(|b| b.archived).unwrap_or(false),
        })
    }
}

/// A light check that catches typos, not a full RFC 5322 parser: one `@`, something before it,
/// a dotted domain after it, no spaces.
fn check_email(email: &str, out: &mut Vec<FieldError>) {
    let email = email.trim();
    if email.is_empty() {
        return;
    }
    if email.len() > EMAIL_MAX {
        out.push(FieldError::new(
            "email",
            format!("Email is too long, at most {EMAIL_MAX} characters."),
        ));
        return;
    }
    let ok = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(char::is_whitespace)
        }
        None => false,
    };
    if !ok {
        out.push(FieldError::new(
            "email",
            "Email must look like name@example.com, or be left empty.",
        ));
    }
}

/// How long someone has been on the team, in words: "2 years, 3 months".
pub fn tenure(start: Date, today: Date) -> String {
    let months = (today.year() - start.year()) * 12 + today.month() as i32
        - start.month() as i32
        - i32::from(today.day() < start.day());
    match months {
        m if m < 0 => "starts soon".into(),
        0 => "less than a month".into(),
        m if m < 12 => format!("{m} month{}", if m == 1 { "" } else { "s" }),
        m => {
            let (y, r) = (m / 12, m % 12);
            let years = format!("{y} year{}", if y == 1 { "" } else { "s" });
            if r == 0 {
                years
            } else {
                format!("{years}, {r} month{}", if r == 1 { "" } else { "s" })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::validate::message_for;

    fn today() -> Date {
        Date::from_ymd(2026, 11, 26).unwrap()
    }
    fn draft(name: &str, role: &str, start: &str, email: &str, cadence: &str) -> PersonDraft {
        PersonDraft {
            name: name.into(),
            role: role.into(),
            start_date: start.into(),
            email: email.into(),
            cadence: cadence.into(),
        }
    }

    #[test]
    fn valid_drafts_become_people() {
        let p = draft(
            "  Maya Okafor ",
            "Support lead",
            "2023-04-03",
            "maya@example.org",
            "biweekly",
        )
        .validate(None, today())
        .unwrap();
        assert_eq!(p.name, "Maya Okafor");
        assert_eq!(p.start_date, Date::from_ymd(2023, 4, 3));
        assert_eq!(p.cadence, Cadence::Biweekly);
        assert!(!p.archived);
        let p = draft("Li", "", "", "", "").validate(None, today()).unwrap();
        assert_eq!(
            (p.start_date, p.cadence, p.email.as_str()),
            (None, Cadence::Weekly, "")
        );
    }

    #[test]
    fn each_bad_field_gets_its_own_message() {
        #[rustfmt::skip]
        let cases: &[(PersonDraft, &str, &str)] = &[
            (draft("", "", "", "", "weekly"), "name", "Name is required."),
            (draft("   ", "", "", "", "weekly"), "name", "Name is required."),
            (draft(&"x".repeat(81), "", "", "", "weekly"), "name", "too long"),
            (draft("A", &"r".repeat(81), "", "", "weekly"), "role", "too long"),
            (draft("A", "", "03/04/2023", "", "weekly"), "start_date", "like 2025-03-01"),
            (draft("A", "", "2029-01-01", "", "weekly"), "start_date", "more than a year ahead"),
            (draft("A", "", "1850-01-01", "", "weekly"), "start_date", "before 1900"),
            (draft("A", "", "", "maya", "weekly"), "email", "name@example.com"),
            (draft("A", "", "", "maya@example", "weekly"), "email", "name@example.com"),
            (draft("A", "", "", "ma ya@example.org", "weekly"), "email", "name@example.com"),
            (draft("A", "", "", "a@b@example.org", "weekly"), "email", "name@example.com"),
            (draft("A", "", "", "", "monthly"), "cadence", "weekly or every two weeks"),
        ];
        for (d, field, needle) in cases {
            let errs = d.validate(None, today()).unwrap_err();
            let msg = message_for(&errs, field)
                .unwrap_or_else(|| panic!("no error on {field} for {d:?}: {errs:?}"));
            assert!(msg.contains(needle), "{msg:?} should mention {needle:?}");
            assert_eq!(errs.len(), 1, "only {field} is wrong in {d:?}: {errs:?}");
        }
    }

    #[test]
    fn editing_keeps_archived_flag() {
        let mut base = draft("A", "", "", "", "weekly")
            .validate(None, today())
            .unwrap();
        base.archived = true;
        let again = PersonDraft::from_person(&base)
            .validate(Some(&base), today())
            .unwrap();
        assert_eq!(again, base);
    }

    #[test]
    fn stored_person_problems() {
        let p = Person {
            name: "".into(),
            role: "".into(),
            start_date: None,
            email: "x".into(),
            cadence: Cadence::Weekly,
            archived: false,
        };
        let fields: Vec<_> = p.problems().iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["name", "email"]);
    }

    #[test]
    fn tenure_reads_naturally() {
        let d = |y, m, d| Date::from_ymd(y, m, d).unwrap();
        let today = d(2026, 11, 26);
        assert_eq!(tenure(d(2026, 11, 1), today), "less than a month");
        assert_eq!(tenure(d(2026, 10, 26), today), "1 month");
        assert_eq!(tenure(d(2025, 11, 26), today), "1 year");
        assert_eq!(tenure(d(2021, 3, 15), today), "5 years, 8 months");
        assert_eq!(tenure(d(2027, 1, 1), today), "starts soon");
    }
}
