//! Trends over the last 12 weeks, for the team or one person (method 7.1): goals by status per
//! level, 1:1s held on time, recognition against corrective feedback, self-report confidence and
//! the scorecard's team indicators. Each is a `Chart`: the points, and a sentence saying what
//! they show, so the picture always has words and a table beside it.
//!
//! Past weeks are rebuilt from what was recorded by then: a goal counts from the day it was
//! added (or its first update, if earlier) until it was archived (taken as its deadline), its
//! measure is the latest reading on or before the week's last day, and a status set
//! by hand counts from the goal's latest update.
use super::super::cadence::{held_dates, on_time_share};
use super::super::checkin::CheckIn;
use super::super::dates::{short_date, Date};
use super::super::feedback::{Celebration, Feedback, FeedbackKind};
use super::super::goal::{Goal, GoalLevel, GoalSet, Status};
use super::super::goal_report::goal_lines;
use super::super::indicators::{number, Indicator, Reading};
use super::super::person::Person;
use super::super::self_report::{week_of, SelfReport};

/// How many weeks a trend covers.
pub const TREND_WEEKS: usize = 12;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// One line per series; the values share the unit.
    Line,
    /// Bars per week, the series stacked.
    Stacked,
    /// Bars per week, the series side by side.
    Grouped,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    /// One per week, oldest first; None where there is nothing to show.
    pub values: Vec<Option<f64>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    /// Stable, for tests and anchors.
    pub key: String,
    pub title: String,
    /// "%", "goals", "of 5".
    pub unit: String,
    /// The Monday of each week, oldest first.
    pub weeks: Vec<Date>,
    pub series: Vec<Series>,
    pub style: Style,
    /// A line to draw across (a target), if any.
    pub target: Option<f64>,
    /// Where the value axis ends (None: from the data).
    pub max: Option<f64>,
    /// What the chart shows, in one or two sentences.
    pub summary: String,
}

impl Chart {
    /// The largest value to scale to.
    pub fn top(&self) -> f64 {
        if let Some(m) = self.max {
            return m;
        }
        let per_week = |i: usize| -> f64 {
            let vals = self.series.iter().filter_map(|s| s.values[i]);
            match self.style {
                Style::Stacked => vals.sum(),
                _ => vals.fold(0.0, f64::max),
            }
        };
        let data = (0..self.weeks.len()).map(per_week).fold(0.0, f64::max);
        data.max(self.target.unwrap_or(0.0)).max(1.0)
    }

    pub fn is_empty(&self) -> bool {
        self.series
            .iter()
            .all(|s| s.values.iter().all(Option::is_none))
    }
}

/// The Mondays of the last `TREND_WEEKS` weeks, oldest first, and the day each is read on: its
/// Sunday, or today for this week.
pub fn weeks(today: Date) -> Vec<(Date, Date)> {
    let this = week_of(today);
    (0..TREND_WEEKS as i64)
        .rev()
        .map(|k| {
            let monday = this.add_days(-7 * k);
            (monday, monday.add_days(6).min(today))
        })
        .collect()
}

fn mondays(ws: &[(Date, Date)]) -> Vec<Date> {
    ws.iter().map(|w| w.0).collect()
}

/// The goal as it stood at the end of `day`, or None if it was not there yet: added after it,
/// and no update recorded by then (an imported or demo goal is older than its record).
pub fn goal_as_of(g: &Goal, added: Date, day: Date) -> Option<Goal> {
    let first_update = g.updates.iter().map(|u| u.on).min();
    let added = first_update.map_or(added, |f| f.min(added));
    // An archived goal was in play until its deadline (a period is closed after it ends).
    if added > day || g.archived && g.due.is_none_or(|d| d < day) {
        return None;
    }
    let mut s = g.clone();
    s.archived = false;
    let last_update = g.updates.iter().map(|u| u.on).max();
    s.updates.retain(|u| u.on <= day);
    if let Some(m) = &mut s.measure {
        let had_readings = g.updates.iter().any(|u| u.value.is_some());
        let latest = s
            .updates
            .iter()
            .filter_map(|u| u.value.map(|v| (u.on, v)))
            .max_by_key(|x| x.0)
            .map(|x| x.1);
        m.current = match latest {
            Some(v) => v,
            None if had_readings => m.start,
            None => m.current,
        };
    }
    for ms in &mut s.milestones {
        if ms.done_on.is_some_and(|d| d > day) {
            ms.done_on = None;
        }
    }
    if last_update.unwrap_or(added) > day {
        s.status = None;
    }
    Some(s)
}

