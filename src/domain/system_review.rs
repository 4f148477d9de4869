//! The quarterly system review (method 8.2, continuous improvement of the system itself): the
//! tier scores now and at the last review, what to keep, stop and change, and the weakest
//! measure turned into one improvement action with an owner and a day, tracked until done.
//! Past reviews are kept. The team sees them (scope `team`): the scores are the team's, not
//! anyone's, and the action may be a member's. Marking the action done is a small record of its
//! own (kind `action_outcome`), so it does not rewrite the review.
use serde::{Deserialize, Serialize};

use super::dates::{short_date, Date};
use super::goal::GoalLevel;
use super::health::{Measure, Tier};
use super::scope::{Scope, Scoped};
use super::validate::{max_len, not_after_today, required_text, FieldError};

/// Keep, stop, change: each at most.
pub const TEXT_MAX: usize = 1000;
/// The action, and its outcome, at most.
pub const ACTION_MAX: usize = 300;
/// The action is due within this many days of the review (the next review's quarter, at most).
pub const ACTION_DAYS_MAX: i64 = 120;

/// The improvement action a review ends with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    /// The health measure it is meant to raise (`health::Measure::key`), if it came from one.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub measure: String,
    pub text: String,
    /// A person's id, or empty for the manager.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    pub due: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done: Option<Date>,
    /// What came of it, written when it is marked done.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub outcome: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemReview {
    pub on: Date,
    /// Each tier's score (in `Tier::ALL` order) at the last review, or at the end of the last
    /// quarter when there was none; and on the review's day.
    pub before: [Option<u8>; 3],
    pub now: [Option<u8>; 3],
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub keep: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub stop: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub change: String,
    pub action: Action,
}

impl Scoped for SystemReview {
    fn default_scope(&self) -> Scope {
        Scope::Team
    }
}

/// A review's action marked done: the day and what came of it. The first version kept these
/// inside the review's action (`Action::done`, `Action::outcome`); those still count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionOutcome {
    /// The review's id.
    pub review: String,
    pub on: Date,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub outcome: String,
}

impl Scoped for ActionOutcome {
    /// Beside its review, which the team sees.
    fn default_scope(&self) -> Scope {
        Scope::Team
    }
}

impl ActionOutcome {
    pub fn problems(&self) -> Vec<FieldError> {
        let mut out = vec![];
        if self.review.trim().is_empty() {
            out.push(FieldError::new("review", "It belongs to a review."));
        }
        max_len(
            "outcome",
            "The outcome",
            &self.outcome,
            ACTION_MAX,
            &mut out,
        );
        out
    }
}

/// The review as it stands: its action done as the earliest of its outcomes says, unless the
/// review itself already says so.
pub fn with_outcome(review: &SystemReview, outcomes: &[&ActionOutcome]) -> SystemReview {
    let mut r = review.clone();
    if r.action.done.is_none() {
        if let Some(o) = outcomes.iter().min_by_key(|o| o.on) {
            r.action.done = Some(o.on);
            r.action.outcome = o.outcome.clone();
        }
    }
    r
}

impl SystemReview {
    /// What is wrong with it on `today` (None: stored data, checked without a clock).
    pub fn problems(&self, today: Option<Date>) -> Vec<FieldError> {
        let mut out = vec![];
        not_after_today(
            "on",
            Some(self.on),
            today,
            "A review is held today or earlier, not in the future.",
            &mut out,
        );
        for (field, label, text) in [
            ("keep", "What to keep", &self.keep),
            ("stop", "What to stop", &self.stop),
            ("change", "What to change", &self.change),
        ] {
            max_len(field, label, text, TEXT_MAX, &mut out);
        }
        if [&self.keep, &self.stop, &self.change]
            .iter()
            .all(|t| t.trim().is_empty())
        {
            out.push(FieldError::new(
                "keep",
                "Say at least one thing to keep, stop or change: that is what the review is for.",
            ));
        }
        let a = &self.action;
        required_text(
            "action",
            "The improvement action",
            &a.text,
            ACTION_MAX,
            &mut out,
        );
        max_len("outcome", "The outcome", &a.outcome, ACTION_MAX, &mut out);
        let days = self.on.days_until(a.due);
        if days < 1 {
            out.push(FieldError::new(
                "due",
                "The action is due after the review's day.",
            ));
        } else if days > ACTION_DAYS_MAX {
            out.push(FieldError::new(
                "due",
                format!("Make it due within {ACTION_DAYS_MAX} days, before the next review: split a bigger change into steps."),
            ));
        }
        if a.done.is_some_and(|d| d < self.on) {
            out.push(FieldError::new(
                "done",
                "The action cannot be done before the review that set it.",
            ));
        }
        not_after_today(
            "done",
            a.done,
            today,
            "Mark it done today or earlier.",
            &mut out,
        );
        out
    }

    /// The quarter it reviewed, e.g. "Q4 2026".
    pub fn quarter(&self) -> String {
        GoalLevel::Tactical.period_on(self.on).label()
    }
}

