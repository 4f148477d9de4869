use super::csv::{parse_readings, readings_csv};
use super::leadlag::{analyse, pearson, weekly, MIN_PAIRS};
use super::links::{drivers_of, link_warnings};
use super::*;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn calls() -> Indicator {
    Indicator {
        name: "Customer calls".into(),
        unit: "calls".into(),
        kind: IndicatorKind::Leading,
        perspective: Perspective::Process,
        target: Some(50.0),
        ..Default::default()
    }
}

#[test]
fn health_for_each_direction_and_line() {
    // Higher is better, default lines at 90 % and 70 % of 50: 45 and 35.
    let calls = calls();
    for (value, want) in [
        (60.0, Health::Healthy),
        (45.0, Health::Healthy),
        (44.9, Health::Watch),
        (35.0, Health::Watch),
        (34.0, Health::Unhealthy),
    ] {
        assert_eq!(calls.health(value), Some(want), "{value}");
    }
    assert_eq!(
        calls.lines_words().unwrap(),
        "healthy at 45 calls or more, watch from 35 calls"
    );

    // Lower is better: first response in hours, target 4: healthy up to 4.44, watch up to 5.71.
    let response = Indicator {
        name: "First response".into(),
        unit: "hours".into(),
        kind: IndicatorKind::Lagging,
        direction: Direction::Lower,
        target: Some(4.0),
        ..Default::default()
    };
    for (value, want) in [
        (2.0, Health::Healthy),
        (4.4, Health::Healthy),
        (5.0, Health::Watch),
        (6.0, Health::Unhealthy),
    ] {
        assert_eq!(response.health(value), Some(want), "{value}");
    }

    // Near a target: a backlog of 20 tickets ± 5 is healthy, ± 10 worth watching.
    let backlog = Indicator {
        name: "Open backlog".into(),
        direction: Direction::Near,
        target: Some(20.0),
        tolerance: Some(5.0),
        ..Default::default()
    };
    for (value, want) in [
        (20.0, Health::Healthy),
        (15.0, Health::Healthy),
        (26.0, Health::Watch),
        (9.0, Health::Unhealthy),
        (31.0, Health::Unhealthy),
    ] {
        assert_eq!(backlog.health(value), Some(want), "{value}");
    }

    // Lines set by hand replace the defaults.
    let strict = Indicator {
        healthy_at: Some(50.0),
        watch_at: Some(48.0),
        ..calls
    };
    assert_eq!(strict.health(49.0), Some(Health::Watch));
    assert_eq!(strict.health(47.0), Some(Health::Unhealthy));
    // No target, no health.
    assert_eq!(
        Indicator {
            target: None,
            ..strict
        }
        .health(50.0),
        None
    );
}

#[test]
fn bad_indicators_say_why_at_the_field() {
    let fields = |i: &Indicator| i.problems().iter().map(|p| p.field).collect::<Vec<_>>();
    assert!(calls().problems().is_empty());
    assert_eq!(
        fields(&Indicator {
            name: " ".into(),
            target: None,
            ..calls()
        }),
        ["name", "target"]
    );
    // Lines the wrong way round for the direction.
    let upside_down = Indicator {
        healthy_at: Some(30.0),
        watch_at: Some(40.0),
        ..calls()
    };
    let p = upside_down.problems();
    assert_eq!(p[0].field, "healthy_at");
    assert!(
        p[0].message.contains("above the watch line"),
        "{}",
        p[0].message
    );
    let lower = Indicator {
        direction: Direction::Lower,
        kind: IndicatorKind::Lagging,
        healthy_at: Some(6.0),
        watch_at: Some(5.0),
        ..calls()
    };
    assert!(lower.problems()[0].message.contains("below the watch line"));
    // Near a target without a tolerance; a result that drives something.
    let near = Indicator {
        direction: Direction::Near,
        ..calls()
    };
    assert_eq!(fields(&near), ["tolerance"]);
    let driving_result = Indicator {
        kind: IndicatorKind::Lagging,
        drives: vec!["x".into()],
        ..calls()
    };
    assert_eq!(fields(&driving_result), ["drives"]);
    assert_eq!(
        fields(&Indicator {
            target: Some(0.0),
            ..calls()
        }),
        ["target"]
    );
}

