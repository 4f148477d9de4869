//! Insight (method 7.1-7.2): early warnings as explainable rules. Each warning names its rule,
//! the data it read and a next step with a link, and can be dismissed or snoozed with a reason
//! that is kept. A cap on warnings per person per week keeps alert fatigue down; the rest are
//! counted, never hidden. Obstacle themes are found by deterministic phrase grouping.
pub mod patterns;
pub mod report;
#[cfg(test)]
mod tests;
pub mod themes;
#[cfg(test)]
mod trend_tests;
pub mod trends;

use serde::{Deserialize, Serialize};

use super::checkin::CheckIn;
use super::dates::{long_date, short_date, Date};
use super::feedback::{Balance, Feedback};
use super::goal::{Goal, Status};
use super::indicators::{number, Health, Indicator, IndicatorKind, Reading};
use super::person::Person;
use super::scope::{Scope, Scoped};
use super::self_report::{SelfReport, LOW_CONFIDENCE};
use super::validate::{required_text, FieldError};

/// A projection needs at least this many readings of the goal's measure.
pub const PROJECTION_MIN_READINGS: usize = 4;
/// A projected finish within this many days after the deadline is not flagged (readings are
/// rounded; a few days either way is noise).
pub const PROJECTION_GRACE_DAYS: i64 = 7;
/// Reported on track or confident while the measure did not move for this many weeks.
pub const DIVERGENCE_WEEKS: i64 = 4;
/// A confidence (1-10) at or above this counts as "confident" on a goal.
pub const CONFIDENT_AT: u8 = 7;
/// A 1:1 is flagged when overdue by more than one cadence.
pub const RHYTHM_CADENCES: i64 = 1;
/// A leading indicator unhealthy for this many readings in a row.
pub const UNHEALTHY_PERIODS: usize = 2;
/// The same obstacle theme in this many of the last `OBSTACLE_WINDOW` check-ins.
pub const OBSTACLE_REPEATS: usize = 3;
pub const OBSTACLE_WINDOW: usize = 4;
/// No recognition for this many days (the feedback area's threshold).
pub const NO_RECOGNITION_DAYS: i64 = super::feedback::UNRECOGNISED_DAYS;
/// At most this many warnings shown per person per week; the rest are counted.
pub const MAX_PER_PERSON: usize = 3;
/// Home shows at most this many warnings in all; the rest are counted, and all are on the
/// Insights page.
pub const HOME_MAX: usize = 8;
/// A dismissal holds this long; a snooze until its date.
pub const DISMISS_DAYS: i64 = 90;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    Rhythm,
    ProjectedMiss,
    Divergence,
    ConfidenceFalling,
    LeadingUnhealthy,
    RecurringObstacle,
    NoRecognition,
}

impl Rule {
    pub const ALL: [Rule; 7] = [
        Rule::Rhythm,
        Rule::ProjectedMiss,
        Rule::Divergence,
        Rule::ConfidenceFalling,
        Rule::LeadingUnhealthy,
        Rule::RecurringObstacle,
        Rule::NoRecognition,
    ];
    pub fn key(self) -> &'static str {
        match self {
            Rule::Rhythm => "rhythm",
            Rule::ProjectedMiss => "projected_miss",
            Rule::Divergence => "divergence",
            Rule::ConfidenceFalling => "confidence_falling",
            Rule::LeadingUnhealthy => "leading_unhealthy",
            Rule::RecurringObstacle => "recurring_obstacle",
            Rule::NoRecognition => "no_recognition",
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Rule::Rhythm => "1:1 rhythm",
            Rule::ProjectedMiss => "Goal projected to miss",
            Rule::Divergence => "Reported on track, measure flat",
            Rule::ConfidenceFalling => "Confidence falling",
            Rule::LeadingUnhealthy => "Leading indicator unhealthy",
            Rule::RecurringObstacle => "Recurring obstacle",
            Rule::NoRecognition => "No recognition in 30 days",
        }
    }
    /// The rule in words, with its thresholds.
    pub fn rule_text(self) -> String {
        match self {
            Rule::Rhythm => format!("A 1:1 overdue by more than {RHYTHM_CADENCES} cadence, or a corrective follow-up past its date."),
            Rule::ProjectedMiss => format!("The straight line through the last {PROJECTION_MIN_READINGS} or more readings reaches the target more than {PROJECTION_GRACE_DAYS} days after the deadline, or never."),
            Rule::Divergence => format!("Reported on track or confident ({CONFIDENT_AT}+ of 10) in the last {DIVERGENCE_WEEKS} weeks while the measure did not move."),
            Rule::ConfidenceFalling => format!("Self-report confidence down in two reports in a row, or at {LOW_CONFIDENCE} or below."),
            Rule::LeadingUnhealthy => format!("A leading indicator unhealthy in its last {UNHEALTHY_PERIODS} readings: the results it drives are at risk."),
            Rule::RecurringObstacle => format!("The same obstacle theme in {OBSTACLE_REPEATS} of the last {OBSTACLE_WINDOW} check-ins."),
            Rule::NoRecognition => format!("No recognition for {NO_RECOGNITION_DAYS} days or more."),
        }
    }
}