/// The statuses drawn, in order (dropped goals are left out).
pub const STATUSES: [Status; 4] = [
    Status::OnTrack,
    Status::AtRisk,
    Status::OffTrack,
    Status::Done,
];

/// Goals in play on `day` by (level, status): added by then, started, and either not yet past
/// their deadline or still open. `owner`: only that person's goals.
fn counts_on(
    goals: &[(&str, &Goal, Date)],
    owner: Option<&str>,
    day: Date,
    current: bool,
) -> Vec<(GoalLevel, Status)> {
    let snaps: Vec<(&str, Goal)> = goals
        .iter()
        .filter(|(_, g, _)| !(current && g.archived))
        .filter_map(|(id, g, added)| goal_as_of(g, *added, day).map(|s| (*id, s)))
        .collect();
    let set = GoalSet::new(snaps.iter().map(|(id, g)| (*id, g)));
    goal_lines(&set, day, false)
        .into_iter()
        .filter(|l| owner.is_none_or(|o| l.goal.owner == o))
        .filter(|l| l.goal.starts_on().is_none_or(|s| s <= day))
        .filter(|l| {
            let closed = l.pace.status.is_closed();
            l.goal.due.is_none_or(|d| d >= week_of(day)) || !closed
        })
        .map(|l| (l.goal.level, l.pace.status))
        .collect()
}

/// The goals that can count in a window from `first`: due in it or later, with no deadline, or
/// still open; and the goals aligned to those (their progress rolls up). Years of finished goals
/// are left out before any week is rebuilt.
fn in_window<'a>(
    goals: &[(&'a str, &'a Goal, Date)],
    first: Date,
) -> Vec<(&'a str, &'a Goal, Date)> {
    let finished = |g: &Goal| {
        g.status.as_ref().is_some_and(|s| s.status.is_closed())
            || g.own_progress().is_some_and(|p| p >= 1.0)
    };
    let mut keep: Vec<bool> = goals
        .iter()
        .map(|(_, g, _)| g.due.is_none_or(|d| d >= first) || !finished(g))
        .collect();
    // Twice: three levels at most.
    for _ in 0..2 {
        let kept: Vec<&str> = goals
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|((id, _, _), _)| *id)
            .collect();
        for (i, (_, g, _)) in goals.iter().enumerate() {
            if g.aligned_to.as_deref().is_some_and(|p| kept.contains(&p)) {
                keep[i] = true;
            }
        }
    }
    goals
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(g, _)| *g)
        .collect()
}

/// One chart per level that has goals in the window, stacked by status, and the change in each
/// status since last week.
pub fn goal_status(
    goals: &[(&str, &Goal, Date)],
    owner: Option<&str>,
    today: Date,
) -> Vec<(Chart, Vec<(Status, usize, i64)>)> {
    let ws = weeks(today);
    let goals = in_window(goals, ws[0].0);
    let per_week: Vec<Vec<(GoalLevel, Status)>> = ws
        .iter()
        .enumerate()
        .map(|(i, w)| counts_on(&goals, owner, w.1, i + 1 == ws.len()))
        .collect();
    let mut out = vec![];
    for level in GoalLevel::ALL {
        let count = |i: usize, s: Status| {
            per_week[i]
                .iter()
                .filter(|(l, st)| *l == level && *st == s)
                .count()
        };
        if (0..ws.len()).all(|i| STATUSES.iter().all(|s| count(i, *s) == 0)) {
            continue;
        }
        let last = ws.len() - 1;
        let change: Vec<(Status, usize, i64)> = STATUSES
            .iter()
            .map(|s| {
                let now = count(last, *s);
                (*s, now, now as i64 - count(last - 1, *s) as i64)
            })
            .collect();
        let words: Vec<String> = change
            .iter()
            .map(|(s, n, d)| format!("{} {n} ({})", s.label().to_lowercase(), signed(*d)))
            .collect();
        out.push((
            Chart {
                key: format!("goals-{}", level.key()),
                title: format!("{} goals by status", level.label()),
                unit: "goals".into(),
                weeks: mondays(&ws),
                series: STATUSES
                    .iter()
                    .map(|s| Series {
                        name: s.label().into(),
                        values: (0..ws.len()).map(|i| Some(count(i, *s) as f64)).collect(),
                    })
                    .collect(),
                style: Style::Stacked,
                target: None,
                max: None,
                summary: format!(
                    "This week: {}; change since last week in brackets.",
                    words.join(", ")
                ),
            },
            change,
        ));
    }
    out
}

