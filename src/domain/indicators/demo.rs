//! The demo team's indicators: eight across the four perspectives, linked from activities up to
//! results, with 30 weeks of readings in which health-check calls lead renewals by three weeks.
use crate::domain::dates::Date;
use crate::domain::goal::Goal;
use crate::domain::person::Person;
use crate::domain::self_report::week_of;

use super::{
    by_month, Direction, Indicator, IndicatorKind, Period, Perspective, Reading, ReadingMonth,
};

/// Weeks of readings the demo holds.
pub const DEMO_WEEKS: usize = 30;

/// A small deterministic wobble in -0.5..0.5, different for each series `k` and week `t`.
fn wobble(k: usize, t: usize) -> f64 {
    ((t * 7919 + k * 104_729 + t * t * 31) % 97) as f64 / 97.0 - 0.5
}

fn round(v: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (v * f).round() / f
}

/// The demo's indicators and their readings by month. Places the team's strategic goals in
/// their perspectives and ties the satisfaction goal's measure to its indicator.
pub fn demo_indicators(
    today: Date,
    people: &[(String, Person)],
    goals: &mut [(String, Goal)],
    new_id: &mut dyn FnMut() -> String,
) -> (Vec<(String, Indicator)>, Vec<(String, ReadingMonth)>) {
    let ids: Vec<String> = (0..8).map(|_| new_id()).collect();
    let priya = people.get(2).map(|(id, _)| id.clone()).unwrap_or_default();
    let ind =
        |name: &str, unit: &str, kind, perspective, direction, target: f64, drives: &[usize]| {
            Indicator {
                name: name.into(),
                unit: unit.into(),
                kind,
                perspective,
                direction,
                target: Some(target),
                drives: drives.iter().map(|&i| ids[i].clone()).collect(),
                ..Indicator::default()
            }
        };
    use Direction::*;
    use IndicatorKind::*;
    use Perspective::*;
    let mut indicators = vec![
        ind(
            "Renewals closed",
            "renewals",
            Lagging,
            Results,
            Higher,
            6.0,
            &[],
        ),
        Indicator {
            period: Period::Monthly,
            ..ind(
                "Gross revenue retention",
                "%",
                Lagging,
                Results,
                Higher,
                93.0,
                &[],
            )
        },
        ind(
            "Customer satisfaction",
            "of 10",
            Lagging,
            Customer,
            Higher,
            8.5,
            &[0],
        ),
        ind(
            "Days to first value",
            "days",
            Lagging,
            Customer,
            Lower,
            30.0,
            &[1],
        ),
        ind(
            "Health-check calls",
            "calls",
            Leading,
            Process,
            Higher,
            40.0,
            &[0],
        ),
        ind(
            "First response time",
            "hours",
            Leading,
            Process,
            Lower,
            2.0,
            &[2],
        ),
        ind(
            "Training hours",
            "hours",
            Leading,
            Learning,
            Higher,
            6.0,
            &[5, 2],
        ),
        Indicator {
            owner: priya.clone(),
            ..ind(
                "Onboarding sessions held",
                "sessions",
                Leading,
                Process,
                Higher,
                8.0,
                &[3],
            )
        },
    ];
    // Names the demo's README and tests mention.
    debug_assert_eq!(indicators.len(), 8);

    // Fridays of the last `DEMO_WEEKS` weeks, oldest first, all before this week.
    let week = |t: usize| week_of(today).add_days(4 - 7 * (DEMO_WEEKS - t) as i64);
    // Calls swing over a two-month rhythm; renewals follow the calls of three weeks before.
    let calls = |t: usize| {
        let t = t as f64;
        (38.0 + 7.0 * (0.7 * t).sin() + 3.0 * (0.31 * t).sin()).round()
    };
    let series = |k: usize| -> Vec<Reading> {
        let point = |t: usize| -> f64 {
            let tf = t as f64;
            let w = wobble(k, t);
            match k {
                0 => round(
                    ((calls(t.saturating_sub(3)) - 24.0) * 0.35 + w * 1.2).max(0.0),
                    0,
                ),
                2 => round(7.5 + 0.025 * tf + w * 0.4, 1),
                3 => round(44.0 - 0.4 * tf + w * 4.0, 0),
                4 => calls(t) + round(w * 2.0, 0),
                5 => round((3.6 - 0.07 * tf + w * 0.6).max(0.5), 1),
                // Training paused for the year-end peak in the last two weeks.
                6 if t + 2 >= DEMO_WEEKS => [3.0, 2.5][t + 2 - DEMO_WEEKS],
                6 => round(4.5 + 0.05 * tf + w * 3.0, 1).max(0.0),
                _ => round(7.0 + w * 4.0, 0),
            }
        };
        if k == 1 {
            // Monthly: the 28th of each of the last seven months.
            return (1..=7i32)
                .rev()
                .filter_map(|m| {
                    let months = today.year() * 12 + today.month0() as i32 - m;
                    let on = Date::from_ymd(
                        months.div_euclid(12),
                        months.rem_euclid(12) as u32 + 1,
                        28,
                    )?;
                    Some(Reading {
                        on,
                        value: round(88.6 + 0.55 * (7 - m) as f64 + wobble(1, m as usize), 1),
                        ..Reading::default()
                    })
                })
                .collect();
        }
        (0..DEMO_WEEKS)
            .map(|t| Reading {
                on: week(t),
                value: point(t),
                ..Reading::default()
            })
            .collect()
    };
    let mut months = vec![];
    for (k, id) in ids.iter().enumerate() {
        let mut readings = series(k);
        if k == 7 {
            if let Some(last) = readings.last_mut() {
                last.by_self = true;
                last.note = "Two sessions moved to next week at the customer's request.".into();
            }
        }
        if k == 0 {
            if let Some(r) = readings.iter_mut().rev().nth(2) {
                r.note = "Two multi-year renewals signed early.".into();
            }
        }
        for month in by_month(&readings) {
            months.push((
                new_id(),
                ReadingMonth {
                    indicator: id.clone(),
                    owner: indicators[k].owner.clone(),
                    readings: month,
                },
            ));
        }
        if k == 2 {
            // The satisfaction goal follows this indicator.
            if let Some((_, g)) = goals
                .iter_mut()
                .find(|(_, g)| g.title.starts_with("Increase customer satisfaction"))
            {
                g.indicator = Some(id.clone());
                if let (Some(m), Some(last)) = (g.measure.as_mut(), readings.last()) {
                    m.current = last.value;
                }
            }
        }
    }
    // The team's strategic goals are the scorecard's objectives.
    for (_, g) in goals.iter_mut().filter(|(_, g)| g.owner.is_empty()) {
        let t = g.title.to_lowercase();
        g.perspective = Some(if t.contains("retention") {
            Results
        } else if t.contains("satisfaction") || t.contains("first value") {
            Customer
        } else if t.contains("academy") {
            Learning
        } else {
            Process
        });
    }
    indicators.shrink_to_fit();
    (ids.into_iter().zip(indicators).collect(), months)
}
