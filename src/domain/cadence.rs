//! When each person's next 1:1 is due, who is overdue, how many were held on time, and the
//! upcoming schedule as an iCalendar (.ics) file.
use super::checkin::{CheckIn, MeetingState};
use super::dates::{Date, Timestamp};
use super::person::{Cadence, Person};

/// Days a check-in may be late and still count as on time.
pub const GRACE_DAYS: i64 = 2;
/// The window the on-time share looks back over.
pub const SHARE_WINDOW_DAYS: i64 = 90;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Due {
    /// Due in this many days.
    Later(i64),
    Today,
    /// This many days past the due date.
    Overdue(i64),
}

impl Due {
    pub fn of(due: Date, today: Date) -> Due {
        let days = today.days_until(due);
        match days {
            0 => Due::Today,
            d if d > 0 => Due::Later(d),
            d => Due::Overdue(-d),
        }
    }

    pub fn text(self) -> String {
        match self {
            Due::Today => "due today".into(),
            Due::Later(1) => "due tomorrow".into(),
            Due::Later(d) => format!("due in {d} days"),
            Due::Overdue(1) => "1 day overdue".into(),
            Due::Overdue(d) => format!("{d} days overdue"),
        }
    }
}

/// The next 1:1 of someone last met on `last` (or never: due from `since`, or today).
pub fn next_due(cadence: Cadence, last: Option<Date>, since: Option<Date>, today: Date) -> Date {
    match last {
        Some(l) => l.add_days(cadence.days()),
        None => since.map_or(today, |s| s.min(today)),
    }
}

/// Dates of the person's held check-ins, oldest first.
pub fn held_dates<'a>(person: &str, all: impl Iterator<Item = &'a CheckIn>) -> Vec<Date> {
    let mut out: Vec<Date> = all
        .filter(|c| c.person == person && c.run.state == MeetingState::Finished)
        .map(|c| c.held_on)
        .collect();
    super::goal::sort_small(&mut out, |a, b| a < b);
    out
}

/// One row of Home's "1:1s due" list.
#[derive(Clone, Debug, PartialEq)]
pub struct DueEntry {
    pub person: String,
    pub name: String,
    pub cadence: Cadence,
    pub due: Date,
    pub state: Due,
    /// A check-in of theirs is running now.
    pub running: bool,
}

/// Everyone not archived, most overdue first. Each person comes with the day they were added to
/// Trellis: someone never met in it is due from then (or their start date, if later), not from a
/// start date years ago.
pub fn due_list(
    people: &[(String, Person, Date)],
    check_ins: &[&CheckIn],
    today: Date,
) -> Vec<DueEntry> {
    let mut out: Vec<DueEntry> = people
        .iter()
        .filter(|(_, p, _)| !p.archived)
        .map(|(id, p, added)| {
            let held = held_dates(id, check_ins.iter().copied());
            let since = p.start_date.map_or(*added, |s| s.max(*added));
            let due = next_due(p.cadence, held.last().copied(), Some(since), today);
            DueEntry {
                person: id.clone(),
                name: p.name.clone(),
                cadence: p.cadence,
                due,
                state: Due::of(due, today),
                running: check_ins.iter().any(|c| c.person == *id && c.run.running()),
            }
        })
        .collect();
    super::goal::sort_small(&mut out, |a, b| a.due < b.due);
    out
}

/// Check-ins held on time over the last 90 days, as (on time, expected).
///
/// Expected: one per cadence period in the window (90 days, or from the person's start date when
/// that is later). A held check-in counts as on time when it came at most cadence + 2 days after
/// the one before it (the first in the window is measured from the last one before the window,
/// or from the window's start); at most the expected number count.
pub fn on_time_share(
    cadence: Cadence,
    held: &[Date],
    start: Option<Date>,
    today: Date,
) -> (u32, u32) {
    let mut from = today.add_days(-SHARE_WINDOW_DAYS);
    if let Some(s) = start {
        from = from.max(s);
    }
    let span = from.days_until(today);
    let expected = (span / cadence.days()).max(0) as u32;
    let mut previous = held
        .iter()
        .rev()
        .find(|d| **d < from)
        .copied()
        .unwrap_or(from);
    let mut on_time = 0u32;
    for &d in held.iter().filter(|d| **d >= from && **d <= today) {
        if previous.days_until(d) <= cadence.days() + GRACE_DAYS {
            on_time += 1;
        }
        previous = d;
    }
    (on_time.min(expected), expected)
}

