//! Goals in the method's hierarchy: strategic (a year), tactical (a quarter), operational (a
//! month or a week). A goal measures a number from a start to a target, or a list of
//! milestones; lower goals align to one above, and progress rolls up by weight.
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::dates::{add_days, month_end, month_name, ymd, Date};
use super::validate::{max_len, required_text, FieldError};

pub const TITLE_MAX: usize = 200;
pub const TEXT_MAX: usize = 2000;
pub const UNIT_MAX: usize = 40;

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum GoalLevel {
    Strategic,
    Tactical,
    #[default]
    Operational,
}

impl GoalLevel {
    pub const ALL: [GoalLevel; 3] = [
        GoalLevel::Strategic,
        GoalLevel::Tactical,
        GoalLevel::Operational,
    ];

    pub fn key(self) -> &'static str {
        match self {
            GoalLevel::Strategic => "strategic",
            GoalLevel::Tactical => "tactical",
            GoalLevel::Operational => "operational",
        }
    }
    pub fn from_key(key: &str) -> Option<GoalLevel> {
        GoalLevel::ALL.into_iter().find(|l| l.key() == key)
    }
    pub fn label(self) -> &'static str {
        match self {
            GoalLevel::Strategic => "Strategic",
            GoalLevel::Tactical => "Tactical",
            GoalLevel::Operational => "Operational",
        }
    }
    /// What the level covers, in the method's words.
    pub fn horizon_label(self) -> &'static str {
        match self {
            GoalLevel::Strategic => "annual",
            GoalLevel::Tactical => "quarterly",
            GoalLevel::Operational => "monthly or weekly",
        }
    }
    /// How many goals of this level one owner should hold in a period (the method's ranges).
    pub fn range(self) -> (usize, usize) {
        match self {
            GoalLevel::Strategic => (3, 5),
            GoalLevel::Tactical => (5, 8),
            GoalLevel::Operational => (8, 12),
        }
    }
    /// The longest sensible span from a goal's start to its deadline, in days.
    pub fn horizon_days(self) -> i64 {
        match self {
            GoalLevel::Strategic => 366,
            GoalLevel::Tactical => 92,
            GoalLevel::Operational => 31,
        }
    }
    /// True when `self` sits above `other` (strategic above tactical above operational).
    pub fn is_above(self, other: GoalLevel) -> bool {
        self < other
    }
    /// The level a goal of this level aligns to, if any.
    pub fn parent(self) -> Option<GoalLevel> {
        match self {
            GoalLevel::Strategic => None,
            GoalLevel::Tactical => Some(GoalLevel::Strategic),
            GoalLevel::Operational => Some(GoalLevel::Tactical),
        }
    }
    /// The period a new goal of this level covers on `day`.
    pub fn period_on(self, day: Date) -> Period {
        match self {
            GoalLevel::Strategic => Period::Year(day.year()),
            GoalLevel::Tactical => Period::Quarter(day.year(), day.month0() / 3 + 1),
            GoalLevel::Operational => Period::Month(day.year(), day.month()),
        }
    }
}

/// The span a goal belongs to: a year, a quarter, a month or an ISO week. Stored as
/// "2026", "2026-Q4", "2026-11" or "2026-W48".
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Year(i32),
    Quarter(i32, u32),
    Month(i32, u32),
    Week(i32, u32),
}

impl Period {
    pub fn key(self) -> String {
        match self {
            Period::Year(y) => format!("{y}"),
            Period::Quarter(y, q) => format!("{y}-Q{q}"),
            Period::Month(y, m) => format!("{y}-{m:02}"),
            Period::Week(y, w) => format!("{y}-W{w:02}"),
        }
    }

    pub fn parse(key: &str) -> Option<Period> {
        let key = key.trim();
        let (y, rest) = match key.split_once('-') {
            None => {
                return key
                    .parse()
                    .ok()
                    .filter(|y| (1900..=9999).contains(y))
                    .map(Period::Year)
            }
            Some(parts) => parts,
        };
        let y: i32 = y.parse().ok().filter(|y| (1900..=9999).contains(y))?;
        let num = |s: &str, max: u32| s.parse::<u32>().ok().filter(|n| (1..=max).contains(n));
        let p = if let Some(q) = rest.strip_prefix('Q') {
            Period::Quarter(y, num(q, 4)?)
        } else if let Some(w) = rest.strip_prefix('W') {
            let w = num(w, 53)?;
            Date::from_iso_week(y, w)?;
            Period::Week(y, w)
        } else {
            Period::Month(y, num(rest, 12)?)
        };
        Some(p)
    }

    pub fn label(self) -> String {
        match self {
            Period::Year(y) => format!("{y}"),
            Period::Quarter(y, q) => format!("Q{q} {y}"),
            Period::Month(y, m) => format!("{} {y}", month_name(m)),
            Period::Week(y, w) => format!("Week {w}, {y}"),
        }
    }

