//! Calendar dates and UTC timestamps, written by hand instead of taken from chrono: the app
//! needs only ISO-8601 text, day arithmetic and ISO weeks, and chrono's general parser and
//! formatter cost the bundle several kilobytes.
//!
//! `Date` and `Timestamp` read and write exactly the text chrono's `NaiveDate` and
//! `DateTime<Utc>` did ("2026-11-26", "2026-11-26T10:00:00.123Z"), so stored records and export
//! files are unchanged. Nothing here reads the clock: the UI passes "now" in.
use std::fmt::{self, Write as _};
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

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

/// The years chrono's `NaiveDate` could hold; kept so the same inputs are accepted.
const MIN_YEAR: i32 = (i32::MIN >> 13) + 1;
const MAX_YEAR: i32 = (i32::MAX >> 13) - 1;

/// A day in the proleptic Gregorian calendar. Ordered by time; shown and stored as
/// `YYYY-MM-DD` (with a sign and more digits outside years 0-9999, as ISO 8601 asks).
/// The default is 1970-01-01, as with chrono.
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Days since 1970-01-01.
    days: i32,
}

impl Date {
    /// A date from parts, when they make one.
    pub fn from_ymd(y: i32, m: u32, d: u32) -> Option<Date> {
        let valid = (MIN_YEAR..=MAX_YEAR).contains(&y)
            && (1..=12).contains(&m)
            && d >= 1
            && d <= days_in_month(y, m);
        valid.then(|| Date {
            days: days_from_civil(y, m, d),
        })
    }

    /// The Monday of ISO week `w` of ISO year `y`, if the year has that week.
    pub fn from_iso_week(y: i32, w: u32) -> Option<Date> {
        if !(MIN_YEAR..MAX_YEAR).contains(&y) || !(1..=iso_weeks_in(y)).contains(&w) {
            return None;
        }
        let jan4 = Date::from_ymd(y, 1, 4)?;
        Some(jan4.add_days(7 * (w as i64 - 1) - jan4.weekday0() as i64))
    }

    pub fn year(self) -> i32 {
        civil_from_days(self.days).0
    }
    /// 1 to 12.
    pub fn month(self) -> u32 {
        civil_from_days(self.days).1
    }
    /// 0 to 11.
    pub fn month0(self) -> u32 {
        self.month() - 1
    }
    /// 1 to 31.
    pub fn day(self) -> u32 {
        civil_from_days(self.days).2
    }

    /// Days since Monday: 0 (Monday) to 6 (Sunday).
    pub fn weekday0(self) -> u32 {
        // 1970-01-01 was a Thursday.
        (self.days as i64 + 3).rem_euclid(7) as u32
    }

    /// The ISO week (year, week 1-53) the date falls in. The ISO year differs from the
    /// calendar year in the first and last days of some years.
    pub fn iso_week(self) -> (i32, u32) {
        // A week belongs to the year its Thursday falls in.
        let thursday = self.add_days(3 - self.weekday0() as i64);
        let year = thursday.year();
        let jan1 = days_from_civil(year, 1, 1);
        (year, ((thursday.days - jan1) / 7 + 1) as u32)
    }

    pub fn add_days(self, n: i64) -> Date {
        Date {
            days: (self.days as i64 + n) as i32,
        }
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.days as i64 - self.days as i64
    }
}

fn is_leap(y: i32) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// 52 or 53: a year has 53 ISO weeks when 28 December falls in week 53.
fn iso_weeks_in(y: i32) -> u32 {
    Date::from_ymd(y, 12, 28).map_or(52, |d| d.iso_week().1)
}

// Howard Hinnant's `days_from_civil` and `civil_from_days`
// (https://howardhinnant.github.io/date_algorithms.html): eras of 400 years, each year counted
// from 1 March so the leap day comes last.
fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = y as i64 - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400; // [0, 399]
    let mp = (m as i64 + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + d as i64 - 1; // [0, 365]
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    (era * 146_097 + doe - 719_468) as i32
}

fn civil_from_days(days: i32) -> (i32, u32, u32) {
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m, d)
}

