//! Lead-lag analysis: does a leading indicator move with a lagging one some weeks later? The
//! readings are put in weeks (Monday to Sunday, the mean of each), and the Pearson correlation is
//! computed at each lag of 0 to `MAX_LAG_WEEKS` weeks. Deterministic, and it reports a pattern in
//! the team's own data, never a cause.
use crate::domain::dates::Date;
use crate::domain::self_report::week_of;

use super::{number, Reading};

/// Weeks in which both indicators have a reading, at a lag, before a correlation is reported.
pub const MIN_PAIRS: usize = 8;
/// The longest lag tried, in weeks.
pub const MAX_LAG_WEEKS: usize = 8;
/// Below this size of correlation the two are said not to move together.
pub const WEAK_R: f64 = 0.3;

/// The correlation at one lag.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AtLag {
    pub weeks: usize,
    /// Weeks with a reading of both (the leading one `weeks` earlier).
    pub pairs: usize,
    /// None below `MIN_PAIRS` pairs, or when either side never changes.
    pub r: Option<f64>,
}

/// The finding for one leading → lagging link.
#[derive(Clone, Debug, PartialEq)]
pub struct LeadLag {
    pub by_lag: Vec<AtLag>,
    /// The lag with the strongest correlation (by size), if any could be computed.
    pub best: Option<AtLag>,
}

/// Means per week (the Monday), oldest first.
pub fn weekly(readings: &[Reading]) -> Vec<(Date, f64)> {
    let mut weeks: Vec<(Date, f64, usize)> = vec![];
    let mut sorted: Vec<&Reading> = readings.iter().collect();
    sorted.sort_by_key(|r| r.on);
    for r in sorted {
        let monday = week_of(r.on);
        match weeks.last_mut() {
            Some((w, sum, n)) if *w == monday => {
                *sum += r.value;
                *n += 1;
            }
            _ => weeks.push((monday, r.value, 1)),
        }
    }
    weeks
        .into_iter()
        .map(|(w, sum, n)| (w, sum / n as f64))
        .collect()
}

/// Pearson's r of paired values; None when either side has no spread.
pub fn pearson(pairs: &[(f64, f64)]) -> Option<f64> {
    let n = pairs.len() as f64;
    if pairs.len() < 2 {
        return None;
    }
    let (mx, my) = pairs
        .iter()
        .fold((0.0, 0.0), |(a, b), (x, y)| (a + x / n, b + y / n));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in pairs {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    let spread = (sxx * syy).sqrt();
    (spread > 1e-12).then(|| (sxy / spread).clamp(-1.0, 1.0))
}

/// Correlates `leading` with `lagging` at each lag of 0 to `MAX_LAG_WEEKS` weeks.
pub fn analyse(leading: &[Reading], lagging: &[Reading]) -> LeadLag {
    let lead = weekly(leading);
    let lag = weekly(lagging);
    let by_lag: Vec<AtLag> = (0..=MAX_LAG_WEEKS)
        .map(|weeks| {
            let pairs: Vec<(f64, f64)> = lead
                .iter()
                .filter_map(|(w, x)| {
                    let later = w.add_days(7 * weeks as i64);
                    lag.iter().find(|(l, _)| *l == later).map(|(_, y)| (*x, *y))
                })
                .collect();
            AtLag {
                weeks,
                pairs: pairs.len(),
                r: (pairs.len() >= MIN_PAIRS)
                    .then(|| pearson(&pairs))
                    .flatten(),
            }
        })
        .collect();
    let best = by_lag
        .iter()
        .filter(|a| a.r.is_some())
        // The strongest; on a tie the shorter lag.
        .fold(None::<AtLag>, |best, a| match best {
            Some(b) if b.r.unwrap_or(0.0).abs() >= a.r.unwrap_or(0.0).abs() => Some(b),
            _ => Some(*a),
        });
    LeadLag { by_lag, best }
}

impl LeadLag {
    /// How many more weeks of both readings the best-placed lag needs before a finding, if none
    /// has enough yet.
    pub fn more_needed(&self) -> Option<usize> {
        if self.by_lag.iter().any(|a| a.r.is_some()) {
            return None;
        }
        let most = self.by_lag.iter().map(|a| a.pairs).max().unwrap_or(0);
        Some(MIN_PAIRS.saturating_sub(most).max(1))
    }

    /// The finding in words: "Calls made moved with Renewals 3 weeks later (r = 0.71 over 14
    /// weeks)." Always says it is a pattern, not a cause.
    pub fn words(&self, leading: &str, lagging: &str) -> String {
        const NOT_A_CAUSE: &str =
            "A pattern in your readings, not proof that one causes the other.";
        if let Some(more) = self.more_needed() {
            return format!(
                "Not enough readings yet: {more} more week{} with both “{leading}” and “{lagging}” (at least {MIN_PAIRS} in all).",
                if more == 1 { "" } else { "s" }
            );
        }
        let Some(best) = self.best else {
            return format!(
                "“{leading}” and “{lagging}” did not change over these weeks, so there is nothing to compare."
            );
        };
        let r = best.r.unwrap_or(0.0);
        if r.abs() < WEAK_R {
            return format!(
                "“{leading}” and “{lagging}” did not move together at any lag of 0 to {MAX_LAG_WEEKS} weeks (strongest r = {}). {NOT_A_CAUSE}",
                number(r)
            );
        }
        let when = match best.weeks {
            0 => "the same week".to_string(),
            1 => "1 week later".to_string(),
            n => format!("{n} weeks later"),
        };
        let how = if r > 0.0 {
            "moved with"
        } else {
            "moved against"
        };
        format!(
            "“{leading}” {how} “{lagging}” {when} (r = {} over {} weeks). {NOT_A_CAUSE}",
            number(r),
            best.pairs
        )
    }
}
