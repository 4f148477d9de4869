//! "Is an improvement plan the right step?" A decision aid built from the person's own record:
//! corrective feedback and its follow-ups, development actions, obstacles raised in check-ins
//! and the latest standards ratings. It suggests the lightest step that fits and says why, in
//! words the manager can check; the facts it read become the plan's background.
use crate::domain::checkin::CheckIn;
use crate::domain::dates::{short_date, Date};
use crate::domain::development::{ActionStatus, DevAction};
use crate::domain::feedback::{Feedback, FeedbackKind};
use crate::domain::standards::{latest_ratings, Level, Rating};

/// How far back the aid looks for feedback and obstacles.
pub const LOOKBACK_DAYS: i64 = 90;
/// Obstacles raised in at least this many check-ins point at the work, not the person.
pub const OBSTACLE_CHECK_INS: usize = 2;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Coaching,
    Training,
    DevelopmentPlan,
    ImprovementPlan,
}

impl Step {
    pub fn label(self) -> &'static str {
        match self {
            Step::Coaching => "Coaching in the 1:1s",
            Step::Training => "Training",
            Step::DevelopmentPlan => "A development plan",
            Step::ImprovementPlan => "An improvement plan",
        }
    }
}

/// The suggestion, why, and what the record shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Advice {
    pub step: Step,
    pub reasons: Vec<String>,
    pub facts: Vec<String>,
}

impl Advice {
    /// The facts as a plan's background, one line each.
    pub fn background(&self, today: Date) -> String {
        let mut s = format!(
            "What the record showed on {} (the last {LOOKBACK_DAYS} days):\n",
            short_date(today)
        );
        for f in &self.facts {
            s.push_str("- ");
            s.push_str(f);
            s.push('\n');
        }
        s.trim_end().to_string()
    }
}

/// What the aid reads about one person (everything given is theirs).
pub struct Record<'a> {
    pub feedback: &'a [&'a Feedback],
    pub actions: &'a [&'a DevAction],
    pub check_ins: &'a [&'a CheckIn],
    pub ratings: &'a [&'a Rating],
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn advise(person: &str, record: &Record, today: Date) -> Advice {
    let since = today.add_days(-LOOKBACK_DAYS);
    let mut facts = vec![];

    // Standards: the latest rating of each item by the manager.
    let below: Vec<(&str, &Rating)> = latest_ratings(person, record.ratings, false)
        .into_iter()
        .filter_map(|(item, r)| {
            r.filter(|r| r.level == Some(Level::Below))
                .map(|r| (item, r))
        })
        .collect();
    if below.is_empty() {
        facts.push("No standard is rated below in the latest ratings.".to_string());
    }
    for (item, r) in &below {
        let note = if r.note.trim().is_empty() {
            String::new()
        } else {
            format!(": {}", r.note.trim())
        };
        facts.push(format!("{item} rated below on {}{note}.", short_date(r.on)));
    }

    // Corrective feedback and its follow-ups.
    let corrective: Vec<&Feedback> = record
        .feedback
        .iter()
        .copied()
        .filter(|f| f.person == person && f.kind == FeedbackKind::Corrective && f.given_on >= since)
        .collect();
    let followed: Vec<&Feedback> = corrective
        .iter()
        .copied()
        .filter(|f| {
            f.corrective
                .as_ref()
                .is_some_and(|c| c.followed_up.is_some())
        })
        .collect();
    let waiting: Vec<Date> = corrective
        .iter()
        .filter_map(|f| f.open_follow_up())
        .collect();
    facts.push(format!(
        "{} given, {} followed up.",
        plural(
            corrective.len(),
            "corrective conversation",
            "corrective conversations"
        ),
        followed.len()
    ));
    for f in &followed {
        if let Some(c) = &f.corrective {
            if !c.outcome.trim().is_empty() {
                facts.push(format!(
                    "Follow-up of {}: {}",
                    short_date(f.given_on),
                    c.outcome.trim()
                ));
            }
        }
    }

    // Development actions.
    let mine: Vec<&DevAction> = record
        .actions
        .iter()
        .copied()
        .filter(|a| a.person == person)
        .collect();
    let done = mine
        .iter()
        .filter(|a| a.status == ActionStatus::Done)
        .count();
    let open: Vec<&DevAction> = mine
        .iter()
        .copied()
        .filter(|a| a.status.is_open())
        .collect();
    let open_due_later = open
        .iter()
        .filter(|a| a.due.is_some_and(|d| d >= today))
        .count();
    facts.push(format!(
        "{}: {done} done, {} open.",
        plural(mine.len(), "development action", "development actions"),
        open.len()
    ));

    // Obstacles raised in check-ins.
    let with_obstacles: Vec<&CheckIn> = record
        .check_ins
        .iter()
        .copied()
        .filter(|c| c.person == person && c.held_on >= since && !c.obstacles.is_empty())
        .collect();
    let mut themes: Vec<&str> = vec![];
    for c in &with_obstacles {
        for o in &c.obstacles {
            let t = o.text.trim();
            if !t.is_empty() && !themes.iter().any(|x| x.eq_ignore_ascii_case(t)) {
                themes.push(t);
            }
        }
    }
    facts.push(format!(
        "Obstacles raised in {}{}",
        plural(with_obstacles.len(), "check-in", "check-ins"),
        if themes.is_empty() {
            ".".to_string()
        } else {
            format!(": {}.", themes.join("; "))
        }
    ));

    let mut reasons = vec![];
    let step = if below.is_empty() {
        reasons.push("No standard is rated below, so there is no documented gap for a plan to close. If you see one, rate the standards first, then talk it through in the next 1:1.".into());
        Step::Coaching
    } else if corrective.is_empty() {
        reasons.push(format!("No corrective conversation in the last {LOOKBACK_DAYS} days: a plan should never be the first time someone hears about a gap. Give corrective feedback with a follow-up date."));
        Step::Coaching
    } else if followed.is_empty() {
        let when = waiting.iter().min().map_or(String::new(), |d| {
            format!(" The follow-up is due {}.", short_date(*d))
        });
        reasons.push(format!(
            "Corrective feedback was given but not yet followed up: see whether it worked first.{when}"
        ));
        Step::Coaching
    } else if with_obstacles.len() >= OBSTACLE_CHECK_INS {
        reasons.push(format!(
            "Obstacles came up in {} in the last {LOOKBACK_DAYS} days. Remove them first: a gap the work causes is not closed by a plan for the person.",
            plural(with_obstacles.len(), "check-in", "check-ins")
        ));
        Step::Coaching
    } else if mine.is_empty() {
        reasons.push("No development action was ever planned. If the cause is skills or knowledge, a development plan with training is the fair next step.".into());
        Step::DevelopmentPlan
    } else if done == 0 && open_due_later > 0 {
        reasons.push(format!(
            "{} under way and not yet due: let the training finish before judging it.",
            plural(
                open_due_later,
                "development action is",
                "development actions are"
            )
        ));
        Step::Training
    } else {
        reasons.push("Corrective feedback was given and followed up, development was tried, and a standard is still rated below. An improvement plan, with support and regular reviews, is a fair next step.".into());
        Step::ImprovementPlan
    };
    Advice {
        step,
        reasons,
        facts,
    }
}
