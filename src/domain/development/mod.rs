//! Development (method 5.1): a skills framework per role, assessments of people against it,
//! development actions planned for a gap, and stretch assignments. The framework is the team's;
//! everything about one person is theirs and the manager's. Gap analysis, team coverage,
//! staleness and the fairness of stretch work are in `gaps`; the plan's exports in `plan`.
pub mod gaps;
pub mod plan;

use serde::{Deserialize, Serialize};

use super::dates::Date;
use super::goal::Goal;
use super::scope::{Scope, Scoped};
use super::standards::BEHAVIOURS;
use super::validate::{max_len, not_after_today, required_text, FieldError};

pub const TEXT_MAX: usize = 2000;
/// Levels run from 1 to 4.
pub const MAX_LEVEL: u8 = 4;

/// The four levels in our words, with what each usually looks like (the hint for a new skill).
pub const LEVELS: [(&str, &str); 4] = [
    (
        "Learning",
        "Does it with guidance; knows where to look things up.",
    ),
    (
        "Working",
        "Handles routine cases alone; asks for help on unusual ones.",
    ),
    (
        "Skilled",
        "Handles hard cases alone and helps others with them.",
    ),
    ("Expert", "Teaches it, and improves how the team does it."),
];

/// "3 · Skilled".
pub fn level_label(level: u8) -> String {
    match LEVELS.get(usize::from(level).wrapping_sub(1)) {
        Some((name, _)) => format!("{level} · {name}"),
        None => format!("{level}"),
    }
}

/// Reads a level typed into a field: empty is none; otherwise a whole number from 1 to 4.
pub fn parse_level(text: &str) -> Result<Option<u8>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<u8>() {
        Ok(n) if (1..=MAX_LEVEL).contains(&n) => Ok(Some(n)),
        _ => Err(format!("A level is a whole number from 1 to 4, not “{t}”.")),
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    #[default]
    Technical,
    Customer,
    Process,
    Leadership,
    Collaboration,
}

impl Category {
    pub const ALL: [Category; 5] = [
        Category::Technical,
        Category::Customer,
        Category::Process,
        Category::Leadership,
        Category::Collaboration,
    ];
    pub fn key(self) -> &'static str {
        match self {
            Category::Technical => "technical",
            Category::Customer => "customer",
            Category::Process => "process",
            Category::Leadership => "leadership",
            Category::Collaboration => "collaboration",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Category::Technical => "Technical",
            Category::Customer => "Customer",
            Category::Process => "Process",
            Category::Leadership => "Leadership",
            Category::Collaboration => "Collaboration",
        }
    }
    pub fn from_key(k: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.key() == k)
    }
}

/// The level a role needs of a skill.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Required {
    pub role: String,
    pub level: u8,
}

/// A skill of the team's framework: what it is, what each level looks like, and the level each
/// role needs. One record per skill, so an edit writes one skill.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skill {
    pub name: String,
    #[serde(default)]
    pub category: Category,
    /// What levels 1 to 4 look like. May stay empty when the skill is a behaviour of the role
    /// standards (`behaviour`): the standards describe it, and there is one copy.
    #[serde(default)]
    pub levels: [String; 4],
    #[serde(default)]
    pub required: Vec<Required>,
    /// The behaviour of the role standards (`standards::BEHAVIOURS`) this skill is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub behaviour: Option<String>,
}

impl Scoped for Skill {
    /// The framework is the team's: everyone sees what their role asks of them.
    fn default_scope(&self) -> Scope {
        Scope::Team
    }
}

impl Skill {
    /// The level someone with `role` needs (roles match ignoring case and spaces around).
    pub fn required_for(&self, role: &str) -> Option<u8> {
        let role = role.trim();
        if role.is_empty() {
            return None;
        }
        self.required
            .iter()
            .find(|r| r.role.trim().eq_ignore_ascii_case(role))
            .map(|r| r.level)
    }

