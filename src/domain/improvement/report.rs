//! An improvement plan as Markdown: the version and its fingerprint, the acknowledgement
//! record, every section, the reviews, the support ledger and the history.
use crate::domain::dates::{long_date, Date};

use super::{
    acknowledged, history, latest_progress, ledger, Plan, PlanAck, PlanReview, ACK_MEANING,
};

/// Names the Markdown needs: the person's and the manager's, and a goal's title by its id.
pub struct Names<'a> {
    pub person: &'a str,
    pub manager: &'a str,
    pub goal: &'a dyn Fn(&str) -> String,
}

/// "Version 2 · fingerprint 3f2a 9c01 7d44 e2b0 · issued 3 November 2026".
pub fn version_line(plan: &Plan) -> String {
    match plan.current() {
        Some(v) => format!(
            "Version {} · fingerprint {} · issued {}",
            v.number,
            v.fingerprint,
            long_date(v.on)
        ),
        None => "Not issued yet".into(),
    }
}

/// Who acknowledged the current version, when and where, in words.
pub fn ack_line(plan: &Plan, acks: &[&PlanAck], person: &str) -> String {
    match (acknowledged(plan, acks), plan.current()) {
        (Some(a), _) => format!(
            "{person} acknowledged receipt of version {} on {} {}.",
            a.version,
            long_date(a.on),
            if a.at_manager {
                "on the manager's device"
            } else {
                "on their own device"
            }
        ),
        (None, Some(v)) => format!(
            "{person} has not yet acknowledged receipt of version {}.",
            v.number
        ),
        (None, None) => String::new(),
    }
}

fn section(out: &mut String, title: &str, text: &str) {
    out.push_str("\n## ");
    out.push_str(title);
    out.push_str("\n\n");
    out.push_str(if text.trim().is_empty() {
        "(none)"
    } else {
        text.trim()
    });
    out.push('\n');
}

pub fn markdown(
    plan: &Plan,
    reviews: &[&PlanReview],
    acks: &[&PlanAck],
    names: &Names,
    today: Date,
) -> String {
    let mut out = format!("# Improvement plan: {}\n\n", names.person);
    out.push_str(&version_line(plan));
    out.push_str(&format!(
        "\n\n{} to {} ({} days), reviews {}.\n\n",
        long_date(plan.start),
        long_date(plan.end),
        plan.days(),
        plan.every.label().to_lowercase()
    ));
    out.push_str(&ack_line(plan, acks, names.person));
    out.push_str(&format!("\n\n> {ACK_MEANING}\n"));
    section(&mut out, "Background", &plan.background);
    let mut gap = plan.gap.trim().to_string();
    if !plan.items.is_empty() {
        gap.push_str(&format!("\n\nStandards: {}.", plan.items.join(", ")));
    }
    if !plan.goals_touched.is_empty() {
        let titles: Vec<String> = plan.goals_touched.iter().map(|g| (names.goal)(g)).collect();
        gap.push_str(&format!("\n\nGoals it touches: {}.", titles.join("; ")));
    }
    section(&mut out, "The performance gap", &gap);
    out.push_str("\n## Root causes\n\n");
    for c in &plan.causes {
        out.push_str(&format!("- **{}**: {}", c.cause.label(), c.evidence.trim()));
        if !c.notes.trim().is_empty() {
            out.push_str(&format!(" ({})", c.notes.trim()));
        }
        out.push('\n');
    }
    out.push_str("\n## Improvement goals\n\n| Goal | Measure | Target date | Latest review |\n|---|---|---|---|\n");
    for (g, p) in latest_progress(plan, reviews) {
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            cell(&g.text),
            cell(&g.measure),
            g.due.map(long_date).unwrap_or_default(),
            p.map_or("Not reviewed yet", |p| p.label())
        ));
    }
    let l = ledger(plan, reviews, today);
    out.push_str("\n## Support\n\n");
    out.push_str(&l.words());
    out.push_str("\n\n");
    for r in &l.rows {
        let state = match (r.delivered, r.overdue) {
            (Some(d), _) => format!("delivered (recorded {})", long_date(d)),
            (None, true) => "not delivered, overdue".into(),
            (None, false) => "not delivered yet".into(),
        };
        out.push_str(&format!(
            "- {}, by {}: {state}\n",
            r.text.trim(),
            r.by.map(long_date).unwrap_or_default()
        ));
    }
    out.push_str("\n## Reviews\n");
    if reviews.is_empty() {
        out.push_str("\nNo review held yet.\n");
    }
    for r in reviews {
        out.push_str(&format!("\n### {}\n\n", long_date(r.on)));
        for gp in &r.goals {
            let title = plan
                .goals
                .iter()
                .find(|g| g.id == gp.goal)
                .map_or("A removed goal", |g| g.text.trim());
            out.push_str(&format!(
                "- {title}: {}",
                gp.progress.map_or("not rated", |p| p.label())
            ));
            if !gp.note.trim().is_empty() {
                out.push_str(&format!(" ({})", gp.note.trim()));
            }
            out.push('\n');
        }
        if !r.next_steps.trim().is_empty() {
            out.push_str(&format!("\nNext steps: {}\n", r.next_steps.trim()));
        }
    }
    if let Some(c) = &plan.closed {
        let mut text = format!(
            "{}, {}. {}",
            c.outcome.label(),
            long_date(c.on),
            c.summary.trim()
        );
        if !c.sustain.trim().is_empty() {
            text.push_str(&format!("\n\nKeeping it up: {}", c.sustain.trim()));
        }
        section(&mut out, "Outcome", &text);
    }
    out.push_str("\n## History\n\n");
    for h in history(plan, reviews, acks, names.person, names.manager) {
        out.push_str(&format!("- {}, {}: {}\n", long_date(h.on), h.who, h.what));
    }
    out
}

/// Text for a Markdown table cell: one line, no column breaks.
fn cell(text: &str) -> String {
    text.trim().replace('\n', " ").replace('|', "/")
}
