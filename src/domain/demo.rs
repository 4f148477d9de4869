//! The demo team: a believable team of six that later features extend with their own data
//! (goals, check-ins, feedback) so "Try with a demo team" shows every area at once.
use super::authority::AuthorityMatrix;
use super::charter::{Acknowledgement, CharterVersion};
use super::checkin::{ActionItem, ActionOwner, CheckIn, Obstacle, Priority};
use super::dates::{add_days, long_date, Date};
use super::development::{
    ActionKind, ActionStatus, Assessment, Category, Checkpoint, DevAction, Required, Skill,
    Stretch, StretchKind,
};
use super::feedback::{
    fill, Celebration, Corrective, Feedback, FeedbackKind, FeedbackRequest, RecognitionScript,
    BUILT_IN_SCRIPTS,
};
use super::goal::{Direction, Goal, GoalLevel, Measure, Milestone, ProgressUpdate};
use super::improvement::demo::demo_plans;
use super::improvement::{Plan as ImprovementPlan, PlanAck, PlanReview};
use super::indicators::demo::demo_indicators;
use super::indicators::{Indicator, ReadingMonth};
use super::person::{Cadence, Person};
use super::review::MonthlyReview;
use super::self_report::{week_of, SelfReport};
use super::standards::{Rating, RoleStandards};
use super::team::Team;

/// The demo's people were added to Trellis this many days ago (their records' `created`).
pub const ADDED_DAYS_AGO: i64 = 120;

/// Demo records with their ids, so later parts of the demo can point at people.
pub struct DemoData {
    pub team: Team,
    pub people: Vec<(String, Person)>,
    pub goals: Vec<(String, Goal)>,
    pub check_ins: Vec<(String, CheckIn)>,
    pub reviews: Vec<(String, MonthlyReview)>,
    pub feedback: Vec<(String, Feedback)>,
    pub requests: Vec<(String, FeedbackRequest)>,
    pub celebrations: Vec<(String, Celebration)>,
    pub scripts: Vec<(String, RecognitionScript)>,
    pub charter: Vec<(String, CharterVersion)>,
    pub acks: Vec<(String, Acknowledgement)>,
    pub authority: AuthorityMatrix,
    pub standards: Vec<(String, RoleStandards)>,
    pub ratings: Vec<(String, Rating)>,
    pub self_reports: Vec<(String, SelfReport)>,
    pub skills: Vec<(String, Skill)>,
    pub assessments: Vec<(String, Assessment)>,
    pub actions: Vec<(String, DevAction)>,
    pub stretches: Vec<(String, Stretch)>,
    pub indicators: Vec<(String, Indicator)>,
    pub reading_months: Vec<(String, ReadingMonth)>,
    pub plans: Vec<(String, ImprovementPlan)>,
    pub plan_reviews: Vec<(String, PlanReview)>,
    pub plan_acks: Vec<(String, PlanAck)>,
    /// The manager's own: the 90-day rollout and its hand ticks, and the development plan in
    /// leading the system (stored as a record per self-assessment and per learning action).
    pub rollout: super::rollout::Rollout,
    pub rollout_ticks: Vec<super::rollout::Tick>,
    pub leader_plan: super::leadership::LeaderPlan,
    /// The team's: the quarterly system reviews.
    pub system_reviews: Vec<(String, super::system_review::SystemReview)>,
}

/// Builds the demo team. Start dates are set relative to `today` so tenures read the same every year.
pub fn demo_team(today: Date, new_id: &mut dyn FnMut() -> String) -> DemoData {
    let years_ago =
        |years: i32, month: u32, day: u32| Date::from_ymd(today.year() - years, month, day);
    let person = |name: &str, role: &str, start: Option<Date>, email: &str, cadence| Person {
        name: name.into(),
        role: role.into(),
        start_date: start,
        email: email.into(),
        cadence,
        archived: false,
    };
    let people = vec![
        person(
            "Maya Okafor",
            "Senior Customer Success Manager",
            years_ago(5, 3, 15),
            "maya.okafor@example.com",
            Cadence::Weekly,
        ),
        person(
            "Daniel Reyes",
            "Customer Success Manager",
            years_ago(3, 6, 5),
            "daniel.reyes@example.com",
            Cadence::Weekly,
        ),
        person(
            "Priya Natarajan",
            "Onboarding Specialist",
            years_ago(2, 1, 8),
            "priya.natarajan@example.com",
            Cadence::Weekly,
        ),
        person(
            "Tomás Lindqvist",
            "Support Engineer",
            years_ago(4, 9, 12),
            "tomas.lindqvist@example.com",
            Cadence::Biweekly,
        ),
        person(
            "Hannah Whitfield",
            "Support Engineer",
            years_ago(1, 2, 17),
            "hannah.whitfield@example.com",
            Cadence::Weekly,
        ),
        person(
            "Kwame Asante",
            "Customer Education Lead",
            years_ago(6, 11, 2),
            "kwame.asante@example.com",
            Cadence::Biweekly,
        ),
    ];
    let people: Vec<(String, Person)> = people.into_iter().map(|p| (new_id(), p)).collect();
    let ids: Vec<String> = people.iter().map(|(id, _)| id.clone()).collect();
    let mut goals = demo_goals(today, &ids, new_id);
    goals.extend(demo_past_goals(today, &ids, &goals, new_id));
    let development = demo_development(today, &people, &mut goals, new_id);
    let (check_ins, reviews) = demo_meetings(today, &people, new_id);
    let (feedback, requests, celebrations, scripts) = demo_feedback(today, &people, &goals, new_id);
    let (charter, acks) = demo_charter(today, &people, &goals, new_id);
    let authority = demo_authority(&people);
    let (standards, ratings) = demo_standards(today, &people, new_id);
    let self_reports = demo_self_reports(today, &people, new_id);
    let (indicators, reading_months) = demo_indicators(today, &people, &mut goals, new_id);
    let (plans, plan_reviews, plan_acks) = demo_plans(today, &people, new_id);
    let system_reviews = vec![(new_id(), super::system_review::demo(today, &ids[ids.len() - 1]))];
    let (rollout, rollout_ticks) = super::rollout::demo(today);
    DemoData {
        rollout,
        rollout_ticks,
        leader_plan: super::leadership::demo(today),
        system_reviews,
        plans,
        plan_reviews,
        plan_acks,
        indicators,
        reading_months,
        skills: development.skills,
        assessments: development.assessments,
        actions: development.actions,
        stretches: development.stretches,
        self_reports,
        standards,
        ratings,
        authority,
        charter,
        acks,
        goals,
        check_ins,
        reviews,
        feedback,
        requests,
        celebrations,
        scripts,
        team: Team {
            name: "Customer Success".into(),
            mission: "Get every new customer to their first win within 30 days, and keep them because working with us keeps getting easier.".into(),
            scripts: vec![],
        },
        people,
    }
}

struct Development {
    skills: Vec<(String, Skill)>,
    assessments: Vec<(String, Assessment)>,
    actions: Vec<(String, DevAction)>,
    stretches: Vec<(String, Stretch)>,
}

