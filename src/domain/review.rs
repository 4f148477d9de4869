//! The monthly review (45-60 minutes): an automatic summary of the month, growth and
//! development, and goal adjustments recorded with their reasons.
use super::checkin::{CheckIn, MeetingState};
use super::dates::{long_date, month_end, Date, Timestamp};
use super::goal::{format_number, progress_history, Goal, ProgressUpdate};
use super::goal_report::md;
use super::timer::Run;
use super::validate::{max_len, FieldError};
use serde::{Deserialize, Serialize};

pub const TEXT_MAX: usize = 4000;
/// From this day of the month on, a new review covers the month it is in.
pub const REVIEW_FROM_DAY: u32 = 20;

/// The first day of `d`'s month.
pub fn month_start(d: Date) -> Date {
    d.add_days(1 - d.day() as i64)
}

/// A change to a goal's target or deadline agreed in the review.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adjustment {
    pub goal: String,
    /// "Target 20 → 25" or "Deadline 30 November 2026 → 15 December 2026".
    pub change: String,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonthlyReview {
    pub person: String,
    /// The first day of the month reviewed.
    pub month: Date,
    pub held_on: Date,
    #[serde(default, skip_serializing_if = "Run::is_default")]
    pub run: Run,
    /// Comments on the month's achievements.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub achievements: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub skills: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub aspirations: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub training: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adjustments: Vec<Adjustment>,
    /// Goals added as stretch goals during the review.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stretch: Vec<String>,
    /// Resources needed next month.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub resources: String,
}

impl MonthlyReview {
    /// A review running from `now`: of this month from the 20th on (held at its end), otherwise
    /// of the month just closed.
    pub fn start(person: &str, today: Date, now: Timestamp) -> MonthlyReview {
        let this = month_start(today);
        MonthlyReview {
            person: person.to_string(),
            month: if today.day() >= REVIEW_FROM_DAY {
                this
            } else {
                month_start(this.add_days(-1))
            },
            held_on: today,
            run: Run::started(now),
            achievements: String::new(),
            skills: String::new(),
            aspirations: String::new(),
            training: String::new(),
            adjustments: vec![],
            stretch: vec![],
            resources: String::new(),
        }
    }

    pub fn last_day(&self) -> Date {
        month_end(self.month.year(), self.month.month())
    }

    pub fn month_label(&self) -> String {
        format!(
            "{} {}",
            super::dates::month_name(self.month.month()),
            self.month.year()
        )
    }

    pub fn problems(&self) -> Vec<FieldError> {
        let mut out = vec![];
        for (field, label, text) in [
            ("achievements", "Comments", &self.achievements),
            ("skills", "Skills and learning", &self.skills),
            ("aspirations", "Career aspirations", &self.aspirations),
            ("training", "Training needs", &self.training),
            ("resources", "Resources", &self.resources),
        ] {
            max_len(field, label, text, TEXT_MAX, &mut out);
        }
        out
    }

    pub fn markdown(
        &self,
        person_name: &str,
        summary: &MonthSummary,
        goal_title: &dyn Fn(&str) -> String,
    ) -> String {
        let mut out = format!(
            "# Monthly review: {}, {}\n\n_Held {}._\n\n## Achievements\n\n",
            md(person_name),
            self.month_label(),
            long_date(self.held_on)
        );
        for line in summary.lines() {
            out.push_str(&format!("- {}\n", md(&line)));
        }
        fn part(out: &mut String, title: &str, text: &str) {
            if !text.trim().is_empty() {
                out.push_str(&format!("\n## {title}\n\n{}\n", md(text)));
            }
        }
        part(&mut out, "Comments", &self.achievements);
        part(&mut out, "Skills and learning", &self.skills);
        part(&mut out, "Career aspirations", &self.aspirations);
        part(&mut out, "Training needs", &self.training);
        if !self.adjustments.is_empty() || !self.stretch.is_empty() {
            out.push_str("\n## Goal adjustments\n\n");
            for a in &self.adjustments {
                out.push_str(&format!(
                    "- {}: {} (why: {})\n",
                    md(&goal_title(&a.goal)),
                    md(&a.change),
                    md(&a.reason)
                ));
            }
            for g in &self.stretch {
                out.push_str(&format!("- Stretch goal added: {}\n", md(&goal_title(g))));
            }
        }
        part(&mut out, "Resources for next month", &self.resources);
        out
    }
}

