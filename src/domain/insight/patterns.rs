//! Pattern analysis (method 7.2): what goes with goals finished on time (success factors), and
//! the obstacles the team keeps meeting (barriers). Every finding says how many cases it rests
//! on; below `MIN_CASES` it says so instead of claiming a pattern. Nothing here is a model: it
//! counts, and the counts are shown.
use super::super::cadence::{held_dates, on_time_share};
use super::super::checkin::CheckIn;
use super::super::dates::{short_date, Date};
use super::super::feedback::{best_practices, Celebration};
use super::super::goal::{Goal, Status};
use super::super::person::Person;
use super::themes;

/// A finding needs at least this many finished goals on each side of the comparison.
pub const MIN_CASES: usize = 3;
/// 1:1s count as regular when at least this share of the expected ones were held on time from the
/// goal's start to its deadline (at most 90 days).
pub const REGULAR_SHARE: f64 = 0.75;

/// How a goal with a deadline ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    OnTime,
    /// Done after its deadline, or past it and not done.
    Late,
}

/// When a goal was done: the first reading that reached its target, the day its last milestone
/// was done, or, for a status set to done by hand, its latest update.
pub fn done_on(g: &Goal) -> Option<Date> {
    if g.status
        .as_ref()
        .is_some_and(|s| s.status == Status::Dropped)
    {
        return None;
    }
    if let Some(m) = &g.measure {
        let reached = |v: f64| {
            let mut at = m.clone();
            at.current = v;
            at.progress() >= 1.0
        };
        if let Some((d, _)) = super::goal_readings(g).iter().find(|(_, v)| reached(*v)) {
            return Some(*d);
        }
    } else if !g.milestones.is_empty() && g.milestones.iter().all(|m| m.done_on.is_some()) {
        return g.milestones.iter().filter_map(|m| m.done_on).max();
    }
    if g.status.as_ref().is_some_and(|s| s.status == Status::Done) {
        return g.updates.iter().map(|u| u.on).max().or(g.due);
    }
    None
}

/// On time, late, or not finished yet (None: deadline ahead, dropped, or no deadline).
pub fn outcome(g: &Goal, today: Date) -> Option<Outcome> {
    let due = g.due?;
    match done_on(g) {
        Some(d) if d <= due => Some(Outcome::OnTime),
        Some(_) => Some(Outcome::Late),
        None if due < today
            && g.status
                .as_ref()
                .is_none_or(|s| s.status != Status::Dropped) =>
        {
            Some(Outcome::Late)
        }
        None => None,
    }
}

/// One success factor: goals with it and without it, and how many of each finished on time.
#[derive(Clone, Debug, PartialEq)]
pub struct Factor {
    pub name: String,
    /// (on time, finished) with the factor.
    pub with: (usize, usize),
    /// (on time, finished) without it.
    pub without: (usize, usize),
    /// The finding in words, or why there is none yet.
    pub finding: String,
    /// Enough cases on both sides to compare.
    pub enough: bool,
}

fn share(x: (usize, usize)) -> f64 {
    if x.1 == 0 {
        0.0
    } else {
        x.0 as f64 / x.1 as f64
    }
}

fn pct(x: (usize, usize)) -> String {
    format!(
        "{} of {} ({} %)",
        x.0,
        x.1,
        (share(x) * 100.0).round() as i64
    )
}

fn factor(name: &str, with: (usize, usize), without: (usize, usize)) -> Factor {
    let enough = with.1 >= MIN_CASES && without.1 >= MIN_CASES;
    let finding = if !enough {
        format!(
            "Not enough cases yet: {} finished goals with it and {} without; a pattern needs {MIN_CASES} on each side.",
            with.1, without.1
        )
    } else {
        let (a, b) = (share(with), share(without));
        let verdict = if (a - b).abs() < 0.15 {
            "about the same either way: no pattern"
        } else if a > b {
            "more often on time with it"
        } else {
            "less often on time with it"
        };
        format!(
            "On time with it: {}; without it: {}. Goals finished {verdict}.",
            pct(with),
            pct(without)
        )
    };
    Factor {
        name: name.into(),
        with,
        without,
        finding,
        enough,
    }
}

/// What the analysis reads.
pub struct FactorInputs<'a> {
    pub goals: Vec<(&'a str, &'a Goal)>,
    /// (id, person, expected from).
    pub people: Vec<(&'a str, &'a Person, Date)>,
    pub check_ins: Vec<&'a CheckIn>,
    pub wins: Vec<&'a Celebration>,
}

