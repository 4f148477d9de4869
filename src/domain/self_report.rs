//! Self-reporting: a team member's weekly report on themselves (what got done, next
//! priorities, blockers, help needed, confidence 1-5), one per person and week; what in it a
//! manager should look at before the 1:1; and how a self-assessment compares with the
//! manager's latest ratings.
use super::dates::Date;
use super::standards::{latest_ratings, Level, Rating};
use super::validate::{max_len, required_text, FieldError};
use serde::{Deserialize, Serialize};

pub const TEXT_MAX: usize = 2000;
/// Confidence at or below this is worth asking about.
pub const LOW_CONFIDENCE: u8 = 2;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelfReport {
    pub person: String,
    /// The Monday of the week reported on.
    pub week: Date,
    /// What got done.
    pub done: String,
    /// Next priorities.
    pub next: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub blockers: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub help: String,
    /// How confident they are about the coming week, 1 (not at all) to 5 (fully).
    pub confidence: Option<u8>,
    /// The day it was written, or last changed.
    pub written: Date,
}

/// The Monday of the week `day` falls in.
pub fn week_of(day: Date) -> Date {
    day.add_days(-(day.weekday0() as i64))
}

/// Whether a free-text answer says anything: "none", "nothing", "n/a", "-" and the like do not.
pub fn says_something(text: &str) -> bool {
    let t = text
        .trim()
        .trim_end_matches(['.', '!'])
        .trim()
        .to_ascii_lowercase();
    !matches!(
        t.as_str(),
        "" | "-"
            | "--"
            | "no"
            | "none"
            | "nothing"
            | "n/a"
            | "na"
            | "nope"
            | "not really"
            | "none right now"
            | "nothing right now"
            | "no blockers"
            | "none this week"
            | "nothing this week"
            | "all good"
    )
}

impl SelfReport {
    pub fn problems(&self, today: Option<Date>) -> Vec<FieldError> {
        let mut out = vec![];
        if self.person.is_empty() {
            out.push(FieldError::new("person", "Say who you are first."));
        }
        if self.week.weekday0() != 0 {
            out.push(FieldError::new(
                "week",
                "A report's week starts on a Monday.",
            ));
        }
        if today.is_some_and(|t| self.week > week_of(t)) {
            out.push(FieldError::new(
                "week",
                "Report on this week or an earlier one.",
            ));
        }
        required_text("done", "What got done", &self.done, TEXT_MAX, &mut out);
        required_text("next", "Next priorities", &self.next, TEXT_MAX, &mut out);
        max_len("blockers", "Blockers", &self.blockers, TEXT_MAX, &mut out);
        max_len("help", "Help needed", &self.help, TEXT_MAX, &mut out);
        match self.confidence {
            None => out.push(FieldError::new(
                "confidence",
                "Choose how confident you are, from 1 (not at all) to 5 (fully).",
            )),
            Some(c) if !(1..=5).contains(&c) => out.push(FieldError::new(
                "confidence",
                "Confidence is a number from 1 to 5.",
            )),
            Some(_) => {}
        }
        out
    }
}

/// `person`'s reports, newest week first.
pub fn reports_of<'a>(person: &str, all: &[&'a SelfReport]) -> Vec<&'a SelfReport> {
    let mut mine: Vec<&SelfReport> = all.iter().copied().filter(|r| r.person == person).collect();
    super::goal::sort_small(&mut mine, |a, b| (a.week, a.written) > (b.week, b.written));
    mine
}

/// Where `person`'s report for `week` is in `all`, if they wrote one (writing again changes it).
pub fn report_for_week(person: &str, week: Date, all: &[&SelfReport]) -> Option<usize> {
    all.iter()
        .position(|r| r.person == person && r.week == week)
}

/// What a manager should look at in a report before the 1:1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Flag {
    Blocked,
    AsksForHelp,
    LowConfidence(u8),
    /// Confidence fell by two or more since the report before: (before, now).
    ConfidenceDropped(u8, u8),
}

