//! Performance standards per role, in three parts (quality, productivity, and a behavioural
//! matrix with what below / meets / exceeds looks like), and ratings of a person against them:
//! one record per rating, so the history is kept.
use super::dates::Date;
use super::validate::{max_len, not_after_today, required_text, FieldError};
use serde::{Deserialize, Serialize};

pub const TEXT_MAX: usize = 2000;

/// The behaviours of the matrix, in order.
pub const BEHAVIOURS: [&str; 4] = [
    "Communication and responsiveness",
    "Collaboration",
    "Leadership and initiative",
    "Learning",
];

/// What a person is rated on: the two parts, then each behaviour.
pub fn rated_items() -> Vec<&'static str> {
    let mut items = vec!["Quality", "Productivity"];
    items.extend(BEHAVIOURS);
    items
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Below,
    Meets,
    Exceeds,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Below, Level::Meets, Level::Exceeds];
    pub fn key(self) -> &'static str {
        match self {
            Level::Below => "below",
            Level::Meets => "meets",
            Level::Exceeds => "exceeds",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Level::Below => "Below",
            Level::Meets => "Meets",
            Level::Exceeds => "Exceeds",
        }
    }
    pub fn from_key(k: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.key() == k)
    }
}

/// What good looks like for one role.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleStandards {
    /// The role, as people's role is written ("Support Engineer"); matched ignoring case.
    pub role: String,
    /// Output criteria, accuracy or error thresholds, satisfaction standards.
    pub quality: String,
    /// Volumes, deadline adherence, efficiency.
    pub productivity: String,
    /// Per behaviour (in `BEHAVIOURS` order): what below, meets and exceeds look like.
    pub behaviours: Vec<[String; 3]>,
}

impl RoleStandards {
    pub fn applies_to(&self, role: &str) -> bool {
        !role.trim().is_empty() && self.role.trim().eq_ignore_ascii_case(role.trim())
    }

    pub fn problems(&self) -> Vec<FieldError> {
        let mut out = vec![];
        required_text("role", "The role", &self.role, 80, &mut out);
        required_text(
            "quality",
            "Quality standards",
            &self.quality,
            TEXT_MAX,
            &mut out,
        );
        required_text(
            "productivity",
            "Productivity standards",
            &self.productivity,
            TEXT_MAX,
            &mut out,
        );
        if self.behaviours.len() != BEHAVIOURS.len() {
            out.push(FieldError::new(
                "behaviours",
                "Describe each of the four behaviours.",
            ));
        }
        for (b, levels) in BEHAVIOURS.iter().zip(&self.behaviours) {
            if levels.iter().all(|l| l.trim().is_empty()) {
                out.push(FieldError::new(
                    "behaviours",
                    format!("Describe what “{b}” looks like at least at “meets”."),
                ));
            }
            for l in levels {
                max_len("behaviours", b, l, TEXT_MAX, &mut out);
            }
        }
        out
    }
}

/// The standards that apply to someone with `role`, if any.
pub fn standards_for<'a>(role: &str, all: &[&'a RoleStandards]) -> Option<&'a RoleStandards> {
    all.iter().copied().find(|s| s.applies_to(role))
}

/// A person rated on one item (see `rated_items`) on a day, with a note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    pub person: String,
    pub item: String,
    pub level: Option<Level>,
    pub on: Date,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Written by the person about themselves (self-assessment).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub by_self: bool,
}

impl Rating {
    pub fn problems(&self, today: Option<Date>) -> Vec<FieldError> {
        let mut out = vec![];
        if self.level.is_none() {
            out.push(FieldError::new(
                "level",
                "Choose a level: below, meets or exceeds.",
            ));
        }
        if !rated_items().contains(&self.item.as_str()) {
            out.push(FieldError::new("item", "Choose what is rated."));
        }
        not_after_today("on", Some(self.on), today, "A rating is for today or an earlier day.", &mut out);
        max_len("note", "Note", &self.note, TEXT_MAX, &mut out);
        out
    }
}

