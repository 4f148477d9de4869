//! A goal, in its first, minimal shape: title, owner, level, deadline and progress. The Goals
//! feature extends it (SMART-R, alignment, measures); new fields must take serde defaults.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalLevel {
    Strategic,
    Tactical,
    #[default]
    Operational,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    pub title: String,
    /// The owning person's record id, or empty for the team.
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub level: GoalLevel,
    pub due: Option<NaiveDate>,
    /// Share of the target reached, 0.0 to 1.0.
    #[serde(default)]
    pub progress: f64,
}

impl Goal {
    pub fn problems(&self) -> Vec<super::FieldError> {
        let mut out = vec![];
        super::validate::required_text("title", "Title", &self.title, 200, &mut out);
        if !(0.0..=1.0).contains(&self.progress) {
            out.push(super::FieldError::new(
                "progress",
                "Progress must be between 0 and 100 %.",
            ));
        }
        out
    }
}