/// Where an action stands on `today`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionState {
    Done(Date),
    /// Days past its due day.
    Late(i64),
    /// Days left.
    Open(i64),
}

pub fn action_state(a: &Action, today: Date) -> ActionState {
    match a.done {
        Some(d) => ActionState::Done(d),
        None => {
            let left = today.days_until(a.due);
            if left < 0 {
                ActionState::Late(-left)
            } else {
                ActionState::Open(left)
            }
        }
    }
}

/// "Done on 3 Dec", "3 days late", "Due in 12 days (15 Dec)".
pub fn action_text(a: &Action, today: Date) -> String {
    match action_state(a, today) {
        ActionState::Done(d) => format!("Done on {}", short_date(d)),
        ActionState::Late(1) => format!("1 day late (due {})", short_date(a.due)),
        ActionState::Late(n) => format!("{n} days late (due {})", short_date(a.due)),
        ActionState::Open(0) => "Due today".into(),
        ActionState::Open(n) => format!("Due in {n} days ({})", short_date(a.due)),
    }
}

/// Each tier's change in words: "Strategic alignment: 72 → 80 (+8)".
pub fn changes(before: &[Option<u8>; 3], now: &[Option<u8>; 3]) -> Vec<String> {
    Tier::ALL
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let what = match (before[i], now[i]) {
                (Some(b), Some(n)) => {
                    let d = i16::from(n) - i16::from(b);
                    let sign = match d {
                        0 => "no change".to_string(),
                        d if d > 0 => format!("+{d}"),
                        d => format!("{d}"),
                    };
                    format!("{b} → {n} ({sign})")
                }
                (None, Some(n)) => format!("{n}, not measured before"),
                (Some(b), None) => format!("{b} before, not measured now"),
                (None, None) => "not measured".into(),
            };
            format!("{}: {what}", t.name())
        })
        .collect()
}

/// The action a weak measure suggests, in words the manager can edit.
pub fn suggested_action(m: &Measure) -> String {
    format!(
        "Raise “{}” to its healthy line: it is at {} ({}).",
        m.name,
        m.value.map_or_else(
            || "nothing yet".into(),
            |v| format!("{} %", (v * 100.0).round() as i64)
        ),
        m.detail
    )
}

/// Whether this quarter's review is due: Some(why) when no review was held this quarter.
pub fn due(reviews: &[&SystemReview], today: Date) -> Option<String> {
    let quarter = GoalLevel::Tactical.period_on(today);
    let last = reviews.iter().map(|r| r.on).max();
    match last {
        None => Some(
            "No system review yet: hold the first to set a baseline and one improvement action."
                .into(),
        ),
        Some(d) if GoalLevel::Tactical.period_on(d) != quarter => Some(format!(
            "The {} system review is due: the last was on {}.",
            quarter.label(),
            short_date(d)
        )),
        Some(_) => None,
    }
}