/// One early warning: its rule, who and what it is about, what it read, and what to do.
#[derive(Clone, Debug, PartialEq)]
pub struct Warning {
    pub rule: Rule,
    /// The person it is about (empty: the team).
    pub person: String,
    /// What it is about: a goal, an indicator or a person (record id).
    pub subject: String,
    pub title: String,
    /// The data it used, in words.
    pub data: Vec<String>,
    pub next: String,
    /// Where the next step is done (an app path).
    pub link: String,
}

impl Warning {
    /// Stable across days while the same rule fires for the same subject.
    pub fn key(&self) -> String {
        format!("{}:{}", self.rule.key(), self.subject)
    }
}

/// The line through (day, value) points by least squares: (value on day 0, change per day).
fn fit(points: &[(i64, f64)]) -> Option<(f64, f64)> {
    let n = points.len() as f64;
    if points.len() < 2 {
        return None;
    }
    let mx = points.iter().map(|p| p.0 as f64).sum::<f64>() / n;
    let my = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 as f64 - mx).powi(2)).sum();
    if sxx == 0.0 {
        return None;
    }
    let sxy: f64 = points.iter().map(|p| (p.0 as f64 - mx) * (p.1 - my)).sum();
    let slope = sxy / sxx;
    Some((my - slope * mx, slope))
}

/// When the linear trend of `readings` reaches `target`: Some(day), or None if it moves away
/// or not at all. Needs `PROJECTION_MIN_READINGS`.
pub fn projection(readings: &[(Date, f64)], target: f64) -> Option<Option<Date>> {
    if readings.len() < PROJECTION_MIN_READINGS {
        return None;
    }
    let origin = readings[0].0;
    let points: Vec<(i64, f64)> = readings
        .iter()
        .map(|(d, v)| (origin.days_until(*d), *v))
        .collect();
    let Some((a, b)) = fit(&points) else {
        return Some(None);
    };
    let last = *readings.last().map(|(_, v)| v).unwrap_or(&a);
    let toward = (target - last).signum();
    if b == 0.0 || b.signum() != toward {
        return Some(if (target - last).abs() < f64::EPSILON {
            Some(readings[readings.len() - 1].0)
        } else {
            None
        });
    }
    let day = ((target - a) / b).ceil() as i64;
    Some(Some(origin.add_days(day)))
}

/// The goal's readings, oldest first.
pub(super) fn goal_readings(g: &Goal) -> Vec<(Date, f64)> {
    let mut r: Vec<(Date, f64)> = g
        .updates
        .iter()
        .filter_map(|u| u.value.map(|v| (u.on, v)))
        .collect();
    r.sort_by_key(|x| x.0);
    r
}

fn open_goal(g: &Goal) -> bool {
    !g.archived && g.status.as_ref().is_none_or(|s| !s.status.is_closed())
}

