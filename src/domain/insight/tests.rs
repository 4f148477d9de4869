use super::themes::{content_words, group};
use super::*;
use crate::domain::checkin::Obstacle;
use crate::domain::feedback::{Corrective, FeedbackKind};
use crate::domain::goal::{ManualStatus, Measure, ProgressUpdate};
use crate::domain::indicators::Direction;
use crate::domain::person::Cadence;

fn d(m: u32, day: u32) -> Date {
    Date::from_ymd(2026, m, day).unwrap()
}
fn today() -> Date {
    d(12, 1)
}

fn goal(readings: &[(Date, f64)], due: Date) -> Goal {
    Goal {
        title: "Raise CSAT to 8.5".into(),
        owner: "p1".into(),
        due: Some(due),
        measure: Some(Measure {
            unit: "points".into(),
            start: 7.0,
            target: 8.5,
            current: readings.last().map_or(7.0, |r| r.1),
            ..Measure::default()
        }),
        updates: updates(readings),
        ..Goal::default()
    }
}

/// One progress update per (day, value).
pub(super) fn updates(readings: &[(Date, f64)]) -> Vec<ProgressUpdate> {
    readings
        .iter()
        .map(|(on, v)| ProgressUpdate {
            on: *on,
            value: Some(*v),
            ..ProgressUpdate::default()
        })
        .collect()
}

#[test]
fn the_projection_follows_the_straight_line_through_the_readings() {
    // +0.1 a week from 7.0 on 2 Nov: 8.5 is 15 weeks later, 15 February.
    let r: Vec<(Date, f64)> = (0..4)
        .map(|k| (d(11, 2).add_days(7 * k), 7.0 + 0.1 * k as f64))
        .collect();
    assert_eq!(
        projection(&r, 8.5),
        Some(Some(Date::from_ymd(2027, 2, 15).unwrap()))
    );
    assert_eq!(projection(&r[..3], 8.5), None, "three readings are too few");
    let flat: Vec<(Date, f64)> = r.iter().map(|(d, _)| (*d, 7.2)).collect();
    assert_eq!(projection(&flat, 8.5), Some(None), "flat never gets there");
    let down: Vec<(Date, f64)> = r.iter().map(|(d, v)| (*d, 14.0 - v)).collect();
    assert_eq!(projection(&down, 8.5), Some(None), "going the other way");
    // A target below: falling toward it.
    let falling: Vec<(Date, f64)> = (0..4)
        .map(|k| (d(11, 2).add_days(7 * k), 10.0 - k as f64))
        .collect();
    assert_eq!(projection(&falling, 5.0), Some(Some(d(11, 2).add_days(35))));
}

#[test]
fn a_goal_projected_to_miss_says_when_it_would_get_there() {
    let r: Vec<(Date, f64)> = (0..4)
        .map(|k| (d(11, 2).add_days(7 * k), 7.0 + 0.1 * k as f64))
        .collect();
    let w = projected_miss("g1", &goal(&r, d(12, 31)), today()).expect("fires");
    assert_eq!(w.rule, Rule::ProjectedMiss);
    assert_eq!(
        w.title,
        "“Raise CSAT to 8.5” would reach its target on 15 Feb, after its deadline"
    );
    assert_eq!(
        w.data[0],
        "Last readings: 7 on 2 Nov, 7.1 on 9 Nov, 7.2 on 16 Nov, 7.3 on 23 Nov (target 8.5 points by 31 Dec)."
    );
    assert!(
        w.data[1].ends_with("46 days after the deadline."),
        "{}",
        w.data[1]
    );
    assert_eq!(w.link, "/goals/g1");
    assert_eq!(w.key(), "projected_miss:g1");
    // On pace for a later deadline: nothing.
    assert_eq!(
        projected_miss(
            "g1",
            &goal(&r, Date::from_ymd(2027, 3, 1).unwrap()),
            today()
        ),
        None
    );
    // Too few readings, a goal done or archived: nothing.
    assert_eq!(
        projected_miss("g1", &goal(&r[..3], d(12, 31)), today()),
        None
    );
    let mut archived = goal(&r, d(12, 31));
    archived.archived = true;
    assert_eq!(projected_miss("g1", &archived, today()), None);
    let flat: Vec<(Date, f64)> = r.iter().map(|(d, _)| (*d, 7.2)).collect();
    assert!(projected_miss("g1", &goal(&flat, d(12, 31)), today())
        .unwrap()
        .title
        .ends_with("is not moving toward its target"));
}

