//! Trends, pattern analysis and the monthly report, on crafted data.
use super::patterns::{
    barriers, done_on, outcome, success_factors, FactorInputs, Outcome, MIN_CASES,
};
use super::report::{monthly_markdown, PersonMonth};
use super::trends::{
    balance, confidence, goal_as_of, goal_status, indicator, on_time, weeks, Style,
};
use crate::domain::checkin::{CheckIn, GoalTouch, Obstacle};
use crate::domain::dates::Date;
use crate::domain::feedback::{Celebration, Feedback, FeedbackKind};
use crate::domain::goal::{Goal, ManualStatus, Measure, Status};
use crate::domain::indicators::Indicator;
use crate::domain::person::{Cadence, Person};
use crate::domain::review::MonthSummary;
use crate::domain::self_report::SelfReport;

fn d(m: u32, day: u32) -> Date {
    Date::from_ymd(2026, m, day).unwrap()
}
/// Tuesday 1 December 2026.
fn today() -> Date {
    d(12, 1)
}

fn measured(owner: &str, start: Date, due: Date, readings: &[(Date, f64)]) -> Goal {
    Goal {
        title: format!("Goal of {owner} due {due:?}"),
        owner: owner.into(),
        start: Some(start),
        due: Some(due),
        measure: Some(Measure {
            unit: "calls".into(),
            start: 0.0,
            target: 100.0,
            current: readings.last().map_or(0.0, |r| r.1),
            ..Measure::default()
        }),
        updates: super::tests::updates(readings),
        ..Goal::default()
    }
}

#[test]
fn twelve_weeks_end_today_each_read_on_its_sunday() {
    let w = weeks(today());
    assert_eq!(w.len(), 12);
    assert_eq!(w[11], (d(11, 30), today()), "this week is read today");
    assert_eq!(w[10], (d(11, 23), d(11, 29)));
    assert_eq!(w[0].0, d(9, 14));
}

#[test]
fn a_goal_as_of_a_day_has_only_what_was_recorded_by_then() {
    let g = measured(
        "p1",
        d(10, 1),
        d(12, 31),
        &[(d(10, 15), 20.0), (d(11, 20), 60.0)],
    );
    assert_eq!(goal_as_of(&g, d(10, 1), d(9, 30)), None, "not added yet");
    assert!(
        goal_as_of(&g, d(11, 25), d(10, 20)).is_some(),
        "added later, but updated by then"
    );
    let then = goal_as_of(&g, d(10, 1), d(11, 1)).unwrap();
    assert_eq!(then.measure.unwrap().current, 20.0);
    assert_eq!(then.updates.len(), 1);
    let before = goal_as_of(&g, d(10, 1), d(10, 10)).unwrap();
    assert_eq!(
        before.measure.unwrap().current,
        0.0,
        "before the first reading: the start"
    );
    let mut by_hand = g.clone();
    by_hand.status = Some(ManualStatus {
        status: Status::AtRisk,
        reason: "x".into(),
    });
    assert!(
        goal_as_of(&by_hand, d(10, 1), d(11, 1))
            .unwrap()
            .status
            .is_none(),
        "set after then"
    );
    assert!(goal_as_of(&by_hand, d(10, 1), today())
        .unwrap()
        .status
        .is_some());
    let mut archived = g.clone();
    archived.archived = true;
    archived.due = Some(d(11, 15));
    assert!(
        goal_as_of(&archived, d(10, 1), d(11, 20)).is_none(),
        "archived: gone after its deadline"
    );
    assert!(
        !goal_as_of(&archived, d(10, 1), d(11, 1)).unwrap().archived,
        "in play before it"
    );
}

#[test]
fn goals_by_status_count_each_week_and_the_change_since_last_week() {
    // Reaches its target this week: on track last week, done now.
    let a = measured(
        "p1",
        d(9, 1),
        d(12, 31),
        &[(d(10, 1), 30.0), (d(11, 20), 80.0), (d(11, 30), 100.0)],
    );
    // Behind pace all along.
    let b = measured("p2", d(9, 1), d(12, 31), &[(d(10, 1), 1.0)]);
    let goals = vec![("a", &a, d(9, 1)), ("b", &b, d(9, 1))];
    let charts = goal_status(&goals, None, today());
    assert_eq!(charts.len(), 1, "only the operational level has goals");
    let (chart, change) = &charts[0];
    assert_eq!(chart.style, Style::Stacked);
    assert_eq!(chart.key, "goals-operational");
    let get = |s: Status| change.iter().find(|c| c.0 == s).copied().unwrap();
    assert_eq!(get(Status::Done), (Status::Done, 1, 1));
    assert_eq!(get(Status::OnTrack).2, -1);
    assert_eq!(get(Status::OffTrack).1, 1);
    assert!(chart.summary.contains("done 1 (+1)"), "{}", chart.summary);
    let mine = goal_status(&goals, Some("p2"), today());
    let done_now = mine[0].0.series.iter().find(|s| s.name == "Done").unwrap();
    assert_eq!(done_now.values[11], Some(0.0), "p2's goals only");
}

