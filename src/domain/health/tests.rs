//! The three tiers on crafted data.
use super::*;
use crate::domain::feedback::Corrective;
use crate::domain::goal::Measure as GoalMeasure;

fn d(m: u32, day: u32) -> Date {
    Date::from_ymd(2026, m, day).unwrap()
}
fn today() -> Date {
    d(12, 1)
}
fn person(name: &str) -> Person {
    Person::named(name)
}
fn goal(level: GoalLevel, parent: Option<&str>) -> Goal {
    Goal {
        title: "g".into(),
        level,
        aligned_to: parent.map(String::from),
        ..Goal::default()
    }
}
fn empty<'a>(people: Vec<(&'a str, &'a Person, Date)>) -> Inputs<'a> {
    Inputs {
        goals: vec![],
        people,
        check_ins: vec![],
        reviews: vec![],
        feedback: vec![],
        wins: vec![],
        reports: vec![],
        ratings: vec![],
        assessments: vec![],
        stretches: vec![],
        charter: None,
        acks: vec![],
    }
}
fn find<'a>(all: &'a [Measure], key: &str) -> &'a Measure {
    all.iter().find(|m| m.key == key).unwrap()
}

#[test]
fn alignment_counts_lower_goals_with_a_live_parent_and_strategic_goals_that_roll_up() {
    let (a, b) = (person("Ana"), person("Ben"));
    let s1 = Goal {
        measure: Some(GoalMeasure {
            start: 0.0,
            target: 10.0,
            ..GoalMeasure::default()
        }),
        ..goal(GoalLevel::Strategic, None)
    };
    let s2 = goal(GoalLevel::Strategic, None);
    let t = goal(GoalLevel::Tactical, Some("s1"));
    let o = goal(GoalLevel::Operational, Some("t"));
    let loose = goal(GoalLevel::Operational, None);
    let orphan = goal(GoalLevel::Operational, Some("gone"));
    let mut i = empty(vec![("a", &a, d(1, 1)), ("b", &b, d(1, 1))]);
    i.goals = vec![
        ("s1", &s1, d(1, 1)),
        ("s2", &s2, d(1, 1)),
        ("t", &t, d(1, 1)),
        ("o", &o, d(1, 1)),
        ("loose", &loose, d(1, 1)),
        ("orphan", &orphan, d(1, 1)),
    ];
    let m = measures(&i, today());
    let aligned = find(&m, "aligned");
    assert_eq!(
        aligned.value,
        Some(0.5),
        "2 of 4: one has no parent, one a parent that is gone"
    );
    assert_eq!(aligned.state(), Some(State::Weak));
    assert_eq!(aligned.detail, "2 of 4 tactical and operational goals");
    assert_eq!(
        find(&m, "strategic_measured").value,
        Some(0.5),
        "s2 measures nothing and has nothing under it"
    );
    assert_eq!(find(&m, "rolled_up").value, Some(0.5));
    assert_eq!(
        find(&m, "critical_skills").value,
        None,
        "no goal names a skill"
    );
    assert!(find(&m, "critical_skills")
        .detail
        .starts_with("No goal names"));
    // Before the goals were added, there is nothing to measure.
    i.goals.iter_mut().for_each(|g| g.2 = d(12, 1));
    assert_eq!(find(&measures(&i, d(11, 1)), "aligned").value, None);
}

#[test]
fn operational_measures_read_rhythm_reviews_follow_ups_and_ratings() {
    let (a, b) = (person("Ana"), person("Ben"));
    let mut i = empty(vec![("a", &a, d(1, 1)), ("b", &b, d(1, 1))]);
    let cs: Vec<CheckIn> = (0..14)
        .map(|k| CheckIn::held("a", d(9, 1).add_days(7 * k), ""))
        .collect();
    i.check_ins = cs.iter().collect();
    let mut review = MonthlyReview::start(
        "a",
        d(12, 1),
        crate::domain::dates::Timestamp::from_millis(0).unwrap(),
    );
    review.month = d(11, 1);
    review.held_on = d(11, 30);
    review.run = Default::default();
    i.reviews = vec![&review];
    let corrective = |due: Date, done: Option<Date>| {
        let mut f = Feedback::new(FeedbackKind::Corrective, "b", d(9, 1));
        f.corrective = Some(Corrective {
            follow_up: Some(due),
            followed_up: done,
            ..Corrective::default()
        });
        f
    };
    let fb = [
        corrective(d(10, 1), Some(d(10, 2))),
        corrective(d(11, 1), Some(d(11, 10))),
        corrective(d(11, 20), None),
        corrective(d(12, 20), None),
    ];
    i.feedback = fb.iter().collect();
    let rating = Rating {
        person: "a".into(),
        item: "x".into(),
        level: None,
        on: d(10, 1),
        note: String::new(),
        by_self: false,
    };
    let own = Rating {
        person: "b".into(),
        by_self: true,
        ..rating.clone()
    };
    i.ratings = vec![&rating, &own];
    let m = measures(&i, today());
    let on_time = find(&m, "on_time");
    assert!(
        on_time.value.unwrap() < 0.6,
        "Ben was never met: {:?}",
        on_time
    );
    assert_eq!(find(&m, "reviews").value, Some(0.5));
    let f = find(&m, "follow_ups");
    assert_eq!(
        f.value,
        Some(1.0 / 3.0),
        "one on time, one late, one open; the December one not due"
    );
    assert_eq!(f.detail, "1 of 3 follow-ups due were held on time");
    assert_eq!(
        find(&m, "ratings").value,
        Some(0.5),
        "a self-rating is not the manager's"
    );
}

