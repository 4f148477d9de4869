//! The demo's improvement plan: Daniel's, on replying to customers, in its sixth week. Two
//! reviews are held, one support commitment is not delivered yet, and he acknowledged receipt
//! on his own device with a response.
use crate::domain::dates::Date;
use crate::domain::person::Person;

use super::{
    Cause, CauseNote, Delivery, Every, GoalProgress, Plan, PlanAck, PlanGoal, PlanReview, Progress,
    Support,
};

/// The plan started this many days before the demo's today.
pub const STARTED_DAYS_AGO: i64 = 35;

pub type DemoPlans = (
    Vec<(String, Plan)>,
    Vec<(String, PlanReview)>,
    Vec<(String, PlanAck)>,
);

pub fn demo_plans(
    today: Date,
    people: &[(String, Person)],
    new_id: &mut dyn FnMut() -> String,
) -> DemoPlans {
    let Some((daniel, _)) = people.get(1) else {
        return (vec![], vec![], vec![]);
    };
    let start = today.add_days(-STARTED_DAYS_AGO);
    let day = |n: i64| start.add_days(n);
    let mut plan = Plan::new(daniel, start, 60);
    plan.every = Every::TwoWeeks;
    plan.background = "What the record showed before the plan:\n- Communication and responsiveness rated below: two customers waited three days for a reply.\n- A corrective conversation about reply times, followed up two weeks later: replies were on time for a week, then slipped again.\n- The written-communication course, done in the summer.".into();
    plan.gap = "Customers should get a reply within one working day, and a save review's recap within one working day of the call. In the six weeks before the plan, two customers waited three days and recaps went out three to four days after the call.".into();
    plan.items = vec!["Communication and responsiveness".into()];
    plan.causes = vec![
        CauseNote {
            cause: Cause::Workload,
            evidence: "Three of his twelve accounts were in save reviews at the same time in the weeks the replies slipped.".into(),
            notes: "He raised it himself in two check-ins.".into(),
        },
        CauseNote {
            cause: Cause::Clarity,
            evidence: "He thought a recap could wait until the save plan was final; the standard says within a day.".into(),
            notes: String::new(),
        },
    ];
    plan.goals = vec![
        PlanGoal {
            id: "g1".into(),
            text: "Reply to every customer within one working day".into(),
            measure: "Share of customer emails answered within 1 working day, from 80 % to 100 % (CRM reply-time report)".into(),
            due: Some(day(55)),
        },
        PlanGoal {
            id: "g2".into(),
            text: "Send the recap of each save review within one working day of the call".into(),
            measure: "Recaps sent within 1 working day, from 0 of the last 3 to every one".into(),
            due: Some(day(42)),
        },
    ];
    plan.support = vec![
        Support {
            id: "s1".into(),
            text: "Maya's recap template, and 30 minutes kept free after each save review".into(),
            by: Some(day(7)),
        },
        Support {
            id: "s2".into(),
            text: "Two of his accounts move to Priya until the plan ends".into(),
            by: Some(day(14)),
        },
        Support {
            id: "s3".into(),
            text: "A session with the CRM admin to set up reply-time alerts".into(),
            by: Some(day(21)),
        },
    ];
    plan.issue(start, "");
    let plan_id = new_id();
    let review =
        |on: i64, g1: (Progress, &str), g2: (Progress, &str), given: [bool; 3], next: &str| {
            PlanReview {
                plan: plan_id.clone(),
                person: daniel.clone(),
                on: day(on),
                goals: [("g1", g1), ("g2", g2)]
                    .into_iter()
                    .map(|(goal, (p, note))| GoalProgress {
                        goal: goal.into(),
                        progress: Some(p),
                        note: note.into(),
                    })
                    .collect(),
                support: ["s1", "s2", "s3"]
                    .into_iter()
                    .zip(given)
                    .map(|(s, delivered)| Delivery {
                        support: s.into(),
                        delivered,
                    })
                    .collect(),
                next_steps: next.into(),
            }
        };
    let reviews = vec![
        review(
            14,
            (Progress::Progressing, "91 % answered within a day, up from 80 %."),
            (Progress::NotStarted, "No save review in these two weeks."),
            [true, true, false],
            "Keep the morning inbox hour. Book the CRM session.",
        ),
        review(
            28,
            (Progress::Progressing, "97 % within a day; one reply waited over a weekend."),
            (Progress::Progressing, "One of two recaps went out the same day, one two days late."),
            [true, true, false],
            "Use the template straight after each call. The CRM session is still not booked: the manager to book it this week.",
        ),
    ];
    let ack = PlanAck {
        plan: plan_id.clone(),
        person: daniel.clone(),
        version: 1,
        fingerprint: plan.fingerprint(),
        on: day(1),
        at_manager: false,
        response: "I accept that replies slipped. Most of it came from having three save reviews at once, and I would like that noted. The template will help.".into(),
    };
    (
        vec![(plan_id, plan)],
        reviews.into_iter().map(|r| (new_id(), r)).collect(),
        vec![(new_id(), ack)],
    )
}
