//! Where people stand against their role's skills: each person's gaps ranked, the team's
//! coverage with its single points of failure, stale assessments, and how stretch work is
//! shared.
use chrono::Months;

use super::{Assessment, Category, Skill, Stretch, StretchKind};
use crate::domain::dates::{short_date, Date};

/// An assessment older than this many months is stale: assess again.
pub const STALE_MONTHS: u32 = 6;
/// Someone holds a skill at this level or above: they can do it alone and help others.
pub const HOLDS_LEVEL: u8 = 3;
/// The fairness view counts stretch work of the last this many days.
pub const FAIRNESS_DAYS: i64 = 365;

/// Whether an assessment made `on` is stale on `today` (older than `STALE_MONTHS`).
pub fn is_stale(on: Date, today: Date) -> bool {
    on.naive()
        .checked_add_months(Months::new(STALE_MONTHS))
        .is_some_and(|limit| limit < today.naive())
}

/// Whole months from `on` to `today`.
pub fn months_between(on: Date, today: Date) -> u32 {
    let months = (today.year() - on.year()) * 12 + today.month() as i32
        - on.month() as i32
        - i32::from(today.day() < on.day());
    months.max(0) as u32
}

/// "8 months old", "1 year and 2 months old".
pub fn age_words(on: Date, today: Date) -> String {
    let m = months_between(on, today);
    let plural = |n: u32, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (m / 12, m % 12) {
        (0, m) => format!("{} old", plural(m, "month")),
        (y, 0) => format!("{} old", plural(y, "year")),
        (y, m) => format!("{} and {} old", plural(y, "year"), plural(m, "month")),
    }
}

/// The latest assessment of `person` in `skill`: the manager's (`by_self` false) or their own.
/// Of two on the same day, the one later in `all` (give them in the order they were made).
pub fn latest<'a>(
    person: &str,
    skill: &str,
    by_self: bool,
    all: &[&'a Assessment],
) -> Option<&'a Assessment> {
    all.iter()
        .copied()
        .filter(|a| a.person == person && a.skill == skill && a.by_self == by_self)
        .fold(None, |best: Option<&Assessment>, a| match best {
            Some(b) if b.on > a.on => Some(b),
            _ => Some(a),
        })
}

/// A goal as the gap ranking sees it: its title, whether it is at risk or off track, and the
/// skills (record ids) it needs.
#[derive(Clone, Copy, Debug)]
pub struct GoalNeed<'a> {
    pub title: &'a str,
    pub at_risk: bool,
    pub skills: &'a [String],
}

/// One skill of a person's role against their level.
#[derive(Clone, Debug, PartialEq)]
pub struct Gap {
    /// The skill's record id.
    pub skill: String,
    pub name: String,
    pub required: u8,
    /// The manager's latest assessment.
    pub current: Option<u8>,
    pub assessed_on: Option<Date>,
    /// Their own latest self-assessment.
    pub own: Option<u8>,
    pub stale: bool,
    /// Required minus current (0 or less: met); the required level when not assessed.
    pub size: i16,
    /// Their current goals that need it, and those of them at risk.
    pub goals: Vec<String>,
    pub at_risk: Vec<String>,
    /// Size × weight, where weight = 1 + goals needing it + 2 × those at risk.
    pub priority: u32,
    /// The ranking in one line.
    pub why: String,
}

impl Gap {
    pub fn open(&self) -> bool {
        self.current.is_some() && self.size > 0
    }
}

fn levels(n: i16) -> String {
    format!("{n} level{}", if n == 1 { "" } else { "s" })
}

fn goal_words(goals: &[String], at_risk: &[String]) -> String {
    let more = |n: usize| match n {
        0 => String::new(),
        1 => " and 1 more goal".into(),
        n => format!(" and {n} more goals"),
    };
    match (at_risk.first(), goals.first()) {
        (Some(t), _) => format!("needed by “{t}”, which is at risk{}", more(goals.len() - 1)),
        (None, Some(t)) => format!("needed by “{t}”{}", more(goals.len() - 1)),
        (None, None) => "no current goal of theirs needs it".into(),
    }
}