/// The factors set beside goals finished (on time or late): regular 1:1s of the owner while the
/// goal ran, a linked indicator, a win that named what worked, and each practice named in
/// wins for two or more goals. The strongest differences first; those without enough cases last.
pub fn success_factors(inputs: &FactorInputs, today: Date) -> (usize, Vec<Factor>) {
    let finished: Vec<(&str, &Goal, Outcome)> = inputs
        .goals
        .iter()
        .filter_map(|(id, g)| outcome(g, today).map(|o| (*id, *g, o)))
        .collect();
    let tally = |has: &dyn Fn(&str, &Goal) -> bool| {
        let mut with = (0, 0);
        let mut without = (0, 0);
        for (id, g, o) in &finished {
            let side = if has(id, g) { &mut with } else { &mut without };
            side.1 += 1;
            if *o == Outcome::OnTime {
                side.0 += 1;
            }
        }
        (with, without)
    };
    let regular = |_: &str, g: &Goal| {
        let Some(due) = g.due else { return false };
        let Some((_, p, since)) = inputs.people.iter().find(|(id, _, _)| *id == g.owner) else {
            return false;
        };
        let held = held_dates(&g.owner, inputs.check_ins.iter().copied());
        // Over the goal's own span (at most the 90 days before its deadline).
        let from = g.starts_on().map_or(*since, |s| s.max(*since));
        let (on, of) = on_time_share(p.cadence, &held, Some(from), due.min(today));
        of > 0 && on as f64 / of as f64 >= REGULAR_SHARE
    };
    let wins_of = |id: &str| -> Vec<&Celebration> {
        inputs
            .wins
            .iter()
            .copied()
            .filter(|w| w.goals.iter().any(|g| g == id))
            .collect()
    };
    let mut out = vec![];
    let (w, wo) = tally(&regular);
    out.push(factor(
        &format!(
            "Regular 1:1s (at least {} % on time before the deadline)",
            (REGULAR_SHARE * 100.0) as i64
        ),
        w,
        wo,
    ));
    let (w, wo) = tally(&|_, g| g.indicator.is_some());
    out.push(factor("Linked to an indicator", w, wo));
    let (w, wo) = tally(&|id, _| wins_of(id).iter().any(|c| !c.what_worked.is_empty()));
    out.push(factor("A win that named what worked", w, wo));
    for p in best_practices(inputs.wins.iter().copied()) {
        let goals_with: Vec<&str> = inputs
            .wins
            .iter()
            .filter(|w| {
                w.what_worked
                    .iter()
                    .any(|x| x.trim().eq_ignore_ascii_case(p.text.trim()))
            })
            .flat_map(|w| w.goals.iter().map(String::as_str))
            .collect();
        if goals_with.len() < 2 {
            continue;
        }
        let (w, wo) = tally(&|id, _| goals_with.contains(&id));
        out.push(factor(&format!("Practice: {}", p.text), w, wo));
    }
    out.sort_by(|a, b| {
        b.enough.cmp(&a.enough).then(
            (share(b.with) - share(b.without))
                .abs()
                .total_cmp(&(share(a.with) - share(a.without)).abs()),
        )
    });
    (finished.len(), out)
}

/// A barrier: an obstacle theme across check-ins, how often and for whom it came up, when last,
/// and the goals worked on in those check-ins.
#[derive(Clone, Debug, PartialEq)]
pub struct Barrier {
    pub label: String,
    pub examples: Vec<String>,
    /// Times raised.
    pub count: usize,
    /// The people who raised it (record ids), first raised first.
    pub people: Vec<String>,
    pub last: Date,
    /// Goals updated in the check-ins where it came up (record ids).
    pub goals: Vec<String>,
    /// The finding, or that one mention is not a pattern.
    pub finding: String,
}

/// Obstacle themes across every check-in since `since`, the most common first. The goals a
/// theme touched: those updated in its check-ins, and those of the person raising it that had a
/// reading the same day.
pub fn barriers(check_ins: &[&CheckIn], goals: &[(&str, &Goal)], since: Date) -> Vec<Barrier> {
    let mut rows: Vec<(&CheckIn, &str)> = check_ins
        .iter()
        .filter(|c| c.held_on >= since)
        .flat_map(|c| c.obstacles.iter().map(move |o| (*c, o.text.as_str())))
        .filter(|(_, t)| !t.trim().is_empty())
        .collect();
    rows.sort_by_key(|(c, _)| c.held_on);
    let texts: Vec<&str> = rows.iter().map(|(_, t)| *t).collect();
    let all_goals = goals;
    themes::group(&texts)
        .into_iter()
        .map(|t| {
            let mut people: Vec<String> = vec![];
            let mut goals: Vec<String> = vec![];
            let mut last = rows[t.members[0]].0.held_on;
            for &m in &t.members {
                let c = rows[m].0;
                if !people.contains(&c.person) {
                    people.push(c.person.clone());
                }
                let same_day = all_goals
                    .iter()
                    .filter(|(_, g)| {
                        g.owner == c.person && g.updates.iter().any(|u| u.on == c.held_on)
                    })
                    .map(|(id, _)| id.to_string());
                for g in c
                    .goal_updates
                    .iter()
                    .map(|t| t.goal.clone())
                    .chain(same_day)
                {
                    if !goals.contains(&g) {
                        goals.push(g);
                    }
                }
                last = last.max(c.held_on);
            }
            let count = t.members.len();
            let finding = if count < MIN_CASES {
                format!(
                    "Raised {count} time{}: not yet a pattern (it takes {MIN_CASES}).",
                    if count == 1 { "" } else { "s" }
                )
            } else {
                format!(
                    "Raised {count} times by {} {}, last on {}.",
                    people.len(),
                    if people.len() == 1 {
                        "person"
                    } else {
                        "people"
                    },
                    short_date(last)
                )
            };
            Barrier {
                label: t.label,
                examples: t.examples,
                count,
                people,
                last,
                goals,
                finding,
            }
        })
        .collect()
}