#[test]
fn readings_are_checked_before_they_are_kept() {
    let today = d("2026-12-02");
    let have = [Reading {
        on: d("2026-11-30"),
        value: 40.0,
        ..Default::default()
    }];
    assert_eq!(
        check_reading(" 42.5 ", Some(d("2026-12-01")), &have, today),
        Ok((d("2026-12-01"), 42.5))
    );
    assert_eq!(
        check_reading("1,250", Some(today), &have, today).map(|r| r.1),
        Ok(1250.0)
    );
    for (value, on, field, words) in [
        ("forty", Some(today), "value", "Must be a number"),
        ("", Some(today), "value", "Must be a number"),
        ("42", Some(d("2026-12-03")), "on", "in the future"),
        ("42", Some(d("2026-11-30")), "on", "Replace it?"),
        ("42", None, "on", "required"),
    ] {
        let e = check_reading(value, on, &have, today).unwrap_err();
        assert_eq!(e.field, field, "{value} {on:?}");
        assert!(e.message.contains(words), "{}", e.message);
    }
    assert_eq!(
        latest_change(&[
            Reading {
                on: d("2026-11-23"),
                value: 38.0,
                ..Default::default()
            },
            have[0].clone(),
        ])
        .map(|(r, c)| (r.value, c)),
        Some((40.0, Some(2.0)))
    );
}

#[test]
fn link_warnings_name_what_is_missing() {
    let mut calls = calls();
    let renewals = Indicator {
        name: "Renewals".into(),
        kind: IndicatorKind::Lagging,
        perspective: Perspective::Results,
        target: Some(12.0),
        ..Default::default()
    };
    let nps = Indicator {
        name: "Customer satisfaction".into(),
        kind: IndicatorKind::Lagging,
        perspective: Perspective::Customer,
        target: Some(8.5),
        ..Default::default()
    };
    // Only results: "you will only find out at the end".
    let w = link_warnings(&[("r", &renewals)]);
    assert!(w[0].contains("only find out at the end"), "{w:?}");
    // Only activities: which result proves them?
    let w = link_warnings(&[("c", &calls)]);
    assert!(w.iter().any(|m| m.contains("which result proves")), "{w:?}");
    assert!(w
        .iter()
        .any(|m| m.contains("“Customer calls” drives no result")));
    // Calls drive renewals: satisfaction alone has no driver.
    calls.drives = vec!["r".into()];
    let set = [("c", &calls), ("r", &renewals), ("n", &nps)];
    assert_eq!(
        link_warnings(&set),
        ["“Customer satisfaction” has no leading indicator driving it: nothing tells you early how it is going."]
    );
    assert_eq!(drivers_of(&set, "r"), ["c"]);
    // A link to an indicator that is gone counts as no link.
    calls.drives = vec!["deleted".into()];
    assert!(link_warnings(&[("c", &calls), ("r", &renewals)]).len() == 2);
}

/// Weekly readings from `start`, one per week, of `values`.
fn series(start: &str, values: &[f64]) -> Vec<Reading> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| Reading {
            on: d(start).add_days(7 * i as i64 + (i % 3) as i64),
            value: *v,
            ..Default::default()
        })
        .collect()
}