/// "+2", "−1", "no change".
pub fn signed(d: i64) -> String {
    match d {
        0 => "no change".into(),
        d if d > 0 => format!("+{d}"),
        d => format!("−{}", -d),
    }
}

fn percent(on: u32, of: u32) -> Option<f64> {
    (of > 0).then(|| (f64::from(on) * 100.0 / f64::from(of)).round())
}

/// The share of 1:1s held on time over the 90 days up to each week's end. `people`: (id, person,
/// the day from which they are expected: their start or when they were added).
pub fn on_time(
    people: &[(&str, &Person, Date)],
    check_ins: &[&CheckIn],
    only: Option<&str>,
    today: Date,
) -> Chart {
    let ws = weeks(today);
    let held: Vec<(&Person, Vec<Date>, Date)> = people
        .iter()
        .filter(|(id, p, _)| !p.archived && only.is_none_or(|o| o == *id))
        .map(|(id, p, since)| (*p, held_dates(id, check_ins.iter().copied()), *since))
        .collect();
    let share: Vec<(u32, u32)> = ws
        .iter()
        .map(|(_, day)| {
            held.iter()
                .filter(|(_, _, since)| *since <= *day)
                .map(|(p, h, since)| on_time_share(p.cadence, h, Some(*since), *day))
                .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
        })
        .collect();
    let values: Vec<Option<f64>> = share.iter().map(|(o, e)| percent(*o, *e)).collect();
    let (on, of) = share.last().copied().unwrap_or((0, 0));
    let summary = match (values.last().copied().flatten(), values[0]) {
        (Some(now), Some(then)) => format!(
            "{} % held on time over the last 90 days ({on} of {of} expected); {} % twelve weeks ago.",
            number(now),
            number(then)
        ),
        (Some(now), None) => format!("{} % held on time over the last 90 days ({on} of {of} expected).", number(now)),
        _ => "No 1:1 was expected yet.".into(),
    };
    Chart {
        key: "on-time".into(),
        title: "1:1s held on time (90 days)".into(),
        unit: "%".into(),
        weeks: mondays(&ws),
        series: vec![Series {
            name: "On time".into(),
            values,
        }],
        style: Style::Line,
        target: None,
        max: Some(100.0),
        summary,
    }
}