#[test]
fn divergence_is_confidence_without_movement() {
    let r = [(d(10, 20), 7.4), (d(11, 30), 7.4)];
    let mut g = goal(&r, d(12, 31));
    g.updates[1].confidence = Some(8);
    let w = divergence("g1", &g, today()).expect("fires");
    assert_eq!(
        w.data,
        vec![
            "The measure was 7.4 on 20 Oct and is 7.4 now.".to_string(),
            "Reported: confidence 8 on 30 Nov.".to_string()
        ]
    );
    // It moved: nothing.
    let mut moved = g.clone();
    moved.updates[1].value = Some(7.6);
    assert_eq!(divergence("g1", &moved, today()), None);
    // Not confident, not on track: nothing; on track by hand: fires.
    let mut unsure = g.clone();
    unsure.updates[1].confidence = Some(5);
    assert_eq!(divergence("g1", &unsure, today()), None);
    unsure.status = Some(ManualStatus {
        status: Status::OnTrack,
        reason: String::new(),
    });
    assert!(divergence("g1", &unsure, today()).is_some());
    // Readings only in the last 4 weeks: too soon to say.
    let recent = goal(&[(d(11, 10), 7.4), (d(11, 30), 7.4)], d(12, 31));
    assert_eq!(divergence("g1", &recent, today()), None);
}

fn report(week: Date, confidence: u8) -> SelfReport {
    SelfReport {
        person: "p1".into(),
        week,
        confidence: Some(confidence),
        ..SelfReport::default()
    }
}

#[test]
fn confidence_falling_twice_in_a_row_or_low() {
    let a = [
        report(d(11, 9), 5),
        report(d(11, 16), 4),
        report(d(11, 23), 3),
    ];
    let w = confidence_falling("p1", "Hannah", &a.iter().collect::<Vec<_>>()).expect("fires");
    assert_eq!(w.title, "Hannah's confidence is falling");
    assert_eq!(w.data[0], "Self-report confidence, 1 to 5: 5 (week of 9 Nov), 4 (week of 16 Nov), 3 (week of 23 Nov).");
    let once = [
        report(d(11, 9), 4),
        report(d(11, 16), 4),
        report(d(11, 23), 3),
    ];
    assert_eq!(
        confidence_falling("p1", "Hannah", &once.iter().collect::<Vec<_>>()),
        None,
        "down once"
    );
    let low = [report(d(11, 23), 2)];
    assert_eq!(
        confidence_falling("p1", "Hannah", &low.iter().collect::<Vec<_>>())
            .unwrap()
            .title,
        "Hannah's confidence is low"
    );
    let other = [report(d(11, 23), 1)];
    let mut x = other[0].clone();
    x.person = "p2".into();
    assert_eq!(
        confidence_falling("p1", "Hannah", &[&x]),
        None,
        "someone else's"
    );
}