/// Goal projected to miss its deadline.
pub fn projected_miss(id: &str, g: &Goal, today: Date) -> Option<Warning> {
    let (m, due) = (g.measure.as_ref()?, g.due?);
    if !open_goal(g) || due < today {
        return None;
    }
    let readings = goal_readings(g);
    let reached = |v: f64| {
        if m.target >= m.start {
            v >= m.target
        } else {
            v <= m.target
        }
    };
    if readings.last().is_some_and(|(_, v)| reached(*v)) {
        return None;
    }
    let at = projection(&readings, m.target)?;
    let tail: Vec<String> = readings
        .iter()
        .rev()
        .take(4)
        .rev()
        .map(|(d, v)| format!("{} on {}", number(*v), short_date(*d)))
        .collect();
    let mut data = vec![format!(
        "Last readings: {} (target {} {} by {}).",
        tail.join(", "),
        number(m.target),
        m.unit,
        short_date(due)
    )];
    let title = match at {
        Some(d) if d <= due.add_days(PROJECTION_GRACE_DAYS) => return None,
        Some(d) => {
            data.push(format!(
                "At this pace it reaches the target on {}, {} days after the deadline.",
                long_date(d),
                due.days_until(d)
            ));
            format!(
                "“{}” would reach its target on {}, after its deadline",
                g.title,
                short_date(d)
            )
        }
        None => {
            data.push("At this pace it does not reach the target: the trend is flat or going the other way.".into());
            format!("“{}” is not moving toward its target", g.title)
        }
    };
    Some(Warning {
        rule: Rule::ProjectedMiss,
        person: g.owner.clone(),
        subject: id.to_string(),
        title,
        data,
        next: "Talk it through in the next 1:1: change the plan, the support or the target, and say why.".into(),
        link: format!("/goals/{id}"),
    })
}

/// Reported on track or confident while the measure stayed where it was.
pub fn divergence(id: &str, g: &Goal, today: Date) -> Option<Warning> {
    g.measure.as_ref()?;
    if !open_goal(g) {
        return None;
    }
    let since = today.add_days(-7 * DIVERGENCE_WEEKS);
    let readings = goal_readings(g);
    let before = readings.iter().rev().find(|(d, _)| *d <= since)?;
    let now = readings.last()?;
    if now.1 != before.1 {
        return None;
    }
    let confident: Vec<String> = g
        .updates
        .iter()
        .filter(|u| u.on > since && u.confidence.is_some_and(|c| c >= CONFIDENT_AT))
        .map(|u| {
            format!(
                "confidence {} on {}",
                u.confidence.unwrap_or(0),
                short_date(u.on)
            )
        })
        .collect();
    let on_track = g
        .status
        .as_ref()
        .is_some_and(|s| s.status == Status::OnTrack);
    if confident.is_empty() && !on_track {
        return None;
    }
    let mut data = vec![format!(
        "The measure was {} on {} and is {} now.",
        number(before.1),
        short_date(before.0),
        number(now.1)
    )];
    if on_track {
        data.push("Its status is set to on track by hand.".into());
    }
    if !confident.is_empty() {
        data.push(format!("Reported: {}.", confident.join(", ")));
    }
    Some(Warning {
        rule: Rule::Divergence,
        person: g.owner.clone(),
        subject: id.to_string(),
        title: format!("“{}” is reported on track but its measure has not moved in {DIVERGENCE_WEEKS} weeks", g.title),
        data,
        next: "Ask what the confidence rests on, and record a new reading if the measure is out of date.".into(),
        link: format!("/goals/{id}"),
    })
}

/// Self-report confidence down twice in a row, or low.
pub fn confidence_falling(person: &str, name: &str, reports: &[&SelfReport]) -> Option<Warning> {
    let mut mine: Vec<(Date, u8)> = reports
        .iter()
        .filter(|r| r.person == person)
        .filter_map(|r| r.confidence.map(|c| (r.week, c)))
        .collect();
    mine.sort_by_key(|x| x.0);
    let last = *mine.last()?;
    let n = mine.len();
    let falling = n >= 3 && mine[n - 3].1 > mine[n - 2].1 && mine[n - 2].1 > last.1;
    if !falling && last.1 > LOW_CONFIDENCE {
        return None;
    }
    let series: Vec<String> = mine
        .iter()
        .rev()
        .take(3)
        .rev()
        .map(|(w, c)| format!("{c} (week of {})", short_date(*w)))
        .collect();
    Some(Warning {
        rule: Rule::ConfidenceFalling,
        person: person.to_string(),
        subject: person.to_string(),
        title: format!(
            "{name}'s confidence is {}",
            if falling { "falling" } else { "low" }
        ),
        data: vec![format!(
            "Self-report confidence, 1 to 5: {}.",
            series.join(", ")
        )],
        next: "Ask about it early in the next 1:1, and what would help.".into(),
        link: format!("/people/{person}"),
    })
}