#[test]
fn culture_measures_read_recognition_peers_wins_charter_confidence_and_stretch() {
    let (a, b) = (person("Ana"), person("Ben"));
    let mut i = empty(vec![("a", &a, d(1, 1)), ("b", &b, d(1, 1))]);
    let praise = Feedback::new(FeedbackKind::Recognition, "a", d(11, 20));
    let old = Feedback::new(FeedbackKind::Recognition, "b", d(6, 1));
    let peer = Feedback::new(FeedbackKind::Peer, "b", d(11, 25));
    i.feedback = vec![&praise, &old, &peer];
    let win = Celebration {
        title: "w".into(),
        on: d(11, 2),
        goals: vec![],
        contributors: vec![],
        story: "s".into(),
        what_worked: vec![],
    };
    i.wins = vec![&win];
    let charter = CharterVersion::template(d(10, 1));
    let ack = Acknowledgement {
        person: "a".into(),
        version: charter.number,
        fingerprint: charter.fingerprint(),
        on: d(10, 2),
    };
    i.charter = Some(&charter);
    i.acks = vec![&ack];
    let report = SelfReport {
        person: "a".into(),
        week: d(11, 23),
        confidence: Some(4),
        ..SelfReport::default()
    };
    i.reports = vec![&report];
    let m = measures(&i, today());
    assert_eq!(
        find(&m, "recognition").value,
        Some(0.5),
        "Ben's was in June"
    );
    assert_eq!(find(&m, "peer").value, Some(0.5));
    assert_eq!(find(&m, "wins").value, Some(1.0 / 3.0));
    assert_eq!(find(&m, "charter").value, Some(0.5));
    assert_eq!(find(&m, "confidence").value, Some(0.8));
    assert_eq!(find(&m, "stretch").value, Some(0.0));
    assert_eq!(find(&m, "stretch").state(), Some(State::Weak));
}

#[test]
fn a_tier_scores_each_measure_against_its_healthy_line_and_the_weakest_is_named() {
    let m = |key, tier, value: Option<f64>, healthy_at| Measure {
        key,
        tier,
        name: key,
        value,
        healthy_at,
        watch_at: healthy_at / 2.0,
        detail: String::new(),
    };
    let all = vec![
        m("a", Tier::Culture, Some(0.5), 0.5),
        m("b", Tier::Culture, Some(0.25), 0.5),
        m("c", Tier::Culture, None, 0.5),
        m("d", Tier::Operational, Some(0.9), 1.0),
    ];
    assert_eq!(
        score(&all, Tier::Culture),
        Some(75),
        "100 and 50; the unmeasured one left out"
    );
    assert_eq!(score(&all, Tier::Strategic), None);
    assert_eq!(score_state(75), State::Watch);
    assert_eq!(score_state(HEALTHY_SCORE), State::Healthy);
    assert_eq!(
        weakest(&all).unwrap().key,
        "b",
        "half its healthy line is the furthest below"
    );
    assert!(weakest(&all[..1]).is_none(), "all healthy");
    assert_eq!(all[1].thresholds(), "Healthy from 50 %, watch from 25 %.");
}

#[test]
fn quarters_end_on_their_last_day() {
    assert_eq!(
        quarter_ends(today(), 3),
        vec![d(3, 31), d(6, 30), d(9, 30), today()]
    );
}

#[test]
fn the_demo_has_every_tier_measured_and_one_clear_weakest_measure() {
    let today = Date::from_ymd(2026, 11, 26).unwrap();
    let mut n = 0;
    let demo = crate::domain::demo::demo_team(today, &mut || {
        n += 1;
        format!("id{n}")
    });
    let since = today.add_days(-120);
    let i = Inputs {
        goals: demo
            .goals
            .iter()
            .map(|(id, g)| (id.as_str(), g, since))
            .collect(),
        people: demo
            .people
            .iter()
            .map(|(id, p)| (id.as_str(), p, p.start_date.map_or(since, |s| s.max(since))))
            .collect(),
        check_ins: demo.check_ins.iter().map(|(_, c)| c).collect(),
        reviews: demo.reviews.iter().map(|(_, r)| r).collect(),
        feedback: demo.feedback.iter().map(|(_, f)| f).collect(),
        wins: demo.celebrations.iter().map(|(_, w)| w).collect(),
        reports: demo.self_reports.iter().map(|(_, r)| r).collect(),
        ratings: demo.ratings.iter().map(|(_, r)| r).collect(),
        assessments: demo.assessments.iter().map(|(_, a)| a).collect(),
        stretches: demo.stretches.iter().map(|(_, s)| s).collect(),
        charter: demo.charter.iter().map(|(_, c)| c).max_by_key(|c| c.number),
        acks: demo.acks.iter().map(|(_, a)| a).collect(),
    };
    let m = measures(&i, today);
    assert_eq!(
        score(&m, Tier::Strategic),
        Some(100),
        "every goal aligned and rolled up"
    );
    assert_eq!(score(&m, Tier::Operational), Some(87));
    assert_eq!(score(&m, Tier::Culture), Some(82));
    assert_eq!(
        find(&m, "on_time").detail,
        "52 of 60 expected 1:1s held on time"
    );
    assert_eq!(
        find(&m, "ratings").state(),
        Some(State::Weak),
        "half the team rated in six months"
    );
    let w = weakest(&m).unwrap();
    assert_eq!(
        (w.key, w.detail.as_str()),
        ("charter", "3 of 6 people acknowledged version 3")
    );
}