impl Flag {
    pub fn text(&self) -> String {
        match self {
            Flag::Blocked => "Reports a blocker".into(),
            Flag::AsksForHelp => "Asks for help".into(),
            Flag::LowConfidence(c) => format!("Low confidence ({c} of 5)"),
            Flag::ConfidenceDropped(before, now) => {
                format!("Confidence fell from {before} to {now}")
            }
        }
    }
}

/// The flags of the newest of `reports` (newest first), compared with the one before it.
pub fn flags(reports: &[&SelfReport]) -> Vec<Flag> {
    let Some(latest) = reports.first() else {
        return vec![];
    };
    let mut out = vec![];
    if says_something(&latest.blockers) {
        out.push(Flag::Blocked);
    }
    if says_something(&latest.help) {
        out.push(Flag::AsksForHelp);
    }
    if let Some(c) = latest.confidence {
        if c <= LOW_CONFIDENCE {
            out.push(Flag::LowConfidence(c));
        }
        if let Some(before) = reports.get(1).and_then(|r| r.confidence) {
            if before >= c + 2 {
                out.push(Flag::ConfidenceDropped(before, c));
            }
        }
    }
    out
}

/// Whether a report is recent enough to act on: for this week or last week.
pub fn is_recent(r: &SelfReport, today: Date) -> bool {
    r.week.days_until(week_of(today)) <= 7
}

/// How long ago the week of the newest report was, in words ("Last week").
pub fn freshness(latest: Option<&SelfReport>, today: Date) -> String {
    let Some(r) = latest else {
        return "No self-report yet".into();
    };
    let weeks = r.week.days_until(week_of(today)) / 7;
    match weeks {
        i64::MIN..=0 => "This week".into(),
        1 => "Last week".into(),
        n => format!("{n} weeks ago"),
    }
}

/// The confidences of the last `n` of `reports` (newest first), oldest first: "3 → 4 → 2".
pub fn confidence_trend(reports: &[&SelfReport], n: usize) -> String {
    let mut out: Vec<String> = reports
        .iter()
        .take(n)
        .filter_map(|r| r.confidence.map(|c| c.to_string()))
        .collect();
    out.reverse();
    out.join(" → ")
}

/// How a person's latest self-assessment of an item compares with the latest rating by
/// someone else.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gap {
    Same,
    /// They rate themselves higher than they were rated.
    Higher,
    Lower,
}

fn rank(l: Level) -> u8 {
    match l {
        Level::Below => 0,
        Level::Meets => 1,
        Level::Exceeds => 2,
    }
}

/// One rated item: (item, their latest self-assessment, the latest rating by someone else, gap).
pub type SelfAndRated<'a> = (
    &'static str,
    Option<&'a Rating>,
    Option<&'a Rating>,
    Option<Gap>,
);

