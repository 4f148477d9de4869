//! Calendar dates and UTC timestamps for the domain: thin newtypes over chrono's `NaiveDate`
//! and `DateTime<Utc>`, so rules read `Date` and `Timestamp` while chrono does the calendar
//! (parsing, arithmetic, weekdays, ISO weeks).
//!
//! Stored text is chrono's: "2026-11-26" and "2026-11-26T10:00:00.123Z" (RFC 3339 in UTC with as
//! many fraction digits as needed). Nothing here reads the clock: callers pass "now" in
//! (`store::clock::now`).
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, NaiveDate, SecondsFormat, TimeDelta, Utc, Weekday};
use serde::{Deserialize, Serialize};

pub use chrono::ParseError;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A day in the proleptic Gregorian calendar. Ordered by time; shown and stored as
/// `YYYY-MM-DD` (with a sign and more digits outside years 0-9999, as ISO 8601 asks).
/// The default is 1970-01-01.
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Date(NaiveDate);

impl Date {
    /// A date from parts, when they make one.
    pub fn from_ymd(y: i32, m: u32, d: u32) -> Option<Date> {
        NaiveDate::from_ymd_opt(y, m, d).map(Date)
    }

    /// The Monday of ISO week `w` of ISO year `y`, if the year has that week.
    pub fn from_iso_week(y: i32, w: u32) -> Option<Date> {
        NaiveDate::from_isoywd_opt(y, w, Weekday::Mon).map(Date)
    }

    /// chrono's date, for calendar work this type does not wrap.
    pub fn naive(self) -> NaiveDate {
        self.0
    }

    pub fn year(self) -> i32 {
        self.0.year()
    }
    /// 1 to 12.
    pub fn month(self) -> u32 {
        self.0.month()
    }
    /// 0 to 11.
    pub fn month0(self) -> u32 {
        self.0.month0()
    }
    /// 1 to 31.
    pub fn day(self) -> u32 {
        self.0.day()
    }

    /// Days since Monday: 0 (Monday) to 6 (Sunday).
    pub fn weekday0(self) -> u32 {
        self.0.weekday().num_days_from_monday()
    }

    /// The ISO week (year, week 1-53) the date falls in. The ISO year differs from the
    /// calendar year in the first and last days of some years.
    pub fn iso_week(self) -> (i32, u32) {
        let w = self.0.iso_week();
        (w.year(), w.week())
    }

    /// `n` days later (earlier when negative); past the calendar's ends it stays at the end.
    pub fn add_days(self, n: i64) -> Date {
        let end = if n < 0 {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        };
        Date(
            TimeDelta::try_days(n)
                .and_then(|delta| self.0.checked_add_signed(delta))
                .unwrap_or(end),
        )
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.0.signed_duration_since(self.0).num_days()
    }
}