/// A skills framework for the team's roles, assessments (one of them stale), two development
/// plans under way (Hannah's API troubleshooting, Daniel's renewals), stretch work (Priya's
/// running, Tomás's and Maya's finished). Tomás alone holds API troubleshooting, Maya alone
/// renewals: the coverage grid's single points of failure. Goals that need a skill name it.
fn demo_development(
    today: Date,
    people: &[(String, Person)],
    goals: &mut [(String, Goal)],
    new_id: &mut dyn FnMut() -> String,
) -> Development {
    const SE: &str = "Support Engineer";
    const CSM: &str = "Customer Success Manager";
    const SENIOR: &str = "Senior Customer Success Manager";
    const ONBOARDING: &str = "Onboarding Specialist";
    const EDUCATION: &str = "Customer Education Lead";
    let skill = |name: &str,
                 category,
                 levels: [&str; 4],
                 required: &[(&str, u8)],
                 behaviour: Option<&str>| Skill {
        name: name.into(),
        category,
        levels: levels.map(String::from),
        required: required
            .iter()
            .map(|(role, level)| Required {
                role: role.to_string(),
                level: *level,
            })
            .collect(),
        behaviour: behaviour.map(String::from),
    };
    #[rustfmt::skip]
    let skills = vec![
        skill("API troubleshooting", Category::Technical, [
            "Reproduces an API error with the customer's request in hand, with a guide.",
            "Reads logs and status codes to find the cause of common errors alone.",
            "Solves webhook, auth and rate-limit cases alone; writes the fix up for others.",
            "Spots patterns across tickets and gets the product fixed at the source.",
        ], &[(SE, 3)], None),
        skill("Escalation handling", Category::Customer, [
            "Knows when to escalate and to whom.",
            "Escalates with full context; keeps the customer updated every day.",
            "Calms a frustrated customer and agrees a plan on the first call.",
            "Turns escalations into changes that stop them happening again.",
        ], &[(SE, 3), (CSM, 2), (SENIOR, 3), (ONBOARDING, 2)], None),
        skill("Writing help articles", Category::Process, [
            "Drafts an answer others can follow with edits.",
            "Writes an article customers follow without asking again.",
            "Writes for the top ticket topics and measures the deflection.",
            "Sets the style the team writes in and reviews others' articles.",
        ], &[(SE, 2), (ONBOARDING, 2), (EDUCATION, 3)], None),
        skill("Renewal conversations", Category::Customer, [
            "Prepares the renewal with the account's usage in hand.",
            "Runs a renewal call and handles the usual objections.",
            "Negotiates price and scope without discounting by reflex.",
            "Turns renewals into expansions; coaches others on hard calls.",
        ], &[(CSM, 3), (SENIOR, 4)], None),
        skill("Account planning", Category::Process, [
            "Keeps the success plan template filled in.",
            "Writes a success plan with the customer's own goals.",
            "Reviews plans with the customer each quarter and acts on risks.",
            "Builds plans that other managers copy.",
        ], &[(CSM, 3), (SENIOR, 3)], None),
        skill("Product analytics (SQL)", Category::Technical, [
            "Runs the saved usage reports.",
            "Adjusts a query to answer a new question.",
            "Writes queries from scratch and checks the numbers.",
            "Builds the dashboards the team relies on.",
        ], &[(CSM, 2), (SENIOR, 2)], None),
        // The same thing as a behaviour of the role standards: they describe it, once.
        skill("Collaboration", Category::Collaboration, ["", "", "", ""], &[(SE, 2), (CSM, 2), (SENIOR, 3)], Some("Collaboration")),
        skill("Coaching others", Category::Leadership, [
            "Answers questions from newer colleagues.",
            "Pairs with a colleague on their hard cases.",
            "Runs regular mentoring with a clear goal.",
            "Grows people who then coach others.",
        ], &[(SENIOR, 3), (EDUCATION, 3)], None),
    ];
    let skills: Vec<(String, Skill)> = skills.into_iter().map(|s| (new_id(), s)).collect();
    let sk = |name: &str| {
        skills
            .iter()
            .find(|(_, s)| s.name == name)
            .map(|(id, _)| id.clone())
            .unwrap_or_default()
    };
    let p = |i: usize| people[i].0.clone();
    // (person, skill, level, days ago, evidence, by themselves)
    #[rustfmt::skip]
    let assessed: [(usize, &str, u8, i64, &str, bool); 25] = [
        (3, "API troubleshooting", 4, 20, "Found the webhook retry bug behind 30 tickets; product fixed it.", false),
        (3, "Escalation handling", 3, 20, "Ran the SSO incident calls with three customers.", false),
        (3, "Writing help articles", 2, 20, "Two articles this quarter, both edited heavily.", false),
        (3, "Collaboration", 3, 20, "Pairs on hard tickets every week.", false),
        (4, "API troubleshooting", 2, 15, "Solves 401 and 429 cases alone; hands webhook cases to Tomás.", false),
        (4, "Escalation handling", 2, 15, "Escalates with context; updates are sometimes late.", false),
        (4, "Writing help articles", 2, 15, "Three articles published; customers follow them.", false),
        (4, "Collaboration", 2, 15, "Hands over with full notes.", false),
        (4, "API troubleshooting", 3, 5, "Solved the last four webhook tickets without help.", true),
        (1, "Renewal conversations", 2, 250, "Handles objections; discounts too early.", false),
        (1, "Account planning", 3, 30, "Success plans current for 11 of 12 accounts.", false),
        (1, "Escalation handling", 2, 30, "Escalates in time; customers sometimes chase.", false),
        (1, "Product analytics (SQL)", 1, 30, "Uses the saved reports only.", false),
        (1, "Collaboration", 2, 30, "Shares call notes in the CRM.", false),
        (0, "Renewal conversations", 4, 40, "Renewed the three largest accounts with expansions.", false),
        (0, "Account planning", 3, 40, "Quarterly plan reviews with every account.", false),
        (0, "Escalation handling", 3, 40, "Turned the Q3 escalation into a product fix.", false),
        (0, "Product analytics (SQL)", 2, 40, "Adapts the churn query for her segment.", false),
        (0, "Collaboration", 3, 40, "Brings support in early on risky renewals.", false),
        (0, "Coaching others", 3, 40, "Mentors Daniel monthly with a clear goal.", false),
        (2, "Writing help articles", 3, 25, "Wrote the onboarding checklist series; tickets on setup fell.", false),
        (2, "Escalation handling", 2, 25, "Escalates kickoff blockers the same day.", false),
        (5, "Writing help articles", 4, 60, "Set the academy's writing style; reviews everyone's drafts.", false),
        (5, "Coaching others", 2, 60, "Pairs with new authors on their first course.", false),
        (1, "Renewal conversations", 3, 4, "Two renewals this month without a discount.", true),
    ];
    let assessments = assessed
        .iter()
        .map(|(person, name, level, ago, evidence, by_self)| {
            (
                new_id(),
                Assessment {
                    person: p(*person),
                    skill: sk(name),
                    level: Some(*level),
                    on: add_days(today, -ago),
                    evidence: evidence.to_string(),
                    by_self: *by_self,
                },
            )
        })
        .collect();
    let action = |person: usize,
                  skill: &str,
                  kind,
                  title: &str,
                  resource: &str,
                  due: i64,
                  status,
                  expected: u8,
                  done: Option<(i64, &str)>| DevAction {
        person: p(person),
        skill: sk(skill),
        kind,
        title: title.into(),
        resource: resource.into(),
        due: Some(add_days(today, due)),
        status,
        expected_level: Some(expected),
        evidence: done.map(|(_, e)| e.to_string()).unwrap_or_default(),
        done_on: done.map(|(ago, _)| add_days(today, -ago)),
    };
    use ActionKind::{Course, Mentoring, OnTheJob, Reading, Training};
    use ActionStatus::{Done, InProgress, Planned};
    #[rustfmt::skip]
    let actions = vec![
        action(4, "API troubleshooting", Course, "Finish the REST API troubleshooting course", "https://learn.example.com/rest-api-troubleshooting", -8, Done, 3, Some((10, "Certificate passed; solved four webhook tickets alone since."))),
        action(4, "API troubleshooting", Mentoring, "Pair with Tomás on webhook tickets, two hours a week", "Tomás Lindqvist", 21, InProgress, 3, None),
        action(4, "API troubleshooting", Reading, "Read the integration troubleshooting guide", "Engineering wiki: Integrations › Troubleshooting", 3, Planned, 3, None),
        action(1, "Renewal conversations", Mentoring, "Monthly renewal-risk session with Maya", "Maya Okafor", -20, Done, 3, Some((20, "Three sessions held; Daniel now flags risks 90 days out."))),
        action(1, "Renewal conversations", OnTheJob, "Lead the Northwind renewal call, Maya as backup", "Northwind account notes", 10, InProgress, 3, None),
        action(1, "Renewal conversations", Training, "Negotiation workshop", "Internal learning team, January cohort", 45, Planned, 3, None),
    ];
    let stretch = |person: usize,
                   title: &str,
                   kind,
                   skills: &[&str],
                   results: String,
                   support: &str,
                   start: i64,
                   end: i64| Stretch {
        person: p(person),
        title: title.into(),
        kind,
        skills: skills.iter().map(|s| sk(s)).collect(),
        results,
        support: support.into(),
        start: Some(add_days(today, start)),
        end: Some(add_days(today, end)),
        ..Default::default()
    };
    let mut running = stretch(
        2,
        "Onboarding playbook pilot with the product team",
        StretchKind::CrossFunctional,
        &["Writing help articles", "Escalation handling"],
        format!(
            "Cut time to first value from 40 to 25 days for 5 pilot customers by {}",
            long_date(add_days(today, 60))
        ),
        "Lena from product as sponsor; 30 minutes with the manager every two weeks",
        -30,
        60,
    );
    running.checkpoints = vec![
        Checkpoint {
            on: add_days(today, -2),
            note: "Three pilot customers signed up; first playbook draft reviewed.".into(),
            done: true,
        },
        Checkpoint {
            on: add_days(today, 28),
            note: "Mid-point: first customers' time to value.".into(),
            done: false,
        },
    ];
    let mut led = stretch(
        3,
        "Lead the SSO incident review",
        StretchKind::Leadership,
        &["Escalation handling", "Coaching others"],
        format!(
            "Publish the review with 3 fixes owned and dated by {}",
            long_date(add_days(today, -45))
        ),
        "Kwame as reviewer of the write-up",
        -70,
        -45,
    );
    led.checkpoints = vec![Checkpoint {
        on: add_days(today, -58),
        note: "Timeline agreed with engineering.".into(),
        done: true,
    }];
    led.finished = Some(add_days(today, -44));
    led.outcome =
        "Published on time; all three fixes shipped, and SSO tickets fell from 30 to 4 a month."
            .into();
    led.reflection = "Chairing the review was harder than the fix: next time I will share the agenda two days before.".into();
    let mut playbook = stretch(
        0,
        "Write the renewal playbook",
        StretchKind::Project,
        &["Renewal conversations", "Coaching others"],
        format!(
            "Publish a renewal playbook used on 20 renewals by {}",
            long_date(add_days(today, -200))
        ),
        "Manager review every two weeks",
        -300,
        -200,
    );
    playbook.finished = Some(add_days(today, -198));
    playbook.outcome = "Used on 26 renewals; the team's renewal rate rose 4 points.".into();
    playbook.reflection = "Writing it down showed me which steps I skip under pressure.".into();
    // The goals that need a skill: Hannah's satisfaction and articles goals, Daniel's churn goals.
    for (goal, needs) in [
        (8, &["API troubleshooting", "Escalation handling"][..]),
        (15, &["Writing help articles"][..]),
        (5, &["Renewal conversations"][..]),
        (12, &["Renewal conversations", "Account planning"][..]),
    ] {
        if let Some((_, g)) = goals.get_mut(goal) {
            g.skills = needs.iter().map(|n| sk(n)).collect();
        }
    }
    let with_ids = |all: Vec<DevAction>, new_id: &mut dyn FnMut() -> String| {
        all.into_iter().map(|a| (new_id(), a)).collect()
    };
    Development {
        actions: with_ids(actions, new_id),
        stretches: [running, led, playbook]
            .into_iter()
            .map(|s| (new_id(), s))
            .collect(),
        assessments,
        skills,
    }
}