    pub fn start(self) -> Date {
        let d = match self {
            Period::Year(y) => ymd(y, 1, 1),
            Period::Quarter(y, q) => ymd(y, (q - 1) * 3 + 1, 1),
            Period::Month(y, m) => ymd(y, m, 1),
            Period::Week(y, w) => Date::from_iso_week(y, w),
        };
        d.expect("periods are validated when made")
    }

    pub fn end(self) -> Date {
        match self {
            Period::Year(y) => month_end(y, 12),
            Period::Quarter(y, q) => month_end(y, q * 3),
            Period::Month(y, m) => month_end(y, m),
            Period::Week(..) => add_days(self.start(), 6),
        }
    }

    /// The period right after this one, of the same kind.
    pub fn next(self) -> Period {
        match self {
            Period::Year(y) => Period::Year(y + 1),
            Period::Quarter(y, 4) => Period::Quarter(y + 1, 1),
            Period::Quarter(y, q) => Period::Quarter(y, q + 1),
            Period::Month(y, 12) => Period::Month(y + 1, 1),
            Period::Month(y, m) => Period::Month(y, m + 1),
            Period::Week(..) => {
                let (y, w) = add_days(self.start(), 7).iso_week();
                Period::Week(y, w)
            }
        }
    }

    /// The ISO week containing `day`.
    pub fn week_of(day: Date) -> Period {
        let (y, w) = day.iso_week();
        Period::Week(y, w)
    }

    /// True when this kind of period suits goals of `level`.
    pub fn suits(self, level: GoalLevel) -> bool {
        matches!(
            (self, level),
            (Period::Year(_), GoalLevel::Strategic)
                | (Period::Quarter(..), GoalLevel::Tactical)
                | (Period::Month(..) | Period::Week(..), GoalLevel::Operational)
        )
    }

    pub fn contains(self, day: Date) -> bool {
        self.start() <= day && day <= self.end()
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.key())
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let key = String::deserialize(d)?;
        Period::parse(&key)
            .ok_or_else(|| serde::de::Error::custom(format!("not a period: \"{key}\"")))
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    #[default]
    Up,
    Down,
}

/// A number moving from `start` to `target`; `current` is the latest reading.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Measure {
    #[serde(default)]
    pub unit: String,
    pub start: f64,
    pub target: f64,
    pub current: f64,
    #[serde(default)]
    pub direction: Direction,
}

impl Measure {
    /// Share of the way from start to target, 0.0 to 1.0 (going the wrong way counts as 0).
    pub fn progress(&self) -> f64 {
        let span = self.target - self.start;
        if span == 0.0 || !span.is_finite() {
            return 0.0;
        }
        ((self.current - self.start) / span).clamp(0.0, 1.0)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Milestone {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_on: Option<Date>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    OnTrack,
    AtRisk,
    OffTrack,
    Done,
    Dropped,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::OnTrack,
        Status::AtRisk,
        Status::OffTrack,
        Status::Done,
        Status::Dropped,
    ];
    pub fn key(self) -> &'static str {
        match self {
            Status::OnTrack => "on_track",
            Status::AtRisk => "at_risk",
            Status::OffTrack => "off_track",
            Status::Done => "done",
            Status::Dropped => "dropped",
        }
    }
    pub fn from_key(key: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.key() == key)
    }
    pub fn label(self) -> &'static str {
        match self {
            Status::OnTrack => "On track",
            Status::AtRisk => "At risk",
            Status::OffTrack => "Off track",
            Status::Done => "Done",
            Status::Dropped => "Dropped",
        }
    }
    /// Done and dropped goals are finished: they are not carried into the next period.
    pub fn is_closed(self) -> bool {
        matches!(self, Status::Done | Status::Dropped)
    }
}

/// A status set by hand overrides the one derived from pace, and says why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ManualStatus {
    pub status: Status,
    #[serde(default)]
    pub reason: String,
}

/// One progress update: a new reading, a milestone reached, and/or a confidence, with a note.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProgressUpdate {
    pub on: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// The title of the milestone marked done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub milestone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<u8>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Recorded by the goal's owner in member mode (a self-report), not by the manager.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub by_self: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The owning person's record id, or empty for the team.
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub level: GoalLevel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Date>,
    pub due: Option<Date>,
    /// The id of the goal one level up this one serves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aligned_to: Option<String>,
    /// Why it matters (required of strategic goals, which align to nothing above).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub relevance: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<Measure>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<Milestone>,
    /// Share of the parent's progress this goal carries, in percent; None shares what is left.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ManualStatus>,
    /// How sure the owner is of reaching it, 1-10 (history in `updates`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<u8>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub updates: Vec<ProgressUpdate>,
    /// The goal of the previous period this one continues.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carried_from: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub archived: bool,
    /// The skills of the framework (record ids) it needs: gaps in them rank higher.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<String>,
    /// For a team goal: the scorecard perspective it is an objective of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub perspective: Option<crate::domain::indicators::Perspective>,
    /// The indicator (record id) its measure follows: each reading moves its current value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator: Option<String>,
    /// Progress set directly, 0.0 to 1.0: the first, minimal goal shape, used only when the
    /// goal has no measure, no milestones and no aligned goals.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub progress: f64,
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

