//! A person's development plan as a whole: its progress, what the monthly review and the
//! check-in take from it, and its Markdown export.
use super::gaps::Gap;
use super::{level_label, ActionStatus, DevAction, Stretch};
use crate::domain::dates::{long_date, short_date, Date};
use crate::domain::goal_report::md;

/// How far a plan has come.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlanProgress {
    pub done: usize,
    pub open: usize,
    /// Open actions whose due date has passed.
    pub overdue: usize,
}

impl PlanProgress {
    /// "2 of 5 actions done · 1 overdue".
    pub fn words(&self) -> String {
        let total = self.done + self.open;
        if total == 0 {
            return "No development actions yet.".into();
        }
        let mut s = format!(
            "{} of {total} action{} done",
            self.done,
            if total == 1 { "" } else { "s" }
        );
        if self.overdue > 0 {
            s.push_str(&format!(" · {} overdue", self.overdue));
        }
        s
    }
}

/// Progress of the actions given (dropped ones count for nothing).
pub fn progress(actions: &[&DevAction], today: Date) -> PlanProgress {
    let mut p = PlanProgress::default();
    for a in actions {
        match a.status {
            ActionStatus::Done => p.done += 1,
            ActionStatus::Dropped => {}
            _ => {
                p.open += 1;
                if a.due.is_some_and(|d| d < today) {
                    p.overdue += 1;
                }
            }
        }
    }
    p
}

/// The open actions due within `days` of `today` (and those overdue), soonest first: what a
/// check-in brings up.
pub fn due_soon<'a>(actions: &[&'a DevAction], today: Date, days: i64) -> Vec<&'a DevAction> {
    let mut due: Vec<&DevAction> = actions
        .iter()
        .copied()
        .filter(|a| a.due_by(today.add_days(days)))
        .collect();
    due.sort_by_key(|a| a.due);
    due
}

/// What the monthly review's development part starts from, for the month `from`..=`to`: the
/// actions finished in it, those still open, the gaps, and stretch work. One line each, plain
/// text, so it can go into the review's notes.
pub fn review_lines(
    gaps: &[Gap],
    actions: &[&DevAction],
    stretches: &[&Stretch],
    skill_name: &dyn Fn(&str) -> String,
    from: Date,
    to: Date,
) -> Vec<String> {
    let mut out = vec![];
    for a in actions {
        match (a.status, a.done_on) {
            (ActionStatus::Done, Some(d)) if d >= from && d <= to => out.push(format!(
                "Done {}: {} ({}): {}",
                short_date(d),
                a.title,
                skill_name(&a.skill),
                a.evidence
            )),
            (s, _) if s.is_open() => out.push(format!(
                "Open: {} ({}), due {}",
                a.title,
                skill_name(&a.skill),
                a.due.map(short_date).unwrap_or_default()
            )),
            _ => {}
        }
    }
    for g in gaps.iter().filter(|g| g.open()).take(3) {
        out.push(format!(
            "Gap: {}: needs {}, at {}",
            g.name,
            g.required,
            g.current.unwrap_or(0)
        ));
    }
    for s in stretches {
        let ran =
            s.start.is_some_and(|d| d <= to) && s.finished.or(s.end).is_some_and(|d| d >= from);
        if ran {
            out.push(format!(
                "Stretch: {} ({}){}",
                s.title,
                s.kind.label(),
                if s.finished.is_some() {
                    ", finished"
                } else {
                    ""
                }
            ));
        }
    }
    out
}

/// The plan as Markdown: gaps, actions per skill, stretch assignments.
pub fn plan_markdown(
    person: &str,
    gaps: &[Gap],
    actions: &[&DevAction],
    stretches: &[&Stretch],
    skill_name: &dyn Fn(&str) -> String,
    today: Date,
) -> String {
    let mut out = format!(
        "# Development plan: {}\n\n_As of {}. {}._\n\n## Gaps\n\n",
        md(person),
        long_date(today),
        progress(actions, today).words().trim_end_matches('.')
    );
    if gaps.is_empty() {
        out.push_str("No skills are set for their role.\n");
    }
    for g in gaps {
        out.push_str(&format!("- **{}**: {}\n", md(&g.name), md(&g.why)));
    }
    out.push_str("\n## Actions\n\n");
    if actions.is_empty() {
        out.push_str("None yet.\n");
    }
    for a in actions {
        out.push_str(&format!(
            "- [{}] {} · {} · {} · due {}",
            if a.status == ActionStatus::Done {
                "x"
            } else {
                " "
            },
            md(&a.title),
            a.kind.label(),
            md(&skill_name(&a.skill)),
            a.due.map(long_date).unwrap_or_default()
        ));
        if a.status != ActionStatus::Done {
            out.push_str(&format!(" · {}", a.status.label()));
        }
        if let Some(l) = a.expected_level {
            out.push_str(&format!(" · to level {}", level_label(l)));
        }
        if !a.resource.trim().is_empty() {
            out.push_str(&format!("\n  Resource: {}", md(a.resource.trim())));
        }
        if !a.evidence.trim().is_empty() {
            out.push_str(&format!("\n  Evidence: {}", md(a.evidence.trim())));
        }
        out.push('\n');
    }
    out.push_str("\n## Stretch assignments\n\n");
    if stretches.is_empty() {
        out.push_str("None yet.\n");
    }
    for s in stretches {
        out.push_str(&format!(
            "- **{}** ({}), {} to {}: {}\n",
            md(&s.title),
            s.kind.label(),
            s.start.map(long_date).unwrap_or_default(),
            s.end.map(long_date).unwrap_or_default(),
            md(&s.results)
        ));
        if !s.outcome.is_empty() {
            out.push_str(&format!("  Outcome: {}\n", md(&s.outcome)));
        }
        if !s.reflection.is_empty() {
            out.push_str(&format!("  Reflection: {}\n", md(&s.reflection)));
        }
    }
    out
}
