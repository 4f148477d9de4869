//! One line per goal with everything a list, a tree or a report shows: progress (rolled up
//! where needed), pace and status, in alignment order. Exported as CSV and Markdown.
use super::dates::Date;

use super::goal::{format_number, pace, progress, Goal, GoalLevel, GoalSet, Pace, ProgressSource};

#[derive(Clone, Debug, PartialEq)]
pub struct GoalLine {
    pub id: String,
    /// 0 for goals with nothing above them, 1 for their aligned goals, and so on.
    pub depth: usize,
    pub goal: Goal,
    pub progress: Option<f64>,
    pub rolled_up: bool,
    pub pace: Pace,
    /// Titles of the goal it aligns to, if any.
    pub parent_title: Option<String>,
    pub children: usize,
}

/// Every goal (archived ones only when `with_archived`), parents before their aligned goals.
pub fn goal_lines<'a>(all: &GoalSet<'a>, today: Date, with_archived: bool) -> Vec<GoalLine> {
    let mut roots: Vec<(&str, &Goal)> = all
        .iter()
        .filter(|(_, g)| with_archived || !g.archived)
        .filter(|(_, g)| match &g.aligned_to {
            None => true,
            Some(p) => all.get(p).is_none_or(|p| !with_archived && p.archived),
        })
        .collect();
    sort_goals(&mut roots);
    let mut out = vec![];
    let mut seen: Vec<&str> = vec![];
    for (id, _) in roots {
        push_line(all, id, 0, today, with_archived, &mut out, &mut seen);
    }
    // Goals caught in an alignment loop (only possible in damaged or imported data) have no
    // root above them: list them anyway, so nothing disappears.
    let mut rest: Vec<(&str, &Goal)> = all
        .iter()
        .filter(|(id, g)| (with_archived || !g.archived) && !seen.contains(id))
        .collect();
    sort_goals(&mut rest);
    for (id, _) in rest {
        push_line(all, id, 0, today, with_archived, &mut out, &mut seen);
    }
    out
}

/// Goals by level, then deadline, then title. Every list sorts through here: one sort routine
/// in the bundle instead of one per call site.
pub fn sort_goals(goals: &mut [(&str, &Goal)]) {
    fn key(g: &Goal) -> (GoalLevel, Option<Date>, &str) {
        (g.level, g.due, g.title.as_str())
    }
    super::goal::sort_small(goals, |a, b| key(a.1) < key(b.1));
}

fn push_line<'a>(
    all: &GoalSet<'a>,
    id: &'a str,
    depth: usize,
    today: Date,
    with_archived: bool,
    out: &mut Vec<GoalLine>,
    seen: &mut Vec<&'a str>,
) {
    // A loop in stored data must not repeat lines forever.
    if seen.contains(&id) {
        return;
    }
    let Some(line) = line_of(id, all, today) else {
        return;
    };
    seen.push(id);
    let mut kids: Vec<(&str, &Goal)> = all
        .iter()
        .filter(|(_, g)| g.aligned_to.as_deref() == Some(id) && (with_archived || !g.archived))
        .collect();
    sort_goals(&mut kids);
    out.push(GoalLine {
        depth,
        children: kids.len(),
        ..line
    });
    for (kid, _) in kids {
        push_line(all, kid, depth + 1, today, with_archived, out, seen);
    }
}

/// The line of one goal (at depth 0), as a list shows it; None when there is no such goal.
pub fn line_of(id: &str, all: &GoalSet, today: Date) -> Option<GoalLine> {
    let goal = all.get(id)?;
    let p = progress(id, all);
    Some(GoalLine {
        id: id.to_string(),
        depth: 0,
        goal: goal.clone(),
        progress: p.value,
        rolled_up: p.source == ProgressSource::Children,
        pace: pace(goal, p.value, today),
        parent_title: goal
            .aligned_to
            .as_deref()
            .and_then(|p| all.get(p))
            .map(|p| p.title.clone()),
        children: all.children(id).len(),
    })
}

/// "62 %" or "–" when nothing measures it.
pub fn percent(p: Option<f64>) -> String {
    match p {
        Some(p) => format!("{} %", (p * 100.0).round() as i64),
        None => "–".into(),
    }
}

/// "CSAT 7.2 → 8.5, now 7.9" or "2 of 4 milestones".
pub fn measure_text(g: &Goal) -> String {
    if let Some(m) = &g.measure {
        let unit = if m.unit.is_empty() {
            String::new()
        } else {
            format!("{} ", m.unit)
        };
        return format!(
            "{unit}{} \u{2192} {}, now {}",
            format_number(m.start),
            format_number(m.target),
            format_number(m.current)
        );
    }
    if !g.milestones.is_empty() {
        let done = g.milestones.iter().filter(|m| m.done_on.is_some()).count();
        return format!("{done} of {} milestones", g.milestones.len());
    }
    String::new()
}

const CSV_HEADER: &str =
    "Level,Title,Owner,Period,Aligned to,Measure,Progress,Status,Why,Due,Confidence";