impl Goal {
    /// Checks a stored or imported goal on its own (links to other goals are checked by
    /// `check_links`, which needs the others).
    pub fn problems(&self) -> Vec<FieldError> {
        let mut out = vec![];
        required_text("title", "Title", &self.title, TITLE_MAX, &mut out);
        max_len(
            "description",
            "Description",
            &self.description,
            TEXT_MAX,
            &mut out,
        );
        max_len(
            "relevance",
            "Why it matters",
            &self.relevance,
            TEXT_MAX,
            &mut out,
        );
        if !(0.0..=1.0).contains(&self.progress) {
            out.push(FieldError::new(
                "progress",
                "Progress must be between 0 and 100 %.",
            ));
        }
        if let (Some(start), Some(due)) = (self.start, self.due) {
            if due < start {
                out.push(FieldError::new(
                    "due",
                    "The deadline is before the start date: pick a deadline on or after the start.",
                ));
            }
        }
        if let Some(m) = &self.measure {
            check_measure(m, &mut out);
        }
        if let Some(w) = self.weight {
            if w > 100 {
                out.push(FieldError::new(
                    "weight",
                    "Weight must be between 0 and 100 %.",
                ));
            }
        }
        if let Some(c) = self.confidence {
            if !(1..=10).contains(&c) {
                out.push(FieldError::new(
                    "confidence",
                    "Confidence is a number from 1 to 10.",
                ));
            }
        }
        if let Some(p) = self.period {
            if !p.suits(self.level) {
                out.push(FieldError::new(
                    "period",
                    format!(
                        "{} goals cover {} periods; {} does not fit.",
                        self.level.label(),
                        self.level.horizon_label(),
                        p.label()
                    ),
                ));
            }
        }
        out
    }

    /// Own progress, 0.0 to 1.0: from the measure, else the milestones, else the direct figure.
    /// None when the goal measures nothing itself (then its aligned goals decide).
    pub fn own_progress(&self) -> Option<f64> {
        if let Some(m) = &self.measure {
            return Some(m.progress());
        }
        if !self.milestones.is_empty() {
            let done = self
                .milestones
                .iter()
                .filter(|m| m.done_on.is_some())
                .count();
            return Some(done as f64 / self.milestones.len() as f64);
        }
        (self.progress > 0.0).then_some(self.progress)
    }

    /// The start of the span pace is measured over: the start date, else the period's start.
    pub fn starts_on(&self) -> Option<Date> {
        self.start.or(self.period.map(Period::start))
    }

    /// Dropped and archived goals take no part in roll-ups and counts.
    pub fn is_active(&self) -> bool {
        !self.archived && !matches!(&self.status, Some(s) if s.status == Status::Dropped)
    }
}

fn check_measure(m: &Measure, out: &mut Vec<FieldError>) {
    max_len("unit", "Unit", &m.unit, UNIT_MAX, out);
    if ![m.start, m.target, m.current].iter().all(|x| x.is_finite()) {
        out.push(FieldError::new(
            "target",
            "Start, target and current must be numbers.",
        ));
    } else if m.target == m.start {
        out.push(FieldError::new(
            "target",
            "The target equals the start, so there is nothing to measure: set where it should end up.",
        ));
    } else if m.direction == Direction::Up && m.target < m.start {
        out.push(FieldError::new(
            "target",
            "This measure should go up, but the target is below the start: raise the target or choose \u{201c}down\u{201d}.",
        ));
    } else if m.direction == Direction::Down && m.target > m.start {
        out.push(FieldError::new(
            "target",
            "This measure should go down, but the target is above the start: lower the target or choose \u{201c}up\u{201d}.",
        ));
    }
}

/// What a goal form holds while the user types: raw strings, turned into a goal on save.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GoalDraft {
    pub title: String,
    pub description: String,
    pub owner: String,
    pub level: String,
    pub period: String,
    pub start: String,
    pub due: String,
    pub aligned_to: String,
    pub relevance: String,
    /// "number", "milestones" or "none".
    pub measure_kind: String,
    pub unit: String,
    pub start_value: String,
    pub target: String,
    pub current: String,
    pub direction: String,
    /// One milestone a row: (title, due date).
    pub milestones: Vec<(String, String)>,
    pub weight: String,
    /// The skills (record ids) it needs.
    pub skills: Vec<String>,
}