    pub fn problems(&self) -> Vec<FieldError> {
        let mut out = vec![];
        required_text("name", "The skill's name", &self.name, 80, &mut out);
        if self.required.is_empty() {
            out.push(FieldError::new(
                "required",
                "Give at least one role the level it needs (1 to 4).",
            ));
        }
        for (i, r) in self.required.iter().enumerate() {
            if r.role.trim().is_empty() {
                out.push(FieldError::new("required", "Name the role."));
            } else if !(1..=MAX_LEVEL).contains(&r.level) {
                out.push(FieldError::new(
                    "required",
                    format!(
                        "The level {} needs is from 1 to 4, not {}.",
                        r.role.trim(),
                        r.level
                    ),
                ));
            } else if self.required[..i]
                .iter()
                .any(|x| x.role.trim().eq_ignore_ascii_case(r.role.trim()))
            {
                out.push(FieldError::new(
                    "required",
                    format!("{} is listed twice.", r.role.trim()),
                ));
            }
        }
        match &self.behaviour {
            Some(b) if !BEHAVIOURS.contains(&b.as_str()) => out.push(FieldError::new(
                "behaviour",
                "Choose one of the standards' behaviours, or none.",
            )),
            Some(_) => {}
            None => {
                if let Some(i) = self.levels.iter().position(|l| l.trim().is_empty()) {
                    out.push(FieldError::new(
                        "levels",
                        format!(
                            "Describe what level {} ({}) looks like, or link the skill to a behaviour of the standards.",
                            i + 1,
                            LEVELS[i].0
                        ),
                    ));
                }
            }
        }
        for l in &self.levels {
            max_len("levels", "A level's description", l, TEXT_MAX, &mut out);
        }
        out
    }
}

/// Someone's level in a skill on a day, with the evidence: by the manager, or by the person
/// about themselves. One record per assessment, so the history is kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub person: String,
    /// The skill's record id.
    pub skill: String,
    pub level: Option<u8>,
    pub on: Date,
    #[serde(default)]
    pub evidence: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub by_self: bool,
}

impl Assessment {
    /// `today` checks the date is not in the future (None for stored records).
    pub fn problems(&self, today: Option<Date>) -> Vec<FieldError> {
        let mut out = vec![];
        if self.skill.is_empty() {
            out.push(FieldError::new("skill", "Choose the skill."));
        }
        match self.level {
            None => out.push(FieldError::new("level", "Choose a level from 1 to 4.")),
            Some(l) if !(1..=MAX_LEVEL).contains(&l) => {
                out.push(FieldError::new("level", "A level is from 1 to 4."))
            }
            Some(_) => {}
        }
        not_after_today("on", Some(self.on), today, "An assessment is for today or an earlier day.", &mut out);
        required_text(
            "evidence",
            "Evidence (what you saw that shows this level)",
            &self.evidence,
            TEXT_MAX,
            &mut out,
        );
        out
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    #[default]
    Training,
    Course,
    Mentoring,
    OnTheJob,
    Reading,
    Stretch,
}

impl ActionKind {
    pub const ALL: [ActionKind; 6] = [
        ActionKind::Training,
        ActionKind::Course,
        ActionKind::Mentoring,
        ActionKind::OnTheJob,
        ActionKind::Reading,
        ActionKind::Stretch,
    ];
    pub fn key(self) -> &'static str {
        match self {
            ActionKind::Training => "training",
            ActionKind::Course => "course",
            ActionKind::Mentoring => "mentoring",
            ActionKind::OnTheJob => "on_the_job",
            ActionKind::Reading => "reading",
            ActionKind::Stretch => "stretch",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            ActionKind::Training => "Training",
            ActionKind::Course => "Course",
            ActionKind::Mentoring => "Mentoring",
            ActionKind::OnTheJob => "Practice on the job",
            ActionKind::Reading => "Reading",
            ActionKind::Stretch => "Stretch assignment",
        }
    }
    pub fn from_key(k: &str) -> Option<ActionKind> {
        ActionKind::ALL.into_iter().find(|c| c.key() == k)
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    #[default]
    Planned,
    InProgress,
    Done,
    Dropped,
}

impl ActionStatus {
    pub const ALL: [ActionStatus; 4] = [
        ActionStatus::Planned,
        ActionStatus::InProgress,
        ActionStatus::Done,
        ActionStatus::Dropped,
    ];
    pub fn key(self) -> &'static str {
        match self {
            ActionStatus::Planned => "planned",
            ActionStatus::InProgress => "in_progress",
            ActionStatus::Done => "done",
            ActionStatus::Dropped => "dropped",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            ActionStatus::Planned => "Planned",
            ActionStatus::InProgress => "In progress",
            ActionStatus::Done => "Done",
            ActionStatus::Dropped => "Dropped",
        }
    }
    pub fn from_key(k: &str) -> Option<ActionStatus> {
        ActionStatus::ALL.into_iter().find(|c| c.key() == k)
    }
    pub fn is_open(self) -> bool {
        matches!(self, ActionStatus::Planned | ActionStatus::InProgress)
    }
}