#[test]
fn rhythm_flags_a_1on1_late_by_more_than_a_cadence_and_late_follow_ups() {
    let p = Person {
        name: "Tomás".into(),
        role: String::new(),
        start_date: None,
        email: String::new(),
        cadence: Cadence::Weekly,
        archived: false,
    };
    assert_eq!(
        rhythm("p1", &p, Some(7), &[], today()),
        None,
        "one cadence late is not yet more"
    );
    let w = rhythm("p1", &p, Some(8), &[], today()).expect("fires");
    assert_eq!(
        w.data,
        vec!["The 1:1 is 8 days overdue; the cadence is weekly.".to_string()]
    );
    let mut f = Feedback::new(FeedbackKind::Corrective, "p1", d(11, 1));
    f.corrective = Some(Corrective {
        follow_up: Some(d(11, 20)),
        ..Corrective::default()
    });
    let w = rhythm("p1", &p, None, &[&f], today()).expect("fires");
    assert_eq!(
        w.data,
        vec!["The follow-up of the corrective conversation of 1 Nov was due 20 Nov.".to_string()]
    );
    f.corrective.as_mut().unwrap().followed_up = Some(d(11, 21));
    assert_eq!(rhythm("p1", &p, None, &[&f], today()), None, "held");
}

#[test]
fn a_leading_indicator_unhealthy_twice_puts_its_results_at_risk() {
    let ind = Indicator {
        name: "Health-check calls".into(),
        kind: IndicatorKind::Leading,
        direction: Direction::Higher,
        target: Some(40.0),
        ..Indicator::default()
    };
    let r = |on, value| Reading {
        on,
        value,
        ..Reading::default()
    };
    let low = [r(d(11, 20), 35.0), r(d(11, 23), 20.0), r(d(11, 30), 22.0)];
    let w = leading_unhealthy("i1", &ind, &low, &["Renewals closed"]).expect("fires");
    assert_eq!(
        w.data,
        vec![
            "Last 2 readings: 20 on 23 Nov, 22 on 30 Nov (target 40).".to_string(),
            "It drives: Renewals closed.".to_string()
        ]
    );
    let recovered = [r(d(11, 23), 20.0), r(d(11, 30), 39.0)];
    assert_eq!(leading_unhealthy("i1", &ind, &recovered, &[]), None);
    let mut lagging = ind.clone();
    lagging.kind = IndicatorKind::Lagging;
    assert_eq!(
        leading_unhealthy("i1", &lagging, &low, &[]),
        None,
        "only leading ones"
    );
}

fn check_in(on: Date, obstacle: &str) -> CheckIn {
    let mut c = CheckIn::held("p1", on, "");
    if !obstacle.is_empty() {
        c.obstacles.push(Obstacle {
            text: obstacle.into(),
            ..Obstacle::default()
        });
    }
    c
}

#[test]
fn a_recurring_obstacle_is_one_theme_in_three_of_four_check_ins() {
    let all = [
        check_in(d(11, 2), "Waiting on engineering for the export bug"),
        check_in(d(11, 9), "The export bug is still open with engineering"),
        check_in(d(11, 16), ""),
        check_in(d(11, 23), "Engineering has not fixed the export bug yet"),
    ];
    let w = recurring_obstacle("p1", "Hannah", &all.iter().collect::<Vec<_>>()).expect("fires");
    assert!(
        w.title
            .starts_with("Hannah keeps meeting the same obstacle: "),
        "{}",
        w.title
    );
    assert!(
        w.data[0].starts_with("Raised in 3 of the last 4 check-ins"),
        "{}",
        w.data[0]
    );
    let two = [&all[0], &all[1], &all[2]];
    let mut other = check_in(d(11, 23), "Not enough time to prepare QBRs");
    other.person = "p1".into();
    assert_eq!(
        recurring_obstacle("p1", "Hannah", &[two[0], two[1], two[2], &other]),
        None,
        "two of four"
    );
}

#[test]
fn themes_group_the_same_obstacle_in_different_words() {
    assert_eq!(
        content_words("Waiting on engineering for the export bugs"),
        vec!["engineer", "export", "bug"]
    );
    let texts = [
        "Waiting on engineering for the export bug",
        "Not enough time to prepare QBRs",
        "The export bug is still open with engineering",
        "No time to prepare the QBR decks",
        "Training material is out of date",
        "Waiting on engineering for the export bug.",
    ];
    let t = group(&texts);
    assert_eq!(t.len(), 3);
    assert_eq!(t[0].members, vec![0, 2, 5]);
    assert_eq!(
        t[0].label, "Waiting on engineering for the export bug",
        "the most common wording"
    );
    assert_eq!(t[1].members, vec![1, 3]);
    assert_eq!(t[2].members, vec![4]);
    assert_eq!(group(&texts), t, "deterministic");
}

