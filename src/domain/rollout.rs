//! The 90-day rollout (method 8.1): three phases, six two-week checklists, each task dated from
//! the start. Tasks the app can see tick themselves with the evidence; the rest are ticked by
//! hand with a note. The plan and each tick are the manager's own (scope `manager`); a tick is
//! a record of its own (kind `rollout_tick`), so ticking writes a few hundred bytes however
//! many tasks are done.
use serde::{Deserialize, Serialize};

use super::dates::{short_date, Date};
use super::scope::{Scope, Scoped};
use super::validate::{max_len, FieldError};

/// The rollout's length.
pub const ROLLOUT_DAYS: i64 = 90;
/// A tick's note, at most.
pub const NOTE_MAX: usize = 500;

/// One two-week checklist: its name, phase, and days (1-based, from the start).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    pub name: &'static str,
    pub phase: &'static str,
    pub first_day: i64,
    pub last_day: i64,
    pub aim: &'static str,
}

pub const BLOCKS: [Block; 6] = [
    Block { name: "Foundation", phase: "Phase 1: foundation and design", first_day: 1, last_day: 14,
        aim: "Take stock of how performance is managed today, and set the standards and the goal framework." },
    Block { name: "Design", phase: "Phase 1: foundation and design", first_day: 15, last_day: 30,
        aim: "Design the conversations, who decides what, and set the tool up." },
    Block { name: "Launch", phase: "Phase 2: launch and training", first_day: 31, last_day: 44,
        aim: "Explain the system to the team, set the first goals together and hold the first 1:1s." },
    Block { name: "Refinement", phase: "Phase 2: launch and training", first_day: 45, last_day: 60,
        aim: "See what works, adjust the rhythm and the forms, and help whoever needs it." },
    Block { name: "Integration", phase: "Phase 3: integration and sustainability", first_day: 61, last_day: 74,
        aim: "Connect goals to indicators, read the reports, and make recognition a habit." },
    Block { name: "Evaluation", phase: "Phase 3: integration and sustainability", first_day: 75, last_day: 90,
        aim: "Judge what the system changed, plan the next improvements, and make it last." },
];

/// What the app can see for itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auto {
    TeamNamed,
    PeopleAdded,
    StandardsEveryRole,
    AuthorityMatrix,
    GoalsEveryLevel,
    CharterWritten,
    FirstCheckIns,
    CharterAcknowledged,
    RecognitionGiven,
    FirstReviews,
    IndicatorsRead,
    ScorecardComplete,
}

/// One task: its stable key, checklist (index into `BLOCKS`), words, and how it is ticked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Task {
    pub key: &'static str,
    pub block: usize,
    pub text: &'static str,
    pub auto: Option<Auto>,
}

const fn task(key: &'static str, block: usize, text: &'static str, auto: Option<Auto>) -> Task {
    Task {
        key,
        block,
        text,
        auto,
    }
}

/// The tasks, in our own words, following the method's six checklists.
pub const TASKS: [Task; 20] = [
    task(
        "review_current",
        0,
        "Write down how goals, feedback and reviews work today, and what people find missing",
        None,
    ),
    task(
        "team",
        0,
        "Name the team and write its mission",
        Some(Auto::TeamNamed),
    ),
    task(
        "people",
        0,
        "Add everyone you manage",
        Some(Auto::PeopleAdded),
    ),
    task(
        "standards",
        0,
        "Define the quality, productivity and behaviour standards of every role",
        Some(Auto::StandardsEveryRole),
    ),
    task(
        "conversations",
        1,
        "Agree the rhythm: weekly or fortnightly 1:1s, monthly reviews",
        None,
    ),
    task(
        "authority",
        1,
        "Set who decides what, with limits and escalation",
        Some(Auto::AuthorityMatrix),
    ),
    task(
        "charter",
        1,
        "Write the team charter: purpose, values, ways of working",
        Some(Auto::CharterWritten),
    ),
    task(
        "setup",
        1,
        "Choose where the data lives and, if the team shares it, set up sync",
        None,
    ),
    task(
        "explain",
        2,
        "Explain the system to the team: why, what changes, what stays theirs",
        None,
    ),
    task(
        "goals",
        2,
        "Set goals together at every level, each aligned to the one above",
        Some(Auto::GoalsEveryLevel),
    ),
    task(
        "first_1on1s",
        2,
        "Hold a first 1:1 with everyone",
        Some(Auto::FirstCheckIns),
    ),
    task(
        "acknowledged",
        3,
        "Have the charter acknowledged by everyone",
        Some(Auto::CharterAcknowledged),
    ),
    task(
        "adjust",
        3,
        "Ask the team what to change in the rhythm or the forms, and change it",
        None,
    ),
    task(
        "support",
        3,
        "Offer extra help to whoever is struggling with the system",
        None,
    ),
    task(
        "indicators",
        4,
        "Track indicators with readings: the activities and the results",
        Some(Auto::IndicatorsRead),
    ),
    task(
        "scorecard",
        4,
        "Complete the scorecard: an indicator in each perspective",
        Some(Auto::ScorecardComplete),
    ),
    task(
        "recognition",
        4,
        "Recognise someone's contribution, in the team's own words",
        Some(Auto::RecognitionGiven),
    ),
    task(
        "reviews",
        5,
        "Hold the first monthly reviews",
        Some(Auto::FirstReviews),
    ),
    task(
        "evaluate",
        5,
        "Compare the team health now with the start, and say what changed",
        None,
    ),
    task(
        "next",
        5,
        "Plan the next quarter's improvements to the system",
        None,
    ),
];