/// Standards for two roles (support engineers, customer success managers) and a few months of
/// ratings against them.
type Standards = (Vec<(String, RoleStandards)>, Vec<(String, Rating)>);
fn demo_standards(
    today: Date,
    people: &[(String, Person)],
    new_id: &mut dyn FnMut() -> String,
) -> Standards {
    use super::standards::Level::{self, *};
    let b = |below: &str, meets: &str, exceeds: &str| {
        [below.to_string(), meets.to_string(), exceeds.to_string()]
    };
    let standards = vec![
        RoleStandards {
            role: "Support Engineer".into(),
            quality: "Fewer than 3 % of solved tickets reopened within a week.\nTicket satisfaction 8.0 or higher.".into(),
            productivity: "About 25 tickets solved a week.\nFirst answer within 1 working hour; no ticket older than 48 hours.".into(),
            behaviours: vec![
                b("Customers or teammates chase for answers", "Answers within the hour, says when something will take longer", "Spots what the customer will ask next and answers it first"),
                b("Works alone on shared problems", "Hands over with full context; helps when asked", "Offers help before being asked; pairs on hard tickets"),
                b("Waits to be told", "Raises problems with a suggested fix", "Fixes recurring problems at the source"),
                b("Same gaps month after month", "Closes one skill gap a quarter", "Teaches what they learn to the team"),
            ],
        },
        RoleStandards {
            role: "Customer Success Manager".into(),
            quality: "Every account has a current success plan.\nHealth scores reviewed monthly; renewal risks flagged 90 days out.".into(),
            productivity: "15 customer calls a week.\nQBRs held on schedule for every account over 20 seats.".into(),
            behaviours: vec![
                b("Customers wait days for a reply", "Replies within one working day", "Customers say they feel looked after"),
                b("Keeps account knowledge to themselves", "Shares notes in the CRM after every call", "Brings support and product in early"),
                b("Reacts to churn when it happens", "Acts on risk signals within a week", "Prevents churn with a plan before signals appear"),
                b("No development goal", "Works on one development goal", "Mentors a newer colleague"),
            ],
        },
    ];
    // (person index, item, level, days ago, note)
    #[rustfmt::skip]
    // A `true` last marks the person's own self-assessment.
    let rated: [(usize, &str, Level, i64, &str, bool); 13] = [
        (3, "Quality", Meets, 70, "Reopen rate 2.8 %", false),
        (3, "Quality", Exceeds, 10, "Reopen rate 1.2 %, CSAT 8.6", false),
        (3, "Leadership and initiative", Exceeds, 10, "Cleared the 48-hour backlog unasked", false),
        (4, "Productivity", Below, 70, "18 tickets a week during onboarding", false),
        (4, "Productivity", Meets, 12, "26 tickets a week", false),
        (4, "Collaboration", Meets, 12, "", false),
        (4, "Productivity", Exceeds, 5, "31 tickets last week, none reopened", true),
        (4, "Collaboration", Meets, 5, "Paired with Tomás on the SSO tickets", true),
        (4, "Learning", Meets, 5, "Finished the API course", true),
        (1, "Quality", Meets, 40, "Success plans current for 11 of 12 accounts", false),
        (1, "Communication and responsiveness", Below, 40, "Two customers waited three days", false),
        (1, "Communication and responsiveness", Meets, 6, "Recaps sent the same day", false),
        (1, "Communication and responsiveness", Meets, 3, "Every customer answered within a day this month", true),
    ];
    let ratings = rated
        .iter()
        .map(|(p, item, level, ago, note, by_self)| {
            let r = Rating {
                person: people[*p].0.clone(),
                item: item.to_string(),
                level: Some(*level),
                on: add_days(today, -ago),
                note: note.to_string(),
                by_self: *by_self,
            };
            (new_id(), r)
        })
        .collect();
    (
        standards.into_iter().map(|s| (new_id(), s)).collect(),
        ratings,
    )
}

/// Weekly self-reports: Hannah's last three weeks (her confidence falling as a blocker drags
/// on), Daniel's last two, and Priya's this week, asking for help.
fn demo_self_reports(
    today: Date,
    people: &[(String, Person)],
    new_id: &mut dyn FnMut() -> String,
) -> Vec<(String, SelfReport)> {
    let this_week = week_of(today);
    // (person index, weeks ago, done, next, blockers, help, confidence)
    #[rustfmt::skip]
    let rows: [(usize, i64, &str, &str, &str, &str, u8); 6] = [
        (4, 3, "Solved 26 tickets. Wrote the refund macro; the team has used it 40 times.",
            "Get through the SSO tickets from the Northwind rollout.", "None", "", 4),
        (4, 2, "Solved 29 tickets, none reopened. Paired with Tomás on two SSO cases.",
            "Finish the SSO troubleshooting article.", "", "", 4),
        (4, 1, "Solved 31 tickets. Drafted the SSO article, still missing the admin screenshots.",
            "Publish the SSO article; clear the three tickets older than 40 hours.",
            "No admin access to the identity provider test tenant, asked IT on Tuesday.",
            "Could you ask IT to prioritise the test tenant access?", 2),
        (1, 2, "QBRs with Brightline and Osei & Co; renewal plan for Brightline agreed.",
            "Health-score review for the 12 accounts; recap template for calls.", "None", "", 4),
        (1, 1, "Health scores reviewed for all 12 accounts; two flagged at risk with plans.",
            "Calls with the two at-risk accounts; first draft of the recap template.", "", "", 3),
        (2, 0, "Onboarded Larkspur and Fenwick; both made their first report in week one.",
            "Rework the onboarding checklist for single-admin customers.",
            "Waiting for product to confirm the bulk-import limit.",
            "Ten minutes in our 1:1 on which accounts to hand to Daniel.", 3),
    ];
    rows.iter()
        .map(|(p, ago, done, next, blockers, help, confidence)| {
            let week = add_days(this_week, -7 * ago);
            // Written on the Friday of a past week, today for this one.
            let written = if *ago == 0 { today } else { add_days(week, 4) };
            let r = SelfReport {
                person: people[*p].0.clone(),
                week,
                done: done.to_string(),
                next: next.to_string(),
                blockers: blockers.to_string(),
                help: help.to_string(),
                confidence: Some(*confidence),
                written,
            };
            (new_id(), r)
        })
        .collect()
}

