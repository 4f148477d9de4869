//! The balanced scorecard: the four perspectives, each with its objectives (team goals placed in
//! it) and its indicators, the checks Kaplan and Norton's rules suggest, and the Markdown export.
use crate::domain::dates::Date;
use crate::domain::goal_report::md;

use super::leadlag::analyse;
use super::links::links;
use super::{latest_change, number, Health, Indicator, IndicatorKind, Perspective, Reading};

/// More objectives than this in one perspective dilutes the focus.
pub const MAX_OBJECTIVES: usize = 5;

/// One indicator with its readings, as the scorecard reads it.
pub struct Entry<'a> {
    pub id: &'a str,
    pub indicator: &'a Indicator,
    /// Oldest first.
    pub readings: &'a [Reading],
}

impl Entry<'_> {
    /// The latest reading's health, or None without a reading (or a target).
    pub fn health(&self) -> Option<Health> {
        let (last, _) = latest_change(self.readings)?;
        self.indicator.health(last.value)
    }

    /// "Healthy: 44 calls (target 40), up 3 since the last reading", or that there is none yet.
    pub fn status_words(&self) -> String {
        match self.health() {
            Some(h) => format!("{}: {}", h.label(), self.reading_words()),
            None if self.readings.is_empty() => self.reading_words(),
            None => format!("No target: {}", self.reading_words()),
        }
    }

    /// The status without the health, for beside a badge that says it: "44 calls (target 40),
    /// up 3 since the reading before."
    pub fn reading_words(&self) -> String {
        let ind = self.indicator;
        let unit = ind.unit_suffix();
        let target = ind
            .target
            .map(|t| format!(" (target {}{unit})", number(t)))
            .unwrap_or_default();
        let Some((last, change)) = latest_change(self.readings) else {
            return format!("No reading yet{target}.");
        };
        let change = match change {
            Some(c) if c > 0.0 => format!(", up {}{unit} since the reading before", number(c)),
            Some(c) if c < 0.0 => format!(", down {}{unit} since the reading before", number(-c)),
            Some(_) => ", no change since the reading before".into(),
            None => String::new(),
        };
        format!("{}{unit}{target}{change}.", number(last.value))
    }
}

/// What the scorecard warns about, in words: a perspective with no indicator or no leading one,
/// too many objectives in one, and chains of links that never reach a financial or results
/// measure. `objectives` are the perspectives of the team goals placed in one.
pub fn warnings(entries: &[Entry], objectives: &[Perspective]) -> Vec<String> {
    let mut out = vec![];
    for p in Perspective::ALL {
        let here: Vec<&Entry> = entries
            .iter()
            .filter(|e| e.indicator.perspective == p)
            .collect();
        if here.is_empty() {
            out.push(format!(
                "{}: no indicator. Each perspective needs at least one measure.",
                p.label()
            ));
        } else if !here
            .iter()
            .any(|e| e.indicator.kind == IndicatorKind::Leading)
        {
            out.push(format!(
                "{}: no leading indicator, so this perspective only reports what already happened.",
                p.label()
            ));
        }
        let count = objectives.iter().filter(|o| **o == p).count();
        if count > MAX_OBJECTIVES {
            out.push(format!(
                "{}: {count} objectives. Three to five keep the focus; merge or drop some.",
                p.label()
            ));
        }
    }
    out.extend(chain_gaps(entries));
    out
}

/// Each chain of links that starts below the top of the map and never reaches a financial or
/// results measure, named by where it starts and where it stops.
pub fn chain_gaps(entries: &[Entry]) -> Vec<String> {
    let set: Vec<(&str, &Indicator)> = entries.iter().map(|e| (e.id, e.indicator)).collect();
    let edges = links(&set);
    let name = |id: &str| {
        set.iter()
            .find(|(i, _)| *i == id)
            .map(|(_, ind)| ind.name.clone())
            .unwrap_or_default()
    };
    let mut out = vec![];
    for (id, ind) in &set {
        let starts = ind.perspective != Perspective::Results
            && !ind.drives.is_empty()
            && !edges.iter().any(|(_, to)| to == id);
        if !starts {
            continue;
        }
        // Everything reachable from it, by following the links.
        let mut reached: Vec<&str> = vec![id];
        let mut i = 0;
        while i < reached.len() {
            let from = reached[i];
            for (_, to) in edges.iter().filter(|(f, _)| *f == from) {
                if !reached.contains(to) {
                    reached.push(to);
                }
            }
            i += 1;
        }
        let reaches_results = reached.iter().any(|r| {
            set.iter()
                .any(|(o, x)| o == r && x.perspective == Perspective::Results)
        });
        if !reaches_results {
            let ends: Vec<String> = reached
                .iter()
                .skip(1)
                .filter(|r| !edges.iter().any(|(f, _)| f == *r))
                .map(|r| format!("“{}”", name(r)))
                .collect();
            out.push(format!(
                "“{}” never reaches a financial or results measure: its chain stops at {}. Link what it moves to the result it should change.",
                ind.name,
                if ends.is_empty() { "itself".to_string() } else { ends.join(" and ") }
            ));
        }
    }
    out
}

/// The scorecard as Markdown: per perspective, its objectives and a table of its indicators,
/// then the links with their lead-lag finding, then the warnings.
pub fn markdown(
    team: &str,
    entries: &[Entry],
    objectives: &[(Perspective, String)],
    today: Date,
) -> String {
    let mut out = format!("# Balanced scorecard: {}\n\nAs of {today}.\n", md(team));
    for p in Perspective::ALL {
        out.push_str(&format!("\n## {}\n\n", p.label()));
        let goals: Vec<&String> = objectives
            .iter()
            .filter(|(o, _)| *o == p)
            .map(|(_, t)| t)
            .collect();
        if goals.is_empty() {
            out.push_str("Objectives: none placed here.\n\n");
        } else {
            out.push_str("Objectives:\n\n");
            for g in goals {
                out.push_str(&format!("- {}\n", md(g)));
            }
            out.push('\n');
        }
        let here: Vec<&Entry> = entries
            .iter()
            .filter(|e| e.indicator.perspective == p)
            .collect();
        if here.is_empty() {
            out.push_str("No indicators.\n");
            continue;
        }
        out.push_str("| Indicator | Kind | Status |\n|---|---|---|\n");
        for e in here {
            let kind = e.indicator.kind.short();
            out.push_str(&format!(
                "| {} | {kind} | {} |\n",
                md(&e.indicator.name).replace('|', "\\|"),
                md(&e.status_words()).replace('|', "\\|")
            ));
        }
    }
    let set: Vec<(&str, &Indicator)> = entries.iter().map(|e| (e.id, e.indicator)).collect();
    let edges = links(&set);
    if !edges.is_empty() {
        out.push_str("\n## Cause and effect\n\n");
        for (from, to) in edges {
            let (Some(a), Some(b)) = (
                entries.iter().find(|e| e.id == from),
                entries.iter().find(|e| e.id == to),
            ) else {
                continue;
            };
            let finding =
                analyse(a.readings, b.readings).words(&a.indicator.name, &b.indicator.name);
            out.push_str(&format!(
                "- {} → {}: {}\n",
                md(&a.indicator.name),
                md(&b.indicator.name),
                md(&finding)
            ));
        }
    }
    let w = warnings(
        entries,
        &objectives.iter().map(|(p, _)| *p).collect::<Vec<_>>(),
    );
    if !w.is_empty() {
        out.push_str("\n## To look at\n\n");
        for line in w {
            out.push_str(&format!("- {}\n", md(&line)));
        }
    }
    out
}