#[test]
fn no_recognition_in_thirty_days() {
    let never = Balance::default();
    assert_eq!(
        no_recognition("p1", "Hannah", &never, d(11, 2), today()),
        None,
        "29 days"
    );
    let w = no_recognition("p1", "Hannah", &never, d(11, 1), today()).expect("30 days");
    assert_eq!(w.title, "No recognition for Hannah in 30 days");
    assert_eq!(
        w.data,
        vec!["No recognition recorded since 1 November 2026.".to_string()]
    );
    assert_eq!(w.link, "/feedback/recognize?person=p1");
    let once = Balance {
        last_recognised: Some(d(10, 17)),
        ..Balance::default()
    };
    let w = no_recognition("p1", "Hannah", &once, d(1, 5), today()).expect("45 days");
    assert_eq!(
        w.data,
        vec!["Last recognised 17 October 2026 (45 days ago).".to_string()]
    );
    let recent = Balance {
        last_recognised: Some(d(11, 20)),
        ..Balance::default()
    };
    assert_eq!(
        no_recognition("p1", "Hannah", &recent, d(1, 5), today()),
        None
    );
}

fn warning(rule: Rule, person: &str, subject: &str) -> Warning {
    Warning {
        rule,
        person: person.into(),
        subject: subject.into(),
        title: subject.into(),
        data: vec![],
        next: String::new(),
        link: String::new(),
    }
}

#[test]
fn the_fatigue_cap_shows_a_few_per_person_and_counts_the_rest() {
    let all: Vec<Warning> = (0..5)
        .map(|i| warning(Rule::ALL[i], "p1", &format!("g{i}")))
        .chain([warning(Rule::NoRecognition, "p2", "p2")])
        .collect();
    let (shown_now, more) = shown(all.clone(), &[], today());
    assert_eq!(
        shown_now.iter().filter(|w| w.person == "p1").count(),
        MAX_PER_PERSON
    );
    assert_eq!(shown_now[0].rule, Rule::Rhythm, "rule order: rhythm first");
    assert_eq!(more, vec![("p1".to_string(), 2)]);
    // Dismissed with a reason: hidden for 90 days. Snoozed: until its day.
    let note = |key: &str, on: Date, until: Option<Date>| WarningNote {
        key: key.into(),
        title: String::new(),
        on,
        snooze_until: until,
        reason: "Discussed on Monday".into(),
    };
    let dismissed = note("rhythm:g0", d(11, 30), None);
    let snoozed = note("projected_miss:g1", d(11, 30), Some(d(12, 8)));
    let (s, more) = shown(all.clone(), &[&dismissed, &snoozed], today());
    assert!(!s.iter().any(|w| w.subject == "g0" || w.subject == "g1"));
    assert_eq!(more, vec![], "the two behind them move up");
    let (s, _) = shown(all.clone(), &[&dismissed, &snoozed], d(12, 8));
    assert!(s.iter().any(|w| w.subject == "g1"), "the snooze is over");
    let (s, _) = shown(all, &[&dismissed], d(11, 30).add_days(DISMISS_DAYS));
    assert!(s.iter().any(|w| w.subject == "g0"), "the dismissal is over");
    assert_eq!(note("k", today(), None).problems(Some(today())), vec![]);
    let mut no_reason = note("k", today(), Some(today()));
    no_reason.reason.clear();
    let fields: Vec<&str> = no_reason
        .problems(Some(today()))
        .iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(fields, vec!["reason", "snooze_until"]);
}