fn person(name: &str) -> Person {
    Person::named(name)
}

#[test]
fn one_to_ones_on_time_over_ninety_days_week_by_week() {
    let p = person("Ana");
    let mut cs: Vec<CheckIn> = (0..30)
        .map(|k| CheckIn::held("p1", d(5, 4).add_days(7 * k), ""))
        .collect();
    // Nothing in the last five weeks.
    cs.retain(|c| c.held_on < d(10, 26));
    let refs: Vec<&CheckIn> = cs.iter().collect();
    let people = vec![("p1", &p, d(1, 1))];
    let chart = on_time(&people, &refs, None, today());
    let v: Vec<f64> = chart.series[0].values.iter().map(|x| x.unwrap()).collect();
    assert!(v[0] > 90.0, "weekly and on time twelve weeks ago: {v:?}");
    assert!(v[11] < v[0], "falls once they stop: {v:?}");
    assert!(
        chart.summary.contains("of 12 expected"),
        "{}",
        chart.summary
    );
    let other = on_time(&people, &refs, Some("p9"), today());
    assert!(other.is_empty(), "nobody else is expected");
}

#[test]
fn balance_counts_recognition_and_wins_against_corrective_each_week() {
    let f = |k, p: &str, on| Feedback::new(k, p, on);
    let fb = [
        f(FeedbackKind::Recognition, "p1", d(11, 30)),
        f(FeedbackKind::Corrective, "p1", d(12, 1)),
        f(FeedbackKind::Corrective, "p2", d(11, 24)),
        f(FeedbackKind::Recognition, "p1", d(6, 1)),
    ];
    let win = Celebration {
        title: "Launch".into(),
        on: d(11, 25),
        goals: vec![],
        contributors: vec!["p1".into()],
        story: "s".into(),
        what_worked: vec![],
    };
    let refs: Vec<&Feedback> = fb.iter().collect();
    let team = balance(&refs, &[&win], None, today());
    assert_eq!(team.series[0].values[11], Some(1.0));
    assert_eq!(team.series[1].values[11], Some(1.0));
    assert_eq!(team.series[0].values[10], Some(1.0), "the win");
    assert_eq!(team.series[1].values[10], Some(1.0));
    assert!(
        team.summary.starts_with("2 recognition and 2 corrective"),
        "{}",
        team.summary
    );
    let p2 = balance(&refs, &[&win], Some("p2"), today());
    assert_eq!(p2.series[0].values.iter().flatten().sum::<f64>(), 0.0);
    assert!(
        p2.summary.contains("0 recognition and 1 corrective"),
        "{}",
        p2.summary
    );
}

#[test]
fn confidence_is_averaged_per_week_and_gaps_stay_empty() {
    let r = |p: &str, w: Date, c| SelfReport {
        person: p.into(),
        week: w,
        confidence: Some(c),
        ..SelfReport::default()
    };
    let rs = [
        r("p1", d(11, 30), 4),
        r("p2", d(11, 30), 2),
        r("p1", d(11, 16), 5),
    ];
    let refs: Vec<&SelfReport> = rs.iter().collect();
    let c = confidence(&refs, None, today());
    assert_eq!(c.series[0].values[11], Some(3.0));
    assert_eq!(c.series[0].values[10], None);
    assert_eq!(c.series[0].values[9], Some(5.0));
    assert!(
        c.summary.contains("3 of 5") && c.summary.contains("3 reports"),
        "{}",
        c.summary
    );
    assert_eq!(
        confidence(&refs, Some("p2"), today()).series[0].values[11],
        Some(2.0)
    );
}

