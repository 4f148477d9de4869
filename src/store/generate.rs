//! A generated large store for benchmarks: 25 people with three years of weekly check-ins,
//! quarterly goals, monthly feedback and twelve weeks of self-reports (about 5,600 records). Later features add theirs too.
use crate::domain::dates::{Date, Timestamp};

use super::adapter::MemoryAdapter;
use super::record::Body;
use super::repo::Repository;
use crate::domain::feedback::{Corrective, FeedbackKind};
use crate::domain::self_report::{week_of, SelfReport};
use crate::domain::{Cadence, CheckIn, Feedback, Goal, GoalLevel, Person, Team};

pub const PEOPLE: usize = 25;
pub const WEEKS: i64 = 156;

/// Builds the store as browser storage would hold it: key → stored text.
pub fn large_store(today: Date, now: Timestamp) -> MemoryAdapter {
    let (mut repo, _) = Repository::open(MemoryAdapter::default());
    repo.create(
        Body::Team(Team {
            name: "Operations".into(),
            mission: "Keep every promise we make to customers, on time.".into(),
            scripts: vec![],
        }),
        now,
    );
    let roles = ["Analyst", "Engineer", "Coordinator", "Specialist", "Lead"];
    let start = today.add_days(-7 * WEEKS);
    for n in 0..PEOPLE {
        let person = Person {
            name: format!("Person {:02} Example", n + 1),
            role: roles[n % roles.len()].into(),
            start_date: Some(start.add_days(-30 * n as i64)),
            email: format!("person{:02}@example.com", n + 1),
            cadence: if n % 4 == 0 {
                Cadence::Biweekly
            } else {
                Cadence::Weekly
            },
            archived: n == PEOPLE - 1,
        };
        let id = repo.create(Body::Person(person), now).record.id;
        for week in 0..WEEKS {
            let held_on = start.add_days(7 * week);
            let notes = format!("Week {week}: reviewed progress, one obstacle cleared, priorities set for next week.");
            repo.create(Body::CheckIn(CheckIn::held(&id, held_on, &notes)), now);
        }
        // Weekly self-reports since member mode came in, twelve weeks ago.
        for week in 0..12 {
            let monday = week_of(today).add_days(-7 * week);
            let report = SelfReport {
                person: id.clone(),
                week: monday,
                done: format!("Week of {monday}: closed the queue, shipped the checklist update."),
                next: "Finish the handover notes; pair on the two oldest cases.".into(),
                blockers: if week % 5 == 0 {
                    "Waiting for access to the reporting tool.".into()
                } else {
                    String::new()
                },
                help: String::new(),
                confidence: Some(3 + (week % 3) as u8),
                written: monday.add_days(4).min(today),
            };
            repo.create(Body::SelfReport(report), now);
        }
        // Recognition every month, a corrective conversation every quarter (followed up).
        for month in 0..(WEEKS / 4) {
            let on = start.add_days(28 * month + 3);
            let mut f = Feedback::new(FeedbackKind::Recognition, &id, on);
            f.text = format!("Thank you for clearing the month-{month} backlog two days early: the team started the next sprint on time.");
            if month % 3 == 2 {
                f.kind = FeedbackKind::Corrective;
                f.text.clear();
                f.corrective = Some(Corrective {
                    observation: format!("In week {month} two handovers went out without the customer history."),
                    impact: "The next shift re-asked customers for details, and two tickets waited a day.".into(),
                    expectation: "Every handover includes the customer history, from Monday on.".into(),
                    support: "pair with you on the first three handovers".into(),
                    follow_up: Some(on.add_days(14)),
                    followed_up: Some(on.add_days(14)),
                    outcome: "Done every time since.".into(),
                });
            }
            repo.create(Body::Feedback(f), now);
        }
        for quarter in 0..(WEEKS / 13) {
            let due = start.add_days(7 * 13 * (quarter + 1));
            let goal = Goal {
                title: format!(
                    "Cut average handling time from {} to {} minutes by {due}",
                    30 - quarter,
                    28 - quarter
                ),
                owner: id.clone(),
                level: if quarter % 4 == 0 {
                    GoalLevel::Tactical
                } else {
                    GoalLevel::Operational
                },
                due: Some(due),
                progress: if due < today { 1.0 } else { 0.4 },
                ..Goal::default()
            };
            repo.create(Body::Goal(goal), now);
        }
    }
    repo.adapter().clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_store_loads_whole() {
        let now: Timestamp = "2026-11-26T09:00:00Z".parse().unwrap();
        let adapter = large_store(now.date(), now);
        let (repo, report) = Repository::open(adapter);
        assert_eq!(report.quarantined, 0);
        assert!(report.loaded > 5000, "{report:?}");
        for rec in repo.live() {
            assert!(rec.body.problems().is_empty(), "{}", rec.describe());
        }
        assert_eq!(repo.people().len(), PEOPLE);
    }
}
