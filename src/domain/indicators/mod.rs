//! Leading and lagging indicators (section 4.2 of the method): what each measures, its target
//! and thresholds, its health from a reading, and the links from drivers to results. The
//! scorecard's perspectives, the lead-lag analysis and the readings' CSV live beside it.
use serde::{Deserialize, Serialize};

use crate::domain::dates::Date;
use crate::domain::scope::{Scope, Scoped};
use crate::domain::FieldError;

pub mod csv;
pub mod demo;
pub mod leadlag;
pub mod links;
pub mod scorecard;

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
    /// "Leading" or "Lagging", as a tag or a table cell says it.
    pub fn short(self) -> &'static str {
        match self {
            IndicatorKind::Leading => "Leading",
            IndicatorKind::Lagging => "Lagging",
        }
    }

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

    /// The name stored and used in forms (as serde writes it).
    pub fn key(self) -> &'static str {
        match self {
            Perspective::Results => "results",
            Perspective::Customer => "customer",
            Perspective::Process => "process",
            Perspective::Learning => "learning",
        }
    }

    /// The perspective of a key; the default for an unknown one.
    pub fn from_key(key: &str) -> Perspective {
        Perspective::ALL
            .into_iter()
            .find(|p| p.key() == key)
            .unwrap_or_default()
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
    /// The ids of the indicators it drives, further up the strategy map: an activity drives a
    /// result, and a customer result drives a financial one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub drives: Vec<String>,
}

/// One reading of an indicator. Stored as a short list, `["2026-11-30",42]`, with the note and
/// the self-report flag after it only when there are any: a team's three years of weekly
/// readings stay small.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reading {
    pub on: Date,
    pub value: f64,
    pub note: String,
    /// Reported by the person themselves (member mode).
    pub by_self: bool,
}

impl Serialize for Reading {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let len = if self.by_self {
            4
        } else if self.note.is_empty() {
            2
        } else {
            3
        };
        let mut seq = s.serialize_seq(Some(len))?;
        seq.serialize_element(&self.on)?;
        // A whole number without its ".0".
        if self.value.fract() == 0.0 && self.value.abs() < 1e15 {
            seq.serialize_element(&(self.value as i64))?;
        } else {
            seq.serialize_element(&self.value)?;
        }
        if len > 2 {
            seq.serialize_element(&self.note)?;
        }
        if len > 3 {
            seq.serialize_element(&true)?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for Reading {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        /// The note and the flag are left out when unset.
        #[derive(Deserialize)]
        struct Long(Date, f64, #[serde(default)] String, #[serde(default)] bool);
        let Long(on, value, note, by_self) = Long::deserialize(d)?;
        Ok(Reading {
            on,
            value,
            note,
            by_self,
        })
    }
}

/// One indicator's readings in one calendar month: the stored record. A month at a time keeps
/// each save small however long the history grows, and two devices adding readings in the same
/// month each keep their own record (the indicator's readings are all of them together).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReadingMonth {
    /// The indicator's record id.
    pub indicator: String,
    /// The indicator's owner (a person's id, or empty for the team): it decides who may read.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    pub readings: Vec<Reading>,
}

impl ReadingMonth {
    /// The month it holds, as (year, month), from its first reading.
    pub fn month(&self) -> Option<(i32, u32)> {
        self.readings.first().map(|r| (r.on.year(), r.on.month()))
    }

    pub fn problems(&self) -> Vec<FieldError> {
        let mut out = vec![];
        if self.indicator.trim().is_empty() {
            out.push(FieldError::new("indicator", "Names no indicator."));
        }
        if self.readings.iter().any(|r| !r.value.is_finite()) {
            out.push(FieldError::new("value", "Must be a number."));
        }
        let month = self.month();
        if self
            .readings
            .iter()
            .any(|r| Some((r.on.year(), r.on.month())) != month)
        {
            out.push(FieldError::new("on", "Readings of more than one month."));
        }
        out
    }
}

impl Scoped for Indicator {
    /// The team's indicators are the team's; a person's are theirs and the manager's.
    fn default_scope(&self) -> Scope {
        Scope::of_person(&self.owner)
    }
}

impl Scoped for ReadingMonth {
    /// As its indicator's.
    fn default_scope(&self) -> Scope {
        Scope::of_person(&self.owner)
    }
}

/// Every reading of `indicator` from its months' records, oldest first; where two records hold
/// a reading on the same day (two devices), the later record's wins.
pub fn readings_of<'a>(
    indicator: &str,
    months: impl IntoIterator<Item = &'a ReadingMonth>,
) -> Vec<Reading> {
    let mut out: Vec<Reading> = vec![];
    for m in months.into_iter().filter(|m| m.indicator == indicator) {
        for r in &m.readings {
            match out.iter_mut().find(|x| x.on == r.on) {
                Some(x) => *x = r.clone(),
                None => out.push(r.clone()),
            }
        }
    }
    out.sort_by_key(|r| r.on);
    out
}

/// Puts `reading` into its month's record (`month`, if this device has one), replacing a reading
/// on the same day: the record to save.
pub fn with_reading(
    month: Option<&ReadingMonth>,
    indicator: &str,
    owner: &str,
    reading: Reading,
) -> ReadingMonth {
    let mut m = month.cloned().unwrap_or_else(|| ReadingMonth {
        indicator: indicator.to_string(),
        owner: owner.to_string(),
        readings: vec![],
    });
    m.readings.retain(|r| r.on != reading.on);
    m.readings.push(reading);
    m.readings.sort_by_key(|r| r.on);
    m
}

/// Groups readings into months, for an import or the demo: (year, month) → readings.
pub fn by_month(readings: &[Reading]) -> Vec<Vec<Reading>> {
    let mut out: Vec<Vec<Reading>> = vec![];
    let mut sorted: Vec<&Reading> = readings.iter().collect();
    sorted.sort_by_key(|r| r.on);
    for r in sorted {
        match out.last_mut() {
            Some(m) if (m[0].on.year(), m[0].on.month()) == (r.on.year(), r.on.month()) => {
                m.push(r.clone())
            }
            _ => out.push(vec![r.clone()]),
        }
    }
    out
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

    pub fn unit_suffix(&self) -> String {
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
        if self.perspective == Perspective::Results && !self.drives.is_empty() {
            out.push(FieldError::new(
                "drives",
                "A financial or results measure is the top of the map: it is driven, it drives nothing.",
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