/// The latest rating of each item for `person` (None where never rated), in `rated_items`
/// order: their own self-assessments (`by_self`) or everyone else's ratings of them.
pub fn latest_ratings<'a>(
    person: &str,
    all: &[&'a Rating],
    by_self: bool,
) -> Vec<(&'static str, Option<&'a Rating>)> {
    rated_items()
        .into_iter()
        .map(|item| {
            let latest = all
                .iter()
                .copied()
                .filter(|r| r.person == person && r.item == item && r.by_self == by_self)
                .fold(None::<&Rating>, |best, r| match best {
                    Some(b) if b.on >= r.on => Some(b),
                    _ => Some(r),
                });
            (item, latest)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> Date {
        Date::from_ymd(2026, 11, day).unwrap()
    }

    fn support() -> RoleStandards {
        RoleStandards {
            role: "Support Engineer".into(),
            quality: "Fewer than 2 % of solved tickets reopened; CSAT 8.0 or more.".into(),
            productivity: "25 tickets solved a week; first answer within 1 working hour.".into(),
            behaviours: BEHAVIOURS
                .iter()
                .map(|_| {
                    [
                        "Misses".to_string(),
                        "Does".to_string(),
                        "Leads".to_string(),
                    ]
                })
                .collect(),
        }
    }

    #[test]
    fn standards_need_all_three_parts_and_match_roles_ignoring_case() {
        let s = support();
        assert!(s.problems().is_empty());
        assert!(s.applies_to(" support engineer "));
        assert!(!s.applies_to("Support Lead"));
        assert!(!RoleStandards {
            role: String::new(),
            ..s.clone()
        }
        .applies_to(""));
        let other = RoleStandards {
            role: "Onboarding Specialist".into(),
            ..s.clone()
        };
        assert_eq!(
            standards_for("SUPPORT ENGINEER", &[&other, &s])
                .unwrap()
                .role,
            "Support Engineer"
        );
        assert!(standards_for("Analyst", &[&other, &s]).is_none());
        let mut bad = s.clone();
        bad.quality = " ".into();
        bad.behaviours[2] = [String::new(), String::new(), String::new()];
        let fields: Vec<_> = bad.problems().iter().map(|e| e.field).collect();
        assert_eq!(fields, ["quality", "behaviours"]);
        assert!(bad.problems()[1]
            .message
            .contains("Leadership and initiative"));
        bad.behaviours.pop();
        assert!(bad
            .problems()
            .iter()
            .any(|e| e.message == "Describe each of the four behaviours."));
    }

    #[test]
    fn a_rating_needs_a_level_and_the_history_keeps_every_one() {
        let r = |item: &str, level, on, by_self| Rating {
            person: "p".into(),
            item: item.into(),
            level,
            on,
            note: String::new(),
            by_self,
        };
        let none = r("Quality", None, d(1), false);
        assert_eq!(
            none.problems(Some(d(2)))[0].message,
            "Choose a level: below, meets or exceeds."
        );
        assert_eq!(
            r("Speed", Some(Level::Meets), d(1), false).problems(None)[0].field,
            "item"
        );
        assert_eq!(
            r("Quality", Some(Level::Meets), d(3), false).problems(Some(d(2)))[0].field,
            "on"
        );
        assert!(r("Learning", Some(Level::Exceeds), d(1), false)
            .problems(Some(d(2)))
            .is_empty());

        let all = [
            r("Quality", Some(Level::Below), d(1), false),
            r("Quality", Some(Level::Meets), d(10), false),
            r("Quality", Some(Level::Exceeds), d(12), true), // a self-assessment is not the rating
            r("Collaboration", Some(Level::Exceeds), d(5), false),
            Rating {
                person: "q".into(),
                ..r("Productivity", Some(Level::Below), d(5), false)
            },
        ];
        let refs: Vec<&Rating> = all.iter().collect();
        let latest = latest_ratings("p", &refs, false);
        assert_eq!(latest.len(), 6);
        let own = latest_ratings("p", &refs, true);
        assert_eq!(own[0].1.map(|x| x.on), Some(d(12)));
        assert!(own[3].1.is_none());
        assert_eq!(
            latest[0].1.map(|x| (x.level, x.on)),
            Some((Some(Level::Meets), d(10)))
        );
        assert!(latest[1].1.is_none(), "q's productivity is not p's");
        assert_eq!(latest[3].0, "Collaboration");
        assert_eq!(latest[3].1.and_then(|x| x.level), Some(Level::Exceeds));
    }
}