/// A number as people type it: "7.2", "1,250", "85 %", "-3".
pub fn parse_number(s: &str) -> Option<f64> {
    let cleaned: String = s
        .trim()
        .trim_end_matches('%')
        .chars()
        .filter(|c| *c != ',' && *c != '_' && !c.is_whitespace())
        .collect();
    cleaned.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// At most two decimals, without trailing zeros. Integer arithmetic on purpose: Rust's float
/// formatting machinery costs the app bundle over 10 KB.
fn fmt_num(x: f64) -> String {
    let hundredths = (x * 100.0).round() as i64;
    let (sign, n) = if hundredths < 0 {
        ("-", -hundredths)
    } else {
        ("", hundredths)
    };
    let (whole, frac) = (n / 100, n % 100);
    match frac {
        0 => format!("{sign}{whole}"),
        f if f % 10 == 0 => format!("{sign}{whole}.{}", f / 10),
        f => format!("{sign}{whole}.{f:02}"),
    }
}

/// A number for people to read: "8.5", "1250", "12".
pub fn format_number(x: f64) -> String {
    fmt_num(x)
}

impl GoalDraft {
    /// The draft of an existing goal, for editing.
    pub fn of(goal: &Goal) -> GoalDraft {
        let date = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
        let (kind, m) = match (&goal.measure, goal.milestones.is_empty()) {
            (Some(m), _) => ("number", m.clone()),
            (None, false) => ("milestones", Measure::default()),
            (None, true) => ("none", Measure::default()),
        };
        let has_measure = goal.measure.is_some();
        let num = |x: f64| {
            if has_measure {
                fmt_num(x)
            } else {
                String::new()
            }
        };
        GoalDraft {
            title: goal.title.clone(),
            description: goal.description.clone(),
            owner: goal.owner.clone(),
            level: goal.level.key().into(),
            period: goal.period.map(Period::key).unwrap_or_default(),
            start: date(goal.start),
            due: date(goal.due),
            aligned_to: goal.aligned_to.clone().unwrap_or_default(),
            relevance: goal.relevance.clone(),
            measure_kind: kind.into(),
            unit: m.unit.clone(),
            start_value: num(m.start),
            target: num(m.target),
            current: num(m.current),
            direction: if m.direction == Direction::Down {
                "down"
            } else {
                "up"
            }
            .into(),
            milestones: goal
                .milestones
                .iter()
                .map(|ms| (ms.title.clone(), date(ms.due)))
                .collect(),
            weight: goal.weight.map(|w| w.to_string()).unwrap_or_default(),
            skills: goal.skills.clone(),
        }
    }

    /// Turns the draft into a goal on top of `base` (which keeps history, status and the like),
    /// or says what is wrong, field by field. Links to other goals are checked by `check_links`.
    pub fn validate(&self, base: &Goal) -> Result<Goal, Vec<FieldError>> {
        let (goal, errors) = self.build(base);
        if errors.is_empty() {
            Ok(goal)
        } else {
            Err(errors)
        }
    }

    /// The goal as far as the draft makes sense (for the live checker while the user types),
    /// and what is wrong with it.
    pub fn build(&self, base: &Goal) -> (Goal, Vec<FieldError>) {
        let mut errors = vec![];
        let mut goal = base.clone();
        goal.title = self.title.trim().to_string();
        goal.description = self.description.trim().to_string();
        goal.relevance = self.relevance.trim().to_string();
        goal.skills = self.skills.clone();
        goal.owner = self.owner.trim().to_string();
        goal.level = GoalLevel::from_key(&self.level).unwrap_or_default();
        let date = |field: &'static str, label: &str, s: &str, errors: &mut Vec<FieldError>| {
            if s.trim().is_empty() {
                return None;
            }
            let d = super::dates::parse_iso(s);
            if d.is_none() {
                errors.push(FieldError::new(
                    field,
                    format!("{label} is not a date: use the date picker or YYYY-MM-DD."),
                ));
            }
            d
        };
        goal.start = date("start", "Start", &self.start, &mut errors);
        goal.due = date("due", "Deadline", &self.due, &mut errors);
        goal.period = if self.period.trim().is_empty() {
            None
        } else {
            let p = Period::parse(&self.period);
            if p.is_none() {
                errors.push(FieldError::new(
                    "period",
                    "Pick a period: a year (2026), quarter (2026-Q4), month (2026-11) or week (2026-W48).",
                ));
            }
            p
        };
        goal.aligned_to = Some(self.aligned_to.trim().to_string()).filter(|s| !s.is_empty());
        goal.weight = if self.weight.trim().is_empty() {
            None
        } else {
            match parse_number(&self.weight) {
                Some(w) if (0.0..=100.0).contains(&w) => Some(w.round() as u8),
                _ => {
                    errors.push(FieldError::new(
                        "weight",
                        "Weight is a share of the parent goal, from 0 to 100 %.",
                    ));
                    None
                }
            }
        };
        goal.measure = None;
        goal.milestones = vec![];
        match self.measure_kind.as_str() {
            "number" => {
                let mut num = |field: &'static str, label: &str, s: &str, required: bool| {
                    if s.trim().is_empty() && !required {
                        return None;
                    }
                    let n = parse_number(s);
                    if n.is_none() {
                        errors.push(FieldError::new(
                            field,
                            if s.trim().is_empty() {
                                format!("{label} is required for a number measure.")
                            } else {
                                format!("{label} must be a number, like 7.2 or 1,250.")
                            },
                        ));
                    }
                    n
                };
                let start = num("start_value", "Start", &self.start_value, true);
                let target = num("target", "Target", &self.target, true);
                let current = num("current", "Current", &self.current, false);
                if let (Some(start), Some(target)) = (start, target) {
                    goal.measure = Some(Measure {
                        unit: self.unit.trim().to_string(),
                        start,
                        target,
                        current: current.unwrap_or(start),
                        direction: if self.direction == "down" {
                            Direction::Down
                        } else {
                            Direction::Up
                        },
                    });
                }
            }
            "milestones" => {
                let old = &base.milestones;
                for (i, (title, due)) in self.milestones.iter().enumerate() {
                    let title = title.trim();
                    if title.is_empty() && due.trim().is_empty() {
                        continue;
                    }
                    if title.is_empty() {
                        errors.push(FieldError::new(
                            "milestones",
                            format!("Milestone {} has a date but no name.", i + 1),
                        ));
                        continue;
                    }
                    let due = date("milestones", "A milestone date", due, &mut errors);
                    let done_on = old
                        .iter()
                        .find(|m| m.title == title)
                        .and_then(|m| m.done_on);
                    goal.milestones.push(Milestone {
                        title: title.to_string(),
                        due,
                        done_on,
                    });
                }
                if goal.milestones.is_empty() && errors.iter().all(|e| e.field != "milestones") {
                    errors.push(FieldError::new(
                        "milestones",
                        "Add at least one milestone, or measure a number instead.",
                    ));
                }
            }
            _ => {}
        }
        let checked = goal.problems();
        for e in checked {
            if errors.iter().all(|x| x.field != e.field) {
                errors.push(e);
            }
        }
        (goal, errors)
    }
}