impl From<NaiveDate> for Date {
    fn from(d: NaiveDate) -> Date {
        Date(d)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl FromStr for Date {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Date, ParseError> {
        s.parse().map(Date)
    }
}

/// A moment in UTC (the browser clock gives milliseconds). Stored as RFC 3339 text ending in
/// `Z`: "2026-11-26T10:00:00Z", "2026-11-26T10:00:00.123Z".
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(DateTime<Utc>);

impl Timestamp {
    /// The moment `ms` milliseconds after 1970-01-01T00:00:00Z, if chrono can hold it.
    pub fn from_millis(ms: i64) -> Option<Timestamp> {
        DateTime::from_timestamp_millis(ms).map(Timestamp)
    }

    /// chrono's moment, for time work this type does not wrap.
    pub fn utc(self) -> DateTime<Utc> {
        self.0
    }

    /// Milliseconds since 1970-01-01T00:00:00Z.
    pub fn millis(self) -> i64 {
        self.0.timestamp_millis()
    }

    /// `n` seconds later (earlier when negative).
    pub fn add_secs(self, n: i64) -> Timestamp {
        Timestamp(self.0 + TimeDelta::seconds(n))
    }

    /// The UTC calendar day.
    pub fn date(self) -> Date {
        Date(self.0.date_naive())
    }

    /// RFC 3339 with a `+00:00` offset (export files).
    pub fn to_rfc3339(self) -> String {
        self.0.to_rfc3339()
    }
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(t: DateTime<Utc>) -> Timestamp {
        Timestamp(t)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// RFC 3339, relaxed as chrono reads it: `T`, `t` or a space between date and time, an
/// optional fraction, and `Z`, `UTC` or an offset like `+01:00`.
impl FromStr for Timestamp {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Timestamp, ParseError> {
        s.parse().map(Timestamp)
    }
}

/// "15 March 2021".
pub fn long_date(d: Date) -> String {
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

/// "15 Mar": for charts, lists and explanations where the year is clear.
pub fn short_date(d: Date) -> String {
    format!("{} {}", d.day(), &MONTHS[d.month0() as usize][..3])
}

/// The name of month `m` (1-12).
pub fn month_name(m: u32) -> &'static str {
    MONTHS[(m.clamp(1, 12) - 1) as usize]
}

/// 1-12 for a month's name or its first three letters, in any case ("March", "mar"; not
/// "marching").
pub fn month_of(word: &str) -> Option<u32> {
    if word.len() < 3 {
        return None;
    }
    (1..=12).find(|&m| {
        let name = month_name(m);
        name.eq_ignore_ascii_case(word) || (word.len() == 3 && name[..3].eq_ignore_ascii_case(word))
    })
}

/// Days since Monday (0-6) for a weekday's name or a short form of at least three letters, in
/// any case ("Tuesday", "tue", "Thurs").
pub fn weekday_of(word: &str) -> Option<u32> {
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    if word.len() < 3 {
        return None;
    }
    (0..7u32).find(|&i| {
        let name = DAYS[i as usize];
        name.len() >= word.len() && name[..word.len()].eq_ignore_ascii_case(word)
    })
}

/// A date from parts, when they make one.
pub fn ymd(y: i32, m: u32, d: u32) -> Option<Date> {
    Date::from_ymd(y, m, d)
}

/// Days from `a` to `b` (negative when `b` is earlier).
pub fn days_between(a: Date, b: Date) -> i64 {
    a.days_until(b)
}

pub fn add_days(d: Date, n: i64) -> Date {
    d.add_days(n)
}

/// The last day of month `m` (1-12) of year `y`.
pub fn month_end(y: i32, m: u32) -> Date {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    Date(
        NaiveDate::from_ymd_opt(ny, nm, 1)
            .and_then(|first| first.pred_opt())
            .expect("valid month"),
    )
}

/// An ISO `YYYY-MM-DD` date as typed into a form.
pub fn parse_iso(s: &str) -> Option<Date> {
    s.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::format::ParseErrorKind;

    fn d(y: i32, m: u32, d: u32) -> Date {
        Date::from_ymd(y, m, d).unwrap()
    }

    #[test]
    fn long_dates() {
        assert_eq!(long_date(d(2021, 3, 15)), "15 March 2021");
        assert_eq!(long_date(d(2026, 12, 1)), "1 December 2026");
        assert_eq!(long_date(d(2024, 1, 31)), "31 January 2024");
        assert_eq!(short_date(d(2026, 9, 30)), "30 Sep");
    }

    #[test]
    fn arithmetic() {
        assert_eq!(month_end(2024, 2), d(2024, 2, 29));
        assert_eq!(month_end(2026, 12), d(2026, 12, 31));
        assert_eq!(days_between(d(2026, 1, 1), d(2026, 12, 31)), 364);
        assert_eq!(add_days(d(2026, 12, 31), 1), d(2027, 1, 1));
        assert_eq!(parse_iso(" 2026-02-28 "), Some(d(2026, 2, 28)));
        assert_eq!(parse_iso("2026-02-30"), None);
    }

    #[test]
    fn civil_round_trip() {
        // Every day over eight centuries, through leap years and century rules.
        let mut day = d(1600, 1, 1);
        let mut prev = day;
        for _ in 0..(800 * 366) {
            assert_eq!(
                Date::from_ymd(day.year(), day.month(), day.day()),
                Some(day)
            );
            day = day.add_days(1);
            assert!(day > prev);
            prev = day;
        }
        assert_eq!(Date::default(), d(1970, 1, 1));
        assert_eq!(d(1970, 1, 1).days_until(d(2026, 11, 26)), 20_783);
        assert_eq!(d(2000, 2, 29).add_days(365), d(2001, 2, 28));
        assert_eq!(Date::from_ymd(1900, 2, 29), None);
        assert_eq!(Date::from_ymd(2026, 13, 1), None);
        assert_eq!(d(2026, 11, 26).weekday0(), 3); // a Thursday
                                                   // Leap years: every fourth, not every hundredth, but every four-hundredth.
        assert_eq!(month_end(2000, 2), d(2000, 2, 29));
        assert_eq!(month_end(2100, 2), d(2100, 2, 28));
        assert_eq!(month_end(2028, 2), d(2028, 2, 29));
        assert_eq!(days_between(d(2028, 1, 1), d(2029, 1, 1)), 366);
        // Month ends and the year boundary.
        assert_eq!(month_end(2026, 4), d(2026, 4, 30));
        assert_eq!(add_days(d(2026, 1, 31), 1), d(2026, 2, 1));
        assert_eq!(add_days(d(2027, 1, 1), -1), d(2026, 12, 31));
        // Past the calendar's ends a date stays at the end instead of wrapping.
        assert!(d(2026, 1, 1).add_days(i64::MAX) > d(2026, 1, 1));
        assert!(d(2026, 1, 1).add_days(i64::MIN) < d(2026, 1, 1));
    }

    #[test]
    fn iso_weeks() {
        assert_eq!(d(2026, 11, 26).iso_week(), (2026, 48));
        assert_eq!(d(2021, 1, 3).iso_week(), (2020, 53));
        assert_eq!(d(2024, 12, 30).iso_week(), (2025, 1));
        assert_eq!(Date::from_iso_week(2020, 53), Some(d(2020, 12, 28)));
        assert_eq!(Date::from_iso_week(2026, 1), Some(d(2025, 12, 29)));
        assert_eq!(Date::from_iso_week(2026, 53), Some(d(2026, 12, 28)));
        assert_eq!(Date::from_iso_week(2025, 53), None);
        assert_eq!(Date::from_iso_week(2025, 0), None);
        // Week 53 and the ISO year around 1 January.
        assert_eq!(d(2026, 12, 31).iso_week(), (2026, 53));
        assert_eq!(d(2027, 1, 3).iso_week(), (2026, 53));
        assert_eq!(d(2027, 1, 4).iso_week(), (2027, 1));
        assert_eq!(d(2015, 12, 31).iso_week(), (2015, 53));
        assert_eq!(d(2019, 12, 30).iso_week(), (2020, 1));
    }

    #[test]
    fn date_text_as_chrono_wrote_and_read_it() {
        assert_eq!(d(2026, 3, 1).to_string(), "2026-03-01");
        assert_eq!(d(812, 3, 1).to_string(), "0812-03-01");
        assert_eq!(d(12345, 3, 1).to_string(), "+12345-03-01");
        assert_eq!(d(-5, 3, 1).to_string(), "-0005-03-01");
        assert_eq!("+12345-03-01".parse(), Ok(d(12345, 3, 1)));
        assert_eq!("-0005-03-01".parse(), Ok(d(-5, 3, 1)));
        assert_eq!("2026-3-1".parse(), Ok(d(2026, 3, 1)));
        assert_eq!(" 2026 - 03 - 01 ".parse(), Ok(d(2026, 3, 1)));
        let kind = |s: &str| s.parse::<Date>().map_err(|e| e.kind());
        assert_eq!(kind("2026-02-30"), Err(ParseErrorKind::OutOfRange));
        assert_eq!(kind("2026-13-01"), Err(ParseErrorKind::OutOfRange));
        assert_eq!(kind("2026-03"), Err(ParseErrorKind::TooShort));
        assert_eq!(kind("03/04/2023"), Err(ParseErrorKind::Invalid));
        assert_eq!(kind("2026-03-01x"), Err(ParseErrorKind::TooLong));
        assert_eq!(kind("20261-03-01"), Err(ParseErrorKind::Invalid));
        let json = serde_json::to_string(&d(2022, 3, 14)).unwrap();
        assert_eq!(json, "\"2022-03-14\"");
        assert_eq!(serde_json::from_str::<Date>(&json).unwrap(), d(2022, 3, 14));
        assert!(serde_json::from_str::<Date>("\"2022-02-30\"").is_err());
        assert!(serde_json::from_str::<Date>("20220314").is_err());
    }

    #[test]
    fn timestamps_as_chrono_wrote_and_read_them() {
        let t = |s: &str| s.parse::<Timestamp>();
        let t0 = t("2026-11-26T10:00:00Z").unwrap();
        assert_eq!(t0.to_string(), "2026-11-26T10:00:00Z");
        assert_eq!(t0.to_rfc3339(), "2026-11-26T10:00:00+00:00");
        assert_eq!(t0.date(), d(2026, 11, 26));
        assert_eq!(t0.millis(), 1_795_687_200_000);
        assert_eq!(Timestamp::from_millis(t0.millis()), Some(t0));
        assert_eq!(t("2026-11-26T10:00:00+00:00"), Ok(t0));
        assert_eq!(t("2026-11-26 11:00:00+01:30"), Ok(t0.add_secs(-1800)));
        assert_eq!(t("2026-11-26t05:00:00-0500"), Ok(t0));
        assert_eq!(t("2026-11-26T10:00:00 utc"), Ok(t0));
        let ms = Timestamp::from_millis(1_700_000_000_123).unwrap();
        assert_eq!(ms.to_string(), "2023-11-14T22:13:20.123Z");
        assert_eq!(t("2023-11-14T22:13:20.123Z"), Ok(ms));
        assert_eq!(
            t("2023-11-14T22:13:20.1234567891Z").unwrap().to_string(),
            "2023-11-14T22:13:20.123456789Z"
        );
        assert_eq!(
            t("2023-11-14T22:13:20.1234Z").unwrap().to_string(),
            "2023-11-14T22:13:20.123400Z"
        );
        assert_eq!(
            t("2016-12-31T23:59:60Z").unwrap().to_string(),
            "2016-12-31T23:59:60Z"
        );
        assert_eq!(
            Timestamp::from_millis(-1).unwrap().to_string(),
            "1969-12-31T23:59:59.999Z"
        );
        let kind = |s: &str| t(s).map_err(|e| e.kind());
        assert_eq!(kind("2026-11-26T10:00:00"), Err(ParseErrorKind::TooShort));
        assert_eq!(
            kind("2026-11-26T24:00:00Z"),
            Err(ParseErrorKind::OutOfRange)
        );
        assert_eq!(
            kind("2026-11-26T10:00:00+24:00"),
            Err(ParseErrorKind::OutOfRange)
        );
        assert_eq!(kind("2026-11-26X10:00:00Z"), Err(ParseErrorKind::Invalid));
        assert_eq!(kind("2026-11-26T10:00:00Zz"), Err(ParseErrorKind::TooLong));
        let json = serde_json::to_string(&ms).unwrap();
        assert_eq!(json, "\"2023-11-14T22:13:20.123Z\"");
        assert_eq!(serde_json::from_str::<Timestamp>(&json).unwrap(), ms);
    }
}
