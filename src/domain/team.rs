//! The team itself: a name and a mission the people and goals hang from.
use serde::{Deserialize, Serialize};

use super::validate::{max_len, required_text, FieldError};

pub const TEAM_NAME_MAX: usize = 80;
pub const MISSION_MAX: usize = 600;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Team {
    pub name: String,
    #[serde(default)]
    pub mission: String,
    /// The team's own 1:1 script prompts: the three weekly sections, then the three monthly
    /// parts. Empty (or an empty entry) means the default words (`checkin::*_PROMPTS`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scripts: Vec<String>,
}

impl Team {
    /// A team from form input, trimmed, or what is wrong with it.
    pub fn from_form(name: &str, mission: &str) -> Result<Team, Vec<FieldError>> {
        let t = Team {
            name: name.trim().to_string(),
            mission: mission.trim().to_string(),
            scripts: vec![],
        };
        let errors = t.problems();
        if errors.is_empty() {
            Ok(t)
        } else {
            Err(errors)
        }
    }

    /// The prompt for script `i`: 0-2 the weekly check-in's sections, 3-5 the monthly review's.
    pub fn prompt(&self, i: usize) -> &str {
        match self.scripts.get(i).map(|s| s.trim()) {
            Some(own) if !own.is_empty() => own,
            _ if i < 3 => super::checkin::WEEKLY_PROMPTS[i],
            _ => super::checkin::MONTHLY_PROMPTS[(i - 3).min(2)],
        }
    }

    pub fn problems(&self) -> Vec<FieldError> {
        let mut out = vec![];
        required_text(
            "team_name",
            "Team name",
            &self.name,
            TEAM_NAME_MAX,
            &mut out,
        );
        max_len("mission", "Mission", &self.mission, MISSION_MAX, &mut out);
        for s in &self.scripts {
            max_len("scripts", "Script", s, MISSION_MAX, &mut out);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_prompts_replace_the_defaults_one_by_one() {
        let mut t = Team::default();
        assert_eq!(t.prompt(0), crate::domain::checkin::WEEKLY_PROMPTS[0]);
        assert_eq!(t.prompt(4), crate::domain::checkin::MONTHLY_PROMPTS[1]);
        t.scripts = vec!["".into(), "What is in your way?".into()];
        assert_eq!(t.prompt(0), crate::domain::checkin::WEEKLY_PROMPTS[0]);
        assert_eq!(t.prompt(1), "What is in your way?");
        assert_eq!(t.prompt(5), crate::domain::checkin::MONTHLY_PROMPTS[2]);
        let old: Team = serde_json::from_str(r#"{"name":"A"}"#).unwrap();
        assert!(old.scripts.is_empty());
    }

    #[test]
    fn team_form() {
        let t = Team::from_form("  Support North ", " Keep customers moving. ").unwrap();
        assert_eq!(
            t,
            Team {
                name: "Support North".into(),
                mission: "Keep customers moving.".into(),
                scripts: vec![],
            }
        );
        let e = Team::from_form(" ", "").unwrap_err();
        assert_eq!(e[0].field, "team_name");
        let e = Team::from_form("T", &"m".repeat(601)).unwrap_err();
        assert_eq!(e[0].field, "mission");
    }
}