/// Who decides what on the demo team: four areas, a spending limit each, two escalation rules.
fn demo_authority(people: &[(String, Person)]) -> AuthorityMatrix {
    use super::authority::{Authority::*, DecisionArea, EscalationRule, MANAGER};
    // Per area: name, quality, timeline, and each person's authority (index into people).
    #[rustfmt::skip]
    let areas = [
        ("Customer refunds and credits", "Reason and amount in the ticket", "Same working day", [Decide, DecideInform, Recommend, Recommend, Recommend, DecideInform]),
        ("Renewal discounts", "Approved in the CRM before the quote goes out", "Within 2 working days", [DecideInform, Recommend, Escalate, Escalate, Escalate, Recommend]),
        ("Onboarding plan changes", "Customer agrees in writing", "Before the kickoff", [Decide, Recommend, Decide, Recommend, Recommend, DecideInform]),
        ("Help-centre content", "Reviewed by a second person", "Within a week of the question", [Recommend, Recommend, DecideInform, Decide, Decide, Decide]),
    ];
    let id = |i: usize| people[i].0.clone();
    AuthorityMatrix {
        areas: areas
            .iter()
            .map(|(name, quality, timeline, cells)| DecisionArea {
                name: name.to_string(),
                cells: cells.iter().enumerate().map(|(i, a)| (id(i), *a)).collect(),
                quality: quality.to_string(),
                timeline: timeline.to_string(),
            })
            .collect(),
        limits: [2000, 1000, 300, 250, 250, 500]
            .iter()
            .enumerate()
            .map(|(i, l)| (id(i), *l))
            .collect(),
        rules: vec![
            EscalationRule {
                area: "Customer refunds and credits".into(),
                trigger: "A refund or credit above your limit".into(),
                to: MANAGER.into(),
                within_hours: 4,
            },
            EscalationRule {
                area: String::new(),
                trigger: "A customer says they will leave".into(),
                to: id(0),
                within_hours: 2,
            },
        ],
    }
}

/// Three versions of the team charter (from the template, then two changes) and who
/// acknowledged each: everyone the first, all but Hannah the second, half the team the newest.
type Charter = (
    Vec<(String, CharterVersion)>,
    Vec<(String, Acknowledgement)>,
);
fn demo_charter(
    today: Date,
    people: &[(String, Person)],
    goals: &[(String, Goal)],
    new_id: &mut dyn FnMut() -> String,
) -> Charter {
    use super::charter::next_version;
    let team_goals: Vec<String> = goals
        .iter()
        .filter(|(_, g)| g.level == GoalLevel::Strategic)
        .take(2)
        .map(|(id, _)| id.clone())
        .collect();
    let v1 = CharterVersion::template(add_days(today, -110));
    let mut s = v1.sections.clone();
    s[2].push_str("\nNobody handles a churn risk alone: we pair on hard calls.");
    let v2 = next_version(
        Some(&v1),
        s.clone(),
        team_goals.clone(),
        "Pairing on churn risks; linked the team goals",
        add_days(today, -60),
    );
    let v2 = v2.expect("demo charter v2 is valid");
    s[3] = s[3].replace("within one working day", "within four working hours");
    let v3 = next_version(
        Some(&v2),
        s,
        team_goals,
        "Faster answers between us",
        add_days(today, -9),
    );
    let v3 = v3.expect("demo charter v3 is valid");
    // Who acknowledged each version (indexes into people), days after it was saved.
    let signed: [(&CharterVersion, &[usize]); 3] = [
        (&v1, &[0, 1, 2, 3, 4, 5]),
        (&v2, &[0, 1, 2, 3, 5]),
        (&v3, &[0, 2, 5]),
    ];
    let mut acks = vec![];
    for (v, who) in signed {
        for (k, &i) in who.iter().enumerate() {
            let ack = Acknowledgement {
                person: people[i].0.clone(),
                version: v.number,
                fingerprint: v.fingerprint(),
                on: add_days(v.saved_on, 1 + k as i64),
            };
            acks.push((new_id(), ack));
        }
    }
    let versions = [v1, v2, v3].into_iter().map(|v| (new_id(), v)).collect();
    (versions, acks)
}

/// How a demo goal is doing: the share of its pace it keeps (1.0 = exactly on pace).
struct Plan<'a> {
    level: GoalLevel,
    owner: &'a str,
    parent: Option<usize>,
    title: &'a str,
    unit: &'a str,
    from: f64,
    to: f64,
    pace: f64,
    weight: Option<u8>,
    why: &'a str,
}

/// Goals at all three levels for the current year, quarter and month, aligned, with a history
/// of updates up to `today` so pace, roll-ups and charts have something to show.
fn demo_goals(
    today: Date,
    people: &[String],
    new_id: &mut dyn FnMut() -> String,
) -> Vec<(String, Goal)> {
    use GoalLevel::*;
    let p = |i: usize| people[i].as_str();
    let plan = |level, owner, parent, title, unit, from, to, pace, weight, why| Plan {
        level,
        owner,
        parent,
        title,
        unit,
        from,
        to,
        pace,
        weight,
        why,
    };
    let plans = [
        // 0-3: the team's strategic goals for the year.
        plan(Strategic, "", None, "Increase customer satisfaction scores from 7.2 to 8.5 by December", "CSAT", 7.2, 8.5, 0.97, None,
            "Satisfied customers renew and refer: CSAT is the best early sign of next year's revenue."),
        plan(Strategic, "", None, "Grow gross revenue retention from 88 % to 93 %", "%", 88.0, 93.0, 0.0, None,
            "Keeping customers costs far less than winning new ones; retention funds the team."),
        plan(Strategic, "", None, "Get new customers to first value in 30 days instead of 45", "days", 45.0, 30.0, 0.8, None,
            "Customers who see value in their first month are twice as likely to stay."),
        plan(Strategic, "", None, "Help 300 customers complete a course in our self-serve academy", "customers", 0.0, 300.0, 0.0, None,
            "Trained customers open fewer tickets and use more of the product."),
        // 4-10: tactical goals for the quarter, one or two per person.
        plan(Tactical, p(0), Some(1), "Lift mid-market renewal rate from 85 % to 92 %", "%", 85.0, 92.0, 1.05, Some(60), ""),
        plan(Tactical, p(1), Some(1), "Cut churned seats in the SMB segment from 120 to 60", "seats", 120.0, 60.0, 0.62, Some(40), ""),
        plan(Tactical, p(2), Some(2), "Shorten onboarding for new accounts from 45 to 35 days", "days", 45.0, 35.0, 0.9, None, ""),
        plan(Tactical, p(3), Some(0), "Reduce first-response time from 4 hours to 1 hour", "hours", 4.0, 1.0, 1.0, None, ""),
        plan(Tactical, p(4), Some(0), "Raise ticket satisfaction from 7.4 to 8.2", "CSAT", 7.4, 8.2, 0.75, None, ""),
        plan(Tactical, p(5), Some(3), "Enrol 120 customers in the academy's first courses", "customers", 0.0, 120.0, 1.1, Some(60), ""),
        plan(Tactical, p(5), Some(3), "Publish the academy's first four courses", "", 0.0, 0.0, 0.0, Some(40), ""),
        // 11-17: operational goals for the month.
        plan(Operational, p(0), Some(4), "Conduct 15 customer calls per week with renewing accounts", "calls", 0.0, 60.0, 1.0, None, ""),
        plan(Operational, p(1), Some(5), "Run save reviews with 10 at-risk SMB accounts", "reviews", 0.0, 10.0, 0.5, None, ""),
        plan(Operational, p(2), Some(6), "Cut kickoff-to-first-login from 8 to 5 days", "days", 8.0, 5.0, 1.0, None, ""),
        plan(Operational, p(3), Some(7), "Clear tickets older than 48 hours from 35 to 5", "tickets", 35.0, 5.0, 1.1, None, ""),
        plan(Operational, p(4), Some(8), "Publish 8 help-centre articles on the top ticket topics", "articles", 0.0, 8.0, 0.7, None, ""),
        plan(Operational, p(5), Some(9), "Send the academy invitation to 400 active accounts", "accounts", 0.0, 400.0, 1.0, None, ""),
        plan(Operational, p(2), Some(6), "Hold 12 onboarding kickoff calls within 2 days of signing", "calls", 0.0, 12.0, 0.9, None, ""),
    ];
    let ids: Vec<String> = plans.iter().map(|_| new_id()).collect();
    plans
        .iter()
        .enumerate()
        .map(|(i, pl)| {
            let period = pl.level.period_on(today);
            let (start, due) = (period.start(), period.end());
            let span = start.days_until(due).max(1) as f64;
            let share = |day: Date| (start.days_until(day) as f64 / span).clamp(0.0, 1.0);
            let reading = |day: Date| {
                let v = pl.from + (pl.to - pl.from) * (share(day) * pl.pace).min(1.0);
                (v * 10.0).round() / 10.0
            };
            // Strategic goals 0 and 3 are measured by their aligned goals (pace 0: no own reading).
            let measured = !(pl.unit.is_empty() || pl.level == Strategic && pl.pace == 0.0);
            let step = match pl.level {
                Strategic => 30,
                Tactical => 14,
                Operational => 7,
            };
            let mut updates = vec![];
            let mut day = add_days(start, step);
            // Priya's onboarding goal has stalled for five weeks while reported as confident.
            let stalled = |d: Date| {
                if i == 6 {
                    d.min(add_days(today, -35))
                } else {
                    d
                }
            };
            while measured && day <= today {
                updates.push(ProgressUpdate {
                    on: day,
                    value: Some(reading(stalled(day))),
                    confidence: Some(if pl.pace >= 0.9 {
                        8
                    } else if pl.pace >= 0.7 {
                        6
                    } else {
                        4
                    }),
                    note: String::new(),
                    milestone: None,
                    by_self: false,
                });
                day = add_days(day, step);
            }
            if let Some(u) = updates.last_mut() {
                u.note = if pl.pace >= 0.9 {
                    "Steady week; plan holds.".into()
                } else {
                    "Behind plan: two key accounts slipped; agreed a recovery plan in the 1:1."
                        .into()
                };
            }
            let milestones = if pl.unit.is_empty() {
                let at = |f: f64| add_days(start, (span * f) as i64);
                let done = |f: f64| (at(f) <= today).then(|| at(f));
                vec![
                    Milestone {
                        title: "Course outlines approved".into(),
                        due: Some(at(0.2)),
                        done_on: done(0.18),
                    },
                    Milestone {
                        title: "Pilot with five customers".into(),
                        due: Some(at(0.45)),
                        done_on: done(0.5),
                    },
                    Milestone {
                        title: "First two courses live".into(),
                        due: Some(at(0.7)),
                        done_on: None,
                    },
                    Milestone {
                        title: "All four courses live".into(),
                        due: Some(due),
                        done_on: None,
                    },
                ]
            } else {
                vec![]
            };
            let goal = Goal {
                title: pl.title.into(),
                owner: pl.owner.into(),
                level: pl.level,
                period: Some(period),
                start: Some(start),
                due: Some(due),
                aligned_to: pl.parent.map(|j| ids[j].clone()),
                relevance: pl.why.into(),
                measure: measured.then(|| Measure {
                    unit: pl.unit.into(),
                    start: pl.from,
                    target: pl.to,
                    current: updates.last().and_then(|u| u.value).unwrap_or(pl.from),
                    direction: if pl.to < pl.from {
                        Direction::Down
                    } else {
                        Direction::Up
                    },
                }),
                milestones,
                weight: pl.weight,
                confidence: updates.last().and_then(|u| u.confidence),
                updates,
                ..Goal::default()
            };
            (ids[i].clone(), goal)
        })
        .collect()
}