/// One action of a person's development plan, for the gap in one skill.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DevAction {
    pub person: String,
    /// The skill (record id) whose gap it closes.
    pub skill: String,
    #[serde(default)]
    pub kind: ActionKind,
    pub title: String,
    /// A link or a few words: the course, the book, the mentor.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub resource: String,
    pub due: Option<Date>,
    #[serde(default)]
    pub status: ActionStatus,
    /// The level it should bring the skill to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_level: Option<u8>,
    /// What shows it was done (required to complete it).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub evidence: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_on: Option<Date>,
}

impl DevAction {
    /// `created_today` is the day a new action is written (its due date may not have passed
    /// then); None for an edit or a stored record, whose due date may well be past.
    pub fn problems(&self, created_today: Option<Date>) -> Vec<FieldError> {
        let mut out = vec![];
        if self.skill.is_empty() {
            out.push(FieldError::new(
                "skill",
                "Choose the skill this action builds.",
            ));
        }
        required_text("title", "What the action is", &self.title, 200, &mut out);
        max_len("resource", "The resource", &self.resource, 500, &mut out);
        match (self.due, created_today) {
            (None, _) => out.push(FieldError::new(
                "due",
                "Give a due date: a plan without dates drifts.",
            )),
            (Some(due), Some(today)) if due < today => out.push(FieldError::new(
                "due",
                format!("The due date {due} has passed: choose today ({today}) or a later day."),
            )),
            _ => {}
        }
        if self
            .expected_level
            .is_some_and(|l| !(1..=MAX_LEVEL).contains(&l))
        {
            out.push(FieldError::new(
                "expected_level",
                "The level it should bring is from 1 to 4.",
            ));
        }
        if self.status == ActionStatus::Done && self.evidence.trim().is_empty() {
            out.push(FieldError::new(
                "evidence",
                "Say what shows it is done: evidence is needed to complete an action.",
            ));
        }
        max_len("evidence", "Evidence", &self.evidence, TEXT_MAX, &mut out);
        out
    }

    /// Open and due on or before `day`.
    pub fn due_by(&self, day: Date) -> bool {
        self.status.is_open() && self.due.is_some_and(|d| d <= day)
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StretchKind {
    #[default]
    Project,
    CrossFunctional,
    Leadership,
}

impl StretchKind {
    pub const ALL: [StretchKind; 3] = [
        StretchKind::Project,
        StretchKind::CrossFunctional,
        StretchKind::Leadership,
    ];
    pub fn key(self) -> &'static str {
        match self {
            StretchKind::Project => "project",
            StretchKind::CrossFunctional => "cross_functional",
            StretchKind::Leadership => "leadership",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            StretchKind::Project => "Challenging project",
            StretchKind::CrossFunctional => "Cross-functional",
            StretchKind::Leadership => "Leadership",
        }
    }
    pub fn from_key(k: &str) -> Option<StretchKind> {
        StretchKind::ALL.into_iter().find(|c| c.key() == k)
    }
}

/// A date on the way to check how the assignment goes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub on: Date,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub done: bool,
}