/// One goal's progress over the month, in whole percent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoalChange {
    pub goal: String,
    pub title: String,
    pub from: i32,
    pub to: i32,
}

/// What the month held, worked out from the goals and check-ins.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MonthSummary {
    pub goals: Vec<GoalChange>,
    /// (goal title, milestone title)
    pub milestones: Vec<(String, String)>,
    pub wins: Vec<String>,
    pub check_ins: u32,
    pub actions_done: u32,
}

impl MonthSummary {
    /// The summary as plain sentences, one per line.
    pub fn lines(&self) -> Vec<String> {
        let mut out = vec![format!(
            "{} check-in{} held; {} action item{} done.",
            self.check_ins,
            if self.check_ins == 1 { "" } else { "s" },
            self.actions_done,
            if self.actions_done == 1 { "" } else { "s" }
        )];
        for g in &self.goals {
            out.push(format!("{}: {} % → {} %", g.title, g.from, g.to));
        }
        for (goal, m) in &self.milestones {
            out.push(format!("Milestone reached: {m} ({goal})"));
        }
        for w in &self.wins {
            out.push(format!("Win: {w}"));
        }
        out
    }
}

/// The month from `first` to `last` for `person`: how their goals moved (from the last reading
/// before the month to the last one in it), milestones reached, wins and action items done in
/// the check-ins held.
pub fn month_summary(
    person: &str,
    first: Date,
    last: Date,
    goals: &[(String, Goal)],
    check_ins: &[&CheckIn],
) -> MonthSummary {
    let in_month = |d: Date| d >= first && d <= last;
    let mut s = MonthSummary::default();
    for (id, g) in goals
        .iter()
        .filter(|(_, g)| g.owner == person && !g.archived)
    {
        let history = progress_history(g);
        let before = history.iter().rev().find(|(d, _)| *d < first);
        let during = history.iter().rev().find(|(d, _)| in_month(*d));
        if let Some((_, to)) = during {
            let from = before.map_or(0.0, |(_, p)| *p);
            s.goals.push(GoalChange {
                goal: id.clone(),
                title: g.title.clone(),
                from: (from * 100.0).round() as i32,
                to: (to * 100.0).round() as i32,
            });
        }
        for m in &g.milestones {
            if m.done_on.is_some_and(in_month) {
                s.milestones.push((g.title.clone(), m.title.clone()));
            }
        }
    }
    for c in check_ins.iter().filter(|c| {
        c.person == person && c.run.state == MeetingState::Finished && in_month(c.held_on)
    }) {
        s.check_ins += 1;
        s.wins.extend(c.wins.iter().cloned());
    }
    // Action items are carried from check-in to check-in: count each id once.
    let mut done: Vec<&str> = vec![];
    for c in check_ins.iter().filter(|c| c.person == person) {
        for a in &c.actions {
            if a.done_on.is_some_and(in_month) && !done.contains(&a.id.as_str()) {
                done.push(&a.id);
            }
        }
    }
    s.actions_done = done.len() as u32;
    s
}

