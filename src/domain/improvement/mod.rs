//! Performance improvement plans (method 5.2): the gap, its root causes, improvement goals with
//! a measure and a date, the support the manager commits to, and review sessions on a
//! schedule. A plan is issued in versions, each with a fingerprint of its words; the person
//! acknowledges receipt of a version (receipt, not agreement) and may answer it. A plan, its
//! reviews and its acknowledgements are the person's and the manager's, nobody else's.
//!
//! Three kinds of record, so that the person's device and the manager's never write the same
//! one: the plan (`Plan`, the manager's), each review session (`PlanReview`, the manager's) and
//! each acknowledgement (`PlanAck`, written on whichever device the person used).
pub mod aid;
pub mod demo;
pub mod report;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use super::charter::short_fingerprint;
use super::dates::{days_between, long_date, Date};
use super::scope::{Scope, Scoped};
use super::validate::{max_len, not_after_today, required_text, FieldError};

pub const TEXT_MAX: usize = 2000;
/// A plan runs between these many days, extensions included.
pub const MIN_DAYS: i64 = 14;
pub const MAX_DAYS: i64 = 120;
/// The durations offered; other dates may be chosen within `MIN_DAYS`..=`MAX_DAYS`.
pub const DURATIONS: [i64; 3] = [30, 60, 90];

macro_rules! keyed {
    ($name:ident { $($v:ident => $key:literal, $label:literal;)* }) => {
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),*];
            pub fn key(self) -> &'static str {
                match self { $($name::$v => $key),* }
            }
            pub fn label(self) -> &'static str {
                match self { $($name::$v => $label),* }
            }
            pub fn from_key(k: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|x| x.key() == k)
            }
        }
    };
}

/// Where a performance gap may come from: the root cause analysis chooses among these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    Clarity,
    Skills,
    Resources,
    Workload,
    Motivation,
    Personal,
    Process,
}

keyed!(Cause {
    Clarity => "clarity", "Clarity of expectations";
    Skills => "skills", "Skills or knowledge";
    Resources => "resources", "Resources or tools";
    Workload => "workload", "Workload";
    Motivation => "motivation", "Motivation or engagement";
    Personal => "personal", "Personal circumstances";
    Process => "process", "Process or system";
});

impl Cause {
    /// The question that tests the cause.
    pub fn question(self) -> &'static str {
        match self {
            Cause::Clarity => "Does the person know what good looks like, in numbers and examples?",
            Cause::Skills => "Could they do it if their job depended on it today?",
            Cause::Resources => "Do they have the tools, access and information the work needs?",
            Cause::Workload => "Is there more work than time, or work pulling in two directions?",
            Cause::Motivation => {
                "Has something changed in how they feel about the work or the team?"
            }
            Cause::Personal => "Is something outside work weighing on them? (Ask; never assume.)",
            Cause::Process => "Would anyone in their seat struggle the same way?",
        }
    }
}

/// One cause chosen in the root cause analysis, with what shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CauseNote {
    pub cause: Cause,
    pub evidence: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

/// An improvement goal: what should change, how it is measured, and by when.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanGoal {
    /// Stable within the plan: reviews refer to it.
    pub id: String,
    pub text: String,
    pub measure: String,
    pub due: Option<Date>,
}

/// Support the manager or the organisation commits to, and by when.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Support {
    /// Stable within the plan: reviews record its delivery by it.
    pub id: String,
    pub text: String,
    pub by: Option<Date>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Every {
    Week,
    #[default]
    TwoWeeks,
}

keyed!(Every {
    Week => "week", "Every week";
    TwoWeeks => "two_weeks", "Every two weeks";
});

impl Every {
    pub fn days(self) -> i64 {
        match self {
            Every::Week => 7,
            Every::TwoWeeks => 14,
        }
    }
}

/// A version issued: its number, the day, its fingerprint and what changed (empty for the
/// first).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    pub number: u32,
    pub on: Date,
    pub fingerprint: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub change: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Successful,
    Extended,
    NotSuccessful,
}

keyed!(Outcome {
    Successful => "successful", "Successful";
    Extended => "extended", "Extended";
    NotSuccessful => "not_successful", "Not successful";
});

/// How a plan ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closing {
    pub outcome: Outcome,
    pub on: Date,
    pub summary: String,
    /// Successful: how the improvement will be kept up.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sustain: String,
}

