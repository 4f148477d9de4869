//! The weekly team report, for the week (Monday to Sunday) before the Monday it is made on:
//! goals moved, at risk and done; 1:1s held and missed; feedback given; early warnings raised and
//! handled; wins. Markdown, so it can be downloaded, copied and printed as it is.
use crate::domain::checkin::CheckIn;
use crate::domain::dates::{long_date, short_date, Date};
use crate::domain::feedback::{Celebration, Feedback, FeedbackKind};
use crate::domain::goal::{Goal, Status};
use crate::domain::indicators::number;

use super::{Warning, WarningNote};

/// What the report reads; `status` is each goal's status today (by pace or set by hand).
pub struct Week<'a> {
    /// The Monday the report is made on: it covers the seven days before.
    pub monday: Date,
    pub goals: Vec<(&'a Goal, Status)>,
    pub check_ins: Vec<&'a CheckIn>,
    /// People whose 1:1 is overdue now: (name, days overdue).
    pub missed: Vec<(String, i64)>,
    pub feedback: Vec<&'a Feedback>,
    pub warnings: Vec<&'a Warning>,
    pub notes: Vec<&'a WarningNote>,
    pub wins: Vec<&'a Celebration>,
    pub name: &'a dyn Fn(&str) -> String,
}

pub fn weekly_markdown(w: &Week) -> String {
    let from = w.monday.add_days(-7);
    let to = w.monday.add_days(-1);
    let within = |d: Date| d >= from && d <= to;
    let mut out = format!(
        "# Weekly team report: {} to {}\n",
        long_date(from),
        long_date(to)
    );

    out.push_str("\n## Goals\n\n");
    let mut moved = vec![];
    for (g, _) in &w.goals {
        let values: Vec<(Date, f64)> = g
            .updates
            .iter()
            .filter_map(|u| u.value.map(|v| (u.on, v)))
            .collect();
        let before = values.iter().filter(|(d, _)| *d < from).max_by_key(|x| x.0);
        let last = values
            .iter()
            .filter(|(d, _)| within(*d))
            .max_by_key(|x| x.0);
        if let Some((_, v)) = last {
            let unit = g.measure.as_ref().map_or("", |m| m.unit.as_str());
            moved.push(match before {
                Some((_, b)) => format!("- {}: {} → {} {unit}", g.title, number(*b), number(*v)),
                None => format!("- {}: {} {unit}", g.title, number(*v)),
            });
        }
    }
    let at_risk: Vec<String> = w
        .goals
        .iter()
        .filter(|(_, s)| matches!(s, Status::AtRisk | Status::OffTrack))
        .map(|(g, s)| format!("- {} ({})", g.title, s.label().to_lowercase()))
        .collect();
    let done: Vec<String> = w
        .goals
        .iter()
        .filter(|(_, s)| *s == Status::Done)
        .map(|(g, _)| format!("- {}", g.title))
        .collect();
    for (title, list) in [
        ("Moved", moved),
        ("At risk or off track", at_risk),
        ("Done", done),
    ] {
        out.push_str(&format!("**{title}** ({})\n", list.len()));
        for l in &list {
            out.push_str(l.trim_end());
            out.push('\n');
        }
        out.push('\n');
    }

    out.push_str("## 1:1s\n\n");
    let held: Vec<&&CheckIn> = w.check_ins.iter().filter(|c| within(c.held_on)).collect();
    out.push_str(&format!("Held: {}.\n", held.len()));
    for c in &held {
        out.push_str(&format!(
            "- {} on {}\n",
            (w.name)(&c.person),
            short_date(c.held_on)
        ));
    }
    out.push_str(&format!("\nOverdue now: {}.\n", w.missed.len()));
    for (n, days) in &w.missed {
        out.push_str(&format!("- {n}, {days} days\n"));
    }

    out.push_str("\n## Feedback given\n\n");
    let given: Vec<&&Feedback> = w.feedback.iter().filter(|f| within(f.given_on)).collect();
    let count = |k: FeedbackKind| given.iter().filter(|f| f.kind == k).count();
    out.push_str(&format!(
        "{} recognition, {} corrective, {} from peers.\n",
        count(FeedbackKind::Recognition),
        count(FeedbackKind::Corrective),
        count(FeedbackKind::Peer)
    ));

    out.push_str("\n## Early warnings\n\n");
    out.push_str(&format!("Open now: {}.\n", w.warnings.len()));
    for x in &w.warnings {
        out.push_str(&format!("- {}: {}\n", x.rule.name(), x.title));
    }
    let handled: Vec<&&WarningNote> = w.notes.iter().filter(|n| within(n.on)).collect();
    out.push_str(&format!("\nHandled this week: {}.\n", handled.len()));
    for n in &handled {
        let how = match n.snooze_until {
            Some(d) => format!("snoozed until {}", short_date(d)),
            None => "dismissed".into(),
        };
        out.push_str(&format!("- {} ({how}): {}\n", n.title, n.reason));
    }

    out.push_str("\n## Wins\n\n");
    let wins: Vec<&&Celebration> = w.wins.iter().filter(|c| within(c.on)).collect();
    if wins.is_empty() {
        out.push_str("None recorded this week.\n");
    }
    for c in wins {
        out.push_str(&format!("- {} ({})\n", c.title, short_date(c.on)));
    }
    out
}
