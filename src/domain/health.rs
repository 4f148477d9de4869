//! The three-tier health of the team's performance system (method 1.2), computed from the
//! team's own records: strategic alignment, operational management, and culture and
//! environment. Each tier is the mean of its measures; each measure is a share with its
//! thresholds in words and the counts it rests on, so a score can always be checked.
use super::cadence::{held_dates, on_time_share};
use super::charter::{acknowledged_count, Acknowledgement, CharterVersion};
use super::checkin::CheckIn;
use super::dates::Date;
use super::development::gaps::{FAIRNESS_DAYS, HOLDS_LEVEL};
use super::development::{Assessment, Stretch};
use super::feedback::{Balance, Celebration, Feedback, FeedbackKind};
use super::goal::{Goal, GoalLevel};
use super::person::Person;
use super::review::{month_start, MonthlyReview};
use super::self_report::SelfReport;
use super::standards::Rating;
use super::timer::MeetingState;

/// A tier at or above this score is healthy; at or above `WATCH_SCORE`, worth watching.
pub const HEALTHY_SCORE: u8 = 80;
pub const WATCH_SCORE: u8 = 60;
/// A standards rating older than this is not current.
pub const RATING_DAYS: i64 = 180;
/// Recognition, peer feedback and wins are counted over this window.
pub const CULTURE_DAYS: i64 = 90;
/// This many team wins in the window is a healthy habit of sharing them.
pub const WINS_WANTED: usize = 3;
/// A follow-up closed at most this many days after its date is on time.
pub const FOLLOW_UP_GRACE_DAYS: i64 = 2;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    Strategic,
    Operational,
    Culture,
}

impl Tier {
    pub const ALL: [Tier; 3] = [Tier::Strategic, Tier::Operational, Tier::Culture];
    pub fn label(self) -> &'static str {
        match self {
            Tier::Strategic => "Tier 1: strategic alignment",
            Tier::Operational => "Tier 2: operational management",
            Tier::Culture => "Tier 3: culture and environment",
        }
    }
    /// The tier's name without its number: "Strategic alignment".
    pub fn name(self) -> &'static str {
        match self {
            Tier::Strategic => "Strategic alignment",
            Tier::Operational => "Operational management",
            Tier::Culture => "Culture and environment",
        }
    }
    pub fn key(self) -> &'static str {
        match self {
            Tier::Strategic => "strategic",
            Tier::Operational => "operational",
            Tier::Culture => "culture",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Healthy,
    Watch,
    Weak,
}

impl State {
    pub fn label(self) -> &'static str {
        match self {
            State::Healthy => "Healthy",
            State::Watch => "Watch",
            State::Weak => "Weak",
        }
    }
}

/// One measure: a share from 0 to 1 (None: nothing to measure yet), with its thresholds.
#[derive(Clone, Debug, PartialEq)]
pub struct Measure {
    pub key: &'static str,
    pub tier: Tier,
    pub name: &'static str,
    pub value: Option<f64>,
    pub healthy_at: f64,
    pub watch_at: f64,
    /// The counts it rests on, or why there is nothing yet.
    pub detail: String,
}

impl Measure {
    pub fn state(&self) -> Option<State> {
        let v = self.value?;
        Some(if v >= self.healthy_at {
            State::Healthy
        } else if v >= self.watch_at {
            State::Watch
        } else {
            State::Weak
        })
    }

    /// "Healthy from 90 %, watch from 70 %."
    pub fn thresholds(&self) -> String {
        format!(
            "Healthy from {} %, watch from {} %.",
            (self.healthy_at * 100.0).round() as i64,
            (self.watch_at * 100.0).round() as i64
        )
    }

    /// How far below healthy it is (0 when healthy or unmeasured).
    fn shortfall(&self) -> f64 {
        self.value
            .map_or(0.0, |v| ((self.healthy_at - v) / self.healthy_at).max(0.0))
    }
}

fn share(n: usize, of: usize) -> Option<f64> {
    (of > 0).then(|| n as f64 / of as f64)
}

fn counted(n: usize, of: usize, what: &str) -> String {
    format!("{n} of {of} {what}")
}