/// What the automatic tasks read: counts, computed from the records by the caller.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    pub team_named: bool,
    /// People not archived.
    pub people: usize,
    /// Roles of those people, and how many of them have standards.
    pub roles: usize,
    pub roles_with_standards: usize,
    pub authority_rows: usize,
    /// Goal levels (of 3) with at least one goal.
    pub levels_with_goals: usize,
    pub charter_versions: usize,
    /// People who acknowledged the current version.
    pub acknowledged: usize,
    /// People with a held check-in.
    pub met: usize,
    pub recognitions: usize,
    /// People with a finished monthly review.
    pub reviewed: usize,
    /// Indicators with at least one reading.
    pub indicators_read: usize,
    /// Perspectives (of 4) with an indicator.
    pub perspectives: usize,
}

/// Whether an automatic task is done: Ok(the evidence) or Err(what is still missing).
pub fn check(auto: Auto, f: &Facts) -> Result<String, String> {
    let of = |n: usize, total: usize, what: &str| format!("{n} of {total} {what}");
    let all = |n: usize, total: usize, what: &str| {
        if total > 0 && n >= total {
            Ok(of(n, total, what))
        } else {
            Err(of(n, total, what))
        }
    };
    let some = |n: usize, what: &str| {
        if n > 0 {
            Ok(format!("{n} {what}"))
        } else {
            Err(format!("No {what} yet"))
        }
    };
    match auto {
        Auto::TeamNamed => {
            if f.team_named {
                Ok("The team is named".into())
            } else {
                Err("The team has no name yet".into())
            }
        }
        Auto::PeopleAdded => match f.people {
            1 => Ok("1 person on the team".into()),
            n => some(n, "people on the team"),
        },
        Auto::StandardsEveryRole => all(f.roles_with_standards, f.roles, "roles have standards"),
        Auto::AuthorityMatrix => some(f.authority_rows, "decisions in the authority matrix"),
        Auto::GoalsEveryLevel => all(f.levels_with_goals, 3, "goal levels have goals"),
        Auto::CharterWritten => some(f.charter_versions, "charter versions"),
        Auto::FirstCheckIns => all(f.met, f.people, "people had a 1:1"),
        Auto::CharterAcknowledged => {
            all(f.acknowledged, f.people, "people acknowledged the charter")
        }
        Auto::RecognitionGiven => some(f.recognitions, "recognitions given"),
        Auto::FirstReviews => all(f.reviewed, f.people, "people had a monthly review"),
        Auto::IndicatorsRead => some(f.indicators_read, "indicators with readings"),
        Auto::ScorecardComplete => all(f.perspectives, 4, "perspectives have an indicator"),
    }
}

/// A task ticked by hand, with a note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tick {
    pub task: String,
    pub on: Date,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl Scoped for Tick {
    fn default_scope(&self) -> Scope {
        Scope::Manager
    }
}

impl Tick {
    pub fn problems(&self) -> Vec<FieldError> {
        let mut out = vec![];
        max_len("note", "The note", &self.note, NOTE_MAX, &mut out);
        if !TASKS.iter().any(|x| x.key == self.task) {
            out.push(FieldError::new(
                "task",
                format!("There is no task “{}”.", self.task),
            ));
        }
        out
    }
}

