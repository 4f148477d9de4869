//! Goal rules: measures, periods, roll-up, pace, links, closing a period.
use super::*;

fn d(y: i32, m: u32, day: u32) -> Date {
    Date::from_ymd(y, m, day).unwrap()
}

fn measured(level: GoalLevel, start: f64, target: f64, current: f64) -> Goal {
    Goal {
        title: "A goal".into(),
        level,
        measure: Some(Measure {
            unit: "points".into(),
            start,
            target,
            current,
            direction: if target < start {
                Direction::Down
            } else {
                Direction::Up
            },
        }),
        ..Goal::default()
    }
}

fn child(parent: &str, weight: Option<u8>, progress: Option<(f64, f64, f64)>) -> Goal {
    let mut g = match progress {
        Some((s, t, c)) => measured(GoalLevel::Tactical, s, t, c),
        None => Goal {
            title: "Unmeasured".into(),
            level: GoalLevel::Tactical,
            ..Goal::default()
        },
    };
    g.aligned_to = Some(parent.into());
    g.weight = weight;
    g
}

fn parent() -> Goal {
    Goal {
        title: "Raise retention".into(),
        level: GoalLevel::Strategic,
        ..Goal::default()
    }
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn measure_progress_up_and_down() {
    // (start, target, current, expected share)
    let cases = [
        (7.2, 8.5, 7.2, 0.0),
        (7.2, 8.5, 7.85, 0.5),
        (7.2, 8.5, 8.5, 1.0),
        (7.2, 8.5, 9.0, 1.0), // beyond target: capped
        (7.2, 8.5, 6.0, 0.0), // wrong way: not negative
        (4.0, 1.0, 2.5, 0.5), // response hours going down
        (4.0, 1.0, 5.0, 0.0), // got worse
        (40.0, 0.0, 10.0, 0.75),
    ];
    for (s, t, c, want) in cases {
        let p = measured(GoalLevel::Tactical, s, t, c).own_progress();
        assert!(close(p, want), "{s}->{t} at {c}: {p:?}, want {want}");
    }
}

#[test]
fn numbers_read_as_typed_and_print_short() {
    let cases = [
        ("7.2", 7.2),
        ("1,250", 1250.0),
        ("85 %", 85.0),
        ("-3", -3.0),
        (" 0.05 ", 0.05),
    ];
    for (text, want) in cases {
        assert_eq!(parse_number(text), Some(want), "{text}");
    }
    for bad in ["", "abc", "7.2.1", "inf", "NaN"] {
        assert_eq!(parse_number(bad), None, "{bad}");
    }
    let shown = [
        (7.2, "7.2"),
        (8.5, "8.5"),
        (1250.0, "1250"),
        (-0.5, "-0.5"),
        (2.345, "2.35"),
        (0.05, "0.05"),
        (-12.0, "-12"),
        (99.999, "100"),
    ];
    for (x, want) in shown {
        assert_eq!(format_number(x), want, "{x}");
    }
}

#[test]
fn small_sort_is_stable() {
    let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
    sort_small(&mut v, |a, b| a.0 < b.0);
    assert_eq!(v, vec![(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]);
    let mut empty: Vec<u8> = vec![];
    sort_small(&mut empty, |a, b| a < b);
    assert!(empty.is_empty());
}

#[test]
fn milestones_and_direct_progress() {
    let mut g = Goal {
        title: "Launch the academy".into(),
        milestones: vec![
            Milestone {
                title: "Outline".into(),
                due: Some(d(2026, 2, 1)),
                done_on: Some(d(2026, 1, 30)),
            },
            Milestone {
                title: "Pilot".into(),
                due: Some(d(2026, 3, 1)),
                done_on: None,
            },
            Milestone {
                title: "Launch".into(),
                due: Some(d(2026, 4, 1)),
                done_on: None,
            },
            Milestone {
                title: "Review".into(),
                due: None,
                done_on: Some(d(2026, 2, 10)),
            },
        ],
        ..Goal::default()
    };
    assert!(close(g.own_progress(), 0.5));
    g.milestones.clear();
    assert_eq!(g.own_progress(), None);
    g.progress = 0.4;
    assert!(close(g.own_progress(), 0.4));
}

#[test]
fn periods_parse_label_and_step() {
    let cases = [
        ("2026", "2026", d(2026, 1, 1), d(2026, 12, 31), "2027"),
        (
            "2026-Q4",
            "Q4 2026",
            d(2026, 10, 1),
            d(2026, 12, 31),
            "2027-Q1",
        ),
        (
            "2026-Q1",
            "Q1 2026",
            d(2026, 1, 1),
            d(2026, 3, 31),
            "2026-Q2",
        ),
        (
            "2024-02",
            "February 2024",
            d(2024, 2, 1),
            d(2024, 2, 29),
            "2024-03",
        ),
        (
            "2026-12",
            "December 2026",
            d(2026, 12, 1),
            d(2026, 12, 31),
            "2027-01",
        ),
        (
            "2026-W48",
            "Week 48, 2026",
            d(2026, 11, 23),
            d(2026, 11, 29),
            "2026-W49",
        ),
        (
            "2026-W53",
            "Week 53, 2026",
            d(2026, 12, 28),
            d(2027, 1, 3),
            "2027-W01",
        ),
    ];
    for (key, label, start, end, next) in cases {
        let p = Period::parse(key).unwrap_or_else(|| panic!("{key} parses"));
        assert_eq!(p.key(), key);
        assert_eq!(p.label(), label);
        assert_eq!((p.start(), p.end()), (start, end), "{key}");
        assert_eq!(p.next().key(), next, "{key}");
    }
    for bad in [
        "",
        "26",
        "2026-Q5",
        "2026-13",
        "2026-00",
        "2025-W53",
        "Q4",
        "2026-Qx",
        "next year",
    ] {
        assert_eq!(Period::parse(bad), None, "{bad}");
    }
    assert_eq!(
        GoalLevel::Tactical.period_on(d(2026, 11, 26)).key(),
        "2026-Q4"
    );
    assert_eq!(
        GoalLevel::Operational.period_on(d(2026, 11, 26)).key(),
        "2026-11"
    );
    assert_eq!(Period::week_of(d(2026, 11, 26)).key(), "2026-W48");
}

#[test]
fn roll_up_by_weight() {
    let p = parent();
    // 60 % weight at half way, 40 % weight done: 0.6*0.5 + 0.4*1.0 = 0.7
    let a = child("p", Some(60), Some((0.0, 10.0, 5.0)));
    let b = child("p", Some(40), Some((0.0, 4.0, 4.0)));
    let set = GoalSet::new([("p", &p), ("a", &a), ("b", &b)]);
    let r = progress("p", &set);
    assert_eq!(r.source, ProgressSource::Children);
    assert!(close(r.value, 0.7), "{r:?}");
    assert!(r.notes.is_empty());
}

#[test]
fn roll_up_shares_unset_weights_and_scales_short_sums() {
    assert_eq!(
        effective_weights(&[Some(50), None, None]),
        vec![50.0, 25.0, 25.0]
    );
    assert_eq!(effective_weights(&[None, None]), vec![50.0, 50.0]);
    assert_eq!(effective_weights(&[Some(30), Some(30)]), vec![50.0, 50.0]);
    assert_eq!(effective_weights(&[Some(0), Some(0)]), vec![50.0, 50.0]);
    assert_eq!(effective_weights(&[Some(100), None]), vec![100.0, 0.0]);
    let p = parent();
    let a = child("p", Some(30), Some((0.0, 10.0, 10.0)));
    let b = child("p", Some(30), Some((0.0, 10.0, 0.0)));
    let set = GoalSet::new([("p", &p), ("a", &a), ("b", &b)]);
    let r = progress("p", &set);
    assert!(close(r.value, 0.5));
    assert_eq!(
        r.notes,
        vec![
            "Weights of the aligned goals add up to 60 %; the roll-up scales them to 100 %."
                .to_string()
        ]
    );
}

#[test]
fn roll_up_counts_unmeasured_children_as_zero_and_skips_dropped() {
    let p = parent();
    let a = child("p", None, Some((0.0, 10.0, 10.0)));
    let b = child("p", None, None);
    let mut dropped = child("p", None, Some((0.0, 10.0, 0.0)));
    dropped.status = Some(ManualStatus {
        status: Status::Dropped,
        reason: "Merged".into(),
    });
    let set = GoalSet::new([("p", &p), ("a", &a), ("b", &b), ("x", &dropped)]);
    let r = progress("p", &set);
    assert!(close(r.value, 0.5), "{r:?}");
    assert_eq!(
        r.notes,
        vec!["1 of 2 aligned goals measure nothing yet and count as 0 %.".to_string()]
    );
}

#[test]
fn roll_up_through_three_levels_with_decreasing_measure() {
    let s = parent();
    let mut t = child("s", None, None);
    t.level = GoalLevel::Tactical;
    // Response time 4h -> 1h, now 2.5h: half way.
    let mut o1 = child("t", Some(50), Some((4.0, 1.0, 2.5)));
    o1.level = GoalLevel::Operational;
    let mut o2 = child("t", Some(50), Some((0.0, 20.0, 20.0)));
    o2.level = GoalLevel::Operational;
    let set = GoalSet::new([("s", &s), ("t", &t), ("o1", &o1), ("o2", &o2)]);
    assert!(close(progress("t", &set).value, 0.75));
    assert!(close(progress("s", &set).value, 0.75));
}

#[test]
fn own_measure_wins_over_children() {
    let mut p = parent();
    p.measure = Some(Measure {
        unit: "%".into(),
        start: 80.0,
        target: 90.0,
        current: 82.0,
        direction: Direction::Up,
    });
    let a = child("p", None, Some((0.0, 10.0, 10.0)));
    let set = GoalSet::new([("p", &p), ("a", &a)]);
    let r = progress("p", &set);
    assert_eq!(r.source, ProgressSource::Own);
    assert!(close(r.value, 0.2));
    assert_eq!(progress("missing", &set).value, None);
}

#[test]
fn pace_statuses_with_explanations() {
    let mut g = measured(GoalLevel::Tactical, 0.0, 100.0, 0.0);
    g.start = Some(d(2026, 10, 1));
    g.due = Some(d(2026, 12, 31));
    // 13 Nov is 43 of 91 days: 47 % expected.
    let cases = [
        (d(2026, 9, 20), Some(0.0), Status::OnTrack, "Starts 1 Oct."),
        (
            d(2026, 11, 13),
            Some(0.50),
            Status::OnTrack,
            "50 % done, 47 % expected by today: ahead of pace.",
        ),
        (
            d(2026, 11, 13),
            Some(0.40),
            Status::OnTrack,
            "40 % done, 47 % expected by today: 7 points behind.",
        ),
        (
            d(2026, 11, 13),
            Some(0.30),
            Status::AtRisk,
            "30 % done, 47 % expected by today: 17 points behind.",
        ),
        (
            d(2026, 11, 13),
            Some(0.10),
            Status::OffTrack,
            "10 % done, 47 % expected by today: 37 points behind.",
        ),
        (
            d(2026, 11, 13),
            None,
            Status::OffTrack,
            "Nothing measured yet; 47 % expected by today.",
        ),
        (
            d(2027, 1, 5),
            Some(0.8),
            Status::OffTrack,
            "Deadline 31 Dec has passed at 80 %.",
        ),
        (d(2026, 11, 13), Some(1.0), Status::Done, "Target reached."),
    ];
    for (today, p, status, why) in cases {
        let pace = pace(&g, p, today);
        assert_eq!(
            (pace.status, pace.explanation.as_str()),
            (status, why),
            "{today} {p:?}"
        );
    }
    g.status = Some(ManualStatus {
        status: Status::AtRisk,
        reason: "Key customer churned".into(),
    });
    let manual = pace(&g, Some(0.9), d(2026, 11, 13));
    assert_eq!(manual.status, Status::AtRisk);
    assert_eq!(manual.explanation, "Set by hand: Key customer churned");
    let undated = Goal {
        title: "x".into(),
        ..Goal::default()
    };
    assert_eq!(
        pace(&undated, Some(0.2), d(2026, 1, 1)).status,
        Status::OnTrack
    );
}

#[test]
fn pace_uses_period_when_no_start_date() {
    let mut g = measured(GoalLevel::Operational, 0.0, 10.0, 2.0);
    g.period = Period::parse("2026-11");
    g.due = Some(d(2026, 11, 30));
    // 26 Nov: 25 of 29 days passed (86 %), 20 % done.
    let p = pace(&g, g.own_progress(), d(2026, 11, 26));
    assert_eq!(p.status, Status::OffTrack);
    assert_eq!(
        p.explanation,
        "20 % done, 86 % expected by today: 66 points behind."
    );
}

#[test]
fn bad_input_is_refused_at_its_field() {
    let base = Goal::default();
    let good = GoalDraft {
        title: "Raise CSAT from 7.2 to 8.5".into(),
        level: "strategic".into(),
        period: "2026".into(),
        start: "2026-01-01".into(),
        due: "2026-12-31".into(),
        measure_kind: "number".into(),
        unit: "CSAT".into(),
        start_value: "7.2".into(),
        target: "8.5".into(),
        direction: "up".into(),
        ..GoalDraft::default()
    };
    let goal = good.validate(&base).expect("valid");
    assert_eq!(goal.measure.as_ref().unwrap().current, 7.2);
    assert_eq!(GoalDraft::of(&goal).validate(&base), Ok(goal.clone()));
    let field_of = |draft: GoalDraft| {
        let errs = draft.validate(&base).expect_err("refused");
        (errs[0].field, errs[0].message.clone())
    };
    let cases: Vec<(GoalDraft, &str, &str)> = vec![
        (
            GoalDraft {
                title: " ".into(),
                ..good.clone()
            },
            "title",
            "Title is required.",
        ),
        (
            GoalDraft {
                target: "7.2".into(),
                ..good.clone()
            },
            "target",
            "The target equals the start",
        ),
        (
            GoalDraft {
                target: "6".into(),
                ..good.clone()
            },
            "target",
            "should go up, but the target is below",
        ),
        (
            GoalDraft {
                direction: "down".into(),
                ..good.clone()
            },
            "target",
            "should go down",
        ),
        (
            GoalDraft {
                target: "lots".into(),
                ..good.clone()
            },
            "target",
            "Target must be a number",
        ),
        (
            GoalDraft {
                due: "2025-12-01".into(),
                ..good.clone()
            },
            "due",
            "The deadline is before the start date",
        ),
        (
            GoalDraft {
                due: "31/12/2026".into(),
                ..good.clone()
            },
            "due",
            "Deadline is not a date",
        ),
        (
            GoalDraft {
                weight: "120".into(),
                ..good.clone()
            },
            "weight",
            "from 0 to 100 %",
        ),
        (
            GoalDraft {
                period: "2026-Q4".into(),
                ..good.clone()
            },
            "period",
            "Strategic goals cover annual periods; Q4 2026 does not fit.",
        ),
        (
            GoalDraft {
                measure_kind: "milestones".into(),
                ..good.clone()
            },
            "milestones",
            "Add at least one milestone",
        ),
    ];
    for (draft, field, msg) in cases {
        let (f, m) = field_of(draft);
        assert_eq!(f, field, "{m}");
        assert!(m.contains(msg), "{m} should contain {msg}");
    }
}

#[test]
fn links_refuse_wrong_levels_cycles_and_heavy_weights() {
    let s = parent();
    let mut t1 = child("s", Some(70), Some((0.0, 1.0, 0.0)));
    t1.title = "Renewals".into();
    let t2 = child("s", None, None);
    let set = GoalSet::new([("s", &s), ("t1", &t1), ("t2", &t2)]);
    // Another tactical goal asking for 40 % while t1 holds 70 %.
    let new = child("s", Some(40), None);
    let errs = check_links(&new, None, &set);
    assert_eq!(errs[0].field, "weight");
    assert!(
        errs[0].message.contains("would weigh 110 % together"),
        "{}",
        errs[0].message
    );
    assert!(errs[0].message.contains("up to 30 %"));
    // Editing t1 itself to 100 % is fine: its old weight does not count twice.
    let mut t1b = t1.clone();
    t1b.weight = Some(100);
    assert!(check_links(&t1b, Some("t1"), &set).is_empty());
    // Same level.
    let mut same = child("t1", None, None);
    same.level = GoalLevel::Tactical;
    let errs = check_links(&same, None, &set);
    assert_eq!(errs[0].field, "aligned_to");
    assert!(
        errs[0]
            .message
            .contains("\u{201c}Renewals\u{201d} is tactical: pick a strategic goal"),
        "{}",
        errs[0].message
    );
    // Strategic goal aligned to a tactical one (lower).
    let mut up = parent();
    up.aligned_to = Some("t1".into());
    assert_eq!(check_links(&up, None, &set)[0].field, "aligned_to");
    // Demoting s below its children.
    let mut demoted = s.clone();
    demoted.level = GoalLevel::Tactical;
    let errs = check_links(&demoted, Some("s"), &set);
    assert_eq!(errs[0].field, "level");
    assert!(errs[0].message.starts_with("2 goal(s) align to this one"));
    // Itself and missing.
    let mut me = t2.clone();
    me.aligned_to = Some("t2".into());
    assert!(check_links(&me, Some("t2"), &set)[0]
        .message
        .contains("itself"));
    me.aligned_to = Some("gone".into());
    assert!(check_links(&me, Some("t2"), &set)[0]
        .message
        .contains("no longer exists"));
}

#[test]
fn links_refuse_a_cycle_in_stored_data() {
    // Stored data (e.g. an import) where a strategic goal aligns to an operational one that
    // aligns (via a tactical goal) back to it. Re-saving the operational goal must be refused.
    let mut s = parent();
    s.aligned_to = Some("o".into());
    let t = child("s", None, None);
    let mut o = child("t", None, None);
    o.level = GoalLevel::Operational;
    let set = GoalSet::new([("s", &s), ("t", &t), ("o", &o)]);
    let errs = check_links(&o, Some("o"), &set);
    assert!(
        errs.iter()
            .any(|e| e.field == "aligned_to" && e.message.contains("loop")),
        "{errs:?}"
    );
    // And the roll-up stops instead of recursing forever: nothing in the loop measures anything.
    assert!(close(progress("s", &set).value, 0.0));
}

#[test]
fn counts_against_the_method_ranges() {
    let today = d(2026, 11, 26);
    let mk = |level: GoalLevel, period: &str, owner: &str| Goal {
        title: "g".into(),
        level,
        owner: owner.into(),
        period: Period::parse(period),
        ..Goal::default()
    };
    let mut goals = vec![];
    for _ in 0..4 {
        goals.push(mk(GoalLevel::Strategic, "2026", "maya"));
    }
    for _ in 0..2 {
        goals.push(mk(GoalLevel::Tactical, "2026-Q4", "maya"));
    }
    goals.push(mk(GoalLevel::Tactical, "2026-Q3", "maya")); // another quarter: not counted
    for _ in 0..13 {
        goals.push(mk(GoalLevel::Operational, "2026-W47", "maya"));
    }
    goals.push(mk(GoalLevel::Strategic, "2026", "dan"));
    let notes = level_counts(&goals, "maya", today);
    let got: Vec<_> = notes.iter().map(|n| (n.level, n.count)).collect();
    assert_eq!(
        got,
        vec![(GoalLevel::Tactical, 2), (GoalLevel::Operational, 13)]
    );
    assert_eq!(
        notes[0].message,
        "Tactical goals in Q4 2026: 2; the method suggests 5-8."
    );
    assert!(notes[1].message.contains("more than the method's 8-12"));
}

#[test]
fn closing_a_period_carries_unfinished_goals() {
    let today = d(2027, 1, 2);
    let mut s = parent();
    s.period = Period::parse("2026");
    let mut done = measured(GoalLevel::Tactical, 0.0, 10.0, 10.0);
    done.period = Period::parse("2026-Q4");
    done.aligned_to = Some("s".into());
    let mut open = measured(GoalLevel::Tactical, 0.0, 10.0, 6.0);
    open.period = Period::parse("2026-Q4");
    open.aligned_to = Some("s".into());
    open.updates.push(ProgressUpdate {
        on: d(2026, 11, 1),
        value: Some(6.0),
        ..Default::default()
    });
    let mut op = measured(GoalLevel::Operational, 0.0, 5.0, 1.0);
    op.period = Period::parse("2026-Q4"); // odd but possible in stored data; aligned to `open`
    op.aligned_to = Some("open".into());
    let mut other = measured(GoalLevel::Tactical, 0.0, 10.0, 1.0);
    other.period = Period::parse("2026-Q3");
    let set = GoalSet::new([
        ("s", &s),
        ("done", &done),
        ("open", &open),
        ("op", &op),
        ("other", &other),
    ]);
    let mut n = 0;
    let plan = close_period(&set, Period::parse("2026-Q4").unwrap(), today, &mut || {
        n += 1;
        format!("new{n}")
    });
    assert_eq!(plan.archived, vec!["done", "open", "op"]);
    assert_eq!(plan.carried.len(), 2);
    let (id, copy) = &plan.carried[0];
    assert_eq!(id, "new1");
    assert_eq!(copy.carried_from.as_deref(), Some("open"));
    assert_eq!(copy.period.unwrap().key(), "2027-Q1");
    assert_eq!(
        (copy.start, copy.due),
        (Some(d(2027, 1, 1)), Some(d(2027, 3, 31)))
    );
    assert_eq!(copy.measure.as_ref().unwrap().start, 6.0);
    assert!(copy.updates.is_empty());
    assert_eq!(copy.aligned_to.as_deref(), Some("s"));
    // The carried child follows its carried parent.
    assert_eq!(plan.carried[1].1.aligned_to.as_deref(), Some("new1"));
}

#[test]
fn updates_change_readings_and_keep_history() {
    let mut g = measured(GoalLevel::Tactical, 7.2, 8.5, 7.2);
    g.start = Some(d(2026, 1, 1));
    g.milestones = vec![];
    let u = |on, value, note: &str| ProgressUpdate {
        on,
        value,
        note: note.into(),
        confidence: Some(7),
        ..Default::default()
    };
    let g = record_update(&g, u(d(2026, 3, 1), Some(7.6), "New survey")).unwrap();
    let g = record_update(&g, u(d(2026, 6, 1), Some(7.85), "")).unwrap();
    assert_eq!(g.measure.as_ref().unwrap().current, 7.85);
    assert_eq!(g.confidence, Some(7));
    assert_eq!(g.updates.len(), 2);
    let hist = progress_history(&g);
    assert_eq!(hist.len(), 3);
    assert_eq!(hist[0], (d(2026, 1, 1), 0.0));
    assert!((hist[2].1 - 0.5).abs() < 1e-9);
    // Refusals.
    let e = record_update(
        &g,
        ProgressUpdate {
            on: d(2026, 7, 1),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.field, "value");
    let e = record_update(
        &g,
        ProgressUpdate {
            on: d(2026, 7, 1),
            milestone: Some("Pilot".into()),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.field, "milestone");
    let e = record_update(
        &g,
        ProgressUpdate {
            on: d(2026, 7, 1),
            confidence: Some(11),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.field, "confidence");
}

#[test]
fn stored_goals_of_the_first_shape_still_read() {
    let old =
        r#"{"title":"Ship it","owner":"","level":"tactical","due":"2026-03-31","progress":0.5}"#;
    let g: Goal = serde_json::from_str(old).unwrap();
    assert_eq!(g.level, GoalLevel::Tactical);
    assert!(close(g.own_progress(), 0.5));
    let back = serde_json::to_string(&g).unwrap();
    assert_eq!(
        back,
        r#"{"title":"Ship it","owner":"","level":"tactical","due":"2026-03-31","progress":0.5}"#
    );
    let bad: Result<Goal, _> =
        serde_json::from_str(r#"{"title":"x","due":null,"period":"2026-Q9"}"#);
    assert!(bad.unwrap_err().to_string().contains("not a period"));
}
