use super::aid::{advise, Record, Step};
use super::report::{markdown, Names};
use super::*;
use crate::domain::checkin::{CheckIn, Obstacle};
use crate::domain::development::{ActionStatus, DevAction};
use crate::domain::feedback::{Corrective, Feedback, FeedbackKind};
use crate::domain::standards::{Level, Rating};

fn d(m: u32, day: u32) -> Date {
    Date::from_ymd(2026, m, day).unwrap()
}
const TODAY: (u32, u32) = (12, 1);
fn today() -> Date {
    d(TODAY.0, TODAY.1)
}

fn rating(item: &str, level: Level, on: Date) -> Rating {
    Rating {
        person: "p1".into(),
        item: item.into(),
        level: Some(level),
        on,
        note: "Two customers waited three days".into(),
        by_self: false,
    }
}

fn corrective(on: Date, followed_up: Option<Date>) -> Feedback {
    let mut f = Feedback::new(FeedbackKind::Corrective, "p1", on);
    f.corrective = Some(Corrective {
        observation: "replies took three days".into(),
        follow_up: Some(on.add_days(14)),
        followed_up,
        outcome: if followed_up.is_some() {
            "Better for a week, then slipped.".into()
        } else {
            String::new()
        },
        ..Corrective::default()
    });
    f
}

fn action(status: ActionStatus, due: Date) -> DevAction {
    DevAction {
        person: "p1".into(),
        skill: "s".into(),
        title: "Written-communication course".into(),
        due: Some(due),
        status,
        ..DevAction::default()
    }
}

fn check_in(on: Date, obstacle: Option<&str>) -> CheckIn {
    let mut c = CheckIn::held("p1", on, "");
    if let Some(o) = obstacle {
        c.obstacles.push(Obstacle {
            text: o.into(),
            ..Obstacle::default()
        });
    }
    c
}

struct History {
    feedback: Vec<Feedback>,
    actions: Vec<DevAction>,
    check_ins: Vec<CheckIn>,
    ratings: Vec<Rating>,
}

impl History {
    /// Everything tried: rated below, corrective given and followed up, a course done.
    fn tried() -> History {
        History {
            feedback: vec![corrective(d(10, 1), Some(d(10, 15)))],
            actions: vec![action(ActionStatus::Done, d(10, 30))],
            check_ins: vec![check_in(d(11, 20), None)],
            ratings: vec![rating("Productivity", Level::Below, d(11, 25))],
        }
    }
    fn advise(&self) -> aid::Advice {
        let f: Vec<&Feedback> = self.feedback.iter().collect();
        let a: Vec<&DevAction> = self.actions.iter().collect();
        let c: Vec<&CheckIn> = self.check_ins.iter().collect();
        let r: Vec<&Rating> = self.ratings.iter().collect();
        advise(
            "p1",
            &Record {
                feedback: &f,
                actions: &a,
                check_ins: &c,
                ratings: &r,
            },
            today(),
        )
    }
}

