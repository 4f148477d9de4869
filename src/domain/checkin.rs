//! A held check-in, in its first, minimal shape: who, when, what was said. The 1:1 feature
//! extends it (sections, timers, action items); new fields must take serde defaults.
use super::dates::Date;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckIn {
    /// The person's record id.
    pub person: String,
    pub held_on: Date,
    #[serde(default)]
    pub notes: String,
}
