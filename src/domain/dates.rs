//! Dates in words, without chrono's format-string machinery (it costs the app bundle bytes).
use chrono::{Datelike, NaiveDate};

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

/// "15 March 2021".
pub fn long_date(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

/// "15 Mar": for charts, lists and explanations where the year is clear.
pub fn short_date(d: NaiveDate) -> String {
    format!("{} {}", d.day(), &MONTHS[d.month0() as usize][..3])
}

/// The name of month `m` (1-12).
pub fn month_name(m: u32) -> &'static str {
    MONTHS[(m.clamp(1, 12) - 1) as usize]
}

/// A date from parts, when they make one.
pub fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Days from `a` to `b` (negative when `b` is earlier).
pub fn days_between(a: NaiveDate, b: NaiveDate) -> i64 {
    (b - a).num_days()
}

pub fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    d + chrono::Duration::days(n)
}

/// The last day of `d`'s month.
pub fn month_end(y: i32, m: u32) -> NaiveDate {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    add_days(NaiveDate::from_ymd_opt(ny, nm, 1).expect("valid month"), -1)
}

/// An ISO `YYYY-MM-DD` date as typed into a form.
pub fn parse_iso(s: &str) -> Option<NaiveDate> {
    s.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_dates() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(long_date(d(2021, 3, 15)), "15 March 2021");
        assert_eq!(long_date(d(2026, 12, 1)), "1 December 2026");
        assert_eq!(long_date(d(2024, 1, 31)), "31 January 2024");
        assert_eq!(short_date(d(2026, 9, 30)), "30 Sep");
    }

    #[test]
    fn arithmetic() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(month_end(2024, 2), d(2024, 2, 29));
        assert_eq!(month_end(2026, 12), d(2026, 12, 31));
        assert_eq!(days_between(d(2026, 1, 1), d(2026, 12, 31)), 364);
        assert_eq!(add_days(d(2026, 12, 31), 1), d(2027, 1, 1));
        assert_eq!(parse_iso(" 2026-02-28 "), Some(d(2026, 2, 28)));
        assert_eq!(parse_iso("2026-02-30"), None);
    }
}