/// Last two months' operational goals, finished and archived: six on time (five of them named in
/// team wins), three late, so the success factors have cases to count.
#[rustfmt::skip]
const PAST_GOALS: [(usize, usize, &str, &str, f64, f64, i64, i64); 9] = [
    // (owner, tactical parent, title, unit, from, to, months back, day reached against the deadline)
    (0, 4, "Call 20 renewing accounts before their renewal month", "calls", 0.0, 20.0, 2, -6),
    (1, 5, "Run save calls with 6 at-risk SMB accounts", "calls", 0.0, 6.0, 2, -3),
    (0, 4, "Send renewal proposals 60 days out to 12 accounts", "proposals", 0.0, 12.0, 1, -2),
    (3, 7, "Answer 90 % of tickets within 4 hours", "%", 70.0, 90.0, 2, -5),
    (4, 8, "Tag every new ticket with its topic", "%", 20.0, 100.0, 1, -1),
    (2, 6, "Hold 10 onboarding kickoff calls", "calls", 0.0, 10.0, 2, -4),
    (5, 9, "Draft two academy course outlines", "outlines", 0.0, 2.0, 1, 9),
    (1, 5, "Interview 5 churned customers", "interviews", 0.0, 5.0, 2, i64::MAX),
    (2, 6, "Cut setup questions in onboarding tickets from 30 to 15", "tickets", 30.0, 15.0, 1, 6),
];

fn demo_past_goals(
    today: Date,
    people: &[String],
    goals: &[(String, Goal)],
    new_id: &mut dyn FnMut() -> String,
) -> Vec<(String, Goal)> {
    PAST_GOALS
        .iter()
        .map(|&(owner, parent, title, unit, from, to, back, reached)| {
            let mut day = super::review::month_start(today);
            for _ in 0..back {
                day = super::review::month_start(add_days(day, -1));
            }
            let period = GoalLevel::Operational.period_on(day);
            let (start, due) = (period.start(), period.end());
            // Reached on `due + reached`; never reached: 60 % by the deadline.
            let (end, share_at_end) = if reached == i64::MAX {
                (due, 0.6)
            } else {
                (add_days(due, reached), 1.0)
            };
            let span = start.days_until(end).max(1) as f64;
            let value = |d: Date| {
                let v = from
                    + (to - from) * share_at_end * (start.days_until(d) as f64 / span).min(1.0);
                (v * 10.0).round() / 10.0
            };
            let mut updates: Vec<ProgressUpdate> = vec![];
            let mut d = add_days(start, 7);
            while d < end {
                updates.push(ProgressUpdate {
                    on: d,
                    value: Some(value(d)),
                    confidence: Some(7),
                    ..ProgressUpdate::default()
                });
                d = add_days(d, 7);
            }
            updates.push(ProgressUpdate {
                on: end,
                value: Some(value(end)),
                note: if share_at_end < 1.0 {
                    "Closed at the deadline short of the target.".into()
                } else {
                    "Target reached.".into()
                },
                ..ProgressUpdate::default()
            });
            let goal = Goal {
                title: title.into(),
                owner: people[owner].clone(),
                level: GoalLevel::Operational,
                period: Some(period),
                start: Some(start),
                due: Some(due),
                aligned_to: Some(goals[parent].0.clone()),
                measure: Some(Measure {
                    unit: unit.into(),
                    start: from,
                    target: to,
                    current: value(end),
                    direction: if to < from {
                        Direction::Down
                    } else {
                        Direction::Up
                    },
                }),
                updates,
                archived: true,
                ..Goal::default()
            };
            (new_id(), goal)
        })
        .collect()
}

const WINS: [&str; 10] = [
    "Renewal signed with Northwind two weeks early",
    "Onboarding call time down to 40 minutes",
    "Customer thanked us by name in the NPS survey",
    "Closed the oldest open ticket in the queue",
    "Ran the first webinar on reporting: 46 attendees",
    "Wrote the runbook for SSO set-up",
    "Helped a teammate through a tricky escalation",
    "Zero missed SLAs this week",
    "Got the health-score dashboard working",
    "Turned an at-risk account back to green",
];
/// Tomás's recurring obstacle, newest meeting first.
const TOOLING: [&str; 3] = [
    "The ticket export still breaks the handover notes",
    "Handover notes lost again when the ticket export ran",
    "Ticket export drops the handover notes",
];
const OBSTACLES: [(&str, &str, &str); 6] = [
    (
        "Waiting on engineering for the export bug",
        "I will raise it in Thursday's triage",
        "A fix date from engineering",
    ),
    (
        "Too many ad-hoc requests from sales",
        "We agreed a request form and I will tell sales",
        "Sales to use the form",
    ),
    (
        "Not enough time to prepare QBRs",
        "Moved two internal meetings off the calendar",
        "A QBR template",
    ),
    (
        "Unclear who owns trial accounts",
        "I will settle it with the sales lead this week",
        "A decision on ownership",
    ),
    (
        "Training material is out of date",
        "Pair with Kwame for an hour",
        "Two hours a week for updates",
    ),
    (
        "Hard to reach the customer's admin",
        "Ask their executive sponsor for an intro",
        "",
    ),
];
const PRIORITIES: [&str; 10] = [
    "Finish the Acme onboarding plan",
    "Prepare the Globex QBR",
    "Clear tickets older than five days",
    "Draft the new welcome email",
    "Call the three at-risk accounts",
    "Review the help-centre articles on billing",
    "Shadow a support shift",
    "Write up the churn interview notes",
    "Update the health scores",
    "Plan next month's webinar",
];
const ACTIONS: [(&str, ActionOwner); 8] = [
    ("Send the renewal proposal", ActionOwner::Member),
    (
        "Book time with engineering on the export bug",
        ActionOwner::Manager,
    ),
    ("Share the QBR template", ActionOwner::Manager),
    ("Write the SSO runbook draft", ActionOwner::Member),
    ("Ask sales to use the request form", ActionOwner::Manager),
    ("Update three help-centre articles", ActionOwner::Member),
    (
        "Set up a call with the Initech sponsor",
        ActionOwner::Member,
    ),
    ("Approve the webinar budget", ActionOwner::Manager),
];