/// A 1:1 overdue by more than one cadence, or corrective follow-ups past their date.
pub fn rhythm(
    person: &str,
    p: &Person,
    overdue_days: Option<i64>,
    feedback: &[&Feedback],
    today: Date,
) -> Option<Warning> {
    let mut data = vec![];
    if let Some(days) = overdue_days.filter(|d| *d > RHYTHM_CADENCES * p.cadence.days()) {
        data.push(format!(
            "The 1:1 is {days} days overdue; the cadence is {}.",
            p.cadence.label().to_lowercase()
        ));
    }
    for f in feedback.iter().filter(|f| f.person == person) {
        if let Some(d) = f.open_follow_up().filter(|d| *d < today) {
            data.push(format!(
                "The follow-up of the corrective conversation of {} was due {}.",
                short_date(f.given_on),
                short_date(d)
            ));
        }
    }
    if data.is_empty() {
        return None;
    }
    Some(Warning {
        rule: Rule::Rhythm,
        person: person.to_string(),
        subject: person.to_string(),
        title: format!("{} is out of rhythm", p.name),
        data,
        next: "Book the 1:1 and hold the follow-up: the rhythm is what makes the rest work.".into(),
        link: format!("/people/{person}"),
    })
}

/// A leading indicator unhealthy in its last readings, with the results it drives.
pub fn leading_unhealthy(
    id: &str,
    ind: &Indicator,
    readings: &[Reading],
    driven: &[&str],
) -> Option<Warning> {
    if ind.kind != IndicatorKind::Leading || readings.len() < UNHEALTHY_PERIODS {
        return None;
    }
    let last = &readings[readings.len() - UNHEALTHY_PERIODS..];
    if !last
        .iter()
        .all(|r| ind.health(r.value) == Some(Health::Unhealthy))
    {
        return None;
    }
    let values: Vec<String> = last
        .iter()
        .map(|r| format!("{} on {}", number(r.value), short_date(r.on)))
        .collect();
    let mut data = vec![format!(
        "Last {UNHEALTHY_PERIODS} readings: {} (target {}).",
        values.join(", "),
        ind.target.map(number).unwrap_or_default()
    )];
    if !driven.is_empty() {
        data.push(format!("It drives: {}.", driven.join(", ")));
    }
    Some(Warning {
        rule: Rule::LeadingUnhealthy,
        person: ind.owner.clone(),
        subject: id.to_string(),
        title: format!(
            "{} has been unhealthy for {UNHEALTHY_PERIODS} periods",
            ind.name
        ),
        data,
        next: "Act on the activity now, before the results it drives show it.".into(),
        link: format!("/indicators/{id}"),
    })
}

/// The same obstacle theme in most of the person's last check-ins.
pub fn recurring_obstacle(person: &str, name: &str, check_ins: &[&CheckIn]) -> Option<Warning> {
    let mut mine: Vec<&CheckIn> = check_ins
        .iter()
        .copied()
        .filter(|c| c.person == person)
        .collect();
    mine.sort_by_key(|c| c.held_on);
    let last: Vec<&CheckIn> = mine.iter().rev().take(OBSTACLE_WINDOW).copied().collect();
    let texts: Vec<(usize, &str)> = last
        .iter()
        .enumerate()
        .flat_map(|(i, c)| c.obstacles.iter().map(move |o| (i, o.text.as_str())))
        .collect();
    let found = themes::group(&texts.iter().map(|(_, t)| *t).collect::<Vec<_>>());
    let theme = found.into_iter().find(|t| {
        let mut meetings: Vec<usize> = t.members.iter().map(|&m| texts[m].0).collect();
        meetings.dedup();
        meetings.len() >= OBSTACLE_REPEATS
    })?;
    Some(Warning {
        rule: Rule::RecurringObstacle,
        person: person.to_string(),
        subject: format!("{person}:{}", theme.label),
        title: format!("{name} keeps meeting the same obstacle: {}", theme.label),
        data: vec![format!(
            "Raised in {} of the last {} check-ins: {}.",
            theme.members.len().min(OBSTACLE_WINDOW),
            last.len(),
            theme.examples.join("; ")
        )],
        next: "Take it off their plate: decide, escalate or find the resource it needs.".into(),
        link: format!("/people/{person}"),
    })
}

/// No recognition for `NO_RECOGNITION_DAYS`, counted from the last recognition (or a win they
/// contributed to), or from `since` (when they joined) if never or earlier.
pub fn no_recognition(
    person: &str,
    name: &str,
    balance: &Balance,
    since: Date,
    today: Date,
) -> Option<Warning> {
    let days = balance.unrecognised_for(since, today)?;
    let data = match balance.last_recognised {
        Some(d) => format!("Last recognised {} ({days} days ago).", long_date(d)),
        None => format!("No recognition recorded since {}.", long_date(since)),
    };
    Some(Warning {
        rule: Rule::NoRecognition,
        person: person.to_string(),
        subject: person.to_string(),
        title: format!("No recognition for {name} in {days} days"),
        data: vec![data],
        next: "Look at their recent work for something specific to recognise.".into(),
        link: format!("/feedback/recognize?person={person}"),
    })
}