#[test]
fn the_aid_suggests_a_plan_only_when_lighter_steps_were_tried() {
    let tried = History::tried().advise();
    assert_eq!(tried.step, Step::ImprovementPlan);
    assert!(tried.reasons[0].contains("followed up"));
    assert!(tried.facts.contains(
        &"Productivity rated below on 25 Nov: Two customers waited three days.".to_string()
    ));
    assert!(tried
        .facts
        .contains(&"1 corrective conversation given, 1 followed up.".to_string()));
    assert!(tried
        .facts
        .contains(&"Follow-up of 1 Oct: Better for a week, then slipped.".to_string()));
    assert!(tried
        .facts
        .contains(&"1 development action: 1 done, 0 open.".to_string()));
    let bg = tried.background(today());
    assert!(bg.starts_with(
        "What the record showed on 1 Dec (the last 90 days):\n- Productivity rated below"
    ));

    // Rated below once, but the latest rating meets: no gap to document.
    let mut h = History::tried();
    h.ratings
        .push(rating("Productivity", Level::Meets, d(11, 28)));
    let a = h.advise();
    assert_eq!(a.step, Step::Coaching);
    assert!(a.reasons[0].starts_with("No standard is rated below"));

    // No corrective conversation in the last 90 days (the one in June is too old).
    let mut h = History::tried();
    h.feedback = vec![corrective(d(6, 1), Some(d(6, 15)))];
    let a = h.advise();
    assert_eq!(a.step, Step::Coaching);
    assert!(
        a.reasons[0].contains("never be the first time"),
        "{:?}",
        a.reasons
    );

    // Given, but its follow-up is still to come.
    let mut h = History::tried();
    h.feedback = vec![corrective(d(11, 24), None)];
    let a = h.advise();
    assert_eq!(a.step, Step::Coaching);
    assert!(
        a.reasons[0].contains("The follow-up is due 8 Dec"),
        "{:?}",
        a.reasons
    );

    // Obstacles in two check-ins: remove them first.
    let mut h = History::tried();
    h.check_ins = vec![
        check_in(d(11, 10), Some("Three save reviews at once")),
        check_in(d(11, 17), Some("CRM access still missing")),
        check_in(d(11, 24), None),
    ];
    let a = h.advise();
    assert_eq!(a.step, Step::Coaching);
    assert!(a.reasons[0].starts_with("Obstacles came up in 2 check-ins"));
    assert!(a.facts.contains(
        &"Obstacles raised in 2 check-ins: Three save reviews at once; CRM access still missing."
            .to_string()
    ));
    // One is not a pattern.
    h.check_ins.remove(1);
    assert_eq!(h.advise().step, Step::ImprovementPlan);

    // No development ever planned.
    let mut h = History::tried();
    h.actions.clear();
    assert_eq!(h.advise().step, Step::DevelopmentPlan);

    // Training under way and not yet due.
    let mut h = History::tried();
    h.actions = vec![action(ActionStatus::InProgress, d(12, 20))];
    let a = h.advise();
    assert_eq!(a.step, Step::Training);
    assert!(a.reasons[0].starts_with("1 development action is under way"));
    // An overdue open action is not "under way": development was tried.
    h.actions = vec![action(ActionStatus::InProgress, d(11, 20))];
    assert_eq!(h.advise().step, Step::ImprovementPlan);

    // Someone else's record counts for nothing.
    let mut h = History::tried();
    for f in &mut h.feedback {
        f.person = "p2".into();
    }
    assert_eq!(h.advise().step, Step::Coaching);
}

fn plan() -> Plan {
    let mut p = Plan::new("p1", d(11, 2), 60);
    p.gap = "Replies within one working day; two customers waited three days.".into();
    p.causes = vec![CauseNote {
        cause: Cause::Workload,
        evidence: "Three save reviews at once".into(),
        notes: String::new(),
    }];
    p.goals = vec![
        PlanGoal {
            id: "g1".into(),
            text: "Reply within a working day".into(),
            measure: "from 80 % to 100 %".into(),
            due: Some(d(12, 20)),
        },
        PlanGoal {
            id: "g2".into(),
            text: "Recaps within a day".into(),
            measure: "every one".into(),
            due: Some(d(12, 1)),
        },
    ];
    p.support = vec![
        Support {
            id: "s1".into(),
            text: "Recap template".into(),
            by: Some(d(11, 9)),
        },
        Support {
            id: "s2".into(),
            text: "CRM alerts session".into(),
            by: Some(d(11, 23)),
        },
        Support {
            id: "s3".into(),
            text: "Course budget".into(),
            by: Some(d(12, 15)),
        },
    ];
    p
}

#[test]
fn same_words_same_fingerprint_any_change_a_new_one() {
    let a = plan();
    let mut b = plan();
    assert_eq!(a.fingerprint(), b.fingerprint());
    assert_eq!(a.fingerprint().len(), 19);
    // Trailing spaces and blank edges are not words.
    b.gap = format!("  {}  \n", a.gap);
    assert_eq!(a.fingerprint(), b.fingerprint());
    // Issuing and reviewing change nothing in it.
    b.issue(d(11, 2), "");
    assert_eq!(a.fingerprint(), b.fingerprint());
    for change in [
        |p: &mut Plan| p.goals[0].due = Some(d(12, 21)),
        |p: &mut Plan| p.support[1].text.push('s'),
        |p: &mut Plan| p.end = p.end.add_days(1),
        |p: &mut Plan| p.every = Every::Week,
        |p: &mut Plan| p.causes[0].cause = Cause::Skills,
        |p: &mut Plan| p.gap.push('!'),
    ] {
        let mut c = plan();
        change(&mut c);
        assert_ne!(a.fingerprint(), c.fingerprint());
    }
}

fn ack(p: &Plan, on: Date) -> PlanAck {
    let v = p.current().unwrap();
    PlanAck {
        plan: "plan".into(),
        person: "p1".into(),
        version: v.number,
        fingerprint: v.fingerprint.clone(),
        on,
        at_manager: false,
        response: "Received; the workload was the real cause.".into(),
    }
}