#[test]
fn lead_lag_finds_a_known_lag_and_says_it_without_claiming_a_cause() {
    // Calls vary; renewals follow the calls of three weeks before (plus a steady base), with a
    // little noise that does not change the picture.
    let calls: Vec<f64> = (0..20)
        .map(|i| 40.0 + ((i * 7) % 11) as f64 * 2.0)
        .collect();
    let renewals: Vec<f64> = (0..20)
        .map(|i| {
            let driver = if i >= 3 { calls[i - 3] } else { 40.0 };
            5.0 + driver / 4.0 + if i % 2 == 0 { 0.5 } else { -0.5 }
        })
        .collect();
    let found = analyse(
        &series("2026-06-01", &calls),
        &series("2026-06-01", &renewals),
    );
    let best = found.best.unwrap();
    assert_eq!(best.weeks, 3);
    assert_eq!(best.pairs, 17);
    assert!((0.9..1.0).contains(&best.r.unwrap()), "{best:?}");
    assert_eq!(found.by_lag.len(), 9, "lags of 0 to 8 weeks");
    let words = found.words("Customer calls", "Renewals");
    let r = number((best.r.unwrap() * 100.0).round() / 100.0);
    assert!(
        words.starts_with(&format!(
            "“Customer calls” moved with “Renewals” 3 weeks later (r = {r} over 17 weeks)."
        )),
        "{words}"
    );
    assert!(words.contains("not proof that one causes the other"));

    // Moving the opposite way is said so.
    let against: Vec<f64> = renewals.iter().map(|v| 100.0 - v).collect();
    let found = analyse(
        &series("2026-06-01", &calls),
        &series("2026-06-01", &against),
    );
    assert!(found.words("Calls", "Complaints").contains("moved against"));

    // Too few weeks: how many more are needed.
    let few = analyse(
        &series("2026-06-01", &calls[..6]),
        &series("2026-06-01", &renewals[..6]),
    );
    assert_eq!(few.best, None);
    assert_eq!(few.more_needed(), Some(MIN_PAIRS - 6));
    assert!(few
        .words("Calls", "Renewals")
        .starts_with("Not enough readings yet: 2 more weeks"));
}

#[test]
fn weekly_means_and_pearson() {
    let readings = [
        Reading {
            on: d("2026-11-30"),
            value: 10.0,
            ..Default::default()
        },
        Reading {
            on: d("2026-12-02"),
            value: 20.0,
            ..Default::default()
        },
        Reading {
            on: d("2026-11-29"),
            value: 4.0,
            ..Default::default()
        },
    ];
    assert_eq!(
        weekly(&readings),
        [(d("2026-11-23"), 4.0), (d("2026-11-30"), 15.0)]
    );
    assert_eq!(pearson(&[(1.0, 2.0), (2.0, 4.0), (3.0, 6.0)]), Some(1.0));
    assert_eq!(
        pearson(&[(1.0, 5.0), (2.0, 5.0), (3.0, 5.0)]),
        None,
        "no spread"
    );
}

#[test]
fn readings_csv_round_trips_and_bad_rows_are_placed() {
    let today = d("2026-12-02");
    let text = "date,value,note\n2026-11-02,41\n\n2026-11-09,\"1,250\",\"Black Friday, early\"\n2026-11-16,38.5,\"said \"\"quiet\"\"\"\n";
    let readings = parse_readings(text, today).unwrap();
    assert_eq!(
        readings.iter().map(|r| r.value).collect::<Vec<_>>(),
        [41.0, 1250.0, 38.5]
    );
    assert_eq!(readings[1].note, "Black Friday, early");
    assert_eq!(readings[2].note, "said \"quiet\"");
    let back = parse_readings(&readings_csv(&readings), today).unwrap();
    assert_eq!(back, readings);
    // Without a header.
    assert_eq!(parse_readings("2026-11-02,41", today).unwrap().len(), 1);

    for (text, line, column, words) in [
        (
            "date,value\n2026-11-02,41\n2026-11-09,lots",
            3,
            2,
            "“lots” is not a number",
        ),
        ("2026-11-02,41\n02/11/2026,40", 2, 1, "not a date"),
        ("2026-11-02,41\n2026-12-25,40", 2, 1, "in the future"),
        (
            "2026-11-02,41\n2026-11-02,40",
            2,
            1,
            "a second reading on 2026-11-02",
        ),
        ("2026-11-02", 1, 2, "no value"),
        ("2026-11-02,41,a,b", 1, 4, "too many cells"),
        ("2026-11-02,41,\"open", 1, 3, "not closed"),
    ] {
        let p = parse_readings(text, today).unwrap_err();
        assert_eq!((p.line, p.column), (line, column), "{text}: {p}");
        assert!(p.message.contains(words), "{p}");
    }
}

#[test]
fn numbers_are_written_as_people_write_them() {
    assert_eq!(number(45.0), "45");
    assert_eq!(number(4.444), "4.44");
    assert_eq!(number(0.5), "0.5");
    assert_eq!(number(-0.001), "0");
    assert_eq!(Perspective::ALL[0].label(), "Financial / results");
}