/// A performance improvement plan for one person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub person: String,
    /// What was tried before, in words (the decision aid's facts when started from it).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub background: String,
    /// The performance gap: what is expected, and what happens instead.
    pub gap: String,
    /// The standards items (see `standards::rated_items`) the gap is in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
    /// The person's goals (record ids) the gap touches.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goals_touched: Vec<String>,
    #[serde(default)]
    pub causes: Vec<CauseNote>,
    #[serde(default)]
    pub goals: Vec<PlanGoal>,
    #[serde(default)]
    pub support: Vec<Support>,
    pub start: Date,
    pub end: Date,
    #[serde(default)]
    pub every: Every,
    /// Versions issued, oldest first; the last is the current one.
    #[serde(default)]
    pub versions: Vec<Version>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<Closing>,
}

impl Scoped for Plan {
    /// The person's and the manager's: nobody else in the team.
    fn default_scope(&self) -> Scope {
        Scope::of_person(&self.person)
    }
}

/// One review session of a plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanReview {
    /// The plan's record id.
    pub plan: String,
    pub person: String,
    pub on: Date,
    #[serde(default)]
    pub goals: Vec<GoalProgress>,
    /// Each support commitment: delivered by now or not.
    #[serde(default)]
    pub support: Vec<Delivery>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub next_steps: String,
}