/// What became of a warning: dismissed for `DISMISS_DAYS`, or snoozed until a day, with why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarningNote {
    /// The warning's key (`Warning::key`).
    pub key: String,
    /// The warning's title when it was handled, for the history.
    pub title: String,
    pub on: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snooze_until: Option<Date>,
    pub reason: String,
}

impl Scoped for WarningNote {
    /// The manager's own working notes.
    fn default_scope(&self) -> Scope {
        Scope::Manager
    }
}

impl WarningNote {
    pub fn problems(&self, today: Option<Date>) -> Vec<FieldError> {
        let mut out = vec![];
        required_text("reason", "The reason", &self.reason, 500, &mut out);
        if let (Some(until), Some(t)) = (self.snooze_until, today) {
            if until <= t {
                out.push(FieldError::new("snooze_until", "Snooze until a later day."));
            }
        }
        out
    }

    /// Whether it still hides its warning on `today`.
    pub fn hides(&self, today: Date) -> bool {
        match self.snooze_until {
            Some(until) => today < until,
            None => today < self.on.add_days(DISMISS_DAYS),
        }
    }
}

/// The warnings no note hides today.
pub fn active(mut all: Vec<Warning>, notes: &[&WarningNote], today: Date) -> Vec<Warning> {
    all.retain(|w| {
        let k = w.key();
        !notes.iter().any(|n| n.key == k && n.hides(today))
    });
    all
}

/// The warnings shown: not hidden by a note, at most `MAX_PER_PERSON` per person (the team's
/// count as one more "person"), the first of each rule before the second of any; and how many
/// more each person has.
pub fn shown(
    mut all: Vec<Warning>,
    notes: &[&WarningNote],
    today: Date,
) -> (Vec<Warning>, Vec<(String, usize)>) {
    all = active(all, notes, today);
    all.sort_by(|a, b| (a.rule, &a.person).cmp(&(b.rule, &b.person)));
    let mut out = vec![];
    let mut more: Vec<(String, usize)> = vec![];
    for w in all {
        let count = out
            .iter()
            .filter(|x: &&Warning| x.person == w.person)
            .count();
        if count < MAX_PER_PERSON {
            out.push(w);
        } else {
            match more.iter_mut().find(|(p, _)| *p == w.person) {
                Some((_, n)) => *n += 1,
                None => more.push((w.person.clone(), 1)),
            }
        }
    }
    // One of each rule first, then the second of each, and so on: the first lines a busy
    // manager reads cover every kind of problem, not five of one kind.
    let mut rank: Vec<(usize, Rule, usize)> = vec![];
    for (i, w) in out.iter().enumerate() {
        let nth = out[..i].iter().filter(|x| x.rule == w.rule).count();
        rank.push((nth, w.rule, i));
    }
    rank.sort();
    let mut slots: Vec<Option<Warning>> = out.into_iter().map(Some).collect();
    let out: Vec<Warning> = rank
        .into_iter()
        .filter_map(|(_, _, i)| slots[i].take())
        .collect();
    (out, more)
}

/// A person as the rules read them: id, record, the day they are counted from (joined the team
/// or were added here), and how many days their 1:1 is overdue (None: not overdue).
pub struct PersonIn<'a> {
    pub id: &'a str,
    pub person: &'a Person,
    pub since: Date,
    pub overdue: Option<i64>,
}

/// An indicator with its readings in date order and the names of the indicators it drives.
pub struct IndicatorIn<'a> {
    pub id: &'a str,
    pub indicator: &'a Indicator,
    pub readings: Vec<Reading>,
    pub drives: Vec<&'a str>,
}

/// Everything the rules read.
pub struct Inputs<'a> {
    pub goals: Vec<(&'a str, &'a Goal)>,
    pub people: Vec<PersonIn<'a>>,
    pub feedback: Vec<&'a Feedback>,
    pub wins: Vec<&'a super::feedback::Celebration>,
    pub reports: Vec<&'a SelfReport>,
    pub check_ins: Vec<&'a CheckIn>,
    pub indicators: Vec<IndicatorIn<'a>>,
}

