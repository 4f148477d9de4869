//! A generated large store for benchmarks: 25 people with three years of every kind: weekly
//! check-ins, monthly reviews and feedback, quarterly goals, ratings and peer-feedback rounds,
//! twelve weeks of self-reports, monthly team wins, and the team's charter (with everyone's
//! acknowledgements), standards, authority matrix, scripts and skills from the demo, and
//! development (yearly assessments, plan actions, stretch work), and the team's eight indicators
//! read weekly: about 9,200 records.
use crate::domain::dates::{Date, Timestamp};

use super::adapter::MemoryAdapter;
use super::record::Body;
use super::repo::Repository;
use crate::domain::development::{
    ActionKind, ActionStatus, Assessment, DevAction, Stretch, StretchKind,
};
use crate::domain::feedback::{Corrective, FeedbackKind};
use crate::domain::indicators::{by_month, Period, Reading, ReadingMonth};
use crate::domain::self_report::{week_of, SelfReport};
use crate::domain::standards::{Level, Rating};
use crate::domain::{
    demo, Acknowledgement, Cadence, Celebration, CheckIn, Feedback, FeedbackRequest, Goal,
    GoalLevel, MonthlyReview, Person, Team,
};

pub const PEOPLE: usize = 25;
pub const WEEKS: i64 = 156;

