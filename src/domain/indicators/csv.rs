//! Readings as CSV: `date,value[,note]`, one reading a line, with or without that header line.
//! The whole file is checked before anything is saved; a bad row is reported by line and column.
use std::fmt;

use crate::domain::dates::Date;
use crate::domain::goal_report::csv_cell;

use super::{parse_number, Reading};

/// Where a file went wrong: 1-based line and column (1 date, 2 value, 3 note), and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvProblem {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for CsvProblem {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "Line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

/// Reads every reading of a file; none if any line is wrong. Dates are `YYYY-MM-DD`, none after
/// `today`, each at most once; values are numbers ("42", "3.5", "1,250" in quotes).
pub fn parse_readings(text: &str, today: Date) -> Result<Vec<Reading>, CsvProblem> {
    let mut out: Vec<Reading> = vec![];
    for (n, raw) in text.lines().enumerate() {
        let line = n + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let cells = split_line(raw).map_err(|column| CsvProblem {
            line,
            column,
            message: "a quoted cell is not closed".into(),
        })?;
        let problem = |column: usize, message: String| CsvProblem {
            line,
            column,
            message,
        };
        if out.is_empty() && line == 1 && cells[0].trim().eq_ignore_ascii_case("date") {
            continue; // the header
        }
        if cells.len() < 2 {
            return Err(problem(
                2,
                "no value: each line is date,value[,note]".into(),
            ));
        }
        if cells.len() > 3 {
            return Err(problem(
                4,
                "too many cells: each line is date,value[,note] (quote a note that holds commas)"
                    .into(),
            ));
        }
        let date = cells[0].trim();
        let on: Date = date.parse().map_err(|_| {
            problem(
                1,
                format!("“{date}” is not a date like 2026-11-30 (year-month-day)"),
            )
        })?;
        if on > today {
            return Err(problem(1, format!("{on} is in the future")));
        }
        if out.iter().any(|r| r.on == on) {
            return Err(problem(1, format!("a second reading on {on}")));
        }
        let value = parse_number(&cells[1])
            .ok_or_else(|| problem(2, format!("“{}” is not a number", cells[1].trim())))?;
        out.push(Reading {
            on,
            value,
            note: cells
                .get(2)
                .map(|s| s.trim().to_string())
                .unwrap_or_default(),
            by_self: false,
        });
    }
    out.sort_by_key(|r| r.on);
    Ok(out)
}

/// The readings as a file `parse_readings` reads back.
pub fn readings_csv(readings: &[Reading]) -> String {
    let mut sorted: Vec<&Reading> = readings.iter().collect();
    sorted.sort_by_key(|r| r.on);
    let mut out = String::from("date,value,note\n");
    for r in sorted {
        out.push_str(&format!("{},{},{}\n", r.on, r.value, csv_cell(&r.note)));
    }
    out
}

/// The cells of one line; a cell in double quotes may hold commas and `""` for a quote. Err:
/// the column of a quote left open.
fn split_line(line: &str) -> Result<Vec<String>, usize> {
    let mut cells = vec![];
    let mut cell = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    let mut opened_at = 0;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') if cell.trim().is_empty() => {
                quoted = true;
                opened_at = cells.len() + 1;
                cell.clear();
            }
            (false, ',') => cells.push(std::mem::take(&mut cell)),
            (false, c) => cell.push(c),
        }
    }
    if quoted {
        return Err(opened_at);
    }
    cells.push(cell);
    Ok(cells)
}