/// The rollout: its first day. Ticks are records of their own; `ticks` holds those of the
/// first version, which kept them here, until the store lifts them out (see
/// `store::repo::lift_children`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rollout {
    pub start: Date,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ticks: Vec<Tick>,
}

impl Scoped for Rollout {
    /// The manager's own plan for adopting the method.
    fn default_scope(&self) -> Scope {
        Scope::Manager
    }
}

impl Rollout {
    pub fn problems(&self) -> Vec<FieldError> {
        self.ticks.iter().flat_map(Tick::problems).collect()
    }

    /// The day a checklist ends.
    pub fn due(&self, block: usize) -> Date {
        self.start.add_days(BLOCKS[block].last_day - 1)
    }

    /// Which day of the rollout `today` is (1 on the start day).
    pub fn day(&self, today: Date) -> i64 {
        self.start.days_until(today) + 1
    }
}

/// How a task got done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Done {
    /// Seen by the app: the evidence.
    Seen(String),
    /// Ticked by hand on a day, with a note.
    ByHand(Date, String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskState {
    pub task: Task,
    pub due: Date,
    pub done: Option<Done>,
    /// For an automatic task not done: what is missing.
    pub missing: Option<String>,
    pub late: bool,
}

/// Every task with its state on `today`, given the ticks. A task the app can see is done when
/// its check holds, or when it was ticked by hand (a team may do it outside Trellis). Two ticks
/// of one task (two devices ticked it): the later counts.
pub fn states(r: &Rollout, ticks: &[&Tick], f: &Facts, today: Date) -> Vec<TaskState> {
    TASKS
        .iter()
        .map(|t| {
            let due = r.due(t.block);
            let hand = ticks
                .iter()
                .filter(|x| x.task == t.key)
                .max_by_key(|x| x.on)
                .map(|x| Done::ByHand(x.on, x.note.clone()));
            let seen = t.auto.map(|a| check(a, f));
            let (done, missing) = match (seen, hand) {
                (Some(Ok(evidence)), _) => (Some(Done::Seen(evidence)), None),
                (_, Some(h)) => (Some(h), None),
                (Some(Err(m)), None) => (None, Some(m)),
                (None, None) => (None, None),
            };
            TaskState {
                task: *t,
                due,
                late: done.is_none() && due < today,
                done,
                missing,
            }
        })
        .collect()
}

/// "Day 40 of 90: 9 of 20 tasks done, 2 late."
pub fn summary(r: &Rollout, s: &[TaskState], today: Date) -> String {
    let done = s.iter().filter(|x| x.done.is_some()).count();
    let late = s.iter().filter(|x| x.late).count();
    let day = r.day(today);
    let when = if day < 1 {
        format!("Starts {}", short_date(r.start))
    } else if day > ROLLOUT_DAYS {
        "The 90 days are over".to_string()
    } else {
        format!("Day {day} of {ROLLOUT_DAYS}")
    };
    let late = match late {
        0 => String::new(),
        1 => ", 1 late".into(),
        n => format!(", {n} late"),
    };
    format!("{when}: {done} of {} tasks done{late}.", s.len())
}

/// The demo's rollout: started 39 days ago (day 40 today), with the first blocks' tasks the app
/// cannot see ticked by hand.
pub fn demo(today: Date) -> (Rollout, Vec<Tick>) {
    let start = today.add_days(-39);
    let tick = |task: &str, day: i64, note: &str| Tick {
        task: task.into(),
        on: start.add_days(day),
        note: note.into(),
    };
    let ticks = vec![
            tick("review_current", 4, "Talked to each person: goals were in a spreadsheet, reviews once a year."),
            tick("conversations", 17, "Weekly 1:1s for the newer three, fortnightly for the rest; reviews in the first week of each month."),
            tick("setup", 20, "Shared through the team's sync endpoint, encrypted."),
            tick("explain", 31, "Team meeting: why, what changes, what stays each person's own."),
    ];
    (
        Rollout {
            start,
            ticks: vec![],
        },
        ticks,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> Date {
        Date::from_ymd(2026, m, day).unwrap()
    }

    #[test]
    fn six_checklists_cover_the_ninety_days_without_a_gap() {
        assert_eq!(BLOCKS[0].first_day, 1);
        assert_eq!(BLOCKS[5].last_day, ROLLOUT_DAYS);
        for w in BLOCKS.windows(2) {
            assert_eq!(w[1].first_day, w[0].last_day + 1);
        }
        for (i, _) in BLOCKS.iter().enumerate() {
            assert!(
                TASKS.iter().any(|t| t.block == i),
                "checklist {i} has tasks"
            );
        }
        let r = Rollout {
            start: d(10, 1),
            ticks: vec![],
        };
        assert_eq!(r.due(0), d(10, 14));
        assert_eq!(r.due(5), d(12, 29));
    }

    #[test]
    fn automatic_tasks_tick_themselves_with_their_evidence() {
        let mut f = Facts {
            people: 6,
            roles: 2,
            roles_with_standards: 1,
            met: 6,
            ..Facts::default()
        };
        assert_eq!(
            check(Auto::StandardsEveryRole, &f),
            Err("1 of 2 roles have standards".into())
        );
        f.roles_with_standards = 2;
        assert_eq!(
            check(Auto::StandardsEveryRole, &f),
            Ok("2 of 2 roles have standards".into())
        );
        assert_eq!(
            check(Auto::FirstCheckIns, &f),
            Ok("6 of 6 people had a 1:1".into())
        );
        assert_eq!(
            check(Auto::RecognitionGiven, &f),
            Err("No recognitions given yet".into())
        );
        assert_eq!(
            check(Auto::PeopleAdded, &f),
            Ok("6 people on the team".into())
        );
        f.people = 1;
        assert_eq!(
            check(Auto::PeopleAdded, &f),
            Ok("1 person on the team".into())
        );
        f.people = 6;
        assert!(
            check(Auto::FirstReviews, &Facts::default()).is_err(),
            "nobody on the team: not done"
        );
        assert_eq!(
            check(
                Auto::ScorecardComplete,
                &Facts {
                    perspectives: 4,
                    ..f
                }
            ),
            Ok("4 of 4 perspectives have an indicator".into())
        );
    }

    #[test]
    fn hand_ticks_count_and_late_tasks_are_counted_on_day_forty() {
        let start = d(10, 1);
        let today = start.add_days(39);
        let r = Rollout {
            start,
            ticks: vec![],
        };
        let tick = |on: Date, note: &str| Tick {
            task: "review_current".into(),
            on,
            note: note.into(),
        };
        // Ticked on two devices: the later tick counts.
        let (early, late) = (
            tick(d(10, 3), "First pass"),
            tick(d(10, 5), "Talked to each person"),
        );
        let ticks = [&late, &early];
        let f = Facts {
            team_named: true,
            people: 6,
            roles: 2,
            roles_with_standards: 2,
            met: 6,
            ..Facts::default()
        };
        let s = states(&r, &ticks, &f, today);
        let get = |k: &str| s.iter().find(|x| x.task.key == k).unwrap();
        assert_eq!(
            get("review_current").done,
            Some(Done::ByHand(d(10, 5), "Talked to each person".into()))
        );
        assert_eq!(
            get("standards").done,
            Some(Done::Seen("2 of 2 roles have standards".into()))
        );
        assert!(get("authority").late, "design ended on day 30");
        assert_eq!(
            get("authority").missing.as_deref(),
            Some("No decisions in the authority matrix yet")
        );
        assert!(!get("goals").late, "launch ends on day 44");
        assert_eq!(
            summary(&r, &s, today),
            "Day 40 of 90: 5 of 20 tasks done, 4 late."
        );
        let bad = Tick {
            task: "nope".into(),
            on: start,
            note: String::new(),
        };
        assert_eq!(bad.problems()[0].field, "task");
        let long = Tick {
            note: "x".repeat(NOTE_MAX + 1),
            ..early.clone()
        };
        assert_eq!(long.problems()[0].field, "note");
        // A rollout of the first version, with its ticks inside, is checked tick by tick.
        let old = Rollout {
            start,
            ticks: vec![bad],
        };
        assert_eq!(old.problems()[0].field, "task");
    }

    #[test]
    fn the_demo_is_on_day_forty_with_its_ticks_apart() {
        let today = d(12, 4);
        let (r, ticks) = demo(today);
        assert_eq!(r.day(today), 40);
        assert!(r.ticks.is_empty(), "ticks are records of their own");
        assert_eq!(ticks.len(), 4);
        assert!(ticks
            .iter()
            .all(|t| t.problems().is_empty() && t.on <= today));
    }
}