/// Every goal by id: what alignment checks, roll-ups and lists look goals up in. A team holds
/// tens to a few hundred goals, so a plain list searched in order is fast enough, and keeps
/// hash-map code out of the bundle.
pub struct GoalSet<'a> {
    goals: Vec<(&'a str, &'a Goal)>,
}

impl<'a> GoalSet<'a> {
    pub fn new(goals: impl IntoIterator<Item = (&'a str, &'a Goal)>) -> Self {
        GoalSet {
            goals: goals.into_iter().collect(),
        }
    }
    pub fn get(&self, id: &str) -> Option<&'a Goal> {
        self.goals.iter().find(|(i, _)| *i == id).map(|(_, g)| *g)
    }
    pub fn iter(&self) -> impl Iterator<Item = (&'a str, &'a Goal)> + '_ {
        self.goals.iter().copied()
    }
    /// Active goals aligned directly to `id`.
    pub fn children(&self, id: &str) -> Vec<(&'a str, &'a Goal)> {
        self.goals
            .iter()
            .copied()
            .filter(|(_, g)| g.is_active() && g.aligned_to.as_deref() == Some(id))
            .collect()
    }
}

/// Checks `goal` (saved as `id`, or new) against the other goals: alignment direction and
/// cycles, the level of goals aligned to it, and the weights of its siblings.
pub fn check_links(goal: &Goal, id: Option<&str>, all: &GoalSet) -> Vec<FieldError> {
    let mut out = vec![];
    if let Some(parent_id) = goal.aligned_to.as_deref() {
        match all.get(parent_id) {
            None => out.push(FieldError::new(
                "aligned_to",
                "The goal it aligned to no longer exists: pick another one.",
            )),
            Some(parent) if id == Some(parent_id) => {
                let _ = parent;
                out.push(FieldError::new("aligned_to", "A goal cannot align to itself."));
            }
            Some(parent) if !parent.level.is_above(goal.level) => out.push(FieldError::new(
                "aligned_to",
                format!(
                    "A {} goal aligns to a goal above it, but \u{201c}{}\u{201d} is {}: pick a {} goal.",
                    goal.level.label().to_ascii_lowercase(),
                    parent.title,
                    parent.level.label().to_ascii_lowercase(),
                    goal.level.parent().map(|l| l.label().to_ascii_lowercase()).unwrap_or_default()
                ),
            )),
            Some(parent) => {
                // Walk up from the parent: meeting this goal again would close a loop.
                let mut seen = vec![parent_id];
                let mut up = parent.aligned_to.as_deref();
                while let Some(next) = up {
                    if Some(next) == id {
                        out.push(FieldError::new(
                            "aligned_to",
                            format!(
                                "\u{201c}{}\u{201d} already aligns, through the goals above it, to this goal: aligning to it would make a loop.",
                                parent.title
                            ),
                        ));
                        break;
                    }
                    if seen.contains(&next) {
                        break;
                    }
                    seen.push(next);
                    up = all.get(next).and_then(|g| g.aligned_to.as_deref());
                }
                if let Some(w) = goal.weight {
                    let others: u32 = all
                        .children(parent_id)
                        .iter()
                        .filter(|(cid, _)| Some(*cid) != id)
                        .filter_map(|(_, g)| g.weight)
                        .map(u32::from)
                        .sum();
                    if others + u32::from(w) > 100 {
                        out.push(FieldError::new(
                            "weight",
                            format!(
                                "Goals aligned to \u{201c}{}\u{201d} would weigh {} % together; at most 100 %. The others already use {} %, so this one can have up to {} %.",
                                parent.title,
                                others + u32::from(w),
                                others,
                                100u32.saturating_sub(others)
                            ),
                        ));
                    }
                }
            }
        }
    } else if goal.weight.is_some_and(|w| w > 0) {
        // A weight without a parent means nothing; not an error, just ignored.
    }
    if let Some(id) = id {
        let below: Vec<_> = all
            .children(id)
            .into_iter()
            .filter(|(_, c)| !goal.level.is_above(c.level))
            .collect();
        if !below.is_empty() {
            out.push(FieldError::new(
                "level",
                format!(
                    "{} goal(s) align to this one at the {} level or lower, e.g. \u{201c}{}\u{201d}: a goal must sit above the goals aligned to it.",
                    below.len(),
                    goal.level.label().to_ascii_lowercase(),
                    below[0].1.title
                ),
            ));
        }
    }
    out
}

