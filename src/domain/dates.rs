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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_dates() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(long_date(d(2021, 3, 15)), "15 March 2021");
        assert_eq!(long_date(d(2026, 12, 1)), "1 December 2026");
        assert_eq!(long_date(d(2024, 1, 31)), "31 January 2024");
    }
}