/// An all-day event of an iCalendar file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// Stable for the same thing on the same day, so a re-import updates instead of duplicating.
    pub uid: String,
    pub day: Date,
    pub summary: String,
    pub description: String,
}

/// `events` as an iCalendar file (RFC 5545) named `name`: all-day events, lines folded.
pub fn calendar_ics(name: &str, events: &[Event], now: Timestamp) -> String {
    let stamp = ics_stamp(now);
    let mut out = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Trellis//{name}//EN\r\nCALSCALE:GREGORIAN\r\n"
    );
    for e in events {
        let compact = compact_date(e.day);
        for line in [
            "BEGIN:VEVENT".to_string(),
            format!("UID:{}-{compact}@trellis", e.uid),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;VALUE=DATE:{compact}"),
            format!("DTEND;VALUE=DATE:{}", compact_date(e.day.add_days(1))),
            format!("SUMMARY:{}", ics_text(&e.summary)),
            format!("DESCRIPTION:{}", ics_text(&e.description)),
            "END:VEVENT".to_string(),
        ] {
            fold_into(&mut out, &line);
        }
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

/// The next 1:1s of each person over `weeks` weeks from `today`, as an iCalendar file (RFC 5545):
/// all-day events, stable ids per person and date so a re-import updates instead of duplicating.
pub fn schedule_ics(entries: &[DueEntry], today: Date, weeks: i64, now: Timestamp) -> String {
    let end = today.add_days(weeks * 7);
    let mut events = vec![];
    for e in entries {
        // An overdue 1:1 is planned for today.
        let mut day = e.due.max(today);
        while day < end {
            events.push(Event {
                uid: e.person.clone(),
                day,
                summary: format!("1:1 with {}", e.name),
                description: format!(
                    "{} check-in with {}: progress, obstacles, planning (15-30 minutes).",
                    e.cadence.label(),
                    e.name
                ),
            });
            day = day.add_days(e.cadence.days());
        }
    }
    calendar_ics("1:1 schedule", &events, now)
}

fn compact_date(d: Date) -> String {
    d.to_string().replace('-', "")
}

fn ics_stamp(now: Timestamp) -> String {
    // "2026-11-27T10:00:00Z" (maybe with a fraction) → "20261127T100000Z"
    let text = now.to_rfc3339();
    let digits: String = text
        .chars()
        .take(19)
        .filter(|c| c.is_ascii_digit() || *c == 'T')
        .collect();
    format!("{digits}Z")
}

/// Escapes TEXT values: backslash, semicolon, comma and line breaks.
pub fn ics_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | ';' | ',' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out
}