/// Two digits, zero-padded (`write!("{:02}")` without the format machinery).
fn two(out: &mut impl fmt::Write, n: u32) -> fmt::Result {
    out.write_char((b'0' + (n / 10 % 10) as u8) as char)?;
    out.write_char((b'0' + (n % 10) as u8) as char)
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let (y, m, d) = civil_from_days(self.days);
        if (0..=9999).contains(&y) {
            two(f, y as u32 / 100)?;
            two(f, y as u32 % 100)?;
        } else {
            write!(f, "{y:+05}")?;
        }
        f.write_char('-')?;
        two(f, m)?;
        f.write_char('-')?;
        two(f, d)
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Why a date or time did not parse, in the words chrono used (they reach import messages).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParseError {
    OutOfRange,
    Impossible,
    Invalid,
    TooShort,
    TooLong,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(match self {
            ParseError::OutOfRange => "input is out of range",
            ParseError::Impossible => "no possible date and time matching input",
            ParseError::Invalid => "input contains invalid characters",
            ParseError::TooShort => "premature end of input",
            ParseError::TooLong => "trailing input",
        })
    }
}

impl std::error::Error for ParseError {}

/// A cursor over ISO-8601 text that accepts what chrono's parser accepted: whitespace before
/// numbers and separators, one- or two-digit fields, signed years of any length.
struct Scan<'a>(&'a str);

impl Scan<'_> {
    fn skip_space(&mut self) {
        self.0 = self.0.trim_start();
    }

    /// Up to `max` ASCII digits, at least one.
    fn digits(&mut self, max: usize) -> Result<i64, ParseError> {
        let s = self.0.as_bytes();
        if s.is_empty() {
            return Err(ParseError::TooShort);
        }
        let n = s
            .iter()
            .take(max)
            .take_while(|b| b.is_ascii_digit())
            .count();
        if n == 0 {
            return Err(ParseError::Invalid);
        }
        let v = s[..n]
            .iter()
            .try_fold(0i64, |v, b| {
                v.checked_mul(10)?.checked_add((b - b'0') as i64)
            })
            .ok_or(ParseError::OutOfRange)?;
        self.0 = &self.0[n..];
        Ok(v)
    }

    /// A number field in `range` (whitespace before it is skipped).
    fn field(
        &mut self,
        max: usize,
        range: std::ops::RangeInclusive<i64>,
    ) -> Result<u32, ParseError> {
        self.skip_space();
        let v = self.digits(max)?;
        if range.contains(&v) {
            Ok(v as u32)
        } else {
            Err(ParseError::OutOfRange)
        }
    }

    /// Four digits, or a sign and any number of digits.
    fn year(&mut self) -> Result<i32, ParseError> {
        self.skip_space();
        let v = match self.0.as_bytes().first() {
            Some(b'-') => {
                self.0 = &self.0[1..];
                -self.digits(usize::MAX)?
            }
            Some(b'+') => {
                self.0 = &self.0[1..];
                self.digits(usize::MAX)?
            }
            _ => self.digits(4)?,
        };
        i32::try_from(v).map_err(|_| ParseError::OutOfRange)
    }

    /// One separator byte, after optional whitespace.
    fn literal(&mut self, c: u8) -> Result<(), ParseError> {
        self.skip_space();
        match self.0.as_bytes().first() {
            Some(&b) if b == c => {
                self.0 = &self.0[1..];
                Ok(())
            }
            Some(_) => Err(ParseError::Invalid),
            None => Err(ParseError::TooShort),
        }
    }

    fn date(&mut self) -> Result<Date, ParseError> {
        let y = self.year()?;
        self.literal(b'-')?;
        let m = self.field(2, 1..=12)?;
        self.literal(b'-')?;
        let d = self.field(2, 1..=31)?;
        Date::from_ymd(y, m, d).ok_or(ParseError::OutOfRange)
    }

    /// Nothing but whitespace may remain.
    fn end(mut self) -> Result<(), ParseError> {
        self.skip_space();
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ParseError::TooLong)
        }
    }
}

impl FromStr for Date {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Date, ParseError> {
        let mut scan = Scan(s);
        let date = scan.date()?;
        scan.end()?;
        Ok(date)
    }
}

/// Reads a string field without copying it, then parses it with `FromStr`.
struct FromStrVisitor<T>(&'static str, std::marker::PhantomData<T>);

impl<T: FromStr<Err = ParseError>> Visitor<'_> for FromStrVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.0)
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<T, E> {
        s.parse().map_err(E::custom)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        d.deserialize_str(FromStrVisitor(
            "a formatted date string",
            Default::default(),
        ))
    }
}

/// A moment in UTC, to the nanosecond (the browser clock gives milliseconds). Stored as
/// RFC 3339 text ending in `Z`: "2026-11-26T10:00:00Z", "2026-11-26T10:00:00.123Z".
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    /// Whole seconds since 1970-01-01T00:00:00Z.
    secs: i64,
    /// 0 to 999 999 999; 1e9 and more during a leap second (":60"), as chrono kept them.
    nanos: u32,
}