/// Demo check-ins and reviews, with their record ids.
type Meetings = (Vec<(String, CheckIn)>, Vec<(String, MonthlyReview)>);

/// About twelve weeks of held check-ins per person, following their cadence, and a monthly
/// review of last month. The last check-ins are spread so Home shows some due, some overdue.
fn demo_meetings(
    today: Date,
    people: &[(String, Person)],
    new_id: &mut dyn FnMut() -> String,
) -> Meetings {
    // Days since each person's last check-in: due today, due later, overdue.
    // Kwame (every two weeks) is 16 days past his: more than one cadence late.
    const LAST: [i64; 6] = [7, 3, 12, 5, 9, 30];
    let mut check_ins = vec![];
    let mut reviews = vec![];
    for (p, (person, who)) in people.iter().enumerate() {
        let step = who.cadence.days();
        let last = add_days(today, -LAST[p % 6]);
        let count = 84 / step;
        let mut n = 0usize;
        for k in (0..count).rev() {
            // One week skipped now and then, so the on-time share is not always 100 %.
            if k == 5 && p.is_multiple_of(2) {
                continue;
            }
            let on = add_days(last, -k * step);
            let i = p * 3 + n;
            n += 1;
            let mut c = CheckIn::held(
                person,
                on,
                "Went through the goals one by one; the numbers are moving in the right direction.",
            );
            c.wins = vec![WINS[i % WINS.len()].to_string()];
            if p == 3 && k < 3 {
                // Tomás raises the same thing three meetings running, in different words.
                c.obstacles.push(Obstacle {
                    text: TOOLING[k as usize].into(),
                    help: "I will ask the vendor for a date".into(),
                    needs: "A fix from the ticketing vendor".into(),
                });
            } else if i.is_multiple_of(2) {
                let (text, help, needs) = OBSTACLES[i % OBSTACLES.len()];
                c.obstacles.push(Obstacle {
                    text: text.into(),
                    help: help.into(),
                    needs: needs.into(),
                });
            }
            c.priorities = (0..3)
                .map(|j| Priority {
                    text: PRIORITIES[(i + j) % PRIORITIES.len()].into(),
                    done: false,
                })
                .collect();
            let (text, owner) = ACTIONS[i % ACTIONS.len()];
            c.actions.push(ActionItem {
                id: new_id(),
                text: text.into(),
                owner,
                due: Some(add_days(on, 5)),
                // Done before the next meeting, except in the last one.
                done_on: (k > 0).then(|| add_days(on, 3)),
            });
            check_ins.push((new_id(), c));
        }
        let mut r = MonthlyReview::start(
            person,
            today,
            super::dates::Timestamp::from_millis(0).expect("epoch"),
        );
        // Last month's review, held early this month.
        r.month = super::review::month_start(add_days(super::review::month_start(today), -1));
        r.held_on = add_days(r.month, 33).min(today);
        r.run = Default::default();
        r.achievements =
            "A solid month: the main goal moved and two customers said so unprompted.".into();
        r.skills =
            "Getting better at running QBRs; wants to learn SQL for the health scores.".into();
        r.aspirations = "Interested in leading the onboarding programme within a year.".into();
        r.training = "The advanced reporting course in the new year.".into();
        r.resources = "Two hours a week protected for documentation.".into();
        reviews.push((new_id(), r));
    }
    (check_ins, reviews)
}

const SHOUT_OUT: &str =
    "Shout-out to {person} for {what}: {impact}. That is what customers remember about us.";
/// Recognition: person, days ago, script (3: the team's), public, about their goal, what, impact.
/// Hannah (4) was last recognised 45 days ago.
#[rustfmt::skip]
const PRAISE: [(usize, i64, usize, bool, bool, &str, &str); 12] = [
    (0, 6, 3, true, true, "turning the Northwind renewal around", "they signed two weeks early at full seats"),
    (0, 48, 2, false, false, "covering Hannah's escalations during her leave", "no customer waited over a day"),
    (1, 20, 1, true, true, "three SMB accounts going quiet", "we held save reviews before their renewals"),
    (1, 75, 0, false, false, "the churn interview notes", "product moved the export fix up the roadmap"),
    (2, 14, 0, true, true, "the new kickoff checklist", "first logins now come within five days"),
    (2, 62, 2, false, false, "pairing with Kwame on the academy pilot", "five customers finished the first course"),
    (3, 9, 1, true, true, "the stale tickets piling up over the weekend", "the 48-hour backlog fell from 35 to 8"),
    (3, 88, 0, false, false, "the SSO runbook", "new engineers now close SSO tickets alone"),
    (4, 45, 0, false, true, "the help-centre article on billing exports", "billing tickets fell by a third"),
    (4, 95, 2, false, false, "showing new starters the support queue", "they answered tickets in their first week"),
    (5, 25, 3, true, true, "running the reporting webinar for 46 customers", "two of them upgraded the next week"),
    (5, 70, 1, false, false, "the academy invitation list was out of date", "400 invitations reached the right admins"),
];
/// Corrective: person, days ago, follow-up (days from today), observation, impact, expectation,
/// support, outcome (empty: follow-up still open).
#[rustfmt::skip]
const CORRECTIVE: [(usize, i64, i64, [&str; 5]); 3] = [
    (1, 5, 2, [
        "the recaps of the last 3 save review calls went out 3 to 4 days after the call",
        "at-risk customers: two asked us whether the agreed save plan still stood",
        "the recap sent within 1 working day of each save review",
        "share Maya's recap template and keep 30 minutes free after each call",
        "",
    ]),
    (3, 40, -26, [
        "during last week's on-call rotation 3 tickets were handed to the night shift without notes",
        "the night shift, who had to ask customers the same questions again",
        "a note with the status and next step on each ticket you hand over, before your shift ends",
        "walk through the handover checklist with you on Thursday",
        "Every handover since has had status and next step; the night shift raised no repeat questions.",
    ]),
    (2, 10, 12, [
        "the Acme kickoff call ran 25 minutes over because no agenda was shared beforehand",
        "the customer's admins, who left before the set-up steps and had to be booked again",
        "the agenda sent to attendees 1 day before each kickoff call",
        "review your next two agendas with you and share the one Kwame uses",
        "",
    ]),
];
/// Requests: person, peers, days ago, topic.
const REQUESTS: [(usize, &[usize], i64, &str); 2] = [
    (
        2,
        &[0, 5],
        6,
        "Her first solo onboarding workshop (Initech)",
    ),
    (5, &[2], 85, "The academy course pilot"),
];
/// Peer feedback: from, about, days ago, the request it answers, what happened, impact.
type PeerNote = (usize, usize, i64, Option<usize>, &'static str, &'static str);
#[rustfmt::skip]
const PEER: [PeerNote; 6] = [
    (0, 2, 4, Some(0), "Ran the Initech workshop for 12 admins on her own and kept to time", "Initech finished set-up in the session; no tickets followed"),
    (3, 4, 12, None, "Took over the Globex outage tickets at the end of my shift", "I handed over on time and Globex got an update every hour"),
    (5, 1, 30, None, "Brought two churn interviews to the academy planning", "The first course now opens with the problem those customers had"),
    (1, 0, 35, None, "Shared her QBR deck and talked me through it", "My Globex QBR was ready a day early"),
    (4, 3, 50, None, "Explained the SSO runbook in a 20-minute session", "I closed my first SSO ticket without escalating"),
    (2, 5, 80, Some(1), "Reviewed the pilot course outline the same day", "The pilot started on schedule with five customers"),
];
/// A team win: title, days ago, team goals (by index), contributors, story, what worked.
type Win = (
    &'static str,
    i64,
    &'static [usize],
    &'static [usize],
    &'static str,
    &'static [&'static str],
);
/// The practice "call customers back the same day" is named in two wins, written differently.
#[rustfmt::skip]
const TEAM_WINS: [Win; 3] = [
    ("Best renewals quarter: 94 % mid-market", 57, &[1, 4, 18, 19, 20], &[0, 1],
        "Maya and Daniel reviewed every renewal 90 days out and called each at-risk account twice. Mid-market renewals closed the quarter at 94 %, above target.",
        &["Review renewals 90 days out", "Pair on hard calls"]),
    ("Zero-backlog week", 64, &[0, 7, 21, 22], &[3, 4],
        "Tomás and Hannah split the queue by topic and cleared every ticket older than 48 hours. The week ended with nothing waiting.",
        &["Triage the queue every morning", "Call customers back the same day."]),
    ("Record NPS from new customers: 62", 18, &[2, 6], &[2, 5, 0],
        "New customers rated onboarding higher than ever. Priya's kickoffs and Kwame's first course got named in the comments.",
        &["call customers back  the same day", "Send the agenda a day ahead", "Ask for feedback after each kickoff"]),
];