impl Scoped for PlanReview {
    fn default_scope(&self) -> Scope {
        Scope::of_person(&self.person)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Progress {
    NotStarted,
    Progressing,
    Met,
    NotMet,
}

keyed!(Progress {
    NotStarted => "not_started", "Not started";
    Progressing => "progressing", "Progressing";
    Met => "met", "Met";
    NotMet => "not_met", "Not met";
});

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalProgress {
    /// The plan goal's id.
    pub goal: String,
    pub progress: Option<Progress>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    /// The support commitment's id.
    pub support: String,
    pub delivered: bool,
}

/// The person's acknowledgement that they received one version of a plan: receipt, not
/// agreement, with their own response if they wish.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanAck {
    pub plan: String,
    pub person: String,
    pub version: u32,
    pub fingerprint: String,
    pub on: Date,
    /// Given on the manager's device (false: on the person's own).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub at_manager: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub response: String,
}

impl Scoped for PlanAck {
    fn default_scope(&self) -> Scope {
        Scope::of_person(&self.person)
    }
}

/// The words shown beside the acknowledgement, on screen and on the printout.
pub const ACK_MEANING: &str = "Acknowledging says you have received this version of the plan and had the chance to read it. It does not say you agree with it. You can add your own response, which stays with the plan.";

fn push_lines(out: &mut String, text: &str) {
    for line in text.trim().lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

impl Plan {
    /// A new plan for `person` from `start`, running `days`.
    pub fn new(person: &str, start: Date, days: i64) -> Plan {
        Plan {
            person: person.to_string(),
            background: String::new(),
            gap: String::new(),
            items: vec![],
            goals_touched: vec![],
            causes: vec![],
            goals: vec![],
            support: vec![],
            start,
            end: start.add_days(days),
            every: Every::default(),
            versions: vec![],
            closed: None,
        }
    }

    pub fn days(&self) -> i64 {
        days_between(self.start, self.end)
    }

    /// The text a version's fingerprint is taken of: the plan's dates, background, gap,
    /// causes, goals, support and review schedule, in a fixed order with trimmed lines. Who it
    /// is for is in the record; version numbers, reviews and acknowledgements are not part of
    /// it. The same words give the same fingerprint.
    pub fn canonical_text(&self) -> String {
        let mut out = format!(
            "## Dates\n{} to {}\nReviews: {}\n\n## Background\n",
            self.start,
            self.end,
            self.every.label()
        );
        push_lines(&mut out, &self.background);
        out.push_str("\n## Gap\n");
        push_lines(&mut out, &self.gap);
        for i in &self.items {
            out.push_str("Standard: ");
            out.push_str(i.trim());
            out.push('\n');
        }
        for g in &self.goals_touched {
            out.push_str("Goal: ");
            out.push_str(g);
            out.push('\n');
        }
        out.push_str("\n## Causes\n");
        for c in &self.causes {
            out.push_str("- ");
            out.push_str(c.cause.label());
            out.push('\n');
            push_lines(&mut out, &c.evidence);
            push_lines(&mut out, &c.notes);
        }
        out.push_str("\n## Goals\n");
        for g in &self.goals {
            out.push_str(&format!(
                "- {} | {} | {}\n",
                g.text.trim(),
                g.measure.trim(),
                g.due.map(|d| d.to_string()).unwrap_or_default()
            ));
        }
        out.push_str("\n## Support\n");
        for s in &self.support {
            out.push_str(&format!(
                "- {} | {}\n",
                s.text.trim(),
                s.by.map(|d| d.to_string()).unwrap_or_default()
            ));
        }
        out
    }

    pub fn fingerprint(&self) -> String {
        short_fingerprint(&self.canonical_text())
    }

    pub fn current(&self) -> Option<&Version> {
        self.versions.last()
    }

    /// Whether the words differ from the current version's (or no version is issued yet).
    pub fn changed(&self) -> bool {
        self.current()
            .is_none_or(|v| v.fingerprint != self.fingerprint())
    }

    /// Issues a new version of the plan as it now stands, on `on`, saying what changed.
    pub fn issue(&mut self, on: Date, change: &str) {
        let number = self.current().map_or(1, |v| v.number + 1);
        self.versions.push(Version {
            number,
            on,
            fingerprint: self.fingerprint(),
            change: change.trim().to_string(),
        });
    }

    pub fn is_closed(&self) -> bool {
        self.closed.is_some()
    }

    /// What is wrong with the plan's content. `today` checks a new plan's dates (None for a
    /// stored one).
    pub fn problems(&self) -> Vec<FieldError> {
        let mut out = vec![];
        if self.person.is_empty() {
            out.push(FieldError::new("person", "Choose who the plan is for."));
        }
        required_text(
            "gap",
            "The performance gap (what is expected, and what happens instead)",
            &self.gap,
            TEXT_MAX,
            &mut out,
        );
        max_len(
            "background",
            "The background",
            &self.background,
            TEXT_MAX,
            &mut out,
        );
        let days = self.days();
        if !(MIN_DAYS..=MAX_DAYS).contains(&days) {
            out.push(FieldError::new(
                "end",
                format!(
                    "A plan runs {MIN_DAYS} to {MAX_DAYS} days; these dates give {days}. Choose an end date from {} to {}.",
                    self.start.add_days(MIN_DAYS),
                    self.start.add_days(MAX_DAYS)
                ),
            ));
        }
        if self.causes.is_empty() {
            out.push(FieldError::new(
                "causes",
                "Choose at least one cause, with the evidence for it: a plan that does not know why the gap is there rarely closes it.",
            ));
        }
        for c in &self.causes {
            if c.evidence.trim().is_empty() {
                out.push(FieldError::new(
                    "causes",
                    format!("{}: say what shows this is a cause.", c.cause.label()),
                ));
            }
            max_len("causes", "Evidence", &c.evidence, TEXT_MAX, &mut out);
            max_len("causes", "Notes", &c.notes, TEXT_MAX, &mut out);
        }
        if self.goals.is_empty() {
            out.push(FieldError::new(
                "goals",
                "Give at least one improvement goal, with a measure and a target date.",
            ));
        }
        for (n, g) in self.goals.iter().enumerate() {
            let n = n + 1;
            if g.text.trim().is_empty() {
                out.push(FieldError::new(
                    "goals",
                    format!("Goal {n}: say what should change."),
                ));
            } else if g.measure.trim().is_empty() {
                out.push(FieldError::new(
                    "goals",
                    format!("Goal {n}: give a measure, so both of you can tell when it is met."),
                ));
            }
            match g.due {
                None => out.push(FieldError::new(
                    "goals",
                    format!("Goal {n}: give a target date."),
                )),
                Some(d) if d < self.start || d > self.end => out.push(FieldError::new(
                    "goals",
                    format!(
                        "Goal {n}: the target date {d} is outside the plan ({} to {}).",
                        self.start, self.end
                    ),
                )),
                _ => {}
            }
            max_len("goals", "A goal", &g.text, 300, &mut out);
            max_len("goals", "A measure", &g.measure, 300, &mut out);
        }
        if self.support.is_empty() {
            out.push(FieldError::new(
                "support",
                "Say what support you will give, and by when: a plan without support is not a fair plan.",
            ));
        }
        for (n, s) in self.support.iter().enumerate() {
            let n = n + 1;
            if s.text.trim().is_empty() {
                out.push(FieldError::new(
                    "support",
                    format!("Support {n}: say what will be provided."),
                ));
            } else if s.by.is_none() {
                out.push(FieldError::new(
                    "support",
                    format!("Support {n}: give the date it will be provided by."),
                ));
            }
            max_len("support", "Support", &s.text, 300, &mut out);
        }
        out
    }

    /// The problems with saving `self` over `before` (None for a new plan): a closed plan no
    /// longer changes; nothing changed gives nothing to issue; a change needs words.
    pub fn edit_problems(&self, before: Option<&Plan>, change: &str) -> Vec<FieldError> {
        if before.is_some_and(Plan::is_closed) {
            return vec![FieldError::new(
                "gap",
                "This plan is closed: it is kept as it was and can no longer be changed.",
            )];
        }
        let mut out = self.problems();
        if let Some(b) = before {
            if b.current().is_some() && !self.changed() {
                out.push(FieldError::new(
                    "change",
                    "Nothing in the plan changed: edit it before issuing a new version.",
                ));
            } else if b.current().is_some() && change.trim().is_empty() {
                out.push(FieldError::new(
                    "change",
                    "Say what changed and why: the person sees it with the new version.",
                ));
            }
        }
        out
    }

    /// The review dates: every `every` from the start, and the last day of the plan.
    pub fn schedule(&self) -> Vec<Date> {
        let step = self.every.days();
        let mut out = vec![];
        let mut d = self.start.add_days(step);
        while d < self.end {
            out.push(d);
            d = d.add_days(step);
        }
        out.push(self.end);
        out
    }

    /// The next review due, given how many were held: the schedule's next date (None when
    /// all are held or the plan is closed).
    pub fn next_review(&self, held: usize) -> Option<Date> {
        if self.is_closed() {
            return None;
        }
        self.schedule().get(held).copied()
    }

    /// A copy extended to `to`, for `reason` (a new version, which needs a new acknowledgement).
    pub fn extend(&self, to: Date, reason: &str, today: Date) -> Result<Plan, Vec<FieldError>> {
        let mut out = vec![];
        if self.is_closed() {
            out.push(FieldError::new(
                "extend_to",
                "This plan is closed: it can no longer be extended.",
            ));
        }
        if to <= self.end {
            out.push(FieldError::new(
                "extend_to",
                format!("Choose an end date after the current one ({}).", self.end),
            ));
        } else if days_between(self.start, to) > MAX_DAYS {
            out.push(FieldError::new(
                "extend_to",
                format!(
                    "A plan runs at most {MAX_DAYS} days in all: the latest end is {}.",
                    self.start.add_days(MAX_DAYS)
                ),
            ));
        }
        required_text(
            "extend_reason",
            "The reason for extending",
            reason,
            TEXT_MAX,
            &mut out,
        );
        if !out.is_empty() {
            return Err(out);
        }
        let mut p = self.clone();
        p.end = to;
        p.issue(
            today,
            &format!("Extended to {}: {}", long_date(to), reason.trim()),
        );
        Ok(p)
    }

    /// Closes the plan with `closing`; `Extended` is not a way to close (use `extend`).
    pub fn close_problems(&self, closing: Option<&Closing>) -> Vec<FieldError> {
        let mut out = vec![];
        if self.is_closed() {
            out.push(FieldError::new("outcome", "This plan is already closed."));
            return out;
        }
        let Some(c) = closing else {
            out.push(FieldError::new(
                "outcome",
                "Choose the outcome: successful, extended or not successful.",
            ));
            return out;
        };
        if c.outcome == Outcome::Extended {
            out.push(FieldError::new(
                "outcome",
                "An extended plan stays open: give the new end date and the reason instead.",
            ));
        }
        if c.on < self.start {
            out.push(FieldError::new(
                "outcome",
                format!("A plan closes on or after its start ({}).", self.start),
            ));
        }
        required_text(
            "summary",
            "A summary of how it went",
            &c.summary,
            TEXT_MAX,
            &mut out,
        );
        if c.outcome == Outcome::Successful && c.sustain.trim().is_empty() {
            out.push(FieldError::new(
                "sustain",
                "Say how the improvement will be kept up: what stays in the 1:1s, and for how long.",
            ));
        }
        out
    }
}

impl PlanReview {
    /// An empty review of `plan` (id `plan_id`) on `on`: every goal and commitment listed.
    pub fn new(plan_id: &str, plan: &Plan, on: Date) -> PlanReview {
        PlanReview {
            plan: plan_id.to_string(),
            person: plan.person.clone(),
            on,
            goals: plan
                .goals
                .iter()
                .map(|g| GoalProgress {
                    goal: g.id.clone(),
                    progress: None,
                    note: String::new(),
                })
                .collect(),
            support: plan
                .support
                .iter()
                .map(|s| Delivery {
                    support: s.id.clone(),
                    delivered: false,
                })
                .collect(),
            next_steps: String::new(),
        }
    }

    /// What is wrong with recording this review of `plan` (`today` for a new one).
    pub fn problems(&self, plan: &Plan, today: Option<Date>) -> Vec<FieldError> {
        let mut out = vec![];
        if plan.is_closed() {
            out.push(FieldError::new(
                "review_on",
                "This plan is closed: no more reviews can be recorded.",
            ));
        }
        if self.on < plan.start {
            out.push(FieldError::new(
                "review_on",
                format!(
                    "A review is held on or after the plan starts ({}).",
                    long_date(plan.start)
                ),
            ));
        }
        not_after_today("review_on", Some(self.on), today, "A review is recorded on the day it is held or later, not before.", &mut out);
        for g in &self.goals {
            if g.progress.is_none() {
                let n = plan
                    .goals
                    .iter()
                    .position(|x| x.id == g.goal)
                    .map_or(0, |i| i + 1);
                out.push(FieldError::new(
                    "review_goals",
                    format!("Goal {n}: choose not started, progressing, met or not met."),
                ));
            }
            max_len("review_goals", "A note", &g.note, TEXT_MAX, &mut out);
        }
        max_len(
            "next_steps",
            "Next steps",
            &self.next_steps,
            TEXT_MAX,
            &mut out,
        );
        out
    }
}

impl PlanReview {
    /// A stored review on its own (the form checks it against its plan: `problems`).
    pub fn stored_problems(&self) -> Vec<FieldError> {
        let mut out = vec![];
        if self.plan.is_empty() {
            out.push(FieldError::new("plan", "A review belongs to a plan."));
        }
        for g in &self.goals {
            max_len("review_goals", "A note", &g.note, TEXT_MAX, &mut out);
        }
        max_len(
            "next_steps",
            "Next steps",
            &self.next_steps,
            TEXT_MAX,
            &mut out,
        );
        out
    }
}

impl PlanAck {
    pub fn problems(&self) -> Vec<FieldError> {
        let mut out = vec![];
        if self.plan.is_empty() || self.version == 0 || self.fingerprint.is_empty() {
            out.push(FieldError::new(
                "ack",
                "An acknowledgement names a plan, its version and that version's fingerprint.",
            ));
        }
        max_len(
            "response",
            "Your response",
            &self.response,
            TEXT_MAX,
            &mut out,
        );
        out
    }
}

/// Whether the current version of `plan` is acknowledged: the acknowledgement of it (the
/// earliest), if any. One counts only for the version it names, with that version's
/// fingerprint: a changed plan needs a new one.
pub fn acknowledged<'a>(plan: &Plan, acks: &[&'a PlanAck]) -> Option<&'a PlanAck> {
    let v = plan.current()?;
    acks.iter()
        .copied()
        .filter(|a| a.version == v.number && a.fingerprint == v.fingerprint)
        .min_by_key(|a| a.on)
}