/// The demo's one past review: at the end of last quarter, its action (owned by `owner`) still
/// open and due in ten days, so this quarter's review is due.
pub fn demo(today: Date, owner: &str) -> SystemReview {
    let on = GoalLevel::Tactical.period_on(today).start().add_days(-5);
    SystemReview {
        on,
        before: [Some(71), Some(80), Some(66)],
        now: [Some(84), Some(86), Some(72)],
        keep: "The weekly 1:1s with a running agenda: nobody waits a month to raise an obstacle.".into(),
        stop: "Status updates in the 1:1: they go in the self-report now.".into(),
        change: "Monthly reviews start from the self-report, so they take half the time.".into(),
        action: Action {
            measure: "charter".into(),
            text: "Walk the team through the new charter version and ask each person to acknowledge it.".into(),
            owner: owner.into(),
            due: today.add_days(10).max(on.add_days(1)),
            done: None,
            outcome: String::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::health::Measure;

    fn d(m: u32, day: u32) -> Date {
        Date::from_ymd(2026, m, day).unwrap()
    }

    fn review(on: Date) -> SystemReview {
        SystemReview {
            on,
            before: [Some(70), Some(85), None],
            now: [Some(80), Some(82), Some(64)],
            keep: "The weekly 1:1s".into(),
            stop: String::new(),
            change: String::new(),
            action: Action {
                measure: "charter".into(),
                text: "Walk the team through the new charter".into(),
                owner: String::new(),
                due: on.add_days(30),
                done: None,
                outcome: String::new(),
            },
        }
    }

    #[test]
    fn the_demo_review_is_valid_last_quarter_and_its_action_open() {
        for today in [d(10, 1), d(12, 3), d(12, 31)] {
            let r = demo(today, "p1");
            assert!(r.problems(Some(today)).is_empty(), "{today}");
            assert!(due(&[&r], today).is_some(), "this quarter's review is due");
            assert_eq!(action_state(&r.action, today), ActionState::Open(10));
        }
    }

    #[test]
    fn a_full_review_has_no_problems() {
        assert!(review(d(12, 1)).problems(Some(d(12, 1))).is_empty());
    }

    #[test]
    fn a_review_must_say_something_to_keep_stop_or_change() {
        let mut r = review(d(12, 1));
        r.keep = "  ".into();
        let p = r.problems(Some(d(12, 1)));
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].field, "keep");
        r.change = "Shorter monthly reviews".into();
        assert!(r.problems(Some(d(12, 1))).is_empty());
    }

    #[test]
    fn the_action_needs_words_and_a_day_after_the_review_within_a_quarter() {
        let mut r = review(d(12, 1));
        r.action.text = String::new();
        r.action.due = d(12, 1);
        let fields: Vec<_> = r.problems(None).iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["action", "due"]);
        r.action.text = "x".into();
        r.action.due = d(12, 1).add_days(ACTION_DAYS_MAX + 1);
        assert_eq!(r.problems(None)[0].field, "due");
        r.action.due = d(12, 1).add_days(ACTION_DAYS_MAX);
        assert!(r.problems(None).is_empty());
    }

    #[test]
    fn a_review_in_the_future_or_done_before_it_is_refused() {
        let mut r = review(d(12, 5));
        assert_eq!(r.problems(Some(d(12, 1)))[0].field, "on");
        r.action.done = Some(d(12, 4));
        assert!(r.problems(None).iter().any(|e| e.field == "done"));
        r.action.done = Some(d(12, 20));
        assert!(r.problems(None).is_empty());
        assert!(r
            .problems(Some(d(12, 10)))
            .iter()
            .any(|e| e.field == "done"));
    }

    #[test]
    fn the_action_is_open_late_or_done() {
        let mut r = review(d(10, 1));
        assert_eq!(action_state(&r.action, d(10, 21)), ActionState::Open(10));
        assert_eq!(action_text(&r.action, d(10, 31)), "Due today");
        assert_eq!(action_state(&r.action, d(11, 3)), ActionState::Late(3));
        assert_eq!(action_text(&r.action, d(11, 1)), "1 day late (due 31 Oct)");
        r.action.done = Some(d(11, 2));
        assert_eq!(action_text(&r.action, d(12, 1)), "Done on 2 Nov");
    }

    #[test]
    fn an_outcome_record_marks_the_action_done() {
        let r = review(d(10, 1));
        let o = |on: Date, text: &str| ActionOutcome {
            review: "r1".into(),
            on,
            outcome: text.into(),
        };
        assert_eq!(with_outcome(&r, &[]), r, "no outcome: still open");
        let (late, early) = (
            o(d(10, 20), "Second device"),
            o(d(10, 12), "All six acknowledged"),
        );
        let done = with_outcome(&r, &[&late, &early]);
        assert_eq!(
            done.action.done,
            Some(d(10, 12)),
            "the earliest outcome counts"
        );
        assert_eq!(done.action.outcome, "All six acknowledged");
        // A review of the first version, done inside itself, stays as it said.
        let mut old = r.clone();
        old.action.done = Some(d(10, 5));
        assert_eq!(with_outcome(&old, &[&late]).action.done, Some(d(10, 5)));
        // An outcome before the review is refused through the review's own rules.
        assert!(with_outcome(&r, &[&o(d(9, 1), "")])
            .problems(None)
            .iter()
            .any(|e| e.field == "done"));
        assert!(o(d(10, 12), &"x".repeat(ACTION_MAX + 1)).problems()[0].field == "outcome");
        assert_eq!(
            ActionOutcome {
                review: " ".into(),
                ..early.clone()
            }
            .problems()[0]
                .field,
            "review"
        );
    }

    #[test]
    fn changes_say_each_tier_then_and_now() {
        let r = review(d(12, 1));
        assert_eq!(
            changes(&r.before, &r.now),
            vec![
                "Strategic alignment: 70 → 80 (+10)",
                "Operational management: 85 → 82 (-3)",
                "Culture and environment: 64, not measured before",
            ]
        );
        assert_eq!(
            changes(&[Some(5); 3], &[Some(5), None, None])[1],
            "Operational management: 5 before, not measured now"
        );
        assert!(changes(&[Some(5); 3], &[Some(5); 3])[0].ends_with("(no change)"));
    }

    #[test]
    fn one_review_a_quarter_is_due() {
        assert!(due(&[], d(12, 1))
            .unwrap()
            .starts_with("No system review yet"));
        let r = review(d(9, 20));
        assert_eq!(
            due(&[&r], d(12, 1)).unwrap(),
            "The Q4 2026 system review is due: the last was on 20 Sep."
        );
        let now = review(d(10, 2));
        assert_eq!(due(&[&r, &now], d(12, 1)), None);
    }

    #[test]
    fn the_weakest_measure_suggests_the_action() {
        let m = Measure {
            key: "charter",
            tier: Tier::Culture,
            name: "Charter acknowledged",
            value: Some(0.5),
            healthy_at: 1.0,
            watch_at: 0.75,
            detail: "3 of 6 people acknowledged version 2".into(),
        };
        assert_eq!(
            suggested_action(&m),
            "Raise “Charter acknowledged” to its healthy line: it is at 50 % (3 of 6 people acknowledged version 2)."
        );
    }
}