impl Timestamp {
    /// The moment `ms` milliseconds after 1970-01-01T00:00:00Z, if its year is a `Date` year.
    pub fn from_millis(ms: i64) -> Option<Timestamp> {
        let t = Timestamp {
            secs: ms.div_euclid(1000),
            nanos: ms.rem_euclid(1000) as u32 * 1_000_000,
        };
        t.in_range().then_some(t)
    }

    /// Whether the UTC day is a `Date` chrono could hold.
    fn in_range(self) -> bool {
        let lo = days_from_civil(MIN_YEAR, 1, 1) as i64;
        let hi = days_from_civil(MAX_YEAR, 12, 31) as i64;
        (lo..=hi).contains(&self.secs.div_euclid(86_400))
    }

    /// Milliseconds since 1970-01-01T00:00:00Z.
    pub fn millis(self) -> i64 {
        self.secs * 1000 + (self.nanos / 1_000_000) as i64
    }

    /// `n` seconds later (earlier when negative).
    pub fn add_secs(self, n: i64) -> Timestamp {
        Timestamp {
            secs: self.secs + n,
            ..self
        }
    }

    /// The UTC calendar day.
    pub fn date(self) -> Date {
        Date {
            days: self.secs.div_euclid(86_400) as i32,
        }
    }

    /// RFC 3339 with a `+00:00` offset, as chrono's `to_rfc3339` wrote it (export files).
    pub fn to_rfc3339(self) -> String {
        let mut s = String::with_capacity(32);
        let _ = self.write(&mut s, "+00:00");
        s
    }