#[test]
fn the_demo_team_shows_the_warnings() {
    use crate::domain::cadence::{due_list, Due};
    use crate::domain::demo::{demo_team, ADDED_DAYS_AGO};
    let mut n = 0;
    let mut id = || {
        n += 1;
        format!("id{n}")
    };
    let data = demo_team(today(), &mut id);
    let added = today().add_days(-ADDED_DAYS_AGO);
    let people: Vec<(String, Person, Date)> = data
        .people
        .iter()
        .map(|(i, p)| (i.clone(), p.clone(), added))
        .collect();
    let check_ins: Vec<&CheckIn> = data.check_ins.iter().map(|(_, c)| c).collect();
    let due = due_list(&people, &check_ins, today());
    let readings: Vec<(String, Vec<Reading>)> = data
        .indicators
        .iter()
        .map(|(iid, _)| {
            let mut all: Vec<Reading> = data
                .reading_months
                .iter()
                .filter(|(_, m)| m.indicator == *iid)
                .flat_map(|(_, m)| m.readings.clone())
                .collect();
            all.sort_by_key(|r| r.on);
            (iid.clone(), all)
        })
        .collect();
    let inputs = Inputs {
        goals: data.goals.iter().map(|(i, g)| (i.as_str(), g)).collect(),
        people: people
            .iter()
            .map(|(i, p, a)| PersonIn {
                id: i,
                person: p,
                since: p.start_date.map_or(*a, |s| s.max(*a)),
                overdue: due
                    .iter()
                    .find(|e| e.person == *i)
                    .and_then(|e| match e.state {
                        Due::Overdue(n) => Some(n),
                        _ => None,
                    }),
            })
            .collect(),
        feedback: data.feedback.iter().map(|(_, f)| f).collect(),
        wins: data.celebrations.iter().map(|(_, c)| c).collect(),
        reports: data.self_reports.iter().map(|(_, r)| r).collect(),
        check_ins,
        indicators: data
            .indicators
            .iter()
            .map(|(iid, ind)| IndicatorIn {
                id: iid,
                indicator: ind,
                readings: readings
                    .iter()
                    .find(|(x, _)| x == iid)
                    .map(|(_, r)| r.clone())
                    .unwrap_or_default(),
                drives: vec![],
            })
            .collect(),
    };
    let all = warnings(&inputs, today());
    let rules: Vec<Rule> = {
        let mut r: Vec<Rule> = all.iter().map(|w| w.rule).collect();
        r.dedup();
        r
    };
    assert_eq!(rules, Rule::ALL.to_vec(), "one of each rule in the demo");
}

#[test]
fn the_weekly_report_covers_the_week_before_monday() {
    use super::report::{weekly_markdown, Week};
    use crate::domain::feedback::Celebration;
    use crate::domain::self_report::week_of as monday_of;
    let monday = monday_of(d(12, 3));
    assert_eq!(monday, d(11, 30));
    let moved = goal(&[(d(11, 16), 7.4), (d(11, 25), 7.6)], d(12, 31));
    let mut quiet = goal(&[(d(11, 10), 7.0)], d(12, 31));
    quiet.title = "Quiet goal".into();
    let mut late = CheckIn::held("p1", d(11, 24), "");
    late.person = "p1".into();
    let old = CheckIn::held("p1", d(11, 20), "");
    let mut praise = Feedback::new(FeedbackKind::Recognition, "p1", d(11, 27));
    praise.text = "Thanks".into();
    let earlier = Feedback::new(FeedbackKind::Corrective, "p1", d(11, 2));
    let win = Celebration {
        title: "Zero-backlog week".into(),
        on: d(11, 28),
        goals: vec![],
        contributors: vec![],
        story: String::new(),
        what_worked: vec![],
    };
    let open = warning(Rule::Rhythm, "p2", "p2");
    let handled = WarningNote {
        key: "k".into(),
        title: "Out of rhythm".into(),
        on: d(11, 26),
        snooze_until: None,
        reason: "On leave".into(),
    };
    let name = |id: &str| {
        if id == "p1" {
            "Hannah".to_string()
        } else {
            "?".to_string()
        }
    };
    let md = weekly_markdown(&Week {
        monday,
        goals: vec![(&moved, Status::AtRisk), (&quiet, Status::Done)],
        check_ins: vec![&late, &old],
        missed: vec![("Kwame".into(), 16)],
        feedback: vec![&praise, &earlier],
        warnings: vec![&open],
        notes: vec![&handled],
        wins: vec![&win],
        name: &name,
    });
    assert!(md.starts_with("# Weekly team report: 23 November 2026 to 29 November 2026\n"));
    assert!(
        md.contains("**Moved** (1)\n- Raise CSAT to 8.5: 7.4 → 7.6 points\n"),
        "{md}"
    );
    assert!(md.contains("**At risk or off track** (1)\n- Raise CSAT to 8.5 (at risk)\n"));
    assert!(md.contains("**Done** (1)\n- Quiet goal\n"));
    assert!(
        md.contains("Held: 1.\n- Hannah on 24 Nov\n"),
        "the one of 20 Nov is the week before"
    );
    assert!(md.contains("Overdue now: 1.\n- Kwame, 16 days\n"));
    assert!(md.contains("1 recognition, 0 corrective, 0 from peers."));
    assert!(md.contains("Open now: 1.\n- 1:1 rhythm: p2\n"));
    assert!(md.contains("Handled this week: 1.\n- Out of rhythm (dismissed): On leave\n"));
    assert!(md.contains("- Zero-backlog week (28 Nov)\n"));
}