/// The skills `role` needs, against the person's levels: open gaps first, ranked by priority
/// (size × how much their goals need it), then skills not assessed yet, then those met.
pub fn person_gaps(
    person: &str,
    role: &str,
    skills: &[(&str, &Skill)],
    assessments: &[&Assessment],
    goals: &[GoalNeed],
    today: Date,
) -> Vec<Gap> {
    let mut out: Vec<Gap> = skills
        .iter()
        .filter_map(|(id, skill)| {
            let required = skill.required_for(role)?;
            let manager = latest(person, id, false, assessments);
            let own = latest(person, id, true, assessments).and_then(|a| a.level);
            let current = manager.and_then(|a| a.level);
            let assessed_on = manager.map(|a| a.on);
            let needing: Vec<&GoalNeed> = goals
                .iter()
                .filter(|g| g.skills.iter().any(|s| s == id))
                .collect();
            let titles = |risky: bool| -> Vec<String> {
                needing
                    .iter()
                    .filter(|g| !risky || g.at_risk)
                    .map(|g| g.title.to_string())
                    .collect()
            };
            let (goal_titles, at_risk) = (titles(false), titles(true));
            let size = i16::from(required) - i16::from(current.unwrap_or(0));
            let weight = 1 + goal_titles.len() as u32 + 2 * at_risk.len() as u32;
            let stale = assessed_on.is_some_and(|on| is_stale(on, today));
            let mut why = match (current, assessed_on) {
                (Some(c), Some(on)) if size > 0 => format!(
                    "{} short (needs {required}, assessed {c} on {}); {}.",
                    levels(size),
                    short_date(on),
                    goal_words(&goal_titles, &at_risk)
                ),
                (Some(c), _) => format!("Meets it: needs {required}, assessed {c}."),
                _ => format!(
                    "Not assessed yet: the role needs level {required}; {}.",
                    goal_words(&goal_titles, &at_risk)
                ),
            };
            if let (true, Some(on)) = (stale, assessed_on) {
                why.push_str(&format!(
                    " The assessment is {}: assess again.",
                    age_words(on, today)
                ));
            }
            Some(Gap {
                skill: id.to_string(),
                name: skill.name.clone(),
                required,
                current,
                assessed_on,
                own,
                stale,
                size,
                priority: if current.is_some() && size > 0 {
                    size as u32 * weight
                } else {
                    0
                },
                goals: goal_titles,
                at_risk,
                why,
            })
        })
        .collect();
    let group = |g: &Gap| match (g.current, g.size > 0) {
        (Some(_), true) => 0,
        (None, _) => 1,
        (Some(_), false) => 2,
    };
    out.sort_by(|a, b| {
        group(a)
            .cmp(&group(b))
            .then(b.priority.cmp(&a.priority))
            .then(b.at_risk.len().cmp(&a.at_risk.len()))
            .then(b.size.cmp(&a.size))
            .then(a.name.cmp(&b.name))
    });
    out
}

/// A person of the team as coverage and fairness see them.
#[derive(Clone, Copy, Debug)]
pub struct Member<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub role: &'a str,
}

/// One person's level in one skill, and what their role needs of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub level: Option<u8>,
    pub required: Option<u8>,
    pub stale: bool,
}