/// Everything the measures read.
pub struct Inputs<'a> {
    /// (id, goal, the day it was added).
    pub goals: Vec<(&'a str, &'a Goal, Date)>,
    /// (id, person, the day from which they are expected).
    pub people: Vec<(&'a str, &'a Person, Date)>,
    pub check_ins: Vec<&'a CheckIn>,
    pub reviews: Vec<&'a MonthlyReview>,
    pub feedback: Vec<&'a Feedback>,
    pub wins: Vec<&'a Celebration>,
    pub reports: Vec<&'a SelfReport>,
    pub ratings: Vec<&'a Rating>,
    pub assessments: Vec<&'a Assessment>,
    pub stretches: Vec<&'a Stretch>,
    pub charter: Option<&'a CharterVersion>,
    pub acks: Vec<&'a Acknowledgement>,
}

/// Every measure as of `day` (records dated later are left out).
pub fn measures(i: &Inputs, day: Date) -> Vec<Measure> {
    let people: Vec<&(&str, &Person, Date)> = i
        .people
        .iter()
        .filter(|(_, p, since)| !p.archived && *since <= day)
        .collect();
    let n_people = people.len();
    let goals: Vec<(&str, &Goal)> = i
        .goals
        .iter()
        .filter(|(_, g, added)| *added <= day && g.is_active())
        .map(|(id, g, _)| (*id, *g))
        .collect();
    let is_live = |id: &str| goals.iter().any(|(g, _)| *g == id);
    let mut out = vec![];

    // Tier 1.
    let lower: Vec<&(&str, &Goal)> = goals
        .iter()
        .filter(|(_, g)| g.level != GoalLevel::Strategic)
        .collect();
    let aligned = lower
        .iter()
        .filter(|(_, g)| g.aligned_to.as_deref().is_some_and(is_live))
        .count();
    out.push(Measure {
        key: "aligned",
        tier: Tier::Strategic,
        name: "Goals aligned to a goal above",
        value: share(aligned, lower.len()),
        healthy_at: 0.9,
        watch_at: 0.7,
        detail: counted(aligned, lower.len(), "tactical and operational goals"),
    });
    let strategic: Vec<&(&str, &Goal)> = goals
        .iter()
        .filter(|(_, g)| g.level == GoalLevel::Strategic)
        .collect();
    let children = |id: &str| {
        goals
            .iter()
            .filter(|(_, g)| g.aligned_to.as_deref() == Some(id))
            .count()
    };
    let measured = strategic
        .iter()
        .filter(|(id, g)| g.measure.is_some() || !g.milestones.is_empty() || children(id) > 0)
        .count();
    out.push(Measure {
        key: "strategic_measured",
        tier: Tier::Strategic,
        name: "Strategic goals with a measure",
        value: share(measured, strategic.len()),
        healthy_at: 1.0,
        watch_at: 0.67,
        detail: counted(
            measured,
            strategic.len(),
            "strategic goals measure something or roll up",
        ),
    });
    let rolled = strategic.iter().filter(|(id, _)| children(id) > 0).count();
    out.push(Measure {
        key: "rolled_up",
        tier: Tier::Strategic,
        name: "Roll-up coverage",
        value: share(rolled, strategic.len()),
        healthy_at: 1.0,
        watch_at: 0.67,
        detail: counted(
            rolled,
            strategic.len(),
            "strategic goals have goals aligned to them",
        ),
    });
    let mut critical: Vec<&str> = vec![];
    for (_, g) in &goals {
        for s in &g.skills {
            if !critical.contains(&s.as_str()) {
                critical.push(s);
            }
        }
    }
    let held = critical
        .iter()
        .filter(|skill| {
            people.iter().any(|(pid, _, _)| {
                i.assessments
                    .iter()
                    .filter(|a| a.person == *pid && a.skill == **skill && !a.by_self && a.on <= day)
                    .max_by_key(|a| a.on)
                    .and_then(|a| a.level)
                    .is_some_and(|l| l >= HOLDS_LEVEL)
            })
        })
        .count();
    out.push(Measure {
        key: "critical_skills",
        tier: Tier::Strategic,
        name: "Goal-critical skills held",
        value: share(held, critical.len()),
        healthy_at: 1.0,
        watch_at: 0.75,
        detail: if critical.is_empty() {
            "No goal names a skill it needs yet.".into()
        } else {
            format!(
                "{} held by someone at level {HOLDS_LEVEL} or above",
                counted(held, critical.len(), "skills the goals need")
            )
        },
    });

    // Tier 2.
    let (on, of) = people
        .iter()
        .map(|(id, p, since)| {
            on_time_share(
                p.cadence,
                &held_dates(id, i.check_ins.iter().copied()),
                Some(*since),
                day,
            )
        })
        .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    out.push(Measure {
        key: "on_time",
        tier: Tier::Operational,
        name: "1:1s on time (90 days)",
        value: share(on as usize, of as usize),
        healthy_at: 0.9,
        watch_at: 0.75,
        detail: counted(on as usize, of as usize, "expected 1:1s held on time"),
    });
    let last_month = month_start(month_start(day).add_days(-1));
    let due_review: Vec<&&(&str, &Person, Date)> = people
        .iter()
        .filter(|(_, _, since)| *since < last_month)
        .collect();
    let reviewed = due_review
        .iter()
        .filter(|(id, _, _)| {
            i.reviews.iter().any(|r| {
                r.person == *id
                    && r.month == last_month
                    && r.run.state == MeetingState::Finished
                    && r.held_on <= day
            })
        })
        .count();
    out.push(Measure {
        key: "reviews",
        tier: Tier::Operational,
        name: "Last month's reviews held",
        value: share(reviewed, due_review.len()),
        healthy_at: 1.0,
        watch_at: 0.75,
        detail: counted(reviewed, due_review.len(), "people had last month's review"),
    });
    let follow: Vec<(Date, Option<Date>)> = i
        .feedback
        .iter()
        .filter_map(|f| f.corrective.as_ref())
        .filter_map(|c| c.follow_up.map(|d| (d, c.followed_up)))
        .filter(|(d, _)| *d <= day)
        .collect();
    let closed = follow
        .iter()
        .filter(|(d, done)| done.is_some_and(|x| x <= d.add_days(FOLLOW_UP_GRACE_DAYS) && x <= day))
        .count();
    out.push(Measure {
        key: "follow_ups",
        tier: Tier::Operational,
        name: "Follow-ups closed on time",
        value: share(closed, follow.len()),
        healthy_at: 0.9,
        watch_at: 0.7,
        detail: if follow.is_empty() {
            "No corrective follow-up has come due yet.".into()
        } else {
            counted(closed, follow.len(), "follow-ups due were held on time")
        },
    });
    let rated = people
        .iter()
        .filter(|(id, _, _)| {
            i.ratings.iter().any(|r| {
                r.person == *id && !r.by_self && r.on <= day && r.on.days_until(day) <= RATING_DAYS
            })
        })
        .count();
    out.push(Measure {
        key: "ratings",
        tier: Tier::Operational,
        name: "Standards ratings current",
        value: share(rated, n_people),
        healthy_at: 1.0,
        watch_at: 0.75,
        detail: format!(
            "{} in the last {RATING_DAYS} days",
            counted(rated, n_people, "people rated against the standards")
        ),
    });

    // Tier 3.
    let recent = |d: Date| d <= day && d.days_until(day) < CULTURE_DAYS;
    let recognised = people
        .iter()
        .filter(|(id, _, _)| {
            Balance::of(id, i.feedback.iter().copied(), i.wins.iter().copied(), day).recognition > 0
        })
        .count();
    out.push(Measure {
        key: "recognition",
        tier: Tier::Culture,
        name: "Recognition spread",
        value: share(recognised, n_people),
        healthy_at: 0.9,
        watch_at: 0.6,
        detail: format!(
            "{} in {CULTURE_DAYS} days",
            counted(recognised, n_people, "people recognised")
        ),
    });
    let peer = people
        .iter()
        .filter(|(id, _, _)| {
            i.feedback
                .iter()
                .any(|f| f.kind == FeedbackKind::Peer && f.person == *id && recent(f.given_on))
        })
        .count();
    out.push(Measure {
        key: "peer",
        tier: Tier::Culture,
        name: "Peer feedback",
        value: share(peer, n_people),
        healthy_at: 0.5,
        watch_at: 0.25,
        detail: format!(
            "{} in {CULTURE_DAYS} days",
            counted(peer, n_people, "people received feedback from a peer")
        ),
    });
    let wins = i.wins.iter().filter(|w| recent(w.on)).count();
    out.push(Measure {
        key: "wins",
        tier: Tier::Culture,
        name: "Wins shared",
        value: (n_people > 0).then(|| (wins as f64 / WINS_WANTED as f64).min(1.0)),
        healthy_at: 1.0,
        watch_at: 0.67,
        detail: format!(
            "{wins} team wins in {CULTURE_DAYS} days ({WINS_WANTED} or more is healthy)"
        ),
    });
    let ids: Vec<String> = people.iter().map(|(id, _, _)| id.to_string()).collect();
    let (acked, charter_detail) = match i.charter.filter(|c| c.saved_on <= day) {
        Some(c) => {
            let n = acknowledged_count(c, &ids, &i.acks, Some(day));
            (
                share(n, n_people),
                format!(
                    "{} version {}",
                    counted(n, n_people, "people acknowledged"),
                    c.number
                ),
            )
        }
        None => (None, "No charter yet.".into()),
    };
    out.push(Measure {
        key: "charter",
        tier: Tier::Culture,
        name: "Charter acknowledged",
        value: acked,
        healthy_at: 1.0,
        watch_at: 0.75,
        detail: charter_detail,
    });
    let latest: Vec<f64> = people
        .iter()
        .filter_map(|(id, _, _)| {
            i.reports
                .iter()
                .filter(|r| r.person == *id && r.week <= day && r.week.days_until(day) <= 30)
                .max_by_key(|r| r.week)
                .and_then(|r| r.confidence)
                .map(f64::from)
        })
        .collect();
    let avg = (!latest.is_empty()).then(|| latest.iter().sum::<f64>() / latest.len() as f64);
    out.push(Measure {
        key: "confidence",
        tier: Tier::Culture,
        name: "Self-report confidence",
        value: avg.map(|a| a / 5.0),
        healthy_at: 0.7,
        watch_at: 0.5,
        detail: match avg {
            Some(a) => format!(
                "{:.1} of 5 on average, the latest report of {} people in 30 days",
                a,
                latest.len()
            ),
            None => "No self-report with a confidence in 30 days.".into(),
        },
    });
    let stretched = people
        .iter()
        .filter(|(id, _, _)| {
            i.stretches.iter().any(|s| {
                let end = s.finished.or(s.end).unwrap_or(day);
                s.person == *id
                    && s.start.is_some_and(|st| st <= day)
                    && end >= day.add_days(-FAIRNESS_DAYS)
            })
        })
        .count();
    out.push(Measure {
        key: "stretch",
        tier: Tier::Culture,
        name: "Stretch work shared fairly",
        value: share(stretched, n_people),
        healthy_at: 0.75,
        watch_at: 0.5,
        detail: format!(
            "{} in 12 months",
            counted(stretched, n_people, "people had stretch work")
        ),
    });
    out
}