type FeedbackData = (
    Vec<(String, Feedback)>,
    Vec<(String, FeedbackRequest)>,
    Vec<(String, Celebration)>,
    Vec<(String, RecognitionScript)>,
);

/// Three months of recognition, corrective conversations, peer feedback, requests and wins.
fn demo_feedback(
    today: Date,
    people: &[(String, Person)],
    goals: &[(String, Goal)],
    new_id: &mut dyn FnMut() -> String,
) -> FeedbackData {
    use FeedbackKind::{Peer, Recognition};
    let id = |i: usize| people[i].0.clone();
    let day = |ago: i64| add_days(today, -ago);
    let ours = ("Customer shout-out", SHOUT_OUT);
    let scripts = [
        BUILT_IN_SCRIPTS[0],
        BUILT_IN_SCRIPTS[1],
        BUILT_IN_SCRIPTS[2],
        ours,
    ];
    let mut feedback = vec![];
    for (who, ago, s, public, linked, what, impact) in PRAISE {
        let first = people[who].1.name.split(' ').next().unwrap_or_default();
        let mut f = Feedback::new(Recognition, &id(who), day(ago));
        f.text = fill(scripts[s].1, &[first, what, impact]);
        f.script = scripts[s].0.into();
        f.public = public;
        f.goal = goals
            .iter()
            .find(|(_, g)| linked && g.owner == people[who].0)
            .map(|(g, _)| g.clone());
        feedback.push((new_id(), f));
    }
    for (who, ago, due, [o, i, e, s, outcome]) in CORRECTIVE {
        let mut f = Feedback::new(FeedbackKind::Corrective, &id(who), day(ago));
        f.corrective = Some(Corrective {
            observation: o.into(),
            impact: i.into(),
            expectation: e.into(),
            support: s.into(),
            follow_up: Some(day(-due)),
            followed_up: (!outcome.is_empty()).then(|| day(-due)),
            outcome: outcome.into(),
        });
        feedback.push((new_id(), f));
    }
    let requests: Vec<_> = REQUESTS
        .iter()
        .map(|&(who, peers, ago, topic)| {
            let r = FeedbackRequest {
                person: id(who),
                peers: peers.iter().map(|&p| id(p)).collect(),
                topic: topic.into(),
                asked_on: day(ago),
                closed: false,
            };
            (new_id(), r)
        })
        .collect();
    for (from, who, ago, request, text, impact) in PEER {
        let mut f = Feedback::new(Peer, &id(who), day(ago));
        f.from = id(from);
        f.text = text.into();
        f.impact = impact.into();
        f.request = request.map(|r| requests[r].0.clone());
        feedback.push((new_id(), f));
    }
    let celebrations = TEAM_WINS
        .iter()
        .map(|&(title, ago, g, who, story, worked)| {
            let c = Celebration {
                title: title.into(),
                on: day(ago),
                goals: g.iter().map(|&j| goals[j].0.clone()).collect(),
                contributors: who.iter().map(|&p| id(p)).collect(),
                story: story.into(),
                what_worked: worked.iter().map(|w| w.to_string()).collect(),
            };
            (new_id(), c)
        })
        .collect();
    let script = RecognitionScript {
        name: ours.0.into(),
        text: ours.1.into(),
    };
    (feedback, requests, celebrations, vec![(new_id(), script)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_team_is_six_valid_people_already_started() {
        let today = Date::from_ymd(2026, 11, 26).unwrap();
        let mut n = 0;
        let demo = demo_team(today, &mut || {
            n += 1;
            format!("id{n}")
        });
        assert!(demo.team.problems().is_empty());
        assert_eq!(demo.people.len(), 6);
        for (_, p) in &demo.people {
            assert!(p.problems().is_empty(), "{p:?}");
            assert!(p.start_date.unwrap() < today);
        }
        let ids: std::collections::BTreeSet<_> =
            demo.people.iter().map(|(id, _)| id.clone()).collect();
        assert_eq!(ids.len(), 6);
    }

    #[test]
    fn demo_meetings_make_a_believable_due_list() {
        use crate::domain::cadence::{due_list, held_dates, on_time_share, Due};
        let today = Date::from_ymd(2026, 11, 26).unwrap();
        let mut n = 0;
        let demo = demo_team(today, &mut || {
            n += 1;
            format!("id{n}")
        });
        let check_ins: Vec<&CheckIn> = demo.check_ins.iter().map(|(_, c)| c).collect();
        for c in &check_ins {
            assert!(c.problems().is_empty());
            assert!(c.held_on < today);
        }
        let people: Vec<_> = demo
            .people
            .iter()
            .map(|(id, p)| (id.clone(), p.clone(), today))
            .collect();
        let list = due_list(&people, &check_ins, today);
        let states: Vec<Due> = list.iter().map(|e| e.state).collect();
        assert!(
            states
                .iter()
                .filter(|s| matches!(s, Due::Overdue(_)))
                .count()
                >= 2,
            "{states:?}"
        );
        assert!(states.contains(&Due::Today));
        assert!(states.iter().any(|s| matches!(s, Due::Later(_))));
        // Every person has an open action item from their last check-in, and a varied record.
        let mut shares = vec![];
        for (id, p) in &demo.people {
            let last = crate::domain::checkin::latest(id, check_ins.iter().copied()).unwrap();
            assert_eq!(last.open_actions().count(), 1);
            let held = held_dates(id, check_ins.iter().copied());
            shares.push(on_time_share(p.cadence, &held, p.start_date, today));
        }
        assert!(
            shares.iter().any(|(on, exp)| on < exp) && shares.iter().any(|(on, exp)| on >= exp),
            "{shares:?}"
        );
        assert_eq!(demo.reviews.len(), 6);
        for (_, r) in &demo.reviews {
            assert_eq!(r.month, Date::from_ymd(2026, 10, 1).unwrap());
            assert!(r.held_on <= today && r.problems().is_empty());
        }
    }

    #[test]
    fn demo_goals_are_valid_aligned_and_varied() {
        use crate::domain::goal::{check_links, pace, progress, GoalSet, Status};
        let today = Date::from_ymd(2026, 11, 26).unwrap();
        let mut n = 0;
        let demo = demo_team(today, &mut || {
            n += 1;
            format!("id{n}")
        });
        let set = GoalSet::new(demo.goals.iter().map(|(id, g)| (id.as_str(), g)));
        let mut statuses = std::collections::BTreeSet::new();
        for (id, g) in &demo.goals {
            assert!(g.problems().is_empty(), "{g:?}");
            assert!(check_links(g, Some(id), &set).is_empty(), "{}", g.title);
            assert!(
                g.level == GoalLevel::Strategic || g.aligned_to.is_some(),
                "{}",
                g.title
            );
            let p = progress(id, &set).value;
            statuses.insert(pace(g, p, today).status.key());
        }
        // Every level, and a mix of on track, at risk and off track.
        for level in GoalLevel::ALL {
            assert!(demo.goals.iter().any(|(_, g)| g.level == level));
        }
        for s in [Status::OnTrack, Status::AtRisk, Status::OffTrack] {
            assert!(statuses.contains(s.key()), "{statuses:?}");
        }
        // Two strategic goals measure nothing themselves: their progress rolls up.
        let rolled = demo
            .goals
            .iter()
            .filter(|(id, g)| {
                g.measure.is_none() && g.milestones.is_empty() && progress(id, &set).value.is_some()
            })
            .count();
        assert_eq!(rolled, 2);
    }

    #[test]
    fn demo_development_shows_a_single_point_of_failure_a_stale_assessment_and_two_plans() {
        use crate::domain::development::gaps::{coverage, fairness, person_gaps, GoalNeed, Member};
        use crate::domain::development::{ActionStatus, StretchState};
        let today = Date::from_ymd(2026, 12, 1).unwrap();
        let mut n = 0;
        let demo = demo_team(today, &mut || {
            n += 1;
            format!("id{n}")
        });
        for (_, s) in &demo.skills {
            assert!(s.problems().is_empty(), "{s:?}");
        }
        for (_, a) in &demo.assessments {
            assert!(a.problems(Some(today)).is_empty(), "{a:?}");
        }
        for (_, a) in &demo.actions {
            assert!(a.problems(None).is_empty(), "{a:?}");
        }
        for (_, s) in &demo.stretches {
            assert!(s.problems().is_empty(), "{s:?}");
        }
        let skills: Vec<(&str, &_)> = demo.skills.iter().map(|(id, s)| (id.as_str(), s)).collect();
        let assessments: Vec<_> = demo.assessments.iter().map(|(_, a)| a).collect();
        let members: Vec<Member> = demo
            .people
            .iter()
            .map(|(id, p)| Member {
                id,
                name: &p.name,
                role: &p.role,
            })
            .collect();
        let c = coverage(&members, &skills, &assessments, today);
        let spof: Vec<(&str, &str)> = c
            .single_points
            .iter()
            .map(|(s, p)| (s.as_str(), p.as_str()))
            .collect();
        assert!(
            spof.contains(&("API troubleshooting", "Tomás Lindqvist")),
            "{spof:?}"
        );
        assert!(
            spof.contains(&("Renewal conversations", "Maya Okafor")),
            "{spof:?}"
        );
        assert_eq!(c.nobody, vec!["Product analytics (SQL)".to_string()]);
        assert_eq!(c.stale.len(), 1, "{:?}", c.stale);
        assert_eq!(c.stale[0].1, "Renewal conversations");
        // Hannah's top gap is the one her at-risk satisfaction goal needs.
        let hannah = &demo.people[4];
        // Whether her goals are at risk comes from their pace, as the app computes it.
        use crate::domain::goal::{pace, progress, GoalSet, Status};
        let set = GoalSet::new(demo.goals.iter().map(|(id, g)| (id.as_str(), g)));
        let needs: Vec<GoalNeed> = demo
            .goals
            .iter()
            .filter(|(_, g)| g.owner == hannah.0)
            .map(|(id, g)| {
                let status = pace(g, progress(id, &set).value, today).status;
                GoalNeed {
                    title: &g.title,
                    at_risk: matches!(status, Status::AtRisk | Status::OffTrack),
                    skills: &g.skills,
                }
            })
            .collect();
        assert!(
            needs.iter().any(|n| n.at_risk && !n.skills.is_empty()),
            "an at-risk goal of hers needs a skill"
        );
        let gaps = person_gaps(
            &hannah.0,
            &hannah.1.role,
            &skills,
            &assessments,
            &needs,
            today,
        );
        assert_eq!(gaps[0].name, "API troubleshooting");
        assert!(
            gaps[0].why.contains("Raise ticket satisfaction"),
            "{}",
            gaps[0].why
        );
        // Two plans in progress, each with an action done and one under way.
        for who in [1, 4] {
            let mine: Vec<_> = demo
                .actions
                .iter()
                .filter(|(_, a)| a.person == demo.people[who].0)
                .collect();
            assert!(mine.iter().any(|(_, a)| a.status == ActionStatus::Done));
            assert!(mine
                .iter()
                .any(|(_, a)| a.status == ActionStatus::InProgress));
        }
        let states: Vec<StretchState> =
            demo.stretches.iter().map(|(_, s)| s.state(today)).collect();
        assert_eq!(
            states,
            [
                StretchState::Running,
                StretchState::Finished,
                StretchState::Finished
            ]
        );
        let stretches: Vec<_> = demo.stretches.iter().map(|(_, s)| s).collect();
        let (rows, message) = fairness(&members, &stretches, today);
        assert_eq!(rows.iter().map(|r| r.total).sum::<usize>(), 3);
        assert!(message.starts_with("No stretch work in the last 12 months for Daniel Reyes, Hannah Whitfield, Kwame Asante"), "{message}");
    }

    #[test]
    fn demo_self_reports_are_valid_and_give_the_manager_something_to_see() {
        use crate::domain::self_report::{flags, reports_of, self_vs_rated, Flag, Gap};
        // Any weekday: a Monday (this week's report written today) and a Sunday.
        for today in [Date::from_ymd(2026, 11, 23), Date::from_ymd(2026, 11, 29)] {
            let today = today.unwrap();
            let mut n = 0;
            let demo = demo_team(today, &mut || {
                n += 1;
                format!("id{n}")
            });
            let all: Vec<&SelfReport> = demo.self_reports.iter().map(|(_, r)| r).collect();
            for r in &all {
                assert!(r.problems(Some(today)).is_empty(), "{r:?}");
                assert!(r.written <= today && r.written >= r.week, "{r:?}");
            }
            let hannah = &demo.people[4].0;
            let hers = reports_of(hannah, &all);
            assert_eq!(hers.len(), 3);
            assert_eq!(
                hers[0].week,
                add_days(week_of(today), -7),
                "last week's is her newest"
            );
            assert_eq!(
                flags(&hers),
                vec![
                    Flag::Blocked,
                    Flag::AsksForHelp,
                    Flag::LowConfidence(2),
                    Flag::ConfidenceDropped(4, 2)
                ]
            );
            let ratings: Vec<&Rating> = demo.ratings.iter().map(|(_, r)| r).collect();
            assert!(ratings.iter().all(|r| r.problems(Some(today)).is_empty()));
            let rows = self_vs_rated(hannah, &ratings);
            assert_eq!(rows[1].0, "Productivity");
            assert_eq!(
                rows[1].3,
                Some(Gap::Higher),
                "she rates her productivity above her manager"
            );
        }
    }

    #[test]
    fn demo_charter_has_three_versions_with_fewer_acknowledgements_each_time() {
        let today = Date::from_ymd(2026, 11, 26).unwrap();
        let mut n = 0;
        let demo = demo_team(today, &mut || {
            n += 1;
            format!("id{n}")
        });
        let numbers: Vec<u32> = demo.charter.iter().map(|(_, v)| v.number).collect();
        assert_eq!(numbers, [1, 2, 3]);
        let prints: Vec<String> = demo.charter.iter().map(|(_, v)| v.fingerprint()).collect();
        assert!(prints[0] != prints[1] && prints[1] != prints[2]);
        let people: Vec<String> = demo.people.iter().map(|(id, _)| id.clone()).collect();
        let acks: Vec<&Acknowledgement> = demo.acks.iter().map(|(_, a)| a).collect();
        let agreed: Vec<usize> = demo
            .charter
            .iter()
            .map(|(_, v)| {
                assert!(v.problems().is_empty() && v.saved_on <= today);
                crate::domain::charter::acknowledgements(v, &people, &acks)
                    .iter()
                    .filter(|(_, on)| on.is_some_and(|d| d <= today))
                    .count()
            })
            .collect();
        assert_eq!(agreed, [6, 5, 3]);
        assert_eq!(
            demo.charter[1].1.goals.len(),
            2,
            "linked to two strategic team goals"
        );
    }

    #[test]
    fn demo_feedback_is_valid_balanced_and_followed_up() {
        use crate::domain::feedback::{best_practices, follow_ups, Balance};
        for (y, m, d) in [(2026, 11, 26), (2027, 3, 10)] {
            let today = Date::from_ymd(y, m, d).unwrap();
            let mut n = 0;
            let demo = demo_team(today, &mut || {
                n += 1;
                format!("id{n}")
            });
            let pid = |i: usize| demo.people[i].0.as_str();
            for (_, f) in &demo.feedback {
                assert!(f.problems().is_empty() && f.given_on <= today, "{f:?}");
                // The demo's conversations are examples of the method: the checker has nothing to say.
                if let Some(c) = &f.corrective {
                    let hints = crate::domain::feedback_check::hints(&c.steps(), f.given_on);
                    assert!(hints.is_empty(), "{hints:?}");
                }
            }
            for (_, r) in &demo.requests {
                assert!(r.problems().is_empty() && r.asked_on <= today, "{r:?}");
            }
            for (_, c) in &demo.celebrations {
                assert!(c.problems().is_empty() && c.on <= today, "{c:?}");
            }
            assert_eq!(demo.scripts.len(), 1);
            assert!(demo.scripts[0].1.problems().is_empty());
            let wins = || demo.celebrations.iter().map(|(_, c)| c);
            let feedback = || demo.feedback.iter().map(|(_, f)| f);
            let unrecognised: Vec<usize> = (0..6)
                .filter(|&i| {
                    let added = add_days(today, -ADDED_DAYS_AGO);
                    let since = demo.people[i].1.start_date.unwrap().max(added);
                    Balance::of(pid(i), feedback(), wins(), today)
                        .unrecognised_for(since, today)
                        .is_some()
                })
                .collect();
            assert_eq!(unrecognised, [4], "only Hannah, on {today:?}");
            let due = follow_ups(
                demo.feedback.iter().map(|(id, f)| (id.as_str(), f)),
                Some(add_days(today, 7)),
            );
            assert_eq!(due.len(), 1);
            assert_eq!(
                (due[0].1.person.as_str(), due[0].2),
                (pid(1), add_days(today, 2))
            );
            let answers: Vec<&Feedback> = feedback().collect();
            let pending = |k: usize| demo.requests[k].1.pending(&demo.requests[k].0, &answers);
            assert_eq!(pending(0), [pid(5)]);
            assert!(pending(1).is_empty());
            let shared: Vec<_> = best_practices(wins())
                .into_iter()
                .filter(|p| p.wins.len() == 2)
                .collect();
            assert_eq!(shared.len(), 1, "{shared:?}");
        }
    }
}