/// Changes a goal's target and/or deadline, keeping the change and its reason in the goal's
/// history. The changed goal must pass the same checks as the goal form.
pub fn adjust_goal(
    goal: &Goal,
    target: Option<f64>,
    due: Option<Date>,
    reason: &str,
    today: Date,
) -> Result<(Goal, String), FieldError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(FieldError::new(
            "adjust_reason",
            "Say why it changes: the reason is kept in the goal's history.",
        ));
    }
    let mut g = goal.clone();
    let mut changes = vec![];
    if let Some(t) = target {
        let Some(m) = &mut g.measure else {
            return Err(FieldError::new(
                "adjust_target",
                "This goal measures no number.",
            ));
        };
        if t != m.target {
            changes.push(format!(
                "Target {} → {}",
                format_number(m.target),
                format_number(t)
            ));
            m.target = t;
        }
    }
    if let Some(d) = due {
        if Some(d) != g.due {
            let old = g.due.map_or("none".to_string(), long_date);
            changes.push(format!("Deadline {old} → {}", long_date(d)));
            g.due = Some(d);
        }
    }
    if changes.is_empty() {
        return Err(FieldError::new(
            "adjust_target",
            "Enter a new target or a new deadline.",
        ));
    }
    if let Some(e) = g.problems().into_iter().next() {
        let field = if e.field == "due" {
            "adjust_due"
        } else {
            "adjust_target"
        };
        return Err(FieldError::new(field, e.message));
    }
    let change = changes.join("; ");
    g.updates.push(ProgressUpdate {
        on: today,
        value: None,
        milestone: None,
        confidence: None,
        note: format!("{change}. Why: {reason}"),
        by_self: false,
    });
    Ok((g, change))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::checkin::{ActionItem, ActionOwner};
    use crate::domain::dates::ymd;
    use crate::domain::goal::{record_update, Direction, Measure, Milestone};

    fn d(m: u32, day: u32) -> Date {
        ymd(2026, m, day).unwrap()
    }
    fn ts() -> Timestamp {
        Timestamp::from_millis(1_795_000_000_000).unwrap()
    }
    fn calls_goal() -> Goal {
        Goal {
            title: "Make 20 customer calls a week".into(),
            owner: "p".into(),
            start: Some(d(9, 1)),
            due: Some(d(12, 31)),
            measure: Some(Measure {
                unit: "calls".into(),
                start: 10.0,
                target: 20.0,
                current: 10.0,
                direction: Direction::Up,
            }),
            ..Default::default()
        }
    }
    fn update(on: Date, value: f64) -> ProgressUpdate {
        ProgressUpdate {
            on,
            value: Some(value),
            milestone: None,
            confidence: None,
            note: String::new(),
            by_self: false,
        }
    }

    #[test]
    fn a_review_covers_the_month_just_closed() {
        let r = MonthlyReview::start("p", d(12, 2), ts());
        assert_eq!(r.month, d(11, 1), "early in December: November");
        assert_eq!(
            MonthlyReview::start("p", d(11, 27), ts()).month,
            d(11, 1),
            "late in November: November"
        );
        assert_eq!(MonthlyReview::start("p", d(11, 19), ts()).month, d(10, 1));
        assert_eq!(r.last_day(), d(11, 30));
        assert_eq!(r.month_label(), "November 2026");
        let jan = MonthlyReview::start("p", ymd(2027, 1, 5).unwrap(), ts());
        assert_eq!(jan.month, d(12, 1));
        assert!(r.problems().is_empty());
    }

    #[test]
    fn the_summary_shows_a_change_made_during_a_check_in() {
        let mut g = record_update(&calls_goal(), update(d(10, 20), 12.0)).unwrap();
        // The update a manager made in the 1:1 on 13 November.
        g = record_update(&g, update(d(11, 13), 16.0)).unwrap();
        let mut ms = calls_goal();
        ms.title = "Launch the portal".into();
        ms.measure = None;
        ms.milestones = vec![
            Milestone {
                title: "Beta".into(),
                due: Some(d(11, 15)),
                done_on: Some(d(11, 14)),
            },
            Milestone {
                title: "Launch".into(),
                due: Some(d(12, 15)),
                done_on: None,
            },
        ];
        let mut other = calls_goal();
        other.owner = "q".into();
        let goals = vec![
            ("g1".to_string(), g),
            ("g2".to_string(), ms),
            ("g3".to_string(), other),
        ];
        let mut c1: CheckIn = CheckIn::start("p", None, d(11, 13), ts());
        c1.wins.push("Signed Acme".into());
        c1.actions.push(ActionItem {
            id: "a1".into(),
            text: "Send deck".into(),
            owner: ActionOwner::Member,
            due: None,
            done_on: Some(d(11, 18)),
        });
        c1.finish(ts());
        // The next check-in carries the same (done) item: counted once.
        let mut c2 = c1.clone();
        c2.held_on = d(11, 20);
        c2.wins = vec!["Fixed the export".into()];
        let running = CheckIn::start("p", None, d(11, 27), ts());
        let s = month_summary("p", d(11, 1), d(11, 30), &goals, &[&c1, &c2, &running]);
        assert_eq!(
            s.goals,
            vec![
                GoalChange {
                    goal: "g1".into(),
                    title: "Make 20 customer calls a week".into(),
                    from: 20,
                    to: 60
                },
                GoalChange {
                    goal: "g2".into(),
                    title: "Launch the portal".into(),
                    from: 0,
                    to: 50
                },
            ]
        );
        assert_eq!(
            s.milestones,
            vec![("Launch the portal".into(), "Beta".into())]
        );
        assert_eq!(s.wins, ["Signed Acme", "Fixed the export"]);
        assert_eq!(s.check_ins, 2, "the running one is not held yet");
        assert_eq!(s.actions_done, 1);
        let lines = s.lines();
        assert_eq!(lines[0], "2 check-ins held; 1 action item done.");
        assert!(lines.contains(&"Make 20 customer calls a week: 20 % → 60 %".to_string()));
        // October saw only the first reading.
        let oct = month_summary("p", d(10, 1), d(10, 31), &goals, &[]);
        assert_eq!(oct.goals[0].from, 0);
        assert_eq!(oct.goals[0].to, 20);
    }

    #[test]
    fn adjusting_a_goal_needs_a_reason_and_keeps_it_in_the_history() {
        let g = calls_goal();
        let today = d(11, 30);
        assert_eq!(
            adjust_goal(&g, Some(25.0), None, " ", today)
                .unwrap_err()
                .field,
            "adjust_reason"
        );
        assert_eq!(
            adjust_goal(&g, None, None, "why", today).unwrap_err().field,
            "adjust_target"
        );
        assert_eq!(
            adjust_goal(&g, Some(20.0), None, "why", today)
                .unwrap_err()
                .field,
            "adjust_target"
        );
        // Target equal to the start, or below it for a rising measure: refused by the goal's own rules.
        let e = adjust_goal(&g, Some(10.0), None, "why", today).unwrap_err();
        assert_eq!(e.field, "adjust_target");
        assert!(adjust_goal(&g, Some(5.0), None, "why", today).is_err());
        let e = adjust_goal(&g, None, Some(d(8, 1)), "why", today).unwrap_err();
        assert_eq!(e.field, "adjust_due");
        let (changed, text) = adjust_goal(
            &g,
            Some(25.0),
            Some(ymd(2027, 1, 31).unwrap()),
            "New region added",
            today,
        )
        .unwrap();
        assert_eq!(changed.measure.as_ref().unwrap().target, 25.0);
        assert_eq!(changed.due, ymd(2027, 1, 31));
        assert_eq!(
            text,
            "Target 20 → 25; Deadline 31 December 2026 → 31 January 2027"
        );
        let last = changed.updates.last().unwrap();
        assert_eq!(last.on, today);
        assert_eq!(last.note, format!("{text}. Why: New region added"));
        let no_measure = Goal { measure: None, ..g };
        assert_eq!(
            adjust_goal(&no_measure, Some(3.0), None, "x", today)
                .unwrap_err()
                .field,
            "adjust_target"
        );
    }

    #[test]
    fn markdown_lists_the_summary_and_adjustments() {
        let mut r = MonthlyReview::start("p", d(12, 1), ts());
        r.skills = "SQL *joins*".into();
        r.adjustments.push(Adjustment {
            goal: "g1".into(),
            change: "Target 20 → 25".into(),
            reason: "New region".into(),
        });
        r.stretch.push("g9".into());
        let s = MonthSummary {
            check_ins: 1,
            ..Default::default()
        };
        let text = r.markdown("Maya", &s, &|id| format!("Goal {id}"));
        assert!(text.starts_with("# Monthly review: Maya, November 2026\n"));
        assert!(text.contains("- 1 check-in held; 0 action items done.\n"));
        assert!(text.contains("## Skills and learning\n\nSQL \\*joins\\*\n"));
        assert!(text.contains("- Goal g1: Target 20 → 25 (why: New region)\n"));
        assert!(text.contains("- Stretch goal added: Goal g9\n"));
        assert!(!text.contains("## Career aspirations"));
    }
}
