//! Leading and lagging indicators (section 4.2 of the method): what each measures, its target
//! and thresholds, its health from a reading, and the links from drivers to results. The
//! scorecard's perspectives, the lead-lag analysis and the readings' CSV live beside it.
use serde::{Deserialize, Serialize};

use crate::domain::dates::Date;
use crate::domain::FieldError;

pub mod csv;
pub mod leadlag;
pub mod links;

#[cfg(test)]
mod tests;

/// An activity that predicts results, or a result itself.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKind {
    /// Calls made, meetings scheduled, training hours.
    #[default]
    Leading,
    /// Revenue, satisfaction, completion rates.
    Lagging,
}

impl IndicatorKind {
    pub fn label(self) -> &'static str {
        match self {
            IndicatorKind::Leading => "Leading (predicts results)",
            IndicatorKind::Lagging => "Lagging (a result)",
        }
    }
}

/// The balanced scorecard's four perspectives, from the bottom of the strategy map up: learning
/// and process drive customers, who drive the results.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Perspective {
    Learning,
    #[default]
    Process,
    Customer,
    Results,
}

impl Perspective {
    /// Top of the map first, as the scorecard shows them.
    pub const ALL: [Perspective; 4] = [
        Perspective::Results,
        Perspective::Customer,
        Perspective::Process,
        Perspective::Learning,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Perspective::Results => "Financial / results",
            Perspective::Customer => "Customer / stakeholder",
            Perspective::Process => "Process / operational",
            Perspective::Learning => "Learning / development",
        }
    }
}

/// Which way is better.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    #[default]
    Higher,
    Lower,
    /// Near the target, within a tolerance either side.
    Near,
}

impl Direction {
    pub fn label(self) -> &'static str {
        match self {
            Direction::Higher => "Higher is better",
            Direction::Lower => "Lower is better",
            Direction::Near => "Near the target",
        }
    }
}

/// How often a reading is due.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    #[default]
    Weekly,
    Monthly,
}

/// A reading's health against its indicator's target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Health {
    Unhealthy,
    Watch,
    Healthy,
}

impl Health {
    pub fn label(self) -> &'static str {
        match self {
            Health::Healthy => "Healthy",
            Health::Watch => "Watch",
            Health::Unhealthy => "Unhealthy",
        }
    }
}

/// The default lines, as shares of the target: healthy at 90 % of it or better, watch at 70 %
/// (for lower-is-better, the target divided by these: up to 111 % and 143 % of it).
pub const HEALTHY_SHARE: f64 = 0.9;
pub const WATCH_SHARE: f64 = 0.7;
/// Near a target, the watch band is this many tolerances wide either side, unless set.
pub const NEAR_WATCH_TOLERANCES: f64 = 2.0;

/// One indicator. Who owns it decides its audience: the team's are the team's, a person's are
/// theirs and their manager's.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub name: String,
    /// "calls", "%", "days".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
    #[serde(default)]
    pub kind: IndicatorKind,
    #[serde(default)]
    pub perspective: Perspective,
    /// A person's record id, or empty for the team.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    #[serde(default)]
    pub direction: Direction,
    /// The target for each period.
    #[serde(default)]
    pub target: Option<f64>,
    /// Near a target: how far either side is still healthy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<f64>,
    /// The line from which a reading is healthy (in the unit); the default comes from the target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub healthy_at: Option<f64>,
    /// The line from which it is at least worth watching.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub watch_at: Option<f64>,
    #[serde(default)]
    pub period: Period,
    /// For a leading indicator: the ids of the lagging indicators it drives.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub drives: Vec<String>,
}

/// One reading of an indicator.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    pub on: Date,
    pub value: f64,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Reported by the person themselves (member mode).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub by_self: bool,
}

/// The lines a reading is judged by: healthy and watch for higher or lower is better (in the
/// unit), the two distances from the target when near it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Lines {
    pub healthy: f64,
    pub watch: f64,
}

impl Indicator {
    /// The lines in force: the ones set, or the defaults from the target.
    pub fn lines(&self) -> Option<Lines> {
        let target = self.target?;
        let (healthy, watch) = match self.direction {
            Direction::Higher => (target * HEALTHY_SHARE, target * WATCH_SHARE),
            Direction::Lower => (target / HEALTHY_SHARE, target / WATCH_SHARE),
            Direction::Near => {
                let tolerance = self.tolerance?;
                (tolerance, tolerance * NEAR_WATCH_TOLERANCES)
            }
        };
        Some(Lines {
            healthy: self.healthy_at.unwrap_or(healthy),
            watch: self.watch_at.unwrap_or(watch),
        })
    }

    /// How healthy `value` is; None without a target.
    pub fn health(&self, value: f64) -> Option<Health> {
        let lines = self.lines()?;
        let (healthy, watch) = match self.direction {
            Direction::Higher => (value >= lines.healthy, value >= lines.watch),
            Direction::Lower => (value <= lines.healthy, value <= lines.watch),
            Direction::Near => {
                let off = (value - self.target?).abs();
                (off <= lines.healthy, off <= lines.watch)
            }
        };
        Some(if healthy {
            Health::Healthy
        } else if watch {
            Health::Watch
        } else {
            Health::Unhealthy
        })
    }