#[test]
fn a_new_version_needs_a_new_acknowledgement() {
    let mut p = plan();
    assert!(p.changed(), "nothing issued yet");
    p.issue(d(11, 2), "");
    assert!(!p.changed());
    let first = ack(&p, d(11, 3));
    assert_eq!(acknowledged(&p, &[&first]), Some(&first));

    // Saving without a change issues nothing; with one, it needs words.
    let before = p.clone();
    assert_eq!(p.edit_problems(Some(&before), "x")[0].field, "change");
    p.goals[1].measure = "every recap within a working day".into();
    assert_eq!(p.edit_problems(Some(&before), " ")[0].field, "change");
    assert!(p.edit_problems(Some(&before), "Clearer measure").is_empty());
    p.issue(d(11, 20), "Clearer measure");
    assert_eq!(p.current().unwrap().number, 2);
    assert_eq!(
        acknowledged(&p, &[&first]),
        None,
        "version 1's acknowledgement is not version 2's"
    );
    let second = ack(&p, d(11, 21));
    assert_eq!(acknowledged(&p, &[&first, &second]), Some(&second));

    // An acknowledgement whose fingerprint does not match the version counts for nothing.
    let mut forged = second.clone();
    forged.fingerprint = "0000 0000 0000 0000".into();
    assert_eq!(acknowledged(&p, &[&forged]), None);

    // Extending is a new version too.
    let longer = p
        .extend(Date::from_ymd(2027, 3, 10).unwrap(), "Holidays", d(12, 1))
        .unwrap_err();
    assert_eq!(longer[0].field, "extend_to", "past 120 days in all");
    let jan15 = Date::from_ymd(2027, 1, 15).unwrap();
    let q = p.extend(jan15, "Two weeks of holidays", d(12, 1)).unwrap();
    assert_eq!(q.current().unwrap().number, 3);
    assert_eq!(
        q.current().unwrap().change,
        "Extended to 15 January 2027: Two weeks of holidays"
    );
    assert_eq!(acknowledged(&q, &[&first, &second]), None);
    assert_eq!(
        p.extend(d(12, 20), "x", d(12, 1)).unwrap_err()[0].field,
        "extend_to"
    );
    assert_eq!(
        p.extend(jan15, " ", d(12, 1)).unwrap_err()[0].field,
        "extend_reason"
    );
}

fn review(on: Date, delivered: [bool; 3], progress: [Progress; 2]) -> PlanReview {
    let mut r = PlanReview::new("plan", &plan(), on);
    for (d, x) in r.support.iter_mut().zip(delivered) {
        d.delivered = x;
    }
    for (g, p) in r.goals.iter_mut().zip(progress) {
        g.progress = Some(p);
    }
    r
}

#[test]
fn the_support_ledger_counts_promised_delivered_and_overdue() {
    use Progress::*;
    let p = plan();
    let r1 = review(d(11, 16), [true, false, false], [Progressing, NotStarted]);
    let r2 = review(d(11, 30), [true, false, true], [Progressing, Met]);
    let l = ledger(&p, &[&r1, &r2], d(12, 1));
    assert_eq!((l.promised, l.delivered, l.overdue), (3, 2, 1));
    assert_eq!(
        l.rows[0].delivered,
        Some(d(11, 16)),
        "the first review that found it delivered"
    );
    assert!(l.rows[1].overdue, "due 23 Nov, never delivered");
    assert_eq!(l.rows[2].delivered, Some(d(11, 30)));
    assert!(!l.rows[2].overdue);
    assert_eq!(
        l.words(),
        "2 of 3 support commitments delivered; 1 overdue."
    );
    // Before its date, an undelivered commitment is not overdue.
    let early = ledger(&p, &[&r1], d(11, 20));
    assert_eq!((early.delivered, early.overdue), (1, 0));
    assert_eq!(early.words(), "1 of 3 support commitments delivered.");

    let latest = latest_progress(&p, &[&r2, &r1]);
    assert_eq!(latest[0].1, Some(Progressing));
    assert_eq!(
        latest[1].1,
        Some(Met),
        "the latest review wins, whatever the order given"
    );
}

#[test]
fn reviews_fall_on_a_schedule_up_to_the_last_day() {
    let mut p = plan(); // 2 Nov to 1 Jan, every two weeks
    assert_eq!(
        p.schedule(),
        vec![
            d(11, 16),
            d(11, 30),
            d(12, 14),
            d(12, 28),
            Date::from_ymd(2027, 1, 1).unwrap()
        ]
    );
    assert_eq!(p.next_review(0), Some(d(11, 16)));
    assert_eq!(p.next_review(2), Some(d(12, 14)));
    assert_eq!(p.next_review(5), None, "all held");
    p.every = Every::Week;
    p.end = d(11, 30);
    assert_eq!(
        p.schedule(),
        vec![d(11, 9), d(11, 16), d(11, 23), d(11, 30)]
    );
    p.closed = Some(Closing {
        outcome: Outcome::NotSuccessful,
        on: d(11, 30),
        summary: "x".into(),
        sustain: String::new(),
    });
    assert_eq!(p.next_review(0), None, "a closed plan has no review due");
}