/// One commitment of the support ledger: promised by a day, and delivered (the first review
/// that found it delivered) or not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LedgerRow {
    pub text: String,
    pub by: Option<Date>,
    pub delivered: Option<Date>,
    /// Not delivered, and its date has passed.
    pub overdue: bool,
}

/// Support promised against support delivered, from the reviews held.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ledger {
    pub rows: Vec<LedgerRow>,
    pub promised: usize,
    pub delivered: usize,
    pub overdue: usize,
}

impl Ledger {
    pub fn words(&self) -> String {
        let mut s = format!(
            "{} of {} support commitments delivered",
            self.delivered, self.promised
        );
        if self.overdue > 0 {
            s.push_str(&format!("; {} overdue", self.overdue));
        }
        s.push('.');
        s
    }
}

pub fn ledger(plan: &Plan, reviews: &[&PlanReview], today: Date) -> Ledger {
    let mut l = Ledger::default();
    for s in &plan.support {
        let delivered = reviews
            .iter()
            .filter(|r| r.support.iter().any(|d| d.support == s.id && d.delivered))
            .map(|r| r.on)
            .min();
        let overdue = delivered.is_none() && s.by.is_some_and(|b| b < today);
        l.promised += 1;
        l.delivered += usize::from(delivered.is_some());
        l.overdue += usize::from(overdue);
        l.rows.push(LedgerRow {
            text: s.text.clone(),
            by: s.by,
            delivered,
            overdue,
        });
    }
    l
}