/// Every rule over everything given: the warnings that fire today, in rule order.
pub fn warnings(inputs: &Inputs, today: Date) -> Vec<Warning> {
    let mut out = vec![];
    for (id, g) in &inputs.goals {
        out.extend(projected_miss(id, g, today));
        out.extend(divergence(id, g, today));
    }
    for p in inputs.people.iter().filter(|p| !p.person.archived) {
        let name = &p.person.name;
        out.extend(rhythm(p.id, p.person, p.overdue, &inputs.feedback, today));
        out.extend(confidence_falling(p.id, name, &inputs.reports));
        out.extend(recurring_obstacle(p.id, name, &inputs.check_ins));
        let balance = Balance::of(
            p.id,
            inputs.feedback.iter().copied(),
            inputs.wins.iter().copied(),
            today,
        );
        out.extend(no_recognition(p.id, name, &balance, p.since, today));
    }
    for i in &inputs.indicators {
        out.extend(leading_unhealthy(i.id, i.indicator, &i.readings, &i.drives));
    }
    out.sort_by_key(|w| w.rule);
    out
}

/// What is coming up as calendar events: corrective follow-ups still open, and the review
/// sessions of open improvement plans not yet held. Anything overdue is put on `today`.
/// `follow_ups`: (feedback id, person's name, feedback); `plans`: (plan id, person's name, plan,
/// reviews held).
pub fn agenda(
    follow_ups: &[(&str, &str, &Feedback)],
    plans: &[(&str, &str, &super::improvement::Plan, usize)],
    today: Date,
) -> Vec<super::cadence::Event> {
    use super::cadence::Event;
    let mut out = vec![];
    for (id, name, f) in follow_ups {
        let (Some(day), Some(c)) = (f.open_follow_up(), f.corrective.as_ref()) else {
            continue;
        };
        out.push(Event {
            uid: format!("follow-up-{id}"),
            day: day.max(today),
            summary: format!("Follow up with {name}"),
            description: format!(
                "Follow-up of the corrective conversation of {}: {}",
                long_date(f.given_on),
                c.expectation.trim()
            ),
        });
    }
    for (id, name, p, held) in plans {
        if p.is_closed() {
            continue;
        }
        for (n, day) in p.schedule().into_iter().enumerate().skip(*held) {
            out.push(Event {
                uid: format!("plan-{id}-{}", n + 1),
                day: day.max(today),
                summary: format!("Improvement plan review with {name}"),
                description: format!(
                    "Review {} of the improvement plan: progress per goal, support delivered, next steps.",
                    n + 1
                ),
            });
        }
    }
    out.sort_by(|a, b| a.day.cmp(&b.day).then(a.uid.cmp(&b.uid)));
    out
}

/// What a browser notification says on opening Trellis: 1:1s due today or overdue, and
/// corrective follow-ups due by today. `due`: the 1:1 schedule; `follow_ups`: (name, day).
/// At most `NOTIFY_MAX` lines, then how many more.
pub fn reminders(
    due: &[super::cadence::DueEntry],
    follow_ups: &[(String, Date)],
    today: Date,
) -> Vec<String> {
    use super::cadence::Due;
    let mut out: Vec<String> = due
        .iter()
        .filter(|e| !e.running)
        .filter_map(|e| match e.state {
            Due::Today => Some(format!("1:1 with {} is due today.", e.name)),
            Due::Overdue(n) => Some(format!(
                "1:1 with {} is {n} day{} overdue.",
                e.name,
                if n == 1 { "" } else { "s" }
            )),
            Due::Later(_) => None,
        })
        .collect();
    let mut follow: Vec<&(String, Date)> = follow_ups.iter().filter(|(_, d)| *d <= today).collect();
    follow.sort_by_key(|(_, d)| *d);
    out.extend(follow.into_iter().map(|(name, d)| {
        if *d == today {
            format!("Follow-up with {name} is due today.")
        } else {
            format!("Follow-up with {name} was due {}.", short_date(*d))
        }
    }));
    if out.len() > NOTIFY_MAX {
        let more = out.len() - (NOTIFY_MAX - 1);
        out.truncate(NOTIFY_MAX - 1);
        out.push(format!("And {more} more on Home."));
    }
    out
}

/// A notification lists at most this many lines.
pub const NOTIFY_MAX: usize = 4;