/// The goals as CSV (RFC 4180), one row per goal; `owner_name` turns an owner id into a name.
pub fn goals_csv(lines: &[GoalLine], owner_name: &dyn Fn(&str) -> String) -> String {
    let mut out = String::from(CSV_HEADER);
    out.push_str("\r\n");
    for l in lines {
        let g = &l.goal;
        let cells = [
            g.level.label().to_string(),
            g.title.clone(),
            owner_name(&g.owner),
            g.period.map(|p| p.label()).unwrap_or_default(),
            l.parent_title.clone().unwrap_or_default(),
            measure_text(g),
            percent(l.progress),
            l.pace.status.label().to_string(),
            l.pace.explanation.clone(),
            g.due.map(|d| d.to_string()).unwrap_or_default(),
            g.confidence.map(|c| c.to_string()).unwrap_or_default(),
        ];
        let row: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

/// Quotes a cell when needed, and defuses text a spreadsheet would run as a formula.
pub(crate) fn csv_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s.parse::<f64>().is_err() {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// The goals as a Markdown report: a heading per level, aligned goals nested under their parent.
pub fn goals_markdown(
    lines: &[GoalLine],
    owner_name: &dyn Fn(&str) -> String,
    team: &str,
    today: Date,
) -> String {
    let mut out = format!(
        "# Goals: {}\n\n_As of {}._\n\n",
        md(if team.is_empty() { "the team" } else { team }),
        super::dates::long_date(today)
    );
    for l in lines {
        let g = &l.goal;
        let indent = "  ".repeat(l.depth);
        let mut parts = vec![
            format!("{} · {}", percent(l.progress), l.pace.status.label()),
            md(&owner_name(&g.owner)),
        ];
        if let Some(p) = g.period {
            parts.push(p.label());
        }
        let m = measure_text(g);
        if !m.is_empty() {
            parts.push(md(&m));
        }
        out.push_str(&format!(
            "{indent}- **{}** ({}): {}\n{indent}  {}\n",
            md(&g.title),
            g.level.label().to_ascii_lowercase(),
            parts.join(" · "),
            md(&l.pace.explanation)
        ));
    }
    if lines.is_empty() {
        out.push_str("No goals yet.\n");
    }
    out
}

/// Escapes what Markdown would read as formatting or HTML.
pub fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '`' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(if c == '\n' { ' ' } else { c });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::goal::{Measure, Period};

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::from_ymd(y, m, day).unwrap()
    }

    fn goals() -> Vec<(String, Goal)> {
        let s = Goal {
            title: "Raise CSAT, \"properly\"".into(),
            level: GoalLevel::Strategic,
            period: Period::parse("2026"),
            due: Some(d(2026, 12, 31)),
            ..Goal::default()
        };
        let t = Goal {
            title: "=Cut *wait* times".into(),
            level: GoalLevel::Tactical,
            owner: "p1".into(),
            aligned_to: Some("s".into()),
            period: Period::parse("2026-Q4"),
            due: Some(d(2026, 12, 31)),
            measure: Some(Measure {
                unit: "hours".into(),
                start: 4.0,
                target: 1.0,
                current: 2.5,
                direction: crate::domain::goal::Direction::Down,
            }),
            ..Goal::default()
        };
        let a = Goal {
            title: "Old".into(),
            archived: true,
            ..Goal::default()
        };
        vec![("t".into(), t), ("s".into(), s), ("a".into(), a)]
    }

    #[test]
    fn lines_come_in_alignment_order_with_rolled_up_progress() {
        let g = goals();
        let set = GoalSet::new(g.iter().map(|(id, g)| (id.as_str(), g)));
        let lines = goal_lines(&set, d(2026, 11, 26), false);
        let got: Vec<_> = lines
            .iter()
            .map(|l| (l.id.as_str(), l.depth, l.rolled_up))
            .collect();
        assert_eq!(got, vec![("s", 0, true), ("t", 1, false)]);
        assert_eq!(percent(lines[0].progress), "50 %");
        assert_eq!(
            lines[1].parent_title.as_deref(),
            Some("Raise CSAT, \"properly\"")
        );
        assert_eq!(goal_lines(&set, d(2026, 11, 26), true).len(), 3);
    }

    #[test]
    fn goals_in_an_alignment_loop_are_still_listed_once() {
        let mut g = goals();
        g[1].1.aligned_to = Some("t".into()); // s -> t -> s
        let set = GoalSet::new(g.iter().map(|(id, g)| (id.as_str(), g)));
        let lines = goal_lines(&set, d(2026, 11, 26), false);
        let ids: Vec<_> = lines.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, vec!["s", "t"]);
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let g = goals();
        let set = GoalSet::new(g.iter().map(|(id, g)| (id.as_str(), g)));
        let lines = goal_lines(&set, d(2026, 11, 26), false);
        let csv = goals_csv(&lines, &|id| {
            if id.is_empty() {
                "Team".into()
            } else {
                "Maya".into()
            }
        });
        let rows: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(rows[0], CSV_HEADER);
        assert!(
            rows[1].starts_with("Strategic,\"Raise CSAT, \"\"properly\"\"\",Team,2026,,,50 %,"),
            "{}",
            rows[1]
        );
        assert!(rows[2].starts_with("Tactical,'=Cut *wait* times,Maya,Q4 2026,\"Raise CSAT, \"\"properly\"\"\",\"hours 4 → 1, now 2.5\",50 %,At risk,"), "{}", rows[2]);
        assert_eq!(rows.len(), 4, "header, two goals, final line break");
    }

    #[test]
    fn markdown_nests_and_escapes() {
        let g = goals();
        let set = GoalSet::new(g.iter().map(|(id, g)| (id.as_str(), g)));
        let lines = goal_lines(&set, d(2026, 11, 26), false);
        let text = goals_markdown(&lines, &|_| "Maya".into(), "Support <b>", d(2026, 11, 26));
        assert!(
            text.starts_with("# Goals: Support \\<b\\>\n\n_As of 26 November 2026._"),
            "{text}"
        );
        assert!(
            text.contains("\n- **Raise CSAT, \"properly\"** (strategic): 50 % · "),
            "{text}"
        );
        assert!(
            text.contains("\n  - **=Cut \\*wait\\* times** (tactical): 50 % · "),
            "{text}"
        );
    }
}