/// A goal's progress and where it comes from.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    /// 0.0 to 1.0; None when nothing measures it yet.
    pub value: Option<f64>,
    pub source: ProgressSource,
    /// Caveats of a roll-up: children without a measure, weights not adding up to 100 %.
    pub notes: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProgressSource {
    /// Its own measure or milestones (these win over aligned goals).
    Own,
    /// Rolled up from the goals aligned to it, by weight.
    Children,
    None,
}

/// The weights the roll-up uses, in percent, for each child in order: set weights as they are,
/// unset ones sharing what is left equally; all scaled to add up to 100 %.
pub fn effective_weights(weights: &[Option<u8>]) -> Vec<f64> {
    if weights.is_empty() {
        return vec![];
    }
    let set: f64 = weights.iter().flatten().map(|&w| f64::from(w)).sum();
    let unset = weights.iter().filter(|w| w.is_none()).count();
    let share = if unset > 0 {
        ((100.0 - set).max(0.0)) / unset as f64
    } else {
        0.0
    };
    let raw: Vec<f64> = weights
        .iter()
        .map(|w| w.map(f64::from).unwrap_or(share))
        .collect();
    let total: f64 = raw.iter().sum();
    if total <= 0.0 {
        // Every weight is zero: count them equally rather than divide by nothing.
        return vec![100.0 / weights.len() as f64; weights.len()];
    }
    raw.iter().map(|w| w * 100.0 / total).collect()
}

/// Progress of goal `id`: its own measure when it has one, else the weighted progress of the
/// active goals aligned to it (a child that measures nothing counts as 0 %).
pub fn progress(id: &str, all: &GoalSet) -> Progress {
    progress_depth(id, all, 0)
}

fn progress_depth(id: &str, all: &GoalSet, depth: usize) -> Progress {
    let none = Progress {
        value: None,
        source: ProgressSource::None,
        notes: vec![],
    };
    let Some(goal) = all.get(id) else { return none };
    if let Some(v) = goal.own_progress() {
        return Progress {
            value: Some(v),
            source: ProgressSource::Own,
            notes: vec![],
        };
    }
    let children = all.children(id);
    // Levels only go down, so depth beyond three means stored data has a loop.
    if children.is_empty() || depth > 3 {
        return none;
    }
    let weights = effective_weights(&children.iter().map(|(_, g)| g.weight).collect::<Vec<_>>());
    let mut notes = vec![];
    let mut unmeasured = 0;
    let mut sum = 0.0;
    for ((cid, _), w) in children.iter().zip(&weights) {
        match progress_depth(cid, all, depth + 1).value {
            Some(v) => sum += v * w / 100.0,
            None => unmeasured += 1,
        }
    }
    if unmeasured > 0 {
        notes.push(format!(
            "{unmeasured} of {} aligned goals measure nothing yet and count as 0 %.",
            children.len()
        ));
    }
    let set: u32 = children
        .iter()
        .filter_map(|(_, g)| g.weight)
        .map(u32::from)
        .sum();
    if children.iter().all(|(_, g)| g.weight.is_some()) && set != 100 {
        notes.push(format!(
            "Weights of the aligned goals add up to {set} %; the roll-up scales them to 100 %."
        ));
    }
    Progress {
        value: Some(sum.clamp(0.0, 1.0)),
        source: ProgressSource::Children,
        notes,
    }
}

/// Where a goal stands against the calendar.
#[derive(Clone, Debug, PartialEq)]
pub struct Pace {
    pub status: Status,
    /// Share expected by today, when there is a span to measure against.
    pub expected: Option<f64>,
    /// One line saying why.
    pub explanation: String,
}

/// How far behind the expected progress a goal may be and still be on track, and at risk.
pub const ON_TRACK_GAP: f64 = 0.10;
pub const AT_RISK_GAP: f64 = 0.25;

fn pct(x: f64) -> String {
    format!("{} %", (x * 100.0).round() as i64)
}