#[test]
fn the_agenda_holds_open_follow_ups_and_reviews_still_to_hold() {
    use crate::domain::cadence::calendar_ics;
    use crate::domain::improvement::Plan;
    let mut f = Feedback::new(FeedbackKind::Corrective, "p1", d(11, 20));
    f.corrective = Some(Corrective {
        expectation: "the recap within a day".into(),
        follow_up: Some(d(11, 28)),
        ..Corrective::default()
    });
    let mut held = f.clone();
    held.corrective.as_mut().unwrap().followed_up = Some(d(11, 28));
    let plan = Plan::new("p1", d(11, 2), 60); // reviews 16 Nov, 30 Nov, 14 Dec, 28 Dec, 1 Jan
    let events = agenda(
        &[("f1", "Daniel", &f), ("f2", "Daniel", &held)],
        &[("pl", "Daniel", &plan, 2)],
        today(),
    );
    let lines: Vec<String> = events
        .iter()
        .map(|e| format!("{} {} {}", e.day, e.uid, e.summary))
        .collect();
    assert_eq!(
        lines,
        vec![
            "2026-12-01 follow-up-f1 Follow up with Daniel".to_string(),
            "2026-12-14 plan-pl-3 Improvement plan review with Daniel".to_string(),
            "2026-12-28 plan-pl-4 Improvement plan review with Daniel".to_string(),
            "2027-01-01 plan-pl-5 Improvement plan review with Daniel".to_string(),
        ],
        "the overdue follow-up today; the held one and the two reviews held are left out"
    );
    let ics = calendar_ics(
        "Follow-ups and reviews",
        &events,
        "2026-12-01T09:00:00Z".parse().unwrap(),
    );
    assert!(ics.starts_with(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Trellis//Follow-ups and reviews//EN\r\n"
    ));
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 4);
    assert!(ics.contains("UID:plan-pl-3-20261214@trellis\r\n"));
}

#[test]
fn home_reads_one_of_each_rule_before_a_second_of_any() {
    let all = vec![
        warning(Rule::ProjectedMiss, "a", "g1"),
        warning(Rule::ProjectedMiss, "b", "g2"),
        warning(Rule::ProjectedMiss, "c", "g3"),
        warning(Rule::NoRecognition, "d", "d"),
        warning(Rule::Rhythm, "e", "e"),
    ];
    let (s, _) = shown(all, &[], today());
    let order: Vec<&str> = s.iter().map(|w| w.subject.as_str()).collect();
    assert_eq!(order, vec!["e", "g1", "d", "g2", "g3"]);
}