#[test]
fn an_indicator_chart_keeps_each_weeks_latest_reading_and_the_target() {
    let ind = Indicator {
        name: "Calls".into(),
        unit: "calls".into(),
        target: Some(40.0),
        ..Indicator::default()
    };
    let readings: Vec<crate::domain::indicators::Reading> =
        [(d(11, 2), 30.0), (d(11, 5), 33.0), (d(11, 30), 41.0)]
            .iter()
            .map(|(on, v)| crate::domain::indicators::Reading {
                on: *on,
                value: *v,
                note: String::new(),
                by_self: false,
            })
            .collect();
    let c = indicator("i1", &ind, &readings, today());
    assert_eq!(c.series[0].values[7], Some(33.0), "the week of 2 November");
    assert_eq!(c.series[0].values[8], None);
    assert_eq!(c.series[0].values[11], Some(41.0));
    assert_eq!(c.target, Some(40.0));
    assert!(
        c.summary.contains("3 readings") && c.summary.contains("target of 40 calls"),
        "{}",
        c.summary
    );
}

#[test]
fn a_goal_is_done_when_it_first_reached_its_target() {
    let g = measured(
        "p1",
        d(6, 1),
        d(9, 30),
        &[(d(7, 1), 50.0), (d(9, 1), 100.0), (d(9, 20), 100.0)],
    );
    assert_eq!(done_on(&g), Some(d(9, 1)));
    assert_eq!(outcome(&g, today()), Some(Outcome::OnTime));
    let late = measured("p1", d(6, 1), d(8, 30), &[(d(9, 1), 100.0)]);
    assert_eq!(outcome(&late, today()), Some(Outcome::Late));
    let missed = measured("p1", d(6, 1), d(8, 30), &[(d(8, 1), 40.0)]);
    assert_eq!(
        outcome(&missed, today()),
        Some(Outcome::Late),
        "past due and not done"
    );
    let ahead = measured("p1", d(6, 1), d(12, 30), &[(d(8, 1), 40.0)]);
    assert_eq!(outcome(&ahead, today()), None, "still running");
    let mut dropped = missed.clone();
    dropped.status = Some(ManualStatus {
        status: Status::Dropped,
        reason: "r".into(),
    });
    assert_eq!(outcome(&dropped, today()), None);
}

#[test]
fn success_factors_compare_only_with_enough_cases_on_each_side() {
    // Four goals of a person with weekly 1:1s: all on time. Three of a person never met: late.
    let (p1, p2) = (person("Ana"), person("Ben"));
    let cs: Vec<CheckIn> = (0..40)
        .map(|k| CheckIn::held("p1", d(3, 2).add_days(7 * k), ""))
        .collect();
    let mut goals: Vec<(String, Goal)> = vec![];
    for k in 0..4 {
        goals.push((
            format!("a{k}"),
            measured("p1", d(6, 1), d(9, 30), &[(d(9, 1), 100.0)]),
        ));
    }
    for k in 0..3 {
        goals.push((
            format!("b{k}"),
            measured("p2", d(6, 1), d(9, 30), &[(d(9, 1), 50.0)]),
        ));
    }
    let refs: Vec<&CheckIn> = cs.iter().collect();
    let inputs = FactorInputs {
        goals: goals.iter().map(|(id, g)| (id.as_str(), g)).collect(),
        people: vec![("p1", &p1, d(1, 1)), ("p2", &p2, d(1, 1))],
        check_ins: refs.clone(),
        wins: vec![],
    };
    let (finished, factors) = success_factors(&inputs, today());
    assert_eq!(finished, 7);
    let regular = &factors[0];
    assert!(
        regular.name.starts_with("Regular 1:1s"),
        "the strongest first: {}",
        regular.name
    );
    assert!(regular.enough);
    assert_eq!((regular.with, regular.without), ((4, 4), (0, 3)));
    assert!(
        regular.finding.contains("4 of 4 (100 %)")
            && regular.finding.contains("more often on time"),
        "{}",
        regular.finding
    );
    let linked = factors
        .iter()
        .find(|f| f.name == "Linked to an indicator")
        .unwrap();
    assert!(!linked.enough, "no goal is linked: nothing on one side");
    assert!(
        linked.finding.starts_with("Not enough cases yet")
            && linked.finding.contains(&MIN_CASES.to_string()),
        "{}",
        linked.finding
    );
}