/// The goal's status on `today`: set by hand (with its reason), or derived from pace, i.e.
/// progress against the share of the span from start to deadline that has passed.
pub fn pace(goal: &Goal, progress: Option<f64>, today: Date) -> Pace {
    use super::dates::short_date;
    if let Some(manual) = &goal.status {
        let why = if manual.reason.trim().is_empty() {
            "Set by hand.".to_string()
        } else {
            format!("Set by hand: {}", manual.reason.trim())
        };
        return Pace {
            status: manual.status,
            expected: None,
            explanation: why,
        };
    }
    let actual = progress.unwrap_or(0.0);
    if progress.is_some_and(|p| p >= 1.0) {
        return Pace {
            status: Status::Done,
            expected: None,
            explanation: "Target reached.".into(),
        };
    }
    let (Some(start), Some(due)) = (goal.starts_on(), goal.due) else {
        return Pace {
            status: Status::OnTrack,
            expected: None,
            explanation: "No deadline, so there is no pace to check.".into(),
        };
    };
    if today < start {
        return Pace {
            status: Status::OnTrack,
            expected: Some(0.0),
            explanation: format!("Starts {}.", short_date(start)),
        };
    }
    if today > due {
        return Pace {
            status: Status::OffTrack,
            expected: Some(1.0),
            explanation: format!(
                "Deadline {} has passed at {}.",
                short_date(due),
                pct(actual)
            ),
        };
    }
    let span = super::dates::days_between(start, due).max(1) as f64;
    let expected = (super::dates::days_between(start, today) as f64 / span).clamp(0.0, 1.0);
    let gap = expected - actual;
    let status = if gap <= ON_TRACK_GAP {
        Status::OnTrack
    } else if gap <= AT_RISK_GAP {
        Status::AtRisk
    } else {
        Status::OffTrack
    };
    let explanation = if progress.is_none() {
        format!("Nothing measured yet; {} expected by today.", pct(expected))
    } else if gap <= 0.0 {
        format!(
            "{} done, {} expected by today: ahead of pace.",
            pct(actual),
            pct(expected)
        )
    } else {
        format!(
            "{} done, {} expected by today: {} points behind.",
            pct(actual),
            pct(expected),
            (gap * 100.0).round() as i64
        )
    };
    Pace {
        status,
        expected: Some(expected),
        explanation,
    }
}

/// A notice about how many goals one owner holds at one level in one period.
#[derive(Clone, Debug, PartialEq)]
pub struct CountNotice {
    pub level: GoalLevel,
    pub count: usize,
    pub message: String,
}

/// Goals per level for one owner against the method's ranges, for the periods around `day`
/// (its year, quarter, and month with the weeks in it). Empty levels are not noted: people
/// usually work to the team's strategic goals rather than hold their own.
pub fn level_counts<'a>(
    goals: impl IntoIterator<Item = &'a Goal>,
    owner: &str,
    day: Date,
) -> Vec<CountNotice> {
    let goals: Vec<&Goal> = goals
        .into_iter()
        .filter(|g| g.owner == owner && g.is_active())
        .collect();
    let mut out = vec![];
    for level in GoalLevel::ALL {
        let period = level.period_on(day);
        let count = goals
            .iter()
            .filter(|g| g.level == level)
            .filter(|g| match g.period {
                Some(p @ Period::Week(..)) => {
                    period.contains(p.start()) || period.contains(p.end())
                }
                Some(p) => p == period,
                None => g.due.is_some_and(|d| period.contains(d)),
            })
            .count();
        let (lo, hi) = level.range();
        let message = if count == 0 {
            // Nothing at this level: the owner works to the team's goals there.
            continue;
        } else if count < lo {
            format!(
                "{} goals in {}: {count}; the method suggests {lo}-{hi}.",
                level.label(),
                period.label()
            )
        } else if count > hi {
            format!(
                "{} goals in {}: {count}, more than the method's {lo}-{hi}: focus on fewer.",
                level.label(),
                period.label()
            )
        } else {
            continue;
        };
        out.push(CountNotice {
            level,
            count,
            message,
        });
    }
    out
}

/// Why a goal is flagged as not aligned, if it is.
pub fn alignment_gap(goal: &Goal, all: &GoalSet) -> Option<&'static str> {
    match (&goal.aligned_to, goal.level) {
        (None, GoalLevel::Strategic) if goal.relevance.trim().is_empty() => {
            Some("No reason given for why it matters.")
        }
        (None, GoalLevel::Strategic) => None,
        (None, _) => Some("Not aligned to a higher goal."),
        (Some(p), _) if all.get(p).is_none() => Some("The goal it aligned to is gone."),
        _ => None,
    }
}

/// What closing a period does: linked copies of unfinished goals in the next period, and the
/// ids of every goal of the period to archive.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PeriodClose {
    /// (new id, copy) for each carried goal.
    pub carried: Vec<(String, Goal)>,
    pub archived: Vec<String>,
}