    /// The lines in words: "healthy at 45 calls or more, watch from 35".
    pub fn lines_words(&self) -> Option<String> {
        let l = self.lines()?;
        let unit = self.unit_suffix();
        Some(match self.direction {
            Direction::Higher => format!(
                "healthy at {}{unit} or more, watch from {}{unit}",
                number(l.healthy),
                number(l.watch)
            ),
            Direction::Lower => format!(
                "healthy at {}{unit} or less, watch up to {}{unit}",
                number(l.healthy),
                number(l.watch)
            ),
            Direction::Near => format!(
                "healthy within {}{unit} of {}{unit}, watch within {}{unit}",
                number(l.healthy),
                number(self.target.unwrap_or_default()),
                number(l.watch)
            ),
        })
    }

    fn unit_suffix(&self) -> String {
        match self.unit.trim() {
            "" => String::new(),
            "%" => "%".into(),
            u => format!(" {u}"),
        }
    }

    /// What is wrong with it, field by field (the form shows each next to its field).
    pub fn problems(&self) -> Vec<FieldError> {
        let mut out = vec![];
        if self.name.trim().is_empty() {
            out.push(FieldError::new("name", "Name is required."));
        }
        let finite = |v: Option<f64>| v.is_none_or(f64::is_finite);
        if !finite(self.target) || !finite(self.tolerance) {
            out.push(FieldError::new("target", "Must be a number."));
        }
        let target_problems = out.len();
        match self.target {
            None => out.push(FieldError::new(
                "target",
                "A target is required: health is judged against it.",
            )),
            Some(t) if self.direction == Direction::Higher && t <= 0.0 => {
                out.push(FieldError::new(
                    "target",
                    "For higher is better, the target must be above 0.",
                ))
            }
            Some(t) if t < 0.0 && self.direction == Direction::Lower => out.push(FieldError::new(
                "target",
                "For lower is better, the target cannot be below 0.",
            )),
            _ => {}
        }
        if self.direction == Direction::Near && !self.tolerance.is_some_and(|t| t > 0.0) {
            out.push(FieldError::new(
                "tolerance",
                "Near a target needs a tolerance above 0: how far either side is still healthy.",
            ));
        }
        if let Some(l) = self.lines().filter(|_| out.len() == target_problems) {
            let consistent = match self.direction {
                Direction::Higher => l.healthy > l.watch,
                Direction::Lower | Direction::Near => l.healthy < l.watch,
            };
            let message = match self.direction {
                Direction::Higher => {
                    "For higher is better, the healthy line must be above the watch line."
                }
                Direction::Lower => {
                    "For lower is better, the healthy line must be below the watch line."
                }
                Direction::Near => {
                    "Near a target, the healthy band must be narrower than the watch band."
                }
            };
            if !consistent || !l.healthy.is_finite() || !l.watch.is_finite() {
                out.push(FieldError::new("healthy_at", message));
            }
        }
        if self.kind == IndicatorKind::Lagging && !self.drives.is_empty() {
            out.push(FieldError::new(
                "drives",
                "Only a leading indicator drives others: a result is driven, it does not drive.",
            ));
        }
        out
    }
}

/// A number as people write it: no trailing zeros, at most two decimals ("45", "4.5", "0.33").
pub fn number(v: f64) -> String {
    let s = format!("{:.2}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// Reads a number as typed: "45", "4.5", " 1,250 " (thousands commas); None for anything else.
pub fn parse_number(text: &str) -> Option<f64> {
    let t = text.trim().replace(',', "");
    if t.is_empty() {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Checks a reading as typed, given the indicator's readings so far: a number, not in the future,
/// and not a second one on the same day (the caller asks whether to replace that one).
pub fn check_reading(
    value: &str,
    on: Option<Date>,
    existing: &[Reading],
    today: Date,
) -> Result<(Date, f64), FieldError> {
    let Some(v) = parse_number(value) else {
        return Err(FieldError::new(
            "value",
            "Must be a number, like 42 or 3.5.",
        ));
    };
    let Some(on) = on else {
        return Err(FieldError::new("on", "A date is required."));
    };
    if on > today {
        return Err(FieldError::new(
            "on",
            "Is in the future: a reading records what happened.",
        ));
    }
    if existing.iter().any(|r| r.on == on) {
        return Err(FieldError::new(
            "on",
            "There is already a reading on this day. Replace it?",
        ));
    }
    Ok((on, v))
}

/// The readings, oldest first, and the latest with the change from the one before it.
pub fn latest_change(readings: &[Reading]) -> Option<(&Reading, Option<f64>)> {
    let mut sorted: Vec<&Reading> = readings.iter().collect();
    sorted.sort_by_key(|r| r.on);
    let last = *sorted.last()?;
    let change = sorted
        .len()
        .checked_sub(2)
        .map(|i| last.value - sorted[i].value);
    Some((last, change))
}