/// Growth work: a challenging project, cross-functional work or a leadership opportunity that
/// builds skills while it delivers results.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stretch {
    pub person: String,
    pub title: String,
    #[serde(default)]
    pub kind: StretchKind,
    /// Skills (record ids) it builds.
    #[serde(default)]
    pub skills: Vec<String>,
    /// The results expected, written as a goal (checked by the SMART-R checker).
    pub results: String,
    /// Support, or the mentor.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub support: String,
    pub start: Option<Date>,
    pub end: Option<Date>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checkpoints: Vec<Checkpoint>,
    /// At the end: what came of it, and the person's reflection.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub outcome: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reflection: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished: Option<Date>,
}

/// Where a stretch assignment is on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StretchState {
    Upcoming,
    Running,
    /// Its end date passed and it has no outcome yet.
    ToClose,
    Finished,
}

impl StretchState {
    pub fn label(self) -> &'static str {
        match self {
            StretchState::Upcoming => "Upcoming",
            StretchState::Running => "Running",
            StretchState::ToClose => "Ended: record the outcome",
            StretchState::Finished => "Finished",
        }
    }
}

impl Stretch {
    pub fn problems(&self) -> Vec<FieldError> {
        let mut out = vec![];
        required_text("title", "The title", &self.title, 200, &mut out);
        required_text(
            "results",
            "The results expected",
            &self.results,
            TEXT_MAX,
            &mut out,
        );
        max_len("support", "Support", &self.support, 500, &mut out);
        match (self.start, self.end) {
            (None, _) => out.push(FieldError::new("start", "Give the start date.")),
            (_, None) => out.push(FieldError::new("end", "Give the end date.")),
            (Some(s), Some(e)) if e < s => out.push(FieldError::new(
                "end",
                format!("It ends before it starts: choose an end on or after {s}."),
            )),
            (Some(s), Some(e)) => {
                if let Some(c) = self.checkpoints.iter().find(|c| c.on < s || c.on > e) {
                    out.push(FieldError::new(
                        "checkpoints",
                        format!(
                            "The check-point on {} is outside the assignment ({s} to {e}).",
                            c.on
                        ),
                    ));
                }
            }
        }
        if self.finished.is_some() && self.outcome.trim().is_empty() {
            out.push(FieldError::new(
                "outcome",
                "Say what came of it to close the assignment.",
            ));
        }
        max_len("outcome", "The outcome", &self.outcome, TEXT_MAX, &mut out);
        max_len(
            "reflection",
            "The reflection",
            &self.reflection,
            TEXT_MAX,
            &mut out,
        );
        out
    }

    pub fn state(&self, today: Date) -> StretchState {
        match (self.finished, self.start, self.end) {
            (Some(_), _, _) => StretchState::Finished,
            (None, Some(s), _) if today < s => StretchState::Upcoming,
            (None, _, Some(e)) if today > e => StretchState::ToClose,
            _ => StretchState::Running,
        }
    }

    /// The expected results as the goal the SMART-R checker reads: the results as its title,
    /// the assignment's dates as its span.
    pub fn as_goal(&self) -> Goal {
        Goal {
            title: self.results.clone(),
            description: self.title.clone(),
            owner: self.person.clone(),
            start: self.start,
            due: self.end,
            relevance: self.title.clone(),
            ..Goal::default()
        }
    }

    /// The next check-point not done yet.
    pub fn next_checkpoint(&self) -> Option<&Checkpoint> {
        self.checkpoints
            .iter()
            .filter(|c| !c.done)
            .min_by_key(|c| c.on)
    }
}

macro_rules! own_kinds {
    ($($t:ty),*) => {$(
        impl Scoped for $t {
            /// About one person: for them and the manager.
            fn default_scope(&self) -> Scope {
                Scope::of_person(&self.person)
            }
        }
    )*};
}
own_kinds!(Assessment, DevAction, Stretch);

#[cfg(test)]
mod tests;