/// Plans closing `period`: every active goal in it is archived; those not done get a copy in
/// the next period that starts from where the goal stands now, with the same alignment (or
/// the parent's copy, when the parent is carried too).
pub fn close_period(
    all: &GoalSet,
    period: Period,
    today: Date,
    new_id: &mut dyn FnMut() -> String,
) -> PeriodClose {
    let next = period.next();
    let mut plan = PeriodClose::default();
    let mut copies: Vec<(&str, String)> = vec![];
    for (id, goal) in all.iter() {
        if goal.archived || goal.period != Some(period) {
            continue;
        }
        plan.archived.push(id.to_string());
        let progress = progress(id, all).value;
        let status = pace(goal, progress, today).status;
        if status.is_closed() {
            continue;
        }
        let mut copy = goal.clone();
        copy.period = Some(next);
        copy.start = Some(next.start());
        copy.due = Some(next.end());
        copy.updates = vec![];
        copy.status = None;
        copy.carried_from = Some(id.to_string());
        if let Some(m) = &mut copy.measure {
            m.start = m.current;
        }
        for ms in &mut copy.milestones {
            if let Some(d) = ms.due {
                if d < next.start() && ms.done_on.is_none() {
                    ms.due = Some(next.end());
                }
            }
        }
        copy.milestones.retain(|m| m.done_on.is_none());
        let new = new_id();
        copies.push((id, new.clone()));
        plan.carried.push((new, copy));
    }
    for (_, copy) in &mut plan.carried {
        if let Some(parent) = &copy.aligned_to {
            if let Some((_, new)) = copies.iter().find(|(old, _)| old == parent) {
                copy.aligned_to = Some(new.clone());
            }
        }
    }
    plan
}

/// Applies a progress update: a new reading, a milestone reached, a confidence; the update is
/// kept in the history. Says what is wrong instead when the update does not fit the goal.
pub fn record_update(goal: &Goal, update: ProgressUpdate) -> Result<Goal, FieldError> {
    let mut g = goal.clone();
    if let Some(v) = update.value {
        let Some(m) = &mut g.measure else {
            return Err(FieldError::new("value", "This goal measures no number."));
        };
        if !v.is_finite() {
            return Err(FieldError::new("value", "The new value must be a number."));
        }
        m.current = v;
    }
    if let Some(title) = &update.milestone {
        let Some(ms) = g.milestones.iter_mut().find(|m| &m.title == title) else {
            return Err(FieldError::new(
                "milestone",
                "Pick one of the goal's milestones.",
            ));
        };
        if ms.done_on.is_some() {
            return Err(FieldError::new(
                "milestone",
                "That milestone is already done.",
            ));
        }
        ms.done_on = Some(update.on);
    }
    if let Some(c) = update.confidence {
        if !(1..=10).contains(&c) {
            return Err(FieldError::new(
                "confidence",
                "Confidence is a number from 1 to 10.",
            ));
        }
        g.confidence = Some(c);
    }
    if update.value.is_none()
        && update.milestone.is_none()
        && update.confidence.is_none()
        && update.note.trim().is_empty()
    {
        return Err(FieldError::new(
            "value",
            "Enter a new value, a milestone reached, a confidence or a note.",
        ));
    }
    max_len_update(&update)?;
    g.updates.push(update);
    Ok(g)
}

fn max_len_update(u: &ProgressUpdate) -> Result<(), FieldError> {
    let mut e = vec![];
    max_len("note", "Note", &u.note, TEXT_MAX, &mut e);
    e.into_iter().next().map_or(Ok(()), Err)
}

/// Points of a goal's progress over time (day, share 0-1), oldest first: the start, then
/// every update that changed the reading or reached a milestone.
pub fn progress_history(goal: &Goal) -> Vec<(Date, f64)> {
    let mut out = vec![];
    let Some(start) = goal.starts_on() else {
        return out;
    };
    if let Some(m) = &goal.measure {
        let mut probe = m.clone();
        probe.current = m.start;
        out.push((start, probe.progress()));
        for u in &goal.updates {
            if let Some(v) = u.value {
                probe.current = v;
                out.push((u.on, probe.progress()));
            }
        }
    } else if !goal.milestones.is_empty() {
        out.push((start, 0.0));
        let mut done: Vec<Date> = goal.milestones.iter().filter_map(|m| m.done_on).collect();
        sort_small(&mut done, |a, b| a < b);
        let n = goal.milestones.len() as f64;
        for (i, d) in done.into_iter().enumerate() {
            out.push((d, (i + 1) as f64 / n));
        }
    }
    sort_small(&mut out, |a, b| a.0 < b.0);
    out
}

/// A stable insertion sort, for the short lists goals come in (tens to a few hundred items).
/// The standard library's sorts are faster on long lists but add 1.5-3.5 KB of code to the
/// bundle for every element type they sort.
pub fn sort_small<T>(items: &mut [T], less: impl Fn(&T, &T) -> bool) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && less(&items[j], &items[j - 1]) {
            items.swap(j, j - 1);
            j -= 1;
        }
    }
}

#[cfg(test)]
#[path = "goal_tests.rs"]
mod tests;