/// A tier's score, 0-100: the mean of its measured measures (None if none is measured).
pub fn score(all: &[Measure], tier: Tier) -> Option<u8> {
    mean_score(all.iter().filter(|m| m.tier == tier))
}

/// The mean, 0-100, of measures each counted as its share of its healthy line (at most 100 %);
/// None if none is measured.
pub fn mean_score<'a>(ms: impl Iterator<Item = &'a Measure>) -> Option<u8> {
    let vals: Vec<f64> = ms
        .filter_map(|m| m.value.map(|v| (v / m.healthy_at).min(1.0)))
        .collect();
    (!vals.is_empty()).then(|| (vals.iter().sum::<f64>() / vals.len() as f64 * 100.0).round() as u8)
}

pub fn score_state(score: u8) -> State {
    if score >= HEALTHY_SCORE {
        State::Healthy
    } else if score >= WATCH_SCORE {
        State::Watch
    } else {
        State::Weak
    }
}

/// The measure furthest below healthy (None: all healthy or unmeasured).
pub fn weakest(all: &[Measure]) -> Option<&Measure> {
    all.iter()
        .filter(|m| m.shortfall() > 0.0)
        .max_by(|a, b| a.shortfall().total_cmp(&b.shortfall()))
}

/// The ends of the last `n` quarters, oldest first, and `today` last.
pub fn quarter_ends(today: Date, n: usize) -> Vec<Date> {
    let mut out = vec![today];
    let mut q = GoalLevel::Tactical.period_on(today).start();
    for _ in 0..n {
        let end = q.add_days(-1);
        out.push(end);
        q = GoalLevel::Tactical.period_on(end).start();
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests;