#[test]
fn bad_input_is_refused_at_its_field() {
    assert!(plan().problems().is_empty(), "{:?}", plan().problems());
    let field = |p: &Plan| {
        p.problems()
            .into_iter()
            .map(|e| (e.field, e.message))
            .collect::<Vec<_>>()
    };

    let mut p = plan();
    p.goals[0].measure.clear();
    assert_eq!(
        field(&p),
        vec![(
            "goals",
            "Goal 1: give a measure, so both of you can tell when it is met.".into()
        )]
    );
    let mut p = plan();
    p.goals[1].due = None;
    assert_eq!(
        field(&p),
        vec![("goals", "Goal 2: give a target date.".into())]
    );
    let mut p = plan();
    p.goals[1].due = Some(d(1, 5));
    assert_eq!(field(&p)[0].0, "goals");

    for (days, ok) in [(13, false), (14, true), (120, true), (121, false)] {
        let mut p = plan();
        p.end = p.start.add_days(days);
        p.goals
            .iter_mut()
            .for_each(|g| g.due = Some(p.start.add_days(10)));
        assert_eq!(p.problems().is_empty(), ok, "{days} days");
    }
    let mut p = plan();
    p.end = p.start.add_days(7);
    p.goals.iter_mut().for_each(|g| g.due = Some(p.start));
    assert_eq!(field(&p), vec![("end", "A plan runs 14 to 120 days; these dates give 7. Choose an end date from 2026-11-16 to 2027-03-02.".into())]);

    let mut p = plan();
    p.causes[0].evidence = " ".into();
    p.support.clear();
    let f: Vec<&str> = p.problems().iter().map(|e| e.field).collect();
    assert_eq!(f, vec!["causes", "support"]);

    // A review before the plan starts, or in the future.
    let p = plan();
    let mut r = review(d(11, 1), [false; 3], [Progress::Met; 2]);
    assert_eq!(
        r.problems(&p, Some(today()))[0].message,
        "A review is held on or after the plan starts (2 November 2026)."
    );
    r.on = d(12, 2);
    assert_eq!(r.problems(&p, Some(today()))[0].field, "review_on");
    r.on = d(11, 16);
    assert!(r.problems(&p, Some(today())).is_empty());
    r.goals[1].progress = None;
    assert_eq!(
        r.problems(&p, Some(today()))[0].message,
        "Goal 2: choose not started, progressing, met or not met."
    );

    // Closing needs an outcome and a summary; success, a sustainment plan.
    let mut p = plan();
    assert_eq!(p.close_problems(None)[0].field, "outcome");
    let mut c = Closing {
        outcome: Outcome::Successful,
        on: d(12, 1),
        summary: "Both goals met.".into(),
        sustain: String::new(),
    };
    assert_eq!(p.close_problems(Some(&c))[0].field, "sustain");
    c.outcome = Outcome::Extended;
    assert_eq!(p.close_problems(Some(&c))[0].field, "outcome");
    c.outcome = Outcome::NotSuccessful;
    assert!(p.close_problems(Some(&c)).is_empty());

    // A closed plan can no longer be edited, reviewed or extended.
    p.issue(d(11, 2), "");
    p.closed = Some(c.clone());
    let mut edit = p.clone();
    edit.gap.push_str(" Edited.");
    assert_eq!(
        edit.edit_problems(Some(&p), "why")[0].message,
        "This plan is closed: it is kept as it was and can no longer be changed."
    );
    assert_eq!(
        review(d(11, 16), [true; 3], [Progress::Met; 2]).problems(&p, None)[0].field,
        "review_on"
    );
    assert!(p.extend(d(12, 31), "x", d(12, 1)).is_err());
    assert_eq!(
        p.close_problems(Some(&c))[0].message,
        "This plan is already closed."
    );
}