/// Appends `line` with CRLF, folded so no line is longer than 75 octets (never inside a character).
fn fold_into(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dates::ymd;

    fn d(m: u32, day: u32) -> Date {
        ymd(2026, m, day).unwrap()
    }
    fn person(name: &str, cadence: Cadence, archived: bool) -> Person {
        Person {
            name: name.into(),
            role: String::new(),
            start_date: Some(d(1, 5)),
            email: String::new(),
            cadence,
            archived,
        }
    }
    fn held(person: &str, on: Date) -> CheckIn {
        CheckIn::held(person, on, "")
    }

    #[test]
    fn due_dates_follow_the_cadence() {
        let today = d(11, 27);
        assert_eq!(
            next_due(Cadence::Weekly, Some(d(11, 20)), None, today),
            d(11, 27)
        );
        assert_eq!(
            next_due(Cadence::Biweekly, Some(d(11, 20)), None, today),
            d(12, 4)
        );
        assert_eq!(
            next_due(Cadence::Weekly, None, Some(d(3, 1)), today),
            d(3, 1)
        );
        assert_eq!(
            next_due(Cadence::Weekly, None, Some(d(12, 24)), today),
            today
        );
        assert_eq!(next_due(Cadence::Weekly, None, None, today), today);
        assert_eq!(Due::of(d(11, 27), today), Due::Today);
        assert_eq!(Due::of(d(11, 30), today), Due::Later(3));
        assert_eq!(Due::of(d(11, 17), today), Due::Overdue(10));
        assert_eq!(Due::Overdue(10).text(), "10 days overdue");
        assert_eq!(Due::Later(1).text(), "due tomorrow");
    }

    #[test]
    fn the_due_list_puts_the_most_overdue_first_and_skips_archived_people() {
        let added = d(1, 5);
        let people = vec![
            (
                "a".to_string(),
                person("Ana", Cadence::Weekly, false),
                added,
            ),
            (
                "b".to_string(),
                person("Ben", Cadence::Biweekly, false),
                added,
            ),
            ("c".to_string(), person("Cy", Cadence::Weekly, true), added),
            (
                "d".to_string(),
                person("Dee", Cadence::Weekly, false),
                d(11, 25),
            ),
        ];
        let c1 = held("a", d(11, 24));
        let c2 = held("b", d(11, 2));
        let mut running = held("a", d(11, 27));
        running.run.state = MeetingState::InProgress;
        let list = due_list(&people, &[&c1, &c2, &running], d(11, 27));
        let names: Vec<&str> = list.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["Ben", "Dee", "Ana"]);
        assert_eq!(
            list[1].state,
            Due::Overdue(2),
            "never met: due from the day they were added, not their start in January"
        );
        assert_eq!(list[0].state, Due::Overdue(11));
        assert_eq!(
            list[2].state,
            Due::Later(4),
            "the running one is not held yet"
        );
        assert!(list[2].running && !list[0].running);
    }

    #[test]
    fn on_time_share_over_ninety_days() {
        let today = d(11, 27);
        // Weekly, every week for 90 days: 12 of 12.
        let weekly: Vec<Date> = (0..13).rev().map(|w| today.add_days(-7 * w)).collect();
        assert_eq!(
            on_time_share(Cadence::Weekly, &weekly, None, today),
            (12, 12)
        );
        // A three-week gap in the middle: the one after the gap is late.
        let gappy: Vec<Date> = weekly
            .iter()
            .copied()
            .filter(|x| *x != d(10, 16) && *x != d(10, 23))
            .collect();
        assert_eq!(
            on_time_share(Cadence::Weekly, &gappy, None, today),
            (10, 12)
        );
        // Two days late still counts; three does not.
        let late = [d(11, 1), d(11, 10), d(11, 20)];
        let (on, _) = on_time_share(Cadence::Weekly, &late, Some(d(10, 30)), today);
        assert_eq!(
            on, 2,
            "Nov 1 (2 days after the start) and Nov 10 (9 days) count; Nov 20 (10) does not"
        );
        // Started three weeks ago: three expected.
        assert_eq!(
            on_time_share(Cadence::Weekly, &[], Some(d(11, 6)), today),
            (0, 3)
        );
        assert_eq!(on_time_share(Cadence::Biweekly, &[], None, today), (0, 6));
    }

    #[test]
    fn ics_is_escaped_folded_and_stable() {
        let e = DueEntry {
            person: "p1".into(),
            name: "Okafor, Maya; \"lead\" of the very long named northern region support team"
                .into(),
            cadence: Cadence::Biweekly,
            due: d(11, 20),
            state: Due::Overdue(7),
            running: false,
        };
        let now = Timestamp::from_millis(1_795_000_000_123).unwrap();
        let ics = schedule_ics(&[e], d(11, 27), 4, now);
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert_eq!(
            ics.matches("BEGIN:VEVENT").count(),
            2,
            "overdue → today, then two weeks on"
        );
        assert!(ics.contains("UID:p1-20261127@trellis\r\n"));
        assert!(ics.contains("DTSTART;VALUE=DATE:20261211\r\nDTEND;VALUE=DATE:20261212\r\n"));
        assert!(ics.contains("SUMMARY:1:1 with Okafor\\, Maya\\; \"lead\" of the very long named northern reg\r\n ion support team\r\n"));
        assert!(
            !ics.replace("\r\n", "").contains('\n'),
            "only CRLF line ends"
        );
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "folded: {line}");
        }
        assert!(ics.contains("DTSTAMP:"));
        let stamp = ics
            .split("DTSTAMP:")
            .nth(1)
            .unwrap()
            .split("\r\n")
            .next()
            .unwrap();
        assert_eq!(stamp.len(), 16);
        assert!(stamp.ends_with('Z') && stamp.as_bytes()[8] == b'T');
        assert_eq!(ics_text("a\\b\nc"), "a\\\\b\\nc");
    }
}