/// The latest progress of each goal (from the latest review that rated it).
pub fn latest_progress<'a>(
    plan: &'a Plan,
    reviews: &[&PlanReview],
) -> Vec<(&'a PlanGoal, Option<Progress>)> {
    plan.goals
        .iter()
        .map(|g| {
            let p = reviews
                .iter()
                .filter_map(|r| {
                    r.goals
                        .iter()
                        .find(|x| x.goal == g.id)
                        .and_then(|x| x.progress)
                        .map(|p| (r.on, p))
                })
                .max_by_key(|(on, _)| *on)
                .map(|(_, p)| p);
            (g, p)
        })
        .collect()
}

/// One line of the plan's history: when, who, what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryLine {
    pub on: Date,
    pub who: String,
    pub what: String,
}

/// Every version, review, acknowledgement, response and the outcome, oldest first. `person`
/// and `manager` are the names to show.
pub fn history(
    plan: &Plan,
    reviews: &[&PlanReview],
    acks: &[&PlanAck],
    person: &str,
    manager: &str,
) -> Vec<HistoryLine> {
    let mut out: Vec<(Date, u8, HistoryLine)> = vec![];
    for v in &plan.versions {
        let what = if v.number == 1 {
            format!("Issued version 1 (fingerprint {}).", v.fingerprint)
        } else {
            format!(
                "Issued version {} (fingerprint {}): {}",
                v.number, v.fingerprint, v.change
            )
        };
        out.push((
            v.on,
            0,
            HistoryLine {
                on: v.on,
                who: manager.into(),
                what,
            },
        ));
    }
    for a in acks {
        let place = if a.at_manager {
            "on the manager's device"
        } else {
            "on their own device"
        };
        let mut what = format!(
            "Acknowledged receipt of version {} (fingerprint {}) {place}.",
            a.version, a.fingerprint
        );
        if !a.response.trim().is_empty() {
            what.push_str(" Their response: “");
            what.push_str(a.response.trim());
            what.push('”');
        }
        out.push((
            a.on,
            1,
            HistoryLine {
                on: a.on,
                who: person.into(),
                what,
            },
        ));
    }
    for r in reviews {
        let met = r
            .goals
            .iter()
            .filter(|g| g.progress == Some(Progress::Met))
            .count();
        let given = r.support.iter().filter(|d| d.delivered).count();
        let what = format!(
            "Held a review: {met} of {} goals met, {given} of {} support commitments delivered.",
            r.goals.len(),
            r.support.len()
        );
        out.push((
            r.on,
            2,
            HistoryLine {
                on: r.on,
                who: manager.into(),
                what,
            },
        ));
    }
    if let Some(c) = &plan.closed {
        out.push((
            c.on,
            3,
            HistoryLine {
                on: c.on,
                who: manager.into(),
                what: format!(
                    "Closed the plan: {}. {}",
                    c.outcome.label(),
                    c.summary.trim()
                ),
            },
        ));
    }
    out.sort_by_key(|(on, order, _)| (*on, *order));
    out.into_iter().map(|(_, _, l)| l).collect()
}