#[test]
fn the_history_and_the_markdown_carry_every_version_and_acknowledgement() {
    let mut p = plan();
    p.issue(d(11, 2), "");
    let a1 = ack(&p, d(11, 3));
    let r1 = review(
        d(11, 16),
        [true, false, false],
        [Progress::Progressing, Progress::NotStarted],
    );
    p.goals[1].measure = "every recap".into();
    p.issue(d(11, 20), "Clearer measure");
    let h = history(&p, &[&r1], &[&a1], "Daniel", "Ana");
    let lines: Vec<String> = h
        .iter()
        .map(|l| format!("{} {}: {}", l.on, l.who, l.what))
        .collect();
    assert_eq!(lines.len(), 4);
    assert!(lines[0].starts_with("2026-11-02 Ana: Issued version 1 (fingerprint "));
    assert!(lines[1].starts_with("2026-11-03 Daniel: Acknowledged receipt of version 1"));
    assert!(lines[1].ends_with(
        "on their own device. Their response: “Received; the workload was the real cause.”"
    ));
    assert_eq!(
        lines[2],
        "2026-11-16 Ana: Held a review: 0 of 2 goals met, 1 of 3 support commitments delivered."
    );
    assert!(lines[3].ends_with(": Clearer measure"));

    let goal = |_: &str| "Reply within a day".to_string();
    let md = markdown(
        &p,
        &[&r1],
        &[&a1],
        &Names {
            person: "Daniel",
            manager: "Ana",
            goal: &goal,
        },
        d(12, 1),
    );
    let fp = p.fingerprint();
    assert!(md.starts_with("# Improvement plan: Daniel\n\nVersion 2 · fingerprint "));
    assert!(md.contains(&fp));
    assert!(md.contains("Daniel has not yet acknowledged receipt of version 2."));
    assert!(md.contains("It does not say you agree with it."));
    assert!(md.contains("| Recaps within a day | every recap | 1 December 2026 | Not started |"));
    assert!(md.contains("1 of 3 support commitments delivered; 1 overdue."));
    let a2 = ack(&p, d(11, 21));
    let md = markdown(
        &p,
        &[&r1],
        &[&a1, &a2],
        &Names {
            person: "Daniel",
            manager: "Ana",
            goal: &goal,
        },
        d(12, 1),
    );
    assert!(md.contains(
        "Daniel acknowledged receipt of version 2 on 21 November 2026 on their own device."
    ));
}

#[test]
fn the_demo_plan_is_mid_way_with_support_owed_and_acknowledged() {
    use crate::domain::demo::demo_team;
    let mut n = 0;
    let mut id = || {
        n += 1;
        format!("id{n}")
    };
    let data = demo_team(today(), &mut id);
    let (plans, reviews, acks) = (&data.plans, &data.plan_reviews, &data.plan_acks);
    let (plan_id, p) = &plans[0];
    assert!(p.problems().is_empty(), "{:?}", p.problems());
    assert_eq!(p.person, data.people[1].0, "Daniel's");
    let rs: Vec<&PlanReview> = reviews.iter().map(|(_, r)| r).collect();
    assert_eq!(rs.len(), 2);
    assert!(rs
        .iter()
        .all(|r| r.plan == *plan_id && r.problems(p, Some(today())).is_empty()));
    let l = ledger(p, &rs, today());
    assert_eq!((l.promised, l.delivered, l.overdue), (3, 2, 1));
    let a: Vec<&PlanAck> = acks.iter().map(|(_, a)| a).collect();
    assert!(acknowledged(p, &a).is_some_and(|a| !a.response.is_empty()));
    assert_eq!(p.next_review(rs.len()), Some(today().add_days(7)));
    assert_eq!(p.default_scope(), Scope::Person(data.people[1].0.clone()));
}

#[test]
fn improvement_goals_go_through_the_smart_r_checker() {
    use crate::domain::smart_r::{passes, Letter, Verdict};
    let p = plan();
    let good = PlanGoal {
        id: "g".into(),
        text: "Reply to every customer email within one working day".into(),
        measure: "Replies within a day from 80 % to 100 % in the CRM report".into(),
        due: Some(d(12, 20)),
    };
    let checks = smart_check(&good, &p, d(11, 2));
    assert_eq!(checks.len(), 6);
    let relevant = checks
        .iter()
        .find(|c| c.letter == Letter::Relevant)
        .unwrap();
    assert_eq!(
        (relevant.verdict, relevant.message.as_str()),
        (Verdict::Pass, "Closes the plan's performance gap.")
    );
    let vague = PlanGoal {
        text: "Do better".into(),
        measure: String::new(),
        due: None,
        ..good.clone()
    };
    let weak = smart_check(&vague, &p, d(11, 2));
    assert!(passes(&weak) < passes(&checks), "{weak:?}");
    for l in [Letter::Measurable, Letter::TimeBound] {
        assert_eq!(
            weak.iter().find(|c| c.letter == l).unwrap().verdict,
            Verdict::Hint,
            "{l:?}"
        );
    }
}
