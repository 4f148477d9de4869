//! The weekly check-in: three timed sections (progress, obstacles, planning), wins, obstacles,
//! priorities and action items, and a private manager note. Open action items and last week's
//! priorities carry into the next check-in.
use super::dates::{long_date, Date, Timestamp};
use super::goal_report::md;
use super::timer::Run;
use super::validate::{max_len, FieldError};
use serde::{Deserialize, Serialize};

pub const TEXT_MAX: usize = 4000;
pub const ITEM_MAX: usize = 300;
/// Next week's top priorities: the method asks for a few, so at most five.
pub const MAX_PRIORITIES: usize = 5;

pub use super::timer::MeetingState;

/// Who does an action item.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionOwner {
    Manager,
    #[default]
    Member,
}

impl ActionOwner {
    pub fn key(self) -> &'static str {
        match self {
            ActionOwner::Manager => "manager",
            ActionOwner::Member => "member",
        }
    }
    pub fn from_key(key: &str) -> ActionOwner {
        if key == "manager" {
            ActionOwner::Manager
        } else {
            ActionOwner::Member
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionItem {
    /// Stable across check-ins: a carried item keeps its id.
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub owner: ActionOwner,
    #[serde(default)]
    pub due: Option<Date>,
    #[serde(default)]
    pub done_on: Option<Date>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Obstacle {
    pub text: String,
    /// The help the manager offered.
    #[serde(default)]
    pub help: String,
    /// Decisions or resources it needs.
    #[serde(default)]
    pub needs: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Priority {
    pub text: String,
    #[serde(default)]
    pub done: bool,
}

/// A goal updated during the meeting, for the record and the monthly summary.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalTouch {
    pub goal: String,
    /// What changed, e.g. "14 → 18 calls".
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckIn {
    /// The person's record id.
    pub person: String,
    pub held_on: Date,
    /// Notes of the progress review.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    #[serde(default, skip_serializing_if = "Run::is_default")]
    pub run: Run,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub wins: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub obstacles: Vec<Obstacle>,
    /// Last week's priorities, carried in to be ticked off.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub last_priorities: Vec<Priority>,
    /// Next week's priorities.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub priorities: Vec<Priority>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<ActionItem>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goal_updates: Vec<GoalTouch>,
    /// The manager's own note: never synced, and left out of summaries unless `share_private`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub private_note: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub share_private: bool,
}

impl CheckIn {
    /// A check-in held on `on`, with notes only (the demo and the large-store generator).
    pub fn held(person: &str, on: Date, notes: &str) -> CheckIn {
        CheckIn {
            person: person.to_string(),
            held_on: on,
            notes: notes.to_string(),
            run: Run::default(),
            wins: vec![],
            obstacles: vec![],
            last_priorities: vec![],
            priorities: vec![],
            actions: vec![],
            goal_updates: vec![],
            private_note: String::new(),
            share_private: false,
        }
    }

    /// A new check-in for `person`, running from `now`, with what is still open from `previous`:
    /// its unfinished action items (same ids) and its priorities, to be ticked off.
    pub fn start(person: &str, previous: Option<&CheckIn>, today: Date, now: Timestamp) -> CheckIn {
        let (actions, last_priorities) = match previous {
            Some(p) => (
                p.open_actions().cloned().collect(),
                p.priorities
                    .iter()
                    .map(|x| Priority {
                        text: x.text.clone(),
                        done: false,
                    })
                    .collect(),
            ),
            None => (vec![], vec![]),
        };
        CheckIn {
            run: Run::started(now),
            last_priorities,
            actions,
            ..CheckIn::held(person, today, "")
        }
    }

    pub fn open_actions(&self) -> impl Iterator<Item = &ActionItem> {
        self.actions.iter().filter(|a| a.done_on.is_none())
    }

    pub fn finish(&mut self, now: Timestamp) {
        self.run.finish(now);
    }

    /// What is wrong with a stored or imported check-in (the same limits the screen keeps).
    pub fn problems(&self) -> Vec<FieldError> {
        let mut out = vec![];
        max_len("notes", "Notes", &self.notes, TEXT_MAX, &mut out);
        max_len(
            "private_note",
            "Private note",
            &self.private_note,
            TEXT_MAX,
            &mut out,
        );
        if self.priorities.len() > MAX_PRIORITIES {
            out.push(FieldError::new(
                "priority",
                "Keep it to five priorities: the method asks for the few that matter most.",
            ));
        }
        for a in &self.actions {
            if a.text.trim().is_empty() {
                out.push(FieldError::new(
                    "action_text",
                    "An action item needs a text.",
                ));
            }
        }
        out
    }

    /// The check-in as Markdown, for a shared record. The private note is included only when
    /// the manager chose to share it.
    pub fn markdown(&self, person_name: &str, goal_title: &dyn Fn(&str) -> String) -> String {
        let mut out = format!(
            "# Check-in with {}, {}\n\n",
            md(person_name),
            long_date(self.held_on)
        );
        let mut section = |title: &str, items: Vec<String>| {
            if !items.is_empty() {
                out.push_str(&format!("## {title}\n\n"));
                for i in items {
                    out.push_str(&format!("- {i}\n"));
                }
                out.push('\n');
            }
        };
        let notes = if self.notes.trim().is_empty() {
            vec![]
        } else {
            vec![md(&self.notes)]
        };
        section("Progress", notes);
        section(
            "Goals updated",
            self.goal_updates
                .iter()
                .map(|g| format!("{}: {}", md(&goal_title(&g.goal)), md(&g.text)))
                .collect(),
        );
        section("Wins", self.wins.iter().map(|w| md(w)).collect());
        section(
            "Obstacles",
            self.obstacles
                .iter()
                .map(|o| {
                    let mut s = md(&o.text);
                    if !o.help.is_empty() {
                        s.push_str(&format!(" — help offered: {}", md(&o.help)));
                    }
                    if !o.needs.is_empty() {
                        s.push_str(&format!(" — needs: {}", md(&o.needs)));
                    }
                    s
                })
                .collect(),
        );
        let ticked = |p: &Priority| format!("[{}] {}", if p.done { "x" } else { " " }, md(&p.text));
        section(
            "Last week's priorities",
            self.last_priorities.iter().map(ticked).collect(),
        );
        section(
            "Priorities for next week",
            self.priorities.iter().map(|p| md(&p.text)).collect(),
        );
        section(
            "Action items",
            self.actions
                .iter()
                .map(|a| {
                    let who = match a.owner {
                        ActionOwner::Manager => "manager".to_string(),
                        ActionOwner::Member => md(person_name),
                    };
                    let due = a.due.map(|d| format!(", due {}", long_date(d)));
                    format!(
                        "[{}] {} ({who}{})",
                        if a.done_on.is_some() { "x" } else { " " },
                        md(&a.text),
                        due.unwrap_or_default()
                    )
                })
                .collect(),
        );
        if self.share_private && !self.private_note.trim().is_empty() {
            section("Private note", vec![md(&self.private_note)]);
        }
        out
    }
}

/// Checks a new action item before it is added: a text, and a due date not before the meeting.
pub fn check_action(text: &str, due: Option<Date>, held_on: Date) -> Result<(), FieldError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(FieldError::new(
            "action_text",
            "Say what is to be done, e.g. “Send the draft to Sam”.",
        ));
    }
    if t.chars().count() > ITEM_MAX {
        return Err(FieldError::new(
            "action_text",
            format!("Keep it under {ITEM_MAX} characters."),
        ));
    }
    if let Some(d) = due {
        if d < held_on {
            return Err(FieldError::new(
                "action_due",
                "The due date is before this check-in: pick today or a later day.",
            ));
        }
    }
    Ok(())
}

/// The newest check-in of `person` (by date, then start time), held or running.
pub fn latest<'a>(person: &str, all: impl Iterator<Item = &'a CheckIn>) -> Option<&'a CheckIn> {
    all.filter(|c| c.person == person)
        .max_by_key(|c| (c.held_on, c.run.started))
}