/// Per rated item: their latest self-assessment, the latest rating by their manager, and the
/// gap where both have a level.
pub fn self_vs_rated<'a>(person: &str, all: &[&'a Rating]) -> Vec<SelfAndRated<'a>> {
    latest_ratings(person, all, true)
        .into_iter()
        .zip(latest_ratings(person, all, false))
        .map(|((item, own), (_, rated))| {
            let gap = match (own.and_then(|r| r.level), rated.and_then(|r| r.level)) {
                (Some(a), Some(b)) => Some(match rank(a).cmp(&rank(b)) {
                    std::cmp::Ordering::Equal => Gap::Same,
                    std::cmp::Ordering::Greater => Gap::Higher,
                    std::cmp::Ordering::Less => Gap::Lower,
                }),
                _ => None,
            };
            (item, own, rated, gap)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> Date {
        Date::from_ymd(2026, 11, day).unwrap()
    }

    /// A valid report by "hannah" for the week of 23 November 2026 (a Monday).
    fn report() -> SelfReport {
        SelfReport {
            person: "hannah".into(),
            week: d(23),
            done: "Solved 27 tickets; wrote the refund macro.".into(),
            next: "Clear the two 40-hour-old tickets; pair with Tomás on SSO.".into(),
            blockers: "None".into(),
            help: String::new(),
            confidence: Some(4),
            written: d(27),
        }
    }

    #[test]
    fn weeks_start_on_monday() {
        assert_eq!(week_of(d(27)), d(23)); // Friday
        assert_eq!(week_of(d(23)), d(23)); // Monday
        assert_eq!(week_of(d(29)), d(23)); // Sunday
        assert_eq!(week_of(d(30)), d(30));
        assert_eq!(
            week_of(Date::from_ymd(2027, 1, 1).unwrap()),
            Date::from_ymd(2026, 12, 28).unwrap()
        );
    }

    #[test]
    fn a_full_report_is_valid() {
        assert_eq!(report().problems(Some(d(27))), vec![]);
    }

    #[test]
    fn done_next_and_confidence_are_required() {
        let r = SelfReport {
            done: "  ".into(),
            next: String::new(),
            confidence: None,
            ..report()
        };
        let fields: Vec<&str> = r.problems(Some(d(27))).iter().map(|e| e.field).collect();
        assert_eq!(fields, ["done", "next", "confidence"]);
        let r = SelfReport {
            confidence: Some(6),
            ..report()
        };
        assert_eq!(
            r.problems(None)[0].message,
            "Confidence is a number from 1 to 5."
        );
        let r = SelfReport {
            confidence: Some(0),
            ..report()
        };
        assert_eq!(r.problems(None)[0].field, "confidence");
    }

    #[test]
    fn the_week_is_a_monday_not_in_the_future() {
        let r = SelfReport {
            week: d(24),
            ..report()
        };
        assert_eq!(r.problems(None)[0].field, "week");
        let r = SelfReport {
            week: d(30),
            ..report()
        };
        assert_eq!(
            r.problems(Some(d(27)))[0].message,
            "Report on this week or an earlier one."
        );
        // Sunday still belongs to the week of the 23rd; an earlier week is fine.
        assert_eq!(report().problems(Some(d(29))), vec![]);
        let last = SelfReport {
            week: d(16),
            ..report()
        };
        assert_eq!(last.problems(Some(d(27))), vec![]);
        assert_eq!(
            SelfReport {
                person: String::new(),
                ..report()
            }
            .problems(None)[0]
                .field,
            "person"
        );
    }

    #[test]
    fn long_texts_are_refused() {
        let r = SelfReport {
            help: "x".repeat(TEXT_MAX + 1),
            ..report()
        };
        assert_eq!(r.problems(None)[0].field, "help");
    }

    #[test]
    fn nothing_words_say_nothing() {
        for t in [
            "",
            " none ",
            "None.",
            "N/A",
            "-",
            "nothing this week",
            "No blockers",
        ] {
            assert!(!says_something(t), "{t}");
        }
        for t in [
            "Waiting on SSO access from IT",
            "no access to the billing admin",
            "None of the macros work",
        ] {
            assert!(says_something(t), "{t}");
        }
    }

    #[test]
    fn the_newest_week_comes_first_and_one_report_per_week() {
        let older = SelfReport {
            week: d(9),
            ..report()
        };
        let mid = SelfReport {
            week: d(16),
            ..report()
        };
        let other = SelfReport {
            person: "tomas".into(),
            week: d(30).add_days(-7),
            ..report()
        };
        let now = report();
        let all = vec![&mid, &other, &now, &older];
        let mine = reports_of("hannah", &all);
        assert_eq!(
            mine.iter().map(|r| r.week).collect::<Vec<_>>(),
            [d(23), d(16), d(9)]
        );
        assert_eq!(report_for_week("hannah", d(16), &all), Some(0));
        assert_eq!(report_for_week("hannah", d(23), &all), Some(2));
        assert_eq!(report_for_week("tomas", d(16), &all), None);
        assert!(reports_of("nobody", &all).is_empty());
    }

    #[test]
    fn flags_for_the_manager() {
        let calm = report();
        assert_eq!(flags(&[&calm]), vec![]);
        assert_eq!(flags(&[]), vec![]);
        let worried = SelfReport {
            blockers: "Waiting on SSO access from IT since Tuesday".into(),
            help: "Could you ask IT to prioritise it?".into(),
            confidence: Some(2),
            ..report()
        };
        assert_eq!(
            flags(&[&worried, &calm]),
            vec![
                Flag::Blocked,
                Flag::AsksForHelp,
                Flag::LowConfidence(2),
                Flag::ConfidenceDropped(4, 2)
            ]
        );
        // A fall of one point is not a drop; 3 is not low.
        let dipped = SelfReport {
            confidence: Some(3),
            ..report()
        };
        assert_eq!(flags(&[&dipped, &calm]), vec![]);
        assert_eq!(
            Flag::ConfidenceDropped(4, 2).text(),
            "Confidence fell from 4 to 2"
        );
        assert_eq!(Flag::LowConfidence(1).text(), "Low confidence (1 of 5)");
    }

    #[test]
    fn only_this_and_last_weeks_reports_are_recent() {
        let r = report(); // week of 23 Nov
        assert!(is_recent(&r, d(23)));
        assert!(is_recent(&r, d(29)));
        assert!(is_recent(&r, d(30)), "last week's, seen on Monday");
        assert!(
            is_recent(&r, d(30).add_days(6)),
            "last week's, seen on Sunday"
        );
        assert!(!is_recent(&r, d(30).add_days(7)), "two weeks old");
    }

    #[test]
    fn freshness_and_trend() {
        let now = report();
        assert_eq!(freshness(None, d(27)), "No self-report yet");
        assert_eq!(freshness(Some(&now), d(27)), "This week");
        assert_eq!(freshness(Some(&now), d(30)), "Last week");
        assert_eq!(freshness(Some(&now), d(30).add_days(14)), "3 weeks ago");
        let a = SelfReport {
            week: d(9),
            confidence: Some(3),
            ..report()
        };
        let b = SelfReport {
            week: d(16),
            confidence: Some(5),
            ..report()
        };
        assert_eq!(confidence_trend(&[&now, &b, &a], 3), "3 → 5 → 4");
        assert_eq!(confidence_trend(&[&now, &b, &a], 2), "5 → 4");
        assert_eq!(confidence_trend(&[], 3), "");
    }

    #[test]
    fn self_assessment_against_the_managers_rating() {
        let rating = |item: &str, level, on, by_self| Rating {
            person: "hannah".into(),
            item: item.into(),
            level: Some(level),
            on,
            note: String::new(),
            by_self,
        };
        let all = [
            rating("Quality", Level::Meets, d(2), false),
            rating("Quality", Level::Exceeds, d(20), true),
            rating("Productivity", Level::Meets, d(2), false),
            rating("Productivity", Level::Below, d(1), true),
            rating("Productivity", Level::Meets, d(21), true),
            rating("Learning", Level::Exceeds, d(21), true),
            Rating {
                person: "tomas".into(),
                ..rating("Collaboration", Level::Below, d(3), false)
            },
        ];
        let refs: Vec<&Rating> = all.iter().collect();
        let rows = self_vs_rated("hannah", &refs);
        let quality = &rows[0];
        assert_eq!(quality.0, "Quality");
        assert_eq!(quality.1.unwrap().on, d(20));
        assert_eq!(quality.2.unwrap().on, d(2));
        assert_eq!(quality.3, Some(Gap::Higher));
        // The newest self-assessment counts, not the first.
        assert_eq!(rows[1].3, Some(Gap::Same));
        let learning = rows.iter().find(|r| r.0 == "Learning").unwrap();
        assert_eq!((learning.2, learning.3), (None, None));
        let collab = rows.iter().find(|r| r.0 == "Collaboration").unwrap();
        assert_eq!((collab.1, collab.2), (None, None));
        let lower = [
            rating("Quality", Level::Exceeds, d(2), false),
            rating("Quality", Level::Below, d(3), true),
        ];
        let refs: Vec<&Rating> = lower.iter().collect();
        assert_eq!(self_vs_rated("hannah", &refs)[0].3, Some(Gap::Lower));
    }
}