/// Recognition (including wins contributed to) and corrective conversations each week.
pub fn balance(
    feedback: &[&Feedback],
    wins: &[&Celebration],
    only: Option<&str>,
    today: Date,
) -> Chart {
    let ws = weeks(today);
    let in_week = |d: Date, i: usize| d >= ws[i].0 && d <= ws[i].1;
    let about = |p: &str| only.is_none_or(|o| o == p);
    let count = |kind: FeedbackKind, i: usize| {
        feedback
            .iter()
            .filter(|f| f.kind == kind && about(&f.person) && in_week(f.given_on, i))
            .count()
    };
    let recognition: Vec<usize> = (0..ws.len())
        .map(|i| {
            count(FeedbackKind::Recognition, i)
                + wins
                    .iter()
                    .filter(|w| in_week(w.on, i))
                    .filter(|w| only.is_none_or(|o| w.contributors.iter().any(|c| c == o)))
                    .count()
        })
        .collect();
    let corrective: Vec<usize> = (0..ws.len())
        .map(|i| count(FeedbackKind::Corrective, i))
        .collect();
    let (r, c): (usize, usize) = (recognition.iter().sum(), corrective.iter().sum());
    let summary = if r + c == 0 {
        "No recognition or corrective feedback in twelve weeks.".into()
    } else {
        format!(
            "{r} recognition and {c} corrective in twelve weeks: {}.",
            if c == 0 {
                "recognition only".to_string()
            } else {
                format!(
                    "{} to 1",
                    number((r as f64 / c as f64 * 10.0).round() / 10.0)
                )
            }
        )
    };
    let series = |name: &str, v: Vec<usize>| Series {
        name: name.into(),
        values: v.into_iter().map(|n| Some(n as f64)).collect(),
    };
    Chart {
        key: "balance".into(),
        title: "Recognition and corrective feedback".into(),
        unit: "per week".into(),
        weeks: mondays(&ws),
        series: vec![
            series("Recognition", recognition),
            series("Corrective", corrective),
        ],
        style: Style::Grouped,
        target: None,
        max: None,
        summary,
    }
}

/// The average self-report confidence (1-5) of each week's reports.
pub fn confidence(reports: &[&SelfReport], only: Option<&str>, today: Date) -> Chart {
    let ws = weeks(today);
    let mut total = 0;
    let values: Vec<Option<f64>> = ws
        .iter()
        .map(|(monday, _)| {
            let cs: Vec<f64> = reports
                .iter()
                .filter(|r| r.week == *monday && only.is_none_or(|o| o == r.person))
                .filter_map(|r| r.confidence.map(f64::from))
                .collect();
            total += cs.len();
            (!cs.is_empty())
                .then(|| (cs.iter().sum::<f64>() / cs.len() as f64 * 10.0).round() / 10.0)
        })
        .collect();
    let latest = ws
        .iter()
        .zip(&values)
        .rev()
        .find_map(|(w, v)| v.map(|v| (w.0, v)));
    let summary = match latest {
        Some((w, v)) => format!(
            "Latest: {} of 5 in the week of {}; {total} reports with a confidence in twelve weeks.",
            number(v),
            short_date(w)
        ),
        None => "No self-report with a confidence in twelve weeks.".into(),
    };
    Chart {
        key: "confidence".into(),
        title: "Self-report confidence".into(),
        unit: "of 5".into(),
        weeks: mondays(&ws),
        series: vec![Series {
            name: "Average confidence".into(),
            values,
        }],
        style: Style::Line,
        target: None,
        max: Some(5.0),
        summary,
    }
}

/// One chart per indicator: its latest reading in each week (carried from the week it was
/// read), with its target as a line.
pub fn indicator(key: &str, ind: &Indicator, readings: &[Reading], today: Date) -> Chart {
    let ws = weeks(today);
    let values: Vec<Option<f64>> = ws
        .iter()
        .map(|(monday, day)| {
            readings
                .iter()
                .filter(|r| r.on >= *monday && r.on <= *day)
                .max_by_key(|r| r.on)
                .map(|r| r.value)
        })
        .collect();
    let n = readings
        .iter()
        .filter(|r| r.on >= ws[0].0 && r.on <= today)
        .count();
    let unit = ind.unit_suffix();
    let summary = match ws
        .iter()
        .zip(&values)
        .rev()
        .find_map(|(w, v)| v.map(|v| (w.0, v)))
    {
        Some((w, v)) => format!(
            "{n} readings in twelve weeks; the latest {}{unit} in the week of {}{}.",
            number(v),
            short_date(w),
            ind.target
                .map(|t| format!(", against a target of {}{unit}", number(t)))
                .unwrap_or_default()
        ),
        None => "No reading in twelve weeks.".into(),
    };
    Chart {
        key: format!("indicator-{key}"),
        title: ind.name.clone(),
        unit: ind.unit.clone(),
        weeks: mondays(&ws),
        series: vec![Series {
            name: ind.name.clone(),
            values,
        }],
        style: Style::Line,
        target: ind.target,
        max: None,
        summary,
    }
}