#[test]
fn barriers_group_obstacles_across_people_with_counts_and_goals() {
    let mut cs = vec![];
    for (p, on, text) in [
        ("p1", d(11, 2), "Waiting on the CI pipeline"),
        ("p2", d(11, 9), "CI pipeline is slow again"),
        ("p1", d(11, 16), "The pipeline for CI broke"),
        ("p3", d(11, 23), "Customer interviews cancelled"),
    ] {
        let mut c = CheckIn::held(p, on, "");
        c.obstacles = vec![Obstacle {
            text: text.into(),
            ..Obstacle::default()
        }];
        c.goal_updates = vec![GoalTouch {
            goal: format!("g-{p}"),
            text: String::new(),
        }];
        cs.push(c);
    }
    let refs: Vec<&CheckIn> = cs.iter().collect();
    let mut read = measured("p3", d(11, 1), d(11, 30), &[(d(11, 23), 5.0)]);
    read.title = "Read on the day".into();
    let mine = [("g-read", &read)];
    let b = barriers(&refs, &mine, d(10, 1));
    assert_eq!(b.len(), 2);
    assert_eq!(b[0].count, 3, "the most common first");
    assert_eq!(b[0].people, vec!["p1".to_string(), "p2".into()]);
    assert_eq!(b[0].goals, vec!["g-p1".to_string(), "g-p2".into()]);
    assert_eq!(b[0].last, d(11, 16));
    assert!(
        b[0].finding.contains("3 times by 2 people"),
        "{}",
        b[0].finding
    );
    assert!(
        b[1].finding.contains("not yet a pattern"),
        "{}",
        b[1].finding
    );
    assert!(
        barriers(&refs, &mine, d(11, 20))
            .iter()
            .all(|x| x.count == 1),
        "only since the day given"
    );
}

#[test]
fn the_monthly_report_keeps_to_its_month() {
    let summary = MonthSummary {
        check_ins: 3,
        ..MonthSummary::default()
    };
    let fb = [
        Feedback::new(FeedbackKind::Recognition, "p1", d(11, 10)),
        Feedback::new(FeedbackKind::Corrective, "p1", d(10, 10)),
    ];
    let m = PersonMonth {
        name: "Ana",
        first: d(11, 1),
        last: d(11, 30),
        summary: &summary,
        on_time: (10, 12),
        feedback: fb.iter().collect(),
        wins: vec![],
        confidence: vec![(d(11, 2), 4), (d(10, 26), 2)],
        obstacles: vec!["Flaky tests".into()],
        warnings: vec![],
    };
    let md = monthly_markdown(&m);
    assert!(md.starts_with("# Monthly report: Ana, "), "{md}");
    assert!(md.contains("3 check-ins held"), "{md}");
    assert!(md.contains("10 of 12 expected"), "{md}");
    assert!(
        md.contains("1 recognition, 0 corrective"),
        "October's corrective is not November's: {md}"
    );
    assert!(
        md.contains("Confidence, 1 to 5: 4 (week of") && !md.contains("2 (week of"),
        "{md}"
    );
    assert!(md.contains("- Flaky tests"), "{md}");
}

#[test]
fn reminders_name_what_is_due_today_or_late_and_count_the_rest() {
    use super::{reminders, NOTIFY_MAX};
    use crate::domain::cadence::{Due, DueEntry};
    let entry = |name: &str, state| DueEntry {
        person: name.into(),
        name: name.into(),
        cadence: Cadence::Weekly,
        due: today(),
        state,
        running: false,
    };
    let due = vec![
        entry("Ana", Due::Overdue(3)),
        entry("Ben", Due::Today),
        entry("Caro", Due::Later(2)),
    ];
    let follow = vec![("Ben".to_string(), today()), ("Dee".to_string(), d(12, 8))];
    assert_eq!(
        reminders(&due, &follow, today()),
        vec![
            "1:1 with Ana is 3 days overdue.".to_string(),
            "1:1 with Ben is due today.".into(),
            "Follow-up with Ben is due today.".into(),
        ]
    );
    let many: Vec<DueEntry> = (0..6)
        .map(|k| entry(&format!("P{k}"), Due::Today))
        .collect();
    let r = reminders(&many, &[], today());
    assert_eq!(r.len(), NOTIFY_MAX);
    assert_eq!(r[NOTIFY_MAX - 1], "And 3 more on Home.");
    let mut running = entry("Eve", Due::Today);
    running.running = true;
    assert!(
        reminders(&[running], &[], today()).is_empty(),
        "a 1:1 under way is not a reminder"
    );
}
