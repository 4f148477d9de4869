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

/// What a person's monthly report reads: the month's summary (goals moved, milestones, wins and
/// actions from the check-ins), and around it what the review should not miss.
pub struct PersonMonth<'a> {
    pub name: &'a str,
    pub first: Date,
    pub last: Date,
    pub summary: &'a crate::domain::review::MonthSummary,
    /// (held on time, expected) over the 90 days to the month's end.
    pub on_time: (u32, u32),
    /// Feedback about them (any date; the month is picked here).
    pub feedback: Vec<&'a Feedback>,
    /// Team wins they contributed to.
    pub wins: Vec<&'a Celebration>,
    /// Their self-reports with a confidence, (week, confidence).
    pub confidence: Vec<(Date, u8)>,
    /// Obstacles raised in the month's check-ins.
    pub obstacles: Vec<String>,
    /// Early warnings about them open now.
    pub warnings: Vec<&'a Warning>,
}

/// The monthly report of one person, in Markdown, for the monthly review.
pub fn monthly_markdown(m: &PersonMonth) -> String {
    let within = |d: Date| d >= m.first && d <= m.last;
    let mut out = format!(
        "# Monthly report: {}, {} to {}\n\n## Goals and check-ins\n\n",
        m.name,
        long_date(m.first),
        long_date(m.last)
    );
    for l in m.summary.lines() {
        out.push_str(&format!("- {l}\n"));
    }
    let (on, of) = m.on_time;
    out.push_str(&format!(
        "- 1:1s on time over 90 days: {on} of {of} expected.\n\n## Feedback\n\n"
    ));
    let given: Vec<&&Feedback> = m.feedback.iter().filter(|f| within(f.given_on)).collect();
    let count = |k: FeedbackKind| given.iter().filter(|f| f.kind == k).count();
    let wins: Vec<&&Celebration> = m.wins.iter().filter(|c| within(c.on)).collect();
    out.push_str(&format!(
        "{} recognition, {} corrective, {} from peers; {} team win{}.\n",
        count(FeedbackKind::Recognition),
        count(FeedbackKind::Corrective),
        count(FeedbackKind::Peer),
        wins.len(),
        if wins.len() == 1 { "" } else { "s" }
    ));
    for c in wins {
        out.push_str(&format!("- {} ({})\n", c.title, short_date(c.on)));
    }
    out.push_str("\n## Self-reports\n\n");
    let conf: Vec<String> = m
        .confidence
        .iter()
        .filter(|(w, _)| within(*w))
        .map(|(w, c)| format!("{c} (week of {})", short_date(*w)))
        .collect();
    if conf.is_empty() {
        out.push_str("No self-report with a confidence this month.\n");
    } else {
        out.push_str(&format!("Confidence, 1 to 5: {}.\n", conf.join(", ")));
    }
    out.push_str("\n## Obstacles raised\n\n");
    if m.obstacles.is_empty() {
        out.push_str("None.\n");
    }
    for o in &m.obstacles {
        out.push_str(&format!("- {}\n", o.trim()));
    }
    out.push_str("\n## Early warnings open now\n\n");
    if m.warnings.is_empty() {
        out.push_str("None.\n");
    }
    for w in &m.warnings {
        out.push_str(&format!("- {}: {}\n", w.rule.name(), w.title));
        for d in &w.data {
            out.push_str(&format!("  - {d}\n"));
        }
    }
    out
}