/// The SMART-R checker on an improvement goal: read as a tactical goal (a plan runs up to a
/// quarter) whose words are the goal and its measure. It is relevant when it closes the plan's
/// gap, so that letter is judged against the gap instead of a goal above.
pub fn smart_check(goal: &PlanGoal, plan: &Plan, today: Date) -> Vec<super::smart_r::LetterCheck> {
    use super::smart_r::{check, Context, Letter, LetterCheck, Verdict};
    let as_goal = super::goal::Goal {
        title: goal.text.clone(),
        description: goal.measure.clone(),
        owner: plan.person.clone(),
        level: super::goal::GoalLevel::Tactical,
        start: Some(plan.start),
        due: goal.due,
        ..Default::default()
    };
    let ctx = Context {
        today,
        parent: None,
        same_level_count: 0,
        past_changes: &[],
    };
    check(&as_goal, &ctx)
        .into_iter()
        .map(|c| match c.letter {
            Letter::Relevant if plan.gap.trim().is_empty() => LetterCheck {
                verdict: Verdict::Hint,
                message: "Describe the gap this goal closes.".into(),
                ..c
            },
            Letter::Relevant => LetterCheck {
                verdict: Verdict::Pass,
                message: "Closes the plan's performance gap.".into(),
                ..c
            },
            _ => c,
        })
        .collect()
}