    /// Date, `T`, time, as many fraction digits as needed (0, 3, 6 or 9), then `zone`.
    fn write(self, out: &mut impl fmt::Write, zone: &str) -> fmt::Result {
        write!(out, "{}T", self.date())?;
        let sec_of_day = self.secs.rem_euclid(86_400) as u32;
        let (mut sec, mut nano) = (sec_of_day % 60, self.nanos);
        if nano >= 1_000_000_000 {
            sec += 1;
            nano -= 1_000_000_000;
        }
        two(out, sec_of_day / 3600)?;
        out.write_char(':')?;
        two(out, sec_of_day / 60 % 60)?;
        out.write_char(':')?;
        two(out, sec)?;
        if nano == 0 {
        } else if nano % 1_000_000 == 0 {
            write!(out, ".{:03}", nano / 1_000_000)?;
        } else if nano % 1_000 == 0 {
            write!(out, ".{:06}", nano / 1_000)?;
        } else {
            write!(out, ".{nano:09}")?;
        }
        out.write_str(zone)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.write(f, "Z")
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// RFC 3339 as chrono read it, relaxed: `T`, `t` or a space between date and time, an optional
/// fraction, and `Z`, `UTC` or an offset like `+01:00`, `+0100` or `-01 00`.
impl FromStr for Timestamp {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Timestamp, ParseError> {
        let mut scan = Scan(s);
        let date = scan.date()?;
        match scan.0.as_bytes().first() {
            Some(b't' | b'T' | b' ') => scan.0 = &scan.0[1..],
            Some(_) => return Err(ParseError::Invalid),
            None => return Err(ParseError::TooShort),
        }
        let h = scan.field(2, 0..=23)?;
        scan.literal(b':')?;
        let m = scan.field(2, 0..=59)?;
        scan.literal(b':')?;
        let s = scan.field(2, 0..=60)?;
        let mut nanos = 0;
        if let Some(rest) = scan.0.strip_prefix('.') {
            scan.0 = rest;
            let len = scan.0.len();
            let v = scan.digits(9)? as u32;
            nanos = v * 10u32.pow(9 - (len - scan.0.len()) as u32);
            // Digits past the ninth are ignored.
            scan.0 = scan.0.trim_start_matches(|c: char| c.is_ascii_digit());
        }
        scan.skip_space();
        let offset = scan.offset()?;
        scan.end()?;
        // A leap second is second 59 with a fraction of one second or more.
        let (s, nanos) = if s == 60 {
            (59, nanos + 1_000_000_000)
        } else {
            (s, nanos)
        };
        let local = date.days as i64 * 86_400 + (h * 3600 + m * 60 + s) as i64;
        let t = Timestamp {
            secs: local - offset,
            nanos,
        };
        // The offset may push the moment past the last (or first) representable day.
        t.in_range().then_some(t).ok_or(ParseError::Impossible)
    }
}

impl Scan<'_> {
    /// A UTC offset in seconds: `Z`, `z`, `UTC` (any case), or a sign (`+`, `-` or `−`), two
    /// digits of hours, optional `:` or spaces, two digits of minutes.
    fn offset(&mut self) -> Result<i64, ParseError> {
        let s = self.0;
        if s.len() >= 3 && s.as_bytes()[..3].eq_ignore_ascii_case(b"UTC") {
            self.0 = &s[3..];
            return Ok(0);
        }
        let (negative, rest) = match s.chars().next() {
            Some('Z' | 'z') => {
                self.0 = &s[1..];
                return Ok(0);
            }
            Some('+') => (false, &s[1..]),
            Some('-') => (true, &s[1..]),
            Some('−') => (true, &s['−'.len_utf8()..]),
            Some(_) => return Err(ParseError::Invalid),
            None => return Err(ParseError::TooShort),
        };
        let two_digits = |s: &str, first: std::ops::RangeInclusive<u8>| match s.as_bytes() {
            [a, b, ..] if first.contains(a) && b.is_ascii_digit() => {
                Ok(((a - b'0') * 10 + (b - b'0')) as i64)
            }
            [b'6'..=b'9', b'0'..=b'9', ..] => Err(ParseError::OutOfRange),
            [_, _, ..] => Err(ParseError::Invalid),
            _ => Err(ParseError::TooShort),
        };
        let hours = two_digits(rest, b'0'..=b'9')?;
        let rest = rest[2..].trim_start_matches(|c: char| c == ':' || c.is_whitespace());
        let minutes = two_digits(rest, b'0'..=b'5')?;
        self.0 = &rest[2..];
        let secs = hours * 3600 + minutes * 60;
        if secs >= 86_400 {
            return Err(ParseError::OutOfRange);
        }
        Ok(if negative { -secs } else { secs })
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
        d.deserialize_str(FromStrVisitor(
            "an RFC 3339 formatted date and time string",
            Default::default(),
        ))
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

/// The last day of `d`'s month.
pub fn month_end(y: i32, m: u32) -> Date {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    add_days(Date::from_ymd(ny, nm, 1).expect("valid month"), -1)
}

/// An ISO `YYYY-MM-DD` date as typed into a form.
pub fn parse_iso(s: &str) -> Option<Date> {
    s.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

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
            let (y, m, dd) = civil_from_days(day.days);
            assert_eq!(Date::from_ymd(y, m, dd), Some(day));
            day = day.add_days(1);
            assert!(day > prev);
            prev = day;
        }
        assert_eq!(d(1970, 1, 1).days, 0);
        assert_eq!(d(2000, 2, 29).add_days(365), d(2001, 2, 28));
        assert_eq!(Date::from_ymd(1900, 2, 29), None);
        assert_eq!(Date::from_ymd(2026, 13, 1), None);
        assert_eq!(d(2026, 11, 26).weekday0(), 3); // a Thursday
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
        assert_eq!("2026-02-30".parse::<Date>(), Err(ParseError::OutOfRange));
        assert_eq!("2026-13-01".parse::<Date>(), Err(ParseError::OutOfRange));
        assert_eq!("2026-03".parse::<Date>(), Err(ParseError::TooShort));
        assert_eq!("03/04/2023".parse::<Date>(), Err(ParseError::Invalid));
        assert_eq!("2026-03-01x".parse::<Date>(), Err(ParseError::TooLong));
        assert_eq!("20261-03-01".parse::<Date>(), Err(ParseError::Invalid));
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
        assert_eq!(t("2026-11-26T10:00:00"), Err(ParseError::TooShort));
        assert_eq!(t("2026-11-26T24:00:00Z"), Err(ParseError::OutOfRange));
        assert_eq!(t("2026-11-26T10:00:00+24:00"), Err(ParseError::OutOfRange));
        assert_eq!(t("2026-11-26X10:00:00Z"), Err(ParseError::Invalid));
        assert_eq!(t("2026-11-26T10:00:00Zz"), Err(ParseError::TooLong));
        let json = serde_json::to_string(&ms).unwrap();
        assert_eq!(json, "\"2023-11-14T22:13:20.123Z\"");
        assert_eq!(serde_json::from_str::<Timestamp>(&json).unwrap(), ms);
    }
}