impl Cell {
    /// "3", "3 of 4 needed", "not assessed", "–" (not needed and not assessed).
    pub fn text(&self) -> String {
        match (self.level, self.required) {
            (Some(l), Some(r)) if l < r => format!("{l} (needs {r})"),
            (Some(l), _) => l.to_string(),
            (None, Some(r)) => format!("? (needs {r})"),
            (None, None) => "–".into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct CoverageRow {
    pub skill: String,
    pub name: String,
    pub category: Category,
    /// Needed by the role of at least one person listed.
    pub required: bool,
    /// One per person, in the order given.
    pub cells: Vec<Cell>,
    /// Indexes of the people holding it at `HOLDS_LEVEL` or above.
    pub holders: Vec<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Coverage {
    pub people: Vec<String>,
    pub rows: Vec<CoverageRow>,
    /// A needed skill only one person holds: (skill, person).
    pub single_points: Vec<(String, String)>,
    /// Needed skills nobody holds.
    pub nobody: Vec<String>,
    /// (person, skill, age) of each stale latest assessment.
    pub stale: Vec<(String, String, String)>,
}

/// Skills × people, from each person's latest assessment by the manager.
pub fn coverage(
    people: &[Member],
    skills: &[(&str, &Skill)],
    assessments: &[&Assessment],
    today: Date,
) -> Coverage {
    let mut stale = vec![];
    let rows: Vec<CoverageRow> = skills
        .iter()
        .map(|(id, skill)| {
            let cells: Vec<Cell> = people
                .iter()
                .map(|p| {
                    let a = latest(p.id, id, false, assessments);
                    let is_stale = a.is_some_and(|a| is_stale(a.on, today));
                    if let (true, Some(a)) = (is_stale, a) {
                        stale.push((
                            p.name.to_string(),
                            skill.name.clone(),
                            age_words(a.on, today),
                        ));
                    }
                    Cell {
                        level: a.and_then(|a| a.level),
                        required: skill.required_for(p.role),
                        stale: is_stale,
                    }
                })
                .collect();
            let holders = cells
                .iter()
                .enumerate()
                .filter(|(_, c)| c.level.is_some_and(|l| l >= HOLDS_LEVEL))
                .map(|(i, _)| i)
                .collect();
            CoverageRow {
                skill: id.to_string(),
                name: skill.name.clone(),
                category: skill.category,
                required: cells.iter().any(|c| c.required.is_some()),
                cells,
                holders,
            }
        })
        .collect();
    let single_points = rows
        .iter()
        .filter(|r| r.required && r.holders.len() == 1)
        .map(|r| (r.name.clone(), people[r.holders[0]].name.to_string()))
        .collect();
    let nobody = rows
        .iter()
        .filter(|r| r.required && r.holders.is_empty())
        .map(|r| r.name.clone())
        .collect();
    Coverage {
        people: people.iter().map(|p| p.name.to_string()).collect(),
        rows,
        single_points,
        nobody,
        stale,
    }
}

/// The grid as CSV: a row per skill, a column per person with their level (empty where not
/// assessed), then how many hold it.
pub fn coverage_csv(c: &Coverage) -> String {
    use crate::domain::goal_report::csv_cell;
    let mut head = vec!["Skill".to_string(), "Category".into()];
    head.extend(c.people.iter().cloned());
    head.push(format!("Holders at {HOLDS_LEVEL}+"));
    let mut out = String::new();
    let mut line = |cells: Vec<String>| {
        let row: Vec<String> = cells.iter().map(|x| csv_cell(x)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    };
    line(head);
    for r in &c.rows {
        let mut cells = vec![r.name.clone(), r.category.label().to_string()];
        cells.extend(
            r.cells
                .iter()
                .map(|x| x.level.map(|l| l.to_string()).unwrap_or_default()),
        );
        cells.push(r.holders.len().to_string());
        line(cells);
    }
    out
}

/// Stretch work per person over the last `FAIRNESS_DAYS`.
#[derive(Clone, Debug, PartialEq)]
pub struct FairRow {
    pub person: String,
    /// Per kind, in `StretchKind::ALL` order.
    pub counts: [usize; 3],
    pub total: usize,
}

/// Whether an assignment ran at any time in the year before `today`.
fn in_window(s: &Stretch, today: Date) -> bool {
    let from = today.add_days(-FAIRNESS_DAYS);
    let end = s.finished.or(s.end).unwrap_or(today);
    s.start.is_some_and(|start| start <= today) && end >= from
}

/// Each person's stretch assignments of the last 12 months, by kind, and what stands out in
/// words: who has had none, and how uneven the spread is.
pub fn fairness(people: &[Member], stretches: &[&Stretch], today: Date) -> (Vec<FairRow>, String) {
    let rows: Vec<FairRow> = people
        .iter()
        .map(|p| {
            let mut counts = [0; 3];
            for s in stretches
                .iter()
                .filter(|s| s.person == p.id && in_window(s, today))
            {
                let k = StretchKind::ALL
                    .iter()
                    .position(|k| *k == s.kind)
                    .unwrap_or(0);
                counts[k] += 1;
            }
            FairRow {
                person: p.name.to_string(),
                counts,
                total: counts.iter().sum(),
            }
        })
        .collect();
    let most = rows.iter().map(|r| r.total).max().unwrap_or(0);
    let none: Vec<&str> = rows
        .iter()
        .filter(|r| r.total == 0)
        .map(|r| r.person.as_str())
        .collect();
    let leaders: Vec<&str> = rows
        .iter()
        .filter(|r| r.total == most)
        .map(|r| r.person.as_str())
        .collect();
    let message = if most == 0 {
        "Nobody has had stretch work in the last 12 months.".to_string()
    } else if !none.is_empty() {
        format!(
            "No stretch work in the last 12 months for {}, while {} had {most}.",
            none.join(", "),
            leaders.join(", ")
        )
    } else if most - rows.iter().map(|r| r.total).min().unwrap_or(0) >= 2 {
        format!("Uneven: {} had {most}, others fewer.", leaders.join(", "))
    } else {
        "Shared evenly: everyone had some stretch work in the last 12 months.".to_string()
    };
    (rows, message)
}
