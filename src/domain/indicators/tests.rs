use super::csv::{parse_readings, readings_csv};
use super::leadlag::{analyse, pearson, weekly, MIN_PAIRS};
use super::links::{drivers_of, link_warnings};
use super::*;
use crate::domain::scope::{Scope, Scoped};

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
        perspective: Perspective::Results,
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
        ["“Customer satisfaction” has nothing driving it: no measure tells you early how it is going."]
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

#[test]
fn a_reading_is_stored_short_and_read_back_whole() {
    let plain = Reading {
        on: d("2026-11-27"),
        value: 42.5,
        ..Reading::default()
    };
    assert_eq!(
        serde_json::to_string(&plain).unwrap(),
        r#"["2026-11-27",42.5]"#
    );
    let noted = Reading {
        note: "Two calls moved".into(),
        ..plain.clone()
    };
    assert_eq!(
        serde_json::to_string(&noted).unwrap(),
        r#"["2026-11-27",42.5,"Two calls moved"]"#
    );
    let own = Reading {
        by_self: true,
        ..plain.clone()
    };
    assert_eq!(
        serde_json::to_string(&own).unwrap(),
        r#"["2026-11-27",42.5,"",true]"#
    );
    for r in [plain, noted, own] {
        let back: Reading = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
        assert_eq!(back, r);
    }
    let whole = Reading {
        value: 40.0,
        ..Reading::default()
    };
    assert_eq!(
        serde_json::to_string(&whole).unwrap(),
        r#"["2026-11-27",40]"#.replace("2026-11-27", &whole.on.to_string())
    );
    assert!(serde_json::from_str::<Reading>(r#"["2026-11-27","lots"]"#).is_err());
    assert!(serde_json::from_str::<Reading>(r#"["27/11/2026",4]"#).is_err());
}

#[test]
fn readings_live_a_month_per_record_and_merge_across_devices() {
    let r = |on: &str, value: f64| Reading {
        on: d(on),
        value,
        ..Reading::default()
    };
    // A new month starts a record; a second reading joins it, in date order.
    let first = with_reading(None, "calls", "", r("2026-11-20", 40.0));
    let both = with_reading(Some(&first), "calls", "", r("2026-11-06", 35.0));
    assert_eq!(
        both.readings,
        [r("2026-11-06", 35.0), r("2026-11-20", 40.0)]
    );
    assert_eq!(both.month(), Some((2026, 11)));
    assert!(both.problems().is_empty());
    // Replacing the day's reading keeps one.
    let replaced = with_reading(Some(&both), "calls", "", r("2026-11-20", 44.0));
    assert_eq!(replaced.readings.len(), 2);
    assert_eq!(replaced.readings[1].value, 44.0);
    // Another month in the same record is refused.
    let mut mixed = replaced.clone();
    mixed.readings.push(r("2026-12-01", 1.0));
    assert_eq!(mixed.problems()[0].field, "on");
    // Two devices each kept a record for November; another indicator's is left out, and the
    // later record wins a day both hold.
    let other_device = ReadingMonth {
        indicator: "calls".into(),
        owner: String::new(),
        readings: vec![r("2026-11-13", 38.0), r("2026-11-20", 45.0)],
    };
    let renewals = with_reading(None, "renewals", "", r("2026-11-13", 5.0));
    let all = readings_of("calls", [&replaced, &renewals, &other_device]);
    assert_eq!(
        all,
        [
            r("2026-11-06", 35.0),
            r("2026-11-13", 38.0),
            r("2026-11-20", 45.0)
        ]
    );
    // Grouping for an import: one list per calendar month.
    let months = by_month(&[
        r("2026-12-01", 1.0),
        r("2026-11-06", 2.0),
        r("2026-11-30", 3.0),
    ]);
    assert_eq!(months.len(), 2);
    assert_eq!(months[0].len(), 2);
    assert_eq!(months[1][0].on, d("2026-12-01"));
}

fn entry<'a>(
    id: &'a str,
    indicator: &'a Indicator,
    readings: &'a [Reading],
) -> scorecard::Entry<'a> {
    scorecard::Entry {
        id,
        indicator,
        readings,
    }
}

#[test]
fn the_scorecard_warns_about_empty_perspectives_missing_drivers_and_broken_chains() {
    use scorecard::{chain_gaps, warnings};
    let ind = |name: &str, kind, perspective, drives: &[&str]| Indicator {
        name: name.into(),
        kind,
        perspective,
        target: Some(10.0),
        drives: drives.iter().map(|s| s.to_string()).collect(),
        ..Indicator::default()
    };
    use IndicatorKind::*;
    use Perspective::*;
    let training = ind("Training hours", Leading, Learning, &["resp"]);
    let resp = ind("Response time", Leading, Process, &["csat"]);
    let csat = ind("Satisfaction", Lagging, Customer, &[]);
    let renewals = ind("Renewals", Lagging, Results, &[]);
    let none: [Reading; 0] = [];
    let set = [
        entry("train", &training, &none),
        entry("resp", &resp, &none),
        entry("csat", &csat, &none),
        entry("ren", &renewals, &none),
    ];
    // Satisfaction drives nothing: the chain from training stops there.
    let gaps = chain_gaps(&set);
    assert_eq!(gaps.len(), 1, "{gaps:?}");
    assert!(gaps[0].starts_with("“Training hours” never reaches a financial or results measure: its chain stops at “Satisfaction”"), "{gaps:?}");
    let w = warnings(&set, &[Customer; 6]);
    assert!(w.contains(&"Customer / stakeholder: no leading indicator, so this perspective only reports what already happened.".to_string()), "{w:?}");
    assert!(
        w.iter()
            .any(|m| m.starts_with("Customer / stakeholder: 6 objectives")),
        "{w:?}"
    );
    assert!(
        w.iter()
            .any(|m| m.starts_with("Financial / results: no leading")),
        "{w:?}"
    );
    // Satisfaction drives renewals: the chain is whole; five objectives are fine.
    let csat = ind("Satisfaction", Lagging, Customer, &["ren"]);
    let set = [
        entry("train", &training, &none),
        entry("resp", &resp, &none),
        entry("csat", &csat, &none),
        entry("ren", &renewals, &none),
    ];
    assert!(chain_gaps(&set).is_empty());
    let w = warnings(&set, &[Customer; 5]);
    assert!(!w.iter().any(|m| m.contains("objectives")), "{w:?}");
    // A perspective with no indicator at all.
    let w = warnings(&set[..3], &[]);
    assert!(
        w.contains(
            &"Financial / results: no indicator. Each perspective needs at least one measure."
                .to_string()
        ),
        "{w:?}"
    );
}

#[test]
fn status_in_words_and_the_scorecard_as_markdown() {
    let calls = calls();
    let readings = series("2026-10-05", &[30.0, 38.0, 46.0]);
    let e = entry("c", &calls, &readings);
    assert_eq!(e.health(), Some(Health::Healthy));
    assert_eq!(
        e.status_words(),
        "Healthy: 46 calls (target 50 calls), up 8 calls since the reading before."
    );
    let none: [Reading; 0] = [];
    assert_eq!(
        entry("c", &calls, &none).status_words(),
        "No reading yet (target 50 calls)."
    );
    let md = scorecard::markdown(
        "Support | EU",
        &[e],
        &[(Perspective::Process, "Answer *every* ticket".into())],
        d("2026-11-30"),
    );
    assert!(
        md.starts_with("# Balanced scorecard: Support \\| EU\n"),
        "{md}"
    );
    assert!(md.contains("- Answer \\*every\\* ticket\n"), "{md}");
    assert!(
        md.contains("| Customer calls | Leading | Healthy: 46 calls"),
        "{md}"
    );
    assert!(md.contains("Financial / results: no indicator."), "{md}");
}

#[test]
fn the_demo_has_eight_linked_indicators_and_calls_lead_renewals_by_three_weeks() {
    use crate::domain::demo::demo_team;
    let today = d("2026-11-26");
    let mut n = 0;
    let demo = demo_team(today, &mut || {
        n += 1;
        format!("id{n}")
    });
    assert_eq!(demo.indicators.len(), 8);
    for p in Perspective::ALL {
        assert!(
            demo.indicators.iter().any(|(_, i)| i.perspective == p),
            "{p:?}"
        );
    }
    for (_, i) in &demo.indicators {
        assert!(i.problems().is_empty(), "{}: {:?}", i.name, i.problems());
    }
    for (_, m) in &demo.reading_months {
        assert!(m.problems().is_empty());
        assert!(m.readings.iter().all(|r| r.on < today));
    }
    let set: Vec<(&str, &Indicator)> = demo
        .indicators
        .iter()
        .map(|(id, i)| (id.as_str(), i))
        .collect();
    assert!(link_warnings(&set).is_empty(), "{:?}", link_warnings(&set));
    let id_of = |name: &str| {
        demo.indicators
            .iter()
            .find(|(_, i)| i.name == name)
            .unwrap()
            .0
            .clone()
    };
    let months: Vec<&ReadingMonth> = demo.reading_months.iter().map(|(_, m)| m).collect();
    let calls = readings_of(&id_of("Health-check calls"), months.iter().copied());
    let renewals = readings_of(&id_of("Renewals closed"), months.iter().copied());
    assert!(calls.len() >= 26, "six months of weekly readings");
    let found = leadlag::analyse(&calls, &renewals);
    let best = found.best.unwrap();
    assert_eq!(best.weeks, 3, "{found:?}");
    assert!(best.r.unwrap() > 0.7, "{found:?}");
    assert!(found
        .words("Health-check calls", "Renewals closed")
        .contains("3 weeks later"));
    // A person's indicator, with a self-reported reading; the goal that follows satisfaction.
    let (own_id, own) = demo
        .indicators
        .iter()
        .find(|(_, i)| !i.owner.is_empty())
        .unwrap();
    assert!(
        readings_of(own_id, months.iter().copied())
            .last()
            .unwrap()
            .by_self
    );
    assert_eq!(own.default_scope(), Scope::Person(own.owner.clone()));
    let goal = demo
        .goals
        .iter()
        .find(|(_, g)| g.indicator.is_some())
        .unwrap();
    assert_eq!(
        goal.1.indicator.as_deref(),
        Some(id_of("Customer satisfaction").as_str())
    );
    assert!(
        demo.goals
            .iter()
            .filter(|(_, g)| g.perspective.is_some())
            .count()
            >= 4
    );
    let entries: Vec<(String, Vec<Reading>)> = demo
        .indicators
        .iter()
        .map(|(id, _)| (id.clone(), readings_of(id, months.iter().copied())))
        .collect();
    let e: Vec<scorecard::Entry> = demo
        .indicators
        .iter()
        .zip(&entries)
        .map(|((id, i), (_, r))| entry(id, i, r))
        .collect();
    assert!(
        scorecard::chain_gaps(&e).is_empty(),
        "{:?}",
        scorecard::chain_gaps(&e)
    );
}

#[test]
fn a_perspectives_key_is_the_name_it_is_stored_under() {
    for p in Perspective::ALL {
        assert_eq!(serde_json::to_string(&p).unwrap(), format!("\"{}\"", p.key()));
        assert_eq!(Perspective::from_key(p.key()), p);
    }
    assert_eq!(Perspective::from_key("nonsense"), Perspective::default());
}