/// Builds the store as browser storage would hold it: key → stored text.
pub fn large_store(today: Date, now: Timestamp) -> MemoryAdapter {
    let mut repo = Writer::new(now);
    repo.create(
        Body::Team(Team {
            name: "Operations".into(),
            mission: "Keep every promise we make to customers, on time.".into(),
            scripts: vec![],
        }),
        start_of(today.add_days(-7 * WEEKS - 30 * PEOPLE as i64)),
    );
    let roles = ["Analyst", "Engineer", "Coordinator", "Specialist", "Lead"];
    let start = today.add_days(-7 * WEEKS);
    // The team's own records as the demo has them: charter versions, standards, the authority
    // matrix, a recognition script.
    let team = demo::demo_team(today, &mut super::record::new_id);
    for (_, v) in &team.charter {
        repo.create(Body::CharterVersion(v.clone()), start_of(v.saved_on));
    }
    for (_, s) in team.standards {
        repo.create(Body::Standards(s), start_of(start));
    }
    for (_, s) in team.scripts {
        repo.create(Body::RecognitionScript(s), start_of(start));
    }
    repo.create(Body::Authority(team.authority), start_of(start));
    let mut skills = vec![];
    for (_, s) in team.skills {
        skills.push(repo.create(Body::Skill(s), start_of(start)));
    }
    let mut ids: Vec<String> = vec![];
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
        let id = repo.create(Body::Person(person), start_of(start));
        ids.push(id.clone());
        for v in &team.charter {
            let ack = Acknowledgement {
                person: id.clone(),
                version: v.1.number,
                fingerprint: v.1.fingerprint(),
                on: v.1.saved_on.add_days(2),
            };
            let on = start_of(ack.on);
            repo.create(Body::CharterAck(ack), on);
        }
        for week in 0..WEEKS {
            let held_on = start.add_days(7 * week);
            let notes = format!("Week {week}: reviewed progress, one obstacle cleared, priorities set for next week.");
            repo.create(
                Body::CheckIn(CheckIn::held(&id, held_on, &notes)),
                start_of(held_on),
            );
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
            let on = start_of(report.written);
            repo.create(Body::SelfReport(report), on);
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
            repo.create(Body::Feedback(f), start_of(on));
        }
        // A monthly review, with what the month brought.
        for month in 0..(WEEKS / 4) {
            let held = start.add_days(28 * month + 27);
            // Held: started at the meeting, finished 55 minutes later.
            let mut review = MonthlyReview::start(&id, held, start_of(held));
            review.run.finish(start_of(held).add_secs(55 * 60));
            review.achievements = format!("Month {month}: closed the backlog two days early and wrote the handover checklist.");
            review.skills = "Grew in de-escalation; next: reporting.".into();
            review.aspirations = "Lead the onboarding of the next hire.".into();
            repo.create(Body::Review(review), start_of(held).add_secs(55 * 60));
        }
        for quarter in 0..(WEEKS / 13) {
            let on = start.add_days(7 * 13 * quarter + 30);
            // Ratings against three items of the role's standards.
            for (k, item) in ["Quality", "Productivity", "Collaboration"]
                .iter()
                .enumerate()
            {
                let rating = Rating {
                    person: id.clone(),
                    item: item.to_string(),
                    level: Some(
                        [Level::Below, Level::Meets, Level::Exceeds][(quarter as usize + k) % 3],
                    ),
                    on,
                    note: format!("Quarter {quarter}: on track with the team's standard."),
                    by_self: false,
                };
                repo.create(Body::Rating(rating), start_of(on));
            }
            // A peer-feedback round: asked of the two people added before, both answered.
            if n >= 2 {
                let peers = vec![ids[n - 1].clone(), ids[n - 2].clone()];
                let request = FeedbackRequest {
                    person: id.clone(),
                    peers: peers.clone(),
                    topic: format!("How the quarter-{quarter} handovers went"),
                    asked_on: on,
                    closed: true,
                };
                let request_id = repo.create(Body::FeedbackRequest(request), start_of(on));
                for peer in peers {
                    let mut f = Feedback::new(FeedbackKind::Peer, &id, on.add_days(3));
                    f.from = peer;
                    f.text = "The handover notes were complete and the customer never had to repeat anything.".into();
                    f.impact = "I could pick up the case in minutes.".into();
                    f.request = Some(request_id.clone());
                    repo.create(Body::Feedback(f), start_of(on.add_days(3)));
                }
            }
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
            repo.create(Body::Goal(goal), start_of(due.add_days(-91)));
        }
        // Development: four skills assessed once a year, two plan actions and one stretch
        // assignment a year.
        for year in 0..(WEEKS / 52) {
            let on = start.add_days(364 * year + 40);
            for (k, skill) in skills.iter().take(4).enumerate() {
                let a = Assessment {
                    person: id.clone(),
                    skill: skill.clone(),
                    level: Some(1 + ((year as usize + k) % 4) as u8),
                    on,
                    evidence: format!(
                        "Year {year}: handled the quarter's hardest cases in this area."
                    ),
                    by_self: false,
                };
                repo.create(Body::Assessment(a), start_of(on));
            }
            for (k, kind) in [ActionKind::Course, ActionKind::Mentoring]
                .into_iter()
                .enumerate()
            {
                let due = on.add_days(60 + 30 * k as i64);
                let done = due < today;
                let action = DevAction {
                    person: id.clone(),
                    skill: skills[k].clone(),
                    kind,
                    title: format!("Year {year}: {} on the team's hardest cases", kind.label()),
                    resource: "Team wiki: training".into(),
                    due: Some(due),
                    status: if done {
                        ActionStatus::Done
                    } else {
                        ActionStatus::InProgress
                    },
                    expected_level: Some(3),
                    evidence: if done {
                        "Solved three such cases alone since.".into()
                    } else {
                        String::new()
                    },
                    done_on: done.then_some(due),
                };
                repo.create(Body::DevAction(action), start_of(on));
            }
            let (from, to) = (on.add_days(20), on.add_days(110));
            let stretch = Stretch {
                person: id.clone(),
                title: format!("Year {year}: lead the queue-review rota"),
                kind: StretchKind::ALL[(n + year as usize) % 3],
                skills: vec![skills[0].clone()],
                results: format!("Cut tickets older than 48 hours from 30 to 5 by {to}"),
                support: "The manager, every two weeks".into(),
                start: Some(from),
                end: Some(to),
                finished: (to < today).then_some(to),
                outcome: if to < today {
                    "Backlog at 4 by the end.".into()
                } else {
                    String::new()
                },
                ..Stretch::default()
            };
            repo.create(Body::Stretch(stretch), start_of(from));
        }
    }
    // A team win every month, with two contributors.
    for month in 0..(WEEKS / 4) {
        let win = Celebration {
            title: format!("Month {month}: every promised callback made on time"),
            on: start.add_days(28 * month + 20),
            goals: vec![],
            contributors: vec![
                ids[month as usize % PEOPLE].clone(),
                ids[(month as usize + 1) % PEOPLE].clone(),
            ],
            story: "The queue was cleared before the holiday and no customer waited over a day."
                .into(),
            what_worked: vec!["Daily fifteen-minute queue review".into()],
        };
        let on = start_of(win.on);
        repo.create(Body::Celebration(win), on);
    }
    // The team's indicators from the demo, each read every week (or month) for three years,
    // a month of readings per record; the person's indicator is the third person's.
    for (_, mut ind) in team.indicators {
        if !ind.owner.is_empty() {
            ind.owner = ids[2].clone();
        }
        let owner = ind.owner.clone();
        let step = if ind.period == Period::Monthly { 28 } else { 7 };
        let base = ind.target.unwrap_or(10.0);
        let id = repo.create(Body::Indicator(ind), start_of(start));
        let readings: Vec<Reading> = (0..7 * WEEKS / step)
            .map(|k| Reading {
                on: start.add_days(step * k + 4),
                value: (base * (0.8 + 0.05 * (k % 7) as f64) * 10.0).round() / 10.0,
                ..Reading::default()
            })
            .filter(|r| r.on < today)
            .collect();
        for month in by_month(&readings) {
            let at = start_of(month[month.len() - 1].on);
            let body = Body::Readings(ReadingMonth {
                indicator: id.clone(),
                owner: owner.clone(),
                readings: month,
            });
            repo.create(body, at);
        }
    }
    // The demo's improvement plan, with its reviews and acknowledgement, for the second person
    // (a plan is rare: one in three years for the team).
    for (demo_id, mut plan) in team.plans {
        plan.person = ids[1].clone();
        let at = start_of(plan.start);
        let id = repo.create(Body::ImprovementPlan(plan), at);
        for (_, mut r) in team
            .plan_reviews
            .iter()
            .filter(|(_, r)| r.plan == demo_id)
            .cloned()
        {
            r.plan = id.clone();
            r.person = ids[1].clone();
            let at = start_of(r.on);
            repo.create(Body::PlanReview(r), at);
        }
        for (_, mut a) in team
            .plan_acks
            .iter()
            .filter(|(_, a)| a.plan == demo_id)
            .cloned()
        {
            a.plan = id.clone();
            a.person = ids[1].clone();
            let at = start_of(a.on);
            repo.create(Body::PlanAck(a), at);
        }
    }
    // Early warnings handled now and then: one a quarter, dismissed or snoozed with a reason.
    for q in 0..(WEEKS / 13) {
        let on = start.add_days(91 * q + 40);
        let who = &ids[q as usize % ids.len()];
        let note = crate::domain::insight::WarningNote {
            key: format!("rhythm:{who}"),
            title: "Out of rhythm".into(),
            on,
            snooze_until: (q % 2 == 1).then(|| on.add_days(7)),
            reason: "On leave; the 1:1 is booked for their first day back.".into(),
        };
        repo.create(Body::WarningNote(note), start_of(on));
    }
    // The manager's rollout, long finished, with its hand-ticked tasks.
    let (rollout, ticks) = crate::domain::rollout::demo(start.add_days(39));
    repo.create(Body::Rollout(rollout), start_of(start));
    for mut t in ticks {
        t.note.truncate(40);
        let on = start_of(t.on);
        repo.create(Body::RolloutTick(t), on);
    }
    // A system review at the end of each quarter, its action done within the next.
    for q in 1..(WEEKS / 13) {
        let on = start.add_days(91 * q - 3);
        let mut r =
            crate::domain::system_review::demo(on.add_days(3), &ids[q as usize % ids.len()]);
        r.on = on;
        r.action.due = on.add_days(60);
        for t in [&mut r.keep, &mut r.stop, &mut r.change] {
            t.truncate(40);
        }
        let review = repo.create(Body::SystemReview(r), start_of(on));
        let done = on.add_days(50);
        let outcome = crate::domain::system_review::ActionOutcome {
            review,
            on: done,
            outcome: "All acknowledged.".into(),
        };
        repo.create(Body::ActionOutcome(outcome), start_of(done));
    }
    // The manager's development plan: a self-assessment a quarter, an action done each.
    for q in 0..(WEEKS / 13) {
        let on = start.add_days(91 * q);
        let a = crate::domain::leadership::SelfAssessment {
            on,
            levels: vec![3, 3, 4, 4, 3, 2],
            note: String::new(),
        };
        repo.create(Body::LeaderAssessment(a), start_of(on));
    }
    for a in crate::domain::leadership::demo(today).actions {
        repo.create(Body::LearningAction(a), start_of(today.add_days(-30)));
    }
    // Each person's device joined with an invitation.
    for id in &ids {
        let mut invitation = crate::domain::invite::Invitation::new(id, now.add_secs(-86_400), 7);
        let _ = invitation.join(now.add_secs(-3_600), "Chrome on Android");
        repo.create(Body::Invitation(invitation), now.add_secs(-3_600));
    }
    repo.finish()
}

