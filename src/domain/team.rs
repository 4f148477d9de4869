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
}

impl Team {
    /// A team from form input, trimmed, or what is wrong with it.
    pub fn from_form(name: &str, mission: &str) -> Result<Team, Vec<FieldError>> {
        let t = Team {
            name: name.trim().to_string(),
            mission: mission.trim().to_string(),
        };
        let errors = t.problems();
        if errors.is_empty() {
            Ok(t)
        } else {
            Err(errors)
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
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn team_form() {
        let t = Team::from_form("  Support North ", " Keep customers moving. ").unwrap();
        assert_eq!(
            t,
            Team {
                name: "Support North".into(),
                mission: "Keep customers moving.".into()
            }
        );
        let e = Team::from_form(" ", "").unwrap_err();
        assert_eq!(e[0].field, "team_name");
        let e = Team::from_form("T", &"m".repeat(601)).unwrap_err();
        assert_eq!(e[0].field, "mission");
    }
}