/// Script prompts a manager reads out, one per section; a team may replace them (Settings).
pub const WEEKLY_PROMPTS: [&str; 3] = [
    "Let's start with where things stand. Which of your goals moved this week, and what are you most pleased with?",
    "What is slowing you down or getting in the way? What have you tried, and what would help from me?",
    "Looking at next week: what are the few things that matter most? What will you finish, and what can wait?",
];

pub const MONTHLY_PROMPTS: [&str; 3] = [
    "Here is what the month looked like. What are you proudest of, and what surprised you?",
    "What have you learned this month? Where do you want to grow, and what would help you get there?",
    "Given where the goals stand, what should change for next month: targets, dates, or something new to stretch for?",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dates::ymd;

    fn d(m: u32, day: u32) -> Date {
        ymd(2026, m, day).unwrap()
    }
    fn ts(ms: i64) -> Timestamp {
        Timestamp::from_millis(ms).unwrap()
    }
    fn item(id: &str, done: bool) -> ActionItem {
        ActionItem {
            id: id.into(),
            text: format!("Do {id}"),
            owner: ActionOwner::Member,
            due: Some(d(11, 20)),
            done_on: done.then(|| d(11, 19)),
        }
    }

    #[test]
    fn the_first_shape_still_loads_as_a_held_check_in() {
        let c: CheckIn =
            serde_json::from_str(r#"{"person":"p","held_on":"2026-01-05","notes":"x"}"#).unwrap();
        assert_eq!(c.run.state, MeetingState::Finished);
        assert_eq!(c.notes, "x");
        assert!(c.actions.is_empty() && c.run == Run::default());
    }

    #[test]
    fn a_plain_held_check_in_stores_only_what_it_has() {
        let c = CheckIn::held("p", d(11, 20), "x");
        let text = serde_json::to_string(&c).unwrap();
        assert_eq!(text, r#"{"person":"p","held_on":"2026-11-20","notes":"x"}"#);
        assert_eq!(serde_json::from_str::<CheckIn>(&text).unwrap(), c);
        let running = CheckIn::start("p", None, d(11, 20), ts(0));
        let back: CheckIn =
            serde_json::from_str(&serde_json::to_string(&running).unwrap()).unwrap();
        assert_eq!(back, running);
    }

    #[test]
    fn open_items_and_priorities_carry_into_the_next_check_in() {
        let mut last = CheckIn::start("p", None, d(11, 13), ts(1_000));
        last.actions = vec![item("a", false), item("b", true), item("c", false)];
        last.priorities = vec![
            Priority {
                text: "Ship the export".into(),
                done: false,
            },
            Priority {
                text: "Call Acme".into(),
                done: true,
            },
        ];
        last.finish(ts(2_000));
        let next = CheckIn::start("p", Some(&last), d(11, 20), ts(3_000));
        let ids: Vec<&str> = next.actions.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(
            ids,
            ["a", "c"],
            "done items stay behind, open ones keep their ids"
        );
        assert_eq!(next.last_priorities.len(), 2);
        assert!(
            next.last_priorities.iter().all(|p| !p.done),
            "to be ticked off anew"
        );
        assert!(next.priorities.is_empty());
        assert_eq!(next.run.state, MeetingState::InProgress);
        assert!(next.run.timer.running());
        assert_eq!(CheckIn::start("p", None, d(11, 20), ts(0)).actions.len(), 0);
    }

    #[test]
    fn finishing_stops_the_clock() {
        let mut c = CheckIn::start("p", None, d(11, 20), ts(0));
        c.finish(ts(20 * 60_000));
        assert_eq!(c.run.state, MeetingState::Finished);
        assert!(!c.run.timer.running());
        assert_eq!(c.run.timer.total(99 * 60_000), 20 * 60_000);
    }

    #[test]
    fn action_items_are_checked_at_the_field() {
        let today = d(11, 20);
        assert!(check_action("Send the draft", Some(today), today).is_ok());
        assert!(check_action("Send the draft", None, today).is_ok());
        assert_eq!(
            check_action("  ", None, today).unwrap_err().field,
            "action_text"
        );
        assert_eq!(
            check_action("Send", Some(d(11, 19)), today)
                .unwrap_err()
                .field,
            "action_due"
        );
        assert_eq!(
            check_action(&"x".repeat(301), None, today)
                .unwrap_err()
                .field,
            "action_text"
        );
    }

    #[test]
    fn stored_problems() {
        let mut c = CheckIn::start("p", None, d(11, 20), ts(0));
        assert!(c.problems().is_empty());
        c.priorities = (0..6)
            .map(|i| Priority {
                text: format!("p{i}"),
                done: false,
            })
            .collect();
        c.actions.push(ActionItem::default());
        let fields: Vec<&str> = c.problems().iter().map(|e| e.field).collect();
        assert_eq!(fields, ["priority", "action_text"]);
    }

    #[test]
    fn markdown_keeps_the_private_note_private_unless_shared() {
        let mut c = CheckIn::start("p", None, d(11, 20), ts(0));
        c.notes = "Good week *really*".into();
        c.wins.push("Closed <Acme>".into());
        c.private_note = "Seems tired".into();
        c.actions.push(item("a", false));
        c.goal_updates.push(GoalTouch {
            goal: "g1".into(),
            text: "14 → 18 calls".into(),
        });
        let title = |id: &str| format!("Goal {id}");
        let text = c.markdown("Maya", &title);
        assert!(text.starts_with("# Check-in with Maya, "));
        assert!(text.contains("Good week \\*really\\*"));
        assert!(text.contains("Closed \\<Acme\\>"));
        assert!(text.contains("- Goal g1: 14 → 18 calls"));
        assert!(text.contains("- [ ] Do a (Maya, due "));
        assert!(!text.contains("Seems tired"));
        c.share_private = true;
        assert!(c
            .markdown("Maya", &title)
            .contains("## Private note\n\n- Seems tired"));
    }

    #[test]
    fn latest_is_by_date_then_start() {
        let a = CheckIn::start("p", None, d(11, 6), ts(1));
        let b = CheckIn::start("p", None, d(11, 13), ts(2));
        let c = CheckIn::start("q", None, d(11, 20), ts(3));
        assert_eq!(
            latest("p", [&a, &b, &c].into_iter()).unwrap().held_on,
            d(11, 13)
        );
        assert!(latest("z", [&a].into_iter()).is_none());
    }
}