/// Collects the store's records with the time each was written, then saves them in that order,
/// as a device would have over the three years: each record numbered at its own moment.
struct Writer {
    now: Timestamp,
    all: Vec<(Timestamp, String, Body)>,
}

impl Writer {
    fn new(now: Timestamp) -> Writer {
        Writer { now, all: vec![] }
    }

    /// Adds a record written at `at` (never after now); returns its id.
    fn create(&mut self, body: Body, at: Timestamp) -> String {
        let id = super::record::new_id();
        // Spread over the working day, so records of one day have moments of their own.
        let at = at
            .add_secs((self.all.len() % 480) as i64 * 60)
            .min(self.now);
        self.all.push((at, id.clone(), body));
        id
    }

    fn finish(mut self) -> MemoryAdapter {
        self.all.sort_by_key(|(at, _, _)| *at);
        let (mut repo, _) = Repository::open(MemoryAdapter::default());
        for (at, id, body) in self.all {
            repo.save_batch(vec![(id, body)], vec![], at)
                .expect("a new record is allowed")
                .expect("memory takes every write");
        }
        repo.adapter().clone()
    }
}

/// 09:00 UTC on `day`: when the generated team's records are written.
fn start_of(day: Date) -> Timestamp {
    format!("{day}T09:00:00Z").parse().expect("a valid moment")
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
        assert!(report.loaded > 8000, "{report:?}");
        let kinds: std::collections::BTreeSet<&str> = repo.live().map(|r| r.body.kind()).collect();
        // Every kind but the leader plan of the first version, which the store lifts apart.
        let written: Vec<&&str> = super::super::record::KINDS
            .iter()
            .filter(|k| **k != "leader_plan")
            .collect();
        assert_eq!(kinds.len(), written.len(), "every kind: {kinds:?}");
        for rec in repo.live() {
            assert!(rec.body.problems().is_empty(), "{}", rec.describe());
        }
        assert_eq!(repo.people().len(), PEOPLE);
    }
}
